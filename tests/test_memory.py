"""Memory stays flat: processing never holds the export, only one record at a time."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from tiktok_export import api
from tiktok_export.synthetic import ExportSpec, write_export_json, write_export_zip

BOUND = 64 * 1024 * 1024
"""Peak Python memory allowed, whatever the file size (the issue's bar)."""


class _Discard:
    """An output that keeps nothing, so only the pipeline's own memory is measured."""

    def write(self, data: bytes) -> int:
        return len(data)


def _peak_redacting(path: Path) -> int:
    tracemalloc.start()
    try:
        result = api.redact(path, _Discard(), pseudonym_key=b"k" * 16)  # type: ignore[arg-type]
        assert result.ok, result.findings
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_peak_memory_is_bounded_and_flat(tmp_path: Path) -> None:
    """A 256 MB export (4x the bound) redacts under 64 MB peak, no more than a 16 MB one needs."""
    small, large = tmp_path / "small.json", tmp_path / "large.zip"
    with small.open("wb") as out:
        write_export_json(ExportSpec(seed=11, target_bytes=16 * 1024**2), out)
    with large.open("wb") as out:
        write_export_zip(ExportSpec(seed=12, target_bytes=256 * 1024**2), out)
    small_peak = _peak_redacting(small)
    large_peak = _peak_redacting(large)
    mib = 1024**2
    print(  # shown with `pytest -s`: the figures quoted in closing notes
        f"\npeak Python memory redacting: 16 MiB export -> {small_peak / mib:.1f} MiB; "
        f"256 MiB export (zip) -> {large_peak / mib:.1f} MiB; bound {BOUND / mib:.0f} MiB"
    )
    assert large_peak < BOUND
    # Flat, not merely bounded: 16x more data may not cost more than a few buffers more.
    assert large_peak < small_peak + 8 * 1024**2, (small_peak, large_peak)
