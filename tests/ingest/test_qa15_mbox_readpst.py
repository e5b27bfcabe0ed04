"""readpst writes mbox separators whose envelope sender is a quoted display name or an Exchange
X.500 path: each such line starts a message, in the sequential reader, the parallel splitter and
the raw count alike (QA15 #1)."""

from __future__ import annotations

import pytest

import frictionscan as fs
from frictionscan.ingest import email as em
from frictionscan.parallel import count_mbox_messages

X500 = ('"/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP (FYDIBOHF23SPDLT)/CN=RECIPIENTS/'
        'CN=0A1B-PIA.MORA"')


def mail(envelope: str, n: int) -> bytes:
    return (f"From {envelope} Thu Apr  3 11:{n:02d}:00 2025\n"
            f"From: Lior Tan <lior@hollowfen.nl>\nTo: pia.mora@ourdesk.eu\nSubject: s{n}\n"
            f"Message-ID: <s{n}@hollowfen.nl>\n\nBody number {n}.\n\n").encode()


@pytest.mark.parametrize("envelope", ['"Lior Tan"', '"Tan, Lior"', '"(readpst_null)"', X500,
                                      '"lior@hollowfen.nl"', "lior@hollowfen.nl", "-",
                                      "MAILER-DAEMON"])
def test_a_quoted_envelope_sender_starts_a_new_message(tmp_path, envelope):
    p = tmp_path / "export.mbox"
    p.write_bytes(mail("lior@hollowfen.nl", 0) + mail(envelope, 1) + mail(envelope, 2))
    df = fs.read(p, internal_domains=["ourdesk.eu"])
    assert df["subject"].tolist() == ["s0", "s1", "s2"]
    assert count_mbox_messages(p) == 3
    for parts in (2, 3):  # the parallel splitter cuts only at separators, and reads them all
        ranges = em.split_mbox(p, parts)
        assert sum(len(list(em.iter_mbox_messages(p, s, e))) for s, e in ranges) == 3


def test_a_body_line_with_a_quote_and_a_time_is_not_a_separator(tmp_path):
    body = (b'Lior wrote:\n\nFrom "our side" the cutover at 10:30 worked.\n\n'
            b'From "Dana" we heard Thu Apr  3 at 11:00:00 nothing.\n')
    p = tmp_path / "export.mbox"
    p.write_bytes(mail("lior@hollowfen.nl", 0).replace(b"Body number 0.\n", body) + mail('"Lior Tan"', 1))
    df = fs.read(p, internal_domains=["ourdesk.eu"])
    assert df["subject"].tolist() == ["s0", "s1"]
    assert 'From "our side" the cutover' in df.loc[0, "text"]
    assert count_mbox_messages(p) == 2


def test_a_quoted_envelope_gives_the_fallback_time_of_a_message_without_date(tmp_path):
    p = tmp_path / "export.mbox"
    p.write_bytes(mail("lior@hollowfen.nl", 0) + mail('"Tan, Lior"', 7))
    df = fs.read(p, internal_domains=["ourdesk.eu"])
    assert str(df.loc[1, "timestamp"]).startswith("2025-04-03 11:07")
    assert "mbox 'From ' line" in df.loc[1, "error"]
