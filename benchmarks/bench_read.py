"""Read + clean throughput and memory of :func:`frictionscan.iter_read` on a synthetic mbox.

Generates an mbox of N messages (default 50,000) in a temporary folder: threads of client/vendor
mail (six messages each) whose replies quote the history ("On ... wrote:" + up to 40 ``>`` lines),
with a signature ("-- " block, "Sent from my iPhone" or a closing), a mix of quoted-printable,
base64, 8-bit UTF-8, Latin-1 and multipart/alternative (plain + HTML) bodies, and RFC 2047
subjects. It has no HTML-only bodies and no Outlook header blocks, which cost more to clean: real
mailboxes with many of those read slower. Then, in a fresh child process per size, streams it
through ``iter_read`` and prints messages/s (wall clock, and CPU time of the one process, which is
what "one core" means on a shared machine) and peak RSS; for N it also runs "read only" (bodies not
cleaned) to show how the time splits between reading and :func:`frictionscan.clean.split_reply`
(printed as microseconds per message). Memory must stay flat when the mailbox grows: the script
reads N and 4N messages (``--scale``), prints both peaks and the growth per extra message.

The machine's load average is printed first: on a shared machine other processes slow even the
CPU time of this one (caches), so compare runs made under similar load, or use ``--repeat``.

Usage::

    python benchmarks/bench_read.py                # N = 50,000 and 4N = 200,000
    python benchmarks/bench_read.py --n 20000 --scale 1
    python benchmarks/bench_read.py --n 20000 --scale 1 --repeat 3   # median (min-max) of 3 runs
    python benchmarks/bench_read.py --profile      # cProfile of one read, top 25 functions
    python benchmarks/bench_read.py --profile --sort tottime
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import quopri
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

CLIENTS = ["acme.com", "globex.io", "initech.co.uk", "umbrella.de", "hooli.fr", "gmail.com"]
PEOPLE = ["ann", "li", "omar", "sofia", "jens", "maria", "kenji", "ruth"]
OURS = ["bob", "carla", "dev", "emma"]
SUBJECTS = ["Invoice {n} still open", "Migration timeline", "Ticket #{n}: export fails",
            "Renewal quote", "Onboarding call follow-up", "Données manquantes {n}",
            "Lieferverzug Auftrag {n}", "Access to the staging server"]
LINES = [
    "We are still waiting for the corrected invoice, this is the third time I ask.",
    "Thanks for the quick turnaround yesterday, the team was happy with the fix.",
    "I am sorry for the delay, we will send the new build by Friday.",
    "Could you confirm the date? Our board meets next week and I need the numbers.",
    "The export keeps failing with a timeout after ten minutes, same as last month.",
    "Nobody told us the maintenance window had moved, we lost half a day.",
    "Merci pour votre retour rapide, tout fonctionne maintenant.",
    "Wir warten immer noch auf die Lieferung, bitte um Rückmeldung bis Montag.",
]
SIGS = ["--\nAnn Example\nHead of Ops | +44 20 7946 0000", "Sent from my iPhone", "Best,\nLi"]


def _body(rng: random.Random, quoted: list[str]) -> str:
    new = " ".join(rng.sample(LINES, rng.randint(1, 3)))
    parts = [new, "", rng.choice(SIGS)]
    if quoted:
        parts += ["", "On Mon, 3 Jun 2024 at 10:02, Someone <x@example.com> wrote:"]
        parts += ["> " + q for q in quoted]
    return "\n".join(parts)


def _encode_subject(subject: str) -> str:
    if subject.isascii():
        return subject
    return "=?utf-8?b?" + base64.b64encode(subject.encode()).decode() + "?="


def generate(path: str, n: int, seed: int = 7) -> int:
    """Write an mbox of ``n`` messages to ``path``; return its size in bytes."""
    rng = random.Random(seed)
    t0 = datetime(2024, 1, 1, tzinfo=timezone.utc)
    with open(path, "wb") as fh:
        thread_root = None
        quoted: list[str] = []
        subject = ""
        client = ""
        for i in range(n):
            if i % 6 == 0:
                client = rng.choice(CLIENTS)
                subject = rng.choice(SUBJECTS).format(n=rng.randint(100, 999))
                thread_root = f"root{i}@{client}"
                quoted = []
            inbound = i % 2 == 0
            person = rng.choice(PEOPLE) + "@" + client
            ours = rng.choice(OURS) + "@northwind.io"
            sender, rcpt = (person, ours) if inbound else (ours, person)
            mid = thread_root if quoted == [] else f"m{i}@{sender.split('@')[1]}"
            body = _body(rng, quoted)
            quoted = (body.splitlines() + quoted)[:40]
            date = format_datetime(t0 + timedelta(minutes=37 * i))
            kind = i % 5
            headers = [
                f"From: {sender.split('@')[0].title()} <{sender}>",
                f"To: {rcpt}",
                f"Subject: {'Re: ' if i % 6 else ''}{_encode_subject(subject)}",
                f"Date: {date}",
                f"Message-ID: <{mid}>",
                "MIME-Version: 1.0",
            ]
            if i % 6:
                headers.append(f"In-Reply-To: <{thread_root}>")
                headers.append(f"References: <{thread_root}>")
            if kind == 0:
                headers += ["Content-Type: text/plain; charset=utf-8",
                            "Content-Transfer-Encoding: quoted-printable"]
                payload = quopri.encodestring(body.encode()).decode("ascii")
            elif kind == 1:
                headers += ["Content-Type: text/plain; charset=utf-8",
                            "Content-Transfer-Encoding: base64"]
                payload = base64.encodebytes(body.encode()).decode("ascii")
            elif kind == 2:
                headers += ["Content-Type: text/plain; charset=utf-8",
                            "Content-Transfer-Encoding: 8bit"]
                payload = body
            elif kind == 3:
                html = "<html><body><p>" + body.replace("\n", "<br>\n") + "</p></body></html>"
                headers += ['Content-Type: multipart/alternative; boundary="b1"']
                payload = ("--b1\nContent-Type: text/plain; charset=utf-8\n\n" + body +
                           "\n--b1\nContent-Type: text/html; charset=utf-8\n\n" + html + "\n--b1--")
            else:
                headers += ["Content-Type: text/plain; charset=iso-8859-1",
                            "Content-Transfer-Encoding: 8bit"]
                payload = body
            data = "\n".join(headers) + "\n\n" + payload.replace("\nFrom ", "\n>From ") + "\n\n"
            charset = "latin-1" if kind == 4 else "utf-8"
            envelope = f"From {sender} {(t0 + timedelta(minutes=37 * i)).strftime('%a %b %d %H:%M:%S %Y')}\n"
            fh.write(envelope.encode() + data.encode(charset, "replace"))
    return os.path.getsize(path)


def _child(path: str, chunksize: int, no_clean: bool = False) -> None:
    import frictionscan as fs
    from frictionscan.ingest import email as email_reader

    if no_clean:  # read only: leave bodies uncleaned, to show how time splits between read and clean
        email_reader._split = lambda body, html, rec: (body, "")
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t, c = time.perf_counter(), time.process_time()
    rows = errors = 0
    for chunk in fs.iter_read(path, internal_domains=["northwind.io"], chunksize=chunksize):
        rows += len(chunk)
        errors += int((chunk["status"] == "error").sum())
    dt, dc = time.perf_counter() - t, time.process_time() - c
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"rows": rows, "errors": errors, "seconds": dt, "cpu_seconds": dc,
                      "peak_rss_mb": peak_kb / 1024, "rss_after_import_mb": rss0 / 1024}))


def _run(path: str, chunksize: int, no_clean: bool = False) -> dict:
    cmd = [sys.executable, __file__, "--child", path, "--chunksize", str(chunksize)]
    out = subprocess.run(cmd + (["--no-clean"] if no_clean else []),
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _runs(path: str, chunksize: int, no_clean: bool, repeat: int) -> dict:
    """``repeat`` child runs; the median run's figures, plus the min and max CPU seconds."""
    runs = sorted((_run(path, chunksize, no_clean) for _ in range(repeat)),
                  key=lambda r: r["cpu_seconds"])
    r = dict(runs[len(runs) // 2])
    r["cpu_min"], r["cpu_max"] = runs[0]["cpu_seconds"], runs[-1]["cpu_seconds"]
    r["peak_rss_mb"] = max(x["peak_rss_mb"] for x in runs)
    return r


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=50_000, help="messages in the base mailbox")
    ap.add_argument("--scale", type=int, default=4, help="also read scale*N to check flat memory (1: skip)")
    ap.add_argument("--chunksize", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=1,
                    help="child runs per measurement; the median is printed with the CPU min-max")
    ap.add_argument("--profile", action="store_true", help="cProfile one read of N messages")
    ap.add_argument("--sort", default="cumulative", choices=["cumulative", "tottime"],
                    help="profile order (with --profile)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--no-clean", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(args.child, args.chunksize, args.no_clean)
        return
    repeat = max(1, args.repeat)
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    print(f"machine: {os.cpu_count()} CPUs, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
          f"Python {sys.version.split()[0]}; {repeat} run(s) per figure", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        sizes = [args.n] + ([args.n * args.scale] if args.scale > 1 and not args.profile else [])
        peaks: dict[int, float] = {}
        for n in sizes:
            path = os.path.join(tmp, f"synthetic_{n}.mbox")
            nbytes = generate(path, n)
            if args.profile:
                import cProfile
                import pstats

                import frictionscan.clean  # noqa: F401  (imports are not part of a read: outside the profile)

                prof = cProfile.Profile()
                prof.enable()
                _child(path, args.chunksize)
                prof.disable()
                pstats.Stats(prof).sort_stats(args.sort).print_stats(25)
                return
            cpu: dict[bool, float] = {}
            for no_clean in ([False, True] if n == args.n else [False]):
                r = _runs(path, args.chunksize, no_clean, repeat)
                assert r["rows"] == n, f"rows out {r['rows']} != messages in {n}"
                cpu[no_clean] = r["cpu_seconds"]
                what = "read only  " if no_clean else "read+clean "
                spread = (f" [cpu min-max {r['cpu_min']:.2f}-{r['cpu_max']:.2f} s]" if repeat > 1 else "")
                print(f"{what} N={n:>8,}  file={nbytes / 1e6:7.1f} MB  errors={r['errors']}  "
                      f"wall={r['seconds']:6.2f} s ({n / r['seconds']:7,.0f} msg/s)  "
                      f"cpu={r['cpu_seconds']:6.2f} s ({n / r['cpu_seconds']:7,.0f} msg/s)  "
                      f"peak RSS={r['peak_rss_mb']:6.1f} MB (after import {r['rss_after_import_mb']:.1f})"
                      + spread, flush=True)
                if not no_clean:
                    peaks[n] = r["peak_rss_mb"]
            if len(cpu) == 2:
                read_us, clean_us = cpu[True] / n * 1e6, (cpu[False] - cpu[True]) / n * 1e6
                print(f"per message (CPU): read {read_us:5.1f} us + clean {clean_us:5.1f} us = "
                      f"{read_us + clean_us:5.1f} us", flush=True)
            os.remove(path)
        if len(peaks) == 2:
            (n1, p1), (n2, p2) = sorted(peaks.items())
            print(f"memory growth while streaming: {(p2 - p1) * 1024 * 1024 / (n2 - n1):,.0f} bytes per extra "
                  f"message ({p1:.0f} MB at {n1:,}, {p2:.0f} MB at {n2:,}; ids kept for threads and "
                  "duplicate detection)", flush=True)


if __name__ == "__main__":
    main()
