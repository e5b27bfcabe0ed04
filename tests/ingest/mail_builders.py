"""Raw e-mail builders shared by the ingest tests (one MIME template, one fallback-parser view)."""

from __future__ import annotations

from collections.abc import Callable

import frictionscan as fs
from frictionscan.ingest import email as em


def alternative(msg: Callable[[str, str], bytes], plain: str, html: str, *, plain_headers: str = "",
                html_headers: str = "") -> bytes:
    """A multipart/alternative message built by ``msg(headers, body)``: a UTF-8 plain part and an
    HTML part, each with extra part headers (lines ending in a newline)."""
    return msg('MIME-Version: 1.0\nContent-Type: multipart/alternative; boundary="b"\n',
               f'--b\nContent-Type: text/plain; charset="utf-8"\n{plain_headers}\n{plain}\n'
               f'--b\nContent-Type: text/html; charset="utf-8"\n{html_headers}\n{html}\n--b--\n')


def std_body(raw: bytes) -> str:
    """The body the standard-library fallback parser picks (it must agree with the fast path)."""
    parsed = em._std_parse(raw, 1 << 20)
    return parsed.body if not parsed.is_html else fs.clean.html_to_text(parsed.body)
