"""HTML body -> readable text, with optional structure markers for the reply splitter.

The renderer works in three fast steps instead of walking the DOM in Python:

1. a few precompiled ``re.sub`` passes put private-use marker characters next to block tags in the
   source (before opening tags, after closing tags, inside table cells so the HTML5 parser never
   moves them out of a table), and mark the start of known reply containers;
2. selectolax (lexbor) parses the document, drops scripts/styles/head and decodes entities;
3. the flat text is whitespace-collapsed and the markers become newlines and ``> `` quote prefixes.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from ._patterns import (
    BREAK,
    HARD_CUT,
    HBREAK,
    MARKER_CHARS_RE,
    NBSP,
    QCLOSE,
    QOPEN,
    SIG_MARK,
    SOFT_CUT,
)

# Every pattern starts with the literal "<" (so the regex engine jumps from tag to tag) and every
# replacement is a literal string: template replacements (``\g<0>``) and patterns that start with
# a lookahead are several times slower.
_BLOCK = (
    r"p|div|h[1-6]|ul|ol|dl|section|article|header|footer|aside|nav|address|center|form|"
    r"fieldset|figure|figcaption|main|dt|dd|hr|pre"
)
# a break before block tags, opening and closing; a marker before a closing tag is still inside
# the element. Never inside table context (the HTML5 parser would move it out of the table):
# </table> gets its marker after it, rows end with a marker inside their last cell.
_BLOCK_GROUPED = (  # the names of _BLOCK grouped by first letter: fewer branches per "<"
    r"p(?:re)?|d(?:iv|l|t|d)|h(?:[1-6r]|eader)|[uo]l|section|a(?:rticle|side|ddress)|"
    r"f(?:ooter|orm|ieldset|igure|igcaption)|nav|center|main"
)
_BLOCK_RE = re.compile(r"<(?=/?(?:" + _BLOCK_GROUPED + r")\b|table\b|/li\b)", re.I)
_TABLE_CLOSE_RE = re.compile(r"</table\s*>", re.I)
_ROW_END_RE = re.compile(r"<(?=/t[dh]\s*>\s*</tr\s*>)", re.I)
_CELL_END_RE = re.compile(r"<(?=/t[dh]\s*>)", re.I)
_LI_RE = re.compile(r"<(?=li\b)", re.I)
_BQ_OPEN_RE = re.compile(r"<(?=blockquote\b)", re.I)
_BR_RE = re.compile(r"<br\b[^<>]*>", re.I)
_BQ_CLOSE_RE = re.compile(r"</blockquote\s*>", re.I)
# Gmail's and Apple Mail's "indent" button writes <blockquote style="margin:0 0 0 40px;border:none;
# padding:0px">: an indented block of the sender's own text, not a quote. Told by a style whose border
# is none with no left border, on a blockquote with no quote class (gmail_quote) and no type=cite.
# Outlook's real quotes write "border:none;border-left:solid ...": a left border is a quote.
_BQ_TAG_RE = re.compile(r"<(/?)blockquote\b([^<>]*)>", re.I)
_BQ_NO_BORDER_RE = re.compile(r"\bborder\s*:\s*none\b", re.I)
_BQ_QUOTE_ATTR_RE = re.compile(r"\bborder-left\s*:(?!\s*none\b)|\btype\s*=\s*[\"']?cite|\bclass\s*=[^<>]*?quote",
                               re.I)


def _is_indent(attrs: str) -> bool:
    """Whether a blockquote's attributes are an editor's indent, not a quote (see _BQ_TAG_RE)."""
    return _BQ_NO_BORDER_RE.search(attrs) is not None and _BQ_QUOTE_ATTR_RE.search(attrs) is None


def _mark_blockquotes(html: str) -> str:
    """Quote markers around the blockquotes that quote, none around indents; tags paired in order."""
    stack: list[bool] = []

    def mark(m: re.Match[str]) -> str:
        if m.group(1):  # </blockquote>
            quote = stack.pop() if stack else True
            return m.group(0) + (QCLOSE + BREAK if quote else BREAK)
        quote = not _is_indent(m.group(2))
        stack.append(quote)
        return (BREAK + QOPEN if quote else BREAK) + m.group(0)

    return _BQ_TAG_RE.sub(mark, html)
# (the body stops at the next <pre, so a run of unclosed <pre> is linear, not quadratic)
_PRE_RE = re.compile(r"<pre\b[^<>]*>(?:[^<]|<(?!/?pre\b))*</pre\s*>", re.I)
_NL_RE = re.compile(r"\r\n?|\n")

# Reply containers are found by a plain substring search for their class/id, then checked to be
# inside the attributes of an allowed tag (much faster than one regex per tag).
# containers that hold nothing but history: cut everything from here on
_HARD_KEYS = (
    "divRplyFwdMsg", "appendonsend", "OutlookMessageHeader", "yahoo_quoted",
    "moz-forward-container", "stopSpelling", "zmail_extra", "mail-editor-reference-message",
)
_HARD_TAGS = frozenset({"div", "hr", "span", "table", "p", "blockquote", "section"})
# containers that start the history but may hold the sender's inline answers
_SOFT_KEYS = ("gmail_quote", "moz-cite-prefix")
_SOFT_TAGS = frozenset({"div", "blockquote"})
_SIG_KEYS = (
    "gmail_signature", "moz-signature", "ms-outlook-mobile-signature", '"Signature"',
    "'Signature'", "=Signature", '"x_Signature"', "yahoo-signature", "apple-signature",
)
_SIG_TAGS = frozenset({"div", "pre", "span", "table"})
_MAX_KEY_HITS = 64  # occurrences of one key examined (bounds the work on hostile input)
_MAX_TAG_LEN = 4096  # a class/id is looked for at most this far after its tag's "<"
_TAG_AT_RE = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)")
_ATTR_NAME_RE = re.compile(r"\b(?:id|class)\s*=", re.I)


def _find_container(html: str, keys: tuple[str, ...], tags: frozenset[str]) -> int:
    """Offset of the earliest tag (in ``tags``) whose id/class holds one of ``keys``, or -1."""
    best = -1
    for key in keys:
        pos = html.find(key)
        tries = 0
        while pos != -1 and (best == -1 or pos < best) and tries < _MAX_KEY_HITS:
            tries += 1
            lt = html.rfind("<", max(0, pos - _MAX_TAG_LEN), pos)
            if lt != -1 and html.find(">", lt, pos) == -1:
                m = _TAG_AT_RE.match(html, lt)
                if m and m.group(1).lower() in tags and _ATTR_NAME_RE.search(html, lt, pos):
                    best = lt
                    break
            pos = html.find(key, pos + 1)
    return best


_ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad")
_MARKERS = (BREAK, SOFT_CUT, SIG_MARK, HARD_CUT, HBREAK, NBSP, QOPEN, QCLOSE)
_QSPLIT_RE = re.compile("([" + QOPEN + QCLOSE + "])")


def _pre_to_breaks(m: re.Match[str]) -> str:
    return _NL_RE.sub(HBREAK, m.group(0))


# The HTML5 parser checks the whole stack of open elements at many tags, so reading N nested
# elements costs N^2 (100,000 nested <div>s took 23 s). Elements deeper than this are unwrapped:
# their tags are dropped, their text kept. Real mail (replies quoted inside replies, newsletter
# tables) is a few dozen levels deep; at this depth the parser's cost is still milliseconds.
MAX_NESTING = 1000
# elements with no content, and those a same-named start tag closes (which never stack up): they
# open no level
_FLAT = (
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup",
)
_NOT_FLAT = r"(?!(?:" + "|".join(_FLAT) + r")(?![a-zA-Z0-9:-]))"
_LEVEL_RE = re.compile(r"<(/?)" + _NOT_FLAT + r"[a-zA-Z]", re.I)  # start/end of a level (cheap scan)
# (a tag ends at the next "<" too: with "[^>]*" a run of unclosed "<a" took quadratic time)
_LEVEL_TAG_RE = re.compile(r"<(/?)" + _NOT_FLAT + r"[a-zA-Z][^<>]*>", re.I)  # the whole tag


def _too_deep(html: str, limit: int) -> bool:
    depth = 0
    for close in _LEVEL_RE.findall(html):
        if close:
            if depth:
                depth -= 1
        else:
            depth += 1
            if depth > limit:
                return True
    return False


def _cap_nesting(html: str, limit: int = MAX_NESTING) -> str:
    """``html`` with the tags of elements nested deeper than ``limit`` removed (text kept).

    Depth is counted with a plain tag scan: every start tag of an element that is not void (or
    closed by its next sibling, as <p> and <li>) opens a level, every end tag closes one; past the
    limit start tags are dropped, and as many end tags after them. The structure markers were put
    next to the tags before this runs, so block boundaries and quote levels inside the unwrapped
    part survive as line breaks and ``>``. HTML within the limit is returned unchanged.
    """
    if html.count("<") <= limit or not _too_deep(html, limit):
        return html
    depth = 0
    excess = 0

    def keep_or_drop(m: re.Match[str]) -> str:
        nonlocal depth, excess
        if m.group(1):  # an end tag
            if excess:
                excess -= 1
                return ""
            depth = max(0, depth - 1)
            return m.group(0)
        if depth >= limit:
            excess += 1
            return ""
        depth += 1
        return m.group(0)

    return _LEVEL_TAG_RE.sub(keep_or_drop, html)


def render(html: str, *, markers: bool) -> str:
    """Render ``html`` to text; with ``markers`` keep cut/signature markers as their own lines."""
    if any(c in html for c in _MARKERS):  # str.find is far faster than a char-class regex
        html = MARKER_CHARS_RE.sub("", html)
    if markers:
        # inserted from the last offset to the first so earlier offsets stay valid
        cuts = [
            (_find_container(html, _HARD_KEYS, _HARD_TAGS), HARD_CUT),
            (_find_container(html, _SOFT_KEYS, _SOFT_TAGS), SOFT_CUT),
            (_find_container(html, _SIG_KEYS, _SIG_TAGS), SIG_MARK),
        ]
        for at, mark in sorted(cuts, reverse=True):
            if at >= 0:
                html = f"{html[:at]}{BREAK}{mark}{BREAK}{html[at:]}"
    if "<pre" in html or "<PRE" in html:
        html = _PRE_RE.sub(_pre_to_breaks, html)
    html = _BR_RE.sub(HBREAK, html)
    if "<blockquote" in html or "<BLOCKQUOTE" in html or "<Blockquote" in html:
        if _BQ_NO_BORDER_RE.search(html) is not None:  # maybe an indent: pair the tags one by one
            html = _mark_blockquotes(html)
        else:
            html = _BQ_OPEN_RE.sub(BREAK + QOPEN + "<", html)
            html = _BQ_CLOSE_RE.sub("</blockquote>" + QCLOSE + BREAK, html)
    html = _BLOCK_RE.sub(BREAK + "<", html)
    html = _LI_RE.sub(BREAK + "- <", html)
    if "<t" in html or "<T" in html:
        # each table row on its own line, its cells separated by spaces
        html = _ROW_END_RE.sub(BREAK + "<", html)
        html = _CELL_END_RE.sub(" <", html)
        html = _TABLE_CLOSE_RE.sub("</table>" + BREAK, html)
    html = _cap_nesting(html)
    tree = LexborHTMLParser(html)
    tree.strip_tags(["script", "style", "head", "noscript", "template", "title"])
    root = tree.body if tree.body is not None else tree.root
    if root is None:
        return ""
    text = root.text(deep=True, separator="", strip=False)
    if not text.isascii():
        for zw in _ZERO_WIDTH:
            if zw in text:
                text = text.replace(zw, "")
        if "\xa0" in text:  # keep &nbsp; apart: a block holding only &nbsp; is a blank line
            text = text.replace("\xa0", NBSP)
    # collapse source whitespace with str.replace only (no per-word allocation, no regex)
    for ws in "\n\r\t\f\v":
        if ws in text:
            text = text.replace(ws, " ")
    while "  " in text:
        text = text.replace("    ", " ").replace("  ", " ")
    for mark in (BREAK, HBREAK, NBSP):
        if mark in text:
            text = text.replace(" " + mark, mark).replace(mark + " ", mark)
    # Break runs, with str.replace only: adjacent block boundaries are one break; what remains is
    # one newline per marker, and runs of 3+ newlines collapse to a blank line further down. So
    # "</div><div>" is a newline, and Gmail's <div><br></div>, Outlook's <p>&nbsp;</p> and
    # <br><br> are a blank line.
    if NBSP in text:
        while NBSP + NBSP in text:
            text = text.replace(NBSP + NBSP, NBSP)
        for a in (BREAK, HBREAK):
            for b in (BREAK, HBREAK):
                text = text.replace(a + NBSP + b, a + HBREAK + b)
        text = text.replace(NBSP, " ")
    while BREAK + BREAK in text:
        text = text.replace(BREAK + BREAK, BREAK)
    text = text.replace(BREAK, "\n").replace(HBREAK, "\n")
    if QOPEN in text or QCLOSE in text:
        text = _apply_quote_depth(text)
    lines = [ln.strip() for ln in text.split("\n")]
    text = "\n".join(lines)
    if "\n-\n" in text:  # a list item whose content is a block: "- " and the text on one line
        text = text.replace("\n-\n", "\n- ")
    if text.startswith("-\n"):
        text = "- " + text[2:]
    if markers:
        for mark in (SOFT_CUT, HARD_CUT):  # each cut marker alone on its line
            if mark in text:
                text = text.replace(mark, f"\n{mark}\n")
    while "\n\n\n" in text:
        text = text.replace("\n\n\n\n", "\n\n").replace("\n\n\n", "\n\n")
    text = text.strip("\n")
    if markers:
        if SIG_MARK in text:
            text = text.replace(SIG_MARK, "-- ")
    elif SOFT_CUT in text or HARD_CUT in text:
        text = text.replace(SOFT_CUT, "").replace(HARD_CUT, "")
    return text


def _apply_quote_depth(text: str) -> str:
    out: list[str] = []
    depth = 0
    for part in _QSPLIT_RE.split(text):
        if part == QOPEN:
            depth += 1
        elif part == QCLOSE:
            depth = max(0, depth - 1)
        elif depth and part:
            prefix = ">" * depth + " "
            # prefix every line of the part (str.replace, no per-line Python loop); leading and
            # trailing newlines stay unprefixed so the next part starts on a fresh line
            core = part.strip("\n")
            if core:
                lead = part[: len(part) - len(part.lstrip("\n"))]
                trail = part[len(part.rstrip("\n")):]
                out.append(lead + prefix + core.replace("\n", "\n" + prefix) + trail)
            else:
                out.append(part)
        else:
            out.append(part)
    return "".join(out)
