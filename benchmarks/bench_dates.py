"""Throughput of :func:`frictionscan.detect.dates.resolve_due` on commitment-like and plain sentences.

Builds a deterministic mix of sentences (about one in three states a due date in one of the supported
forms, the rest are ordinary business sentences, some with digits or date-looking words) and prints
sentences/s measured as CPU time of this process (what "one core" means on a shared machine), for
the whole mix and for the dated and undated parts separately, plus the share that resolved.

Usage::

    python benchmarks/bench_dates.py            # 60,000 sentences
    python benchmarks/bench_dates.py --n 10000
"""

from __future__ import annotations

import argparse
import random
import time

import pandas as pd

from frictionscan.detect.dates import resolve_due

DATED = [
    "I'll send the revised plan by {wd} noon.",
    "We will have the corrected invoice with you by EOD {rel}.",
    "Our engineer will be on site next {wd} at {h}am.",
    "You'll have the figures within {n} hours.",
    "I'll get the contract back to you by the {d}th.",
    "We'll ship the replacements by {mon} {d}.",
    "The fix goes out in {n} business days.",
    "Expect the draft by the end of the week.",
    "I'll confirm by 3/{d}.",
    "Deployment is scheduled for 2026-12-{d:02d}T18:00Z.",
    "will send it tmrw am",
    "I'll call you at {h}:30 {wd}.",
]
UNDATED = [
    "Please find attached the signed change request for phase {n}.",
    "Thanks for the quick turnaround on the {mon} numbers, much appreciated.",
    "The warehouse operates {n} shifts and the dock is at the rear of the building.",
    "Could you share the floor plan for the new office?",
    "We shipped 3/4 of the order; the rest is on back-order.",
    "The meeting is on the {d}th floor, room {n}.",
    "Our support hours are 8am to 8pm.",
    "The root cause was a race condition in the cache layer.",
    "I'm really sorry about the mix-up with your delivery address.",
    "Honestly, we're kind of fed up with the back and forth on the invoices.",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS = ["Jan", "February", "Mar", "April", "June", "Sept", "Oct", "December"]


def make(n: int, seed: int = 7) -> tuple[list[str], list[bool]]:
    rng = random.Random(seed)
    texts, dated = [], []
    for _ in range(n):
        is_dated = rng.random() < 0.33
        tpl = rng.choice(DATED if is_dated else UNDATED)
        texts.append(tpl.format(wd=rng.choice(WEEKDAYS), rel=rng.choice(["today", "tomorrow"]),
                                h=rng.randint(8, 11), n=rng.randint(2, 48), d=rng.randint(1, 28),
                                mon=rng.choice(MONTHS)))
        dated.append(is_dated)
    return texts, dated


def run(texts: list[str], anchor: pd.Timestamp) -> tuple[float, int]:
    t0 = time.process_time()
    hits = sum(not pd.isna(resolve_due(t, anchor)) for t in texts)
    return time.process_time() - t0, hits


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=60_000, help="number of sentences (default 60,000)")
    args = ap.parse_args()
    anchor = pd.Timestamp("2026-11-23 09:30", tz="UTC")
    texts, dated = make(args.n)
    run(texts[:500], anchor)  # warm up
    for label, subset in [
        ("all", texts),
        ("dated", [t for t, d in zip(texts, dated, strict=True) if d]),
        ("undated", [t for t, d in zip(texts, dated, strict=True) if not d]),
    ]:
        secs, hits = run(subset, anchor)
        print(f"{label:8s} n={len(subset):6d}  {len(subset) / secs:9.0f} sentences/s (CPU)  "
              f"resolved {hits / max(len(subset), 1):6.1%}")


if __name__ == "__main__":
    main()
