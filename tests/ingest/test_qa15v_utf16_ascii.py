"""A body part declared utf-16le / utf-16be / utf-32 with no byte-order mark whose text is plain
English (QA15v #4): its bytes are ASCII and NULs, and the label decides, so the text comes out
without NULs (plain and HTML parts alike). A UTF-16 label on ASCII bytes with no NUL is a lie and
the bytes stay ASCII text."""

from __future__ import annotations

import base64

import pytest

from frictionscan.ingest.charsets import decode_bytes
from frictionscan.ingest.email import parse_message

TEXT = "The invoice is still wrong.\r\n"


@pytest.mark.parametrize("codec", ["utf-16le", "utf-16be", "utf-16-le", "UTF-16LE", "utf-32le"])
def test_ascii_text_in_utf16_or_32_without_a_bom_is_decoded_by_its_label(codec):
    assert decode_bytes(TEXT.encode(codec.lower()), codec) == TEXT


def test_a_utf16_label_on_plain_ascii_bytes_keeps_them_as_text():
    assert decode_bytes(b"Plain words.", "utf-16le") == "Plain words."


@pytest.mark.parametrize(("ctype", "body"), [
    ("text/plain", TEXT), ("text/html", "<p>The invoice is still wrong.</p>\r\n")])
@pytest.mark.parametrize("codec", ["utf-16le", "utf-16be"])
def test_a_utf16_body_without_bom_comes_out_clean(ctype, body, codec):
    payload = base64.encodebytes(body.encode(codec)).decode()
    raw = (f"From: lior@hollowfen.de\nTo: pia@ourdesk.eu\nSubject: s\nMessage-ID: <u@x>\n"
           f"Date: Tue, 1 Apr 2025 10:00:00 +0200\nMIME-Version: 1.0\n"
           f"Content-Type: {ctype}; charset={codec}\nContent-Transfer-Encoding: base64\n\n{payload}")
    rec = parse_message(raw.encode())
    assert rec["text"] == "The invoice is still wrong."
