"""What the records view costs per request on a large export, natively: streamed and indexed.

    python -m tests.benchmarks.records             # a generated 100 MB export
    python -m tests.benchmarks.records --size 10MB
    python -m tests.benchmarks.records --smoke     # 1 MB, for CI

Measured side by side in one run, medians of ``--repeat``: ``json.load`` of the same file as
the yardstick; the check (once per file), which also fills the file's record index; the newest
page, a page in the middle and the oldest page of the largest section (watch history) and of a
small section late in the file (comments), each streamed (the CLI: the export is read again up
to the page) and read through the index (the page's worker: only the page's batches are read),
and the same pages of the file packed in a ``.zip`` through the index (the member is inflated
up to the page); a search of watch history for a word no record holds (every batch is ruled out
on its raw bytes), a search of the searches for a common word, and a search of every section
(searches always stream). Peak RSS is this process's high-water mark after all of them.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tiktok_export import api
from tiktok_export.record_index import RecordIndex
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
        index = RecordIndex()
        seconds, checked = _median(1, lambda: api.check(path, index=index).to_dict())
        rows.append(("check (once per file: each section's size and order; fills the index)", seconds, ""))
        packed = Path(folder) / "TikTok_Data.zip"
        with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(path, "TikTok_Data/user_data_tiktok.json")
        zip_index = RecordIndex()
        api.check(packed, index=zip_index)
        sections = {s["id"]: s for s in checked["summary"]["sections"]}

        def page(
            pick: Path, section: str, number: int, used: RecordIndex | None
        ) -> Callable[[], dict[str, Any]]:
            summary = sections[section]
            return lambda: api.records(
                pick,
                section=section,
                page=number,
                total=summary["records"],
                order=summary["order"],
                places=len(summary["paths"]),
                pseudonym_key=key,
                index=used,
            )

        def search(query: str, section: str | None) -> Callable[[], dict[str, Any]]:
            return lambda: api.records(path, section=section, query=query, pseudonym_key=key)

        jobs: list[tuple[str, Callable[[], dict[str, Any]]]] = []
        for section, title in (("watch-history", "watch history"), ("comments", "comments (late, small)")):
            last = max(0, (sections[section]["records"] - 1) // 50)
            for how, pick, used in (
                ("streamed", path, None),
                ("indexed", path, index),
                (".zip, indexed", packed, zip_index),
            ):
                for where, number in (
                    ("newest page", 0),
                    (f"middle page ({last // 2 + 1} of {last + 1})", last // 2),
                    (f"oldest page ({last + 1} of {last + 1})", last),
                ):
                    jobs.append((f"{title}, {where}, {how}", page(pick, section, number, used)))
        jobs += [
            ("search watch history for a word no record holds", search("zqxjv", "watch-history")),
            ("search the searches for a common word", search("a", "searches")),
            ("search every section for a common word", search("tiktok", None)),
        ]
        for label, job in jobs:
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
