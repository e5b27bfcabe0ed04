"""mbox streaming: separators, >From escaping, byte ranges for parallel reading, CRLF, junk."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import frictionscan as fs
from frictionscan.ingest import email as em

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "email"


def envelope(i: int) -> bytes:
    return b"From user%d@acme.com Mon Mar  4 09:%02d:00 2024\n" % (i, i % 60)


def message(i: int, body: bytes = b"hello") -> bytes:
    return (envelope(i) + b"From: user%d@acme.com\nTo: bob@northwind.io\nSubject: s%d\n"
            b"Message-ID: <m%d@acme.com>\n\n" % (i, i, i) + body + b"\n\n")


def test_mbox_yields_one_raw_message_per_separator(tmp_path):
    p = tmp_path / "box.mbox"
    p.write_bytes(b"".join(message(i) for i in range(5)))
    raws = list(em.iter_mbox_messages(p))
    assert len(raws) == 5
    assert all(r.startswith(b"From: user") for r in raws)


def test_mbox_unescapes_from_lines_in_bodies():
    df = fs.read(FIX / "thread.mbox", internal_domains=["northwind.io"])
    assert "\nFrom our side nothing changed" in df.loc[0, "text"]
    assert ">From our side" not in df.loc[0, "text"]


def test_mbox_body_line_starting_with_from_is_not_a_separator(tmp_path):
    body = b"See the notes.\nFrom my side, at 10:30 we agreed on the date.\nFrom now on weekly."
    p = tmp_path / "box.mbox"
    p.write_bytes(message(0, body) + message(1))
    df = fs.read(p, internal_domains=["northwind.io"])
    assert len(df) == 2
    assert "From my side, at 10:30" in df.loc[0, "text"]


def test_mbox_with_crlf_line_ends_reads_both_messages():
    df = fs.read(FIX / "crlf.mbox", internal_domains=["northwind.io"])
    assert df["text"].tolist() == ["First body.", "Second body."]
    assert df["message_id"].tolist() == ["crlf1@acme.com", "crlf2@acme.com"]


def test_mbox_with_byte_order_mark_and_leading_blank_lines_is_detected_and_read(tmp_path):
    p = tmp_path / "box"
    p.write_bytes(b"\xef\xbb\xbf\n\n" + message(0) + message(1))
    df = fs.read(p, internal_domains=["northwind.io"])
    assert df["status"].tolist() == ["ok", "ok"]
    assert df["sender"].tolist() == ["user0@acme.com", "user1@acme.com"]


def test_a_blank_line_under_the_first_from_line_keeps_every_message(tmp_path):
    p = tmp_path / "box.mbox"
    first = message(0)
    eol = first.index(b"\n") + 1
    p.write_bytes(first[:eol] + b"\n" + first[eol:] + message(1))  # an empty line before the headers
    df = fs.read(p, internal_domains=["northwind.io"])
    assert df["status"].tolist() == ["ok", "ok"]
    assert df["sender"].tolist() == ["user0@acme.com", "user1@acme.com"]
    assert df["text"].tolist() == ["hello", "hello"]


@pytest.mark.parametrize("fmt", ["mbox", "auto"])  # named, or recognised despite the preamble
def test_mbox_junk_before_first_separator_becomes_an_error_row(tmp_path, fmt):
    p = tmp_path / "box.mbox"
    p.write_bytes(b"garbage line one\ngarbage line two\n\n" + message(0) + message(1))
    df = fs.read(p, format=fmt, internal_domains=["northwind.io"])
    assert df["status"].tolist() == ["error", "ok", "ok"]
    assert df.loc[0, "error"].startswith("not an email")
    assert df["source_index"].tolist() == [0, 1, 2]


def test_an_email_quoting_an_mbox_envelope_in_its_body_is_still_one_email(tmp_path):
    p = tmp_path / "fwd"
    p.write_bytes(message(0).split(b"\n", 1)[1] + b"\n" + message(1))  # headers first, an mbox inside
    df = fs.read(p, internal_domains=["northwind.io"])
    assert len(df) == 1 and df.loc[0, "status"] == "ok"


def test_mbox_empty_message_between_separators_is_an_error_row(tmp_path):
    p = tmp_path / "box.mbox"
    p.write_bytes(message(0) + envelope(1) + b"\n" + message(2))
    df = fs.read(p, internal_domains=["northwind.io"])
    assert df["status"].tolist() == ["ok", "error", "ok"]


def test_mbox_scanner_is_independent_of_read_chunk_size(tmp_path, monkeypatch):
    p = tmp_path / "box.mbox"
    p.write_bytes(FIX.joinpath("thread.mbox").read_bytes() + FIX.joinpath("crlf.mbox").read_bytes())
    expected = list(em.iter_mbox_messages(p))
    monkeypatch.setattr(em, "CHUNK", 7)
    assert list(em.iter_mbox_messages(p)) == expected


def test_split_mbox_ranges_read_independently_give_the_whole_file(tmp_path):
    p = tmp_path / "box.mbox"
    p.write_bytes(b"".join(message(i, b"body %d\n" % i * (i % 7 + 1)) for i in range(200)))
    whole = list(em.iter_mbox_messages(p))
    for parts in (1, 2, 3, 8, 500):
        ranges = em.split_mbox(p, parts)
        assert ranges[0][0] == 0 and ranges[-1][1] == p.stat().st_size
        assert all(a[1] == b[0] for a, b in itertools.pairwise(ranges))
        pieces = [m for s, e in ranges for m in em.iter_mbox_messages(p, s, e)]
        assert pieces == whole


def test_split_mbox_of_a_small_file_gives_fewer_ranges(tmp_path):
    p = tmp_path / "box.mbox"
    p.write_bytes(message(0))
    assert em.split_mbox(p, 4) == [(0, p.stat().st_size)]


lines = st.sampled_from([
    b"", b"hello", b"From here on", b">From escaped", b"From x@y Mon Mar  4 09:12:00 2024",
    b"Subject: fake", b"From a b 10:30", b"\r", b">>From deep",
])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bodies=st.lists(st.lists(lines, max_size=6), min_size=1, max_size=8),
       parts=st.integers(1, 5))
def test_split_and_stream_agree_for_generated_mboxes(tmp_path, bodies, parts):
    p = tmp_path / "gen.mbox"
    p.write_bytes(b"".join(message(i, b"\n".join(b)) for i, b in enumerate(bodies)))
    whole = list(em.iter_mbox_messages(p))
    pieces = [m for s, e in em.split_mbox(p, parts) for m in em.iter_mbox_messages(p, s, e)]
    assert pieces == whole


@pytest.mark.parametrize("n", [0, 1, 3])
def test_read_mbox_rows_out_equal_messages_in(tmp_path, n):
    p = tmp_path / "box.mbox"
    p.write_bytes(b"".join(message(i) for i in range(n)))
    df = fs.read(p, internal_domains=["northwind.io"])
    assert len(df) == n
