"""`frictionscan scan` agrees with `frictionscan.read` on hostile folders: file names that are not
UTF-8, entries the walk must not open (links out of the folder, FIFOs), CR-only mboxes. Real ingest,
stand-in scorer (conftest.fake_scorer)."""

from __future__ import annotations

import os
from pathlib import Path

from frictionscan.io import read_table
from frictionscan.parallel import scan

EML = (b"From: ann@acme.example\nTo: bob@ourco.example\nSubject: files\n"
       b"Date: Tue, 06 Jan 2026 09:00:00 +0000\nMessage-ID: <%s@acme.example>\n\n"
       b"We are still waiting on the files.\n")


def _mbox(ids: list[str], nl: bytes = b"\n") -> bytes:
    out = b""
    for i in ids:
        msg = (b"From ann@acme.example Tue Jan  6 09:00:00 2026\n" + EML % i.encode() + b"\n")
        out += msg.replace(b"\n", nl)
    return out


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
