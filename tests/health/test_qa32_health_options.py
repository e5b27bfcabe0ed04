"""QA32: health options that cannot mean anything are refused with a sentence, not a pandas error.

``segment="relationship"`` crashed inside pandas ("Grouper ... not 1-dimensional"): health is
already one row per relationship, so each would be its own only peer. ``--sla -5`` exited 1 (a
problem with the inputs) instead of 2 (a malformed command line), and ``--freq 100000000D`` was
called "not a positive pandas offset alias" though it is positive, only too large.
"""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

import frictionscan as fs
from frictionscan.cli import cli
from frictionscan.errors import InvalidOptionError
from frictionscan.io import write_table

TS = pd.Timestamp("2026-01-05 09:00", tz="UTC")


@pytest.fixture(scope="module")
def scored() -> pd.DataFrame:
    messages = pd.DataFrame({
        "message_id": ["m1", "m2"], "thread_id": ["t", "t"], "relationship": ["acme", "acme"],
        "direction": ["inbound", "outbound"], "status": ["ok", "ok"],
        "timestamp": [TS, TS + pd.Timedelta(hours=2)],
        "text": ["This is broken again!", "Sorry, I will fix it by Friday."]})
    return fs.score(messages)


@pytest.fixture(scope="module")
def scored_file(scored, tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("qa32") / "s.parquet"
    write_table(scored, path)
    return str(path)


def test_relationship_cannot_be_its_own_segment(scored):
    with pytest.raises(InvalidOptionError, match="already scored per relationship"):
        fs.health(scored, segment="relationship")


def test_the_refusal_names_the_columns_that_could_be_segments(scored):
    with pytest.raises(InvalidOptionError, match=r"\['tier'\]"):
        fs.health(scored.assign(tier="enterprise"), segment="relationship")


def test_segment_relationship_on_the_command_line_is_a_malformed_command_line(scored_file, tmp_path):
    result = CliRunner().invoke(cli, ["health", scored_file, "--segment", "relationship",
                                      "-o", str(tmp_path / "h.csv")])
    assert result.exit_code == 2
    assert "already scored per relationship" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("sla", ["-5", "0", "soon"])
def test_a_bad_sla_on_the_command_line_exits_2_like_other_bad_option_values(scored_file, tmp_path, sla):
    result = CliRunner().invoke(cli, ["health", scored_file, "--sla", sla, "-o", str(tmp_path / "h.csv")])
    assert result.exit_code == 2, result.output
    assert "--sla" in result.output


def test_a_freq_too_large_for_pandas_times_is_called_too_large_not_negative(scored):
    with pytest.raises(InvalidOptionError) as info:
        fs.health(scored, freq="100000000D")
    assert "too large" in str(info.value)
    assert "not a positive" not in str(info.value)
