"""Fixtures for the command-line tests: small mailboxes written on the fly, and a stand-in pipeline.

``fake_pipeline`` replaces the reader and the scorer inside :mod:`frictionscan.parallel` with small,
deterministic versions (so the bookkeeping, parallelism, resume and output tests do not depend on the
trained models). Worker processes are forked, so they inherit the replacement. Tests marked
``end_to_end`` use the real pipeline instead.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from frictionscan.schemas import SIGNALS, messages_frame

CLIENTS = ["acme.example", "globex.example", "initech.example"]
LINES = [
    "We are still waiting on the revised export you promised last week.",
    "Thanks a lot for turning this around so quickly, the team is delighted.",
    "I will send the corrected invoice by Friday noon.",
    "This is the third time I am asking about the missing files.",
    "Sorry, that one is on us: we shipped the wrong build.",
    "Could you confirm the meeting time for Tuesday?",
]


def mbox_bytes(n: int, *, start: int = 0, dup_of: dict[int, int] | None = None,
               junk_at: set[int] | None = None) -> bytes:
    """``n`` messages in mbox format; ``dup_of[i] = j`` gives message i the Message-ID of j."""
    out = []
    for i in range(start, start + n):
        mid = (dup_of or {}).get(i, i)
        client = CLIENTS[mid % len(CLIENTS)]
        inbound = i % 2 == 0
        frm = f"ann{i % 5}@{client}" if inbound else "bob@ourco.example"
        to = "bob@ourco.example" if inbound else f"ann{i % 5}@{client}"
        body = "\n".join(LINES[(i + k) % len(LINES)] for k in range(1 + i % 4))
        if i % 3 == 0:
            body += "\n\nOn Mon, Mar 4, 2024 at 10:00 AM Bob <bob@ourco.example> wrote:\n> Earlier note.\n"
        out.append(f"From {frm} Mon Mar  4 10:{i % 60:02d}:00 2024\n")
        if junk_at and i in junk_at:
            out.append("this line is not a header at all\n\nand neither is this\n\n")
            continue
        out.append(
            f"Message-ID: <m{mid}@{client}>\nFrom: {frm}\nTo: {to}\n"
            f"Subject: Project update {i % 7}\nDate: Mon, 4 Mar 2024 10:{i % 60:02d}:00 +0000\n\n"
            f"{body}\n\n"
        )
    return "".join(out).encode()


@pytest.fixture(name="mbox_bytes")
def _mbox_bytes_fixture():
    return mbox_bytes


@pytest.fixture
def make_mbox(tmp_path):
    def make(name: str = "inbox.mbox", n: int = 20, **kw) -> Path:
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(mbox_bytes(n, **kw))
        return p

    return make


_HEADER = re.compile(rb"^([A-Za-z-]+): (.*)$", re.M)


def _fake_iter_chunks(task, opts):
    """Stand-in reader: B's mbox splitter + a few headers; every raw message becomes one row."""
    from frictionscan.ingest.email import iter_mbox_messages

    recs = []
    for i, raw in enumerate(iter_mbox_messages(task.source, task.start or 0, task.end),
                            start=task.offset):
        head, _, body = raw.partition(b"\n\n")
        h = {k.decode().lower(): v.decode() for k, v in _HEADER.findall(head)}
        rec = {"source": task.source, "source_index": i, "channel": "email"}
        if "message-id" not in h:
            rec.update(status="error", error="not an email: no headers found")
        else:
            frm = h.get("from", "")
            dom = frm.split("@")[-1]
            internal = dom in opts.internal_domains
            rec.update(
                message_id=h["message-id"].strip("<>"), sender=frm, subject=h.get("subject"),
                timestamp=h.get("date"), text=body.decode().split("\n\nOn ")[0].strip(),
                relationship=h.get("to", "").split("@")[-1] if internal else dom,
                direction="outbound" if internal else "inbound", thread_id="t", status="ok",
            )
        recs.append(rec)
        if len(recs) == opts.chunksize:
            yield messages_frame(recs)
            recs = []
    if recs:
        yield messages_frame(recs)


def _fake_score(chunk, opts):
    """Stand-in scorer: deterministic numbers from the text; NaN for rows that are not ok."""
    _score_hook(chunk)
    df = chunk.copy()
    ok = (df["status"] == "ok").fillna(False).to_numpy()
    lens = df["text"].fillna("").str.len().to_numpy(dtype=float)
    for k, s in enumerate(SIGNALS):
        df[s] = np.where(ok, ((lens * (k + 3)) % 97) / 97.0, np.nan)
        df[f"{s}_flag"] = pd.array([bool(v > 0.5) if o else pd.NA for v, o in zip(df[s], ok, strict=True)],
                                   dtype="boolean")
    df["evidence"] = [
        [{"signal": "frustration", "start": 0, "end": min(5, int(n)), "text": t[:5], "proba": 0.7}]
        if o and n > 5 else []
        for o, n, t in zip(ok, lens, df["text"].fillna(""), strict=True)
    ]
    df["commitment_due"] = pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns, UTC]")
    return df


def _score_hook(chunk):
    """Log what is scored ($FS_TEST_SCORE_LOG) and simulate Ctrl-C ($FS_TEST_INTERRUPT_AT)."""
    idx = chunk["source_index"].dropna().astype(int).tolist()
    log = os.environ.get("FS_TEST_SCORE_LOG")
    if log and idx:
        with open(log, "a") as fh:
            fh.write(f"{min(idx)}-{max(idx)}\n")
    stop = os.environ.get("FS_TEST_INTERRUPT_AT")
    if stop and int(stop) in idx:
        raise KeyboardInterrupt


@pytest.fixture
def fake_pipeline(monkeypatch):
    import frictionscan.parallel as par

    monkeypatch.setattr(par, "_iter_task_chunks", _fake_iter_chunks)
    monkeypatch.setattr(par, "_score", _fake_score)
    monkeypatch.setattr(par, "_preload", lambda opts: None)
    monkeypatch.setattr(par, "_empty_scored", lambda: _fake_score(messages_frame([]), None))
    return par


@pytest.fixture
def fake_scorer(monkeypatch):
    """Only the scorer replaced: the real ingest pipeline reads the sources."""
    import frictionscan.parallel as par

    monkeypatch.setattr(par, "_score", _fake_score)
    monkeypatch.setattr(par, "_preload", lambda opts: None)
    monkeypatch.setattr(par, "_empty_scored", lambda: _fake_score(messages_frame([]), None))
    return par
