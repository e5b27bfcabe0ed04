"""Email readers: mbox, Maildir, single ``.eml`` and Outlook ``.msg`` -> message records.

Each reader turns a file (or a Maildir folder) into *records*: dicts keyed by the message-table columns
(:mod:`frictionscan.schemas`) plus ``references`` (the parent Message-IDs, for threading). The ingest
pipeline (:mod:`frictionscan.ingest.pipeline`) fills the rest: synthetic ids, threads, direction,
relationship, duplicates.

Parsing: well-formed mail goes through a small MIME reader of our own (one regex scan of the header
block for the dozen headers a record needs, ``binascii`` for base64 and quoted-printable, a fast
RFC 5322 date parser): about half the time of the standard library's parser alone. Anything it does not
understand (a line that is not a header, a multipart without boundary, nesting deeper than 20) falls
back to the standard library's ``email`` package with ``policy=compat32`` (about 7x faster than
``policy.default``). Both paths share our header and charset decoding
(:mod:`frictionscan.ingest.charsets`). The body is the first inline non-blank ``text/plain`` part
(all inline plain parts joined), else the HTML part, cleaned by :func:`frictionscan.clean.split_reply`
(with ``html=True`` for HTML). Attached messages (``message/rfc822``: forwarded mail) go to
``quoted_text``: they are not the sender's voice.

mbox files are streamed: :func:`iter_mbox_messages` scans for ``From `` separator lines in a buffered
binary read (no table of contents of the whole file is built), undoes ``>From `` escaping, and can
read one byte range of a file on its own. :func:`split_mbox` cuts a file into such ranges, so that
several processes can read one big mailbox in parallel.

A message that cannot be parsed never raises: it becomes a record with ``status="error"`` and an
``error`` reason.
"""

from __future__ import annotations

import binascii
import contextlib
import csv
import email.utils
import functools
import itertools
import os
import re
import unicodedata
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from email.header import Header, decode_header
from email.message import Message
from email.parser import BytesParser
from email.policy import compat32
from pathlib import Path
from typing import Any

from .._text import one_line
from .._when import implausible_time
from ..clean import out_of_office
from ._zones import ZONE_HOURS
from .charsets import decode_bytes
from .registry import (
    DEFAULT_MAX_BODY_CHARS,
    HEAD_BYTES,
    Reader,
    ReadOptions,
    failure_reason,
    register_reader,
)

__all__ = [
    "CHUNK",
    "MAX_NAME_CHARS",
    "MAX_SUBJECT_CHARS",
    "NOT_AN_EMAIL",
    "decode_header_value",
    "is_cr_only",
    "is_maildir",
    "iter_mbox_entries",
    "iter_mbox_messages",
    "maildir_files",
    "mbox_records",
    "parse_message",
    "read_eml",
    "read_maildir",
    "read_maildir_file",
    "read_mbox",
    "read_msg",
    "split_mbox",
]

#: Subjects longer than this are cut (a 2 MB Subject header is an attack, not a subject); the row
#: stays ``ok`` and ``error`` notes it, as for bodies.
MAX_SUBJECT_CHARS = 1_000
#: Sender display names longer than this are cut the same way (a name, not a 5 MB header).
MAX_NAME_CHARS = 256

#: The error reason of a file or mbox chunk that has no email headers.
NOT_AN_EMAIL = "not an email: no headers found"

_KNOWN_HEADERS = frozenset({
    b"from", b"to", b"cc", b"subject", b"date", b"message-id", b"received", b"return-path",
    b"mime-version", b"delivered-to", b"in-reply-to", b"references", b"reply-to", b"sender",
    b"content-type", b"x-mailer", b"user-agent", b"dkim-signature", b"x-gm-thrid", b"thread-topic",
    b"x-mozilla-status", b"envelope-to", b"authentication-results", b"arc-seal", b"bcc",
})
_EMAIL_HEADERS = ("from", "to", "cc", "subject", "date", "message-id")
_HEADER_LINE = re.compile(rb"^([!-9;-~]+):")
_MSGID = re.compile(r"<([^<>\s]+)>")
_FOLD = re.compile(r"\r?\n[ \t]*")
_FROM_ESCAPED = re.compile(rb"^>(>*From )", re.M)
_ESCAPED_FROM = re.compile(rb">From ")
_NL_FROM = re.compile(rb"\nFrom ")
# one whitespace, not ``\s+``: ``.*`` takes the rest, and ``\s+.*`` would backtrack quadratically
# on a line of "From x" and thousands of spaces (one hostile line would stall a whole mailbox)
_SEP_LOOSE = re.compile(rb"From \S+\s.*\d\d?:\d\d")
# the envelope sender: one word, or a quoted one that may hold spaces (readpst writes the display
# name or an Exchange X.500 path: 'From "Vos, Joost" Thu Apr  3 11:30:00 2025')
_SEP_WHO = rb'(?:"[^"\r\n]*"|\S+)'
_SEP_STRICT = re.compile(
    rb"From " + _SEP_WHO + rb"\s+(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),? +[A-Z][a-z]{2} +\d\d? +\d\d?:\d\d:\d\d")
_PARSER = BytesParser(policy=compat32)
#: Bytes an mbox is read in; its start, ``CHUNK >> 4`` bytes, decides :func:`is_cr_only` (the
#: parallel scan judges the same bytes, so counting and reading agree).
CHUNK = 1 << 20


# ----------------------------------------------------------------------------------------------
# headers


def decode_header_value(value: Any) -> str:
    """Decode one header value: RFC 2047 encoded words, raw 8-bit bytes, folding; never raises.

    Parameters
    ----------
    value : str, email.header.Header or None
        The value as returned by a ``compat32`` message.

    Returns
    -------
    str
        The readable value ("" for None).

    Examples
    --------
    >>> decode_header_value("=?utf-8?q?Caf=C3=A9_au_lait?= and =?iso-8859-1?b?Y3LobWU=?=")
    'Café au lait and crème'
    >>> decode_header_value("Plain\\r\\n subject")
    'Plain subject'
    """
    if value is None:
        return ""
    if isinstance(value, str):
        if "\n" in value:
            value = _FOLD.sub(" ", value)
        if "=?" not in value:
            if value.isascii():
                return value.strip()
            try:  # raw 8-bit header kept by the parser as surrogate escapes
                return decode_bytes(value.encode("ascii", "surrogateescape")).strip()
            except UnicodeEncodeError:
                return value.strip()
    try:
        parts = decode_header(value)
    except Exception:  # malformed encoded word: keep the raw text
        return str(value).strip()
    out = []
    for chunk, charset in parts:
        if isinstance(chunk, str):
            if not chunk.isascii():
                with contextlib.suppress(UnicodeEncodeError):
                    chunk = decode_bytes(chunk.encode("ascii", "surrogateescape"))
            out.append(chunk)
        else:
            out.append(decode_bytes(chunk, charset))
    text = "".join(out)
    if "\n" in text or "\r" in text:
        text = _FOLD.sub(" ", text)
    return text.strip()


def _raw_header(msg: Message, name: str) -> Any:
    try:
        return msg.get(name)
    except Exception:
        return None


def _ids(value: Any) -> list[str]:
    if value is None:
        return []
    text = str(value) if not isinstance(value, Header) else decode_header_value(value)
    found = _MSGID.findall(text)
    if not found:
        token = text.strip().strip("<>").strip()
        return [token] if token and " " not in token else []
    return found


# Memos of pure header parsers: header values repeat along threads and senders (bounded memory).
_ids_memo = functools.lru_cache(maxsize=5_000)(_ids)


def _cached_ids(value: Any) -> list[str]:
    """:func:`_ids` for In-Reply-To/References, which repeat along a thread; a new list each time."""
    if not isinstance(value, str) or len(value) > 2_000:  # long References: not worth the memory
        return _ids(value)
    return list(_ids_memo(value))


_SIMPLE_ADDR = re.compile(r'["(:;\\]')
_ADDR_OK = re.compile(r"[^\s<>,;]+\Z")


_subject_memo = functools.lru_cache(maxsize=20_000)(decode_header_value)


def _cached_subject(value: Any) -> str:
    """:func:`decode_header_value` for subjects, which repeat along a thread."""
    if not isinstance(value, str):
        return decode_header_value(value)
    return _subject_memo(value)


def _display_name(name: str | None) -> str | None:
    r"""A sender's display name without NULs, escape sequences or bidi overrides (they come from
    untrusted headers and end up in CSV cells and terminals), blanks collapsed; None if empty.

    >>> _display_name("Ann\x00 Lee"), _display_name("\u202e"), _display_name(None)
    ('Ann Lee', None, None)
    """
    if not name:
        return None
    return one_line(name).strip() or None


def _cap_sender_name(rec: dict[str, Any], notes: list[str]) -> None:
    """Cut ``sender_name`` to :data:`MAX_NAME_CHARS`, noting it in ``notes`` (as for subjects)."""
    name = rec.get("sender_name")
    if isinstance(name, str) and len(name) > MAX_NAME_CHARS:
        rec["sender_name"] = name[:MAX_NAME_CHARS].rstrip()
        notes.append(f"sender name truncated to {MAX_NAME_CHARS:,} characters")


def _addresses(value: Any) -> list[tuple[str, str]]:
    """``[(display name, lower-cased address)]`` of an address header; never raises.

    Results are cached by raw header value (the same people write again and again); callers get
    a new list each time.
    """
    if value is None:
        return []
    if not isinstance(value, str):
        value = decode_header_value(value)
    return list(_addresses_memo(value))


def _parse_addresses(value: str) -> list[tuple[str, str]]:
    out = []
    if not _SIMPLE_ADDR.search(value):  # fast path: "Name <a@b>, c@d"
        for item in value.split(","):
            lt = item.find("<")
            if lt >= 0:
                gt = item.find(">", lt)
                addr = item[lt + 1: gt if gt > 0 else len(item)]
                name = item[:lt].strip()
            else:
                addr, name = item, ""
            addr = addr.strip().lower()
            if addr and _ADDR_OK.match(addr):
                out.append((decode_header_value(name) if name else "", addr))
        return out
    try:
        pairs = email.utils.getaddresses([value])
    except Exception:
        return []
    for name, addr in pairs:
        addr = addr.strip().strip("<>").lower()
        if addr and _ADDR_OK.match(addr):
            out.append((decode_header_value(name) if name else "", addr))
    return out


_FULL_ADDR = re.compile(r"[^@\s]+@[^@\s]+\Z")


def _real_addresses(value: str) -> list[tuple[str, str]]:
    """:func:`_parse_addresses` without the fragments an unquoted display name leaves behind.

    ``Smith, John <c2@acme.example>`` (the comma unquoted) parses as ``smith`` and
    ``c2@acme.example``; ``@SUM(1) <c4@acme.example>`` as ``@sum`` and ``c4@acme.example``. When
    the header holds a full ``local@domain`` address, items that are not one are pieces of a
    display name, so the address in ``<>`` wins. A header with no full address keeps what it has
    (``From: root``).
    """
    found = _parse_addresses(value)
    if len(found) > 1:
        full = [item for item in found if _FULL_ADDR.match(item[1])]
        if full and len(full) < len(found):
            lt = value.find("<")
            if len(full) == 1 and lt > 0:  # one address: everything before "<" is its name
                name = value[:lt].strip().strip('"').strip()
                return [(decode_header_value(name) if name else "", full[0][1])]
            return full
    return found


_addresses_memo = functools.lru_cache(maxsize=20_000)(_real_addresses)

# "'Ann Lee' via Northwind Support", as Google Groups (and Mailman's DMARC mitigation, "Ann Lee via
# Support") rewrite the From of a post: the author's name, then the list's (lower-case "via" only,
# as the list software writes it; "Maria Via" is a name)
_VIA_LIST = re.compile(r"\S.*?\svia\s+\S")


def _list_author(sender: tuple[str, str], hdr: Any) -> tuple[str, str] | None:
    """``(display name, address)`` of who wrote a post that a mailing list re-sent under its own
    address (Google Groups, Mailman and Sympa do so for authors whose domain publishes DMARC), or
    None when the From header is the author.

    ``X-Original-From`` (Google Groups, some list servers) names the author whenever present; else a
    From whose display name reads "<name> via <list>" with a ``Reply-To`` of one address (the list
    points replies at the author) is that address's. ``hdr`` is any mapping with ``.get`` of
    lower-cased header names (a Message's ``get`` ignores case). A Reply-To that is the list's own
    address ("reply to the group") says nothing of the author.

    >>> _list_author(("'Ann Lee' via Support", "support@ours.example"),
    ...              {"reply-to": "Ann Lee <ann@client.example>"})
    ('Ann Lee', 'ann@client.example')
    >>> _list_author(("Maria Via", "maria@client.example"), {"reply-to": "team@client.example"}) is None
    True
    """
    original = hdr.get("x-original-from")
    if original:
        found = [p for p in _addresses(original) if _FULL_ADDR.match(p[1])]
        if len(found) == 1:
            return found[0]
    name = sender[0]
    if not name or " via " not in name or _VIA_LIST.match(name) is None:
        return None
    reply_to = hdr.get("reply-to")
    if not reply_to:
        return None
    found = _addresses(reply_to)
    if len(found) != 1 or not _FULL_ADDR.match(found[0][1]) or found[0][1] == sender[1]:
        return None
    author_name = found[0][0] or name[: name.rfind(" via ")].strip().strip("'\"").strip()
    return author_name, found[0][1]


_DATE_RE = re.compile(
    r"\s*(?:[^\W\d_]{2,3}\.?,?\s*)?(\d{1,2})\s+([^\W\d_]{3,4})[^\W\d_]*\.?\s+(\d{4})\s+(\d{1,2}):(\d\d)"
    r"(?::(\d\d))?(?:\s*([AaPp])\.?[Mm]\.?(?![A-Za-z]))?"  # "10:00 PM +0200", as some clients write it
    r"\s*(?:([+-])(\d\d):?(\d\d)|(?:UTC|GMT)([+-])(\d{1,2})(?::?(\d\d))?\b"
    r"|([A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*)*)\s+(Standard|Daylight|Summer)\s+Time\b"
    r"|([A-Za-z]{1,5})(?:\s+(DST|dst))?\b)")
#: Windows' zone names ("W. Europe Daylight Time", as some Outlook add-ins and scripts write them):
#: the common European and US ones, hours east of UTC in standard time (Daylight/Summer: +1)
WINDOWS_ZONES = {name: timedelta(hours=h) for name, h in {
    "w. europe": 1, "central europe": 1, "central european": 1, "romance": 1, "gmt": 0,
    "greenwich": 0, "e. europe": 2, "fle": 2, "gtb": 2, "eastern": -5, "us eastern": -5,
    "central": -6, "mountain": -7, "us mountain": -7, "pacific": -8, "alaskan": -9, "hawaiian": -10,
    "atlantic": -4}.items()}
#: named zones seen in Date headers, hours east of UTC: RFC 5322's own (UT, GMT, EST...) and the
#: common ones it lacks, which the standard parser would silently read as UTC (CET, CEST, MESZ...):
#: the readers' shared table (:mod:`frictionscan.ingest._zones`), but for IST and AST, whose
#: meanings differ by hours (India or Ireland, Atlantic or Arabia) and which mail clients do not
#: write in Date headers
HEADER_ZONES = {name: timedelta(hours=h) for name, h in ZONE_HOURS.items() if name not in ("IST", "AST")}
_HOUR = timedelta(hours=1)
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
# the months as German, French, Spanish and Dutch mail programs abbreviate them ("Di, 04 Mär 2025",
# "mar., 04 févr. 2025"), by their first three letters; French juin/juillet share "jui" (see _month)
_MONTHS.update({
    "mär": 3, "mrz": 3, "mai": 5, "okt": 10, "dez": 12,  # German
    "fév": 2, "fev": 2, "avr": 4, "aoû": 8, "aou": 8, "déc": 12,  # French (janv, mars, sept, oct, nov)
    "ene": 1, "abr": 4, "ago": 8, "dic": 12,  # Spanish (feb, mar, may, jun, jul, sep, oct, nov)
    "mrt": 3, "mei": 5,  # Dutch (jan, feb, apr, jun, jul, aug, sep, okt, nov, dec)
})


def _month(word: str) -> int | None:
    """A month's number from its name's first three or four letters, in English or as above."""
    key = word[:3].lower()
    if key == "jui":  # French juin (June) / juil. (July)
        return {"n": 6, "l": 7}.get(word[3:4].lower())
    return _MONTHS.get(key)


def _hour_24(hour: int, am_or_pm: str) -> int:
    """A 12-hour clock's hour (1-12) and its "A"/"P" on the 24-hour clock: 12 AM is midnight, 12 PM
    noon.

    >>> _hour_24(12, "a"), _hour_24(12, "P"), _hour_24(3, "p")
    (0, 12, 15)
    """
    return hour % 12 + (12 if am_or_pm in "Pp" else 0)


def _fast_date(m: re.Match[str]) -> tuple[datetime, timedelta] | None:
    """RFC 5322 dates with a numeric, ``GMT+2``-style or named zone, without the generic parser, as
    (UTC time, the sender's UTC offset); None to fall back (an unknown zone name)."""
    day, mon, year_s, hh, mm, ss, ampm, sign, oh, om, gsign, gh, gm, win, season, name, dst = m.groups()
    if name is not None:
        offset = HEADER_ZONES.get(name) or HEADER_ZONES.get(name.upper())  # "mesz" as "MESZ"
        if offset is None:
            return None
        if dst is not None:  # "MET DST": the zone's summer time, an hour ahead
            offset = offset + _HOUR
    elif win is not None:
        offset = WINDOWS_ZONES.get(win.lower())
        if offset is None:
            return None
        if season != "Standard":
            offset = offset + _HOUR
    else:
        if gsign is not None:  # "GMT+2", "UTC-05:30"
            sign, oh, om = gsign, gh, gm or "00"
        key = (sign, oh, om)
        offset = _OFFSETS.get(key)
        if offset is None:  # a few dozen zones in practice
            if int(oh) > 14 or int(om) > 59:  # "+2400": no such zone, so the time is taken as UTC
                offset = timedelta(0)
            else:
                offset = timedelta(hours=int(oh), minutes=int(om))
            offset = _OFFSETS[key] = offset if sign == "+" else -offset
    month = _month(mon)
    if month is None:
        return None
    year = int(year_s)
    if not 1678 <= year <= 2261:
        return None
    hour = int(hh)
    if ampm is not None:
        if not 1 <= hour <= 12:
            return None
        hour = _hour_24(hour, ampm)
    try:
        dt = datetime(year, month, int(day), hour, int(mm), int(ss or 0), tzinfo=timezone.utc)
    except ValueError:
        return None
    return (dt - offset if offset else dt), offset


_OFFSETS: dict[tuple[str, str, str], timedelta] = {}


def _timestamp(value: Any) -> datetime | None:
    """A ``Date`` header value as a UTC datetime (None when missing or unreadable)."""
    return _when(value)[0]


def _when(value: Any) -> tuple[datetime | None, int | None]:
    """A ``Date`` header value as (UTC datetime, the sender's UTC offset in minutes); the offset is
    None when the header gives no zone (or "-0000", RFC 5322's "unknown")."""
    return _when_noted(value)[:2]  # type: ignore[return-value]


_NO_ZONE = ("Date header has no time zone frictionscan knows ({}): its time is taken as UTC, so it "
            "may be off by the sender's offset")
_AM_PM = re.compile(r"\b(\d{1,2}):\d\d(?::\d\d)?\s*([AaPp])\.?[Mm]\b")


def _when_noted(value: Any) -> tuple[datetime | None, int | None, str | None]:
    """As :func:`_when`, plus a note when the time was read as UTC for want of a zone it names
    ("Tue, 1 Apr 2025 10:00:00", an unknown zone name): such a time may be hours off."""
    if not value:
        return None, None, None
    if isinstance(value, str) and value.isascii() and "=?" not in value:
        text = value
    else:
        text = decode_header_value(value)
    m = _DATE_RE.match(text)
    if m is not None:
        fast = _fast_date(m)
        if fast is not None:
            unknown = m.group(8) == "-" and m.group(9) == "00" and m.group(10) == "00"
            return fast[0], None if unknown else int(fast[1].total_seconds() // 60), None
    try:
        dt = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        dt = None
    if dt is None:  # not RFC 5322; some tools write ISO 8601 ("2025-03-03T10:00:00+05:30")
        try:
            dt = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
        except ValueError:
            return None, None, None
    note = None
    try:
        offset = dt.utcoffset()
        if dt.tzinfo is None:
            ampm = _AM_PM.search(text)
            if ampm is not None:  # "3:15 PM": the generic parser drops the PM
                hour = int(ampm.group(1))
                if dt.hour == hour and hour <= 12:
                    dt = dt.replace(hour=_hour_24(hour, ampm.group(2)))
            if not text.rstrip().endswith("-0000"):
                note = _NO_ZONE.format(repr(one_line(text.strip())[:60]))
            dt = dt.replace(tzinfo=timezone.utc)
        dt = dt.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        return None, None, None
    if not 1678 <= dt.year <= 2261:  # outside pandas' nanosecond range: unknown date
        return None, None, None
    return dt, None if offset is None else int(offset.total_seconds() // 60), note


_RECEIVED = re.compile(rb"^received[ \t]*:((?:[^\n]*)(?:\n[ \t][^\n]*)*)", re.I | re.M)
_ENVELOPE_TIME = re.compile(
    rb"^From " + _SEP_WHO + rb"\s+(?:[A-Z][a-z]{2},? +)?([A-Z][a-z]{2}) +(\d\d?) +(\d\d?:\d\d(?::\d\d)?)"
    rb"(?: +([+-]\d{4}|[A-Z]{3,4}))? +(\d{4})")


def _fallback_time(data: bytes, envelope: bytes | None, date_header: Any,
                   why: str | None = None) -> tuple[Any, str]:
    """The time of a message whose ``Date`` header is missing or unreadable, and a note saying so.

    The newest ``Received`` header (the first one: each relay adds its own on top) records when the
    message reached the mailbox; an mbox separator line records much the same. Either beats no time:
    a message without one cannot be placed in any health period.
    """
    if why is None:
        why = "no Date header" if not date_header else "unreadable Date header"
    head_end = data.find(b"\n\n")
    head_end2 = data.find(b"\r\n\r\n")
    if head_end < 0 or (0 <= head_end2 < head_end):
        head_end = head_end2
    head = data if head_end < 0 else data[:head_end]
    m = _RECEIVED.search(head.replace(b"\r\n", b"\n"))
    if m is not None and b";" in m.group(1):
        stamp = m.group(1).rsplit(b";", 1)[1]
        ts = _timestamp(" ".join(stamp.decode("ascii", "replace").split()))
        if ts is not None and implausible_time(ts) is None:
            return ts, f"{why}: time taken from the newest Received header"
    if envelope:
        e = _ENVELOPE_TIME.match(envelope.strip())
        if e is not None:
            month, day, clock, zone, year = (g.decode("ascii") if g else "" for g in e.groups())
            ts = _timestamp(f"{day} {month} {year} {clock} {zone or '+0000'}")
            if ts is not None and implausible_time(ts) is None:
                return ts, f"{why}: time taken from the mbox 'From ' line"
    return None, f"{why}: the message has no time, so health and commitments leave it out"


# ----------------------------------------------------------------------------------------------
# bodies


def _payload_text(part: Message, limit_bytes: int) -> tuple[str, bool]:
    """Decoded text of a leaf part and whether it was cut to ``limit_bytes``."""
    try:
        data = part.get_payload(decode=True)
    except Exception:
        data = None
    if data is None:
        raw = part.get_payload()
        if not isinstance(raw, str):
            return "", False
        data = raw.encode("ascii", "surrogateescape")
    data, cut = _cap_bytes(data, limit_bytes)
    try:
        charset = part.get_param("charset")
    except Exception:
        charset = None
    if isinstance(charset, tuple):  # RFC 2231 form
        charset = charset[0]
    if not charset and part.get_content_type() == "text/html":
        charset = _html_meta_charset(data)
    return decode_bytes(data, charset), cut


def _is_attachment(part: Message) -> bool:
    disp = part.get("Content-Disposition")
    return bool(disp and str(disp).strip().lower().startswith("attachment"))


# a file name on a part: Content-Disposition filename= or Content-Type name= (RFC 2231 forms too)
_FILE_NAME = re.compile(r"(?i)(?:^|;)\s*(?:file)?name(?:\*\d*)?\*?\s*=")


def _named(ctype: Any, disp: Any) -> bool:
    """Whether a part carries a file name (``filename=`` or ``name=``): a file, not the message.

    A text file attached "inline" (Apple Mail: ``Content-Disposition: inline; filename=import.log``;
    or only ``Content-Type: text/plain; name="import.log"``) is still a file. The caller applies this
    only once the message already has a body part: a few mailers name the body itself (a message
    whose only text part is ``name="message.txt"``), and that stays the body."""
    return bool((ctype and _FILE_NAME.search(str(ctype))) or (disp and _FILE_NAME.search(str(disp))))


def _collect(part: Message, plain: list[Message], html: list[Message],
             attached: list[Message], other: list[Message] | None = None) -> None:
    """Sort the leaves under ``part`` into plain, HTML and attached messages, in document order.

    Iterative (an explicit stack, no depth limit): MIME nested hundreds deep is still read, and
    the parser has already bounded the tree by the message's size."""
    stack = [part]
    while stack:
        part = stack.pop()
        ctype = part.get_content_type()
        if other is not None and ctype in _ENCRYPTED_TYPES and _std_encryption(part) is not None:
            other.append(part)
            continue
        if ctype == "message/rfc822" or ctype == "message/global":
            payload = part.get_payload()
            if isinstance(payload, list):
                attached.extend(p for p in payload if isinstance(p, Message))
            continue
        if part.is_multipart():
            children = [c for c in part.get_payload() if isinstance(c, Message)]
            if ctype == "multipart/alternative":
                best = _best_alternative(children)
                if best is not None:
                    stack.append(best)
                if other is not None:
                    other.extend(c for c in children if c is not best
                                 and c.get_content_type() == "text/calendar")
                continue
            stack.extend(reversed(children))
            continue
        if other is not None and (ctype == "application/ms-tnef" or ctype == "text/calendar" or (
                ctype == "application/octet-stream" and _WINMAIL.search(
                    str(part.get("Content-Disposition") or part.get("Content-Type") or "")))):
            other.append(part)
            continue
        if _is_attachment(part):
            continue
        if (plain or html) and (ctype == "text/plain" or ctype == "text/html") and _named(
                part.get("Content-Type"), part.get("Content-Disposition")):
            continue  # a text file after the body (an inline import.log), not the sender's words
        if ctype == "text/plain" or ctype.startswith("multipart/"):  # multipart without boundary: text
            plain.append(part)
        elif ctype == "text/html":
            html.append(part)


def _std_encryption(part: Message) -> str | None:
    try:
        params = {str(k).lower(): str(v) for k, v in (part.get_params() or [])[1:]}
    except Exception:
        params = {}
    return _encryption(part.get_content_type(), params)


def _has_text(data: bytes) -> bool:
    """Not empty and not only whitespace (without copying ``data`` as ``strip()`` would)."""
    return bool(data) and not data.isspace()


def _blank(part: Message) -> bool:
    payload = part.get_payload()
    return isinstance(payload, str) and (not payload or payload.isspace())


# A text/plain alternative that stands in for the HTML one instead of carrying the words: blank
# (no-break or zero-width spaces only), image placeholders ("[image: logo]", "[cid:...]") or a
# notice to use an HTML mail client. Only short parts are examined (see _plain_is_stub).
_STUB_PLAIN_BYTES = 600  # a plain part longer than this (encoded) is taken as it is
_STUB_CHARS = 40  # visible characters under which the HTML alternative is rendered and compared
_TAG = re.compile(r"<[^<>]*>")
_INVISIBLE = "\u00a0\u200b\u200c\u200d\u2060\ufeff\u3000\u202f\u2007"
_IMAGE_TOKEN = re.compile(
    r"\[(?:image|cid|inline[- ]image|bild|imagen|immagine|afbeelding|obraz)\b[^\]\n]{0,300}\]", re.I)
_HTML_NOTICE = re.compile(
    r"\b(?:this is an? (?:html|multi-?part)|html[- ]capable|html[- ]compatible|"
    r"(?:is|was) (?:in|sent in|formatted (?:in|as)) html|(?:requires?|use|needs?) an html|"
    r"(?:does ?n[o']t|cannot|can[’']t) (?:support|display) html|view (?:this|it) (?:e-?mail|message) "
    r"(?:online|in (?:a|your) (?:web )?browser))", re.I)


_WORDS, _PLACEHOLDER, _SHORT = 0, 1, 2


def _stub_kind(plain: str) -> tuple[int, str]:
    """``(kind, visible words)`` of a plain part: :data:`_PLACEHOLDER` (blank, image placeholders,
    an "HTML message" notice), :data:`_SHORT` (under :data:`_STUB_CHARS` visible characters: compare
    with the HTML) or :data:`_WORDS` (take it as it is)."""
    if len(plain) > _STUB_PLAIN_BYTES:
        return _WORDS, ""
    if ("[" not in plain and len(plain.strip()) >= 2 * _STUB_CHARS and not _notice_hint(plain)
            and (plain.isascii() or _INVISIBLE_RE.search(plain) is None)):
        return _WORDS, ""  # (a short message with words, no placeholder, no notice: the common case)
    words = _IMAGE_TOKEN.sub(" ", plain) if "[" in plain else plain
    if not words.isascii():
        words = _INVISIBLE_RE.sub(" ", words)
    words = " ".join(words.split())
    if not words:
        return _PLACEHOLDER, words
    if len(words) < 300 and _notice_hint(words) and _HTML_NOTICE.search(words):
        return _PLACEHOLDER, words
    return (_SHORT if len(words) < _STUB_CHARS else _WORDS), words


def _plain_is_stub(plain: str, html: str | None) -> bool:
    """True when a text/plain alternative holds no words of its own and the HTML alternative
    should be read instead: blank once no-break and zero-width spaces are dropped, only image
    placeholders, or a short "this is an HTML message" notice; or, for a very short plain part,
    when the rendered HTML says much more (a client that wrote "Hi" in plain and the message in
    HTML). Cheap for the common case: a plain part with more than a few lines returns at once;
    HTML is rendered only under :data:`_STUB_CHARS` visible characters, and only when its text
    with the tags stripped (an overestimate) is long enough to matter."""
    kind, words = _stub_kind(plain)
    if kind == _WORDS:
        return html is not None and len(plain) <= _STUB_PLAIN_BYTES and _foreign_notice(plain, html)
    if kind != _SHORT:
        return kind == _PLACEHOLDER
    if html is None:
        return False
    if len(" ".join(_TAG.sub(" ", html).split())) <= 2 * len(words) + 60:
        return False  # even counting styles and entities the HTML says no more: no need to render
    from ..clean import html_to_text

    rendered = " ".join(_INVISIBLE_RE.sub(" ", html_to_text(html)).split())
    return len(rendered) > 2 * len(words) + 60


_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
_PUNCT = ".,;:!?()[]<>\"'*_«»“”‘’"
_WORD = re.compile(r"\w{2,}")
_SHARED_AT_MOST = 0.2  # a plain part sharing no more of its words with the HTML one is a notice


def _probe_words(plain: str) -> list[str]:
    """The three longest words of a short plain part, of 5 characters or more (short words such as
    "this" are in any HTML): an HTML alternative of the same message holds at least one of them,
    a notice standing in for it none."""
    probes = []
    for tok in sorted(plain.split(), key=len, reverse=True)[:3]:
        word = tok.strip(_PUNCT)
        if len(word) >= 5:
            probes.append(word)
    return probes


def _foreign_notice(plain: str, html: str, probes: list[str] | None = None) -> bool:
    """True when a short plain part with words is a notice standing in for the HTML alternative in
    whatever language ("Diese Nachricht wurde im HTML-Format versendet...", "To view this email as
    a web page, go here."): it shares almost none of its words with the rendered HTML
    (:data:`_SHARED_AT_MOST`), and the HTML says at least as much. Cheap for the common case: the
    plain part's longest words are looked for in the HTML source first, and only when none is
    there is the HTML rendered and compared word by word."""
    probes = _probe_words(plain) if probes is None else probes
    if not probes or any(w in html for w in probes):
        return False
    from ..clean import html_to_text

    rendered = " ".join(_INVISIBLE_RE.sub(" ", html_to_text(html)).split()).casefold()
    own = set(_WORD.findall(plain.casefold()))
    if not own or len(rendered) < len(" ".join(plain.split())):
        return False
    theirs = set(_WORD.findall(rendered))
    shared = sum(1 for w in own if w in theirs or (not w.isascii() and w in rendered))
    return shared <= _SHARED_AT_MOST * len(own)
def _notice_hint(text: str) -> bool:
    """A word every "use an HTML mail client" notice holds (substring tests: a case-insensitive
    regex alternation would try every position, ten times slower)."""
    low = text.lower()
    return "html" in low or "multi" in low or "browser" in low or "online" in low


def _best_alternative(children: list[Message]) -> Message | None:
    """Same choice as :func:`_fast_best_alternative`."""
    for wanted in ("text/plain", "text/html"):
        for c in children:
            if c.get_content_type() == wanted and not _is_attachment(c) and not _blank(c):
                if wanted == "text/plain" and _std_stub(c, children):
                    continue
                return c
    for c in children:
        if c.is_multipart():
            return c
    return children[0] if children else None


def _std_stub(plain: Message, children: list[Message]) -> bool:
    """:func:`_plain_is_stub` for the standard parser's parts."""
    payload = plain.get_payload()
    if not isinstance(payload, str) or len(payload) > _STUB_PLAIN_BYTES:
        return False
    html = next((c for c in children if c.get_content_type() == "text/html"
                 and not _is_attachment(c) and not _blank(c)), None)
    text = _payload_text(plain, _STUB_PLAIN_BYTES * 4)[0]
    if html is None:  # maybe inside a nested multipart/related: only a placeholder gives way
        return any(c.is_multipart() for c in children) and _plain_is_stub(text, None)
    return _plain_is_stub(text, _payload_text(html, 1 << 22)[0])


def _split(body: str, *, html: bool, rec: dict[str, Any]) -> tuple[str, str]:
    """``clean.split_reply`` with the sender's display name and address (imported on first use, so
    importing this module stays light); a byte-order mark opening any line is dropped first."""
    global _split_reply, _signer
    if _split_reply is None:
        from ..clean import split_reply
        from ..clean._reply import signer

        _split_reply, _signer = split_reply, signer
    if "\ufeff" in body:  # a byte-order mark inside the text (parts joined, a file pasted in)
        body = _LINE_BOM.sub("", body)
    return _split_reply(body, html=html, sender=_signer(rec.get("sender_name"), rec.get("sender")))


_LINE_BOM = re.compile("^\ufeff+", re.M)


_split_reply: Any = None
_signer: Any = None


def _forwarded_text(msg: Message, limit_bytes: int) -> str:
    """A plain rendering of an attached (forwarded) message, for ``quoted_text``."""
    lines = ["---------- Forwarded message ----------"]
    for name in ("From", "Date", "Subject", "To"):
        v = _raw_header(msg, name)
        if v:
            lines.append(f"{name}: {decode_header_value(v)}")
    plain: list[Message] = []
    html: list[Message] = []
    attached: list[Message] = []
    _collect(msg, plain, html, attached)
    body = ""
    if plain:
        body = "\n\n".join(_payload_text(p, limit_bytes)[0] for p in plain)
    elif html:
        from ..clean import html_to_text

        body = "\n\n".join(html_to_text(_payload_text(p, limit_bytes)[0]) for p in html)
    return "\n".join(lines) + "\n\n" + body.strip()


# ----------------------------------------------------------------------------------------------
# one message


def parse_message(data: bytes, *, source: str = "", index: int = 0,
                  max_body_chars: int = DEFAULT_MAX_BODY_CHARS,
                  envelope: bytes | None = None) -> dict[str, Any]:
    """Parse one RFC 5322 message (bytes) into a record; never raises.

    Parameters
    ----------
    data : bytes
        The raw message (headers, blank line, body).
    source : str
        The file the message came from (copied to the record).
    index : int
        Position of the message inside that file.
    max_body_chars : int
        Bodies longer than this are cut; the record notes it in ``error`` and stays ``ok``.
    envelope : bytes, optional
        The mbox ``From `` separator line the message came with. Without a usable ``Date`` header
        the time comes from the newest ``Received`` header, else from this line (and ``error``
        says which); with neither, ``timestamp`` is missing and ``error`` says so.

    Returns
    -------
    dict
        A record: message-table columns plus ``references`` (list of parent Message-IDs).

    Examples
    --------
    >>> raw = (b"From: Ann <ann@acme.com>\\r\\nTo: bob@northwind.io\\r\\nSubject: =?utf-8?q?D=C3=A9lai?=\\r\\n"
    ...        b"Message-ID: <1@acme.com>\\r\\n\\r\\nStill waiting.\\r\\n")
    >>> rec = parse_message(raw)
    >>> rec["sender"], rec["subject"], rec["text"], rec["status"]
    ('ann@acme.com', 'Délai', 'Still waiting.', 'ok')
    """
    rec: dict[str, Any] = {"channel": "email", "source": source, "source_index": index}
    if data[:1] in (b"\n", b"\r"):
        data = _skip_leading_blank_lines(data)
    try:
        _fill(rec, data, max_body_chars, envelope)
    except RecursionError:
        rec = {"channel": "email", "source": source, "source_index": index}
        try:
            _salvage_text(rec, data, max_body_chars, envelope)
        except Exception:
            _error(rec, "unreadable message: MIME nesting too deep")
    except Exception as exc:  # a bad message is data, never a crash
        _error(rec, failure_reason("unreadable message", exc))
    return rec


def _skip_leading_blank_lines(data: bytes) -> bytes:
    """``data`` without the blank lines before its headers, when a header block follows them.

    Some exporters and hand-made files put an empty line before the headers (a ``.eml`` starting
    with ``\r\n``, an mbox with a blank line under its ``From `` line). Read literally, that line
    ends an empty header block and the whole message becomes a body without headers, i.e. no email.
    Only called for data that starts with a line break, so ordinary mail pays nothing."""
    stripped = data.lstrip(b"\r\n")
    return stripped if _looks_like_headers(stripped[:HEAD_BYTES], cut=False) else data


def _error(rec: dict[str, Any], reason: str) -> None:
    rec["status"] = "error"
    rec["error"] = reason
    rec.setdefault("text", None)


class _Parsed:
    """What a message parse yields, whichever parser made it."""

    __slots__ = ("body", "calendar", "cut", "encrypted", "forwarded", "headers", "is_html", "notes", "tnef")

    def __init__(self, headers: dict[str, Any]) -> None:
        self.headers = headers
        self.body = ""
        self.is_html = False
        self.cut = False
        self.forwarded: list[str] = []
        self.notes: list[str] = []
        self.calendar: str | None = None  # the first inline text/calendar part (an invitation...)
        self.tnef = False  # a winmail.dat (TNEF) part was seen
        self.encrypted: str | None = None  # the kind of an encrypted body seen ("S/MIME", "PGP/MIME")


def _cut_in_headers(data: bytes) -> bool:
    """Whether ``data`` stops in the middle of its header block: no blank line ends the headers, and
    the last line is cut short ("Subj" with no newline), as a failed delivery or copy leaves a file.
    Read as a message, its broken last header would become the body.

    >>> _cut_in_headers(b"From: a@b.example\\nTo: c@d.example\\nSubj"), _cut_in_headers(b"From: a@b.example\\n\\nHi")
    (True, False)
    """
    if data.endswith(b"\n") or b"\n\n" in data or b"\r\n\r\n" in data:
        return False
    last = data[data.rfind(b"\n") + 1:]
    return bool(last.strip()) and _HEADER_LINE.match(last) is None and last[:1] not in (b" ", b"\t")


def _with_list(recipients: str | None, address: str) -> str:
    """``recipients`` with a mailing list's address added when it is not among them."""
    if not recipients:
        return address
    return recipients if address in recipients.split(", ") else f"{recipients}, {address}"


def _fill(rec: dict[str, Any], data: bytes, max_body_chars: int,
          envelope: bytes | None = None) -> None:
    limit_bytes = max_body_chars * 4
    try:
        parsed = _fast_parse(data, limit_bytes, 0)
    except _Fallback:
        parsed = None
    if parsed is None:
        parsed = _std_parse(data, limit_bytes)
    hdr = parsed.headers if parsed is not None else {}
    if not hdr or (hdr.get("from") is None and not any(hdr.get(h) is not None for h in _EMAIL_HEADERS)):
        _error(rec, NOT_AN_EMAIL)
        return
    if _cut_in_headers(data):
        _error(rec, "truncated delivery: the file ends inside its headers, so the message has no body")
        return
    notes = parsed.notes
    mid = _ids(hdr.get("message-id"))
    rec["message_id"] = mid[0] if mid else None
    irt = _cached_ids(hdr.get("in-reply-to"))
    refs = _cached_ids(hdr.get("references"))
    if irt and irt[-1] not in refs:
        refs.append(irt[-1])
    rec["in_reply_to"] = irt[-1] if irt else (refs[-1] if refs else None)
    rec["references"] = refs
    senders = _addresses(hdr.get("from")) or _addresses(hdr.get("sender"))
    via_list = None  # the mailing list that re-sent the author's post under its own address
    if senders and (hdr.get("x-original-from") or hdr.get("reply-to")):
        author = _list_author(senders[0], hdr)
        if author is not None:
            via_list, senders = senders[0][1], [author]
    exchange = False
    if senders and not senders[0][1].startswith(("imceaex-", "/o=")):
        rec["sender_name"] = _display_name(senders[0][0])
        rec["sender"] = senders[0][1]
    else:
        raw = decode_header_value(hdr.get("from"))
        dn = _exchange_dn(raw)
        if dn is None:
            # no address: keep what the header says, but "<>" (the null sender of bounces) is no sender
            raw = raw.lower()
            rec["sender"] = raw if raw.strip("<> \t") else None
        else:
            exchange = True
            name = raw[: raw.find("<")].strip().strip('"').strip() if "<" in raw else ""
            rec["sender_name"] = _display_name(decode_header_value(name)) if name else None
            smtp = _SMTP_IN_TEXT.search(name) or _SMTP_IN_TEXT.search(
                decode_header_value(hdr.get("sender")) if hdr.get("sender") else "")
            if smtp is not None:  # "jonas.berg@ours.com" </O=...>: the address is in the name
                rec["sender"] = smtp.group(0).lower()
                notes.append(_EXCHANGE_SMTP)
            else:
                rec["sender"] = dn
                notes.append(_EXCHANGE_OURS)
    if not exchange and isinstance(rec.get("sender"), str) and "@" not in rec["sender"]:
        # "Zoë" <zoe+<x>@client.com> reads as the address "zoe+": say so rather than guess
        shown = one_line(decode_header_value(hdr.get("from") or hdr.get("sender")))[:120]
        notes.append(f"the From header holds no readable e-mail address ({shown!r}), so the sender is "
                     "kept as written and its direction and account are unknown")
    elif rec.get("sender") is None and hdr.get("from") is None and hdr.get("sender") is None:
        notes.append("no From header: the sender, its direction and account are unknown")
    rcpts = _addresses(hdr.get("to")) + _addresses(hdr.get("cc"))
    if len(rcpts) == 1:  # the common case, without the de-duplicating join
        rec["recipients"] = rcpts[0][1] or None
    else:
        rec["recipients"] = ", ".join(dict.fromkeys(a for _, a in rcpts)) or None
    if via_list is not None:  # the list is where the author wrote (usually in To already)
        rec["recipients"] = _with_list(rec["recipients"], via_list)
    if exchange:  # X.500 recipients are our colleagues on the same Exchange: keep them
        dns = [d for d in (_exchange_dn(decode_header_value(hdr.get(h))) for h in ("to", "cc")) if d]
        if dns:
            rec["recipients"] = ", ".join(dict.fromkeys(
                [*(rec["recipients"] or "").split(", "), *dns])).strip(", ") or None
    rec["timestamp"], rec["utc_offset"], zone_note = _when_noted(hdr.get("date"))
    bad = implausible_time(rec["timestamp"])
    if bad is not None:  # 2200-01-01, the epoch: a mis-set clock, not a time
        why = f"Date header {rec['timestamp']:%Y-%m-%d %H:%M} is {bad}, so not trusted"
        rec["utc_offset"] = None
        rec["timestamp"], note = _fallback_time(data, envelope, hdr.get("date"), why)
        notes.append(note)
    elif zone_note is not None:
        notes.append(zone_note)
    if rec["timestamp"] is None and bad is None:
        rec["timestamp"], note = _fallback_time(data, envelope, hdr.get("date"))
        notes.append(note)
    subject = _cached_subject(hdr.get("subject"))
    if len(subject) > MAX_SUBJECT_CHARS:
        subject = subject[:MAX_SUBJECT_CHARS]
        notes.append(f"subject truncated to {MAX_SUBJECT_CHARS:,} characters")
    rec["subject"] = one_line(subject)
    _cap_sender_name(rec, notes)
    body = parsed.body
    if "\r" in body:
        body = body.replace("\r\n", "\n").replace("\r", "\n")
    cut = parsed.cut
    if len(body) > max_body_chars:
        body, cut = body[:max_body_chars], True
    if cut:
        notes.append(f"body truncated to {max_body_chars:,} characters")
    text, quoted = _split(body, html=parsed.is_html, rec=rec)
    if parsed.forwarded:
        fwd = "\n\n".join(parsed.forwarded)
        quoted = f"{quoted}\n\n{fwd}".strip() if quoted else fwd
    if parsed.calendar is not None and not text.strip():
        text = _calendar_description(parsed.calendar)  # shown, never scored (the row is automated)
    rec["text"] = text
    rec["quoted_text"] = quoted
    rec["status"] = "ok"
    rare = not _RARE_HEADERS.isdisjoint(hdr)  # (one C-level test for the headers below)
    auto = (_automated(hdr, rec.get("sender"), rec["subject"])
            or _calendar_or_receipt(parsed.calendar, rec["subject"], body, text)
            or (_bulk(hdr) if rare else None) or (_OOO_TEXT if out_of_office(text) else None))
    if auto:
        rec["status"] = "automated"
        notes.insert(0, auto)
    skip = _never_sent_or_deleted(hdr) if rare else None
    if skip:
        rec["status"] = "skipped"
        notes.insert(0, skip)
    elif parsed.tnef and not text.strip() and rec["status"] == "ok":
        rec["status"] = "error"
        notes.insert(0, _TNEF_ONLY)
    elif rec["status"] == "ok" and (encrypted := parsed.encrypted if not text.strip() else (
            "inline PGP" if text.startswith(_PGP_ARMOR) else None)):
        rec["status"] = "error"
        notes.insert(0, _ENCRYPTED.format(encrypted))
    rec["error"] = ("; ".join(dict.fromkeys(notes)) or None) if notes else None


_AUTO_SENDERS = re.compile(r"^(?:mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?)(?:[+.\-@]|$)",
                           re.I)
# An auto-reply's or a bounce's subject: the phrase in its auto-reply form, i.e. followed by ":" (or
# ending the subject, perhaps after a "(Failure)"), as mail programs write it ("Automatic reply:
# invoice", "Undeliverable: Checking in", "Delivery Status Notification (Failure)", "Out of Office
# AutoReply: x", "AUTO: Ann is out of the office"). The bare phrase at the start of a sentence is a
# person writing ("Out of Office support is unacceptable", "Returned mail pieces never credited").
_AUTO_PHRASES = (
    r"automatic reply|auto(?:matic)?[- ]?(?:reply|response)|out of (?:the )?office(?: auto-?reply)?|"
    r"undeliverable|undelivered mail|delivery status notification|mail delivery (?:failed|failure|"
    r"subsystem)|returned mail|delivery has failed|abwesenheitsnotiz|automatische antwort|"
    r"r[ée]ponse automatique|absence du bureau|respuesta autom[áa]tica|risposta automatica|"
    r"resposta autom[áa]tica|automatisch antwoord|afwezigheidsbericht|autosvar|automatisk svar|"
    r"frav[æa]rsmelding|automatyczna odpowied[źz]|automaattinen vastaus"
)
_AUTO_SUBJECT = re.compile(
    r"^\s*(?:\[[^\]]{1,40}\]\s*)?(?:"
    r"(?:" + _AUTO_PHRASES + r")(?:\s*\([^()\n]{0,40}\))?\s*(?::|\Z)|"
    r"auto\s*:|undelivered mail returned to sender\b|delivery has failed to these recipients\b|"
    r"we(?:['’]ve| have) received your (?:request|message|e-?mail|ticket|enquiry|inquiry)\b)|"
    r"^\s*(?:自動応答|自动回复|自動回覆)", re.I)


def _automated(hdr: dict[str, Any], sender: str | None, subject: str | None) -> str | None:
    """Why a message was written by a machine rather than a person (``None`` when it was not):
    a bounce, an out-of-office reply or another auto-reply. Such a message is kept as a row with
    ``status="automated"`` (not scored, not counted as the client writing), never dropped.

    The evidence, strongest first: RFC 3834's ``Auto-Submitted`` (anything but ``no``), the
    ``X-Autoreply``/``X-Autorespond`` and ``Precedence: auto_reply`` headers, a delivery report
    (``multipart/report``), a mailer-daemon/postmaster sender, an auto-reply subject (and, checked
    by the caller on the cleaned text, :func:`frictionscan.clean.out_of_office`).
    """
    value = hdr.get("auto-submitted")
    if value and str(value).strip().lower() not in ("no", ""):
        return f"automated message: Auto-Submitted: {str(value).strip()[:40]}"
    for name in ("x-autoreply", "x-autorespond"):
        if hdr.get(name):
            return f"automated message: {name} header"
    if str(hdr.get("precedence") or "").strip().lower() in ("auto_reply", "auto-reply"):
        return "automated message: Precedence: auto_reply"
    ctype = str(hdr.get("content-type") or "").lower()
    if ctype.lstrip().startswith("multipart/report"):
        if "disposition-notification" in ctype:
            return _READ_RECEIPT
        return "automated message: a delivery report (bounce)"
    if sender and _AUTO_SENDERS.match(sender):
        return f"automated message: sent by {sender}"
    if subject and _AUTO_SUBJECT.match(subject):
        return f"automated message: subject {subject[:60]!r}"
    return None


_OOO_TEXT = "automated message: an out-of-office reply (from its text)"
_READ_RECEIPT = "automated message: a read receipt (the recipient's mail program says it was opened)"
_TNEF_ONLY = ("body only in a TNEF winmail.dat attachment (Outlook rich text), which frictionscan "
              "cannot read: re-export the message from Outlook as .msg, or set Outlook to send "
              "HTML or plain text, or unpack winmail.dat with a TNEF tool (tnef, ytnef) first")
_WINMAIL = re.compile(r"winmail\.dat", re.I)
_ENCRYPTED = ("encrypted message ({}): frictionscan cannot read it; decrypt it before reading (export "
              "the decrypted message from the mail program that holds the key)")
_PGP_ARMOR = "-----BEGIN PGP MESSAGE-----"
_ENCRYPTED_TYPES = frozenset({"multipart/encrypted", "application/pkcs7-mime", "application/x-pkcs7-mime",
                              "application/pgp-encrypted"})


def _encryption(ctype: str, params: dict[str, str]) -> str | None:
    """The kind of encryption a part of type ``ctype`` (in ``_ENCRYPTED_TYPES``) is, or None.

    PGP/MIME is ``multipart/encrypted``; S/MIME is ``application/pkcs7-mime`` with ``smime-type``
    ``enveloped-data`` (or ``authEnveloped-data``, or none on an ``smime.p7m``). Opaque-signed S/MIME
    (``signed-data``) is not encrypted and is left to the body rules."""
    if ctype == "multipart/encrypted" or ctype == "application/pgp-encrypted":
        return "PGP/MIME" if "pgp" in (params.get("protocol") or ctype).lower() else "multipart/encrypted"
    kind = (params.get("smime-type") or "").lower()
    if kind in ("enveloped-data", "authenveloped-data") or (
            not kind and (params.get("name") or "").lower().endswith(".p7m")):
        return "S/MIME"
    return None

# Calendar items: a text/calendar part (not an attached .ics) with a METHOD, or a response subject
# with no words of its own. "Accepted: Kickoff" is a button press, not the client writing.
_CAL_METHOD = re.compile(r"^METHOD:\s*([A-Za-z-]+)", re.M)
_CAL_KINDS = {"REQUEST": "invitation", "REPLY": "response", "CANCEL": "cancellation",
              "COUNTER": "counter-proposal", "PUBLISH": "event", "ADD": "update",
              "REFRESH": "refresh request", "DECLINECOUNTER": "response"}
# (what comes before the subject's first ":", lower-cased: a set lookup, not a regex per message)
_CAL_SUBJECT = frozenset({
    "accepted", "declined", "tentative", "tentatively accepted", "accepté", "accepte", "refusé",
    "refuse", "provisoire", "accepté provisoirement", "zugesagt", "abgelehnt", "mit vorbehalt",
    "mit vorbehalt angenommen", "angenommen", "aceptado", "aceptada", "rechazado", "rechazada",
    "provisional", "accettato", "accettata", "rifiutato", "rifiutata", "geaccepteerd", "geweigerd",
    "voorlopig", "invitation", "updated invitation", "canceled event", "cancelled event",
    "new event", "einladung", "aktualisierte einladung", "invitación", "invitation mise à jour"})
_RECEIPT_SUBJECT = frozenset({
    "read", "lu", "gelesen", "leído", "leido", "letto", "gelezen", "läst", "last", "lest", "luettu",
    "lido", "lida", "přečteno", "odczytane", "odczytana", "прочитано", "開封済み", "已读"})
# (Outlook's German receipt names the reader's zone in full between "wurde am" and "gelesen":
# "wurde am Freitag, 28. März 2025 09:40:00 (UTC+01:00) Amsterdam, Berlin, Bern, Rom, Stockholm,
# Wien gelesen.", maybe wrapped, never across a blank line)
_RECEIPT_BODY = re.compile(
    r"\b(?:was read on|has been read|a (?:été|ete) lu|wurde (?:am (?:[^\n]|\n(?!\s*\n)){0,200}?)?gelesen|"
    r"(?:fue|ha sido) le[íi]do|(?:è|e) stato letto|foi lido|is gelezen|l[äa]stes|ble lest|"
    r"luettiin|byla přečtena|została odczytana)", re.I)
_RECEIPT_MAX = 800  # characters: a read receipt is a few lines


# the lines a calendar tool writes into an invitation (join links, meeting ids, dial-in numbers,
# "You have been invited to the following event.", "Going? Yes - Maybe - No")
_JOIN_LINE = re.compile(
    r"https?://|\b(?:join(?:ing)?|meeting (?:id|link|options)|passcode|password|dial|phone|conference|"
    r"microsoft teams|zoom|google meet|webex|click here|learn more|help|call in|tap to join|"
    r"invit(?:ed|ation)|calendar|organi[sz]er|going\?|more options|rsvp|when:|where:|location:|"
    r"\+?\d[\d ()-]{6,})|^[\W_]*$",
    re.IGNORECASE)


def _typed_message(text: str) -> bool:
    """True when an invitation carries words a person typed (six words or more outside the lines a
    calendar tool writes): a client's escalation sent as an invitation ("If we do not get a
    credible plan, we will start looking at other providers.") is the client writing, and so is
    an organiser's description with a promise in it."""
    words = sum(len(line.split()) for line in text.splitlines() if not _JOIN_LINE.search(line))
    return words >= 6


def _calendar_or_receipt(calendar: str | None, subject: str | None, body: str,
                         text: str) -> str | None:
    """Why a message is a calendar item or a plain-text read receipt (None when it is neither)."""
    if calendar is not None:
        m = _CAL_METHOD.search(calendar)
        if m is not None and not (m.group(1).upper() in ("REQUEST", "PUBLISH") and _typed_message(text)):
            method = m.group(1).upper()
            kind = _CAL_KINDS.get(method, "item")
            return f"automated message: a calendar {kind} (text/calendar, METHOD:{method})"
    colon = subject.find(":", 0, 40) if subject else -1
    if colon <= 1 or (colon == 2 and subject[:2].lower() in ("re", "aw", "sv", "fw")):
        return None
    head = subject[:colon].strip().lower()
    if head in _CAL_SUBJECT and not text.strip():
        return f"automated message: a calendar response with no text (subject {subject[:60]!r})"
    if head in _RECEIPT_SUBJECT and len(body) < _RECEIPT_MAX and _RECEIPT_BODY.search(body):
        return _READ_RECEIPT
    return None


# Exchange X.500 addresses (legacyExchangeDN): what a PST-to-.eml conversion writes for a sender of
# the exporting organisation's own Exchange, either bare ("</O=EXCHANGELABS/OU=.../CN=...>") or
# encapsulated for SMTP ("IMCEAEX-_O=EXCHANGELABS_OU=...+20...@eurprd01.prod.outlook.com").
# (bounded: an unbounded lazy "[^<>\"]*?" before "/cn=" is quadratic on a header of repeated "/o=")
_X500 = re.compile(r"/o=[^<>\"]{0,300}?/cn=[^<>\",]+", re.I)
# (both start only where an address can start, (?<!...): searched through a whole header, a
# repeated "imceaex-" or a long run of letters was read to its end from every position: quadratic)
_IMCEAEX = re.compile(r"(?<![^@\s<>\"])imceaex-([^@\s<>\"]+)@", re.I)
_IMCEA_HEX = re.compile(r"\+([0-9a-f]{2})", re.I)
_SMTP_IN_TEXT = re.compile(r"(?<![\w.+'-])[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_EXCHANGE_OURS = ("sender is an Exchange X.500 address with no SMTP address in the message: taken "
                  "as one of ours (direction from the recipients)")
_EXCHANGE_SMTP = "sender is an Exchange X.500 address: the SMTP address in its display name is used"
_NO_SENDER_ADDRESS = ("sender has no email address (at most a display name, kept in sender_name): "
                      "direction and relationship unknown")


def _exchange_dn(value: str) -> str | None:
    """The lower-cased legacyExchangeDN ("/o=.../cn=...") in a header value, bare or IMCEAEX-encoded
    ("_" for "/", "+20" for a space); None when there is none.

    >>> _exchange_dn('"Berg, Jonas" </O=ORG/OU=ADMIN/CN=RECIPIENTS/CN=ab-jonas>')
    '/o=org/ou=admin/cn=recipients/cn=ab-jonas'
    >>> _exchange_dn("<IMCEAEX-_O=ORG_OU=EXCHANGE+20ADMIN_CN=RECIPIENTS_CN=AB-JONAS+2EBERG@x.outlook.com>")
    '/o=org/ou=exchange admin/cn=recipients/cn=ab-jonas.berg'
    """
    if not value or ("/" not in value and "imceaex" not in value.lower()):
        return None
    m = _IMCEAEX.search(value)
    if m is not None:
        local = m.group(1).replace("_", "/")
        return _IMCEA_HEX.sub(lambda h: chr(int(h.group(1), 16)), local).strip().lower() or None
    m = _X500.search(value)
    return m.group(0).strip().lower() if m is not None else None


def settle_exchange_sender(rec: dict[str, Any], options: ReadOptions) -> dict[str, Any]:
    """Direction and account of a message whose sender is an Exchange X.500 address.

    Such an address comes from the exporting organisation's own Exchange, so the sender is one of
    ours: ``outbound`` to the first recipient outside ``internal_domains`` (its account is the
    relationship), else ``internal``. Other records pass unchanged. Without ``internal_domains``
    the direction stays unknown and the relationship is the first recipient's account.
    """
    sender = rec.get("sender")
    if not (isinstance(sender, str) and sender.startswith("/o=")) or rec.get("direction"):
        return rec
    from .accounts import account_for, is_internal

    rcpts = [r for r in (rec.get("recipients") or "").split(", ") if r]
    smtp = [r for r in rcpts if "@" in r]
    internal = options.internal_domains
    if internal:
        outside = [r for r in smtp if not is_internal(r, internal)]
        if outside:
            rec["direction"], rec["relationship"] = "outbound", account_for(outside[0], options.accounts)
        elif rcpts:
            rec["direction"] = "internal"
            rec["relationship"] = next((options.accounts[r] for r in smtp if r in options.accounts), None)
    elif smtp:
        rec["relationship"] = account_for(smtp[0], options.accounts)
    return rec


def _calendar_description(calendar: str) -> str:
    """The DESCRIPTION of a calendar part (unfolded, escapes undone): the invitation's own words."""
    lines: list[str] = []
    grab = False
    for line in calendar.replace("\r\n", "\n").split("\n"):
        if grab and line[:1] in (" ", "\t"):
            lines.append(line[1:])
            continue
        if grab:
            break
        if line.upper().startswith("DESCRIPTION") and ":" in line:
            grab = True
            lines.append(line.split(":", 1)[1])
    desc = "".join(lines)
    return (desc.replace("\\n", "\n").replace("\\N", "\n").replace("\\,", ",")
            .replace("\\;", ";").replace("\\\\", "\\").strip())


#: the headers :func:`_bulk` and :func:`_never_sent_or_deleted` read: most mail has none of them
_RARE_HEADERS = frozenset({"precedence", "list-id", "list-unsubscribe", "list-unsubscribe-post",
                           "x-gmail-labels", "x-gm-labels", "x-mozilla-status", "x-mozilla-draft-info"})


def _bulk(hdr: dict[str, Any]) -> str | None:
    """Why a message is a newsletter or other bulk mailing (None when it is not).

    ``Precedence: bulk`` (or ``junk``), an RFC 8058 one-click ``List-Unsubscribe-Post``, or the
    ``List-Id``/``List-Unsubscribe`` headers of a list nobody can post to (no ``List-Post``, or
    ``List-Post: NO``). Never a reply (``In-Reply-To``/``References``): a person answering through
    a mailing list or a helpdesk that adds List-* headers is a person writing. Never a post to a
    discussion list (a ``List-Post`` address), whatever ``Precedence`` or unsubscribe headers the
    list software adds (Google Groups, Mailman and Sympa add them to every post).
    """
    if hdr.get("in-reply-to") or hdr.get("references"):
        return None
    post = str(hdr.get("list-post") or "").strip().lower()
    if post and post != "no":
        return None  # a discussion list: its list software adds the rest to every post
    prec = str(hdr.get("precedence") or "").strip().lower()
    if prec in ("bulk", "junk"):
        return f"automated message: a newsletter or bulk mailing (Precedence: {prec})"
    if hdr.get("list-unsubscribe-post"):
        return "automated message: a newsletter or bulk mailing (one-click List-Unsubscribe-Post)"
    if hdr.get("list-id") or hdr.get("list-unsubscribe"):
        return "automated message: a newsletter or mailing list nobody replies to (List-* headers, no List-Post)"
    return None


# Messages that were never sent or that their owner threw away: kept as rows (counts in = counts
# out), status "skipped", never scored.
_GMAIL_SKIP = {
    "drafts": "never sent: Gmail label Drafts", "draft": "never sent: Gmail label Drafts",
    "entwürfe": "never sent: Gmail label Drafts",
    "brouillons": "never sent: Gmail label Drafts", "borradores": "never sent: Gmail label Drafts",
    "bozze": "never sent: Gmail label Drafts", "concepten": "never sent: Gmail label Drafts",
    "spam": "spam: Gmail label Spam", "trash": "deleted: Gmail label Trash",
    "bin": "deleted: Gmail label Bin", "papierkorb": "deleted: Gmail label Trash",
    "corbeille": "deleted: Gmail label Trash", "papelera": "deleted: Gmail label Trash",
    "cestino": "deleted: Gmail label Trash", "prullenbak": "deleted: Gmail label Trash",
}
_MOZILLA_EXPUNGED = 0x0008


#: IMAP's X-GM-LABELS list: quoted labels (``"Client Trash"``, ``\\`` and ``\"`` escaped) or atoms
_IMAP_LABEL = re.compile(r'"((?:[^"\\]|\\.)*)"|([^\s()"]+)')
_IMAP_UNESCAPE = re.compile(r'\\([\\"])')
#: Gmail's system labels in IMAP form (``\Draft``, ``\Trash``...), the only ones that mean a draft,
#: spam or deleted mail there: ``Trash`` without the backslash is a label of the user's
_GMAIL_SYSTEM = {"draft": "drafts", "drafts": "drafts", "trash": "trash", "spam": "spam", "junk": "spam"}


def _gmail_label_reason(labels: str) -> str | None:
    r"""Why Gmail labels make a message skipped mail, or None.

    Takeout's ``X-Gmail-Labels`` is a comma-separated list whose labels may be quoted
    (``Inbox,"Clients, Drafts review"``): a whole label must be a name of :data:`_GMAIL_SKIP`.
    IMAP's ``X-GM-LABELS`` (``("\\Inbox" "Client Trash")``, ``(\Inbox \Draft)``) is a list of
    atoms and quoted strings: only a system label (a leading backslash) counts.

    >>> _gmail_label_reason('("\\\\Inbox" "Client Trash")') is None
    True
    >>> _gmail_label_reason('(\\Important \\Draft)')
    'never sent: Gmail label Drafts'
    >>> _gmail_label_reason('Inbox,"Clients, Drafts review"') is None
    True
    """
    text = " ".join(labels.split())
    if text.startswith("(") or re.search(r'(?:^|[\s"])\\', text):
        for m in _IMAP_LABEL.finditer(text):
            label = m.group(2) if m.group(1) is None else _IMAP_UNESCAPE.sub(r"\1", m.group(1))
            if label.startswith("\\"):
                system = _GMAIL_SYSTEM.get(label.lstrip("\\").lower())
                if system:
                    return _GMAIL_SKIP[system]
        return None
    for row in csv.reader([text], skipinitialspace=True):
        for label in row:
            reason = _GMAIL_SKIP.get(label.strip().lower())
            if reason:
                return reason
    return None


def _never_sent_or_deleted(hdr: dict[str, Any]) -> str | None:
    """Why a message must not be scored although it is in the mailbox: a draft, spam or deleted
    mail (Gmail labels, Thunderbird's deleted flag and draft header); None for ordinary mail."""
    labels = hdr.get("x-gmail-labels") or hdr.get("x-gm-labels")
    if labels:
        reason = _gmail_label_reason(str(labels))
        if reason:
            return reason
    if hdr.get("x-mozilla-draft-info"):
        return "never sent: a Thunderbird draft or template (X-Mozilla-Draft-Info)"
    status = hdr.get("x-mozilla-status")
    if status:
        try:
            flags = int(str(status).strip()[:8], 16)
        except ValueError:
            flags = 0
        if flags & _MOZILLA_EXPUNGED:
            return "deleted in Thunderbird (X-Mozilla-Status deleted flag; the folder was not compacted)"
    return None
_TRUNCATED = "truncated or malformed MIME: boundary not found; read what was there"


def _std_parse(data: bytes, limit_bytes: int) -> _Parsed | None:
    """The standard library's (compat32) parse: the fallback for anything the fast path refuses."""
    msg = _PARSER.parsebytes(data)
    if len(msg) == 0:
        return None
    parsed = _Parsed(_std_headers(msg))
    plain: list[Message] = []
    html: list[Message] = []
    attached: list[Message] = []
    other: list[Message] = []
    _collect(msg, plain, html, attached, other)
    for part in other:
        if part.get_content_type() in _ENCRYPTED_TYPES:
            parsed.encrypted = parsed.encrypted or _std_encryption(part)
        elif part.get_content_type() != "text/calendar":
            parsed.tnef = True
        elif parsed.calendar is None and not _is_attachment(part):
            parsed.calendar = _payload_text(part, 1 << 16)[0]
    leaves = plain or html
    texts = []
    for p in leaves:
        t, c = _payload_text(p, limit_bytes)
        texts.append(t)
        if _bad_base64(p.get("content-transfer-encoding"), p.get_payload()):
            parsed.notes.append(_BAD_BASE64)
        parsed.cut = parsed.cut or c
    parsed.body = "\n\n".join(texts)
    parsed.is_html = not plain and bool(html)
    parsed.forwarded = [_forwarded_text(m, limit_bytes) for m in attached]
    defects = {type(d).__name__ for part in _parts(msg) for d in part.defects}
    if defects & {"StartBoundaryNotFoundDefect", "CloseBoundaryNotFoundDefect"}:
        parsed.notes.append(_TRUNCATED)
    return parsed


def _parts(msg: Message) -> Iterator[Message]:
    """Every part of a parsed message, like ``Message.walk`` but without recursion."""
    stack = [msg]
    while stack:
        part = stack.pop()
        yield part
        payload = part.get_payload() if part.is_multipart() else None
        if isinstance(payload, list):
            stack.extend(reversed([p for p in payload if isinstance(p, Message)]))


_TEXT_PART = re.compile(
    rb"(?im)^(content-type:[ \t]*text/plain\b[^\n]*\n(?:[!-9;-~]+:[^\n]*\n|[ \t][^\n]*\n)*)\r?\n"
    rb"(.*?)(?=\r?\n--|\Z)", re.S)
_PART_CTE = re.compile(rb"(?im)^content-transfer-encoding:[ \t]*([^\s;]+)")
_PART_CHARSET = re.compile(rb'(?i)\bcharset[ \t]*=[ \t]*"?([^"\s;]+)')
_MIME_HEADERS = re.compile(rb"(?im)^content-[a-z-]+:[^\n]*\n(?:[ \t][^\n]*\n)*")
_TOO_DEEP = ("MIME nested too deep for the parser: text taken from the message's text/plain parts "
             "by a flat scan")


def _salvaged_part(headers: bytes, body: bytes) -> str:
    """The text of a text/plain part found by the flat scan, decoded as a parsed part is: its
    transfer encoding (base64, quoted-printable), then its charset."""
    cte = _PART_CTE.search(headers)
    charset = _PART_CHARSET.search(headers)
    data = _decode_cte(body, cte.group(1).decode("ascii", "replace") if cte else None)
    return decode_bytes(data, charset.group(1).decode("ascii", "replace") if charset else None)


def _salvage_text(rec: dict[str, Any], data: bytes, max_body_chars: int,
                  envelope: bytes | None) -> None:
    """Fill ``rec`` from a message whose MIME tree is too deep to parse: its headers and the
    text/plain parts found by a flat scan (decoded as parsed parts are), so that hidden words still
    reach scoring."""
    head_end = data.find(b"\n\n")
    crlf = data.find(b"\r\n\r\n")
    if head_end < 0 or 0 <= crlf < head_end:
        head_end = crlf
    head = data if head_end < 0 else data[:head_end]
    limit = max_body_chars * 4
    parts: list[str] = []
    for m in _TEXT_PART.finditer(data, len(head)):
        parts.append(_salvaged_part(m.group(1), m.group(2)[:limit * 2].strip()).strip())
        if sum(map(len, parts)) > max_body_chars:
            break
    plain = "\n\n".join(p for p in parts if p)
    if not plain.strip():
        _error(rec, "unreadable message: MIME nesting too deep, and no text/plain part found")
        return
    head = _MIME_HEADERS.sub(b"", head.replace(b"\r\n", b"\n") + b"\n").rstrip(b"\n")
    flat = (head + b"\nContent-Type: text/plain; charset=utf-8\n\n"
            + plain.encode("utf-8", "replace")[:limit])
    _fill(rec, flat.replace(b"\r\n", b"\n"), max_body_chars, envelope)
    rec["error"] = f"{rec['error']}; {_TOO_DEEP}" if rec.get("error") else _TOO_DEEP


_JOINED = frozenset({"to", "cc", "references"})


def _std_headers(msg: Message) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in msg.items():
        key = name.strip().lower()
        if key in out:
            if key in _JOINED and isinstance(value, str) and isinstance(out[key], str):
                out[key] = f"{out[key]}, {value}" if key != "references" else f"{out[key]} {value}"
            continue
        out[key] = value
    return out


# ----------------------------------------------------------------------------------------------
# fast path: a small MIME reader for well-formed mail (about 5x faster than email.parser);
# anything it does not understand raises _Fallback and the standard library parses the message.


class _Fallback(Exception):
    pass


# Only the headers the record needs are extracted (one C-level regex scan); a second scan checks
# that every line is a header or a continuation, as the standard parser would require.
_WANTED = ("from", "sender", "to", "cc", "subject", "date", "message-id", "in-reply-to",
           "references", "content-type", "content-transfer-encoding", "content-disposition",
           "auto-submitted", "precedence", "x-autoreply", "x-autorespond", "list-id",
           "list-unsubscribe", "list-unsubscribe-post", "list-post", "x-gmail-labels", "x-gm-labels",
           "x-mozilla-status", "x-mozilla-draft-info", "reply-to", "x-original-from")
_WANTED_SET = frozenset(_WANTED)
# a wanted header and its continuation lines; once _BAD_LINE has vouched that every line is a header
# ("name:" with optional blanks before the colon) or a continuation, unwanted headers are never matched
# (a continuation starts with a blank), so the loop below only sees the dozen names a record needs
_HEADER_RE = re.compile(
    r"\n(" + "|".join(map(re.escape, _WANTED)) + r")[ \t]*:(.*(?:\n[ \t].*)*)", re.I | re.A)
_BAD_LINE = re.compile(r"\n(?![ \t]|[!-9;-~]+[ \t]*:)")
_FIRST_LINE = re.compile(r"[!-9;-~]+[ \t]*:")


_PARAM = re.compile(r';\s*([\w!#$%&\'*+.^`|~-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))')


def _split_head(data: bytes) -> tuple[dict[str, str], bytes]:
    """Headers (lower-cased names; To/Cc/References joined, others first wins) and the body."""
    if data[:1] in (b"\n", b"\r"):  # no headers at all (e.g. a MIME part with defaults)
        return {}, data[2:] if data[:2] == b"\r\n" else data[1:]
    end = data.find(b"\n\n")
    end_crlf = data.find(b"\r\n\r\n", 0, end + 2 if end >= 0 else len(data))  # only within the head
    if end_crlf >= 0 and (end < 0 or end_crlf < end):
        head, body = data[:end_crlf], data[end_crlf + 4:]
    elif end >= 0:
        head, body = data[:end], data[end + 2:]
    else:
        head, body = data, b""
    text = head.decode("ascii", "surrogateescape")
    if "\r" in text:
        text = text.replace("\r", "")
    text = text.rstrip("\n")
    if _FIRST_LINE.match(text) is None or _BAD_LINE.search(text):
        raise _Fallback  # not a clean header block: let the standard parser judge
    headers: dict[str, str] = {}
    for name, value in _HEADER_RE.findall("\n" + text):
        name = name.lower()
        if "\n" in value:
            value = _FOLD.sub(" ", value)
        value = value.strip()
        if name in headers:
            if name in _JOINED:
                headers[name] += (" " if name == "references" else ", ") + value
            continue
        headers[name] = value
    return headers, body


def _content_type(headers: dict[str, str], default: str = "text/plain") -> tuple[str, dict[str, str]]:
    """``(type, params)`` of a Content-Type header; ``params`` is shared (cached): read it only."""
    value = headers.get("content-type")
    if not value:
        return default, {}
    return _content_type_memo(value, default)


def _parse_content_type(value: str, default: str) -> tuple[str, dict[str, str]]:
    semi = value.find(";")
    ctype = (value if semi < 0 else value[:semi]).strip().lower()
    params: dict[str, str] = {}
    if semi >= 0:
        for m in _PARAM.finditer(value, semi):
            name = m.group(1).lower()
            if name not in params:
                params[name] = m.group(2) if m.group(2) is not None else m.group(3)
    if "/" not in ctype:
        ctype = default
    return ctype, params


# boundaries make many values unique: stay bounded
_content_type_memo = functools.lru_cache(maxsize=5_000)(_parse_content_type)


def _decode_cte(payload: bytes, cte: str | None) -> bytes:
    if not cte:
        return payload
    cte = cte.strip().lower()
    if cte == "base64":
        try:
            return binascii.a2b_base64(payload)
        except binascii.Error:
            clean = re.sub(rb"[^A-Za-z0-9+/]", b"", payload)
            clean = clean[: len(clean) - len(clean) % 4] if len(clean) % 4 == 1 else clean
            try:
                return binascii.a2b_base64(clean + b"=" * (-len(clean) % 4))
            except binascii.Error:
                return payload
    if cte == "quoted-printable":
        return binascii.a2b_qp(payload)
    return payload  # 7bit, 8bit, binary and unknown encodings: as they are


_BASE64_BYTES = (b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="
                 b" \t\n\r\x0b\x0c")
_PAD_AND_SPACE = b"= \t\n\r\x0b\x0c"
_BAD_BASE64 = "invalid base64 in a text part: decoded what was there, the text may be garbled"


def _bad_base64(cte: Any, payload: Any) -> bool:
    """A base64 part holding characters no base64 encoder writes (decoding skips them and makes
    garbage of the rest), or whose length cannot be base64."""
    if not isinstance(cte, str) or cte.strip().lower() != "base64":
        return False
    if isinstance(payload, str):
        payload = payload.encode("ascii", "surrogateescape")
    if not isinstance(payload, bytes):
        return False
    sample = payload[:1 << 20]
    # (bytes.translate deletes in C: ten times faster than a regex search over the payload)
    if sample.translate(None, _BASE64_BYTES):
        return True
    return len(sample) == len(payload) and len(sample.translate(None, _PAD_AND_SPACE)) % 4 == 1


def _cap_bytes(data: bytes, limit_bytes: int) -> tuple[bytes, bool]:
    """``data`` cut to ``limit_bytes`` without splitting a UTF-8 sequence; ``(data, was_cut)``."""
    if len(data) <= limit_bytes:
        return data, False
    end = limit_bytes
    while end > 0 and 0x80 <= data[end] < 0xC0 and limit_bytes - end < 4:
        end -= 1
    return data[:end], True


def _leaf_text(headers: dict[str, str], params: dict[str, str], payload: bytes,
               limit_bytes: int) -> tuple[str, bool]:
    data = _decode_cte(payload, headers.get("content-transfer-encoding"))
    data, cut = _cap_bytes(data, limit_bytes)
    charset = params.get("charset")
    if not charset and headers.get("content-type") and _content_type(headers)[0] == "text/html":
        charset = _html_meta_charset(data)
    return decode_bytes(data, charset), cut


# <meta charset="shift_jis"> or <meta http-equiv="Content-Type" content="text/html; charset=...">
_META_CHARSET = re.compile(rb"""<meta\b[^>]{0,300}?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
_META_WINDOW = 4096  # bytes of an HTML part searched for its <meta> charset


def _html_meta_charset(data: bytes) -> str | None:
    """The charset an HTML part's ``<meta>`` declares, for a part whose MIME headers name none.

    Only 8-bit data is searched (ASCII reads the same in any charset that matters here), and only
    its first 4 KiB, where ``<head>`` is: an unlabelled Shift-JIS part in mostly-ASCII markup is read
    as the page says, not guessed."""
    if data.isascii():
        return None
    m = _META_CHARSET.search(data, 0, _META_WINDOW)
    return m.group(1).decode("ascii") if m is not None else None


def _fast_parse(data: bytes, limit_bytes: int, depth: int) -> _Parsed | None:
    headers, body = _split_head(data)
    if not headers:
        raise _Fallback
    parsed = _Parsed(headers)
    plain: list[str] = []
    html: list[str] = []
    _fast_collect(headers, body, parsed, plain, html, limit_bytes, depth)
    parsed.body = "\n\n".join(plain) if plain else "\n\n".join(html)
    parsed.is_html = not plain and bool(html)
    return parsed


# a delimiter line "--<boundary>" (RFC 2046: 1-70 characters, the last not a space)
_BODY_BOUNDARY = re.compile(rb"^--([0-9A-Za-z'()+_,./:=?-][ 0-9A-Za-z'()+_,./:=?-]{0,68}[0-9A-Za-z'()+_,./:=?-]|"
                            rb"[0-9A-Za-z'()+_,./:=?])\r?$", re.M)


def _fast_collect(headers: dict[str, str], body: bytes, parsed: _Parsed, plain: list[str],
                  html: list[str], limit_bytes: int, depth: int) -> None:
    if depth > 20:
        raise _Fallback
    ctype, params = _content_type(headers)
    if ctype in _ENCRYPTED_TYPES and (kind := _encryption(ctype, params)) is not None:
        parsed.encrypted = parsed.encrypted or kind
        return
    if ctype.startswith("multipart/"):
        boundary = params.get("boundary")
        if not boundary:
            raise _Fallback
        parts, closed = _split_multipart(body, boundary.encode("ascii", "surrogateescape"))
        if not parts:  # the declared boundary is on no line: split on the one the body does use
            m = _BODY_BOUNDARY.search(body, 0, 65536)
            if m is not None and body.count(b"\n--" + m.group(1)) + body.startswith(b"--" + m.group(1)) >= 2:
                parts, closed = _split_multipart(body, m.group(1))
                if parts:
                    parsed.notes.append("multipart boundary not found on any line; the parts were split "
                                        "on the boundary the body uses")
        if not parts:
            raise _Fallback
        if not closed:
            parsed.notes.append(_TRUNCATED)
        if ctype == "multipart/alternative":
            split = _fast_best_alternative(parts, limit_bytes)
            if parsed.calendar is None:  # an invitation beside its text: look at the parts' heads
                for raw in parts:
                    if raw.find(b"alendar", 0, 512) < 0:
                        continue
                    h, b = _split_head(raw)
                    if _content_type(h)[0] == "text/calendar" and (h, b) not in split:
                        _fast_collect(h, b, parsed, plain, html, limit_bytes, depth + 1)
        else:
            split = [_split_head(p) for p in parts]
        default = "message/rfc822" if ctype == "multipart/digest" else "text/plain"
        for h, b in split:
            if not h and default != "text/plain":
                h = {"content-type": default}
            _fast_collect(h, b, parsed, plain, html, limit_bytes, depth + 1)
        return
    if ctype in ("message/rfc822", "message/global"):
        inner = _decode_cte(body, headers.get("content-transfer-encoding"))
        parsed.forwarded.append(_fast_forwarded(inner, limit_bytes, depth + 1))
        return
    if ctype == "application/ms-tnef" or (ctype == "application/octet-stream" and _WINMAIL.search(
            headers.get("content-disposition") or headers.get("content-type") or "")):
        parsed.tnef = True
        return
    disp = headers.get("content-disposition")
    if disp and disp.lstrip().lower().startswith("attachment"):
        return
    if (plain or html) and (ctype == "text/plain" or ctype == "text/html") and _named(
            headers.get("content-type"), disp):
        return  # a text file after the body (an inline import.log), not the sender's words
    if ctype == "text/calendar":
        if parsed.calendar is None:
            parsed.calendar = _leaf_text(headers, params, body, 1 << 16)[0]
        return
    if ctype in ("text/plain", "text/html") and _bad_base64(headers.get("content-transfer-encoding"), body):
        parsed.notes.append(_BAD_BASE64)
    if ctype == "text/plain":
        text = headers.get(_DECODED)
        cut = False
        if text is None:
            text, cut = _leaf_text(headers, params, body, limit_bytes)
        plain.append(text)
        parsed.cut = parsed.cut or cut
    elif ctype == "text/html":
        text, cut = _leaf_text(headers, params, body, limit_bytes)
        html.append(text)
        parsed.cut = parsed.cut or cut


_DECODED = "\0decoded"  # a part's text already decoded, under a name no header can have


def _words_in_html(parts: list[bytes], probes: list[str]) -> bool:
    """Whether the raw text/html alternative among ``parts`` holds one of ``probes`` (a substring
    test on its encoded bytes, no decoding), or there is no such part: then the plain part stands."""
    for raw in parts:
        head = raw[:512].lower()
        if b"text/html" not in head:
            continue
        if b"base64" in head:
            return False  # (decoded and compared by the caller)
        return any(w.encode("utf-8") in raw for w in probes)
    return True


def _fast_best_alternative(parts: list[bytes], limit_bytes: int = 1 << 22,
                           ) -> list[tuple[dict[str, str], bytes]]:
    """The one alternative to read: a non-blank text/plain, else a non-blank text/html, else a nested
    multipart, else the first (senders that leave the plain part empty put the words in the HTML).
    Heads are parsed lazily: the common plain-first message stops at its first part."""
    seen: list[tuple[dict[str, str], bytes, str]] = []
    stub: tuple[dict[str, str], bytes] | None = None  # a short plain part: read only if HTML says no more
    for raw in parts:
        h, b = _split_head(raw)
        t = _content_type(h)[0]
        disp = h.get("content-disposition")
        if (t == "text/plain" and stub is None and _has_text(b)
                and not (disp and disp.lstrip().lower().startswith("attachment"))):
            if len(b) > _STUB_PLAIN_BYTES:
                return [(h, b)]
            plain_text, cut = _leaf_text(h, _content_type(h)[1], b, limit_bytes)
            if not cut:
                h[_DECODED] = plain_text  # (read by _fast_collect: decoded once)
            if _stub_kind(plain_text)[0] == _WORDS:  # a line of real words: the HTML has them too
                probes = _probe_words(plain_text)
                if not probes or _words_in_html(parts, probes):
                    return [(h, b)]
            stub = (h, b)
            continue
        seen.append((h, b, t))
    if stub is not None:
        html = next(((h, b) for h, b, t in seen if t == "text/html" and _has_text(b) and not (
            (d := h.get("content-disposition")) and d.lstrip().lower().startswith("attachment"))), None)
        if html is not None:
            html_text = _leaf_text(html[0], _content_type(html[0])[1], html[1], 1 << 22)[0]
            return [html] if _plain_is_stub(plain_text, html_text) else [stub]
        # the HTML inside a nested multipart/related (with its inline images): a placeholder still
        # gives way to it, without rendering anything to compare
        nested = next(((h, b) for h, b, t in seen if t.startswith("multipart/")), None)
        return [nested] if nested is not None and _plain_is_stub(plain_text, None) else [stub]
    for wanted in ("text/html", "multipart/"):
        for h, b, t in seen:
            disp = h.get("content-disposition")
            if (t.startswith(wanted) and (_has_text(b) or wanted == "multipart/")
                    and not (disp and disp.lstrip().lower().startswith("attachment"))):
                return [(h, b)]
    return [(h, b) for h, b, _ in seen[:1]]


def _split_multipart(body: bytes, boundary: bytes) -> tuple[list[bytes], bool]:
    """The parts between ``--boundary`` lines and whether the closing ``--boundary--`` was seen."""
    delim = b"--" + boundary
    n = len(delim)
    starts: list[tuple[int, int]] = []  # (line start, content start)
    pos = 0
    closed = False
    while True:
        j = body.find(delim, pos)
        if j < 0:
            break
        if j == 0 or body[j - 1] == 10:
            if body[j + n: j + n + 2] == b"--":
                starts.append((j, -1))
                closed = True
                break
            eol = body.find(b"\n", j + n)
            if eol < 0:
                starts.append((j, len(body)))
                break
            tail = body[j + n: eol].strip()
            if tail:  # "--boundaryXYZ": a longer boundary, not ours
                pos = j + n
                continue
            starts.append((j, eol + 1))
        pos = j + n
    if not starts:  # no delimiter line at all (a boundary no line carries)
        return [], False
    parts = []
    for (_, content), (next_line, _) in zip(starts, [*starts[1:], (len(body), -1)], strict=True):
        if content < 0:
            break
        end = next_line
        if end > content and body[end - 1: end] == b"\n" and next_line != len(body):
            end -= 1
            if end > content and body[end - 1: end] == b"\r":
                end -= 1
        parts.append(body[content:end])
    return parts, closed


def _fast_forwarded(data: bytes, limit_bytes: int, depth: int) -> str:
    try:
        parsed = _fast_parse(data, limit_bytes, depth)
    except _Fallback:
        parsed = None
    if parsed is None:
        parsed = _std_parse(data, limit_bytes)
    if parsed is None:
        return "---------- Forwarded message ----------\n\n" + decode_bytes(data[:limit_bytes])
    lines = ["---------- Forwarded message ----------"]
    for name in ("from", "date", "subject", "to"):
        v = parsed.headers.get(name)
        if v:
            lines.append(f"{name.title()}: {decode_header_value(v)}")
    body = parsed.body
    if parsed.is_html:
        from ..clean import html_to_text

        body = html_to_text(body)
    if parsed.forwarded:
        body = body + "\n\n" + "\n\n".join(parsed.forwarded)
    return "\n".join(lines) + "\n\n" + body.strip()


# ----------------------------------------------------------------------------------------------
# mbox


# the envelope sender of a real separator: an address, "-" (Thunderbird), MAILER-DAEMON; any other
# sender (a display name in quotes, as readpst writes) needs the date shape below
_ENVELOPE_SENDER = re.compile(rb"From (?:\S*@\S*|-|MAILER-DAEMON)\s", re.I)
# else the line must be a date and nothing more: asctime ("Mon Jan  5 10:00:00 [+0000 ]2026", or
# with the zone after the year: "... 2026 +0000") or
# RFC 5322 ("Mon, 05 Jan 2026 10:00:00 +0000"), maybe with UUCP's "remote from host"
_ENVELOPE_DATE = re.compile(
    rb"From " + _SEP_WHO + rb" +(?:[A-Z][a-z]{2},? +)?"
    rb"(?:[A-Z][a-z]{2} +\d\d? +\d\d?:\d\d(?::\d\d)?(?: +(?:[+-]\d{4}|[A-Z]{1,5}))? +\d{4}(?: +(?:[+-]\d{4}|[A-Z]{1,5}))?"
    rb"|\d\d? +[A-Z][a-z]{2} +\d{4} +\d\d?:\d\d(?::\d\d)?(?: +(?:[+-]\d{4}|[A-Z]{1,5}))?)"
    rb"(?: +remote from \S+)?\s*\Z")


def _is_separator(line: bytes, prev_blank: bool) -> bool:
    """An mbox ``From `` line: after a blank line (or at the start) with a time, or a full asctime;
    and either with an envelope sender (an address, ``-``, ``MAILER-DAEMON``) or made of nothing
    but a sender and a date. A body line of an unescaped mbox ("From Monday 10:30 onwards we will
    escalate", "From me Mon Jan  5 10:00:00 2026 is when it broke") is none of these."""
    if not line.startswith(b"From "):
        return False
    if prev_blank:
        if _SEP_LOOSE.match(line) is None:
            return False
    elif _SEP_STRICT.match(line) is None:
        return False
    return _ENVELOPE_SENDER.match(line) is not None or _ENVELOPE_DATE.match(line) is not None


def split_mbox(path: str | os.PathLike[str], parts: int) -> list[tuple[int, int]]:
    """Cut an mbox file into at most ``parts`` byte ranges that each start at a message boundary.

    Each ``(start, end)`` range can be read on its own with ``iter_mbox_messages(path, start, end)``
    (e.g. one range per process); reading every range in order gives exactly the messages of the
    whole file, in order. Boundaries are found by seeking to ``size * k / parts`` and scanning forward
    to the next ``From `` separator line (same rule as :func:`iter_mbox_messages`).

    Parameters
    ----------
    path : path-like
        The mbox file.
    parts : int
        Wanted number of ranges (>= 1); fewer come back for small files.

    Returns
    -------
    list of (int, int)
        Contiguous byte ranges covering the file.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "box.mbox")
    >>> _ = open(p, "wb").write(b"".join(
    ...     b"From a@x Mon Jan  1 10:00:00 2024\\nSubject: %d\\n\\nhi\\n\\n" % i for i in range(4)))
    >>> ranges = split_mbox(p, 2)
    >>> [len(list(iter_mbox_messages(p, s, e))) for s, e in ranges]
    [2, 2]
    """
    size = os.path.getsize(path)
    parts = max(1, int(parts))
    cuts = [0]
    with open(path, "rb") as fh:
        if is_cr_only(fh.read(64 * 1024)):
            # classic Mac line ends: no "\n" to resync on (one "line" would be the whole file), so
            # the file stays one range; the reader splits it
            return [(0, size)]
        for k in range(1, parts):
            target = max(size * k // parts, cuts[-1] + 1)
            if target >= size:
                break
            fh.seek(target - 1)
            prev_blank = False
            partial = fh.readline()  # resync on a line start (the byte before target may be "\\n")
            pos = target - 1 + len(partial)
            found = None
            for line in fh:
                if _is_separator(line, prev_blank):
                    found = pos
                    break
                prev_blank = line in (b"\n", b"\r\n")
                pos += len(line)
            if found is None:
                break
            if found > cuts[-1]:
                cuts.append(found)
    cuts.append(size)
    return [(a, b) for a, b in itertools.pairwise(cuts) if b > a]


def iter_mbox_messages(path: str | os.PathLike[str], start: int = 0,
                       end: int | None = None) -> Iterator[bytes]:
    """Yield the raw messages of an mbox file (or of the byte range ``[start, end)``), streaming.

    A message starts at a ``From `` separator line: one that follows a blank line (or starts the
    range) and carries a time (``From <addr> ... 10:00``), or that is a full asctime envelope
    (``From <addr> Mon Jan  1 10:00:00 2024``) anywhere. The separator line is dropped and ``>From ``
    escaping is undone (mboxrd). Non-blank bytes before the first separator (junk at the start of a
    file) are yielded as one chunk too, so that they become an error row rather than vanish.

    Parameters
    ----------
    path : path-like
        The mbox file.
    start, end : int
        Byte range to read; ``start`` must be a message boundary (see :func:`split_mbox`).

    Yields
    ------
    bytes
        One raw message at a time; memory stays flat whatever the file size.
    """
    for _envelope, raw in iter_mbox_entries(path, start, end):
        yield raw


def iter_mbox_entries(path: str | os.PathLike[str], start: int = 0,
                      end: int | None = None) -> Iterator[tuple[bytes | None, bytes]]:
    """As :func:`iter_mbox_messages`, with each message's ``From `` separator line.

    Yields ``(envelope, raw)``: ``envelope`` is the separator line (``None`` for junk before the first
    separator), which holds the delivery time that :func:`parse_message` falls back on when a
    message has no usable ``Date`` header.
    """
    with open(path, "rb") as fh:
        cr_only = is_cr_only(fh.read(CHUNK >> 4))  # old Mac line ends: each "\r" read as "\n"
        fh.seek(start)
        remaining = None if end is None else end - start
        buf = b""
        msg_start = 0  # offset in buf of the current message's first byte
        envelope: bytes | None = None  # the current message's separator line
        pos = 0  # where the next search for "\nFrom " starts
        started = False  # a separator has been seen (else: junk before the first one)
        first = True
        eof = False
        while True:
            want = CHUNK if remaining is None else min(CHUNK, remaining)
            chunk = fh.read(want) if want > 0 else b""
            if remaining is not None:
                remaining -= len(chunk)
            if chunk:
                buf += chunk.replace(b"\r", b"\n") if cr_only else chunk
            else:
                eof = True
            if first:
                nl = buf.find(b"\n")
                if nl < 0 and not eof:
                    continue
                first = False
                if buf.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte-order mark before the first line
                    buf = buf[3:]
                    nl = buf.find(b"\n")
                line = buf[: nl + 1] if nl >= 0 else buf
                if _is_separator(line, True):
                    started = True
                    envelope = line
                    msg_start = len(line)
                pos = max(0, msg_start - 1)
            while True:
                m = _NL_FROM.search(buf, pos)  # (the regex engine's literal search beats bytes.find here)
                j = m.start() if m is not None else -1
                if j < 0:
                    pos = max(pos, len(buf) - 6)
                    break
                eol = buf.find(b"\n", j + 1)
                if eol < 0 and not eof:
                    pos = j
                    break
                line = buf[j + 1: eol + 1] if eol >= 0 else buf[j + 1:]
                prev_blank = j == 0 or buf[j - 1] == 10 or (buf[j - 1] == 13 and j >= 2 and buf[j - 2] == 10)
                if j < msg_start:  # the "\n" closing the previous separator line
                    prev_blank = False
                if _is_separator(line, prev_blank):
                    if started:
                        yield envelope, _unescape(buf[msg_start: j + 1])
                    elif buf[msg_start: j + 1].strip():
                        yield None, buf[msg_start: j + 1]
                    started = True
                    envelope = line
                    msg_start = eol + 1 if eol >= 0 else len(buf)
                    pos = msg_start - 1
                else:
                    pos = j + 1
            if eof:
                tail = buf[msg_start:]
                if started:
                    yield envelope, _unescape(tail)
                elif tail.strip():
                    yield None, tail
                return
            cut = max(0, min(msg_start, pos) - 2)
            if cut:
                buf = buf[cut:]
                msg_start -= cut
                pos -= cut


def is_cr_only(head: bytes) -> bool:
    """Text whose lines end in a bare ``\\r`` (classic Mac OS): no ``\\n`` at all, some ``\\r``."""
    return b"\n" not in head and b"\r" in head


def _unescape(msg: bytes) -> bytes:
    if _ESCAPED_FROM.search(msg) is not None:  # (as ``b">From " in msg``, about 1.5x faster)
        msg = _FROM_ESCAPED.sub(rb"\1", msg)
    return msg


def read_mbox(path: Path, options: ReadOptions) -> Iterator[dict[str, Any]]:
    """Records of every message of an mbox file, streaming."""
    return mbox_records(path, max_body_chars=options.max_body_chars, options=options)


def mbox_records(path: str | os.PathLike[str], start: int = 0, end: int | None = None, *,
                 offset: int = 0, max_body_chars: int = DEFAULT_MAX_BODY_CHARS,
                 options: ReadOptions | None = None) -> Iterator[dict[str, Any]]:
    """Records of the messages of an mbox (or of one byte range of it), numbered from ``offset``.

    The one place that turns mbox entries into records, for :func:`read_mbox` and for ``scan``'s
    per-range workers alike: an empty entry is an error row, and each message is parsed with its
    separator line, whose date stands in for a missing ``Date`` header. With ``options``, a sender
    that is an Exchange X.500 address gets its direction here (:func:`settle_exchange_sender`).
    """
    src = str(path)
    why = _folder_skip_reason(_mbox_folder_name(Path(path)))
    opening = start == 0  # the file's first separator entry is still to come: nothing before it
    for i, (envelope, raw) in enumerate(iter_mbox_entries(path, start, end), start=offset):
        first, opening = opening and envelope is not None, opening and envelope is None
        if not _has_text(raw):
            rec = {"channel": "email", "source": src, "source_index": i}
            _error(rec, "empty message in mbox")
            _keep_split_text(rec, envelope, raw, max_body_chars, first=first)
            yield rec
            continue
        rec = parse_message(raw, source=src, index=i, max_body_chars=max_body_chars,
                            envelope=envelope)
        if rec.get("status") == "error" and rec.get("error") == NOT_AN_EMAIL:
            _keep_split_text(rec, envelope, raw, max_body_chars, first=first)
        if options is not None and rec.get("direction") is None:
            settle_exchange_sender(rec, options)
        if why and rec.get("status") == "ok":
            _skip(rec, why)
        yield rec


_KEPT_NOTE = "its 'From ' line and text are kept in text"
_SPLIT_NOTE = (f"{_KEPT_NOTE}: perhaps a body line of the message before that was not escaped as "
               "'>From '")


def _keep_split_text(rec: dict[str, Any], envelope: bytes | None, raw: bytes,
                     max_body_chars: int, *, first: bool = False) -> None:
    """An mbox entry that is no message keeps its bytes in ``text`` (never lost), with a note;
    ``first``: the file's first entry, which no message before it can have split off."""
    if envelope is None:  # junk before the first separator: nothing was split off
        return
    text = decode_bytes(envelope + raw[: max_body_chars * 4]).replace("\r\n", "\n").strip()
    rec["text"] = text[:max_body_chars]
    rec["error"] = f"{rec['error']}: {_KEPT_NOTE if first else _SPLIT_NOTE}"


_MBOX_PREAMBLE_BYTES = 4096


def _sniff_mbox(path: Path, head: bytes) -> bool:
    """An mbox: a ``From `` separator line then email headers, at the start or after a short
    preamble (a note or banner some export tools write first; the reader makes it an error row)."""
    cut = len(head) >= HEAD_BYTES  # the sniff window ends inside the file
    head = head.lstrip(b"\xef\xbb\xbf").lstrip(b"\r\n")
    if is_cr_only(head):  # old Mac line ends: read as if they were "\n" (see iter_mbox_entries)
        head = head.replace(b"\r", b"\n")
    preamble = not head.startswith(b"From ")
    if preamble:
        at = head.find(b"\nFrom ", 0, _MBOX_PREAMBLE_BYTES)
        if at < 0 or _looks_like_headers(head):  # a message that quotes an mbox is an .eml
            return False
        head = head[at + 1:]
    nl = head.find(b"\n")
    first = head[: nl + 1 if nl >= 0 else len(head)]
    if not _is_separator(first, True):
        return False
    if nl >= 0 and _looks_like_headers(head[nl + 1:], cut=cut):
        return True
    # A first entry without headers (a body whose headers were lost, binary junk): still an mbox
    # when the file opens with a separator that is nothing but a sender and a date, or when a later
    # entry has headers. The reader makes each such entry an error row that says so; as "no reader
    # recognised this file" the whole mailbox would be one row calling it text or a CSV file.
    return not preamble and (_ENVELOPE_DATE.match(first) is not None
                             or _later_entry_has_headers(head, cut))


def _later_entry_has_headers(head: bytes, cut: bool, tries: int = 20) -> bool:
    """Whether one of the first ``tries`` separator lines after the first, in ``head``, opens a
    header block (the same separator rule as the reader: after a blank line)."""
    at = 0
    for _ in range(tries):
        at = head.find(b"\nFrom ", at + 1)
        if at < 0:
            return False
        prev = head[head.rfind(b"\n", 0, at) + 1: at]
        nl = head.find(b"\n", at + 1)
        if nl < 0:
            return False
        if _is_separator(head[at + 1: nl + 1], not prev.strip()) and \
                _looks_like_headers(head[nl + 1:], cut=cut):
            return True
    return False


# ----------------------------------------------------------------------------------------------
# eml, Maildir


def _looks_like_headers(head: bytes, *, cut: bool | None = None) -> bool:
    """True when ``head`` starts with an RFC 5322 header block holding at least one email header.

    ``cut``: the bytes end where the sniff window did, not where the file does (default: ``head`` is
    the whole window). A block that fills such a window to its end without a blank line is taken
    as headers when what it shows is an e-mail header (a 200 KB ``To:`` line, an ``X-`` header); a
    JSON export or a transcript that does so (``[{"ticket_id": ...``, ``Customer: ...``) is not.
    Blank lines before the header block are skipped (see :func:`_skip_leading_blank_lines`).
    """
    if head[:1] in (b"\n", b"\r"):
        head = head.lstrip(b"\r\n")
    known = False
    seen = extension = 0
    lines = head.split(b"\n", 200)[:200]
    for line in lines:
        line = line.rstrip(b"\r")
        if not line:
            break
        if line[:1] in (b" ", b"\t"):
            if seen == 0:
                return False
            continue
        m = _HEADER_LINE.match(line)
        if not m:
            return False
        seen += 1
        name = m.group(1).lower()
        if name in _KNOWN_HEADERS:
            known = True
        elif name.startswith((b"x-", b"arc-", b"list-", b"dkim-", b"received-", b"content-")):
            extension += 1
    else:  # no blank line: a header block longer than the sniff window (a 200 KB To: line)
        if cut is None:
            cut = len(head) >= HEAD_BYTES
        if cut and len(lines) < 200 and (known or extension):
            return True
    return seen > 0 and (known or extension >= 2)


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _from_utf16(data: bytes) -> bytes:
    """Bytes of a file saved as UTF-16 with a byte-order mark (PowerShell 5's ``Out-File``) as
    UTF-8, so that the mail parser sees its header lines; other bytes as they are."""
    if not data.startswith(_UTF16_BOMS):
        return data
    end = len(data) - len(data) % 2  # (a head cut mid-character)
    return data[:end].decode("utf-16", "replace").encode("utf-8")


def _sniff_eml(path: Path, head: bytes) -> bool:
    head = _from_utf16(head).lstrip(b"\xef\xbb\xbf")
    if head.startswith(b"From "):  # mbox (or a single message saved with its envelope line)
        return False
    return _looks_like_headers(head)


def read_eml(path: Path, options: ReadOptions) -> Iterator[dict[str, Any]]:
    """One record for a single-message file (``.eml``, a Maildir entry)."""
    src = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        rec = {"channel": "email", "source": src, "source_index": 0}
        _error(rec, f"cannot read file: {exc.strerror or exc}")
        yield rec
        return
    if not _has_text(data):  # in a Maildir every file is a delivery: an empty one lost its message
        rec = {"channel": "email", "source": src, "source_index": 0}
        _error(rec, "empty file: no message bytes (a failed or truncated delivery?)")
        yield rec
        return
    data = _from_utf16(data)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data[:1] in (b"\n", b"\r") and data.lstrip(b"\r\n").startswith(b"From "):
        data = data.lstrip(b"\r\n")
    if data.startswith(b"From ") and b"\n" in data:  # envelope line of a one-message mbox
        data = data[data.index(b"\n") + 1:]
    yield settle_exchange_sender(
        parse_message(data, source=src, index=0, max_body_chars=options.max_body_chars), options)


def is_maildir(path: Path) -> bool:
    """A folder with ``cur/`` and ``new/`` subfolders, or with ``cur/`` alone when ``tmp/`` is there or
    its files carry Maildir flags (``1700000001.M1P1.host:2,S``): git, cloud sync and many copy tools
    drop the empty ``new/`` of an archived Maildir, and its client folders must not be lost with it.

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> (d / "cur").mkdir(); _ = (d / "cur" / "1700000001.M1P1.host:2,S").write_bytes(b"x")
    >>> is_maildir(d), is_maildir(d / "cur")
    (True, False)
    """
    cur = path / "cur"
    if not cur.is_dir():
        return False
    if (path / "new").is_dir() or (path / "tmp").is_dir():
        return True
    try:
        with os.scandir(cur) as entries:
            return any(_MAILDIR_INFO.search(e.name) for e in itertools.islice(entries, 50))
    except OSError:
        return False


_MAILDIR_PARTS = frozenset({"cur", "new", "tmp"})


def maildir_files(path: str | os.PathLike[str], root: str | None = None,
                  seen: set[str] | None = None, *,
                  box: bool = True) -> Iterator[tuple[Path, Path, str | None]]:
    """``(message file, the Maildir holding it, why it must not be opened or None)`` in the order
    :func:`read_maildir` reads them: ``new/`` then ``cur/`` (sorted, dot files left out), then the
    Maildir++ ``.Sub`` folders, then the plain subfolders that are (or hold) Maildirs, as mbsync
    with ``SubFolders Verbatim`` or Dovecot's ``LAYOUT=fs`` nest them under the inbox
    (``Sent/cur``, ``[Gmail]/Spam/cur``), recursively. The one traversal of a Maildir (``read``
    and the parallel scan both use it). ``box=False``: ``path`` is a plain folder on the way to
    nested Maildirs (``[Gmail]``), whose own files are not messages.

    The same rules as the folder walk: a file whose real path lies outside ``root`` (by default the
    Maildir itself) - a symbolic link out, or ``cur/`` linked elsewhere - is never opened, nor is a
    FIFO or device; a ``.Sub`` link leading outside is reported and not followed; a folder reached
    twice (``.Loop -> .``) is read once.
    """
    from .pipeline import LINK_OUTSIDE, inside, not_regular

    path = Path(path)
    try:
        real = os.path.realpath(path)
    except OSError:
        return
    root = real if root is None else root
    seen = set() if seen is None else seen
    if real in seen:
        return
    seen.add(real)
    for sub in ("new", "cur") if box else ():
        folder = path / sub
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        for name in names:
            if name.startswith("."):
                continue
            f = folder / name
            try:
                out = not inside(os.path.realpath(f), root)
            except OSError:
                out = True
            yield f, path, LINK_OUTSIDE if out else not_regular(f)
    try:
        children = sorted((e for e in os.scandir(path) if e.name not in _MAILDIR_PARTS),
                          key=lambda e: e.name)  # (".Sub" folders sort first)
    except OSError:
        children = []
    for entry in children:
        child = Path(entry.path)
        try:
            if not entry.is_dir():
                continue
            out = not inside(os.path.realpath(child), root)
        except OSError:
            continue
        if out:
            yield child, path, LINK_OUTSIDE
        elif is_maildir(child):
            yield from maildir_files(child, root, seen)
        elif not entry.name.startswith("."):
            yield from maildir_files(child, root, seen, box=False)


#: mail folders (Maildir++ folders, Thunderbird / Apple Mail mbox files; lower case) whose mail
#: was never sent or was thrown away
_SKIPPED_FOLDERS = {"drafts": "never sent", "templates": "never sent", "trash": "deleted",
                    "deleted items": "deleted", "deleted messages": "deleted", "junk": "spam",
                    "junk e-mail": "spam", "spam": "spam"}
# the same folders as Outlook, Thunderbird and Apple Mail name them in German, French, Spanish,
# Italian, Dutch and Portuguese
_SKIPPED_FOLDERS.update(dict.fromkeys(
    ("entwürfe", "brouillons", "borradores", "bozze", "concepten", "rascunhos", "vorlagen", "modèles",
     "plantillas"), "never sent"))
_SKIPPED_FOLDERS.update(dict.fromkeys(
    ("papierkorb", "gelöschte elemente", "corbeille", "éléments supprimés", "papelera",
     "elementos eliminados", "cestino", "posta eliminata", "prullenbak", "verwijderde items", "lixeira",
     "itens excluídos", "lixo"), "deleted"))
_SKIPPED_FOLDERS.update(dict.fromkeys(
    ("junk-e-mail", "courrier indésirable", "correo no deseado", "posta indesiderata",
     "ongewenste e-mail", "lixo eletrônico", "unerwünscht"), "spam"))
# ... and in Polish, Swedish, Danish and Norwegian
_SKIPPED_FOLDERS.update(dict.fromkeys(
    ("kopie robocze", "wersje robocze", "szablony", "utkast", "kladder", "kladd"), "never sent"))
_SKIPPED_FOLDERS.update(dict.fromkeys(
    ("elementy usunięte", "kosz", "borttagna objekt", "borttagna meddelanden", "papperskorgen",
     "slettede elementer", "slettet post", "slettede meddelelser", "papirkurv"), "deleted"))
_SKIPPED_FOLDERS.update(dict.fromkeys(
    ("wiadomości-śmieci", "skräppost", "uønsket e-mail", "uønsket post", "uønsket e-post",
     "søppelpost"), "spam"))


#: the flags of a Maildir file name: ``<unique>:2,<flags>``, or ``;2,``/``!2,`` where ``:`` cannot be
#: in a file name (Windows tools, Dovecot's ``maildir_info_separator``, mbsync's ``InfoDelimiter``)
_MAILDIR_INFO = re.compile(r"[:;!]2,([A-Za-z]*)$")


def _maildir_skip_reason(path: Path) -> str | None:
    """Why a Maildir delivery is mail nobody sent or kept: its flags (``:2,D`` draft, ``:2,T``
    trashed) or its folder: a Maildir++ folder such as ``.Drafts``, ``.Trash``, ``.Junk`` (also
    nested: ``.INBOX.Trash``), or a Maildir of its own so named (mbsync, offlineimap, Dovecot's
    ``LAYOUT=fs``: ``Drafts/cur``, ``[Gmail]/Spam/cur``). None for ordinary mail.

    >>> _maildir_skip_reason(Path("m/.Drafts/cur/1.host:2,DS"))
    'never sent: a Maildir draft (flag D)'
    >>> _maildir_skip_reason(Path("m/.INBOX.Trash/cur/2.host:2,S"))
    'deleted: in the Maildir folder INBOX.Trash'
    >>> _maildir_skip_reason(Path("m/cur/3.host:2,RS")) is None
    True
    >>> _maildir_skip_reason(Path("m/cur/4.host;2,DS"))  # the separator of Windows tools
    'never sent: a Maildir draft (flag D)'
    >>> _maildir_skip_reason(Path("mbsync/[Gmail]/Spam/cur/5.host:2,S"))
    'spam: in the Maildir folder Spam'
    """
    m = _MAILDIR_INFO.search(path.name)
    flags = m.group(1) if m else ""
    if "D" in flags:
        return "never sent: a Maildir draft (flag D)"
    if "T" in flags:
        return "deleted: a Maildir message flagged trashed (T)"
    box = path.parent.parent.name
    why = _folder_skip_reason(box[1:] if box.startswith(".") else box, kind="Maildir folder")
    if why is None and (sbd := _skipped_sbd_folder(path)) is not None:  # Thunderbird's Trash.sbd/Old
        why = _folder_skip_reason(sbd, kind="folder")
    return why


_IMAP_UTF7 = re.compile(r"&([A-Za-z0-9+,]*)-")


def imap_folder_name(name: str) -> str:
    """A mail folder name as IMAP's modified UTF-7 (RFC 3501) spells it on disk (Dovecot, Courier:
    ``Gel&APY-schte Elemente``), decoded (``Gelöschte Elemente``); a name that is not valid
    modified UTF-7 (``Q&A``) comes back as it is.

    >>> imap_folder_name("Entw&APw-rfe")
    'Entwürfe'
    """
    if "&" not in name:
        return name
    out: list[str] = []
    last = 0
    for m in _IMAP_UTF7.finditer(name):
        if "&" in name[last: m.start()]:
            return name
        out.append(name[last: m.start()])
        b64 = m.group(1)
        if not b64:
            out.append("&")
        else:
            try:
                raw = binascii.a2b_base64((b64.replace(",", "/") + "===")[: len(b64) + (-len(b64)) % 4])
                if len(raw) % 2:
                    return name
                out.append(raw.decode("utf-16-be"))
            except (binascii.Error, UnicodeDecodeError):
                return name
        last = m.end()
    if "&" in name[last:]:
        return name
    out.append(name[last:])
    return "".join(out)


def _folder_skip_reason(name: str, kind: str = "mail folder") -> str | None:
    """Why every message of a mail folder named ``name`` was never sent or was thrown away; None
    for any other folder. The one rule for every layout: a Maildir++ folder (``INBOX.Trash``, its
    dot dropped), a Maildir of mbsync, offlineimap or Dovecot's ``LAYOUT=fs`` (``Drafts``,
    ``Deleted Items``, ``[Gmail]/Spam``'s ``Spam``), a Thunderbird / Apple Mail mbox file or
    Apple Mail export folder (``Local Folders/Trash``, ``Junk.mbox``). A nested name counts by any
    of its parts (``INBOX.Trash``, ``[Gmail].Spam``, a subfolder ``Deleted Items.Old``).

    >>> _folder_skip_reason("Junk.mbox")
    'spam: in the mail folder Junk.mbox'
    >>> _folder_skip_reason("INBOX.Trash", "Maildir folder")
    'deleted: in the Maildir folder INBOX.Trash'
    >>> _folder_skip_reason("Inbox") is None
    True
    """
    if "&" in name:
        decoded = imap_folder_name(name)
        if decoded != name:
            why = _folder_skip_reason(decoded, kind)
            return f"{why} (named {name} on disk, in IMAP's UTF-7)" if why else None
    stem = name.lower().removesuffix(".mbox").removesuffix(".mbx")
    if not stem.isascii():  # macOS file names are decomposed: "o" + combining diaeresis
        stem = unicodedata.normalize("NFC", stem)
    if not stem:
        return None
    reason = _SKIPPED_FOLDERS.get(stem)
    if reason is None and ("." in stem or "/" in stem):
        # a nested name: its own part first, then the folders holding it (a subfolder of Deleted
        # Items, ".Gelöschte Elemente.Alt", was deleted with it)
        for part in reversed(stem.replace("/", ".").split(".")):
            reason = _SKIPPED_FOLDERS.get(part.strip())
            if reason is not None:
                break
    return f"{reason}: in the {kind} {name}" if reason else None


def _mbox_folder_name(path: Path) -> str:
    """The mail folder an mbox file stands for: its own name, or for Apple Mail's export layout
    (``Junk.mbox/mbox`` beside ``Info.plist``) the name of the ``.mbox`` folder holding it, or for
    ``readpst -r``'s layout (``Deleted Items/mbox``) the folder holding it. The nearest folder name
    decides (``Inbox/mbox`` is the Inbox); in the readpst layout a folder nested in a deleted,
    drafts or junk folder that is itself a readpst folder (holds its own ``mbox``) counts as that
    folder, as Outlook's subfolders of Deleted Items do. A file named after an ordinary folder
    (``export.mbox``) inside a folder so named (``Deleted Items/export.mbox``) is judged by it.

    >>> _mbox_folder_name(Path("pst/Gelöschte Elemente/mbox"))
    'Gelöschte Elemente'
    >>> _mbox_folder_name(Path("Junk.mbox/mbox"))
    'Junk.mbox'
    """
    if path.name.lower() == "mbox":
        parent = path.parent
        if parent.name.lower().endswith(".mbox"):
            return parent.name
        # readpst -r: "<Folder>/mbox", subfolders nested as folders, each with its own "mbox"
        folder = parent
        while folder.name and not _folder_skip_reason(folder.name):
            up = folder.parent
            if up == folder or not up.name or not (up / "mbox").is_file():
                return parent.name
            folder = up
        return folder.name or parent.name
    if not _folder_skip_reason(path.name) and _folder_skip_reason(path.parent.name):
        return path.parent.name
    return _skipped_sbd_folder(path) or path.name


def _skipped_sbd_folder(path: Path) -> str | None:
    """The skipped folder (Trash, Drafts, Junk...) whose Thunderbird subfolder holds ``path``, or None.
    Thunderbird keeps a folder's subfolders in ``<folder>.sbd``, in its mbox and Maildir layouts
    alike: what sits under ``Trash.sbd`` was deleted.

    >>> _skipped_sbd_folder(Path("Local Folders/Trash.sbd/Old/cur/1.eml")), _skipped_sbd_folder(Path("Inbox.sbd/x"))
    ('Trash', None)
    """
    for parent in path.parents:
        if parent.name.lower().endswith(".sbd") and _folder_skip_reason(parent.name[:-4]):
            return parent.name[:-4]
    return None


def read_maildir_file(path: str | os.PathLike[str], options: ReadOptions) -> Iterator[dict[str, Any]]:
    """The record of one Maildir delivery: read as a single message, never sniffed (every file
    there is a delivery, so an empty one is an error row). A draft or trashed message (flags D/T,
    or a ``.Drafts``/``.Trash``/``.Junk`` folder) is ``status="skipped"``, as the Gmail labels are."""
    path = Path(path)
    why = _maildir_skip_reason(path)
    for rec in read_eml(path, options):
        if why and rec.get("status") == "ok":
            _skip(rec, why)
        yield rec


def read_message_file(path: Path, options: ReadOptions) -> Iterator[dict[str, Any]]:
    """One record for a single-message file. A Maildir delivery read on its own (``cur/`` given as
    the source, or one file of it) keeps what its flags and folder say: a draft (``:2,D``) or a
    message in ``.Trash/cur`` is ``skipped``, as it is when the whole Maildir is read."""
    path = Path(path)
    if _MAILDIR_INFO.search(path.name) or path.parent.name in ("cur", "new"):
        yield from read_maildir_file(path, options)
    else:
        yield from read_eml(path, options)


def _skip(rec: dict[str, Any], why: str) -> None:
    """Mark an ok record ``skipped`` (never sent, spam or deleted), the reason first in ``error``."""
    rec["status"] = "skipped"
    rec["error"] = f"{why}; {rec['error']}" if rec.get("error") else why


def read_maildir(path: Path, options: ReadOptions) -> Iterator[dict[str, Any]]:
    """Records of a Maildir, in the order of :func:`maildir_files`.

    Every file there is a delivered message, so an empty one is an error row (a plain folder's empty
    ``.eml`` gives no row: nothing says it ever held a message). An entry that must not be opened
    (a link out of the Maildir, a FIFO) is an error row saying why, as in the folder walk."""
    from .pipeline import error_record

    for f, _box, why in maildir_files(path):
        if why:
            yield error_record(f, 0, why)
        else:
            yield from read_maildir_file(f, options)


# ----------------------------------------------------------------------------------------------
# Outlook .msg

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MSG_MARKERS = ("__substg1.0_".encode("utf-16-le"), "__properties_version1.0".encode("utf-16-le"))


def _sniff_msg(path: Path, head: bytes) -> bool:
    if not head.startswith(_OLE_MAGIC):
        return False
    return any(m in head for m in _MSG_MARKERS) or Path(path).suffix.lower() == ".msg"


def read_msg(path: Path, options: ReadOptions) -> Iterator[dict[str, Any]]:
    """One record for an Outlook ``.msg`` file (via ``extract-msg``)."""
    src = str(path)
    rec: dict[str, Any] = {"channel": "email", "source": src, "source_index": 0}
    try:
        import extract_msg
    except ImportError:  # pragma: no cover - a declared dependency
        _error(rec, "cannot read .msg: the extract-msg package is not installed")
        yield rec
        return
    msg = None
    try:
        msg = extract_msg.openMsg(str(path))
        _fill_from_msg(rec, msg, options.max_body_chars)
        settle_exchange_sender(rec, options)
    except Exception as exc:
        _error(rec, failure_reason("unreadable Outlook .msg", exc))
    finally:
        if msg is not None:
            with contextlib.suppress(Exception):
                msg.close()
    yield rec


def _msg_prop(obj: Any, tag: str) -> str:
    """A string property of a .msg (or of one of its recipients) by its 4-hex-digit id, "" if none."""
    get = getattr(obj, "getStringStream", None)
    if get is None:
        return ""
    try:
        value = get(f"__substg1.0_{tag}")
    except Exception:
        return ""
    return str(value or "").strip()


# (display name, SMTP address properties, address property) of who a .msg is from: the mailbox it
# was sent as (PR_SENT_REPRESENTING_*, what an .eml's From: says), then who sent it (PR_SENDER_*)
_MSG_SENDERS = (("0042", ("5D02", "0065")), ("0C1A", ("5D01", "0C1F")))
# (matched on stripped text: leading and trailing "\s*" around a lazy group backtrack cubically
# on a sender of spaces, and a .msg is untrusted input)
_NAME_ADDR = re.compile(r"(.*?)<([^<>]*)>\Z", re.S)


def _msg_sender(rec: dict[str, Any], msg: Any, hdr: Message | None) -> str | None:
    """Fill the sender of a .msg: the transport headers' From when the file has them (as an .eml),
    else the SMTP address properties, never a display name split on its comma ("Keller, Anna").
    Returns the note for an Exchange X.500 sender (no SMTP address anywhere) or for a sender with
    no address at all (only a display name: ``sender`` stays empty), else None."""
    if hdr is not None and hdr.get("from"):
        pairs = _addresses(hdr.get("from"))
        if pairs and "@" in pairs[0][1] and not pairs[0][1].startswith(("imceaex-", "/o=")):
            author = _list_author(pairs[0], hdr)
            if author is not None:  # a mailing list re-sent the post: the author wrote it
                rec["via_list"], pairs = pairs[0][1], [author]
            rec["sender_name"], rec["sender"] = _display_name(pairs[0][0]), pairs[0][1]
            return None
    x500: tuple[str, str] | None = None
    for name_tag, addr_tags in _MSG_SENDERS:
        name = _msg_prop(msg, name_tag)
        for tag in addr_tags:
            addr = _msg_prop(msg, tag)
            if _FULL_ADDR.match(addr) and not addr.lower().startswith("imceaex-"):
                rec["sender_name"], rec["sender"] = _display_name(name), addr.lower()
                return None
            dn = _exchange_dn(addr)
            if dn is not None and x500 is None:
                x500 = (name, dn)
    raw = str(getattr(msg, "sender", "") or "")
    if x500 is None:
        dn = _exchange_dn(raw)
        if dn is None:  # no properties (or a stand-in object): "Name <addr>" as extract-msg builds it
            m = _NAME_ADDR.match(raw.strip())
            pairs = [(m.group(1).strip().strip('"'), m.group(2))] if m else email.utils.getaddresses([raw])
            if pairs and "@" in pairs[0][1]:
                rec["sender_name"] = _display_name(pairs[0][0])
                rec["sender"] = pairs[0][1].lower()
                return None
            # only a display name ("Vos, Joost"): one name, never split into made-up addresses
            name = (_msg_prop(msg, "0042") or _msg_prop(msg, "0C1A")
                    or (m.group(1).strip('"') if m else raw))
            rec["sender_name"] = _display_name(name.strip().strip('"'))
            rec["sender"] = None
            return _NO_SENDER_ADDRESS
        x500 = (raw[: raw.find("<")].strip().strip('"').strip() if "<" in raw else "", dn)
    name, dn = x500
    rec["sender_name"] = _display_name(name)
    smtp = _SMTP_IN_TEXT.search(name)
    rec["sender"] = smtp.group(0).lower() if smtp else dn
    return _EXCHANGE_SMTP if smtp else _EXCHANGE_OURS


def _msg_recipients(msg: Any, hdr: Message | None, *, exchange: bool) -> str | None:
    """To and Cc of a .msg: from its transport headers when present (quoted "Last, First" names
    parsed as one address each), else from its recipient table's SMTP addresses (an Exchange-only
    recipient is kept as its X.500 address when the sender is one of ours on the same Exchange)."""
    addrs: list[str] = []
    if hdr is not None and (hdr.get("to") or hdr.get("cc")):
        addrs = [a for _, a in _addresses(hdr.get("to")) + _addresses(hdr.get("cc")) if a]
    else:
        table = getattr(msg, "recipients", None)
        if table:
            for r in table:
                try:
                    kind = int(getattr(r, "type", 1) or 0)
                except (TypeError, ValueError):
                    kind = 1
                if kind not in (1, 2):  # To and Cc, as an .eml's headers (not Bcc)
                    continue
                for addr in (_msg_prop(r, "39FE"), str(getattr(r, "email", "") or "").strip()):
                    if _FULL_ADDR.match(addr) and not addr.lower().startswith("imceaex-"):
                        addrs.append(addr.lower())
                        break
                else:
                    dn = _exchange_dn(str(getattr(r, "email", "") or ""))
                    if dn is not None and exchange:
                        addrs.append(dn)
        else:  # a stand-in object: extract-msg's "Name <addr>; ..." strings
            for field in ("to", "cc"):
                for piece in str(getattr(msg, field, "") or "").split(";"):
                    m = _NAME_ADDR.match(piece.strip())
                    found = [m.group(2)] if m else [a for _, a in email.utils.getaddresses([piece])]
                    addrs += [a.strip().lower() for a in found if a.strip()]
    return ", ".join(dict.fromkeys(addrs)) or None


def _fill_from_msg(rec: dict[str, Any], msg: Any, max_body_chars: int) -> None:
    header_text = getattr(msg, "headerText", None) or ""
    mid = _ids(getattr(msg, "messageId", None))
    rec["message_id"] = mid[0] if mid else None
    irt = _ids(getattr(msg, "inReplyTo", None))
    hdr = _PARSER.parsebytes(header_text.encode("utf-8", "surrogateescape"), headersonly=True) \
        if header_text else None
    refs = _ids(hdr.get("References")) if hdr is not None else []
    if not irt and hdr is not None:
        irt = _ids(hdr.get("In-Reply-To"))
    if irt and irt[-1] not in refs:
        refs.append(irt[-1])
    rec["in_reply_to"] = irt[-1] if irt else None
    rec["references"] = refs
    exchange_note = _msg_sender(rec, msg, hdr)
    via_list = rec.pop("via_list", None)  # set by _msg_sender for a post a mailing list re-sent
    rec["recipients"] = _msg_recipients(
        msg, hdr, exchange=exchange_note is not None and exchange_note != _NO_SENDER_ADDRESS)
    if via_list is not None:
        rec["recipients"] = _with_list(rec["recipients"], via_list)
    # the transport headers' Date gives the sender's offset too (PR_CLIENT_SUBMIT_TIME is UTC only)
    stamp, offset, date_note = _when_noted(hdr.get("Date")) if hdr is not None else (None, None, None)
    if implausible_time(stamp) is not None:  # a mis-set clock: PR_CLIENT_SUBMIT_TIME is the better time
        stamp = offset = date_note = None
    date = getattr(msg, "date", None)
    if stamp is not None:
        rec["timestamp"], rec["utc_offset"] = stamp, offset
    elif isinstance(date, datetime):
        rec["timestamp"] = (date if date.tzinfo else date.replace(tzinfo=timezone.utc)).astimezone(
            timezone.utc)
    else:
        rec["timestamp"] = _timestamp(date)
    rec["subject"] = one_line(str(getattr(msg, "subject", "") or "").strip())
    notes = [note for note in (exchange_note, date_note if stamp is not None else None) if note]
    if len(rec["subject"]) > MAX_SUBJECT_CHARS:
        rec["subject"] = rec["subject"][:MAX_SUBJECT_CHARS]
        notes.append(f"subject truncated to {MAX_SUBJECT_CHARS:,} characters")
    _cap_sender_name(rec, notes)
    body = getattr(msg, "body", None)
    is_html = False
    if not body:
        html = getattr(msg, "htmlBody", None)
        if html:
            body = decode_bytes(html) if isinstance(html, bytes) else str(html)
            is_html = True
    body = str(body or "").replace("\r\n", "\n")
    if len(body) > max_body_chars:
        body = body[:max_body_chars]
        notes.append(f"body truncated to {max_body_chars:,} characters")
    rec["text"], rec["quoted_text"] = _split(body, html=is_html, rec=rec)
    rec["status"] = "ok"
    headers = {k.lower(): v for k, v in hdr.items()} if hdr is not None else {}
    text = rec["text"]
    auto = (_msg_class_reason(str(getattr(msg, "classType", "") or ""), text)
            or _automated(headers, rec.get("sender"), rec["subject"])
            or _calendar_or_receipt(None, rec["subject"], body, text)
            or (_bulk(headers) if headers else None) or (_OOO_TEXT if out_of_office(text) else None))
    if auto:
        rec["status"] = "automated"
        notes.insert(0, auto)
    rec["error"] = "; ".join(notes) or None


# Outlook's message class (PR_MESSAGE_CLASS) of mail a machine wrote, by prefix (lower-cased)
_MSG_CLASSES = (
    ("ipm.note.rules.ooftemplate", "automated message: an out-of-office reply (Outlook message class {})"),
    ("ipm.note.rules.replytemplate", "automated message: a rule's auto-reply (Outlook message class {})"),
    ("report.", "automated message: {kind} (Outlook message class {})"),
    ("ipm.schedule.meeting.", "automated message: a calendar {kind} (Outlook message class {})"),
)
_REPORT_KINDS = (("ipnrn", "a read receipt"), ("ipnnrn", "a not-read notification"),
                 ("ndr", "a delivery report (bounce)"), ("dr", "a delivery receipt"))


def _msg_class_reason(cls: str, text: str) -> str | None:
    """Why a .msg is machine-written from its message class (None for a person's mail). A meeting
    request with words a person typed is the client writing, as for a text/calendar part."""
    low = cls.strip().lower()
    for prefix, why in _MSG_CLASSES:
        if not low.startswith(prefix):
            continue
        if prefix == "report.":
            kind = next((k for end, k in _REPORT_KINDS if low.endswith("." + end)), "a delivery report")
            return why.format(cls.strip(), kind=kind)
        if prefix == "ipm.schedule.meeting.":
            rest = low[len(prefix):]
            if rest.startswith("request") and _typed_message(text):
                return None
            kind = ("invitation" if rest.startswith("request") else "cancellation"
                    if rest.startswith("cancel") else "response" if rest.startswith("resp") else "item")
            return why.format(cls.strip(), kind=kind)
        return why.format(cls.strip())
    return None


# Outlook data files: "!BDN", a CRC, then the client magic "SM" (.pst) or "SO" (.ost, Exchange's
# offline cache). Recognised only to say what they are and how to get readable mail out of them.
_PST_MAGIC = b"!BDN"
_PST_HOW = ("an Outlook data file ({kind}), which frictionscan does not read: convert it with readpst "
            "(readpst -r -o <folder> <file> writes one mbox per Outlook folder) and read that folder, "
            "or export the messages from Outlook as .msg files (drag them to a folder) or as an mbox")


def _sniff_pst(path: Path, head: bytes) -> bool:
    return head.startswith(_PST_MAGIC)


def read_pst(path: Path, options: ReadOptions) -> Iterator[dict[str, Any]]:
    """One error row for an Outlook ``.pst``/``.ost`` file, saying how to convert it."""
    try:
        with open(path, "rb") as fh:
            client = fh.read(10)[8:10]
    except OSError:
        client = b""
    rec: dict[str, Any] = {"channel": "email", "source": str(path), "source_index": 0}
    ost = client == b"SO" or Path(path).suffix.lower() == ".ost"
    _error(rec, _PST_HOW.format(kind=".ost" if ost else ".pst"))
    yield rec


# ----------------------------------------------------------------------------------------------
# registration

register_reader(Reader(name="outlook-data-file", sniff=_sniff_pst, read=read_pst, priority=10,
                       description="Outlook .pst/.ost data file: not read, an error row says how to "
                                   "convert it"), replace=True)
register_reader(Reader(name="msg", sniff=_sniff_msg, read=read_msg, priority=20,
                       description="Outlook .msg (OLE compound file)"), replace=True)
register_reader(Reader(name="mbox", sniff=_sniff_mbox, read=read_mbox, priority=30,
                       description="mbox file (mboxo/mboxrd), streamed"), replace=True)
register_reader(Reader(name="eml", sniff=_sniff_eml, read=read_message_file, priority=40,
                       description="single RFC 5322 message (.eml)"), replace=True)
register_reader(Reader(name="maildir", sniff=lambda p, h: is_maildir(Path(p)), read=read_maildir,
                       priority=30, container=True, description="Maildir folder (cur/ new/)"),
                replace=True)
