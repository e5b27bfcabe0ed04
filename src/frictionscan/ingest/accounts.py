"""Direction (inbound / outbound / internal) and relationship (client account) of email messages.

* ``direction``: a sender in ``internal_domains`` (or a subdomain) writing to at least one outside
  address is ``outbound``; writing only to colleagues is ``internal``; with no known recipient it is
  unknown (<NA>); any other sender is ``inbound``. Without ``internal_domains`` the direction is
  unknown (<NA>).
* ``relationship``: the outside party of the message -- the sender for inbound mail, the first
  outside recipient (To before Cc) for outbound mail -- looked up in ``accounts`` by full address,
  then by domain and parent domains (``eu.acme.com`` -> ``acme.com``). Unmapped parties fall back to
  their email domain, except free-mail domains (gmail.com, outlook.com...) where the address itself
  is the account. Internal mail has no relationship unless ``accounts`` maps one of its parties.

``accounts`` may be a dict ``{"acme.com": "Acme", "jo@gmail.com": "Acme"}``, the inverse form
``{"Acme": ["acme.com", "acme.de"]}``, or the path of a CSV file whose first two columns are
key (domain or address) and account (a header row is allowed; ``;`` or tab delimited files too).
A file that would map messages wrongly (a key given two accounts, an empty account, a row with
too few or too many fields) raises :class:`~frictionscan.errors.InvalidOptionError`; so does a key
of either form that is no domain or address (``{"Acme Corp": "acme.com"}``, a string where the
inverse form needs a list), a wildcard (``*.acme.com``), a web address or an empty account name, in
a file or a dict alike. A trailing dot (``acme.com.``) is dropped.

>>> acc = load_accounts({"Acme": ["acme.com", "jo@gmail.com"]})
>>> classify("ann@eu.acme.com", ["bob@northwind.io"], frozenset({"northwind.io"}), acc)
('inbound', 'Acme')
>>> classify("bob@northwind.io", ["sam@globex.com"], frozenset({"northwind.io"}), acc)
('outbound', 'globex.com')
>>> classify("kim@gmail.com", ["bob@northwind.io"], frozenset({"northwind.io"}), acc)
('inbound', 'kim@gmail.com')
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..errors import InvalidOptionError, SourceNotFoundError

__all__ = ["FREE_MAIL_DOMAINS", "account_for", "classify", "is_internal", "load_accounts",
           "normalize_domains"]

#: Domains whose addresses belong to individuals, so each address is its own account by default.
FREE_MAIL_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "yahoo.fr", "yahoo.de", "ymail.com",
    "hotmail.com", "hotmail.co.uk", "hotmail.fr", "hotmail.de", "outlook.com", "live.com", "msn.com",
    "aol.com", "icloud.com", "me.com", "mac.com", "gmx.de", "gmx.net", "gmx.com", "web.de",
    "t-online.de", "proton.me", "protonmail.com", "pm.me", "mail.com", "zoho.com", "yandex.ru",
    "yandex.com", "mail.ru", "qq.com", "163.com", "126.com", "orange.fr", "free.fr", "laposte.net",
    "libero.it", "virgilio.it", "seznam.cz", "wp.pl", "o2.pl", "fastmail.com", "hey.com", "tutanota.com",
})


def normalize_domains(domains: str | Iterable[str] | None) -> frozenset[str]:
    """Lower-cased domains without their leading ``@`` (one at most); a single string is one domain.

    >>> sorted(normalize_domains(["@NorthWind.io", "nw.example "]))
    ['northwind.io', 'nw.example']
    """
    if domains is None:
        return frozenset()
    if isinstance(domains, str):
        domains = [domains]
    out = set()
    for d in domains:
        if not isinstance(d, str):
            raise InvalidOptionError(
                f"internal_domains must be strings like 'northwind.io'; got {d!r}")
        raw, d = d, d.strip().lower()
        d = d[1:] if d.startswith("@") else d  # one '@' only: '@@ourco.io' is a typo, not a domain
        problem = domain_problem(d, raw)
        if problem:  # ignored, it would leave every message's direction silently unknown
            raise InvalidOptionError(f"internal domain {problem}")
        out.add(d)
    return frozenset(out)


_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)*")
_DOMAIN_FORM = ("a domain is labels of letters, digits and hyphens joined by single dots, e.g. "
                "'ourco.io' or '@ourco.io' (its subdomains match it too)")


def domain_problem(domain: str, raw: Any) -> str | None:
    """Why ``domain`` (stripped, without its one leading ``@``, lower-cased; ``raw`` as given) is no internal
    domain, or None when it is one.

    >>> domain_problem("", "  ")
    "'  ' names no domain: a domain is labels of letters, digits and hyphens joined by single dots, e.g. 'ourco.io' or '@ourco.io' (its subdomains match it too)"
    >>> domain_problem("dana@ourco.io", "dana@ourco.io")
    "'dana@ourco.io' is an address, not a domain: write 'ourco.io'"
    >>> domain_problem("mail.ourco.io", "mail.ourco.io") is None
    True
    """
    if not domain:
        return f"{raw!r} names no domain: {_DOMAIN_FORM}"
    if _DOMAIN.fullmatch(domain):
        return None
    local, at, host = domain.partition("@")
    if at and local and _DOMAIN.fullmatch(host):  # 'dana@ourco.io', not 'a@b@c' nor '@@ourco.io'
        return f"{raw!r} is an address, not a domain: write {host!r}"
    if at and not local and _DOMAIN.fullmatch(domain.lstrip("@")):
        return f"{raw!r} has more than one '@' before the domain: write {domain.lstrip('@')!r}"
    if "/" in domain:
        from urllib.parse import urlsplit

        try:
            host = (urlsplit(domain if "//" in domain else "//" + domain).hostname or "").rstrip(".")
        except ValueError:  # 'http://[x': no host to name
            host = ""
        if _DOMAIN.fullmatch(host):
            return f"{raw!r} is a web address, not a domain: write {host!r}"
    if "*" in domain:
        bare = domain.replace("*", "").strip(".")
        if _DOMAIN.fullmatch(bare):
            return (f"{raw!r} is a wildcard, which never matches: write {bare!r} (its subdomains "
                    "match it already)")
    return f"{raw!r} is not a domain: {_DOMAIN_FORM}"


def load_accounts(accounts: Mapping[str, Any] | str | os.PathLike[str] | None) -> dict[str, str]:
    """``accounts=`` as a flat ``{lower-cased domain or address: account name}`` dict.

    >>> load_accounts({"ACME.com": "Acme", "Globex": ["globex.com", "@globex.de"]})
    {'acme.com': 'Acme', 'globex.com': 'Globex', 'globex.de': 'Globex'}
    """
    if accounts is None:
        return {}
    if isinstance(accounts, (str, os.PathLike)):
        return _load_csv(Path(accounts))
    if not isinstance(accounts, Mapping):
        raise InvalidOptionError(
            "accounts must be a dict {domain or address: account} or the path of a CSV file; "
            f"got {type(accounts).__name__}")
    out: dict[str, str] = {}

    def put(k: Any, name: str, value: Any = None) -> None:
        raw, k = k, _key(k)
        problem = _key_problem(k, raw)
        if problem:
            raise InvalidOptionError(f"accounts: {problem}")
        if not name.strip():
            raise InvalidOptionError(
                f"accounts: {k!r} has an empty account name; give the account's name "
                f"({{{k!r}: 'Acme Corp'}}), or leave {k!r} out to keep it as its own account")
        if not _looks_like_key(k):  # it can never match a message: refused, as the file refuses it
            inverted = value is not None and _looks_like_key(_key(value))
            fix = (f"write {{{str(value).strip()!r}: {str(raw).strip()!r}}} or {{{str(raw).strip()!r}: "
                   f"[{str(value).strip()!r}]}} (account name -> list of domains)" if inverted else
                   "keys are domains or addresses ({'acme.com': 'Acme'}), or account names mapped to a "
                   "list of them ({'Acme': ['acme.com']})")
            raise InvalidOptionError(
                f"accounts: {str(raw).strip()!r} is not a domain or email address, so it would never "
                f"match a message; {fix}")
        if k in out and out[k] != name:  # the same mistake the file check refuses
            raise InvalidOptionError(
                f"accounts maps {k!r} to both {out[k]!r} and {name!r}; keep one, or messages of "
                "one account would silently be counted under the other")
        out[k] = name.strip()

    for key, value in accounts.items():
        if isinstance(value, (list, tuple, set, frozenset)):
            for k in value:
                put(k, str(key))
        elif value is None:
            continue
        elif _missing(value):  # NaN or pd.NA: an empty cell of a sheet, not a name
            raise InvalidOptionError(
                f"accounts: {str(key).strip()!r} has no account name ({value!r}: an empty cell of a "
                f"sheet?); give the account's name, or None to leave {str(key).strip()!r} out")
        else:
            put(key, str(value), value)
    return out


def _missing(value: Any) -> bool:
    """True for NaN and pandas' NA (without importing pandas)."""
    return (isinstance(value, float) and value != value) or type(value).__name__ == "NAType"


def _key(k: Any) -> str:
    """A key as lookups see it: no case, spaces, leading ``@`` or trailing dot (``acme.com.`` is the
    fully qualified spelling of ``acme.com``), nor the leading dot of ``.acme.com`` ("this domain
    and its subdomains", which is what ``acme.com`` means already)."""
    return str(k).strip().lstrip("@").lower().rstrip(".").lstrip(".")


def _key_problem(key: str, raw: Any) -> str | None:
    """Why ``key`` (as :func:`_key` made it; ``raw`` as given) can never match a message, with the
    right form, or None when it is a usable domain or address.

    >>> _key_problem("*.acme.com", "*.acme.com")
    "'*.acme.com' is a wildcard, which never matches: write 'acme.com' (its subdomains match it already)"
    >>> _key_problem("https://acme.com/support", "https://acme.com/support")
    "'https://acme.com/support' is a web address: write the domain alone, 'acme.com'"
    >>> _key_problem("acme.com", "acme.com") is None
    True
    """
    shown = str(raw).strip()
    if "*" in key:
        bare = re.sub(r"@\.+", "@", key.replace("*", "")).strip("./")
        if not _looks_like_key(bare) or _key_problem(bare, bare):
            return (f"{shown!r} is a wildcard, which never matches: write the domain itself, e.g. "
                    "'acme.com' (its subdomains match it already)")
        return (f"{shown!r} is a wildcard, which never matches: write {bare!r} (its subdomains "
                "match it already)")
    if "/" in key or "://" in key:
        from urllib.parse import urlsplit

        host = (urlsplit(key if "//" in key else "//" + key).hostname or "").rstrip(".") or "acme.com"
        return f"{shown!r} is a web address: write the domain alone, {host!r}"
    if any(c in key for c in ",;"):
        return f"{shown!r} holds several keys: give each domain or address its own key (or a list)"
    bare = re.sub(r"^mailto:|^<|>$", "", key)
    if bare != key:
        return f"{shown!r} is not a plain address: write {bare!r}"
    if re.search(r":\d+$", key):
        return f"{shown!r} has a port: write the domain alone, {re.sub(r':[0-9]+$', '', key)!r}"
    domain = key.rsplit("@", 1)[-1]
    if ("." in domain or "@" in key) and not re.fullmatch(r"[\w-]+(?:\.[\w-]+)*", domain):
        return (f"{shown!r} is not a domain or address that mail comes from (a domain is labels of "
                "letters, digits and hyphens joined by single dots, e.g. 'acme.com')")
    return None


#: Delimiters an accounts file may use; a header (or first row) decides which one (Excel in many
#: locales saves "CSV" with ``;``).
_DELIMITERS = (",", ";", "\t")


def _delimiter(first_line: str) -> str:
    """The delimiter of an accounts file from its first row: ``,`` unless that row has none of it
    but does have ``;`` or a tab."""
    if "," in first_line:
        return ","
    counts = {d: first_line.count(d) for d in _DELIMITERS[1:]}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _looks_like_key(key: str) -> bool:
    """A domain (``acme.com``) or an address (``jo@gmail.com``): a dot or an ``@``, no spaces."""
    return bool(key) and ("." in key or "@" in key) and not any(c.isspace() for c in key)


def _load_csv(path: Path) -> dict[str, str]:
    """Read an accounts file: one ``key,account`` row per domain or address, an optional header.

    Refused with :class:`InvalidOptionError` (naming the file and line): a row with fewer than 2
    fields or more than the header has (2 without a header; empty trailing fields are ignored), an
    empty key or account, a key that is no domain or address, and a key given two different
    accounts. ``;``- or tab-separated files are read when their first row uses that delimiter.
    """
    if not path.is_file():
        raise SourceNotFoundError(
            f"accounts file not found: {str(path)!r}. Pass an existing CSV (key,account) or a dict.")
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            text = fh.read()
    except UnicodeDecodeError:
        raise InvalidOptionError(
            f"accounts file {str(path)!r} is not UTF-8 text; save it as CSV UTF-8 (key,account)"
        ) from None
    first = next((ln for ln in text.splitlines()
                  if ln.strip() and not ln.lstrip().startswith("#")), "")
    delim = _delimiter(first)
    where = f"accounts file {str(path)!r}"
    fix = ("each row must be 'domain or address,account name', e.g. 'acme.com,Acme Corp' "
           "(an optional header row 'key,account' first)")
    width: int | None = None  # number of fields of the header, once seen
    out: dict[str, str] = {}
    line_of: dict[str, int] = {}
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delim)
    for row in reader:
        line = reader.line_num
        while len(row) > 2 and not row[-1].strip():  # empty trailing fields (spreadsheet exports)
            row = row[:-1]
        if not any(f.strip() for f in row) or row[0].lstrip().startswith("#"):
            continue
        if width is None:  # the first row: a header when its first field is no domain/address
            width = max(len(row), 2)
            if not _looks_like_key(_key(row[0])):
                if len(row) < 2:
                    raise InvalidOptionError(
                        f"{where}, line {line}: the header {delim.join(row)!r} has one column, "
                        "not two. Separate key and account with ',' (or ';' or a tab), e.g. "
                        "'key,account'")
                continue
            width = 2
        if not 2 <= len(row) <= width:
            expected = "2" if width == 2 else f"2 to {width}"
            raise InvalidOptionError(
                f"{where}, line {line}: {len(row)} field(s) where {expected} were expected "
                f"({delim.join(row)!r}); {fix}. Quote an account name that contains "
                f"{delim!r}.")
        key, name = _key(row[0]), row[1].strip()
        if not key:
            raise InvalidOptionError(f"{where}, line {line}: the domain or address is empty; {fix}")
        problem = _key_problem(key, row[0])
        if problem:
            raise InvalidOptionError(f"{where}, line {line}: {problem}")
        if not _looks_like_key(key):
            raise InvalidOptionError(
                f"{where}, line {line}: {row[0].strip()!r} is not a domain or email address; the "
                "first column is the domain or address, the second the account name")
        if not name:
            raise InvalidOptionError(
                f"{where}, line {line}: {key!r} has an empty account name; write the account "
                f"name after the {delim!r}, or delete the row to keep the domain as its own account")
        if key in out and out[key] != name:
            raise InvalidOptionError(
                f"{where}, line {line}: {key!r} is mapped to {name!r} here but to {out[key]!r} on "
                f"line {line_of[key]}; keep one of the two rows")
        out.setdefault(key, name)
        line_of.setdefault(key, line)
    return out


#: The longest domain name DNS allows (RFC 1035), so the longest internal domain or accounts key
#: that can ever match a message.
_MAX_DOMAIN = 253


def _within_dns_length(domain: str) -> str:
    """``domain``, or its longest parent domain of at most 253 characters ("" when it has none).

    The lookups below copy a domain and each parent domain in turn; for a crafted domain of
    thousands of labels that cost the square of its length (seconds per message). No domain or key
    a message can match is longer, so starting here gives the same answers in linear time.

    >>> _within_dns_length("eu.acme.com"), len(_within_dns_length("b." * 200 + "acme.com"))
    ('eu.acme.com', 252)
    """
    if len(domain) <= _MAX_DOMAIN:
        return domain
    dot = domain.find(".", len(domain) - _MAX_DOMAIN - 1)
    return domain[dot + 1:] if dot >= 0 else ""


def is_internal(address: str, internal: frozenset[str]) -> bool:
    """True when the address's domain is an internal domain or a subdomain of one."""
    domain = _within_dns_length(address.rpartition("@")[2])
    if not domain:
        return False
    while True:
        if domain in internal:
            return True
        dot = domain.find(".")
        if dot < 0:
            return False
        domain = domain[dot + 1:]


def account_for(address: str, accounts: Mapping[str, str]) -> str:
    """The client account of a lower-cased address: ``accounts`` by address, then by domain or a
    parent domain; else the domain, or the address itself for free-mail (gmail.com...) senders.

    >>> account_for("kim@eu.acme.com", {"acme.com": "Acme"}), account_for("jo@gmail.com", {})
    ('Acme', 'jo@gmail.com')
    """
    if accounts:
        hit = accounts.get(address)
        if hit is not None:
            return hit
        d = _within_dns_length(address.rpartition("@")[2])
        while d:
            hit = accounts.get(d)
            if hit is not None:
                return hit
            dot = d.find(".")
            d = d[dot + 1:] if dot >= 0 else ""
    domain = address.rpartition("@")[2]
    if not domain or domain in FREE_MAIL_DOMAINS:
        return address
    return domain


def classify(sender: str, recipients: Iterable[str], internal: frozenset[str],
             accounts: Mapping[str, str]) -> tuple[str | None, str | None]:
    """``(direction, relationship)`` of one email message (see the module docstring)."""
    rcpts = [r for r in recipients if "@" in r]
    if internal:
        if is_internal(sender, internal):
            if not rcpts:  # e.g. Bcc-only mail, or an agent comment whose audience is unknown
                return None, None
            outside = [r for r in rcpts if not is_internal(r, internal)]
            if outside:
                return "outbound", account_for(outside[0], accounts)
            mapped = next((accounts[r] for r in rcpts if r in accounts), None) if accounts else None
            return "internal", mapped
        return "inbound", account_for(sender, accounts)
    # no internal domains: direction unknown; prefer a mapped party, else the sender
    if accounts:
        for addr in (sender, *rcpts):
            acc = account_for(addr, accounts)
            if acc != addr and acc != addr.rpartition("@")[2]:
                return None, acc
    return None, account_for(sender, accounts)
