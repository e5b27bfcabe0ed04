"""End-to-end speed and memory of ``frictionscan scan`` against VADER's bare scoring rate.

Builds a synthetic mbox of N messages (default 20,000): client/vendor threads whose bodies hold 3-12
sentences of new text (friction, repair and neutral business talk), a signature, and the quoted
history of the thread ("On ... wrote:" + ``>`` lines); bodies are encoded as quoted-printable,
base64, 8-bit or multipart/alternative with HTML. Then, in one run:

(a) VADER: ``SentimentIntensityAnalyzer().polarity_scores`` over the same bodies (the whole body as
    written in the mailbox, quotes included, since VADER has no cleaning), with no parsing at all,
    on one core (VADER is single-threaded); also over the new text only, for reference.
(b) frictionscan: ``frictionscan scan box.mbox -o scored.parquet`` in a child process, end to end
    (parse, clean, score with the shipped models, write), ``--jobs`` all cores by default.

It prints both rates, their ratio and the peak memory of the scan: the sum of the resident memory of
the scan process and all its workers, sampled every 50 ms (``peak RSS (tree)``), and the largest
single process (``ru_maxrss``).

Usage::

    python benchmarks/bench_scan.py                 # N = 20,000
    python benchmarks/bench_scan.py --n 200000 --vader-sample 20000   # memory must stay flat
    python benchmarks/bench_scan.py --n 20000 --jobs 1 --format csv

Goals (issue 6): end-to-end rate >= 2x VADER's on 2 cores; peak memory < 1 GB at 200,000 messages
and within 20% of the 20,000-message peak.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import os
import quopri
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

CLIENTS = ["acme.example", "globex.example", "initech.example", "umbrella.example",
           "hooli.example", "vandelay.example", "gmail.com"]
PEOPLE = ["ann", "li", "omar", "sofia", "jens", "maria", "kenji", "ruth", "tomas", "ines"]
OURS = ["bob", "carla", "dev", "emma"]
OUR_DOMAIN = "northwind.example"
SUBJECTS = ["Invoice {n} still open", "Migration timeline", "Ticket #{n}: export fails",
            "Renewal quote for {n} seats", "Onboarding call follow-up", "Access to staging",
            "Q{q} report numbers", "Data feed outage on {n}"]

# Original sentences written for this benchmark (friction, repair and neutral business talk).
FRICTION = [
    "We are still waiting for the corrected invoice, and this is the third time I have asked.",
    "Honestly, this is getting really frustrating for our whole team.",
    "Your team told us the migration would be finished by Monday, and nothing has happened.",
    "The export failed again overnight with exactly the same timeout as last week.",
    "Nobody let us know that the maintenance window had moved, so we lost half a day.",
    "As per my last email, we still have no access to the staging server.",
    "Is anyone actually looking at this ticket?",
    "Great, another delay, just what we needed before the board meeting.",
    "I am disappointed that the numbers in the report still do not add up.",
    "This was supposed to be fixed two releases ago.",
    "Your support desk closed the ticket without asking us whether it worked.",
    "We cannot keep chasing you for updates every single week.",
]
REPAIR = [
    "I am sorry about the delay, that one is on us.",
    "We dropped the ball on the handover and I take full responsibility.",
    "I will send you the revised timeline by Friday noon.",
    "Our engineers will deploy the fix to staging tomorrow morning and I will confirm once it is live.",
    "Thank you for your patience while we sorted this out, it really helped.",
    "Thanks so much for the detailed logs, they made the root cause obvious.",
    "I have asked our finance team to reissue the invoice today.",
    "You will have the corrected figures in your inbox before Wednesday.",
    "Really appreciate you flagging this so early.",
]
NEUTRAL = [
    "Could you confirm which of your colleagues should join the call?",
    "The attached file lists the accounts that are part of the second wave.",
    "Our board meets next Thursday and I need the figures by then.",
    "Please find the signed order form attached.",
    "We are planning to roll out the new module to the Berlin office in March.",
    "Let me know if the proposed time works for you.",
    "The current contract runs until the end of the quarter.",
    "I have copied Maria, who looks after procurement on our side.",
    "We moved the weekly check-in to Tuesdays at ten.",
    "The staging environment will be rebuilt over the weekend.",
    "Can you share the list of users who still need access?",
    "The numbers below are taken from last month's usage report.",
]
SIGS = ["--\n{name}\nHead of Operations | +44 20 7946 0000", "Sent from my iPhone", "Best,\n{name}",
        "Kind regards,\n{name}\n{company}"]


def _new_text(rng: random.Random, inbound: bool) -> str:
    n = rng.randint(3, 12)
    pool = (FRICTION * 2 + NEUTRAL + REPAIR[4:]) if inbound else (REPAIR * 2 + NEUTRAL)
    sentences = [rng.choice(pool) for _ in range(n)]
    # a few paragraphs
    out, para = [], []
    for s in sentences:
        para.append(s)
        if len(para) >= rng.randint(2, 4):
            out.append(" ".join(para))
            para = []
    if para:
        out.append(" ".join(para))
    return "\n\n".join(out)


def messages(n: int, seed: int = 11) -> Iterator[tuple[bytes, str, str]]:
    """Yield ``(mbox entry bytes, body as written, new text)`` for ``n`` messages."""
    rng = random.Random(seed)
    t0 = datetime(2024, 1, 1, tzinfo=timezone.utc)
    quoted: list[str] = []
    root = subject = client = ""
    for i in range(n):
        if i % 6 == 0:
            client = rng.choice(CLIENTS)
            subject = rng.choice(SUBJECTS).format(n=rng.randint(100, 999), q=rng.randint(1, 4))
            root = f"root{i}@{client}"
            quoted = []
        inbound = i % 2 == 0
        person = f"{rng.choice(PEOPLE)}@{client}"
        ours = f"{rng.choice(OURS)}@{OUR_DOMAIN}"
        sender, rcpt = (person, ours) if inbound else (ours, person)
        mid = root if not quoted else f"m{i}@{sender.split('@')[1]}"
        when = t0 + timedelta(minutes=37 * i)
        new = _new_text(rng, inbound)
        sig = rng.choice(SIGS).format(name=sender.split("@")[0].title(), company=client)
        lines = [new, "", sig]
        if quoted:
            prev = format_datetime(when - timedelta(hours=3))
            lines += ["", f"On {prev}, {rcpt.split('@')[0].title()} <{rcpt}> wrote:"]
            lines += ["> " + q if q else ">" for q in quoted]
        body = "\n".join(lines)
        quoted = ([*new.splitlines(), "", *quoted])[:60]
        headers = [
            f"From: {sender.split('@')[0].title()} <{sender}>",
            f"To: {rcpt}",
            f"Subject: {'Re: ' if i % 6 else ''}{subject}",
            f"Date: {format_datetime(when)}",
            f"Message-ID: <{mid}>",
            "MIME-Version: 1.0",
        ]
        if i % 6:
            headers += [f"In-Reply-To: <{root}>", f"References: <{root}>"]
        kind = i % 4
        if kind == 0:
            headers += ["Content-Type: text/plain; charset=utf-8",
                        "Content-Transfer-Encoding: quoted-printable"]
            payload = quopri.encodestring(body.encode()).decode("ascii")
        elif kind == 1:
            headers += ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64"]
            payload = base64.encodebytes(body.encode()).decode("ascii")
        elif kind == 2:
            headers += ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit"]
            payload = body
        else:
            html = "<html><body><div>" + body.replace("\n", "<br>\n") + "</div></body></html>"
            headers += ['Content-Type: multipart/alternative; boundary="alt"']
            payload = ("--alt\nContent-Type: text/plain; charset=utf-8\n\n" + body
                       + "\n--alt\nContent-Type: text/html; charset=utf-8\n\n" + html + "\n--alt--")
        data = "\n".join(headers) + "\n\n" + payload.replace("\nFrom ", "\n>From ") + "\n\n"
        envelope = f"From {sender} {when.strftime('%a %b %d %H:%M:%S %Y')}\n"
        yield envelope.encode() + data.encode(), body, new


def generate(path: str, n: int, seed: int = 11, keep: int | None = None) -> tuple[list[str], list[str]]:
    """Write the mbox; return (bodies, new texts) of the first ``keep`` messages (default all)."""
    bodies, news = [], []
    keep = n if keep is None else keep
    with open(path, "wb") as fh:
        for i, (entry, body, new) in enumerate(messages(n, seed)):
            fh.write(entry)
            if i < keep:
                bodies.append(body)
                news.append(new)
    return bodies, news


def time_vader(texts: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of VADER's polarity_scores over ``texts`` (analyser built before)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    sia = SentimentIntensityAnalyzer()
    sia.polarity_scores("warm up")
    t, c = time.perf_counter(), time.process_time()
    for text in texts:
        sia.polarity_scores(text)
    return time.perf_counter() - t, time.process_time() - c


def _tree_memory(ps) -> tuple[int, int]:
    """(summed RSS, summed PSS) of a process and all its descendants, in bytes.

    RSS counts pages shared between the scan and its forked workers (the model, the libraries)
    once per process; PSS splits each shared page between the processes sharing it, so the summed
    PSS is the memory the whole run really occupies.
    """
    import psutil

    rss = pss = 0
    try:
        procs = [ps, *ps.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0, 0
    for p in procs:
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            info = p.memory_full_info()
            rss += info.rss
            pss += getattr(info, "pss", info.rss)
    return rss, pss


def run_scan(mbox: str, out: str, jobs: int, extra: list[str]) -> dict:
    """Run the CLI in a child process; return its time, peak memory and JSON report."""
    import json

    import psutil

    cmd = [sys.executable, "-m", "frictionscan.cli", "scan", mbox, "--internal-domain", OUR_DOMAIN,
           "-o", out, "--jobs", str(jobs), "--json", *extra]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    ps = psutil.Process(proc.pid)
    peak_rss = peak_pss = 0
    while proc.poll() is None:
        rss, pss = _tree_memory(ps)
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        time.sleep(0.05)
    stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - t
    if proc.returncode != 0:
        sys.exit(f"frictionscan scan failed ({proc.returncode}):\n{stderr}")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # the scan and its (joined) workers
    return {"seconds": seconds, "peak_rss": peak_rss, "peak_pss": peak_pss,
            "single": usage.ru_maxrss * 1024, "cpu": usage.ru_utime + usage.ru_stime,
            "report": json.loads(stdout)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20_000, help="messages in the mailbox")
    ap.add_argument("--jobs", type=int, default=0, help="scan --jobs (0 = all cores)")
    ap.add_argument("--format", default="parquet", choices=["parquet", "csv", "jsonl"])
    ap.add_argument("--keep", help="folder to keep the mbox and output in (default: a temp folder)")
    ap.add_argument("--vader-sample", type=int, default=0,
                    help="time VADER on the first K bodies only (its rate does not depend on N; "
                         "saves minutes at 200,000); 0 = all")
    args = ap.parse_args()

    folder = args.keep or tempfile.mkdtemp(prefix="bench_scan_")
    os.makedirs(folder, exist_ok=True)
    mbox = os.path.join(folder, f"box{args.n}.mbox")
    out = os.path.join(folder, f"scored{args.n}.{args.format}")
    t = time.perf_counter()
    bodies, news = generate(mbox, args.n, keep=args.vader_sample or None)
    size = os.path.getsize(mbox)
    sentences = sum(t.count(". ") + t.count("? ") + t.count("\n\n") + 1 for t in news) / len(news)
    print(f"mailbox: {args.n:,} messages, {size / 1e6:.1f} MB, {sum(map(len, bodies)) / len(bodies):,.0f}"
          f" chars per body ({sum(map(len, news)) / len(news):,.0f} new), ~{sentences:.1f} new sentences"
          f" per message  [generated in {time.perf_counter() - t:.1f}s]")

    nv = len(bodies)
    v_full, v_full_cpu = time_vader(bodies)
    v_new, _ = time_vader(news)
    del bodies, news
    vader_rate = nv / v_full
    vader_new_rate = nv / v_new
    sample = f" on {nv:,} of them" if nv < args.n else ""
    print(f"(a) VADER polarity_scores, whole bodies, 1 core : {vader_rate:10,.0f} messages/s "
          f"({v_full:.1f}s{sample})")
    print(f"    VADER polarity_scores, new text only        : {vader_new_rate:10,.0f} messages/s "
          f"({v_new:.1f}s)  [reference]")

    jobs = args.jobs or len(os.sched_getaffinity(0))
    run = run_scan(mbox, out, jobs, [])
    report, seconds = run["report"], run["seconds"]
    rows = report["rows"]
    rate = rows / seconds
    print(f"(b) frictionscan scan end to end, {jobs} job(s)   : {rate:10,.0f} messages/s "
          f"({seconds:.1f}s wall incl. start-up; rows {rows:,}, ok {report['totals']['ok']:,}, "
          f"dup {report['totals']['duplicate']:,}, error {report['totals']['error']:,})")
    print(f"    ratio scan / VADER (whole bodies)            : {rate / vader_rate:10.2f}x   (goal >= 2x)")
    print(f"    ratio scan / VADER (new text only)           : {rate / vader_new_rate:10.2f}x")
    # the machine may be shared: also compare work per CPU-second (independent of other load)
    scan_cpu_rate = rows / run["cpu"]
    vader_cpu_rate = nv / v_full_cpu
    print(f"    CPU time: VADER {v_full_cpu:.1f}s for {nv:,}; scan {run['cpu']:.1f}s for {rows:,} "
          f"(all processes) -> {vader_cpu_rate:,.0f} vs {scan_cpu_rate:,.0f} messages per CPU-second")
    print(f"    ratio on {jobs} idle cores, from CPU time       : "
          f"{scan_cpu_rate * jobs / vader_cpu_rate:10.2f}x   (scan on {jobs} cores vs VADER on 1; "
          "assumes the workers scale linearly)")
    print(f"    peak memory, PSS summed over scan + workers  : {run['peak_pss'] / 2**20:10,.0f} MB   "
          "(goal < 1024 MB)")
    print(f"    peak memory, RSS summed (shared pages x3)    : {run['peak_rss'] / 2**20:10,.0f} MB")
    print(f"    peak RSS of the largest single process       : {run['single'] / 2**20:10,.0f} MB")
    print(f"    output: {out} ({os.path.getsize(out) / 1e6:.1f} MB)")
    print(f"    machine load average at the end: {os.getloadavg()[0]:.1f} (2 cores)")
    lost = [s for s in report["sources"] if s["expected"] is not None and s["expected"] != s["rows"]]
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"    count report: expected {sum(s['expected'] or 0 for s in report['sources']):,}, "
          f"read {rows:,}{'  MISMATCH' if lost else ''}")


if __name__ == "__main__":
    main()
