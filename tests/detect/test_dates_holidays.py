"""Deadlines tied to Christmas and the new year.

Christmas Day and New Year's Day are not working days, so a deadline tied to them ends at the end of
the business day (17:00) on the eve: 24 Dec for Christmas, 31 Dec for the new year, whether the
sentence says "by" or "before". "Before Christmas Eve" / "before New Year's Eve" is the day before
the eve. A holiday with no deadline word ("Merry Christmas", "in the new year") is no due date.
"""

from __future__ import annotations

import pandas as pd
import pytest

from frictionscan.detect.dates import match_due, resolve_due

EARLY_DECEMBER = pd.Timestamp("2025-12-02 10:00", tz="UTC")


def utc(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("I'll have the mock-ups with you before Christmas.", "2025-12-24 17:00"),
        ("We will ship the update by Christmas.", "2025-12-24 17:00"),
        ("The invoice will be settled by Xmas.", "2025-12-24 17:00"),
        ("I'll get the keys back to you by Christmas Eve.", "2025-12-24 17:00"),
        ("I'll sign it off before Christmas Eve.", "2025-12-23 17:00"),
        ("Expect the final report ahead of Christmas.", "2025-12-24 17:00"),
        ("We'll have it live before the new year.", "2025-12-31 17:00"),
        ("I'll send the figures by the New Year.", "2025-12-31 17:00"),
        ("Everything will be migrated by New Year's Eve.", "2025-12-31 17:00"),
        ("Everything will be migrated by New Year\u2019s Eve.", "2025-12-31 17:00"),
        ("I'll reply before New Year's Eve.", "2025-12-30 17:00"),
        ("I'll call you by Christmas at noon.", "2025-12-24 12:00"),
    ],
)
def test_holiday_deadlines_end_on_the_eve_at_close_of_business(sentence, expected):
    assert resolve_due(sentence, EARLY_DECEMBER) == utc(expected)


def test_the_match_names_the_holiday_phrase():
    found = match_due("I'll get the draft to you before Christmas, promise.", EARLY_DECEMBER)
    assert found is not None and found.expression == "before Christmas"


def test_after_the_holiday_it_means_next_years():
    assert resolve_due("We'll fix it by Christmas.", utc("2025-12-27 09:00")) == utc("2026-12-24 17:00")
    assert resolve_due("Done before the new year.", utc("2026-01-05 09:00")) == utc("2026-12-31 17:00")


def test_on_the_eve_itself_after_hours_it_is_the_end_of_that_day():
    assert resolve_due("I'll send it before Christmas.", utc("2025-12-24 18:30")) == utc("2025-12-24 23:59:59")


@pytest.mark.parametrize(
    "sentence",
    [
        "Merry Christmas and thanks for a great year!",
        "Happy New Year to the whole team.",
        "We will pick this up in the new year.",
        "Let's talk after Christmas.",
        "Our office is closed over Christmas.",
    ],
)
def test_a_holiday_without_a_deadline_word_is_no_due_date(sentence):
    assert pd.isna(resolve_due(sentence, EARLY_DECEMBER))


def test_a_greeting_does_not_hide_the_real_due_date():
    sentence = "Happy new year! I'll send the plan by Friday."
    assert resolve_due(sentence, utc("2026-01-05 09:00")) == utc("2026-01-09 17:00")
