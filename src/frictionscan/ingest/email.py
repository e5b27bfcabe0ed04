"""Email readers: mbox, Maildir, single ``.eml`` and Outlook ``.msg`` -> message records.

Each reader turns a file (or a Maildir folder) into *records*: dicts keyed by the message-table columns
(:mod:`frictionscan.schemas`) plus ``references`` (the parent Message-IDs, for threading). The ingest
pipeline (:mod:`frictionscan.ingest.pipeline`) fills the rest: synthetic ids, threads, direction,
relationship, duplicates.

Parsing uses the standard library's ``email`` package with ``policy=compat32`` (about 7x faster than
``policy.default``) and our own header and charset decoding (:mod:`frictionscan.ingest.charsets`). The
body is the first inline ``text/plain`` part (all inline plain parts joined), else the HTML part rendered
by :func:`frictionscan.clean.split_reply` with ``html=True``. Attached messages (``message/rfc822``:
forwarded mail) go to ``quoted_text``: they are not the sender's voice.

mbox files are streamed: :func:`iter_mbox_messages` scans for ``From `` separator lines in a buffered
binary read (no table of contents of the whole file is built), undoes ``>From `` escaping, and can
read one byte range of a file on its own. :func:`split_mbox` cuts a file into such ranges, so that
several processes can read one big mailbox in parallel.

A message that cannot be parsed never raises: it becomes a record with ``status="error"`` and an
``error`` reason.
"""

from __future__ import annotations

import contextlib
import email.utils
import itertools
import os
import re
from collections.abc import Iterator
from datetime import datetime, timezone
from email.header import Header, decode_header
from email.message import Message
from email.parser import BytesParser
from email.policy import compat32
from pathlib import Path
from typing import Any

from .charsets import decode_bytes
from .registry import DEFAULT_MAX_BODY_CHARS, Reader, ReadOptions, register_reader

__all__ = [
    "NOT_AN_EMAIL",
    "decode_header_value",
    "iter_mbox_messages",
    "parse_message",
    "read_eml",
    "read_maildir",
    "read_mbox",
    "read_msg",
    "split_mbox",
]

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
_SEP_LOOSE = re.compile(rb"From \S+\s+.*\d\d?:\d\d")
_SEP_STRICT = re.compile(
    rb"From \S+\s+(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),? +[A-Z][a-z]{2} +\d\d? +\d\d?:\d\d:\d\d")
_PARSER = BytesParser(policy=compat32)
_CHUNK = 1 << 20


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


def _addresses(msg: Message, *names: str) -> list[tuple[str, str]]:
    values = []
    for name in names:
        for v in msg.get_all(name) or ():
            values.append(v if isinstance(v, str) else decode_header_value(v))
    if not values:
        return []
    try:
        pairs = email.utils.getaddresses(values)
    except Exception:
        return []
    out = []
    for name, addr in pairs:
        addr = addr.strip().strip("<>").lower()
        if addr:
            out.append((decode_header_value(name) if name else "", addr))
    return out


def _timestamp(value: Any) -> datetime | None:
    if not value:
        return None
    text = decode_header_value(value)
    try:
        dt = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if dt is None:
        return None
    try:
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=timezone.utc)
        dt = dt.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        return None
    if not 1678 <= dt.year <= 2261:  # outside pandas' nanosecond range: unknown date
        return None
    return dt


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
    cut = False
    if len(data) > limit_bytes:
        cut = True
        end = limit_bytes
        while end > 0 and 0x80 <= data[end] < 0xC0 and limit_bytes - end < 4:
            end -= 1
        data = data[:end]
    try:
        charset = part.get_param("charset")
    except Exception:
        charset = None
    if isinstance(charset, tuple):  # RFC 2231 form
        charset = charset[0]
    return decode_bytes(data, charset), cut


def _is_attachment(part: Message) -> bool:
    disp = part.get("Content-Disposition")
    return bool(disp and str(disp).strip().lower().startswith("attachment"))


def _collect(part: Message, plain: list[Message], html: list[Message], attached: list[Message],
             depth: int = 0) -> None:
    if depth > 30:
        return
    ctype = part.get_content_type()
    if ctype == "message/rfc822" or ctype == "message/global":
        payload = part.get_payload()
        if isinstance(payload, list):
            attached.extend(p for p in payload if isinstance(p, Message))
        return
    if part.is_multipart():
        children = [c for c in part.get_payload() if isinstance(c, Message)]
        if ctype == "multipart/alternative":
            best = _best_alternative(children)
            if best is not None:
                _collect(best, plain, html, attached, depth + 1)
            return
        for child in children:
            _collect(child, plain, html, attached, depth + 1)
        return
    if _is_attachment(part):
        return
    if ctype == "text/plain":
        plain.append(part)
    elif ctype == "text/html":
        html.append(part)


def _best_alternative(children: list[Message]) -> Message | None:
    for wanted in ("text/plain", "text/html"):
        for c in children:
            if c.get_content_type() == wanted and not _is_attachment(c):
                return c
    for c in children:
        if c.is_multipart():
            return c
    return children[0] if children else None


def _split(body: str, *, html: bool, sender: str | None) -> tuple[str, str]:
    from ..clean import split_reply

    return split_reply(body, html=html, sender=sender)


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
    _collect(msg, plain, html, attached, 1)
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
                  max_body_chars: int = DEFAULT_MAX_BODY_CHARS) -> dict[str, Any]:
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
    try:
        _fill(rec, data, max_body_chars)
    except RecursionError:
        _error(rec, "unreadable message: MIME nesting too deep")
    except Exception as exc:  # a bad message is data, never a crash
        _error(rec, f"unreadable message: {type(exc).__name__}: {exc}")
    return rec


def _error(rec: dict[str, Any], reason: str) -> None:
    rec["status"] = "error"
    rec["error"] = reason
    rec.setdefault("text", None)


def _fill(rec: dict[str, Any], data: bytes, max_body_chars: int) -> None:
    msg = _PARSER.parsebytes(data)
    if len(msg) == 0 or not any(msg.get(h) is not None for h in _EMAIL_HEADERS):
        _error(rec, NOT_AN_EMAIL)
        return
    notes: list[str] = []
    mid = _ids(_raw_header(msg, "Message-ID"))
    rec["message_id"] = mid[0] if mid else None
    irt = _ids(_raw_header(msg, "In-Reply-To"))
    refs = _ids(_raw_header(msg, "References"))
    if irt and irt[-1] not in refs:
        refs.append(irt[-1])
    rec["in_reply_to"] = irt[-1] if irt else (refs[-1] if refs else None)
    rec["references"] = refs
    senders = _addresses(msg, "From") or _addresses(msg, "Sender")
    if senders:
        rec["sender_name"] = senders[0][0] or None
        rec["sender"] = senders[0][1]
    else:
        raw_from = decode_header_value(_raw_header(msg, "From"))
        rec["sender"] = raw_from.lower() or None
    rec["recipients"] = ", ".join(dict.fromkeys(a for _, a in _addresses(msg, "To", "Cc"))) or None
    rec["timestamp"] = _timestamp(_raw_header(msg, "Date"))
    rec["subject"] = decode_header_value(_raw_header(msg, "Subject"))

    plain: list[Message] = []
    html: list[Message] = []
    attached: list[Message] = []
    _collect(msg, plain, html, attached)
    limit_bytes = max_body_chars * 4
    cut = False
    if plain:
        texts = []
        for p in plain:
            t, c = _payload_text(p, limit_bytes)
            texts.append(t)
            cut = cut or c
        body, is_html = "\n\n".join(texts), False
    elif html:
        texts = []
        for p in html:
            t, c = _payload_text(p, limit_bytes)
            texts.append(t)
            cut = cut or c
        body, is_html = "\n".join(texts), True
    else:
        body, is_html = "", False
    if "\r" in body:
        body = body.replace("\r\n", "\n").replace("\r", "\n")
    if len(body) > max_body_chars:
        body, cut = body[:max_body_chars], True
    if cut:
        notes.append(f"body truncated to {max_body_chars:,} characters")
    text, quoted = _split(body, html=is_html, sender=rec.get("sender"))
    if attached:
        fwd = "\n\n".join(_forwarded_text(m, limit_bytes) for m in attached)
        quoted = f"{quoted}\n\n{fwd}".strip() if quoted else fwd
    rec["text"] = text
    rec["quoted_text"] = quoted
    if msg.defects or any(p.defects for p in plain + html):
        defects = {type(d).__name__ for d in msg.defects}
        if "StartBoundaryNotFoundDefect" in defects or "CloseBoundaryNotFoundDefect" in defects:
            notes.append("truncated or malformed MIME: boundary not found; read what was there")
    rec["status"] = "ok"
    rec["error"] = "; ".join(notes) or None


# ----------------------------------------------------------------------------------------------
# mbox


def _is_separator(line: bytes, prev_blank: bool) -> bool:
    """An mbox ``From `` line: after a blank line (or at the start) with a time, or a full asctime."""
    if not line.startswith(b"From "):
        return False
    if prev_blank:
        return _SEP_LOOSE.match(line) is not None
    return _SEP_STRICT.match(line) is not None


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
    with open(path, "rb", buffering=_CHUNK) as fh:
        fh.seek(start)
        pos = start
        lines: list[bytes] = []
        started = False
        prev_blank = True
        for line in fh:
            if end is not None and pos >= end:
                break
            pos += len(line)
            if line[:5] == b"From " and _is_separator(line, prev_blank):
                if started:
                    yield _unescape(b"".join(lines))
                elif any(ln.strip() for ln in lines):
                    yield b"".join(lines)
                lines = []
                started = True
                prev_blank = False
                continue
            lines.append(line)
            prev_blank = line == b"\n" or line == b"\r\n"
        if started:
            yield _unescape(b"".join(lines))
        elif any(ln.strip() for ln in lines):
            yield b"".join(lines)


def _unescape(msg: bytes) -> bytes:
    if b">From " in msg:
        msg = _FROM_ESCAPED.sub(rb"\1", msg)
    return msg


def read_mbox(path: Path, options: ReadOptions) -> Iterator[dict[str, Any]]:
    """Records of every message of an mbox file, streaming."""
    src = str(path)
    for i, raw in enumerate(iter_mbox_messages(path)):
        if not raw.strip():
            rec = {"channel": "email", "source": src, "source_index": i}
            _error(rec, "empty message in mbox")
            yield rec
            continue
        yield parse_message(raw, source=src, index=i, max_body_chars=options.max_body_chars)


def _sniff_mbox(path: Path, head: bytes) -> bool:
    head = head.lstrip(b"\xef\xbb\xbf")
    if not head.startswith(b"From "):
        return False
    nl = head.find(b"\n")
    first = head[: nl + 1 if nl >= 0 else len(head)]
    if not _is_separator(first, True):
        return False
    return _looks_like_headers(head[nl + 1:]) if nl >= 0 else False


# ----------------------------------------------------------------------------------------------
# eml, Maildir


def _looks_like_headers(head: bytes) -> bool:
    """True when ``head`` starts with an RFC 5322 header block holding at least one email header."""
    known = False
    seen = 0
    for line in head.split(b"\n", 60)[:60]:
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
        if m.group(1).lower() in _KNOWN_HEADERS:
            known = True
    return known and seen > 0


def _sniff_eml(path: Path, head: bytes) -> bool:
    head = head.lstrip(b"\xef\xbb\xbf")
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
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith(b"From ") and b"\n" in data:  # envelope line of a one-message mbox
        data = data[data.index(b"\n") + 1:]
    yield parse_message(data, source=src, index=0, max_body_chars=options.max_body_chars)


def is_maildir(path: Path) -> bool:
    """A folder with ``cur/`` and ``new/`` subfolders."""
    return (path / "cur").is_dir() and (path / "new").is_dir()


def read_maildir(path: Path, options: ReadOptions) -> Iterator[dict[str, Any]]:
    """Records of a Maildir: ``new/`` then ``cur/`` (sorted), then Maildir++ ``.Sub`` folders."""
    path = Path(path)
    for sub in ("new", "cur"):
        folder = path / sub
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        for name in names:
            if name.startswith("."):
                continue
            yield from read_eml(folder / name, options)
    try:
        children = sorted(p for p in path.iterdir() if p.name.startswith(".") and p.is_dir())
    except OSError:
        children = []
    for child in children:
        if is_maildir(child):
            yield from read_maildir(child, options)


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
    except Exception as exc:
        _error(rec, f"unreadable Outlook .msg: {type(exc).__name__}: {exc}")
    finally:
        if msg is not None:
            with contextlib.suppress(Exception):
                msg.close()
    yield rec


def _fill_from_msg(rec: dict[str, Any], msg: Any, max_body_chars: int) -> None:
    header_text = getattr(msg, "headerText", None) or ""
    mid = _ids(getattr(msg, "messageId", None))
    rec["message_id"] = mid[0] if mid else None
    irt = _ids(getattr(msg, "inReplyTo", None))
    refs: list[str] = []
    if header_text:
        hdr = _PARSER.parsebytes(header_text.encode("utf-8", "surrogateescape"), headersonly=True)
        refs = _ids(hdr.get("References"))
    if irt and irt[-1] not in refs:
        refs.append(irt[-1])
    rec["in_reply_to"] = irt[-1] if irt else None
    rec["references"] = refs
    pairs = email.utils.getaddresses([str(getattr(msg, "sender", "") or "")])
    if pairs and pairs[0][1]:
        rec["sender_name"] = pairs[0][0] or None
        rec["sender"] = pairs[0][1].lower()
    to = [str(getattr(msg, a, "") or "") for a in ("to", "cc")]
    addrs = [a.lower() for _, a in email.utils.getaddresses(to) if a]
    rec["recipients"] = ", ".join(dict.fromkeys(addrs)) or None
    date = getattr(msg, "date", None)
    if isinstance(date, datetime):
        rec["timestamp"] = (date if date.tzinfo else date.replace(tzinfo=timezone.utc)).astimezone(
            timezone.utc)
    else:
        rec["timestamp"] = _timestamp(date)
    rec["subject"] = str(getattr(msg, "subject", "") or "").strip()
    body = getattr(msg, "body", None)
    is_html = False
    if not body:
        html = getattr(msg, "htmlBody", None)
        if html:
            body = decode_bytes(html) if isinstance(html, bytes) else str(html)
            is_html = True
    body = str(body or "").replace("\r\n", "\n")
    notes = []
    if len(body) > max_body_chars:
        body = body[:max_body_chars]
        notes.append(f"body truncated to {max_body_chars:,} characters")
    rec["text"], rec["quoted_text"] = _split(body, html=is_html, sender=rec.get("sender"))
    rec["status"] = "ok"
    rec["error"] = "; ".join(notes) or None


# ----------------------------------------------------------------------------------------------
# registration

register_reader(Reader(name="msg", sniff=_sniff_msg, read=read_msg, priority=20,
                       description="Outlook .msg (OLE compound file)"), replace=True)
register_reader(Reader(name="mbox", sniff=_sniff_mbox, read=read_mbox, priority=30,
                       description="mbox file (mboxo/mboxrd), streamed"), replace=True)
register_reader(Reader(name="eml", sniff=_sniff_eml, read=read_eml, priority=40,
                       description="single RFC 5322 message (.eml)"), replace=True)
register_reader(Reader(name="maildir", sniff=lambda p, h: is_maildir(Path(p)), read=read_maildir,
                       priority=30, container=True, description="Maildir folder (cur/ new/)"),
                replace=True)
