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
