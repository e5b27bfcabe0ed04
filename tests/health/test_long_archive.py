"""A mailbox that spans decades (1985-2025) is scored without numeric warnings: the decay of a
message still in the future of a period is masked out, and must not overflow on the way."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

import frictionscan as fs


def test_a_forty_year_archive_gives_finite_health_and_no_numeric_warnings():
    years = range(1985, 2026)
    df = pd.DataFrame({
        "message_id": [f"m{y}" for y in years], "thread_id": [f"t{y}" for y in years],
        "relationship": "acme", "direction": ["inbound", "outbound"] * 20 + ["inbound"],
        "timestamp": [pd.Timestamp(f"{y}-01-05 10:00", tz="UTC") for y in years],
        "text": "We are still waiting and this keeps happening.",
        **{s: 0.05 for s in fs.SIGNALS}, "frustration": 0.8, "unmet_expectation": 0.7,
    })
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        health = fs.health(df, "YE")
    assert len(health) == 41
    assert np.isfinite(health["health"]).all()
