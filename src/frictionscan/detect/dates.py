"""Resolve the due date stated in a commitment ("I'll send it by Friday") against the message time.

:func:`resolve_due` turns the date/time expression in one sentence into a UTC :class:`pandas.Timestamp`,
or ``NaT`` when the sentence states no due date (or states only a relative one and there is no anchor).
:func:`match_due` does the same and also says which characters of the text the date came from, for
evidence. Both are pure regular-expression code (compiled once at import), need no ``dateparser`` and
never raise: any input they cannot make sense of gives ``NaT`` / ``None``.

Conventions (the "end of the business day implied")
---------------------------------------------------
All wall-clock reasoning happens in the anchor's time zone: ``tz`` if given, else the anchor's own zone
(message timestamps in the frictionscan table are UTC, so by default that is UTC); a naive anchor is
taken as UTC. The result is converted to UTC.

* A day without a time ("by Friday", "on the 3rd", "by Jan 19", "tomorrow") is due at the **end of that
  business day, 17:00** (:data:`EOD_HOUR`). "end of day" / "EOD" / "COB" / "close of play" / "this
  afternoon" also mean 17:00.
* "tonight", "this evening", "midnight" mean the end of the calendar day, 23:59:59.
* "by noon" / "midday" / "lunchtime" / "morning" mean 12:00; "first thing" means 10:00; clock times
  ("5pm", "17:30", "9.30am", "5 o'clock") are taken literally (1-6 o'clock without am/pm means pm).
  A part of the day that describes a thing ("the evening report", "the night-shift fix") is no time:
  it counts after a day or a time word ("Friday morning", "by noon", "this afternoon") or before no noun.
* A day that names a thing ("tomorrow's agenda", "the Thursday call") is the deadline only when the
  sentence states no other ("I'll send tomorrow's agenda tonight" is due tonight).
* Same-day expressions already past at the anchor: a bare day ("today", or a day with the default
  17:00) or an end-of-day phrase moves to 23:59:59 that day; a clock time with no day ("by noon" sent at
  15:00) moves to the next day.
* Weekday names ("by Friday", "on Monday", "this Friday") are the next such day **strictly after** the
  anchor's date, so "by Friday" written on a Friday means a week later.
* "next <weekday>" is that weekday in the calendar week (Monday-Sunday) after the anchor's week: written
  on Monday 23 Nov, "next Friday" is 4 Dec, not 27 Nov. Written on Wednesday, "next Tuesday" is 6 days
  later, the same as "by Tuesday".
* "end of (the) week" / "this week" / "EOW" / "by the weekend" is Friday 17:00 of the anchor's week (the
  following Friday when the anchor is already past Friday); "next week" / "end of next week" is Friday
  17:00 of the next week; "over/this weekend" is the coming Sunday 23:59:59.
* A weekday in a named later week is that week's day: "Friday of next week", "Wednesday next week",
  "Friday morning next week", "next week on Tuesday" (next calendar week; "wk" and "Weds" read
  too), "Thursday the week after next" (the week after); of two days ("Thursday or Friday next
  week") the one said last. "Friday week", "Wednesday after next" (not "the Tuesday after next
  release"), "a week on / from Friday" are a week after the coming Friday/Wednesday, "Friday
  fortnight" / "two weeks on Friday" two; "a week today/tomorrow" is 7 days on. "early" / "mid" / "late next week" are
  Tuesday, Wednesday and Friday of next week ("the start/beginning of next week" its Monday); "the week after next" alone is its Friday.
  "Tuesday last week", "Friday of last week", "last week on Tuesday", a day after "met/sent/was
  ... on" and "went live / has been a week on Friday" are past, not due dates. Not read: "w/c 7
  Dec", "the week of 7 Dec", "the following week" (it follows a week named elsewhere: "I'm away
  next week, so the following week" is read as next week).
* "end of (the) month" / "EOM" / "month end" is the last business day (Mon-Fri; public holidays are
  not known) of the anchor's month at 17:00 (23:59:59 of the last calendar day if that has passed);
  "next month" / "end of next month" the last business day of next month; "by March" / "end of March" /
  "by late March" the last business day of the next such month ("early March" the 10th, "mid-March" the
  15th); "end of (the) quarter" / "EOQ" and "end of (the) year" /
  "EOY" / "year end" likewise.
* "by/before/until Christmas" (Xmas, Christmas Day/Eve, "ahead of Christmas") is 24 Dec 17:00,
  "by/before the new year" / "by New Year's Eve/Day" 31 Dec 17:00 (the holiday is no working day, so
  the deadline is close of business on the eve); "before Christmas Eve" / "before New Year's Eve"
  is the day before the eve. The next such date on or after the anchor's date. A holiday without a
  deadline word ("Merry Christmas", "in the new year") is not a due date.
* "in/within N minutes/hours" is exactly anchor + N; "in/within N days/weeks/months" is that day at
  17:00 (a fortnight is 14 days); "N business/working days" skips Saturdays and Sundays; "a couple of" = 2, "a few" = 3, "half an
  hour" = 30 minutes, "within the hour" = 1 hour.
* Month names with a day ("by Jan 19", "19 January", "the 19th of January", "Jan 19th, 2027") use the
  stated year, else the first such date on or after 30 days before the anchor (so "by Jan 5" written in
  December is next January, and "by Dec 28" written on 10 January is the past December).
* A weekday next to a calendar date ("Monday, 7 December", "Thu 3 Dec", "Friday the 27th") defers to
  the date, which is more precise.
* "on the 3rd" / "by the 15th" is the next date with that day number on or after the anchor's date.
* Numeric dates "3/4" and "3/4/2027" are **US month-first by default** (3/4 = 4 March), the same default
  as ``pandas.to_datetime``; pass ``dayfirst=True`` for European day-first. A part above 12 decides the
  order whatever the flag. Without a year they need a deadline cue before them ("by 3/4", "on 3/4",
  "due 3/4") so that fractions ("3/4 of the order") and "24/7" are not dates.
* ISO dates ("2026-01-19", "2026-01-19T15:00", "2026-01-19 15:00Z") need no anchor; a stated offset
  wins over the anchor's zone.
* "that morning/afternoon/evening/night/day" names no day of its own: a sentence with only that (and
  no date) has no due date here; ``fs.score`` takes the day from an earlier sentence of the message.
* Past references ("last Friday", "yesterday", "since Monday", "Monday's meeting") are not due dates
  and are skipped. When a sentence holds several dates, the first one after a deadline cue ("by",
  "before", "until", "due", "no later than", "within", "in N days") wins, else the first one.
* A time-zone abbreviation right after a clock time ("18:00 CET", "5pm ET", "noon (UK time)" is not
  one) puts the due moment in that zone, read as people use it: "CET" is Central European local
  time, summer or winter (Europe/Berlin), "ET"/"EST" New York time, "PT" Los Angeles, "GMT"/"UTC"
  UTC. Two different zones in one sentence, or an ambiguous one (IST), leave the anchor's zone.
"""

from __future__ import annotations

import bisect
import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from datetime import time as dtime
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["EOD_HOUR", "DueMatch", "match_due", "resolve_due"]

#: Hour (local, 24h clock) at which a business day ends; a day stated without a time is due then.
EOD_HOUR = 17

_EOD = dtime(EOD_HOUR, 0)
_END_OF_CAL_DAY = dtime(23, 59, 59)
_NOON = dtime(12, 0)
_FIRST_THING = dtime(10, 0)

_WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2, "weds": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}
_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty-eight": 48, "forty eight": 48, "seventy-two": 72, "seventy two": 72,
    "twenty-four": 24, "twenty four": 24, "couple of": 2, "a couple of": 2, "couple": 2,
    "a few": 3, "few": 3, "half an": 0.5, "half a": 0.5,
}

_WD = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|weds?|thu(?:rs?)?|fri)"
_MON = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)"
)
_ORD = r"(?:st|nd|rd|th)"
# weekday names for the week phrases, with the capitalised "Sat"/"Sun" ("by Sat next week"; the
# lower-case words are "sat" and "sun")
_WDX = _WD[:-1] + r"|(?-i:Sat|Sun))"
_NEXT_WEEK = r"next\s+(?:week|wk)|(?:the\s+)?(?:week|wk)\s+after\s+next"
_NUM = (
    r"(?:\d{1,3}(?:\.5)?|a\s+couple\s+of|couple\s+of|a\s+few|few|half\s+an?|an?|one|two|three|four"
    r"|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty[- ]four|twenty|thirty"
    r"|forty[- ]eight|seventy[- ]two)"
)
_TOMORROW = r"(?:tomorrow|tmrw|tmrow|tmr|tmw|tomorow|tommorow|tommorrow|2moro|2morrow)"
_F = re.IGNORECASE

# Fast gates: each pattern only runs when one of its trigger words (or a digit) is in the sentence,
# so the common sentence with no date costs one tokenisation and a few set lookups.
_TOKEN = re.compile(r"[a-z]+|\d+")
_DIGIT = "<digit>"
_UNITS = {"minute", "minutes", "min", "mins", "hour", "hours", "hr", "hrs", "h", "day", "days",
          "week", "weeks", "wk", "wks", "fortnight", "fortnights", "month", "months"}
_TOMORROW_WORDS = {"tomorrow", "tmrw", "tmrow", "tmr", "tmw", "tomorow", "tommorow", "tommorrow",
                   "moro", "morrow"}
_MONTH_WORDS = set(_MONTHS) | {"sept"}
_WEEKDAY_WORDS = set(_WEEKDAYS) | {"thur", "thurs", "tues", "weds"}
_GATES: dict[str, set[str]] = {
    "iso": {_DIGIT}, "numeric": {_DIGIT}, "ordinal": {_DIGIT}, "ampm": {_DIGIT}, "h24": {_DIGIT},
    "bare_hour": {_DIGIT},
    "month_day": _MONTH_WORDS, "day_month": _MONTH_WORDS, "month_only": _MONTH_WORDS,
    "relative": _UNITS, "from_now": _UNITS,
    "after_tomorrow": _TOMORROW_WORDS, "tomorrow": _TOMORROW_WORDS,
    "today": {"today", "tonight", "tonite", "nite", "morning", "afternoon", "evening"},
    "weekday_of_week": {"week", "wk"}, "weekday_week": {"week", "wk", "fortnight"},
    "weekday_after_next": {"after"}, "week_from_day": {"week", "weeks", "wk", "wks", "fortnight"},
    "part_next_week": {"week", "wk"}, "week_after_next": {"week", "wk"},
    "end_next_week": {"week", "wk"}, "this_week": {"week", "wk", "eow", "weekend"}, "weekend": {"weekend"},
    "next_month": {"month"}, "this_month": {"month", "eom"}, "holiday": {"christmas", "xmas", "year"},
    "quarter": {"quarter", "eoq"}, "year": {"year", "eoy"},
    "next_weekday": _WEEKDAY_WORDS, "weekday": _WEEKDAY_WORDS,
    "next_weekday_abbr": {"sat", "sun"}, "weekday_abbr": {"sat", "sun"},  # ("by Sat", "until Sun")
    "oclock": {"clock", "oclock"}, "noon": {"noon", "midday", "lunch", "lunchtime"},
    "midnight": {"midnight"},
    "eod": {"eod", "cob", "eob", "e", "c", "close", "end", "afternoon"},
    "first_thing": {"first"}, "morning": {"morning"},
    "night": {"tonight", "tonite", "nite", "evening", "night"},
}
_ALL_TRIGGERS = set().union(*_GATES.values())

# Second, tighter gates, used only for ASCII text (where a case-insensitive match of a lower-case
# word is exactly one of the tokens above, so a pattern cannot match without one of these):
# characters a pattern needs, and words it cannot match without.
_COLON, _SLASH, _DASH, _FROM_NOW = "<colon>", "<slash>", "<dash>", "<from-now>"
_ASCII_GATES: dict[str, set[str]] = {
    "iso": {_SLASH, _DASH},  # 2026-01-19 / 2026/01/19
    "numeric": {_SLASH},  # 3/4
    "h24": {_COLON},  # 17:30
    "ordinal": {"st", "nd", "rd", "th"},  # the 3rd
    "ampm": {"am", "pm", "a", "p"},  # 5pm, 5 p.m., 5 a m
    "relative": {"in", "within", "inside", "over", "during", "for"},
    "next_weekday": {"next"},
    "next_weekday_abbr": {"next"},
    "from_now": {"time", _FROM_NOW},  # "2 days' time", "3 days from now/today"
}


def _tokens(text: str) -> set[str]:
    found = set(_TOKEN.findall(text.lower()))
    if any(t[0].isdigit() for t in found):
        found.add(_DIGIT)
    return found


def _trigger_tokens(text: Any) -> set[str] | None:
    """The tokens of ``text``, or None when it is not a non-empty string or holds no word any date
    pattern needs (the cheap test that lets most sentences skip the regexes)."""
    if not isinstance(text, str) or not text:
        return None
    tokens = _tokens(text)
    return None if tokens.isdisjoint(_ALL_TRIGGERS) else tokens


def _skipped(text: str, tokens: set[str]) -> frozenset[str] | set[str]:
    """Pattern kinds whose tighter ASCII gate shows they cannot match ``text`` (empty if not ASCII)."""
    if not text.isascii():
        return frozenset()
    have = set(tokens)
    if ":" in text:
        have.add(_COLON)
    if "/" in text:
        have.add(_SLASH)
    if "-" in text:
        have.add(_DASH)
    if "from" in tokens and ("now" in tokens or "today" in tokens):
        have.add(_FROM_NOW)
    return {kind for kind, need in _ASCII_GATES.items() if have.isdisjoint(need)}


# ---- date expressions, each (kind, compiled pattern) --------------------------------------------
_DATE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(
        r"(?<![\d/-])(\d{4})[-/](\d{1,2})[-/](\d{1,2})"
        r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?(?![\d/-])", _F)),
    ("month_day", re.compile(
        r"\b(" + _MON + r")\.?\s+(\d{1,2})" + _ORD + r"?\b(?!:)(?:,?\s+(\d{4})\b)?", _F)),
    ("day_month", re.compile(
        r"\b(\d{1,2})" + _ORD + r"?(?:\s+of)?\s+(" + _MON + r")\b\.?(?:,?\s+(\d{4})\b)?", _F)),
    ("numeric", re.compile(
        r"(?<![\d/.])(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?(?![\d/])", _F)),
    ("relative", re.compile(
        r"\b(?:in|within|inside(?:\s+of)?|over|during|for)\s+(?:the\s+)?(?:next\s+)?(" + _NUM
        + r")?\s*(business\s+|working\s+|calendar\s+)?"
        r"(minutes?|mins?|hours?|hrs?|h|days?|weeks?|wks?|fortnights?|months?)\b", _F)),
    ("from_now", re.compile(
        r"\b(" + _NUM + r")\s*(business\s+|working\s+)?(minutes?|mins?|hours?|hrs?|days?|weeks?|months?)"
        r"\s+(?:from\s+(?:now|today)|time)\b", _F)),
    # "a week on Friday", "a week Friday", "a week from Friday", "two weeks on Friday", "a week today"
    ("week_from_day", re.compile(
        r"\b(a|one|two|2|a\s+couple\s+of)\s+(weeks?|wks?|fortnight)\s+(?:on\s+|from\s+)?(" + _WDX + r"|today|tomorrow)\b", _F)),
    ("after_tomorrow", re.compile(r"\b(?:the\s+)?day\s+after\s+" + _TOMORROW + r"\b", _F)),
    ("tomorrow", re.compile(r"\b" + _TOMORROW + r"\b", _F)),
    ("today", re.compile(
        r"\b(?:today|tonight|tonite|2nite|this\s+(?:morning|afternoon|evening))\b", _F)),
    # a weekday in a named later week: "Friday of next week", "Wednesday next week", "Friday morning
    # next week", "next week on Tuesday", "Thursday the week after next", "Thursday or Friday next
    # week" (the day said last); group 1/2 (or 5) the weekday(s), 3 (or 4) the week
    ("weekday_of_week", re.compile(
        # (a dot after the day only as an abbreviation's: "Fri. next week", not "... Friday. Next week we ...")
        r"\b(" + _WDX + r")(?:\s+or\s+(" + _WDX + r"))?(?:\.(?=\s+(?-i:[a-z])))?(?:\s+(?:morning|afternoon|evening|night|lunchtime|eod|cob))?"
        r"\s+(?:of\s+|in\s+)?(?:the\s+)?(" + _NEXT_WEEK + r")\b"
        r"|\b(" + _NEXT_WEEK + r"),?\s+(?:on\s+)?(" + _WDX + r")\b", _F)),
    # British "Friday week" / "Friday fortnight": a week / two after the coming Friday
    ("weekday_week", re.compile(r"\b(" + _WDX + r")\s+(week|wk|fortnight)\b(?!['\u2019]s|\s*\d)", _F)),
    # "Wednesday after next", "the Monday after next": a week after the coming one
    ("weekday_after_next", re.compile(
        r"\b(" + _WDX + r")\s+after\s+next\b(?!['\u2019.]?\w|\s+(?!(?:at|by|before|in|on|to|for|and|or|please|"
        r"morning|afternoon|evening|latest|then|so|as|if|we|i|you)\b)[a-z0-9])", _F)),
    ("part_next_week", re.compile(
        r"\b(early|mid|middle\s+of|late|beginning\s+of|start\s+of)[- ]?(?:the\s+)?next\s+(?:week|wk)\b", _F)),
    ("week_after_next", re.compile(r"\b(?:(?:the\s+)?end\s+of\s+)?(?:the\s+)?(?:week|wk)\s+after\s+next\b", _F)),
    ("end_next_week", re.compile(r"\b(?:(?:the\s+)?end\s+of\s+)?next\s+(?:week|wk)\b", _F)),
    ("this_week", re.compile(
        r"\b(?:(?:the\s+)?end\s+of\s+(?:the|this)\s+(?:working\s+|business\s+)?(?:week|wk)|(?:the\s+)?end\s+of\s+(?:week|wk)"
        r"|this\s+(?:week|wk)|eow|by\s+the\s+weekend|before\s+the\s+weekend)\b", _F)),
    ("weekend", re.compile(r"\b(?:over|this|at|on)\s+the\s+weekend\b|\bthis\s+weekend\b", _F)),
    ("next_month", re.compile(r"\b(?:(?:the\s+)?end\s+of\s+)?next\s+month\b", _F)),
    ("this_month", re.compile(
        r"\b(?:(?:the\s+)?end\s+of\s+(?:the|this)\s+month|(?:the\s+)?end\s+of\s+month|eom"
        r"|month[- ]end|this\s+month)\b", _F)),
    ("quarter", re.compile(
        r"\b(?:(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?quarter|eoq|quarter[- ]end)\b", _F)),
    ("year", re.compile(
        r"\b(?:(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?year|eoy|year[- ]end)\b", _F)),
    # a deadline tied to Christmas or the new year (the cue is required: "Merry Christmas" and
    # "in the new year" are not due dates); group 1 is "before"-like, group 2 the holiday
    ("holiday", re.compile(
        r"\b(?:(before|ahead\s+of|prior\s+to)|by|until|till|no\s+later\s+than)\s+(?:the\s+)?"
        r"(christmas(?:\s+eve|\s+day)?|xmas(?:\s+eve|\s+day)?|new\s+year(?:['\u2019]?s)?(?:\s+eve|\s+day)?)\b",
        _F)),
    ("month_only", re.compile(
        r"\b(?:by|before|until|till|in|(?:the\s+)?end\s+of)\s+(early\s+|mid[- ]?|late\s+)?(" + _MON
        + r")\b(?!\s*\d)", _F)),
    ("next_weekday", re.compile(r"\bnext\s+(" + _WD + r")\b\.?", _F)),
    ("weekday", re.compile(r"\b(" + _WD + r")\b(?!'s|’s)", _F)),
    # "Sat"/"Sun" are also words ("it sat in the queue", "the sun"): only capitalised, right after
    # a deadline word ("by Sat", "until Sun", "next Sat")
    ("next_weekday_abbr", re.compile(r"(?<=\b(?i:next) )(Sat|Sun)\b\.?(?!')")),
    ("weekday_abbr", re.compile(
        r"(?:" + "|".join(rf"(?<=\b(?i:{w}) )" for w in ("by", "on", "until", "till", "before", "this"))
        + r")(Sat|Sun)\b\.?(?!')")),
    ("ordinal", re.compile(
        r"\b(?:(?:by|on|before|until|till|due|for)\s+(?:the\s+)?|the\s+)(\d{1,2})" + _ORD
        + r"\b(?!\s+(?:floor|time|attempt|try|party|round|draft|version|item|line|page|person|place"
        r"|reminder|call|email|e-mail|ticket|week|day|month|year|quarter|option|point|shift|step"
        r"|batch|phase|sprint|iteration|revision|edition|anniversary|grade|generation|level)\b)", _F)),
]
# Words that must precede a numeric date without a year ("by 3/4" yes, "3/4 of the order" no).
_NUMERIC_CUE = re.compile(
    r"\b(?:by|on|before|until|till|due|from|for|deadline|latest|no\s+later\s+than|dated?)\W*$", _F)
# A deadline cue right before an expression makes it the preferred due date.
_DEADLINE_CUE = re.compile(
    r"\b(?:by|before|until|till|til|due|latest|deadline|no\s+later\s+than|no\s+later|within)\b"
    r"[\s,]*(?:(?:the|this|on|at|end|of|close|eod|cob)\s+){0,3}$", _F)
_OWN_CUE = re.compile(r"(?:by|before|until|till|due)\b", _F)
_PAST_BEFORE = re.compile(r"\b(?:last|past|since|previous|ago)\s+(?:\w+\s+)?$|\b(?:last|previous)\s+(?:week|wk)\s+on\s+$"
                          # "we met on Friday", "it was sent on Monday", "the meeting was on Friday": a past
                          # event, not a due day -- only after a past subject or auxiliary ("we/I/they ...",
                          # "was/were/had"), so "we'll have it sent on Monday", "it will be delivered on
                          # Tuesday" and "get it delivered on Friday" keep their day
                          r"|\b(?:was|were)\s+(?:\w+\s+)?on\s+$"
                          r"|\b(?:we|i|they|he|she|you|was|were|had|has\s+been|have\s+been)\s+(?:just\s+|already\s+)?"
                          r"(?:met|spoke|talked|called|sent|received|delivered|arrived|happened)\s+(?:\w+\s+)?on\s+$",
                          _F)
#: before a week phrase only: "it went live a week on Friday", "it has been a week tomorrow"
_PAST_BEFORE_WEEK = re.compile(r"(?<!\bbe )(?<!\bwill )\b(?:went|launched|shipped|started|happened|been|was|were)"
                               r"\s+(?:live\s+)?$", _F)
# "Tuesday last week", "Friday of last week", "a week ago" (not "14 December, the last week before ...")
_PAST_AFTER = re.compile(r"^\s*(?:ago\b|(?:of\s+)?(?:last|previous)\s+(?:week|wk)\b)", _F)
_CALENDAR_KINDS = frozenset({"iso", "month_day", "day_month", "numeric", "ordinal"})
#: the week phrases whose words, once the phrase is known to be past, must not be read again alone
_WEEK_KINDS = frozenset({"weekday_of_week", "weekday_week", "weekday_after_next", "week_from_day"})
_ADJACENT = re.compile(r"[\s,.]*(?:the\s*)?", _F)
# words that may follow a time expression without making it a noun's modifier ("Friday morning I
# will ...", "by noon on Monday", "tomorrow at 9"); any other word right after a bare part of the
# day or after "the <weekday>" is the noun it describes ("the evening report", "the Thursday call")
_AFTER_TIME_WORD_LIST = """
a about after again all also an and any are as at be before but by can for from i if in is it its
latest let me my next of on or our please so than that the then there this time to today tomorrow
tonight until us we when will with you your utc gmt cet cest bst est edt et pt cst
pst pdt ct eod cob local sharp
"""
_AFTER_TIME_WORDS = frozenset(_AFTER_TIME_WORD_LIST.split()) | _WEEKDAY_WORDS  # ("Friday morning, Monday ...")
_NEXT_WORD = re.compile(r"(-\w)|\s+([A-Za-z]+)")
# a bare part of the day ("morning", "evening", "noon", "lunch", "afternoon", "night")
_BARE_PART_OF_DAY = re.compile(r"(?:12\s*)?(?:noon|midday|lunch\s*time|lunchtime|lunch|afternoon|morning|"
                               r"evening|night)", _F)
# ... said as a time when a day or a time word comes right before it ("by noon", "Friday morning",
# "in the evening", "this afternoon", "first thing")
_TIME_BEFORE = re.compile(
    r"(?:\b(?:by|at|on|in|before|until|till|from|around|after|this|tomorrow|today|first|every|each|"
    r"of|no\s+later\s+than|" + _WD[3:-1] + r"|sat|sun|saturday|sunday)|\d(?:st|nd|rd|th)?)"
    r"[\s,]*(?:the\s+)?$", _F)
#: how far back the two patterns above look (searching from the text's start made a long text quadratic)
_LOOK_BACK = 40
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|our|your|their|my|his|her|its)\s+$", _F)


def _describes_noun(text: str, end: int) -> bool:
    """The word ending at ``end`` is followed by a noun it describes ("the evening report",
    "night-shift fix", "the Thursday call"), not by a word a time expression takes after it."""
    m = _NEXT_WORD.match(text, end)
    if m is None:
        return False
    return bool(m[1]) or m[2].lower() not in _AFTER_TIME_WORDS


def _names_a_thing(text: str, start: int, end: int) -> bool:
    """A day word that names a thing, not a deadline: "tomorrow's agenda", "Monday's meeting",
    "the slides for the Thursday call", "the Thursday slot"."""
    if text[end:end + 2] in ("'s", "\u2019s"):
        return True
    return bool(_DETERMINER_BEFORE.search(text, max(0, start - _LOOK_BACK), start)) and _describes_noun(text, end)

# ---- time-of-day expressions, each (kind, compiled pattern) -------------------------------------
_TIME_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("ampm", re.compile(r"\b(1[0-2]|0?[1-9])(?:[:.]([0-5]\d))?\s*([ap])\.?\s?m\b\.?", _F)),
    ("h24", re.compile(r"(?<![\d:.-])([01]?\d|2[0-3]):([0-5]\d)(?![\d:])(?!\s*[ap]\.?\s?m\b)", _F)),
    ("oclock", re.compile(
        r"\b(1[0-2]|0?[1-9]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
        r"\s*o'?\s?clock\b", _F)),
    # "I'll call you at 11": a bare hour right after "at", read as a business hour like "o'clock"
    # (1-6 afternoon, 7-12 morning/noon); only where a time can end, so "at 3 per seat" or
    # "at 11 open tickets" are not times
    ("bare_hour", re.compile(
        r"(?<=\b(?i:at) )(1[0-2]|[1-9])(?=\s*(?:$|[.,;:!?)]\s|[.,;!?)]?$|\s+(?i:tomorrow|today|tonight"
        r"|on|this|next|sharp|local|your\s+time|our\s+time|(?:mon|tues|wednes|thurs|fri|satur|sun)day"
        r"|to\s+[a-z]{2,})\b"
        r"|\s+(?:UTC|GMT|CET|CEST|BST|EST|EDT|CST|CDT|PST|PDT|ET|PT|CT)\b))")),
    ("noon", re.compile(r"\b(?:12\s*)?(?:noon|midday|lunch\s*time|lunchtime|lunch)\b", _F)),
    ("midnight", re.compile(r"\bmidnight\b", _F)),
    ("eod", re.compile(
        r"\b(?:eod|cob|eob|e\.o\.d\.?|c\.o\.b\.?|close\s+of\s+(?:business|play)|end\s+of\s+(?:play|business)"
        r"|(?:the\s+)?end\s+of\s+(?:the\s+)?(?:business\s+|working\s+)?day|afternoon)\b", _F)),
    ("first_thing", re.compile(r"\bfirst\s+thing\b", _F)),
    ("morning", re.compile(r"(?<!good )\bmorning\b", _F)),
    ("night", re.compile(r"(?<!good )(?<!last )\b(?:tonight|tonite|2nite|evening|night)\b", _F)),
]
_WORD_HOURS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
               "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}


@dataclass(frozen=True)
class DueMatch:
    """A resolved due date and where in the text it was stated.

    Attributes
    ----------
    due : pandas.Timestamp
        The due moment in UTC.
    start, end : int
        Character offsets of the date expression in the text (``text[start:end]``).
    expression : str
        The matched date expression, for evidence.
    """

    due: pd.Timestamp
    start: int
    end: int
    expression: str


@dataclass
class _Day:
    day: date
    time: dtime | None = None  # time implied by the date expression itself


@dataclass
class _Exact:
    moment: datetime  # naive local wall time, or aware when the text stated an offset


def resolve_due(
    text: Any, anchor: Any = None, *, dayfirst: bool = False, tz: str | None = None
) -> pd.Timestamp:
    """Return the due moment stated in ``text`` as a UTC timestamp, or ``NaT``.

    Parameters
    ----------
    text : str
        One sentence or message ("I'll send the plan by Friday noon"). Non-strings give ``NaT``.
    anchor : pandas.Timestamp or None
        When the text was written (the message timestamp); relative expressions ("tomorrow", "by
        Friday", "in 2 days") resolve against it. Naive anchors are taken as UTC. With no anchor only
        self-contained dates (ISO dates, dates with a year) resolve; everything else gives ``NaT``.
    dayfirst : bool, default False
        Read ambiguous numeric dates day-first, European style ("3/4" = 3 April). The default reads
        them month-first, US style ("3/4" = 4 March). A part above 12 decides the order either way.
    tz : str, optional
        IANA zone whose business day applies (e.g. "Europe/London"); default: the anchor's zone.

    Returns
    -------
    pandas.Timestamp
        Timezone-aware (UTC) due moment; ``NaT`` when no due date is stated or it cannot be resolved.
        Never raises.

    Examples
    --------
    >>> import pandas as pd
    >>> monday = pd.Timestamp("2026-11-23 09:30", tz="UTC")
    >>> resolve_due("I will send the plan by Friday noon.", monday)
    Timestamp('2026-11-27 12:00:00+0000', tz='UTC')
    >>> resolve_due("You'll have it tomorrow.", monday)
    Timestamp('2026-11-24 17:00:00+0000', tz='UTC')
    >>> resolve_due("Within 48 hours.", monday)
    Timestamp('2026-11-25 09:30:00+0000', tz='UTC')
    >>> resolve_due("Thanks for the update.", monday)
    NaT
    """
    found = match_due(text, anchor, dayfirst=dayfirst, tz=tz)
    return found.due if found is not None else pd.NaT


def match_due(
    text: Any, anchor: Any = None, *, dayfirst: bool = False, tz: str | None = None
) -> DueMatch | None:
    """Like :func:`resolve_due`, but also return where the date expression is in ``text``.

    Returns ``None`` when no due date is stated or it cannot be resolved. Never raises.

    Examples
    --------
    >>> import pandas as pd
    >>> m = match_due("We'll ship it by 5pm Thursday.", pd.Timestamp("2026-11-23", tz="UTC"))
    >>> m.expression, str(m.due)
    ('Thursday', '2026-11-26 17:00:00+00:00')
    """
    try:
        tokens = _trigger_tokens(text)
        if tokens is None:
            return None
        # a zone the sentence states after a clock time ("by 17:00 CET") is where its days and hours
        # are reckoned: "today", "tomorrow" and whether 17:00 has passed are CET's, not the anchor's
        stated = _stated_zone(text) if not tokens.isdisjoint(_ZONE_WORDS) else None
        local_anchor, zone = _local_anchor(anchor, stated or tz)
        return _match(text, tokens, local_anchor, zone, dayfirst)
    except Exception:  # a per-sentence helper must never break a batch; unparseable -> no date
        return None


def _due_local(
    text: Any, now: datetime | None, dayfirst: bool = False
) -> tuple[datetime, int, int] | None:
    """For the batch scorer: :func:`match_due` (the anchor's own zone) for an anchor already turned
    into naive wall time (see :func:`_local_anchor`), returning the moment in that wall time (aware
    when the text stated an offset) and its span, before any conversion to UTC. ``dayfirst`` as in
    :func:`match_due`. Never raises."""
    try:
        tokens = _trigger_tokens(text)
        if tokens is None:
            return None
        return _match_local(text, tokens, now, dayfirst)
    except Exception:  # same contract as match_due: unparseable -> no date
        return None


# ---- several dated promises in one sentence ---------------------------------------------------------

# where one promise may end and the next begin: "and" (", and then", "as well as", "plus") or ";",
# and, in a list that ends with one of those, a comma ("the invoice Monday, the plan Wednesday and
# the deck Friday")
# (a match starts only where a run of spaces starts, (?<!\s): the same matches, but a long run of
# spaces is read once, not once per position: quadratic in a hostile message)
_COORDINATOR = re.compile(r"(?:(?<!\s)\s+)?(?:,\s*)?\b(?:and(?:\s+(?:then|also))?|as\s+well\s+as|plus)\s+"
                          r"|(?:(?<!\s)\s+)?;\s*(?:and\s+)?|,\s+", _F)
# what the next promise starts with: a thing the same verb delivers ("and the revised plan by
# Friday"), its own verb with the subject left out ("and install on the 5th"), or its own subject
# and "will" ("and Sam will call you Friday"); not a fact ("and the review is on Tuesday")
_ELIDED_THING = re.compile(r"(?:the|a|an|your|our|their|its|this|that|these|those|my|his|her|any|all|both|"
                           r"each|every|some|everything|anything|the\s+rest)\b", _F)
_OWN_VERB = re.compile(
    r"(?:send|share|call|ship|deliver|update|fix|finish|complete|confirm|get|have|book|schedule|install|"
    r"deploy|issue|provide|submit|return|refund|email|post|upload|review|check|follow\s+up|circulate|arrange|"
    r"visit|come|bring|run|sort|publish|release|credit|invoice|reissue|resend|replace|repair|test|"
    r"migrate|restore|reply|respond|ring|phone|pay|transfer|process|prepare|draft|finalise|finalize|"
    r"sign|approve|collect|dispatch|load|print|order)\b", _F)
_OWN_PROMISE = re.compile(r"(?:[^\W\d_]+\s+){0,3}?(?:will|shall|is\s+going\s+to|are\s+going\s+to)\b|"
                          r"[^\W\d_]+['\u2019]ll\b", _F)
_FACT_VERB = re.compile(r"\b(?:is|are|was|were|has|had|did|does|do|have)\b|n['\u2019]t\b|\bnot\b", _F)
_MODAL = re.compile(r"\b(?:will|shall|going\s+to)\b|['\u2019]ll\b", _F)


#: longest sentence, and most coordinators, that dated_clauses splits (a hostile run of "and ..."
#: would otherwise cost the square of its length)
_MAX_CLAUSED, _MAX_CUTS = 1000, 12


def _starts_promise(text: str) -> bool:
    """Whether ``text`` (what follows a coordinator) opens a promise of its own (see above)."""
    if _OWN_PROMISE.match(text) or _OWN_VERB.match(text):
        return True
    return bool(_ELIDED_THING.match(text)) and (not _FACT_VERB.search(text) or bool(_MODAL.search(text)))


def dated_clauses(sentence: str, now: datetime | None, dayfirst: bool = False) -> list[tuple[int, int]]:
    """The separately dated promises one sentence coordinates, as ``(start, end)`` spans of it.

    "I'll send the corrected invoice on Monday and the revised plan by Friday" makes two promises,
    due on different days: each is kept or broken on its own. A span is returned per promise only
    when the sentence holds two or more, each with a due date of its own (``now`` as in
    :func:`_due_local`) and the first one a promise ("will", "I'll", "going to"); else ``[]``:
    "between Monday and Wednesday" (a range), "I'll send it Monday and the review is on
    Tuesday" (a fact), "Sorry we missed Monday, and I'll send it Friday" (one promise).

    >>> from datetime import datetime
    >>> s = "I'll send the invoice on Monday and the revised plan by Friday."
    >>> [s[a:b] for a, b in dated_clauses(s, datetime(2026, 11, 23, 9))]
    ["I'll send the invoice on Monday", 'the revised plan by Friday.']
    >>> dated_clauses("I'll call between Monday and Wednesday.", datetime(2026, 11, 23, 9))
    []
    """
    try:
        if len(sentence) > _MAX_CLAUSED:
            return []  # (no real sentence of promises; each cut below reads the sentence again)
        cuts = [m for m in _COORDINATOR.finditer(sentence) if m.end() < len(sentence)]
        if not cuts or len(cuts) > _MAX_CUTS or not _MODAL.search(sentence):
            return []
        end = len(sentence)
        taken: list[re.Match[str]] = []
        for cut in reversed(cuts):  # right to left: each promise runs to where the next one starts
            right = sentence[cut.end():end]
            plain_comma = not cut.group(0).strip(" \t,")
            if not right.strip() or not _starts_promise(right):
                continue
            if plain_comma and not taken:
                continue  # a comma separates promises only in a list that "and" ends
            if _due_local(right, now, dayfirst) is None or _due_local(sentence[:cut.start()], now, dayfirst) is None:
                continue
            taken.append(cut)
            end = cut.start()
        if not taken:
            return []
        bounds = [0] + [x for cut in reversed(taken) for x in (cut.start(), cut.end())] + [len(sentence)]
        spans = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]
        if not _MODAL.search(sentence[spans[0][0]:spans[0][1]]):
            return []  # "Sorry we missed Monday, and I'll send it Friday": the first part promises nothing
        return [(a + len(sentence[a:b]) - len(sentence[a:b].lstrip()), a + len(sentence[a:b].rstrip()))
                for a, b in spans]
    except Exception:  # a per-sentence helper never breaks a batch: no split
        return []


# ---- implementation --------------------------------------------------------------------------------


def _local_anchor(anchor: Any, tz: str | None) -> tuple[datetime | None, Any]:
    """Anchor as a naive local wall-clock datetime, plus the zone to localise results in."""
    if anchor is None:
        return None, tz or "UTC"
    try:
        ts = pd.Timestamp(anchor)
    except (TypeError, ValueError, OverflowError):
        return None, tz or "UTC"
    if ts is pd.NaT or pd.isna(ts):
        return None, tz or "UTC"
    if ts.tzinfo is None:
        ts = ts.tz_localize("UTC")
    zone: Any = tz or ts.tzinfo
    if tz:
        ts = ts.tz_convert(tz)
    # datetime has microseconds: drop the nanoseconds first (no warning, no effect on a due date)
    return ts.tz_localize(None).floor("us").to_pydatetime(), zone


def _number(raw: str | None) -> float:
    if raw is None:
        return 1.0
    raw = " ".join(raw.lower().split())
    if raw in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[raw])
    return float(raw)


def _last_business_day(year: int, month: int) -> date:
    d = date(year, month, calendar.monthrange(year, month)[1])
    while d.weekday() >= 5:
        d -= timedelta(days=1)
    return d


def _month_end(year: int, month: int, now: datetime) -> _Day:
    d = _last_business_day(year, month)
    if datetime.combine(d, _EOD) < now:
        return _Day(date(year, month, calendar.monthrange(year, month)[1]), _END_OF_CAL_DAY)
    return _Day(d)


def _add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _pick_year(month: int, day: int, now: datetime | None) -> date | None:
    if now is None:
        return None
    floor = now.date() - timedelta(days=30)
    for year in (now.year - 1, now.year, now.year + 1):
        try:
            cand = date(year, month, day)
        except ValueError:
            continue
        if cand >= floor:
            return cand
    return None


def _day_of_week(d: date, weekday: int, weeks_ahead: int = 0) -> date:
    """Day ``weekday`` (0 = Monday) of the calendar week ``weeks_ahead`` weeks after ``d``'s."""
    return d - timedelta(days=d.weekday()) + timedelta(days=weekday + 7 * weeks_ahead)


def _friday_of_week(d: date, weeks_ahead: int = 0) -> date:
    return _day_of_week(d, 4, weeks_ahead)


def _next_weekday(d: date, weekday: int) -> date:
    """The next day ``weekday`` strictly after ``d`` ("by Friday" written on a Friday: a week on)."""
    return d + timedelta(days=(weekday - d.weekday()) % 7 or 7)


def _resolve_date(kind: str, m: re.Match[str], now: datetime | None, dayfirst: bool):
    """Resolve one date expression to a _Day or _Exact; None if it needs an anchor we lack."""
    kind = kind.removesuffix("_abbr")  # "by Sat" resolves as "by Saturday"
    if kind == "iso":
        year, month, day = int(m[1]), int(m[2]), int(m[3])
        if m[4] is None:
            return _Day(date(year, month, day))
        moment = datetime(year, month, day, int(m[4]), int(m[5]), int(m[6] or 0))
        if m[7]:
            off = m[7].upper()
            if off == "Z":
                return _Exact(moment.replace(tzinfo=timezone.utc))
            sign = 1 if off[0] == "+" else -1
            digits = off[1:].replace(":", "")
            delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
            return _Exact(moment.replace(tzinfo=timezone(sign * delta)))
        return _Exact(moment)
    if kind in ("month_day", "day_month"):
        if kind == "month_day":
            month, day, year = _MONTHS[m[1].lower()], int(m[2]), m[3]
        else:
            day, month, year = int(m[1]), _MONTHS[m[2].lower()], m[3]
        if year:
            return _Day(date(int(year), month, day))
        picked = _pick_year(month, day, now)
        return _Day(picked) if picked else None
    if kind == "numeric":
        a, b, year = int(m[1]), int(m[2]), m[3]
        if a > 12 or (dayfirst and b <= 12):
            day, month = a, b
        else:
            month, day = a, b
        if year:
            y = int(year)
            return _Day(date(y + 2000 if y < 100 else y, month, day))
        date(2000, month, day)  # validate (2000 is a leap year) before needing an anchor
        picked = _pick_year(month, day, now)
        return _Day(picked) if picked else None
    if now is None:
        return None
    today = now.date()
    if kind in ("relative", "from_now"):
        n = _number(m[1])
        business = bool(m[2]) and m[2].strip().lower() in ("business", "working")
        unit = m[3].lower()
        if unit.startswith(("min", "h")):
            if unit.startswith("h"):
                return _Exact(now + timedelta(hours=n))
            return _Exact(now + timedelta(minutes=n))
        if unit.startswith("d"):
            if business:
                d = np.busday_offset(np.datetime64(today, "D"), int(n), roll="forward")
                return _Day(d.astype(object))
            return _Day(today + timedelta(days=round(n)))
        if unit.startswith("w"):
            return _Day(today + timedelta(days=round(7 * n)))
        if unit.startswith("f"):
            return _Day(today + timedelta(days=round(14 * n)))
        return _Day(_add_months(today, round(n)))
    if kind == "after_tomorrow":
        return _Day(today + timedelta(days=2))
    if kind == "tomorrow":
        return _Day(today + timedelta(days=1))
    if kind == "today":
        word = m[0].lower()
        if "night" in word or "nite" in word or "evening" in word:
            return _Day(today, _END_OF_CAL_DAY)
        if "morning" in word:
            return _Day(today, _NOON)
        return _Day(today)
    if kind == "end_next_week":
        return _Day(_friday_of_week(today, 1))
    if kind == "this_week":
        fri = _friday_of_week(today)
        return _Day(fri if fri >= today else _friday_of_week(today, 1))
    if kind == "weekend":
        return _Day(today + timedelta(days=(6 - today.weekday()) % 7), _END_OF_CAL_DAY)
    if kind == "next_month":
        nm = _add_months(today.replace(day=1), 1)
        return _Day(_last_business_day(nm.year, nm.month))
    if kind == "this_month":
        return _month_end(today.year, today.month, now)
    if kind == "quarter":
        q_month = ((today.month - 1) // 3 + 1) * 3
        return _month_end(today.year, q_month, now)
    if kind == "year":
        return _month_end(today.year, 12, now)
    if kind == "holiday":
        # the holiday is no working day: "by/before Christmas" is the end of the business day on
        # 24 Dec, "by/before the new year" on 31 Dec; "before Christmas Eve" the day before that
        words = m[2].lower()
        month, day = (12, 24) if words.startswith(("christmas", "xmas")) else (12, 31)
        if m[1] and words.endswith("eve"):
            day -= 1
        year = today.year if date(today.year, month, day) >= today else today.year + 1
        return _Day(date(year, month, day))
    if kind == "month_only":
        part, month = (m[1] or "").strip().lower(), _MONTHS[m[2].lower()]
        year = today.year if month >= today.month else today.year + 1
        if part.startswith("early"):
            return _Day(date(year, month, 10))
        if part.startswith("mid"):
            return _Day(date(year, month, 15))
        return _month_end(year, month, now)
    if kind == "weekday_of_week":
        days = [d for d in (m[1], m[2], m[5]) if d]
        wd = _WEEKDAYS[days[-1].lower()]  # "Thursday or Friday next week": the later option, said last
        weeks = 2 if "after" in (m[3] or m[4]).lower() else 1
        return _Day(_day_of_week(today, wd, weeks))
    if kind in ("weekday_week", "weekday_after_next"):
        extra = 14 if kind == "weekday_week" and m[2].lower() == "fortnight" else 7
        return _Day(_next_weekday(today, _WEEKDAYS[m[1].lower()]) + timedelta(days=extra))
    if kind == "week_from_day":
        n = 2 if m[1].lower() in ("two", "2") or "couple" in m[1].lower() else 1
        n *= 2 if m[2].lower() == "fortnight" else 1
        day = m[3].lower()
        if day == "today":
            base = today
        elif day == "tomorrow":
            base = today + timedelta(days=1)
        else:
            base = _next_weekday(today, _WEEKDAYS[day])
        return _Day(base + timedelta(days=7 * n))
    if kind == "part_next_week":
        part = m[1].lower()
        # (the start of a week is its Monday; "early next week" leaves a day's room: Tuesday)
        wd = 0 if part.startswith(("beginning", "start")) else 1 if part.startswith("early") \
            else 2 if part.startswith("mid") else 4
        return _Day(_day_of_week(today, wd, 1))
    if kind == "week_after_next":
        return _Day(_friday_of_week(today, 2))
    if kind == "next_weekday":
        return _Day(_day_of_week(today, _WEEKDAYS[m[1].lower()], 1))
    if kind == "weekday":
        return _Day(_next_weekday(today, _WEEKDAYS[m[1].lower()]))
    if kind == "ordinal":
        day = int(m[1])
        if not 1 <= day <= 31:
            return None
        first = today.replace(day=1)
        for k in range(13):
            month_start = _add_months(first, k)
            if day <= calendar.monthrange(month_start.year, month_start.month)[1]:
                cand = month_start.replace(day=day)
                if cand >= today:
                    return _Day(cand)
        return None
    return None  # pragma: no cover - every kind is handled above


def _time_of(kind: str, m: re.Match[str]) -> dtime:
    if kind == "ampm":
        hour = int(m[1]) % 12 + (12 if m[3].lower() == "p" else 0)
        return dtime(hour, int(m[2] or 0))
    if kind == "h24":
        return dtime(int(m[1]), int(m[2]))
    if kind in ("oclock", "bare_hour"):
        raw = m[1].lower()
        hour = _WORD_HOURS.get(raw) or int(raw)
        return dtime(hour + 12 if hour <= 6 else hour % 24, 0)
    if kind in ("noon", "morning"):
        return _NOON
    if kind == "first_thing":
        return _FIRST_THING
    if kind == "eod":
        return _EOD
    return _END_OF_CAL_DAY  # midnight, night


def _gap(text: str, a: tuple[int, int], b: tuple[int, int]) -> str:
    """The text between two non-overlapping spans (``"x"`` when they overlap)."""
    if a[1] <= b[0]:
        return text[a[1]:b[0]]
    if b[1] <= a[0]:
        return text[b[1]:a[0]]
    return "x"


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


class _Intervals:
    """Pairwise non-overlapping, non-empty spans, kept sorted, with an overlap test in log time.

    Sorted by start, such spans are also sorted by end, so a new span ``(a, b)`` can only overlap
    the last kept span that starts before ``b``: the test is one bisection, not a scan of every
    kept span (a scan made one long sentence with thousands of dates quadratic).
    """

    __slots__ = ("empty", "ends", "starts")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.empty: list[tuple[int, int]] = []  # (no pattern matches empty text; kept exact anyway)

    def overlaps(self, span: tuple[int, int]) -> bool:
        a, b = span
        i = bisect.bisect_left(self.starts, max(a, b)) - 1
        if i >= 0 and self.ends[i] > a and self.starts[i] < b:
            return True
        return bool(self.empty) and any(_overlaps(span, e) for e in self.empty)

    def add(self, span: tuple[int, int]) -> None:
        if span[0] >= span[1]:
            self.empty.append(span)
            return
        i = bisect.bisect_left(self.starts, span[0])
        self.starts.insert(i, span[0])
        self.ends.insert(i, span[1])


def _next_to_calendar(
    text: str, span: tuple[int, int, str, re.Match[str]], calendar_spans: list[tuple[int, int]]
) -> bool:
    """Whether a weekday span sits right next to a calendar date ("Monday, 7 December").

    Only the nearest calendar span on each side can qualify: every calendar expression holds a
    digit, which the adjacency pattern never matches, so a farther one has the nearer one in the gap.
    ``calendar_spans`` is sorted and non-overlapping (so its ends are sorted too).
    """
    start, end = span[0], span[1]
    i = bisect.bisect_left(calendar_spans, (end, -1))  # first calendar span starting at/after end
    near = calendar_spans[max(0, i - 2):i + 1]  # the one after, and the ones that may end before
    return any(_ADJACENT.fullmatch(_gap(text, (start, end), c)) for c in near)


#: Zone abbreviations as people write them after a clock time, to the place whose local time they
#: mean ("CET" in July still means the time on the wall in Berlin).
_TEXT_ZONES = {
    "UTC": "UTC", "GMT": "UTC", "Z": "UTC", "BST": "Europe/London", "WET": "Europe/Lisbon",
    "WEST": "Europe/Lisbon", "CET": "Europe/Berlin", "CEST": "Europe/Berlin", "EET": "Europe/Helsinki",
    "EEST": "Europe/Helsinki", "MSK": "Europe/Moscow", "ET": "America/New_York",
    "EST": "America/New_York", "EDT": "America/New_York", "CT": "America/Chicago",
    "CST": "America/Chicago", "CDT": "America/Chicago", "MT": "America/Denver", "MST": "America/Denver",
    "MDT": "America/Denver", "PT": "America/Los_Angeles", "PST": "America/Los_Angeles",
    "PDT": "America/Los_Angeles", "JST": "Asia/Tokyo", "SGT": "Asia/Singapore", "HKT": "Asia/Hong_Kong",
    "AEST": "Australia/Sydney", "AEDT": "Australia/Sydney", "NZST": "Pacific/Auckland",
    "NZDT": "Pacific/Auckland",
}
_ZONE_WORDS = frozenset(z.lower() for z in _TEXT_ZONES)  # (the gate: tokens are lower-cased)
_ZONE_NAMES = "|".join(sorted(_TEXT_ZONES, key=len, reverse=True))  # longest first: "CEST" before "CET"
#: the cheap first test for the batch scorer: an upper-case zone name anywhere in the sentence
_ZONE_HINT = re.compile(r"\b(?:" + _ZONE_NAMES + r")\b")
_ZONE_AFTER_TIME = re.compile(
    r"(?:\b\d{1,2}(?:[:.][0-5]\d)?\s*(?:[aApP]\.?\s?[mM]\b\.?)?|\b(?:noon|midday|midnight|EOD|eod|COB|cob))"
    r"\s*\(?(" + _ZONE_NAMES + r")\)?(?![A-Za-z])")


def _stated_zone(text: str) -> str | None:
    """The one zone a sentence states after a clock time, as an IANA name; None for none or two.

    >>> _stated_zone("by Wednesday 5 March, 17:00 CET"), _stated_zone("call at 5pm ET or 2pm PT")
    ('Europe/Berlin', None)
    """
    found = {_TEXT_ZONES[m.group(1)] for m in _ZONE_AFTER_TIME.finditer(text)}
    return found.pop() if len(found) == 1 else None


def _match(
    text: str, tokens: set[str], now: datetime | None, zone: Any, dayfirst: bool
) -> DueMatch | None:
    found = _match_local(text, tokens, now, dayfirst)
    if found is None:
        return None
    moment, start, end = found
    return DueMatch(_to_utc(moment, zone), start, end, text[start:end])


def _match_local(
    text: str, tokens: set[str], now: datetime | None, dayfirst: bool, *, day_only: bool = False
) -> tuple[datetime, int, int] | None:
    """The due moment (local wall time, or aware when the text stated an offset) and its span.

    ``day_only``: None unless the text states a day (a time of day alone is not enough)."""
    skip = _skipped(text, tokens)
    # 1. date expressions, earlier pattern kinds win overlaps (iso before numeric, etc.)
    spans: list[tuple[int, int, str, re.Match[str]]] = []
    taken = _Intervals()  # the accepted spans, for an overlap test in log time (not all-pairs)
    past_days: list[tuple[int, int]] = []  # days read as past events
    for kind, pattern in _DATE_PATTERNS:
        if tokens.isdisjoint(_GATES[kind]) or kind in skip:
            continue
        for m in pattern.finditer(text):
            span = m.span()
            if taken.overlaps(span):
                continue
            before = text[max(0, span[0] - 30):span[0]]
            if (kind not in ("iso", "relative", "from_now") and _PAST_BEFORE.search(before)) or \
                    (kind in _WEEK_KINDS and _PAST_BEFORE_WEEK.search(before)) or \
                    _PAST_AFTER.match(text[span[1]:span[1] + 30]):
                # a past day: neither its words ("a week on Friday": "Friday") nor a time of day
                # right after it ("sent on Friday afternoon") is read again as a due moment
                taken.add(span)
                past_days.append(span)
                continue
            if kind == "numeric" and m[3] is None and not _NUMERIC_CUE.search(before):
                continue
            if kind == "relative" and m[1] is None and m[0].lower().split()[0] not in (
                "within", "in", "inside", "over", "during", "for"
            ):
                continue
            if kind == "relative" and m[1] is None and " the " not in f" {m[0].lower()} ":
                continue  # "in days" is not a duration; "within the hour" is
            spans.append((span[0], span[1], kind, m))
            taken.add(span)
    spans.sort(key=lambda s: s[0])
    calendar_spans = [(s, e) for s, e, k, _ in spans if k in _CALENDAR_KINDS]
    if calendar_spans:  # "Monday, 7 December" / "Thu 3 Dec" / "Friday the 27th": the date is precise
        spans = [
            sp for sp in spans
            if sp[2].removesuffix("_abbr") not in ("weekday", "next_weekday")
            or not _next_to_calendar(text, sp, calendar_spans)
        ]

    chosen = None
    resolved = None
    cued = [s[2] in ("relative", "from_now", "holiday") or bool(_DEADLINE_CUE.search(text[max(0, s[0] - 40):s[0]]))
            or _OWN_CUE.match(s[3].group(0)) is not None  # "by the 18th": the ordinal pattern holds its "by"
            for s in spans]
    # (a day word that names a thing, "tomorrow's agenda", "the Thursday call", is the deadline
    # only when nothing else in the sentence is: "I'll send tomorrow's agenda tonight" is today)
    thing = [s[2] in ("tomorrow", "today", "weekday", "weekday_abbr") and _names_a_thing(text, s[0], s[1])
             for s in spans]
    candidates = [s for s, c, t in zip(spans, cued, thing, strict=True) if c and not t]
    candidates += [s for s, c, t in zip(spans, cued, thing, strict=True) if not c and not t]
    candidates += [s for s, t in zip(spans, thing, strict=True) if t]
    for cand in candidates:
        try:
            res = _resolve_date(cand[2], cand[3], now, dayfirst)
        except (ValueError, OverflowError, KeyError):
            res = None
        if res is not None:
            chosen, resolved = cand, res
            break

    # 2. time-of-day expressions (not inside an ISO date)
    times: list[tuple[int, int, str, re.Match[str]]] = []
    numeric_dates = _Intervals()
    for s, e, k, _ in spans:
        if k in ("iso", "numeric"):
            numeric_dates.add((s, e))
    taken_times = _Intervals()
    for kind, pattern in _TIME_PATTERNS:
        if tokens.isdisjoint(_GATES[kind]) or kind in skip:
            continue
        if kind == "bare_hour" and "at" not in tokens:  # (needs "at" and a digit, not either)
            continue
        for m in pattern.finditer(text):
            span = m.span()
            if numeric_dates.overlaps(span) or taken_times.overlaps(span):
                continue
            if any(e <= span[0] and not text[e:span[0]].strip(" ,") for _s, e in past_days):
                continue  # "sent on Friday afternoon": the afternoon of a past day
            if (_BARE_PART_OF_DAY.fullmatch(m[0]) and not _TIME_BEFORE.search(text, max(0, span[0] - _LOOK_BACK), span[0])
                    and _describes_noun(text, span[1])):
                continue  # "the evening report", "the night-shift fix": what, not when
            times.append((span[0], span[1], kind, m))
            taken_times.add(span)

    if chosen is None:
        if not times or now is None or day_only:
            return None
        if "that" in tokens and _BACK_REF.search(text):
            return None  # "that morning": a day named elsewhere, not today or tomorrow
        start, end, kind, m = times[0]
        at = _time_of(kind, m)
        moment = datetime.combine(now.date(), at)
        if moment < now:
            if kind in ("eod", "night", "midnight"):
                moment = datetime.combine(now.date(), _END_OF_CAL_DAY)
            else:
                moment += timedelta(days=1)
        return moment, start, end

    start, end, kind, _ = chosen
    if isinstance(resolved, _Exact):
        moment = resolved.moment
    else:
        assert isinstance(resolved, _Day)
        at = resolved.time
        own = [t for t in times if not _overlaps((t[0], t[1]), (start, end))]
        if own:  # the time stated next to the day wins over one implied by the day's own words
            centre = (start + end) / 2
            _, _, t_kind, t_m = min(own, key=lambda t: abs((t[0] + t[1]) / 2 - centre))
            at = _time_of(t_kind, t_m)
        elif times and at is None:
            at = _time_of(times[0][2], times[0][3])
        explicit = at is not None
        moment = datetime.combine(resolved.day, at or _EOD)
        if now is not None and moment < now and resolved.day == now.date() and (
            not explicit or at in (_EOD, _END_OF_CAL_DAY)
        ):
            moment = datetime.combine(resolved.day, _END_OF_CAL_DAY)
    return moment, start, end


def _to_utc(moment: datetime, zone: Any) -> pd.Timestamp:
    ts = pd.Timestamp(moment)
    if ts.tzinfo is None:
        ts = ts.tz_localize(zone, ambiguous=False, nonexistent="shift_forward")
    return ts.tz_convert("UTC")


# ---- a due date stated next to the commitment sentence, not in it ---------------------------------

#: "that morning/afternoon/evening/night/day": the part of a day named earlier in the message
_BACK_REF = re.compile(
    r"\bthat\s+(?:same\s+)?(morning|afternoon|evening|night|day)\b(?!\s*['\u2019]s\b)", _F)
_PART_OF_DAY = {"morning": _NOON, "afternoon": _EOD, "evening": _END_OF_CAL_DAY,
                "night": _END_OF_CAL_DAY, "day": None}
#: a commitment with no object or date of its own: "Will do.", "On it.", "Sure, I'll get that done."
_BARE_COMMITMENT = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|yes|yep|sure|absolutely|certainly|noted|understood|great|perfect|fine|thanks)"
    r"\W+)*(?:will\s+do|on\s+it|can\s+do|sure\s+thing|of\s+course|no\s+problem|consider\s+it\s+done"
    r"|leave\s+it\s+with\s+(?:me|us)|(?:i|we)\s*(?:'|\u2019|wi)ll\s+(?:do|get|have|sort|handle"
    r"|take\s+care\s+of)\s+(?:that|it|this)(?:\s+(?:done|sorted|sorted\s+out|covered|out))?)\W*$", _F)
#: words that give a fragment a subject or a finite verb of its own (it is then a sentence)
_CLAUSE_WORDS = frozenset({  # ("may" is left out: it is also the month)
    "i", "we", "you", "he", "she", "they", "it", "me", "us", "him", "her", "them", "is", "are", "was",
    "were", "be", "been", "being", "am", "will", "would", "can", "could", "should", "shall", "must",
    "might", "do", "does", "did", "has", "have", "had", "thanks", "thank", "sorry", "please", "hope",
    "cheers", "regards", "let", "lets",
})
_FRAGMENT_CUE = re.compile(r"\b(?:by|on|before|until|till|no\s+later\s+than)\s+(?:the\s+)?$", _F)
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)?")
_MAX_FRAGMENT_WORDS = 8


def _stated_day(text: str, now: datetime | None, dayfirst: bool = False) -> date | None:
    """The day ``text`` states (not a time of day alone), or None."""
    tokens = _trigger_tokens(text)
    if tokens is None:
        return None
    found = _match_local(text, tokens, now, dayfirst, day_only=True)
    return None if found is None else found[0].date()


def _dated_fragment(text: str, now: datetime | None, dayfirst: bool = False) -> datetime | None:
    """The due moment of a short verbless fragment holding a "by/on <date>" phrase ("Draft guide by
    30 May."), or None for anything with a subject or verb of its own, or longer than 8 words."""
    words = _WORD.findall(text)
    if not words or len(words) > _MAX_FRAGMENT_WORDS:
        return None
    if any(w.lower() in _CLAUSE_WORDS or "'" in w or "\u2019" in w for w in words):
        return None
    tokens = _trigger_tokens(text)
    if tokens is None:
        return None
    found = _match_local(text, tokens, now, dayfirst, day_only=True)
    if found is None:
        return None
    moment, start, end = found
    expression = text[start:end]
    if not (_FRAGMENT_CUE.search(text[:start]) or re.match(r"(?i)(?:by|on|before|until|till)\b", expression)):
        return None
    return moment


def _due_local_in_context(
    sentence: str, before: list[str], after: str | None, now: datetime | None, dayfirst: bool = False
) -> datetime | None:
    """For a commitment sentence that states no due date itself, the due moment stated next to it
    in the same message (local wall time, as :func:`_match_local`), or None.

    * "I'll be on site that morning." takes the day from the nearest earlier sentence (``before``,
      nearest first) that states one, at the part of day named (morning 12:00, afternoon 17:00,
      evening/night 23:59:59, "that day" 17:00; a clock time in the sentence wins). With no earlier
      day there is no due date: "that morning" is never guessed to be tomorrow's.
    * A bare commitment ("Will do.", "On it.", "Sure, I'll get that done.") followed by a short
      verbless fragment with a "by/on <date>" phrase ("Draft guide by 30 May.") takes that date.

    ``dayfirst`` reads numeric dates ("by 6/3") as in :func:`match_due`.
    """
    if not isinstance(sentence, str):
        return None
    ref = _BACK_REF.search(sentence)
    if ref is not None:
        for prev in before:
            day = _stated_day(prev, now, dayfirst)
            if day is None:
                continue
            at = _PART_OF_DAY[ref[1].lower()]
            for kind, pattern in _TIME_PATTERNS[:4]:  # a clock time in the sentence ("at 9am that morning")
                clock = pattern.search(sentence)
                if clock is not None:
                    at = _time_of(kind, clock)
                    break
            return datetime.combine(day, at or _EOD)
        return None
    if after is not None and _BARE_COMMITMENT.match(sentence):
        return _dated_fragment(after, now, dayfirst)
    return None
