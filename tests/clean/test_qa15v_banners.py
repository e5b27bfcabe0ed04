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
