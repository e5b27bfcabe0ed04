"""Hostile input found by the eleventh session's fuzzing (QA18): one crafted line must not stall a
whole mailbox or transcript, and a broken MIME parameter must not cost a readable message."""

from __future__ import annotations

import pytest

import frictionscan as fs
from cpu_bound import within
from frictionscan.ingest import email as mail
from frictionscan.ingest import transcripts as tr

# (the old patterns took 2-10 s on these inputs; a generous bound, not a speed measurement)
BOUND_S = 1.5
SPACES = " " * 40_000


_quick = within(BOUND_S)


def _message(n: int, body: str) -> str:
    return (f"From: Ann Lee <ann@client.example>\nTo: bob@ourco.example\nSubject: Invoice {n}\n"
            f"Date: Mon, 05 Jan 2026 10:0{n}:00 +0000\nMessage-ID: <m{n}@client.example>\n\n{body}\n")


# ---------------------------------------------------------------------------------------------
# mbox separators


def test_a_from_line_of_thousands_of_spaces_is_judged_at_once():
    assert _quick(mail._is_separator, b"From x" + SPACES.encode() + b"\n", True) is False
    assert _quick(mail._is_separator, b"From x" + b"\t" * 40_000 + b"\n", True) is False


def test_a_hostile_body_line_does_not_stall_the_mailbox_and_costs_no_message(tmp_path):
    box = tmp_path / "inbox.mbox"
    box.write_text("From ann@client.example Mon Jan  5 10:01:00 2026\n" + _message(1, "First.")
                   + "\nFrom x" + SPACES + "\nstill the first message\n\n"
                   + "From ann@client.example Mon Jan  5 10:02:00 2026\n" + _message(2, "Second."),
                   encoding="utf-8")
    df = _quick(fs.read, box, internal_domains=["ourco.example"])
    assert df["status"].tolist() == ["ok", "ok"]
    assert df["subject"].tolist() == ["Invoice 1", "Invoice 2"]


@pytest.mark.parametrize("line", [
    b"From ann@client.example Mon Jan  5 10:01:00 2026\n",
    b"From - Mon Jan 05 10:01:00 2026\n",
    b'From "Vos, Joost" Thu Apr  3 11:30:00 2025\n',
    b"From MAILER-DAEMON  Fri Jul  8 12:08:34 2011\n",
])
def test_real_separator_lines_still_separate(line):
    assert mail._is_separator(line, True)


@pytest.mark.parametrize("line", [
    b"From Monday 10:30 onwards we will escalate\n",
    b"From me Mon Jan  5 10:00:00 2026 is when it broke\n",
])
def test_body_lines_that_start_with_from_still_do_not(line):
    assert not mail._is_separator(line, True)


# ---------------------------------------------------------------------------------------------
# transcripts


def test_a_vtt_voice_tag_of_thousands_of_spaces_is_read_at_once_with_a_tidy_name(tmp_path):
    vtt = tmp_path / "call.vtt"
    vtt.write_text("WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\n<v Ann" + SPACES + "Lee>We are still waiting.</v>\n\n"
                   "2\n00:00:05.000 --> 00:00:08.000\n<v Bob Ray>Fine thanks.</v>\n", encoding="utf-8")
    df = _quick(fs.read, vtt)
    assert df["sender"].tolist() == ["Ann Lee", "Bob Ray"]
    assert df["text"].tolist() == ["We are still waiting.", "Fine thanks."]


def test_an_unclosed_voice_tag_of_thousands_of_spaces_costs_no_time():
    assert _quick(tr._VOICE.search, "<v" + SPACES) is None
    assert _quick(tr._VOICE_ANY.search, "</v" + SPACES) is None


def test_a_nameless_voice_tag_of_spaces_adds_no_empty_label():
    lines = "Ann Lee: hello\n<v   >and more words here\n"
    assert [t["text"] for t in tr.parse_text_transcript(lines)] == ["hello and more words here"]


def test_a_zoom_chat_line_of_thousands_of_to_is_read_at_once():
    hostile = "10:02:33 From Ann" + " to" * 13_000 + "x\n"
    recs = _quick(lambda: list(tr.parse_zoom_chat("10:02:30 From Rosa Kim to Everyone:\n\tHello\n" + hostile)))
    assert recs[0]["sender"] == "Rosa Kim" and len(recs) >= 1
    assert _quick(tr._chat_target, "Ann" + " to" * 13_000) is not None
    assert tr._chat_target("Ann Lee to Bob Ray(Privately)") == ("Ann Lee", "Bob Ray")
    assert tr._chat_target("Ann Lee to Everyone") == ("Ann Lee", None)


def test_speaker_names_with_long_runs_of_spaces_are_normalised_at_once():
    assert _quick(tr.display_name, "Weber," + SPACES + "Jonas") == "Jonas Weber"
    assert _quick(tr.normalize_name, "Ann" + SPACES + "Lee" + SPACES) == "ann lee"


# ---------------------------------------------------------------------------------------------
# MIME parameters


@pytest.mark.parametrize("charset", ["utf-8\u200b", "\u00e9", "utf\u00a0-8"])
def test_a_broken_charset_parameter_falls_back_instead_of_losing_the_message(tmp_path, charset):
    eml = tmp_path / "m.eml"
    eml.write_bytes(_message(1, "We are still waiting for the refund.").replace(
        "\n\n", f'\nMIME-Version: 1.0\nContent-Type: text/plain; charset="{charset}"\n\n', 1).encode("utf-8"))
    df = fs.read(eml, internal_domains=["ourco.example"])
    assert df["status"].tolist() == ["ok"]
    assert df["text"].tolist() == ["We are still waiting for the refund."]


def test_a_boundary_no_line_carries_is_read_as_malformed_mime_not_as_an_internal_error(tmp_path):
    eml = tmp_path / "m.eml"
    eml.write_bytes(_message(1, "").replace(
        "\n\n", '\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=" \r\n "\n\n', 1).encode()
        + b"-- \r\n \nContent-Type: text/plain\n\nhi\n-- \r\n --\n")
    df = fs.read(eml, internal_domains=["ourco.example"])
    assert df["status"].tolist() == ["ok"]
    assert df["text"].tolist() == ["hi"]
    assert "malformed MIME" in df["error"].iloc[0]


# ---------------------------------------------------------------------------------------------
# times no message can have


@pytest.mark.parametrize(("date", "why"), [
    ("Mon, 01 Jan 2200 10:00:00 +0000", "after the time of reading"),
    ("Thu, 01 Jan 1970 00:00:00 +0000", "before 1980"),
])
def test_a_date_no_message_can_have_is_not_trusted_and_says_so(tmp_path, date, why):
    eml = tmp_path / "m.eml"
    eml.write_text(_message(1, "We are still waiting.").replace("Mon, 05 Jan 2026 10:01:00 +0000", date),
                   encoding="utf-8")
    df = fs.read(eml, internal_domains=["ourco.example"])
    assert df["status"].tolist() == ["ok"]
    assert df["timestamp"].isna().all()
    assert why in df["error"].iloc[0] and "leave it out" in df["error"].iloc[0]


def test_a_mis_set_date_falls_back_to_the_received_header(tmp_path):
    eml = tmp_path / "m.eml"
    eml.write_text("Received: from mx.client.example by mx.ourco.example; Tue, 6 Jan 2026 08:30:00 +0000\n"
                   + _message(1, "We are still waiting.").replace("Mon, 05 Jan 2026 10:01:00 +0000",
                                                                   "Mon, 01 Jan 2200 10:00:00 +0000"),
                   encoding="utf-8")
    df = fs.read(eml, internal_domains=["ourco.example"])
    assert str(df["timestamp"].iloc[0]) == "2026-01-06 08:30:00+00:00"
    assert "Received" in df["error"].iloc[0]


def test_a_helpdesk_time_no_message_can_have_is_emptied_with_a_note(tmp_path):
    desk = tmp_path / "desk.csv"
    desk.write_text("ticket_id,author,author_email,role,created_at,body\n"
                    "T-1,Ann Lee,ann@acme.example,customer,2200-03-03T09:00:00+00:00,We are still waiting.\n"
                    "T-1,Bob Ray,bob@ourco.example,agent,2025-03-03T10:00:00+00:00,On it today.\n",
                    encoding="utf-8")
    df = fs.read(desk, internal_domains=["ourco.example"])
    assert df["status"].tolist() == ["ok", "ok"]
    assert df["timestamp"].isna().tolist() == [True, False]
    assert "after the time of reading" in df["error"].iloc[0]


def test_health_leaves_out_a_row_dated_centuries_ahead_instead_of_building_centuries_of_periods():
    import pandas as pd

    from frictionscan.errors import LeftOutWarning

    df = pd.DataFrame({"relationship": ["acme"] * 3, "direction": ["inbound"] * 3, "text": ["a", "b", "c"],
                       "timestamp": pd.to_datetime(["2025-01-06", "2025-01-13", "2262-04-10"], utc=True),
                       **dict.fromkeys(fs.SIGNALS, 0.1)})
    with pytest.warns(LeftOutWarning, match="1 timestamp out of range"):
        health = _quick(fs.health, df, "D")
    assert len(health) == 8  # 2025-01-06 .. 2025-01-13, not 86,000 days


# ---------------------------------------------------------------------------------------------
# transcripts and exports with one odd field


def test_an_otter_header_with_an_impossible_time_is_an_error_row_not_a_merged_turn(tmp_path):
    otter = tmp_path / "call.txt"
    otter.write_text("Ann Lee  0:04\nhi there\n\nBob Ray  1000:00\nwe will fix it\n\nAnn Lee  0:15\nok\n\n"
                     "Bob Ray  0:20\nbye\n", encoding="utf-8")
    df = fs.read(otter)
    assert df["sender"].tolist() == ["Ann Lee", "Bob Ray", "Ann Lee", "Bob Ray"]
    assert df["status"].tolist() == ["ok", "error", "ok", "ok"]
    assert "malformed time '1000:00'" in df["error"].iloc[1]


def test_an_otter_header_past_the_hundredth_minute_is_a_time():
    assert tr.parse_offset("100:00") == 6000.0
    assert [t["sender"] for t in tr.parse_text_transcript("Ann Lee  99:58\nhi\n\nBob Ray  100:02\nyes\n")] \
        == ["Ann Lee", "Bob Ray"]


def test_a_small_helpdesk_export_with_a_nul_padded_cell_is_read_with_a_note(tmp_path):
    desk = tmp_path / "desk.csv"
    desk.write_bytes(b"ticket_id,created_at,author,body\n"
                     b'1,2026-01-05T10:00:00Z,ann@client.example,"Still broken' + b"\x00" * 10 + b'"\n'
                     b"1,2026-01-05T11:00:00Z,bob@ourco.example,Looking\n")
    df = fs.read(desk, internal_domains=["ourco.example"])
    assert df["status"].tolist() == ["ok", "ok"]
    assert df["text"].tolist() == ["Still broken", "Looking"]
    assert "10 NUL byte(s) removed" in df["error"].iloc[0]


def test_utf16_and_binary_files_are_still_told_apart_from_text_with_nuls(tmp_path):
    u16 = tmp_path / "call.txt"
    u16.write_bytes("Ann Lee: hello there\nBob Ray: fine thanks\n".encode("utf-16-le"))
    assert "UTF-16" in fs.read(u16)["error"].iloc[0]
    blob = tmp_path / "blob.csv"
    blob.write_bytes(bytes(range(256)) * 2)
    assert "binary data" in fs.read(blob)["error"].iloc[0]


def test_a_message_whose_first_header_outruns_the_sniff_window_is_still_an_email(tmp_path):
    eml = tmp_path / "m.eml"
    eml.write_text("X-Long: " + "a" * 200_000 + "\n" + _message(1, "Hello there."), encoding="utf-8")
    df = fs.read(eml, internal_domains=["ourco.example"])
    assert df["status"].tolist() == ["ok"]
    assert df["text"].tolist() == ["Hello there."]


def test_a_long_text_file_of_one_line_is_not_taken_for_an_email(tmp_path):
    note = tmp_path / "notes.txt"
    note.write_text("Meeting notes " * 10_000 + "\n", encoding="utf-8")
    assert fs.read(note)["status"].tolist() == ["error"]


def test_a_one_line_json_export_over_the_sniff_window_is_still_a_helpdesk_export(tmp_path):
    import json

    rows = [{"ticket_id": str(i), "created_at": "2026-01-05T10:00:00Z", "author": "ann@client.example",
             "body": "We are still waiting for the refund, this is the third time I ask. " * 3}
            for i in range(600)]
    export = tmp_path / "tickets.json"
    export.write_text(json.dumps(rows), encoding="utf-8")  # one line, ~140 KB
    df = fs.read(export, internal_domains=["ourco.example"])
    assert len(df) == 600 and set(df["status"]) == {"ok"} and set(df["channel"]) == {"helpdesk"}


def test_a_transcript_of_long_turns_over_the_sniff_window_is_still_a_transcript(tmp_path):
    call = tmp_path / "call.txt"
    call.write_text("".join(f"{'Customer' if i % 2 else 'Agent'}: " + "we went through the invoices again " * 30
                            + "\n" for i in range(150)), encoding="utf-8")
    df = fs.read(call)
    assert len(df) == 150 and set(df["channel"]) == {"transcript"}


def test_an_mbox_whose_first_header_outruns_the_sniff_window_is_still_an_mbox(tmp_path):
    box = tmp_path / "inbox.mbox"
    box.write_text("From ann@client.example Mon Jan  5 10:01:00 2026\nX-Long: " + "a" * 200_000 + "\n"
                   + _message(1, "First.") + "\nFrom ann@client.example Mon Jan  5 10:02:00 2026\n"
                   + _message(2, "Second."), encoding="utf-8")
    df = fs.read(box, internal_domains=["ourco.example"])
    assert df["status"].tolist() == ["ok", "ok"]


# ---------------------------------------------------------------------------------------------
# the same class of pattern, found by the verification pass (QA18v)


def test_a_timestamped_transcript_line_of_thousands_of_spaces_is_read_at_once():
    for line in ("[00:01:40] Ann" + SPACES + "x", "00:01:40 Ann" + SPACES + "x"):
        turns = _quick(lambda ln=line: list(tr.parse_text_transcript(
            "[00:01:00] Bo Park: hello\n" + ln + "\n[00:02:00] Ann Lee: ok\n")))
        assert turns[-1]["sender"] == "Ann Lee"
    turns = list(tr.parse_text_transcript("[00:01:00] Bo Park: hello\n00:02:00 Ann Lee: ok\n"))
    assert [t["sender"] for t in turns] == ["Bo Park", "Ann Lee"]


def test_runs_of_unclosed_tags_cost_no_time_in_cues_or_html():
    assert _quick(tr._VOICE.search, "<v " * 16_000) is None
    assert _quick(tr._TAG.sub, "", "<a" * 100_000) == "<a" * 100_000
    _quick(fs.html_to_text, "<a" * 100_000)
    assert fs.html_to_text('<p>Hello <b class="x">there</b><br/>again</p>') == "Hello there\nagain"


# ---------------------------------------------------------------------------------------------
# twins found by the session's code review


def test_an_old_style_zoom_chat_line_of_thousands_of_tabs_is_read_at_once():
    assert _quick(tr._CHAT_OLD.match, "10:00:09" + "\t" * 100_000) is None
    assert tr._CHAT_OLD.match("10:00:09\t From  Ann Lee : hello").group(2) == "Ann Lee"


def test_a_run_of_unclosed_pre_tags_costs_no_time_and_real_pre_blocks_keep_their_lines():
    _quick(fs.html_to_text, "<pre>" * 20_000)
    assert fs.html_to_text("<p>Log:</p><pre>line one\nline <b>two</b></pre>") == "Log:\nline one\nline two"


def test_an_exchange_from_header_of_repeated_o_is_read_at_once():
    from frictionscan.ingest.email import _exchange_dn

    _quick(_exchange_dn, "/o=" * 20_000)
    assert _exchange_dn("/O=ExchangeLabs/OU=Exchange Administrative Group/cn=Recipients/cn=jvos") is not None


def test_bare_timestamps_past_the_99th_minute_still_open_turns():
    text = ("99:58 Dana Whitlock: The export is still broken.\n99:59 Raj Patel: I will send the fix.\n"
            "100:02 Dana Whitlock: Thanks.\n100:10 Raj Patel: You are welcome.\n")
    assert [t["sender"] for t in tr.parse_text_transcript(text)] == ["Dana Whitlock", "Raj Patel"] * 2


def test_an_outlook_message_with_a_mis_set_transport_date_keeps_its_submit_time():
    import types
    from datetime import datetime, timezone

    from frictionscan.ingest.email import _fill_from_msg

    msg = types.SimpleNamespace(
        headerText="Date: Sat, 1 Jan 2200 00:00:00 +0000\nFrom: ann@client.example\n", messageId="<a@b>",
        inReplyTo=None, sender="Ann <ann@client.example>", to="Bob <bob@ourco.example>", cc="",
        date=datetime(2025, 3, 3, 9, 0, tzinfo=timezone.utc), subject="Export",
        body="The export is still broken.", htmlBody=None, classType="IPM.Note")
    rec: dict = {}
    _fill_from_msg(rec, msg, 1_000_000)
    assert str(rec["timestamp"]) == "2025-03-03 09:00:00+00:00"


def test_the_report_date_range_leaves_out_times_health_leaves_out():
    import warnings

    import pandas as pd

    rows = pd.DataFrame({"message_id": ["a", "b"], "thread_id": "t", "relationship": "acme",
                         "direction": "inbound", "text": "Still waiting.", "status": "ok",
                         "timestamp": pd.to_datetime(["2025-01-06", "2200-01-01"], utc=True),
                         **dict.fromkeys(fs.SIGNALS, 0.1)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        page = fs.html_report(rows, plots=False)
    assert "from 2025-01-06 to 2025-01-06" in page and "2200" not in page.split("left out")[0]


def test_the_helpdesk_zone_note_goes_to_the_first_trusted_time_not_a_distrusted_one(tmp_path):
    desk = tmp_path / "desk.csv"
    desk.write_text("ticket_id,created_at,author_email,body\n"
                    "1,2200-01-01 10:00,ann@client.example,The export is still broken.\n"
                    "2,2025-03-03 09:00,ann@client.example,Thanks for the quick answer.\n", encoding="utf-8")
    errors = fs.read(desk, internal_domains=["ourco.example"])["error"].tolist()
    assert "read as UTC" not in errors[0] and "not trusted" in errors[0]
    assert "read as UTC" in errors[1]


def test_a_multipart_whose_parts_use_another_boundary_is_split_on_the_one_they_use(tmp_path):
    eml = tmp_path / "m.eml"
    eml.write_bytes(_message(1, "").replace(
        "\n\n", '\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary="zzz"\n\n', 1).encode()
        + b"--yyy\nContent-Type: text/plain\n\nThe export is still broken.\n"
          b"--yyy\nContent-Type: text/html\n\n<p>The export is still broken.</p>\n--yyy--\n")
    df = fs.read(eml, internal_domains=["ourco.example"])
    assert df["text"].tolist() == ["The export is still broken."]
    assert "boundary not found" in df["error"].iloc[0]
