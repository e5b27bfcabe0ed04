"""The signal model: hashed word n-grams + cue-pattern features -> six calibrated probabilities.

:class:`SignalModel` is a scikit-learn estimator (``BaseEstimator``/``ClassifierMixin``): the
constructor only stores parameters, ``fit`` learns everything (attributes with a trailing
underscore) and returns ``self``, and ``predict_proba`` checks it is fitted first.

It is multi-label with *partial* labels: ``y`` is an ``(n_samples, 6)`` float array in the order of
:data:`frictionscan.schemas.SIGNALS` where ``NaN`` means "this source says nothing about that
signal" (GoEmotions labels frustration/apology/appreciation but not commitment, ...). Each signal
gets its own L2 logistic regression on the rows that label it, then a calibrator (isotonic or
sigmoid) fitted on held-out rows (``calib_mask``) so the probability means what it says.

Design (measured, see ``docs/signals.md``): a ``HashingVectorizer`` over lower-cased word 1-2
grams keeps the pickle small and has no vocabulary; character n-grams were 4-6x slower to
extract and were dropped to meet the speed target. Weights are pruned to the largest
``max_weights`` per signal and stored as a sparse float32 matrix.

>>> import numpy as np
>>> X = ["thank you so much", "this is unacceptable", "see attached", "thanks a lot for the help"] * 10
>>> y = np.array([[0, 0, 0, 0, 0, 1], [1, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 1]] * 10, float)
>>> m = SignalModel(calibration="sigmoid").fit(X, y)
>>> p = m.predict_proba(["thanks so much!"])
>>> p.shape, bool(p[0, 5] > p[0, 0])
((1, 6), True)
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_is_fitted

from ..errors import InvalidOptionError
from ..schemas import SIGNALS
from .patterns import PatternSet, load_lexicon
from .typos import load_typo_map

__all__ = ["PRESETS", "SignalModel"]

_TOKEN = re.compile(r"[\w']+|[!?]{2,}|[\U0001F300-\U0001FAFF\u2600-\u27BF]")
# where a sentence turns ("..., but", "however", "although", ";", a dash): the clauses a veto is
# confined to
# (a match starts only where a run of spaces starts, (?<!\s): the same matches, but a long run of
# spaces is read once instead of once per position, which was quadratic in a hostile sentence)
_CONTRAST = re.compile(
    r"(?:(?<!\s)\s+)?(?:[,;:]\s*)?\b(?:but|however|although|though|yet|whereas)\b[,]?\s*"
    r"|(?:(?<!\s)\s+)?;\s+|(?<!\s)\s+[\u2013\u2014-]\s+",
    re.IGNORECASE)


class _Analyzer:
    """Text -> features: word 1..n-grams, plus lexicon phrase hits and shape markers.

    With a ``typos`` map (:func:`frictionscan.detect.typos.load_typo_map`), misspelt cue words are
    replaced by the word before the n-grams are built.

    A lexicon phrase (1-3 tokens) found among the sentence's n-grams adds the pseudo-token
    ``__cue_<signal>__`` (or ``__veto_<signal>__``); shape markers are ``__caps__`` (mostly ALL
    CAPS: the first 24 characters have no lower-case letter), ``__question__`` (ends with "?") and ``__short__`` (under 4 tokens). Everything is then
    hashed by the same HashingVectorizer, so the pattern features cost one set intersection.

    With ``subject_cues``, a phrase on a signal's ``subject_phrases`` list ("messed up", "dropped the
    ball": a fault without its owner) is read with its subject: when the nearest of the four tokens
    before it is the other side's ("you guys messed up", "your courier dropped the ball"), it adds
    ``__cue_blame__`` instead of its own cue; the writer's side ("we messed up") or no subject keeps it.
    """

    def __init__(self, ngram_max: int, use_patterns: bool, typos: dict[str, str] | None = None,
                 subject_cues: bool = False) -> None:
        self.ngram_max = ngram_max
        self.use_patterns = use_patterns
        self.typos = typos or {}
        # a frozenset of the keys: its isdisjoint() runs in the hot path, 2.5x faster than dict_keys'
        self.typo_keys = frozenset(self.typos)
        self.phrases: dict[str, list[str]] = {}
        if use_patterns:
            lex = load_lexicon()
            for sig in SIGNALS:
                for ph in lex[sig].get("phrases", []):
                    self.phrases.setdefault(" ".join(_TOKEN.findall(ph.lower())), []).append(f"__cue_{sig}__")
                for ph in lex[sig].get("veto_phrases", []):
                    self.phrases.setdefault(" ".join(_TOKEN.findall(ph.lower())), []).append(f"__veto_{sig}__")
        # phrase -> (its tokens, the cue it gives, the cue it gives after the other side's subject)
        self.owned: dict[str, tuple[tuple[str, ...], str, str]] = {}
        if use_patterns and subject_cues:
            subjects = lex.get("_subjects", {})
            self.writer_side = frozenset(subjects.get("writer", []))
            self.other_side = frozenset(subjects.get("other", []))
            for sig in SIGNALS:
                for ph in lex[sig].get("subject_phrases", []):
                    toks = tuple(_TOKEN.findall(ph.lower()))
                    self.owned[" ".join(toks)] = (toks, f"__cue_{sig}__", "__cue_blame__")
        self.keys = frozenset(self.phrases)
        # trigrams are only built when a sentence holds the first two words of a 3-word phrase
        self.tri_prefix = frozenset(" ".join(k.split()[:2]) for k in self.keys if len(k.split()) == 3)

    def __call__(self, text: str) -> list[str]:
        low = text.lower().replace("\u2019", "'").replace("\u2018", "'")
        t = _TOKEN.findall(low)
        if not self.typo_keys.isdisjoint(t):  # rare: only then rebuild the token list
            t = [self.typos.get(w, w) for w in t]
        grams = t + list(map(" ".join, itertools.pairwise(t))) if self.ngram_max >= 2 else list(t)
        if not self.use_patterns:
            return grams
        hits = self.keys.intersection(grams)
        if not self.tri_prefix.isdisjoint(grams):
            hits |= self.keys.intersection(map(" ".join, zip(t, t[1:], t[2:], strict=False)))
        for h in hits:
            owned = self.owned.get(h)
            if owned is None or not self._others(t, owned[0]):
                grams.extend(self.phrases[h])
            else:  # the other side's fault: the blame cue replaces the phrase's own cue
                grams.extend(owned[2] if g == owned[1] else g for g in self.phrases[h])
        if len(t) < 4:
            grams.append("__short__")
        if low.rstrip().endswith("?"):
            grams.append("__question__")
        if text[:24].isupper() and len(t) >= 2:
            grams.append("__caps__")
        return grams


    def _others(self, tokens: list[str], phrase: tuple[str, ...]) -> bool:
        """True when every occurrence of ``phrase`` in ``tokens`` has the other side as its nearest
        subject among the four tokens before it ("you guys messed up", not "we messed up")."""
        k = len(phrase)
        found = False
        for i, tok in enumerate(tokens):
            if tok != phrase[0] or tuple(tokens[i:i + k]) != phrase:
                continue
            side = None
            for w in reversed(tokens[max(0, i - 4):i]):
                if w in self.writer_side:
                    side = "writer"
                    break
                if w in self.other_side:
                    side = "other"
                    break
            if side != "other":
                return False
            found = True
        return found


def _plateau_midpoints(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """An isotonic step function -> one knot per step, at the middle of the step's margin range.

    Isotonic regression returns flat steps: every margin on a step gets the same probability, so
    dozens of calibrated values stand for thousands of distinct margins, the ranking inside a step
    is lost (PR-AUC drops) and a threshold on a step flags or drops the whole step at once.
    Interpolating between step midpoints keeps each step's level (calibration is unchanged to
    within 0.001 ECE on held-out calibration halves) while staying strictly increasing between the
    first and last midpoint, so the probability keeps the model's ranking (PR-AUC on held-out
    halves: frustration 0.460 -> 0.497, unmet 0.732 -> 0.760, appreciation 0.810 -> 0.848).

    >>> _plateau_midpoints(np.array([0.0, 1.0, 1.0, 3.0]), np.array([0.1, 0.1, 0.5, 0.5]))
    (array([0.5, 2. ]), array([0.1, 0.5]))
    """
    levels, first = np.unique(y, return_index=True)
    last = len(y) - 1 - np.unique(y[::-1], return_index=True)[1]
    mid = (x[first] + x[last]) / 2.0
    order = np.argsort(mid, kind="stable")
    return mid[order], levels[order]


PRESETS = ("loose", "balanced", "strict")


def _valid_thresholds(thresholds: object) -> dict[str, dict[str, float]]:
    """``thresholds`` as ``{preset: {signal: float}}`` after checking it (see ``set_thresholds``)."""
    shape = ("pass {'loose': {...}, 'balanced': {...}, 'strict': {...}}, each mapping all six "
             f"signals {list(SIGNALS)} to a probability in (0, 1], with loose <= balanced <= strict "
             "for every signal (to use one set for every preset, pass the same dict three times)")
    if not isinstance(thresholds, Mapping):
        raise InvalidOptionError(f"set_thresholds got a {type(thresholds).__name__}: {shape}.")
    missing = [p for p in PRESETS if p not in thresholds]
    unknown = [p for p in thresholds if p not in PRESETS]
    if missing or unknown:
        raise InvalidOptionError(
            f"set_thresholds needs all three presets {list(PRESETS)}; "
            + (f"missing {missing}" if missing else "")
            + ("; " if missing and unknown else "")
            + (f"unknown {unknown}" if unknown else "")
            + f". {shape[0].upper()}{shape[1:]}."
        )
    out: dict[str, dict[str, float]] = {}
    for preset in PRESETS:
        given = thresholds[preset]
        if not isinstance(given, Mapping):
            raise InvalidOptionError(
                f"set_thresholds: the {preset!r} preset is a {type(given).__name__}, not a "
                f"{{signal: threshold}} dict; {shape}.")
        missing = [s for s in SIGNALS if s not in given]
        unknown = [s for s in given if s not in SIGNALS]
        if missing or unknown:
            raise InvalidOptionError(
                f"set_thresholds: the {preset!r} preset must give a threshold for each of the six "
                f"signals {list(SIGNALS)}; "
                + (f"missing {missing}" if missing else "")
                + ("; " if missing and unknown else "")
                + (f"unknown {unknown}" if unknown else "") + ".")
        out[preset] = {}
        for sig in SIGNALS:
            value = given[sig]
            try:
                t = float(value)
            except (TypeError, ValueError):
                t = float("nan")
            if isinstance(value, bool) or not 0.0 < t <= 1.0:  # (NaN fails the comparison too)
                raise InvalidOptionError(
                    f"set_thresholds: {preset} {sig} threshold is {value!r}; a threshold is the "
                    "probability from which a sentence is flagged, so it must be a number in (0, 1].")
            out[preset][sig] = t
    for sig in SIGNALS:
        lo, mid, hi = (out[p][sig] for p in PRESETS)
        if not lo <= mid <= hi:
            raise InvalidOptionError(
                f"set_thresholds: the {sig} thresholds are loose {lo}, balanced {mid}, strict {hi}; "
                "they must satisfy loose <= balanced <= strict (a stricter preset flags fewer "
                "sentences, never more).")
    return out


class SignalModel(ClassifierMixin, BaseEstimator):
    """Per-signal calibrated logistic regressions on hashed n-grams and cue-pattern features.

    Parameters
    ----------
    n_features : int, default 2**18
        Hashing space of the word n-gram features.
    ngram_max : {1, 2}, default 2
        Longest word n-gram (2: words and word pairs).
    C : float or dict, default 10.0
        Inverse L2 regularisation of each logistic regression; a ``{signal: C}`` dict sets it per
        signal (signals missing from the dict use 10.0).
    use_patterns : bool, default True
        Add the lexicon cue/veto/shape features and apply the veto caps (False gives the "plain
        linear model" baseline).
    calibration : {"auto", "isotonic", "sigmoid"}, default "auto"
        Calibrator per signal; ``auto`` uses isotonic when the calibration rows hold at least
        150 positives and 150 negatives, sigmoid otherwise.
    calib_fraction : float, default 0.15
        When ``fit`` gets no ``calib_mask``, this random share of rows is held out to calibrate.
    max_weights : int, default 60000
        Keep only this many largest-magnitude weights per signal (keeps the shipped file small).
    random_state : int, default 0
    typo_norm : bool, default True
        Map one-slip misspellings of lexicon cue words back to the word before building n-grams
        ("frustratng" -> "frustrating"; see :mod:`frictionscan.detect.typos`). Only with
        ``use_patterns`` (the map is built from the lexicon).
    subject_cues : bool, default False
        Read the lexicon's ``subject_phrases`` with their subject: "you guys messed up" gives the
        blame cue, "we messed up" the apology cue (see ``_Analyzer``). Only with ``use_patterns``.
        Off by default so that a model file fitted without it scores as it was fitted.

    Attributes
    ----------
    signals_ : tuple of str
    coef_ : scipy.sparse.csr_matrix of shape (n_features + n_pattern_features, n_signals)
    intercept_ : ndarray of shape (n_signals,)
    calibrators_ : list of dict
        Per signal ``{"kind": "isotonic", "x": ..., "y": ...}`` or ``{"kind": "sigmoid", "a": .., "b": ..}``.
    thresholds_ : dict
        ``{preset: {signal: threshold}}``; 0.5 everywhere until :meth:`set_thresholds`.
    classes_ : ndarray ``[0, 1]``
    """

    def __init__(
        self,
        n_features: int = 2**18,
        ngram_max: int = 2,
        C: float | dict[str, float] = 10.0,
        use_patterns: bool = True,
        calibration: str = "auto",
        calib_fraction: float = 0.15,
        max_weights: int = 60000,
        random_state: int = 0,
        typo_norm: bool = True,
        subject_cues: bool = False,
    ) -> None:
        self.n_features = n_features
        self.ngram_max = ngram_max
        self.C = C
        self.use_patterns = use_patterns
        self.calibration = calibration
        self.calib_fraction = calib_fraction
        self.max_weights = max_weights
        self.random_state = random_state
        self.typo_norm = typo_norm
        self.subject_cues = subject_cues

    # -- features -------------------------------------------------------------------------
    def _vectorizer(self) -> HashingVectorizer:
        """The feature extractor, built once and cached for scoring speed.

        :meth:`fit` drops the cache, so parameters changed with ``set_params`` take effect on the
        next ``fit`` (as in any scikit-learn estimator, a fitted model keeps scoring with the
        features it was fitted on until it is fitted again).
        """
        vec = getattr(self, "_vec", None)
        if vec is None:
            vec = HashingVectorizer(
                n_features=self.n_features,
                analyzer=_Analyzer(
                    self.ngram_max, self.use_patterns,
                    load_typo_map() if self.use_patterns and self.typo_norm else None,
                    subject_cues=self.subject_cues,
                ),
                alternate_sign=False,
                norm="l2",
                dtype=np.float32,
            )
            self._vec = vec
        return vec

    def __getstate__(self) -> dict:
        state = dict(super().__getstate__())  # a copy: object.__getstate__ may hand out __dict__ itself
        state.pop("_vec", None)  # rebuilt from the shipped lexicon on load
        return state

    def __setstate__(self, state: dict) -> None:
        # files written before typo mapping existed keep scoring exactly as they were trained
        state.setdefault("typo_norm", False)
        state.setdefault("subject_cues", False)
        super().__setstate__(state)

    def _features(self, texts: list[str]) -> sp.csr_matrix:
        return self._vectorizer().transform(texts).tocsr()

    def _caps(self, texts: list[str], proba: np.ndarray, *, clauses: bool = True) -> np.ndarray:
        """Apply the lexicon's veto caps, running the regexes only where they could bite.

        A veto speaks for its own clause: when a capped sentence goes on after a contrast ("Not a
        problem at all, but this is the fourth time I have asked."), each of its clauses is scored
        on its own and the sentence keeps the best of them, so the veto removes its clause's
        contribution and nothing else ("Sorry to bother you, but could you resend the file?" still
        scores no apology: neither clause is one).
        """
        ps = PatternSet.default()
        floor = np.array([min((v.cap for v in ps.vetoes[s]), default=1.0) for s in SIGNALS])
        cand = proba > floor
        if not cand.any():
            return proba
        caps = ps.caps(texts, cand)
        capped = np.minimum(proba, caps)
        if not clauses:
            return capped
        # (only where the sentence alone would matter: below 0.3 a clause can move the
        # probability by less than that and never raise a flag)
        hit = np.flatnonzero(((caps < 1.0) & (proba > np.maximum(caps, 0.3))).any(axis=1))
        parts: list[str] = []
        owner: list[int] = []
        for i in hit.tolist():
            pieces = [c for c in _CONTRAST.split(texts[i]) if len(_TOKEN.findall(c)) >= 3]
            if len(pieces) > 1:
                parts += pieces
                owner += [i] * len(pieces)
        if parts:
            uniq, inverse = np.unique(np.asarray(parts, dtype=object), return_inverse=True)
            sub = self._clause_proba(uniq.tolist())[inverse]
            for k, i in enumerate(owner):
                was_capped = (caps[i] < 1.0) & (proba[i] > caps[i])
                capped[i] = np.where(was_capped, np.maximum(capped[i], np.minimum(sub[k], proba[i])),
                                     capped[i])
        return capped

    def _clause_proba(self, clauses: list[str]) -> np.ndarray:
        """Calibrated, capped probabilities of clauses (no further clause splitting)."""
        F = self._features(clauses)
        margin = np.asarray((F @ self.coef_).todense()) + self.intercept_
        return self._caps(clauses, self._calibrate(margin), clauses=False)

    # -- fitting --------------------------------------------------------------------------
    def fit(
        self,
        X: Sequence[str],
        y: np.ndarray,
        *,
        calib_mask: np.ndarray | None = None,
        sample_weight: np.ndarray | None = None,
    ) -> SignalModel:
        """Fit one logistic regression + calibrator per signal.

        Parameters
        ----------
        X : sequence of str
            Texts (sentences or short messages).
        y : array of shape (n_samples, n_signals)
            0/1 labels, NaN where unknown.
        calib_mask : bool array of shape (n_samples,), optional
            Rows used only to fit the calibrators (and never the regressions). Default: a random
            ``calib_fraction`` of the labelled rows of each signal.
        sample_weight : array of shape (n_samples,) or (n_samples, n_signals), optional
            Per-row weights for the regressions (2-D: one column per signal, in SIGNALS order).

        Returns
        -------
        self
        """
        if self.calibration not in {"auto", "isotonic", "sigmoid"}:
            raise InvalidOptionError(
                f"The 'calibration' parameter of SignalModel must be 'auto', 'isotonic' or "
                f"'sigmoid'. Got {self.calibration!r} instead."
            )
        if self.ngram_max not in (1, 2) or isinstance(self.ngram_max, bool):
            raise InvalidOptionError(
                f"The 'ngram_max' parameter of SignalModel must be 1 (words) or 2 (words and word "
                f"pairs); got {self.ngram_max!r}. Longer n-grams are not built."
            )
        texts = [str(t) for t in X]
        y = np.asarray(y, dtype=float)
        if y.ndim != 2 or y.shape != (len(texts), len(SIGNALS)):
            raise InvalidOptionError(
                f"y must have shape (n_samples, {len(SIGNALS)}) in SIGNALS order; got {y.shape}."
            )
        rng = np.random.default_rng(self.random_state)
        if calib_mask is None:
            calib_mask = rng.random(len(texts)) < self.calib_fraction
        calib_mask = np.asarray(calib_mask, dtype=bool)
        sw = np.ones(len(texts)) if sample_weight is None else np.asarray(sample_weight, float)
        if sw.ndim == 1:
            sw = np.repeat(sw[:, None], len(SIGNALS), axis=1)
        if sw.shape != (len(texts), len(SIGNALS)):
            raise InvalidOptionError(
                f"sample_weight must have shape (n_samples,) or (n_samples, {len(SIGNALS)}); got {sw.shape}."
            )
        self._vec = None  # set_params may have changed n_features, ngram_max, ...: rebuild
        F = self._features(texts)
        n_cols = F.shape[1]
        coefs, intercepts, calibrators = [], [], []
        for j, sig in enumerate(SIGNALS):
            known = ~np.isnan(y[:, j])
            tr = known & ~calib_mask
            ca = known & calib_mask
            yt = y[tr, j].astype(int)
            if len(np.unique(yt)) < 2:
                coefs.append(sp.csr_matrix((n_cols, 1), dtype=np.float32))
                intercepts.append(-10.0)
                calibrators.append({"kind": "sigmoid", "a": 1.0, "b": 0.0})
                continue
            c = float(self.C.get(sig, 10.0)) if isinstance(self.C, dict) else float(self.C)
            lr = LogisticRegression(C=c, solver="liblinear", max_iter=200)
            lr.fit(F[tr], yt, sample_weight=sw[tr, j])
            w = lr.coef_.ravel().astype(np.float32)
            if self.max_weights and np.count_nonzero(w) > self.max_weights:
                cut = np.partition(np.abs(w), -self.max_weights)[-self.max_weights]
                w[np.abs(w) < cut] = 0.0
            coefs.append(sp.csr_matrix(w.reshape(-1, 1)))
            intercepts.append(float(lr.intercept_[0]))
            margin = np.asarray(F[ca] @ w).ravel() + intercepts[-1]
            calibrators.append(self._fit_calibrator(margin, y[ca, j].astype(int)))
        self.coef_ = sp.hstack(coefs, format="csr", dtype=np.float32)
        self.intercept_ = np.asarray(intercepts)
        self.calibrators_ = calibrators
        self.signals_ = tuple(SIGNALS)
        self.classes_ = np.array([0, 1])
        self.thresholds_ = {p: dict.fromkeys(SIGNALS, 0.5) for p in PRESETS}
        return self

    def _fit_calibrator(self, margin: np.ndarray, yc: np.ndarray) -> dict:
        pos = int(yc.sum())
        neg = int(len(yc) - pos)
        kind = self.calibration
        if kind == "auto":
            kind = "isotonic" if min(pos, neg) >= 150 else "sigmoid"
        if pos == 0 or neg == 0:
            return {"kind": "sigmoid", "a": 1.0, "b": 0.0}
        if kind == "isotonic":
            iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(margin, yc)
            x, y = _plateau_midpoints(iso.X_thresholds_, iso.y_thresholds_)
            return {"kind": "isotonic", "x": x, "y": y}
        lr = LogisticRegression(C=1e4).fit(margin.reshape(-1, 1), yc)
        return {"kind": "sigmoid", "a": float(lr.coef_[0, 0]), "b": float(lr.intercept_[0])}

    # -- prediction -----------------------------------------------------------------------
    def decision_function(self, X: Sequence[str]) -> np.ndarray:
        """Raw margins, shape (n_samples, n_signals)."""
        check_is_fitted(self, "coef_")
        F = self._checked(self._features([str(t) for t in X]))
        return np.asarray((F @ self.coef_).todense()) + self.intercept_

    def predict_proba(self, X: Sequence[str]) -> np.ndarray:
        """Calibrated probabilities, shape (n_samples, n_signals), veto caps applied.

        Unlike single-label scikit-learn classifiers this returns one column per signal (the
        probability that the signal is present), in :attr:`signals_` order.
        """
        check_is_fitted(self, "coef_")
        texts = [str(t) for t in X]
        if not texts:
            return np.zeros((0, len(SIGNALS)))
        F = self._checked(self._features(texts))
        margin = np.asarray((F @ self.coef_).todense()) + self.intercept_
        proba = self._calibrate(margin)
        if self.use_patterns:
            proba = self._caps(texts, proba)
        return proba

    def _checked(self, F: sp.csr_matrix) -> sp.csr_matrix:
        """``F`` when it has the columns the model was fitted on (``n_features`` changed with
        ``set_params`` after ``fit`` and the model reloaded would otherwise fail inside scipy)."""
        if F.shape[1] != self.coef_.shape[0]:
            raise InvalidOptionError(
                f"this SignalModel was fitted with n_features={self.coef_.shape[0]} but its "
                f"n_features parameter is now {self.n_features}; call fit again (or set it back)."
            )
        return F

    def _calibrate(self, margin: np.ndarray) -> np.ndarray:
        """Margins -> calibrated probabilities with the fitted per-signal calibrators."""
        proba = np.empty_like(margin)
        for j, cal in enumerate(self.calibrators_):
            if cal["kind"] == "isotonic":
                proba[:, j] = np.interp(margin[:, j], cal["x"], cal["y"])
            else:
                proba[:, j] = 1.0 / (1.0 + np.exp(-(cal["a"] * margin[:, j] + cal["b"])))
        return np.clip(proba, 0.0, 1.0)

    def predict(self, X: Sequence[str]) -> np.ndarray:
        """0/1 per signal at the ``balanced`` thresholds, shape (n_samples, n_signals)."""
        proba = self.predict_proba(X)
        thr = np.array([self.thresholds_["balanced"][s] for s in SIGNALS])
        return (proba >= thr).astype(int)

    def set_thresholds(self, thresholds: Mapping[str, Mapping[str, float]]) -> SignalModel:
        """Set the per-preset, per-signal thresholds that ``sensitivity=`` picks when scoring.

        ``thresholds`` must give all three presets (``loose``, ``balanced``, ``strict``), each a
        ``{signal: threshold}`` dict with all six :data:`~frictionscan.schemas.SIGNALS`; every
        threshold is a probability in ``(0, 1]`` (a sentence is flagged when its probability is at
        least the threshold), and for each signal ``loose <= balanced <= strict``.
        :func:`frictionscan.detect.training.choose_thresholds` picks such thresholds on held-out
        labelled rows. Anything else raises :class:`~frictionscan.errors.InvalidOptionError`
        and leaves the current thresholds as they were.

        >>> import numpy as np
        >>> X = ["thank you so much", "this is unacceptable"] * 10
        >>> y = np.array([[0, 0, 0, 0, 0, 1], [1, 0, 0, 0, 0, 0]] * 10, float)
        >>> m = SignalModel(calibration="sigmoid").fit(X, y)
        >>> same = dict.fromkeys(SIGNALS, 0.6)
        >>> m.set_thresholds({"loose": same, "balanced": same, "strict": same}).thresholds_["strict"]["blame"]
        0.6
        >>> m.set_thresholds({"balanced": same})
        Traceback (most recent call last):
        ...
        frictionscan.errors.InvalidOptionError: set_thresholds needs all three presets ...
        """
        check_is_fitted(self, "coef_")
        self.thresholds_ = _valid_thresholds(thresholds)
        return self

    def score(self, X: Sequence[str], y: np.ndarray, sample_weight: np.ndarray | None = None) -> float:
        """Mean average precision over the signals, on the known labels only (NaN labels skipped).

        This replaces scikit-learn's default accuracy, which cannot read partial labels: for each
        signal, the rows whose label is not NaN are ranked by :meth:`predict_proba` and scored
        with :func:`sklearn.metrics.average_precision_score` (the area under the
        precision-recall curve: it does not depend on the thresholds, which a fresh ``fit`` leaves
        at 0.5); the result is the unweighted mean over the signals whose known labels hold at
        least one positive. It is NaN when no signal has one. Higher is better, so
        ``cross_val_score`` and ``GridSearchCV`` use it as their default scoring.

        Parameters
        ----------
        X : sequence of str
        y : array of shape (n_samples, n_signals)
            0/1 labels in SIGNALS order, NaN where unknown (as for :meth:`fit`).
        sample_weight : array of shape (n_samples,), optional

        Returns
        -------
        float
        """
        from sklearn.metrics import average_precision_score

        texts = [str(t) for t in X]
        y = np.asarray(y, dtype=float)
        if y.shape != (len(texts), len(SIGNALS)):
            raise InvalidOptionError(
                f"y must have shape (n_samples, {len(SIGNALS)}) in SIGNALS order; got {y.shape}."
            )
        sw = None if sample_weight is None else np.asarray(sample_weight, dtype=float)
        proba = self.predict_proba(texts)
        per_signal = []
        for j in range(len(SIGNALS)):
            known = ~np.isnan(y[:, j])
            if not (y[known, j] > 0).any():
                continue  # average precision is undefined without a positive
            w = None if sw is None else sw[known]
            per_signal.append(average_precision_score(y[known, j] > 0, proba[known, j], sample_weight=w))
        return float(np.mean(per_signal)) if per_signal else float("nan")
