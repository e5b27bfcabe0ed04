"""``health``: one row per relationship and period, with components, trend, alerts and drivers."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from pandas.tseries.frequencies import to_offset
from pandas.tseries.offsets import Tick

from ..errors import ColumnsError, InvalidOptionError
from ..schemas import MESSAGE_COLUMNS, SCORED_EXTRA_COLUMNS, SIGNALS
from ._engine import Evaluation, Relationship
from ._prep import prepare, warn_unplaced, warn_unread_languages, warn_unscored
from .config import COMPONENTS, HealthConfig

__all__ = ["HEALTH_COLUMNS", "health", "periods", "resolve_config"]

#: Columns of the health table, in order (``segment`` columns are added when asked for).
HEALTH_COLUMNS: tuple[str, ...] = (
    "relationship", "period", "period_start", "period_end", "health", "trend", "alert",
    "alert_reasons", "drivers", *COMPONENTS, "n_inbound", "n_outbound", "unanswered",
    "overdue_commitments", "median_reply_hours",
)

#: a health table longer than this per relationship is a mistake ("1min" over months), not a report
MAX_PERIODS = 20_000

_UNITS = {"D": "days", "B": "business days", "W": "weeks", "MS": "months", "ME": "months",
          "M": "months", "QS": "quarters", "QE": "quarters", "Q": "quarters", "YS": "years",
          "YE": "years", "Y": "years", "h": "hours", "H": "hours"}


def resolve_config(config: Any = None, weights: Mapping[str, float] | None = None,
                   sla: Any = None) -> HealthConfig:
    """Merge ``config`` with the ``weights`` (component -> max points) and ``sla`` shortcuts."""
    cfg = HealthConfig.from_any(config)
    changes: dict[str, Any] = {}
    if weights is not None:
        if not isinstance(weights, Mapping):
            raise InvalidOptionError(
                f"weights must be a dict of component -> max points, e.g. {{'friction': 50}}; "
                f"got {type(weights).__name__}")
        unknown = sorted(set(weights) - set(COMPONENTS))
        if unknown:
            raise InvalidOptionError(
                f"unknown component(s) in weights: {unknown}; valid: {list(COMPONENTS)}")
        changes.update({f"{k}_max": v for k, v in weights.items()})
    if sla is not None:
        changes["sla_hours"] = _sla_hours(sla)
    return cfg.replace(**changes) if changes else cfg


def _sla_hours(sla: Any) -> float:
    if isinstance(sla, bool):
        raise InvalidOptionError("sla must be hours (number) or a duration like '48h' or '2 days'")
    if isinstance(sla, (int, float)):
        hours = float(sla)
    else:
        try:
            hours = pd.Timedelta(sla) / pd.Timedelta(hours=1)
        except (ValueError, TypeError) as exc:
            raise InvalidOptionError(
                f"sla={sla!r} is not a duration; pass hours (48) or a string like '48h', '2 days'"
            ) from exc
    if not hours > 0:
        raise InvalidOptionError(f"sla must be positive, got {sla!r}")
    return hours


def periods(start: pd.Timestamp, end: pd.Timestamp, freq: str) -> pd.DataFrame:
    """The periods of ``freq`` covering [start, end]: columns period (pandas' resample label),
    period_start (inclusive) and period_end (exclusive).

    >>> p = periods(pd.Timestamp("2026-01-07", tz="UTC"), pd.Timestamp("2026-01-20", tz="UTC"), "W")
    >>> [str(d.date()) for d in p["period"]], str(p["period_start"][0].date())
    (['2026-01-11', '2026-01-18', '2026-01-25'], '2026-01-05')
    """
    bad = f"freq={freq!r} is not a positive pandas offset alias; use e.g. 'D', 'W', 'MS', 'QS' or '2W'"
    try:
        offset = to_offset(freq)
    except (ValueError, TypeError) as exc:
        better = _renamed(freq, exc)
        raise InvalidOptionError(
            f"{bad}" + (f"; pandas now spells it {better!r}" if better else "")) from exc
    if offset.n <= 0:  # "0D" divides by zero and "-2W" runs backwards inside pandas
        raise InvalidOptionError(bad)
    if isinstance(offset, Tick) and (end - start).value / offset.nanos > MAX_PERIODS:
        raise InvalidOptionError(
            f"freq={freq!r} cuts {start:%Y-%m-%d}..{end:%Y-%m-%d} into more than {MAX_PERIODS:,} periods "
            "per relationship; use a coarser one such as 'h', 'D' or 'W'")
    try:
        grouper = pd.Grouper(freq=freq)
        labels = pd.Series(0, index=pd.DatetimeIndex([start, end])).resample(freq).size().index
        if getattr(grouper, "closed", "left") == "right":
            day = pd.Timedelta(days=1)
            starts = (labels - offset) + day
            ends = labels + day
        else:
            starts = labels
            ends = labels + offset
    except pd.errors.OutOfBoundsTimedelta as exc:  # "100000000D": a period longer than ~292 years
        raise InvalidOptionError(
            f"freq={freq!r} is too large: one period would be longer than pandas times can hold "
            "(about 292 years); use a shorter one such as 'W', 'MS' or 'YS'") from exc
    except (OverflowError, pd.errors.OutOfBoundsDatetime) as exc:
        raise InvalidOptionError(
            f"freq={freq!r}: the period holding {end:%Y-%m-%d} ends after what pandas times can hold "
            "(April 2262); use a shorter freq, or an earlier now= or end") from exc
    except (ValueError, TypeError) as exc:
        raise InvalidOptionError(bad) from exc
    table = pd.DataFrame({"period": labels, "period_start": starts, "period_end": ends})
    keep = (table["period_start"] <= end) & (table["period_end"] > start)
    return table[keep].reset_index(drop=True)


# what pandas says when an alias was renamed ("'M' is no longer supported for offsets. Please use
# 'ME' instead.", "Invalid frequency: H. Did you mean h?")
_RENAMED = re.compile(r"Please use '([^']+)' instead|Did you mean '?([\w-]+?)'?\?")


def _renamed(freq: Any, exc: BaseException) -> str | None:
    """The alias pandas now uses for ``freq`` when its error names one that works ("M" -> "ME",
    "2M" -> "2ME", "A" -> "YE"), else None.

    >>> from pandas.tseries.frequencies import to_offset
    >>> def err(f):
    ...     try:
    ...         to_offset(f)
    ...     except ValueError as e:
    ...         return _renamed(f, e)
    >>> err("M"), err("2M"), err("A"), err("bogus")
    ('ME', '2ME', 'YE', None)
    """
    if not isinstance(freq, str):
        return None
    prefix = re.match(r"\s*\d*", freq).group().strip()
    for _ in range(3):  # (a renamed alias may suggest another renamed one: "A" -> "Y" -> "YE")
        m = _RENAMED.search(str(exc))
        if m is None:
            return None
        candidate = prefix + (m.group(1) or m.group(2))
        try:
            to_offset(candidate)
        except (ValueError, TypeError) as again:
            exc = again
            continue
        return candidate
    return None


def _unit(freq: str, n: int) -> str:
    try:
        off = to_offset(freq)
    except (ValueError, TypeError):
        return "periods"
    base = off.rule_code.split("-")[0]
    unit = _UNITS.get(base, "periods")
    mult = getattr(off, "n", 1)
    if mult != 1:
        return f"periods of {freq}" if n != 1 else f"period of {freq}"
    return unit if n != 1 else unit.rstrip("s")


def health(
    scored: pd.DataFrame,
    freq: str = "W",
    *,
    config: HealthConfig | Mapping[str, Any] | None = None,
    weights: Mapping[str, float] | None = None,
    sla: Any = None,
    now: Any = None,
    segment: str | Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Score the health of every relationship over time.

    Parameters
    ----------
    scored : DataFrame
        The scored table made by :func:`frictionscan.score` (rows whose status is not ``ok``, rows
        without timestamp, relationship or direction are ignored).
    freq : str
        Any pandas offset alias: ``"D"``, ``"W"``, ``"MS"``, ``"QS"``, ``"2W"``...
    config : HealthConfig or dict, optional
        Weights and thresholds (see :class:`HealthConfig` for every default).
    weights : dict, optional
        Shortcut: component -> maximum points, e.g. ``{"friction": 50, "engagement": 10}``.
    sla : float or str, optional
        Shortcut for ``sla_hours``: hours (``24``) or a duration (``"2 days"``). Default 48h.
    now : date-like, optional
        Score as of this moment (default: the latest message); later messages are ignored. A bare
        date (``"2025-03-01"``) means the end of that day.
    segment : str or dict, optional
        A column of ``scored`` (or a dict relationship -> segment) naming each relationship's peer
        group; adds ``segment``, ``health_vs_segment`` (health minus the segment's median in that
        period) and ``segment_percentile``.

    Returns
    -------
    DataFrame
        One row per relationship and period from its first message to ``now`` (empty periods
        included), with :data:`HEALTH_COLUMNS`: ``health`` in [0, 100] evaluated at the end of the
        period (or ``now``), ``trend`` (health minus health ``trend_periods`` periods before),
        ``alert``/``alert_reasons``, ``drivers`` (list of dicts: message_id, component, impact in
        points, reason, evidence) and one column per component in points.

    Examples
    --------
    >>> import pandas as pd, frictionscan as fs
    >>> rows = pd.DataFrame({
    ...     "message_id": ["m1", "m2"], "thread_id": ["t", "t"], "relationship": ["acme", "acme"],
    ...     "direction": ["inbound", "outbound"], "status": ["ok", "ok"],
    ...     "timestamp": pd.to_datetime(["2026-01-05 09:00", "2026-01-05 11:00"], utc=True),
    ...     "text": ["Can you send the report?", "Here it is."],
    ...     **{s: [0.05, 0.05] for s in fs.SIGNALS}})
    >>> h = fs.health(rows, "W")
    >>> h[["relationship", "health", "alert"]].to_dict("records")
    [{'relationship': 'acme', 'health': 100.0, 'alert': False}]
    """
    cfg = resolve_config(config, weights, sla)
    if not isinstance(freq, str):
        raise InvalidOptionError(f"freq must be a pandas offset alias string like 'W', got {freq!r}")
    seg_map = _segments(scored, segment)
    df, now_ts = prepare(scored, where="health", now=now)
    warn_unplaced(scored, where="health")
    warn_unread_languages(scored, where="health")
    warn_unscored(scored, where="health")
    if len(df) == 0 or now_ts is None:
        periods(pd.Timestamp("2026-01-01", tz="UTC"), pd.Timestamp("2026-01-02", tz="UTC"), freq)
        return _empty(segment is not None)
    table = periods(df["timestamp"].min(), now_ts, freq)
    starts = table["period_start"].astype("datetime64[ns, UTC]").astype("int64").to_numpy()
    one_ns = pd.Timedelta(1, "ns")
    labels, p_start, p_end = (list(table[c]) for c in ("period", "period_start", "period_end"))
    n_periods = len(table)
    # each period is evaluated at its last moment (or at ``now``); the moments as float days
    ats = [min(end - one_ns, now_ts) for end in p_end]
    at_days = np.array([at.value / 86400e9 for at in ats])
    start_days = np.array([p.value / 86400e9 for p in p_start])
    end_days = np.array([p.value / 86400e9 for p in p_end])
    # (periods never overlap, so a reply falls in at most one of them: see _reply_medians)
    disjoint = bool(np.all(end_days[:-1] <= start_days[1:]))
    rows: list[tuple[Any, ...]] = []  # one tuple per row, in HEALTH_COLUMNS order
    stamps: dict[tuple[int, Any], str] = {}  # (the drivers' timestamps, formatted once)
    for name, rel in df.groupby("relationship", sort=True):
        r = Relationship(rel, cfg)
        period_of = np.searchsorted(starts, rel["timestamp"].astype("int64").to_numpy(),
                                    side="right") - 1
        k0 = max(int(period_of.min()), 0)
        dirs = rel["direction"].to_numpy(dtype=object)
        n_in = _per_period(period_of[dirs == "inbound"], n_periods).tolist()
        n_out = _per_period(period_of[dirs == "outbound"], n_periods).tolist()
        medians = _reply_medians(r, start_days, end_days, at_days, k0, disjoint)
        prev: Evaluation | None = None
        history: list[float] = []
        for k, ev in enumerate(r.evaluate_many(ats[k0:], at_days[k0:]), start=k0):
            h = round(ev.health, 1)
            back = min(cfg.trend_periods, len(history))
            trend = round(h - history[-back], 1) if back else 0.0
            history.append(h)
            reasons = _alerts(ev, h, trend, back, freq, cfg)
            comps = ev.components
            rows.append((
                name, labels[k], p_start[k], p_end[k], h, trend, bool(reasons), reasons,
                _drivers(ev, prev, cfg.n_drivers, stamps),
                *[round(comps[c], 2) + 0.0 for c in COMPONENTS],  # no -0.0
                n_in[k], n_out[k], ev.counters["unanswered"], len(ev.counters["overdue"]),
                medians.get(k, np.nan),
            ))
            prev = ev
    cols = dict(zip(HEALTH_COLUMNS, map(list, zip(*rows, strict=True)), strict=True)) if rows \
        else {c: [] for c in HEALTH_COLUMNS}
    result = pd.DataFrame(cols, columns=list(HEALTH_COLUMNS))
    result = _dtypes(result)
    if segment is not None:
        result = _add_segments(result, seg_map, cfg)
    return result


def _per_period(period_of: np.ndarray, n_periods: int) -> np.ndarray:
    """How many of the messages falling in periods ``period_of`` fall in each period."""
    inside = period_of[(period_of >= 0) & (period_of < n_periods)]
    return np.bincount(inside, minlength=n_periods)


def _reply_medians(r: Relationship, start_days: np.ndarray, end_days: np.ndarray,
                   at_days: np.ndarray, k0: int, disjoint: bool) -> dict[int, float]:
    """Period -> median hours our replies that became known in it took (client messages that
    expect a reply, answered in [period_start, period_end) and by the moment the period is
    evaluated), rounded to 0.1; periods without such a reply are left out."""
    need = r.needs_reply & np.isfinite(r.answered)
    out: dict[int, float] = {}
    if not need.any():
        return out
    hours = (r.reply_at - r.t_in) * 24
    if disjoint:
        # the one period each answer can fall in, checked with the same comparisons as below
        cand = np.searchsorted(start_days, r.answered, side="right") - 1
        ok = need & (cand >= k0)
        ks = np.where(ok, cand, 0)
        ok &= ((r.answered >= start_days[ks]) & (r.answered < end_days[ks])
               & (r.answered <= at_days[ks]))
        by_period: dict[int, list[float]] = {}
        for i in np.flatnonzero(ok):
            by_period.setdefault(int(ks[i]), []).append(float(hours[i]))
        for k, waits in by_period.items():
            out[k] = round(float(np.median(waits)), 1)
        return out
    for k in range(k0, len(start_days)):
        here = (need & (r.answered >= start_days[k]) & (r.answered < end_days[k])
                & (r.answered <= at_days[k]))
        if here.any():
            out[k] = round(float(np.median(hours[here].tolist())), 1)
    return out


def _dtypes(result: pd.DataFrame) -> pd.DataFrame:
    result["relationship"] = result["relationship"].astype("string")
    for c in ("period", "period_start", "period_end"):
        result[c] = pd.to_datetime(result[c], utc=True).astype("datetime64[ns, UTC]")
    for c in ("health", "trend", *COMPONENTS, "median_reply_hours"):
        result[c] = result[c].astype("float64")
    for c in ("n_inbound", "n_outbound", "unanswered", "overdue_commitments"):
        result[c] = result[c].astype("int64")
    result["alert"] = result["alert"].astype(bool)
    return result


def _empty(with_segment: bool) -> pd.DataFrame:
    cols = {c: [] for c in HEALTH_COLUMNS}
    res = _dtypes(pd.DataFrame(cols, columns=list(HEALTH_COLUMNS)).astype(
        {"alert_reasons": object, "drivers": object}))
    if with_segment:
        res["segment"] = pd.Series(dtype="string")
        res["health_vs_segment"] = pd.Series(dtype="float64")
        res["segment_percentile"] = pd.Series(dtype="float64")
    return res


def _below(h: float, low: float) -> str:
    """``h`` rounded as the health column shows it (52.8 -> "53"), or to one decimal cut down
    when rounding would reach the threshold it is below (59.7 -> "59.7", never "60 (below 60)").

    >>> _below(52.8, 60), _below(59.7, 60), _below(59.96, 60)
    ('53', '59.7', '59.9')
    """
    shown = round(h)
    return f"{shown}" if shown < low else f"{math.floor(h * 10) / 10:.1f}"


def _alerts(ev: Evaluation, h: float, trend: float, back: int, freq: str,
            cfg: HealthConfig) -> list[str]:
    reasons: list[str] = []
    if back and trend <= -cfg.alert_drop:
        reasons.append(f"health −{abs(trend):.0f} in {back} {_unit(freq, back)}")
    if h < cfg.alert_low:
        reasons.append(f"health {_below(h, cfg.alert_low)} (below {cfg.alert_low:g})")
    c = ev.counters
    n, nf = c["unanswered"], c["unanswered_friction"]
    if nf >= 1 or n >= cfg.alert_unanswered:
        msg = f"{n} client message{'s' if n != 1 else ''} unanswered > {cfg.sla_hours:.0f}h"
        if nf:
            sigs = "/".join(s.replace("_", " ") for s in c["unanswered_signals"]) or "friction"
            msg += f", {nf} with {sigs}"
        reasons.append(msg)
    at = ev.at
    overdue = [
        (cm, st, d) for cm, st, d in c["overdue"]
        if d >= cfg.alert_overdue_days
        and ((cm.due_stated and cm.condition is None) or st == "broken")
        and (d <= cfg.alert_overdue_max_days or (
            st == "broken" and cm.complained_at is not None
            and (at - cm.complained_at) <= pd.Timedelta(days=cfg.alert_overdue_max_days)))
    ]
    overdue.sort(key=lambda x: (-x[2], x[0].key))
    for cm, st, d in overdue[:3]:
        implied = ("" if cm.due_stated else " (no date given)") + (
            " (conditional)" if cm.condition else "")
        msg = f"commitment '{cm.what}'{implied} overdue {d:.0f} day{'s' if round(d) != 1 else ''}"
        if st == "broken":
            msg += ", client complained"
        reasons.append(msg)
    if len(overdue) > 3:
        reasons.append(f"and {len(overdue) - 3} more overdue commitments")
    for kind, when, sentence in c.get("churn", [])[:2]:
        what = "gave notice" if kind == "notice" else "is weighing alternatives"
        reasons.append(f"client {what} on {pd.Timestamp(when):%Y-%m-%d}: '{sentence}'")
    if c["engagement"]["quiet_points"] <= -cfg.alert_quiet_points and c["engagement"].get("reason"):
        reasons.append(c["engagement"]["reason"])
    return reasons


def _drivers(ev: Evaluation, prev: Evaluation | None, n: int,
             stamps: dict[tuple[int, Any], str] | None = None) -> list[dict[str, Any]]:
    """The ``n`` items whose points moved most since ``prev`` (``stamps``: a cache of the
    timestamps formatted so far, by instant and time zone)."""
    items = ev.items
    old = prev.items if prev else {}
    moves = []
    # every key of either moment once (the order does not matter: keys are unique, and the
    # moves are sorted by size, then key)
    for key, (now_pts, item) in items.items():
        before, old_item = old.get(key, (0.0, None))
        item = item or old_item
        delta = now_pts - before
        if abs(delta) >= 0.05 and item is not None:
            moves.append((delta, key, item))
    for key, (before, old_item) in old.items():
        if key in items:
            continue
        delta = 0.0 - before
        if abs(delta) >= 0.05 and old_item is not None:
            moves.append((delta, key, old_item))
    # (sizes compared to a millionth of a point: moves equal but for rounding noise, e.g. +5.6 and
    # -5.6 from one message, come in key order whatever the last bits of the probabilities read,
    # as Parquet and JSON Lines copies of one scan can differ by one unit in the last place)
    moves.sort(key=lambda m: (-round(abs(m[0]), 6), m[1]))
    return [
        {"message_id": it.message_id, "component": it.component, "impact": round(d, 1),
         "reason": it.reason, "evidence": it.evidence,
         "timestamp": None if it.timestamp is None else _isoformat(it.timestamp, stamps),
         # (a promise's points: which of its message's promises)
         **({"commitment_id": it.commitment_id} if it.commitment_id is not None else {})}
        for d, _, it in moves[:n]
    ]


def _isoformat(ts: Any, stamps: dict[tuple[int, Any], str] | None) -> str:
    t = pd.Timestamp(ts)
    if stamps is None:
        return t.isoformat()
    key = (t.value, t.tz)
    text = stamps.get(key)
    if text is None:
        text = stamps[key] = t.isoformat()
    return text


def relationship_segment_error(columns: Any) -> InvalidOptionError:
    """The error for ``segment="relationship"``: health is already scored per relationship, so
    each would be its own only peer. Names the columns of the table that could be segments (those
    that are not message or score columns)."""
    known = {*MESSAGE_COLUMNS, *SCORED_EXTRA_COLUMNS, *SIGNALS}
    own = [str(c) for c in columns if c not in known]
    which = (f"columns of this table that could be: {own}" if own else
             "this table has none: add one, e.g. a 'tier' column")
    return InvalidOptionError(
        "segment='relationship' cannot be a segment: health is already scored per relationship, "
        "so each one would be its own only peer. Pass a column that groups relationships into "
        f"peer groups ({which}) or a dict relationship -> segment")


def _segments(scored: Any, segment: Any) -> dict[str, Any]:
    if segment is None:
        return {}
    if isinstance(segment, Mapping):
        return {str(k): v for k, v in segment.items()}
    if isinstance(segment, str):
        if not isinstance(scored, pd.DataFrame) or segment not in scored.columns:
            cols = list(scored.columns) if isinstance(scored, pd.DataFrame) else []
            raise ColumnsError(
                f"segment={segment!r} is not a column of the scored table (columns: {cols}); "
                "pass a column name or a dict relationship -> segment")
        if segment == "relationship":
            raise relationship_segment_error(scored.columns)
        sub = scored[["relationship", segment]].dropna()
        mapping: dict[str, Any] = {}
        for rel, grp in sub.groupby(sub["relationship"].astype(str), sort=True):
            counts = grp[segment].astype(str).value_counts()
            best = counts[counts == counts.max()].index
            mapping[rel] = sorted(best)[0]
        return mapping
    raise InvalidOptionError("segment must be a column name, a dict relationship -> segment, or None")


def _add_segments(result: pd.DataFrame, seg_map: Mapping[str, Any], cfg: HealthConfig
                  ) -> pd.DataFrame:
    result["segment"] = result["relationship"].map(
        lambda r: seg_map.get(str(r), pd.NA)).astype("string")
    grp = result.groupby(["segment", "period"], dropna=True)["health"]
    result["health_vs_segment"] = (result["health"] - grp.transform("median")).round(1)
    result["segment_percentile"] = grp.rank(pct=True, method="average").round(3)
    behind = (result["health_vs_segment"] <= -cfg.alert_peer_gap).fillna(False).to_numpy(dtype=bool)
    if behind.any():
        reasons = list(result["alert_reasons"])
        for i in np.flatnonzero(behind):
            gap = -result["health_vs_segment"].iloc[i]
            reasons[i] = [*reasons[i], f"health {gap:.0f} below the {result['segment'].iloc[i]} "
                          "median"]
        result["alert_reasons"] = reasons
        result["alert"] = result["alert"] | behind
    return result
