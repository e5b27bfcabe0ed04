"""A tiny labelled training set for the tests that fit a SignalModel of their own."""

from __future__ import annotations

import numpy as np

from frictionscan.schemas import SIGNALS

#: eight kinds of sentence, eight times each
X = ["thank you so much for this", "this is unacceptable", "see the attached file", "we really appreciate it",
     "we will send it by friday", "our mistake, sorry", "still waiting on the report", "your team broke it"] * 8


def toy_labels(*, blame_unknown: bool = False) -> np.ndarray:
    """Labels of :data:`X` (appreciation and frustration by keyword, the rest 0); with
    ``blame_unknown`` the blame column is NaN (an unlabelled signal)."""
    y = np.zeros((len(X), len(SIGNALS)))
    for i, t in enumerate(X):
        y[i, SIGNALS.index("appreciation")] = "thank" in t or "appreciate" in t
        y[i, SIGNALS.index("frustration")] = "unacceptable" in t
    if blame_unknown:
        y[:, SIGNALS.index("blame")] = np.nan
    return y
