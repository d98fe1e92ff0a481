"""The records-view benchmark still runs (a 1 MB pass; the figures are not checked)."""

from __future__ import annotations

import pytest

from tests.benchmarks import records


def test_records_benchmark_smoke(capsys: pytest.CaptureFixture[str]) -> None:
    assert records.main(["--smoke"]) == 0
    table = capsys.readouterr().out
    for what in ("json.load", "newest page", "oldest page", "search every section"):
        assert what in table
