"""The health engine: one relationship's state, evaluated at any moment.

:class:`Relationship` precomputes per-message arrays once (friction intensity against the client's own
baseline, repair strength, when each client message got our reply, chases, commitments).
:meth:`Relationship.evaluate` then returns, for a moment ``T``, the five component scores (points),
counters used by alerts, and the *items* (message-level contributions in points) that explain them.
Everything is computed from messages at or before ``T`` only.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..schemas import SIGNALS
from ._churn import churn_cue
from ._prep import FRICTION_SIGNALS, short_evidence, strength, tone_baselines
from ._promises import Commitment, find_commitments, trust_memory
from .config import HealthConfig

__all__ = ["Evaluation", "Item", "Relationship"]

_NS_PER_DAY = 86400e9

#: Cues that a client message chases: "following up", "any update?", "still waiting", "did you see
#: my...", or going over our heads ("I'm writing to escalate").
_CHASE = (r"\bfollow(?:ing)?[- ]?up\b|\bany (?:update|news|word)\b|\bchas(?:e|ing)\b|"
          r"\bstill (?:waiting|no|nothing|haven['’]?t)\b|\bas per my (?:last|previous)\b|"
          r"\b(?:did|have) you (?:get|see|receive|had a chance)\b|\breminder\b|\bnudge\b|\bbump(?:ing)?\b|"
          r"\bheard (?:nothing|back)\b|\bhello\?|\banyone\b|\bescalat(?:e|ed|ing|ion)\b")
#: Cues that a client message asks for something (and so expects a reply).
_ASKS = (r"\?|\b(?:can|could|would|will) you\b|\bany (?:update|news)\b|\blet (?:me|us) know\b|"
         r"\bwhen will\b|\b(?:können|könnten) sie\b|\bpourriez\b|\bpouvez-vous\b")


_ASKS_RE = re.compile(_ASKS, re.IGNORECASE)
_CHASE_RE = re.compile(_CHASE, re.IGNORECASE)

#: the columns of a relationship's rows the engine reads (besides the signals)
_TEXT_COLUMNS = ("message_id", "thread_id", "in_reply_to", "text", "evidence")


def _contains(pattern: re.Pattern[str], texts: np.ndarray) -> np.ndarray:
    """Which ``texts`` ``pattern`` is found in (missing texts never match), as
    ``Series.str.contains(..., case=False)`` answers it."""
    return np.array([isinstance(t, str) and pattern.search(t) is not None for t in texts],
                    dtype=bool)


def _days(ts: Any) -> float:
    return pd.Timestamp(ts).value / _NS_PER_DAY


def _days_arr(s: pd.Series) -> np.ndarray:
    return s.astype("int64").to_numpy() / _NS_PER_DAY if len(s) else np.zeros(0)


def _records(cols: dict[str, np.ndarray]) -> list[dict[str, Any]]:
    """Rows as plain dicts (only the columns reasons and evidence need), fast."""
    names = ["text", "evidence", *SIGNALS]
    data = {c: cols[c].tolist() for c in names}
    return [{c: data[c][i] for c in names} for i in range(len(data["text"]))]


def _decay(T: float, t: np.ndarray, half_life: float) -> np.ndarray:
    """How much of each message sent at day-times ``t`` is still remembered at ``T``. Messages after
    ``T`` (masked out by every caller) get 1: their exponent is clipped at 0, so that a decades-long
    archive does not overflow in a value ``np.where`` throws away."""
    return 0.5 ** (np.maximum(T - t, 0.0) / half_life)


def _sat(load: float, max_points: float, scale: float) -> float:
    return max_points * (1.0 - math.exp(-max(load, 0.0) / scale))


#: how the promises' pattern item's reason starts: it carries a broken promise's
#: ``commitment_id`` but is not that promise's own points (fs.explain keeps the two apart)
PATTERN_REASON = "pattern of broken promises"


@dataclass(frozen=True)
class Item:
    """A message-level contribution: ``points`` of ``component`` attributed to ``message_id``."""

    component: str
    message_id: str | None
    timestamp: pd.Timestamp | None
    reason: str
    evidence: str
    #: which of the message's promises (``<message_id>#<n>``), for a promise's points
    commitment_id: str | None = None


@dataclass
class Evaluation:
    """Components (points), counters and item attributions at one moment."""

    at: pd.Timestamp
    components: dict[str, float]
    counters: dict[str, Any]
    items: dict[tuple[str, str], tuple[float, Item]] = field(default_factory=dict)

    @property
    def health(self) -> float:
        return float(min(100.0, max(0.0, 100.0 + sum(self.components.values()))))


class Relationship:
    """One relationship's messages, ready to be evaluated at any moment."""

    def __init__(self, rel: pd.DataFrame, cfg: HealthConfig) -> None:
        self.cfg = cfg
        self.name = str(rel["relationship"].iloc[0])
        self.rows = rel
        self.first = rel["timestamp"].iloc[0]
        self._first_day = _days(self.first)
        # the client's and our messages as plain numpy columns (a DataFrame per side costs more
        # than everything computed from it in a small relationship)
        direction = rel["direction"].to_numpy(dtype=object)
        ii, oi = np.flatnonzero(direction == "inbound"), np.flatnonzero(direction == "outbound")
        stamps = list(rel["timestamp"])
        days = _days_arr(rel["timestamp"])
        columns = {c: rel[c].to_numpy(dtype=object) for c in _TEXT_COLUMNS}
        columns.update({s: rel[s].to_numpy(dtype=float) for s in SIGNALS})
        inb = {c: v[ii] for c, v in columns.items()}
        out = {c: v[oi] for c, v in columns.items()}
        self.inb, self.out = inb, out
        self.t_in, self.t_out = days[ii], days[oi]
        self._in_ts = [stamps[i] for i in ii]
        self._out_ts = [stamps[i] for i in oi]

        # client friction against the client's own baseline tone
        self.baselines = tone_baselines(inb, (*FRICTION_SIGNALS, "appreciation"), cfg)
        parts = {s: strength(inb[s], self.baselines[s]) for s in FRICTION_SIGNALS}
        self.fr_parts = parts
        self.fr = sum((cfg.friction_weights.get(s, 0.0) * parts[s] for s in FRICTION_SIGNALS),
                      np.zeros(len(ii)))
        self.app_in = strength(inb["appreciation"], self.baselines["appreciation"])
        self.fr_raw_max = (
            np.max(np.vstack([inb[s] for s in FRICTION_SIGNALS]), axis=0)
            if len(ii) else np.zeros(0)
        )
        # our repair
        rparts = {s: strength(out[s], cfg.repair_floor) for s in cfg.repair_weights}
        self.rep_parts = rparts
        self.rep = sum((w * rparts[s] for s, w in cfg.repair_weights.items()), np.zeros(len(oi)))

        # which client messages expect a reply
        self.needs_reply = self._needs_reply()
        self.out_asks = _contains(_ASKS_RE, out["text"])
        self.answered, self.reply_at = self._pair_replies()
        self.chases = self._find_chases()
        self.commitments: list[Commitment] = find_commitments(rel, cfg)
        # the client saying it is leaving (1) or weighing it (churn_risk_share)
        cues = [churn_cue(t) for t in inb["text"]]
        self.churn = np.array([0.0 if c is None else 1.0 if c[0] == "notice" else cfg.churn_risk_share
                               for c in cues], dtype=float)
        self.churn_cues = cues
        self._in_ids = inb["message_id"]
        self._out_ids = out["message_id"]
        self._describe_messages()
        self._paths: dict[float, tuple[np.ndarray, np.ndarray]] = {}
        self._active_days = np.unique(np.floor(self.t_in))
        self._calm_days = np.unique(np.floor(self.t_in[self.fr_raw_max < cfg.signal_threshold]))
        self._gaps: dict[int, float] = {}
        # client messages whose friction counts (the signal threshold and above the client's tone)
        self._fr_hot = (self.fr_raw_max >= cfg.signal_threshold) & (self.fr > 0)
        # for _engagement: each message's day, and how many active and calm days there are up to it
        self._t_in_list = self.t_in.tolist()
        self._t_floor = np.floor(self.t_in)  # (numpy floats, as the engagement maths has them)
        self._n_active = np.searchsorted(self._active_days, np.floor(self.t_in), side="right").tolist()
        self._n_calm = np.searchsorted(self._calm_days, np.floor(self.t_in), side="right").tolist()
        self._active_list = self._active_days.tolist()
        self._calm_list = self._calm_days.tolist()
        self._no_relief = np.zeros(0)
        self._t_out_list = self.t_out.tolist()
        # how many of our first k messages ask the client something
        self._asks_before = [0, *np.cumsum(self.out_asks, dtype=int).tolist()]

    # ------------------------------------------------------------------ precomputation
    def _needs_reply(self) -> np.ndarray:
        """A client message expects a reply when it carries friction or asks a question (a question
        mark, or "could you", "any update", "let me know"...); a thank-you, an acknowledgement
        ("Got it. Thx.", "👍"), a statement or a task without a question ("Please add Maria")
        does not. Friction counts when the message's probability reaches the signal threshold
        *and* stands above the client's own baseline tone."""
        inb, cfg = self.inb, self.cfg
        if len(self.t_in) == 0:
            return np.zeros(0, dtype=bool)
        calm = (self.fr_raw_max < cfg.signal_threshold) | (self.fr <= 0)
        asks = _contains(_ASKS_RE, inb["text"])
        return ~calm | asks

    def _pair_replies(self) -> tuple[np.ndarray, np.ndarray]:
        """Day-times of our reply to each client message: ``(answered, reply_at)``, inf when never.

        The reply is our first later message in the same thread (or one whose ``in_reply_to`` names
        it). With ``reply_fallback="relationship"`` (or no thread), when the thread has no reply
        within the SLA, our next message to the client in any thread answers it instead, if earlier.
        ``reply_at`` is when that reply was sent (the wait); ``answered`` is when the pairing is
        *known* from the mail so far: a fallback reply sent within the SLA counts only once the SLA
        has passed without an in-thread reply. So the state at any moment depends only on earlier
        mail, and adding newer mail never changes an elapsed period (while the SLA runs, a message
        costs nothing either way).
        """
        inb, out, cfg = self.inb, self.out, self.cfg
        res = np.full(len(self.t_in), np.inf)
        if len(self.t_in) == 0 or len(self.t_out) == 0:
            return res, res.copy()
        sla = cfg.sla_hours / 24.0
        reply_at = res.copy()
        by_thread: dict[Any, list[float]] = {}
        by_parent: dict[Any, float] = {}
        for tid, parent, t in zip(out["thread_id"], out["in_reply_to"], self.t_out, strict=True):
            if not pd.isna(tid):
                by_thread.setdefault(tid, []).append(t)
            if not pd.isna(parent):
                by_parent[parent] = min(by_parent.get(parent, np.inf), t)
        thread_arrays = {k: np.asarray(v) for k, v in by_thread.items()}
        for i, (mid, tid, t) in enumerate(zip(inb["message_id"], inb["thread_id"], self.t_in,
                                              strict=True)):
            best = np.inf
            p = by_parent.get(mid)
            if p is not None and p > t:
                best = p
            if not pd.isna(tid) and tid in thread_arrays:
                arr = thread_arrays[tid]
                k = np.searchsorted(arr, t, side="right")
                if k < len(arr):
                    best = min(best, arr[k])
            res[i] = reply_at[i] = best
            if best > t + sla and (cfg.reply_fallback == "relationship" or pd.isna(tid)):
                k = np.searchsorted(self.t_out, t, side="right")
                if k < len(self.t_out) and self.t_out[k] < best:
                    reply_at[i] = self.t_out[k]
                    res[i] = max(self.t_out[k], t + sla)
        return res, reply_at

    def _find_chases(self) -> np.ndarray:
        """For each client message, True when it chases an earlier one still unanswered: some
        earlier message expecting a reply, sent at least ``chase_after_hours`` before, was answered
        only after it, and the new message is in that message's thread or reads as a chase (an
        unmet expectation, "following up", "any update", "still waiting"...). A new, unrelated
        request sent meanwhile is not a chase. (O(n log n) per thread with a running maximum of
        reply times.)"""
        t, n = self.t_in, len(self.t_in)
        if n == 0:
            return np.zeros(0, dtype=bool)
        after = self.cfg.chase_after_hours / 24.0
        reply = np.where(self.needs_reply, self.answered, -np.inf)

        def waiting(idx: np.ndarray) -> np.ndarray:
            """Among the messages ``idx`` (time-sorted), those sent while an earlier one waited."""
            tt, running = t[idx], np.maximum.accumulate(reply[idx])
            k = np.searchsorted(tt, tt - after, side="right") - 1
            k = np.minimum(k, np.arange(len(idx)) - 1)  # strictly earlier messages only
            return (k >= 0) & (running[np.maximum(k, 0)] > tt)

        anywhere = waiting(np.arange(n))
        reads_as_chase = (
            (self.inb["unmet_expectation"] >= self.cfg.signal_threshold)
            | _contains(_CHASE_RE, self.inb["text"]))
        chases = anywhere & reads_as_chase
        # one grouping pass (positions of each thread's messages, in time order), not a scan per thread
        threads: dict[Any, list[int]] = {}
        for i, tid in enumerate(self.inb["thread_id"]):
            if not pd.isna(tid):
                threads.setdefault(tid, []).append(i)
        for idx in threads.values():
            if len(idx) > 1:
                idx_arr = np.array(idx)
                chases[idx_arr] |= waiting(idx_arr)
        return chases

    # ------------------------------------------------------------------ evaluation
    def evaluate(self, at: pd.Timestamp) -> Evaluation:
        """The components, counters and items at the moment ``at``."""
        return next(self.evaluate_many([at], np.array([_days(at)])))

    def evaluate_many(self, ats: list[pd.Timestamp], Ts: np.ndarray) -> Iterator[Evaluation]:
        """:meth:`evaluate` at each moment of ``ats`` (``Ts``: the same moments as float days, as
        :func:`_days` gives them).

        The per-message arrays of a block of moments are computed together as 2-D (moment x
        message) arrays, and so are their sums (each row's sum is that row's own, as for a 1-D
        array) and which messages earn an item: a few numpy operations per block rather than
        dozens per moment, with the same element-wise operations on the same values."""
        Ts = np.asarray(Ts, dtype=float)
        n = max(len(self.t_in), len(self.t_out), 1)
        step = max(1, self._BLOCK_CELLS // n)
        for b in range(0, len(Ts), step):
            yield from self._evaluate_block(ats[b:b + step], Ts[b:b + step])

    #: at most this many (moment x message) cells per array of a block of moments
    _BLOCK_CELLS = 250_000

    def _evaluate_block(self, ats: list[pd.Timestamp], Ts: np.ndarray) -> Iterator[Evaluation]:
        cfg = self.cfg
        t_in, t_out = self.t_in[None, :], self.t_out[None, :]
        hl, hl_r = cfg.friction_half_life_days, cfg.responsiveness_half_life_days
        sla = cfg.sla_hours / 24.0
        answered = self.answered[None, :]
        relief0 = self._stock_path(hl)[1]
        T = Ts[:, None]
        mi = t_in <= T
        mo = t_out <= T
        d_in = _decay(T, t_in, hl)
        dec_in = np.where(mi, d_in, 0.0)
        fload = self.fr * dec_in
        relief = np.where(mi, relief0 * d_in, 0.0)
        dec_out = np.where(mo, _decay(T, t_out, cfg.repair_half_life_days), 0.0)
        rload = self.rep * dec_out
        answered_by_T = answered <= T
        wait_end = np.where(answered_by_T, answered, T)
        excess = np.clip((wait_end - t_in) / sla - 1.0, 0.0, cfg.max_excess_sla)
        weight = cfg.calm_wait_weight + cfg.unanswered_friction_boost * self.fr
        ref = np.where(answered_by_T, answered,
                       np.minimum(T, (self.t_in + sla * (1.0 + cfg.max_excess_sla))[None, :]))
        wload = np.where(mi & self.needs_reply, weight * excess * 0.5 ** ((T - ref) / hl_r), 0.0)
        cload = np.where(mi & self.chases, cfg.chase_weight * _decay(T, t_in, hl_r), 0.0)
        age = T - t_in
        open_late = mi & self.needs_reply & ~answered_by_T & (age > sla) & (
            age <= cfg.unanswered_horizon_days)
        hot = open_late & self._fr_hot
        # per moment: sums (as floats, as float(row.sum()) gives them) and counts
        n_in = np.count_nonzero(mi, axis=1).tolist()
        gross_l = fload.sum(axis=1).tolist()
        relief_l = relief.sum(axis=1).tolist()
        rsum_l = rload.sum(axis=1).tolist()
        wsum_l, csum_l = wload.sum(axis=1), cload.sum(axis=1)
        rtotal_l = (wsum_l + csum_l).tolist()
        wsum_l, csum_l = wsum_l.tolist(), csum_l.tolist()
        unanswered_l = np.count_nonzero(open_late, axis=1).tolist()
        hot_l = np.count_nonzero(hot, axis=1).tolist()

        # 1. the components that share their points among messages, moment by moment
        m = len(Ts)
        state: list[tuple[Any, ...]] = []
        # (points, total) of each message-level attribution, per moment (0 points: none)
        shares = {k: (np.zeros(m), np.ones(m)) for k in ("fr", "relief", "rep", "wait", "chase")}

        def share(kind: str, j: int, points: float, total: float) -> None:
            if total > 0 and points != 0:  # (as _attribute skips them)
                shares[kind][0][j], shares[kind][1][j] = points, total

        for j in range(m):
            Tj = float(Ts[j])
            stock = self._friction_stock(Tj, mi[j], n=n_in[j], relief=self._no_relief)[0]
            friction = -_sat(stock, cfg.friction_max, cfg.friction_scale)
            gross_pts = -_sat(gross_l[j], cfg.friction_max, cfg.friction_scale)
            share("fr", j, gross_pts, gross_l[j])
            if relief_l[j] > 0 and friction != gross_pts:
                share("relief", j, friction - gross_pts, relief_l[j])
            # -- our repair, capped by the friction it answers
            rsum = rsum_l[j]
            # (each promise's status at Tj, used by every rule below)
            statuses = [c.status_at(Tj, cfg) for c in self.commitments]
            credits = [(c, c.kept_credit_at(Tj, cfg, st))
                       for c, st in zip(self.commitments, statuses, strict=True)]
            credits = [(c, v) for c, v in credits if v > 0]
            total = rsum + sum(v for _, v in credits)
            raw = _sat(total, cfg.repair_max, cfg.repair_scale)
            repair = min(raw, cfg.repair_share * -friction)
            if total > 0 and repair > 0:
                share("rep", j, repair * rsum / total, rsum)
            # -- responsiveness
            rtotal = rtotal_l[j]
            responsiveness = -_sat(rtotal, cfg.responsiveness_max, cfg.responsiveness_scale)
            if rtotal > 0:
                share("wait", j, responsiveness * wsum_l[j] / rtotal, wsum_l[j])
                share("chase", j, responsiveness * csum_l[j] / rtotal, csum_l[j])
            state.append((Tj, friction, credits, total, repair, responsiveness, statuses))

        # 2. which messages earn an item: |points * load / total| >= 0.01 (under 0.01 points,
        # long-faded messages, is not worth an item), for all moments at once
        picked = {}
        for kind, loads in (("fr", fload), ("relief", relief), ("rep", rload), ("wait", wload),
                            ("chase", cload)):
            pts, tot = shares[kind]
            rows, cols = np.nonzero(np.abs(pts[:, None] * loads / tot[:, None]) >= 0.01)
            bounds = np.searchsorted(rows, np.arange(m + 1))
            picked[kind] = (cols.tolist(), bounds.tolist(), pts.tolist(), tot.tolist())

        def attribute(items: dict, kind: str, j: int, component: str, loads: np.ndarray,
                      side: str, reason: Any, evidence: list[str], suffix: str = "") -> None:
            cols, bounds, pts, tot = picked[kind]
            lo, hi = bounds[j], bounds[j + 1]
            if lo < hi:
                self._attribute(items, component, loads, pts[j], side, reason, evidence,
                                total_override=tot[j], suffix=suffix, idx=cols[lo:hi])

        # 3. everything else, and each moment's items, in the order they were always made
        for j in range(m):
            Tj, friction, credits, total, repair, responsiveness, statuses = state[j]
            items: dict[tuple[str, str], tuple[float, Item]] = {}
            counters: dict[str, Any] = {}
            attribute(items, "fr", j, "friction", fload[j], "in", self._fr_reason, self._fr_ev)
            attribute(items, "relief", j, "friction", relief[j], "in", self._app_reason,
                      self._app_ev, suffix="relief")
            if total > 0 and repair > 0:
                attribute(items, "rep", j, "repair", rload[j], "out", self._rep_reason,
                          self._rep_ev)
                for c, v in credits:
                    key = ("repair", str(c.delivered_by))
                    pts = repair * v / total
                    prev = items.get(key, (0.0, None))[0]
                    items[key] = (prev + pts, Item("repair", c.delivered_by, c.delivered_at,
                                                   f"kept promise '{c.what}'",
                                                   c.delivered_evidence or ""))
            attribute(items, "wait", j, "responsiveness", wload[j], "in",
                      lambda i, T=Tj: self._wait_reason(i, T), self._plain_in)
            attribute(items, "chase", j, "responsiveness", cload[j], "in",
                      lambda i: "client chased an unanswered message", self._plain_in,
                      suffix="chase")
            counters["unanswered"] = unanswered_l[j]
            counters["unanswered_friction"] = hot_l[j]
            counters["unanswered_signals"] = sorted({
                self._fr_reason[i].split(" (")[0].removeprefix("client ").replace(" ", "_")
                for i in np.flatnonzero(hot[j])
            }) if hot_l[j] else []
            promises = self._promises(Tj, items, counters, statuses)
            # -- engagement against the client's own volume and cadence
            engagement, info = self._engagement(Tj, mi[j], excess[j], answered_by_T[j], n_in[j])
            info["quiet_points"] = engagement  # (before any churn points are added below)
            counters["engagement"] = info
            if engagement < 0:
                items[("engagement", "")] = (engagement, Item("engagement", None, None,
                                                              info["reason"], ""))
            # -- the client said it is leaving, or weighing it: the strongest such message counts
            counters["churn"] = []
            if self.churn.any():
                said = self._churn(Tj, mi[j], items, counters)
                if said is not None:
                    engagement += said
            comps = {"friction": friction, "repair": repair, "responsiveness": responsiveness,
                     "promises": promises, "engagement": engagement}
            yield Evaluation(at=ats[j], components=comps, counters=counters, items=items)

    def _promises(self, T: float, items: dict, counters: dict[str, Any], statuses: list[str]
                  ) -> float:
        """The promises component at ``T`` (points); adds its items and counters. ``statuses``:
        each commitment's status at ``T``."""
        cfg = self.cfg
        # a pattern of broken promises is remembered much longer than friction, and it removes
        # the benefit of the doubt from promises that are still overdue
        pattern, memory = trust_memory(self.commitments, T, cfg)
        distrust = min(1.0, pattern)
        tload = cfg.trust_weight * pattern
        ploads = [(c, c.load_at(T, cfg, distrust, st), st)
                  for c, st in zip(self.commitments, statuses, strict=True) if c._days[3] <= T]
        ptotal = sum(v for _, v, _ in ploads) + tload
        promises = -_sat(ptotal, cfg.promises_max, cfg.promises_scale)
        counters["broken_memory"] = (len(memory), pattern)
        if tload > 0 and ptotal > 0:
            msum = sum(v for _, v in memory)
            reason = (f"{PATTERN_REASON} ({len(memory)} the client complained about, "
                      f"remembered with a {cfg.trust_half_life_days:.0f}-day half-life)")
            for c, v in memory:
                pts = promises * tload * v / msum / ptotal
                if abs(pts) >= 0.01:
                    items[("promises", f"{c.key}#pattern")] = (
                        pts, Item("promises", c.message_id, c.made_at, reason,
                                  c.complaint_evidence or c.what, c.commitment_id))
        overdue = []
        for c, v, status in ploads:
            if status == "overdue" or (status == "broken" and c._days[1] > T):
                overdue.append((c, status, c.days_overdue_at(T, cfg)))
            if v > 0 and ptotal > 0:
                items[("promises", c.key)] = (
                    promises * v / ptotal,
                    Item("promises", c.message_id, c.made_at, self._promise_reason(c, T, status),
                         c.complaint_evidence if status == "broken" else c.what, c.commitment_id),
                )
        counters["overdue"] = overdue
        return promises

    def _churn(self, T: float, mi: np.ndarray, items: dict, counters: dict[str, Any]
               ) -> float | None:
        """Points of the client saying it is leaving or weighing it (the strongest such message
        still remembered at ``T``; None when none is); adds its item and the recent cues to
        ``counters``."""
        cfg = self.cfg
        points = None
        said = np.where(mi, self.churn * _decay(T, self.t_in, cfg.churn_half_life_days), 0.0)
        k = int(np.argmax(said))
        if said[k] > 0:
            points = -cfg.churn_points * float(said[k])
            kind, sentence = self.churn_cues[k]
            reason = ("client gave notice" if kind == "notice"
                      else "client is weighing alternatives")
            items[("engagement", f"{self._in_ids[k]}#churn")] = (points, Item(
                "engagement", str(self._in_ids[k]), self._in_ts[k], reason,
                short_evidence({"text": sentence})))
        recent = np.flatnonzero(mi & (self.churn > 0)
                                & (T - self.t_in <= cfg.churn_alert_days))
        counters["churn"] = [(self.churn_cues[i][0], self._in_ts[i],
                              short_evidence({"text": self.churn_cues[i][1]}))
                             for i in recent[::-1]]
        return points

    def _usual_pause(self, n: int) -> float:
        """The client's usual longest pause: the 90th percentile of the gaps between its first
        ``n`` active days (cached). A client who writes Tuesday to Thursday every week has a median
        gap of one day but a usual pause of five; a silence is judged against the pause, so a
        weekend is not a silence."""
        if n not in self._gaps:
            gaps = np.diff(self._active_days[:n])
            self._gaps[n] = (float(np.quantile(gaps, 0.9)) if len(gaps)
                             else self.cfg.engagement_window_days)
        return self._gaps[n]

    def _friction_stock(self, T: float, mi: np.ndarray, half_life: float | None = None, *,
                        n: int | None = None, relief: np.ndarray | None = None
                        ) -> tuple[float, np.ndarray]:
        """Friction remembered at T: walking client messages in time order, each adds its
        intensity, each appreciation removes up to ``appreciation_relief`` times its strength from
        what is remembered *so far*, and everything fades with the half-life. Also returns each
        message's effective relief, decayed to T (for attribution). ``n`` (how many messages ``mi``
        selects) and ``relief`` may be given when already computed (see :meth:`_evaluate_block`)."""
        hl = self.cfg.friction_half_life_days if half_life is None else half_life
        after, relief0 = self._stock_path(hl)
        if n is None:
            n = int(mi.sum())  # messages are time-sorted, so mi selects a prefix
        if n == 0:
            return 0.0, np.zeros(len(self.t_in))
        stock = after[n - 1] * 0.5 ** ((T - self.t_in[n - 1]) / hl)
        if relief is None:
            relief = np.where(mi, relief0 * _decay(T, self.t_in, hl), 0.0)
        return float(stock), relief

    def _stock_path(self, hl: float) -> tuple[np.ndarray, np.ndarray]:
        """Stock right after each client message and each message's relief (computed once)."""
        cached = self._paths.get(hl)
        if cached is not None:
            return cached
        cfg = self.cfg
        after = np.zeros(len(self.t_in))
        relief = np.zeros(len(self.t_in))
        stock, last = 0.0, None
        for i, t in enumerate(self.t_in):
            if last is not None:
                stock *= 0.5 ** ((t - last) / hl)
            last = t
            stock += self.fr[i]
            r = min(stock, cfg.appreciation_relief * self.app_in[i])
            if r > 0:
                stock -= r
                relief[i] = r
            after[i] = stock
        self._paths[hl] = (after, relief)
        return after, relief

    def _engagement(self, T: float, mi: np.ndarray, excess: np.ndarray, answered: np.ndarray,
                    n_seen: int | None = None) -> tuple[float, dict[str, Any]]:
        cfg = self.cfg
        W, B = cfg.engagement_window_days, cfg.engagement_baseline_days
        first = self._first_day
        # cadence is counted in *active days* (days with at least one client message), so a burst of
        # emails during an incident does not inflate the baseline
        n_seen = int(mi.sum()) if n_seen is None else n_seen
        if n_seen == 0:  # no client message yet: no baseline (its length would be -inf)
            return 0.0, {"reason": "", "context": 0.0, "drop": 0.0}
        # the days, and how many active and calm days there were, up to the last message seen (the
        # messages and the days are sorted, so these are counts of prefixes: see __init__)
        last_day = self._t_floor[n_seen - 1]
        n_active = self._n_active[n_seen - 1]
        info: dict[str, Any] = {"reason": "", "context": 0.0, "drop": 0.0}
        # the baseline is the client's rate before the recent window, or before its silence when it
        # has been silent for longer: months of silence must not become its new normal
        base_end = min(T - W, last_day + 1.0)
        base_start = max(base_end - B, first)
        base_len = base_end - base_start
        if base_len < W or n_active < cfg.min_baseline_messages:
            return 0.0, info
        # the baseline counts calm days only: the extra mail of an incident is not normal volume
        # (calm days d with floor(base_start) <= d < floor(base_end), among the first n_calm)
        n_calm = self._n_calm[n_seen - 1]
        n_base = max(0, bisect.bisect_left(self._calm_list, math.floor(base_end), 0, n_calm)
                     - bisect.bisect_left(self._calm_list, math.floor(base_start), 0, n_calm))
        recent = n_active - bisect.bisect_left(self._active_list, math.floor(T - W), 0, n_active)
        if n_base < cfg.min_baseline_messages:
            return 0.0, info
        expected = n_base / base_len * W
        rate_drop = max(0.0, 1.0 - (recent + 0.5) / (expected + 0.5))
        pause = self._usual_pause(n_active)
        # (the messages are time-sorted: the last one seen is the latest)
        last_in = self._t_in_list[n_seen - 1]
        since = T - last_in
        gap_drop = min(1.0, max(0.0, (since / max(pause, 0.5) - 1.0) / 2.0))
        drop = max(rate_drop, gap_drop)
        if drop <= 0:
            return 0.0, info
        # what came before the silence: judged where the silence began (its first window), so a
        # silence after friction stays one however long it lasts
        T_ctx = min(T, last_in + W)
        ctx_from = T_ctx - cfg.friction_context_days
        # the client messages seen that are in the context window: (time-sorted) those from the
        # first after ctx_from up to the last seen
        win_from = bisect.bisect_right(self._t_in_list, ctx_from, 0, n_seen)
        # our questions the client never answered (outreach going unreturned): those sent after
        # max(ctx_from, last_in) and at least outreach_wait_days before T (ours are time-sorted)
        asks_from = bisect.bisect_right(self._t_out_list, max(ctx_from, last_in))
        asks_to = bisect.bisect_right(self._t_out_list, T - cfg.outreach_wait_days)
        unreturned = max(0, self._asks_before[asks_to] - self._asks_before[asks_from])
        # friction remembered over a longer half-life (appreciation since then relieves it)
        long_stock, _ = self._friction_stock(T_ctx, mi, cfg.friction_context_days / 3.0,
                                             n=n_seen, relief=self._no_relief)
        waits = excess[win_from:n_seen][self.needs_reply[win_from:n_seen]]
        ctx_load = long_stock + float(waits.sum()) / max(cfg.max_excess_sla, 1.0) + (
            cfg.outreach_weight * unreturned)
        context = 1.0 - math.exp(-ctx_load / cfg.friction_scale)
        points = -cfg.engagement_max * drop * (cfg.silence_share + (1 - cfg.silence_share) * context)
        after = " after friction or slow replies" if context >= 0.1 else ""
        reason = (f"client quiet{after}: wrote on {recent} day{'s' if recent != 1 else ''} in the "
                  f"last {W:.0f} days vs ~{expected:.0f} usually; last message "
                  f"{since:.0f} day{'s' if round(since) != 1 else ''} ago")
        if unreturned:
            reason += (f"; {unreturned} of our messages since then "
                       "unanswered")
        info.update(reason=reason, context=context, drop=drop, recent=recent,
                    expected=expected, since=since)
        return points, info

    # ------------------------------------------------------------------ attribution helpers
    def _attribute(self, items: dict, component: str, loads: np.ndarray, points: float,
                   side: str, reason: Any, evidence: list[str], *,
                   total_override: float | None = None, suffix: str = "",
                   idx: list[int] | None = None) -> None:
        """Share ``points`` among messages in proportion to their ``loads`` (``idx``: the
        messages that earn an item, when already known)."""
        total = float(loads.sum()) if total_override is None else total_override
        if total <= 0 or points == 0:
            return
        ids, stamps = (self._in_ids, self._in_ts) if side == "in" else (self._out_ids, self._out_ts)
        if idx is None:
            # contributions under 0.01 points (long-faded messages) are not worth an item
            idx = np.flatnonzero(np.abs(points * loads / total) >= 0.01).tolist()
        tag = "#" + suffix if suffix else ""
        for i in idx:
            pts = points * float(loads[i]) / total
            key = (component, f"{ids[i]}{tag}")
            prev = items.get(key, (0.0, None))[0]
            text = reason(i) if callable(reason) else reason[i]
            items[key] = (prev + pts, Item(component, str(ids[i]), stamps[i], text, evidence[i]))

    def _describe_messages(self) -> None:
        """Reasons and evidence of every message, computed once."""
        cfg = self.cfg
        inb = _records(self.inb)
        out = _records(self.out)
        self._fr_reason, self._fr_ev, self._app_reason, self._app_ev, self._plain_in = [], [], [], [], []
        for row in inb:
            s = max(FRICTION_SIGNALS, key=lambda k, r=row: r[k])
            self._fr_reason.append(f"client {s.replace('_', ' ')} ({row[s]:.2f})")
            self._fr_ev.append(short_evidence(row, s))
            self._app_reason.append(f"client appreciation ({row['appreciation']:.2f})")
            self._app_ev.append(short_evidence(row, "appreciation"))
            self._plain_in.append(short_evidence(row))
        labels = {"apology": "our apology/ownership", "commitment": "our commitment",
                  "appreciation": "our appreciation"}
        self._rep_reason, self._rep_ev = [], []
        for row in out:
            s = max(cfg.repair_weights, key=lambda k, r=row: cfg.repair_weights[k] * r[k])
            self._rep_reason.append(f"{labels.get(s, s)} ({row[s]:.2f})")
            self._rep_ev.append(short_evidence(row, s))

    def _wait_reason(self, i: int, T: float) -> str:
        if self.answered[i] <= T:
            return f"waited {(self.reply_at[i] - self.t_in[i]) * 24:.0f}h for our reply"
        return f"unanswered for {(T - self.t_in[i]):.1f} days"

    def _promise_reason(self, c: Commitment, at: float, status: str | None = None) -> str:
        cfg = self.cfg
        if status is None:
            status = c.status_at(at, cfg)
        days = c.days_overdue_at(at, cfg)
        implied = ("" if c.due_stated else " (no date given)") + (
            " (conditional)" if c.condition else "")
        if status == "kept":
            return f"commitment '{c.what}' delivered {days:.0f} days late"
        if status == "broken" and c._days[1] <= at:
            return (f"commitment '{c.what}' delivered {days:.0f} days late, after the client "
                    "complained")
        if status == "broken":
            return f"commitment '{c.what}'{implied} overdue {days:.0f} days, client complained"
        return f"commitment '{c.what}'{implied} overdue {days:.0f} days"
