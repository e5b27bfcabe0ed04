"""How far two annotators agree on the evaluation-only natural sets, next to the shipped model.

Usage: ``python data/training/agreement.py [--no-model]``

``--no-model`` prints the annotators' agreement alone, without scoring anything: for a blind set
that no model may see before the experiment it was written for.

The writing-round files (``authored_r3_*`` "natural", ``authored_r4_*`` "natural2", ... up to
``authored_r14_*`` "natural10"; evaluation-only until the twelfth session, since then only the
newest stays so and the model's figures are printed for it alone) were labelled by the people who
wrote them (annotator A). ``second_annotation/`` holds a second, blind
labelling of the same sentences (annotator B: read in conversation order against this folder's
README guidelines, without seeing A's labels or the model). Each row is tied to its sentence by
``id`` (1-based row number) and ``text_sha1`` (first 12 hex digits of the sentence's sha1), so an
edit to a labelled file is caught instead of silently misaligning the labels.

Printed per set and signal: positives by A and B, F1 of B against A, Cohen's kappa, and the
model's F1 (message scoring path, ``balanced`` thresholds) against A and against B; where a set
has adjudicated gold (``adjudicated/``: disputes decided by the guidelines), each annotator's F1
against it. Agreement
between annotators bounds what any model can show against either one; the distance between the
two rows is what the model still misses.
"""

from __future__ import annotations

import csv
import hashlib
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import cohen_kappa_score, f1_score

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "src"))

from frictionscan.detect.data import EVAL_ONLY_GROUPS, _adjudicated, _group  # noqa: E402
from frictionscan.detect.persist import load_model  # noqa: E402
from frictionscan.detect.score import score_texts  # noqa: E402
from frictionscan.errors import InvalidOptionError  # noqa: E402
from frictionscan.schemas import SIGNALS  # noqa: E402


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, sep="\t", quoting=csv.QUOTE_NONE, keep_default_na=False, dtype=str)


def load_pairs() -> pd.DataFrame:
    """One row per doubly-labelled sentence: text, set, ``A_<signal>`` and ``B_<signal>`` (0/1)."""
    frames = []
    for second in sorted((HERE / "second_annotation").glob("authored_r*.tsv")):
        first = _read(HERE / second.name)
        b = _read(second)
        rows = b["id"].astype(int).to_numpy() - 1
        a = first.iloc[rows].reset_index(drop=True)
        sha = [hashlib.sha1(t.encode("utf-8")).hexdigest()[:12] for t in a["text"]]
        bad = np.flatnonzero(np.asarray(sha) != b["text_sha1"].to_numpy())
        if len(bad):
            raise SystemExit(
                f"{second.name}: {len(bad)} second-annotation rows no longer match their sentence "
                f"(first at id {b['id'].iloc[bad[0]]}); the labelled file was edited after the "
                "second annotation. Re-annotate those rows or restore the file."
            )
        pair = pd.DataFrame({"text": a["text"], "set": _group(second.name)})
        # the adjudicated gold (disputes decided by the guidelines), where a set has one: read
        # and checked against the sentences as the evaluator reads it
        try:
            gold = _adjudicated(HERE / second.name, first["text"])
        except InvalidOptionError as exc:
            raise SystemExit(str(exc)) from None
        for s in SIGNALS:
            pair["A_" + s] = a[s].astype(int).to_numpy()
            pair["B_" + s] = b[s].astype(int).to_numpy()
            pair["G_" + s] = gold[s][rows].astype(int) if gold is not None else -1
        frames.append(pair)
    if not frames:
        raise SystemExit(f"no second annotations found in {HERE / 'second_annotation'}")
    return pd.concat(frames, ignore_index=True)


def main(argv: list[str] | None = None) -> None:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--no-model", action="store_true",
                    help="print the annotators' agreement only, scoring nothing (for a blind set no model may see yet)")
    with_model = not ap.parse_args(sys.argv[1:] if argv is None else argv).no_model
    pairs = load_pairs()
    held_out = pairs["set"].isin(EVAL_ONLY_GROUPS).to_numpy()
    if with_model and held_out.any():
        model = load_model()
        thr = np.array([model.thresholds_["balanced"][s] for s in SIGNALS])
        _, _, _, proba = score_texts(pairs.loc[held_out, "text"].tolist(), model)
        for j, s in enumerate(SIGNALS):
            pairs["M_" + s] = np.nan
            pairs.loc[held_out, "M_" + s] = (proba[:, j] >= thr[j]).astype(int)
    with_model = with_model and held_out.any()
    out = []
    for name, g in [*pairs.groupby("set", sort=True), ("all", pairs)]:
        for s in SIGNALS:
            a, b = g["A_" + s], g["B_" + s]
            row = {"set": name, "signal": s, "n": len(g), "pos_A": int(a.sum()), "pos_B": int(b.sum()),
                   "F1 B vs A": f1_score(a, b), "kappa": cohen_kappa_score(a, b)}
            gold = g["G_" + s].to_numpy()
            adjudicated = gold >= 0
            if adjudicated.any():  # (how far each annotator is from the adjudicated gold)
                row.update({"F1 A vs gold": f1_score(gold[adjudicated], a[adjudicated]),
                            "F1 B vs gold": f1_score(gold[adjudicated], b[adjudicated])})
            if with_model:
                m = g["M_" + s]
                known = m.notna().to_numpy()  # the model's figures: held-out sentences only
                if known.any():
                    m = m[known].astype(int)
                    row.update({"F1 model vs A": f1_score(a[known], m), "F1 model vs B": f1_score(b[known], m)})
            out.append(row)
    table = pd.DataFrame(out)
    with pd.option_context("display.width", 160):
        print(table.round(3).to_string(index=False))
        print()
        print("macro over the six signals:")
        cols = ["F1 B vs A", "kappa"] + [c for c in ("F1 A vs gold", "F1 B vs gold") if c in table.columns] \
            + (["F1 model vs A", "F1 model vs B"] if with_model else [])
        print(table.groupby("set", sort=False)[cols].mean().round(3).to_string())
    if with_model:
        print(f"\nThe model's figures are for the evaluation-only sets ({', '.join(sorted(EVAL_ONLY_GROUPS))}) "
              "only, and 'all' means those there: the shipped model was trained on 70 % of every other "
              "set's sentences, so its agreement with them would not be a held-out figure.")


if __name__ == "__main__":
    main()
