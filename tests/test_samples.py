"""The shipped sample data is current and reads as data/samples/README.md says."""

import subprocess
import sys
from pathlib import Path

import pytest

import frictionscan as fs

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


def test_sample_files_are_rebuilt_exactly_by_their_generator():
    out = subprocess.run([sys.executable, str(SAMPLES / "build_samples.py"), "--check"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_sample_mailbox_reads_every_entry_with_one_duplicate_and_one_error_row():
    df = fs.read(SAMPLES / "mailbox.mbox", internal_domains=["fernwick.io"],
                 accounts=SAMPLES / "accounts.csv")
    assert len(df) == 202
    assert df["status"].value_counts().to_dict() == {"ok": 200, "duplicate": 1, "error": 1}
    ok = df[df["status"] == "ok"]
    assert set(ok["relationship"].dropna()) == {
        "Bellmont Logistics", "Orla Retail", "Pinecrest Insurance", "Vantor Manufacturing",
        "Maris Group", "Brisk Couriers",
    }
    assert (ok.loc[ok["relationship"].isna(), "direction"] == "internal").all()


@pytest.mark.parametrize("sub", ["transcripts", "helpdesk"])
def test_sample_transcripts_and_tickets_read_without_error_rows(sub):
    df = fs.read(SAMPLES / sub, internal_domains=["fernwick.io"],
                 accounts=SAMPLES / "accounts.csv",
                 internal_speakers=["Dana Whitlock", "Priya Raman", "Tomás Herrera",
                                    "Marek Nowak", "Lena Fischer", "Sam Okafor"])
    assert len(df) > 0
    assert (df["status"] == "ok").all()
    assert df["relationship"].notna().all()
