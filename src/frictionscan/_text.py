"""Text from mail made safe to print or draw: one definition of the characters never shown raw.

C0/C1 controls (ESC starts terminal escape sequences, BEL, CR...) and the bidi controls that make
a name read differently from what it is. File names and error messages are *escaped*
(:func:`escape_unsafe`: the user sees exactly what is there); message text in explanations, alert
reasons and plot labels has them *dropped* (:func:`drop_unsafe`: the words stay readable).
Ordinary whitespace and non-breaking spaces are kept by both.
"""

from __future__ import annotations

import re

__all__ = ["UNSAFE_CHARS", "drop_unsafe", "escape_unsafe", "one_line", "show_unsafe", "utf8_text",
           "valid_text"]

UNSAFE_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_WITH_NEWLINES = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def escape_unsafe(text: object, *, keep_newlines: bool = False) -> str:
    r"""``text`` with control and bidi characters shown as escapes (tabs and newlines too, unless
    ``keep_newlines``).

    >>> escape_unsafe("a\x1b]0;pwned\x07.eml")
    'a\\x1b]0;pwned\\x07.eml'
    >>> escape_unsafe("invoice\u202egpj.eml")
    'invoice\\u202egpj.eml'
    """
    if keep_newlines:
        return "\n".join(_UNSAFE_WITH_NEWLINES.sub(_escape_char, line) for line in str(text).split("\n"))
    return _UNSAFE_WITH_NEWLINES.sub(_escape_char, str(text))


def _escape_char(m: re.Match[str]) -> str:
    """One matched character as its Python escape: ``\\x1b``, ``\\u202e``."""
    c = ord(m.group())
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


#: what :func:`show_unsafe` makes visible: the C0/C1 controls but tab, line feed and carriage
#: return, and the bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) that
#: reorder what follows them. The bidi *marks* (U+200E, U+200F, U+061C) stay: they reorder nothing
#: by themselves and are common in right-to-left mail.
_UNSAFE_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def show_unsafe(text: str) -> str:
    r"""``text`` with control characters and bidi overrides/isolates written as visible escapes
    (``\u202e``, ``\x1b``, ``\x00``), tabs and line breaks kept: for text shown in HTML, where a
    U+202E in an account name would display "Acme <U+202E>DTL" as "Acme LTD". Each character
    becomes its own escape, so slicing ``text`` first and escaping the pieces gives the same result.

    >>> show_unsafe("Acme \u202eDTL\u202c\tx\x1b[0m\r\n")
    'Acme \\u202eDTL\\u202c\tx\\x1b[0m\r\n'
    """
    return _UNSAFE_IN_TEXT.sub(_escape_char, text)


def drop_unsafe(text: object) -> str:
    """``text`` without control and bidi characters (tabs and newlines are kept).

    >>> drop_unsafe("broken \\x1b[31magain\\x1b[0m, \\u202eevil\\u202c, a\\xa0b")
    'broken [31magain[0m, evil, a\\xa0b'
    """
    return UNSAFE_CHARS.sub("", str(text))


_UNSAFE_OR_BREAK = re.compile(f"{UNSAFE_CHARS.pattern}|[\t\n]")


def one_line(text: str) -> str:
    r"""A header-like field (a name, a subject) from untrusted input: no control or bidi
    characters, tabs and line breaks as blanks, blanks collapsed. Unchanged (the same object)
    when there is nothing to clean, which is almost always.

    >>> one_line("Ann\x00 Lee\u202e"), one_line("Invoice\t\x9b31m  overdue")
    ('Ann Lee', 'Invoice 31m overdue')
    """
    return " ".join(drop_unsafe(text).split()) if _UNSAFE_OR_BREAK.search(text) else text


def valid_text(text: str) -> str:
    r"""``text`` as valid Unicode: lone surrogates (raw bytes a decoder kept with
    ``surrogateescape``, or a stray half of a pair) would crash every UTF-8 writer (pyarrow, CSV,
    the model's vectoriser). Escaped UTF-8 bytes are decoded as UTF-8; anything else becomes U+FFFD.

    >>> valid_text("ann@client.com\udcc2\udca0"), valid_text("upset \ud800 here"), valid_text("café")
    ('ann@client.com\xa0', 'upset \ufffd here', 'café')
    """
    if text.isascii():
        return text
    fixed = utf8_text(text, "replace")
    if fixed is None:  # a surrogate that is no escaped byte
        return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
    return fixed


def utf8_text(text: str, errors: str) -> str | None:
    r"""``text`` itself when a UTF-8 writer takes it; else with the raw bytes a decoder kept as lone
    surrogates (``surrogateescape``) decoded as UTF-8, ``errors`` saying what becomes of bytes that
    are not; None when a surrogate is no such byte (the caller decides). The one decoding step of
    :func:`valid_text` and the readers' ``printable_path``.

    >>> utf8_text("caf\udce9", "backslashreplace"), utf8_text("ok", "replace"), utf8_text("\ud800", "replace")
    ('caf\\xe9', 'ok', None)
    """
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", errors)
    except UnicodeEncodeError:
        return None
