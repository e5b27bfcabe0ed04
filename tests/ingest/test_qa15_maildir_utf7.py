"""Maildir++ folders named in IMAP's modified UTF-7 (Dovecot's default on disk) are judged, and
named, by their decoded names: ".Gel&APY-schte Elemente" is "Gelöschte Elemente" (QA15 #6)."""

from __future__ import annotations

import pytest

import frictionscan as fs
from frictionscan.ingest import email as em

MAIL = b"From: lior@hollowfen.nl\nTo: pia@ourdesk.eu\nSubject: s\nMessage-ID: <%s@x>\n\nHello.\n"


@pytest.mark.parametrize(("raw", "decoded"), [
    ("Gel&APY-schte Elemente", "Gelöschte Elemente"),
    ("Entw&APw-rfe", "Entwürfe"),
    ("&AMk-l&AOk-ments supprim&AOk-s", "Éléments supprimés"),
    ("INBOX.Entw&APw-rfe", "INBOX.Entwürfe"),
    ("Q&-A", "Q&A"),
    ("&ZeVnLIqe-", "日本語"),
    ("Q&A", "Q&A"),  # not valid modified UTF-7: kept as it is
    ("Inbox", "Inbox"),
])
def test_imap_modified_utf7_folder_names_are_decoded(raw, decoded):
    assert em.imap_folder_name(raw) == decoded


@pytest.mark.parametrize(("folder", "why", "name"), [
    (".Gel&APY-schte Elemente", "deleted", "Gelöschte Elemente"),
    (".Entw&APw-rfe", "never sent", "Entwürfe"),
    (".&AMk-l&AOk-ments supprim&AOk-s", "deleted", "Éléments supprimés"),
])
def test_a_utf7_named_trash_or_drafts_folder_is_skipped_under_its_decoded_name(tmp_path, folder, why,
                                                                              name):
    for sub in ("cur", "new", "tmp"):
        (tmp_path / sub).mkdir()
        (tmp_path / folder / sub).mkdir(parents=True)
    (tmp_path / "cur" / "1.h:2,S").write_bytes(MAIL % b"1")
    (tmp_path / folder / "cur" / "2.h:2,S").write_bytes(MAIL % b"2")
    df = fs.read(tmp_path, internal_domains=["ourdesk.eu"]).sort_values("message_id")
    assert df["status"].tolist() == ["ok", "skipped"]
    assert df["error"].iloc[1].startswith(f"{why}: in the Maildir folder {name}")
