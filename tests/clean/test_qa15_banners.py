"""External-sender warning banners that mail gateways put above (or below) a client's mail (QA15 #8).

A banner is dropped as a whole line or paragraph at the top or the bottom of the sender's text, in
en, de, fr, es, it and nl (the languages QA15 found missing), and pt, sv, da, no and pl. A client sentence that only mentions something external, a sender or an
organisation is the client's own words and stays.
"""

from __future__ import annotations

import re
import textwrap

import pytest

import frictionscan as fs
from frictionscan.clean import extract_reply, html_to_text, split_reply_parts

CONTENT = "Anna, the VPN certificate expired last night and forty users are locked out again."

# one banner per language and wording, each as a gateway would prepend it (own wording, modelled on
# the Exchange Online / Proofpoint / Mimecast style: a label, "this mail comes from outside", advice)
BANNERS = {
    "nl_ms": "LET OP: Deze e-mail is afkomstig van buiten de organisatie. Klik niet op koppelingen en "
             "open geen bijlagen, tenzij u de afzender herkent en weet dat de inhoud veilig is.",
    "nl_extern": "[EXTERN] Dit bericht is verzonden door een externe afzender. Wees voorzichtig met "
                 "links en bijlagen.",
    "nl_waarschuwing": "WAARSCHUWING: Deze e-mail komt van buiten onze organisatie.",
    "de_ms": "VORSICHT: Diese E-Mail stammt von außerhalb der Organisation. Klicken Sie nicht auf Links "
             "und öffnen Sie keine Anhänge, es sei denn, Sie kennen den Absender und wissen, dass der "
             "Inhalt sicher ist.",
    "de_achtung": "ACHTUNG: Diese E-Mail stammt von einem externen Absender. Klicken Sie nicht auf Links.",
    "de_extern": "[EXTERN] Diese Nachricht wurde von außerhalb Ihres Unternehmens gesendet.",
    "es_ms": "PRECAUCIÓN: Este correo electrónico se originó fuera de la organización. No haga clic en "
             "vínculos ni abra archivos adjuntos a menos que reconozca al remitente y sepa que el "
             "contenido es seguro.",
    "es_remitente": "ATENCIÓN: Este mensaje proviene de un remitente externo. Tenga cuidado con los "
                    "enlaces.",
    "es_externo": "[EXTERNO] Este correo procede de fuera de su organización.",
    "it_ms": "ATTENZIONE: Questa email proviene dall'esterno dell'organizzazione. Non fare clic su "
             "collegamenti e non aprire allegati se non si riconosce il mittente.",
    "it_mittente": "[ESTERNO] Questo messaggio proviene da un mittente esterno, prestare attenzione "
                   "ad allegati e link.",
    "it_curly": "AVVISO: Questa e-mail ha avuto origine al di fuori dell’organizzazione.",
    "fr_source": "Ce courriel provient d'une source externe. Soyez prudent avec les liens et les "
                 "pièces jointes.",
    "fr_attention": "ATTENTION\u00a0: Ce message provient de l’extérieur de votre organisation. Ne "
                    "cliquez pas sur les liens si vous ne connaissez pas l'expéditeur.",
    "fr_expediteur": "[EXTERNE] Cet e-mail a été envoyé par un expéditeur externe.",
    "en_caution": "CAUTION: This email originated from outside of the organization. Do not click links "
                  "or open attachments unless you recognize the sender and know the content is safe.",
    "en_tag": "[EXTERNAL EMAIL] This message came from an external sender. Use caution with links.",
    "pt": "ATENÇÃO: Este e-mail foi enviado de fora da organização. Não clique em links nem abra anexos "
          "se não reconhecer o remetente.",
    "sv": "VARNING: Det här e-postmeddelandet kommer från utanför organisationen. Klicka inte på länkar.",
    "da": "ADVARSEL: Denne e-mail stammer fra en ekstern afsender. Klik ikke på links og åbn ikke "
          "vedhæftede filer.",
    "no": "[EKSTERN] Denne e-posten kommer fra utsiden av organisasjonen.",
    "pl": "UWAGA: Ta wiadomość pochodzi spoza organizacji. Nie klikaj w linki i nie otwieraj załączników.",
}


@pytest.mark.parametrize("key", sorted(BANNERS))
def test_banner_paragraph_at_the_top_is_dropped(key):
    body = f"{BANNERS[key]}\n\nHello Anna,\n\n{CONTENT}"
    assert split_reply_parts(body) == (f"Hello Anna,\n\n{CONTENT}", "", BANNERS[key])


@pytest.mark.parametrize("key", sorted(BANNERS))
def test_banner_paragraph_at_the_bottom_is_dropped(key):
    body = f"Hello Anna,\n\n{CONTENT}\n\n{BANNERS[key]}"
    assert extract_reply(body) == f"Hello Anna,\n\n{CONTENT}"


@pytest.mark.parametrize("key", sorted(BANNERS))
@pytest.mark.parametrize("width", [40, 56, 66, 72, 76])
def test_banner_hard_wrapped_over_several_lines_is_dropped(key, width):
    wrapped = "\n".join(textwrap.wrap(BANNERS[key], width))
    assert extract_reply(f"{wrapped}\n\n{CONTENT}") == CONTENT
    assert extract_reply(f"{wrapped}\nHello Anna,\n\n{CONTENT}") == f"Hello Anna,\n\n{CONTENT}"


def test_banner_label_on_its_own_line_goes_with_the_sentence_under_it():
    body = "LET OP:\nDeze e-mail is afkomstig van buiten de organisatie.\n\n" + CONTENT
    assert extract_reply(body) == CONTENT


def test_a_bare_external_tag_line_above_the_text_is_dropped():
    assert extract_reply(f"[EXTERNAL]\nHello Anna,\n\n{CONTENT}") == f"Hello Anna,\n\n{CONTENT}"
    assert extract_reply(f"[EXTERN]\n\n{CONTENT}") == CONTENT


def test_the_qa15_dutch_banner_is_dropped():
    body = ("LET OP: Deze e-mail is afkomstig van buiten de organisatie. Klik niet op koppelingen en open "
            "geen bijlagen, tenzij u de afzender herkent.\n\nAnna, the certificate expired.")
    assert fs.extract_reply(body) == "Anna, the certificate expired."


# ---------------------------------------------------------------- HTML mail, after html_to_text

def _outlook_html(banner: str, body_html: str, *, bottom: bool = False) -> str:
    label, _, sentence = banner.partition(": ")
    cell = (f'<table border="0" cellspacing="0" width="100%" style="border:1px solid #9C6500">'
            f'<tr><td style="background:#FFEB9C;padding:4pt"><span style="color:#9C6500">'
            f'<b>{label}:</b> {sentence}</span></td></tr></table>')
    div = f'<div class="WordSection1">{body_html}</div>'
    return f"<html><head><style>p{{margin:0}}</style></head><body>{div + cell if bottom else cell + div}</body></html>"


HTML_BODY = ('<p class="MsoNormal">Hallo Anna,</p><p class="MsoNormal">&nbsp;</p>'
             f'<p class="MsoNormal">{CONTENT}</p>')


@pytest.mark.parametrize("key", ["nl_ms", "de_ms", "es_ms", "it_ms", "fr_attention", "en_caution"])
def test_html_banner_table_above_the_text_is_dropped(key):
    html = _outlook_html(BANNERS[key], HTML_BODY)
    rendered = html_to_text(html)
    assert rendered.split("\n")[1] == "Hallo Anna,"  # the banner and the greeting share a paragraph
    assert extract_reply(html, html=True) == f"Hallo Anna,\n\n{CONTENT}"


@pytest.mark.parametrize("key", ["nl_ms", "de_ms", "es_ms", "it_ms", "fr_attention", "en_caution"])
def test_html_banner_table_below_the_text_is_dropped(key):
    html = _outlook_html(BANNERS[key], f"<p>{CONTENT}</p>", bottom=True)
    assert extract_reply(html, html=True) == CONTENT


def test_html_banner_in_a_div_with_a_learn_more_line_is_dropped():
    html = ('<div style="border:2px solid #c00"><p><strong>[EXTERN]</strong> Deze e-mail is afkomstig van '
            'een externe afzender.</p><p><a href="https://aka.example/leer">Meer informatie</a> over '
            'phishing</p></div><div><p>Beste Anna,</p><p>De back-up is weer mislukt.</p></div>')
    assert extract_reply(html, html=True) == "Beste Anna,\nDe back-up is weer mislukt."


def test_dutch_banner_in_an_eml_is_not_scored_as_the_clients_words(tmp_path):
    eml = tmp_path / "banner.eml"
    eml.write_bytes(
        b"From: Joost Vos <j.vos@client.example>\r\nTo: anna@vendor.example\r\nSubject: Certificaat\r\n"
        b"Date: Mon, 14 Apr 2025 08:00:00 +0200\r\nMessage-ID: <b1@client.example>\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        b"LET OP: Deze e-mail is afkomstig van buiten de organisatie. Klik niet op ko=\r\n"
        b"ppelingen en open geen bijlagen, tenzij u de afzender herkent.\r\n\r\n"
        b"Anna, het certificaat is verlopen.\r\n"
    )
    df = fs.read(eml, internal_domains=["vendor.example"])
    assert df["text"].tolist() == ["Anna, het certificaat is verlopen."]


# ---------------------------------------------------------------- real content stays

CLIENT_SENTENCES = [
    # mentions of outside / external / organisation in the client's own words, first paragraph
    "Our external auditor says the certificate was issued outside the organisation's own CA.",
    "Wir haben eine Mail von einem externen Absender bekommen, die Ihr Filter blockiert hat.",
    "Ik kreeg een e-mail van buiten de organisatie die jullie filter niet tegenhield.",
    "I told my team: do not click links in that invoice mail until you have checked it.",
    "This email came from outside your organisation because I sent it from my private address.",
    "Attention: la facture externe de mars n'est toujours pas payée.",
    "ATENCIÓN: el servidor externo lleva caído desde el lunes.",
    "Attenzione: il fornitore esterno non ha ancora consegnato.",
    "External audit: the report is due Friday and we still have no logs from you.",
    "Caution: the migration broke the shared calendars of the whole organization.",
    "Questa email proviene dal mio indirizzo privato perché il vostro server è giù.",
    "This mail was sent from an external account because our server is down.",
    "Deze e-mail komt van buiten de organisatie omdat onze server plat ligt.",
    "Diese E-Mail kommt von außerhalb, sorry, unser Server ist seit gestern tot.",
]


@pytest.mark.parametrize("sentence", CLIENT_SENTENCES)
def test_a_client_sentence_about_outside_or_external_stays_at_the_top(sentence):
    body = f"{sentence}\n\n{CONTENT}"
    assert extract_reply(body) == body


@pytest.mark.parametrize("sentence", CLIENT_SENTENCES)
def test_a_client_sentence_about_outside_or_external_stays_at_the_bottom(sentence):
    body = f"{CONTENT}\n\n{sentence}"
    assert extract_reply(body) == body


def test_content_on_the_line_under_a_one_line_banner_stays():
    body = ("CAUTION: This email originated from outside of the organization.\n"
            "Unless you fix the export by Friday we will cancel the contract.\n"
            "Please call me today.")
    assert extract_reply(body) == ("Unless you fix the export by Friday we will cancel the contract.\n"
                                   "Please call me today.")


def test_a_banner_sentence_in_the_middle_of_the_text_stays():
    body = (f"{CONTENT}\n\nDiese E-Mail stammt von außerhalb der Organisation, schreibt Ihr Filter.\n\n"
            "Bitte rufen Sie mich heute an, es eilt wirklich sehr.")
    assert extract_reply(body) == body


@pytest.mark.parametrize("line", ["The server is down again.", "Unacceptable", "Der Server ist wieder ausgefallen."])
def test_an_unfinished_banner_line_does_not_swallow_the_senders_line_under_it(line):
    banner = "[EXTERNAL] This email originated from outside of the organization"
    assert extract_reply(f"{banner}\n{line}\n\nFix it today.") == f"{line}\n\nFix it today."


def test_a_message_that_is_only_a_banner_is_kept():
    body = "[EXTERNAL] This email originated from outside the organization."
    assert extract_reply(body) == body


@pytest.mark.parametrize("key", sorted(BANNERS))
def test_banner_removal_loses_no_word_and_is_idempotent(key):
    body = f"{BANNERS[key]}\n\nHello Anna,\n\n{CONTENT}\n\nMet vriendelijke groet,\nJoost Vos"
    text, quoted, dropped = split_reply_parts(body)
    words = set(re.findall(r"\w+", body))
    assert words <= set(re.findall(r"\w+", f"{text} {quoted} {dropped}"))
    assert extract_reply(text) == text == f"Hello Anna,\n\n{CONTENT}"
