"""Folders of uploads as a study receives them: synthetic exports redacted by the real CLI.

Shared by the batch-verify and tables tests and the tables benchmark: every upload is a
redacted export plus its receipt, made by ``tiktok-export redact`` exactly as a participant's
page would, from a synthetic export (invented data only), in every generation the generator
knows.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tiktok_export import api
from tiktok_export.synthetic import GENERATIONS, ExportSpec, write_export_json

KEY = bytes.fromhex("00112233445566778899aabbccddeeff")
__all__ = ["GENERATIONS", "KEY", "make_study", "write_upload"]  # GENERATIONS: the generator's, all of them


def write_upload(folder: Path, name: str, document: dict[str, Any] | None = None, **spec: Any) -> Path:
    """Redact one synthetic export (or ``document``) into ``folder/name`` + ``name.receipt.json``."""
    raw = folder / f".raw-{name}"
    if document is not None:
        raw.write_text(json.dumps(document), "utf-8")
    else:
        with raw.open("wb") as handle:
            write_export_json(ExportSpec(**spec), handle)
    out = folder / name
    with out.open("wb") as handle:
        result = api.redact(raw, handle, pseudonym_key=KEY, name=name)
    raw.unlink()
    assert result.ok, [f.code for f in result.findings]
    assert result.receipt is not None
    receipt = folder / f"{name}.receipt.json"
    receipt.write_text(json.dumps(result.receipt, indent=1), "utf-8")
    return out


def make_study(folder: Path, count: int, size: int, seed: int = 0) -> list[Path]:
    """``count`` uploads of about ``size`` bytes each, cycling through every generation."""
    folder.mkdir(parents=True, exist_ok=True)
    return [
        write_upload(
            folder,
            f"p{seed + i:05d}.json",
            generation=GENERATIONS[i % len(GENERATIONS)],
            seed=seed + i,
            target_bytes=size,
        )
        for i in range(count)
    ]
