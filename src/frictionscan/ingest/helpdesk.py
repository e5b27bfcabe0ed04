"""Helpdesk ticket exports (CSV or JSON Lines, one row per comment/reply; Jira CSV, one row per
issue) -> message records.

Reader ``helpdesk`` (detected from the header row or the first JSON object's keys; force it with
``format="helpdesk"``). Each export row is mapped onto canonical fields through a **preset** (a known
column layout) and/or a ``columns=`` mapping ``{canonical field: column in the export}``:

==================  ===============================================================================
canonical field     meaning
==================  ===============================================================================
``ticket_id``       ticket / conversation id -> ``thread_id`` (``ticket-<id>``) (required)
``body``            comment body, HTML or plain text (required)
``comment_id``      comment / part / thread id -> ``message_id`` (``ticket-<id>.<comment id>``)
``author``          author name -> ``sender_name`` (and ``sender`` when there is no e-mail)
``author_email``    author e-mail -> ``sender`` (lower-cased)
``role``            author role: agent/admin/staff/user(Help Scout) = outbound; end-user/requester/
                    customer/contact/lead/user(Intercom) = inbound; system/automation/bot/workflow/
                    trigger = a row the helpdesk wrote (``status="automated"``, no direction)
``public``          public-comment flag (false -> internal note)
``private``         private/internal flag (true -> internal note)
``incoming``        direction column: true/incoming/inbound/in/customer/"customer reply" -> inbound,
                    false/outgoing/outbound/out/agent/"public reply" -> outbound, internal/note ->
                    internal, system/bot -> automated (case and ``-``/``_`` ignored; "Incoming
                    email" too). Another value gives no direction from this column and the row's
                    ``error`` names it.
``part_type``       Intercom part type / Help Scout thread type (``note`` -> internal note;
                    Help Scout ``customer`` -> inbound, ``message``/``reply`` -> outbound)
``created_at``      when it was written (ISO text, common date formats, or Unix seconds/ms); a zone
                    name after the date is honoured (``CET``, ``Europe/Berlin``, ``GMT+2``, see
                    :func:`_split_zone`); a time with no zone is UTC, noted on the file's first one
``subject``         ticket subject -> ``subject``
``organization``    the client organisation -> ``relationship`` (for every row of the ticket)
``requester_email`` requester e-mail (its domain gives the account when there is no organisation)
==================  ===============================================================================

A JSON file holding one document shaped like a vendor's API response is read as its records (see
:func:`_document_records`): an object with one list of records (``{"results": [...]}``), an Intercom
conversation (its source message then each of its ``conversation_parts``), Zendesk ``tickets`` with
``comments`` and ``users``, Zendesk's ticket-comments response (``comments`` and ``users``). A list of objects inside a record is addressed by position
(``senders.0.name``).

Presets: ``zendesk``, ``freshdesk``, ``intercom``, ``helpscout``, ``hubspot``, ``jira`` (column names compared
case-insensitively, ignoring spaces, ``_`` and ``-``). With ``preset=None`` the layout whose columns
match best is chosen; ``columns=`` entries override or complete it, so any other export works with a
mapping alone, e.g. ``columns={"ticket_id": "Case", "body": "Message", "author": "Who"}``.

Preset ``jira`` (chosen whenever the header has ``Issue key`` and a ``Comment`` or ``Description``
column): Jira and Jira Service Management CSV exports hold one row per *issue*, its comments in
repeated ``Comment`` columns, each cell ``"10/Mar/25 9:14 AM;<author account id or name>;<text>"``
(the text may hold ``;`` and newlines). Each issue gives its ``Description`` as the first record
(``message_id`` ``ticket-<key>.0``; author ``Reporter``, time ``Created``, inbound unless the reporter
is ours), then one record per non-empty ``Comment`` cell (``ticket-<key>.<column number>``) in column
order. A comment is outbound when its author is the issue's ``Assignee`` (or ``Assignee Id``), an
address in ``internal_domains``, anyone assigned an issue in the file, or in ``internal_speakers``
(names or account ids); inbound when it is the ``Reporter`` (``Reporter Id``, ``Reporter email``) or a
``Request participants`` entry; otherwise None (a bare account id the export does not resolve).
Dates carry no zone and are read as UTC (the file's first record says so in ``error``). ``relationship`` is the ``Organizations`` cell, else the
reporter's e-mail domain through ``accounts``. A comment cell not in that layout keeps its whole text
in a ``status="error"`` record; an issue with neither description nor comments is one error record.
CSV exports do not mark internal comments, so none is ``"internal"``.

Records: ``channel="helpdesk"``; ``direction`` ``"internal"`` for internal notes, otherwise from the
incoming column or the role (falling back on the author's e-mail, or an address in the author cell,
against ``internal_domains``). When no column can tell (no incoming/role/part-type column and no
address decides), the file's first such row notes in ``error`` which ``columns=`` entry helps;
``relationship`` = the ticket's
organisation, else the requester's (first inbound author's) e-mail mapped through ``accounts``
(address, then domain), else that domain, else ``options.relationship``. A ``relationship`` mapping is
looked up by file name, file stem, then the organisation name (to rename organisations to accounts). HTML bodies are rendered to text and,
like plain ones, split into ``text`` and ``quoted_text`` with :func:`frictionscan.clean.split_reply`.
A ticket system's automatic acknowledgement ("Your request (#7001) has been received") and a client's
out-of-office reply are ``status="automated"`` (see :func:`_acknowledgement`), never a reply.

Bad rows never raise: a row with a missing ticket id, an empty body or the wrong number of CSV fields,
or an invalid JSON line, becomes one record with ``status="error"`` and a reason (rows out = rows in);
a quoted CSV cell that is never closed is cut where the records it swallowed start, and each of them
becomes its own error record (:func:`_split_swallowed`), but only when the quoting proves the cell was
left open (:func:`_quote_verdict`): a quote that closes is trusted, so a pasted log or CSV extract stays
in its message; a file cut inside a quoted cell makes its last record an error;
a file with no usable ticket id/body column becomes one error record that names the columns it found.

Examples
--------
>>> import tempfile, pathlib
>>> from frictionscan.ingest.registry import ReadOptions
>>> p = pathlib.Path(tempfile.mkdtemp()) / "tickets.csv"
>>> _ = p.write_text("Ticket ID,Author,Author role,Public,Created at,Body\\n"
...                  "7,Ann Lee,end-user,true,2025-02-03 10:00,Still broken!\\n"
...                  "7,Bo Chen,agent,false,2025-02-03 10:05,<p>she is upset</p>\\n")
>>> [(r["sender"], r["direction"], r["text"]) for r in read_helpdesk(p, ReadOptions())]
[('Ann Lee', 'inbound', 'Still broken!'), ('Bo Chen', 'internal', 'she is upset')]
"""

from __future__ import annotations

import csv
import email.utils
import hashlib
import io
import json
import re
from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

from .._when import implausible_time
from ..clean import out_of_office
from ..errors import InvalidOptionError
from ._zones import AMBIGUOUS_ZONES, ZONE_HOURS
from .accounts import account_for, is_internal
from .registry import (
    INTERNAL_ERROR,
    JSON_TOO_DEEP,
    Reader,
    ReadOptions,
    failure_reason,
    register_reader,
)
from .transcripts import decode_text, stray_nuls

__all__ = ["CANONICAL_FIELDS", "PRESETS", "detect_preset", "read_helpdesk", "resolve_columns"]

Record = dict[str, Any]

#: Canonical fields a helpdesk row can map to (see the module docstring).
CANONICAL_FIELDS: tuple[str, ...] = (
    "ticket_id", "comment_id", "author", "author_email", "role", "public", "private", "incoming",
    "part_type", "created_at", "body", "subject", "organization", "requester_email",
)

#: Preset -> canonical field -> candidate column names (first present wins).
PRESETS: dict[str, dict[str, tuple[str, ...]]] = {
    "zendesk": {
        "ticket_id": ("ticket id", "ticket_id", "ticket", "ticket number", "ticket no", "ticket no.", "ticket #"),
        "comment_id": ("comment id", "comment_id", "audit id"),
        "author": ("author", "author name", "author_name", "comment author", "commenter"),
        "author_email": ("author email", "author_email", "comment author email", "commenter email"),
        "role": ("author role", "author_role", "role", "user role"),
        "public": ("public", "is public", "comment public"),
        "created_at": ("comment created at", "created at", "created_at", "comment created"),
        "body": ("html body", "html_body", "comment body", "body", "plain body", "comment"),
        "subject": ("subject", "ticket subject"),
        "organization": ("organization", "organization name", "organization_name", "org"),
        "requester_email": ("requester email", "requester_email", "requester"),
    },
    "freshdesk": {
        "ticket_id": ("ticket id", "ticket_id", "ticket number", "ticket no", "ticket no.", "ticket #"),
        "comment_id": ("conversation id", "conversation_id", "note id", "id"),
        # a ticket export (one row per ticket, body = Description) names the requester in "Full name"
        # and the *assigned* agent in "Agent": the description's author is the requester
        "author": ("from", "from name", "user name", "author", "author name", "author_name", "full name",
                   "contact name", "requester name", "requester"),
        "author_email": ("from email", "from_email", "user email", "author email", "author_email", "email"),
        "role": ("author type", "author_type", "author role", "author_role"),
        "incoming": ("incoming", "is incoming"),
        "private": ("private", "is private"),
        "created_at": ("created at", "created time", "created_at"),
        "body": ("body html", "body_html", "body", "body text", "body_text", "description"),
        "subject": ("subject",),
        "organization": ("company", "company name", "company_name"),
        "requester_email": ("requester email", "contact email"),
    },
    "intercom": {
        "ticket_id": ("conversation_id", "conversation id"),
        "comment_id": ("part_id", "conversation_part_id", "part id"),
        "author": ("author_name", "author name", "author.name"),
        "author_email": ("author_email", "author email", "author.email"),
        "role": ("author_type", "author type", "author.type"),
        "part_type": ("part_type", "part type"),
        "created_at": ("created_at", "created at"),
        "body": ("body", "part_body"),
        "subject": ("conversation_title", "title", "subject"),
        "organization": ("company_name", "company", "company.name"),
        "requester_email": ("contact_email", "user_email", "contact.email"),
    },
    "helpscout": {
        "ticket_id": ("conversation number", "conversation id", "conversation_number", "conversation_id"),
        "comment_id": ("thread id", "thread_id"),
        "author": ("created by", "created_by", "author", "created by name"),
        "author_email": ("created by email", "created_by_email"),
        "role": ("created by type", "created_by_type"),
        "part_type": ("thread type", "thread_type", "type"),
        "created_at": ("thread created at", "created at", "created_at"),
        "body": ("thread body", "body", "text"),
        "subject": ("subject",),
        "organization": ("company", "customer company", "organization"),
        "requester_email": ("customer email", "customer_email"),
    },
    # HubSpot conversations API messages ({"results": [...]}, one object per message)
    "hubspot": {
        "ticket_id": ("conversationsthreadid", "thread id", "threadid"),
        "comment_id": ("id", "message id"),
        "author": ("senders.0.name", "sender name"),
        "author_email": ("senders.0.deliveryidentifier.value", "sender email"),
        "incoming": ("direction",),
        "part_type": ("type",),
        "created_at": ("createdat", "created at"),
        "body": ("text", "richtext", "rich text"),
        "subject": ("subject",),
    },
    # one row per issue (Jira / Jira Service Management CSV): read by _read_jira, which splits the
    # repeated "Comment" columns into rows; these names serve issue-level fields and JSON exports
    "jira": {
        "ticket_id": ("issue key",),
        "author": ("reporter",),
        "author_email": ("reporter email",),
        "created_at": ("created",),
        "body": ("description", "comment"),
        "subject": ("summary",),
        "organization": ("organizations", "organization", "custom field (organizations)"),
        "requester_email": ("reporter email",),
    },
}

_OUTBOUND_ROLES = {"agent", "admin", "administrator", "staff", "support", "operator", "team",
                   "owner", "assignee", "light agent", "collaborator", "account manager", "employee"}
_INBOUND_ROLES = {"end-user", "end user", "enduser", "requester", "customer", "contact", "lead",
                  "client", "visitor", "end_user"}
# "user" means the customer in Intercom and the agent in Help Scout.
_PRESET_ROLES = {"intercom": {"user": "inbound"}, "helpscout": {"user": "outbound"},
                 "zendesk": {"user": "inbound"}, "freshdesk": {"user": "inbound"}}
_NOTE_TYPES = {"note", "internal note", "internal", "private note", "lineitem", "private"}
# parts and threads the helpdesk writes itself (Intercom's assignment/open/close..., Help Scout's
# lineitem "Assigned to Bo"): rows with status "automated", never a message of either side
_SYSTEM_TYPES = {"assignment", "assign_and_reopen", "assign_and_unsnooze", "away_mode_assignment",
                 "open", "close", "closed", "snoozed", "unsnoozed", "timer_unsnooze", "participant_added",
                 "participant_removed", "conversation_rating_changed", "lineitem", "state_change",
                 "thread_status_change", "welcome_message"}
# author roles (and incoming-column values) of rows the helpdesk or a bot wrote ("Ticket assigned
# to Mia Lund", an Intercom Operator message): status "automated", never a message of either side
_SYSTEM_ROLES = {"system", "automation", "automations", "automated", "bot", "workflow", "trigger",
                 "rule", "system user", "integration"}
# values of an ``incoming`` (direction) column, after lower-casing and joining words with one space
_IN_WORDS = {"true", "1", "yes", "y", "t", "incoming", "inbound", "in", "received", "customer",
             "client", "requester", "end user", "enduser", "contact", "customer reply", "client reply",
             "customer message", "reply from customer", "from customer"}
_OUT_WORDS = {"false", "0", "no", "n", "f", "outgoing", "outbound", "out", "sent", "agent", "staff",
              "support", "admin", "agent reply", "staff reply", "public reply", "reply from agent",
              "from agent", "agent message", "response"}
_NOTE_WORDS = {"internal", "internal note", "private", "private note", "note", "internal comment",
               "private comment"}
# "Incoming email", "Outbound call": a direction word, then what was sent
_MEDIA = {"email", "e mail", "mail", "message", "reply", "call", "chat", "comment", "sms", "text"}
_DIRECTION_WORDS = ("incoming/outgoing, inbound/outbound, in/out, customer/agent, true/false, "
                    "or internal/note")
_TRUE = {"true", "1", "yes", "y", "t", "public"}
_FALSE = {"false", "0", "no", "n", "f", "private", "internal"}
# ----------------------------------------------------------------------------------------------
# a ticket system's automatic acknowledgement ("Your request (#7001) has been received")
#
# Helpdesks post these into the ticket as a public comment by the agent (or a macro user) a minute
# after the client writes; counted as our reply, they hide an unanswered client. The email reader
# knows the same notice only by its subject ("We have received your request"); the text rule lives
# here until a shared one exists beside frictionscan.clean.out_of_office.

_ACK_THING = (r"(?:support |service |help )?(?:request|ticket|case|enquiry|inquiry|message|e-?mail|query|"
              r"question|submission)")
#: a ticket number: "#4411", "55821", "BRK-5518" (never "4411-resolved", "2-urgent")
_ACK_NUM = r"#?\s*(?:[A-Z]{1,6}-)?\d+(?:-\d+)?(?![\w-])"
#: The notice itself: one sentence of the text must hold it.
_ACK = re.compile(
    r"\b(?:(?:(?:your|the|this|a|a new|new)\s+)?" + _ACK_THING +
    r"(?:\s*\(?\s*(?:(?:#|no\.?\s*|number\s*)\s*[\w-]+|[A-Z]{0,6}-?\d[\d-]*)\s*\)?)?"
    r"\s+(?:has been|have been|was|is|got) (?:successfully |now )?(?:received|created|logged|opened|"
    r"registered|submitted|recorded|raised)"
    r"|(?:your |a |the )?(?:ticket|request|case|message|enquiry|inquiry) received"
    r"|we(?:['’]ve| have)? (?:successfully |now )?(?:received|got) your " + _ACK_THING +
    r"|this (?:message|e-?mail|notification|note) (?:is to )?confirms? (?:that )?(?:we(?:['’]ve| have)? "
    r"(?:received|got)|(?:the )?receipt of) (?:your|the) " + _ACK_THING +
    r"|(?:we(?:['’]re| are)|our (?:office|support team|support desk|team|help ?desk|support) (?:is|are)) "
    r"(?:currently |now |temporarily )?(?:closed|offline|out of (?:the )?office|outside (?:of )?(?:our )?"
    r"(?:business|office|opening|support|working) hours)(?: for the (?:day|night|weekend|holidays?))?"
    r"|please (?:do not|don['’]t) reply(?: directly)?(?: to this (?:automated |automatic )?(?:e-?mail|message|"
    r"address|notification))?(?:,? (?:as|because|since) this (?:mailbox|address|inbox) is (?:not monitored|"
    r"unmonitored))?"
    r"|(?:the|our) (?:\w+ )?team (?:typically|usually|normally|generally) (?:replies|responds|gets back to you)"
    r" (?:in|within) (?:a few|an?|one|two|\d{1,3}) (?:business |working )?(?:minutes?|hours?|days?)"
    r"|this is an? (?:automated|automatic|auto-?generated|system[- ]generated|auto) (?:response|reply|"
    r"message|notification|e-?mail|acknowledge?ment|confirmation|notice))\b", re.I)
#: What may follow the notice in its sentence ("... and is being reviewed by our team").
_ACK_GOES_ON = re.compile(
    r"\s*(?:,|and|,\s*and)?\s*(?:it\s+)?(?:is|are|will be|has been)\s+(?:now\s+)?(?:being\s+)?"
    r"(?:reviewed|processed|handled|assigned|looked at|forwarded|routed|queued|passed on|answered|"
    r"responded to|dealt with)"
    r"(?:\s+(?:by|to)\s+(?:our|the|a|an|one of our)\s+[\w'’ -]{0,30}?"
    r"(?:team|agents?|staff|engineers?|specialists?|department|desk))?"
    r"|\s*(?:for you|on your behalf|in our system|with (?:us|our (?:support )?team))"
    # "We have received your request (#4411)"
    r"|\s*\(\s*" + _ACK_NUM + r"\s*\)"
    r"|\s*(?:with|under) (?:the )?(?:ticket |reference |case )?(?:number|id|reference)\s*:?\s*" + _ACK_NUM +
    # "This is an automated response confirming we got your email"
    r"|\s*,?\s*(?:(?:to\s+)?confirm(?:ing|s)?|(?:which|that)\s+confirms|to let you know)\s+(?:that\s+)?"
    r"(?:we(?:['’]ve| have)?\s+(?:successfully\s+|now\s+)?(?:received|got)|(?:the\s+)?receipt of)\s+"
    r"(?:your|the)\s+" + _ACK_THING + r"(?:\s*\(\s*" + _ACK_NUM + r"\s*\))?", re.I)
#: when a notice says we will answer: only a stock time ("shortly", "within one business day", "when
#: we're back"), never a day, date or hour a person names ("by Friday 6 November", "by 11:00",
#: "within the hour") nor what the answer will hold ("with the fix")
_ACK_DAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|the next (?:business|working) day)"
_ACK_WHEN = (
    r"(?:\s+to (?:you|your (?:request|message|e-?mail|ticket|enquiry|inquiry|query|question)))?"
    r"(?:\s*,?\s*(?:shortly|soon|as soon as (?:possible|we can)|asap|promptly|as quickly as (?:possible|we can)"
    r"|at the earliest (?:opportunity|convenience)|in due course"
    r"|in (?:the )?order (?:it was|they were|requests are|tickets are) received"
    r"|(?:within|in|under) (?:the next |less than |about |around |up to )?(?:a|an|one|two|three|four|five|six|"
    r"a few|a couple of|\d{1,3})\s+(?:business |working )?(?:minutes?|hours?|days?)"
    r"|(?:by|on|within) (?:the )?(?:next|following) (?:business|working) day"
    r"|during (?:our )?(?:normal |regular |usual )?(?:business|office|opening|working|support) hours"
    r"|when (?:we(?:['’]re| are) back|we (?:re)?open|our (?:office|team|support team) (?:re)?opens?)"
    r"(?: on " + _ACK_DAY + r")?(?: (?:at|from) \d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)?(?: [A-Z]{2,4})?)?))*")
_ACK_ORG = r"(?:us|(?-i:[A-Z][\w&'’.-]*)(?:\s+(?-i:[A-Z][\w&'’.-]*)){0,4})"
_ACK_GREET = r"(?:hi|hello|hey|dear|greetings|good (?:morning|afternoon|day|evening))"
#: The other sentences an acknowledgement holds: a greeting to no one in particular, thanks for
#: writing, when we will answer, how to follow the ticket, its number, "do not reply", a closing.
_ACK_FILLER = re.compile(
    r"(?:" + _ACK_GREET + r"(?:\s+(?:there|all|everyone|team|folks|customer|valued customer|client|user|friend|"
    r"sir(?: or madam)?|madam|sir/madam))?\s*[,!.:]?\s*)?(?:"
    r"(?:many )?(?:thanks?|thank you)(?: very much| so much)?(?: for (?:contacting|reaching out to|writing to|"
    r"getting in touch with|choosing|using) " + _ACK_ORG +
    r"| for (?:reaching out|writing(?: in| to us)?|getting in touch|your (?:e-?mail|message|request|enquiry|"
    r"inquiry|query|ticket|submission)))\W{0,3}"
    r"|to (?:confirm|let you know|acknowledge)\b.{0,30}\b(?:received|receipt)\b.{0,40}"
    r"|(?:we|our (?:\w+ ){0,2}?(?:team|agents?|staff|engineers?|specialists?)|one of (?:our|the) (?:\w+ ){0,2}?"
    r"(?:team|agents?|staff|engineers?|specialists?|team members?)|an? (?:\w+ ){0,2}?(?:agent|member of "
    r"(?:our|the) (?:\w+ )?team|team member|representative|engineer|specialist))(?:\s+|(?=['’]ll\b))"
    r"(?:(?:will|['’]ll|aim to|try to|endeavou?r to|strive to|expect to|hope to|usually|typically|normally|"
    r"generally|(?:is|are) (?:working|going) to|(?:will|['’]ll) (?:try|aim) to)\s+)?"
    r"(?:reply|replies|respond|responds|answer|answers|get back|gets back|be in touch|contact you|"
    r"follow up|be with you|review it|look into it)" + _ACK_WHEN + r"\W{0,3}"
    r"|(?:our )?(?:typical|usual|average|normal|current|expected|estimated) (?:response|reply|wait(?:ing)?) "
    r"times? (?:is|are)(?: currently)?\s+(?:about |around |under |less than |up to |within )?(?:\d{1,3}|one|two|"
    r"three|four|a few)\s+(?:business |working )?(?:minutes?|hours?|days?)" + _ACK_WHEN + r"\W{0,3}"
    r"|(?:our )?(?:office|opening|business|support|working) hours are\b[\w\s,:–—/-]{0,60}\W{0,3}"
    r"|(?:you (?:can|may)|to) (?:view|track|check|follow|see|add|reply)\b"
    r"(?![^.!]*\bI(?:['’]\w+)?\b)"
    r"(?=.{0,100}\b(?:ticket|request|case|status|portal|e-?mail|message|link|comments?|information|"
    r"details)\b).{0,120}"
    r"|(?:your |the )?(?:ticket|reference|ref|case|request|tracking)(?: (?:number|no\.?|id|reference|ref))?"
    r"\s*(?:is\s*|:\s*)?" + _ACK_NUM + r"\W{0,3}"
    r"|please (?:quote|include|keep|reference|use)\b.{0,40}\b(?:number|id|reference|subject)\b.{0,40}"
    r"|this (?:mailbox|address|inbox) is (?:not monitored|unmonitored)\W{0,3}"
    r"|this (?:e-?mail|message) is a service (?:from|of) " + _ACK_ORG + r"\W{0,3}"
    r"|in the meantime,?\s+(?:you (?:can|may|might) (?:also )?)?(?:check out|visit|browse|see|search|take a look at)"
    r" (?:our )?[\w\s]{0,30}?(?:help cent(?:er|re)|knowledge ?base|faqs?|docs|documentation|community|"
    r"status page|guides?)\b(?:\s*[:-]?\s*(?:https?://|www\.)\S+)?\W{0,3}"
    r"|(?:(?:with )?(?:best|kind|warm|many)\s+)?(?:regards|wishes|thanks)\W{0,3}(?:(?:the\s+)?"
    r"(?:(?-i:[A-Z])[\w&'’.-]*\s+){0,4}(?:team|support|desk|helpdesk|service|care|services)\W{0,3})?"
    r"|(?:best|cheers|thanks|thank you|sincerely)\W{0,3})?", re.I)
#: "Hi Nadia," / "Hello Tom": a greeting with a name, which a person writes (or a macro signed by
#: the desk, below)
_ACK_NAMED = re.compile(_ACK_GREET + r"\s+(?-i:[A-Z])[\w'’.-]*(?:\s+(?-i:[A-Z])[\w'’.-]*)?\s*[,!.:]?", re.I)
#: A signature line of the notice: "The Quillstone Support Team", "Customer Care".
_ACK_SIGNOFF = re.compile(r"(?:[—–-]\s*)?(?:[Tt]he\s+)?(?:[A-Z][\w&'’.-]*\s+){0,4}"
                          r"(?:Team|Support|Desk|Helpdesk|Service|Care|Services)\W{0,3}")
#: what only a machine writes, asked of a client-side (inbound) notice: a ticket number, "automated",
#: "do not reply", a desk's signature
_ACK_MACHINE = re.compile(r"#\s*[\w-]*\d|\b(?:ticket|case|reference|ref|request|tracking)(?: (?:number|no\.?|id))?"
                          r"\s*(?:is\s*|:\s*)?(?:[A-Z]{1,6}-)?\d|automat|n(?:o|['’])t reply|"
                          r"(?:^|\n)[^\S\n]*(?:the\s+)?(?:[\w&'’.-]+\s+){0,4}(?:team|support|desk|helpdesk)\W*$",
                          re.I)
_ACK_DESK = re.compile(r"(?:regards|wishes|thanks)\W.*\b(?:team|support|desk|helpdesk|service|care|services)\W{0,3}$"
                       r"|^this (?:e-?mail|message) is a service", re.I)
_ACK_REASON = ("an automatic acknowledgement from the ticket system (from its text: \"request received\", "
               "\"ticket created\" or \"automated response\"), not a reply")
_ACK_PARTS = re.compile(r"(?<=[.!])\s+|\n+")
#: "Your request has been received and will be answered shortly": what is left after the notice
_ACK_WHEN_ONLY = re.compile(_ACK_WHEN + r"\W{0,3}", re.I)
#: "... and will get back to you shortly": the notice's own "we" goes on without repeating it
_ACK_WILL = re.compile(r"(?:will|['’]ll|aim to|try to|expect to|hope to)\b", re.I)
_ACK_NOUN = re.compile(r"request|ticket|case|enquiry|inquiry|message|mail|query|question|submission")
_ACK_VERB = re.compile(r"receiv|creat|logged|opened|regist|submit|recorded|raised|got your")
#: the notices' words without "received"/"created": "automated", "do not reply", "we're closed"
_ACK_GATE = ("auto", "t reply", "closed", "outside", "offline", "office", "typically", "usually")


def _desk_signed(body: str) -> bool:
    """True when a raw body's last line is a desk's signature ("Brindle Support", "The Acme Team"),
    which cleaning drops from ``text`` as a signature."""
    tail = re.sub(r"<[^>]*>", "\n", body[-300:]).strip().splitlines()
    return bool(tail) and _ACK_SIGNOFF.fullmatch(" ".join(tail[-1].split())) is not None


def _acknowledgement(text: str, inbound: bool = False, raw: str = "") -> bool:
    """True when a short text is a ticket system's automatic acknowledgement, not a reply: the WHOLE
    text is the notice's boilerplate. One sentence says the request was received or created ("Your
    request (#7001) has been received and is being reviewed by our team", "We have received your
    request", "This is an automated response", "Please do not reply to this email", "We're
    currently closed") and every other sentence belongs to such a notice (a greeting to no one in
    particular, thanks for writing, when we will answer in stock words, the ticket number or link,
    a closing from the desk). Anything a person adds makes it a reply: the client's name in a
    greeting or thanks (unless the text is signed by the desk: a macro), a day, date or hour ("by
    Friday 6 November", "by 11:00", "within the hour"), the matter itself, an apology, a question,
    a person's signature. ``raw``: the body before cleaning, whose desk signature cleaning
    dropped. ``inbound`` (the client's own helpdesk) also asks for a mark only a
    machine writes: a ticket number, "automated", "do not reply", a desk's signature.

    >>> _acknowledgement("Thank you for contacting Acme Support. Your request (#7001) has been received "
    ...                  "and is being reviewed by our team. We aim to reply within one business day.")
    True
    >>> _acknowledgement("We have received your request and fixed the label driver, please try again.")
    False
    >>> _acknowledgement("We have received your request. I have reset your password.")
    False
    >>> _acknowledgement("Your request has been received. We will get back to you about the refund you "
    ...                  "were promised, it is 3 weeks late now.")
    False
    >>> _acknowledgement("Hi Tom, we have received your request and will get back to you by Friday 6 November.")
    False
    """
    if not text or len(text) > 900 or "?" in text:
        return False
    low = text.lower()
    # cheap gates first (a case-blind regex costs ~10 µs a text): most replies stop here
    for g in _ACK_GATE:
        if g in low:
            break
    else:
        if not (_ACK_VERB.search(low) and _ACK_NOUN.search(low)):
            return False
    if _ACK.search(text) is None:
        return False
    if inbound and _ACK_MACHINE.search(text) is None:
        return False
    seen = named = desk = False
    for part in _ACK_PARTS.split(text):
        x = " ".join(part.split()).strip()
        if not x.strip(" .,!-–—"):
            continue
        m = _ACK.search(x)
        if m is not None:
            g = _ACK_GOES_ON.match(x, m.end())
            before = x[: m.start()].strip(" ,:;-–—")
            after = re.sub(r"^(?:and|so)\s+", "", x[(g or m).end():].strip(" ,:;-–—.!"), flags=re.I)
            if before and not _ACK_FILLER.fullmatch(before):
                if not _ACK_NAMED.fullmatch(before):  # "Hi Tom, we have received ..."
                    return False
                named = True
            # "..., and a member of our team will get back to you shortly"
            if (not after or _ACK_FILLER.fullmatch(after) or _ACK_WHEN_ONLY.fullmatch(f" {after}")
                    or (_ACK_WILL.match(after) and _ACK_FILLER.fullmatch(f"we {after}"))):
                seen = True
                continue
            return False
        if _ACK_SIGNOFF.fullmatch(x):
            desk = True
            continue
        if _ACK_FILLER.fullmatch(x):
            desk = desk or _ACK_DESK.search(x) is not None  # "Kind regards, Brindle Support"
            continue
        if _ACK_NAMED.fullmatch(x):
            named = True
            continue
        return False
    # a greeting by name is a person's, unless the desk signs the text (a macro filled in)
    return seen and (not named or desk or _desk_signed(raw))


_HTML = re.compile(r"<(?:p|div|br|html|body|span|a|b|i|em|strong|ul|ol|li|table|blockquote|img|h\d)\b",
                   re.I)


def _key(name: Any) -> str:
    return re.sub(r"[\s_\-]+", "", str(name).strip().lower())


#: layouts whose own thread key is a conversation that lives longer than any ticket raised from it:
#: an incremental export where a conversation first has one part must key it the same way as a
#: later one where it has several
_CONVERSATION_PRESETS = frozenset({"intercom", "helpscout", "hubspot"})


def _repeats(rows: list, column: str) -> bool:
    """Some non-empty value of ``column`` occurs on two rows (a thread key, not a comment id)."""
    seen: set[str] = set()
    for row, _problem in rows:
        v = _text(row.get(column))
        if v and v in seen:
            return True
        seen.add(v)
    return False


def _content_id(crow: Mapping[str, Any], n: int, seen: dict[str, int] | None = None) -> str:
    """A comment id for a row without one: a short hash of its time, author and body (the row
    number only when all three are empty). When the time has no clock time ("2026-11-20"), two
    identical comments that day are two comments ("Thanks!" twice): ``seen`` counts them apart."""
    key = "\x1f".join(_text(crow.get(f)) for f in ("created_at", "author", "author_email", "body"))
    if not key.strip("\x1f"):
        return str(n)
    if seen is not None and ":" not in _text(crow.get("created_at")):
        k = seen.get(key, 0)
        seen[key] = k + 1
        key += f"\x1f{k}" if k else ""
    return "c-" + hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def _drop_shared_comment_ids(canon: list, column: str) -> None:
    """Forget a guessed comment-id column that is not one: when rows of a ticket often share its value
    but say different things (a per-ticket "Conversation ID"), every comment after the first would
    become a duplicate of it. Each row then gets an id from its content (:func:`_content_id`, as
    when the column is absent), and says why.
    """
    seen: dict[tuple[str, str], str] = {}
    with_id = clashes = 0
    for crow, _row, _problem in canon:
        cid = _text(crow.get("comment_id"))
        if not cid:
            continue
        with_id += 1
        key, body = (_text(crow.get("ticket_id")), cid), _text(crow.get("body"))
        if seen.setdefault(key, body) != body:
            clashes += 1
    # a few comments edited and exported twice are a few clashes: the column is still the comment
    # id; a per-ticket key clashes on most rows
    if clashes < max(2, 0.5 * with_id):
        return
    why = (f"column {column!r} repeats within a ticket for different comments, so it is not used as the "
           "comment id (each comment gets one made from its time, author and text; pass "
           "columns={'comment_id': ...} to name one)")
    for crow, row, _problem in canon:
        crow.pop("comment_id", None)
        row[_NOTE] = f"{row[_NOTE]}; {why}" if row.get(_NOTE) else why


def resolve_columns(header: list[str], preset: str | None = None,
                    columns: Mapping[str, str] | None = None) -> dict[str, str]:
    """Canonical field -> column of ``header`` for a preset (or None) plus a ``columns=`` mapping.

    >>> resolve_columns(["Ticket ID", "Body", "Author role"], "zendesk")
    {'ticket_id': 'Ticket ID', 'role': 'Author role', 'body': 'Body'}
    """
    by_key = {_key(h): h for h in header}
    out: dict[str, str] = {}
    if preset is not None:
        for fld, names in PRESETS[preset].items():
            for n in names:
                if _key(n) in by_key:
                    out[fld] = by_key[_key(n)]
                    break
    for fld, col in (columns or {}).items():
        if fld not in CANONICAL_FIELDS:
            raise InvalidOptionError(
                f"columns= has unknown field {fld!r}; use the canonical names {list(CANONICAL_FIELDS)} "
                "as keys and your export's column names as values"
            )
        if col in header:
            out[fld] = col
        elif _key(col) in by_key:
            out[fld] = by_key[_key(col)]
    return out


#: column names (as :func:`_key` writes them) that name the ticket
_TICKET_KEYS = ("ticketid", "ticketnumber", "ticketno", "ticketno.", "ticket#")


def _prefer_ticket_column(header: list[str], preset: str | None, cols: dict[str, str],
                          columns: Mapping[str, str] | None, rows: list) -> None:
    """Key the threads on a column literally named "Ticket ID" (or number, #, No.) when the
    preset's own thread column is a per-comment id: an export with "Ticket ID" and a per-comment
    "Conversation ID" was one thread per comment. Not when that column is a real thread key: its
    values repeat, or the layout's conversations outlive their tickets (Intercom, Help Scout,
    HubSpot: a conversation that gains a ``ticket_id`` partway, even across incremental exports,
    stays one thread). The other column is not taken as the comment id (it may be one value per
    ticket, and comments sharing an id would be dropped as duplicates). ``columns=`` wins."""
    by_key = {_key(h): h for h in header}
    ticket = next((by_key[k] for k in _TICKET_KEYS if k in by_key), None)
    own = cols.get("ticket_id")
    if (preset is None or ticket is None or own in (None, ticket) or (columns and "ticket_id" in columns)
            or preset in _CONVERSATION_PRESETS or _repeats(rows, own)):
        return
    cols["ticket_id"] = ticket


def _alternatives(header: list[str], preset: str | None, cols: dict[str, str],
                  columns: Mapping[str, str] | None) -> dict[str, list[str]]:
    """Per field, the chosen column then the preset's other matching columns: a row whose chosen
    column is empty takes the next (an Intercom part with ``"company": null`` beside parts with
    ``company.name``). A column named in ``columns=`` is used alone."""
    by_key = {_key(h): h for h in header}
    out: dict[str, list[str]] = {}
    for fld, col in cols.items():
        names = [] if (columns and fld in columns) or preset is None else PRESETS[preset].get(fld, ())
        others = [by_key[_key(n)] for n in names if _key(n) in by_key and by_key[_key(n)] != col]
        out[fld] = [col, *dict.fromkeys(others)]
    return out


def _first_value(row: Mapping[str, Any], columns: list[str]) -> Any:
    value = row.get(columns[0])
    for c in columns[1:]:
        if value is not None and value != "":
            break
        value = row.get(c, value)
    return value


def detect_preset(header: list[str]) -> str | None:
    """The preset whose columns best match ``header`` (must give ``ticket_id`` and ``body``).

    >>> detect_preset(["conversation_id", "part_id", "author_type", "part_type", "body", "created_at"])
    'intercom'
    """
    if _is_jira(header):
        return "jira"
    best, best_n = None, 0
    for name in PRESETS:
        cols = resolve_columns(header, name)
        if "ticket_id" in cols and "body" in cols and len(cols) > best_n:
            best, best_n = name, len(cols)
    return best


def _is_jira(header: list[str]) -> bool:
    """A Jira issue export: an "Issue key" column and a "Comment" or "Description" column.

    >>> _is_jira(["Summary", "Issue key", "Description", "Comment", "Comment"]), _is_jira(["Comment"])
    (True, False)
    """
    keys = {_key(h) for h in header}
    return "issuekey" in keys and bool(keys & {"comment", "description"})


def check_columns(columns: Mapping[str, Any]) -> None:
    """Raise :class:`InvalidOptionError` for a ``columns=`` key that is not a canonical field or a
    value that is not a column name (fs.read calls it before reading anything)."""
    bad = [k for k in columns if k not in CANONICAL_FIELDS]
    if bad:
        raise InvalidOptionError(f"columns= has unknown field(s) {bad}; use the canonical names "
                                 f"{list(CANONICAL_FIELDS)} as keys and your export's column names "
                                 "as values")
    odd = {k: v for k, v in columns.items() if not isinstance(v, str) or not v.strip()}
    if odd:
        raise InvalidOptionError(f"columns= values must be the column name of your export as a "
                                 f"string, e.g. {{'body': 'Comment body'}}; got {odd}")


def _unmatched_columns(header: list[str], columns: Mapping[str, str] | None) -> dict[str, str]:
    """The ``columns=`` entries whose column the file does not have (case, spaces, ``_`` and ``-``
    ignored, as :func:`resolve_columns` matches them)."""
    if not columns:
        return {}
    keys = {_key(h) for h in header}
    return {f: c for f, c in columns.items() if c not in header and _key(c) not in keys}


def _unmatched_reason(unmatched: Mapping[str, str], header: list[str]) -> str:
    named = ", ".join(f"{f}={c!r}" for f, c in unmatched.items())
    return (f"columns= names a column this file does not have ({named}); its columns are "
            f"{header[:20]}: fix the name in columns= (every row of the file is an error until "
            "then), or read files of other layouts in a separate fs.read call")


def _check_preset(preset: str | None) -> str | None:
    if preset is None or preset == "auto":
        return None
    p = str(preset).lower().replace(" ", "").replace("_", "").replace("-", "")
    if p not in PRESETS:
        raise InvalidOptionError(f"unknown helpdesk preset {preset!r}; choose one of {list(PRESETS)} "
                                 "or None to detect it (and columns= for other layouts)")
    return p


def _flag(value: Any) -> bool | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, bool):
        return value
    s = str(value).strip().lower()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    return None


def _timestamp(value: Any) -> pd.Timestamp | None:
    """One created-at value -> UTC timestamp (None when missing or unparseable).

    >>> str(_timestamp("2025-02-03 10:00")), str(_timestamp(1736500000)), _timestamp("soon")
    ('2025-02-03 10:00:00+00:00', '2025-01-10 09:06:40+00:00', None)
    """
    return _timestamps([value])[0][0]


_EPOCH = re.compile(r"\d{9,13}(\.\d+)?")
_NUMERIC_DATE = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{2}|\d{4})\b")


_ORDER = {True: "day/month", False: "month/day"}
_YEAR_FIRST = re.compile(r"\d{4}\D")


def _day_first(texts: list[str], dayfirst: bool | None = None) -> tuple[bool, str | None, str | None]:
    """How to read the column's numeric dates (``04/03/2025``): ``(day first?, note, conflict)``.
    ``note`` goes on each *ambiguous* date (both parts 12 or less) of the column; ``conflict``, when
    the column writes both orders and ``dayfirst`` does not choose, makes each ambiguous date an
    error. A date with one possible reading (``13/03/2025``) is never in doubt.

    One export writes every date the same way, so a single ``13/03/2025`` settles the order for
    all of them (``04/03/2025`` is then 4 March), whatever ``dayfirst`` says. A column with only
    ambiguous dates follows ``dayfirst``; without it, it is read month-first (day-first for dotted
    ``04.03.2025``, as written in Europe), and the note says so and names the option.

    >>> _day_first(["04/03/2025 14:22", "13/03/2025 09:00"])
    (True, None, None)
    >>> _day_first(["04/03/2025 14:22"])[0], _day_first(["04.03.2025"])[0], _day_first(["04/03/2025"], True)
    (False, True, (True, None, None))
    """
    day_ex = month_ex = None
    dotted = seen = False
    for t in texts:
        m = _NUMERIC_DATE.match(t)
        if m is None:
            continue
        a, b = int(m[1]), int(m[3])
        seen = True
        dotted |= m[2] == "."
        if 12 < a <= 31 and 1 <= b <= 12:
            day_ex = day_ex or t
        elif 12 < b <= 31 and 1 <= a <= 12:
            month_ex = month_ex or t
    if day_ex and month_ex:
        both = f"this file writes both ({day_ex[:40]!r} is day/month, {month_ex[:40]!r} month/day)"
        if dayfirst is None:
            return False, None, (f"{both}; fix the export, or pass dayfirst=True or False "
                                 "(scan --dayfirst / --monthfirst) to choose")
        return dayfirst, f"read as {_ORDER[dayfirst]} as dayfirst={dayfirst} says, but {both}; check created_at", None
    if day_ex or month_ex:
        first = day_ex is not None
        if dayfirst is not None and dayfirst != first:
            return first, (f"numeric dates read as {_ORDER[first]}: this file has {(day_ex or month_ex)[:40]!r}, "
                           f"which can only be {_ORDER[first]} (dayfirst={dayfirst} applies to files "
                           "whose dates do not tell)"), None
        return first, None, None
    if not seen or dayfirst is not None:
        return bool(dayfirst), None, None
    if dotted:
        return True, ("numeric dates read as day/month (written with dots, as in Europe; no date in "
                      "this file has a month above 12); if they are month/day, pass dayfirst=False "
                      "(scan --monthfirst)"), None
    return False, ("numeric dates read as month/day (no date in this file has a day above 12); if "
                   "they are day/month, pass dayfirst=True (scan --dayfirst)"), None


def _ambiguous(text: str) -> bool:
    m = _NUMERIC_DATE.match(text)
    return m is not None and int(m[1]) <= 12 and int(m[3]) <= 12


# Zone abbreviations in helpdesk dates: ZONE_HOURS (:mod:`frictionscan.ingest._zones`, shared with
# the email reader); those with several meanings are read as listed and the row's ``error`` says
# so (AMBIGUOUS_ZONES). ET/CT/MT/PT name the US zones, DST-aware (_ZONE_NAMES).
#: Zone names as written out ("Central European Summer Time"), lower case: hours east of UTC, or an
#: IANA zone for a name that does not say summer or winter ("Pacific Time").
_ZONE_NAMES: dict[str, float | str] = {
    "coordinated universal time": 0, "greenwich mean time": 0, "british summer time": 1,
    "western european standard time": 0, "western european summer time": 1,
    "western european time": "Europe/Lisbon",
    "central european standard time": 1, "central european summer time": 2,
    "central european time": "Europe/Paris",
    "eastern european standard time": 2, "eastern european summer time": 3,
    "eastern european time": "Europe/Helsinki",
    "eastern standard time": -5, "eastern daylight time": -4, "eastern time": "America/New_York",
    "central standard time": -6, "central daylight time": -5, "central time": "America/Chicago",
    "mountain standard time": -7, "mountain daylight time": -6, "mountain time": "America/Denver",
    "pacific standard time": -8, "pacific daylight time": -7, "pacific time": "America/Los_Angeles",
    "india standard time": 5.5, "japan standard time": 9, "china standard time": 8,
    "korean standard time": 9, "singapore standard time": 8,
    "australian eastern standard time": 10, "australian eastern daylight time": 11,
    "new zealand standard time": 12, "new zealand daylight time": 13,
    "et": "America/New_York", "ct": "America/Chicago", "mt": "America/Denver", "pt": "America/Los_Angeles",
}
#: A date followed by a zone: ``GMT+2``/``UTC-05:30``, an IANA name, an abbreviation or a written-out
#: name, possibly in parentheses. Tried only on dates that are not ISO 8601.
_ZONE_TAIL = re.compile(
    r"(?P<when>.*?(?:\d|\b[AaPp]\.?[Mm]\.?))\s*\(?\s*(?P<zone>"
    r"(?:UTC|GMT|UT)\s*(?P<sign>[+-])\s*(?P<hh>\d{1,2})(?::?(?P<mm>\d\d))?"
    r"|[A-Za-z][A-Za-z_]*(?:/[A-Za-z0-9_+\-]+)+"
    r"|[A-Z]{1,5}"
    r"|(?:[A-Z][a-z]+\s+){1,4}Time"
    r")\s*\)?\s*\Z")
#: Windows' display name of a zone, as some exports write it: "(UTC+01:00) Amsterdam, Berlin, Bern,
#: Rome, Stockholm, Vienna", "(UTC) Coordinated Universal Time". The offset in the brackets is the
#: zone's standard offset: it is read as that fixed offset (not DST-aware).
_WINDOWS_ZONE = re.compile(
    r"(?P<when>.*?(?:\d|\b[AaPp]\.?[Mm]\.?))\s*\(\s*(?:UTC|GMT)\s*(?:(?P<sign>[+-])\s*(?P<hh>\d{1,2})"
    r"(?::?(?P<mm>\d\d))?)?\s*\)\s*[^()]*(?:\([^()]*\)[^()]*)*\Z")  # ("... Time (US & Canada)")
_GMT_SIGN = re.compile(r"(?:UTC|GMT|UT)\s*[+-]")  # pandas would read "GMT+2" as two hours *behind*
_AM_PM = re.compile(r"[AaPp]\.?[Mm]\.?\Z")
#: A date that carries its offset (``+01:00``, ``-0500``, ``Z``, ``UTC``), possibly with a zone comment.
_HAS_OFFSET = re.compile(
    r"(?:\d\s*Z|\d:\d\d(?::\d\d)?(?:[.,]\d+)?\s*(?:[AaPp]\.?[Mm]\.?\s*)?(?:(?:UTC|GMT|UT)\s*)?"
    r"[+-]\s*\d{1,2}(?::?\d\d)?|\b(?:UTC|GMT|UT))\s*(?:\([^)]*\))?\s*\Z", re.I)


def _split_zone(text: str) -> tuple[str, tzinfo | None, str | None] | None:
    """``(date without its zone, zone, note)`` for a date ending in a zone name; zone None (and the
    note saying why) for a name it does not know; None when the text names no zone (or the name only
    comments an offset, ``+0100 (CET)``, which rules).

    >>> when, tz, note = _split_zone("2025-04-01 09:15:00 Europe/Berlin"); when, str(tz), note
    ('2025-04-01 09:15:00', 'Europe/Berlin', None)
    >>> when, tz, _ = _split_zone("Apr 1, 2025 9:15 AM PDT"); when, tz.utcoffset(None) / timedelta(hours=1)
    ('Apr 1, 2025 9:15 AM', -7.0)
    >>> _split_zone("Apr 1, 2025 9:15 AM"), _split_zone("2025-04-01 09:15 XYZT")
    (None, ('2025-04-01 09:15', None, "unknown time zone 'XYZT'"))
    >>> when, tz, _ = _split_zone("2025-04-01 09:15 (UTC+01:00) Amsterdam, Berlin, Bern, Rome"); when, str(tz)
    ('2025-04-01 09:15', 'UTC+01:00')
    """
    if len(text) > 160 or not (text[-1:].isalpha() or text.endswith(")") or _GMT_SIGN.search(text)):
        return None
    w = _WINDOWS_ZONE.match(text) if "(" in text else None
    if w is not None and not _HAS_OFFSET.search(w["when"]):
        hours, minutes = int(w["hh"] or 0), int(w["mm"] or 0)
        if hours > 14 or minutes > 59:
            return w["when"], None, f"unknown time zone {text[len(w['when']):].strip()[:40]!r}"
        delta = timedelta(hours=hours, minutes=minutes)
        return w["when"], timezone(-delta if w["sign"] == "-" else delta), None
    if len(text) > 120:
        return None
    m = _ZONE_TAIL.match(text)
    if m is None or _AM_PM.match(m["zone"]):
        return None
    when, zone = m["when"].rstrip(), m["zone"]
    if _HAS_OFFSET.search(when):
        return when, None, ""  # the offset rules; the name is a comment
    if m["sign"]:
        hours, minutes = int(m["hh"]), int(m["mm"] or 0)
        if hours > 14 or minutes > 59:
            return when, None, f"unknown time zone {zone!r}"
        delta = timedelta(hours=hours, minutes=minutes)
        return when, timezone(delta if m["sign"] == "+" else -delta), None
    hours = ZONE_HOURS.get(zone)
    if hours is None:
        spec = _ZONE_NAMES.get(" ".join(zone.lower().split()))
        if isinstance(spec, str):
            return when, ZoneInfo(spec), None
        hours = spec
    if hours is not None:
        offset = timezone(timedelta(hours=hours))
        if zone in AMBIGUOUS_ZONES:
            sign = "+" if hours >= 0 else "-"
            h, rest = divmod(abs(int(hours * 60)), 60)
            return when, offset, (f"time zone {zone!r} is ambiguous ({AMBIGUOUS_ZONES[zone]}): read as "
                                  f"{sign}{h:02d}:{rest:02d}; if that is wrong, export times with an offset")
        return when, offset, None
    if "/" in zone:
        try:
            return when, ZoneInfo(zone), None
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return when, None, f"unknown time zone {zone!r}"


#: The offset a date states after its time: ``+02:00``, ``-0700``, ``GMT+0100``, ``Z``, ``UTC``
#: (possibly with a zone comment, ``+0100 (CET)``).
_STATED_OFFSET = re.compile(
    r"(?:\d:\d\d(?::\d\d)?(?:[.,]\d+)?\s*(?:[AaPp]\.?[Mm]\.?\s*)?(?:(?:UTC|GMT|UT)\s*)?"
    r"(?P<sign>[+-])\s*(?P<hh>\d{1,2})(?::?(?P<mm>\d\d))?|\d\s*(?P<z>Z)|\b(?P<utc>UTC|GMT|UT))"
    r"\s*(?:\([^)]*\))?\s*\Z", re.I)


def _offset_minutes(text: str, zone: tzinfo | None, ts: pd.Timestamp) -> int | None:
    """Minutes east of UTC at ``ts`` that a helpdesk date states: its zone's (``zone``, read by
    :func:`_split_zone`: DST-aware for an IANA name), else the offset written after the time; None
    for a date that states neither (read as UTC, but nobody said so).

    >>> ts = pd.Timestamp("2025-04-02 05:30", tz="UTC")
    >>> _offset_minutes("2025-04-01T22:30:00-07:00", None, ts), _offset_minutes("2025-04-02T05:30Z", None, ts)
    (-420, 0)
    >>> _offset_minutes("2025-04-01 22:30 America/Los_Angeles", ZoneInfo("America/Los_Angeles"), ts)
    -420
    >>> _offset_minutes("2025-04-02", None, ts) is None, _offset_minutes("2025-04-02 05:30", None, ts) is None
    (True, True)
    """
    if zone is not None:
        off = ts.to_pydatetime().astimezone(zone).utcoffset()
        return None if off is None else int(off.total_seconds() // 60)
    if text[-1:] in "Zz":  # (fast paths for ISO 8601, every row of most exports)
        return 0 if text[-2:-1].isdigit() else None
    if len(text) > 6 and text[-6] in "+-" and text[-3] == ":" and text[-7].isdigit() and ":" in text[:-6]:
        hh, mm = text[-5:-3], text[-2:]
        sign = -1 if text[-6] == "-" else 1
    else:
        m = _STATED_OFFSET.search(text, max(0, len(text) - 60))
        if m is None:
            return None
        if m["sign"] is None:
            return 0  # "Z", "UTC", "GMT"
        hh, mm, sign = m["hh"], m["mm"] or "0", -1 if m["sign"] == "-" else 1
    if not (hh.isdigit() and mm.isdigit()) or int(hh) > 14 or int(mm) > 59:
        return None
    return sign * (int(hh) * 60 + int(mm))


def _in_zone(ts: pd.Timestamp, zone: tzinfo) -> pd.Timestamp:
    """A time parsed as UTC wall time, re-read as wall time in ``zone`` (DST-aware for IANA zones; a
    time in the repeated autumn hour is the first, summer-time one), in UTC."""
    wall = ts.tz_convert("UTC").tz_localize(None).to_pydatetime().replace(tzinfo=zone)
    return pd.Timestamp(wall).tz_convert("UTC")


_OFFSET_END = re.compile(r"\d(?:[Zz]|[+-]\d\d(?::?\d\d)?)\Z")  # ISO 8601's "...:00Z", "...+02:00"


def _has_offset(text: str) -> bool:
    """:data:`_HAS_OFFSET`, with a fast path for ISO 8601 times (every row of most exports)."""
    return ((":" in text and _OFFSET_END.search(text, max(0, len(text) - 9)) is not None)
            or _HAS_OFFSET.search(text) is not None)


def _first_zoneless(texts: list[str], parsed: pd.Series, named: set[int]) -> int | None:
    """Index of the first text that was read (``parsed`` not missing) with neither an offset nor a
    zone name (``named``), or None. Fast on 100,000 ISO times: an ending such as ``12:00Z`` or
    ``+02:00`` settles every text that ends that way, so the regexes run once per distinct ending."""
    ends = [t[-9:] for t in texts]
    unsettled = {e for e in set(ends) if not (":" in e and _OFFSET_END.search(e))}
    if not unsettled:
        return None
    missing = parsed.isna().tolist()
    for j in range(len(texts)):
        if ends[j] in unsettled and not missing[j] and j not in named and not _has_offset(texts[j]) \
                and implausible_time(parsed.iloc[j]) is None:  # (a distrusted time gets no zone note)
            return j
    return None


def _zoneless(text: str) -> bool:
    """True for a date that names neither an offset nor a zone (read as UTC).

    >>> _zoneless("10/Mar/25 9:14 AM"), _zoneless("2025-03-10T09:14+01:00"), _zoneless("2025-03-10 9:14 CET")
    (True, False, False)
    """
    return not _has_offset(text) and _split_zone(text) is None


def _zoneless_note(example: str) -> str:
    return (f"times without a time zone are read as UTC, e.g. {example[:40]!r} (said on the file's "
            "first such row only): if they are local times, export them with a UTC offset or a zone "
            "name such as '2025-03-04 10:00 Europe/Berlin'")


def _timestamps(values: list[Any], dayfirst: bool | None = None, zoneless_note: bool = True
                ) -> list[tuple[pd.Timestamp | None, str | None, bool, int | None]]:
    """Vectorised :func:`_timestamp`: ``(time, note, bad, utc_offset)`` per value, the note saying why a
    value was ambiguous or unreadable, ``bad`` when the note makes the row an error (an ambiguous date
    in a column that writes both day/month orders), ``utc_offset`` the minutes east of UTC the value
    states at that moment (:func:`_offset_minutes`; None when it states no offset or zone). ISO 8601 in one pass (``dayfirst`` never applies to
    it), other formats (day/month order chosen per column, see :func:`_day_first`) and epochs per value.
    A date ending in a zone name (``CET``, ``Europe/Berlin``, ``GMT+2``, see :func:`_split_zone`) is read
    in that zone; an unknown name gives no time. A time with no zone at all is UTC: with
    ``zoneless_note`` the first such value of the column notes it (once per file).

    >>> [(str(t), n) for t, n, _, _ in _timestamps(["2025-04-01 09:15 CET", "2025-04-01 09:15 Mars/Base"])]
    [('2025-04-01 08:15:00+00:00', None), ('None', "unknown time zone 'Mars/Base' in created_at \
'2025-04-01 09:15 Mars/Base': the row has no time")]
    """
    out: list[tuple[pd.Timestamp | None, str | None, bool, int | None]] = [(None, None, False, None)] * len(values)
    text_idx, texts = [], []
    for i, v in enumerate(values):
        if v is None or isinstance(v, bool) or v == "" or (isinstance(v, float) and pd.isna(v)):
            continue
        if isinstance(v, (int, float)) or _EPOCH.fullmatch(str(v).strip()):
            try:
                num = float(v)
                out[i] = (pd.Timestamp(num, unit="ms" if num > 1e11 else "s", tz="UTC"), None, False, None)
            except (ValueError, OverflowError):
                out[i] = (None, f"unreadable created_at {str(v)[:40]!r}: the row has no time", False, None)
            continue
        text_idx.append(i)
        texts.append(str(v).strip())
    if texts:
        parsed = pd.to_datetime(pd.Series(texts, dtype=object), utc=True, errors="coerce", format="ISO8601")
        retry = [j for j, ts in enumerate(parsed) if pd.isna(ts)]
        notes: dict[int, str] = {}
        bad: set[int] = set()
        zoned: dict[int, tzinfo] = {}  # values read in the zone they name
        named: set[int] = set()  # values that name a zone (or an offset beside a zone name)
        plain = {j: texts[j] for j in retry}  # the date to parse, without its zone name
        for j in retry:
            split = _split_zone(texts[j])
            if split is None:
                continue
            named.add(j)
            plain[j], zone, why = split
            if zone is not None:
                zoned[j] = zone
                if why:
                    notes[j] = why
            elif why:  # a zone it does not know: no guessing
                notes[j] = f"{why} in created_at {texts[j][:40]!r}: the row has no time"
                del plain[j]
        if plain:
            first, note, conflict = _day_first(list(plain.values()), dayfirst)
            # a year-first date ("2026/03/02") is never read day first (pandas would read 3 Feb)
            year_first = {j for j in plain if _YEAR_FIRST.match(plain[j])}
            again: dict[int, Any] = {}
            for group, day in (([j for j in plain if j not in year_first], first), (sorted(year_first), False)):
                if group:
                    again.update(zip(group, pd.to_datetime(
                        pd.Series([plain[j] for j in group], dtype=object), utc=True, errors="coerce",
                        format="mixed", dayfirst=day), strict=True))
        # one list, assigned once: a per-row Series assignment cost ~30 µs a row (review 9 #6)
        values_out: list[Any] = parsed.astype(object).tolist() if retry else []
        for j in retry:
            ts = again[j] if j in plain else None
            if j not in plain:
                pass  # its note says why
            elif pd.isna(ts):
                ts = None
                notes[j] = f"unreadable created_at {texts[j][:40]!r}: the row has no time"
            elif _ambiguous(plain[j]) and conflict:
                ts = None
                bad.add(j)
                notes[j] = f"created_at {texts[j][:40]!r} could be day/month or month/day: {conflict}"
            else:
                if j in zoned:
                    ts = _in_zone(pd.Timestamp(ts), zoned[j])
                if note and _ambiguous(plain[j]):
                    notes[j] = "; ".join(x for x in (note, notes.get(j)) if x)
            values_out[j] = ts
        if retry:
            parsed = pd.Series(values_out, dtype=object)
        if zoneless_note:  # the first time read as UTC for want of a zone says so, once
            j = _first_zoneless(texts, parsed, named)
            if j is not None:
                notes[j] = "; ".join(x for x in (notes.get(j), _zoneless_note(texts[j])) if x)
        for j, (i, ts) in enumerate(zip(text_idx, parsed, strict=True)):
            if ts is None or pd.isna(ts):
                out[i] = (None, notes.get(j), j in bad, None)
            else:
                ts = pd.Timestamp(ts)
                out[i] = (ts, notes.get(j), j in bad, _offset_minutes(texts[j], zoned.get(j), ts))
    return out


def _address(value: Any) -> tuple[str | None, str | None]:
    """``(address, display name)`` of an author e-mail cell, which some exports (Freshdesk's API)
    fill in the header form ``"Åsa Lindqvist <asa@norrland.se>"``.

    >>> _address("Åsa Lindqvist <ASA@norrland.se>"), _address("bo@acme.com"), _address("n/a")
    (('asa@norrland.se', 'Åsa Lindqvist'), ('bo@acme.com', None), (None, None))
    """
    text = _text(value)
    if "<" in text:
        name, addr = email.utils.parseaddr(text)
        return (addr.lower() or None) if "@" in addr else None, name.strip() or None
    return (text.lower() if "@" in text else None), None


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value).strip()


def _incoming(value: Any) -> str | None:
    """An ``incoming`` (direction) cell -> ``inbound``/``outbound``/``internal``/``system``; None when
    it is empty, ``"?"`` when it holds a value with no known meaning.

    >>> [_incoming(v) for v in ("Incoming", "OUT", "Public reply", "Outgoing e-mail", "note", True, "", "Up")]
    ['inbound', 'outbound', 'outbound', 'outbound', 'internal', 'inbound', None, '?']
    """
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, bool):
        return "inbound" if value else "outbound"
    words = " ".join(re.sub(r"[\W_]+", " ", str(value).lower()).split())
    if not words:
        return None
    head, _, rest = words.partition(" ")
    if words in _IN_WORDS or (head in ("incoming", "inbound") and rest in _MEDIA):
        return "inbound"
    if words in _OUT_WORDS or (head in ("outgoing", "outbound") and rest in _MEDIA):
        return "outbound"
    if words in _NOTE_WORDS:
        return "internal"
    if words in _SYSTEM_ROLES:
        return "system"
    return "?"


def _side(row: Mapping[str, Any], preset: str | None, options: ReadOptions,
          cols: Mapping[str, str] | None = None) -> tuple[str | None, str | None]:
    """``(direction, note)`` of a canonical row: direction ``"system"`` for a row the helpdesk or a
    bot wrote (its role or incoming value says so); ``note`` names an incoming or role value that was
    not understood (the row then keeps whatever the other columns say, else no direction)."""
    public = _flag(row.get("public")) if "public" in row else None
    private = _flag(row.get("private")) if "private" in row else None
    ptype = _text(row.get("part_type")).lower()
    role = _text(row.get("role")).lower()
    if role in _SYSTEM_ROLES and role not in _PRESET_ROLES.get(preset or "", {}):
        return "system", None  # the helpdesk or a bot wrote it, public or not (a private merge notice)
    if public is False or private is True or ptype in _NOTE_TYPES:
        return "internal", None
    if preset == "hubspot" and ptype == "comment":  # HubSpot's COMMENT is an internal note
        return "internal", None
    if preset == "helpscout" and ptype:
        if ptype == "customer":
            return "inbound", None
        if ptype in ("message", "reply", "chat", "phone"):
            return "outbound", None
    note = None
    if "incoming" in row:
        incoming = _incoming(row.get("incoming"))
        if incoming == "?":
            col = (cols or {}).get("incoming", "incoming")
            note = (f"{_text(row.get('incoming'))[:40]!r} in the direction column {col!r} is not a "
                    f"value frictionscan reads ({_DIRECTION_WORDS})")
        elif incoming is not None:
            return incoming, None
    if role:
        mapped = _PRESET_ROLES.get(preset or "", {}).get(role)
        if mapped:
            return mapped, note
        if role in _SYSTEM_ROLES:
            return "system", note
        if role in _OUTBOUND_ROLES:
            return "outbound", note
        if role in _INBOUND_ROLES:
            return "inbound", note
    # the author's address; an export without an e-mail column often writes it in the author cell
    addr = _address(row.get("author_email"))[0] or _address(row.get("author"))[0]
    if addr and options.internal_domains:
        return ("outbound" if is_internal(addr, options.internal_domains) else "inbound"), note
    if role and note is None:
        col = (cols or {}).get("role", "role")
        note = (f"author role {_text(row.get('role'))[:40]!r} (column {col!r}) is not a role frictionscan "
                "knows (agent/staff/admin..., customer/end-user/contact..., system/bot)")
    if note:
        note += ": the row has no direction"
    return None, note


def _direction(row: Mapping[str, Any], preset: str | None, options: ReadOptions) -> str | None:
    """The row's direction (None for a system row or when nothing tells)."""
    side = _side(row, preset, options)[0]
    return None if side == "system" else side


def _no_side_note(options: ReadOptions) -> str:
    """The note on a file's first row without direction when no mapped column tells the side (the
    option that helps here is ``columns=``, not ``internal_speakers``, which only Jira and transcripts
    use)."""
    why = ("no internal_domains was given to tell our authors' e-mail addresses"
           if not options.internal_domains else "this row's author has no e-mail address")
    return (f"no direction: no column of this export says who wrote the row and {why}; map one "
            f"with columns={{'incoming': '<column>'}} (scan --column incoming=<column>; values "
            f"{_DIRECTION_WORDS}) or columns={{'role': '<column>'}} (agent/customer/...)")


# ----------------------------------------------------------------------------------------------
# reading rows


_FIELD_LIMIT = 64 * 1024 * 1024


_EXCEL_SEP = re.compile(r"sep=(.)\r?(?:\n|$)")


def _excel_sep(text: str) -> tuple[str | None, str]:
    """Excel's ``sep=;`` first line (written by "CSV for Excel" exports): the delimiter it names and
    the text without that line; ``(None, text)`` when there is none.

    >>> _excel_sep("sep=;\\nTicket ID;Body\\n")
    (';', 'Ticket ID;Body\\n')
    """
    m = _EXCEL_SEP.match(text)
    return (m.group(1), text[m.end():]) if m else (None, text)


#: Hidden key of a CSV row: the file line it starts on, for error messages (not a column).
_LINE = "\x00line"
#: Hidden key of a CSV row: all its cells in header order (duplicate header names keep their cells).
_VALUES = "\x00values"
#: Hidden key of a CSV row: how many NUL bytes were removed from its cells.
_NULS = "\x00nuls"
#: Hidden key of a CSV row: a note on an ok row (a doubtful quote whose text is kept as read).
_NOTE = "\x00note"


def _csv_rows(text: str) -> tuple[list[str], list[tuple[dict[str, Any], str | None]]]:
    """Header and ``(row, problem)`` pairs; ``problem`` notes a ragged row."""
    named, text = _excel_sep(text)
    sample = text[:8192]
    first = sample.split("\n", 1)[0]
    delim = named or max([",", ";", "\t", "|"], key=first.count)
    if csv.field_size_limit() < _FIELD_LIMIT:
        # long comment threads exceed the csv module's 128 KiB default; only ever raised, never lowered
        csv.field_size_limit(_FIELD_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    try:
        header = next(reader)
    except StopIteration:
        return [], []
    except csv.Error:
        return [], []
    header = [h.strip().lstrip("\ufeff") for h in header]
    shift = 1 if named else 0  # the "sep=;" line that _excel_sep took off
    rows: list[tuple[dict[str, Any], str | None]] = []
    reference: list[str] | None = None  # the last well-formed row: what a record of this file looks like
    last_at, last_row, last_swallowed = 0, -1, False  # the last row: lines read before it, its index,
    # whether it swallowed records
    raw_lines: list[str] = []  # the file's lines, split only once a cell holds record-shaped lines

    def make(values: list[str], start: int, problem: str | None) -> tuple[dict[str, Any], str | None]:
        row: dict[str, Any] = dict(zip(header, values, strict=False))
        row[_LINE] = start
        row[_VALUES] = values  # every cell by position: Jira repeats the "Comment" header
        return row, problem

    while True:
        start = reader.line_num + 1 + shift  # the file line the row starts on (cells can span lines)
        before = reader.line_num
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            rows.append(({}, f"CSV error at line {reader.line_num + shift}: {exc}"))
            continue
        if not any(v.strip() for v in values):
            continue  # blank line
        problem = None
        nuls = sum(v.count("\x00") for v in values)
        if nuls:  # a bad byte in one cell: drop it, keep the row (its note says so)
            values = [v.replace("\x00", "") for v in values]
        swallowed: list[tuple[list[str], int, str]] = []
        multiline = "\n" in "".join(values)
        quote_note = None
        if multiline and len(header) > 2:
            cut, found, why = _split_swallowed(values, header, reference or values, delim, start)
            if found:  # lines shaped like records: swallowed ones, or pasted into a closed quote?
                raw_lines = raw_lines or io.StringIO(text, newline="").readlines()
                verdict, bad_line = _quote_verdict(raw_lines[before:reader.line_num], reference or values,
                                                   delim)
                if verdict == "unclosed":
                    values, swallowed, problem = cut, found, why
                elif verdict == "unsure":  # flag it, keep the text: never invent a record
                    quote_note = (
                        f"line {start}: a quote on line {before + shift + bad_line} is not where CSV puts "
                        f"one and a cell of this row holds lines shaped like this file's records (from line "
                        f"{found[0][1]}); the text is kept as read: if comments are missing, fix the quotes "
                        "in the export (a \" inside a quoted cell is written \"\")")
        if len(values) != len(header):
            bad = (f"line {start}: the row has {len(values)} fields but the header has "
                   f"{len(header)}")
            problem = f"{problem}; {bad}" if problem else bad
        elif not multiline:
            reference = values
        row, _ = make(values, start, problem)
        if nuls:
            row[_NULS] = nuls
        if quote_note:
            row[_NOTE] = quote_note
        rows.append((row, problem))
        last_at, last_row, last_swallowed = before, len(rows) - 1, bool(swallowed)
        rows.extend(make(v, line, why) for v, line, why in swallowed)
    if last_row >= 0 and _ends_in_quote(_last_record(text, last_at), delim):
        row, problem = rows[last_row]  # (a quote that runs to the end is the swallowing row's)
        values = row.get(_VALUES, [])
        col = header[len(values) - 1] if 0 < len(values) <= len(header) else "?"
        why = (f"line {row.get(_LINE, '?')}: the file ends inside the quoted cell of column {col!r}"
               + (", which was never closed" if last_swallowed else
                  ": the file looks cut off, so this record is incomplete; export it again"))
        rows[last_row] = (row, f"{problem}; {why}" if problem else why)
    return header, rows


def _cell_kind(value: str) -> str:
    """A cell's kind, to compare a line inside a cell with the file's records: ``""`` empty,
    ``9`` a number, ``@`` an address, ``d`` a date, ``b`` a flag, ``a`` anything else."""
    v = value.strip()
    if not v:
        return ""
    if v.isdigit():
        return "9"
    if "@" in v and " " not in v:
        return "@"
    if _CELL_DATE.match(v):
        return "d"
    if v.lower() in _TRUE or v.lower() in _FALSE:
        return "b"
    return "a"


_CELL_DATE = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\d{1,2}/[^\W\d_]{3,5}\.?/\d{2,4}")


def _record_like(line: str, reference: list[str], skip: int, delim: str) -> list[str] | None:
    """The cells of ``line`` when it reads as a whole record of this file (as many cells as the
    ``reference`` row, give or take the last one, and the same kinds of cell: ids, addresses, dates,
    flags in the same places, at least two of them), else None. Prose with commas never has them."""
    n = len(reference)
    if line.count(delim) < n - 2:
        return None
    try:
        cells = next(csv.reader([line], delimiter=delim))
    except (csv.Error, StopIteration):
        return None
    if not n - 1 <= len(cells) <= n:
        return None
    cols = [i for i in range(min(len(cells), n) - 1) if i != skip]
    kinds = [(_cell_kind(cells[i]), _cell_kind(reference[i])) for i in cols]
    same = [a for a, b in kinds if a == b]
    if len(same) < 0.8 * len(cols) or sum(k in ("9", "@", "d", "b") for k in same) < 2:
        return None
    return cells


def _split_swallowed(values: list[str], header: list[str], reference: list[str], delim: str, start: int
                     ) -> tuple[list[str], list[tuple[list[str], int, str]], str | None]:
    """A row whose quoted cell was never closed swallows the records after it into that cell (the
    raw lines show in its text). Give back the row with the cell cut where the first swallowed
    record starts, each swallowed record's cells (read from its raw line, with its line number and
    why it is an error), and the row's problem; ``(values, [], None)`` when no cell holds a record."""
    line_at = start
    for idx, cell in enumerate(values):
        if "\n" not in cell:
            continue
        lines = cell.split("\n")
        found: list[tuple[list[str], int, str]] = []
        keep = len(lines)
        for j, line in enumerate(lines[1:], 1):
            cells = _record_like(line, reference, idx, delim)
            if cells is not None:
                if not found:
                    keep = j
                if cells[-1].count('"') % 2:  # the closing quote the cell was waiting for
                    cells[-1] = cells[-1][::-1].replace('"', "", 1)[::-1]
                col = header[idx] if idx < len(header) else f"#{idx + 1}"
                found.append((cells, line_at + j, (
                    f"line {line_at + j}: this record was read inside the unclosed quote of column "
                    f"{col!r} on line {start}; its cells come from the raw line, check them and fix the "
                    "quotes in the export")))
            elif found:  # a body line of the last swallowed record
                found[-1][0][-1] += "\n" + line
        if found:
            col = header[idx] if idx < len(header) else f"#{idx + 1}"
            values = [*values[:idx], "\n".join(lines[:keep]), *values[idx + 1:]]
            problem = (f"line {start}: the quoted cell of column {col!r} is not closed where it should "
                       f"end, so it ran on into {len(found)} more record(s) (from line {found[0][1]}); "
                       "they are kept as their own error rows. Fix the quotes in the export (a \" inside "
                       "a quoted cell is written \"\")")
            return values, found, problem
        line_at += cell.count("\n")
    return values, [], None


def _quote_verdict(lines: list[str], reference: list[str], delim: str) -> tuple[str, int]:
    """Whether the quoted cell of a record (its raw ``lines``) that holds record-shaped lines really
    was left open, and the line (1-based in ``lines``) where CSV's quoting breaks, if it does.

    ``"closed"``: the record is well-formed CSV, so its quotes close where they should and the
    record-shaped lines are the writer's text (a pasted log or CSV extract). ``"unclosed"``: the
    record runs to the end of the file inside a quote, or an odd number of quotes ends at a quote
    CSV does not allow (one not followed by the delimiter or a line end) on a line that is itself
    a record of this file: the opening quote of a swallowed record's cell, which cannot occur in a
    correctly quoted cell. ``"unsure"``: broken quoting without that evidence (the row is flagged,
    not split).

    >>> ref, rec = ["7", "1", "ann@x.com", "true", "hi"], "7,2,bo@x.com,true,"
    >>> _quote_verdict([f'{rec}"log:\\n', f'{rec}pasted\\n', 'end"\\n'], ref, ",")
    ('closed', 0)
    >>> _quote_verdict([f'{rec}"it says ""x""\\n', f'{rec}"Fixed."\\n'], ref, ",")
    ('unclosed', 2)
    >>> _quote_verdict([f'{rec}"log:\\n', f'{rec}x\\n', 'a 5" disk"\\n'], ref, ",")
    ('unsure', 3)
    """
    record = "".join(lines)
    reader = csv.reader(io.StringIO(record, newline=""), delimiter=delim, strict=True)
    try:
        for _ in reader:
            pass
    except csv.Error:
        at = reader.line_num  # the line being read when the quoting broke
        if at >= len(lines) and _ends_in_quote(record, delim):
            return "unclosed", at  # ran on to the end of the file
        line = lines[at - 1] if 0 < at <= len(lines) else ""
        if record.count('"') % 2 and _record_like(line.rstrip("\n"), reference, -1, delim) is not None:
            return "unclosed", at
        return "unsure", at
    return "closed", 0


def _last_record(text: str, lines_before: int) -> str:
    """The text of the file after its first ``lines_before`` lines (where the last record starts)."""
    pos = len(text)
    for _ in range(text.count("\n") - lines_before + 1):
        pos = text.rfind("\n", 0, pos)
        if pos < 0:
            return text
    return text[pos + 1:]


def _ends_in_quote(record: str, delim: str) -> bool:
    """True when a CSV record's text ends inside a quoted cell (the file was cut mid-record), as
    the csv module reads quotes: a quote opens a cell only at its start, ``""`` is a quote inside.

    >>> _ends_in_quote('7,"Ann",ok\\n', ","), _ends_in_quote('7,"It is Fri', ","), _ends_in_quote('7,5" disk', ",")
    (False, True, False)
    """
    if '"' not in record:
        return False
    inside, at_start, i, n = False, True, 0, len(record)
    while i < n:
        c = record[i]
        if inside:
            if c == '"':
                if i + 1 < n and record[i + 1] == '"':
                    i += 2
                    continue
                inside = False
        elif c == '"' and at_start:
            inside = True
            at_start = False
        else:
            at_start = c == delim or c == "\n"
        i += 1
    return inside


def _flatten(obj: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested keys joined with dots (``author.email``); a list of objects also gives its first
    items' keys by position (``senders.0.name``), the list itself staying under its own key."""
    out: dict[str, Any] = {}
    for k, v in obj.items():
        key = f"{prefix}{k}"
        if isinstance(v, Mapping):
            out.update(_flatten(v, key + "."))
        else:
            out[key] = v
            if isinstance(v, list) and v and isinstance(v[0], Mapping):
                for i, item in enumerate(v[:3]):
                    if isinstance(item, Mapping):
                        out.update(_flatten(item, f"{key}.{i}."))
    return out


#: Keys of a JSON document whose one list holds the records (``{"results": [...]}``).
_LIST_KEYS = ("results", "tickets", "conversations", "data", "items", "records", "messages", "comments",
              "threads", "parts", "entries", "rows", "conversation_parts")
_SHAPE_HELP = ("frictionscan reads a JSON array or JSON Lines of comment records, a document holding one "
               "list of them ({\"results\": [...]}, {\"tickets\": [...]}...), an Intercom conversation "
               "with conversation_parts, Zendesk's tickets with their comments and users, or one Zendesk "
               "ticket's comments with users; otherwise flatten it to one object per comment (e.g. "
               "jq -c '.<list>[]' file.json > comments.jsonl) "
               "and map its keys with columns=")


def _document_records(doc: Mapping[str, Any]) -> list[tuple[dict[str, Any], str | None]] | None:
    """The records of a JSON document shaped like a helpdesk API response, or None when it is a
    single record: an Intercom conversation (its source message, then one record per
    ``conversation_parts`` entry), Zendesk ``tickets`` with ``comments`` (authors from ``users``,
    organisations from ``organizations``), one Zendesk ticket's ``comments`` (with ``users``), or an
    object holding one list of records (``results``,
    ``tickets``, ``conversations``, ``data``...; Intercom conversations in it are expanded)."""
    if _is_intercom_conversation(doc):
        return _intercom_records(doc)
    tickets = doc.get("tickets")
    if isinstance(tickets, list) and any(isinstance(t, Mapping) and isinstance(t.get("comments"), list)
                                         for t in tickets):
        return _zendesk_records(doc)
    if _is_zendesk_comments(doc):
        return _zendesk_comment_records(doc)
    lists = {k: v for k, v in doc.items() if isinstance(v, list) and v and all(isinstance(x, Mapping) for x in v)}
    if not lists:
        return None
    named = [k for k in _LIST_KEYS if k in lists]
    if len(lists) > 1 and len(named) != 1:
        return [({}, f"a JSON document with several lists of objects ({', '.join(list(lists)[:6])}): "
                     f"{_SHAPE_HELP}")]
    key = named[0] if named else next(iter(lists))
    out: list[tuple[dict[str, Any], str | None]] = []
    for item in lists[key]:
        if _is_intercom_conversation(item):
            out.extend(_intercom_records(item))
        else:
            out.append((_flatten(item), None))
    return out


def _is_intercom_conversation(obj: Any) -> bool:
    return isinstance(obj, Mapping) and ("conversation_parts" in obj or (
        obj.get("type") == "conversation" and isinstance(obj.get("source"), Mapping)))


def _intercom_records(conv: Mapping[str, Any]) -> list[tuple[dict[str, Any], str | None]]:
    """An Intercom conversation (API shape): its ``source`` (the client's first message, time the
    conversation's ``created_at``) then each ``conversation_parts`` entry, as flat Intercom parts."""
    cid = conv.get("id")
    source = conv.get("source") if isinstance(conv.get("source"), Mapping) else None
    title = conv.get("title") or (source or {}).get("subject") or None
    company = conv.get("company") if isinstance(conv.get("company"), Mapping) else None
    shared = {"conversation_id": cid, "conversation_title": title,
              **({"company_name": company.get("name")} if company else {})}
    out: list[tuple[dict[str, Any], str | None]] = []
    if source is not None:
        part = {k: v for k, v in source.items() if k not in ("id", "type")}
        out.append((_flatten({**part, "part_id": source.get("id") or "source", "part_type": "comment",
                              "created_at": source.get("created_at") or conv.get("created_at"), **shared}),
                    None))
    parts = conv.get("conversation_parts")
    if isinstance(parts, Mapping):
        parts = parts.get("conversation_parts")
    for i, p in enumerate(parts if isinstance(parts, list) else []):
        if isinstance(p, Mapping):
            out.append((_flatten({**p, "part_id": p.get("id") if p.get("id") is not None else i + 1,
                                  **shared}), None))
        else:
            out.append(({}, f"conversation {cid} part {i + 1} is not a JSON object"))
    return out


def _by_id(doc: Mapping[str, Any], key: str) -> dict[Any, Mapping[str, Any]]:
    """The objects of the document's list ``key`` (``users``, ``organizations``) by their ``id``."""
    items = doc.get(key)
    return {x.get("id"): x for x in items if isinstance(x, Mapping)} if isinstance(items, list) else {}


def _zendesk_comment(c: Mapping[str, Any], users: Mapping[Any, Mapping[str, Any]]) -> dict[str, Any]:
    """One Zendesk API comment as a flat Zendesk comment row (its author from ``users``)."""
    user = users.get(c.get("author_id"), {})
    return {"comment id": c.get("id"), "author": user.get("name") or c.get("author_id"),
            "author email": user.get("email"), "author role": user.get("role"), "public": c.get("public"),
            "created at": c.get("created_at"), "body": c.get("html_body") or c.get("body") or c.get("plain_body")}


def _is_zendesk_comments(doc: Mapping[str, Any]) -> bool:
    """Zendesk's ticket-comments response (``GET /api/v2/tickets/{id}/comments``): ``comments``
    holding objects with ``author_id`` and a body, often ``users`` beside them (``include=users``)."""
    comments = doc.get("comments")
    return isinstance(comments, list) and any(
        isinstance(c, Mapping) and "author_id" in c and ("body" in c or "html_body" in c or "plain_body" in c)
        for c in comments)


#: The ticket in a Zendesk API address (``.../api/v2/tickets/4410/comments.json?page=2``).
_ZD_TICKET_URL = re.compile(r"/tickets/(\d+)(?:/|\.json|$)")
#: Hidden key of a row read from a Zendesk comments response that names no ticket: the reader
#: takes the ticket id from the file name.
_TICKET_FROM_FILE = "\x00ticket from file"


def _zendesk_comment_records(doc: Mapping[str, Any]) -> list[tuple[dict[str, Any], str | None]]:
    """Zendesk's ticket-comments response: one flat Zendesk comment per ``comments`` entry, authors
    from ``users``. The response holds one ticket's comments but does not name it: the ticket id comes
    from a comment's ``ticket_id``, the document's ``ticket``/``ticket_id``, or its paging addresses
    (``next_page``, ``previous_page``, ``url``); without any, the reader takes it from the file name.

    >>> doc = {"comments": [{"id": 5, "author_id": 1, "body": "Hi"}], "users": [{"id": 1, "name": "Ann"}],
    ...        "next_page": "https://x.zendesk.com/api/v2/tickets/88/comments.json?page=2"}
    >>> [(r["ticket id"], r["comment id"], r["author"]) for r, _ in _zendesk_comment_records(doc)]
    [('88', 5, 'Ann')]
    """
    users = _by_id(doc, "users")
    ticket = doc.get("ticket")
    tid: Any = doc.get("ticket_id") or (ticket.get("id") if isinstance(ticket, Mapping) else None)
    for key in ("next_page", "previous_page", "url"):
        m = _ZD_TICKET_URL.search(str(doc.get(key) or "")) if tid is None else None
        tid = m.group(1) if m else tid
    subject = ticket.get("subject") if isinstance(ticket, Mapping) else None
    out: list[tuple[dict[str, Any], str | None]] = []
    for n, c in enumerate(doc.get("comments") or [], 1):
        if not isinstance(c, Mapping):
            out.append(({"ticket id": tid}, f"comment {n} is not a JSON object"))
            continue
        row = {"ticket id": c.get("ticket_id") or tid, **_zendesk_comment(c, users), "subject": subject}
        if row["ticket id"] is None:
            row[_TICKET_FROM_FILE] = True
        out.append((row, None))
    return out


def _zendesk_records(doc: Mapping[str, Any]) -> list[tuple[dict[str, Any], str | None]]:
    """Zendesk's API shape: ``tickets`` each with ``comments`` (``author_id`` resolved through the
    document's ``users``, ``organization_id`` through ``organizations``), as flat Zendesk comments."""
    users, orgs = _by_id(doc, "users"), _by_id(doc, "organizations")
    out: list[tuple[dict[str, Any], str | None]] = []
    for n, t in enumerate(doc.get("tickets") or []):
        if not isinstance(t, Mapping):
            out.append(({}, f"ticket {n + 1} is not a JSON object"))
            continue
        comments = t.get("comments")
        if not isinstance(comments, list):  # a ticket without its comments: its description
            out.append((_flatten(t), None))
            continue
        requester = users.get(t.get("requester_id"), {})
        org = orgs.get(t.get("organization_id"), {})
        for c in comments:
            if not isinstance(c, Mapping):
                out.append(({"ticket id": t.get("id")}, f"a comment of ticket {t.get('id')} is not a JSON object"))
                continue
            out.append(({
                "ticket id": t.get("id"), **_zendesk_comment(c, users),
                "subject": t.get("subject") or t.get("raw_subject"), "organization": org.get("name"),
                "requester email": requester.get("email"),
            }, None))
    return out


def _ticket_from_file(header: list[str], rows: list[tuple[dict[str, Any], str | None]], path: Path) -> None:
    """Give rows of a Zendesk comments response that names no ticket the file's ticket: the one
    number in its name (``ticket_4410.json``), else its name; the first such row says so."""
    header.remove(_TICKET_FROM_FILE)
    told = False
    for row, _ in rows:
        if row.pop(_TICKET_FROM_FILE, None):
            digits = re.findall(r"\d+", path.stem)
            row["ticket id"] = digits[0] if len(digits) == 1 else path.stem
            if not told:
                row[_NOTE] = (f"Zendesk's ticket-comments response does not name its ticket: the ticket id "
                              f"{row['ticket id']!r} is taken from the file name (name each file after its "
                              "ticket, e.g. 4410.json)")
                told = True


def _json_rows(text: str) -> tuple[list[str], list[tuple[dict[str, Any], str | None]]]:
    stripped = text.lstrip()
    objs: list[tuple[dict[str, Any], str | None]] = []
    if stripped.startswith("["):
        try:
            doc = json.loads(stripped)
        except json.JSONDecodeError as exc:
            return [], [({}, f"invalid JSON: {exc.msg} at line {exc.lineno}")]
        except RecursionError:  # hostile input, not a bug: say what it is
            return [], [({}, JSON_TOO_DEEP)]
        items = doc if isinstance(doc, list) else []
        for i, item in enumerate(items):
            if isinstance(item, Mapping):
                try:
                    objs.append((_flatten(item), None))
                except RecursionError:
                    objs.append(({}, f"item {i}: {JSON_TOO_DEEP}"))
            else:
                objs.append(({}, f"item {i} is not a JSON object"))
    else:
        try:  # one JSON document (an API response), not JSON Lines
            whole = json.loads(stripped)
        except json.JSONDecodeError:
            whole = None  # JSON Lines ("Extra data" after the first object) or broken: read by line
        except RecursionError:
            return [], [({}, JSON_TOO_DEEP)]
        try:
            found = _document_records(whole) if isinstance(whole, Mapping) else None
        except RecursionError:
            return [], [({}, JSON_TOO_DEEP)]
        if found is not None:
            objs = found
        elif isinstance(whole, Mapping) and "\n" in stripped.strip():  # one object over several lines
            objs = [(_flatten(whole), None)]
    if not objs and not stripped.startswith("["):
        for n, line in enumerate(text.split("\n"), 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                flat = _flatten(item) if isinstance(item, Mapping) else None
            except json.JSONDecodeError as exc:
                objs.append(({}, f"line {n} is not valid JSON: {exc.msg}"))
                continue
            except RecursionError:
                objs.append(({}, f"line {n}: {JSON_TOO_DEEP}"))
                continue
            if flat is not None:
                objs.append((flat, None))
            else:
                objs.append(({}, f"line {n} is not a JSON object"))
    header: list[str] = []
    seen: set[str] = set()
    for row, _ in objs:
        for k in row:
            if k not in seen:
                seen.add(k)
                header.append(k)
    return header, objs


def _file_error(path: Path, reason: str) -> Record:
    return {"channel": "helpdesk", "text": "", "status": "error", "error": f"{reason} ({path.name})"}


def _relationship(rel: str | None, path: Path, options: ReadOptions) -> Any:
    """The ticket's account after ``options.relationship``: a mapping is looked up by file name,
    file stem, then the organisation; a plain string fills in when the export names none."""
    if isinstance(options.relationship, Mapping):  # file name / stem / organisation -> account
        mapped = next((options.relationship[k] for k in (path.name, path.stem, rel) if k in
                       options.relationship), None)
        return str(mapped) if mapped is not None else rel if rel is not None else pd.NA
    if rel is None and options.relationship:
        return str(options.relationship)
    return rel


def _bug_first(problems: list[str]) -> list[str]:
    """``problems`` with a frictionscan bug first: ``scan`` looks for it at the start of ``error``."""
    return sorted(problems, key=lambda p: not p.startswith(INTERNAL_ERROR))


def _clean_body(body: str, author: str | None, addr: str | None,
                html: bool = False) -> tuple[str, str, str | None]:
    """``(text, quoted_text, problem)`` of a body; a cleaner failure keeps the raw text."""
    try:
        from ..clean import split_reply
        from ..clean._reply import signer

        new, quoted = split_reply(body, html=html or bool(_HTML.search(body)), sender=signer(author, addr))
        return new, quoted, None
    except Exception as exc:  # a cleaner failure must not stop the batch
        return body, "", failure_reason("cannot clean the body", exc)


# ----------------------------------------------------------------------------------------------
# Jira / Jira Service Management: one CSV row per issue, comments in repeated "Comment" columns

#: A Jira comment cell: ``<date>;<author account id or name>;<body>`` (the body may hold ``;``).
_JIRA_CELL = re.compile(r"\s*([^;\n]{4,40});([^;\n]*);(.*)\Z", re.S)
_JIRA_FORMATS = ("%d/%b/%y %I:%M %p", "%d/%b/%Y %I:%M %p", "%d/%b/%y %H:%M", "%d/%b/%Y %H:%M",
                 "%d/%b/%y %I:%M:%S %p", "%d/%b/%y")


#: Month abbreviations Jira writes in a German, French, Spanish, Italian, Dutch or Portuguese
#: locale ("10/Mär/25"), to the English ones strptime knows
_JIRA_MONTHS = {
    "mär": "Mar", "mrz": "Mar", "mai": "May", "okt": "Oct", "dez": "Dec",  # de
    "janv": "Jan", "févr": "Feb", "fevr": "Feb", "mars": "Mar", "avr": "Apr", "juin": "Jun",
    "juil": "Jul", "août": "Aug", "aout": "Aug", "sept": "Sep", "déc": "Dec",  # fr
    "ene": "Jan", "abr": "Apr", "ago": "Aug", "dic": "Dec",  # es
    "gen": "Jan", "mag": "May", "giu": "Jun", "lug": "Jul", "set": "Sep", "ott": "Oct",  # it
    "mrt": "Mar", "mei": "May",  # nl
    "fev": "Feb", "out": "Oct",  # pt
}
_JIRA_MONTH = re.compile(r"(?<=/)([^\W\d_]{3,5})\.?(?=/)")
_JIRA_SHAPE = re.compile(r"\d{1,2}/[^\W\d_]{3,5}\.?/\d{2,4}\b")


def _jira_time(value: Any, dayfirst: bool | None = None) -> tuple[pd.Timestamp | None, str | None]:
    """A Jira date (``10/Mar/25 9:14 AM``, no zone: UTC; month names of other locales too) or any
    format :func:`_timestamp` reads.

    >>> [str(_jira_time(t)[0]) for t in ("10/Mar/25 9:14 AM", "1/Apr/2025 12:05 PM", "2025-03-10T09:14+01:00",
    ...                                  "10/Mär/25 9:14 AM", "3/déc./25 14:05")]
    ['2025-03-10 09:14:00+00:00', '2025-04-01 12:05:00+00:00', '2025-03-10 08:14:00+00:00', \
'2025-03-10 09:14:00+00:00', '2025-12-03 14:05:00+00:00']
    """
    text = _text(value)
    if not text:
        return None, None
    text = _JIRA_MONTH.sub(lambda m: _JIRA_MONTHS.get(m[1].lower(), m[1]), text, count=1)
    for fmt in _JIRA_FORMATS:
        try:
            return pd.Timestamp(datetime.strptime(text, fmt), tz="UTC"), None
        except ValueError:
            continue
    if _JIRA_SHAPE.match(text):  # Jira's own layout that strptime refused ("32/Mar/25"): no guessing
        return None, f"unreadable date {text[:40]!r}"
    return _timestamps([text], dayfirst, zoneless_note=False)[0][:2]


def _jira_comment(cell: str, dayfirst: bool | None = None) -> tuple[pd.Timestamp, str, str] | None:
    """``(time, author, body)`` of a comment cell, or None when it is not in Jira's layout.

    >>> t, who, body = _jira_comment("10/Mar/25 9:40 AM;5f1a;Paused; will update\\nby 2 PM")
    >>> str(t), who, body
    ('2025-03-10 09:40:00+00:00', '5f1a', 'Paused; will update\\nby 2 PM')
    >>> _jira_comment("just some words; no date")
    """
    m = _JIRA_CELL.match(cell)
    if m is None:
        return None
    when = _jira_time(m[1], dayfirst)[0]
    return None if when is None else (when, m[2].strip(), m[3].strip())


def _jira_unreadable_date(cell: str) -> str | None:
    """The date part of a comment cell laid out as ``date;author;text`` whose date cannot be read."""
    m = _JIRA_CELL.match(cell)
    return m[1].strip() if m is not None and re.search(r"\d", m[1]) else None


def _positions(header: list[str], *names: str) -> list[int]:
    keys = {_key(n) for n in names}
    return [i for i, h in enumerate(header) if _key(h) in keys]


def _cells(values: list[str], idx: list[int]) -> list[str]:
    return [v.strip() for v in (values[i] if i < len(values) else "" for i in idx) if v.strip()]


def _jira_side(author: str, addr: str | None, staff: set[str], clients: set[str], agents: set[str],
               options: ReadOptions) -> str | None:
    """Direction of a comment: the issue's assignee -> outbound, its reporter or a request participant
    -> inbound, then the author's e-mail against ``internal_domains``, then the file's other assignees
    and ``internal_speakers`` (names or account ids) -> outbound; else unknown (None)."""
    a = author.lower()
    if not a:
        return None
    if a in staff:
        return "outbound"
    if a in clients or (addr and addr in clients):
        return "inbound"
    if addr and options.internal_domains:
        return "outbound" if is_internal(addr, options.internal_domains) else "inbound"
    return "outbound" if a in agents else None


def _read_jira(path: Path, header: list[str], rows: list[tuple[dict[str, Any], str | None]],
               cols: dict[str, str], options: ReadOptions, note: str | None) -> Iterator[Record]:
    """Records of a Jira CSV export: per issue, its Description (author = Reporter, time = Created)
    then one record per non-empty Comment cell, in column order."""
    comment_at = _positions(header, "comment")
    body_col = cols.get("body")
    desc_at = [header.index(body_col)] if body_col and _key(body_col) != "comment" else []
    key_at = [header.index(cols["ticket_id"])] if "ticket_id" in cols else []
    field_at = {f: [header.index(c)] for f, c in cols.items() if f not in ("body", "ticket_id")}
    org_at = _positions(header, "organizations", "organization") or field_at.get("organization", [])
    email_at = _positions(header, "reporter email") or field_at.get("requester_email", [])
    part_at = _positions(header, "request participants", "request participant")
    assignee_at = _positions(header, "assignee")
    who_at = {role: _positions(header, *names) for role, names in (
        ("reporter_id", ("reporter id", "reporter account id")),
        ("assignee_id", ("assignee id", "assignee account id")))}
    ours = {s.lower() for s in options.internal_speakers}

    def first(values: list[str], idx: list[int]) -> str:
        return next(iter(_cells(values, idx)), "")

    utc_told = False
    # everyone assigned an issue in this file is one of ours (an agent), on every issue
    agents = set(ours)
    for raw, _p in rows:
        values = raw.get(_VALUES, [])
        agents.update(c.lower() for c in _cells(values, assignee_at + who_at["assignee_id"]))

    for n, (raw, problem) in enumerate(rows):
        values = raw.get(_VALUES)
        if values is None:  # a row the csv module could not split
            yield {"channel": "helpdesk", "text": "", "status": "error", "error": problem}
            continue
        where = f"row {n + 1}" + (f" (line {raw[_LINE]})" if _LINE in raw else "")
        key = first(values, key_at)
        reporter = first(values, field_at.get("author", []))
        assignee = first(values, assignee_at)
        reporter_email = _address(first(values, email_at))[0]
        names = {c.lower(): reporter for c in _cells(values, who_at["reporter_id"])}
        names.update({c.lower(): assignee for c in _cells(values, who_at["assignee_id"])})
        staff = {x.lower() for x in (assignee, *_cells(values, who_at["assignee_id"])) if x}
        clients = {x.lower() for x in (reporter, reporter_email or "", *_cells(values, who_at["reporter_id"]))
                   if x}
        clients.update(p.strip().lower() for c in _cells(values, part_at) for p in c.split(";") if p.strip())

        # (number, author, address, time, body, direction, problem, note)
        items: list[tuple[int, str, str | None, Any, str, str | None, str | None, str | None]] = []
        written: dict[int, str] = {}  # item number -> its date as written (for the UTC note)
        desc = first(values, desc_at)
        if desc:
            written[0] = first(values, field_at.get("created_at", []))
            when, why = _jira_time(written[0], options.dayfirst)
            addr = reporter_email or _address(reporter)[0]
            own = bool(addr and is_internal(addr, options.internal_domains)) or reporter.lower() in ours
            items.append((0, reporter, addr, when, desc, "outbound" if own else "inbound", None, why))
        for c, i in enumerate(comment_at, 1):
            cell = values[i].strip() if i < len(values) else ""
            if not cell:
                continue
            parsed = _jira_comment(cell, options.dayfirst)
            if parsed is None:
                bad_date = _jira_unreadable_date(cell)
                why = (f"its date {bad_date!r} cannot be read" if bad_date else
                       "it is not in Jira's 'date;author;text' layout")
                items.append((c, "", None, None, cell, None,
                              f"{where}: comment {c} of issue {key or '?'}: {why} (kept whole as the "
                              "text)", None))
                continue
            when, author, body = parsed
            written[c] = _JIRA_CELL.match(cell)[1]  # type: ignore[index]  # parsed, so it matches
            addr = _address(author)[0]
            if addr is None and reporter_email and author and author.lower() == reporter.lower():
                addr = reporter_email
            bad = None if body else f"{where}: comment {c} of issue {key or '?'} has an empty body"
            items.append((c, author, addr, when, body, _jira_side(author, addr, staff, clients, agents, options),
                          bad, None))
        if not items:
            items.append((0, reporter, reporter_email, None, "", None,
                          f"{where}: issue {key or '?'} has no description and no comments", None))

        rel = first(values, org_at) or None
        if rel is None:
            inbound = [it[2] for it in items if it[2] and it[5] == "inbound"]
            for addr in (reporter_email, *inbound):
                if addr and "@" in addr and not is_internal(addr, options.internal_domains):
                    rel = account_for(addr, options.accounts or {})
                    break
        rel = _relationship(rel, path, options)
        subject = first(values, field_at.get("subject", [])) or None

        for c, author, addr, when, body, direction, bad, why in items:
            problems = [x for x in (problem, bad) if x]
            if not key:
                problems.insert(0, f"{where} has no issue key (column {cols.get('ticket_id', 'Issue key')!r})")
            name = names.get(author.lower(), author) or None
            text, quoted, failed = _clean_body(body, name, addr) if body else ("", "", None)
            if failed:
                problems.append(failed)
            notes = [x for x in (why, note, raw.get(_NOTE)) if x]
            date = written.get(c, "").strip()
            if not utc_told and when is not None and date and _zoneless(date):
                notes.append(_zoneless_note(date))  # Jira writes no zone: said once per file
                utc_told = True
            status = "error" if problems else "ok"
            if status == "ok" and _acknowledgement(text, inbound=direction == "inbound",
                                                        raw=body):
                status = "automated"
                notes.insert(0, _ACK_REASON)
            yield {
                "message_id": f"ticket-{key}.{c}" if key else None,
                "thread_id": f"ticket-{key}" if key else None,
                "relationship": rel,
                "direction": direction,
                "sender": addr or author or None,
                "sender_name": name,
                "timestamp": when,
                "subject": subject,
                "text": text,
                "quoted_text": quoted,
                "channel": "helpdesk",
                "status": status,
                "error": "; ".join(_bug_first(problems) + notes) or None,
            }


def read_helpdesk(path: Path, options: ReadOptions) -> Iterator[Record]:
    """Records of a helpdesk export (CSV or JSON Lines / JSON array), one per comment row.

    Parameters
    ----------
    path : Path
        The export file.
    options : ReadOptions
        ``preset``, ``columns``, ``internal_domains``, ``accounts`` and ``relationship`` are used.

    Returns
    -------
    iterator of dict
        Records keyed by the message-table columns (see the module docstring).

    Raises
    ------
    InvalidOptionError
        For an unknown ``preset`` or a ``columns=`` key that is not a canonical field.
    """
    path = Path(path)
    preset = _check_preset(options.preset)
    if options.columns:
        check_columns(options.columns)
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield _file_error(path, f"cannot read file: {exc.strerror or exc}")
        return
    if not data.strip():
        yield _file_error(path, "empty file")
        return
    text, note = decode_text(data, keep_nul=True)  # a stray NUL is noted on its own row
    if text is None:
        yield _file_error(path, f"cannot decode: {note}")
        return
    if text.lstrip().startswith(("{", "[")):
        header, rows = _json_rows(text)
        if _TICKET_FROM_FILE in header:
            _ticket_from_file(header, rows, path)
    else:
        header, rows = _csv_rows(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not rows:
        yield _file_error(path, "no rows after the header")
        return
    if not header and all(problem for _, problem in rows):  # nothing readable: say why
        yield _file_error(path, rows[0][1] if len(rows) == 1 else
                          f"no JSON object could be read ({rows[0][1]}, ...)")
        return
    used = preset or detect_preset(header)
    cols = resolve_columns(header, used, options.columns)
    unmatched = _unmatched_columns(header, options.columns)
    missing = [f for f in ("ticket_id", "body") if f not in cols]
    if missing:
        named = {f: c for f, c in unmatched.items() if f in missing}
        yield _file_error(path, (
            f"cannot find the {' and '.join(missing)} column(s) among {header[:20]}"
            + (f" (columns= names {', '.join(repr(c) for c in named.values())}, which this file "
               "does not have)" if named else "")
            + f"; pass columns={{'ticket_id': ..., 'body': ...}} or preset= one of {list(PRESETS)}"))
        return
    # the user said where a field is and the file has no such column: reading the preset's column
    # instead would be a guess, so every row says so (and is kept: rows out = records in)
    mapping_error = _unmatched_reason(unmatched, header) if unmatched else None
    _prefer_ticket_column(header, used, cols, options.columns, rows)
    if used == "jira" and _VALUES in rows[0][0] | rows[-1][0]:
        for rec in _read_jira(path, header, rows, cols, options, note):
            if mapping_error:
                _fail(rec, mapping_error)
            yield rec
        return
    alts = _alternatives(header, used, cols, options.columns)
    canon = [({f: _first_value(row, cs) for f, cs in alts.items()}, row, problem) for row, problem in rows]
    if "comment_id" in cols and not (options.columns and "comment_id" in options.columns):
        _drop_shared_comment_ids(canon, cols["comment_id"])

    # ticket-level account: the organisation column, else the first inbound author's e-mail
    ticket_rel: dict[str, str] = {}
    for crow, _row, _p in canon:
        tid = _text(crow.get("ticket_id"))
        if not tid or tid in ticket_rel:
            continue
        org = _text(crow.get("organization"))
        if org:
            ticket_rel[tid] = org
    for crow, _row, _p in canon:
        tid = _text(crow.get("ticket_id"))
        if not tid or tid in ticket_rel:
            continue
        requester = _address(crow.get("requester_email"))[0] or ""
        author = _address(crow.get("author_email"))[0] or ""
        if _direction(crow, used, options) != "inbound":
            author = ""
        for addr in (requester, author):
            if "@" in addr and not is_internal(addr, options.internal_domains):
                ticket_rel[tid] = account_for(addr, options.accounts or {})
                break

    ticket_subject: dict[str, str] = {}
    for crow, _row, _p in canon:
        tid, subj = _text(crow.get("ticket_id")), _text(crow.get("subject"))
        if tid and subj:
            ticket_subject.setdefault(tid, subj)

    html_col = "html" in _key(cols["body"])
    stamps = _timestamps([crow.get("created_at") for crow, _r, _p in canon], options.dayfirst)
    # no mapped column can tell the side: the first row without direction says which option helps
    tell_side = "incoming" not in cols and "role" not in cols and "part_type" not in cols
    side_told = False
    day_only_seen: dict[str, int] = {}
    for n, (crow, raw, problem) in enumerate(canon):
        tid = _text(crow.get("ticket_id"))
        body = _text(crow.get("body"))
        author = _text(crow.get("author")) or None
        addr, named = _address(crow.get("author_email"))
        author = author or named
        rel = _relationship(ticket_rel.get(tid) if tid else None, path, options)
        cid = _text(crow.get("comment_id"))
        nul_note = f"{raw[_NULS]} NUL byte(s) removed from this row" if raw.get(_NULS) else None
        bad_time = stamps[n][1] if stamps[n][2] else None  # an ambiguous date in a mixed-order file
        side, side_note = _side(crow, used, options, cols)
        if side is None and side_note is None and not side_told and tell_side:
            side_note, side_told = _no_side_note(options), True  # once per file
        notes = [x for x in (None if bad_time else stamps[n][1], note, nul_note, raw.get(_NOTE), side_note)
                 if x]
        ptype = _text(crow.get("part_type")).lower()
        system = (ptype in _SYSTEM_TYPES or side == "system") and not problem
        rec: Record = {
            # no comment id: one made from what the comment is (when, who, what), so the same
            # comment read from two exports is a duplicate, and two comments do not share an id
            # the way row numbers would across files ("c-" keeps it apart from the real ids)
            "message_id": (f"ticket-{tid}.{cid or _content_id(crow, n, day_only_seen)}" if tid else None),
            "thread_id": f"ticket-{tid}" if tid else None,
            "relationship": rel,
            "direction": None if system or side == "system" else side,  # an event has no side
            "sender": addr or author,
            "sender_name": author,
            "timestamp": stamps[n][0],
            "utc_offset": stamps[n][3],
            "subject": _text(crow.get("subject")) or ticket_subject.get(tid),
            "text": "",
            "quoted_text": "",
            "channel": "helpdesk",
            "status": "ok",
            "error": "; ".join(notes) or None,
        }
        problems = [x for x in (problem, bad_time) if x]
        unreadable = bool(problem) and not crow.get("ticket_id") and not crow.get("body")
        if not unreadable and not system:  # an unreadable row's one reason says it all
            where = f"row {n + 1}" + (f" (line {raw[_LINE]})" if _LINE in raw else "")
            if not tid:
                problems.append(f"{where} has no ticket id (column {cols['ticket_id']!r})")
            if not body:
                problems.append(f"{where} has an empty body (column {cols['body']!r})")
        if body:
            try:
                from ..clean import split_reply
                from ..clean._reply import signer

                is_html = html_col or bool(_HTML.search(body))
                new, quoted = split_reply(body, html=is_html, sender=signer(author, addr))
                rec["text"], rec["quoted_text"] = new, quoted
            except Exception as exc:  # a cleaner failure must not stop the batch
                rec["text"] = body
                problems.append(failure_reason("cannot clean the body", exc))
        if problems:
            rec["status"] = "error"
            rec["error"] = "; ".join(_bug_first(problems) + notes)
        elif system and ptype in _SYSTEM_TYPES:
            rec["status"] = "automated"
            rec["error"] = "; ".join([f"a helpdesk system event ({ptype}), not a message", *notes])
        elif system:
            who = _text(crow.get("role")) or _text(crow.get("incoming"))
            rec["status"] = "automated"
            rec["error"] = "; ".join([f"written by the helpdesk's system or a bot (author role {who!r}), "
                                      "not a person's message", *notes])
        elif out_of_office(rec["text"]):  # a client's auto-reply posted into the ticket
            rec["status"] = "automated"
            rec["error"] = "; ".join(["an out-of-office reply (from its text)", *notes])
        elif side != "internal" and _acknowledgement(rec["text"], inbound=side == "inbound",
                                                           raw=body):
            # (the ticket system's notice goes out on our side; the client's own helpdesk's notice
            # needs a machine's mark, as a client who writes "my ticket has been created" is writing)
            rec["status"] = "automated"
            rec["error"] = "; ".join([_ACK_REASON, *notes])
        if mapping_error:
            _fail(rec, mapping_error)
        yield rec


def _fail(rec: Record, reason: str) -> None:
    """Make ``rec`` an error row whose reason comes first (its own notes kept after it)."""
    if rec.get("status") != "error" or reason not in (rec.get("error") or ""):
        rec["error"] = "; ".join(x for x in (reason, rec.get("error")) if x)
    rec["status"] = "error"


# ----------------------------------------------------------------------------------------------
# sniffing

_TICKET_WORDS = re.compile(r"(ticket|conversation|case)[\s_\-]*(id|number|no)?$", re.I)
_BODY_WORDS = re.compile(r"(body|comment|message|text|content|description)", re.I)


def _header_looks_like_tickets(header: list[str]) -> bool:
    if detect_preset(header):
        return True
    return any(_TICKET_WORDS.search(h.strip()) for h in header) and any(
        _BODY_WORDS.search(h) for h in header) and len(header) >= 3


def _sniff(path: Path, head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a byte-order mark: Excel's
        text = head[: len(head) // 2 * 2].decode("utf-16", errors="ignore")  # "Unicode Text"
    elif b"\x00" in head and not stray_nuls(head):
        return False  # binary, or UTF-16 without a byte-order mark
    else:
        text = head.replace(b"\x00", b"").decode("utf-8", errors="ignore")
    text = text.lstrip("\ufeff \t\r\n")
    if not text:
        return False
    if text.startswith("{"):
        line = text.split("\n", 1)[0]
        try:
            obj = json.loads(line)
        except (json.JSONDecodeError, RecursionError):
            obj = None  # a document over several lines (an API response): judged by its keys
        if isinstance(obj, Mapping):
            try:
                flat = list(_flatten(obj))
            except RecursionError:
                return False
            if _header_looks_like_tickets(flat):
                return True
        keys = set(re.findall(r'"([A-Za-z_][\w .\-]{0,40})"\s*:', text[:20000]))
        return "speaker" not in keys and (
            "conversation_parts" in keys or {"tickets", "comments"} <= keys or {"comments", "author_id"} <= keys
            or (bool(keys & set(_LIST_KEYS)) and _header_looks_like_tickets(sorted(keys))))
    if text.startswith("["):
        keys = re.findall(r'"([A-Za-z_][\w .\-]{0,40})"\s*:', text[:20000])
        return "speaker" not in keys and _header_looks_like_tickets(list(dict.fromkeys(keys)))
    named, text = _excel_sep(text)
    first = text.split("\n", 1)[0].rstrip("\r")
    delim = named or max([",", ";", "\t", "|"], key=first.count)
    if first.count(delim) < 1:
        return False
    try:
        header = next(csv.reader([first], delimiter=delim))
    except (csv.Error, StopIteration):
        return False
    return _header_looks_like_tickets(header)


register_reader(Reader(name="helpdesk", sniff=_sniff, read=read_helpdesk, priority=50,
                       description="helpdesk ticket export, CSV, JSON Lines or an API-shaped JSON "
                                   "document (Zendesk, Freshdesk, Intercom, Help Scout, HubSpot, Jira, "
                                   "or columns=)",
                       channel="helpdesk"))
