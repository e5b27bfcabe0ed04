"""A client saying it is leaving, or weighing it: found by rule, costs engagement, raises an alert."""

from __future__ import annotations

import pytest
from health_stories import story

from frictionscan import health
from frictionscan.aggregate._churn import churn_cue


@pytest.mark.parametrize(("text", "kind"), [
    ("Please take this email as formal notice to end the retainer on 31 December.", "notice"),
    ("We will not be renewing our subscription when it expires in March.", "notice"),
    ("After a lot of thought we have decided not to renew.", "notice"),
    ("We've decided to move our digital work to Kestrel Digital from January.", "notice"),
    ("Please cancel our account at the end of the month.", "notice"),
    ("We are terminating the support agreement effective 1 May.", "notice"),
    ("We'll be switching to another provider next quarter.", "notice"),
    ("This will be our last order with you.", "notice"),
    ("We won't be extending the contract beyond June.", "notice"),
    ("We're taking this work in-house from July.", "notice"),
    ("The contract will not be renewed.", "notice"),
    ("We wont be continuing with the support plan after this term.", "notice"),
    ("We have signed with a new provider and will be transitioning away from you.", "notice"),
    ("If things don't improve, we may have to look elsewhere.", "risk"),  # the if-clause negates nothing
    ("We are evaluating alternatives for the helpdesk platform this quarter.", "risk"),
    ("We have started an RFP process for our marketing services.", "risk"),
    ("At this point we are reconsidering whether the partnership still makes sense.", "risk"),
    # QA pass 9's wordings (the rule was widened on them)
    ("Consider this letter our official notice that we are terminating the support agreement.", "notice"),
    ("We are moving our payroll processing to Brightwell Systems from next month.", "notice"),
    ("Our contract with you will not be renewed; we've chosen Northgate Labs for next year.", "notice"),
    ("We are seriously considering switching providers.", "risk"),
    ("I've been asked to get quotes from two other agencies for comparison.", "risk"),
    ("There is a real chance we won't renew unless things improve quickly.", "risk"),
    ("The board is reviewing all agency spend this quarter.", "risk"),
    ("We're putting the contract out to tender in the spring.", "risk"),
    ("Honestly we've been talking to other vendors.", "risk"),
    ("If this happens again we may have to look elsewhere.", "risk"),
    ("We may have to end our contract with you.", "risk"),  # a threat, not yet notice
    ("Honestly, we've had a pitch from Kestrel Digital, who offer live dashboards.", "risk"),
    ("Kestrel offered the same for less than we pay you.", "risk"),
    # QA pass 9's last notice miss, and its second half on its own
    ("The decision has been made to bring the translation work back in-house, so we will not need your "
     "services after this project.", "notice"),
    ("We will not need your services after this project.", "notice"),
    ("We're bringing support in house from April.", "notice"),
    # negated, or about something else than the relationship
    ("We have no plans to cancel our contract.", None),
    ("We're not looking at other vendors, don't worry.", None),
    ("Can we cancel the meeting on Friday?", None),
    ("Please cancel my order #4411, I ordered the wrong size.", None),
    ("We will renew the contract in March as usual.", None),
    ("We are not renewing the SSL certificate ourselves, you do that.", None),
    ("We will have to cancel the order for the 40 display units.", None),
    ("We moved the files to the shared drive.", None),
    ("I'm reviewing the contract draft now.", None),
    ("We had a proposal from the architect for the new wing.", None),
    ("Can you extend the contract deadline by a week?", None),
    ("We're looking for a new supplier of kennel bedding and wondered if you could quote.", None),
    ("We won't be extending the meeting.", None),
    ("We are moving to a new platform for our internal wiki next month.", None),
    ("We are terminating the old FTP account, please use SFTP from now on.", None),
    ("Our IT team is talking to other vendors about new laptops, nothing to do with you.", None),
    ("We won't need your services on Saturday, the event is cancelled.", None),  # one date, not the end
    ("We won't need the courier service tomorrow.", None),
    # review of the eighth session: scheduling, not the end of the relationship
    ("We won't need your services from 2 to 4 pm tomorrow, the hall is booked.", None),
    ("We won't need your cleaning service when the office is closed over Easter.", None),
    ("We will not need your services after 5pm on Friday.", None),
    ("We will not need your services from next month.", "notice"),
    # verification of that fix: real notices from a date on stay notice; stretches of time do not
    ("We will no longer require your services from the 1st.", "notice"),
    ("We will no longer require your services from 1 March.", "notice"),
    ("We will no longer require your services from Q3 onwards.", "notice"),
    ("We will no longer require your services from the start of next year.", "notice"),
    ("We won't need your services at the end of the contract.", "notice"),
    ("We won't need your services from May 3 to May 5, the site is closed.", None),
    ("We won't need your services after the 20th, the office is closed until January.", None),
    ("We won't need your services at the end of the day, the engineer already fixed it.", None),
    ("Our in-house team will take the work from here and send it to you for review.", None),
    # QA pass 24: questions, someone else acting, another vendor's contract, hedges, a conditional threat
    ("Did you cancel our account by mistake?", None),
    ("You cancelled our account and we lost a day of orders!", None),
    ("Should we cancel our subscription if this continues?", "risk"),
    ("Are you aware we will not be renewing?", "notice"),
    ("We will not be renewing the Kestrel contract, we prefer you.", None),
    ("We are thinking of switching to another supplier.", "risk"),
    ("Some of the team have suggested moving our work to Kestrel.", "risk"),
    ("If this is not fixed we will have to review the contract with our procurement team.", "risk"),
    ("We want you to cancel our subscription at the end of the month.", "notice"),
    ("I don't think we will cancel our contract.", None),
    # QA pass 25, re-check: a softener before the cue or in another sentence keeps the notice ...
    ("This decision has nothing to do with you personally; we will not be renewing the contract.", "notice"),
    ("We had hoped to stay with you, but we have decided not to renew our contract.", "notice"),
    ("We prefer you to Kestrel on quality, but we will not be renewing because of price.", "notice"),
    ("Please take this as formal notice to end the retainer. It's not about your team.", "notice"),
    # ... a request to us or a follow-up on an earlier notice is notice ...
    ("Please can you cancel our account from 1 January.", "notice"),
    ("Could you cancel our contract at the end of the month?", "notice"),
    ("Would you please cancel our subscription effective immediately.", "notice"),
    ("Can you confirm you've cancelled our subscription as requested?", "notice"),
    ("Have you cancelled our subscription yet? We asked two weeks ago.", "notice"),
    # ... a condition anywhere before the cue, a comma or not, makes it a threat
    ("If this isn't fixed, we will cancel our contract.", "risk"),
    ("Unless things improve, we will not be renewing.", "risk"),
    ("Fix this or we'll cancel our contract.", "risk"),
    ("One more outage and we will cancel our subscription.", "risk"),
    ("Should this happen again, we will terminate the agreement.", "risk"),
    ("If things don't improve we will move our work elsewhere.", "risk"),
    ("We may not renew.", "risk"),
    ("We're considering not renewing.", "risk"),
    ("We are thinking of switching.", "risk"),
    ("We may not renew the domain name.", None),
    ("Our client Brightline gave notice to end their retainer with us.", None),
    # QA pass 26: "not your fault" after a notice keeps it; a smaller thing or someone else's
    # contract is no notice; threats without an object or with a condition after the cue
    ("We will not be renewing our contract, this is nothing to do with you personally, it's a budget decision.",
     "notice"),
    ("Please close our support ticket.", None),
    ("If you need to cancel our contract meeting, just say.", None),
    ("Could you cancel our contract with Kestrel on our behalf?", None),
    ("Could you cancel our subscription to the newsletter?", None),
    ("Please cancel our account for john@client.example, he has left.", None),
    ("Have you cancelled the duplicate subscription yet?", None),
    ("We will cancel our contract with Kestrel and consolidate with you.", None),
    ("We are moving our digital work to you from Kestrel.", None),
    ("We're thinking of switching the meeting to Thursday.", None),
    ("Our CFO suggested switching to quarterly invoicing.", None),
    ("We haven't decided whether to renew the SSL certificate.", None),
    ("If this isn't fixed, we will cancel.", "risk"),
    ("Fix this or we'll cancel.", "risk"),
    ("Any more delays and we'll cancel our contract.", "risk"),
    ("Do that again and we'll end the retainer.", "risk"),
    ("We'll cancel our contract unless it's fixed by Friday.", "risk"),
    ("We'll be cancelling at the end of the month.", "notice"),
    ("pls cancel our sub", "notice"),
    ("We shan't be renewing.", "notice"),
    ("Please treat this as our 30 days' notice.", "notice"),
    ("We've decided to go with another supplier.", "notice"),
    # QA pass 27: "moving to <Name>" is a tool, a place or a date as often as a competitor
    ("We're moving to Kestrel.", None),
    ("We're switching to HubSpot for our CRM next quarter.", None),
    ("We're moving to London next month, please update our billing address.", None),
    ("We are cancelling our contract as it no longer works for us.", "notice"),
    ("We will not renew unless you can match the competitor's price.", "risk"),
    ("As discussed on the call we will be terminating our contract at the end of March.", "notice"),
    ("After weighing everything up we have decided not to renew our contract.", "notice"),
    ("Another thing: we will not be renewing our contract.", "notice"),
    ("We're giving notice that the office will be closed on the 24th.", None),
    ("Please treat this as our notice that our address has changed.", None),
    ("I'll cancel now and rebook for next week.", None),
    ("We'd like to cancel please, the meeting isn't needed any more.", None),
    ("Please close our sub account for the Paris office.", None),
    ("We have chosen to go with a cheaper provider for hosting, but we'd like you to keep the design work.", "risk"),
    ("We're moving to another provider for payroll, which has nothing to do with you.", None),
    ("Legal will review the contract on Monday.", None),
    ("Our lawyers need to review the contract before we sign the renewal.", None),
    ("We suggest moving our account review to January.", None),
    ("We're thinking of switching to a new platform internally.", None),
    # QA pass 28, a second regression hunt against the session's starting code
    ("We are terminating our agreement with Fernwick Digital effective 31 March.", "notice"),
    ("We're cancelling our marketing retainer from January.", "notice"),
    ("Please cancel our old contract and all services.", "notice"),
    ("If possible, please cancel our subscription from the end of the month.", "notice"),
    ("We are terminating our contract, please let us know if any fees are due.", "notice"),
    ("Should you need anything for the handover, note we are terminating our contract on 31 March.", "notice"),
    ("Were it up to me we'd stay, but we will not be renewing.", "notice"),
    ("I suggest we end the contract on 31 March as discussed.", "notice"),
    ("Please cancel our contract, they have left us no choice.", "notice"),
    ("Please close our account for finance@acme.co.uk, the whole company is leaving.", "notice"),
    ("I ordered the wrong size. I want to cancel.", None),
    ("Hi, I booked a room for next Tuesday. I'd like to cancel please.", None),
    ("Legal will have to review the contract before we sign.", None),
    ("Has your team cancelled our subscription? We got an email saying so.", None),
    # QA pass 29, a third regression hunt
    ("We will not be renewing the contract; I would be grateful if you could confirm receipt of this notice.", "notice"),
    ("We are cancelling our subscription as of 1 January, even if you offer a discount.", "notice"),
    ("If I'm honest, we won't be renewing.", "notice"),
    ("In case you missed it, we will not be renewing.", "notice"),
    ("Please close our account number 4471 as of 1 January.", "notice"),
    ("We're switching to another provider for our whole account.", "notice"),
    ("We're switching to another provider for SMS, the email part stays with you.", "risk"),
    ("We will not be renewing, sadly, even though we'd prefer your team.", "notice"),
    ("We will have to reconsider the relationship after this incident.", "risk"),
    ("How do we cancel our subscription?", "notice"),
    ("We are giving our formal notice to leave the building.", None),
])
def test_what_counts_as_a_client_saying_it_is_leaving(text, kind):
    found = churn_cue(text)
    assert (found[0] if found else None) == kind
    if found:
        # the evidence is the sentence (the first one, in the two-sentence cases)
        assert found[1] == text or (text.startswith(found[1]) and found[1][-1] in ".?!")


CALM = "\n".join(f"d{7 * k} 10:00 in t{k} Here are this month's figures. \n"
                 f"d{7 * k} 12:00 out t{k} Thanks, received." for k in range(1, 9))


def test_a_client_giving_notice_drops_health_below_the_alert_line_and_says_why():
    h = health(story("acme", CALM + """
        d60 09:00 in  t20 Please take this email as our formal notice to end the retainer with you.
        d60 15:00 out t20 Understood, we will prepare the handover.
    """), freq="W")
    before, after = h.iloc[-3], h.iloc[-1]
    assert before["health"] >= 95 and not before["alert"]
    assert after["health"] < 60 and after["engagement"] <= -45
    assert any(r.startswith("client gave notice on 2026-03-06: 'Please take this email as our formal notice")
               for r in after["alert_reasons"])


def test_a_client_weighing_alternatives_costs_half_and_alerts():
    h = health(story("acme", CALM + """
        d60 09:00 in  t20 The board is reviewing all agency spend this quarter.
        d60 15:00 out t20 Thanks for telling us, happy to walk the board through the numbers.
    """), freq="W")
    last = h.iloc[-1]
    assert -30 < last["engagement"] <= -20
    assert any(r.startswith("client is weighing alternatives on") for r in last["alert_reasons"])


def test_our_own_words_about_leaving_are_not_the_client_leaving():
    h = health(story("acme", CALM + """
        d60 09:00 out t20 If you ever decide to move your work to another agency, we will help.
        d60 15:00 in  t20 Ha, we are not going anywhere.
    """), freq="W")
    assert h["engagement"].iloc[-1] == 0 and not h["alert"].iloc[-1]
