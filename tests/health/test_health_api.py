"""The health table's contract: shape, periods, options, misuse and bad rows."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from health_stories import stories, story

import frictionscan as fs
from frictionscan.aggregate import COMPONENTS, HEALTH_COLUMNS, HealthConfig, health
from frictionscan.errors import ColumnsError, InvalidOptionError, LeftOutWarning
from frictionscan.schemas import SIGNALS


def test_public_functions_at_the_top_level_are_the_aggregate_stage_functions(acme):
    # the stage's package is ``frictionscan.aggregate``, so ``fs.health`` is never shadowed by it
    assert fs.health is health
    pd.testing.assert_frame_equal(fs.health(acme, "W"), health(acme, "W"))
    assert fs.HealthConfig is HealthConfig
    assert len(fs.commitments(acme)) == 2
    assert fs.explain(acme, "acme", "2026-01-05", "2026-02-01").relationship == "acme"


def test_table_has_one_row_per_relationship_and_period_with_the_documented_columns(weekly):
    assert list(weekly.columns) == list(HEALTH_COLUMNS)
    assert not weekly.duplicated(["relationship", "period"]).any()
    assert weekly["health"].between(0, 100).all()
    assert weekly["alert"].dtype == bool
    assert str(weekly["period"].dtype) == "datetime64[ns, UTC]"
    for c in COMPONENTS:
        assert (weekly[c] >= 0).all() if c == "repair" else (weekly[c] <= 0).all()


def test_health_is_100_plus_the_components_clipped(weekly):
    total = (100 + weekly[list(COMPONENTS)].sum(axis=1)).clip(0, 100)
    assert np.allclose(total, weekly["health"], atol=0.06)


def test_empty_periods_are_included_once_a_relationship_has_started():
    quiet = story("hooli", """
        d1  10:00 in  t1 Hello, a question about the invoice.
        d1  12:00 out t1 Answered, see attached.
        d36 10:00 in  t2 Another question, a month later.
        d36 11:00 out t2 Sure, here you go.
    """)
    later = story("pied", """
        d22 10:00 in  t1 First contact from us.
        d22 11:00 out t1 Welcome!
    """)
    h = health(stories(quiet, later), "W")
    hooli, pied = h[h.relationship == "hooli"], h[h.relationship == "pied"]
    assert len(hooli) == 6 and hooli["n_inbound"].tolist() == [1, 0, 0, 0, 0, 1]
    assert hooli["health"].tolist() == [100.0] * 6, "silence alone does not move a young account"
    assert pied["period"].min() == pd.Timestamp("2026-02-01", tz="UTC"), "starts at its first week"
    assert pied["period"].max() == hooli["period"].max()


@pytest.mark.parametrize("freq", ["D", "W", "2W", "MS", "ME", "QS", "W-MON"])
def test_messages_fall_in_the_same_period_as_pandas_resample_puts_them(four, freq):
    h = health(four, freq)
    ok = four[four["status"] == "ok"]
    for rel, grp in ok.groupby("relationship"):
        expected = (grp.set_index("timestamp").resample(freq).size())
        mine = h[h.relationship == rel].set_index("period")
        counts = (mine["n_inbound"] + mine["n_outbound"])
        exp = expected[expected.index.isin(mine.index)]
        assert counts.reindex(exp.index).tolist() == exp.tolist()
        assert (mine["period_start"] < mine["period_end"]).all()
        assert (mine["period_end"].iloc[:-1].to_numpy() == mine["period_start"].iloc[1:].to_numpy()).all()


def test_friction_decays_across_periods_rather_than_vanishing():
    s = story("acme", """
        d1  10:00 in  t1 This outage cost us a full day, it is unacceptable. | frustration=.95 blame=.6
        d1  11:00 out t1 Understood, we are on it.
        d8  10:00 in  t2 Routine question about seats.
        d8  11:00 out t2 Done.
    """)
    h = health(s, "D", now="2026-01-30 23:00")
    fr = h.set_index("period")["friction"]
    assert fr.iloc[1] < 0
    assert (np.diff(fr.iloc[1:].to_numpy()) > 0).all(), "strictly fading, day after day"
    assert fr.iloc[10] < 0 and fr.iloc[-1] > fr.iloc[10]


def test_a_terse_client_is_not_a_frustrated_one():
    lines_terse, lines_angry = [], []
    for k in range(8):
        d = 1 + 7 * k
        lines_terse += [f"d{d} 10:00 in t{k} Need report. Now. | frustration=.38",
                        f"d{d} 12:00 out t{k} Sent."]
        angry = ".9 blame=.6" if k == 6 else ".05"
        lines_angry += [f"d{d} 10:00 in t{k} Could you send the report? | frustration={angry}",
                        f"d{d} 12:00 out t{k} Sent."]
    terse, angry = story("terse", "\n".join(lines_terse)), story("angry", "\n".join(lines_angry))
    h = health(stories(terse, angry), "W")
    last = h.groupby("relationship")["health"].last()
    assert h.loc[h.relationship == "terse", "health"].min() >= 95
    assert last["angry"] < last["terse"] - 10


def _silence_story(name: str, friction: bool) -> pd.DataFrame:
    lines = []
    for k in range(10):
        d = 1 + 7 * k
        lines += [f"d{d} 10:00 in t{k} Weekly check-in, all fine here.", f"d{d} 12:00 out t{k} Thanks!"]
    if friction:
        lines += ["d71 10:00 in t10 The migration broke our reports, very disappointing. | "
                  "frustration=.9 unmet_expectation=.8",
                  "d71 12:00 out t10 Sorry, fixing it. | apology=.8"]
    else:
        lines += ["d71 10:00 in t10 Weekly check-in.", "d71 12:00 out t10 Thanks!"]
    return story(name, "\n".join(lines))


def test_silence_alone_neither_crashes_nor_jumps_but_quiet_after_friction_counts():
    h = health(stories(_silence_story("calm", False), _silence_story("hurt", True)), "W",
               now="2026-05-31")
    calm = h[h.relationship == "calm"].reset_index(drop=True)
    hurt = h[h.relationship == "hurt"].reset_index(drop=True)
    quiet = calm.iloc[11:]  # seven silent weeks after the last message
    assert quiet["health"].min() >= 85
    assert np.abs(np.diff(calm["health"].to_numpy())).max() <= 6
    assert hurt["engagement"].iloc[13] < calm["engagement"].iloc[13] - 2
    assert any("quiet after friction" in r for rs in hurt["alert_reasons"] for r in rs)
    assert not calm["alert"].any()


def test_unanswered_client_messages_with_frustration_raise_a_counted_alert():
    s = story("acme", """
        d1  10:00 in  t1 Our invoices are wrong again, this is frustrating. | frustration=.9
        d2  09:00 in  t2 And the dashboard is down. Fed up. | frustration=.85
        d2  10:00 in  t3 Also: can you send the W-9?
    """)
    h = health(s, "W", now="2026-01-11 20:00")
    reasons = h["alert_reasons"].iloc[-1]
    assert "3 client messages unanswered > 48h, 2 with frustration" in reasons
    assert h["responsiveness"].iloc[-1] < -5
    assert h["unanswered"].iloc[-1] == 3


def test_sla_shortcut_and_config_change_what_counts_as_late():
    s = story("acme", """
        d1  10:00 in  t1 Could you check the export?
        d2  16:00 out t1 Checked, all good.
    """)
    assert health(s, "W")["responsiveness"].iloc[0] == 0  # 30h < 48h
    late = health(s, "W", sla="12h")["responsiveness"].iloc[0]
    assert late < 0
    assert health(s, "W", config=HealthConfig(sla_hours=12))["responsiveness"].iloc[0] == late
    assert health(s, "W", config={"sla_hours": 12})["responsiveness"].iloc[0] == late


def test_weights_set_the_most_points_a_component_can_take(four):
    h = health(four, "W", weights={"promises": 10})
    assert h["promises"].min() >= -10
    assert h["promises"].min() < -8


def test_chasing_an_unanswered_message_costs_more_than_waiting_alone():
    base = """
        d1  10:00 in  t1 Could you send the contract draft?
        {chase}
        d5  10:00 out t1 Here it is.
    """
    quiet = story("a", base.format(chase=""))
    chased = story("b", base.format(chase="d3 11:00 in t1 Any news on the draft?"))
    h = health(stories(quiet, chased), "W", now="2026-01-11")
    last = h.groupby("relationship")["responsiveness"].last()
    assert last["b"] < last["a"] < 0
    drivers = h[h.relationship == "b"]["drivers"].iloc[-1]
    assert any("chased" in d["reason"] for d in drivers)


def test_rows_that_are_not_ok_are_ignored_and_never_crash(acme):
    broken = acme.copy()
    bad = pd.DataFrame({
        "message_id": ["x1", "x2", "x3"], "relationship": ["acme", pd.NA, "acme"],
        "direction": ["inbound", "inbound", pd.NA], "status": ["error", "ok", "ok"],
        "timestamp": pd.to_datetime([None, "2026-01-06", "2026-01-06"], utc=True),
        "error": ["malformed", None, None], "text": [None, "x", "y"],
        **{s: [np.nan, 0.99, 0.99] for s in SIGNALS},
    })
    dup = acme.iloc[:3].assign(status="duplicate", frustration=0.99)
    h1 = health(acme, "W")
    with pytest.warns(LeftOutWarning, match=r"2 of .* left out \(1 no relationship, 1 no direction\)"):
        h2 = health(pd.concat([broken, bad, dup], ignore_index=True), "W")
    pd.testing.assert_frame_equal(h1, h2)


def test_a_call_with_no_account_is_not_dropped_silently(acme):
    """QA pass 10: a call titled "Weekly sync" got no relationship and vanished from the health
    table without a word (the command line counts it; the Python API said nothing)."""
    call = acme.iloc[:1].assign(message_id="call-1", relationship=pd.NA, channel="call")
    with pytest.warns(LeftOutWarning, match="no relationship.*accounts="):
        health(pd.concat([acme, call], ignore_index=True), "W")
    with pytest.warns(LeftOutWarning, match="^commitments: 1 of"):
        fs.commitments(pd.concat([acme, call], ignore_index=True))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        health(acme, "W")  # nothing left out: no warning
        fs.commitments(acme)


def test_empty_input_gives_an_empty_table_with_the_columns(acme):
    h = health(acme.iloc[:0], "W")
    assert list(h.columns) == list(HEALTH_COLUMNS) and len(h) == 0
    h = health(acme.assign(status="error"), "MS")
    assert len(h) == 0


def test_now_replays_history_as_it_was_known_then(acme, umbrella):
    both = stories(acme, umbrella)
    full = health(both, "W")
    end_of_week = pd.Timestamp("2026-02-09", tz="UTC") - pd.Timedelta(1, "ns")
    early = health(both, "W", now=end_of_week)
    assert early["period"].max() == pd.Timestamp("2026-02-08", tz="UTC")
    common = full[full.period <= "2026-02-08"].reset_index(drop=True)
    pd.testing.assert_frame_equal(early.reset_index(drop=True), common)


def test_a_bare_now_date_means_the_end_of_that_day_like_the_row_of_the_week_ending_then(acme, umbrella):
    both = stories(acme, umbrella)
    full = health(both, "W")
    early = health(both, "W", now="2026-02-08")  # a Sunday: the week ending 2026-02-08 is complete
    assert early["period"].max() == pd.Timestamp("2026-02-08", tz="UTC")
    pd.testing.assert_frame_equal(early.reset_index(drop=True),
                                  full[full.period <= "2026-02-08"].reset_index(drop=True))


def test_segment_scores_each_relationship_against_its_peers(four):
    seg = {"acme": "smb", "globex": "smb", "initech": "enterprise", "umbrella": "enterprise"}
    h = health(four, "W", segment=seg)
    last = h[h.period == h.period.max()].set_index("relationship")
    assert last.loc["umbrella", "health_vs_segment"] < 0 < last.loc["initech", "health_vs_segment"]
    assert last.loc["umbrella", "segment_percentile"] == 0.5
    assert any(r.endswith("below the enterprise median") for r in last.loc["umbrella", "alert_reasons"])
    assert not any("median" in r for r in last.loc["initech", "alert_reasons"])
    with_col = four.assign(segment=four["relationship"].map(seg))
    h2 = health(with_col, "W", segment="segment")
    pd.testing.assert_series_equal(h["health_vs_segment"], h2["health_vs_segment"])


@pytest.mark.parametrize("kwargs, match", [
    ({"freq": "fortnightly"}, "offset alias"),
    ({"freq": "0D"}, "positive pandas offset alias"),   # used to divide by zero inside pandas
    ({"freq": "0h"}, "positive pandas offset alias"),
    ({"freq": "-2W"}, "positive pandas offset alias"),  # used to raise IndexError
    ({"freq": "s"}, "coarser"),                         # used to run for minutes on gigabytes
    ({"weights": {"mood": 3}}, "unknown component"),
    ({"sla": "soon"}, "not a duration"),
    ({"config": {"sla_hourz": 3}}, "unknown HealthConfig setting"),
    ({"config": {"friction_max": -1}}, "friction_max must be >= 0"),
    ({"now": "not a date"}, "now="),
    ({"segment": "tier"}, "segment='tier'"),
])
def test_misuse_raises_an_error_that_says_what_to_do(acme, kwargs, match):
    with pytest.raises((InvalidOptionError, ColumnsError), match=match):
        health(acme, **kwargs)


def test_a_table_without_signal_columns_is_refused_with_a_hint(acme):
    with pytest.raises(ColumnsError, match=r"frictionscan\.score"):
        health(acme.drop(columns=["blame"]), "W")
    with pytest.raises(InvalidOptionError):
        health("mailbox.mbox", "W")


def test_a_scored_table_read_back_from_csv_gives_the_same_health(acme, tmp_path):
    path = tmp_path / "scored.csv"
    acme.drop(columns=["evidence"]).to_csv(path, index=False)
    back = pd.read_csv(path, dtype=str)  # everything as text: dates, probabilities, "True"/"False"
    pd.testing.assert_frame_equal(health(back, "W").drop(columns="drivers"),
                                  health(acme.drop(columns=["evidence"]), "W").drop(columns="drivers"))


def test_evidence_read_back_from_a_plain_pandas_csv_gives_the_same_health_and_promises(acme, tmp_path):
    """QA pass 10 verification: ``to_csv`` writes the evidence lists as Python reprs; read back,
    they were ignored, so promises lost their text and a happy account raised alerts."""
    from frictionscan.aggregate import commitments

    path = tmp_path / "scored.csv"
    acme.to_csv(path, index=False)
    back = pd.read_csv(path)
    assert isinstance(back["evidence"].dropna().iloc[0], str)  # the cell really is text
    pd.testing.assert_frame_equal(health(back, "W"), health(acme, "W"))
    cols = ["commitment", "status", "due"]
    pd.testing.assert_frame_equal(commitments(back)[cols], commitments(acme)[cols])


def test_an_auto_reply_is_not_the_client_answering_or_writing():
    script = """
        d1  10:00 in  t1 The export is broken again. | frustration=.8
        d1  11:00 out t1 Sorry, we are on it and will report back by Friday. | apology=.8 commitment=.8 due=d4
        d2  11:00 out t1 Fixed and re-run. Could you check the numbers?
        d9  09:00 out t2 Checking in: did the numbers look right?
        d9  09:01 in  t2 I am out of the office until the 20th. | status=automated
    """
    with_auto = health(story("acme", script), "W", now="2026-01-18")
    without = health(story("acme", script.strip().rsplit("\n", 1)[0]), "W", now="2026-01-18")
    pd.testing.assert_frame_equal(with_auto, without)


def _weekly_writer(weeks: int, silent_after: int | None = None) -> str:
    """A client who writes Tuesday to Thursday every week (our replies the same day); after
    ``silent_after`` weeks it complains once and stops writing while we keep checking in."""
    lines = []
    for w in range(weeks):
        d0 = 1 + 7 * w  # a Tuesday (the story starts on Monday 2026-01-05)
        if silent_after is not None and w >= silent_after:
            if w == silent_after:
                lines.append(f"d{d0} 09:00 in t{w} This is the third failed load, we are done waiting. "
                             "| frustration=.9 unmet_expectation=.8")
                lines.append(f"d{d0} 10:00 out t{w} Sorry, we are on it. | apology=.8")
            else:
                lines.append(f"d{d0} 10:00 out c{w} Checking in: could we set up a call this week?")
            continue
        for k in range(3):
            lines.append(f"d{d0 + k} 09:00 in t{w}x{k} Numbers for depot {k} attached.")
            lines.append(f"d{d0 + k} 11:00 out t{w}x{k} Thanks, loaded.")
    return "\n".join(lines)


def test_a_weekly_writer_is_not_quiet_over_the_weekend():
    h = health(story("harbor", _weekly_writer(12)), "W", now="2026-03-29")
    assert (h["engagement"].iloc[5:] > -2).all(), h[["period", "engagement"]]
    assert not h["alert"].any()


def test_a_client_gone_silent_after_friction_stays_flagged_however_long_it_lasts():
    h = health(story("kestrel", _weekly_writer(30, silent_after=8)), "W", now="2026-08-02")
    late = h[h["period"] >= pd.Timestamp("2026-06-01", tz="UTC")]  # 3-5 months into the silence
    assert (late["engagement"] <= -15).all(), late[["period", "engagement"]]
    assert late["alert"].all()
    assert all(any("client quiet after friction" in r for r in rs) for rs in late["alert_reasons"])


def test_a_new_request_elsewhere_is_not_a_chase_but_a_follow_up_is():
    base = """
        d1  09:00 in  t1 Could you send the March usage report? | frustration=.1
    """
    new_request = base + "d3 10:00 in t2 Separate question: can we add two more users?"
    follow_up = base + "d3 10:00 in t2 Following up on my email about the March report."
    same_thread = base + "d3 10:00 in t1 Is there an update on this?"
    chases = {name: health(story("acme", script), "W", now="2026-01-11")["responsiveness"].iloc[-1]
              for name, script in [("new", new_request), ("follow", follow_up), ("same", same_thread)]}
    assert chases["follow"] < chases["new"] - 1 and chases["same"] < chases["new"] - 1


@pytest.mark.parametrize("value", [float("inf"), float("nan")])
def test_a_setting_that_is_not_a_finite_number_is_refused_with_its_name(value):
    with pytest.raises(InvalidOptionError, match="complaint_window_days must be a finite number"):
        HealthConfig(complaint_window_days=value)
    with pytest.raises(InvalidOptionError, match="sla_hours must be a finite number"):
        HealthConfig.from_any({"sla_hours": value})
