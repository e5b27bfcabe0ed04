"""Where frictionscan finds its shipped files (models), without any network access.

The signal model is kept in the top-level ``models/`` folder of the source checkout. A built
wheel (``pip install .`` or a wheel file) carries no checkout, so the build copies the same files
into the package as ``frictionscan/_models`` (see ``setup.py``); :func:`default_models_dir`
picks whichever applies.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["default_models_dir", "packaged_models_dir", "project_root"]


def project_root() -> Path:
    """The source checkout's root (``src/frictionscan/../..``).

    Only meaningful when running from a checkout (editable install or ``src`` on the path); for an
    installed wheel this is just a folder two levels above the package.
    """
    return Path(__file__).resolve().parents[2]


def packaged_models_dir() -> Path:
    """``frictionscan/_models`` inside the installed package (filled only in built wheels)."""
    return Path(__file__).resolve().parent / "_models"


def default_models_dir() -> Path:
    """The shipped models folder, first match of:

    1. ``$FRICTIONSCAN_MODELS`` if set;
    2. ``<checkout>/models`` when that folder exists (source checkout, editable install);
    3. :func:`packaged_models_dir` when that folder exists (an installed wheel);
    4. otherwise ``<checkout>/models`` again, so that training writes its model there and the
       "no model" error names the folder a developer expects.

    The folder is not checked for a model here: :mod:`frictionscan.detect.persist` verifies the
    model against its ``manifest.json`` before loading it, wherever it was found.
    """
    env = os.environ.get("FRICTIONSCAN_MODELS")
    if env:
        return Path(env)
    checkout = project_root() / "models"
    if checkout.is_dir():
        return checkout
    packaged = packaged_models_dir()
    return packaged if packaged.is_dir() else checkout
