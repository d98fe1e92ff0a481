"""Shared fixtures: generated exports (never real data) and a runner for the real CLI."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tiktok_export.synthetic import ExportSpec, write_export_json, write_export_zip

REPO = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "tiktok_export"]


@dataclass
class CliRun:
    """One finished run of the real ``tiktok-export`` command."""

    code: int
    stdout: str
    stderr: str

    def __str__(self) -> str:
        return f"exit {self.code}\n--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}"


def run_cli(*args: str | os.PathLike[str], cwd: Path | None = None) -> CliRun:
    """Run the CLI in a subprocess, exactly as a researcher would."""
    done = subprocess.run(
        [*CLI, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=600, check=False
    )
    return CliRun(done.returncode, done.stdout, done.stderr)


@pytest.fixture(scope="session")
def export_file(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """Write a synthetic export once per session and parameters; returns its path."""
    made: dict[tuple[object, ...], Path] = {}
    folder = tmp_path_factory.mktemp("exports")

    def make(fmt: str = "zip", **spec_args: object) -> Path:
        key = (fmt, *sorted(spec_args.items()))
        if key not in made:
            spec = ExportSpec(**spec_args)  # type: ignore[arg-type]
            path = folder / f"export-{len(made)}.{fmt}"
            with path.open("wb") as handle:
                (write_export_zip if fmt == "zip" else write_export_json)(spec, handle)
            made[key] = path
        return made[key]

    return make


def export_bytes(fmt: str = "json", **spec_args: object) -> bytes:
    """A synthetic export in memory (small ones only)."""
    buffer = io.BytesIO()
    spec = ExportSpec(**spec_args)  # type: ignore[arg-type]
    (write_export_zip if fmt == "zip" else write_export_json)(spec, buffer)
    return buffer.getvalue()
