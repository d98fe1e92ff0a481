"""Run one per-upload function over many uploads: in this process, on all cores, or on Dask.

Uploads are independent, so verifying them or turning them into tables is a map over
files followed by a concatenation. This module is the map, written once for every
command: ``workers=1`` runs in this process (the single-process baseline the benchmark
compares with), the default is a process pool over all cores, and ``dask`` sends the very
same function to a ``dask.distributed`` cluster (``"local"`` starts a ``LocalCluster`` on
this machine; anything else is a scheduler address). Dask is an optional extra and is
imported only when asked for.

Progress is counted in bytes: each finished upload adds its size, so one bar covers the
whole run however the uploads are spread over workers. A job that raises (a bug, since
per-upload functions turn bad input into rows) becomes a row from ``on_error`` with the
exception's type only: an exception's text could quote a value from a file.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from typing import Any, TypeVar

Job = TypeVar("Job")
Row = dict[str, Any]
ByteProgress = Callable[[int, int], None]
"""``progress(bytes_done, bytes_total)`` after each finished upload."""


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS and Windows have no affinity call
        return os.cpu_count() or 1


def run_map(
    function: Callable[[Job], Row],
    jobs: Sequence[Job],
    sizes: Sequence[int],
    *,
    on_error: Callable[[Job, str], Row],
    workers: int | None = None,
    dask: str | None = None,
    progress: ByteProgress | None = None,
    initializer: Callable[[], None] | None = None,
) -> list[Row]:
    """``[function(job) for job in jobs]``, spread out; results come back in job order.

    ``initializer`` runs once in each pool worker process before its first job (never in
    this process, nor on Dask workers, which are not ours to change).
    """
    total = sum(sizes)
    done = 0
    results: list[Row | None] = [None] * len(jobs)

    def finished(index: int, row: Row) -> None:
        nonlocal done
        results[index] = row
        done += sizes[index]
        if progress is not None:
            progress(done, total)

    if dask is not None:
        _run_dask(function, jobs, on_error, dask, workers, finished)
    elif (workers or default_workers()) <= 1 or len(jobs) <= 1:
        for index, job in enumerate(jobs):
            try:
                row = function(job)
            except Exception as problem:  # one bad upload must not stop the run (a pool does the same)
                row = on_error(job, type(problem).__name__)
            finished(index, row)
    else:
        # spawn: the same start method on every platform, and no state copied from the parent.
        context = multiprocessing.get_context("spawn")
        # Largest first: a big upload started last would leave the other workers idle at the end.
        order = sorted(range(len(jobs)), key=lambda i: -sizes[i])
        with ProcessPoolExecutor(
            max_workers=workers or default_workers(), mp_context=context, initializer=initializer
        ) as pool:
            futures: dict[Future[Row], int] = {pool.submit(function, jobs[i]): i for i in order}
            for future in as_completed(futures):
                index = futures[future]
                failure = future.exception()
                finished(
                    index,
                    on_error(jobs[index], type(failure).__name__) if failure is not None else future.result(),
                )
    return [row for row in results if row is not None]


def _run_dask(
    function: Callable[[Job], Row],
    jobs: Sequence[Job],
    on_error: Callable[[Job, str], Row],
    address: str,
    workers: int | None,
    finished: Callable[[int, Row], None],
) -> None:
    """The same map on a Dask distributed cluster; ``address == "local"`` starts one here."""
    # Typed as Any: distributed's annotations are partial, and it is an optional extra.
    distributed: Any = importlib.import_module("distributed")

    cluster = None
    if address == "local":
        cluster = distributed.LocalCluster(
            n_workers=workers or default_workers(),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        )
        client = distributed.Client(cluster)
    else:
        client = distributed.Client(address)
    try:
        futures = client.map(function, jobs, pure=False)
        index_of = {future.key: i for i, future in enumerate(futures)}
        for future in distributed.as_completed(futures):
            index = index_of[future.key]
            if future.status == "error":
                finished(index, on_error(jobs[index], type(future.exception()).__name__))
            else:
                finished(index, future.result())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
