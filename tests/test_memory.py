"""Memory stays flat: processing never holds the export, only one record at a time, and the
C allocator gives back what a long pass freed (:mod:`tiktok_export.c_heap`).

Each redaction runs in a fresh Python process that reports its own peak resident set size
(what the operating system sees, C allocations included, not only ``tracemalloc``'s Python
objects), and a large file is compared with a small one of the same kind: ``.json`` with
``.json``, ``.zip`` with ``.zip``. Reading a whole 128 MB file into memory, anywhere, would
show as 128 MB more.
"""

from __future__ import annotations

import io
import json
import platform
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tiktok_export import api, c_heap
from tiktok_export.c_heap import Trimmer
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


def test_the_trimmer_trims_once_per_stretch_of_input() -> None:
    """One ``malloc_trim(0)`` each time another ``every`` bytes are done, however the progress
    calls fall, and none before."""
    calls: list[int] = []

    def fake_trim(pad: int) -> int:
        calls.append(pad)
        return 1

    trim = Trimmer(every=100, trim=fake_trim)
    for done in (0, 50, 99):
        trim(done)
    assert calls == []
    for done in (100, 150, 199, 250, 260, 349, 350):
        trim(done)
    assert calls == [0, 0, 0]  # at 100, at 250 (100 after the last trim), at 350
    assert trim.calls == 3


def test_malloc_trim_is_found_on_glibc_and_nowhere_else() -> None:
    """Where the C library is glibc (this machine, CI) the trim is real, not silently skipped."""
    glibc = sys.platform == "linux" and platform.libc_ver()[0] == "glibc"
    assert (c_heap.malloc_trim() is not None) == glibc


def test_a_long_pass_gives_the_c_heap_back_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pipeline trims every ``TRIM_EVERY`` bytes of input (here 256 KiB, the reader's chunk,
    so a 1 MB export is a long pass), and the redacted bytes and receipt are exactly those of a
    pass without."""
    export = tmp_path / "user_data_tiktok.json"
    with export.open("wb") as out:
        write_export_json(ExportSpec(seed=5, target_bytes=MIB), out)

    def redacted() -> tuple[bytes, Any]:
        out = io.BytesIO()
        result = api.redact(export, out, pseudonym_key=b"k" * 16, now="2026-11-26 00:00:00")
        assert result.ok
        return out.getvalue(), result.receipt

    untrimmed = redacted()
    calls: list[int] = []

    def fake_trim(pad: int) -> int:
        calls.append(pad)
        return 1

    monkeypatch.setattr(c_heap, "TRIM_EVERY", 256 * 1024)
    monkeypatch.setattr(c_heap, "malloc_trim", lambda: fake_trim)
    assert redacted() == untrimmed
    assert len(calls) >= export.stat().st_size // (256 * 1024) - 1
