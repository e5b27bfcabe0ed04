"""``relationship=`` may be a mapping for transcripts; it must never leak onto email rows."""

import shutil
from pathlib import Path

import frictionscan as fs

FIXTURES = Path(__file__).parent.parent / "fixtures"


def test_relationship_mapping_is_not_copied_onto_email_rows(tmp_path):
    vtt = FIXTURES / "transcripts" / "teams_meeting.vtt"
    shutil.copy(vtt, tmp_path / vtt.name)
    # internal mail has no client account, so it is the row the fallback could wrongly fill
    (tmp_path / "internal.eml").write_text(
        "From: Ana <ana@ourco.example>\nTo: Bo <bo@ourco.example>\n"
        "Subject: prep for the call\nMessage-ID: <int-1@ourco.example>\n\nNotes attached.\n"
    )
    df = fs.read(tmp_path, internal_domains=["ourco.example"],
                 relationship={vtt.name: "Acme Corp"})
    email = df[df["channel"] == "email"]
    meeting = df[df["channel"] == "transcript"]
    assert len(email) == 1 and len(meeting) > 0
    assert email["direction"].tolist() == ["internal"]
    assert email["relationship"].isna().all()
    assert set(meeting["relationship"].dropna()) == {"Acme Corp"}


def test_relationship_string_is_the_fallback_for_rows_without_one(tmp_path):
    vtt = FIXTURES / "transcripts" / "teams_meeting.vtt"
    df = fs.read(vtt, relationship="Acme Corp")
    assert (df["relationship"] == "Acme Corp").all()


def test_attendees_map_tells_our_speakers_from_the_clients_through_internal_domains():
    vtt = FIXTURES / "transcripts" / "teams_meeting.vtt"
    df = fs.read(vtt, internal_domains=["fernwick.io"],
                 attendees={"Hugo Brandt": "hugo@fernwick.io", "Ines Calder": "ines@client.example"})
    by_speaker = dict(zip(df["sender"], df["direction"], strict=True))
    assert {d for s, d in by_speaker.items() if "Hugo" in s} == {"outbound"}
    assert {d for s, d in by_speaker.items() if "Ines" in s} == {"inbound"}


def test_attendees_must_be_a_mapping():
    import pytest

    with pytest.raises(fs.FrictionscanError, match="attendees must be a dict"):
        fs.read(FIXTURES / "transcripts" / "teams_meeting.vtt", attendees=["Hugo"])
