"""Properties that hold for any input: never raise, idempotent, nothing but signatures is lost."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from frictionscan.clean import (
    drop_controls,
    extract_reply,
    html_to_text,
    split_reply,
    split_reply_parts,
)

_WORD = re.compile(r"\w+")

# lines that exercise every rule: quotes, attributions, headers, banners, closings, signatures
EMAILISH_LINES = [
    "> quoted line", ">> nested", "> On Mon, 3 Mar 2025, Ann <a@b.c> wrote:",
    "On Mon, 3 Mar 2025 at 10:00, Ann <ann@x.example> wrote:", "On Tue, Mar 4, 2025 at 9 AM Bob <",
    "bob@y.example> wrote:", "Am 04.03.2025 um 14:30 schrieb Ute <u@z.de>:", "Anna wrote:",
    "-----Original Message-----", "---------- Forwarded message ---------", "Begin forwarded message:",
    "From: Ann <a@b.c>", "Sent: Monday", "To: Bob", "Subject: RE: hi", "Von: Ute", "Betreff: x",
    "________________________________", "-- ", "--", "Sent from my iPhone", "Best regards,", "Thanks,",
    "Thanks!", "Cheers, Tom", "Anna Schmidt", "-Anna", "Jordan", "Tel: +49 30 1234567", "P.S. call me",
    "This email and any attachments are confidential.", "CAUTION: This email originated from outside of the organization.",
    "Hi Anna,", "Please send the invoice.", "the delivery is late again", "", "", " ",
]
emailish = st.lists(
    st.one_of(st.sampled_from(EMAILISH_LINES), st.text(max_size=40)), max_size=25
).map("\n".join)
any_text = st.one_of(st.text(max_size=400), emailish)


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_arbitrary_text_never_raises_and_returns_strings(body):
    text, quoted = split_reply(body)
    assert isinstance(text, str) and isinstance(quoted, str)


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_extract_reply_is_idempotent(body):
    once = extract_reply(body)
    assert extract_reply(once) == once


@settings(max_examples=300, deadline=None)
@given(emailish)
def test_every_word_ends_in_text_quoted_or_dropped_signature(body):
    text, quoted, dropped = split_reply_parts(body)
    kept = set(_WORD.findall(f"{text}\n{quoted}\n{dropped}"))
    # (control characters are not text: dropped first, "a\x1fb" is the word "ab")
    assert set(_WORD.findall(drop_controls(body))) <= kept


@settings(max_examples=300, deadline=None)
@given(emailish)
def test_text_never_keeps_a_quoted_line(body):
    text = extract_reply(body)
    assert not any(line.lstrip().startswith(">") for line in text.split("\n"))


html_fragments = st.lists(
    st.one_of(
        st.sampled_from([
            "<div>", "</div>", "<p>", "</p>", "<br>", "<blockquote type='cite'>", "</blockquote>",
            "<div class='gmail_quote'>", "<div id='divRplyFwdMsg'>", "<table><tr><td>", "</td></tr></table>",
            "<script>x</script>", "<li>", "&amp;", "&nbsp;", "<!--", "-->", "<", ">", "\x0e", "\x0f", "\x11", "\x12", "\x14",
        ]),
        st.text(max_size=20),
    ),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), html_fragments))
def test_arbitrary_html_never_raises_and_is_idempotent(body):
    assert isinstance(html_to_text(body), str)
    once = extract_reply(body, html=True)
    assert extract_reply(once) == once
