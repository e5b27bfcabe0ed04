"""The accounts file (``accounts="accounts.csv"``): what it accepts, and the mistakes it refuses.

A mistake in this file silently moves messages to the wrong client, so each one must stop the run
with a message naming the file, the line and the fix.
"""

from __future__ import annotations

import pytest

import frictionscan as fs
from frictionscan.errors import InvalidOptionError
from frictionscan.ingest.accounts import load_accounts

GOOD = {"fernhill.example": "Fernhill Dairy", "fernhill.example.org": "Fernhill Dairy",
        "pia.l@gmail.com": "Fernhill Dairy", "corvel.example": "Corvel Ltd"}


def write(tmp_path, text: str, name: str = "acc.csv", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def rows(sep: str = ",") -> str:
    return "".join(f"{k}{sep}{v}\n" for k, v in GOOD.items())


@pytest.mark.parametrize("text", [
    "key,account\n" + rows(),
    rows(),  # no header
    "\ufeffkey,account\n" + rows(),  # BOM, as Excel writes "CSV UTF-8"
    "Key,Account\n" + rows().upper().replace("FERNHILL DAIRY", "Fernhill Dairy")
                              .replace("CORVEL LTD", "Corvel Ltd"),
    "key,account\n" + "".join(f"  @{k} ,  {v}  \n" for k, v in GOOD.items()),
    "key,account\n# comment line\n\n" + rows() + "corvel.example,Corvel Ltd\n",  # same pair twice
    "key,account,notes\n" + "".join(f"{k},{v},\n" for k, v in GOOD.items()),
    "domain;account\n" + rows(";"),
    "domain\taccount\n" + rows("\t"),
], ids=["header", "no-header", "bom", "uppercase", "spaces-and-at", "repeat-same", "notes-column",
        "semicolon", "tab"])
def test_accepted_files_give_the_same_mapping(tmp_path, text):
    assert load_accounts(write(tmp_path, text)) == GOOD


def test_a_quoted_account_name_may_contain_the_delimiter(tmp_path):
    path = write(tmp_path, 'key,account\ncorvel.example,"Corvel, Ltd"\n')
    assert load_accounts(path) == {"corvel.example": "Corvel, Ltd"}


def test_a_subdomain_entry_beats_its_parent(tmp_path):
    path = write(tmp_path, "key,account\ncorvel.example,Corvel Ltd\nops.corvel.example,Corvel Ops\n")
    acc = load_accounts(path)
    nw = frozenset({"ourco.example"})
    assert fs.ingest.accounts.classify("a@ops.corvel.example", ["b@ourco.example"], nw, acc) == (
        "inbound", "Corvel Ops")
    assert fs.ingest.accounts.classify("a@corvel.example", ["b@ourco.example"], nw, acc) == (
        "inbound", "Corvel Ltd")


@pytest.mark.parametrize("text, line, words", [
    ("key,account\n" + rows() + "fernhill.example,Corvel Ltd\n", 6,
     ["'fernhill.example'", "'Corvel Ltd'", "'Fernhill Dairy'", "line 2", "keep one"]),
    ("key,account\n" + rows() + "@Fernhill.Example ,Corvel Ltd\n", 6, ["line 2"]),
    ("key,account\nfernhill.example\n" + rows(), 2, ["1 field", "acme.com,Acme Corp"]),
    ("key,account\n" + rows() + "corvel.example,Corvel Ltd,extra\n", 6, ["3 field"]),
    ("key,account\n" + rows() + "nova.example,\n", 6, ["'nova.example'", "empty account name"]),
    ("key,account\n" + rows() + ",Nova\n", 6, ["empty"]),
    ("key,account\n" + rows() + "Nova Group,nova.example\n", 6, ["not a domain"]),
    ("domain|account\n" + rows("|"), 1, ["header", "one column", "';'"]),
    ("key,account\n" + rows(";"), 2, ["1 field"]),  # header and rows disagree
], ids=["two-accounts", "two-accounts-normalised", "missing-field", "extra-field", "empty-account",
        "empty-key", "swapped-columns", "unknown-delimiter", "mixed-delimiters"])
def test_mistakes_are_refused_naming_file_line_and_fix(tmp_path, text, line, words):
    path = write(tmp_path, text, name="clients.csv")
    with pytest.raises(InvalidOptionError) as info:
        load_accounts(path)
    msg = str(info.value)
    assert "clients.csv" in msg and f"line {line}:" in msg, msg
    for w in words:
        assert w in msg, msg


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = write(tmp_path, "key,account\nfernhill.example,Fromagerie Été\n", encoding="utf-16")
    with pytest.raises(InvalidOptionError, match="UTF-8"):
        load_accounts(path)


def test_read_refuses_a_bad_accounts_file_before_reading_mail(tmp_path):
    box = tmp_path / "in.mbox"
    box.write_text("From a@corvel.example Mon Mar  4 10:00:00 2024\nFrom: a@corvel.example\n"
                   "To: b@ourco.example\nMessage-ID: <x@corvel.example>\n"
                   "Date: Mon, 4 Mar 2024 10:00:00 +0000\n\nHello\n\n")
    path = write(tmp_path, "key,account\ncorvel.example,Corvel Ltd\ncorvel.example,Nova\n")
    with pytest.raises(InvalidOptionError, match="line 3"):
        fs.read(box, internal_domains=["ourco.example"], accounts=path)


def test_a_dict_that_gives_one_domain_two_accounts_is_refused_too():
    with pytest.raises(InvalidOptionError, match=r"maps 'x\.com' to both 'A' and 'B'"):
        load_accounts({"A": ["x.com"], "B": ["X.com"]})
    assert load_accounts({"A": ["x.com", "x.com"], "y.com": "A"}) == {"x.com": "A", "y.com": "A"}
