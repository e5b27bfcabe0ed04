"""html_to_text on deeply nested HTML: every level's text is kept (``benchmarks/bench_hostile.py``
measures that reading stays near-linear).

The HTML5 parser walks its stack of open elements at many tags, so N nested elements cost N^2;
a hostile 1 MB body of nested <div>s took 23 s. Elements nested deeper than
``_html.MAX_NESTING`` are unwrapped (tags dropped, text and line breaks kept).
"""

from __future__ import annotations

from frictionscan.clean import html_to_text
from frictionscan.clean._html import MAX_NESTING, _cap_nesting


def test_sixty_thousand_nested_divs_keep_every_level_on_its_own_line():
    n = 60_000
    html = "<html><body>" + "".join(f"<div>L{i} " for i in range(n)) + "deep text" + "</div>" * n + "</body></html>"
    text = html_to_text(html)
    lines = text.split("\n")
    assert lines[0] == "L0" and lines[-1] == f"L{n - 1} deep text"
    assert len(lines) == n


def test_text_after_the_deep_part_closes_is_still_a_separate_block():
    n = 3 * MAX_NESTING
    html = "<div>top</div>" + "<div><span>x</span>" * n + "</div>" * n + "<p>after</p><div>last</div>"
    text = html_to_text(html)
    assert text.startswith("top\nx\n") and text.endswith("x\nafter\nlast")
    assert text.count("x") == n


def test_quote_levels_beyond_the_limit_keep_their_prefixes():
    n = MAX_NESTING + 200
    html = "<p>mine</p>" + "<blockquote>q" * n + "</blockquote>" * n + "<p>end</p>"
    lines = html_to_text(html).split("\n")
    assert lines[0] == "mine" and lines[-1] == "end"
    assert ">" * n + " q" in lines  # the innermost quote still knows its depth


def test_html_within_the_limit_is_not_touched():
    nested = "<table><tr><td>" + "<div><p>p<br>b</p><ul><li>i</ul>" * (MAX_NESTING // 2) + "</td></tr></table>"
    flat = "".join(f"<p>para {i} <b>bold</b> <img src=x><a href='y'>link</a></p>" for i in range(5000))
    for html in (nested, flat):
        assert _cap_nesting(html) == html


def test_past_the_limit_only_the_deeper_tags_go():
    html = "<div>" * 5 + "t" + "</div>" * 5
    assert _cap_nesting(html, limit=3) == "<div>" * 3 + "t" + "</div>" * 3
    assert _cap_nesting("<b><i><u>a</u></i></b><b>c</b>", limit=2) == "<b><i>a</i></b><b>c</b>"
