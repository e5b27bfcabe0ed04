"""What a finished `frictionscan scan` tells a cron job: a loud warning and a distinct exit status when
rows carry Python programming errors (a frictionscan bug, not bad input), and a messages/s rate over
the rows this run actually processed after `--resume`."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from frictionscan.cli import EXIT_INTERNAL_ERROR, cli
from frictionscan.io import read_table
from frictionscan.parallel import scan


def break_reader(monkeypatch, par, reason: str, every: int = 1):
    """Make the stand-in reader turn every ``every``-th message into an error row with ``reason``,
    as the real readers word a caught exception."""
    real = par._iter_task_chunks

    def chunks(task, opts):
        for df in real(task, opts):
            hit = df["source_index"].astype(int) % every == 0
            df.loc[hit, "status"] = "error"
            df.loc[hit, "error"] = reason
            yield df

    monkeypatch.setattr(par, "_iter_task_chunks", chunks)


def bug(what: str, exc: BaseException) -> str:
    """A reason as the readers' exception handlers write it."""
    from frictionscan.ingest.registry import failure_reason

    return failure_reason(what, exc)


@pytest.mark.parametrize("reason", [
    bug("unreadable message", NameError("name '_ooo' is not defined")),
    bug("reader 'mbox' failed after 3 message(s)",
        AttributeError("'NoneType' object has no attribute 'x'")),
    bug("unreadable message", TypeError("unsupported operand type(s) for +: 'int' and 'str'")),
    bug("unreadable message", KeyError("charset")),
    bug("unreadable message", UnboundLocalError("cannot access local variable 'body'")),
])
def test_rows_failed_by_a_programming_error_warn_loudly_and_exit_with_a_distinct_status(
        fake_pipeline, make_mbox, tmp_path, monkeypatch, reason):
    break_reader(monkeypatch, fake_pipeline, reason, every=2)
    box = make_mbox(n=30)
    out = tmp_path / "s.parquet"
    for quiet in ([], ["-q"]):
        res = CliRunner().invoke(cli, ["scan", str(box), "-o", str(out), "-j", "1", *quiet])
        assert res.exit_code == EXIT_INTERNAL_ERROR not in (0, 1, 2, 130)
        warning = [line for line in res.output.splitlines() if "bug in frictionscan" in line]
        assert len(warning) == 1
        assert "15 row(s)" in warning[0] and reason.split(": ", 2)[2][:20] in warning[0]
        assert "report" in warning[0]
    df = read_table(out)  # the rows are kept: the batch never crashes
    assert len(df) == 30 and (df["status"] == "error").sum() == 15


def test_the_json_summary_counts_the_programming_errors(fake_pipeline, make_mbox, tmp_path,
                                                        monkeypatch):
    break_reader(monkeypatch, fake_pipeline, bug("unreadable message", NameError("name 'x' is not defined")),
                 every=5)
    box = make_mbox(n=20)
    res = CliRunner().invoke(cli, ["scan", str(box), "-o", str(tmp_path / "s.csv"), "-j", "2",
                                   "--json"])
    assert res.exit_code == EXIT_INTERNAL_ERROR
    start = res.output.index("{")
    end = res.output.rindex("}") + 1
    summary = json.loads(res.output[start:end])
    assert summary["internal_errors"] == 4
    assert summary["internal_error"].endswith("NameError: name 'x' is not defined")


@pytest.mark.parametrize("reason", [
    "unreadable message: ValueError: invalid literal for int()",
    "unreadable message: MIME nesting too deep",
    "not an email: no headers found",
    "cannot clean the body: UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff",
    "unreadable message: ValueError: header says 'TypeError: x'",  # quoted from the input
    "no reader recognised this file: a CSV file with columns ['Note: KeyError: see'], not an email",
    "reader 'mbox' failed after 0 message(s): NameError: quoted",  # no marker: not our handler's
])
def test_bad_input_is_an_error_row_and_still_exits_zero(fake_pipeline, make_mbox, tmp_path,
                                                       monkeypatch, reason):
    break_reader(monkeypatch, fake_pipeline, reason, every=2)
    box = make_mbox(n=10)
    res = CliRunner().invoke(cli, ["scan", str(box), "-o", str(tmp_path / "s.parquet"), "-j", "1"])
    assert res.exit_code == 0, res.output
    assert "bug in frictionscan" not in res.output


def test_after_resume_the_rate_counts_only_the_rows_processed_in_this_run(
        fake_pipeline, make_mbox, tmp_path, monkeypatch):
    box = make_mbox(n=200)
    out = tmp_path / "s.parquet"
    monkeypatch.setenv("FS_TEST_INTERRUPT_AT", "150")
    with pytest.raises(KeyboardInterrupt):
        scan([box], out, jobs=1, split_bytes=8_000, chunksize=20)
    monkeypatch.delenv("FS_TEST_INTERRUPT_AT")
    report = scan([box], out, jobs=1, split_bytes=8_000, chunksize=20, resume=True)
    assert report.tasks_skipped > 0 and report.rows == 200
    assert 0 < report.rows_reused < 200
    assert report.rows_processed == 200 - report.rows_reused
    assert report.rate == pytest.approx(report.rows_processed / report.seconds)


def test_the_resumed_summary_says_how_many_rows_were_reused(fake_pipeline, make_mbox, tmp_path,
                                                            monkeypatch):
    box = make_mbox(n=200)
    out = tmp_path / "s.parquet"
    args = ["scan", str(box), "-o", str(out), "-j", "1", "--chunksize", "20"]
    real_scan = fake_pipeline.scan
    monkeypatch.setattr(fake_pipeline, "scan",  # parts of 8 KB (--split-size counts whole MB)
                        lambda *a, **kw: real_scan(*a, **{**kw, "split_bytes": 8_000}))
    monkeypatch.setenv("FS_TEST_INTERRUPT_AT", "150")
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 130
    monkeypatch.delenv("FS_TEST_INTERRUPT_AT")
    res = CliRunner().invoke(cli, [*args, "--resume"])
    assert res.exit_code == 0, res.output
    line = next(x for x in res.output.splitlines() if "resumed:" in x)
    reused, processed = (int(n.replace(",", "")) for n in
                         re.search(r"\(([\d,]+) rows reused.* ([\d,]+) rows processed", line).groups())
    assert reused + processed == 200 and processed > 0
    again = CliRunner().invoke(cli, [*args, "--resume"])
    assert "all 200 rows are reused" in again.output
