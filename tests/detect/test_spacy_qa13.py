"""The spaCy component (QA pass 13): a saved pipeline never unpickles a model the loader did not
trust, carries its own model, reads only English, and scores the exact sentence characters."""

from __future__ import annotations

import json
import os
import pathlib
import pickle
import subprocess
import sys
import warnings

import joblib
import numpy as np
import pandas as pd
import pytest
import spacy
from spacy.tokens import Doc
from toy_sentences import X, toy_labels

from frictionscan.detect import spacy_component
from frictionscan.detect.model import SignalModel
from frictionscan.detect.persist import sha256_file
from frictionscan.detect.score import score
from frictionscan.errors import (
    FrictionscanWarning,
    InvalidOptionError,
    LanguageWarning,
    ModelIntegrityError,
    ModelNotFoundError,
)
from frictionscan.schemas import SIGNALS

Y = toy_labels()


@pytest.fixture(scope="module")
def own_model():
    return SignalModel(calibration="sigmoid", n_features=2**10).fit(X, Y)


@pytest.fixture(autouse=True)
def _no_trust_leaks(monkeypatch):
    """Each test starts with nothing trusted but the shipped model."""
    monkeypatch.setattr(spacy_component, "_TRUSTED", set(), raising=False)
    monkeypatch.delenv("FRICTIONSCAN_TRUSTED_MODELS", raising=False)


class _Evil:
    """Unpickling this creates ``marker``: proof that a file was unpickled."""

    def __init__(self, marker: pathlib.Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (pathlib.Path.touch, (self.marker,))


def _spy_unpickling(monkeypatch) -> list:
    calls: list = []
    monkeypatch.setattr(joblib, "load", lambda *a, **k: calls.append(a))
    monkeypatch.setattr(pickle, "load", lambda *a, **k: calls.append(a))
    monkeypatch.setattr(pickle, "loads", lambda *a, **k: calls.append(a))
    return calls


def test_a_config_naming_an_untrusted_model_file_is_refused_at_load_without_unpickling(tmp_path, monkeypatch):
    marker = tmp_path / "code_ran"
    evil = tmp_path / "evil.joblib"
    joblib.dump(_Evil(marker), evil)
    nlp = spacy.blank("en")
    nlp.add_pipe("frictionscan_signals")
    nlp.to_disk(tmp_path / "pipe")
    cfg = tmp_path / "pipe" / "config.cfg"
    cfg.write_text(cfg.read_text().replace("model_path = null", f'model_path = "{evil}"'))
    calls = _spy_unpickling(monkeypatch)
    with pytest.raises(ModelIntegrityError, match=r"not trusted.*trust_model"):
        spacy.load(tmp_path / "pipe")
    assert calls == [] and not marker.exists()


def _save_with_own_model(tmp_path, own_model) -> pathlib.Path:
    joblib.dump(own_model, tmp_path / "mine.joblib")
    spacy_component.trust_model(tmp_path / "mine.joblib")
    nlp = spacy.blank("en")
    nlp.add_pipe("frictionscan_signals", config={"model_path": str(tmp_path / "mine.joblib")})
    nlp.to_disk(tmp_path / "pipe")
    return tmp_path / "pipe"


def test_a_swapped_model_inside_a_saved_pipeline_is_refused_without_unpickling(tmp_path, own_model, monkeypatch):
    pipe = _save_with_own_model(tmp_path, own_model)
    marker = tmp_path / "code_ran"
    joblib.dump(_Evil(marker), pipe / "frictionscan_signals" / "model.joblib")
    calls = _spy_unpickling(monkeypatch)
    with pytest.raises(ModelIntegrityError, match="sha256"):
        spacy.load(pipe)
    # a swap that also rewrites the recorded hash is still not a model anyone trusted
    info_path = pipe / "frictionscan_signals" / "model.json"
    info = json.loads(info_path.read_text())
    info["sha256"] = sha256_file(pipe / "frictionscan_signals" / "model.joblib")
    info_path.write_text(json.dumps(info))
    with pytest.raises(ModelIntegrityError, match=r"not trusted.*FRICTIONSCAN_TRUSTED_MODELS"):
        spacy.load(pipe)
    assert calls == [] and not marker.exists()


def test_a_pipeline_with_its_own_model_carries_it_and_loads_from_any_working_directory(tmp_path, own_model,
                                                                                       monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    joblib.dump(own_model, work / "mine.joblib")
    monkeypatch.chdir(work)
    spacy_component.trust_model("mine.joblib")
    nlp = spacy.blank("en")
    nlp.add_pipe("frictionscan_signals", config={"model_path": "mine.joblib"})  # relative, as typed
    nlp.to_disk(tmp_path / "pipe")
    digest = sha256_file(work / "mine.joblib")
    assert (tmp_path / "pipe" / "frictionscan_signals" / "model.joblib").is_file()
    assert json.loads((tmp_path / "pipe" / "frictionscan_signals" / "model.json").read_text())["sha256"] == digest
    text = "Thank you so much for this. This is unacceptable."
    expected = own_model.predict_proba(["Thank you so much for this.", "This is unacceptable."]).max(axis=0)
    # a fresh process in another directory: refused until the loader trusts the hash, then identical
    code = f"import spacy, json; d = spacy.load({str(tmp_path / 'pipe')!r})({text!r}); print(json.dumps(d._.frictionscan))"
    env = {k: v for k, v in os.environ.items() if k != "FRICTIONSCAN_TRUSTED_MODELS"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd="/", env=env, timeout=120)
    assert out.returncode != 0 and digest in out.stderr and "ModelIntegrityError" in out.stderr
    env["FRICTIONSCAN_TRUSTED_MODELS"] = digest
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd="/", env=env, timeout=120)
    assert out.returncode == 0, out.stderr[-800:]
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert [got[s] for s in SIGNALS] == pytest.approx(list(expected))


def test_an_in_memory_model_given_with_use_model_is_saved_with_the_pipeline(tmp_path, own_model):
    nlp = spacy.blank("en")
    nlp.add_pipe("frictionscan_signals").use_model(own_model)
    nlp.to_disk(tmp_path / "pipe")
    again = spacy.load(tmp_path / "pipe")  # written by this process: trusted here
    text = "We really appreciate it."
    assert again(text)._.frictionscan["appreciation"] == pytest.approx(
        float(own_model.predict_proba([text])[0, SIGNALS.index("appreciation")]))


def test_a_pipeline_saved_with_another_shipped_model_warns_that_its_scores_can_differ(tmp_path):
    nlp = spacy.blank("en")
    nlp.add_pipe("frictionscan_signals")
    nlp.to_disk(tmp_path / "pipe")
    info_path = tmp_path / "pipe" / "frictionscan_signals" / "model.json"
    info = json.loads(info_path.read_text())
    assert info["sha256"] == spacy_component.SHIPPED_MODEL_SHA256
    with warnings.catch_warnings():
        warnings.simplefilter("error", FrictionscanWarning)
        spacy.load(tmp_path / "pipe")  # same model: silent
    info["sha256"] = "0" * 64  # as if saved by an older frictionscan
    info_path.write_text(json.dumps(info))
    with pytest.warns(FrictionscanWarning, match="saved with the model 000000"):
        spacy.load(tmp_path / "pipe")


FRENCH = "Nous attendons toujours la facture depuis trois semaines, c'est inadmissible 😡"


def test_a_doc_not_in_english_gets_nan_no_evidence_and_its_language_like_score():
    nlp = spacy.blank("en")
    nlp.add_pipe("frictionscan_signals")
    with pytest.warns(LanguageWarning, match="not in English"):
        doc = nlp(FRENCH)
    with pytest.warns(LanguageWarning):
        row = score(pd.DataFrame({"text": [FRENCH]})).iloc[0]
    assert doc._.frictionscan_language == row["language"] == "fr"
    assert all(np.isnan(doc._.frictionscan[s]) and np.isnan(row[s]) for s in SIGNALS)
    assert list(doc.spans["frictionscan"]) == [] == row["evidence"]
    assert nlp("Thanks so much!")._.frictionscan_language == "en"


def test_nlp_pipe_over_many_docs_warns_once_not_per_doc():
    nlp = spacy.blank("en")
    nlp.add_pipe("frictionscan_signals")
    texts = [FRENCH, "Thank you so much for the quick fix!"] * 30
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = list(nlp.pipe(texts, batch_size=7))
    assert len([w for w in caught if issubclass(w.category, LanguageWarning)]) == 1
    assert [d._.frictionscan_language for d in docs] == ["fr", "en"] * 30


class _WhitespaceTokenizer:
    """spaCy's documented example: splits on " " only."""

    def __init__(self, vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words = text.split(" ")
        spaces = [True] * len(words)
        spaces[-1] = False
        return Doc(self.vocab, words=words, spaces=spaces)


def test_with_a_custom_tokenizer_values_equal_score_and_evidence_stays_inside_its_sentence():
    text = "Hi Priya,\nThank you so much for the quick fix!\nBut the export is still broken and nobody told us why."
    nlp = spacy.blank("en")
    nlp.tokenizer = _WhitespaceTokenizer(nlp.vocab)
    nlp.add_pipe("frictionscan_signals")
    doc = nlp(text)
    row = score(pd.DataFrame({"text": [text]})).iloc[0]
    assert [doc._.frictionscan[s] for s in SIGNALS] == [row[s] for s in SIGNALS]
    sentences = {e["signal"]: (e["start"], e["end"]) for e in row["evidence"]}
    assert {s.label_ for s in doc.spans["frictionscan"]} == set(sentences)
    for span in doc.spans["frictionscan"]:
        start, end = sentences[span.label_]
        assert start <= span.start_char and span.end_char <= end  # never into the next sentence
        assert span._.frictionscan[span.label_] == pytest.approx(
            next(e["proba"] for e in row["evidence"] if e["signal"] == span.label_))


def test_commitment_due_on_the_doc_equals_score_with_the_same_timestamps():
    nlp = spacy.blank("en")
    nlp.add_pipe("frictionscan_signals")
    rows = [
        ("I'll send the corrected file tomorrow by 10am.", pd.Timestamp("2026-11-20 16:30", tz="America/Los_Angeles")),
        ("We will send the revised plan by Friday noon.", "2026-11-23T09:00:00+09:00"),
        ("I'll send the corrected file tomorrow by 10am.", None),  # no timestamp: a relative date cannot resolve
        ("Thanks so much for the quick fix!", pd.Timestamp("2026-11-20 16:30", tz="UTC")),
    ]
    docs = []
    for text, ts in rows:
        doc = nlp.make_doc(text)
        doc._.frictionscan_timestamp = ts
        docs.append(doc)
    docs = list(nlp.pipe(docs))
    stamps = pd.Series([ts for _, ts in rows], dtype=object)  # each value keeps its own offset
    expected = score(pd.DataFrame({"text": [t for t, _ in rows], "timestamp": stamps}))["commitment_due"]
    assert expected.notna().tolist() == [True, True, False, False]
    assert [d._.frictionscan_due for d in docs] == [None if pd.isna(v) else v for v in expected]
    later = nlp(rows[0][0])
    assert later._.frictionscan_due is None  # a plain text has no timestamp...
    later._.frictionscan_timestamp = rows[0][1]  # ...until one is set, before or after the pipeline
    assert later._.frictionscan_due == expected[0]


def test_a_number_as_doc_timestamp_is_refused_with_what_to_do():
    nlp = spacy.blank("en")
    nlp.add_pipe("frictionscan_signals")
    doc = nlp("I'll send it tomorrow by 10am.")
    doc._.frictionscan_timestamp = 1736150400
    with pytest.raises(InvalidOptionError, match="unit='s'"):
        _ = doc._.frictionscan_due


@pytest.mark.parametrize(("model_path", "says"), [("", "empty"), ("FOLDER", "is a folder.*signal_model.joblib")])
def test_an_empty_or_folder_model_path_says_what_to_pass_instead(tmp_path, model_path, says):
    nlp = spacy.blank("en")
    nlp.add_pipe("frictionscan_signals", config={"model_path": str(tmp_path) if model_path == "FOLDER" else ""})
    with pytest.raises(ModelNotFoundError, match=says):
        nlp("Thanks!")


def test_use_model_refuses_a_classifier_of_another_kind_before_the_first_doc():
    from sklearn.linear_model import LogisticRegression

    other = LogisticRegression().fit([[0.0], [1.0]], [0, 1])
    component = spacy.blank("en").add_pipe("frictionscan_signals")
    with pytest.raises(ModelIntegrityError, match="signals_"):
        component.use_model(other)


def test_to_bytes_carries_your_own_model_and_from_bytes_checks_it(own_model, monkeypatch):
    """QA13v N1: nlp.to_bytes / from_bytes silently put the shipped model in place of yours."""
    nlp = spacy.blank("en")
    nlp.add_pipe("frictionscan_signals").use_model(own_model)
    text = "We really appreciate it."
    data = nlp.to_bytes()
    again = spacy.blank("en")
    again.add_pipe("frictionscan_signals")
    again.from_bytes(data)  # written by this process: its model's hash is trusted here
    assert again(text)._.frictionscan["appreciation"] == pytest.approx(
        float(own_model.predict_proba([text])[0, SIGNALS.index("appreciation")]))
    # bytes from someone else: the model's hash is not trusted, so it is never unpickled
    spacy_component._TRUSTED.clear()
    spied = _spy_unpickling(monkeypatch)
    stranger = spacy.blank("en")
    stranger.add_pipe("frictionscan_signals")
    with pytest.raises(ModelIntegrityError, match="not trusted"):
        stranger.from_bytes(data)
    assert spied == []


def test_the_component_reads_the_languages_it_is_told_to():
    """QA13v N3: a model of your own for other languages scored NaN through the component."""
    french = "C'est très décevant, nous attendons toujours la facture corrigée depuis trois semaines."
    default = spacy.blank("en")
    default.add_pipe("frictionscan_signals")
    with pytest.warns(LanguageWarning):
        assert np.isnan(default(french)._.frictionscan["frustration"])
    every = spacy.blank("en")
    every.add_pipe("frictionscan_signals", config={"languages": None})
    with warnings.catch_warnings():
        warnings.simplefilter("error", LanguageWarning)
        doc = every(french)
    assert doc._.frictionscan_language == "fr" and not np.isnan(doc._.frictionscan["frustration"])
    with pytest.raises(Exception, match="ISO 639-1"):
        spacy.blank("en").add_pipe("frictionscan_signals", config={"languages": ["french"]})
