"""The issue's one table: the command line natively and the page in headless Chromium, side by side.

    python -m tests.benchmarks.bench [--sizes 10,100,1000] [--repeat 3] [--slow-path] [--save rows.json]
    python -m tests.benchmarks.bench --smoke      # a 1 MB pass of everything (the test suite's)
    python -m tests.benchmarks.bench --page-only  # only the participant's page rows

``make bench`` runs it on 10 MB, 100 MB and 1 GB. For each size one synthetic export is written
(``tiktok_export.synthetic``, new generation, emoji included) and measured, in one run:

* **CLI** (CPython, each contender in a fresh process, its own peak RSS): ``json.load`` of the
  file (the native reference; skipped above ``--json-load-max`` MB, it needs ~9x the file),
  ``validate``, ``summary`` and ``redact`` through the package (``throughput``'s measurement);
  with ``--slow-path`` also without the fast path (up to ``--slow-path-max`` MB);
* **Pyodide worker** (a fresh bare module worker per run reading the ``File`` the page's way:
  ``page.measure_file``): ``json.loads`` of the whole file's bytes, first call and warm (the
  references; skipped above ``--json-max`` MB, they need ~8x the file in wasm memory), check and
  redaction with the peak wasm heap of each;
* **page**: V8's ``TextDecoder`` + ``JSON.parse`` of the ``File`` (no figure when the text is
  longer than V8's longest string), and the participant's page itself (PyScript worker, its own
  marks): check and redaction time, the longest main-thread task while each runs (Long Tasks API:
  0 means none of 50 ms or more), how often the progress text changed (and its longest wait) and
  Cancel (click → back at the start).

Ratios are a reference's time over ours (above 1.00 is faster), each against the references of
the same size measured in the same run. Seconds are medians of ``--repeat``; peaks are maxima.
The contenders of one size take turns (each round runs every one of them once, in the same
order), so a slow spell of a shared machine falls on references and ours alike.
``--save`` writes the rows as JSON; ``python -m tests.benchmarks.plot TABLE.md OUT.svg`` draws the
printed table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from tests.benchmarks import page, throughput
from tiktok_export.synthetic import ExportSpec, write_export_json

MIB = 1024 * 1024
COLUMNS = (
    "export",
    "where",
    "step",
    "seconds",
    "MB/s",
    "x Pyodide json.loads, first call",
    "x Pyodide json.loads, warm",
    "x V8 JSON.parse",
    "x native json.load",
    "peak wasm heap (MiB)",
    "peak RSS (MiB)",
    "longest main-thread task (ms)",
    "progress updates/s (longest wait, ms)",
    "Cancel (ms)",
)


def _ratio(reference: float | None, seconds: float | None) -> str:
    return f"{reference / seconds:.2f}" if reference and seconds else "-"


def _mib(value: float | None) -> str:
    return f"{value / MIB:.0f}" if value else "-"


def native(path: Path, size_mb: float, repeat: int, args: argparse.Namespace) -> list[dict[str, Any]]:
    """The CLI's rows (``throughput``'s measurement, each run in a fresh process, the package's
    bytecode compiled as an install would have it)."""
    throughput.compile_package()
    rows: list[dict[str, Any]] = []
    contenders: list[tuple[str, str, bool]] = []
    if size_mb <= args.json_load_max:
        contenders.append(("json.load", "CLI", True))
    for mode in ("validate", "summary", "redact"):
        contenders.append((mode, "CLI", True))
        if args.slow_path and size_mb <= args.slow_path_max:
            contenders.append((mode, "CLI, slow path", False))
    with tempfile.TemporaryDirectory(prefix="tiktok-export-bench-out-") as scratch:
        out = Path(scratch) / "out.json"
        # Taking turns (json.load, validate, summary, redact, then again), as ``throughput`` does:
        # a slow spell of this shared machine then falls on every contender alike.
        turns: list[list[dict[str, float]]] = [[] for _ in contenders]
        for _ in range(repeat):
            for index, (mode, _, fast) in enumerate(contenders):
                turns[index].append(throughput._measure(mode, path, out, fast))
        for (mode, where, _), runs in zip(contenders, turns, strict=True):
            rows.append(
                {
                    "where": where,
                    "step": mode,
                    "seconds": statistics.median(run["seconds"] for run in runs),
                    "rss": max(run["peak_rss_kib"] for run in runs) * 1024,
                }
            )
    return rows


def browser(path: Path, repeat: int, args: argparse.Namespace) -> list[dict[str, Any]]:
    """The Pyodide worker's and the page's rows (one browser session)."""
    if args.page_only:
        figures = page.measure_page(path, repeat)
        return [{**row, "chromium": figures["chromium"]} for row in page_rows(figures)]
    figures = page.measure_file(path, repeat, args.json_max, real_page=True)
    rows: list[dict[str, Any]] = []
    if figures["json_first_s"] is not None:
        rows.append(
            {
                "where": "Pyodide worker",
                "step": "json.loads, first call",
                "seconds": figures["json_first_s"],
                "heap": figures["json_heap"],
            }
        )
        warm = figures["json_warm_s"]
        rows.append({"where": "Pyodide worker", "step": "json.loads, warm", "seconds": warm})
    if figures["v8_s"] is not None:
        rows.append({"where": "page", "step": "V8 TextDecoder + JSON.parse", "seconds": figures["v8_s"]})
    for step in ("check", "redact"):
        rows.append(
            {
                "where": "Pyodide worker",
                "step": step,
                "seconds": figures[f"{step}_s"],
                "heap": figures[f"{step}_heap"],
            }
        )
    rows += page_rows(figures)
    for row in rows:
        row["chromium"] = figures["chromium"]
    return rows


def page_rows(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """The participant's page's rows: its check and its redaction."""
    return [
        {
            "where": "page",
            "step": step,
            "seconds": figures[f"page_{step}_s"],
            "task": figures[f"page_{step}_longest_task_ms"],
            "updates": figures[f"page_{step}_updates_per_s"],
            "wait": figures[f"page_{step}_longest_gap_ms"],
            "cancel": figures["page_cancel_ms"] if step == "check" else None,
            "where_tasks": figures[f"page_{step}_where"],
        }
        for step in ("check", "redact")
    ]


def print_rows(label: str, size_mb: float, rows: list[dict[str, Any]]) -> None:
    """One size's rows of the table, ratios against that size's references."""

    def reference(where: str, step: str) -> float | None:
        found = [row["seconds"] for row in rows if row["where"] == where and row["step"] == step]
        return found[0] if found else None

    first = reference("Pyodide worker", "json.loads, first call")
    warm = reference("Pyodide worker", "json.loads, warm")
    v8 = reference("page", "V8 TextDecoder + JSON.parse")
    load = reference("CLI", "json.load")
    for row in rows:
        seconds = row["seconds"]
        in_browser = row["where"] != "CLI" and not row["where"].startswith("CLI,")
        ours = row["step"] in ("check", "redact")
        cells = [
            label,
            row["where"],
            row["step"],
            f"{seconds:.2f}",
            f"{size_mb / seconds:.0f}",
            _ratio(first, seconds) if in_browser and (ours or row["step"].endswith("first call")) else "-",
            _ratio(warm, seconds) if in_browser and (ours or row["step"].endswith("warm")) else "-",
            _ratio(v8, seconds) if in_browser and (ours or row["step"].startswith("V8")) else "-",
            _ratio(load, seconds) if not in_browser else "-",
            _mib(row.get("heap")),
            _mib(row.get("rss")),
            f"{row['task']:.0f}" if "task" in row else "-",
            f"{row['updates']:.1f} ({row['wait']:.0f})" if "updates" in row else "-",
            f"{row['cancel']:.0f}" if row.get("cancel") is not None else "-",
        ]
        print("| " + " | ".join(cells) + " |", flush=True)


def main(argv: list[str] | None = None) -> int:
    """Generate, measure, print the table."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10,100,1000", help="export sizes in MB, comma-separated")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--slow-path", action="store_true", help="also time the CLI without msgspec")
    parser.add_argument("--slow-path-max", type=int, default=100, help="largest size (MB) for --slow-path")
    parser.add_argument("--json-load-max", type=int, default=400, help="largest size (MB) to json.load")
    parser.add_argument("--json-max", type=int, default=300, help="largest size (MB) for Pyodide json.loads")
    parser.add_argument("--smoke", action="store_true", help="one 1 MB pass (the test suite's)")
    parser.add_argument("--save", type=Path, help="also write the rows as JSON here")
    parser.add_argument(
        "--page-only", action="store_true", help="only the participant's page (no CLI, no bare workers)"
    )
    args = parser.parse_args(argv)
    sizes = [1] if args.smoke else [int(size) for size in args.sizes.split(",")]
    repeat = 1 if args.smoke else args.repeat
    print(
        f"median of {repeat} runs; CLI: Python {platform.python_version()}, {os.cpu_count()} cores; "
        "browser: headless Chromium, Pyodide\n"
    )
    print("| " + " | ".join(COLUMNS) + " |")
    print("|" + "---|" * len(COLUMNS), flush=True)
    saved: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="tiktok-export-bench-") as folder:
        path = Path(folder) / "user_data_tiktok.json"
        for size in sizes:
            with path.open("wb") as handle:
                write_export_json(ExportSpec(seed=100 + size, target_bytes=size * MIB), handle)
            size_mb = path.stat().st_size / 1e6
            rows = [] if args.page_only else native(path, size_mb, repeat, args)
            rows += browser(path, repeat, args)
            print_rows(f"{size_mb:.0f} MB", size_mb, rows)
            saved += [{"mb": size_mb, **row} for row in rows]
    if saved and "chromium" in saved[-1]:
        print(f"\nChromium {saved[-1]['chromium']}")
    if args.save is not None:
        args.save.write_text(json.dumps(saved, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
