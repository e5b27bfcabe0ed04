"""Compare frictionscan's reply extraction with the established reply parsers on one corpus.

Runs every parser over the fixture corpus (``tests/fixtures/replies/``: ``case.txt``/``case.html``
plus ``case.expected.txt``) and prints, per parser:

* pass rate: the extracted text equals the expected text after whitespace normalisation;
* token F1: word-level overlap with the expected text (multiset), averaged over cases;
* mean time per body.

Then frictionscan's speed per body on plain and HTML bodies and on a synthetic ~4 KB reply with
quoted history (the typical size the email reader sees).

Competitors are evaluation-only and are NOT dependencies of frictionscan::

    pip install email_reply_parser mail-parser-reply quotequail talon
    python benchmarks/compare_reply_parsers.py [--corpus DIR] [--failures PARSER]

A competitor that is not installed (or fails to import) is reported as such and skipped.
Plain-text-only parsers get HTML cases rendered by ``frictionscan.html_to_text`` first (the same
renderer frictionscan uses); HTML-aware parsers (talon, quotequail) get the HTML and their HTML
output is rendered the same way.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from frictionscan.clean import extract_reply, html_to_text

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT / "tests" / "fixtures" / "replies"
LANGS = ["en", "de", "fr", "es", "it", "nl", "pt", "sv", "da", "no", "pl"]
_WS = re.compile(r"\s+")
_TOKEN = re.compile(r"\w+")


def load_corpus(folder: Path) -> list[tuple[str, str, bool, str]]:
    """(name, body, is_html, expected) for every case in ``folder``."""
    cases = []
    for path in sorted(folder.iterdir()):
        if path.name.endswith(".expected.txt") or path.suffix not in (".txt", ".html"):
            continue
        expected = path.with_name(path.stem + ".expected.txt")
        if not expected.exists():
            continue
        cases.append(
            # bytes, so a case stored with CRLF line endings reaches the parsers as written
            (path.stem, path.read_bytes().decode("utf-8"), path.suffix == ".html",
             expected.read_text(encoding="utf-8"))
        )
    return cases


def norm(s: str) -> str:
    return _WS.sub(" ", s).strip()


def token_f1(pred: str, gold: str) -> float:
    p, g = Counter(_TOKEN.findall(pred.lower())), Counter(_TOKEN.findall(gold.lower()))
    if not p and not g:
        return 1.0
    overlap = sum((p & g).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(p.values()), overlap / sum(g.values())
    return 2 * precision * recall / (precision + recall)


# --------------------------------------------------------------------------------------------------
# parsers: each is (name, fn(body, is_html) -> text) or an import error message
# --------------------------------------------------------------------------------------------------


def _frictionscan() -> Callable[[str, bool], str]:
    return lambda body, is_html: extract_reply(body, html=is_html)


def _email_reply_parser() -> Callable[[str, bool], str]:
    from email_reply_parser import EmailReplyParser

    def run(body: str, is_html: bool) -> str:
        text = html_to_text(body) if is_html else body
        return EmailReplyParser.parse_reply(text)

    return run


def _mail_parser_reply() -> Callable[[str, bool], str]:
    from mailparser_reply import EmailReplyParser
    from mailparser_reply.constants import MAIL_LANGUAGES

    parser = EmailReplyParser(languages=[lang for lang in LANGS if lang in MAIL_LANGUAGES])

    def run(body: str, is_html: bool) -> str:
        text = html_to_text(body) if is_html else body
        return parser.parse_reply(text=text)

    return run


def _quotequail() -> Callable[[str, bool], str]:
    import quotequail

    def run(body: str, is_html: bool) -> str:
        if is_html:
            res = quotequail.unwrap_html(body)
            if res and res.get("html_top") is not None:
                return html_to_text(res["html_top"])
            parts = quotequail.quote_html(body)
            return html_to_text("".join(h for keep, h in parts if keep))
        res = quotequail.unwrap(body)
        if res and "text_top" in res:
            return res["text_top"]
        return "\n".join(t for keep, t in quotequail.quote(body) if keep)

    return run


def _talon() -> Callable[[str, bool], str]:
    import talon
    from talon import quotations
    from talon.signature.bruteforce import extract_signature

    talon.init()

    def run(body: str, is_html: bool) -> str:
        if is_html:
            text = html_to_text(quotations.extract_from_html(body))
        else:
            text = quotations.extract_from_plain(body)
        return extract_signature(text)[0]

    return run


PARSERS: dict[str, Callable[[], Callable[[str, bool], str]]] = {
    "frictionscan": _frictionscan,
    "email_reply_parser": _email_reply_parser,
    "mail-parser-reply": _mail_parser_reply,
    "quotequail": _quotequail,
    "talon": _talon,
}


def _same_signature_policy(text: str) -> str:
    """Apply frictionscan's signature/closing/disclaimer stage to a parser's output.

    This isolates quote/forward detection from signature policy (most parsers keep closings).
    """
    from frictionscan.clean._reply import strip_signature

    kept, _, _ = strip_signature(text.split("\n"), frozenset())
    return "\n".join(kept)


def evaluate(
    fn: Callable[[str, bool], str], cases: list, quotes_only: bool = False
) -> tuple[float, float, float, list]:
    passed, f1s, failures = 0, [], []
    start = time.perf_counter()
    for name, body, is_html, expected in cases:
        try:
            got = fn(body, is_html) or ""
            if quotes_only:
                got = _same_signature_policy(got)
        except Exception as exc:  # a competitor crashing on a case counts as a miss
            got = ""
            failures.append((name, f"raised {type(exc).__name__}: {exc}"))
        ok = norm(got) == norm(expected)
        passed += ok
        f1s.append(token_f1(got, expected))
        if not ok:
            failures.append((name, got))
    elapsed = time.perf_counter() - start
    return passed / len(cases), sum(f1s) / len(f1s), elapsed / len(cases), failures


def time_per_body(bodies: list[tuple[str, bool]], repeat: int) -> float:
    """CPU seconds per body (process time, so other jobs on a shared machine count less)."""
    start = time.process_time()
    for _ in range(repeat):
        for body, is_html in bodies:
            extract_reply(body, html=is_html)
    return (time.process_time() - start) / (repeat * len(bodies))


def _stdlib_parse_us(body: str, repeat: int) -> float:
    """Time of the standard library's email parser on one message, to judge machine load."""
    from email import message_from_string
    from email.policy import compat32

    raw = "From: a@x.example\nTo: b@y.example\nSubject: Re: x\n\n" + body
    start = time.process_time()
    for _ in range(repeat):
        message_from_string(raw, policy=compat32)
    return (time.process_time() - start) / repeat * 1e6


def synthetic_reply(cases: list) -> str:
    """A ~4 KB top-posted reply whose history holds several quoted replies of the corpus."""
    plain = [body for _, body, is_html, _ in cases if not is_html]
    parts = ["Hi Anna,\n\nThanks for the update. We still need the signed copy before Friday, "
             "otherwise the delivery slips another week.\n\nBest regards,\nJonas Berg\n"
             "Procurement | Berg Partners\n+49 30 1234567\n\n"
             "On Tue, 4 Mar 2025 at 09:12, Anna Schmidt <anna@example.org> wrote:"]
    size = sum(map(len, parts))
    for body in plain:
        for line in body.splitlines():
            parts.append("> " + line)
            size += len(line) + 3
        if size > 4000:
            break
    return "\n".join(parts)


def synthetic_html_reply(plain_reply: str) -> str:
    """The synthetic reply as Gmail would send it: one <div> per line, history in gmail_quote."""
    top, _, history = plain_reply.partition("\nOn Tue,")
    esc = lambda s: s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")  # noqa: E731
    divs = "".join(f"<div>{esc(ln) or '<br>'}</div>" for ln in top.split("\n"))
    attr, _, quoted = ("On Tue," + history).partition("\n")
    qdivs = "".join(f"<div>{esc(ln.lstrip('> ')) or '<br>'}</div>" for ln in quoted.split("\n"))
    return (f'<div dir="ltr">{divs}</div><br><div class="gmail_quote"><div dir="ltr" '
            f'class="gmail_attr">{esc(attr)}<br></div><blockquote class="gmail_quote" '
            f'style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);'
            f'padding-left:1ex">{qdivs}</blockquote></div>')


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", "--cases", type=Path, default=DEFAULT_CORPUS,
                    help="folder of cases (default: the in-sample corpus; the held-out set is "
                         "tests/fixtures/replies_heldout)")
    ap.add_argument("--failures", metavar="PARSER", help="list the cases PARSER gets wrong")
    ap.add_argument("--repeat", type=int, default=200, help="timing repetitions (frictionscan)")
    ap.add_argument("--quotes-only", action="store_true",
                    help="also score every parser after applying frictionscan's signature stage "
                         "to its output (compares quote detection alone)")
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus folder not found: {args.corpus}", file=sys.stderr)
        return 2
    cases = load_corpus(args.corpus)
    n_html = sum(1 for c in cases if c[2])
    print(f"corpus: {len(cases)} cases ({len(cases) - n_html} plain, {n_html} HTML) from {args.corpus}")
    print()
    print(f"{'parser':<20} {'pass rate':>10} {'token F1':>9} {'ms/body':>8}")
    print("-" * 50)
    for name, factory in PARSERS.items():
        try:
            fn = factory()
        except Exception as exc:  # not installed / not importable on this Python
            print(f"{name:<20} not available: {type(exc).__name__}: {exc}")
            continue
        rate, f1, per_body, failures = evaluate(fn, cases)
        line = f"{name:<20} {rate:>9.1%} {f1:>9.3f} {per_body * 1e3:>8.3f}"
        if args.quotes_only:
            q_rate, q_f1, _, _ = evaluate(fn, cases, quotes_only=True)
            line += f"   same signature policy: {q_rate:>6.1%} {q_f1:.3f}"
        print(line)
        if args.failures == name:
            for case_name, got in failures:
                print(f"    FAIL {case_name}: {got!r:.300}")
    print()
    plain = [(b, h) for _, b, h, _ in cases if not h]
    html = [(b, h) for _, b, h, _ in cases if h]
    syn = synthetic_reply(cases)
    avg_plain = sum(len(b) for b, _ in plain) / max(1, len(plain))
    avg_html = sum(len(b) for b, _ in html) / max(1, len(html))
    print("frictionscan speed (CPU time per body, one core):")
    print(f"  plain corpus  (avg {avg_plain:,.0f} chars): "
          f"{time_per_body(plain, args.repeat) * 1e6:8.1f} us")
    print(f"  HTML corpus   (avg {avg_html:,.0f} chars): "
          f"{time_per_body(html, args.repeat) * 1e6:8.1f} us")
    print(f"  synthetic reply with history ({len(syn):,} chars): "
          f"{time_per_body([(syn, False)], args.repeat * 20) * 1e6:8.1f} us")
    syn_html = synthetic_html_reply(syn)
    print(f"  synthetic Gmail HTML reply with history ({len(syn_html):,} chars): "
          f"{time_per_body([(syn_html, True)], args.repeat * 10) * 1e6:8.1f} us")
    print(f"  calibration: stdlib email parse (compat32) of the same message: "
          f"{_stdlib_parse_us(syn, args.repeat * 20):8.1f} us  (machine load indicator)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
