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
