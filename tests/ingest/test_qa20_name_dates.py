"""QA20 #14: a transcript dated only by a date in its file name is timed from midnight UTC, and its
first row says so in ``error`` (as for a Zoom local recording name), with the fix."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import frictionscan as fs

CALL = ("Oona Pratt  0:04\nMorning Kofi, thanks for making time.\n\n"
        "Kofi Mensah  0:11\nThe invoice run failed again last night.\n\n"
        "Oona Pratt  0:40\nSorry about that, we will rerun it by noon.\n")


def read(tmp_path: Path, name: str, **kw) -> pd.DataFrame:
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(CALL, encoding="utf-8")
    return fs.read(p, internal_speakers=["Oona Pratt"], **kw)


def test_a_date_only_file_name_times_the_call_from_midnight_and_the_first_row_says_so(tmp_path):
    df = read(tmp_path, "Kestrel weekly sync 2026-03-02.txt")
    assert df["timestamp"].iloc[0] == pd.Timestamp("2026-03-02 00:00:04", tz="UTC")
    note = df["error"].iloc[0]
    assert "2026-03-02" in note and "no time of day" in note and "midnight UTC" in note
    assert "start=" in note  # the fix
    assert df["error"].iloc[1:].isna().all()  # said once per meeting
    assert (df["status"] == "ok").all()


def test_a_date_only_folder_name_gets_the_same_note(tmp_path):
    df = read(tmp_path, "2026-03-02 Kestrel/transcript.txt")
    assert "no time of day" in df["error"].iloc[0] and "folder" in df["error"].iloc[0]


def test_a_name_with_a_time_or_a_start_option_gets_no_date_only_note(tmp_path):
    assert read(tmp_path, "Kestrel weekly sync 2026-03-02 15-00.txt")["error"].isna().all()
    assert read(tmp_path, "Kestrel weekly sync 2026-03-02.txt", start="2026-03-02 15:00")["error"].isna().all()


def test_a_chat_log_timed_by_the_wall_clock_needs_no_time_from_its_name(tmp_path):
    p = tmp_path / "Kestrel chat 2026-03-02.txt"
    p.write_text("10:32:00 From Kofi Mensah to Everyone:\n\tSending the failing file now\n", encoding="utf-8")
    df = fs.read(p)
    assert df["timestamp"].iloc[0] == pd.Timestamp("2026-03-02 10:32:00", tz="UTC")
    # (QA21 D12: its wall-clock times have no zone, which is said, as in a Zoom local folder)
    assert "no time of day" not in df["error"].iloc[0] and "read as UTC" in df["error"].iloc[0]
