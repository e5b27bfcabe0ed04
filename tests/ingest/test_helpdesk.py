"""Helpdesk exports: one row per comment, ticket -> thread, role/public flag -> direction, org -> account."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import frictionscan as fs
from frictionscan.errors import InvalidOptionError
from frictionscan.ingest import registry
from frictionscan.ingest.helpdesk import detect_preset, read_helpdesk
from frictionscan.ingest.registry import ReadOptions
from frictionscan.schemas import messages_frame, validate_messages

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "helpdesk"
OURS = ReadOptions(internal_domains=frozenset({"fernwick.io"}))
OURCO = ReadOptions(internal_domains=frozenset({"ourco.io"}))


def read(name: str, options: ReadOptions = OURS) -> list[dict]:
    path = FIX / name
    reader = registry.sniff_format(path, path.read_bytes()[: registry.HEAD_BYTES])
    assert reader is not None and reader.name == "helpdesk", f"{name} not detected as helpdesk"
    return list(reader.read(path, options))


def test_zendesk_rows_become_comments_with_thread_direction_and_account():
    recs = read("zendesk.csv")
    assert len(recs) == 4
    assert [r["thread_id"] for r in recs] == ["ticket-101"] * 3 + ["ticket-102"]
    assert [r["message_id"] for r in recs[:2]] == ["ticket-101.1", "ticket-101.2"]
    assert [r["direction"] for r in recs] == ["inbound", "internal", "outbound", "inbound"]
    assert [r["relationship"] for r in recs[:3]] == ["Kestrel Foods"] * 3
    assert recs[0]["sender"] == "rosa.kim@kestrel-foods.com" and recs[0]["sender_name"] == "Rosa Kim"
    assert recs[0]["subject"] == "Export missing"
    assert {r["channel"] for r in recs} == {"helpdesk"}
    assert str(recs[0]["timestamp"]) == "2025-01-10 09:00:00+00:00"


def test_html_bodies_are_rendered_and_quoted_history_split_off():
    recs = read("zendesk.csv")
    assert "<" not in recs[0]["text"] and "&amp;" not in recs[0]["text"]
    assert "missing" in recs[0]["text"] and "& nobody called" in " ".join(recs[0]["text"].split())
    assert recs[2]["text"] == "Sorry Rosa, fixed now."
    assert "The export is missing again" in recs[2]["quoted_text"]


def test_ticket_without_organisation_takes_the_requester_domain_or_accounts_mapping():
    assert read("zendesk.csv")[3]["relationship"] == "tallow-labs.io"
    opts = ReadOptions(internal_domains=frozenset({"fernwick.io"}), accounts={"tallow-labs.io": "Tallow Labs"})
    assert read("zendesk.csv", opts)[3]["relationship"] == "Tallow Labs"


def test_freshdesk_incoming_and_private_flags():
    recs = read("freshdesk.csv")
    assert [r["direction"] for r in recs] == ["inbound", "internal", "outbound"]
    assert {r["relationship"] for r in recs} == {"Kestrel Foods"}
    assert {r["subject"] for r in recs} == {"Double charge"}  # filled from the ticket's other rows


def test_intercom_jsonl_nested_author_note_parts_epoch_times_and_bad_lines():
    recs = read("intercom.jsonl")
    assert len(recs) == 5  # rows out = lines in, the broken line included
    assert [r["status"] for r in recs] == ["ok", "ok", "ok", "error", "error"]
    assert [r["direction"] for r in recs[:3]] == ["inbound", "internal", "outbound"]
    assert str(recs[0]["timestamp"]) == "2025-01-10 09:06:40+00:00"
    assert str(recs[2]["timestamp"]) == "2025-01-10 09:08:40+00:00"  # milliseconds
    assert recs[3]["error"].startswith("line 4 is not valid JSON")  # one clear reason, nothing else
    assert "empty body" in recs[4]["error"]
    assert recs[0]["relationship"] == "kestrel-foods.com"


def test_a_null_company_on_one_intercom_part_does_not_hide_the_others_company(tmp_path):
    p = tmp_path / "x.json"
    p.write_text(
        '[{"conversation_id":"c1","part_id":"p1","company":{"name":"Acme Corp"},"author":{"name":"Ann",'
        '"email":"ann@acme.com","type":"user"},"part_type":"comment","created_at":1741000000,"body":"msg 1"},'
        '{"conversation_id":"c2","part_id":"p2","company":null,"author":{"name":"Z","email":"z@zeta.com",'
        '"type":"user"},"part_type":"comment","created_at":1741000000,"body":"msg 2"}]')
    recs = list(read_helpdesk(p, OURCO))
    assert [r["relationship"] for r in recs] == ["Acme Corp", "zeta.com"]


def test_excel_sep_line_names_the_delimiter_and_is_not_a_row(tmp_path):
    p = tmp_path / "excel.csv"
    p.write_text("sep=;\nTicket ID;Author;Author email;Body;Created at;Organization\n"
                 "1;Ann;ann@acme.com;Still waiting on the refund.;2025-03-01 10:00;Acme\n")
    df = fs.read(p, internal_domains=["ourco.io"])  # recognised as a helpdesk export, too
    assert df[["status", "relationship", "text"]].values.tolist() == [["ok", "Acme", "Still waiting on the refund."]]


FRESHDESK_HEADER = "Ticket ID,Conversation ID,From Email,Incoming,Private,Created time,Body\n"


def freshdesk_times(tmp_path, *created: str, dayfirst: bool | None = None) -> list[dict]:
    p = tmp_path / "fd.csv"
    p.write_text(FRESHDESK_HEADER + "".join(
        f"8812,{i},asa@norrland.se,TRUE,FALSE,{c},Still stuck.\n" for i, c in enumerate(created)))
    return list(read_helpdesk(p, ReadOptions(**{**OURCO.__dict__, "dayfirst": dayfirst})))


def order_note(rec: dict) -> str | None:
    """``error`` without the once-per-file note that times with no zone are read as UTC."""
    parts = [p for p in (rec["error"] or "").split("; ") if not p.startswith("times without a time zone")]
    return "; ".join(parts) or None


def test_one_day_above_12_settles_the_day_month_order_of_the_whole_column(tmp_path):
    # Excel in Europe writes 04/03/2025 for 4 March; the 13/03 row proves the order for every row
    recs = freshdesk_times(tmp_path, "04/03/2025 14:22", "07/03/2025 08:45", "13/03/2025 16:05")
    assert [str(r["timestamp"].date()) for r in recs] == ["2025-03-04", "2025-03-07", "2025-03-13"]
    assert [order_note(r) for r in recs] == [None, None, None]
    us = freshdesk_times(tmp_path, "03/04/2025 14:22", "03/13/2025 16:05")
    assert [str(r["timestamp"].date()) for r in us] == ["2025-03-04", "2025-03-13"]


def test_a_column_of_only_ambiguous_dates_is_read_month_first_and_says_so(tmp_path):
    recs = freshdesk_times(tmp_path, "04/03/2025 14:22", "2025-03-05T09:00:00Z")
    assert str(recs[0]["timestamp"]) == "2025-04-03 14:22:00+00:00"
    assert order_note(recs[0]) == ("numeric dates read as month/day (no date in this file has a day "
                                "above 12); if they are day/month, pass dayfirst=True (scan --dayfirst)")
    assert recs[1]["error"] is None  # an ISO date is never ambiguous
    dotted = freshdesk_times(tmp_path, "04.03.2025 14:22")  # the European dotted form: day first
    assert str(dotted[0]["timestamp"]) == "2025-03-04 14:22:00+00:00"


def test_dayfirst_reads_a_column_of_only_ambiguous_dates_day_first_without_a_note(tmp_path):
    recs = freshdesk_times(tmp_path, "02/03/2026 09:10", "06/03/2026 08:05", dayfirst=True)
    assert [str(r["timestamp"]) for r in recs] == ["2026-03-02 09:10:00+00:00", "2026-03-06 08:05:00+00:00"]
    assert [order_note(r) for r in recs] == [None, None]  # the user said which order: nothing to check
    us = freshdesk_times(tmp_path, "04.03.2025 14:22", dayfirst=False)  # dotted, but said month first
    assert (str(us[0]["timestamp"]), order_note(us[0])) == ("2025-04-03 14:22:00+00:00", None)


def test_a_column_that_settles_its_order_wins_over_dayfirst_and_says_so(tmp_path):
    recs = freshdesk_times(tmp_path, "03/04/2025 14:22", "03/13/2025 16:05", dayfirst=True)
    assert [str(r["timestamp"].date()) for r in recs] == ["2025-03-04", "2025-03-13"]
    assert "read as month/day" in recs[0]["error"] and "'03/13/2025 16:05'" in recs[0]["error"]
    assert recs[1]["error"] is None  # a date with one possible reading is not in doubt


def test_dayfirst_never_changes_an_iso_or_year_first_date(tmp_path):
    for dayfirst in (True, False, None):
        recs = freshdesk_times(tmp_path, "2026-03-02 10:00", "2026/03/02 10:00", "2026-03-02T10:00:00+01:00",
                               "02/03/2026 10:00", dayfirst=dayfirst)
        assert [str(r["timestamp"]) for r in recs[:3]] == [
            "2026-03-02 10:00:00+00:00", "2026-03-02 10:00:00+00:00", "2026-03-02 09:00:00+00:00"]
    # a day above 12 makes the column day/month: a year-first date in it stays year/month/day
    recs = freshdesk_times(tmp_path, "13/03/2025 09:00", "2026/03/02 10:00")
    assert str(recs[1]["timestamp"]) == "2026-03-02 10:00:00+00:00"


def test_a_column_that_writes_both_orders_makes_each_ambiguous_date_an_error_row(tmp_path):
    recs = freshdesk_times(tmp_path, "13/03/2025 09:00", "03/14/2025 10:00", "04/03/2025 11:00",
                           "2025-03-05 12:00")
    assert [r["status"] for r in recs] == ["ok", "ok", "error", "ok"]
    assert [str(r["timestamp"].date()) for r in recs if r["timestamp"] is not None] == [
        "2025-03-13", "2025-03-14", "2025-03-05"]
    assert recs[2]["timestamp"] is None
    assert recs[2]["error"] == (
        "created_at '04/03/2025 11:00' could be day/month or month/day: this file writes both "
        "('13/03/2025 09:00' is day/month, '03/14/2025 10:00' month/day); fix the export, or pass "
        "dayfirst=True or False (scan --dayfirst / --monthfirst) to choose")
    chosen = freshdesk_times(tmp_path, "13/03/2025 09:00", "03/14/2025 10:00", "04/03/2025 11:00",
                             dayfirst=True)
    assert [r["status"] for r in chosen] == ["ok", "ok", "ok"]
    assert str(chosen[2]["timestamp"].date()) == "2025-03-04"
    assert "this file writes both" in chosen[2]["error"]


def test_an_impossible_date_does_not_count_as_a_second_order(tmp_path):
    recs = freshdesk_times(tmp_path, "13/13/2025 09:00", "14/03/2025 10:00", "04/03/2025 11:00")
    assert [r["status"] for r in recs] == ["ok", "ok", "ok"]
    assert str(recs[2]["timestamp"].date()) == "2025-03-04"


def test_read_passes_dayfirst_to_the_helpdesk_reader_and_checks_it(tmp_path):
    p = tmp_path / "fd.csv"
    p.write_text(FRESHDESK_HEADER + "6001,1,lena@kestrel.de,true,false,02/03/2026 09:10,The export failed.\n")
    ours = ["ourco.io"]
    assert str(fs.read(p, dayfirst=True, internal_domains=ours)["timestamp"][0]) == "2026-03-02 09:10:00+00:00"
    chunk = next(fs.iter_read(p, dayfirst=True, internal_domains=ours))
    assert str(chunk["timestamp"][0]) == "2026-03-02 09:10:00+00:00"
    default = fs.read(p, internal_domains=ours)
    assert str(default["timestamp"][0]) == "2026-02-03 09:10:00+00:00"  # the default is unchanged
    assert "pass dayfirst=True" in default["error"][0]
    with pytest.raises(InvalidOptionError, match="dayfirst must be True, False or None"):
        fs.read(p, dayfirst="yes")


def test_an_unreadable_time_is_noted_and_the_row_stays_ok(tmp_path):
    recs = freshdesk_times(tmp_path, "32/13/2025 25:61", "2025-03-05 09:00")
    assert (recs[0]["status"], recs[0]["timestamp"]) == ("ok", None)
    assert recs[0]["error"] == "unreadable created_at '32/13/2025 25:61': the row has no time"


def test_zendesk_comment_author_columns_are_the_sender(tmp_path):
    p = tmp_path / "zd.csv"
    p.write_text("Ticket ID,Organization,Comment ID,Comment author,Comment author email,Author role,"
                 "Public,Comment created at,Comment body\n"
                 "20417,Tessaro,501,Marco Bellini,Marco.Bellini@tessaro.it,end-user,true,"
                 "2025-03-03T08:14:00Z,The VAT is wrong again.\n")
    (rec,) = read_helpdesk(p, OURS)
    assert (rec["sender"], rec["sender_name"]) == ("marco.bellini@tessaro.it", "Marco Bellini")


def test_an_author_email_in_header_form_gives_address_name_and_account(tmp_path):
    # Freshdesk's API writes "from_email": "Name <address>"; its comment id is "id"
    p = tmp_path / "conversations.json"
    p.write_text('[{"ticket_id": 8840, "id": 5000101, "incoming": true, "private": false,'
                 ' "from_email": "Åsa Lindqvist <ASA@norrland.se>", "created_at": "2025-03-24T07:15:00Z",'
                 ' "body": "<div>The export still shows UTC.</div>"}]', encoding="utf-8")
    (rec,) = read_helpdesk(p, ReadOptions(internal_domains=frozenset({"ourco.io"}),
                                          accounts={"norrland.se": "Norrland Energi"}))
    assert (rec["sender"], rec["sender_name"]) == ("asa@norrland.se", "Åsa Lindqvist")
    assert (rec["relationship"], rec["message_id"]) == ("Norrland Energi", "ticket-8840.5000101")


def test_excel_unicode_text_export_utf16_tabs_is_detected(tmp_path):
    p = tmp_path / "export.txt"
    text = ("Ticket ID\tFrom Email\tIncoming\tCreated time\tBody\r\n"
            "8812\tåsa@norrland.se\tTRUE\t2025-03-04 14:22\tStill stuck – three days now.\r\n")
    p.write_bytes(text.encode("utf-16"))  # with its byte-order mark, as Excel writes it
    df = fs.read(p, internal_domains=["ourco.io"])
    assert df[["status", "sender", "text"]].values.tolist() == [
        ["ok", "åsa@norrland.se", "Still stuck – three days now."]]


def test_helpscout_thread_types_and_user_means_agent():
    recs = read("helpscout.csv")
    assert [r["direction"] for r in recs] == ["inbound", "internal", "outbound"]
    assert recs[0]["thread_id"] == "ticket-55"


def test_presets_are_detected_from_the_header():
    assert detect_preset(["Ticket ID", "Comment ID", "Author role", "Public", "Body"]) == "zendesk"
    assert detect_preset(["Ticket ID", "Incoming", "Private", "Body", "Company"]) == "freshdesk"
    assert detect_preset(["Conversation Number", "Thread Type", "Created By Type", "Thread Body"]) == "helpscout"
    assert detect_preset(["id", "message"]) is None


def test_columns_mapping_reads_any_other_layout():
    path = FIX / "custom_layout.csv"
    unmapped = list(read_helpdesk(path, OURS))
    assert len(unmapped) == 1 and unmapped[0]["status"] == "error"
    assert "columns=" in unmapped[0]["error"] and "Case" in unmapped[0]["error"]
    opts = ReadOptions(columns={"ticket_id": "Case", "author": "Who", "role": "Side", "created_at": "When",
                                "body": "Message"}, relationship="Kestrel Foods")
    recs = list(read_helpdesk(path, opts))
    assert [(r["sender"], r["direction"], r["text"]) for r in recs] == [
        ("Rosa Kim", "inbound", "We need this by Friday."),
        ("Hugo Brandt", "outbound", "Understood, you'll have it Thursday."),
    ]
    assert {r["relationship"] for r in recs} == {"Kestrel Foods"}
    assert str(recs[0]["timestamp"]) == "2025-03-04 09:00:00+00:00"


def test_malformed_rows_are_error_rows_and_counts_in_equal_counts_out():
    recs = read("malformed.csv")
    assert len(recs) == 5
    assert [r["status"] for r in recs] == ["ok", "error", "error", "ok", "error"]
    assert "no ticket id" in recs[1]["error"]
    assert "empty body" in recs[2]["error"]
    assert recs[3]["timestamp"] is None
    assert "fields" in recs[4]["error"]


def test_a_body_longer_than_the_csv_default_field_limit_is_read(tmp_path):
    import csv

    p = tmp_path / "long.csv"
    with open(p, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Ticket ID", "Author role", "Body"])
        w.writerow(["1", "end-user", "still waiting " * 20000])
        w.writerow(["1", "agent", "on it"])
    recs = list(read_helpdesk(p, OURS))
    assert [r["status"] for r in recs] == ["ok", "ok"]
    assert len(recs[0]["text"]) > 200_000


def test_unknown_preset_or_column_field_is_refused_with_the_valid_names():
    with pytest.raises(InvalidOptionError, match="zendesk"):
        list(read_helpdesk(FIX / "zendesk.csv", ReadOptions(preset="zenbox")))
    with pytest.raises(InvalidOptionError, match="canonical"):
        list(read_helpdesk(FIX / "zendesk.csv", ReadOptions(columns={"text": "Body"})))


def test_explicit_preset_is_used(tmp_path):
    recs = list(read_helpdesk(FIX / "zendesk.csv", ReadOptions(preset="Zendesk")))
    assert len(recs) == 4 and recs[1]["direction"] == "internal"


def test_empty_and_header_only_files_are_one_error_row(tmp_path):
    empty = tmp_path / "e.csv"
    empty.write_bytes(b"")
    header = tmp_path / "h.csv"
    header.write_text("Ticket ID,Body\n")
    for p in (empty, header):
        recs = list(read_helpdesk(p, OURS))
        assert len(recs) == 1 and recs[0]["status"] == "error"


def test_windows_1252_export_is_decoded_and_noted(tmp_path):
    p = tmp_path / "cp.csv"
    p.write_bytes("Ticket ID,Author,Body\n9,Zo\u00eb,Caf\u00e9 closed\n".encode("cp1252"))
    recs = list(read_helpdesk(p, OURS))
    assert recs[0]["text"] == "Caf\u00e9 closed" and recs[0]["sender"] == "Zo\u00eb"
    assert "not valid UTF-8" in recs[0]["error"] and recs[0]["status"] == "ok"


def test_records_make_a_valid_message_table():
    recs = [r for p in sorted(FIX.iterdir()) for r in read_helpdesk(p, OURS)]
    df = validate_messages(messages_frame(recs))
    assert len(df) == len(recs)


def test_transcripts_and_email_are_not_taken_for_helpdesk_exports():
    tfix = FIX.parent / "transcripts"
    for p in tfix.iterdir():
        reader = registry.sniff_format(p, p.read_bytes()[: registry.HEAD_BYTES])
        assert reader is None or reader.name != "helpdesk", p.name


_BODY = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bodies=st.lists(_BODY, min_size=1, max_size=8))
def test_any_bodies_give_one_row_each_and_never_raise(tmp_path, bodies):
    import csv

    p = tmp_path / "wild.csv"
    with open(p, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Ticket ID", "Author role", "Body"])
        for b in bodies:
            w.writerow(["1", "agent", b])
    recs = list(read_helpdesk(p, OURS))
    assert len(recs) == len(bodies)
    assert [r["status"] for r in recs] == ["ok" if b.strip() else "error" for b in bodies]


def test_relationship_string_is_the_last_resort_and_a_mapping_renames_organisations():
    recs = read("custom_layout.csv", ReadOptions(relationship="Fallback Co", columns={
        "ticket_id": "Case", "body": "Message"}))
    assert {r["relationship"] for r in recs} == {"Fallback Co"}
    recs = read("zendesk.csv", ReadOptions(relationship="Fallback Co"))
    assert [r["relationship"] for r in recs] == ["Kestrel Foods"] * 3 + ["tallow-labs.io"]
    recs = read("zendesk.csv", ReadOptions(relationship={"Kestrel Foods": "Kestrel Group"}))
    assert [r["relationship"] for r in recs][:3] == ["Kestrel Group"] * 3
    recs = read("freshdesk.csv", ReadOptions(relationship={"freshdesk.csv": "Kestrel Group"}))
    assert {r["relationship"] for r in recs} == {"Kestrel Group"}


def test_ticket_accounts_follow_the_same_rules_as_email(tmp_path):
    # free-mail requesters are one account per address; a subdomain maps through its parent domain
    export = tmp_path / "freshdesk.csv"
    export.write_text(
        "Ticket ID,Conversation ID,From,From Email,Incoming,Private,Created At,Body,Company,Subject\n"
        "1,1,Jo Park,jo.park@gmail.com,true,false,2025-02-01 12:00:00,Still no refund.,,Refund\n"
        "2,1,Kim Lee,kim@eu.kestrel-foods.com,true,false,2025-02-01 13:00:00,Where is it?,,Order\n",
        encoding="utf-8",
    )
    df = fs.read(export, internal_domains=["fernwick.io"],
                 accounts={"kestrel-foods.com": "Kestrel Foods"})
    assert df["relationship"].tolist() == ["jo.park@gmail.com", "Kestrel Foods"]


def test_helpdesk_system_events_are_automated_rows_not_messages(tmp_path):
    p = tmp_path / "parts.csv"
    p.write_text("conversation_id,part_id,author_type,author_email,part_type,created_at,body\n"
                 "c1,p1,user,ann@acme.com,comment,1741000000,The export is broken.\n"
                 "c1,p2,admin,bo@ourco.io,assignment,1741000100,\n"
                 "c1,p3,admin,bo@ourco.io,comment,1741000200,Fixed it.\n"
                 "c1,p4,admin,bo@ourco.io,close,1741000300,\n")
    recs = list(read_helpdesk(p, OURCO))
    assert [r["status"] for r in recs] == ["ok", "automated", "ok", "automated"]  # rows in = rows out
    assert recs[1]["error"] == "a helpdesk system event (assignment), not a message"


def test_a_clients_out_of_office_reply_in_a_ticket_is_an_automated_row(tmp_path):
    p = tmp_path / "zd.csv"
    p.write_text("Ticket ID,Author email,Author role,Created at,Body\n"
                 "7,bo@ourco.io,agent,2025-03-03 10:00,The new export is ready for you.\n"
                 '7,ann@acme.com,end-user,2025-03-03 10:01,"I am on annual leave until 10 March '
                 'with limited access to email. For urgent matters please contact Raj."\n'
                 "7,ann@acme.com,end-user,2025-03-11 09:00,Thanks - the export works now.\n")
    recs = list(read_helpdesk(p, OURCO))
    assert [r["status"] for r in recs] == ["ok", "automated", "ok"]
    assert recs[1]["error"] == "an out-of-office reply (from its text)"


def test_a_bad_row_is_named_by_its_row_and_the_file_line_it_starts_on(tmp_path):
    p = tmp_path / "zd.csv"
    p.write_text('Ticket ID,Author,Body\n7,Ann,"Line one\nline two\nline three"\n,Bo,No ticket here\n'
                 '7,Ann,"a","b"\n')
    recs = list(read_helpdesk(p, OURS))
    assert recs[1]["error"] == "row 2 (line 5) has no ticket id (column 'Ticket ID')"
    assert recs[2]["error"] == "line 6: the row has 4 fields but the header has 3"


# ----------------------------------------------------------------------------------------------
# Jira / Jira Service Management: one row per issue, comments in repeated "Comment" columns


def test_jira_issue_rows_become_description_then_comment_rows_in_column_order():
    recs = read("jira_sm.csv")  # also checks that the layout is sniffed as helpdesk
    # 3 issues: 1+3 (the 4th Comment cell empty), 1+3 (one malformed), 0+1 (empty description)
    assert len(recs) == 9
    assert [r["message_id"] for r in recs] == [
        "ticket-HLP-201.0", "ticket-HLP-201.1", "ticket-HLP-201.2", "ticket-HLP-201.3",
        "ticket-HLP-202.0", "ticket-HLP-202.1", "ticket-HLP-202.2", "ticket-HLP-202.3",
        "ticket-HLP-203.1"]
    assert [r["thread_id"] for r in recs] == ["ticket-HLP-201"] * 4 + ["ticket-HLP-202"] * 4 + ["ticket-HLP-203"]
    assert [r["status"] for r in recs] == ["ok"] * 6 + ["error", "ok", "ok"]
    assert {r["subject"] for r in recs[:4]} == {"Proofing schedule not syncing to the ovens"}


def test_jira_description_is_the_reporters_first_message_at_created():
    first = read("jira_sm.csv")[0]
    assert first["sender_name"] == "Petra Voss" and first["sender"] == "petra.voss@quillmoor.co.uk"
    assert first["direction"] == "inbound"
    assert str(first["timestamp"]) == "2025-02-03 16:47:00+00:00"
    assert first["text"].startswith("Since Monday the proofing schedule")


def test_jira_comment_cells_give_time_author_and_a_body_that_keeps_semicolons_and_newlines():
    recs = read("jira_sm.csv")
    assert recs[1]["text"] == ("Hi Petra; thanks for the detail.\n"
                               "We are checking the sync job now and will write back by noon.")
    assert recs[1]["sender_name"] == "Dev Anand"
    assert [str(r["timestamp"]) for r in recs[1:4]] == [
        "2025-02-04 10:02:00+00:00", "2025-02-04 14:30:00+00:00", "2025-02-05 08:05:00+00:00"]
    assert str(recs[8]["timestamp"]) == "2025-02-12 00:40:00+00:00"  # 12:40 AM is just after midnight
    assert recs[2]["sender"] == "petra.voss@quillmoor.co.uk"  # the reporter's name -> her e-mail


def test_jira_comment_directions_from_assignee_reporter_participants_and_domains():
    recs = read("jira_sm.csv")
    # assignee, reporter, request participant
    assert [r["direction"] for r in recs[1:4]] == ["outbound", "inbound", "inbound"]
    # another issue's assignee is still an agent; an address in internal_domains is ours
    assert recs[5]["direction"] == "outbound" and recs[7]["direction"] == "outbound"
    assert recs[8]["direction"] is None  # an unknown account id
    ours = ReadOptions(internal_domains=frozenset({"fernwick.io"}),
                       internal_speakers=frozenset({"557058:0a1b2c3d"}))
    assert read("jira_sm.csv", ours)[8]["direction"] == "outbound"


def test_a_malformed_jira_comment_cell_keeps_its_text_as_an_error_row():
    bad = read("jira_sm.csv")[6]
    assert bad["status"] == "error" and bad["timestamp"] is None
    assert bad["text"] == "pasted from chat; no date on this one"
    assert "comment 2 of issue HLP-202" in bad["error"] and "date;author;text" in bad["error"]


def test_jira_account_from_organizations_else_the_reporter_email_domain():
    recs = read("jira_sm.csv")
    assert {r["relationship"] for r in recs[:4]} == {"Quillmoor Bakeries"}
    assert {r["relationship"] for r in recs[4:8]} == {"ferrigan-tools.com"}
    opts = ReadOptions(internal_domains=frozenset({"fernwick.io"}), accounts={"ferrigan-tools.com": "Ferrigan"})
    assert {r["relationship"] for r in read("jira_sm.csv", opts)[4:8]} == {"Ferrigan"}
    assert recs[8]["relationship"] is None


def test_fs_read_on_a_jira_export_gives_ok_rows():
    df = fs.read(FIX / "jira_sm.csv", internal_domains=["fernwick.io"])
    validate_messages(df)
    assert len(df) == 9 and (df["status"] == "ok").sum() == 8
    assert df["channel"].eq("helpdesk").all()


def test_plain_jira_export_maps_account_ids_through_reporter_and_assignee_id_columns(tmp_path):
    p = tmp_path / "jira.csv"
    p.write_text("Issue key,Summary,Reporter,Reporter Id,Assignee,Assignee Id,Created,Description,Comment,Comment\n"
                 'OPS-9,Disk full,Ann Lee,acc-ann,Bo Chen,acc-bo,10/Mar/25 9:14 AM,The disk is full.,'
                 '"10/Mar/25 9:40 AM;acc-bo;Cleared; watching it.","10/Mar/25 11:02 PM;acc-ann;Full again!"\n'
                 ",No key,Cy,acc-cy,,,10/Mar/25 9:00 AM,Lost issue,,\n")
    recs = list(read_helpdesk(p, ReadOptions()))
    assert detect_preset(["Issue key", "Summary", "Comment", "Comment"]) == "jira"
    assert [r["direction"] for r in recs[:3]] == ["inbound", "outbound", "inbound"]
    assert [r["sender_name"] for r in recs[:3]] == ["Ann Lee", "Bo Chen", "Ann Lee"]
    assert str(recs[2]["timestamp"]) == "2025-03-10 23:02:00+00:00"
    assert len(recs) == 4 and recs[3]["status"] == "error" and "no issue key" in recs[3]["error"]


def test_jira_issue_with_no_description_and_no_comments_is_one_error_row(tmp_path):
    p = tmp_path / "jira.csv"
    p.write_text("Issue key,Summary,Reporter,Created,Description,Comment\nOPS-1,Empty,Ann,10/Mar/25 9:14 AM,,\n")
    recs = list(read_helpdesk(p, ReadOptions()))
    assert len(recs) == 1 and recs[0]["status"] == "error"
    assert "has no description and no comments" in recs[0]["error"]


def test_jira_dates_in_other_locales_and_the_service_management_organizations_field(tmp_path):
    p = tmp_path / "jsm_de.csv"
    p.write_text("Summary,Issue key,Reporter,Assignee,Created,Custom field (Organizations),Description,Comment,Comment\n"
                 'Export broken,SUP-7,Jana Vogel,Bo Chen,10/Mär/25 9:14 AM,Vogel GmbH,The export fails.,'
                 '"11/Mär/25 10:00 AM;Bo Chen;Looking into it now.","32/Mär/25 9:00 AM;Jana Vogel;Any news?"\n',
                 encoding="utf-8")
    recs = list(read_helpdesk(p, OURS))
    assert [str(r["timestamp"]) for r in recs[:2]] == ["2025-03-10 09:14:00+00:00", "2025-03-11 10:00:00+00:00"]
    assert {r["relationship"] for r in recs} == {"Vogel GmbH"}
    # a date that cannot be read is named as such, not as a broken layout
    assert recs[2]["status"] == "error" and "its date '32/Mär/25 9:00 AM' cannot be read" in recs[2]["error"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(issues=st.lists(st.tuples(_BODY, st.lists(_BODY, max_size=3)), min_size=1, max_size=4),
       created=st.sampled_from(["10/Mar/25 9:14 AM", "10/Mär/25 9:14", "32/Mar/25 9:00 AM", "", "soon"]))
def test_any_jira_export_gives_a_row_per_description_and_comment_and_never_raises(tmp_path, issues, created):
    import csv

    width = max(len(c) for _, c in issues) or 1
    p = tmp_path / "jira.csv"
    with open(p, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Summary", "Issue key", "Reporter", "Created", "Description", *["Comment"] * width])
        for k, (desc, comments) in enumerate(issues):
            cells = [f"{created};someone;{c}" if k % 2 else c for c in comments]
            w.writerow(["s", f"SUP-{k}", "Ann", created, desc, *cells, *[""] * (width - len(cells))])
    recs = list(read_helpdesk(p, OURS))
    # one row per non-empty description or comment, or one error row for an issue with neither
    expected = sum(max(1, bool(d.strip()) + sum(1 for c in cs if (f"x;{c}" if k % 2 else c).strip()))
                   for k, (d, cs) in enumerate(issues))
    assert len(recs) == expected
    assert all(r["status"] in ("ok", "error") and (r["status"] == "ok" or r["error"]) for r in recs)


_TICKET_AND_COMMENT_IDS = (
    "Ticket ID,Subject,Company,{extra}Conversation ID,Author Name,Author Email,Author Type,Private,Created At,Body\n"
    "7001,Wrong VAT,Halvard Foods,{req}1,Greta Solberg,greta@halvard.com,Customer,false,2026-11-16T09:00:00+01:00,"
    "All October invoices show 20% VAT.\n"
    "7001,Wrong VAT,Halvard Foods,{req}2,Tom Reyes,tom@ourco.io,Agent,true,2026-11-16T09:30:00+01:00,"
    "Billing config changed on 1 Oct.\n"
    "7001,Wrong VAT,Halvard Foods,{req}3,Tom Reyes,tom@ourco.io,Agent,false,2026-11-16T10:30:00+01:00,"
    "I will send corrected invoices by 20 November.\n"
)


@pytest.mark.parametrize("extra, req", [("", ""), ("Requester Email,", "greta@halvard.com,")])
def test_a_ticket_id_column_is_the_thread_even_beside_a_per_comment_conversation_id(tmp_path, extra, req):
    """QA pass 24: with a per-comment "Conversation ID" beside "Ticket ID" the Intercom layout won
    and every comment became its own thread; with a "Requester Email" too, the Freshdesk layout won
    and ignored the Author Name / Email / Type columns."""
    path = tmp_path / "tickets.csv"
    path.write_text(_TICKET_AND_COMMENT_IDS.format(extra=extra, req=req), encoding="utf-8")
    recs = list(read_helpdesk(path, OURCO))
    assert [r["thread_id"] for r in recs] == ["ticket-7001"] * 3
    assert [r["message_id"] for r in recs] == ["ticket-7001.1", "ticket-7001.2", "ticket-7001.3"]
    assert [r["sender"] for r in recs] == ["greta@halvard.com", "tom@ourco.io", "tom@ourco.io"]
    assert [r["direction"] for r in recs] == ["inbound", "internal", "outbound"]


def test_a_per_ticket_conversation_id_beside_a_ticket_id_loses_no_comment(tmp_path):
    """QA pass 25: once "Ticket ID" keyed the thread, a conversation_id with one value per ticket
    was read as the comment id and three of four comments became duplicates of the first."""
    path = tmp_path / "intercom.csv"
    path.write_text(
        "conversation_id,Ticket ID,conversation_title,company_name,author_name,author_email,author_type,created_at,body\n"
        "c-9,T-9,Route upload,Brisk,Kit B,kit@brisk.example,user,2025-03-07T09:00:00Z,Route table attached.\n"
        "c-9,T-9,Route upload,Brisk,Dana W,dana@ourco.io,admin,2025-03-07T09:30:00Z,Looking into it.\n"
        "c-9,T-9,Route upload,Brisk,Kit B,kit@brisk.example,user,2025-03-07T11:00:00Z,Any news?\n", encoding="utf-8")
    recs = list(read_helpdesk(path, OURCO))
    assert len({r["message_id"] for r in recs}) == 3
    assert [r["thread_id"] for r in recs] == ["ticket-T-9"] * 3
    assert all("not used as the comment id" in r["error"] for r in recs)


@pytest.mark.parametrize("column", ["Ticket Number", "Ticket #", "Ticket No."])
def test_a_ticket_number_column_alone_is_the_ticket(tmp_path, column):
    path = tmp_path / "t.csv"
    path.write_text(f"{column},Author,Author email,Body\n"
                    "55,Ann,ann@client.example,The export is missing.\n"
                    "55,Tom,tom@ourco.io,Sending it now.\n", encoding="utf-8")
    recs = list(read_helpdesk(path, OURCO))
    assert [r["thread_id"] for r in recs] == ["ticket-55", "ticket-55"]


def test_a_blank_comment_id_is_numbered_apart_from_the_real_ones(tmp_path):
    path = tmp_path / "fd.csv"
    path.write_text("Ticket ID,Conversation ID,From Email,Incoming,Body\n"
                    "7001,1,jo@client.example,true,First.\n"
                    "7001,,jo@client.example,true,Second.\n"
                    "7001,2,tom@ourco.io,false,Third.\n", encoding="utf-8")
    recs = list(read_helpdesk(path, OURCO))
    assert len({r["message_id"] for r in recs}) == 3


def test_comments_without_ids_are_neither_lost_nor_doubled_across_exports(tmp_path):
    """QA pass 26: comments numbered by row collided across two monthly exports of one ticket (the
    second month's comments became duplicates of the first's), and a row exported twice in a file
    without ids was not caught. An id made from the comment's time, author and text does both."""
    head = "Ticket ID,Author,Author email,Created at,Body\n"
    (tmp_path / "oct.csv").write_text(head + "101,Ann,ann@client.example,2026-10-02 09:00,Export broken.\n"
                                      "101,Tom,tom@ourco.io,2026-10-02 10:00,Looking into it.\n", encoding="utf-8")
    (tmp_path / "nov.csv").write_text(head + "101,Ann,ann@client.example,2026-11-20 09:00,Still broken.\n"
                                      "101,Tom,tom@ourco.io,2026-11-20 10:00,Escalated.\n"
                                      "101,Tom,tom@ourco.io,2026-11-20 10:00,Escalated.\n", encoding="utf-8")
    df = fs.read(tmp_path, internal_domains=["ourco.io"])
    assert len(df) == 5
    assert df["status"].value_counts().to_dict() == {"ok": 4, "duplicate": 1}


def test_an_intercom_conversation_that_gains_a_ticket_id_stays_one_thread(tmp_path):
    """QA pass 27: the "Ticket ID always keys the thread" rule split an Intercom conversation
    whose later parts carry a ticket_id; the conversation id repeats, so it is the thread key."""
    import json

    parts = [("p-1", None, "user", "The export is broken again."),
             ("p-2", None, "admin", "Sorry, I've raised a ticket and will update you by Friday."),
             ("p-3", "T-9", "user", "It's Friday, any news?")]
    path = tmp_path / "parts.jsonl"
    path.write_text("\n".join(json.dumps({
        "conversation_id": "c-7", "ticket_id": tid, "part_id": pid, "company": {"name": "Gamma"},
        "author": {"name": "Kit" if kind == "user" else "Dana",
                   "email": "kit@gamma.example" if kind == "user" else "dana@ourco.io", "type": kind},
        "part_type": "comment", "created_at": 1738581600 + 3600 * k, "body": body})
        for k, (pid, tid, kind, body) in enumerate(parts)) + "\n", encoding="utf-8")
    recs = list(read_helpdesk(path, OURCO))
    assert [r["thread_id"] for r in recs] == ["ticket-c-7"] * 3


def test_one_edited_comment_does_not_cost_the_file_its_comment_ids(tmp_path):
    """QA pass 27: a single comment id repeated with a different text (an edit exported twice)
    threw away every comment id of the file; it is one repeat, so the ids stay."""
    path = tmp_path / "z.csv"
    path.write_text("Ticket ID,Comment ID,Author,Author email,Created at,Body\n"
                    "7,1,Ann,ann@client.example,2026-11-02 09:00,Export broken.\n"
                    "7,2,Tom,tom@ourco.io,2026-11-02 10:00,Looking into it.\n"
                    "7,2,Tom,tom@ourco.io,2026-11-02 10:00,Looking into it now.\n"
                    "7,3,Ann,ann@client.example,2026-11-03 09:00,Thanks.\n", encoding="utf-8")
    recs = list(read_helpdesk(path, OURCO))
    assert [r["message_id"] for r in recs] == ["ticket-7.1", "ticket-7.2", "ticket-7.2", "ticket-7.3"]
    assert not any("not used as the comment id" in (r["error"] or "") for r in recs)


def test_two_identical_comments_on_a_day_only_date_are_two_comments(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("Ticket ID,Author,Author email,Created at,Body\n"
                    "101,Jo,jo@client.example,2025-02-10,Thanks!\n"
                    "101,Sam,sam@ourco.io,2025-02-10,Please try again now.\n"
                    "101,Jo,jo@client.example,2025-02-10,Thanks!\n", encoding="utf-8")
    recs = list(read_helpdesk(path, OURCO))
    assert len({r["message_id"] for r in recs}) == 3


def test_two_edited_comments_keep_the_file_s_comment_ids(tmp_path):
    """QA pass 28: two comments re-exported with edits reached the clash threshold and every row
    got a new id, so each edited comment counted twice; a few clashes keep the ids."""
    path = tmp_path / "zd.csv"
    rows = [("6001", "ann@client.example", "Export broken."), ("6002", "tom@ourco.io", "Looking."),
            ("6003", "ann@client.example", "Any news?"), ("6004", "tom@ourco.io", "Fixed - please check."),
            ("6005", "ann@client.example", "Works. Thanks."),
            ("6003", "ann@client.example", "Any news??"), ("6005", "ann@client.example", "Works now. Thanks.")]
    path.write_text("Ticket ID,Comment ID,Author email,Body\n"
                    + "".join(f"9,{c},{a},{b}\n" for c, a, b in rows), encoding="utf-8")
    df = fs.read(path, internal_domains=["ourco.io"])
    assert df["status"].value_counts().to_dict() == {"ok": 5, "duplicate": 2}


def test_an_intercom_conversation_keeps_its_thread_across_incremental_exports(tmp_path):
    """QA pass 28: on day 1 a conversation had one part (its conversation id did not repeat), so the
    ticket_id keyed it; on day 2 the conversation id did; the same conversation got two threads."""
    import json

    def part(conv, tid, pid, kind, body, k):
        return json.dumps({"conversation_id": conv, "ticket_id": tid, "part_id": pid,
                           "author": {"email": "kit@gamma.example" if kind == "user" else "dana@ourco.io", "type": kind},
                           "part_type": "comment", "created_at": 1738581600 + 3600 * k, "body": body})
    (tmp_path / "day1.jsonl").write_text(part("9101", "T-70", "q1", "user", "Export broken.", 0) + "\n", encoding="utf-8")
    (tmp_path / "day2.jsonl").write_text(part("9101", "T-70", "q1", "user", "Export broken.", 0) + "\n"
                                         + part("9101", "T-70", "q9", "admin", "Fixed now.", 1) + "\n", encoding="utf-8")
    df = fs.read(tmp_path, internal_domains=["ourco.io"])
    assert set(df["thread_id"]) == {"ticket-9101"}
    assert df["status"].value_counts().to_dict() == {"ok": 2, "duplicate": 1}
