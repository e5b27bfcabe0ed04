"""QA21 D2 D3 D9 D13: a message in another thread keeps a promise only when it names the promised thing.

Sharing a word or two with the promise is not enough there: thanks for "the patched build of the
mobile app" do not confirm "a patched build of the reporting module", "the corrected September
invoice" is not "a corrected October invoice", and our "new mobile dashboard is live" does not
deliver "the dashboard caching fix". Thanks that go on to say it still fails confirm nothing, and a
confirmation in a new email is taken back by a complaint naming the thing in any later email.
"""

from __future__ import annotations

import pandas as pd
import pytest

import frictionscan as fs

# (every row of these tables must be used: a dropped row would make a test pass for nothing)
pytestmark = pytest.mark.filterwarnings("error::frictionscan.errors.LeftOutWarning")

CALM = {s: 0.02 for s in fs.SIGNALS}
DUE = pd.Timestamp("2025-10-24 17:00", tz="UTC")


def _msg(mid: str, when: str, direction: str, thread: str, text: str, **signals: float) -> dict:
    return {"message_id": mid, "thread_id": thread, "relationship": "oakridge", "channel": "email",
            "direction": direction, "status": "ok", "timestamp": pd.Timestamp(when, tz="UTC"),
            "text": text, "sender_name": "Jonas" if direction == "outbound" else "Lea",
            **CALM, **signals}


def _promise(text: str) -> list[dict]:
    return [
        _msg("q", "2025-10-20 09:00", "inbound", "t1", "The figures in the export are wrong again.",
             frustration=0.7),
        _msg("p", "2025-10-20 11:00", "outbound", "t1", f"Hi Lea, sorry about this. {text}",
             commitment=0.95, commitment_due=DUE),
    ]


def _status(rows: list[dict], now: str = "2025-11-05") -> str:
    table = fs.commitments(pd.DataFrame(rows), now=now)
    return table.set_index("message_id").loc["p", "status"]


BUILD = "We will deliver a patched build of the billing module by Friday 24 October."
INVOICE = "I will send you a corrected October invoice by Friday 24 October."


@pytest.mark.parametrize(("promise", "thanks"), [
    (BUILD, "The patched build of the tablet app installed fine on all our devices. Thank you!"),
    (INVOICE, "Thank you, the corrected September invoice arrived and is fine."),
    (INVOICE, "Thanks, the November invoice arrived."),
    (INVOICE, "Thanks, the corrected invoice for our Leipzig office arrived and is fine."),
], ids=["another module", "another month", "one shared word", "another office"])
def test_thanks_in_a_new_email_for_a_different_thing_keep_nothing(promise, thanks):
    rows = [*_promise(promise), _msg("e", "2025-10-25 08:00", "inbound", "t2", thanks,
                                     appreciation=0.85)]
    assert _status(rows) == "overdue"


def test_thanks_in_a_new_email_that_name_the_whole_thing_still_keep_it():
    rows = [*_promise(BUILD), _msg("e", "2025-10-25 08:00", "inbound", "t2", "The patched build "
                                   "of the billing module installed fine. Thank you!",
                                   appreciation=0.85)]
    assert _status(rows) == "kept"


def test_unrelated_thanks_leave_the_weekly_overdue_alerts():
    rows = [*_promise(BUILD), _msg("e", "2025-10-25 08:00", "inbound", "t2", "The patched build "
                                   "of the tablet app installed fine on all our devices. Thank "
                                   "you!", appreciation=0.85)]
    weekly = fs.health(pd.DataFrame(rows), "W", now="2025-11-20")
    assert any("overdue" in r for reasons in weekly["alert_reasons"] for r in reasons)


SSO = "We will deploy a fix for the single sign-on login by Friday 24 October."


def test_a_confirmation_in_a_new_email_is_taken_back_by_a_complaint_in_a_third_one():
    rows = [*_promise(SSO),
            _msg("e", "2025-10-24 15:00", "inbound", "t2", "The single sign-on login works again, "
                 "thanks!", appreciation=0.8),
            _msg("f", "2025-10-24 18:00", "inbound", "t3", "Single sign-on login is broken again, "
                 "nobody can get in. This is unacceptable.", frustration=0.9)]
    assert _status(rows) != "kept"


def test_a_complaint_about_something_else_in_a_third_email_takes_nothing_back():
    rows = [*_promise(SSO),
            _msg("e", "2025-10-24 15:00", "inbound", "t2", "The single sign-on login works again, "
                 "thanks!", appreciation=0.8),
            _msg("f", "2025-10-24 18:00", "inbound", "t3", "Your courier left the parcel in the "
                 "rain. This is unacceptable.", frustration=0.9)]
    assert _status(rows) == "kept"


@pytest.mark.parametrize("thread", ["t1", "t2"], ids=["same thread", "new email"])
@pytest.mark.parametrize("said", [
    "FYI the patched build installed fine on our end, thank you. The billing view still crashes "
    "though.",
    "Thanks, the patched build installed fine, but the billing view is still failing.",
    # QA22: the same without "still"
    "The patched build installed fine on iOS, thank you! Android keeps crashing.",
    "Thanks, the patched build installed fine. However, the export remains broken.",
    "Thanks, the patched build installed. The sync continues to fail on Mondays.",
])
def test_thanks_that_say_it_still_fails_confirm_nothing(said, thread):
    rows = [*_promise("We will deliver a patched build by Friday 24 October."),
            _msg("e", "2025-10-25 08:00", "inbound", thread, said, appreciation=0.7)]
    assert _status(rows) != "kept"


def test_our_delivery_of_another_thing_in_another_thread_keeps_nothing():
    rows = [*_promise("We will roll out the dashboard caching fix by Friday 24 October."),
            _msg("d", "2025-10-21 09:00", "outbound", "t2", "Hi Lea, the new mobile dashboard is "
                 "live for your team as of today.")]
    assert _status(rows) == "overdue"


def test_our_delivery_that_names_the_thing_in_another_thread_keeps_it():
    rows = [*_promise("We will roll out the dashboard caching fix by Friday 24 October."),
            _msg("d", "2025-10-21 09:00", "outbound", "t2", "Hi Lea, the dashboard caching fix is "
                 "live for your team as of today.")]
    assert _status(rows) == "kept"


@pytest.mark.parametrize("said", ["Thanks, the patched build installed fine and keeps working perfectly.",
                                  "Thank you, the patched build is live and everything remains on track."])
def test_thanks_that_say_it_keeps_working_still_confirm(said):
    rows = [*_promise("We will deliver a patched build by Friday 24 October."),
            _msg("e", "2025-10-25 08:00", "inbound", "t1", said, appreciation=0.8)]
    assert _status(rows) == "kept"


@pytest.mark.parametrize(("promise", "thanks"), [
    ("We'll have a patched build ready for you by Friday 24 October.",
     "The patched build installed fine, thank you!"),
    (INVOICE, "Thank you, the corrected invoice arrived and is fine."),
], ids=["a state word after the thing", "the month left out"])
def test_thanks_in_a_new_email_that_name_the_thing_as_people_do_keep_it(promise, thanks):
    """QA22 F7: 'ready' was taken for part of the thing, and the month was required."""
    rows = [*_promise(promise), _msg("e", "2025-10-25 08:00", "inbound", "t2", thanks, appreciation=0.85)]
    assert _status(rows) == "kept"
