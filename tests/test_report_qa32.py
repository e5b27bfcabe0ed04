"""QA32: what the HTML report does with odd titles, missing columns, control characters in the
data and an output it cannot write.

* ``title=None`` raised AttributeError from html.escape; it now gives the default title, and a
  title that is not a string raises InvalidOptionError.
* Dropping ``text`` or a signal column was reported as an error of ``evidence_table_html`` or
  ``health``, functions the user never called.
* A U+202E in an account name made "Acme <U+202E>DTL" display as "Acme LTD"; controls and bidi
  overrides/isolates now show as visible escapes, and the evidence highlight stays on its words.
* ``report -o /sys/x.html`` failed after building the page, naming a temporary file.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from click.testing import CliRunner

from frictionscan.cli import cli
from frictionscan.errors import ColumnsError, InvalidOptionError
from frictionscan.io import write_table
from frictionscan.report import evidence_table_html, highlight, html_report
from frictionscan.schemas import SIGNALS

RLO = "\u202e"
UNSAFE = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
          "\x1b", "\x00", "\x07", "\x7f"]


def _scored(relationship: str = "Acme", sender_name: str = "Ann Lee",
            text: str = "This is broken again!") -> pd.DataFrame:
    ts = pd.Timestamp("2026-01-05 09:00", tz="UTC")
    end = text.index("broken again") + len("broken again")
    df = pd.DataFrame({
        "message_id": ["m1", "m2"], "thread_id": ["t", "t"], "relationship": [relationship] * 2,
        "direction": ["inbound", "outbound"], "status": ["ok", "ok"],
        "timestamp": [ts, ts + pd.Timedelta(hours=2)], "sender": ["ann@acme.test", "bob@ourco.test"],
        "sender_name": [sender_name, "Bob"], "subject": ["export", "Re: export"],
        "text": [text, "Sorry, I will fix it by Friday."],
        "evidence": [[{"signal": "frustration", "start": text.index("broken"), "end": end,
                       "proba": 0.9}], []],
        **{s: [0.9 if s == "frustration" else 0.05, 0.05] for s in SIGNALS}})
    for s in SIGNALS:
        df[f"{s}_flag"] = pd.array([s == "frustration", False], dtype="boolean")
    return df


def test_a_report_titled_none_gets_the_default_title():
    page = html_report(_scored(), title=None, plots=False)
    assert "<title>frictionscan report</title>" in page


@pytest.mark.parametrize("call", [lambda df: html_report(df, title=5, plots=False),
                                  lambda df: evidence_table_html(df, title=5)])
def test_a_title_that_is_not_text_is_refused_by_name(call):
    with pytest.raises(InvalidOptionError, match="title"):
        call(_scored())


def test_an_evidence_table_titled_none_has_no_heading():
    assert "<h3>" not in evidence_table_html(_scored(), title=None)


@pytest.mark.parametrize("column", ["text", "frustration", "apology"])
def test_a_missing_column_is_reported_as_html_reports_need(column):
    with pytest.raises(ColumnsError) as info:
        html_report(_scored().drop(columns=column), plots=False)
    assert str(info.value).startswith(f"html_report needs column(s) ['{column}']")


@pytest.mark.parametrize("char", UNSAFE)
def test_control_and_bidi_characters_from_the_data_never_reach_the_page_raw(char):
    df = _scored(relationship=f"Acme {char}DTL", sender_name=f"Ann{char} Lee",
                 text=f"Hello {char}there. This is broken again!")
    for page in (html_report(df, plots=False), evidence_table_html(df, full_page=True)):
        assert char not in page
        shown = f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
        assert f"Acme {shown}DTL" in page
        assert f"Ann{shown} Lee" in page


def test_an_account_named_with_a_right_to_left_override_cannot_display_reversed():
    page = html_report(_scored(relationship=f"Acme {RLO}DTL"), plots=False)
    assert RLO not in page and "Acme \\u202eDTL" in page


def test_the_highlight_stays_on_its_words_after_a_control_character():
    text = f"Hi {RLO}\x1b[31m! This is broken again!"
    start = text.index("broken")
    out = highlight(text, [{"signal": "frustration", "start": start, "end": start + 12, "proba": 0.9}])
    assert re.search(r'<mark class="fs-frustration"[^>]*>broken again</mark>', out)
    assert out.startswith("Hi \\u202e\\x1b[31m! This is ")


def test_tabs_and_line_breaks_in_a_message_are_kept():
    assert highlight("a\tb\r\nc", []) == "a\tb\r\nc"


@pytest.fixture()
def scored_file(tmp_path):
    path = tmp_path / "s.parquet"
    write_table(_scored(), path)
    return str(path)


def test_report_to_an_unwritable_folder_says_so_before_building_the_page(scored_file, tmp_path,
                                                                         monkeypatch):
    folder = tmp_path / "ro"
    folder.mkdir()
    import frictionscan.report as report

    monkeypatch.setattr(report, "html_report", lambda *a, **k: pytest.fail("page was built"))
    monkeypatch.setattr("os.access", lambda path, mode: not str(path).startswith(str(folder)))
    result = CliRunner().invoke(cli, ["report", scored_file, "-o", str(folder / "x.html")])
    assert result.exit_code == 1
    assert f"cannot write '{folder / 'x.html'}': folder '{folder}' is not writable" in result.output
    assert ".tmp" not in result.output and "Traceback" not in result.output


def test_report_to_an_empty_output_path_says_the_path_is_empty(scored_file):
    result = CliRunner().invoke(cli, ["report", scored_file, "-o", ""])
    assert result.exit_code != 0
    assert "the output path is empty" in result.output
