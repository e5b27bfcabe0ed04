"""The held-out reply corpus (tests/fixtures/replies_heldout/) keeps its measured pass rate.

The cases were written blind to the cleaner's rules and code. The blind measurement on 99 cases was
93/99 exact matches (93.9%) after whitespace normalisation. The six failures were then used for
diagnosis: general rules (CJK header blocks and closings, verb-less attributions, missing closings,
mail-app lines, mailing-list footers; each with its own unit tests written from new examples) bring
it to 99/99. That figure is no longer a blind estimate -- the set has been looked at -- so read it
as a regression guard, not as out-of-sample accuracy; a fresh blind set is needed for that.
The floor below is the measured rate minus 0.02, so a rule change that breaks two or more
held-out cases fails here. Do not edit the expected files to make a change pass.
"""

from __future__ import annotations

import re
from pathlib import Path

from frictionscan.clean import extract_reply

HELDOUT = Path(__file__).resolve().parents[1] / "fixtures" / "replies_heldout"
MEASURED_PASS_RATE = 99 / 99  # blind: 93 / 99
FLOOR = MEASURED_PASS_RATE - 0.02
_WS = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _cases() -> list[tuple[str, str, bool, str]]:
    cases = []
    for path in sorted(HELDOUT.iterdir()):
        if path.name.endswith(".expected.txt") or path.suffix not in (".txt", ".html"):
            continue
        expected = path.with_name(path.stem + ".expected.txt")
        # bytes, so the CRLF case keeps its line endings
        cases.append((path.stem, path.read_bytes().decode("utf-8"), path.suffix == ".html",
                      expected.read_text(encoding="utf-8")))
    return cases


def test_heldout_corpus_is_complete():
    cases = _cases()
    assert len(cases) >= 99
    assert sum(1 for _, _, is_html, _ in cases if is_html) >= 16
    crlf = [name for name, body, _, _ in cases if "\r\n" in body]
    assert crlf, "the CRLF case lost its line endings"


def test_heldout_pass_rate_stays_at_measured_level():
    cases = _cases()
    failures = [name for name, body, is_html, expected in cases
                if _norm(extract_reply(body, html=is_html)) != _norm(expected)]
    rate = 1 - len(failures) / len(cases)
    assert rate >= FLOOR, (
        f"held-out pass rate {rate:.1%} fell below the floor {FLOOR:.1%}; failing: {failures}"
    )
    # every case that passed when the floor was set still passes, except at most one
    known: set[str] = set()  # all 99 pass since the diagnosis round
    assert len(set(failures) - known) <= 1, f"newly failing: {sorted(set(failures) - known)}"
