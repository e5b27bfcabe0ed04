"""An Outlook data file (.pst, or an Exchange cache .ost) given to read: one error row that names
it and says how to get readable mail out of it (QA15 #5)."""

from __future__ import annotations

import pytest

import frictionscan as fs


@pytest.mark.parametrize(("client", "name", "kind"), [(b"SM", "mail.pst", ".pst"),
                                                       (b"SO", "cache.ost", ".ost"),
                                                       (b"SM", "renamed.dat", ".pst")])
def test_an_outlook_data_file_is_an_error_row_saying_to_convert_it(tmp_path, client, name, kind):
    p = tmp_path / name
    p.write_bytes(b"!BDN" + b"\x0e\x0a\x53\x4d" + client + b"\x17\x00\x01\x01" + bytes(range(256)) * 8)
    df = fs.read(p, internal_domains=["ourdesk.eu"])
    assert len(df) == 1
    row = df.iloc[0]
    assert row["status"] == "error"
    assert f"Outlook data file ({kind})" in row["error"]
    assert "readpst" in row["error"] and ".msg" in row["error"]


def test_a_folder_with_a_pst_beside_mail_reads_the_mail_and_flags_the_pst(tmp_path):
    (tmp_path / "archive.pst").write_bytes(b"!BDN\x00\x00\x00\x00SM" + b"\x00" * 512)
    (tmp_path / "a.eml").write_bytes(b"From: lior@hollowfen.nl\nTo: pia@ourdesk.eu\nSubject: s\n\nHello.\n")
    df = fs.read(tmp_path, internal_domains=["ourdesk.eu"]).sort_values("source")
    assert df["status"].tolist() == ["ok", "error"]
    assert "readpst" in df["error"].iloc[1]
