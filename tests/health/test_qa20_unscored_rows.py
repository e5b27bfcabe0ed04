"""QA20 #3: rows without scores in a scored table are named, not silently counted as calm.

A batch of fs.read rows concatenated onto a scored table has empty signal columns; health and
commitments count such rows as messages without friction or repair, so they must say how many
there are and to run fs.score on them. The language warning is kept for the rows whose language
was left out of scoring, and no longer claims English rows that simply were never scored.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import frictionscan as fs
from frictionscan.errors import LanguageWarning, LeftOutWarning

CALM = {s: 0.05 for s in fs.SIGNALS}


def _row(mid: str, day: int, direction: str, text: str, language: str | None = "en",
         **signals: float) -> dict:
    return {"message_id": mid, "thread_id": "t", "relationship": "acme", "direction": direction,
            "status": "ok", "timestamp": pd.Timestamp("2026-02-02 09:00", tz="UTC") + pd.Timedelta(days=day),
            "text": text, "language": language, **CALM, **signals}


def _scored() -> pd.DataFrame:
    return pd.DataFrame([_row("a", 0, "inbound", "Could you send the report?"),
                         _row("b", 0, "outbound", "Here it is.")])


def _unread_batch() -> pd.DataFrame:
    """Rows as fs.read gives them: no signal columns and no language."""
    return pd.DataFrame([{k: v for k, v in _row("c", 3, "inbound", "This is broken again, I am furious.").items()
                          if k not in (*fs.SIGNALS, "language")}])


def _warnings(call, table) -> list[warnings.WarningMessage]:
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        call(table)
    return [w for w in seen if issubclass(w.category, fs.FrictionscanWarning)]


CALLS = [pytest.param(lambda t: fs.health(t, "W"), id="health"),
         pytest.param(fs.commitments, id="commitments")]


@pytest.mark.parametrize("call", CALLS)
def test_unscored_rows_concatenated_onto_a_scored_table_are_named_with_the_fix(call):
    seen = _warnings(call, pd.concat([_scored(), _unread_batch()], ignore_index=True))
    assert [w.category for w in seen] == [LeftOutWarning]
    text = str(seen[0].message)
    assert "1 of the 3 ok messages it uses have no scores" in text
    assert "fs.score" in text and "healthier than they are" in text


@pytest.mark.parametrize("call", CALLS)
def test_english_rows_without_scores_next_to_scored_english_ones_are_not_blamed_on_languages(call):
    table = _scored()
    table.loc[1, list(fs.SIGNALS)] = np.nan
    seen = _warnings(call, table)
    assert [w.category for w in seen] == [LeftOutWarning]
    assert "1 of the 2 ok messages it uses have no scores" in str(seen[0].message)
    assert "languages=" not in str(seen[0].message)


def test_english_left_out_by_languages_still_gets_the_language_message():
    # scored with languages=["de"]: no English row has scores, the German one has
    table = pd.DataFrame([_row("a", 0, "inbound", "Could you send the report?"),
                          _row("b", 0, "outbound", "Here it is."),
                          _row("c", 1, "inbound", "Danke, der Bericht ist angekommen.", "de")])
    table.loc[:1, list(fs.SIGNALS)] = np.nan
    seen = _warnings(lambda t: fs.health(t, "W"), table)
    assert [w.category for w in seen] == [LanguageWarning]
    assert "(en 2)" in str(seen[0].message) and "languages= left their language out" in str(seen[0].message)


def test_a_normally_scored_table_with_german_rows_gets_only_the_language_warning():
    table = pd.concat([_scored(), pd.DataFrame([_row("g", 1, "inbound", "Die Lieferung ist schon "
                                                     "wieder zu spät.", "de")])], ignore_index=True)
    table.loc[2, list(fs.SIGNALS)] = np.nan  # what fs.score gives a message not in English
    seen = _warnings(lambda t: fs.health(t, "W"), table)
    assert [w.category for w in seen] == [LanguageWarning]
    assert "not in English (de 1)" in str(seen[0].message)


def test_a_fully_scored_table_raises_no_warning():
    assert _warnings(lambda t: fs.health(t, "W"), _scored()) == []
    assert _warnings(fs.commitments, _scored()) == []
