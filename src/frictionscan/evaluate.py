"""``python -m frictionscan.evaluate --shared ../shared``: held-out evaluation with baselines.

See :mod:`frictionscan.detect.evaluation` for what is measured and on which rows.
"""

from __future__ import annotations

import argparse
import sys

from .errors import FrictionscanError


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m frictionscan.evaluate", description=__doc__)
    ap.add_argument("--shared", required=True, help="path to the shared/ folder (holding data/goemotions, ...)")
    ap.add_argument("--model", default=None,
                    help="the model to evaluate: 'fast' (default, the shipped linear model), 'accurate' (the "
                         "shipped encoder tier) or a model file (a path is unpickled: only files you trust)")
    ap.add_argument("--no-baselines", action="store_true", help="skip training the plain baseline")
    ap.add_argument("--csv", default=None, help="also write the table to this CSV file")
    ap.add_argument("--compare", default=None, metavar="MODEL",
                    help="instead of the table: macro F1 of MODEL (B: 'fast', 'accurate' or a joblib file you "
                         "trust: it is unpickled) "
                         "against --model or the shipped one (A) on every held-out set, with paired 95%% "
                         "bootstrap intervals of B - A")
    ap.add_argument("--skip-group", action="append", default=[], metavar="GROUP",
                    help="leave this authored group (e.g. natural14) unscored: a blind set kept for a decision "
                         "that is not registered yet; repeatable")
    ap.add_argument("--gold", choices=("writer", "adjudicated"), default="writer",
                    help="labels of the evaluation-only sets: the writers' (default) or the adjudicated gold "
                         "(data/training/adjudicated/: disputes between the writer and the blind second "
                         "labelling decided by the guidelines) where a set has one")
    ap.add_argument("--bootstrap", type=int, default=1000, metavar="B",
                    help="bootstrap resamples per set for the 95%% F1 intervals (default 1000; 0 = none)")
    args = ap.parse_args(argv)
    import pandas as pd

    from .detect.evaluation import (
        compare,
        evaluate,
        evaluate_sample_mailbox,
        format_comparison,
        format_table,
    )
    from .detect.score import _model

    try:
        model = _model(args.model)
        if args.compare:
            other = _model(args.compare)
            table = compare(args.shared, model, other, bootstrap=max(args.bootstrap, 1), skip_groups=args.skip_group, gold=args.gold)
            print(format_comparison(table, args.model or "shipped model", args.compare))
            if args.csv:
                table.to_csv(args.csv, index=False)
            return 0
        table = evaluate(args.shared, model, baselines=not args.no_baselines, bootstrap=args.bootstrap,
                         skip_groups=args.skip_group, gold=args.gold)
        table = pd.concat([table, evaluate_sample_mailbox(model, bootstrap=args.bootstrap)], ignore_index=True)
    except FrictionscanError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(format_table(table))
    if args.csv:
        table.to_csv(args.csv, index=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
