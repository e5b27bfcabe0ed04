"""SignalModel follows scikit-learn conventions; the spaCy component wraps the same model."""

from __future__ import annotations

import numpy as np
import pytest
import spacy
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from toy_sentences import X, toy_labels

import frictionscan.detect.spacy_component  # noqa: F401  (registers the factory)
from frictionscan.detect.model import SignalModel
from frictionscan.errors import InvalidOptionError
from frictionscan.schemas import SIGNALS

Y = toy_labels(blame_unknown=True)  # unlabelled blame: learned from nothing, still a probability


def test_constructor_only_stores_parameters_and_clone_round_trips():
    m = SignalModel(C=2.0, use_patterns=False)
    assert clone(m).get_params() == m.get_params()
    assert not [k for k in vars(m) if k.endswith("_")]


def test_predict_before_fit_raises_not_fitted():
    with pytest.raises(NotFittedError):
        SignalModel().predict_proba(["hi"])


def test_fit_returns_self_and_probabilities_are_in_unit_interval():
    m = SignalModel(calibration="sigmoid", n_features=2**12)
    assert m.fit(X, Y) is m
    p = m.predict_proba(["thank you so much", "unacceptable again"])
    assert p.shape == (2, len(SIGNALS)) and ((p >= 0) & (p <= 1)).all()
    assert p[0, SIGNALS.index("appreciation")] > p[1, SIGNALS.index("appreciation")]
    assert m.predict(["thank you so much"]).shape == (1, len(SIGNALS))


def test_bad_calibration_option_and_label_shape_are_rejected():
    with pytest.raises(InvalidOptionError, match="calibration"):
        SignalModel(calibration="platt").fit(X, Y)
    with pytest.raises(InvalidOptionError, match="shape"):
        SignalModel().fit(X, Y[:, :3])


def test_per_signal_C_regularises_only_the_signals_it_names():
    mask = np.arange(len(X)) % 5 == 0
    base = SignalModel(calibration="sigmoid", n_features=2**12).fit(X, Y, calib_mask=mask)
    tight = SignalModel(calibration="sigmoid", n_features=2**12, C={"appreciation": 0.01}).fit(X, Y, calib_mask=mask)
    fr, ap = SIGNALS.index("frustration"), SIGNALS.index("appreciation")
    assert np.allclose(base.coef_[:, fr].toarray(), tight.coef_[:, fr].toarray())
    assert abs(tight.coef_[:, ap]).sum() < 0.5 * abs(base.coef_[:, ap]).sum()


def test_per_signal_sample_weight_matches_repeated_row_weight_and_checks_its_shape():
    mask = np.arange(len(X)) % 5 == 0
    w = np.where(np.arange(len(X)) % 2 == 0, 3.0, 1.0)
    one = SignalModel(calibration="sigmoid", n_features=2**12).fit(X, Y, calib_mask=mask, sample_weight=w)
    two = SignalModel(calibration="sigmoid", n_features=2**12).fit(
        X, Y, calib_mask=mask, sample_weight=np.repeat(w[:, None], len(SIGNALS), axis=1))
    assert np.allclose(one.coef_.toarray(), two.coef_.toarray())
    with pytest.raises(InvalidOptionError, match="sample_weight"):
        SignalModel(n_features=2**12).fit(X, Y, sample_weight=np.ones((len(X), 2)))


@pytest.fixture(scope="module")
def nlp(model):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("frictionscan_signals")
    return nlp


def test_spacy_component_sets_doc_and_span_probabilities_and_evidence_span_group(nlp):
    doc = nlp("We are still waiting on the revised timeline. Sorry, that's on us. I'll send it by Friday noon.")
    assert set(doc._.frictionscan) == set(SIGNALS)
    assert all(0 <= v <= 1 for v in doc._.frictionscan.values())
    labels = {s.label_: s.text for s in doc.spans["frictionscan"]}
    assert labels["apology"] == "Sorry, that's on us."
    assert labels["commitment"] == "I'll send it by Friday noon."
    for span in doc.spans["frictionscan"]:
        assert span._.frictionscan[span.label_] >= doc.spans["frictionscan"].attrs["thresholds"][span.label_]


def test_spacy_component_agrees_with_score(nlp, model):
    import pandas as pd

    from frictionscan.detect.score import score

    text = "Hello?? Is anyone looking at this? Thank you so much for the quick reply yesterday."
    doc = nlp(text)
    row = score(pd.DataFrame({"text": [text]}), model=model).iloc[0]
    for s in SIGNALS:
        assert doc._.frictionscan[s] == pytest.approx(row[s])


def test_spacy_component_without_sentence_boundaries_uses_the_regex_splitter(model):
    nlp = spacy.blank("en")
    nlp.add_pipe("frictionscan_signals", config={"sensitivity": "loose"})
    docs = list(nlp.pipe(["Thank you so much for the help!", "", "We'll send it by Friday."]))
    assert docs[1]._.frictionscan == dict.fromkeys(SIGNALS, 0.0)
    assert docs[0].spans["frictionscan"].attrs["sensitivity"] == "loose"


def test_balanced_threshold_weighs_each_domain_equally_not_by_its_row_count():
    from frictionscan.detect.training import _best_threshold

    # a big "public" group whose F1 is best at a high cut, a small "authored" group best at a low one
    rng = np.random.default_rng(0)
    p_pub = np.r_[rng.uniform(0.7, 1.0, 40), rng.uniform(0.0, 0.69, 400)]
    y_pub = np.r_[np.ones(40), np.zeros(400)].astype(int)
    p_au = np.r_[rng.uniform(0.3, 0.6, 20), rng.uniform(0.0, 0.29, 60)]
    y_au = np.r_[np.ones(20), np.zeros(60)].astype(int)
    p, y = np.r_[p_pub, p_au], np.r_[y_pub, y_au]
    groups = np.r_[np.zeros(440), np.ones(80)].astype(int)
    pooled, _ = _best_threshold(p, y, None)
    per_domain, _ = _best_threshold(p, y, None, groups)
    assert pooled >= 0.7  # the pooled F1 follows the big group and misses all authored positives
    assert 0.3 <= per_domain <= 0.6  # the mean of both F1s keeps the authored positives
    # a precision target ignores the groups
    assert _best_threshold(p, y, 0.9, groups) == _best_threshold(p, y, 0.9)


def test_spacy_component_without_a_sentencizer_equals_score_on_multi_line_mail(model):
    import pandas as pd

    from frictionscan.detect.score import score

    text = "Hi Dana,\n\nThanks, this works.\nWelcome aboard! I'll check in every week.\n\nBest,\nMarta"
    nlp = spacy.blank("en")
    nlp.add_pipe("frictionscan_signals")
    doc = nlp(text)
    row = score(pd.DataFrame({"text": [text]}), model=model).iloc[0]
    assert doc._.frictionscan == pytest.approx({s: row[s] for s in SIGNALS})
    assert sorted((s.label_, s.start_char, s.end_char) for s in doc.spans["frictionscan"]) == sorted(
        (e["signal"], e["start"], e["end"]) for e in row["evidence"])


def test_a_saved_pipeline_loads_in_a_fresh_process_without_importing_frictionscan(tmp_path):
    import subprocess
    import sys

    nlp = spacy.blank("en")
    nlp.add_pipe("frictionscan_signals")
    nlp.to_disk(tmp_path / "pipe")
    code = ("import spacy; doc = spacy.load(r'%s')('Sorry, that is on us.'); "
            "print(doc._.frictionscan['apology'] > 0.5)") % (tmp_path / "pipe")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-500:]
    assert out.stdout.strip() == "True"
