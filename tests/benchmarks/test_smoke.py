"""The benchmarks still run: a tiny, CI-sized pass of each (the figures are not checked)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.benchmarks import page, tables, throughput
from tests.conftest import REPO


def test_throughput_benchmark_smoke(capsys: pytest.CaptureFixture[str]) -> None:
    """``make bench``'s native table is produced end to end on a 1 MB export."""
    assert throughput.main(["--smoke", "--slow-path"]) == 0
    table = capsys.readouterr().out
    for what in ("json.load", "validate", "summary", "redact"):
        assert f"| {what} |" in table


def test_tables_benchmark_smoke(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The ``tables`` benchmark end to end on three small uploads (made in ``tmp_path``)."""
    assert tables.main(["--uploads", "3", "--total-mb", "1", "--cache", str(tmp_path)]) == 0
    table = capsys.readouterr().out
    for what in ("pandas.json_normalize", "`tables --workers 1`", "a tenth of the uploads", "Speed-up"):
        assert what in table


def smoke_run(module: str, *options: str) -> str:
    """``python -m tests.benchmarks.MODULE --smoke`` as a researcher types it (its own process,
    its own server and browser); its table, after it exited 0."""
    done = subprocess.run(
        [sys.executable, "-m", f"tests.benchmarks.{module}", "--smoke", *options],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.mark.browser
def test_page_benchmark_smoke() -> None:
    """The in-browser table (Pyodide json.loads, check, redact, V8, wasm heap) on a 1 MB export,
    run as the command a researcher types (its own process, its own server and browser)."""
    stdout = smoke_run("page")
    for what in ("json.loads, first call", "json.loads, warm", "V8", "check", "redact"):
        assert what in stdout


@pytest.mark.browser
def test_page_steps_benchmark_smoke() -> None:
    """``page --steps``: a check and each part of a redaction, one row each, on a 1 MB export."""
    stdout = smoke_run("page", "--steps")
    references = ("json.loads, first call", "json.loads, warm")
    for step in (*references, "check", "redact-python", "redact-output", "redact"):
        assert f"| {step} | " in stdout
    assert "The least a redaction of an unchecked file can cost in one worker" in stdout


def test_the_redactions_floor_is_its_check_and_its_output() -> None:
    """``page --steps``' floor: the check's median plus what the output adds to Python's
    redaction (never less than the check), over the references' medians."""
    found = {
        "json-first": [2.0, 2.4, 1.9],
        "json-warm": [1.6, 1.5, 1.7],
        "check": [2.0, 2.1, 1.9],
        "redact-python": [3.0, 3.1, 2.9],
        "redact": [3.8, 3.9, 3.7],
    }
    assert page.floor(found) == {"floor_s": 2.8, "x_first": 0.71, "x_warm": 0.57}
    found["redact"] = [2.5, 2.6, 2.4]  # noise putting the whole below Python's part: adds nothing
    assert page.floor(found)["floor_s"] == 2.0


@pytest.mark.browser
def test_page_halves_benchmark_smoke() -> None:
    """``page --halves``: one worker on a 2 MB export against two at once on two 1 MB ones."""
    stdout = smoke_run("page", "--halves")
    for reference in ("json.loads, first call", "json.loads, warm"):
        assert f"| {reference} | " in stdout
    for step in ("check", "redact"):
        assert f"| {step}, one worker | " in stdout
        assert f"| {step}, two workers at once | " in stdout


@pytest.mark.browser
def test_page_reads_benchmark_smoke() -> None:
    """``page --reads``: one row per slice size the File is read in, on a 1 MB export."""
    stdout = smoke_run("page", "--reads")
    for slice_size in ("4 MiB", "16 MiB", "32 MiB", "whole file"):
        assert f"| {slice_size} | " in stdout


@pytest.mark.browser
def test_bench_table_smoke() -> None:
    """``make bench``'s one table (CLI, Pyodide worker, the page's responsiveness) on a 1 MB export."""
    stdout = smoke_run("bench")
    for what in ("| CLI | json.load |", "| CLI | redact |", "| Pyodide worker | json.loads, first call |"):
        assert what in stdout
    for what in ("| Pyodide worker | redact |", "| page | V8 TextDecoder + JSON.parse |", "| page | check |"):
        assert what in stdout
    page_check = next(line for line in stdout.splitlines() if line.startswith("| 1 MB | page | check |"))
    longest_task, progress, _ = (cell.strip() for cell in page_check.strip(" |").split("|")[-3:])
    assert longest_task != "-"
    assert progress != "-"


def test_side_by_side_benchmark_smoke(capsys: pytest.CaptureFixture[str]) -> None:
    """Two ``tables --workers 1`` runs alone and side by side, on two tiny uploads."""
    from tests.benchmarks import side_by_side

    assert side_by_side.main(["--smoke"]) == 0
    table = capsys.readouterr().out
    for what in ("half-1 alone", "half-2 alone", "half-1 side by side", "half-2 side by side"):
        assert f"| {what} |" in table
