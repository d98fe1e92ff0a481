"""Memory stays flat: processing never holds the export, only one record at a time.

Each redaction runs in a fresh Python process that reports its own peak resident set size
(what the operating system sees, C allocations included, not only ``tracemalloc``'s Python
objects), and a large file is compared with a small one of the same kind: ``.json`` with
``.json``, ``.zip`` with ``.zip``. Reading a whole 128 MB file into memory, anywhere, would
show as 128 MB more.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tiktok_export.synthetic import ExportSpec, write_export_json, write_export_zip

MIB = 1024**2
BOUND = 100 * MIB
"""Peak RSS allowed for a whole redaction process, whatever the file size."""
FLAT = 16 * MIB
"""How much more an 8x larger file of the same kind may cost (buffers, not data)."""

_MEASURE = r"""
import json, resource, sys
from tiktok_export import api

class Discard:
    def write(self, data):
        return len(data)

result = api.redact(sys.argv[1], Discard(), pseudonym_key=b"k" * 16)
# VmHWM is this process's own high-water mark; ru_maxrss also counts the pytest process this
# one was forked from (Linux keeps the larger of the two across exec), so a big parent failed it.
peak_kib = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"ok": result.ok, "peak": peak_kib * 1024}))
"""


def peak_rss_redacting(path: Path) -> int:
    """Peak RSS in bytes of a fresh process that redacts ``path`` (the output is discarded)."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path)], capture_output=True, text=True, check=True, timeout=1500
    )
    report = json.loads(done.stdout)
    assert report["ok"]
    return int(report["peak"])


@pytest.mark.slow
@pytest.mark.timeout(2400)
@pytest.mark.parametrize("kind", ["json", "zip"])
def test_peak_rss_is_bounded_and_flat(tmp_path: Path, kind: str) -> None:
    """A 128 MB export redacts under 100 MB peak RSS, within 16 MB of a 16 MB one of the same kind."""
    write = write_export_json if kind == "json" else write_export_zip
    small, large = tmp_path / f"small.{kind}", tmp_path / f"large.{kind}"
    with small.open("wb") as out:
        write(ExportSpec(seed=11, target_bytes=16 * MIB), out)
    with large.open("wb") as out:
        write(ExportSpec(seed=12, target_bytes=128 * MIB), out)
    assert large.stat().st_size > (16 if kind == "zip" else 100) * MIB
    small_peak = peak_rss_redacting(small)
    large_peak = peak_rss_redacting(large)
    print(  # shown with `pytest -s`: the figures quoted in closing notes
        f"\npeak RSS redacting .{kind}: 16 MiB export -> {small_peak / MIB:.1f} MiB; "
        f"128 MiB export -> {large_peak / MIB:.1f} MiB; bound {BOUND / MIB:.0f} MiB"
    )
    assert large_peak < BOUND
    assert large_peak < small_peak + FLAT, (small_peak, large_peak)


_MEASURE_RECORDS = r"""
import json, sys
from tiktok_export import api

answers = [
    api.records(sys.argv[1], section="watch-history", page=2000),  # deep in the largest section
    api.records(sys.argv[1], query="tiktok"),  # a word in nearly every record, every section
]
peak_kib = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"ok": all(a["ok"] for a in answers), "rows": [len(a["rows"]) for a in answers],
                  "count": answers[1]["count"], "peak": peak_kib * 1024}))
"""


@pytest.mark.slow
@pytest.mark.timeout(2400)
def test_the_records_view_holds_a_page_not_the_file(tmp_path: Path) -> None:
    """Paging deep into a 128 MB export and searching it for a word in nearly every record keep
    peak RSS flat: only the page asked for is kept, however many records match."""
    peaks = []
    for seed, size in ((21, 16 * MIB), (22, 128 * MIB)):
        path = tmp_path / f"{size}.json"
        with path.open("wb") as out:
            write_export_json(ExportSpec(seed=seed, target_bytes=size), out)
        done = subprocess.run(
            [sys.executable, "-c", _MEASURE_RECORDS, str(path)],
            capture_output=True,
            text=True,
            check=True,
            timeout=1500,
        )
        report = json.loads(done.stdout)
        assert report["ok"]
        assert report["rows"] == [50, 50]
        assert report["count"] > 100_000 or size == 16 * MIB
        peaks.append(int(report["peak"]))
    small, large = (peak / MIB for peak in peaks)
    print(f"\npeak RSS of the records view: 16 MiB export -> {small:.1f} MiB; 128 MiB -> {large:.1f} MiB")
    assert peaks[1] < BOUND
    assert peaks[1] < peaks[0] + FLAT, peaks
