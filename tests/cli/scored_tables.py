"""Small scored tables for CLI tests (what `frictionscan scan` would have written)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from frictionscan.io import write_table
from frictionscan.schemas import SIGNALS


def conversation(path: Path, n: int, *, relationship: str, texts: tuple[str, str]) -> Path:
    """``n`` daily messages from 2025-03-03, a client writing in (``texts[0]``) and us answering
    with a flagged commitment (``texts[1]``), written to ``path``."""
    rows = pd.DataFrame({
        "message_id": [f"m{i}" for i in range(n)],
        "status": ["ok"] * n,
        "timestamp": pd.date_range("2025-03-03T10:00Z", periods=n, freq="D"),
        "relationship": [relationship] * n,
        "direction": ["inbound", "outbound"] * (n // 2),
        "text": list(texts) * (n // 2),
        **{s: [0.2] * n for s in SIGNALS},
    })
    rows["commitment"] = [0.0, 0.9] * (n // 2)
    rows["commitment_flag"] = [False, True] * (n // 2)
    write_table(rows, path)
    return path
