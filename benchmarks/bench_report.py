"""Time the report helpers: highlight throughput on synthetic messages, and the evidence table.

    python benchmarks/bench_report.py --messages 20000 --spans 6 --chars 800

Builds ``messages`` texts of about ``chars`` characters (with ``<``, ``&`` and quotes to escape) and
``spans`` random, often overlapping evidence spans each, then prints messages/s for
:func:`frictionscan.highlight` and the seconds :func:`frictionscan.evidence_table_html` takes on the
whole table. No model is needed: the scored columns are synthetic.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

import frictionscan as fs
from frictionscan.schemas import SIGNALS

WORDS = ("the", "export", "is", "late", "<again>", "&", "we're", '"still"', "waiting", "sorry",
         "thanks", "by", "Friday", "fix", "broken", "update")


def synthetic(n: int, n_spans: int, chars: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    texts, evidence = [], []
    for _ in range(n):
        words = rng.choice(WORDS, size=max(1, chars // 6))
        text = " ".join(words)[:chars]
        spans = []
        for _ in range(n_spans):
            a = int(rng.integers(0, len(text)))
            b = min(len(text), a + int(rng.integers(5, 120)))
            if b > a:
                spans.append({"signal": str(rng.choice(SIGNALS)), "start": a, "end": b,
                              "proba": float(rng.uniform(0.5, 1))})
        texts.append(text)
        evidence.append(spans)
    df = pd.DataFrame({"text": texts, "evidence": evidence, "status": "ok"})
    for s in SIGNALS:
        df[s] = rng.beta(1, 6, size=n)
        df[f"{s}_flag"] = df[s] >= 0.5
    return df


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--messages", type=int, default=20000)
    ap.add_argument("--spans", type=int, default=6)
    ap.add_argument("--chars", type=int, default=800)
    args = ap.parse_args()
    df = synthetic(args.messages, args.spans, args.chars)
    n_spans = int(df["evidence"].map(len).sum())

    t = time.perf_counter()
    out = [fs.highlight(x, e) for x, e in zip(df["text"], df["evidence"], strict=True)]
    dt = time.perf_counter() - t
    size = sum(map(len, out))
    print(f"highlight: {len(df)} messages, {n_spans} spans, {dt:.2f} s, "
          f"{len(df) / dt:,.0f} messages/s, {size / len(df):,.0f} output chars/message")

    t = time.perf_counter()
    page = fs.evidence_table_html(df, max_rows=50)
    dt = time.perf_counter() - t
    print(f"evidence_table_html: {len(df)} rows -> top 50, {dt:.2f} s, {len(page) / 1024:.0f} KB")


if __name__ == "__main__":
    main()
