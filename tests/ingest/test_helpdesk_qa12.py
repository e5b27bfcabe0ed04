"""QA pass 12 on helpdesk exports: direction words in an ``incoming`` column, rows the helpdesk
wrote itself (role System/Bot), and dates carrying a zone name or no zone at all."""

from __future__ import annotations

from pathlib import Path

import pytest

import frictionscan as fs
from frictionscan.ingest.helpdesk import read_helpdesk
from frictionscan.ingest.registry import ReadOptions

VENDOR = {"ticket_id": "Case No", "author": "From Name", "incoming": "Direction",
          "created_at": "Sent On", "body": "Body"}


def _vendor_csv(tmp_path: Path, *directions: str) -> Path:
    p = tmp_path / "vendor.csv"
    lines = ["Case No;From Name;Direction;Sent On;Body"]
    for n, d in enumerate(directions):
        lines.append(f"C-1;Person {n};{d};2025-04-02T1{n}:00:00Z;message {n}")
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def _read(p: Path, **kw) -> list[dict]:
    return list(read_helpdesk(p, ReadOptions(**kw)))


# ---------------------------------------------------------------- #7: direction words


@pytest.mark.parametrize(("value", "direction"), [
    ("Incoming", "inbound"), ("Outgoing", "outbound"), ("inbound", "inbound"), ("OUTBOUND", "outbound"),
    ("in", "inbound"), ("out", "outbound"), ("Customer", "inbound"), ("Agent", "outbound"),
    ("Public reply", "outbound"), ("Agent reply", "outbound"), ("Customer reply", "inbound"),
    ("Incoming email", "inbound"), ("Outgoing e-mail", "outbound"), ("Internal note", "internal"),
    ("true", "inbound"), ("false", "outbound"),
])
def test_an_incoming_column_reads_the_usual_direction_words(tmp_path, value, direction):
    rec = _read(_vendor_csv(tmp_path, value), columns=VENDOR)[0]
    assert (rec["direction"], rec["status"], rec["error"] or "") == (direction, "ok", "")


def test_an_incoming_value_it_does_not_understand_is_named_and_the_row_keeps_no_direction(tmp_path):
    recs = _read(_vendor_csv(tmp_path, "Incoming", "Sideways"), columns=VENDOR)
    assert recs[0]["direction"] == "inbound"
    bad = recs[1]
    assert bad["status"] == "ok" and bad["direction"] is None
    assert "'Sideways'" in bad["error"] and "'Direction'" in bad["error"]
    assert "incoming/outgoing" in bad["error"]  # it says which values it does read


def test_an_unknown_incoming_value_still_lets_the_authors_address_decide(tmp_path):
    p = tmp_path / "v.csv"
    p.write_text("Case;Who;Email;Dir;When;Body\n"
                 "C-1;Mia;mia@ourco.io;Sent by web;2025-04-02T10:00:00Z;on it\n", encoding="utf-8")
    cols = {"ticket_id": "Case", "author": "Who", "author_email": "Email", "incoming": "Dir",
            "created_at": "When", "body": "Body"}
    rec = _read(p, columns=cols, internal_domains=frozenset({"ourco.io"}))[0]
    assert rec["direction"] == "outbound" and "'Sent by web'" in rec["error"]


def test_qa12_vendor_export_with_incoming_outgoing_gives_every_row_a_direction(tmp_path):
    p = tmp_path / "vendor2.csv"
    p.write_text(
        "Case No;Msg No;From Name;Direction;Sent On;Account;Body Html\n"
        'C-77;1;Oliver Hart;Incoming;2025-04-02T10:00:00Z;Northgate;"<p>The sync failed again.</p>"\n'
        'C-77;2;Mia Lund;Outgoing;2025-04-02T10:30:00Z;Northgate;"<p>Sorry Oliver, update by 2pm.</p>"\n'
        'C-77;3;Oliver Hart;Incoming;2025-04-02T15:00:00Z;Northgate;"<p>2pm came and went.</p>"\n',
        encoding="utf-8")
    df = fs.read(p, format="helpdesk", internal_domains=["halvorsen-partners.com"],
                 columns={"ticket_id": "Case No", "author": "From Name", "incoming": "Direction",
                          "created_at": "Sent On", "body": "Body Html"})
    assert df["direction"].tolist() == ["inbound", "outbound", "inbound"]


def test_a_file_with_no_column_telling_the_side_says_which_option_helps_once(tmp_path):
    p = tmp_path / "bare.csv"
    p.write_text("Case;Who;When;Body\nC-1;Ann;2025-04-02T10:00:00Z;one\nC-1;Bo;2025-04-02T11:00:00Z;two\n",
                 encoding="utf-8")
    recs = _read(p, columns={"ticket_id": "Case", "author": "Who", "created_at": "When", "body": "Body"})
    assert [r["direction"] for r in recs] == [None, None]
    assert "columns={'incoming'" in recs[0]["error"] and "--column incoming=" in recs[0]["error"]
    assert "--internal-speaker" not in recs[0]["error"]
    assert recs[1]["error"] is None  # once per file


# ---------------------------------------------------------------- #13: rows the helpdesk wrote


@pytest.mark.parametrize("role", ["System", "Automation", "Bot", "workflow"])
def test_a_row_whose_author_role_is_the_system_or_a_bot_is_automated(tmp_path, role):
    p = tmp_path / "hf.csv"
    p.write_text("Ticket Number,Updated By,Updated By Email,User Type,Update Time,Message\n"
                 "HF-1,Oliver Hart,oliver@northgate.co.uk,Contact,2025-04-01 09:15:00 +0100,It is broken\n"
                 f"HF-1,{role},,{role},2025-04-01 10:00:00 +0100,Ticket assigned to Mia Lund\n",
                 encoding="utf-8")
    cols = {"ticket_id": "Ticket Number", "author": "Updated By", "author_email": "Updated By Email",
            "role": "User Type", "created_at": "Update Time", "body": "Message"}
    recs = _read(p, columns=cols, internal_domains=frozenset({"halvorsen-partners.com"}))
    assert recs[0]["status"] == "ok" and recs[0]["direction"] == "inbound"
    sysrow = recs[1]
    assert sysrow["status"] == "automated" and sysrow["direction"] is None
    assert role in sysrow["error"] and "not a person's message" in sysrow["error"]
    assert sysrow["text"] == "Ticket assigned to Mia Lund"  # kept, not dropped


# ---------------------------------------------------------------- #10: zone names, no zone


def _dated(tmp_path: Path, *dates: str) -> list[dict]:
    p = tmp_path / "dates.csv"
    rows = ["Ticket ID,Author role,Created at,Body"]
    rows += [f'T1,end-user,"{d}",row {n}' for n, d in enumerate(dates)]
    p.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return _read(p)


@pytest.mark.parametrize(("written", "utc"), [
    ("2025-04-01 09:15:00 CET", "2025-04-01 08:15:00+00:00"),
    ("2025-04-01 09:15:00 CEST", "2025-04-01 07:15:00+00:00"),
    ("2025-04-01 09:15:00 PDT", "2025-04-01 16:15:00+00:00"),
    ("Apr 1, 2025 9:15 AM EST", "2025-04-01 14:15:00+00:00"),
    ("2025-04-01 09:15:00 Europe/Berlin", "2025-04-01 07:15:00+00:00"),  # summer time on 1 April
    ("2025-01-15 09:15:00 Europe/Berlin", "2025-01-15 08:15:00+00:00"),  # winter time
    ("2025-07-01 09:15 America/New_York", "2025-07-01 13:15:00+00:00"),
    ("2025-04-01 09:15:00 (Europe/Berlin)", "2025-04-01 07:15:00+00:00"),
    ("Tuesday, April 1, 2025 at 9:15:00 AM Central European Summer Time", "2025-04-01 07:15:00+00:00"),
    ("2025-04-01 09:15 Pacific Time", "2025-04-01 16:15:00+00:00"),
    ("2025-04-01 09:15 GMT+2", "2025-04-01 07:15:00+00:00"),  # GMT+2 is two hours ahead
    ("2025-04-01 09:15 UTC-05:30", "2025-04-01 14:45:00+00:00"),
    ("Tue, 01 Apr 2025 09:15:00 +0100 (CET)", "2025-04-01 08:15:00+00:00"),  # the offset rules
    ("01/04/2025 09:15 CET", "2025-01-04 08:15:00+00:00"),  # numeric dates keep their order rule
])
def test_helpdesk_dates_with_a_zone_name_are_read_in_that_zone(tmp_path, written, utc):
    rec = _dated(tmp_path, written)[0]
    assert str(rec["timestamp"]) == utc
    assert rec["status"] == "ok"
    assert "UTC" not in (rec["error"] or "")  # a zone was given: no "read as UTC" note


def test_an_ambiguous_zone_abbreviation_is_read_by_the_table_and_says_so(tmp_path):
    rec = _dated(tmp_path, "2025-04-01 09:15 IST")[0]
    assert str(rec["timestamp"]) == "2025-04-01 03:45:00+00:00"  # India, +05:30
    assert "'IST'" in rec["error"] and "ambiguous" in rec["error"] and "+05:30" in rec["error"]


@pytest.mark.parametrize("zone", ["XYZT", "Mars/Olympus_Mons"])
def test_an_unknown_zone_name_gives_no_time_and_names_the_zone(tmp_path, zone):
    rec = _dated(tmp_path, f"2025-04-01 09:15 {zone}")[0]
    assert rec["timestamp"] is None or str(rec["timestamp"]) in ("NaT", "None")
    assert f"unknown time zone {zone!r}" in rec["error"]


def test_times_without_a_zone_are_utc_and_the_file_says_so_once(tmp_path):
    recs = _dated(tmp_path, "2025-02-03 10:00", "2025-02-03 11:00", "2025-02-03T12:00:00Z")
    assert [str(r["timestamp"]) for r in recs] == [
        "2025-02-03 10:00:00+00:00", "2025-02-03 11:00:00+00:00", "2025-02-03 12:00:00+00:00"]
    assert "read as UTC" in recs[0]["error"] and "'2025-02-03 10:00'" in recs[0]["error"]
    assert recs[1]["error"] is None and recs[2]["error"] is None
    assert recs[0]["status"] == "ok"


def test_a_file_whose_times_all_carry_a_zone_or_are_epochs_has_no_utc_note(tmp_path):
    recs = _dated(tmp_path, "2025-02-03T10:00:00+01:00", "1743498900", "2025-02-03 10:00 CET")
    assert [r["error"] for r in recs] == [None, None, None]


def test_a_jira_export_says_once_that_its_zoneless_dates_are_read_as_utc(tmp_path):
    p = tmp_path / "jira.csv"
    p.write_text("Issue key,Summary,Reporter,Assignee,Created,Description,Comment,Comment\n"
                 'OPS-9,Disk full,Ann Lee,Bo Chen,10/Mar/25 9:14 AM,The disk is full.,'
                 '"10/Mar/25 9:40 AM;Bo Chen;Cleared.","10/Mar/25 11:02 PM;Ann Lee;Full again!"\n',
                 encoding="utf-8")
    recs = _read(p)
    assert [str(r["timestamp"]) for r in recs] == [
        "2025-03-10 09:14:00+00:00", "2025-03-10 09:40:00+00:00", "2025-03-10 23:02:00+00:00"]
    assert "read as UTC" in recs[0]["error"] and "'10/Mar/25 9:14 AM'" in recs[0]["error"]
    assert [r["error"] for r in recs[1:]] == [None, None]
    assert {r["status"] for r in recs} == {"ok"}
