"""A promise to have something *ready for testing* is kept by the message that says it is.

"The staging build is ready for testing" is usually a step on the way to a delivery (see
``test_qa31_what_delivers_a_promise``), but when "ready for testing" is what was promised ("I'll
have the staging build ready for testing by Friday") it is the delivery. Only the same step
counts (ready for review is not ready for testing), and a message that also reports another step
still to come stays a progress report.
"""

from __future__ import annotations

import pandas as pd
import pytest

import frictionscan as fs

pytestmark = pytest.mark.filterwarnings("error::frictionscan.errors.LeftOutWarning")

CALM = {s: 0.02 for s in fs.SIGNALS}
FRIDAY = pd.Timestamp("2025-03-07 17:00", tz="UTC")


def _msg(mid: str, when: str, direction: str, text: str, **signals: float) -> dict:
    return {"message_id": mid, "thread_id": "t1", "relationship": "acme", "channel": "email",
            "direction": direction, "status": "ok", "timestamp": pd.Timestamp(when, tz="UTC"),
            "text": text, "sender_name": "Dana" if direction == "outbound" else "Raj", **CALM, **signals}


def _status(promise: str, ours: str) -> tuple[str, object]:
    rows = [_msg("p", "2025-03-03 15:00", "outbound", promise, commitment=0.95, commitment_due=FRIDAY),
            _msg("o", "2025-03-06 15:00", "outbound", ours),
            _msg("c", "2025-03-12 09:00", "inbound", "Still nothing from you on this. Frustrating.",
                 frustration=0.8, unmet_expectation=0.8)]
    c = fs.commitments(pd.DataFrame(rows), now="2025-03-20").set_index("message_id").loc["p"]
    return c["status"], c["resolved_by"]


@pytest.mark.parametrize(("promise", "ours"), [
    ("I'll have the staging build ready for testing by Friday.",
     "The staging build is ready for testing: https://staging.example.com"),
    ("We will have the new site ready for review by Friday.", "The new site is ready for review at the usual link."),
    ("The export will be ready for UAT by Friday.", "Export is ready for UAT."),
])
def test_being_ready_for_the_promised_step_keeps_the_promise(promise, ours):
    assert _status(promise, ours) == ("kept", "o")


@pytest.mark.parametrize(("promise", "ours"), [
    ("We will have the new site live by Friday.", "The new site is ready for review at the usual link."),
    ("I'll have the staging build ready for testing by Friday.", "The staging build is ready for review."),
    ("I'll have the staging build ready for testing by Friday.",
     "The staging build is ready for testing, but the migration is still in progress."),
], ids=["live promised, only ready for review", "another step", "another step still to come"])
def test_ready_for_a_step_that_was_not_promised_is_no_delivery(promise, ours):
    assert _status(promise, ours) == ("broken", "c")
