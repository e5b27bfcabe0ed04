"""QA20 #5: misuse of fs.read's helpdesk options is raised before anything is read, and a
``columns=`` value naming a column the file lacks is an error on every row it touches (never
ignored, never a lost row)."""

from __future__ import annotations

from pathlib import Path

import pytest

import frictionscan as fs
from frictionscan.errors import InvalidOptionError

CSV = ("Ticket Id,Conversation Id,From Email,Incoming,Private,Created At,Body\n"
       "81,1,ines@quarrow.com,true,false,2026-03-02 09:00:00,The nightly sync skipped Tuesday.\n"
       "81,2,omar@pellby.io,false,false,2026-03-02 10:00:00,Rerunning it now; sorry for that.\n"
       "81,3,ines@quarrow.com,true,false,2026-03-02 11:00:00,\"Confirmed, the numbers are back.\"\n")


@pytest.fixture
def export(tmp_path: Path) -> Path:
    p = tmp_path / "conversations.csv"
    p.write_text(CSV, encoding="utf-8")
    return p


@pytest.mark.parametrize("read", [fs.read, lambda *a, **k: list(fs.iter_read(*a, **k))])
def test_an_unknown_preset_is_raised_by_read_with_the_valid_names(export, read):
    with pytest.raises(InvalidOptionError, match=r"unknown helpdesk preset 'zendeskk'.*freshdesk"):
        read(export, preset="zendeskk", internal_domains=["pellby.io"])


@pytest.mark.parametrize("read", [fs.read, lambda *a, **k: list(fs.iter_read(*a, **k))])
def test_a_columns_key_that_is_no_canonical_field_is_raised_by_read(export, read):
    with pytest.raises(InvalidOptionError, match=r"'tiket'.*ticket_id"):
        read(export, columns={"tiket": "Ticket Id"}, internal_domains=["pellby.io"])


def test_options_are_checked_before_any_source_is_looked_at(tmp_path):
    # the option error wins over the missing file: nothing is read
    with pytest.raises(InvalidOptionError, match="preset"):
        fs.read(tmp_path / "not-there.csv", preset="zendeskk")


def test_a_preset_written_with_other_case_or_separators_is_still_accepted(export):
    df = fs.read(export, preset="Fresh-Desk", internal_domains=["pellby.io"])
    assert df["status"].tolist() == ["ok", "ok", "ok"]


def test_a_columns_value_that_is_not_a_column_name_string_is_raised(export):
    with pytest.raises(InvalidOptionError, match="column name"):
        fs.read(export, columns={"body": 7})


def test_a_columns_value_the_file_lacks_makes_every_row_an_error_that_names_it(export):
    df = fs.read(export, columns={"body": "Message"}, internal_domains=["pellby.io"])
    assert len(df) == 3  # counts in = counts out
    assert df["status"].tolist() == ["error"] * 3
    for reason in df["error"]:
        assert "columns=" in reason and "'Message'" in reason and "body" in reason
        assert "'Body'" in reason  # the file's columns are listed, so the fix is visible
    # each row keeps what was read, so nothing is lost while the mapping is fixed
    assert df["message_id"].tolist() == ["ticket-81.1", "ticket-81.2", "ticket-81.3"]


def test_a_columns_value_found_with_other_case_or_spacing_is_used(export):
    df = fs.read(export, columns={"body": "body", "created_at": "created at"}, internal_domains=["pellby.io"])
    assert df["status"].tolist() == ["ok", "ok", "ok"]
    assert df["text"].iloc[1].startswith("Rerunning it now")


def test_a_required_columns_value_the_file_lacks_names_it_in_the_file_error(tmp_path):
    p = tmp_path / "cases.csv"
    p.write_text("Case,Who,Note\n5,ana@x.org,hello\n", encoding="utf-8")
    df = fs.read(p, format="helpdesk", columns={"ticket_id": "Case", "body": "Message"})
    assert df["status"].tolist() == ["error"]
    assert "'Message'" in df["error"].iloc[0] and "columns=" in df["error"].iloc[0]
