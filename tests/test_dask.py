"""Scoring a dask.dataframe of messages on a LocalCluster equals scoring it in one process."""

from __future__ import annotations

import dask.dataframe as dd
import distributed
import pandas as pd
import pytest

import frictionscan as fs
from frictionscan.dask import score_dask
from frictionscan.schemas import SIGNALS, messages_frame

TEXTS = [
    "We are still waiting on the revised timeline you promised last week.",
    "Thanks so much for the quick fix, the whole team is relieved.",
    "Sorry, that one is on us. I will send the corrected export by Friday noon.",
    "Honestly this is the third time I ask. Is anyone looking at this?",
    "Could you confirm the call on Tuesday at ten?",
    "Your team shipped the wrong build again.",
]


def _messages(n: int = 36) -> pd.DataFrame:
    recs = []
    for i in range(n):
        recs.append({
            "message_id": f"m{i}@acme.example", "thread_id": f"t{i // 4}",
            "relationship": "acme.example", "direction": "inbound" if i % 2 else "outbound",
            "sender": "ann@acme.example", "timestamp": f"2024-03-{1 + i % 27:02d}T09:00:00Z",
            "text": TEXTS[i % len(TEXTS)] if i != 5 else None,
            "source": "inbox.mbox", "source_index": i,
            "status": "error" if i == 7 else "ok",
            "error": "not an email: no headers found" if i == 7 else None,
        })
    return messages_frame(recs)


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as c:
        yield c


def test_score_dask_on_a_local_cluster_equals_single_process_score(client):
    df = _messages()
    ddf = dd.from_pandas(df, npartitions=4)
    lazy = score_dask(ddf, sensitivity="strict")
    got = lazy.compute()
    want = fs.score(df, sensitivity="strict")
    pd.testing.assert_frame_equal(got, want)
    assert got.loc[7, "status"] == "error" and pd.isna(got.loc[7, "frustration"])


def test_score_dask_meta_matches_the_computed_partitions(client):
    ddf = dd.from_pandas(_messages(12), npartitions=3)
    lazy = score_dask(ddf)
    assert list(lazy.columns) == list(fs.score(_messages(2)).columns)
    assert lazy.npartitions == 3
    meta = lazy._meta
    part = lazy.get_partition(1).compute()
    assert dict(meta.dtypes.astype(str)) == dict(part.dtypes.astype(str))
    for s in SIGNALS:
        assert str(meta[s].dtype) == "float64" and str(meta[f"{s}_flag"].dtype) == "boolean"
    assert str(meta["commitment_due"].dtype) == "datetime64[ns, UTC]"


def test_score_dask_needs_a_text_column():
    ddf = dd.from_pandas(pd.DataFrame({"body": ["hi"]}), npartitions=1)
    with pytest.raises(fs.FrictionscanError, match="text"):
        score_dask(ddf)


def test_write_parquet_writes_what_dask_to_parquet_cannot(tmp_path):
    from frictionscan.dask import write_parquet

    msgs = _messages(12)
    scored = score_dask(dd.from_pandas(msgs, npartitions=3))
    import pyarrow as pa

    with pytest.raises((pa.ArrowInvalid, pa.ArrowTypeError)):  # why write_parquet exists: no Arrow type
        scored.to_parquet(tmp_path / "dask")
    paths = write_parquet(scored, tmp_path / "ours")
    assert len(paths) == 3
    back = pd.read_parquet(tmp_path / "ours").reset_index(drop=True)
    ref = fs.score(msgs).reset_index(drop=True)
    pd.testing.assert_frame_equal(back[list(SIGNALS)], ref[list(SIGNALS)])
    # (pandas gives every item every struct field: a "due" of None is an item without one)
    assert [[{k: v for k, v in dict(e).items() if k != "due" or v is not None} for e in ev]
            for ev in back["evidence"]] == ref["evidence"].tolist()
