"""Validate the authored training files and print label counts.

Usage: ``python data/training/validate.py [data/training/authored_*.tsv ...]``

Checks every file for: the exact header, 8 tab-separated columns per row, 0/1 label values,
a known channel, no empty text, and no exact or near duplicates across all files (a near
duplicate is a sentence that becomes identical after lower-casing and dropping digits,
punctuation and capitalised words such as names). Exits non-zero on any problem.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

HEADER = [
    "text", "frustration", "blame", "unmet_expectation",
    "apology", "commitment", "appreciation", "channel",
]
SIGNALS = HEADER[1:7]
CHANNELS = {"email", "transcript", "chat"}
_NAMEISH = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+\b")
_JUNK = re.compile(r"[^a-z ]+")


def _key(text: str) -> str:
    key = " ".join(_JUNK.sub(" ", _NAMEISH.sub(" ", text).lower()).split())
    return key or text.strip()  # emoji-only rows compare as written


def main(paths: list[str]) -> int:
    if not paths:
        paths = sorted(str(p) for p in Path(__file__).parent.glob("authored_*.tsv"))
    errors: list[str] = []
    seen: dict[str, str] = {}
    total: Counter[str] = Counter()
    n_total = 0
    print(f"{'file':40s} {'rows':>5s} " + " ".join(f"{s[:6]:>6s}" for s in SIGNALS) + "  none")
    for path in paths:
        lines = Path(path).read_text(encoding="utf-8").split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        if not lines or lines[0].split("\t") != HEADER:
            errors.append(f"{path}: header must be exactly {HEADER}")
            continue
        counts: Counter[str] = Counter()
        for i, line in enumerate(lines[1:], start=2):
            cols = line.split("\t")
            where = f"{path}:{i}"
            if len(cols) != 8:
                errors.append(f"{where}: {len(cols)} columns, expected 8")
                continue
            text, labels, channel = cols[0], cols[1:7], cols[7]
            if not text.strip():
                errors.append(f"{where}: empty text")
            if any(v not in {"0", "1"} for v in labels):
                errors.append(f"{where}: labels must be 0/1, got {labels}")
                continue
            if channel not in CHANNELS:
                errors.append(f"{where}: channel {channel!r} not in {sorted(CHANNELS)}")
            key = _key(text)
            if key in seen:
                errors.append(f"{where}: near-duplicate of {seen[key]}: {text!r}")
            else:
                seen[key] = where
            for s, v in zip(SIGNALS, labels, strict=True):
                counts[s] += v == "1"
            counts["none"] += all(v == "0" for v in labels)
            counts["rows"] += 1
        total.update(counts)
        n_total += counts["rows"]
        print(f"{Path(path).name:40s} {counts['rows']:5d} "
              + " ".join(f"{counts[s]:6d}" for s in SIGNALS) + f"  {counts['none']:4d}")
    print(f"{'TOTAL':40s} {n_total:5d} " + " ".join(f"{total[s]:6d}" for s in SIGNALS)
          + f"  {total['none']:4d}")
    for e in errors:
        print("ERROR", e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
