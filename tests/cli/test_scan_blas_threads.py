"""scan's worker processes share the cores' BLAS threads.

The accurate tier is matrix products; BLAS starts one thread per core in every process, so two
workers on two cores ran four busy threads and the tier took about four times as long (85.8 s
instead of 20.5 s for 1,000 messages in three tasks). Each worker now limits its BLAS pool to
its share of the cores.
"""

from __future__ import annotations

import multiprocessing as mp
from concurrent.futures import ProcessPoolExecutor

import pytest
from threadpoolctl import threadpool_info

from frictionscan import parallel


def _blas_threads() -> list[int]:
    return [p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"]


@pytest.mark.parametrize("workers, cores, share", [(1, 2, 2), (2, 2, 1), (3, 2, 1), (2, 8, 4), (3, 8, 2)])
def test_each_worker_gets_its_share_of_the_cores(workers, cores, share):
    assert parallel.blas_threads_per_worker(workers, cores=cores) == share


@pytest.mark.skipif(not _blas_threads(), reason="numpy reports no BLAS thread pool here")
def test_a_worker_runs_blas_with_the_limit_it_was_given():
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    with ProcessPoolExecutor(1, mp_context=ctx, initializer=parallel._init_worker,
                             initargs=(None, True, None, 1)) as pool:
        assert set(pool.submit(_blas_threads).result()) == {1}
