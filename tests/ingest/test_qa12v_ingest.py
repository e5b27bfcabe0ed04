"""QA12v, the reader: Maildir layouts without dots, Apple Mail exports, Windows Maildir flags, Gmail
IMAP labels, non-English HTML placeholders, discussion lists and helpdesk UTC offsets."""

from __future__ import annotations

import pytest
from mail_builders import alternative, std_body

import frictionscan as fs
from frictionscan.ingest.email import parse_message

OURS = ["halvorsen-partners.com"]
COMPLAINT = "The export failed again last night and nobody told us. This is really frustrating."


def _msg(headers: str = "", body: str = COMPLAINT + "\n", mid: str = "m1") -> bytes:
    return ("From: Claire Dubois <claire@lumiere.example>\nTo: jonas.berg@halvorsen-partners.com\n"
            f"Subject: export\nDate: Mon, 7 Apr 2025 09:00:00 +0200\nMessage-ID: <{mid}@lumiere.example>\n"
            f"{headers}\n{body}").encode()


def _maildir(path):
    for d in ("cur", "new", "tmp"):
        (path / d).mkdir(parents=True, exist_ok=True)
    return path


def _statuses(df, after):
    return dict(zip(df["source"].map(lambda p: p.split(after, 1)[1]), df["status"], strict=True))


# ---------------------------------------------------------------------------------------------
# Maildir flags after ";2," (QA12v #12)

def test_a_maildir_draft_named_with_the_windows_separator_is_skipped(tmp_path):
    box = _maildir(tmp_path / "Maildir")
    (box / "cur" / "1.host;2,DS").write_bytes(_msg(mid="d"))
    (box / "cur" / "2.host;2,S").write_bytes(_msg(mid="s"))
    (box / "cur" / "3.host!2,ST").write_bytes(_msg(mid="t"))
    df = fs.read(box, internal_domains=OURS)
    assert _statuses(df, "cur/") == {"1.host;2,DS": "skipped", "2.host;2,S": "ok", "3.host!2,ST": "skipped"}
    assert df.loc[df["source"].str.endswith("DS"), "error"].iloc[0] == "never sent: a Maildir draft (flag D)"


# ---------------------------------------------------------------------------------------------
# Gmail's IMAP label list (QA12v #13)

@pytest.mark.parametrize("labels", [
    '("\\\\Inbox" "Client Trash")',  # a user label with a space: not the Trash
    '("\\\\Inbox" "Spam filter review" "Drafts of contracts")',
    "(\\Inbox Trash-Co)",
    'Inbox,"Clients, Drafts review"',  # Takeout, a quoted label holding a comma
])
def test_a_user_label_that_merely_contains_trash_spam_or_drafts_keeps_mail_ok(labels):
    assert parse_message(_msg(f"X-GM-LABELS: {labels}\n"))["status"] == "ok"


@pytest.mark.parametrize(("labels", "reason"), [
    ('("\\\\Inbox" "\\\\Trash")', "deleted: Gmail label Trash"),
    ("(\\Important \\Draft)", "never sent: Gmail label Drafts"),
    ('("Client Trash" \\Spam)', "spam: Gmail label Spam"),
    ("(\\Junk)", "spam: Gmail label Spam"),
])
def test_gmail_system_labels_in_imap_form_skip_the_message(labels, reason):
    rec = parse_message(_msg(f"X-GM-LABELS: {labels}\n"))
    assert (rec["status"], rec["error"]) == ("skipped", reason)


# ---------------------------------------------------------------------------------------------
# a new thread on a discussion list (QA12v #10)

LIST = "List-Id: <team.lumiere.example>\nList-Post: <mailto:team@lumiere.example>\n"


@pytest.mark.parametrize("headers", [
    "Precedence: list\nList-Unsubscribe: <https://groups.example/u>\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\n",
    "Precedence: bulk\n",
    "Precedence: junk\nList-Unsubscribe: <mailto:u@lumiere.example>\n",
])
def test_a_person_starting_a_thread_on_a_discussion_list_is_scored_whatever_the_list_adds(headers):
    rec = parse_message(_msg(LIST + headers))
    assert rec["status"] == "ok" and rec["text"] == COMPLAINT


@pytest.mark.parametrize("headers", [
    "List-Post: NO\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\nList-Unsubscribe: <https://x.example/u>\n",
    "List-Id: <news.x.example>\nPrecedence: bulk\n",
])
def test_a_list_nobody_can_post_to_is_still_a_newsletter(headers):
    assert parse_message(_msg(headers))["status"] == "automated"


# ---------------------------------------------------------------------------------------------
# Maildir folders without a leading dot: mbsync, offlineimap, Dovecot LAYOUT=fs (QA12v #5)

def test_drafts_trash_junk_and_spam_maildirs_without_a_dot_are_skipped(tmp_path):
    root = tmp_path / "mbsync"
    folders = {"INBOX": "ok", "Clients": "ok", "Drafts": "skipped", "Trash": "skipped", "Junk": "skipped",
               "Deleted Items": "skipped", "[Gmail]/Spam": "skipped", "[Gmail]/Sent Mail": "ok",
               "INBOX.Junk": "skipped"}  # offlineimap's dot-separated nesting, without a leading dot
    for i, folder in enumerate(folders):
        (_maildir(root / folder) / "cur" / f"{i}.host:2,S").write_bytes(_msg(mid=f"m{i}"))
    df = fs.read(root, internal_domains=OURS)
    assert _statuses(df, "mbsync/") == {f"{folder}/cur/{i}.host:2,S": status
                                        for i, (folder, status) in enumerate(folders.items())}
    reasons = df.set_index(df["source"].str.split("mbsync/").str[1].str.split("/cur").str[0])["error"]
    assert reasons["Drafts"] == "never sent: in the Maildir folder Drafts"
    assert reasons["[Gmail]/Spam"] == "spam: in the Maildir folder Spam"
    assert reasons["Deleted Items"] == "deleted: in the Maildir folder Deleted Items"


def test_a_draft_in_an_mbsync_drafts_folder_is_no_open_commitment(tmp_path):
    root = tmp_path / "mail"
    (_maildir(root / "Drafts") / "cur" / "1.host:2,S").write_bytes(
        _msg(body="Oliver, I will send the fixed export by Friday.\n").replace(
            b"From: Claire Dubois <claire@lumiere.example>", b"From: Jonas <jonas.berg@halvorsen-partners.com>")
        .replace(b"To: jonas.berg@halvorsen-partners.com", b"To: oliver@northgate.example"))
    assert fs.commitments(fs.score(fs.read(root, internal_domains=OURS))).empty


# ---------------------------------------------------------------------------------------------
# Apple Mail's export: Junk.mbox/ holding mbox and Info.plist (QA12v #6)

def test_an_apple_mail_export_folder_gives_its_name_to_its_mbox_and_its_metadata_no_rows(tmp_path):
    root = tmp_path / "export"
    for i, folder in enumerate(("Inbox.mbox", "Junk.mbox", "Drafts.mbox", "Deleted Messages.mbox")):
        (root / folder).mkdir(parents=True)
        (root / folder / "mbox").write_bytes(b"From - Mon Apr 07 07:00:00 2025\n" + _msg(mid=f"a{i}"))
        (root / folder / "Info.plist").write_text('<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">'
                                                  "<dict><key>LocalFileUpdateTime</key></dict></plist>\n")
        (root / folder / "table_of_contents").write_bytes(b"\x00\x00\x00\x03toc\x00" * 10)
    df = fs.read(root, internal_domains=OURS)
    assert _statuses(df, "export/") == {"Inbox.mbox/mbox": "ok", "Junk.mbox/mbox": "skipped",
                                        "Drafts.mbox/mbox": "skipped", "Deleted Messages.mbox/mbox": "skipped"}
    assert df.loc[df["source"].str.contains("Junk"), "error"].iloc[0] == "spam: in the mail folder Junk.mbox"


def test_a_file_named_mbox_outside_an_apple_export_keeps_its_mail(tmp_path):
    # only a ".mbox" folder is an Apple Mail export folder (a readpst "Junk/mbox" is skipped as
    # spam since QA15v, so the folder here is an inbox)
    (tmp_path / "Inbox").mkdir()
    (tmp_path / "Inbox" / "mbox").write_bytes(b"From - Mon Apr 07 07:00:00 2025\n" + _msg())
    assert fs.read(tmp_path, internal_domains=OURS)["status"].tolist() == ["ok"]


def test_maildirs_nested_without_a_dot_under_the_inbox_maildir_are_read_not_dropped(tmp_path):
    """mbsync's ``Inbox ~/Maildir`` with ``SubFolders Verbatim`` puts Sent/ and Drafts/ inside the inbox."""
    from frictionscan.io import read_table
    from frictionscan.parallel import scan

    root = _maildir(tmp_path / "Maildir")
    (root / "cur" / "0.host:2,S").write_bytes(_msg(mid="i"))
    for i, folder in enumerate(("Sent", "Drafts", "[Gmail]/Spam", ".Archive"), start=1):
        (_maildir(root / folder) / "cur" / f"{i}.host:2,S").write_bytes(_msg(mid=f"m{i}"))
    (root / "[Gmail]" / "notes.txt").write_text("not a Maildir file\n")
    want = {"cur/0.host:2,S": "ok", ".Archive/cur/4.host:2,S": "ok", "Drafts/cur/2.host:2,S": "skipped",
            "Sent/cur/1.host:2,S": "ok", "[Gmail]/Spam/cur/3.host:2,S": "skipped"}
    assert _statuses(fs.read(root, internal_domains=OURS), "Maildir/") == want
    scan([root], tmp_path / "s.parquet", internal_domains=OURS, jobs=2)
    assert _statuses(read_table(tmp_path / "s.parquet"), "Maildir/") == want


# ---------------------------------------------------------------------------------------------
# a notice in any language standing in for the HTML part (QA12v #8)

HTML = ("<html><body><p>Jonas, the portal has been down since 7am and my team cannot invoice. "
        "This is the third outage this month and it is unacceptable.</p></body></html>")
HTML_TEXT = ("Jonas, the portal has been down since 7am and my team cannot invoice. "
             "This is the third outage this month and it is unacceptable.")


def _alternative(plain: str, html: str = HTML, html_cte: str = "8bit") -> bytes:
    if html_cte == "base64":
        import base64

        html = base64.encodebytes(html.encode()).decode()
    return alternative(_msg, plain, html, plain_headers="Content-Transfer-Encoding: 8bit\n",
                       html_headers=f"Content-Transfer-Encoding: {html_cte}\n")


@pytest.mark.parametrize("plain", [
    "Diese Nachricht wurde im HTML-Format versendet. Bitte verwenden Sie einen HTML-fähigen E-Mail-Client.",
    "Ce message est au format HTML. Veuillez utiliser un logiciel de messagerie compatible.",
    "Este mensaje contiene formato enriquecido; ábralo con un cliente de correo adecuado.",
    "To view this email as a web page, go here.",
    "このメッセージはHTML形式で送信されました。対応するメールソフトでご覧ください。",
])
@pytest.mark.parametrize("cte", ["8bit", "base64"])
def test_a_notice_in_any_language_gives_way_to_the_html_part(plain, cte):
    raw = _alternative(plain, html_cte=cte)
    assert parse_message(raw)["text"] == HTML_TEXT
    assert std_body(raw) == HTML_TEXT  # the standard-library fallback agrees


@pytest.mark.parametrize(("plain", "html"), [
    ("Danke, das Portal funktioniert wieder. Die Rechnungen gehen heute raus.",
     "<p>Danke, das Portal funktioniert wieder. Die Rechnungen gehen heute raus.</p>"),
    ("Thanks, the portal works again. Invoices go out today.",  # HTML with entities and split spans
     "<p>Thanks,&nbsp;the <span>por</span><span>tal</span> works&#32;again. Invoices go out today.</p>"),
    ("Merci, c'est réglé. Les factures partent aujourd'hui.",
     "<p>Merci, c&#39;est r&eacute;gl&eacute;. Les factures partent aujourd&#39;hui.</p>"),
    ("The portal is down again, this is unacceptable. Call me.",  # the HTML only a bare signature
     "<p>Oliver</p>"),
])
def test_a_short_plain_part_that_says_what_it_says_is_kept_in_any_language(plain, html):
    for cte in ("8bit", "base64"):
        raw = _alternative(plain, html, cte)
        assert parse_message(raw)["text"] == plain
        assert std_body(raw) == plain


# ---------------------------------------------------------------------------------------------
# helpdesk dates: MESZ, Windows zone names, and the row's UTC offset (QA12v #11, #4)

def _tickets(tmp_path, dates, body="Still broken."):
    import csv

    p = tmp_path / "tickets.csv"
    with open(p, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Ticket ID", "Author role", "Author email", "Created at", "Body"])
        for i, d in enumerate(dates):
            w.writerow([f"T{i}", "end-user", "oliver.hart@northgate.co.uk", d, body])
    return fs.read(p, internal_domains=OURS)


def test_german_zone_abbreviations_and_windows_zone_names_are_read(tmp_path):
    df = _tickets(tmp_path, ["2025-04-01 09:15 MESZ", "2025-01-15 09:15 MEZ",
                             "2025-04-01 09:15 (UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna",
                             "2025-04-01 09:15 (UTC-05:00) Eastern Time (US & Canada)",
                             "2025-04-01 09:15 (UTC) Coordinated Universal Time"])
    assert [str(t) for t in df["timestamp"]] == [
        "2025-04-01 07:15:00+00:00", "2025-01-15 08:15:00+00:00", "2025-04-01 08:15:00+00:00",
        "2025-04-01 14:15:00+00:00", "2025-04-01 09:15:00+00:00"]
    assert df["error"].isna().all()
    assert df["utc_offset"].tolist() == [120, 60, 60, -300, 0]


def test_a_helpdesk_row_keeps_the_utc_offset_its_date_states(tmp_path):
    df = _tickets(tmp_path, ["2025-04-01T22:30:00-07:00", "2025-04-01T22:30:00Z", "2025-04-01 16:00 America/New_York",
                             "2025-01-10 16:00 America/New_York", "2025-04-01 09:15 CEST", "2025-04-01 09:15 GMT+2",
                             "Apr 1, 2025 9:15 AM -0530", "2025-04-01 09:15:00 +0100 (CET)",
                             "2025-04-01 09:15", "2025-04-01", "1743500000", "2025-04-01 09:15 XYZ"])
    assert df["utc_offset"].astype("object").where(df["utc_offset"].notna(), None).tolist() == [
        -420, 0, -240, -300, 120, 120, -330, 60, None, None, None, None]
    assert str(df["utc_offset"].dtype) == "Int64"


def test_a_helpdesk_promise_for_tomorrow_is_due_on_the_writers_tomorrow(tmp_path):
    import csv

    p = tmp_path / "offset.csv"
    with open(p, "w", newline="") as fh:
        csv.writer(fh).writerows([
            ["Ticket ID", "Author role", "Author email", "Created at", "Body"],
            ["Y1", "agent", "mia.lund@halvorsen-partners.com", "2025-04-01T22:30:00-07:00",
             "I will send the fix tomorrow by 10am."],
            ["Y2", "agent", "mia.lund@halvorsen-partners.com", "2025-04-01 16:00 America/New_York",
             "I will send the report by 5pm today."]])
    due = fs.score(fs.read(p, internal_domains=OURS))["commitment_due"].astype(str).tolist()
    assert due == ["2025-04-02 17:00:00+00:00", "2025-04-01 21:00:00+00:00"]
