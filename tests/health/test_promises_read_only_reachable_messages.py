"""Promises are settled by the same messages whether or not each promise reads the whole account.

An account of 30,000 messages made 12,000 promises, and each read every later message of the
account looking for its delivery or a complaint: about an hour and a half per run of ``health`` or
``commitments`` on a 200,000-message mailbox. Each promise now reads only the messages that could
settle it: its own thread, messages elsewhere that share a word with it while it is fresh, and
later ones that share a word still distinctive in the account. These tests hold that index to the
slow reference on wild accounts, and spell out the cases the index must not lose.
"""

from __future__ import annotations

import pandas as pd
import pytest
from health_stories import story
from hypothesis import given, settings
from hypothesis import strategies as st

from frictionscan.aggregate import _promises, commitments, health

NOW = "2026-09-30"

# what each side may say, in any thread, on any day: promises of a few things, reports of them done,
# complaints that they have not come, thanks, apologies with and without the goods, re-promises
OURS = [
    "[[I will send the corrected route export by Friday]]. | commitment=.9 due={due}",
    "[[You will have the revised project timeline by Monday]]. | commitment=.9 due={due}",
    "[[I'll issue the credit note tomorrow]]. | commitment=.85 due={due}",
    "[[We will deliver a patched build of the reporting module]]. | commitment=.8",
    "The corrected route export is attached.",
    "Attached: the revised project timeline.",
    "The credit note is issued.",
    "The patched reporting build is deployed.",
    "The export is attached.",
    "[[Sorry for the delay]], the revised timeline is attached. | apology=.9",
    "[[Sorry, our mistake]]. | apology=.9",
    "Invite sent for Thursday. [[The corrected export will follow by Monday]]. | commitment=.8 due={due}",
    "Here it is.",
    "Could you confirm the delivery address?",
]
THEIRS = [
    "Could you send the corrected route export?",
    "[[Still no corrected export]]. | unmet_expectation=.9",
    "[[We are still waiting on the revised timeline]]. | unmet_expectation=.9 frustration=.7",
    "[[Thanks, the credit note arrived and is fine]]. | appreciation=.9",
    "[[Thank you, the patched reporting build installed fine]]. | appreciation=.9",
    "[[Thanks!]] | appreciation=.7",
    "[[Spoke too soon, the export is broken again]]. | frustration=.8",
    "[[This is the third time the route export is late]]. | frustration=.9 blame=.6",
]


@st.composite
def accounts(draw):
    """A script for one account: up to 40 messages over about five months, in up to five threads
    (so that deliveries come inside and well past a promise's fresh window)."""
    day, lines = 0, []
    for _ in range(draw(st.integers(1, 40))):
        day += draw(st.sampled_from([0, 0, 1, 2, 5, 12, 30]))
        side = draw(st.sampled_from(["in", "out"]))
        text = draw(st.sampled_from(OURS if side == "out" else THEIRS))
        due = f"d{day + draw(st.integers(0, 9))}"
        thread = draw(st.sampled_from(["t1", "t2", "t3", "t4", "t5"]))
        channel = " channel=transcript" if thread == "t5" else ""
        text = text.format(due=due)
        if channel:
            text = text + channel if "|" in text else text + " |" + channel
        lines.append(f"d{day} {9 + len(lines) % 8:02d}:00 {side} {thread} {text}")
    return "\n".join(lines)


def _both(df: pd.DataFrame):
    indexed = (commitments(df, now=NOW), health(df, "W", now=NOW))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_promises, "_READ_EVERY_LATER_ROW", True)
        every = (commitments(df, now=NOW), health(df, "W", now=NOW))
    return indexed, every


@settings(max_examples=60, deadline=None)
@given(script=accounts())
def test_each_promise_is_settled_as_if_it_had_read_every_later_message(script):
    df = story("wild", script)
    (c, h), (c_all, h_all) = _both(df)
    pd.testing.assert_frame_equal(c, c_all)
    pd.testing.assert_frame_equal(h, h_all)


# the cases the index must keep, written out
@pytest.mark.parametrize("script, resolved_by", [
    # a reply in the thread that names nothing ("Here it is.") settles it, whenever it comes
    ("d0 09:00 out t1 [[I will send the corrected route export by Friday]]. | commitment=.9 due=d4\n"
     "d90 09:00 out t1 Here it is. | id=late-reply", "late-reply"),
    # elsewhere, within the promise's fresh window, a report of it done names it by words the
    # account uses all the time
    ("".join(f"d0 0{k}:00 in t{k + 2} The corrected export matters for the audit.\n" for k in range(6))
     + "d1 09:00 out t1 [[I will send the corrected export by Friday]]. | commitment=.9 due=d4\n"
     "d6 09:00 out t9 The corrected export is attached. | id=elsewhere", "elsewhere"),
    # elsewhere, months later, a distinctive word still names it
    ("d0 09:00 out t1 [[I will send the pallet audit by Friday]]. | commitment=.9 due=d4\n"
     "d150 09:00 out t2 The pallet audit is attached. | id=months-later", "months-later"),
], ids=["thread reply months later", "frequent words in the fresh window", "distinctive word months later"])
def test_what_settled_a_promise_before_the_index_still_does(script, resolved_by):
    (c, _), (c_all, _) = _both(story("kept", script))
    pd.testing.assert_frame_equal(c, c_all)
    assert c["resolved_by"].tolist() == [resolved_by]
