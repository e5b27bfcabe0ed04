"""QA12v #11: the scan's summary counts the usable rows that came out with no time, which health
and commitments will leave out."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from frictionscan.cli import cli

TICKETS = ("ticket_id,author,author_email,role,created_at,body\n"
           "T-1,Ann Lee,ann@acme.example,customer,2025-04-01 09:15 XYZ,The export failed again.\n"
           "T-1,Ann Lee,ann@acme.example,customer,not a date,Any news on the export?\n"
           "T-1,Sam Roe,sam@ourco.example,agent,2025-04-01 09:15 MESZ,I will rerun it by noon.\n"
           "T-1,Sam Roe,sam@ourco.example,agent,\"2025-04-01 10:15 (UTC+01:00) Amsterdam, Berlin\",Done.\n")


def _scan(tmp_path, csv_text, *extra):
    src = tmp_path / "tickets.csv"
    src.write_text(csv_text, encoding="utf-8")
    res = CliRunner().invoke(cli, ["scan", str(src), "--internal-domain", "ourco.example",
                                   "-o", str(tmp_path / "out.parquet"), "-j", "1", *extra])
    assert res.exit_code == 0, res.output
    return res


def test_the_scan_says_how_many_usable_rows_have_no_time(tmp_path):
    res = _scan(tmp_path, TICKETS)
    assert ("Warning: 2 usable messages have no time (helpdesk 2), so health and commitments will "
            "leave them out") in res.output
    assert "export the dates with a UTC offset" in res.output


def test_the_no_time_count_is_in_the_json_warnings(tmp_path):
    warnings = json.loads(_scan(tmp_path, TICKETS, "--json").stdout)["warnings"]
    assert any(w.startswith("2 usable messages have no time (helpdesk 2)") for w in warnings)


@pytest.mark.parametrize("when", ["2025-04-01T09:15:00+02:00", "2025-04-01 09:15 MESZ"])
def test_no_warning_when_every_row_has_a_time(tmp_path, when):
    res = _scan(tmp_path, "ticket_id,author,author_email,role,created_at,body\n"
                          f"T-1,Ann Lee,ann@acme.example,customer,{when},The export failed again.\n")
    assert "no time" not in res.output
