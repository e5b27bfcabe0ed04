"""QA40: the clean stage drops the C0 control characters that are not text (NUL, BEL, ESC...).

``split_reply`` passed NUL and ESC through to ``text``: a NUL ends a cell for CSV readers in C, an
ESC drives the terminal the text is printed on. Tab, line feed, carriage return and form feed are
text and stay; a vertical tab is a space. Dropped before splitting, they cannot hide a quoted line
from the splitter either ("\\x00> quoted" is a quoted line).
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from frictionscan.clean import drop_controls, extract_reply, split_reply

NOT_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f]")
controls = st.sampled_from([chr(c) for c in range(32)])
bodies = st.lists(st.one_of(controls, st.sampled_from(
    ["Hi Anna,", "\n", "> quoted", "On Mon, Ann <a@b.c> wrote:", "late again", " ", "<p>", "&#1;",
     "&#27;", "<blockquote>", "</blockquote>"]), st.text(max_size=10)), max_size=30).map("".join)


def test_nul_esc_and_bel_are_dropped_and_tab_newline_and_form_feed_kept():
    text = extract_reply("The export\x00 failed \x1b[31magain\x07.\tTwice.\nPage\x0cbreak\x0bhere")
    assert text == "The export failed [31magain.\tTwice.\nPage\x0cbreak here"


def test_a_control_character_before_a_quote_marker_does_not_hide_the_quoted_line():
    text, quoted = split_reply("Fine by me.\n\n\x00> Shall we ship?\n\x00> Today?")
    assert (text, quoted) == ("Fine by me.", "> Shall we ship?\n> Today?")


def test_drop_controls_gives_back_the_same_string_when_there_is_nothing_to_drop():
    body = "Nothing to drop here.\tTab\r\nand\x0cform feed"
    assert drop_controls(body) is body


@settings(max_examples=300, deadline=None)
@given(body=bodies, html=st.booleans())
def test_no_c0_control_but_tab_and_line_breaks_reaches_text_or_quoted_text(body, html):
    text, quoted = split_reply(body, html=html)
    assert not NOT_TEXT.search(text) and not NOT_TEXT.search(quoted)
