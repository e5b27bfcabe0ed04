"""QA40: ``frictionscan report`` writes one HTML page, and only under a name that says so.

``frictionscan report scored.parquet -o r.pdf`` wrote HTML into ``r.pdf`` and said "Wrote r.pdf":
the file then failed to open as a PDF. The table commands refuse a name whose format they cannot
write (``-o scored.xlsx``); the report now does the same, before anything is read, and says which
names it writes.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from scored_tables import conversation

from frictionscan.cli import cli


@pytest.fixture()
def scored(tmp_path):
    return conversation(tmp_path / "scored.parquet", 10, relationship="Acme",
                        texts=("Still waiting on the file.", "I will send it by Friday."))


@pytest.mark.parametrize("name, suggested", [
    ("r.pdf", "r.html"), ("report", "report.html"), ("r.html.gz", "r.html"), ("r.csv", "r.html")])
def test_a_report_named_for_another_format_is_refused_with_the_html_name_to_use(
        scored, tmp_path, name, suggested):
    out = tmp_path / name
    result = CliRunner().invoke(cli, ["report", str(scored), "-o", str(out), "--no-plots"])
    assert result.exit_code == 1, result.output
    assert ".html or .htm" in result.output
    assert repr(suggested) in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


@pytest.mark.parametrize("name", ["r.html", "r.htm", "R.HTML"])
def test_a_report_named_html_or_htm_in_any_case_is_written(scored, tmp_path, name):
    out = tmp_path / name
    result = CliRunner().invoke(cli, ["report", str(scored), "-o", str(out), "--no-plots"])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
