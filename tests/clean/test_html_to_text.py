"""html_to_text: readable text from an HTML body."""

from __future__ import annotations

from frictionscan.clean import html_to_text, split_reply_parts


def test_scripts_styles_and_head_are_dropped():
    html = "<html><head><title>T</title><style>p{}</style></head><body><script>evil()</script><p>Hi</p></body></html>"
    assert html_to_text(html) == "Hi"


def test_entities_are_decoded():
    assert html_to_text("<p>A &amp; B &lt;c&gt; &eacute;t&eacute; &#8364;5&nbsp;net</p>") == "A & B <c> été €5 net"


def test_br_and_block_elements_become_line_breaks():
    assert html_to_text("<div>one</div><div>two<br>three</div><p>four</p>") == "one\ntwo\nthree\nfour"


def test_gmail_empty_div_and_double_br_make_one_blank_line():
    assert html_to_text("<div>a</div><div><br></div><div>b</div>") == "a\n\nb"
    assert html_to_text("a<br><br><br><br>b") == "a\n\nb"


def test_outlook_nbsp_paragraph_is_a_blank_line():
    html = '<p class="MsoNormal">a<o:p></o:p></p><p class="MsoNormal"><o:p>&nbsp;</o:p></p><p>b</p>'
    assert html_to_text(html) == "a\n\nb"


def test_source_whitespace_is_collapsed():
    assert html_to_text("<p>one\n   two\t three</p>\n\n\n<p>four</p>") == "one two three\nfour"


def test_list_items_are_readable():
    assert html_to_text("<ul><li>alpha</li><li>beta</li></ul>") == "- alpha\n- beta"


def test_table_rows_are_lines_and_cells_stay_on_their_row():
    html = "<table><tr><td>Name:</td><td>Ann</td></tr><tr><td>Phone:</td><td>123</td></tr></table>"
    assert html_to_text(html) == "Name: Ann\nPhone: 123"


def test_blockquotes_are_prefixed_per_level():
    html = "<p>new</p><blockquote>old<blockquote>older</blockquote></blockquote>"
    assert html_to_text(html) == "new\n> old\n>> older"


INDENT = '<blockquote style="margin:0 0 0 40px;border:none;padding:0px">'  # Gmail's indent button


def test_an_indent_made_with_the_gmail_or_apple_mail_button_is_the_senders_text():
    html = ('<div dir="ltr">Hi Tom,<div><br></div><div>Here are the problems:</div>' + INDENT
            + "<div>1. The export is empty every night.</div><div>2. The dashboard totals are wrong.</div>"
            "</blockquote><div><br></div><div>Please fix by Friday.</div></div>")
    text, quoted = split_reply_parts(html, html=True)[:2]
    assert text == ("Hi Tom,\n\nHere are the problems:\n1. The export is empty every night.\n"
                    "2. The dashboard totals are wrong.\n\nPlease fix by Friday.")
    assert quoted == ""
    apple = html.replace(INDENT, '<blockquote style="margin: 0 0 0 40px; border: none; padding: 0px;">')
    assert split_reply_parts(apple, html=True)[0] == text


def test_an_indent_inside_a_real_quote_leaves_the_quote_whole():
    html = ('<p>new</p><blockquote style="border:none;border-left:solid #CCCCCC 1.0pt;padding:0 0 0 6pt">'
            "old" + INDENT + "indented old</blockquote>still old</blockquote><p>after</p>")
    assert html_to_text(html) == "new\n> old\n> indented old\n> still old\nafter"


def test_pre_keeps_its_line_breaks():
    assert html_to_text("<pre>a\nb\n\nc</pre>") == "a\nb\n\nc"


def test_empty_and_broken_html_give_text_without_raising():
    assert html_to_text("") == ""
    assert html_to_text("<div><p>unclosed <b>bold") == "unclosed bold"
    assert html_to_text("plain text, no tags") == "plain text, no tags"
