"""QA40: a sender's display name is cut at 256 characters, as a subject is at 1,000.

A From header whose display name was 5 MB kept all of it in ``sender_name``: every table, CSV and
report cell of that sender carried it. The name is now cut where the header is read (e-mail and
Outlook ``.msg`` alike); the row stays ``ok`` and ``error`` notes the cut, as for long subjects.
"""

from __future__ import annotations

import pytest
from test_qa15_msg import write_msg

import frictionscan as fs
from frictionscan.ingest.email import MAX_NAME_CHARS

HEAD = ("To: bob@ourco.io\nSubject: export\nDate: Mon, 05 Jan 2026 09:00:00 +0000\n"
        "Message-ID: <m1@client.example>\n\nThe export is still broken.\n")
LONG = "Ann " * 1_250_000  # 5 MB


def _eml(tmp_path, name: str):
    path = tmp_path / "m.eml"
    path.write_text(f'From: "{name}" <ann@client.example>\n' + HEAD, encoding="utf-8")
    return path


def _mbox(tmp_path, name: str):
    path = tmp_path / "m.mbox"
    path.write_text("From ann@client.example Mon Jan  5 09:00:00 2026\n"
                    f'From: "{name}" <ann@client.example>\n' + HEAD + "\n", encoding="utf-8")
    return path


def _msg(tmp_path, name: str):
    return write_msg(tmp_path / "m.msg", {0x0042: name, 0x0065: "ann@client.example",
                                          0x0037: "export", 0x1000: "The export is still broken.\r\n"},
                     [("Bob", "bob@ourco.io", 1)])


@pytest.mark.parametrize("write", [_eml, _mbox, _msg], ids=["eml", "mbox", "msg"])
def test_a_five_megabyte_display_name_is_cut_to_256_characters_and_noted(tmp_path, write):
    row = fs.read(write(tmp_path, LONG), internal_domains=["ourco.io"]).iloc[0]
    assert MAX_NAME_CHARS == 256
    assert 0 < len(row["sender_name"]) <= 256 and row["sender_name"].startswith("Ann Ann")
    assert row["status"] == "ok" and row["sender"] == "ann@client.example"
    assert "sender name truncated to 256 characters" in row["error"]


@pytest.mark.parametrize("write", [_eml, _msg], ids=["eml", "msg"])
def test_a_name_of_256_characters_is_kept_whole_without_a_note(tmp_path, write):
    name = "B" * 256
    row = fs.read(write(tmp_path, name), internal_domains=["ourco.io"]).iloc[0]
    assert row["sender_name"] == name
    assert "truncated" not in str(row["error"])
