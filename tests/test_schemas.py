"""The schemas: valid JSON Schema, consistent with each other, shipped in the wheel."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from tiktok_export import api
from tiktok_export.policy import Policy
from tiktok_export.schema_model import export_model
from tiktok_export.schemas import EXPORT_SCHEMA, POLICY_SCHEMA, load_schema

from .conftest import REPO, export_bytes


def _walk(schema: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    stack = [schema]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            found.append(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


@pytest.mark.parametrize("name", [EXPORT_SCHEMA, POLICY_SCHEMA])
def test_schema_is_valid_against_the_metaschema(name: str) -> None:
    """Each schema is itself valid JSON Schema 2020-12 with a versioned $id."""
    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].rsplit("/", 1)[-1].count(".") == 2


def test_every_category_in_the_export_schema_is_one_a_policy_can_name() -> None:
    """x-category values are exactly the categories the policy schema accepts."""
    allowed = set(load_schema(POLICY_SCHEMA)["$defs"]["category"]["enum"])
    used = {node["x-category"] for node in _walk(load_schema(EXPORT_SCHEMA)) if "x-category" in node}
    assert used <= allowed
    assert "unknown" in allowed


def test_default_policy_is_valid() -> None:
    """The shipped default policy passes its own schema (``Policy.default`` relies on this test
    and skips the schema check at run time)."""
    Draft202012Validator(load_schema(POLICY_SCHEMA)).validate(Policy.default().document)


def test_a_fine_export_is_checked_and_redacted_without_importing_jsonschema(tmp_path: Path) -> None:
    """jsonschema is the authority on what is invalid, so it is loaded when a record needs
    explaining or a study's policy needs checking, not for a fine file under the default policy:
    it is a good part of the CLI's start-up. The same run with an invalid record loads it."""
    fine = tmp_path / "user_data_tiktok.json"
    fine.write_bytes(export_bytes(seed=3, target_bytes=60_000))
    broken = tmp_path / "broken.json"
    broken.write_text(fine.read_text("utf-8").replace('"Date": "', '"Date": 1, "Datum": "', 1), "utf-8")
    script = (
        "import io, sys\n"
        "from tiktok_export import api\n"
        "result = api.redact(sys.argv[1], io.BytesIO())\n"
        "print(result.ok, 'jsonschema' in sys.modules)\n"
    )
    loaded = {}
    for path in (fine, broken):
        done = subprocess.run(
            [sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True
        )
        ok, loaded[path.name] = done.stdout.split()
        assert ok == "True" or path is broken
    assert loaded == {"user_data_tiktok.json": "False", "broken.json": "True"}


def test_sections_have_unique_ids_and_titles() -> None:
    """Every section the schema names has an id and a human title."""
    sections = export_model().sections
    assert len(sections) >= 20
    assert all(section.title and section.id == section.id.lower() for section in sections.values())


@pytest.mark.parametrize("generation", ["old", "new"])
def test_generated_exports_and_their_redactions_validate_as_a_whole(generation: str) -> None:
    """A plain jsonschema validation of a whole export, and of its redaction, finds nothing."""
    data = export_bytes("json", generation=generation, seed=31, target_bytes=60_000)
    validator = Draft202012Validator(load_schema(EXPORT_SCHEMA))
    assert not list(validator.iter_errors(json.loads(data)))
    import io

    out = io.BytesIO()
    result = api.redact(io.BytesIO(data), out, name="user_data_tiktok.json", pseudonym_key=b"k" * 16)
    assert result.ok
    assert not list(validator.iter_errors(json.loads(out.getvalue())))


@pytest.mark.timeout(300)
def test_wheel_contains_the_schemas_and_default_policy(tmp_path: Path) -> None:
    """The built wheel carries schemas/ and the default policy inside the package."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("tiktok_export-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "tiktok_export/schemas/tiktok-export.schema.json" in names
    assert "tiktok_export/schemas/redaction-policy.schema.json" in names
    assert "tiktok_export/policies/default.json" in names
