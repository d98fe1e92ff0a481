"""Folder-per-case tests: each ``tests/cases/<name>/`` holds an input and what must be found.

A case is an input file (a small fixture, or ``build.py`` that generates it) and
``expected.json``: the exit code, the exact set of finding codes, and optionally
findings that must be present with given fields. Each case runs through the real CLI
(``validate --json``), and valid ones through ``redact`` too. Add a case by adding a folder.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from tiktok_export import api
from tiktok_export.findings import CATALOGUE

from .conftest import run_cli

CASES = Path(__file__).parent / "cases"


def _case_names() -> list[str]:
    return sorted(p.name for p in CASES.iterdir() if (p / "expected.json").exists())


def _materialise(case: Path, workdir: Path) -> tuple[Path, dict[str, Any]]:
    expected = json.loads((case / "expected.json").read_text("utf-8"))
    target = workdir / expected["input"]
    builder = case / "build.py"
    if builder.exists():
        spec = importlib.util.spec_from_file_location(f"case_{case.name}", builder)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.build(target)
    else:
        target.write_bytes((case / expected["input"]).read_bytes())
    return target, expected


def _matches(finding: dict[str, Any], wanted: dict[str, Any]) -> bool:
    for key, value in wanted.items():
        if key == "params":
            if any(finding.get("params", {}).get(k) != v for k, v in value.items()):
                return False
        elif finding.get(key) != value:
            return False
    return True


@pytest.mark.parametrize("name", _case_names())
def test_case_through_api(name: str, tmp_path: Path) -> None:
    """The core finds exactly the expected codes, each from the catalogue, at the expected places."""
    target, expected = _materialise(CASES / name, tmp_path)
    result = api.check(target, now=expected.get("now", "2026-11-25 00:00:00")).to_dict()
    codes = {f["code"] for f in result["findings"]}
    assert codes == set(expected["codes"]), json.dumps(result["findings"], indent=1)
    assert codes <= set(CATALOGUE)
    for wanted in expected.get("findings", []):
        assert any(_matches(f, wanted) for f in result["findings"]), (wanted, result["findings"])
    assert result["ok"] == (expected["exit"] == 0)


@pytest.mark.parametrize("name", _case_names())
def test_case_through_cli(name: str, tmp_path: Path) -> None:
    """``tiktok-export validate --json`` exits as expected and prints the same codes."""
    target, expected = _materialise(CASES / name, tmp_path)
    done = run_cli("validate", target, "--json")
    assert done.code == expected["exit"], done
    printed = json.loads(done.stdout)
    assert {f["code"] for f in printed["findings"]} >= {
        c for c in expected["codes"] if c not in ("future-date",)
    }, done
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "name", [n for n in _case_names() if json.loads((CASES / n / "expected.json").read_text())["exit"] == 0]
)
def test_usable_case_redacts_and_verifies(name: str, tmp_path: Path) -> None:
    """A usable file redacts to valid JSON that verifies against its receipt, with values removed."""
    target, expected = _materialise(CASES / name, tmp_path)
    out = tmp_path / "redacted.json"
    done = run_cli("redact", target, "-o", out, "--json")
    assert done.code == 0, done
    text = out.read_text("utf-8")
    json.loads(text)
    for value in expected.get("absent_from_output", []):
        assert value not in text
    verified = run_cli("verify", out, f"{out}.receipt.json", "--json")
    assert verified.code == 0, verified
