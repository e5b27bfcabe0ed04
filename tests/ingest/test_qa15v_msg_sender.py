"""A .msg whose sender is only a "Last, First" display name, with no address property anywhere
(QA15v #2): no address is made up from the name's parts; the name is kept and ``error`` says the
sender has no email address, so direction and relationship are unknown."""

from __future__ import annotations

import pandas as pd
from test_qa15_msg import OURS, write_msg

import frictionscan as fs


def test_a_msg_sender_with_only_a_last_first_display_name_gets_no_invented_address(tmp_path):
    path = write_msg(tmp_path / "name only.msg",
                     {0x0C1A: "Brandt, Ilse", 0x0042: "Brandt, Ilse", 0x1000: "The export failed again.\r\n"},
                     [("Mora, Pia", "pia.mora@ourdesk.eu", 1)])
    row = fs.read(path, internal_domains=OURS).iloc[0]
    assert row["status"] == "ok"
    assert pd.isna(row["sender"])
    assert row["sender_name"] == "Brandt, Ilse"
    assert "sender has no email address" in row["error"]
    assert pd.isna(row["direction"]) and pd.isna(row["relationship"])
    assert row["recipients"] == "pia.mora@ourdesk.eu"


def test_a_msg_transport_from_with_only_a_display_name_is_not_an_address(tmp_path):
    headers = ("From: Brandt, Ilse\r\nTo: pia.mora@ourdesk.eu\r\nDate: Wed, 9 Apr 2025 10:00:00 +0200\r\n"
               "Message-ID: <n1@x>\r\n\r\n")
    path = write_msg(tmp_path / "hdr name only.msg",
                     {0x0C1A: "Brandt, Ilse", 0x007D: headers, 0x1000: "Still broken.\r\n"})
    row = fs.read(path, internal_domains=OURS).iloc[0]
    assert pd.isna(row["sender"])
    assert "sender has no email address" in row["error"]
