"""The ingest pipeline: walking sources, format detection, error rows, streaming, filling records."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import frictionscan as fs
from frictionscan.errors import InvalidOptionError, SourceNotFoundError
from frictionscan.ingest import registry
from frictionscan.ingest.pipeline import RecordFinisher, make_options
from frictionscan.schemas import MESSAGE_COLUMNS, validate_messages

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "email"


@pytest.fixture
def mixed(tmp_path):
    """A folder holding an mbox, a Maildir, loose .eml files, junk and hidden files."""
    root = tmp_path / "export"
    shutil.copytree(FIX / "maildir", root / "b_maildir")
    shutil.copy(FIX / "thread.mbox", root / "a_thread.mbox")
    (root / "c_loose").mkdir()
    shutil.copy(FIX / "alternative.eml", root / "c_loose" / "one.eml")
    shutil.copy(FIX / "html_only.eml", root / "c_loose" / "renamed.txt")  # detected from content
    shutil.copy(FIX / "hostile" / "junk.bin", root / "c_loose" / "junk.bin")
    (root / ".DS_Store").write_bytes(b"\x00\x01junk")
    (root / "Inbox.msf").write_text("// <!-- <mdb:mork:z v=\"1.4\"/> -->")
    (root / "empty.mbox").write_bytes(b"")  # an empty mailbox: no message, no row
    return root


def test_read_folder_reads_every_format_recursively_in_sorted_order(mixed):
    df = fs.read(mixed, internal_domains=["northwind.io"])
    validate_messages(df)
    names = [Path(s).name for s in df["source"]]
    assert names[:6] == ["a_thread.mbox"] * 6
    assert names[6:8] == ["1710000000.M1P1.host", "1709000000.M2P2.host:2,S"]  # new/ then cur/
    assert names[8:] == ["junk.bin", "one.eml", "renamed.txt"]
    assert df.loc[9, "text"] == "Plain version: thank you for the quick fix."


def test_junk_file_in_folder_is_one_error_row_and_the_batch_goes_on(mixed):
    df = fs.read(mixed, internal_domains=["northwind.io"])
    junk = df[df["source"].str.endswith("junk.bin")]
    assert len(junk) == 1
    assert junk.iloc[0]["status"] == "error"
    assert junk.iloc[0]["error"].startswith("no reader recognised this file")
    assert df["status"].value_counts().to_dict() == {"ok": 9, "error": 1, "duplicate": 1}


def test_hidden_and_index_files_are_skipped_an_empty_mailbox_gives_no_row(mixed):
    df = fs.read(mixed, internal_domains=["northwind.io"])
    names = {Path(s).name for s in df["source"]}
    assert not names & {".DS_Store", "Inbox.msf", "empty.mbox"}


def test_maildir_thread_spans_new_and_cur(mixed):
    df = fs.read(mixed / "b_maildir", internal_domains=["northwind.io"])
    assert df["thread_id"].tolist() == ["md1@initech.co.uk"] * 2
    assert df["direction"].tolist() == ["inbound", "outbound"]


def test_symlink_loop_in_folder_is_read_once(tmp_path):
    shutil.copy(FIX / "alternative.eml", tmp_path / "a.eml")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    df = fs.read(tmp_path, internal_domains=["northwind.io"])
    assert len(df) == 1


def test_missing_path_raises_source_not_found(tmp_path):
    with pytest.raises(SourceNotFoundError, match="no such file or folder"):
        fs.read(tmp_path / "nope.mbox")
    with pytest.raises(FileNotFoundError):
        fs.iter_read(tmp_path / "nope.mbox")


def test_explicit_file_with_unknown_content_is_an_error_row_not_an_exception():
    df = fs.read(FIX / "hostile" / "notes.txt", internal_domains=["northwind.io"])
    assert df["status"].tolist() == ["error"]
    assert df.loc[0, "error"].startswith("no reader recognised this file: text that is not an email")


def test_a_script_whose_first_line_holds_a_comma_is_not_called_a_csv_file(tmp_path):
    # QA16: reading data/samples/ described build_samples.py as "a CSV file with columns [...]"
    p = tmp_path / "build.py"
    p.write_text('"""Build the sample mailbox, deterministically, from stories.\n\nEverything here is made up.\n')
    assert fs.read(p).loc[0, "error"].startswith("no reader recognised this file: text that is not an email")


def test_an_unrecognised_export_says_what_it_looks_like_and_how_to_read_it(tmp_path):
    p = tmp_path / "cases.csv"
    p.write_text("Case number,Account,Opened,Note\nC-1,Acme,2025-03-03,Webhooks flood our endpoint\n")
    error = fs.read(p).loc[0, "error"]
    assert "a CSV file with columns ['Case number', 'Account', 'Opened', 'Note']" in error
    assert "format='helpdesk'" in error and "--format helpdesk --column ticket_id=" in error


def test_format_forces_a_reader():
    df = fs.read(FIX / "hostile" / "notes.txt", format="eml", internal_domains=["northwind.io"])
    assert df["status"].tolist() == ["error"]
    assert df.loc[0, "error"] == "not an email: no headers found"
    with pytest.raises(InvalidOptionError, match="unknown format"):
        fs.read(FIX / "thread.mbox", format="pst")


@pytest.mark.parametrize("bad", [{"chunksize": 0}, {"chunksize": "10"}, {"max_body_chars": -1},
                                 {"internal_domains": [3]}, {"columns": "text"}])
def test_invalid_options_raise_with_a_helpful_message(bad):
    with pytest.raises(InvalidOptionError):
        kw = {"internal_domains": ["northwind.io"], **bad}
        result = fs.read(FIX / "thread.mbox", **kw)
        list(result) if not isinstance(result, pd.DataFrame) else None


def test_iter_read_yields_chunks_that_concatenate_to_read(mixed):
    whole = fs.read(mixed, internal_domains=["northwind.io"])
    chunks = list(fs.iter_read(mixed, internal_domains=["northwind.io"], chunksize=4))
    assert [len(c) for c in chunks] == [4, 4, 3]
    joined = pd.concat(chunks, ignore_index=True)
    pd.testing.assert_frame_equal(joined, whole)


def test_read_with_chunksize_returns_an_iterator_of_frames():
    it = fs.read(FIX / "thread.mbox", internal_domains=["northwind.io"], chunksize=5)
    assert [len(c) for c in it] == [5, 1]


def test_read_of_an_empty_folder_is_an_empty_table(tmp_path):
    df = fs.read(tmp_path)
    assert list(df.columns) == list(MESSAGE_COLUMNS) and len(df) == 0


def test_every_column_has_its_documented_dtype(mixed):
    df = fs.read(mixed, internal_domains=["northwind.io"])
    assert {c: str(t) for c, t in df.dtypes.items()} == MESSAGE_COLUMNS


# --- records from other readers (transcripts, helpdesk, plug-ins) -------------------------------


def test_finisher_fills_what_any_reader_left_empty():
    fin = RecordFinisher(make_options(internal_domains=["northwind.io"], relationship="Acme"))
    rec = fin.finish({"sender": "Dana (Acme)", "text": "We are not happy.", "channel": "transcript",
                      "source": "call.vtt", "source_index": 0, "subject": "Weekly sync"})
    assert rec["status"] == "ok" and rec["channel"] == "transcript"
    assert rec["message_id"].startswith("fs-") and rec["thread_id"]
    assert rec.get("direction") is None  # a speaker name, not an address: the reader decides
    assert rec["relationship"] == "Acme"
    same = fin.finish({"sender": "Dana (Acme)", "text": "We are not happy.", "channel": "transcript",
                       "source": "call.vtt", "source_index": 1})
    assert same["status"] == "ok"  # identical words at another position are a new utterance


def test_a_registered_reader_goes_through_the_same_pipeline(tmp_path):
    def sniff(path, head):
        return head.startswith(b"TICKETS\n")

    def read(path, options):
        for i, line in enumerate(path.read_text().splitlines()[1:]):
            sender, text = line.split("|")
            yield {"sender": sender, "text": text, "channel": "helpdesk", "source_index": i}
        raise RuntimeError("export truncated")

    registry.register_reader(registry.Reader(name="test_tickets", sniff=sniff, read=read, priority=5))
    try:
        (tmp_path / "t.txt").write_text("TICKETS\nann@acme.com|Still broken\nbob@northwind.io|On it\n")
        df = fs.read(tmp_path / "t.txt", internal_domains=["northwind.io"])
    finally:
        registry._READERS.pop("test_tickets", None)
    assert df.loc[0, "direction"] == "inbound"
    assert pd.isna(df.loc[1, "direction"])  # our agent, audience unknown
    assert df.loc[0, "relationship"] == "acme.com"
    assert df["status"].tolist() == ["ok", "ok", "error"]
    assert "export truncated" in df.loc[2, "error"]
    assert df["source"].tolist() == [str(tmp_path / "t.txt")] * 3


def test_duplicates_across_files_are_flagged_in_source_order(tmp_path):
    shutil.copy(FIX / "alternative.eml", tmp_path / "a.eml")
    shutil.copy(FIX / "alternative.eml", tmp_path / "b.eml")
    df = fs.read(tmp_path, internal_domains=["northwind.io"])
    assert df["status"].tolist() == ["ok", "duplicate"]


def test_public_docstring_examples_run(tmp_path, monkeypatch):
    import doctest

    from frictionscan.ingest import accounts, email, pipeline, threading

    monkeypatch.chdir(tmp_path)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for module in (pipeline, email, accounts, threading):
        for test in doctest.DocTestFinder().find(module):
            runner.run(test)
    assert runner.failures == 0
    assert runner.tries > 10


def test_an_empty_file_in_a_maildir_or_an_empty_eml_in_a_folder_is_an_error_row(tmp_path):
    md = tmp_path / "md"
    for sub in ("cur", "new", "tmp"):
        (md / sub).mkdir(parents=True)
    (md / "cur" / "1741082405.M6P1.host:2,S").write_bytes(b"")
    (md / "cur" / "1741082406.M7P1.host:2,S").write_bytes(b"From: a@acme.com\nSubject: x\n\nhi\n")
    df = fs.read(md, internal_domains=["northwind.io"])
    assert df["status"].tolist() == ["error", "ok"] and df.loc[0, "error"].startswith("empty file")
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "empty.eml").write_bytes(b"")
    (tmp_path / "plain" / "one.eml").write_bytes(b"From: a@acme.com\nSubject: x\n\nhi\n")
    # (until the tenth session an empty .eml outside a Maildir gave no row: a lost message vanished)
    assert fs.read(tmp_path / "plain", internal_domains=["northwind.io"])["status"].tolist() == ["error", "ok"]


def test_a_list_of_sources_reads_into_one_table_in_order_each_file_once(tmp_path):
    samples = Path(__file__).resolve().parents[2] / "data" / "samples"
    parts = [samples / "mailbox.mbox", samples / "transcripts", samples / "helpdesk"]
    kw = {"internal_domains": ["fernwick.io"], "accounts": samples / "accounts.csv"}
    one = fs.read([*parts, str(samples / "." / "mailbox.mbox")], **kw)  # the mailbox again: read once
    each = [fs.read(p, **kw) for p in parts]
    assert len(one) == sum(len(d) for d in each) == 301
    assert one["source"].tolist() == [s for d in each for s in d["source"]]
    assert list(one.columns) == list(each[0].columns)


def test_a_missing_path_in_a_list_is_refused_before_anything_is_read(tmp_path):
    with pytest.raises(SourceNotFoundError, match=r"nope\.csv"):
        fs.read([FIX / "thread.mbox", tmp_path / "nope.csv"])
    with pytest.raises(InvalidOptionError, match="empty list"):
        fs.read([])


def _office_file(path: Path, members: dict[str, str]) -> Path:
    import zipfile

    with zipfile.ZipFile(path, "w") as z:
        for name, text in members.items():
            z.writestr(name, text)
    return path


def test_a_word_document_is_named_as_such_with_how_to_export_the_transcript(tmp_path):
    doc = _office_file(tmp_path / "Kestrel planning call 2026-03-16.docx", {
        "[Content_Types].xml": "<Types/>", "_rels/.rels": "<Relationships/>",
        "word/document.xml": "<w:document>Brook, Nadia 0:03 Good morning.</w:document>"})
    row = fs.read(doc).iloc[0]
    assert row["status"] == "error"
    assert "a Word document (.docx)" in row["error"] and "zip archive" not in row["error"]
    assert "download the transcript as .vtt" in row["error"] and "plain text (.txt)" in row["error"]
    assert row["channel"] == "transcript"  # not "email": a Word file here is a transcript export


def test_an_excel_workbook_is_named_as_such_and_a_plain_zip_stays_an_archive(tmp_path):
    book = _office_file(tmp_path / "tickets.xlsx", {"xl/workbook.xml": "<workbook/>"})
    assert "an Excel workbook (.xlsx)" in fs.read(book).loc[0, "error"]
    assert "save the sheet as CSV" in fs.read(book).loc[0, "error"]
    plain = _office_file(tmp_path / "calls.zip", {"a.vtt": "WEBVTT\n"})
    assert "a zip archive" in fs.read(plain).loc[0, "error"]


def test_a_crashing_transcript_reader_keeps_the_transcript_channel(tmp_path, monkeypatch):
    def boom(path, options):
        raise OSError("disk went away")
        yield  # pragma: no cover

    reader = registry.get_reader("transcript_text")
    monkeypatch.setitem(registry._READERS, "transcript_text",
                        registry.Reader(**{**reader.__dict__, "read": boom}))
    p = tmp_path / "call.txt"
    p.write_text("Nadia Brook: Hello.\nAlana Reyes: Hi.\nNadia Brook: Right.\n")
    row = fs.read(p).iloc[0]
    assert row["status"] == "error" and "disk went away" in row["error"]
    assert row["channel"] == "transcript"


@pytest.mark.parametrize("name", ["lost.eml", "lost.msg", "archive.pst"])
def test_an_empty_message_file_is_an_error_row_not_nothing(tmp_path, name):
    # QA15v: a 0-byte .eml/.msg/.pst (a failed export) gave no row and no line in the count table
    (tmp_path / name).write_bytes(b"")
    (tmp_path / "empty.mbox").write_bytes(b"")  # an empty mailbox still holds no message
    df = fs.read(tmp_path)
    assert df["status"].tolist() == ["error"] and df.loc[0, "source"].endswith(name)
    assert df.loc[0, "error"].startswith("empty file (0 bytes)") and df.loc[0, "channel"] == "email"
