"""Build hook: put the shipped signal model inside the built package.

The model lives in the top-level ``models/`` folder of the repository (not inside
``src/frictionscan``), so plain ``package-data`` cannot reach it. This ``build_py`` copies the
manifest, every file the manifest lists (``signal_model.joblib``) and ``MODEL_CARD.md`` into
``frictionscan/_models/`` of the build, so wheels (and wheels built from the sdist, which carries
``models/`` through MANIFEST.in) hold the model. ``frictionscan.paths.default_models_dir`` finds
it there when no source checkout is around. All other metadata is in pyproject.toml.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
MODELS = HERE / "models"
PACKAGED = ("frictionscan", "_models")


def model_files() -> list[Path]:
    """The files to ship: manifest.json, the files it lists, and the model card if present."""
    manifest = MODELS / "manifest.json"
    if not manifest.is_file():
        raise FileNotFoundError(f"{manifest} is missing: a build without the model cannot score")
    listed = json.loads(manifest.read_text("utf-8")).get("files", {})
    files = [manifest, *(MODELS / name for name in listed)]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise FileNotFoundError(f"model files listed in {manifest} are missing: {missing}")
    card = MODELS / "MODEL_CARD.md"
    return [*files, card] if card.is_file() else files


class BuildPyWithModels(build_py):
    """``build_py`` that also copies ``models/`` into ``frictionscan/_models`` of the build."""

    def _models_target(self) -> Path:
        return Path(self.build_lib).joinpath(*PACKAGED)

    def run(self) -> None:
        super().run()
        # An editable install runs from the checkout, which finds <checkout>/models itself.
        if getattr(self, "editable_mode", False):
            return
        target = self._models_target()
        target.mkdir(parents=True, exist_ok=True)
        for src in model_files():
            # always copy (no mtime check): a stale build/ must never ship an old model
            shutil.copyfile(src, target / src.name)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = super().get_outputs(include_bytecode)
        if getattr(self, "editable_mode", False):
            return outputs
        return [*outputs, *(str(self._models_target() / f.name) for f in model_files())]


setup(cmdclass={"build_py": BuildPyWithModels})
