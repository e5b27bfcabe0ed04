"""QA21 D1 D7 D8: a helpdesk comment is an automatic acknowledgement only when the WHOLE text is the
notice's boilerplate. A person's reply that borrows the notice's words keeps anything a person adds
(the client's name, a day, date or hour, the matter, an apology, a signature) and stays ``ok``, so its
promise is tracked; the stock notices of the common ticket systems are ``automated``, on our side and
on the client's own helpdesk alike."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from frictionscan.ingest.helpdesk import _acknowledgement, read_helpdesk
from frictionscan.ingest.registry import ReadOptions

# D1: an agent writing, in the notice's words
HUMAN = [
    # QA22: the same notice words, but a person's promise with the matter or a day
    "We have received your request (#4411). I'll get back to you with the refund tomorrow.",
    "We have received your request. We'll get back to you with the fix on Friday.",
    "Your request has been received and will be answered by Dana tomorrow with the refund.",
    "The team typically replies in a few hours, but I have already fixed your export.",
    "Thanks Ines. The team usually replies within a day; I'll chase them for you now.",
    # a dated promise
    "Hi Tom, we have received your request and will get back to you by Friday 6 November. Ticket #9102.",
    "We have received your request and will get back to you by Tuesday 17 March.",
    "We have received your request and will get back to you by Friday.",
    "We have received your request and will get back to you tomorrow.",
    "We have received your request and will get back to you on the 14th.",
    "Hi Tom, we have received your request. We will get back to you by Friday.",
    # an hour, "within the hour"
    "Thanks for your patience, Priya. We have received your request and will get back to you by 11:00 "
    "with a workaround.",
    "Hi Priya, we have received your request and will get back to you within the hour. Ticket #7712.",
    "Your ticket has been created and I will ring you at 4pm.",
    # what the answer will hold, the matter
    "Thanks for the logs. We have received your request and will get back to you after the migration tonight.",
    "We have received your request and will get back to you on Monday with the fix.",
    "We have received your request and will send the corrected quote shortly.",
    # the client's name, in a greeting or thanks
    "We have received your request and will get back to you shortly. Thanks for your patience, Ines!",
    "Hello Marta, we have received your request and will get back to you shortly.",
    "We have received your request and will get back to you shortly, Tom.",
    "Thanks Maria, we have received your files and will get back to you by Friday.",
    # a ticket "number" that is a status
    "We have received your request. Case 2-urgent.",
    "We have received your request. Ticket #4411-resolved.",
    # a person's signature
    "We have received your request and will get back to you by Friday. Ticket #4411. Kind regards, "
    "Omar Haddad, Support Engineer",
    "We have received your request and will be in touch soon. Ticket #4411. Omar",
    # an apology
    "Sorry for the wait. We have received your request and will get back to you shortly.",
]

# D7: the stock notices of common ticket systems, and variants of them
ACKS = [
    "Your request (12345) has been received and is being reviewed by our support staff.",
    "Your request (80213) has been received and is being reviewed by our support staff.\n\n"
    "To add additional comments, reply to this email.",
    "This is an automated response to let you know we have received your request (#1234). A member of our "
    "team will respond within 24 hours.\n\nPlease do not reply to this email.\n\nAcme Support",
    "This is an automated message confirming that we have received your ticket (#6620).",
    "Please do not reply to this email.",
    "Please don't reply to this message, as this mailbox is not monitored.",
    "Ticket received. A support agent will be with you shortly.",
    "Your ticket has been created with number #55821.",
    "Case 00412 has been received.",
    "We got your message! Our team typically replies in a few hours.",
    "Thanks for writing in! We got your message and our team usually replies within 2 hours.",
    "Thanks for your message. We're currently closed and will reply when we're back on Monday at 9am CET.",
    "Our support team is currently closed for the weekend. We will respond during business hours.",
    # QA22: the gate of 888ef80 had lost "out of the office"; a number or "we'll" lost the rest
    "We're currently out of the office and will reply when we're back on Monday at 9am CET.",
    "Our support desk is out of office for the holidays. We will respond during business hours.",
    "We have received your request (#4411) and will respond within 24 hours.",
    "We have received your request. We'll get back to you shortly.",
    "Thanks for reaching out. The team typically replies in a few hours.",  # Intercom's own words
    "Your request has been received and will be answered shortly.",
    "Thank you for your email. This message confirms that we have received your support request. Our typical "
    "response time is 4 hours during business hours. Your ticket number is 55821.",
    "Dear customer, thank you for contacting us. Your ticket has been created with number #55821. We will "
    "respond as soon as possible.",
    "Hi there,\n\nThanks for getting in touch! We've received your message and one of our team will get back "
    "to you within 1 business day.\n\nIn the meantime, check out our Help Center: https://help.example.com"
    "\n\nThe Example Team",
]


@pytest.mark.parametrize("text", HUMAN)
def test_a_reply_with_a_name_a_date_an_hour_the_matter_or_a_signature_is_not_an_acknowledgement(text):
    assert not _acknowledgement(text)


@pytest.mark.parametrize("text", ACKS)
def test_the_stock_acknowledgements_of_common_ticket_systems_are_recognised(text):
    assert _acknowledgement(text)


def _write(tmp_path: Path, rows: list[list[str]]) -> Path:
    p = tmp_path / "conversations.csv"
    with open(p, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Ticket Id", "Conversation Id", "From Email", "Incoming", "Private", "Created At", "Body"])
        w.writerows(rows)
    return p


def test_an_agents_dated_promise_in_the_notices_words_stays_a_reply(tmp_path: Path):
    p = _write(tmp_path, [
        ["9102", "1", "tom@harrow.com", "true", "false", "2026-11-02 09:00:00 +0000", "The export is broken."],
        ["9102", "2", "omar@brackley.io", "false", "false", "2026-11-02 09:30:00 +0000", HUMAN[0]],
    ])
    recs = list(read_helpdesk(p, ReadOptions(internal_domains=frozenset({"brackley.io"}))))
    assert [r["status"] for r in recs] == ["ok", "ok"]


def test_the_clients_own_helpdesk_acknowledgement_is_automated_and_stays_inbound(tmp_path: Path):
    ack = ("Thank you for contacting Harrow IT. We have received your request and will get back to you "
           "shortly. Ticket #HIT-4410.")
    p = _write(tmp_path, [
        ["4410", "1", "omar@brackley.io", "false", "false", "2026-11-02 09:00:00 +0000",
         "Could you send us the signed order form?"],
        ["4410", "2", "desk@harrow.com", "true", "false", "2026-11-02 09:01:00 +0000", ack],
    ])
    recs = list(read_helpdesk(p, ReadOptions(internal_domains=frozenset({"brackley.io"}))))
    assert [r["status"] for r in recs] == ["ok", "automated"]
    assert recs[1]["direction"] == "inbound"
    assert "automatic acknowledgement" in recs[1]["error"]


def test_a_client_who_writes_the_notices_words_without_a_machines_mark_is_writing(tmp_path: Path):
    p = _write(tmp_path, [
        ["4411", "1", "omar@brackley.io", "false", "false", "2026-11-02 09:00:00 +0000",
         "Could you send us the signed order form?"],
        ["4411", "2", "tom@harrow.com", "true", "false", "2026-11-02 10:00:00 +0000",
         "We have received your request and will get back to you shortly."],
    ])
    recs = list(read_helpdesk(p, ReadOptions(internal_domains=frozenset({"brackley.io"}))))
    assert [r["status"] for r in recs] == ["ok", "ok"]
