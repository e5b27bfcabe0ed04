"""QA20 #7: an ``accounts=`` dict is checked like an accounts file: a key (or list entry) that is no
domain or e-mail address can never match a message, so it is refused with the fix, never ignored."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest

import frictionscan as fs
from frictionscan.errors import InvalidOptionError
from frictionscan.ingest.accounts import load_accounts


def test_an_account_name_mapped_to_a_domain_string_is_refused_with_both_correct_forms():
    with pytest.raises(InvalidOptionError) as exc:
        load_accounts({"Weyburn Clinics": "weyburn.org"})
    msg = str(exc.value)
    assert "'Weyburn Clinics' is not a domain or email address" in msg
    assert "{'weyburn.org': 'Weyburn Clinics'}" in msg and "{'Weyburn Clinics': ['weyburn.org']}" in msg


def test_a_list_entry_that_is_no_domain_or_address_is_refused():
    with pytest.raises(InvalidOptionError, match="'Weyburn North' is not a domain or email address"):
        load_accounts({"Weyburn Clinics": ["weyburn.org", "Weyburn North"]})


def test_the_dict_refuses_what_the_accounts_file_refuses(tmp_path: Path):
    f = tmp_path / "accounts.csv"
    f.write_text("key,account\nweyburn.org,Weyburn Clinics\nWeyburn North,Weyburn Clinics\n", encoding="utf-8")
    with pytest.raises(InvalidOptionError, match="not a domain or email address"):
        load_accounts(f)
    with pytest.raises(InvalidOptionError, match="not a domain or email address"):
        load_accounts({"weyburn.org": "Weyburn Clinics", "Weyburn North": "Weyburn Clinics"})


def test_both_documented_dict_forms_still_map_domains_and_addresses():
    assert load_accounts({"Weyburn.org": "Weyburn Clinics", "@weyburn.de": "Weyburn Clinics",
                          "kit@gmail.com": "Weyburn Clinics", "Arlo Freight": ["arlo.co.uk", "ops@arlo.eu"],
                          "skip.me": None}) == {
        "weyburn.org": "Weyburn Clinics", "weyburn.de": "Weyburn Clinics",
        "kit@gmail.com": "Weyburn Clinics", "arlo.co.uk": "Arlo Freight", "ops@arlo.eu": "Arlo Freight"}


def test_read_raises_for_the_inverted_string_form_before_reading(tmp_path: Path):
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "tara@weyburn.org", "sol@pellby.io", "Rota"
    msg["Date"] = "Mon, 02 Mar 2026 09:00:00 +0000"
    msg.set_content("The rota export is empty again.")
    (tmp_path / "a.eml").write_bytes(msg.as_bytes())
    with pytest.raises(InvalidOptionError, match="Weyburn Clinics"):
        fs.read(tmp_path, internal_domains=["pellby.io"], accounts={"Weyburn Clinics": "weyburn.org"})
    df = fs.read(tmp_path, internal_domains=["pellby.io"], accounts={"Weyburn Clinics": ["weyburn.org"]})
    assert df["relationship"].tolist() == ["Weyburn Clinics"]
