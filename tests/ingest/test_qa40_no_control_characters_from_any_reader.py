"""QA40: no reader puts NUL or another C0 control character (but tab, line breaks and form feed)
into ``text`` or ``quoted_text``.

An email body holding a NUL kept it in ``text``: CSV readers in C stop the cell there, ``cut`` and
``grep`` call the file binary, and an ESC in a body drives the terminal the table is printed on.
The helpdesk and transcript readers dropped stray NULs but kept BEL, ESC and the rest. The clean
stage now drops them from every body it splits (``frictionscan.clean.drop_controls``), and the
ingest stage applies the same rule to the ``text`` of every row, for the readers that split no
body (transcripts) and for the text error rows keep.
"""

from __future__ import annotations

import csv
import html
import json
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import frictionscan as fs

NOT_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f]")  # C0 controls but \t \n \f \r
HEAD = ("From: Ann <ann@client.example>\nTo: bob@ourco.io\nSubject: export\n"
        "Date: Mon, 05 Jan 2026 09:00:00 +0000\nMessage-ID: <m1@client.example>\n")


def _mbox(path: Path, text: str) -> None:
    path.with_suffix(".mbox").write_bytes(
        ("From ann@client.example Mon Jan  5 09:00:00 2026\n" + HEAD
         + f"\n{text}\n\n> {text}\n\n").encode())


def _eml(path: Path, text: str) -> None:
    path.with_suffix(".eml").write_bytes((HEAD + f"\n{text}\n\nOn Mon, Bob wrote:\n> {text}\n").encode())


def _eml_html(path: Path, text: str) -> None:
    path.with_suffix(".eml").write_bytes(
        (HEAD + "Content-Type: text/html; charset=utf-8\n\n"
         f"<p>{html.escape(text)} &#1;&#27;[0m</p><blockquote>{html.escape(text)}</blockquote>\n").encode())


def _maildir(path: Path, text: str) -> None:
    for sub in ("cur", "new", "tmp"):
        (path / sub).mkdir(parents=True)
    (path / "new" / "1700000000.M1P1.host").write_bytes((HEAD + f"\n{text}\n").encode())


def _helpdesk_csv(path: Path, text: str) -> None:
    with open(path.with_suffix(".csv"), "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["ticket_id", "body", "created_at", "author"])
        w.writerow(["1", text, "2026-01-05T09:00:00Z", "ann@client.example"])


def _helpdesk_jsonl(path: Path, text: str) -> None:
    path.with_suffix(".jsonl").write_text(json.dumps(
        {"ticket_id": 1, "body": text, "created_at": "2026-01-05T09:00:00Z",
         "author": "ann@client.example"}) + "\n", encoding="utf-8")


def _vtt(path: Path, text: str) -> None:
    path.with_suffix(".vtt").write_text(
        f"WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Ann Lee>{text}\n\n", encoding="utf-8")


def _srt(path: Path, text: str) -> None:
    path.with_suffix(".srt").write_text(
        f"1\n00:00:01,000 --> 00:00:03,000\nAnn Lee: {text}\n\n", encoding="utf-8")


def _transcript_json(path: Path, text: str) -> None:
    path.with_suffix(".json").write_text(json.dumps(
        [{"speaker": "Ann Lee", "start": 1, "end": 3, "text": text}]), encoding="utf-8")


def _transcript_text(path: Path, text: str) -> None:
    path.with_suffix(".txt").write_text(f"Ann Lee  0:03\n{text}\n\nBob Ray  0:10\nok\n",
                                        encoding="utf-8")


READERS: dict[str, Callable[[Path, str], None]] = {
    "mbox": _mbox, "eml": _eml, "eml html": _eml_html, "maildir": _maildir,
    "helpdesk csv": _helpdesk_csv, "helpdesk jsonl": _helpdesk_jsonl, "vtt": _vtt, "srt": _srt,
    "transcript json": _transcript_json, "transcript text": _transcript_text,
}
SAMPLE = "The export failed\x00 again\x07 \x1b[31mtoday\x1b[0m\x01, see\x0bbelow\x0cnext page"


def _read(write: Callable[[Path, str], None], text: str):
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(tmp) / "src" / "call"
        where.parent.mkdir()
        write(where, text)
        return fs.read(where.parent, internal_domains=["ourco.io"],
                       start="2026-01-05T09:00:00Z")


@pytest.mark.parametrize("reader", READERS)
def test_no_reader_keeps_nul_esc_or_bel_in_text_but_keeps_the_words_and_line_breaks(reader):
    rows = _read(READERS[reader], SAMPLE)
    assert (rows["status"] == "ok").any(), rows["error"].tolist()
    text = rows.loc[rows["status"] == "ok", "text"].iloc[0]
    assert "\x00" not in text and "\x1b" not in text and "\x07" not in text
    assert "The export failed again" in text and "[31mtoday[0m, see below" in text
    for column in ("text", "quoted_text"):
        assert not rows[column].fillna("").str.contains(NOT_TEXT).any(), (column, rows[column].tolist())


junk = st.text(alphabet=st.sampled_from([chr(c) for c in range(32) if chr(c) not in "\n\r"]
                                         + list("ab ,.")), min_size=1, max_size=8)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(junk=junk, reader=st.sampled_from(sorted(READERS)))
def test_any_c0_control_in_any_reader_never_reaches_text(junk, reader):
    rows = _read(READERS[reader], f"The export failed {junk} again")
    assert len(rows) >= 1  # (a row per message: a file the readers refuse is one error row)
    for column in ("text", "quoted_text"):
        assert not rows[column].fillna("").str.contains(NOT_TEXT).any(), (column, rows[column].tolist())
