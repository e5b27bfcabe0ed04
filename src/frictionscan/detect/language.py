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
   choice) only when it has at least :data:`MIN_WORDS` words (or is written in a script without
   spaces, such as Japanese or Chinese) and the identifier gives English at most
   :data:`MAX_ENGLISH_PROBA`; otherwise it stays English. A wrong "not English" would hide real
   signals, so doubt means English: "Danke, passt so." (three words) stays English.

Measured (ninth session): of the 29,642 English sentences in ``data/training``, about 500 take
step 2 and one is called another language (a sign-off, "Chef Marco Lanzi, Bottega Group", read as
Italian). Step 1 costs about 6 µs for a typical e-mail (bench_score's, 457 characters); 20 µs a
sentence on average over the training files, step 2 included. Of the sample data's 299 ok messages, 14 of the 17 German
and French ones are found; the three missed are
courtesies of two to five words ("Parfait, merci !"); no English message is taken for another
language.

>>> languages(["We'll send the corrected invoice by Friday.", "Ich bin wirklich frustriert, die "
...            "Lieferung ist schon wieder zu spät.", "Thanks!", None])
['en', 'de', 'en', None]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import pandas as pd

__all__ = ["MAX_CHARS", "MAX_ENGLISH_PROBA", "MIN_ENGLISH_SHARE", "MIN_WORDS", "SHARE_CHARS", "count_text",
           "english_share", "languages", "unread"]

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
# (so no "a", "an", "in", "is", "we", "me", "on", "he", "do", "die", "was", "also", "so", "will")
_ENGLISH_WORDS = """
the and to of you your yours it its for that this these those with be been being have has had not
please thanks thank can could would should if from at by or but what when where which who there they
them their i my just any all does did done get got let know need sent sorry still yet about our ours
us are were as how than then here into out up she his her him we've i'm i've i'll we'll you're
don't can't won't isn't it's that's there's let's
"""
_ENGLISH = frozenset(w.encode() for w in _ENGLISH_WORDS.split())

# ASCII punctuation (not the apostrophe of "don't") becomes blanks before splitting into words
_PUNCT = b"!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~"
_SPLIT = bytes.maketrans(_PUNCT, b" " * len(_PUNCT))
# scripts written without spaces between words (CJK ideographs, kana, Thai): words cannot be counted
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def english_share(text: str) -> tuple[float, int]:
    """(share of the words that are English function words, number of words holding a small
    letter: numbers and capital-letter codes such as "GALA-MAR-BK" tell nothing of the language),
    over the first :data:`SHARE_CHARS` characters.

    >>> english_share("Please find the invoice attached.")
    (0.4, 5)
    >>> english_share("ref GALA-MAR-BK, 8944 1100")
    (0.0, 1)
    """
    raw = _words(text)
    if not raw:
        return 0.0, 0
    return _share(raw), sum(map(bytes.__ne__, raw, map(bytes.upper, raw)))


def _words(text: str) -> list[bytes]:
    # bytes methods only: split on blanks and ASCII punctuation ~3x faster than str.translate
    # with a dict or a regex; non-ASCII letters stay inside their words
    return text[:SHARE_CHARS].encode("utf-8", "ignore").translate(_SPLIT).split()


def _share(raw: list[bytes]) -> float:
    return sum(map(_ENGLISH.__contains__, map(bytes.lower, raw))) / len(raw)


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


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
        n = sum(map(bytes.__ne__, raw, map(bytes.upper, raw)))
        if n < MIN_WORDS and len(_UNSPACED.findall(t[:MAX_CHARS])) < 10:
            out.append("en")
            continue
        ranked = _identifier().rank(t[:MAX_CHARS])
        p_en = next((float(p) for lang, p in ranked if lang == "en"), 0.0)
        if p_en > MAX_ENGLISH_PROBA:
            out.append("en")
            continue
        # the best living language with a two-letter code: the identifier also knows regional
        # and historical ones (Walloon for a short French reply, Latin) that would only confuse
        out.append(next((str(lang) for lang, _ in ranked if len(lang) == 2 and lang not in _NOT_NAMED), "en"))
    return out


def unread(scored: pd.DataFrame) -> pd.Series:
    """The ``language`` of the ok rows of a scored table that are clearly not in English (the
    rows :func:`frictionscan.score` gave NaN); empty when the table has no ``language`` column.

    >>> unread(pd.DataFrame({"language": ["en", "de", None], "status": ["ok", "ok", "error"]})).tolist()
    ['de']
    """
    if "language" not in scored.columns:
        return pd.Series([], dtype="string")
    from ..schemas import ok_mask

    lang = scored["language"].astype("string").str.strip().str.lower()
    keep = ok_mask(scored) & lang.notna().to_numpy(dtype=bool) & lang.ne("en").fillna(False).to_numpy(dtype=bool)
    return lang[keep]


def count_text(langs: Iterable[str]) -> str:
    """``"de 8, fr 6"``: how many of each, most first.

    >>> count_text(["fr", "de", "de"])
    'de 2, fr 1'
    """
    return ", ".join(f"{k} {v:,}" for k, v in pd.Series(list(langs), dtype=object).value_counts().items())
