"""Hostile text found by the tenth session's code review: mail and transcripts are untrusted, so
no pattern may backtrack for seconds on a field of spaces, and an acknowledgement rule must not
swallow a client's words or a real answer."""

from __future__ import annotations

import types

from cpu_bound import within
from frictionscan.ingest import email as mail
from frictionscan.ingest.helpdesk import _acknowledgement
from frictionscan.ingest.transcripts import parse_text_transcript, unread_label

# (the old patterns took 5-15 s on these; a generous bound, not a speed measurement)
BOUND_S = 1.5


_quick = within(BOUND_S)


def test_a_msg_sender_or_recipient_of_thousands_of_spaces_is_read_at_once():
    rec: dict = {}
    _quick(mail._msg_sender, rec, types.SimpleNamespace(sender=" " * 3000 + "Vos, Joost"), None)
    assert "@" not in str(rec.get("sender") or "")
    got = _quick(mail._msg_recipients, types.SimpleNamespace(to=" " * 3000 + "x", cc=""), None, exchange=False)
    assert got in (None, "x")
    named: dict = {}
    mail._msg_sender(named, types.SimpleNamespace(sender='  "Keller, Anna"  <Anna.Keller@x.eu> '), None)
    assert named["sender"] == "anna.keller@x.eu"


def test_a_transcript_line_of_thousands_of_leading_spaces_is_read_at_once():
    assert _quick(unread_label, " " * 3000 + "x") is None
    turns = _quick(lambda: list(parse_text_transcript("Ann Lee: hi\n" + " " * 3000 + "and more\nBo Park: ok\n")))
    assert [t["text"] for t in turns] == ["hi and more", "ok"]


def test_an_acknowledgement_that_goes_on_about_the_matter_is_a_reply():
    assert not _acknowledgement("Your request has been received. We will get back to you about the refund "
                                "you were promised, it is 3 weeks late now.")
    assert _acknowledgement("Your request has been received. We will get back to you within one business day.")


def test_a_client_who_writes_that_the_ticket_was_created_is_writing_not_a_notice(tmp_path):
    import frictionscan as fs

    desk = tmp_path / "desk.csv"
    desk.write_text("ticket_id,author,author_email,role,created_at,body\n"
                    "T-9,Ann Lee,ann@acme.example,customer,2025-03-03T09:00:00+00:00,\"Hi, my ticket has been created.\"\n"
                    "T-9,Support,help@ourco.example,agent,2025-03-03T09:01:00+00:00,"
                    "Your request has been received. We will get back to you within one business day.\n",
                    encoding="utf-8")
    df = fs.read(desk, internal_domains=["ourco.example"])
    assert df["status"].tolist() == ["ok", "automated"]


def test_email_and_helpdesk_dates_read_a_zone_abbreviation_the_same_way(tmp_path):
    # review10: the email reader kept its own, shorter zone table ("SAST" was unknown there)
    import frictionscan as fs

    (tmp_path / "m.eml").write_text("From: a@acme.co.za\nTo: b@ourco.example\nSubject: x\n"
                                    "Date: Tue, 1 Apr 2025 10:00:00 SAST\nMessage-ID: <z1@acme.co.za>\n\n"
                                    "Still waiting.\n", encoding="utf-8")
    (tmp_path / "desk.csv").write_text("ticket_id,author,author_email,role,created_at,body\n"
                                       "T-1,Ann Lee,a@acme.co.za,customer,2025-04-01 10:00 SAST,Still waiting.\n",
                                       encoding="utf-8")
    df = fs.read(tmp_path, internal_domains=["ourco.example"])
    assert df["timestamp"].astype(str).tolist() == ["2025-04-01 08:00:00+00:00"] * 2
    assert df["utc_offset"].tolist() == [120, 120]


def test_raw_non_ascii_bytes_in_address_headers_cost_one_message_nothing(tmp_path):
    # QA18: a no-break space after the From address, or a zero-width space in a Message-ID,
    # crashed fs.read and scan and lost every message of the mailbox
    import frictionscan as fs

    good = b"From: Bo <bo@acme.example>\nTo: s@ourco.example\nSubject: a\nMessage-ID: <g1@acme.example>\n\nhello\n"
    bad = (b"From: Ann <ann@acme.example\xc2\xa0>\nTo: s@ourco.example\nSubject: b\n"
           b"Message-ID: <a\xe2\x80\x8b@acme.example>\n\nStill waiting on the export.\n")
    box = tmp_path / "box.mbox"
    box.write_bytes(b"From - Mon Apr 07 07:00:00 2025\n" + good + b"\nFrom - Mon Apr 07 08:00:00 2025\n" + bad)
    df = fs.read(box, internal_domains=["ourco.example"])
    assert len(df) == 2 and df["status"].eq("ok").all()
    assert df["sender"].tolist() == ["bo@acme.example", "ann@acme.example"]
    assert df.loc[1, "message_id"] == "a\u200b@acme.example"


def test_a_lone_surrogate_in_a_text_is_scored_not_a_crash():
    import pandas as pd

    import frictionscan as fs

    texts = pd.Series(["We are really upset \ud800 about this delay."], dtype=object)
    out = fs.score(pd.DataFrame({"text": texts}))
    assert 0 <= out.loc[0, "frustration"] <= 1
