"""Build scored tables from short, readable relationship stories (test helper).

A story is a block of lines, one message each::

    d0  09:00 in  t1 Could you send the March usage report?
    d0  13:10 out t1 Here it is. | appreciation=.6
    d8  09:00 out t2 Sorry, our fault. Fixed by Friday. | apology=.9 commitment=.85 due=d11

``d<N>`` is the day counted from the story start, ``HH:MM`` the UTC time, then the direction
(``in`` client -> us, ``out`` us -> client, ``int`` internal), the thread, the text, and after ``|``
the signal probabilities (``[[...]]`` in the text marks the evidence span) that differ from the quiet default (0.05) plus optional ``due=d<N>[@HH:MM]``,
``id=...``, ``reply=<id>`` (default: the previous message in the same thread), ``status=...`` and
``channel=...`` (default ``email``; ``transcript`` makes the thread one call of turns).
"""

from __future__ import annotations

import re

import pandas as pd

from frictionscan.schemas import SIGNALS, messages_frame

QUIET = 0.05
_LINE = re.compile(r"^d(?P<day>\d+)\s+(?P<time>\d\d:\d\d)\s+(?P<dir>in|out|int)\s+(?P<thread>\S+)"
                   r"\s+(?P<rest>.*)$")
_DIRS = {"in": "inbound", "out": "outbound", "int": "internal"}


def _when(start: pd.Timestamp, token: str) -> pd.Timestamp:
    m = re.fullmatch(r"d(\d+)(?:@(\d\d):(\d\d))?", token)
    if not m:
        raise ValueError(f"bad day token {token!r}")
    hours = int(m.group(2) or 17)
    return start + pd.Timedelta(days=int(m.group(1)), hours=hours, minutes=int(m.group(3) or 0))


def _span(text: str) -> tuple[str, tuple[int, int]]:
    """``"we will send [[the export by Jan 30]]"`` -> text without brackets, evidence span."""
    a = text.find("[[")
    b = text.find("]]")
    if a < 0 or b < a:
        return text, (0, len(text))
    clean = text[:a] + text[a + 2:b] + text[b + 2:]
    return clean, (a, b - 2)


def story(relationship: str, script: str, *, start: str = "2026-01-05") -> pd.DataFrame:
    """A scored table (message columns + signals, flags, evidence, commitment_due) for a story."""
    t0 = pd.Timestamp(start, tz="UTC")
    records, extras = [], []
    last_in_thread: dict[str, str] = {}
    for n, raw in enumerate(line.strip() for line in script.strip().splitlines()):
        if not raw or raw.startswith("#"):
            continue
        m = _LINE.match(raw)
        if not m:
            raise ValueError(f"cannot parse story line {raw!r}")
        text, _, attrs = m.group("rest").partition("|")
        text, span = _span(text.strip())
        kv = dict(tok.split("=", 1) for tok in attrs.split())
        hh, mm = m.group("time").split(":")
        ts = t0 + pd.Timedelta(days=int(m.group("day")), hours=int(hh), minutes=int(mm))
        thread = f"{relationship}-{m.group('thread')}"
        mid = kv.pop("id", f"{relationship}-{n}@mail")
        direction = _DIRS[m.group("dir")]
        us, them = "am@northwind.io", f"contact@{relationship}.com"
        records.append({
            "message_id": mid, "thread_id": thread, "relationship": relationship,
            "direction": direction, "sender": them if direction == "inbound" else us,
            "recipients": us if direction == "inbound" else them, "timestamp": ts,
            "subject": thread, "text": text, "quoted_text": "",
            "in_reply_to": kv.pop("reply", last_in_thread.get(thread)), "channel": kv.pop("channel", "email"),
            "source": "story", "source_index": n, "status": kv.pop("status", "ok"),
        })
        last_in_thread[thread] = mid
        due = kv.pop("due", None)
        probs = {s: float(kv.pop(s, QUIET)) for s in SIGNALS}
        if kv:
            raise ValueError(f"unknown story attributes {sorted(kv)} in {raw!r}")
        extras.append((probs, None if due is None else _when(t0, due), span))
    df = messages_frame(records)
    for s in SIGNALS:
        df[s] = [p[s] for p, _, _ in extras]
        df[f"{s}_flag"] = pd.array([p[s] >= 0.5 for p, _, _ in extras], dtype="boolean")
    df["evidence"] = [
        [{"signal": s, "start": a, "end": b, "text": t[a:b], "proba": p[s]}
         for s in SIGNALS if p[s] >= 0.5]
        for (p, _, (a, b)), t in zip(extras, df["text"], strict=True)
    ]
    df["commitment_due"] = pd.Series([d for _, d, _ in extras], dtype=object)
    df["commitment_due"] = pd.to_datetime(df["commitment_due"], utc=True).astype(
        "datetime64[ns, UTC]")
    not_ok = df["status"] != "ok"
    df.loc[not_ok, list(SIGNALS)] = float("nan")
    return df


def stories(*frames: pd.DataFrame) -> pd.DataFrame:
    """Concatenate several stories into one scored table."""
    return pd.concat(frames, ignore_index=True)
