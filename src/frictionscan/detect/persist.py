"""Save and load signal models; the shipped model is sha256-checked before it is unpickled.

``models/manifest.json`` lists every shipped file with its sha256. :func:`load_model` without a
path reads the manifest, hashes ``signal_model.joblib`` and refuses it (raising
:class:`~frictionscan.errors.ModelIntegrityError`) **before** unpickling when the hash differs.

That check only catches a damaged file: whoever can replace the file can replace the manifest
too. So the shipped folder (the checkout's ``models/`` or the installed ``frictionscan/_models``)
must also hold exactly the model whose sha256 is pinned in this module, :data:`SHIPPED_MODEL_SHA256`;
a swapped folder is refused. A folder chosen with ``$FRICTIONSCAN_MODELS`` and a path passed to
:func:`load_model` are the user's own, trusted choice: the first is checked against its own
manifest only (against damage, not tampering), the second is loaded as given.

After retraining (``python -m frictionscan.train``), pin the new model with
``python -m frictionscan.detect.persist --pin``, which copies the sha256 from
``models/manifest.json`` into this file.

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
import re
import threading
from pathlib import Path
from typing import Any

import joblib

from ..errors import ModelIntegrityError, ModelNotFoundError
from ..paths import default_models_dir, models_dir_is_users_choice

__all__ = ["MODEL_FILE", "SHIPPED_MODEL_SHA256", "load_model", "read_manifest", "save_model",
           "sha256_file"]

#: sha256 of the shipped ``signal_model.joblib``; rewritten by ``python -m frictionscan.detect.persist --pin``.
SHIPPED_MODEL_SHA256 = "9ce78014976c47057fec001d8fc46060b74e6076306c1dd4e9d3cd38b350e617"

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


_SHA256 = re.compile(r"[0-9a-f]{64}")


def read_manifest(models_dir: str | Path | None = None) -> dict:
    """The shipped ``manifest.json`` as a dict.

    Raises ModelNotFoundError when it is absent and ModelIntegrityError when it is not a manifest
    (not JSON, not an object, ``files`` not a mapping of file name to ``{"sha256": <64 hex>}``).
    """
    d = Path(models_dir) if models_dir is not None else default_models_dir()
    path = d / MANIFEST
    if not path.is_file():
        raise ModelNotFoundError(
            f"no model manifest at {str(path)!r}. Train one with `python -m frictionscan.train "
            "--shared <path to shared>` or set FRICTIONSCAN_MODELS to a folder holding one."
        )

    def broken(why: str) -> ModelIntegrityError:
        return ModelIntegrityError(
            f"model manifest {str(path)!r} is broken: {why}. Restore the models folder (from git, "
            "or reinstall frictionscan), retrain with `python -m frictionscan.train`, or point "
            "FRICTIONSCAN_MODELS at a folder with a valid manifest.json."
        )

    try:
        manifest = json.loads(path.read_text("utf-8"))
    except UnicodeDecodeError as exc:
        raise broken(f"not UTF-8 text ({exc.reason})") from None
    except ValueError as exc:  # JSONDecodeError
        raise broken(f"not valid JSON ({exc})") from None
    if not isinstance(manifest, dict):
        raise broken(f"expected a JSON object, found {type(manifest).__name__}")
    files = manifest.get("files", {})
    if not isinstance(files, dict):
        raise broken(f"'files' should map file names to their sha256, found {type(files).__name__}")
    for name, entry in files.items():
        sha = entry.get("sha256") if isinstance(entry, dict) else None
        if not isinstance(sha, str) or not _SHA256.fullmatch(sha):
            raise broken(f"the entry of {name!r} has no sha256 (64 lower-case hex digits)")
    return manifest


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
        None (default): the shipped model in ``models/`` (or ``frictionscan/_models``), verified
        against ``manifest.json`` and :data:`SHIPPED_MODEL_SHA256` before it is unpickled, cached
        per process; or the model in ``$FRICTIONSCAN_MODELS``, verified against its manifest only
        (your choice of folder). A path: that joblib file, loaded as is -- only pass files you
        trust.

    Returns
    -------
    SignalModel

    Raises
    ------
    ModelNotFoundError
        The file or the manifest is missing.
    ModelIntegrityError
        The file's sha256 differs from the manifest, the shipped folder holds another model than
        the one pinned in the package, or the manifest is broken (the file is never unpickled).

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
            model = joblib.load(p)
        except Exception as exc:  # truncated, corrupted or not a joblib file at all
            raise ModelIntegrityError(
                f"cannot load {str(p)!r} as a model ({type(exc).__name__}: {exc}); the file is corrupted "
                "or is not a model written by frictionscan.train") from exc
        return _check_is_model(model, p)
    d = default_models_dir()
    manifest = read_manifest(d)
    entry = manifest.get("files", {}).get(MODEL_FILE)
    p = d / MODEL_FILE
    if entry is None or not p.is_file():
        raise ModelNotFoundError(
            f"{str(p)!r} or its manifest entry is missing. Retrain with `python -m frictionscan.train`."
        )
    if not models_dir_is_users_choice() and entry["sha256"] != SHIPPED_MODEL_SHA256:
        raise ModelIntegrityError(
            f"{str(d)!r} holds a model with sha256 {entry['sha256']}, not the one this frictionscan "
            f"ships ({SHIPPED_MODEL_SHA256}); it is refused without loading it. Restore the folder "
            "(from git, or reinstall frictionscan). If you retrained the model yourself, run "
            "`python -m frictionscan.detect.persist --pin` in the checkout, or set "
            "FRICTIONSCAN_MODELS to the folder to trust it."
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
                "was changed or corrupted and is refused. Reinstall frictionscan (pip install "
                "--force-reinstall frictionscan), or in a checkout restore models/ from git (or "
                "retrain); from Python, frictionscan.load_model(path) loads a file you trust."
            )
        model = _check_is_model(joblib.load(io.BytesIO(blob)), p)
        _cache.clear()
        _cache[key] = model
        return model


def _check_is_model(obj: Any, path: Path) -> Any:
    """``obj`` when it can score text; a file that unpickles to something else is refused."""
    if not callable(getattr(obj, "predict_proba", None)):
        raise ModelIntegrityError(
            f"{str(path)!r} holds a {type(obj).__name__}, not a model written by frictionscan.train"
        )
    return obj


def pin_shipped_hash(models_dir: str | Path | None = None, module: str | Path | None = None) -> str:
    """Write the sha256 of ``models_dir``'s model (default: the checkout's ``models/``) into
    :data:`SHIPPED_MODEL_SHA256` of this file (or ``module``); returns the hash. Run after
    retraining, in the checkout."""
    from ..paths import project_root

    d = Path(models_dir) if models_dir is not None else project_root() / "models"
    entry = read_manifest(d).get("files", {}).get(MODEL_FILE)
    if entry is None or not (d / MODEL_FILE).is_file():
        raise ModelNotFoundError(f"no {MODEL_FILE} listed in {str(d / MANIFEST)!r}")
    digest = sha256_file(d / MODEL_FILE)
    if digest != entry["sha256"]:
        raise ModelIntegrityError(f"{str(d / MODEL_FILE)!r} does not match its manifest; retrain")
    target = Path(module) if module is not None else Path(__file__)
    text = target.read_text("utf-8")
    new, n = re.subn(r'^SHIPPED_MODEL_SHA256 = "[0-9a-f]*"$', f'SHIPPED_MODEL_SHA256 = "{digest}"',
                     text, count=1, flags=re.MULTILINE)
    if n != 1:
        raise RuntimeError(f"no SHIPPED_MODEL_SHA256 line in {target}")
    target.write_text(new, "utf-8")
    return digest


if __name__ == "__main__":  # pragma: no cover - exercised through pin_shipped_hash
    import sys

    if sys.argv[1:] != ["--pin"]:
        sys.exit("usage: python -m frictionscan.detect.persist --pin  "
                 "(pin the checkout's models/ as the shipped model after retraining)")
    print(f"pinned {MODEL_FILE} sha256 {pin_shipped_hash()} in {__file__}")
