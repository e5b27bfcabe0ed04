"""The relationship stories read the way a person reading the emails would expect."""

from __future__ import annotations

import pandas as pd
from health_stories import stories, story

import frictionscan as fs


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


# -- a pattern of broken promises weighs longer than a single late one -------------------------
# Both clients report the same problem on day 1 and get a dated fix. ``hooli`` hears three dates
# in a row, each missed and complained about, before the fix lands on d17; ``stark`` hears one
# date, complains once when it slips, and gets the fix on d8. Then nine calm weeks for both.

_CALM = """
d{a} 10:00 in  c{a} Could you send the weekly usage numbers?
d{a} 13:00 out c{a} Attached, have a good week.
d{b} 09:00 in  c{a} Thanks. | appreciation=.75
"""
_CALM_WEEKS = "".join(_CALM.format(a=d, b=d + 1) for d in range(22, 80, 7))

HOOLI = """
d1  10:00 in  t1  The sync drops the night shift records, please fix.
d1  15:00 out t1  Sorry about that, [[we will have a fix by Friday]]. | apology=.8 commitment=.9 due=d4
d7  09:00 in  t1  Friday came and went and the records are still missing. | unmet_expectation=.9 frustration=.6
d7  14:00 out t1  Apologies, [[the fix will be live by Wednesday]]. | apology=.85 commitment=.9 due=d9
d11 09:00 in  t1  Another missed date, still no fix. | frustration=.9 unmet_expectation=.9 blame=.6
d11 15:00 out t1  I am sorry, [[engineering will deploy it by Monday]]. | apology=.9 commitment=.9 due=d14
d16 09:00 in  t1  Monday passed too. We have stopped counting your dates. | frustration=.9 unmet_expectation=.9 blame=.7
d17 10:00 out t1  The fix is deployed, the night shift records are back.
""" + _CALM_WEEKS

STARK = """
d1  10:00 in  t1  The sync drops the night shift records, please fix.
d1  15:00 out t1  Sorry about that, [[we will have a fix by Friday]]. | apology=.8 commitment=.9 due=d4
d7  09:00 in  t1  Friday came and went and the records are still missing. | unmet_expectation=.9 frustration=.6
d8  10:00 out t1  The fix is deployed, the night shift records are back.
""" + _CALM_WEEKS


def test_a_pattern_of_broken_promises_keeps_weighing_long_after_a_single_late_one_recovers():
    scored = stories(story("hooli", HOOLI), story("stark", STARK))
    weekly = fs.health(scored, "W", now="2026-03-29 23:00")
    hooli, stark = _rel(weekly, "hooli"), _rel(weekly, "stark")
    # nine weeks after the fix, the single late (then kept) promise is forgiven...
    assert stark["health"].iloc[-1] >= 95
    # ...the string of three broken promises is not, although its friction has faded
    assert hooli["friction"].iloc[-1] > -1
    assert hooli["promises"].iloc[-1] <= -10
    assert hooli["health"].iloc[-1] <= stark["health"].iloc[-1] - 10
    assert (hooli["health"].iloc[3:] < stark["health"].iloc[3:]).all()
    # it still recovers, slowly: trust fades, it is not a life sentence
    assert hooli["health"].iloc[-1] >= hooli["health"].min() + 20
    # explain names the pattern and the promises behind it
    ex = fs.explain(scored, "hooli", "2026-02-15", "2026-03-29")
    pattern = ex.messages[ex.messages["reason"].str.startswith("pattern of broken promises")]
    assert len(pattern) == 3
