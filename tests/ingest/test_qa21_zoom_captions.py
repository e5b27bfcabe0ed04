"""QA21: Zoom saved captions.

* D4  a display name with a bracketed tag ("[Cai [Gamma IT]] 10:00:20 ...") is one speaker: the
      name runs to the "] HH:MM:SS" after it, so the client's turns are not merged into ours.
"""

from __future__ import annotations

from pathlib import Path

import frictionscan as fs
from frictionscan.ingest.transcripts import unread_label

TAGGED = ("[Oona Pratt] 10:30:05 Morning everyone.\n"
          "[Kofi Mensah [Kestrel IT]] 10:30:11 The invoice run failed again last night.\n"
          "[Oona Pratt] 10:30:40 Which run: the nightly one? Note: we changed it.\n"
          "[Kofi Mensah [Kestrel IT]] 10:31:20 Yes: the nightly one.\n")


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / name
    p.write_text(text, encoding="utf-8")
    return p


def test_a_caption_speaker_whose_name_holds_a_bracketed_tag_is_one_speaker(tmp_path):
    p = write(tmp_path / "2026-03-02 10.30.00 Kestrel invoicing", "meeting_saved_closed_caption.txt", TAGGED)
    df = fs.read(p, internal_speakers=["Oona Pratt"])
    assert df["sender_name"].tolist() == ["Oona Pratt", "Kofi Mensah [Kestrel IT]"] * 2
    assert df["direction"].tolist() == ["outbound", "inbound"] * 2
    assert df["text"].iloc[1] == "The invoice run failed again last night."
    assert not df["text"].str.contains("Kestrel IT").any()


def test_a_bracketed_label_with_a_tag_is_named_whole_when_it_is_not_read():
    assert unread_label("[Kofi Mensah [Kestrel IT]] the run failed") == "Kofi Mensah [Kestrel IT]"


SKEWED = ("[Oona Pratt] 23:59:58 Can you hear me?\n"
          "[Kofi Mensah] 00:00:10 Yes. The invoice run failed again.\n"
          "[Oona Pratt] 00:00:30 We will rerun it by six.\n")


def test_a_first_caption_seconds_before_a_start_just_after_midnight_is_the_previous_evening(tmp_path):
    # D11: the folder says 00:00:05; a 23:59:58 caption is clock skew, not 24 hours later
    p = write(tmp_path / "2026-03-03 00.00.05 Kestrel night", "meeting_saved_closed_caption.txt", SKEWED)
    df = fs.read(p, internal_speakers=["Oona Pratt"])
    assert [str(t) for t in df["timestamp"]] == [
        "2026-03-02 23:59:58+00:00", "2026-03-03 00:00:10+00:00", "2026-03-03 00:00:30+00:00"]


def test_a_first_caption_just_after_midnight_under_a_late_evening_start_is_the_next_day(tmp_path):
    text = "[Oona Pratt] 00:00:10 Can you hear me?\n[Kofi Mensah] 00:00:20 Yes, go ahead.\n"
    p = write(tmp_path / "2026-03-02 23.59.50 Kestrel night", "meeting_saved_closed_caption.txt", text)
    df = fs.read(p, internal_speakers=["Oona Pratt"])
    assert [str(t) for t in df["timestamp"]] == ["2026-03-03 00:00:10+00:00", "2026-03-03 00:00:20+00:00"]


def test_late_evening_captions_under_a_date_only_name_stay_on_that_date(tmp_path):
    text = "[Oona Pratt] 23:50:00 Late one today.\n[Kofi Mensah] 23:50:30 Indeed, the run failed.\n"
    p = write(tmp_path, "kestrel_sync_2026-03-02.txt", text)
    df = fs.read(p, internal_speakers=["Oona Pratt"])
    assert [str(t) for t in df["timestamp"]] == ["2026-03-02 23:50:00+00:00", "2026-03-02 23:50:30+00:00"]


def test_captions_under_a_date_only_name_say_their_wall_clock_was_read_as_utc(tmp_path):
    # D12: as the same file in a Zoom local recording folder does
    dated = fs.read(write(tmp_path / "a", "kestrel_sync_2026-03-02.txt", TAGGED),
                    internal_speakers=["Oona Pratt"])
    folder = fs.read(write(tmp_path / "b" / "2026-03-02 10.30.00 Kestrel sync",
                           "meeting_saved_closed_caption.txt", TAGGED), internal_speakers=["Oona Pratt"])
    for df in (dated, folder):
        assert "read as UTC" in df["error"].iloc[0] and "start=" in df["error"].iloc[0]
        assert df["error"].iloc[1:].isna().all()
    assert str(dated["timestamp"].iloc[0]) == "2026-03-02 10:30:05+00:00"


# QA22: our own speaker with a tag, and a client name with two tags
OURS_TAGGED = ("[Oona Pratt [Brindle]] 10:30:05 Morning.\n"
               "[Kofi Mensah] 10:30:11 The invoice run failed again.\n"
               "[Oona Pratt [Brindle]] 10:30:20 Sorry, checking now.\n")


def test_our_speaker_with_a_bracketed_tag_is_still_ours(tmp_path):
    p = write(tmp_path / "2026-03-02 10.30.00 Brindle", "meeting_saved_closed_caption.txt", OURS_TAGGED)
    df = fs.read(p, internal_speakers=["Oona Pratt"])
    assert df["direction"].tolist() == ["outbound", "inbound", "outbound"]


def test_a_vtt_speaker_with_a_tag_and_pronouns_is_matched_against_our_people(tmp_path):
    vtt = ("WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\nOona Pratt [Brindle] (she/her): Morning.\n\n"
           "2\n00:00:05.000 --> 00:00:09.000\nKofi Mensah: The invoice run failed again.\n")
    p = write(tmp_path, "call.vtt", vtt)
    df = fs.read(p, internal_speakers=["Oona Pratt"])
    assert df["direction"].tolist() == ["outbound", "inbound"]


def test_a_caption_name_with_a_tag_and_pronouns_is_one_speaker(tmp_path):
    text = ("[Oona Pratt] 10:30:05 Morning.\n"
            "[Kofi Mensah [Kestrel IT] [he/him]] 10:30:11 The invoice run failed again.\n"
            "[Oona Pratt] 10:30:20 Sorry, checking now.\n")
    p = write(tmp_path / "2026-03-02 10.30.00 Kestrel", "meeting_saved_closed_caption.txt", text)
    df = fs.read(p, internal_speakers=["Oona Pratt"])
    assert df["direction"].tolist() == ["outbound", "inbound", "outbound"]
    assert df["text"].iloc[1] == "The invoice run failed again."


def test_a_first_caption_minutes_before_a_start_just_after_midnight_is_the_previous_evening(tmp_path):
    # QA22 F10: 22 minutes before the start is nearer than 23 h 38 after it
    text = ("[Oona Pratt] 23:58:00 Hello?\n[Kofi Mensah] 00:20:30 Hi, sorry, joining now.\n"
            "[Oona Pratt] 00:21:00 No problem.\n")
    p = write(tmp_path / "2026-03-03 00.20.00 Kestrel night", "meeting_saved_closed_caption.txt", text)
    df = fs.read(p, internal_speakers=["Oona Pratt"])
    assert [str(t) for t in df["timestamp"]] == [
        "2026-03-02 23:58:00+00:00", "2026-03-03 00:20:30+00:00", "2026-03-03 00:21:00+00:00"]


def test_a_two_caption_file_that_passes_midnight_is_still_recognised(tmp_path):
    # QA22 F10: two turns whose clock wraps at midnight were "no reader recognised this file"
    text = "[Oona Pratt] 23:50:00 Late.\n[Kofi Mensah] 00:10:00 Failed again.\n"
    p = write(tmp_path / "2026-03-02 23.49.00 Kestrel night", "meeting_saved_closed_caption.txt", text)
    df = fs.read(p, internal_speakers=["Oona Pratt"])
    assert (df["status"] == "ok").all()
    assert [str(t) for t in df["timestamp"]] == ["2026-03-02 23:50:00+00:00", "2026-03-03 00:10:00+00:00"]
