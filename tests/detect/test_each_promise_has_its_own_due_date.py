"""A message may make several promises: each commitment evidence span carries its own due date.

``commitment_due`` stays the first dated promise of the message; each commitment span states its
own ``due`` (ISO 8601, UTC), resolved the same way in the sender's zone, and the field survives
the Parquet, JSON Lines and CSV round trips.
"""

from __future__ import annotations

import pandas as pd
import pytest

from frictionscan.detect.score import score
from frictionscan.io import read_table, write_table

# Tuesday 4 March 2025, 09:00 in Warsaw
TWO_PROMISES = pd.DataFrame([{
    "message_id": "m1", "status": "ok", "timestamp": pd.Timestamp("2025-03-04 09:00", tz="Europe/Warsaw"),
    "text": "I'll get the pallet audit to you by Thursday. Ines will ring you on Monday to go over it.",
}])


def _spans(out: pd.DataFrame) -> list[dict]:
    return [e for e in out.loc[0, "evidence"] if e["signal"] == "commitment"]


def test_each_commitment_span_carries_its_own_due_date_in_the_senders_zone(model):
    out = score(TWO_PROMISES, model=model)
    assert [e.get("due") for e in _spans(out)] == ["2025-03-06T16:00:00+00:00", "2025-03-10T16:00:00+00:00"]
    assert out.loc[0, "commitment_due"] == pd.Timestamp("2025-03-06 16:00", tz="UTC")  # still the first


@pytest.mark.parametrize("suffix", ["parquet", "jsonl", "csv"])
def test_the_due_date_of_each_span_survives_the_round_trip(model, tmp_path, suffix):
    out = score(TWO_PROMISES, model=model)
    back = read_table(write_table(out, tmp_path / f"scored.{suffix}"))
    assert [e.get("due") for e in _spans(back)] == ["2025-03-06T16:00:00+00:00", "2025-03-10T16:00:00+00:00"]
    assert back.loc[0, "evidence"] == out.loc[0, "evidence"]
