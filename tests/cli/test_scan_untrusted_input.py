"""`frictionscan scan` agrees with `frictionscan.read` on hostile folders: file names that are not
UTF-8, entries the walk must not open (links out of the folder, FIFOs), CR-only mboxes. Real ingest,
stand-in scorer (conftest.fake_scorer)."""

from __future__ import annotations

import contextlib
import os
import signal
from pathlib import Path

import pytest

import frictionscan as fs
from frictionscan.io import read_table
from frictionscan.parallel import count_mbox_messages, plan_tasks, scan

EML = (b"From: ann@acme.example\nTo: bob@ourco.example\nSubject: files\n"
       b"Date: Tue, 06 Jan 2026 09:00:00 +0000\nMessage-ID: <%s@acme.example>\n\n"
       b"We are still waiting on the files.\n")


def _mbox(ids: list[str], nl: bytes = b"\n") -> bytes:
    out = b""
    for i in ids:
        msg = (b"From ann@acme.example Tue Jan  6 09:00:00 2026\n" + EML % i.encode() + b"\n")
        out += msg.replace(b"\n", nl)
    return out


class Hung(Exception):
    """Not an OSError (as TimeoutError is), so no ``except OSError`` around an open() swallows it."""


@contextlib.contextmanager
def _deadline(seconds: int):
    """Fail instead of hanging (opening a FIFO blocks until someone writes to it)."""
    def fail(signum, frame):
        raise Hung(f"still running after {seconds}s: something opened a FIFO")

    old = signal.signal(signal.SIGALRM, fail)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _rows(df):
    return list(zip(df["source"], df["status"], df["error"].fillna(""), strict=True))


def test_a_file_name_that_is_not_utf8_has_one_line_in_the_count_report(fake_scorer, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    raw = os.fsencode(folder)
    with open(os.path.join(raw, b"caf\xe9.eml"), "wb") as fh:
        fh.write(EML % b"e1")
    with open(os.path.join(raw, b"bo\xeete.mbox"), "wb") as fh:
        fh.write(_mbox(["m1", "m2"]))
    report = scan([folder], tmp_path / "s.parquet", jobs=1)
    names = sorted(Path(s.source).name for s in report.sources)
    assert names == ["bo\\xeete.mbox", "caf\\xe9.eml"], names  # one line each, no lone surrogates
    by_name = {Path(s.source).name: s for s in report.sources}
    assert by_name["bo\\xeete.mbox"].expected == by_name["bo\\xeete.mbox"].rows == 2
    assert by_name["caf\\xe9.eml"].rows == by_name["caf\\xe9.eml"].ok == 1
    assert all(s.lost in (None, 0) for s in report.sources)
    assert sorted(read_table(tmp_path / "s.parquet")["source"].map(lambda p: Path(p).name)) == [
        "bo\\xeete.mbox", "bo\\xeete.mbox", "caf\\xe9.eml"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_entries_the_walk_does_not_open_are_one_error_row_each_as_read_gives(fake_scorer, tmp_path,
                                                                             jobs):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "private.eml").write_bytes(EML % b"secret")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.eml").write_bytes(EML % b"a1")
    (folder / "b_link.eml").symlink_to(outside / "private.eml")
    (folder / "c_dir").symlink_to(outside)
    os.mkfifo(folder / "d_pipe.eml")
    (folder / "e.mbox").write_bytes(_mbox(["m1"]))
    out = tmp_path / "s.parquet"
    with _deadline(30):
        report = scan([folder], out, jobs=jobs, internal_domains=["ourco.example"])
        expected = fs.read(folder, internal_domains=["ourco.example"])
    got = read_table(out)
    assert _rows(got) == _rows(expected)
    assert "secret@acme.example" not in set(got["message_id"].dropna())
    errors = {Path(s.source).name: s.error for s in report.sources}
    assert errors == {"a.eml": 0, "b_link.eml": 1, "c_dir": 1, "d_pipe.eml": 1, "e.mbox": 0}
    reasons = dict(zip(got["source"].map(lambda p: Path(p).name), got["error"], strict=True))
    assert "outside the folder" in reasons["b_link.eml"] and "outside the folder" in reasons["c_dir"]
    assert "FIFO" in reasons["d_pipe.eml"]
    assert report.totals["error"] == 3 and all(s.lost in (None, 0) for s in report.sources)


def test_a_fifo_named_as_a_source_is_an_error_row_not_a_hang(fake_scorer, tmp_path):
    pipe = tmp_path / "pipe.mbox"
    os.mkfifo(pipe)
    with _deadline(30):
        report = scan([pipe], tmp_path / "s.parquet", jobs=1)
        expected = fs.read(pipe, internal_domains=["ourco.example"])
    got = read_table(tmp_path / "s.parquet")
    assert _rows(got) == _rows(expected) and len(got) == 1
    assert report.totals["error"] == 1 and "FIFO" in got["error"][0]


def test_a_cr_only_mbox_is_counted_as_it_is_read(fake_scorer, tmp_path):
    box = tmp_path / "mac.mbox"
    box.write_bytes(_mbox([f"m{i}" for i in range(5)], nl=b"\r"))
    assert b"\n" not in box.read_bytes()
    n_read = len(fs.read(box, internal_domains=["ourco.example"]))
    assert n_read == 5
    assert count_mbox_messages(box) == n_read
    tasks = plan_tasks([box], split_bytes=100)  # small enough that a \n mbox would be cut
    assert sum(t.expected for t in tasks) == n_read
    report = scan([box], tmp_path / "s.parquet", jobs=1, split_bytes=100)
    (line,) = report.sources
    assert line.expected == line.rows == line.ok == 5 and line.lost == 0
