"""QA20: scoring reads every timestamp dtype, and a message's utc_offset decides its days.

#1: a pyarrow-backed ``timestamp`` (what ``dtype_backend="pyarrow"`` and polars' ``to_pandas`` give)
crashed ``fs.score`` as soon as a message stated a relative due date.
#2: converting ``timestamp`` to another display zone moved ``commitment_due`` although each row's
``utc_offset`` was known: the documented rule reads the days at ``utc_offset`` first.
"""

from __future__ import annotations

import pandas as pd
import pytest

import frictionscan as fs

pa = pytest.importorskip("pyarrow")

# relative due dates only: each one depends on the anchor and on the zone its days are read in
TEXTS = [
    "I'll send the report tomorrow.",
    "I will send the signed copy by Friday noon.",
    "We will ship the fix by end of day.",
    "I'll send the report tomorrow.",
]
# Tuesday 23:30 UTC: already Wednesday at +01:00, still Tuesday in New York
STAMPS = ["2026-09-15 23:30", "2026-09-15 23:30", "2026-09-16 10:00", None]


def _frame(timestamp: pd.Series, **extra) -> pd.DataFrame:
    return pd.DataFrame({"text": TEXTS, "timestamp": timestamp, **extra})


def _utc() -> pd.Series:
    return pd.Series(pd.to_datetime(STAMPS, utc=True), dtype="datetime64[ns, UTC]")


def _arrow(series: pd.Series, pa_type) -> pd.Series:
    return series.astype(pd.ArrowDtype(pa_type))


def _dues(df: pd.DataFrame, model) -> list:
    return fs.score(df, model=model)["commitment_due"].tolist()


def test_the_numpy_utc_reference_has_a_due_date_for_every_timestamped_promise(model):
    dues = _dues(_frame(_utc()), model)
    assert all(not pd.isna(d) for d in dues[:3]) and pd.isna(dues[3])
    assert dues[0] == pd.Timestamp("2026-09-16 17:00", tz="UTC")  # "tomorrow" from Tuesday, in UTC


@pytest.mark.parametrize("make", [
    pytest.param(lambda s: _arrow(s, pa.timestamp("ns", tz="UTC")), id="timestamp[ns, tz=UTC][pyarrow]"),
    pytest.param(lambda s: _arrow(s, pa.timestamp("us", tz="UTC")), id="timestamp[us, tz=UTC][pyarrow]"),
    pytest.param(lambda s: _arrow(s.dt.tz_localize(None), pa.timestamp("ms")), id="naive timestamp[ms][pyarrow]"),
    pytest.param(lambda s: s.dt.tz_localize(None).astype("datetime64[s]"), id="naive datetime64[s]"),
    pytest.param(lambda s: s.dt.strftime("%Y-%m-%dT%H:%M:%SZ").astype("string[pyarrow]"), id="string[pyarrow]"),
    pytest.param(lambda s: _arrow(s.dt.strftime("%Y-%m-%d %H:%M:%S+00:00"), pa.string()), id="ArrowDtype(string)"),
    pytest.param(lambda s: s.astype(object), id="object Timestamps"),
])
def test_score_reads_every_utc_timestamp_dtype_as_it_reads_datetime64_utc(model, make):
    assert _dues(_frame(make(_utc())), model) == _dues(_frame(_utc()), model)


def test_score_reads_a_pyarrow_timestamp_with_a_zone_in_that_zone_as_for_numpy(model):
    zoned = _utc().dt.tz_convert("Asia/Tokyo")
    expected = _dues(_frame(zoned), model)
    assert expected != _dues(_frame(_utc()), model)  # Tokyo's "tomorrow" is not UTC's
    assert _dues(_frame(_arrow(zoned, pa.timestamp("us", tz="Asia/Tokyo"))), model) == expected


def test_score_reads_tables_read_back_with_the_pyarrow_dtype_backend(model, tmp_path):
    df = _frame(_utc(), utc_offset=pd.array([60, 60, -240, None], dtype="Int64"), status="ok")
    expected = fs.score(df, model=model)
    df.to_parquet(tmp_path / "m.parquet")
    df.to_csv(tmp_path / "m.csv", index=False)
    back = {
        "parquet": pd.read_parquet(tmp_path / "m.parquet", dtype_backend="pyarrow"),
        "csv": pd.read_csv(tmp_path / "m.csv", dtype_backend="pyarrow", engine="pyarrow"),
    }
    for how, table in back.items():
        assert isinstance(table["timestamp"].dtype, pd.ArrowDtype), how
        got = fs.score(table, model=model)
        assert got["commitment_due"].tolist() == expected["commitment_due"].tolist(), how
        assert str(got["commitment_due"].dtype) == "datetime64[ns, UTC]"


@pytest.mark.parametrize("zone", ["America/New_York", "Asia/Tokyo", "Europe/London"])
@pytest.mark.parametrize("backend", ["numpy", "pyarrow"])
def test_a_tz_convert_of_timestamp_changes_no_output_when_utc_offset_is_known(model, zone, backend):
    offsets = pd.array([60, -300, 540, 60], dtype="Int64")
    reference = fs.score(_frame(_utc(), utc_offset=offsets), model=model)
    assert reference["commitment_due"][0] == pd.Timestamp("2026-09-17 16:00", tz="UTC")  # Wed at +01:00
    shown = _utc().dt.tz_convert(zone)  # the same instants, another display zone
    if backend == "pyarrow":
        shown = _arrow(shown, pa.timestamp("ns", tz=zone))
    out = fs.score(_frame(shown, utc_offset=offsets), model=model)
    pd.testing.assert_frame_equal(out.drop(columns="timestamp"), reference.drop(columns="timestamp"))


def test_a_row_without_a_known_utc_offset_reads_its_days_in_the_timestamp_columns_zone(model):
    from frictionscan.detect.dates import resolve_due

    stamps = _utc().dt.tz_convert("America/New_York")
    offsets = pd.array([60, None, None, None], dtype="Int64")
    due = _dues(_frame(stamps, utc_offset=offsets), model)
    assert due[0] == pd.Timestamp("2026-09-17 16:00", tz="UTC")  # its own +01:00: Wednesday
    assert due[1] == resolve_due(TEXTS[1], stamps[1])  # New York's Friday noon
    assert due[2] == resolve_due(TEXTS[2], stamps[2])  # New York's end of day
