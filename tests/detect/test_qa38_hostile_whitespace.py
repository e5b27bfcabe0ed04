"""A run of whitespace inside a scored sentence costs time in proportion to its length.

Mail is untrusted and a body keeps its spaces (a pasted column layout, a signature padded to the
right, or a crafted message). Two patterns of the detect stage began with ``\\s*`` and were searched
through a sentence, so the engine retried every position of a long run of spaces and read to its end
each time: the cost grew with the square of the run. One 8 KB message took 7 s in ``fs.score``
(a leading "If", then the spaces: the end of the condition was searched) or 4 s (a sentence a veto
caps, split into clauses at "but" / ";" / " - "); the 1,000,000-character body the readers allow
would hold a worker for hours. The fixed patterns only start a match where a run of spaces starts,
which finds the same matches.
"""

from __future__ import annotations

import re

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

import frictionscan as fs
from cpu_bound import within
from frictionscan.detect import conditions, model
from frictionscan.detect.conditions import condition_span

# (the old patterns took 15-50 s on these inputs; a generous bound, not a speed measurement)
BOUND_S = 3.0
RUN = 16_000
WHEN = pd.Timestamp("2026-01-05 09:00", tz="UTC")


_quick = within(BOUND_S)


def _scored(text: str) -> pd.DataFrame:
    fs.score(pd.DataFrame({"text": ["Warm-up: load the model first."]}))
    return _quick(fs.score, pd.DataFrame({"text": [text], "timestamp": [WHEN]}))


def test_a_leading_condition_padded_with_spaces_is_found_at_once():
    sentence = "If" + " " * RUN + "you approve, I will send you the fixed report by Friday."
    span = _quick(condition_span, sentence)
    assert span is not None and sentence[span[0]:span[1]].split() == ["If", "you", "approve"]


def test_a_promise_message_opening_with_if_and_a_field_of_spaces_is_scored_at_once():
    out = _scored("If" + " " * RUN + "you approve, I will send you the fixed report by Friday.")
    assert out["commitment_flag"].iloc[0]
    assert out["commitment_due"].iloc[0] == pd.Timestamp("2026-01-09 17:00", tz="UTC")


def test_a_capped_sentence_with_a_field_of_spaces_is_split_into_clauses_at_once():
    sentence = "That was our mistake, but your courier also lost" + " " * RUN + "the second box."
    pieces = _quick(model._CONTRAST.split, sentence)
    assert [" ".join(p.split()) for p in pieces] == [
        "That was our mistake", "your courier also lost the second box."]
    _scored(sentence)


# the patterns as they were, to check that the fixed ones find exactly the same matches
_OLD_COND_END = re.compile(
    r"\s*(?:[,;:—–]|\bthen\b)|(?=\s+(?:I|we|you|they|he|she|our \w+)\s*(?:['’]ll|will|shall|"
    r"(?:am|are|is) going to)\b)", re.IGNORECASE)
_OLD_CONTRAST = re.compile(
    r"\s*(?:[,;:]\s*)?\b(?:but|however|although|though|yet|whereas)\b[,]?\s*|\s*;\s+|\s+[\u2013\u2014-]\s+",
    re.IGNORECASE)
_WORDS = st.lists(st.sampled_from(["x", "If", "then", "but", "however", "I", "we", "will", "'ll", "our team",
                                   "going to", "am", ",", ";", ":", "-", "—", " ", "  ", "\t", "\n"]),
                  max_size=14).map("".join)


@settings(max_examples=400, deadline=None)
@given(_WORDS, st.integers(0, 20))
def test_the_end_of_a_condition_is_where_it_was(text, pos):
    pos = min(pos, len(text))
    old, new = _OLD_COND_END.search(text, pos), conditions._COND_END.search(text, pos)
    if pos and text[pos - 1].isspace():  # (condition_span searches from the end of a word)
        return
    assert (old and old.span()) == (new and new.span())


@settings(max_examples=400, deadline=None)
@given(_WORDS)
def test_clauses_are_split_where_they_were(text):
    assert _OLD_CONTRAST.split(text) == model._CONTRAST.split(text)
