"""Write and read scored tables as Parquet, CSV or JSON Lines, in chunks and atomically.

The format is chosen from the file name: ``.parquet`` (or ``.pq``), ``.csv``, ``.jsonl`` (or
``.ndjson``); ``.csv.gz`` and ``.jsonl.gz`` are gzip-compressed. A :class:`TableWriter` appends
DataFrame chunks as they come (nothing is held in memory beyond one chunk) to a temporary file in the
destination folder and renames it over the destination only when it is closed without error, so an
interrupted run never leaves a truncated or half-written output behind.

CSV outputs are opened by spreadsheets, which run a cell that starts with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return as a formula ("CSV injection"). Message text comes from outsiders, so
every *text* cell that starts so is written with a leading ``'`` (see :func:`guard_csv_cells`);
numbers, dates and booleans are never changed. :func:`read_table` removes the quote again, so the
text round-trips exactly. Pass ``csv_formula_guard=False`` (the CLI's ``--raw-csv``) to write text
unchanged. Parquet and JSON Lines always hold the raw text.

Nested columns (``evidence``: a list of dicts) stay nested in Parquet (a list of structs) and are
written as JSON strings in CSV and JSON Lines; :func:`read_table` turns them back into lists and
restores the documented dtypes, whatever the format.

Examples
--------
>>> import tempfile, pandas as pd
>>> from pathlib import Path
>>> out = Path(tempfile.mkdtemp()) / "scores.csv"
>>> with TableWriter(out) as w:
...     w.write(pd.DataFrame({"message_id": ["a", "b"], "frustration": [0.9, 0.1]}))
>>> read_table(out)["frustration"].tolist()
[0.9, 0.1]
"""

from __future__ import annotations

import contextlib
import gzip
import json
import math
import os
import re
import tempfile
import time
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import pandas as pd

from .errors import OutputError, SourceNotFoundError, UnsupportedFormatError
from .schemas import MESSAGE_COLUMNS, SCORED_EXTRA_COLUMNS, SIGNALS, evidence_items

__all__ = [
    "FORMATS",
    "TableWriter",
    "check_output_path",
    "csv_formula_guard_default",
    "guard_csv_cells",
    "iter_table",
    "output_format",
    "read_table",
    "same_file",
    "write_table",
]

#: file-name suffix -> (format, gzip?)
FORMATS: dict[str, tuple[str, bool]] = {
    ".parquet": ("parquet", False),
    ".pq": ("parquet", False),
    ".csv": ("csv", False),
    ".csv.gz": ("csv", True),
    ".jsonl": ("jsonl", False),
    ".ndjson": ("jsonl", False),
    ".jsonl.gz": ("jsonl", True),
}

#: Fields of one evidence item (see :mod:`frictionscan.schemas`).
EVIDENCE_FIELDS: dict[str, str] = {
    "signal": "string",
    "start": "int64",
    "end": "int64",
    "text": "string",
    "proba": "float64",
    "due": "string",  # (commitment items only, and only when the sentence states a date: ISO 8601)
}

#: Every column whose dtype the package documents (message table + scored table).
KNOWN_DTYPES: dict[str, str] = {
    **MESSAGE_COLUMNS,
    **{s: "float64" for s in SIGNALS},
    **SCORED_EXTRA_COLUMNS,
}

_NESTED = "evidence"

#: A text cell a spreadsheet would run as a formula: it starts with = + - @ tab or CR, perhaps
#: after quotes this guard added (so a cell that already starts with ``'=`` round-trips too).
_NEEDS_GUARD = re.compile(r"'*[=+\-@\t\r]")
#: A cell as written by the guard: the text above with one more leading quote.
_GUARDED = re.compile(r"'+[=+\-@\t\r]")

_csv_guard_default = True


@contextlib.contextmanager
def csv_formula_guard_default(enabled: bool) -> Iterator[None]:
    """Within the block, CSV writers that are not told otherwise guard formula cells or not.

    For callers that cannot pass ``csv_formula_guard=`` to the writer themselves (``frictionscan
    scan --raw-csv`` wraps the whole scan in ``csv_formula_guard_default(False)``).
    """
    global _csv_guard_default
    before = _csv_guard_default
    _csv_guard_default = bool(enabled)
    try:
        yield
    finally:
        _csv_guard_default = before


def _text_columns(df: pd.DataFrame) -> list[Any]:
    return [c for c in df.columns
            if df[c].dtype == object or isinstance(df[c].dtype, pd.StringDtype)
            or str(df[c].dtype) == "str"]


def guard_csv_cells(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with a ``'`` put before every text cell that a spreadsheet would run as a formula.

    Only ``str`` values are changed; numbers (``-3``), dates and missing values never are.

    >>> guard_csv_cells(pd.DataFrame({"t": ["=1+2", "ok", "@SUM(A1)"], "n": [-1, 2, 3]})).values.tolist()
    [["'=1+2", -1], ['ok', 2], ["'@SUM(A1)", 3]]
    """
    out = None
    for c in _text_columns(df):
        col = df[c]
        mask = col.map(lambda v: isinstance(v, str) and _NEEDS_GUARD.match(v) is not None)
        mask = mask.astype(bool)
        if mask.any():
            if out is None:
                out = df.copy()
            fixed = out[c].astype(object)
            fixed[mask] = "'" + col[mask].astype(str)
            out[c] = fixed.astype(col.dtype)
    return df if out is None else out


def _unguard_csv_cells(df: pd.DataFrame) -> pd.DataFrame:
    """Undo :func:`guard_csv_cells` (drop the one quote it added)."""
    for c in _text_columns(df):
        col = df[c]
        mask = col.map(lambda v: isinstance(v, str) and _GUARDED.match(v) is not None).astype(bool)
        if mask.any():
            fixed = col.astype(object)
            fixed[mask] = col[mask].astype(str).str[1:]
            df[c] = fixed.astype(col.dtype)
    return df


def output_format(path: str | os.PathLike[str]) -> tuple[str, bool]:
    """``(format, gzipped)`` for an output file name; :class:`OutputError` for an unknown suffix.

    >>> output_format("out/scored.parquet")
    ('parquet', False)
    >>> output_format("scored.jsonl.gz")
    ('jsonl', True)
    """
    name = Path(path).name.lower()
    for suffix in sorted(FORMATS, key=len, reverse=True):
        if name.endswith(suffix) and len(name) > len(suffix):
            return FORMATS[suffix]
    raise OutputError(
        f"cannot tell the output format of {str(path)!r}: name it with one of "
        f"{', '.join(FORMATS)} (e.g. scored.parquet)"
    )


#: the names the HTML report may be written under (``frictionscan report -o``)
REPORT_SUFFIXES = (".html", ".htm")


def check_output_path(path: str | os.PathLike[str], *, table: bool = True) -> Path:
    """Check that ``path`` is not empty, has a known format (when it is a ``table``; else it is
    the HTML report, named ``.html`` or ``.htm``) and that its folder exists and is writable.

    Returns the path; raises :class:`~frictionscan.errors.OutputError` saying what to fix.

    >>> check_output_path("scored.csv").name
    'scored.csv'
    """
    example = "scored.parquet" if table else "report.html"
    if not str(os.fspath(path)).strip():
        raise OutputError(f"the output path is empty; give a file name such as {example!r}")
    p = Path(path)
    if p.is_dir():
        raise OutputError(f"output {str(p)!r} is a folder; give a file name such as {str(p / example)!r}")
    if table:
        output_format(p)
    elif p.suffix.lower() not in REPORT_SUFFIXES:  # the report is HTML, whatever the name says
        base = p.stem if p.suffix else p.name  # r.pdf -> r.html, r.html.gz -> r.html
        name = base if base.lower().endswith(REPORT_SUFFIXES) else f"{base}.html"
        raise OutputError(
            f"cannot write {str(p)!r}: the report is one HTML page, so name it with "
            f"{' or '.join(REPORT_SUFFIXES)} (e.g. {name!r})")
    folder = p.parent if str(p.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"cannot write {str(p)!r}: folder {str(folder)!r} does not exist; create it first")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write {str(p)!r}: folder {str(folder)!r} is not writable")
    if p.exists() and not os.access(p, os.W_OK):
        raise OutputError(f"cannot write {str(p)!r}: the file exists and is read-only")
    try:  # the only reliable test (read-only mounts, ACLs, root): create a file there
        fd, probe = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".probe", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise OutputError(
            f"cannot write {str(p)!r}: folder {str(folder)!r} is not writable ({exc.strerror})"
        ) from None
    return p


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether two paths name one file (the same path once resolved, or a hard or symbolic link
    to it): an output must never be one of the inputs it is computed from.

    >>> same_file("scored.parquet", "./scored.parquet"), same_file("a.csv", "b.csv")
    (True, False)
    """
    if Path(a).resolve() == Path(b).resolve():
        return True
    try:
        return Path(a).exists() and Path(b).exists() and os.path.samefile(a, b)
    except OSError:
        return False


# ----------------------------------------------------------------------------------------------
# conversion helpers


def _json_default(value: Any) -> Any:
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if hasattr(value, "tolist"):
        return value.tolist()
    if value is pd.NA:
        return None
    return str(value)


def _clean_for_json(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _clean_for_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean_for_json(v) for v in value]
    return value


def _to_json_cell(value: Any) -> Any:
    """A nested cell -> JSON text; missing stays missing."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        value = value.tolist()
    return json.dumps(_clean_for_json(value), ensure_ascii=False, default=_json_default)


def _nested_columns(df: pd.DataFrame) -> list[str]:
    """Object columns holding lists/dicts (e.g. ``evidence``)."""
    cols = []
    for c in df.columns:
        if df[c].dtype != object:
            continue
        if c == _NESTED:
            cols.append(c)
            continue
        sample = df[c].dropna().head(50)
        if any(isinstance(v, (list, dict, tuple)) for v in sample):
            cols.append(c)
    return cols


def _flatten_nested(df: pd.DataFrame) -> pd.DataFrame:
    nested = _nested_columns(df)
    if not nested:
        return df
    df = df.copy()
    for c in nested:
        df[c] = pd.Series([_to_json_cell(v) for v in df[c]], index=df.index, dtype="string")
    return df


def _evidence_type():  # pragma: no cover - trivial
    import pyarrow as pa

    return pa.list_(
        pa.struct(
            [
                ("signal", pa.string()),
                ("start", pa.int64()),
                ("end", pa.int64()),
                ("text", pa.string()),
                ("proba", pa.float64()),
                ("due", pa.string()),
            ]
        )
    )


def _evidence_fits_struct(series: pd.Series) -> bool:
    allowed = set(EVIDENCE_FIELDS)
    for v in series:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            continue
        if not isinstance(v, (list, tuple)) and not hasattr(v, "tolist"):
            return False
        items = v.tolist() if hasattr(v, "tolist") else v
        for item in items:
            if not isinstance(item, dict) or not set(item) <= allowed:
                return False
    return True


def _arrow_type(dtype: Any, column: str, series: pd.Series):
    import pyarrow as pa

    s = str(dtype)
    if column == _NESTED and s == "object":
        return _evidence_type() if _evidence_fits_struct(series) else pa.string()
    if s in ("string", "str") or s.startswith("string["):
        return pa.string()
    if s == "Int64":
        return pa.int64()
    if s in ("boolean", "bool"):
        return pa.bool_()
    if s.startswith("datetime64[ns, UTC]") or (s.startswith("datetime64[") and "UTC" in s):
        return pa.timestamp("ns", tz="UTC")
    if s.startswith("datetime64"):
        return pa.timestamp("ns")
    if s == "object":
        return pa.string()  # nested lists/dicts become JSON text; other objects their str()
    return pa.from_numpy_dtype(dtype.numpy_dtype if hasattr(dtype, "numpy_dtype") else dtype)


def _arrow_schema(df: pd.DataFrame):
    import pyarrow as pa

    return pa.schema([pa.field(str(c), _arrow_type(df[c].dtype, str(c), df[c])) for c in df.columns])


def _with_pandas_metadata(schema):
    """``schema`` with pandas metadata naming each column's nullable pandas dtype, so that plain
    ``pd.read_parquet`` gives ``boolean`` flags (not ``object``), ``Int64`` and ``string`` columns,
    as :func:`read_table` does."""
    import pyarrow as pa

    def dtype(t: Any) -> Any:
        if pa.types.is_boolean(t):
            return "boolean"
        if pa.types.is_integer(t):
            return "Int64"
        if pa.types.is_string(t) or pa.types.is_large_string(t):
            return "string"
        if pa.types.is_timestamp(t):
            return f"datetime64[ns, {t.tz}]" if t.tz else "datetime64[ns]"
        if pa.types.is_floating(t):
            return "float64"
        return object

    template = pd.DataFrame({f.name: pd.Series(dtype=dtype(f.type)) for f in schema})
    meta = pa.Schema.from_pandas(template, preserve_index=False).metadata
    return schema.with_metadata(meta)


def _to_arrow(df: pd.DataFrame, schema):
    import pyarrow as pa

    arrays = []
    for fld in schema:
        col = df[fld.name]
        if pa.types.is_list(fld.type):
            values = [
                None if v is None or (isinstance(v, float) and math.isnan(v))
                else (v.tolist() if hasattr(v, "tolist") else list(v))
                for v in col
            ]
            arrays.append(pa.array(values, type=fld.type))
        elif pa.types.is_string(fld.type) and col.dtype == object:
            values = [
                None if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))
                else (_to_json_cell(v) if isinstance(v, (list, dict, tuple)) else str(v))
                for v in col
            ]
            arrays.append(pa.array(values, type=fld.type))
        else:
            arrays.append(pa.Array.from_pandas(col, type=fld.type))
    return pa.Table.from_arrays(arrays, schema=schema)


# ----------------------------------------------------------------------------------------------
# writer


def _new_file_mode() -> int:
    """The permission bits a newly created file gets from ``open()``: 0o666 minus the umask."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_text_atomic(path: str | os.PathLike[str], text: str) -> int:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file in the same folder, renamed
    into place only when complete, with the mode a plain ``open()`` would give; return the bytes
    written. A reader never sees half a file, and a failed write leaves the old file as it was.
    """
    out = Path(path)
    data = text.encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, _new_file_mode())
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(data)


#: A temporary output file untouched for this long is a leftover of a killed writer (see
#: :meth:`TableWriter.close`); a live writer touches its file far more often.
STALE_TEMP_SECONDS = 3600.0


class TableWriter:
    """Append DataFrame chunks to one output file; atomic: the file appears only on success.

    Parameters
    ----------
    path : the destination (``.parquet``, ``.csv``, ``.jsonl``, optionally ``.gz`` for text formats).
    csv_formula_guard : CSV only: put a ``'`` before text cells a spreadsheet would run as a
        formula (see :func:`guard_csv_cells`). None (default): on, unless inside
        ``csv_formula_guard_default(False)``.

    Every chunk must have the same columns as the first. Use as a context manager: leaving the block
    normally renames the temporary file over ``path``; an exception (or :meth:`abort`) deletes it.

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> from pathlib import Path
    >>> out = Path(tempfile.mkdtemp()) / "t.jsonl"
    >>> with TableWriter(out) as w:
    ...     w.write(pd.DataFrame({"x": [1]}))
    ...     w.write(pd.DataFrame({"x": [2]}))
    >>> out.read_text().splitlines()
    ['{"x":1}', '{"x":2}']
    """

    def __init__(self, path: str | os.PathLike[str], *,
                 csv_formula_guard: bool | None = None) -> None:
        self.path = check_output_path(path)
        self.csv_formula_guard = (_csv_guard_default if csv_formula_guard is None
                                  else bool(csv_formula_guard))
        self.format, self.gzip = output_format(self.path)
        self.rows = 0
        self._columns: list[str] | None = None
        self._schema = None
        self._pq = None
        self._fh: IO[str] | None = None
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp",
                                       dir=self.path.parent)
        except OSError as exc:
            raise OutputError(f"cannot write {str(self.path)!r}: {exc.strerror}") from None
        os.close(fd)
        # mkstemp makes the file owner-only (0600); give the output the mode a plain open() would
        with contextlib.suppress(OSError):
            os.chmod(tmp, _new_file_mode())
        self.tmp_path = Path(tmp)
        self._started = time.time()
        self._closed = False
        self._header_written = False

    # -- writing
    def write(self, df: pd.DataFrame) -> None:
        """Append one chunk (a DataFrame with the same columns as the first chunk)."""
        if self._closed:
            raise OutputError(f"writer for {self.path} is already closed")
        cols = [str(c) for c in df.columns]
        if self._columns is None:
            self._columns = cols
        elif cols != self._columns:
            raise OutputError(
                f"chunk columns {cols} differ from the first chunk's {self._columns}"
            )
        try:
            if self.format == "parquet":
                self._write_parquet(df)
            elif self.format == "csv":
                self._write_csv(df)
            else:
                self._write_jsonl(df)
        except OSError as exc:
            raise OutputError(f"cannot write {self.path}: {exc.strerror or exc}") from exc
        self.rows += len(df)

    def write_arrow(self, table) -> None:
        """Append a pyarrow Table (Parquet outputs only; other formats go through pandas)."""
        if self.format != "parquet":
            self.write(_arrow_to_pandas(table))
            return
        import pyarrow.parquet as pq

        if self._pq is None:
            self._schema = _with_pandas_metadata(table.schema.remove_metadata())
            self._columns = list(table.schema.names)
            self._pq = pq.ParquetWriter(self.tmp_path, self._schema, compression="zstd")
        elif table.schema.names != self._columns:
            raise OutputError(
                f"chunk columns {table.schema.names} differ from the first chunk's {self._columns}"
            )
        try:
            self._pq.write_table(table.replace_schema_metadata(None).cast(self._schema))
        except OSError as exc:
            raise OutputError(f"cannot write {self.path}: {exc.strerror or exc}") from exc
        self.rows += table.num_rows

    def _write_parquet(self, df: pd.DataFrame) -> None:
        import pyarrow.parquet as pq

        if self._pq is None:
            self._schema = _with_pandas_metadata(_arrow_schema(df))
            self._pq = pq.ParquetWriter(self.tmp_path, self._schema, compression="zstd")
        table = _to_arrow(df, self._schema)
        self._pq.write_table(table)

    def _text_handle(self) -> IO[str]:
        if self._fh is None:
            if self.gzip:
                self._fh = gzip.open(  # type: ignore[assignment]  # noqa: SIM115
                    self.tmp_path, "wt", encoding="utf-8", newline=""
                )
            else:
                self._fh = open(self.tmp_path, "w", encoding="utf-8", newline="")  # noqa: SIM115
        return self._fh

    def _write_csv(self, df: pd.DataFrame) -> None:
        fh = self._text_handle()
        # CRLF rows (RFC 4180): a field holding a bare \r or \n is then always quoted
        flat = _flatten_nested(df)
        if self.csv_formula_guard:
            flat = guard_csv_cells(flat)
        flat.to_csv(fh, index=False, header=not self._header_written,
                                   lineterminator="\r\n")
        self._header_written = True

    def _write_jsonl(self, df: pd.DataFrame) -> None:
        if len(df) == 0:
            self._text_handle()
            return
        fh = self._text_handle()
        text = _flatten_nested(df).to_json(
            orient="records", lines=True, date_format="iso", date_unit="us", force_ascii=False,
            double_precision=15,  # pandas' default (10) rounds probabilities by up to 5e-11
        )
        fh.write(text)
        if not text.endswith("\n"):
            fh.write("\n")

    # -- finishing
    def close(self) -> Path:
        """Finish the file and move it into place; returns the destination path."""
        if self._closed:
            return self.path
        try:
            if self.format == "parquet":
                if self._pq is None:  # no chunk at all: an empty file with no columns
                    import pyarrow as pa
                    import pyarrow.parquet as pq

                    pq.write_table(pa.table({}), self.tmp_path)
                else:
                    self._pq.close()
            else:
                fh = self._text_handle()
                fh.flush()
                if not self.gzip:
                    os.fsync(fh.fileno())
                fh.close()
            os.replace(self.tmp_path, self.path)
        except OSError as exc:
            self.abort()
            raise OutputError(f"cannot write {self.path}: {exc.strerror or exc}") from exc
        self._closed = True
        self._remove_stale_temps()
        return self.path

    def _remove_stale_temps(self) -> None:
        """Delete temporary files an earlier writer of this output left behind (killed by SIGKILL
        or the OOM killer, it could not clean up): only names of this writer's own pattern
        (``.<name>.<8 random characters>.tmp``) last modified before this writer started and at
        least :data:`STALE_TEMP_SECONDS` ago, so a second writer of the same output that is still
        running (and has written nothing for a moment) keeps its file."""
        pattern = re.compile(re.escape(f".{self.path.name}.") + r"[A-Za-z0-9_]{8}\.tmp")
        cutoff = min(self._started, time.time() - STALE_TEMP_SECONDS)
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.path.parent):
                if not pattern.fullmatch(entry.name):
                    continue
                with contextlib.suppress(OSError):
                    if entry.is_file(follow_symlinks=False) and \
                            entry.stat(follow_symlinks=False).st_mtime < cutoff:
                        os.unlink(entry.path)

    def abort(self) -> None:
        """Drop the partial output (the destination, if it existed before, is left untouched)."""
        self._closed = True
        with contextlib.suppress(Exception):
            if self._pq is not None:
                self._pq.close()
        with contextlib.suppress(Exception):
            if self._fh is not None:
                self._fh.close()
        with contextlib.suppress(FileNotFoundError):
            self.tmp_path.unlink()

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()

    def __del__(self) -> None:  # a writer dropped without close() must not leave temp files
        if not getattr(self, "_closed", True):
            self.abort()


def write_table(df: pd.DataFrame, path: str | os.PathLike[str], *, chunksize: int = 50_000,
                csv_formula_guard: bool | None = None) -> Path:
    """Write a whole DataFrame to ``path`` (format from the suffix), atomically.

    ``csv_formula_guard``: as for :class:`TableWriter`.

    >>> import tempfile, pandas as pd
    >>> from pathlib import Path
    >>> p = write_table(pd.DataFrame({"a": [1, 2]}), Path(tempfile.mkdtemp()) / "a.parquet")
    >>> read_table(p)["a"].tolist()
    [1, 2]
    """
    with TableWriter(path, csv_formula_guard=csv_formula_guard) as w:
        if len(df) == 0:
            w.write(df)
        for start in range(0, len(df), chunksize):
            w.write(df.iloc[start : start + chunksize])
    return Path(path)


# ----------------------------------------------------------------------------------------------
# reading back


def _arrow_to_pandas(table) -> pd.DataFrame:
    import pyarrow as pa

    df = table.to_pandas(types_mapper={pa.string(): pd.StringDtype(), pa.large_string(): pd.StringDtype()}.get)
    for c in df.columns:
        if c == _NESTED and df[c].dtype == object:
            # (a struct gives every item every field: "due" is kept only where it was written)
            df[c] = [
                [{k: f for k, f in x.items() if k != "due" or f is not None} for x in v]
                if v is not None and not isinstance(v, str) else v
                for v in df[c]
            ]
    return _restore_dtypes(df)


def _from_json_cell(value: Any) -> Any:
    """An evidence cell read from CSV or JSON Lines: our JSON, or what another writer left there
    (pandas' repr, a bad cell), parsed by the one shared reader; unreadable means no evidence."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return []
    if isinstance(value, str):
        return evidence_items(value)
    return value


def _restore_dtypes(df: pd.DataFrame) -> pd.DataFrame:
    """Give known columns their documented dtypes (text formats lose them)."""
    for c in df.columns:
        want = KNOWN_DTYPES.get(str(c))
        if want is None:
            continue
        if c == _NESTED:
            if df[c].dtype != object or any(isinstance(v, str) for v in df[c].head(50)):
                df[c] = pd.Series([_from_json_cell(v) for v in df[c]], index=df.index, dtype=object)
            else:
                df[c] = pd.Series(
                    [[] if v is None or (isinstance(v, float) and math.isnan(v)) else v for v in df[c]],
                    index=df.index, dtype=object,
                )
            continue
        if str(df[c].dtype) == want:
            continue
        try:
            if want.startswith("datetime64"):
                df[c] = pd.to_datetime(df[c], utc=True, errors="coerce", format="ISO8601").astype(want)
            elif want == "boolean":
                col = df[c]
                if col.dtype == object or str(col.dtype).startswith("str"):
                    col = col.map({"True": True, "False": False, True: True, False: False, "true": True,
                                   "false": False})
                df[c] = col.astype("boolean")
            else:
                df[c] = df[c].astype(want)
        except (TypeError, ValueError):
            continue  # leave an unexpected column as it is rather than fail
    return df


def _input_format(path: Path) -> tuple[str, bool]:
    try:
        return output_format(path)
    except OutputError:
        raise UnsupportedFormatError(
            f"cannot read {str(path)!r}: expected a table written by frictionscan scan "
            f"({', '.join(FORMATS)})"
        ) from None


def iter_table(
    path: str | os.PathLike[str], *, chunksize: int = 50_000, exclude: Iterable[str] = ()
) -> Iterator[pd.DataFrame]:
    """Read a table written by :class:`TableWriter` back in chunks, dtypes and nesting restored.

    Columns named in ``exclude`` are not read (e.g. ``quoted_text`` when only scores are needed).

    >>> import tempfile, pandas as pd
    >>> from pathlib import Path
    >>> p = write_table(pd.DataFrame({"a": range(5)}), Path(tempfile.mkdtemp()) / "a.csv")
    >>> [len(c) for c in iter_table(p, chunksize=2)]
    [2, 2, 1]
    """
    p = Path(path)
    if not p.exists():
        raise SourceNotFoundError(f"no such file: {str(p)!r}. Check the path.")
    fmt, gz = _input_format(p)
    import pyarrow as pa

    try:
        yield from _table_chunks(p, fmt, gz, chunksize, set(exclude))
    except _NotThatFormat as exc:
        raise _not_that_format(p, fmt, gz, exc) from None
    except (pa.ArrowException, UnicodeDecodeError, pd.errors.ParserError, gzip.BadGzipFile,
            EOFError, zlib.error) as exc:
        raise _not_that_format(p, fmt, gz, exc) from None


class _NotThatFormat(Exception):
    """A JSON Lines line that does not parse or is not one row; the message says which line."""


_JSON_KINDS = {list: "an array", str: "a string", int: "a number", float: "a number", bool: "true or false"}


def _json_line(line: str, lineno: int, skip: set[str]) -> dict[str, Any]:
    """One row of a JSON Lines table, the columns in ``skip`` dropped; line ``lineno`` of its file."""
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        # pos, not colno: the line's own newline would make an error at its end "line 2, column 1"
        raise _NotThatFormat(f"line {lineno}: {exc.msg} (column {exc.pos + 1})") from exc
    except RecursionError as exc:  # brackets nested thousands deep: no row of a scored table
        raise _NotThatFormat(f"line {lineno}: nested too deeply to be a row") from exc
    if not isinstance(rec, dict):
        kind = "null" if rec is None else _JSON_KINDS.get(type(rec), type(rec).__name__)
        raise _NotThatFormat(f"line {lineno} holds {kind}, not an object (one row)")
    for c in skip.intersection(rec):
        del rec[c]
    return rec


def _not_that_format(p: Path, fmt: str, gz: bool, exc: BaseException | None) -> UnsupportedFormatError:
    """The error for a file whose content is not the format its name says: a Parquet file renamed
    to .csv, a spreadsheet saved under .csv, a copy cut short, a plain file named .gz."""
    what = {"parquet": "Parquet", "csv": "CSV", "jsonl": "JSON Lines"}[fmt] + (" (gzip)" if gz else "")
    text = str(exc).strip() if exc is not None else ""
    reason = text.splitlines()[0].rstrip(".") if text else type(exc).__name__
    return UnsupportedFormatError(
        f"cannot read {str(p)!r} as {what}, as its name says: {reason}. It is damaged or holds "
        f"another format (renamed, saved by another program, or cut short): name it after the "
        f"format it holds ({', '.join(FORMATS)}) or write it again with frictionscan scan"
    )


def _table_chunks(p: Path, fmt: str, gz: bool, chunksize: int, skip: set[str]) -> Iterator[pd.DataFrame]:
    """The chunks of :func:`iter_table`, read from ``p`` in the format its name gives."""
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        pf = pq.ParquetFile(p)
        cols = [c for c in pf.schema_arrow.names if c not in skip]
        if pf.metadata.num_rows == 0:
            yield _arrow_to_pandas(pf.schema_arrow.empty_table().select(cols))
            return
        for batch in pf.iter_batches(batch_size=chunksize, columns=cols):
            yield _arrow_to_pandas(pa.Table.from_batches([batch]))
    elif fmt == "csv":
        dtype = {c: "string" for c, t in KNOWN_DTYPES.items() if t == "string"}
        dtype[_NESTED] = "string"
        try:
            reader = pd.read_csv(p, chunksize=chunksize, dtype=dtype, keep_default_na=False,
                                 na_values=[""], compression="gzip" if gz else None,
                                 usecols=lambda c: c not in skip)
            for chunk in reader:
                yield _restore_dtypes(_unguard_csv_cells(chunk))
        except pd.errors.EmptyDataError:
            yield pd.DataFrame()
    else:
        opener = gzip.open if gz else open
        with opener(p, "rt", encoding="utf-8") as fh:  # type: ignore[operator]
            first = True
            lineno = 0
            while True:
                # one line at a time, excluded columns dropped as each is parsed: a chunk of
                # pd.read_json held every column of up to `chunksize` lines (text, evidence) as
                # Python objects, about 15 times the bytes read, before any column was dropped
                recs = []
                for line in fh:
                    lineno += 1
                    if not line.strip():
                        continue
                    recs.append(_json_line(line, lineno, skip))
                    if len(recs) >= chunksize:
                        break
                if not recs:
                    if first:
                        # JSON Lines has no header: an empty file is the empty table scan writes
                        cols = [c for c in KNOWN_DTYPES if c not in skip]
                        yield _restore_dtypes(pd.DataFrame({c: pd.Series([], dtype=object) for c in cols}))
                    break
                first = False
                # not from_records, which makes no rows of rows whose every column is excluded
                yield _restore_dtypes(pd.DataFrame(recs))


def read_table(path: str | os.PathLike[str], *, exclude: Iterable[str] = ()) -> pd.DataFrame:
    """Read a whole table written by ``frictionscan scan`` (any supported format).

    Columns named in ``exclude`` are not read.

    >>> import tempfile, pandas as pd
    >>> from pathlib import Path
    >>> p = write_table(pd.DataFrame({"evidence": [[{"signal": "blame", "start": 0, "end": 3,
    ...     "text": "you", "proba": 0.9}]]}), Path(tempfile.mkdtemp()) / "e.jsonl")
    >>> read_table(p).loc[0, "evidence"][0]["signal"]
    'blame'
    """
    chunks = list(iter_table(path, exclude=exclude))
    if not chunks:
        return pd.DataFrame()
    if len(chunks) == 1:
        return chunks[0]
    return pd.concat(chunks, ignore_index=True)
