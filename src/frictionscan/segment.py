"""Fast, dependency-free sentence segmentation with exact character offsets.

The scorer needs sentences (evidence is a sentence span) at tens of thousands of sentences per
second, so this is a compiled-regex splitter rather than a spaCy pipeline. A sentence ends at
``.``, ``!``, ``?`` or ``…`` (possibly repeated, possibly followed by a closing quote or bracket)
when whitespace or the end of the text follows, and at every line break (email lines, transcript
cues). A full stop after a known abbreviation ("e.g.", "Mr.", "approx.") or a single capital
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

_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)|\n")
_LAST_WORD = re.compile(r"(\w+)\.$")
_INITIALISM = re.compile(r"(?:\b[A-Za-z]\.){2,}$")
_ABBREV = frozenset(
    ["mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "eg", "ie", "e.g", "i.e", "approx", "dept", "inc", "ltd", "co", "corp", "no", "nr", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "a.m", "p.m", "am", "pm"]
)


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
    start = 0
    n = len(text)
    for m in _BOUNDARY.finditer(text):
        if m.group() == "\n":
            end = m.start()
        else:
            end = m.end()
            if m.group() == ".":
                w = _LAST_WORD.search(text, max(start, end - 12), end)
                if w and (
                    w.group(1).lower() in _ABBREV
                    or (len(w.group(1)) == 1 and w.group(1).isupper())
                    or _INITIALISM.search(text, max(start, end - 12), end)
                ):
                    # "Fri." / "Mr." / "J." -- keep going unless a line break follows
                    nxt = text[end : end + 2]
                    if "\n" not in nxt:
                        continue
        _emit(text, start, end, out)
        start = m.end()
    if start < n:
        _emit(text, start, n, out)
    return out


def _emit(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))


def sentences(text: str) -> list[str]:
    """The sentence strings of ``text`` (see :func:`split_sentences`).

    >>> sentences("Great, another delay. Still waiting!")
    ['Great, another delay.', 'Still waiting!']
    """
    return [text[s:e] for s, e in split_sentences(text)]
