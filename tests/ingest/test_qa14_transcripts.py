"""QA14: transcript speaker labels, name forms and start-time notes (support-ops persona findings)."""

from __future__ import annotations

import pytest

from frictionscan.ingest.registry import ReadOptions
from frictionscan.ingest.transcripts import parse_srt, parse_text_transcript, parse_vtt

OURS = ReadOptions(internal_speakers=frozenset({"ruth abara", "ines varga"}))


def _vtt(*cues: str) -> str:
    parts = ["WEBVTT", ""]
    for n, payload in enumerate(cues, 1):
        parts += [str(n), f"00:00:{2 * n:02d}.000 --> 00:00:{2 * n + 1:02d}.500", payload, ""]
    return "\n".join(parts)


def _turns(recs) -> list[tuple[str, str, str]]:
    return [(r["sender"], r["direction"], r["text"]) for r in recs]


TITLED = [
    ("zoom vtt", lambda: parse_vtt(_vtt("Ruth Abara: Welcome to the review.",
                                        "Dr. Lena Osei: The feed delay hurt our rounds.",
                                        "Ruth Abara: I understand."), OURS)),
    ("srt brackets", lambda: parse_srt(
        "1\n00:00:01,000 --> 00:00:03,000\n[Ruth Abara] Welcome to the review.\n\n"
        "2\n00:00:04,000 --> 00:00:06,000\n[Dr. Lena Osei] The feed delay hurt our rounds.\n\n"
        "3\n00:00:07,000 --> 00:00:08,000\n[Ruth Abara] I understand.\n", OURS)),
    ("rev text", lambda: parse_text_transcript(
        "Ruth Abara (00:01):\nWelcome to the review.\n\nDr. Lena Osei (00:04):\n"
        "The feed delay hurt our rounds.\n\nRuth Abara (00:09):\nI understand.\n", OURS)),
    ("otter text", lambda: parse_text_transcript(
        "Ruth Abara  0:01\nWelcome to the review.\n\nDr. Lena Osei  0:04\n"
        "The feed delay hurt our rounds.\n\nRuth Abara  0:09\nI understand.\n", OURS)),
]


@pytest.mark.parametrize("make", [m for _, m in TITLED], ids=[i for i, _ in TITLED])
def test_a_speaker_label_with_a_title_starts_the_clients_own_turn(make):
    assert _turns(make()) == [
        ("Ruth Abara", "outbound", "Welcome to the review."),
        ("Dr. Lena Osei", "inbound", "The feed delay hurt our rounds."),
        ("Ruth Abara", "outbound", "I understand."),
    ]


@pytest.mark.parametrize("label", ["J. Smith", "Anna K. Lee", "Prof. Ito", "Mrs. Brown", "+44 20 7946 0000",
                                   "07700 900123", "+1 (555) 010-0199", "Beth's iPhone",
                                   "Conference Room 3B"])
def test_initials_phone_numbers_and_device_names_are_speaker_labels(label):
    recs = list(parse_vtt(_vtt("Ines Varga: Who joined by phone?", f"{label}: We are very unhappy.",
                               "Ines Varga: I'll chase it today."), OURS))
    assert _turns(recs) == [("Ines Varga", "outbound", "Who joined by phone?"),
                            (label, "inbound", "We are very unhappy."),
                            ("Ines Varga", "outbound", "I'll chase it today.")]
    assert all("speaker label" not in (r["error"] or "") for r in recs)


@pytest.mark.parametrize("line", ["Time: 10:00 tomorrow works.", "Note: the export is late.",
                                  "Here is the thing: it broke twice.", "P.S.: the log is attached."])
def test_a_sentence_with_a_colon_stays_in_the_turn_without_a_note(line):
    vtt = list(parse_vtt(_vtt("Ruth Abara: The plan is simple.", line), OURS))
    text = list(parse_text_transcript(
        f"Ruth Abara  0:01\nThe plan is simple.\n{line}\n\nAnna Lee  0:09\nFine.\n", OURS))
    for recs in (vtt, text):
        assert recs[0]["sender"] == "Ruth Abara" and recs[0]["text"] == f"The plan is simple. {line}"
        assert "speaker label" not in (recs[0]["error"] or "")


def test_a_label_that_is_not_understood_is_noted_on_the_turn_that_kept_its_words():
    vtt = list(parse_vtt(_vtt("Ruth Abara: The plan is simple.", "Tamsin IT Dept.: Still broken."), OURS))
    text = list(parse_text_transcript(
        "Ruth Abara  0:01\nThe plan is simple.\n\nTamsin IT Dept.  0:04\nStill broken.\n\n"
        "Anna Lee  0:09\nFine.\n", OURS))
    for recs in (vtt, text):
        first = recs[0]
        assert first["status"] == "ok" and first["sender"] == "Ruth Abara"
        assert "'Tamsin IT Dept.' looks like a speaker label but was not read as one" in first["error"]
        assert all("speaker label" not in (r["error"] or "") for r in recs[1:])


def _read_named(tmp_path, rel: str, content: str):
    from frictionscan.ingest.transcripts import read_vtt

    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return list(read_vtt(path, OURS))


CALL = _vtt("Ruth Abara: Hello.", "Anna Lee: Hi.", "Ruth Abara: Bye.")


def test_a_zoom_local_folder_time_read_as_utc_is_noted_on_the_meetings_first_row(tmp_path):
    recs = _read_named(tmp_path, "2026-09-15 16.00.00 Harbor weekly sync/audio_transcript.vtt", CALL)
    assert str(recs[0]["timestamp"]) == "2026-09-15 16:00:02+00:00"
    assert "meeting start 2026-09-15 16:00 from Zoom's local recording folder" in recs[0]["error"]
    assert "no time zone: read as UTC" in recs[0]["error"] and "start=" in recs[0]["error"]
    assert [r["error"] for r in recs[1:]] == [None, None]
    assert {r["status"] for r in recs} == {"ok"}


# (a name with a date and no time, "Harbor weekly sync 2026-09-15.vtt", gets QA20's "no time of day"
# note instead: tests/ingest/test_qa20_name_dates.py)
@pytest.mark.parametrize("rel", ["2026-09-15 16.00.00 Harbor weekly sync/GMT20260915-140000_Recording.transcript.vtt",
                                 "Harbor weekly sync 2026-09-15 16-00.vtt"])
def test_a_zoom_gmt_name_or_a_name_the_user_wrote_gets_no_zone_note(tmp_path, rel):
    assert [r["error"] for r in _read_named(tmp_path, rel, CALL)] == [None, None, None]


ACCOUNTS = {"kilnworth.example": "Kilnworth Bakeries", "tamsin.example": "Tamsin Health"}


def _rel(path: str, **opts) -> set:
    options = ReadOptions(internal_speakers=OURS.internal_speakers, accounts=ACCOUNTS,
                          relationship="Harbor Freight", **opts)
    return {r["relationship"] for r in parse_vtt(CALL, options, path=path)}


def test_a_plain_relationship_does_not_override_the_account_a_call_names_in_its_title():
    assert _rel("Kilnworth service review 2026-09-29 10-00.vtt") == {"Kilnworth Bakeries"}


def test_a_plain_relationship_does_not_override_an_attendee_mapped_through_accounts():
    assert _rel("weekly call.vtt", attendees={"Anna Lee": "anna@tamsin.example"}) == {"Tamsin Health"}


@pytest.mark.parametrize("attendees", [None, {"Anna Lee": "anna@unknown-client.example"}])
def test_a_plain_relationship_is_the_account_of_a_call_that_names_none(attendees):
    assert _rel("weekly call.vtt", attendees=attendees) == {"Harbor Freight"}
