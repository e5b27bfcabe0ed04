"""The drivers of a health row come in the same order from every copy of one scan.

Parquet keeps a probability's every bit; JSON Lines (and CSV) write it as text, and reading text
back can land one unit in the last place away. Two moves of one message that are equal but for
that noise (in the shipped Bellmont call, -3.4 from the client's frustration and +3.4 from their
thanks) were ordered by the noise, so ``health`` on the .jsonl copy of the sample scan listed them
the other way round from the .parquet copy.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import frictionscan as fs
from frictionscan.io import read_table, write_table

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"


@pytest.fixture(scope="module")
def bellmont() -> pd.DataFrame:
    messages = fs.read([SAMPLES / "mailbox.mbox", SAMPLES / "transcripts" / "Bellmont weekly sync 2025-03-12.txt"],
                       internal_domains=["fernwick.io"], accounts=SAMPLES / "accounts.csv",
                       internal_speakers=["Dana Whitlock"])
    scored = fs.score(messages)
    return scored[scored["relationship"] == "Bellmont Logistics"].reset_index(drop=True)


@pytest.mark.parametrize("ext", [".jsonl", ".csv"])
def test_health_lists_the_same_drivers_from_a_text_copy_of_a_scan_as_from_parquet(
        bellmont, tmp_path, ext):
    assert len(bellmont) > 40  # (its mail and the weekly call)
    copies = {}
    for suffix in (".parquet", ext):
        path = tmp_path / f"scan{suffix}"
        write_table(bellmont, path)
        copies[suffix] = fs.health(read_table(path), "W")
    pd.testing.assert_frame_equal(copies[".parquet"], copies[ext], check_dtype=False)
