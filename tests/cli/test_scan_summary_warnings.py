"""What the scan's summary warns about: mail the model cannot read, helpdesk rows without a
side, and helpdesk times without a zone (QA pass 12)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from frictionscan.cli import cli

GERMAN = ("From: Jana Kessler <jana@kessler.de>\nTo: support@ourco.example\nSubject: Kündigung\n"
          "Date: Mon, 03 Mar 2025 09:00:00 +0100\nMessage-ID: <de1@kessler.de>\n\n"
          "Hiermit kündigen wir den Vertrag zum 31. März, wir sind mit dem Service sehr unzufrieden.\n")
ENGLISH = ("From: Lee Park <lee@acme.example>\nTo: support@ourco.example\nSubject: Export\n"
           "Date: Mon, 03 Mar 2025 10:00:00 +0000\nMessage-ID: <en1@acme.example>\n\n"
           "We are still waiting on the export you promised last week.\n")

NO_SIDE = ("ticket_id,author,created_at,body\n"
           "T-1,Ann Lee,2025-03-03T09:00:00+00:00,The export failed again this morning.\n"
           "T-1,Sam Roe,2025-03-03T10:00:00+00:00,Sorry about that - I will rerun it by noon.\n")
ZONELESS = ("ticket_id,author,author_email,role,created_at,body\n"
            "T-2,Ann Lee,ann@acme.example,customer,2025-03-03 09:00,Is the export done yet?\n"
            "T-2,Sam Roe,sam@ourco.example,agent,2025-03-03 10:00,Yes - it is attached now.\n")


def _scan(tmp_path, *args):
    res = CliRunner().invoke(cli, ["scan", *map(str, args), "--internal-domain", "ourco.example",
                                   "-o", str(tmp_path / "out.parquet"), "-j", "1"])
    assert res.exit_code == 0, res.output
    return res


def test_mail_in_another_language_is_named_in_the_summary_and_in_json(tmp_path):
    box = tmp_path / "mail"
    box.mkdir()
    (box / "de.eml").write_text(GERMAN, encoding="utf-8")
    (box / "en.eml").write_text(ENGLISH, encoding="utf-8")
    res = _scan(tmp_path, box)
    assert "Warning: 1 message is not in English (de 1)" in res.output
    out = CliRunner().invoke(cli, ["scan", str(box), "--internal-domain", "ourco.example", "-o",
                                   str(tmp_path / "j.parquet"), "-j", "1", "--json"])
    assert any("not in English (de 1)" in w for w in json.loads(out.stdout)["warnings"])


def test_english_mail_gives_no_language_warning(tmp_path):
    (tmp_path / "en.eml").write_text(ENGLISH, encoding="utf-8")
    assert "not in English" not in _scan(tmp_path, tmp_path / "en.eml").output


def test_helpdesk_rows_without_a_side_ask_for_a_column_mapping_not_internal_speaker(tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text(NO_SIDE, encoding="utf-8")
    res = _scan(tmp_path, path)
    line = next(ln for ln in res.output.splitlines() if "helpdesk messages have no direction" in ln)
    assert "--column incoming=<column>" in line
    # --internal-speaker only for a Jira export, which has no column to map (review 9 #4)
    assert "A Jira export has no such column" in line and "transcript" not in res.output


def test_helpdesk_times_without_a_zone_are_said_to_be_read_as_utc(tmp_path):
    path = tmp_path / "desk.csv"
    path.write_text(ZONELESS, encoding="utf-8")
    assert "1 helpdesk file wrote times without a time zone; they were read as UTC" in _scan(tmp_path, path).output


def test_health_and_commitments_say_how_many_messages_they_could_not_read(tmp_path):
    box = tmp_path / "mail"
    box.mkdir()
    (box / "de.eml").write_text(GERMAN, encoding="utf-8")
    (box / "en.eml").write_text(ENGLISH, encoding="utf-8")
    _scan(tmp_path, box)
    scored = tmp_path / "out.parquet"
    res = CliRunner().invoke(cli, ["health", str(scored), "-o", str(tmp_path / "h.csv")])
    assert res.exit_code == 0, res.output
    assert "1 not in English (de 1) count as messages without signals" in res.output
    assert "LanguageWarning" not in res.output  # said once, in the summary line
    res = CliRunner().invoke(cli, ["commitments", str(scored), "-o", str(tmp_path / "c.csv"), "--json"])
    assert json.loads(res.stdout)["messages"]["not_english"] == {"de": 1}


def test_scan_language_any_scores_every_language_and_a_bad_code_is_refused(tmp_path):
    box = tmp_path / "mail"
    box.mkdir()
    (box / "de.eml").write_text(GERMAN, encoding="utf-8")
    out = tmp_path / "any.parquet"
    res = CliRunner().invoke(cli, ["scan", str(box), "--internal-domain", "ourco.example", "-o", str(out),
                                   "-j", "1", "--language", "any"])
    assert res.exit_code == 0, res.output
    assert "not in English" not in res.output
    from frictionscan.io import read_table

    row = read_table(out).iloc[0]
    assert row["language"] == "de" and row["frustration"] == row["frustration"]  # scored, not NaN
    bad = CliRunner().invoke(cli, ["scan", str(box), "-o", str(tmp_path / "b.parquet"), "--language", "german"])
    assert bad.exit_code != 0 and "ISO 639-1" in bad.output


def test_a_two_letter_code_that_is_no_language_is_refused_before_anything_is_read(tmp_path):
    # QA16: "--language xx" was accepted and left every English message unscored
    (tmp_path / "en.eml").write_text(ENGLISH, encoding="utf-8")
    out = tmp_path / "xx.parquet"
    res = CliRunner().invoke(cli, ["scan", str(tmp_path / "en.eml"), "-o", str(out), "--language", "xx"])
    assert res.exit_code == 2 and "'xx' is not a two-letter ISO 639-1 language code" in res.output
    assert not out.exists()


def test_scanning_other_languages_only_counts_the_english_mail_left_unscored(tmp_path):
    box = tmp_path / "mail"
    box.mkdir()
    (box / "de.eml").write_text(GERMAN, encoding="utf-8")
    (box / "en.eml").write_text(ENGLISH, encoding="utf-8")
    res = CliRunner().invoke(cli, ["scan", str(box), "--internal-domain", "ourco.example", "-o",
                                   str(tmp_path / "out.parquet"), "-j", "1", "--language", "de"])
    assert res.exit_code == 0, res.output
    assert "Warning: 1 message is not in de (en 1)" in res.output
    health = CliRunner().invoke(cli, ["health", str(tmp_path / "out.parquet"), "-o", str(tmp_path / "h.csv")])
    assert "1 in a language left out of scoring (en 1) count as messages without signals" in health.output


def test_a_call_tied_to_no_account_is_named_in_the_summary(tmp_path):
    # QA14: a call whose file name, title and attendees named no account was left out of health
    # with no word from the scan
    call = tmp_path / "weekly_call_2025-03-03.srt"
    call.write_text("1\n00:00:01,000 --> 00:00:04,000\n[Sam Roe] Morning Ann.\n\n"
                    "2\n00:00:04,500 --> 00:00:09,000\n[Ann Lee] Morning. The export is late again.\n",
                    encoding="utf-8")
    res = _scan(tmp_path, call, "--internal-speaker", "Sam Roe")
    assert "Warning: 2 usable messages have no relationship (transcript 2)" in res.output
    assert "--relationship" in res.output
    named = _scan(tmp_path, call, "--internal-speaker", "Sam Roe", "--relationship", "Acme")
    assert "no relationship" not in named.output


def test_scanning_english_and_german_names_both_when_french_is_left_out(tmp_path):
    # QA16 #15: "--language en --language de" still said "not in English (fr 1)"
    box = tmp_path / "mail"
    box.mkdir()
    (box / "de.eml").write_text(GERMAN, encoding="utf-8")
    (box / "fr.eml").write_text(GERMAN.replace("Hiermit kündigen wir den Vertrag zum 31. März, wir sind mit dem "
                                               "Service sehr unzufrieden.",
                                               "Nous résilions le contrat au 31 mars, nous sommes très déçus du "
                                               "service.").replace("de1@", "fr1@"), encoding="utf-8")
    res = _scan(tmp_path, box, "--language", "en", "--language", "de")
    assert "Warning: 1 message is not in de or en (fr 1)" in res.output
