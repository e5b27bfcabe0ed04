"""fs.commitments: every promise, with who/what/when/due and whether it was kept."""

from __future__ import annotations

import pandas as pd
import pytest
from health_stories import story

from frictionscan.aggregate import COMMITMENT_COLUMNS, commitments
from frictionscan.detect.conditions import condition_of
from frictionscan.errors import InvalidOptionError

FOUR_FATES = """
d1  10:00 in  t1 Could you send the audit log?
d1  12:00 out t1 Yes, [[you will have the audit log by Wednesday]]. | commitment=.9 due=d3
d2  15:00 out t1 Here is the audit log.
d5  10:00 in  t2 We need the SSO metadata.
d5  11:00 out t2 [[I will send the SSO metadata by Friday]]. | commitment=.85 due=d9
d8  10:00 in  t3 Can you fix the broken chart?
d8  11:00 out t3 [[We will fix the chart by Friday]]. | commitment=.88 due=d11
d13 10:00 in  t3 The chart is still broken and Friday has passed. | unmet_expectation=.9 frustration=.6
d15 10:00 in  t4 Could you look at our usage numbers?
d15 11:00 out t4 [[I will look into the usage numbers]]. | commitment=.7
d16 10:00 in  t5 New question about billing.
d16 11:00 out t5 [[We will send the new quote by Jan 30]]. | commitment=.8 due=d25
"""


@pytest.fixture(scope="module")
def fates() -> pd.DataFrame:
    return story("acme", FOUR_FATES)


def test_each_commitment_gets_who_what_when_due_and_status(fates):
    t = commitments(fates, now="2026-01-22 12:00")
    assert list(t.columns) == list(COMMITMENT_COLUMNS)
    by_what = t.set_index("commitment")
    kept = by_what.loc["you will have the audit log by Wednesday"]
    assert kept["status"] == "kept" and kept["resolution"] == "delivered"
    assert kept["resolution_evidence"] == "Here is the audit log."
    assert kept["promised_by"] == "am@northwind.io" and kept["promised_to"] == "contact@acme.com"
    overdue = by_what.loc["I will send the SSO metadata by Friday"]
    assert overdue["status"] == "overdue" and overdue["days_overdue"] == pytest.approx(7.8, abs=0.1)
    broken = by_what.loc["We will fix the chart by Friday"]
    assert broken["status"] == "broken" and broken["resolution"] == "complaint"
    assert "still broken" in broken["resolution_evidence"]
    implied = by_what.loc["I will look into the usage numbers"]
    assert not implied["due_stated"]
    assert implied["due"] == pd.Timestamp("2026-01-27 11:00", tz="UTC"), "7 days implied"
    assert implied["status"] == "open"
    assert by_what.loc["We will send the new quote by Jan 30", "status"] == "open"


def test_status_follows_the_clock(fates):
    early = commitments(fates, now="2026-01-13 12:00").set_index("commitment")["status"]
    assert early["I will send the SSO metadata by Friday"] == "open"
    late = commitments(fates, now="2026-02-10").set_index("commitment")["status"]
    assert late["I will look into the usage numbers"] == "overdue"


def test_a_repromise_or_bare_apology_is_not_a_delivery():
    s = story("acme", """
        d1 10:00 in  t1 Need the export.
        d1 11:00 out t1 [[Export by Monday]]. | commitment=.9 due=d7
        d9 10:00 out t1 Sorry, still working on it. | apology=.8
        d9 11:00 out t1 [[New date: Thursday]]. | commitment=.9 due=d10
        d12 09:00 out t1 Here is the export.
    """)
    t = commitments(s).set_index("commitment")
    assert t.loc["Export by Monday", "status"] == "kept_late", "delivered, 4.7 days after the due date"
    assert t.loc["Export by Monday", "resolved_by"] == "acme-4@mail"
    assert t.loc["Export by Monday", "days_overdue"] == pytest.approx(4.7, abs=0.1)


def test_client_appreciation_in_the_thread_confirms_a_promise():
    s = story("acme", """
        d1 10:00 in  t1 Can you unlock the account?
        d1 11:00 out t1 [[I will unlock it tonight]]. | commitment=.9 due=d2
        d2 09:30 in  t1 It works now, thank you! | appreciation=.9
    """)
    row = commitments(s).iloc[0]
    assert row["status"] == "kept" and row["resolution"] == "confirmed"


def test_client_promises_are_listed_when_asked(fates):
    s = story("initech", """
        d1 10:00 in t1 [[We will send the signed contract on Friday]]. | commitment=.9 due=d4
        d1 11:00 out t1 Great, thanks.
    """)
    assert len(commitments(s)) == 0
    t = commitments(s, direction="inbound")
    assert t["direction"].tolist() == ["inbound"] and t["status"].tolist() == ["open"]
    assert len(commitments(pd.concat([s, fates]), direction="any")) == 6


def test_no_commitments_gives_an_empty_typed_table(fates):
    t = commitments(fates.assign(commitment=0.1, commitment_flag=False))
    assert len(t) == 0 and list(t.columns) == list(COMMITMENT_COLUMNS)
    assert str(t["due"].dtype) == "datetime64[ns, UTC]"


def test_the_flag_wins_over_the_probability_when_present(fates):
    flagged_off = fates.assign(commitment_flag=False)
    assert len(commitments(flagged_off)) == 0
    no_flag = fates.drop(columns=["commitment_flag"])
    assert len(commitments(no_flag)) == 5


def test_a_flagged_promise_is_tracked_only_from_the_commitment_threshold(fates):
    # a loose preset may flag a status line at p 0.4; a false promise makes a false overdue alert
    weak = fates.assign(commitment_flag=fates["commitment"].ge(0.5) | fates["commitment"].between(0.3, 0.5))
    weak.loc[weak["text"].str.contains("SSO metadata by Friday"), "commitment"] = 0.4
    tracked = commitments(weak)["commitment"].tolist()
    assert "I will send the SSO metadata by Friday" not in tracked and len(tracked) == 4
    looser = commitments(weak, config={"commitment_threshold": 0.35})["commitment"].tolist()
    assert "I will send the SSO metadata by Friday" in looser


def test_bad_direction_is_refused(fates):
    with pytest.raises(InvalidOptionError, match="direction"):
        commitments(fates, direction="sideways")


def test_a_promise_delivered_only_after_the_client_complained_stays_broken():
    s = story("acme", """
        d1  10:00 in  t1 Where is the data export?
        d1  11:00 out t1 [[You will have the export by Friday]]. | commitment=.9 due=d4
        d8  10:00 in  t1 Friday came and went and no export. | unmet_expectation=.9 frustration=.6
        d9  10:00 out t1 Here is the export.
    """)
    before = commitments(s, now="2026-01-13 12:00").iloc[0]
    after = commitments(s).iloc[0]
    assert before["status"] == "broken" and after["status"] == "broken"
    assert after["resolved_by"] == "acme-2@mail"
    assert after["days_overdue"] == pytest.approx(4.7, abs=0.1), "lateness of the delivery"


def test_an_apology_that_brings_what_was_promised_is_a_delivery():
    s = story("acme", """
        d1 10:00 in  t1 Please send the termination terms.
        d1 11:00 out t1 [[I will send the termination terms and export options by Monday]]. | commitment=.9 due=d7
        d8 10:00 out t1 Sorry, still working on the terms. | apology=.8
        d9 10:00 out t1 My apologies for the delay. Attached: termination terms and export options. | apology=.9
    """)
    row = commitments(s).iloc[0]
    assert row["status"] == "kept_late" and row["resolved_by"] == "acme-3@mail"


def test_a_delivery_that_also_promises_something_new_still_keeps_the_promise():
    s = story("acme", """
        d1 10:00 in  t1 Great news, we signed.
        d1 11:00 out t1 [[I'll send you an invite for a short kick-off this week]]. | commitment=.9 due=d4
        d1 12:00 in  t1 Thursday afternoon suits me.
        d2 09:00 out t1 Invite sent for Thursday 14:00. [[Lena will join too]]. | commitment=.6
    """)
    t = commitments(s).set_index("commitment")
    assert t.loc["I'll send you an invite for a short kick-off this week", "status"] == "kept"
    assert t.loc["I'll send you an invite for a short kick-off this week", "resolved_by"] == "acme-3@mail"


def test_a_repromise_of_the_same_thing_in_the_future_tense_is_not_a_delivery():
    s = story("acme", """
        d1 10:00 in  t1 The chart is broken.
        d1 11:00 out t1 [[We will fix the chart by Friday]]. | commitment=.9 due=d5
        d6 10:00 out t1 [[The chart will be fixed by Monday]], sorry. | commitment=.8
    """)
    t = commitments(s).set_index("commitment")
    assert t.loc["We will fix the chart by Friday", "status"] != "kept"


def test_a_delivery_in_another_thread_may_name_the_promise_in_the_singular():
    s = story("acme", """
        d1 10:00 out t1 Weekly note. [[Next: the remaining four depots by Friday]]. | commitment=.8 due=d5
        d4 10:00 out t2 Weekly note: all six depot dashboards are live.
    """)
    row = commitments(s).iloc[0]
    assert row["status"] == "kept" and row["resolved_by"] == "acme-1@mail"


@pytest.mark.parametrize("other_thread", [
    "Updated, the October invoice will go to Canal Wharf.",  # the promise's adjective as a verb
    "Attached: the updated rota for November.",              # ... and as another thing's adjective
])
def test_a_word_that_only_describes_the_promise_does_not_name_it_in_another_thread(other_thread):
    # found by QA on a helpdesk export: the SLA promise was "kept" by an invoice ticket
    s = story("acme", f"""
        d1 10:00 in  t1 Can we get the new SLA terms for next quarter?
        d1 11:00 out t1 Yes. [[I'll send the updated SLA document by Friday]]. | commitment=.9 due=d5
        d3 10:00 in  t2 Please use our new billing address from October.
        d3 10:45 out t2 {other_thread}
    """)
    assert commitments(s, now="2026-01-20").iloc[0]["status"] == "overdue"
    named = story("acme", f"""
        d1 10:00 in  t1 Can we get the new SLA terms for next quarter?
        d1 11:00 out t1 Yes. [[I'll send the updated SLA document by Friday]]. | commitment=.9 due=d5
        d3 10:45 out t2 {other_thread} The document is attached too.
    """)
    assert commitments(named, now="2026-01-20").iloc[0]["status"] == "kept"


def test_the_first_half_of_another_compound_does_not_name_a_promise_in_another_thread():
    # QA14v: "the credit note" was kept by "the credit limit banner is removed" in another ticket
    s = story("acme", """
        d1 10:00 in  t1 We need a credit note for the outage.
        d1 11:00 out t1 [[I will issue the credit note by Friday]]. | commitment=.9 due=d5
        d3 09:00 in  t2 The portal shows a note about credit limits, is that new?
        d3 09:30 out t2 Done, the credit limit banner is removed from the portal now.
    """)
    assert commitments(s, now="2026-01-20").iloc[0]["status"] == "overdue"
    same_thing = story("acme", """
        d1 10:00 in  t1 We need a credit note for the outage.
        d1 11:00 out t1 [[I will issue the credit note by Friday]]. | commitment=.9 due=d5
        d3 09:30 out t2 Done, the credit note is issued and attached.
    """)
    assert commitments(same_thing, now="2026-01-20").iloc[0]["status"] == "kept"


def test_a_complaint_elsewhere_names_a_promise_by_its_verb():
    s = story("acme", """
        d1 11:00 out t1 [[The night-shift fix will be deployed by Friday]]. | commitment=.9 due=d5
        d8 09:00 in  t2 Nothing deployed on Friday, again. | unmet_expectation=.9 frustration=.7
    """)
    row = commitments(s, now="2026-01-20").iloc[0]
    assert (row["status"], row["resolution"]) == ("broken", "complaint")


def test_a_complaint_in_the_grace_day_after_the_due_date_breaks_the_promise():
    # the grace period is for our delivery, not for the client's patience (found by QA on fresh mail)
    s = story("acme", """
        d1 10:00 out t1 [[You will have the revised quote by Monday]]. | commitment=.9 due=d7
        d8 10:05 in  t1 Still no quote, and Monday has come and gone. | unmet_expectation=.9 frustration=.7
        d8 17:30 out t1 Here is the revised quote.
    """)
    row = commitments(s).iloc[0]
    assert row["status"] == "broken" and row["resolution"] == "complaint"
    assert "Monday has come and gone" in row["resolution_evidence"]


@pytest.mark.parametrize(("apology", "status"), [
    ("I'm sorry. Attached is the revised quote with both options.", "kept"),
    ("Sorry, we haven't sent the revised quote yet.", "overdue"),  # negated: nothing was delivered
])
def test_an_apology_that_delivers_counts_even_when_the_account_talks_of_little_else(apology, status):
    s = story("acme", f"""
        d1 09:00 in  t1 Can we get a quote for the three-year plan?
        d1 10:00 out t1 [[You will have the revised quote by Friday]]. | commitment=.9 due=d5
        d2 09:00 in  t2 The quote matters for our committee.
        d3 09:00 in  t3 Any news on the quote?
        d4 09:00 in  t4 Quote question again.
        d5 16:00 out t1 {apology} | apology=.9
    """)
    assert commitments(s, now="2026-01-12").iloc[0]["status"] == status


def test_a_promise_without_an_evidence_span_is_named_by_its_promise_sentence():
    # flagged by probability only (no span): the alert used to quote the message's first words
    s = story("acme", """
        d1 08:20 out t1 Raj, I'm very sorry. I was on leave. I'll call you at eleven to walk you through it. | commitment=.9 apology=.8
    """)
    s["evidence"] = [[]]
    assert commitments(s).iloc[0]["commitment"] == "I'll call you at eleven to walk you through it."


CALL_THEN_MAIL = """
d1  10:00 in  call Could we get the dashboard numbers rounded to whole pallets? | channel=transcript
d1  10:01 out call [[I'll have it done by Thursday]]. | commitment=.9 due=d3 channel=transcript
d1  10:02 out call Thank you, that's kind. Same time next week. | appreciation=.8 channel=transcript
d2  15:00 out m1 Grace, the dashboard numbers are rounded to whole pallets now.
"""


def test_in_a_call_our_next_turn_is_not_a_delivery_but_a_later_message_naming_the_request_is():
    t = commitments(story("bell", CALL_THEN_MAIL), now="2026-01-09").set_index("commitment")
    promise = t.loc["I'll have it done by Thursday"]
    # delivered by the mail that names what was asked just before the promise, not by "Thank you"
    assert (promise["status"], promise["resolution"]) == ("kept", "delivered")
    assert promise["resolution_evidence"] == "Grace, the dashboard numbers are rounded to whole pallets now."
    without_mail = story("bell", CALL_THEN_MAIL.strip().rsplit("\n", 1)[0])
    assert commitments(without_mail, now="2026-01-09").iloc[0]["status"] == "overdue"


THANKS = """
d1  10:00 in  t1 Could you send the audit log?
d1  11:00 out t1 [[I will send the audit log by Friday]]. | commitment=.9 due=d4
d2  09:00 in  t1 Thanks Owen, appreciate the quick answer. | appreciation=.8
d3  09:00 in  t2 Is there any news on the SSO setup?
d3  10:00 out t2 [[We will switch SSO on tonight]]. | commitment=.9 due=d3@23:00
d4  08:00 in  t2 SSO works now, thank you! | appreciation=.8
"""


def test_thanks_for_the_promise_is_not_confirmation_but_thanks_for_what_arrived_is():
    t = commitments(story("acme", THANKS), now="2026-01-12").set_index("commitment")
    assert t.loc["I will send the audit log by Friday", "status"] == "overdue"
    sso = t.loc["We will switch SSO on tonight"]
    assert (sso["status"], sso["resolution"]) == ("kept", "confirmed")


PENDING_AND_AS_PROMISED = """
d1  10:00 in  t1 The shift data is missing again.
d1  11:00 out t1 [[We will have it deployed by Friday]]. | commitment=.9 due=d4
d3  11:00 out t1 Small update: the fix is in testing and should be with you early next week.
d8  09:00 in  t1 Nothing has been deployed and it is Monday. | unmet_expectation=.9 frustration=.7
d9  10:00 in  t2 Can we get a new plan with dates?
d9  11:00 out t2 [[I will send you the revised timeline by Friday]]. | commitment=.9 due=d12
d12 10:00 out t2 As promised, the revised timeline. I'll send a status note every Tuesday. | commitment=.8
"""


def test_a_progress_update_is_not_a_delivery_and_as_promised_is():
    t = commitments(story("vant", PENDING_AND_AS_PROMISED), now="2026-01-20").set_index("commitment")
    fix = t.loc["We will have it deployed by Friday"]
    assert (fix["status"], fix["resolution"]) == ("broken", "complaint")
    timeline = t.loc["I will send you the revised timeline by Friday"]
    assert (timeline["status"], timeline["resolution"]) == ("kept", "delivered")
    assert timeline["resolution_evidence"] == "As promised, the revised timeline."


CALL_THEN_COMPLAINT = """
d1  10:00 in  call Our paralegals keep asking how the redaction works. | channel=transcript
d1  10:01 out call [[I will send a short guide for your paralegals by Thursday]]. | commitment=.9 due=d3 channel=transcript
d6  09:00 in  m1 The guide you promised for the paralegals never arrived. | unmet_expectation=.9
d7  09:00 in  m2 Unrelated: the invoice total is wrong again. | frustration=.8
"""


def test_a_complaint_in_a_later_thread_breaks_the_promise_it_names_and_no_other():
    t = commitments(story("bw", CALL_THEN_COMPLAINT), now="2026-01-14")
    guide = t.iloc[0]
    assert (guide["status"], guide["resolution"]) == ("broken", "complaint")
    assert guide["resolution_evidence"] == "The guide you promised for the paralegals never arrived."
    unrelated = story("bw", CALL_THEN_COMPLAINT.replace(
        "d6  09:00 in  m1 The guide you promised for the paralegals never arrived. | unmet_expectation=.9\n", ""))
    assert commitments(unrelated, now="2026-01-14").iloc[0]["status"] == "overdue"


def test_in_a_short_relationship_an_update_that_names_the_promise_does_not_hide_the_complaint():
    # the promise, a progress update and the complaint all say "corrected delivery report": in a
    # three-message relationship those words are still what ties the complaint to the promise
    s = story("tolv", """
        d0  10:00 out p1 [[I'll send the corrected delivery report by Thursday]]. | commitment=.95 due=d3
        d3  15:00 out p1 The corrected delivery report is in testing and should be with you early next week.
        d8  09:00 in  c1 The corrected delivery report you promised never arrived. | unmet_expectation=.95
    """)
    assert commitments(s, now="2026-01-14").iloc[0]["status"] == "broken"


# -- conditional promises -------------------------------------------------------------------

@pytest.mark.parametrize(("promise", "condition"), [
    ("If the audit passes, I'll send the certificate by the 14th.", "If the audit passes"),
    ("if staging fails, I'll call Thursday", "if staging fails"),
    ("If staging fails I will call you Thursday.", "If staging fails"),
    ("I'll send the certificate by the 14th if the audit passes.", "if the audit passes"),
    ("Should the audit pass, we will ship the certificate on Monday.", "Should the audit pass"),
    ("Provided the data arrives by noon, you will have the report Friday.",
     "Provided the data arrives by noon"),
    ("I will send the revised invoice tomorrow, as long as finance signs off.",
     "as long as finance signs off"),
    ("I will call you Thursday if needed.", "if needed"),
    ("Subject to stock availability, we will dispatch the replacement parts on Monday.",
     "Subject to stock availability"),
    # politeness and hedges: the promise is owed all the same
    ("I'll send the plan by Friday if that works for you.", None),
    ("I'll send it over tomorrow if you'd like.", None),
    ("I'll send it by Friday if possible.", None),
    # an indirect question is not a condition
    ("I'll check if the export arrived by Friday.", None),
    ("I'll let you know if anything changes by Friday.", None),
    ("I'll see if I can get it to you by Friday.", None),
    ("I'll ask the team if they can join the call and confirm by end of day.", None),
    ("Feel free to reach out if you need anything else; the credentials will be with you by noon.", None),
    # a hedge about the conversation is no condition of the promise
    ("If I understood you correctly, you want the blue version, so I'll send it this afternoon.", None),
    # a concession, a precaution and a default action are not conditions either
    ("I'll send it by Friday, even if it is only a draft.", None),
    ("I'll join the call on Monday in case there are questions.", None),
    ("We'll send it Friday unless you object.", None),
    # one unconditional promise is enough to owe something
    ("I'll send the plan by Friday. If the audit passes, I'll add the certificate.", None),
    ("We will send the report by Friday.", None),
])
def test_a_promise_that_depends_on_a_condition_names_it(promise, condition):
    assert condition_of(promise) == condition


CONDITIONAL = """
d1  10:00 in  t1 Can we get the ISO certificate?
d1  11:00 out t1 [[If the audit passes, I'll send the certificate by Friday]]. | commitment=.9 due=d4
d2  10:00 in  t2 Also need the usage export.
d2  11:00 out t2 [[I will send the usage export by Friday]]. | commitment=.9 due=d4
"""


def test_a_conditional_promise_is_tracked_with_its_condition():
    t = commitments(story("acme", CONDITIONAL), now="2026-01-15").set_index("commitment")
    cert = t.loc["If the audit passes, I'll send the certificate by Friday"]
    assert cert["condition"] == "If the audit passes"
    assert cert["status"] == "overdue", "its date passed with nothing delivered"
    assert pd.isna(t.loc["I will send the usage export by Friday", "condition"])


def test_an_overdue_conditional_promise_weighs_less_and_alerts_only_once_the_client_complains():
    from frictionscan import health
    quiet = health(story("acme", CONDITIONAL + "d15 09:00 in t3 Quick question on seats."),
                   freq="W")
    reasons = [r for rs in quiet["alert_reasons"] for r in rs]
    assert any(r.startswith("commitment 'I will send the usage export by Friday' overdue")
               for r in reasons)
    assert not any("certificate" in r for r in reasons), "the audit may simply not have passed"
    plain = story("acme", CONDITIONAL.replace("If the audit passes, I'll", "I'll"))
    cond = story("acme", CONDITIONAL)
    h_plain = health(plain, freq="W", now="2026-01-20")["promises"].iloc[-1]
    h_cond = health(cond, freq="W", now="2026-01-20")["promises"].iloc[-1]
    assert h_plain < h_cond < 0, "overdue either way, but the conditional one costs less"
    complained = health(story("acme", CONDITIONAL + """
        d12 09:00 in t1 The audit passed last week and we still have no certificate. | unmet_expectation=.9
    """), freq="W")
    reasons = [r for rs in complained["alert_reasons"] for r in rs]
    assert any(r.startswith("commitment 'If the audit passes, I'll send the certificate by Friday'"
                            " (conditional) overdue") and r.endswith("client complained")
               for r in reasons)


# -- what settles a promise, and what does not (QA pass 7) ---------------------------------------

def _status(script: str, now: str | None = None) -> pd.Series:
    return commitments(story("acme", script), now=now).set_index("commitment")["status"]


def test_a_complaint_in_another_thread_months_later_is_not_about_an_old_promise():
    promise = """
        d1  10:00 in  t1 Are we still on for the go-live?
        d1  12:00 out t1 [[I'll be on site at Salford that morning]]. | commitment=.9 due=d3
    """
    fresh = promise + "d10 09:00 in t2 Nobody came to Salford and the rollout stalled. | unmet_expectation=.9"
    months = promise + "d150 09:00 in t9 The Salford page still shows the old PDF forms. | unmet_expectation=.9"
    assert _status(fresh)["I'll be on site at Salford that morning"] == "broken"
    assert _status(months)["I'll be on site at Salford that morning"] == "overdue"


@pytest.mark.parametrize("update", [
    "The audit flagged two items, so there's no certificate yet. Both are fixed and the re-test is "
    "booked for 4 August.",
    "Daily update: the upload fix passed testing on our side today; your IT team has the test build.",
    "The certificate is delayed until next week.",
])
def test_a_step_on_the_way_is_not_the_delivery(update):
    s = f"""
        d1  10:00 in  t1 We need the certificate.
        d1  11:00 out t1 [[I'll send you the certificate by Friday]]. | commitment=.9 due=d4
        d3  11:00 out t1 {update}
    """
    assert _status(s, now="2026-01-09 12:00")["I'll send you the certificate by Friday"] == "open"


def test_a_delivery_that_says_as_promised_counts_whatever_else_it_mentions():
    s = """
        d1  10:00 out t1 Your syncs move on Tuesday night. [[I'll confirm afterwards]]. | commitment=.9 due=d3
        d2  08:00 out t1 Confirming as promised: your syncs moved to the new runtime last night.
    """
    assert _status(s)["I'll confirm afterwards"] == "kept"


def test_an_on_time_delivery_in_a_new_thread_counts_even_for_a_word_the_account_uses_often():
    monthly = "\n".join(f"d{k} 09:00 out m{k} Monthly report for you, see the dashboard." for k in range(1, 9))
    s = monthly + """
        d10 12:40 in  t1 The July report came late. We asked for reports by the 5th. | unmet_expectation=.8
        d10 14:30 out t1 Apologies. [[From September the report will be with you by the 5th]]. | commitment=.9 due=d19
        d18 15:50 out t2 Hi Hannah, the August report is attached, on time this month.
    """
    assert _status(s)["From September the report will be with you by the 5th"] == "kept"
    late = s.replace("d18 15:50 out t2", "d30 15:50 out t2")
    assert _status(late)["From September the report will be with you by the 5th"] == "overdue", (
        "after the due date a frequent word is not enough to tie a message to the promise")


def test_evidence_read_back_with_pandas_read_parquet_still_names_the_promise():
    import numpy as np

    s = story("acme", """
        d1 10:00 in  t1 Could you send the audit log?
        d1 12:00 out t1 Sure. [[You will have the audit log by Wednesday]]. | commitment=.9 due=d3
    """)
    as_arrays = s.assign(evidence=[np.array(e, dtype=object) if isinstance(e, list) else e
                                   for e in s["evidence"]])
    assert commitments(as_arrays)["commitment"].tolist() == ["You will have the audit log by Wednesday"]


def test_a_complaint_elsewhere_must_be_about_the_promise_not_mention_its_word_in_passing():
    promise = """
        d1  10:00 in  t1 When do we get the revised onboarding schedule?
        d1  12:00 out t1 [[I'll send the revised onboarding schedule by Friday]]. | commitment=.9 due=d4
    """
    passing = promise + ("d8 09:00 in t2 Our onboarding calls went fine, but [[the SSO rollout is still "
                         "broken and nobody has fixed it]]. | unmet_expectation=.9 frustration=.8")
    about = promise + ("d8 09:00 in t2 Our SSO is fine now, but [[we still have no onboarding schedule "
                       "from you]]. | unmet_expectation=.9")
    what = "I'll send the revised onboarding schedule by Friday"
    assert _status(passing)[what] == "overdue"
    assert _status(about)[what] == "broken"


def test_a_promise_made_on_a_call_names_the_speaker_as_a_person_not_as_last_first():
    s = story("acme", """
        d1 10:00 in  c1 Could you send the rota export? | channel=transcript
        d1 10:01 out c1 [[I'll send the rota export by Friday]]. | commitment=.9 due=d5 channel=transcript
    """)
    s.loc[1, ["sender", "sender_name"]] = ["Varga, Ines", "Ines Varga"]
    assert commitments(s).iloc[0]["promised_by"] == "Ines Varga"
    mail = story("acme", """
        d1 10:01 out t1 [[I'll send the rota export by Friday]]. | commitment=.9 due=d5
    """)
    assert commitments(mail).iloc[0]["promised_by"] == "am@northwind.io"  # email keeps the address
