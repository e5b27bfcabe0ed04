"""One focused test per rule of the reply splitter (what is removed, what must survive)."""

from __future__ import annotations

import pytest

import frictionscan as fs
from frictionscan.clean import extract_reply, split_reply, split_reply_parts

# ---------------------------------------------------------------- attributions ("On ... wrote:")

ATTRIBUTIONS = {
    "en": "On Mon, 3 Mar 2025 at 10:12, Ann Lee <ann@x.example> wrote:",
    "de": "Am Mo., 3. März 2025 um 10:12 Uhr schrieb Ann Lee <ann@x.example>:",
    "de_apple": "Am 03.03.2025 um 10:12 schrieb Ann Lee <ann@x.example>:",
    "fr": "Le lun. 3 mars 2025 à 10:12, Ann Lee <ann@x.example> a écrit :",
    "es": "El lun, 3 mar 2025 a las 10:12, Ann Lee (<ann@x.example>) escribió:",
    "it": "Il giorno lun 3 mar 2025 alle ore 10:12 Ann Lee <ann@x.example> ha scritto:",
    "nl": "Op ma 3 mrt 2025 om 10:12 schreef Ann Lee <ann@x.example>:",
    "pt": "Em seg., 3 de mar. de 2025 às 10:12, Ann Lee <ann@x.example> escreveu:",
    "sv": "Den mån 3 mars 2025 kl 10:12 skrev Ann Lee <ann@x.example>:",
    "da": "Den man. 3. mar. 2025 kl. 10.12 skrev Ann Lee <ann@x.example>:",
    "no": "man. 3. mar. 2025 kl. 10:12 skrev Ann Lee <ann@x.example>:",
    "pl": "W dniu pon., 3 mar 2025 o 10:12 Ann Lee <ann@x.example> napisał(a):",
    "pl_thunderbird": "W dniu 03.03.2025 o 10:12, Ann Lee pisze:",
}


@pytest.mark.parametrize("lang", sorted(ATTRIBUTIONS))
def test_attribution_line_starts_the_quoted_history_in_every_language(lang):
    body = f"My answer.\n\n{ATTRIBUTIONS[lang]}\n> the question"
    text, quoted = split_reply(body)
    assert text == "My answer."
    assert quoted.startswith(ATTRIBUTIONS[lang]) and quoted.endswith("> the question")


@pytest.mark.parametrize("lang", sorted(ATTRIBUTIONS))
def test_attribution_cuts_even_when_the_history_is_not_prefixed(lang):
    body = f"My answer.\n\n{ATTRIBUTIONS[lang]}\n\nthe question, not quoted"
    assert extract_reply(body) == "My answer."


def test_attribution_wrapped_over_two_lines_is_recognised():
    body = "Fine.\n\nOn Tue, Mar 4, 2025 at 9:02 AM Ann Lee <\nann@x.example> wrote:\n\n> Ok?"
    assert split_reply(body) == ("Fine.", "On Tue, Mar 4, 2025 at 9:02 AM Ann Lee <\nann@x.example> wrote:\n\n> Ok?")


def test_attribution_wrapped_over_three_lines_is_recognised():
    body = "Fine.\n\nOn Tue, Mar 4, 2025 at 9:02 AM\nAnn Lee from Accounts Payable\n<ann@x.example> wrote:\n> Ok?"
    assert extract_reply(body) == "Fine."


def test_bare_name_wrote_counts_only_when_quoted_lines_follow():
    assert extract_reply("Agreed.\n\nAnn wrote:\n> Ship it?") == "Agreed."
    body = "Here is what the customer wrote:\nthe app crashes on login"
    assert extract_reply(body) == body


def test_a_sentence_mentioning_wrote_is_not_an_attribution():
    body = "On Monday you wrote that it would be fixed. It is not fixed."
    assert extract_reply(body) == body


# ---------------------------------------------------------------- > quotes

def test_quoted_lines_are_removed_and_kept_in_quoted_text():
    text, quoted = split_reply("> can you call me?\nYes, at 3pm.")
    assert text == "Yes, at 3pm."
    assert quoted == "> can you call me?"


def test_inline_answers_between_quotes_are_the_senders_words():
    body = (
        "See below.\n\nOn Mon, 3 Mar 2025, Ann <a@x.example> wrote:\n> Date?\nFriday.\n"
        "> Budget?\n\nApproved.\n"
    )
    text, quoted = split_reply(body)
    assert text == "See below.\n\nFriday.\n\nApproved."
    assert "> Date?" in quoted and "> Budget?" in quoted


def test_lazy_wrapped_continuation_of_a_quote_stays_quoted():
    body = "Ok.\n\n> The shipment will leave the warehouse on\nmonday morning if customs\n> clears it."
    assert extract_reply(body) == "Ok."


def test_nested_quotes_are_all_history():
    body = "Closing this.\n\n> > > old\n>> older\n> newer"
    assert extract_reply(body) == "Closing this."


# ---------------------------------------------------------------- Outlook headers and banners

@pytest.mark.parametrize(
    "header",
    [
        "From: Ann\nSent: Monday, March 3, 2025 10:12\nTo: Bob\nSubject: RE: x",
        "*From:* Ann\n*Sent:* Monday\n*To:* Bob\n*Subject:* RE: x",
        "Von: Ann\nGesendet: Montag, 3. März 2025 10:12\nAn: Bob\nBetreff: AW: x",
        "De : Ann\nEnvoyé : lundi 3 mars 2025 10:12\nÀ : Bob\nObjet : RE: x",
        "De: Ann\nEnviado: lunes, 3 de marzo de 2025 10:12\nPara: Bob\nAsunto: RE: x",
        "Da: Ann\nInviato: lunedì 3 marzo 2025 10:12\nA: Bob\nOggetto: R: x",
        "Van: Ann\nVerzonden: maandag 3 maart 2025 10:12\nAan: Bob\nOnderwerp: RE: x",
        "De: Ann\nEnviado: segunda-feira, 3 de março de 2025 10:12\nPara: Bob\nAssunto: RE: x",
        "Från: Ann\nSkickat: den 3 mars 2025 10:12\nTill: Bob\nÄmne: SV: x",
        "Fra: Ann\nSendt: 3. marts 2025 10:12\nTil: Bob\nEmne: SV: x",
        "Od: Ann\nWysłano: poniedziałek, 3 marca 2025 10:12\nDo: Bob\nTemat: RE: x",
        "From: Ann Sent: Monday, March 3, 2025 10:12 To: Bob Subject: RE: x",
    ],
    ids=["en", "en_bold", "de", "fr", "es", "it", "nl", "pt", "sv", "da", "pl", "one_line"],
)
def test_outlook_header_block_starts_the_history(header):
    text, quoted = split_reply(f"Please call me.\n\n{header}\n\nthe original message")
    assert text == "Please call me."
    assert quoted.endswith("the original message")


def test_two_header_like_lines_in_a_message_are_not_a_header_block():
    body = "Agenda for Monday:\nTo: all staff\nSubject: the Q2 budget\nPlease come prepared."
    assert extract_reply(body) == body


@pytest.mark.parametrize(
    "banner",
    [
        "-----Original Message-----", "-----Ursprüngliche Nachricht-----", "-----Message d'origine-----",
        "-----Mensaje original-----", "-----Messaggio originale-----", "-----Oorspronkelijk bericht-----",
        "-----Mensagem original-----", "---------- Forwarded message ---------",
        "-------- Weitergeleitete Nachricht --------", "-------- Message transféré --------",
        "---------- Mensaje reenviado ---------", "---------- Messaggio inoltrato ---------",
        "Begin forwarded message:", "Anfang der weitergeleiteten Nachricht:",
        "Début du message réexpédié :", "Inicio del mensaje reenviado:",
    ],
)
def test_original_message_and_forward_banners_start_the_history(banner):
    text, quoted = split_reply(f"FYI, see below.\n\n{banner}\nsomething the sender did not write")
    assert text == "FYI, see below."
    assert quoted.startswith(banner)


def test_forward_keeps_the_senders_note_and_moves_the_forwarded_mail_to_quoted_text():
    body = "Can you handle this?\n\n---------- Forwarded message ---------\nFrom: C <c@x.example>\n\nWhere is my refund?"
    text, quoted = split_reply(body)
    assert text == "Can you handle this?"
    assert "Where is my refund?" in quoted


def test_underscore_separator_above_outlook_header_goes_to_quoted_text():
    body = "Ok.\n\n________________________________\nFrom: A\nSent: Mon\nTo: B\nSubject: x\n\nold"
    text, quoted = split_reply(body)
    assert text == "Ok." and quoted.startswith("____")


# ---------------------------------------------------------------- signatures and closings

def test_dash_dash_space_delimiter_drops_the_signature():
    text, quoted, dropped = split_reply_parts("Done.\n-- \nAnn Lee\nACME")
    assert (text, quoted, dropped) == ("Done.", "", "-- \nAnn Lee\nACME")


@pytest.mark.parametrize(
    "line",
    [
        "Sent from my iPhone", "Sent from my iPad", "Get Outlook for iOS", "Get Outlook for Android",
        "Sent from Outlook for Android", "Sent from my Samsung Galaxy smartphone.",
        "Sent from Yahoo Mail for iPhone", "Von meinem iPhone gesendet", "Gesendet von meinem iPhone",
        "Envoyé de mon iPhone", "Enviado desde mi iPhone", "Inviato da iPhone",
        "Verzonden vanaf mijn iPhone", "Enviado do meu iPhone", "Skickat från min iPhone",
        "Sendt fra min iPhone", "Wysłane z mojego iPhone'a",
    ],
)
def test_sent_from_my_device_lines_are_dropped(line):
    assert extract_reply(f"On my way.\n\n{line}") == "On my way."


@pytest.mark.parametrize(
    "closing",
    [
        "Best regards,", "Kind regards", "Regards,", "Thanks,", "Thank you,", "Many thanks,", "Cheers,",
        "Best,", "Sincerely,", "Mit freundlichen Grüßen", "Viele Grüße", "LG", "Cordialement,",
        "Bien à vous,", "Un saludo,", "Atentamente,", "Cordiali saluti,", "Met vriendelijke groet,",
        "Atenciosamente,", "Med vänliga hälsningar", "Venlig hilsen", "Med vennlig hilsen", "Pozdrawiam,",
    ],
)
def test_closing_and_the_signature_block_after_it_are_dropped(closing):
    body = f"The invoice is wrong again.\n\n{closing}\nAnn Lee\nHead of Finance\n+44 20 7946 0000"
    text, _, dropped = split_reply_parts(body)
    assert text == "The invoice is wrong again."
    assert dropped.startswith(closing)


def test_closing_with_name_on_the_same_line_is_dropped():
    assert extract_reply("Please fix it.\n\nThanks, Ravi") == "Please fix it."


def test_a_sentence_starting_like_a_closing_is_content():
    body = "Thanks for fixing the export so quickly, it saved our audit."
    assert extract_reply(body) == body
    body = "The export works now.\n\nThanks, I will tell the team."
    assert extract_reply(body) == body


def test_a_closing_followed_by_prose_is_not_a_signature():
    body = (
        "Hi Ann,\n\nThanks,\n\nwe received the parts but two of the boxes were damaged in transit and "
        "the driver refused to note it on the delivery slip."
    )
    assert extract_reply(body) == body


def test_a_message_that_is_only_thanks_keeps_it():
    assert extract_reply("Thanks!") == "Thanks!"


def test_ps_after_the_signature_is_kept():
    body = "Approved.\n\nBest,\nAnn\n\nP.S. The invoice goes to ap@x.example."
    assert extract_reply(body) == "Approved.\n\nP.S. The invoice goes to ap@x.example."


def test_sender_name_line_starts_the_signature_when_sender_is_given():
    body = "We need the report today.\n\nAnn Lee\nFinance"
    assert extract_reply(body, sender="Ann Lee <ann.lee@x.example>") == "We need the report today."


def test_sender_first_name_alone_is_dropped():
    body = "We need the report today.\nAnn"
    assert extract_reply(body, sender="ann.lee@x.example") == "We need the report today."
    # without a sender, a capitalised word under a finished sentence is still taken as a name...
    assert extract_reply(body) == "We need the report today."
    # ...but not a common reply word, nor a word that continues the sentence above
    assert extract_reply("I checked the logs.\nConfirmed") == "I checked the logs.\nConfirmed"
    assert extract_reply("Please send it to\nMarketing") == "Please send it to\nMarketing"


@pytest.mark.parametrize("last", ["Unacceptable.", "Disappointed.", "Again.", "Escalating.", "Ridiculous"])
def test_a_one_word_last_paragraph_that_is_not_the_known_senders_name_is_kept(last):
    body = f"Hi Bob,\n\nThe export failed again, for the fourth night in a row.\n\n{last}\n"
    kept = f"Hi Bob,\n\nThe export failed again, for the fourth night in a row.\n\n{last}"
    assert extract_reply(body, sender="Ann Smith <ann@acme.com>") == kept
    # the sender's own first name, or a short form of it, still signs the mail
    for name in ("Ann", "Annie"):
        assert extract_reply(f"Hi Bob,\n\nThe export failed.\n\n{name}\n", sender="Ann Smith <ann@acme.com>") \
            == "Hi Bob,\n\nThe export failed."


@pytest.mark.parametrize("signature", [
    "Ann Lee, PhD\nHead of Operations",
    "Ann Lee (she/her)\nHead of Operations",
    "Ann Lee, CPA\nController\n+1 415 555 0100",
    "Ann Lee, CPA, CFA (she/her)\nHead of Finance",
    "Ann Lee, Jr.\nHead of Operations",
    "Best regards, Ann Lee, PhD\nHead of Operations",
])
def test_a_name_line_with_post_nominals_or_pronouns_still_starts_the_signature(signature):
    body = f"The export failed again.\n\n{signature}"
    assert split_reply_parts(body, sender="Ann Lee <ann@client.com>")[0] == "The export failed again."
    assert extract_reply(body) == "The export failed again."


def test_a_sender_whose_display_name_carries_post_nominals_is_not_read_as_last_comma_first():
    body = "The export failed again.\n\nAnn Lee, PhD"
    assert extract_reply(body, sender='"Ann Lee, PhD" <ann@client.com>') == "The export failed again."


@pytest.mark.parametrize("last", [
    "Ann Lee, thanks for this",
    "Ann Lee, PhD student, asked the same",
    "Ann Lee (see the attachment)\nHead of Operations asked too.",
    "Ann Lee, MDs and nurses\nHead of Operations",
    "New Bedford, MA",  # a place and a state code, not a name with a degree
])
def test_a_sentence_that_starts_with_the_senders_name_is_not_a_signature(last):
    body = f"The export failed again.\n\n{last}"
    assert split_reply_parts(body, sender="Ann Lee <ann@client.com>")[0] == body


def test_contact_block_without_closing_is_dropped():
    body = "Please escalate.\n\nSam Reyes\nHead of IT, Clearwater\nTel: +1 212 555 0198"
    assert extract_reply(body) == "Please escalate."


def test_a_short_list_after_content_is_not_mistaken_for_a_signature():
    body = "Two options:\n\nOption A\nOption B"
    assert extract_reply(body) == body


# ---------------------------------------------------------------- disclaimers and banners

@pytest.mark.parametrize(
    "disclaimer",
    [
        "This email and any attachments are confidential and intended solely for the addressee.",
        "CONFIDENTIALITY NOTICE: This message may contain privileged information.",
        "If you are not the intended recipient, please delete this message.",
        "Please consider the environment before printing this email.",
        "Diese E-Mail enthält vertrauliche und/oder rechtlich geschützte Informationen.",
        "Ce message et toutes les pièces jointes sont confidentiels.",
        "Este mensaje y sus anexos es confidencial.",
        "Questo messaggio contiene informazioni riservate.",
        "Dit bericht is vertrouwelijk.",
        "Esta mensagem é confidencial.",
    ],
)
def test_legal_disclaimer_paragraph_is_dropped(disclaimer):
    text, _, dropped = split_reply_parts(f"See attached.\n\n{disclaimer}")
    assert text == "See attached."
    assert dropped == disclaimer


def test_a_disclaimer_without_a_blank_line_above_it_is_dropped_from_html_and_plain_text():
    legal = ("This email and any files transmitted with it are confidential and intended solely for the "
             "use of the individual or entity to whom they are addressed.")
    for body, html in ((f"<p>See the ticket, it has been open 3 weeks.</p><p>{legal}</p>", True),
                       (f"See the ticket, it has been open 3 weeks.\n{legal}", False)):
        assert extract_reply(body, html=html) == "See the ticket, it has been open 3 weeks."
    # one disclaimer-like phrase in the sender's own sentence is not a disclaimer
    own = "Hi,\nI received this email in error and the file is missing, is that intended for finance?\nPlease fix."
    assert extract_reply(own) == own


def test_external_sender_banner_at_the_top_is_dropped():
    body = "[EXTERNAL] This email originated from outside the organization.\n\nWhere is my order?"
    assert extract_reply(body) == "Where is my order?"


# ---------------------------------------------------------------- HTML containers

@pytest.mark.parametrize(
    "container",
    [
        '<div class="gmail_quote">On Mon, Ann wrote:<blockquote class="gmail_quote">old</blockquote></div>',
        '<blockquote type="cite">old</blockquote>',
        '<div id="appendonsend"></div><hr><div id="divRplyFwdMsg"><b>From:</b> A</div><div>old</div>',
        '<div class="OutlookMessageHeader">From: A</div><p>old</p>',
        '<div class="yahoo_quoted"><div>On Monday, Ann wrote:</div><div>old</div></div>',
        '<div class="moz-cite-prefix">On 03.03.25 10:12, Ann wrote:<br></div><blockquote type="cite">old</blockquote>',
        '<div class="moz-forward-container">-------- Forwarded Message --------<p>old</p></div>',
    ],
    ids=["gmail", "apple_cite", "outlook_web", "outlook_header", "yahoo", "thunderbird", "tb_forward"],
)
def test_html_reply_containers_are_history(container):
    text, quoted = split_reply(f"<div>New words.</div>{container}", html=True)
    assert text == "New words."
    assert "old" in quoted


def test_html_signature_containers_are_dropped():
    body = '<div>Confirmed.</div><div class="gmail_signature">Ann Lee<br>ACME</div>'
    assert extract_reply(body, html=True) == "Confirmed."


def test_html_markup_cannot_forge_an_internal_marker():
    body = "<div>keep \x0f this</div><div>\x11</div><div>and\x0e this</div>"
    assert extract_reply(body, html=True) == "keep this\nand this"


# ---------------------------------------------------------------- API

def test_public_extract_reply_is_the_clean_function():
    assert fs.extract_reply is extract_reply


def test_none_and_bytes_bodies_do_not_raise():
    assert split_reply(None) == ("", "")  # type: ignore[arg-type]
    assert extract_reply(b"ok\n> quoted") == "ok"  # type: ignore[arg-type]


def test_crlf_line_endings_are_handled():
    assert extract_reply("Yes.\r\n\r\nOn Mon, 3 Mar 2025, A <a@x.example> wrote:\r\n> Ok?") == "Yes."


def test_one_line_name_title_company_signature_is_dropped():
    body = "Great, thanks.\n\nFelix Park | BI Manager | Orla Retail"
    assert extract_reply(body) == "Great, thanks."
    assert extract_reply("Options:\n\nA | B | C") == "Options:\n\nA | B | C"


def test_sender_given_as_last_name_comma_first_name_is_recognised():
    body = "Please resend the file.\n\nPark, Felix"
    assert extract_reply(body, sender='"Park, Felix" <felix.park@x.example>') == "Please resend the file."


def test_plain_text_cannot_forge_an_internal_marker():
    assert extract_reply("keep\n\x0f\nthis\n\x11\nand this") == "keep\n\nthis\n\nand this"


def test_many_interleaved_runs_keep_every_answer_in_order():
    body = "".join(f"> question {i}?\n\nAnswer {i}.\n\n" for i in range(300))
    text, quoted = split_reply(body)
    assert text.split("\n\n") == [f"Answer {i}." for i in range(300)]
    assert quoted.count("> question") == 300


# ---------------------------------------------------------------- CJK Outlook header blocks


@pytest.mark.parametrize("colon", [": ", "：", "： "])
@pytest.mark.parametrize("keys", [
    ("差出人", "送信日時", "宛先", "件名"),  # ja
    ("发件人", "发送时间", "收件人", "主题"),  # zh simplified
    ("寄件者", "寄件日期", "收件者", "主旨"),  # zh traditional
])
def test_cjk_outlook_header_block_starts_the_history(keys, colon):
    frm, sent, to, subj = keys
    body = (f"荷物は明日届きます。\n\n{frm}{colon}Chen Bo <chen@shop.example>\n"
            f"{sent}{colon}2026/10/05 9:30\n{to}{colon}Mori Aki <mori@kobo.example>\n"
            f"{subj}{colon}RE: 配送\n\n前のメッセージ")
    text, quoted = split_reply(body)
    assert text == "荷物は明日届きます。"
    assert quoted.startswith(frm) and quoted.endswith("前のメッセージ")


def test_a_single_cjk_subject_line_in_the_text_is_not_a_header_block():
    body = "件名：来月の請求書について\n金額を確認してください。"
    assert extract_reply(body) == body


# ---------------------------------------------------------------- CJK closings and signatures


@pytest.mark.parametrize("closing", [
    "よろしくお願いいたします。", "よろしくお願いします", "引き続きよろしくお願いいたします。",
    "谢谢，", "谢谢！", "謝謝，", "此致", "祝好！",
])
def test_cjk_closing_drops_itself_and_the_signature_under_it(closing):
    body = f"請求書を再発行してください。\n\n{closing}\n陳 美玲\n営業二課"
    text, _, dropped = split_reply_parts(body)
    assert text == "請求書を再発行してください。"
    assert dropped.startswith(closing) and dropped.endswith("営業二課")


def test_chinese_formal_closing_over_two_lines_is_dropped():
    body = "合同已经签好，明天寄出。\n\n此致\n敬礼\n周建国"
    assert extract_reply(body) == "合同已经签好，明天寄出。"


def test_cjk_sentence_that_starts_with_thanks_is_kept():
    body = "谢谢你们昨天的快速处理，问题已经解决了。"
    assert extract_reply(body) == body


def test_short_cjk_name_alone_in_the_last_paragraph_is_a_signature():
    assert extract_reply("明天下午三点开会。\n\n赵 敏") == "明天下午三点开会。"
    assert extract_reply("明天下午三点开会。\n\n赵敏") == "明天下午三点开会。"


def test_short_cjk_acknowledgement_in_the_last_paragraph_is_not_a_name():
    assert extract_reply("报告看过了。\n\n没问题") == "报告看过了。\n\n没问题"


def test_signature_framed_by_long_dash_lines_at_the_end_is_dropped():
    body = ("The replacement part ships on Friday.\n\n------------------------\n"
            "Ivo Marek\nSupport Desk, Brnoflex\n------------------------")
    text, _, dropped = split_reply_parts(body)
    assert text == "The replacement part ships on Friday."
    assert dropped.startswith("----") and "Ivo Marek" in dropped


def test_dash_line_opening_a_contact_block_at_the_end_is_dropped():
    body = "予定通り進めます。\n\n====================\n森 一郎\nTEL: 06-5555-0101"
    assert extract_reply(body) == "予定通り進めます。"


def test_dash_line_above_ordinary_text_is_kept():
    body = "Steps so far:\n\n----------\nrestarted the router twice"
    assert extract_reply(body) == body


# ---------------------------------------------------------------- attribution without a verb


@pytest.mark.parametrize("attr", [
    "2026年3月2日(月) 9:05 小林 健 <kobayashi@tokai.example>:",
    "2026年3月2日(月) 9:05 小林 健 <kobayashi@tokai.example>：",
    "2026/03/02 9:05 Ken Kobayashi < kobayashi@tokai.example >:",
])
def test_date_and_address_line_ending_in_a_colon_before_quoted_lines_is_an_attribution(attr):
    body = f"承知しました。金曜日に伺います。\n\n{attr}\n\n> 金曜日のご都合はいかがですか。"
    text, quoted = split_reply(body)
    assert text == "承知しました。金曜日に伺います。"
    assert quoted.startswith(attr)


def test_date_and_address_line_without_quoted_lines_after_it_is_kept():
    body = "Please write to the new desk from 2026-03-02 on <desk@tokai.example>:\nthey answer within a day."
    assert extract_reply(body) == body


# ---------------------------------------------------------------- common closings per language

COMMON_CLOSINGS = [
    "Un cordial saludo,", "Cordiales saludos,", "Un saludo,", "Reciba un cordial saludo,",
    "Un abrazo,", "Cordiali saluti,", "Un saluto,", "Saluti cordiali,", "Buona giornata,",
    "Atenciosamente,", "Cumprimentos,", "Melhores cumprimentos,", "Um abraço,",
    "Met vriendelijke groet,", "Met hartelijke groet,", "Groetjes,", "Beste Grüße,",
    "Schöne Grüße,", "Mit besten Grüßen,", "Bien à vous,", "Belle journée,", "Bonne soirée,",
    "Très cordialement,",
]


@pytest.mark.parametrize("closing", COMMON_CLOSINGS)
def test_common_closing_drops_itself_and_the_contact_block_under_it(closing):
    body = f"Zie bijlage voor de nieuwe offerte.\n\n{closing}\n\nRoos Verhagen\nInkoop\nTel. 010 555 0199"
    text, _, dropped = split_reply_parts(body)
    assert text == "Zie bijlage voor de nieuwe offerte."
    assert dropped.startswith(closing) and dropped.endswith("0199")


@pytest.mark.parametrize("sentence", [
    "Un saludo a todo el equipo de soporte, que nos ayudó mucho esta semana.",
    "Bonne soirée à vous aussi, et merci encore pour le correctif.",
    "Alles Gute zum Jubiläum, das Paket ist schon unterwegs.",
])
def test_sentence_that_only_starts_like_a_closing_is_kept(sentence):
    body = f"Erledigt.\n\n{sentence}"
    assert extract_reply(body) == body


# ---------------------------------------------------------------- mail-app signature lines


@pytest.mark.parametrize("line", [
    "Sent via Superhuman ( https://sprh.mn/?vip=pia@orbit.example )", "Sent via Superhuman",
    "Sent with Spark", "Sent from BlueMail", "Sent using Airmail", "Sent from HEY",
    "Get Outlook for iOS", "Get Outlook for Android", "Sent from Mail for Windows",
    "Envoyé de mon iPhone", "Enviado desde mi Android",
])
def test_mail_app_signature_line_is_dropped(line):
    body = f"The revised invoice is fine, please go ahead.\n\n{line}"
    text, _, dropped = split_reply_parts(body)
    assert text == "The revised invoice is fine, please go ahead."
    assert dropped == line


def test_sentence_that_starts_like_an_app_line_is_kept():
    body = "Ok.\n\nSent with spark plugs from the old batch, which failed the test again."
    assert extract_reply(body) == body


# ---------------------------------------------------------------- mailing-list footers


def test_mailman_footer_is_dropped_like_a_disclaimer():
    body = ("Rebuilding the index fixed it on our side too.\n\n"
            "Oskar\n\n"
            "_______________________________________________\n"
            "geo-users mailing list\n"
            "geo-users@lists.mapkit.example\n"
            "https://lists.mapkit.example/mailman/listinfo/geo-users")
    text, _, dropped = split_reply_parts(body)
    assert text == "Rebuilding the index fixed it on our side too."
    assert "listinfo" in dropped and "Oskar" in dropped


def test_mailman_footer_with_the_separator_in_its_own_paragraph_is_dropped_whole():
    body = ("Patch attached.\n\nThanks for the quick review.\n\n"
            "________________\n\n"
            "tooling-dev mailing list\n"
            "To unsubscribe send an email to tooling-dev-leave@lists.example")
    assert extract_reply(body) == "Patch attached.\n\nThanks for the quick review."


def test_google_groups_footer_is_dropped():
    body = ("Version 4.2 has the fix.\n\nMore details in the changelog.\n\n"
            "--\nYou received this message because you are subscribed to the Google Groups "
            "\"lens-dev\" group.")
    assert extract_reply(body) == "Version 4.2 has the fix.\n\nMore details in the changelog."


def test_a_request_about_the_mailing_list_is_kept():
    body = ("Hello,\n\nPlease take me off the newsletter mailing list\n"
            "the unsubscribe link in your last mail gives an error.")
    assert extract_reply(body) == body
