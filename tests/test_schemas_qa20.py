"""QA20: ``to_utc_series``, the one conversion of time columns, reads every backend's timestamps."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from frictionscan.schemas import to_utc_series

pa = pytest.importorskip("pyarrow")

UTC = pd.Series(pd.to_datetime(["2026-10-05 09:00:00", None, "2026-10-06 23:59:59.5"], utc=True, format="ISO8601"))


@pytest.mark.parametrize("pa_type", [pa.timestamp("ns", tz="UTC"), pa.timestamp("us", tz="America/New_York"),
                                     pa.timestamp("s", tz="+02:00"), pa.timestamp("ms")])
def test_pyarrow_timestamps_become_the_same_utc_instants(pa_type):
    values = UTC if pa_type.tz else UTC.dt.tz_localize(None)
    if pa_type.tz:
        values = values.dt.tz_convert(pa_type.tz)
    if pa_type.unit == "s":
        values = values.dt.floor("s")
    got = to_utc_series(values.astype(pd.ArrowDtype(pa_type)))
    assert str(got.dtype) == "datetime64[ns, UTC]"
    expected = UTC.dt.floor("s") if pa_type.unit == "s" else UTC
    assert got.tolist()[::2] == expected.tolist()[::2] and pd.isna(got[1])


def test_a_pyarrow_date_is_midnight_utc():
    dates = pd.Series([pd.Timestamp("2026-10-05").date(), None], dtype=pd.ArrowDtype(pa.date32()))
    assert to_utc_series(dates).tolist()[0] == pd.Timestamp("2026-10-05", tz="UTC")


def test_a_moment_nanoseconds_cannot_hold_is_nat_not_an_error_for_the_column():
    far = pd.Series(np.array(["3000-01-01", "2026-01-02"], dtype="datetime64[s]"))
    expected = [pd.NaT, pd.Timestamp("2026-01-02", tz="UTC")]
    for values in (far, far.dt.tz_localize("UTC"), far.astype(pd.ArrowDtype(pa.timestamp("s"))),
                   far.astype(str), ["3000-01-01", "2026-01-02"]):
        got = to_utc_series(values)
        assert pd.isna(got[0]) and got[1] == expected[1]


def test_time_zone_names_the_zone_of_an_aware_column_of_either_backend():
    from frictionscan.schemas import time_zone

    tokyo = UTC.dt.tz_convert("Asia/Tokyo")
    assert str(time_zone(tokyo)) == "Asia/Tokyo"
    assert str(time_zone(tokyo.astype(pd.ArrowDtype(pa.timestamp("ns", tz="Asia/Tokyo"))))) == "Asia/Tokyo"
    assert time_zone(UTC.dt.tz_localize(None)) is None
    assert time_zone(pd.Series(["2026-10-05"], dtype="string[pyarrow]")) is None
