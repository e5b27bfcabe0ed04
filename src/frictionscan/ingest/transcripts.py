"""Meeting transcripts and meeting chat logs -> message records (one per speaker turn).

Formats (each a reader registered with :mod:`frictionscan.ingest.registry`, detected from content):

=================  ====================================================================================
reader name        what it reads
=================  ====================================================================================
``vtt``            WebVTT captions: Zoom (numbered cues, ``Name: text``), Microsoft Teams (GUID cue ids,
                   ``<v Name>...</v>`` voice tags, HTML entities), Google Meet and other tools
``srt``            SubRip ``.srt``: numbered cues with ``Name:`` or ``[Name]`` prefixes, multi-line cues
``zoom_chat``      Zoom meeting chat logs (``10:02:33 From Name to Everyone:`` then the message, and the
                   older one-line ``10:02:33\\t From Name : message`` variant); ``channel="chat"``; a
                   reply's ``Replying to "..."`` first line becomes ``quoted_text``
``transcript_json`` JSON speaker segments: a list of ``{speaker, start, end, text}`` or an object with
                   ``segments`` / ``utterances`` / ``sentences`` (optional ``title``, ``start_time``,
                   ``attendees``), Zoom API ``timeline`` entries (``users[0].username``, ``ts``);
                   JSON Lines of segments too; Gong ``callTranscripts`` (one row per monologue, one
                   thread ``gong-<callId>`` per call, ``parties`` -> names, e-mails and sides)
``transcript_text`` plain-text exports: Otter (``Name  0:03`` header line, then a paragraph),
                   Rev/Descript (``Name (00:04):`` or ``Name [00:00:04]`` then text),
                   ``Name: text`` lines, ``[00:01:02] Name: text`` lines and Google Meet transcripts
                   (title line with the date, ``00:05:00`` offset lines, ``Name: text`` lines; the
                   "Meeting ended after 01:00:41" footer is dropped), Teams
                   transcripts saved as text (title, date line, ``Last, First   0:03`` headers)
=================  ====================================================================================

What each record holds
----------------------
* ``channel`` = ``"transcript"`` (``"chat"`` for chat logs); ``sender`` = the speaker name as the tool
  wrote it; ``sender_name`` = the same name in "First Last" order (Teams' "Weber, Jonas" -> "Jonas
  Weber", as internal speakers are matched); ``subject`` = the meeting title (from the content, else the file name).
* **Turns.** Consecutive cues of the same speaker are merged into one turn (their texts joined with a
  space; the turn's timestamp is that of its first cue). A cue with no speaker label continues the
  previous speaker's turn. Inside a cue, a later line that opens with a label the file already uses
  as a speaker's (it opens some cue, a known or internal speaker, or a titled name) starts that
  speaker's turn at the cue's time; other lines ("Action Item: ...") continue the turn.
  Chat messages are never merged: each is its own row.
* **Speaker labels.** A ``Name:`` / ``[Name]`` prefix counts when it looks like a name (1-5 capitalised
  words, particles such as "van" allowed, a trailing ``(...)``, ``Last, First``, uncased scripts, titles
  and initials with their dot "Dr. Lena Osei", a dial-in number "+44 20 7946 0000", a device or room
  "Beth's iPhone", "Conference Room 3B", initials alone "J.D.") or when
  the same label begins at least three cues/lines of the file (lower-case display names, e-mail
  addresses: a tool that labels every cue is consistent) or names an internal speaker. Email-header
  and metadata words ("Subject", "Note", "Title", "Time"...), days ("Friday"), captions' sound tags
  ("[Laughter]") and headings with a digit ("Q3 Update")
  are never speakers. In a file whose turns open with timed headers (Otter, Rev) a bare ``Word:``
  line is the turn's text unless the label is a speaker of the file; elsewhere a one-word label used
  once and followed by a lower-case word ("Honestly: it broke") opens a sentence. A prefix that looks like a label but is not read as
  one stays in the previous turn, whose row says so in ``error`` (see :func:`unread_label`).
* ``direction``: ``"outbound"`` when the speaker is one of ``internal_speakers`` (compared lower-cased,
  ignoring a trailing ``(...)`` such as ``(Fernwick)`` or ``(she/her)``, and ``"Last, First"`` order) or
  when the speaker's e-mail (from an attendee list in the file, or ``options.attendees``) is in
  ``internal_domains``; ``"inbound"`` otherwise. When neither ``internal_speakers`` nor (attendee e-mails
  and ``internal_domains``) are known, direction is left unknown (<NA>). A direct chat message between two
  internal people is ``"internal"``.
* ``relationship``: when ``options.relationship`` is a mapping, the meeting's
  account is looked up by file name, file stem, path, folder name, then by the lower-cased name of each
  speaker in turn (a speaker's own entry wins for that speaker's rows). Otherwise the first external
  attendee e-mail is mapped through ``accounts`` (address, then domain), else its domain. Otherwise,
  when exactly one account name of ``accounts`` appears in the meeting title, file name or folder name
  (the full name, else its first word of 4+ letters: "Bellmont weekly sync" -> Bellmont Logistics),
  that account. Else ``options.relationship`` when it is a string (a fallback for meetings that name
  no account; it also beats an attendee domain that ``accounts`` does not map). Else <NA>. When the
  names name several accounts, none is chosen and every row says which in ``error``.
* ``thread_id`` = ``meeting-<sha1 of the file bytes>`` (one per meeting, stable across runs and
  renames); ``message_id`` = ``<thread_id>.<turn number>``, so that reading the same meeting twice is
  recognised as a duplicate while two identical short turns ("Okay.") in one meeting are not.
* ``timestamp`` = meeting start + cue offset. The start comes from ``options.start`` (a timestamp, or a
  mapping of file name -> timestamp), else from the content (JSON ``start_time``: a date string or Unix
  seconds / milliseconds; the Google Meet title line, ``Title (2025-03-19 at 15:00 GMT+1) - Transcript``
  and its variants; the date line under the title of a Teams transcript saved as text; zones ``UTC``,
  ``GMT±h`` and unambiguous names such as ``CET``/``CEST``), else from the file or folder name (Zoom's
  ``GMT20240304-150012_...``, Zoom local recording folders ``2024-03-04 15.00.12 Topic``, or any
  ``YYYY-MM-DD[ HH-MM[-SS]]``), else NaT, and then every ok row says so in ``error`` (status stays ok)
  and how to pass ``start=``. Naive starts are UTC.
  Chat logs and Zoom captions carry wall-clock times: they are put on the start's date (rolling
  over midnight), in the zone ``start=`` was written in. A name with a date and no time starts the
  meeting at midnight UTC, and its first row says so in ``error``.

Bad input never raises: a cue with a malformed timing line, a JSON segment without a speaker, text before
any speaker label, a speaker's turn with no words (a bare ``Name:`` cue, a segment with empty text),
an empty or undecodable file, a Zoom chat reaction (``Reacted to "..." with 👍``: not a message, but
counted so that rows in = rows out) each become one record with ``status="error"`` and a reason; a file
that is not valid UTF-8 (nor UTF-16 with a BOM) is decoded with a guessed encoding (Windows-1252 for
Western text) and its rows say so in ``error`` while staying ``ok``.

Examples
--------
>>> from frictionscan.ingest.registry import ReadOptions
>>> vtt = "WEBVTT\\n\\n1\\n00:00:01.000 --> 00:00:03.000\\nAnna Lee: This is late again.\\n"
>>> recs = list(parse_vtt(vtt, ReadOptions(internal_speakers=frozenset({"bo chen"}))))
>>> recs[0]["sender"], recs[0]["text"], recs[0]["direction"]
('Anna Lee', 'This is late again.', 'inbound')
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import html
import json
import math
import numbers
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InvalidOptionError
from ..schemas import to_utc_timestamp
from .accounts import account_for, is_internal
from .email import HEADER_ZONES
from .registry import JSON_TOO_DEEP, Reader, ReadOptions, register_reader

__all__ = [
    "START_FORMS",
    "Utterance",
    "check_start",
    "meeting_start_from_name",
    "parse_json_transcript",
    "parse_srt",
    "parse_text_transcript",
    "parse_vtt",
    "parse_zoom_chat",
    "read_json_transcript",
    "read_srt",
    "read_text_transcript",
    "read_vtt",
    "read_zoom_chat",
    "start_timestamp",
    "stray_nuls",
]

Record = dict[str, Any]

# ----------------------------------------------------------------------------------------------
# decoding


_NUL_RUN = re.compile(rb"\x00+")


def stray_nuls(data: bytes) -> bool:
    """Whether the NUL bytes in ``data`` are a few bad bytes in text (under 2% of all of it, or at most
    four runs of them amid three times as much plain text in a small file), not UTF-16 (every other
    byte) or binary data. Decided on all the bytes given: one NUL deep in a long transcript is stray
    wherever it falls.

    >>> stray_nuls(b"Ordinary text. " * 100 + b"\\x00"), stray_nuls("text".encode("utf-16-le"))
    (True, False)
    >>> stray_nuls(b'1,ann@client.example,"Still broken' + b"\\x00" * 10 + b'"\\n')
    True
    """
    nuls = data.count(0)
    if nuls == 0:
        return False
    if nuls * 50 < len(data):
        return True
    # a small file: a field padded with a run or two of NULs is still text when the bytes around them
    # are (UTF-16 and binary data hold their NULs in many short runs, with other control bytes)
    if len(_NUL_RUN.findall(data, 0, 1 << 16)) > 4:
        return False
    rest = data.replace(b"\x00", b"")
    return len(rest) >= 3 * nuls and not any(b < 32 and b not in (9, 10, 12, 13) for b in rest[:4096])


def decode_text(data: bytes, *, keep_nul: bool = False) -> tuple[str | None, str | None]:
    """``(text, note)`` for a text file's bytes; ``text`` is None when the bytes are not text.

    UTF-8 (with or without BOM; UTF-8 read as Windows-1252 somewhere upstream is repaired) and UTF-16
    with a BOM are read as such; anything else is decoded with a guessed encoding
    (:func:`frictionscan.ingest.charsets.decode_bytes`: Windows-1252 for Western text) and ``note``
    says so.

    A few stray NUL bytes in otherwise plain text (a bad byte, not UTF-16 nor binary) are dropped
    and ``note`` says how many; with ``keep_nul=True`` they stay in the text, for a caller that
    notes them where they are (the helpdesk reader, per row).

    >>> decode_text("caf\u00e9".encode("cp1252"))
    ('café', 'file is not valid UTF-8; its encoding was guessed')
    >>> decode_text(b"Ordinary text. " * 100 + b"\\x00")[1]
    '1 NUL byte(s) removed'
    """
    from .charsets import decode_bytes, repair_mojibake

    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            return None, "file starts with a UTF-16 byte-order mark but is not valid UTF-16"
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    nul_note = None
    if b"\x00" in data:
        if not stray_nuls(data):
            return None, "file contains NUL bytes: it is binary or UTF-16 without a byte-order mark"
        if not keep_nul:
            nul_note = f"{data.count(0)} NUL byte(s) removed"
            data = data.replace(b"\x00", b"")
    try:
        return repair_mojibake(data.decode("utf-8")), nul_note
    except UnicodeDecodeError:
        pass
    guessed = "file is not valid UTF-8; its encoding was guessed"
    return decode_bytes(data, None), f"{nul_note}; {guessed}" if nul_note else guessed


def _head_text(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head[: len(head) - len(head) % 2].decode("utf-16", errors="ignore")
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    return head.decode("utf-8", errors="ignore")


# ----------------------------------------------------------------------------------------------
# names, offsets, starts

_PARTICLES = frozenset({"de", "da", "del", "della", "der", "den", "di", "du", "van", "von", "le", "la",
                        "bin", "al", "el", "dos", "das", "ter", "ten", "y", "zu", "mc", "st"})
_HEADER_WORDS = frozenset({"from", "to", "cc", "bcc", "subject", "date", "sent", "reply-to", "re", "fw",
                           "fwd", "note", "notes", "action items", "agenda", "summary", "keywords",
                           "transcript", "attendees", "http", "https", "mailto", "tel", "www",
                           "name", "version", "author", "license", "title", "status",
                           "type", "id", "url", "description", "tags", "category",
                           "warning", "error", "info", "debug", "question", "answer", "q", "a",
                           "example", "examples", "returns", "parameters", "raises", "yields",
                           # words that open an ordinary sentence with a colon ("Time: 10:00")
                           "time", "update", "reminder", "important", "fyi", "eta", "todo",
                           "next steps", "step", "steps", "edit", "tip", "ps", "p.s.", "p.s", "nb",
                           "n.b.", "n.b", "e.g.", "i.e.",
                           # days, and captions' sound tags ("[Laughter]", "[Crosstalk]"): no one speaks
                           # as them, and a wrapped caption line may open with one
                           "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                           "today", "tomorrow", "yesterday", "tonight",
                           "laughter", "laughs", "laughing", "crosstalk", "cross talk", "inaudible",
                           "indistinct", "unintelligible", "music", "applause", "silence", "noise",
                           "background noise", "pause", "cough", "coughs", "sighs", "overlapping"})
_NAME_BAD_CHARS = re.compile(r"[.?!,;:\"\u201c\u201d<>{}=/\\|@#*]")
# Abbreviated titles written with a dot in a speaker label ("Dr. Lena Osei", "Prof. Ito", "Smith Jr.").
_TITLES = frozenset({"dr", "prof", "mr", "mrs", "ms", "mx", "mme", "mlle", "messrs", "sr", "jr", "st",
                     "rev", "hon", "capt", "col", "gen", "lt", "sgt", "fr", "dra", "ing", "mag", "sra", "srta"})
_INITIALS = re.compile(r"^(?:[^\W\d_]\.){1,3}$")  # "J.", "J.R."
# A dial-in participant Zoom names by the phone number: "+44 20 7946 0000", "07700 900123", "+1 (555) 010-0199"
_PHONE = re.compile(r"^\+?\(?\d[\d\s().\-]{5,22}\d$")
_MIXED_CASE = re.compile(r"^[a-z]{1,2}[A-Z][A-Za-z]*$")  # device names: "iPhone", "iPad", "eMac"
_ROOM_NUMBER = re.compile(r"^\d+[A-Za-z]{0,3}$")  # "Conference Room 3B", "Speaker 2", "Floor 2nd"


def _phone_label(s: str) -> bool:
    """True for a phone number used as a speaker label (7 to 15 digits).

    >>> _phone_label("+44 113 496 0123"), _phone_label("07700 900123"), _phone_label("2025")
    (True, True, False)
    """
    return bool(_PHONE.match(s)) and 7 <= sum(ch.isdigit() for ch in s) <= 15


_TRAILING_TAG = re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\])\s*$")


def _strip_tags(s: str) -> str:
    """``s`` without the tags that end it, however many ("Kofi Mensah [Kestrel IT] (he/him)");
    empty when it is nothing but tags."""
    core = s.strip()
    while core:
        cut = _TRAILING_TAG.sub("", core).strip()
        if cut == core:
            break
        core = cut
    return core


def looks_like_name(s: str) -> bool:
    """True for a plausible speaker label ("Dana Whitlock", "Speaker 2", "Jean-Luc (Maris)").

    >>> looks_like_name("Dana Whitlock"), looks_like_name("Here is the thing"), looks_like_name("To")
    (True, False, False)
    """
    s = s.strip()
    if not s or len(s) > 60:
        return False
    # trailing tags: "(Fernwick)", "(she/her)", Zoom's "[Gamma IT]"
    core = _strip_tags(s)
    if not core or core.lower() in _HEADER_WORDS:
        return False
    if _phone_label(core):  # a dial-in number
        return True
    if "," in core:  # "Whitlock, Dana"
        parts = [p.strip() for p in core.split(",")]
        if len(parts) != 2 or not all(parts):
            return False
        core = f"{parts[1]} {parts[0]}"
    tokens = core.split()
    if not 1 <= len(tokens) <= 5:
        return False
    # a title or initial with its dot ("Dr.", "J.", "J.R.") is a name part; a label made of nothing else is not
    dotted = [tok.endswith(".") and (tok[:-1].lower() in _TITLES or bool(_INITIALS.match(tok)))
              and tok[0].isupper() for tok in tokens]
    if all(dotted):
        # initials alone ("J.D.", "A. B.") are a name; a title alone ("Dr.") or one initial is not
        initials = [tok for tok in tokens if _INITIALS.match(tok) and tok[:-1].lower() not in _TITLES]
        return len(initials) == len(tokens) and sum(ch.isalpha() for ch in core) >= 2 \
            and all(not ch.isalpha() or ch.isupper() for ch in core)
    if _NAME_BAD_CHARS.search(" ".join(t for t, d in zip(tokens, dotted, strict=True) if not d)):
        return False
    for i, tok in enumerate(tokens):
        if dotted[i]:
            continue
        if tok.isdigit() or (i > 0 and _ROOM_NUMBER.match(tok)):
            if i == 0:
                return False
            continue
        if any(ch.isdigit() for ch in tok):  # "Q3 Update", "H1 Goals": no name word holds a digit
            return False
        if tok.lower() in _PARTICLES and i > 0:
            continue
        if _MIXED_CASE.match(tok):  # "Beth's iPhone"
            continue
        first = tok[0]
        if not (first.isupper() or (first.isalpha() and not first.islower())  # uncased scripts (CJK...)
                or (first in "'’" and len(tok) > 1)):
            return False
    return True


_LABEL_PREFIX = re.compile(r"^\s*(?:-\s*)?(?:\[((?:[^\[\]\n]|\[[^\[\]\n]*\]){1,40})\]|([^:\uff1a\[\]\n]{1,40}?)\s*(?::(?=\s|$)|\uff1a))")


def unread_label(line: str) -> str | None:
    """The prefix of ``line`` when it looks like a speaker label (``Name:``, ``[Name]``: mostly
    capitalised words, an e-mail, a number) that was not read as one, else None. Its words then stay
    in the previous speaker's turn, and the row says so rather than merging in silence.

    >>> unread_label("Tamsin IT Dept.: the feed is late"), unread_label("Here is the thing: it broke")
    ('Tamsin IT Dept.', None)
    >>> unread_label("Note: the export is late"), unread_label("We expected it at 10:00 sharp")
    (None, None)
    >>> unread_label("Quick recap. Status: done"), unread_label("Q3 Update: still pending.")
    (None, None)
    """
    m = _LABEL_PREFIX.match(line.lstrip())
    if not m:
        return None
    label = (m.group(1) or m.group(2) or "").strip()
    if not label or label.lower() in _HEADER_WORDS or label.lower().startswith("http") \
            or re.search(r"[?!;\"\u201c\u201d<>{}=/\\|]", label):
        return None
    if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", label):
        return label
    tokens = label.split()
    if len(tokens) > 5 or not (label[0].isupper() or label[0].isdigit() or label[0] in "+("):
        return None
    if any(tok.endswith(".") and tok[:-1].lower() not in _TITLES and not _INITIALS.match(tok)
           for tok in tokens[:-1]):
        return None  # "Quick recap. Status": a sentence ended before the colon
    if re.search(r"[^\W\d_]", tokens[0]) and re.search(r"\d", tokens[0]):
        return None  # "Q3 Update", "H1 goals": a heading, not a name
    capital = sum(1 for t in tokens if t[0].isupper() or t[0].isdigit() or t[0] in "+(")
    return label if capital * 3 >= len(tokens) * 2 else None


def _unread_label_note(label: str) -> str:
    return (f"{label!r} looks like a speaker label but was not read as one, so its words were kept in "
            "this turn: check who said them")


@functools.lru_cache(maxsize=4096)
def normalize_name(name: str) -> str:
    """Lower-cased speaker name without its trailing tags (``(Fernwick)``, ``(she/her)``, Zoom's
    ``[Gamma IT]``, one after another), in "first last" order.

    >>> normalize_name("Whitlock, Dana (Fernwick)"), normalize_name("Oona Pratt [Brindle] (she/her)")
    ('dana whitlock', 'oona pratt')
    """
    # whitespace collapsed first: the patterns here backtrack quadratically on a long run of spaces
    s = _strip_tags(" ".join(name.split()))
    if s.count(",") == 1:
        last, first = (p.strip() for p in s.split(","))
        if first and last:
            s = f"{first} {last}"
    return " ".join(s.lower().split())


# A word after the comma that makes "Smith, Jr." or "Acme, Inc." not a "Last, First" name.
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq", "inc", "ltd", "llc", "gmbh",
                            "ag", "sa", "bv", "plc", "co", "corp"})


def display_name(name: str) -> str:
    """A speaker name in "First Last" order: Teams' "Last, First" is turned round (a trailing
    ``(...)`` kept), anything else is returned as written, with runs of whitespace made one space.

    >>> display_name("Weber, Jonas"), display_name("Weber, Jonas (Fernwick)"), display_name("Smith, Jr.")
    ('Jonas Weber', 'Jonas Weber (Fernwick)', 'Smith, Jr.')
    """
    s = " ".join(name.split())
    m = re.match(r"^(.*?)(\s*\([^()]*\))?$", s)
    core, tail = m.group(1).strip(), m.group(2) or ""
    if core.count(",") != 1 or any(ch.isdigit() or ch == "@" for ch in core):
        return s
    last, first = (p.strip() for p in core.split(","))
    if not first or not last or first.lower().rstrip(".") in _NAME_SUFFIXES:
        return s
    return f"{first} {last}{tail}"


_OFFSET = re.compile(r"^\s*(?:(\d+):)?(\d{1,3}):(\d{1,2})(?:[.,](\d{1,3}))?\s*$")


def parse_offset(s: str) -> float | None:
    """Seconds for ``HH:MM:SS.mmm``, ``MM:SS``, ``H:MM:SS,mmm``...; None when malformed.

    >>> parse_offset("01:02:03.500"), parse_offset("1:15"), parse_offset("00:61:00"), parse_offset("x")
    (3723.5, 75.0, None, None)
    >>> parse_offset("100:00"), parse_offset("1000:00")
    (6000.0, None)
    """
    m = _OFFSET.match(s)
    if not m:
        return None
    h, mnt, sec, frac = m.groups()
    hours = int(h) if h else 0
    minutes, seconds = int(mnt), int(sec)
    if seconds >= 60 or (h and minutes >= 60):
        return None
    frac_s = int(frac) / 10 ** len(frac) if frac else 0.0
    return hours * 3600 + minutes * 60 + seconds + frac_s


_ZOOM_GMT = re.compile(r"GMT(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})")
_DATE_TIME = re.compile(
    r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?:[ T_]+(\d{2})[.:h-](\d{2})(?:[.:-](\d{2}))?)?(?!\d)"
)
_COMPACT = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})[T_-](\d{2})(\d{2})(\d{2})(?!\d)")


def meeting_start_from_name(path: str | Path) -> pd.Timestamp | None:
    """The meeting start a recording tool encoded in the file (or its folder) name, as UTC.

    >>> str(meeting_start_from_name("GMT20240304-150012_Recording.transcript.vtt"))
    '2024-03-04 15:00:12+00:00'
    >>> str(meeting_start_from_name("2025-02-14 10.30.00 Orla weekly/meeting_saved_chat.txt"))
    '2025-02-14 10:30:00+00:00'
    >>> meeting_start_from_name("notes.vtt") is None
    True
    """
    p = Path(path)
    for name in (p.name, p.parent.name):
        for rx in (_ZOOM_GMT, _COMPACT):
            m = rx.search(name)
            if m:
                ts = to_utc_timestamp("{}-{}-{} {}:{}:{}".format(*m.groups()))
                if ts is not None:
                    return ts
        m = _DATE_TIME.search(name)
        if m:
            y, mo, d, hh, mm, ss = m.groups()
            text = f"{y}-{mo}-{d}" + (f" {hh}:{mm}:{ss or '00'}" if hh else "")
            ts = to_utc_timestamp(text)
            if ts is not None:
                return ts
    return None


_ZOOM_LOCAL = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2}) (\d{2})\.(\d{2})\.(\d{2})(?!\d)")


def _name_start_note(path: str | Path, *, wall_clock: bool = False) -> str | None:
    """The note for a meeting start read from a Zoom local recording name (``2025-02-18 15.00.04
    Topic``), which writes the recording computer's wall clock with no zone: it was taken as UTC; or
    from a name with a date and no time (``Kestrel sync 2025-02-18.txt``): the turns are timed from
    midnight UTC (for ``wall_clock`` rows, a chat log's or captions', which need the date only:
    their times were read as UTC).
    None when the start came from a Zoom ``GMT...`` name (UTC) or another name.

    >>> _name_start_note("2025-02-18 15.00.04 Orla sync/GMT20250218-140004_Recording.transcript.vtt") is None
    True
    >>> _name_start_note("2025-02-18 15.00.04 Orla sync/audio_transcript.vtt")[:60]
    "meeting start 2025-02-18 15:00 from Zoom's local recording f"
    """
    p = Path(path)
    for where, name in (("file name", p.name), ("folder", p.parent.name)):
        if _ZOOM_GMT.search(name) or _COMPACT.search(name):
            return None  # the start came from this name (meeting_start_from_name's order)
        if _ZOOM_LOCAL.search(name):
            start = meeting_start_from_name(path)
            when = f"{start:%Y-%m-%d %H:%M}" if start is not None else "?"
            return (f"meeting start {when} from Zoom's local recording {where} {name!r}, which writes "
                    "the recording computer's local time with no time zone: read as UTC (said on the "
                    "meeting's first row only); pass fs.read(..., start='2025-02-18 15:00+01:00') with "
                    "the offset, or keep Zoom's cloud file name (GMT...), which is UTC")
        m = _DATE_TIME.search(name)
        if m:
            if m.group(4):
                return None
            day = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
            if wall_clock:  # the date is all a chat log or captions need; their times have no zone
                return (f"meeting date {day} from the {where} {name!r}; the wall-clock times in the "
                        "file have no time zone: read as UTC (said on the meeting's first row only); "
                        f"pass fs.read(..., start='{day} 15:00+01:00') with the meeting's start and "
                        "offset")
            return (f"meeting start {day} from the {where} {name!r}, which has a date but no time of "
                    "day: the turns are timed from midnight UTC (said on the meeting's first row only); "
                    f"pass fs.read(..., start='{day} 15:00+01:00') with the meeting's start time and "
                    f"offset, or put the time in the name ('... {day} 15-00')")
    return None


def _title_from_name(path: Path) -> str:
    """A meeting title from a file name: tool prefixes, dates and suffixes removed."""
    stem = path.name
    for _ in range(3):
        for suffix in (".transcript", ".vtt", ".srt", ".txt", ".json", ".jsonl", ".cc", ".chat"):
            if stem.lower().endswith(suffix):
                stem = stem[: -len(suffix)]
    stem = _ZOOM_GMT.sub("", stem)
    stem = _COMPACT.sub("", stem)
    stem = _DATE_TIME.sub("", stem)
    stem = re.sub(r"[_]+", " ", stem)
    stem = re.sub(r"\s+-\s+Transcript$", "", stem, flags=re.I).strip(" -_.")
    generic = ("", "recording", "meeting saved chat", "transcript", "audio transcript", "chat",
               "meeting transcript", "recording chat", "new chat", "recordingnewchat",
               "meeting saved closed caption", "closed caption", "meeting saved transcript",
               "zoom live transcript", "live transcript")
    if stem.lower() in generic:
        parent = path.parent.name
        if _DATE_TIME.search(parent) or _ZOOM_GMT.search(parent):  # Zoom local recording folder
            topic = re.sub(r"\s+\d{6,}$", "", _DATE_TIME.sub("", _ZOOM_GMT.sub("", parent))).strip(" -_.")
            if topic:
                return topic
        start = meeting_start_from_name(path)
        return f"Meeting {start:%Y-%m-%d %H:%M}" if start is not None else path.name
    return stem


# ----------------------------------------------------------------------------------------------
# the shared record builder


@dataclass
class Utterance:
    """One cue / line / segment before turns are merged; ``offset`` in seconds from the start."""

    speaker: str | None
    text: str
    offset: float | None = None
    clock: float | None = None  # wall-clock seconds since midnight (chat logs)
    error: str | None = None
    email: str | None = None
    recipients: str | None = None
    quoted: str = ""  # the message a chat reply quotes (Zoom's 'Replying to "..."')
    automated: bool = False  # not a message someone wrote (a chat reaction): ``error`` says what
    call: str | None = None  # key into ``Meeting.calls`` (a file holding several calls: Gong)
    speaker_id: str | None = None  # the tool's speaker id when ``speaker`` is a name from elsewhere
    side: str | None = None  # "outbound"/"inbound" when the file says whose side the speaker is on
    note: str | None = None  # a doubt about an ok row (a skipped empty sentence), copied into ``error``


@dataclass
class Call:
    """One call of a file holding several (Gong): its own thread, start and title."""

    thread: str
    call_id: str | None = None
    start: pd.Timestamp | None = None
    title: str | None = None


@dataclass
class Meeting:
    """What a file says about the meeting as a whole."""

    path: Path
    digest: str
    title: str | None = None
    start: pd.Timestamp | None = None
    attendees: dict[str, str] = field(default_factory=dict)  # normalised name -> email
    note: str | None = None  # decoding note, copied into every row's ``error``
    start_note: str | None = None  # a doubt about the start read from the content (unknown zone)
    calls: dict[str, Call] = field(default_factory=dict)  # several calls in one file (Gong), by key
    names: frozenset[str] = frozenset()  # internal_speakers, normalised: always read as speaker labels


NO_START_NOTE = ("no meeting start found in the file or its name, so the turn has no timestamp; "
                 "pass fs.read(..., start=...) (a time, or a mapping of file name -> time)")


#: What ``start=`` accepts, quoted by the error that refuses anything else.
START_FORMS = ("a date/time such as '2025-02-14 10:30' or '2025-02-14T10:30+01:00' (naive = UTC), a "
               "datetime or pandas Timestamp, Unix seconds such as 1739529000 (milliseconds when "
               "the number is 1e11 or more), or a dict of file name (or Gong callId) -> one of these")


def start_timestamp(value: Any) -> pd.Timestamp | None:
    """One ``start=`` value as UTC, or None when it is not a time: a date string or datetime (naive =
    UTC), or a bare number (or a string of 9 to 13 digits) read as Unix seconds, milliseconds when
    too large to be seconds.

    >>> str(start_timestamp(1772031600)), str(start_timestamp("2026-02-25 15:00"))
    ('2026-02-25 15:00:00+00:00', '2026-02-25 15:00:00+00:00')
    >>> start_timestamp("banana"), start_timestamp(True), start_timestamp(20250214), start_timestamp(-5)
    (None, None, None, None)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, numbers.Real):
        # as for strings: 9 to 13 digits (2001 to 5138 in seconds, or milliseconds); 0, 12 or
        # 20250214 (a date written as a number) is no time, not a moment in 1970
        if not (math.isfinite(float(value)) and 1e8 <= float(value) < 1e13):
            return None
        return _epoch(float(value))
    if isinstance(value, str) and re.fullmatch(r"\d{9,13}(\.\d+)?", value.strip()):
        return _epoch(float(value))
    if not isinstance(value, (str, datetime.date, np.datetime64)):
        return None  # a list, a dict... is no time (pd.Timestamp would not say so clearly)
    return to_utc_timestamp(value)


def check_start(start: Any) -> Any:
    """``start=`` checked before anything is read: a tz-aware ``Timestamp`` (UTC, or the zone it was
    written in, which places the wall-clock times of chat logs and Zoom captions), a mapping of the
    same keys to ``Timestamp`` (None values kept), or None. Raises
    :class:`~frictionscan.errors.InvalidOptionError` naming the accepted forms otherwise.

    >>> str(check_start("2026-03-02 10:30+01:00")), str(check_start("2026-03-02 10:30"))
    ('2026-03-02 10:30:00+01:00', '2026-03-02 10:30:00+00:00')
    """
    if start is None:
        return None
    if isinstance(start, Mapping):
        out: dict[Any, pd.Timestamp | None] = {}
        for key, value in start.items():
            ts = None if value is None else start_timestamp(value)
            if ts is None and value is not None:
                raise InvalidOptionError(
                    f"start={{{key!r}: {value!r}, ...}}: {value!r} is not a date/time; pass {START_FORMS}")
            out[key] = ts if ts is None else _in_written_zone(ts, value)
        return out
    ts = start_timestamp(start)
    if ts is None:
        raise InvalidOptionError(f"start={start!r} is not a date/time; pass {START_FORMS}")
    return _in_written_zone(ts, start)


def _in_written_zone(ts: pd.Timestamp, value: Any) -> pd.Timestamp:
    """``ts`` (UTC) in the zone ``value`` names, if any: the same instant."""
    zone = _written_offset(value)
    return ts if zone is None else ts.tz_convert(datetime.timezone(zone))


def _written_offset(value: Any) -> datetime.timedelta | None:
    """The UTC offset a ``start=`` value is written with (``'2026-03-02 10:30+01:00'``), else None."""
    if not isinstance(value, (str, datetime.datetime)) or (isinstance(value, str) and value.strip().isdigit()):
        return None
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError):
        return None
    off = ts.utcoffset() if ts.tzinfo is not None else None
    return off if off else None


def _options_start(path: Path, options: ReadOptions, call_id: str | None = None) -> pd.Timestamp | None:
    start = options.start
    if isinstance(start, Mapping):
        keys = (call_id, path.name, path.stem, str(path)) if call_id else (path.name, path.stem, str(path))
        start = next((start[k] for k in keys if k in start), None)
    if start is None:
        return None
    ts = start_timestamp(start)
    if ts is None:  # a ReadOptions made by hand (fs.read checks start= before reading)
        raise InvalidOptionError(f"start={options.start!r} is not a date/time; pass {START_FORMS}")
    return ts


def _options_wall_offset(path: Path, options: ReadOptions, call_id: str | None = None) -> pd.Timedelta:
    """The UTC offset ``start=`` was written with (``'2026-03-02 10:30+01:00'`` -> 1 h), else 0: the
    wall-clock times of a chat log or Zoom captions are in that zone."""
    start = options.start
    if isinstance(start, Mapping):
        keys = (call_id, path.name, path.stem, str(path)) if call_id else (path.name, path.stem, str(path))
        start = next((start[k] for k in keys if k in start), None)
    off = _written_offset(start)
    return pd.Timedelta(off) if off is not None else pd.Timedelta(0)


def _attendee_email(name: str, meeting: Meeting, options: ReadOptions, explicit: str | None) -> str | None:
    if explicit:
        return explicit.lower()
    if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", name.strip()):  # the label is an e-mail address
        return name.strip().lower()
    norm = normalize_name(name)
    if norm in meeting.attendees:
        return meeting.attendees[norm]
    extra = getattr(options, "attendees", None)
    if isinstance(extra, Mapping):
        for k, v in extra.items():
            if normalize_name(str(k)) == norm and v:
                return str(v).lower()
    return None


def _internal_names(options: ReadOptions) -> frozenset[str]:
    return frozenset(normalize_name(str(n)) for n in (options.internal_speakers or ()))


def _direction(speaker: str, email: str | None, options: ReadOptions, internal: frozenset[str],
               know_emails: bool) -> str | None:
    if normalize_name(speaker) in internal:
        return "outbound"
    domains = options.internal_domains or frozenset()
    if email and domains:
        return "outbound" if is_internal(email.lower(), domains) else "inbound"
    if internal or (domains and know_emails):
        return "inbound"
    return None


def _account_for_email(email: str, options: ReadOptions) -> str:
    return account_for(email.lower(), options.accounts or {})


def _relationship(meeting: Meeting, options: ReadOptions, speaker: str | None, default: str | None) -> str | None:
    rel = options.relationship
    if isinstance(rel, Mapping):
        if speaker is not None and normalize_name(speaker) in rel:
            return str(rel[normalize_name(speaker)])
        return default
    if default is None and rel:
        return str(rel)
    return default


def _mapped_relationship(meeting: Meeting, options: ReadOptions, speakers: Iterable[str]) -> str | None:
    """The meeting's account from a ``relationship`` mapping: by file name/stem, else by a speaker."""
    rel = options.relationship
    if not isinstance(rel, Mapping):
        return None
    p = meeting.path
    for key in (p.name, p.stem, str(p), p.parent.name):
        if key in rel:
            return str(rel[key])
    for sp in speakers:
        if normalize_name(sp) in rel:
            return str(rel[normalize_name(sp)])
    return None


def _account_from_title(meeting: Meeting, options: ReadOptions) -> str | None:
    """The one account named in the meeting title, file name or folder name (full name, else its
    first word when that word has 4+ letters), among the account names of ``options.accounts``."""
    found = _accounts_named(meeting, options)
    return found[0] if len(found) == 1 else None


def _accounts_named(meeting: Meeting, options: ReadOptions) -> list[str]:
    """The account names of ``options.accounts`` that the meeting title, file name or folder name
    name: by full name, else (when no full name is there) by first word of 4+ letters. Sorted; more
    than one means the call's name does not tell which account it was."""
    names = sorted({str(v) for v in (options.accounts or {}).values() if v})
    if not names:
        return []
    p = meeting.path
    hay = " ".join(x for x in (meeting.title, p.name, p.parent.name) if x).lower()
    hay = " " + re.sub(r"[\W_]+", " ", hay) + " "
    for whole in (True, False):
        found = set()
        for name in names:
            words = re.sub(r"[\W_]+", " ", name.lower()).split()
            if not words:
                continue
            key = " ".join(words) if whole else words[0]
            if (whole or len(key) >= 4) and f" {key} " in hay:
                found.add(name)
        if found:
            return sorted(found)
    return []


def _several_accounts_note(meeting: Meeting, named: list[str], fallback: str | None) -> str:
    """The note for a call whose title, file or folder name names several accounts."""
    which = ", ".join(repr(n) for n in named)
    took = (f"the fallback relationship={fallback!r} (scan --relationship) was used" if fallback
            else "its relationship was left empty")
    return (f"the call names several accounts ({which}) in its title, file or folder name, so none of "
            f"them was chosen and {took}; name one account in the file or folder name, or pass "
            f"fs.read(..., relationship={{{meeting.path.name!r}: 'Account'}})")


def _meeting_relationship(meeting: Meeting, options: ReadOptions, emails: Iterable[str]) -> str | None:
    domains = options.internal_domains or frozenset()
    for email in emails:
        if email and "@" in email and not is_internal(email.lower(), domains):
            return _account_for_email(email, options)
    return None


def _merge(utts: list[Utterance]) -> list[Utterance]:
    """Consecutive ok cues of one speaker -> one turn; an unlabelled cue continues the previous turn."""
    out: list[Utterance] = []
    for u in utts:
        if u.error is None and out and out[-1].error is None and (
            u.speaker is None or u.speaker == out[-1].speaker
        ) and out[-1].speaker is not None:
            prev = out[-1]
            if u.text:
                prev.text = f"{prev.text} {u.text}".strip() if prev.text else u.text
            if u.note:
                prev.note = f"{prev.note}; {u.note}" if prev.note else u.note
            continue
        if u.error is None and u.speaker is None:
            u.error = ("no speaker label: the cue has no 'Name:' prefix, [Name] or <v Name> voice tag "
                       "and no earlier speaker to continue")
        out.append(u)
    for u in out:  # a label with nothing after it, not continued by the same speaker
        if u.error is None and not u.text.strip():
            u.error = f"{u.speaker}'s turn has no words (an empty cue or segment)"
    return out


def _records(utts: list[Utterance], meeting: Meeting, options: ReadOptions, *, channel: str,
             merge: bool) -> Iterator[Record]:
    if merge and not meeting.calls:  # a Gong monologue is already one turn
        utts = _merge(utts)
    if not utts:
        yield _file_error(meeting.path, "no cues or utterances found in the file", channel=channel,
                          digest=meeting.digest)
        return
    if not meeting.calls:
        yield from _call_records(utts, meeting, options, channel=channel, thread=f"meeting-{meeting.digest}")
        return
    for key, call in meeting.calls.items():
        group = [u for u in utts if u.call == key]
        if group:
            yield from _call_records(group, meeting, options, channel=channel, thread=call.thread, call=call)


def _first_clock_day(local_start: pd.Timestamp, clock: float) -> int:
    """The day (relative to the start's date) of a meeting's first wall-clock time ``clock``
    (seconds since midnight): the day that puts it nearest the recording start, since captions and
    chat begin around it. A first time just before a start shortly after midnight is the previous
    day's (23:59:58, or 23:58:00 under a 00:20:00 start), a time just after midnight under a late
    evening start is the next day's (00:00:10 under 23:59:50). A start without a time of day
    (midnight: a date-only name) says only the date, so every time is on it.

    >>> s = pd.Timestamp("2026-11-03 00:00:05")
    >>> _first_clock_day(s, 86398.0), _first_clock_day(s, 10.0), _first_clock_day(s, 3600.0)
    (-1, 0, 0)
    >>> _first_clock_day(pd.Timestamp("2026-11-02 23:59:50"), 10.0)
    1
    >>> _first_clock_day(pd.Timestamp("2026-03-03 00:20:00"), 86280.0)
    -1
    >>> _first_clock_day(pd.Timestamp("2026-11-03"), 86000.0)
    0
    """
    midnight = local_start.normalize()
    if local_start == midnight:
        return 0
    at = midnight + pd.Timedelta(seconds=clock)
    return min((0, -1, 1), key=lambda day: abs(at + pd.Timedelta(days=day) - local_start))


def _call_records(utts: list[Utterance], meeting: Meeting, options: ReadOptions, *, channel: str,
                  thread: str, call: Call | None = None) -> Iterator[Record]:
    """The rows of one meeting (one call of a multi-call file when ``call`` is given)."""
    start = _options_start(meeting.path, options, call.call_id if call else None)
    # wall-clock rows (chat, Zoom captions) are on the start's local date, in start='s zone
    wall = _options_wall_offset(meeting.path, options, call.call_id if call else None) \
        if start is not None and any(u.clock is not None for u in utts) else pd.Timedelta(0)
    notes = [meeting.note] if meeting.note else []
    if start is None and call is not None and call.start is not None:
        start = call.start
    if start is None and meeting.start is not None:
        start = meeting.start
        if meeting.start_note:
            notes.append(meeting.start_note)
    name_note = None  # said once, on the first ok row
    if start is None:
        start = meeting_start_from_name(meeting.path)
        if start is not None:
            name_note = _name_start_note(meeting.path, wall_clock=all(u.clock is not None for u in utts
                                                                      if u.error is None))
    if start is None:
        notes.append(NO_START_NOTE)
    internal = _internal_names(options)
    emails = {u.speaker: _attendee_email(u.speaker, meeting, options, u.email) for u in utts if u.speaker}
    know_emails = bool(meeting.attendees) or any(emails.values()) or bool(getattr(options, "attendees", None))
    subject = (call.title if call else None) or meeting.title or _title_from_name(meeting.path)
    ours = {u.speaker for u in utts if u.side == "outbound"}  # the file says so (Gong affiliation)
    # The meeting's own evidence first; a plain relationship="Account" (scan --relationship) is the
    # fallback for a meeting that names no account, and beats only an attendee's unmapped domain.
    attendee_rel = _meeting_relationship(meeting, options, [*meeting.attendees.values(),
                                                            *(e for s, e in emails.items() if s not in ours)])
    fallback = str(options.relationship) if isinstance(options.relationship, str) and options.relationship else None
    if attendee_rel is not None and fallback is not None \
            and attendee_rel not in {str(v) for v in (options.accounts or {}).values()}:
        attendee_rel = None  # a bare domain, not an account of ``accounts``
    named = _accounts_named(meeting, options)
    default_rel = (
        _mapped_relationship(meeting, options, [s for u in utts for s in (u.speaker, u.speaker_id) if s])
        or attendee_rel
        or (named[0] if len(named) == 1 else None)
    )
    if default_rel is None and len(named) > 1:  # said on every row: the user must choose
        notes.append(_several_accounts_note(meeting, named, fallback))
    default_rel = default_rel or fallback
    if default_rel is None and isinstance(options.relationship, Mapping):
        default_rel = pd.NA  # unknown: keeps the pipeline from filling in the mapping itself
    day = 0
    last_clock = None
    for i, u in enumerate(utts):
        ts = None
        if start is not None:
            if u.clock is not None:
                if last_clock is None:
                    day = _first_clock_day(start + wall, u.clock)
                elif u.clock < last_clock - 6 * 3600:
                    day += 1  # the log ran past midnight
                last_clock = u.clock
                ts = (start + wall).normalize() - wall + pd.Timedelta(days=day, milliseconds=round(u.clock * 1000))
            elif u.offset is not None:
                ts = start + pd.Timedelta(milliseconds=round(u.offset * 1000))
            elif u.error is None:  # an untimed turn is placed at the meeting start...
                ts = start
            # ...but an error row (e.g. a malformed start time) gets no made-up time
        direction = None
        email = emails.get(u.speaker) if u.speaker else None
        if u.speaker_id is not None and normalize_name(u.speaker_id) in internal:
            direction = "outbound"  # internal_speakers may name a speaker by the tool's id
        elif u.speaker and u.side and normalize_name(u.speaker) not in internal:
            # Gong's "Unknown" (a dial-in number) is neither side, whatever internal_speakers say
            direction = None if u.side == "unknown" else u.side
        elif u.speaker:
            direction = _direction(u.speaker, email, options, internal, know_emails)
            if direction == "outbound" and u.recipients:
                rcpts = [r.strip() for r in u.recipients.split(",") if r.strip()]
                if rcpts and all(
                    _direction(r, _attendee_email(r, meeting, options, None), options, internal,
                               know_emails) == "outbound"
                    for r in rcpts
                ):
                    direction = "internal"
        error = u.error
        first_note = None
        if error is None and name_note:
            first_note, name_note = name_note, None
        if error is None and (notes or u.note or first_note):
            error = "; ".join([*notes, *([first_note] if first_note else []), *([u.note] if u.note else [])])
        rec: Record = {
            "message_id": f"{thread}.{i}",
            "thread_id": thread,
            "relationship": _relationship(meeting, options, u.speaker, default_rel),
            "direction": direction,
            "sender": u.speaker,
            "sender_name": display_name(u.speaker) if u.speaker else None,
            "recipients": u.recipients.lower() if u.recipients else None,
            "timestamp": ts,
            "subject": subject,
            "text": u.text,
            "quoted_text": u.quoted,
            "channel": channel,
            "status": "automated" if u.automated else "error" if u.error else "ok",
            "error": error,
        }
        if options.max_body_chars and len(rec["text"]) > options.max_body_chars:
            rec["text"] = rec["text"][: options.max_body_chars]
            note = f"text cut to {options.max_body_chars} characters"
            rec["error"] = f"{rec['error']}; {note}" if rec["error"] else note
        yield rec


def _file_error(path: Path, reason: str, *, channel: str = "transcript", digest: str | None = None) -> Record:
    thread = f"meeting-{digest}" if digest else None
    return {
        "message_id": f"{thread}.0" if thread else None,
        "thread_id": thread,
        "channel": channel,
        "subject": _title_from_name(Path(path)),
        "text": "",
        "status": "error",
        "error": f"{reason} ({Path(path).name})",
    }


def _load(path: Path, channel: str = "transcript") -> tuple[str | None, Meeting | None, Record | None]:
    """``(text, meeting, error_record)``: the decoded text, or one error record."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, None, _file_error(path, f"cannot read file: {exc.strerror or exc}", channel=channel)
    digest = hashlib.sha1(data).hexdigest()[:16]
    if not data.strip():
        return None, None, _file_error(path, "empty file", channel=channel, digest=digest)
    text, note = decode_text(data)
    if text is None:
        return None, None, _file_error(path, f"cannot decode: {note}", channel=channel, digest=digest)
    bad = sum(1 for c in text[:20000] if ord(c) < 32 and c not in "\r\n\t\f\v")
    if bad > 8:
        return None, None, _file_error(path, "cannot decode: file holds control characters, not text",
                                       channel=channel, digest=digest)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, Meeting(path=path, digest=digest, note=note), None


# ----------------------------------------------------------------------------------------------
# cue payloads (VTT / SRT)

# a tag ends at the next "<" too: "[^>]*" made a run of unclosed "<a" quadratic
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>|<\d{1,2}:\d{2}(?::\d{2})?[.,]\d{1,3}>")
# one ``\s``, not ``\s+``: ``[^<>]*`` takes the rest (the name is stripped), and ``\s+[^<>]*`` would
# backtrack quadratically on a "<v" followed by thousands of spaces and no ">"
_VOICE = re.compile(r"<v(?:\.[^\s<>]*)?(?:\s([^<>]*))?>", re.I)
_NAME_COLON = re.compile(r"^\s*([^:\uff1a\n]{1,60}?)\s*(?::(?:\s+|$)|\uff1a\s*)(.*)$", re.S)
_NAME_BRACKET = re.compile(r"^\s*\[([^\]\n]{1,60})\]\s*:?\s*(.*)$", re.S)
_NAME_DASH = re.compile(r"^\s*-\s*")  # "- Name: text" in some SRT files
_VOICE_ANY = re.compile(r"</?v(?:\.[^\s<>]*)?(?:\s[^<>]*)?>", re.I)


def _voice_label(m: re.Match[str]) -> str:
    """A ``<v Name>`` tag as the ``Name: `` prefix of a text line (nothing for a nameless tag)."""
    name = " ".join((m.group(1) or "").split())
    return f"{name}: " if name else ""


def _clean_payload(text: str) -> str:
    text = _TAG.sub("", text)
    text = html.unescape(text)
    text = text.replace("\u00a0", " ")
    return " ".join(text.split())


def _sentence_opener(name: str, rest: str, labels: _Labels) -> bool:
    """Whether a ``Word: text`` prefix that looks like a name opens a sentence instead ("Honestly: the
    export broke", "Well: we tried"): one word, used as a label on no other line of the file, not an
    internal speaker, and followed by a lower-case word (a transcription tool starts each turn with a
    capital). A label that recurs in the file or names an internal speaker is always a speaker.

    >>> _sentence_opener("Honestly", "the export broke again.", _Labels())
    True
    >>> _sentence_opener("Honestly", "The export broke again.", _Labels())
    False
    >>> _sentence_opener("Anya", "we tried.", _Labels(counts={"Anya": 2}))
    False
    """
    if len(name.split()) != 1 or labels.counts.get(name, 0) >= 2 or normalize_name(name) in labels.names:
        return False
    first = rest.lstrip()[:1]
    return first.isalpha() and first.islower()


def _split_speaker(text: str, known: set[str], labels: _Labels | None = None) -> tuple[str | None, str]:
    """``(speaker, text)`` from a cue payload's first line prefix ("Name: ...", "[Name] ...")."""
    labels = labels or _Labels()
    stripped = _NAME_DASH.sub("", text, count=1) if text.lstrip().startswith("- ") else text
    m = _NAME_BRACKET.match(stripped)
    if m and (looks_like_name(m.group(1)) or m.group(1).strip() in known):
        return m.group(1).strip(), m.group(2)
    m = _NAME_COLON.match(stripped)
    if m:
        name = m.group(1).strip()
        if name in known or normalize_name(name) in labels.names \
                or (looks_like_name(name) and not _sentence_opener(name, m.group(2), labels)):
            return name, m.group(2)
    return None, text


# a label with a personal title is a person wherever it stands ("Prof. Ito: I can review it too.")
_TITLED = re.compile(r"(?:Dr|Prof|Mr|Mrs|Ms|Mx|Sir|Dame|Dott|Herr|Frau|Mme|Mlle|Sr|Sra)\.?\s+[^\W\d_]")


def _payload_utterances(payload: str, offset: float | None, known: set[str],
                        labels: _Labels | None = None) -> list[Utterance]:
    """Utterances of one cue payload: one per ``<v>`` voice span, else one with a parsed prefix."""
    if _VOICE.search(payload):
        out: list[Utterance] = []
        matches = list(_VOICE.finditer(payload))
        lead = _clean_payload(payload[: matches[0].start()])
        if lead:
            out.append(Utterance(speaker=None, text=lead, offset=offset))
        for j, m in enumerate(matches):
            end = matches[j + 1].start() if j + 1 < len(matches) else len(payload)
            name = " ".join(html.unescape(m.group(1) or "").split()) or None
            body = _clean_payload(payload[m.end(): end])
            if name:
                known.add(name)
            out.append(Utterance(speaker=name, text=body, offset=offset))
        return out
    plain = _TAG.sub("", payload)
    plain = html.unescape(plain).replace("\u00a0", " ")
    # Each line is read as a cue's first line is: one that opens with a speaker label ("Name:",
    # "[Name]", "- Name:") starts a new turn at the cue's time (two speakers in one SRT cue, Zoom's
    # "Name:" lines); any other line continues the turn before it.
    # A later line counts only a label the file already uses as one (it opens some cue, or is a known
    # or an internal speaker): "Action Item: Sam to send the contract", "Step 2: we freeze the
    # tenant" or "Budget: 120k" inside a cue are the speaker's own words.
    out = []
    for line in plain.strip().split("\n"):
        if not line.strip():
            continue
        speaker, rest = _split_speaker(line.strip(), known, labels)
        gated = bool(speaker and out and not (speaker in known or speaker in labels.openers
                                              or normalize_name(speaker) in labels.names
                                              or _TITLED.match(speaker)))
        if gated:
            speaker, rest = None, line
        if speaker:
            known.add(speaker)
        label = None if speaker or gated else unread_label(line.strip())
        note = _unread_label_note(label) if label else None
        if out and not speaker:
            cur = out[-1]
            cur.text = " ".join(f"{cur.text} {rest}".split())
            if note:
                cur.note = f"{cur.note}; {note}" if cur.note else note
            continue
        out.append(Utterance(speaker=speaker, text=" ".join(rest.split()), offset=offset, note=note))
    return out or [Utterance(speaker=None, text="", offset=offset)]


_TIMING_LIKE = re.compile(r"^\s*\d[\d:.,]*\s*[^\w\s]{0,3}\s*\d[\d:.,]*(\s+\S+:\S+)*\s*$")
_TIMING = re.compile(r"^\s*(\S+)\s+-->\s+(\S+)(?:\s+.*)?$")


def _cue_blocks(text: str) -> list[list[str]]:
    blocks: list[list[str]] = []
    cur: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            cur.append(line.rstrip())
        elif cur:
            blocks.append(cur)
            cur = []
    if cur:
        blocks.append(cur)
    return [part for block in blocks for part in _split_run_on(block)]


_CUE_ID = re.compile(r"^(\d+|[0-9a-fA-F]{8}-[0-9a-fA-F-]{20,}(/[\w-]+)?)$")


def _split_run_on(block: list[str]) -> list[list[str]]:
    """Split a block holding several cues (blank lines missing) at each later timing line."""
    timings = [i for i, line in enumerate(block) if "-->" in line]
    if len(timings) < 2:
        return [block]
    cuts = [0]
    for i in timings[1:]:
        cut = i - 1 if i - 1 > cuts[-1] and _CUE_ID.match(block[i - 1].strip()) else i
        if cut > cuts[-1]:
            cuts.append(cut)
    return [block[a:b] for a, b in zip(cuts, [*cuts[1:], len(block)], strict=True)]


_LABEL = re.compile(r"^\s*(?:\[[^\]]{1,16}\]\s*)?([^:\uff1a\[\]<>\n]{1,40}?)\s*(?::\s+|\uff1a\s*)\S")


@dataclass
class _Labels:
    """What a file says about its ``Name:`` labels: how many lines each label begins (``counts``) and
    the internal speakers' names (``names``, normalised)."""

    counts: dict[str, int] = field(default_factory=dict)
    names: frozenset[str] = frozenset()
    #: the labels that open some cue's first line: on a later line of a cue only these, known and
    #: internal speakers start a turn ("Action Item: ...", "Step 2: ..." there are the speaker's text)
    openers: frozenset[str] = frozenset()


def _label_counts(lines: Iterable[str]) -> dict[str, int]:
    """How many lines each ``Label:`` prefix begins (header words, links and sentences left out)."""
    counts: dict[str, int] = {}
    for line in lines:
        m = _LABEL.match(line)
        if m:
            label = m.group(1).strip()
            if label and len(label.split()) <= 4 and not re.search(r"[?!;,\"]", label) \
                    and label.lower() not in _HEADER_WORDS and not label.lower().startswith("http"):
                counts[label] = counts.get(label, 0) + 1
    return counts


def _frequent_labels(lines: Iterable[str] | dict[str, int], min_count: int = 3) -> set[str]:
    """Speaker labels that do not look like names ("dana w", "rosa.kim@acme.com", "Speaker A (guest)")
    but begin at least ``min_count`` lines: a tool that labels every cue is consistent."""
    counts = lines if isinstance(lines, dict) else _label_counts(lines)
    return {k for k, n in counts.items() if n >= min_count}


def _cue_text_lines(block: list[str]) -> list[str]:
    """The lines of a cue block after its timing line (none when it has no timing line)."""
    t_idx = next((i for i, line in enumerate(block) if "-->" in line), None)
    return [] if t_idx is None else block[t_idx + 1:]


def _parse_cues(text: str, *, kind: str, meeting: Meeting | None = None) -> list[Utterance]:
    utts: list[Utterance] = []
    blocks = _cue_blocks(text)
    # the lines that open a cue's text (not timing lines or ids): what a label must begin to count
    # as one a transcribing tool writes; a later line of a cue opens a turn only with such a
    # label, a known or an internal speaker (see _payload_utterances)
    firsts = [t[0] for t in (_cue_text_lines(b) for b in blocks) if t]
    counts = _label_counts(firsts)
    labels = _Labels(counts, meeting.names if meeting is not None else frozenset(), frozenset(counts))
    known: set[str] = _frequent_labels(labels.counts)
    if kind == "vtt" and blocks and blocks[0][0].lstrip("\ufeff").startswith("WEBVTT"):
        blocks = blocks[1:]
    for n, block in enumerate(blocks, 1):
        first = block[0].strip()
        if kind == "vtt" and re.match(r"^(NOTE|STYLE|REGION)(\s|$)", first):
            continue
        t_idx = next((i for i, line in enumerate(block[:3]) if "-->" in line), None)
        if t_idx is None:
            # A block with no timing line: a bad timing line written without "-->" or stray text.
            rest = block[1:] if len(block) > 1 and re.match(r"^\d+$", first) else block
            if rest and _TIMING_LIKE.match(rest[0]):  # "00:00:01,000 - 00:00:02,000"
                reason = f"cue {n} has a malformed timing line {rest[0].strip()[:80]!r} (no '-->')"
                rest = rest[1:]
            else:
                reason = (f"cue {n} has no timing line ('00:00:01.000 --> 00:00:04.000'); "
                          f"first line was {first[:60]!r}")
            cue = _payload_utterances("\n".join(rest), None, known, labels)
            for u in cue:
                u.error = reason
            utts.extend(cue)
            continue
        timing = block[t_idx]
        m = _TIMING.match(timing)
        start_s = parse_offset(m.group(1)) if m else None
        end_s = parse_offset(m.group(2)) if m else None
        payload = "\n".join(block[t_idx + 1:])
        cue = _payload_utterances(payload, start_s, known, labels)
        if start_s is None or end_s is None:
            for u in cue:
                u.error = f"cue {n} has a malformed timing line {timing.strip()[:80]!r}"
                u.offset = None
        utts.extend(u for u in cue if u.text or u.error or u.speaker)
    return utts


def parse_vtt(text: str, options: ReadOptions | None = None, *, path: str | Path = "<string>") -> Iterator[Record]:
    """Records of a WebVTT document given as text (see the module docstring for the fields).

    >>> from frictionscan.ingest.registry import ReadOptions
    >>> doc = "WEBVTT\\n\\nab12-3/1-0\\n00:00:02.000 --> 00:00:04.000\\n<v Bo Chen>Sorry &amp; thanks.</v>\\n"
    >>> [(r["sender"], r["text"]) for r in parse_vtt(doc, ReadOptions())]
    [('Bo Chen', 'Sorry & thanks.')]
    """
    return _from_text(text, options, path, lambda t, m: _parse_cues(t, kind="vtt", meeting=m), "transcript", True)


def parse_srt(text: str, options: ReadOptions | None = None, *, path: str | Path = "<string>") -> Iterator[Record]:
    """Records of a SubRip document given as text.

    >>> doc = "1\\n00:00:01,000 --> 00:00:03,000\\n[Anna Lee] We were promised\\nthis last week.\\n"
    >>> [r["text"] for r in parse_srt(doc)]
    ['We were promised this last week.']
    """
    return _from_text(text, options, path, lambda t, m: _parse_cues(t, kind="srt", meeting=m), "transcript", True)


def _from_text(text: str, options: ReadOptions | None, path: str | Path, parse, channel: str,
               merge: bool) -> Iterator[Record]:
    options = options or ReadOptions()
    data = text.encode("utf-8")
    meeting = Meeting(path=Path(path), digest=hashlib.sha1(data).hexdigest()[:16])
    if not text.strip():
        yield _file_error(meeting.path, "empty file", channel=channel, digest=meeting.digest)
        return
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meeting.names = _internal_names(options)
    yield from _records(parse(text, meeting), meeting, options, channel=channel, merge=merge)


def _read_file(path: Path, options: ReadOptions, parse, *, channel: str, merge: bool) -> Iterator[Record]:
    text, meeting, err = _load(Path(path), channel)
    if err is not None:
        yield err
        return
    assert text is not None and meeting is not None
    meeting.names = _internal_names(options)
    yield from _records(parse(text, meeting), meeting, options, channel=channel, merge=merge)


def read_vtt(path: Path, options: ReadOptions) -> Iterator[Record]:
    """Records of a WebVTT file (Zoom, Teams, Google Meet...)."""
    return _read_file(path, options, lambda t, m: _parse_cues(t, kind="vtt", meeting=m), channel="transcript",
                      merge=True)


def read_srt(path: Path, options: ReadOptions) -> Iterator[Record]:
    """Records of a SubRip ``.srt`` file."""
    return _read_file(path, options, lambda t, m: _parse_cues(t, kind="srt", meeting=m), channel="transcript",
                      merge=True)


def _sniff_vtt(path: Path, head: bytes) -> bool:
    return _head_text(head).lstrip("\ufeff \t\r\n").startswith("WEBVTT")


_SRT_TIMING = re.compile(r"^\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s+-->\s+\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}")


def _sniff_srt(path: Path, head: bytes) -> bool:
    lines = [ln.strip() for ln in _head_text(head).lstrip("\ufeff").splitlines()]
    lines = [ln for ln in lines if ln][:4]
    return len(lines) >= 2 and lines[0].isdigit() and bool(_SRT_TIMING.match(lines[1]))


# ----------------------------------------------------------------------------------------------
# Zoom chat logs

# names are bounded (a Zoom display name is far shorter than 200 characters): an unbounded lazy
# ``(.+?)`` before ``\s+to\s+`` backtracks quadratically on a hostile line of thousands of " to"
_CHAT_NEW = re.compile(r"^(\d{1,2}:\d{2}:\d{2})\s+From\s+(.{1,200}?)\s+to\s+(.{1,200}?)\s*:\s*$")
_CHAT_OLD = re.compile(r"^(\d{1,2}:\d{2}:\d{2})[ ]*\t\s*From\s+(.{1,200}?)\s*:\s(.*)$")  # ([ ]*\t: tabs are linear)
_CHAT_OLD_SPACES = re.compile(r"^(\d{1,2}:\d{2}:\d{2})\s+From\s+(.{1,200}?)\s+:\s(.*)$")
# Zoom quotes the message a reply answers on the reply's first line: Replying to "Agenda: 1) VAT fix 2..."
_CHAT_REPLY = re.compile(r'^Replying to\s+["\u201c](.*)["\u201d]$')
# Zoom writes emoji reactions as chat lines: Reacted to "Here is the list of a..." with 👍
_CHAT_REACTION = re.compile(r'^(?:Reacted to\s+["\u201c](.*)["\u201d]\s+with\s+(\S{1,12})'
                            r'|Removed an?\s+(\S{1,12})\s+reaction from\s+["\u201c](.*)["\u201d])$')
_DM = re.compile(r"\((?:Direct Message|Privately|Direct message)\)\s*$", re.I)  # callers strip()


_SENDER_TO = re.compile(r"^(.{1,200}?)\s+to\s+(.+)$")


def _chat_target(sender_to: str) -> tuple[str, str | None]:
    """Split an old-style "Name to Other(Privately)" into sender and recipient (None = everyone)."""
    m = _SENDER_TO.match(sender_to)
    if not m:
        return sender_to.strip(), None
    to = _DM.sub("", m.group(2)).strip()
    return m.group(1).strip(), None if to.lower() in ("everyone", "all panelists", "all") else to


def _parse_chat(text: str, meeting: Meeting) -> list[Utterance]:
    utts: list[Utterance] = []
    cur: Utterance | None = None
    lines: list[str] = []

    def flush() -> None:
        if cur is not None:
            body = [ln.strip() for ln in lines]
            first = next((k for k, ln in enumerate(body) if ln), None)
            m = _CHAT_REPLY.match(body[first]) if first is not None else None
            if m:  # the quoted message is not the sender's words
                cur.quoted = m.group(1).strip()
                body = body[first + 1:]
            cur.text = "\n".join(body).strip()
            r = _CHAT_REACTION.match(cur.text)
            if r and cur.error is None:  # counted (rows in = rows out) but not scored as words
                cur.automated = True
                if r.group(1) is not None:
                    cur.error = f"a reaction, not a message: {r.group(2)} to {r.group(1)!r}"
                else:
                    cur.error = f"a reaction removed, not a message: {r.group(3)} from {r.group(4)!r}"
            if not cur.text and cur.error is None:
                cur.error = "chat message has no text"
            utts.append(cur)

    for line in text.split("\n"):
        m = _CHAT_NEW.match(line)
        if m:
            flush()
            clock = parse_offset(m.group(1))
            to = _DM.sub("", m.group(3)).strip()
            cur = Utterance(speaker=m.group(2).strip(), text="", clock=clock,
                            recipients=None if to.lower() in ("everyone", "all panelists") else to)
            lines = []
            continue
        m = _CHAT_OLD.match(line) or _CHAT_OLD_SPACES.match(line)
        if m:
            flush()
            speaker, to = _chat_target(m.group(2))
            cur = Utterance(speaker=speaker, text="", clock=parse_offset(m.group(1)), recipients=to)
            lines = [m.group(3)]
            continue
        if cur is None:
            if line.strip():
                cur = Utterance(speaker=None, text="", error=(
                    "text before the first chat header ('10:02:33 From Name to Everyone:')"))
                lines = [line]
            continue
        lines.append(line)
    flush()
    for u in utts:
        if u.clock is None and u.error is None:
            u.error = "chat header has a malformed time"
    return utts


def parse_zoom_chat(text: str, options: ReadOptions | None = None, *, path: str | Path = "<string>") -> Iterator[Record]:
    """Records of a Zoom chat log given as text (one row per message, ``channel="chat"``).

    >>> log = "10:02:33 From Anna Lee to Everyone:\\n\\tStill no export?\\n"
    >>> [(r["sender"], r["text"], r["channel"]) for r in parse_zoom_chat(log)]
    [('Anna Lee', 'Still no export?', 'chat')]
    """
    return _from_text(text, options, path, _parse_chat, "chat", False)


def read_zoom_chat(path: Path, options: ReadOptions) -> Iterator[Record]:
    """Records of a Zoom chat log file."""
    return _read_file(path, options, _parse_chat, channel="chat", merge=False)


def _sniff_zoom_chat(path: Path, head: bytes) -> bool:
    lines = [ln for ln in _head_text(head).lstrip("\ufeff").split("\n") if ln.strip()][:3]
    return bool(lines) and bool(
        _CHAT_NEW.match(lines[0].rstrip("\r")) or _CHAT_OLD.match(lines[0]) or _CHAT_OLD_SPACES.match(lines[0])
    )


# ----------------------------------------------------------------------------------------------
# plain text (Otter, "Name: text", "[00:01:02] Name: text", Google Meet)

# up to four digits before the colon: "100:00" (100 minutes into a long call) is a time, and
# "1000:00" a malformed one, reported as such rather than merged into the previous turn
_OTTER_HEAD = re.compile(r"^(\S.{0,59}?)\s+(\d{1,4}:\d{2}(?::\d{2})?)\s*$")
# Rev / Descript / Trint style: "Dana Whitlock (00:04):" or "Dana Whitlock [00:00:04]" then text
_NAME_TIME = re.compile(r"^(\S[^\[\]()]{0,59}?)\s*[\[(](\d{1,4}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?)[\])]\s*:?\s*(.*)$")
# (names bounded like every speaker pattern: an unbounded "(.+?)\s*:" is quadratic on a run of spaces)
_BRACKET_LINE = re.compile(r"^\s*[\[(]([^\])]{1,16})[\])]\s*(\S.{0,59}?)\s*:\s+(.*)$")
_BARE_TS_LINE = re.compile(r"^\s*(\d{1,3}:\d{2}(?::\d{2})?)\s+(\S.{0,59}?)\s*:\s+(.*)$")
_COLON_LINE = re.compile(r"^\s*([^:\uff1a\[\]]{1,60}?)\s*(?::\s+|\uff1a\s*)(.*)$")
_OFFSET_ONLY = re.compile(r"^\s*(\d{1,3}:\d{2}(?::\d{2})?)\s*$")  # (100:02: past the 99th minute)
# Zoom's saved closed captions ("[Name] 15:00:02 text") and saved live transcript ("[Name] 15:00:02",
# the text on the lines below): the time is the wall clock, as in its chat log
# (the name runs to the "] HH:MM:SS" after it, so a display name with a bracketed tag,
# "[Cai [Gamma IT]] 10:00:20", is read whole)
_ZOOM_CAPTION = re.compile(r"^\[([^\n]{1,60}?)\]\s+(\d{1,2}:\d{2}:\d{2})(?:\s+(\S.*))?$")
_FOOTER = re.compile(r"^\s*(Transcribed by https?://\S+|This editable transcript was computer generated.*"
                     r"|Meeting ended after \d{1,2}(?::\d{2}){1,2}\s*[^\w\s]*)\s*$", re.I)
# Lines Teams writes that are neither a turn nor an error: the meeting's duration under the header
# ("31m 12s", "1h 4m 30s") and "<name> started transcription" / "<name> stopped transcription".
_DURATION = re.compile(r"^\s*(?=\d)(?:\d+\s*h\s*)?(?:\d+\s*m(?:in)?\s*)?(?:\d+\s*s(?:ec)?)?\s*$", re.I)
_TRANSCRIPTION_EVENT = re.compile(r"^\s*(.{1,80}?)\s+(?:started|stopped)\s+transcription\s*$", re.I)
_NOT_NAMES = frozenset({"i", "we", "you", "he", "she", "they", "someone", "somebody", "nobody", "it"})


def _teams_system_line(line: str, before_first_turn: bool) -> bool:
    """Whether ``line`` is a Teams system line to skip: ``<name> started/stopped transcription``
    anywhere, a duration (``31m 12s``) only before the first turn.

    >>> _teams_system_line("Brook, Nadia started transcription", False), _teams_system_line("31m 12s", True)
    (True, True)
    >>> _teams_system_line("We started transcription", False), _teams_system_line("31m 12s", False)
    (False, False)
    """
    if before_first_turn and _DURATION.match(line):
        return True
    m = _TRANSCRIPTION_EVENT.match(line)
    return bool(m) and m.group(1).strip().lower() not in _NOT_NAMES and looks_like_name(m.group(1))


_TITLE_LINE = re.compile(r"^(.{1,120}?)\s+[-\u2013\u2014]\s+Transcript\s*$", re.I)
_EMAIL_HEADER = re.compile(r"^(From |Received:|Return-Path:|Delivered-To:|Message-ID:|MIME-Version:|"
                           r"Date:|From:|To:|Subject:|X-[\w-]+:)", re.I)

# Meeting start written by the tool in a header line: Google Meet's title "<title> (<when>) - Transcript"
# or "<title> - <when> - Transcript", and the date line under the title of a Teams transcript saved
# as text. Only these header lines are read: a date said during the meeting is never a start.
_MONTHS = {m: i for i, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
     ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
     ("oct", "october"), ("nov", "november"), ("dec", "december")), 1) for m in names}
# Named zones with one meaning (minutes east of UTC), offsets from the Date-header table; "CST",
# "IST", "BST" name several zones and are left out here.
_ZONES = {name.lower(): int(HEADER_ZONES[name].total_seconds() // 60) for name in (
    "UTC", "GMT", "Z", "WET", "WEST", "CET", "CEST", "EET", "EEST", "EST", "EDT", "PST", "PDT")}
_WHEN = re.compile(
    r"^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
    r"(?:(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"
    r"|(?P<mon1>[a-z]{3,9})\.?\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{4})"
    r"|(?P<d2>\d{1,2})(?:st|nd|rd|th)?\.?\s+(?P<mon2>[a-z]{3,9})\.?,?\s+(?P<y2>\d{4}))"
    r"(?:(?:\s*,\s*|\s+at\s+|\s+|t)(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?"
    r"(?:\s*(?P<ampm>[ap])\.?m\.?)?"
    r"(?:\s*(?P<zone>[a-z]{1,5}))?(?:\s*(?P<off>[+\-\u2212]\d{1,2}(?::?\d{2})?))?)?$",
    re.I,
)


@dataclass
class _When:
    start: pd.Timestamp
    note: str | None = None  # e.g. an unknown zone: the wall time was taken as UTC


def _parse_when(text: str) -> _When | None:
    """The meeting start a header writes, as UTC, or None when ``text`` is not just a date and time.

    >>> for s in ("2025/03/19 15:00 CET", "Mar 19, 2025 at 3:00 PM CET", "21 March 2025, 09:00:03"):
    ...     print(_parse_when(s).start)
    2025-03-19 14:00:00+00:00
    2025-03-19 14:00:00+00:00
    2025-03-21 09:00:03+00:00
    >>> _parse_when("we said March 3, 2025 at 10:00") is None
    True
    """
    m = _WHEN.match(text.strip())
    if not m:
        return None
    g = m.groupdict()
    if g["y"]:
        year, month, day = int(g["y"]), int(g["m"]), int(g["d"])
    else:
        mon = (g["mon1"] or g["mon2"]).lower()
        if mon not in _MONTHS:
            return None
        year, month, day = int(g["y1"] or g["y2"]), _MONTHS[mon], int(g["d1"] or g["d2"])
    hour, minute, sec = int(g["H"] or 0), int(g["M"] or 0), int(g["S"] or 0)
    if g["ampm"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if g["ampm"].lower() == "p" else 0)
    try:
        ts = pd.Timestamp(year=year, month=month, day=day, hour=hour, minute=minute, second=sec, tz="UTC")
    except ValueError:
        return None
    zone, off, note = (g["zone"] or "").lower(), g["off"], None
    minutes = 0
    if zone and zone not in _ZONES:
        if g["off"]:
            return None  # "XYZ+1": not a zone we can read
        note = f"meeting start {text.strip()!r}: time zone {g['zone']!r} is not known; its time was taken as UTC"
    elif zone:
        minutes = _ZONES[zone]
    if off:
        if zone not in ("", "utc", "gmt"):
            return None  # "CET+1" is not a way to write a zone
        sign = -1 if off[0] in "-\u2212" else 1
        digits = off[1:].replace(":", "")
        hours, mins = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
        if hours > 14 or mins >= 60:
            return None
        minutes = sign * (hours * 60 + mins)
    return _When(ts - pd.Timedelta(minutes=minutes), note)


def _meet_title(line: str) -> tuple[str | None, _When | None] | None:
    """``(title, start)`` from a Google Meet title line; None when the line is not one.

    >>> title, when = _meet_title("Tessaro sync - 2025/03/19 15:00 CET - Transcript")
    >>> title, str(when.start)
    ('Tessaro sync', '2025-03-19 14:00:00+00:00')
    """
    line = line.strip()
    m = re.match(r"^(.*?)\s*\(([^()]*\d{4}[^()]*)\)\s*(?:[-\u2013\u2014]\s*Transcript)?\s*$", line, re.I)
    if m:
        when = _parse_when(m.group(2))
        if when is not None:
            return m.group(1).strip() or None, when
    m = _TITLE_LINE.match(line)
    if not m:
        return None
    title = m.group(1).strip()
    d = re.match(r"^(.*\S)\s+[-\u2013\u2014]\s+(.+)$", title)
    if d:
        when = _parse_when(d.group(2))
        if when is not None:
            return d.group(1).strip(), when
    when = _parse_when(title)  # "2025-03-19 15:00 CET - Transcript": no title
    return (None, when) if when is not None else (title, None)


# A line that opens a speaker's turn: (pattern, name group, text group or None, time group or
# None -- None keeps the running offset --, error when the time does not parse or None), tried in
# this order; a match counts only when its name is a known label or looks like a name.
_SPEAKER_LINES: tuple[tuple[re.Pattern[str], int, int | None, int | None, str | None], ...] = (
    (_OTTER_HEAD, 1, None, 2, "malformed time {time!r} after speaker {name!r}"),
    (_NAME_TIME, 1, 3, 2, "malformed time {time!r} after speaker {name!r}"),
    (_BRACKET_LINE, 2, 3, 1, "malformed timestamp [{time}] before speaker {name!r}"),
    (_BARE_TS_LINE, 2, 3, 1, None),
    (_COLON_LINE, 1, 2, None, None),
)
#: The timed speaker headers (pattern, name group): a file that has them writes no bare "Name: text"
_TIMED_HEADERS = ((_ZOOM_CAPTION, 1), *((rx, g) for rx, g, *_ in _SPEAKER_LINES[:-1]))


def _speaker_turn(line: str, known: set[str], offset: float | None, labels: _Labels | None = None,
                  *, timed: bool = False) -> Utterance | None:
    """The utterance a speaker line opens (adding its name to ``known``), or None.

    In a file whose turns open with a timed header (Otter's ``Name  0:03``, Rev's ``Name (00:04):``,
    ``[00:01:02] Name: text``), the tool never writes a bare ``Name: text`` line: such a line
    ("Result: nothing changed") is the turn's text unless its label is a speaker of the file (a header
    name, a label that begins 3+ lines) or an internal speaker (``timed=True``). Elsewhere a one-off
    ``Word: lower-case text`` is a sentence opener (:func:`_sentence_opener`).
    """
    labels = labels or _Labels()
    for k, (pattern, name_g, text_g, time_g, error) in enumerate(_SPEAKER_LINES):
        m = pattern.match(line)
        if not m:
            continue
        name = m.group(name_g).strip()
        if k == len(_SPEAKER_LINES) - 1:  # a bare "Name: text" line
            ours = name in known or normalize_name(name) in labels.names
            if timed and not ours:
                continue
            if not ours and (not looks_like_name(name) or _sentence_opener(name, m.group(text_g), labels)):
                continue
        elif name not in known and not looks_like_name(m.group(name_g)):
            continue
        known.add(name)
        off = offset if time_g is None else parse_offset(m.group(time_g))
        turn = Utterance(speaker=name, text=m.group(text_g).strip() if text_g else "", offset=off)
        if error and off is None:
            turn.error = error.format(time=m.group(time_g), name=name)
        return turn
    return None


def _caption_turn(line: str, known: set[str]) -> Utterance | None:
    """The turn a Zoom caption header opens (``[Name] 15:00:02`` with or without the text after it),
    timed by the wall clock (``clock``), or None.

    >>> u = _caption_turn("[Oona Pratt] 10:30:05 Morning Kofi.", set())
    >>> u.speaker, u.text, u.clock
    ('Oona Pratt', 'Morning Kofi.', 37805.0)
    >>> _caption_turn("[Cai [Gamma IT]] 10:00:20 Hi Oona.", set()).speaker
    'Cai [Gamma IT]'
    """
    m = _ZOOM_CAPTION.match(line)
    if m is None:
        return None
    name = m.group(1).strip()
    if name not in known and not looks_like_name(name):
        return None
    known.add(name)
    clock = parse_offset(m.group(2))
    turn = Utterance(speaker=name, text=(m.group(3) or "").strip(), clock=clock)
    if clock is None or clock >= 86400:
        turn.clock = None
        turn.error = f"malformed time {m.group(2)!r} after speaker [{name}]"
    return turn


def _unread_text_label(line: str) -> str | None:
    """A speaker header of a text transcript ("Name  0:03", "Name (00:04):", "Name: text") whose name
    was not read as a speaker but looks like a label (:func:`unread_label`)."""
    for pattern, name_g, *_ in _SPEAKER_LINES[:-1]:
        m = pattern.match(line)
        if m:
            name = m.group(name_g).strip()
            return name if unread_label(f"{name}: x") else None
    return unread_label(line)


def _dated_header(lines: list[str], i: int, meeting: Meeting) -> int:
    """Read a header at ``lines[i]``: a date line ("21 March 2025, 09:00:03"), a title line then a
    date line (Teams saved as text), or a title line alone right before the first speaker line (Otter).
    Sets the meeting's start and title; returns the index after the header, or ``i`` when there is none."""
    when = _parse_when(lines[i])
    if when is not None:
        meeting.start, meeting.start_note = when.start, when.note
        return i + 1
    j = i + 1
    while j < len(lines) and not lines[j].strip():
        j += 1
    if j < len(lines) and len(lines[i].strip()) <= 120 and _speaker_turn(lines[i].strip(), set(), None) is None:
        when = _parse_when(lines[j])
        if when is not None:
            meeting.title = lines[i].strip()
            meeting.start, meeting.start_note = when.start, when.note
            return j + 1
        # an Otter title line alone ("Brightwater onboarding retro") right before the first timed
        # speaker header ("Siobhán Kelly  0:04"): the meeting's title, not an error row
        line, nxt = lines[i].strip(), lines[j].strip()
        if len(line) <= 100 and (line[0].isupper() or line[0].isdigit()) \
                and not line.endswith((".", "?", "!", ":", ",")) \
                and any(rx.match(nxt) for rx in (_OTTER_HEAD, _NAME_TIME)) \
                and _speaker_turn(nxt, set(), None) is not None:
            meeting.title = line
            return j
    return i


def _parse_text(text: str, meeting: Meeting) -> list[Utterance]:
    # (stripped once here: the line patterns open with "^\s*" before a group that also takes
    # spaces, which backtracks quadratically on a line of thousands of leading spaces)
    lines = [ln.strip() for ln in text.split("\n")]
    i = 0
    # Google Meet header: "<title> (2025-02-14 at 10:30 GMT+1) - Transcript", "Attendees", names, "Transcript"
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i < len(lines):
        meet = _meet_title(lines[i])
        if meet is not None:
            meeting.title, when = meet
            if when is not None:
                meeting.start, meeting.start_note = when.start, when.note
            i += 1
        else:
            i = _dated_header(lines, i, meeting)
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i < len(lines) and lines[i].strip().lower() == "attendees":
        i += 1
        while i < len(lines) and lines[i].strip().lower() != "transcript":
            i += 1
        i += 1
    elif i < len(lines) and lines[i].strip().lower() == "transcript":
        i += 1

    utts: list[Utterance] = []
    labels = _Labels(_label_counts(lines[i:]), meeting.names)
    known: set[str] = _frequent_labels(labels.counts)
    # the file's own timed speaker headers: when it has them, bare "Word: text" lines are turn text
    timed_names = {m.group(g).strip() for ln in lines[i:] for rx, g, *_ in _TIMED_HEADERS
                   for m in [rx.match(ln.rstrip())] if m and looks_like_name(m.group(g))}
    timed = bool(timed_names)
    known |= timed_names
    offset: float | None = None
    cur: Utterance | None = None
    for raw in lines[i:]:
        line = raw.rstrip()
        if not line.strip() or _FOOTER.match(line) or _teams_system_line(line, not utts):
            continue
        m = _OFFSET_ONLY.match(line)
        if m:
            offset = parse_offset(m.group(1))
            cur = None
            continue
        m = _TIMING.match(line)
        if m:  # a stray cue timing line (captions pasted without their header): keep its time only
            offset = parse_offset(m.group(1))
            continue
        line = _VOICE.sub(_voice_label, line)
        line = _VOICE_ANY.sub("", line)
        if not line.strip():
            continue
        turn = _caption_turn(line, known) if line.startswith("[") else None
        if turn is None:
            turn = _speaker_turn(line, known, offset, labels, timed=timed)
        if turn is not None:
            cur = turn
            utts.append(cur)
            continue
        if cur is None:
            cur = Utterance(speaker=None, text=line.strip(), offset=offset,
                            error="text before any speaker label ('Name: text', 'Name  0:03')")
            utts.append(cur)
            continue
        label = _unread_text_label(line)
        if label and timed and _COLON_LINE.match(line) and len(label.split()) < 2:
            label = None  # "Result: nothing changed" in a paragraph under a timed header: a sentence
        if label:
            note = _unread_label_note(label)
            cur.note = f"{cur.note}; {note}" if cur.note else note
        cur.text = f"{cur.text} {line.strip()}".strip()
    return utts


def parse_text_transcript(text: str, options: ReadOptions | None = None, *,
                          path: str | Path = "<string>") -> Iterator[Record]:
    """Records of a plain-text transcript given as text (Otter, ``Name: text``, ``[hh:mm:ss] Name:``).

    >>> doc = "Anna Lee  0:03\\nWe expected this in March.\\n\\nBo Chen  0:09\\nYou're right, I'm sorry.\\n"
    >>> [(r["sender"], r["text"]) for r in parse_text_transcript(doc)]
    [('Anna Lee', 'We expected this in March.'), ('Bo Chen', "You're right, I'm sorry.")]
    """
    return _from_text(text, options, path, _parse_text, "transcript", True)


def read_text_transcript(path: Path, options: ReadOptions) -> Iterator[Record]:
    """Records of a plain-text transcript file."""
    return _read_file(path, options, _parse_text, channel="transcript", merge=True)


def _in_time_order(offsets: list[float]) -> bool:
    """Header times in order, a wall clock passing midnight once allowed (23:50:00, then 00:10:00:
    Zoom captions of a late meeting).

    >>> _in_time_order([85800.0, 600.0]), _in_time_order([600.0, 300.0]), _in_time_order([3.0, 9.0])
    (True, False, True)
    """
    day = 0.0
    unwrapped = []
    for i, off in enumerate(offsets):
        if i and not day and off + 43200 < offsets[i - 1]:
            day = 86400.0
        unwrapped.append(off + day)
    return unwrapped == sorted(unwrapped)


def _sniff_text(path: Path, head: bytes) -> bool:
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        if not stray_nuls(head):  # binary, or UTF-16 without a byte-order mark
            return False
        head = head.replace(b"\x00", b"")  # a few bad bytes: read as decode_text reads the file
    text = _head_text(head)
    lines = [ln.strip() for ln in text.lstrip("\ufeff").split("\n") if ln.strip()]
    if len(text) == len(head) == 64 * 1024 and lines:
        lines = lines[:-1]  # the last line may be cut
    lines = lines[:200]
    if not lines or _EMAIL_HEADER.match(lines[0]):
        return False
    if lines[0].startswith(("{", "[", "<", "WEBVTT")) and not _BRACKET_LINE.match(lines[0]) \
            and not _ZOOM_CAPTION.match(lines[0]):
        return False
    meet = _meet_title(lines[0]) is not None
    hits = 0
    names: dict[str, int] = {}
    offsets: list[float] = []  # of timed headers (Otter "Name  0:03", Rev "Name (00:04):")
    for line in lines:
        for rx, g in ((_OTTER_HEAD, 1), (_NAME_TIME, 1), (_ZOOM_CAPTION, 1), (_BRACKET_LINE, 2),
                      (_BARE_TS_LINE, 2), (_COLON_LINE, 1)):
            m = rx.match(line)
            if m and looks_like_name(m.group(g)):
                hits += 1
                names[m.group(g).strip()] = names.get(m.group(g).strip(), 0) + 1
                if rx is _OTTER_HEAD or rx is _NAME_TIME or rx is _ZOOM_CAPTION:
                    off = parse_offset(m.group(2))
                    offsets.append(-1.0 if off is None else off)
                break
    if meet and hits >= 1:
        return True
    if sum(1 for n in names if " " not in n and "-" in n) >= 3:
        return False  # "Content-Type:", "Requires-Dist:" ... a header or metadata block, not people
    if hits >= 0.25 * len(lines) and len(offsets) >= 2 and len(offsets) * 2 >= hits \
            and min(offsets) >= 0 and _in_time_order(offsets):
        return True  # two or more timed speaker headers in time order: a short call (two turns)
    # at least two speaker lines, a speaker who comes back (a dialogue), and a good share of lines
    return hits >= 2 and max(names.values(), default=0) >= 2 and hits >= 0.25 * len(lines)


# ----------------------------------------------------------------------------------------------
# JSON segments

_SEG_KEYS = ("segments", "utterances", "transcript", "results", "entries", "items", "monologues",
             "sentences", "timeline")
_SPEAKER_KEYS = ("speaker", "speaker_name", "speakerName", "name", "participant", "speaker_label", "author")
_TEXT_KEYS = ("text", "transcript", "content", "utterance", "words")
_START_KEYS = ("start", "start_time", "startTime", "offset", "begin", "start_ms", "ts", "startOffset")
_MEETING_START_KEYS = ("start_time", "startTime", "meeting_start", "started_at", "startedAt",
                       "recording_start", "date", "created_at", "createdAt")


def _epoch(value: float) -> pd.Timestamp | None:
    """A numeric meeting start as UTC: Unix seconds, or milliseconds when the number is too large to be
    seconds (JavaScript's ``Date.now()``); None when it is neither (the start is then taken as unknown,
    not the whole file as an error).

    >>> _epoch(1732350600), _epoch(1732350600000), _epoch(1e20)
    (Timestamp('2024-11-23 08:30:00+0000', tz='UTC'), Timestamp('2024-11-23 08:30:00+0000', tz='UTC'), None)
    """
    if isinstance(value, bool) or value != value:  # True is an int; NaN is not a time
        return None
    try:
        ts = pd.Timestamp(value, unit="ms" if abs(value) >= 1e11 else "s")
    except (ValueError, OverflowError):  # OutOfBoundsDatetime is a ValueError
        return None
    return ts.tz_localize("UTC")


def _seconds(value: Any, key: str) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) / 1000.0 if key.endswith("_ms") else float(value)
    if isinstance(value, str):
        s = value.strip()
        try:
            return float(s)
        except ValueError:
            return parse_offset(s)
    return None


def _seg_text(seg: Mapping[str, Any]) -> str | None:
    for k in _TEXT_KEYS:
        v = seg.get(k)
        if isinstance(v, str):
            return v
        if isinstance(v, list) and all(isinstance(w, Mapping) for w in v):  # word lists
            return " ".join(str(w.get("text") or w.get("word") or "") for w in v).strip()
    return None


# Gong: {"requestId", "records", "callTranscripts": [{"callId", "transcript": [monologue...]}]} where a
# monologue is {"speakerId", "topic", "sentences": [{"start": ms, "end": ms, "text"}]}. Names, e-mails and
# sides come from a "parties" list (Gong's calls API) when the file has one; starts from "started".

_GONG_STARTS = ("started", "scheduled", "startTime", "start_time")
_GONG_SIDES = {"internal": "outbound", "external": "inbound", "unknown": "unknown"}


def _time_value(value: Any) -> pd.Timestamp | None:
    if isinstance(value, bool) or not value:
        return None
    if isinstance(value, (int, float)):
        return _epoch(value)
    return to_utc_timestamp(value) if isinstance(value, str) else None


def _gong_parties(parties: Any, into: dict[str, Mapping[str, Any]]) -> None:
    """speakerId -> party, for each party of a Gong ``parties`` list that has a speaker id."""
    if not isinstance(parties, list):
        return
    for p in parties:
        if isinstance(p, Mapping) and isinstance(p.get("speakerId"), (str, int)) \
                and not isinstance(p.get("speakerId"), bool):
            into[str(p["speakerId"])] = p


def _gong_calls_meta(doc: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """callId -> what a ``calls`` list in the same file says about that call (Gong's calls API puts
    ``id``/``started``/``title`` under ``metaData`` and ``parties`` beside it; flat objects work too)."""
    meta: dict[str, Mapping[str, Any]] = {}
    calls = doc.get("calls")
    if not isinstance(calls, list):
        return meta
    for c in calls:
        if not isinstance(c, Mapping):
            continue
        md = c.get("metaData") if isinstance(c.get("metaData"), Mapping) else c
        cid = md.get("id") or c.get("id") or c.get("callId")
        if isinstance(cid, (str, int)) and not isinstance(cid, bool):
            meta[str(cid)] = {**c, **md}
    return meta


def _gong_sentences(sentences: Any, where: str) -> tuple[str, float | None, str | None, str | None]:
    """``(text, offset in seconds, error, note)`` of one monologue's sentences."""
    if not isinstance(sentences, list) or not sentences:
        return "", None, f"{where} has no sentences", None
    words: list[str] = []
    offset: float | None = None
    skipped: list[int] = []
    for k, sent in enumerate(sentences):
        body = sent.get("text") if isinstance(sent, Mapping) else None
        if not isinstance(body, str) or not body.strip():
            skipped.append(k)
            continue
        if not words:
            start = sent.get("start")
            if start is not None:
                ms = _seconds(start, "start")
                if ms is None:
                    return "", None, f"{where} has a malformed start time {start!r}", None
                offset = ms / 1000.0
        words.append(" ".join(html.unescape(body).split()))
    if not words:
        return "", None, f"{where} has no sentence with text", None
    note = None
    if skipped:
        note = f"{where}: sentence(s) {', '.join(map(str, skipped))} had no text and were skipped"
    return " ".join(words), offset, None, note


def _parse_gong(doc: Mapping[str, Any], meeting: Meeting) -> list[Utterance]:
    calls = doc.get("callTranscripts")
    if not isinstance(calls, list) or not calls:
        return [Utterance(speaker=None, text="", error="Gong file: callTranscripts is not a non-empty list")]
    meta = _gong_calls_meta(doc)
    file_parties: dict[str, Mapping[str, Any]] = {}
    _gong_parties(doc.get("parties"), file_parties)
    for c in meta.values():
        _gong_parties(c.get("parties"), file_parties)
    for k in _GONG_STARTS:
        if meeting.start is None:
            meeting.start = _time_value(doc.get(k))
    utts: list[Utterance] = []
    for n, call in enumerate(calls):
        cid = call.get("callId") if isinstance(call, Mapping) else None
        cid = str(cid).strip() if isinstance(cid, (str, int)) and not isinstance(cid, bool) else None
        key = f"{n}:{cid}"
        info = Call(thread=f"gong-{cid}" if cid else f"meeting-{meeting.digest}-{n}", call_id=cid)
        meeting.calls[key] = info
        if not isinstance(call, Mapping):
            utts.append(Utterance(speaker=None, text=str(call)[:200] if call is not None else "", call=key,
                                  error=f"callTranscripts entry {n} is not an object"))
            continue
        md = {**meta.get(cid or "", {}), **call}
        for k in _GONG_STARTS:
            if info.start is None:
                info.start = _time_value(md.get(k))
        if isinstance(md.get("title"), str) and md["title"].strip():
            info.title = md["title"].strip()
        parties = dict(file_parties)
        _gong_parties(call.get("parties"), parties)
        mono = call.get("transcript")
        label = f"call {cid}" if cid else f"call {n}"
        if not isinstance(mono, list) or not mono:
            utts.append(Utterance(speaker=None, text="", call=key,
                                  error=f"{label} has no monologues (expected a 'transcript' list)"))
            continue
        for j, m in enumerate(mono):
            where = f"{label} monologue {j}"
            if not isinstance(m, Mapping):
                utts.append(Utterance(speaker=None, text="", call=key, error=f"{where} is not an object"))
                continue
            sid = m.get("speakerId")
            sid = str(sid).strip() if isinstance(sid, (str, int)) and not isinstance(sid, bool) else ""
            text, offset, error, note = _gong_sentences(m.get("sentences"), where)
            party = parties.get(sid, {})
            name = party.get("name") if isinstance(party.get("name"), str) and party["name"].strip() else None
            email = party.get("emailAddress") or party.get("email")
            side = _GONG_SIDES.get(str(party.get("affiliation") or "").strip().lower())
            if not sid:
                error = error or f"{where} has no speakerId"
            utts.append(Utterance(speaker=(name.strip() if name else sid) or None, text=text, offset=offset,
                                  error=error, note=note, call=key, speaker_id=sid or None, side=side,
                                  email=email.strip() if isinstance(email, str) and "@" in email else None))
    return utts


def _parse_json(text: str, meeting: Meeting) -> list[Utterance]:
    try:
        return _parse_json_doc(text, meeting)
    except RecursionError:  # hostile input, not a bug: say what it is
        return [Utterance(speaker=None, text="",
                          error=JSON_TOO_DEEP)]


def _parse_json_doc(text: str, meeting: Meeting) -> list[Utterance]:
    try:
        doc: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        lines = [ln for ln in text.split("\n") if ln.strip()]
        try:
            doc = [json.loads(ln) for ln in lines]
        except json.JSONDecodeError:
            return [Utterance(speaker=None, text="", error=f"invalid JSON: {exc.msg} at line {exc.lineno}")]
    if isinstance(doc, Mapping) and "callTranscripts" in doc:
        return _parse_gong(doc, meeting)
    segments: Any = doc
    if isinstance(doc, Mapping):
        title = doc.get("title") or doc.get("topic") or doc.get("meeting_title") or doc.get("name")
        if isinstance(title, str) and title.strip():
            meeting.title = title.strip()
        for k in _MEETING_START_KEYS:
            if doc.get(k):
                value = doc[k]
                meeting.start = _epoch(value) if isinstance(value, (int, float)) else to_utc_timestamp(value)
                if meeting.start is not None:
                    break
        att = doc.get("attendees") or doc.get("participants") or []
        if isinstance(att, list):
            for a in att:
                if isinstance(a, Mapping):
                    name, email = a.get("name") or a.get("display_name"), a.get("email")
                    if isinstance(name, str) and isinstance(email, str) and "@" in email:
                        meeting.attendees[normalize_name(name)] = email.strip().lower()
        segments = next((doc[k] for k in _SEG_KEYS if isinstance(doc.get(k), list)), None)
        if segments is None:
            return [Utterance(speaker=None, text="", error=(
                "JSON object has no list of segments under any of " + ", ".join(_SEG_KEYS)))]
    if not isinstance(segments, list):
        return [Utterance(speaker=None, text="", error="JSON transcript is not a list of segments")]
    utts: list[Utterance] = []
    for n, seg in enumerate(segments):
        if not isinstance(seg, Mapping):
            utts.append(Utterance(speaker=None, text=str(seg)[:200] if seg is not None else "",
                                  error=f"segment {n} is not an object"))
            continue
        speaker = next((seg[k] for k in _SPEAKER_KEYS if isinstance(seg.get(k), (str, int)) and str(seg[k]).strip()),
                       None)
        users = seg.get("users")
        if speaker is None and isinstance(users, list) and users and isinstance(users[0], Mapping):
            speaker = users[0].get("username") or users[0].get("name")  # Zoom API timeline
            if isinstance(users[0].get("email_address"), str) and speaker:
                meeting.attendees.setdefault(normalize_name(str(speaker)), users[0]["email_address"].lower())
        if isinstance(seg.get("speaker"), Mapping):  # {"speaker": {"name":..., "email":...}}
            sp = seg["speaker"]
            speaker = sp.get("name") or sp.get("display_name")
            if isinstance(sp.get("email"), str) and speaker:
                meeting.attendees.setdefault(normalize_name(str(speaker)), sp["email"].lower())
        body = _seg_text(seg)
        offset = None
        for k in _START_KEYS:
            if k in seg:
                offset = _seconds(seg[k], k)
                break
        email = seg.get("email") or seg.get("speaker_email")
        u = Utterance(speaker=str(speaker).strip() if speaker is not None else None,
                      text=" ".join(html.unescape(body).split()) if body else "", offset=offset,
                      email=email if isinstance(email, str) and "@" in email else None)
        if speaker is None:
            u.error = f"segment {n} has no speaker (expected one of {', '.join(_SPEAKER_KEYS[:3])})"
        elif body is None:
            u.error = f"segment {n} has no text"
        elif any(k in seg for k in _START_KEYS) and offset is None:
            u.error = f"segment {n} has a malformed start time {seg.get(next(k for k in _START_KEYS if k in seg))!r}"
        utts.append(u)
    _fix_milliseconds(segments, utts)
    return utts


def _fix_milliseconds(segments: list[Any], utts: list[Utterance]) -> None:
    """Offsets given in milliseconds without saying so (``"start": 1230``): a median segment longer
    than 100 "seconds" is implausible, so every offset is divided by 1000."""
    spans = []
    for seg in segments:
        if isinstance(seg, Mapping):
            a, b = seg.get("start"), seg.get("end")
            if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
                spans.append(float(b) - float(a))
    if len(spans) >= 1 and sorted(spans)[len(spans) // 2] > 100:
        for u in utts:
            if u.offset is not None:
                u.offset /= 1000.0


def parse_json_transcript(text: str, options: ReadOptions | None = None, *,
                          path: str | Path = "<string>") -> Iterator[Record]:
    """Records of a JSON transcript given as text.

    >>> doc = '[{"speaker": "Anna Lee", "start": 1.5, "end": 3, "text": "Thanks, that fixed it."}]'
    >>> [(r["sender"], r["text"]) for r in parse_json_transcript(doc)]
    [('Anna Lee', 'Thanks, that fixed it.')]
    """
    return _from_text(text, options, path, _parse_json, "transcript", True)


def read_json_transcript(path: Path, options: ReadOptions) -> Iterator[Record]:
    """Records of a JSON (or JSON Lines) transcript file."""
    return _read_file(path, options, _parse_json, channel="transcript", merge=True)


def _sniff_json(path: Path, head: bytes) -> bool:
    text = _head_text(head).lstrip("\ufeff \t\r\n")
    if not text.startswith(("[", "{")):
        return False
    if re.search(r'"callTranscripts"\s*:\s*\[', text[:20000]):  # Gong
        return True
    return bool(re.search(r'"(speaker|speaker_name|speakerName|speaker_label|username)"\s*:', text[:20000])) and bool(
        re.search(r'"(text|transcript|content|utterance|words)"\s*:', text[:20000])
    )


# ----------------------------------------------------------------------------------------------
# registration (priorities: email readers use 20-40; the generic plain-text sniffer runs last)

register_reader(Reader(name="vtt", sniff=_sniff_vtt, read=read_vtt, priority=10,
                       description="WebVTT transcript (Zoom, Teams, Google Meet)",
                       channel="transcript"))
register_reader(Reader(name="srt", sniff=_sniff_srt, read=read_srt, priority=12,
                       description="SubRip .srt transcript",
                       channel="transcript"))
register_reader(Reader(name="zoom_chat", sniff=_sniff_zoom_chat, read=read_zoom_chat, priority=14,
                       description="Zoom meeting chat log",
                       channel="chat"))
register_reader(Reader(name="transcript_json", sniff=_sniff_json, read=read_json_transcript, priority=45,
                       description="JSON transcript with speaker segments",
                       channel="transcript"))
register_reader(Reader(name="transcript_text", sniff=_sniff_text, read=read_text_transcript, priority=80,
                       description="plain-text transcript (Otter, 'Name: text', Google Meet)",
                       channel="transcript"))
