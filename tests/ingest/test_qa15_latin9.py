"""ISO-8859-15 (Latin-9) is not Latin-1: a declared iso-8859-15 is honoured ("€" is 0xA4, "œ" 0xBD),
in bodies and RFC 2047 subjects; only bytes it cannot hold (Windows-1252's 0x80-0x9F quotes) make
the label a lie and fall back (QA15 #4)."""

from __future__ import annotations

import pytest

from frictionscan.ingest.charsets import decode_bytes
from frictionscan.ingest.email import parse_message

TEXT = "Le devis de 1 200 € pour la manœuvre, Œuvre, Šárka, Žofie, Ÿ"


@pytest.mark.parametrize("label", ["iso-8859-15", "ISO-8859-15", "latin-9", "latin9", "iso_8859-15"])
def test_declared_latin9_bytes_decode_with_the_latin9_codec(label):
    assert decode_bytes(TEXT.encode("iso-8859-15"), label) == TEXT


def test_latin9_declared_over_windows_1252_quotes_falls_back_to_windows_1252():
    data = "“Devis” – 1 200 €".encode("cp1252")
    assert decode_bytes(data, "iso-8859-15") == "“Devis” – 1 200 €"


def test_latin9_declared_over_utf8_is_still_utf8():
    assert decode_bytes("manœuvre 5 €".encode(), "iso-8859-15") == "manœuvre 5 €"


def test_a_latin9_mail_keeps_its_euro_sign_in_body_and_subject():
    raw = ("From: lior@hollowfen.fr\nTo: pia@ourdesk.eu\nSubject: =?iso-8859-15?Q?Man=BDuvre_=A4?=\n"
           "MIME-Version: 1.0\nContent-Type: text/plain; charset=iso-8859-15\n"
           "Content-Transfer-Encoding: quoted-printable\n\nLe devis de 1 200 =A4 pour la man=BDuvre.\n")
    rec = parse_message(raw.encode())
    assert rec["subject"] == "Manœuvre €"
    assert rec["text"] == "Le devis de 1 200 € pour la manœuvre."
