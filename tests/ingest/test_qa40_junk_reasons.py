"""QA40: junk in a mailbox or a message file gets a reason that names the real problem.

* An mbox whose *first* entry had no headers (a body whose headers were lost, binary junk) was not
  recognised as an mbox at all: the whole file, real messages after the junk included, became one
  row saying "no reader recognised this file: a CSV file with columns ['From b@x.example Mon', ...]"
  (the separator line has a comma). It is now read as the mbox it is: the junk entry is an error row
  saying it has no headers, and every message after it is read.
* A random-bytes ``.eml`` (or ``.msg``) was described as whatever other reader it resembled ("a CSV
  file with columns", "text that is not an email, a transcript or a helpdesk export"): its name
  says it should be one message, so the reason now says it is not one and what it holds.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import frictionscan as fs
from frictionscan.ingest import registry
from frictionscan.parallel import count_mbox_messages

MESSAGE = (b"From ann@client.example Mon Jan  5 09:00:00 2026\n"
           b"From: Ann <ann@client.example>\nTo: bob@ourco.io\nSubject: export\n"
           b"Date: Mon, 05 Jan 2026 09:00:00 +0000\nMessage-ID: <m1@client.example>\n\n"
           b"The export is still broken.\n\n")
NO_HEADERS = (b"From bob@client.example Mon, 5 Jan 2026 08:00:00 +0000\n\n"
              b"Hi team, the export, again, failed\nthis morning, twice.\n\n")
BINARY = b"From bob@client.example Mon Jan  5 08:00:00 2026\n" + bytes(range(256)) * 3 + b"\n\n"
MISLEADING = ("no reader recognised", "CSV", "JSON", "transcript", "helpdesk")


def _read(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path, fs.read(path, internal_domains=["ourco.io"])


@pytest.mark.parametrize("junk", [NO_HEADERS, BINARY], ids=["no headers", "binary"])
def test_a_first_mbox_entry_without_headers_is_one_error_row_and_the_mail_after_it_is_read(
        tmp_path, junk):
    path, rows = _read(tmp_path, "inbox.mbox", junk + MESSAGE)
    assert rows["status"].tolist() == ["error", "ok"]
    assert len(rows) == count_mbox_messages(path) == 2  # counts in = counts out
    reason = rows["error"].iloc[0]
    assert reason.startswith("not an email: no headers found"), reason
    assert not any(word in reason for word in MISLEADING), reason
    assert "message before" not in reason  # nothing comes before the first entry
    assert rows["text"].iloc[0].startswith("From bob@client.example")  # kept, never lost
    assert rows["subject"].iloc[1] == "export"


def test_an_mbox_of_one_entry_without_headers_says_so_instead_of_calling_it_a_csv_file(tmp_path):
    path, rows = _read(tmp_path, "inbox.mbox", NO_HEADERS)
    assert rows["status"].tolist() == ["error"]
    assert len(rows) == count_mbox_messages(path) == 1
    assert rows["error"].iloc[0].startswith("not an email: no headers found")
    assert not any(word in rows["error"].iloc[0] for word in MISLEADING)


def test_junk_between_messages_still_blames_the_unescaped_from_line_before_it(tmp_path):
    path, rows = _read(tmp_path, "inbox.mbox",
                       MESSAGE + BINARY + MESSAGE.replace(b"<m1@", b"<m2@"))
    assert rows["status"].tolist() == ["ok", "error", "ok"]
    assert len(rows) == count_mbox_messages(path) == 3
    assert "message before that was not escaped" in rows["error"].iloc[1]


def test_a_text_that_merely_starts_with_from_and_an_address_is_not_taken_for_an_mbox(tmp_path):
    _, rows = _read(tmp_path, "notes.txt", b"From dana@acme.example at 10:30 the export failed\n")
    assert rows["error"].iloc[0].startswith("no reader recognised this file")


@pytest.mark.parametrize("name, data, holds", [
    ("m.eml", random.Random(1).randbytes(3000), "it holds binary data"),
    ("m.eml", b"hello, world, this\nis not, an email\n", "its first line is 'hello, world, this'"),
    ("m.msg", b"hello, world, this\nis not, an email\n", "its first line is 'hello, world, this'"),
], ids=["random bytes .eml", "comma text .eml", "comma text .msg"])
def test_a_message_file_that_holds_no_message_says_it_is_not_one_and_what_it_holds(
        tmp_path, name, data, holds):
    _, rows = _read(tmp_path, name, data)
    assert rows["status"].tolist() == ["error"] and rows["channel"].tolist() == ["email"]
    reason = rows["error"].iloc[0]
    assert reason.startswith("not an email" if name.endswith(".eml") else "not an Outlook message")
    assert holds in reason and "Export the message again" in reason
    assert "CSV" not in reason and "no reader recognised" not in reason


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(min_size=1, max_size=400))
def test_any_eml_no_reader_takes_is_one_error_row_that_says_it_is_not_an_email(data):
    assume(data.strip())  # (an empty file has its own reason)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "message.eml"
        path.write_bytes(data)
        assume(registry.sniff_format(path, data) is None)
        rows = fs.read(path)
    assert rows["status"].tolist() == ["error"]
    assert rows["error"].iloc[0].startswith("not an email: no header lines at its start")
