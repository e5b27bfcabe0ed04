"""Where frictionscan finds its shipped files (models), without any network access."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["default_models_dir", "project_root"]


def project_root() -> Path:
    """The source checkout's root (``src/frictionscan/../..``)."""
    return Path(__file__).resolve().parents[2]


def default_models_dir() -> Path:
    """The shipped models folder: ``$FRICTIONSCAN_MODELS`` if set, else ``<checkout>/models``."""
    env = os.environ.get("FRICTIONSCAN_MODELS")
    return Path(env) if env else project_root() / "models"
