"""`frictionscan scan` of Maildirs: cut into tasks of message files (parallel, resumable per chunk,
a moving progress line), identical rows to one sequential read, `--resume` that notices new mail, and
a count report with one line per Maildir (the real readers; only the scorer is a stand-in)."""

from __future__ import annotations

import json
import os

import pandas as pd
import pytest
from click.testing import CliRunner

from frictionscan.cli import cli
from frictionscan.io import read_table
from frictionscan.parallel import plan_tasks, scan, state_paths

DOMAIN = ["ourco.example"]


def message(i: int, *, mid: int | None = None, body: str | None = None) -> bytes:
    client = f"c{i % 3}.example"
    inbound = i % 2 == 0
    frm, to = (f"ann@{client}", "bob@ourco.example") if inbound else ("bob@ourco.example",
                                                                       f"ann@{client}")
    refs = f"In-Reply-To: <m{i - 1}@x>\nReferences: <m{i - 1}@x>\n" if i % 4 else ""
    text = body or ["We are still waiting on the export.", "Thanks, that fixed it.",
                    "I will send the invoice by Friday."][i % 3]
    return (f"From: {frm}\nTo: {to}\nSubject: Re: topic {i % 7}\n"
            f"Date: Mon, 3 Mar 2025 {i % 24:02d}:{i % 60:02d}:00 +0000\n"
            f"Message-ID: <m{i if mid is None else mid}@x>\n{refs}\n{text}\n").encode()


def make_maildir(root, n: int, *, sub: bool = True):
    """``n`` deliveries spread over new/, cur/ and a Maildir++ .Sent folder, with a duplicate
    Message-ID, replies that thread across files, an empty delivery and a junk file."""
    for d in ("cur", "new", "tmp", ".Sent/cur", ".Sent/new", ".Sent/tmp"):
        (root / d).mkdir(parents=True, exist_ok=True)
    for i in range(n):
        where = "new" if i % 10 == 0 else ("cur" if (i % 9 or not sub) else ".Sent/cur")
        name = f"{1700000000 + (i * 7919) % n}.{i}.host" + (":2,S" if "cur" in where else "")
        (root / where / name).write_bytes(message(i, mid=i - 5 if i % 37 == 36 else None))
    (root / "cur" / "0.empty.host:2,S").write_bytes(b"")
    (root / "cur" / "1.junk.host:2,S").write_bytes(b"\x00\x01 not mail")
    return root


def reference(path):
    import frictionscan as fs

    return pd.concat(list(fs.iter_read(path, internal_domains=DOMAIN)), ignore_index=True)


def test_a_maildir_is_cut_into_tasks_of_files_and_every_job_count_gives_one_sequential_read(
        fake_scorer, tmp_path, monkeypatch):
    monkeypatch.setattr(fake_scorer, "MAILDIR_FILES", 40)
    box = make_maildir(tmp_path / "mail", 300)
    tasks = plan_tasks([box])
    assert len(tasks) >= 300 // 40  # not one task for the whole Maildir
    files = [m for t in tasks for m in t.members]
    assert len(files) == len(set(files)) == 302  # every delivery in exactly one task
    ref = reference(box)
    assert len(ref) == 302
    outs = []
    for jobs in (1, 2):
        out = tmp_path / f"s{jobs}.parquet"
        report = scan([box], out, internal_domains=DOMAIN, jobs=jobs)
        assert report.tasks == len(tasks) and report.rows == 302
        outs.append(read_table(out))
        pd.testing.assert_frame_equal(outs[-1][list(ref.columns)], ref)
    pd.testing.assert_frame_equal(outs[0], outs[1])
    assert (outs[0]["status"] == "duplicate").sum() == (ref["status"] == "duplicate").sum() > 0


def test_a_maildir_task_is_also_bounded_by_the_split_size(fake_scorer, tmp_path):
    box = make_maildir(tmp_path / "mail", 60, sub=False)
    size = sum(f.stat().st_size for f in (box / "cur").iterdir())
    tasks = plan_tasks([box], split_bytes=size // 4)
    assert len(tasks) >= 4 and all(t.maildir == str(box) for t in tasks)


def test_progress_of_a_maildir_moves_before_the_end(fake_scorer, tmp_path, monkeypatch, capsys):
    import re

    monkeypatch.setattr(fake_scorer, "MAILDIR_FILES", 20)
    box = make_maildir(tmp_path / "mail", 100, sub=False)
    scan([box], tmp_path / "s.parquet", internal_domains=DOMAIN, jobs=1, progress=True)
    shown = [int(p) for p in re.findall(r"\]\s+(\d+)%", capsys.readouterr().err)]
    assert shown and 0 < shown[0] < 100 and shown[-1] == 100


@pytest.mark.parametrize("change", ["add to new", "add to cur", "remove", "rewrite", "rename flags"])
def test_resume_after_a_finished_maildir_scan_notices_changed_mail(fake_scorer, tmp_path, change):
    box = make_maildir(tmp_path / "mail", 30, sub=False)
    out = tmp_path / "s.parquet"
    first = scan([box], out, internal_domains=DOMAIN, jobs=1)
    assert first.rows == 32
    some = sorted((box / "cur").iterdir())[5]
    if change == "add to new":
        (box / "new" / "1800000000.new.host").write_bytes(message(100, body="Still waiting."))
    elif change == "add to cur":
        (box / "cur" / "1800000000.new.host:2,S").write_bytes(message(100, body="Still waiting."))
    elif change == "remove":
        some.unlink()
    elif change == "rewrite":  # same name, other content and size
        some.write_bytes(message(101, body="A completely different and longer text arrived here."))
    else:  # a mail client marks it read: the flags are part of the file name
        some.rename(some.with_name(some.name + "R"))
    report = scan([box], out, internal_domains=DOMAIN, jobs=1, resume=True)
    ref = reference(box)
    got = read_table(out)
    assert report.rows == len(got) == len(ref)
    pd.testing.assert_frame_equal(got[list(ref.columns)], ref)


def test_the_cli_repro_new_mail_in_a_maildir_is_scanned_by_resume(tmp_path, fake_scorer):
    box = tmp_path / "md"
    for d in ("cur", "new", "tmp"):
        (box / d).mkdir(parents=True)
    for i in (1, 2, 3):
        (box / "cur" / f"100{i}.x:2,S").write_bytes(message(i * 4))
    out = tmp_path / "md.parquet"
    args = ["scan", str(box), "--internal-domain", "ourco.example", "-o", str(out), "-j", "1"]
    assert CliRunner().invoke(cli, [*args, "-q"]).exit_code == 0
    (box / "new" / "1004.x").write_bytes(message(40, body="Still waiting."))
    res = CliRunner().invoke(cli, [*args, "--resume"])
    assert res.exit_code == 0, res.output
    assert len(read_table(out)) == 4 and "Wrote 4 rows" in res.output


def test_an_interrupted_maildir_scan_resumes_per_chunk(fake_scorer, tmp_path, monkeypatch):
    monkeypatch.setattr(fake_scorer, "MAILDIR_FILES", 10)
    box = make_maildir(tmp_path / "mail", 60, sub=False)
    out = tmp_path / "s.parquet"
    real = fake_scorer._score
    calls = []

    def stop_at_the_fourth_chunk(chunk, opts):
        calls.append(len(chunk))
        if len(calls) == 4:
            raise KeyboardInterrupt
        return real(chunk, opts)

    monkeypatch.setattr(fake_scorer, "_score", stop_at_the_fourth_chunk)
    with pytest.raises(KeyboardInterrupt):
        scan([box], out, internal_domains=DOMAIN, jobs=1)
    state = json.loads(state_paths(out)[0].read_text())
    assert len([v for v in state["tasks"].values() if v["done"]]) == 3
    calls.clear()
    monkeypatch.setattr(fake_scorer, "_score", real)
    report = scan([box], out, internal_domains=DOMAIN, jobs=1, resume=True)
    assert report.tasks_skipped == 3 and report.rows == 62
    assert report.rows_reused == 30 and report.rows_processed == 32
    pd.testing.assert_frame_equal(read_table(out)[list(reference(box).columns)], reference(box))


def test_the_count_report_has_one_line_per_maildir_and_the_json_keeps_every_file(
        fake_scorer, tmp_path, make_mbox):
    mail = tmp_path / "mail"
    make_maildir(mail / "box", 50)
    make_mbox("mail/z.mbox", n=5)
    out = tmp_path / "s.parquet"
    args = ["scan", str(mail), "--internal-domain", "ourco.example", "-o", str(out), "-j", "1"]
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 0, res.output
    table = res.output.split("\n\n", 1)[1].splitlines()
    names = [line.split()[0] for line in table[1:] if line.strip()]
    assert [os.path.basename(n) for n in names] == ["box", ".Sent", "z.mbox"]
    df = read_table(out)
    rows = {os.path.basename(n): line.split()[1:] for n, line in zip(names, table[1:], strict=True)}
    main_box = df["source"].str.contains("/box/(?:cur|new)/", regex=True)
    assert rows["box"][1] == f"{main_box.sum():,}"  # read
    assert rows["box"][2] == f"{(df[main_box]['status'] == 'ok').sum():,}"
    assert rows["box"][6] == f"{(df[main_box]['status'] == 'error').sum():,}" != "0"  # after skipped
    js = CliRunner().invoke(cli, [*args, "--json"])
    sources = json.loads(js.output)["sources"]
    assert len(sources) == 52 + 1  # every message file, and the mbox
    assert {s["folder"] for s in sources} == {str(mail / "box"), str(mail / "box" / ".Sent"), None}


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_a_scan_of_a_maildir_never_follows_a_link_out_of_it_nor_a_loop(fake_scorer, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "private").write_bytes(message(99, body="CONFIDENTIAL plans"))
    box = make_maildir(tmp_path / "mail", 30)
    os.symlink(outside / "private", box / "cur" / "5.link:2,S")
    os.symlink(".", box / ".Loop")
    ref = reference(box)
    assert len(ref) == 33 and (ref["error"].fillna("").str.contains("outside the folder")).sum() == 1
    outs = []
    for jobs in (1, 2):
        out = tmp_path / f"s{jobs}.parquet"
        scan([box], out, internal_domains=DOMAIN, jobs=jobs)
        outs.append(read_table(out))
        pd.testing.assert_frame_equal(outs[-1][list(ref.columns)], ref)
    assert not outs[0]["text"].fillna("").str.contains("CONFIDENTIAL").any()
