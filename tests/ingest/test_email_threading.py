"""Threads, direction, relationship (accounts) and duplicates of email messages."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
import pytest

import frictionscan as fs
from frictionscan.errors import InvalidOptionError, SourceNotFoundError
from frictionscan.ingest.accounts import classify, load_accounts
from frictionscan.ingest.threading import ThreadIndex, normalize_subject

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "email"
NW = frozenset({"northwind.io"})


@pytest.fixture(scope="module")
def thread_df():
    return fs.read(FIX / "thread.mbox", internal_domains=["northwind.io"])


def test_replies_with_references_share_the_root_thread(thread_df):
    assert thread_df.loc[:4, "thread_id"].tolist() == ["a1@acme.com"] * 5


def test_reply_without_reply_headers_joins_by_subject_and_participants(thread_df):
    row = thread_df.loc[3]
    assert row["message_id"].startswith("fs-")  # no Message-ID: synthetic
    assert row["thread_id"] == "a1@acme.com"


def test_unrelated_message_gets_its_own_thread(thread_df):
    assert thread_df.loc[5, "thread_id"] == "g1@globex.io"


def test_same_subject_from_other_people_does_not_join():
    idx = ThreadIndex()
    a = idx.assign("a@x", [], "Invoice", "ann@acme.com", ["bob@northwind.io"])
    b = idx.assign("fs-1", [], "Re: Invoice", "sam@globex.io", ["carla@northwind.io"])
    assert a != b


def test_fresh_message_with_its_own_id_is_not_merged_by_subject():
    idx = ThreadIndex()
    a = idx.assign("w1@acme.com", [], "Weekly report", "ann@acme.com", ["bob@northwind.io"])
    b = idx.assign("w2@acme.com", [], "Weekly report", "ann@acme.com", ["bob@northwind.io"])
    assert a != b


def test_child_seen_before_parent_is_merged_by_resolve():
    idx = ThreadIndex()
    idx.assign("c@x", ["b@x"], "Re: Plan", "ann@acme.com", ["bob@northwind.io"])
    idx.assign("b@x", ["a@x"], "Re: Plan", "bob@northwind.io", ["ann@acme.com"])
    idx.assign("a@x", [], "Plan", "ann@acme.com", ["bob@northwind.io"])
    assert len(set(idx.resolve())) == 1


def _invoice_files(tmp_path):
    def write(name, subject, sender, to, mid, day):
        path = tmp_path / name
        path.write_text(f"From: {sender}\nTo: {to}\nSubject: {subject}\nMessage-ID: <{mid}>\n"
                        f"Date: {day} Mar 2025 09:00:00 +0000\n\nAbout invoice 4471.\n")
        return path
    original = write("original.eml", "Invoice 4471", "ann@client.com", "bob@northwind.io", "o1@client.com", 3)
    reply = write("reply.eml", "RE: Invoice 4471", "bob@northwind.io", "ann@client.com", "r1@northwind.io", 4)
    return original, reply


def test_a_reply_without_reply_headers_read_before_its_original_joins_its_thread(tmp_path):
    original, reply = _invoice_files(tmp_path)
    for order in ([original, reply], [reply, original]):
        df = fs.read(order, internal_domains=["northwind.io"])
        assert df.set_index("message_id")["thread_id"].to_dict() == {
            "o1@client.com": "o1@client.com", "r1@northwind.io": "o1@client.com"}


def test_streaming_keeps_the_thread_id_a_reply_read_before_its_original_was_given(tmp_path):
    original, reply = _invoice_files(tmp_path)
    chunks = fs.iter_read([reply, original], internal_domains=["northwind.io"], chunksize=1)
    assert pd.concat(list(chunks))["thread_id"].tolist() == ["r1@northwind.io", "o1@client.com"]


def test_an_orphan_reply_is_adopted_once_and_weekly_reports_stay_apart():
    idx = ThreadIndex()
    r = idx.assign("r1@northwind.io", [], "RE: Weekly report", "bob@northwind.io", ["ann@acme.com"])
    w1 = idx.assign("w1@acme.com", [], "Weekly report", "ann@acme.com", ["bob@northwind.io"])
    w2 = idx.assign("w2@acme.com", [], "Weekly report", "ann@acme.com", ["bob@northwind.io"])
    assert (r, w1, w2) == ("r1@northwind.io", "w1@acme.com", "w2@acme.com")
    assert idx.resolve() == ["w1@acme.com", "w1@acme.com", "w2@acme.com"]


def test_an_orphan_is_not_adopted_by_another_reply_nor_between_other_people():
    idx = ThreadIndex()
    idx.assign("r1@northwind.io", [], "RE: Invoice 4471", "bob@northwind.io", ["ann@client.com"])
    idx.assign("x1@globex.io", [], "Invoice 4471", "sam@globex.io", ["carla@northwind.io"])
    idx.assign("r2@client.com", [], "AW: Invoice 4471", "ann@client.com", ["tom@northwind.io"])
    assert idx.resolve() == ["r1@northwind.io", "x1@globex.io", "r2@client.com"]


def test_an_orphan_reply_is_not_adopted_by_an_original_sent_after_it():
    # "RE: Monthly invoice" of March, its original not in the export, is no reply to May's
    # "Monthly invoice" read after it; one that comes after the original in time is adopted
    march, may = (datetime(2025, m, 3, 9, tzinfo=timezone.utc) for m in (3, 5))
    idx = ThreadIndex()
    idx.assign("r1@northwind.io", [], "RE: Monthly invoice", "bob@northwind.io", ["ann@acme.com"], march)
    idx.assign("m5@acme.com", [], "Monthly invoice", "ann@acme.com", ["bob@northwind.io"], may)
    assert idx.resolve() == ["r1@northwind.io", "m5@acme.com"]
    idx = ThreadIndex()
    idx.assign("r1@northwind.io", [], "RE: Monthly invoice", "bob@northwind.io", ["ann@acme.com"], may)
    idx.assign("m3@acme.com", [], "Monthly invoice", "ann@acme.com", ["bob@northwind.io"], march)
    assert idx.resolve() == ["m3@acme.com", "m3@acme.com"]


def test_reading_order_does_not_thread_a_reply_into_a_later_original(tmp_path):
    def write(name, subject, sender, to, mid, month):
        (tmp_path / name).write_text(f"From: {sender}\nTo: {to}\nSubject: {subject}\nMessage-ID: <{mid}>\n"
                                     f"Date: 3 {month} 2025 09:00:00 +0000\n\nAbout this month's invoice.\n")
        return tmp_path / name
    reply = write("reply.eml", "RE: Monthly invoice", "bob@northwind.io", "ann@client.com", "r1@northwind.io", "Mar")
    later = write("may.eml", "Monthly invoice", "ann@client.com", "bob@northwind.io", "m5@client.com", "May")
    df = fs.read([reply, later], internal_domains=["northwind.io"])
    assert df["thread_id"].tolist() == ["r1@northwind.io", "m5@client.com"]


def test_an_orphan_that_others_have_joined_is_not_adopted():
    idx = ThreadIndex()
    idx.assign("r1@northwind.io", [], "RE: Invoice 4471", "bob@northwind.io", ["ann@client.com"])
    idx.assign("r2@client.com", ["r1@northwind.io"], "RE: Invoice 4471", "ann@client.com", ["bob@northwind.io"])
    idx.assign("o1@client.com", [], "Invoice 4471", "ann@client.com", ["bob@northwind.io"])
    assert idx.resolve() == ["r1@northwind.io", "r1@northwind.io", "o1@client.com"]


@pytest.mark.parametrize(
    ("subject", "expected"),
    [("Re: RE: Fwd: Delay", "delay"), ("AW: WG: Lieferung", "lieferung"), ("SV: Tilbud", "tilbud"),
     ("[EXT] Re: Access", "access"), ("回复: 发票", "发票"), ("Réf : Devis", "devis"),
     ("Re[3]: Update", "update"), ("Reply needed", "reply needed")],
)
def test_normalize_subject_strips_reply_prefixes_in_many_languages(subject, expected):
    assert normalize_subject(subject) == expected


def test_direction_inbound_outbound_internal(thread_df):
    assert thread_df["direction"].tolist()[:3] == ["inbound", "outbound", "internal"]


def test_relationship_for_outbound_mail_is_the_recipients_domain(thread_df):
    assert thread_df.loc[1, "relationship"] == "acme.com"
    assert pd.isna(thread_df.loc[2, "relationship"])  # internal mail: no client


def test_duplicate_message_id_is_kept_and_flagged(thread_df):
    dups = thread_df[thread_df["status"] == "duplicate"]
    assert dups["message_id"].tolist() == ["b1@northwind.io"]
    assert "duplicate" in dups.iloc[0]["error"]
    assert len(thread_df) == 6


def test_unparseable_date_falls_back_on_the_mbox_from_line_and_row_stays_ok(thread_df):
    row = thread_df.loc[5]
    assert row["status"] == "ok"
    assert str(row["timestamp"]) == "2024-03-05 08:00:00+00:00"  # "From sam@globex.io Tue Mar  5 08:00:00 2024"
    assert row["error"] == "unreadable Date header: time taken from the mbox 'From ' line"
    assert str(thread_df["timestamp"].dtype) == "datetime64[ns, UTC]"
    assert str(thread_df.loc[0, "timestamp"]) == "2024-03-04 08:12:00+00:00"


def test_synthetic_ids_are_stable_across_reads(thread_df):
    again = fs.read(FIX / "thread.mbox", internal_domains=["northwind.io"])
    assert again["message_id"].tolist() == thread_df["message_id"].tolist()


def test_accounts_dict_maps_several_domains_and_free_mail_addresses():
    acc = load_accounts({"Acme Corp": ["acme.com", "acme.de", "lotte.k@gmail.com"]})
    assert classify("jo@eu.acme.de", ["bob@northwind.io"], NW, acc) == ("inbound", "Acme Corp")
    assert classify("lotte.k@gmail.com", ["bob@northwind.io"], NW, acc) == ("inbound", "Acme Corp")
    assert classify("other@gmail.com", ["bob@northwind.io"], NW, acc) == ("inbound", "other@gmail.com")
    assert classify("bob@northwind.io", ["x@acme.com"], NW, acc) == ("outbound", "Acme Corp")


def test_accounts_csv_path_is_read_with_header(tmp_path):
    assert load_accounts(FIX / "accounts.csv") == {
        "acme.com": "Acme Corp", "acme.de": "Acme Corp", "lotte.k@gmail.com": "Acme Corp"}
    df = fs.read(FIX / "thread.mbox", internal_domains=["northwind.io"], accounts=FIX / "accounts.csv")
    assert df.loc[0, "relationship"] == "Acme Corp"
    assert df.loc[5, "relationship"] == "globex.io"


def test_accounts_missing_csv_or_wrong_type_is_misuse(tmp_path):
    with pytest.raises(SourceNotFoundError, match="accounts file not found"):
        load_accounts(tmp_path / "nope.csv")
    with pytest.raises(InvalidOptionError, match="accounts must be"):
        load_accounts(42)


def test_subdomain_of_internal_domain_is_internal():
    assert classify("ops@mail.northwind.io", ["bob@northwind.io"], NW, {}) == ("internal", None)


def test_without_internal_domains_direction_is_unknown_and_a_warning_says_so():
    with pytest.warns(fs.FrictionscanWarning, match="internal_domains"):
        df = fs.read(FIX / "thread.mbox")
    assert df["direction"].isna().all()
    assert df.loc[0, "relationship"] == "acme.com"
