"""Date headers with AM/PM and an explicit offset (QA15v #3), and zone names after a German weekday,
in lower case or as Windows spells them (QA15v #5): the offset written is the one used, and no
"no time zone" note is added when the header names one."""

from __future__ import annotations

import pytest
from test_qa15_date_zones import _rec, assert_read_with_its_offset
from test_qa15_msg import OURS, write_msg

import frictionscan as fs


@pytest.mark.parametrize(("date", "utc", "offset"), [
    ("Tue, 1 Apr 2025 10:00:00 PM +0200", "2025-04-01T20:00:00+00:00", 120),
    ("Tue, 1 Apr 2025 10:00 AM +0200", "2025-04-01T08:00:00+00:00", 120),
    ("Tue, 1 Apr 2025 12:00:00 AM +0200", "2025-03-31T22:00:00+00:00", 120),
    ("Tue, 1 Apr 2025 12:30:00 PM +0200", "2025-04-01T10:30:00+00:00", 120),
    ("Tue, 1 Apr 2025 3:15 p.m. -0500", "2025-04-01T20:15:00+00:00", -300),
    ("Tue, 1 Apr 2025 9:00 pm CEST", "2025-04-01T19:00:00+00:00", 120),
])
def test_an_am_pm_time_keeps_its_explicit_offset(date, utc, offset):
    assert_read_with_its_offset(date, utc, offset)


@pytest.mark.parametrize(("date", "utc", "offset"), [
    ("Di, 1 Apr 2025 10:00:00 MESZ", "2025-04-01T08:00:00+00:00", 120),
    ("Mo., 7 Apr 2025 10:00:00 MESZ", "2025-04-07T08:00:00+00:00", 120),
    ("Tue, 1 Apr 2025 10:00:00 mesz", "2025-04-01T08:00:00+00:00", 120),
    ("Tue, 7 Jan 2025 10:00:00 cet", "2025-01-07T09:00:00+00:00", 60),
    ("Tue, 1 Apr 2025 10:00:00 W. Europe Daylight Time", "2025-04-01T08:00:00+00:00", 120),
    ("Tue, 7 Jan 2025 10:00:00 W. Europe Standard Time", "2025-01-07T09:00:00+00:00", 60),
    ("Tue, 1 Apr 2025 10:00:00 GMT Summer Time", "2025-04-01T09:00:00+00:00", 60),
    ("Tue, 7 Jan 2025 10:00:00 Eastern Standard Time", "2025-01-07T15:00:00+00:00", -300),
    ("Tue, 1 Apr 2025 10:00:00 Pacific Daylight Time", "2025-04-01T17:00:00+00:00", -420),
])
def test_zone_names_after_a_german_weekday_in_lower_case_or_windows_spelling_give_their_offset(
        date, utc, offset):
    assert_read_with_its_offset(date, utc, offset)


def test_an_unknown_windows_zone_name_is_read_as_utc_with_a_note():
    rec = _rec("Tue, 1 Apr 2025 10:00:00 Tasmania Standard Time")
    assert rec["utc_offset"] is None
    assert "no time zone" in rec["error"]


def test_a_msg_transport_date_with_am_pm_keeps_its_offset(tmp_path):
    headers = ("From: lior@hollowfen.de\r\nTo: pia@ourdesk.eu\r\n"
               "Date: Wed, 9 Apr 2025 10:00:00 PM +0200\r\nMessage-ID: <a1@x>\r\n\r\n")
    path = write_msg(tmp_path / "ampm.msg", {0x0C1A: "Lior", 0x5D01: "lior@hollowfen.de",
                                             0x007D: headers, 0x1000: "Hello.\r\n"})
    row = fs.read(path, internal_domains=OURS).iloc[0]
    assert row["timestamp"].isoformat() == "2025-04-09T20:00:00+00:00"
    assert row["utc_offset"] == 120


def test_a_msg_transport_date_without_a_zone_gets_the_note(tmp_path):
    headers = ("From: lior@hollowfen.de\r\nTo: pia@ourdesk.eu\r\n"
               "Date: Wed, 9 Apr 2025 10:00:00\r\nMessage-ID: <a2@x>\r\n\r\n")
    path = write_msg(tmp_path / "nozone.msg", {0x0C1A: "Lior", 0x5D01: "lior@hollowfen.de",
                                               0x007D: headers, 0x1000: "Hello.\r\n"})
    row = fs.read(path, internal_domains=OURS).iloc[0]
    assert "no time zone" in row["error"]
