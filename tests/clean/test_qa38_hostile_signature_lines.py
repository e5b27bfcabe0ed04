"""A long signature-like line costs the reply splitter time in proportion to its length.

Two patterns that judge the lines under a sign-off were searched through a whole line with a leading
run that can repeat: the e-mail address part of the contact-details pattern (``[\\w.+-]+@``) and the
one-line signature separator (``\\s+|\\s+``). A line of 32,000 letters or digits under "Best, John"
(a pasted token, a long reference) took 4 s, and "John", 32,000 spaces and "x | Acme" took 9 s,
growing with the square of the line. The fixed patterns start a match only where such a run starts,
which finds the same matches.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cpu_bound import within
from frictionscan.clean import _patterns as P
from frictionscan.clean import _reply, extract_reply

# (the old patterns took 15-35 s on these inputs; a generous bound, not a speed measurement)
BOUND_S = 3.0
RUN = 64_000
MAIL = "Hi team,\n\nPlease fix the report, it is broken again.\n\nBest,\nJohn\n"


_quick = within(BOUND_S)


def test_a_long_token_under_the_sign_off_is_read_at_once():
    reply = _quick(extract_reply, MAIL + "a" * RUN + "\n")
    assert reply.startswith("Hi team,\n\nPlease fix the report, it is broken again.")


def test_a_long_run_of_spaces_before_a_signature_separator_is_read_at_once():
    reply = _quick(extract_reply, MAIL.replace("John\n", "John" + " " * RUN + "x | Acme\n"))
    assert reply.startswith("Hi team,\n\nPlease fix the report, it is broken again.")


def test_contact_details_and_one_line_signatures_are_still_recognised():
    assert P.CONTACT_RE.search("Mail: ann.lee+work@acme.example.com")
    assert _reply._SIG_SEP_RE.split("Ann Lee | Head of IT \u00b7 ACME") == ["Ann Lee", "Head of IT", "ACME"]
    assert extract_reply("Fixed it, thanks.\n\nAnn Lee | Head of IT | ACME\nann@acme.example\n") == "Fixed it, thanks."


# the patterns as they were, to check that the fixed ones find exactly the same matches
_OLD_CONTACT = re.compile(
    r"(?:(?:\+|00)\d[\d\s().\/-]{6,}\d|\(\d{2,5}\)\s*\d|\b(?:tel|tél|phone|mobile|mob|cell|fax|"
    r"handy|mobil|telefon|telefone|t[ée]l[ée]phone|m[óo]vil|cellulare|telefoon|direct|office|"
    r"skype|whatsapp)\b\.?\s*[:.]|[\w.+-]+@[\w-]+\.[\w.-]+|\bwww\.|https?://|\b(?:linkedin|"
    r"twitter)\b|\|)",
    re.IGNORECASE,
)
_OLD_SIG_SEP = re.compile(r"\s+[|·•]\s+")
_LINES = st.lists(st.sampled_from(["a", "Ann", "x.y", "+", "-", "_", "1", "00", "@", "acme", ".", "com",
                                   " ", "  ", "\t", "|", "·", "•", "tel", ":", "(", ")"]),
                  max_size=16).map("".join)


@settings(max_examples=500, deadline=None)
@given(_LINES)
def test_contact_details_are_found_where_they_were(line):
    old, new = _OLD_CONTACT.search(line), P.CONTACT_RE.search(line)
    assert (old and old.span()) == (new and new.span())


@settings(max_examples=500, deadline=None)
@given(_LINES)
def test_one_line_signatures_are_split_where_they_were(line):
    assert _OLD_SIG_SEP.split(line) == _reply._SIG_SEP_RE.split(line)
    assert bool(_OLD_SIG_SEP.search(line)) == bool(_reply._SIG_SEP_RE.search(line))
