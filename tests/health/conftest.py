"""Four hand-written relationship stories over twelve weeks (Mon 5 Jan - Sun 29 Mar 2026).

* ``acme``     steady and healthy: questions answered the same day, promises kept, thanks.
* ``globex``   a friction episode in week 5 (d29), owned with an apology and a dated plan that is
               delivered early; the client thanks us and things go back to normal.
* ``initech``  silent decline: from week 6 our replies take days, the client chases, then writes
               less and less and finally goes quiet.
* ``umbrella`` a string of broken promises: an export promised for Jan 30, then Feb 6, then Feb 20,
               never delivered; the client complains each time.
"""

from __future__ import annotations

import pandas as pd
import pytest
from health_stories import stories, story

ACME = """
d1  10:00 in  t1  Could you send the December usage report?
d1  14:00 out t1  Here it is, attached. Let us know if anything looks off.
d2  09:00 in  t1  Perfect, thank you! | appreciation=.85
d8  10:30 in  t2  Can we add two more seats for the finance team?
d8  15:00 out t2  Done, both seats are active now.
d9  09:10 in  t2  Great, thanks for the quick turnaround. | appreciation=.9
d15 11:00 in  t3  Is the SSO setup documented somewhere?
d15 12:30 out t3  Yes: [[we will send you the SSO guide by Friday]]. | commitment=.8 due=d18
d17 16:00 out t3  Here is the SSO guide as promised.
d18 09:00 in  t3  Thanks, that is exactly what we needed. | appreciation=.9
d22 10:00 in  t4  Quick question about invoice 2231, the VAT line looks different.
d22 13:00 out t4  Good catch, the rate changed in January; the breakdown is attached.
d23 08:45 in  t4  Understood, thanks. | appreciation=.7
d29 10:00 in  t5  Could we move our quarterly review to March 3?
d29 11:15 out t5  Sure, moved. Calendar invite updated.
d36 09:30 in  t6  The new dashboard is really nice, the team loves it. | appreciation=.92
d36 10:00 out t6  That is great to hear, thank you for telling us! | appreciation=.8
d43 14:00 in  t7  Can you export last quarter's tickets as CSV?
d43 16:30 out t7  Attached, all 412 tickets.
d44 09:00 in  t7  Thanks! | appreciation=.8
d50 10:00 in  t8  Two of our users cannot log in since this morning.
d50 10:40 out t8  Looking now: it was an expired invite, both are fixed.
d50 11:00 in  t8  Confirmed, they are in. Thank you. | appreciation=.85
d57 10:00 in  t9  Any chance of a training session for new hires?
d57 12:00 out t9  Of course. [[I will send three slots by Thursday]]. | commitment=.85 due=d59
d58 15:00 out t9  Here are three slots: Mar 10, 11 or 12 at 10:00.
d58 16:00 in  t9  March 11 works, thanks. | appreciation=.7
d64 10:00 in  t10 Can you confirm our renewal date?
d64 11:00 out t10 It is June 1; the quote will follow in May.
d71 09:00 in  t11 Could you add our new office address to the invoices?
d71 10:30 out t11 Updated, future invoices will show it.
d72 08:30 in  t11 Thank you. | appreciation=.75
d78 10:00 in  t12 Monthly report please, when you have a minute.
d78 13:00 out t12 Attached, have a good weekend.
d79 09:00 in  t12 Thanks as always. | appreciation=.85
"""

GLOBEX = """
d1  10:00 in  t1  Could you share the onboarding checklist again?
d1  13:00 out t1  Sure, here it is.
d2  09:00 in  t1  Thanks! | appreciation=.8
d8  11:00 in  t2  Please add Maria to the admin group.
d8  14:00 out t2  Done, Maria is an admin now.
d15 10:00 in  t3  What is the API rate limit on our plan?
d15 12:00 out t3  1,000 requests a minute; the docs link is below.
d16 09:00 in  t3  Great, thanks. | appreciation=.8
d22 10:00 in  t4  Can we get the January invoice in PDF?
d22 11:00 out t4  Attached.
d29 08:30 in  t5  The nightly export failed AGAIN and our board pack is late. This is unacceptable, your team said it was fixed. | frustration=.93 blame=.75 unmet_expectation=.8
d29 16:00 in  t5  Still nobody has answered. We need this today. | frustration=.88 unmet_expectation=.7
d29 17:00 out t5  I am sorry, this one is on us: a config change on our side broke it. [[We will have a fix deployed by Thursday]] and I will confirm personally. | apology=.93 commitment=.9 due=d31
d30 09:00 out t5  Update: the fix is deployed and last night's export ran. The file is in your bucket.
d31 10:00 in  t5  Confirmed, the export is there. Thank you for owning it. | appreciation=.88
d36 10:00 in  t6  Can we schedule a short review of what went wrong?
d36 11:00 out t6  Of course, how about Thursday at 15:00? Write-up attached.
d37 09:00 in  t6  Thursday works, thanks for the write-up. | appreciation=.8
d43 10:00 in  t7  Please add two seats for the new analysts.
d43 12:00 out t7  Added.
d50 10:00 in  t8  Could you resend the February invoice?
d50 11:30 out t8  Here you go.
d51 09:00 in  t8  Thanks. | appreciation=.7
d57 10:00 in  t9  Exports have been smooth for a month now, good job. | appreciation=.9
d57 11:00 out t9  Thank you, good to hear! | appreciation=.8
d64 10:00 in  t10 Could you add Tom to the weekly report list?
d64 12:00 out t10 Done.
d71 10:00 in  t11 Can you confirm the March invoice amount?
d71 11:00 out t11 4,200 EUR, same as February.
d72 09:00 in  t11 Thanks. | appreciation=.75
d78 10:00 in  t12 Monthly report please.
d78 12:00 out t12 Attached.
d79 09:00 in  t12 Thank you! | appreciation=.85
"""

INITECH = """
d1  10:00 in  t1  Can you send the usage report for December?
d1  12:00 out t1  Attached.
d3  10:00 in  t2  We would like to add the reporting module.
d3  15:00 out t2  Great, the quote is attached.
d8  10:00 in  t3  Signed quote attached.
d8  11:00 out t3  Thank you, the module is active. | appreciation=.7
d10 10:00 in  t4  How do we schedule reports?
d10 14:00 out t4  Settings > Reports > Schedule; a short guide is attached.
d15 10:00 in  t5  Two reports show no data, can you check?
d15 16:00 out t5  Fixed, a filter was wrong.
d17 10:00 in  t6  Can we get a CSV of all accounts?
d17 13:00 out t6  Attached.
d22 10:00 in  t7  Could you add a field to the export?
d22 15:00 out t7  Added.
d24 10:00 in  t8  The report timezone looks wrong.
d25 09:00 out t8  Thanks, corrected to CET.
d29 10:00 in  t9  Can we change the billing contact?
d29 12:00 out t9  Changed.
d31 10:00 in  t10 Could you explain the new pricing tiers?
d31 14:00 out t10 Sure, overview attached.
d36 10:00 in  t11 The scheduled report did not arrive this week. | unmet_expectation=.55
d40 10:00 in  t11 Any update on this? | unmet_expectation=.55
d41 16:00 out t11 Sorry for the delay, it is resent now. | apology=.6
d45 10:00 in  t12 Could you check why user Anna cannot export?
d50 09:00 out t12 She needed the analyst role, added now.
d52 10:00 in  t13 Reports are missing again. | unmet_expectation=.6
d57 10:00 in  t13 Following up on the missing reports. | unmet_expectation=.6
d60 15:00 out t13 Looking into it.
d69 10:00 in  t14 Please cancel the scheduled reports for now.
d74 11:00 out t14 Done, they are cancelled.
"""

UMBRELLA = """
d1  10:00 in  t1  Can you send the December invoice?
d1  12:00 out t1  Attached.
d2  09:00 in  t1  Thanks. | appreciation=.75
d8  10:00 in  t2  Please reset the password for j.doe.
d8  11:00 out t2  Done.
d15 10:00 in  t3  How is the migration going?
d15 12:00 out t3  On track, nothing needed from you yet.
d22 10:00 in  t4  We need a full export of our historical data for the audit.
d22 14:00 out t4  Understood, [[we will send the full export by Jan 30]]. | commitment=.9 due=d25
d32 10:00 in  t4  The export was promised for January 30 and we still do not have it. | unmet_expectation=.88 frustration=.6
d32 15:00 out t4  Apologies, [[the export will be ready by Feb 6]]. | apology=.8 commitment=.88 due=d32
d40 09:00 in  t4  Still nothing. This is the second deadline you have missed and our auditors are waiting. | frustration=.9 blame=.72 unmet_expectation=.9
d41 10:00 out t4  I am sorry, [[you will have it by Feb 20 at the latest]]. | apology=.85 commitment=.9 due=d46
d50 10:00 in  t5  Also, the invoice for February has the wrong company name.
d53 11:00 out t5  Corrected invoice attached.
d54 09:00 in  t4  February 20 came and went. We are escalating this to our management. | frustration=.94 blame=.8 unmet_expectation=.92
d56 16:00 out t4  We are very sorry. [[Our engineers will deliver it by March 9]]. | apology=.9 commitment=.9 due=d63
d66 10:00 in  t4  Another missed date. We are reviewing our contract. | frustration=.92 blame=.7 unmet_expectation=.9
d75 09:00 in  t4  No export, no answer. | frustration=.9 unmet_expectation=.85
"""


@pytest.fixture(scope="session")
def acme() -> pd.DataFrame:
    return story("acme", ACME)


@pytest.fixture(scope="session")
def globex() -> pd.DataFrame:
    return story("globex", GLOBEX)


@pytest.fixture(scope="session")
def initech() -> pd.DataFrame:
    return story("initech", INITECH)


@pytest.fixture(scope="session")
def umbrella() -> pd.DataFrame:
    return story("umbrella", UMBRELLA)


@pytest.fixture(scope="session")
def four(acme, globex, initech, umbrella) -> pd.DataFrame:
    return stories(acme, globex, initech, umbrella)


@pytest.fixture(scope="session")
def weekly(four) -> pd.DataFrame:
    import frictionscan as fs

    return fs.health(four, "W", now="2026-03-29 23:00")
