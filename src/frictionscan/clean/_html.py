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

from ._patterns import BREAK, HARD_CUT, MARKER_CHARS_RE, QCLOSE, QOPEN, SIG_MARK, SOFT_CUT

HBREAK = "\ue004"  # an explicit <br>: unlike block boundaries, several in a row make a blank line

_BLOCK = (
    r"p|div|h[1-6]|ul|ol|dl|table|section|article|header|footer|aside|nav|address|center|form|"
    r"fieldset|figure|figcaption|main|dt|dd|hr|pre|title"
)
_OPEN_RE = re.compile(r"<(?:" + _BLOCK + r")\b[^>]*>", re.I)
_CLOSE_RE = re.compile(r"</(?:" + _BLOCK + r"|li|tr)\s*>", re.I)
_CELL_RE = re.compile(r"<(?:td|th)\b[^>]*>", re.I)
_ROW_START_RE = re.compile(r"(<tr\b[^>]*>\s*<t[dh]\b[^>]*>) ", re.I)
_CAPTION_RE = re.compile(r"<caption\b[^>]*>", re.I)
_LI_RE = re.compile(r"<li\b[^>]*>", re.I)
_BR_RE = re.compile(r"<br\b[^>]*>", re.I)
_BQ_OPEN_RE = re.compile(r"<blockquote\b[^>]*>", re.I)
_BQ_CLOSE_RE = re.compile(r"</blockquote\s*>", re.I)
_PRE_RE = re.compile(r"<pre\b[^>]*>.*?</pre\s*>", re.I | re.S)
_NL_RE = re.compile(r"\r\n?|\n")

_ATTR = r"\b(?:id|class)\s*=\s*[\"']?[^\"'>]*?"
# containers that hold nothing but history: cut everything from here on
_HARD_CONTAINER_RE = re.compile(
    r"<(?:div|hr|span|table|p|blockquote|section)\b[^>]*?"
    + _ATTR
    + r"(?:divRplyFwdMsg|appendonsend|OutlookMessageHeader|yahoo_quoted|moz-forward-container|"
    r"stopSpelling|zmail_extra|x_divRplyFwdMsg|x_appendonsend|mail-editor-reference-message)",
    re.I,
)
# containers that start the history but may hold the sender's inline answers
_SOFT_CONTAINER_RE = re.compile(
    r"<(?:div|blockquote)\b[^>]*?" + _ATTR + r"(?:gmail_quote|moz-cite-prefix)",
    re.I,
)
_SIG_CONTAINER_RE = re.compile(
    r"<(?:div|pre|span|table)\b[^>]*?"
    + _ATTR
    + r"(?:gmail_signature|moz-signature|ms-outlook-mobile-signature|\bSignature\b|"
    r"x_Signature|yahoo-signature|apple-signature)",
    re.I,
)
_WS_RE = re.compile(r"[ \t\r\n\f\v\u2000-\u200a\u202f\u205f\u3000]+")
_ZW_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_BREAKS_RE = re.compile("[ \xa0]*(?:[" + BREAK + HBREAK + "][ \xa0]*)+")
_EMPTY_BLOCK_RE = re.compile("[" + BREAK + HBREAK + "] ?\xa0[ \xa0]*[" + BREAK + HBREAK + "]")
_QSPLIT_RE = re.compile("([" + QOPEN + QCLOSE + "])")
_BLANK_RUN_RE = re.compile(r"\n{3,}")
_CUT_ISOLATE_RE = re.compile("[ \t]*([" + SOFT_CUT + HARD_CUT + "])[ \t]*")
_DASH_ONLY_RE = re.compile(r"^- *\n(?=\S)", re.M)


def _pre_to_breaks(m: re.Match[str]) -> str:
    return _NL_RE.sub(HBREAK, m.group(0))


def render(html: str, *, markers: bool) -> str:
    """Render ``html`` to text; with ``markers`` keep cut/signature markers as their own lines."""
    if MARKER_CHARS_RE.search(html):
        html = MARKER_CHARS_RE.sub("", html)
    if markers:
        m = _HARD_CONTAINER_RE.search(html)
        if m:
            html = html[: m.start()] + f"{BREAK}{HARD_CUT}{BREAK}" + html[m.start() :]
        m = _SOFT_CONTAINER_RE.search(html)
        if m:
            html = html[: m.start()] + f"{BREAK}{SOFT_CUT}{BREAK}" + html[m.start() :]
        m = _SIG_CONTAINER_RE.search(html)
        if m:
            html = html[: m.start()] + f"{BREAK}{SIG_MARK}{BREAK}" + html[m.start() :]
    if "<pre" in html or "<PRE" in html:
        html = _PRE_RE.sub(_pre_to_breaks, html)
    html = _BR_RE.sub(HBREAK, html)
    html = _BQ_OPEN_RE.sub(BREAK + QOPEN + r"\g<0>", html)
    html = _BQ_CLOSE_RE.sub(r"\g<0>" + QCLOSE + BREAK, html)
    html = _OPEN_RE.sub(BREAK + r"\g<0>", html)
    html = _CLOSE_RE.sub(r"\g<0>" + BREAK, html)
    html = _LI_RE.sub(r"\g<0>" + BREAK + "- ", html)
    if "<t" in html or "<T" in html:
        # cells of one row on one line, each row on its own line (markers stay inside cells so the
        # HTML5 parser never moves them out of the table)
        html = _CELL_RE.sub(r"\g<0> ", html)
        html = _ROW_START_RE.sub(r"\g<1>" + BREAK, html)
        html = _CAPTION_RE.sub(r"\g<0>" + BREAK, html)
    tree = LexborHTMLParser(html)
    tree.strip_tags(["script", "style", "head", "noscript", "template", "title"])
    root = tree.body if tree.body is not None else tree.root
    if root is None:
        return ""
    text = root.text(deep=True, separator="", strip=False)
    if _ZW_RE.search(text):
        text = _ZW_RE.sub("", text)
    text = _WS_RE.sub(" ", text)
    text = _BREAKS_RE.sub(_break_run, text)
    if "\xa0" in text:
        text = text.replace("\xa0", " ")
    if QOPEN in text or QCLOSE in text:
        text = _apply_quote_depth(text)
    lines = [ln.strip() for ln in text.split("\n")]
    text = "\n".join(lines)
    text = _DASH_ONLY_RE.sub("- ", text)
    text = _BLANK_RUN_RE.sub("\n\n", text).strip("\n")
    if markers:
        if SOFT_CUT in text or HARD_CUT in text:  # each cut marker alone on its line
            text = _CUT_ISOLATE_RE.sub("\n\\1\n", text)
            text = _BLANK_RUN_RE.sub("\n\n", text).strip("\n")
        if SIG_MARK in text:
            text = text.replace(SIG_MARK, "-- ")
    elif SOFT_CUT in text or HARD_CUT in text:
        text = text.replace(SOFT_CUT, "").replace(HARD_CUT, "")
    return text


def _break_run(m: re.Match[str]) -> str:
    run = m.group(0)
    n = run.count(HBREAK) + (BREAK in run)
    if n < 2 and "\xa0" in run and _EMPTY_BLOCK_RE.search(run):
        n += 1
    return "\n\n" if n >= 2 else "\n"


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
            out.append("\n".join(prefix + ln.strip() if ln.strip() else ln for ln in part.split("\n")))
        else:
            out.append(part)
    return "".join(out)
