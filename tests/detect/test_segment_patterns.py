"""Sentence splitting and the cue/veto patterns."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frictionscan.detect.patterns import PatternSet
from frictionscan.schemas import SIGNALS
from frictionscan.segment import sentences, split_sentences

HARD = [r["text"] for r in csv.DictReader((Path(__file__).parent / "hard_cases.tsv").open(encoding="utf-8"), delimiter="\t")]


def test_sentences_end_at_punctuation_and_line_breaks():
    assert sentences("Hi Ana,\nStill waiting!! Can you check? Thanks.") == ["Hi Ana,", "Still waiting!!", "Can you check?", "Thanks."]


def test_abbreviations_initials_and_decimals_do_not_split():
    assert sentences("Mr. Li sent v2.5 e.g. yesterday at 3.30 p.m. today. J. Doe agreed.") == [
        "Mr. Li sent v2.5 e.g. yesterday at 3.30 p.m. today.", "J. Doe agreed."]


def test_ellipsis_and_closing_quotes_end_a_sentence():
    assert sentences('He said "fine." Then nothing… Again?!') == ['He said "fine."', "Then nothing…", "Again?!"]


def test_non_strings_and_blank_text_have_no_sentences():
    assert split_sentences(None) == [] and split_sentences(" \n\t ") == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*"ab .!?…\n\t\"')", "Mr.", "e.g.", "J.", "😠", "İ"]), max_size=60).map("".join))
def test_sentence_spans_are_ordered_disjoint_stripped_and_cover_all_non_space_text(text):
    spans = split_sentences(text)
    prev = 0
    covered = np.zeros(len(text), bool)
    for s, e in spans:
        assert prev <= s < e <= len(text)
        assert not text[s].isspace() and not text[e - 1].isspace()
        covered[s:e] = True
        prev = e
    assert all(covered[i] or ch.isspace() for i, ch in enumerate(text))


def _sig(name):
    return SIGNALS.index(name)


def test_veto_caps_formulaic_look_alikes_but_not_real_signals():
    ps = PatternSet.default()
    _, _, caps = ps.scan(["Sorry to bother you.", "We're sorry to bother you, that delay was our mistake and we apologise.",
                          "Thanks,", "Thanks so much for the fix!", "We'll look into it."])
    assert caps[0, _sig("apology")] < 0.5
    assert caps[1, _sig("apology")] == 1.0  # a real apology cue outside the veto lifts the cap
    assert caps[2, _sig("appreciation")] < 0.5
    assert caps[3, _sig("appreciation")] == 1.0
    assert caps[4, _sig("commitment")] < 0.5


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(HARD) | st.text(max_size=60), min_size=1, max_size=8))
def test_trigger_gating_gives_the_same_matches_as_running_every_pattern(texts):
    ps = PatternSet.default()
    gated = ps.scan(texts)
    full = ps.scan(texts, gate=False)
    for a, b in zip(gated, full, strict=False):
        np.testing.assert_array_equal(a, b)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(HARD) | st.text(max_size=60), min_size=1, max_size=8))
def test_veto_trigger_gate_gives_the_same_caps_as_running_every_veto(texts):
    ps = PatternSet.default()
    fast = ps.caps(texts, np.ones((len(texts), len(SIGNALS)), bool))
    np.testing.assert_array_equal(fast, ps.scan(texts, gate=False)[2])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from([t.lower() for t in HARD]) | st.text(alphabet="abinotsry '’,.!?\n", max_size=60),
                min_size=1, max_size=8).map("\n".join))
def test_factored_alternations_match_exactly_like_the_plain_alternation(text):
    import re

    from frictionscan.detect.patterns import _FLAGS, _one_line, load_lexicon

    ps = PatternSet.default()
    lex = load_lexicon()
    for sig in SIGNALS:
        plain = re.compile("|".join(f"(?:{_one_line(p)})" for p in lex[sig]["cues"]), _FLAGS)
        assert [m.span() for m in ps.cues[sig].finditer(text)] == [m.span() for m in plain.finditer(text)]
        plain = re.compile("|".join(f"(?:{_one_line(v['pattern'])})" for v in lex[sig]["vetoes"]), _FLAGS)
        assert [m.span() for m in ps.any_veto[sig].finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_only_boundary_led_sequences_are_factored():
    from frictionscan.detect.patterns import _alternation, _starts_with_boundary

    assert _starts_with_boundary(r"\bfoo\b") and _starts_with_boundary(r"\b(?:a|b)c")
    assert not _starts_with_boundary(r"\bfoo|\bbar") and not _starts_with_boundary(r"\bthx\b|\bty\b")  # top-level |
    assert not _starts_with_boundary(r"^\s*sorry") and not _starts_with_boundary(r"\\bx")
    assert _alternation([r"\ba", r"\bb|c", r"\bd", r"\be"]) == r"\b(?:(?:a))|(?:\bb|c)|\b(?:(?:d)|(?:e))"


def test_boundary_led_cues_with_inner_groups_are_factored():
    from frictionscan.detect.patterns import _starts_with_boundary

    assert _starts_with_boundary(r"\bstill (?:waiting|haven't)\b") and _starts_with_boundary(r"\b(?:i|we) (?:will|shall)\b")
    # a "|" that is escaped or inside a character class is not an alternation
    assert _starts_with_boundary(r"\ba\|b") and _starts_with_boundary(r"\b[|]b") and _starts_with_boundary(r"\b[]|]b")
    assert not _starts_with_boundary(r"\b[a]|b") and not _starts_with_boundary(r"\b\\|b")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", " ", "|", "(", ")", "(?:", "[", "]", "^", "\\b", "\\|", "?", "*"]),
                max_size=10).map("".join),
       st.lists(st.text(alphabet="ab |", max_size=12), min_size=1, max_size=5))
def test_a_pattern_judged_boundary_led_matches_like_its_factored_form(rest, texts):
    import re
    import warnings

    from frictionscan.detect.patterns import _starts_with_boundary

    pattern = "\\b" + rest
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # "possible nested set" on random classes
        try:
            plain = re.compile(pattern)
        except re.error:
            return
        if _starts_with_boundary(pattern):
            factored = re.compile("\\b(?:" + rest + ")")
            for t in texts:
                assert [m.span() for m in plain.finditer(t)] == [m.span() for m in factored.finditer(t)]


def test_a_hard_wrapped_line_does_not_end_the_sentence():
    text = ("I'm sorry. The full fix will be\nready by Friday 28 February.\n"
            "Our colleague Lena Fischer in Berlin will be your day-to-day support\n"
            "Contact from March, in German if you prefer.")
    assert sentences(text) == [
        "I'm sorry.",
        "The full fix will be\nready by Friday 28 February.",
        "Our colleague Lena Fischer in Berlin will be your day-to-day support\n"
        "Contact from March, in German if you prefer.",
    ]


def test_greetings_signature_lines_bullets_and_blank_lines_still_break():
    text = "Hi Ana\nThe export is late.\n- item one\n- item two\n\nthanks\nPriya Raman\nAccount Manager"
    assert sentences(text) == ["Hi Ana", "The export is late.", "- item one", "- item two", "thanks",
                               "Priya Raman", "Account Manager"]


@pytest.mark.parametrize(("text", "sentences"), [
    ("Mr. Smith will send it by Fri. We are sorry.", ["Mr. Smith will send it by Fri.", "We are sorry."]),
    ("It arrives at 10 a.m. Please confirm.", ["It arrives at 10 a.m.", "Please confirm."]),
    ("We have apples, pears etc. Thanks!", ["We have apples, pears etc.", "Thanks!"]),
    # ... but a date, a time or a name after the abbreviation goes on
    ("We will send it by Fri. at noon.", ["We will send it by Fri. at noon."]),
    ("See you on Fri. 7 March then.", ["See you on Fri. 7 March then."]),
    ("Acme Inc. Marketing signed off.", ["Acme Inc. Marketing signed off."]),
    ("Dr. Who said hi.", ["Dr. Who said hi."]),
])
def test_a_day_time_or_etc_abbreviation_ends_the_sentence_when_a_new_one_starts(text, sentences):
    assert [text[a:b] for a, b in split_sentences(text)] == sentences
