"""Email MIME decoding: transfer encodings, charsets, headers, body choice, hostile input."""

from __future__ import annotations

import base64
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mail_builders import std_body

import frictionscan as fs
from frictionscan.ingest import email as em
from frictionscan.ingest.charsets import decode_bytes, repair_mojibake
from frictionscan.ingest.registry import DEFAULT_MAX_BODY_CHARS

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "email"


def one(path: Path, **kw) -> dict:
    df = fs.read(path, internal_domains=["northwind.io"], **kw)
    assert len(df) == 1
    return df.iloc[0].to_dict()


# --- charsets ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("latin1_labelled_utf8.eml", "Grüße aus München, die Lieferung fehlt."),
        ("utf8_labelled_latin1.eml", "Grüße aus München, die Lieferung fehlt."),
        ("cp1252_labelled_latin1.eml", "We were told “next week” – that was a month ago."),
        ("unknown_charset.eml", "Déjà vu: the export failed again."),
        ("unlabelled_8bit.eml", "Señor, el envío llegó dañado."),
        ("koi8r_base64.eml", "Мы всё ещё ждём исправленный счёт."),
    ],
)
def test_read_decodes_body_charset_even_when_mislabelled_or_unknown(name, expected):
    row = one(FIX / "charsets" / name)
    assert row["status"] == "ok"
    assert row["text"] == expected


def test_read_decodes_rfc2047_subject_and_sender_name_and_quoted_printable_body():
    row = one(FIX / "charsets" / "rfc2047_headers.eml")
    assert row["subject"] == "Retard de livraison – encore (urgent)"
    assert row["sender_name"] == "Françoise Lévêque"
    assert row["sender"] == "francoise@hooli.fr"
    assert row["text"] == "Nous attendons toujours la livraison prévue. Merci de confirmer."


def test_read_decodes_koi8r_encoded_word_subject():
    assert one(FIX / "charsets" / "koi8r_base64.eml")["subject"] == "Счёт"


def test_read_decodes_raw_8bit_utf8_header():
    assert one(FIX / "charsets" / "raw_utf8_subject.eml")["subject"] == "Prüfung fällig"


def test_decode_bytes_repairs_double_encoded_utf8():
    assert repair_mojibake("FranÃ§oise says â€œnoâ€\x9d") == "Françoise says “no”"
    assert decode_bytes("naïve".encode().decode("cp1252").encode("utf-8"), "utf-8") == "naïve"


@pytest.mark.parametrize(("raw", "expected"), [
    (b"Gr\xf6\xdfe", "Größe"), (b"Zo\xeb", "Zoë"), (b"Tr\xe8s d\xe9\xe7u.", "Très déçu."),
    (b"\xc0 bient\xf4t, Fran\xe7ois", "À bientôt, François"),
])
def test_short_unlabelled_latin_1_is_read_as_western_text(raw, expected):
    assert decode_bytes(raw, None) == expected


@pytest.mark.parametrize("text", ["Привет, как дела", "Καλημέρα σας", "Zażółć gęślą jaźń"])
def test_other_single_byte_scripts_are_not_taken_for_western_text(text):
    codec = {"П": "cp1251", "Κ": "cp1253", "Z": "cp1250"}[text[0]]
    assert decode_bytes(text.encode(codec), None) != text.encode(codec).decode("cp1252")


def test_an_unlabelled_latin_1_message_keeps_its_accents_in_name_subject_and_body(tmp_path):
    p = tmp_path / "fr.eml"
    p.write_bytes(b"From: Zo\xeb <zoe@client.fr>\nTo: tom@northwind.io\nSubject: Tr\xe8s d\xe9\xe7u\n"
                  b"Message-ID: <l1@client.fr>\nContent-Type: text/plain\n\nTr\xe8s d\xe9\xe7u.\n")
    row = one(p)
    assert (row["sender_name"], row["subject"], row["text"]) == ("Zoë", "Très déçu", "Très déçu.")


SJIS_HTML = (b'<html><head><meta charset="shift_jis"></head><body><p>'
             + "請求書が間違っています。".encode("shift_jis") + b"</p></body></html>\n")


def test_unlabelled_shift_jis_is_never_read_as_c1_control_characters():
    assert not any(0x80 <= ord(ch) <= 0x9F for ch in decode_bytes(SJIS_HTML, None))


def test_an_html_part_without_a_mime_charset_is_read_in_its_meta_charset(tmp_path):
    raw = (b"From: ann@client.jp\nTo: tom@northwind.io\nSubject: x\nMessage-ID: <j@client.jp>\n"
           b"Content-Type: text/html\n\n" + SJIS_HTML)
    p = tmp_path / "jp.eml"
    p.write_bytes(raw)
    assert one(p)["text"] == "請求書が間違っています。"
    assert "請求書が間違っています。" in std_body(raw)


def test_decode_bytes_never_raises_on_any_label():
    for label in (None, "", "utf-8", "x-nope", "utf-16", "iso-2022-jp", "gb2312", "\x00"):
        assert isinstance(decode_bytes(bytes(range(256)), label), str)


# --- bodies -----------------------------------------------------------------------------------


def test_read_html_only_body_drops_script_style_and_decodes_entities():
    row = one(FIX / "html_only.eml")
    assert "The export failed & nobody called back. Café closed." in row["text"]
    assert "alert" not in row["text"] and "color" not in row["text"]
    assert "We are on it" not in row["text"]
    assert "We are on it" in row["quoted_text"]


def test_read_prefers_text_plain_over_html_in_multipart_alternative():
    row = one(FIX / "alternative.eml")
    assert row["text"] == "Plain version: thank you for the quick fix."


def test_read_attached_forwarded_message_goes_to_quoted_text_not_text():
    row = one(FIX / "forwarded_attached.eml")
    assert row["text"] == "See below, this is what our CFO received. Please explain."
    assert "down for four hours" not in row["text"]
    assert "down for four hours" in row["quoted_text"]
    assert "Subject: Outage report" in row["quoted_text"]


def mixed_with_text_file(file_headers: str, first: str = "Content-Type: text/plain; charset=us-ascii\n") -> bytes:
    return ("From: Ann Lee <ann@client.com>\nTo: tom@northwind.io\nSubject: Import log\n"
            "Message-ID: <log1@client.com>\nContent-Type: multipart/mixed; boundary=\"B\"\n\n"
            f"--B\n{first}\nHi Tom, here is last night's log.\n\n"
            f"--B\n{file_headers}\n03:00:01 ERROR connection refused, giving up\n"
            "03:00:02 FATAL job aborted, customer data not exported\n--B--\n").encode()


@pytest.mark.parametrize("file_headers", [
    'Content-Disposition: inline; filename=import.log\nContent-Type: text/plain; name="import.log"\n',
    'Content-Type: text/plain; name="import.log"\n',  # a name and no disposition at all
    "Content-Type: text/plain\nContent-Disposition: inline;\n filename*=UTF-8''import%20log.txt\n",
])
def test_a_text_file_attached_inline_is_not_the_senders_words(tmp_path, file_headers):
    raw = mixed_with_text_file(file_headers)
    p = tmp_path / "log.eml"
    p.write_bytes(raw)
    assert one(p)["text"] == "Hi Tom, here is last night's log."
    assert "ERROR" not in std_body(raw)  # the fallback parser agrees


def test_a_text_file_after_an_html_body_does_not_replace_it(tmp_path):
    p = tmp_path / "log.eml"
    p.write_bytes(mixed_with_text_file('Content-Type: text/plain; name="import.log"\n',
                                       first="Content-Type: text/html; charset=us-ascii\n"))
    assert one(p)["text"] == "Hi Tom, here is last night's log."


def test_a_named_part_that_is_the_only_text_is_still_the_body(tmp_path):
    p = tmp_path / "named.eml"
    p.write_bytes(b"From: Ann Lee <ann@client.com>\nTo: tom@northwind.io\nSubject: Export\n"
                  b'Message-ID: <n1@client.com>\nContent-Type: text/plain; name="message.txt"\n\n'
                  b"The export failed again.\n")
    assert one(p)["text"] == "The export failed again."


@pytest.mark.parametrize(
    ("name", "own", "quoted"),
    [
        ("outlook_block.eml", "We still have not received the signed contract.", "It will be with you"),
        ("german_am_schrieb.eml", "Danke, das hat geholfen.", "Die Lieferung ist unterwegs."),
        ("french_a_ecrit.eml", "Merci, c'est réglé.", "La facture est partie."),
        ("outlook_html_reply.eml", "The rollout broke our SSO again.", "nothing will change"),
        ("inline_forward.eml", "Can you look at this? Their tone is getting worse.",
         "This is unacceptable, third time now."),
    ],
)
def test_read_removes_quoted_history_into_quoted_text(name, own, quoted):
    row = one(FIX / "quotes" / name)
    assert row["text"] == own
    assert quoted in row["quoted_text"]


def test_read_removes_signature_and_mobile_footer():
    row = one(FIX / "quotes" / "signature_and_iphone.eml")
    assert row["text"] == "Tuesday works for us."


# --- hostile MIME -----------------------------------------------------------------------------


def test_read_truncated_multipart_keeps_text_and_notes_it():
    row = one(FIX / "hostile" / "truncated_multipart.eml")
    assert row["status"] == "ok"
    assert row["text"] == "Attached are the logs from last night."
    assert "truncated" in row["error"]


def test_read_bad_base64_recovers_what_it_can():
    row = one(FIX / "hostile" / "bad_base64.eml")
    assert row["status"] == "ok"
    assert row["text"].startswith("The report is late")


def test_read_multipart_without_boundary_keeps_body_as_text():
    row = one(FIX / "hostile" / "no_boundary.eml")
    assert row["status"] == "ok"
    assert "multipart without a boundary" in row["text"]


def test_read_garbage_headers_give_an_ok_row_with_empty_fields():
    row = one(FIX / "hostile" / "header_garbage.eml")
    assert row["status"] == "ok"
    assert row["text"] == "body survives"
    assert row["message_id"].startswith("fs-")
    assert row["recipients"] is None or row["recipients"] != row["recipients"]  # <NA>
    assert row["timestamp"] is None or str(row["timestamp"]) == "NaT"


def test_parse_message_deeply_nested_multipart_is_a_row_not_a_crash():
    depth = 400
    head = b"From: a@acme.com\nSubject: deep\n"
    body = b""
    for i in range(depth):
        body += b'Content-Type: multipart/mixed; boundary="b%d"\n\n--b%d\n' % (i, i)
    raw = head + body + b"Content-Type: text/plain\n\nbottom\n"
    rec = em.parse_message(raw)
    assert rec["status"] in ("ok", "error")
    assert rec["source_index"] == 0


def test_read_huge_body_is_capped_and_row_stays_ok(tmp_path):
    big = ("x" * 99 + "\n") * 30_000  # 3 MB
    (tmp_path / "big.eml").write_text(
        "From: a@acme.com\nTo: bob@northwind.io\nSubject: big\nMessage-ID: <big@acme.com>\n"
        "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
        + base64.encodebytes(big.encode()).decode())
    row = one(tmp_path / "big.eml", max_body_chars=100_000)
    assert row["status"] == "ok"
    assert len(row["text"]) <= 100_000
    assert "truncated to 100,000 characters" in row["error"]


@pytest.mark.slow
def test_read_50mb_body_yields_a_capped_row_and_the_batch_goes_on(tmp_path):
    line = b"All work and no play makes the export fail. " * 2 + b"\n"
    body = line * (50_000_000 // len(line))
    with open(tmp_path / "box.mbox", "wb") as fh:
        fh.write(b"From a@acme.com Mon Mar  4 09:12:00 2024\nFrom: a@acme.com\nSubject: huge\n\n")
        fh.write(body)
        fh.write(b"\nFrom b@acme.com Mon Mar  4 09:13:00 2024\nFrom: b@acme.com\nSubject: small\n\nok\n")
    df = fs.read(tmp_path / "box.mbox", internal_domains=["northwind.io"])
    assert df["status"].tolist() == ["ok", "ok"]
    assert len(df.loc[0, "text"]) <= DEFAULT_MAX_BODY_CHARS
    assert "truncated" in df.loc[0, "error"]
    assert df.loc[1, "text"] == "ok"


def test_parse_message_without_headers_is_an_error_row():
    rec = em.parse_message(b"just some words\nand more words\n", source="x", index=3)
    assert rec["status"] == "error"
    assert rec["error"] == em.NOT_AN_EMAIL
    assert rec["source_index"] == 3


ALT_BLANK_PLAIN = (
    b"From: Ann <ann@acme.com>\nTo: bob@northwind.io\nSubject: case 2\nDate: Tue, 04 Mar 2025 10:00:00 +0000\n"
    b"Message-ID: <c2@acme.com>\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=\"B\"\n\n"
    b"--B\nContent-Type: text/plain; charset=utf-8\n\n \n\n--B\nContent-Type: text/html; charset=utf-8\n\n"
    b"<p>The plain part is empty but this HTML has the real words.</p>\n--B--\n")
ISO_2022_JP = (
    b"From: Taro <taro@acme.jp>\nTo: bob@northwind.io\nSubject: =?ISO-2022-JP?B?GyRCQEE1YT1xJEskRCQkJEYbKEI=?=\n"
    b"Date: Mon, 03 Mar 2025 10:00:00 +0900\nMessage-ID: <jp1@acme.jp>\nMIME-Version: 1.0\n"
    b"Content-Type: text/plain; charset=ISO-2022-JP\nContent-Transfer-Encoding: 7bit\n\n"
    + "請求書が届いていません。\n".encode("iso-2022-jp"))


@pytest.mark.parametrize("before", [b"\r\n", b"\n\n", b"\xef\xbb\xbf\r\n"])
def test_an_eml_with_blank_lines_before_its_headers_is_still_an_email(tmp_path, before):
    p = tmp_path / "blank.eml"
    p.write_bytes(before + b"From: Ann <ann@acme.com>\r\nTo: tom@northwind.io\r\nSubject: Export\r\n"
                  b"Message-ID: <b1@acme.com>\r\n\r\nThe export failed again.\r\n")
    row = one(p)
    assert (row["status"], row["sender"], row["subject"], row["text"]) == (
        "ok", "ann@acme.com", "Export", "The export failed again.")


def test_a_message_that_starts_with_a_blank_line_and_no_headers_is_still_no_email():
    rec = em.parse_message(b"\n\nJust some words, no headers at all.\n")
    assert rec["status"] == "error" and rec["error"] == em.NOT_AN_EMAIL


def test_read_takes_the_html_alternative_when_the_plain_one_is_blank(tmp_path):
    (tmp_path / "a.eml").write_bytes(ALT_BLANK_PLAIN)
    row = one(tmp_path / "a.eml")
    assert row["status"] == "ok" and row["text"] == "The plain part is empty but this HTML has the real words."
    assert em._std_parse(ALT_BLANK_PLAIN, 10**6).body.strip().startswith("<p>The plain part is empty")


def test_read_decodes_iso_2022_jp_body_and_subject_although_the_bytes_are_7_bit(tmp_path):
    (tmp_path / "jp.eml").write_bytes(ISO_2022_JP)
    row = one(tmp_path / "jp.eml")
    assert (row["subject"], row["text"]) == ("請求書について", "請求書が届いていません。")
    # unlabelled or labelled ASCII, the shift-in sequence still gives it away; plain ASCII stays ASCII
    data = "未着です".encode("iso-2022-jp")
    assert decode_bytes(data, None) == decode_bytes(data, "us-ascii") == "未着です"
    assert decode_bytes(b"a + b = c", "utf-7") == "a + b = c" and decode_bytes(b"x+y", None) == "x+y"


@pytest.mark.parametrize(("last", "text"), [
    ("Unacceptable.", "Hi Bob,\n\nThe export failed again.\n\nUnacceptable."),  # the sender's voice
    ("Jean-Luc", "Hi Bob,\n\nThe export failed again."),  # how the display name signs, not the address
])
def test_read_judges_a_one_word_last_paragraph_by_the_senders_display_name(tmp_path, last, text):
    (tmp_path / "m.eml").write_text(
        "From: Jean-Luc Roussel <jl.roussel@maris.example>\nTo: bob@northwind.io\nSubject: Export\n"
        "Date: Tue, 04 Mar 2025 10:00:00 +0000\nMessage-ID: <s1@maris.example>\n\n"
        f"Hi Bob,\n\nThe export failed again.\n\n{last}\n")
    assert one(tmp_path / "m.eml")["text"] == text


@pytest.mark.parametrize(("date", "utc"), [
    ("Tue, 04 Mar 2025 10:00:00 +0100", "2025-03-04 09:00:00+00:00"),
    ("2025-03-04T10:00:00+05:30", "2025-03-04 04:30:00+00:00"),  # ISO 8601, as some tools write it
    ("2025-03-04 10:00:00Z", "2025-03-04 10:00:00+00:00"),
    ("next Tuesday", "NaT"),
    ("Tue, 04 Mar 2025 10:00:00 CET", "2025-03-04 09:00:00+00:00"),   # named zones RFC 5322 lacks
    ("Tue, 04 Mar 2025 10:00:00 CEST", "2025-03-04 08:00:00+00:00"),  # (were read as UTC)
    ("Tue, 04 Mar 2025 10:00:00 EST", "2025-03-04 15:00:00+00:00"),
    ("Tue, 04 Mar 2025 10:00:00 GMT+2", "2025-03-04 08:00:00+00:00"),
    ("Tue, 04 Mar 2025 10:00:00 +2400", "2025-03-04 10:00:00+00:00"),  # no such zone: taken as UTC
])
def test_read_parses_rfc_5322_and_iso_8601_date_headers(tmp_path, date, utc):
    (tmp_path / "d.eml").write_text(f"From: a@acme.com\nTo: bob@northwind.io\nDate: {date}\nSubject: s\n\nhi\n")
    assert str(one(tmp_path / "d.eml")["timestamp"]) == utc


@pytest.mark.parametrize(("date", "offset"), [
    ("Fri, 07 Mar 2025 16:30:00 -0800", -480),
    ("Tue, 04 Mar 2025 10:00:00 +0530", 330),
    ("Tue, 04 Mar 2025 10:00:00 CEST", 120),
    ("2025-03-04T10:00:00+05:45", 345),
    ("Tue, 04 Mar 2025 10:00:00 -0000", None),  # RFC 5322: zone unknown
    ("next Tuesday", None),
])
def test_the_senders_utc_offset_is_kept_beside_the_utc_timestamp(tmp_path, date, offset):
    (tmp_path / "d.eml").write_text(f"From: a@acme.com\nTo: bob@northwind.io\nDate: {date}\nSubject: s\n\nhi\n")
    got = one(tmp_path / "d.eml")["utc_offset"]
    assert (pd.isna(got) and offset is None) or got == offset


@pytest.mark.parametrize(("date", "utc", "offset"), [
    ("Tue, 04 Mar 2025 09:00:00 -05:00", "2025-03-04 14:00:00+00:00", -300),
    ("Tue, 04 Mar 2025 09:00:00 +05:30", "2025-03-04 03:30:00+00:00", 330),
])
def test_an_offset_written_with_a_colon_is_the_senders_zone(tmp_path, date, utc, offset):
    (tmp_path / "d.eml").write_text(f"From: a@acme.com\nTo: bob@northwind.io\nDate: {date}\nSubject: s\n\nhi\n")
    row = one(tmp_path / "d.eml")
    assert (str(row["timestamp"]), row["utc_offset"], row["error"]) == (utc, offset, None)


@pytest.mark.parametrize(("date", "utc"), [
    ("Di, 04 Mär 2025 09:00:00 +0100", "2025-03-04 08:00:00+00:00"),  # German
    ("Do, 02 Okt 2025 09:00:00 +0200", "2025-10-02 07:00:00+00:00"),
    ("mar., 04 févr. 2025 09:00:00 +0100", "2025-02-04 08:00:00+00:00"),  # French
    ("jeu., 12 juin 2025 09:00:00 +0200", "2025-06-12 07:00:00+00:00"),
    ("sam., 12 juil. 2025 09:00:00 +0200", "2025-07-12 07:00:00+00:00"),
    ("jue, 04 dic 2025 09:00:00 -0300", "2025-12-04 12:00:00+00:00"),  # Spanish
    ("di, 04 mrt 2025 09:00:00 +0100", "2025-03-04 08:00:00+00:00"),  # Dutch
])
def test_a_date_with_a_localised_month_name_is_read(tmp_path, date, utc):
    (tmp_path / "d.eml").write_bytes(
        f"From: a@acme.com\nTo: bob@northwind.io\nDate: {date}\nSubject: s\n\nhi\n".encode())
    row = one(tmp_path / "d.eml")
    assert (str(row["timestamp"]), row["error"]) == (utc, None)


NO_DATE = "From: a@acme.com\nTo: bob@northwind.io\nSubject: s\n"


@pytest.mark.parametrize(("headers", "utc", "note"), [
    # the first Received header is the newest hop: delivery into the mailbox
    ("Received: from mx2.northwind.io by mail.northwind.io;\n\tWed, 05 Mar 2025 09:00:07 +0100\n"
     "Received: from mx.acme.com by mx2.northwind.io; Wed, 05 Mar 2025 08:59:58 +0100\n",
     "2025-03-05 08:00:07+00:00", "no Date header: time taken from the newest Received header"),
    ("Date: sometime soon\nReceived: by mail.northwind.io; Wed, 05 Mar 2025 09:00:07 +0000\n",
     "2025-03-05 09:00:07+00:00", "unreadable Date header: time taken from the newest Received header"),
    ("Received: by mail.northwind.io (no date given)\n", "NaT",
     "no Date header: the message has no time, so health and commitments leave it out"),
    ("", "NaT", "no Date header: the message has no time, so health and commitments leave it out"),
])
def test_a_missing_date_falls_back_on_the_received_header_and_says_so(tmp_path, headers, utc, note):
    (tmp_path / "d.eml").write_text(NO_DATE + headers + "\nStill waiting.\n")
    row = one(tmp_path / "d.eml")
    assert (row["status"], str(row["timestamp"]), row["error"]) == ("ok", utc, note)


def test_a_body_line_that_looks_like_a_received_header_is_not_a_time(tmp_path):
    (tmp_path / "d.eml").write_text(NO_DATE + "\nReceived: by us; Wed, 05 Mar 2025 09:00:07 +0000\n")
    assert str(one(tmp_path / "d.eml")["timestamp"]) == "NaT"


@pytest.mark.parametrize(("envelope", "utc"), [
    ("From ann@acme.com Wed Mar  5 09:00:00 2025", "2025-03-05 09:00:00+00:00"),  # asctime, no zone
    ("From 1826000000000000001@xxx Wed Mar 05 09:00:00 +0100 2025", "2025-03-05 08:00:00+00:00"),
    ("From MAILER-DAEMON Wed Mar  5 09:00 2025", "2025-03-05 09:00:00+00:00"),
])
def test_an_mbox_message_without_date_takes_its_from_line_time(tmp_path, envelope, utc):
    p = tmp_path / "box.mbox"
    p.write_text(f"{envelope}\n{NO_DATE}Message-ID: <1@acme.com>\n\nStill waiting.\n")
    row = one(p)
    assert str(row["timestamp"]) == utc
    assert row["error"] == "no Date header: time taken from the mbox 'From ' line"


AUTO = ("From: {sender}\nTo: bob@northwind.io\nSubject: {subject}\nDate: Wed, 05 Mar 2025 09:00:00 +0000\n"
        "{headers}\nI am out of the office until Monday.\n")


@pytest.mark.parametrize(("sender", "subject", "headers", "reason"), [
    ("ann@acme.com", "Automatic reply: User list", "Auto-Submitted: auto-replied\n",
     "automated message: Auto-Submitted: auto-replied"),
    ("ann@acme.com", "Away", "X-Autoreply: yes\n", "automated message: x-autoreply header"),
    ("ann@acme.com", "Away", "Precedence: auto_reply\n", "automated message: Precedence: auto_reply"),
    ("postmaster@acme.com", "Undeliverable: Checking in", "",
     "automated message: sent by postmaster@acme.com"),
    ("ann@acme.com", "Out of Office: back on 10 March", "",
     "automated message: subject 'Out of Office: back on 10 March'"),
    ("ann@acme.com", "Abwesenheitsnotiz: Re: Rechnung", "",
     "automated message: subject 'Abwesenheitsnotiz: Re: Rechnung'"),
    ("ann@acme.com", "Risposta automatica: fattura", "", "automated message: subject 'Risposta automatica: fattura'"),
    ("ann@acme.com", "Autosvar: möte", "", "automated message: subject 'Autosvar: möte'"),
    ("help@acme.com", "[HIT-124] We have received your request", "",
     "automated message: subject '[HIT-124] We have received your request'"),
])
def test_bounces_and_auto_replies_are_kept_as_automated_rows(tmp_path, sender, subject, headers, reason):
    (tmp_path / "a.eml").write_text(AUTO.format(sender=sender, subject=subject, headers=headers))
    row = one(tmp_path / "a.eml")
    assert (row["status"], row["error"]) == ("automated", reason)
    assert row["text"]  # the text is kept; score() leaves it unscored like any row that is not ok


def test_an_auto_reply_delivered_twice_stays_automated_and_says_it_is_a_repeat(tmp_path):
    one_reply = AUTO.format(sender="ann@acme.com", subject="Automatic reply: invoice",
                            headers="Message-ID: <ooo-1@acme.com>\n")
    (tmp_path / "a.eml").write_text(one_reply)
    (tmp_path / "b.eml").write_text(one_reply)
    rows = fs.read(tmp_path, internal_domains=["northwind.io"])
    assert rows["status"].tolist() == ["automated", "automated"]  # counts in = counts out
    assert "duplicate of an earlier message" not in rows["error"].iloc[0]
    assert rows["error"].iloc[1].endswith("duplicate of an earlier message with the same id <ooo-1@acme.com>")


@pytest.mark.parametrize("subject", [
    "Out of Office", "Out of Office AutoReply: Invoice", "Undeliverable", "Delivery Status Notification (Failure)",
    "Returned mail: see transcript for details", "Undelivered Mail Returned to Sender",
    "Delivery has failed to these recipients or groups", "AUTO: Ann Lee is out of the office",
    "Réponse automatique : facture", "[Support] Automatic reply: invoice",
])
def test_auto_reply_and_bounce_subjects_as_mail_programs_write_them_are_automated(tmp_path, subject):
    (tmp_path / "a.eml").write_text(AUTO.format(sender="ann@acme.com", subject=subject, headers=""))
    assert one(tmp_path / "a.eml")["error"] == f"automated message: subject {subject!r}"


@pytest.mark.parametrize("subject", [
    "Out of Office support is unacceptable", "Undeliverable address on every invoice",
    "Returned mail pieces never credited",
])
def test_a_client_whose_subject_starts_with_an_auto_reply_phrase_is_a_person(tmp_path, subject):
    (tmp_path / "a.eml").write_text(
        f"From: ann@client.com\nTo: tom@northwind.io\nSubject: {subject}\nDate: Tue, 04 Mar 2025 09:00:00 +0000\n"
        "Message-ID: <s1@client.com>\n\nThis is the third time we complain about this. Fix it.\n")
    row = one(tmp_path / "a.eml")
    assert (row["status"], row["error"]) == ("ok", None)


@pytest.mark.parametrize(("subject", "headers"), [
    ("Re: Out of office cover for March", ""),  # a person writing about an absence
    ("Still waiting", "Auto-Submitted: no\n"),
])
def test_people_writing_about_absences_are_not_automated(tmp_path, subject, headers):
    (tmp_path / "a.eml").write_text(AUTO.format(sender="ann@acme.com", subject=subject, headers=headers))
    assert one(tmp_path / "a.eml")["status"] == "ok"


OOO_BODY = ("From: ann@acme.com\nTo: bob@northwind.io\nSubject: Re: Renewal quote\n"
            "Date: Wed, 05 Mar 2025 09:00:00 +0000\n\n{body}\n")


@pytest.mark.parametrize("body", [
    "Thank you for your email. I am currently out of the office until 10 March with limited access "
    "to email. For urgent matters please contact Raj Patel (raj@acme.com).",
    "Hi, I'm on annual leave until the 14th and will reply on my return.\n\nBest,\nAnn",
])
def test_an_out_of_office_reply_known_only_by_its_text_is_automated(tmp_path, body):
    (tmp_path / "a.eml").write_text(OOO_BODY.format(body=body))
    row = one(tmp_path / "a.eml")
    assert (row["status"], row["error"]) == (
        "automated", "automated message: an out-of-office reply (from its text)")


@pytest.mark.parametrize("body", [
    "I am out of the office until Monday.",  # says nothing more: may be a person
    "I'm out of the office until Monday, but quickly: the totals look wrong. Please contact Raj "
    "about the invoice.",
    "I'm on leave until Monday - can you please contact Raj?",
    "Raj is on leave, so please contact me in the meantime.",
])
def test_a_person_mentioning_an_absence_is_not_an_auto_reply(tmp_path, body):
    (tmp_path / "a.eml").write_text(OOO_BODY.format(body=body))
    assert one(tmp_path / "a.eml")["status"] == "ok"


def test_a_delivery_report_is_automated(tmp_path):
    (tmp_path / "dsn.eml").write_text(
        "From: MAILER-DAEMON@mx.acme.com\nTo: bob@northwind.io\nSubject: failure notice\n"
        "Date: Wed, 05 Mar 2025 09:00:00 +0000\nMIME-Version: 1.0\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n'
        "--b\nContent-Type: text/plain\n\nThe message could not be delivered.\n--b--\n")
    row = one(tmp_path / "dsn.eml")
    assert (row["status"], row["error"]) == ("automated", "automated message: a delivery report (bounce)")


def test_fast_and_standard_parsers_agree_on_the_fixtures():
    for path in sorted(FIX.rglob("*.eml")):
        data = path.read_bytes()
        try:
            fast = em._fast_parse(data, 10**6, 0)
        except em._Fallback:
            continue
        std = em._std_parse(data, 10**6)
        assert fast.body.strip() == std.body.replace("\r\n", "\n").strip(), path.name
        assert fast.is_html == std.is_html, path.name


# --- Outlook .msg -----------------------------------------------------------------------------


def test_read_broken_msg_file_is_an_error_row():
    row = one(FIX / "broken.msg")
    assert row["status"] == "error"
    assert "Outlook .msg" in row["error"]


def test_msg_fields_are_mapped_like_email_headers():
    # extract-msg cannot write .msg files and no real one ships here, so the mapping from an
    # extract-msg Message object to a record is checked with a stand-in exposing the same attributes.
    class FakeMsg:
        messageId = "<m1@acme.com>"
        inReplyTo = "<m0@northwind.io>"
        headerText = "References: <m-1@acme.com> <m0@northwind.io>\r\n"
        sender = "Ann Keller <Ann@Acme.com>"
        to = "Bob Stone <bob@northwind.io>"
        cc = "carla@northwind.io"
        date = "Mon, 4 Mar 2024 09:12:00 +0100"
        subject = "RE: Invoice"
        body = "Still wrong.\r\n\r\n-----Original Message-----\r\nFrom: Bob\r\n\r\nFixed."
        htmlBody = None

    rec: dict = {}
    em._fill_from_msg(rec, FakeMsg(), DEFAULT_MAX_BODY_CHARS)
    assert rec["message_id"] == "m1@acme.com"
    assert rec["references"] == ["m-1@acme.com", "m0@northwind.io"]
    assert rec["sender"] == "ann@acme.com"
    assert rec["recipients"] == "bob@northwind.io, carla@northwind.io"
    assert rec["timestamp"].isoformat() == "2024-03-04T08:12:00+00:00"
    assert rec["text"] == "Still wrong."
    assert "Fixed." in rec["quoted_text"]


def test_sniffers_tell_formats_apart():
    assert em._sniff_mbox(Path("x"), (FIX / "thread.mbox").read_bytes()[:4096])
    assert not em._sniff_eml(Path("x"), (FIX / "thread.mbox").read_bytes()[:4096])
    assert em._sniff_eml(Path("x"), (FIX / "alternative.eml").read_bytes())
    assert not em._sniff_eml(Path("x"), b"Alice: hello there\nBob: hi\n")
    many_extension_headers = b"".join(b"X-Trace-%d: v\n" % i for i in range(120)) + b"From: a@b.c\n\nhi"
    assert em._sniff_eml(Path("x"), many_extension_headers)
    assert not em._sniff_eml(Path("x"), (FIX / "hostile" / "notes.txt").read_bytes())
    assert em._sniff_msg(Path("a.msg"), (FIX / "broken.msg").read_bytes())


def test_the_null_sender_of_a_bounce_is_no_sender(tmp_path):
    (tmp_path / "b.eml").write_text("From: <>\nTo: bob@northwind.io\nSubject: Undeliverable\n"
                                    "Date: Mon, 3 Mar 2025 10:00:00 +0000\n\nDelivery failed.\n")
    row = one(tmp_path / "b.eml")
    assert row["status"] == "automated" and pd.isna(row["sender"])  # its subject says what it is


@settings(max_examples=200, deadline=None)
@given(value=st.one_of(
    st.text(max_size=60),
    st.builds(lambda d, h, m, s, oh, om: f"Tue, {d:02d} Mar 2025 {h:02d}:{m:02d}:00 {s}{oh:02d}{om:02d}",
              st.integers(1, 31), st.integers(0, 23), st.integers(0, 59), st.sampled_from("+-"),
              st.integers(0, 30), st.integers(0, 99))))
def test_any_date_header_gives_a_utc_time_and_a_plausible_offset_or_none_and_never_raises(value):
    ts, offset = em._when(value)
    assert ts is None or ts.utcoffset().total_seconds() == 0
    assert offset is None or (ts is not None and abs(offset) <= 18 * 60)
