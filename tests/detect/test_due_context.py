"""A commitment's due date stated beside it rather than in it (qa7c items 4 and 7).

* "that morning/afternoon/evening/night/day" points back to a day named earlier in the same message;
  with no earlier day the sentence gives no due date (never a guessed "tomorrow morning").
* A bare commitment ("Will do.", "On it.", "Sure, I'll get that done.") followed by a short verbless
  fragment holding a "by/on <date>" phrase ("Draft guide by 30 May.") takes that date. A fragment
  with a subject or verb of its own, a longer sentence, or a date without the cue does not count.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

import frictionscan as fs
from frictionscan.detect.dates import _due_local_in_context, resolve_due

FRIDAY_16_MAY = datetime(2025, 5, 16, 9, 0)  # the sender's wall time


@pytest.mark.parametrize(
    ("sentence", "before", "expected"),
    [
        ("I'll be on site that morning.", ["Yes, 29 May, switchover at 7am."], datetime(2025, 5, 29, 12, 0)),
        ("I'll join that afternoon.", ["Thanks.", "Go-live is on Tuesday."], datetime(2025, 5, 20, 17, 0)),
        ("I'll stay late that evening.", ["The cut-over is on 3 June."], datetime(2025, 6, 3, 23, 59, 59)),
        ("I'll send the notes that same day.", ["Review on Thursday."], datetime(2025, 5, 22, 17, 0)),
        ("I'll call at 9am that morning.", ["See you Friday."], datetime(2025, 5, 23, 9, 0)),
    ],
)
def test_that_part_of_day_takes_the_nearest_earlier_day(sentence, before, expected):
    assert _due_local_in_context(sentence, before, None, FRIDAY_16_MAY) == expected


@pytest.mark.parametrize(
    ("sentence", "before"),
    [
        ("I'll be on site that morning.", []),
        ("I'll be on site that morning.", ["Thanks!", "See you at 7am."]),  # a time alone names no day
        ("I'll send that day's figures.", ["On Friday."]),  # "that day's" is not a back-reference
    ],
)
def test_that_part_of_day_without_an_earlier_day_gives_no_due_date(sentence, before):
    assert _due_local_in_context(sentence, before, None, FRIDAY_16_MAY) is None


def test_that_morning_alone_is_no_longer_read_as_tomorrow():
    sent = pd.Timestamp("2025-04-23 12:00", tz="UTC")
    assert pd.isna(resolve_due("I'll be on site at Salford that morning.", sent))
    assert resolve_due("I'll be on site tomorrow morning.", sent) == pd.Timestamp("2025-04-24 12:00", tz="UTC")
    assert resolve_due("On Friday I'll be on site that morning.", sent) == pd.Timestamp("2025-04-25 12:00", tz="UTC")


@pytest.mark.parametrize(
    ("commitment", "fragment", "expected"),
    [
        ("Will do.", "Draft guide by 30 May.", datetime(2025, 5, 30, 17, 0)),
        ("On it.", "Fix on Friday.", datetime(2025, 5, 23, 17, 0)),
        ("Sure, I'll get that done.", "Revised quote by the 20th.", datetime(2025, 5, 20, 17, 0)),
        ("Ok, will do!", "Signed copy by Tuesday noon.", datetime(2025, 5, 20, 12, 0)),
    ],
)
def test_a_bare_commitment_takes_the_date_of_the_fragment_after_it(commitment, fragment, expected):
    assert _due_local_in_context(commitment, [], fragment, FRIDAY_16_MAY) == expected


@pytest.mark.parametrize(
    ("commitment", "fragment"),
    [
        ("Will do.", "Tom is away until Friday."),  # a sentence of its own (subject and verb)
        ("Will do.", "We meet on Friday."),
        ("Will do.", "Thanks for the call on Monday."),  # thanks, not a deliverable
        ("Will do.", "Draft guide 30 May."),  # no by/on cue
        ("Will do.", "The launch event for the whole region and our partners on Friday."),  # too long
        ("Will do.", "Call from last Friday."),  # a past reference is no date
        ("I'll look into the invoice.", "Draft guide by 30 May."),  # not a bare commitment
        ("Will do.", None),
    ],
)
def test_other_neighbours_of_a_commitment_give_no_due_date(commitment, fragment):
    assert _due_local_in_context(commitment, [], fragment, FRIDAY_16_MAY) is None


def _scored(texts, when, model):
    df = pd.DataFrame({"text": texts, "timestamp": pd.to_datetime(when, utc=True), "utc_offset": 60})
    return fs.score(df, model=model)


def test_score_resolves_that_morning_to_the_day_named_earlier_in_the_message(model):
    text = "Yes, 29 April, switchover at 7am. I'll be on site at Salford that morning."
    out = _scored([text, "I'll be on site at Salford that morning."], ["2025-04-23 12:00"] * 2, model)
    assert out["commitment_flag"].tolist() == [True, True]
    # 12:00 on 29 April at the sender's UTC+1; alone, the sentence has no due date
    assert out["commitment_due"].tolist()[0] == pd.Timestamp("2025-04-29 11:00", tz="UTC")
    assert pd.isna(out["commitment_due"].iloc[1])


def test_score_takes_the_date_from_the_fragment_after_will_do(model):
    out = _scored(["Will do. Draft guide by 30 May.", "Will do. Tom is away until Friday."],
                  ["2025-05-16 08:00"] * 2, model)
    assert out["commitment_flag"].tolist() == [True, True]
    assert out["commitment_due"].iloc[0] == pd.Timestamp("2025-05-30 16:00", tz="UTC")
    assert pd.isna(out["commitment_due"].iloc[1])


@pytest.mark.parametrize(("text", "sent", "due"), [
    ("Provided we get the logo files by Monday, we will deliver the first drafts on Friday.",
     "2025-06-22 10:00", "2025-06-27 17:00"),
    ("If you can send the access credentials today, we'll start the migration on Monday.",
     "2025-10-09 10:00", "2025-10-13 17:00"),
    ("If the audit passes, I'll send the certificate by the 14th.", "2025-07-08 10:00", "2025-07-14 17:00"),
])
def test_a_date_inside_the_condition_is_not_the_promise_due_date(text, sent, due):
    scored = fs.score(pd.DataFrame({"text": [text], "timestamp": [pd.Timestamp(sent, tz="UTC")]}))
    assert scored.loc[0, "commitment_due"] == pd.Timestamp(due, tz="UTC")
