"""QA pass 12: fs.explain gives fs.health's score on every period, the last unfinished one too."""

from __future__ import annotations

import pytest
from health_stories import story

import frictionscan as fs
from frictionscan.aggregate import explain

# 2026-01-05 is a Monday; the last message is on Wednesday 14 January
LOGIN_DOWN = """
d1  08:15 in  t1 Our users cannot log in to the portal since this morning. | frustration=.8
d1  08:55 out t1 Sorry for the disruption. [[We'll have the login restored within 2 hours]]. | apology=.9 commitment=.9 due=d1@10:55
d1  09:05 in  t1 Got it, thanks! | appreciation=.9
d9  09:00 in  t2 Unrelated question: can you add a second admin user?
"""


def test_explain_matches_health_on_the_last_unfinished_period():
    # the last message is on Wednesday 14 January: health's last row (labelled Sunday the 18th)
    # is evaluated then, and explain to that Sunday must give the same score and overdue age
    s = story("northgate", LOGIN_DOWN)
    weekly = fs.health(s, freq="W")
    last = weekly.iloc[-1]
    assert f"{last['period']:%Y-%m-%d}" == "2026-01-18"
    ex = explain(s, "northgate", "2026-01-04", "2026-01-18")
    assert ex.health_end == pytest.approx(last["health"], abs=0.05)
    promise = ex.messages[ex.messages["component"] == "promises"]["reason"].iloc[0]
    assert "overdue 8 days" in promise
    # every earlier period end matches too
    for period, health in weekly[["period", "health"]].itertuples(index=False):
        assert explain(s, "northgate", "2026-01-04", f"{period:%Y-%m-%d}").health_end == \
            pytest.approx(health, abs=0.05)


def test_explain_takes_health_now_and_says_which_moment_it_scored():
    s = story("northgate", LOGIN_DOWN)
    at_now = fs.health(s, freq="W", now="2026-01-18").iloc[-1]
    ex = explain(s, "northgate", "2026-01-04", "2026-01-18", now="2026-01-18")
    assert ex.health_end == pytest.approx(at_now["health"], abs=0.05)
    # without now, the end is the latest message, and the explanation names that day
    assert f"{explain(s, 'northgate', '2026-01-04', '2026-01-18').end:%Y-%m-%d}" == "2026-01-14"
