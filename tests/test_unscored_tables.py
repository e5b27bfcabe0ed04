"""A table without scores gets an error that says to score it, in library and command-line terms
(QA19: evidence_table_html said "Pass the table made by frictionscan.read", which has no scores)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import frictionscan as fs
from frictionscan.cli import cli
from frictionscan.errors import ColumnsError


@pytest.fixture(scope="module")
def unread(tmp_path_factory):
    eml = tmp_path_factory.mktemp("m") / "m.eml"
    eml.write_text("From: ann@client.example\nTo: bob@ourco.example\nSubject: x\n"
                   "Date: Mon, 05 Jan 2026 10:00:00 +0000\n\nStill waiting.\n", encoding="utf-8")
    return fs.read(eml, internal_domains=["ourco.example"])


@pytest.mark.parametrize("call", [fs.evidence_table_html, lambda df: fs.health(df, "W"), fs.commitments])
def test_the_library_says_to_score_the_table_first(unread, call):
    with pytest.raises(ColumnsError, match="Score it first") as err:
        call(unread)
    assert "frictionscan scan" in str(err.value) and "Pass the table made by frictionscan.read" not in str(err.value)


def test_the_report_command_says_to_run_scan(unread, tmp_path):
    table = tmp_path / "read.parquet"
    unread.to_parquet(table)
    result = CliRunner().invoke(cli, ["report", str(table), "-o", str(tmp_path / "r.html")])
    assert result.exit_code != 0
    assert "frictionscan scan" in result.output


def test_a_table_missing_other_columns_keeps_the_read_hint():
    import pandas as pd

    with pytest.raises(ColumnsError, match=r"frictionscan\.read"):
        fs.score(pd.DataFrame({"body": ["hello"]}))
