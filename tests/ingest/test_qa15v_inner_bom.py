"""A byte-order mark that is not at the start of a part (QA15v #8): parts joined, or a text file
pasted into the body, leave U+FEFF at the start of a later line; it is no text and is dropped from
any line start. A U+FEFF inside a line (a zero-width no-break space) is left to the text cleaner."""

from __future__ import annotations

import base64

from frictionscan.ingest.email import parse_message

HEAD = ("From: lior@hollowfen.de\nTo: pia@ourdesk.eu\nSubject: s\nMessage-ID: <b@x>\n"
        "Date: Tue, 1 Apr 2025 10:00:00 +0200\nMIME-Version: 1.0\n")


def test_a_bom_starting_a_later_line_of_a_base64_part_is_dropped():
    body = "\ufeffThe restore took nine hours.\r\n\ufeffThat is too long.\r\n".encode()
    raw = (HEAD + "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
           + base64.encodebytes(body).decode())
    assert parse_message(raw.encode())["text"] == "The restore took nine hours.\nThat is too long."


def test_a_bom_starting_a_line_of_an_8bit_body_is_dropped_but_text_around_it_kept():
    raw = HEAD + "Content-Type: text/plain; charset=utf-8\n\nLine one.\n\ufeffLine two.\n"
    assert parse_message(raw.encode())["text"] == "Line one.\nLine two."
