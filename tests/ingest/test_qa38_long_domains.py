"""A sender with an absurdly long domain costs time in proportion to its length.

Direction and account lookups try a domain, then each parent domain (``eu.acme.com`` ->
``acme.com``), copying each one to look it up: for a crafted domain of 100,000 labels
("c@b.b.b....com", 200 KB in a From header or a helpdesk author cell) that was quadratic, 4 s for
an e-mail and 17 s for a helpdesk row, and minutes at the readers' 1 MB limits. No domain or key
can be longer than DNS allows (253 characters), so the lookups now start at the longest parent
domain of that length: the same answers, in linear time.
"""

from __future__ import annotations

import pytest

import frictionscan as fs
from cpu_bound import within
from frictionscan.ingest.accounts import account_for, is_internal

LONG = "b." * 100_000 + "com"
HUGE = "b." * 300_000 + "com"  # (one lookup took 20 s)
# (the old lookups took 4-17 s on these; a generous bound, not a speed measurement)
BOUND_S = 3.0


_quick = within(BOUND_S)


def test_the_direction_of_mail_from_a_huge_domain_is_found_at_once():
    assert _quick(is_internal, "c@" + HUGE, frozenset({"ourco.io"})) is False
    assert _quick(is_internal, "c@" + HUGE + ".ourco.io", frozenset({"ourco.io"})) is True


def test_the_account_of_a_huge_domain_is_found_at_once():
    assert _quick(account_for, "c@" + HUGE + ".acme.com", {"acme.com": "Acme"}) == "Acme"
    assert _quick(account_for, "c@" + HUGE, {"acme.com": "Acme"}) == HUGE


def test_parent_domains_still_match_as_before():
    ours = frozenset({"ourco.io", "eu.acme.com"})
    assert is_internal("a@ourco.io", ours) and is_internal("a@x.y.ourco.io", ours)
    assert not is_internal("a@acme.com", ours) and not is_internal("a@notourco.io", ours)
    top = "x" * 240 + ".io"  # a long but valid domain, matched whole
    assert is_internal("a@" + top, frozenset({top})) and account_for("a@mail." + top, {top: "T"}) == "T"
    assert account_for("k@ops.acme.com", {"acme.com": "Acme", "ops.acme.com": "Ops"}) == "Ops"


@pytest.mark.parametrize("name", ["mail.eml", "tickets.csv"])
def test_a_message_from_a_huge_domain_is_read_at_once_as_one_row(tmp_path, name):
    path = tmp_path / name
    if name.endswith(".eml"):
        path.write_text(f"From: Client <c@{LONG}>\nTo: me@ourco.io\nSubject: hi\n"
                        "Date: Mon, 5 Jan 2026 10:00:00 +0000\nMessage-ID: <x@y>\n\nPlease fix it.\n")
    else:
        path.write_text(f"ticket_id,author,created_at,body\n1,c@{LONG},2026-01-05T10:00:00Z,Please fix it.\n")
    rows = _quick(fs.read, path, internal_domains=["ourco.io"], accounts={"acme.com": "Acme"})
    assert len(rows) == 1 and rows["status"].iloc[0] == "ok" and rows["direction"].iloc[0] == "inbound"
