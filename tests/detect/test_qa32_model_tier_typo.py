"""QA32: ``model="fastest"`` said only "model file 'fastest' does not exist. Check the path.": a
name with no folder and no extension is more likely a mistyped tier, so the tiers are named."""

from __future__ import annotations

import pandas as pd
import pytest

import frictionscan as fs
from frictionscan.errors import ModelNotFoundError


@pytest.mark.parametrize("model", ["fastest", "acurate"])
def test_a_mistyped_tier_is_told_the_tiers(model):
    with pytest.raises(ModelNotFoundError) as info:
        fs.score(pd.DataFrame({"text": ["This is broken again!"]}), model=model)
    assert "'fast'" in str(info.value) and "'accurate'" in str(info.value)


def test_a_missing_model_file_with_a_path_is_still_told_to_check_the_path(tmp_path):
    with pytest.raises(ModelNotFoundError, match="Check the path"):
        fs.score(pd.DataFrame({"text": ["x"]}), model=str(tmp_path / "mine.joblib"))
