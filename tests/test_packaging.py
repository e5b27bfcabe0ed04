"""A built wheel carries the shipped model, and the installed package finds it without a checkout.

The model lives in the top-level ``models/`` folder; setup.py's build_py copies it into
``frictionscan/_models`` of the build. The wheel is built from a copy of the checkout's packaging
inputs in a temporary folder, so the test never writes build/ or egg-info into the work tree.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from frictionscan import paths
from frictionscan.paths import project_root

ROOT = project_root()
MODELS = ROOT / "models"
# what `pip wheel .` needs from the checkout (everything else is not packaged)
BUILD_INPUTS = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "src", "models")


@pytest.fixture(scope="module")
def built_wheel(tmp_path_factory) -> Path:
    # `wheel` is a dev dependency (pyproject.toml): without it this fails rather than skips
    tmp = tmp_path_factory.mktemp("wheelbuild")
    src = tmp / "checkout"
    src.mkdir()
    for name in BUILD_INPUTS:
        path = ROOT / name
        if path.is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
            shutil.copytree(path, src / name, ignore=ignore)
        else:
            shutil.copy2(path, src / name)
    out = tmp / "dist"
    cmd = [sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "--no-build-isolation",
           "--no-index", "-q", "-w", str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    wheels = list(out.glob("frictionscan-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_wheel_carries_the_model_byte_for_byte(built_wheel):
    manifest = json.loads((MODELS / "manifest.json").read_text("utf-8"))
    expected = ["manifest.json", *manifest["files"]]
    assert "signal_model.joblib" in expected
    with zipfile.ZipFile(built_wheel) as zf:
        for name in expected:
            assert zf.read(f"frictionscan/_models/{name}") == (MODELS / name).read_bytes(), name


def test_wheel_model_matches_the_manifest_it_ships_with(built_wheel):
    from frictionscan.detect.persist import sha256_file

    with zipfile.ZipFile(built_wheel) as zf:
        manifest = json.loads(zf.read("frictionscan/_models/manifest.json"))
        for name, entry in manifest["files"].items():
            data = zf.read(f"frictionscan/_models/{name}")
            assert len(data) == entry["bytes"], name
    # the in-zip bytes equal the checkout's (previous test); their hash is the manifest's
    for name, entry in manifest["files"].items():
        assert sha256_file(MODELS / name) == entry["sha256"], name


def test_wheel_has_no_stray_top_level_models_package(built_wheel):
    with zipfile.ZipFile(built_wheel) as zf:
        names = zf.namelist()
    assert not [n for n in names if n.startswith("models/")]
    assert "frictionscan/paths.py" in names


def test_checkout_models_win_when_present(monkeypatch):
    monkeypatch.delenv("FRICTIONSCAN_MODELS", raising=False)
    assert paths.default_models_dir() == MODELS


def test_env_variable_wins_over_everything(monkeypatch, tmp_path):
    monkeypatch.setenv("FRICTIONSCAN_MODELS", str(tmp_path))
    assert paths.default_models_dir() == tmp_path


def _installed_layout(monkeypatch, tmp_path: Path) -> Path:
    """Pretend paths.py sits in <tmp>/site-packages/frictionscan/ with no checkout around."""
    pkg = tmp_path / "site-packages" / "frictionscan"
    pkg.mkdir(parents=True)
    monkeypatch.setattr(paths, "__file__", str(pkg / "paths.py"))
    monkeypatch.delenv("FRICTIONSCAN_MODELS", raising=False)
    assert not (paths.project_root() / "models").exists()
    return pkg


def test_installed_package_falls_back_to_its_own_models(monkeypatch, tmp_path):
    pkg = _installed_layout(monkeypatch, tmp_path)
    (pkg / "_models").mkdir()
    assert paths.default_models_dir() == pkg / "_models"


def test_without_any_models_folder_the_packaged_path_is_named(monkeypatch, tmp_path):
    pkg = _installed_layout(monkeypatch, tmp_path)
    assert paths.default_models_dir() == pkg / "_models"


def _layout(monkeypatch, tmp_path: Path, package: str, pyproject: str | None) -> Path:
    """paths.py at ``<tmp>/<package>/paths.py``, a stray ``<tmp>/models`` beside, and maybe a
    ``<tmp>/pyproject.toml``; returns the package folder."""
    pkg = tmp_path / package
    pkg.mkdir(parents=True)
    (pkg / "_models").mkdir()
    (tmp_path / "models").mkdir()
    if pyproject is not None:
        (tmp_path / "pyproject.toml").write_text(pyproject)
    monkeypatch.setattr(paths, "__file__", str(pkg / "paths.py"))
    monkeypatch.delenv("FRICTIONSCAN_MODELS", raising=False)
    return pkg


OURS = '[build-system]\nrequires = ["setuptools"]\n\n[project]\nname = "frictionscan"\nversion = "1"\n'


@pytest.mark.parametrize("package, pyproject", [
    ("site/frictionscan", None),                                      # pip install --target site
    ("site/frictionscan", OURS),                                      # ... inside some project
    ("src/frictionscan", None),                                       # src layout, no pyproject
    ("src/frictionscan", OURS.replace('"frictionscan"', '"acme-tools"')),  # someone else's project
    ("src/frictionscan", '[tool.x]\nname = "frictionscan"\n[project]\nname = "other"\n'),
    ("lib/python3.11/site-packages/frictionscan", OURS),
])
def test_a_models_folder_next_to_an_installed_package_is_never_used(monkeypatch, tmp_path,
                                                                    package, pyproject):
    pkg = _layout(monkeypatch, tmp_path, package, pyproject)
    assert not paths.running_from_checkout()
    assert paths.default_models_dir() == pkg / "_models"


def test_the_checkout_models_folder_is_used_only_from_its_own_src_layout(monkeypatch, tmp_path):
    _layout(monkeypatch, tmp_path, "src/frictionscan", OURS)
    assert paths.running_from_checkout()
    assert paths.default_models_dir() == tmp_path / "models"


def test_pip_install_target_does_not_unpickle_a_stray_models_folder(monkeypatch, tmp_path):
    """qa7a 9a: ``DIR/../models`` holding a consistent but foreign model is not even opened."""
    from frictionscan.detect import persist

    pkg = _layout(monkeypatch, tmp_path, "site/frictionscan", None)
    shutil.rmtree(pkg / "_models")
    shutil.copytree(MODELS, pkg / "_models")
    (tmp_path / "models" / persist.MODEL_FILE).write_bytes(b"not the shipped model")
    (tmp_path / "models" / "manifest.json").write_text(json.dumps({"files": {persist.MODEL_FILE: {
        "sha256": persist.sha256_file(tmp_path / "models" / persist.MODEL_FILE)}}}))
    opened = []
    real = persist.joblib.load
    monkeypatch.setattr(persist.joblib, "load", lambda f, *a, **k: opened.append(f) or real(f, *a, **k))
    monkeypatch.setattr(persist, "_cache", {})
    model = persist.load_model()
    assert callable(model.predict_proba) and len(opened) == 1


def test_loading_from_the_packaged_copy_keeps_the_hash_check(monkeypatch, tmp_path):
    from frictionscan.detect import persist
    from frictionscan.errors import ModelIntegrityError

    pkg = _installed_layout(monkeypatch, tmp_path)
    shutil.copytree(MODELS, pkg / "_models")
    blob = bytearray((pkg / "_models" / persist.MODEL_FILE).read_bytes())
    blob[-1] ^= 0xFF
    (pkg / "_models" / persist.MODEL_FILE).write_bytes(bytes(blob))
    with pytest.raises(ModelIntegrityError):
        persist.load_model()
