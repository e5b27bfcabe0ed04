"""Maildir exports as people really have them (QA19): an archive that lost its empty ``new/``, a
``cur/`` pointed at directly, Thunderbird's Maildir layout. Drafts and deleted mail stay skipped
whichever way the files are reached, and no client folder is dropped without a row."""

from __future__ import annotations

from pathlib import Path

import frictionscan as fs
from frictionscan.ingest.email import is_maildir


def _mail(n: int, sender: str = "ann@client.example") -> bytes:
    return (f"From: {sender}\nTo: bob@ourco.example\nSubject: Order {n}\n"
            f"Date: Mon, 05 Jan 2026 10:0{n}:00 +0000\nMessage-ID: <m{n}@client.example>\n\n"
            f"Message number {n}.\n").encode()


def _deliver(folder: Path, name: str, n: int, *, parts: tuple[str, ...] = ("cur",)) -> Path:
    for part in parts:
        (folder / part).mkdir(parents=True, exist_ok=True)
    f = folder / "cur" / name
    f.write_bytes(_mail(n))
    return f


def test_an_archived_maildir_without_its_empty_new_folder_is_still_a_maildir_with_all_its_folders(tmp_path):
    root = tmp_path / "Mail"
    _deliver(root, "1700000001.M1P1.host:2,S", 1)  # cur/ only: git and sync tools drop empty folders
    _deliver(root / ".INBOX.Clients", "1700000002.M2P1.host:2,S", 2, parts=("cur", "new", "tmp"))
    _deliver(root / ".Sent", "1700000003.M3P1.host:2,S", 3, parts=("cur", "new", "tmp"))
    assert is_maildir(root)
    df = fs.read(tmp_path, internal_domains=["ourco.example"])
    assert sorted(df["subject"]) == ["Order 1", "Order 2", "Order 3"]
    assert df["status"].tolist() == ["ok"] * 3


def test_a_plain_folder_named_cur_without_maildir_names_is_not_taken_for_a_maildir(tmp_path):
    (tmp_path / "cur").mkdir()
    (tmp_path / "cur" / "order.eml").write_bytes(_mail(1))
    assert not is_maildir(tmp_path)
    assert fs.read(tmp_path, internal_domains=["ourco.example"])["status"].tolist() == ["ok"]


def test_drafts_and_trashed_mail_stay_skipped_when_cur_or_one_file_is_read(tmp_path):
    root = tmp_path / "md"
    _deliver(root, "1700000001.M1P1.host:2,S", 1, parts=("cur", "new", "tmp"))
    draft = _deliver(root, "1700000002.M2P1.host:2,DS", 2)
    _deliver(root, "1700000003.M3P1.host:2,ST", 3)
    by_subject = fs.read(root / "cur", internal_domains=["ourco.example"]).set_index("subject")["status"].to_dict()
    assert by_subject == {"Order 1": "ok", "Order 2": "skipped", "Order 3": "skipped"}
    one = fs.read(draft, internal_domains=["ourco.example"])
    assert one["status"].tolist() == ["skipped"]
    assert "draft" in one["error"].iloc[0]


def test_the_cur_folder_of_a_trash_maildir_read_on_its_own_is_skipped(tmp_path):
    _deliver(tmp_path / "md" / ".Trash", "1700000001.M1P1.host:2,S", 1, parts=("cur", "new", "tmp"))
    df = fs.read(tmp_path / "md" / ".Trash" / "cur", internal_domains=["ourco.example"])
    assert df["status"].tolist() == ["skipped"]
    assert "Trash" in df["error"].iloc[0]


def test_thunderbird_maildir_subfolders_of_trash_are_skipped(tmp_path):
    local = tmp_path / "tb" / "Local Folders"
    _deliver(local / "Inbox", "1.eml", 1, parts=("cur", "new", "tmp"))
    _deliver(local / "Trash.sbd" / "Old", "2.eml", 2, parts=("cur", "new", "tmp"))
    by_subject = fs.read(tmp_path / "tb", internal_domains=["ourco.example"]).set_index("subject")["status"].to_dict()
    assert by_subject == {"Order 1": "ok", "Order 2": "skipped"}


def test_a_delivery_cut_inside_its_headers_is_an_error_row_not_a_message(tmp_path):
    root = tmp_path / "md"
    _deliver(root, "1700000001.M1P1.host:2,S", 1, parts=("cur", "new", "tmp"))
    (root / "cur" / "1700000002.M2P1.host:2,S").write_bytes(b"From: kim@client.example\nTo: ann@ourco.example\nSubj")
    df = fs.read(root, internal_domains=["ourco.example"]).sort_values("source")
    assert df["status"].tolist() == ["ok", "error"]
    assert "ends inside its headers" in df["error"].iloc[1]
