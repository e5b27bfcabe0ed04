"""Held-out evaluation of the signal model, side by side with baselines measured in the same run.

``python -m frictionscan.evaluate --shared ../shared`` prints, per signal and per held-out set
(public ``test`` rows and authored ``test`` rows separately, never trained or calibrated on; the
authored rows also per writing round, ``authored:original`` / ``:later`` / ``:hard`` /
``:natural`` ..., see
:data:`frictionscan.detect.data.AUTHORED_GROUPS`):
precision, recall and F1 at the ``balanced`` threshold, PR-AUC (average precision) and expected
calibration error (ECE, 10 equal-width bins) of the message probability, for

* ``model`` -- the shipped model through the real scoring path (sentence split, max),
* ``model@loose`` / ``model@strict`` -- the same probabilities at the other presets' thresholds
  (chosen for validation precision 0.50 / 0.85: this shows the precision they reach on unseen
  text),
* ``plain`` -- the same regression without pattern features or veto caps, trained in this run on
  the same rows, thresholds chosen the same way,
* ``keyword`` -- "any lexicon cue matches" as a 0/1 classifier (PR-AUC of a 0/1 score),
* ``vader`` -- VADER's negative score for frustration, at the F1-best threshold on the test rows
  themselves (an optimistic baseline).

A third set, ``sample-mailbox``, scores the project's demo mailbox (``data/samples``) end to end
(``fs.read`` then ``fs.score``) against its intended labels, message by message.

With ``bootstrap=B`` (the command's default is 1,000) each F1 also gets a 95 % interval from B
Poisson-bootstrap resamples of the set's rows (columns ``f1_lo`` / ``f1_hi``), and each macro F1
one from the same resamples (``macro_lo`` / ``macro_hi``). The resamples are drawn once per set
and shared by every system, so two systems' intervals describe the same row resamples. A
difference between two models that sits well inside these intervals is noise. The intervals
cover row sampling only, not the choice of writers or topics.

To decide between two models, ``--compare CANDIDATE`` (:func:`compare`) prints each set's macro F1
for both and the difference with a *paired* interval (both scored on the same resamples), which is
the interval that answers "is B better than A on this set?".
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import average_precision_score

from ..errors import InvalidOptionError, LanguageWarning
from ..schemas import SIGNALS
from .data import AUTHORED_GROUPS, load_all
from .patterns import PatternSet
from .persist import load_model
from .score import _thresholds, score_texts

__all__ = ["bootstrap_f1", "compare", "ece", "evaluate", "held_out_rows", "paired_comparison", "prf"]


def ece(p: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error with equal-width bins.

    >>> round(ece(np.array([0.1, 0.9]), np.array([0, 1])), 2)
    0.1
    """
    p = np.asarray(p, float)
    y = np.asarray(y, float)
    if len(p) == 0:
        return float("nan")
    idx = np.minimum((p * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        m = idx == b
        if m.any():
            total += m.sum() * abs(p[m].mean() - y[m].mean())
    return float(total / len(p))


def prf(pred: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """Precision, recall, F1 of 0/1 predictions.

    >>> prf(np.array([1, 1, 0]), np.array([1, 0, 0]))
    (0.5, 1.0, 0.6666666666666666)
    """
    tp = float(np.sum((pred == 1) & (y == 1)))
    p = tp / max(1.0, float(np.sum(pred == 1)))
    r = tp / max(1.0, float(np.sum(y == 1)))
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def bootstrap_f1(pred: np.ndarray, y: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """F1 of 0/1 predictions under each row of ``weights`` (one resample per row: how often each
    example is drawn), e.g. Poisson(1) counts for a bootstrap. Returns one F1 per resample.

    >>> w = np.array([[1, 1, 1], [2, 0, 1], [0, 1, 1]])
    >>> bootstrap_f1(np.array([1, 1, 0]), np.array([1, 0, 0]), w).round(3).tolist()
    [0.667, 1.0, 0.0]
    """
    pred = np.asarray(pred).astype(bool)
    y = np.asarray(y).astype(bool)
    parts = np.stack([pred & y, pred & ~y, ~pred & y], axis=1).astype(np.float32)
    tp, fp, fn = (np.asarray(weights, np.float32) @ parts).astype(np.float64).T
    denom = 2 * tp + fp + fn
    return np.divide(2 * tp, denom, out=np.zeros_like(denom), where=denom > 0)


def _interval(reps: np.ndarray) -> tuple[float, float]:
    lo, hi = np.percentile(reps, [2.5, 97.5])
    return float(lo), float(hi)


def _best_f1(score: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    best, thr = 0.0, 0.0
    for t in np.unique(np.round(score, 3)):
        f = prf((score >= t).astype(int), y)[2]
        if f > best:
            best, thr = f, float(t)
    return best, thr


def _noisy_or(sent_msg: np.ndarray, sp: np.ndarray, n: int) -> np.ndarray:
    logq = np.zeros((n, sp.shape[1]))
    np.add.at(logq, sent_msg, np.log1p(-np.clip(sp, 0, 1 - 1e-9)))
    return 1 - np.exp(logq)


def _resamples(rng: np.random.Generator, bootstrap: int, n: int) -> np.ndarray | None:
    """``bootstrap`` Poisson(1) resamples of ``n`` rows, as weights (one resample per row of the
    result; None when ``bootstrap`` is 0)."""
    return rng.poisson(1.0, (bootstrap, n)).astype(np.float32) if bootstrap else None


def _held_out_sets(test: pd.DataFrame) -> dict[str, np.ndarray]:
    """Row masks of the held-out sets: public, authored, and authored per writing round."""
    authored = test["source"].eq("authored").to_numpy()
    sets = {"public": ~authored, "authored": authored}
    if "group" in test.columns:  # the authored rows by writing round (see data.AUTHORED_GROUPS)
        adjudicated = (test["gold"].eq("adjudicated").to_numpy() if "gold" in test.columns
                       else np.zeros(len(test), dtype=bool))
        for g in ("original", *AUTHORED_GROUPS):
            in_group = authored & test["group"].eq(g).to_numpy()
            # (a set scored against its adjudicated gold says so in its name)
            sets[f"authored:{g}" + (" [adjudicated]" if (in_group & adjudicated).any() else "")] = in_group
    return sets


def paired_comparison(
    test: pd.DataFrame, sets: dict[str, np.ndarray], flags_a: np.ndarray, flags_b: np.ndarray,
    bootstrap: int = 2000, seed: int = 0,
) -> pd.DataFrame:
    """Macro F1 of two systems' 0/1 flags (rows x signals) on each set, and B - A with a paired
    95 % bootstrap interval: both systems are scored on the same resamples, so the interval is
    the one of the difference, much narrower than the two separate intervals suggest.

    ``test`` holds the labels (NaN = unknown for that row); ``sets`` maps a set name to a row mask.

    >>> test = pd.DataFrame({s: [1, 0, 1, 0] for s in SIGNALS})
    >>> right = test[list(SIGNALS)].to_numpy(int)
    >>> t = paired_comparison(test, {"all": np.ones(4, bool)}, right, right, bootstrap=50)
    >>> t[["macro_a", "macro_b", "diff", "diff_lo", "diff_hi"]].round(3).values.tolist()
    [[1.0, 1.0, 0.0, 0.0, 0.0]]
    """
    rng = np.random.default_rng(seed)
    rows = []
    for name, in_set in sets.items():
        idx = np.flatnonzero(in_set)
        weights = _resamples(rng, bootstrap, len(idx))
        reps_a, reps_b, point_a, point_b = [], [], [], []
        for j, sig in enumerate(SIGNALS):
            known = test[sig].notna().to_numpy()[idx]
            y = test[sig].to_numpy()[idx[known]].astype(int)
            if y.sum() == 0:
                continue
            a, b = flags_a[idx[known], j], flags_b[idx[known], j]
            point_a.append(prf(a, y)[2])
            point_b.append(prf(b, y)[2])
            reps_a.append(bootstrap_f1(a, y, weights[:, known]))
            reps_b.append(bootstrap_f1(b, y, weights[:, known]))
        if not point_a:
            continue
        diff = np.mean(reps_b, axis=0) - np.mean(reps_a, axis=0)
        lo, hi = _interval(diff)
        rows.append({"set": name, "n": len(idx), "signals": len(point_a), "macro_a": float(np.mean(point_a)),
                     "macro_b": float(np.mean(point_b)), "diff": float(np.mean(point_b) - np.mean(point_a)),
                     "diff_lo": lo, "diff_hi": hi})
    return pd.DataFrame(rows)


def _groups(names: Iterable[str]) -> set[str]:
    """``names`` as a set of authored group names, refused when one is not a group."""
    skip = set(names)
    unknown = skip - set(AUTHORED_GROUPS) - {"original"}
    if unknown:
        raise InvalidOptionError(
            f"unknown authored group(s) {sorted(unknown)}; the groups are {['original', *AUTHORED_GROUPS]}")
    return skip


def held_out_rows(df: pd.DataFrame, skip_groups: Iterable[str] = ()) -> pd.DataFrame:
    """The ``test`` rows of ``df`` without the authored groups in ``skip_groups`` (a blind set kept
    unscored until the decision it was written for).

    >>> df = pd.DataFrame({"split": ["test", "test", "fit"], "group": [None, "natural14", "natural"]})
    >>> len(held_out_rows(df)), len(held_out_rows(df, ["natural14"]))
    (2, 1)
    """
    skip = _groups(skip_groups)
    keep = df["split"].eq("test")
    if skip and "group" in df.columns:
        keep &= ~df["group"].isin(skip)
    return df[keep].reset_index(drop=True)


def compare(shared: str | Path, model_a, model_b, *, bootstrap: int = 2000, seed: int = 0,
            skip_groups: Iterable[str] = (), gold: str = "writer") -> pd.DataFrame:
    """:func:`paired_comparison` of two models (``balanced`` flags) on every held-out set
    (but the authored groups in ``skip_groups``); ``gold``: the labels of the evaluation-only
    sets, as in :func:`~frictionscan.detect.data.load_authored`."""
    _groups(skip_groups)  # a typo fails before the data is read
    test = held_out_rows(load_all(shared, gold=gold), skip_groups)
    texts = test["text"].tolist()
    flags = []
    for m in (model_a, model_b):
        _, _, _, proba = score_texts(texts, m)
        flags.append((proba >= _thresholds(m, "balanced")).astype(int))
    return paired_comparison(test, _held_out_sets(test), flags[0], flags[1], bootstrap, seed)


def format_comparison(table: pd.DataFrame, name_a: str, name_b: str) -> str:
    """The paired comparison as fixed-width text."""
    lines = [f"A = {name_a}", f"B = {name_b}", "",
             f"{'set':24s} {'rows':>7s} {'macro A':>8s} {'macro B':>8s} {'B - A':>8s}  {'95% CI (paired)':>17s}"]
    for r in table.itertuples():
        lines.append(f"{r.set:24s} {r.n:7d} {r.macro_a:8.3f} {r.macro_b:8.3f} {r.diff:+8.3f}  "
                     f"[{r.diff_lo:+.3f}, {r.diff_hi:+.3f}]")
    return "\n".join(lines)


def evaluate(
    shared: str | Path, model=None, *, baselines: bool = True, authored: str | None = None,
    bootstrap: int = 0, seed: int = 0, skip_groups: Iterable[str] = (), gold: str = "writer",
) -> pd.DataFrame:
    """Return the evaluation table (one row per set x signal x system).

    ``bootstrap``: number of Poisson-bootstrap resamples per set for the 95 % intervals (0: none).
    ``skip_groups``: authored groups left unscored (see :func:`held_out_rows`).
    ``gold``: the labels the evaluation-only sets are scored against: the writers' (default) or
    the adjudicated gold where it exists (see :func:`~frictionscan.detect.data.load_authored`;
    training rows are never adjudicated, so the baseline fits the same data either way).
    """
    _groups(skip_groups)  # a typo fails before the data is read
    df = load_all(shared, authored, gold)
    test = held_out_rows(df, skip_groups)
    model = model or load_model()
    texts = test["text"].tolist()
    sent_msg, _, sp, mp = score_texts(texts, model)
    systems: dict[str, tuple[np.ndarray, np.ndarray | None]] = {
        "model": (mp, _thresholds(model, "balanced")),
        "model(noisy-or)": (_noisy_or(sent_msg, sp, len(texts)), _thresholds(model, "balanced")),
        # the other presets: does each reach its documented validation precision on unseen text?
        **{f"model@{preset}": (mp, _thresholds(model, preset))
           for preset in ("loose", "strict") if preset in model.thresholds_},
    }
    if baselines:
        from .training import choose_thresholds, fit_model

        plain = fit_model(df, use_patterns=False)
        thr, _ = choose_thresholds(plain, df[df["split"] == "calib"].reset_index(drop=True))
        plain.set_thresholds(thr)
        _, _, _, pp = score_texts(texts, plain)
        systems["plain"] = (pp, np.array([thr["balanced"][s] for s in SIGNALS]))
        cues, _, _ = PatternSet.default().scan([t.replace("\n", " ") for t in texts])
        systems["keyword"] = ((cues > 0).astype(float), np.full(len(SIGNALS), 0.5))
        # VADER's negative score, once per test row (the sets below overlap)
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        va = SentimentIntensityAnalyzer()
        has_frustration = test["frustration"].notna().to_numpy()
        vader_neg = np.full(len(test), np.nan)
        vader_neg[has_frustration] = [va.polarity_scores(t)["neg"] for t in test.loc[has_frustration, "text"]]
    rows = []
    sets = _held_out_sets(test)
    rng = np.random.default_rng(seed)
    for set_name, in_set in sets.items():
        in_set_rows = np.flatnonzero(in_set)
        weights = _resamples(rng, bootstrap, len(in_set_rows))
        set_rows: list[dict] = []
        reps: dict[str, list[np.ndarray]] = {}
        for j, sig in enumerate(SIGNALS):
            known = in_set & test[sig].notna().to_numpy()
            y = test.loc[known, sig].to_numpy(int)
            if known.sum() == 0 or y.sum() == 0:
                continue
            srcs = ",".join(sorted(test.loc[known, "source"].str.split("/").str[0].unique()))
            for name, (proba, thr) in systems.items():
                p = proba[known, j]
                pred = (p >= thr[j]).astype(int)
                pr, rc, f1 = prf(pred, y)
                row = {
                    "set": set_name, "signal": sig, "system": name, "n": int(known.sum()), "pos": int(y.sum()),
                    "precision": pr, "recall": rc, "f1": f1, "pr_auc": average_precision_score(y, p),
                    "ece": ece(p, y) if name != "keyword" else np.nan, "sources": srcs,
                }
                if weights is not None:
                    r = bootstrap_f1(pred, y, weights[:, known[in_set_rows]])
                    row["f1_lo"], row["f1_hi"] = _interval(r)
                    reps.setdefault(name, []).append(r)
                set_rows.append(row)
            if sig == "frustration" and baselines:
                neg = vader_neg[known]
                f1, t = _best_f1(neg, y)
                pr, rc, _ = prf((neg >= t).astype(int), y)
                set_rows.append({"set": set_name, "signal": sig, "system": f"vader(neg>={t:.2f})",
                                 "n": int(known.sum()), "pos": int(y.sum()), "precision": pr, "recall": rc,
                                 "f1": f1, "pr_auc": average_precision_score(y, neg), "ece": np.nan,
                                 "sources": srcs})
        for row in set_rows:  # the macro interval: mean over signals within each resample
            if row["system"] in reps:
                row["macro_lo"], row["macro_hi"] = _interval(np.mean(reps[row["system"]], axis=0))
        rows.extend(set_rows)
    return pd.DataFrame(rows)


def evaluate_sample_mailbox(model=None, *, bootstrap: int = 0, seed: int = 0) -> pd.DataFrame:
    """Message-level table on ``data/samples/mailbox.mbox`` with its ``mailbox_labels.csv``.

    The sample mailbox (written by the project for demos, never trained on) goes through the
    whole pipeline: ``fs.read`` (reply/quote/signature cleaning) then ``fs.score``. Only the
    messages in English count: the others get NaN from ``fs.score`` (the model reads English only).
    """
    import warnings

    from .. import read
    from ..paths import project_root

    root = project_root() / "data" / "samples"
    if not (root / "mailbox_labels.csv").is_file():
        return pd.DataFrame()
    model = model or load_model()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        msgs = read(str(root / "mailbox.mbox"))
    from .score import score

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LanguageWarning)
        out = score(msgs, model=model)
    lab = pd.read_csv(root / "mailbox_labels.csv")
    m = out.merge(lab, on="source_index", suffixes=("", "_label"))
    m = m[(m["status"] == "ok") & (m["kind"] == "message")]
    # the German and French messages are unknown to the English model (NaN), not scored as 0
    m = m[m["language"].eq("en").fillna(False).to_numpy(dtype=bool)]
    rows = []
    weights = _resamples(np.random.default_rng(seed), bootstrap, len(m))
    reps = []
    for sig in SIGNALS:
        y = m[f"{sig}_label"].to_numpy(int)
        p = m[sig].to_numpy(float)
        pred = m[f"{sig}_flag"].fillna(False).to_numpy(int)
        pr, rc, f1 = prf(pred, y)
        row = {"set": "sample-mailbox", "signal": sig, "system": "model", "n": len(y), "pos": int(y.sum()),
               "precision": pr, "recall": rc, "f1": f1,
               "pr_auc": average_precision_score(y, p) if y.sum() else np.nan,
               "ece": ece(p, y), "sources": "data/samples"}
        if weights is not None:
            reps.append(bootstrap_f1(pred, y, weights))
            row["f1_lo"], row["f1_hi"] = _interval(reps[-1])
        rows.append(row)
    if reps:
        lo, hi = _interval(np.mean(reps, axis=0))
        for row in rows:
            row["macro_lo"], row["macro_hi"] = lo, hi
    return pd.DataFrame(rows)


def format_table(table: pd.DataFrame) -> str:
    """The evaluation table as fixed-width text, with macro F1 per set and system."""
    lines = []
    for set_name, g in table.groupby("set", sort=False):
        lines.append(f"== held-out set: {set_name} ==")
        ci = "f1_lo" in g.columns and g["f1_lo"].notna().any()
        head = f"{'signal':18s} {'system':18s} {'n':>6s} {'pos':>5s} {'P':>6s} {'R':>6s} {'F1':>6s} "
        head += f"{'F1 95% CI':>13s} " if ci else ""
        lines.append(head + f"{'PR-AUC':>7s} {'ECE':>6s}  sources")
        for _, r in g.iterrows():
            e = "" if pd.isna(r["ece"]) else f"{r['ece']:.3f}"
            interval = ""
            if ci:
                interval = f"{'':>13s} " if pd.isna(r["f1_lo"]) else f"  {r['f1_lo']:.3f}-{r['f1_hi']:.3f} "
            lines.append(f"{r['signal']:18s} {r['system']:18s} {r['n']:6d} {r['pos']:5d} {r['precision']:6.3f} {r['recall']:6.3f} "
                         f"{r['f1']:6.3f} {interval}{r['pr_auc']:7.3f} {e:>6s}  {r['sources']}")
        plain = g[~g["system"].str.startswith("vader")]
        macro = plain.groupby("system", sort=False)["f1"].agg(["mean", "min", "count"])
        for name, m in macro.iterrows():
            line = f"  macro F1 [{name}] = {m['mean']:.3f} over {int(m['count'])} signals (min {m['min']:.3f})"
            if "macro_lo" in plain.columns:
                lo, hi = plain.loc[plain["system"] == name, ["macro_lo", "macro_hi"]].iloc[0]
                if pd.notna(lo):
                    line += f", 95% CI {lo:.3f}-{hi:.3f}"
            lines.append(line)
        lines.append("")
    return "\n".join(lines)
