"""Whether a message time can be true: shared by the readers, the record finisher and health.

A ``Date`` of 2200-01-01 (a mis-set clock) or of the Unix epoch (a mailer that wrote 0) is read
without complaint by every date parser, and one such message would stretch an account's health
history over centuries (tens of thousands of empty periods). Such a time is not trusted.

>>> from datetime import datetime, timezone
>>> implausible_time(datetime(1970, 1, 1, tzinfo=timezone.utc))
'before 1980'
>>> implausible_time(datetime(2200, 1, 1, tzinfo=timezone.utc))
'after the time of reading'
>>> implausible_time(datetime(2025, 3, 3, 9, 0, tzinfo=timezone.utc)) is None
True
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["EARLIEST", "FUTURE_SLACK", "implausible_time", "implausible_times"]

#: times before this are not trusted (business e-mail archives do not reach back further; the epoch
#: and other zero dates fall here)
EARLIEST = datetime(1980, 1, 1, tzinfo=timezone.utc)
#: times later than the time of reading by more than this are not trusted (a day covers every zone)
FUTURE_SLACK = timedelta(days=1)


# (the latest trusted time, and when to work it out again: datetime.now() costs more than the rest
# of the check, which runs twice per message read)
_latest: list[Any] = [0.0, None]


def _latest_trusted() -> datetime:
    now = time.time()
    if now >= _latest[0]:
        _latest[0] = now + 60.0
        _latest[1] = datetime.fromtimestamp(now, timezone.utc) + FUTURE_SLACK
    return _latest[1]


def implausible_time(ts: Any) -> str | None:
    """Why ``ts`` (a datetime, naive = UTC) cannot be a message's true time, or None when it can."""
    if not isinstance(ts, datetime):
        return None
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=timezone.utc)
    if ts < EARLIEST:
        return "before 1980"
    if ts > _latest_trusted():
        return "after the time of reading"
    return None


def implausible_times(times: Any) -> np.ndarray:
    """:func:`implausible_time` for a whole column: a boolean array, True where the time (naive =
    UTC) cannot be a message's. ``fs.read`` already empties such times with a note; a table built
    another way could still carry one, and a single row dated 2200 would make its account's health
    history centuries long.

    >>> implausible_times(pd.Series(["1970-01-01", "2025-03-03", None, "2200-01-01"])).tolist()
    [True, False, False, True]
    """
    t = pd.to_datetime(times, utc=True, errors="coerce")
    latest = pd.Timestamp(datetime.now(timezone.utc) + FUTURE_SLACK)
    return ((t < pd.Timestamp(EARLIEST)) | (t > latest)).fillna(False).to_numpy(dtype=bool)
