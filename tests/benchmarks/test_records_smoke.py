"""The records-view benchmark still runs (a 1 MB pass; the figures are not checked)."""

from __future__ import annotations

import pytest

from tests.benchmarks import records


def test_records_benchmark_smoke(capsys: pytest.CaptureFixture[str]) -> None:
    assert records.main(["--smoke"]) == 0
    table = capsys.readouterr().out
    for what in ("json.load", "newest page", "oldest page", "search every section"):
        assert what in table


@pytest.mark.browser
def test_records_page_benchmark_smoke() -> None:
    """The in-page table, as the command a researcher types (its own server and browser)."""
    import subprocess
    import sys

    from tests.conftest import REPO

    done = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.records_page", "--smoke"],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    for what in ("newest page", "oldest page", "search every section"):
        assert what in done.stdout
