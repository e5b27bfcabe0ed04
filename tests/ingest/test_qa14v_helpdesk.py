"""QA14v helpdesk defects: a correctly quoted cell holding CSV-shaped lines is one message, every
acknowledgement wording the docs name is automated, and Zendesk's ticket-comments API JSON is read."""

from __future__ import annotations

import json
from pathlib import Path

import frictionscan as fs
from frictionscan.ingest.helpdesk import read_helpdesk
from frictionscan.ingest.registry import ReadOptions

OURS = ReadOptions(internal_domains=frozenset({"brindle.io"}))

HEAD = "Ticket ID,Comment ID,Author,Author email,Author role,Public,Comment created at,Body\n"
NADIA = "Nadia Ferro,nadia@tallis.com,end-user"
THEO = "Theo Marsh,theo@brindle.io,agent"


def rows(tmp_path: Path, name: str, content: str, options: ReadOptions = OURS) -> list[dict]:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return list(read_helpdesk(path, options))


# -- QA14v N1: a quote that closes is trusted, whatever lines the cell holds ------------------------

def test_a_closed_quoted_cell_with_a_pasted_record_line_stays_one_ok_message_with_all_its_text(tmp_path):
    body = ('"My note.\nThe screen says ""Export failed"", see below:\n'
            "62,99,x,x,end-user,true,2026-05-04T08:00:00Z,pasted log line\n\nCan you look today?\nRegards, Nadia\"")
    recs = rows(tmp_path, "zd.csv", HEAD
                + f"62,1,{NADIA},true,2026-05-04T08:00:00Z,{body}\n"
                + f'62,2,{THEO},true,2026-05-04T09:00:00Z,"Thanks Nadia."\n'
                + f"62,3,{NADIA},true,2026-05-04T10:00:00Z,She said \"fine\" and left\n")
    assert [r["message_id"] for r in recs] == ["ticket-62.1", "ticket-62.2", "ticket-62.3"]
    assert [r["status"] for r in recs] == ["ok", "ok", "ok"]
    assert recs[0]["text"].endswith("pasted log line\n\nCan you look today?")
    assert not recs[0]["error"]


def test_pasted_log_lines_continuing_the_ticket_ids_inside_a_closed_quote_stay_in_the_message(tmp_path):
    body = ('"Our import log shows these failures:\n'
            "63,114,Tallis,ops@tallis.com,end-user,true,2026-05-04T07:00:00Z,rejected\n"
            "64,115,Tallis,ops@tallis.com,end-user,true,2026-05-04T07:01:00Z,rejected\n"
            'Please check why."')
    recs = rows(tmp_path, "zd.csv", HEAD + f"63,1,{NADIA},true,2026-05-04T08:00:00Z,{body}\n"
                + f'63,2,{THEO},true,2026-05-04T09:00:00Z,"Looking now."\n')
    assert [r["status"] for r in recs] == ["ok", "ok"]
    assert "64,115,Tallis" in recs[0]["text"] and recs[0]["text"].endswith("Please check why.")


def test_broken_quoting_without_proof_of_swallowed_records_is_flagged_and_the_text_kept(tmp_path):
    body = '"log:\n62,99,x,x@y.com,end-user,true,2026-05-04T08:00:00Z,pasted\nit is a 5" disk"'
    recs = rows(tmp_path, "zd.csv", HEAD + f"62,1,{NADIA},true,2026-05-04T08:00:00Z,{body}\n"
                + f"62,2,{THEO},true,2026-05-04T09:00:00Z,On it\n")
    assert [r["status"] for r in recs] == ["ok", "ok"]
    assert "62,99,x" in recs[0]["text"] and "disk" in recs[0]["text"]
    assert "a quote on line 4 is not where CSV puts one" in recs[0]["error"]


# -- QA14v N5: every acknowledgement wording the note names is automated, with the sender's side ------

def test_an_automated_response_confirming_we_got_the_email_is_an_acknowledgement_not_our_reply(tmp_path):
    ack = "This is an automated response confirming we got your email. Please do not reply to this message."
    recs = rows(tmp_path, "zd.csv", HEAD + f"65,1,{NADIA},true,2026-05-04T12:00:00Z,Reports are slow.\n"
                + f'65,2,Brindle Support,help@brindle.io,agent,true,2026-05-04T12:00:30Z,"{ack}"\n')
    assert [r["status"] for r in recs] == ["ok", "automated"]
    assert "automated response" in recs[1]["error"]
    # an acknowledgement is sent on one side's behalf: it keeps that side, like an out-of-office reply
    assert recs[1]["direction"] == "outbound" and recs[1]["sender"] == "help@brindle.io"


def test_a_reply_that_confirms_receipt_and_goes_on_with_an_answer_stays_a_reply(tmp_path):
    reply = ("This is an automated response confirming we got your email. Your invoice 88 is corrected "
             "and the credit note is attached.")
    recs = rows(tmp_path, "zd.csv", HEAD + f"66,1,{NADIA},true,2026-05-04T12:00:00Z,Invoice 88 is wrong.\n"
                + f'66,2,{THEO},true,2026-05-04T13:00:00Z,"{reply}"\n')
    assert [r["status"] for r in recs] == ["ok", "ok"]


# -- QA14v N7: Zendesk's ticket-comments API response is read -------------------------------------

def comments_doc(**extra) -> str:
    return json.dumps({
        "comments": [
            {"id": 701, "type": "Comment", "author_id": 1, "body": "The scales stopped syncing at noon.",
             "public": True, "created_at": "2026-05-04T12:05:00Z"},
            {"id": 702, "type": "Comment", "author_id": 2, "body": "Their gateway is down, not ours.",
             "public": False, "created_at": "2026-05-04T12:30:00Z"},
            {"id": 703, "type": "Comment", "author_id": 2, "html_body": "<p>Hi Nadia, I will call you "
             "within the hour.</p>", "public": True, "created_at": "2026-05-04T12:40:00Z"}],
        "users": [{"id": 1, "name": "Nadia Ferro", "email": "nadia@tallis.com", "role": "end-user"},
                  {"id": 2, "name": "Theo Marsh", "email": "theo@brindle.io", "role": "agent"}],
        "count": 3, **extra})


def test_zendesk_ticket_comments_api_json_gives_one_row_per_comment_with_authors_from_users(tmp_path):
    doc = comments_doc(next_page=None,
                       previous_page="https://tallis.zendesk.com/api/v2/tickets/4410/comments.json?page=1")
    path = tmp_path / "comments.json"
    path.write_text(doc, encoding="utf-8")
    recs = fs.read(path, internal_domains=["brindle.io"]).to_dict("records")  # sniffed, not forced
    assert [r["message_id"] for r in recs] == ["ticket-4410.701", "ticket-4410.702", "ticket-4410.703"]
    assert [r["status"] for r in recs] == ["ok", "ok", "ok"]
    assert [r["direction"] for r in recs] == ["inbound", "internal", "outbound"]
    assert [r["sender_name"] for r in recs] == ["Nadia Ferro", "Theo Marsh", "Theo Marsh"]
    assert recs[0]["sender"] == "nadia@tallis.com" and recs[2]["text"] == "Hi Nadia, I will call you within the hour."


def test_a_ticket_comments_response_that_names_no_ticket_takes_the_ticket_from_the_file_name(tmp_path):
    recs = rows(tmp_path, "ticket_4410.json", comments_doc(next_page=None))
    assert {r["thread_id"] for r in recs} == {"ticket-4410"}
    assert [r["status"] for r in recs] == ["ok", "ok", "ok"]
    assert "file name" in recs[0]["error"] and not recs[1]["error"]
