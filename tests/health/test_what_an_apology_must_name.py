"""An apology delivers a promise made elsewhere only when it names the promised thing.

An apology in another thread (a call after an email, say) counts as the delivery when it shares
two distinctive words with the promise. The names of people ("Oskar's desk", "Helga") and words
that only describe something or are function words ("a written recap every afternoon") are not
the thing: an apology that reorganises who does what is no delivery of the labels.
"""

from __future__ import annotations

import pandas as pd
import pytest

import frictionscan as fs

# (every row of these tables must be used: a dropped row would make a test pass for nothing)
pytestmark = pytest.mark.filterwarnings("error::frictionscan.errors.LeftOutWarning")

CALM = {s: 0.02 for s in fs.SIGNALS}
THURSDAY = pd.Timestamp("2025-06-05 17:00", tz="UTC")


def _msg(mid: str, when: str, direction: str, thread: str, text: str, *, channel: str = "email",
         sender: str = "", name: str = "", recipients: str | None = None, **signals: float) -> dict:
    return {"message_id": mid, "thread_id": thread, "relationship": "kestrel", "channel": channel,
            "direction": direction, "status": "ok", "timestamp": pd.Timestamp(when, tz="UTC"),
            "text": text, "sender": sender, "sender_name": name, "recipients": recipients,
            **CALM, **signals}


def _story(apology: str) -> pd.DataFrame:
    return pd.DataFrame([
        _msg("p", "2025-06-02 10:00", "outbound", "e1",
             "Helga, to confirm: we will send the corrected pallet labels by Thursday 5 June, and "
             "Oskar will send you a written breakdown every day until then.",
             sender="dana.frost@ourco.example", name="Dana Frost",
             recipients="helga.brandt@kestrel.example, oskar.lind@ourco.example",
             commitment=0.95, commitment_due=THURSDAY),
        _msg("c1", "2025-06-03 15:00", "inbound", "call", "We need to talk about how this account "
             "is being handled.", channel="transcript", name="Helga Brandt", unmet_expectation=0.6),
        _msg("c2", "2025-06-03 15:01", "outbound", "call", apology, channel="transcript",
             name="Dana Frost", apology=0.95, unmet_expectation=0.6),
        _msg("x", "2025-06-09 08:30", "inbound", "e2",
             "Still no corrected pallet labels, and Thursday has come and gone.",
             sender="helga.brandt@kestrel.example", name="Helga Brandt",
             frustration=0.8, unmet_expectation=0.8),
    ])


def _promise(apology: str) -> pd.Series:
    return fs.commitments(_story(apology), now="2025-06-12").set_index("message_id").loc["p"]


@pytest.mark.parametrize("apology", [
    "I'm sorry, that was on us. Oskar's desk owns the account from today, and Helga has my "
    "mobile number.",
    "My apologies for the confusion. From now on you get a written recap every afternoon.",
    "Apologies, we have tightened things up: every pallet on the dock is checked twice now.",
], ids=["names of people", "a participle and a function word", "a function word and one word"])
def test_an_apology_that_shares_only_names_and_describing_words_does_not_deliver_the_promise(apology):
    c = _promise(apology)
    assert (c["status"], c["resolved_by"]) == ("broken", "x")


def test_an_apology_that_names_the_promised_thing_still_delivers_it():
    c = _promise("I'm sorry this took so long: Oskar reprinted the corrected pallet labels this "
                 "morning.")
    assert (c["status"], c["resolved_by"]) == ("kept", "c2")


def test_a_busy_account_reads_the_names_in_each_message_once_not_once_per_promise(monkeypatch):
    # QA36: health on a 200,000-message mailbox spent half its time re-reading the names of people
    # and the describing words of the same messages, once for every (promise, later apology) pair:
    # an account of 4,000 messages took 17 s for its commitments, one of 28,000 many minutes
    from frictionscan.aggregate import _promises

    calls = {"names": 0, "modifiers": 0}
    names, modifiers = _promises._name_words, _promises._modifiers

    def counted_names(*a, **k):
        calls["names"] += 1
        return names(*a, **k)

    def counted_modifiers(*a, **k):
        calls["modifiers"] += 1
        return modifiers(*a, **k)

    monkeypatch.setattr(_promises, "_name_words", counted_names)
    monkeypatch.setattr(_promises, "_modifiers", counted_modifiers)
    # a long quiet history, then promises and apologies that share only the names of people: the
    # names are distinctive (in under a fifth of the messages), so every pair is weighed
    rows = [_msg(f"f{k}", f"2025-05-{1 + k // 10:02d} 09:{k % 10:02d}", "inbound", f"f{k}",
                 "Thanks, noted.", sender="helga.brandt@kestrel.example", name="Helga Brandt")
            for k in range(200)]
    for k in range(20):
        rows.append(_msg(f"p{k}", f"2025-06-02 {8 + k % 10}:{k:02d}", "outbound", f"e{k}",
                         f"Helga, Oskar will send the revised tariff sheet {k} by Thursday.",
                         sender="dana.frost@ourco.example", name="Dana Frost",
                         recipients="helga.brandt@kestrel.example, oskar.lind@ourco.example",
                         commitment=0.95, commitment_due=THURSDAY))
    for k in range(20):
        rows.append(_msg(f"a{k}", f"2025-06-03 {8 + k % 10}:{k:02d}", "outbound", f"s{k}",
                         "I'm sorry Helga, Oskar's desk handles the warehouse queries from today.",
                         sender="dana.frost@ourco.example", name="Dana Frost",
                         recipients="helga.brandt@kestrel.example", apology=0.95))
    table = pd.DataFrame(rows)
    got = fs.commitments(table, now="2025-06-12")
    assert len(got) == 20 and set(got["status"]) == {"overdue"}, "an apology naming people delivers nothing"
    # once per promise and per apology (40), not once per pair (800)
    assert calls["names"] <= 40, calls
    assert calls["modifiers"] <= 80, calls
