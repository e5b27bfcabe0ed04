"""QA20 #4: a helpdesk's automatic acknowledgement written with the sentence kinds docs/ingest.md
names (thanks for writing, when we will answer, the ticket number) is ``automated``, in whatever
order they come; an agent's real reply that thanks the client or uses the same phrases is not."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from frictionscan.ingest.helpdesk import _acknowledgement, read_helpdesk
from frictionscan.ingest.registry import ReadOptions

ACKS = [
    "Thank you for contacting Brackley Support. We have received your request and will get back to "
    "you shortly. Ticket #5518.",
    "We have received your request and will get back to you shortly.",
    "Thank you for contacting us. We have received your request. Ticket #5518.",
    "Thanks for reaching out! We've received your ticket and will respond within one business day. "
    "Ticket ID: 5518",
    "Hello, we have received your message and will be in touch as soon as possible. Reference: BRK-5518.",
    "Thank you for contacting us.\nWe have received your request and will get back to you shortly.\n"
    "Case number 5518\n\nBrackley Support Team",
]

HUMAN = [
    # thanks, then the work done
    "Thank you for contacting us about the export. I have fixed the date column; please try again.",
    # the notice's words, then the matter itself
    "We have received your request and will get back to you shortly. Sorry again for the trouble "
    "with the export, Ines.",
    "Thank you for your patience, Ines. We have received your request and I have already reset the "
    "export job; it should run tonight.",
    "Thanks for the quick reply! We have received your request for the extra seats and will get back "
    "to you shortly.",
    "Thank you for contacting us. We have received your request. Ticket #5518 is fixed now, please retest.",
    "Thank you so much for your help with the audit. We have received your request. Ticket #5518.",
    "We have received your request and will get back to you about the refund you were promised, it is "
    "three weeks late now.",
    "Thanks for contacting me directly, Ines. I will get back to you shortly with the numbers.",
]


@pytest.mark.parametrize("text", ACKS)
def test_an_acknowledgement_made_of_the_named_sentence_kinds_is_recognised(text):
    assert _acknowledgement(text)


@pytest.mark.parametrize("text", HUMAN)
def test_an_agents_reply_that_thanks_the_client_or_borrows_the_phrases_is_not_an_acknowledgement(text):
    assert not _acknowledgement(text)


def test_a_freshdesk_auto_acknowledgement_is_automated_and_keeps_its_outbound_side(tmp_path: Path):
    p = tmp_path / "conversations.csv"
    with open(p, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Ticket Id", "Conversation Id", "From Email", "Incoming", "Private", "Created At", "Body"])
        w.writerow(["5518", "1", "ines@quarrow.com", "true", "false", "2026-03-02 09:00:00 +0100",
                    "Could you have a look at the export?"])
        w.writerow(["5518", "2", "help@brackley.io", "false", "false", "2026-03-02 09:01:00 +0100", ACKS[0]])
        w.writerow(["5518", "3", "omar@brackley.io", "false", "false", "2026-03-02 11:00:00 +0100", HUMAN[0]])
    recs = list(read_helpdesk(p, ReadOptions(internal_domains=frozenset({"brackley.io"}))))
    assert [r["status"] for r in recs] == ["ok", "automated", "ok"]
    assert recs[1]["direction"] == "outbound"
    assert "automatic acknowledgement" in recs[1]["error"]
