"""A stop signal ends `frictionscan scan` as an interruption (exit 130, "run again with --resume"),
even when it lands inside a library that turns the KeyboardInterrupt into an error of its own
(seen in CI: pyarrow, importing zoneinfo mid-write, raised "ArrowInvalid: The zoneinfo module or
pytz package must be installed"). An error without a stop signal is still reported as an error."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import os, signal, sys
import frictionscan.parallel as p

def scan(*args, **kwargs):
    if sys.argv[3] == "signal":
        try:
            os.kill(os.getpid(), signal.SIGTERM)
            signal.sigtimedwait([], 0.5) if hasattr(signal, "sigtimedwait") else None
        except KeyboardInterrupt:
            raise RuntimeError("The zoneinfo module or pytz package must be installed.")
    raise RuntimeError("a real bug")

p.scan = scan
from frictionscan.cli import main
main(["scan", sys.argv[1], "-o", sys.argv[2], "-j", "1"])
"""


def _run(tmp_path, mode: str) -> subprocess.CompletedProcess:
    src = tmp_path / "m.eml"
    src.write_text("From: a@b.example\nSubject: x\n\nhello\n", encoding="utf-8")
    return subprocess.run([sys.executable, "-c", CODE, str(src), str(tmp_path / "out.csv"), mode],
                          capture_output=True, text=True, timeout=120)


def test_a_stop_signal_turned_into_a_library_error_is_still_an_interruption(tmp_path):
    done = _run(tmp_path, "signal")
    assert done.returncode == 130, done.stderr
    assert "Interrupted" in done.stderr and "--resume" in done.stderr
    assert not (tmp_path / "out.csv").exists()


def test_an_error_without_a_stop_signal_is_not_called_an_interruption(tmp_path):
    done = _run(tmp_path, "bug")
    assert done.returncode != 130
    assert "a real bug" in done.stderr and "Interrupted" not in done.stderr
