"""Due-date matching stays near-linear in the length of the text it reads.

A sentence can be very long (a body without punctuation, a pasted log, a hostile message up to the
reader's 1,000,000-character limit). Every date and time expression in it is a candidate, so any
all-pairs comparison between candidates makes one message cost minutes. These tests fix what the
long text must resolve to; the time it takes is measured by ``benchmarks/bench_hostile.py``.
"""

from __future__ import annotations

import pandas as pd
import pytest

from frictionscan.detect.dates import match_due, resolve_due

MONDAY = pd.Timestamp("2026-11-23 09:30", tz="UTC")


def test_a_sentence_with_thousands_of_dates_resolves_like_a_short_one():
    unit = "I'll fix it by Friday 17 January 2027 at noon and tomorrow "
    small = match_due(unit * 200, MONDAY)
    big = match_due(unit * 4000, MONDAY)  # 236 KB, 28,000 candidate spans
    assert small is not None and big is not None
    assert (big.start, big.end, big.due) == (small.start, small.end, small.due)
    assert big.expression == "17 January 2027" and big.due == pd.Timestamp("2027-01-17 12:00", tz="UTC")


def test_a_weekday_beside_a_date_still_defers_to_the_date_in_a_long_text():
    text = "We will ship on Monday, 7 December. " + "Thanks and regards, on Friday. " * 3000
    found = match_due(text, MONDAY)
    assert found is not None and found.expression.startswith("7 December")
    assert found.due == pd.Timestamp("2026-12-07 17:00", tz="UTC")


@pytest.mark.parametrize("reps", [1, 50, 3000])
def test_the_first_deadline_cued_date_wins_however_many_others_follow(reps):
    text = "On Tuesday we talked about 3 Dec. I'll send it by 15 December. " + "Also Friday or Monday. " * reps
    assert resolve_due(text, MONDAY) == pd.Timestamp("2026-12-15 17:00", tz="UTC")


def test_many_clock_times_and_iso_dates_still_give_the_first_date_and_its_time():
    text = "Deploy 2026-12-01 at 17:30 and 5pm or noon, " * 5000
    found = match_due(text, MONDAY)
    assert found is not None and found.expression == "2026-12-01"
    assert found.due == pd.Timestamp("2026-12-01 17:30", tz="UTC")
