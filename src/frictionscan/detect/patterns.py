"""High-precision cue patterns: the lexicon's regular expressions and the veto override rules.

The lexicon lives in ``detect/lexicons/patterns.json`` (loaded with :mod:`importlib.resources`). For
each signal it lists

* ``phrases`` / ``veto_phrases`` -- short phrases the model sees as features (see
  :class:`frictionscan.detect.model.SignalModel`);
* ``cues`` -- regular expressions that speak FOR the signal (also the "keyword" baseline);
* ``vetoes`` -- regular expressions for look-alikes that are NOT the signal ("sorry to bother
  you" for apology, a bare "Thanks," for appreciation, "we'll look into it" for commitment), each
  with a ``cap``: when a veto matches a sentence and no cue matches outside the veto's span, the
  signal's probability for that sentence is capped there.

For speed, each signal also lists ``triggers``: plain lower-case substrings, one of which every cue
or veto match contains. One literal scan over the whole batch finds which sentences contain which
triggers; a signal's full patterns then run only on those sentences, joined by newlines
(``re.MULTILINE``, so ``^``/``$`` anchor at sentence boundaries).

>>> ps = PatternSet.default()
>>> cues, vetoes, caps = ps.scan(["I'm so sorry, that's on us.", "Sorry to bother you."])
>>> caps[:, SIGNALS.index("apology")].tolist()
[1.0, 0.05]
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from ..schemas import SIGNALS

__all__ = ["PatternSet", "load_lexicon"]

_FLAGS = re.MULTILINE  # texts are lower-cased before matching


def _one_line(pattern: str) -> str:
    """Stop a pattern from matching across the newlines that join a batch of sentences."""
    return pattern.replace("[^", "[^\n").replace("\\s", "[^\\S\n]").replace("\\W", "[^\\w\n]")


def _starts_with_boundary(pattern: str) -> bool:
    """True when ``pattern`` is ``\\b`` followed by a regex with no top-level ``|``, so that it means
    the same as ``\\b(?:<the rest>)``; ``\\ba|\\bb`` is never split off.

    >>> [_starts_with_boundary(p) for p in (r"\\bstill (?:waiting|no)", r"\\ba|\\bb", r"a\\b", r"\\b[]|]x")]
    [True, False, False, True]
    """
    if not pattern.startswith("\\b"):
        return False
    depth, i, n = 0, 2, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":  # an escape is one atom, whatever it escapes
            i += 2
            continue
        if c == "[":  # skip the class; a "]" first (after an optional "^") is a literal
            i += 1
            i += pattern[i:i + 1] == "^"
            i += pattern[i:i + 1] == "]"
            while i < n and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
            if i >= n:
                return False  # unterminated class: not ours to rewrite
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return False
        i += 1
    return depth == 0


def _alternation(patterns: list[str]) -> str:
    """``(?:p1)|(?:p2)|...`` with each run of consecutive ``\\b``-led patterns written as one
    ``\\b(?:(?:rest1)|(?:rest2))``: the same ordered choice at every position, so the same matches,
    but one word-boundary test instead of one per pattern where there is no boundary (about 2x
    faster on the long cue lists)."""
    parts: list[str] = []
    run: list[str] = []
    for p in patterns:
        if _starts_with_boundary(p):
            run.append(p[2:])
            continue
        if run:
            parts.append("\\b(?:" + "|".join(f"(?:{r})" for r in run) + ")")
            run = []
        parts.append(f"(?:{p})")
    if run:
        parts.append("\\b(?:" + "|".join(f"(?:{r})" for r in run) + ")")
    return "|".join(parts) or r"(?!x)x"


def load_lexicon() -> dict:
    """The shipped lexicon (``detect/lexicons/patterns.json``) as a dict.

    >>> sorted(k for k in load_lexicon() if not k.startswith("_")) == sorted(SIGNALS)
    True
    """
    text = resources.files("frictionscan.detect").joinpath("lexicons/patterns.json").read_text("utf-8")
    return json.loads(text)


@dataclass
class _Veto:
    regex: re.Pattern
    cap: float


class PatternSet:
    """Compiled cue and veto patterns for all signals.

    Parameters
    ----------
    lexicon : dict
        ``{signal: {"cues": [regex, ...], "vetoes": [{"pattern": regex, "cap": float}, ...]}}``.
    """

    def __init__(self, lexicon: dict) -> None:
        self.lexicon = lexicon
        self.cues: dict[str, re.Pattern] = {}
        self.vetoes: dict[str, list[_Veto]] = {}
        self.any_veto: dict[str, re.Pattern] = {}
        for sig in SIGNALS:
            entry = lexicon.get(sig, {"cues": [], "vetoes": []})
            cues = entry.get("cues", [])
            self.cues[sig] = re.compile(_alternation([_one_line(p) for p in cues]), _FLAGS)
            self.vetoes[sig] = [_Veto(re.compile(_one_line(v["pattern"]), _FLAGS), float(v["cap"])) for v in entry.get("vetoes", [])]
            pats = [_one_line(v["pattern"]) for v in entry.get("vetoes", [])]
            self.any_veto[sig] = re.compile(_alternation(pats), _FLAGS)
        self.trigger_signals: dict[str, set[int]] = {}
        for j, sig in enumerate(SIGNALS):
            for trig in lexicon.get(sig, {}).get("triggers", []):
                self.trigger_signals.setdefault(trig.lower(), set()).add(j)
        self.veto_triggers: dict[str, re.Pattern | None] = {}
        self._veto_literals: dict[str, list[re.Pattern]] = {}
        for sig in SIGNALS:
            vt = sorted({t.lower() for t in lexicon.get(sig, {}).get("veto_triggers", [])}, key=len, reverse=True)
            self.veto_triggers[sig] = re.compile("|".join(map(re.escape, vt))) if vt else None
            # one plain-literal regex per trigger finds "which sentences hold any trigger" about 2x
            # faster than the alternation (the regex engine searches a literal with a fast scan); the
            # same rows as long as no trigger is empty or spans the newline joining the sentences
            if vt and all(t and "\n" not in t for t in vt):
                self._veto_literals[sig] = [re.compile(re.escape(t)) for t in vt]
        # a match of a longer literal also counts for every signal whose trigger it contains
        for lit in list(self.trigger_signals):
            for other, js in list(self.trigger_signals.items()):
                if other != lit and other in lit:
                    self.trigger_signals[lit] = self.trigger_signals[lit] | js
        lits = sorted(self.trigger_signals, key=len, reverse=True)
        self.trigger = re.compile("|".join(re.escape(t) for t in lits) or r"(?!x)x")

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> PatternSet:
        """The shipped lexicon, compiled once per process."""
        return cls(load_lexicon())

    # -- batch scanning ---------------------------------------------------------------------
    @staticmethod
    def _join(texts: list[str]) -> tuple[str, np.ndarray]:
        starts = np.zeros(len(texts), dtype=np.int64)
        if texts:
            lens = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1
            starts[1:] = np.cumsum(lens)[:-1]
        return "\n".join(texts), starts

    @staticmethod
    def _lower(texts: list[str]) -> list[str]:
        return [t.lower().replace("\n", " ").replace("\r", " ") for t in texts]

    def triggered(self, lowered: list[str], *, gate: bool = True) -> list[np.ndarray]:
        """For each signal, the indices of the (lower-cased) texts containing one of its triggers."""
        n = len(lowered)
        if not gate:
            return [np.arange(n)] * len(SIGNALS)
        big, starts = self._join(lowered)
        hits: list[set[int]] = [set() for _ in SIGNALS]
        pos: list[int] = []
        sigs: list[set[int]] = []
        for m in self.trigger.finditer(big):
            pos.append(m.start())
            sigs.append(self.trigger_signals[m.group()])
        if pos:
            idx = np.searchsorted(starts, np.asarray(pos), side="right") - 1
            for i, ss in zip(idx.tolist(), sigs, strict=False):
                for j in ss:
                    hits[j].add(i)
        return [np.fromiter(sorted(h), dtype=np.int64, count=len(h)) for h in hits]

    def _counts(self, regex: re.Pattern, texts: list[str], idx: np.ndarray, n: int) -> np.ndarray:
        out = np.zeros(n, dtype=np.float64)
        if len(idx) == 0:
            return out
        big, starts = self._join([texts[i] for i in idx])
        pos = [m.start() for m in regex.finditer(big)]
        if pos:
            local = np.searchsorted(starts, np.asarray(pos), side="right") - 1
            np.add.at(out, idx[local], 1.0)
        return out

    def scan(self, texts: list[str], *, gate: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Cue counts, veto flags and per-signal probability caps for each text.

        Parameters
        ----------
        texts : list of str
            Sentences (or short texts); matched lower-cased, line breaks read as spaces.
        gate : bool
            Run a signal's patterns only on texts containing one of its triggers (default; the
            result is the same, only faster).

        Returns
        -------
        cues : ndarray (n, n_signals) -- number of cue matches
        vetoes : ndarray (n, n_signals) -- 1.0 when any veto matches
        caps : ndarray (n, n_signals) -- upper bound on the probability (1.0 = no cap)

        Examples
        --------
        >>> cues, vetoes, caps = PatternSet.default().scan(["Sorry to bother you."])
        >>> float(caps[0, list(SIGNALS).index("apology")])
        0.05
        """
        n = len(texts)
        lowered = self._lower(texts)
        k = len(SIGNALS)
        cues = np.zeros((n, k))
        vetoes = np.zeros((n, k))
        caps = np.ones((n, k))
        for j, (sig, idx) in enumerate(zip(SIGNALS, self.triggered(lowered, gate=gate), strict=False)):
            cues[:, j] = self._counts(self.cues[sig], lowered, idx, n)
            vcount = self._counts(self.any_veto[sig], lowered, idx, n)
            vetoes[:, j] = vcount > 0
            for i in np.flatnonzero(vcount):
                caps[i, j] = self._cap(lowered[i], sig)
        return cues, vetoes, caps

    def caps(self, texts: list[str], candidates: np.ndarray) -> np.ndarray:
        """Probability caps, computed only where ``candidates[i, j]`` is set (1.0 elsewhere).

        A veto regex runs on a sentence only when the sentence holds one of the signal's
        ``veto_triggers``; on candidate cells the result equals ``scan(texts, gate=False)[2]``.

        >>> ps = PatternSet.default()
        >>> ps.caps(["Thanks,", "Thanks so much!"], np.ones((2, len(SIGNALS)), bool))[:, -1].tolist()
        [0.05, 1.0]
        """
        out = np.ones(candidates.shape)
        if not candidates.any():
            return out
        # lower-case once for every signal (the veto regexes read line breaks as spaces)
        low = [t.lower() for t in texts]
        flat = low if not any("\n" in t or "\r" in t for t in low) else self._lower(texts)
        for j, sig in enumerate(SIGNALS):
            rows = np.flatnonzero(candidates[:, j])
            if not len(rows):
                continue
            trig = self.veto_triggers[sig]
            if trig is not None:  # one literal scan over the joined candidates finds the few to check
                big, starts = self._join([low[i] for i in rows.tolist()])
                lits = self._veto_literals.get(sig)
                if lits is None:
                    pos = [m.start() for m in trig.finditer(big)]
                else:
                    pos = []
                    for lit in lits:
                        pos += [m.start() for m in lit.finditer(big)]
                if not pos:
                    continue
                keep = np.unique(np.searchsorted(starts, np.asarray(pos), side="right") - 1)
                rows = rows[keep]
            # one scan of the joined remaining candidates finds the sentences a veto really matches
            texts_r = [flat[i] for i in rows.tolist()]
            big, starts = self._join(texts_r)
            pos = [m.start() for m in self.any_veto[sig].finditer(big)]
            if not pos:
                continue
            hit = np.unique(np.searchsorted(starts, np.asarray(pos), side="right") - 1)
            for k in hit.tolist():
                out[rows[k], j] = self._cap(texts_r[k], sig)
        return out

    def _cap(self, text: str, sig: str) -> float:
        """Cap for one sentence: the lowest veto cap when no cue matches outside the vetoes."""
        spans = []
        cap = 1.0
        for v in self.vetoes[sig]:
            for m in v.regex.finditer(text):
                spans.append((m.start(), m.end()))
                cap = min(cap, v.cap)
        if cap >= 1.0:
            return 1.0
        for m in self.cues[sig].finditer(text):
            inside = any(s <= m.start() and m.end() <= e for s, e in spans)
            if not inside:
                return 1.0
        return cap
