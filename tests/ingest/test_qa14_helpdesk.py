"""QA14 helpdesk defects: automatic acknowledgements, broken CSV quoting, system rows, Intercom events,
Freshdesk ticket exports and API-shaped JSON documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import frictionscan as fs
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


# -- QA14 #8: JSON documents shaped like the vendors' APIs ---------------------------------------

HUBSPOT = {"results": [
    {"id": "m1", "type": "MESSAGE", "createdAt": "2026-05-04T08:00:00.000Z", "text": "Is the portal down?",
     "direction": "INCOMING", "conversationsThreadId": "90",
     "senders": [{"name": "Nadia Ferro", "deliveryIdentifier": {"type": "HS_EMAIL_ADDRESS",
                                                                "value": "nadia@tallis.com"}}]},
    {"id": "m2", "type": "MESSAGE", "createdAt": "2026-05-04T08:30:00.000Z", "text": "Back up now, sorry.",
     "direction": "OUTGOING", "conversationsThreadId": "90",
     "senders": [{"name": "Theo Marsh", "deliveryIdentifier": {"type": "HS_EMAIL_ADDRESS",
                                                               "value": "theo@brindle.io"}}]},
]}


@pytest.mark.parametrize("forced", [None, "helpdesk"])
def test_a_hubspot_results_document_gives_one_row_per_message(tmp_path, forced):
    path = tmp_path / "thread.json"
    path.write_text(json.dumps(HUBSPOT, indent=1), encoding="utf-8")
    df = fs.read(path, internal_domains=["brindle.io"], **({"format": forced} if forced else {}))
    assert df["message_id"].tolist() == ["ticket-90.m1", "ticket-90.m2"]
    assert df["status"].tolist() == ["ok", "ok"]
    assert df["direction"].tolist() == ["inbound", "outbound"]
    assert df["sender"].tolist() == ["nadia@tallis.com", "theo@brindle.io"]
    assert df["text"].iloc[0] == "Is the portal down?"


def test_an_intercom_conversation_gives_its_source_message_then_one_row_per_part(tmp_path):
    conv = {"type": "conversation", "id": "77", "created_at": 1777881600, "title": "Login loop",
            "source": {"id": "s1", "body": "<p>We cannot log in.</p>",
                       "author": {"type": "user", "name": "Nadia Ferro", "email": "nadia@tallis.com"}},
            "conversation_parts": {"conversation_parts": [
                {"id": "p1", "part_type": "comment", "body": "<p>Fixed, please retry.</p>", "created_at": 1777885200,
                 "author": {"type": "admin", "name": "Theo Marsh", "email": "theo@brindle.io"}},
                {"id": "p2", "part_type": "close", "body": None, "created_at": 1777888800,
                 "author": {"type": "admin", "name": "Theo Marsh", "email": "theo@brindle.io"}}]}}
    path = tmp_path / "conv.json"
    path.write_text(json.dumps(conv, indent=2), encoding="utf-8")
    df = fs.read(path, internal_domains=["brindle.io"])
    assert df["message_id"].tolist() == ["ticket-77.s1", "ticket-77.p1", "ticket-77.p2"]
    assert df["direction"].tolist()[:2] == ["inbound", "outbound"]
    assert df["status"].tolist() == ["ok", "ok", "automated"]
    assert df["text"].iloc[0] == "We cannot log in." and df["subject"].iloc[0] == "Login loop"


def test_zendesk_tickets_with_comments_and_users_resolve_authors_and_organisation(tmp_path):
    doc = {"tickets": [{"id": 5, "subject": "Docs missing", "organization_id": 3, "requester_id": 11,
                        "comments": [{"id": 1, "author_id": 11, "public": True, "body": "Docs are missing.",
                                      "created_at": "2026-05-04T08:00:00Z"},
                                     {"id": 2, "author_id": 12, "public": False, "body": "Checking the job.",
                                      "created_at": "2026-05-04T08:10:00Z"}]}],
           "users": [{"id": 11, "name": "Nadia Ferro", "email": "nadia@tallis.com", "role": "end-user"},
                     {"id": 12, "name": "Theo Marsh", "email": "theo@brindle.io", "role": "agent"}],
           "organizations": [{"id": 3, "name": "Tallis Group"}]}
    path = tmp_path / "zd.json"
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    df = fs.read(path, internal_domains=["brindle.io"])
    assert df["sender_name"].tolist() == ["Nadia Ferro", "Theo Marsh"]
    assert df["direction"].tolist() == ["inbound", "internal"]
    assert df["relationship"].tolist() == ["Tallis Group"] * 2


def test_a_document_with_several_unnamed_lists_says_which_shapes_are_read(tmp_path):
    recs = rows(tmp_path, "odd.json", json.dumps(
        {"ticketz": [{"ticket_id": 1, "body": "x"}], "peoplez": [{"id": 1}]}, indent=1))
    assert len(recs) == 1 and recs[0]["status"] == "error"
    assert "one list" in recs[0]["error"] and "jq" in recs[0]["error"]


def test_a_hubspot_comment_is_an_internal_note(tmp_path):
    note = {**HUBSPOT["results"][1], "id": "m3", "type": "COMMENT", "text": "Nadia is upset, watch this one."}
    recs = rows(tmp_path, "thread.json", json.dumps({"results": [*HUBSPOT["results"], note]}, indent=1))
    assert [r["direction"] for r in recs] == ["inbound", "outbound", "internal"]
