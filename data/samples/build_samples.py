"""Build frictionscan's sample mailbox, deterministically, from the stories written below.

Everything here is fictional and original (see ``data/samples/README.md``). The stories are plain
data (who wrote what, when, in reply to which message); this script renders them into real-looking
mail: RFC 5322 headers, Message-ID / In-Reply-To / References chains, quoted history in the sender's
mail-client style (Gmail, Outlook, Apple Mail, in English, French and German), signatures, a legal
disclaimer, HTML-only and multipart/alternative bodies, quoted-printable and base64 bodies, RFC 2047
headers, a forward, a duplicate delivery, a message without a Message-ID and one malformed entry.

Outputs (all next to this file)::

    mailbox.mbox   the main sample (mboxrd-style ">From " escaping)
    accounts.csv   key,account
    eml/*.eml      a few single messages, one per reply style
    maildir/       a tiny Maildir (cur/, new/, tmp/)

Run ``python data/samples/build_samples.py`` (add ``--check`` to verify that the files on disk match
what the script would write). Standard library only.
"""

from __future__ import annotations

import argparse
import base64
import csv
import hashlib
import html
import io
import quopri
import re
import sys
import textwrap
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.header import Header
from email.utils import format_datetime, formataddr
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
INTERNAL_DOMAIN = "fernwick.io"


# --------------------------------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------------------------------

VANTOR_DISCLAIMER = (
    "CONFIDENTIALITY NOTICE: The information in this e-mail and any attachments is intended solely\n"
    "for the named recipient(s) and may be confidential or legally privileged. If you received this\n"
    "message in error, please notify the sender by reply e-mail and delete it from your system. Any\n"
    "unauthorised review, use, disclosure or distribution is prohibited. Vantor Manufacturing Inc.\n"
    "accepts no liability for viruses transmitted by e-mail."
)


@dataclass(frozen=True)
class Person:
    key: str
    name: str
    addr: str
    tz: str
    client: str  # quoting style: gmail, gmail_fr, gmail_de, apple, apple_us, apple_fr, outlook, outlook2, outlook_fr, outlook_de
    sig: str
    display: str | None = None  # display name in headers when it differs ("Thornton, Rebecca")
    account: str | None = None  # None = internal

    @property
    def shown(self) -> str:
        return self.display or self.name


PEOPLE: dict[str, Person] = {
    p.key: p
    for p in [
        # --- Fernwick Data (internal) ---
        Person("dana", "Dana Whitlock", "dana.whitlock@fernwick.io", "Europe/London", "gmail",
               "-- \nDana Whitlock\nSenior Account Manager | Fernwick Data\n+44 20 7946 0321 | fernwick.io"),
        Person("priya", "Priya Raman", "priya.raman@fernwick.io", "Europe/London", "gmail",
               "--\nPriya Raman\nCustomer Success Lead, Fernwick Data\nm: +44 7700 900412"),
        Person("tomas", "Tomás Herrera", "tomas.herrera@fernwick.io", "Europe/Madrid", "apple",
               "Tomás Herrera\nSolutions Engineer · Fernwick Data\n+34 91 555 0187"),
        Person("marek", "Marek Nowak", "marek.nowak@fernwick.io", "Europe/Warsaw", "gmail",
               "-- \nMarek Nowak\nEngineering Manager, Integrations\nFernwick Data"),
        Person("lena", "Lena Fischer", "lena.fischer@fernwick.io", "Europe/Berlin", "gmail_de",
               "-- \nLena Fischer\nSupport Engineer | Fernwick Data\nTel. +49 30 555 01 22"),
        Person("sam", "Sam Okafor", "sam.okafor@fernwick.io", "America/New_York", "apple_us",
               "Sam Okafor\nVP Customer Success, Fernwick Data\n\nSent from my iPhone"),
        Person("support", "Fernwick Support", "support@fernwick.io", "Europe/London", "gmail",
               "Fernwick Support\nsupport@fernwick.io | status.fernwick.io"),
        # --- Bellmont Logistics (story 1: steady and healthy) ---
        Person("grace", "Grace Liu", "grace.liu@bellmont-logistics.com", "America/Chicago", "gmail",
               "Grace Liu\nHead of Data | Bellmont Logistics\n(312) 555-0172", account="Bellmont Logistics"),
        Person("owen", "Owen Marsh", "owen.marsh@bellmont-logistics.com", "America/Chicago", "gmail",
               "--\nOwen Marsh\nData Engineer, Bellmont Logistics", account="Bellmont Logistics"),
        # --- Orla Retail (story 2: friction, ownership, plan kept, recovery) ---
        Person("rebecca", "Rebecca Thornton", "rebecca.thornton@orlaretail.com", "Europe/Dublin", "outlook",
               "Rebecca Thornton\nDirector, E-commerce Operations\nOrla Retail Ltd.\nT: +353 1 555 0190",
               display="Thornton, Rebecca", account="Orla Retail"),
        Person("felix", "Felix Adeyemi", "felix.adeyemi@orlaretail.com", "Europe/Dublin", "outlook",
               "Felix Adeyemi | BI Manager | Orla Retail", display="Adeyemi, Felix", account="Orla Retail"),
        # --- Pinecrest Insurance (story 3: silent decline) ---
        Person("martin", "Martin Kowalczyk", "martin.kowalczyk@pinecrest-insurance.com", "America/New_York",
               "outlook2",
               "Martin Kowalczyk\nIT Programme Manager\nPinecrest Insurance Company\nOffice: (860) 555-0134",
               account="Pinecrest Insurance"),
        Person("alicia", "Alicia Greene", "alicia.greene@pinecrest-insurance.com", "America/New_York",
               "outlook2", "Alicia Greene\nClaims Analytics | Pinecrest Insurance", account="Pinecrest Insurance"),
        # --- Vantor Manufacturing (story 4: broken promises) ---
        Person("derek", "Derek Hollis", "derek.hollis@vantor-mfg.com", "America/Detroit", "outlook",
               "Derek Hollis\nPlant Systems Manager\nVantor Manufacturing Inc.\nDirect: (313) 555-0158\n\n"
               + VANTOR_DISCLAIMER, display="Hollis, Derek", account="Vantor Manufacturing"),
        Person("nadia", "Nadia Petrov", "nadia.petrov@vantor-mfg.com", "America/Detroit", "outlook",
               "Nadia Petrov\nVP Operations | Vantor Manufacturing Inc.\n\n" + VANTOR_DISCLAIMER,
               display="Petrov, Nadia", account="Vantor Manufacturing"),
        # --- Maris Group (story 5: two domains and a free-mail address) ---
        Person("jlr", "Jean-Luc Roussel", "jl.roussel@maris-energie.fr", "Europe/Paris", "outlook_fr",
               "Cordialement,\n\nJean-Luc Roussel\nDirecteur des Systèmes d'Information\nMaris Énergie SAS\n"
               "+33 1 55 55 01 76", account="Maris Group"),
        Person("jlr_gmail", "Jean-Luc Roussel", "jl.roussel.maris@gmail.com", "Europe/Paris", "apple_fr",
               "Envoyé de mon iPhone", account="Maris Group"),
        Person("annika", "Annika Brandt", "annika.brandt@marisgroup.com", "Europe/Berlin", "outlook_de",
               "Mit freundlichen Grüßen\nAnnika Brandt\nControlling\nMaris Group GmbH | Hamburg\n"
               "Tel.: +49 40 555 01 93", account="Maris Group"),
        # --- Brisk Couriers (story 6: terse but happy) ---
        Person("kit", "Kit Bramley", "kit@briskcouriers.co.uk", "Europe/London", "ios",
               "Sent from my iPhone", account="Brisk Couriers"),
    ]
}

ACCOUNTS_CSV = [
    ("bellmont-logistics.com", "Bellmont Logistics"),
    ("orlaretail.com", "Orla Retail"),
    ("pinecrest-insurance.com", "Pinecrest Insurance"),
    ("vantor-mfg.com", "Vantor Manufacturing"),
    ("marisgroup.com", "Maris Group"),
    ("maris-energie.fr", "Maris Group"),
    ("jl.roussel.maris@gmail.com", "Maris Group"),
    ("briskcouriers.co.uk", "Brisk Couriers"),
]


# --------------------------------------------------------------------------------------------------
# Story data model
# --------------------------------------------------------------------------------------------------


@dataclass
class Msg:
    when: str  # local time of the sender, "YYYY-MM-DD HH:MM"
    frm: str  # person key
    text: str  # what the sender newly wrote
    to: list[str] | None = None
    cc: list[str] | None = None
    parent: str | None = "prev"  # "prev" = previous message of the thread, None = new thread, or a label
    label: str | None = None
    subject: str | None = None
    enc: str | None = None  # None, "qp", "b64", "html", "alt", "cp1252", "8bit"
    client: str | None = None  # override the sender's quoting style
    forward: str | None = None  # label of the message forwarded (with this text as the note)
    sig: bool = True
    no_message_id: bool = False
    # filled while rendering
    story: str = ""
    thread_subject: str = ""
    key: str = ""
    extra: dict = field(default_factory=dict)


THREADS: list[tuple[str, str, list[Msg]]] = []


def t(s: str) -> str:
    return textwrap.dedent(s).strip("\n")


def M(when: str, frm: str, text: str, **kw) -> Msg:
    return Msg(when, frm, t(text), **kw)


def thread(story: str, subject: str, *msgs: Msg) -> None:
    THREADS.append((story, subject, list(msgs)))


# ==================================================================================================
# THE STORIES
# ==================================================================================================

# --------------------------------------------------------------------------------------------------
# Internal kick-off
# --------------------------------------------------------------------------------------------------
thread("internal", "Q1 account priorities",
    M("2025-01-06 08:40", "sam", """
        Morning all,

        Quick note before our Monday call. Q1 priorities by account:
        - Orla: catalogue migration must land by 7 Feb, their spring launch depends on it.
        - Vantor: the MES connector upgrade is live, keep a close eye on data quality.
        - Pinecrest: new this quarter, onboarding is Priya's. First impressions matter.
        - Bellmont, Brisk, Maris: keep doing what you're doing.

        Shout if anything is at risk. I'd rather hear early than late.
        """, to=["dana", "priya", "tomas", "marek"], cc=["lena"]),
    M("2025-01-06 14:05", "dana", """
        Thanks Sam. Orla is tight but doable if the variant mapping behaves. Tomás and I will confirm
        dates with Rebecca this week.
        """),
)

# --------------------------------------------------------------------------------------------------
# Story 1: Bellmont Logistics — steady and healthy
# --------------------------------------------------------------------------------------------------
thread("1-steady", "Plans for Q1 — depot dashboards and carrier sync",
    M("2025-01-07 15:10", "dana", """
        Hi Grace,

        Happy new year! As discussed before the break, here is what we'd suggest for Q1:

        1. Depot dashboards: one page per depot with dwell time, on-time departures and exceptions.
        2. Carrier sync: pull the carrier shipment feed every hour instead of nightly.
        3. A short review together at the end of each month.

        Does that match your priorities? Happy to adjust.

        Best,
        Dana
        """, to=["grace"], cc=["owen"]),
    M("2025-01-07 10:02", "grace", """
        Hi Dana,

        Happy new year to you too. That's exactly our list. Owen will own the carrier sync on our
        side, and I'll take the dashboards.

        Thanks for getting this going so early.

        Grace
        """),
    M("2025-01-07 16:30", "dana", """
        Perfect. I've sent an invite for Thursday 10:00 your time to walk through the dashboard mock-ups.
        """),
)

thread("1-steady", "Carrier feed - extra column?",
    M("2025-01-15 08:47", "owen", """
        Hi Dana,

        Small one: could we get pallet_count added to the carrier shipments sync? It's in the carrier
        API response, we just don't load it today.

        Thanks,
        Owen
        """, to=["dana"], cc=["grace"]),
    M("2025-01-15 16:55", "dana", """
        Hi Owen,

        Yes, easy to do. Marek's team will add it today and it should appear after tomorrow morning's
        run. I'll confirm once it's there.
        """, cc=["grace", "marek"]),
    M("2025-01-16 10:20", "dana", """
        Confirmed: pallet_count is now in carrier_shipments, backfilled for the last 90 days too.
        """, parent="prev"),
    M("2025-01-16 04:41", "owen", """
        Perfect, thank you! Already using it in the load-planning report.
        """),
)

_BELLMONT_CHECKINS = [
    ("2025-01-20 14:05", """
        Hi Grace,

        Weekly note:
        - Depot dashboards: first two depots (Joliet, Gary) are live in your workspace.
        - Carrier sync: hourly schedule running since Friday, no failures.
        - Next: the remaining four depots this week.

        Anything you'd like us to change on the first two?
        """,
     "2025-01-20 09:31", """
        Looks great. One request: can the exceptions table sort by age instead of by depot code?
        Otherwise no changes. Thanks Dana!
        """),
    ("2025-02-03 13:50", """
        Hi Grace,

        Weekly note:
        - All six depot dashboards are live, exceptions now sorted by age as you asked.
        - Carrier sync: 100% success rate last week, average latency 6 minutes.
        From next Monday the sync also picks up the two regional carriers Owen mentioned.

        Have a good week!
        """,
     "2025-02-03 08:12", """
        Thanks Dana, all good here. The depot leads have started using the dashboards in their morning
        huddles, which is exactly what we wanted.
        """),
    ("2025-02-17 14:20", """
        Hi Grace,

        Quiet fortnight, which is how we like it:
        - The two regional carriers are in the sync since last Monday.
        - One failed run on Wednesday night (carrier API timeout), retried automatically 10 minutes later.

        Nothing needed from you.
        """,
     "2025-02-17 10:44", """
        Thanks for the update, and for flagging the retry even though it sorted itself out.
        """),
    ("2025-03-03 15:00", """
        Hi Grace,

        Monthly review notes, as promised:
        - Dwell time at Gary is down 11% since the dashboard went live (your team's work, not ours!).
        - Sync health: 99.8% of runs on time in February.
        - Suggestion: a weekly PDF of the depot summary for the regional directors?

        Let me know what you think.
        """,
     "2025-03-03 11:15", """
        Love the PDF idea, yes please. Send it to me first for a couple of weeks and then we'll widen it.
        """),
    ("2025-03-17 14:35", """
        Hi Grace,

        - The weekly depot PDF went out Friday; you should have it in your inbox.
        - No incidents in the last two weeks.
        - Owen asked about archiving old shipment data; I've replied to him separately.

        Best,
        Dana
        """,
     "2025-03-17 09:58", """
        Got it, the PDF is great. Please add the regional directors from next week (list in the shared doc).
        """),
    ("2025-03-31 16:10", """
        Hi Grace,

        - Regional directors added to the PDF distribution.
        - March sync health: 100% on time.
        - Reminder: your renewal is due at the end of May. I'll send the paperwork in April.
        """,
     "2025-03-31 11:02", """
        Thanks Dana. Sounds good on the renewal.
        """),
    ("2025-04-14 15:25", """
        Hi Grace,

        Short one this week: everything green. We're rolling out a new connector runtime over the next
        fortnight; your syncs move on Tuesday night and nothing should change for you. I'll confirm afterwards.
        """,
     "2025-04-14 10:37", """
        Thanks for the heads-up. Tuesday night works.
        """),
    ("2025-04-28 14:00", """
        Hi Grace,

        - The runtime move went through on Tuesday as planned, no gaps in the data.
        - April sync health: 99.9%.
        - The renewal paperwork is with your procurement team (see the separate thread).
        """,
     "2025-04-28 08:55", """
        Great, thanks. Procurement says they'll sign this week.
        """),
    ("2025-05-12 14:45", """
        Hi Grace,

        All quiet again:
        - No incidents since the last note.
        - Owen's timezone question is sorted (thread from last Tuesday).
        - Next month we'd like to show you the new anomaly alerts. Interested?
        """,
     "2025-05-12 09:20", """
        Definitely interested. Let's do it in the June review.
        """),
    ("2025-05-26 15:05", """
        Hi Grace,

        Last note for May:
        - Renewal countersigned, thank you.
        - May sync health: 100%.
        - June review is booked for the 9th with the anomaly-alert demo.

        Thanks for a great five months.
        """,
     "2025-05-26 10:12", """
        Thank you Dana, it's been a really smooth year so far. See you on the 9th.
        """),
]
for _i, (_w1, _t1, _w2, _t2) in enumerate(_BELLMONT_CHECKINS):
    _day = _w1[:10]
    thread("1-steady", f"Bellmont / Fernwick weekly update - {_day}",
        M(_w1, "dana", _t1, to=["grace"], cc=["owen"], label=f"bellmont_checkin_{_i}"),
        M(_w2, "grace", _t2, enc="alt" if _i == 4 else None, label=f"bellmont_checkin_{_i}_reply"),
    )
thread("1-steady", "",
    M("2025-04-16 09:10", "dana", """
        Hi Grace,

        Confirming as promised: your syncs moved to the new runtime last night and every run since has
        been on time. Nothing changes on your side.
        """, parent="bellmont_checkin_6_reply"),
    M("2025-04-16 07:45", "grace", """
        Great, thank you!
        """),
)
# Grace's replies are written in the US Central time zone, the same morning Dana sends from London.

thread("1-steady", "Invoice BL-2025-014: PO number",
    M("2025-02-10 09:05", "grace", """
        Hi Dana,

        Our AP team bounced invoice BL-2025-014 because it's missing our PO number (PO-88412).
        Could you reissue it with the PO on it?

        Thanks,
        Grace
        """, to=["dana"]),
    M("2025-02-10 15:40", "dana", """
        Hi Grace,

        Sorry about that. Reissued with PO-88412 and sent to ap@ a few minutes ago. I've also added the PO
        to your account so it appears on every invoice from now on.
        """),
    M("2025-02-10 10:02", "grace", """
        Great, thank you for the quick turnaround!
        """),
)

thread("1-steady", "Depot dashboards - thank you",
    M("2025-03-12 16:20", "grace", """
        Dana,

        I just came out of our quarterly ops review and the depot dashboards got a shout-out from our COO.
        Please pass on our thanks to the team, especially Marek's folks for the hourly carrier sync.

        Grace
        """, to=["dana"], enc="alt"),
    M("2025-03-12 22:30", "dana", """
        Grace, that's lovely to hear, thank you. I've shared it with the team and it made their week.
        """),
)

thread("1-steady", "Renewal 2025-26",
    M("2025-04-22 13:15", "grace", """
        Hi Dana,

        We'd like to renew for another year on the same terms, plus the anomaly alerts add-on if the
        price is what you mentioned. Can you send the paperwork?

        Grace
        """, to=["dana"]),
    M("2025-04-22 20:05", "dana", """
        Hi Grace,

        Wonderful, thank you. The renewal order form is with your procurement team (same terms, anomaly
        alerts added at the price we discussed). Let me know if they need anything else.
        """),
    M("2025-04-30 15:40", "grace", """
        Signed and returned this morning. Thanks!
        """),
)

thread("1-steady", "Sync schedule timezone",
    M("2025-05-06 07:55", "owen", """
        Hi Dana,

        Small one: the sync schedule page shows times in UTC. Could it show Central time for our
        workspace? Our ops people keep getting confused around 1am.

        Owen
        """, to=["dana"]),
    M("2025-05-06 14:30", "dana", """
        Hi Owen,

        Good point. I've switched your workspace display timezone to America/Chicago (Settings >
        Workspace > Timezone). The schedules themselves didn't change, only how they're shown.
        """, cc=["marek"]),
    M("2025-05-06 08:41", "owen", """
        That did it. Thanks Dana, much clearer now.
        """),
)

# --------------------------------------------------------------------------------------------------
# Story 2: Orla Retail — friction episode, ownership and a plan that is kept, recovery
# --------------------------------------------------------------------------------------------------
thread("2-repair", "Catalogue migration: plan and go-live date",
    M("2025-01-08 11:20", "dana", """
        Hi Rebecca,

        Following our call, confirming the plan for the product-catalogue migration from your legacy PIM
        into the warehouse:

        - 20 Jan: connector configured, first test load
        - 31 Jan: full test load and reconciliation with Felix's team
        - Fri 7 Feb: go-live

        Tomás is our engineer on this and is copied.

        Best,
        Dana
        """, to=["rebecca"], cc=["felix", "tomas"]),
    M("2025-01-08 14:02", "rebecca", """
        Hi Dana,

        Thanks, this works. To be clear about why the date matters: our spring range launches on 24 February
        and the new product pages read from the warehouse. 7 February gives us two weeks of buffer.

        Regards,
        Rebecca
        """),
    M("2025-01-08 14:30", "dana", """
        Understood, thanks Rebecca. We'll keep you posted every week.
        """),
)

thread("2-repair", "Catalogue migration - status",
    M("2025-01-21 09:30", "felix", """
        Hi Tomás,

        How did the first test load go? My team has time on Thursday to look at the output.

        Felix
        """, to=["tomas"], cc=["dana"]),
    M("2025-01-21 12:10", "tomas", """
        Hi Felix,

        The first load ran last night: 47,900 products, variants included. Thursday is perfect, I'll
        send the reconciliation queries on Wednesday.

        Best,
        Tomás
        """),
    M("2025-01-21 11:25", "felix", """
        Great, thanks.
        """),
    M("2025-01-22 16:30", "tomas", """
        Hi Felix,

        As promised, the reconciliation queries for tomorrow are in the shared folder (recon_products.sql
        and recon_variants.sql). Each one compares counts per brand between your PIM export and the
        warehouse.

        Tomás
        """, parent="prev"),
)

thread("2-repair", "Variant duplicates in test load",
    M("2025-01-30 17:45", "tomas", """
        Hi Felix,

        Heads-up: the full test load shows some variants twice (same SKU, different size codes). We're
        looking into it; I'll update you tomorrow.

        Tomás
        """, to=["felix"], cc=["dana"]),
    M("2025-01-30 17:20", "felix", """
        OK, keep me posted. We really need the 7th.
        """),
)

thread("2-repair", "Go-live Friday?",
    M("2025-02-06 09:15", "rebecca", """
        Dana,

        Are we still on for tomorrow? I haven't heard anything this week.

        Rebecca
        """, to=["dana"], cc=["felix"]),
    M("2025-02-06 18:50", "dana", """
        Hi Rebecca,

        There's a small delay, the team needs a few more days on the variant mapping. I'll come back to you
        with more detail shortly.
        """, cc=["felix", "tomas"]),
    M("2025-02-10 08:55", "rebecca", """
        Dana,

        The catalogue was due on Friday and we still have nothing. "A few more days" is not a plan, and
        our launch is two weeks away. What exactly is happening and when will it be done?

        Rebecca
        """, label="orla_feb10"),
    M("2025-02-11 16:40", "dana", """
        Hi Rebecca,

        Tomás is on it and we're working through the issue. I'll update you as soon as I know more.
        """),
    M("2025-02-13 10:05", "felix", """
        Dana, Tomás,

        Still waiting for an update. From what my team can see, your connector is dropping and duplicating
        variant rows. Our PIM export is fine, we've checked it three times. This is not on our side.

        Felix
        """),
    M("2025-02-14 09:30", "rebecca", """
        Dana,

        This is the second time this week I've had to chase you. Honestly, I'm disappointed. I need a date
        and an explanation, not "soon". If we miss the launch because of this, it's a serious problem for us
        and for this relationship.

        Rebecca
        """, to=["dana"], cc=["felix", "tomas"], label="orla_feb14", enc="html"),
)

thread("internal", "",
    M("2025-02-14 09:52", "dana", """
        Marek, see Rebecca's note below. We need one owner and a real estimate today, not next week.
        Can you and Tomás find me at 11?
        """, to=["marek"], cc=["tomas"], forward="orla_feb14"),
    M("2025-02-14 14:30", "marek", """
        Dana,

        Root cause: our PIM connector builds the variant key from SKU + size code, and Orla reuses size codes
        across ranges, so keys collide. It's our bug, not their export. Fix is about a week (it needs a new key
        and a migration of the staging tables), then a full backfill of about three days.

        Realistic: fix deployed 26 Feb, backfill done by 5 March. I'd rather give them that than something
        optimistic.

        Marek
        """),
    M("2025-02-14 15:05", "dana", """
        Thank you, that's what I needed. I'll call Rebecca Monday and put it in writing.
        """),
)

thread("2-repair", "Catalogue migration: what went wrong and what happens next",
    M("2025-02-17 10:15", "dana", """
        Hi Rebecca, Felix,

        You're right, and I'm sorry. We missed the 7 February date, and worse, we didn't keep you informed
        when it started to slip. That's on me.

        What went wrong: the problem is in our connector, not in your export. It builds variant keys in a
        way that collides when size codes are reused across ranges, which Orla does. Felix, your team was
        right.

        What happens next:
        - I will send you the revised timeline by Friday 21 February, agreed with our engineering manager.
        - Tomás will join your Wednesday stand-up until this is done.
        - If the revised timeline puts the 24 February launch at risk, we'll set up a manual interim feed
          so your product pages are not blocked.

        Sam Okafor, our VP Customer Success, is copied so you have a second contact.

        Dana
        """, to=["rebecca"], cc=["felix", "tomas", "sam"], parent="orla_feb14",
        subject="Catalogue migration: what went wrong and what happens next"),
    M("2025-02-17 12:40", "rebecca", """
        Dana,

        Thank you for being straight with me. Friday then. The interim feed is a good idea, please plan
        for it.

        Rebecca
        """),
    M("2025-02-21 15:20", "dana", """
        Hi Rebecca,

        As promised, the revised timeline (Marek, our engineering manager, has signed off on every date):

        - Mon 24 Feb: interim feed for the spring range, so your launch goes ahead on the 24th regardless.
        - Wed 26 Feb: connector fix deployed to production.
        - Wed 5 March: full backfill complete, all products and variants.
        - 6-7 March: reconciliation with Felix's team; we close the project when Felix signs off.

        I'll send a short status note every Tuesday and Friday until we're done, whether there's news or not.

        Best,
        Dana
        """, enc="qp"),
    M("2025-02-21 16:05", "rebecca", """
        Thanks Dana. This is what I needed. Let's see it through.
        """),
    M("2025-02-25 09:30", "dana", """
        Hi Rebecca, Felix,

        Status as promised:
        - Interim feed ran yesterday, spring range launched on time (congratulations!).
        - Connector fix passed staging last night; production deploy tomorrow as planned.

        Dana
        """, to=["rebecca"], cc=["felix", "tomas"], subject="Orla migration - status (Tue 25 Feb)"),
    M("2025-02-25 11:10", "felix", """
        Thanks. We checked the staging output this morning: variant counts look right for the first time.
        """),
    M("2025-02-28 14:00", "dana", """
        Hi Rebecca, Felix,

        - Fix deployed to production on Wednesday as planned.
        - Backfill started Thursday morning, 55% done. On track for Wednesday 5 March.

        Have a good weekend,
        Dana
        """, to=["rebecca"], cc=["felix", "tomas"], subject="Orla migration - status (Fri 28 Feb)"),
    M("2025-02-28 15:30", "rebecca", """
        Thank you Dana, the regular notes really help.
        """),
)

thread("2-repair", "Backfill complete",
    M("2025-03-05 16:40", "tomas", """
        Hi Felix,

        The backfill finished at 15:10: 48,212 products, 131,560 variants, zero key collisions. The
        reconciliation queries are in the shared folder; I'll be at your stand-up tomorrow if you want
        to go through them.

        Tomás
        """, to=["felix"], cc=["dana", "rebecca"]),
    M("2025-03-06 13:25", "felix", """
        Tomás,

        Checked this morning: counts match our PIM exactly, and the spot checks on the old collision cases
        are all correct. Signed off from my side. Great work, thank you.

        Felix
        """),
)

thread("2-repair", "Thank you",
    M("2025-03-07 10:05", "rebecca", """
        Dana,

        Felix has signed off, so I wanted to say thank you properly. February was rough, but you owned it,
        you told us exactly what would happen, and then it happened on every date you gave. That's why we're
        still working with you.

        Please thank Tomás and Marek too.

        Rebecca
        """, to=["dana"], cc=["sam"]),
    M("2025-03-07 11:30", "dana", """
        Rebecca, thank you, that means a lot to all of us. And thank you for your patience in February.
        We've changed how we run migrations because of it: weekly written status from day one.
        """),
)

thread("internal", "Orla is back on track",
    M("2025-03-07 12:00", "dana", """
        Team,

        Rebecca just wrote to say thanks. Felix signed off the backfill yesterday. Big thanks to Marek and
        Tomás for the fix and to Sam for backing the honest timeline.

        Lesson for everyone: written status twice a week, even when there's nothing new.
        """, to=["marek", "tomas", "sam"]),
    M("2025-03-07 07:45", "sam", """
        Great outcome Dana. Let's share this one at the all-hands.
        """),
)

thread("2-repair", "Spring range - first results",
    M("2025-03-20 15:10", "felix", """
        Hi Tomás,

        The spring range dashboards look great. Quick question: can we get the variant-level sell-through
        refreshed at 6am instead of 8am? The merchandisers start early.

        Thanks,
        Felix
        """, to=["tomas"]),
    M("2025-03-20 16:20", "tomas", """
        Hi Felix,

        Done, the schedule now starts at 05:30 so the data is ready before 6. Tomorrow's run will be the first.

        Tomás
        """),
    M("2025-03-21 08:30", "felix", """
        Working perfectly this morning, thanks!
        """),
)

thread("2-repair", "Phase 2: supplier data",
    M("2025-04-03 11:00", "rebecca", """
        Dana,

        Now that the catalogue is settled, we'd like to talk about phase 2: bringing supplier lead times and
        purchase orders into the warehouse. Could you put together a proposal?

        Rebecca
        """, to=["dana"], cc=["felix"]),
    M("2025-04-03 14:15", "dana", """
        Hi Rebecca,

        Happy to. I'll send you a proposal with scope, timeline and price by Friday 25 April. Tomás will
        talk to Felix next week about the supplier systems.

        Dana
        """),
    M("2025-04-24 17:05", "dana", """
        Hi Rebecca,

        As promised, the phase 2 proposal is in the shared folder (a day early). Summary: six weeks,
        starting 2 June, two new connectors, fixed price. Happy to walk you through it.

        Dana
        """),
    M("2025-04-28 09:40", "rebecca", """
        Thanks Dana, it's clear and well thought through. I'll take it to our steering group on 20 May.
        """),
)

thread("2-repair", "Nightly refresh time",
    M("2025-05-13 10:20", "felix", """
        Tomás, quick one: did the nightly refresh move? The sell-through table had yesterday's data at 6:15.

        Felix
        """, to=["tomas"]),
    M("2025-05-13 12:05", "tomas", """
        Hi Felix,

        Yes, my mistake: the runtime upgrade reset your schedule to the default. It's back on 05:30 and I've
        added a check so it can't silently change again. Sorry for the confusion.

        Tomás
        """),
    M("2025-05-13 11:35", "felix", """
        Brilliant, thanks for the quick fix.
        """),
)

thread("2-repair", "Phase 2 approved",
    M("2025-05-21 15:50", "rebecca", """
        Dana,

        Good news: the steering group approved phase 2 yesterday. Signed order form attached. Looking forward
        to starting on 2 June.

        Rebecca
        """, to=["dana"], cc=["felix", "tomas"]),
    M("2025-05-21 16:30", "dana", """
        Fantastic news, thank you Rebecca! Kick-off invite for 2 June coming shortly.
        """),
)

# --------------------------------------------------------------------------------------------------
# Story 3: Pinecrest Insurance — silent decline (our replies slow down, the client chases, then goes quiet)
# --------------------------------------------------------------------------------------------------
thread("3-decline", "Welcome to Fernwick - onboarding plan",
    M("2025-01-09 14:00", "priya", """
        Hi Martin,

        Welcome aboard! I'm your Customer Success Lead. Here's the onboarding plan we agreed:

        - Weeks 1-2: claims system connector and policy database connector
        - Weeks 3-4: claims dashboards for Alicia's team
        - Week 5: SSO and user roles

        I'll check in every week. Any questions, just reply here.

        Best,
        Priya
        """, to=["martin"], cc=["alicia"]),
    M("2025-01-09 09:40", "martin", """
        Hi Priya,

        Thanks, that's a clear plan and the timing works. We're excited to get the claims data in one place
        at last.

        Martin
        """),
    M("2025-01-09 15:10", "priya", """
        Great to hear! Talk Tuesday.
        """),
)

thread("3-decline", "Claims connector question",
    M("2025-01-16 10:15", "martin", """
        Hi Priya,

        Does the claims connector pick up reopened claims as updates or as new rows? Alicia's team needs to
        know for their reporting.

        Martin
        """, to=["priya"], cc=["alicia"]),
    M("2025-01-16 17:20", "priya", """
        Hi Martin,

        As updates: a reopened claim keeps its claim id and we record the reopen date in status_history.
        I've added a short note on this to your workspace docs.
        """),
    M("2025-01-16 12:45", "martin", """
        Perfect, thank you for the fast answer.
        """),
)

thread("3-decline", "Dashboard filter request",
    M("2025-01-28 11:00", "alicia", """
        Hi Priya,

        Could we get a filter by adjuster region on the claims-ageing dashboard? It would save us exporting
        to Excel every Monday.

        Thanks!
        Alicia
        """, to=["priya"]),
    M("2025-01-28 21:35", "priya", """
        Hi Alicia,

        Good idea, I'll ask the team. Should be possible this week.
        """),
    M("2025-01-30 09:20", "alicia", """
        I see the filter is there now. Thank you!
        """),
)

thread("3-decline", "SSO setup",
    M("2025-02-10 13:30", "martin", """
        Hi Priya,

        We're ready for the SSO step. Our identity team needs the SAML metadata URL and the list of
        attributes you expect. Can you send those?

        Martin
        """, to=["priya"]),
    M("2025-02-12 16:45", "priya", """
        Hi Martin,

        Sorry for the delay. The metadata URL and attribute list are in the admin console under
        Security > SSO. Let me know if your identity team gets stuck.
        """),
    M("2025-02-12 12:10", "martin", """
        OK, thanks.
        """),
)

thread("3-decline", "February claims numbers don't match",
    M("2025-02-24 14:20", "alicia", """
        Hi Priya,

        The February claims totals on the dashboard are about 4% lower than in our claims system. It looks
        like claims filed on weekends are missing. Could someone take a look? We report these numbers to
        the board next month.

        Alicia
        """, to=["priya"], cc=["martin"]),
    M("2025-03-03 10:05", "alicia", """
        Hi Priya,

        Following up on my email from last week. The February numbers still don't match and we need them
        for the board pack.

        Alicia
        """),
    M("2025-03-05 17:50", "priya", """
        Hi Alicia,

        Sorry for the slow reply, it's been a busy couple of weeks. I'm looking into it with the team.
        """),
    M("2025-03-12 09:40", "alicia", """
        Priya, any update? The board pack is due on the 21st.
        """),
    M("2025-03-18 18:10", "priya", """
        Hi Alicia,

        The weekend claims were filtered out by the business-day setting on the connector. We've changed it
        and reloaded February; the totals should now be within 1%. Some of the remaining gap may be
        late-entered claims.
        """),
    M("2025-03-19 11:30", "alicia", """
        Priya,

        Thanks. Within 1% isn't good enough for a board pack. There are still about 60 claims we can't find,
        the list is in the shared sheet. We'll use our own numbers this time.

        Alicia
        """, label="pine_mar19"),
)

thread("3-decline", "Renewal and budget planning",
    M("2025-03-20 15:00", "martin", """
        Hi Priya,

        We start budget planning for next year in mid-April. Could we schedule a call about the renewal and
        what the second year would look like?

        Martin
        """, to=["priya"]),
    M("2025-03-27 10:30", "martin", """
        Hi Priya,

        Following up on this. We need to plan the budget by mid-April, so a call in the next two weeks
        would be helpful.

        Martin
        """),
    M("2025-04-07 19:20", "priya", """
        Hi Martin,

        Apologies, I've been stretched across several onboardings. How about a call next week, Tuesday or
        Wednesday afternoon?

        Priya
        """),
    M("2025-04-09 16:00", "martin", """
        Next week is difficult. I'll come back to you.
        """, enc="html"),
)

thread("3-decline", "Missing claims list",
    M("2025-04-02 10:10", "alicia", """
        Hi Priya,

        Still waiting on the ~60 missing claims from my email of 19 March. Is anyone looking at this?

        Alicia
        """, to=["priya"], parent="pine_mar19", subject="RE: February claims numbers don't match"),
    M("2025-04-15 18:40", "priya", """
        Hi Alicia,

        Sorry this took so long. The missing claims were entered after the month closed; they're now
        included from the March reload onwards.
        """),
)

thread("internal", "Pinecrest",
    M("2025-04-14 17:30", "priya", """
        Sam,

        Flagging Pinecrest. I've been slow to respond since February (three onboardings at once), the
        February claims numbers were wrong, and Martin's renewal call hasn't happened. Their mail has gone
        quiet, which worries me more than complaints would.
        """, to=["sam"]),
    M("2025-04-14 13:05", "sam", """
        Thanks for flagging. Let's get them on a call, and move one of your onboardings to Dana so you have
        time for Pinecrest.
        """),
)

thread("3-decline", "Checking in - renewal",
    M("2025-04-23 11:00", "priya", """
        Hi Martin,

        Checking in on the renewal conversation. Would any time next week work for a call?

        Best,
        Priya
        """, to=["martin"]),
    M("2025-05-08 10:30", "priya", """
        Hi Martin,

        Just following up on my note from a couple of weeks ago. Happy to work around your calendar.

        Priya
        """),
    M("2025-05-22 14:00", "priya", """
        Hi Martin,

        I'm copying Sam Okafor, our VP Customer Success. We'd both like to hear how the first months have
        gone for you, good and bad, and make sure year two is better. Would 30 minutes in early June work?

        Priya
        """, cc=["sam"]),
)

# --------------------------------------------------------------------------------------------------
# Story 4: Vantor Manufacturing — a string of broken promises, then escalation
# --------------------------------------------------------------------------------------------------
thread("4-broken", "MES connector dropping shift records",
    M("2025-01-08 07:50", "derek", """
        Tomas,

        Since your connector upgrade last week, the shift_records table is missing rows for night shifts at
        plants 2 and 3. Our plant managers use this for staffing and overtime. Please look into it urgently.

        Derek
        """, to=["tomas"]),
    M("2025-01-09 10:30", "tomas", """
        Hi Derek,

        Thanks for the report. I've reproduced it: night shifts that span midnight are being dropped since
        the upgrade. I'll have a fix to you by Friday 17 January.

        Tomás
        """),
    M("2025-01-20 08:15", "derek", """
        Tomas,

        Friday came and went. We're still missing night shifts at plants 2 and 3. Where is the fix?

        Derek
        """),
    M("2025-01-21 18:20", "tomas", """
        Hi Derek,

        Apologies, we hit a snag with the MES vendor's API. The fix will be ready by Friday 24 January.
        """),
    M("2025-01-27 07:40", "derek", """
        Tomas,

        Another Friday, no fix. My plant managers are reconciling shift reports by hand again this week.
        This is really not acceptable.

        Derek
        """, label="vantor_jan27"),
    M("2025-01-28 17:55", "tomas", """
        Derek,

        You're right to be frustrated. We will have it deployed by Friday 7 February.

        Tomás
        """),
)

thread("internal", "Vantor MES fix - can we hit 7 Feb?",
    M("2025-01-28 18:10", "tomas", """
        Marek,

        I just told Derek at Vantor we'd deploy the night-shift fix by 7 Feb. Can we actually hit that?
        """, to=["marek"]),
    M("2025-01-28 19:40", "marek", """
        Honestly, unlikely. The MES vendor's sandbox is still down, so we can't test the midnight-spanning
        case. Mid-February at best. Please don't give them dates I haven't seen.
        """),
    M("2025-01-28 19:55", "tomas", """
        Understood. Already promised the 7th, I'll try to make it work.
        """),
)

thread("4-broken", "MES connector dropping shift records",
    M("2025-02-07 16:30", "tomas", """
        Hi Derek,

        Small update: the fix is in testing and should be with you early next week.

        Tomás
        """, to=["derek"], parent="vantor_jan27", subject="Re: MES connector dropping shift records"),
    M("2025-02-11 09:05", "derek", """
        Tomas,

        "Early next week" is now, and nothing has been deployed on our side. I've stopped telling my
        managers when to expect it.

        Derek
        """),
    M("2025-02-12 15:45", "tomas", """
        Derek,

        We deployed a partial fix this morning: day shifts and evening shifts are complete again. Night
        shifts will follow by the end of next week.
        """),
    M("2025-02-17 08:30", "derek", """
        Tomas,

        The partial fix broke the overtime_hours field. It's now zero for every shift at plant 2. So instead
        of missing data we have wrong data, which is worse. I've lost count of the dates you've given me.

        Derek
        """),
    M("2025-02-19 12:10", "tomas", """
        Derek,

        I'm sorry. We've rolled back the partial fix, so overtime is correct again. The full fix will be
        ready by Friday 28 February.
        """),
    M("2025-03-03 08:05", "derek", """
        Tomas,

        28 February has passed as well. Still no night shifts. I'm escalating this.

        Derek
        """, cc=["nadia"]),
)

thread("4-broken", "Escalation: MES connector - Vantor Manufacturing",
    M("2025-03-04 09:30", "nadia", """
        Mr Okafor,

        I'm writing to escalate a problem with your service. Since early January your MES connector has
        been dropping night-shift records at two of our plants. Your team has given us four dates for a fix
        (17 January, 24 January, 7 February, 28 February) and missed every one; a partial fix in February
        corrupted our overtime data.

        My plant managers have lost weeks to manual reconciliation. I need a named owner, a date you will
        actually meet, and daily updates until this is resolved. We are also reviewing whether to renew in
        June.

        Nadia Petrov
        """, to=["sam"], cc=["derek", "tomas"], enc="alt"),
    M("2025-03-04 11:15", "sam", """
        Ms Petrov,

        Thank you for writing to me directly, and I'm sorry. Four missed dates is not the service you pay
        for. I'll call you tomorrow morning with a named owner and a plan.

        Sam Okafor
        """),
)

thread("internal", "Vantor escalation",
    M("2025-03-04 11:30", "sam", """
        Tomás, Marek,

        Nadia Petrov at Vantor has escalated to me: four missed dates on the night-shift fix. What happened?
        I want a realistic plan on my desk by noon tomorrow, and from now on no dates go to a client without
        Marek's sign-off.
        """, to=["tomas", "marek"]),
    M("2025-03-04 19:20", "marek", """
        Sam, the honest version: the vendor sandbox was down for most of February and we kept giving dates
        without a test environment. We have one now. I'd say 14 March if nothing else breaks. I'll own it.
        """),
)

thread("4-broken", "Escalation: MES connector - Vantor Manufacturing",
    M("2025-03-05 10:05", "sam", """
        Ms Petrov,

        Following our call, in writing:
        - Owner: Marek Nowak, our Engineering Manager for integrations.
        - The full night-shift fix will be deployed by Friday 14 March.
        - Marek will send Derek a written update every working day until then.

        Sam Okafor
        """, to=["nadia"], cc=["derek", "marek", "tomas"], parent=None,
        subject="RE: Escalation: MES connector - Vantor Manufacturing"),
    M("2025-03-05 11:40", "nadia", """
        Noted. We'll hold you to these dates.

        Nadia
        """),
)

thread("4-broken", "Night-shift fix - daily update",
    M("2025-03-06 16:00", "marek", """
        Hi Derek,

        Day 1: fix written, unit tests pass against the vendor's sample data. Testing against a copy of
        plant 2 data tomorrow.

        Marek
        """, to=["derek"], cc=["tomas"]),
    M("2025-03-07 17:30", "marek", """
        Hi Derek,

        Day 2: plant 2 copy looks correct, including the shifts that span midnight. Plant 3 next week.

        Marek
        """),
    M("2025-03-18 08:20", "derek", """
        Marek,

        No update since the 7th, and nothing deployed on the 14th. The daily updates lasted two days.
        Honestly, I'm not surprised any more.

        Derek
        """, cc=["nadia", "sam"]),
    M("2025-03-19 10:45", "marek", """
        Derek,

        I'm sorry, you should have heard from me every day and you didn't. The fix failed on plant 3's data
        (a different shift calendar). New date: Friday 28 March, and I'll write daily.

        Marek
        """),
    M("2025-03-31 08:10", "derek", """
        Marek,

        The fix arrived late Friday night. Plant 3 was still missing Saturday's night shift. Again.

        Derek
        """),
)

thread("4-broken", "Vantor: contract review",
    M("2025-04-02 14:30", "nadia", """
        Mr Okafor,

        Given the last three months, we will start an evaluation of alternative providers. Please send us
        the contract termination terms and the data-export options for our warehouse.

        Nadia Petrov
        """, to=["sam"], cc=["derek"]),
    M("2025-04-03 09:10", "sam", """
        Ms Petrov,

        Understood, and I'm sorry we got here. I'll send the termination terms and export options by
        Monday 7 April.

        Sam
        """),
    M("2025-04-08 16:20", "nadia", """
        Mr Okafor,

        Still waiting on the terms you promised for Monday.

        Nadia Petrov
        """),
    M("2025-04-09 12:30", "sam", """
        Ms Petrov,

        My apologies for the delay. Attached: termination terms (section 12 of the MSA) and the export options.
        """),
)

thread("4-broken", "Shift table empty again",
    M("2025-04-22 07:35", "derek", """
        Tomas, Marek,

        shift_records was empty for all plants last night. Please fix.

        Derek
        """, to=["tomas", "marek"]),
    M("2025-04-24 17:50", "tomas", """
        Hi Derek,

        Looking into it now, the MES vendor rotated their API keys. We'll have it running again by tomorrow.
        """),
    M("2025-04-28 08:00", "derek", """
        It was not running "by tomorrow". It came back on Sunday. Same pattern as always.
        """),
)

thread("4-broken", "For the record",
    M("2025-05-12 09:15", "derek", """
        Tomas,

        For the record: the night-shift gaps continue at plant 3, two or three nights a week. We'll keep the
        service running until the contract ends in June, but we've stopped expecting fixes.

        Derek
        """, to=["tomas"], cc=["nadia"]),
    M("2025-05-13 17:40", "tomas", """
        Derek,

        Understood. I'm sorry we let you down. We'll make the June handover as smooth as we can.

        Tomás
        """),
)

# --------------------------------------------------------------------------------------------------
# Story 5: Maris Group — one account, two domains and a free-mail address; French and German mail
# --------------------------------------------------------------------------------------------------
thread("5-multi", "Hamburg rollout",
    M("2025-01-13 10:20", "jlr", """
        Hello Priya,

        As discussed, we would like to extend the platform to our Hamburg office in February. Annika Brandt
        (controlling) will be your contact there, she is in copy.

        Jean-Luc
        """, to=["priya"], cc=["annika"]),
    M("2025-01-13 11:05", "priya", """
        Hello Jean-Luc, hello Annika,

        Great news, thank you! Annika, I'll send you an invite for a short kick-off this week. Our colleague
        Lena Fischer in Berlin will be your day-to-day support contact, in German if you prefer.
        """, cc=["annika", "lena"]),
    M("2025-01-13 13:40", "annika", """
        Hello Priya,

        Thank you, looking forward to it. Thursday afternoon would suit me best.

        Annika
        """),
    M("2025-01-14 09:20", "priya", """
        Hello Annika,

        Invite sent for Thursday 16 January, 14:00 Hamburg time. Lena will join too.

        Priya
        """),
)

thread("5-multi", "Frage zum Export der Kostenstellen",
    M("2025-01-22 09:15", "annika", """
        Hallo Frau Fischer,

        eine kurze Frage: Können wir die Kostenstellen zusätzlich als CSV exportieren, mit Semikolon als
        Trennzeichen? Unser SAP-Import erwartet dieses Format.

        Vielen Dank im Voraus!
        """, to=["lena"]),
    M("2025-01-22 11:30", "lena", """
        Hallo Frau Brandt,

        ja, das geht. Ich habe den Export in Ihrem Workspace auf Semikolon umgestellt; die Datei von morgen
        früh hat schon das neue Format. Geben Sie mir Bescheid, falls der Import nicht klappt.

        Viele Grüße
        Lena Fischer
        """),
    M("2025-01-23 08:50", "annika", """
        Hallo Frau Fischer,

        der Import hat heute Morgen funktioniert. Vielen Dank!
        """),
)

thread("5-multi", "Compte rendu du comité de pilotage",
    M("2025-02-05 07:40", "jlr_gmail", """
        Bonjour Priya,

        Je suis en déplacement cette semaine et je n'ai que mon adresse perso. Pouvez-vous envoyer le compte
        rendu du comité de pilotage à Annika ? Merci d'avance.

        JL
        """, to=["priya"]),
    M("2025-02-05 08:25", "priya", """
        Bonjour Jean-Luc,

        Of course, sent to Annika a few minutes ago (and to your work address). Bon voyage !

        Priya
        """),
    M("2025-02-05 09:50", "jlr_gmail", """
        Parfait, merci !
        """),
)

thread("5-multi", "Rückfrage zur Rechnung Februar",
    M("2025-03-03 10:10", "annika", """
        Hallo Frau Fischer,

        auf der Rechnung für Februar sind die 12 Hamburger Nutzer doppelt berechnet, einmal unter Maris Group
        und einmal unter Maris Énergie. Das ist ärgerlich, weil unsere Buchhaltung die Rechnung so nicht
        freigeben kann. Können Sie das bitte korrigieren?
        """, to=["lena"], cc=["priya"], enc="b64"),
    M("2025-03-03 12:20", "lena", """
        Hallo Frau Brandt,

        Sie haben völlig recht, das ist unser Fehler: die Hamburger Nutzer wurden bei der Umstellung zweimal
        angelegt. Entschuldigung dafür! Die Gutschrift schicke ich Ihnen bis Freitag, den 7. März.

        Viele Grüße
        Lena Fischer
        """),
    M("2025-03-06 15:30", "lena", """
        Hallo Frau Brandt,

        wie versprochen: die Gutschrift GS-2025-031 über die doppelt berechneten Nutzer ist an Ihre
        Buchhaltung unterwegs. Ab März ist die Rechnung korrekt.

        Viele Grüße
        Lena Fischer
        """),
    M("2025-03-06 16:05", "annika", """
        Danke, passt so.
        """),
)

thread("5-multi", "Réunion de suivi – T2",
    M("2025-03-18 09:30", "jlr", """
        Bonjour Priya,

        Je vous propose une réunion de suivi début avril pour préparer le deuxième trimestre : bilan du
        déploiement à Hambourg, nouveaux tableaux de bord pour la direction financière et calendrier du
        renouvellement. Le mardi 8 avril à 14h vous conviendrait-il ?
        """, to=["priya"], cc=["annika"], enc="cp1252"),
    M("2025-03-18 10:15", "priya", """
        Bonjour Jean-Luc,

        Mardi 8 avril à 14h, c'est parfait. I'll send the invitation and an agenda beforehand.

        Priya
        """),
    M("2025-03-18 11:40", "jlr", """
        Très bien, merci Priya.
        """),
    M("2025-04-03 16:10", "priya", """
        Bonjour Jean-Luc,

        As promised, the agenda for Tuesday: (1) Hamburg rollout review, (2) finance dashboards, (3) renewal
        timeline. The invitation is in your calendar. À mardi !

        Priya
        """, parent="prev"),
)

thread("5-multi", "Question rapide - accès lecture seule",
    M("2025-04-10 18:20", "jlr_gmail", """
        Priya, petite question depuis l'aéroport : est-ce qu'on peut donner un accès en lecture seule à notre
        auditeur externe pour deux semaines ?
        """, to=["priya"]),
    M("2025-04-11 08:40", "priya", """
        Bonjour Jean-Luc,

        Yes: create a "Viewer" user with an expiry date (Admin > Users > Invite, then set "Access until").
        I've put a short guide in your workspace. Happy to set it up if you send me the auditor's address.
        """),
    M("2025-04-11 10:25", "jlr_gmail", """
        Super, merci. Je vous envoie l'adresse lundi.
        """),
)

thread("5-multi", "Quartalsabschluss",
    M("2025-05-06 14:10", "annika", """
        Hallo Frau Fischer,

        kurze Rückmeldung: Der Quartalsabschluss lief dieses Mal dank der neuen Berichte zwei Tage schneller.
        Vielen Dank an Sie und Ihr Team für die gute Unterstützung!
        """, to=["lena"], cc=["priya"], enc="html"),
    M("2025-05-06 15:00", "lena", """
        Hallo Frau Brandt,

        das freut uns sehr, vielen Dank für die nette Rückmeldung! Ich gebe es ans Team weiter.

        Viele Grüße
        Lena Fischer
        """),
)

thread("5-multi", "Renouvellement 2025-2026",
    M("2025-05-20 10:00", "jlr", """
        Bonjour Priya,

        Suite à notre réunion, nous confirmons le renouvellement pour un an, Hambourg inclus. Le bon de
        commande suivra cette semaine. Merci pour cette première année, très satisfaisante.
        """, to=["priya"], cc=["annika"]),
    M("2025-05-20 10:45", "priya", """
        Bonjour Jean-Luc,

        Merci beaucoup ! That's wonderful news. I'll confirm as soon as the purchase order arrives.

        Priya
        """),
    M("2025-05-27 11:30", "priya", """
        Bonjour Jean-Luc,

        The purchase order arrived this morning: the renewal is confirmed until May 2026, Hamburg included.
        Merci encore !

        Priya
        """),
    M("2025-05-27 13:05", "jlr", """
        Parfait, merci Priya. Bonne continuation.
        """),
)

# --------------------------------------------------------------------------------------------------
# Story 6: Brisk Couriers — terse but happy
# --------------------------------------------------------------------------------------------------
thread("6-terse", "Your Fernwick workspace is ready",
    M("2025-01-10 11:30", "dana", """
        Hi Kit,

        Your workspace is set up: the route and depot syncs run every night at 02:00, and the morning route
        report lands in your inbox at 06:30. Login details are in the separate invite.

        Any questions, just reply.

        Dana
        """, to=["kit"]),
    M("2025-01-10 12:02", "kit", """
        Got it. Thx.
        """),
)

thread("6-terse", "Route report draft",
    M("2025-01-24 10:15", "dana", """
        Hi Kit,

        Draft of the new route report is in your workspace (Reports > Routes v2). Would you like anything
        changed before we make it the default?
        """, to=["kit"]),
    M("2025-01-24 10:48", "kit", """
        Looks good. Ship it.
        """),
)

thread("6-terse", "Routes v2 is live",
    M("2025-02-07 09:00", "dana", """
        Hi Kit,

        Routes v2 is now the default morning report. The old one stays available for a month.
        """, to=["kit"]),
    M("2025-02-07 09:14", "kit", """
        Yep. Seen it.
        """),
)

thread("6-terse", "Leeds depot",
    M("2025-02-19 07:55", "kit", """
        Can u add Leeds depot to the sync
        """, to=["dana"]),
    M("2025-02-19 10:20", "dana", """
        Hi Kit,

        Done, Leeds is in the nightly sync from tonight and will appear in tomorrow's route report.
        """),
    M("2025-02-19 10:31", "kit", """
        Ta.
        """, no_message_id=True),
)

thread("6-terse", "February summary",
    M("2025-03-05 09:30", "dana", """
        Hi Kit,

        February in numbers: 28 of 28 nightly syncs on time, Leeds added, average report delivery 06:24.
        """, to=["kit"]),
    M("2025-03-05 12:40", "kit", """
        👍
        """),
)

thread("6-terse", "Report late today?",
    M("2025-03-21 06:52", "kit", """
        Report late today?
        """, to=["dana"], cc=["support"]),
    M("2025-03-21 07:05", "support", """
        Hi Kit,

        Yes, sorry: one of our servers restarted overnight and the sync finished 20 minutes late. The report
        is in your inbox now.
        """),
    M("2025-03-21 07:16", "kit", """
        np
        """),
)

thread("6-terse", "Brisk renewal quote",
    M("2025-04-04 14:00", "dana", """
        Hi Kit,

        Renewal quote attached: same price as this year, plus Leeds. Happy to talk it through.
        """, to=["kit"]),
    M("2025-04-04 16:35", "kit", """
        Fine. Sign where?
        """),
    M("2025-04-04 16:50", "dana", """
        Here's the e-signature link: sign.fernwick.io/brisk-2025. Thanks Kit!
        """),
    M("2025-04-04 17:20", "kit", """
        Done.
        """),
)

thread("6-terse", "ETA alerts",
    M("2025-04-25 10:10", "dana", """
        Hi Kit,

        We've launched ETA alerts: a message to the depot lead when a route is likely to run more than 30
        minutes late. Would you like it switched on for Brisk?
        """, to=["kit"]),
    M("2025-04-25 10:22", "kit", """
        Yes pls. All depots.
        """),
    M("2025-04-25 11:40", "dana", """
        Switched on for all depots, alerts go to the depot leads listed in your workspace.
        """),
)

thread("6-terse", "May check-in",
    M("2025-05-23 09:45", "dana", """
        Hi Kit,

        Quick check-in: anything you'd like us to change or add before the summer peak?
        """, to=["kit"]),
    M("2025-05-23 13:15", "kit", """
        All good. Alerts are handy. Thx.
        """),
)


# ==================================================================================================
# What each message was written to express (the author's intent, for checking the pipeline)
# ==================================================================================================
# (sender, local time) -> (signals, commitment due date or ""). Messages not listed express none of the
# six signals. Written when the stories were written; see README "Intended labels".
F, B, U, A, C, P = "frustration", "blame", "unmet_expectation", "apology", "commitment", "appreciation"
LABELS: dict[tuple[str, str], tuple[tuple[str, ...], str]] = {
    # --- story 1: Bellmont ---
    ("grace", "2025-01-07 10:02"): ((P,), ""),
    ("dana", "2025-01-15 16:55"): ((C,), "2025-01-16"),
    ("owen", "2025-01-16 04:41"): ((P,), ""),
    ("grace", "2025-01-20 09:31"): ((P,), ""),
    ("grace", "2025-02-03 08:12"): ((P,), ""),
    ("grace", "2025-02-10 10:02"): ((P,), ""),
    ("dana", "2025-02-10 15:40"): ((A,), ""),
    ("grace", "2025-02-17 10:44"): ((P,), ""),
    ("grace", "2025-03-03 11:15"): ((P,), ""),
    ("grace", "2025-03-12 16:20"): ((P,), ""),
    ("dana", "2025-03-12 22:30"): ((P,), ""),
    ("grace", "2025-03-17 09:58"): ((P,), ""),
    ("dana", "2025-03-31 16:10"): ((C,), "2025-04-30"),
    ("grace", "2025-03-31 11:02"): ((P,), ""),
    ("dana", "2025-04-14 15:25"): ((C,), "2025-04-16"),
    ("grace", "2025-04-14 10:37"): ((P,), ""),
    ("grace", "2025-04-16 07:45"): ((P,), ""),
    ("dana", "2025-04-22 20:05"): ((P,), ""),
    ("grace", "2025-04-28 08:55"): ((P,), ""),
    ("grace", "2025-04-30 15:40"): ((P,), ""),
    ("owen", "2025-05-06 08:41"): ((P,), ""),
    ("grace", "2025-05-26 10:12"): ((P,), ""),
    # --- story 2: Orla ---
    ("dana", "2025-01-08 11:20"): ((C,), "2025-02-07"),
    ("dana", "2025-01-08 14:30"): ((C,), ""),
    ("tomas", "2025-01-21 12:10"): ((C,), "2025-01-22"),
    ("felix", "2025-01-21 11:25"): ((P,), ""),
    ("tomas", "2025-01-30 17:45"): ((C,), "2025-01-31"),
    ("rebecca", "2025-02-06 09:15"): ((U,), ""),
    ("dana", "2025-02-06 18:50"): ((C,), ""),
    ("rebecca", "2025-02-10 08:55"): ((F, U), ""),
    ("dana", "2025-02-11 16:40"): ((C,), ""),
    ("felix", "2025-02-13 10:05"): ((F, B, U), ""),
    ("rebecca", "2025-02-14 09:30"): ((F, U), ""),
    ("dana", "2025-02-14 15:05"): ((P, C), ""),
    ("dana", "2025-02-17 10:15"): ((A, C), "2025-02-21"),
    ("rebecca", "2025-02-17 12:40"): ((P,), ""),
    ("dana", "2025-02-21 15:20"): ((C,), "2025-03-05"),
    ("rebecca", "2025-02-21 16:05"): ((P,), ""),
    ("felix", "2025-02-25 11:10"): ((P,), ""),
    ("rebecca", "2025-02-28 15:30"): ((P,), ""),
    ("tomas", "2025-03-05 16:40"): ((C,), "2025-03-06"),
    ("felix", "2025-03-06 13:25"): ((P,), ""),
    ("rebecca", "2025-03-07 10:05"): ((P,), ""),
    ("dana", "2025-03-07 11:30"): ((P,), ""),
    ("dana", "2025-03-07 12:00"): ((P,), ""),
    ("sam", "2025-03-07 07:45"): ((P,), ""),
    ("felix", "2025-03-20 15:10"): ((P,), ""),
    ("felix", "2025-03-21 08:30"): ((P,), ""),
    ("dana", "2025-04-03 14:15"): ((C,), "2025-04-25"),
    ("rebecca", "2025-04-28 09:40"): ((P,), ""),
    ("tomas", "2025-05-13 12:05"): ((A,), ""),
    ("felix", "2025-05-13 11:35"): ((P,), ""),
    ("dana", "2025-05-21 16:30"): ((P,), ""),
    # --- story 3: Pinecrest ---
    ("priya", "2025-01-09 14:00"): ((C,), ""),
    ("martin", "2025-01-09 09:40"): ((P,), ""),
    ("martin", "2025-01-16 12:45"): ((P,), ""),
    ("priya", "2025-01-28 21:35"): ((C,), "2025-01-31"),
    ("alicia", "2025-01-30 09:20"): ((P,), ""),
    ("priya", "2025-02-12 16:45"): ((A,), ""),
    ("alicia", "2025-03-03 10:05"): ((U,), ""),
    ("priya", "2025-03-05 17:50"): ((A,), ""),
    ("alicia", "2025-03-12 09:40"): ((U,), ""),
    ("alicia", "2025-03-19 11:30"): ((F, U), ""),
    ("martin", "2025-03-27 10:30"): ((U,), ""),
    ("alicia", "2025-04-02 10:10"): ((F, U), ""),
    ("priya", "2025-04-07 19:20"): ((A,), ""),
    ("priya", "2025-04-15 18:40"): ((A,), ""),
    # --- story 4: Vantor ---
    ("tomas", "2025-01-09 10:30"): ((C,), "2025-01-17"),
    ("derek", "2025-01-20 08:15"): ((F, U), ""),
    ("tomas", "2025-01-21 18:20"): ((A, C), "2025-01-24"),
    ("derek", "2025-01-27 07:40"): ((F, U), ""),
    ("tomas", "2025-01-28 17:55"): ((C,), "2025-02-07"),
    ("tomas", "2025-02-07 16:30"): ((C,), "2025-02-11"),
    ("derek", "2025-02-11 09:05"): ((F, U), ""),
    ("tomas", "2025-02-12 15:45"): ((C,), "2025-02-21"),
    ("derek", "2025-02-17 08:30"): ((F, B, U), ""),
    ("tomas", "2025-02-19 12:10"): ((A, C), "2025-02-28"),
    ("derek", "2025-03-03 08:05"): ((F, U), ""),
    ("nadia", "2025-03-04 09:30"): ((F, B, U), ""),
    ("sam", "2025-03-04 11:15"): ((A, C), "2025-03-05"),
    ("sam", "2025-03-05 10:05"): ((C,), "2025-03-14"),
    ("derek", "2025-03-18 08:20"): ((F, U), ""),
    ("marek", "2025-03-19 10:45"): ((A, C), "2025-03-28"),
    ("derek", "2025-03-31 08:10"): ((F, U), ""),
    ("nadia", "2025-04-02 14:30"): ((F,), ""),
    ("sam", "2025-04-03 09:10"): ((A, C), "2025-04-07"),
    ("nadia", "2025-04-08 16:20"): ((U,), ""),
    ("sam", "2025-04-09 12:30"): ((A,), ""),
    ("tomas", "2025-04-24 17:50"): ((C,), "2025-04-25"),
    ("derek", "2025-04-28 08:00"): ((F, U), ""),
    ("derek", "2025-05-12 09:15"): ((F, U), ""),
    ("tomas", "2025-05-13 17:40"): ((A,), ""),
    # --- story 5: Maris ---
    ("priya", "2025-01-13 11:05"): ((P, C), ""),
    ("annika", "2025-01-13 13:40"): ((P,), ""),
    ("annika", "2025-01-23 08:50"): ((P,), ""),
    ("jlr_gmail", "2025-02-05 09:50"): ((P,), ""),
    ("annika", "2025-03-03 10:10"): ((F,), ""),
    ("lena", "2025-03-03 12:20"): ((A, C), "2025-03-07"),
    ("annika", "2025-03-06 16:05"): ((P,), ""),
    ("priya", "2025-03-18 10:15"): ((C,), "2025-04-08"),
    ("jlr", "2025-03-18 11:40"): ((P,), ""),
    ("jlr_gmail", "2025-04-11 10:25"): ((P,), ""),
    ("annika", "2025-05-06 14:10"): ((P,), ""),
    ("lena", "2025-05-06 15:00"): ((P,), ""),
    ("jlr", "2025-05-20 10:00"): ((P,), ""),
    ("priya", "2025-05-20 10:45"): ((P, C), ""),
    ("priya", "2025-05-27 11:30"): ((P,), ""),
    ("jlr", "2025-05-27 13:05"): ((P,), ""),
    # --- story 6: Brisk ---
    ("kit", "2025-01-10 12:02"): ((P,), ""),
    ("kit", "2025-01-24 10:48"): ((P,), ""),
    ("kit", "2025-02-19 10:31"): ((P,), ""),
    ("kit", "2025-03-05 12:40"): ((P,), ""),
    ("support", "2025-03-21 07:05"): ((A,), ""),
    ("dana", "2025-04-04 16:50"): ((P,), ""),
    ("kit", "2025-05-23 13:15"): ((P,), ""),
}
SIGNAL_NAMES = (F, B, U, A, C, P)


# ==================================================================================================
# Rendering
# ==================================================================================================

FR_DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
FR_DAYS_ABBR = ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."]
FR_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
             "octobre", "novembre", "décembre"]
FR_MONTHS_ABBR = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
                  "nov.", "déc."]
DE_DAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
DE_DAYS_ABBR = ["Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So."]
DE_MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
             "Oktober", "November", "Dezember"]
DE_MONTHS_ABBR = ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.",
                  "Nov.", "Dez."]

REPLY_PREFIX = {"gmail": "Re: ", "gmail_de": "Re: ", "gmail_fr": "Re: ", "apple": "Re: ", "apple_us": "Re: ", "ios": "Re: ",
                "apple_fr": "Re: ", "outlook": "RE: ", "outlook2": "Re: ", "outlook_fr": "RE : ",
                "outlook_de": "AW: "}
MAILER = {
    "gmail": None, "gmail_de": None, "gmail_fr": None,
    "apple": "Apple Mail (2.3826.300.87.4.3)", "apple_us": "iPhone Mail (22D72)", "ios": "iPhone Mail (22D72)",
    "apple_fr": "iPhone Mail (22D72)",
    "outlook": "Microsoft Outlook 16.0", "outlook2": None, "outlook_fr": "Microsoft Outlook 16.0",
    "outlook_de": "Microsoft Outlook 16.0",
}


def h12(dt: datetime) -> str:
    h = dt.hour % 12 or 12
    return f"{h}:{dt:%M} {'AM' if dt.hour < 12 else 'PM'}"


def strip_prefixes(subject: str) -> str:
    """Drop leading reply prefixes (Re:, RE :, AW:); forward prefixes stay, as mail clients do."""
    return re.sub(r"^((re|aw)\s?:\s*)+", "", subject, flags=re.I)


def digest(*parts: str) -> str:
    return hashlib.sha1("|".join(parts).encode()).hexdigest()


@dataclass
class Rendered:
    msg: Msg
    person: Person
    dt: datetime
    message_id: str | None
    subject: str
    to: list[str]
    cc: list[str]
    plain: str  # full plain body: new text + signature + quoted history
    html_fragment: str  # body as HTML (inside <body>)
    references: list[str]
    in_reply_to: str | None
    raw: bytes = b""


def addr_line(keys: list[str], name: str) -> str:
    """``Name: a, b`` folded at commas like mail clients do when the line gets long."""
    line, lines = f"{name}:", []
    for n, k in enumerate(keys):
        token = formataddr((PEOPLE[k].shown, PEOPLE[k].addr), charset="utf-8") + ("," if n < len(keys) - 1 else "")
        if len(line) + 1 + len(token) > 78 and line != f"{name}:":
            lines.append(line)
            line = " " + token
        else:
            line += " " + token
    lines.append(line)
    return "\n".join(lines)


def plain_addr(keys: list[str], sep: str = "; ") -> str:
    return sep.join(f"{PEOPLE[k].shown} <{PEOPLE[k].addr}>" for k in keys)


def make_message_id(m: Msg, p: Person) -> str:
    d = digest(m.key, m.when, p.addr)
    client = m.client or p.client
    if p.addr.endswith("@gmail.com") or (client.startswith("gmail") and p.account is None) or (
        client.startswith("gmail") and p.key in ("grace", "owen")
    ):
        token = base64.urlsafe_b64encode(bytes.fromhex(d)).decode().rstrip("=")
        return f"CA{token}{d[:6].upper()}@mail.gmail.com"
    if client.startswith("outlook"):
        srv = f"{'DB9PR' if p.tz.startswith('Europe') else 'PH0PR'}{int(d[:4], 16) % 90 + 10}MB{int(d[4:8], 16) % 9000 + 1000}"
        region = "eurprd0" + str(int(d[8], 16) % 9 + 1) if p.tz.startswith("Europe") else "namprd1" + str(int(d[8], 16) % 9)
        return f"{srv}{d[10:26].upper()}@{srv}.{region}.prod.outlook.com"
    # Apple Mail / iPhone: UUID@host
    u = d[:32].upper()
    uuid = f"{u[:8]}-{u[8:12]}-{u[12:16]}-{u[16:20]}-{u[20:32]}"
    return f"{uuid}@{p.addr.split('@')[1]}"


def attribution(style: str, parent: Rendered, tz: str) -> str:
    dt = parent.dt.astimezone(ZoneInfo(tz))
    who = f"{parent.person.name} <{parent.person.addr}>"
    if style == "gmail":
        return f"On {dt:%a}, {dt:%b} {dt.day}, {dt.year} at {h12(dt)} {who} wrote:"
    if style == "gmail_de":
        return (f"Am {DE_DAYS_ABBR[dt.weekday()]}, {dt.day}. {DE_MONTHS_ABBR[dt.month - 1]} {dt.year} um "
                f"{dt:%H:%M} Uhr schrieb {who}:")
    if style == "gmail_fr":
        return (f"Le {FR_DAYS_ABBR[dt.weekday()]} {dt.day} {FR_MONTHS_ABBR[dt.month - 1]} {dt.year} à "
                f"{dt:%H:%M}, {who} a écrit :")
    if style in ("apple", "ios"):
        return f"On {dt.day} {dt:%b} {dt.year}, at {dt:%H:%M}, {who} wrote:"
    if style == "apple_us":
        return f"On {dt:%b} {dt.day}, {dt.year}, at {h12(dt)}, {who} wrote:"
    if style == "apple_fr":
        return f"Le {dt.day} {FR_MONTHS_ABBR[dt.month - 1]} {dt.year} à {dt:%H:%M}, {who} a écrit :"
    raise ValueError(style)


def outlook_block(style: str, parent: Rendered, tz: str) -> str:
    dt = parent.dt.astimezone(ZoneInfo(tz))
    p = parent.person
    cc = f"\nCc: {plain_addr(parent.cc)}" if parent.cc else ""
    if style == "outlook":
        return (f"-----Original Message-----\nFrom: {p.shown} <{p.addr}>\n"
                f"Sent: {dt:%A}, {dt:%B} {dt.day}, {dt.year} {h12(dt)}\nTo: {plain_addr(parent.to)}{cc}\n"
                f"Subject: {parent.subject}")
    if style == "outlook2":
        return (f"________________________________\nFrom: {p.name} <{p.addr}>\n"
                f"Sent: {dt:%A}, {dt:%B} {dt.day}, {dt.year} {h12(dt)}\nTo: {plain_addr(parent.to)}{cc}\n"
                f"Subject: {parent.subject}")
    if style == "outlook_fr":
        cc = f"\nCc : {plain_addr(parent.cc)}" if parent.cc else ""
        return (f"De : {p.name} <{p.addr}>\nEnvoyé : {FR_DAYS[dt.weekday()]} {dt.day} "
                f"{FR_MONTHS[dt.month - 1]} {dt.year} {dt:%H:%M}\nÀ : {plain_addr(parent.to)}{cc}\n"
                f"Objet : {parent.subject}")
    if style == "outlook_de":
        cc = f"\nCc: {plain_addr(parent.cc)}" if parent.cc else ""
        return (f"Von: {p.name} <{p.addr}>\nGesendet: {DE_DAYS[dt.weekday()]}, {dt.day}. "
                f"{DE_MONTHS[dt.month - 1]} {dt.year} {dt:%H:%M}\nAn: {plain_addr(parent.to)}{cc}\n"
                f"Betreff: {parent.subject}")
    raise ValueError(style)


def quote_lines(text: str) -> str:
    return "\n".join(">" if not line else ("> " + line if not line.startswith(">") else ">" + line)
                     for line in text.split("\n"))


def plain_body(m: Msg, p: Person, parent: Rendered | None, fwd: Rendered | None) -> str:
    style = m.client or p.client
    body = m.text
    if m.sig and p.sig:
        body += "\n\n" + p.sig
    if fwd is not None:
        f = fwd
        dt = f.dt.astimezone(ZoneInfo(p.tz))
        cc = f"\nCc: {', '.join(f'{PEOPLE[k].name} <{PEOPLE[k].addr}>' for k in f.cc)}" if f.cc else ""
        body += ("\n\n---------- Forwarded message ---------\n"
                 f"From: {f.person.name} <{f.person.addr}>\n"
                 f"Date: {dt:%a}, {dt:%b} {dt.day}, {dt.year} at {h12(dt)}\n"
                 f"Subject: {f.subject}\n"
                 f"To: {', '.join(f'{PEOPLE[k].name} <{PEOPLE[k].addr}>' for k in f.to)}{cc}\n\n"
                 + f.plain)
    if parent is not None:
        if style.startswith("outlook"):
            body += "\n\n" + outlook_block(style, parent, p.tz) + "\n\n" + parent.plain
        elif style in ("apple_us", "apple_fr", "ios"):
            # iOS Mail: the attribution line is quoted too
            body += "\n\n> " + attribution(style, parent, p.tz) + "\n>\n" + quote_lines(parent.plain)
        else:
            body += "\n\n" + attribution(style, parent, p.tz) + "\n\n" + quote_lines(parent.plain)
    return body


def text_to_html(text: str) -> str:
    paras = text.split("\n\n")
    out = []
    for para in paras:
        out.append("<div>" + "<br>\n".join(html.escape(line) for line in para.split("\n")) + "</div>")
    return "\n<div><br></div>\n".join(out)


def html_fragment(m: Msg, p: Person, parent: Rendered | None) -> str:
    """The HTML version of a body, in the sender's client style."""
    style = m.client or p.client
    if style.startswith("outlook"):
        paras = [f'<p class="MsoNormal">{"<br>".join(html.escape(x) for x in para.split(chr(10)))}</p>'
                 for para in m.text.split("\n\n")]
        sig = "<br>".join(html.escape(x) for x in p.sig.split("\n")) if m.sig else ""
        out = ('<div class="WordSection1">\n' + '\n<p class="MsoNormal">&nbsp;</p>\n'.join(paras)
               + '\n<p class="MsoNormal">&nbsp;</p>\n'
               + f'<p class="MsoNormal"><span style="font-size:9.0pt;color:#595959">{sig}</span></p>\n')
        if parent is not None:
            dt = parent.dt.astimezone(ZoneInfo(p.tz))
            out += ('<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">\n'
                    f'<p class="MsoNormal"><b>From:</b> {html.escape(parent.person.name)} '
                    f'&lt;{html.escape(parent.person.addr)}&gt;<br>\n'
                    f'<b>Sent:</b> {dt:%A}, {dt:%B} {dt.day}, {dt.year} {h12(dt)}<br>\n'
                    f'<b>To:</b> {html.escape(plain_addr(parent.to))}<br>\n'
                    + (f'<b>Cc:</b> {html.escape(plain_addr(parent.cc))}<br>\n' if parent.cc else "")
                    + f'<b>Subject:</b> {html.escape(parent.subject)}</p>\n</div>\n'
                    + parent.html_fragment)
        return out + "\n</div>"
    # Gmail-style
    out = '<div dir="ltr">' + text_to_html(m.text)
    if m.sig and p.sig:
        prefix = '<span class="gmail_signature_prefix">-- </span><br>' if p.sig.startswith("--") else ""
        out += ('<br clear="all"><div><br></div>' + prefix +
                '<div dir="ltr" class="gmail_signature">'
                + "<br>".join(html.escape(x) for x in p.sig.split("\n") if x.strip() not in ("--", "-- "))
                + "</div>")
    out += "</div>"
    if parent is not None:
        attr = attribution(style if style.startswith("gmail") else "gmail", parent, p.tz)
        out += ('<br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">' + html.escape(attr)
                + '<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;'
                  'border-left:1px solid rgb(204,204,204);padding-left:1ex">'
                + parent.html_fragment + "</blockquote></div>")
    return out


def encode_header(value: str) -> str:
    try:
        value.encode("ascii")
        return value
    except UnicodeEncodeError:
        return Header(value, "utf-8", maxlinelen=76).encode()


def fold_ids(name: str, ids: list[str]) -> str:
    lines, cur = [], f"{name}:"
    for i in ids:
        token = f"<{i}>"
        if len(cur) + 1 + len(token) > 78 and cur != f"{name}:":
            lines.append(cur)
            cur = " " + token
        else:
            cur += " " + token
    lines.append(cur)
    return "\n".join(lines)


def encode_body(text: str, cte: str, charset: str = "utf-8") -> bytes:
    data = text.encode(charset)
    if cte == "quoted-printable":
        return quopri.encodestring(data).rstrip(b"\n") + b"\n"
    if cte == "base64":
        return base64.encodebytes(data)
    return data.rstrip(b"\n") + b"\n"


def choose_cte(text: str, enc: str | None) -> str:
    if enc == "b64":
        return "base64"
    if enc == "8bit":
        return "8bit"
    if enc in ("qp", "cp1252"):
        return "quoted-printable"
    try:
        text.encode("ascii")
        return "7bit"
    except UnicodeEncodeError:
        return "quoted-printable"


def render_raw(r: Rendered) -> bytes:
    m, p = r.msg, r.person
    style = m.client or p.client
    date = format_datetime(r.dt)
    if p.account == "Maris Group":
        date += f" ({r.dt.tzname()})"
    headers: list[str] = []
    if p.account is None:
        headers.append(f"Return-Path: <{p.addr}>")
    headers.append(f"From: {formataddr((p.shown, p.addr), charset='utf-8')}")
    headers.append(addr_line(r.to, "To"))
    if r.cc:
        headers.append(addr_line(r.cc, "Cc"))
    headers.append(f"Subject: {encode_header(r.subject)}")
    if style.startswith("outlook"):
        headers.append(f"Thread-Topic: {encode_header(strip_prefixes(r.subject))}")
        headers.append("Thread-Index: " + base64.b64encode(bytes.fromhex(digest(m.thread_subject))[:16]).decode())
    headers.append(f"Date: {date}")
    if r.message_id:
        headers.append(f"Message-ID: <{r.message_id}>")
    if r.in_reply_to:
        headers.append(f"In-Reply-To: <{r.in_reply_to}>")
    if r.references:
        headers.append(fold_ids("References", r.references))
    if MAILER.get(style):
        headers.append(f"X-Mailer: {MAILER[style]}")
    if style.startswith("outlook"):
        lang = {"outlook_fr": "fr-FR", "outlook_de": "de-DE"}.get(style, "en-US")
        headers.append(f"Content-Language: {lang}")
    headers.append("MIME-Version: 1.0")

    enc = m.enc
    if enc == "alt":
        boundary = "000000000000" + digest(m.key)[:16] if not style.startswith("outlook") else (
            "_000_" + digest(m.key)[:24].upper() + "_")
        parts = []
        for ctype, body in (("text/plain", r.plain), ("text/html", wrap_html(r))):
            cte = choose_cte(body, None)
            parts.append(
                f"--{boundary}\nContent-Type: {ctype}; charset=\"UTF-8\"\nContent-Transfer-Encoding: {cte}\n\n"
                .encode() + encode_body(body, cte))
        headers.append(f'Content-Type: multipart/alternative; boundary="{boundary}"')
        head = "\n".join(headers).encode() + b"\n\n"
        return head + b"\n".join(parts) + f"\n--{boundary}--\n".encode()
    if enc == "html":
        body = wrap_html(r)
        cte = choose_cte(body, None)
        headers.append('Content-Type: text/html; charset="utf-8"')
        headers.append(f"Content-Transfer-Encoding: {cte}")
        return "\n".join(headers).encode() + b"\n\n" + encode_body(body, cte)
    charset = "windows-1252" if enc == "cp1252" else "utf-8"
    cte = choose_cte(r.plain, enc)
    flowed = "; format=flowed" if style in ("apple", "apple_us", "apple_fr", "ios") and cte == "7bit" else ""
    headers.append(f'Content-Type: text/plain; charset="{charset}"{flowed}')
    headers.append(f"Content-Transfer-Encoding: {cte}")
    return "\n".join(headers).encode() + b"\n\n" + encode_body(r.plain, cte, charset)


def wrap_html(r: Rendered) -> str:
    style = r.msg.client or r.person.client
    if style.startswith("outlook"):
        return ('<html xmlns:o="urn:schemas-microsoft-com:office:office">\n<head>\n'
                '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
                '<style><!--\np.MsoNormal {margin:0cm; font-size:11.0pt; font-family:"Calibri",sans-serif;}\n'
                '--></style>\n</head>\n<body lang="EN-IE" link="#0563C1">\n'
                + r.html_fragment + "\n</body>\n</html>")
    return r.html_fragment


def build() -> tuple[list[Rendered], dict[str, list[str]]]:
    """Render every story message; return them in mailbox order and the message keys per story."""
    flat: list[Msg] = []
    labels: dict[str, Msg] = {}
    for t_index, (story, subject, msgs) in enumerate(THREADS):
        prev: Msg | None = None
        for i, m in enumerate(msgs):
            m.story = story
            m.key = f"{story}/{t_index:02d}/{i:02d}"
            m.thread_subject = subject
            if m.parent == "prev":
                m.extra["parent_msg"] = prev
            elif m.parent is None:
                m.extra["parent_msg"] = None
            else:
                m.extra["parent_msg"] = labels[m.parent]
            if m.label:
                labels[m.label] = m
            m.extra["forward_msg"] = labels[m.forward] if m.forward else None
            flat.append(m)
            prev = m

    def utc(m: Msg) -> datetime:
        p = PEOPLE[m.frm]
        local = datetime.strptime(m.when, "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo(p.tz))
        sec = int(digest(m.key)[:4], 16) % 60
        return local.replace(second=sec)

    order = sorted(flat, key=lambda m: utc(m).astimezone(timezone.utc))
    rendered: dict[int, Rendered] = {}
    for m in order:
        p = PEOPLE[m.frm]
        dt = utc(m)
        parent_msg = m.extra["parent_msg"]
        parent = rendered.get(id(parent_msg)) if parent_msg is not None else None
        if parent_msg is not None and parent is None:
            raise ValueError(f"{m.key}: replies to a message dated later ({parent_msg.when} > {m.when})")
        fwd_msg = m.extra["forward_msg"]
        fwd = rendered.get(id(fwd_msg)) if fwd_msg is not None else None
        style = m.client or p.client
        if m.subject:
            subject = m.subject
        elif fwd is not None:
            subject = "Fwd: " + fwd.subject
        elif parent is not None:
            subject = REPLY_PREFIX[style] + strip_prefixes(parent.subject)
        else:
            subject = m.thread_subject
        own_followup = parent is not None and parent.person.key == m.frm
        if m.to is not None:
            to = list(m.to)
        elif own_followup:
            to = list(parent.to)  # chasing one's own message: same recipients
        elif parent is not None:
            to = [parent.person.key]
        else:
            raise ValueError(f"{m.key}: first message of a thread needs to=")
        if m.cc is not None:
            cc = list(m.cc)
        elif own_followup:
            cc = list(parent.cc)
        elif parent is not None:
            cc = [k for k in parent.to + parent.cc if k != m.frm and k not in to]
        else:
            cc = []
        # a person writing from another address of the same account counts as the same person
        to = [k for k in to if k != m.frm]
        if not to:
            raise ValueError(f"{m.key}: no recipients")
        if parent is not None and parent.message_id:
            refs = [*parent.references, parent.message_id]
            in_reply_to = parent.message_id
        else:
            refs, in_reply_to = [], None
        mid = None if m.no_message_id else make_message_id(m, p)
        r = Rendered(m, p, dt, mid, subject, to, cc, plain_body(m, p, parent, fwd), "", refs, in_reply_to)
        r.html_fragment = html_fragment(m, p, parent)
        r.raw = render_raw(r)
        rendered[id(m)] = r
    out = [rendered[id(m)] for m in order]
    stories: dict[str, list[str]] = {}
    for r in out:
        stories.setdefault(r.msg.story, []).append(r.message_id or "")
    return out, stories


# --------------------------------------------------------------------------------------------------
# Writing the files
# --------------------------------------------------------------------------------------------------

#: Message-ID of the message delivered twice (Vantor's complaint of 27 January) and where the copy goes.
DUPLICATE_LABEL = "vantor_jan27"
DUPLICATE_AFTER = 3  # the second copy arrives three messages later

MALFORMED = (
    b"=?=?broken export chunk?=?=\n"
    b"   <<< mailbox export interrupted at offset 4815162 >>>\n"
    b"%%%% partial block follows %%%%\n"
    b"Q2xhaW1zIHRvdGFscyBmb3IgRmVicnVhcnkgYXJlIGJlaW5nIHJlY2Fs\n"
)
MALFORMED_BEFORE = "2025-03-13"  # inserted before the first message of this day


def from_line(r: Rendered | None, sender: str = "MAILER-DAEMON", when: datetime | None = None) -> bytes:
    if r is not None:
        sender, when = r.person.addr, r.dt
    assert when is not None
    return f"From {sender} {when.astimezone(timezone.utc):%a %b %e %H:%M:%S %Y}\n".encode()


def escape_from(raw: bytes) -> bytes:
    # mboxrd: any body line that starts with zero or more '>' and then "From " gets one more '>'
    return re.sub(rb"(?m)^(>*From )", rb">\1", raw)


def mbox_entries(rendered: list[Rendered]) -> list[tuple[str, bytes, Rendered | None]]:
    """(kind, entry bytes, message) in file order; kind is 'message', 'duplicate' or 'malformed'."""
    entries: list[tuple[str, bytes, Rendered | None]] = []
    dup_src = next(r for r in rendered if r.msg.label == DUPLICATE_LABEL)
    dup_at = rendered.index(dup_src) + DUPLICATE_AFTER
    malformed_done = False
    for i, r in enumerate(rendered):
        if not malformed_done and r.dt.astimezone(timezone.utc).strftime("%Y-%m-%d") >= MALFORMED_BEFORE:
            when = r.dt.astimezone(timezone.utc).replace(hour=2, minute=17, second=44)
            entries.append(("malformed", from_line(None, "MAILER-DAEMON", when) + MALFORMED, None))
            malformed_done = True
        entries.append(("message", from_line(r) + escape_from(r.raw), r))
        if i == dup_at:
            entries.append(("duplicate", from_line(dup_src) + escape_from(dup_src.raw), dup_src))
    return entries


def write_outputs(root: Path) -> dict[str, bytes]:
    """Everything this script writes, as {relative path: bytes}."""
    rendered, _ = build()
    files: dict[str, bytes] = {}
    entries = mbox_entries(rendered)
    files["mailbox.mbox"] = b"\n".join(e for _, e, _ in entries) + b"\n"

    files["mailbox_labels.csv"] = labels_csv(rendered, entries)

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["key", "account"])
    w.writerows(ACCOUNTS_CSV)
    files["accounts.csv"] = buf.getvalue().encode()

    by_label = {r.msg.label: r for r in rendered if r.msg.label}

    def pick(story: str, frm: str, day: str) -> Rendered:
        found = [r for r in rendered if r.msg.story == story and r.msg.frm == frm and r.msg.when.startswith(day)]
        return found[-1]

    eml = {
        "gmail-reply.eml": pick("1-steady", "grace", "2025-03-17"),  # multipart/alternative, gmail_quote
        "outlook-reply-crlf.eml": by_label["vantor_jan27"],  # Outlook header block, disclaimer, CRLF
        "apple-mail-reply.eml": pick("6-terse", "kit", "2025-03-21"),  # iOS quoting, "Sent from my iPhone"
        "outlook-html-only.eml": by_label["orla_feb14"],  # HTML-only Outlook reply with border-top div
    }
    for name, r in eml.items():
        raw = r.raw.replace(b"\n", b"\r\n") if "crlf" in name else r.raw
        files[f"eml/{name}"] = raw

    files["maildir/tmp/.gitkeep"] = b""
    # A tiny Maildir: the Brisk Couriers renewal thread (read ones in cur/, the newest unread in new/).
    brisk = [r for r in rendered if r.msg.thread_subject == "Brisk renewal quote"]
    for n, r in enumerate(brisk):
        stamp = int(r.dt.timestamp())
        base = f"{stamp}.M{100000 + n}P4242Q{n + 1}.mx1.fernwick.io"
        if n == len(brisk) - 1:
            files[f"maildir/new/{base}"] = r.raw
        else:
            files[f"maildir/cur/{base}:2,S"] = r.raw
    return files


def labels_csv(rendered: list[Rendered], entries: list[tuple[str, bytes, Rendered | None]]) -> bytes:
    """One row per mbox entry: the signals each message was written to express."""
    known = {(r.msg.frm, r.msg.when) for r in rendered}
    unknown = sorted(set(LABELS) - known)
    if unknown:
        raise ValueError(f"LABELS name messages that do not exist: {unknown}")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["source_index", "message_id", "kind", "story", *SIGNAL_NAMES, "commitment_due"])
    for i, (kind, _, r) in enumerate(entries):
        if r is None:
            w.writerow([i, "", kind, "", *([""] * len(SIGNAL_NAMES)), ""])
            continue
        signals, due = LABELS.get((r.msg.frm, r.msg.when), ((), ""))
        w.writerow([i, r.message_id or "", kind, r.msg.story, *(int(x in signals) for x in SIGNAL_NAMES), due])
    return buf.getvalue().encode()


def oracle_health(root: Path, freq: str = "W") -> int:
    """Read the sample with frictionscan, score it with the intended labels, print fs.health."""
    import pandas as pd

    import frictionscan as fs

    df = fs.read(str(root / "mailbox.mbox"), internal_domains=[INTERNAL_DOMAIN],
                 accounts=str(root / "accounts.csv"))
    lab = pd.read_csv(root / "mailbox_labels.csv")
    if len(lab) != len(df):
        print(f"labels have {len(lab)} rows but fs.read returned {len(df)}", file=sys.stderr)
        return 1
    scored = df.copy()
    ok = (scored["status"] == "ok").to_numpy()
    for sig in SIGNAL_NAMES:
        proba = lab[sig].fillna(0).to_numpy() * 0.85 + 0.05
        scored[sig] = [p if o else float("nan") for p, o in zip(proba, ok, strict=True)]
        scored[f"{sig}_flag"] = pd.array([bool(o and p >= 0.5) for p, o in zip(proba, ok, strict=True)],
                                         dtype="boolean")
    scored["evidence"] = [
        [{"signal": sig, "start": 0, "end": len(t or ""), "text": t or "", "proba": 0.9}
         for sig in SIGNAL_NAMES if o and lab.loc[i, sig] == 1]
        for i, (t, o) in enumerate(zip(scored["text"], ok, strict=True))
    ]
    due = pd.to_datetime(lab["commitment_due"], utc=True) + pd.Timedelta(hours=17)
    scored["commitment_due"] = due.astype("datetime64[ns, UTC]").to_numpy()
    h = fs.health(scored, freq)
    with pd.option_context("display.width", 200, "display.max_rows", 500, "display.max_colwidth", 90):
        cols = [c for c in ("relationship", "period", "health", "trend", "alert") if c in h.columns]
        print(h[cols].to_string())
        last = h.sort_values("period").groupby("relationship").tail(1)
        print("\nfinal health:")
        print(last.sort_values("health")[["relationship", "period", "health"]].to_string(index=False))
        print("\nalerts per relationship:")
        print(h.groupby("relationship")["alert"].sum().to_string())
        if "alert_reasons" in h.columns:
            print("\nalert reasons:")
            for _, row in h[h["alert"]].iterrows():
                print(f"  {row['relationship']:22s} {str(row['period'])[:10]}  {row['alert_reasons']}")
    return 0


def summary(rendered: list[Rendered]) -> str:
    lines = []
    counts: dict[str, dict[str, int]] = {}
    for r in rendered:
        acc = r.person.account or next((PEOPLE[k].account for k in r.to + r.cc if PEOPLE[k].account), None)
        acc = acc or "(internal)"
        kind = "internal" if all(PEOPLE[k].account is None for k in [r.person.key, *r.to, *r.cc]) else (
            "outbound" if r.person.account is None else "inbound")
        d = counts.setdefault(acc, {"inbound": 0, "outbound": 0, "internal": 0})
        d[kind] += 1
    for acc, d in sorted(counts.items()):
        lines.append(f"{acc:22s} inbound={d['inbound']:3d} outbound={d['outbound']:3d} internal={d['internal']:3d}")
    return "\n".join(lines)


def story_counts(rendered: list[Rendered]) -> str:
    counts: dict[str, int] = {}
    for r in rendered:
        counts[r.msg.story] = counts.get(r.msg.story, 0) + 1
    return "\n".join(f"story {k:10s} {v:3d} messages" for k, v in sorted(counts.items()))


def check_parses(path: Path, expected: int) -> list[str]:
    """Problems found when the standard library reads the mbox back (empty list = fine)."""
    import email
    import mailbox

    problems = []
    box = mailbox.mbox(str(path), create=False)
    if len(box) != expected:
        problems.append(f"mailbox.mbox has {len(box)} entries, expected {expected}")
    for msg in box:
        body = email.message_from_bytes(msg.as_bytes())
        for part in body.walk():
            if part.get_content_maintype() == "text":
                part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="verify the files on disk are up to date")
    ap.add_argument("--oracle-health", action="store_true",
                    help="read the sample with frictionscan, score it with the intended labels "
                         "(mailbox_labels.csv) instead of a model, and print fs.health per week")
    ap.add_argument("--out", type=Path, default=HERE, help="output folder (default: next to this script)")
    args = ap.parse_args(argv)
    if args.oracle_health:
        return oracle_health(args.out)
    files = write_outputs(args.out)
    if args.check:
        stale = [p for p, b in files.items() if not (args.out / p).exists() or (args.out / p).read_bytes() != b]
        if stale:
            print("out of date:", ", ".join(stale), "- run build_samples.py", file=sys.stderr)
            return 1
        rendered, _ = build()
        problems = check_parses(args.out / "mailbox.mbox", len(mbox_entries(rendered)))
        if problems:
            print("\n".join(problems), file=sys.stderr)
            return 1
        print("sample files are up to date and mailbox.mbox parses with the standard library")
        return 0
    for rel in ("maildir/cur", "maildir/new", "maildir/tmp", "eml"):
        (args.out / rel).mkdir(parents=True, exist_ok=True)
    for old in list((args.out / "maildir").glob("*/*")) + list((args.out / "eml").glob("*.eml")):
        if old.name != ".gitkeep" and str(old.relative_to(args.out)) not in files:
            old.unlink()
    for rel, data in files.items():
        (args.out / rel).write_bytes(data)
    rendered, _ = build()
    kinds = [k for k, _, _ in mbox_entries(rendered)]
    print(f"mailbox.mbox: {len(kinds)} entries ({kinds.count('message')} messages, "
          f"{kinds.count('duplicate')} duplicate delivery, {kinds.count('malformed')} malformed)")
    print(summary(rendered))
    print(story_counts(rendered))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
