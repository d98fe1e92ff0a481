"""CLI throughput and peak memory against plain ``json.load``, measured in one run.

    python -m tests.benchmarks.throughput [--size-mb 100] [--repeat 3]

Generates a synthetic export of the given size (both as .json and as the .zip TikTok
delivers), then times each contender in a fresh subprocess so each peak RSS is its own:
``json.load`` of the .json, ``tiktok-export summary`` and ``tiktok-export redact`` of the
.json and of the .zip. Prints a Markdown table (median wall time of ``--repeat`` runs).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from tiktok_export.synthetic import ExportSpec, write_export_json, write_export_zip

_MEASURE = r"""
import json, resource, sys, time
mode, path, out = sys.argv[1], sys.argv[2], sys.argv[3]
start = time.perf_counter()
if mode == "json.load":
    with open(path, "rb") as handle:
        json.load(handle)
else:
    from tiktok_export import api
    if mode == "summary":
        result = api.check(path)
    else:
        with open(out, "wb") as handle:
            result = api.redact(path, handle)
    assert result.ok, [f.code for f in result.findings]
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def _measure(mode: str, path: Path, out: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, mode, str(path), str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size-mb", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="tiktok-export-bench-") as folder:
        work = Path(folder)
        spec = ExportSpec(seed=100, target_bytes=args.size_mb * 1024 * 1024)
        plain, zipped, out = work / "user_data_tiktok.json", work / "TikTok_Data.zip", work / "out.json"
        with plain.open("wb") as handle:
            write_export_json(spec, handle)
        with zipped.open("wb") as handle:
            write_export_zip(spec, handle)
        size_mb = plain.stat().st_size / 1e6
        print(
            f"Export: {size_mb:.1f} MB JSON ({zipped.stat().st_size / 1e6:.1f} MB zipped), "
            f"median of {args.repeat} runs, Python {sys.version.split()[0]}\n"
        )
        print("| what | input | seconds | MB/s | peak RSS (MiB) |")
        print("|---|---|---|---|---|")
        for mode, path in (
            ("json.load", plain),
            ("summary", plain),
            ("redact", plain),
            ("summary", zipped),
            ("redact", zipped),
        ):
            runs = [_measure(mode, path, out) for _ in range(args.repeat)]
            seconds = statistics.median(r["seconds"] for r in runs)
            peak = max(r["peak_rss_kib"] for r in runs) / 1024
            label = mode if mode == "json.load" else f"tiktok-export {mode}"
            print(f"| {label} | {path.suffix[1:]} | {seconds:.2f} | {size_mb / seconds:.1f} | {peak:.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
