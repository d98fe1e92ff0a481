"""CLI throughput and peak memory against plain ``json.load``, measured side by side in one run.

    python -m tests.benchmarks.throughput [--sizes 10,100,1000] [--repeat 3] [--slow-path]

For each size, generates a synthetic export (emoji included; ``--generations`` picks the
export generations), then times each contender in a fresh subprocess so each peak RSS is
its own: ``json.load`` of the file, and ``validate``, ``summary`` and ``redact`` through the
package (what the CLI commands call), with the fast path (``tiktok_export.fastpath``) and,
with ``--slow-path``, without it (``TIKTOK_EXPORT_FASTPATH=0``). Prints one Markdown table
(median wall time of ``--repeat`` runs, the contenders taking turns; ``x json.load`` is
json.load's time over ours, so above 1.0 is faster). The package's bytecode is compiled first,
as ``pip install`` does for an installed package (an editable checkout, with
``PYTHONDONTWRITEBYTECODE`` set as on this machine, would compile every module in every run,
while ``json.load``'s modules come compiled); each ``redact`` writes a fresh file (the last one
is removed first, outside the timing). ``json.load`` is skipped above
``--json-load-max`` MB: it needs about nine times the file in memory. ``--smoke`` runs a
tiny size once (the test suite does, so the benchmark cannot rot).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import tiktok_export
from tiktok_export.synthetic import ExportSpec, write_export_json

_MEASURE = r"""
import json, sys, time
mode, path, out = sys.argv[1], sys.argv[2], sys.argv[3]
start = time.perf_counter()
if mode == "json.load":
    with open(path, "rb") as handle:
        json.load(handle)
else:
    from tiktok_export import api
    if mode in ("validate", "summary"):
        result = api.check(path)
        if mode == "summary":
            json.dumps(result.summary)
    else:
        with open(out, "wb") as handle:
            result = api.redact(path, handle)
    assert result.ok, [f.code for f in result.findings]
elapsed = time.perf_counter() - start
# VmHWM: this process's own peak (ru_maxrss would also count the parent it was forked from).
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"seconds": elapsed, "peak_rss_kib": peak}))
"""


def compile_package() -> None:
    """The package's bytecode, as ``pip install`` writes it for an installed package (see the
    module's note): a run then times the tool, not the compiler."""
    compileall.compile_dir(Path(tiktok_export.__file__).parent, quiet=1)


def _measure(mode: str, path: Path, out: Path, fast: bool) -> dict[str, float]:
    out.unlink(missing_ok=True)  # truncating the last 100 MB output is the disk's time, not ours
    env = {**os.environ, "TIKTOK_EXPORT_FASTPATH": "1" if fast else "0"}
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, mode, str(path), str(out)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="100", help="export sizes in MB, comma-separated")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--slow-path", action="store_true", help="also time the path without msgspec")
    parser.add_argument("--slow-path-max", type=int, default=100, help="largest size (MB) for --slow-path")
    parser.add_argument("--json-load-max", type=int, default=400, help="largest size (MB) to json.load")
    parser.add_argument("--generations", default="new", help="comma-separated: new, old")
    parser.add_argument("--smoke", action="store_true", help="one tiny run (the test suite's)")
    parser.add_argument("--save", type=Path, help="also write the rows as JSON here (for plot.py)")
    args = parser.parse_args(argv)
    compile_package()
    sizes = [1] if args.smoke else [int(size) for size in args.sizes.split(",")]
    repeat = 1 if args.smoke else args.repeat
    print(f"median of {repeat} runs, Python {sys.version.split()[0]}, {os.cpu_count()} cores\n")
    print("| export | what | path | seconds | MB/s | x json.load | peak RSS (MiB) |")
    print("|---|---|---|---|---|---|---|")
    saved: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="tiktok-export-bench-") as folder:
        work = Path(folder)
        for generation in args.generations.split(","):
            for size in sizes:
                spec = ExportSpec(seed=100 + size, target_bytes=size * 1024 * 1024, generation=generation)
                plain, out = work / "user_data_tiktok.json", work / "out.json"
                with plain.open("wb") as handle:
                    write_export_json(spec, handle)
                size_mb = plain.stat().st_size / 1e6
                label = f"{size_mb:.0f} MB ({generation})"
                reference = None
                rows: list[tuple[str, str, bool]] = []
                if size <= args.json_load_max:
                    rows.append(("json.load", "-", True))
                for mode in ("validate", "summary", "redact"):
                    rows.append((mode, "fast", True))
                    if args.slow_path and size <= args.slow_path_max:
                        rows.append((mode, "slow", False))
                # The contenders take turns (json.load, validate, ..., then again): a busy spell
                # on a shared machine then slows every one of them, not the one it fell on.
                turns: list[list[dict[str, float]]] = [[] for _ in rows]
                for _ in range(repeat):
                    for index, (mode, _, fast) in enumerate(rows):
                        turns[index].append(_measure(mode, plain, out, fast))
                for (mode, path_name, _), runs in zip(rows, turns, strict=True):
                    seconds = statistics.median(r["seconds"] for r in runs)
                    peak = max(r["peak_rss_kib"] for r in runs) / 1024
                    if mode == "json.load":
                        reference = seconds
                    ratio = f"{reference / seconds:.2f}" if reference else "-"
                    saved.append(
                        {"mb": size_mb, "what": mode, "path": path_name, "seconds": seconds, "peak_mib": peak}
                    )
                    print(
                        f"| {label} | {mode} | {path_name} | {seconds:.2f} | {size_mb / seconds:.0f} "
                        f"| {ratio} | {peak:.0f} |",
                        flush=True,
                    )
                plain.unlink()
    if args.save is not None:
        args.save.write_text(json.dumps(saved, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
