"""``commitments``: every promise found in a scored table, and whether it was kept.

Rules (shared with the ``promises`` component of :func:`frictionscan.health`; thresholds in
:class:`frictionscan.HealthConfig`):

* a message is a commitment when its ``commitment`` probability reaches
  ``commitment_threshold`` (0.5) and, where flags are known, ``commitment_flag`` is true (a looser
  preset flags more, but a false promise makes a false overdue alert);
* it is due at ``commitment_due`` when the scorer found a date, else ``implied_due_days`` later
  (``due_stated`` says which);
* ``condition`` holds what a conditional promise depends on ("If the audit passes, I'll send the
  certificate by the 14th." -> "If the audit passes"); its status is judged like any other, but
  health weighs it less while overdue and raises no overdue alert until the client complains;
* **kept**: a later message from the promising side in the same thread that is not a new (even
  weak) commitment, an apology or an unmet expectation (delivered), or one in another thread that
  names what was promised; or appreciation without friction from the other side that says it
  came, in the same thread or, while the promise is fresh, in one that names all of it and no
  other thing with its words (confirmed);
* **kept_late**: kept, but only after the stated due date + ``grace_hours`` (a promise whose due
  date was implied is never late); ``days_overdue`` says how late;
* **open**: not kept, not complained about, and not yet past due + ``grace_hours``;
* **overdue**: past due, nothing delivered;
* **broken**: past due (the grace does not apply to complaints), and the other side complained in
  the same thread (frustration or an unmet expectation), or in another one that names what was
  promised ("Still no corrected export."), before anything was delivered; it stays
  broken if the delivery comes later (``resolved_at``/``resolved_by`` then point at the complaint,
  ``days_overdue`` at the lateness).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InvalidOptionError
from ._prep import prepare, warn_unplaced, warn_unread_languages, warn_unscored
from ._promises import find_commitments
from .config import HealthConfig

__all__ = ["COMMITMENT_COLUMNS", "commitments"]

#: Columns of the commitments table, in order.
COMMITMENT_COLUMNS: tuple[str, ...] = (
    "relationship", "commitment_id", "message_id", "thread_id", "direction", "promised_by", "promised_to",
    "made_at", "commitment", "due", "due_stated", "condition", "status", "days_overdue", "resolved_at",
    "resolved_by", "resolution", "resolution_evidence", "proba",
)


def commitments(
    scored: pd.DataFrame,
    *,
    direction: str = "outbound",
    now: Any = None,
    config: HealthConfig | Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """Table of every commitment: who promised what to which relationship, when, due when, status.

    Parameters
    ----------
    scored : DataFrame
        The scored table made by :func:`frictionscan.score`.
    direction : {"outbound", "inbound", "any"}
        Our promises to clients (default), the clients' promises to us, or both.
    now : date-like, optional
        Status as of this moment (default: the latest message); later messages are ignored. A
        bare date (``"2025-03-01"``) means the end of that day.
    config : HealthConfig or dict, optional
        Thresholds (commitment_threshold, implied_due_days, grace_hours, confirm_after_hours...).

    Returns
    -------
    DataFrame
        :data:`COMMITMENT_COLUMNS`, sorted by relationship and time. ``commitment`` is the evidence
        span (or the start of the message), ``condition`` what a conditional promise depends on
        (else None), ``status`` is kept/kept_late/open/overdue/broken, ``resolution``
        says how it was settled (delivered, confirmed, complaint) with ``resolution_evidence``.

    Examples
    --------
    >>> import pandas as pd, frictionscan as fs
    >>> base = {s: 0.05 for s in fs.SIGNALS}
    >>> rows = pd.DataFrame([
    ...     {"message_id": "p", "thread_id": "t", "relationship": "acme", "direction": "outbound",
    ...      "timestamp": pd.Timestamp("2026-01-12 10:00", tz="UTC"),
    ...      "text": "We will send the export by Jan 19.", **base, "commitment": 0.9,
    ...      "commitment_due": pd.Timestamp("2026-01-19", tz="UTC")},
    ...     {"message_id": "c", "thread_id": "t", "relationship": "acme", "direction": "inbound",
    ...      "timestamp": pd.Timestamp("2026-01-28 10:00", tz="UTC"),
    ...      "text": "Still no export. We were promised it last week.", **base,
    ...      "unmet_expectation": 0.9}])
    >>> fs.commitments(rows)[["message_id", "status", "days_overdue", "resolved_by"]].to_dict("records")
    [{'message_id': 'p', 'status': 'broken', 'days_overdue': 9.4, 'resolved_by': 'c'}]
    """
    if direction not in ("outbound", "inbound", "any"):
        raise InvalidOptionError(
            f"direction must be 'outbound', 'inbound' or 'any', got {direction!r}")
    cfg = HealthConfig.from_any(config)
    df, now_ts = prepare(scored, where="commitments", now=now)
    warn_unplaced(scored, where="commitments")
    warn_unread_languages(scored, where="commitments")
    warn_unscored(scored, where="commitments")
    rows: list[dict[str, Any]] = []
    for _, rel in df.groupby("relationship", sort=True):
        for c in find_commitments(rel, cfg, direction=direction):
            assert now_ts is not None
            status = c.status_at(now_ts, cfg)
            if status == "kept":
                resolved = (c.delivered_at, c.delivered_by, c.delivered_how, c.delivered_evidence)
                # delivered after the date it was promised for (+ grace): kept, but not on time;
                # a promise that gave no date is not late against the implied one we assume
                if c.due_stated and c.late(cfg):
                    status = "kept_late"
            elif status == "broken":
                resolved = (c.complained_at, c.complained_by, "complaint", c.complaint_evidence)
            else:
                resolved = (pd.NaT, None, None, None)
            days = c.days_overdue_at(now_ts, cfg) if status != "open" else 0.0
            rows.append({
                "relationship": c.relationship, "commitment_id": c.key, "message_id": c.message_id,
                "thread_id": c.thread_id, "direction": c.direction,
                "promised_by": c.sender, "promised_to": c.recipients, "made_at": c.made_at,
                "commitment": c.what, "due": c.due if c.due is not None else pd.NaT,
                "due_stated": c.due_stated, "condition": c.condition, "status": status,
                "days_overdue": round(days, 1) if c.due is not None else np.nan,
                "resolved_at": resolved[0], "resolved_by": resolved[1],
                "resolution": resolved[2], "resolution_evidence": resolved[3],
                "proba": round(c.proba, 3),
            })
    out = pd.DataFrame(rows, columns=list(COMMITMENT_COLUMNS))
    for col in ("relationship", "commitment_id", "message_id", "thread_id", "direction", "promised_by",
                "promised_to", "commitment", "condition", "status", "resolved_by", "resolution",
                "resolution_evidence"):
        out[col] = out[col].astype("string")
    for col in ("made_at", "due", "resolved_at"):
        out[col] = pd.to_datetime(out[col], utc=True).astype("datetime64[ns, UTC]")
    out["due_stated"] = out["due_stated"].astype(bool)
    out["days_overdue"] = out["days_overdue"].astype("float64")
    out["proba"] = out["proba"].astype("float64")
    return out

