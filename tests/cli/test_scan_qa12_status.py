"""`scan`'s count report with the "skipped" status (drafts, spam, deleted mail), and `expected` in
`--json` for formats that are not counted apart from their rows (QA12 #3, #14)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from frictionscan.cli import cli
from frictionscan.io import read_table


def _mail(mid: str, labels: str) -> bytes:
    return (f"X-Gmail-Labels: {labels}\nMessage-ID: <{mid}@acme.example>\nFrom: ann@acme.example\n"
            "To: bob@ourco.example\nSubject: update\nDate: Mon, 4 Mar 2024 10:00:00 +0000\n\n"
            "I will send the numbers by Friday.\n").encode()


def _sources(tmp_path):
    mail = tmp_path / "mail"
    mail.mkdir()
    (mail / "takeout.mbox").write_bytes(
        b"From 1@xxx Mon Mar  4 10:00:00 +0000 2024\n" + _mail("d1", "Drafts") + b"\n"
        b"From 2@xxx Mon Mar  4 10:00:00 +0000 2024\n" + _mail("s1", "Spam") + b"\n"
        b"From 3@xxx Mon Mar  4 10:00:00 +0000 2024\n" + _mail("i1", "Inbox") + b"\n")
    (mail / "one.eml").write_bytes(_mail("e1", "Inbox"))
    return mail


def _scan(tmp_path, *extra: str):
    out = tmp_path / "s.parquet"
    args = ["scan", str(_sources(tmp_path)), "--internal-domain", "ourco.example", "-o", str(out),
            "-j", "1", *extra]
    res = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return res, read_table(out)


def test_scan_json_counts_skipped_rows_in_the_totals_and_per_source(fake_scorer, tmp_path):
    res, df = _scan(tmp_path, "--json")
    rep = json.loads(res.output)
    assert rep["totals"] == {"ok": 2, "duplicate": 0, "automated": 0, "skipped": 2, "error": 0}
    assert rep["rows"] == len(df) == 4  # counts in = counts out: drafts and spam are rows
    box = next(s for s in rep["sources"] if s["source"].endswith("takeout.mbox"))
    assert (box["expected"], box["rows"], box["ok"], box["skipped"]) == (3, 3, 1, 2)
    assert sorted(df.loc[df["status"] == "skipped", "error"]) == [
        "never sent: Gmail label Drafts", "spam: Gmail label Spam"]


def test_scan_text_summary_has_a_skipped_column(fake_scorer, tmp_path):
    res, _ = _scan(tmp_path)
    assert "skipped: 2" in res.output
    header = next(line for line in res.output.splitlines() if line.strip().startswith("source"))
    assert header.split() == ["source", "expected", "read", "ok", "duplicate", "automated",
                              "skipped", "error"]
    line = next(line for line in res.output.splitlines() if "takeout.mbox" in line)
    assert line.split()[1:] == ["3", "3", "1", "0", "0", "2", "0"]


def test_scan_json_expected_equals_read_for_an_eml_as_the_docs_say(fake_scorer, tmp_path):
    res, _ = _scan(tmp_path, "--json")
    eml = next(s for s in json.loads(res.output)["sources"] if s["source"].endswith("one.eml"))
    assert eml["expected"] == eml["rows"] == 1


def test_the_relationship_count_leaves_out_accounts_seen_only_on_rows_that_are_not_ok(fake_scorer, tmp_path):
    """QA12 (email helper's note): a spam sender's domain was counted as a client."""
    mail = tmp_path / "spam"
    mail.mkdir()
    (mail / "a.eml").write_bytes(_mail("a1", "Inbox"))
    (mail / "b.eml").write_bytes(_mail("b1", "Spam").replace(b"ann@acme.example", b"win@prizes.example"))
    res = CliRunner().invoke(cli, ["scan", str(mail), "--internal-domain", "ourco.example", "-o",
                                   str(tmp_path / "o.parquet"), "-j", "1", "--json"])
    assert json.loads(res.stdout)["relationships"] == 1
