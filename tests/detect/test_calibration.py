"""Isotonic calibrators keep the model's ranking: one knot per isotonic step, at its middle."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.isotonic import IsotonicRegression

from frictionscan.detect.model import _plateau_midpoints


@settings(max_examples=200, deadline=None)
@given(
    margins=st.lists(st.floats(-20, 20, allow_nan=False), min_size=2, max_size=200),
    seed=st.integers(0, 2**16),
)
def test_midpoint_knots_keep_every_step_level_and_are_strictly_increasing(margins, seed):
    x = np.asarray(margins)
    y = (np.random.default_rng(seed).random(len(x)) < 1 / (1 + np.exp(-x))).astype(int)
    iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(x, y)
    kx, ky = _plateau_midpoints(iso.X_thresholds_, iso.y_thresholds_)
    assert set(ky) == set(iso.y_thresholds_)  # the calibrated levels are the isotonic ones
    assert np.all(np.diff(kx) > 0) and np.all(np.diff(ky) > 0)
    # at the middle of each step the probability is that step's level
    assert np.allclose(np.interp(kx, iso.X_thresholds_, iso.y_thresholds_), ky)


def test_distinct_margins_inside_the_knots_get_distinct_probabilities():
    rng = np.random.default_rng(0)
    x = rng.normal(size=3000)
    y = (rng.random(3000) < 1 / (1 + np.exp(-2 * x))).astype(int)
    iso = IsotonicRegression(out_of_bounds="clip").fit(x, y)
    kx, ky = _plateau_midpoints(iso.X_thresholds_, iso.y_thresholds_)
    inside = np.sort(x[(x > kx[0]) & (x < kx[-1])])
    stepped = np.interp(inside, iso.X_thresholds_, iso.y_thresholds_)
    smooth = np.interp(inside, kx, ky)
    assert len(np.unique(stepped)) < len(inside) / 10  # the step function ties most margins
    assert np.all(np.diff(smooth[np.diff(inside, prepend=-np.inf) > 0]) > 0)
