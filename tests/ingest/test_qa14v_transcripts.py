"""QA14v: speaker labels versus sentence openers ("Honestly: ..."), initials labels, short Rev files,
and calls whose names name several accounts."""

from __future__ import annotations

import pytest

from frictionscan.ingest.registry import ReadOptions
from frictionscan.ingest.transcripts import parse_srt, parse_text_transcript, parse_vtt

OURS = ReadOptions(internal_speakers=frozenset({"ruth abara"}))


def _vtt(*cues: str) -> str:
    parts = ["WEBVTT", ""]
    for n, payload in enumerate(cues, 1):
        parts += [str(n), f"00:00:{2 * n:02d}.000 --> 00:00:{2 * n + 1:02d}.500", payload, ""]
    return "\n".join(parts)


def _srt(*cues: str) -> str:
    parts = []
    for n, payload in enumerate(cues, 1):
        parts += [str(n), f"00:00:{2 * n:02d},000 --> 00:00:{2 * n + 1:02d},500", payload, ""]
    return "\n".join(parts)


def _turns(recs) -> list[tuple[str, str, str]]:
    return [(r["sender"], r["status"], r["text"]) for r in recs]


@pytest.mark.parametrize("opener", ["Honestly", "Result", "Problem", "Issue", "Well"])
def test_otter_paragraph_line_opening_with_word_colon_stays_in_the_speakers_turn(opener):
    doc = (f"Ruth Abara  0:01\nWelcome.\n\nLeah Marsh  0:09\n{opener}: the export broke again.\n\n"
           "Ruth Abara  0:20\nUnderstood.\n")
    recs = list(parse_text_transcript(doc, OURS))
    assert _turns(recs) == [("Ruth Abara", "ok", "Welcome."),
                            ("Leah Marsh", "ok", f"{opener}: the export broke again."),
                            ("Ruth Abara", "ok", "Understood.")]
    assert not any("speaker label" in (r["error"] or "") for r in recs)


def test_rev_paragraph_line_opening_with_capitalised_word_colon_is_not_a_speaker():
    doc = ("Ruth Abara (00:01):\nWelcome.\n\nLeah Marsh (00:09):\nResult: Nothing changed for us.\n\n"
           "Ruth Abara (00:20):\nUnderstood.\n")
    assert [s for s, _, _ in _turns(parse_text_transcript(doc, OURS))] == ["Ruth Abara", "Leah Marsh", "Ruth Abara"]


def test_otter_file_still_notes_a_multiword_name_label_inside_a_paragraph():
    doc = ("Ruth Abara  0:01\nWelcome.\nTamsin IT Dept.: the feed is late\n\n"
           "Leah Marsh  0:09\nYes.\n")
    recs = list(parse_text_transcript(doc, OURS))
    assert "Tamsin IT Dept." in recs[0]["error"]


def test_plain_colon_file_one_off_word_before_lower_case_text_is_a_sentence_not_a_speaker():
    doc = ("Ruth Abara: Welcome back.\nLeah Marsh: The dashboard is slow.\nHonestly: it broke again.\n"
           "Ruth Abara: Noted.\n")
    recs = list(parse_text_transcript(doc, OURS))
    assert [s for s, _, _ in _turns(recs)] == ["Ruth Abara", "Leah Marsh", "Ruth Abara"]
    assert recs[1]["text"] == "The dashboard is slow. Honestly: it broke again."


def test_plain_colon_file_one_word_speaker_who_recurs_is_still_a_speaker():
    doc = "Ruth Abara: Welcome back.\nLeah: yes, slow again.\nRuth Abara: Noted.\nLeah: thanks.\n"
    assert [s for s, _, _ in _turns(parse_text_transcript(doc, OURS))] == ["Ruth Abara", "Leah", "Ruth Abara", "Leah"]


def test_internal_speaker_one_word_label_is_a_speaker_even_once_and_lower_case():
    opts = ReadOptions(internal_speakers=frozenset({"ruth"}))
    doc = "Leah Marsh: The dashboard is slow.\nRuth: sorry, looking now.\n"
    recs = list(parse_text_transcript(doc, opts))
    assert [(r["sender"], r["direction"]) for r in recs] == [("Leah Marsh", "inbound"), ("Ruth", "outbound")]


def test_vtt_one_off_word_colon_cue_continues_the_previous_turn():
    recs = list(parse_vtt(_vtt("Ruth Abara: Welcome.", "Leah Marsh: The upload failed.",
                               "Honestly: nobody called us back."), OURS))
    assert [s for s, _, _ in _turns(recs)] == ["Ruth Abara", "Leah Marsh"]
    assert recs[1]["text"] == "The upload failed. Honestly: nobody called us back."
    assert "'Honestly' looks like a speaker label" in recs[1]["error"]  # said, in case it was a person


def test_srt_heading_with_a_digit_is_not_a_speaker():
    recs = list(parse_srt(_srt("Ruth Abara: Welcome.", "J. D. Rowe: We need a fix by Friday.",
                               "Q3 Update: still pending."), OURS))
    assert [s for s, _, _ in _turns(recs)] == ["Ruth Abara", "J. D. Rowe"]
    assert recs[1]["text"] == "We need a fix by Friday. Q3 Update: still pending."
    assert "speaker label" not in (recs[1]["error"] or "")


def test_zoom_label_of_initials_with_dots_is_a_speaker():
    recs = list(parse_vtt(_vtt("Ruth Abara: Sorry about that.", "J.D.: Bottom line: we are frustrated.",
                               "Ruth Abara: Understood."), OURS))
    assert [(r["sender"], r["direction"], r["text"]) for r in recs] == [
        ("Ruth Abara", "outbound", "Sorry about that."),
        ("J.D.", "inbound", "Bottom line: we are frustrated."),
        ("Ruth Abara", "outbound", "Understood."),
    ]


@pytest.mark.parametrize("label", ["Dr.", "J.", "P.S."])
def test_a_title_or_one_initial_alone_is_still_not_a_speaker(label):
    recs = list(parse_vtt(_vtt("Ruth Abara: Welcome.", f"{label}: We will call."), OURS))
    assert [r["sender"] for r in recs] == ["Ruth Abara"]


@pytest.mark.parametrize("doc", [
    "Ruth Abara (00:01):\nWe only have thirty minutes.\n\nLeah Marsh (00:09):\nThe export is still broken.\n",
    "Ruth Abara [00:00:01]\nWe only have thirty minutes.\n\nLeah Marsh [00:00:09]\nThe export is broken.\n",
    "Ruth Abara  0:01\nWe only have thirty minutes.\n\nLeah Marsh  0:09\nThe export is still broken.\n",
], ids=["rev", "rev-brackets", "otter"])
def test_a_two_turn_call_with_timed_speaker_headers_is_recognised(tmp_path, doc):
    import frictionscan as fs

    path = tmp_path / "Brindle short call 2026-10-08.txt"
    path.write_text(doc, encoding="utf-8")
    df = fs.read(path, internal_speakers=["Ruth Abara"])
    assert list(df["sender"]) == ["Ruth Abara", "Leah Marsh"]
    assert list(df["status"]) == ["ok", "ok"]


def test_two_timed_headers_out_of_time_order_are_not_taken_for_a_call(tmp_path):
    from frictionscan.ingest.transcripts import _sniff_text

    assert not _sniff_text(tmp_path / "x.txt", b"Leah Marsh (00:09):\nHi.\nRuth Abara (00:01):\nHello.\n")


ACCOUNTS = {"tamsinhealth.org": "Tamsin Health", "kilnworth.co.uk": "Kilnworth Bakeries"}
CALL = _vtt("Ruth Abara: Welcome to the intro.", "Leah Marsh: Thanks for having us.")


@pytest.mark.parametrize("fallback", ["Brindle Foods", None])
def test_a_call_whose_name_names_two_accounts_says_so_on_its_rows(fallback):
    opts = ReadOptions(internal_speakers=frozenset({"ruth abara"}), accounts=ACCOUNTS, relationship=fallback)
    recs = list(parse_vtt(CALL, opts, path="Tamsin Health/Kilnworth Bakeries intro 2026-10-02 09-00.vtt"))
    assert len(recs) == 2 and {r["status"] for r in recs} == {"ok"}
    assert {r["relationship"] for r in recs} == {fallback}
    for r in recs:
        assert "names several accounts ('Kilnworth Bakeries', 'Tamsin Health')" in r["error"]
        assert ("'Brindle Foods'" in r["error"]) == (fallback is not None)


def test_a_call_whose_name_names_one_account_gets_it_without_a_note():
    opts = ReadOptions(internal_speakers=frozenset({"ruth abara"}), accounts=ACCOUNTS, relationship="Brindle Foods")
    recs = list(parse_vtt(CALL, opts, path="Tamsin Health/intro 2026-10-02 09-00.vtt"))
    assert {r["relationship"] for r in recs} == {"Tamsin Health"}
    assert not any("several accounts" in (r["error"] or "") for r in recs)
