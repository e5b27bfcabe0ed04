"""Where frictionscan finds its shipped files (models), without any network access.

The signal model is kept in the top-level ``models/`` folder of the source checkout. A built
wheel (``pip install .`` or a wheel file) carries no checkout, so the build copies the same files
into the package as ``frictionscan/_models`` (see ``setup.py``); :func:`default_models_dir`
picks whichever applies.

The checkout's ``models/`` is used only when the package really runs from its own checkout (see
:func:`running_from_checkout`): after ``pip install --target DIR`` a ``DIR/../models`` folder that
nobody chose must never be unpickled.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

__all__ = [
    "default_models_dir",
    "models_dir_is_users_choice",
    "models_dir_origin",
    "packaged_models_dir",
    "project_root",
    "running_from_checkout",
]

#: ``name = "frictionscan"`` (a line of the ``[project]`` table of a pyproject.toml).
_NAME = re.compile(r"""^\s*name\s*=\s*["']frictionscan["']\s*(?:#.*)?$""", re.MULTILINE)
#: A table header line such as ``[project]`` or ``[tool.ruff]``.
_TABLE = re.compile(r"^\s*\[([^\]]*)\]\s*(?:#.*)?$", re.MULTILINE)


def project_root() -> Path:
    """The source checkout's root (``src/frictionscan/../..``).

    Only meaningful when running from a checkout (editable install or ``src`` on the path); for an
    installed wheel this is just a folder two levels above the package.
    """
    return Path(__file__).resolve().parents[2]


def running_from_checkout() -> bool:
    """True when this package is ``<root>/src/frictionscan`` of a frictionscan source checkout.

    That is: the package folder sits in a folder named ``src`` and ``<root>/pyproject.toml``
    names the project ``frictionscan``. Any other layout (site-packages, ``pip install --target``,
    a zip) is an installed package, whatever folders happen to be around it.
    """
    here = Path(__file__).resolve().parent
    if here.name != "frictionscan" or here.parent.name != "src":
        return False
    pyproject = project_root() / "pyproject.toml"
    try:
        text = pyproject.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    # (tomllib is 3.11+; the package supports 3.10, and one key of one table needs no parser)
    tables = list(_TABLE.finditer(text))
    for i, header in enumerate(tables):
        if header.group(1).strip() == "project":
            end = tables[i + 1].start() if i + 1 < len(tables) else len(text)
            return _NAME.search(text, header.end(), end) is not None
    return False


def packaged_models_dir() -> Path:
    """``frictionscan/_models`` inside the installed package (filled only in built wheels)."""
    return Path(__file__).resolve().parent / "_models"


def default_models_dir() -> Path:
    """The shipped models folder, first match of:

    1. ``$FRICTIONSCAN_MODELS`` if set (the user's own choice);
    2. ``<checkout>/models`` when the package runs from its own source checkout
       (:func:`running_from_checkout`: editable install, ``src`` on the path);
    3. :func:`packaged_models_dir` (an installed wheel; named even when missing, so the "no model"
       error points at the installed package, never at a folder next to it).

    The folder is not checked for a model here: :mod:`frictionscan.detect.persist` verifies the
    model against its ``manifest.json`` (and the shipped folders against the hash pinned in the
    package) before loading it.
    """
    env = os.environ.get("FRICTIONSCAN_MODELS")
    if env:
        return Path(env)
    if running_from_checkout():
        return project_root() / "models"
    return packaged_models_dir()


def models_dir_is_users_choice() -> bool:
    """True when ``$FRICTIONSCAN_MODELS`` picks the models folder (then trusted as the user's)."""
    return bool(os.environ.get("FRICTIONSCAN_MODELS"))


def models_dir_origin() -> str:
    """Where :func:`default_models_dir` came from, so that errors give advice that fits it:

    * ``"env"``: ``$FRICTIONSCAN_MODELS``, the user's own folder (fix it with
      :func:`frictionscan.detect.persist.save_model`, or unset the variable);
    * ``"checkout"``: the source checkout's ``models/`` (restore it from git, or retrain);
    * ``"package"``: the installed package's ``_models`` (reinstall frictionscan).
    """
    if models_dir_is_users_choice():
        return "env"
    return "checkout" if running_from_checkout() else "package"
