"""Training the accurate tier (``python -m frictionscan.train_encoder``).

The fine-tuning itself needs PyTorch, which the ``dev`` extra does not install (it is a
several-hundred-megabyte download on most machines): those tests skip without it and run where
``frictionscan[train-encoder]`` is installed. The rest runs everywhere.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from frictionscan import train_encoder as te
from frictionscan.detect import encoder as enc
from frictionscan.schemas import SIGNALS


def _rows(n_ge: int, n_ge_pos: int, n_auth: int) -> pd.DataFrame:
    def block(n, source, pos):
        df = pd.DataFrame({"text": [f"{source} {i}" for i in range(n)], "source": source, "split": "fit"})
        for s in SIGNALS:
            df[s] = 0.0
        df.loc[: pos - 1, "frustration"] = 1.0
        return df

    return pd.concat([block(n_ge, "goemotions/train", n_ge_pos), block(n_auth, "authored", 3),
                      block(5, "authored", 0).assign(split="calib")], ignore_index=True)


def test_goemotions_negatives_are_subsampled_and_everything_else_kept():
    fit = te._fit_rows(_rows(n_ge=100, n_ge_pos=10, n_auth=20), goemotions_negatives=30, seed=0)
    ge = fit[fit["source"] == "goemotions/train"]
    assert len(ge) == 10 + 30 and ge["frustration"].sum() == 10
    assert (fit["source"] == "authored").sum() == 20  # calib rows are not fit rows
    assert set(fit["split"]) == {"fit"}


def test_fewer_negatives_than_asked_keeps_them_all():
    fit = te._fit_rows(_rows(n_ge=12, n_ge_pos=2, n_auth=1), goemotions_negatives=1000, seed=0)
    assert len(fit) == 13


def test_the_saved_file_round_trips_through_the_loader(tmp_path):
    """What train_encoder writes is what assemble() reads: float16 weights, stack and metadata."""
    weights, _ = enc.read_base()
    top = {k: v for k, v in weights.items() if k.startswith("encoder.layer.5.")}
    rng = np.random.default_rng(0)
    top["head.weight"] = rng.normal(size=(len(SIGNALS), 384)).astype(np.float32)
    top["head.bias"] = np.zeros(len(SIGNALS), np.float32)
    model = enc.EncoderStackModel()
    model.coef_, model.intercept_ = rng.normal(size=(len(SIGNALS), 2)), rng.normal(size=len(SIGNALS))
    thresholds = {p: dict.fromkeys(SIGNALS, 0.5) for p in ("loose", "balanced", "strict")}
    meta = {"signals": list(SIGNALS), "thresholds": thresholds, "linear_model_sha256": "abc"}
    te._save(tmp_path / enc.ENCODER_FILE, top, model, meta)
    blob = (tmp_path / enc.ENCODER_FILE).read_bytes()
    from safetensors.numpy import load

    arrays = load(blob)
    assert arrays["head.weight"].dtype == np.float16
    back = enc.assemble(arrays, enc._metadata(blob), base_model=None)
    np.testing.assert_allclose(back.coef_, model.coef_)
    assert back.thresholds_ == thresholds and back.linear_model_sha256_ == "abc"
    assert json.loads(enc._metadata(blob)["signals"]) == list(SIGNALS)


def test_fine_tuning_learns_a_toy_signal_and_numpy_scores_like_pytorch():
    pytest.importorskip("torch", reason="fine-tuning needs frictionscan[train-encoder]")
    weights, tokenizer = enc.read_base()
    pos = [f"this is terrible and I am furious about order {i}" for i in range(24)]
    neg = [f"the meeting about order {i} is on tuesday" for i in range(24)]
    y = np.full((48, len(SIGNALS)), np.nan)
    y[:, 0] = [1] * 24 + [0] * 24
    top = te.fine_tune(pos + neg, y, np.ones(48), weights, tokenizer, top_layers=1, epochs=6,
                       lr=1e-4, batch_size=8, log=lambda *_: None)
    assert set(top) >= {"head.weight", "head.bias", "encoder.layer.5.output.dense.weight"}
    model = enc.MiniLM({**weights, **top}, tokenizer)
    z = model.logits(["this is terrible and I am furious about order 99",
                      "the meeting about order 99 is on tuesday"])
    assert z[0, 0] > z[1, 0]


def test_the_bare_command_rebuilds_the_shipped_recipe(monkeypatch):
    """`python -m frictionscan.train_encoder --shared ../shared` (what the docs say) trains with the
    parameters recorded for the shipped tier, not some other recipe."""
    import argparse
    import inspect

    from frictionscan.paths import project_root

    shipped = json.loads((project_root() / "models" / "manifest.json").read_text("utf-8"))["accurate_tier"]["params"]
    defaults = {k: p.default for k, p in inspect.signature(te.train_encoder).parameters.items()
                if p.default is not inspect.Parameter.empty}
    seen = {}
    real_parse = argparse.ArgumentParser.parse_args

    def capture(self, args=None, namespace=None):  # read the CLI's defaults, then stop before training
        seen.update(vars(real_parse(self, ["--shared", "x"], namespace)))
        raise SystemExit(0)

    monkeypatch.setattr(argparse.ArgumentParser, "parse_args", capture)
    with pytest.raises(SystemExit):
        te.main([])
    for name in ("top_layers", "epochs", "authored_weight", "goemotions_negatives", "lr"):
        assert defaults[name] == shipped[name], name
        assert seen[name] == shipped[name], name
