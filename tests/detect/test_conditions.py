"""A promise that waits on something ("once the PO arrives") names what it waits on.

The main specification of conditions is in tests/health/test_commitments.py; this file holds the
"once" clause, which QA pass 9 found missing ("Once we receive the signed purchase order, we will
schedule the installation." depends on the client just as "provided" does).
"""

from __future__ import annotations

import pytest

from frictionscan.detect.conditions import condition_of, without_condition


@pytest.mark.parametrize(("promise", "condition"), [
    ("Once we receive the signed purchase order, we will schedule the installation.",
     "Once we receive the signed purchase order"),
    # a trailing "once" says when more than whether; only an opening clause is a condition
    ("We will ship the replacement unit on Monday once the returned one has been inspected.", None),
    ("I'll send the final invoice once you approve the timesheets.", None),
    # "once" that is not a clause the promise waits on
    ("Once again, I'll send the corrected file by Friday.", None),
    ("We will send the usage report once a week from now on.", None),
    ("I will call the carrier at once and confirm by noon.", None),
    ("I'll let you know once it is running.", None),  # an update, not a condition of a deliverable
    ("We will fix this once and for all by Friday.", None),
    ("For once, I will send the report early, on Thursday.", None),
    ("I will only call once, on Monday, to confirm.", None),
])
def test_a_once_clause_is_the_condition_of_the_promise(promise, condition):
    assert condition_of(promise) == condition


@pytest.mark.parametrize(("sentence", "due"), [
    # review of the eighth session: the trailing clause ran to the sentence's end and took the date
    ("I will send the corrected export once QA has signed it off, by Friday at the latest.", "Friday"),
    ("We will deploy the fix once testing is done, on Thursday.", "Thursday"),
    ("I'll send the certificate if the audit passes, by the 14th.", "14th"),
    # verification of those fixes: any comma, dash or bracket ends a trailing condition
    ("I'll send the certificate if the audit passes, hopefully by Friday.", "Friday"),
    ("I'll send the certificate if the audit passes, tomorrow at the latest.", "tomorrow"),
    ("I'll send the certificate if the audit passes - by Friday.", "Friday"),
    ("I'll send the certificate if the audit passes (by Friday).", "Friday"),
    ("I'll send the certificate once the audit passes, end of day Friday.", "Friday"),
])
def test_a_date_after_a_trailing_condition_stays_the_promises_due_date(sentence, due):
    assert due in without_condition(sentence)
    assert due not in (condition_of(sentence) or "")


def test_a_date_inside_a_once_clause_is_not_the_due_date():
    sentence = "Once the logos arrive on Monday, we will deliver the banners on Friday."
    assert "Monday" not in without_condition(sentence)
    assert "Friday" in without_condition(sentence)
