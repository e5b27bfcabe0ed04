"""Specification of each signal's hard cases, checked against the shipped model.

Each row of ``hard_cases.tsv`` (sentences written for these tests) says whether the signal must
be flagged at the default ``balanced`` sensitivity, by both shipped tiers (``fast``, the default,
and ``accurate``). Rows listed in ``KNOWN_FAILURES`` are documented misses of a tier (see
models/MODEL_CARD.md); they are strict xfails, so a model that starts getting them right makes the
suite say so.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from frictionscan.detect.score import score

ROWS = list(csv.DictReader((Path(__file__).parent / "hard_cases.tsv").open(encoding="utf-8"), delimiter="\t"))

#: per tier, (signal, text) pairs the shipped model is known to get wrong
KNOWN_FAILURES: dict[str, set[tuple[str, str]]] = {
    "fast": set(),  # the typo case passes since cue-word typo mapping
    # ownership without "sorry" in an idiom: 0.19 against its threshold (thirteenth session)
    "accurate": {("apology", "We dropped the ball here and I want to make it right.")},
}
TIERS = tuple(KNOWN_FAILURES)


def _params():
    for tier in TIERS:
        for r in ROWS:
            marks = []
            if (r["signal"], r["text"]) in KNOWN_FAILURES[tier]:
                marks.append(pytest.mark.xfail(strict=True, reason=f"documented miss of the {tier} tier"))
            verb = "flags" if r["expected"] == "1" else "does_not_flag"
            yield pytest.param(tier, r["signal"], r["expected"] == "1", r["text"], marks=marks,
                               id=f"{tier}-{r['signal']}-{verb}-{r['note'].replace(' ', '_')[:40]}-{r['text'][:25]}")


@pytest.fixture(scope="module")
def scored(model):
    texts = sorted({r["text"] for r in ROWS})
    return {tier: score(pd.DataFrame({"text": texts}), model=model if tier == "fast" else tier).set_index("text")
            for tier in TIERS}


@pytest.mark.parametrize(("tier", "signal", "expected", "text"), list(_params()))
def test_hard_case(scored, tier, signal, expected, text):
    row = scored[tier].loc[text]
    assert bool(row[f"{signal}_flag"]) is expected, f"{signal}={row[signal]:.3f} for {text!r}"


def test_hard_cases_are_not_in_the_authored_training_sentences():
    from frictionscan.paths import project_root

    trained = set()
    for path in (project_root() / "data" / "training").glob("authored_*.tsv"):
        for line in path.read_text(encoding="utf-8").split("\n")[1:]:
            trained.add(line.split("\t")[0].strip().lower())
    assert not [r["text"] for r in ROWS if r["text"].strip().lower() in trained]


def test_saying_a_date_cannot_be_met_is_not_a_promise_and_the_later_date_is_the_due_one():
    """QA13: "We will not be able to deliver by Friday." was a tracked promise due Friday."""
    texts = ["We will not be able to deliver by Friday.",
             "We won't be able to deliver by Friday, but I will send it Monday.",
             "We are unable to meet the Friday deadline; we'll deliver on Monday by noon."]
    out = score(pd.DataFrame({"text": texts, "timestamp": pd.Timestamp("2026-03-02 09:00", tz="UTC")}))
    assert not out.loc[0, "commitment_flag"] and pd.isna(out.loc[0, "commitment_due"])
    assert out.loc[1:, "commitment_flag"].all()
    assert out.loc[1, "commitment_due"] == pd.Timestamp("2026-03-09 17:00", tz="UTC")
    assert out.loc[2, "commitment_due"] == pd.Timestamp("2026-03-09 12:00", tz="UTC")


@pytest.mark.parametrize(("text", "due"), [
    ("I can't make the call on Thursday, so I'll send you the deck by Friday instead.", "2026-03-06 17:00"),
    ("We are unable to ship today and will deliver on Monday instead.", "2026-03-09 17:00"),
    ("We're not able to fix it remotely, so we will send an engineer on Monday.", "2026-03-09 17:00"),
    ("I can't get to it today, I'll have it to you by Wednesday.", "2026-03-04 17:00"),
    ("I can't promise Friday, but we will send the draft on Monday.", "2026-03-09 17:00"),
])
def test_a_promise_after_saying_what_cannot_be_done_is_still_a_promise_with_its_own_date(text, due):
    """Review 9 #1: the 'cannot' veto ran to the end of the sentence and swallowed the promise
    that followed 'so', 'and' or a comma."""
    out = score(pd.DataFrame({"text": [text], "timestamp": pd.Timestamp("2026-03-02 09:00", tz="UTC")}))
    assert out.loc[0, "commitment_flag"]
    assert out.loc[0, "commitment_due"] == pd.Timestamp(due, tz="UTC")
