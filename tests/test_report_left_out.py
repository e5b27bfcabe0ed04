"""The HTML report says which messages health and the promises left out, as the command line does
(QA19: a client's complaint from a message with no account vanished from the page without a word)."""

from __future__ import annotations

import warnings

import pandas as pd

import frictionscan as fs

BASE = dict.fromkeys(fs.SIGNALS, 0.1)


def _row(mid: str, relationship: str | None, when: str | None, status: str = "ok") -> dict:
    return {"message_id": mid, "thread_id": "t", "relationship": relationship, "direction": "inbound",
            "timestamp": pd.Timestamp(when, tz="UTC") if when else pd.NaT,
            "text": "This is not acceptable.", "status": status, **BASE}


def _page(rows: list[dict]) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fs.html_report(pd.DataFrame(rows), plots=False)


def test_the_page_counts_the_messages_left_out_and_why():
    page = _page([_row("a", "acme", "2026-01-05"), _row("b", None, "2026-01-06"),
                  _row("c", "acme", None, status="error")])
    assert "Health and promises use 1 of them; 2 left out (1 status error, 1 no relationship)." in page


def test_a_page_with_nothing_left_out_says_nothing_about_it():
    assert "left out" not in _page([_row("a", "acme", "2026-01-05")])


def test_an_empty_health_table_says_why_it_is_empty():
    page = _page([_row("a", "acme", None), _row("b", "acme", None)])
    assert "2 left out (2 no timestamp)" in page
    assert "No health rows" in page
