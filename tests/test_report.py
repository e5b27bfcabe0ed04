"""Report: highlighted evidence is safe HTML that round-trips to the text; tables and plots."""

from __future__ import annotations

import html
import re
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import frictionscan as fs
from frictionscan._text import show_unsafe
from frictionscan.errors import ColumnsError, InvalidOptionError, MissingDependencyError
from frictionscan.report import (
    evidence_table_html,
    highlight,
    legend_html,
    plot_health,
    plot_signals,
    signal_rates,
)
from frictionscan.schemas import SIGNALS

TAG = re.compile(r"<[^>]*>")
MARK_OPEN = re.compile(r'<mark class="fs-[a-z0-9_-]+" title="[^"<>]*">')


def strip(fragment: str) -> str:
    """Remove our tags and unescape: what a browser would show as text."""
    return html.unescape(TAG.sub("", fragment))


def ev(signal, start, end, proba=0.9):
    return {"signal": signal, "start": start, "end": end, "proba": proba}


# ---------------------------------------------------------------- highlight: the basics

def test_highlight_wraps_span_in_mark_with_signal_class_and_probability_title():
    out = highlight("This is late again.", [ev("frustration", 8, 18, 0.874)])
    assert out == ('This is <mark class="fs-frustration" title="frustration 0.87">'
                   "late again</mark>.")


def test_highlight_without_evidence_is_just_escaped_text():
    assert highlight('a < b & "c"', []) == "a &lt; b &amp; &quot;c&quot;"
    assert highlight("plain", None) == "plain"


def test_highlight_escapes_script_tags_inside_and_outside_spans():
    text = "<script>alert('x')</script> is not acceptable"
    out = highlight(text, [ev("frustration", 0, 8), ev("blame", 29, len(text))])
    assert "<script" not in out
    assert "&lt;script&gt;" in out
    assert strip(out) == text


def test_highlight_escapes_signal_name_and_sanitises_the_class():
    out = highlight("abc", [ev('x" onmouseover="alert(1)', 0, 3)])
    # the quote cannot close the title attribute: only class and title exist on the tag
    assert 'title="x&quot; onmouseover=&quot;alert(1) 0.90"' in out
    assert MARK_OPEN.match(out).group(0).startswith('<mark class="fs-x-onmouseover-alert-1"')
    assert strip(out) == "abc"


def test_highlight_title_omits_probability_when_missing_or_not_finite():
    assert 'title="blame"' in highlight("abc", [{"signal": "blame", "start": 0, "end": 1}])
    assert 'title="blame"' in highlight("abc", [ev("blame", 0, 1, float("nan"))])


@pytest.mark.parametrize("start,end", [(-1, 2), (2, 2), (3, 1), (0, 99), (None, 2), (0.5, 2),
                                       ("0", 2), (True, 2), (np.True_, 2), (float("nan"), 2)])
def test_highlight_ignores_spans_with_invalid_or_out_of_range_offsets(start, end):
    assert highlight("abcd", [{"signal": "blame", "start": start, "end": end}]) == "abcd"


def test_highlight_accepts_numpy_integer_and_whole_float_offsets():
    out = highlight("abcd", [{"signal": "blame", "start": np.int64(1), "end": 3.0}])
    assert out == 'a<mark class="fs-blame" title="blame">bc</mark>d'


def test_highlight_ignores_entries_that_are_not_dicts_or_lack_a_signal():
    evidence = ["junk", 3, None, {"start": 0, "end": 2}, {"signal": "", "start": 0, "end": 2},
                ev("apology", 0, 2)]
    assert highlight("abcd", evidence).count("<mark") == 1


def test_highlight_never_raises_on_wild_cells():
    for cell in (float("nan"), "not a list", 42, {"signal": "blame", "start": 0, "end": 1},
                 np.array([ev("blame", 0, 1)], dtype=object), pd.NA):
        out = highlight("ab", cell)
        assert strip(out) == "ab"
    assert highlight(None, [ev("blame", 0, 1)]) == ""
    assert highlight(pd.NA, None) == ""


def test_highlight_reads_evidence_as_pandas_csv_and_parquet_give_it_back(tmp_path):
    """QA pass 10: after ``to_csv``/``pd.read_csv`` the evidence cell is JSON text, after
    ``pd.read_parquet`` a numpy array; the marks must survive both."""
    import json

    text = "Still no corrected export."
    cells = [json.dumps([ev("unmet_expectation", 0, 25, 0.8)]),
             np.array([ev("unmet_expectation", 0, 25, 0.8)], dtype=object)]
    for cell in cells:
        out = highlight(text, cell)
        assert out.count("<mark") == 1 and strip(out) == text
    assert highlight(text, "[not json") == html.escape(text)


def test_evidence_table_keeps_its_marks_after_a_plain_pandas_csv_round_trip(tmp_path):
    """``DataFrame.to_csv`` writes a list of dicts as its Python repr (single quotes), not JSON:
    QA's verification pass found the first fix only parsed JSON."""
    df = scored_frame()
    path = tmp_path / "scored.csv"
    df.to_csv(path, index=False)  # exactly what a user does
    back = pd.read_csv(path)
    back["timestamp"] = pd.to_datetime(back["timestamp"], utc=True)
    assert evidence_table_html(back).count("<mark") == evidence_table_html(df).count("<mark") > 0


def test_highlight_filters_by_signals():
    evidence = [ev("apology", 0, 5), ev("frustration", 6, 10)]
    out = highlight("Sorry late", evidence, signals=["frustration"])
    assert "fs-apology" not in out and "fs-frustration" in out
    assert "fs-apology" in highlight("Sorry late", evidence, signals="apology")


def test_highlight_shows_a_duplicated_span_once_with_the_higher_probability():
    out = highlight("abc", [ev("blame", 0, 3, 0.4), ev("blame", 0, 3, 0.8)])
    assert out.count("<mark") == 1 and "blame 0.80" in out


# ---------------------------------------------------------------- highlight: overlaps

def test_nested_spans_put_the_longer_one_outside():
    out = highlight("abcdef", [ev("blame", 2, 4), ev("frustration", 0, 6)])
    assert out == ('<mark class="fs-frustration" title="frustration 0.90">ab'
                   '<mark class="fs-blame" title="blame 0.90">cd</mark>ef</mark>')


def test_crossing_spans_are_split_so_tags_stay_balanced():
    out = highlight("abcdefgh", [ev("frustration", 0, 5), ev("blame", 3, 8)])
    assert out == ('<mark class="fs-frustration" title="frustration 0.90">abc'
                   '<mark class="fs-blame" title="blame 0.90">de</mark></mark>'
                   '<mark class="fs-blame" title="blame 0.90">fgh</mark>')


def test_identical_ranges_nest_in_signal_order_whatever_the_input_order():
    a = highlight("abc", [ev("appreciation", 0, 3), ev("frustration", 0, 3)])
    b = highlight("abc", [ev("frustration", 0, 3), ev("appreciation", 0, 3)])
    assert a == b
    assert a.index("fs-frustration") < a.index("fs-appreciation")


def _balanced(fragment: str) -> bool:
    depth = 0
    for tag in re.findall(r"</?mark\b", fragment):
        depth += -1 if tag.startswith("</") else 1
        if depth < 0:
            return False
    return depth == 0


# ---------------------------------------------------------------- highlight: properties

wild_text = st.text(
    alphabet=st.one_of(st.sampled_from(list("<>&\"'/;=#x \n\t")), st.characters()), max_size=80)


@st.composite
def text_and_evidence(draw):
    text = draw(wild_text)
    n = len(text)
    span = st.builds(
        lambda s, a, b, p: {"signal": s, "start": a, "end": b, "proba": p},
        st.sampled_from([*SIGNALS, "x<y", 'q"uote', "a&b"]),
        st.integers(-3, n + 3), st.integers(-3, n + 3),
        st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)),
    )
    return text, draw(st.lists(span, max_size=8))


@settings(max_examples=200, deadline=None)
@given(text_and_evidence())
def test_property_stripping_tags_and_unescaping_gives_back_the_text(case):
    """... with control characters and bidi overrides as visible escapes (QA32)."""
    text, evidence = case
    assert strip(highlight(text, evidence)) == show_unsafe(text)


@settings(max_examples=200, deadline=None)
@given(text_and_evidence())
def test_property_no_angle_bracket_or_quote_from_the_text_survives_unescaped(case):
    text, evidence = case
    out = highlight(text, evidence)
    # every '<' / '>' in the output belongs to one of our own tags
    leftover = MARK_OPEN.sub("", out).replace("</mark>", "")
    assert "<" not in leftover and ">" not in leftover and '"' not in leftover
    # and every '&' starts an entity html.escape produces
    assert re.fullmatch(r"(?:[^&]|&(?:amp|lt|gt|quot|#x27);)*", leftover, flags=re.S)


@settings(max_examples=200, deadline=None)
@given(text_and_evidence())
def test_property_marks_are_balanced_and_cover_exactly_the_valid_spans(case):
    text, evidence = case
    out = highlight(text, evidence)
    assert _balanced(out)
    valid = {(e["start"], e["end"]) for e in evidence if 0 <= e["start"] < e["end"] <= len(text)}
    marked = [False] * len(text)
    for s, e in valid:
        marked[s:e] = [True] * (e - s)
    # a control or bidi character is shown as an escape (QA32): all of it inside or outside
    marked = [m for c, m in zip(text, marked, strict=True) for _ in show_unsafe(c)]
    # walk the output: characters inside at least one <mark> are exactly the covered ones
    depth, inside = 0, []
    for piece in re.split(r"(<[^>]*>)", out):
        if piece.startswith("<mark"):
            depth += 1
        elif piece == "</mark>":
            depth -= 1
        else:
            inside += [depth > 0] * len(html.unescape(piece))
    assert inside == marked


@settings(max_examples=100, deadline=None)
@given(text_and_evidence(), st.randoms())
def test_property_output_does_not_depend_on_evidence_order(case, rnd):
    text, evidence = case
    shuffled = list(evidence)
    rnd.shuffle(shuffled)
    # duplicates with different probabilities keep the max, so order cannot matter
    assert highlight(text, evidence) == highlight(text, shuffled)


# ---------------------------------------------------------------- evidence table

def scored_frame():
    base = {s: 0.05 for s in SIGNALS}
    rows = [
        {"text": "Friday came and went. <b>Again</b>.", "frustration": 0.95,
         "evidence": [ev("frustration", 0, 21, 0.95)], "timestamp": "2026-01-10 09:00"},
        {"text": "You promised & didn't deliver.", "unmet_expectation": 0.7, "blame": 0.6,
         "evidence": [ev("unmet_expectation", 0, 30, 0.7), ev("blame", 0, 12, 0.6)],
         "timestamp": "2026-01-09 09:00"},
        {"text": "Thanks, all good.", "appreciation": 0.9,
         "evidence": [ev("appreciation", 0, 6, 0.9)], "timestamp": "2026-01-08 09:00"},
        {"text": "x" * 50, "frustration": 0.99, "evidence": [], "status": "error",
         "timestamp": "2026-01-07 09:00"},
    ]
    df = pd.DataFrame([{**base, "status": "ok", "relationship": "Acme <Corp>",
                        "direction": "inbound", **r} for r in rows])
    df["timestamp"] = pd.to_datetime(df["timestamp"], utc=True)
    for s in SIGNALS:
        df[f"{s}_flag"] = pd.array(df[s] >= 0.5, dtype="boolean")
    return df


def test_evidence_table_lists_flagged_friction_rows_strongest_first():
    page = evidence_table_html(scored_frame())
    assert page.count("<tr>") == 3  # header + the two friction rows (error row and thanks skipped)
    assert page.index("Friday came") < page.index("You promised")
    assert "Thanks, all good" not in page and "xxxxx" not in page


def test_evidence_table_names_the_sender_by_display_name_when_there_is_one():
    df = scored_frame()
    df["sender"] = "meera.joshi@client.example"
    df["sender_name"] = ["Meera Joshi"] + [None] * (len(df) - 1)
    page = evidence_table_html(df)
    # the name a reader knows, and the address: a display name alone could be anything the
    # sender chose ("Your Account Manager")
    assert "Meera Joshi (meera.joshi@client.example)" in page
    assert "<td>meera.joshi@client.example</td>" in page  # a row without a name keeps the address


def test_evidence_table_escapes_every_cell():
    page = evidence_table_html(scored_frame())
    assert "Acme &lt;Corp&gt;" in page and "&lt;b&gt;Again&lt;/b&gt;" in page
    assert "<b>" not in page
    assert "&amp; didn&#x27;t" in page


def test_evidence_table_respects_max_rows_threshold_and_signals():
    df = scored_frame()
    assert evidence_table_html(df, max_rows=1).count("<tr>") == 2
    assert evidence_table_html(df, threshold=0.8).count("<tr>") == 2
    page = evidence_table_html(df, signals=["appreciation"])
    assert "Thanks" in page and "Friday" not in page


def test_evidence_table_says_so_when_nothing_is_flagged():
    df = scored_frame()
    df = df[df["appreciation"] > 0.5]
    assert "No message is flagged" in evidence_table_html(df)


def test_evidence_table_cuts_long_texts_and_keeps_spans_inside_the_cut():
    df = scored_frame().head(1).copy()
    df.loc[0, "text"] = "Friday came and went. " + "z" * 100
    df["evidence"] = [[ev("frustration", 0, 30), ev("blame", 40, 60)]]
    page = evidence_table_html(df, max_chars=25)
    body = page.split("<table>")[1]
    assert "Friday came and went. zzz</mark>…</td>" in body
    assert "zzzz" not in body and "fs-blame" not in body


def test_report_html_tells_jupyter_mathjax_to_leave_dollar_signs_alone():
    """QA pass 10: "$400$ a day" in a client's mail was typeset as maths in a notebook."""
    df = scored_frame()
    df.loc[0, "text"] = "We were quoted $400$ a day and billed $x^2$."
    for page in (evidence_table_html(df), evidence_table_html(df, full_page=True)):
        opening = re.search(r'<div class="fs-report[^"]*">', page).group(0)
        assert "tex2jax_ignore" in opening and "mathjax_ignore" in opening
        assert "$400$" in page  # the text itself is unchanged


def test_evidence_table_full_page_is_a_complete_document():
    page = evidence_table_html(scored_frame(), full_page=True, title="<Acme> report")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<title>&lt;Acme&gt; report</title>" in page
    assert "mark.fs-frustration" in page  # inline CSS legend colours


def test_evidence_table_misuse_raises_errors_that_say_what_to_do():
    df = scored_frame()
    with pytest.raises(InvalidOptionError, match="choose from"):
        evidence_table_html(df, signals=["anger"])
    with pytest.raises(InvalidOptionError, match="positive integer"):
        evidence_table_html(df, max_rows=0)
    with pytest.raises(InvalidOptionError, match="threshold"):
        evidence_table_html(df, threshold=2)
    with pytest.raises(ColumnsError, match="text"):
        evidence_table_html(df.drop(columns=["text"]))
    with pytest.raises(InvalidOptionError, match="scored table"):
        evidence_table_html([1, 2])


def test_legend_names_each_signal_with_its_class():
    out = legend_html(["frustration", "appreciation"])
    assert 'class="fs-frustration"' in out and ">unmet" not in out and "appreciation<" in out


# ---------------------------------------------------------------- signal rates

def test_signal_rates_are_the_weekly_share_of_flagged_ok_messages():
    rates = signal_rates(scored_frame(), "W", signals=["frustration", "appreciation"])
    assert rates["n_messages"].sum() == 3  # the error row is not counted
    week = rates.iloc[-1]
    assert week["frustration"] == pytest.approx(1 / 3)
    assert week["appreciation"] == pytest.approx(1 / 3)


def test_signal_rates_can_keep_only_one_direction_and_reject_bad_options():
    df = scored_frame()
    df.loc[2, "direction"] = "outbound"
    assert signal_rates(df, "W", direction="inbound")["n_messages"].sum() == 2
    with pytest.raises(InvalidOptionError, match="direction"):
        signal_rates(df, direction="sideways")
    with pytest.raises(InvalidOptionError, match="offset alias"):
        signal_rates(df, freq="fortnightly")


# ---------------------------------------------------------------- plots

def health_frame():
    period = pd.to_datetime(["2026-01-04", "2026-01-11", "2026-01-18"] * 2, utc=True)
    return pd.DataFrame({"relationship": ["Acme"] * 3 + ["Birch"] * 3, "period": period,
                         "health": [95.0, 70.0, 55.0, 99.0, 98.0, 97.0],
                         "alert": [False, True, True, False, False, False]})


def test_plots_without_matplotlib_raise_an_error_naming_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(MissingDependencyError, match=r'frictionscan\[notebooks\]'):
        plot_health(health_frame())
    with pytest.raises(MissingDependencyError, match="pip install"):
        plot_signals(scored_frame())
    assert issubclass(MissingDependencyError, ImportError)


@pytest.fixture
def agg():
    mpl = pytest.importorskip("matplotlib")
    mpl.use("Agg")
    import matplotlib.pyplot as plt

    yield plt
    plt.close("all")


def test_plot_health_draws_one_line_per_relationship_and_marks_alerts(agg):
    ax = plot_health(health_frame())
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels == ["Acme", "Birch"]
    offsets = [c.get_offsets() for c in ax.collections if len(c.get_offsets())]
    assert len(offsets) == 1 and len(offsets[0]) == 2  # Acme's two alert weeks
    assert sorted(offsets[0][:, 1].tolist()) == [55.0, 70.0]


def test_no_health_line_wears_the_alert_red_and_lines_on_top_of_each_other_stay_apart(agg):
    # QA14: a red account line looked like alert markers, and two accounts at 100 hid each other
    from itertools import pairwise

    from matplotlib.colors import to_hex

    names = [f"Account {i:02d}" for i in range(12)]
    h = pd.DataFrame({"relationship": [n for n in names for _ in range(2)],
                      "period": pd.to_datetime(["2026-01-04", "2026-01-11"] * 12, utc=True),
                      "health": [100.0] * 24, "alert": [False] * 24})
    lines = plot_health(h).get_lines()
    assert "#d62728" not in {to_hex(line.get_color()) for line in lines}
    assert all((to_hex(a.get_color()), a.get_linestyle()) != (to_hex(b.get_color()), b.get_linestyle())
               for a, b in pairwise(lines))


def test_plot_health_selects_relationships_and_draws_into_a_given_axes(agg):
    _, ax = agg.subplots()
    out = plot_health(health_frame(), relationships="Birch", ax=ax)
    assert out is ax and [line.get_label() for line in ax.get_lines()] == ["Birch"]
    with pytest.raises(InvalidOptionError, match="Acme"):
        plot_health(health_frame(), relationships=["Nope"])
    with pytest.raises(ColumnsError):
        plot_health(health_frame().drop(columns=["health"]))


def test_plot_signals_draws_one_line_per_signal(agg):
    ax = plot_signals(scored_frame(), signals=["frustration", "blame"])
    assert [line.get_label() for line in ax.get_lines()] == ["frustration", "blame"]
    ys = ax.get_lines()[0].get_ydata()
    assert max(ys) == pytest.approx(1 / 3)


def test_plots_handle_empty_tables(agg):
    ax = plot_health(health_frame().iloc[:0])
    assert ax.get_lines() == []
    ax = plot_signals(scored_frame().iloc[:0])
    assert ax.get_lines() == []


# ---------------------------------------------------------------- the quickstart notebook

def _notebook_builder():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "notebooks" / "build_quickstart.py"
    spec = importlib.util.spec_from_file_location("build_quickstart", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_quickstart_code_cells_are_valid_python():
    builder = _notebook_builder()
    for kind, source in builder.CELLS:
        if kind == "code":
            code = "\n".join(ln for ln in source.splitlines() if not ln.startswith("%"))
            compile(code, "<quickstart cell>", "exec")


def test_committed_quickstart_matches_its_builder():
    nbformat = pytest.importorskip("nbformat")
    builder = _notebook_builder()
    nb = nbformat.read(builder.OUT, as_version=4)
    assert [(c.cell_type, c.source) for c in nb.cells] == [
        ("markdown" if k == "md" else "code", s) for k, s in builder.CELLS]


def test_plot_health_with_many_relationships_draws_the_lowest_ones(agg):
    period = pd.to_datetime(["2026-01-04", "2026-01-11"] * 5, utc=True)
    h = pd.DataFrame({"relationship": [f"r{i}" for i in range(5) for _ in range(2)],
                      "period": period, "health": [90, 90, 90, 20, 90, 80, 90, 40, 90, 95.0],
                      "alert": False})
    ax = plot_health(h, max_lines=2)
    assert sorted(line.get_label() for line in ax.get_lines()) == ["r1", "r3"]
    assert "2 lowest of 5" in ax.get_title()


# ---------------------------------------------------------------- the one-page report

def report_frame():
    """Two weeks of a thread with an <angle-bracket> account: a promise, a complaint, silence."""
    base = {s: 0.05 for s in SIGNALS}
    rows = [
        ("m1", "2026-01-05 09:00", "inbound", "Can you send the export?", {}),
        ("m2", "2026-01-05 10:00", "outbound", "We will send it by Jan 7.", {"commitment": 0.95}),
        ("m3", "2026-01-09 09:00", "inbound", "Still nothing <again> & no word.",
         {"frustration": 0.9, "unmet_expectation": 0.9}),
        ("m4", "2026-01-16 09:00", "inbound", "Any update?", {"unmet_expectation": 0.7}),
    ]
    df = pd.DataFrame([
        {**base, **sig, "message_id": mid, "thread_id": "t1", "relationship": "Acme <Corp>",
         "direction": d, "timestamp": ts, "text": text, "status": "ok", "sender": "x@acme.test",
         "evidence": [ev(k, 0, len(text), v) for k, v in sig.items() if v > 0.5 and k != "commitment"]}
        for mid, ts, d, text, sig in rows])
    df["timestamp"] = pd.to_datetime(df["timestamp"], utc=True)
    df["commitment_due"] = pd.to_datetime(["NaT", "2026-01-07 17:00", "NaT", "NaT"], utc=True)
    for s in SIGNALS:
        df[f"{s}_flag"] = pd.array(df[s] >= 0.5, dtype="boolean")
    return df


def test_html_report_is_one_escaped_page_with_health_promises_and_evidence():
    from frictionscan.report import html_report

    page = html_report(report_frame(), plots=False)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "Acme &lt;Corp&gt;" in page and "<Corp>" not in page
    assert "&lt;again&gt; &amp; no word" in page and "<again>" not in page
    assert "<h2>Relationship health</h2>" in page
    assert re.search(r"Promises not kept \(1 of 1\)", page)
    assert "We will send it by Jan 7." in page
    assert "Top friction messages" in page and "<img" not in page


def test_html_report_lists_only_what_clients_wrote_as_top_friction():
    from frictionscan.report import html_report

    df = report_frame()
    ours = df.index[df["message_id"] == "m2"][0]
    df.loc[ours, ["text", "blame"]] = ["What is the issue, from your side?", 0.98]
    df.loc[ours, "blame_flag"] = True
    page = html_report(df, plots=False)
    top = page.split("Top friction messages from clients", 1)[1]
    assert "Still nothing" in top and "What is the issue" not in top


def test_html_report_draws_account_names_with_dollar_signs_as_written(agg):
    from frictionscan.report import html_report, plot_health

    df = report_frame().assign(relationship="a$^{$@gmail.com")
    assert html_report(df).count('src="data:image/png;base64,') == 2  # no mathtext error
    ax = plot_health(health_frame().assign(relationship="Acme $5M and $2M"))
    ax.figure.canvas.draw()  # mathtext would fail or garble here
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels == ["Acme \\$5M and \\$2M"]  # an escaped "$" is drawn as written


def test_html_report_embeds_plots_as_inline_png_when_matplotlib_is_there(agg):
    from frictionscan.report import html_report

    page = html_report(report_frame())
    assert page.count('src="data:image/png;base64,') == 2
    assert "http" not in page.replace("http-equiv", "")  # nothing fetched from anywhere


def test_html_report_says_plots_were_skipped_without_matplotlib(monkeypatch):
    from frictionscan.report import html_report

    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    page = html_report(report_frame())
    assert "Plots skipped" in page and "<img" not in page


def test_html_report_uses_a_given_health_table_and_rejects_bad_ones():
    from frictionscan.report import html_report

    page = html_report(report_frame(), health=health_frame(), plots=False)
    health_section = page.split("<h2>Relationship health</h2>")[1].split("<h2>")[0]
    assert ">Birch<" in health_section and "Corp" not in health_section
    with pytest.raises(InvalidOptionError, match="health"):
        html_report(report_frame(), health="weekly")
    with pytest.raises(ColumnsError):
        html_report(report_frame(), health=health_frame().drop(columns=["period"]))


def test_html_report_on_texts_alone_says_what_it_needs_and_what_to_use_instead():
    scored = fs.score(pd.DataFrame({"text": ["Still waiting on the refund.", "Thanks so much!"]}))
    with pytest.raises(ColumnsError, match=r"needs the message table's \['relationship', 'direction', "
                                           r"'timestamp'\].*evidence_table_html"):
        fs.html_report(scored)


def test_html_report_says_once_that_rows_were_left_out():
    """Verification of the review fixes (D5): health and commitments each warned, so the page
    builder repeated the same LeftOutWarning."""
    import warnings

    from frictionscan.errors import LeftOutWarning

    df = scored_frame().assign(thread_id="t1", message_id=lambda d: [f"m{i}" for i in range(len(d))])
    df.loc[0, "relationship"] = None
    assert {"thread_id", "commitment"} <= set(df.columns)  # so the page lists promises too
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fs.html_report(df, plots=False)
    assert len([w for w in caught if issubclass(w.category, LeftOutWarning)]) == 1


def test_html_report_names_who_made_a_broken_promise_as_the_evidence_table_does():
    from frictionscan.report import html_report

    df = report_frame()
    df["sender_name"] = ["Ann Client", "Dana Whitlock", "Ann Client", "Ann Client"]
    df.loc[1, "sender"] = "dana@vendor.test"
    page = html_report(df, plots=False)
    promises = page.split("Promises not kept", 1)[1].split("<h2>", 1)[0]
    assert "Dana Whitlock (dana@vendor.test)" in promises
