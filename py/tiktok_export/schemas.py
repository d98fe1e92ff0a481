"""Reads the JSON Schemas, from the installed wheel or from a source checkout.

The schemas are data, not code: they live in the repository's ``schemas/`` folder, and the
wheel (and the browser bundle) carries them as ``tiktok_export/schemas/``. Everything that
needs a schema asks this module, so there is one place that knows where they are.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

EXPORT_SCHEMA = "tiktok-export.schema.json"
POLICY_SCHEMA = "redaction-policy.schema.json"


def _schema_dir() -> Path:
    packaged = resources.files("tiktok_export") / "schemas"
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[2] / "schemas"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("the tiktok_export schemas are missing from this installation")


@cache
def load_schema(name: str) -> dict[str, Any]:
    """Parse a schema file once per process; callers must not mutate the result."""
    with (_schema_dir() / name).open("rb") as handle:
        schema: dict[str, Any] = json.load(handle)
    return schema


def schema_path(name: str) -> Path:
    """Where a schema file is on disk, e.g. for a researcher's own tooling."""
    return _schema_dir() / name
