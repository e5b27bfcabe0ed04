"""Byte-order marks (QA15 #11, #14): a UTF-8 BOM at the start of a decoded body part is no text,
and an .eml saved as UTF-16 with a BOM (PowerShell 5's Out-File default) is read as the email it is."""

from __future__ import annotations

import base64

import pytest

import frictionscan as fs
from frictionscan.ingest.charsets import decode_bytes

MAIL = ("From: Lior Tan <lior@hollowfen.nl>\r\nTo: pia@ourdesk.eu\r\nSubject: Migratie\r\n"
        "Date: Tue, 1 Apr 2025 10:00:00 +0200\r\nMessage-ID: <b1@hollowfen.nl>\r\n"
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        "Beste Pia,\r\n\r\nDe migratie is wéér uitgesteld.\r\n")


def test_a_utf8_bom_opening_a_base64_body_part_is_dropped(tmp_path):
    body = base64.b64encode("\ufeffBeste Pia,\n\nDe migratie is weer uitgesteld.\n".encode()).decode()
    raw = MAIL.split("Content-Type")[0] + ("Content-Type: text/plain; charset=utf-8\r\n"
                                           "Content-Transfer-Encoding: base64\r\n\r\n" + body + "\r\n")
    p = tmp_path / "bom.eml"
    p.write_bytes(raw.encode())
    text = fs.read(p, internal_domains=["ourdesk.eu"]).loc[0, "text"]
    assert text.startswith("Beste Pia,")


def test_decode_bytes_drops_a_leading_utf8_bom_whatever_the_label():
    assert decode_bytes(b"\xef\xbb\xbfHall\xc3\xb6", "utf-8") == "Hallö"
    assert decode_bytes(b"\xef\xbb\xbfHall\xc3\xb6", None) == "Hallö"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_an_eml_saved_as_utf16_with_a_bom_is_read_as_an_email(tmp_path, codec):
    data = MAIL.encode(codec)
    if codec != "utf-16":
        data = "\ufeff".encode(codec) + data
    p = tmp_path / "ps.eml"
    p.write_bytes(data)
    row = fs.read(p, internal_domains=["ourdesk.eu"]).iloc[0]
    assert row["status"] == "ok"
    assert row["sender"] == "lior@hollowfen.nl"
    assert row["text"] == "Beste Pia,\n\nDe migratie is wéér uitgesteld."
