"""The command line as a user meets it: help, version, one clear line per mistake, every format."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from scored_tables import conversation

from frictionscan import __version__
from frictionscan.cli import cli
from frictionscan.errors import LeftOutWarning
from frictionscan.io import read_table, write_table
from frictionscan.schemas import SIGNALS


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


def one_error_line(result) -> str:
    """A user mistake gives exactly one `Error:` line and no traceback."""
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    errors = [ln for ln in result.output.splitlines() if ln.startswith("Error:")]
    assert len(errors) == 1, result.output
    return errors[0]


@pytest.mark.parametrize("command", [[], ["scan"], ["health"], ["commitments"], ["report"]])
def test_every_command_has_help_with_examples(command):
    res = invoke(*command, "--help")
    assert res.exit_code == 0
    assert "Usage: " in res.output
    assert "frictionscan " in res.output.split("Usage:", 1)[1]  # shows an example command line


def test_version_prints_the_package_version():
    res = invoke("--version")
    assert res.exit_code == 0 and __version__ in res.output


def test_help_is_instant_and_loads_no_model():
    code = ("import sys; from frictionscan.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print('spacy' in sys.modules, 'sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False False"


def test_console_script_runs_as_a_module():
    out = subprocess.run([sys.executable, "-m", "frictionscan.cli", "--version"],
                         capture_output=True, text=True)
    assert out.returncode == 0 and __version__ in out.stdout


def test_missing_source_is_one_error_line(tmp_path):
    line = one_error_line(invoke("scan", str(tmp_path / "nope.mbox"), "-o", str(tmp_path / "s.csv")))
    assert "nope.mbox" in line and "Check the path" in line


def test_unsupported_output_format_is_one_error_line(make_mbox, tmp_path):
    line = one_error_line(invoke("scan", str(make_mbox()), "-o", str(tmp_path / "s.xlsx")))
    assert ".parquet" in line and ".csv" in line and ".jsonl" in line


def test_unwritable_output_is_one_error_line(make_mbox, tmp_path):
    line = one_error_line(invoke("scan", str(make_mbox()), "-o", str(tmp_path / "no/dir/s.csv")))
    assert "does not exist" in line
    line = one_error_line(invoke("scan", str(make_mbox()), "-o", "/sys/s.csv"))
    assert "not writable" in line


def test_missing_accounts_file_is_one_error_line(make_mbox, tmp_path):
    line = one_error_line(invoke("scan", str(make_mbox()), "--accounts", str(tmp_path / "a.csv"),
                                 "-o", str(tmp_path / "s.csv")))
    assert "accounts" in line


@pytest.mark.parametrize("text, words", [
    ("key,account\nacme.example,Acme\nacme.example,Globex\n", ["line 3", "'Acme'", "'Globex'"]),
    ("key,account\nacme.example\n", ["line 2", "1 field"]),
    ("key,account\nacme.example,\n", ["line 2", "empty account name"]),
])
def test_bad_accounts_file_is_one_error_line_before_any_work(make_mbox, tmp_path, text, words):
    acc = tmp_path / "acc.csv"
    acc.write_text(text)
    out = tmp_path / "s.csv"
    line = one_error_line(invoke("scan", str(make_mbox()), "--internal-domain", "ourco.example",
                                 "--accounts", str(acc), "-o", str(out), "-j", "1"))
    assert "acc.csv" in line
    for w in words:
        assert w in line, line
    assert not out.exists()


@pytest.mark.parametrize("bad", [["--jobs", "-1"], ["--chunksize", "0"], ["--sensitivity", "max"],
                                 ["--bogus"]])
def test_bad_option_is_one_error_line_with_usage_exit_code(make_mbox, tmp_path, bad):
    res = invoke("scan", str(make_mbox()), "-o", str(tmp_path / "s.csv"), *bad)
    one_error_line(res)
    assert res.exit_code == 2


def test_missing_output_option_is_refused():
    res = invoke("scan", "x.mbox")
    assert res.exit_code == 2 and "--output" in res.output


def test_health_bad_frequency_and_missing_input(tmp_path):
    line = one_error_line(invoke("health", "s.parquet", "--freq", "fortnightly", "-o", "h.csv"))
    assert "pandas frequency" in line
    line = one_error_line(invoke("health", str(tmp_path / "none.parquet"), "-o", str(tmp_path / "h.csv")))
    assert "frictionscan scan" in line


def test_health_on_a_table_that_is_not_scored_says_which_columns_are_missing(tmp_path):
    (tmp_path / "t.csv").write_text("a,b\n1,2\n")
    line = one_error_line(invoke("health", str(tmp_path / "t.csv"), "-o", str(tmp_path / "h.csv")))
    assert "relationship" in line


def _not_what_its_name_says(tmp_path, name: str) -> Path:
    """A file named like a scored table whose content is something else: a Parquet file renamed
    to .csv or .jsonl, a spreadsheet saved under .csv, a copy cut short, a text file under .gz,
    a JSON Lines table with a line in the middle cut short."""
    scored = conversation(tmp_path / "real.parquet", 4, relationship="Acme",
                          texts=("Still waiting.", "I will send it by Friday."))
    path = tmp_path / name
    if name.startswith("badline"):                                        # line 3 cut in half
        lines = conversation(tmp_path / "real.jsonl", 4, relationship="Acme",
                             texts=("Still waiting.", "I will send it by Friday.")).read_text().splitlines()
        lines[2] = lines[2][: len(lines[2]) // 2]
        path.write_text("\n".join(lines) + "\n")
    elif name.endswith(".parquet"):
        path.write_bytes(scored.read_bytes()[:100])                       # cut short
    elif name.endswith(".gz"):
        path.write_text("message_id,status\nm1,ok\n")                    # not gzipped
    elif name.startswith("xlsx"):
        path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\xff\xfe\x80\x81 workbook")
    else:
        path.write_bytes(scored.read_bytes())                              # Parquet, renamed
    return path


@pytest.mark.parametrize("command", ["health", "commitments", "report"])
@pytest.mark.parametrize("name", ["cut.parquet", "renamed.csv", "renamed.jsonl", "xlsx.csv",
                                  "plain.csv.gz", "badline.jsonl"])
def test_a_scored_table_that_is_not_what_its_name_says_is_one_error_line(tmp_path, command, name):
    path = _not_what_its_name_says(tmp_path, name)
    out = tmp_path / ("o.html" if command == "report" else "o.csv")
    line = one_error_line(invoke(command, str(path), "-o", str(out)))
    assert name in line and "frictionscan scan" in line, line
    if name.startswith("badline"):  # JSON Lines is read line by line: the error says which
        assert "line 3:" in line, line
    assert not out.exists()


@pytest.fixture
def scored_sample(fake_scorer, tmp_path):
    """The sample mailbox scanned with the stand-in scorer (real reader)."""
    from pathlib import Path

    box = Path(__file__).parents[2] / "data" / "samples" / "mailbox.mbox"
    out = tmp_path / "scored.parquet"
    res = CliRunner().invoke(cli, ["scan", str(box), "--internal-domain", "northwind.io",
                                   "-o", str(out), "-j", "1"], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return out


@pytest.mark.parametrize("ext", ["csv", "parquet", "jsonl"])
def test_health_and_commitments_write_each_format(scored_sample, tmp_path, ext):
    h = tmp_path / f"health.{ext}"
    res = invoke("health", str(scored_sample), "--freq", "W", "-o", str(h))
    assert res.exit_code == 0, res.output
    table = read_table(h)
    assert {"relationship", "period", "health", "alert"} <= set(table.columns)
    assert len(table) > 0 and f"to {h}" in res.output
    c = tmp_path / f"commitments.{ext}"
    res = invoke("commitments", str(scored_sample), "-o", str(c))
    assert res.exit_code == 0, res.output
    found = read_table(c)
    assert f"Wrote {len(found):,} commitment{'' if len(found) == 1 else 's'}" in res.output
    if ext != "jsonl" or len(found):  # JSON Lines cannot name the columns of an empty table
        assert {"relationship", "status", "due"} <= set(found.columns)


def test_health_and_commitments_account_for_every_row_they_leave_out(tmp_path):
    # 6 rows in: 2 used, and one left out for each reason, so rows in = used + left out
    rows = pd.DataFrame({
        "message_id": [f"m{i}" for i in range(6)],
        "status": ["ok", "ok", "error", "ok", "ok", "ok"],
        "timestamp": pd.to_datetime(["2025-03-03T10:00Z", "2025-03-03T11:00Z", None,
                                     "2025-03-03T12:00Z", None, "2025-03-03T13:00Z"], utc=True),
        "relationship": ["acme", "acme", None, None, "acme", None],
        "direction": ["inbound", "outbound", None, "internal", "inbound", "inbound"],
        "text": ["Still waiting.", "Sorry, on it.", None, "fyi", "Hello?", "Hi"],
        **{s: [0.1] * 6 for s in SIGNALS},
    })
    path = tmp_path / "scored.parquet"
    write_table(rows, path)
    expected = ("Read 6 messages: 2 used, 4 left out "
                "(1 status error, 1 internal, 1 no timestamp, 1 no relationship).")
    for command in ("health", "commitments"):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            res = invoke(command, str(path), "-o", str(tmp_path / f"{command}.csv"))
        assert res.exit_code == 0, res.output
        assert expected in res.output, res.output
        # the Python API's LeftOutWarning would only repeat that line on stderr
        assert not [w for w in caught if issubclass(w.category, LeftOutWarning)]


def test_health_and_report_read_a_scored_table_that_pandas_wrote_with_to_csv(tmp_path):
    """Review of the eighth session: the commands' CSV reader parsed evidence as JSON only, so a
    table saved with ``DataFrame.to_csv`` (a Python repr in the cell) ended in a JSONDecodeError."""
    import frictionscan as fs

    scored = fs.score(pd.DataFrame({
        "message_id": ["m1", "m2"], "thread_id": ["t", "t"], "relationship": ["acme", "acme"],
        "direction": ["inbound", "outbound"], "status": ["ok", "ok"],
        "timestamp": pd.to_datetime(["2025-03-03T10:00Z", "2025-03-03T11:00Z"], utc=True),
        "text": ["Third time the export failed. Really frustrating.",
                 "Sorry, that's on us. I will send the fixed export by Friday."],
    }))
    plain = tmp_path / "scored_by_pandas.csv"
    scored.to_csv(plain, index=False)
    ours = tmp_path / "scored.parquet"
    write_table(scored, ours)
    for command in ("health", "commitments"):
        a = invoke(command, str(plain), "-o", str(tmp_path / f"{command}_plain.csv"))
        b = invoke(command, str(ours), "-o", str(tmp_path / f"{command}_ours.csv"))
        assert a.exit_code == 0 and b.exit_code == 0, a.output
        pd.testing.assert_frame_equal(read_table(tmp_path / f"{command}_plain.csv"),
                                      read_table(tmp_path / f"{command}_ours.csv"))
    res = invoke("report", str(plain), "-o", str(tmp_path / "report.html"))
    assert res.exit_code == 0, res.output


def _two_weeks_of_rows(path):
    """A small scored table: one client writing in and us answering, 2025-03-03 to 2025-03-12."""
    return conversation(path, 10, relationship="acme",
                        texts=("Still waiting on the file.", "I will send it by Friday."))


def _in_percent(path):
    """A scored table whose frustration was turned into percent in a spreadsheet (0-100)."""
    rows = read_table(_two_weeks_of_rows(path))
    rows["frustration"] = [20.0, 95.0] * 5
    write_table(rows, path)
    return path


@pytest.mark.parametrize("command", ["health", "commitments", "report"])
def test_probabilities_in_percent_are_a_warning_line_not_a_python_warning(tmp_path, command):
    scored = _in_percent(tmp_path / "scored.parquet")
    out = tmp_path / ("o.html" if command == "report" else "o.csv")
    res = CliRunner().invoke(cli, [command, str(scored), "-o", str(out)])
    assert res.exit_code == 0, res.output
    lines = [ln for ln in res.stderr.splitlines() if "divide them by 100" in ln]
    assert len(lines) == 1 and lines[0].startswith("Warning: "), res.stderr
    assert "FrictionscanWarning" not in res.stderr and "compute_" not in res.stderr, res.stderr
    quiet = CliRunner().invoke(cli, [command, str(scored), "-q", "-o", str(out)])
    assert quiet.exit_code == 0 and quiet.output == "", quiet.output


@pytest.mark.parametrize("command", ["health", "commitments"])
def test_probabilities_in_percent_are_in_the_json_warnings(tmp_path, command):
    scored = _in_percent(tmp_path / "scored.parquet")
    res = CliRunner().invoke(cli, [command, str(scored), "--json", "-o", str(tmp_path / "o.csv")])
    assert res.exit_code == 0 and res.stderr == "", res.stderr
    said = json.loads(res.stdout)["warnings"]
    assert len(said) == 1 and "divide them by 100" in said[0] and not said[0].startswith("Warning")


@pytest.mark.parametrize("command", ["health", "commitments"])
@pytest.mark.parametrize("now, shown", [
    ("04/10/2026", ["2026-10-04", "2026-04-10"]),  # either order is possible: both are shown
    ("13.10.2026", ["2026-10-13"]),               # only one order is a date
    ("last friday", ["YYYY-MM-DD"]),
    ("June 30 2025", ["write 2025-06-30"]),      # a date in words is shown in ISO
    ("2026-02-30", ["not a valid date"]),
])
def test_now_that_is_not_an_iso_date_is_refused_showing_the_iso_form(tmp_path, command, now, shown):
    scored = _two_weeks_of_rows(tmp_path / "scored.parquet")
    out = tmp_path / "out.csv"
    res = invoke(command, str(scored), "--now", now, "-o", str(out))
    line = one_error_line(res)
    assert res.exit_code == 2 and "--now" in line
    for s in shown:
        assert s in line, line
    assert not out.exists()


@pytest.mark.parametrize("now", ["2025-03-10", "2025-03-10T12:00", "2025-03-10 12:00:00+02:00",
                                 "2025-03-10T12:00Z"])
def test_iso_now_with_or_without_time_and_offset_is_accepted(tmp_path, now):
    scored = _two_weeks_of_rows(tmp_path / "scored.parquet")
    res = CliRunner().invoke(cli, ["health", str(scored), "--now", now, "-o",
                                   str(tmp_path / "h.csv")])
    assert res.exit_code == 0, res.output
    assert len(read_table(tmp_path / "h.csv")) > 0 and "Warning" not in res.output


@pytest.mark.parametrize("command", ["health", "commitments"])
def test_now_before_the_first_message_warns_instead_of_an_unexplained_empty_table(tmp_path,
                                                                                   command):
    scored = _two_weeks_of_rows(tmp_path / "scored.parquet")
    res = CliRunner().invoke(cli, [command, str(scored), "--now", "2025-01-31", "-o",
                                   str(tmp_path / "o.csv")])
    assert res.exit_code == 0, res.output
    warnings = [ln for ln in res.stderr.splitlines() if ln.startswith("Warning:")]
    assert len(warnings) == 1, res.output
    assert "--now 2025-01-31 is before the first usable message (2025-03-03 10:00 UTC)" in warnings[0]
    # the same table without --now has rows and no warning
    res = CliRunner().invoke(cli, [command, str(scored), "-o", str(tmp_path / "o.csv")])
    assert res.exit_code == 0 and "Warning" not in res.output, res.output
    assert len(read_table(tmp_path / "o.csv")) > 0


@pytest.mark.parametrize("command", ["health", "commitments"])
@pytest.mark.parametrize("quiet", ["-q", "--quiet"])
def test_quiet_health_and_commitments_print_nothing_but_errors(tmp_path, command, quiet):
    scored = _two_weeks_of_rows(tmp_path / "scored.parquet")
    out = tmp_path / "o.csv"
    for extra in ([], ["--now", "2025-01-31"]):  # with and without a warning to give
        res = CliRunner().invoke(cli, [command, str(scored), quiet, *extra, "-o", str(out)])
        assert res.exit_code == 0 and res.output == "", res.output
        assert out.exists()
    res = invoke(command, str(scored), quiet, "--now", "31/01/2025", "-o", str(out))
    assert one_error_line(res)


@pytest.mark.parametrize("command", ["health", "commitments"])
def test_json_summary_of_health_and_commitments_counts_rows_left_out(tmp_path, command):
    scored = _two_weeks_of_rows(tmp_path / "scored.parquet")
    rows = read_table(scored)
    rows.loc[[0, 1], "status"] = ["error", "duplicate"]
    rows.loc[2, "direction"] = "internal"
    write_table(rows, scored)
    out = tmp_path / "o.jsonl"
    res = CliRunner().invoke(cli, [command, str(scored), "--json", "-o", str(out)])
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout)
    assert summary["output"] == str(out) and summary["rows"] == len(read_table(out)) > 0
    assert summary["messages"] == {
        "read": 10, "used": 7, "left_out": 3,
        "left_out_by_reason": {"status error": 1, "status duplicate": 1, "internal": 1}, "not_english": {}}
    assert summary["warnings"] == []
    res = CliRunner().invoke(cli, [command, str(scored), "--json", "--now", "2025-02-01",
                                   "-o", str(out)])
    summary = json.loads(res.stdout)
    assert summary["rows"] == 0 and len(summary["warnings"]) == 1
    assert "before the first usable message" in summary["warnings"][0]
    assert res.stderr == ""


@pytest.mark.parametrize("ext", ["parquet", "csv", "jsonl"])
def test_scan_warns_when_internal_domain_matches_none_of_our_mail(fake_scorer, make_mbox, tmp_path,
                                                                  ext):
    box = make_mbox(n=20)  # half from bob@ourco.example, half from three client domains
    out = tmp_path / f"s.{ext}"
    res = CliRunner().invoke(cli, ["scan", str(box), "--internal-domain", "eu.ourco.example",
                                   "-o", str(out), "-j", "1"])
    assert res.exit_code == 0, res.output
    warnings = [ln for ln in res.stderr.splitlines() if ln.startswith("Warning:")]
    assert len(warnings) == 1, res.stderr
    assert "all 20 email messages came out inbound" in warnings[0]
    assert "ourco.example (10)" in warnings[0]  # the most common sender domain, named first
    assert "did you mean --internal-domain ourco.example?" in warnings[0]
    assert warnings[0].index("ourco.example (10)") < warnings[0].index("acme.example")


def test_scan_direction_warning_is_silent_when_right_and_in_json_or_quiet(fake_scorer, make_mbox,
                                                                          tmp_path):
    box = make_mbox(n=20)
    out = str(tmp_path / "s.parquet")
    res = CliRunner().invoke(cli, ["scan", str(box), "--internal-domain", "ourco.example",
                                   "-o", out, "-j", "1"])
    assert res.exit_code == 0 and "Warning" not in res.output, res.output
    res = CliRunner().invoke(cli, ["scan", str(box), "--internal-domain", "ourco.exampel",
                                   "-o", out, "-j", "1", "--json"])
    assert res.exit_code == 0 and res.stderr == "", res.output
    (warning,) = json.loads(res.stdout)["warnings"]
    assert "check --internal-domain (ourco.exampel)" in warning and "did you mean" not in warning
    res = CliRunner().invoke(cli, ["scan", str(box), "--internal-domain", "ourco.exampel",
                                   "-o", out, "-j", "1", "-q"])
    assert res.exit_code == 0 and res.output == "", res.output


def test_missing_model_is_one_error_line_before_any_work(make_mbox, tmp_path, monkeypatch):
    empty = tmp_path / "no-models"
    empty.mkdir()
    monkeypatch.setenv("FRICTIONSCAN_MODELS", str(empty))
    out = tmp_path / "s.parquet"
    line = one_error_line(invoke("scan", str(make_mbox()), "-o", str(out)))
    assert "model" in line.lower()
    assert not out.exists() and not list(tmp_path.glob("s.parquet*"))


def test_commands_from_other_modules_plug_in_lazily(tmp_path, monkeypatch):
    import frictionscan.cli as cli_mod

    (tmp_path / "fs_extra_cmd.py").write_text(
        "import click\n@click.command()\ndef extra():\n    '''Make an extra.'''\n"
        "    click.echo('extra ran')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(cli_mod.LAZY_COMMANDS, "extra", "fs_extra_cmd:extra")
    monkeypatch.setitem(cli_mod.LAZY_COMMANDS, "later", "fs_not_written_yet:cmd")
    listing = invoke("--help").output
    assert "extra" in listing and "later" not in listing
    assert invoke("extra").output == "extra ran\n"
    assert invoke("later").exit_code == 2


def test_killed_scan_leaves_no_partial_output_and_can_resume(tmp_path, mbox_bytes):
    """SIGTERM mid-run: no output, no temp file; the state file lets --resume finish the job."""
    import os
    import signal
    import time

    box = tmp_path / "big.mbox"
    box.write_bytes(mbox_bytes(3000))
    out = tmp_path / "s.csv"
    code = ("import sys, time, frictionscan.parallel as p\n"
            "def slow(chunk, opts):\n    time.sleep(0.05)\n    return chunk.assign(frustration=0.5)\n"
            "p._score = slow\n"
            "p._preload = lambda opts: None\n"
            "from frictionscan.cli import main\n"
            "main(['scan', sys.argv[1], '-o', sys.argv[2], '-j', '1', '--split-size', '1',"
            " '--chunksize', '200', *sys.argv[3:]])\n")
    proc = subprocess.Popen([sys.executable, "-c", code, str(box), str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    state = tmp_path / "s.csv.scan-state.json"
    deadline = time.time() + 60

    def tasks_done() -> int:
        try:
            return len(json.loads(state.read_text())["tasks"])
        except (OSError, ValueError):
            return 0

    while tasks_done() == 0 and time.time() < deadline:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "--resume" in err and "Traceback" not in err
    assert not out.exists() and not list(tmp_path.glob(".s.csv.*"))
    done = subprocess.run([sys.executable, "-c", code, str(box), str(out), "--resume", "--json"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert 0 < report["tasks_skipped"] < report["tasks"]
    df = read_table(out)
    assert df["source_index"].tolist() == list(range(3000))
    assert (df["frustration"] == 0.5).all()


def test_summary_warns_when_a_source_lost_messages(capsys):
    from frictionscan.cli import _print_summary
    from frictionscan.parallel import ScanReport, SourceCounts

    report = ScanReport(output="s.csv", rows=9, totals={"ok": 9, "duplicate": 0, "error": 0},
                        sources=[SourceCounts("a.mbox", expected=10, rows=9, ok=9)])
    _print_summary(report, as_json=False)
    out, err = capsys.readouterr()
    assert "-1 not read" not in out and "+1 not read" in out
    assert "1 message(s) counted in the sources have no row" in err


def test_a_worker_that_dies_gives_one_error_line_and_resume_finishes(fake_pipeline, make_mbox,
                                                                      tmp_path, monkeypatch):
    import os

    import frictionscan.parallel as par

    box = make_mbox(n=3000)  # > 1 MB: at least two tasks, so workers run
    out = tmp_path / "s.parquet"
    real = par._score
    me = os.getpid()

    def dies_on_message_2500(chunk, opts):
        if os.getpid() != me and 2500 in chunk["source_index"].tolist():
            os._exit(9)  # like the kernel's OOM killer: no cleanup in the worker
        return real(chunk, opts)

    monkeypatch.setattr(par, "_score", dies_on_message_2500)
    res = invoke("scan", str(box), "-o", str(out), "-j", "2", "--split-size", "1", "--chunksize",
                 "500")
    line = one_error_line(res)
    assert "worker process died" in line and "--resume" in line
    assert not out.exists()
    monkeypatch.setattr(par, "_score", real)
    res = invoke("scan", str(box), "-o", str(out), "-j", "2", "--split-size", "1", "--chunksize",
                 "500", "--resume")
    assert res.exit_code == 0, res.output
    assert len(read_table(out)) == 3000


def test_scan_reads_any_helpdesk_layout_with_format_and_column(tmp_path):
    cases = tmp_path / "cases.csv"
    cases.write_text("Case,Who,Email,When,Message\n"
                     "C-1,Ann Lee,ann@acme.com,2025-03-03T09:00:00Z,The export failed again.\n"
                     "C-1,Bo Chen,bo@ourco.io,2025-03-03T10:00:00Z,\"Sorry, fixing it now.\"\n")
    out = tmp_path / "s.csv"
    res = invoke("scan", str(cases), "--internal-domain", "ourco.io", "--format", "helpdesk",
                 "--column", "ticket_id=Case", "--column", "author=Who", "--column", "author_email=Email",
                 "--column", "created_at=When", "--column", "body='Message'", "-o", str(out), "-j", "1")
    assert res.exit_code == 0, res.output
    rows = read_table(out)
    assert rows[["status", "thread_id", "direction"]].values.tolist() == [
        ["ok", "ticket-C-1", "inbound"], ["ok", "ticket-C-1", "outbound"]]


@pytest.mark.parametrize(("args", "message"), [
    (["--format", "pst"], "'pst' is not a format"),
    (["--column", "ticket_id"], "is not FIELD=COLUMN"),
    (["--column", "ticket=Case"], "'ticket' is not a field"),
])
def test_scan_refuses_a_bad_format_or_column_with_one_line(tmp_path, args, message):
    src = tmp_path / "cases.csv"
    src.write_text("Case,Message\nC-1,hi\n")
    res = invoke("scan", str(src), *args, "-o", str(tmp_path / "s.csv"))
    assert message in one_error_line(res)


def test_the_left_out_line_counts_mail_after_now_as_left_out(tmp_path):
    rows = pd.DataFrame({
        "message_id": ["m1", "m2", "m3"], "status": "ok",
        "timestamp": pd.to_datetime(["2025-03-03T10:00Z", "2025-03-04T11:00Z", "2025-03-09T12:00Z"], utc=True),
        "relationship": "acme", "direction": ["inbound", "outbound", "inbound"],
        "text": ["Still waiting.", "Sorry, on it.", "Thanks!"], **{s: [0.1] * 3 for s in SIGNALS},
    })
    path = tmp_path / "scored.parquet"
    write_table(rows, path)
    res = invoke("health", str(path), "--now", "2025-03-04", "-o", str(tmp_path / "h.csv"))
    assert "Read 3 messages: 2 used, 1 left out (1 after --now)." in res.output, res.output


def test_a_refused_scan_prints_no_warning_before_its_error(tmp_path):
    src = tmp_path / "cases.csv"
    src.write_text("Case,Message\nC-1,hi\n")
    res = invoke("scan", str(src), "--column", "ticket=Case", "-o", str(tmp_path / "s.csv"))
    assert res.exit_code != 0 and "Warning" not in res.output


def test_a_closed_pipe_on_stdout_is_not_reported_as_an_error(monkeypatch, tmp_path):
    """`frictionscan scan ... | head -4` printed 'Error: Broken pipe' (an OSError like a full disk)."""
    import frictionscan.cli as cli_module

    def closed_pipe(*args, **kwargs):
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(cli_module, "_left_out_line", closed_pipe)
    path = tmp_path / "scored.parquet"
    write_table(pd.DataFrame({
        "message_id": ["m1"], "status": ["ok"], "relationship": ["acme"], "direction": ["inbound"],
        "timestamp": pd.to_datetime(["2025-03-03T10:00Z"], utc=True), "text": ["Hello."],
        **{s: [0.1] for s in SIGNALS}}), path)
    res = invoke("health", str(path), "-o", str(tmp_path / "h.csv"))
    assert "Broken pipe" not in res.output
