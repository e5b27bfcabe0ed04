"""Find commitments and follow each one through the later messages of its relationship.

A commitment is a message whose ``commitment`` signal is on (flag, or probability >= threshold).
Its due date is ``commitment_due`` when the scorer found one, else ``made + implied_due_days``.
Later messages settle it:

* **delivered** -- a later message from the promising side in the same thread that is neither a new
  commitment (not even a weak one: probability below ``delivery_max_commitment``), nor an apology,
  nor an unmet expectation, nor a progress update ("the fix is in testing and should be with you
  early next week", "nearly there", "Fix written, testing tomorrow.", "before I send it"), nor, in
  the thread, a message that only talks around it: a question to the other side, someone brought
  in, greetings alone, or a report of another thing done (see :func:`_talks_around`,
  :func:`_names_another`) (a re-promise, "sorry, still working on it" or "only a partial fix so far"
  is not delivery; in a call or a chat the thread is one conversation, so a later turn there
  delivers only as another thread would, and what a turn promised is named by the whole turn and
  the other side's turn before it ("Could we get whole pallets?" - "I'll have it done by
  Thursday."); "As promised, the revised timeline" reports it done; an apology counts only when
  it names two distinctive words of the promise that can name a thing (not names of people,
  "Marek's team", nor participles, "a written status"), as in
  "Sorry for the delay, attached: the termination terms"; a message that promises something new
  counts when a sentence of it reports as done, without a promise cue, a distinctive word of the
  promise, as in "Invite sent for Thursday. Lena will join too."), or
  such a message in another thread of the relationship that mentions what was promised (and no
  other thing with its words: "the new mobile dashboard" is not "the dashboard caching fix"): it shares
  a distinctive word (5+ letters, not a common business word, weekday or month, and not found in
  more than a fifth of the relationship's messages, or than 3 in a short one) with the
  commitment's evidence span (or, without a span, with the sentences holding a promise cue such
  as "will", "I'll", "by Friday"; two words when there is no such sentence either), or it has a
  sentence that reports done (see :func:`_done_sentences`) words of the promise, however often the
  account uses them: one up to the due date + grace, two within ``complaint_window_days`` after it
  ("the corrected export by Monday" - "The corrected route export is attached."). A promise that
  names nothing ("you'll have it by Wednesday") is named by the other side's message it answers
  (two words needed where one would do);
* **confirmed** -- the other side writes appreciation without friction in the same thread and says
  that something arrived or works ("Works now, thanks!", "I see the filter is there now"), or does
  so in another thread while the promise is fresh (``complaint_window_days`` after its due date)
  and names what was promised as a delivery in another thread must, all of its object and no
  other qualifier in its place ("the patched build installed fine, thank you" in a new email after
  "we will deliver a patched build by Monday" on a call, not "the patched build of the mobile app"
  for "a patched build of the reporting module", nor "the September invoice" for "a corrected
  October invoice"; taken back, see below, in the promise's thread, its own, or any thread where
  the client names the promise): thanks
  for the promise itself ("appreciate the quick answer") confirms nothing. Thanks in words count
  even when the appreciation score is low, if a sentence says the thing arrived or works with no
  negation ("Thank you, the corrected invoice arrived and is fine."). Thanks that come right after
  the promise acknowledge it ("Got it, thanks!"), so they confirm only ``confirm_after_hours``
  after the promise, or, for a promise due sooner, ``confirm_due_share`` of the time from the
  promise to its due date ("restored within 2 hours" - "Works again, thanks!" 1.5 hours on);
  written thanks that say it works again, or that it arrived naming a word of the promise,
  confirm at once ("by Friday" - "Thanks, the corrected invoice arrived" 50 minutes on). It must
  be said as a fact: not asked ("Is it fixed yet? Thanks.") nor to be found out ("I'll check
  whether it works again"), and not next to something that still fails ("installed fine, thank
  you. The exposure view still crashes though."). A confirmation the other side takes back in the thread ("spoke too
  soon - it is down again", or any friction) before the due date + grace, or within
  ``confirm_after_hours`` of it, counts for nothing;
* **complaint** -- after the due date (the grace period does not apply: the other side has said the
  date was missed) and before any delivery, the other side writes a message carrying frustration or
  an unmet expectation in the same thread (anywhere in the relationship when the promise has no
  thread), or, within ``complaint_window_days`` of the due date, in another thread that names what
  was promised in its frustration/unmet-expectation evidence (the same distinctive-word test as a
  delivery in another thread), or says there that it has not come with two words of the promise,
  however common ("Still no corrected export.").

Status at a moment T: ``kept`` once delivered/confirmed; ``broken`` once the other side complained
(a promise delivered only after such a complaint stays ``broken``); else ``open`` until due + grace,
then ``overdue``. (:func:`frictionscan.commitments` reports a promise with a stated date that was
kept after due + grace as ``kept_late``; health tells them apart by :meth:`Commitment.late`.)
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np
import pandas as pd

from ..detect.conditions import PROMISE_CUE, condition_of
from ..segment import sentences
from ._prep import is_commitment, short_evidence
from .config import HealthConfig

__all__ = ["Commitment", "find_commitments", "trust_memory"]

_DAY = pd.Timedelta(days=1)


@dataclass(frozen=True)
class Commitment:
    """One promise and what later happened to it (times are UTC Timestamps or None)."""

    relationship: str
    message_id: str
    thread_id: object
    direction: str
    sender: object
    recipients: object
    made_at: pd.Timestamp
    what: str
    proba: float
    due: pd.Timestamp | None
    due_stated: bool
    condition: str | None = None
    delivered_at: pd.Timestamp | None = None
    delivered_by: str | None = None
    delivered_how: str | None = None
    delivered_evidence: str | None = None
    complained_at: pd.Timestamp | None = None
    complained_by: str | None = None
    complaint_evidence: str | None = None
    #: ``<message_id>#<n>``: the message's n-th promise in text order (a message may make several)
    commitment_id: str | None = None

    @property
    def key(self) -> str:
        """What tells this promise apart: its ``commitment_id``, else its message's id."""
        return self.commitment_id or self.message_id

    def weight(self, cfg: HealthConfig) -> float:
        return 1.0 if self.due_stated else cfg.implied_due_weight

    # times as float days since the epoch (inf when it never happened), computed once
    @cached_property
    def _days(self) -> tuple[float, float, float, float]:
        return (_d(self.due), _d(self.delivered_at), _d(self.complained_at), _d(self.made_at))

    def deadline(self, cfg: HealthConfig) -> pd.Timestamp | None:
        if self.due is None:
            return None
        return self.due + pd.Timedelta(hours=cfg.grace_hours)

    def status_at(self, t: pd.Timestamp | float, cfg: HealthConfig) -> str:
        T = _d(t)
        due, delivered, complained, _ = self._days
        if delivered <= T:
            # delivered in the end, but only after the client complained about the missed date
            return "broken" if complained < delivered else "kept"
        if complained <= T:  # the other side said the date was missed (only after the due date)
            return "broken"
        if due == math.inf or due + cfg.grace_hours / 24.0 >= T:
            return "open"
        return "overdue"

    def days_overdue_at(self, t: pd.Timestamp | float, cfg: HealthConfig) -> float:
        due, delivered, _, _ = self._days
        if due == math.inf:
            return 0.0
        return max(0.0, min(_d(t), delivered) - due)

    def late(self, cfg: HealthConfig) -> bool:
        """Delivered after its stated date (plus grace). A promise without a stated date is never
        late: its due date is our assumption (made + 7 days), and commitments() calls it kept."""
        return bool(self.due_stated and self._after_due(cfg))

    def _after_due(self, cfg: HealthConfig) -> bool:
        due, delivered, _, _ = self._days
        return bool(delivered < math.inf and due < math.inf and delivered > due + cfg.grace_hours / 24.0)

    def load_at(self, t: pd.Timestamp | float, cfg: HealthConfig, distrust: float = 0.0,
                status: str | None = None) -> float:
        """Promise-penalty load at ``t`` (see :class:`HealthConfig`).

        ``distrust`` (0-1, see :func:`trust_memory`) removes the benefit of the doubt: an overdue
        promise normally fades after ``overdue_scale_days`` (it may have been kept where we cannot
        see), but in a relationship with a pattern of broken promises it keeps its weight while it
        stays overdue (fully so at ``distrust`` 1).
        """
        T = _d(t)
        if status is None:  # (``status``: status_at(t), when the caller has it already)
            status = self.status_at(T, cfg)
        hl = cfg.promise_half_life_days
        if status == "open":
            return 0.0
        _, delivered, complained, _ = self._days
        if status == "kept":
            if not self.late(cfg):
                return 0.0
            return self._late_load(T, cfg)
        if delivered <= T:  # broken, then delivered late: the late delivery replaces the wait
            load = self._late_load(T, cfg)
        else:
            keep = 1.0 - min(1.0, max(0.0, distrust))
            load = self._overdue_load(self.days_overdue_at(T, cfg), cfg, keep)
        if status == "broken":
            load += self.weight(cfg) * cfg.broken_weight * 0.5 ** ((T - complained) / hl)
        return float(load)

    def _overdue_load(self, od: float, cfg: HealthConfig, keep: float = 1.0) -> float:
        """Load of this promise ``od`` days past due with nothing delivered: ``overdue_weight``
        reached over ``overdue_scale_days``, then fading with ``promise_half_life_days`` slowed
        by ``keep`` (1 = the full benefit of the doubt, 0 = none: see :meth:`load_at`)."""
        ramp = min(1.0, od / cfg.overdue_scale_days)
        fade = 0.5 ** (max(0.0, od - cfg.overdue_scale_days) * keep / cfg.promise_half_life_days)
        # a conditional promise may be overdue only because its condition never came true
        cond = cfg.conditional_weight if self.condition is not None else 1.0
        return self.weight(cfg) * cfg.overdue_weight * ramp * fade * cond

    def _late_load(self, T: float, cfg: HealthConfig) -> float:
        """Load at ``T`` (after the delivery) of a promise delivered late.

        ``late_delivery_weight``, but never more than the overdue load the promise had reached
        when it was delivered (with the full benefit of the doubt), fading from the delivery with
        ``promise_half_life_days``. The overdue load of the same promise left undelivered never
        falls faster than that fade (it ramps up, then fades at the same rate or slower), so
        delivering late never costs more than not delivering, at any moment.
        """
        due, delivered, _, _ = self._days
        reached = self._overdue_load(max(0.0, delivered - due), cfg)
        cap = min(self.weight(cfg) * cfg.late_delivery_weight, reached)
        return cap * 0.5 ** ((T - delivered) / cfg.promise_half_life_days)

    def kept_credit_at(self, t: pd.Timestamp | float, cfg: HealthConfig,
                       status: str | None = None) -> float:
        """Repair load earned by keeping this promise on time (for a promise without a stated
        date: within the week we assumed; later it is neither late nor credited). ``status``:
        status_at(t), when the caller has it already."""
        T = _d(t)
        if (self.status_at(T, cfg) if status is None else status) != "kept" or self._after_due(cfg):
            return 0.0
        age = T - self._days[1]
        return cfg.kept_promise_credit * 0.5 ** (age / cfg.repair_half_life_days)


def trust_memory(commitments: list[Commitment], t: pd.Timestamp | float, cfg: HealthConfig
                 ) -> tuple[float, list[tuple[Commitment, float]]]:
    """The relationship's memory of broken promises at ``t``.

    Every promise the client complained about after its due date (status ``broken``, whether or
    not it was delivered later) counts its weight, fading with ``trust_half_life_days`` from the
    complaint -- much slower than friction. The first ``trust_allowance`` of that memory is an
    incident, not a pattern; what is above it is the *pattern* load. Returns the pattern load and
    each broken promise's share of the memory (for attribution).
    """
    T = _d(t)
    hl = cfg.trust_half_life_days
    shares = []
    for c in commitments:
        complained, delivered = c._days[2], c._days[1]
        if complained <= T and complained < delivered:  # complained before any delivery
            shares.append((c, c.weight(cfg) * 0.5 ** ((T - complained) / hl)))
    memory = sum(v for _, v in shares)
    return max(0.0, memory - cfg.trust_allowance), shares


def _d(t: object) -> float:
    """Float days since the epoch; inf for None/NaT."""
    if isinstance(t, float):
        return t
    if t is None or pd.isna(t):
        return math.inf
    return pd.Timestamp(t).value / 86400e9


_COMMON_WORDS = """
about above after again against all also always another any anyone anything around asap back
because been before being below better between both bring call calls can cannot check checked
checking client clients confirm confirmed could course daily date dates days definitely done during
each early either email emails end everything fine first follow following friday from further
getting give going good great happy have having hear hello here hope however ideally include
including just keep know last late later latest least let like look looking made make making many
march may maybe meantime might minutes monday month months more morning most much must need needed
needs never next night note noon nothing now once only other others otherwise our ours over please
possible promise promised provide quick quickly ready really right saturday same send sending sent
shall share should since soon sorry still sunday sure take team than thank thanks that their them
then there these they thing things think this those through thursday today tomorrow tonight
truly tuesday under until update updates very want week weekend weekly weeks well were wednesday what
when where which while will with within without work working would write yesterday your yours
every everyone everybody someone somebody something whose whether though although unless itself
january february april june july august september october november december
"""
_COMMON = frozenset(_COMMON_WORDS.split())


def _words(text: object) -> set[str]:
    """Distinctive words of a text: 5+ letters, not a common business word, weekday or month;
    a plural "s" is dropped so that singular and plural match."""
    if not isinstance(text, str):
        return set()
    found = re.findall(r"[^\W\d_]{5,}", text.lower())
    # a plural matches its singular ("the remaining depots" ... "all six depot dashboards")
    return {w[:-1] if len(w) > 5 and w[-1] == "s" and w[-2] != "s" else w
            for w in found if w not in _COMMON}


# a participle used as an adjective in a promise ("the updated SLA document", "a signed copy")
# (irregular participles too: "a written summary", "the broken link", "a rebuilt index")
_IRREGULAR_PARTICIPLES = (
    "written|rewritten|overwritten|broken|taken|given|chosen|frozen|hidden|proven|spoken|driven|"
    "forgotten|stolen|shaken|mistaken|undertaken|forbidden|drawn|redrawn|withdrawn|shown|known|grown|"
    "thrown|built|rebuilt|bought|brought|caught|taught|thought|found|spent|split|sworn|torn|worn")
_ADJECTIVAL = re.compile(r"\b(?:the|a|an|your|our|this|that|these|those|my|their|its)\s+"
                         r"([^\W\d_]{3,}ed|" + _IRREGULAR_PARTICIPLES + r")\b", re.IGNORECASE)


def _modifiers(text: str) -> set[str]:
    """Distinctive words of ``text`` that only describe what was promised: participles after a
    determiner ("the updated SLA document")."""
    return _words(" ".join(_ADJECTIVAL.findall(text)))


# words that end a noun phrase rather than continue it ("the report will ...", "depots by Friday")
_FUNCTION_WORD_LIST = """
a about after again all also an and any are as at back be been before being but by can could did
do does for from had has have here i if in into is it its may might must no not now of on or our out
over per shall should so soon than that the their then there these they this those to today tomorrow
too until up us via was we were when which while will with would yet you your
"""
_FUNCTION_WORDS = frozenset(_FUNCTION_WORD_LIST.split())


# who a word may be: a capitalised word with a possessive ("Marek's team takes the connector")
_POSSESSIVE = re.compile(r"\b([A-Z][^\W\d_]+)['’]s\b")
_CAPITALISED = re.compile(r"\b[A-Z][^\W\d_]+\b")


def _people_words(*columns: np.ndarray) -> frozenset[str]:
    """The words of the names of the people in a relationship (as :func:`_words` spells them):
    each word of a sender's or speaker's name ("Marek Nowak") and of the local part of each
    address ("marek.nowak@...")."""
    found: set[str] = set()
    for column in columns:
        for value in set(column):
            if isinstance(value, str) and value:
                # (the local part's words apart: "marek.nowak" is Marek Nowak)
                found.add(re.sub(r"([^\s,;<>\"'@]+)@\S*", lambda m: m.group(1).replace(".", " ")
                                 .replace("_", " ").replace("+", " ").replace("-", " "), value))
    return frozenset(_words(" ".join(found)))


def _name_words(text: object, people: frozenset[str]) -> set[str]:
    """The words of ``text`` that name a person, not a thing: a capitalised word with a possessive
    ("Marek's integrations team") and the capitalised name of someone of the relationship
    (``people``, see :func:`_people_words`)."""
    if not isinstance(text, str):
        return set()
    names = _words(" ".join(_POSSESSIVE.findall(text)))
    return names | (_words(" ".join(_CAPITALISED.findall(text))) & people)


def _next_words(word: str, text: str) -> set[str]:
    """The words right after ``word`` (or its plural) in ``text`` that continue a noun phrase:
    "note" in "the credit note by Tuesday", nothing in "the report will be with you" nor in "the
    build ready for you" (a state word, :data:`_STATE_WORDS`, ends the phrase)."""
    found = re.findall(rf"\b{re.escape(word)}[^\W\d_]{{0,2}}[ \t]+([^\W\d_]+)", text, re.IGNORECASE)
    return {w.lower() for w in found} - _FUNCTION_WORDS - _STATE_WORDS


def _names_it(shared: set[str], need: int, modifiers: set[str], promise_text: str | None = None,
              other_text: object = None) -> bool:
    """``shared`` (words a message in another thread shares with a promise) are enough to name the
    promise: ``need`` words, and when one is enough it is not one of the promise's ``modifiers``
    nor the first half of another compound. "I'll send the updated SLA document" is not named by
    "Updated, the October invoice will go to Canal Wharf.", nor "the signed contract" by
    "Attached: the signed NDA", nor "the credit note" by "the credit limit banner is removed"; "the
    fix will be deployed by Friday" is by "nothing deployed on the 14th", "the remaining four
    depots by Friday" by "all six depot dashboards are live"."""
    if len(shared) < need:
        return False
    if need > 1:
        return True
    candidates = shared - modifiers
    if promise_text is None or not isinstance(other_text, str):
        return bool(candidates)
    for w in candidates:
        ours, theirs = _next_words(w, promise_text), _next_words(w, other_text)
        if not (ours and theirs) or ours & theirs:
            return True
    return False


_MONTHS = frozenset(["january", "february", "march", "april", "may", "june", "july", "august",
                     "september", "october", "november", "december"])
_DETERMINERS = frozenset(["a", "an", "the", "your", "our", "this", "that", "these", "those", "my",
                          "their", "its"])
# where the object of a promise ends and its date begins ("a patched build | by Monday")
_DUE_PART = re.compile(r"\b(?:by|before|until|till|within|no later than)\b", re.IGNORECASE)
_TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|[^\w\s]")


#: words that end a noun phrase by saying what state the thing will be in ("a patched build
#: ready for you", "the new portal live for everyone"): not part of what was promised
_STATE_WORDS = frozenset({"ready", "available", "live", "done", "complete", "completed", "finished", "sorted",
                          "fixed", "online", "deployed", "delivered", "shipped", "installed", "approved",
                          "signed", "working", "back", "out", "over", "across", "through", "up"})


def _object_of(promise_text: str) -> set[str]:
    """What a promise names as its object: the distinctive words of the noun phrases (led by a
    determiner, through "of"/"for", up to a word saying the state it will be in, such as "ready")
    before its date ("a corrected October invoice by Friday" -> {corrected, invoice}; "a patched
    build ready for you by Friday" -> {patched, build})."""
    head = _DUE_PART.split(promise_text, maxsplit=1)[0]
    found: list[str] = []
    inside = False
    for tok in _TOKEN.findall(head.lower()):
        if tok in _DETERMINERS:
            inside = True
        elif not tok[0].isalpha() or tok in _STATE_WORDS or (tok in _FUNCTION_WORDS and tok not in ("of", "for")):
            inside = False
        elif inside and tok not in ("of", "for"):
            found.extend(tok.split("-"))
    return _words(" ".join(found))


def _other_thing(shared: set[str], promise_words: set[str], promise_text: str,
                 other_text: object, *, by_month: bool = True) -> bool:
    """``other_text`` names a different thing with the words it shares with a promise: next to
    one of them it has a qualifier of its own where the promise has one that ``other_text`` lacks
    ("the new mobile dashboard" for "the dashboard caching fix", "the corrected September invoice"
    for "a corrected October invoice", "the patched build of the mobile app" for "a patched build
    of the reporting module"); a qualifier the promise did not need is no other thing ("The
    corrected route export is attached." for "the corrected export by Monday"). With ``by_month``
    False a month is no qualifier (our "the August report is attached" delivers "From September
    the report will be with you by the 5th")."""
    if not isinstance(other_text, str) or not shared:
        return False
    ours = _TOKEN.findall(promise_text.lower())
    toks = _TOKEN.findall(other_text.lower())
    said, said_words = set(toks), _words(other_text)

    def missing(q: str) -> bool:
        return q not in said and not (_words(q) and _words(q) <= said_words)

    def qualifier(tok: str) -> bool:
        return tok[0].isalpha() and (
            (by_month and tok in _MONTHS) or (bool(_words(tok)) and tok not in _MONTHS))

    def foreign(tok: str) -> bool:
        if tok in _MONTHS:
            return tok not in ours
        return bool(_words(tok) - promise_words)

    def slots(seq: list[str], n: int) -> tuple[str | None, str | None, str | None]:
        """The words before and after ``seq[n]``, and the one its "of"/"for" names."""
        prev = seq[n - 1] if n and seq[n - 1][0].isalpha() else None
        nxt = seq[n + 1] if n + 1 < len(seq) and seq[n + 1][0].isalpha() else None
        k, obj = n + 1, None
        if k < len(seq) and seq[k] in ("of", "for"):
            k += 1
            if k < len(seq) and seq[k] in _DETERMINERS:
                k += 1
            obj = seq[k] if k < len(seq) and seq[k][0].isalpha() else None
        return prev, nxt, obj

    # the promise's qualifiers of each shared word: before it, a compound it starts, its "of"
    wanted: dict[str, set[str]] = {}
    for n, tok in enumerate(ours):
        for w in _words(tok) & shared:
            prev, nxt, obj = slots(ours, n)
            got = wanted.setdefault(w, set())
            if prev and qualifier(prev):
                got.add(prev)
            if nxt and nxt not in _FUNCTION_WORDS and (nxt in _MONTHS or _words(nxt)):
                got.add(nxt)
            if obj and qualifier(obj):
                got.add(obj)
    for n, tok in enumerate(toks):
        for w in _words(tok) & shared:
            if not any(missing(q) for q in wanted.get(w, ())):
                continue  # (every qualifier the promise gave it is there)
            prev, _, obj = slots(toks, n)
            if (prev and qualifier(prev) and foreign(prev)) or (obj and qualifier(obj)
                                                                 and foreign(obj)):
                return True
    return False


def _names_all_of(promise_text: str, other_text: object) -> bool:
    """``other_text`` names every word of the promise's object (:func:`_object_of`) but its month,
    which people leave out ("the corrected invoice arrived" for "a corrected October invoice"; a
    month of its own, "the corrected September invoice", is another thing, see
    :func:`_other_thing`): "the patched build installed fine" names "a patched build by Monday";
    "the November invoice arrived" does not name "a corrected October invoice"."""
    if not isinstance(other_text, str):
        return False
    return _object_of(promise_text) <= _words(other_text)


#: Channels whose thread is one conversation of turns (a call, a meeting chat), not of replies.
_TURN_CHANNELS = frozenset({"transcript", "chat"})

_CUE = PROMISE_CUE  # (one definition, shared with the condition rule)


_DELIVERY_CUE = re.compile(
    r"\b(?:as promised|sent|attached|enclosed|here(?:['’]s| is| are)|uploaded|shared|deployed|published|"
    r"delivered|completed|resolved|fixed|done)\b", re.IGNORECASE)


# what a client says when the thing arrived or works ("Works now, thanks!", "Got it, thank you"),
# as opposed to thanks for the promise itself ("Thanks, appreciate the quick answer")
_RECEIVED = re.compile(
    r"\b(?:works?|worked|working|fixed|received|got (?:it|them|the)|arrived|came through|landed|"
    r"looks? (?:good|great|right|perfect)|all good|sorted|resolved|that did it|did the trick|"
    r"up and running|running again|back to normal|in (?:my|our) inbox|spot on|completed|passed|"
    r"went through|(?:is|it['’]s|now) live|no (?:more )?(?:timeouts?|errors?|issues?|problems?|failures?)|"
    r"(?:is|are|it['’]s) (?:there|in place|up) now|I (?:can )?see (?:it|the|them|that)|shows? up|"
    r"installed (?:fine|ok|okay|successfully|correctly|cleanly|without (?:a )?(?:hitch|issues?|"
    r"problems?|errors?)))\b",
    re.IGNORECASE)

# thanks in words: a client's "Thank you, the corrected invoice arrived and is fine." may score low
# on appreciation, yet it confirms as clearly as "Works now, thanks!"
_THANKS = re.compile(r"\b(?:thanks?|thank you|thx|cheers|appreciated?|grateful)\b", re.IGNORECASE)
# ... with words that say it came, stricter than _RECEIVED: not "got it" or "working on our side"
# (an acknowledgement), "works for us" or "Thursday is fine" (accepting a proposal)
_CAME = re.compile(
    r"\b(?:arrived|received|came through|landed|in (?:my|our) inbox|worked|"
    r"works? (?:again|now|fine|perfectly|great)|working (?:again|now)|back to normal|"
    r"up and running|running again|(?:is|are|now|been) (?:fixed|sorted|resolved|restored)|"
    r"installed (?:fine|ok|okay|successfully|correctly|cleanly))\b",
    re.IGNORECASE)


# a sentence that asks whether it came ("Is it fixed yet? Thanks.") reports nothing
_ASKS = re.compile(
    r"^\W*(?:is|are|was|were|does|do|did|has|have|can|could|will|would|should|any|when|what|how|"
    r"where|why|(?:is|are|does|do|has|have)n['’]t)\b", re.IGNORECASE)
# nor does one that will find out, or that says it only in a condition: "I'll check whether it
# works again after lunch", "let me know once it is fixed", "hopefully that worked", "if it works
# we are fine" (looked for before the words that say it came, so "Works now, I'll let you know if
# anything else comes up." confirms)
_UNSURE = re.compile(
    r"\b(?:(?:I|we)(?:['’]ll| will| shall| am going to| are going to)|will|going to|gonna|let (?:me|us) know|"
    r"if|whether|once|as soon as|when|until|unless|hopefully|hope|should|might|may|maybe|perhaps|"
    r"see if|to see|try|trying|test|testing|check|checking|(?:can|could|would|will) you|please)\b",
    re.IGNORECASE)


# a date or a time that "works" accepts the promise ("Friday works fine, thanks")
_WHEN_WORKS = re.compile(
    r"\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|tomorrow|today|tonight|week|month|date|time|"
    r"morning|afternoon|evening|noon|\d(?:\s*[ap]\.?m\.?)?)\W*$", re.IGNORECASE)


# what acknowledges the promise itself, not the thing promised: "we received your message and
# will wait for Friday", "looking forward to it"
_ACK_ONLY = re.compile(
    r"\breceived (?:your|the|this|that) (?:message|e-?mail|mail|note|reply|response|answer|"
    r"promise|confirmation)\b|\b(?:will|['’]ll|shall) (?:wait|hold on|look out)\b|"
    r"\blook(?:ing)? forward to\b", re.IGNORECASE)


def _says_it_came(sentence: str, pattern: re.Pattern[str]) -> re.Match[str] | None:
    """The first match of ``pattern`` in ``sentence`` that states a fact: the sentence is no
    question and no acknowledgement of the promise itself ("we received your message and will
    wait for Friday"), nothing before the match makes it a future or a condition, and it is not
    a date that works for the client."""
    if sentence.rstrip().endswith("?") or _ASKS.match(sentence) or _ACK_ONLY.search(sentence):
        return None
    for m in pattern.finditer(sentence):
        if _UNSURE.search(sentence, 0, m.start()):
            continue
        if m.group(0)[:4].lower() == "work" and _WHEN_WORKS.search(sentence, 0, m.start()):
            continue
        return m
    return None


# what says the thing still fails, next to thanks for something else ("installed fine on our
# end, thank you. The exposure view still crashes though."): no confirmation
_BAD_STATE = (r"(?:crash\w*|fail\w*|broken|break\w*|missing|down|error\w*|hang\w*|freez\w*|wrong|slow|"
              r"stuck|blank|empty|not|no|cannot|can['’]?t|won['’]t|(?:does|is|are|do|did|has|have)n['’]t)")
_STILL_BAD = re.compile(
    r"\bstill\s+(?:[\w'’-]+\s+){0,2}?" + _BAD_STATE + r"\b"
    # the same said without "still": "keeps crashing", "remains broken", "continues to fail"
    r"|\b(?:keeps?|kept|keeping)\s+(?:on\s+)?(?:crash|fail|break|error|hang|freez|timing out|dropp|los)\w*"
    r"|\b(?:remains?|remained|stays?|stayed)\s+(?:\w+\s+)?(?:broken|down|stuck|blank|empty|wrong|unresolved|"
    r"open|unfixed|missing|offline)\b"
    r"|\bcontinues?\s+to\s+(?:crash|fail|break|error|hang|freeze|time out|drop)\w*"
    r"|\bthough\s*[.!]*\s*$|\bthough\s*[.!]",
    re.IGNORECASE | re.MULTILINE)


def _received_said(text: object) -> bool:
    """Appreciation with a sentence that says the thing arrived or works (:data:`_RECEIVED`) as a
    fact, not asked ("Is it fixed yet? Thanks.") or to be seen ("will let you know if it works"),
    in a message that does not say something still fails (:data:`_STILL_BAD`)."""
    if not isinstance(text, str) or not _RECEIVED.search(text) or _STILL_BAD.search(text):
        return False
    return any(_says_it_came(x, _RECEIVED) for x in sentences(text))


def _came_sentences(text: object) -> list[tuple[str, re.Match[str]]]:
    """Sentences of written thanks that say, with no negation ("still doesn't work", "has not
    arrived"), no question and no condition, that the thing arrived or works, with the match."""
    if (not isinstance(text, str) or not _THANKS.search(text) or _MISSING.search(text)
            or _STILL_BAD.search(text)):
        return []
    out = []
    for x in sentences(text):
        if _NOT_DONE.search(x):
            continue
        m = _says_it_came(x, _CAME)
        if m is not None:
            out.append((x, m))
    return out


def _thanks_for_what_came(text: object) -> bool:
    """Thanks in words and a sentence that says the thing arrived or works, with no negation
    ("still doesn't work", "has not arrived"): a confirmation whatever the appreciation score."""
    return bool(_came_sentences(text))


# what came back up ("Works again", "back to normal"): said of the thing itself, never of the
# promise, so it confirms however soon it comes
_BACK = re.compile(
    r"^(?:works? (?:again|now)|working (?:again|now)|back to normal|up and running|running again|"
    r"(?:is|are|now|been) (?:fixed|sorted|resolved|restored))$", re.IGNORECASE)


def _confirms_at_once(text: object, promise_words: set[str]) -> bool:
    """Thanks that say in words that the promised thing came or works again confirm however soon
    after the promise they come ("Thanks, the corrected invoice arrived and is fine." 50 minutes
    after "by Friday"): "Works again", "back to normal", or a sentence that says it arrived and
    names a word of the promise. A bare "Received, thanks." may be about the promise's own
    email, and "Got it, thanks!" or "Thursday is fine" say nothing came: they wait."""
    return any(_BACK.match(m.group(0)) or (promise_words & _words(x))
               for x, m in _came_sentences(text))


# a later message of the client that takes a confirmation back ("Sorry, spoke too soon - it is
# down again.", "It has stopped working again", "still not working")
_RETRACT = re.compile(
    r"\b(?:spoke too soon|(?:down|broken|failing|fails|failed|wrong|gone|crashed|crashing|stuck|"
    r"blank|empty|erroring|happening|timing out|offline|missing) again|back to square one|"
    r"(?:stopped|stops|no longer|not|\w+n['’]t) work(?:s|ing|ed)?|same (?:error|problem|issue)|"
    r"(?:error|problem|issue|bug|outage)s? (?:is|are) back)\b", re.IGNORECASE)


# an update that says the thing is still on its way ("the fix is in testing and should be with you
# early next week") is not delivery, whatever its signals
_PENDING = re.compile(
    r"\b(?:should be (?:with|ready|done|live|out)|in testing|being tested|in progress|working on|"
    r"not (?:yet|ready|done)|still (?:working|waiting|testing)|on track|expect(?:ed)? (?:to|by)|"
    r"early next week|later this week|no (?:[\w-]+ ){0,2}yet|"
    # a step on the way ("the fix passed testing", "the re-test is booked for 4 August")
    r"passed (?:testing|QA|review|UAT)|ready for (?:testing|QA|review|UAT|sign-?off)|"
    r"test build|(?:booked|scheduled|planned|pencilled) (?:in )?for|"
    r"(?:pushed|moved|postponed|rescheduled|delayed)(?: back)? (?:to|until|till) (?:next\b|\d|"
    r"(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|"
    r"the (?:\d|end|week|start|following))|"
    # a report of progress, or of a step still to come ("Making good progress, nearly there.",
    # "Fix written, testing tomorrow.", "code complete, deploying next week", "before I send it",
    # "once I have the cost centre")
    r"(?:nearly|almost) (?:there|done|ready|finished|complete)|making (?:\w+ )?progress|progressing|"
    r"under ?way|(?:started|starting|begun) (?:on|work)|before (?:I|we) (?:send|share|ship|deploy|"
    r"release|upload|finali[sz]e|can|go)|once (?:I|we)(?:['’]ve| have| get| receive| hear)|"
    r"(?:we|I)(?:['’]re| are|['’]m| am) (?:still |now |currently )?testing\b|"
    r"(?:deploy|releas|ship|roll|test|migrat|finish|finali[sz]|complet|review|validat|verif|build|"
    r"merg|push|upload|send|install|patch|fix|prepar|draft|writ|updat|run)\w*ing\b[^.!?;]{0,40}?"
    r"\b(?:next (?:week|month)|tomorrow|later (?:today|this week|on)|this (?:afternoon|evening|week)|"
    r"tonight|(?:on )?(?:mon|tues|wednes|thurs|fri)day)\b)", re.IGNORECASE)
# What a message of ours in the promise's thread says when it only talks around the thing: a
# question to the client ("Can you confirm the cost centre for the report?"), someone brought in
# ("Adding Marek to the thread.", "Looping in Priya, who is preparing the report."), a greeting or
# sign-off alone ("Happy new year!"). None of them delivers, unless a sentence reports it done.
_QUESTION = re.compile(
    r"\?\s*$|^\W*(?:(?:can|could|would|will|do|did|should|shall) (?:you|I|we)|any chance|"
    r"(?:please|kindly) (?:confirm|let (?:me|us) know|advise|clarify))\b", re.IGNORECASE)
_BRINGS_IN = re.compile(
    r"^\W*(?:(?:I['’]m |I am |we['’]re |we are |just )?(?:adding|looping|looped|loop|cc['’]?(?:ing|d)?|"
    r"copying|copied|introducing|bringing|meet)\b)|\b(?:added|cc['’]?d|copied|looped)\b[^.!?]*"
    r"\b(?:to|in|on|into) (?:the|this) (?:thread|e-?mail|chain|conversation)\b", re.IGNORECASE)
_PLEASANTRY = re.compile(
    r"^\W*(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|happy|merry|season['’]s greetings|"
    r"(?:best|warm|kind) (?:wishes|regards)|regards|best|thanks|thank you|many thanks|cheers|"
    r"have a (?:good|great|nice|lovely)|enjoy|"
    # (the same in the other languages clients write in: "Hola Sofía, ¡felices fiestas!")
    r"hola|buenos d[íi]as|buenas tardes|feliz|felices|saludos|bonjour|bonsoir|joyeux|joyeuses|"
    r"bonne (?:ann[ée]e|f[êe]te|journ[ée]e)|cordialement|hallo|guten (?:tag|morgen)|frohe|sch[öo]ne|"
    r"viele gr[üu](?:ß|ss)e|ciao|buongiorno|buon|auguri|ol[áa]|bom dia|boas festas|hej|god jul)\b",
    re.IGNORECASE)


def _talks_around(text: object, done: list[str]) -> bool:
    """``text`` (ours, in the promise's thread) does not deliver, whatever its signals: it has no
    sentence that reports something done (``done``, its :func:`_done_sentences`), and every
    sentence of it asks the client something, brings someone in, or is a greeting or sign-off. A
    message that also says something else ("All accounts are migrated. We're adding Priya to the
    thread.") is an answer."""
    if not isinstance(text, str) or done:
        return False
    said = [x for x in sentences(text) if x.strip()]
    return all(_QUESTION.search(x) or _BRINGS_IN.search(x) or (_PLEASANTRY.match(x) and len(x.split()) <= 6)
               for x in said)


_READY_FOR = re.compile(r"\bready for (testing|QA|review|UAT|sign-?off)\b", re.IGNORECASE)


def _ready_steps(text: object) -> frozenset[str]:
    """The steps ``text`` says something is ready for ("ready for testing" -> {"testing"})."""
    if not isinstance(text, str):
        return frozenset()
    return frozenset(m.group(1).lower().replace("-", "") for m in _READY_FOR.finditer(text))


def _still_pending(text: object, done: list[str]) -> bool:
    """``text`` reports a step still to come (:data:`_PENDING`: "Fix written, testing tomorrow.")
    and no other sentence of it reports something done (``done``, its :func:`_done_sentences`):
    "Attached is the monthly report. Testing of the new dashboard continues next week." delivers
    the report. A sentence that reports both ("Both are fixed and the re-test is booked for 4
    August") stays a step on the way."""
    if not isinstance(text, str) or _PENDING.search(text) is None:
        return False
    return not any(_PENDING.search(x) is None for x in done)


# a place or a recipient, not a thing: "in the shared folder", "to your inbox", "on the portal"
_PLACE = re.compile(r"\b(?:in|on|at|into|onto|to|from|via|under|inside|through|with|for)\s+"
                    r"(?:the|a|an|your|our|this|that|my|their|its)\b[^.,;:!?]*", re.IGNORECASE)


def _names_another(text: object, done: list[str], done_words: set[str], promise_text: str,
                    promise_words: set[str]) -> bool:
    """The sentences of ``text`` that report something done (``done``, its
    :func:`_done_sentences`; ``done_words``, their :func:`_words`) name a thing, and none of it is what was promised: "Please see the attached invoice for February." after "I will send the usage
    report by Friday" (the words of their noun phrases, not the participles that describe them).
    Only for a promise that names a thing itself, and not when it says "as promised"."""
    thing = _object_of(promise_text)
    if not promise_words or not thing or _AS_PROMISED.search(str(text)):
        return False
    objects: set[str] = set()
    for x in done:
        # (where it went is no thing done: "it's in the shared folder now")
        x = _PLACE.sub(" , ", x)
        objects |= _object_of(x) - _modifiers(x)
    # (a report that names the promised thing without a determiner is not about another thing:
    # "credit note CN-2504-17 is issued ..., and the corrected April statement is attached" after
    # "I'll issue a credit note today")
    return bool(objects) and not objects & promise_words and not thing & done_words


# "Confirming as promised: ..." says it is the delivery, whatever else it mentions
_AS_PROMISED = re.compile(r"\bas (?:promised|agreed|discussed)\b", re.IGNORECASE)


_NOT_DONE = re.compile(r"\b(?:not|no|never|yet|still)\b|n['’]t\b", re.IGNORECASE)


def _done_sentences(text: object) -> list[str]:
    """The sentences that report something as done ("Invite sent for Thursday.", "Attached: the
    terms") and hold no promise cue ("will", "I'll", "by Friday") and no negation ("we haven't sent
    the quote yet")."""
    if not isinstance(text, str) or not _DELIVERY_CUE.search(text):
        return []
    return [x for x in sentences(text)
            if _DELIVERY_CUE.search(x) and not _CUE.search(x) and not _NOT_DONE.search(x)]


# what the other side says when the promised thing has not come ("Still no corrected export.",
# "the guide you promised never arrived", "we haven't received the quote")
_MISSING = re.compile(
    r"\b(?:still (?:no|not|nothing|haven['’]t|have not|don['’]t|do not|waiting)|no sign of|"
    r"never (?:arrived|came|got|received|sent|showed)|(?:not|n['’]t) (?:yet )?(?:arrived|received|"
    r"got|seen|come|been (?:sent|delivered|fixed))|(?:haven['’]t|have not|didn['’]t|did not) "
    r"(?:yet )?(?:get|got|receive|see|seen)|yet to (?:receive|see|get)|where is|nothing yet)\b",
    re.IGNORECASE)


def _missing_words(texts: list[str]) -> set[str]:
    """Distinctive words of the sentences of ``texts`` that say something has not come."""
    return _words(" ".join(x for t in texts for x in sentences(t) if _MISSING.search(x)))


def _evidence_texts(ev: object, signals: tuple[str, ...]) -> list[str]:
    """The text of each evidence span of ``signals`` in one message's (prepared) evidence."""
    if not isinstance(ev, (list, tuple)):
        return []
    return [item["text"] for item in ev if isinstance(item, dict)
            and item.get("signal") in signals and isinstance(item.get("text"), str)]


def _promise_text(row: pd.Series) -> tuple[str, str]:
    """What was promised, and where it came from: the commitment evidence span(s) (``"span"``);
    without one, the sentences with a promise cue (``"cued"``); else the start of the message
    (``"start"``)."""
    spans = _evidence_texts(row.get("evidence"), ("commitment",))
    if spans:
        return " ".join(spans), "span"
    text = row["text"] if isinstance(row["text"], str) else ""
    cued = [x for x in sentences(text) if _CUE.search(x)]
    return (" ".join(cued), "cued") if cued else (" ".join(text.split()[:30]), "start")


def _promises_of(row: dict[str, object], cfg: HealthConfig
                 ) -> list[tuple[str, str, object, str | None, float | None]]:
    """Each promise a commitment message makes: ``(text, source, due, what, proba)``, in text order.

    One per commitment evidence span at or above ``commitment_threshold`` (the probability that
    makes the message a commitment; a weaker span is no promise of its own, nor one that only says
    we will report another done, see ``_REPORTS_BACK``), each with its own
    words and due date (the span's ``due``) when there are two or more, or when setting those
    aside leaves one ("I'll confirm once they're in." names no thing, "Tomás will join your
    Wednesday stand-up" is not due on Friday); else one for the message,
    as what :func:`_promise_text` finds, due at ``commitment_due`` (``what`` None: the message's
    strongest span; ``proba`` None: the message's). A table scored before spans carried their own ``due`` (``commitment_due``
    set, no span with ``due``) is read as one promise per message."""
    ev = row.get("evidence")
    strong = [item for item in ev if isinstance(item, dict) and item.get("signal") == "commitment"
              and isinstance(item.get("text"), str) and isinstance(item.get("proba"), (int, float))
              and item["proba"] >= cfg.commitment_threshold] if isinstance(ev, (list, tuple)) else []
    # "I'll confirm once it's there." after "Marek's team will add it today" promises no thing of
    # its own: it says we will report the other promise done, and that report is the other's
    # delivery (one reply settles both; one late piece of work is not two overdue promises)
    # and "Tomás will join your Wednesday stand-up until this is done" beside a deliverable is
    # attendance, which mail cannot show kept: tracked alone it would read as overdue every time
    things = [item for item in strong
              if not (_REPORTS_BACK.match(item["text"]) or _ATTENDS.search(item["text"]))]
    # (when that leaves one, it is the promise: its words and its own due date, not the report
    # back's words nor the meeting's date, which may come first and so be commitment_due)
    dropped = 0 < len(things) < len(strong)
    strong = things or strong
    # a table scored before spans carried their own due: commitment_due set, no span with one
    old_table = not pd.isna(row["commitment_due"]) and not any(
        isinstance(item, dict) and item.get("signal") == "commitment" and item.get("due") is not None
        for item in (ev if isinstance(ev, (list, tuple)) else ()))
    if old_table or (len(strong) < 2 and not dropped):
        text, source = _promise_text(row)
        return [(text, source, row["commitment_due"], None, None)]
    return [(item["text"], "span", _due_of(item.get("due")), item["text"], float(item["proba"]))
            for item in strong]


# a promise only to tell the other side when something else is done: a telling verb with no object
# but "you", then when ("I'll confirm once it's there.", "We'll let you know as soon as it's live.",
# "I'll confirm afterwards.",
# "I'll update you when the backfill is done."); not "I'll confirm the cost centre by Friday" (a
# thing), "Marek will call you Monday" (a call is a promise of its own) nor "I'll confirm once it's
# there and send the invoice by Friday" (a promise more)
_REPORTS_BACK = re.compile(
    r"^\W*(?:[^\W\d_]+(?:\s+|(?=['’]))){0,3}?(?:\bwill|['’]ll|\bshall)\s+(?:(?:then|also|just)\s+)?"
    r"(?:confirm|let (?:you|them|everyone|all of you) know|update (?:you|them)|tell (?:you|them)|"
    r"report back|get back to (?:you|them)|come back to (?:you|them)|ping (?:you|them)|"
    r"notify (?:you|them)|drop (?:you|them) a (?:line|note)|send (?:you|them) a (?:note|line|message))"
    r"(?:\s+(?:with you|here|on this thread|in this thread))?,?\s+(?:(?:once|when|as soon as|the moment|after)\b"
    r"(?:(?!\band\b|\bthen\b)[^.!?;,])*|(?:afterwards?|after that|then|once (?:it['’]s |that['’]s )?done))"
    r"[.!?]?\s*$", re.IGNORECASE)


# a promise to be at a meeting ("Tomás will join your Wednesday stand-up until this is done", "I'll
# dial in to Thursday's review", "our engineer will be on the call"): no thing is delivered
_ATTENDS = re.compile(
    r"(?:\bwill|['’]ll|\bshall)\s+(?:(?:also|then|now|still|personally)\s+)?"
    r"(?:join|attend|dial (?:in|into)|sit in(?: on)?|be (?:on|at|in|joining|attending)|come (?:to|along to))\b"
    r"[^.!?;]{0,40}?\b(?:call|calls|meeting|meetings|stand-?ups?|sync|check-?ins?|review|reviews|session|"
    r"sessions|catch-?ups?|huddles?|briefings?|bridge|workshops?|walkthrough|site visit|visit)\b", re.IGNORECASE)


def _due_of(value: object) -> object:
    """A span's ``due`` (ISO text, or a timestamp) as a UTC Timestamp; NaT when it has none."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return pd.NaT
    try:
        t = pd.Timestamp(value)
    except (TypeError, ValueError):
        return pd.NaT
    return t.tz_localize("UTC") if t.tzinfo is None else t.tz_convert("UTC")


def _named(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def find_commitments(rel: pd.DataFrame, cfg: HealthConfig, *, direction: str = "outbound"
                     ) -> list[Commitment]:
    """Every commitment made in one relationship's prepared, time-sorted rows."""
    if len(rel) == 0:
        return []
    # (rows are read by position only: no reset_index needed)
    thr = cfg.signal_threshold
    dirs = rel["direction"].to_numpy(dtype=object)
    wanted = {"outbound": ("outbound",), "inbound": ("inbound",),
              "any": ("outbound", "inbound")}[direction]
    commit = is_commitment(rel, cfg)
    promises = commit & np.isin(dirs, list(wanted))
    if not promises.any():  # (most accounts, most of the time: nothing below would be used)
        return []
    times = rel["timestamp"]
    tvals = (times if str(times.dtype) == "datetime64[ns, UTC]"
             else times.astype("datetime64[ns, UTC]")).astype("int64").to_numpy()
    threads = rel["thread_id"].to_numpy(dtype=object)
    # the rows of each thread, and of each side (an account of tens of thousands of messages makes
    # thousands of promises: comparing every row's thread and side anew for each was much of its time)
    thread_rows: dict[object, list[int]] = {}
    for k, t in enumerate(threads):
        if not pd.isna(t):
            thread_rows.setdefault(t, []).append(k)
    side_rows = {side: dirs == side for side in ("outbound", "inbound")}
    # in a call or a chat the thread is the whole conversation: the next thing our side says in it
    # ("Understood.") is a turn, not a reply that delivers
    turns = np.isin(rel["channel"].to_numpy(dtype=object), list(_TURN_CHANNELS))
    apology = rel["apology"].to_numpy()
    # a delivery is not itself a (weak) promise, an apology or an admission that it is not done;
    # an apology with the goods ("Sorry for the delay, attached: the terms") must name them
    repromise = (rel["commitment"].to_numpy() >= cfg.delivery_max_commitment) | commit
    unmet_or_sorry = (rel["unmet_expectation"].to_numpy() >= thr) | (apology >= thr)
    not_delivery = repromise | unmet_or_sorry
    # (an apology for lateness often reads as an unmet expectation too: allowed when it names
    # what was promised)
    apology_only = (apology >= thr) & ~repromise
    appreciation = rel["appreciation"].to_numpy()
    friction = np.maximum(rel["frustration"].to_numpy(), rel["unmet_expectation"].to_numpy())
    friction_any = np.maximum(friction, rel["blame"].to_numpy())
    texts = rel["text"].astype(object).to_numpy()
    words = [_words(t) for t in texts]
    # the sentences of each that report something done, and their distinctive words (split once:
    # the progress, talking-around and other-thing checks below read them too)
    done = [_done_sentences(t) for t in texts]
    done_words = [_words(" ".join(d)) for d in done]
    has_done = np.array([bool(w) for w in done_words], dtype=bool)

    # who wrote each message, as promised_by and promised_to name people: a speaker by the name the
    # transcript wrote ("Varga, Ines" reads better as Ines Varga), anyone else by the address
    who = [name if turn and _named(name) else sender
           for name, sender, turn in zip(rel["sender_name"], rel["sender"], turns, strict=True)]
    people_by_side: dict[object, dict[str, list[str]]] | None = None

    def counterparts(thread: object, side: str) -> str | None:
        """Who a promise without recipients (a call turn, a helpdesk reply) was made to: the other
        side's speakers or authors in the same conversation, in the order they first appear."""
        nonlocal people_by_side
        if pd.isna(thread):
            return None
        if people_by_side is None:  # (built once, on the first promise that needs it)
            people_by_side = {}
            for k, name in enumerate(who):
                if _named(name) and dirs[k] in ("inbound", "outbound"):
                    people = people_by_side.setdefault(threads[k], {}).setdefault(dirs[k], [])
                    if name not in people:
                        people.append(name)
        other = {"outbound": "inbound", "inbound": "outbound"}.get(side)
        return ", ".join(people_by_side.get(thread, {}).get(other, [])) or None

    def matches(pattern: re.Pattern[str], where: np.ndarray) -> np.ndarray:
        """``pattern`` found in the text, looked for only where it can matter."""
        out = np.zeros(len(texts), dtype=bool)
        for k in np.flatnonzero(where):
            out[k] = isinstance(texts[k], str) and pattern.search(texts[k]) is not None
        return out

    # (a progress update matters only where a message could otherwise deliver; thanks that say
    # something arrived only where there are thanks)
    # ("Both are fixed and the re-test is booked for 4 August" reports a step, not the delivery)
    pending = np.zeros(len(texts), dtype=bool)
    for k in np.flatnonzero(~not_delivery):
        pending[k] = _still_pending(texts[k], done[k])
    pending &= ~matches(_AS_PROMISED, pending)
    # "The staging build is ready for testing" is a step on the way, unless being ready for testing
    # is what was promised ("I'll have the staging build ready for testing by Friday"): the steps
    # each such message reports, for the promises that name them (below)
    ready_steps: dict[int, frozenset[str]] = {}
    for k in np.flatnonzero(pending):
        steps = _ready_steps(texts[k])
        if steps and not _still_pending(_READY_FOR.sub(" ", texts[k]), [_READY_FOR.sub(" ", x) for x in done[k]]):
            ready_steps[k] = steps
    talks_around = np.zeros(len(texts), dtype=bool)
    for k in np.flatnonzero(~not_delivery & ~pending):
        talks_around[k] = _talks_around(texts[k], done[k])
    received = np.zeros(len(texts), dtype=bool)
    for k in np.flatnonzero((appreciation >= thr) & commit.any()):
        received[k] = _received_said(texts[k])
    # (written thanks for what came, looked for only in the other calm messages that could confirm)
    for k in np.flatnonzero((appreciation < thr) & (friction_any < thr) & commit.any()):
        received[k] = _thanks_for_what_came(texts[k])
    thanked = (appreciation >= thr) | received
    # words found in many of this relationship's messages (names, signatures, disclaimers) are
    # not distinctive enough to tie a delivery to a promise. "Many" is counted over the messages up
    # to the candidate delivery only, so mail that arrives later cannot change a past match (and
    # with it a past week's score).
    seen_in: dict[str, list[int]] = {}
    for k, ws in enumerate(words):
        for w in ws:
            seen_in.setdefault(w, []).append(k)
    # the messages each word is in (in their words or in the words of what they report done), and
    # those where it is still distinctive: a message in another thread can only deliver a promise
    # it shares a word with, and, once the promise is past its due date and fresh window, only by a
    # distinctive one (see reachable below: without these, every promise read every later message
    # of the account, hours for an account of 30,000)
    postings: dict[str, list[int]] = {}
    for k, (ws, dws) in enumerate(zip(words, done_words, strict=True)):
        for w in ws | dws:
            postings.setdefault(w, []).append(k)
    distinct_postings = {
        w: [k for k in ks if bisect.bisect_right(seen_in.get(w, ()), k) <= max(3, 0.2 * (k + 1))]
        for w, ks in postings.items()}
    # (rows come sorted by time: a time bound is a row bound; if not, every later row is read)
    time_sorted = bool(len(tvals) < 2 or (np.diff(tvals) >= 0).all())

    def reachable(i: int, promise_words: set[str], until: int) -> list[int]:
        """The rows after ``i`` that may settle a promise made in row ``i`` naming
        ``promise_words``: its thread's, those up to ``until`` (ns) that share a word with it, and
        later ones that share a distinctive word (a superset of what the checks below accept)."""
        hi = int(np.searchsorted(tvals, until, side="right"))
        thread = threads[i]
        found = set(range(i + 1, len(tvals))) if pd.isna(thread) else {
            k for k in thread_rows[thread] if k > i}
        for w in promise_words:
            ks = postings.get(w)
            if ks:
                found.update(ks[bisect.bisect_right(ks, i):bisect.bisect_left(ks, hi)])
                ds = distinct_postings[w]
                found.update(ds[bisect.bisect_right(ds, max(i, hi - 1)):])
        return sorted(found)

    complaint_cache: dict[int, tuple[set[str], set[str]]] = {}
    retract_cache: dict[int, bool] = {}

    def retraction(k: int) -> bool:
        """Message ``k`` says that what was confirmed does not work after all."""
        if k not in retract_cache:
            t = texts[k]
            retract_cache[k] = isinstance(t, str) and (
                _RETRACT.search(t) is not None or _MISSING.search(t) is not None)
        return retract_cache[k]

    def complaint_words(j: int) -> tuple[set[str], set[str]]:
        """Distinctive words of message ``j``'s frustration/unmet-expectation evidence (all of its
        words when it has no such span), and those of its sentences that say something has not
        come ("Still no corrected export.")."""
        if j not in complaint_cache:
            ev = rel["evidence"].iat[j] if "evidence" in rel.columns else None
            spans = _evidence_texts(ev, ("frustration", "unmet_expectation"))
            if not spans:
                spans = [texts[j]] if isinstance(texts[j], str) else []
            complaint_cache[j] = (_words(" ".join(spans)), _missing_words(spans))
        return complaint_cache[j]

    def distinctive(shared: set[str], j: int) -> set[str]:
        limit = max(3, 0.2 * (j + 1))  # (the promise, one mention between, the message itself)
        return {w for w in shared if bisect.bisect_right(seen_in.get(w, ()), j) <= limit}
    people: frozenset[str] | None = None
    # per message, read once however many promises it is weighed against (each (promise, later
    # message) pair read them again: most of the time of an account with thousands of messages)
    name_cache: dict[int, set[str]] = {}
    modifier_cache: dict[int, set[str]] = {}

    def names_of(k: int) -> set[str]:
        if k not in name_cache:
            assert people is not None
            name_cache[k] = _name_words(texts[k], people)
        return name_cache[k]

    def names_thing(shared: set[str], i: int, j: int, modifiers: set[str]) -> set[str]:
        """Of the words message ``j`` shares with promise ``i``, those that can name the promised
        thing: not names of people ("Marek's integrations team" for "Marek will send Derek ...")
        nor participles that only describe something ("a written status" for "a written
        update")."""
        nonlocal people
        if not shared:  # (nothing to take away from)
            return shared
        if people is None:  # (built once, on the first apology that needs it)
            people = _people_words(rel["sender_name"].to_numpy(dtype=object),
                                   rel["sender"].to_numpy(dtype=object),
                                   rel["recipients"].to_numpy(dtype=object))
        if j not in modifier_cache:
            modifier_cache[j] = _modifiers(str(texts[j]))
        return shared - modifiers - modifier_cache[j] - names_of(i) - names_of(j)
    out: list[Commitment] = []
    # the columns read by name, for _row
    cells = {c: rel[c].to_numpy(dtype=object) for c in _ROW_COLUMNS if c in rel.columns}
    for i in np.flatnonzero(promises):
        mine = dirs[i]
        other = "inbound" if mine == "outbound" else "outbound"
        sides = (mine, other)
        row = _row(cells, i)
        made = times.iloc[i]
        thread = threads[i]
        is_later = tvals > tvals[i]
        if pd.isna(thread):
            same = np.ones(len(rel), dtype=bool)
        else:
            same = np.zeros(len(rel), dtype=bool)
            same[thread_rows[thread]] = True
        ours, theirs = side_rows[sides[0]], side_rows[sides[1]]
        # each promise the message makes is settled on its own ("I'll send the plan by Friday.
        # Marek will call you on Monday."): its words, its condition, its due date
        units = _promises_of(row, cfg)
        # which later messages may deliver, confirm or take back a confirmation: the same for each
        # promise of the message (computed once per message, not per promise)
        mine_ok_msg = is_later & ours & ~not_delivery & ~pending
        confirms = is_later & theirs & thanked & (friction_any < thr) & received
        sorry_ok = is_later & ours & apology_only
        # a message that also promises something new still delivers what it reports as done
        # ("Invite sent for Thursday. Lena will join too.") when the done part names the promise
        redeliver_ok = is_later & ours & repromise & ~unmet_or_sorry & has_done
        theirs_here = same & theirs
        several = len(units) > 1
        unit_words = [_words(u[0]) for u in units]
        # (the words of each that no other promise of the message has, and the replies in the
        # thread that settled an earlier one without naming it: "Here it is." delivers one thing)
        own_words = [w - set().union(*(x for k, x in enumerate(unit_words) if k != n)) if several else w
                     for n, w in enumerate(unit_words)]
        claimed: set[int] = set()
        def names_other(j: int, n: int, own_words: list[set[str]] = own_words) -> bool:
            """Message ``j`` names another promise of the message than the ``n``-th."""
            return any(w & words[j] for k, w in enumerate(own_words) if k != n)

        for n, (promise_text, source, due_raw, span_what, proba) in enumerate(units):
            own = own_words[n]
            mine_ok = mine_ok_msg
            promised_steps = _ready_steps(promise_text) if ready_steps else frozenset()
            if promised_steps:  # (see ready_steps: "ready for testing" is what was promised)
                mine_ok = mine_ok_msg.copy()
                for k, steps in ready_steps.items():
                    if steps <= promised_steps and is_later[k] and ours[k] and not not_delivery[k]:
                        mine_ok[k] = True
            stated = not pd.isna(due_raw)
            if stated:
                due = pd.Timestamp(due_raw)
            elif cfg.implied_due_days is not None:
                due = made + pd.Timedelta(days=cfg.implied_due_days)
            else:
                due = None
            promise_words = _words(promise_text)
            if not promise_words and not turns[i] and not pd.isna(thread) and source != "start":
                # "We're on it, and you'll have it by Wednesday." names nothing: "it" is what the
                # other side's message it answers asked for ("Still no corrected export."); being
                # borrowed from a whole message, those words tie another thread only in pairs
                before = np.flatnonzero(same[:i] & theirs[:i])
                if len(before):
                    # the words of what it complained about (its friction evidence), not of every
                    # aside in it ("Also your driver forgot the pallets again.")
                    promise_words = complaint_words(int(before[-1]))[0] or words[before[-1]]
                    source = "answered"
            if turns[i] and not several:
                # a turn is short and leans on what was just asked ("Could we get the numbers rounded
                # to whole pallets?" - "I'll have it done by Thursday."): what was promised is named
                # by the whole turn and by the other side's turn before it (not when the turn makes
                # several promises: each keeps its own words, as in mail, or one delivery of the
                # SLA report would settle the pallet audit and the Monday call promised beside it)
                promise_words = promise_words | words[i]
                before = np.flatnonzero(same[:i] & theirs[:i]) if not pd.isna(thread) else []
                if len(before):
                    promise_words = promise_words | words[before[-1]]
            modifiers = _modifiers(promise_text)
            # words another thread must share with the promise
            need = 2 if source in ("start", "answered") else 1
            # thanks right after the promise acknowledge it ("Got it, thanks!"): a confirmation comes
            # confirm_after_hours later, or, for a promise due sooner ("restored within 2 hours"), a
            # share of the time to its due date (a fixed wait longer than that left every such
            # promise overdue after the client said "Works again, thanks!")
            confirm_after = cfg.confirm_after_hours * 3600e9
            if due is not None:
                to_due = max(0.0, float(due.value - tvals[i]))
                confirm_after = min(confirm_after, cfg.confirm_due_share * to_due)
            theirs_ok = confirms & same
            # ... or in another thread (a new email after a call) while the promise is fresh, when it
            # names what was promised as a delivery there must ("the patched build installed fine,
            # thank you" after "we will deliver a patched build by Monday" on a call)
            fresh_end = (due.value + int(cfg.complaint_window_days * 86400e9)) if due is not None \
                else np.iinfo(np.int64).max
            theirs_far = confirms & ~same & (tvals <= fresh_end)
            # ... unless they say in words that the thing came or works again, naming it ("Thanks, the
            # corrected invoice arrived and is fine." 50 minutes after "by Friday")
            for k in np.flatnonzero((theirs_ok | theirs_far) & ((tvals - tvals[i]) < confirm_after)):
                theirs_ok[k] = theirs_far[k] = _confirms_at_once(texts[k], promise_words)
                theirs_ok[k] &= bool(same[k])
            # a confirmation the other side takes back in the thread ("Sorry, spoke too soon - it is
            # down again."), before the due date (+ grace) or within confirm_after_hours of it, counts
            # for nothing: the promise is open, overdue or broken as if it had never come
            settled = (due.value + int(cfg.grace_hours * 3600e9)) if due is not None else -1

            def retracted(j: int, theirs_here: np.ndarray = theirs_here, settled: int = settled,
                          same: np.ndarray = same, theirs: np.ndarray = theirs,
                          promise_words: set[str] = promise_words) -> bool:
                until = max(tvals[j] + int(cfg.confirm_after_hours * 3600e9), settled)
                # (in the promise's thread; for a confirmation in another thread, also in its own,
                # and in any thread where the message names what was promised: "Single sign-on login
                # is broken again" in a third email takes back "The single sign-on login works again")
                later = (tvals > tvals[j]) & (tvals <= until)
                where = theirs_here & later if same[j] else theirs & later
                for k in np.flatnonzero(where):
                    if not (friction[k] >= thr or retraction(k)):
                        continue
                    if same[k] or threads[k] == threads[j] or promise_words & words[k]:
                        return True
                return False

            delivered = None
            on_time = (due.value + int(cfg.grace_hours * 3600e9)) if due is not None else -1
            # while the promise is fresh (complaint_window_days after its due date)
            fresh = (due.value + int(cfg.complaint_window_days * 86400e9)) if due is not None else -1
            # a sentence that reports done what was promised names it by its words even when the
            # account uses them all the time: up to the due date (+ grace) one word ("the report will
            # be with you by the 5th" - "the August report is attached"), later, while the promise is
            # fresh, two ("the corrected export by Monday" - "The corrected route export is
            # attached."; one word may be about next month's report)
            def reports_done(j: int, promise_words: set[str] = promise_words, source: str = source,
                             same: np.ndarray = same, on_time: int = on_time, fresh: int = fresh,
                             modifiers: set[str] = modifiers, promise_text: str = promise_text) -> bool:
                if source == "start":
                    return False
                shared = promise_words & done_words[j]
                if len(shared) >= 2 and tvals[j] <= fresh:
                    return True
                # (in another thread the one word must be no participle: see _names_it)
                # words borrowed from the whole message the promise answers tie another thread only
                # in pairs, even before the due date ("Still no corrected export. Also your driver
                # forgot the pallets." - "you'll have it by Wednesday": "Your new pallets order is
                # attached." in another thread does not deliver it)
                return bool(shared) and tvals[j] <= on_time and (bool(same[j]) or (
                    source != "answered" and _names_it(shared, 1, modifiers, promise_text, texts[j])))
            may = mine_ok | theirs_ok | sorry_ok | redeliver_ok | theirs_far
            order = ([j for j in reachable(i, promise_words, max(on_time, fresh)) if may[j]]
                     if time_sorted and not _READ_EVERY_LATER_ROW else np.flatnonzero(may).tolist())
            for j in order:
                if sorry_ok[j]:
                    # it must name what was promised: two distinctive words that can name a thing (no
                    # names of people, no participles: "I apologise ... Marek's team takes the
                    # connector, and I get a written status" does not deliver "Marek will send Derek
                    # a written update"), or, in the promise's own
                    # thread, one word of a sentence that reports it done ("I'm sorry. Attached is the
                    # revised quote."), even a word the relationship uses often ("quote")
                    if (len(names_thing(distinctive(promise_words & words[j], j), i, j, modifiers)) >= 2
                            or (same[j] and promise_words & done_words[j]) or reports_done(j)):
                        delivered = (j, "delivered")
                        break
                    continue
                if redeliver_ok[j]:  # (a re-promise: never also mine_ok, sorry_ok or theirs_ok)
                    shared = distinctive(promise_words & done_words[j], j)
                    if ((shared and same[j]) or _names_it(shared, 1, modifiers, promise_text, texts[j])
                            or reports_done(j)):
                        delivered = (j, "delivered")
                        break
                    continue
                if same[j] and not (mine_ok[j] and turns[j]):
                    if not mine_ok[j] and retracted(j):
                        continue
                    # ours in the thread delivers when it is an answer: not a question to the client,
                    # an introduction or a greeting, and not a report of another thing done
                    if mine_ok[j] and (talks_around[j] or _names_another(
                            texts[j], done[j], done_words[j], promise_text, promise_words)):
                        continue
                    # one reply settles one of several promises of a message unless it names
                    # more: "Here it is." after "I'll send the plan by Friday. Marek will call you
                    # on Monday." delivers the plan (the first), not the call; "The call is booked
                    # for Monday" names the call, so it is not the plan
                    if several and not own & words[j]:
                        if j in claimed or names_other(j, n):
                            continue
                        claimed.add(j)
                    delivered = (j, "delivered" if mine_ok[j] else "confirmed")
                    break
                # another thread delivers when it mentions what was promised, or reports it done
                # (not when a shared word is qualified as another thing: "The new mobile dashboard
                # is live" does not deliver "the dashboard caching fix")
                if mine_ok[j] and (_names_it(distinctive(promise_words & words[j], j), need, modifiers,
                                             promise_text, texts[j])
                                   or reports_done(j)) and not _other_thing(
                                       promise_words & words[j], promise_words, promise_text, texts[j],
                                       by_month=False):
                    delivered = (j, "delivered")
                    break
                # ... and the other side's thanks there confirm it when they name it the same way and
                # all of it, with no qualifier of another thing ("the patched build of the mobile app
                # installed fine" does not confirm "a patched build of the reporting module")
                if (theirs_far[j] and _names_it(distinctive(promise_words & words[j], j), need,
                                                modifiers, promise_text, texts[j])
                        and _names_all_of(promise_text, texts[j])
                        and not _other_thing(promise_words & words[j], promise_words, promise_text,
                                             texts[j])
                        and not retracted(j)):
                    delivered = (j, "confirmed")
                    break
            complaint = None
            if due is not None:  # a complaint once the due moment has passed, grace or not
                cand = np.flatnonzero(is_later & theirs & (friction >= thr) & (tvals > due.value)
                                      & (same | (tvals <= fresh)))
                # in the promise's thread, or in another one (a later call, a new email) that names
                # what was promised, while the promise is still fresh: "the guide you promised for
                # Thursday never arrived" (five months on, a shared place name is not that)
                # (in another thread, the word must be in what carries the complaint: a complaint
                # about the SSO rollout that mentions onboarding in passing is not about onboarding;
                # a complaint that it has not come names it by two of its words even when the
                # account uses them all the time: "Still no corrected export.")
                first = None
                for j in cand.tolist():
                    if same[j]:
                        # (a complaint about another promise of the message is not about this one)
                        if several and not own & words[j] and names_other(j, n):
                            continue
                        first = j
                        break
                    carried, missing = complaint_words(j)
                    shared = promise_words & carried
                    if ((shared and _names_it(distinctive(shared, j), need, modifiers, promise_text, texts[j]))
                            or (source != "start" and len(promise_words & missing) >= 2)):
                        first = j
                        break
                if first is not None and (delivered is None or tvals[first] < tvals[delivered[0]]):
                    complaint = int(first)
            c = Commitment(
                relationship=str(row["relationship"]),
                message_id=str(row["message_id"]),
                thread_id=thread,
                direction=str(mine),
                sender=who[i],
                recipients=row["recipients"] if _named(row["recipients"]) else counterparts(thread, str(mine)),
                made_at=made,
                # the evidence span; without one (flagged by probability only), the sentence with the
                # promise cue rather than the start of the message ("Raj, I'm very sorry..." is no promise)
                what=short_evidence({"text": span_what if span_what is not None else promise_text})
                if source == "cued" or span_what is not None else short_evidence(row, "commitment"),
                proba=float(row["commitment"] if proba is None else proba),
                due=due,
                due_stated=stated,
                condition=condition_of(promise_text) if source != "start" else None,
                commitment_id=f"{row['message_id']}#{n + 1}",
            )
            if delivered is not None:
                j, how = delivered
                drow = _row(cells, j)
                reported = done[j] if how == "delivered" else []
                c = _with(c, delivered_at=times.iloc[j], delivered_by=str(drow["message_id"]),
                          delivered_how=how,
                          # the sentence that reports it done, when there is one ("As promised, the
                          # revised timeline..."), rather than whatever else the message says
                          delivered_evidence=short_evidence({"text": reported[0]}) if reported
                          else short_evidence(drow, "appreciation" if how == "confirmed" else None))
            if complaint is not None:
                crow = _row(cells, complaint)
                sig = "unmet_expectation" if crow["unmet_expectation"] >= crow["frustration"] else "frustration"
                c = _with(c, complained_at=times.iloc[complaint], complained_by=str(crow["message_id"]),
                          complaint_evidence=short_evidence(crow, sig))
            out.append(c)
    return out


#: read every later row of the account for each promise instead of only those ``reachable`` finds
#: (the slow reference the tests compare the index with; never set outside them)
_READ_EVERY_LATER_ROW = False

#: the columns of a message find_commitments reads by name (see _row)
_ROW_COLUMNS = ("relationship", "message_id", "text", "evidence", "commitment_due", "recipients",
                "commitment", "frustration", "unmet_expectation")


def _row(cells: dict[str, np.ndarray], i: int) -> dict[str, object]:
    """Row ``i`` (by position) of the columns in ``cells`` as a dict, without building a
    mixed-type Series for it (as ``rel.iloc[i]``)."""
    return {c: v[i] for c, v in cells.items()}


def _with(c: Commitment, **changes: object) -> Commitment:
    return replace(c, **changes)
