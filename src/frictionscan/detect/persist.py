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

from ..errors import ModelIntegrityError, ModelNotFoundError, NotFittedError
from ..paths import default_models_dir, models_dir_is_users_choice, models_dir_origin
from ..schemas import SIGNALS

__all__ = ["MODEL_FILE", "SHIPPED_MODEL_SHA256", "check_model", "load_model", "read_manifest",
           "save_model", "sha256_file"]

#: sha256 of the shipped ``signal_model.joblib``; rewritten by ``python -m frictionscan.detect.persist --pin``.
SHIPPED_MODEL_SHA256 = "a3deb85cf23db09c527fef32b57387621becf8e3cb4f37d2639fb551b4b97194"

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

#: how to write a valid models folder (named in every error about one)
_SAVE = ("frictionscan.detect.persist.save_model(model, folder) (it writes signal_model.joblib and a "
         "manifest.json holding its sha256)")


def _what_to_do(d: Path) -> str:
    """The advice that fits the folder ``d``: the user's own (``$FRICTIONSCAN_MODELS`` or a folder
    passed in), the checkout's ``models/`` or the installed package's."""
    origin = models_dir_origin() if d == default_models_dir() else "env"
    if origin == "env":
        if models_dir_is_users_choice() and d == default_models_dir():
            return (f"FRICTIONSCAN_MODELS points at this folder, your own: write your model into it with "
                    f"{_SAVE}, or `python -m frictionscan.train --shared <path to shared> --out "
                    f"{str(d)!r}`; or unset FRICTIONSCAN_MODELS to use the model shipped with frictionscan.")
        return f"Write the folder with {_SAVE}."
    own = f"; to use a model of your own, set FRICTIONSCAN_MODELS to a folder written by {_SAVE}."
    if origin == "checkout":
        return ("This is the checkout's models/ folder: restore it from git (`git checkout -- models`) "
                "or retrain with `python -m frictionscan.train --shared <path to shared>`" + own)
    return ("This is the model folder installed with frictionscan: reinstall it (pip install "
            "--force-reinstall frictionscan)" + own)


def read_manifest(models_dir: str | Path | None = None) -> dict:
    """The shipped ``manifest.json`` as a dict.

    Raises ModelNotFoundError when it is absent and ModelIntegrityError when it is not a manifest
    (not JSON, not an object, ``files`` not a mapping of file name to ``{"sha256": <64 hex>}``).
    """
    d = Path(models_dir) if models_dir is not None else default_models_dir()
    path = d / MANIFEST
    if not d.is_dir():
        raise ModelNotFoundError(f"the models folder {str(d)!r} does not exist. {_what_to_do(d)}")
    if not path.is_file():
        raise ModelNotFoundError(f"no model manifest at {str(path)!r}. {_what_to_do(d)}")

    def broken(why: str) -> ModelIntegrityError:
        return ModelIntegrityError(f"model manifest {str(path)!r} is broken: {why}. {_what_to_do(d)}")

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
    """Write ``model`` to ``models_dir/signal_model.joblib`` and a manifest with its sha256.

    The folder can then be used with ``FRICTIONSCAN_MODELS=models_dir`` (the file is checked
    against the manifest before it is unpickled). ``manifest_extra`` adds keys to the manifest
    (a name, the training data, the thresholds...). ``model`` must be a fitted frictionscan
    signal model (see :func:`check_model`); returns the manifest.
    """
    check_model(model, f"save_model was given a {type(model).__name__}")
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
        (your choice of folder, e.g. one written by :func:`save_model`). A path: that joblib
        file (not a folder), loaded as is -- only pass files you trust.

    Returns
    -------
    SignalModel

    Raises
    ------
    ModelNotFoundError
        The file or the manifest is missing, or the path is empty or a folder. The message's
        advice fits where the folder came from: your ``$FRICTIONSCAN_MODELS`` (write it with
        :func:`save_model`), the checkout's ``models/`` (git) or the installed package (reinstall).
    ModelIntegrityError
        The file's sha256 differs from the manifest, the shipped folder holds another model than
        the one pinned in the package, or the manifest is broken (the file is never unpickled);
        or the file holds something other than a frictionscan signal model (:func:`check_model`).

    Examples
    --------
    >>> from frictionscan.detect.persist import load_model
    >>> model = load_model()                        # doctest: +SKIP
    >>> model.predict_proba(["Sorry, that's on us."]).shape  # doctest: +SKIP
    (1, 6)
    """
    if path is not None:
        p = Path(path)
        if not str(path).strip():
            raise ModelNotFoundError(
                "the model path is empty. Pass the path of a model file (the signal_model.joblib "
                "of a folder written by save_model), or no path (None) for the default model: "
                "$FRICTIONSCAN_MODELS if set, else the one shipped with frictionscan.")
        if p.is_dir():
            inside = p / MODEL_FILE
            found = (f"pass the model file inside it, {str(inside)!r}" if inside.is_file()
                     else f"it holds no {MODEL_FILE}: pass the path of a model file (.joblib)")
            raise ModelNotFoundError(
                f"{str(p)!r} is a folder, not a model file: {found}; or set FRICTIONSCAN_MODELS to a "
                f"folder written by save_model to have it checked against its manifest.json.")
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
        what = "is missing" if entry is not None else (
            "is not listed in manifest.json" if p.is_file() else "and its manifest entry are missing")
        raise ModelNotFoundError(f"{str(p)!r} {what}. {_what_to_do(d)}")
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
                "was changed or corrupted after the manifest was written and is refused without "
                f"loading it. {_what_to_do(d)} From Python, frictionscan.load_model(path) loads a "
                "file you trust as it is."
            )
        model = _check_is_model(joblib.load(io.BytesIO(blob)), p)
        _cache.clear()
        _cache[key] = model
        return model


def check_model(obj: Any, what: str | None = None) -> Any:
    """``obj`` when it is a fitted frictionscan signal model, else ModelIntegrityError.

    A signal model has ``predict_proba`` giving one column per signal and ``signals_`` naming them
    in :data:`~frictionscan.schemas.SIGNALS` order: a fitted
    :class:`~frictionscan.detect.model.SignalModel`, or an object of your own that says the same.
    Any other classifier (a scikit-learn pipeline with two classes, ...) gives columns that mean
    something else, so it is refused. ``what`` starts the message (default "the model is a <type>").
    """
    what = what or f"the model is a {type(obj).__name__}"
    from .model import SignalModel

    if isinstance(obj, SignalModel) and getattr(obj, "signals_", None) is None:
        raise NotFittedError(f"{what} that is not fitted yet: call its fit(...) on your labelled "
                             "sentences first (see docs/custom_model.md).")
    if not callable(getattr(obj, "predict_proba", None)):
        raise ModelIntegrityError(
            f"{what}, not a model written by frictionscan.train or save_model (it has no predict_proba).")
    signals = getattr(obj, "signals_", None)
    if signals is None or tuple(signals) != tuple(SIGNALS):
        has = "it has no signals_ attribute" if signals is None else f"its signals_ are {list(signals)!r}"
        raise ModelIntegrityError(
            f"{what}, not a frictionscan signal model: {has}, while frictionscan needs one "
            f"probability per signal in the order {list(SIGNALS)}. Fit a "
            "frictionscan.SignalModel on your labelled sentences (y with six columns, NaN where "
            "unknown) and save it with frictionscan.detect.persist.save_model; see "
            "docs/custom_model.md.")
    return obj


def _check_is_model(obj: Any, path: Path) -> Any:
    """``obj`` when it is a signal model; a file that unpickles to something else is refused."""
    return check_model(obj, f"{str(path)!r} holds a {type(obj).__name__}")


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
