"""Outlook's German read receipt names the reader's time zone in full, a long line between "wurde
am" and "gelesen": it is a read receipt all the same (QA15 #7)."""

from __future__ import annotations

from frictionscan.ingest.email import parse_message

RECEIPT = ("Ihre Nachricht\n\n  An: Lior Tan\n  Betreff: Rollout\n  Gesendet: Donnerstag, 27. März 2025 "
           "16:02:00 (UTC+01:00) Amsterdam, Berlin, Bern, Rom, Stockholm, Wien\n\n"
           "wurde am Freitag, 28. März 2025 09:40:00 (UTC+01:00) Amsterdam, Berlin, Bern, Rom, "
           "Stockholm, Wien gelesen.\n")


def _row(subject: str, body: str) -> dict:
    raw = (f"From: Lior Tan <lior@hollowfen.nl>\nTo: pia@ourdesk.eu\nSubject: {subject}\n"
           "Date: Fri, 28 Mar 2025 09:40:00 +0100\nMIME-Version: 1.0\n"
           "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" + body)
    return parse_message(raw.encode())


def test_outlooks_german_read_receipt_with_a_long_zone_name_is_automated():
    rec = _row("Gelesen: Rollout", RECEIPT)
    assert rec["status"] == "automated"
    assert "read receipt" in rec["error"]


def test_the_same_words_across_two_paragraphs_are_no_read_receipt():
    body = ("Hallo Pia, die Datei wurde am Freitag ohne Rückmeldung hochgeladen.\n\nBis heute hat "
            "sie niemand gelesen.\n")
    assert _row("Gelesen: Rollout", body)["status"] == "ok"
