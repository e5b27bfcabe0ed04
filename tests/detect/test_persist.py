"""The shipped model matches its manifest, and a tampered file is refused before unpickling."""

from __future__ import annotations

import json
import shutil

import pytest

from frictionscan.detect import persist
from frictionscan.errors import ModelIntegrityError, ModelNotFoundError
from frictionscan.paths import project_root

MODELS = project_root() / "models"


def test_every_shipped_model_file_matches_its_manifest_hash():
    manifest = json.loads((MODELS / "manifest.json").read_text())
    assert manifest["files"], "manifest lists no files"
    for name, entry in manifest["files"].items():
        assert persist.sha256_file(MODELS / name) == entry["sha256"], name


def test_shipped_model_is_small_enough_to_commit():
    assert (MODELS / persist.MODEL_FILE).stat().st_size < 5_000_000


def test_manifest_records_training_data_date_thresholds_and_metrics():
    manifest = json.loads((MODELS / "manifest.json").read_text())
    for key in ("trained_at", "training_data", "thresholds", "params"):
        assert key in manifest
    assert set(manifest["thresholds"]) == {"loose", "balanced", "strict"}


def test_tampered_model_file_raises_integrity_error_without_unpickling(tmp_path, monkeypatch):
    shutil.copy(MODELS / "manifest.json", tmp_path / "manifest.json")
    data = bytearray((MODELS / persist.MODEL_FILE).read_bytes())
    data[len(data) // 2] ^= 0xFF
    (tmp_path / persist.MODEL_FILE).write_bytes(bytes(data))
    monkeypatch.setenv("FRICTIONSCAN_MODELS", str(tmp_path))
    unpickled = []
    monkeypatch.setattr(persist.joblib, "load", lambda *a, **k: unpickled.append(a))
    with pytest.raises(ModelIntegrityError, match="sha256"):
        persist.load_model()
    assert unpickled == []


def test_missing_manifest_says_how_to_train(tmp_path, monkeypatch):
    monkeypatch.setenv("FRICTIONSCAN_MODELS", str(tmp_path))
    with pytest.raises(ModelNotFoundError, match=r"frictionscan\.train"):
        persist.load_model()


def test_explicit_path_is_loaded_as_given_and_missing_path_is_reported(tmp_path):
    model = persist.load_model(MODELS / persist.MODEL_FILE)
    assert model.predict_proba(["Thank you so much!"]).shape == (1, 6)
    with pytest.raises(ModelNotFoundError):
        persist.load_model(tmp_path / "nope.joblib")


@pytest.mark.parametrize("damage", ["flip", "text"])
def test_an_explicit_path_that_is_not_a_readable_model_raises_a_frictionscan_error(tmp_path, damage):
    p = tmp_path / "m.joblib"
    if damage == "flip":  # the compressed stream no longer checks out
        blob = bytearray((MODELS / persist.MODEL_FILE).read_bytes())
        blob[len(blob) // 2] ^= 0xFF
        p.write_bytes(bytes(blob))
    else:
        p.write_text("not a model")
    with pytest.raises(ModelIntegrityError, match="cannot load"):
        persist.load_model(p)
