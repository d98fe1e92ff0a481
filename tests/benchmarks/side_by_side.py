"""Two ``tables --workers 1`` runs side by side against each alone: what a second core costs.

    python -m tests.benchmarks.side_by_side [--uploads N] [--cache DIR] [--out DIR] [--code DIR]

Why ``tables`` lets uploads share part files: on this project's machine (a VM's ext4 disk),
creating a file costs far more than writing it, and two processes creating files at once
slow each other down in the kernel, which a speed-up on two cores then shows as extra CPU.
This benchmark isolates it from the pool: it splits the first ``--uploads`` uploads of the
tables benchmark's cached folder (``python -m tests.benchmarks.tables --prepare-only`` makes
it) into two halves, runs ``python -m tiktok_export tables HALF -o OUT --workers 1`` for
each half alone, then both at once, and prints each run's wall, user and system seconds
(``os.wait4``: each process's own). ``--out`` puts the outputs elsewhere (``/dev/shm``: a
tmpfs, where creating a file is cheap); ``--code`` runs the command from another checkout's
``py`` folder (an older commit's, to compare). ``--smoke`` makes two tiny uploads in a
temporary folder (the test suite runs it, so the benchmark cannot rot).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ..uploads import write_upload
from .tables import _remove

REPO = Path(__file__).resolve().parents[2]


def _halves(folder: Path, count: int, into: Path) -> list[Path]:
    """Two folders of links: the first ``count`` uploads (with receipts), alternately."""
    names = sorted(p.name for p in folder.glob("*.json") if not p.name.endswith(".receipt.json"))[:count]
    halves = [into / "half-1", into / "half-2"]
    for half in halves:
        shutil.rmtree(half, ignore_errors=True)
        half.mkdir(parents=True)
    for index, name in enumerate(names):
        for source in (folder / name, folder / f"{name}.receipt.json"):
            (halves[index % 2] / source.name).symlink_to(source)
    return halves


def _start(half: Path, out: Path, code: Path) -> subprocess.Popen[bytes]:
    """The command on one half, its errors into ``OUT.stderr`` (a pipe could fill and stall it)."""
    command = [sys.executable, "-m", "tiktok_export", "tables", str(half), "-o", str(out), "--workers", "1"]
    env = {**os.environ, "PYTHONPATH": str(code)}
    with out.with_suffix(".stderr").open("wb") as errors:  # the child keeps its own copy
        return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=errors)


def _finish(process: subprocess.Popen[bytes], started: float, out: Path) -> tuple[float, float, float]:
    """Wall, user and system seconds of one run, once it ends (its own usage, from ``wait4``)."""
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):  # 1: some upload failed, still a complete run
        errors = out.with_suffix(".stderr").read_text("utf-8", "replace")
        raise SystemExit(f"tables failed ({process.returncode}): {errors[-2000:]}")
    return wall, usage.ru_utime, usage.ru_stime


def measure(halves: list[Path], out: Path, code: Path) -> list[tuple[str, float, float, float]]:
    """Each half alone, then both at once; the disk settled (``sync``) before each."""
    rows = []
    targets = [out / "out-1", out / "out-2"]
    for half, target in zip(halves, targets, strict=True):
        _remove(target)
        started = time.perf_counter()
        rows.append((f"{half.name} alone", *_finish(_start(half, target, code), started, target)))
    for target in targets:
        _remove(target)
    started = time.perf_counter()
    running = [_start(half, target, code) for half, target in zip(halves, targets, strict=True)]
    pending = list(zip(halves, running, targets, strict=True))
    while pending:  # each run's wall time ends when it does: poll, reap the one that ended
        for entry in pending:
            half, process, target = entry
            if os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
                pending.remove(entry)
                rows.append((f"{half.name} side by side", *_finish(process, started, target)))
                break
        else:
            time.sleep(0.02)
    for target in targets:
        _remove(target)
    return rows


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--uploads", type=int, default=500, help="how many cached uploads (two halves)")
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path(tempfile.gettempdir()) / "tiktok-export-bench-tables-1000x2000MB-s0" / "uploads",
        help="the uploads folder (the tables benchmark's cache)",
    )
    parser.add_argument("--out", type=Path, help="where the two outputs go (default: a temporary folder)")
    parser.add_argument("--code", type=Path, default=REPO / "py", help="the py folder to run the command of")
    parser.add_argument("--smoke", action="store_true", help="two tiny uploads (the test suite's run)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="tiktok-export-side-by-side-") as temporary:
        work = Path(temporary)
        folder = args.cache
        if args.smoke:
            folder = work / "uploads"
            folder.mkdir()
            for index in range(2):
                write_upload(folder, f"p{index}.json", generation="new", seed=index, target_bytes=30_000)
            args.uploads = 2
        if not any(folder.glob("*.receipt.json")):
            raise SystemExit(f"no uploads in {folder}: run python -m tests.benchmarks.tables --prepare-only")
        halves = _halves(folder, args.uploads, work)
        out = args.out if args.out is not None else work
        out.mkdir(parents=True, exist_ok=True)
        rows = measure(halves, out, args.code)
    where = args.out or "a temporary folder"
    print(f"{args.uploads} uploads in two halves; outputs in {where}; code {args.code}\n")
    print("| run | wall s | user s | system s |")
    print("|---|---:|---:|---:|")
    for label, wall, user, system in rows:
        print(f"| {label} | {wall:.1f} | {user:.1f} | {system:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
