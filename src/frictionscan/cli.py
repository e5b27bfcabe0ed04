"""The ``frictionscan`` command line: ``scan``, ``health``, ``commitments`` and ``report``.

Every heavy import happens inside the command that needs it, so ``frictionscan --help`` is instant.
A mistake a user can fix (missing file, unsupported format, unwritable output, bad option) prints one
``Error: ...`` line and exits with status 1 (2 for a malformed command line); never a traceback.
A scan whose rows hold reasons that are Python programming errors (a frictionscan bug) still writes
its output, then warns and exits with :data:`EXIT_INTERNAL_ERROR`.

Examples
--------
>>> from click.testing import CliRunner
>>> result = CliRunner().invoke(cli, ["--version"])
>>> result.output.startswith("frictionscan, version ")
True
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import re
import sys
import warnings
from collections.abc import Sequence
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import click

from . import __version__
from ._text import escape_unsafe
from .errors import FrictionscanError, FrictionscanWarning, LanguageWarning, LeftOutWarning

__all__ = ["EXIT_INTERNAL_ERROR", "cli", "main"]

#: exit status of a scan that finished but whose rows hold reasons that are Python programming
#: errors (NameError, TypeError...): a bug in frictionscan, not bad input, so a cron job must notice
EXIT_INTERNAL_ERROR = 3

_CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


#: Commands defined in other modules, loaded only when used (``name -> "module:attribute"``).
#: A module that does not exist yet simply leaves its command out of ``--help``.
LAZY_COMMANDS: dict[str, str] = {}

def safe_text(text: str, *, keep_newlines: bool = False) -> str:
    r"""``text`` with control and bidi characters shown as escapes, for printing on a terminal.

    File names, sender domains and error messages can come from outsiders; printed raw, an
    ``ESC ]0;...BEL`` in a file name would retitle the terminal and a U+202E would reverse it.
    (One definition of those characters for the package: :mod:`frictionscan._text`.)

    >>> safe_text("a\x1b]0;pwned\x07.eml")
    'a\\x1b]0;pwned\\x07.eml'
    >>> safe_text("invoice\u202egpj.eml")
    'invoice\\u202egpj.eml'
    """
    return escape_unsafe(text, keep_newlines=keep_newlines)


class _Group(click.Group):
    """A click group that turns frictionscan's own errors into one ``Error:`` line.

    It also lists the :data:`LAZY_COMMANDS` whose module is installed, importing a module only
    when its command runs (or its help is shown), so ``frictionscan --help`` stays instant.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        import importlib.util

        names = set(super().list_commands(ctx))
        for name, target in LAZY_COMMANDS.items():
            module = target.split(":")[0]
            try:
                if importlib.util.find_spec(module) is not None:
                    names.add(name)
            except ModuleNotFoundError:
                continue
        return sorted(names)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        cmd = super().get_command(ctx, cmd_name)
        if cmd is not None or cmd_name not in LAZY_COMMANDS:
            return cmd
        import importlib

        module, attr = LAZY_COMMANDS[cmd_name].split(":")
        try:
            found = getattr(importlib.import_module(module), attr)
        except (ModuleNotFoundError, AttributeError):
            return None
        return found if isinstance(found, click.Command) else None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except FrictionscanError as exc:
            raise click.ClickException(safe_text(str(exc), keep_newlines=True)) from None
        except BrokenProcessPool:
            raise click.ClickException(
                "a worker process died (killed, or out of memory?). Finished parts are kept: run "
                "the same command again with --resume, perhaps with fewer --jobs or a smaller "
                "--chunksize"
            ) from None
        except MemoryError:
            raise click.ClickException(
                "out of memory; lower --chunksize or --jobs and run again with --resume"
            ) from None
        except BrokenPipeError:
            raise  # `frictionscan scan ... | head`: click leaves quietly, the output file is whole
        except OSError as exc:  # disk full, permission denied while writing...
            where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
            raise click.ClickException(safe_text(f"{exc.strerror or exc}{where}", keep_newlines=True)) from None


@click.group(cls=_Group, context_settings=_CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="frictionscan")
def cli() -> None:
    """Find friction (frustration, blame, unmet expectations) and repair in client communications.

    \b
    Typical run:
      frictionscan scan mail/ --internal-domain ourco.io -o scored.parquet
      frictionscan health scored.parquet --freq W -o health.csv
      frictionscan commitments scored.parquet -o commitments.csv
      frictionscan report scored.parquet -o report.html

    Run `frictionscan COMMAND --help` for each command's options.
    """


# ----------------------------------------------------------------------------------------------
# scan


def _display_path(path: str) -> str:
    """``path`` relative to the working folder when it lies inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return path
    return rel if not rel.startswith("..") else path


def _count(n: int, noun: str) -> str:
    """'1 row', '2,000 rows'."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _print_summary(report: Any, *, as_json: bool, warnings: Sequence[str] = ()) -> None:
    """The scan's count report; ``warnings`` ('Warning: ...' lines) go to stderr after it, or into
    the JSON's ``warnings`` list."""
    if as_json:
        out = report.to_dict()
        out["warnings"] = [w.removeprefix("Warning: ") for w in warnings]  # always there, maybe []
        click.echo(json.dumps(out, indent=1, default=str))
        return
    t = report.totals
    rel = report.relationships
    lines = [
        f"Wrote {_count(report.rows, 'row')} to {safe_text(report.output)}",
        f"  messages read: {report.rows:,}   ok: {t.get('ok', 0):,}   duplicate: "
        f"{t.get('duplicate', 0):,}   automated: {t.get('automated', 0):,}   skipped: "
        f"{t.get('skipped', 0):,}   error: {t.get('error', 0):,}",
        f"  relationships: {rel:,}   time: {report.seconds:.1f}s   "
        f"({report.rate:,.0f} messages/s, {report.jobs} job{'s' if report.jobs != 1 else ''}, "
        f"{getattr(report, 'model', 'fast')} model)",
    ]
    reused = getattr(report, "rows_reused", 0)
    if report.tasks_skipped and reused >= report.rows:
        lines.append(f"  resumed: the earlier run had finished; all {report.rows:,} rows are "
                     "reused, nothing was read again")
    elif report.tasks_skipped:
        lines.append(f"  resumed: {report.tasks_skipped} of {report.tasks} parts were already done "
                     f"({reused:,} rows reused; messages/s counts the "
                     f"{report.rows - reused:,} rows processed in this run)")
    sources = _per_folder(report.sources)
    if sources:
        shown = {s.source: safe_text(_display_path(s.source)) for s in sources}
        width = min(max(len(v) for v in shown.values()), 60)
        lines.append("")
        lines.append(f"  {'source':<{width}}  {'expected':>9}  {'read':>9}  {'ok':>9}  "
                     f"{'duplicate':>9}  {'automated':>9}  {'skipped':>9}  {'error':>9}")
        for s in sources:
            name = shown[s.source]
            name = name if len(name) <= width else "..." + name[-(width - 3):]
            exp = f"{s.expected:,}" if s.expected is not None else f"{s.rows:,}"
            mark = "" if s.lost in (None, 0) else f"   <- {s.lost:+,} not read"
            lines.append(f"  {name:<{width}}  {exp:>9}  {s.rows:>9,}  {s.ok:>9,}  "
                         f"{s.duplicate:>9,}  {s.automated:>9,}  {s.skipped:>9,}  {s.error:>9,}{mark}")
    click.echo("\n".join(lines))
    lost = sum(s.lost for s in report.sources if s.lost)
    if lost:
        click.echo(f"Warning: {lost:,} message(s) counted in the sources have no row in the "
                   "output; please report this with the source file.", err=True)
    for warning in warnings:
        click.echo(safe_text(warning), err=True)


def _per_folder(sources: Sequence[Any]) -> list[Any]:
    """The count report's lines: one per source file, except that the message files of a Maildir
    (``folder`` set) are summed into one line for that Maildir, where its first file was."""
    from .parallel import SourceCounts

    out: list[Any] = []
    boxes: dict[str, Any] = {}
    for s in sources:
        folder = getattr(s, "folder", None)
        if not folder:
            out.append(s)
            continue
        box = boxes.get(folder)
        if box is None:
            box = boxes[folder] = SourceCounts(folder, folder=folder)
            out.append(box)
        for k in ("rows", "ok", "duplicate", "automated", "skipped", "error"):
            setattr(box, k, getattr(box, k) + getattr(s, k))
        if s.expected is not None:
            box.expected = (box.expected or 0) + s.expected
    return out


def _internal_error_warning(report: Any) -> str | None:
    """The warning for rows whose reason is a Python programming error (a frictionscan bug)."""
    n = getattr(report, "internal_errors", 0)
    if not n:
        return None
    first = safe_text(str(report.internal_error or ""))
    return (f"Warning: {n:,} row(s) failed with a Python programming error, not bad input; first: "
            f"{first!r}. This is a bug in frictionscan: please report it (with the frictionscan "
            f"version and that reason). The output was written, but check it before use; exit "
            f"status {EXIT_INTERNAL_ERROR}.")


class _Directions:
    """What the scan wrote, counted in one read of the output: the directions of the ok email
    rows, the sender domains of the inbound ones, and the directions of the ok transcript, chat
    and helpdesk rows (the two direction warnings below both use it)."""

    def __init__(self, output: str) -> None:
        from collections import Counter

        from .detect.language import unread
        from .io import iter_table
        from .schemas import MESSAGE_COLUMNS, SCORED_EXTRA_COLUMNS, ok_mask

        keep = {"sender", "channel", "direction", "status", "error", "language", "timestamp", "relationship"}
        skip = [c for c in (*MESSAGE_COLUMNS, *SCORED_EXTRA_COLUMNS) if c not in keep]
        self.email: Counter[str] = Counter()
        self.domains: Counter[str] = Counter()
        self.speakers: Counter[str] = Counter()
        self.helpdesk: Counter[str] = Counter()  # directions of the ok helpdesk rows
        self.email_rows = 0  # ok email rows, whatever their direction
        #: rows whose numeric helpdesk date order was a guess: "month/day" or "day/month"
        self.guessed_order: Counter[str] = Counter()
        #: ok rows the English model could not read, by language
        self.languages: Counter[str] = Counter()
        #: helpdesk files whose times carry no zone (read as UTC; said on each file's first row)
        self.zoneless_files = 0
        #: ok rows with no time (an unknown zone name, an unreadable or missing date), by channel
        self.no_time: Counter[str] = Counter()
        #: ok client or our rows with no relationship (a call no file name, title or attendee
        #: tied to an account), by channel
        self.no_account: Counter[str] = Counter()
        for chunk in iter_table(output, exclude=skip):
            if len(chunk) and "error" in chunk.columns:
                error = chunk["error"].astype("string")
                for order, flag in (("month/day", "(scan --dayfirst)"), ("day/month", "(scan --monthfirst)")):
                    n = int(error.str.contains(flag, regex=False).fillna(False).sum())
                    if n:
                        self.guessed_order[order] += n
                self.zoneless_files += int(error.str.contains(_ZONELESS, regex=False).fillna(False).sum())
            if len(chunk):
                self.languages.update(unread(chunk).tolist())
            if len(chunk) and "timestamp" in chunk.columns:
                undated = ok_mask(chunk) & chunk["timestamp"].isna()
                if undated.any():
                    where = (chunk.loc[undated, "channel"].astype("string").fillna("other")
                             if "channel" in chunk.columns else ["other"] * int(undated.sum()))
                    self.no_time.update(list(where))
            if not len(chunk) or "direction" not in chunk.columns:
                continue
            ok = ok_mask(chunk)
            if "relationship" in chunk.columns:
                sided = ok & chunk["direction"].isin(["inbound", "outbound"]).fillna(False).to_numpy(dtype=bool)
                lost = sided & chunk["relationship"].isna().to_numpy(dtype=bool)
                if lost.any():
                    where = (chunk.loc[lost, "channel"].astype("string").fillna("other")
                             if "channel" in chunk.columns else ["other"] * int(lost.sum()))
                    self.no_account.update(list(where))
            if "channel" in chunk.columns:
                channel = chunk["channel"].astype("string")
                email = channel.eq("email").fillna(False)
                spoken = ok & channel.isin(_SPEAKER_CHANNELS).fillna(False)
                self.speakers.update(
                    chunk.loc[spoken, "direction"].astype("string").fillna("none").tolist())
                desk = ok & channel.eq("helpdesk").fillna(False)
                self.helpdesk.update(chunk.loc[desk, "direction"].astype("string").fillna("none").tolist())
            else:
                email = True
            rows = chunk[ok & email]
            self.email_rows += len(rows)
            direction = rows["direction"].astype("string")
            self.email.update(direction.dropna().tolist())
            if "sender" in rows.columns:
                senders = rows["sender"].astype("string")[direction.eq("inbound").fillna(False)].dropna()
                if len(senders):  # (rpartition of an empty column has no columns to index)
                    self.domains.update(d for d in senders.str.rpartition("@")[2].tolist() if d)


def _direction_warning(seen: _Directions, internal_domains: Sequence[str]) -> str | None:
    """A warning when ``--internal-domain`` matched none of the email senders.

    When every ok email row came out ``inbound`` (none ``outbound`` or ``internal``), our own mail
    was most likely taken for client mail: a typo, or a subdomain (``eu.ourco.io``) given where the
    mail comes from the parent domain. The warning names the most common sender domains.
    """
    counts = seen.email
    inbound = counts.get("inbound", 0)
    if not inbound or counts.get("outbound", 0) or counts.get("internal", 0):
        return None
    given = sorted({d.strip().lstrip("@").lower() for d in internal_domains})
    top = seen.domains.most_common(3)
    listing = ", ".join(f"{d} ({n:,})" for d, n in top)
    hint = next((f"; did you mean --internal-domain {d}?" for d, _ in top
                 if any(g.endswith("." + d) for g in given)), "")
    return (f"Warning: all {inbound:,} email messages came out inbound, none outbound or internal: "
            f"check --internal-domain ({', '.join(given)}). Most common sender domains: "
            f"{listing}{hint}")


def _empty_warning(report: Any) -> str | None:
    """A warning when a scan produced nothing usable: an empty export, or one whose every row is
    an error (an HTML error page saved as the CSV), must not look like a quiet night."""
    if report.rows == 0:
        return ("Warning: no message was read: check the paths and that the export is not empty.")
    ok = report.totals.get("ok", 0)
    if ok == 0:
        rest = ", ".join(f"{n:,} {k}" for k, n in report.totals.items() if n)
        return (f"Warning: none of the {report.rows:,} messages is usable ({rest}): check the "
                "export; the error column says why each row failed.")
    return None


def _no_domain_warning(seen: _Directions) -> str | None:
    """Without --internal-domain, email rows get no direction (transcripts alone need none)."""
    if not seen.email_rows:
        return None
    return (f"Warning: no --internal-domain given; direction is unknown for the {seen.email_rows:,} "
            "email messages, so health and commitments will leave them out.")


def _date_order_warning(seen: _Directions) -> str | None:
    """A warning when helpdesk dates such as 02/03/2026 were read in a guessed order (every date
    in their file had a day of 12 or less), so a UK/EU export is not silently read as US."""
    if not seen.guessed_order:
        return None
    parts = []
    for order, n in seen.guessed_order.items():
        other = "--dayfirst" if order == "month/day" else "--monthfirst"
        parts.append(f"{n:,} read as {order} (if they are not, run again with {other})")
    return ("Warning: helpdesk dates whose day and month could each be 12 or less were read in a "
            "guessed order: " + "; ".join(parts) + ". The error column notes each such row.")


#: the note the helpdesk reader puts on a file's first time without a zone (ingest/helpdesk.py)
_ZONELESS = "times without a time zone are read as UTC"


def _check_language_option(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    """``scan --language``: ISO 639-1 codes or 'any', refused before anything is read (a typo
    would leave every English message unscored)."""
    from .detect.score import ISO_639_1

    bad = [v for v in value if v.strip().lower() not in ISO_639_1 and v.strip().lower() != "any"]
    if bad:
        raise click.BadParameter(
            f"{', '.join(map(repr, bad))} is not a two-letter ISO 639-1 language code: give the "
            "languages the model reads (en, de, fr, ...; repeat the option for several) or 'any'.")
    return value


def _language_warning(seen: _Directions, languages: Sequence[str] = ()) -> str | None:
    """A warning when ok messages are not in English: the model could not read them, so their
    scores are NaN and health counts them as messages without signals."""
    if not seen.languages:
        return None
    from .detect.language import unread_words

    n = sum(seen.languages.values())
    read = [x for x in languages if x.strip().lower() != "any"]
    what, why = unread_words(dict(seen.languages.most_common()), read=read)
    return (f"Warning: {n:,} message{'s are' if n != 1 else ' is'} {what}: {why}, so "
            "their scores are empty (NaN) and health counts them as messages without friction or "
            "repair; the language column says which.")


def _zoneless_warning(seen: _Directions) -> str | None:
    """A warning when helpdesk times carried no zone and were read as UTC (a local-time export
    would shift every reply time)."""
    if not seen.zoneless_files:
        return None
    n = seen.zoneless_files
    return (f"Warning: {n:,} helpdesk file{'s' if n != 1 else ''} wrote times without a time zone; "
            "they were read as UTC. If the export is in local time, export with offsets (or ISO "
            "times with a zone); the error column of each file's first such row says so.")


def _no_time_warning(seen: _Directions) -> str | None:
    """A warning when usable rows came out with no time (a zone name the helpdesk reader does not
    know, "XYZ"; an unreadable date; mail without a Date): health and commitments leave them out,
    which the scan must say before they do."""
    if not seen.no_time:
        return None
    n = sum(seen.no_time.values())
    by = ", ".join(f"{k} {v:,}" for k, v in seen.no_time.most_common())
    hint = (": for a helpdesk export, an unknown time zone or an unreadable date; export the dates "
            "with a UTC offset, e.g. '2025-04-01T09:15:00+02:00'" if seen.no_time.get("helpdesk") else "")
    if seen.no_time.get("transcript") or seen.no_time.get("chat"):
        # a transcript has clock times only: its date comes from the file (name) or start=
        hint += ("; for a transcript, put the meeting's start in the file name (e.g. 'Acme sync "
                 "2025-03-12 14-00.vtt') or read it with fs.read(..., start=...)")
    return (f"Warning: {n:,} usable message{'s have' if n != 1 else ' has'} no time ({by}), so "
            f"health and commitments will leave them out; the error column of each says why{hint}.")


def _no_account_warning(seen: _Directions) -> str | None:
    """A warning when client or our messages came out with no relationship (QA14: a call whose
    file name, title and attendees named no account): health and commitments leave them out."""
    if not seen.no_account:
        return None
    n = sum(seen.no_account.values())
    by = ", ".join(f"{k} {v:,}" for k, v in seen.no_account.most_common())
    spoken = seen.no_account.get("transcript", 0) + seen.no_account.get("chat", 0)
    hint = ("; for a call, put the account in its file or folder name, or pass --relationship for "
            "calls that name none" if spoken else "")
    return (f"Warning: {n:,} usable message{'s have' if n != 1 else ' has'} no relationship "
            f"({by}), so health and commitments will leave them out; map them with --accounts{hint}.")


#: Channels whose direction comes from the speaker (``--internal-speaker``), not the mail domain.
_SPEAKER_CHANNELS = ("transcript", "chat")


def _speaker_warning(seen: _Directions, internal_speakers: Sequence[str]) -> str | None:
    """A warning when no transcript or chat row came out as ours.

    Without ``--internal-speaker`` every turn of a call has an unknown direction, and ``health``
    and ``commitments`` then leave all of them out; with names that match nobody every turn is
    taken for the client's (all inbound).
    """
    counts = seen.speakers
    rows = sum(counts.values())
    none = counts.get("none", 0)
    if rows and none * 2 >= rows and none < rows:  # most of them (QA pass 11: 60 of 68)
        return (f"Warning: {none:,} of {rows:,} transcript or chat messages have no "
                "direction, so health and commitments will leave them out; pass --internal-speaker "
                "NAME for each of our people who speaks in them (as the name appears in the files).")
    if not rows or counts.get("outbound", 0) or counts.get("internal", 0):
        return None
    what = f"all {rows:,} transcript or chat messages"
    if none == rows:
        return (f"Warning: {what} have no direction, so health and commitments will leave them "
                'out; pass --internal-speaker NAME for each of our people (e.g. --internal-speaker '
                '"Dana Whitlock"), as the name appears in the files.')
    if internal_speakers:
        names = ", ".join(repr(s) for s in internal_speakers)
        return (f"Warning: {what} came out inbound or without direction, none outbound: none of "
                f"--internal-speaker {names} matched a speaker; check the names as written in "
                "the files.")
    return None


def _helpdesk_warning(seen: _Directions) -> str | None:
    """A warning when most helpdesk rows have no direction: the option that helps there is a
    column mapping, or for a Jira export (which has no such column) --internal-speaker."""
    rows = sum(seen.helpdesk.values())
    none = seen.helpdesk.get("none", 0)
    if not rows or none * 2 < rows:
        return None
    return (f"Warning: {none:,} of {rows:,} helpdesk messages have no direction, so health and "
            "commitments will leave them out; map the column that says who wrote each row: "
            "--column incoming=<column> (values such as incoming/outgoing, customer/agent, "
            "true/false) or --column role=<column> (the error column names any value it did "
            "not understand). A Jira export has no such column: name our people as they appear "
            "in it (names or account ids) with --internal-speaker.")


def _format_kwargs(fmt: str, columns: Sequence[str]) -> dict[str, Any]:
    """``--format`` and ``--column FIELD=COLUMN`` as read options, checked before any work."""
    from .ingest import registry
    from .ingest.helpdesk import CANONICAL_FIELDS

    kw: dict[str, Any] = {}
    if fmt != "auto":
        known = registry.available_formats()
        if fmt not in known:
            raise click.BadParameter(f"{fmt!r} is not a format; choose one of {', '.join(known)}",
                                     param_hint="--format")
        kw["format"] = fmt
    pairs = []
    for item in columns:
        field, eq, column = item.partition("=")
        field, column = field.strip(), column.strip().strip("'\"")
        if not eq or not field or not column:
            raise click.BadParameter(f"{item!r} is not FIELD=COLUMN (e.g. ticket_id='Issue key')",
                                     param_hint="--column")
        if field not in CANONICAL_FIELDS:
            raise click.BadParameter(f"{field!r} is not a field; use one of {', '.join(CANONICAL_FIELDS)}",
                                     param_hint="--column")
        pairs.append((field, column))
    if pairs:
        kw["columns"] = tuple(pairs)
    return kw


def _transcript_kwargs(speakers: Sequence[str], relationship: str | None) -> dict[str, Any]:
    kw: dict[str, Any] = {}
    if speakers:
        kw["internal_speakers"] = tuple(speakers)
    if relationship:
        kw["relationship"] = relationship
    return kw


def _check_internal_domains(ctx: click.Context, param: click.Parameter,
                            value: Sequence[str]) -> Sequence[str]:
    """An empty or malformed ``--internal-domain`` ("", "@@@", "our co.io", "*") is a malformed
    command line: ignored, it would leave every email's direction unknown without a word."""
    from .errors import InvalidOptionError
    from .ingest.accounts import normalize_domains

    try:  # (the first bad one is named, as fs.read names it)
        normalize_domains(value)
    except InvalidOptionError as exc:
        raise click.BadParameter(safe_text(str(exc))) from None
    return value


@cli.command(context_settings=_CONTEXT)
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=str),
              help="Output file: .parquet, .csv or .jsonl (.csv.gz / .jsonl.gz compressed).")
@click.option("--internal-domain", "internal_domains", multiple=True, metavar="DOMAIN",
              callback=_check_internal_domains, help="Our own email domain (repeat for several), e.g. --internal-domain ourco.io.")
@click.option("--accounts", type=click.Path(dir_okay=False, path_type=str), default=None,
              help="CSV mapping client domains or addresses to account names.")
@click.option("--internal-speaker", "internal_speakers", multiple=True, metavar="NAME",
              help="One of our people as named in transcripts (repeat for several): their turns "
                   "are outbound, everyone else's inbound.")
@click.option("--relationship", default=None, metavar="ACCOUNT",
              help="Account for transcripts whose file, title or attendees name none.")
@click.option("--format", "fmt", default="auto", metavar="NAME",
              help="Read every source with this reader instead of detecting it (e.g. helpdesk).")
@click.option("--column", "columns", multiple=True, metavar="FIELD=COLUMN",
              help="Helpdesk column mapping, e.g. --column ticket_id='Issue key' --column body=Comment.")
@click.option("--dayfirst/--monthfirst", "dayfirst", default=None,
              help="Helpdesk dates such as 02/03/2026: --dayfirst reads 2 March (UK/EU), --monthfirst "
                   "3 February (US) [default: told from the file (a date such as 16/03/2026 settles "
                   "it), else month/day with a note in error].")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, show_default="all cores",
              help="Worker processes (0 = all cores, 1 = no worker processes).")
@click.option("--resume", is_flag=True,
              help="Continue an interrupted run of the same command: finished sources are skipped.")
@click.option("--chunksize", type=click.IntRange(min=1), default=2000, show_default=True,
              help="Messages read and scored at a time per worker (bounds memory).")
@click.option("--sensitivity", type=click.Choice(["loose", "balanced", "strict"]),
              default="balanced", show_default=True, help="Thresholds for the *_flag columns.")
@click.option("--model", "model", type=click.Choice(["fast", "accurate"]), default="fast", show_default=True,
              help="fast: the linear model (thousands of messages per second). accurate: the fine-tuned "
                   "encoder stacked on it (more accurate on unseen writers, much slower; needs "
                   "pip install \"frictionscan[accurate]\").")
@click.option("--language", "languages", multiple=True, metavar="CODE", callback=_check_language_option,
              help="A language the model reads (ISO 639-1, repeat for several; default en): messages "
                   "clearly in another one get empty scores. 'any' scores every language (a model of "
                   "your own for other languages, in $FRICTIONSCAN_MODELS).")
@click.option("--split-size", type=click.IntRange(min=1), default=4, show_default=True,
              metavar="MB", help="Read mbox files bigger than this in parallel pieces of this size.")
@click.option("--thread-window", type=click.IntRange(min=0), default=50_000, show_default=True,
              metavar="N", help="Link threads across up to N messages, then restart the thread "
                                "index to bound memory (0 = never restart).")
@click.option("--progress/--no-progress", default=None,
              help="Progress line on stderr [default: only when stderr is a terminal].")
@click.option("--raw-csv", is_flag=True,
              help="CSV output only: write text cells as they are, without the ' that stops a "
                   "spreadsheet running a cell starting with = + - @ as a formula.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def scan(
    sources: Sequence[str],
    output: str,
    internal_domains: Sequence[str],
    accounts: str | None,
    internal_speakers: Sequence[str],
    relationship: str | None,
    fmt: str,
    columns: Sequence[str],
    dayfirst: bool | None,
    jobs: int,
    resume: bool,
    chunksize: int,
    sensitivity: str,
    model: str,
    languages: Sequence[str],
    split_size: int,
    thread_window: int,
    progress: bool | None,
    raw_csv: bool,
    as_json: bool,
    quiet: bool,
) -> None:
    """Read, clean and score SOURCES into one table with a row per message.

    SOURCES are mbox files, Maildir folders, .eml/.msg files, transcripts, helpdesk exports or
    folders holding any mix of them. The output has the message table's columns plus one probability
    and one flag per signal, the evidence and commitment due dates.

    The summary ends with a count report per source file, one line per Maildir (messages expected,
    read, ok, duplicate, automated, skipped, error) so you can check that nothing was lost. The
    output appears only when the run finishes; if a run is interrupted, start the same command
    again with --resume.
    Exit status 3: the output was written, but some rows failed with a frictionscan bug (reported).

    \b
    Examples:
      frictionscan scan inbox.mbox --internal-domain ourco.io -o scored.parquet
      frictionscan scan exports/ --internal-domain ourco.io --internal-domain ourco.com \\
          --accounts accounts.csv --jobs 4 -o scored.csv
      frictionscan scan big.mbox --internal-domain ourco.io -o scored.jsonl --resume
      frictionscan scan calls/ --internal-speaker "Dana Whitlock" --internal-speaker "Sam Okafor" \\
          --relationship "Acme Corp" -o calls.parquet
      frictionscan scan cases.csv --format helpdesk --column ticket_id="Issue key" \\
          --column body=Comment --column created_at=Created -o cases.parquet
      frictionscan scan freshdesk_uk.csv --dayfirst -o tickets.parquet
    """
    from .io import check_output_path, csv_formula_guard_default
    from .parallel import scan as run_scan

    check_output_path(output)
    for src in sources:
        if not Path(src).exists():
            raise click.ClickException(f"no such file or folder: {src!r}. Check the path.")
    if accounts is not None:
        if not Path(accounts).is_file():
            raise click.ClickException(f"accounts file not found: {accounts!r}. Check the path.")
        from .ingest.accounts import load_accounts

        load_accounts(accounts)  # a mistake in the file stops the run before any work
    read_kwargs = {**_transcript_kwargs(internal_speakers, relationship), **_format_kwargs(fmt, columns)}
    if dayfirst is not None:
        read_kwargs["dayfirst"] = dayfirst
    import signal

    stopped: list[int] = []

    def _terminate(signum: int, frame: Any) -> None:  # kill / systemd stop: clean up like Ctrl-C
        stopped.append(signum)
        raise KeyboardInterrupt

    def _interrupt(signum: int, frame: Any) -> None:  # Ctrl-C: as Python does, but remembered
        stopped.append(signum)
        signal.default_int_handler(signum, frame)

    previous = signal.signal(signal.SIGTERM, _terminate)
    previous_int = signal.signal(signal.SIGINT, _interrupt)
    try:
        with csv_formula_guard_default(not raw_csv):
            report = run_scan(
                list(sources), output, internal_domains=internal_domains, accounts=accounts,
                jobs=jobs or None, resume=resume, chunksize=chunksize, sensitivity=sensitivity,
                split_bytes=split_size * 1024 * 1024, progress=False if quiet else progress,
                thread_window=thread_window,
                read_kwargs=read_kwargs,
                languages=None if "any" in [x.lower() for x in languages] else (list(languages) or ["en"]),
                model=model,
            )
    except (KeyboardInterrupt, Exception) as exc:
        # the KeyboardInterrupt a signal raises can land inside a library that turns it into its
        # own error (pyarrow, importing zoneinfo mid-write: "ArrowInvalid: The zoneinfo module
        # ... must be installed"): after a stop signal, any error is the interruption
        if not stopped and not isinstance(exc, KeyboardInterrupt):
            raise
        click.echo(f"\nInterrupted: {output} was not written. Run the same command with --resume "
                   "to continue where it stopped.", err=True)
        sys.exit(130)
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)
    if not quiet:
        seen = _Directions(output)  # one read of the output for both warnings
        warnings = [w for w in (_empty_warning(report),
                                _direction_warning(seen, internal_domains) if internal_domains
                                else _no_domain_warning(seen),
                                _speaker_warning(seen, internal_speakers), _helpdesk_warning(seen),
                                _date_order_warning(seen), _zoneless_warning(seen), _no_time_warning(seen),
                                _no_account_warning(seen),
                                _language_warning(seen, languages)) if w]
        _print_summary(report, as_json=as_json, warnings=warnings)
    bug = _internal_error_warning(report)
    if bug:  # even with --quiet: a nightly job must not publish a table of bug rows unnoticed
        click.echo(bug, err=True)
        sys.exit(EXIT_INTERNAL_ERROR)


# ----------------------------------------------------------------------------------------------
# health and commitments


def _not_the_input(output: str, scored: str) -> None:
    """Refuse an output that is the scored table being read: one typo in a scheduler's command
    line would replace the night's scored data with a health table."""
    from .io import same_file

    if same_file(output, scored):
        raise click.ClickException(f"the output {output!r} is the scored table being read; "
                                   "give -o another file name")


def _read_scored(path: str) -> Any:
    from .io import read_table
    from .schemas import require_columns

    df = read_table(path, exclude=["quoted_text"])  # the largest column; not used downstream
    require_columns(df, ["relationship", "timestamp", "status"], where=f"{path!r}")
    return df


def _check_freq(freq: str) -> str:
    import pandas as pd

    try:
        pd.tseries.frequencies.to_offset(freq)
    except ValueError:
        raise click.BadParameter(
            f"{freq!r} is not a pandas frequency; use e.g. D, W, MS or QS", param_hint="--freq"
        ) from None
    return freq


#: ISO 8601 date, optionally with a time and a UTC offset: what ``--now`` accepts.
_ISO_NOW = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
                      r"(?:Z|[+-]\d{2}(?::?\d{2})?)?)?")
_DAY_MONTH = re.compile(r"(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})")


def _iso_candidates(value: str) -> list[str]:
    """The ISO dates a non-ISO date like ``04/10/2026`` may mean (both day/month orders)."""
    import datetime as dt

    m = _DAY_MONTH.fullmatch(value.strip().split()[0]) if value.strip() else None
    if not m:
        return []
    a, b, c = m.groups()
    if len(a) == 4:
        orders = [(int(a), int(b), int(c)), (int(a), int(c), int(b))]
    elif len(c) in (2, 4):  # a two-digit year as strptime's %y reads it: 69-99 the 1900s
        year = int(c) if len(c) == 4 else int(c) + (1900 if int(c) >= 69 else 2000)
        orders = [(year, int(b), int(a)), (year, int(a), int(b))]
    else:
        return []
    found = []
    for y, mo, d in orders:
        try:
            iso = dt.date(y, mo, d).isoformat()
        except ValueError:
            continue
        if iso not in found:
            found.append(iso)
    return found


def _check_now(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``--now`` must be an ISO date (YYYY-MM-DD), optionally with a time and offset: a date like
    ``04/10/2026`` is 4 October in most of the world and April 10 in the US, so it is refused."""
    if value is None:
        return None
    text = value.strip()
    if _ISO_NOW.fullmatch(text):
        import pandas as pd

        try:
            pd.Timestamp(text)
        except ValueError as exc:
            raise click.BadParameter(f"{value!r} is not a valid date: {exc}") from None
        return text
    options = _iso_candidates(text)
    if not options and re.fullmatch(r"\d{1,2}\s*[./-]\s*\d{1,2}", text):
        raise click.BadParameter(f"{value!r} has no year; use YYYY-MM-DD (optionally with a time), "
                                 "e.g. 2026-04-10")
    if len(options) == 2:
        hint = f"write {options[0]} or {options[1]}, whichever you mean"
    elif options:
        hint = f"write {options[0]}"
    else:  # a date in words ("June 30 2025"): show it in ISO when pandas can read it
        import pandas as pd

        try:
            iso = pd.Timestamp(text).date().isoformat()
            hint = f"write {iso}"
        except (ValueError, OverflowError):
            hint = "e.g. 2026-04-10 or 2026-04-10T18:00+02:00"
    raise click.BadParameter(
        f"{value!r} is not an ISO date; use YYYY-MM-DD (optionally with a time): {hint}")


def _used_times(rows: Any) -> Any:
    """UTC timestamps of the rows health and commitments can use (see ``_left_out_line``)."""
    import pandas as pd

    from .schemas import ok_mask, to_utc_series

    ok = pd.Series(ok_mask(rows), index=rows.index)
    direction = rows["direction"].astype("string").str.strip().str.lower() \
        if "direction" in rows.columns else pd.Series(pd.NA, index=rows.index, dtype="string")
    ok &= direction.isin(["inbound", "outbound"]).fillna(False)
    ok &= rows["relationship"].notna()
    ts = to_utc_series(rows["timestamp"])
    return ts[ok & ts.notna()]


def _empty_result_warning(rows: Any, n_out: int, now: str | None, what: str,
                          otherwise: str) -> str | None:
    """Why a result has no rows although the input had usable messages, as one warning line
    (``otherwise`` when ``--now`` does not explain it)."""
    if n_out:
        return None
    times = _used_times(rows)
    if not len(times):
        return None
    first = times.min()
    if now is not None:
        from .aggregate._prep import moment

        if moment(now) < first:
            return (f"Warning: no {what} written: --now {now} is before the first usable message "
                    f"({first:%Y-%m-%d %H:%M} UTC); give a later --now or leave it out.")
    return f"Warning: no {what} written although {len(times):,} messages were usable: {otherwise}."


@cli.command(context_settings=_CONTEXT)
@click.argument("scored", type=click.Path(dir_okay=False, path_type=str))
@click.option("--freq", default="W", show_default=True,
              help="Period length: any pandas offset alias (D, W, MS, QS...).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=str),
              help="Output file: .csv, .parquet or .jsonl.")
@click.option("--sla", default=None, metavar="HOURS|DURATION",
              help="Reply time after which a client message counts as unanswered "
                   "(e.g. 24 or '2 days'; default 48 hours).")
@click.option("--now", default=None, metavar="DATE", callback=_check_now,
              help="Score as of the end of this date (default: the latest message): an ISO date, "
                   "e.g. 2024-06-30 or 2024-06-30T12:00+02:00.")
@click.option("--segment", default=None, metavar="COLUMN",
              help="Column naming each relationship's peer group: adds health_vs_segment.")
@click.option("--raw-csv", is_flag=True,
              help="CSV output only: do not put a ' before text cells starting with = + - @.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def health(scored: str, freq: str, output: str, sla: str | None, now: str | None,
           segment: str | None, raw_csv: bool, as_json: bool, quiet: bool) -> None:
    """Relationship health per client and period, from a table written by `scan`.

    One row per relationship and period, with the health score (0-100), its trend, each
    component, alerts with their reasons, and the messages that drove the score.

    \b
    Examples:
      frictionscan health scored.parquet --freq W -o health.csv
      frictionscan health scored.csv --freq MS --sla 24 -o monthly.parquet
      frictionscan health scored.parquet --now 2024-06-30 -o health.jsonl
    """
    from .io import check_output_path, write_table

    _check_freq(freq)
    check_output_path(output)
    _not_the_input(output, scored)
    if not Path(scored).is_file():
        raise click.ClickException(f"no such file: {scored!r}. Run `frictionscan scan` first.")
    sla_value: Any = sla
    if sla is not None:
        try:
            sla_value = float(sla)
        except ValueError:
            sla_value = sla
    from .aggregate import health as compute_health
    from .aggregate.core import relationship_segment_error, resolve_config

    try:  # a bad value is a malformed command line (exit 2), found before reading the table
        resolve_config(sla=sla_value)
    except FrictionscanError as exc:
        raise click.BadParameter(str(exc), param_hint="--sla") from None
    rows = _read_scored(scored)
    if segment == "relationship":
        raise click.BadParameter(str(relationship_segment_error(rows.columns)),
                                 param_hint="--segment")
    with _counted_below() as said:
        table = compute_health(rows, freq=freq, sla=sla_value, now=now, segment=segment)
    write_table(table, output, csv_formula_guard=not raw_csv)
    alerts = int(table["alert"].fillna(False).astype(bool).sum()) if "alert" in table else 0
    n_rel = table["relationship"].nunique() if "relationship" in table else 0
    warning = _empty_result_warning(
        rows, len(table), now, "health rows", "please report this with the scored file")
    _print_table_summary(
        f"Wrote {_count(len(table), 'row')} ({_count(n_rel, 'relationship')}, "
        f"{_count(alerts, 'alert')}) to {output}",
        {"output": output, "rows": len(table), "relationships": int(n_rel), "alerts": alerts},
        rows, [*said, *([warning] if warning else [])], as_json=as_json, quiet=quiet, now=now)


def _left_out_counts(rows: Any, now: str | None = None) -> dict[str, Any]:
    """``{"read": 202, "used": 200, "left_out": 2, "left_out_by_reason": {...}}`` for ``rows``."""
    from .aggregate._prep import left_out, used_mask
    from .detect.language import unread

    counts = {str(k): int(v) for k, v in left_out(rows, now).items()}
    n_out = sum(counts.values())
    # of the rows used: a left-out row in another language is already counted above
    other = unread(rows[used_mask(rows, now)]).value_counts()
    return {"read": len(rows), "used": len(rows) - n_out, "left_out": n_out,
            "left_out_by_reason": counts,
            # used, but the English model could not read them: counted without any signal
            "not_english": {str(k): int(v) for k, v in other.items()}}


def _print_table_summary(line: str, summary: dict[str, Any], rows: Any, said: Sequence[str], *,
                         as_json: bool, quiet: bool, now: str | None = None) -> None:
    """What health and commitments print: nothing (``quiet``), the summary as JSON (with the
    left-out counts and any warning), or the 'Wrote ...' line, the left-out line and the warning
    on stderr."""
    if quiet:
        return
    if as_json:
        out = {**summary, "messages": _left_out_counts(rows, now),
               "warnings": [w.removeprefix("Warning: ") for w in said]}
        click.echo(json.dumps(out, indent=1, default=str))
        return
    click.echo(line)
    click.echo(_left_out_line(rows, now))
    for warning in said:
        click.echo(warning, err=True)


@contextlib.contextmanager
def _counted_below() -> Any:
    """The Python API warns when health or commitments leave messages out; the commands print those counts in
    their "Read N messages: ... left out (...)" line instead, so the warning would only repeat it.

    Any other frictionscan warning (probabilities in percent, say) is collected in the list it
    yields, as ``Warning: ...`` lines for the command to print (or put in ``--json``'s
    ``warnings``) instead of Python's ``file:line: FrictionscanWarning`` with a line of our code."""
    said: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("ignore", LeftOutWarning)
        warnings.simplefilter("ignore", LanguageWarning)  # also said in that line
        yield said
    seen: set[str] = set()
    for w in caught:
        if issubclass(w.category, FrictionscanWarning):
            text = safe_text(str(w.message))
            what = text.split(": ", 1)[-1]  # report's health and commitments say the same once
            if what not in seen:
                seen.add(what)
                said.append(f"Warning: {text}")
        else:  # not ours: shown as Python would have shown it
            warnings.showwarning(w.message, w.category, w.filename, w.lineno)


def _left_out_line(rows: Any, now: str | None = None) -> str:
    """'Read 202 messages: 200 used, 2 left out (1 status duplicate, 1 status error).', and how many
    ok messages the model could not read ('; 14 not in English (de 8, fr 6) count as ...')."""
    c = _left_out_counts(rows, now)
    counts, n_out = c["left_out_by_reason"], c["left_out"]
    line = f"Read {len(rows):,} messages: {len(rows) - n_out:,} used"
    if n_out:
        parts = ", ".join(f"{v:,} {k}" for k, v in counts.items())
        line += f", {n_out:,} left out ({parts})"
    other = c["not_english"]
    if other:
        from .detect.language import unread_words

        n = sum(other.values())
        what, why = unread_words(other)
        line += f"; {n:,} {what} count as messages without signals ({why})"
    return line + "."


@cli.command(context_settings=_CONTEXT)
@click.argument("scored", type=click.Path(dir_okay=False, path_type=str))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=str),
              help="Output file: .csv, .parquet or .jsonl.")
@click.option("--now", default=None, metavar="DATE", callback=_check_now,
              help="Judge open/overdue as of the end of this date (default: the latest message): "
                   "an ISO date, e.g. 2024-06-30.")
@click.option("--direction", type=click.Choice(["outbound", "inbound", "any"]), default="outbound",
              show_default=True, help="Whose promises: ours (outbound), the client's, or both.")
@click.option("--raw-csv", is_flag=True,
              help="CSV output only: do not put a ' before text cells starting with = + - @.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def commitments(scored: str, output: str, now: str | None, direction: str, raw_csv: bool,
                as_json: bool, quiet: bool) -> None:
    """Every commitment found in a table written by `scan`, with due date and status.

    \b
    Examples:
      frictionscan commitments scored.parquet -o commitments.csv
    """
    from .io import check_output_path, write_table

    check_output_path(output)
    _not_the_input(output, scored)
    if not Path(scored).is_file():
        raise click.ClickException(f"no such file: {scored!r}. Run `frictionscan scan` first.")
    from .aggregate import commitments as find_commitments

    rows = _read_scored(scored)
    with _counted_below() as said:
        table = find_commitments(rows, now=now, direction=direction)
    write_table(table, output, csv_formula_guard=not raw_csv)
    warning = _empty_result_warning(
        rows, len(table), now, "commitments",
        f"none of them holds a commitment (--direction {direction})")
    by_status = ({str(k): int(v) for k, v in table["status"].value_counts().items()}
                 if "status" in table.columns else {})
    _print_table_summary(
        f"Wrote {_count(len(table), 'commitment')} to {output}",
        {"output": output, "rows": len(table), "status": by_status},
        rows, [*said, *([warning] if warning else [])], as_json=as_json, quiet=quiet, now=now)


# ----------------------------------------------------------------------------------------------
# report


@cli.command(context_settings=_CONTEXT)
@click.argument("scored", type=click.Path(dir_okay=False, path_type=str))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=str),
              help="The HTML file to write (one self-contained page).")
@click.option("--freq", default="W", show_default=True,
              help="Period of the health table: any pandas offset alias (D, W, MS, QS...).")
@click.option("--title", default="frictionscan report", show_default=True, help="Page title.")
@click.option("--max-rows", type=click.IntRange(min=1), default=15, show_default=True,
              help="Rows of the evidence table and of the promise list.")
@click.option("--plots/--no-plots", default=True, show_default=True,
              help="Embed the health and signal plots (inline PNG).")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def report(scored: str, output: str, freq: str, title: str, max_rows: int, plots: bool,
           quiet: bool) -> None:
    """One self-contained HTML page from a table written by `scan`: health per relationship,
    promises not kept, and the evidence behind the scores.

    The page holds no script and loads nothing from the network; every value from the messages
    is HTML-escaped.

    \b
    Examples:
      frictionscan report scored.parquet -o report.html
      frictionscan report scored.csv --freq MS --title "Q2 accounts" -o q2.html
    """
    from .io import check_output_path

    _check_freq(freq)
    # the same checks as scan and health, before the report is built: an unwritable folder
    # would otherwise fail at the end, naming the temporary file. (The scored table named as the
    # output is said first: that it is no .html name is the lesser mistake.)
    _not_the_input(output, scored)
    out = check_output_path(output, table=False)
    if not Path(scored).is_file():
        raise click.ClickException(f"no such file: {scored!r}. Run `frictionscan scan` first.")
    from .report import html_report

    rows = _read_scored(scored)
    with _counted_below() as said:
        page = html_report(rows, freq=freq, max_rows=max_rows, plots=plots, title=title)
    from .io import write_text_atomic

    size = write_text_atomic(out, page)
    if not quiet:
        click.echo(f"Wrote {safe_text(output)} ({size:,} bytes)")
        click.echo(_left_out_line(rows))
        for warning in said:
            click.echo(warning, err=True)
        if plots and importlib.util.find_spec("matplotlib") is None:
            click.echo("Warning: the page has no plots: matplotlib is not installed "
                       "(pip install matplotlib, or --no-plots to say you do not want them).", err=True)


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the ``frictionscan`` console script."""
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    cli.main(args=list(argv) if argv is not None else None, prog_name="frictionscan")


if __name__ == "__main__":  # pragma: no cover
    main()
