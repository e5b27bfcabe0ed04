"""QA20: health tables read back from files, and the dates and numbers `now=`/`start=` accept.

* #9  fs.explain on a health table read back from Parquet or CSV keeps its drivers.
* #11 a number means Unix seconds for `now=` as for `start=`; a `now` before every message warns.
* #12 every date-only form ("16/10/2026", "Oct 16 2026", np.datetime64) is the whole day.
* #13 messages name the argument that was wrong; probabilities as percentages are refused;
      freq="M" suggests "ME".
"""

from __future__ import annotations

import pandas as pd
import pytest

import frictionscan as fs


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_explain_reads_the_drivers_of_a_health_table_read_back_from_a_file(weekly, tmp_path, fmt):
    path = tmp_path / f"weekly.{fmt}"
    if fmt == "parquet":
        weekly.to_parquet(path)
        back = pd.read_parquet(path)
    else:
        weekly.to_csv(path, index=False)
        back = pd.read_csv(path)
    asked = ("globex", "2026-02-01 23:59", "2026-02-08 23:59:59")
    fresh, again = fs.explain(weekly, *asked), fs.explain(back, *asked)
    assert len(fresh.messages) > 0
    cols = ["message_id", "component", "impact", "reason"]
    pd.testing.assert_frame_equal(again.messages[cols], fresh.messages[cols])
    assert again.health_end == fresh.health_end
