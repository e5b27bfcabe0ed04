"""Pluggable readers: each input format registers a :class:`Reader` here.

``frictionscan.read`` walks the source, reads the first bytes of each file and asks every registered
reader, in priority order, whether it recognises the content (``sniff``). The first that does turns the
file into *records*: plain dicts keyed by the message-table columns (see :mod:`frictionscan.schemas`).
A reader fills what its format knows; the ingest pipeline fills the rest (synthetic ids, threads,
direction, relationship, duplicate status) for every format alike.

A reader never raises on bad content: a message it cannot parse is yielded as a record with
``status="error"`` and an ``error`` reason, so that rows out = messages in.

Adding a format::

    from frictionscan.ingest.registry import Reader, register_reader

    def sniff(path, head: bytes) -> bool:
        return head.startswith(b"MYFORMAT")

    def read(path, options):
        yield {"message_id": ..., "text": ..., "status": "ok", "channel": "email"}

    register_reader(Reader(name="myformat", sniff=sniff, read=read, priority=50))
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InvalidOptionError

__all__ = ["HEAD_BYTES", "INTERNAL_ERROR", "JSON_TOO_DEEP", "PROGRAMMING_ERRORS", "ReadOptions",
           "Reader", "available_formats", "failure_reason", "get_reader", "readers",
           "register_reader", "sniff_format"]

#: Exceptions that mean a bug in frictionscan when a reader catches one (bad input raises
#: ValueError, UnicodeError, OSError, email errors... and is reported as such). Subclasses count
#: too (UnboundLocalError is a NameError, ModuleNotFoundError an ImportError). RecursionError is
#: not one: hostile input nested past the interpreter's limit raises it.
PROGRAMMING_ERRORS: tuple[type[BaseException], ...] = (
    NameError, AttributeError, TypeError, KeyError, IndexError, AssertionError, ImportError,
    ZeroDivisionError)

#: How the reason of a row failed by one of :data:`PROGRAMMING_ERRORS` starts. Only
#: :func:`failure_reason` writes it, at the very start of ``error`` (text quoted from the input comes
#: later in a reason, never first), so ``frictionscan scan`` can tell a bug from bad input by it.
INTERNAL_ERROR = "internal error (a frictionscan bug): "


def failure_reason(what: str, exc: BaseException) -> str:
    """The ``error`` reason of a row whose reading raised ``exc``: ``"<what>: <Type>: <message>"``,
    or, for a programming error, the same after :data:`INTERNAL_ERROR`.

    >>> failure_reason("unreadable message", ValueError("bad date"))
    'unreadable message: ValueError: bad date'
    >>> failure_reason("unreadable message", NameError("name 'x' is not defined"))
    "internal error (a frictionscan bug): unreadable message: NameError: name 'x' is not defined"
    """
    text = f"{what}: {type(exc).__name__}: {exc}"
    return INTERNAL_ERROR + text if isinstance(exc, PROGRAMMING_ERRORS) else text


#: The reason of a JSON document nested past Python's recursion limit (hostile input, not a bug).
JSON_TOO_DEEP = "JSON nested too deep to read (deeper than Python's recursion limit)"

#: How many leading bytes of each file readers get to sniff.
HEAD_BYTES = 64 * 1024

#: Bodies longer than this many characters are cut (and the row notes it in ``error`` while staying
#: ``ok``), so that one 50 MB message cannot stall a batch.
DEFAULT_MAX_BODY_CHARS = 1_000_000


@dataclass(frozen=True)
class ReadOptions:
    """Everything a reader may need, normalised once by :func:`frictionscan.read`.

    Attributes
    ----------
    internal_domains : our own email domains (lower case), used for ``direction``.
    accounts : lower-cased domain or address -> account name (``relationship``).
    internal_speakers : lower-cased names of our people in transcripts.
    relationship : the account to use when the source itself does not say (transcripts).
    start : meeting start for transcripts whose file does not encode it.
    columns : helpdesk column mapping (canonical name -> column in the export).
    preset : helpdesk layout preset name, or None to detect.
    max_body_chars : cap on body length (see :data:`DEFAULT_MAX_BODY_CHARS`).
    format : force one reader by name instead of sniffing ("auto" sniffs).
    attendees : transcript speaker name -> email address (direction/account via domains).
    dayfirst : helpdesk numeric dates (``02/03/2026``) whose column does not tell the order: True
        reads them day/month, False month/day, None (default) guesses month/day (day/month when
        dotted) and notes the guess in ``error``. A column holding ``13/03/2026`` is day/month anyway.
    """

    internal_domains: frozenset[str] = frozenset()
    accounts: Mapping[str, str] = field(default_factory=dict)
    internal_speakers: frozenset[str] = frozenset()
    relationship: str | Mapping[str, str] | None = None
    start: Any = None
    columns: Mapping[str, str] | None = None
    preset: str | None = None
    max_body_chars: int = DEFAULT_MAX_BODY_CHARS
    format: str = "auto"
    attendees: Mapping[str, str] = field(default_factory=dict)
    dayfirst: bool | None = None


Record = dict[str, Any]


@dataclass(frozen=True)
class Reader:
    """A format: ``sniff(path, head) -> bool`` and ``read(path, options) -> iterator of records``.

    ``priority``: lower runs first when sniffing (specific formats before generic ones).
    ``container``: True for readers of a *folder* (e.g. Maildir) rather than a file.
    ``channel``: what the reader's rows are (``transcript``, ``chat``, ``helpdesk``...); the error row
    of a reader that fails midway gets it (None: the pipeline's default, ``email``).
    """

    name: str
    sniff: Callable[[Path, bytes], bool]
    read: Callable[[Path, ReadOptions], Iterator[Record]]
    priority: int = 50
    container: bool = False
    description: str = ""
    channel: str | None = None


_READERS: dict[str, Reader] = {}

# Modules that register the built-in readers when first needed (not at package import).
_BUILTIN_MODULES = (
    "frictionscan.ingest.email",
    "frictionscan.ingest.transcripts",
    "frictionscan.ingest.helpdesk",
)
_loaded = False


def _load_builtins() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for mod in _BUILTIN_MODULES:
        importlib.import_module(mod)


def register_reader(reader: Reader, *, replace: bool = False) -> Reader:
    """Add a reader; refuse to shadow an existing name unless ``replace=True``."""
    if reader.name in _READERS and not replace:
        raise InvalidOptionError(
            f"a reader named {reader.name!r} is already registered; pass replace=True to override it"
        )
    _READERS[reader.name] = reader
    return reader


def readers() -> list[Reader]:
    """Registered readers, in sniffing order."""
    _load_builtins()
    return sorted(_READERS.values(), key=lambda r: (r.priority, r.name))


def available_formats() -> list[str]:
    """Names accepted by ``format=``."""
    return [r.name for r in readers()]


def get_reader(name: str) -> Reader:
    """The reader called ``name``; the error lists the valid names."""
    _load_builtins()
    try:
        return _READERS[name]
    except KeyError:
        raise InvalidOptionError(
            f"unknown format {name!r}; choose one of {available_formats()} or 'auto'"
        ) from None


def sniff_format(path: Path, head: bytes, *, container: bool = False) -> Reader | None:
    """The first reader (by priority) that recognises ``head``; None when none does."""
    for reader in readers():
        if reader.container != container:
            continue
        try:
            if reader.sniff(path, head):
                return reader
        except Exception:  # a sniffer must not break detection for the others
            continue
    return None
