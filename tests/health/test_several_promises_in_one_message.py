"""A message that makes two promises is tracked as two: each with its own words, due date and fate.

"I'll get the pallet audit to you by Thursday. Ines will ring you on Monday to go over it." owes
an audit by Thursday and a call on Monday. One plain reply in the thread ("Here you go.")
delivers one of them (the first), not both; a complaint that names the call breaks the call only.
A weak second span (below the commitment threshold) is no promise of its own.
"""

from __future__ import annotations

import pandas as pd
import pytest

import frictionscan as fs

pytestmark = pytest.mark.filterwarnings("error::frictionscan.errors.LeftOutWarning")

CALM = {s: 0.02 for s in fs.SIGNALS}
THURSDAY = "2025-03-06T16:00:00+00:00"
MONDAY = "2025-03-10T16:00:00+00:00"
AUDIT = "I'll get the pallet audit to you by Thursday."
CALL = "Ines will ring you on Monday to go over it."


def _msg(mid: str, when: str, direction: str, text: str, **signals: object) -> dict:
    return {"message_id": mid, "thread_id": "t1", "relationship": "acme", "channel": "email",
            "direction": direction, "status": "ok", "timestamp": pd.Timestamp(when, tz="UTC"),
            "text": text, "sender_name": "Dana" if direction == "outbound" else "Raj", **CALM, **signals}


def _spans(text: str, *promises: tuple[str, float, str | None]) -> list[dict]:
    """Commitment evidence for each ``(sentence, proba, due)`` of ``text`` (offsets found in it), as
    the scorer writes it: a span without a due date (``None``) carries no ``due``."""
    out = []
    for sentence, proba, due in promises:
        start = text.index(sentence)
        item = {"signal": "commitment", "start": start, "end": start + len(sentence), "text": sentence,
                "proba": proba}
        if due is not None:
            item["due"] = due
        out.append(item)
    return out


def _promise(call_proba: float = 0.93) -> dict:
    text = f"{AUDIT} {CALL}"
    return _msg("p", "2025-03-04 08:00", "outbound", text, commitment=0.97,
                commitment_due=pd.Timestamp(THURSDAY),
                evidence=_spans(text, (AUDIT, 0.97, THURSDAY),
                                (CALL, call_proba, MONDAY if call_proba >= 0.5 else None)))


def _rows(*later: dict, call_proba: float = 0.93) -> list[dict]:
    return [_msg("q", "2025-03-03 10:00", "inbound", "Could we get the pallet audit this week?"),
            _promise(call_proba), *later]


def test_two_promises_in_one_message_are_tracked_apart_with_their_own_due_dates():
    table = fs.commitments(pd.DataFrame(_rows()), now="2025-03-05")
    assert table["commitment_id"].tolist() == ["p#1", "p#2"]
    assert table["message_id"].tolist() == ["p", "p"]
    assert table["commitment"].tolist() == [AUDIT, CALL]
    assert table["due"].tolist() == [pd.Timestamp(THURSDAY), pd.Timestamp(MONDAY)]
    assert table["due_stated"].tolist() == [True, True]


def test_a_plain_reply_delivers_one_of_the_two_and_a_complaint_about_the_other_breaks_it():
    rows = _rows(_msg("h", "2025-03-05 15:00", "outbound", "Here you go."),
                 _msg("c", "2025-03-12 09:00", "inbound",
                      "Nobody rang us on Monday as promised. Really frustrating.",
                      frustration=0.9, unmet_expectation=0.8))
    table = fs.commitments(pd.DataFrame(rows), now="2025-03-14").set_index("commitment_id")
    assert table.loc["p#1", ["status", "resolved_by"]].tolist() == ["kept", "h"]
    assert table.loc["p#2", ["status", "resolved_by"]].tolist() == ["broken", "c"]
    health = fs.health(pd.DataFrame(rows), "W", now="2025-03-14")
    assert health["overdue_commitments"].iloc[-1] == 1
    assert any(CALL in r for r in health["alert_reasons"].iloc[-1])


def test_a_weak_second_promise_span_is_not_a_promise_of_its_own():
    table = fs.commitments(pd.DataFrame(_rows(call_proba=0.4)), now="2025-03-05")
    assert table["commitment_id"].tolist() == ["p#1"]
    assert table["due"].tolist() == [pd.Timestamp(THURSDAY)]


ADD = "Lena's team will load the depot codes tonight and they should show after tomorrow's sync."
REPORT_BACK = "I'll confirm once they're in."


@pytest.mark.parametrize("report_back", [REPORT_BACK, "I'll confirm afterwards."])
def test_a_promise_to_confirm_the_other_one_is_done_is_kept_with_it(report_back):
    # "I'll confirm once they're in." owes no thing of its own: the reply that reports the depot
    # codes loaded is that confirmation, so the message is one promise, kept by that reply
    text = f"{ADD} {report_back}"
    promise = _msg("p", "2025-03-04 08:00", "outbound", text, commitment=0.97,
                   evidence=_spans(text, (ADD, 0.9, None), (report_back, 0.97, None)))
    rows = [_msg("q", "2025-03-04 07:00", "inbound", "Could the depot codes be added to the route sync?"),
            promise,
            _msg("d", "2025-03-05 10:00", "outbound", "Confirmed: the depot codes are in the route table now.")]
    table = fs.commitments(pd.DataFrame(rows), now="2025-03-20")
    assert table["commitment_id"].tolist() == ["p#1"]
    assert table[["status", "resolved_by"]].values.tolist() == [["kept", "d"]]
    assert fs.health(pd.DataFrame(rows), "W", now="2025-03-20")["overdue_commitments"].iloc[-1] == 0


@pytest.mark.parametrize("attend", [
    "Ines will join your Monday huddle until the backlog is cleared.",
    "I'll also dial in to Thursday's review.",
    "Our planner will be on the call on Monday.",
])
def test_a_promise_to_be_at_a_meeting_beside_a_deliverable_is_not_tracked_on_its_own(attend):
    """Attendance is not a thing mail can show delivered: tracked alone, "will join your Monday
    huddle" would read as overdue every time; the audit is the promise."""
    text = f"{AUDIT} {attend}"
    row = _msg("p", "2025-03-04 08:00", "outbound", text, commitment=0.97,
               commitment_due=pd.Timestamp(THURSDAY),
               evidence=_spans(text, (AUDIT, 0.97, THURSDAY), (attend, 0.9, MONDAY)))
    table = fs.commitments(pd.DataFrame([row]), now="2025-03-05")
    assert table["commitment"].tolist() == [AUDIT]
    assert table["due"].tolist() == [pd.Timestamp(THURSDAY)]


# -- several promises in one turn of a call ----------------------------------------------------

EXPORT = "I'll send the corrected route export by Thursday."
INVOICE = "I'll also get you the credit note for March by Friday."
VISIT = "Ines will ring you on Monday to go over both."
FRIDAY = "2025-03-07T16:00:00+00:00"


def _turn(channel: str) -> list[dict]:
    text = f"{EXPORT} {INVOICE} {VISIT}"
    turn = _msg("p", "2025-03-04 10:01", "outbound", text, commitment=0.97, channel=channel,
                commitment_due=pd.Timestamp(THURSDAY),
                evidence=_spans(text, (EXPORT, 0.97, THURSDAY), (INVOICE, 0.95, FRIDAY), (VISIT, 0.92, MONDAY)))
    asked = _msg("q", "2025-03-04 10:00", "inbound",
                 "We are still waiting on the corrected route export and the March credit note.",
                 channel=channel)
    later = {**_msg("e", "2025-03-06 11:00", "outbound", "Hi Raj, the March credit note is attached."),
             "thread_id": "mail2"}
    return [asked, turn, later]


@pytest.mark.parametrize("channel", ["email", "transcript", "chat"])
def test_one_delivery_after_a_call_settles_only_the_promise_it_names_of_several_in_one_turn(channel):
    """Three promises in one turn of a call are three promises, as in mail: the credit note sent
    by email afterwards keeps the credit note, not the export or the Monday call made beside it
    (the turn's words and the client's question name a turn's single promise only)."""
    table = fs.commitments(pd.DataFrame(_turn(channel)), now="2025-03-20").set_index("commitment_id")
    assert table.loc["p#2", ["status", "resolved_by"]].tolist() == ["kept", "e"]
    assert table.loc[["p#1", "p#3"], "status"].tolist() == ["overdue", "overdue"]


# -- what is left once a report back or a meeting is set aside ---------------------------------

STANDUP = "Ines will sit in on your Tuesday stand-up until the backlog is cleared."
PLAN = "I will send you the recovery plan by Friday 7 March."
TUESDAY = "2025-03-04T16:00:00+00:00"


def test_a_deliverable_after_a_meeting_is_due_on_its_own_date_not_the_meetings():
    """"Ines will sit in on your Tuesday stand-up" comes first, so the message's commitment_due is
    Tuesday; the recovery plan promised beside it is due Friday, and sent on Friday it is on time."""
    text = f"I'm sorry about the delays. {STANDUP} {PLAN}"
    promise = _msg("p", "2025-03-03 14:00", "outbound", text, commitment=0.97,
                   commitment_due=pd.Timestamp(TUESDAY),
                   evidence=_spans(text, (STANDUP, 0.93, TUESDAY), (PLAN, 0.97, FRIDAY)))
    rows = [_msg("q", "2025-03-03 09:00", "inbound", "When do we get a recovery plan?"), promise,
            _msg("d", "2025-03-07 10:00", "outbound", "As promised, the recovery plan is attached.")]
    table = fs.commitments(pd.DataFrame(rows), now="2025-03-08")
    assert table[["commitment", "due", "status"]].values.tolist() == [[PLAN, pd.Timestamp(FRIDAY), "kept"]]
    health = fs.health(pd.DataFrame(rows), "D", now="2025-03-08")
    assert (health["overdue_commitments"] == 0).all()
    assert not any(health["alert_reasons"].map(len))


DEPOTS = "Our ops team will load the new depot codes today."
TODAY = "2025-03-04T17:00:00+00:00"


def test_a_promise_to_report_back_is_not_what_the_row_names_even_when_it_is_the_strongest_span():
    """"I'll confirm once they're in." is the surest sentence but owes no thing: the row, and the
    alert when nothing comes, name the depot codes."""
    text = f"{DEPOTS} {REPORT_BACK}"
    promise = _msg("p", "2025-03-04 08:00", "outbound", text, commitment=0.97,
                   commitment_due=pd.Timestamp(TODAY),
                   evidence=_spans(text, (DEPOTS, 0.9, TODAY), (REPORT_BACK, 0.97, None)))
    rows = [_msg("q", "2025-03-04 07:00", "inbound", "Could the depot codes be added to the route sync?"),
            promise]
    table = fs.commitments(pd.DataFrame(rows), now="2025-03-20")
    assert table[["commitment_id", "commitment", "status"]].values.tolist() == [["p#1", DEPOTS, "overdue"]]
    reasons = fs.health(pd.DataFrame(rows), "W", now="2025-03-20")["alert_reasons"].iloc[-1]
    assert any(DEPOTS in r for r in reasons)
    assert not any(REPORT_BACK in r for r in reasons)


# -- explaining two broken promises from the health table --------------------------------------

LOG = "I'll send the damage log by Friday."


def _two_broken() -> pd.DataFrame:
    text = f"{AUDIT} {LOG}"
    promise = _msg("p", "2025-03-04 08:00", "outbound", text, commitment=0.97,
                   commitment_due=pd.Timestamp(THURSDAY),
                   evidence=_spans(text, (AUDIT, 0.97, THURSDAY), (LOG, 0.96, FRIDAY)))
    return pd.DataFrame([
        _msg("q", "2025-03-03 10:00", "inbound", "Can we have the pallet audit and the damage log?"),
        promise,
        _msg("c", "2025-03-12 09:00", "inbound",
             "Still no pallet audit and no damage log. This is unacceptable.",
             frustration=0.9, unmet_expectation=0.8)])


def test_explaining_from_the_health_table_keeps_each_broken_promise_apart_from_the_pattern():
    """Both promises of the message are broken; the pattern of broken promises is listed in the
    drivers on the first one (same commitment_id), but it is a line of its own: from the weekly
    table the explanation lists each promise and the pattern as it does from the scores."""
    scored = _two_broken()
    assert fs.commitments(scored, now="2025-03-14")["status"].tolist() == ["broken", "broken"]
    weekly = fs.health(scored, "W", now="2025-03-14")

    def promise_lines(ex: fs.Explanation) -> dict[str, float]:
        m = ex.messages[ex.messages["component"] == "promises"]
        return {r.split(" (")[0].split(" overdue")[0]: i
                for r, i in zip(m["reason"], m["impact"], strict=True)}

    from_table = promise_lines(fs.explain(weekly, "acme", "2025-03-01", "2025-03-14"))
    from_scores = promise_lines(fs.explain(scored, "acme", "2025-03-01", "2025-03-14", now="2025-03-14"))
    assert sorted(from_table) == [f"commitment '{AUDIT}'", f"commitment '{LOG}'",
                                  "pattern of broken promises"]
    # (the table's drivers are rounded to 0.1 point per week)
    assert from_table == pytest.approx(from_scores, abs=0.2)
