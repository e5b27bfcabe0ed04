"""External-banner rules must never take a client's own sentence (QA15v #6, #7).

A line that opens like a gateway banner ("Uwaga: ta wiadomość pochodzi spoza ...") but gives a reason
("bo", "because", "weil" ...) or tells the reader that something of theirs does not work is the
sender's, at the top and at the bottom of the text. A banner on the same line as the client's text
loses only the banner, and a P.S. under a bottom banner stays.
"""

from __future__ import annotations

import pytest

from frictionscan.clean import extract_reply

# one client sentence per language and banner rule: it opens like a banner, then explains
CLIENT_SENTENCES = {
    "pl_bo": "Uwaga: ta wiadomość pochodzi spoza biura, bo wasz VPN nie działa.",
    "pl_ponieważ": "Ta wiadomość pochodzi spoza biura, ponieważ wasz VPN nie działa.",
    "pl_problem": "Ta wiadomość pochodzi spoza biura: wasz VPN znowu nie działa.",
    "en_problem": "This email originated from outside the office: your VPN does not work.",
    "de_denn": "Achtung: Diese E-Mail kommt von außerhalb, denn Ihr VPN funktioniert nicht.",
    "de_da": "Diese E-Mail stammt von außerhalb des Büros, da Ihr VPN nicht funktioniert.",
    "nl_want": "Let op: deze e-mail komt van buiten het kantoor, want jullie VPN werkt niet.",
    "fr_car": "Attention : ce message provient de l'extérieur, car votre VPN ne marche pas.",
    "fr_puisque": "Ce courriel provient de l'extérieur du bureau puisque votre VPN est en panne.",
    "es_ya_que": "Atención: este correo viene de fuera de la oficina ya que su VPN no funciona.",
    "it_poiché": "Attenzione: questa email proviene dall'esterno dell'ufficio poiché la vostra VPN "
                 "non funziona.",
    "pt_pois": "Atenção: este e-mail foi enviado de fora do escritório, pois a vossa VPN não funciona.",
    "sv_eftersom": "Obs: detta e-postmeddelande kommer från utanför kontoret eftersom er VPN inte "
                   "fungerar.",
    "sv_problem": "Detta meddelande kommer utanför kontoret, ert VPN fungerar inte.",
    "da_fordi": "Bemærk: denne e-mail kommer udefra, fordi jeres VPN ikke virker.",
    "no_fordi": "Merk: denne e-posten kommer fra utsiden av kontoret fordi VPN-en deres ikke fungerer.",
}
LAYOUTS = {
    "bottom_then_name": "Hello Anna,\n\n{}\n\nJoost",
    "bottom": "Hello Anna,\n\n{}",
    "last_line": "Hello Anna,\nthe portal is slow.\n{}",
    "top": "{}\n\nHello Anna, the portal is slow.",
}


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("key", CLIENT_SENTENCES)
def test_a_client_sentence_that_explains_or_reports_a_problem_is_never_a_banner(key, layout):
    sentence = CLIENT_SENTENCES[key]
    assert sentence in extract_reply(LAYOUTS[layout].format(sentence))


def test_qa15v_polish_repro_keeps_the_sentence():
    out = extract_reply("Hello Anna,\n\nUwaga: ta wiadomość pochodzi spoza biura, bo wasz VPN nie działa."
                        "\n\nJoost")
    assert out == "Hello Anna,\n\nUwaga: ta wiadomość pochodzi spoza biura, bo wasz VPN nie działa."


def test_the_german_unless_in_a_banner_is_not_a_reason():
    banner = ("ACHTUNG: Diese E-Mail wurde von außerhalb der Organisation gesendet. Klicken Sie nicht auf "
              "Links und öffnen Sie keine Anhänge, es sei denn, Sie erkennen den Absender.")
    body = "Anna, the certificate expired last night."
    assert extract_reply(banner + "\n\n" + body) == body
    assert extract_reply(body + "\n\n" + banner) == body


# --- a banner on the same line as the client's text (QA15v #7) ------------------------------------

CONTENT = "Anna, the refund is late."


def test_qa15v_repro_banner_on_the_same_line_as_the_text_loses_only_the_banner():
    body = ("CAUTION: This email originated from outside of the organization. Do not click links or open "
            "attachments unless you recognize the sender. Anna, the refund is late.")
    assert extract_reply(body) == CONTENT


@pytest.mark.parametrize("banner", [
    "CAUTION: This email originated from outside of the organization.",
    "VORSICHT: Diese E-Mail stammt von außerhalb der Organisation. Klicken Sie nicht auf Links.",
    "LET OP: Deze e-mail is afkomstig van buiten de organisatie. Klik niet op koppelingen.",
    "CAUTION: External email. Do not click links.",
    "[EXTERNAL]",
    "[EXTERN] Diese Nachricht wurde von außerhalb Ihres Unternehmens gesendet.",
])
@pytest.mark.parametrize("after", ["", "\nWe have waited two weeks.", "\n\nJoost"])
def test_the_clients_text_after_a_banner_on_the_same_line_stays(banner, after):
    assert extract_reply(banner + " " + CONTENT + after) == CONTENT + after.replace("\n\nJoost", "")


@pytest.mark.parametrize("tail", [
    "If in doubt, contact the IT service desk.",
    "Please take care with links and attachments.",
    "Please be cautious.",
    "Report suspicious emails with the Report button.",
])
def test_further_advice_sentences_on_the_banner_line_still_go_with_it(tail):
    banner = "CAUTION: This email originated from outside of the organization. " + tail
    assert extract_reply(banner + "\n\n" + CONTENT) == CONTENT
    assert extract_reply(banner + " " + CONTENT) == CONTENT


def test_a_first_person_sentence_after_the_banner_is_the_clients():
    body = "CAUTION: This email originated from outside of the organization. I need the refund today."
    assert extract_reply(body) == "I need the refund today."


def test_a_banner_line_that_explains_keeps_the_whole_line():
    body = ("This email comes from outside the office because our server is down. Anna, the refund is "
            "late.")
    assert extract_reply(body) == body


# --- a P.S. under a bottom banner (QA15v #7) -------------------------------------------------------

@pytest.mark.parametrize("layout", [
    "{c}\n\n{b}\nP.S. Call me today.",
    "{c}\n\n{b}\n\nP.S. Call me today.",
    "{c}\n\n{b} P.S. Call me today.",
    "{c}\n{b}\nP.S. Call me today.",
])
def test_a_ps_under_a_bottom_banner_stays_and_the_banner_goes(layout):
    banner = "This email originated from outside the organization."
    out = extract_reply(layout.format(c=CONTENT, b=banner))
    assert "outside the organization" not in out
    assert out.startswith(CONTENT) and out.endswith("P.S. Call me today.")


def test_qa15v_repro_bottom_banner_then_ps():
    body = "Anna, the refund is late.\n\nThis email originated from outside the organization.\nP.S. Call me today."
    assert extract_reply(body) == "Anna, the refund is late.\n\nP.S. Call me today."


def test_same_line_banner_removal_is_idempotent():
    body = ("CAUTION: This email originated from outside of the organization. Do not click links. "
            "Anna, the refund is late.\n\nThis email originated from outside the organization.\nP.S. Call me.")
    once = extract_reply(body)
    assert once == "Anna, the refund is late.\n\nP.S. Call me."
    assert extract_reply(once) == once
