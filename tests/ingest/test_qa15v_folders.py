"""Mail nobody sent or kept is skipped whatever layout holds it (QA15v #1, #9): the ``<Folder>/mbox``
layout that ``readpst -r`` writes, subfolders of Deleted Items / Trash in Maildir++, and the Polish,
Swedish, Danish and Norwegian names of these folders."""

from __future__ import annotations

import pytest

import frictionscan as fs

MBOX = (b"From lior@hollowfen.nl Tue Apr  1 10:00:00 2025\nFrom: lior@hollowfen.nl\n"
        b"To: pia@ourdesk.eu\nSubject: s\nMessage-ID: <%s@x>\nDate: Tue, 1 Apr 2025 10:00:00 +0000\n"
        b"\nHello.\n\n")


def _read(path):
    return fs.read(path, internal_domains=["ourdesk.eu"])


@pytest.mark.parametrize(("folder", "why"), [
    ("Deleted Items", "deleted"), ("Gelöschte Elemente", "deleted"), ("Éléments supprimés", "deleted"),
    ("Drafts", "never sent"), ("Entwürfe", "never sent"), ("Brouillons", "never sent"),
    ("Junk-E-Mail", "spam"), ("Courrier indésirable", "spam"), ("Trash", "deleted"),
    ("Papierkorb", "deleted"),
])
def test_readpst_folder_mbox_of_deleted_drafts_or_junk_is_skipped(tmp_path, folder, why):
    root = tmp_path / "Outlook Archive"
    for i, name in enumerate(("Inbox", folder)):
        (root / name).mkdir(parents=True)
        (root / name / "mbox").write_bytes(MBOX % str(i).encode())
    df = _read(tmp_path).sort_values("message_id")
    assert df["status"].tolist() == ["ok", "skipped"]
    assert df["error"].iloc[1] == f"{why}: in the mail folder {folder}"


def test_readpst_subfolder_of_deleted_items_is_skipped_but_an_inbox_subfolder_is_not(tmp_path):
    for i, rel in enumerate(("Deleted Items", "Deleted Items/Old", "Inbox", "Inbox/Projects")):
        (tmp_path / rel).mkdir(parents=True)
        (tmp_path / rel / "mbox").write_bytes(MBOX % str(i).encode())
    df = _read(tmp_path).sort_values("message_id")
    assert df["status"].tolist() == ["skipped", "skipped", "ok", "ok"]
    assert df["error"].iloc[1] == "deleted: in the mail folder Deleted Items"


def test_an_mbox_file_inside_a_trash_folder_is_skipped(tmp_path):
    (tmp_path / "Trash").mkdir()
    (tmp_path / "Trash" / "export.mbox").write_bytes(MBOX % b"1")
    (tmp_path / "Inbox").mkdir()
    (tmp_path / "Inbox" / "mbox").write_bytes(MBOX % b"2")
    df = _read(tmp_path).sort_values("message_id")
    assert df["status"].tolist() == ["skipped", "ok"]
MAIL = b"From: lior@hollowfen.nl\nTo: pia@ourdesk.eu\nSubject: s\nMessage-ID: <%s@x>\n\nHello.\n"


@pytest.mark.parametrize(("folder", "why"), [
    (".Gelöschte Elemente.Alt", "deleted"), (".Deleted Items.Old", "deleted"),
    (".Gel&APY-schte Elemente.Alt", "deleted"), (".INBOX.Trash.2024", "deleted"),
    (".Drafts.Old", "never sent"), (".Junk.Archive", "spam"),
    (".Elementy usuni&ARk-te", "deleted"), (".Elementy usunięte", "deleted"),
    (".Kopie robocze", "never sent"), (".Wiadomości-śmieci", "spam"),
    (".Borttagna objekt", "deleted"), (".Utkast", "never sent"), (".Skräppost", "spam"),
    (".Slettede elementer", "deleted"), (".Slettet post", "deleted"), (".Kladder", "never sent"),
    (".Uønsket e-post", "spam"), (".Uønsket post", "spam"),
])
def test_maildir_subfolders_and_nordic_polish_names_are_skipped(tmp_path, folder, why):
    for sub in ("cur", "new", "tmp"):
        (tmp_path / sub).mkdir()
        (tmp_path / folder / sub).mkdir(parents=True)
    (tmp_path / "cur" / "1.h:2,S").write_bytes(MAIL % b"1")
    (tmp_path / folder / "cur" / "2.h:2,S").write_bytes(MAIL % b"2")
    df = _read(tmp_path).sort_values("message_id")
    assert df["status"].tolist() == ["ok", "skipped"]
    assert df["error"].iloc[1].startswith(f"{why}: in the Maildir folder ")


@pytest.mark.parametrize("folder", [".Archive", ".Kunden.Projekte", ".Old Drafts talk", ".Q1.2025"])
def test_ordinary_maildir_folders_stay_ok(tmp_path, folder):
    for sub in ("cur", "new", "tmp"):
        (tmp_path / sub).mkdir()
        (tmp_path / folder / sub).mkdir(parents=True)
    (tmp_path / folder / "cur" / "2.h:2,S").write_bytes(MAIL % b"2")
    assert _read(tmp_path)["status"].tolist() == ["ok"]


def test_a_decomposed_unicode_folder_name_as_macos_writes_it_is_skipped(tmp_path):
    import unicodedata

    folder = "." + unicodedata.normalize("NFD", "Gelöschte Elemente")
    for sub in ("cur", "new", "tmp"):
        (tmp_path / sub).mkdir()
        (tmp_path / folder / sub).mkdir(parents=True)
    (tmp_path / folder / "cur" / "2.h:2,S").write_bytes(MAIL % b"2")
    assert _read(tmp_path)["status"].tolist() == ["skipped"]
