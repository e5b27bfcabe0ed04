"""QA20 #10: html_report prints alert reasons as sentences however the health table was read back.

``pd.read_csv`` of a health table gives ``alert_reasons`` as text: the Python repr of a list (what
``DataFrame.to_csv`` writes), JSON (what ``frictionscan health`` writes), or a numpy array's repr
(a table read from Parquet, then written with ``to_csv``). The page showed that text as it was:
``['health −62 in 2 weeks', …]``.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from frictionscan.report import html_report
from frictionscan.schemas import SIGNALS

REASONS = ["health −62 in 2 weeks", "commitment 'I'll send the export by Jan 7.' overdue 3 days"]
SHOWN = "health −62 in 2 weeks; commitment &#x27;I&#x27;ll send the export by Jan 7.&#x27; overdue 3 days"


def _scored() -> pd.DataFrame:
    df = pd.DataFrame({"message_id": ["m1"], "thread_id": ["t1"], "relationship": ["Brindle Co"],
                       "direction": ["inbound"], "timestamp": pd.to_datetime(["2026-01-05 09:00"], utc=True),
                       "text": ["Still nothing."], "status": ["ok"], "sender": ["a@brindle.test"],
                       "evidence": [[]], **{s: [0.05] for s in SIGNALS}})
    for s in SIGNALS:
        df[f"{s}_flag"] = pd.array([False], dtype="boolean")
    return df


def _health(reasons) -> pd.DataFrame:
    return pd.DataFrame({"relationship": ["Brindle Co"], "period": ["2026-01-05"], "health": [38.0],
                         "alert": [True], "alert_reasons": pd.Series([reasons], dtype=object)})


def _page(reasons) -> str:
    return html_report(_scored(), health=_health(reasons), plots=False)


@pytest.mark.parametrize("cell", [
    pytest.param(REASONS, id="list"),
    pytest.param(np.array(REASONS, dtype=object), id="numpy array (read_parquet)"),
    pytest.param(repr(REASONS), id="Python repr (to_csv, read_csv)"),
    pytest.param(json.dumps(REASONS, ensure_ascii=False), id="JSON (frictionscan health)"),
    pytest.param(json.dumps(REASONS), id="JSON with \\u escapes"),
    pytest.param(str(np.array(REASONS, dtype=object)), id="numpy repr (read_parquet, to_csv)"),
    # QA22: a list of numpy strings written with to_csv (NumPy 2's repr)
    pytest.param(repr(list(np.asarray(REASONS, dtype=str))), id="list of np.str_ (to_csv, read_csv)"),
])
def test_alert_reasons_are_shown_as_sentences_whatever_form_the_table_was_read_back_in(cell):
    page = _page(cell)
    assert SHOWN in page
    assert "[&#x27;" not in page and "[&quot;" not in page and "[]" not in page


def test_a_csv_round_trip_of_the_health_table_keeps_the_reasons_readable(tmp_path):
    _health(REASONS).to_csv(tmp_path / "health.csv", index=False)
    assert SHOWN in html_report(_scored(), health=pd.read_csv(tmp_path / "health.csv"), plots=False)


@pytest.mark.parametrize("cell", ["[]", np.nan, None, np.array([], dtype=object)])
def test_no_reasons_read_back_show_an_empty_cell(cell):
    page = _page(cell)
    assert "[]" not in page and ">nan<" not in page.lower() and ">none<" not in page.lower()


def test_a_plain_sentence_or_text_that_only_looks_like_a_list_is_shown_as_written():
    assert "health −62 in 2 weeks" in _page("health −62 in 2 weeks")
    assert "[see ticket 7302]" in _page("[see ticket 7302]")
    assert "[__import__(&#x27;os&#x27;)]" in _page("[__import__('os')]")  # never evaluated
