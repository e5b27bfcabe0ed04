"""Fast, dependency-free sentence segmentation with exact character offsets.

The scorer needs sentences (evidence is a sentence span) at tens of thousands of sentences per
second, so this is a compiled-regex splitter rather than a spaCy pipeline. A sentence ends at
``.``, ``!``, ``?`` or ``…`` (possibly repeated, possibly followed by a closing quote or bracket)
when whitespace or the end of the text follows, and at a line break (email lines, transcript
cues) -- except a soft wrap: a line that ends in a letter or digit and is followed by a lower-case
letter ("The full fix will be\nready by Friday"), or a line of 60+ characters that ends in a letter
or digit and is followed by a letter or digit (plain-text mail hard-wrapped at 72-78 columns).
Blank lines, bullets and short lines such as greetings or signature lines always break. A full stop after a known abbreviation ("e.g.", "Mr.", "approx.") or a single capital
initial does not end a sentence.

Offsets are into the original string: ``text[start:end]`` is the sentence, stripped of
surrounding whitespace.

>>> text = "Hi Ana,\\nThe report is late again!! Can you check? Thanks."
>>> [text[s:e] for s, e in split_sentences(text)]
['Hi Ana,', 'The report is late again!!', 'Can you check?', 'Thanks.']
"""

from __future__ import annotations

import re

__all__ = ["sentences", "split_sentences"]

# a sentence boundary: end punctuation (+ closing quotes/brackets) that whitespace or the end
# follows, or a line break
# (written to start with one character class, which lets the regex engine skip quickly to the next
# candidate: the same matches as ``[.!?…]+[\"'”’)\]]*(?=\s|$)|\n``)
_BOUNDARY = re.compile(r"[.!?…\n](?:(?<=\n)|(?<=[.!?…])[.!?…]*[\"'”’)\]]*(?=\s|$))")
_ABBREV = frozenset(
    ["mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "eg", "ie", "e.g", "i.e", "approx", "dept", "inc", "ltd", "co", "corp", "no", "nr", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "a.m", "p.m", "am", "pm"]
)


def _abbrev_end(sentence: str) -> bool:
    """True when a sentence ending in "." really ends with an abbreviation or an initial."""
    if len(sentence) < 2 or not sentence[-2].isalpha():  # "v2." / "(ref 42)." are no abbreviation
        return False
    sp = sentence.rfind(" ")
    if len(sentence) - sp > 9:  # abbreviations and initialisms are short
        return False
    word = sentence[sp + 1 : -1].lstrip("(\"'")
    if not word:
        return False
    if word.lower() in _ABBREV:
        return True
    if len(word) == 1 and word.isupper():
        return True
    # initialisms such as "e.g", "U.S", "p.m"
    return len(word) >= 3 and word[-2] == "." and word.replace(".", "").isalpha() and len(word.replace(".", "")) * 2 - 1 == len(word)


#: Abbreviations that also end sentences ("...by Fri. We are sorry.", "...pears etc. Thanks!"):
#: after them a capitalised word that is no abbreviation itself starts a new sentence (company
#: suffixes such as "Inc." are left out: "Acme Inc. Marketing" goes on).
_CLAUSE_END = frozenset(["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
                         "dec", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "etc", "am", "pm",
                         "a.m", "p.m"])
_NEXT_WORD = re.compile(r"\s+([A-Z][a-z']*)")


def _ends_clause(text: str, start: int, me: int) -> bool:
    """After an abbreviation that can end a sentence, does a new sentence start ("by Fri. We")?"""
    sp = text.rfind(" ", start, me)
    word = text[sp + 1: me - 1].lstrip("(\"'").lower()
    if word not in _CLAUSE_END:
        return False
    m = _NEXT_WORD.match(text, me)
    return m is not None and m.group(1).lower().rstrip(".") not in _ABBREV


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` character offsets of the sentences of ``text``.

    Parameters
    ----------
    text : str
        Any string; non-strings (None, NA) give an empty list.

    Returns
    -------
    list of (int, int)
        Offsets such that ``text[start:end]`` is a sentence with no leading/trailing whitespace.
        Whitespace-only stretches produce no sentence.

    Examples
    --------
    >>> split_sentences("We'll send it by Fri. at noon. Sorry e.g. for the delay!")
    [(0, 30), (31, 56)]
    >>> split_sentences("   ")
    []
    """
    if not isinstance(text, str) or not text:
        return []
    out: list[tuple[int, int]] = []
    append = out.append
    start = 0
    n = len(text)
    for m in _BOUNDARY.finditer(text):
        ms, me = m.span()
        if text[ms] == "\n":
            if ms and me < n and text[ms - 1].isalnum() and _soft_wrap(text, ms):
                continue  # a wrapped line: the sentence goes on
            end = ms
        else:
            end = me
            if (
                text[me - 1] == "."
                and me < n
                and text[me] != "\n"
                and me - start >= 2
                and text[me - 2].isalpha()  # the cheap first test of _abbrev_end
                and _abbrev_end(text[start:me])
                and not _ends_clause(text, start, me)
            ):
                continue  # "Mr." / "Fri." / "J." / "e.g." -- the sentence goes on
        stripped = text[start:end].lstrip()  # inlined _emit (this loop runs for every sentence)
        if stripped:
            s0 = end - len(stripped)
            append((s0, s0 + len(stripped.rstrip())))
        start = me
    if start < n:
        _emit(text, start, n, out)
    return out


def _soft_wrap(text: str, nl: int) -> bool:
    """Is the line break at ``nl`` (after a letter or digit) a wrap inside a sentence?"""
    nxt = text[nl + 1]
    if nxt.islower():
        return True
    return nxt.isalnum() and nl - text.rfind("\n", 0, nl) > 60


def _emit(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    seg = text[start:end]
    stripped = seg.lstrip()
    if stripped:
        s0 = start + len(seg) - len(stripped)
        out.append((s0, s0 + len(stripped.rstrip())))


def sentences(text: str) -> list[str]:
    """The sentence strings of ``text`` (see :func:`split_sentences`).

    >>> sentences("Great, another delay. Still waiting!")
    ['Great, another delay.', 'Still waiting!']
    """
    return [text[s:e] for s, e in split_sentences(text)]
