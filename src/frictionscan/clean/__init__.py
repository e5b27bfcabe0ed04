"""Clean stage: one raw message body -> what the sender newly wrote.

PLACEHOLDER interface (being replaced by the full implementation): ``split_reply`` returns
``(text, quoted_text)``; ``extract_reply`` returns only ``text``; ``html_to_text`` renders HTML.
"""

from __future__ import annotations

import re

__all__ = ["extract_reply", "html_to_text", "split_reply"]

_QUOTE_START = re.compile(r"^(>|On .+ wrote:\s*$|-----Original Message-----)", re.M)


def html_to_text(html: str) -> str:
    """Readable text of an HTML body."""
    from selectolax.parser import HTMLParser

    tree = HTMLParser(html)
    for node in tree.css("script, style"):
        node.decompose()
    return tree.body.text(separator="\n") if tree.body else ""


def split_reply(body: str, *, html: bool = False, sender: str | None = None) -> tuple[str, str]:
    """``(text, quoted_text)``: the sender's new words and the quoted history removed from them."""
    if html:
        body = html_to_text(body)
    m = _QUOTE_START.search(body)
    if not m:
        return body.strip(), ""
    return body[: m.start()].strip(), body[m.start():].strip()


def extract_reply(body: str, *, html: bool = False, sender: str | None = None) -> str:
    """What the sender newly wrote in one message body."""
    return split_reply(body, html=html, sender=sender)[0]
