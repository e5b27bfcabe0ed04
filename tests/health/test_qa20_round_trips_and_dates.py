"""QA20: health tables read back from files, and the dates and numbers `now=`/`start=` accept.

* #9  fs.explain on a health table read back from Parquet or CSV keeps its drivers.
* #11 a number means Unix seconds for `now=` as for `start=`; a `now` before every message warns.
* #12 every date-only form ("16/10/2026", "Oct 16 2026", np.datetime64) is the whole day.
* #13 messages name the argument that was wrong; probabilities as percentages are refused;
      freq="M" suggests "ME".
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

import frictionscan as fs
from frictionscan.errors import FrictionscanWarning, InvalidOptionError, LeftOutWarning


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_explain_reads_the_drivers_of_a_health_table_read_back_from_a_file(weekly, tmp_path, fmt):
    path = tmp_path / f"weekly.{fmt}"
    if fmt == "parquet":
        weekly.to_parquet(path)
        back = pd.read_parquet(path)
    else:
        weekly.to_csv(path, index=False)
        back = pd.read_csv(path)
    asked = ("globex", "2026-02-01 23:59", "2026-02-08 23:59:59")
    fresh, again = fs.explain(weekly, *asked), fs.explain(back, *asked)
    assert len(fresh.messages) > 0
    cols = ["message_id", "component", "impact", "reason"]
    pd.testing.assert_frame_equal(again.messages[cols], fresh.messages[cols])
    assert again.health_end == fresh.health_end


def _promise_table() -> pd.DataFrame:
    """A client question, then our promise due Thursday 15 Jan 2026 (midnight UTC), nothing else."""
    base = {s: 0.05 for s in fs.SIGNALS}
    return pd.DataFrame([
        {"message_id": "q", "thread_id": "t", "relationship": "acme", "direction": "inbound",
         "status": "ok", "timestamp": pd.Timestamp("2026-01-12 09:00", tz="UTC"),
         "text": "Could you send the usage export?", **base},
        {"message_id": "p", "thread_id": "t", "relationship": "acme", "direction": "outbound",
         "status": "ok", "timestamp": pd.Timestamp("2026-01-12 10:00", tz="UTC"),
         "text": "We will send the usage export by Jan 15.", **base, "commitment": 0.9,
         "commitment_due": pd.Timestamp("2026-01-15", tz="UTC")},
    ])


def test_now_as_a_number_is_unix_seconds_as_start_reads_it():
    rows = _promise_table()
    seconds = int(pd.Timestamp("2026-01-13 12:00", tz="UTC").timestamp())
    expected = fs.health(rows, "D", now="2026-01-13 12:00")
    pd.testing.assert_frame_equal(fs.health(rows, "D", now=seconds), expected)
    pd.testing.assert_frame_equal(fs.health(rows, "D", now=np.int64(seconds)), expected)
    pd.testing.assert_frame_equal(fs.commitments(rows, now=float(seconds)),
                                  fs.commitments(rows, now="2026-01-13 12:00"))


def test_a_number_that_is_no_unix_time_is_refused_with_what_to_pass():
    with pytest.raises(InvalidOptionError, match=r"now=20260113 .*Unix.*seconds"):
        fs.health(_promise_table(), now=20260113)


@pytest.mark.parametrize("call", [lambda t: fs.health(t, "W", now="2020-01-01"),
                                  lambda t: fs.commitments(t, now="2020-01-01")])
def test_a_now_before_every_message_warns_that_everything_was_left_out(call):
    with pytest.warns(LeftOutWarning, match=r"now='2020-01-01' .*before the first usable message "
                                            r"\(2026-01-12 09:00 UTC\).*give a later now="):
        result = call(_promise_table())
    assert len(result) == 0


def test_a_now_inside_the_data_gives_no_now_warning():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", LeftOutWarning)
        assert len(fs.health(_promise_table(), "D", now="2026-01-12 09:30")) == 1


# Thursday's promise (due 15 Jan, 24 hours' grace) is still open at midnight on Friday 16 Jan and
# overdue by the end of that day: every way of writing the bare date must mean the whole day
@pytest.mark.parametrize("day", ["2026-01-16", "16/01/2026", "Jan 16 2026", "16 January 2026",
                                 "Friday, January 16, 2026", np.datetime64("2026-01-16"),
                                 dt.date(2026, 1, 16)], ids=str)
def test_every_date_only_form_of_now_is_the_whole_day(day):
    assert fs.commitments(_promise_table(), now=day)["status"].tolist() == ["overdue"]


@pytest.mark.parametrize("moment", ["2026-01-16 00:00", "2026-01-16T00:00:00Z",
                                    pd.Timestamp("2026-01-16", tz="UTC"),
                                    np.datetime64("2026-01-16T00:00")], ids=str)
def test_a_date_with_a_time_is_that_moment(moment):
    assert fs.commitments(_promise_table(), now=moment)["status"].tolist() == ["open"]


def test_explain_names_the_argument_that_is_not_a_date():
    with pytest.raises(InvalidOptionError, match=r"^start='garbage' is not a date"):
        fs.explain(_promise_table(), "acme", "garbage", "2026-01-14")
    with pytest.raises(InvalidOptionError, match=r"^end='later' is not a date"):
        fs.explain(_promise_table(), "acme", "2026-01-12", "later")


@pytest.mark.parametrize("call", [fs.health, fs.commitments,
                                  lambda t: fs.explain(t, "acme", "2026-01-12", "2026-01-14")])
def test_probabilities_given_as_percentages_are_named_with_the_fix(call):
    rows = _promise_table()
    rows["frustration"] = rows["frustration"] * 100
    with pytest.warns(FrictionscanWarning, match=r"from 0 to 1, but column\(s\) 'frustration' "
                                                 r"\(5 to 5\) .*divide them by 100"):
        call(rows)


def test_probabilities_from_0_to_1_raise_no_range_warning():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", FrictionscanWarning)
        fs.health(_promise_table())


@pytest.mark.parametrize(("freq", "better"), [("M", "'ME'"), ("2M", "'2ME'"), ("Y", "'YE'")])
def test_a_renamed_pandas_alias_gets_its_new_spelling(freq, better):
    with pytest.raises(InvalidOptionError, match=f"pandas now spells it {better}"):
        fs.health(_promise_table(), freq)


def test_commitments_use_the_index_as_message_id_after_set_index():
    rows = _promise_table()
    by_id = rows.set_index("message_id")
    found = fs.commitments(by_id)
    assert found["message_id"].tolist() == ["p"]
    assert found["message_id"].isin(by_id.index).all()  # joins back to the user's table
    pd.testing.assert_frame_equal(found, fs.commitments(rows))
    pd.testing.assert_frame_equal(fs.health(by_id), fs.health(rows))
