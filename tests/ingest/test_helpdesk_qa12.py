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
