"""QA21: `now=` in the library reads dates as the command line's `--now` does.

* D5  a numbers-only date whose day and month are both 12 or less ("12/11/2026", "12.11.2026") is
      refused with the ISO dates it could mean; one with a number above 12 is read in its only order.
* D10 a `now` past what pandas can hold ("2262-04-12", "9999-12-31", 99999999999 seconds) is refused
      naming now= and the supported range, not a raw pandas error or a blamed freq=.
"""

from __future__ import annotations

import pandas as pd
import pytest

import frictionscan as fs
from frictionscan.errors import InvalidOptionError


def _promise_table() -> pd.DataFrame:
    """A client question, then our promise due Monday 9 Nov 2026, nothing else."""
    base = {s: 0.05 for s in fs.SIGNALS}
    return pd.DataFrame([
        {"message_id": "q", "thread_id": "t", "relationship": "acme", "direction": "inbound",
         "status": "ok", "timestamp": pd.Timestamp("2026-11-02 09:00", tz="UTC"),
         "text": "Could you send the usage export?", **base},
        {"message_id": "p", "thread_id": "t", "relationship": "acme", "direction": "outbound",
         "status": "ok", "timestamp": pd.Timestamp("2026-11-02 10:00", tz="UTC"),
         "text": "We will send the usage export by 9 November.", **base, "commitment": 0.9,
         "commitment_due": pd.Timestamp("2026-11-09", tz="UTC")},
    ])


CALLS = {"health": lambda t, now: fs.health(t, "W", now=now),
         "commitments": lambda t, now: fs.commitments(t, now=now),
         "explain": lambda t, now: fs.explain(t, "acme", "2026-11-01", "2026-11-20", now=now)}


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
@pytest.mark.parametrize("now", ["12/11/2026", "12.11.2026", "12-11-2026", "12/11/2026 09:00",
                                 # QA22: a two-digit year, a comma before the time, spaces
                                 "12/11/26", "12.11.26", "12/11/2026, 09:00", "12 / 11 / 2026"])
def test_a_numeric_date_that_reads_both_ways_is_refused_with_both_iso_dates(call, now):
    with pytest.raises(InvalidOptionError, match=r"2026-11-12 or 2026-12-11.*whichever you mean"):
        call(_promise_table(), now)


@pytest.mark.parametrize("now", ["13/11/2026", "13.11.2026", "11/13/2026"])
def test_a_numeric_date_with_a_number_above_12_is_read_in_the_only_order_it_fits(now):
    expected = fs.commitments(_promise_table(), now="2026-11-13")
    pd.testing.assert_frame_equal(fs.commitments(_promise_table(), now=now), expected)


def test_a_numeric_date_with_day_equal_to_month_is_that_day():
    pd.testing.assert_frame_equal(fs.commitments(_promise_table(), now="11/11/2026"),
                                  fs.commitments(_promise_table(), now="2026-11-11"))


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
@pytest.mark.parametrize("now", ["2262-04-12", "2300-01-01", "9999-12-31", 99999999999],
                         ids=str)
def test_a_now_past_the_supported_range_names_now_and_the_range(call, now):
    with pytest.raises(InvalidOptionError, match=r"now=.* out of the supported range.*2261-12-31"):
        call(_promise_table(), now)


def test_the_last_supported_day_still_works():
    assert fs.commitments(_promise_table(), now="2261-12-31")["status"].tolist() == ["overdue"]


@pytest.mark.parametrize(("now", "iso"), [("13/11/26", "2026-11-13"), ("13.11.26, 08:00", "2026-11-13 08:00")])
def test_a_two_digit_year_reads_as_this_century_when_the_order_is_sure(now, iso):
    expected = fs.commitments(_promise_table(), now=iso)
    pd.testing.assert_frame_equal(fs.commitments(_promise_table(), now=now), expected)


def test_a_day_and_month_without_a_year_asks_for_the_year_not_a_range():
    """QA22: "12/11" read as the year 1 and was refused as out of the supported range."""
    with pytest.raises(InvalidOptionError, match="has no year"):
        fs.health(_promise_table(), "W", now="12/11")


@pytest.mark.parametrize(("now", "hint"), [("12/11/26", "2026-11-12 or 2026-12-11"), ("12/11", "has no year")])
def test_the_command_lines_hint_for_now_names_the_right_dates(tmp_path, now, hint):
    from click.testing import CliRunner

    from frictionscan.cli import cli

    src = tmp_path / "s.parquet"
    _promise_table().to_parquet(src)
    res = CliRunner().invoke(cli, ["health", str(src), "--now", now, "-o", str(tmp_path / "h.csv")])
    assert res.exit_code == 2 and hint in res.output and "0001" not in res.output


@pytest.mark.parametrize("freq", ["YE", "2YE"])
def test_a_period_that_would_end_past_what_pandas_holds_is_refused_naming_it_not_freq(freq):
    """QA22: a valid yearly alias was called 'not a positive pandas offset alias'."""
    with pytest.raises(InvalidOptionError, match=rf"freq='{freq}': the period holding 2261-12-31 ends after"):
        fs.health(_promise_table(), freq, now="2261-12-31")
