"""Properties of the scan over wild mbox input: every message counted once, whatever the cut."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from frictionscan.parallel import count_mbox_messages, plan_tasks

LINE = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"),
            max_size=40),
    st.sampled_from(["", "From the desk of Ann:", ">From escaped", "From x@y Mon Jan  1 10:00:00 2024",
                     "From: someone@else.example", "Subject: hi", "From a@b 10:00"]),
)
MESSAGE = st.tuples(
    st.sampled_from(["From ann@acme.example Mon Mar  4 10:00:00 2024",
                     "From - Tue Mar  5 11:12:13 2024", "From bob@ourco.example 10:15"]),
    st.booleans(),
    st.lists(LINE, max_size=8),
)


def _mbox(messages, junk_head: list[str]) -> bytes:
    out = [*junk_head] if junk_head else []
    # a well-formed first message, so that the file is sniffed as an mbox (unless junk precedes)
    messages = [("From ann@acme.example Mon Mar  4 09:00:00 2024", True, ["Hello."]), *messages]
    for sep, with_headers, body in messages:
        if out and out[-1] != "":
            out.append("")
        out.append(sep)
        if with_headers:
            out += ["From: ann@acme.example", "Subject: status", ""]
        out += body
    return ("\n".join(out) + "\n").encode("utf-8")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(messages=st.lists(MESSAGE, min_size=2, max_size=12),
       junk=st.one_of(st.just([]), st.lists(LINE, max_size=2)),
       split=st.integers(min_value=40, max_value=300))
def test_ranges_partition_the_file_and_counts_agree_with_the_reader(tmp_path, messages, junk, split):
    from frictionscan.ingest.email import iter_mbox_messages

    p = tmp_path / "wild.mbox"
    p.write_bytes(_mbox(messages, junk))
    raw = list(iter_mbox_messages(p))
    assert count_mbox_messages(p) == len(raw)
    tasks = plan_tasks([p], split_bytes=split)
    event(f"{'one task' if tasks[0].start is None else 'several ranges'}")
    if tasks[0].start is None:  # one task (small file or not sniffed as mbox)
        return
    assert tasks[0].start == 0 and tasks[-1].end == p.stat().st_size
    assert all(a.end == b.start for a, b in itertools.pairwise(tasks))
    per_range = [list(iter_mbox_messages(p, t.start, t.end)) for t in tasks]
    assert [m for r in per_range for m in r] == raw
    assert [t.expected for t in tasks] == [len(r) for r in per_range]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(messages=st.lists(MESSAGE, min_size=2, max_size=10),
       split=st.integers(min_value=60, max_value=300))
def test_scan_of_wild_mbox_gives_one_row_per_counted_message(fake_scorer, tmp_path, messages, split):
    from frictionscan.io import read_table
    from frictionscan.parallel import scan

    p = tmp_path / "wild.mbox"
    p.write_bytes(_mbox(messages, []))
    out = tmp_path / "s.parquet"
    report = scan([p], out, jobs=1, split_bytes=split, internal_domains=["ourco.example"])
    df = read_table(out)
    assert report.sources[0].expected == report.rows == len(df) == count_mbox_messages(p)
    assert df["source_index"].tolist() == list(range(len(df)))
