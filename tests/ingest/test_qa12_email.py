"""QA pass 12, email reader: placeholder plain parts, TNEF-only bodies, calendar items, read receipts,
newsletters, Exchange X.500 senders, and drafts/spam/deleted mail kept as ``skipped`` rows."""

from __future__ import annotations

import pytest
from mail_builders import alternative, std_body

import frictionscan as fs
from frictionscan.ingest import email as em
from frictionscan.ingest.email import parse_message
from frictionscan.schemas import STATUSES, validate_messages

OURS = ["halvorsen-partners.com"]
COMPLAINT = "The export failed again last night and nobody told us. This is really frustrating."
HTML = f"<html><body><p>Hi Jonas,</p><p>{COMPLAINT}</p><p>Claire</p></body></html>"


def _msg(headers: str, body: str) -> bytes:
    base = ("From: Claire Dubois <claire@lumiere.example>\nTo: jonas.berg@halvorsen-partners.com\n"
            "Subject: export\nDate: Mon, 7 Apr 2025 09:00:00 +0200\nMessage-ID: <m1@lumiere.example>\n")
    return (base + headers + "\n" + body).encode("utf-8")


def _alternative(plain: str, html: str = HTML, plain_headers: str = "") -> bytes:
    return alternative(_msg, plain, html, plain_headers=plain_headers)


# ---------------------------------------------------------------------------------------------
# the HTML alternative is read when the plain one is a placeholder (QA12 #2)

@pytest.mark.parametrize("plain", [
    "[image: logo]",
    "\u00a0\n\u00a0",  # no-break spaces only: bytes.isspace() says these are text
    "\u200b",
    "This is an HTML message. Please use an HTML-capable mail client to view it.",
    "[cid:image001.png@01DB]\n[image: banner]\n",
])
def test_a_placeholder_plain_part_gives_way_to_the_html_part(plain):
    raw = _alternative(plain)
    rec = parse_message(raw)
    assert rec["status"] == "ok"
    assert COMPLAINT in rec["text"]
    assert COMPLAINT in std_body(raw)


def test_a_placeholder_gives_way_to_html_nested_with_its_images_in_multipart_related():
    raw = _msg('MIME-Version: 1.0\nContent-Type: multipart/alternative; boundary="b"\n',
               '--b\nContent-Type: text/plain; charset="utf-8"\n\n[image: logo]\n'
               '--b\nContent-Type: multipart/related; boundary="r"\n\n'
               f'--r\nContent-Type: text/html; charset="utf-8"\n\n{HTML}\n'
               "--r\nContent-Type: image/png\nContent-Disposition: inline\n\niVBORw0KGgo=\n--r--\n--b--\n")
    assert COMPLAINT in parse_message(raw)["text"]
    assert COMPLAINT in std_body(raw)


def test_a_quoted_printable_no_break_space_is_a_placeholder_too():
    raw = _alternative("=C2=A0", plain_headers="Content-Transfer-Encoding: quoted-printable\n")
    assert COMPLAINT in parse_message(raw)["text"]


def test_a_very_short_plain_part_gives_way_when_the_html_says_much_more():
    assert COMPLAINT in parse_message(_alternative("Hi Jonas,"))["text"]


def test_a_short_plain_part_that_says_what_the_html_says_is_kept():
    raw = _alternative("Thanks, that works.", "<p>Thanks, <b>that</b> works.</p>")
    rec = parse_message(raw)
    assert rec["text"] == "Thanks, that works."
    assert std_body(raw).strip() == "Thanks, that works."


def test_a_long_plain_part_is_taken_without_rendering_the_html(monkeypatch):
    import frictionscan.clean as clean

    def boom(html):
        raise AssertionError("HTML rendered for a message whose plain part has words")

    monkeypatch.setattr(clean, "html_to_text", boom)
    plain = "The dashboard is late again and the numbers from March are still wrong. " * 20
    rec = parse_message(_alternative(plain))
    assert rec["text"].startswith("The dashboard is late again")


# ---------------------------------------------------------------------------------------------
# a body only in winmail.dat (QA12 #8)

TNEF = ('Content-Type: application/ms-tnef; name="winmail.dat"\nContent-Transfer-Encoding: base64\n'
        'Content-Disposition: attachment; filename="winmail.dat"\n')


def test_a_message_whose_body_is_only_a_tnef_attachment_is_an_error_row_saying_what_to_do():
    rec = parse_message(_msg("MIME-Version: 1.0\n" + TNEF, "eJ8+IgAAAAAAAAAA\n"))
    assert rec["status"] == "error"
    assert "winmail.dat" in rec["error"] and "re-export" in rec["error"]
    assert rec["sender"] == "claire@lumiere.example"  # the rest of the row is still filled


def test_a_tnef_attachment_next_to_a_plain_body_does_not_matter():
    raw = _msg('MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="t"\n',
               f"--t\nContent-Type: text/plain\n\n{COMPLAINT}\n--t\n{TNEF}\neJ8+IgAAAAAAAAAA\n--t--\n")
    rec = parse_message(raw)
    assert rec["status"] == "ok" and rec["text"] == COMPLAINT


SMIME = ("Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m\n"
         "Content-Transfer-Encoding: base64\nContent-Disposition: attachment; filename=smime.p7m\n")
PGP_MIME = ('Content-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary="p"\n',
            "--p\nContent-Type: application/pgp-encrypted\n\nVersion: 1\n\n"
            "--p\nContent-Type: application/octet-stream; name=encrypted.asc\n\n"
            "-----BEGIN PGP MESSAGE-----\n\nhQEMA1x2\n-----END PGP MESSAGE-----\n--p--\n")


@pytest.mark.parametrize(("headers", "body", "kind"), [
    (SMIME, "MIAGCSqGSIb3DQEHA6CAMIACAQAxggGH\n", "S/MIME"),
    (*PGP_MIME, "PGP/MIME"),
    ("", "-----BEGIN PGP MESSAGE-----\n\nhQEMA1x2\n-----END PGP MESSAGE-----\n", "inline PGP"),
], ids=["smime", "pgp-mime", "inline-pgp"])
@pytest.mark.parametrize("parser", ["fast", "standard library"])
def test_an_encrypted_message_is_an_error_row_that_says_to_decrypt_it(monkeypatch, headers, body, kind, parser):
    if parser != "fast":
        monkeypatch.setattr(em, "_fast_parse", lambda *a: None)
    rec = parse_message(_msg("MIME-Version: 1.0\n" + headers, body))
    assert rec["status"] == "error"
    assert rec["error"].startswith(f"encrypted message ({kind})") and "decrypt it" in rec["error"]
    assert rec["sender"] == "claire@lumiere.example"


def test_an_opaque_signed_smime_message_is_not_called_encrypted():
    rec = parse_message(_msg("MIME-Version: 1.0\n" + SMIME.replace("enveloped-data", "signed-data"), "MIAG\n"))
    assert "encrypted" not in (rec["error"] or "")


# ---------------------------------------------------------------------------------------------
# calendar items and read receipts are not a person writing (QA12 #5, #11)

ICS = ("BEGIN:VCALENDAR\nMETHOD:{method}\nBEGIN:VEVENT\nDESCRIPTION;LANGUAGE=en-US:Agenda: scope\\, "
       "timeline. I will send the migration plan by Monday.\nSUMMARY:Kickoff\nEND:VEVENT\nEND:VCALENDAR\n")


def test_a_calendar_only_invitation_with_a_typed_description_is_the_organiser_writing():
    """Review 9 #7: the organiser typed this description (with a promise in it); a client's
    escalation sent as an invitation is the client writing, not an automated item."""
    raw = _msg('MIME-Version: 1.0\nContent-Type: text/calendar; charset="utf-8"; method=REQUEST\n',
               ICS.format(method="REQUEST"))
    rec = parse_message(raw)
    assert rec["status"] == "ok"
    assert rec["text"] == "Agenda: scope, timeline. I will send the migration plan by Monday."


def test_an_invitation_with_generated_text_beside_its_calendar_part_is_automated():
    raw = _msg('MIME-Version: 1.0\nContent-Type: multipart/alternative; boundary="c"\n',
               "--c\nContent-Type: text/plain\n\nYou have been invited to the following event.\n"
               "Invitation from Google Calendar\n--c\nContent-Type: text/calendar; method=REQUEST\n\n"
               + ICS.format(method="REQUEST") + "--c--\n")
    assert parse_message(raw)["status"] == "automated"
    assert em._std_parse(raw, 1 << 20).calendar is not None  # the fallback parser sees it too


@pytest.mark.parametrize("subject", ["Accepted: Kickoff", "Declined: Kickoff", "Tentative: Kickoff",
                                     "Accepté : Kickoff", "Zugesagt: Kickoff"])
def test_a_calendar_response_with_no_words_is_automated(subject):
    rec = parse_message(_msg("", "\n").replace(b"Subject: export", f"Subject: {subject}".encode()))
    assert rec["status"] == "automated" and "calendar response" in rec["error"]


def test_a_calendar_reply_part_makes_a_response_automated():
    raw = _msg('MIME-Version: 1.0\nContent-Type: multipart/alternative; boundary="a"\n',
               "--a\nContent-Type: text/plain\n\n\n--a\nContent-Type: text/calendar; method=REPLY\n\n"
               + ICS.format(method="REPLY") + "--a--\n")
    rec = parse_message(raw)
    assert rec["status"] == "automated" and "METHOD:REPLY" in rec["error"]


def test_a_person_sending_an_ics_attachment_is_still_a_person_writing():
    raw = _msg('MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="m"\n',
               f"--m\nContent-Type: text/plain\n\n{COMPLAINT}\n--m\nContent-Type: text/calendar; "
               'method=REQUEST\nContent-Disposition: attachment; filename="invite.ics"\n\n'
               + ICS.format(method="REQUEST") + "--m--\n")
    rec = parse_message(raw)
    assert rec["status"] == "ok" and rec["text"] == COMPLAINT


def test_a_plain_text_read_receipt_is_automated_as_a_read_receipt():
    body = "Votre message\n\n  À : Claire Dubois\n  Objet : Planning\n\na été lu le lundi 17 mars 2025 11:00.\n"
    rec = parse_message(_msg("", body).replace(b"Subject: export", b"Subject: Lu : Planning"))
    assert rec["status"] == "automated" and "read receipt" in rec["error"]


def test_a_subject_starting_with_read_is_not_enough_to_be_a_receipt():
    rec = parse_message(_msg("", COMPLAINT).replace(b"Subject: export", b"Subject: Read: the contract"))
    assert rec["status"] == "ok"


def test_a_disposition_notification_is_called_a_read_receipt_not_a_bounce():
    raw = _msg('MIME-Version: 1.0\nContent-Type: multipart/report; report-type=disposition-notification; '
               'boundary="r"\n', "--r\nContent-Type: text/plain\n\nYour message was read on Monday.\n--r--\n")
    rec = parse_message(raw)
    assert rec["status"] == "automated"
    assert "read receipt" in rec["error"] and "bounce" not in rec["error"]


def test_a_delivery_status_report_is_still_a_bounce():
    raw = _msg('MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; '
               'boundary="r"\n', "--r\nContent-Type: text/plain\n\nDelivery failed.\n--r--\n")
    assert "bounce" in parse_message(raw)["error"]


# ---------------------------------------------------------------------------------------------
# newsletters and mailing lists (QA12 #12)

@pytest.mark.parametrize("headers", [
    "Precedence: bulk\n",
    "List-Id: <customers.northgate.example>\nList-Unsubscribe: <mailto:u@northgate.example>\n",
    "List-Unsubscribe: <https://x.example/u>\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\n",
])
def test_a_newsletter_is_automated(headers):
    rec = parse_message(_msg(headers, "Thank you to all our partners for a great year!\n"))
    assert rec["status"] == "automated" and "newsletter" in rec["error"]


@pytest.mark.parametrize("headers", [
    # a reply through a mailing list, even a bulk one
    "In-Reply-To: <p@x.example>\nPrecedence: list\nList-Id: <team.lumiere.example>\n",
    "References: <p@x.example>\nPrecedence: bulk\nList-Unsubscribe: <mailto:u@desk.example>\n",
    # a new thread on a discussion list anyone can post to
    "Precedence: list\nList-Id: <team.lumiere.example>\nList-Post: <mailto:team@lumiere.example>\n",
])
def test_a_person_writing_through_a_list_or_helpdesk_is_kept(headers):
    rec = parse_message(_msg(headers, COMPLAINT + "\n"))
    assert rec["status"] == "ok" and rec["text"] == COMPLAINT


# ---------------------------------------------------------------------------------------------
# Exchange X.500 senders (QA12 #4)

DN = "/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP (FYDIBOHF23SPDLT)/CN=RECIPIENTS/CN=7A1B-JONAS.BERG"
IMCEAEX = ("IMCEAEX-_O=EXCHANGELABS_OU=EXCHANGE+20ADMINISTRATIVE+20GROUP+20+28FYDIBOHF23SPDLT+29"
           "_CN=RECIPIENTS_CN=7A1B-JONAS+2EBERG@eurprd01.prod.outlook.com")


def _exchange(tmp_path, name, sender, to="Oliver Hart <oliver@northgate.example>"):
    p = tmp_path / name
    p.write_bytes(f'From: {sender}\nTo: {to}\nSubject: RE: Q1\nDate: Tue, 18 Mar 2025 09:00:00 +0000\n'
                  f"Message-ID: <{name}@x>\n\nI will send it by Thursday noon.\n".encode())
    return p


@pytest.mark.parametrize("address", [DN, IMCEAEX])
def test_an_exchange_x500_sender_is_one_of_ours(tmp_path, address):
    _exchange(tmp_path, "x.eml", f'"Berg, Jonas" <{address}>')
    row = fs.read(tmp_path, internal_domains=OURS).iloc[0]
    assert row["sender"] == DN.lower()  # one identity for both spellings, no invented domain
    assert row["sender_name"] == "Berg, Jonas"
    assert (row["direction"], row["relationship"]) == ("outbound", "northgate.example")
    assert "X.500" in row["error"] and row["status"] == "ok"


def test_an_exchange_sender_to_a_colleague_is_internal(tmp_path):
    _exchange(tmp_path, "x.eml", f'"Berg, Jonas" <{DN}>', to=f'"Lund, Mia" <{DN[:-10]}MIA.LUND>')
    assert fs.read(tmp_path, internal_domains=OURS).iloc[0]["direction"] == "internal"


def test_an_smtp_address_in_the_display_name_of_an_exchange_sender_is_used(tmp_path):
    _exchange(tmp_path, "x.eml", f'"jonas.berg@halvorsen-partners.com" <{DN}>')
    row = fs.read(tmp_path, internal_domains=OURS).iloc[0]
    assert row["sender"] == "jonas.berg@halvorsen-partners.com" and row["direction"] == "outbound"


def test_an_exchange_sender_in_an_mbox_is_one_of_ours_too(tmp_path):
    x = _exchange(tmp_path, "x.eml", f'"Berg, Jonas" <{DN}>').read_bytes()
    box = tmp_path / "box.mbox"
    box.write_bytes(b"From - Tue Mar 18 09:00:00 2025\n" + x)
    (tmp_path / "x.eml").unlink()
    row = fs.read(box, internal_domains=OURS).iloc[0]
    assert row["direction"] == "outbound" and row["sender"] == DN.lower()


# ---------------------------------------------------------------------------------------------
# drafts, spam and deleted mail: kept, "skipped" (QA12 #3)

@pytest.mark.parametrize(("header", "reason"), [
    ("X-Gmail-Labels: Drafts", "never sent: Gmail label Drafts"),
    ("X-Gmail-Labels: Spam,Category Updates", "spam: Gmail label Spam"),
    ("X-Gmail-Labels: Trash,Opened", "deleted: Gmail label Trash"),
    ('X-GM-LABELS: "\\\\Important" "\\\\Draft"', "never sent: Gmail label Drafts"),
    ("X-Mozilla-Status: 0009", "deleted in Thunderbird"),
    ("X-Mozilla-Draft-Info: internal/draft; vcard=0", "never sent: a Thunderbird draft"),
])
def test_drafts_spam_and_deleted_mail_are_skipped_with_the_reason(header, reason):
    rec = parse_message(_msg(header + "\n", COMPLAINT + "\n"))
    assert rec["status"] == "skipped"
    assert rec["error"].startswith(reason)
    assert rec["text"] == COMPLAINT  # kept, for the record


@pytest.mark.parametrize("header", ["X-Gmail-Labels: Inbox,Important,Opened", "X-Gmail-Labels: Chat",
                                    "X-Mozilla-Status: 0001", "X-Gmail-Labels: Category Promotions"])
def test_ordinary_labels_and_flags_keep_mail_ok(header):
    assert parse_message(_msg(header + "\n", COMPLAINT + "\n"))["status"] == "ok"


def test_skipped_rows_are_kept_counted_and_never_scored(tmp_path):
    box = tmp_path / "takeout.mbox"
    box.write_bytes(
        b"From 1@xxx Mon Mar 17 10:00:00 +0000 2025\n" + _msg("X-Gmail-Labels: Drafts\n",
                                                              "I will send the dashboard by Friday.\n")
        + b"\nFrom 2@xxx Mon Mar 17 10:00:00 +0000 2025\n"
        + _msg("X-Gmail-Labels: Inbox\n", COMPLAINT + "\n").replace(b"<m1@", b"<m2@"))
    df = fs.read(box, internal_domains=OURS)
    assert df["status"].tolist() == ["skipped", "ok"]
    assert "skipped" in STATUSES
    validate_messages(df)
    scored = fs.score(df)
    assert scored.loc[0, list(fs.SIGNALS)].isna().all()


def test_a_draft_does_not_make_its_sent_copy_a_duplicate(tmp_path):
    """Thunderbird gives the sent message the draft's Message-ID; Drafts is read first."""
    box = tmp_path / "Local Folders"
    box.mkdir()
    draft = _msg("X-Mozilla-Draft-Info: internal/draft; vcard=0\n", "I will send the dashboard by Friday.\n")
    (box / "Drafts").write_bytes(b"From - Mon Mar 17 10:00:00 2025\n" + draft)
    (box / "Sent").write_bytes(b"From - Mon Mar 17 10:05:00 2025\n" + _msg("", "I will send the dashboard by Friday.\n"))
    for jobs in (None, 2):
        if jobs is None:
            df = fs.read(box, internal_domains=OURS)
        else:
            from frictionscan.io import read_table
            from frictionscan.parallel import scan

            scan([box], tmp_path / "s.parquet", internal_domains=OURS, jobs=2)
            df = read_table(tmp_path / "s.parquet")
        assert sorted(df["status"]) == ["ok", "skipped"], jobs


def test_maildir_drafts_trash_and_junk_are_skipped_by_flag_or_folder(tmp_path):
    box = tmp_path / "Maildir"
    for sub in ("", ".Drafts", ".INBOX.Trash", ".Junk", ".Clients"):
        for d in ("cur", "new", "tmp"):
            (box / sub / d).mkdir(parents=True, exist_ok=True)
    files = {"cur/1.host:2,S": "ok", "cur/2.host:2,DS": "skipped", "cur/3.host:2,ST": "skipped",
             ".Drafts/cur/4.host:2,S": "skipped", ".INBOX.Trash/cur/5.host:2,S": "skipped",
             ".Junk/new/6.host": "skipped", ".Clients/cur/7.host:2,RS": "ok"}
    for i, name in enumerate(files):
        (box / name).write_bytes(_msg("", COMPLAINT + "\n").replace(b"<m1@", f"<m{i}@".encode()))
    df = fs.read(box, internal_domains=OURS)
    got = dict(zip(df["source"].map(lambda p: p.split("Maildir/")[1]), df["status"], strict=True))
    assert got == files
    reasons = set(df.loc[df["status"].eq("skipped"), "error"].str.split(";").str[0])
    assert reasons == {"never sent: a Maildir draft (flag D)", "deleted: a Maildir message flagged trashed (T)",
                       "never sent: in the Maildir folder Drafts", "deleted: in the Maildir folder INBOX.Trash",
                       "spam: in the Maildir folder Junk"}


def test_thunderbird_and_apple_mail_trash_junk_and_drafts_files_are_skipped(tmp_path):
    folder = tmp_path / "Local Folders"
    folder.mkdir()
    entry = b"From - Mon Mar 17 10:00:00 2025\n" + _msg("", COMPLAINT + "\n")
    for name in ("Inbox", "Trash", "Junk.mbox", "Drafts"):
        (folder / name).write_bytes(entry.replace(b"<m1@", f"<{name}@".encode()))
    df = fs.read(folder, internal_domains=OURS)
    got = dict(zip(df["source"].map(lambda p: p.rsplit("/", 1)[1]), df["status"], strict=True))
    assert got == {"Inbox": "ok", "Trash": "skipped", "Junk.mbox": "skipped", "Drafts": "skipped"}
    assert df.set_index(df["source"].map(lambda p: p.rsplit("/", 1)[1])).loc["Junk.mbox", "error"].startswith(
        "spam: in the mail folder Junk.mbox")


def test_localized_trash_and_drafts_folders_and_thunderbird_trash_subfolders_are_skipped(tmp_path):
    """Left open by the QA12v fixes: 'Papierkorb', 'Brouillons' and Trash.sbd/Old were read."""
    folder = tmp_path / "Local Folders"
    (folder / "Trash.sbd").mkdir(parents=True)
    entry = b"From - Mon Mar 17 10:00:00 2025\n" + _msg("", COMPLAINT + "\n")
    names = {"Papierkorb": "skipped", "Brouillons": "skipped", "Trash.sbd/Old": "skipped",
             "Kunden": "ok", "Inbox": "ok"}
    for i, name in enumerate(names):
        (folder / name).write_bytes(entry.replace(b"<m1@", f"<f{i}@".encode()))
    df = fs.read(folder, internal_domains=OURS)
    got = dict(zip(df["source"].map(lambda p: p.split("Local Folders/")[1]), df["status"], strict=True))
    assert got == names
