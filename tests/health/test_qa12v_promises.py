"""QA pass 12v: what a client reply must say to confirm a promise.

Thanks confirm only when they state that the thing came or works: not when they ask whether it
did ("Is it fixed yet? Thanks."), nor when they will find out or say it in a condition ("I'll check
whether it works again after lunch"). A confirmation the client takes back in the thread ("spoke
too soon - it is down again") counts for nothing. Thanks that say in words that the promised thing
arrived or works again confirm however soon they come; "Got it, thanks!" still waits."""

from __future__ import annotations

import pandas as pd
import pytest
from health_stories import story

import frictionscan as fs
from frictionscan.aggregate import commitments

# 2026-01-05 is a Monday; d1 is Tuesday 6 January. The promise is due d1 at 10:55.
DASHBOARD = """
d1  08:15 in  t1 The dashboard is blank for everyone. | frustration=.6
d1  08:55 out t1 [[We'll have the dashboard fixed within 2 hours]]. | commitment=.9 due=d1@10:55
{replies}
d9  09:00 in  t2 Unrelated question: can you add a second admin user?
"""


def _dashboard(*replies: str) -> pd.DataFrame:
    return story("northgate", DASHBOARD.format(replies="\n".join(replies)))


def _status(s: pd.DataFrame) -> tuple[str, object]:
    row = commitments(s).iloc[0]
    return row["status"], row["resolution"]


@pytest.mark.parametrize("reply", [
    # a question about the promise, however warm
    "d1  10:15 in  t1 Is it fixed yet? Thanks. | appreciation=1.0 unmet_expectation=.24",
    "d1  10:15 in  t1 Thanks! Is it working again on your side | appreciation=.9",
    # to be found out later, or said only in a condition
    "d1  10:15 in  t1 Thanks, I'll check whether it works again after lunch. | appreciation=.05 commitment=.29",
    "d1  10:15 in  t1 Thanks! Will let you know if it works. | appreciation=.9",
    "d1  10:15 in  t1 Thank you, please let me know once it is fixed. | appreciation=.9",
    "d1  10:15 in  t1 Hopefully it works again now, thanks | appreciation=.9",
])
def test_thanks_that_ask_or_wait_to_see_whether_it_works_confirm_nothing(reply):
    assert _status(_dashboard(reply))[0] == "overdue"


def test_thanks_that_state_it_works_confirm_even_when_a_later_clause_looks_ahead():
    s = _dashboard("d1  10:15 in  t1 Works now, thanks! I'll let you know if anything else comes up. "
                   "| appreciation=.9")
    assert _status(s) == ("kept", "confirmed")


def test_a_confirmation_taken_back_minutes_later_leaves_the_promise_overdue():
    s = _dashboard("d1  10:15 in  t1 Works again, thanks! | appreciation=.55",
                   "d1  10:30 in  t1 Sorry, spoke too soon - it is down again. Very frustrating. "
                   "| frustration=.97")
    assert _status(s)[0] == "overdue"
    weekly = fs.health(s, freq="W")
    assert weekly["overdue_commitments"].max() == 1


@pytest.mark.parametrize("retraction", [
    "d1  10:30 in  t1 Spoke too soon, it is down again. | frustration=.2",
    "d1  14:00 in  t1 Hm, it has stopped working again. | frustration=.3",
    "d1  18:00 in  t1 The dashboard is blank again. | frustration=.3",
])
def test_words_that_take_a_confirmation_back_undo_it_without_a_friction_score(retraction):
    s = _dashboard("d1  10:15 in  t1 Works again, thanks! | appreciation=.55", retraction)
    assert _status(s)[0] == "overdue"


def test_a_new_confirmation_after_the_retraction_keeps_the_promise_when_it_comes():
    s = _dashboard("d1  10:15 in  t1 Works again, thanks! | appreciation=.55",
                   "d1  10:30 in  t1 Sorry, spoke too soon - it is down again. | frustration=.9",
                   "d2  09:00 in  t1 Now it really works again, thank you! | appreciation=.9")
    row = commitments(s).iloc[0]
    assert row["resolution"] == "confirmed"
    assert row["resolved_at"] == pd.Timestamp("2026-01-07 09:00", tz="UTC")


def test_an_outage_days_after_the_confirmation_is_a_new_incident_and_undoes_nothing():
    s = _dashboard("d1  10:15 in  t1 Works again, thanks! | appreciation=.55",
                   "d4  09:00 in  t1 The dashboard is down again, very frustrating. | frustration=.9")
    assert _status(s) == ("kept", "confirmed")


INVOICE = """
d1  08:00 in  t1 The invoice PDF is wrong.
d1  08:10 out t1 [[We will send a corrected invoice by Friday]]. | commitment=.9 due=d4@17:00
d1  09:00 in  t1 {reply}
d12 08:00 in  t2 New question unrelated.
"""


def test_thanks_saying_the_promised_thing_arrived_confirm_within_the_hour():
    s = story("northgate", INVOICE.format(
        reply="Thanks, the corrected invoice arrived and is fine. | appreciation=.08"))
    row = commitments(s).iloc[0]
    assert (row["status"], row["resolution"]) == ("kept", "confirmed")
    assert row["resolved_at"] == pd.Timestamp("2026-01-06 09:00", tz="UTC")
    weekly = fs.health(s, freq="W")
    assert (weekly["overdue_commitments"] == 0).all()


@pytest.mark.parametrize("reply", [
    "Got it, thanks! | appreciation=.9",
    "Thursday is fine, thanks. | appreciation=.3",
    "Received, thanks. | appreciation=.6",  # the promise's own email, perhaps
    "Thanks, that works for us. | appreciation=.3",
])
def test_thanks_within_the_hour_that_only_acknowledge_the_promise_still_wait(reply):
    s = story("northgate", INVOICE.format(reply=reply))
    assert commitments(s).iloc[0]["status"] == "overdue"


@pytest.mark.parametrize("reply", [
    "Friday works fine, thanks. | appreciation=.9",
    "Thanks, Friday at 3pm works great. | appreciation=.9",
])
def test_thanks_that_a_date_works_accept_the_promise_and_never_confirm_it(reply):
    s = story("northgate", INVOICE.replace("d1  09:00 in  t1 {reply}", f"d2  09:00 in  t1 {reply}"))
    assert commitments(s).iloc[0]["status"] == "overdue"


def test_thanks_that_acknowledge_the_promise_itself_confirm_nothing():
    """Review 9 #2: 'we received your message and will wait for Friday' marked the promise kept."""
    t0 = pd.Timestamp("2026-10-05 09:00", tz="UTC")
    for reply in ("Thanks Sam, we received your message and will wait for Friday.",
                  "Thanks, received your email - looking forward to it."):
        df = pd.DataFrame([
            dict(message_id="p", thread_id="t", relationship="acme", direction="outbound", sender="sam@ourco.com",
                 timestamp=t0, text="We will send you the corrected invoice by Friday.", status="ok"),
            dict(message_id="r", thread_id="t", relationship="acme", direction="inbound", sender="ann@acme.com",
                 timestamp=t0 + pd.Timedelta(hours=20), text=reply, status="ok")])
        promises = fs.commitments(fs.score(df), now=t0 + pd.Timedelta(days=10))
        assert promises["status"].tolist() == ["overdue"], reply
