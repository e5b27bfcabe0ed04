"""``explain``: why did a relationship's score move between two dates?"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .._text import drop_unsafe
from ..detect.language import unread, unread_words
from ..errors import ColumnsError, InvalidOptionError
from ..schemas import SIGNALS, evidence_items, to_utc_series
from ._engine import PATTERN_REASON, Relationship
from ._prep import _parse_now, is_bare_date, moment, prepare
from .config import COMPONENTS, HealthConfig
from .core import resolve_config

__all__ = ["Explanation", "explain"]

_MESSAGE_COLUMNS = ["message_id", "timestamp", "component", "impact", "reason", "evidence"]


@dataclass(frozen=True, repr=False)
class Explanation:
    """What moved one relationship's health between ``start`` and ``end``.

    Attributes
    ----------
    relationship, start, end : the question asked.
    health_start, health_end : the score at both moments.
    components : DataFrame (component, before, after, change), largest absolute change first.
    messages : DataFrame (message_id, timestamp, component, impact, reason, evidence), the
        messages behind the changes, largest absolute impact (in points) first.
    complete : False when built from a health table's ``drivers`` (only the top drivers of each
        period are known); pass the scored table for the full list.
    not_english : dict, language -> how many of the relationship's messages between ``start``
        and ``end`` the English signal model could not read, most first (``{"de": 4, "es": 1}``;
        empty when none, and always from a health table): they count as messages without
        friction or repair, and ``print()`` says so in one line.
    """

    relationship: str
    start: pd.Timestamp
    end: pd.Timestamp
    health_start: float
    health_end: float
    components: pd.DataFrame
    messages: pd.DataFrame
    complete: bool = True
    not_english: dict[str, int] = field(default_factory=dict)

    def __repr__(self) -> str:
        return (f"Explanation({self.relationship!r}, {self.start:%Y-%m-%d} -> {self.end:%Y-%m-%d}: "
                f"health {self.health_start:.0f} -> {self.health_end:.0f}, "
                f"{len(self.messages)} messages; print() it for the details)")

    @property
    def change(self) -> float:
        return round(self.health_end - self.health_start, 1)

    def __str__(self) -> str:
        lines = [
            f"{self.relationship}: health {self.health_start:.0f} -> {self.health_end:.0f} "
            f"({self.change:+.0f}) between {self.start:%Y-%m-%d} and {self.end:%Y-%m-%d}"
        ]
        for row in self.components.itertuples():
            if abs(row.change) < 0.05:
                continue
            lines.append(f"  {row.component:<15} {row.change:+6.1f}")
            msgs = self.messages[self.messages["component"] == row.component].head(3)
            for m in msgs.itertuples():
                when = "" if pd.isna(m.timestamp) else f"{pd.Timestamp(m.timestamp):%Y-%m-%d} "
                ev = f' "{m.evidence}"' if m.evidence else ""
                mid = "" if m.message_id is None or pd.isna(m.message_id) else f" [{m.message_id}]"
                lines.append(f"      {m.impact:+5.1f}  {when}{m.reason}{ev}{mid}")
        if self.not_english:
            n = sum(self.not_english.values())
            what, _ = unread_words(self.not_english)
            lines.append(f"  not read: {n:,} message{'s' if n != 1 else ''} in this window "
                         f"{'are' if n != 1 else 'is'} {what} and "
                         "count as messages without friction or repair")
        # names and ids come from untrusted mail: no escape sequence reaches the terminal
        return "\n".join(drop_unsafe(line) for line in lines)


def explain(
    health_or_scored: pd.DataFrame,
    relationship: str,
    start: Any,
    end: Any,
    *,
    freq: str = "W",
    config: HealthConfig | Mapping[str, Any] | None = None,
    weights: Mapping[str, float] | None = None,
    sla: Any = None,
    now: Any = None,
) -> Explanation:
    """Explain why ``relationship``'s health moved between ``start`` and ``end``.

    Given the **scored** table, the score is evaluated at both moments and every message's
    contribution is compared (complete). Given a **health** table (from :func:`health`), the rows
    of the periods containing each date are compared and the messages are the per-period ``drivers`` summed
    (``freq``/``config`` are then ignored; the list holds only the top drivers of each period).

    A bare date (``"2025-02-16"`` or a ``datetime.date``) means the state at the **end** of that
    day, as in :func:`health`, whose weekly row labelled 2025-02-16 is evaluated at the end of that
    Sunday; so both inputs give the same scores for period-end dates. A time of day is used exactly.

    ``now`` is :func:`health`'s: the scores are as of that moment (default: the latest message of
    ``scored``, as in :func:`health`), and a ``start`` or ``end`` after it is evaluated at ``now``
    (then ``end`` is that moment). So the health table's last row, whose period is not over and
    which is evaluated at ``now``, matches ``explain`` to its period's end as every other row
    does. Ignored with a health table.

    Examples
    --------
    >>> import pandas as pd, frictionscan as fs
    >>> base = {s: 0.05 for s in fs.SIGNALS}
    >>> rows = pd.DataFrame([
    ...     {"message_id": "a", "thread_id": "t", "relationship": "acme", "direction": "inbound",
    ...      "timestamp": pd.Timestamp("2026-01-05 09:00", tz="UTC"), "text": "This is broken again!",
    ...      **base, "frustration": 0.95},
    ...     {"message_id": "b", "thread_id": "t", "relationship": "acme", "direction": "outbound",
    ...      "timestamp": pd.Timestamp("2026-01-05 12:00", tz="UTC"), "text": "Sorry, our fault.",
    ...      **base, "apology": 0.9}])
    >>> ex = fs.explain(rows, "acme", "2026-01-04", "2026-01-06")
    >>> ex.components["component"].iloc[0], ex.messages["message_id"].iloc[0]
    ('friction', 'a')
    """
    if not isinstance(health_or_scored, pd.DataFrame):
        raise InvalidOptionError(
            "explain needs the health table from frictionscan.health or the scored table from "
            f"frictionscan.score, got {type(health_or_scored).__name__}")
    t0, t1 = _parse_now(start, "start"), _parse_now(end, "end")
    if t1 < t0:
        raise InvalidOptionError(f"end ({end!r}) is before start ({start!r}); swap them")
    cols = set(health_or_scored.columns)
    if {"health", "drivers", "period_end"} <= cols:
        return _from_health(health_or_scored, str(relationship), t0, t1)
    if {"direction", "timestamp", *SIGNALS} <= cols:
        until = f"the end of {t1:%Y-%m-%d}" if is_bare_date(end) else f"{t1:%Y-%m-%d %H:%M} UTC"
        ex = _from_scored(health_or_scored, str(relationship), moment(start, "start"), moment(end, "end"),
                          resolve_config(config, weights, sla), until, now)
        # shown as asked (a bare date names its day), unless it was after ``now``
        return dataclasses.replace(ex, start=min(t0, ex.start), end=min(t1, ex.end))
    raise ColumnsError(
        "explain needs either a health table (columns health, drivers, period_end...) or a scored "
        f"table (direction, timestamp and the signal columns); got {sorted(cols)}")


def _from_scored(scored: pd.DataFrame, relationship: str, t0: pd.Timestamp, t1: pd.Timestamp,
                 cfg: HealthConfig, until: str, now: Any = None) -> Explanation:
    """Explain from a scored table; ``until`` names the end moment in error messages.

    The rows and the moments are :func:`health`'s: every usable message up to ``now`` (default
    the latest message of the whole table), evaluated at ``t0``/``t1`` but never after ``now``
    (health's last, unfinished period is evaluated at ``now``, not at its end)."""
    df, now_ts = prepare(scored, where="explain", now=now, warn_now=False)
    if now_ts is not None:
        t0, t1 = min(t0, now_ts), min(t1, now_ts)
    rel = df[df["relationship"] == relationship]
    if not (rel["timestamp"] <= t1).any():
        everything, _ = prepare(scored, where="explain", now=None)
        later = everything.loc[everything["relationship"] == relationship, "timestamp"]
        if len(later):
            raise InvalidOptionError(
                f"no usable messages for relationship {relationship!r} up to {until}; its first message "
                f"is on {later.min():%Y-%m-%d %H:%M} UTC: choose an end after that")
        known = sorted(everything["relationship"].dropna().unique().tolist())[:20]
        raise InvalidOptionError(
            f"no usable messages for relationship {relationship!r} up to {until}; "
            f"known relationships include {known}")
    r = Relationship(rel, cfg)
    e1 = r.evaluate(t1)
    if t0 < r.first:
        before = {c: 0.0 for c in COMPONENTS}
        items0: dict = {}
        h0 = 100.0
    else:
        e0 = r.evaluate(t0)
        before, items0, h0 = e0.components, e0.items, e0.health
    comp = pd.DataFrame({
        "component": list(COMPONENTS),
        "before": [round(before[c], 2) for c in COMPONENTS],
        "after": [round(e1.components[c], 2) for c in COMPONENTS],
    })
    comp["change"] = (comp["after"] - comp["before"]).round(2)
    comp = _order_components(comp)
    rows = []
    for key in sorted(set(e1.items) | set(items0)):
        p1, it1 = e1.items.get(key, (0.0, None))
        p0, it0 = items0.get(key, (0.0, None))
        item = it1 or it0
        if item is None or abs(p1 - p0) < 0.05:
            continue
        rows.append({"message_id": item.message_id, "timestamp": item.timestamp,
                     "component": item.component, "impact": round(p1 - p0, 2),
                     "reason": item.reason, "evidence": item.evidence})
    return Explanation(relationship, t0, t1, round(h0, 1), round(e1.health, 1), comp,
                       _order_messages(rows), True,
                       _not_english(scored, relationship, None if t0 < r.first else t0, t1))


def _not_english(scored: pd.DataFrame, relationship: str, t0: pd.Timestamp | None,
                 t1: pd.Timestamp) -> dict[str, int]:
    """How many of ``relationship``'s ok messages after ``t0`` (from the start when None) up to
    ``t1`` the English signal model could not read, by language, most first."""
    if "relationship" not in scored.columns:
        return {}
    table = scored.reset_index(drop=True)
    other = unread(table)
    if not len(other):
        return {}
    rows = table.loc[other.index]
    ts = to_utc_series(rows["timestamp"])
    when = ts <= t1 if t0 is None else (ts > t0) & (ts <= t1)
    keep = (rows["relationship"].astype("string") == relationship).fillna(False).to_numpy(dtype=bool)
    keep &= when.to_numpy(dtype=bool)
    counts = pd.Series(other[keep].to_numpy(dtype=object), dtype=object).value_counts()
    return {str(k): int(v) for k, v in counts.items()}


def _from_health(table: pd.DataFrame, relationship: str, t0: pd.Timestamp, t1: pd.Timestamp
                 ) -> Explanation:
    rows = table[table["relationship"].astype(str) == relationship].sort_values("period_end")
    if len(rows) == 0:
        raise InvalidOptionError(f"relationship {relationship!r} is not in this health table")
    # compare the rows of the periods that contain start and end
    ends = pd.to_datetime(rows["period_start"], utc=True)
    before_rows = rows[ends <= t0]
    after_rows = rows[ends <= t1]
    if len(after_rows) == 0:
        after_rows = rows.iloc[:1]
    r1 = after_rows.iloc[-1]
    comps = [c for c in COMPONENTS if c in rows.columns]
    if len(before_rows):
        r0 = before_rows.iloc[-1]
        before = {c: float(r0[c]) for c in comps}
        h0 = float(r0["health"])
        window = rows[(ends > ends[r0.name]) & (ends <= ends[r1.name])]
    else:
        before = {c: 0.0 for c in comps}
        h0 = 100.0
        window = rows[ends <= ends[r1.name]]
    comp = pd.DataFrame({"component": comps, "before": [before[c] for c in comps],
                         "after": [float(r1[c]) for c in comps]})
    comp["change"] = (comp["after"] - comp["before"]).round(2)
    comp = _order_components(comp)
    acc: dict[tuple[Any, ...], dict[str, Any]] = {}
    # (a list from fs.health, a numpy array of dicts from Parquet, JSON or a Python repr from CSV)
    for drivers in window["drivers"]:
        for d in evidence_items(drivers):
            if not isinstance(d, Mapping):
                continue
            # (two promises of one message are two rows, as in the explanation from scores, and
            # the pattern of broken promises on a promise is a row apart from its own points)
            pattern = str(d.get("reason") or "").startswith(PATTERN_REASON)
            key = (d.get("component"), d.get("message_id"), d.get("commitment_id"), pattern)
            cur = acc.setdefault(key, {**d, "impact": 0.0})
            impact = pd.to_numeric(d.get("impact"), errors="coerce")
            cur["impact"] += 0.0 if pd.isna(impact) else float(impact)
            cur["reason"], cur["evidence"] = d.get("reason"), d.get("evidence")
    msgs = [{"message_id": v.get("message_id"),
             "timestamp": pd.NaT if v.get("timestamp") is None else pd.Timestamp(v["timestamp"]),
             "component": v.get("component"), "impact": round(v["impact"], 2),
             "reason": v.get("reason"), "evidence": v.get("evidence")}
            for v in acc.values() if abs(v["impact"]) >= 0.05]
    # the rows compared are whole periods: say so in the window rather than echo the dates asked for
    last_moment = pd.Timedelta(1, "ns")
    start = (pd.Timestamp(r0["period_end"]) - last_moment if len(before_rows)
             else pd.Timestamp(rows.iloc[0]["period_start"]))
    end = pd.Timestamp(r1["period_end"]) - last_moment
    return Explanation(relationship, start, end, round(h0, 1), float(r1["health"]), comp,
                       _order_messages(msgs), False)


def _order_components(comp: pd.DataFrame) -> pd.DataFrame:
    order = comp["change"].abs().sort_values(ascending=False, kind="mergesort").index
    return comp.loc[order].reset_index(drop=True)


def _order_messages(rows: list[dict[str, Any]]) -> pd.DataFrame:
    msgs = pd.DataFrame(rows, columns=_MESSAGE_COLUMNS)
    if len(msgs) == 0:
        return msgs
    msgs["_abs"] = msgs["impact"].abs()
    msgs = msgs.sort_values(["_abs", "message_id"], ascending=[False, True], kind="mergesort")
    return msgs.drop(columns="_abs").reset_index(drop=True)
