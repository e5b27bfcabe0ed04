"""QA20 #6: Zoom's saved closed captions and saved live transcript (``[Name] 15:00:02 text``, or
the text on the lines under ``[Name] 15:00:02``) are read as transcripts whose times are the wall
clock, and a text file no reader knows is described as text, not as JSON."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import frictionscan as fs

ONE_LINE = ("[Oona Pratt] 10:30:05 Morning Kofi, thanks for making time.\n"
            "[Kofi Mensah] 10:30:11 The invoice run failed again last night.\n"
            "[Oona Pratt] 10:30:40 Sorry about that, we will rerun it by noon.\n"
            "[Oona Pratt] 10:30:52 And I'll send the log afterwards.\n"
            "[Kofi Mensah] 10:31:20 Fine, but this needs to stop.\n")

TWO_LINE = ("[Oona Pratt] 10:30:05\nMorning Kofi, thanks for making time.\n\n"
            "[Kofi Mensah] 10:30:11\nThe invoice run failed again last night.\nResult: nobody was paid.\n\n"
            "[Oona Pratt] 10:30:40\nSorry about that, we will rerun it by noon.\n\n"
            "[Kofi Mensah] 10:31:20\nFine, but this needs to stop.\n")

OURS = dict(internal_speakers=["Oona Pratt"])


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / name
    p.write_text(text, encoding="utf-8")
    return p


def test_zoom_saved_closed_captions_one_line_per_caption_are_read_as_turns(tmp_path):
    p = write(tmp_path, "meeting_saved_closed_caption.txt", ONE_LINE)
    df = fs.read(p, **OURS)
    assert df["sender"].tolist() == ["Oona Pratt", "Kofi Mensah", "Oona Pratt", "Kofi Mensah"]
    assert df["text"].tolist() == [
        "Morning Kofi, thanks for making time.", "The invoice run failed again last night.",
        "Sorry about that, we will rerun it by noon. And I'll send the log afterwards.",
        "Fine, but this needs to stop."]
    assert df["direction"].tolist() == ["outbound", "inbound", "outbound", "inbound"]
    assert (df["channel"] == "transcript").all() and (df["status"] == "ok").all()


def test_zoom_saved_live_transcript_with_the_text_under_the_header_is_read_as_turns(tmp_path):
    p = write(tmp_path, "zoom_live_transcript.txt", TWO_LINE)
    df = fs.read(p, **OURS)
    assert df["sender"].tolist() == ["Oona Pratt", "Kofi Mensah", "Oona Pratt", "Kofi Mensah"]
    # a "Word: text" line under a timed header is part of the turn, not a new speaker
    assert df["text"].iloc[1] == "The invoice run failed again last night. Result: nobody was paid."
    assert (df["status"] == "ok").all()


def test_caption_times_are_the_wall_clock_on_the_meeting_date_of_the_zoom_folder(tmp_path):
    p = write(tmp_path / "2026-03-02 10.30.00 Kestrel invoicing", "meeting_saved_closed_caption.txt", ONE_LINE)
    df = fs.read(p, **OURS)
    assert df["timestamp"].tolist() == [pd.Timestamp(f"2026-03-02 {t}", tz="UTC")
                                        for t in ("10:30:05", "10:30:11", "10:30:40", "10:31:20")]
    assert df["subject"].iloc[0] == "Kestrel invoicing"  # the folder's topic, not the file name
    assert "local time" in df["error"].iloc[0]  # the local-recording note, as for its chat log


def test_without_a_date_the_turns_are_kept_untimed_and_say_how_to_give_one(tmp_path):
    p = write(tmp_path, "meeting_saved_closed_caption.txt", ONE_LINE)
    df = fs.read(p, **OURS)
    assert df["timestamp"].isna().all()
    assert df["error"].str.contains("start=").all()
    df = fs.read(p, start="2026-03-02", **OURS)
    assert df["timestamp"].iloc[1] == pd.Timestamp("2026-03-02 10:30:11", tz="UTC")


def test_captions_are_detected_from_content_under_any_file_name(tmp_path):
    p = write(tmp_path, "kestrel-call.txt", TWO_LINE)
    assert len(fs.read(p, **OURS)) == 4


def test_a_bracketed_text_file_that_no_reader_knows_is_described_as_text_not_json(tmp_path):
    p = write(tmp_path, "notes.txt", "[Draft] agenda for the offsite\nbring laptops\n")
    err = fs.read(p)["error"].iloc[0]
    assert "JSON" not in err
    assert err.startswith("no reader recognised this file: text that is not an email")
    assert "[Draft] agenda for the offsite" in err  # what the file starts with


def test_a_json_file_no_reader_knows_is_still_described_by_its_keys(tmp_path):
    p = write(tmp_path, "config.json", '[{"colour": "blue", "size": 3}]')
    assert "JSON with keys ['colour', 'size']" in fs.read(p)["error"].iloc[0]


def test_caption_and_chat_clock_times_are_read_in_the_zone_start_is_written_in(tmp_path):
    cc = write(tmp_path, "meeting_saved_closed_caption.txt", ONE_LINE)
    chat = write(tmp_path, "meeting_saved_chat.txt",
                 "10:32:00 From Kofi Mensah to Everyone:\n\tSending the failing file now\n")
    for p in (cc, chat):
        df = fs.read(p, start="2026-03-02 10:30+01:00", **OURS)
        assert df["timestamp"].iloc[0] in (pd.Timestamp("2026-03-02 09:30:05", tz="UTC"),
                                           pd.Timestamp("2026-03-02 09:32:00", tz="UTC"))
    # an evening meeting east of UTC starts on the previous UTC day: the local date is used
    df = fs.read(cc, start="2026-03-03 00:30+02:00", **OURS)
    assert df["timestamp"].iloc[0] == pd.Timestamp("2026-03-03 08:30:05", tz="UTC")
