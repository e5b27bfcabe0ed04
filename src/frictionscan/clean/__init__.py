"""Clean stage: one raw message body -> what the sender newly wrote.

* :func:`split_reply` returns ``(text, quoted_text)``: the sender's new words, and the quoted or
  forwarded history that was removed from them (kept as data for later stages).
* :func:`extract_reply` returns only ``text`` (public as ``frictionscan.extract_reply``).
* :func:`html_to_text` renders an HTML body as readable text.

Signatures, "Sent from my iPhone" lines, closings ("Best regards," and the name/title/phone block
after it), external-sender banners and legal disclaimers are **dropped**: they are neither the
sender's words nor history. :func:`split_reply_parts` exposes them as a third string for
inspection. :func:`out_of_office` tells an auto-reply known only by its text. See ``docs/cleaning.md`` for every rule and the languages covered.
"""

from __future__ import annotations

import re

from . import _patterns as P
from ._autoreply import out_of_office
from ._html import render as _render
from ._reply import is_stable, normalise_newlines, sender_names, split_lines

__all__ = ["drop_controls", "extract_reply", "html_to_text", "out_of_office", "split_reply",
           "split_reply_parts"]

_FIXPOINT_ROUNDS = 3


def drop_controls(text: str) -> str:
    r"""``text`` without the C0 control characters that are not text: NUL, BEL, ESC and the rest
    but tab, line feed, carriage return and form feed; a vertical tab (a line break inside a
    paragraph, from Word) becomes a space, so the words around it stay apart without cutting a
    quoted line in two. The same object when there is nothing to drop, which is almost always.

    Every body :func:`split_reply` cleans goes through it first, and so does the ``text`` of every
    row the ingest stage makes (transcripts and error rows are never split into reply and history).

    >>> drop_controls("late\x00 again\x1b[0m\tline\x0bnext\x0cpage")
    'late again[0m\tline next\x0cpage'
    """
    return _drop_controls(text, P.CONTROL_CHARS_RE)


def _drop_controls(text: str, pattern: re.Pattern[str]) -> str:
    if "\x0b" in text:
        text = text.replace("\x0b", " ")
    return pattern.sub("", text) if pattern.search(text) else text


def html_to_text(html: str) -> str:
    """Readable text of an HTML body.

    Scripts, styles and the head are dropped, entities decoded, block elements and ``<br>`` become
    line breaks, list items start with ``- ``, each table row is one line (its cells separated by spaces), ``<blockquote>``
    content is prefixed with ``> `` (one ``>`` per nesting level) and runs of blank lines collapse
    to one.

    Parameters
    ----------
    html : str
        An HTML document or fragment (untrusted; never executed).

    Returns
    -------
    str
        The text, without leading/trailing blank lines.

    Examples
    --------
    >>> html_to_text("<p>Hi&nbsp;Anna,</p><ul><li>one</li><li>two</li></ul><script>x()</script>")
    'Hi Anna,\\n- one\\n- two'
    """
    if not isinstance(html, str) or not html:
        return ""
    try:
        return _render(html, markers=False)
    except Exception:  # pragma: no cover - selectolax is robust; never let one body stop a batch
        return P.MARKER_CHARS_RE.sub("", html).strip()


def split_reply_parts(
    body: str, *, html: bool = False, sender: str | None = None
) -> tuple[str, str, str]:
    """``(text, quoted_text, dropped)``: like :func:`split_reply`, plus the dropped signature lines.

    ``dropped`` holds the signature, closing, "Sent from my ..." line, banner and disclaimer lines.
    Every word of the (rendered) body is in exactly one of the three parts.

    Examples
    --------
    >>> split_reply_parts("Fine by me.\\n\\nCheers,\\nTom\\n\\nOn Mon, 3 Mar 2025, Ann wrote:\\n> Ok?")
    ('Fine by me.', 'On Mon, 3 Mar 2025, Ann wrote:\\n> Ok?', 'Cheers,\\nTom')
    """
    if body is None:
        return "", "", ""
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    elif not isinstance(body, str):
        body = str(body)
    try:
        if html:  # (after rendering: an entity such as &#0; is a control character too)
            body = _drop_controls(_render(body, markers=True), P.CONTROL_BUT_CUTS_RE)
        else:
            body = drop_controls(normalise_newlines(body))  # (the cut markers too: no forging)
        names = sender_names(sender) if sender else frozenset()
        text, quoted, dropped, settled = split_lines(body, names)
        # make the result a fixed point: extract_reply(extract_reply(x)) == extract_reply(x)
        for _ in range(_FIXPOINT_ROUNDS):
            if settled and is_stable(text):
                break
            t2, q2, d2, settled = split_lines(text, names)
            if t2 == text:
                break
            text = t2
            quoted = _join(q2, quoted)
            dropped = _join(dropped, d2)
        if html:
            text = P.MARKER_CHARS_RE.sub("", text)
            quoted = quoted.replace(P.SOFT_CUT, "").replace(P.HARD_CUT, "").strip("\n")
        return text, quoted, dropped
    except Exception:  # pragma: no cover - defensive: one odd body must never stop a batch
        return P.MARKER_CHARS_RE.sub("", body).strip(), "", ""


def _join(a: str, b: str) -> str:
    return f"{a}\n{b}" if a and b else a or b


def split_reply(body: str, *, html: bool = False, sender: str | None = None) -> tuple[str, str]:
    """Split one message body into the sender's new text and the quoted history.

    Parameters
    ----------
    body : str
        The decoded body (plain text, or HTML when ``html=True``). Never raises on any string.
    html : bool, default False
        Render ``body`` as HTML first; reply containers (``gmail_quote``, ``blockquote``,
        Outlook ``divRplyFwdMsg``/``appendonsend``, Yahoo, Thunderbird) are recognised.
    sender : str, optional
        Sender address or ``"Name <addr>"``; a line with the sender's name near the end then
        starts the signature even without a closing.

    Returns
    -------
    tuple of (str, str)
        ``(text, quoted_text)``. ``quoted_text`` keeps quoted lines as they were (``>`` prefixes
        included), attribution lines, Outlook header blocks and forwarded content. Signatures and
        disclaimers are in neither (see :func:`split_reply_parts`).

    Examples
    --------
    >>> text, quoted = split_reply("Yes, Friday works.\\n\\nOn Tue, 4 Mar 2025 at 09:10, Ann <ann@x.io> wrote:\\n> Friday?")
    >>> text
    'Yes, Friday works.'
    >>> quoted
    'On Tue, 4 Mar 2025 at 09:10, Ann <ann@x.io> wrote:\\n> Friday?'
    """
    text, quoted, _ = split_reply_parts(body, html=html, sender=sender)
    return text, quoted


def extract_reply(body: str, *, html: bool = False, sender: str | None = None) -> str:
    """What the sender newly wrote in one message body.

    Quoted history, forwarded content, signature, closing and disclaimers removed; see
    :func:`split_reply` for the parameters.

    Examples
    --------
    >>> extract_reply("Sounds good.\\n\\nSent from my iPhone\\n\\n> Shall we ship today?")
    'Sounds good.'
    >>> extract_reply("<div>Danke!</div><div class='gmail_quote'>Am Mo., 3. März 2025 schrieb Ann:"
    ...               "<blockquote>Passt das?</blockquote></div>", html=True)
    'Danke!'
    """
    return split_reply_parts(body, html=html, sender=sender)[0]
