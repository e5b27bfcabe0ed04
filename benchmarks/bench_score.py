"""Scoring speed: messages per second on one core, evidence and due dates included.

Usage: ``python benchmarks/bench_score.py [--messages 20000] [--seed 0]``

Builds synthetic client emails (3-12 sentences each, drawn from the original sentences below,
with random names, numbers and days, and by default a random ticket number in every sentence but
the sign-off so that the scorer's per-batch cache of repeated sentences cannot help; ``--repeats``
keeps the templates verbatim), then times ``frictionscan.score`` on them after one warm-up call.
Prints messages/s and sentences/s (wall clock) and messages per CPU-second. ``--stages`` also
prints the CPU share of each stage (feature extraction, veto caps, segmentation, due dates, the
rest), measured by wrapping those functions with CPU timers (adds a little overhead of its own).
``--model accurate`` times the accurate tier instead (use ``--messages 1000``: it is much slower;
BLAS runs on one thread unless ``OMP_NUM_THREADS`` / ``OPENBLAS_NUM_THREADS`` say otherwise).
"""

from __future__ import annotations

import argparse
import os
import random
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import pandas as pd

SENTENCES = [
    "Hi {name},", "Thanks for the update on the {thing}.", "We are still waiting on the revised {thing} you promised last {day}.",
    "This is the {n}th time I have had to ask about the {thing}.", "Honestly, we're getting pretty frustrated with the delays.",
    "I'll send the signed copy by {day} noon.", "Could you confirm whether the {thing} is still on track for {day}?",
    "Sorry for the confusion on our side, that one is on us.", "The import failed because your team changed the file format without telling us.",
    "We really appreciate how quickly {name} turned this around.", "Let me know if you need anything else.",
    "Our finance team needs the invoice corrected before {day}.", "As per my last email, the {thing} still shows the old prices.",
    "Can we move the review call to {day} at {n} pm?", "I have attached the latest version of the {thing}.",
    "We will look into it.", "The dashboard has been down since {day} morning and nobody has replied to our ticket.",
    "Great work on the migration, everything went smoothly.", "Please find the minutes from {day}'s meeting below.",
    "We apologise for the late delivery of the {thing}.", "Is anyone actually looking at this??",
    "The numbers in the {thing} do not match what we agreed.", "Our team will have the fix deployed by end of day {day}.",
    "Not a problem at all, take your time.", "Sorry to bother you again, but do you have an ETA?",
    "I was told it would be live by {day}, and it still isn't.", "Looking forward to the workshop next {day}.",
    "The {thing} looks good to us.", "Kind regards,", "{name}",
]
NAMES = ["Ana", "Bilal", "Chen", "Dana", "Efe", "Farah", "Goran", "Hana"]
THINGS = ["timeline", "invoice", "contract", "report", "dashboard", "migration plan", "proposal", "export"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def _unique(sentence: str, rng: random.Random) -> str:
    """Make a sentence unique (a ticket number) so the per-batch sentence cache cannot help."""
    body, end = (sentence[:-1], sentence[-1]) if sentence[-1] in ".!?," else (sentence, "")
    return f"{body} (ticket {rng.randint(100000, 999999)}){end}"


def make_messages(n: int, seed: int = 0, unique: bool = True) -> pd.DataFrame:
    rng = random.Random(seed)
    texts, stamps = [], []
    for _ in range(n):
        k = rng.randint(3, 12)
        parts = [rng.choice(SENTENCES).format(name=rng.choice(NAMES), thing=rng.choice(THINGS),
                                              day=rng.choice(DAYS), n=rng.randint(2, 9)) for _ in range(k)]
        if unique:
            parts = [_unique(p, rng) for p in parts[:-2]] + parts[-2:]  # sign-off lines stay as they are
        texts.append(" ".join(parts[:-2]) + "\n\n" + "\n".join(parts[-2:]))
        stamps.append(pd.Timestamp("2026-03-02 09:00", tz="UTC") + pd.Timedelta(minutes=rng.randint(0, 60 * 24 * 60)))
    return pd.DataFrame({"text": pd.array(texts, dtype="string"), "timestamp": pd.Series(stamps, dtype="datetime64[ns, UTC]"),
                         "status": "ok"})


def _stage_timers() -> dict[str, float]:
    """Wrap the scorer's stages with CPU timers; returns the dict they add into."""
    import functools

    from frictionscan.detect import model as model_mod
    from frictionscan.detect import score as score_mod

    acc: dict[str, float] = {}

    def wrap(owner: object, name: str, label: str) -> None:
        f = getattr(owner, name)

        @functools.wraps(f)
        def timed(*a, **k):
            c = time.process_time()
            try:
                return f(*a, **k)
            finally:
                acc[label] = acc.get(label, 0.0) + time.process_time() - c

        setattr(owner, name, timed)

    wrap(model_mod.SignalModel, "_features", "features (model._features)")
    wrap(model_mod.SignalModel, "_caps", "veto caps (model._caps -> patterns)")
    wrap(model_mod.SignalModel, "predict_proba", "predict_proba")
    wrap(score_mod, "split_sentences", "segmentation (segment.split_sentences)")
    wrap(score_mod, "_due_dates", "due dates (score._due_dates -> dates)")
    return acc


def _print_stages(acc: dict[str, float], cpu: float) -> None:
    rest_pred = acc.pop("predict_proba", 0.0) - sum(v for k, v in acc.items() if k.startswith(("features", "veto")))
    acc["rest of predict_proba (product, calibration)"] = rest_pred
    acc["rest of score (batching, evidence, frame)"] = cpu - sum(acc.values())
    for label, v in sorted(acc.items(), key=lambda kv: -kv[1]):
        print(f"  {v / cpu:6.1%}  {v:6.2f}s CPU  {label}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--messages", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeats", action="store_true",
                    help="keep template sentences verbatim (repeated boilerplate, as in real mailboxes)")
    ap.add_argument("--stages", action="store_true", help="also print the CPU share of each scoring stage")
    ap.add_argument("--model", choices=["fast", "accurate"], default="fast", help="the tier to time")
    args = ap.parse_args()
    from frictionscan.detect.score import _model, score
    from frictionscan.segment import split_sentences

    df = make_messages(args.messages, args.seed, unique=not args.repeats)
    n_sent = sum(len(split_sentences(t)) for t in df["text"])
    model = _model(args.model)
    score(df.head(500 if args.model == "fast" else 20), model=model)  # warm-up (imports, regex compilation)
    acc = _stage_timers() if args.stages else None  # score() looks these names up at call time
    t0, c0 = time.perf_counter(), time.process_time()
    out = score(df, model=model)
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    n_ev = int(out["evidence"].map(len).sum())
    n_due = int(out["commitment_due"].notna().sum())
    print(f"messages: {len(df)}  sentences: {n_sent} ({n_sent / len(df):.1f}/message)  "
          f"mean chars/message: {df['text'].str.len().mean():.0f}")
    print(f"model: {args.model}; BLAS threads: {os.environ.get('OPENBLAS_NUM_THREADS')}")
    print(f"score(): {dt:.2f}s -> {len(df) / dt:,.0f} messages/s, {n_sent / dt:,.0f} sentences/s "
          f"(one process; evidence items: {n_ev}, due dates: {n_due})")
    print(f"CPU time {cpu:.2f}s -> {len(df) / cpu:,.0f} messages per CPU-second "
          f"(wall-clock is lower when other processes share the core; load average {os.getloadavg()[0]:.1f})")
    if acc is not None:
        _print_stages(acc, cpu)


if __name__ == "__main__":
    main()
