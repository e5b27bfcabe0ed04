"""QA20 #8: the client's thanks in a new email keep a promise made on a call when they name it.

A promise ("We will deliver a patched build by Monday 27 October") made in a call is kept when
the client later writes, in another thread, that the promised thing came ("the patched build
installed fine ... Thank you"): the same test that lets our delivery in another thread keep a
promise (a distinctive word of the promise, not a mere description of it), while the promise is
fresh (``complaint_window_days`` after its due date), and unless the client takes it back.
"""

from __future__ import annotations

import pandas as pd
import pytest

import frictionscan as fs

# (every row of these tables must be used: a dropped row would make a test pass for nothing)
pytestmark = pytest.mark.filterwarnings("error::frictionscan.errors.LeftOutWarning")

CALM = {s: 0.02 for s in fs.SIGNALS}
DUE = pd.Timestamp("2025-10-27 17:00", tz="UTC")


def _msg(mid: str, when: str, direction: str, thread: str, text: str, channel: str = "email",
         **signals: float) -> dict:
    return {"message_id": mid, "thread_id": thread, "relationship": "tessaro", "channel": channel,
            "direction": direction, "status": "ok", "timestamp": pd.Timestamp(when, tz="UTC"),
            "text": text, "sender_name": "Mia" if direction == "outbound" else "Anke",
            **CALM, **signals}


def _call() -> list[dict]:
    return [
        _msg("c1", "2025-10-23 13:00", "inbound", "call", "The release did not fix the export "
             "and nobody told us.", channel="transcript", frustration=0.4, unmet_expectation=0.9),
        _msg("c2", "2025-10-23 13:01", "outbound", "call", "You're right, and I'm sorry. We will "
             "deliver a patched build by Monday 27 October, before your audit.",
             channel="transcript", commitment=0.98, commitment_due=DUE),
    ]


THANKS = ("Mia, the patched build installed fine and the exposure column is back. Thank you for "
          "turning this around before the audit.")


def _status(rows: list[dict], now: str = "2025-11-05") -> pd.Series:
    table = fs.commitments(pd.DataFrame(rows), now=now)
    return table.set_index("message_id").loc["c2"]


def test_thanks_in_a_new_email_that_name_the_promise_keep_the_call_promise():
    row = _status([*_call(), _msg("e1", "2025-10-27 15:45", "inbound", "e1", THANKS,
                                  appreciation=0.89)])
    assert (row["status"], row["resolution"], row["resolved_by"]) == ("kept", "confirmed", "e1")


def test_the_kept_call_promise_raises_no_overdue_alert_in_health():
    rows = [*_call(), _msg("e1", "2025-10-27 15:45", "inbound", "e1", THANKS, appreciation=0.89)]
    weekly = fs.health(pd.DataFrame(rows), "W", now="2025-11-05")
    assert not any("patched build" in r for reasons in weekly["alert_reasons"] for r in reasons)


def test_thanks_in_a_new_email_about_something_else_keep_nothing():
    row = _status([*_call(), _msg("e1", "2025-10-27 15:45", "inbound", "e1",
                                  "Thanks, the October invoice arrived and is fine.",
                                  appreciation=0.89)])
    assert row["status"] == "overdue"


def test_thanks_in_a_new_email_long_after_the_promise_went_stale_keep_nothing():
    # complaint_window_days (30) after the due date, a shared word may be about anything
    row = _status([*_call(), _msg("e1", "2025-12-20 10:00", "inbound", "e1", THANKS,
                                  appreciation=0.89)], now="2025-12-21")
    assert row["status"] == "overdue"


def test_thanks_taken_back_in_their_own_thread_keep_nothing():
    row = _status([*_call(),
                   _msg("e1", "2025-10-27 15:45", "inbound", "e1", THANKS, appreciation=0.89),
                   _msg("e2", "2025-10-27 18:00", "inbound", "e1", "Sorry, spoke too soon: the "
                        "export is failing again.", frustration=0.6)])
    assert row["status"] != "kept"


@pytest.mark.parametrize("said", ["The patched build installed fine, thank you.",
                                  "Thanks, the patched build installed successfully."])
def test_installed_fine_with_thanks_confirms_in_the_promise_thread(said):
    rows = [_msg("p", "2025-10-20 09:00", "outbound", "t", "We will send the patched build by "
                 "Monday 27 October.", commitment=0.95, commitment_due=DUE),
            _msg("k", "2025-10-26 10:00", "inbound", "t", said, appreciation=0.2)]
    table = fs.commitments(pd.DataFrame(rows), now="2025-11-05")
    assert table[["status", "resolution"]].values.tolist() == [["kept", "confirmed"]]
