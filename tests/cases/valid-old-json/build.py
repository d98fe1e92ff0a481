"""A complete old-generation export, unzipped (the participant picked the .json)."""

from pathlib import Path

from tiktok_export.synthetic import ExportSpec, write_export_json


def build(target: Path) -> None:
    with target.open("wb") as out:
        write_export_json(ExportSpec(generation="old", seed=2, target_bytes=120_000), out)
