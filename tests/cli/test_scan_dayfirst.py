"""``scan --dayfirst`` / ``--monthfirst``: the order of helpdesk dates such as 02/03/2026 (QA10 #3)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from frictionscan.cli import cli
from frictionscan.io import read_table

UK_WEEK = ("Ticket ID,Subject,Company,Conversation ID,From,From Email,Incoming,Private,Created Time,Body\n"
           "6001,Export failing,Kestrel,1,Lena Vogt,lena@kestrel.de,true,false,02/03/2026 09:10,"
           "The export failed again overnight.\n"
           "6001,Export failing,Kestrel,2,Owen Pratt,owen@quillstone.co,false,false,06/03/2026 11:45,"
           "Looking now.\n")


def _scan(tmp_path, name: str, content: str, flag: list[str], *extra: str):
    """Write one helpdesk export and scan it; (result, output path)."""
    src = tmp_path / name
    src.write_text(content)
    out = tmp_path / "scored.parquet"
    res = CliRunner().invoke(cli, ["scan", str(src), "--internal-domain", "quillstone.co", *flag,
                                   "-o", str(out), "-j", "1", *extra], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return res, out


@pytest.mark.parametrize(("flag", "dates"), [
    (["--dayfirst"], ["2026-03-02", "2026-03-06"]),
    (["--monthfirst"], ["2026-02-03", "2026-06-03"]),
    ([], ["2026-02-03", "2026-06-03"]),  # the default: month/day, noted in error
])
def test_scan_dayfirst_sets_the_order_of_ambiguous_helpdesk_dates(fake_scorer, tmp_path, flag, dates):
    _, out = _scan(tmp_path, "freshdesk_uk_week.csv", UK_WEEK, flag, "-q")
    table = read_table(out)
    assert [str(t.date()) for t in table["timestamp"]] == dates
    noted = table["error"].fillna("").str.contains("pass dayfirst=True").tolist()
    assert noted == ([True, True] if not flag else [False, False])


# a UK client: the promise's "by 6/3" is 6 March, not 3 June (QA10v A). Real reader and shipped model.
UK_PROMISE = ("Ticket ID,Subject,Company,Conversation ID,From,From Email,Incoming,Private,Created Time,Body\n"
              "7004,Login,Kestrel Freight,1,Lena Vogt,lena.vogt@kestrelfreight.de,true,false,"
              "02/03/2026 09:10,\"Cannot log in since this morning.\"\n"
              "7004,Login,Kestrel Freight,2,Owen Pratt,owen.pratt@quillstone.co,false,false,"
              "04/03/2026 11:45,\"Sorry about that, I will send you a reset link by 6/3.\"\n")


@pytest.mark.parametrize(("flag", "due"), [(["--dayfirst"], "2026-03-06"), (["--monthfirst"], "2026-06-03")])
def test_scan_dayfirst_also_reads_the_due_dates_in_the_messages(tmp_path, flag, due):
    _, out = _scan(tmp_path, "freshdesk_uk_promise.csv", UK_PROMISE, flag, "-q")
    table = read_table(out)
    assert [str(t.date()) for t in table["timestamp"]] == (
        ["2026-03-02", "2026-03-04"] if flag == ["--dayfirst"] else ["2026-02-03", "2026-04-03"])
    promised = table["commitment_due"].dropna()
    assert [str(t.date()) for t in promised] == [due]


@pytest.mark.parametrize(("flag", "warned"), [([], True), (["--dayfirst"], False), (["--monthfirst"], False)])
def test_scan_says_when_it_guessed_the_order_of_helpdesk_dates(fake_scorer, tmp_path, flag, warned):
    """QA10 verification C: without --dayfirst/--monthfirst, a file of only ambiguous dates was
    read month/day and only each row's error column said so; the summary was silent."""
    res, _ = _scan(tmp_path, "freshdesk_uk_week.csv", UK_WEEK, flag)
    said = "2 read as month/day (if they are not, run again with --dayfirst)" in res.output
    assert said is warned, res.output
