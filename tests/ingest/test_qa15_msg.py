"""Outlook .msg files as Exchange and Outlook save them (QA15 #2, #3, #13): the sender and the
recipients come from their SMTP address properties (a "Last, First" display name is one name, not
two addresses), automated mail is told by the same rules as .eml plus Outlook's message class, and
the transport headers inside a received .msg give its zone and In-Reply-To.

The files are built here with extract-msg's OLE writer and MAPI property streams written by hand
(a Unicode string property is a UTF-16 stream plus an entry in the property table)."""

from __future__ import annotations

import struct
from datetime import datetime, timezone

import pytest

import frictionscan as fs

UNICODE, INT32, SYSTIME = 0x001F, 0x0003, 0x0040
OURS = ["ourdesk.eu"]
X500_PIA = "/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP (FYDIBOHF23SPDLT)/CN=RECIPIENTS/CN=0A1B-PIA.MORA"


def _props(writer, prefix: str, props: dict[int, object], header: bytes) -> None:
    table = bytearray(header)
    for prop_id, value in props.items():
        if isinstance(value, datetime):
            ticks = int((value - datetime(1601, 1, 1, tzinfo=timezone.utc)).total_seconds() * 10**7)
            table += struct.pack("<IIQ", prop_id << 16 | SYSTIME, 6, ticks)
        elif isinstance(value, int):
            table += struct.pack("<IIiI", prop_id << 16 | INT32, 6, value, 0)
        else:
            data = str(value).encode("utf-16-le")
            writer.addEntry(f"{prefix}__substg1.0_{prop_id << 16 | UNICODE:08X}", data)
            table += struct.pack("<IIII", prop_id << 16 | UNICODE, 6, len(data) + 2, 0)
    writer.addEntry(prefix + "__properties_version1.0", bytes(table))


def write_msg(path, props: dict[int, object], recipients: list[tuple[str, str, int]] = ()) -> str:
    """A .msg with the given top-level properties and (name, address, type 1=To 2=Cc) recipients;
    an address starting with "/O=" is an Exchange one (no SMTP address property)."""
    from extract_msg.ole_writer import OleWriter

    w = OleWriter()
    w.addEntry("__nameid_version1.0", storage=True)
    for stream in ("00020102", "00030102", "00040102"):
        w.addEntry(f"__nameid_version1.0/__substg1.0_{stream}", b"")
    for i, (name, addr, kind) in enumerate(recipients):
        storage = f"__recip_version1.0_#{i:08X}"
        w.addEntry(storage, storage=True)
        exchange = addr.startswith("/O=")
        rprops = {0x3001: name, 0x3002: "EX" if exchange else "SMTP", 0x3003: addr, 0x0C15: kind}
        if not exchange:
            rprops[0x39FE] = addr
        _props(w, storage + "/", rprops, b"\0" * 8)
    n = len(recipients)
    _props(w, "", {0x001A: "IPM.Note", **props}, b"\0" * 8 + struct.pack("<IIII", n, 0, n, 0) + b"\0" * 8)
    w.write(str(path))
    return str(path)


SENT = datetime(2025, 4, 7, 20, 30, tzinfo=timezone.utc)


def one(path) -> dict:
    df = fs.read(path, internal_domains=OURS)
    assert len(df) == 1
    return df.iloc[0].to_dict()


def test_a_sent_item_with_a_last_first_name_and_an_x500_sender_takes_the_smtp_address(tmp_path):
    p = write_msg(tmp_path / "sent.msg", {
        0x0037: "RE: Rollout", 0x0C1A: "Mora, Pia", 0x0C1F: X500_PIA, 0x0C1E: "EX",
        0x5D01: "pia.mora@ourdesk.eu", 0x0042: "Mora, Pia", 0x0065: X500_PIA, 0x0064: "EX",
        0x5D02: "pia.mora@ourdesk.eu", 0x0E04: "Tan, Lior", 0x0E03: "Wu, Ada",
        0x1000: "Lior, the rollout plan follows tomorrow.\r\n", 0x0039: SENT},
        [("Tan, Lior", "lior.tan@hollowfen.nl", 1), ("Wu, Ada", "ada.wu@hollowfen.nl", 2)])
    row = one(p)
    assert row["sender"] == "pia.mora@ourdesk.eu"
    assert row["sender_name"] == "Mora, Pia"
    assert row["recipients"] == "lior.tan@hollowfen.nl, ada.wu@hollowfen.nl"
    assert row["direction"] == "outbound"
    assert row["relationship"] == "hollowfen.nl"


def test_the_sender_email_address_property_is_used_without_an_smtp_address_property(tmp_path):
    p = write_msg(tmp_path / "in.msg", {
        0x0037: "Rollout", 0x0C1A: "Tan, Lior", 0x0C1F: "lior.tan@hollowfen.nl", 0x0C1E: "SMTP",
        0x1000: "Where is the plan?\r\n", 0x0039: SENT}, [("Mora, Pia", "pia.mora@ourdesk.eu", 1)])
    row = one(p)
    assert (row["sender"], row["direction"], row["relationship"]) == (
        "lior.tan@hollowfen.nl", "inbound", "hollowfen.nl")


def test_sent_on_behalf_of_a_shared_mailbox_is_from_the_mailbox_as_in_eml(tmp_path):
    p = write_msg(tmp_path / "behalf.msg", {
        0x0037: "Maintenance", 0x0C1A: "Mora, Pia", 0x0C1F: X500_PIA, 0x0C1E: "EX",
        0x5D01: "pia.mora@ourdesk.eu", 0x0042: "Desk Support", 0x0065: "support@ourdesk.eu",
        0x0064: "SMTP", 0x1000: "The window is on Saturday.\r\n", 0x0039: SENT},
        [("Tan, Lior", "lior.tan@hollowfen.nl", 1)])
    row = one(p)
    assert row["sender"] == "support@ourdesk.eu"
    assert row["direction"] == "outbound"


def test_an_x500_only_sender_is_ours_and_gets_its_direction_from_the_recipients(tmp_path):
    p = write_msg(tmp_path / "x500.msg", {
        0x0037: "Rollout", 0x0C1A: "Mora, Pia", 0x0C1F: X500_PIA, 0x0C1E: "EX",
        0x1000: "Lior, the plan is late, sorry.\r\n", 0x0039: SENT},
        [("Tan, Lior", "lior.tan@hollowfen.nl", 1), ("Wu, Ada", X500_PIA.replace("PIA.MORA", "ADA"), 2)])
    row = one(p)
    assert row["sender"].startswith("/o=exchangelabs/")
    assert row["sender_name"] == "Mora, Pia"
    assert row["direction"] == "outbound"
    assert row["relationship"] == "hollowfen.nl"
    assert "X.500" in row["error"]


def test_quoted_last_first_names_in_transport_headers_are_one_address_each(tmp_path):
    head = ('From: "Tan, Lior" <lior.tan@hollowfen.nl>\r\nTo: "Mora, Pia" <pia.mora@ourdesk.eu>, '
            '"Wu, Ada" <ada.wu@hollowfen.nl>\r\nSubject: Rollout\r\nDate: Mon, 7 Apr 2025 22:30:00 +0200'
            '\r\nMessage-ID: <r2@hollowfen.nl>\r\nIn-Reply-To: <r1@ourdesk.eu>\r\n\r\n')
    p = write_msg(tmp_path / "hdr.msg", {
        0x0037: "Rollout", 0x0C1A: "Tan, Lior", 0x5D01: "lior.tan@hollowfen.nl", 0x007D: head,
        0x1000: "Where is it?\r\n", 0x0039: SENT, 0x1035: "<r2@hollowfen.nl>"},
        [("Mora, Pia", "pia.mora@ourdesk.eu", 1), ("Wu, Ada", "ada.wu@hollowfen.nl", 1)])
    row = one(p)
    assert row["sender"] == "lior.tan@hollowfen.nl"
    assert row["sender_name"] == "Tan, Lior"
    assert row["recipients"] == "pia.mora@ourdesk.eu, ada.wu@hollowfen.nl"
    assert row["direction"] == "inbound"


def _automated(tmp_path, name, props, recipients=(("Mora, Pia", "pia.mora@ourdesk.eu", 1),)):
    base = {0x0C1A: "Tan, Lior", 0x5D01: "lior.tan@hollowfen.nl", 0x0039: SENT}
    return one(write_msg(tmp_path / name, {**base, **props}, list(recipients)))


@pytest.mark.parametrize(("cls", "subject", "body", "why"), [
    ("IPM.Note.Rules.OofTemplate.Microsoft", "Away", "Back on Monday.", "out-of-office"),
    ("REPORT.IPM.Note.IPNRN", "Seen", "Your message was opened.", "read receipt"),
    ("REPORT.IPM.Note.IPNNRN", "Not seen", "Your message was deleted without being read.", "not-read"),
    ("REPORT.IPM.Note.NDR", "Problem", "Delivery has failed to these recipients.", "bounce"),
    ("IPM.Schedule.Meeting.Resp.Pos", "Rollout review", "", "calendar"),
    ("IPM.Schedule.Meeting.Canceled", "Rollout review", "", "calendar"),
    ("IPM.Schedule.Meeting.Request", "Rollout review",
     "When: Thursday 10:00-11:00\r\nWhere: Microsoft Teams Meeting\r\nJoin on your computer\r\n", "calendar"),
])
def test_outlook_message_classes_of_machine_mail_are_automated(tmp_path, cls, subject, body, why):
    row = _automated(tmp_path, "m.msg", {0x001A: cls, 0x0037: subject, 0x1000: body or " "})
    assert row["status"] == "automated"
    assert why in row["error"]


def test_a_meeting_request_with_typed_words_is_the_client_writing(tmp_path):
    body = ("When: Thursday 10:00-11:00\r\nIf we do not get a credible plan this week, we will start "
            "looking at other providers.\r\n")
    row = _automated(tmp_path, "m.msg", {0x001A: "IPM.Schedule.Meeting.Request", 0x0037: "Escalation",
                                         0x1000: body})
    assert row["status"] == "ok"


@pytest.mark.parametrize(("subject", "body"), [
    ("Automatic reply: Rollout", "I am out of the office until 22 April."),
    ("Undeliverable: Rollout", "Delivery has failed to these recipients or groups."),
    ("Read: Rollout", "Your message\r\n\r\nwas read on Wednesday, April 9, 2025 10:00 AM."),
    ("Rollout", "I am out of the office until 22 April with no access to email."),
])
def test_plain_ipm_note_auto_replies_follow_the_eml_subject_and_body_rules(tmp_path, subject, body):
    row = _automated(tmp_path, "m.msg", {0x0037: subject, 0x1000: body})
    assert row["status"] == "automated"


def test_transport_headers_inside_a_msg_mark_an_auto_reply(tmp_path):
    head = ("From: Lior Tan <lior.tan@hollowfen.nl>\r\nTo: pia.mora@ourdesk.eu\r\nSubject: Rollout\r\n"
            "Date: Tue, 8 Apr 2025 09:00:05 +0200\r\nAuto-Submitted: auto-replied\r\n\r\n")
    row = _automated(tmp_path, "m.msg", {0x0037: "Rollout", 0x007D: head, 0x1000: "Thanks, noted."})
    assert row["status"] == "automated"
    assert "Auto-Submitted" in row["error"]


def test_an_ordinary_msg_from_a_client_stays_ok(tmp_path):
    row = _automated(tmp_path, "m.msg", {0x0037: "Rollout", 0x1000: "The rollout broke our VPN again."})
    assert (row["status"], row["error"]) == ("ok", None)


def test_transport_headers_give_a_received_msg_its_utc_offset_and_in_reply_to(tmp_path):
    head = ('From: "Tan, Lior" <lior.tan@hollowfen.nl>\r\nTo: pia.mora@ourdesk.eu\r\nSubject: RE: Rollout\r\n'
            "Date: Mon, 7 Apr 2025 20:05:00 +0200\r\nMessage-ID: <r3@hollowfen.nl>\r\n"
            "In-Reply-To: <r2@ourdesk.eu>\r\nReferences: <r1@hollowfen.nl> <r2@ourdesk.eu>\r\n\r\n")
    row = _automated(tmp_path, "m.msg", {0x0037: "RE: Rollout", 0x007D: head, 0x1000: "Still broken.",
                                         0x0039: datetime(2025, 4, 7, 18, 5, 12, tzinfo=timezone.utc)})
    assert row["utc_offset"] == 120
    assert row["timestamp"].isoformat() == "2025-04-07T18:05:00+00:00"
    assert row["in_reply_to"] == "r2@ourdesk.eu"
