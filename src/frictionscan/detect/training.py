"""Reproducible training: public data + authored sentences -> ``models/`` with a manifest.

Run as ``python -m frictionscan.train --shared ../shared``. Steps:

1. load every labelled row (:mod:`frictionscan.detect.data`) with its fit/calib/test split;
2. fit :class:`~frictionscan.detect.model.SignalModel` on ``fit`` rows, calibrate on ``calib`` rows;
3. choose per-signal thresholds for the sensitivity presets on ``calib`` rows, scored exactly as
   :func:`frictionscan.score` scores messages (sentence split, max over sentences):
   ``balanced`` is the F1-maximising threshold; ``loose`` and ``strict`` are the smallest
   thresholds whose precision reaches the preset's target (:data:`PRESET_PRECISION`), or the
   F1-maximising one when no threshold reaches it (kept in order loose <= balanced <= strict,
   and always above the signal's largest veto cap, so a vetoed sentence is never flagged);
4. save the model and ``manifest.json`` (sha256, data summary, date, parameters, thresholds,
   validation metrics).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import math
import platform
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn

from ..schemas import SIGNALS
from .data import load_all
from .model import SignalModel
from .patterns import PatternSet
from .persist import save_model
from .score import score_texts

__all__ = ["AUTHORED_TUNED_ROWS", "AUTHORED_WEIGHT", "PRESET_PRECISION", "PUBLIC_FLAG_LIMITS", "SIGNAL_C",
           "authored_weights", "choose_thresholds", "fit_model", "train"]

#: target precision per preset on validation messages (None = maximise F1: the mean of the authored
#: and the public rows' F1 where both hold >= 5 positives, see :func:`_best_threshold`)
PRESET_PRECISION: dict[str, float | None] = {"loose": 0.5, "balanced": None, "strict": 0.85}
#: the authored sentences are few but in-domain: each counts this many times in the regression of
#: each signal. Chosen with :data:`SIGNAL_C` on the calibration split only, scored as messages through
#: the full pipeline (calibrators, veto caps, max over sentences), over C in {1, 3, 10, 30, 100} x
#: weight in {2, 5, 10, 20}: the setting with the best mean of the public and authored validation
#: PR-AUC among those that lose at most 0.005 PR-AUC on either group against (C=10, weight=5) and keep
#: validation ECE <= max(0.05, that of (10, 5)); (10, 5) is kept where nothing qualifies.
AUTHORED_WEIGHT: dict[str, float] = {
    "frustration": 5.0,
    "blame": 20.0,
    "unmet_expectation": 2.0,
    "apology": 5.0,
    "commitment": 5.0,
    "appreciation": 10.0,
}
#: the number of authored fit+calib rows when :data:`AUTHORED_WEIGHT` was tuned. With more authored
#: rows than this, every weight is scaled by ``AUTHORED_TUNED_ROWS / rows`` so the authored rows'
#: total weight in each regression stays as tuned (never scaled up): the weighting a pre-registered
#: leave-one-round-out experiment (seventh session, variant B) found to carry over to unseen writers
#: while costing the public sets least.
AUTHORED_TUNED_ROWS = 8985
#: the most public calibration rows (labelled for the signal) a preset may flag: the counts the
#: eleventh session's model flagged at its own thresholds. :func:`choose_thresholds` raises a balanced
#: or strict threshold until no more are flagged. Public positives are rare (0.3-1 %), so a model
#: trained on more authored text can keep its ranking of public rows (PR-AUC) and still lose
#: precision on them at the F1 threshold, which the 29-156 public calibration positives per signal
#: are too few to see; counting flags uses every public calibration row (thousands). Pre-registered
#: as "rule Q" in the eleventh session and shipped with the twelfth session's model (see
#: ``models/MODEL_CARD.md``).
PUBLIC_FLAG_LIMITS: dict[str, dict[str, int]] = {
    "frustration": {"balanced": 473, "strict": 32},
    "blame": {"balanced": 10, "strict": 3},
    "unmet_expectation": {"balanced": 92, "strict": 37},
    "apology": {"balanced": 58, "strict": 46},
    "commitment": {"balanced": 46, "strict": 24},
    "appreciation": {"balanced": 175, "strict": 175},
}
#: inverse L2 regularisation of each signal's regression (same validation search as above)
SIGNAL_C: dict[str, float] = {
    "frustration": 10.0,
    "blame": 30.0,
    "unmet_expectation": 100.0,
    "apology": 10.0,
    "commitment": 10.0,
    "appreciation": 3.0,
}


def authored_weights(n_authored: int) -> np.ndarray:
    """Per-signal weight of one authored row (SIGNALS order) when ``n_authored`` rows are fitted
    or calibrated on: :data:`AUTHORED_WEIGHT`, scaled down past :data:`AUTHORED_TUNED_ROWS`.

    >>> float(authored_weights(AUTHORED_TUNED_ROWS)[1]) == AUTHORED_WEIGHT["blame"]
    True
    >>> float(authored_weights(2 * AUTHORED_TUNED_ROWS)[1]) == AUTHORED_WEIGHT["blame"] / 2
    True
    """
    scale = min(1.0, AUTHORED_TUNED_ROWS / n_authored) if n_authored > 0 else 1.0
    return np.array([AUTHORED_WEIGHT[s] for s in SIGNALS]) * scale


def fit_model(df: pd.DataFrame, **params) -> SignalModel:
    """Fit on ``split == "fit"`` rows, calibrate on ``split == "calib"`` rows of ``df``."""
    use = df[df["split"].isin(["fit", "calib"])].reset_index(drop=True)
    authored = use["source"].eq("authored").to_numpy()[:, None]
    weight = np.where(authored, authored_weights(int(authored.sum()))[None, :], 1.0)
    params.setdefault("C", dict(SIGNAL_C))
    params.setdefault("subject_cues", True)
    model = SignalModel(**params)
    model.fit(
        use["text"].tolist(),
        use[list(SIGNALS)].to_numpy(float),
        calib_mask=use["split"].eq("calib").to_numpy(),
        sample_weight=weight,
    )
    return model


def _best_threshold(
    p: np.ndarray, y: np.ndarray, target: float | None, groups: np.ndarray | None = None
) -> tuple[float, bool]:
    """Threshold for one signal on validation rows.

    With a ``target`` precision: the lowest threshold whose precision reaches it (else the F1 best).
    Without: the F1-best threshold -- with ``groups`` (an int label per row, e.g. authored vs
    public), the threshold maximising the *mean* of the groups' F1 (groups with >= 5 positives),
    so that neither domain's F1 decides alone because it has more validation rows.
    """
    order = np.argsort(-p, kind="stable")
    ps, ys = p[order], y[order]
    tp = np.cumsum(ys)
    k = np.arange(1, len(ys) + 1)
    prec = tp / k
    rec = tp / max(1, ys.sum())
    # candidate cut after position i only where the next score differs (ties stay together)
    valid = np.r_[ps[1:] != ps[:-1], True] & (tp >= 3)
    ok = valid & (prec >= target) if target is not None else np.zeros_like(valid)
    if ok.any():
        i = np.flatnonzero(ok).max()  # lowest threshold (largest set) still meeting the target
        return float(ps[i]), True
    f1 = 2 * prec * rec / np.maximum(prec + rec, 1e-12)
    if groups is not None and target is None:
        gs = groups[order]
        per_group = []
        for g in np.unique(gs):
            in_g = gs == g
            pos = int(ys[in_g].sum())
            if pos >= 5:  # F1 = 2 TP / (predicted + actual), per cut position
                per_group.append(2 * np.cumsum(ys * in_g) / (np.cumsum(in_g) + pos))
        if len(per_group) > 1:
            f1 = np.mean(per_group, axis=0)
    i = int(np.argmax(np.where(valid, f1, -1)))
    return float(ps[i]), target is None


def _flag_limit_threshold(p: np.ndarray, limit: int) -> float:
    """The lowest threshold at which at most ``limit`` of the probabilities ``p`` are flagged
    (``p >= threshold``): just above the ``limit + 1``-th highest, or 0 when there are no more.

    >>> _flag_limit_threshold(np.array([0.9, 0.7, 0.7, 0.2]), 1) > 0.7
    True
    >>> _flag_limit_threshold(np.array([0.9, 0.7]), 2)
    0.0
    """
    ranked = np.sort(p)[::-1]
    return float(np.nextafter(ranked[limit], 1.0)) if limit < len(ranked) else 0.0


def choose_thresholds(model: SignalModel, calib: pd.DataFrame,
                      flag_limits: dict[str, dict[str, int]] | None = None) -> tuple[dict, dict]:
    """Per preset and signal: threshold (and whether the target precision was reachable).

    ``flag_limits`` (signal -> preset -> count, e.g. :data:`PUBLIC_FLAG_LIMITS`) then raises a
    threshold until the preset flags at most that many of the public (not authored) calibration
    rows labelled for the signal; loose <= balanced <= strict holds after it too.
    """
    _, _, _, mp = score_texts(calib["text"].tolist(), model)
    out: dict[str, dict[str, float]] = {p: {} for p in PRESET_PRECISION}
    reached: dict[str, dict[str, bool]] = {p: {} for p in PRESET_PRECISION}
    for j, sig in enumerate(SIGNALS):
        known = calib[sig].notna().to_numpy()
        p, y = mp[known, j], calib.loc[known, sig].to_numpy(int)
        groups = calib.loc[known, "source"].eq("authored").to_numpy(int) if "source" in calib else None
        for preset, target in PRESET_PRECISION.items():
            t, hit = _best_threshold(p, y, target, groups) if y.sum() else (0.5, False)
            out[preset][sig] = round(t, 6)
            reached[preset][sig] = hit
        # a sentence capped by a veto is never flagged, whatever the preset
        floor = max((v.cap for v in PatternSet.default().vetoes[sig]), default=0.0) + 0.01
        for preset in out:
            out[preset][sig] = max(out[preset][sig], round(floor, 6))
        b = out["balanced"][sig]
        out["loose"][sig] = min(out["loose"][sig], b)  # loose <= balanced <= strict
        out["strict"][sig] = max(out["strict"][sig], b)
    if flag_limits:
        public = calib["source"].ne("authored").to_numpy() if "source" in calib else np.ones(len(calib), bool)
        for j, sig in enumerate(SIGNALS):
            rows = public & calib[sig].notna().to_numpy()
            if not rows.any():
                continue
            for preset, limit in flag_limits.get(sig, {}).items():
                # rounded up to the manifest's 6 decimals: rounding down could flag one row more
                t = math.ceil(_flag_limit_threshold(mp[rows, j], limit) * 1e6) / 1e6
                out[preset][sig] = max(out[preset][sig], t)
            b = out["balanced"][sig]
            out["loose"][sig] = min(out["loose"][sig], b)
            out["strict"][sig] = max(out["strict"][sig], b)
    return out, reached


def _validation_metrics(model: SignalModel, calib: pd.DataFrame) -> dict:
    """F1 at the balanced threshold, PR-AUC and ECE per signal on the calibration split."""
    from sklearn.metrics import average_precision_score

    from .evaluation import ece, prf

    _, _, _, mp = score_texts(calib["text"].tolist(), model)
    out = {}
    for j, sig in enumerate(SIGNALS):
        known = calib[sig].notna().to_numpy()
        y = calib.loc[known, sig].to_numpy(int)
        if not y.sum():
            continue
        p = mp[known, j]
        pr, rc, f1 = prf((p >= model.thresholds_["balanced"][sig]).astype(int), y)
        out[sig] = {"n": int(known.sum()), "positives": int(y.sum()), "precision": round(pr, 4),
                    "recall": round(rc, 4), "f1": round(f1, 4),
                    "pr_auc": round(float(average_precision_score(y, p)), 4), "ece": round(ece(p, y), 4)}
    return out


def train(shared: str | Path, out_dir: str | Path, authored: str | Path | None = None, **params) -> dict:
    """Train, choose thresholds, save to ``out_dir``; return the manifest."""
    df = load_all(shared, authored)
    model = fit_model(df, **params)
    calib = df[df["split"] == "calib"].reset_index(drop=True)
    thresholds, reached = choose_thresholds(model, calib, PUBLIC_FLAG_LIMITS)
    model.set_thresholds(thresholds)
    validation = _validation_metrics(model, calib)
    summary = (
        df.groupby(["source", "split"]).size().rename("rows").reset_index().to_dict("records")
    )
    positives = {
        split: {s: int(df.loc[df["split"] == split, s].sum()) for s in SIGNALS}
        for split in ("fit", "calib", "test")
    }
    manifest = {
        "name": "frictionscan signal model",
        "trained_at": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "scikit_learn": sklearn.__version__,
        "params": model.get_params(),
        "thresholds": thresholds,
        "threshold_target_precision": PRESET_PRECISION,
        "threshold_target_reached": reached,
        "threshold_public_flag_limits": PUBLIC_FLAG_LIMITS,
        "training_data": {"rows_by_source_split": summary, "positives": positives,
                          "authored_weight": dict(zip(SIGNALS, authored_weights(
                              int((df["source"].eq("authored") & df["split"].isin(["fit", "calib"])).sum())
                          ).tolist(), strict=True))},
        "aggregation": "max over sentences",
        "lexicon_sha256": hashlib.sha256(
            resources.files("frictionscan.detect").joinpath("lexicons/patterns.json").read_bytes()
        ).hexdigest(),
        "validation_metrics": validation,
        "test_metrics": "see models/MODEL_CARD.md (python -m frictionscan.evaluate)",
    }
    return save_model(model, out_dir, manifest)
