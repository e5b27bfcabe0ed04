"""QA21 D6: accounts= refuses keys that can never match a message (a wildcard, a web address) and an
empty account name, in a dict as in a file, showing the right form; a trailing dot is the same domain."""

from __future__ import annotations

import pytest

from frictionscan.errors import InvalidOptionError
from frictionscan.ingest.accounts import account_for, load_accounts


@pytest.mark.parametrize("accounts, says", [
    ({"*.alpha.com": "Alpha Group"}, r"'\*\.alpha\.com' is a wildcard.*write 'alpha\.com'.*subdomains"),
    ({"Alpha Group": ["*.alpha.com"]}, r"wildcard.*write 'alpha\.com'"),
    ({"https://alpha.com": "Alpha Group"}, r"'https://alpha\.com' is a web address.*'alpha\.com'"),
    ({"alpha.com/support": "Alpha Group"}, r"web address.*'alpha\.com'"),
    ({"alpha.com": ""}, r"'alpha\.com' has an empty account name.*leave 'alpha\.com' out"),
    ({"alpha.com": "   "}, r"empty account name"),
], ids=["wildcard", "wildcard in a list", "url", "path", "empty name", "blank name"])
def test_a_dict_key_or_name_that_can_never_work_is_refused_with_the_right_form(accounts, says):
    with pytest.raises(InvalidOptionError, match=says):
        load_accounts(accounts)


@pytest.mark.parametrize("row, says", [("*.alpha.com,Alpha Group", "wildcard"),
                                       ("https://alpha.com,Alpha Group", "web address")])
def test_an_accounts_file_refuses_wildcards_and_web_addresses_naming_the_line(tmp_path, row, says):
    p = tmp_path / "accounts.csv"
    p.write_text(f"key,account\n{row}\n", encoding="utf-8")
    with pytest.raises(InvalidOptionError, match=rf"line 2: .*{says}"):
        load_accounts(p)


def test_a_trailing_dot_is_the_same_domain_in_a_dict_and_a_file(tmp_path):
    p = tmp_path / "accounts.csv"
    p.write_text("quarrow.com.,Quarrow\n", encoding="utf-8")
    for accounts in ({"quarrow.com.": "Quarrow"}, {"Quarrow": ["Quarrow.COM."]}, p):
        acc = load_accounts(accounts)
        assert acc == {"quarrow.com": "Quarrow"}
        assert account_for("ops@eu.quarrow.com", acc) == "Quarrow"


# QA22: more keys that could never match, and an empty cell of a sheet as a name
@pytest.mark.parametrize("key, says", [
    ("mailto:ops@alpha.com", r"not a plain address: write 'ops@alpha\.com'"),
    ("<ops@alpha.com>", r"not a plain address: write 'ops@alpha\.com'"),
    ("alpha.com:443", r"has a port: write the domain alone, 'alpha\.com'"),
    ("alpha.com,beta.com", r"holds several keys"),
    ("alpha..com", r"not a domain or address"),
    ("%.alpha.com", r"not a domain or address"),
    ("alpha.com/*", r"wildcard.*write 'alpha\.com'"),
    ("alpha.*", r"wildcard.*write the domain itself"),
])
def test_keys_that_are_no_domain_or_address_are_refused_with_the_right_form(key, says):
    with pytest.raises(InvalidOptionError, match=says):
        load_accounts({key: "Alpha Group"})


def test_a_leading_dot_means_the_domain_and_its_subdomains_as_the_bare_domain_does():
    acc = load_accounts({".alpha.com": "Alpha Group"})
    assert acc == {"alpha.com": "Alpha Group"}
    assert account_for("ops@eu.alpha.com", acc) == "Alpha Group"


@pytest.mark.parametrize("missing", [float("nan"), __import__("pandas").NA])
def test_a_missing_account_name_is_refused_not_named_nan(missing):
    with pytest.raises(InvalidOptionError, match="has no account name"):
        load_accounts({"alpha.com": missing})


def test_international_domains_and_apostrophes_in_addresses_are_keys():
    assert load_accounts({"münchen.de": "M", "o'brien@acme.ie": "O"}) == {"münchen.de": "M", "o'brien@acme.ie": "O"}
