"""Report: highlighted evidence as HTML, and plots of health and signals over time.

The last stage of ingest -> clean -> segment -> detect -> aggregate -> **report**. Everything here
reads the tables the earlier stages make and returns something a person can look at:

* :func:`highlight` -- one message as an HTML fragment, its evidence spans wrapped in
  ``<mark class="fs-<signal>" title="<signal> 0.87">``.
* :func:`evidence_table_html` -- the top friction messages of a scored table as a self-contained
  HTML table (inline CSS legend), for a notebook (``IPython.display.HTML``) or a file.
* :func:`html_report` -- one self-contained HTML page: health per relationship (with a plot when
  matplotlib is installed), promises not kept, and the evidence table.
* :func:`plot_health` / :func:`plot_signals` -- matplotlib plots of health per relationship (with
  alert markers) and of weekly signal rates. matplotlib is optional:
  ``pip install "frictionscan[notebooks]"``.

Email text is untrusted. Every piece of text and every attribute value is passed through
:func:`html.escape`; nothing from a message is ever inserted raw, so a message containing
``<script>`` shows as text. Control characters and the bidi overrides and isolates (U+202A-U+202E,
U+2066-U+2069) are shown as visible escapes (``\\u202e``), so an account named "Acme
<U+202E>DTL" cannot display as "Acme LTD".

Examples
--------
>>> from frictionscan.report import highlight
>>> ev = [{"signal": "frustration", "start": 0, "end": 13, "proba": 0.87}]
>>> highlight("Still broken. <b>why</b>?", ev)
'<mark class="fs-frustration" title="frustration 0.87">Still broken.</mark> &lt;b&gt;why&lt;/b&gt;?'
"""

from __future__ import annotations

import html
import math
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise
from typing import Any

import pandas as pd

from ._text import drop_unsafe, show_unsafe
from .errors import (
    ColumnsError,
    InvalidOptionError,
    LanguageWarning,
    LeftOutWarning,
    MissingDependencyError,
)
from .schemas import (
    FRICTION_SIGNALS,
    REPAIR_SIGNALS,
    SIGNALS,
    evidence_items,
    ok_mask,
    require_columns,
    require_positive_int,
    text_items,
)

__all__ = [
    "FRICTION_SIGNALS",
    "REPAIR_SIGNALS",
    "REPORT_DIV",
    "SIGNAL_COLORS",
    "SIGNAL_LINE_COLORS",
    "evidence_table_html",
    "highlight",
    "html_report",
    "legend_html",
    "plot_health",
    "plot_signals",
    "signal_rates",
    "style_css",
]


#: Background colour of each signal's ``<mark>`` (warm for friction, cool for repair); also used
#: by :func:`plot_signals`.
SIGNAL_COLORS: dict[str, str] = {
    "frustration": "#f4a6a6",
    "blame": "#f6c28b",
    "unmet_expectation": "#f3e08a",
    "apology": "#b9d9f5",
    "commitment": "#c9b8f0",
    "appreciation": "#b8e6c1",
}
#: Line colour of each signal in :func:`plot_signals` (same hues as the marks, stronger).
SIGNAL_LINE_COLORS: dict[str, str] = {
    "frustration": "#d62728",
    "blame": "#ff7f0e",
    "unmet_expectation": "#b8860b",
    "apology": "#1f77b4",
    "commitment": "#9467bd",
    "appreciation": "#2ca02c",
}
_OTHER_COLOR = "#dddddd"
_ORDER = {s: i for i, s in enumerate(SIGNALS)}
_CLASS_SAFE = re.compile(r"[^a-z0-9_-]+")


# --------------------------------------------------------------------------------------------
# highlight
# --------------------------------------------------------------------------------------------

def _esc(text: str, quote: bool = True) -> str:
    """:func:`html.escape`, with control characters and bidi overrides/isolates written as visible
    escapes (:func:`~frictionscan._text.show_unsafe`): every piece of text put into the page goes
    through here. One character at a time, so escaping the slices of a text between evidence
    offsets gives the same as escaping the whole."""
    return html.escape(show_unsafe(text), quote=quote)


def _as_text(text: Any) -> str:
    if isinstance(text, str):
        return text
    if text is None:
        return ""
    try:
        if pd.isna(text):
            return ""
    except (TypeError, ValueError):
        pass
    return str(text)


def _as_offset(value: Any) -> int | None:
    """An exact integer offset, or None (floats must be whole; bools and NaN are refused)."""
    if isinstance(value, bool) or value is None or getattr(getattr(value, "dtype", None), "kind", "") == "b":
        return None
    try:
        if isinstance(value, float) or hasattr(value, "dtype"):
            f = float(value)
            if not math.isfinite(f) or f != int(f):
                return None
            return int(f)
        return int(value) if isinstance(value, int) else None
    except (TypeError, ValueError, OverflowError):
        return None


def _as_proba(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        f = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return f if math.isfinite(f) else None


def _sender(row: Any) -> Any:
    """Who wrote it, as a reader would say it: the display name with the address after it
    ("Sam Ortiz (sam@client.example)"), else the address. The name alone is whatever the sender
    chose ("Your Account Manager"), so the address always stays in view."""
    name, address = row.get("sender_name", None), row["sender"]
    if not (isinstance(name, str) and name.strip()):
        return address
    if isinstance(address, str) and address.strip() and address.strip().lower() != name.strip().lower():
        return f"{name.strip()} ({address.strip()})"
    return name


def _left_out_note(scored: pd.DataFrame) -> str:
    """The page's version of the command line's "left out" count: which messages health and the
    promises do not use, and why, so that none vanishes from the report without a word."""
    from .aggregate._prep import left_out

    counts = left_out(scored)
    n_out = sum(counts.values())
    if not n_out:
        return ""
    why = ", ".join(f"{v:,} {k}" for k, v in counts.items())
    return (f"<p>Health and promises use {len(scored) - n_out:,} of them; {n_out:,} left out "
            f"({_esc(why)}).</p>")


def _unread_languages_note(scored: pd.DataFrame) -> str:
    """A paragraph naming the ok messages the English model could not read, per account, so a
    reader knows which healthy-looking accounts rest on mail nobody scored ("" when none)."""
    from .detect.language import count_text, unread, unread_mask, unread_words

    other = unread(scored)
    if not len(other):
        return ""
    what, why = unread_words(other.value_counts().to_dict())
    head, _, langs = what.partition(" (")
    where = ""
    if "relationship" in scored.columns:  # by position: the index may repeat labels
        per = scored["relationship"].astype("string").fillna("no account").to_numpy()[unread_mask(scored)]
        where = "; by account: " + count_text(per)
    n = len(other)
    return (f"<p><b>{n} message{'s are' if n != 1 else ' is'} {_esc(head)}</b> "
            f"({_esc(langs.removesuffix(')') + where)}). "
            f"They were not scored ({_esc(why)}): they count as messages without friction or "
            "repair, so these accounts may look healthier than they are. Read them yourself.</p>")


def _as_list(value: Any) -> list[Any]:
    """A list-like option (signals, reasons) as a list; a lone string or mapping is no list."""
    if value is None or isinstance(value, (str, bytes, Mapping)):
        return []
    try:
        return list(value)
    except TypeError:
        return []


def _spans(text: str, evidence: Any, signals: set[str] | None) -> list[tuple[int, int, str, float | None]]:
    """Valid, deduplicated spans (start, end, signal, proba), in a canonical order."""
    best: dict[tuple[int, int, str], float | None] = {}
    n = len(text)
    for item in evidence_items(evidence):
        if not isinstance(item, Mapping):
            continue
        signal = item.get("signal")
        if not isinstance(signal, str) or not signal:
            continue
        if signals is not None and signal not in signals:
            continue
        start, end = _as_offset(item.get("start")), _as_offset(item.get("end"))
        if start is None or end is None or not 0 <= start < end <= n:
            continue
        proba = _as_proba(item.get("proba"))
        key = (start, end, signal)
        old = best.get(key)
        if key not in best or (proba is not None and (old is None or proba > old)):
            best[key] = proba
    return sorted(
        ((s, e, sig, p) for (s, e, sig), p in best.items()),
        key=lambda t: (t[0], -t[1], _ORDER.get(t[2], len(_ORDER)), t[2]),
    )


def _open_tag(signal: str, proba: float | None) -> str:
    css = _CLASS_SAFE.sub("-", signal.lower()).strip("-") or "signal"
    title = signal if proba is None else f"{signal} {proba:.2f}"
    return (f'<mark class="fs-{_esc(css, quote=True)}" '
            f'title="{_esc(title, quote=True)}">')


def highlight(text: Any, evidence: Any, *, signals: Iterable[str] | None = None) -> str:
    """One message as an HTML fragment with its evidence spans wrapped in ``<mark>``.

    Parameters
    ----------
    text : str
        The message text (the ``text`` column of the scored table). Anything else (None, <NA>)
        counts as the empty string.
    evidence : list of dict
        The ``evidence`` cell: dicts with ``signal``, ``start``, ``end`` (character offsets into
        ``text``, end exclusive) and optionally ``proba``; also as ``pd.read_parquet`` (an array)
        or ``pd.read_csv`` (JSON text) give it back. Entries that are not dicts, lack a
        signal, or whose offsets are not whole numbers with ``0 <= start < end <= len(text)`` are
        ignored; the same (signal, start, end) twice is shown once, with the higher probability.
    signals : iterable of str, optional
        Only highlight these signals (default: every signal in ``evidence``).

    Returns
    -------
    str
        The escaped text with ``<mark class="fs-<signal>" title="<signal> 0.87">`` around each
        span (no wrapping element; see :func:`style_css` for the colours). Overlapping spans are
        nested deterministically: a span that starts earlier (or, at the same start, ends later,
        then in :data:`~frictionscan.schemas.SIGNALS` order) is the outer one, and a span crossing
        the end of an outer one is split into two marks with the same class. Removing the tags
        and unescaping gives back ``text`` exactly, except that control characters and bidi
        overrides/isolates show as visible escapes (``\\u202e``; offsets still count them as
        one character each). Never raises on bad input. To show it in
        Jupyter, put it inside :data:`REPORT_DIV` (``... </div>``), whose classes stop MathJax
        from typesetting a client's ``$400$`` as maths.

    Examples
    --------
    >>> text = "Sorry & thanks for waiting, it's fixed now."
    >>> ev = [{"signal": "apology", "start": 0, "end": 5, "proba": 0.91},
    ...       {"signal": "appreciation", "start": 8, "end": 26, "proba": 0.6},
    ...       {"signal": "blame", "start": 500, "end": 510, "proba": 0.9}]   # out of range: ignored
    >>> import frictionscan as fs
    >>> print(fs.highlight(text, ev))
    <mark class="fs-apology" title="apology 0.91">Sorry</mark> &amp; <mark class="fs-appreciation" title="appreciation 0.60">thanks for waiting</mark>, it&#x27;s fixed now.
    >>> fs.highlight("a<b", [{"signal": "blame", "start": 1, "end": 2}])
    'a<mark class="fs-blame" title="blame">&lt;</mark>b'
    """
    try:
        text = _as_text(text)
    except Exception:  # an object whose str() fails: render nothing rather than raise
        return ""
    try:
        wanted = None
        if isinstance(signals, str):
            wanted = {signals}
        elif signals is not None:
            wanted = {s for s in _as_list(signals) if isinstance(s, str)}
        spans = _spans(text, evidence, wanted)
    except Exception:  # a report must render whatever the evidence cell holds
        spans = []
    if not spans:
        return _esc(text, quote=True)
    bounds = sorted({0, len(text), *(s for s, *_ in spans), *(e for _, e, *_ in spans)})
    out: list[str] = []
    stack: list[tuple[int, int, str, float | None]] = []
    for lo, hi in pairwise(bounds):
        active = [sp for sp in spans if sp[0] <= lo and sp[1] >= hi]  # spans are in nesting order
        keep = 0
        while keep < min(len(stack), len(active)) and stack[keep] == active[keep]:
            keep += 1
        for _ in range(len(stack) - keep):
            out.append("</mark>")
        del stack[keep:]
        for sp in active[keep:]:
            out.append(_open_tag(sp[2], sp[3]))
            stack.append(sp)
        out.append(_esc(text[lo:hi], quote=True))
    out.extend("</mark>" for _ in stack)
    return "".join(out)


# --------------------------------------------------------------------------------------------
# CSS, legend and the evidence table
# --------------------------------------------------------------------------------------------

#: the element every report fragment and page is wrapped in. ``tex2jax_ignore``/``mathjax_ignore``
#: tell Jupyter's MathJax to leave the text alone: a client writing "$400$ a day" must see dollars,
#: not typeset maths.
REPORT_DIV = '<div class="fs-report tex2jax_ignore mathjax_ignore">'


def style_css(prefix: str = ".fs-report") -> str:
    """The CSS that colours each signal's ``<mark>`` and lays out the evidence table.

    >>> "mark.fs-frustration" in style_css()
    True
    """
    p = prefix
    rules = [
        f"{p} {{font-family: system-ui, sans-serif; font-size: 13px; line-height: 1.4}}",
        f"{p} table {{border-collapse: collapse; width: 100%}}",
        f"{p} th, {p} td {{border: 1px solid #ccc; padding: 4px 6px; vertical-align: top; "
        "text-align: left}",
        f"{p} th {{background: #f3f3f3}}",
        f"{p} td.fs-text {{white-space: pre-wrap; max-width: 60em}}",
        f"{p} .fs-legend {{margin: 6px 0}}",
        f"{p} .fs-legend mark {{margin-right: 6px; padding: 0 4px}}",
        f"{p} mark {{border-radius: 2px; padding: 0 1px; color: inherit}}",
        f"{p} mark mark {{border-bottom: 2px solid #555}}",
        f"{p} mark[class^='fs-'] {{background: {_OTHER_COLOR}}}",
    ]
    rules += [f"{p} mark.fs-{s} {{background: {c}}}" for s, c in SIGNAL_COLORS.items()]
    return "\n".join(rules)


def legend_html(signals: Iterable[str] = SIGNALS) -> str:
    """A one-line legend: one coloured ``<mark>`` per signal.

    >>> legend_html(["blame"])
    '<div class="fs-legend">Evidence: <mark class="fs-blame" title="blame">blame</mark></div>'
    """
    marks = "".join(_open_tag(s, None) + _esc(s.replace("_", " ")) + "</mark>"
                    for s in signals)
    return f'<div class="fs-legend">Evidence: {marks}</div>'


def _check_signals(signals: Any, scored: pd.DataFrame, where: str) -> tuple[str, ...]:
    if isinstance(signals, str):
        signals = (signals,)
    try:
        chosen = tuple(signals)
    except TypeError as exc:
        raise InvalidOptionError(f"{where}: signals must be a list of signal names from "
                                 f"{list(SIGNALS)}, got {signals!r}") from exc
    unknown = [s for s in chosen if s not in SIGNALS]
    if unknown or not chosen:
        raise InvalidOptionError(f"{where}: unknown signal(s) {unknown or chosen!r}; "
                                 f"choose from {list(SIGNALS)}")
    require_columns(scored, chosen, where=where)
    return chosen


def _flagged(scored: pd.DataFrame, signals: Sequence[str], threshold: float | None) -> pd.Series:
    """Per row: is any of ``signals`` flagged (``<signal>_flag``, or proba >= threshold)?"""
    hit = pd.Series(False, index=scored.index)
    for s in signals:
        flag = f"{s}_flag"
        if threshold is None and flag in scored.columns:
            hit |= scored[flag].astype("boolean").fillna(False).astype(bool)
        else:
            cut = 0.5 if threshold is None else threshold
            hit |= pd.to_numeric(scored[s], errors="coerce").fillna(0.0).to_numpy() >= cut
    return hit


def _cell(value: Any) -> str:
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    if isinstance(value, pd.Timestamp):
        return _esc(value.strftime("%Y-%m-%d %H:%M"), quote=True)
    if isinstance(value, float):
        return f"{value:.1f}"
    return _esc(str(value), quote=True)


def _plain(label: str) -> str:
    """A label matplotlib draws as written: a ``$`` in an account name ("a$^{$@gmail.com")
    would otherwise start mathtext, which garbles the legend or makes drawing fail."""
    return drop_unsafe(label).replace("$", r"\$")


def evidence_table_html(
    scored: pd.DataFrame,
    *,
    signals: Iterable[str] = FRICTION_SIGNALS,
    max_rows: int = 20,
    threshold: float | None = None,
    highlight_signals: Iterable[str] | None = None,
    max_chars: int = 1200,
    title: str | None = "Top friction messages",
    full_page: bool = False,
) -> str:
    """The messages with the strongest ``signals`` as a self-contained HTML table with evidence.

    Parameters
    ----------
    scored : DataFrame
        The scored table from :func:`frictionscan.score` (needs ``text`` and the chosen signal
        columns; ``evidence`` highlights the spans, and ``timestamp``, ``relationship``,
        ``direction``, ``sender``, ``subject`` and ``status`` are shown/used when present).
    signals : iterable of str
        Which signals rank the rows (default: frustration, blame, unmet_expectation). A row's
        rank is its highest probability among them.
    max_rows : int
        At most this many rows, strongest first (ties: earlier message first).
    threshold : float, optional
        Keep rows whose probability reaches it on one of ``signals``. Default: rows flagged by the
        scorer (``<signal>_flag``; 0.5 where a flag column is missing).
    highlight_signals : iterable of str, optional
        Whose evidence is marked in the text (default: all six, so repair next to friction shows).
    max_chars : int
        Longer texts are cut there (with "…"); spans past the cut are clipped or dropped.
    title : str, optional
        A heading above the table (escaped); None (or "") for none. Anything else that is not a
        string raises :class:`~frictionscan.errors.InvalidOptionError`.
    full_page : bool
        Return a complete ``<!DOCTYPE html>`` page (for a file) instead of a ``<div>`` fragment.

    Returns
    -------
    str
        HTML with an inline ``<style>``, a legend and one row per message. All message data is
        escaped.

    Examples
    --------
    >>> import pandas as pd
    >>> from frictionscan.schemas import SIGNALS
    >>> df = pd.DataFrame({"text": ["Still broken <again>!", "All good, thanks."],
    ...     "evidence": [[{"signal": "frustration", "start": 0, "end": 12, "proba": 0.9}], []],
    ...     **{s: [0.9 if s == "frustration" else 0.1, 0.1] for s in SIGNALS}})
    >>> page = evidence_table_html(df, max_rows=5)
    >>> page.count("<tr>") - 1, "&lt;again&gt;" in page, "All good" in page
    (1, True, False)
    """
    where = "evidence_table_html"
    if not isinstance(scored, pd.DataFrame):
        raise InvalidOptionError(f"{where} needs the scored table from frictionscan.score, "
                                 f"got {type(scored).__name__}")
    if title is not None and not isinstance(title, str):
        raise InvalidOptionError(f"{where}: title must be a string (or None for no heading), "
                                 f"got {type(title).__name__} {title!r}")
    chosen = _check_signals(signals, scored, where)
    require_columns(scored, ["text"], where=where)
    max_rows = require_positive_int(max_rows, "max_rows", where=where)
    max_chars = require_positive_int(max_chars, "max_chars", where=where)
    if threshold is not None:
        t = _as_proba(threshold)
        if t is None or not 0.0 <= t <= 1.0:
            raise InvalidOptionError(f"{where}: threshold must be a number in [0, 1], got {threshold!r}")
        threshold = t
    shown = SIGNALS if highlight_signals is None else _check_signals(highlight_signals, scored, where)

    df = scored
    if "status" in df.columns:
        df = df[ok_mask(df)]
    probs = df[list(chosen)].apply(pd.to_numeric, errors="coerce").fillna(0.0)
    keep = _flagged(df, chosen, threshold).to_numpy()
    df, probs = df[keep], probs[keep]
    order = pd.DataFrame({"p": probs.max(axis=1).to_numpy(), "pos": range(len(df))})
    if "timestamp" in df.columns:
        ts = pd.to_datetime(df["timestamp"], errors="coerce", utc=True)
        order["t"] = ts.astype("int64").where(ts.notna().to_numpy(), 2**62).to_numpy()
    else:
        order["t"] = 0
    top = order.sort_values(["p", "t", "pos"], ascending=[False, True, True], kind="stable")
    top = top.head(max_rows)

    meta = [c for c in ("timestamp", "relationship", "direction", "sender", "subject")
            if c in df.columns]
    head = ["#", *[c.replace("_", " ") for c in meta], "signals", "message"]
    rows = ["<tr>" + "".join(f"<th>{_esc(h)}</th>" for h in head) + "</tr>"]
    for rank, pos in enumerate(top["pos"], start=1):
        row = df.iloc[int(pos)]
        p = probs.iloc[int(pos)]
        sig = ", ".join(f"{s.replace('_', ' ')} {p[s]:.2f}"
                        for s in sorted(chosen, key=lambda s: -p[s]) if p[s] >= 0.05)
        text = _as_text(row["text"])
        evidence = row["evidence"] if "evidence" in df.columns else None
        cut = ""
        if len(text) > max_chars:
            text, cut = text[:max_chars], "…"
            evidence = [{**e, "end": min(_as_offset(e.get("end")) or 0, max_chars)}
                        for e in evidence_items(evidence) if isinstance(e, Mapping)]
        body = highlight(text, evidence, signals=shown) + _esc(cut)
        cells = [str(rank), *[_cell(_sender(row) if c == "sender" else row[c]) for c in meta],
                 _esc(sig)]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells)
                    + f'<td class="fs-text">{body}</td></tr>')
    if len(top) == 0:
        rows.append(f'<tr><td colspan="{len(head)}">No message is flagged for '
                    f"{_esc(', '.join(chosen))}.</td></tr>")
    heading = f"<h3>{_esc(title)}</h3>" if title else ""
    fragment = (f'{REPORT_DIV}<style>\n{style_css()}\n</style>{heading}'
                f"{legend_html(shown)}<table>\n" + "\n".join(rows) + "\n</table></div>")
    if not full_page:
        return fragment
    page_title = _esc(title or "frictionscan evidence")
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
            f"<title>{page_title}</title></head><body>\n{fragment}\n</body></html>\n")


# --------------------------------------------------------------------------------------------
# plots (matplotlib is optional and imported only here)
# --------------------------------------------------------------------------------------------

def _pyplot(where: str) -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise MissingDependencyError(
            f"{where} needs matplotlib, which is not installed. Install the notebook extras: "
            'pip install "frictionscan[notebooks]" (or: pip install matplotlib)'
        ) from exc
    return plt


#: line colours of :func:`plot_health`: matplotlib's tab10 without its red, which marks alerts
HEALTH_LINE_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                      "#bcbd22", "#17becf")
_ALERT_COLOR = "#d62728"
_LINE_STYLES = ("-", "--", "-.", ":")


def plot_health(
    health: pd.DataFrame,
    relationships: Iterable[str] | str | None = None,
    ax: Any = None,
    *,
    alerts: bool = True,
    max_lines: int = 12,
) -> Any:
    """Plot health over time, one line per relationship, with a marker on each alert period.

    Parameters
    ----------
    health : DataFrame
        The table from :func:`frictionscan.health` (needs ``relationship``, ``period`` and
        ``health``; ``alert`` for the markers).
    relationships : str or list of str, optional
        Which relationships to draw (default: all, in name order; when there are more than
        ``max_lines``, the ``max_lines`` with the lowest latest health).
    ax : matplotlib Axes, optional
        Draw into it (default: a new figure).
    alerts : bool
        Mark alert periods with a red triangle.
    max_lines : int
        The most relationships drawn when ``relationships`` is not given (default 12).

    Returns
    -------
    matplotlib Axes

    Raises
    ------
    MissingDependencyError
        matplotlib is not installed (``pip install "frictionscan[notebooks]"``).

    Examples
    --------
    >>> import pandas as pd
    >>> h = pd.DataFrame({"relationship": ["acme", "acme"], "health": [90.0, 60.0],
    ...     "alert": [False, True], "period": pd.to_datetime(["2026-01-04", "2026-01-11"], utc=True)})
    >>> ax = plot_health(h)                                         # doctest: +SKIP
    >>> [line.get_label() for line in ax.get_lines()]               # doctest: +SKIP
    ['acme']
    """
    where = "plot_health"
    if not isinstance(health, pd.DataFrame):
        raise InvalidOptionError(f"{where} needs the health table from frictionscan.health, "
                                 f"got {type(health).__name__}")
    require_columns(health, ["relationship", "period", "health"], where=where)
    names = sorted({str(r) for r in health["relationship"].dropna().unique()})
    if relationships is not None:
        wanted = [relationships] if isinstance(relationships, str) else list(relationships)
        missing = [r for r in wanted if r not in names]
        if missing:
            raise InvalidOptionError(f"{where}: no health rows for {missing}; "
                                     f"the table has {names}")
        names = wanted
    title = "Relationship health over time"
    if relationships is None and len(names) > require_positive_int(max_lines, "max_lines", where=where):
        last = (health.assign(_h=pd.to_numeric(health["health"], errors="coerce"))
                .sort_values("period", kind="stable").groupby("relationship").tail(1))
        lowest = last.sort_values(["_h", "relationship"], kind="stable")["relationship"]
        names = sorted(str(r) for r in lowest.head(max_lines))
        title += f" (the {max_lines} lowest of {len(last)}; pass relationships= to choose)"
    plt = _pyplot(where)
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4))
    rel = health["relationship"].astype("string")
    x_all = pd.to_datetime(health["period"], errors="coerce", utc=True)
    for k, name in enumerate(names):
        mask = (rel == name).fillna(False).to_numpy()
        x = x_all[mask].dt.tz_localize(None)
        y = pd.to_numeric(health.loc[mask, "health"], errors="coerce")
        # no line in the alert markers' red, and a dash pattern of its own, so that two accounts
        # both at 100 stay visible on top of each other (QA14)
        (line,) = ax.plot(x.to_numpy(), y.to_numpy(), marker=".", label=_plain(name),
                          color=HEALTH_LINE_COLORS[k % len(HEALTH_LINE_COLORS)],
                          linestyle=_LINE_STYLES[k % len(_LINE_STYLES)])
        if alerts and "alert" in health.columns:
            flag = health.loc[mask, "alert"].astype("boolean").fillna(False).to_numpy(dtype=bool)
            if flag.any():
                ax.scatter(x.to_numpy()[flag], y.to_numpy()[flag], marker="v", s=60, zorder=3,
                           color=_ALERT_COLOR, edgecolors=line.get_color(), linewidths=1.2)
    if alerts and "alert" in health.columns:
        ax.scatter([], [], marker="v", color=_ALERT_COLOR, label="alert")
    ax.set_ylim(0, 102)
    ax.set_ylabel("health (0-100)")
    ax.set_xlabel("period")
    ax.set_title(_plain(title))
    ax.grid(True, alpha=0.3)
    if names:
        ax.legend(loc="lower left", fontsize="small", ncol=2)
    else:
        ax.text(0.5, 0.5, "no health rows", ha="center", va="center", transform=ax.transAxes)
    ax.figure.autofmt_xdate()
    return ax


def signal_rates(
    scored: pd.DataFrame,
    freq: str = "W",
    *,
    signals: Iterable[str] = SIGNALS,
    direction: str | None = None,
    threshold: float | None = None,
) -> pd.DataFrame:
    """Share of messages flagged for each signal per period (the data behind :func:`plot_signals`).

    Only ``status == "ok"`` rows with a timestamp count. A message counts for a signal when its
    ``<signal>_flag`` is true (or its probability reaches ``threshold``; 0.5 without flags).

    >>> import pandas as pd
    >>> df = pd.DataFrame({"timestamp": pd.to_datetime(["2026-01-05", "2026-01-06"], utc=True),
    ...                    "frustration": [0.9, 0.1]})
    >>> signal_rates(df, "W", signals=["frustration"])["frustration"].tolist()
    [0.5]
    """
    where = "signal_rates"
    if not isinstance(scored, pd.DataFrame):
        raise InvalidOptionError(f"{where} needs the scored table from frictionscan.score, "
                                 f"got {type(scored).__name__}")
    chosen = _check_signals(signals, scored, where)
    require_columns(scored, ["timestamp"], where=where)
    df = scored
    if "status" in df.columns:
        df = df[ok_mask(df)]
    if direction is not None:
        if direction not in ("inbound", "outbound", "internal"):
            raise InvalidOptionError(f"{where}: direction must be 'inbound', 'outbound', "
                                     f"'internal' or None, got {direction!r}")
        require_columns(df, ["direction"], where=where)
        df = df[(df["direction"].astype("string") == direction).fillna(False).to_numpy()]
    ts = pd.to_datetime(df["timestamp"], errors="coerce", utc=True)
    df, ts = df[ts.notna().to_numpy()], ts[ts.notna()]
    flags = pd.DataFrame({s: _flagged(df, [s], threshold).astype(float) for s in chosen},
                         index=df.index)
    flags.index = pd.DatetimeIndex(ts.to_numpy(), name="period")
    try:
        out = flags.resample(freq).mean() if len(flags) else flags.iloc[:0]
        counts = flags.iloc[:, 0].resample(freq).size() if len(flags) else None
    except (ValueError, TypeError) as exc:
        raise InvalidOptionError(f"{where}: freq={freq!r} is not a pandas offset alias; "
                                 "use e.g. 'D', 'W', 'MS'") from exc
    out["n_messages"] = counts if counts is not None else pd.Series(dtype="int64")
    out["n_messages"] = out["n_messages"].fillna(0).astype("int64")
    return out


def plot_signals(
    scored: pd.DataFrame,
    freq: str = "W",
    *,
    signals: Iterable[str] = SIGNALS,
    direction: str | None = None,
    threshold: float | None = None,
    ax: Any = None,
) -> Any:
    """Plot the share of messages flagged for each signal per period (default: weekly).

    Parameters
    ----------
    scored : DataFrame
        The scored table from :func:`frictionscan.score`.
    freq : str
        A pandas offset alias: ``"W"``, ``"D"``, ``"MS"``...
    signals : iterable of str
        Which signals to draw (default: all six; friction warm, repair cool colours).
    direction : {"inbound", "outbound", "internal"}, optional
        Only messages in that direction (e.g. ``"inbound"``: what clients write).
    threshold : float, optional
        Count a message when its probability reaches this (default: the scorer's flags).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes

    Raises
    ------
    MissingDependencyError
        matplotlib is not installed (``pip install "frictionscan[notebooks]"``).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"timestamp": pd.to_datetime(["2026-01-05", "2026-01-13"], utc=True),
    ...                    "frustration": [0.9, 0.1]})
    >>> ax = plot_signals(df, signals=["frustration"])              # doctest: +SKIP
    """
    rates = signal_rates(scored, freq, signals=signals, direction=direction, threshold=threshold)
    plt = _pyplot("plot_signals")
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4))
    x = rates.index.tz_localize(None) if rates.index.tz is not None else rates.index
    for s in [c for c in rates.columns if c != "n_messages"] if len(rates) else []:
        ax.plot(x.to_numpy(), rates[s].to_numpy(), marker=".", label=s.replace("_", " "),
                color=SIGNAL_LINE_COLORS.get(s, "#7f7f7f"))
    who = f" ({direction} messages)" if direction else ""
    ax.set_title(_plain(f"Share of messages flagged per signal, freq={freq}{who}"))
    ax.set_ylabel("share of messages")
    ax.set_ylim(0, 1.02)
    ax.grid(True, alpha=0.3)
    if len(rates):
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize="small", frameon=False)
    else:
        ax.text(0.5, 0.5, "no scored messages", ha="center", va="center", transform=ax.transAxes)
    ax.figure.autofmt_xdate()
    return ax


# --------------------------------------------------------------------------------------------
# the whole report as one page
# --------------------------------------------------------------------------------------------

def _table(df: pd.DataFrame) -> str:
    head = "<tr>" + "".join(f"<th>{_esc(str(c).replace('_', ' '))}</th>"
                            for c in df.columns) + "</tr>"
    body = ["<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>"
            for row in df.itertuples(index=False, name=None)]
    return "<table>\n" + "\n".join([head, *body]) + "\n</table>"


def _reasons(value: Any) -> str:
    """An ``alert_reasons`` cell as "reason; reason", however the health table was read back
    (a list, a numpy array from Parquet, JSON or a list's repr from CSV); a plain sentence as is."""
    items = text_items(value)
    return value if items is None else "; ".join(items)


def _png(draw: Any, width: float = 9.0, height: float = 4.0) -> str | None:
    """Draw with ``draw(ax)`` on an off-screen figure; an ``<img>`` with the PNG inline, or None
    when matplotlib is missing."""
    try:
        from matplotlib.figure import Figure
    except ImportError:
        return None
    import base64
    import io

    fig = Figure(figsize=(width, height), dpi=80)
    draw(fig.subplots())
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return f'<img alt="plot" src="data:image/png;base64,{data}">'


def html_report(
    scored: pd.DataFrame,
    *,
    health: pd.DataFrame | None = None,
    freq: str = "W",
    max_rows: int = 15,
    plots: bool = True,
    title: str | None = "frictionscan report",
) -> str:
    """One self-contained HTML page: health per relationship, promises not kept, clients' evidence.

    Parameters
    ----------
    scored : DataFrame
        The scored table from :func:`frictionscan.score`.
    health : DataFrame, optional
        The table from :func:`frictionscan.health`; computed from ``scored`` with ``freq`` when
        not given.
    freq : str
        Period of the health table when it is computed here (``"W"``, ``"MS"``...).
    max_rows : int
        Rows of the evidence table and of the promise list.
    plots : bool
        Embed the health and signal plots as inline PNG (skipped, with a note, when matplotlib
        is not installed).
    title : str
        Page title (escaped); None gives the default. Anything else that is not a string raises
        :class:`~frictionscan.errors.InvalidOptionError`.

    Returns
    -------
    str
        A complete ``<!DOCTYPE html>`` document with inline CSS and images: no external file,
        script or network access. Every value from the data is HTML-escaped.

    Examples
    --------
    >>> import pandas as pd
    >>> from frictionscan.schemas import SIGNALS
    >>> rows = pd.DataFrame({
    ...     "message_id": ["m1", "m2"], "thread_id": ["t", "t"], "relationship": ["acme", "acme"],
    ...     "direction": ["inbound", "outbound"], "status": ["ok", "ok"],
    ...     "timestamp": pd.to_datetime(["2026-01-05 09:00", "2026-01-05 11:00"], utc=True),
    ...     "text": ["This is <broken> again!", "Sorry, fixing it now."], "evidence": [[], []],
    ...     **{s: [0.9 if s == "frustration" else 0.05, 0.05] for s in SIGNALS}})
    >>> page = html_report(rows, plots=False)
    >>> page.startswith("<!DOCTYPE html>"), "&lt;broken&gt;" in page, "<broken>" in page
    (True, True, False)
    """
    where = "html_report"
    if not isinstance(scored, pd.DataFrame):
        raise InvalidOptionError(f"{where} needs the scored table from frictionscan.score, "
                                 f"got {type(scored).__name__}")
    if title is None:
        title = "frictionscan report"
    elif not isinstance(title, str):
        raise InvalidOptionError(f"{where}: title must be a string (None gives the default), "
                                 f"got {type(title).__name__} {title!r}")
    max_rows = require_positive_int(max_rows, "max_rows", where=where)
    missing = [c for c in ("relationship", "direction", "timestamp") if c not in scored.columns]
    if missing:  # (else the error would name frictionscan.health, which the user never called)
        raise ColumnsError(
            f"{where} reports per relationship and period, so it needs the message table's "
            f"{missing} column(s): pass frictionscan.score(frictionscan.read(...)). For texts "
            "alone, frictionscan.evidence_table_html(scored) shows the evidence.")
    # the evidence table needs the text, health and the plots every signal: say so here, or the
    # error would name evidence_table_html or health, which the user never called
    require_columns(scored, ["text", *SIGNALS], where=where)
    # health and commitments leave out the same rows and warn alike; when health is computed
    # here it has said so already
    health_warned = health is None
    if health is None:
        from .aggregate import health as compute_health

        health = compute_health(scored, freq)
    elif not isinstance(health, pd.DataFrame):
        raise InvalidOptionError(f"{where}: health must be the table from frictionscan.health, "
                                 f"got {type(health).__name__}")
    require_columns(health, ["relationship", "period", "health"], where=where)

    parts = [f"<h1>{_esc(title)}</h1>"]
    n_status = (scored["status"].astype("string").fillna("<NA>").value_counts().to_dict()
                if "status" in scored.columns else {"rows": len(scored)})
    summary = ", ".join(f"{v} {k}" for k, v in n_status.items())
    if "timestamp" in scored.columns:
        from ._when import implausible_times

        ts = pd.to_datetime(scored["timestamp"], errors="coerce", utc=True)
        ts = ts[~implausible_times(ts)].dropna()  # (a row dated 2200 is left out, so not in the range)
        if len(ts):
            summary += f"; from {ts.min():%Y-%m-%d} to {ts.max():%Y-%m-%d}"
    parts.append(f"<p>{len(scored)} messages ({_esc(summary)}).</p>")
    parts.append(_left_out_note(scored))
    parts.append(_unread_languages_note(scored))

    # health: the latest period of each relationship, lowest first
    parts.append("<h2>Relationship health</h2>")
    latest = (health.sort_values("period", kind="stable").groupby("relationship").tail(1)
              .sort_values(["health", "relationship"], kind="stable"))
    cols = [c for c in ("relationship", "period", "health", "trend", "alert", "alert_reasons")
            if c in latest.columns]
    view = latest[cols].copy()
    if "period" in view.columns:
        view["period"] = pd.to_datetime(view["period"], utc=True).dt.strftime("%Y-%m-%d")
    if "alert_reasons" in view.columns:
        view["alert_reasons"] = [_reasons(v) for v in view["alert_reasons"]]
    parts.append(_table(view) if len(view) else
                 "<p><i>No health rows: no message has a relationship, a timestamp and a direction "
                 "(see the messages left out above).</i></p>")
    note = ""
    if plots:
        img = _png(lambda ax: plot_health(health, ax=ax))
        if img is None:
            note = ('<p><i>Plots skipped: matplotlib is not installed '
                    '(pip install "frictionscan[notebooks]").</i></p>')
        else:
            parts.append(img)
            if {"timestamp", *SIGNALS} <= set(scored.columns):
                who = "inbound" if "direction" in scored.columns else None
                parts.append(_png(lambda ax: plot_signals(scored, freq, direction=who, ax=ax))
                             or "")
    parts.append(note)

    # promises not kept
    if {"relationship", "direction", "timestamp", "thread_id", "commitment"} <= set(scored.columns):
        from .aggregate import commitments

        with warnings.catch_warnings():
            if health_warned:  # health said it already, about the same rows
                warnings.simplefilter("ignore", LeftOutWarning)
                warnings.simplefilter("ignore", LanguageWarning)
            promises = commitments(scored)
        late = promises[promises["status"].isin(["overdue", "broken"])]
        parts.append(f"<h2>Promises not kept ({len(late)} of {len(promises)})</h2>")
        if len(late):
            show = late[[c for c in ("relationship", "made_at", "promised_by", "commitment", "due",
                                     "condition", "status", "days_overdue") if c in late.columns]].head(max_rows)
            if "sender_name" in scored.columns and "message_id" in late.columns:
                # who promised, as the evidence table names people: "Name (address)"
                names = scored.drop_duplicates("message_id").set_index("message_id")["sender_name"]
                show = show.assign(promised_by=[
                    _sender({"sender_name": names.get(mid), "sender": who})
                    for mid, who in zip(late["message_id"].head(max_rows), show["promised_by"], strict=True)])
            parts.append(_table(show))

    # friction the clients wrote: our own mail and internal mail are not what the page is about
    clients = scored[scored["direction"].astype("string").str.lower().eq("inbound").fillna(False)]
    parts.append(evidence_table_html(clients, max_rows=max_rows,
                                     title="Top friction messages from clients")
                 .replace(REPORT_DIV, "<div>", 1))
    body = "\n".join(p for p in parts if p)
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
            f"<title>{_esc(title)}</title></head>\n"
            f"<body>{REPORT_DIV}\n{body}\n</div></body></html>\n")
