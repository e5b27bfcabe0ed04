"""A long Exchange sender header costs the reader time in proportion to its length.

Two patterns of the Exchange (X.500) sender rules were searched through a whole header with a
leading run that can repeat: the SMTP address looked for in the display name (``[\\w.+'-]+@``) and the
``IMCEAEX-...@`` encoded address. A From header with a 40,000-letter display name before an X.500
address took 6 s to read, and one of 8,000 repeated "imceaex-" 7 s, growing with the square of the
header, so a single crafted message could hold a scan worker for many minutes. The fixed patterns
start a match only where an address can start (after a space, "<", a quote or the start).
"""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import frictionscan as fs
from frictionscan.ingest import email as mail

OURS = ["halvorsen-partners.com"]
DN = "/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP (FYDIBOHF23SPDLT)/CN=RECIPIENTS/CN=7A1B-JONAS.BERG"
# (the old patterns took 15-60 s on these headers; a generous bound, not a speed measurement)
BOUND_S = 3.0


def _eml(tmp_path, sender: str):
    p = tmp_path / "x.eml"
    p.write_text(f"From: {sender}\nTo: Oliver Hart <oliver@northgate.example>\nSubject: RE: Q1\n"
                 "Date: Tue, 18 Mar 2025 09:00:00 +0000\nMessage-ID: <x@x>\n\nI will send it by Thursday.\n")
    return p


@pytest.mark.parametrize("sender", [
    '"' + "a" * 100_000 + f'" <{DN}>',  # a display name of one long word
    "imceaex-" * 15_000 + "x",  # the encoded address's prefix, over and over, never closed by "@"
], ids=["long-display-name", "repeated-imceaex"])
def test_a_long_exchange_sender_header_is_read_at_once_as_one_row(tmp_path, sender):
    path = _eml(tmp_path, sender)
    t = time.process_time()
    rows = fs.read(path, internal_domains=OURS)
    assert time.process_time() - t < BOUND_S
    assert len(rows) == 1 and rows["status"].iloc[0] == "ok"


def test_exchange_addresses_are_still_found_in_names_and_imceaex_form():
    assert mail._exchange_dn('"Berg, Jonas" <IMCEAEX-_O=ORG_OU=EXCHANGE+20ADMIN_CN=RECIPIENTS_CN=AB@x.com>') \
        == "/o=org/ou=exchange admin/cn=recipients/cn=ab"
    assert mail._exchange_dn("IMCEAEX-_O=ORG_CN=AB@x.com") == "/o=org/cn=ab"
    assert mail._SMTP_IN_TEXT.search("Jonas (jonas.berg@halvorsen-partners.com)").group(0) \
        == "jonas.berg@halvorsen-partners.com"


_OLD_SMTP_IN_TEXT = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_NAMES = st.lists(st.sampled_from(["a", "Jo", ".", "+", "'", "-", "@", "x.com", "b", " ", "(", '"', "<", ","]),
                  max_size=14).map("".join)


@settings(max_examples=500, deadline=None)
@given(_NAMES)
def test_the_address_in_a_display_name_is_found_where_it_was(name):
    old, new = _OLD_SMTP_IN_TEXT.search(name), mail._SMTP_IN_TEXT.search(name)
    assert (old and old.group(0)) == (new and new.group(0))
