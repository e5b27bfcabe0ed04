"""The evaluation command's measures: F1 with bootstrap intervals, and the printed table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from frictionscan.detect.evaluation import (
    bootstrap_f1,
    evaluate_sample_mailbox,
    format_comparison,
    format_table,
    paired_comparison,
    prf,
)
from frictionscan.schemas import SIGNALS

labels = st.lists(st.tuples(st.booleans(), st.booleans()), min_size=1, max_size=60)


@given(labels)
def test_with_every_row_drawn_once_the_bootstrap_f1_is_the_plain_f1(pairs):
    pred, y = (np.array(v, dtype=int) for v in zip(*pairs, strict=True))
    once = np.ones((1, len(y)))
    assert bootstrap_f1(pred, y, once)[0] == pytest.approx(prf(pred, y)[2])


@given(labels, st.integers(0, 2**31 - 1))
def test_a_resample_is_the_f1_of_the_rows_repeated_as_often_as_drawn(pairs, seed):
    pred, y = (np.array(v, dtype=int) for v in zip(*pairs, strict=True))
    counts = np.random.default_rng(seed).poisson(1.0, len(y))
    expanded = np.repeat(np.arange(len(y)), counts)
    expected = prf(pred[expanded], y[expanded])[2] if len(expanded) else 0.0
    assert bootstrap_f1(pred, y, counts[None, :])[0] == pytest.approx(expected)


def _noisy_classifier(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = rng.random(n) < 0.2
    pred = np.where(rng.random(n) < 0.85, y, ~y)  # right 85 % of the time
    return pred.astype(int), y.astype(int)


def test_the_interval_holds_the_estimate_and_narrows_with_more_rows():
    widths = []
    for n in (200, 5000):
        pred, y = _noisy_classifier(n, seed=1)
        reps = bootstrap_f1(pred, y, np.random.default_rng(0).poisson(1.0, (1000, n)))
        lo, hi = np.percentile(reps, [2.5, 97.5])
        assert lo <= prf(pred, y)[2] <= hi
        widths.append(hi - lo)
    assert widths[1] < widths[0] / 3  # ~ 1/sqrt(n): 25x the rows, about a fifth of the width


def _table(with_ci: bool) -> pd.DataFrame:
    rows = []
    for sig, f1 in (("frustration", 0.6), ("blame", 0.5)):
        row = {"set": "authored:x", "signal": sig, "system": "model", "n": 100, "pos": 10, "precision": f1,
               "recall": f1, "f1": f1, "pr_auc": 0.7, "ece": 0.02, "sources": "authored"}
        if with_ci:
            row |= {"f1_lo": f1 - 0.1, "f1_hi": f1 + 0.1, "macro_lo": 0.45, "macro_hi": 0.62}
        rows.append(row)
    return pd.DataFrame(rows)


def test_the_printed_table_shows_the_intervals_when_they_were_computed():
    text = format_table(_table(with_ci=True))
    assert "F1 95% CI" in text
    assert "0.500-0.700" in text  # frustration's interval
    assert "macro F1 [model] = 0.550 over 2 signals (min 0.500), 95% CI 0.450-0.620" in text
    plain = format_table(_table(with_ci=False))
    assert "95% CI" not in plain
    assert "macro F1 [model] = 0.550 over 2 signals (min 0.500)" in plain


def test_the_sample_mailbox_gets_intervals_around_its_f1(model):
    table = evaluate_sample_mailbox(model, bootstrap=300)
    assert len(table) == 6
    assert (table["f1_lo"] <= table["f1"] + 1e-9).all() and (table["f1"] <= table["f1_hi"] + 1e-9).all()
    macro = table["f1"].mean()
    assert table["macro_lo"].iloc[0] <= macro <= table["macro_hi"].iloc[0]
    # 200 messages: the interval is wide, which is the point of printing it
    assert table["macro_hi"].iloc[0] - table["macro_lo"].iloc[0] > 0.05


def _labelled(n: int, seed: int) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = (rng.random((n, len(SIGNALS))) < 0.2).astype(float)
    test = pd.DataFrame(y, columns=list(SIGNALS))
    test.loc[: n // 4, "blame"] = np.nan  # a source that does not label blame
    return test, y.astype(int)


def test_a_paired_comparison_of_a_system_with_itself_is_exactly_zero():
    test, y = _labelled(400, seed=3)
    t = paired_comparison(test, {"all": np.ones(400, bool)}, y, y, bootstrap=200)
    assert t.loc[0, ["diff", "diff_lo", "diff_hi"]].tolist() == [0.0, 0.0, 0.0]


def test_a_worse_system_gets_a_difference_interval_below_zero():
    test, y = _labelled(2000, seed=4)
    noisy = np.where(np.random.default_rng(5).random(y.shape) < 0.1, 1 - y, y)  # 10 % of flags wrong
    t = paired_comparison(test, {"all": np.ones(2000, bool), "half": np.arange(2000) < 1000}, y, noisy,
                          bootstrap=300)
    assert list(t["set"]) == ["all", "half"]
    assert (t["macro_a"] == 1.0).all() and (t["diff"] < 0).all()
    assert (t["diff_hi"] < 0).all() and (t["diff_lo"] <= t["diff"]).all()
    text = format_comparison(t, "perfect", "noisy")
    assert "A = perfect" in text and "B = noisy" in text and text.count("[") == 2


def test_rows_without_a_label_for_a_signal_are_left_out_of_its_f1():
    test, y = _labelled(400, seed=6)
    wrong_where_unlabelled = y.copy()
    unknown = test["blame"].isna().to_numpy()
    j = list(SIGNALS).index("blame")
    wrong_where_unlabelled[unknown, j] = 1 - y[unknown, j]
    t = paired_comparison(test, {"all": np.ones(400, bool)}, y, wrong_where_unlabelled, bootstrap=50)
    assert t.loc[0, "diff"] == 0.0


def test_a_skipped_group_is_not_scored_and_a_misspelt_one_is_refused():
    """A blind set is kept for the decision it was written for: ``evaluate --skip-group natural14``
    must leave its rows out, and a typo must not silently score it."""
    import pandas as pd

    from frictionscan.detect.evaluation import held_out_rows
    from frictionscan.errors import InvalidOptionError

    df = pd.DataFrame({"split": ["test", "test", "test", "calib"],
                       "group": [None, "natural14", "natural13", "natural14"], "text": list("abcd")})
    assert held_out_rows(df)["text"].tolist() == ["a", "b", "c"]
    assert held_out_rows(df, ["natural14"])["text"].tolist() == ["a", "c"]
    with pytest.raises(InvalidOptionError, match="natrual14"):
        held_out_rows(df, ["natrual14"])


def test_the_evaluate_command_refuses_a_misspelt_group_before_reading_any_data(tmp_path, capsys):
    from frictionscan.evaluate import main

    assert main(["--shared", str(tmp_path / "nowhere"), "--skip-group", "natrual14", "--no-baselines"]) == 2
    assert "unknown authored group" in capsys.readouterr().err
