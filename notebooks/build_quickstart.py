"""Write notebooks/quickstart.ipynb from the cells below, and (with --execute) run it in place.

The notebook's cells live here as plain text so a change is a readable diff; the committed
``quickstart.ipynb`` is this script's output, executed so that GitHub shows its tables and plots.

    python notebooks/build_quickstart.py             # write the notebook, without outputs
    python notebooks/build_quickstart.py --execute   # write it and execute it (needs a trained model)

Executing needs the notebook extras: ``pip install -e ".[notebooks]"``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "quickstart.ipynb"

CELLS: list[tuple[str, str]] = [
    ("md", """\
# frictionscan quickstart: which clients are drifting away, and why?

This notebook walks through a whole analysis on the **sample data** shipped in `data/samples/`: the
mail, meeting transcripts and helpdesk tickets of *Fernwick Data* (internal domain `fernwick.io`) with six
fictional client accounts. Every step is one function call, so you can rerun it on your own exports by
changing the paths in the next cell.

1. **Read** every source into one message table (`fs.read`).
2. **Score** each message for six signals: friction (frustration, blame, unmet expectation) and repair
   (apology, commitment, appreciation) (`fs.score`).
3. **Health**: one 0-100 score per account and week, with alerts and their reasons (`fs.health`).
4. **Evidence**: the exact sentences behind the scores, highlighted.
5. **Commitments**: every promise we made, and whether it was kept (`fs.commitments`).
6. **Explain** the biggest drop: which messages moved the score (`fs.explain`)."""),
    ("code", """\
from pathlib import Path

import pandas as pd
from IPython.display import HTML, display

import frictionscan as fs

%matplotlib inline
import matplotlib.pyplot as plt

plt.rcParams["figure.dpi"] = 80  # small images keep the notebook light
pd.set_option("display.max_colwidth", 90)
pd.set_option("display.width", 160)

# the repository root (this notebook lives in notebooks/)
ROOT = Path.cwd()
while not (ROOT / "data" / "samples").is_dir() and ROOT != ROOT.parent:
    ROOT = ROOT.parent
SAMPLES = ROOT / "data" / "samples"

# who is "us": our mail domain, and our people's names as they appear in call transcripts
OURS = dict(
    internal_domains=["fernwick.io"],
    internal_speakers=["Dana Whitlock", "Priya Raman", "Tomás Herrera", "Marek Nowak",
                       "Lena Fischer", "Sam Okafor"],
    accounts=SAMPLES / "accounts.csv",  # client domains/addresses -> account name
)"""),
    ("md", """\
## 1. Read the mailbox, the call transcripts and the helpdesk export

`fs.read` detects each file's format from its content. Our domain and people decide each message's
`direction` (`inbound` = client to us, `outbound` = us to client, `internal`), and `accounts.csv` maps the
client's domains (here Maris Group writes from two domains and a Gmail address) to one account name, the
`relationship`. Quoted history, signatures and disclaimers are removed: `text` is only what the sender
newly wrote.

A broken message never stops the run: it becomes a row with `status="error"` and a reason, so the row
counts always add up."""),
    ("code", """\
mail = fs.read(SAMPLES / "mailbox.mbox", **OURS)
calls = fs.read(SAMPLES / "transcripts", **OURS)
tickets = fs.read(SAMPLES / "helpdesk", **OURS)
messages = pd.concat([mail, calls, tickets], ignore_index=True)

print(f"{len(messages)} rows:", messages["status"].value_counts().to_dict())
messages.pivot_table(index="relationship", columns="channel", values="message_id",
                     aggfunc="count", fill_value=0, dropna=False)"""),
    ("code", """\
# the rows that could not be read, and why (kept, never dropped)
messages.loc[messages["status"] != "ok", ["source_index", "status", "error"]]"""),
    ("md", """\
## 2. Score every message for friction and repair

Each message gets six probabilities (0-1), a yes/no flag per signal, and **evidence**: the sentences
that triggered each signal, with their character positions in `text`. Promises also get a due date when
one is stated ("by Friday 21 February")."""),
    ("code", """\
scored = fs.score(messages)

flags = [f"{s}_flag" for s in fs.SIGNALS]
ok = scored[scored["status"] == "ok"]
(ok.groupby("direction")[flags].sum()
   .rename(columns=lambda c: c.removesuffix("_flag")))"""),
    ("md", """\
The default model is the fast one (thousands of messages per second). `model="accurate"` adds a
fine-tuned sentence encoder: more accurate on writers it has never seen, much slower (tens of
messages per second), and it needs `pip install -e ".[accurate]"`. Here are both side by side: flags
per signal on the same messages."""),
    ("code", """\
try:
    accurate = fs.score(messages, model="accurate")
except fs.FrictionscanError as exc:  # the accurate tier is not installed
    print(exc)
else:
    ok_acc = accurate[accurate["status"] == "ok"]
    display(pd.DataFrame({"fast": ok[flags].sum(), "accurate": ok_acc[flags].sum()})
              .rename(index=lambda c: c.removesuffix("_flag")))"""),
    ("md", """\
Week by week, how often do **clients** write with each signal? Friction rising while appreciation
falls is the pattern to watch."""),
    ("code", """\
ax = fs.plot_signals(scored, "W", direction="inbound")"""),
    ("md", """\
## 3. Relationship health per account and week

`fs.health` turns the scored messages into one score per account and week (100 = healthy). It adds up
five components: friction (minus), repair (plus), responsiveness (how long the client waits for us),
promises (kept or broken), and engagement (is the client still writing). A red triangle marks an
**alert**: a sharp drop, a low score, or overdue promises. The table shows each account's latest week.
"""),
    ("code", """\
weekly = fs.health(scored, "W")

latest = weekly.sort_values("period").groupby("relationship").tail(1).sort_values("health")
points = ["health", "trend", "friction", "repair", "responsiveness", "promises", "engagement"]
latest[["relationship", "period", *points, "alert", "alert_reasons"]].round(dict.fromkeys(points, 1))"""),
    ("code", """\
ax = fs.plot_health(weekly)
ax.figure.set_size_inches(10, 4.5)"""),
    ("code", """\
# every alert, newest first
alerts = weekly[weekly["alert"]].sort_values("period", ascending=False)
alerts[["relationship", "period", "health", "trend", "alert_reasons"]].head(12)"""),
    ("md", """\
## 4. The evidence: the most frustrated messages, highlighted

The table lists the messages with the strongest friction signals. The sentences the model relied on
are highlighted in the signal's colour (hover over a highlight to see the signal and its probability).
Message text is shown escaped, exactly as written, so nothing in an email can run in your browser."""),
    ("code", """\
display(HTML(fs.evidence_table_html(scored, max_rows=8, max_chars=600)))"""),
    ("md", """\
## 5. Commitments: what we promised, and whether we kept it

A promise is **kept** when we later delivered in the same thread (or the client confirmed), **kept_late**
when that delivery came after its stated date, **open** while it is not yet due, **overdue** once its date
has passed without delivery, and **broken** when the client complained about it before it came."""),
    ("code", """\
promises = fs.commitments(scored)
print(promises["status"].value_counts().to_dict())
promises.pivot_table(index="relationship", columns="status", values="message_id",
                     aggfunc="count", fill_value=0)"""),
    ("code", """\
# the promises that were not kept, per account, oldest first
late = promises[promises["status"].isin(["overdue", "broken"])]
(late[["relationship", "made_at", "promised_by", "commitment", "due", "status", "days_overdue"]]
     .assign(made_at=late["made_at"].dt.strftime("%a %d %b %H:%M"),
             due=late["due"].dt.strftime("%a %d %b %H:%M"))
     .head(12))"""),
    ("md", """\
## 6. Explain the biggest drop

Find the week whose score fell the most, then ask `fs.explain` what changed between the week the
trend is measured from and that week: which components moved, and which messages moved them (impact in
points)."""),
    ("code", """\
config = fs.HealthConfig()
drop = weekly.loc[weekly["trend"].idxmin()]
history = weekly[(weekly["relationship"] == drop["relationship"])
                 & (weekly["period"] < drop["period"])]
before = history.tail(config.trend_periods).iloc[0]
start = before["period_end"] - pd.Timedelta(1, "ns")
# a row is measured at its period's last instant, but the latest row's period is not over: it is
# measured at the latest message, so explain up to that moment to match the table
end = min(drop["period_end"] - pd.Timedelta(1, "ns"), scored["timestamp"].max())

why = fs.explain(scored, drop["relationship"], start, end)
print(why)"""),
    ("code", """\
# the messages behind the drop, with their evidence highlighted
top = why.messages[why.messages["impact"] < 0].head(4)
by_id = scored.drop_duplicates("message_id").set_index("message_id")
parts = []
for m in top.itertuples():
    if m.message_id not in by_id.index:
        continue
    row = by_id.loc[m.message_id]
    when = f"{row['timestamp']:%a %d %b %Y}" if pd.notna(row["timestamp"]) else ""
    parts.append(
        f"<p><b>{m.impact:+.1f} points</b> ({m.component}) {when}, "
        f"{fs.highlight(str(row.get('sender_name') or row['sender']), [])}:<br>"
        f"<span style='white-space: pre-wrap'>{fs.highlight(row['text'], row['evidence'])}</span></p>")
from frictionscan.report import REPORT_DIV, legend_html, style_css

# REPORT_DIV also tells Jupyter's MathJax to leave "$" in client text alone
display(HTML(f"{REPORT_DIV}<style>{style_css()}</style>{legend_html()}"
             + "".join(parts) + "</div>"))"""),
    ("md", """\
## Next steps

* Run it on your own data: change the paths and `OURS` in the first cell (`fs.read` takes an `.mbox`
  file, a Maildir or a folder of `.eml`/`.msg` files, transcripts and helpdesk CSV/JSON exports).
* Monthly instead of weekly: `fs.health(scored, "MS")`.
* Share it as one HTML file (health, plots, promises not kept, evidence; no script, nothing fetched):
  `Path("report.html").write_text(fs.html_report(scored, health=weekly), encoding="utf-8")`.
* Large mailboxes: the `frictionscan scan` command line scores them in parallel (see `docs/cli.md`)."""),
]


def build():
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    for i, (kind, source) in enumerate(CELLS):
        cell = (nbformat.v4.new_markdown_cell(source) if kind == "md"
                else nbformat.v4.new_code_cell(source))
        cell["id"] = f"cell-{i:02d}"  # stable ids: rebuilding gives a small diff
        nb.cells.append(cell)
    return nb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--execute", action="store_true", help="run the notebook in place")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    args = parser.parse_args(argv)
    try:
        import nbformat
    except ImportError:
        print('needs nbformat: pip install -e ".[notebooks]"', file=sys.stderr)
        return 2
    nb = build()
    nbformat.validate(nb)
    if args.execute:
        from nbclient import NotebookClient

        NotebookClient(nb, timeout=args.timeout, kernel_name="python3",
                       resources={"metadata": {"path": str(HERE)}}).execute()
    nbformat.write(nb, OUT)
    print(f"wrote {OUT} ({OUT.stat().st_size / 1024:.0f} KB, executed={args.execute})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
