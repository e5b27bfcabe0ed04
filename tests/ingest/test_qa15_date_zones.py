"""Date headers with German zone names (MEZ, MESZ), "MET DST", or no zone at all (QA15 #10): a
named zone gives its offset; a time with no zone we know is read as UTC with a note in `error`,
never silently."""

from __future__ import annotations

import pytest

from frictionscan.ingest.email import parse_message


def _rec(date: str) -> dict:
    return parse_message((f"From: lior@hollowfen.de\nTo: pia@ourdesk.eu\nSubject: s\nDate: {date}\n\n"
                          "Hello.\n").encode())


def assert_read_with_its_offset(date: str, utc: str, offset: int) -> None:
    """The Date header ``date`` gives the UTC time ``utc`` and the offset written, with no note."""
    rec = _rec(date)
    assert rec["timestamp"].isoformat() == utc
    assert rec["utc_offset"] == offset
    assert rec["error"] is None


@pytest.mark.parametrize(("date", "utc", "offset"), [
    ("Tue, 01 Apr 2025 10:00:00 MESZ", "2025-04-01T08:00:00+00:00", 120),
    ("Tue, 04 Mar 2025 10:00:00 MEZ", "2025-03-04T09:00:00+00:00", 60),
    ("Tue, 1 Apr 2025 10:00:00 MET DST", "2025-04-01T08:00:00+00:00", 120),
    ("Tue, 1 Apr 2025 10:00:00 +0200 (MESZ)", "2025-04-01T08:00:00+00:00", 120),
])
def test_named_central_european_zones_give_their_offset(date, utc, offset):
    assert_read_with_its_offset(date, utc, offset)


@pytest.mark.parametrize(("date", "utc"), [
    ("Tue, 1 Apr 2025 10:00:00", "2025-04-01T10:00:00+00:00"),
    ("Tuesday, April 1, 2025 10:00 AM", "2025-04-01T10:00:00+00:00"),
    ("Tuesday, April 1, 2025 3:15 PM", "2025-04-01T15:15:00+00:00"),
    ("Tue, 1 Apr 2025 10:00:00 XYZT", "2025-04-01T10:00:00+00:00"),
])
def test_a_date_without_a_known_zone_is_read_as_utc_with_a_note(date, utc):
    rec = _rec(date)
    assert rec["timestamp"].isoformat() == utc
    assert rec["utc_offset"] is None
    assert "no time zone" in rec["error"] and "UTC" in rec["error"]


def test_minus_zero_is_utc_by_rfc_5322_and_needs_no_note():
    rec = _rec("Tue, 1 Apr 2025 10:00:00 -0000")
    assert rec["timestamp"].isoformat() == "2025-04-01T10:00:00+00:00"
    assert rec["error"] is None
