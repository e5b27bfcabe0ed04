"""QA pass 13 (embedding frictionscan in scikit-learn): SignalModel's parameters, thresholds and
score follow the scikit-learn contract; model files that are not frictionscan models are refused."""

from __future__ import annotations

import re

import numpy as np
import pytest
from sklearn.model_selection import GridSearchCV, KFold, cross_val_score

from frictionscan.detect.model import SignalModel
from frictionscan.errors import InvalidOptionError
from frictionscan.schemas import SIGNALS

X = [f"thank you so much for item {i}" for i in range(30)] + [f"this is unacceptable, order {i}" for i in range(30)]
Y = np.zeros((60, len(SIGNALS)))
Y[:30, SIGNALS.index("appreciation")] = 1
Y[30:, SIGNALS.index("frustration")] = 1
PRESETS = ("loose", "balanced", "strict")


def _fitted(**params) -> SignalModel:
    return SignalModel(calibration="sigmoid", n_features=2**12, **params).fit(X, Y)


# ---- D6: set_params takes effect on the next fit ---------------------------------------------

def test_set_params_n_features_takes_effect_on_the_next_fit():
    m = _fitted()
    m.set_params(n_features=2**10).fit(X, Y)
    assert m.coef_.shape[0] == 2**10
    assert m.predict_proba(["thank you"]).shape == (1, 6)


def test_set_params_ngram_max_takes_effect_on_the_next_fit():
    m = _fitted(ngram_max=1)
    assert not [g for g in m._vectorizer().analyzer("thank you") if " " in g]
    m.set_params(ngram_max=2).fit(X, Y)
    assert "thank you" in m._vectorizer().analyzer("thank you")


def test_an_unsupported_ngram_max_is_refused_instead_of_silently_capped():
    with pytest.raises(InvalidOptionError, match=r"ngram_max.*1.*2"):
        SignalModel(ngram_max=3).fit(X, Y)


def test_changing_n_features_without_refitting_gives_a_clear_error_not_a_scipy_one():
    import pickle

    m = pickle.loads(pickle.dumps(_fitted().set_params(n_features=2**10)))
    with pytest.raises(InvalidOptionError, match="call fit again"):
        m.predict_proba(["thank you"])


# ---- D7: set_thresholds is validated ---------------------------------------------------------

def _presets(loose=0.3, balanced=0.5, strict=0.7) -> dict:
    return {p: dict.fromkeys(SIGNALS, t) for p, t in zip(PRESETS, (loose, balanced, strict), strict=True)}


def test_set_thresholds_keeps_a_complete_ordered_set():
    m = _fitted().set_thresholds(_presets())
    assert m.thresholds_["strict"]["commitment"] == 0.7


@pytest.mark.parametrize("bad, says", [
    ({"balanced": dict.fromkeys(SIGNALS, 0.99)}, r"all three presets.*missing \['loose', 'strict'\]"),
    ({**_presets(), "paranoid": dict.fromkeys(SIGNALS, 0.9)}, r"unknown \['paranoid'\]"),
    ({**_presets(), "balanced": {"appreciation": 0.4}}, r"'balanced' preset.*missing \['frustration'"),
    ({**_presets(), "strict": {**dict.fromkeys(SIGNALS, 0.7), "anger": 0.5}}, r"unknown \['anger'\]"),
    (_presets(7.0, 7.0, 7.0), r"loose frustration threshold is 7\.0.*\(0, 1\]"),
    (_presets(0.0, 0.5, 0.7), r"\(0, 1\]"),
    (_presets(float("nan"), 0.5, 0.7), r"\(0, 1\]"),
    (_presets("high", 0.5, 0.7), r"\(0, 1\]"),
    (_presets(0.3, 0.99, 0.5), r"frustration thresholds are loose 0\.3, balanced 0\.99, strict 0\.5.*loose <= balanced <= strict"),
    ([0.5] * 6, r"got a list"),
])
def test_set_thresholds_refuses_an_incomplete_or_impossible_set_and_says_what_to_pass(bad, says):
    m = _fitted().set_thresholds(_presets())
    with pytest.raises(InvalidOptionError, match=says):
        m.set_thresholds(bad)
    assert m.thresholds_ == _presets()  # unchanged


# ---- D11: a NaN-aware score, so scikit-learn's model selection works with partial labels ------

def _partial_labels() -> np.ndarray:
    y = Y.copy()
    y[::4, SIGNALS.index("apology")] = np.nan
    y[::3, SIGNALS.index("appreciation")] = np.nan
    return y


def test_score_is_mean_average_precision_over_the_known_labels():
    from sklearn.metrics import average_precision_score

    y = _partial_labels()
    m = _fitted()
    p = m.predict_proba(X)
    expected = []
    for j in (SIGNALS.index("frustration"), SIGNALS.index("appreciation")):  # the signals with positives
        known = ~np.isnan(y[:, j])
        expected.append(average_precision_score(y[known, j], p[known, j]))
    assert m.score(X, y) == pytest.approx(np.mean(expected))
    assert 0.0 <= m.score(X, y) <= 1.0


def test_score_ranks_a_worse_model_lower():
    y = _partial_labels()
    good = _fitted()
    shuffled = np.random.default_rng(0).permutation(len(X))
    bad = SignalModel(calibration="sigmoid", n_features=2**12, use_patterns=False).fit(X, Y[shuffled])
    assert bad.score(X, y) < good.score(X, y)


def test_score_without_any_positive_label_is_nan():
    y = np.full_like(Y, np.nan)
    y[:, 0] = 0
    assert np.isnan(_fitted().score(X, y))


def test_cross_val_score_and_grid_search_run_on_partial_labels_with_an_explicit_splitter():
    cv = KFold(3, shuffle=True, random_state=0)
    scores = cross_val_score(SignalModel(calibration="sigmoid", n_features=2**12), X, _partial_labels(),
                             cv=cv, error_score="raise")
    assert np.isfinite(scores).all()
    grid = GridSearchCV(SignalModel(calibration="sigmoid", n_features=2**12), {"n_features": [2**8, 2**12]},
                        cv=cv, error_score="raise").fit(X, _partial_labels())
    assert grid.best_estimator_.coef_.shape[0] == grid.best_params_["n_features"]


# ---- D8: a folder or an empty path is named as such -----------------------------------------

def test_a_folder_passed_as_the_model_path_is_named_a_folder_and_the_file_inside_is_suggested(tmp_path):
    from frictionscan.detect.persist import MODEL_FILE, load_model, save_model
    from frictionscan.errors import ModelNotFoundError

    save_model(_fitted(), tmp_path)
    with pytest.raises(ModelNotFoundError, match=r"is a folder, not a model file.*"
                       + re.escape(str(tmp_path / MODEL_FILE)) + r".*FRICTIONSCAN_MODELS"):
        load_model(tmp_path)
    (tmp_path / MODEL_FILE).unlink()
    with pytest.raises(ModelNotFoundError, match=r"is a folder.*holds no signal_model\.joblib"):
        load_model(str(tmp_path))


@pytest.mark.parametrize("path", ["", "  "])
def test_an_empty_model_path_says_it_is_empty_not_that_dot_does_not_exist(path):
    from frictionscan.detect.persist import load_model
    from frictionscan.errors import ModelNotFoundError

    with pytest.raises(ModelNotFoundError, match=r"the model path is empty.*None.*default model"):
        load_model(path)


# ---- D9: only frictionscan signal models pass load_model / save_model -------------------------

def _two_class_pipeline():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(TfidfVectorizer(), LogisticRegression()).fit(
        ["I am fed up", "thanks a lot", "so annoying", "great work"], [1, 0, 1, 0])


def test_a_foreign_classifier_file_is_refused_by_load_model_with_a_clear_reason(tmp_path):
    import joblib

    from frictionscan.detect.persist import load_model
    from frictionscan.errors import ModelIntegrityError

    joblib.dump(_two_class_pipeline(), tmp_path / "plain.joblib")
    with pytest.raises(ModelIntegrityError, match=r"holds a Pipeline, not a frictionscan signal model: it "
                       r"has no signals_.*SignalModel.*save_model"):
        load_model(tmp_path / "plain.joblib")


def test_a_model_with_other_signals_is_refused_and_its_signals_are_named(tmp_path):
    import joblib

    from frictionscan.detect.persist import load_model
    from frictionscan.errors import ModelIntegrityError

    m = _fitted()
    m.signals_ = ("anger", "joy")
    joblib.dump(m, tmp_path / "other.joblib")
    with pytest.raises(ModelIntegrityError, match=r"its signals_ are \['anger', 'joy'\]"):
        load_model(tmp_path / "other.joblib")


def test_save_model_refuses_to_write_a_folder_that_load_model_would_refuse(tmp_path):
    from frictionscan.detect.persist import save_model
    from frictionscan.errors import ModelIntegrityError

    with pytest.raises(ModelIntegrityError, match="save_model was given a Pipeline"):
        save_model(_two_class_pipeline(), tmp_path)
    assert not list(tmp_path.iterdir())


def test_a_fitted_signal_model_round_trips_through_save_model_and_the_environment_variable(tmp_path, monkeypatch):
    from frictionscan.detect import persist

    m = _fitted()
    persist.save_model(m, tmp_path / "mine")
    monkeypatch.setenv("FRICTIONSCAN_MODELS", str(tmp_path / "mine"))
    monkeypatch.setattr(persist, "_cache", {})
    again = persist.load_model()
    np.testing.assert_array_equal(again.predict_proba(X[:3]), m.predict_proba(X[:3]))


# ---- D13: a duplicated needed column is a ColumnsError, not an AttributeError -----------------

@pytest.mark.parametrize("stage", ["score", "score_sentences"])
def test_two_text_columns_are_a_columns_error_that_says_the_column_is_duplicated(stage):
    import pandas as pd

    import frictionscan as fs
    from frictionscan.errors import ColumnsError

    df = pd.DataFrame([["Still waiting on the refund.", "Thanks!"]], columns=["text", "text"])
    with pytest.raises(ColumnsError, match=r"\['text'\] appear\(s\) more than once"):
        getattr(fs, stage)(df, model=_fitted())


def test_a_duplicated_column_that_no_stage_needs_is_left_alone():
    import pandas as pd

    from frictionscan.schemas import require_columns

    require_columns(pd.DataFrame([["a", 1, 2]], columns=["text", "n", "n"]), ["text"], where="score")


# ---- D14: fs.SignalModel, and docs/custom_model.md's example runs ----------------------------

def test_signal_model_is_exported_from_the_package_lazily():
    import subprocess
    import sys

    code = ("import sys, frictionscan as fs; assert 'frictionscan.detect.model' not in sys.modules; "
            "assert 'SignalModel' in fs.__all__ and 'SignalModel' in dir(fs); "
            "from frictionscan.detect.model import SignalModel; assert fs.SignalModel is SignalModel")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_custom_model_doc_runs_from_labels_to_spacy(tmp_path):
    """Every ```python block of docs/custom_model.md, in order, as one script in a fresh process."""
    import os
    import subprocess
    import sys

    from frictionscan.paths import project_root

    doc = (project_root() / "docs" / "custom_model.md").read_text("utf-8")
    blocks = re.findall(r"^```python\n(.*?)^```", doc, flags=re.DOTALL | re.MULTILINE)
    assert len(blocks) >= 6
    (tmp_path / "example.py").write_text("\n".join(blocks), "utf-8")
    env = {k: v for k, v in os.environ.items() if k != "FRICTIONSCAN_MODELS"}
    res = subprocess.run([sys.executable, "example.py"], cwd=tmp_path, env=env, capture_output=True,
                         text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-3000:]
    assert "set_thresholds needs all three presets" in res.stdout
    assert (tmp_path / "my_models" / "manifest.json").is_file()
