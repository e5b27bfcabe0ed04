"""Ownership phrases read with their subject: "we messed up" owns a fault, "you guys messed up" blames."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frictionscan.detect.model import SignalModel, _Analyzer
from frictionscan.detect.patterns import load_lexicon


def _cues(text: str, *, subject_cues: bool = True) -> list[str]:
    return sorted(g for g in _Analyzer(2, True, None, subject_cues=subject_cues)(text) if g.startswith("__cue_"))


@pytest.mark.parametrize("text", [
    "You guys messed up the order again.",
    "I think your courier dropped the ball on this one.",
    "They got it wrong twice.",
    "You need to take full responsibility for this.",
])
def test_a_fault_phrase_after_the_other_side_gives_the_blame_cue_not_the_apology_cue(text):
    assert "__cue_apology__" not in _cues(text)
    assert "__cue_blame__" in _cues(text)
    assert "__cue_apology__" in _cues(text, subject_cues=False)  # what the phrase gave before


@pytest.mark.parametrize("text", [
    "We messed up the order, sorry.",
    "Honestly I dropped the ball here.",
    "Our team got it wrong.",
    "We take full responsibility.",
    "The order got messed up somewhere.",  # no subject: as before
    "You were right and we made a mistake.",  # the nearest subject is ours
])
def test_a_fault_phrase_after_the_writer_side_or_no_subject_keeps_the_apology_cue(text):
    assert "__cue_apology__" in _cues(text)


def test_one_owned_occurrence_keeps_the_apology_cue():
    assert "__cue_apology__" in _cues("you messed up the labels and we messed up the invoice")


_WORDS = ["you", "we", "i", "they", "guys", "your", "our", "the", "order", "messed", "up", "dropped", "ball",
          "made", "a", "mistake", "sorry", "again", "team", "it", "got", "wrong", "thanks"]


@given(st.lists(st.sampled_from(_WORDS), max_size=14))
def test_only_the_listed_phrases_ever_change_their_features(words):
    text = " ".join(words)
    on = _Analyzer(2, True, None, subject_cues=True)(text)
    off = _Analyzer(2, True, None)(text)
    phrases = load_lexicon()["apology"]["subject_phrases"]
    if not any(p in text for p in phrases):
        assert on == off
    else:  # a swap of one cue token for another, never more or fewer features
        assert len(on) == len(off)
        assert set(on) ^ set(off) <= {"__cue_apology__", "__cue_blame__"}


def test_subject_cues_is_off_by_default_and_an_older_model_file_loads_without_it(model):
    assert SignalModel().subject_cues is False
    state = model.__getstate__()
    state.pop("subject_cues", None)  # as pickled before the option existed
    old = type(model).__new__(type(model))
    old.__setstate__(pickle.loads(pickle.dumps(state)))
    assert old.subject_cues is False
    off = type(model).__new__(type(model))
    off.__setstate__(pickle.loads(pickle.dumps({**state, "subject_cues": False})))
    text = ["You guys messed up the order again."]
    assert old.predict_proba(text) == pytest.approx(off.predict_proba(text))
    if model.subject_cues:  # the shipped model reads the subject: the option changes its reading
        assert old.predict_proba(text) != pytest.approx(model.predict_proba(text))
