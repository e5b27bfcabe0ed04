"""An account's health does not depend on the other accounts in the table, nor on how the engine
groups the periods it evaluates together.

health evaluates all the accounts of a table in one pass and the periods of each account in
blocks; an account scored among others (with the same ``now``) must get exactly the rows it gets
alone, and a block of one period must give exactly what a block of all periods gives.
"""

from __future__ import annotations

import pandas as pd
import pytest

import frictionscan as fs
from frictionscan.aggregate._engine import Relationship


def _rows_of(table: pd.DataFrame, name: str) -> pd.DataFrame:
    return table[table["relationship"] == name].reset_index(drop=True)


@pytest.mark.parametrize("freq", ["W", "D"])
def test_each_account_scores_as_it_does_alone(four: pd.DataFrame, freq: str) -> None:
    now = four["timestamp"].max()
    together = fs.health(four, freq, now=now)
    names = sorted(four["relationship"].unique())
    assert set(together["relationship"]) == set(names)
    for name in names:
        alone = fs.health(four[four["relationship"] == name], freq, now=now)
        pd.testing.assert_frame_equal(_rows_of(together, name), alone, check_exact=True)


def test_block_size_does_not_change_any_row(four: pd.DataFrame,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    whole = fs.health(four, "D")
    monkeypatch.setattr(Relationship, "_BLOCK_CELLS", 1)  # one period per block
    one_by_one = fs.health(four, "D")
    pd.testing.assert_frame_equal(whole, one_by_one, check_exact=True)
    assert [repr(d) for d in whole["drivers"]] == [repr(d) for d in one_by_one["drivers"]]
