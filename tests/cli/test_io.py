"""Output writers: every format round-trips the scored table, chunked and atomically."""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frictionscan.errors import OutputError, SourceNotFoundError, UnsupportedFormatError
from frictionscan.io import TableWriter, iter_table, output_format, read_table, write_table
from frictionscan.schemas import SIGNALS, messages_frame

FORMATS = ["parquet", "csv", "jsonl", "csv.gz", "jsonl.gz"]


def scored_frame(n: int = 3) -> pd.DataFrame:
    """A small table shaped like frictionscan.score's output (message table + signal columns)."""
    recs = []
    for i in range(n):
        recs.append({
            "message_id": f"m{i}@client.example",
            "thread_id": "t1",
            "relationship": "client.example" if i % 2 else None,
            "direction": "inbound",
            "sender": "ann@client.example",
            "timestamp": f"2024-03-0{1 + i % 9}T10:15:00+01:00",
            "subject": "Re: the export, again",
            "text": 'Still waiting, "again".\nSecond line, with a comma' if i != 1 else "",
            "source": "inbox.mbox",
            "source_index": i,
            "status": "ok" if i != 2 else "error",
            "error": None if i != 2 else "not an email: no headers found",
        })
    df = messages_frame(recs)
    ok = df["status"] == "ok"
    for k, s in enumerate(SIGNALS):
        df[s] = np.where(ok, 0.1 * (k + 1), np.nan)
        df[f"{s}_flag"] = pd.array([bool(k % 2) if o else pd.NA for o in ok], dtype="boolean")
    df["evidence"] = [
        [{"signal": "unmet_expectation", "start": 0, "end": 13, "text": "Still waiting", "proba": 0.8}]
        if i == 0 else [] for i in range(n)
    ]
    df["commitment_due"] = pd.to_datetime(
        (["2024-03-08T17:00:00Z"] + [None] * n)[:n], utc=True
    ).astype("datetime64[ns, UTC]")
    return df


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_round_trips_values_dtypes_and_evidence(tmp_path, fmt):
    df = scored_frame(5)
    path = write_table(df, tmp_path / f"scored.{fmt}", chunksize=2)
    back = read_table(path)
    # CSV cannot tell an empty string from a missing one; everything else is exact
    expected = df.copy()
    if fmt.startswith("csv"):
        expected.loc[expected["text"] == "", "text"] = pd.NA
    pd.testing.assert_frame_equal(back, expected)
    assert back.loc[0, "evidence"][0]["text"] == "Still waiting"


def test_parquet_keeps_evidence_nested_and_text_formats_store_json(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    df = scored_frame(2)
    write_table(df, tmp_path / "s.parquet")
    assert pa.types.is_list(pq.read_schema(tmp_path / "s.parquet").field("evidence").type)
    write_table(df, tmp_path / "s.csv")
    raw = pd.read_csv(tmp_path / "s.csv")
    assert raw.loc[0, "evidence"].startswith('[{"signal": "unmet_expectation"')


def test_output_format_comes_from_the_file_name():
    assert output_format("a/b.PARQUET") == ("parquet", False)
    assert output_format("x.ndjson") == ("jsonl", False)
    assert output_format("x.csv.gz") == ("csv", True)
    with pytest.raises(OutputError, match=r"\.parquet"):
        output_format("scored.xlsx")


def test_unknown_extension_and_missing_folder_are_refused_before_any_work(tmp_path):
    with pytest.raises(OutputError, match="output format"):
        TableWriter(tmp_path / "scored.txt")
    with pytest.raises(OutputError, match="does not exist"):
        TableWriter(tmp_path / "no" / "such" / "scored.csv")
    with pytest.raises(OutputError, match="is a folder"):
        TableWriter(tmp_path)


def test_read_only_folder_is_refused(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    # root ignores permission bits, so also try a read-only file system
    target = ro if os.geteuid() != 0 else Path("/sys")
    try:
        with pytest.raises(OutputError, match="not writable"):
            TableWriter(target / "scored.csv")
    finally:
        ro.chmod(0o700)


@pytest.mark.parametrize("fmt", FORMATS)
def test_interrupted_write_leaves_no_file_and_keeps_the_old_one(tmp_path, fmt):
    out = tmp_path / f"scored.{fmt}"
    write_table(scored_frame(1), out)
    before = out.read_bytes()
    with pytest.raises(KeyboardInterrupt), TableWriter(out) as w:
        w.write(scored_frame(3))
        raise KeyboardInterrupt
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]


def test_nothing_appears_at_the_destination_until_close(tmp_path):
    out = tmp_path / "scored.parquet"
    w = TableWriter(out)
    w.write(scored_frame(2))
    assert not out.exists()
    assert w.tmp_path.parent == tmp_path  # same folder: the final rename is atomic
    w.close()
    assert out.exists() and not w.tmp_path.exists()
    assert len(read_table(out)) == 2


def test_chunks_with_different_columns_are_refused(tmp_path):
    with TableWriter(tmp_path / "x.csv") as w:
        w.write(pd.DataFrame({"a": [1]}))
        with pytest.raises(OutputError, match="differ"):
            w.write(pd.DataFrame({"b": [1]}))


def test_iter_table_streams_in_chunks(tmp_path):
    df = scored_frame(7)
    for fmt in ("parquet", "csv", "jsonl"):
        p = write_table(df, tmp_path / f"s.{fmt}", chunksize=3)
        assert [len(c) for c in iter_table(p, chunksize=3)] == [3, 3, 1]


def test_reading_a_missing_or_foreign_file_says_what_to_do(tmp_path):
    with pytest.raises(SourceNotFoundError, match="no such file"):
        read_table(tmp_path / "nope.parquet")
    (tmp_path / "x.xlsx").write_bytes(b"x")
    with pytest.raises(UnsupportedFormatError, match="frictionscan scan"):
        read_table(tmp_path / "x.xlsx")


def test_a_parquet_table_renamed_to_csv_is_refused_with_the_formats_to_name_it(tmp_path):
    scored = write_table(scored_frame(), tmp_path / "s.parquet")
    renamed = tmp_path / "s.csv"
    renamed.write_bytes(Path(scored).read_bytes())
    with pytest.raises(UnsupportedFormatError, match=r"cannot read .*s\.csv' as CSV.*\.parquet"):
        read_table(renamed)


def _damaged(line: str, damage: str) -> str:
    if damage == "cut in half":
        return line[: len(line) // 2] + "\n"
    if damage == "an array":
        return "[1, 2]\n"
    return "null\n"


@pytest.mark.parametrize("ext", ["jsonl", "jsonl.gz"])
@pytest.mark.parametrize("damage", ["cut in half", "an array", "null"])
def test_a_json_lines_table_with_a_bad_line_in_the_middle_is_refused_naming_that_line(tmp_path, ext, damage):
    # QA39: JSON Lines is read one line at a time; a line that is not one row (damaged, or valid
    # JSON but no object, which read as columns named 0 and 1) says which line it is, also when
    # it is past the first chunk
    import gzip

    path = write_table(scored_frame(7), tmp_path / f"s.{ext}")
    opener = gzip.open if ext.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        lines = fh.readlines()
    lines[4] = _damaged(lines[4], damage)
    with opener(path, "wt", encoding="utf-8") as fh:
        fh.writelines(lines)
    for read in (lambda: read_table(path), lambda: list(iter_table(path, chunksize=2))):
        with pytest.raises(UnsupportedFormatError, match=r"as JSON Lines.*: line 5\b.*frictionscan scan"):
            read()


def test_a_json_lines_table_cut_short_names_its_last_line(tmp_path):
    path = write_table(scored_frame(3), tmp_path / "s.jsonl")
    path.write_bytes(path.read_bytes()[:-40])
    with pytest.raises(UnsupportedFormatError, match=r"as JSON Lines, as its name says: line 3: "):
        read_table(path)


def test_json_lines_read_back_every_row_when_every_column_is_excluded(tmp_path):
    df = scored_frame(3)
    path = write_table(df, tmp_path / "s.jsonl")
    assert [len(c) for c in iter_table(path, exclude=df.columns)] == [3]


def test_json_lines_probabilities_read_back_as_the_nearest_float_to_what_was_written(tmp_path):
    # pd.read_json parses numbers with a fast, inexact parser (1 ulp off for about a third of the
    # probabilities in a real scan); json.loads rounds each decimal correctly, as Parquet keeps it
    df = scored_frame(200)
    df["frustration"] = np.random.default_rng(0).random(200)
    path = write_table(df, tmp_path / "s.jsonl")
    import json

    written = [json.loads(line)["frustration"] for line in path.read_text().splitlines()]
    assert read_table(path)["frustration"].tolist() == written


def test_empty_table_round_trips_its_columns(tmp_path):
    df = scored_frame(0)
    for fmt in ("parquet", "csv"):
        back = read_table(write_table(df, tmp_path / f"e.{fmt}"))
        assert list(back.columns) == list(df.columns) and len(back) == 0


@pytest.mark.parametrize("name", ["e.jsonl", "e.jsonl.gz"])
def test_an_empty_json_lines_scan_reads_back_like_the_empty_csv_and_health_takes_it(tmp_path, name):
    # QA16: JSON Lines has no header, so health could not read an empty scan's output
    from click.testing import CliRunner

    from frictionscan.cli import cli

    empty = tmp_path / "nothing"
    empty.mkdir()
    for out in (name, "e.csv"):
        res = CliRunner().invoke(cli, ["scan", str(empty), "-o", str(tmp_path / out), "-j", "1"])
        assert res.exit_code == 0, res.output
    back, csv = read_table(tmp_path / name), read_table(tmp_path / "e.csv")
    assert len(back) == 0 and list(back.columns) == list(csv.columns)
    assert back.dtypes.astype(str).tolist() == csv.dtypes.astype(str).tolist()
    assert "evidence" not in read_table(tmp_path / name, exclude=["evidence"]).columns
    health = CliRunner().invoke(cli, ["health", str(tmp_path / name), "-o", str(tmp_path / "h.csv")])
    assert health.exit_code == 0, health.output


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1),
                      min_size=1, max_size=6),
       fmt=st.sampled_from(["parquet", "csv", "jsonl"]))
def test_any_unicode_text_survives_every_format(tmp_path, texts, fmt):
    df = pd.DataFrame({"text": pd.Series(texts, dtype="string"), "x": [math.pi] * len(texts)})
    back = read_table(write_table(df, tmp_path / f"u.{fmt}"))
    got = back["text"].tolist()
    if fmt == "csv":  # CSV cannot tell "" from missing, and the csv reader turns \r\n into \n
        want = [pd.NA if t == "" else t for t in texts]
        norm = [g.replace("\r\n", "\n") if isinstance(g, str) else g for g in got]
        assert [g if isinstance(g, str) else None for g in norm] == [
            w.replace("\r\n", "\n") if isinstance(w, str) else None for w in want
        ]
    else:
        assert got == texts


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_excluded_columns_are_not_read(tmp_path, fmt):
    df = scored_frame(3)
    back = read_table(write_table(df, tmp_path / f"s.{fmt}"), exclude=["quoted_text", "text"])
    assert list(back.columns) == [c for c in df.columns if c not in ("quoted_text", "text")]
    assert len(back) == 3


def test_json_lines_read_back_without_their_text_do_not_hold_the_text_in_memory(tmp_path):
    # QA36: after a 200,000-message scan to .jsonl, the summary's read of a few small columns
    # (exclude= the rest) parsed whole 50,000-line chunks with every column, text and evidence
    # included: 2.5 GB peak RSS where the scan itself had needed 450 MB
    import tracemalloc

    df = scored_frame(400)
    df["text"] = "We are still waiting for the corrected invoice. " * 400  # ~20 KB a message
    path = write_table(df, tmp_path / "big.jsonl")
    size = path.stat().st_size
    tracemalloc.start()
    try:
        rows = sum(len(c) for c in iter_table(path, exclude=["text", "quoted_text", "evidence"]))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert rows == 400
    assert peak < size / 4, f"peak {peak:,} bytes to read {size:,} bytes of which the text is excluded"


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_outputs_get_the_permissions_of_a_normally_created_file_not_owner_only(tmp_path):
    from frictionscan.io import TableWriter

    old = os.umask(0o022)
    try:
        with TableWriter(tmp_path / "scored.csv") as w:
            w.write(pd.DataFrame({"x": [1]}))
    finally:
        os.umask(old)
    assert (tmp_path / "scored.csv").stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("fmt", FORMATS)
def test_probabilities_round_trip_to_double_precision_in_every_format(tmp_path, fmt):
    df = pd.DataFrame({"frustration": [0.123456789012345678, 1 / 3, 2e-12, 0.99999999999]})
    back = read_table(write_table(df, tmp_path / f"p.{fmt}"))
    assert np.allclose(back["frustration"], df["frustration"], rtol=1e-14, atol=0)  # JSON Lines rounded at 1e-10


def test_plain_pandas_reads_our_parquet_with_the_nullable_dtypes(tmp_path):
    # flags with missing values (error rows) came back as object; Int64 and string are kept too
    df = scored_frame(4)
    path = tmp_path / "s.parquet"
    with TableWriter(path) as w:
        w.write(df.iloc[:2])
        w.write_arrow(__import__("pyarrow").Table.from_pandas(df.iloc[2:], preserve_index=False))
    back = pd.read_parquet(path)
    assert str(back["frustration_flag"].dtype) == "boolean"
    assert back["frustration_flag"].isna().sum() == df["frustration_flag"].isna().sum()
    assert str(back["source_index"].dtype) == "Int64"
    assert str(back["message_id"].dtype).startswith("string")


def test_a_successful_write_removes_temp_files_a_killed_writer_left_for_the_same_output(tmp_path):
    # what a SIGKILLed run leaves: the writer's own temp name, never renamed nor deleted
    killed = TableWriter(tmp_path / "scored.parquet")
    killed.write(pd.DataFrame({"x": [1]}))
    stale = killed.tmp_path
    old = os.stat(stale).st_mtime - 3600
    os.utime(stale, (old, old))
    others = [tmp_path / ".other.parquet.abcd1234.tmp",  # another output's temp file
              tmp_path / ".scored.parquet.notes.tmp",  # not the writer's pattern
              tmp_path / "scored.parquet.abcd1234.tmp"]  # not hidden: not the writer's
    for p in others:
        p.write_text("keep me")
        os.utime(p, (old, old))
    with TableWriter(tmp_path / "scored.parquet") as w:
        w.write(pd.DataFrame({"x": [2]}))
    assert not stale.exists()
    assert all(p.exists() for p in others)
    assert read_table(tmp_path / "scored.parquet")["x"].tolist() == [2]


def test_a_second_writer_still_running_keeps_its_temp_file(tmp_path):
    running = TableWriter(tmp_path / "scored.parquet")  # started first, quiet for a moment
    running.write(pd.DataFrame({"x": [1]}))
    with TableWriter(tmp_path / "scored.parquet") as w:
        w.write(pd.DataFrame({"x": [2]}))
    assert running.tmp_path.exists()
    running.write(pd.DataFrame({"x": [3]}))
    running.close()
    assert read_table(tmp_path / "scored.parquet")["x"].tolist() == [1, 3]


def test_an_aborted_write_leaves_earlier_temp_files_alone(tmp_path):
    left = tmp_path / ".scored.csv.abcd1234.tmp"
    left.write_text("x\n")
    w = TableWriter(tmp_path / "scored.csv")
    w.write(pd.DataFrame({"x": [1]}))
    w.abort()
    assert left.exists()
