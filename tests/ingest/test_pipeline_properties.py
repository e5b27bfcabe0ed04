"""Properties of read(): arbitrary bytes never crash it, and rows out = messages in."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import frictionscan as fs
from frictionscan.ingest import email as em
from frictionscan.schemas import validate_messages

# FS_HYPOTHESIS_EXAMPLES=2000 pytest ... for a longer bug hunt
SETTINGS = settings(max_examples=int(os.environ.get("FS_HYPOTHESIS_EXAMPLES", "80")), deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# Pieces that push parsers into odd corners, mixed with random bytes.
nasty = st.sampled_from([
    b"From: a@acme.com\n", b"To: ,,<<>>\n", b"Subject: =?utf-8?b?####?=\n", b"Date: 31 Feb 99999\n",
    b"Content-Type: multipart/mixed; boundary=\"x\"\n", b"Content-Type: multipart/alternative\n",
    b"Content-Transfer-Encoding: base64\n", b"Content-Transfer-Encoding: quoted-printable\n",
    b"Content-Type: text/html; charset=x-nope\n", b"Content-Type: message/rfc822\n", b"--x\n",
    b"--x--\n", b"\n", b"\r\n", b"=\n", b"=ZZ", b"<html><script>", b"From x@y Mon Mar  4 09:12:00 2024\n",
    b">From ", b"\x00\xff\xfe", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"WEBVTT\n", b"\xef\xbb\xbf",
    b"Message-ID: <same@x>\n", b"References: <a> <b>\n", b"In-Reply-To: <same@x>\n",
])
blobs = st.lists(st.one_of(nasty, st.binary(max_size=40)), max_size=30).map(b"".join)


@SETTINGS
@given(data=blobs, name=st.sampled_from(["x.eml", "x.mbox", "x.msg", "x.txt", "x"]))
def test_arbitrary_bytes_never_crash_read(data, name):
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / name
        p.write_bytes(data)
        df = validate_messages(fs.read(p, internal_domains=["northwind.io"]))
        df_folder = fs.read(tmp, internal_domains=["northwind.io"])
    assert len(df) == len(df_folder)
    if data:
        assert len(df) >= 1
    assert set(df["status"]) <= {"ok", "duplicate", "error"}
    assert df.loc[df["status"] == "error", "error"].notna().all()


@SETTINGS
@given(data=blobs)
def test_arbitrary_bytes_never_crash_parse_message(data):
    rec = em.parse_message(data, source="s", index=0)
    assert rec["status"] in ("ok", "error")


def _mboxrd(bodies: list[bytes]) -> bytes:
    out = []
    for i, body in enumerate(bodies):
        escaped = b"\n".join(b">" + ln if ln.lstrip(b">").startswith(b"From ") else ln
                             for ln in body.split(b"\n"))
        out.append(b"From sender%d@acme.com Mon Mar  4 09:12:00 2024\n" % i)
        out.append(b"From: sender%d@acme.com\nSubject: n%d\n\n" % (i, i) + escaped + b"\n\n")
    return b"".join(out)


body_lines = st.lists(st.one_of(nasty, st.binary(max_size=30)).map(lambda b: b.replace(b"\n", b" ")),
                      max_size=8).map(b"\n".join)


@SETTINGS
@given(bodies=st.lists(body_lines, max_size=12), chunk=st.sampled_from([5, 64, 1 << 20]))
def test_rows_out_equal_messages_in_for_generated_mboxes(bodies, chunk):
    old = em.CHUNK
    em.CHUNK = chunk
    try:
        with tempfile.TemporaryDirectory() as tmp:
            p = Path(tmp) / "gen.mbox"
            p.write_bytes(_mboxrd(bodies))
            df = fs.read(p, format="mbox", internal_domains=["northwind.io"])
            streamed = sum(len(c) for c in fs.iter_read(p, format="mbox", chunksize=3,
                                                        internal_domains=["northwind.io"]))
    finally:
        em.CHUNK = old
    assert len(df) == len(bodies) == streamed
    assert df["source_index"].tolist() == list(range(len(bodies)))
    assert df["sender"].tolist() == [f"sender{i}@acme.com" for i in range(len(bodies))]
