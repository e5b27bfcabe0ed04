"""Score messages: six calibrated signal probabilities per message, flags, evidence and due dates.

This is the fast path used by :func:`frictionscan.score`: regex sentence splitting
(:mod:`frictionscan.segment`), one hashed-n-gram matrix for every sentence of the batch, one
sparse product for all six signals, and the cue patterns run once over the batch. The spaCy
component (:mod:`frictionscan.detect.spacy_component`) wraps the same model.

A message's probability for a signal is the **maximum over its sentences** (measured against
noisy-or on held-out messages; max calibrates better -- see ``docs/signals.md``). Evidence lists
the sentences whose own probability reaches the sensitivity threshold.
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InvalidOptionError, LanguageWarning, ModelNotFoundError
from ..schemas import (
    SIGNALS,
    ok_mask,
    refuse_numeric_times,
    require_columns,
    require_positive_int,
    time_zone,
    to_utc_series,
)
from ..segment import split_sentences
from .conditions import without_condition
from .dates import (
    _ZONE_HINT,
    _due_local,
    _due_local_in_context,
    _stated_zone,
    dated_clauses,
    resolve_due,
)
from .language import count_text
from .language import languages as detect_languages
from .patterns import PatternSet

__all__ = ["MODEL_TIERS", "SENSITIVITIES", "score", "score_sentences", "score_texts"]

SENSITIVITIES = ("loose", "balanced", "strict")
_UTC = "datetime64[ns, UTC]"


#: the shipped models ``score(model=...)`` takes by name: ``fast`` (the default, the linear model)
#: and ``accurate`` (the fine-tuned encoder stacked on it, :mod:`frictionscan.detect.encoder`)
MODEL_TIERS = ("fast", "accurate")


def _model(model: Any) -> Any:
    if model is None or (isinstance(model, str) and model == "fast"):
        from .persist import load_model

        return load_model()
    if isinstance(model, str) and model == "accurate":
        from .encoder import load_encoder_model

        return load_encoder_model()
    if isinstance(model, str) or hasattr(model, "__fspath__"):
        from pathlib import Path

        from .persist import load_model

        if isinstance(model, str) and model.strip().lower() in MODEL_TIERS and not Path(model).exists():
            raise InvalidOptionError(
                f"model={model!r} is no model file and no tier: the shipped tiers are "
                f"{list(MODEL_TIERS)} (lower case, no spaces).")
        if (isinstance(model, str) and not any(sep in model for sep in "/\\")
                and not Path(model).suffix and not Path(model).exists()):
            # "fastest", "acurate": more likely a mistyped tier than a model file without a suffix
            raise ModelNotFoundError(
                f"model={model!r} is not a tier, and the model file {model!r} does not exist: "
                "the tiers are "
                f"{', '.join(repr(t) for t in MODEL_TIERS)}; a model file is a path such as "
                "'models/mine.joblib'.")
        return load_model(model)
    from .persist import check_model  # a model object of another kind fails here, not in numpy

    return check_model(model, f"model= is a {type(model).__name__}")


def _thresholds(model: Any, sensitivity: str) -> np.ndarray:
    if sensitivity not in SENSITIVITIES:
        raise InvalidOptionError(
            f"sensitivity must be one of {list(SENSITIVITIES)}; got {sensitivity!r}."
        )
    t = getattr(model, "thresholds_", {}).get(sensitivity) or dict.fromkeys(SIGNALS, 0.5)
    return np.array([float(t[s]) for s in SIGNALS])


def score_texts(
    texts: Sequence[object], model: Any = None, *, batch_size: int = 4096
) -> tuple[np.ndarray, list[tuple[int, int]], np.ndarray, np.ndarray]:
    """Sentence- and message-level probabilities for plain texts (the engine under :func:`score`).

    Returns
    -------
    sent_msg : ndarray (n_sentences,) -- position of each sentence's message in ``texts``
    spans : list of (start, end) -- sentence offsets into its message text
    sent_proba : ndarray (n_sentences, n_signals)
    msg_proba : ndarray (n_messages, n_signals) -- max over the message's sentences (0 if none)

    Examples
    --------
    >>> sent_msg, spans, sp, mp = score_texts(["Thanks so much for the fix! See you."])  # doctest: +SKIP
    >>> mp.shape                                                                      # doctest: +SKIP
    (1, 6)
    """
    require_positive_int(batch_size, "batch_size", where="score")
    model = _model(model)
    n = len(texts)
    k = len(SIGNALS)
    msg_proba = np.zeros((n, k))
    all_msg: list[np.ndarray] = []
    all_spans: list[tuple[int, int]] = []
    all_proba: list[np.ndarray] = []
    for lo in range(0, n, batch_size):
        chunk = texts[lo : lo + batch_size]
        sents: list[str] = []
        owners: list[int] = []
        for i, t in enumerate(chunk, start=lo):
            if not isinstance(t, str):
                continue
            spans = split_sentences(t)
            sents.extend([t[s:e] for s, e in spans])
            owners.extend([i] * len(spans))
            all_spans.extend(spans)
        if not sents:
            continue
        # identical sentences (greetings, sign-offs, boilerplate) are scored once per batch
        uniq: dict[str, int] = {}
        inverse = np.fromiter((uniq.setdefault(x, len(uniq)) for x in sents), dtype=np.int64, count=len(sents))
        p = model.predict_proba(list(uniq))[inverse]
        own = np.asarray(owners, dtype=np.int64)
        first = np.flatnonzero(np.r_[True, own[1:] != own[:-1]])  # owners are sorted
        msg_proba[own[first]] = np.maximum.reduceat(p, first, axis=0)
        all_msg.append(own)
        all_proba.append(p)
    sent_msg = np.concatenate(all_msg) if all_msg else np.zeros(0, dtype=np.int64)
    sent_proba = np.vstack(all_proba) if all_proba else np.zeros((0, k))
    return sent_msg, all_spans, sent_proba, msg_proba


def _texts(df: pd.DataFrame, ok: np.ndarray) -> list[object]:
    """The text of each ok row: strings as they are, bytes decoded as UTF-8 (undecodable bytes
    replaced), and None for missing values and other objects (which score as no signal)."""
    raw = df["text"].tolist()
    out: list[object] = []
    for t, o in zip(raw, ok, strict=False):
        if not o:
            out.append(None)
        elif isinstance(t, str):
            out.append(t)
        elif isinstance(t, (bytes, bytearray)):
            out.append(bytes(t).decode("utf-8", errors="replace"))
        else:
            out.append(None)
    return out


def score(
    df: pd.DataFrame,
    *,
    model: Any = None,
    sensitivity: str = "balanced",
    batch_size: int = 4096,
    n_process: int = 1,
    dayfirst: bool | None = False,
    languages: Sequence[str] | None = ("en",),
) -> pd.DataFrame:
    """Add six signal probabilities, flags, evidence and ``commitment_due`` to a table of texts.

    Parameters
    ----------
    df : DataFrame
        Any table with a ``text`` column (the message table from :func:`frictionscan.read`, or
        just texts). If it has ``status``, rows whose status is not ``"ok"`` pass through with NaN
        probabilities, <NA> flags, empty evidence and NaT due dates. ``timestamp`` (when present)
        anchors relative due dates ("by Friday").
    model : "fast", "accurate", SignalModel, path or None
        None or ``"fast"`` loads the shipped, hash-checked linear model (thousands of messages per
        second); ``"accurate"`` the shipped encoder tier stacked on it (more accurate on unseen
        writers, about a hundred times slower; needs ``pip install "frictionscan[accurate]"``, see
        :mod:`frictionscan.detect.encoder`); a path loads that (trusted) file.
    sensitivity : {"loose", "balanced", "strict"}
        Which per-signal thresholds set the ``<signal>_flag`` columns and the evidence. The
        probabilities are the same whatever the preset.
    batch_size : int
        Messages vectorised together.
    n_process : int
        Worker processes (1 = in this process). Rows are split in contiguous chunks; results are
        identical to ``n_process=1`` (with ``model="accurate"``, the flags are, and the
        probabilities agree to about 1e-6: its float32 encoder pads each batch).
    dayfirst : bool or None, default False
        How numeric due dates in the texts read: False or None (default) month-first, US style
        ("by 6/3" is due 3 June); True day-first, UK/EU style ("by 6/3" is due 6 March). A part above 12
        ("by 16/3") decides the order either way. Pass the same choice as to
        :func:`frictionscan.read` for UK/EU clients.
    languages : sequence of str or None, default ("en",)
        The languages the model reads (ISO 639-1 codes). An ok message clearly in another
        language (see :mod:`frictionscan.detect.language`) gets NaN scores and a LanguageWarning;
        the ``language`` column names every ok message's language. None scores every message
        whatever its language (for a model of your own trained on other languages).

    Returns
    -------
    DataFrame
        A copy of ``df`` (same index and row order) plus float64 columns named after
        :data:`~frictionscan.schemas.SIGNALS`, boolean ``<signal>_flag`` columns, ``evidence``
        (list of ``{"signal", "start", "end", "text", "proba"}`` with ``text[start:end]`` equal to
        the evidence text) and ``commitment_due`` (datetime64[ns, UTC]).

    Examples
    --------
    >>> import pandas as pd, frictionscan as fs
    >>> out = fs.score(pd.DataFrame({"text": ["We're sorry, that's on us. I'll send the fix by Friday."]}))
    >>> bool(out.loc[0, "apology_flag"]), bool(0.0 <= out.loc[0, "apology"] <= 1.0)
    (True, True)
    >>> sorted({e["signal"] for e in out.loc[0, "evidence"]})
    ['apology', 'commitment']
    """
    if not isinstance(df, pd.DataFrame):
        raise InvalidOptionError(f"score expects a pandas DataFrame with a 'text' column; got {type(df).__name__}.")
    require_columns(df, ["text"], where="score")
    if "timestamp" in df.columns:
        refuse_numeric_times(df["timestamp"], where="score")
    model = _model(model)
    thr = _thresholds(model, sensitivity)
    require_positive_int(n_process, "n_process", where="score")
    require_positive_int(batch_size, "batch_size", where="score")
    dayfirst = _check_dayfirst(dayfirst)
    read = _check_languages(languages)
    if n_process > 1 and len(df) > 2 * batch_size:
        out = _score_parallel(df, model, sensitivity, batch_size, n_process, dayfirst, read)
        lang = [None if pd.isna(v) else str(v) for v in out["language"].tolist()]
        _warn_other_languages(lang, ok_mask(out), "score", read)
        return out

    ok = ok_mask(df)
    texts, lang, ok = _readable_texts(df, ok, "score", read)
    sent_msg, spans, sent_proba, msg_proba = score_texts(texts, model, batch_size=batch_size)

    out = df.copy()
    n = len(df)
    flags = msg_proba >= thr
    for j, sig in enumerate(SIGNALS):
        col = msg_proba[:, j].astype(np.float64)
        col[~ok] = np.nan
        out[sig] = col
    for j, sig in enumerate(SIGNALS):
        f = pd.array(flags[:, j], dtype="boolean")
        f[~ok] = pd.NA
        out[f"{sig}_flag"] = f

    evidence: list[list[dict]] = [[] for _ in range(n)]
    hit_rows, hit_cols = np.nonzero(sent_proba >= thr)
    commit_rows = hit_rows[hit_cols == SIGNALS.index("commitment")]
    due, sentence_due, promise_clauses = _due_dates(df, texts, spans, sent_msg, commit_rows, n, dayfirst)
    # np.nonzero walks row-major: sentence by sentence (a message's sentences are consecutive and in
    # text order), then signal by signal, so each message's evidence comes out sorted by (start, signal)
    names = list(SIGNALS)
    for r, j, m, v in zip(
        hit_rows.tolist(), hit_cols.tolist(), sent_msg[hit_rows].tolist(), sent_proba[hit_rows, hit_cols].tolist(),
        strict=True,
    ):
        s, e = spans[r]
        if names[j] == "commitment" and r in promise_clauses:
            # "I'll send the invoice on Monday and the plan by Friday": two promises, each with
            # its own words and due date, kept or broken on its own
            for cs, ce, cd in promise_clauses[r]:
                evidence[m].append({"signal": "commitment", "start": cs, "end": ce, "text": texts[m][cs:ce],
                                    "proba": v, "due": _iso_utc(cd)})
            continue
        item = {"signal": names[j], "start": s, "end": e, "text": texts[m][s:e], "proba": v}
        if names[j] == "commitment" and r in sentence_due:
            # (each promise's own due date, as an ISO string: it survives JSON and Parquet)
            item["due"] = _iso_utc(sentence_due[r])
        evidence[m].append(item)
    for m in {sent_msg[r] for r in promise_clauses}:  # (a later promise starts after the sentence's other signals)
        evidence[m].sort(key=lambda item: (item["start"], names.index(item["signal"])))
    out["evidence"] = pd.Series(evidence, index=df.index, dtype=object)
    out["commitment_due"] = pd.Series(pd.to_datetime(due).tz_localize("UTC"), index=df.index).astype(_UTC)
    out["language"] = pd.Series(lang, index=df.index, dtype="string")
    return out


#: the ISO 639-1 language codes (a typo such as "xx" or "eng" must not silently leave every
#: English message unscored)
_ISO_639_1_CODES = """
aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de
dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id
ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu
lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu
rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr
ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
"""
ISO_639_1 = frozenset(_ISO_639_1_CODES.split())


def _check_languages(languages: Any) -> frozenset[str] | None:
    """``languages`` as a set of lower-case codes, or None (score every language)."""
    if languages is None:
        return None
    codes = [] if isinstance(languages, (str, bytes)) or not hasattr(languages, "__iter__") else list(languages)
    if not codes or not all(isinstance(x, str) and x.strip().lower() in ISO_639_1 for x in codes):
        raise InvalidOptionError(
            "languages must be a list of two-letter ISO 639-1 codes such as ['en'] or ['en', 'de'] "
            "(the languages the model reads), or None to score every message whatever its "
            f"language; got {languages!r}.")
    return frozenset(x.strip().lower() for x in codes)


def _readable_texts(df: pd.DataFrame, ok: np.ndarray, where: str, read: frozenset[str] | None = frozenset({"en"})
                    ) -> tuple[list[object], list[str | None], np.ndarray]:
    """The texts to score (None for rows not scored), each ok row's language (None for the
    others) and the mask of rows scored: ok rows in a language the model reads (``read``; None:
    all). Warns once about the rest."""
    texts = _texts(df, ok)
    lang = detect_languages(texts)
    if read is None:
        return texts, lang, ok
    # a missing or non-text value has no language and scores as no signal, as before
    scored = ok & np.fromiter((la is None or la in read for la in lang), dtype=bool, count=len(lang))
    _warn_other_languages(lang, ok, where, read)
    return [t if e else None for t, e in zip(texts, scored, strict=True)], lang, scored


def _warn_other_languages(lang: Sequence[str | None], ok: np.ndarray, where: str,
                          read: frozenset[str] | None = frozenset({"en"})) -> None:
    if read is None:
        return
    other = [la for la, o in zip(lang, ok, strict=True) if o and la is not None and la not in read]
    if other:
        which = count_text(other)
        what = ("they have no sentence rows here (fs.score's 'language' column says which)"
                if where == "score_sentences" else
                "their scores are NaN (unknown), not 0, and health counts them as messages without "
                "signals; the 'language' column says which")
        names = "English" if read == {"en"} else "/".join(sorted(read))
        warnings.warn(LanguageWarning(
            f"{where}: {len(other)} of {int(np.sum(ok))} ok messages are not in {names} ({which}). "
            f"The signal model reads {names} only, so {what}. Translate them first to score them, "
            "or pass languages= the model reads."), stacklevel=4)


def _check_dayfirst(dayfirst: Any) -> bool:
    """``dayfirst`` as a bool; None (what ``fs.read`` takes for "let the file decide") is the
    default month-first here, so the same value can be passed to both."""
    if dayfirst is None:
        return False
    if not isinstance(dayfirst, bool):
        raise InvalidOptionError(
            "dayfirst must be True, False or None: True reads numeric due dates such as 'by 6/3' as 6 March "
            f"(day/month, UK/EU), False or None (default) as 3 June (month/day, US); got {dayfirst!r}")
    return dayfirst


# due moments inside these bounds convert to datetime64[ns] directly (outside: the general path)
_NS_LO, _NS_HI = datetime(1678, 1, 1), datetime(2262, 1, 1)


def _due_dates(
    df: pd.DataFrame, texts: list[object], spans: list[tuple[int, int]], sent_msg: np.ndarray,
    commit_rows: np.ndarray, n: int, dayfirst: bool = False,
) -> tuple[np.ndarray, dict[int, np.datetime64], dict[int, list[tuple[int, int, np.datetime64]]]]:
    """``commitment_due`` per message: the first commitment-evidence sentence (in text order) that
    states a resolvable due date not before the message itself, resolved against the message
    timestamp (NaT otherwise); numeric dates day-first when ``dayfirst``. Also each
    commitment-evidence sentence's own due date, resolved the same way (sentence -> naive UTC;
    sentences without one left out): a message may make several promises. And the sentences that
    make several separately dated promises ("I'll send the invoice on Monday and the plan by
    Friday", :func:`~frictionscan.detect.dates.dated_clauses`): sentence -> ``(start, end, due)``
    per promise, offsets into the message text."""
    due = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    own: dict[int, np.datetime64] = {}
    clauses: dict[int, list[tuple[int, int, np.datetime64]]] = {}
    if not len(commit_rows):
        return due, own, clauses
    msgs = sent_msg[commit_rows]
    need = np.unique(msgs)
    ts = _Anchors(df, need)
    local = ts.local(need)  # message -> (naive wall time in the timestamps' zone, or None)
    made_at = ts.instants(need)  # message -> when it was written, naive UTC
    in_zone, offsets = ts.zoned.tolist(), ts.offsets.tolist()  # per-row lookups as plain lists: fast

    def dated(sentence: str, m: int, found: tuple | None) -> np.datetime64 | None:
        """A sentence's (or clause's) due moment as naive UTC, from what _due_local found in it."""
        if found is None:
            return None
        if (not in_zone[m] and found[0].tzinfo is None and _NS_LO <= found[0] < _NS_HI
                and (not _ZONE_HINT.search(sentence) or _stated_zone(sentence) is None)):
            d = np.datetime64(found[0], "ns")  # wall time at the sender's offset, back to UTC
            if offsets[m]:
                d -= np.timedelta64(offsets[m], "m")
            return d
        # another zone (the timestamps' or the sentence's), a stated offset, an odd year
        return _safe_due(sentence, ts[m], dayfirst)

    for r, m in zip(commit_rows.tolist(), msgs.tolist(), strict=True):
        s, e = spans[r]
        # "Provided we get the logo files by Monday, we will deliver on Friday": due Friday
        sentence = _without_vetoed(without_condition(texts[m][s:e]))
        found = _due_local(sentence, local[m], dayfirst)  # never raises: unparseable -> None
        if found is None:  # "that morning" / "Will do. Draft by 30 May.": the date is next to it
            beside = _context_due(texts[m], spans, sent_msg, r, local[m], dayfirst)
            d = None if beside is None else _wall_to_utc(beside, ts, m)
        else:
            d = dated(sentence, m, found)
        if d is None:
            continue
        made = made_at[m]
        if made is not None and d < made:
            continue  # "I will send it by Jan 2." written on Jan 10: a promise is never due before it is made
        parts = []
        for a, b in dated_clauses(sentence, local[m], dayfirst) if found is not None else ():
            dd = dated(sentence[a:b], m, _due_local(sentence[a:b], local[m], dayfirst))
            if dd is None or (made is not None and dd < made):
                parts = []  # every promise of the sentence dated, or the sentence is read as one
                break
            parts.append((s + a, s + b, dd))
        if parts:
            clauses[r] = parts
            d = parts[0][2]  # (the first promise in text order, as for sentences)
        own[r] = d
        if np.isnat(due[m]):  # (sentences come in text order: the first dated one)
            due[m] = d
    return due, own, clauses


def _iso_utc(moment: np.datetime64) -> str:
    """A naive UTC datetime64 as an ISO 8601 string with its offset ("2025-03-07T17:00:00+00:00")."""
    return pd.Timestamp(moment).tz_localize("UTC").isoformat()


def _without_vetoed(sentence: str) -> str:
    """``sentence`` with what a commitment veto matched blanked out (same length): a date there is
    not the promise's ("We won't be able to deliver by Friday, but I'll send it Monday": due
    Monday). Left as is when lower-casing changes its length (the vetoes read it lower-cased)."""
    low = sentence.lower()
    if len(low) != len(sentence):
        return sentence
    # one scan of all the vetoes' alternation (eight separate scans cost 4 % of score's time)
    spans = [m.span() for m in PatternSet.default().any_veto["commitment"].finditer(low) if m.end() > m.start()]
    for a, b in spans:
        sentence = sentence[:a] + " " * (b - a) + sentence[b:]
    return sentence


def _context_due(
    text: str, spans: list[tuple[int, int]], sent_msg: np.ndarray, r: int, now: datetime | None,
    dayfirst: bool = False,
) -> datetime | None:
    """Due moment (sender's wall time) stated beside commitment sentence ``r`` in its message:
    see :func:`~frictionscan.detect.dates._due_local_in_context`. Never raises."""
    m = sent_msg[r]
    before = []
    k = r - 1
    while k >= 0 and sent_msg[k] == m and len(before) < _CONTEXT_SENTENCES:
        before.append(text[spans[k][0]:spans[k][1]])
        k -= 1
    after = text[spans[r + 1][0]:spans[r + 1][1]] if r + 1 < len(sent_msg) and sent_msg[r + 1] == m else None
    s, e = spans[r]
    try:
        return _due_local_in_context(text[s:e], before, after, now, dayfirst)
    except Exception:  # same contract as the sentence's own date: unparseable -> no date
        return None


#: how many earlier sentences "that morning" may look back for its day
_CONTEXT_SENTENCES = 5


def _wall_to_utc(moment: datetime, ts: _Anchors, m: int) -> np.datetime64 | None:
    """A naive wall time in message ``m``'s sender zone as naive UTC datetime64[ns]."""
    try:
        if moment.tzinfo is not None:
            stamp = pd.Timestamp(moment).tz_convert("UTC")
        elif ts.in_zone(m):
            stamp = pd.Timestamp(moment).tz_localize(ts.zone, ambiguous=False, nonexistent="shift_forward")
        else:
            stamp = pd.Timestamp(moment - timedelta(minutes=ts.offset(m)), tz="UTC")
        return np.datetime64(stamp.tz_convert("UTC").tz_localize(None).as_unit("ns"))
    except (OverflowError, ValueError, pd.errors.OutOfBoundsDatetime):
        return None


def _own_offset(value: Any) -> int:
    """Minutes east of UTC that a datetime or a date string states for itself (0 when none)."""
    try:
        if isinstance(value, str):
            value = pd.Timestamp(value)
        if isinstance(value, datetime) and value.tzinfo is not None:
            delta = value.utcoffset()
            return int(delta.total_seconds() // 60) if delta is not None else 0
    except (ValueError, TypeError, OverflowError):
        pass
    return 0


class _Anchors:
    """Message timestamps as the sender saw them, for the rows that state a due date.

    "Tomorrow" and "end of day" are the sender's days, read per row: at the message table's
    ``utc_offset`` (the sender's UTC offset from the Date header) when it is known, else in the
    zone of a tz-aware timestamp column (UTC for the message table; naive times are taken as UTC),
    else, for a column of datetimes or strings that each state their own offset, in that row's
    offset, as :func:`~frictionscan.detect.dates.resolve_due` reads an anchor in that zone. The
    column's zone only decides for rows without a known offset, so converting it to another zone
    (``tz_convert``: the same instants) changes no due date when the offsets are known. Every
    timestamp dtype reads the same (numpy or pyarrow-backed, aware or naive, strings), through
    :func:`~frictionscan.schemas.to_utc_series`.
    """

    def __init__(self, df: pd.DataFrame, rows: np.ndarray) -> None:
        n = len(df)
        self.zone: Any = None  # the column's own zone, for the rows in ``zoned``
        self.offsets = np.zeros(n, dtype=np.int64)  # minutes east of UTC per row (0 when unknown)
        self.zoned = np.zeros(n, dtype=bool)  # rows read in ``zone`` (no known utc_offset)
        self.utc = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")  # naive UTC instants
        if "timestamp" not in df.columns or not len(rows):
            return
        col = df["timestamp"].iloc[rows]  # only the rows that need an anchor are converted
        self.utc[rows] = np.asarray(to_utc_series(col).dt.tz_localize(None), dtype="datetime64[ns]")
        known = np.zeros(len(rows), dtype=bool)
        if "utc_offset" in df.columns:
            raw = pd.to_numeric(df["utc_offset"].iloc[rows], errors="coerce")
            raw = np.asarray(raw.astype("Float64").to_numpy(dtype=np.float64, na_value=np.nan))
            known = np.isfinite(raw) & (np.abs(raw) <= 18 * 60)  # no zone is further than 18 hours
            self.offsets[rows] = np.where(known, raw, 0).astype(np.int64)
        zone = time_zone(col)
        if zone is not None and str(zone) not in _UTC_NAMES:
            self.zone = zone
            self.zoned[rows] = ~known
        elif col.dtype == object or pd.api.types.is_string_dtype(col.dtype):
            # datetimes (or strings) that each keep their own offset, as email.utils gives them:
            # the column converts to UTC, so take each unknown row's offset from the value itself
            values = col.tolist()
            own = np.fromiter((0 if k else _own_offset(v) for v, k in zip(values, known, strict=True)),
                              dtype=np.int64, count=len(values))
            own = np.where(np.abs(own) <= 18 * 60, own, 0)
            self.offsets[rows] = np.where(known, self.offsets[rows], own)

    def offset(self, i: int) -> int:
        """Row ``i``'s sender offset in minutes (0 when unknown or read in the column's zone)."""
        return int(self.offsets[i])

    def in_zone(self, i: int) -> bool:
        """Whether row ``i`` is read in the timestamp column's own (non-UTC) zone."""
        return bool(self.zoned[i])

    def __getitem__(self, i: int) -> pd.Timestamp | None:
        u = self.utc[i]
        if np.isnat(u):
            return None
        t = pd.Timestamp(u).tz_localize("UTC")
        if self.zoned[i]:
            return t.tz_convert(self.zone)
        off = int(self.offsets[i])
        return t.tz_convert(timezone(timedelta(minutes=off))) if off else t

    def instants(self, rows: np.ndarray) -> dict[int, np.datetime64 | None]:
        """Rows -> the moment as naive UTC datetime64[ns] (to compare with due moments), None if
        missing."""
        utc = self.utc[rows]
        return {i: (None if miss else u)
                for i, u, miss in zip(rows.tolist(), utc, np.isnat(utc).tolist(), strict=True)}

    def local(self, rows: np.ndarray) -> dict[int, datetime | None]:
        """Rows -> anchor as naive wall time where the sender was (what :func:`dates._local_anchor`
        gives), None if missing; vectorised."""
        utc = self.utc[rows]
        wall = utc + self.offsets[rows].astype("timedelta64[m]")
        zoned = self.zoned[rows]
        if zoned.any():
            there = pd.DatetimeIndex(utc[zoned]).tz_localize("UTC").tz_convert(self.zone).tz_localize(None)
            wall[zoned] = np.asarray(there, dtype="datetime64[ns]")
        walls = pd.DatetimeIndex(wall).to_pydatetime()
        missing = np.isnat(utc).tolist()
        return {i: (None if miss else w) for i, w, miss in zip(rows.tolist(), walls, missing, strict=True)}


#: names of a column zone that is UTC (read as the message table's: at each row's offset)
_UTC_NAMES = frozenset({"UTC", "UTC+00:00", "Etc/UTC", "+00:00", "GMT", "Etc/GMT", "Z", "Zulu", "Universal"})


def _strings(values: list[str], index: pd.Index) -> pd.Series:
    """A string column; object dtype when a value holds a lone surrogate ("\\ud800", from broken
    decoding upstream), which Arrow-backed strings cannot store: kept exactly, never a crash."""
    try:
        return pd.Series(pd.array(values, dtype="string"), index=index)
    except UnicodeEncodeError:
        return pd.Series(values, index=index, dtype=object)


def _safe_due(sentence: str, anchor: pd.Timestamp | None, dayfirst: bool = False) -> np.datetime64 | None:
    try:
        d = resolve_due(sentence, anchor, dayfirst=dayfirst)
    except Exception:  # a date we cannot parse is no due date, never a crashed batch
        return None
    if d is None or pd.isna(d):
        return None
    d = pd.Timestamp(d)
    d = d.tz_localize("UTC") if d.tzinfo is None else d.tz_convert("UTC")
    try:
        return np.datetime64(d.tz_localize(None).as_unit("ns"))
    except (OverflowError, pd.errors.OutOfBoundsDatetime):  # "by 1600-01-01": not a usable due date
        return None


def _score_chunk(args: tuple) -> pd.DataFrame:
    chunk, model, sensitivity, batch_size, dayfirst, read = args
    with warnings.catch_warnings():  # the parent warns once for all chunks
        warnings.simplefilter("ignore", LanguageWarning)
        return score(chunk, model=model, sensitivity=sensitivity, batch_size=batch_size, dayfirst=dayfirst,
                     languages=read)


def _score_parallel(
    df: pd.DataFrame, model: Any, sensitivity: str, batch_size: int, n_process: int, dayfirst: bool = False,
    read: frozenset[str] | None = frozenset({"en"}),
) -> pd.DataFrame:
    from concurrent.futures import ProcessPoolExecutor

    bounds = np.linspace(0, len(df), n_process + 1).astype(int)
    chunks = [df.iloc[a:b] for a, b in itertools.pairwise(bounds) if b > a]
    with ProcessPoolExecutor(max_workers=n_process) as ex:
        parts = list(ex.map(_score_chunk, [(c, model, sensitivity, batch_size, dayfirst, read) for c in chunks]))
    return pd.concat(parts)


def score_sentences(
    df: pd.DataFrame,
    *,
    model: Any = None,
    batch_size: int = 4096,
    languages: Sequence[str] | None = ("en",),
) -> pd.DataFrame:
    """One row per sentence of every ``ok`` message, with the six probabilities.

    Parameters
    ----------
    df : DataFrame
        A table with a ``text`` column (``status`` and ``message_id`` are used when present).
    model : SignalModel, path or None
    batch_size : int

    Returns
    -------
    DataFrame
        Columns ``message_index`` (the row label in ``df``), ``message_position`` (the row's
        0-based position in ``df``: unambiguous when the index repeats labels), ``message_id``
        (when ``df`` has it),
        ``sentence_index`` (0-based within the message), ``start``, ``end``, ``sentence`` and one
        float64 column per signal. Messages not in English (see :func:`score`) have no rows, and a
        LanguageWarning says how many.

    Examples
    --------
    >>> import pandas as pd, frictionscan as fs
    >>> s = fs.score_sentences(pd.DataFrame({"text": ["Still waiting. Thanks so much!"]}))
    >>> list(s["sentence"])
    ['Still waiting.', 'Thanks so much!']
    """
    if not isinstance(df, pd.DataFrame):  # the same contract and message as score()
        raise InvalidOptionError(
            f"score_sentences expects a pandas DataFrame with a 'text' column; got {type(df).__name__}."
        )
    require_columns(df, ["text"], where="score_sentences")
    model = _model(model)
    texts, _lang, _ = _readable_texts(df, ok_mask(df), "score_sentences", _check_languages(languages))
    sent_msg, spans, sent_proba, _ = score_texts(texts, model, batch_size=batch_size)
    starts = np.array([s for s, _ in spans], dtype=np.int64)
    ends = np.array([e for _, e in spans], dtype=np.int64)
    idx = df.index.to_numpy()[sent_msg] if len(sent_msg) else np.array([], dtype=df.index.dtype)
    if len(sent_msg):
        change = np.r_[True, sent_msg[1:] != sent_msg[:-1]]
        group_start = np.maximum.accumulate(np.where(change, np.arange(len(sent_msg)), 0))
        sidx = np.arange(len(sent_msg)) - group_start
    else:
        sidx = np.zeros(0, dtype=np.int64)
    out = pd.DataFrame({"message_index": idx, "message_position": sent_msg.astype(np.int64)})
    if "message_id" in df.columns:
        ids = df["message_id"].to_numpy(dtype=object)[sent_msg] if len(sent_msg) else []
        out["message_id"] = _strings([None if pd.isna(v) else str(v) for v in ids], out.index)
    out["sentence_index"] = sidx.astype(np.int64)
    out["start"] = starts
    out["end"] = ends
    out["sentence"] = _strings([texts[m][s:e] for m, (s, e) in zip(sent_msg.tolist(), spans, strict=False)],
                               out.index)
    for j, sig in enumerate(SIGNALS):
        out[sig] = sent_proba[:, j].astype(np.float64)
    return out
