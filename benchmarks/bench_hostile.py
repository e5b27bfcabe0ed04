"""CPU time of hostile inputs that once took minutes: how one message's cost grows with its size.

A mailbox is untrusted: one crafted message must not hold a worker for minutes. For each hostile
shape this prints the CPU seconds at growing sizes and the ratio between the largest two (about
2 when the cost is linear in size, about 4 when it is quadratic):

* one sentence repeating a due-date phrase (due-date matching compared every candidate span with
  every other: 65 s for 295 KB before the seventh session);
* HTML nested N deep (the HTML5 parser walks its stack of open elements: 23 s at 100,000 divs);
* a whole message through ``fs.score`` with a long dated sentence (what a scan worker pays).

Usage::

    python benchmarks/bench_hostile.py
"""

from __future__ import annotations

import time

import pandas as pd

import frictionscan as fs
from frictionscan.clean import html_to_text
from frictionscan.detect.dates import match_due

MONDAY = pd.Timestamp("2026-11-23 09:30", tz="UTC")
UNIT = "I'll fix it by Friday 17 January 2027 at noon and tomorrow "


def cpu(fn) -> float:
    t0 = time.process_time()
    fn()
    return time.process_time() - t0


def nested(n: int) -> str:
    return "<html><body>" + "".join(f"<div>L{i} " for i in range(n)) + "x" + "</div>" * n + "</body></html>"


def row(name: str, sizes: list[int], make, run) -> None:
    times = []
    for n in sizes:
        data = make(n)
        times.append(cpu(lambda d=data: run(d)))
    cells = "  ".join(f"{n:>7,}: {t:6.2f}s" for n, t in zip(sizes, times, strict=True))
    ratio = times[-1] / max(times[-2], 1e-3)
    print(f"{name:<34} {cells}   last/previous = {ratio:.1f} (size x{sizes[-1] / sizes[-2]:.0f})")


def main() -> None:
    fs.score(pd.DataFrame({"text": ["warm-up: load the model once"]}))
    print("CPU seconds of one call (this process); ratio ~2 per doubling = linear, ~4 = quadratic")
    row("due dates, one sentence (repeats)", [500, 1000, 2000, 4000],
        lambda n: UNIT * n, lambda t: match_due(t, MONDAY))
    row("html_to_text, nested <div>s", [12_500, 25_000, 50_000, 100_000], nested, html_to_text)
    row("fs.score, one message (repeats)", [500, 1000, 2000, 4000],
        lambda n: pd.DataFrame({"text": [UNIT * n], "timestamp": [MONDAY]}), fs.score)


if __name__ == "__main__":
    main()
