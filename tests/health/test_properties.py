"""Properties that must hold for any input: order invariance, bounds, counts, period edges."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frictionscan.aggregate import commitments, health
from frictionscan.aggregate.core import periods
from frictionscan.schemas import SIGNALS

FAST = settings(max_examples=15, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
START = pd.Timestamp("2026-01-01", tz="UTC")


@pytest.fixture(scope="module")
def reference(four):
    return health(four, "W"), commitments(four)


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1))
def test_shuffling_rows_does_not_change_health_or_commitments(four, reference, seed):
    shuffled = four.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    pd.testing.assert_frame_equal(reference[0], health(shuffled, "W"))
    pd.testing.assert_frame_equal(reference[1], commitments(shuffled))


prob = st.one_of(st.floats(0, 1), st.just(float("nan")), st.floats(-5, 5))


@st.composite
def wild_rows(draw):
    n = draw(st.integers(0, 25))
    rows = []
    for k in range(n):
        minutes = draw(st.one_of(st.integers(0, 60 * 24 * 120), st.none()))
        rows.append({
            "message_id": draw(st.one_of(st.sampled_from([f"m{k}", "dup", None]))),
            "thread_id": draw(st.sampled_from(["t1", "t2", None])),
            "in_reply_to": draw(st.sampled_from(["m0", "m1", "dup", None])),
            "relationship": draw(st.sampled_from(["a", "b", None])),
            "direction": draw(st.sampled_from(["inbound", "outbound", "internal", "INBOUND", None,
                                               "sideways"])),
            "status": draw(st.sampled_from(["ok", "ok", "ok", "error", "duplicate", None])),
            "timestamp": None if minutes is None else START + pd.Timedelta(minutes=minutes),
            "text": draw(st.sampled_from(["hi", "", None, "Sorry! [[x]]"])),
            "commitment_due": draw(st.sampled_from([None, "2026-02-01", "garbage"])),
            "evidence": draw(st.sampled_from([None, [], [{"signal": "commitment"}], "junk"])),
            **{s: draw(prob) for s in SIGNALS},
        })
    return pd.DataFrame(rows, columns=["message_id", "thread_id", "in_reply_to", "relationship",
                                       "direction", "status", "timestamp", "text",
                                       "commitment_due", "evidence", *SIGNALS])


@FAST
@given(df=wild_rows(), freq=st.sampled_from(["D", "W", "MS", "2W"]))
@pytest.mark.filterwarnings("ignore::frictionscan.errors.LeftOutWarning")  # wild rows lack them on purpose
@pytest.mark.filterwarnings("ignore:.*signal probabilities are from 0 to 1")  # out of range on purpose
def test_wild_input_never_crashes_and_stays_in_bounds(df, freq):
    h = health(df, freq)
    assert h["health"].between(0, 100).all()
    assert not h.duplicated(["relationship", "period"]).any()
    assert h["alert"].dtype == bool
    usable = df[(df["status"] == "ok") & df["relationship"].notna() & df["timestamp"].notna()
                & df["direction"].str.lower().isin(["inbound", "outbound"]).fillna(False)]
    assert h["n_inbound"].sum() + h["n_outbound"].sum() <= len(usable)
    commitments(df)


@FAST
@given(minutes=st.lists(st.integers(0, 60 * 24 * 400), min_size=1, max_size=30),
       freq=st.sampled_from(["D", "W", "W-WED", "2W", "MS", "ME", "QS", "QE", "12h", "3D"]))
def test_period_edges_put_each_time_where_pandas_resample_does(minutes, freq):
    ts = pd.DatetimeIndex(sorted(START + pd.Timedelta(minutes=m) for m in minutes))
    table = periods(ts.min(), ts.max(), freq)
    expected = pd.Series(1, index=ts).resample(freq).size()
    starts = table["period_start"].astype("int64").to_numpy()
    k = np.searchsorted(starts, ts.astype("int64").to_numpy(), side="right") - 1
    mine = pd.Series(1, index=table["period"].to_numpy()[k]).groupby(level=0).size()
    assert mine.to_dict() == expected[expected > 0].to_dict()
    assert (table["period_start"].iloc[1:].to_numpy() == table["period_end"].iloc[:-1].to_numpy()).all()


@st.composite
def conversations(draw):
    """Well-formed mail of one client: threads, both directions, questions, friction, promises."""
    n = draw(st.integers(1, 30))
    rows = []
    for k in range(n):
        direction = draw(st.sampled_from(["inbound", "outbound"]))
        rows.append({
            "message_id": f"m{k}", "thread_id": draw(st.sampled_from(["t1", "t2", "t3", None])),
            "in_reply_to": draw(st.sampled_from([None, None, f"m{max(k - 1, 0)}"])),
            "relationship": "acme", "direction": direction, "status": "ok",
            "timestamp": START + pd.Timedelta(minutes=draw(st.integers(0, 60 * 24 * 70))),
            "text": draw(st.sampled_from(["Could you send the report?", "Here it is.", "Still broken!",
                                          "We will send it by Friday."])),
            "commitment_due": draw(st.sampled_from([None, START + pd.Timedelta(days=20)])),
            **{s: draw(st.floats(0, 1)) for s in SIGNALS},
        })
    return pd.DataFrame(rows)


@settings(max_examples=60, deadline=None)
@given(df=conversations(), cut_days=st.integers(1, 70),
       fallback=st.sampled_from(["relationship", "thread"]))
def test_newer_mail_never_changes_an_elapsed_period(df, cut_days, fallback):
    # docs/health.md: "old rows do not change when newer mail is added ... now= replays what the
    # table said then". Reply pairing with the relationship fallback used to break this.
    cut = START + pd.Timedelta(days=cut_days)
    full = health(df, "W", now=START + pd.Timedelta(days=80), config={"reply_fallback": fallback})
    then = health(df[df["timestamp"] <= cut], "W", now=cut, config={"reply_fallback": fallback})
    elapsed = then["period_end"] <= cut
    pd.testing.assert_frame_equal(then[elapsed].reset_index(drop=True),
                                  full[full["period"].isin(then.loc[elapsed, "period"])].reset_index(drop=True))
