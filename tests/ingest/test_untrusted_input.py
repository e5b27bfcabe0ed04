"""Hostile or odd input found by a security review: every message still becomes a row, no batch
crashes, nothing outside the scanned folder is read, and error texts stay short and true."""

from __future__ import annotations

import base64
import os

import pytest

import frictionscan as fs
from frictionscan.schemas import validate_messages

MAIL = (b"From: c@client.example\r\nTo: ops@ourco.io\r\nSubject: hi\r\n"
        b"Date: Tue, 06 Jan 2026 09:00:00 +0000\r\nMessage-ID: <n1@client.example>\r\n\r\n"
        b"The report is late again.\r\n")


# -- file names that are not UTF-8 ---------------------------------------------------------------

@pytest.mark.skipif(os.name != "posix", reason="byte file names are a POSIX thing")
@pytest.mark.parametrize("named", ["folder", "file"])
def test_a_file_name_that_is_not_utf8_is_read_and_its_source_is_a_valid_str(tmp_path, named):
    raw = os.path.join(os.fsencode(tmp_path), b"caf\xe9.eml")
    with open(raw, "wb") as fh:
        fh.write(MAIL)
    df = fs.read(tmp_path if named == "folder" else os.fsdecode(raw), internal_domains=["ourco.io"])
    validate_messages(df)
    assert df["status"].tolist() == ["ok"]
    assert df.loc[0, "text"] == "The report is late again."
    source = df.loc[0, "source"]
    source.encode("utf-8")  # no lone surrogate left
    assert source.endswith("caf\\xe9.eml")  # the bad byte shown as a \xNN escape
    df.to_parquet(tmp_path.with_suffix(".parquet"))  # the writer that used to crash


# -- From: headers whose display name is not quoted ----------------------------------------------

def _one(header: str, **kw):
    from frictionscan.ingest.email import parse_message

    raw = (f"From: {header}\nTo: ops@ourco.io, \"Ops, Team\" <team@ourco.io>\nSubject: t\n"
           "Date: Tue, 06 Jan 2026 09:00:00 +0000\n\nHello.\n").encode()
    return parse_message(raw, **kw)


@pytest.mark.parametrize(("header", "name"), [
    ("Smith, John <c2@acme.example>", "Smith, John"),  # unquoted comma
    ("@SUM(1) <c4@acme.example>", "@SUM(1)"),  # a name that looks like a formula
    ("Smith, John (Acme) <c2@acme.example>", "Smith, John (Acme)"),
])
def test_the_address_inside_angle_brackets_is_the_sender(header, name):
    rec = _one(header)
    assert rec["status"] == "ok"
    assert rec["sender"] == header[header.index("<") + 1: -1]
    assert rec["sender_name"] == name
    assert rec["recipients"] == "ops@ourco.io, team@ourco.io"


def test_an_unquoted_comma_sender_is_classified_as_the_client():
    import frictionscan.ingest.pipeline as pl

    fin = pl.RecordFinisher(pl.make_options(internal_domains=["ourco.io"]))
    rec = fin.finish(_one("Smith, John <c2@acme.example>"))
    assert (rec["direction"], rec["relationship"]) == ("inbound", "acme.example")


def test_control_and_bidi_characters_never_reach_the_sender_name_or_subject():
    """Left alone last session: a NUL in the From display name stayed in ``sender_name`` (and
    so in CSV cells and terminal output); escape sequences and bidi overrides the same."""
    from frictionscan.ingest.email import parse_message

    raw = ('From: "Ann\x00 Lee\u202e" <ann@client.example>\nTo: ops@ourco.io\n'
           "Subject: Invoice \x1b[31moverdue\x1b[0m\x00\nDate: Tue, 06 Jan 2026 09:00:00 +0000\n\n"
           "Hello.\n").encode()
    rec = parse_message(raw)
    assert rec["status"] == "ok" and rec["sender"] == "ann@client.example"
    assert rec["sender_name"] == "Ann Lee"
    assert rec["subject"] == "Invoice [31moverdue[0m"


@pytest.mark.parametrize("char", ["\x9b", "\x85", "\u061c", "\x00", "\u202e"])
def test_every_unsafe_character_leaves_eml_and_msg_subjects_alike(char):
    """Review of the eighth session: the subject check was a drifted copy of the shared set (it
    let C1 controls such as the CSI starter \x9b through), and .msg subjects were not cleaned."""
    from frictionscan.ingest.email import _fill_from_msg, parse_message
    from frictionscan.ingest.registry import DEFAULT_MAX_BODY_CHARS

    raw = (f"From: c@client.example\nTo: ops@ourco.io\nSubject: Invoice{char} overdue\n"
           "Date: Tue, 06 Jan 2026 09:00:00 +0000\n\nHello.\n").encode()
    assert parse_message(raw)["subject"] == "Invoice overdue"

    class FakeMsg:
        messageId, inReplyTo, headerText, to, cc, htmlBody = "<m1@x>", None, "", "ops@ourco.io", "", None
        sender, date, body = "c@client.example", "Tue, 06 Jan 2026 09:00:00 +0000", "Hello."
        subject = f"Invoice{char} overdue"

    rec: dict = {}
    _fill_from_msg(rec, FakeMsg(), DEFAULT_MAX_BODY_CHARS)
    assert rec["subject"] == "Invoice overdue"


def test_a_from_header_without_any_full_address_keeps_what_it_has():
    assert _one("root")["sender"] == "root"


# -- MIME nested deep ----------------------------------------------------------------------------

def _nested(levels: int) -> bytes:
    s = ("From: c@client.example\r\nTo: ops@ourco.io\r\nSubject: deep\r\n"
         "Date: Tue, 06 Jan 2026 09:00:00 +0000\r\nContent-Type: multipart/mixed; boundary=\"b0\"\r\n\r\n")
    for k in range(1, levels):
        s += f"--b{k - 1}\r\nContent-Type: multipart/mixed; boundary=\"b{k}\"\r\n\r\n"
    s += f"--b{levels - 1}\r\nContent-Type: text/plain\r\n\r\nHidden at level {levels}: unacceptable.\r\n"
    s += "".join(f"--b{k}--\r\n" for k in range(levels - 1, -1, -1))
    return s.encode()


@pytest.mark.parametrize("levels", [40, 60, 200, 500])
def test_text_nested_hundreds_of_levels_deep_is_read(levels):
    from frictionscan.ingest.email import parse_message

    rec = parse_message(_nested(levels))
    assert rec["status"] == "ok"
    assert rec["text"] == f"Hidden at level {levels}: unacceptable."
    assert rec["error"] is None


def test_text_nested_deeper_than_the_parser_goes_is_recovered_with_a_note():
    from frictionscan.ingest.email import parse_message

    rec = parse_message(_nested(3000))
    assert rec["status"] == "ok"
    assert rec["sender"] == "c@client.example"
    assert rec["text"] == "Hidden at level 3000: unacceptable."
    assert "MIME nested too deep" in rec["error"]


@pytest.mark.parametrize("cte, charset, encoded", [
    ("base64", "utf-8", base64.b64encode("Délai dépassé: unacceptable.".encode()).decode()),
    ("quoted-printable", "iso-8859-1", "D=E9lai d=E9pass=E9: unacceptable."),
])
def test_text_nested_deeper_than_the_parser_goes_is_decoded_as_a_parsed_part_is(cte, charset,
                                                                                  encoded):
    from frictionscan.ingest.email import parse_message

    raw = _nested(3000).replace(
        b"Content-Type: text/plain\r\n\r\nHidden at level 3000: unacceptable.",
        f"Content-Type: text/plain; charset={charset}\r\nContent-Transfer-Encoding: {cte}\r\n\r\n"
        f"{encoded}".encode())
    rec = parse_message(raw)
    assert rec["status"] == "ok"
    assert rec["text"] == "Délai dépassé: unacceptable."
    assert "MIME nested too deep" in rec["error"]


# -- a stray NUL byte in a helpdesk export -------------------------------------------------------

def _tickets(nul_row: int | None) -> bytes:
    rows = ["ticket_id,created_at,author,body"]
    for i in range(1, 6):
        body = f"Ticket {i}: the sync is broken again." if i != nul_row else f"Ticket {i} \x00has a NUL."
        rows.append(f'{i},2026-01-0{i}T10:00:00Z,client@client.example,"{body}"')
    return ("\n".join(rows) + "\n").encode()


@pytest.mark.parametrize("fmt", ["auto", "helpdesk"])
def test_one_nul_byte_in_a_helpdesk_csv_is_noted_on_its_row_and_the_other_rows_are_kept(tmp_path, fmt):
    path = tmp_path / "tickets.csv"
    path.write_bytes(_tickets(3))
    df = fs.read(path, format=fmt, internal_domains=["ourco.io"])
    assert len(df) == 5
    assert df["status"].tolist() == ["ok"] * 5
    assert df.loc[2, "text"] == "Ticket 3 has a NUL."
    assert "\x00" not in "".join(df["text"])
    assert "NUL" in df.loc[2, "error"]
    assert df["error"].drop(index=2).isna().all()


def test_utf16_without_a_byte_order_mark_is_still_not_taken_for_stray_nuls(tmp_path):
    from frictionscan.ingest.transcripts import decode_text

    text, note = decode_text(_tickets(None).decode().encode("utf-16-le"))
    assert text is None and "NUL" in note
    assert decode_text(_tickets(None).decode().encode("utf-16"))[0].startswith("ticket_id")


def _transcript(lines: int) -> bytes:
    return "".join(f"{'Anna Lee' if i % 2 else 'Bo Chen'}: point {i} of the review, still open.\n"
                   for i in range(lines)).encode()


@pytest.mark.parametrize("at", ["start", "80000"])
def test_one_stray_nul_anywhere_in_a_plain_text_transcript_is_dropped_and_noted(tmp_path, at):
    data = _transcript(2000)
    assert len(data) > 90_000
    cut = 200 if at == "start" else 80_000
    path = tmp_path / "call.txt"
    path.write_bytes(data[:cut] + b"\x00" + data[cut:])
    df = fs.read(path, internal_domains=["ourco.io"])
    assert len(df) > 1 and set(df["status"]) == {"ok"}
    assert df["channel"].eq("transcript").all()
    assert df["error"].fillna("").str.contains("1 NUL byte").all()
    assert not df["text"].str.contains("\x00").any()


def test_an_unrecognised_text_file_with_one_stray_nul_is_not_called_binary(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes(b"Plain notes about the quarter, nothing like a transcript.\x00\n" * 20)
    df = fs.read(path)
    assert df["status"].tolist() == ["error"]
    assert "no reader recognised" in df.loc[0, "error"] and "binary" not in df.loc[0, "error"]


def test_nuls_past_the_start_that_are_not_stray_still_make_a_file_unreadable():
    from frictionscan.ingest.transcripts import decode_text

    text, note = decode_text(_transcript(100) + b"\x00\x01" * 5000)
    assert text is None and "NUL" in note


# -- links out of the folder, FIFOs and devices --------------------------------------------------

@pytest.mark.skipif(os.name != "posix", reason="symlinks and FIFOs")
def test_links_leading_outside_the_folder_are_error_rows_and_never_read(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "private.eml").write_bytes(MAIL.replace(b"late again", b"CONFIDENTIAL"))
    scanned = tmp_path / "scanned"
    (scanned / "sub").mkdir(parents=True)
    (scanned / "sub" / "real.eml").write_bytes(MAIL)
    os.symlink(outside / "private.eml", scanned / "a_out.eml")
    os.symlink(outside, scanned / "b_outdir")
    os.symlink(scanned / "sub" / "real.eml", scanned / "c_in.eml")  # stays inside: read
    df = fs.read(scanned, internal_domains=["ourco.io"])
    assert not df["text"].fillna("").str.contains("CONFIDENTIAL").any()
    names = [os.path.basename(s) for s in df["source"]]
    assert names == ["a_out.eml", "b_outdir", "c_in.eml", "real.eml"]
    assert df["status"].tolist() == ["error", "error", "ok", "duplicate"]
    assert df.loc[0, "error"] == df.loc[1, "error"]
    assert "outside the folder" in df.loc[0, "error"]


@pytest.fixture
def deadline():
    """Fail (instead of hanging the suite) if the test blocks for 20 s."""
    import signal

    def expire(*_):
        raise TimeoutError("the read blocked")

    old = signal.signal(signal.SIGALRM, expire)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("named", ["folder", "file", "maildir"])
def test_a_fifo_is_an_error_row_and_does_not_hang_the_read(tmp_path, named, deadline):
    folder = tmp_path / "box"
    where = folder / "new" if named == "maildir" else folder
    where.mkdir(parents=True)
    if named == "maildir":
        (folder / "cur").mkdir()
    os.mkfifo(where / "f.eml")
    df = fs.read(where / "f.eml" if named == "file" else folder)
    assert df["status"].tolist() == ["error"]
    assert "FIFO" in df.loc[0, "error"]


def test_the_folder_walk_for_parallel_planning_warns_about_what_it_leaves_out(tmp_path):
    from frictionscan.errors import FrictionscanWarning
    from frictionscan.ingest.pipeline import make_options, walk

    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    os.mkfifo(tmp_path / "f.eml")
    (tmp_path / "g.eml").write_bytes(MAIL)
    with pytest.warns(FrictionscanWarning, match="FIFO"):
        found = [p.name for p, _ in walk(tmp_path, make_options())]
    assert found == ["g.eml"]


# -- "From " lines in the body of an unescaped mbox ----------------------------------------------

def _mbox(bodies: list[str]) -> bytes:
    return "".join(
        f"From c{i}@client.example Tue Jan  6 09:00:00 2026\nFrom: c{i}@client.example\nTo: ops@ourco.io\n"
        f"Subject: fb {i}\nDate: Tue, 06 Jan 2026 09:0{i}:00 +0000\nMessage-ID: <fb{i}@client.example>\n\n{b}\n\n"
        for i, b in enumerate(bodies)).encode()


@pytest.mark.parametrize("line", [
    "From Monday 10:30 onwards we will escalate this.",  # no envelope sender, no date
    "From me Mon Jan  5 10:00:00 2026 is when it broke.",  # a date, then more words
])
def test_a_body_line_that_only_starts_like_an_envelope_does_not_split_the_message(tmp_path, line):
    path = tmp_path / "box.mbox"
    path.write_bytes(_mbox([f"Hi,\n\n{line}", "Second message."]))
    df = fs.read(path, internal_domains=["ourco.io"])
    assert df["status"].tolist() == ["ok", "ok"]
    assert df.loc[0, "text"] == f"Hi,\n\n{line}"


@pytest.mark.parametrize("line", [
    b"From MAILER-DAEMON Fri Jul  8 12:08:34 2011", b"From - Tue Jan 06 09:00:00 2026",
    b"From 1590123@xxx Sat Mar 21 10:11:12 +0000 2020", b"From root  Mon Jan  5 10:00:00 2026",
    b"From root Mon Jan  5 10:00:00 2026 +0000", b"From root Mon Jan  5 10:00:00 2026 UTC",
])
def test_real_envelope_lines_still_separate_messages(line):
    from frictionscan.ingest.email import _is_separator

    assert _is_separator(line + b"\n", True) and _is_separator(line + b"\n", False)


def test_an_mbox_whose_envelopes_have_a_local_sender_and_the_zone_after_the_year_is_two_messages(
        tmp_path):
    one = b"From: root@host.example\nTo: ops@ourco.io\nSubject: cron {i}\nMessage-ID: <cr{i}@h>\n\nJob {i} failed.\n"
    data = b"\n".join(b"From root Mon Jan  5 10:0%d:00 2026 +0000\n" % i + one.replace(b"{i}", b"%d" % i)
                       for i in (1, 2))
    path = tmp_path / "cron.mbox"
    path.write_bytes(data)
    df = fs.read(path, internal_domains=["ourco.io"])
    assert df["status"].tolist() == ["ok", "ok"]
    assert df["text"].tolist() == ["Job 1 failed.", "Job 2 failed."]


def test_text_split_off_by_a_body_envelope_line_stays_in_its_row(tmp_path):
    path = tmp_path / "box.mbox"
    path.write_bytes(_mbox(["Hi,\n\nFrom b@client.example Mon Jan  5 10:00:00 2026\nwe will escalate."]))
    df = fs.read(path, internal_domains=["ourco.io"])
    assert df["status"].tolist() == ["ok", "error"]
    assert df.loc[1, "text"] == "From b@client.example Mon Jan  5 10:00:00 2026\nwe will escalate."
    assert "kept in text" in df.loc[1, "error"]


# -- error texts that say what a file is, and stay short -----------------------------------------

def test_a_zip_file_is_described_as_an_archive_not_as_a_csv(tmp_path):
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("inner.eml", MAIL)
    (tmp_path / "mail.zip").write_bytes(buf.getvalue())
    err = fs.read(tmp_path / "mail.zip").loc[0, "error"]
    assert "zip archive" in err and "CSV" not in err and "PK" not in err


def test_an_mbox_with_old_mac_line_ends_is_read_as_mail(tmp_path):
    box = _mbox(["This is still broken.", "And still."]).replace(b"\n", b"\r")
    (tmp_path / "cr.mbox").write_bytes(box)
    df = fs.read(tmp_path / "cr.mbox", internal_domains=["ourco.io"])
    assert df["status"].tolist() == ["ok", "ok"]
    assert df["text"].tolist() == ["This is still broken.", "And still."]
    assert df["sender"].tolist() == ["c0@client.example", "c1@client.example"]


def test_splitting_an_old_mac_mbox_for_workers_keeps_it_whole_and_readable(tmp_path):
    from frictionscan.ingest.email import iter_mbox_messages, split_mbox

    box = _mbox([f"Message {i} is still broken." for i in range(40)]).replace(b"\n", b"\r")
    (tmp_path / "cr.mbox").write_bytes(box)
    ranges = split_mbox(tmp_path / "cr.mbox", 4)
    assert ranges == [(0, len(box))]  # no "\n" to resync on: one range, not one giant "line"
    assert len(list(iter_mbox_messages(tmp_path / "cr.mbox", *ranges[0]))) == 40


def test_an_error_text_never_carries_a_whole_mailbox():
    from frictionscan.ingest.pipeline import MAX_ERROR_CHARS, RecordFinisher, make_options

    rec = RecordFinisher(make_options()).finish(
        {"status": "error", "error": "unreadable: " + "mailbox text " * 100_000, "channel": "email"})
    assert len(rec["error"]) <= MAX_ERROR_CHARS
    assert rec["error"].startswith("unreadable: mailbox text")


def test_a_junk_file_with_a_huge_first_line_gives_a_short_error(tmp_path):
    (tmp_path / "junk.txt").write_text(("x" * 5000 + ",") * 30)
    err = fs.read(tmp_path / "junk.txt").loc[0, "error"]
    assert len(err) < 1000


@pytest.mark.parametrize("multipart", [False, True])
def test_invalid_base64_is_noted(multipart):
    from frictionscan.ingest.email import parse_message

    head = b"From: c@client.example\nTo: ops@ourco.io\nSubject: b\nDate: Tue, 06 Jan 2026 09:00:00 +0000\n"
    part = b"Content-Type: text/plain\nContent-Transfer-Encoding: base64\n\n!!!!@@@@ not base64 ====\nQUJD\n"
    raw = (head + b"Content-Type: multipart/mixed; boundary=XY\n\n--XY\n" + part + b"--XY--\n"
           if multipart else head + part)
    rec = parse_message(raw)
    assert rec["status"] == "ok"
    assert "invalid base64" in rec["error"]
    good = parse_message(head + b"Content-Transfer-Encoding: base64\n\nSGVsbG8sIHRoZSBmaXggd29ya3Mu\n")
    assert good["text"] == "Hello, the fix works." and good["error"] is None


def test_a_huge_subject_is_cut_with_a_note_like_a_body():
    from frictionscan.ingest.email import MAX_SUBJECT_CHARS, parse_message

    raw = (b"From: c@client.example\nTo: ops@ourco.io\nSubject: " + b"late again " * 200_000
           + b"\nDate: Tue, 06 Jan 2026 09:00:00 +0000\n\nStill late.\n")
    rec = parse_message(raw)
    assert rec["status"] == "ok"
    assert len(rec["subject"]) == MAX_SUBJECT_CHARS
    assert f"subject truncated to {MAX_SUBJECT_CHARS:,} characters" in rec["error"]
    assert rec["text"] == "Still late."


def test_utf16_text_without_a_byte_order_mark_is_not_called_binary(tmp_path):
    (tmp_path / "notes.txt").write_bytes("Some notes, nothing more.\n".encode("utf-16-le") * 20)
    err = fs.read(tmp_path / "notes.txt").loc[0, "error"]
    assert "UTF-16" in err and "binary" not in err


@pytest.mark.parametrize("fmt", ["helpdesk", "transcript_json"])
@pytest.mark.parametrize("doc", ["[" * 100_000 + "]" * 100_000, '{"a":' * 100_000 + "1" + "}" * 100_000])
def test_json_nested_beyond_the_recursion_limit_is_an_error_row_that_says_so(tmp_path, fmt, doc):
    (tmp_path / "deep.json").write_text(doc)
    df = fs.read(tmp_path / "deep.json", format=fmt)
    assert df["status"].tolist() == ["error"]
    assert "nested too deep" in df.loc[0, "error"] and "RecursionError" not in df.loc[0, "error"]


# -- a Maildir is read by the same rules as a folder ---------------------------------------------

def _maildir_with_escapes(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "private.eml").write_bytes(MAIL.replace(b"late again", b"CONFIDENTIAL"))
    (outside / "cur").mkdir()
    (outside / "new").mkdir()
    (outside / "cur" / "9.eml").write_bytes(MAIL.replace(b"late again", b"CONFIDENTIAL"))
    box = tmp_path / "box"
    for d in ("cur", "new", ".Sent/cur", ".Sent/new"):
        (box / d).mkdir(parents=True)
    (box / "cur" / "1.eml").write_bytes(MAIL)
    os.symlink(outside / "private.eml", box / "cur" / "2.eml")
    os.symlink(outside, box / ".Away")  # a Maildir++ folder that is really elsewhere
    os.symlink(".", box / ".Loop")  # the Maildir inside itself
    (box / ".Sent" / "cur" / "3.eml").write_bytes(MAIL.replace(b"<n1@", b"<n3@"))
    return box


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
@pytest.mark.parametrize("named", ["maildir", "parent folder"])
def test_a_maildir_never_follows_a_link_out_of_it_nor_a_loop(tmp_path, named):
    box = _maildir_with_escapes(tmp_path)
    df = fs.read(box if named == "maildir" else box.parent / "box", internal_domains=["ourco.io"])
    assert not df["text"].fillna("").str.contains("CONFIDENTIAL").any()
    names = [os.path.relpath(s, box) for s in df["source"]]
    assert names == ["cur/1.eml", "cur/2.eml", ".Away", ".Sent/cur/3.eml"]  # the loop read once
    assert df["status"].tolist() == ["ok", "error", "error", "ok"]
    assert "outside the folder" in df.loc[1, "error"] and df.loc[1, "error"] == df.loc[2, "error"]


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_the_maildir_traversal_is_the_readers_order_with_reasons(tmp_path):
    from frictionscan.ingest.email import maildir_files

    box = _maildir_with_escapes(tmp_path)
    got = [(os.path.relpath(f, box), why is not None) for f, _, why in maildir_files(box)]
    assert got == [("cur/1.eml", False), ("cur/2.eml", True), (".Away", True),
                   (".Sent/cur/3.eml", False)]


# -- a frictionscan bug is told apart from bad input by the reason's start -------------------------

def test_a_programming_error_caught_by_a_reader_starts_its_reason_with_the_marker(monkeypatch):
    from frictionscan.ingest import email
    from frictionscan.ingest.registry import INTERNAL_ERROR

    def broken(*_a, **_k):
        raise NameError("name '_ooo' is not defined")

    monkeypatch.setattr(email, "_fill", broken)
    rec = email.parse_message(MAIL)
    assert rec["status"] == "error" and rec["error"].startswith(INTERNAL_ERROR)
    assert rec["error"].endswith("unreadable message: NameError: name '_ooo' is not defined")


def test_input_text_that_names_an_exception_never_carries_the_marker(tmp_path):
    from frictionscan.ingest.registry import INTERNAL_ERROR

    (tmp_path / "a.csv").write_bytes(b"Note: KeyError: see,Other\n1,2\n")
    df = fs.read(tmp_path)
    assert df["status"].tolist() == ["error"] and "Note: KeyError: see" in df.loc[0, "error"]
    assert not df.loc[0, "error"].startswith(INTERNAL_ERROR)


def test_helpdesk_and_transcript_names_and_subjects_lose_control_and_bidi_characters(tmp_path):
    """Verification of the review fixes (D4): only the e-mail readers cleaned these; a helpdesk
    author 'Lena \u202eHelp\x1b[2J' reversed how the evidence table showed its address."""
    csv = tmp_path / "tickets.csv"
    csv.write_text(
        "ticket_id,created_at,author,author_email,body,subject\n"
        "T-1,2026-03-02T10:00:00Z,Lena \u202eHelp\x1b[2J,lena@client.example,"
        "The export is late again.,Export \x9blate\n", encoding="utf-8")
    vtt = tmp_path / "call.vtt"
    vtt.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Sam\u202e Okafor>We will send it Friday.\n",
                   encoding="utf-8")
    df = fs.read(tmp_path, internal_domains=["ourco.io"], start="2026-03-02T10:00:00Z")
    names = set(df["sender_name"].dropna()) | set(df["subject"].dropna())
    assert "Lena Help[2J" in names and "Export late" in names
    assert not any(ch in "".join(names) for ch in "\u202e\x1b\x9b")
