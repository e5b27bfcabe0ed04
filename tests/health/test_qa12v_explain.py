"""QA pass 12v #15: fs.explain says when the window it explains holds messages the English model
could not read, as health, commitments and the report do."""

from __future__ import annotations

import numpy as np
from health_stories import story

from frictionscan import SIGNALS
from frictionscan.aggregate import explain

# 2026-01-05 is a Monday
MIXED = """
d1  09:00 in  t1 The export is broken again. | frustration=.8
d1  11:00 out t1 Sorry, we are on it. | apology=.9
d3  09:00 in  t2 Die Lieferung ist schon wieder zu spät, wir sind sehr verärgert.
d4  09:00 in  t3 Der Bericht fehlt immer noch.
d10 09:00 in  t4 La facture est encore fausse.
"""


def _mixed():
    s = story("wehrmann", MIXED)
    s["language"] = ["en", "en", "de", "de", "fr"]
    unread = s["language"] != "en"
    s.loc[unread, list(SIGNALS)] = np.nan  # as fs.score leaves what it could not read
    return s


def test_explain_counts_the_messages_in_its_window_the_model_could_not_read():
    ex = explain(_mixed(), "wehrmann", "2026-01-05", "2026-01-12")
    assert ex.not_english == {"de": 2}
    last = str(ex).splitlines()[-1]
    assert "2 messages" in last and "not in English (de 2)" in last


def test_explain_says_nothing_about_languages_when_the_window_holds_only_english():
    ex = explain(_mixed(), "wehrmann", "2026-01-05", "2026-01-07")
    assert ex.not_english == {}
    assert "not in English" not in str(ex)
