"""One sentence may coordinate two promises with their own due dates: each is its own promise.

"I'll send the corrected invoice on Monday and the revised plan by Friday" owes an invoice on
Monday and a plan on Friday. The scorer writes one commitment evidence span per promise, each
with its own ``due``; the commitments table then tracks them apart, so the invoice can be kept
on time while the plan is broken. A range ("between Monday and Wednesday"), a fact after the
promise ("and the review is on Tuesday") or an apology for a missed day before it stays one
promise.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

import frictionscan as fs
from frictionscan.detect.dates import dated_clauses

MONDAY_9AM = datetime(2026, 11, 23, 9, 0)


def _parts(sentence: str) -> list[str]:
    return [sentence[a:b] for a, b in dated_clauses(sentence, MONDAY_9AM)]


@pytest.mark.parametrize(("sentence", "promises"), [
    ("I'll send the corrected invoice on Wednesday and the revised plan by Friday.",
     ["I'll send the corrected invoice on Wednesday", "the revised plan by Friday."]),
    ("We'll ship on the 3rd and install on the 5th.", ["We'll ship on the 3rd", "install on the 5th."]),
    ("I will call you tomorrow and send the report by Friday.",
     ["I will call you tomorrow", "send the report by Friday."]),
    ("I'll send the invoice Tuesday, the plan Wednesday and the deck Friday.",
     ["I'll send the invoice Tuesday", "the plan Wednesday", "the deck Friday."]),
    ("I'll send it by Tuesday and Sam will call you on Thursday to go through it.",
     ["I'll send it by Tuesday", "Sam will call you on Thursday to go through it."]),
    ("I'll send the plan Tuesday and the deck and slides Friday.",
     ["I'll send the plan Tuesday", "the deck and slides Friday."]),
])
def test_coordinated_promises_with_their_own_dates_are_split(sentence, promises):
    assert _parts(sentence) == promises


@pytest.mark.parametrize("sentence", [
    "I'll call between Tuesday and Thursday.",                    # a range: one promise
    "I'll send it Tuesday and the review is on Thursday.",         # a fact after the promise
    "Sorry we missed Monday, and I'll send it Friday.",            # only the second part promises
    "I'll send the plan by Friday and confirm once it's there.",   # the second part has no date
    "I'll send it Friday, the day after the review on Thursday.",  # an apposition, not a list
    "The invoice went out Monday and the plan went out Tuesday.",  # no promise at all
])
def test_a_sentence_with_one_promise_is_not_split(sentence):
    assert _parts(sentence) == []


SENTENCE = "I'll send the corrected invoice on Monday and the revised project plan by Friday."


def _thread() -> pd.DataFrame:
    return pd.DataFrame({
        "message_id": ["m1", "m2", "m3"], "thread_id": "t", "relationship": "acme", "status": "ok",
        "direction": ["outbound", "outbound", "inbound"],
        "timestamp": pd.to_datetime(["2026-01-05 10:00", "2026-01-12 10:00", "2026-01-19 09:00"], utc=True),
        "text": [f"Sorry about the delay. {SENTENCE}", "Here is the corrected invoice, attached.",
                 "Where is the revised plan? It's now Monday and nothing has arrived."]})


def test_the_scorer_gives_each_promise_its_own_span_and_due_date():
    out = fs.score(_thread())
    spans = [e for e in out.loc[0, "evidence"] if e["signal"] == "commitment"]
    assert [(e["text"], e["due"]) for e in spans] == [
        ("I'll send the corrected invoice on Monday", "2026-01-12T17:00:00+00:00"),
        ("the revised project plan by Friday.", "2026-01-09T17:00:00+00:00")]
    text = out.loc[0, "text"]
    assert all(text[e["start"]:e["end"]] == e["text"] for e in spans)
    assert out.loc[0, "commitment_due"] == pd.Timestamp("2026-01-12 17:00", tz="UTC")  # the first in text order
    starts = [e["start"] for e in out.loc[0, "evidence"]]
    assert starts == sorted(starts)


def test_the_invoice_is_kept_on_time_and_the_plan_is_broken():
    table = fs.commitments(fs.score(_thread()), now="2026-01-20").set_index("commitment_id")
    assert table.loc["m1#1", ["status", "resolved_by"]].tolist() == ["kept", "m2"]
    assert table.loc["m1#2", ["status", "resolved_by"]].tolist() == ["broken", "m3"]


def test_one_reply_that_reports_both_done_delivers_both_even_without_a_determiner():
    # "credit note CN-2504-17 is issued" names the promised credit note although no "the" or "a"
    # precedes it, so the reply is not "a report of another thing" for that promise
    rows = pd.DataFrame({
        "message_id": ["p", "d"], "thread_id": "t", "relationship": "acme", "status": "ok",
        "direction": "outbound",
        "timestamp": pd.to_datetime(["2025-04-07 08:05", "2025-04-07 15:00"], utc=True),
        "text": ["You're right, and I'm sorry for the mix-up. I'll issue a credit note today and send the "
                 "corrected statement by tomorrow noon.",
                 "Annika: credit note CN-2504-17 is issued for the duplicate line, and the corrected April "
                 "statement is attached."]})
    table = fs.commitments(fs.score(rows), now="2025-04-10").set_index("commitment_id")
    assert table["status"].to_dict() == {"p#1": "kept", "p#2": "kept"}
    assert set(table["resolved_by"]) == {"d"}


def test_a_hostile_run_of_coordinated_dates_is_not_split_and_costs_little():
    import time

    sentence = "I'll send the plan Monday" + " and the deck Friday" * 20_000 + "."
    start = time.process_time()
    assert dated_clauses(sentence, MONDAY_9AM) == []
    assert time.process_time() - start < 1.0  # (reading every cut's prefix again would take minutes)
