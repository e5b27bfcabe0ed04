"""The shipped model matches its manifest, and a tampered file is refused before unpickling."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

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


def _refused_without_unpickling(monkeypatch, match: str) -> None:
    """load_model() raises ModelIntegrityError matching ``match`` and never calls joblib.load."""
    unpickled = []
    monkeypatch.setattr(persist.joblib, "load", lambda *a, **k: unpickled.append(a))
    with pytest.raises(ModelIntegrityError, match=match):
        persist.load_model()
    assert unpickled == []


def _tampered_copy_of_the_shipped_folder(folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    shutil.copy(MODELS / "manifest.json", folder / "manifest.json")
    data = bytearray((MODELS / persist.MODEL_FILE).read_bytes())
    data[len(data) // 2] ^= 0xFF
    (folder / persist.MODEL_FILE).write_bytes(bytes(data))


@pytest.mark.parametrize("origin, advice", [
    ("package", r"sha256.*reinstall it \(pip install --force-reinstall frictionscan\)"),  # a wheel (QA 11)
    ("checkout", r"sha256.*restore it from git"),
])
def test_tampered_shipped_model_file_is_refused_without_unpickling_with_advice_for_its_install(
        tmp_path, monkeypatch, origin, advice):
    _tampered_copy_of_the_shipped_folder(tmp_path)
    monkeypatch.delenv("FRICTIONSCAN_MODELS", raising=False)
    monkeypatch.setattr(persist, "default_models_dir", lambda: tmp_path)
    monkeypatch.setattr(persist, "models_dir_origin", lambda: origin)
    monkeypatch.setattr(persist, "_cache", {})
    _refused_without_unpickling(monkeypatch, advice)


def test_tampered_file_in_your_own_folder_is_refused_with_advice_for_your_folder(tmp_path, monkeypatch):
    """QA pass 13 #12: not "reinstall frictionscan / restore models/ from git" for the user's folder."""
    _tampered_copy_of_the_shipped_folder(tmp_path)
    monkeypatch.setenv("FRICTIONSCAN_MODELS", str(tmp_path))
    unpickled = []
    monkeypatch.setattr(persist.joblib, "load", lambda *a, **k: unpickled.append(a))
    with pytest.raises(ModelIntegrityError, match=r"sha256.*FRICTIONSCAN_MODELS points at this folder.*"
                       r"frictionscan\.detect\.persist\.save_model.*unset FRICTIONSCAN_MODELS") as info:
        persist.load_model()
    assert unpickled == []
    assert "reinstall" not in str(info.value).lower() and "git" not in str(info.value)


def test_missing_manifest_in_your_own_folder_says_how_to_write_one(tmp_path, monkeypatch):
    """QA pass 13 #12: FRICTIONSCAN_MODELS is already set, so "or set FRICTIONSCAN_MODELS" is no advice."""
    monkeypatch.setenv("FRICTIONSCAN_MODELS", str(tmp_path))
    with pytest.raises(ModelNotFoundError, match=r"no model manifest.*FRICTIONSCAN_MODELS points at this "
                       r"folder.*save_model\(model, folder\).*frictionscan\.train") as info:
        persist.load_model()
    assert "or set FRICTIONSCAN_MODELS" not in str(info.value)


def test_a_missing_folder_in_the_environment_variable_is_named_as_missing(tmp_path, monkeypatch):
    monkeypatch.setenv("FRICTIONSCAN_MODELS", str(tmp_path / "typo"))
    with pytest.raises(ModelNotFoundError, match=r"models folder .*typo' does not exist.*save_model"):
        persist.load_model()


def test_a_missing_shipped_manifest_says_how_to_restore_it_or_use_your_own(tmp_path, monkeypatch):
    monkeypatch.delenv("FRICTIONSCAN_MODELS", raising=False)
    monkeypatch.setattr(persist, "default_models_dir", lambda: tmp_path)
    monkeypatch.setattr(persist, "models_dir_origin", lambda: "checkout")
    with pytest.raises(ModelNotFoundError, match=r"restore it from git.*frictionscan\.train.*set "
                       r"FRICTIONSCAN_MODELS to a folder written by frictionscan\.detect\.persist\.save_model"):
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


# ----------------------------------------------------------------------------------------------
# the shipped folder must hold the pinned model; a folder the user picks is trusted by manifest


class _Scorer:
    """A stand-in 'model' that unpickles fine (a swapped, self-consistent folder)."""

    signals_ = ("frustration", "blame", "unmet_expectation", "apology", "commitment", "appreciation")

    def predict_proba(self, texts):  # pragma: no cover - never called
        return [[0.0] * 6 for _ in texts]


def _consistent_folder(folder, obj) -> str:
    folder.mkdir(exist_ok=True)
    persist.joblib.dump(obj, folder / persist.MODEL_FILE)
    digest = persist.sha256_file(folder / persist.MODEL_FILE)
    (folder / "manifest.json").write_text(json.dumps({"files": {persist.MODEL_FILE: {"sha256": digest}}}))
    return digest


def test_the_pinned_hash_is_the_checkout_models_hash():
    """Fails after retraining until `python -m frictionscan.detect.persist --pin` is run."""
    manifest = json.loads((MODELS / "manifest.json").read_text())
    pinned = persist.SHIPPED_MODEL_SHA256
    assert manifest["files"][persist.MODEL_FILE]["sha256"] == pinned
    assert persist.sha256_file(MODELS / persist.MODEL_FILE) == pinned


def test_a_swapped_shipped_folder_is_refused_before_unpickling(tmp_path, monkeypatch):
    digest = _consistent_folder(tmp_path / "models", _Scorer())
    monkeypatch.delenv("FRICTIONSCAN_MODELS", raising=False)
    monkeypatch.setattr(persist, "default_models_dir", lambda: tmp_path / "models")
    monkeypatch.setattr(persist, "_cache", {})
    _refused_without_unpickling(monkeypatch, f"{digest}.*not the one this frictionscan ships")


def test_a_folder_chosen_with_the_environment_variable_is_trusted_by_its_manifest(tmp_path, monkeypatch):
    _consistent_folder(tmp_path / "mine", _Scorer())
    monkeypatch.setenv("FRICTIONSCAN_MODELS", str(tmp_path / "mine"))
    monkeypatch.setattr(persist, "_cache", {})
    assert isinstance(persist.load_model(), _Scorer)


@pytest.mark.parametrize("folder_by", ["env", "path"])
def test_a_file_that_unpickles_to_something_else_is_refused(tmp_path, monkeypatch, folder_by):
    _consistent_folder(tmp_path / "mine", {"not": "a model"})
    monkeypatch.setattr(persist, "_cache", {})
    monkeypatch.setenv("FRICTIONSCAN_MODELS", str(tmp_path / "mine"))
    with pytest.raises(ModelIntegrityError, match="holds a dict"):
        persist.load_model(tmp_path / "mine" / persist.MODEL_FILE if folder_by == "path" else None)


BROKEN = {
    "bad_json": ("{not json", "not valid JSON"),
    "list": ("[1, 2]", "expected a JSON object, found list"),
    "files_str": ('{"files": "x"}', "'files' should map"),
    "entry_str": ('{"files": {"signal_model.joblib": "abc"}}', "has no sha256"),
    "short_sha": ('{"files": {"signal_model.joblib": {"sha256": "abc"}}}', "has no sha256"),
    "latin1": (b'{"name": "caf\xe9"}', "not UTF-8"),
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_a_broken_manifest_is_a_clear_integrity_error(tmp_path, monkeypatch, kind):
    text, why = BROKEN[kind]
    shutil.copy(MODELS / persist.MODEL_FILE, tmp_path / persist.MODEL_FILE)
    data = text.encode() if isinstance(text, str) else text
    (tmp_path / "manifest.json").write_bytes(data)
    monkeypatch.setenv("FRICTIONSCAN_MODELS", str(tmp_path))
    with pytest.raises(ModelIntegrityError, match=r"manifest .* is broken") as info:
        persist.load_model()
    assert why in str(info.value)


def test_a_broken_manifest_is_one_error_line_on_the_command_line(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from frictionscan.cli import cli

    (tmp_path / "manifest.json").write_text('{"files": "x"}')
    box = tmp_path / "one.mbox"
    box.write_text("From a Mon Mar  4 10:00:00 2024\nFrom: a@b.example\nSubject: x\n\nhello\n")
    monkeypatch.setenv("FRICTIONSCAN_MODELS", str(tmp_path))
    res = CliRunner().invoke(cli, ["scan", str(box), "-o", str(tmp_path / "s.csv"), "-j", "1"])
    assert res.exit_code == 1
    errors = [ln for ln in res.output.splitlines() if ln.startswith("Error:")]
    assert len(errors) == 1 and "broken" in errors[0] and "Traceback" not in res.output


def test_pin_copies_the_manifest_hash_into_the_module(tmp_path):
    digest = _consistent_folder(tmp_path / "models", _Scorer())
    module = tmp_path / "persist_copy.py"
    module.write_text(Path(persist.__file__).read_text("utf-8"))
    assert persist.pin_shipped_hash(tmp_path / "models", module) == digest
    text = module.read_text("utf-8")
    assert f'SHIPPED_MODEL_SHA256 = "{digest}"' in text
    assert [ln for ln in text.splitlines() if ln.startswith("SHIPPED_MODEL_SHA256 =")] == [
        f'SHIPPED_MODEL_SHA256 = "{digest}"']
    assert Path(persist.__file__).read_text("utf-8").count(digest) == 0  # the real one untouched
