"""Bytes -> text for email bodies and headers: honour the declared charset, repair it when it lies.

Mail in the wild is often mislabelled: UTF-8 bodies declared ``iso-8859-1``, Windows-1252 "smart quotes"
declared ``iso-8859-1`` or ``utf-8``, made-up labels (``x-unknown``, ``utf8mb4``), no label at all. The
rules, cheapest first:

1. pure ASCII bytes are ASCII, unless the label names a 7-bit codec that shifts with escapes
   (ISO-2022-JP/KR, UTF-7, HZ) or a UTF-16/32 one (English text in UTF-16 is ASCII bytes and NULs),
   or the bytes carry ISO-2022-JP's shift-in;
2. valid UTF-8 with non-ASCII bytes is UTF-8 when the label is missing or from the Latin-1/ASCII
   family (a Latin-1 text is almost never valid UTF-8 by chance);
3. Latin-1 labels are read as Windows-1252 (its superset, as browsers do); Latin-9 (iso-8859-15)
   labels with its own codec, unless the bytes hold Windows-1252's 0x80-0x9F (then Windows-1252);
4. any other label is decoded strictly with that codec (or a superset, e.g. gb2312 -> gb18030);
5. when the label is unknown or strict decoding fails, Windows-1252 if that reads as Western text
   (see ``_mostly_ascii_letters``), else ``charset-normalizer`` guesses;
6. as a last resort, Windows-1252/UTF-8 with replacement characters (never an exception).

Finally, text that is UTF-8 read as Windows-1252 ("CafÃ©") is repaired when that is reversible.
A UTF-8 byte-order mark opening the bytes is dropped (it is no text).

>>> decode_bytes("Café".encode("utf-8"), "iso-8859-1")
'Café'
>>> decode_bytes("Café".encode("cp1252"), "utf-8")
'Café'
>>> decode_bytes(b"\\x93quoted\\x94", "iso-8859-1")
'“quoted”'
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import re

__all__ = ["decode_bytes", "repair_mojibake"]

#: Latin-9 labels: read with the iso-8859-15 codec ("€" is 0xA4, "œ" 0xBD where Latin-1 has "¤", "½"),
#: unless the bytes hold Windows-1252's 0x80-0x9F (curly quotes, "–"), which Latin-9 has not: then
#: the label lies and Windows-1252 is read, as for a Latin-1 label
_LATIN9 = frozenset({"iso-8859-15", "iso8859-15", "iso_8859-15", "latin-9", "latin9", "l9",
                     "csisolatin9", "iso8859_15"})
_C1_BYTES = re.compile(rb"[\x80-\x9f]")
_LATIN = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "iso_8859-1", "cp1252",
                    "windows-1252", "us-ascii", "ascii",
                    "ansi_x3.4-1968", "cp819", "ibm819", "x-user-defined"}) | _LATIN9
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "euc-cn": "gb18030", "x-gbk": "gb18030",
              "ks_c_5601-1987": "cp949", "euc-kr": "cp949", "shift_jis": "cp932",
              "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932",
              "iso-8859-8-i": "iso-8859-8", "iso-8859-6-i": "iso-8859-6", "tis-620": "cp874",
              "iso-8859-11": "cp874", "utf8": "utf-8", "utf8mb4": "utf-8", "unicode-1-1-utf-8": "utf-8",
              "x-unicode20utf8": "utf-8", "iso-8859-9": "cp1254"}
_MOJIBAKE = re.compile("[ÂÃ][\u0080-\u00bf\u2018-\u203a\u0152-\u0178\u02c6\u02dc\u20ac\u2122]|â€")


def _norm_label(charset: str | None) -> str | None:
    if not charset:
        return None
    if isinstance(charset, str):
        hit = _LABELS.get(charset, _MISSING)
        if hit is _MISSING:
            hit = _norm_label_uncached(charset)
            if len(_LABELS) > 1_000:
                _LABELS.clear()
            _LABELS[charset] = hit
        return hit  # type: ignore[return-value]
    return _norm_label_uncached(charset)


_LABELS: dict[str, str | None] = {}
_MISSING = object()


def _norm_label_uncached(charset: object) -> str | None:
    # a charset name is ASCII: a stray zero-width space or a raw byte in the header ("utf-8" + U+200B,
    # "\xe9") is dropped, so the label reads as the name it was meant to be, or as no label at all,
    # not as an error that costs the whole message
    label = "".join(ch for ch in str(charset) if ch.isascii() and ch.isprintable())
    label = label.strip().strip('"\'').lower()
    if not label or label in ("unknown-8bit", "unknown", "x-unknown", "default", "charset"):
        return None
    return _SUPERSETS.get(label, label)


def _guess(data: bytes) -> str | None:
    """charset-normalizer's best guess, ignoring UTF-16/32 (never right for a mail body part)."""
    try:
        from charset_normalizer import from_bytes

        for match in from_bytes(data[:65536]):
            if not match.encoding.startswith(("utf_16", "utf_32")):
                return str(match.encoding)
    except Exception:  # pragma: no cover - the detector must never break decoding
        return None
    return None


#: C1 control characters: what bytes undefined in Windows-1252 (0x81, 0x8D, 0x8F, 0x90, 0x9D) become
#: through the Latin-1 fallback; no Western text holds them (Shift-JIS lead bytes do)
_C1_CHARS = re.compile("[\u0080-\u009f]")
#: a word of a text read as Windows-1252: letters, and the non-ASCII characters among them
_WORDISH = re.compile(r"[^\s!-@\[-`{-~]+")
#: what a Western word holds besides ASCII letters: no run of three accented letters, no symbol
#: between letters ("Za¿ó³æ" is Polish cp1250 read as cp1252) but an apostrophe or a middle dot
_NOT_WESTERN_WORD = re.compile("[^\\x00-\\x7f]{3}|(?<=[^\\W\\d_])[^\\w\\s\u2019\u00b7](?=[^\\W\\d_])")


def _mostly_ascii_letters(text: str) -> bool:
    """True for Western text: no C1 control characters, and accented letters are a minority among
    letters, or (short text, where a few accented letters tip that count: "Très déçu", "Größe",
    "Zoë") every word with an accented letter also has ASCII letters, no run of three accented
    letters and no symbol between letters. Cyrillic, Greek or Hebrew read as cp1252 give words of
    accented letters only ("Ïðèâåò"); Shift-JIS gives C1 controls; Polish cp1250 symbols inside
    words ("Za¿ó³æ")."""
    if _C1_CHARS.search(text) is not None:
        return False
    letters = non_ascii = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            if ord(ch) > 127:
                non_ascii += 1
    if letters == 0:
        return False
    if non_ascii <= 0.3 * letters:
        return True
    for word in _WORDISH.findall(text):
        if word.isascii():
            continue
        if not any(("a" <= ch <= "z") or ("A" <= ch <= "Z") for ch in word) and len(word) > 1:
            return False
        if _NOT_WESTERN_WORD.search(word) is not None:
            return False
    return True


def _cp1252(data: bytes) -> str:
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d are undefined in cp1252
        return data.decode("latin-1")


#: codecs whose ASCII-range bytes are not ASCII text: the 7-bit ones that shift with escapes, and
#: UTF-16/32 ("T\x00h\x00e\x00" is "The" in UTF-16-LE)
_SEVEN_BIT = ("iso2022_", "utf-7", "utf_7", "hz", "utf_16", "utf-16", "utf_32", "utf-32")


@functools.lru_cache(maxsize=256)
def _is_seven_bit(label: str) -> bool:
    try:
        return codecs.lookup(label).name.startswith(_SEVEN_BIT)
    except LookupError:
        return False


def _seven_bit_codec(label: str | None, data: bytes) -> str | None:
    """The codec for ASCII-only bytes that are not ASCII text: ISO-2022-JP (Japanese mail's standard
    charset), ISO-2022-KR, UTF-7 and HZ shift in and out with escape sequences of ASCII bytes, so rule 1
    must not read them as ASCII. A label naming one of them decides; otherwise bytes carrying
    ISO-2022-JP's shift-in (``ESC $ B``/``ESC $ @``) are read as ISO-2022-JP, whatever the label.

    >>> _seven_bit_codec("iso-2022-jp", b"x"), _seven_bit_codec("us-ascii", b"\\x1b$B@A\\x1b(B")
    ('iso-2022-jp', 'iso2022_jp')
    >>> _seven_bit_codec("utf-8", b"a + b") is None
    True
    >>> _seven_bit_codec("utf-16le", b"O\\x00K\\x00")  # UTF-16/32 too: its ASCII is ASCII and NULs
    'utf-16le'
    >>> _seven_bit_codec("utf-16le", b"OK") is None  # mislabelled: no NUL, so plain ASCII
    True
    """
    if label is not None and _is_seven_bit(label):
        # (a UTF-16/32 label on ASCII bytes with no NUL lies: such bytes are ASCII text)
        return label if b"\x00" in data or not label.startswith("utf") else None
    if b"\x1b" in data and (b"\x1b$B" in data or b"\x1b$@" in data):  # also when labelled "us-ascii"
        return "iso2022_jp"
    return None


def decode_bytes(data: bytes, charset: str | None = None) -> str:
    """Decode ``data`` declared as ``charset`` (may be None, wrong or unknown); never raises.

    Parameters
    ----------
    data : bytes
        Raw bytes of a body part or header word.
    charset : str or None
        The declared charset label, if any.

    Returns
    -------
    str
        The text, repaired when the label was missing or wrong.

    Examples
    --------
    >>> decode_bytes(b"caf\\xe9", None)
    'café'
    >>> decode_bytes("Привет".encode("koi8-r"), "koi8-r")
    'Привет'
    """
    if data[:3] == b"\xef\xbb\xbf":  # a UTF-8 byte-order mark opening the part: no text
        data = data[3:]
    if data.isascii():
        seven_bit = _seven_bit_codec(_norm_label(charset), data)  # a 7-bit stateful codec?
        if seven_bit:
            with contextlib.suppress(UnicodeDecodeError):
                return data.decode(seven_bit)
        return data.decode("ascii")
    label = _norm_label(charset)
    if label is not None and label not in _LATIN and label != "utf-8":
        # a specific label is trusted when Python knows it and it decodes these bytes; an unknown
        # label, a wrong one, or one naming a non-text codec (rot13, hex...) falls through to repair
        with contextlib.suppress(Exception):
            codecs.lookup(label)
            return data.decode(label)
    try:
        return repair_mojibake(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    if label in _LATIN9 and _C1_BYTES.search(data) is None:
        return data.decode("iso-8859-15")
    western = _cp1252(data)
    if label in _LATIN or _mostly_ascii_letters(western):
        return western
    guessed = _guess(data)
    if guessed:
        with contextlib.suppress(Exception):
            return data.decode(guessed)
    return western


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 text that was decoded as Windows-1252 ("CafÃ©" -> "Café") when that is reversible.

    >>> repair_mojibake("CafÃ© â€“ menu")
    'Café – menu'
    >>> repair_mojibake("São Paulo")
    'São Paulo'
    """
    if "Ã" not in text and "Â" not in text and "â€" not in text:  # fast: no tell-tale lead character
        return text
    if not _MOJIBAKE.search(text):
        return text
    try:
        return text.encode("cp1252", "frictionscan-c1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def _c1_bytes(exc: UnicodeError) -> tuple[bytes, int]:
    """Encode error handler: C1 controls (left by a Latin-1 fallback) back to their byte."""
    if isinstance(exc, UnicodeEncodeError):
        chunk = exc.object[exc.start: exc.end]
        if all(0x80 <= ord(c) <= 0x9F for c in chunk):
            return chunk.encode("latin-1"), exc.end
    raise exc


codecs.register_error("frictionscan-c1", _c1_bytes)
