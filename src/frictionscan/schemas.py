"""The canonical tables every stage produces and consumes, with their columns and dtypes.

The **message table** is made by every reader (:func:`frictionscan.read`) and consumed by every later
stage. One row per message (or transcript utterance, or helpdesk comment), in source order:

================  ========================  =============================================================
column            dtype                     meaning
================  ========================  =============================================================
message_id        string                    RFC 5322 Message-ID without ``<>``; a stable synthetic
                                            ``fs-<sha1>`` id when the message has none
thread_id         string                    conversation the message belongs to (one per email thread,
                                            meeting or ticket)
relationship      string                    client account (external domain by default, or from
                                            ``accounts=``); <NA> when unknown
direction         string                    ``inbound`` (client -> us), ``outbound`` (us -> client),
                                            ``internal``; <NA> when unknown
sender            string                    lower-cased sender address (or speaker / author name)
sender_name       string                    display name, when known
recipients        string                    lower-cased To + Cc addresses, ``", "``-separated
timestamp         datetime64[ns, UTC]       when it was sent / said; NaT when missing or unparseable
utc_offset        Int64                     the sender's UTC offset in minutes at that moment (from
                                            the Date header: +60 for "+0100"; from a helpdesk date's
                                            offset or zone); <NA> when unknown.
                                            "Tomorrow" and "by Friday" are the sender's days
subject           string                    decoded subject (meeting or ticket title for other channels)
text              string                    only what the sender newly wrote: no quotes, signature,
                                            disclaimer or forwarded content
quoted_text       string                    the quoted/forwarded history removed from ``text`` (data for
                                            later stages, never scored as the sender's words)
in_reply_to       string                    parent Message-ID (or cue/comment parent) when known
channel           string                    ``email``, ``transcript``, ``chat`` or ``helpdesk``
source            string                    path of the file the row came from
source_index      Int64                     position of the message inside that file (0-based)
status            string                    ``ok``, ``duplicate``, ``automated`` (not a message a
                                            person wrote: a bounce, an auto-reply, a read receipt, a
                                            calendar item, a newsletter, a helpdesk system event, a
                                            chat reaction; kept, not scored, not the client
                                            writing), ``skipped`` (in the mailbox but never sent or
                                            thrown away: a draft, spam, deleted mail; kept, not
                                            scored) or ``error``
error             string                    human-readable reason when status is not ``ok``
================  ========================  =============================================================

The **scored table** (:func:`frictionscan.score`) is the message table plus one float64 column per
signal in :data:`SIGNALS` (a calibrated probability in [0, 1]; NaN for rows whose status is not ``ok``),
one boolean ``<signal>_flag`` column per signal (the probability against the chosen sensitivity's
threshold), ``evidence`` (a list of dicts ``{"signal", "start", "end", "text", "proba"}`` with character
offsets into ``text``; a commitment item whose sentence states a due date also has ``"due"``, that
date as ISO 8601 text in UTC), ``commitment_due`` (datetime64[ns, UTC], the first dated promise's;
NaT when no due date is stated) and
``language`` (string: ``"en"``, or the ISO 639-1 code of an ok message clearly in another language,
whose six probabilities are then NaN because the model reads English only; <NA> for rows not ok).

Examples
--------
>>> from frictionscan.schemas import empty_messages, MESSAGE_COLUMNS
>>> list(empty_messages().columns) == list(MESSAGE_COLUMNS)
True
"""

from __future__ import annotations

import ast
import json
import numbers
import re
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from .errors import ColumnsError, InvalidOptionError

__all__ = [
    "CHANNELS",
    "DIRECTIONS",
    "FRICTION_SIGNALS",
    "MESSAGE_COLUMNS",
    "REPAIR_SIGNALS",
    "SCORED_EXTRA_COLUMNS",
    "SIGNALS",
    "STATUSES",
    "empty_messages",
    "evidence_items",
    "messages_frame",
    "ok_mask",
    "require_columns",
    "text_items",
    "time_zone",
    "to_utc_series",
    "to_utc_timestamp",
    "validate_messages",
]

#: The six signals, in the order their columns appear.
SIGNALS: tuple[str, ...] = (
    "frustration",
    "blame",
    "unmet_expectation",
    "apology",
    "commitment",
    "appreciation",
)

#: The client-side friction signals and our repair behaviours (a partition of :data:`SIGNALS`).
FRICTION_SIGNALS: tuple[str, ...] = ("frustration", "blame", "unmet_expectation")
REPAIR_SIGNALS: tuple[str, ...] = ("apology", "commitment", "appreciation")

STATUSES: tuple[str, ...] = ("ok", "duplicate", "automated", "skipped", "error")
DIRECTIONS: tuple[str, ...] = ("inbound", "outbound", "internal")
CHANNELS: tuple[str, ...] = ("email", "transcript", "chat", "helpdesk")

_STR = "string"
_UTC = "datetime64[ns, UTC]"

#: Column name -> pandas dtype of the message table, in order.
MESSAGE_COLUMNS: dict[str, str] = {
    "message_id": _STR,
    "thread_id": _STR,
    "relationship": _STR,
    "direction": _STR,
    "sender": _STR,
    "sender_name": _STR,
    "recipients": _STR,
    "timestamp": _UTC,
    "utc_offset": "Int64",
    "subject": _STR,
    "text": _STR,
    "quoted_text": _STR,
    "in_reply_to": _STR,
    "channel": _STR,
    "source": _STR,
    "source_index": "Int64",
    "status": _STR,
    "error": _STR,
}

#: Columns :func:`frictionscan.score` adds (besides one float64 column per signal).
SCORED_EXTRA_COLUMNS: dict[str, str] = {
    **{f"{s}_flag": "boolean" for s in SIGNALS},
    "evidence": "object",
    "commitment_due": _UTC,
    "language": _STR,
}


def empty_messages() -> pd.DataFrame:
    """An empty message table with the canonical columns and dtypes."""
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in MESSAGE_COLUMNS.items()})


def messages_frame(records: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Build a message table from dict records; missing keys become <NA>/NaT, extra keys are dropped.

    ``timestamp`` values may be aware or naive datetimes, pandas Timestamps, ISO strings or None;
    naive values are taken as UTC and everything is converted to UTC.

    >>> df = messages_frame([{"message_id": "a@x", "text": "hi", "status": "ok"}])
    >>> df.loc[0, "text"], str(df["timestamp"].dtype)
    ('hi', 'datetime64[ns, UTC]')
    """
    records = list(records)
    data: dict[str, pd.Series] = {}
    for col, dtype in MESSAGE_COLUMNS.items():
        values = [r.get(col) for r in records]
        if dtype == _UTC:
            data[col] = to_utc_series(values)
        else:
            data[col] = pd.Series(values, dtype=dtype)
    return pd.DataFrame(data)


def to_utc_series(values: Iterable[Any] | pd.Series) -> pd.Series:
    """Date-likes -> a ``datetime64[ns, UTC]`` Series (naive = UTC, unparsable = NaT), new index.

    The one conversion every table column goes through (readers, scoring, health, commitments).
    Any backend: numpy datetimes (aware or naive, any unit), pyarrow-backed timestamps and dates
    (``dtype_backend="pyarrow"``, polars' ``to_pandas(use_pyarrow_extension_array=True)``), and
    strings (``object``, ``string``, ``string[pyarrow]``), each parsed on its own. A moment that
    ``datetime64[ns]`` cannot hold (before 1677 or after 2262) is NaT, as an unparsable one is.

    >>> to_utc_series(["2025-01-02 09:00", "2025-01-02T10:00+01:00", "not a date"]).tolist()
    [Timestamp('2025-01-02 09:00:00+0000', tz='UTC'), Timestamp('2025-01-02 09:00:00+0000', tz='UTC'), NaT]
    """
    if isinstance(values, pd.Series):
        dtype = values.dtype
        if isinstance(dtype, pd.DatetimeTZDtype):
            return _as_ns_utc(values.reset_index(drop=True).dt.tz_convert("UTC"))
        if isinstance(dtype, np.dtype) and dtype.kind == "M":  # naive datetime64: taken as UTC
            return _as_ns_utc(values.reset_index(drop=True).dt.tz_localize("UTC"))
        arrow = _arrow_utc(values)
        if arrow is not None:
            return arrow
    raw = values.to_numpy() if isinstance(values, pd.Series) else list(values)
    ts = pd.to_datetime(pd.Series(raw, dtype=object), errors="coerce", utc=True, format="mixed")
    return _as_ns_utc(ts)


def time_zone(values: pd.Series) -> Any:
    """The zone of a tz-aware datetime column of any backend (numpy or pyarrow), None when the
    column is naive or not datetimes.

    >>> str(time_zone(pd.Series(pd.to_datetime(["2025-01-02"]).tz_localize("Asia/Tokyo"))))
    'Asia/Tokyo'
    >>> time_zone(pd.Series(["2025-01-02"])) is None
    True
    """
    dtype = values.dtype
    if isinstance(dtype, pd.DatetimeTZDtype):
        return dtype.tz
    zone = getattr(getattr(dtype, "pyarrow_dtype", None), "tz", None)
    return pd.DatetimeTZDtype("ns", zone).tz if zone else None


#: the instants a ``datetime64[ns, UTC]`` column can hold
_NS_MIN, _NS_MAX = pd.Timestamp.min.tz_localize("UTC"), pd.Timestamp.max.tz_localize("UTC")


def _as_ns_utc(ts: pd.Series) -> pd.Series:
    """A UTC datetime Series of any unit as ``datetime64[ns, UTC]``; moments outside that
    range become NaT (never an OutOfBoundsDatetime for the whole column)."""
    try:
        return ts.astype(_UTC)
    except (pd.errors.OutOfBoundsDatetime, OverflowError):
        return ts.where((ts >= _NS_MIN) & (ts <= _NS_MAX)).astype(_UTC)


def _arrow_utc(values: pd.Series) -> pd.Series | None:
    """A pyarrow-backed timestamp or date column as ``datetime64[ns, UTC]``, converted by
    pyarrow in one step (pandas' own ``astype`` goes value by value: 100 times slower); None for
    other dtypes, or when a value does not fit in nanoseconds (the general path then gives NaT)."""
    pa_type = getattr(values.dtype, "pyarrow_dtype", None)
    if pa_type is None:
        return None
    import pyarrow as pa  # present whenever a column is pyarrow-backed

    if not (pa.types.is_timestamp(pa_type) or pa.types.is_date(pa_type)):
        return None
    # an aware column keeps its instants (cast to UTC); a naive one or a date is read as UTC
    target = pa.timestamp("ns", tz="UTC") if getattr(pa_type, "tz", None) else pa.timestamp("ns")
    try:
        ns = pa.array(values.array).cast(target).to_numpy(zero_copy_only=False)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    return pd.Series(ns.astype("datetime64[ns]")).dt.tz_localize("UTC")


def evidence_items(value: Any) -> list[Any]:
    r"""One ``evidence`` cell as a list, however the table was read back.

    The package's own readers give a list; ``pd.read_parquet`` gives a numpy array of dicts;
    ``pd.read_csv`` gives text: JSON from frictionscan's CSV writers, or the Python repr that
    ``DataFrame.to_csv`` writes for a list of dicts (read with :func:`ast.literal_eval`, which
    evaluates literals only, never code); a single dict is one item. Anything else (NaN, None,
    other text) is no evidence. Items are returned as found: callers check each is a mapping
    with the keys they need.

    >>> evidence_items('[{"signal": "blame", "start": 0, "end": 4}]')[0]["signal"]
    'blame'
    >>> evidence_items("[{'signal': 'blame', 'start': 0, 'end': 4, 'proba': 0.9}]")[0]["end"]
    4
    >>> len(evidence_items("[{'signal': 'blame'}\n {'signal': 'apology'}]"))  # a numpy array's repr
    2
    >>> evidence_items(float("nan")), evidence_items("not json"), evidence_items("[__import__('os')]")
    ([], [], [])
    """
    if isinstance(value, list):
        return value
    if isinstance(value, Mapping):
        return [value]
    if isinstance(value, str):
        text = value.strip()
        if not text.startswith("["):
            return []
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = _literal(text)
        return parsed if isinstance(parsed, list) else []
    if value is None or isinstance(value, (bytes, numbers.Number)):
        return []
    try:
        return list(value)
    except TypeError:
        return []


def text_items(value: Any) -> list[str] | None:
    """One cell of a list-of-sentences column (``alert_reasons``) as a list of strings, however
    the table was read back; None when the cell is a plain sentence, not a list.

    The package gives a list; ``pd.read_parquet`` a numpy array; ``pd.read_csv`` text: JSON (what
    ``frictionscan health`` writes), the Python repr of a list (what ``DataFrame.to_csv`` writes),
    or a numpy array's repr (a table read from Parquet, then written with ``to_csv``: no commas).
    Text is read token by token, each quoted string as a literal: never evaluated as code.
    A missing value (NaN, None) is an empty list.

    >>> text_items('["late reply", "health -20"]'), text_items("['late reply' 'health -20']")
    (['late reply', 'health -20'], ['late reply', 'health -20'])
    >>> text_items("late reply"), text_items(float("nan")), text_items("[__import__('os')]")
    (None, [], None)
    """
    if isinstance(value, str):
        return _quoted_list(value.strip())
    if value is None or isinstance(value, (bytes, numbers.Number, Mapping)):
        return []
    try:
        items = list(value)
    except TypeError:
        return []
    return [str(v) for v in items if v is not None and not (isinstance(v, float) and np.isnan(v))]


def _quoted_list(text: str) -> list[str] | None:
    """``[ 'a', "b" ]`` or ``['a' 'b']`` (quoted strings between brackets, commas optional) as a
    list of the strings; None for any other text."""
    if not (text.startswith("[") and text.endswith("]")) or len(text) > _MAX_LITERAL_CHARS:
        return None
    try:
        parsed = json.loads(text)
    except ValueError:
        parsed = None
    if isinstance(parsed, list) and all(isinstance(v, str) for v in parsed):
        return parsed
    import io
    import tokenize

    skip = {tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}
    try:
        tokens = [t for t in tokenize.generate_tokens(io.StringIO(text).readline) if t.type not in skip]
    except (tokenize.TokenError, SyntaxError):
        return None
    if len(tokens) < 2 or tokens[0].string != "[" or tokens[-1].string != "]":
        return None
    items: list[str] = []
    body = [t.string if t.type != tokenize.STRING else t for t in tokens[1:-1]]
    i = 0
    while i < len(body):
        t = body[i]
        if t == ",":
            i += 1
            continue
        # NumPy 2 writes a list of its strings as "[np.str_('a'), np.str_('b')]": the same strings
        if (body[i:i + 4] == ["np", ".", "str_", "("] and i + 5 < len(body)
                and not isinstance(body[i + 4], str) and body[i + 5] == ")"):
            t, i = body[i + 4], i + 6
        elif isinstance(t, str):
            return None
        else:
            i += 1
        try:
            item = ast.literal_eval(t.string)  # one string literal: nothing to run
        except (ValueError, SyntaxError):
            return None
        if not isinstance(item, str):
            return None
        items.append(item)
    return items


#: longest evidence text :func:`evidence_items` parses as a Python literal (a scored message's
#: evidence is a few KB; anything far larger is not what ``to_csv`` wrote for it, and parsing a
#: crafted megabyte would take seconds per row)
_MAX_LITERAL_CHARS = 100_000
#: between two dicts of a numpy array's repr ("[{...}\n {...}]": a table read from Parquet, then
#: written with ``to_csv``), where a list's repr has a comma
_ARRAY_GAP = re.compile(r"\}\s+\{")


def _literal(text: str) -> Any:
    """``ast.literal_eval`` of a list of dicts' repr (also a numpy array's, which has no commas
    between its items), or None when it is not one (or too big or too deep)."""
    if len(text) > _MAX_LITERAL_CHARS or not (text.startswith("[{") or text == "[]"):
        return None
    for candidate in (text, _ARRAY_GAP.sub("}, {", text)):
        try:
            return ast.literal_eval(candidate)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            continue
    return None


def ok_mask(df: pd.DataFrame) -> np.ndarray:
    """Rows whose ``status`` is ``ok`` (any case and surrounding blanks; all rows when there is no
    status column): the one rule every stage uses for which rows to score and count.

    >>> ok_mask(pd.DataFrame({"status": ["ok", " OK", "error", None]})).tolist()
    [True, True, False, False]
    """
    if "status" not in df.columns:
        return np.ones(len(df), dtype=bool)
    status = df["status"].astype("string").str.strip().str.lower()
    return (status == "ok").fillna(False).to_numpy(dtype=bool)


def require_positive_int(value: Any, name: str, *, where: str) -> int:
    """``value`` when it is a positive integer (numpy integers too, not ``True``); else raise
    :class:`~frictionscan.errors.InvalidOptionError` naming the option.

    >>> require_positive_int(3, "batch_size", where="score")
    3
    >>> require_positive_int(0, "batch_size", where="score")
    Traceback (most recent call last):
    ...
    frictionscan.errors.InvalidOptionError: score: batch_size must be a positive integer, got 0
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise InvalidOptionError(f"{where}: {name} must be a positive integer, got {value!r}")
    return int(value)


def refuse_numeric_times(values: pd.Series, *, where: str, column: str = "timestamp") -> None:
    """Raise :class:`~frictionscan.errors.InvalidOptionError` when a time column holds plain numbers:
    pandas would read ``1736150400`` as nanoseconds (1970-01-01), silently.

    >>> refuse_numeric_times(pd.Series(["2025-01-06"]), where="score")
    >>> refuse_numeric_times(pd.Series([1736150400]), where="score")
    Traceback (most recent call last):
    ...
    frictionscan.errors.InvalidOptionError: score: column 'timestamp' holds numbers (int64), ...
    """
    if (pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype)
            and values.notna().any()):  # an all-empty column (NaN floats) is just "no times"
        raise InvalidOptionError(
            f"{where}: column {column!r} holds numbers ({values.dtype}), which pandas would read as "
            f"nanoseconds since 1970; convert it first, e.g. df[{column!r}] = pd.to_datetime(df[{column!r}], "
            "unit='s', utc=True) for Unix seconds")


def to_utc_timestamp(value: Any) -> pd.Timestamp | None:
    """One date-like -> a UTC ``Timestamp`` (naive = UTC), or None when it is not a date.

    >>> to_utc_timestamp("2025-01-02 09:00"), to_utc_timestamp("soon")
    (Timestamp('2025-01-02 09:00:00+0000', tz='UTC'), None)
    """
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError):
        return None
    if ts is pd.NaT or pd.isna(ts):
        return None
    return ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")


#: what to do when a table has no scores: the advice for the library and for the command line
SCORE_FIRST = ("Score it first: pass frictionscan.score(frictionscan.read(...)), or on the command line "
               "the table `frictionscan scan` writes (fs.read alone gives no scores).")


def require_columns(df: pd.DataFrame, columns: Iterable[str], *, where: str) -> None:
    """Raise :class:`~frictionscan.errors.ColumnsError` naming every missing column, or every
    needed column the DataFrame holds more than once (``df["text"]`` would then be a DataFrame).

    >>> require_columns(pd.DataFrame({"text": []}), ["text"], where="score")
    >>> require_columns(pd.DataFrame({"x": []}), ["text"], where="score")
    Traceback (most recent call last):
    ...
    frictionscan.errors.ColumnsError: score needs column(s) ['text'] but the DataFrame has ['x']. ...
    >>> require_columns(pd.DataFrame([["a", "b"]], columns=["text", "text"]), ["text"], where="score")
    Traceback (most recent call last):
    ...
    frictionscan.errors.ColumnsError: score needs one column of each name, but ['text'] appear(s) more than once ...
    """
    columns = list(columns)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        hint = (SCORE_FIRST if set(missing) & set(SIGNALS)
                else "Pass the table made by frictionscan.read (or rename your columns).")
        raise ColumnsError(f"{where} needs column(s) {missing} but the DataFrame has {list(df.columns)}. {hint}")
    if not df.columns.is_unique:
        twice = [c for c in dict.fromkeys(columns) if int((df.columns == c).sum()) > 1]
        if twice:
            raise ColumnsError(
                f"{where} needs one column of each name, but {twice} appear(s) more than once "
                f"in {list(df.columns)}. Keep one (e.g. df.loc[:, ~df.columns.duplicated()]) or "
                "rename the others."
            )


def validate_messages(df: pd.DataFrame) -> pd.DataFrame:
    """Check that ``df`` is a message table (columns, dtypes, status values); return it unchanged.

    >>> validate_messages(empty_messages()).shape[1] == len(MESSAGE_COLUMNS)
    True
    """
    require_columns(df, MESSAGE_COLUMNS, where="validate_messages")
    bad = [
        f"{c} is {df[c].dtype}, expected {t}"
        for c, t in MESSAGE_COLUMNS.items()
        if str(df[c].dtype) != t
    ]
    statuses = set(df["status"].dropna().unique()) - set(STATUSES)
    if statuses:
        bad.append(f"unknown status values {sorted(statuses)} (allowed: {list(STATUSES)})")
    if bad:
        raise ColumnsError("not a valid message table: " + "; ".join(bad))
    return df
