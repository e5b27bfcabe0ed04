"""Which messages are not in English (the signal model reads English only).

A message scored by an English model as if it were English gets six near-zero probabilities: a German
cancellation notice would read as a calm, healthy account. :func:`languages` finds such messages so
:func:`frictionscan.score` can give them NaN ("unknown") instead of 0 and say so.

Two steps, so the common case costs almost nothing:

1. **English at a glance.** A text in which at least :data:`MIN_ENGLISH_SHARE` of the words are common
   English function words ("the", "you", "will", "please", ...; none that are also common words of
   German, French, Spanish, Dutch or Italian) is English. Nearly every English message stops here.
2. **Otherwise, identify it** with ``py3langid`` (a maintained fork of langid.py: a naive Bayes
   model over byte n-grams, 97 languages, shipped in its wheel as plain arrays read with
   ``numpy.load(allow_pickle=False)``, so nothing is unpickled; loaded on first need), on the first
   :data:`MAX_CHARS` characters. The text is called another language (the identifier's first
   choice) only when it has at least :data:`MIN_WORDS` words that begin with a small letter (names
   such as "Hamamatsu Shizuoka" and codes tell nothing of the language), or is written in a script
   without spaces such as Japanese, and the identifier gives English at most
   :data:`MAX_ENGLISH_PROBA`, and no clause of three words or more reads as English ("We cannot
   log in. Nós não conseguimos entrar." is English); otherwise it stays English. A wrong "not English" would hide real
   signals, so doubt means English: "Danke, passt so." (three words) stays English.

Measured (ninth session): of the 32,079 English sentences in ``data/training``, about 500 take
step 2 and none is called another language. Step 1 costs about 6 µs for a typical e-mail (bench_score's, 457 characters); 20 µs a
sentence on average over the training files, step 2 included. Of the sample data's 299 ok messages, 13 of the 17 German
and French ones are found; the four missed are
courtesies of two to five words ("Parfait, merci !"); no English message is taken for another
language.

>>> languages(["We'll send the corrected invoice by Friday.", "Ich bin wirklich frustriert, die "
...            "Lieferung ist schon wieder zu spät.", "Thanks!", None])
['en', 'de', 'en', None]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["MAX_CHARS", "MAX_ENGLISH_PROBA", "MIN_ENGLISH_SHARE", "MIN_WORDS", "SHARE_CHARS", "count_text",
           "counts_text", "english_share", "languages", "unread", "unread_mask", "unread_words"]

#: share of function words from which a text is English without asking the identifier
MIN_ENGLISH_SHARE = 0.08
#: fewer words than this: too little to call it another language
MIN_WORDS = 4
#: the highest probability of English (normalised over the identifier's 97 languages) at which a
#: text is called another language. Not "the other language's probability": related languages
#: (Spanish, Portuguese, Galician) share theirs, but none of them leaves English any.
MAX_ENGLISH_PROBA = 0.01
#: characters handed to the identifier (its cost grows with the length; the start says enough)
MAX_CHARS = 600
#: codes the identifier knows but never names: regional or historical varieties that a short
#: text in a major language is mistaken for (Walloon for French, Aragonese for Spanish)
_NOT_NAMED = frozenset({"an", "la", "sa", "vo", "wa"})
#: characters read for the English share (the start of a message says which language it is in)
SHARE_CHARS = 300

# common English function words that are not also everyday words of de/fr/es/nl/it/pt
# (so no "a", "an", "in", "is", "we", "me", "on", "he", "do", "die", "was", "also", "so", "will", "week")
_ENGLISH_WORDS = """
the and to of you your yours it its for that this these those with be been being have has had not
please thanks thank can could would should if from at by or but what when where which who there they
them their i my just any all does did done get got let know need sent sorry still yet about our ours
us are were as how than then here into out up she his her him we've i'm i've i'll we'll you're cannot
we're we'd they're they'll you'll you've you'd he's she's what's didn't doesn't wasn't weren't haven't
hasn't wouldn't couldn't shouldn't i'd again now very really already soon today tomorrow yesterday
month wrong good enough fixed broken
don't can't won't isn't it's that's there's let's
"""
_ENGLISH = frozenset(w.encode() for w in _ENGLISH_WORDS.split())

# ASCII punctuation (not the apostrophe of "don't") becomes blanks before splitting into words
_PUNCT = b"!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~"
_SPLIT = bytes.maketrans(_PUNCT, b" " * len(_PUNCT))
# clause ends: sentence punctuation, line breaks and commas
_CLAUSE = re.compile(r"[.!?;:,\n]+")
# scripts written without spaces between words (CJK ideographs, kana, Thai): words cannot be counted
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def english_share(text: str) -> tuple[float, int]:
    """(share of the words that are English function words, number of words that begin with a
    small letter: names, numbers and codes such as "GALA-MAR-BK" tell nothing of the language),
    over the first :data:`SHARE_CHARS` characters; :func:`languages` decides with both.

    >>> english_share("Please find the invoice attached.")
    (0.4, 4)
    >>> english_share("ref GALA-MAR-BK, 8944 1100")
    (0.0, 1)
    """
    raw = _words(text)
    if not raw:
        return 0.0, 0
    return _share(raw), _small_words(raw)


def _words(text: str) -> list[bytes]:
    # bytes methods only: split on blanks and ASCII punctuation ~3x faster than str.translate
    # with a dict or a regex; non-ASCII letters stay inside their words
    return text[:SHARE_CHARS].encode("utf-8", "ignore").translate(_SPLIT).split()


def _small_words(raw: list[bytes]) -> int:
    # (decoded only here, on the rare texts that are not plainly English)
    return sum(1 for w in raw if w.decode("utf-8", "ignore")[:1].islower())


def _share(raw: list[bytes]) -> float:
    return sum(map(_ENGLISH.__contains__, map(bytes.lower, raw))) / len(raw)


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _p_english(ranked: list[tuple[str, float]]) -> float:
    return next((float(p) for lang, p in ranked if lang == "en"), 0.0)


def _english_part(text: str) -> bool:
    """True when a clause of two words or more reads as English (a third of its words English, or
    the identifier gives English at least even odds): a message that says something in English
    ("We cannot log in. Nós não conseguimos entrar.", "Still no report." over an Italian
    signature) is scored, not hidden."""
    for part in _CLAUSE.split(text[:MAX_CHARS]):
        raw = _words(part)
        if len(raw) >= 2 and (_share(raw) >= 0.33 or _p_english(_identifier().rank(part)) >= 0.5):
            return True
    return False


def languages(texts: Sequence[object]) -> list[str | None]:
    """ISO 639-1 code of each text's language: ``"en"`` unless the text is clearly another one
    (then the identifier's best two-letter code); None where the item is not a string.

    >>> languages(["C'est très décevant, nous attendons toujours la facture corrigée.", "ok"])
    ['fr', 'en']
    """
    out: list[str | None] = []
    for t in texts:
        if not isinstance(t, str):
            out.append(None)
            continue
        raw = _words(t)
        if not raw or _share(raw) >= MIN_ENGLISH_SHARE:
            out.append("en")
            continue
        if _small_words(raw) < MIN_WORDS and len(_UNSPACED.findall(t[:MAX_CHARS])) < 10:
            out.append("en")
            continue
        ranked = _identifier().rank(t[:MAX_CHARS])
        if _p_english(ranked) > MAX_ENGLISH_PROBA or _english_part(t):
            out.append("en")
            continue
        # the best living language with a two-letter code: the identifier also knows regional
        # and historical ones (Walloon for a short French reply, Latin) that would only confuse
        out.append(next((str(lang) for lang, _ in ranked if len(lang) == 2 and lang not in _NOT_NAMED), "en"))
    return out


def unread(scored: pd.DataFrame) -> pd.Series:
    """The ``language`` of the ok rows of a scored table the model did not read for their language
    (the rows :func:`frictionscan.score` gave NaN: by default those clearly not in English); empty
    when the table has no ``language`` column.

    >>> unread(pd.DataFrame({"language": ["en", "de", None], "status": ["ok", "ok", "error"],
    ...                      "frustration": [0.1, None, None]})).tolist()
    ['de']
    """
    if "language" not in scored.columns:
        return pd.Series([], dtype="string")
    return scored["language"].astype("string").str.strip().str.lower()[unread_mask(scored)]


def unread_mask(scored: pd.DataFrame) -> np.ndarray:
    """Boolean array: the ok rows of a scored table whose scores are unknown because of their
    language (another one than English by default; a model scored with ``languages=None`` did read
    them all, one scored with ``languages=["de"]`` left the English ones out). English rows
    without scores count only when no English row has scores: otherwise they were not scored at
    all (see :func:`frictionscan.aggregate._prep.warn_unscored`).

    >>> unread_mask(pd.DataFrame({"language": ["en", "de", "de"], "frustration": [0.1, None, 0.2]})).tolist()
    [False, True, False]
    >>> unread_mask(pd.DataFrame({"language": ["en", "en"], "frustration": [0.1, None]})).tolist()
    [False, False]
    """
    if "language" not in scored.columns:
        return np.zeros(len(scored), dtype=bool)
    from ..schemas import SIGNALS, ok_mask

    lang = scored["language"].astype("string").str.strip().str.lower()
    # (English too: scored with languages=["de"], an English message is not read either)
    ok = ok_mask(scored)
    keep = ok & lang.notna().to_numpy(dtype=bool)
    if SIGNALS[0] in scored.columns:
        empty = pd.to_numeric(scored[SIGNALS[0]], errors="coerce").isna().to_numpy(dtype=bool)
        keep &= empty
        if keep.any():
            # ... but languages= leaves out every English message of a scoring run: English ones
            # without scores next to English ones with scores were never scored (a batch added
            # after fs.score), which is not their language's doing
            english = (lang == "en").fillna(False).to_numpy(dtype=bool)
            if (keep & english).any() and (ok & english & ~empty).any():
                keep &= ~english
    return keep


def unread_words(counts: Mapping[str, int], read: Iterable[str] | None = None) -> tuple[str, str]:
    """How to name messages left unscored for their language, and why, from their counts by
    language: by default they are not in English; when English ones are among them, scoring was
    told to read other languages (``scan --language``, ``languages=``).

    >>> unread_words({"de": 8, "fr": 5})
    ('not in English (de 8, fr 5)', 'the signal model reads English only')
    >>> unread_words({"en": 189, "fr": 5})[0]
    'in a language left out of scoring (en 189, fr 5)'
    >>> unread_words({"fr": 5}, read=["en", "de"])
    ('not in de or en (fr 5)', 'scoring was told to read those only (scan --language, languages=)')
    """
    codes = sorted({c.strip().lower() for c in read or ()})
    if codes and codes != ["en"]:
        return (f"not in {' or '.join(codes)} ({counts_text(counts)})",
                "scoring was told to read those only (scan --language, languages=)")
    if "en" not in counts:
        return f"not in English ({counts_text(counts)})", "the signal model reads English only"
    return (f"in a language left out of scoring ({counts_text(counts)})",
            "scan --language or languages= left their language out")


def count_text(langs: Iterable[str]) -> str:
    """``"de 8, fr 6"``: how many of each, most first.

    >>> count_text(["fr", "de", "de"])
    'de 2, fr 1'
    """
    return counts_text(pd.Series(list(langs), dtype=object).value_counts().to_dict())


def counts_text(counts: Mapping[str, int]) -> str:
    """``"de 8, fr 6"`` from counts already made, in their order.

    >>> counts_text({"de": 1200, "fr": 6})
    'de 1,200, fr 6'
    """
    return ", ".join(f"{k} {v:,}" for k, v in counts.items())
