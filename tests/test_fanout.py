"""The map over uploads: on all cores this process works beside a pool of one fewer.

The functions run in spawned processes, so they live at module level (importable by name).
"""

from __future__ import annotations

import os
from typing import Any

from tiktok_export.fanout import AHEAD, run_map


def _whose(job: int) -> dict[str, Any]:
    """Which process ran ``job``; job 5 fails as a bug would."""
    if job == 5:
        raise KeyError("a value from a file")
    return {"job": job, "pid": os.getpid()}


def _failed(job: int, kind: str) -> dict[str, Any]:
    return {"job": job, "pid": None, "error": kind}


def test_results_in_job_order_from_this_process_and_the_pool() -> None:
    """Rows come back in job order; both this process and a pool process did some; a bug is a row."""
    jobs = list(range(12))
    seen: list[tuple[int, int]] = []
    rows = run_map(
        _whose,
        jobs,
        [100 - job for job in jobs],  # largest first is job order here
        on_error=_failed,
        workers=2,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert [row["job"] for row in rows] == jobs
    assert rows[5] == {"job": 5, "pid": None, "error": "KeyError"}  # the type only, never the text
    pids = {row["pid"] for row in rows if row["pid"] is not None}
    assert os.getpid() in pids  # this process took jobs itself
    assert len(pids) == 2  # and the pool's one process took the first AHEAD of them
    assert {rows[i]["pid"] for i in range(AHEAD)} == pids - {os.getpid()}
    assert seen[-1] == (sum(100 - job for job in jobs),) * 2
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_one_worker_runs_everything_here() -> None:
    rows = run_map(_whose, [1, 2, 5], [1, 1, 1], on_error=_failed, workers=1)
    assert [row["pid"] for row in rows] == [os.getpid(), os.getpid(), None]
