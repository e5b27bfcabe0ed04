"""Time fs.health / fs.commitments / fs.explain on a synthetic scored table.

    python benchmarks/bench_health.py --relationships 200 --messages 250 --freq W
    python benchmarks/bench_health.py --relationships 3000 --messages 30 --profile

Builds ``relationships x messages`` scored rows over one year (half client, half ours; threads of
2-6 messages; a few friction episodes and commitments) and prints rows, periods and seconds.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

import frictionscan as fs
from frictionscan.schemas import SIGNALS


def synthetic(n_rel: int, n_msg: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2025-01-01", tz="UTC")
    rows = []
    for r in range(n_rel):
        t = start
        thread = 0
        k = 0
        while k < n_msg:
            thread += 1
            t = t + pd.Timedelta(hours=float(rng.exponential(365 * 24 * 2 / n_msg)))
            for j in range(int(rng.integers(2, 7))):
                if k >= n_msg:
                    break
                direction = "inbound" if j % 2 == 0 else "outbound"
                probs = {s: float(rng.beta(1, 12)) for s in SIGNALS}
                if direction == "inbound" and rng.random() < 0.05:
                    probs["frustration"] = float(rng.uniform(0.6, 1))
                if direction == "outbound" and rng.random() < 0.1:
                    probs["commitment"] = float(rng.uniform(0.6, 1))
                due = t + pd.Timedelta(days=int(rng.integers(1, 10))) if probs["commitment"] > .5 else None
                rows.append({
                    "message_id": f"r{r}-m{k}", "thread_id": f"r{r}-t{thread}",
                    "relationship": f"client{r:04d}", "direction": direction, "status": "ok",
                    "timestamp": t, "text": "Could you check the export?" if j == 0 else "Done.",
                    "in_reply_to": f"r{r}-m{k - 1}" if j else None, "commitment_due": due,
                    "evidence": [], **probs,
                })
                t = t + pd.Timedelta(hours=float(rng.exponential(12)))
                k += 1
    df = pd.DataFrame(rows)
    df["commitment_due"] = pd.to_datetime(df["commitment_due"], utc=True)
    for s in SIGNALS:
        df[f"{s}_flag"] = df[s] >= 0.5
    return df


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--relationships", type=int, default=200)
    ap.add_argument("--messages", type=int, default=250, help="messages per relationship")
    ap.add_argument("--freq", default="W")
    ap.add_argument("--profile", action="store_true",
                    help="also print where health spends its time (cProfile, top 25 by own time)")
    args = ap.parse_args()
    df = synthetic(args.relationships, args.messages)
    if args.profile:
        import cProfile
        import pstats
        prof = cProfile.Profile()
        prof.runcall(fs.health, df, args.freq)
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)
    t0 = time.perf_counter()
    h = fs.health(df, args.freq)
    t1 = time.perf_counter()
    c = fs.commitments(df)
    t2 = time.perf_counter()
    rel = df["relationship"].iloc[0]
    fs.explain(df, rel, "2025-03-01", "2025-06-01")
    t3 = time.perf_counter()
    print(f"rows={len(df):,} relationships={args.relationships} health_rows={len(h):,} "
          f"commitments={len(c):,} alerts={int(h['alert'].sum()):,}")
    print(f"health({args.freq!r}): {t1 - t0:.2f}s ({len(df) / (t1 - t0):,.0f} messages/s)")
    print(f"commitments: {t2 - t1:.2f}s   explain (one relationship): {t3 - t2:.2f}s")


if __name__ == "__main__":
    main()
