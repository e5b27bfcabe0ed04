"""Batch scanning: read, clean and score many sources on all cores, streaming to one output file.

:func:`scan` is what ``frictionscan scan`` runs. Folders are walked as :func:`frictionscan.read`
walks them, and the work is cut into *tasks*: one per byte range of about ``split_bytes`` of an mbox
(cut at ``From`` separator lines with the ingest stage's splitter, so every message falls in exactly
one range), one per chunk of up to :data:`MAILDIR_FILES` message files of a Maildir, and one per
bundle of small files (``.eml``, transcripts, exports). An entry the folder walk will not open (a link
out of the folder, a FIFO, a device) is a task of one error row with the reason, as ``read`` gives.
Each task is read in chunks with the ingest stage's own reader and finisher, scored with
:func:`frictionscan.score` and written to its own small Parquet *part* file in a sidecar folder
next to the output, by a pool of worker processes (the model is loaded once, before they start).
The main process merges the parts in task order (so the output order never depends on timing or
``jobs``) into the output file, which is written under a temporary name and renamed only at the end.

During the merge, what spans tasks is settled as one sequential :func:`frictionscan.iter_read`
would settle it: duplicates (the same Message-ID in two files, or in two ranges of one mbox: the
first stays ``ok``, later ones become ``status="duplicate"`` with no scores) and threads (one
thread index over all sources, restarted every ``thread_window`` messages to bound memory).

A small JSON state file next to the output records which tasks are finished; ``resume=True`` skips
them when an interrupted run is started again (a source whose size or modification time changed is
redone; a Maildir chunk is named by its files, so new, removed or renamed mail changes it). The state file also keeps the final count report: per source file, the messages expected
(counted from the raw mbox bytes, independently of the parser) and the rows read by status.

Examples
--------
>>> from frictionscan.parallel import scan                                          # doctest: +SKIP
>>> report = scan(["inbox.mbox"], "scored.parquet", internal_domains=["ourco.io"])  # doctest: +SKIP
>>> report.totals["ok"]                                                             # doctest: +SKIP
19873
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import multiprocessing as mp
import os
import re
import shutil
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import InvalidOptionError, LanguageWarning, SourceNotFoundError
from .io import TableWriter, check_output_path, same_file

__all__ = [
    "ScanOptions",
    "ScanReport",
    "SourceCounts",
    "Task",
    "count_mbox_messages",
    "default_jobs",
    "plan_tasks",
    "scan",
    "state_paths",
]

STATE_VERSION = 1
#: mbox files bigger than this are cut into ranges of about this size, read in parallel.
DEFAULT_SPLIT_BYTES = 4 * 1024 * 1024
DEFAULT_CHUNKSIZE = 2_000
#: worker start method: None = "fork" on Linux (workers share the loaded model), else "spawn"
#: (macOS system libraries are not fork-safe)
START_METHOD: str | None = None
#: the merge's thread index restarts after this many messages (bounded memory; see _Rethreader)
DEFAULT_THREAD_WINDOW = 50_000
#: at most this many small files are read by one task
BUNDLE_FILES = 256
#: a Maildir is cut into tasks of at most this many message files (and about ``split_bytes``)
MAILDIR_FILES = 2_000
SENSITIVITIES = ("loose", "balanced", "strict")


def default_jobs() -> int:
    """All cores this process may use.

    >>> default_jobs() >= 1
    True
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


# ----------------------------------------------------------------------------------------------
# options, tasks, state


@dataclass(frozen=True)
class ScanOptions:
    """What every task needs to read and score (picklable, sent once to each worker)."""

    internal_domains: tuple[str, ...] = ()
    accounts: str | None = None
    sensitivity: str = "balanced"
    chunksize: int = DEFAULT_CHUNKSIZE
    read_kwargs: tuple[tuple[str, Any], ...] = ()
    #: the languages the model reads (None: every language), as ``fs.score(languages=)``
    languages: tuple[str, ...] | None = ("en",)
    #: the shipped model to score with: ``fast`` or ``accurate`` (``fs.score(model=)``)
    model: str = "fast"

    def fingerprint(self) -> dict[str, Any]:
        """What must be equal for a resumed run to reuse earlier parts."""
        accounts_hash = None
        if self.accounts:
            with contextlib.suppress(OSError):
                accounts_hash = hashlib.sha256(Path(self.accounts).read_bytes()).hexdigest()
        return {
            "model_tier": self.model,
            "internal_domains": sorted(d.lower() for d in self.internal_domains),
            "accounts": accounts_hash,
            "sensitivity": self.sensitivity,
            "languages": None if self.languages is None else sorted(self.languages),
            "read_kwargs": [list(kv) for kv in self.read_kwargs],
            # parts scored by another model or frictionscan version must not be mixed in
            "model": _model_sha256(),
            # the accurate tier's encoder file (None for the fast tier)
            "encoder": _model_sha256(self.model) if self.model != "fast" else None,
            "frictionscan": _version(),
        }


def _model_sha256(tier: str = "fast") -> str | None:
    """The sha256 of the model a scan loads (the manifest's, verified when it is loaded); for the
    accurate tier, its encoder file's (which names the linear model it was stacked on)."""
    from .detect.encoder import ENCODER_FILE
    from .detect.persist import MODEL_FILE, read_manifest
    from .paths import default_models_dir

    try:
        name = ENCODER_FILE if tier == "accurate" else MODEL_FILE
        return read_manifest(default_models_dir())["files"][name]["sha256"]
    except Exception:  # no model: the scan fails on loading it, with its own clear error
        return None


def _version() -> str:
    from . import __version__

    return __version__


def _file_stamp(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


@dataclass(frozen=True)
class Task:
    """One unit of work: a whole source, or the byte range ``[start, end)`` of one mbox file."""

    index: int
    source: str
    size: int
    mtime_ns: int
    start: int | None = None
    end: int | None = None
    offset: int = 0
    expected: int | None = None
    #: several small files read as one task (``source`` is the first of them)
    members: tuple[str, ...] = ()
    #: set when ``members`` are message files of this Maildir (read as the Maildir reader reads them)
    maildir: str | None = None
    #: set for an entry that must not be opened (a link out of the folder, a FIFO or device): the
    #: task is one error row with this reason, as :func:`frictionscan.read` gives
    skipped: str | None = None

    @property
    def key(self) -> str:
        if self.members:
            h = hashlib.sha1("\n".join(self.members).encode("utf-8", "surrogateescape"))
            return f"{self.source}+{len(self.members) - 1}#{h.hexdigest()[:12]}"
        if self.skipped is not None:
            return f"{self.source}!skipped"
        rng = "" if self.start is None else f"@{self.start}-{self.end}"
        return f"{self.source}{rng}"

    @property
    def nbytes(self) -> int:
        return (self.end - self.start) if self.start is not None and self.end is not None else self.size

    @property
    def part_name(self) -> str:
        h = hashlib.sha1(self.key.encode("utf-8", "surrogateescape")).hexdigest()[:12]
        return f"{self.index:06d}-{h}.parquet"


def state_paths(output: str | os.PathLike[str]) -> tuple[Path, Path]:
    """``(state_file, parts_folder)`` kept next to ``output``.

    >>> [p.name for p in state_paths("out/scored.parquet")]
    ['scored.parquet.scan-state.json', 'scored.parquet.scan-parts']
    """
    out = Path(output)
    return out.with_name(out.name + ".scan-state.json"), out.with_name(out.name + ".scan-parts")


def _load_state(path: Path) -> dict[str, Any] | None:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
        return None
    return state


def _save_state(path: Path, state: dict[str, Any]) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(state, indent=1, default=str), encoding="utf-8")
    os.replace(tmp, path)


# ----------------------------------------------------------------------------------------------
# planning


def _is_mbox(path: Path) -> bool:
    """Whether the ingest stage would read ``path`` as an mbox (same sniffing as ``read``)."""
    from .ingest.registry import HEAD_BYTES, sniff_format

    try:
        with open(path, "rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError:
        return False
    if not head.startswith((b"From ", b"\xef\xbb\xbfFrom ")):
        return False
    reader = sniff_format(path, head)
    return reader is not None and reader.name == "mbox"


def _mbox_ranges(path: Path, split_bytes: int) -> list[tuple[int, int]]:
    """Cut an mbox into byte ranges of about ``split_bytes`` at message boundaries.

    Uses the ingest stage's own splitter, so ranges agree with how the reader finds messages.
    """
    from .ingest.email import split_mbox

    size = path.stat().st_size
    with open(path, "rb") as fh:
        if _cr_only_mbox(fh):  # the splitter cuts at "\n" lines: one range (and no file-long line)
            return [(0, size)]
    parts = max(1, -(-size // split_bytes))
    return split_mbox(path, parts)


_FROM_LINE = re.compile(rb"^From [^\n]*(?:\n|$)", re.M)


def _cr_only_mbox(fh: Any) -> bool:
    """Whether the open mbox has old Mac line ends, judged from its start exactly as
    ``ingest.email.iter_mbox_entries`` judges it (so counting and reading agree)."""
    from .ingest import email

    fh.seek(0)
    return email.is_cr_only(fh.read(email.CHUNK >> 4))


def _rest_of_line(fh: Any, newline: bytes) -> bytes:
    """The bytes up to and including the next ``newline`` (or to the end of the file)."""
    if newline == b"\n":
        return bytes(fh.readline())
    out = b""
    while True:
        piece = fh.read(64 * 1024)
        if not piece:
            return out
        at = piece.find(newline)
        if at >= 0:
            fh.seek(at + 1 - len(piece), os.SEEK_CUR)
            return out + piece[: at + 1]
        out += piece


def count_mbox_messages(path: str | os.PathLike[str], start: int = 0, end: int | None = None) -> int:
    """Messages in an mbox byte range, counted from the raw bytes without parsing any message.

    The same separator rule as the reader (a ``From`` line after a blank line, or a full envelope
    line), plus one for non-blank junk before the first separator (the reader keeps it as an error
    row). This is the "expected" column of the count report. An mbox with old Mac line ends (a bare
    ``\r``, no ``\n`` at its start) is counted with each ``\r`` taken as ``\n``, as the reader does.

    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "b.mbox")
    >>> _ = open(p, "wb").write(b"From a@x Mon Jan  1 10:00:00 2024\\nSubject: 1\\n\\nFrom here on, it is body.\\n"
    ...                         b"\\nFrom b@x Mon Jan  1 11:00:00 2024\\nSubject: 2\\n\\nhi\\n")
    >>> count_mbox_messages(p)
    2
    """
    from .ingest.email import _is_separator

    size = os.path.getsize(path)
    end = size if end is None else min(end, size)
    count = 0
    first_sep: int | None = None
    with open(path, "rb") as fh:
        cr_only = _cr_only_mbox(fh)
        fh.seek(start)
        pos = start
        carry = b"\n\n"  # the range start counts as "after a blank line"
        while pos < end:
            block = fh.read(min(8 * 1024 * 1024, end - pos))
            if not block:
                break
            if pos + len(block) < end:  # finish the last line so no separator is cut in two
                block += _rest_of_line(fh, b"\r" if cr_only else b"\n")
                block = block[: end - pos]
            if cr_only:  # same length: positions stay file offsets
                block = block.replace(b"\r", b"\n")
            for m in _FROM_LINE.finditer(block):
                i = m.start()
                before = (carry + block[:i])[-4:] if i < 4 else block[i - 4 : i]
                prev_blank = before.endswith((b"\n\n", b"\n\r\n")) or (pos + i == start)
                if _is_separator(m.group(0), prev_blank):
                    count += 1
                    if first_sep is None:
                        first_sep = pos + i
            carry = block[-4:] if len(block) >= 4 else (carry + block)[-4:]
            pos += len(block)
            fh.seek(pos)
        lead_end = end if first_sep is None else first_sep
        if lead_end > start:
            fh.seek(start)
            lead = fh.read(min(lead_end - start, 1 << 20))
            if lead.strip():
                count += 1
    return count


def _walk(path: Path, read_kwargs: dict[str, Any] | None) -> list[tuple[Path, str | None, str | None]]:
    """``(file or container folder, the container's reader name or None, why it is skipped or
    None)`` under a folder, as the ingest walk finds them. Skipped are entries ``read`` makes one
    error row each without opening them (a link out of the folder, a FIFO, a device)."""
    from .ingest import pipeline

    options = pipeline.make_options(**(read_kwargs or {}))
    out: list[tuple[Path, str | None, str | None]] = []
    for p, container in pipeline.walk(path, options, report=True):
        if isinstance(container, pipeline.Skipped):
            out.append((p, None, container.reason))
        else:
            out.append((p, None if container is None else str(getattr(container, "name", "?")), None))
    return out


def _skipped_task(index: int, path: Path, reason: str) -> Task:
    """The one-row error task of an entry that is not opened; stamped by the entry itself (a link
    is not followed), so ``--resume`` redoes it when it is replaced."""
    try:
        st = os.lstat(path)
        mtime = st.st_mtime_ns
    except OSError:
        mtime = 0
    return Task(index, str(path), 0, mtime, skipped=reason)


def _maildir_tasks(path: Path, first_index: int, max_bytes: int) -> list[Task]:
    """A Maildir as tasks of at most :data:`MAILDIR_FILES` files (and about ``max_bytes``), in
    reading order. A task's key names its files and its stamp is their total size and newest
    modification time, so mail added to, removed from or changed in ``cur/``/``new/`` changes the
    tasks it falls in and ``--resume`` redoes them."""
    tasks: list[Task] = []
    chunk: list[tuple[str, int, int]] = []
    folder: Path | None = None
    nbytes = 0

    def flush() -> None:
        nonlocal nbytes
        if chunk:
            tasks.append(Task(first_index + len(tasks), chunk[0][0], nbytes,
                              max(c[2] for c in chunk), members=tuple(c[0] for c in chunk),
                              maildir=str(folder)))
            chunk.clear()
            nbytes = 0

    from .ingest.email import maildir_files

    for f, box, why in maildir_files(path):
        if why:  # a link out of the Maildir, a FIFO: one error row, never opened (as ``read`` gives)
            flush()
            tasks.append(_skipped_task(first_index + len(tasks), f, why))
            folder = None
            continue
        try:
            st = f.stat()
            size, mtime = st.st_size, st.st_mtime_ns
        except OSError:  # a dangling link: the reader makes it an error row
            size, mtime = 0, 0
        if chunk and (box != folder or len(chunk) >= MAILDIR_FILES or nbytes + size > max_bytes):
            flush()
        folder = box
        chunk.append((str(f), size, mtime))
        nbytes += size
    flush()
    return tasks


def plan_tasks(
    sources: Sequence[str | os.PathLike[str]],
    *,
    split_bytes: int = DEFAULT_SPLIT_BYTES,
    read_kwargs: dict[str, Any] | None = None,
    exclude: Iterable[str | os.PathLike[str]] = (),
) -> list[Task]:
    """Turn the sources into tasks, in order.

    A folder is walked as :func:`frictionscan.read` walks it (sorted, recursively, hidden and index
    files skipped), one task per file (a Maildir is cut into tasks of up to
    :data:`MAILDIR_FILES` message files); an mbox bigger than ``split_bytes`` becomes several byte-range tasks whose message counts are taken here, once. Paths in
    ``exclude`` (the scan's own output, state file and parts folder) are never read.
    Raises :class:`~frictionscan.errors.SourceNotFoundError` for a path that does not exist.

    >>> import tempfile
    >>> from pathlib import Path
    >>> p = Path(tempfile.mkdtemp()) / "a.mbox"
    >>> _ = p.write_bytes(b"From a@x Mon Jan 1 00:00:00 2024\\nSubject: hi\\n\\nhello\\n")
    >>> [(t.key.endswith("a.mbox"), t.expected) for t in plan_tasks([p])]
    [(True, 1)]
    """
    from .ingest import pipeline

    tasks: list[Task] = []
    fmt = (read_kwargs or {}).get("format", "auto")
    skip = {os.path.abspath(p) for p in exclude}
    seen: set[str] = set()
    bundle: list[tuple[Path, os.stat_result]] = []

    def flush() -> None:
        if not bundle:
            return
        paths = tuple(str(p) for p, _ in bundle)
        size = sum(st.st_size for _, st in bundle)
        mtime = max(st.st_mtime_ns for _, st in bundle)
        if len(paths) == 1:
            tasks.append(Task(len(tasks), paths[0], size, mtime))
        else:
            tasks.append(Task(len(tasks), paths[0], size, mtime, members=paths))
        bundle.clear()

    for src in sources:
        top = Path(src)
        if not top.exists():
            raise SourceNotFoundError(f"no such file or folder: {str(src)!r}. Check the path.")
        if top.is_dir():
            items = _walk(top, read_kwargs)
        else:  # a file named explicitly is read, unless it is a FIFO or device (as ``read`` does)
            items = [(top, None, pipeline.not_regular(top))]
        for p, container, why in items:
            # one file however it is spelled (./a.mbox, /abs/a.mbox, a link); a skipped entry is not
            # followed, so it is named by itself
            key = os.path.abspath(p) + "\0skipped" if why else os.path.realpath(p)
            if key in seen or (skip and (os.path.abspath(p) in skip
                                         or os.path.abspath(p.parent) in skip)):
                continue
            seen.add(key)
            if why:
                flush()
                tasks.append(_skipped_task(len(tasks), p, why))
                continue
            try:
                st = p.stat()
            except OSError:
                continue
            if not container and fmt in ("auto", "mbox") and _is_mbox(p):
                flush()
                size = st.st_size
                ranges = _mbox_ranges(p, split_bytes) if size > split_bytes else [(0, size)]
                offset = 0
                whole = len(ranges) == 1
                for start, end in ranges:
                    n = count_mbox_messages(p, start, end)
                    tasks.append(Task(len(tasks), str(p), size, st.st_mtime_ns,
                                      None if whole else start, None if whole else end, offset, n))
                    offset += n
            elif container == "maildir":
                flush()
                tasks.extend(_maildir_tasks(p, len(tasks), split_bytes))
            elif container:
                flush()
                tasks.append(Task(len(tasks), str(p), 0, st.st_mtime_ns))
            else:  # small files (.eml, transcripts...) travel in bundles of up to split_bytes
                if bundle and (sum(b.st_size for _, b in bundle) + st.st_size > split_bytes
                               or len(bundle) >= BUNDLE_FILES):
                    flush()
                bundle.append((p, st))
    flush()
    return tasks


# ----------------------------------------------------------------------------------------------
# the work of one task (runs in a worker process)


def _read_kwargs(opts: ScanOptions) -> dict[str, Any]:
    kw: dict[str, Any] = dict(opts.read_kwargs)
    if "columns" in kw:  # kept as pairs in the options (hashable, part of the resume fingerprint)
        kw["columns"] = dict(kw["columns"])
    kw["internal_domains"] = list(opts.internal_domains)
    if opts.accounts is not None:
        kw["accounts"] = opts.accounts
    return kw


def _range_records(task: Task, options: Any) -> Iterator[dict[str, Any]]:
    """Raw records of the byte range of an mbox, numbered from ``task.offset`` (as ``read_mbox``)."""
    from .ingest.email import mbox_records

    return mbox_records(task.source, task.start, task.end, offset=task.offset,
                        max_body_chars=options.max_body_chars, options=options)


def _iter_task_chunks(task: Task, opts: ScanOptions) -> Iterator[pd.DataFrame]:
    """The task's messages as message-table chunks of about ``opts.chunksize`` rows.

    The ingest stage's own pieces: :func:`~frictionscan.ingest.pipeline.iter_records` for a file or
    container (sniffing, error rows), the mbox splitter/parser for a byte range, and one
    :class:`~frictionscan.ingest.pipeline.RecordFinisher` per task. Threads and duplicates that
    span tasks are settled in the merge (:class:`_Rethreader`, :func:`_mark_cross_task_duplicates`),
    so the scan gives what one :func:`frictionscan.iter_read` over all sources would give.
    """
    from .ingest import pipeline
    from .schemas import messages_frame

    options = pipeline.make_options(**_read_kwargs(opts))
    records: Iterable[dict[str, Any]]
    if task.skipped is not None:  # never opened: one error row, as ``read`` gives
        records = [pipeline.error_record(Path(task.source), 0, task.skipped)]
    elif task.maildir is not None:
        records = itertools.chain.from_iterable(
            _maildir_file_records(Path(m), options) for m in task.members)
    elif task.members:
        records = itertools.chain.from_iterable(
            pipeline.iter_records(m, options) for m in task.members)
    elif task.start is None:
        records = pipeline.iter_records(task.source, options)
    else:
        records = _range_records(task, options)
    finisher = pipeline.RecordFinisher(options, keep=False)
    batch: list[dict[str, Any]] = []
    refs: list[str | None] = []  # for re-threading across tasks in the merge (see _Rethreader)

    def frame() -> pd.DataFrame:
        df = messages_frame(batch)
        df[_REFS] = pd.array(refs, dtype="string")
        return df

    for rec in records:
        threaded_here = rec.get("thread_id") is None
        rec = finisher.finish(rec)
        if threaded_here and rec["status"] != "error":
            r = rec.get("references") or ([rec["in_reply_to"]] if rec.get("in_reply_to") else [])
            refs.append(_SEP.join(r))
        else:
            refs.append(None)
        batch.append(rec)
        if len(batch) >= opts.chunksize:
            yield frame()
            batch, refs = [], []
    if batch:
        yield frame()


def _maildir_file_records(path: Path, options: Any) -> Iterator[dict[str, Any]]:
    """The record of one Maildir message file, as the Maildir reader makes it (whether it may be
    opened was settled when the tasks were planned, by the same traversal)."""
    from .ingest import email, pipeline
    from .ingest.registry import failure_reason

    try:
        for rec in email.read_maildir_file(path, options):
            if rec.get("source") is None:
                rec["source"] = str(path)
            if rec.get("source_index") is None:
                rec["source_index"] = 0
            yield rec
    except Exception as exc:  # a reader bug or an I/O error: one error row, the batch goes on
        yield pipeline.error_record(path, 0, failure_reason("reader 'maildir' failed after 0 message(s)",
                                                            exc))


#: hidden column carrying References from a range worker to the merge (never written out)
_REFS = "_fs_references"
_SEP = "\x1f"


class _Rethreader:
    """One thread index over all byte ranges of a scan, fed in file order during the merge.

    Each range worker threads its own messages; threads that cross a range boundary (or rely on the
    subject/participants fallback) are then re-linked here exactly as one sequential
    :func:`frictionscan.iter_read` would link them.

    The index costs memory for every message it has seen (under 1 KB each). With ``window`` set, it
    starts afresh after that many messages, so memory stays bounded on huge mailboxes; a thread
    then splits only where it spans such a restart (one place per ``window`` messages).
    """

    def __init__(self, window: int | None = DEFAULT_THREAD_WINDOW) -> None:
        self.window = window
        self.assigned = 0
        self.restarts = 0
        self._new()

    def _new(self) -> None:
        from .ingest.threading import ThreadIndex

        self.index = ThreadIndex(keep=False)
        self.assigned = 0

    def __call__(self, table: Any) -> Any:
        """Re-assign ``thread_id`` of the rows a range worker threaded; drop the hidden column."""
        import pyarrow as pa

        if _REFS not in table.column_names:
            return table
        refs = table.column(_REFS).to_pylist()
        table = table.drop_columns([_REFS])
        todo = [k for k, r in enumerate(refs) if r is not None]
        if not todo:
            return table
        if self.window and self.assigned >= self.window:
            self._new()
            self.restarts += 1
        self.assigned += len(todo)
        tids = table.column("thread_id").to_pylist()
        mids, subjects, senders, rcpts = (
            table.column(c).to_pylist() for c in ("message_id", "subject", "sender", "recipients")
        )
        assign = self.index.assign
        for k in todo:
            r = [x for x in refs[k].split(_SEP) if x] if refs[k] else []
            people = [x for x in (rcpts[k] or "").split(", ") if x]
            tids[k] = assign(mids[k], r, subjects[k], senders[k], people)
        i = table.column_names.index("thread_id")
        return table.set_column(i, table.schema.field(i), pa.array(tids, type=pa.string()))


def _score(chunk: pd.DataFrame, opts: ScanOptions) -> pd.DataFrame:
    from .detect.score import score

    # the order the scan reads helpdesk dates in (--dayfirst/--monthfirst) is also how due dates
    # such as "by 6/3" read; without a choice, month-first as score's default
    dayfirst = bool(dict(opts.read_kwargs).get("dayfirst"))
    with warnings.catch_warnings():  # the scan counts other languages from the "language" column
        warnings.simplefilter("ignore", LanguageWarning)
        return score(chunk, model=opts.model, sensitivity=opts.sensitivity, dayfirst=dayfirst,
                     languages=opts.languages)


@dataclass
class TaskResult:
    index: int
    rows: int
    seconds: float
    expected: int | None = None


def run_task(task: Task, opts: ScanOptions, part: str | os.PathLike[str]) -> TaskResult:
    """Read, score and write one task to ``part`` (Parquet, atomic). Returns its row count."""
    t0 = time.perf_counter()
    expected = task.expected
    rows = 0
    with TableWriter(part) as writer:
        for chunk in _iter_task_chunks(task, opts):
            if len(chunk) == 0:
                continue
            refs = chunk.pop(_REFS) if _REFS in chunk.columns else None
            scored = _score(chunk, opts).reset_index(drop=True)
            if refs is not None:
                scored[_REFS] = refs.reset_index(drop=True)
            writer.write(scored)
            rows += len(scored)
    return TaskResult(task.index, rows, time.perf_counter() - t0, expected)


_WORKER_OPTS: ScanOptions | None = None


def _preload(opts: ScanOptions) -> None:
    """Load and warm up the model (a one-row score) in this process.

    Called in the main process before the workers start: a missing or tampered model fails here
    with one clear error before any work, and forked workers inherit the loaded model (its arrays
    stay shared between processes) instead of each loading it again.
    """
    from .schemas import messages_frame

    _score(messages_frame([{"message_id": "warmup", "text": "Thanks, that helps.",
                            "status": "ok"}]), opts)


_BLAS_LIMIT = None  # the worker's BLAS thread limit, kept alive for the worker's life


def blas_threads_per_worker(workers: int, cores: int | None = None) -> int:
    """BLAS threads each of ``workers`` processes may use so that together they fill the cores and
    no more: BLAS (the accurate tier's matrix products) starts one thread per core in every
    process, and two workers x two threads on two cores ran the accurate tier about 4x slower.

    >>> blas_threads_per_worker(2, cores=2), blas_threads_per_worker(2, cores=8), blas_threads_per_worker(4, cores=2)
    (1, 4, 1)
    """
    return max(1, (cores or default_jobs()) // max(1, workers))


def _init_worker(opts: ScanOptions, forked: bool, parent: int | None = None, blas_threads: int | None = None) -> None:
    """Per worker: die with the main process; share the cores' BLAS threads with the other workers;
    remember the options; load the model unless it came with the fork."""
    global _WORKER_OPTS, _BLAS_LIMIT
    _die_with_parent(parent)
    if blas_threads is not None:
        from threadpoolctl import threadpool_limits

        _BLAS_LIMIT = threadpool_limits(limits=blas_threads, user_api="blas")
    _WORKER_OPTS = opts
    if not forked:
        with contextlib.suppress(Exception):  # a real failure shows up on the first task
            _preload(opts)


def _die_with_parent(parent: int | None) -> None:
    """Linux: have the kernel kill this worker when the main process dies, even by SIGKILL or the OOM
    killer (a worker blocked on the task pipe would otherwise live on, holding its memory). SIGKILL,
    because a forked worker inherits the CLI's SIGTERM handler. Its unfinished part is simply redone
    by ``--resume``. Elsewhere a no-op; an interrupted main process still stops its workers itself."""
    if parent is None or not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(Exception):
        import ctypes
        import signal

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)


def _run_in_worker(task: Task, part: str) -> TaskResult:
    assert _WORKER_OPTS is not None
    return run_task(task, _WORKER_OPTS, part)


# ----------------------------------------------------------------------------------------------
# merge and count report


@dataclass
class SourceCounts:
    """The count report of one source: messages expected, and rows read by status."""

    source: str
    expected: int | None = None
    rows: int = 0
    ok: int = 0
    duplicate: int = 0
    automated: int = 0
    skipped: int = 0
    error: int = 0
    #: the Maildir this message file belongs to (the text summary shows one line per Maildir)
    folder: str | None = None

    @property
    def lost(self) -> int | None:
        """Expected minus rows (0 when nothing was lost); None when the format gives no count."""
        return None if self.expected is None else self.expected - self.rows


@dataclass
class ScanReport:
    """What a scan did: totals, per-source counts, relationships, time."""

    output: str
    rows: int = 0
    totals: dict[str, int] = field(default_factory=lambda: {"ok": 0, "duplicate": 0, "automated": 0,
                                                            "skipped": 0, "error": 0})
    relationships: int = 0
    seconds: float = 0.0
    tasks: int = 0
    tasks_skipped: int = 0
    jobs: int = 1
    sources: list[SourceCounts] = field(default_factory=list)
    #: rows taken from parts an earlier (interrupted) run finished: not read or scored by this run
    rows_reused: int = 0
    #: rows whose reason is a Python programming error (a frictionscan bug, not bad input), and the
    #: first such reason
    internal_errors: int = 0
    internal_error: str | None = None
    #: the shipped model tier that scored the rows (``fast`` or ``accurate``)
    model: str = "fast"

    @property
    def rows_processed(self) -> int:
        """Rows read and scored by this run (``rows`` minus those reused by ``--resume``)."""
        return max(self.rows - self.rows_reused, 0)

    @property
    def rate(self) -> float:
        """Messages per second over the rows this run processed."""
        return self.rows_processed / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for s in d["sources"]:  # only an mbox is counted apart from its rows; elsewhere expected = read
            if s["expected"] is None:
                s["expected"] = s["rows"]
        d["rate"] = self.rate
        d["rows_processed"] = self.rows_processed
        return d




def _count_internal_errors(table: Any, report: ScanReport) -> None:
    """Add the rows failed by a Python programming error to ``report``: those whose ``error``
    starts with the marker only the readers' exception handlers write
    (:data:`frictionscan.ingest.registry.INTERNAL_ERROR`), never text quoted from the input."""
    import pyarrow.compute as pc

    from .ingest.registry import INTERNAL_ERROR

    if "error" not in table.column_names:
        return
    col = table.column("error")
    hits = pc.fill_null(pc.starts_with(col, INTERNAL_ERROR), False)
    n = pc.sum(hits).as_py() or 0
    if not n:
        return
    if report.internal_error is None:
        report.internal_error = col.filter(hits)[0].as_py()
    report.internal_errors += n


def _mark_cross_task_duplicates(table: Any, seen: set[str]) -> Any:
    """Flag ok rows whose message_id was seen before (in this or an earlier task) as duplicates.

    The reader already does this within one task; this extends the rule across tasks (files, and
    byte ranges of one mbox), so a parallel scan flags exactly what one sequential read would. A
    flagged row loses its scores, flags and evidence, as the scorer does for non-ok rows.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    from .schemas import SIGNALS

    ids = table.column("message_id").to_pylist()
    status = table.column("status").to_pylist()
    dup = []
    for i, st in zip(ids, status, strict=True):
        if i is None:
            dup.append(False)
            continue
        dup.append(st == "ok" and i in seen)
        if st != "skipped":  # a draft's id comes back on its sent copy (see RecordFinisher.finish)
            seen.add(i)
    if not any(dup):
        return table
    mask = pa.array(dup, type=pa.bool_())

    def put(name: str, values: Any) -> None:
        nonlocal table
        if name in table.column_names:
            k = table.column_names.index(name)
            table = table.set_column(k, table.schema.field(k), values)

    put("status", pa.array(["duplicate" if d else s for d, s in zip(dup, status, strict=True)],
                           type=pa.string()))
    if "error" in table.column_names:
        errors = table.column("error").to_pylist()
        put("error", pa.array([
            ((f"{e}; " if e else "") + f"duplicate of an earlier message with the same id <{i}>")
            if d else e
            for d, e, i in zip(dup, errors, ids, strict=True)
        ], type=pa.string()))
    for name in (*SIGNALS, *(f"{s}_flag" for s in SIGNALS), "commitment_due", "evidence", "language"):
        if name not in table.column_names:
            continue
        col = table.column(name)
        if name == "evidence":
            empty = pa.scalar([], type=col.type) if pa.types.is_list(col.type) else pa.scalar(
                "[]", type=col.type)
        else:
            empty = pa.scalar(None, type=col.type)
        put(name, pc.if_else(mask, empty, col))
    return table


def _merge(
    task: Task,
    result: TaskResult,
    parts_dir: Path,
    writer: TableWriter,
    report: ScanReport,
    seen: set[str],
    relationships: set[str],
    per_source: dict[str, SourceCounts],
    rethread: Callable[[Any], Any],
) -> None:
    """Append the part of ``task`` to ``writer`` and add its rows to the count report.

    Works on Arrow tables throughout (no pandas round trip) when the output is Parquet.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .io import _arrow_to_pandas

    # keyed as the rows name their file: a name that is not UTF-8 is shown with \xNN escapes
    source = _shown(task.source)
    folder = None if task.maildir is None else _shown(task.maildir)
    counts = per_source.setdefault(source, SourceCounts(source, folder=folder))
    if result.expected is not None:
        counts.expected = (counts.expected or 0) + result.expected
    part = parts_dir / task.part_name
    if not part.exists():
        return
    pf = pq.ParquetFile(part)
    if pf.metadata.num_rows == 0:
        return
    for batch in pf.iter_batches(batch_size=20_000):
        table = pa.Table.from_batches([batch])
        table = rethread(table)
        table = _mark_cross_task_duplicates(table, seen)
        if writer.format == "parquet":
            writer.write_arrow(table)
        else:
            writer.write(_arrow_to_pandas(table))
        report.rows += table.num_rows
        _count_internal_errors(table, report)
        # per source *file*: a folder task holds rows of many files
        files = table.column("source").to_pylist()
        for (file_, st), n in Counter(zip(files, table.column("status").to_pylist(),
                                          strict=True)).items():
            file_ = file_ if file_ is not None else source
            st = st if st in ("ok", "duplicate", "automated", "skipped", "error") else "error"
            c = per_source.setdefault(file_, SourceCounts(file_, folder=folder))
            c.rows += n
            setattr(c, st, getattr(c, st) + n)
            report.totals[st] = report.totals.get(st, 0) + n
        # accounts of ok rows only: a spam sender or a bounce's domain is no client
        relationships.update(r for r, st in set(zip(table.column("relationship").to_pylist(),
                                                    table.column("status").to_pylist(), strict=True))
                             if r and st == "ok")


# ----------------------------------------------------------------------------------------------
# the scan


def _fmt_num(n: float) -> str:
    return f"{n:,.0f}"


class Progress:
    """A one-line progress display on a terminal stream (nothing at all when not a TTY)."""

    def __init__(self, total_bytes: int, stream: Any = None, enabled: bool | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            isatty = getattr(self.stream, "isatty", None)
            enabled = bool(isatty and isatty()) and not os.environ.get("CI")
        self.enabled = enabled
        self.total = max(total_bytes, 1)
        self.done_bytes = 0
        self.messages = 0
        self.t0 = time.perf_counter()
        self._last = 0.0

    def update(self, nbytes: int, messages: int) -> None:
        self.done_bytes += nbytes
        self.messages += messages
        if not self.enabled:
            return
        now = time.perf_counter()
        if now - self._last < 0.2 and self.done_bytes < self.total:
            return
        self._last = now
        elapsed = now - self.t0
        frac = min(self.done_bytes / self.total, 1.0)
        rate = self.messages / elapsed if elapsed > 0 else 0.0
        eta = elapsed * (1 - frac) / frac if frac > 0 else 0.0
        bar = "#" * int(frac * 24)
        self.stream.write(
            f"\r[{bar:<24}] {frac:4.0%}  {_fmt_num(self.messages)} messages  "
            f"{_fmt_num(rate)} msg/s  ETA {int(eta) // 60}:{int(eta) % 60:02d} "
        )
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


def _fresh_state(opts: ScanOptions, output: Path) -> dict[str, Any]:
    return {"version": STATE_VERSION, "output": str(output), "options": opts.fingerprint(),
            "complete": False, "tasks": {}}


def scan(
    sources: Sequence[str | os.PathLike[str]],
    output: str | os.PathLike[str],
    *,
    internal_domains: Iterable[str] = (),
    accounts: str | os.PathLike[str] | None = None,
    jobs: int | None = None,
    resume: bool = False,
    chunksize: int = DEFAULT_CHUNKSIZE,
    sensitivity: str = "balanced",
    split_bytes: int = DEFAULT_SPLIT_BYTES,
    progress: bool | None = None,
    read_kwargs: dict[str, Any] | None = None,
    thread_window: int | None = DEFAULT_THREAD_WINDOW,
    languages: Sequence[str] | None = ("en",),
    model: str = "fast",
) -> ScanReport:
    """Read, clean and score ``sources`` into one output file; return the count report.

    Parameters
    ----------
    sources : mbox / Maildir / .eml / .msg / transcript / helpdesk files or folders.
    output : ``.parquet``, ``.csv`` or ``.jsonl`` (``.gz`` allowed for the text formats).
    internal_domains : our own email domains (for ``direction`` and ``relationship``).
    accounts : a CSV mapping domains or addresses to account names.
    jobs : worker processes (default: all cores); 1 runs everything in this process.
    resume : skip tasks a previous interrupted run of the same command finished.
    chunksize : messages read and scored at a time per worker (bounds memory).
    sensitivity : ``loose``, ``balanced`` or ``strict`` (flag thresholds).
    split_bytes : mbox files larger than this are read in parallel ranges of about this size.
    progress : show a progress line on stderr (default: only when stderr is a terminal).
    thread_window : threads are linked across all messages up to this many (default 50,000),
        then the thread index starts afresh to bound memory; None or 0 = never (exact threads,
        memory grows by under 1 KB per message).
    languages : the languages the model reads (default English only; None: every language), as
        :func:`frictionscan.score`'s ``languages``.
    model : ``"fast"`` (default) or ``"accurate"``: the shipped model to score with, as
        :func:`frictionscan.score`'s ``model``.

    Returns
    -------
    ScanReport
        Totals by status, distinct relationships, time, and per-source counts (expected vs read).

    Examples
    --------
    >>> scan(["inbox.mbox"], "scored.parquet", internal_domains=["ourco.io"])  # doctest: +SKIP
    """
    t0 = time.perf_counter()
    if sensitivity not in SENSITIVITIES:
        raise InvalidOptionError(
            f"unknown sensitivity {sensitivity!r}; choose one of {list(SENSITIVITIES)}"
        )
    from .detect.score import MODEL_TIERS

    if model not in MODEL_TIERS:
        raise InvalidOptionError(f"unknown model {model!r}; choose one of {list(MODEL_TIERS)}")
    if chunksize < 1:
        raise InvalidOptionError(f"chunksize must be a positive number of messages, got {chunksize}")
    jobs = default_jobs() if jobs is None or jobs == 0 else jobs
    if jobs < 1:
        raise InvalidOptionError(f"jobs must be at least 1 (or 0 for all cores), got {jobs}")
    if not sources:
        raise InvalidOptionError("no source given: pass at least one mailbox file or folder")
    if accounts is not None and not Path(accounts).is_file():
        raise SourceNotFoundError(f"accounts file not found: {str(accounts)!r}. Check the path.")
    out = check_output_path(output)
    if any(same_file(src, out) for src in sources):
        raise InvalidOptionError(
            f"the output {str(output)!r} is also one of the sources; writing it would replace your "
            "input. Choose another output file.")
    from .detect.score import _check_languages
    from .ingest.pipeline import make_options

    opts = ScanOptions(
        internal_domains=tuple(internal_domains),
        accounts=str(accounts) if accounts is not None else None,
        sensitivity=sensitivity,
        chunksize=chunksize,
        read_kwargs=tuple(sorted((read_kwargs or {}).items())),
        languages=None if (read := _check_languages(languages)) is None else tuple(sorted(read)),
        model=model,
    )
    kw = _read_kwargs(opts)  # the same read options the workers will use
    make_options(**kw)  # a bad option (e.g. an unreadable accounts file) fails here, once
    state_file, parts_dir = state_paths(out)
    tasks = plan_tasks(sources, split_bytes=split_bytes, read_kwargs=kw,
                       exclude=[out, state_file, parts_dir])
    _preload(opts)

    state = _load_state(state_file) if resume else None
    now = opts.fingerprint()
    if state is not None and state.get("options") != now:
        before = state.get("options") or {}
        changed = "; ".join(f"{k}: {before.get(k)!r} -> {now.get(k)!r}" for k in now if before.get(k) != now.get(k))
        raise InvalidOptionError(
            f"--resume: {state_file.name} was made with different options ({changed}); "
            "run again without --resume to start over"
        )
    if state is None:
        state = _fresh_state(opts, out)
        if parts_dir.exists():
            shutil.rmtree(parts_dir, ignore_errors=True)
    unchanged: set[int] = set()  # finished by the earlier run, source untouched since
    for task in tasks:
        rec = state["tasks"].get(task.key)
        if (
            rec is not None
            and rec.get("done")
            and rec.get("size") == task.size
            and rec.get("mtime_ns") == task.mtime_ns
            and rec.get("part") == task.part_name
        ):
            unchanged.add(task.index)
    # reusable: its part is still there (the parts are removed once a run completes)
    done = {i for i in unchanged if (parts_dir / tasks[i].part_name).exists()}
    if (state.get("complete") and state.get("output_stamp") == _file_stamp(out)
            and len(unchanged) == len(tasks) == len(state["tasks"])):
        # a finished run: nothing to redo; report what it wrote
        rep = state.get("report") or {}
        report = ScanReport(output=str(out), model=opts.model)
        for k in ("rows", "relationships", "tasks", "jobs", "internal_errors"):
            setattr(report, k, rep.get(k, 0))
        report.internal_error = rep.get("internal_error")
        report.rows_reused = report.rows  # nothing was read or scored again
        report.totals = rep.get("totals", report.totals)
        report.sources = [SourceCounts(**{k: v for k, v in s.items() if k != "lost"})
                          for s in rep.get("sources", [])]
        report.tasks_skipped = len(tasks)
        report.seconds = time.perf_counter() - t0
        return report
    state["complete"] = False
    state["tasks"] = {k: v for k, v in state["tasks"].items() if v.get("done")}
    parts_dir.mkdir(exist_ok=True)
    _save_state(state_file, state)

    report = ScanReport(output=str(out), tasks=len(tasks), tasks_skipped=len(done), jobs=jobs, model=opts.model)
    bar = Progress(sum(t.nbytes for t in tasks), enabled=progress)
    finished: dict[int, TaskResult] = {}

    last_save = 0.0

    def mark_done(task: Task, res: TaskResult) -> None:
        finished[task.index] = res
        state["tasks"][task.key] = {
            "done": True, "source": task.source, "start": task.start, "end": task.end,
            "size": task.size, "mtime_ns": task.mtime_ns, "part": task.part_name,
            "rows": res.rows, "expected": res.expected, "seconds": round(res.seconds, 3),
        }
        nonlocal last_save
        now = time.monotonic()
        if now - last_save > 1.0:  # a killed run loses at most a second of bookkeeping
            _save_state(state_file, state)
            last_save = now
        bar.update(task.nbytes, res.rows)

    for t in tasks:
        if t.index in done:
            rec = state["tasks"][t.key]
            finished[t.index] = TaskResult(t.index, int(rec.get("rows", 0)), 0.0,
                                           rec.get("expected"))
            report.rows_reused += int(rec.get("rows", 0))
            bar.update(t.nbytes, 0)

    writer = TableWriter(out)
    seen: set[str] = set()
    relationships: set[str] = set()
    per_source: dict[str, SourceCounts] = {}
    # one thread index over all sources, as one iter_read would use
    rethreader = _Rethreader(thread_window or None)
    merged = 0  # tasks[:merged] are in the output already

    def merge_ready() -> None:
        nonlocal merged
        while merged < len(tasks) and tasks[merged].index in finished:
            task = tasks[merged]
            _merge(task, finished[task.index], parts_dir, writer, report, seen, relationships,
                   per_source, rethreader)
            merged += 1

    todo = [t for t in tasks if t.index not in done]
    try:
        if jobs == 1 or len(todo) <= 1:
            for task in todo:
                merge_ready()
                res = run_task(task, opts, parts_dir / task.part_name)
                mark_done(task, res)
            merge_ready()
        else:
            _run_pool(todo, opts, parts_dir, min(jobs, len(todo)), mark_done, merge_ready)
        merge_ready()
        if report.rows == 0:  # still write the columns
            writer.write(_empty_scored())
        writer.close()
    except BaseException:
        writer.abort()
        bar.close()
        with contextlib.suppress(Exception):
            _save_state(state_file, state)  # what finished before the interruption
        raise
    bar.close()

    # order the count report as the sources were given, then any file found inside folders
    order: dict[str, int] = {}
    for t in tasks:
        for name in (t.source, *t.members):
            order.setdefault(_shown(name), len(order))
    report.sources = sorted(per_source.values(),
                            key=lambda c: (order.get(c.source, len(order)), c.source))
    folders = _folders(tasks)
    report.sources = [c for c in report.sources if c.rows or c.expected or c.source not in folders]
    report.relationships = len(relationships)
    report.seconds = time.perf_counter() - t0
    state["complete"] = True
    state["report"] = report.to_dict()
    state["output_stamp"] = _file_stamp(out)  # a finished run is reused only while its output is intact
    _save_state(state_file, state)
    shutil.rmtree(parts_dir, ignore_errors=True)
    return report


def _folders(tasks: Sequence[Task]) -> set[str]:
    return {_shown(t.source) for t in tasks if Path(t.source).is_dir()}


def _shown(path: str) -> str:
    """A path as the ``source`` column names it (see ``ingest.pipeline.printable_path``), so the
    messages a task expects and the rows read from it meet on one line of the count report."""
    from .ingest.pipeline import printable_path

    return printable_path(path)


def _empty_scored() -> pd.DataFrame:
    from .detect.score import score
    from .schemas import empty_messages

    return score(empty_messages())


def _run_pool(
    todo: list[Task],
    opts: ScanOptions,
    parts_dir: Path,
    jobs: int,
    on_done: Callable[[Task, TaskResult], None],
    on_progress: Callable[[], None],
) -> None:
    method = START_METHOD or ("fork" if sys.platform.startswith("linux") else "spawn")
    ctx = mp.get_context(method)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker,
                             initargs=(opts, method == "fork", os.getpid(), blas_threads_per_worker(jobs))) as pool:
        pending: dict[Future[TaskResult], Task] = {}
        queue = list(reversed(todo))
        try:
            # keep at most 2 tasks per worker in flight so that merging can follow the head
            while queue or pending:
                while queue and len(pending) < 2 * jobs:
                    task = queue.pop()
                    pending[pool.submit(_run_in_worker, task, str(parts_dir / task.part_name))] = task
                ready, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in ready:
                    task = pending.pop(fut)
                    on_done(task, fut.result())
                on_progress()
        except BaseException:
            for fut in pending:
                fut.cancel()
            raise
