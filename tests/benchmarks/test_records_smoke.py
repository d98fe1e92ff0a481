"""The records-view benchmark still runs (a 1 MB pass; the figures are not checked)."""

from __future__ import annotations

import pytest

from tests.benchmarks import records
from tests.benchmarks.test_smoke import smoke_run


def test_records_benchmark_smoke(capsys: pytest.CaptureFixture[str]) -> None:
    assert records.main(["--smoke"]) == 0
    table = capsys.readouterr().out
    for what in ("json.load", "newest page", "oldest page", "search every section"):
        assert what in table


@pytest.mark.browser
def test_records_page_benchmark_smoke() -> None:
    """The in-page table, as the command a researcher types (its own server and browser)."""
    stdout = smoke_run("records_page")
    for what in ("newest page", "oldest page", "search every section"):
        assert what in stdout
