"""fs.explain: why did the score move between two dates, component by component, message by message."""

from __future__ import annotations

import pytest

import frictionscan as fs
from frictionscan.aggregate import Explanation, explain
from frictionscan.errors import ColumnsError, InvalidOptionError


def test_explaining_the_dip_puts_friction_and_the_angry_email_first(globex):
    ex = explain(globex, "globex", "2026-02-01 23:00", "2026-02-08 23:00")
    assert isinstance(ex, Explanation) and ex.complete
    assert ex.change < -10
    assert ex.components["component"].iloc[0] == "friction"
    assert ex.components["change"].iloc[0] < 0
    top = ex.messages.iloc[0]
    assert top["component"] == "friction" and top["message_id"] == "globex-10@mail"
    assert (ex.messages["impact"].abs().diff().dropna() <= 1e-9).all(), "ordered by impact"
    repair = ex.messages[ex.messages["component"] == "repair"]
    assert repair["impact"].gt(0).all() and "globex-12@mail" in set(repair["message_id"])


def test_explaining_the_recovery_shows_friction_fading(globex):
    ex = explain(globex, "globex", "2026-02-08 23:00", "2026-03-08 23:00")
    assert ex.change > 10
    fr = ex.components.set_index("component")["change"]
    assert fr["friction"] > 0 and fr["repair"] < 0


def test_component_changes_add_up_to_the_health_change(umbrella):
    ex = explain(umbrella, "umbrella", "2026-01-20", "2026-02-20")
    assert ex.components["change"].sum() == pytest.approx(ex.health_end - ex.health_start, abs=0.1)
    promise_msgs = ex.messages[ex.messages["component"] == "promises"]
    assert promise_msgs["impact"].sum() == pytest.approx(
        ex.components.set_index("component").loc["promises", "change"], abs=0.1)
    assert "overdue" in promise_msgs["reason"].iloc[0]


def test_explain_from_a_health_table_uses_its_drivers(weekly):
    ex = fs.explain(weekly, "globex", "2026-02-01 23:59", "2026-02-08 23:59:59")
    assert not ex.complete
    assert ex.components["component"].iloc[0] == "friction"
    assert ex.messages["message_id"].iloc[0] == "globex-10@mail"
    assert "globex" in str(ex) and "friction" in str(ex)
    # whole weeks are compared, and the header names them, not the dates asked for
    mid = fs.explain(weekly, "globex", "2026-01-28", "2026-02-04")  # a Wednesday to a Wednesday
    assert "between 2026-02-01 and 2026-02-08" in str(mid)


def test_explain_misuse_says_what_to_do(globex, weekly):
    with pytest.raises(InvalidOptionError, match="swap"):
        explain(globex, "globex", "2026-03-01", "2026-02-01")
    with pytest.raises(InvalidOptionError, match=r"known relationships include \['globex'\]"):
        explain(globex, "nobody", "2026-01-01", "2026-02-01")
    # a window before the relationship's first message names that message's date (it said "[]")
    with pytest.raises(InvalidOptionError, match="its first message is on 2026-"):
        explain(globex, "globex", "2025-01-01", "2025-02-01")
    with pytest.raises(ColumnsError):
        explain(globex[["message_id"]], "globex", "2026-01-01", "2026-02-01")
    with pytest.raises(InvalidOptionError, match="not in this health table"):
        explain(weekly, "nobody", "2026-01-01", "2026-02-01")


def test_a_bare_date_means_the_end_of_that_day_like_the_weekly_rows():
    import pandas as pd

    from frictionscan.schemas import SIGNALS

    calm = {s: 0.02 for s in SIGNALS}

    def msg(i, when, **signals):
        return {"message_id": f"m{i}", "thread_id": "t", "relationship": "acme",
                "direction": "inbound", "timestamp": pd.Timestamp(when, tz="UTC"),
                "text": "...", **calm, **signals}

    scored = pd.DataFrame([
        msg(1, "2026-01-05 09:00"),                                   # Monday
        msg(2, "2026-01-11 14:00", frustration=0.97, unmet_expectation=0.9),  # Sunday afternoon
        msg(3, "2026-01-20 09:00"),  # so the week of the 11th is complete in the weekly table
    ])
    weekly = fs.health(scored, freq="W").set_index("period")
    sunday = weekly.loc["2026-01-11", "health"]
    ex = explain(scored, "acme", "2026-01-05", "2026-01-11")
    assert ex.health_end == pytest.approx(sunday, abs=0.05)  # the Sunday message counts
    assert "m2" in set(ex.messages["message_id"])
    assert f"{ex.end:%Y-%m-%d}" == "2026-01-11"  # shown as asked, evaluated at its end
    # a time of day is a moment: Sunday 00:00 is before the angry message
    before = explain(scored, "acme", "2026-01-05 00:00", "2026-01-11 00:00")
    assert before.health_end > sunday + 5


def test_the_no_messages_error_names_the_end_as_asked(globex):
    # a bare date is the end of that day, so the message must not name the next day
    with pytest.raises(InvalidOptionError, match=r"up to the end of 2026-02-01;"):
        explain(globex, "nobody", "2026-01-01", "2026-02-01")
    with pytest.raises(InvalidOptionError, match=r"up to 2026-02-01 12:30 UTC;"):
        explain(globex, "nobody", "2026-01-01", "2026-02-01 12:30")


def test_printing_an_explanation_never_sends_escape_sequences_from_mail_to_the_terminal(globex):
    hostile = globex.copy()
    k = hostile.index[hostile["message_id"] == "globex-10@mail"][0]
    hostile.loc[k, "text"] = "This is broken \x1b[31magain\x1b[0m \x1b]0;pwned\x07 and \u202eevil\u202c."
    hostile["evidence"] = [[] for _ in range(len(hostile))]
    printed = str(explain(hostile, "globex", "2026-02-01 23:00", "2026-02-08 23:00"))
    assert "broken" in printed and "pwned" in printed  # the words stay, as text
    assert not any(ch in printed for ch in "\x1b\x07\u202e\u202c")
