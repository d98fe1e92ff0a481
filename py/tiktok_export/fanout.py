"""Run one per-upload function over many uploads: in this process, on all cores, or on Dask.

Uploads are independent, so verifying them or turning them into tables is a map over
files followed by a concatenation. This module is the map, written once for every
command: ``workers=1`` runs in this process (the single-process baseline the benchmark
compares with), the default is all cores (a process pool of one fewer, with this process
as the last worker: see :func:`_run_pool`), and ``dask`` sends the very
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
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from typing import Any, TypeVar

Job = TypeVar("Job")
Row = TypeVar("Row")
"""What the function makes of one job: a row, or the rows of a job that holds several uploads."""
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
    this process, which works too, nor on Dask workers, which are not ours to change).
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

    def run_here(index: int) -> None:
        try:
            row = function(jobs[index])
        except Exception as problem:  # one bad upload must not stop the run (a pool does the same)
            row = on_error(jobs[index], type(problem).__name__)
        finished(index, row)

    count = workers or default_workers()
    if dask is not None:
        _run_dask(function, jobs, on_error, dask, workers, finished)
    elif count <= 1 or len(jobs) <= 1:
        for index in range(len(jobs)):
            run_here(index)
    else:
        _run_pool(function, jobs, sizes, on_error, count, initializer, finished, run_here)
    return [row for row in results if row is not None]


AHEAD = 2
"""Jobs handed to each pool process at a time: one it works on, one waiting for it."""


def _run_pool(
    function: Callable[[Job], Row],
    jobs: Sequence[Job],
    sizes: Sequence[int],
    on_error: Callable[[Job, str], Row],
    count: int,
    initializer: Callable[[], None] | None,
    finished: Callable[[int, Row], None],
    run_here: Callable[[int], None],
) -> None:
    """``count`` processes: a pool of ``count - 1``, and this process as the last worker.

    This process would otherwise only wait for results, yet on a machine with few cores
    whatever it does meanwhile (collecting results, the imports its own end needs) takes
    CPU from a worker, and every pool process costs a start of its own (an interpreter,
    the imports, the initializer: about 0.6 s of CPU here) and a pickled round trip per
    job. So it takes the next job itself whenever the pool has ``AHEAD`` jobs per process
    in hand, and tops the pool up between its own jobs. Jobs go out largest first (a big
    one started last would leave the others idle at the end); a pool process therefore
    always holds jobs at least as large as the one this process is on, so it does not run
    dry before the next top-up.
    """
    # spawn: the same start method on every platform, and no state copied from the parent.
    context = multiprocessing.get_context("spawn")
    order = deque(sorted(range(len(jobs)), key=lambda i: -sizes[i]))
    helpers = count - 1
    with ProcessPoolExecutor(max_workers=helpers, mp_context=context, initializer=initializer) as pool:
        running: dict[Future[Row], int] = {}

        def collect(future: Future[Row]) -> None:
            index = running.pop(future)
            failure = future.exception()
            finished(
                index,
                on_error(jobs[index], type(failure).__name__) if failure is not None else future.result(),
            )

        while order:
            for future in [f for f in running if f.done()]:
                collect(future)
            while order and len(running) < helpers * AHEAD:
                index = order.popleft()
                running[pool.submit(function, jobs[index])] = index
            if order:
                run_here(order.popleft())
        for future in as_completed(list(running)):
            collect(future)


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
