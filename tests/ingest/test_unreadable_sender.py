"""A From header with no readable address is kept as written, with a note, not silently mangled
(QA19: '"Zoë <b>Bold</b>" <zoe+<x>@clientco.com>' became the sender 'zoe+' and lost its account)."""

from __future__ import annotations

import frictionscan as fs


def _read(tmp_path, sender: str):
    eml = tmp_path / "m.eml"
    eml.write_text(f"From: {sender}\nTo: bob@ourco.example\nSubject: hi\n"
                   "Date: Mon, 05 Jan 2026 10:00:00 +0000\n\nThe order is late again.\n", encoding="utf-8")
    return fs.read(eml, internal_domains=["ourco.example"])


def test_a_from_header_without_a_readable_address_says_so(tmp_path):
    df = _read(tmp_path, '"Zo\u00eb <b>Bold</b>" <zoe+<x>@clientco.example>')
    assert df["status"].tolist() == ["ok"]
    assert "no readable e-mail address" in df["error"].iloc[0]
    assert "direction and account are unknown" in df["error"].iloc[0]


def test_an_ordinary_from_header_gets_no_such_note(tmp_path):
    df = _read(tmp_path, '"Zo\u00eb Lane" <zoe@clientco.example>')
    assert df["sender"].tolist() == ["zoe@clientco.example"]
    assert df["error"].isna().all()


def test_a_message_without_a_from_header_says_its_sender_is_unknown(tmp_path):
    # QA36: one of a few messages in a 200,000-message mbox that had lost their From header was an
    # ok row with no sender, no direction and an empty error: health then left it out as "no
    # direction" and nothing in the row said why
    eml = tmp_path / "m.eml"
    eml.write_text("To: bob@ourco.example\nSubject: Re: the export\nMessage-ID: <a1@clientco.example>\n"
                   "Date: Mon, 05 Jan 2026 10:00:00 +0000\n\nThe export failed again.\n", encoding="utf-8")
    df = fs.read(eml, internal_domains=["ourco.example"])
    assert df["status"].tolist() == ["ok"] and df["sender"].isna().all()
    assert "no From header" in df["error"].iloc[0]
    assert "direction and account are unknown" in df["error"].iloc[0]
