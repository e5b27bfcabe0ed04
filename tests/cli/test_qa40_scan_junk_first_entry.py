"""QA40: ``scan`` reads an mbox whose first entry is junk as the mbox it is, as ``fs.read`` does.

The whole file used to be one "no reader recognised this file" row: the count report showed one
message read where the file holds two, and the real message after the junk was never scored.
Real ingest, stand-in scorer (conftest.fake_scorer).
"""

from __future__ import annotations

from frictionscan.io import read_table
from frictionscan.parallel import scan

JUNK = b"From bob@client.example Mon Jan  5 08:00:00 2026\n" + bytes(range(256)) * 3 + b"\n\n"
MESSAGE = (b"From ann@client.example Mon Jan  5 09:00:00 2026\n"
           b"From: Ann <ann@client.example>\nTo: bob@ourco.io\nSubject: export\n"
           b"Date: Mon, 05 Jan 2026 09:00:00 +0000\nMessage-ID: <m1@client.example>\n\n"
           b"The export is still broken.\n\n")


def test_a_scan_of_an_mbox_opening_with_junk_counts_and_reads_every_entry(fake_scorer, tmp_path):
    box = tmp_path / "inbox.mbox"
    box.write_bytes(JUNK + MESSAGE)
    report = scan([box], tmp_path / "s.parquet", internal_domains=["ourco.io"], jobs=1)
    (line,) = report.sources
    assert line.expected == line.rows == 2 and line.ok == 1 and line.error == 1
    got = read_table(tmp_path / "s.parquet")
    assert got["error"].iloc[0].startswith("not an email: no headers found")
    assert got["subject"].iloc[1] == "export"
