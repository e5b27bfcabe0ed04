"""Conversation threads from Message-ID / In-Reply-To / References, streaming-friendly.

JWZ-style: every message is linked to the ids it references, with a union-find over Message-IDs, so
a message joins the thread of any ancestor already seen and a thread is named after its root (the
first id of ``References``, else the parent, else the message itself). Messages with no reply
headers fall back to their *normalised subject* (``Re:``, ``Fwd:``, ``AW:``, ``WG:``, ``SV:``,
``Antw:``, ``RIF:``, ``回复:``... and ``[tags]`` stripped) plus *participants* (two shared
addresses, or the same single address): replies from clients whose mailer drops the headers still
land in the right thread, while two clients who both write "Invoice" do not.

:class:`ThreadIndex` assigns ``thread_id`` one message at a time (memory grows with the number of
distinct ids, a few dozen bytes each, not with message size). In streaming mode a thread id is fixed
when the message is emitted, so a reply that arrives *before* its parent with broken References may
start its own thread; :meth:`ThreadIndex.resolve` gives the fully merged answer once all messages
are known (used by :func:`frictionscan.read`). Likewise a reply-prefixed message without reply
headers that found no thread (an orphan, "RE: x" before "x") is adopted into the thread of the first
later message with the same normalised subject and participants and no reply prefix, if no other
message has joined the orphan meanwhile; each orphan once, so two fresh "Weekly report" threads stay
apart.

>>> idx = ThreadIndex()
>>> idx.assign("a@x", [], "Invoice 42", "ann@acme.com", ["bob@northwind.io"])
'a@x'
>>> idx.assign("b@x", ["a@x"], "RE: Invoice 42", "bob@northwind.io", ["ann@acme.com"])
'a@x'
>>> idx.assign("c@x", [], "AW: Re: Invoice 42", "ann@acme.com", ["bob@northwind.io"])
'a@x'
>>> normalize_subject("Fwd: RE: [EXT] Invoice  42 ")
'invoice 42'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

__all__ = ["ThreadIndex", "normalize_subject"]

_PREFIX = re.compile(
    r"^\s*(?:(?:re|fwd?|aw|wg|sv|vs|antw|antwort|rif|r|i|tr|enc|res|rv|fs|vb|odp|pd|ynt|ha|"
    r"doorst|trans|réf|ref|回复|转发|答复|轉寄|回覆)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]"
    r"|\[[^\]]{0,40}\]|\*\*\*[^*]{0,20}\*\*\*)\s*",
    re.I,
)
_SPACE = re.compile(r"\s+")
_REPLY = re.compile(r"^\s*(?:\[[^\]]{0,40}\]\s*)*(?:re|fwd?|aw|wg|sv|vs|antw|antwort|rif|r|i|tr|enc|res|rv|fs|"
                    r"vb|odp|pd|ynt|ha|doorst|trans|réf|ref|回复|转发|答复|轉寄|回覆)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]",
                    re.I)


def normalize_subject(subject: str | None) -> str:
    """Subject without reply/forward prefixes (many languages) and ``[tags]``, lower case.

    >>> normalize_subject("SV: VS: Tilbud")
    'tilbud'
    >>> normalize_subject("Re[2]: Delay")
    'delay'
    """
    if not subject:
        return ""
    s = subject
    while True:
        new = _PREFIX.sub("", s, count=1)
        if new == s:
            break
        s = new
    return _SPACE.sub(" ", s).strip().lower()


class ThreadIndex:
    """Online thread assignment; see the module docstring.

    Keys are Python ``hash()`` values of the ids (collisions only merge two threads, never crash), and
    thread names are shared string objects, so each message costs a few dozen bytes.
    """

    def __init__(self, *, keep: bool = True) -> None:
        self._keep = keep
        self._parent: dict[int, int] = {}
        self._name: dict[int, str] = {}  # root key -> thread name
        self._order: dict[int, int] = {}  # root key -> first-seen rank (older root wins a merge)
        self._subjects: dict[str, dict[frozenset[str], int]] = {}
        # orphans: replies ("RE: x") without reply headers that found no thread when they came, by
        # normalised subject, with their participants; a later original ("x") between the same
        # people adopts them (see assign). ``_alone``: orphans no other message has joined yet.
        self._orphans: dict[str, list[tuple[frozenset[str], int, float | None]]] = {}
        self._alone: set[int] = set()
        self._msgs: list[int] = []  # key of each assigned message, for resolve()
        self._norm_cache: dict[str, str] = {}
        self._rank = 0

    def _find(self, k: int) -> int:
        parent = self._parent
        root = k
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(k, k) != root:  # path compression
            parent[k], k = root, parent[k]
        return root

    def _add(self, k: int, name: str) -> int:
        if k not in self._parent:
            self._parent[k] = k
            self._name[k] = name
            self._order[k] = self._rank
            self._rank += 1
            return k
        return self._find(k)

    def _union(self, a: int, b: int) -> int:
        ra, rb = self._find(a), self._find(b)
        if ra == rb:
            return ra
        if self._order[rb] < self._order[ra]:
            ra, rb = rb, ra
        if self._alone:  # an orphan joined by another message is no longer alone
            self._alone.discard(ra)
            self._alone.discard(rb)
        self._parent[rb] = ra
        del self._order[rb]  # only roots keep a name and a rank: memory ~ ids + threads
        del self._name[rb]
        return ra

    def assign(self, message_id: str, references: Sequence[str], subject: str | None,
               sender: str | None, recipients: Iterable[str], when: object = None) -> str:
        """Link one message and return its thread id (the name of its thread's root).

        ``when`` (an aware datetime, or None when unknown) is when it was sent: an orphan reply is
        adopted only by a message sent before it (a reply cannot come before its original)."""
        mk = hash(message_id)
        refs = [r for r in references if r and r != message_id]
        if refs:
            root = self._add(hash(refs[0]), refs[0])
            for r in refs[1:]:
                root = self._union(root, self._add(hash(r), r))
            known = mk in self._parent
            self._add(mk, message_id)
            root = self._union(root, mk) if not known else self._union(self._find(mk), root)
        else:
            known = mk in self._parent  # (referenced by a message already seen: in a thread)
            root = self._add(mk, message_id)
        norm = self._norm_cache.get(subject) if subject else ""
        if norm is None:
            norm = normalize_subject(subject)
            if len(self._norm_cache) > 20_000:
                self._norm_cache.clear()
            self._norm_cache[subject] = norm
        if norm:
            people = frozenset(filter(None, (sender, *recipients)))
            candidates = self._subjects.get(norm)
            if candidates is None:
                candidates = self._subjects[norm] = {}
            reply = _REPLY.match(subject or "") is not None
            if not refs and (reply or message_id.startswith("fs-")):
                key = candidates.get(people)
                if key is None:
                    key = next((k for others, k in candidates.items()
                                if _same_people(people, others)), None)
                if key is not None:
                    root = self._union(self._find(key), root)
                elif reply and not known and len(orphans := self._orphans.setdefault(norm, [])) < 50:
                    orphans.append((people, mk, _seconds(when)))
                    self._alone.add(mk)
            elif not reply and norm in self._orphans:
                root = self._adopt(root, norm, people, _seconds(when))
            if len(candidates) < 50 and people not in candidates:
                candidates[people] = mk
        if self._keep:
            self._msgs.append(mk)
        return self._name[self._find(root)]

    def _adopt(self, root: int, norm: str, people: frozenset[str], when: float | None = None) -> int:
        """Take into ``root``'s thread the orphans of subject ``norm`` between ``people`` that are
        still alone (each once) and were not sent before it (``when``; either time unknown: no
        check), so that a reply read before its original ends in the thread it would have joined had
        it come after: the thread keeps ``root``'s name. ("RE: Monthly invoice" of March is no reply
        to May's "Monthly invoice".)"""
        root = self._find(root)
        left = []
        for others, k, sent in self._orphans[norm]:
            if k not in self._alone:
                continue  # joined since (or adopted): its thread is its own business now
            if k != root and _same_people(people, others) and (when is None or sent is None or sent >= when):
                self._alone.discard(k)
                self._parent[k] = root  # k is alone, so it is its own root with no members
                del self._order[k]
                del self._name[k]
            else:
                left.append((others, k, sent))
        if left:
            self._orphans[norm] = left
        else:
            del self._orphans[norm]
        return root

    def resolve(self) -> list[str]:
        """Final thread id of every assigned message, in assignment order (after all merges).

        Only available when the index was made with ``keep=True`` (the default).
        """
        return [self._name[self._find(k)] for k in self._msgs]


def _same_people(a: frozenset[str], b: frozenset[str]) -> bool:
    if len(a) == 1 or len(b) == 1:
        return a == b or (len(a & b) >= 1 and min(len(a), len(b)) == 1 and len(a | b) == 2)
    return len(a & b) >= 2


def _seconds(when: object) -> float | None:
    """An aware datetime (or pandas Timestamp) as seconds since 1970; None when unknown."""
    try:
        return float(when.timestamp()) if when is not None else None  # type: ignore[attr-defined]
    except (AttributeError, TypeError, ValueError, OverflowError):
        return None  # (NaT, a naive value that cannot say, anything else: no time check)
