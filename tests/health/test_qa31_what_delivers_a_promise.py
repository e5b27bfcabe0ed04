"""QA31: a later message of ours delivers a promise only when it is the thing, or an answer.

In the promise's thread, a question to the client, someone looped in, a greeting, or a report of a
different thing done is no delivery, so a complaint after the due date still breaks the promise.
A progress report that names a step still to come ("testing tomorrow", "nearly there") is no
delivery either; and in another thread a participle that only describes the promised thing ("a
written summary") does not name it.
"""

from __future__ import annotations

import pandas as pd
import pytest

import frictionscan as fs

# (every row of these tables must be used: a dropped row would make a test pass for nothing)
pytestmark = pytest.mark.filterwarnings("error::frictionscan.errors.LeftOutWarning")

CALM = {s: 0.02 for s in fs.SIGNALS}
FRIDAY = pd.Timestamp("2025-03-07 17:00", tz="UTC")


def _msg(mid: str, when: str, direction: str, thread: str, text: str, **signals: float) -> dict:
    return {"message_id": mid, "thread_id": thread, "relationship": "acme", "channel": "email",
            "direction": direction, "status": "ok", "timestamp": pd.Timestamp(when, tz="UTC"),
            "text": text, "sender_name": "Dana" if direction == "outbound" else "Raj",
            **CALM, **signals}


def _commitment(rows: list[dict], now: str = "2025-03-20") -> pd.Series:
    table = fs.commitments(pd.DataFrame(rows), now=now)
    return table.set_index("message_id").loc["p"]


def _report_thread(ours: str) -> list[dict]:
    return [
        _msg("q", "2025-03-03 10:00", "inbound", "t1", "Could you send the stock report for February?"),
        _msg("p", "2025-03-03 15:00", "outbound", "t1", "I will send the stock report by Friday.",
             commitment=0.95, commitment_due=FRIDAY),
        _msg("o", "2025-03-04 15:00", "outbound", "t1", ours),
        _msg("c", "2025-03-10 09:00", "inbound", "t1",
             "Still no stock report, and it was promised for Friday. This is getting frustrating.",
             frustration=0.8, unmet_expectation=0.8),
    ]


@pytest.mark.parametrize("ours", [
    "Quick question before I send it: do you want CSV or Excel?",
    "Can you confirm the cost centre for the report?",
    "Adding Marek to the thread.",
    "Looping in Priya, who is preparing the report.",
    "Happy new year!",
    "Hola Raj, ¡felices fiestas!",
    "Please see the attached invoice for February.",
], ids=["question before sending", "question naming it", "adding someone", "looping someone in",
        "greeting", "greeting in Spanish", "another thing attached"])
def test_a_message_in_the_thread_that_only_talks_around_the_promise_does_not_deliver_it(ours):
    c = _commitment(_report_thread(ours))
    assert (c["status"], c["resolved_by"]) == ("broken", "c")


@pytest.mark.parametrize("ours", [
    "The stock report is attached.",
    "Here it is.",
    "Done - it's in the shared folder now.",
    "February closing stock was 1,240 pallets across both depots.",
    # (regression hunt QA33: a delivery that also mentions a later step, a question or a colleague)
    "Attached is the stock report. Testing of the new dashboard continues next week.",
    "Here is the stock report. Let me know of any changes before I send it to finance.",
    "February closing stock was 1,240 pallets. We're adding Priya to the thread for billing questions.",
], ids=["names it", "here it is", "done, with where", "an ordinary answer", "and a later step",
        "and before I send", "and someone added"])
def test_a_message_in_the_thread_that_is_the_thing_or_an_answer_still_delivers_it(ours):
    c = _commitment(_report_thread(ours))
    assert (c["status"], c["resolved_by"]) == ("kept", "o")


@pytest.mark.parametrize("update", [
    "Update: code complete, deploying next week.",
    "Fix written, testing tomorrow.",
    "Making good progress, nearly there.",
])
def test_a_progress_report_with_a_step_still_to_come_is_no_delivery(update):
    rows = [
        _msg("p", "2025-03-05 15:00", "outbound", "t1",
             "The export fix will be deployed by Friday 14 March.", commitment=0.95,
             commitment_due=pd.Timestamp("2025-03-14 17:00", tz="UTC")),
        _msg("u", "2025-03-06 15:00", "outbound", "t1", update),
    ]
    assert _commitment(rows)["status"] == "overdue"


@pytest.mark.parametrize("delivery", [
    "The export fix is now available for testing on your staging server.",
    "The patched export is deployed to the testing environment.",
    "Load testing went fine and the export fix is live.",
], ids=["available for testing", "testing environment", "load testing went fine"])
def test_the_word_testing_alone_is_no_step_still_to_come(delivery):
    rows = [
        _msg("p", "2025-03-05 15:00", "outbound", "t1",
             "The export fix will be deployed by Friday 14 March.", commitment=0.95,
             commitment_due=pd.Timestamp("2025-03-14 17:00", tz="UTC")),
        _msg("u", "2025-03-06 15:00", "outbound", "t1", delivery),
    ]
    assert _commitment(rows)["status"] == "kept"


def test_a_participle_that_describes_the_promised_thing_does_not_name_it_in_another_thread():
    rows = [
        _msg("p", "2025-03-05 15:00", "outbound", "t1",
             "I will send you a written summary of the audit by Friday 14 March.", commitment=0.95,
             commitment_due=pd.Timestamp("2025-03-14 17:00", tz="UTC")),
        _msg("d", "2025-03-06 15:00", "outbound", "t2", "Day 1: parser fix written, unit tests pass."),
    ]
    assert _commitment(rows)["status"] == "overdue"
