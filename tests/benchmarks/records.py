"""What the records view costs per request on a large export, natively (the CLI's ``records``).

    python -m tests.benchmarks.records             # a generated 100 MB export
    python -m tests.benchmarks.records --size 10MB
    python -m tests.benchmarks.records --smoke     # 1 MB, for CI

Each request streams the export again (nothing is kept between requests but the summary's
``records`` and ``order``), so the figures are per page and per search. Measured side by side
in one run, medians of ``--repeat``: ``json.load`` of the same file as the yardstick, the
newest page, a page in the middle and the oldest page of the largest section (watch history),
a search of that section for a word no record holds (every batch is ruled out on its raw
bytes), a search of the searches for a common word, and a search of every section. Peak RSS
is this process's high-water mark after all of them.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tiktok_export import api
from tiktok_export.synthetic import ExportSpec, write_export_json

MB = 1_000_000


def _median(repeat: int, job: Callable[[], Any]) -> tuple[float, Any]:
    times, answer = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        answer = job()
        times.append(time.perf_counter() - start)
    return statistics.median(times), answer


def _peak_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        kib = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    return kib / 1024


def _size(text: str) -> int:
    text = text.strip().upper()
    for unit, factor in (("GB", 1000 * MB), ("MB", MB), ("KB", 1000)):
        if text.endswith(unit):
            return int(float(text[: -len(unit)]) * factor)
    return int(text)


def size_and_repeat(argv: list[str] | None, description: str | None) -> tuple[int, int]:
    """``--size``, ``--repeat`` and ``--smoke``, shared with the in-page records benchmark."""
    parser = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", default="100MB")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--smoke", action="store_true", help="1 MB, one repeat: proves the benchmark runs")
    args = parser.parse_args(argv)
    return _size("1MB" if args.smoke else args.size), 1 if args.smoke else args.repeat


def main(argv: list[str] | None = None) -> int:
    size, repeat = size_and_repeat(argv, __doc__)
    with tempfile.TemporaryDirectory(prefix="tiktok-export-bench-records-") as folder:
        path = Path(folder) / "user_data_tiktok.json"
        with path.open("wb") as out:
            write_export_json(ExportSpec(seed=5, target_bytes=size), out)
        megabytes = path.stat().st_size / MB
        key = b"k" * 32

        def load() -> Any:
            with path.open("rb") as handle:
                return json.load(handle)

        rows: list[tuple[str, float, str]] = []
        seconds, _ = _median(repeat, load)
        rows.append(("json.load of the whole file (yardstick)", seconds, ""))
        seconds, checked = _median(1, lambda: api.check(path).to_dict())
        rows.append(("check (once per file: gives each section's size and order)", seconds, ""))
        sections = {s["id"]: s for s in checked["summary"]["sections"]}
        watch = sections["watch-history"]
        total, order = watch["records"], watch["order"]
        last = max(0, (total - 1) // 50)

        def page(number: int) -> Callable[[], Any]:
            return lambda: api.records(
                path, section="watch-history", page=number, total=total, order=order, pseudonym_key=key
            )

        def search(query: str, section: str | None) -> Callable[[], Any]:
            return lambda: api.records(path, section=section, query=query, pseudonym_key=key)

        for label, job in (
            ("watch history, newest page", page(0)),
            (f"watch history, middle page ({last // 2 + 1} of {last + 1})", page(last // 2)),
            (f"watch history, oldest page ({last + 1} of {last + 1})", page(last)),
            ("search watch history for a word no record holds", search("zqxjv", "watch-history")),
            ("search the searches for a common word", search("a", "searches")),
            ("search every section for a common word", search("tiktok", None)),
        ):
            seconds, answer = _median(repeat, job)
            assert answer["ok"], answer
            count = answer["count"]
            rows.append((label, seconds, f"{count:,} records" if count is not None else ""))
    print(f"Records view on a {megabytes:.0f} MB generated export (natively, medians of {repeat}):\n")
    print("| request | seconds | ratio to json.load | answer |")
    print("|---|---:|---:|---|")
    yardstick = rows[0][1]
    for label, seconds, note in rows:
        print(f"| {label} | {seconds:.2f} | {seconds / yardstick:.2f} | {note} |")
    print(f"\nPeak RSS of this process (json.load included): {_peak_mib():.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
