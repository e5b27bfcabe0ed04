"""Transcripts and helpdesk exports through ``frictionscan.read`` and into ``score``/``health``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import frictionscan as fs
from frictionscan.ingest import registry
from frictionscan.ingest.registry import ReadOptions
from frictionscan.schemas import validate_messages

FIX = Path(__file__).resolve().parents[1] / "fixtures"
SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
OUR_PEOPLE = ["Hugo Brandt", "Mia Stone"]

EML = """\
From: Rosa Kim <rosa.kim@kestrel-foods.com>
To: Hugo Brandt <hugo.brandt@fernwick.io>
Subject: Export still missing
Date: Fri, 10 Jan 2025 15:00:00 +0000
Message-ID: <export-1@kestrel-foods.com>

Hugo, the export still has not arrived. This is getting frustrating.
"""


def _direct_count(path: Path) -> int:
    reader = registry.sniff_format(path, path.read_bytes()[: registry.HEAD_BYTES])
    assert reader is not None
    return sum(1 for _ in reader.read(path, ReadOptions()))


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    for name in ("zoom_GMT20250110-140000_Recording.transcript.vtt", "teams_meeting.vtt",
                 "checkin_2025-01-15_09-30.srt", "otter_export.txt", "zoom_chat_new.txt",
                 "segments_object.json", "zoom_bad_timing.vtt"):
        shutil.copy(FIX / "transcripts" / name, tmp_path / name)
    shutil.copy(FIX / "helpdesk" / "zendesk.csv", tmp_path / "zendesk.csv")
    (tmp_path / "mail").mkdir()
    (tmp_path / "mail" / "export.eml").write_text(EML)
    return tmp_path


def test_read_handles_a_folder_mixing_transcripts_helpdesk_and_email(mixed_folder):
    df = fs.read(mixed_folder, internal_speakers=OUR_PEOPLE, internal_domains=["fernwick.io"])
    validate_messages(df)
    per_file = df.groupby("source").size()
    for path in mixed_folder.rglob("*"):
        if path.is_file() and path.suffix != ".eml":
            assert per_file[str(path)] == _direct_count(path), path.name  # rows out = turns in
    assert set(df["channel"]) == {"email", "transcript", "chat", "helpdesk"}
    email = df[df["channel"] == "email"].iloc[0]
    assert email["direction"] == "inbound" and email["status"] == "ok"
    zoom = df[df["source"].str.endswith("Recording.transcript.vtt")]
    assert zoom["direction"].tolist() == ["inbound", "outbound", "inbound"]
    assert zoom["thread_id"].nunique() == 1
    assert zoom["timestamp"].iloc[0] == pd.Timestamp("2025-01-10 14:00:01", tz="UTC")
    bad = df[df["source"].str.endswith("zoom_bad_timing.vtt")]
    assert bad["status"].tolist() == ["ok", "error", "error", "ok"]
    assert (df["source_index"] >= 0).all()


def test_read_forwards_relationship_and_start_to_transcripts(tmp_path):
    p = tmp_path / "call.txt"
    shutil.copy(FIX / "transcripts" / "name_colon_lines.txt", p)
    df = fs.read(p, internal_speakers=["hugo brandt"], relationship="Kestrel Foods", start="2025-02-03 10:00")
    assert set(df["relationship"]) == {"Kestrel Foods"}
    assert df["direction"].tolist() == ["inbound", "outbound", "inbound", "outbound"]
    assert (df["timestamp"] == pd.Timestamp("2025-02-03 10:00", tz="UTC")).all()


def test_relationship_mapping_without_a_match_leaves_the_account_unknown(tmp_path):
    p = tmp_path / "call.vtt"
    shutil.copy(FIX / "transcripts" / "teams_meeting.vtt", p)
    df = fs.read(p, relationship={"someone else": "Kestrel Foods"})
    assert df["relationship"].isna().all()
    df = fs.read(p, relationship={"call.vtt": "Kestrel Foods"})
    assert set(df["relationship"]) == {"Kestrel Foods"}


def test_the_same_meeting_read_twice_is_marked_duplicate(tmp_path):
    src = FIX / "transcripts" / "teams_meeting.vtt"
    shutil.copy(src, tmp_path / "a.vtt")
    shutil.copy(src, tmp_path / "b.vtt")
    df = fs.read(tmp_path)
    assert df["status"].tolist() == ["ok"] * 3 + ["duplicate"] * 3


def test_format_can_be_forced(tmp_path):
    p = tmp_path / "notes.log"
    p.write_text("Rosa Kim: one line only\n")
    df = fs.read(p, format="transcript_text")
    assert df["sender"].tolist() == ["Rosa Kim"]


SAMPLE_COUNTS = {
    "transcripts/2025-02-18 15.00.04 Orla catalogue migration/GMT20250218-150004_Recording.transcript.vtt": 15,
    "transcripts/Vantor escalation review 2025-03-06 16-00.vtt": 12,
    "transcripts/pinecrest_checkin_2025-02-27_14-00.srt": 10,
    "transcripts/Bellmont weekly sync 2025-03-12.txt": 10,
    "transcripts/Brisk Couriers check-in - Transcript.txt": 6,
    "transcripts/2025-02-18 15.00.04 Orla catalogue migration/meeting_saved_chat.txt": 7,
    "transcripts/maris_invoicing_call.json": 8,
    "helpdesk/zendesk_comments.csv": 19,
    "helpdesk/intercom_conversation_parts.jsonl": 12,
}

ORLA_VTT = "2025-02-18 15.00.04 Orla catalogue migration/GMT20250218-150004_Recording.transcript.vtt"
FERNWICK = ["Dana Whitlock", "Priya Raman", "Tomás Herrera", "Marek Nowak", "Lena Fischer", "Sam Okafor"]


def test_the_whole_sample_folder_reads_with_every_transcript_and_ticket_row_attributed():
    df = fs.read(SAMPLES, internal_domains=["fernwick.io"], internal_speakers=FERNWICK,
                 accounts=SAMPLES / "accounts.csv")
    other = df[df["channel"] != "email"]
    assert len(other) == sum(SAMPLE_COUNTS.values())
    assert (other["status"] == "ok").all()
    assert other["relationship"].notna().all()
    assert set(other["relationship"]) == {"Orla Retail", "Vantor Manufacturing", "Pinecrest Insurance",
                                          "Bellmont Logistics", "Maris Group", "Brisk Couriers"}


@pytest.mark.parametrize(("name", "count"), sorted(SAMPLE_COUNTS.items()))
def test_every_sample_reads_cleanly_with_the_documented_number_of_rows(name, count):
    df = fs.read(SAMPLES / name, internal_speakers=FERNWICK, internal_domains=["fernwick.io"])
    assert len(df) == count
    assert (df["status"] == "ok").all(), df.loc[df["status"] != "ok", "error"].tolist()
    assert df["direction"].notna().all()
    assert df["timestamp"].notna().all()


def test_score_and_health_run_on_transcript_rows():
    rel = {ORLA_VTT: "Orla Retail",
           "Vantor escalation review 2025-03-06 16-00.vtt": "Vantor Manufacturing"}
    frames = [fs.read(SAMPLES / "transcripts" / name, internal_speakers=FERNWICK, relationship=acc)
              for name, acc in rel.items()]
    messages = pd.concat(frames, ignore_index=True)
    scored = fs.score(messages)
    assert len(scored) == len(messages)
    assert scored[["frustration", "apology", "commitment"]].notna().all().all()
    weekly = fs.health(scored, freq="W")
    assert set(weekly["relationship"]) == {"Orla Retail", "Vantor Manufacturing"}
    assert weekly["health"].between(0, 100).all()


def _with_signals(messages: pd.DataFrame, frustrated: pd.Series) -> pd.DataFrame:
    """Hand-set signal columns (the scored-table contract) so health can be checked without a model."""
    from frictionscan.schemas import SIGNALS

    scored = messages.copy()
    for s in SIGNALS:
        scored[s] = 0.02
        scored[f"{s}_flag"] = False
    scored.loc[frustrated, "frustration"] = 0.95
    scored.loc[frustrated, "frustration_flag"] = True
    scored["evidence"] = [[] for _ in range(len(scored))]
    scored["commitment_due"] = pd.Series(pd.NaT, index=scored.index, dtype="datetime64[ns, UTC]")
    return scored


def test_health_runs_on_transcript_rows_and_sees_the_clients_friction():
    messages = fs.read(SAMPLES / "transcripts" / ORLA_VTT,
                       internal_speakers=FERNWICK, relationship="Orla Retail")
    calm = fs.health(_with_signals(messages, messages["direction"] == "__none__"), freq="W")
    tense = fs.health(_with_signals(messages, messages["direction"] == "inbound"), freq="W")
    assert calm["relationship"].tolist() == ["Orla Retail"]
    assert tense["n_inbound"].iloc[0] == (messages["direction"] == "inbound").sum()
    assert tense["health"].iloc[0] < calm["health"].iloc[0]


TEAMS_TEXT = ("Juniper quarterly review\n25 February 2026, 10:00:00\n\n"
              "Brook, Nadia   0:03\nGood morning Alana.\n\n"
              "Reyes, Alana   0:09\nMorning, all good here.\n")


@pytest.mark.parametrize("bad", ["banana", {"call.txt": "banana"}, True, float("nan"), [2026],
                                 # numbers that are no Unix time (review of the eighth session)
                                 0, 12, -5, 20250214, -1772031600])
def test_a_start_that_is_not_a_time_raises_before_anything_is_read(tmp_path, monkeypatch, bad):
    from frictionscan.errors import InvalidOptionError
    from frictionscan.ingest import pipeline

    p = tmp_path / "call.txt"
    p.write_text(TEAMS_TEXT)

    def no_reading(path):
        raise AssertionError(f"{path} was opened before start= was checked")

    monkeypatch.setattr(pipeline, "_read_head", no_reading)
    with pytest.raises(InvalidOptionError, match="start=") as err:
        fs.read(p, start=bad)
    with pytest.raises(InvalidOptionError, match="start="):
        fs.iter_read(p, start=bad)  # at the call, not at the first chunk
    assert "Unix seconds" in str(err.value) and "2025-02-14 10:30" in str(err.value)


@pytest.mark.parametrize("start", [1772031600, 1772031600.0, "1772031600", 1772031600000,
                                   {"call.txt": 1772031600}])
def test_a_bare_number_start_is_unix_seconds(tmp_path, start):
    p = tmp_path / "call.txt"
    p.write_text("Brook, Nadia   0:03\nGood morning Alana.\n\nReyes, Alana   0:09\nMorning.\n\n"
                 "Brook, Nadia   0:15\nGreat.\n")
    df = fs.read(p, start=start)
    assert df["status"].tolist() == ["ok"] * 3
    assert str(df["timestamp"][0]) == "2026-02-25 15:00:03+00:00"
