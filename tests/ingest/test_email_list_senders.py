"""A post that a mailing list re-sent under its own address (Google Groups, Mailman and Sympa do so
when the author's domain publishes DMARC): the author is the sender, not the list. Google Groups
writes ``From: "'Ann Lee' via Northwind Support" <support@northwind.io>`` with the author in
``X-Original-From`` and ``Reply-To``; read as written, a client writing to our support group looked
like a colleague writing to us (internal, no account)."""

from __future__ import annotations

import pandas as pd
import pytest
from test_qa15_msg import write_msg

import frictionscan as fs

OURS = ["northwind.io"]
GROUP_FROM = "From: \"'Ann Lee' via Northwind Support\" <support@northwind.io>\n"


def _post(tmp_path, headers: str, name: str = "post.eml") -> pd.Series:
    path = tmp_path / name
    path.write_text(headers + "To: support@northwind.io\nSubject: Export broken again\n"
                    "Date: Tue, 04 Mar 2025 09:00:00 +0000\nMessage-ID: <g1@client.com>\n"
                    "List-Post: <mailto:support@northwind.io>\n\nBroken again.\n")
    df = fs.read(path, internal_domains=OURS)
    assert len(df) == 1
    return df.iloc[0]


@pytest.mark.parametrize("author_headers", [
    "Reply-To: Ann Lee <ann@client.com>\nX-Original-From: Ann Lee <ann@client.com>\n",
    "X-Original-From: Ann Lee <ann@client.com>\n",
    "Reply-To: Ann Lee <ann@client.com>\n",  # Mailman's DMARC rewrite: "via" and Reply-To only
    "Reply-To: ann@client.com\n",
])
def test_a_client_posting_to_our_google_group_is_the_sender_not_the_group(tmp_path, author_headers):
    row = _post(tmp_path, GROUP_FROM + author_headers)
    assert (row["sender"], row["sender_name"]) == ("ann@client.com", "Ann Lee")
    assert (row["direction"], row["relationship"], row["status"]) == ("inbound", "client.com", "ok")
    assert row["recipients"] == "support@northwind.io"  # the list stays where the client wrote


def test_x_original_from_wins_over_a_reply_to_that_points_elsewhere(tmp_path):
    row = _post(tmp_path, GROUP_FROM + "Reply-To: support@northwind.io\n"
                "X-Original-From: \"Lee, Ann\" <ann@client.com>\n")
    assert (row["sender"], row["sender_name"], row["direction"]) == ("ann@client.com", "Lee, Ann", "inbound")


def test_the_list_address_joins_the_recipients_when_the_post_was_not_addressed_to_it(tmp_path):
    path = tmp_path / "bcc.eml"
    path.write_text(GROUP_FROM + "X-Original-From: Ann Lee <ann@client.com>\nTo: ops@northwind.io\n"
                    "Subject: x\nMessage-ID: <g2@client.com>\n\nBroken again.\n")
    row = fs.read(path, internal_domains=OURS).iloc[0]
    assert row["sender"] == "ann@client.com"
    assert row["recipients"] == "ops@northwind.io, support@northwind.io"


def test_a_colleague_posting_to_a_clients_group_is_outbound(tmp_path):
    path = tmp_path / "ours.eml"
    path.write_text("From: \"'Tom Berg' via Client Team\" <team@client.com>\n"
                    "X-Original-From: Tom Berg <tom@northwind.io>\nTo: team@client.com\n"
                    "Subject: Export fix\nMessage-ID: <t1@northwind.io>\n\nFixed now.\n")
    row = fs.read(path, internal_domains=OURS).iloc[0]
    assert (row["sender"], row["direction"], row["relationship"]) == ("tom@northwind.io", "outbound", "client.com")


@pytest.mark.parametrize("headers", [
    # a Reply-To without a "via" name: an ordinary person asking for replies elsewhere
    "From: Ann Lee <ann@client.com>\nReply-To: Ann Lee <ann.lee@gmail.com>\n",
    # "Via" as part of a name, not the list software's lower-case "via"
    "From: Maria Via <support@northwind.io>\nReply-To: ann@client.com\n",
    # the group set to "reply to the group": Reply-To is the list, the author is unknown
    GROUP_FROM + "Reply-To: support@northwind.io\n",
    # two Reply-To addresses: no single author
    GROUP_FROM + "Reply-To: ann@client.com, bob@client.com\n",
])
def test_the_from_header_stays_the_sender_without_clear_evidence_of_a_list_rewrite(tmp_path, headers):
    row = _post(tmp_path, headers)
    want = headers.split("<", 1)[1].split(">", 1)[0]
    assert row["sender"] == want


def test_a_group_post_read_from_an_mbox_with_a_folded_header_names_the_author(tmp_path):
    path = tmp_path / "group.mbox"
    path.write_text("From x@y Tue Mar  4 09:00:00 2025\n" + GROUP_FROM
                    + "X-Original-From:\n Ann Lee <ann@client.com>\nTo: support@northwind.io\n"
                    "Subject: a\nMessage-ID: <m1@client.com>\n\nBroken.\n\n"
                    "From x@y Tue Mar  4 10:00:00 2025\n" + GROUP_FROM
                    + "Reply-To: Ann Lee <ann@client.com>\nTo: support@northwind.io\n"
                    "Subject: b\nMessage-ID: <m2@client.com>\nMIME-Version: 1.0\n"
                    "Content-Type: multipart/mixed; boundary=zz\n\n--zz\nContent-Type: text/plain\n\n"
                    "Still broken.\n--zz--\n")
    df = fs.read(path, internal_domains=OURS)
    assert df["sender"].tolist() == ["ann@client.com", "ann@client.com"]
    assert df["direction"].tolist() == ["inbound", "inbound"]


def test_a_msg_holding_a_google_group_post_names_the_author(tmp_path):
    headers = (GROUP_FROM.replace("\n", "\r\n") + "Reply-To: Ann Lee <ann@client.com>\r\n"
               "X-Original-From: Ann Lee <ann@client.com>\r\nTo: support@northwind.io\r\n"
               "Date: Tue, 04 Mar 2025 09:00:00 +0000\r\nMessage-ID: <g1@client.com>\r\n\r\n")
    path = write_msg(tmp_path / "group.msg",
                     {0x0C1A: "'Ann Lee' via Northwind Support", 0x0042: "'Ann Lee' via Northwind Support",
                      0x007D: headers, 0x1000: "Broken again.\r\n"},
                     [("Northwind Support", "support@northwind.io", 1)])
    row = fs.read(path, internal_domains=OURS).iloc[0]
    assert (row["sender"], row["sender_name"]) == ("ann@client.com", "Ann Lee")
    assert (row["direction"], row["relationship"]) == ("inbound", "client.com")
    assert row["recipients"] == "support@northwind.io"
