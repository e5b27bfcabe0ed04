"""Score a message table that lives in a Dask cluster, one partition at a time.

:func:`score_dask` maps :func:`frictionscan.score` over the partitions of a ``dask.dataframe`` with
``map_partitions`` and the right ``meta``, so the result is a lazy Dask DataFrame with the scored
table's columns and dtypes. Each worker process loads the shipped models once (the first partition it
scores loads and caches them) and scores its partitions independently; rows keep their partition,
order and index, so ``score_dask(ddf).compute()`` equals ``score(ddf.compute())``.

Install the extra first: ``pip install "frictionscan[dask]"``.

Examples
--------
>>> import dask.dataframe as dd                                          # doctest: +SKIP
>>> from frictionscan.dask import score_dask                             # doctest: +SKIP
>>> messages = dd.read_parquet("messages/")  # message tables  # doctest: +SKIP
>>> write_parquet(score_dask(messages, sensitivity="strict"), "scored/")  # doctest: +SKIP

The same idea on Spark (``mapInPandas``) is in ``docs/cli.md``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .schemas import SCORED_EXTRA_COLUMNS, SIGNALS

if TYPE_CHECKING:  # pragma: no cover
    import dask.dataframe as dd

__all__ = ["score_dask", "score_partition", "scored_meta", "write_parquet"]


def scored_meta(meta: pd.DataFrame, **score_kwargs: Any) -> pd.DataFrame:
    """The empty DataFrame (columns and dtypes) that :func:`frictionscan.score` returns for ``meta``.

    Computed by scoring the empty frame itself, so it follows the scorer's real output; the documented
    contract (:data:`frictionscan.schemas.SCORED_EXTRA_COLUMNS`) is checked on the way.

    >>> from frictionscan.schemas import empty_messages
    >>> m = scored_meta(empty_messages())
    >>> str(m["frustration"].dtype), str(m["commitment_due"].dtype), len(m)
    ('float64', 'datetime64[ns, UTC]', 0)
    """
    from .detect.score import score

    out = score(meta.iloc[:0].copy(), **score_kwargs).iloc[:0]
    expected = [*SIGNALS, *SCORED_EXTRA_COLUMNS]
    missing = [c for c in expected if c not in out.columns]
    if missing:  # pragma: no cover - a scorer that breaks its contract
        raise RuntimeError(f"frictionscan.score did not return columns {missing}")
    return out


def score_partition(
    part: pd.DataFrame, meta: pd.DataFrame | None = None, **score_kwargs: Any
) -> pd.DataFrame:
    """Score one partition; with ``meta``, return exactly its columns and dtypes (Dask needs that).

    >>> import pandas as pd
    >>> out = score_partition(pd.DataFrame({"text": ["Thanks so much, this is great."]}))
    >>> bool(out.loc[0, "appreciation"] > 0.5)
    True
    """
    from .detect.score import score

    out = score(part, **score_kwargs)
    out.index = part.index
    if meta is None:
        return out
    out = out.reindex(columns=meta.columns)
    for col in meta.columns:
        want = meta[col].dtype
        if out[col].dtype != want:
            out[col] = out[col].astype(want)
    return out


def score_dask(ddf: dd.DataFrame, **score_kwargs: Any) -> dd.DataFrame:
    """Lazily score every partition of a Dask DataFrame of messages.

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
        A message table (or any frame with a ``text`` column, as for :func:`frictionscan.score`).
    **score_kwargs
        Passed to :func:`frictionscan.score` on every partition (e.g. ``sensitivity="strict"``).

    Returns
    -------
    dask.dataframe.DataFrame
        Same partitions and index, plus the signal, flag, ``evidence`` and ``commitment_due`` columns.

    Examples
    --------
    >>> import dask.dataframe as dd, pandas as pd
    >>> texts = ["Still waiting on the fix you promised.", "Thanks, that solved it!"] * 2
    >>> scored = score_dask(dd.from_pandas(pd.DataFrame({"text": texts}), npartitions=2))
    >>> scored.npartitions, len(scored.compute())
    (2, 4)
    """
    from .schemas import require_columns

    require_columns(ddf._meta, ["text"], where="score_dask")
    meta = scored_meta(ddf._meta, **score_kwargs)
    dtypes = tuple((str(c), str(t)) for c, t in meta.dtypes.items())
    return ddf.map_partitions(_score_with_dtypes, dtypes, dict(score_kwargs), meta=meta)


def _score_with_dtypes(
    part: pd.DataFrame, dtypes: tuple[tuple[str, str], ...], score_kwargs: dict[str, Any]
) -> pd.DataFrame:
    meta = pd.DataFrame({c: pd.Series(dtype=t) for c, t in dtypes})
    return score_partition(part, meta, **score_kwargs)


def write_parquet(scored: dd.DataFrame, folder: str | os.PathLike[str], *, compute: bool = True) -> Any:
    """Write a scored Dask DataFrame to ``folder``: one Parquet file per partition, in the layout of
    ``frictionscan scan`` (``evidence`` as a list of structs, flags as nullable booleans).

    Dask's own ``to_parquet`` cannot type the ``evidence`` column (Python lists of dicts, ``object`` in
    the meta) and fails; each partition is written here by :func:`frictionscan.io.write_table` instead.
    ``pandas.read_parquet(folder)`` or :func:`frictionscan.io.read_table` on each file reads it back
    (pandas gives every evidence item every struct field: ``"due"`` is None where the item has none;
    ``read_table`` leaves it out there).

    Returns the written paths (or, with ``compute=False``, the delayed writes to compute yourself).
    """
    import dask

    from .io import write_table

    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    writes = [dask.delayed(write_table)(part, out / f"part-{i:05d}.parquet")
              for i, part in enumerate(scored.to_delayed())]
    return list(dask.compute(*writes)) if compute else writes
