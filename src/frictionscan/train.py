"""``python -m frictionscan.train --shared ../shared``: retrain the shipped signal model.

Reads the public datasets in ``<shared>/data`` and ``data/training/authored_*.tsv``, writes
``models/signal_model.joblib`` and ``models/manifest.json`` (see :mod:`frictionscan.detect.training`).
"""

from __future__ import annotations

import argparse
import sys
import time

from .errors import FrictionscanError
from .paths import default_models_dir


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m frictionscan.train", description=__doc__)
    ap.add_argument("--shared", required=True, help="path to the shared/ folder (holding data/goemotions, ...)")
    ap.add_argument("--out", default=None, help="output folder (default: the checkout's models/)")
    ap.add_argument("--authored", default=None, help="glob of authored TSVs (default: data/training/authored_*.tsv)")
    args = ap.parse_args(argv)
    from .detect.training import train

    t0 = time.perf_counter()
    try:
        manifest = train(args.shared, args.out or default_models_dir(), args.authored)
    except FrictionscanError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    f = manifest["files"]
    print(f"trained in {time.perf_counter() - t0:.0f}s -> {args.out or default_models_dir()}: "
          + ", ".join(f"{k} ({v['bytes'] / 1e6:.2f} MB)" for k, v in f.items()))
    for preset, t in manifest["thresholds"].items():
        print(f"  {preset:9s}", " ".join(f"{s}={v:.3f}" for s, v in t.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
