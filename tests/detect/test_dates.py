"""Specification of frictionscan.detect.dates: due dates stated in commitments, resolved to UTC.

The anchor in most tests is Monday 23 November 2026, 09:30 UTC (a message timestamp).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frictionscan.detect.dates import EOD_HOUR, match_due, resolve_due

MONDAY = pd.Timestamp("2026-11-23 09:30", tz="UTC")


def utc(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("I will send the plan by Friday.", "2026-11-27 17:00"),
        ("Our engineer will be on site on Monday.", "2026-11-30 17:00"),
        ("We'll have it to you Wednesday.", "2026-11-25 17:00"),
        ("I'll confirm this Thursday.", "2026-11-26 17:00"),
        ("ill send it thurs", "2026-11-26 17:00"),
    ],
)
def test_weekday_names_resolve_to_the_next_such_day_after_the_anchor_at_end_of_business(
    sentence, expected
):
    assert resolve_due(sentence, MONDAY) == utc(expected)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("I'll have the export fixed by Sat.", "2026-11-28 17:00"),
        ("By Sun at the latest.", "2026-11-29 17:00"),
        ("We will run the migration on Sat morning.", "2026-11-28 12:00"),
        ("The rerun is booked for next Sat.", "2026-12-05 17:00"),
        # the same letters as ordinary words are not days
        ("The ticket sat in the queue until Friday.", "2026-11-27 17:00"),
        ("It sat in the queue, sadly.", None),
        ("We will send it before the sun sets on the project.", None),
        ("I sat on it by mistake, sorry.", None),
    ],
)
def test_sat_and_sun_are_days_only_capitalised_after_a_deadline_word(sentence, expected):
    due = resolve_due(sentence, MONDAY)
    assert (due == utc(expected)) if expected else pd.isna(due)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("I'll call you at 11 to walk through what happened.", "2026-11-23 11:00"),
        ("I will ring you at 3 tomorrow.", "2026-11-24 15:00"),
        ("We can talk at 2 on Friday.", "2026-11-27 14:00"),
        ("I'll call at 9.", "2026-11-24 09:00"),  # 09:00 has passed at 09:30: the next one
        ("Speak at 4 your time?", "2026-11-23 16:00"),
        # a number after "at" that is not a time of day
        ("We'll keep the price at 3 per seat.", None),
        ("We are at 11 open tickets.", None),
        ("The odds are at 3 to 1.", None),
        ("Let us meet at 1 or 2.", None),
    ],
)
def test_a_bare_hour_after_at_is_a_business_hour_where_a_time_can_end(sentence, expected):
    due = resolve_due(sentence, MONDAY)
    assert (due == utc(expected)) if expected else pd.isna(due)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("I will send you an update by Wednesday, 17:00 CET.", "2026-11-25 16:00"),
        ("We will ship by 5pm ET on Friday.", "2026-11-27 22:00"),
        ("By noon (CET) tomorrow.", "2026-11-24 11:00"),
        ("We'll call you at 11 CET tomorrow.", "2026-11-24 10:00"),
        ("I'll confirm by 17:00 UTC on Friday.", "2026-11-27 17:00"),
        # two zones, or a team name, leave the anchor's zone (UTC here)
        ("I'll call at 5pm ET or 2pm PT tomorrow.", "2026-11-24 14:00"),
        ("The CET team will send it by Friday.", "2026-11-27 17:00"),
    ],
)
def test_a_zone_written_after_a_clock_time_is_the_zone_of_the_due_moment(sentence, expected):
    assert resolve_due(sentence, MONDAY) == utc(expected)


def test_cet_in_summer_means_central_european_local_time():
    july = pd.Timestamp("2026-07-06 09:30", tz="UTC")
    assert resolve_due("by Friday 17:00 CET", july) == utc("2026-07-10 15:00")


def test_weekday_named_on_the_same_weekday_means_next_week():
    assert resolve_due("by Monday", MONDAY) == utc("2026-11-30 17:00")


def test_next_weekday_means_that_day_in_the_following_calendar_week():
    assert resolve_due("next Tuesday", MONDAY) == utc("2026-12-01 17:00")
    assert resolve_due("next Friday", MONDAY) == utc("2026-12-04 17:00")
    wednesday = utc("2026-11-25 10:00")
    assert resolve_due("next Tuesday", wednesday) == resolve_due("by Tuesday", wednesday)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [  # written on Monday 23 Nov 2026 (QA pass 24: all but "next Friday" were this week's day)
        ("I will send the corrected invoices by Friday of next week.", "2026-12-04 17:00"),
        ("by Wednesday next week", "2026-12-02 17:00"),
        ("on Tuesday next week", "2026-12-01 17:00"),
        ("next week on Tuesday", "2026-12-01 17:00"),
        ("next week Wednesday", "2026-12-02 17:00"),
        ("by Fri next week", "2026-12-04 17:00"),
        ("by Friday week", "2026-12-04 17:00"),  # British: a week after the coming Friday
        ("on Thursday the week after next", "2026-12-10 17:00"),
        ("by the week after next", "2026-12-11 17:00"),
        ("early next week", "2026-12-01 17:00"),
        ("mid-next week", "2026-12-02 17:00"),
        ("late next week", "2026-12-04 17:00"),
        # QA pass 25, the neighbours
        ("Wednesday after next", "2026-12-02 17:00"),
        ("Monday after next", "2026-12-07 17:00"),
        ("the Friday after next", "2026-12-04 17:00"),
        ("a week on Friday", "2026-12-04 17:00"),
        ("a week Friday", "2026-12-04 17:00"),
        ("a week from Friday", "2026-12-04 17:00"),
        ("two weeks on Friday", "2026-12-11 17:00"),
        ("Friday fortnight", "2026-12-11 17:00"),
        ("a week today", "2026-11-30 17:00"),
        ("Friday morning next week", "2026-12-04 12:00"),
        ("Friday next week at 3pm", "2026-12-04 15:00"),
        ("Thursday or Friday next week", "2026-12-04 17:00"),  # the later option, said last
        ("by Sat next week", "2026-12-05 17:00"),
        ("Tues next wk", "2026-12-01 17:00"),
        ("Fri wk", "2026-12-04 17:00"),
        ("by end of next wk", "2026-12-04 17:00"),
        ("Weds next week", "2026-12-02 17:00"),
        ("We met on Friday; next week we'll send the plan.", "2026-12-04 17:00"),
        ("a wk on Fri", "2026-12-04 17:00"),
        ("by the end of the wk", "2026-11-27 17:00"),
        ("wk after next", "2026-12-11 17:00"),
        ("Friday or Monday next week", "2026-11-30 17:00"),  # of two days, the one said last
        ("Monday after next at 10", "2026-12-07 10:00"),
    ],
)
def test_a_weekday_in_a_named_later_week_is_that_week_s_day(sentence, expected):
    assert resolve_due(sentence, MONDAY) == utc(expected)


@pytest.mark.parametrize("sentence", [
    "Following our call on Tuesday last week, I'll send the revised plan.",
    "We sent it Friday of last week.",
    "Last week on Tuesday we agreed the scope.",
    # QA pass 26
    "It went live a week on Friday, and we are happy with it.",
    "It has been a week tomorrow since we spoke.",
])
def test_a_weekday_of_last_week_is_no_due_date(sentence):
    assert pd.isna(resolve_due(sentence, MONDAY))


@pytest.mark.parametrize(("sentence", "expected"), [
    # QA pass 27: regressions of the week-phrase passes, each read as before them
    ("Your order will be delivered on Tuesday.", "2026-11-24 17:00"),
    ("The invoice will be sent on Friday.", "2026-11-27 17:00"),
    ("Your order will be shipped tomorrow.", "2026-11-24 17:00"),
    ("The fix will be shipped next week.", "2026-12-04 17:00"),
    ("Can you send it by Friday, next week is too late.", "2026-11-27 17:00"),
    ("Please reply by Tuesday, next week we start the build.", "2026-11-24 17:00"),
    ("We go live on 14 December, the last week before the code freeze.", "2026-12-14 17:00"),
    ("Please send the deck by Friday, the last week of the quarter.", "2026-11-27 17:00"),
    ("The workshop is Tuesday week 2 of the pilot.", "2026-11-24 17:00"),
    ("The files were sent on Friday afternoon.", None),
    ("We met on Monday morning.", None),
    # QA pass 28: "have/get it sent on <day>" is a plan, not a past event
    ("We'll have it sent on Monday.", "2026-11-30 17:00"),
    ("I'll get it sent over on Monday first thing.", "2026-11-30 10:00"),
    ("We can have the report delivered on Friday.", "2026-11-27 17:00"),
    ("I'll make sure it gets sent on Monday.", "2026-11-30 17:00"),
    ("We need the signed PO received on Friday at the latest.", "2026-11-27 17:00"),
    ("We sent it on Friday.", None),
    ("The meeting was on Friday.", None),
    # QA pass 29: a sentence end is not "Friday. Next week"; "by the 18th" is a cued deadline
    ("I'll send the contract on Friday. Next week we start onboarding.", "2026-11-27 17:00"),
    ("Fri. next week works", "2026-12-04 17:00"),
    ("I'll start the two weeks on Monday and deliver by the 18th.", "2026-12-18 17:00"),
])
def test_future_passives_and_clause_breaks_keep_their_dates(sentence, expected):
    got = resolve_due(sentence, MONDAY)
    assert (pd.isna(got) if expected is None else got == utc(expected))


def test_friday_week_said_on_a_friday_is_two_fridays_on():
    assert resolve_due("by Friday week", utc("2026-11-27 11:00")) == utc("2026-12-11 17:00")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("You'll have it tomorrow.", "2026-11-24 17:00"),
        ("will send tmrw", "2026-11-24 17:00"),
        ("I'll do it today.", "2026-11-23 17:00"),
        ("I'll write it up tonight.", "2026-11-23 23:59:59"),
        ("by end of day", "2026-11-23 17:00"),
        ("sending by EOD", "2026-11-23 17:00"),
        ("before close of business", "2026-11-23 17:00"),
        ("by close of play tomorrow", "2026-11-24 17:00"),
        ("the day after tomorrow", "2026-11-25 17:00"),
        ("first thing tomorrow", "2026-11-24 10:00"),
        ("tomorrow morning", "2026-11-24 12:00"),
        ("this afternoon", "2026-11-23 17:00"),
    ],
)
def test_same_and_next_day_expressions(sentence, expected):
    assert resolve_due(sentence, MONDAY) == utc(expected)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("by the end of the week", "2026-11-27 17:00"),
        ("end of week", "2026-11-27 17:00"),
        ("before the weekend", "2026-11-27 17:00"),
        ("next week", "2026-12-04 17:00"),
        ("by the end of next week", "2026-12-04 17:00"),
        ("over the weekend", "2026-11-29 23:59:59"),
        ("by end of month", "2026-11-30 17:00"),
        ("by the end of the month", "2026-11-30 17:00"),
        ("next month", "2026-12-31 17:00"),
        ("by the end of the quarter", "2026-12-31 17:00"),
        ("by end of January", "2027-01-29 17:00"),
    ],
)
def test_week_month_and_period_ends_are_the_last_business_day_at_17(sentence, expected):
    assert resolve_due(sentence, MONDAY) == utc(expected)


def test_end_of_week_written_on_saturday_means_the_coming_friday():
    saturday = utc("2026-11-28 11:00")
    assert resolve_due("by end of week", saturday) == utc("2026-12-04 17:00")


def test_end_of_month_already_past_last_business_day_moves_to_the_last_calendar_day():
    saturday_the_31st = utc("2026-10-31 09:00")  # last business day was Friday 30 Oct
    assert resolve_due("by end of month", saturday_the_31st) == utc("2026-10-31 23:59:59")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("in two days", "2026-11-25 17:00"),
        ("within 48 hours", "2026-11-25 09:30"),
        ("within 24h", "2026-11-24 09:30"),
        ("in 30 mins", "2026-11-23 10:00"),
        ("in half an hour", "2026-11-23 10:00"),
        ("within the hour", "2026-11-23 10:30"),
        ("within 5 working days", "2026-11-30 17:00"),
        ("in 3 business days", "2026-11-26 17:00"),
        ("in a couple of weeks", "2026-12-07 17:00"),
        ("two days from now", "2026-11-25 17:00"),
    ],
)
def test_durations_count_from_the_anchor(sentence, expected):
    assert resolve_due(sentence, MONDAY) == utc(expected)


def test_a_weekday_next_to_a_calendar_date_defers_to_the_date():
    assert resolve_due("by Monday, 7 December", MONDAY) == utc("2026-12-07 17:00")
    assert resolve_due("on Thursday 3rd December", MONDAY) == utc("2026-12-03 17:00")
    assert resolve_due("by Thu 3 Dec", MONDAY) == utc("2026-12-03 17:00")


def test_weekday_followed_by_a_clock_time_keeps_both():
    assert resolve_due("by Monday 9am", MONDAY) == utc("2026-11-30 09:00")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("by early January", "2027-01-10 17:00"),
        ("by mid-December", "2026-12-15 17:00"),
        ("by late March", "2027-03-31 17:00"),
        ("in a fortnight", "2026-12-07 17:00"),
    ],
)
def test_parts_of_months_and_fortnights(sentence, expected):
    assert resolve_due(sentence, MONDAY) == utc(expected)


def test_business_days_skip_the_weekend():
    friday = utc("2026-11-27 09:00")
    assert resolve_due("within 2 business days", friday) == utc("2026-12-01 17:00")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("by Jan 19", "2027-01-19 17:00"),
        ("by 19 January", "2027-01-19 17:00"),
        ("by the 19th of January", "2027-01-19 17:00"),
        ("no later than Dec. 4th", "2026-12-04 17:00"),
        ("by Jan 19th, 2028", "2028-01-19 17:00"),
        ("on the 3rd", "2026-12-03 17:00"),
        ("by the 30th", "2026-11-30 17:00"),
        ("by the 31st", "2026-12-31 17:00"),
    ],
)
def test_calendar_dates_without_a_year_take_the_next_occurrence(sentence, expected):
    assert resolve_due(sentence, MONDAY) == utc(expected)


def test_month_day_shortly_before_the_anchor_stays_in_the_past_rather_than_next_year():
    assert resolve_due("we were promised it by Nov 20", MONDAY) == utc("2026-11-20 17:00")
    assert resolve_due("by Dec 28", utc("2027-01-10 12:00")) == utc("2026-12-28 17:00")


def test_numeric_dates_are_month_first_by_default_and_day_first_on_request():
    assert resolve_due("by 3/4", MONDAY) == utc("2027-03-04 17:00")
    assert resolve_due("by 3/4", MONDAY, dayfirst=True) == utc("2027-04-03 17:00")
    assert resolve_due("due 12/15/2026", MONDAY) == utc("2026-12-15 17:00")
    assert resolve_due("due 15/12/2026", MONDAY) == utc("2026-12-15 17:00")  # 15 cannot be a month


def test_fractions_and_round_the_clock_are_not_numeric_dates():
    assert resolve_due("we shipped 3/4 of the order", MONDAY) is pd.NaT
    assert resolve_due("24/7 support is included", MONDAY) is pd.NaT


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("by noon", "2026-11-23 12:00"),
        ("by midday Friday", "2026-11-27 12:00"),
        ("I will send the plan by Friday noon.", "2026-11-27 12:00"),
        ("by 5pm Thursday", "2026-11-26 17:00"),
        ("Thursday at 9.30am", "2026-11-26 09:30"),
        ("on Tuesday at 14:00", "2026-11-24 14:00"),
        ("at 4 p.m. tomorrow", "2026-11-24 16:00"),
        ("by five o'clock", "2026-11-23 17:00"),
        ("we'll deploy at 18:00 CET tonight", "2026-11-23 17:00"),  # 18:00 in Berlin
        ("by midnight", "2026-11-23 23:59:59"),
    ],
)
def test_clock_times_combine_with_the_stated_day(sentence, expected):
    assert resolve_due(sentence, MONDAY) == utc(expected)


def test_time_of_day_already_past_rolls_to_the_next_day():
    afternoon = utc("2026-11-23 15:00")
    assert resolve_due("by noon", afternoon) == utc("2026-11-24 12:00")


def test_end_of_day_already_past_means_end_of_the_calendar_day():
    evening = utc("2026-11-23 18:30")
    assert resolve_due("by EOD", evening) == utc("2026-11-23 23:59:59")
    assert resolve_due("I'll get it done today", evening) == utc("2026-11-23 23:59:59")


def test_iso_dates_need_no_anchor_and_keep_a_stated_offset():
    assert resolve_due("due 2026-12-01", None) == utc("2026-12-01 17:00")
    assert resolve_due("at 2026-12-01T15:00", None) == utc("2026-12-01 15:00")
    assert resolve_due("at 2026-12-01T15:00+02:00", MONDAY) == utc("2026-12-01 13:00")
    assert resolve_due("by 2026-12-01 09:15Z", MONDAY) == utc("2026-12-01 09:15")


def test_relative_expressions_without_an_anchor_give_nat():
    for sentence in ["by Friday", "tomorrow", "in two days", "by Jan 19", "by noon", "by 3/4"]:
        assert resolve_due(sentence, None) is pd.NaT
        assert resolve_due(sentence, pd.NaT) is pd.NaT


def test_dates_with_a_year_resolve_without_an_anchor():
    assert resolve_due("by 19 January 2027", None) == utc("2027-01-19 17:00")


@pytest.mark.parametrize(
    "sentence",
    [
        "Thanks for the quick turnaround!",
        "Please find the attached statement.",
        "The meeting is on the 3rd floor.",
        "We'll look into it.",
        "It's the 2nd time this happened.",
        "Last Friday the export failed again.",
        "We spoke yesterday.",
        "Good morning team,",
        "",
        "   ",
    ],
)
def test_sentences_without_a_due_date_give_nat(sentence):
    assert resolve_due(sentence, MONDAY) is pd.NaT


def test_past_references_are_skipped_in_favour_of_the_due_date():
    sentence = "Following Monday's call and last Friday's outage, I'll send the RCA by Wednesday."
    assert resolve_due(sentence, MONDAY) == utc("2026-11-25 17:00")


def test_a_date_after_a_deadline_cue_wins_over_an_earlier_mention():
    sentence = "For the workshop on Thursday, I'll send the agenda by tomorrow noon."
    assert resolve_due(sentence, MONDAY) == utc("2026-11-24 12:00")


def test_naive_anchor_is_taken_as_utc():
    naive = pd.Timestamp("2026-11-23 09:30")
    assert resolve_due("by Friday", naive) == utc("2026-11-27 17:00")


def test_business_day_is_judged_in_the_anchor_time_zone_and_returned_in_utc():
    new_york = pd.Timestamp("2026-11-23 09:30", tz="America/New_York")
    assert resolve_due("by Friday", new_york) == utc("2026-11-27 22:00")  # 17:00 EST
    assert resolve_due("by Friday", MONDAY, tz="Asia/Tokyo") == utc("2026-11-27 08:00")


def test_result_is_utc_aware():
    due = resolve_due("by Friday", MONDAY)
    assert str(due.tz) == "UTC"
    assert due.hour == EOD_HOUR


def test_match_due_reports_the_expression_offsets():
    text = "Sure, we'll ship it by 5pm Thursday."
    found = match_due(text, MONDAY)
    assert found is not None
    assert text[found.start:found.end] == found.expression == "Thursday"
    assert found.due == utc("2026-11-26 17:00")
    assert match_due("no date here", MONDAY) is None


def test_non_string_text_and_garbage_anchors_give_nat():
    assert resolve_due(None, MONDAY) is pd.NaT
    assert resolve_due(12345, MONDAY) is pd.NaT
    assert resolve_due("by Friday", "not a timestamp") is pd.NaT
    assert resolve_due("by Friday", dt.datetime(2026, 11, 23, 9, 30)) == utc("2026-11-27 17:00")


def test_impossible_calendar_dates_give_nat():
    assert resolve_due("by Feb 30", MONDAY) is pd.NaT
    assert resolve_due("due 2026-13-45", MONDAY) is pd.NaT
    assert resolve_due("by 13/13", MONDAY) is pd.NaT


_DATEISH = st.sampled_from(
    ["by", "Friday", "next", "tomorrow", "EOD", "3/4", "the", "31st", "Jan", "19", "in", "48",
     "hours", "noon", "5pm", "2026-02-30", "12:61", "week", "month", "end of", "of", " ", "/", ":"]
)


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(st.text(max_size=80), st.lists(_DATEISH, max_size=12).map(" ".join)),
    anchor=st.one_of(
        st.none(),
        st.datetimes(min_value=dt.datetime(1700, 1, 1), max_value=dt.datetime(2200, 12, 31)).map(
            pd.Timestamp
        ),
    ),
    dayfirst=st.booleans(),
)
def test_resolve_due_never_raises_and_returns_utc_or_nat(text, anchor, dayfirst):
    due = resolve_due(text, anchor, dayfirst=dayfirst)
    assert due is pd.NaT or (isinstance(due, pd.Timestamp) and str(due.tz) == "UTC")


_FORWARD = [
    "by Friday", "on Monday", "next Tuesday", "tomorrow", "by EOD", "end of the week", "next week",
    "by end of month", "next month", "in two days", "within 48 hours", "in 3 business days",
    "by noon", "by 5pm Thursday", "on the 3rd", "tonight", "over the weekend", "by the end of the quarter",
    "in a fortnight", "by end of year",
]


@settings(max_examples=200, deadline=None)
@given(
    sentence=st.sampled_from(_FORWARD),
    anchor=st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 12, 31)).map(
        lambda d: pd.Timestamp(d, tz="UTC")
    ),
)
def test_forward_looking_expressions_never_resolve_before_the_anchor(sentence, anchor):
    due = resolve_due(f"I'll send it {sentence}.", anchor)
    assert due is not pd.NaT
    assert due >= anchor.floor("s") - pd.Timedelta(seconds=1)
    assert due - anchor <= pd.Timedelta(days=370)


_GATE_WORDS = ["by", "before", "in", "within", "for", "over", "during", "next", "from", "now", "today", "time", "the", "3rd", "21st", "5pm", "5", "p.m.", "a", "m", "9.30am", "17:30", "3/4", "2026-01-19", "2026/1/19", "2", "48", "days", "hours", "business", "Friday", "Jan", "noon", "EOD", "end", "of", "day", "'s", "ago", "last", "İ", "é", ",", "."]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_GATE_WORDS), min_size=1, max_size=10).map(" ".join), st.booleans())
def test_ascii_fast_gates_never_change_the_result(text, dayfirst):
    """The tighter ASCII-only gates skip patterns that cannot match; results equal running them all."""
    import frictionscan.detect.dates as dates

    fast = match_due(text, MONDAY, dayfirst=dayfirst)
    real = dates._skipped
    dates._skipped = lambda text, tokens: frozenset()
    try:
        full = match_due(text, MONDAY, dayfirst=dayfirst)
    finally:
        dates._skipped = real
    assert fast == full


def test_ascii_fast_gates_skip_only_patterns_missing_a_needed_character_or_word():
    import frictionscan.detect.dates as dates

    text = "I'll send it by Friday."
    skipped = dates._skipped(text, dates._tokens(text))
    assert {"iso", "numeric", "h24", "ordinal", "ampm", "from_now", "next_weekday"} <= skipped
    assert "relative" in skipped and "weekday" not in skipped
    assert dates._skipped("Send it by 17:30 in 2 days' time, la réunion.", set()) == frozenset()  # not ASCII
    text = "within 3 days from now, at 5 p.m. on 3/4 or 2026-01-19 17:30"
    assert dates._skipped(text, dates._tokens(text)) == {"ordinal", "next_weekday", "next_weekday_abbr"}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("I will send it by 17:00 CET.", "2026-11-27 16:00"),  # 10:00 in Berlin: still today
        ("by 17:00 CET today", "2026-11-27 16:00"),
        ("We will ship by 5pm ET.", "2026-11-27 22:00"),  # 04:00 in New York: today's 5pm
    ],
)
def test_a_stated_zone_also_decides_which_day_it_is(sentence, expected):
    friday_evening_in_tokyo = pd.Timestamp("2026-11-27 18:00", tz="Asia/Tokyo")
    assert resolve_due(sentence, friday_evening_in_tokyo) == utc(expected)


# QA31: a part of the day or a day that describes the thing promised is not its deadline
WEDNESDAY = pd.Timestamp("2025-03-05 15:00", tz="UTC")
FRIDAY_4PM = pd.Timestamp("2025-01-03 16:00", tz="UTC")


@pytest.mark.parametrize(
    "sentence",
    [
        "The night-shift fix will be deployed by Friday.",
        "The evening report will be sent by Friday.",
        "The morning report will be sent by Friday.",
        "The lunch menu will be sent by Friday.",
    ],
)
def test_a_part_of_the_day_that_describes_the_thing_does_not_set_the_time(sentence):
    assert resolve_due(sentence, WEDNESDAY) == utc("2025-03-07 17:00")


def test_a_part_of_the_day_before_a_noun_still_sets_the_time_after_a_day_or_by():
    assert resolve_due("I'll have the noon deployment checklist to you by Thursday.", WEDNESDAY) \
        == utc("2025-03-06 17:00")
    assert resolve_due("I'll send it Friday morning Berlin time.", WEDNESDAY) == utc("2025-03-07 12:00")
    assert resolve_due("I'll send it by noon Thursday.", WEDNESDAY) == utc("2025-03-06 12:00")
    assert resolve_due("I'll send it tomorrow evening.", WEDNESDAY) == utc("2025-03-06 23:59:59")


@pytest.mark.parametrize(
    "sentence",
    [
        "I'll send tomorrow's agenda tonight.",
        "I'll send the slides for the Thursday call tonight.",
    ],
)
def test_a_day_that_names_the_thing_gives_way_to_the_days_deadline(sentence):
    assert resolve_due(sentence, FRIDAY_4PM) == utc("2025-01-03 23:59:59")


def test_a_day_that_names_the_thing_gives_way_to_today():
    assert resolve_due("I'll book the Thursday slot today.", FRIDAY_4PM) == utc("2025-01-03 17:00")
    # ... and is still the deadline when nothing else is
    assert resolve_due("I'll send tomorrow's agenda.", FRIDAY_4PM) == utc("2025-01-04 17:00")


def test_the_start_of_next_week_is_its_monday_and_early_next_week_its_tuesday():
    assert resolve_due("I'll send it by the start of next week.", FRIDAY_4PM) == utc("2025-01-06 17:00")
    assert resolve_due("I'll send it by the beginning of next week.", FRIDAY_4PM) == utc("2025-01-06 17:00")
    assert resolve_due("I'll send it early next week.", FRIDAY_4PM) == utc("2025-01-07 17:00")
