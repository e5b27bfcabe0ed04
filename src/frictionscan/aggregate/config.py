"""Weights and thresholds of the health score, in one documented dataclass.

Every number the score uses lives here with its default. Override any of them with
``HealthConfig(sla_hours=24)``, ``HealthConfig().replace(friction_max=50)`` or a plain dict passed
as ``config=`` to :func:`frictionscan.health`.

How the score is built (the paragraph in ``docs/health.md`` says the same in plain words):
``health = clip(100 + friction + repair + responsiveness + promises + engagement, 0, 100)``, where
each component is a number of points (negative pulls the score down, ``repair`` is positive). A
component turns its *load* (a decayed sum of what happened) into points with the saturating curve
``points = max_points * (1 - exp(-load / scale))``, so no single component can take away more than
its ``*_max`` and the first problems weigh more than the tenth.

Examples
--------
>>> from frictionscan.aggregate import HealthConfig
>>> cfg = HealthConfig(sla_hours=24)
>>> cfg.sla_hours, cfg.friction_max
(24.0, 40.0)
>>> HealthConfig.from_any({"trend_periods": 4}).trend_periods
4
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from ..errors import InvalidOptionError

__all__ = ["COMPONENTS", "HealthConfig"]

#: The component columns of the health table, in display order.
COMPONENTS: tuple[str, ...] = ("friction", "repair", "responsiveness", "promises", "engagement")


@dataclass(frozen=True)
class HealthConfig:
    """All weights and thresholds of :func:`frictionscan.health` (documented defaults).

    Points and loads
    ----------------
    friction_max, repair_max, responsiveness_max, promises_max, engagement_max : float
        The most points each component can move the score (repair adds, the others subtract).
    friction_scale, repair_scale, responsiveness_scale, promises_scale : float
        Load at which a component reaches ~63% of its maximum (``1 - 1/e``).

    Client-side friction
    --------------------
    friction_weights : dict
        Weight of each friction signal in a client message's intensity.
    tone_baseline_cap : float
        A relationship's own usual probability of a signal (median over its client messages) is
        subtracted before counting it, so a terse client is not a frustrated one; the baseline is
        capped here so that a client who is *always* angry still counts.
    tone_floor : float
        Probabilities below this are noise whatever the baseline.
    friction_half_life_days : float
        Friction fades with this half-life: it decays across periods instead of vanishing.
    appreciation_relief : float
        How much of a unit of client appreciation cancels a unit of remembered friction.

    Our repair
    ----------
    repair_weights : dict
        Weight of apology, commitment and appreciation in one of our messages.
    repair_floor : float
        Probabilities below this do not count as repair.
    repair_share : float
        Repair wins back at most this share of the current friction penalty: it helps, it never
        makes a relationship healthier than one that had no friction.
    kept_promise_credit : float
        Repair load added by each commitment we kept (delivered or confirmed).
    repair_half_life_days : float

    Responsiveness
    --------------
    sla_hours : float
        A client message should get our reply within this many hours.
    max_excess_sla : float
        Waiting beyond the SLA counts up to this many extra SLAs per message.
    calm_wait_weight, unanswered_friction_boost : float
        An unanswered or late message weighs ``calm_wait_weight + boost * friction intensity``
        per SLA of excess wait.
    chase_after_hours : float
        A client message sent while an earlier one has waited this long is a *chase*.
    chase_weight : float
    responsiveness_half_life_days : float
    unanswered_horizon_days : float
        Client messages older than this are no longer counted as "unanswered" in alerts (their
        penalty has faded by then).
    reply_fallback : {"relationship", "thread"}
        How a client message is paired with our reply: by ``in_reply_to`` or same thread first; when
        the thread has no answer within the SLA, ``"relationship"`` accepts our next message to the
        client in any thread if it came earlier (known from the end of the SLA on, so newer mail
        never changes an elapsed period), ``"thread"`` does not.

    Promises
    --------
    commitment_threshold : float
        An outbound message is tracked as a promise when its commitment probability reaches this
        and, where flags are known, ``commitment_flag`` is true: a preset looser than this flags
        more sentences, but a false promise makes a false overdue alert.
    delivery_max_commitment : float
        A message whose commitment probability reaches this is never taken as the delivery of an
        earlier promise (a hedged re-promise is not a delivery).
    implied_due_days : float or None
        Due date assumed for a commitment without one (None: never overdue).
    implied_due_weight : float
        Weight of a commitment whose due date was implied rather than stated.
    complaint_window_days : float
        A complaint in another thread than the promise's counts against it only this many days
        after its due date (a later ticket that shares a place name with a promise kept months
        ago is not about it). In the promise's own thread there is no limit. The same window
        bounds a late delivery elsewhere that names the promise only by words the account uses
        all the time (``kept_late``).
    conditional_weight : float
        Share of the overdue load a conditional promise ("if the audit passes, I'll send the
        certificate by the 14th") carries while the client has not complained: it may be overdue
        only because its condition never came true. Such a promise raises no overdue alert until
        the client complains.
    grace_hours : float
        A commitment is overdue only this long after its due time (a complaint from the other side
        after the due time makes it broken at once).
    overdue_weight, overdue_scale_days, promise_half_life_days : float
        A promise past due that nobody has complained about weighs ``overdue_weight``, reached
        gradually over ``overdue_scale_days`` and then fading with ``promise_half_life_days`` (it
        may well have been kept somewhere we cannot see).
    broken_weight : float
        Extra load once the client complains after the due date with nothing delivered (fades
        with the same half-life from the complaint).
    late_delivery_weight : float
        Load of a promise delivered after its stated due date (fades from delivery), never more
        than the overdue load it had reached when it came, so delivering late never scores below
        not delivering. A promise without a stated date is never late.
    trust_half_life_days : float
        Trust memory: every promise the client complained about (broken) is remembered with this
        half-life from the complaint, much longer than friction, so a *pattern* of broken promises
        keeps weighing on the relationship after each episode's friction has faded.
    trust_allowance : float
        How much of that memory is an incident rather than a pattern (1: a single broken promise
        never counts as a pattern; two in quick succession do).
    trust_weight : float
        Promise load per broken promise of memory above the allowance (the *pattern* load). The
        same amount (capped at 1) is the relationship's *distrust*: an overdue promise no longer
        fades with ``promise_half_life_days`` (no benefit of the doubt) but keeps costing while it
        stays overdue, fully once distrust reaches 1.
    confirm_after_hours, confirm_due_share : float
        Client thanks in the thread that say the thing arrived or works confirm a commitment only
        this long after it was made, or, when that is sooner, after this share of the time from
        the promise to its due date: thanks that come sooner acknowledge the promise ("Got it,
        thanks!"), while "Works again, thanks!" 1.5 hours after "restored within 2 hours" confirms
        it (a fixed 12 hours left every promise due sooner overdue). Thanks that say in words that
        the promised thing arrived or works again need no wait. ``confirm_after_hours`` is also
        how long after a confirmation the client can take it back ("spoke too soon - it is down
        again"), or until the due date plus grace when that is later.
    signal_threshold : float
        Probability from which a signal counts as present in rules (complaint, confirmation...).

    Engagement
    ----------
    engagement_window_days, engagement_baseline_days : float
        Client active days (days with a message) over the recent window are compared with its rate
        of calm active days (no friction) over the baseline window before it.
    min_baseline_messages : int
        No engagement penalty before a relationship has this many client messages of baseline.
    silence_share : float
        Share of ``engagement_max`` that silence alone can cost; the rest only applies when the
        client goes quiet after friction.
    friction_context_days : float
        How far back slow replies make a silence worrying; friction counts with a half-life of a
        third of this (and is relieved by the client's appreciation since).
    outreach_wait_days, outreach_weight : float
        Each of our messages asking something (question mark or request cue) that the client has
        left unanswered for ``outreach_wait_days`` adds ``outreach_weight`` to that worry.

    Trend and alerts
    ----------------
    trend_periods : int
        ``trend`` = health now minus health this many periods before.
    alert_drop, alert_low : float
        Alert when ``trend <= -alert_drop`` or ``health < alert_low``.
    alert_unanswered : int
        Alert when this many client messages are unanswered past the SLA (one is enough when it
        carries friction).
    alert_overdue_days, alert_overdue_max_days : float
        Alert on a commitment overdue by at least ``alert_overdue_days``; stop alerting on it after
        ``alert_overdue_max_days`` unless the client complained in that time. Commitments
        without a stated date only alert once the client complains.
    churn_points, churn_risk_share, churn_half_life_days, churn_alert_days : float
        A client message that gives notice ("formal notice to end the retainer", "we will not be
        renewing", "we're moving our work to another agency") costs ``churn_points`` of
        engagement; one that weighs leaving ("the board is reviewing all agency spend", "out to
        tender", "we may have to look elsewhere") ``churn_risk_share`` of that. The strongest such
        message counts, fading with ``churn_half_life_days``; each raises an alert for
        ``churn_alert_days``. Found by rule, see ``frictionscan.aggregate._churn``.
    alert_quiet_points : float
        Alert when the engagement penalty reaches this many points after friction.
    alert_peer_gap : float
        With ``segment=``, alert when health is this many points below the segment's median.
    n_drivers : int
        Message-level drivers kept per period.
    """

    # points
    friction_max: float = 40.0
    repair_max: float = 15.0
    responsiveness_max: float = 25.0
    promises_max: float = 30.0
    engagement_max: float = 20.0
    friction_scale: float = 1.5
    repair_scale: float = 1.5
    responsiveness_scale: float = 2.5
    promises_scale: float = 1.5
    # friction
    friction_weights: Mapping[str, float] = dataclasses.field(
        default_factory=lambda: {"frustration": 1.0, "blame": 0.8, "unmet_expectation": 0.8}
    )
    tone_baseline_cap: float = 0.4
    tone_floor: float = 0.15
    friction_half_life_days: float = 10.0
    appreciation_relief: float = 0.5
    # repair
    repair_weights: Mapping[str, float] = dataclasses.field(
        default_factory=lambda: {"apology": 1.0, "commitment": 0.7, "appreciation": 0.3}
    )
    repair_floor: float = 0.3
    repair_share: float = 0.5
    kept_promise_credit: float = 1.0
    repair_half_life_days: float = 14.0
    # responsiveness
    sla_hours: float = 48.0
    max_excess_sla: float = 3.0
    calm_wait_weight: float = 0.5
    unanswered_friction_boost: float = 1.5
    chase_after_hours: float = 24.0
    chase_weight: float = 1.0
    responsiveness_half_life_days: float = 10.0
    unanswered_horizon_days: float = 30.0
    reply_fallback: str = "relationship"
    # promises
    commitment_threshold: float = 0.5
    delivery_max_commitment: float = 0.3
    implied_due_days: float | None = 7.0
    implied_due_weight: float = 0.5
    conditional_weight: float = 0.5
    complaint_window_days: float = 30.0
    grace_hours: float = 24.0
    overdue_weight: float = 0.5
    overdue_scale_days: float = 7.0
    promise_half_life_days: float = 21.0
    broken_weight: float = 1.0
    late_delivery_weight: float = 0.4
    trust_half_life_days: float = 90.0
    trust_allowance: float = 1.0
    trust_weight: float = 1.0
    confirm_after_hours: float = 12.0
    confirm_due_share: float = 0.5
    signal_threshold: float = 0.5
    # engagement
    engagement_window_days: float = 21.0
    engagement_baseline_days: float = 90.0
    min_baseline_messages: int = 4
    silence_share: float = 0.35
    friction_context_days: float = 60.0
    outreach_wait_days: float = 7.0
    outreach_weight: float = 0.5
    # the client says it is leaving (or weighing it)
    churn_points: float = 50.0
    churn_risk_share: float = 0.5
    churn_half_life_days: float = 90.0
    churn_alert_days: float = 60.0
    # trend and alerts
    trend_periods: int = 3
    alert_drop: float = 15.0
    alert_low: float = 60.0
    alert_unanswered: int = 3
    alert_overdue_days: float = 1.0
    alert_overdue_max_days: float = 30.0
    alert_quiet_points: float = 8.0
    alert_peer_gap: float = 20.0
    n_drivers: int = 5

    def __post_init__(self) -> None:
        problems = []
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in ("friction_weights", "repair_weights"):
                if not isinstance(value, Mapping):
                    problems.append(f"{f.name} must be a dict of signal -> weight, got {value!r}")
                continue
            if f.name == "reply_fallback":
                if value not in ("relationship", "thread"):
                    problems.append(
                        f"reply_fallback must be 'relationship' or 'thread', got {value!r}"
                    )
                continue
            if value is None and f.name == "implied_due_days":
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                problems.append(f"{f.name} must be a number, got {value!r}")
            elif not math.isfinite(value):  # (inf/NaN would overflow or silently disable a rule)
                problems.append(f"{f.name} must be a finite number, got {value!r}")
            elif value < 0:
                problems.append(f"{f.name} must be >= 0, got {value!r}")
            elif f.name in ("trend_periods", "n_drivers", "min_baseline_messages", "alert_unanswered"):
                object.__setattr__(self, f.name, int(value))
            else:
                object.__setattr__(self, f.name, float(value))
        for name in ("friction_half_life_days", "repair_half_life_days",
                     "responsiveness_half_life_days", "promise_half_life_days", "sla_hours",
                     "trust_half_life_days",
                     "friction_scale", "repair_scale", "responsiveness_scale", "promises_scale",
                     "overdue_scale_days", "engagement_window_days", "churn_half_life_days"):
            if not problems and getattr(self, name) <= 0:
                problems.append(f"{name} must be > 0, got {getattr(self, name)!r}")
        if problems:
            raise InvalidOptionError("invalid HealthConfig: " + "; ".join(problems))

    def replace(self, **changes: Any) -> HealthConfig:
        """A copy with some values changed (unknown names raise :class:`InvalidOptionError`)."""
        return HealthConfig.from_any({**self.as_dict(), **changes})

    def as_dict(self) -> dict[str, Any]:
        """All settings as a plain dict."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_any(cls, value: HealthConfig | Mapping[str, Any] | None) -> HealthConfig:
        """Accept a HealthConfig, a dict of overrides, or None (defaults)."""
        if value is None:
            return cls()
        if isinstance(value, HealthConfig):
            return value
        if isinstance(value, Mapping):
            known = {f.name for f in fields(cls)}
            unknown = sorted(set(value) - known)
            if unknown:
                raise InvalidOptionError(
                    f"unknown HealthConfig setting(s) {unknown}; valid names are {sorted(known)}"
                )
            return cls(**dict(value))
        raise InvalidOptionError(
            f"config must be a HealthConfig, a dict or None, got {type(value).__name__}"
        )
