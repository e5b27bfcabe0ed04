"""The fixture corpus: realistic bodies from many clients and languages, each with the expected text.

Every ``tests/fixtures/replies/<case>.txt|.html`` has a ``<case>.expected.txt`` holding exactly what
the sender newly wrote (closings, signatures and disclaimers removed; see docs/cleaning.md).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from frictionscan.clean import extract_reply, html_to_text, split_reply_parts

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "replies"
CASES = sorted(
    p for p in CORPUS.iterdir() if p.suffix in (".txt", ".html") and not p.name.endswith(".expected.txt")
)
_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def _norm(s: str) -> str:
    return _WS.sub(" ", s).strip()


def _load(path: Path) -> tuple[str, bool, str]:
    expected = path.with_name(path.stem + ".expected.txt").read_text(encoding="utf-8")
    return path.read_text(encoding="utf-8"), path.suffix == ".html", expected


def test_corpus_is_large_and_covers_languages_and_html():
    names = [p.stem for p in CASES]
    assert len(names) >= 80
    assert sum(p.suffix == ".html" for p in CASES) >= 15
    for lang in ("en", "de", "fr", "es", "it", "nl", "pt", "sv", "da", "no", "pl"):
        assert any(n.startswith(lang + "_") for n in names), lang


def test_every_case_has_an_expected_file():
    for path in CASES:
        assert path.with_name(path.stem + ".expected.txt").exists(), path.name


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_extract_reply_matches_expected_text(path):
    body, is_html, expected = _load(path)
    assert _norm(extract_reply(body, html=is_html)) == _norm(expected)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_extracted_text_has_no_stray_blank_lines_or_edges(path):
    body, is_html, _ = _load(path)
    text = extract_reply(body, html=is_html)
    assert text == text.strip()
    assert "\n\n\n" not in text


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_no_word_is_lost_between_text_quoted_and_dropped(path):
    body, is_html, _ = _load(path)
    rendered = html_to_text(body) if is_html else body
    text, quoted, dropped = split_reply_parts(body, html=is_html)
    kept = set(_WORD.findall(f"{text}\n{quoted}\n{dropped}"))
    assert set(_WORD.findall(rendered)) <= kept


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_extract_reply_is_idempotent_on_corpus(path):
    body, is_html, _ = _load(path)
    once = extract_reply(body, html=is_html)
    assert extract_reply(once) == once
