"""QA21: Zoom saved captions.

* D4  a display name with a bracketed tag ("[Cai [Gamma IT]] 10:00:20 ...") is one speaker: the
      name runs to the "] HH:MM:SS" after it, so the client's turns are not merged into ours.
"""

from __future__ import annotations

from pathlib import Path

import frictionscan as fs
from frictionscan.ingest.transcripts import unread_label

TAGGED = ("[Oona Pratt] 10:30:05 Morning everyone.\n"
          "[Kofi Mensah [Kestrel IT]] 10:30:11 The invoice run failed again last night.\n"
          "[Oona Pratt] 10:30:40 Which run: the nightly one? Note: we changed it.\n"
          "[Kofi Mensah [Kestrel IT]] 10:31:20 Yes: the nightly one.\n")


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / name
    p.write_text(text, encoding="utf-8")
    return p


def test_a_caption_speaker_whose_name_holds_a_bracketed_tag_is_one_speaker(tmp_path):
    p = write(tmp_path / "2026-03-02 10.30.00 Kestrel invoicing", "meeting_saved_closed_caption.txt", TAGGED)
    df = fs.read(p, internal_speakers=["Oona Pratt"])
    assert df["sender_name"].tolist() == ["Oona Pratt", "Kofi Mensah [Kestrel IT]"] * 2
    assert df["direction"].tolist() == ["outbound", "inbound"] * 2
    assert df["text"].iloc[1] == "The invoice run failed again last night."
    assert not df["text"].str.contains("Kestrel IT").any()


def test_a_bracketed_label_with_a_tag_is_named_whole_when_it_is_not_read():
    assert unread_label("[Kofi Mensah [Kestrel IT]] the run failed") == "Kofi Mensah [Kestrel IT]"
