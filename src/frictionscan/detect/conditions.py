"""Conditional promises: "If the audit passes, I'll send the certificate by the 14th."

Found by rule in a promise's sentences: a leading or trailing *if* / *provided (that)* /
*assuming* / *as long as* / *subject to* / *on condition that* clause, an opening *once* clause,
or an inverted "Should the audit pass, ...". A trailing condition ends at a comma, dash or
bracket, so a date after it ("if the audit passes, hopefully by Friday") stays the due date. Politeness and hedges ("if that works for you", "if possible", "if I
understood you correctly"), indirect questions ("I'll check if it arrived", "I'll ask the team
if they can join"), concessions ("even if"), "in case" and "unless" (a default action) are not
conditions. The detect stage uses :func:`without_condition` so that a date inside the condition
is not the promise's due date; the aggregate stage reports :func:`condition_of` beside each
commitment.
"""

from __future__ import annotations

import re

from ..segment import sentences

__all__ = ["PROMISE_CUE", "condition_of", "condition_span", "without_condition"]

#: promise cues, as the commitments follow-up uses them ("will", "I'll", "by Friday")
PROMISE_CUE = re.compile(r"\b(?:will|shall|going to|promises?\b|by (?:mon|tue|wed|thu|fri|sat|sun|end|the|next|tomorrow|tonight))"
                  r"|['’]ll\b", re.IGNORECASE)

_COND = re.compile(
    r"\b(?:if|provided(?: that)?|providing(?: that)?|assuming(?: that)?|as long as|"
    r"in the event(?: that)?|on condition that|subject to|"
    # "Once we receive the signed PO, we will schedule ...": the promise waits on the client as
    # much as after "provided" (an opening clause only); not "once again", "once a week", "at once"
    r"(?<!\bat )(?<!\bfor )(?<!\bjust )(?<!\bonly )(?<!\bnot )(?<!\bthan )"
    r"once(?=\s+\w)(?!\s+(?:again|more|and|a|an|per|every|or|in|daily|weekly|monthly|only|before)\b))\b",
    re.IGNORECASE)
# "Should the audit pass, I'll ..."
_INVERTED = re.compile(
    r"^\W*should (?:the|it|they|we|you|this|that|there|anything|any|our|your|their|he|she)\b",
    re.IGNORECASE)
# what comes before an "if" that opens an indirect question, not a condition ("I'll check if the
# file arrived", "I'll let you know if anything changes", "we'll see whether"), or a concession
_COMPLEMENT = re.compile(
    r"\b(?:check|checking|see|seeing|ask|asking|know|find out|confirm|confirming|verify|verifying|"
    r"wonder|wondering|determine|decide|tell|test|testing|look|investigate|sure|unclear|even|as|what)"
    r"(?:\s+[\w'’]+){0,2}\s+$", re.IGNORECASE)
# conditions that are only politeness or a hedge: the promise is expected all the same
_POLITE = re.compile(
    r"^(?:if|assuming)\s+(?:(?:that|this|it)(?:['’]s| is| would| will)?\s*(?:ok|okay|alright|all right|"
    r"fine|easier|better|helpful|useful|convenient|works?|suits?|helps?|help)|"
    r"you(?:['’]d| would)?\s+(?:like|want|prefer|wish|agree|don['’]t mind|do not mind|need me)|"
    r"you['’]re (?:ok|okay|happy|free)|(?:at all )?possible|convenient|ok|okay|"
    r"that['’]s (?:ok|okay|alright|fine|easier|better)|"
    # a hedge about the conversation, not a condition of the promise
    r"I (?:understood|understand|remember|recall|read (?:this|that|you) (?:right|correctly))|"
    r"I['’]m not mistaken|memory serves|I may|"
    # an offer beside the promise: "Feel free to reach out if you need anything else"
    r"you need (?:anything|any help|more|further)|you have (?:any )?(?:questions|problems|trouble))\b",
    re.IGNORECASE)
# where a leading condition ends: a comma, "then", or the promise itself ("I'll", "we will").
# A match starts only where a run of spaces starts ((?<!\s)): a match inside the run implies one at
# its start, so the matches are the same, but a long run of spaces is read once, not once per
# position (quadratic: seconds for a few thousand spaces in a hostile message).
_COND_END = re.compile(
    r"(?:(?<!\s)\s+)?(?:[,;:—–]|\bthen\b)|(?<!\s)(?=\s+(?:I|we|you|they|he|she|our \w+)\s*(?:['’]ll|will|shall|"
    r"(?:am|are|is) going to)\b)", re.IGNORECASE)


# where a trailing condition ends
_TRAILING_END = re.compile(r"[,;:—–(]|\s-\s")


def condition_span(sentence: str) -> tuple[int, int] | None:
    """Where the condition of a promise sentence is (``sentence[start:end]``), or None."""
    s = sentence
    if not _COND.search(s) and not _INVERTED.match(s):
        return None
    lead = _INVERTED.match(s)
    for m in [lead] if lead else _COND.finditer(s):
        start = m.start() if lead is None else len(s) - len(s.lstrip(" \t\"'(-–—"))
        before = s[:start]
        if before.strip(" \t\"'(") and _COMPLEMENT.search(before):
            continue  # "I'll check if ...", "even if ..."
        if before.strip(" \t\"'(").lower() in ("", "and", "but", "so", "also", "ok", "okay"):
            end_m = _COND_END.search(s, m.end())
            end = end_m.start() if end_m else len(s)
        elif m.group(0).lower() == "once":
            continue  # a trailing "once ..." says when more than whether ("I'll call once I land")
        else:  # a trailing condition: to the end of its clause (a comma, dash or bracket), so
            # the promise's own date after it stays its due date ("if the audit passes, by Friday")
            stop = _TRAILING_END.search(s, m.end())
            end = stop.start() if stop else len(s)
        clause = s[start:end]
        stripped = clause.strip().rstrip(".!?,;: ")
        if not stripped or _POLITE.match(stripped):
            continue
        start += len(clause) - len(clause.lstrip())
        return start, start + len(stripped)
    return None


def _sentence_condition(sentence: str) -> str | None:
    """The condition a promise sentence depends on, or None (see :func:`condition_of`)."""
    span = condition_span(sentence)
    if span is None:
        return None
    clause = sentence[span[0]:span[1]]
    return clause if len(clause) <= 80 else clause[:79].rstrip() + "…"


def without_condition(sentence: str) -> str:
    """``sentence`` with its condition blanked out (same length), so that a date inside the
    condition ("Provided we get the logo files by Monday, we will deliver on Friday") is not
    taken for the promise's due date."""
    span = condition_span(sentence)
    if span is None:
        return sentence
    return sentence[:span[0]] + " " * (span[1] - span[0]) + sentence[span[1]:]


def condition_of(promise: str) -> str | None:
    """The condition a promise depends on ("if the audit passes"), or None.

    Only a promise whose every promise sentence (one with "will", "I'll", "by Friday"...) is
    conditional counts: "I'll send the plan by Friday. If the audit passes, I'll add the
    certificate." still owes the plan. Politeness ("if that works for you"), hedges ("if
    possible"), indirect questions ("I'll check if it arrived", "I'll let you know if anything
    changes"), concessions ("even if") and "unless" (a default action: "unless you object") are
    not conditions.

    >>> condition_of("If the audit passes, I'll send the certificate by the 14th.")
    'If the audit passes'
    >>> condition_of("I'll check if the export arrived by Friday.") is None
    True
    """
    if not isinstance(promise, str) or not promise.strip():
        return None
    parts = sentences(promise)
    cued = [x for x in parts if PROMISE_CUE.search(x)] or parts
    found = [_sentence_condition(x) for x in cued]
    if not found or any(c is None for c in found):
        return None
    return found[0]
