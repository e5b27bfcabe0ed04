"""Public flag limits ("rule Q"): a preset's threshold rises until the model flags no more of the
public calibration rows labelled for a signal than the limit allows; authored rows never count."""

from __future__ import annotations

import numpy as np
import pandas as pd

from frictionscan.detect.score import score_texts
from frictionscan.detect.training import PUBLIC_FLAG_LIMITS, choose_thresholds
from frictionscan.schemas import SIGNALS

ANGRY = ["This is absolutely ridiculous, I am furious.", "I'm so annoyed that nobody answers.",
         "Honestly this is infuriating.", "What a disappointing mess this has been.",
         "I am fed up with the delays.", "Unbelievable, it broke again!"]
CALM = ["The meeting is at ten.", "Please find the invoice attached.", "We moved the file to the drive.",
        "The van arrives on Tuesday.", "Lunch will be served at noon.", "Here is the agenda."]


def _calib() -> pd.DataFrame:
    texts = ANGRY + CALM
    rows = pd.DataFrame({"text": texts * 2, "source": ["goemotions"] * 12 + ["authored"] * 12})
    for s in SIGNALS:
        rows[s] = np.nan
    rows["frustration"] = ([1] * 6 + [0] * 6) * 2
    return rows


def _flagged(model, calib, threshold, public_only=True):
    _, _, _, mp = score_texts(calib["text"].tolist(), model)
    keep = calib["source"].ne("authored").to_numpy() if public_only else np.ones(len(calib), bool)
    return int((mp[keep, SIGNALS.index("frustration")] >= threshold).sum())


def test_a_limit_caps_the_public_rows_a_preset_flags_and_keeps_the_presets_ordered(model):
    calib = _calib()
    plain, _ = choose_thresholds(model, calib)
    limited, _ = choose_thresholds(model, calib, {"frustration": {"balanced": 1, "strict": 0}})
    assert _flagged(model, calib, plain["balanced"]["frustration"]) > 1  # the limit has work to do
    assert _flagged(model, calib, limited["balanced"]["frustration"]) <= 1
    assert _flagged(model, calib, limited["strict"]["frustration"]) == 0
    assert _flagged(model, calib, limited["balanced"]["frustration"], public_only=False) >= 1
    for s in SIGNALS:
        assert limited["loose"][s] <= limited["balanced"][s] <= limited["strict"][s]
        if s != "frustration":
            assert limited["balanced"][s] == plain["balanced"][s]


def test_a_limit_never_lowers_a_threshold(model):
    calib = _calib()
    plain, _ = choose_thresholds(model, calib)
    generous, _ = choose_thresholds(model, calib, {"frustration": {"balanced": 100, "strict": 100}})
    assert generous == plain


def test_the_shipped_limits_name_every_signal_and_only_balanced_and_strict():
    assert set(PUBLIC_FLAG_LIMITS) == set(SIGNALS)
    assert all(set(v) == {"balanced", "strict"} and min(v.values()) >= 0 for v in PUBLIC_FLAG_LIMITS.values())
