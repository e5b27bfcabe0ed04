"""Misspelt cue words: the generated map, and what the model makes of a typo."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frictionscan.detect.patterns import load_lexicon
from frictionscan.detect.typos import (
    build_typo_map,
    cue_words,
    english_variants,
    load_typo_map,
    one_slip,
)


def _osa_distance(a: str, b: str) -> int:
    """Optimal string alignment distance (edits plus adjacent swaps), for checking one_slip."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=9))
def test_every_variant_is_exactly_one_slip_away(word):
    variants = one_slip(word)
    assert word not in variants
    assert all(_osa_distance(word, v) == 1 for v in variants)


def test_real_words_cue_words_and_ambiguous_slips_are_never_corrected():
    mapping = build_typo_map(["abcdef", "abcdeg", "thanks"], is_word={"thanks", "tanks"}.__contains__)
    assert mapping["thnks"] == "thanks"
    assert "tanks" not in mapping  # an English word
    assert "abcdeg" not in mapping  # a cue word itself, though one slip from another
    assert "abcdex" not in mapping  # one slip from two cue words: ambiguous
    assert mapping["abcdf"] == mapping["abcdefx"] == mapping["bacdef"] == "abcdef"  # drop, add, swap


def test_the_shipped_file_is_what_the_builder_makes_from_the_shipped_lexicon():
    spellchecker = pytest.importorskip("spellchecker")  # in the dev extra, so it runs in CI
    shipped = json.loads(resources.files("frictionscan.detect").joinpath("lexicons/typos.json").read_text("utf-8"))
    cues = cue_words(load_lexicon())
    assert shipped["cue_words"] == cues, "lexicon changed: run python -m frictionscan.detect.typos"
    known = spellchecker.SpellChecker(language="en").word_frequency.dictionary
    assert shipped["english_variants"] == english_variants(cues, known.__contains__)


def test_common_slips_map_to_the_cue_word():
    typos = load_typo_map()
    assert typos["frustratng"] == "frustrating"
    assert typos["thnks"] == "thanks"
    assert typos["unnacceptable"] == "unacceptable"
    assert "still" not in typos and "thank" not in typos


def test_the_model_scores_a_slipped_cue_word_like_the_word(model):
    typed, meant = model.predict_proba(["this is so frustratng", "this is so frustrating"])
    assert typed == pytest.approx(meant)
    assert model.predict_proba(["Thnks so much for sorting this out!"])[0][-1] > 0.5


def test_a_model_file_from_before_typo_mapping_loads_without_it(model):
    import pickle

    state = model.__getstate__()
    del state["typo_norm"]  # as pickled by the third session's code
    old = type(model).__new__(type(model))
    old.__setstate__(pickle.loads(pickle.dumps(state)))
    assert old.typo_norm is False and "typo_norm=False" in repr(old)
    typed, meant = old.predict_proba(["this is so frustratng", "this is so frustrating"])
    assert typed[0] < meant[0]  # without the map the slip is an unseen word again
