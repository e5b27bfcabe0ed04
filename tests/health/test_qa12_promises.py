"""QA pass 12: a client's "works again, thanks" closes a promise due within hours, and written
thanks for what arrived count without a high appreciation score; thanks that only acknowledge the
promise still confirm nothing."""

from __future__ import annotations

import pandas as pd
import pytest
from health_stories import story

import frictionscan as fs
from frictionscan.aggregate import commitments

# 2026-01-05 is a Monday; d1 is Tuesday 6 January
LOGIN_DOWN = """
d1  08:15 in  t1 Our users cannot log in to the portal since this morning. | frustration=.8
d1  08:55 out t1 Sorry for the disruption. [[We'll have the login restored within 2 hours]]. | apology=.9 commitment=.9 due=d1@10:55
{reply}
d9  09:00 in  t2 Unrelated question: can you add a second admin user?
"""


def _login(reply: str) -> pd.DataFrame:
    return story("northgate", LOGIN_DOWN.format(reply=reply))


def test_works_again_thanks_confirms_a_promise_due_within_two_hours():
    s = _login("d1  10:30 in  t1 Works again, thanks Mia for the quick turnaround! | appreciation=.9")
    row = commitments(s).iloc[0]
    assert (row["status"], row["resolution"]) == ("kept", "confirmed")
    weekly = fs.health(s, freq="W")
    assert not weekly["alert_reasons"].map(lambda r: any("overdue" in x for x in r)).any()
    assert (weekly["overdue_commitments"] == 0).all()


def test_got_it_thanks_right_after_a_short_promise_acknowledges_it_and_confirms_nothing():
    # ten minutes after "within 2 hours" the thanks are for the promise, not for the login
    s = _login("d1  09:05 in  t1 Got it, thanks! | appreciation=.9")
    assert commitments(s).iloc[0]["status"] == "overdue"


def test_thanks_for_a_promise_due_in_days_confirm_only_12_hours_on():
    s = story("acme", """
        d1  10:00 in  t1 Could you send the audit log?
        d1  11:00 out t1 [[I will send the audit log by Friday]]. | commitment=.9 due=d4
        d1  13:00 in  t1 Got it, thanks! | appreciation=.9
    """)
    assert commitments(s, now="2026-01-14").iloc[0]["status"] == "overdue"
    later = story("acme", """
        d1  10:00 in  t1 Could you send the audit log?
        d1  11:00 out t1 [[I will send the audit log by Friday]]. | commitment=.9 due=d4
        d3  09:00 in  t1 Got it, thanks! | appreciation=.9
    """)
    assert commitments(later, now="2026-01-14").iloc[0]["resolution"] == "confirmed"


INVOICE = """
d1  10:00 in  t1 The invoice has the wrong PO number.
d1  11:00 out t1 Sorry, [[we will send the corrected invoice by Thursday]]. | apology=.8 commitment=.9 due=d3
d3  09:00 in  t1 {reply}
"""


def test_written_thanks_for_what_arrived_confirm_even_with_a_low_appreciation_score():
    s = story("tanaka", INVOICE.format(
        reply="Thank you, the corrected invoice arrived and is fine. | appreciation=.23"))
    row = commitments(s, now="2026-01-30").iloc[0]
    assert (row["status"], row["resolution"]) == ("kept", "confirmed")


@pytest.mark.parametrize("reply", [
    "Thanks, but the corrected invoice has not arrived. | appreciation=.3 unmet_expectation=.4",
    "Thanks for checking. It still doesn't work. | appreciation=.3",
    "The corrected invoice arrived. | appreciation=.05",  # no thanks, no appreciation: unchanged
    "Thanks, the corrected invoice arrived but it is wrong again. | appreciation=.3 frustration=.8",
])
def test_thanks_that_say_it_has_not_come_or_still_fails_confirm_nothing(reply):
    s = story("tanaka", INVOICE.format(reply=reply))
    assert not commitments(s, now="2026-01-30").iloc[0]["status"].startswith("kept")


@pytest.mark.parametrize("reply", [
    "Thanks, we'll keep working on our side. | appreciation=.3",
    "Thursday is fine, thanks. | appreciation=.3",
    "Thanks, that works for us. | appreciation=.3",
])
def test_written_thanks_that_accept_or_acknowledge_the_promise_confirm_nothing(reply):
    s = story("tanaka", INVOICE.format(reply=reply))
    assert not commitments(s, now="2026-01-30").iloc[0]["status"].startswith("kept")
