"""`frictionscan scan` bookkeeping with a stand-in reader and scorer (see conftest.fake_pipeline):
counts in = counts out, deterministic order across jobs, resume, atomic output, the count report."""

from __future__ import annotations

import itertools
import json

import pandas as pd
import pytest
from click.testing import CliRunner

from frictionscan.cli import cli
from frictionscan.io import read_table
from frictionscan.parallel import count_mbox_messages, plan_tasks, scan, state_paths


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize("ext", ["parquet", "csv", "jsonl"])
def test_scan_writes_one_row_per_message_in_each_format(fake_pipeline, make_mbox, tmp_path, ext):
    box = make_mbox(n=25)
    out = tmp_path / f"scored.{ext}"
    res = run("scan", str(box), "--internal-domain", "ourco.example", "-o", str(out), "-j", "1")
    assert res.exit_code == 0, res.output
    df = read_table(out)
    assert len(df) == 25
    assert df["source_index"].tolist() == list(range(25))
    assert "frustration" in df and "evidence" in df
    assert "messages read: 25" in res.output


def test_big_mbox_is_split_and_jobs_do_not_change_the_output(fake_pipeline, make_mbox, tmp_path):
    box = make_mbox(n=300)
    one, two = tmp_path / "one.parquet", tmp_path / "two.parquet"
    r1 = scan([box], one, internal_domains=["ourco.example"], jobs=1, split_bytes=16_000, chunksize=25)
    r2 = scan([box], two, internal_domains=["ourco.example"], jobs=2, split_bytes=16_000, chunksize=25)
    assert r1.tasks > 3 and r2.tasks == r1.tasks
    a, b = read_table(one), read_table(two)
    pd.testing.assert_frame_equal(a, b)
    assert a["source_index"].tolist() == list(range(300))


def test_byte_ranges_cover_every_message_exactly_once(make_mbox):
    box = make_mbox(n=120, junk_at={1, 50})
    tasks = plan_tasks([box], split_bytes=3_000)
    assert len(tasks) > 5
    assert tasks[0].start == 0 and tasks[-1].end == box.stat().st_size
    assert all(a.end == b.start for a, b in itertools.pairwise(tasks))
    assert all(a.offset + a.expected == b.offset for a, b in itertools.pairwise(tasks))
    assert sum(t.expected for t in tasks) == 120 == count_mbox_messages(box)


def test_count_of_mbox_ignores_from_lines_inside_bodies(tmp_path):
    p = tmp_path / "b.mbox"
    p.write_bytes(
        b"From a@x Mon Jan  1 10:00:00 2024\nSubject: 1\n\nFrom what I heard, fine.\n"
        b">From the archive, escaped.\n\n"
        b"From b@x Mon Jan  1 11:00:00 2024\nSubject: 2\n\nhi\n"
    )
    assert count_mbox_messages(p) == 2


def test_duplicates_across_ranges_are_flagged_like_within_one_file(fake_pipeline, make_mbox, tmp_path):
    box = make_mbox(n=200, dup_of={190: 3})  # message 190 repeats the Message-ID of message 3
    out = tmp_path / "s.parquet"
    report = scan([box], out, jobs=2, split_bytes=5_000)
    df = read_table(out)
    row = df[df["source_index"] == 190].iloc[0]
    assert row["status"] == "duplicate" and pd.isna(row["frustration"]) and row["evidence"] == []
    assert df.loc[df["source_index"] == 3, "status"].item() == "ok"
    assert report.totals == {"ok": 199, "duplicate": 1, "automated": 0, "skipped": 0, "error": 0}


def test_count_report_per_source_proves_nothing_was_lost(fake_pipeline, make_mbox, tmp_path):
    a = make_mbox("a.mbox", n=30, junk_at={4})
    b = make_mbox("b.mbox", n=12, start=1000, dup_of={1005: 1000})
    out = tmp_path / "s.csv"
    res = run("scan", str(a), str(b), "-o", str(out), "--internal-domain", "ourco.example",
              "--json")
    assert res.exit_code == 0, res.output
    rep = json.loads(res.output[res.output.index("{"):])
    by = {s["source"]: s for s in rep["sources"]}
    assert by[str(a)] == {"source": str(a), "expected": 30, "rows": 30, "ok": 29, "duplicate": 0,
                          "automated": 0, "skipped": 0, "error": 1, "folder": None}  # folder: only a Maildir's files
    assert by[str(b)]["expected"] == 12 and by[str(b)]["duplicate"] == 1
    assert rep["rows"] == 42 == len(read_table(out))
    assert rep["totals"] == {"ok": 40, "duplicate": 1, "automated": 0, "skipped": 0, "error": 1}
    assert rep["relationships"] == 3


def test_text_summary_lists_each_source_with_expected_and_read(fake_pipeline, make_mbox, tmp_path):
    a = make_mbox("a.mbox", n=9)
    res = run("scan", str(a), "-o", str(tmp_path / "s.jsonl"), "--internal-domain", "ourco.example")
    assert res.exit_code == 0
    line = next(ln for ln in res.output.splitlines() if "a.mbox" in ln)
    # expected read ok duplicate automated skipped error
    assert line.split()[1:] == ["9", "9", "9", "0", "0", "0", "0"]
    assert "relationships: 3" in res.output


def test_interrupted_run_leaves_no_output_and_resume_finishes_only_the_rest(
    fake_pipeline, make_mbox, tmp_path, monkeypatch
):
    box = make_mbox(n=200)
    out = tmp_path / "s.parquet"
    log = tmp_path / "scored.log"
    monkeypatch.setenv("FS_TEST_SCORE_LOG", str(log))
    monkeypatch.setenv("FS_TEST_INTERRUPT_AT", "150")
    with pytest.raises(KeyboardInterrupt):
        scan([box], out, jobs=1, split_bytes=8_000, chunksize=20)
    assert not out.exists()
    state_file, parts = state_paths(out)
    state = json.loads(state_file.read_text())
    done_before = [k for k, v in state["tasks"].items() if v["done"]]
    assert 0 < len(done_before) < len(plan_tasks([box], split_bytes=8_000))
    first_run = log.read_text().splitlines()

    monkeypatch.delenv("FS_TEST_INTERRUPT_AT")
    log.write_text("")
    report = scan([box], out, jobs=1, split_bytes=8_000, chunksize=20, resume=True)
    redone = log.read_text().splitlines()
    assert report.tasks_skipped == len(done_before)
    assert not set(redone) & set(first_run[:-1])  # finished chunks were not scored again
    df = read_table(out)
    assert df["source_index"].tolist() == list(range(200))
    assert not parts.exists()
    fresh = tmp_path / "fresh.parquet"
    scan([box], fresh, jobs=1, split_bytes=8_000, chunksize=20)
    pd.testing.assert_frame_equal(df, read_table(fresh))


def test_cli_interrupt_says_how_to_resume(fake_pipeline, make_mbox, tmp_path, monkeypatch):
    box = make_mbox(n=10)
    monkeypatch.setenv("FS_TEST_INTERRUPT_AT", "5")
    res = CliRunner().invoke(cli, ["scan", str(box), "-o", str(tmp_path / "s.csv"), "-j", "1"])
    assert res.exit_code == 130
    assert "--resume" in res.output and not (tmp_path / "s.csv").exists()


def test_resume_of_a_finished_run_redoes_nothing(fake_pipeline, make_mbox, tmp_path, monkeypatch):
    box = make_mbox(n=20)
    out = tmp_path / "s.parquet"
    scan([box], out, jobs=1)
    log = tmp_path / "log"
    monkeypatch.setenv("FS_TEST_SCORE_LOG", str(log))
    report = scan([box], out, jobs=1, resume=True)
    assert not log.exists() and report.rows == 20 and report.sources[0].expected == 20


def test_resume_redoes_a_source_that_changed(fake_pipeline, make_mbox, tmp_path, mbox_bytes):
    box = make_mbox(n=20)
    out = tmp_path / "s.parquet"
    scan([box], out, jobs=1)
    box.write_bytes(mbox_bytes(25))
    report = scan([box], out, jobs=1, resume=True)
    assert report.rows == 25 and report.tasks_skipped == 0


def test_resume_with_other_options_is_refused(fake_pipeline, make_mbox, tmp_path):
    box = make_mbox(n=5)
    out = tmp_path / "s.csv"
    assert run("scan", str(box), "-o", str(out), "--internal-domain", "a.example").exit_code == 0
    res = run("scan", str(box), "-o", str(out), "--internal-domain", "b.example", "--resume")
    assert res.exit_code == 1
    assert res.output.startswith("Error: --resume") and "without --resume" in res.output


def test_resume_with_another_model_is_refused(fake_pipeline, make_mbox, tmp_path, monkeypatch):
    # parts scored by two models must never be mixed into one output (exploratory QA)
    import frictionscan.parallel as par

    box = make_mbox(n=5)
    out = tmp_path / "s.csv"
    assert run("scan", str(box), "-o", str(out)).exit_code == 0
    monkeypatch.setattr(par, "_model_sha256", lambda: "0" * 64)
    res = run("scan", str(box), "-o", str(out), "--resume")
    assert res.exit_code == 1 and "different options" in res.output and "0" * 64 in res.output


def test_resume_with_the_other_model_tier_is_refused(fake_pipeline, make_mbox, tmp_path):
    # parts scored by the fast and the accurate tier must not be mixed either
    box = make_mbox(n=5)
    out = tmp_path / "s.csv"
    assert run("scan", str(box), "-o", str(out)).exit_code == 0
    res = run("scan", str(box), "-o", str(out), "--model", "accurate", "--resume")
    assert res.exit_code == 1 and "different options" in res.output
    assert "model_tier: 'fast' -> 'accurate'" in res.output


def test_resume_of_a_finished_run_whose_output_was_replaced_redoes_it(fake_pipeline, make_mbox, tmp_path):
    box = make_mbox(n=20)
    out = tmp_path / "s.csv"
    scan([box], out, jobs=1)
    out.write_text("message_id\nx\n")  # someone overwrote the finished output
    report = scan([box], out, jobs=1, resume=True)
    assert report.rows == 20 and report.tasks_skipped == 0 and len(read_table(out)) == 20


def test_progress_is_silent_when_stderr_is_not_a_terminal(fake_pipeline, make_mbox, tmp_path):
    box = make_mbox(n=5)
    res = CliRunner().invoke(cli, ["scan", str(box), "-o", str(tmp_path / "s.csv"), "-q"])
    assert res.exit_code == 0 and res.output == ""


def test_progress_line_is_drawn_when_asked(fake_pipeline, make_mbox, tmp_path, capsys):
    box = make_mbox(n=5)
    scan([box], tmp_path / "s.csv", jobs=1, progress=True)
    err = capsys.readouterr().err
    assert "messages" in err and "msg/s" in err and "100%" in err


def test_folder_is_scanned_file_by_file_and_equals_one_iter_read(fake_scorer, make_mbox, tmp_path,
                                                                    mbox_bytes):
    import frictionscan as fs

    a = make_mbox("mail/a.mbox", n=150)
    b = make_mbox("mail/sub/b.mbox", n=40, start=1000, dup_of={1010: 3})  # repeats an id of a.mbox
    (tmp_path / "mail" / "notes.txt").write_text("not a mailbox at all\n")
    (tmp_path / "mail" / ".hidden.mbox").write_bytes(mbox_bytes(2))
    out = tmp_path / "s.parquet"
    report = scan([tmp_path / "mail"], out, internal_domains=["ourco.example"], jobs=2,
                  split_bytes=8_000)
    assert [(s.source, s.expected, s.rows, s.ok, s.duplicate, s.error) for s in report.sources] == [
        (str(a), 150, 150, 150, 0, 0),
        (str(tmp_path / "mail" / "notes.txt"), None, 1, 0, 0, 1),
        (str(b), 40, 40, 39, 1, 0),
    ]
    ref = pd.concat(list(fs.iter_read(tmp_path / "mail", internal_domains=["ourco.example"])),
                    ignore_index=True)
    pd.testing.assert_frame_equal(read_table(out)[list(ref.columns)], ref)


def test_parallel_ranges_give_exactly_what_one_sequential_iter_read_gives(fake_scorer, make_mbox,
                                                                          tmp_path):
    import frictionscan as fs

    box = make_mbox(n=400, dup_of={390: 5}, junk_at={7})  # no References: threads by subject
    out = tmp_path / "s.parquet"
    report = scan([box], out, internal_domains=["ourco.example"], jobs=2, split_bytes=10_000)
    assert report.tasks > 4
    ref = pd.concat(list(fs.iter_read(box, internal_domains=["ourco.example"])), ignore_index=True)
    got = read_table(out)
    pd.testing.assert_frame_equal(got[list(ref.columns)], ref)
    assert report.sources[0].expected == 400 and report.totals["duplicate"] == 1


def test_many_small_files_are_read_in_bundles_and_counted_per_file(fake_scorer, tmp_path,
                                                                   mbox_bytes):
    import frictionscan as fs

    folder = tmp_path / "eml"
    folder.mkdir()
    raw = mbox_bytes(40).split(b"\nFrom ")
    for i, msg in enumerate(raw):
        body = msg.split(b"\n", 1)[1]  # drop the envelope line
        (folder / f"{i:03d}.eml").write_bytes(body)
    (folder / "zz-junk.bin").write_bytes(b"\x00\x01 not mail")
    tasks = plan_tasks([folder], split_bytes=2_000)
    assert 1 < len(tasks) < 41 and any(t.members for t in tasks)
    out = tmp_path / "s.jsonl"
    report = scan([folder], out, internal_domains=["ourco.example"], jobs=2, split_bytes=2_000)
    assert len(report.sources) == 41 and all(s.rows == 1 for s in report.sources)
    assert report.totals == {"ok": 40, "duplicate": 0, "automated": 0, "skipped": 0, "error": 1}
    ref = pd.concat(list(fs.iter_read(folder, internal_domains=["ourco.example"])),
                    ignore_index=True)
    pd.testing.assert_frame_equal(read_table(out)[list(ref.columns)], ref)


def test_output_inside_the_scanned_folder_is_never_read_back(fake_scorer, make_mbox, tmp_path):
    box = make_mbox("mail/a.mbox", n=12)
    out = box.parent / "scored.csv"
    first = scan([box.parent], out, internal_domains=["ourco.example"], jobs=1)
    again = scan([box.parent], out, internal_domains=["ourco.example"], jobs=1)
    assert [s.source for s in first.sources] == [s.source for s in again.sources] == [str(box)]
    assert first.rows == again.rows == 12


def test_resume_after_a_completed_run_redoes_only_the_changed_source(fake_pipeline, make_mbox,
                                                                      tmp_path, mbox_bytes):
    a, b = make_mbox("a.mbox", n=10), make_mbox("b.mbox", n=5, start=100)
    out = tmp_path / "s.parquet"
    scan([a, b], out, jobs=1)
    b.write_bytes(mbox_bytes(7, start=100))
    report = scan([a, b], out, jobs=1, resume=True)
    # the finished run's parts are gone, so a.mbox is read again too: nothing may go missing
    assert report.rows == 17 and len(read_table(out)) == 17
    assert [(s.source, s.rows) for s in report.sources] == [(str(a), 10), (str(b), 7)]


def test_scan_of_sources_without_messages_writes_an_empty_table_with_columns(fake_pipeline,
                                                                            tmp_path):
    empty = tmp_path / "empty.mbox"  # an empty mailbox (an empty .eml is an error row)
    empty.write_bytes(b"")
    out = tmp_path / "s.csv"
    report = scan([empty], out, jobs=1)
    assert report.rows == 0
    assert "frustration" in read_table(out).columns


def test_thread_window_bounds_the_merge_index_and_keeps_every_row(fake_scorer, make_mbox, tmp_path):
    import frictionscan.parallel as par

    box = make_mbox(n=300)
    made = []
    real = par._Rethreader

    class Spy(real):
        def __init__(self, window):
            super().__init__(window)
            made.append(self)

    par._Rethreader = Spy
    try:
        report = scan([box], tmp_path / "s.parquet", internal_domains=["ourco.example"], jobs=1,
                      split_bytes=10_000, thread_window=100)
    finally:
        par._Rethreader = real
    assert made[0].restarts >= 2  # 300 messages, a fresh index every ~100
    assert report.rows == 300 and read_table(tmp_path / "s.parquet")["thread_id"].notna().all()


@pytest.mark.skipif(not __import__("sys").platform.startswith("linux"), reason="prctl is Linux-only")
def test_a_worker_dies_when_the_main_process_is_killed():
    # SIGKILL (or the OOM killer) on `scan` used to leave its workers blocked on the task pipe forever
    import os
    import signal
    import time

    from frictionscan.parallel import _die_with_parent

    read, write = os.pipe()
    main = os.fork()
    if main == 0:  # the "main process": forks a worker, reports its pid, then waits to be killed
        worker = os.fork()
        if worker == 0:
            _die_with_parent(os.getppid())
            time.sleep(60)
            os._exit(0)
        os.write(write, str(worker).encode())
        time.sleep(60)
        os._exit(0)
    worker = int(os.read(read, 32))
    os.kill(main, signal.SIGKILL)
    os.waitpid(main, 0)
    deadline = time.time() + 10
    while time.time() < deadline:
        try:  # gone, or a zombie waiting for init to reap it
            with open(f"/proc/{worker}/stat") as f:
                if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                    break
        except FileNotFoundError:
            break
        time.sleep(0.05)
    else:
        os.kill(worker, signal.SIGKILL)
        pytest.fail("the worker outlived the killed main process")


def test_an_output_that_is_one_of_the_sources_is_refused_and_the_input_kept(tmp_path):
    export = tmp_path / "tickets.csv"  # a helpdesk export is a .csv, like a scan output can be
    export.write_text("Ticket ID,Author,Author email,Body,Created at\n1,Ann,ann@acme.com,Still waiting.,2025-03-01\n")
    before = export.read_bytes()
    res = run("scan", str(export), "-o", str(tmp_path / "." / "tickets.csv"))
    assert res.exit_code == 1 and "also one of the sources" in res.output
    assert export.read_bytes() == before


def test_one_file_named_twice_in_different_spellings_is_read_once(fake_pipeline, make_mbox, tmp_path,
                                                                 monkeypatch):
    box = make_mbox(n=7)
    monkeypatch.chdir(box.parent)
    link = tmp_path / "link.mbox"
    link.symlink_to(box)
    report = scan([box.name, str(box), link], tmp_path / "s.csv", jobs=1)
    assert report.rows == 7 and len(report.sources) == 1 and report.sources[0].expected == 7


def test_an_mbox_keeps_the_path_the_user_gave_as_its_source(fake_pipeline, make_mbox, tmp_path,
                                                             monkeypatch):
    # rows of an mbox read through a link, or by a relative name, say so, as other files' rows do
    box = make_mbox(n=3)
    link = tmp_path / "link.mbox"
    link.symlink_to(box)
    scan([link], tmp_path / "s.csv", jobs=1)
    assert set(read_table(tmp_path / "s.csv")["source"]) == {str(link)}
