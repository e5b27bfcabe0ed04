"""A late delivery never costs more than the same promise left undelivered (QA10v B).

Health charges a promise delivered late a little (``late_delivery_weight``, fading from the
delivery) and an undelivered one an overdue load that ramps up over ``overdue_scale_days``. Before
the fix a promise delivered three days late cost 0.4 at once while the same promise still waiting
had only ramped to about 0.2, so delivering lowered health (93.2 against 94.5 in the QA repro).
"""

from __future__ import annotations

import itertools

import pandas as pd
import pytest
from health_stories import story

from frictionscan import commitments, health

START = pd.Timestamp("2026-01-05", tz="UTC")  # a Monday; the promise is made on day 2


def _script(due: str, delivered_day: float | None, complaint_day: float | None,
            promise: str = "[[I will send the corrected export by Friday]]") -> str:
    lines = ["d0  09:00 in  t1 The export shows negative quantities for the Leeds store.",
             f"d0  11:00 out t1 Thanks for flagging it. {promise}. | commitment=.9 {due}"]
    events = []
    if complaint_day is not None:
        events.append((complaint_day, "in", "Still no corrected export, we needed it today. "
                                            "| unmet_expectation=.9"))
    if delivered_day is not None:
        events.append((delivered_day, "out", "The corrected export is attached."))
    for day, direction, text in sorted(events):
        d, frac = int(day), day - int(day)
        hh, mm = divmod(round(frac * 24 * 60), 60)
        lines.append(f"d{d} {hh:02d}:{mm:02d} {direction} t1 {text}")
    return "\n".join(lines)


def _at(script: str, now: pd.Timestamp) -> pd.Series:
    return health(story("tillwick", script), freq="D", now=now).iloc[-1]


# due day 4 at 17:00 (stated), or implied (made + 7 days); delivered this many days after the due
# moment (past the 24-hour grace: late); health read this many days after the delivery
DUES = {"stated": ("due=d4", 4 + 17 / 24), "implied": ("", 7 + 11 / 24)}
LATENESS = [1.2, 3.0, 5.0, 9.0, 30.0]
AFTER = [0.05, 1.0, 4.0, 15.0, 45.0]


@pytest.mark.parametrize(("kind", "late"), list(itertools.product(DUES, LATENESS)))
def test_delivering_late_never_lowers_health_below_not_delivering(kind, late):
    due_attr, due_day = DUES[kind]
    delivered = due_day + late
    with_delivery = _script(due_attr, delivered, None)
    without = _script(due_attr, None, None)
    fate = commitments(story("tillwick", with_delivery)).iloc[0]
    assert fate["status"] == ("kept_late" if kind == "stated" else "kept"), "the delivery is seen"
    for after in AFTER:
        now = START + pd.Timedelta(days=delivered + after)
        kept, waiting = _at(with_delivery, now), _at(without, now)
        assert kept["promises"] >= waiting["promises"], (kind, late, after)
        assert kept["health"] >= waiting["health"], (kind, late, after)


@pytest.mark.parametrize("late", [1.5, 4.0, 12.0])
def test_delivering_after_a_complaint_never_costs_more_than_still_not_delivering(late):
    due_day = 4 + 17 / 24
    complaint = due_day + 1.2
    delivered = complaint + late
    with_delivery = _script("due=d4", delivered, complaint)
    without = _script("due=d4", None, complaint)
    assert commitments(story("tillwick", with_delivery)).iloc[0]["status"] == "broken"
    for after in AFTER:
        now = START + pd.Timedelta(days=delivered + after)
        kept, waiting = _at(with_delivery, now), _at(without, now)
        assert kept["promises"] >= waiting["promises"], (late, after)


def test_a_late_delivery_still_costs_something_and_less_than_the_overdue_load_it_ended():
    due_day = 4 + 17 / 24
    delivered = due_day + 10
    now = START + pd.Timedelta(days=delivered + 1)
    on_time = _at(_script("due=d4", due_day - 1, None), now)["promises"]
    late = _at(_script("due=d4", delivered, None), now)["promises"]
    waiting = _at(_script("due=d4", None, None), now)["promises"]
    assert on_time == 0 and waiting < late < 0


@pytest.mark.parametrize("condition", [None, "If the audit passes"])
@pytest.mark.parametrize("due_stated", [True, False])
def test_at_every_moment_a_late_promise_weighs_no_more_than_the_same_promise_still_waiting(
        condition, due_stated):
    from dataclasses import replace

    from frictionscan.aggregate._promises import Commitment
    from frictionscan.aggregate.config import HealthConfig

    cfg = HealthConfig()
    made = pd.Timestamp("2026-03-02 11:00", tz="UTC")
    due = pd.Timestamp("2026-03-06 17:00", tz="UTC")
    waiting = Commitment("tillwick", "m1", "t1", "outbound", "us", "them", made, "the export", 0.9,
                         due, due_stated, condition=condition)
    for late, after, distrust in itertools.product(
            [1.01, 1.5, 2, 3, 5, 7, 8, 12, 20, 40, 90], [0, 0.01, 0.5, 2, 6, 10, 30, 60, 200], [0, 0.5, 1]):
        delivered = due + pd.Timedelta(days=late)
        kept = replace(waiting, delivered_at=delivered)
        at = delivered + pd.Timedelta(days=after)
        if not due_stated:  # its due date was our assumption: delivered is simply kept, at no cost,
            # but long after the week we assumed it earns no on-time credit either (review 8)
            assert not kept.late(cfg) and kept.load_at(at, cfg, distrust) == 0.0
            assert kept.kept_credit_at(at, cfg) == 0.0
            continue
        assert kept.late(cfg)
        assert kept.load_at(at, cfg, distrust) <= waiting.load_at(at, cfg, distrust) + 1e-12, (
            late, after, distrust)
        assert kept.load_at(at, cfg, distrust) > 0, "a late delivery still costs something"
