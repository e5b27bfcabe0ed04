"""fs.commitments names who a promise was made to even where the source has no recipients: the
other side of the same call or ticket (a call turn or a helpdesk reply is addressed to no one)."""

from __future__ import annotations

import pandas as pd

import frictionscan as fs

BASE = dict.fromkeys(fs.SIGNALS, 0.02)


def _row(i: int, thread: str, channel: str, direction: str, sender: str, name: str | None, text: str,
         recipients: str | None = None, **signals: float) -> dict:
    return {"message_id": f"{thread}.{i}", "thread_id": thread, "relationship": "acme",
            "direction": direction, "sender": sender, "sender_name": name, "recipients": recipients,
            "timestamp": pd.Timestamp("2026-03-02 10:00", tz="UTC") + pd.Timedelta(minutes=i),
            "channel": channel, "text": text, **BASE, **signals}


def _promises(rows: list[dict]) -> pd.DataFrame:
    return fs.commitments(pd.DataFrame(rows), now="2026-03-03").set_index("message_id")


def test_a_promise_made_on_a_call_is_made_to_the_client_side_speakers_of_that_call():
    call = [
        _row(0, "m1", "transcript", "inbound", "Lee, Ann", "Ann Lee", "The export failed again."),
        _row(1, "m1", "transcript", "inbound", "Bo Park", "Bo Park", "Twice this week."),
        _row(2, "m1", "transcript", "outbound", "Dana Whitlock", "Dana Whitlock",
             "I will send the fixed export by Friday.", commitment=0.9),
        _row(3, "m1", "transcript", "outbound", "Sam Okafor", "Sam Okafor", "Noted."),
        _row(4, "m2", "transcript", "inbound", "Cy Doe", "Cy Doe", "Another call, another client."),
    ]
    got = _promises(call)
    assert got.loc["m1.2", "promised_by"] == "Dana Whitlock"
    assert got.loc["m1.2", "promised_to"] == "Ann Lee, Bo Park"


def test_a_helpdesk_reply_promise_is_made_to_the_ticket_requester_named_like_its_author():
    ticket = [
        _row(0, "t-9", "helpdesk", "inbound", "ann@acme.example", "Ann Lee", "Our invoices are wrong."),
        _row(1, "t-9", "helpdesk", "outbound", "tom@ourco.example", "Tom Herrera",
             "We will reissue the invoices by Friday.", commitment=0.9),
    ]
    got = _promises(ticket)
    assert got.loc["t-9.1", "promised_by"] == "tom@ourco.example"
    assert got.loc["t-9.1", "promised_to"] == "ann@acme.example"


def test_recipients_the_source_names_are_kept_as_they_are():
    mail = [
        _row(0, "e1", "email", "inbound", "ann@acme.example", "Ann Lee", "Where is the report?",
             recipients="tom@ourco.example"),
        _row(1, "e1", "email", "outbound", "tom@ourco.example", "Tom Herrera",
             "I will send the report by Friday.", recipients="cfo@acme.example", commitment=0.9),
    ]
    assert _promises(mail).loc["e1.1", "promised_to"] == "cfo@acme.example"


def test_a_promise_with_no_one_on_the_other_side_is_made_to_no_one_known():
    alone = [_row(0, "m3", "transcript", "outbound", "Dana Whitlock", "Dana Whitlock",
                  "I will send the fixed export by Friday.", commitment=0.9)]
    assert pd.isna(_promises(alone).loc["m3.0", "promised_to"])
