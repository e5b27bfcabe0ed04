"""Turn a scored table into clean, sorted per-relationship arrays (shared by health and commitments).

Only rows with ``status == "ok"`` (or no status column), a known relationship, a timestamp and a
direction take part. The rows are sorted by ``(relationship, timestamp, message_id)`` and message ids
are de-duplicated, so the result never depends on the order of the input rows.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import numbers
import re
import warnings
from typing import Any

import numpy as np
import pandas as pd

from .._text import drop_unsafe
from .._when import implausible_times
from ..detect.language import unread_mask, unread_words
from ..errors import (
    ColumnsError,
    FrictionscanWarning,
    InvalidOptionError,
    LanguageWarning,
    LeftOutWarning,
)
from ..schemas import (
    FRICTION_SIGNALS,
    SCORE_FIRST,
    SIGNALS,
    evidence_items,
    ok_mask,
    refuse_numeric_times,
    to_utc_series,
    to_utc_timestamp,
)
from .config import HealthConfig

__all__ = ["FRICTION_SIGNALS", "prepare", "short_evidence"]


_REQUIRED = ("relationship", "direction", "timestamp")

#: Columns the prepared frame always has.
PREPARED_COLUMNS = (
    "message_id", "thread_id", "in_reply_to", "relationship", "direction", "timestamp", "text",
    "sender", "sender_name", "recipients", "channel", "evidence", "commitment_due", *SIGNALS,
)


def _synthetic_id(row: pd.Series) -> str:
    key = "\x1f".join(str(row.get(c, "")) for c in ("relationship", "timestamp", "sender", "text"))
    return "fs-row-" + hashlib.sha1(key.encode("utf-8", "replace")).hexdigest()[:16]


def left_out(scored: pd.DataFrame, now: Any = None) -> dict[str, int]:
    """How many rows of ``scored`` health and commitments leave out, by reason (first reason wins).

    For the command line's summary, so that rows in = rows used + rows left out can be checked:
    ``{"status error": 1, "status duplicate": 1, "no timestamp": 2, "internal": 14}``.
    """
    return _left_out(scored, now)[0]


def used_mask(scored: pd.DataFrame, now: Any = None) -> np.ndarray:
    """Boolean array: the rows health and commitments use (those :func:`left_out` does not count)."""
    return ~_left_out(scored, now)[1]


def _left_out(scored: pd.DataFrame, now: Any = None) -> tuple[dict[str, int], np.ndarray]:
    taken = np.zeros(len(scored), dtype=bool)
    counts: dict[str, int] = {}

    def mark(mask: Any, reason: str) -> None:
        m = np.asarray(mask, dtype=bool) & ~taken
        if m.any():
            counts[reason] = int(m.sum())
            taken[m] = True

    if "status" in scored.columns:
        status = scored["status"].astype("string").fillna("missing")
        not_ok = ~ok_mask(scored)
        for value in pd.unique(status[not_ok]):
            mark(not_ok & (status == value).to_numpy(dtype=bool), f"status {value}")
    direction = scored["direction"].astype("string").str.strip().str.lower()
    times = to_utc_series(scored["timestamp"])
    mark((direction == "internal").fillna(False).to_numpy(dtype=bool), "internal")
    mark(times.isna().to_numpy(), "no timestamp")
    mark(implausible_times(times), "timestamp out of range")
    mark(scored["relationship"].isna().to_numpy(), "no relationship")
    mark(~direction.isin(["inbound", "outbound"]).fillna(False).to_numpy(dtype=bool), "no direction")
    if now is not None:  # replaying an earlier day: later mail is not used either
        mark((times > moment(now)).fillna(False).to_numpy(dtype=bool), "after --now")
    return counts, taken


#: reasons :func:`left_out` gives for rows a user did not mean to drop (errors, duplicates, internal
#: mail and mail after ``now`` are left out by design and said so in the docs)
_UNPLACED = ("no timestamp", "timestamp out of range", "no relationship", "no direction")


def warn_unplaced(scored: pd.DataFrame, *, where: str) -> None:
    """Warn when ok client messages are left out for want of a timestamp, relationship or
    direction: the command line prints these counts, the Python API must not drop them silently
    (a call titled "Weekly sync" gets no account and would vanish from the health table)."""
    counts = left_out(scored)
    lost = {k: v for k, v in counts.items() if k in _UNPLACED}
    if not lost:
        return
    parts = ", ".join(f"{v:,} {k}" for k, v in lost.items())
    # the advice names only what is missing
    need = [what for reasons, what in (
        (("no relationship",), "a relationship (fs.read(..., accounts='accounts.csv') or a "
                               "'relationship' column)"),
        (("no timestamp", "timestamp out of range"), "a timestamp from 1980 to a day from now"),
        (("no direction",), "a direction ('inbound' or 'outbound')"),
    ) if any(r in lost for r in reasons)]
    ask = ", ".join(need[:-1]) + (" and " if len(need) > 1 else "") + need[-1]
    warnings.warn(
        f"{where}: {sum(lost.values()):,} of {len(scored):,} messages left out ({parts}). Give each "
        f"message {ask} to count it.",
        LeftOutWarning, stacklevel=3,
    )


def warn_unread_languages(scored: pd.DataFrame, *, where: str) -> None:
    """Warn when ok messages were not in English (``language`` from :func:`frictionscan.score`):
    their scores are unknown, and health counts them as messages without any signal, so the
    account may look better than it is. A table scored once and read back later still says so."""
    unread = unread_mask(scored)
    if not unread.any():  # (the common case: nothing to say, and no second pass over the rows)
        return
    used = used_mask(scored)
    other = scored["language"].astype("string").str.strip().str.lower().to_numpy()[unread & used]
    if not len(other):
        return
    what, why = unread_words(pd.Series(other).value_counts().to_dict())
    warnings.warn(
        f"{where}: {len(other):,} of the {int(used.sum()):,} messages it uses are {what}: {why}, "
        "so they were not scored and count as messages without friction or repair "
        "and their accounts may look healthier than they are: read them yourself, or translate "
        "them and score again.",
        LanguageWarning, stacklevel=3,
    )


def warn_unscored(scored: pd.DataFrame, *, where: str) -> None:
    """Warn when ok messages it uses have no scores (empty signal columns) for another reason than
    their language (:func:`warn_unread_languages` says those): a batch of ``fs.read`` rows
    concatenated onto a scored table. They count as messages without friction or repair, so
    their accounts would look healthier than they are, silently."""
    ok = ok_mask(scored)
    empty = np.zeros(len(scored), dtype=bool)
    for s in SIGNALS:
        col = scored[s]
        if not pd.api.types.is_numeric_dtype(col.dtype):
            col = pd.to_numeric(col, errors="coerce")
        empty |= col.isna().to_numpy(dtype=bool)
    empty &= ok
    if not empty.any():  # (the common case: one pass over six columns)
        return
    used = used_mask(scored)
    empty &= used & ~unread_mask(scored)
    n = int(empty.sum())
    if not n:
        return
    warnings.warn(
        f"{where}: {n:,} of the {int(used.sum()):,} ok messages it uses have no scores (empty "
        "signal columns: rows added after frictionscan.score?), so they count as messages without "
        "friction or repair and their accounts may look healthier than they are. Run fs.score on "
        "them before combining tables, e.g. pd.concat([scored, fs.score(new_rows)]).",
        LeftOutWarning, stacklevel=3,
    )


def prepare(scored: Any, *, where: str, now: Any = None, warn_now: bool = True
            ) -> tuple[pd.DataFrame, pd.Timestamp | None]:
    """Validate and normalise ``scored``; return (sorted frame, now).

    ``now`` defaults to the latest usable timestamp; rows after ``now`` are dropped. A bare date
    (``"2025-03-01"``) means the end of that day, as the weekly rows and :func:`explain` read it.
    A ``now`` before every usable message leaves nothing: a :class:`LeftOutWarning` says so
    (unless ``warn_now`` is False: :func:`explain` raises its own error then).
    """
    if not isinstance(scored, pd.DataFrame):
        raise InvalidOptionError(
            f"{where} needs the scored DataFrame made by frictionscan.score, got {type(scored).__name__}"
        )
    missing = [c for c in _REQUIRED if c not in scored.columns]
    missing_signals = [s for s in SIGNALS if s not in scored.columns]
    if missing or missing_signals:
        raise ColumnsError(
            f"{where} needs column(s) {missing + missing_signals} but the DataFrame has "
            f"{list(scored.columns)}. "
            + (SCORE_FIRST if missing_signals else "Pass the table made by frictionscan.score(frictionscan.read(...)).")
        )
    df = scored
    if "status" in df.columns:
        df = df[ok_mask(df)]
    out = pd.DataFrame(index=range(len(df)))
    for col in ("message_id", "thread_id", "in_reply_to", "relationship", "direction", "text",
                "sender", "sender_name", "recipients", "channel"):
        # plain Python strings (object dtype): the engine reads them element by element, which
        # is several times faster than on Arrow-backed string columns; missing values are None
        # (a column moved to the index, as by set_index("message_id"), is read from there: a
        # made-up id could not be joined back to the user's table)
        source = (df[col] if col in df.columns else pd.Series(df.index.get_level_values(col))
                  if col in df.index.names else None)
        if source is not None:
            vals = source.astype("string").astype(object).to_numpy()
            vals = np.array([None if v is pd.NA else v for v in vals], dtype=object)
        else:
            vals = np.full(len(df), None, dtype=object)
        out[col] = pd.Series(vals, index=out.index, dtype=object)
    out["direction"] = out["direction"].map(lambda v: v.strip().lower() if isinstance(v, str) else v)
    refuse_numeric_times(df["timestamp"], where=where)
    out["timestamp"] = to_utc_series(df["timestamp"])
    out["commitment_due"] = (
        to_utc_series(df["commitment_due"]) if "commitment_due" in df.columns
        else pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns, UTC]")
    )
    out["evidence"] = (
        [evidence_items(v) for v in df["evidence"]] if "evidence" in df.columns
        else [None] * len(df)
    )
    outside: dict[str, tuple[float, float]] = {}
    for s in SIGNALS:
        vals = pd.to_numeric(pd.Series(df[s].to_numpy()), errors="coerce")
        lo, hi = vals.min(), vals.max()
        if (pd.notna(hi) and hi > 1.0 + 1e-9) or (pd.notna(lo) and lo < -1e-9):
            outside[s] = (lo, hi)
        out[s] = vals.astype("float64").fillna(0.0).clip(0.0, 1.0).to_numpy()
        flag = f"{s}_flag"
        if flag in df.columns:
            out[flag] = _booleans(df[flag])
        else:
            out[flag] = pd.array([pd.NA] * len(df), dtype="boolean")
    if outside:
        _warn_outside(outside, where)
    keep = (
        out["relationship"].notna() & out["timestamp"].notna() & ~implausible_times(out["timestamp"])
        & out["direction"].isin(["inbound", "outbound", "internal"]).fillna(False)
    ).to_numpy(dtype=bool)
    out = out[keep].reset_index(drop=True)
    if len(out) and out["message_id"].isna().any():
        na = out["message_id"].isna()
        out.loc[na, "message_id"] = out[na].apply(_synthetic_id, axis=1).astype("string")
    now_ts = moment(now) if now is not None else None
    if now_ts is None and len(out):
        now_ts = out["timestamp"].max()
    if now_ts is not None:
        usable, first = len(out), out["timestamp"].min()
        out = out[out["timestamp"] <= now_ts]
        if warn_now and usable and not len(out) and now is not None:
            warnings.warn(
                f"{where}: now={now!r} ({now_ts:%Y-%m-%d %H:%M} UTC) is before the first usable "
                f"message ({first:%Y-%m-%d %H:%M} UTC), so all {usable:,} are left "
                "out and the result is empty; give a later now= or leave it out.",
                LeftOutWarning, stacklevel=3)
    # deterministic order whatever the input order; ties broken by id, then content
    out = out.assign(_t=out["text"].fillna(""))
    out = out.sort_values(["relationship", "timestamp", "message_id", "_t", "direction"],
                          kind="mergesort").drop(columns="_t")
    out = out.drop_duplicates("message_id", keep="first").reset_index(drop=True)
    # plain column labels: the engine looks columns up by name in every account's rows, which is
    # slower through an Arrow-backed string index
    out.columns = pd.Index(list(out.columns), dtype=object)
    return out, now_ts


def _warn_outside(outside: dict[str, tuple[float, float]], where: str) -> None:
    """Warn when signal columns hold values outside 0..1: they are cut to 0..1, so percentages
    (80 for 0.8) would count as certainties and sink the accounts' health."""
    cols = ", ".join(f"{s!r} ({lo:g} to {hi:g})" for s, (lo, hi) in outside.items())
    first = next(iter(outside))
    warnings.warn(
        f"{where}: signal probabilities are from 0 to 1, but column(s) {cols} hold values outside "
        "that range; they were cut to 0..1, so the results are likely wrong. If they are "
        f"percentages, divide them by 100 (df[{first!r}] = df[{first!r}] / 100); else pass the "
        "table frictionscan.score made.",
        FrictionscanWarning, stacklevel=4)


_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f"}


def _booleans(values: pd.Series) -> pd.arrays.BooleanArray:
    """Flags as a nullable boolean array; strings like "True"/"false" (CSV) are understood and
    anything else becomes <NA> (then the probability decides)."""
    try:
        return pd.array(values.to_numpy(), dtype="boolean")
    except (TypeError, ValueError):
        def one(v: Any) -> Any:
            if isinstance(v, (bool, np.bool_)):
                return bool(v)
            text = str(v).strip().lower()
            return True if text in _TRUE else False if text in _FALSE else pd.NA
        return pd.array([one(v) for v in values.to_numpy()], dtype="boolean")


_BARE_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: Unix seconds or milliseconds written as text (9 to 13 digits), as ``start=`` reads them
_EPOCH_TEXT = re.compile(r"\d{9,13}(?:\.\d+)?")
# a time of day no date string writes: what dateutil leaves in place when the text gives none
_NO_TIME = _dt.datetime(2000, 1, 1, 13, 17, 19, 654321)
# numpy units of a date without a time of day
_DAY_UNITS = frozenset({"D", "W", "M", "Y"})


def is_bare_date(value: Any) -> bool:
    """A date without a time of day: a whole day, not a moment. Any date string that gives no
    time (``"2025-02-16"``, ``"16/02/2025"``, ``"Feb 16 2025"``), a ``datetime.date`` (not a
    datetime) or a ``numpy.datetime64`` in days; a pandas ``Timestamp`` is a moment.

    >>> is_bare_date("2025-02-16"), is_bare_date("Feb 16 2025"), is_bare_date(np.datetime64("2025-02-16"))
    (True, True, True)
    >>> is_bare_date("2025-02-16 09:00"), is_bare_date("2025-02-16T00"), is_bare_date(pd.Timestamp("2025-02-16"))
    (False, False, False)
    """
    if isinstance(value, str):
        text = value.strip()
        if _BARE_DATE.fullmatch(text):  # (the common form, without a parse)
            return True
        if not text or _EPOCH_TEXT.fullmatch(text):
            return False
        from dateutil import parser

        try:
            parsed = parser.parse(text, default=_NO_TIME)
        except (ValueError, OverflowError, TypeError):
            return False
        return parsed.time() == _NO_TIME.time()
    if isinstance(value, np.datetime64):
        return np.datetime_data(value.dtype)[0] in _DAY_UNITS
    return isinstance(value, _dt.date) and not isinstance(value, _dt.datetime)


def moment(value: Any, name: str = "now") -> pd.Timestamp:
    """The moment a ``now=``/``start``/``end`` value names, UTC: a bare date is the end of that day
    (its last nanosecond, where the weekly row labelled with it is evaluated), a number Unix
    seconds (milliseconds from 1e11, as ``fs.read(start=...)`` reads it), anything else as given.
    ``name`` is the argument's name, for the error message.

    >>> str(moment("2025-03-01")), str(moment("2025-03-01 09:00")), str(moment(1740819600))
    ('2025-03-01 23:59:59.999999999+00:00', '2025-03-01 09:00:00+00:00', '2025-03-01 09:00:00+00:00')
    """
    ts = _parse_now(value, name)
    return ts + pd.Timedelta(days=1) - pd.Timedelta(1, "ns") if is_bare_date(value) else ts


#: a date written with numbers only, day and month in either order (``12/11/2026``, ``12.11.2026``,
#: ``12-11-2026``, ``12/11/26``, ``12 / 11 / 2026``), optionally followed by a time of day
_NUMERIC_DATE = re.compile(r"(\d{1,2})\s*([./-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})(?=$|[ T,])")
#: a day and month with no year ("12/11"), which pandas would put in the year 1
_NO_YEAR = re.compile(r"\d{1,2}\s*[./-]\s*\d{1,2}(?:$|\s)")
#: the moments ``now=``/``start``/``end`` may name: pandas counts time in nanoseconds, which ends in
#: April 2262; the months left over fit a period of up to a quarter holding the moment (a longer
#: ``freq`` whose period would end past April 2262 is refused naming the period, see
#: :func:`frictionscan.aggregate.core.periods`)
EARLIEST_NOW = pd.Timestamp("1900-01-01", tz="UTC")
LATEST_NOW = pd.Timestamp("2261-12-31 23:59:59.999999999", tz="UTC")


def _numeric_date(text: str, name: str) -> str:
    """``text`` with a numbers-only day/month date rewritten in ISO form, when the order is sure;
    an :class:`InvalidOptionError` when it is not: ``12/11/2026`` is 12 November in most of the
    world and December 11 in the US, so neither is guessed (as the command line's ``--now``).
    A number above 12 settles it: ``25/11/2026`` is day first, ``11/25/2026`` month first.

    >>> _numeric_date("25.11.2026 09:00", "now"), _numeric_date("11/25/2026", "now")
    ('2026-11-25 09:00', '2026-11-25')
    >>> _numeric_date("25/11/26, 09:00", "now")
    '2026-11-25 09:00'
    >>> _numeric_date("12/11/2026", "now")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    frictionscan.errors.InvalidOptionError: now='12/11/2026' could be 2026-11-12 or 2026-12-11 ...
    """
    m = _NUMERIC_DATE.match(text)
    if not m:
        if _NO_YEAR.match(text):
            raise InvalidOptionError(
                f"{name}={text!r} has no year; write the whole date in ISO form, e.g. {name}='2026-03-01'")
        return text
    a, b, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
    if len(m.group(4)) == 2:  # as strptime's %y: 69-99 are the 1900s, 00-68 the 2000s
        year += 1900 if year >= 69 else 2000
    if a <= 12 and b <= 12 and a != b:
        options = [_dt.date(year, b, a).isoformat(), _dt.date(year, a, b).isoformat()]
        raise InvalidOptionError(
            f"{name}={text!r} could be {options[0]} or {options[1]} (day and month are both "
            f"12 or less, and the order differs by country); write {name}='{options[0]}' or "
            f"{name}='{options[1]}', whichever you mean")
    day, month = (b, a) if b > 12 else (a, b)
    try:
        iso = _dt.date(year, month, day).isoformat()
    except ValueError:
        return text  # no such day in either order: the parser says it is no date
    rest = text[m.end():]
    return iso + (" " + rest[1:].lstrip() if rest.startswith(",") else rest)


def _parse_now(now: Any, name: str = "now") -> pd.Timestamp:
    """``now`` (the argument ``name``) as a UTC Timestamp; numbers as Unix seconds (or ms).
    Out of :data:`EARLIEST_NOW`..:data:`LATEST_NOW` is an :class:`InvalidOptionError`.

    >>> try:
    ...     _parse_now("9999-12-31")
    ... except InvalidOptionError as exc:
    ...     print(str(exc).split(" (")[0])
    now='9999-12-31' is out of the supported range: now= must be a date from 1900-01-01 to 2261-12-31
    """
    ts = _parse_now_unchecked(now, name)
    try:
        inside = EARLIEST_NOW <= ts <= LATEST_NOW
    except (OverflowError, ValueError):
        inside = False
    if not inside:
        raise InvalidOptionError(
            f"{name}={now!r} is out of the supported range: {name}= must be a date from "
            f"{EARLIEST_NOW:%Y-%m-%d} to {LATEST_NOW:%Y-%m-%d} (pandas times end in April 2262), "
            f"e.g. {name}='2026-03-01'; leave it out to use the latest message's time")
    return ts


def _parse_now_unchecked(now: Any, name: str) -> pd.Timestamp:
    ts = None
    value = _numeric_date(now.strip(), name) if isinstance(now, str) else now
    if (isinstance(value, numbers.Number) and not isinstance(value, bool)) or (
            isinstance(value, str) and _EPOCH_TEXT.fullmatch(value.strip())):
        from ..ingest.transcripts import start_timestamp

        ts = start_timestamp(value)
        if ts is None:
            raise InvalidOptionError(
                f"{name}={now!r} is a number but no Unix time: a number is read as seconds since "
                "1970 (milliseconds from 1e11), e.g. 1792000000; or pass a date such as "
                f"{name}='2026-03-01' or a pandas Timestamp")
    elif not isinstance(value, bool):
        ts = to_utc_timestamp(value)
    if ts is None:
        raise InvalidOptionError(
            f"{name}={now!r} is not a date/time; pass e.g. {name}='2026-03-01' or a pandas Timestamp"
        )
    return ts


def tone_baseline(inbound: Any, signal: str, cfg: HealthConfig) -> np.ndarray:
    """Each client message's baseline for ``signal``: the median probability over that client's
    messages so far (this one included), capped to ``tone_baseline_cap``, floored to
    ``tone_floor``. Using only the past keeps old scores stable when new mail arrives.
    (``inbound``: the client's rows, as a DataFrame or a dict of numpy columns.)"""
    values = np.asarray(inbound[signal], dtype=float)
    if len(values) == 0:
        return np.zeros(0)
    med = pd.Series(values).expanding().median().to_numpy()
    return np.clip(med, cfg.tone_floor, max(cfg.tone_floor, cfg.tone_baseline_cap))


def tone_baselines(inbound: Any, signals: tuple[str, ...], cfg: HealthConfig
                   ) -> dict[str, np.ndarray]:
    """:func:`tone_baseline` of several ``signals`` at once (one expanding median over the
    signals' columns side by side: each column's medians are its own)."""
    values = np.column_stack([np.asarray(inbound[s], dtype=float) for s in signals])
    if len(values) == 0:
        return {s: np.zeros(0) for s in signals}
    med = pd.DataFrame(values).expanding().median().to_numpy()
    high = max(cfg.tone_floor, cfg.tone_baseline_cap)
    return {s: np.clip(med[:, k], cfg.tone_floor, high) for k, s in enumerate(signals)}


def strength(p: np.ndarray, base: float | np.ndarray) -> np.ndarray:
    """Probability above a baseline (scalar or per message), rescaled to [0, 1]."""
    base = np.minimum(np.asarray(base, dtype=float), 0.999)
    return np.clip((p - base) / (1.0 - base), 0.0, 1.0)


def is_commitment(df: pd.DataFrame, cfg: HealthConfig) -> np.ndarray:
    """Probability >= ``commitment_threshold``, and the commitment flag where it is known.

    A promise is tracked (and can go overdue) only from ``commitment_threshold``, whatever the
    scoring preset flagged: a looser preset may flag a status line ("- Next: the remaining
    depots this week.") that is no promise, and a false promise makes a false overdue alert.
    """
    flag = df["commitment_flag"]
    by_proba = df["commitment"].to_numpy() >= cfg.commitment_threshold
    known = flag.notna().to_numpy(dtype=bool)
    return by_proba & np.where(known, flag.fillna(False).to_numpy(dtype=bool), True)


def short_evidence(row: Any, signal: str | None = None, limit: int = 80) -> str:
    """The evidence span for ``signal`` (strongest first), else the start of the text."""
    ev = row.get("evidence", None)
    best = None
    if isinstance(ev, (list, tuple)):
        for item in ev:
            if not isinstance(item, dict):
                continue
            if signal is not None and item.get("signal") != signal:
                continue
            text = item.get("text")
            if not isinstance(text, str) or not text.strip():
                continue
            p = item.get("proba")
            p = float(p) if isinstance(p, (int, float)) else 0.0
            if best is None or p > best[0]:
                best = (p, text)
    text = best[1] if best else (row["text"] if isinstance(row["text"], str) else "")
    text = " ".join(str(text).split())
    text = drop_unsafe(text)  # escape sequences and bidi overrides from untrusted mail
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
