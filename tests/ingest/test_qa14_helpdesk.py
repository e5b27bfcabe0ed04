"""QA14 helpdesk defects: automatic acknowledgements, broken CSV quoting, system rows, Intercom events,
Freshdesk ticket exports and API-shaped JSON documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from frictionscan.ingest.helpdesk import read_helpdesk
from frictionscan.ingest.registry import ReadOptions

OURS = ReadOptions(internal_domains=frozenset({"brindle.io"}))


def rows(tmp_path: Path, name: str, content: str, options: ReadOptions = OURS) -> list[dict]:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return list(read_helpdesk(path, options))


# -- QA14 #2: a ticket system's acknowledgement is not our reply ---------------------------------

ZENDESK_HEAD = "Ticket ID,Comment ID,Author,Author email,Author role,Public,Comment created at,Body\n"


@pytest.mark.parametrize("ack", [
    "<p>Thanks for contacting Brindle Support. Your ticket (#4410) has been received and is being "
    "reviewed by our team. We aim to respond within one business day.</p>",
    "This is an automated response. A new ticket has been created for you.\nThe Brindle Support Team",
    "Hello Nadia,\nWe've received your request and one of our agents will get back to you shortly.\n"
    "Kind regards,\nBrindle Support",
])
def test_an_agent_side_acknowledgement_comment_is_automated_not_a_reply(tmp_path, ack):
    recs = rows(tmp_path, "zd.csv", ZENDESK_HEAD +
                "4410,1,Nadia Ferro,nadia@tallis.com,end-user,true,2026-05-04T08:00:00Z,Invoices are wrong again\n"
                f'4410,2,Brindle Support,help@brindle.io,agent,true,2026-05-04T08:01:00Z,"{ack}"\n')
    assert [r["status"] for r in recs] == ["ok", "automated"]
    assert "acknowledgement" in recs[1]["error"]


def test_a_reply_that_starts_by_acknowledging_but_answers_stays_a_reply(tmp_path):
    recs = rows(tmp_path, "zd.csv", ZENDESK_HEAD +
                "4410,2,Theo Marsh,theo@brindle.io,agent,true,2026-05-04T09:00:00Z,"
                '"We have received your request. I corrected the invoice totals, please check again."\n'
                "4410,3,Theo Marsh,theo@brindle.io,agent,true,2026-05-04T09:05:00Z,"
                '"Your request has been received and the refund went out today."\n')
    assert [r["status"] for r in recs] == ["ok", "ok"]


def test_acknowledgements_are_automated_in_freshdesk_intercom_and_jira_exports_alike(tmp_path):
    fd = rows(tmp_path, "fd.csv",
              "Ticket ID,Conversation ID,From,From Email,Incoming,Private,Created At,Body\n"
              "88,1,Nadia Ferro,nadia@tallis.com,true,false,2026-05-04T08:00:00Z,Still broken\n"
              '88,2,Brindle Desk,desk@brindle.io,false,false,2026-05-04T08:00:30Z,"We have received your '
              'request. Your ticket number is 88."\n')
    ic = rows(tmp_path, "ic.jsonl", "\n".join(json.dumps(o) for o in [
        {"conversation_id": "c9", "part_id": "1", "author_type": "user", "author_name": "Nadia",
         "part_type": "comment", "created_at": 1777881600, "body": "Still broken"},
        {"conversation_id": "c9", "part_id": "2", "author_type": "admin", "author_name": "Theo",
         "part_type": "comment", "created_at": 1777881660,
         "body": "<p>This is an automated reply. Your message has been received.</p>"},
    ]) + "\n")
    jira = rows(tmp_path, "jira.csv",
                "Summary,Issue key,Reporter,Assignee,Created,Description,Comment\n"
                "Invoices,OPS-7,Nadia Ferro,Theo Marsh,04/May/26 8:00 AM,Still broken,"
                '"04/May/26 8:01 AM;Theo Marsh;Your request has been received and is being processed."\n')
    assert [r["status"] for r in fd] == ["ok", "automated"]
    assert [r["status"] for r in ic] == ["ok", "automated"]
    assert [r["status"] for r in jira] == ["ok", "automated"]


# -- QA14 #4: an unclosed quote or a file cut mid-row is an error, and no record is lost --------------

ZD_ROW = "51,{n},{who},{addr},{role},true,2026-05-04T0{n}:00:00Z,{body}\n"
NADIA = {"who": "Nadia Ferro", "addr": "nadia@tallis.com", "role": "end-user"}
THEO = {"who": "Theo Marsh", "addr": "theo@brindle.io", "role": "agent"}


def test_an_unclosed_quote_gives_an_error_row_and_the_swallowed_record_its_own_row(tmp_path):
    recs = rows(tmp_path, "zd.csv", ZENDESK_HEAD
                + ZD_ROW.format(n=1, body='"Invoices are wrong, it says ""draft"" though', **NADIA)
                + ZD_ROW.format(n=2, body='"Corrected version attached."', **THEO)
                + ZD_ROW.format(n=3, body='"Perfect."', **NADIA))
    assert [r["message_id"] for r in recs] == ["ticket-51.1", "ticket-51.2", "ticket-51.3"]
    assert [r["status"] for r in recs] == ["error", "error", "ok"]
    assert recs[0]["text"] == 'Invoices are wrong, it says "draft" though'  # no raw CSV line in it
    assert "not closed" in recs[0]["error"] and "line 3" in recs[0]["error"]
    assert "unclosed quote" in recs[1]["error"] and recs[1]["text"] == "Corrected version attached."


def test_a_multi_line_body_with_commas_is_not_mistaken_for_swallowed_records(tmp_path):
    body = '"Hi Theo,\nitems 4, 7, 9, 12, 15, 18, 21 and 30 are wrong, 2026-05-01, true, 7, nadia@tallis.com\nNadia"'
    recs = rows(tmp_path, "zd.csv", ZENDESK_HEAD + ZD_ROW.format(n=1, body=body, **NADIA)
                + ZD_ROW.format(n=2, body="On it", **THEO))
    assert [r["status"] for r in recs] == ["ok", "ok"]


def test_a_file_cut_inside_a_quoted_cell_gives_an_error_row_not_an_ok_one(tmp_path):
    recs = rows(tmp_path, "zd.csv", ZENDESK_HEAD + ZD_ROW.format(n=1, body='"Still broken"', **NADIA)
                + '51,2,Theo Marsh,theo@brindle.io,agent,true,2026-05-04T02:00:00Z,"We are on it a')
    assert [r["status"] for r in recs] == ["ok", "error"]
    assert "cut off" in recs[1]["error"] and recs[1]["text"] == "We are on it a"


# -- QA14 #12, #14: what the helpdesk wrote is automated with no direction ---------------------------

def test_a_system_authored_private_zendesk_row_is_automated_not_an_internal_note(tmp_path):
    recs = rows(tmp_path, "zd.csv", "Ticket ID,Comment ID,Author,Author role,Public,Comment created at,Body\n"
                "61,1,Brindle Bot,system,false,2026-05-04T08:00:00Z,This request was merged into #60.\n"
                "61,2,Theo Marsh,agent,false,2026-05-04T08:05:00Z,Merged the duplicate.\n")
    assert [(r["status"], r["direction"]) for r in recs] == [("automated", None), ("ok", "internal")]


def test_intercom_assignment_and_close_events_have_no_direction(tmp_path):
    recs = rows(tmp_path, "ic.jsonl", "\n".join(json.dumps(o) for o in [
        {"conversation_id": "c9", "part_id": str(i), "author_type": "admin", "author_name": "Theo",
         "author_email": "theo@brindle.io", "part_type": t, "created_at": 1777881600 + i, "body": ""}
        for i, t in enumerate(["assignment", "close"], 1)]) + "\n")
    assert [(r["status"], r["direction"]) for r in recs] == [("automated", None), ("automated", None)]


# -- QA14 #6: Freshdesk's ticket export: the description is the requester's, not the assigned agent's --

def test_freshdesk_ticket_export_names_the_requester_as_author_of_the_description(tmp_path):
    recs = rows(tmp_path, "fd.csv",
                "Ticket ID,Subject,Description,Status,Agent,Group,Created time,Full name,Contact ID,Email\n"
                "71,Ward list,Please remove ward 7 from the list.,Open,Theo Marsh,Apps,2026-05-04 08:00:00,"
                "Nadia Ferro,4411,nadia@tallis.com\n")
    assert (recs[0]["sender"], recs[0]["sender_name"], recs[0]["direction"]) == (
        "nadia@tallis.com", "Nadia Ferro", "inbound")
