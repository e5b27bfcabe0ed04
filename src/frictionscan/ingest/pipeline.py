"""The ingest pipeline: a file or folder -> the canonical message table (:func:`read`, :func:`iter_read`).

1. **Walk** the source: one file, or a folder read recursively in sorted order (Maildir folders are
   read as Maildir; hidden files and mail-client index files are skipped).
2. **Detect** each file's format from its first bytes (:func:`~frictionscan.ingest.registry.sniff_format`)
   unless ``format=`` forces a reader. A file nobody recognises becomes one error row.
3. **Read** records with the matching reader (:mod:`frictionscan.ingest.email`, transcripts,
   helpdesk exports, or any reader registered with
   :func:`~frictionscan.ingest.registry.register_reader`).
4. **Finish** every record alike (:class:`RecordFinisher`): whatever the reader left empty is filled --
   a stable synthetic ``message_id`` (``fs-<sha1>``), ``thread_id``
   (:mod:`frictionscan.ingest.threading`), ``direction`` and ``relationship``
   (:mod:`frictionscan.ingest.accounts`), ``channel`` (``email``), ``status`` (``ok``), duplicates
   (``status="duplicate"``: kept, never dropped), ``source`` and ``source_index``.
5. **Frame** the records with :func:`frictionscan.schemas.messages_frame`, ``chunksize`` at a time.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Union

import pandas as pd

from .._text import one_line, utf8_text, valid_text
from .._when import implausible_time
from ..clean import drop_controls
from ..errors import FrictionscanWarning, InvalidOptionError, SourceNotFoundError
from ..schemas import empty_messages, messages_frame
from . import registry
from .accounts import classify, load_accounts, normalize_domains
from .registry import DEFAULT_MAX_BODY_CHARS, HEAD_BYTES, Reader, ReadOptions, failure_reason
from .threading import ThreadIndex

__all__ = ["LINK_OUTSIDE", "RecordFinisher", "error_record", "inside", "iter_read", "iter_records",
           "make_options", "not_regular", "read",
           "walk"]

#: Not messages: never read when walking a folder (a file named explicitly is always read).
#: ``Info.plist`` and ``table_of_contents`` are the metadata Apple Mail writes beside the ``mbox``
#: file of each exported ``<Folder>.mbox`` folder.
SKIPPED_NAMES = frozenset({"thumbs.db", "desktop.ini", "icon\r", "info.plist", "table_of_contents"})
SKIPPED_SUFFIXES = (".msf", ".mbox.lock", ".lock", ".toc", ".tmp", ".ds_store")

_FIRST_LINE_CHARS = 2_000
#: ``error`` texts longer than this are cut: an error says why, it never carries a mailbox.
MAX_ERROR_CHARS = 1_000

_MAGIC = ((b"PK\x03\x04", "a zip archive"), (b"PK\x05\x06", "a zip archive (empty)"),
          (b"\x1f\x8b", "gzip-compressed data"), (b"%PDF", "a PDF document"),
          (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
          (b"7z\xbc\xaf", "a 7-Zip archive"), (b"Rar!", "a RAR archive"),
          (b"\xd0\xcf\x11\xe0", "an OLE compound file (an old Office document, not an Outlook .msg)"))
_BINARY_HINT = {"a zip archive": "unpack it and read the folder",
                "gzip-compressed data": "decompress it first"}


#: Office documents are zip archives, told apart by the part each holds: (part, what it is, what to
#: do, the channel of its error row: a Word file among calls is a transcript downloaded as .docx).
_OFFICE = ((b"word/document.xml", "a Word document (.docx)",
            "in Teams download the transcript as .vtt, or save it as plain text (.txt)", "transcript"),
           (b"xl/workbook.xml", "an Excel workbook (.xlsx)",
            "save the sheet as CSV (UTF-8) and read the .csv", None))


def _office_kind(path: Path, head: bytes) -> tuple[bytes, str, str, str | None] | None:
    """The :data:`_OFFICE` entry of a zip file that is a Word or Excel document, else None."""
    if not head.startswith(b"PK\x03\x04"):
        return None
    for entry in _OFFICE:
        if entry[0] in head:  # the part's local header is usually in the first bytes
            return entry
    try:
        import zipfile

        with zipfile.ZipFile(path) as z:
            names = {n.encode("utf-8", "replace") for n in z.namelist()}
    except Exception:  # not a readable zip: it stays "a zip archive"
        return None
    return next((entry for entry in _OFFICE if entry[0] in names), None)


def _binary_kind(head: bytes) -> str | None:
    """What a file that is not text is (``a zip archive``...), or None for text."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    from .transcripts import stray_nuls

    sample = head[:4096]
    if not sample:
        return None
    if b"\x00" in sample and not sample.startswith((b"\xff\xfe", b"\xfe\xff")) \
            and not stray_nuls(head):  # a few bad bytes in text are not binary (as the readers say)
        if max(sample[0::2].count(0), sample[1::2].count(0)) * 3 > len(sample):
            return "UTF-16 text without a byte-order mark (save it as UTF-8)"
        return "binary data"
    controls = sum(1 for b in sample if 0 < b < 32 and b not in (9, 10, 12, 13))  # (NULs: above)
    return "binary data" if controls * 10 > len(sample) else None


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _cap_error(text: str) -> str:
    if len(text) <= MAX_ERROR_CHARS:
        return text
    return text[: MAX_ERROR_CHARS - 40] + f"… (error text cut at {MAX_ERROR_CHARS:,} characters)"


def _tabular(text: str, first: str) -> bool:
    """The text reads as a table: its second non-empty line has the first line's delimiter too (a
    script or a letter whose first line holds a comma is no CSV file; a header alone may be).

    >>> _tabular('a,b\\n1,2', 'a,b'), _tabular('Build the mailbox, from stories.\\n\\nEverything here.',
    ...                                      'Build the mailbox, from stories.')
    (True, False)
    """
    delim = max([",", ";", "\t"], key=first.count)
    rest = [ln for ln in re.split(r"\r\n|\r|\n", text)[1:6] if ln.strip()]
    return not rest or delim in rest[0]


#: how a JSON document opens: "{" or "[" then a string, object, list, number, literal or the end
_JSON_START = re.compile(r'[\[{]\s*(?:["{\[\]}\-\d]|true\b|false\b|null\b|$)')


#: the JSON documents the readers take, for the reason of one they do not (docs/transcripts.md)
_JSON_READ = ("JSON is read as transcript segments (speaker, start, end, text) or as helpdesk "
              "comment rows (a list of them, or an object holding one list)")
_JSON_TYPES = {"str": "text", "int": "numbers", "float": "numbers", "bool": "true/false",
               "NoneType": "null", "list": "lists"}


#: what a file named as one message must start with, for the reason of one that does not: the
#: name says what it should be, so the reason is that, not what other reader it resembles
_MESSAGE_FILES = {
    ".eml": "not an email: no header lines at its start (an .eml file starts with lines such as "
            "'From: ...' and 'Subject: ...')",
    ".msg": "not an Outlook message: it does not start as a .msg file does (an OLE compound file)",
}


def _not_a_message(what: str, head: bytes) -> str:
    """The reason of a file named as one message (``.eml``, ``.msg``) that no reader took: what it
    should hold, what it holds instead, and what to do.

    >>> _not_a_message(_MESSAGE_FILES[".eml"], b"hello, world\\nfoo, bar\\n")
    "not an email: no header lines at its start (an .eml file starts with lines such as 'From: ...' and 'Subject: ...'); its first line is 'hello, world'. Export the message again"
    """
    kind = _binary_kind(head)
    if kind is None:
        text = head.decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
        first = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0].strip()[:_FIRST_LINE_CHARS]
        kind = f"its first line is {_short(first, 60)!r}"
    else:
        kind = f"it holds {kind}"
    return f"{what}; {kind}. Export the message again"


def _json_looks(text: str) -> str:
    """What a JSON file no reader took holds: an empty list or object, a list of values that are
    not records, or the keys it shows (``text``: the file's first bytes, decoded; a document cut
    short by them, or JSON Lines, is described by the keys its start shows).

    >>> _json_looks("[]"), _json_looks('{"foo": 1, "bar": [2]}')
    ('an empty JSON list (no records)', "a JSON object with keys ['foo', 'bar']")
    >>> _json_looks('[{"colour": "blue", "size": 3}]')
    "JSON with keys ['colour', 'size']"
    """
    import json

    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):  # cut short by the sniff window, JSON Lines, or broken
        doc = None
    if isinstance(doc, (list, dict)) and not doc:
        return f"an empty JSON {'list' if isinstance(doc, list) else 'object'} (no records)"
    if isinstance(doc, dict):
        return f"a JSON object with keys {[_short(k) for k in doc][:8]}"
    if isinstance(doc, list) and not all(isinstance(x, dict) for x in doc):
        kinds = sorted({_JSON_TYPES.get(type(x).__name__, "values") for x in doc
                        if not isinstance(x, dict)})
        return f"a JSON list of {len(doc):,} values, not records ({', '.join(kinds)})"
    keys = list(dict.fromkeys(re.findall(r'"([^"\\]{1,40})"\s*:', text[:4000])))[:8]
    return f"JSON with keys {keys}" if keys else "JSON whose start shows no keys"


def _not_recognised(head: bytes, office: tuple[bytes, str, str, str | None] | None = None) -> str:
    """Why a file was not read, what it looks like, and how to read it if it is a known kind
    (``office``: the file's :data:`_OFFICE` entry, see :func:`_office_kind`).

    >>> _not_recognised(b"Issue key,Summary,Comment\\nSD-1,Broken,Still broken\\n").split(". ")[0]
    "no reader recognised this file: a CSV file with columns ['Issue key', 'Summary', 'Comment']"
    """
    if office is not None:
        return f"no reader recognised this file: {office[1]}, which frictionscan does not read: {office[2]}"
    kind = _binary_kind(head)
    if kind is not None:
        return (f"no reader recognised this file: {kind}, not an email, a transcript or a helpdesk "
                "export" + (f" ({_BINARY_HINT[kind]})" if kind in _BINARY_HINT else ""))
    text = head.decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    first = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0].strip()[:_FIRST_LINE_CHARS]
    if _JSON_START.match(text):  # ("[Name] 15:00:02 text" is text, not a JSON list)
        looks = f"{_json_looks(text)}; {_JSON_READ}"
    elif max(first.count(","), first.count(";"), first.count("\t")) >= 1 and _tabular(text, first):
        delim = max([",", ";", "\t"], key=first.count)
        looks = f"a CSV file with columns {[_short(c.strip()) for c in first.split(delim)][:8]}"
    else:
        looks = ("text that is not an email, a transcript or a helpdesk export (its first line: "
                 f"{_short(first, 60)!r})")
    return (f"no reader recognised this file: {looks}. Formats: {', '.join(registry.available_formats())}. "
            "A helpdesk export with other column names reads with fs.read(path, format='helpdesk', "
            "columns={'ticket_id': ..., 'body': ...}) or scan --format helpdesk --column ticket_id=... "
            "--column body=...")


# ----------------------------------------------------------------------------------------------
# options


def make_options(*, internal_domains: str | Iterable[str] | None = (),
                 accounts: Mapping[str, Any] | str | os.PathLike[str] | None = None,
                 format: str = "auto", internal_speakers: Iterable[str] | None = None,
                 relationship: str | Mapping[str, str] | None = None, start: Any = None,
                 columns: Mapping[str, str] | None = None, preset: str | None = None,
                 max_body_chars: int = DEFAULT_MAX_BODY_CHARS,
                 attendees: Mapping[str, str] | None = None,
                 dayfirst: bool | None = None) -> ReadOptions:
    """Validate :func:`read`'s keyword arguments into a :class:`~frictionscan.ingest.registry.ReadOptions`."""
    if not isinstance(format, str) or not format:
        raise InvalidOptionError(
            f"format must be 'auto' or one of {registry.available_formats()}; got {format!r}")
    fmt = format.lower()
    if fmt != "auto":
        registry.get_reader(fmt)  # raises with the list of valid names
    if isinstance(max_body_chars, bool) or not isinstance(max_body_chars, int) or max_body_chars < 1:
        raise InvalidOptionError(
            f"max_body_chars must be a positive int (default {DEFAULT_MAX_BODY_CHARS:,}); "
            f"got {max_body_chars!r}")
    if isinstance(internal_speakers, str):
        internal_speakers = [internal_speakers]
    speakers = frozenset(s.strip().lower() for s in (internal_speakers or ()) if str(s).strip())
    if columns is not None and not isinstance(columns, Mapping):
        raise InvalidOptionError(
            "columns must be a dict {canonical column: column in the export}, e.g. "
            f"{{'text': 'Comment body'}}; got {type(columns).__name__}")
    if columns is not None:
        from .helpdesk import check_columns

        check_columns(columns)  # a misspelt field raises here, not as an error row per file
    if preset is not None:
        from .helpdesk import _check_preset

        _check_preset(preset)  # an unknown preset raises here, before any file is read
    if attendees is not None and not isinstance(attendees, Mapping):
        raise InvalidOptionError(
            "attendees must be a dict {speaker name: email address}, e.g. "
            f"{{'Dana Whitlock': 'dana@ourco.io'}}; got {type(attendees).__name__}")
    if dayfirst is not None and not isinstance(dayfirst, bool):
        raise InvalidOptionError(
            "dayfirst must be True, False or None: True reads helpdesk dates such as 02/03/2026 as "
            "2 March (day/month), False as 3 February, None (default) tells from the file and "
            f"guesses month/day when it cannot; got {dayfirst!r}")
    from .transcripts import check_start

    start = check_start(start)  # a bad start= raises here, not as an error row per transcript
    return ReadOptions(
        internal_domains=normalize_domains(internal_domains),
        accounts=load_accounts(accounts),
        internal_speakers=speakers,
        relationship=relationship,
        start=start,
        columns=dict(columns) if columns is not None else None,
        preset=preset,
        max_body_chars=max_body_chars,
        format=fmt,
        attendees={str(k): str(v).lower() for k, v in (attendees or {}).items()},
        dayfirst=dayfirst,
    )


def _check_chunksize(chunksize: Any) -> int:
    if isinstance(chunksize, bool) or not isinstance(chunksize, int) or chunksize < 1:
        raise InvalidOptionError(f"chunksize must be a positive int (rows per DataFrame); got {chunksize!r}")
    return chunksize


# ----------------------------------------------------------------------------------------------
# walking and reading


#: file kinds that hold exactly one message (or an Outlook store): empty, they are an error row
_ONE_MESSAGE_SUFFIXES = frozenset({".eml", ".msg", ".pst", ".ost"})


def error_record(path: str | os.PathLike[str], index: int, reason: str) -> dict[str, Any]:
    """An error row for ``path`` (no channel: what it holds is unknown), saying ``reason``."""
    return {"source": str(path), "source_index": index, "status": "error", "error": reason,
            "channel": None}


def _skipped(name: str) -> bool:
    low = name.lower()
    return name.startswith(".") or low in SKIPPED_NAMES or low.endswith(SKIPPED_SUFFIXES)


def _container_reader(path: Path, options: ReadOptions) -> Reader | None:
    if options.format != "auto":
        reader = registry.get_reader(options.format)
        if reader.container:
            try:
                return reader if reader.sniff(path, b"") else None
            except Exception:
                return None
        return None
    return registry.sniff_format(path, b"", container=True)


class Skipped:
    """What :func:`walk` yields, in place of a reader, for an entry it will not read."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason


_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def not_regular(path: str | os.PathLike[str]) -> str | None:
    """Why ``path`` (links followed) must not be opened: a FIFO would block the read forever, a
    device never ends; None for a regular file (or one that cannot be stat'ed: opening it says why)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    return f"skipped: {kind}, not a regular file"


#: The reason of an entry never read because it is a symbolic link leading out of the folder read
#: (an unpacked archive must not pull in ``/etc/passwd``).
LINK_OUTSIDE = "skipped: a symbolic link that leads outside the folder being read"


def inside(real: str, root: str) -> bool:
    """Whether the real path ``real`` is ``root`` or under it."""
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def walk(path: Path, options: ReadOptions, seen: set[str] | None = None, *,
          root: str | None = None,
          report: bool = False) -> Iterator[tuple[Path, Reader | Skipped | None]]:
    """(file or container folder, its reader if it is a container) in sorted order, recursively.

    Never read: a symbolic link that leads outside the folder being walked (an unpacked archive
    must not pull in ``/etc/passwd`` or a key file next to it), and anything that is not a regular
    file (a FIFO would hang the read, ``/dev/zero`` never ends). With ``report=True`` each such entry
    is yielded with a :class:`Skipped` reason (``read`` makes it an error row, so counts stay
    honest); otherwise it is left out and a :class:`~frictionscan.errors.FrictionscanWarning` names it.
    """
    seen = set() if seen is None else seen
    try:
        real = os.path.realpath(path)
    except OSError:
        return
    if root is None:
        root = real
    if real in seen:  # a symlink loop, or the same folder linked twice
        return
    seen.add(real)
    reader = _container_reader(path, options)
    if reader is not None:
        yield path, reader
        return
    try:
        entries = sorted(os.scandir(path), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if _skipped(entry.name):
            continue
        p = Path(entry.path)
        why = None
        try:
            if entry.is_symlink() and not inside(os.path.realpath(p), root):
                why = LINK_OUTSIDE
            is_dir = why is None and entry.is_dir()
        except OSError:
            continue
        if why is None and not is_dir:
            why = not_regular(p)
        if why is not None:
            if report:
                yield p, Skipped(why)
            else:
                warnings.warn(f"{printable_path(str(p))}: {why}", FrictionscanWarning, stacklevel=2)
            continue
        if is_dir:
            yield from walk(p, options, seen, root=root, report=report)
        else:
            yield p, None


def _read_head(path: Path) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(HEAD_BYTES)


def _records_of(path: Path, reader: Reader, options: ReadOptions) -> Iterator[dict[str, Any]]:
    """A reader's records with ``source``/``source_index`` filled; a crashing reader ends in an error row."""
    src = str(path)
    n = 0
    try:
        it = reader.read(path, options)
        for rec in it:
            if not isinstance(rec, dict):
                rec = error_record(path, n, f"reader {reader.name!r} produced a {type(rec).__name__}, "
                                             "not a record")
                rec["channel"] = reader.channel
            if rec.get("source") is None:
                rec["source"] = src
            if rec.get("source_index") is None:
                rec["source_index"] = n
            n += 1
            yield rec
    except Exception as exc:  # a reader bug or an I/O error: keep the batch going
        rec = error_record(path, n, failure_reason(
            f"reader {reader.name!r} failed after {n} message(s)", exc))
        rec["channel"] = reader.channel  # what the reader knows the file is (None: email)
        yield rec


Sources = Union[str, "os.PathLike[str]", Sequence[Union[str, "os.PathLike[str]"]]]


def iter_records(source: Sources, options: ReadOptions) -> Iterator[dict[str, Any]]:
    """Raw records (not yet finished) of every message under ``source`` (one path, or a list of
    them read in order, each file once however it is spelled), in source order.

    Raises :class:`~frictionscan.errors.SourceNotFoundError` when a source does not exist, before
    anything is read.
    """
    if isinstance(source, (list, tuple)):
        if not source:
            raise InvalidOptionError("source is an empty list: name at least one file or folder")
        paths = [_existing(s) for s in source]  # every path checked before any work
        return _iter_many(paths, options)
    return _iter_records(_existing(source), options)


def _iter_many(paths: list[Path], options: ReadOptions) -> Iterator[dict[str, Any]]:
    seen: set[str] = set()
    for path in paths:
        key = os.path.realpath(path)
        if key in seen:  # one file named twice ("a.mbox", "./a.mbox", a link) is read once
            continue
        seen.add(key)
        yield from _iter_records(path, options)


def _existing(source: str | os.PathLike[str]) -> Path:
    try:
        path = Path(os.fspath(source)).expanduser()
    except TypeError:
        raise InvalidOptionError(
            f"source must be a path (str or pathlib.Path) to a file or folder; got {source!r}"
        ) from None
    if not path.exists():
        raise SourceNotFoundError(
            f"no such file or folder: {str(source)!r} (resolved from {os.getcwd()!r}). "
            "Check the path: read() takes an mbox, .eml, .msg, a Maildir, a transcript or helpdesk "
            "export, or a folder holding any mix of these.")
    return path


def _iter_records(path: Path, options: ReadOptions) -> Iterator[dict[str, Any]]:
    forced = registry.get_reader(options.format) if options.format != "auto" else None
    if path.is_dir():
        items: Iterable[tuple[Path, Reader | Skipped | None]] = walk(path, options, report=True)
    else:
        why = not_regular(path)  # a file named explicitly is read, unless it is a FIFO or device
        items = [(path, Skipped(why) if why else None)]
    for p, container in items:
        if isinstance(container, Skipped):
            yield error_record(p, 0, container.reason)
            continue
        if container is not None:
            yield from _records_of(p, container, options)
            continue
        try:
            head = _read_head(p)
        except OSError as exc:
            yield error_record(p, 0, f"cannot read file: {exc.strerror or exc}")
            continue
        if forced is not None and not forced.container:
            reader: Reader | None = forced
        else:
            if not head:
                # an empty mailbox or transcript holds no message; an empty message file is a
                # message that lost its content (a failed export): say so, or it vanishes
                if p.suffix.lower() in _ONE_MESSAGE_SUFFIXES:
                    rec = error_record(p, 0, "empty file (0 bytes): a message file with nothing in "
                                             "it; export the message again")
                    rec["channel"] = "email"
                    yield rec
                continue
            reader = registry.sniff_format(p, head)
        if reader is None:
            office = _office_kind(p, head)
            own = _MESSAGE_FILES.get(p.suffix.lower()) if office is None else None
            rec = error_record(p, 0, _not_a_message(own, head) if own else _not_recognised(head, office))
            if office is not None:
                rec["channel"] = office[3]
            elif own:
                rec["channel"] = "email"
            yield rec
            continue
        yield from _records_of(p, reader, options)


# ----------------------------------------------------------------------------------------------
# finishing


def printable_path(text: str) -> str:
    """A file path as a valid str: bytes of the name that are not UTF-8 become ``\\xNN`` escapes.

    On POSIX, Python keeps such bytes as lone surrogates (``os.fsdecode``'s surrogateescape), which
    no UTF-8 writer (pyarrow, CSV, a terminal) accepts. ``b"caf\\xe9.eml"`` becomes ``caf\\xe9.eml``
    (a backslash, then ``xe9``): readable, and still telling which file it was.

    >>> printable_path(os.fsdecode(b"caf\\xe9.eml"))
    'caf\\\\xe9.eml'
    >>> printable_path("café.eml")
    'café.eml'
    """
    fixed = utf8_text(text, "backslashreplace")
    if fixed is None:  # a surrogate that is no escaped byte: show its code point
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return fixed


def _clean_strings(rec: dict[str, Any], fix: Callable[[str], str] = printable_path) -> None:
    """Every str value of a record (and every str in a list value) passed through ``fix``, which
    leaves ASCII alone: made encodable (a bad file name can reach other fields)."""
    for key, value in rec.items():
        if isinstance(value, str):
            if not value.isascii():
                rec[key] = fix(value)
        elif isinstance(value, list):
            rec[key] = [fix(v) if isinstance(v, str) else v for v in value]


def _synthetic_id(rec: Mapping[str, Any]) -> str:
    parts = [rec.get("channel"), rec.get("sender"), rec.get("recipients"), rec.get("timestamp"),
             rec.get("subject"), rec.get("text"), rec.get("quoted_text")]
    if rec.get("channel") != "email" or rec.get("status") == "error":
        parts += [rec.get("source"), rec.get("source_index"), rec.get("error")]
    h = hashlib.sha1("\x1f".join("" if p is None else str(p) for p in parts).encode(
        "utf-8", "surrogatepass"))
    return "fs-" + h.hexdigest()


class RecordFinisher:
    """Fill what a reader left empty, identically for every format (see the module docstring).

    One finisher holds the cross-message state of one :func:`read` call (ids seen, threads), so every
    record of the call must go through the same instance, in source order. It is also the hook for
    parallel reading: workers may parse byte ranges (:func:`frictionscan.ingest.email.split_mbox`),
    and the parent passes their records, in order, through one finisher.

    Parameters
    ----------
    options : ReadOptions
        From :func:`make_options`.
    keep : bool
        Remember every message's thread key so :meth:`resolved_thread_ids` can merge threads after
        the fact (``read``); ``False`` keeps memory flat for streaming (``iter_read``).

    Examples
    --------
    >>> fin = RecordFinisher(make_options(internal_domains=["northwind.io"]))
    >>> rec = fin.finish({"sender": "ann@acme.com", "recipients": "bob@northwind.io", "text": "hi"})
    >>> rec["direction"], rec["relationship"], rec["status"], rec["message_id"][:3]
    ('inbound', 'acme.com', 'ok', 'fs-')
    >>> fin.finish(dict(rec, thread_id=None))["status"]
    'duplicate'
    """

    def __init__(self, options: ReadOptions, *, keep: bool = False) -> None:
        self.options = options
        self.threads = ThreadIndex(keep=keep)
        self._seen: set[int] = set()
        self._threaded: list[int] = []  # positions of records whose thread id we assigned
        self._keep = keep
        self._count = 0
        self._classified: dict[tuple[str, Any], tuple[str | None, str | None]] = {}
        self.email_rows = 0
        self._src_raw: Any = None
        self._src_clean = True

    def finish(self, rec: dict[str, Any]) -> dict[str, Any]:
        """Complete one record in place and return it."""
        opts = self.options
        src = rec.get("source")
        if src is not self._src_raw and isinstance(src, str):  # once per file, not per record
            self._src_raw = src
            self._src_clean = printable_path(src) is src
        if not self._src_clean and src is self._src_raw:
            _clean_strings(rec)  # a file name that is not UTF-8: see printable_path
        # raw non-ASCII bytes in a header (a From address ending in a no-break space, a Message-ID
        # with a zero-width space) reach here as lone surrogates, which no writer takes: decoded
        # here, one message cannot crash the batch
        _clean_strings(rec, valid_text)
        sender = rec.get("sender")
        if isinstance(sender, str) and not sender.isascii():
            rec["sender"] = sender.strip()
        status = rec.get("status") or "ok"
        rec["status"] = status
        err = rec.get("error")
        if isinstance(err, str) and len(err) > MAX_ERROR_CHARS:
            rec["error"] = _cap_error(err)
        channel = rec.get("channel") or "email"
        rec["channel"] = channel
        bad = implausible_time(rec.get("timestamp"))
        if bad is not None:  # a reader without a better time to fall back on (e-mail has one)
            note = (f"time {rec['timestamp']:%Y-%m-%d %H:%M} is {bad}, so not trusted: the message has "
                    "no time, so health and commitments leave it out")
            rec["timestamp"] = rec["utc_offset"] = None
            rec["error"] = f"{rec['error']}; {note}" if rec.get("error") else note
        for key in ("sender_name", "subject"):  # from untrusted input, shown in tables and terminals
            value = rec.get(key)
            if isinstance(value, str):
                rec[key] = one_line(value)
        for key in ("text", "quoted_text"):  # NUL, ESC...: for the readers that clean no body too
            value = rec.get(key)
            if isinstance(value, str):
                rec[key] = drop_controls(value)
        text = rec.get("text")
        if isinstance(text, str) and len(text) > opts.max_body_chars:
            rec["text"] = text[: opts.max_body_chars]
            note = f"body truncated to {opts.max_body_chars:,} characters"
            rec["error"] = f"{rec['error']}; {note}" if rec.get("error") else note
        sender = rec.get("sender")
        if isinstance(sender, str) and "@" in sender:
            self.email_rows += 1
            if rec.get("direction") is None or rec.get("relationship") is None:
                key = (sender, rec.get("recipients"))
                hit = self._classified.get(key)
                if hit is None:
                    rcpts = (rec.get("recipients") or "").split(", ")
                    hit = classify(sender.lower(), rcpts, opts.internal_domains, opts.accounts)
                    if len(self._classified) > 20_000:
                        self._classified.clear()
                    self._classified[key] = hit
                direction, rel = hit
                if rec.get("direction") is None:
                    rec["direction"] = direction
                if rec.get("relationship") is None:
                    rec["relationship"] = rel
        # A mapping-valued ``relationship=`` is resolved by the transcript readers themselves;
        # only a plain account name is a fallback for rows that still have none.
        if rec.get("relationship") is None and isinstance(opts.relationship, str):
            rec["relationship"] = opts.relationship
        mid = rec.get("message_id")
        if not mid:
            mid = rec["message_id"] = _synthetic_id(rec)
        if status != "error":
            key = hash(mid)
            if key in self._seen:
                reason = f"duplicate of an earlier message with the same id <{mid}>"
                if status == "ok":
                    rec["status"] = "duplicate"
                # an auto-reply delivered twice stays "automated" (what it is matters more than
                # that it came twice: neither is scored), and says it is a repeat
                rec["error"] = f"{rec['error']}; {reason}" if rec.get("error") else reason
            elif status != "skipped":
                # a skipped draft's id is not recorded: Thunderbird reuses it for the sent copy,
                # which is the message (Drafts is often read before Sent)
                self._seen.add(key)
            if rec.get("thread_id") is None:
                refs = rec.get("references") or ([rec["in_reply_to"]] if rec.get("in_reply_to") else [])
                rcpts = list(filter(None, (rec.get("recipients") or "").split(", ")))
                rec["thread_id"] = self.threads.assign(mid, refs, rec.get("subject"), sender, rcpts,
                                                       rec.get("timestamp"))
                if self._keep:
                    self._threaded.append(self._count)
        elif rec.get("thread_id") is None:
            rec["thread_id"] = mid
        self._count += 1
        return rec

    def resolved_thread_ids(self) -> list[tuple[int, str]]:
        """``(record position, final thread id)`` for every record whose thread this finisher set."""
        return list(zip(self._threaded, self.threads.resolve(), strict=True))


# ----------------------------------------------------------------------------------------------
# public API


def iter_read(source: Sources, *,
              internal_domains: str | Iterable[str] | None = (),
              accounts: Mapping[str, Any] | str | os.PathLike[str] | None = None,
              format: str = "auto", chunksize: int = 10_000,
              internal_speakers: Iterable[str] | None = None, relationship: str | Mapping[str, str] | None = None,
              start: Any = None, columns: Mapping[str, str] | None = None,
              preset: str | None = None,
              max_body_chars: int = DEFAULT_MAX_BODY_CHARS,
              attendees: Mapping[str, str] | None = None,
              dayfirst: bool | None = None) -> Iterator[pd.DataFrame]:
    """Stream a source as message tables of at most ``chunksize`` rows each (flat memory).

    Same parameters and columns as :func:`read`; use it for mailboxes too big for memory. Threads
    are assigned as messages stream past, so a reply met *before* its parent with incomplete
    ``References`` may keep its own thread id here where :func:`read` would merge it.

    Parameters
    ----------
    source : str, path-like, or a list of them
        File, folder or list (see :func:`read`).
    chunksize : int, default 10_000
        Rows per yielded DataFrame.
    internal_domains, accounts, format, internal_speakers, relationship, start, columns, preset, max_body_chars, attendees, dayfirst
        As in :func:`read`.

    Yields
    ------
    pandas.DataFrame
        Message tables (:data:`frictionscan.schemas.MESSAGE_COLUMNS`), in source order. Nothing
        is yielded for a source that holds no message.

    Raises
    ------
    SourceNotFoundError
        ``source`` does not exist.
    InvalidOptionError
        An argument has an invalid value (the message lists the valid ones).

    Examples
    --------
    >>> import os, tempfile
    >>> import frictionscan as fs
    >>> box = os.path.join(tempfile.mkdtemp(), "inbox.mbox")
    >>> with open(box, "wb") as fh:
    ...     for i in range(5):
    ...         _ = fh.write(b"From ann@acme.com Mon Mar  4 09:12:00 2024\\n"
    ...                      b"From: ann@acme.com\\nTo: bob@northwind.io\\nSubject: Order %d\\n\\n"
    ...                      b"Where is order %d?\\n\\n" % (i, i))
    >>> chunks = fs.iter_read(box, internal_domains=["northwind.io"], chunksize=2)
    >>> [len(chunk) for chunk in chunks]
    [2, 2, 1]
    """
    size = _check_chunksize(chunksize)
    options = make_options(internal_domains=internal_domains, accounts=accounts, format=format,
                           internal_speakers=internal_speakers, relationship=relationship,
                           start=start, columns=columns, preset=preset,
                           max_body_chars=max_body_chars, attendees=attendees, dayfirst=dayfirst)
    records = iter_records(source, options)  # raises SourceNotFoundError before the first chunk
    return _iter_frames(records, options, size)


def _iter_frames(records: Iterator[dict[str, Any]], options: ReadOptions,
                 size: int) -> Iterator[pd.DataFrame]:
    finisher = RecordFinisher(options, keep=False)
    batch: list[dict[str, Any]] = []
    warned = False
    for rec in records:
        batch.append(finisher.finish(rec))
        if len(batch) >= size:
            if not warned:
                warned = _warn_direction(finisher, options)
            yield messages_frame(batch)
            batch = []
    if batch:
        if not warned:
            _warn_direction(finisher, options)
        yield messages_frame(batch)


def _warn_direction(finisher: RecordFinisher, options: ReadOptions) -> bool:
    if finisher.email_rows and not options.internal_domains:
        warnings.warn(
            "internal_domains was not given, so direction is <NA> and relationship is the sender's "
            "domain; pass internal_domains=['yourcompany.com'] to tell clients from colleagues",
            FrictionscanWarning, stacklevel=3)
        return True
    return False


def read(source: Sources, *,
         internal_domains: str | Iterable[str] | None = (),
         accounts: Mapping[str, Any] | str | os.PathLike[str] | None = None,
         format: str = "auto", chunksize: int | None = None,
         internal_speakers: Iterable[str] | None = None, relationship: str | Mapping[str, str] | None = None,
         start: Any = None, columns: Mapping[str, str] | None = None, preset: str | None = None,
         max_body_chars: int = DEFAULT_MAX_BODY_CHARS,
         attendees: Mapping[str, str] | None = None,
         dayfirst: bool | None = None) -> pd.DataFrame | Iterator[pd.DataFrame]:
    """Read mailboxes, transcripts or helpdesk exports into one clean, threaded message table.

    One row per message found, in source order. Bad input never raises: a junk file, a truncated
    MIME part or an unparseable message becomes a row with ``status="error"`` and a readable
    ``error``, so rows out = messages in. Only misuse raises (missing path, invalid option).

    Parameters
    ----------
    source : str, path-like, or a list of them
        An mbox file, a Maildir folder, a single ``.eml``, an Outlook ``.msg``, a transcript or
        helpdesk export, or a folder holding any mix of these (read recursively, in sorted
        order; hidden files and mail-client index files such as ``.msf`` are skipped). A list
        (``["inbox.mbox", "calls/", "tickets.csv"]``) is read in its order into one table, threads
        and duplicates settled across all of it; a file named twice is read once. The format
        is detected from the content, not the extension. A file named explicitly whose content no
        reader recognises gives one error row; an empty file gives no row, except inside a
        Maildir, where every file is a delivered message, and an empty ``.eml``, ``.msg``,
        ``.pst`` or ``.ost`` (an error row says it is empty).
    internal_domains : str or iterable of str, optional
        Your own email domains (subdomains included), e.g. ``["northwind.io"]``. Sets
        ``direction``: ``inbound`` (client -> us), ``outbound`` (us -> client) or ``internal``.
        Without it ``direction`` is <NA> and a :class:`~frictionscan.errors.FrictionscanWarning`
        says so.
    accounts : dict or str or path-like, optional
        Maps domains or addresses to client account names (``relationship``):
        ``{"acme.com": "Acme", "acme.de": "Acme", "jo@gmail.com": "Acme"}``, the inverse
        ``{"Acme": ["acme.com", "acme.de"]}``, or a CSV file ``key,account``. Unmapped parties
        default to their email domain (their address for free-mail domains such as gmail.com).
    format : str, default "auto"
        ``"auto"`` detects each file's format; a reader name (``"mbox"``, ``"eml"``, ``"msg"``,
        ``"maildir"``, ... see :func:`frictionscan.ingest.registry.available_formats`) forces it.
    chunksize : int, optional
        When given, return an iterator of DataFrames of at most this many rows (see
        :func:`iter_read`) instead of one DataFrame.
    internal_speakers : iterable of str, optional
        Names of your people in transcripts (direction of utterances).
    relationship : str or dict, optional
        Account for records whose source does not name one (e.g. a meeting transcript); a dict maps
        transcript file names (or speakers) to accounts and is never applied to email rows.
    start : datetime, str, int or dict, optional
        Meeting start for transcripts (it wins over what the file says): a date/time string or
        datetime (naive = UTC), Unix seconds (milliseconds when 1e11 or more), or a dict of file
        name (or Gong ``callId``) -> one of these. Anything else raises
        :class:`~frictionscan.errors.InvalidOptionError` before any file is read.
    columns : dict, optional
        Helpdesk export column mapping, canonical name -> column in the export.
    preset : str, optional
        Helpdesk layout preset name (None detects it).
    max_body_chars : int, default 1_000_000
        Bodies longer than this are cut (:data:`frictionscan.ingest.registry.DEFAULT_MAX_BODY_CHARS`);
        the row stays ``ok`` and ``error`` notes the truncation, so one huge message cannot stall
        a batch.
    attendees : dict, optional
        Transcript speaker name -> email address; with ``internal_domains`` it tells our speakers
        (outbound) from the client's (inbound) and gives the meeting's account through ``accounts``.
    dayfirst : bool, optional
        Order of helpdesk numeric dates (``02/03/2026``) when the file cannot tell it: True reads
        2 March (UK/EU), False 3 February (US). By default a file that holds a date such as
        ``16/03/2026`` (first part above 12) is read day/month, one holding ``03/16/2026``
        month/day, whatever ``dayfirst`` says; with only ambiguous dates it is read month/day
        (day/month when written with dots) and ``error`` notes the guess. ISO dates are never affected.

    Returns
    -------
    pandas.DataFrame
        The message table (columns and dtypes in :data:`frictionscan.schemas.MESSAGE_COLUMNS`):
        ``message_id`` (synthetic ``fs-<sha1>`` when missing), ``thread_id``, ``relationship``,
        ``direction``, ``sender``, ``sender_name``, ``recipients``, ``timestamp`` (UTC; NaT when
        missing or unparseable), ``subject``, ``text`` (only what the sender newly wrote),
        ``quoted_text`` (quoted and forwarded history, never the sender's words), ``in_reply_to``,
        ``channel``, ``source``, ``source_index``, ``status`` (``ok``, ``duplicate`` for a
        Message-ID seen before -- kept, never dropped --, ``automated`` for a bounce, an
        auto-reply, a read receipt, a calendar notice or a newsletter, ``skipped`` for mail from a
        Trash, Junk or Drafts folder, or ``error``) and ``error`` (the reason, for every status
        but ``ok``).

    Raises
    ------
    SourceNotFoundError
        ``source`` does not exist.
    InvalidOptionError
        An argument has an invalid value (the message lists the valid ones).

    See Also
    --------
    iter_read : the streaming twin, for mailboxes too big for memory.
    frictionscan.extract_reply : the body cleaning on its own.

    Examples
    --------
    >>> import email.message, tempfile, os
    >>> import frictionscan as fs
    >>> folder = tempfile.mkdtemp()
    >>> msg = email.message.EmailMessage()
    >>> msg["From"], msg["To"], msg["Subject"] = "Ann <ann@acme.com>", "bob@northwind.io", "Delay"
    >>> msg.set_content("Still no invoice.\\n\\nOn Mon, Bob wrote:\\n> It ships today.")
    >>> _ = open(os.path.join(folder, "a.eml"), "wb").write(msg.as_bytes())
    >>> df = fs.read(folder, internal_domains=["northwind.io"])
    >>> df.loc[0, ["sender", "direction", "relationship", "text", "status"]].tolist()
    ['ann@acme.com', 'inbound', 'acme.com', 'Still no invoice.', 'ok']
    """
    if chunksize is not None:
        return iter_read(source, internal_domains=internal_domains, accounts=accounts,
                         format=format, chunksize=chunksize, internal_speakers=internal_speakers,
                         relationship=relationship, start=start, columns=columns, preset=preset,
                         max_body_chars=max_body_chars, attendees=attendees, dayfirst=dayfirst)
    options = make_options(internal_domains=internal_domains, accounts=accounts, format=format,
                           internal_speakers=internal_speakers, relationship=relationship,
                           start=start, columns=columns, preset=preset,
                           max_body_chars=max_body_chars, attendees=attendees, dayfirst=dayfirst)
    finisher = RecordFinisher(options, keep=True)
    records = [finisher.finish(rec) for rec in iter_records(source, options)]
    for pos, thread_id in finisher.resolved_thread_ids():
        records[pos]["thread_id"] = thread_id
    _warn_direction(finisher, options)
    if not records:
        return empty_messages()
    return messages_frame(records)

