"""Save and load signal models; the shipped model is sha256-checked against its manifest first.

``models/manifest.json`` lists every shipped file with its sha256. :func:`load_model` without a
path reads the manifest, hashes ``signal_model.joblib`` and refuses it (raising
:class:`~frictionscan.errors.ModelIntegrityError`) **before** unpickling when the hash differs. A
path passed explicitly is the user's own, trusted choice and is loaded as given.

>>> from frictionscan.detect.persist import sha256_file
>>> import tempfile, os
>>> with tempfile.NamedTemporaryFile(delete=False) as f:
...     _ = f.write(b"abc")
>>> sha256_file(f.name)[:12]
'ba7816bf8f01'
>>> os.unlink(f.name)
"""

from __future__ import annotations

import hashlib
import io
import json
import threading
from pathlib import Path
from typing import Any

import joblib

from ..errors import ModelIntegrityError, ModelNotFoundError
from ..paths import default_models_dir

__all__ = ["MODEL_FILE", "load_model", "read_manifest", "save_model", "sha256_file"]

MODEL_FILE = "signal_model.joblib"
MANIFEST = "manifest.json"

_lock = threading.Lock()
_cache: dict[tuple[str, str], Any] = {}


def sha256_file(path: str | Path) -> str:
    """Hex sha256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_manifest(models_dir: str | Path | None = None) -> dict:
    """The shipped ``manifest.json`` as a dict (raises ModelNotFoundError when absent)."""
    d = Path(models_dir) if models_dir is not None else default_models_dir()
    path = d / MANIFEST
    if not path.is_file():
        raise ModelNotFoundError(
            f"no model manifest at {str(path)!r}. Train one with `python -m frictionscan.train "
            "--shared <path to shared>` or set FRICTIONSCAN_MODELS to a folder holding one."
        )
    return json.loads(path.read_text("utf-8"))


def save_model(model: Any, models_dir: str | Path, manifest_extra: dict | None = None) -> dict:
    """Write ``model`` to ``models_dir/signal_model.joblib`` and a manifest with its sha256."""
    d = Path(models_dir)
    d.mkdir(parents=True, exist_ok=True)
    path = d / MODEL_FILE
    tmp = path.with_suffix(".tmp")
    joblib.dump(model, tmp, compress=("zlib", 6))
    tmp.replace(path)
    manifest = dict(manifest_extra or {})
    manifest["files"] = {MODEL_FILE: {"sha256": sha256_file(path), "bytes": path.stat().st_size}}
    (d / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=False, default=str) + "\n", "utf-8")
    return manifest


def load_model(path: str | Path | None = None) -> Any:
    """Load the signal model.

    Parameters
    ----------
    path : str or Path, optional
        None (default): the shipped model in ``models/`` (or ``$FRICTIONSCAN_MODELS``), verified
        against ``manifest.json`` before it is unpickled, cached per process. A path: that joblib
        file, loaded as is -- only pass files you trust.

    Returns
    -------
    SignalModel

    Raises
    ------
    ModelNotFoundError
        The file or the manifest is missing.
    ModelIntegrityError
        The shipped file's sha256 differs from the manifest (the file is never unpickled).

    Examples
    --------
    >>> from frictionscan.detect.persist import load_model
    >>> model = load_model()                        # doctest: +SKIP
    >>> model.predict_proba(["Sorry, that's on us."]).shape  # doctest: +SKIP
    (1, 6)
    """
    if path is not None:
        p = Path(path)
        if not p.is_file():
            raise ModelNotFoundError(f"model file {str(p)!r} does not exist. Check the path.")
        try:
            return joblib.load(p)
        except Exception as exc:  # truncated, corrupted or not a joblib file at all
            raise ModelIntegrityError(
                f"cannot load {str(p)!r} as a model ({type(exc).__name__}: {exc}); the file is corrupted "
                "or is not a model written by frictionscan.train") from exc
    d = default_models_dir()
    manifest = read_manifest(d)
    entry = manifest.get("files", {}).get(MODEL_FILE)
    p = d / MODEL_FILE
    if entry is None or not p.is_file():
        raise ModelNotFoundError(
            f"{str(p)!r} or its manifest entry is missing. Retrain with `python -m frictionscan.train`."
        )
    key = (str(p), entry["sha256"])
    with _lock:
        if key in _cache:
            return _cache[key]
        blob = p.read_bytes()  # hash the very bytes that get unpickled (no swap in between)
        digest = hashlib.sha256(blob).hexdigest()
        if digest != entry["sha256"]:
            raise ModelIntegrityError(
                f"{str(p)!r} has sha256 {digest} but manifest.json says {entry['sha256']}: the file "
                "was changed or corrupted and is refused. Restore it from git (or retrain), or pass "
                "an explicit path to load_model if you trust the file."
            )
        model = joblib.load(io.BytesIO(blob))
        _cache.clear()
        _cache[key] = model
        return model
