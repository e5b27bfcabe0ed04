"""QA40: a JSON file no reader takes is described by what it holds, and by what would be read.

A JSON file holding ``[]`` (an empty export, or a table given where messages were expected) was
described as "JSON with keys []", which says neither that the file is empty nor what frictionscan
wanted. The reason now names what the file holds (an empty list or object, an object and its keys,
a list of values that are not records) and the JSON shapes the readers take.
"""

from __future__ import annotations

import pytest

import frictionscan as fs

SHAPES = "JSON is read as transcript segments (speaker, start, end, text) or as helpdesk comment rows"


def _reason(tmp_path, content: str) -> str:
    path = tmp_path / "export.json"
    path.write_text(content, encoding="utf-8")
    rows = fs.read(path)
    assert len(rows) == 1 and rows["status"].tolist() == ["error"]
    return rows["error"].iloc[0]


@pytest.mark.parametrize("content, holds", [
    ("[]", "an empty JSON list (no records)"),
    ("[\n]\n", "an empty JSON list (no records)"),
    ("{}", "an empty JSON object (no records)"),
    ('{"foo": 1, "bar": [2, 3]}', "a JSON object with keys ['foo', 'bar']"),
    ('{"account": {"name": "Acme"}, "total": 2}', "a JSON object with keys ['account', 'total']"),
    ('[1, "two", null]', "a JSON list of 3 values, not records (null, numbers, text)"),
])
def test_a_json_file_no_reader_takes_says_what_it_holds_and_what_would_be_read(
        tmp_path, content, holds):
    reason = _reason(tmp_path, content)
    assert reason.startswith(f"no reader recognised this file: {holds}; "), reason
    assert SHAPES in reason
    assert "keys []" not in reason


def test_a_list_of_records_no_reader_knows_still_names_their_keys(tmp_path):
    reason = _reason(tmp_path, '[{"colour": "blue", "size": 3}]')
    assert "JSON with keys ['colour', 'size']" in reason and SHAPES in reason
