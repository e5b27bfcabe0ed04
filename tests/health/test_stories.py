"""The four relationship stories read the way a person reading the emails would expect."""

from __future__ import annotations

import pandas as pd


def _rel(weekly: pd.DataFrame, name: str) -> pd.DataFrame:
    return weekly[weekly["relationship"] == name].reset_index(drop=True)


def _final(weekly: pd.DataFrame) -> pd.Series:
    return weekly.sort_values("period").groupby("relationship")["health"].last()


def test_steady_healthy_relationship_stays_high_and_raises_no_alert(weekly):
    acme = _rel(weekly, "acme")
    assert len(acme) == 12
    assert acme["health"].min() >= 90
    assert not acme["alert"].any()
    assert (acme["friction"] == 0).all()
    assert (acme["promises"] == 0).all(), "acme's promises were all kept on time"


def test_friction_episode_dips_then_recovers_over_the_following_weeks(weekly):
    g = _rel(weekly, "globex")
    dip = int(g["health"].idxmin())
    assert g.loc[dip, "period"] == pd.Timestamp("2026-02-08", tz="UTC"), "the week of the incident"
    before = g.loc[: dip - 1, "health"]
    assert before.min() - g.loc[dip, "health"] >= 10
    after = g.loc[dip:, "health"].tolist()
    assert after[1] > after[0] and after[2] > after[1], "rising in the weeks after the repair"
    assert after[-1] >= 95
    # friction decays across weeks instead of vanishing at the week boundary
    fr = g.loc[dip:, "friction"].tolist()
    assert fr[0] < fr[1] < fr[2] <= 0 and fr[1] < 0
    # ownership and the delivered plan win some of it back
    assert g.loc[dip, "repair"] > 0
    assert g.loc[dip, "alert"] and not g.loc[len(g) - 1, "alert"]


def test_silent_decline_shows_slow_replies_then_a_client_going_quiet(weekly):
    i = _rel(weekly, "initech")
    early = i.loc[:4, "health"]
    late = i.loc[8:, "health"]
    assert early.min() >= 95
    assert late.max() <= early.min() - 20
    assert i["responsiveness"].iloc[5:].max() < 0, "our replies got slow from week 6"
    assert i["engagement"].iloc[-1] == i["engagement"].min() < 0, "the client keeps getting quieter"
    assert i["median_reply_hours"].iloc[7:].max() > 48
    assert any("quiet" in r for rs in i["alert_reasons"] for r in rs)


def test_broken_promises_raise_alerts_that_name_each_commitment(weekly):
    u = _rel(weekly, "umbrella")
    reasons = [r for rs in u["alert_reasons"] for r in rs]
    assert "commitment 'we will send the full export by Jan 30' overdue 2 days" in reasons
    assert any(r.startswith("commitment 'the export will be ready by Feb 6' overdue")
               and r.endswith("client complained") for r in reasons)
    assert u["promises"].iloc[-1] <= -20
    assert u["overdue_commitments"].iloc[-1] == 4
    last = u["alert_reasons"].iloc[-1]
    assert any("unanswered > 48h" in r and "with frustration" in r for r in last)
    assert any(r.startswith("health −") and r.endswith("weeks") for r in reasons)


def test_final_ranking_matches_what_a_reader_of_the_emails_expects(weekly):
    final = _final(weekly)
    assert min(final["acme"], final["globex"]) >= 95
    assert final["globex"] > final["initech"] > final["umbrella"]
    assert final["umbrella"] < 30
    lowest = weekly.groupby("relationship")["health"].min()
    assert lowest["acme"] > lowest["globex"], "only globex went through an incident"


def test_alerts_fire_on_the_troubled_relationships_only(weekly):
    alerted = set(weekly.loc[weekly["alert"], "relationship"])
    assert alerted == {"globex", "initech", "umbrella"}
    per_rel = weekly.groupby("relationship")["alert"].sum()
    assert per_rel["umbrella"] > per_rel["initech"] > per_rel["globex"] >= 1


def test_drivers_point_at_the_messages_behind_the_dip(weekly):
    g = _rel(weekly, "globex")
    drivers = g.loc[g["health"].idxmin(), "drivers"]
    assert drivers[0]["component"] == "friction"
    assert drivers[0]["impact"] < 0
    assert "AGAIN" in drivers[0]["evidence"]
    assert any(d["component"] == "repair" and d["impact"] > 0 for d in drivers)
    ids = {d["message_id"] for d in drivers}
    assert all(isinstance(i, str) and i.startswith("globex-") for i in ids)
