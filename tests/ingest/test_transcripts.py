"""Transcript readers: one row per speaker turn, speaker -> sender/direction, start + offset -> timestamp."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import frictionscan as fs
from frictionscan.errors import InvalidOptionError
from frictionscan.ingest import registry
from frictionscan.ingest.registry import ReadOptions
from frictionscan.ingest.transcripts import (
    looks_like_name,
    meeting_start_from_name,
    normalize_name,
    parse_json_transcript,
    parse_offset,
    parse_srt,
    parse_text_transcript,
    parse_vtt,
    parse_zoom_chat,
)
from frictionscan.schemas import MESSAGE_COLUMNS, messages_frame, validate_messages

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "transcripts"
OURS = ReadOptions(internal_speakers=frozenset({"hugo brandt", "mia stone"}))
LEAKS = re.compile(r"-->|<v\b|</v>|&amp;|&lt;|&#39;|&nbsp;|\d\d:\d\d:\d\d[.,]\d{3}|WEBVTT|^\d+$")


def read(name: str, options: ReadOptions = OURS) -> list[dict]:
    path = FIX / name
    reader = registry.sniff_format(path, path.read_bytes()[: registry.HEAD_BYTES])
    assert reader is not None, f"no reader recognised {name}"
    return list(reader.read(path, options))


def sniffed(name: str) -> str | None:
    path = FIX / name
    reader = registry.sniff_format(path, path.read_bytes()[: registry.HEAD_BYTES])
    return reader.name if reader else None


def turns(recs: list[dict]) -> list[tuple[str | None, str]]:
    return [(r["sender"], r["text"]) for r in recs]


# ---------------------------------------------------------------------------------------------
# detection


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("zoom_GMT20250110-140000_Recording.transcript.vtt", "vtt"),
        ("teams_meeting.vtt", "vtt"),
        ("google_meet.vtt", "vtt"),
        ("checkin_2025-01-15_09-30.srt", "srt"),
        ("otter_export.txt", "transcript_text"),
        ("bracket_lines.txt", "transcript_text"),
        ("name_colon_lines.txt", "transcript_text"),
        ("meet_transcript.txt", "transcript_text"),
        ("zoom_chat_new.txt", "zoom_chat"),
        ("zoom_chat_old.txt", "zoom_chat"),
        ("segments_list.json", "transcript_json"),
        ("segments_object.json", "transcript_json"),
    ],
)
def test_each_transcript_format_is_detected_from_content(name, fmt):
    assert sniffed(name) == fmt


def test_email_is_not_taken_for_a_plain_text_transcript(tmp_path):
    eml = tmp_path / "note.txt"
    eml.write_text("From: Rosa Kim <rosa@kestrel-foods.com>\nTo: hugo@fernwick.io\nSubject: hi\n\n"
                   "Rosa Kim: this line looks like a transcript\nHugo: so does this\n")
    reader = registry.sniff_format(eml, eml.read_bytes())
    assert reader is None or reader.name == "eml"


NOT_TRANSCRIPTS = {
    "memo": "Minutes of the meeting.\nAgenda: renewal, pricing.\nWe agreed to meet again next week.\n",
    "metadata": "Metadata-Version: 2.4\nName: pkg\nVersion: 1.0\nRequires-Dist: a\nRequires-Dist: b\n"
                "Provides-Extra: dev\nRequires-Dist: c\nRequires-Python: >=3.10\n",
    "front_matter": "Title: Q1 notes\nAuthor: Rosa Kim\nDate: 2025-01-10\nStatus: draft\n\nText here.\n",
    "python": "def f(x):\n    return x\n\nclass A:\n    pass\n",
    "csv": "key,account\nkestrel-foods.com,Kestrel Foods\n",
    "docstring": "Parameters: none\nReturns: a frame\nExample: see below\nRaises: never\n",
}


@pytest.mark.parametrize("name", sorted(NOT_TRANSCRIPTS))
def test_other_text_files_are_not_taken_for_transcripts(tmp_path, name):
    p = tmp_path / f"{name}.txt"
    p.write_text(NOT_TRANSCRIPTS[name])
    reader = registry.sniff_format(p, p.read_bytes())
    assert reader is None or reader.name not in {"transcript_text", "srt", "vtt", "zoom_chat",
                                                  "transcript_json", "helpdesk"}


# ---------------------------------------------------------------------------------------------
# WebVTT


def test_zoom_vtt_merges_consecutive_cues_of_one_speaker_into_turns():
    recs = read("zoom_GMT20250110-140000_Recording.transcript.vtt")
    assert turns(recs) == [
        ("Ines Calder", "We were promised the export by Monday. It's Thursday."),
        ("Hugo Brandt", "You're right. I'm sorry, that's on me. I'll send it tonight before six."),
        ("Ines Calder", "Thank you."),
    ]
    assert {r["channel"] for r in recs} == {"transcript"}
    assert [r["direction"] for r in recs] == ["inbound", "outbound", "inbound"]


def test_zoom_file_name_gives_the_meeting_start_and_cue_offsets_give_timestamps():
    recs = read("zoom_GMT20250110-140000_Recording.transcript.vtt")
    assert [str(r["timestamp"]) for r in recs] == [
        "2025-01-10 14:00:01+00:00", "2025-01-10 14:00:08+00:00", "2025-01-10 14:00:16+00:00"]


def test_one_thread_per_meeting_with_unique_stable_message_ids():
    a = read("zoom_GMT20250110-140000_Recording.transcript.vtt")
    b = read("zoom_GMT20250110-140000_Recording.transcript.vtt")
    assert len({r["thread_id"] for r in a}) == 1
    assert [r["message_id"] for r in a] == [r["message_id"] for r in b]
    assert len({r["message_id"] for r in a}) == len(a)
    other = read("teams_meeting.vtt")
    assert other[0]["thread_id"] != a[0]["thread_id"]


def test_teams_voice_tags_guid_ids_and_entities_never_leak_into_text():
    recs = read("teams_meeting.vtt")
    assert turns(recs) == [
        ("Calder, Ines", "Q&A first \u2013 then the numbers."),
        ("Hugo Brandt (Fernwick)", "Sure. The <sync> failed twice this week. We've patched it."),
        ("Calder, Ines", "Good."),
    ]
    # "(Fernwick)" and "Last, First" are ignored when matching internal speakers
    assert [r["direction"] for r in recs] == ["inbound", "outbound", "inbound"]


def test_google_meet_vtt_header_note_style_and_cue_settings_are_skipped():
    recs = read("google_meet.vtt")
    assert turns(recs) == [("Rosa Kim", "Why is the invoice wrong again?"),
                           ("Hugo Brandt", "Let me check. One moment.")]
    assert all(not LEAKS.search(r["text"]) for r in recs)
    assert recs[0]["timestamp"] is None  # no start anywhere: NaT in the table


def test_bad_timing_lines_become_error_rows_and_good_cues_survive():
    recs = read("zoom_bad_timing.vtt")
    assert [r["status"] for r in recs] == ["ok", "error", "error", "ok"]
    assert "malformed timing line" in recs[1]["error"] and "banana" in recs[1]["error"]
    assert "no timing line" in recs[2]["error"]
    assert recs[1]["sender"] == "Hugo Brandt"
    assert recs[1]["text"] == "This cue has a broken timing line."
    assert recs[3]["text"] == "And this one is fine again."


def test_cue_without_a_speaker_continues_the_turn_or_is_an_error_when_nobody_spoke_yet():
    recs = read("no_speaker.vtt")
    assert recs[0]["status"] == "error" and "no speaker" in recs[0]["error"]
    assert recs[0]["text"] == "Nobody labelled this caption."
    assert turns(recs[1:]) == [("Rosa Kim", "I am labelled. and this continues my turn.")]


# ---------------------------------------------------------------------------------------------
# SubRip


def test_srt_multi_line_cues_bracket_and_colon_prefixes():
    recs = read("checkin_2025-01-15_09-30.srt")
    assert turns(recs) == [
        ("Rosa Kim", "The dashboard has been down since Tuesday. Nobody told us."),
        ("Hugo Brandt", "That shouldn't have happened. I apologise."),
        ("Rosa Kim", "Okay."),
    ]
    assert str(recs[1]["timestamp"]) == "2025-01-15 09:30:07.500000+00:00"
    assert all(not LEAKS.search(r["text"]) for r in recs)


def speakers_of(recs: list[dict]) -> list[tuple[str | None, str | None, str]]:
    return [(r["sender"], r["direction"], r["text"]) for r in recs]


# the client asks, our promise answers in the same cue, the client replies in the next
ASK_AND_PROMISE = [("Rosa Kim", "inbound", "Has the export been fixed?"),
                   ("Hugo Brandt", "outbound", "I'll send you the fix by Thursday."),
                   ("Rosa Kim", "inbound", "Good.")]


def test_a_second_speaker_label_inside_one_srt_cue_starts_that_speakers_turn_at_the_cue_time():
    doc = ("1\n00:00:02,000 --> 00:00:06,000\nRosa Kim: Has the export been fixed?\n"
           "Hugo Brandt: I'll send you the fix by Thursday.\n\n"
           "2\n00:00:07,000 --> 00:00:09,000\nRosa Kim: Good.\n")
    recs = list(parse_srt(doc, ReadOptions(internal_speakers=OURS.internal_speakers, start="2025-03-04 10:00")))
    assert speakers_of(recs) == ASK_AND_PROMISE
    assert [str(r["timestamp"]) for r in recs] == ["2025-03-04 10:00:02+00:00", "2025-03-04 10:00:02+00:00",
                                                   "2025-03-04 10:00:07+00:00"]
    assert all(r["status"] == "ok" and r["error"] is None for r in recs)


def test_srt_dialogue_lines_each_opening_with_a_dash_and_a_name_are_two_turns():
    doc = ("1\n00:00:02,000 --> 00:00:06,000\n- Rosa Kim: Has the export been fixed?\n"
           "- Hugo Brandt: I'll send you the fix by Thursday.\n\n"
           "2\n00:00:07,000 --> 00:00:09,000\n- Rosa Kim: Good.\n")
    assert speakers_of(parse_srt(doc, OURS)) == ASK_AND_PROMISE


def test_bracketed_names_on_later_lines_of_a_cue_start_new_turns():
    doc = ("1\n00:00:02,000 --> 00:00:06,000\n[Rosa Kim] Has the export been fixed?\n"
           "[Hugo Brandt] I'll send you the fix by Thursday.\n\n"
           "2\n00:00:07,000 --> 00:00:09,000\n[Rosa Kim] Good.\n")
    assert speakers_of(parse_srt(doc, OURS)) == ASK_AND_PROMISE


def test_zoom_style_name_lines_inside_one_vtt_cue_are_separate_turns():
    doc = ("WEBVTT\n\n1\n00:00:02.000 --> 00:00:06.000\nRosa Kim: Has the export been fixed?\n"
           "Hugo Brandt: I'll send you the fix by Thursday.\n\n"
           "2\n00:00:07.000 --> 00:00:09.000\nRosa Kim: Good.\n")
    assert speakers_of(parse_vtt(doc, OURS)) == ASK_AND_PROMISE


def test_the_same_speaker_named_again_inside_a_cue_stays_one_turn():
    doc = "1\n00:00:02,000 --> 00:00:06,000\nRosa Kim: Has the export been fixed?\nRosa Kim: It's been a week.\n"
    assert speakers_of(parse_srt(doc, OURS)) == [("Rosa Kim", "inbound", "Has the export been fixed? It's been a week.")]


@pytest.mark.parametrize("later_line", [
    "Note: the report is late again.",
    "Re: invoice 4471, still unpaid.",
    "We said 10:30 and it is now 11:15.",
    "See https://status.example.com/incidents for details.",
    "Friday: That is what you told us.",
    "[Laughter] Fine, fine.",
])
def test_ordinary_text_with_a_colon_on_a_later_cue_line_does_not_split_the_turn(later_line):
    doc = f"1\n00:00:02,000 --> 00:00:06,000\nRosa Kim: Has the export been fixed?\n{later_line}\n"
    recs = list(parse_srt(doc, ReadOptions(internal_speakers=OURS.internal_speakers, start="2025-03-04 10:00")))
    assert speakers_of(recs) == [("Rosa Kim", "inbound", f"Has the export been fixed? {later_line}")]
    assert recs[0]["error"] is None


@pytest.mark.parametrize("later_line", [
    "Action Item: Dana to send the contract by Friday.",
    "Step 2: we freeze the tenant.",
    "Budget: 120k for the whole rollout.",
    "Deadline: The 14th, as agreed.",
    "Open Questions: who signs off the cutover?",
])
def test_a_heading_with_a_colon_on_a_later_cue_line_is_the_speakers_text_not_a_new_speaker(later_line):
    """A later line starts a turn only with a label the file already uses as one (a label that opens
    some cue, a known or an internal speaker); a heading the speaker reads out is their own words,
    so our promise in it stays ours."""
    doc = (f"1\n00:00:02,000 --> 00:00:08,000\nHugo Brandt: Let me recap.\n{later_line}\n\n"
           "2\n00:00:09,000 --> 00:00:10,000\nRosa Kim: Okay.\n")
    recs = list(parse_srt(doc, ReadOptions(internal_speakers=OURS.internal_speakers, start="2025-03-04 10:00")))
    assert speakers_of(recs) == [("Hugo Brandt", "outbound", f"Let me recap. {later_line}"),
                                 ("Rosa Kim", "inbound", "Okay.")]


def test_a_titled_name_on_a_later_cue_line_is_a_speaker_even_if_it_never_opens_a_cue():
    doc = ("1\n00:00:02,000 --> 00:00:06,000\nHugo Brandt: I'll send the performance report by the 20th.\n"
           "Prof. Ito: I can review that report too.\n")
    recs = list(parse_srt(doc, ReadOptions(internal_speakers=OURS.internal_speakers, start="2025-03-04 10:00")))
    assert speakers_of(recs) == [("Hugo Brandt", "outbound", "I'll send the performance report by the 20th."),
                                 ("Prof. Ito", "inbound", "I can review that report too.")]


def test_a_client_who_opens_other_cues_is_read_on_a_later_line_too():
    doc = ("1\n00:00:02,000 --> 00:00:06,000\nHugo Brandt: The report is attached.\n"
           "Rosa Kim: Thanks, got it.\n\n2\n00:00:07,000 --> 00:00:09,000\nRosa Kim: One more thing.\n")
    recs = list(parse_srt(doc, ReadOptions(internal_speakers=OURS.internal_speakers, start="2025-03-04 10:00")))
    assert speakers_of(recs) == [("Hugo Brandt", "outbound", "The report is attached."),
                                 ("Rosa Kim", "inbound", "Thanks, got it. One more thing.")]


@pytest.mark.parametrize("opener", ["[Laughter]", "[Crosstalk]", "Tuesday:"])
def test_a_caption_sound_tag_or_a_day_opening_a_cue_is_not_a_speaker(opener):
    doc = ("1\n00:00:02,000 --> 00:00:04,000\nRosa Kim: Has the export been fixed?\n\n"
           f"2\n00:00:05,000 --> 00:00:07,000\n{opener} That was the deadline.\n")
    assert speakers_of(parse_srt(doc, OURS)) == [
        ("Rosa Kim", "inbound", f"Has the export been fixed? {opener} That was the deadline.")]


def test_a_later_cue_line_that_looks_like_a_label_but_is_not_read_as_one_is_noted():
    doc = ("1\n00:00:02,000 --> 00:00:06,000\nRosa Kim: Has the export been fixed?\n"
           "Tamsin IT Dept.: the feed is late too.\n")
    recs = list(parse_srt(doc, ReadOptions(internal_speakers=OURS.internal_speakers, start="2025-03-04 10:00")))
    assert speakers_of(recs) == [("Rosa Kim", "inbound",
                                  "Has the export been fixed? Tamsin IT Dept.: the feed is late too.")]
    assert "'Tamsin IT Dept.' looks like a speaker label" in recs[0]["error"]


def test_srt_timing_line_without_arrow_is_an_error_row_that_does_not_leak_the_times():
    recs = list(parse_srt("1\n00:00:01,000 - 00:00:02,000\nRosa Kim: hi\n\n"
                          "2\n00:00:03,000 --> 00:00:04,000\nRosa Kim: ok\n", OURS))
    assert [(r["status"], r["text"]) for r in recs] == [("error", "hi"), ("ok", "ok")]
    assert "malformed timing line" in recs[0]["error"]


# ---------------------------------------------------------------------------------------------
# plain text


def test_otter_header_lines_then_paragraphs_and_footer_dropped():
    recs = read("otter_export.txt", ReadOptions(internal_speakers=frozenset({"hugo brandt"}),
                                                start="2025-01-31 16:00"))
    assert turns(recs) == [
        ("Rosa Kim", "Honestly this is the third time we've raised the same bug."),
        ("Hugo Brandt",
         "I hear you. I'll put an engineer on it today and call you tomorrow at ten with what we find."),
        ("Rosa Kim", "Okay, thanks."),
    ]
    assert [str(r["timestamp"]) for r in recs] == [
        "2025-01-31 16:00:02+00:00", "2025-01-31 16:00:15+00:00", "2025-01-31 17:02:07+00:00"]


def test_bracketed_timestamps_and_name_colon_lines():
    recs = read("bracket_lines.txt")
    assert turns(recs) == [("Rosa Kim", "We still have no date for the fix."),
                           ("Hugo Brandt", "You will have one by Friday. In writing."),
                           ("Rosa Kim", "Good.")]
    recs = read("name_colon_lines.txt")
    assert [r["sender"] for r in recs] == ["Rosa Kim", "Hugo Brandt", "Rosa Kim", "Hugo Brandt"]


def test_google_meet_text_transcript_takes_title_and_start_with_its_utc_offset():
    recs = read("meet_transcript.txt")
    assert recs[0]["subject"] == "Renewal check-in"
    assert str(recs[0]["timestamp"]) == "2025-01-20 09:00:00+00:00"  # 10:00 GMT+1
    assert str(recs[-1]["timestamp"]) == "2025-01-20 09:05:00+00:00"
    assert turns(recs)[-1] == ("Rosa Kim", "We're happy with the last release, thanks.")
    assert not any(r["sender"] in ("Attendees", "Transcript") for r in recs)


def test_meet_title_line_without_a_date_is_the_subject_not_an_error():
    recs = list(parse_text_transcript("Weekly sync \u2013 Transcript\n\n00:00:00\n\nRosa Kim: hi\n"
                                      "Hugo Brandt: hello\n", OURS))
    assert turns(recs) == [("Rosa Kim", "hi"), ("Hugo Brandt", "hello")]
    assert {r["subject"] for r in recs} == {"Weekly sync"}


def test_names_in_uncased_scripts_and_fullwidth_colons():
    recs = list(parse_text_transcript("\u674e\u4f1f\uff1a\u4f60\u597d\n\u738b\u82b3: \u4e0d\u597d\n"
                                      "\u674e\u4f1f\uff1a\u518d\u89c1\n", OURS))
    assert [r["sender"] for r in recs] == ["\u674e\u4f1f", "\u738b\u82b3", "\u674e\u4f1f"]


def test_labels_that_do_not_look_like_names_are_accepted_when_the_tool_repeats_them():
    doc = "WEBVTT\n\n" + "\n".join(
        f"{i}\n00:00:0{i}.000 --> 00:00:0{i}.500\n{'dana w' if i % 2 else 'rosa@kestrel-foods.com'}: line {i}\n"
        for i in range(1, 7))
    recs = list(parse_vtt(doc, ReadOptions(internal_speakers=frozenset({"dana w"}),
                                           internal_domains=frozenset({"fernwick.io"}))))
    assert [r["sender"] for r in recs] == ["dana w", "rosa@kestrel-foods.com"] * 3
    assert [r["direction"] for r in recs[:2]] == ["outbound", "inbound"]
    assert recs[1]["relationship"] == "kestrel-foods.com"


@pytest.mark.parametrize("doc", [
    "Rosa Kim (00:04):\nWe are still waiting on the fix.\n\nHugo Brandt (00:09):\nI know. It ships Friday.\n\n"
    "Rosa Kim (01:02):\nOkay.\n",
    "Rosa Kim [00:00:04] We are still waiting on the fix.\nHugo Brandt [00:00:09] I know. It ships Friday.\n"
    "Rosa Kim [00:01:02] Okay.\n",
])
def test_rev_and_descript_style_name_then_time_headers(tmp_path, doc):
    p = tmp_path / "rev.txt"
    p.write_text(doc)
    assert registry.sniff_format(p, p.read_bytes()).name == "transcript_text"
    recs = list(registry.get_reader("transcript_text").read(p, ReadOptions(start="2025-01-01 10:00")))
    assert turns(recs) == [("Rosa Kim", "We are still waiting on the fix."),
                           ("Hugo Brandt", "I know. It ships Friday."), ("Rosa Kim", "Okay.")]
    assert str(recs[2]["timestamp"]) == "2025-01-01 10:01:02+00:00"


def test_text_before_any_speaker_is_an_error_row(tmp_path):
    p = tmp_path / "t.txt"
    p.write_text("some stray preamble\nRosa Kim: hello\nHugo Brandt: hi\nRosa Kim: bye\n")
    recs = list(registry.get_reader("transcript_text").read(p, OURS))
    assert [r["status"] for r in recs] == ["error", "ok", "ok", "ok"]
    assert "before any speaker" in recs[0]["error"]


# ---------------------------------------------------------------------------------------------
# Zoom chat


def test_zoom_chat_new_format_one_row_per_message_with_wall_clock_times():
    recs = read("zoom_chat_new.txt", ReadOptions(internal_speakers=frozenset({"hugo brandt", "mia stone"}),
                                                 start="2025-01-30 10:00"))
    assert [r["channel"] for r in recs] == ["chat"] * 3
    assert turns(recs) == [("Rosa Kim", "Still no export in my inbox.\nChecked spam too."),
                           ("Hugo Brandt", "can you resend it now?"),
                           ("Hugo Brandt", "Resending now, sorry Rosa.")]
    assert [r["direction"] for r in recs] == ["inbound", "internal", "outbound"]
    assert recs[1]["recipients"] == "mia stone"
    assert str(recs[0]["timestamp"]) == "2025-01-30 10:02:33+00:00"


def test_zoom_chat_old_one_line_tab_separated_format():
    recs = read("zoom_chat_old.txt")
    assert turns(recs) == [("Rosa Kim", "Are we recording?"), ("Hugo Brandt", "yes"),
                           ("Rosa Kim", "OK thanks")]
    assert recs[1]["recipients"] == "rosa kim"
    assert recs[0]["timestamp"] is None  # no start known


def test_zoom_chat_rolls_over_midnight(tmp_path):
    p = tmp_path / "GMT20250131-230000_chat.txt"
    p.write_text("23:59:50 From Rosa Kim to Everyone:\n\tlate one\n00:00:10 From Hugo Brandt to Everyone:\n"
                 "\tstill here\n")
    recs = list(registry.get_reader("zoom_chat").read(p, OURS))
    assert [str(r["timestamp"]) for r in recs] == ["2025-01-31 23:59:50+00:00", "2025-02-01 00:00:10+00:00"]


# ---------------------------------------------------------------------------------------------
# JSON


def test_json_segment_list_merges_turns_and_reports_a_missing_speaker():
    recs = read("segments_list.json")
    assert turns(recs) == [("Rosa Kim", "The report is late again. Every single week."),
                           ("Hugo Brandt", "I'm sorry. I'll fix the schedule today."),
                           (None, "(crosstalk)"),
                           ("Rosa Kim", "Thanks, Hugo.")]
    assert [r["status"] for r in recs] == ["ok", "ok", "error", "ok"]
    assert "no speaker" in recs[2]["error"]


def test_json_object_with_attendees_gives_direction_relationship_and_start():
    opts = ReadOptions(internal_domains=frozenset({"fernwick.io"}),
                       accounts={"kestrel-foods.com": "Kestrel Foods"})
    recs = read("segments_object.json", opts)
    assert recs[0]["subject"] == "Weekly sync"
    assert [r["direction"] for r in recs[:2]] == ["inbound", "outbound"]
    assert {r["relationship"] for r in recs} == {"Kestrel Foods"}
    assert str(recs[1]["timestamp"]) == "2025-01-22 15:00:04.500000+00:00"
    assert recs[2]["status"] == "error" and "no text" in recs[2]["error"]


def test_json_offsets_in_unlabelled_milliseconds_are_detected():
    doc = ('{"start_time": "2025-01-01T10:00:00Z", "utterances": ['
           '{"speaker": "A", "start": 1230, "end": 4560, "text": "hi"},'
           '{"speaker": "B", "start": 5000, "end": 8000, "text": "hello"}]}')
    recs = list(parse_json_transcript(doc, OURS))
    assert [str(r["timestamp"]) for r in recs] == ["2025-01-01 10:00:01.230000+00:00",
                                                   "2025-01-01 10:00:05+00:00"]


@pytest.mark.parametrize(("start", "first"), [
    ("1732350600", "2024-11-23 08:30:01.500000+00:00"),     # Unix seconds
    ("1732350600000", "2024-11-23 08:30:01.500000+00:00"),  # JavaScript milliseconds
    ("1e20", "None"),                                       # no representable date: start unknown
    ("1e400", "None"),                                      # JSON's infinity
    ("true", "None"),
])
def test_numeric_meeting_start_is_read_as_epoch_and_an_impossible_one_loses_no_turn(start, first):
    doc = ('{"start_time": ' + start + ', "segments": [{"speaker": "A", "start": 1.5, "text": "hi"},'
           ' {"speaker": "B", "start": 3, "text": "hello"}]}')
    recs = list(parse_json_transcript(doc, ReadOptions()))
    assert [(r["status"], r["text"]) for r in recs] == [("ok", "hi"), ("ok", "hello")]
    assert str(recs[0]["timestamp"]) == first


@pytest.mark.parametrize("doc", [
    '{"timeline": [{"text": "late again", "ts": "00:00:01.500", "users": [{"username": "Rosa Kim",'
    ' "email_address": "rosa@kestrel-foods.com"}]}, {"text": "sorry", "ts": "00:00:03.000",'
    ' "users": [{"username": "Hugo Brandt"}]}]}',
    '{"sentences": [{"speaker_name": "Rosa Kim", "text": "late again", "start_time": 1.5},'
    ' {"speaker_name": "Hugo Brandt", "text": "sorry", "start_time": 3}]}',
])
def test_zoom_api_timeline_and_sentence_lists(tmp_path, doc):
    p = tmp_path / "t.json"
    p.write_text(doc)
    assert registry.sniff_format(p, p.read_bytes()).name == "transcript_json"
    recs = list(registry.get_reader("transcript_json").read(p, ReadOptions(start="2025-01-01 10:00")))
    assert turns(recs) == [("Rosa Kim", "late again"), ("Hugo Brandt", "sorry")]
    assert str(recs[0]["timestamp"]) == "2025-01-01 10:00:01.500000+00:00"


def test_a_bare_speaker_label_starts_that_speakers_turn_and_an_empty_turn_is_an_error_row():
    vtt = ("WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nBob Jones: We shipped it.\n\n"
           "2\n00:00:03.000 --> 00:00:04.000\nAnn Smith:\n\n"
           "3\n00:00:05.000 --> 00:00:06.000\nAnn Smith: It still fails.\n\n"
           "4\n00:00:07.000 --> 00:00:08.000\nBob Jones: \n\n"
           "5\n00:00:09.000 --> 00:00:10.000\nAnn Smith: Hello?\n")
    recs = list(parse_vtt(vtt, OURS))
    assert turns(recs) == [("Bob Jones", "We shipped it."), ("Ann Smith", "It still fails."),
                           ("Bob Jones", ""), ("Ann Smith", "Hello?")]
    assert [r["status"] for r in recs] == ["ok", "ok", "error", "ok"]
    assert "has no words" in recs[2]["error"]
    doc = '[{"speaker": "Ann", "start": 0, "text": "hello"}, {"speaker": "Bob", "start": 1, "text": "  "}]'
    assert [r["status"] for r in parse_json_transcript(doc, OURS)] == ["ok", "error"]


def test_an_error_row_gets_no_made_up_timestamp():
    doc = ('[{"speaker": "Ann", "start": 1, "text": "hi"}, {"speaker": "Bob", "start": "banana", "text": "x"}]')
    recs = list(parse_json_transcript(doc, ReadOptions(start="2025-01-01 10:00")))
    assert [(r["status"], str(r["timestamp"])) for r in recs] == [("ok", "2025-01-01 10:00:01+00:00"),
                                                                   ("error", "None")]


def test_invalid_json_is_one_error_row(tmp_path):
    p = tmp_path / "broken.json"
    p.write_text('[{"speaker": "Rosa Kim", "text": "hi"')
    recs = list(registry.get_reader("transcript_json").read(p, OURS))
    assert len(recs) == 1 and recs[0]["status"] == "error" and "invalid JSON" in recs[0]["error"]


# ---------------------------------------------------------------------------------------------
# options and malformed files


def test_relationship_argument_and_mapping():
    name = "zoom_GMT20250110-140000_Recording.transcript.vtt"
    recs = read(name, ReadOptions(relationship="Kestrel Foods"))
    assert {r["relationship"] for r in recs} == {"Kestrel Foods"}
    recs = read(name, ReadOptions(relationship={name: "Kestrel Foods"}))
    assert {r["relationship"] for r in recs} == {"Kestrel Foods"}
    recs = read(name, ReadOptions(relationship={"ines calder": "Kestrel Foods"}))
    assert {r["relationship"] for r in recs} == {"Kestrel Foods"}  # the whole meeting


def test_account_named_in_the_meeting_title_or_file_name_gives_the_relationship(tmp_path):
    accounts = {"kestrel-foods.com": "Kestrel Foods", "tallow.io": "Tallow Labs"}
    body = (FIX / "name_colon_lines.txt").read_bytes()
    one = tmp_path / "Kestrel renewal 2025-01-10.txt"
    both = tmp_path / "Kestrel and Tallow joint sync.txt"
    neither = tmp_path / "weekly sync.txt"
    for p in (one, both, neither):
        p.write_bytes(body)
    reader = registry.get_reader("transcript_text")
    got = [{r["relationship"] for r in reader.read(p, ReadOptions(accounts=accounts))}
           for p in (one, both, neither)]
    assert got == [{"Kestrel Foods"}, {None}, {None}]


def test_direction_is_unknown_without_internal_speakers_or_attendee_emails():
    recs = read("teams_meeting.vtt", ReadOptions())
    assert {r["direction"] for r in recs} == {None}


def test_start_option_overrides_the_file_name_and_bad_start_is_refused():
    name = "zoom_GMT20250110-140000_Recording.transcript.vtt"
    recs = read(name, ReadOptions(start=pd.Timestamp("2025-03-01 09:00", tz="Europe/Berlin")))
    assert str(recs[0]["timestamp"]) == "2025-03-01 08:00:01+00:00"
    with pytest.raises(InvalidOptionError, match="start="):
        read(name, ReadOptions(start="not a date"))


def test_start_mapping_is_looked_up_by_file_name():
    recs = read("google_meet.vtt", ReadOptions(start={"google_meet.vtt": "2025-02-01T12:00:00+01:00"}))
    assert str(recs[0]["timestamp"]) == "2025-02-01 11:00:02+00:00"
    recs = read("google_meet.vtt", ReadOptions(start={"other.vtt": "2025-02-01"}))
    assert recs[0]["timestamp"] is None


@pytest.mark.parametrize("fmt", ["vtt", "srt", "zoom_chat", "transcript_json", "transcript_text"])
def test_empty_file_is_one_error_row_for_every_format(tmp_path, fmt):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    recs = list(registry.get_reader(fmt).read(p, OURS))
    assert len(recs) == 1 and recs[0]["status"] == "error" and "empty file" in recs[0]["error"]


def test_vtt_with_header_only_is_one_error_row(tmp_path):
    p = tmp_path / "x.vtt"
    p.write_text("WEBVTT\n\n")
    recs = list(registry.get_reader("vtt").read(p, OURS))
    assert len(recs) == 1 and recs[0]["status"] == "error" and "no cues" in recs[0]["error"]


def test_windows_1252_transcript_is_read_and_the_row_says_how(tmp_path):
    p = tmp_path / "latin.srt"
    p.write_bytes("1\n00:00:01,000 --> 00:00:02,000\nRosa Kim: Caf\u00e9 \u201cmeeting\u201d\n".encode("cp1252"))
    recs = list(registry.get_reader("srt").read(p, OURS))
    assert recs[0]["status"] == "ok"
    assert recs[0]["text"] == "Caf\u00e9 \u201cmeeting\u201d"
    assert "not valid UTF-8" in recs[0]["error"]


def test_binary_or_bomless_utf16_file_is_one_clear_error_row(tmp_path):
    p = tmp_path / "x.vtt"
    p.write_bytes("WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nA B: hi\n".encode("utf-16-le"))
    recs = list(registry.get_reader("vtt").read(p, OURS))
    assert len(recs) == 1 and recs[0]["status"] == "error" and "cannot decode" in recs[0]["error"]


def test_utf16_with_bom_is_read(tmp_path):
    p = tmp_path / "x.vtt"
    p.write_bytes("WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nRosa Kim: hi\n".encode("utf-16"))
    assert registry.sniff_format(p, p.read_bytes()).name == "vtt"
    recs = list(registry.get_reader("vtt").read(p, OURS))
    assert turns(recs) == [("Rosa Kim", "hi")]


def test_records_make_a_valid_message_table():
    recs = [r for name in sorted(p.name for p in FIX.iterdir()) for r in read(name)]
    df = validate_messages(messages_frame(recs))
    assert len(df) == len(recs)
    assert set(df["channel"]) <= {"transcript", "chat"}
    assert set(df["status"]) <= {"ok", "error"}
    assert set(MESSAGE_COLUMNS) == set(df.columns)
    ok = df[df["status"] == "ok"]
    assert not ok["text"].str.contains(LEAKS).any()


# ---------------------------------------------------------------------------------------------
# helpers


def test_helpers():
    assert parse_offset("00:01:02.5") == 62.5
    assert parse_offset("1:02") == 62.0
    assert parse_offset("00:00:0x.000") is None
    assert normalize_name("  Hugo   BRANDT (he/him) ") == "hugo brandt"
    assert looks_like_name("Jean-Luc Roussel") and looks_like_name("Speaker 2")
    assert not looks_like_name("So the thing is") and not looks_like_name("Subject")
    assert str(meeting_start_from_name("GMT20240304-150012_Recording.transcript.vtt")) == \
        "2024-03-04 15:00:12+00:00"


# ---------------------------------------------------------------------------------------------
# wild input

_LINE = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["WEBVTT", "", "1", "00:00:01.000 --> 00:00:02.000", "00:00:0x --> ?",
                     "<v Rosa Kim>hi</v>", "Rosa Kim: hello", "[Hugo Brandt] ok", "Rosa Kim  0:03",
                     "10:02:33 From Rosa Kim to Everyone:", "&amp;&lt;", "NOTE x", '{"speaker": 1}']),
)


@settings(max_examples=80, deadline=None)
@given(lines=st.lists(_LINE, max_size=25))
def test_parsers_never_raise_and_every_record_is_ok_or_a_reasoned_error(lines):
    doc = "\n".join(lines)
    for parse in (parse_vtt, parse_srt, parse_text_transcript, parse_zoom_chat, parse_json_transcript):
        recs = list(parse(doc, OURS))
        assert len(recs) >= 1
        for r in recs:
            assert r["status"] in ("ok", "error")
            assert r["status"] == "ok" or r["error"]
            assert isinstance(r["text"], str)
            if r["status"] == "ok" and parse is not parse_zoom_chat:
                assert "-->" not in r["text"] and "<v " not in r["text"]


# ---------------------------------------------------------------------------------------------
# meeting start written in a header line (QA: title variants and Teams text exports lost it)


@pytest.mark.parametrize(
    ("title_line", "subject", "start"),
    [
        ("Ops sync (2025-03-19 at 15:00 GMT+1) - Transcript", "Ops sync", "2025-03-19 14:00:00+00:00"),
        ("Ops sync (2025-03-19 15:00 GMT+01:00) - Transcript", "Ops sync", "2025-03-19 14:00:00+00:00"),
        ("Ops sync (Mar 19, 2025 at 3:00 PM CET) - Transcript", "Ops sync", "2025-03-19 14:00:00+00:00"),
        ("Ops sync - 2025/03/19 15:00 CET - Transcript", "Ops sync", "2025-03-19 14:00:00+00:00"),
        ("Ops sync - 2025/03/19 15:00 GMT+01:00 - Transcript", "Ops sync", "2025-03-19 14:00:00+00:00"),
        ("Ops sync (Jul 2, 2025 at 9:15 AM CEST) - Transcript", "Ops sync", "2025-07-02 07:15:00+00:00"),
        ("Ops sync (2025-11-04 at 12:00 AM EST) - Transcript", "Ops sync", "2025-11-04 05:00:00+00:00"),
        ("Ops sync - 2025-03-19 15:00 UTC - Transcript", "Ops sync", "2025-03-19 15:00:00+00:00"),
        ("Ops sync (2025-03-19) - Transcript", "Ops sync", "2025-03-19 00:00:00+00:00"),
    ],
)
def test_google_meet_title_variants_give_the_meeting_start_in_utc(title_line, subject, start):
    doc = f"{title_line}\nAttendees\nRosa Kim, Hugo Brandt\nTranscript\n00:00:00\n\n" \
          "Rosa Kim: Shall we start?\nHugo Brandt: Yes.\n00:02:00\n\nRosa Kim: Next item.\n"
    recs = list(parse_text_transcript(doc, OURS))
    assert turns(recs) == [("Rosa Kim", "Shall we start?"), ("Hugo Brandt", "Yes."), ("Rosa Kim", "Next item.")]
    assert {r["subject"] for r in recs} == {subject}
    assert str(recs[0]["timestamp"]) == start
    assert recs[2]["timestamp"] - recs[0]["timestamp"] == pd.Timedelta(minutes=2)
    assert all(r["status"] == "ok" for r in recs)


def test_an_unknown_zone_keeps_the_wall_time_as_utc_and_says_so():
    recs = list(parse_text_transcript("Ops sync (2025-03-19 at 15:00 IST) - Transcript\n\n"
                                      "Rosa Kim: hi\nHugo Brandt: hello\n", OURS))
    assert str(recs[0]["timestamp"]) == "2025-03-19 15:00:00+00:00"
    assert all(r["status"] == "ok" and "'IST' is not known" in r["error"] for r in recs)


@pytest.mark.parametrize("title_line", ["Ops sync (2025-03-19 at 15:00 CET+1) - Transcript",
                                        "Ops sync (2025-02-30 at 15:00 CET) - Transcript",
                                        "Ops sync (Foo 19, 2025 at 15:00) - Transcript"])
def test_an_impossible_date_in_the_title_gives_no_start_and_keeps_the_title(title_line):
    recs = list(parse_text_transcript(f"{title_line}\n\nRosa Kim: hi\nHugo Brandt: hello\n", OURS))
    assert turns(recs) == [("Rosa Kim", "hi"), ("Hugo Brandt", "hello")]
    assert recs[0]["timestamp"] is None
    assert recs[0]["subject"] == title_line.rsplit(" - ", 1)[0]


def test_teams_text_export_header_date_is_the_start_not_a_turn():
    recs = read("teams_saved_as_text.txt")
    assert [r["status"] for r in recs] == ["ok"] * 4
    assert [r["sender"] for r in recs] == ["Kim, Rosa", "Brandt, Hugo", "Kim, Rosa", "Brandt, Hugo"]
    assert {r["subject"] for r in recs} == {"Kestrel quarterly review"}
    assert [str(r["timestamp"]) for r in recs] == [
        "2025-02-14 10:30:09+00:00", "2025-02-14 10:30:24+00:00",
        "2025-02-14 11:31:45+00:00", "2025-02-14 11:32:07+00:00"]


def test_teams_header_in_us_order_with_weekday_and_am_pm():
    doc = "Renewal call\nFriday, March 21, 2025, 2:05 PM\n\nKim, Rosa   0:10\nStill waiting.\n\n" \
          "Brandt, Hugo   0:20\nSorry, today.\n"
    recs = list(parse_text_transcript(doc, OURS))
    assert [str(r["timestamp"]) for r in recs] == ["2025-03-21 14:05:10+00:00", "2025-03-21 14:05:20+00:00"]
    assert recs[0]["subject"] == "Renewal call"


@pytest.mark.parametrize("date_line", ["25 February 2026, 10:00:00", "February 25, 2026, 10:00AM"])
@pytest.mark.parametrize("extra", [
    "31m 12s", "1h 4m 30s", "45s", "1h 2m",
    "Nadia Brook started transcription", "\nNadia Brook started transcription",
    "31m 12s\n\nBrook, Nadia started transcription"])
def test_teams_header_duration_and_started_transcription_lines_are_skipped(date_line, extra):
    doc = (f"Juniper quarterly review\n{date_line}\n{extra}\n\n"
           "Brook, Nadia   0:03\nGood morning Alana.\n\nReyes, Alana   0:09\nMorning, all good here.\n\n"
           "Nadia Brook stopped transcription\n")
    recs = list(parse_text_transcript(doc, OURS))
    assert [(r["status"], r["sender_name"]) for r in recs] == [("ok", "Nadia Brook"), ("ok", "Alana Reyes")]
    assert recs[1]["text"] == "Morning, all good here."
    assert str(recs[0]["timestamp"]) == "2026-02-25 10:00:03+00:00"


def test_a_line_that_only_looks_like_a_teams_system_line_stays_in_the_turn():
    doc = ("Brook, Nadia   0:03\nWe started transcription late, sorry.\n\n"
           "Reyes, Alana   0:09\nIt took 31m 12s\n\n")
    recs = list(parse_text_transcript(doc, OURS))
    assert [r["text"] for r in recs] == ["We started transcription late, sorry.", "It took 31m 12s"]


def test_a_date_said_in_a_turn_is_never_taken_as_the_meeting_start():
    doc = "Rosa Kim: We met on 21 March 2025, 09:00:03 and nothing moved.\n" \
          "21 March 2025, 09:00:03\nHugo Brandt: I know.\nRosa Kim: Well.\n"
    recs = list(parse_text_transcript(doc, OURS))
    assert [r["sender"] for r in recs] == ["Rosa Kim", "Hugo Brandt", "Rosa Kim"]
    assert all(r["timestamp"] is None for r in recs)


# ---------------------------------------------------------------------------------------------
# no start known: every row says so (QA: turns were NaT with status ok and nothing said why)


def test_rows_without_a_meeting_start_say_how_to_give_one():
    recs = list(parse_text_transcript("notes taken by the bot\nRosa Kim: Still late.\nHugo Brandt: Sorry.\n"
                                      "Rosa Kim: Fine.\n", OURS, path="weekly call.txt"))
    ok = [r for r in recs if r["status"] == "ok"]
    assert len(ok) == 3 and all(r["timestamp"] is None for r in ok)
    assert all("no meeting start found" in r["error"] and "start=" in r["error"] for r in ok)
    bad = [r for r in recs if r["status"] == "error"]  # an error row keeps its own reason only
    assert len(bad) == 1 and "before any speaker" in bad[0]["error"] and "start=" not in bad[0]["error"]


@pytest.mark.parametrize(
    ("options", "path"),
    [(ReadOptions(internal_speakers=OURS.internal_speakers, start="2025-03-01 10:00"), "weekly call.txt"),
     (OURS, "weekly call 2025-03-01 10-00.txt")],
)
def test_a_known_start_leaves_no_note(options, path):
    recs = list(parse_text_transcript("Rosa Kim: Still late.\nHugo Brandt: Sorry.\n", options, path=path))
    assert [r["error"] for r in recs] == [None, None]
    assert str(recs[0]["timestamp"]) == "2025-03-01 10:00:00+00:00"


def read_chat_file(path: Path) -> list[dict]:
    reader = registry.sniff_format(path, path.read_bytes()[: registry.HEAD_BYTES])
    assert reader is not None and reader.name == "zoom_chat"
    return list(reader.read(path, OURS))


def test_chat_log_without_a_date_says_so_and_keeps_the_decoding_note(tmp_path):
    p = tmp_path / "chat.txt"
    p.write_bytes("10:02:33 From Rosa Kim to Everyone:\n\tCaf\u00e9 is closed\n".encode("cp1252"))
    recs = read_chat_file(p)
    assert len(recs) == 1 and recs[0]["status"] == "ok" and recs[0]["timestamp"] is None
    assert "encoding was guessed" in recs[0]["error"] and "no meeting start found" in recs[0]["error"]


# ---------------------------------------------------------------------------------------------
# tool text left in turns (QA)


def test_google_meet_end_of_meeting_footer_is_not_part_of_the_last_turn():
    doc = "Ops sync (2025-03-19 at 15:00 GMT+1) - Transcript\nAttendees\nRosa Kim, Hugo Brandt\n" \
          "Transcript\n00:00:00\n\nRosa Kim: Anything else?\nHugo Brandt: No, thanks all.\n" \
          "Meeting ended after 00:41:07 \U0001f44b\n"
    recs = list(parse_text_transcript(doc, OURS))
    assert turns(recs) == [("Rosa Kim", "Anything else?"), ("Hugo Brandt", "No, thanks all.")]
    said = list(parse_text_transcript("Rosa Kim: The meeting ended after 10:30 yesterday.\n"
                                      "Hugo Brandt: Meeting ended after 00:41:07, right.\n", OURS))
    assert [r["text"] for r in said] == ["The meeting ended after 10:30 yesterday.",
                                         "Meeting ended after 00:41:07, right."]


def test_zoom_chat_reply_moves_the_quoted_message_to_quoted_text():
    log = ('09:01:10 From Rosa Kim to Everyone:\n\tReplying to "Plan: 1) invoices 2..."\n\t\n'
           "\tCan we do the invoices first? Finance is waiting.\n"
           "09:01:40 From Hugo Brandt to Everyone:\n\tSure.\n"
           '09:02:00 From Rosa Kim to Everyone:\n\tReplying to \u201cSure.\u201d\n\n\tThanks!\n')
    recs = list(parse_zoom_chat(log, OURS))
    assert [(r["text"], r["quoted_text"]) for r in recs] == [
        ("Can we do the invoices first? Finance is waiting.", "Plan: 1) invoices 2..."),
        ("Sure.", ""),
        ("Thanks!", "Sure."),
    ]
    assert all(r["status"] == "ok" for r in recs)
    said = list(parse_zoom_chat('09:03:00 From Rosa Kim to Everyone:\n\tI was replying to "that" earlier\n',
                                OURS))
    assert said[0]["text"] == 'I was replying to "that" earlier' and said[0]["quoted_text"] == ""


def test_zoom_chat_reactions_are_counted_as_automated_rows_not_messages():
    log = ("10:00:05 From Rosa Kim to Everyone:\n\tThe invoices are attached.\n"
           '10:00:30 From Hugo Brandt to Everyone:\n\tReacted to "The invoices are at..." with \U0001f44d\n'
           '10:00:41 From Hugo Brandt to Everyone:\n\tRemoved a \U0001f44d reaction from "The invoices are at..."\n'
           '10:01:00 From Hugo Brandt to Everyone:\n\tReacted to "The invoices are at..." with \U0001f44d '
           "and I will check them today\n")
    recs = list(parse_zoom_chat(log, ReadOptions(internal_speakers=OURS.internal_speakers,
                                                 start="2025-03-12")))
    assert len(recs) == 4  # rows in = rows out
    assert [r["status"] for r in recs] == ["ok", "automated", "automated", "ok"]
    assert recs[1]["error"] == "a reaction, not a message: \U0001f44d to 'The invoices are at...'"
    assert recs[2]["error"] == "a reaction removed, not a message: \U0001f44d from 'The invoices are at...'"
    assert str(recs[1]["timestamp"]) == "2025-03-12 10:00:30+00:00"
    assert recs[3]["error"] is None


# ---------------------------------------------------------------------------------------------
# Teams "Last, First" names: sender_name in the order internal speakers are matched in


def test_teams_last_first_names_give_a_first_last_sender_name_in_every_format():
    text = read("teams_saved_as_text.txt")
    assert [r["sender_name"] for r in text] == ["Rosa Kim", "Hugo Brandt", "Rosa Kim", "Hugo Brandt"]
    assert [r["sender"] for r in text] == ["Kim, Rosa", "Brandt, Hugo", "Kim, Rosa", "Brandt, Hugo"]
    assert [r["direction"] for r in text] == ["inbound", "outbound", "inbound", "outbound"]
    vtt = read("teams_meeting.vtt")
    names = {r["sender"]: r["sender_name"] for r in vtt if r["sender"]}
    assert names["Calder, Ines"] == "Ines Calder"
    assert names["Hugo Brandt (Fernwick)"] == "Hugo Brandt (Fernwick)"


@pytest.mark.parametrize("name", ["Smith, Jr.", "Acme, Inc.", "Room 4, Floor 2", "Kim, Rosa, Dr"])
def test_a_comma_that_is_not_last_first_leaves_the_name_as_written(name):
    recs = list(parse_zoom_chat(f"10:00:05 From {name} to Everyone:\n\tHello\n", OURS))
    assert recs[0]["sender"] == recs[0]["sender_name"] == name


def test_a_note_with_a_date_line_and_one_name_colon_line_is_not_taken_for_a_transcript(tmp_path):
    p = tmp_path / "minutes.txt"
    p.write_text("Minutes\n2025-03-01 10:00\nRosa Kim: please review the draft before Friday.\n")
    reader = registry.sniff_format(p, p.read_bytes())
    assert reader is None or reader.name != "transcript_text"


def test_otter_title_line_before_the_first_timed_speaker_is_the_subject_not_an_error():
    doc = "Pinecrest onboarding retro\n\nRosa Kim  0:04\nThe export was missing again.\n\n" \
          "Hugo Brandt  0:31\nSorry, that was on us.\n\nTranscribed by https://otter.ai\n"
    recs = list(parse_text_transcript(doc, OURS, path="retro 2025-03-20 10-00.txt"))
    assert turns(recs) == [("Rosa Kim", "The export was missing again."), ("Hugo Brandt", "Sorry, that was on us.")]
    assert {r["subject"] for r in recs} == {"Pinecrest onboarding retro"}
    assert all(r["status"] == "ok" for r in recs)
    said = list(parse_text_transcript("We lost the export again.\n\nRosa Kim  0:04\nAnd nobody told us.\n",
                                      OURS, path="retro 2025-03-20 10-00.txt"))
    assert [r["status"] for r in said] == ["error", "ok"]  # a sentence is not a title


# ---------------------------------------------------------------------------------------------
# Gong call transcripts (callTranscripts -> monologues -> sentences)

GONG = "gong_tallowridge_2025-04-02.json"
CALL_A, CALL_B = "gong-5550001112223334441", "gong-5550001112223334442"


def test_gong_file_is_sniffed_as_a_json_transcript():
    assert sniffed(GONG) == "transcript_json"


def test_gong_one_row_per_monologue_and_one_thread_per_call():
    recs = read(GONG, ReadOptions())
    assert len(recs) == 7  # 4 + 3 monologues: same-speaker monologues are not merged
    assert [r["thread_id"] for r in recs] == [CALL_A] * 4 + [CALL_B] * 3
    assert [r["message_id"] for r in recs[3:5]] == [f"{CALL_A}.3", f"{CALL_B}.0"]
    assert recs[0]["text"] == "Hi Gus, glad we could find a slot. Shall we start with the pickup delays?"
    assert turns(recs[1:3]) == [("Gus Eckhart", "Yes. Three pickups slipped by a day in March."),
                                ("Gus Eckhart", "And nobody told us until the trucks were late.")]


def test_gong_parties_give_names_and_affiliation_gives_direction():
    recs = read(GONG, ReadOptions())
    assert [r["sender"] for r in recs[:2]] == ["Priya Raman", "Gus Eckhart"]
    assert [r["direction"] for r in recs[:4]] == ["outbound", "inbound", "inbound", "outbound"]
    # a speaker no party describes keeps the speaker id and an unknown direction
    assert recs[6]["sender"] == "3300990011002200" and recs[6]["direction"] is None


def test_gong_speaker_ids_are_accepted_in_internal_speakers_and_attendees():
    opts = ReadOptions(internal_speakers=frozenset({"3300990011002200"}))
    assert read(GONG, opts)[6]["direction"] == "outbound"
    opts = ReadOptions(internal_domains=frozenset({"fernwick.io"}),
                       attendees={"3300990011002200": "ines@tallowridge.example"},
                       accounts={"tallowridge.example": "Tallow Ridge Dairy"})
    recs = read(GONG, opts)
    assert recs[6]["direction"] == "inbound"
    assert {r["relationship"] for r in recs if r["status"] == "ok"} == {"Tallow Ridge Dairy"}


def test_gong_start_from_the_calls_metadata_else_from_the_file_name():
    recs = read(GONG, ReadOptions())
    assert str(recs[0]["timestamp"]) == "2025-04-01 13:00:02+00:00"  # "started" + 2000 ms
    assert str(recs[3]["timestamp"]) == "2025-04-01 13:00:16.500000+00:00"
    assert recs[0]["subject"] == "Tallow Ridge quarterly review"
    assert str(recs[4]["timestamp"]) == "2025-04-02 00:00:01+00:00"  # no metadata: the name's date
    assert recs[0]["error"] is None


def test_gong_start_option_may_be_keyed_by_call_id():
    opts = ReadOptions(start={"5550001112223334442": "2025-04-03 09:00"})
    recs = read(GONG, opts)
    assert str(recs[4]["timestamp"]) == "2025-04-03 09:00:01+00:00"
    assert str(recs[0]["timestamp"]) == "2025-04-01 13:00:02+00:00"


def test_gong_bad_monologues_are_error_rows_and_an_empty_sentence_is_a_note():
    recs = read(GONG, ReadOptions())
    assert [r["status"] for r in recs[4:]] == ["ok", "error", "ok"]
    assert "has no sentences" in recs[5]["error"] and recs[5]["timestamp"] is None
    assert recs[6]["text"] == "They arrived this morning, thanks."
    assert "sentence(s) 0 had no text" in recs[6]["error"]
    assert str(recs[6]["timestamp"]) == "2025-04-02 00:00:05.200000+00:00"  # first sentence with words


@pytest.mark.parametrize(("doc", "reason"), [
    ('{"callTranscripts": {}}', "not a non-empty list"),
    ('{"callTranscripts": [7]}', "is not an object"),
    ('{"callTranscripts": [{"callId": "1"}]}', "has no monologues"),
    ('{"callTranscripts": [{"callId": "1", "transcript": [{"sentences": [{"text": "hi"}]}]}]}',
     "has no speakerId"),
    ('{"callTranscripts": [{"callId": "1", "transcript": [{"speakerId": "5", "sentences": [{"text": " "}]}]}]}',
     "no sentence with text"),
    ('{"callTranscripts": [{"callId": "1", "transcript": [{"speakerId": "5",'
     ' "sentences": [{"start": "soon", "text": "hi"}]}]}]}', "malformed start"),
])
def test_gong_malformed_pieces_are_one_error_row_each(doc, reason):
    recs = list(parse_json_transcript(doc, ReadOptions(start="2025-01-01")))
    assert len(recs) == 1 and recs[0]["status"] == "error" and reason in recs[0]["error"]


def test_gong_without_any_start_says_so_and_uses_ids_as_senders():
    doc = ('{"requestId": "r", "callTranscripts": [{"callId": "9", "transcript": ['
           '{"speakerId": "11", "sentences": [{"start": 0, "end": 900, "text": "Hello."}]},'
           '{"speakerId": "12", "sentences": [{"start": 1000, "end": 1900, "text": "Hi there."}]}]}]}')
    recs = list(parse_json_transcript(doc, ReadOptions()))
    assert turns(recs) == [("11", "Hello."), ("12", "Hi there.")]
    assert all(r["timestamp"] is None and "no meeting start" in r["error"] for r in recs)
    assert {r["thread_id"] for r in recs} == {"gong-9"}
    recs = list(parse_json_transcript(doc.replace('"requestId": "r"', '"started": "2025-05-05T08:00:00Z"'),
                                      ReadOptions()))
    assert str(recs[1]["timestamp"]) == "2025-05-05 08:00:01+00:00"


def test_a_gong_party_of_unknown_affiliation_has_no_direction_even_beside_internal_speakers(tmp_path):
    doc = {"callTranscripts": [{"callId": "9", "transcript": [
        {"speakerId": "1", "sentences": [{"start": 0, "end": 900, "text": "Hello from the dial-in."}]},
        {"speakerId": "2", "sentences": [{"start": 1000, "end": 1900, "text": "Welcome, everyone."}]}]}],
        "parties": [{"speakerId": "1", "name": "Dial-in user", "affiliation": "Unknown"},
                    {"speakerId": "2", "name": "Priya Raman", "affiliation": "Internal"}]}
    p = tmp_path / "call.json"
    p.write_text(json.dumps(doc))
    recs = fs.read(p, internal_speakers=["Priya Raman"], start="2025-04-02 10:00")
    assert pd.isna(recs["direction"].iloc[0]) and recs["direction"].iloc[1] == "outbound"
