"""QA32: an empty or malformed internal domain is refused, not silently ignored.

``--internal-domain ""`` (an unset shell variable), ``"@@@"``, ``"our co.io"`` and ``"*"`` behaved
as if no domain was given: every email's direction came out unknown, and the Python API even warned
"internal_domains was not given". A leading ``@`` and any case stay accepted.

QA40: ``--internal-domain @@bad`` (and ``internal_domains=["@@ourco.io"]``) had every leading ``@``
stripped and was read as ``bad``: a typo became a domain without a word. ``a@b@c`` was called an
address and ``c`` suggested. A domain may still be written ``@ourco.io`` (one ``@``); anything else
that is no domain is refused, naming the domain to write when it can tell.
"""

from __future__ import annotations

import warnings

import pytest
from click.testing import CliRunner

import frictionscan as fs
from frictionscan.cli import cli
from frictionscan.errors import InvalidOptionError

MBOX = (b"From ann@client.example Mon Jan  5 09:00:00 2026\n"
        b"From: Ann <ann@client.example>\nTo: bob@ourco.io\nSubject: export\n"
        b"Date: Mon, 05 Jan 2026 09:00:00 +0000\nMessage-ID: <m1@client.example>\n\n"
        b"The export is still broken.\n\n")

BAD = ["", "   ", "@@@", "our co.io", "*", "*.ourco.io", "bob@ourco.io"]

# (as given, what the message must say)
REFUSED = [
    ("@@bad", "write 'bad'"),
    ("@@ourco.io", "write 'ourco.io'"),
    ("@", "names no domain"),
    ("a@b@c", "is not a domain"),
    ("dana@@ourco.io", "is not a domain"),
    ("our co.io", "is not a domain"),
    ("@ ourco.io", "is not a domain"),
    ("https://ourco.io/support", "write 'ourco.io'"),
]


@pytest.fixture()
def mbox(tmp_path):
    path = tmp_path / "mb.mbox"
    path.write_bytes(MBOX)
    return path


@pytest.mark.parametrize("domain", BAD)
def test_read_refuses_an_internal_domain_that_is_no_domain_and_names_it(mbox, domain):
    with pytest.raises(InvalidOptionError) as info:
        fs.read(mbox, internal_domains=[domain])
    assert repr(domain) in str(info.value)
    assert "ourco.io" in str(info.value)  # what a domain looks like


@pytest.mark.parametrize("domain", BAD)
def test_scan_refuses_an_internal_domain_that_is_no_domain_as_a_malformed_command_line(
        mbox, tmp_path, domain):
    result = CliRunner().invoke(cli, ["scan", str(mbox), "--internal-domain", domain,
                                      "-o", str(tmp_path / "s.parquet"), "-q"])
    assert result.exit_code == 2, result.output
    assert "--internal-domain" in result.output
    assert not (tmp_path / "s.parquet").exists()


@pytest.mark.parametrize("domain", ["ourco.io", "@ourco.io", " OurCo.IO "])
def test_an_internal_domain_with_an_at_sign_or_capitals_still_tells_our_mail(mbox, domain):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rows = fs.read(mbox, internal_domains=[domain])
    assert rows["direction"].tolist() == ["inbound"]
    assert rows["relationship"].tolist() == ["client.example"]


@pytest.mark.parametrize("domain, said", REFUSED)
def test_read_refuses_an_internal_domain_with_extra_at_signs_or_no_domain_shape(mbox, domain, said):
    with pytest.raises(InvalidOptionError) as info:
        fs.read(mbox, internal_domains=[domain])
    assert repr(domain) in str(info.value)
    assert said in str(info.value)


def test_an_address_with_several_at_signs_is_not_taken_for_an_address_of_its_last_part(mbox):
    with pytest.raises(InvalidOptionError) as info:
        fs.read(mbox, internal_domains=["a@b@c"])
    assert "is an address" not in str(info.value)
    assert "write 'c'" not in str(info.value)


@pytest.mark.parametrize("domain, said", REFUSED)
def test_scan_refuses_the_same_internal_domains_as_a_malformed_command_line(
        mbox, tmp_path, domain, said):
    result = CliRunner().invoke(cli, ["scan", str(mbox), "--internal-domain", domain,
                                      "-o", str(tmp_path / "s.parquet"), "-q"])
    assert result.exit_code == 2, result.output
    assert "--internal-domain" in result.output and said in result.output
    assert not (tmp_path / "s.parquet").exists()

