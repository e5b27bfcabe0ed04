"""`frictionscan scan` end to end with the real reader and the shipped model."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from click.testing import CliRunner

import frictionscan as fs
from frictionscan.cli import cli
from frictionscan.io import read_table
from frictionscan.parallel import scan
from frictionscan.schemas import SIGNALS

SAMPLES = Path(__file__).parents[2] / "data" / "samples"


def test_scan_sample_folder_scores_every_message_and_counts_every_file(tmp_path):
    out = tmp_path / "scored.parquet"
    res = CliRunner().invoke(cli, ["scan", str(SAMPLES), "--internal-domain", "fernwick.io",
                                   "-o", str(out), "--json"], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    df = read_table(out)
    ref = fs.read(SAMPLES, internal_domains=["fernwick.io"])
    assert len(df) == len(ref)
    assert df["message_id"].tolist() == ref["message_id"].tolist()
    ok = df["status"] == "ok"
    english = ok & df["language"].eq("en").fillna(False)
    for s in SIGNALS:  # the samples' German and French mail is unknown to the English model
        assert df.loc[english, s].between(0, 1).all() and df.loc[~english, s].isna().all()
    assert {"de", "fr"} <= set(df.loc[ok & ~english, "language"]) and df.loc[~ok, "language"].isna().all()
    mbox = next(s for s in __import__("json").loads(res.output)["sources"]
                if s["source"].endswith("mailbox.mbox"))
    assert mbox["expected"] == mbox["rows"] > 100


def test_parallel_scan_with_the_real_model_equals_read_then_score(tmp_path, make_mbox):
    box = make_mbox(n=240, dup_of={200: 4})
    out = tmp_path / "s.parquet"
    report = scan([box], out, internal_domains=["ourco.example"], jobs=2, split_bytes=12_000,
                  sensitivity="strict")
    assert report.tasks > 3
    want = fs.score(pd.concat(list(fs.iter_read(box, internal_domains=["ourco.example"])),
                              ignore_index=True), sensitivity="strict")
    got = read_table(out)
    pd.testing.assert_frame_equal(got, want)
    assert sum(map(len, got["evidence"])) > 0


def test_scan_then_health_then_commitments_from_the_command_line(tmp_path, make_mbox):
    box = make_mbox(n=60)
    scored, health, promises = tmp_path / "s.csv", tmp_path / "h.parquet", tmp_path / "c.jsonl"
    run = CliRunner().invoke
    assert run(cli, ["scan", str(box), "--internal-domain", "ourco.example", "-o", str(scored)]
               ).exit_code == 0
    res = run(cli, ["health", str(scored), "--freq", "D", "-o", str(health)])
    assert res.exit_code == 0, res.output
    h = read_table(health)
    assert set(h["relationship"]) == {"acme.example", "globex.example", "initech.example"}
    assert h["health"].between(0, 100).all()
    res = run(cli, ["commitments", str(scored), "-o", str(promises)])
    assert res.exit_code == 0, res.output


def test_spawned_workers_load_the_model_themselves_and_give_the_same_rows(tmp_path, make_mbox,
                                                                          monkeypatch):
    import frictionscan.parallel as par

    box = make_mbox(n=90)
    forked = tmp_path / "fork.parquet"
    scan([box], forked, internal_domains=["ourco.example"], jobs=2, split_bytes=8_000)
    monkeypatch.setattr(par, "START_METHOD", "spawn")
    spawned = tmp_path / "spawn.parquet"
    report = scan([box], spawned, internal_domains=["ourco.example"], jobs=2, split_bytes=8_000)
    assert report.tasks > 2
    pd.testing.assert_frame_equal(read_table(spawned), read_table(forked))


def test_scan_internal_speakers_and_relationship_reach_the_transcript_reader(tmp_path):
    vtt = Path(__file__).parents[1] / "fixtures" / "transcripts" / "teams_meeting.vtt"
    out = tmp_path / "call.csv"
    result = CliRunner().invoke(cli, [
        "scan", str(vtt), "--internal-speaker", "Hugo Brandt", "--relationship", "Acme Corp",
        "-o", str(out), "--jobs", "1", "-q",
    ])
    assert result.exit_code == 0, result.output
    table = read_table(out)
    by_speaker = dict(zip(table["sender"], table["direction"], strict=True))
    assert {d for s, d in by_speaker.items() if "Hugo" in s} == {"outbound"}
    assert {d for s, d in by_speaker.items() if "Ines" in s} == {"inbound"}
    assert set(table["relationship"]) == {"Acme Corp"}
