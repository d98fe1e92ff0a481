"""A download cut off part-way: the JSON just stops."""

from pathlib import Path

from tiktok_export.synthetic import ExportSpec, export_bytes


def build(target: Path) -> None:
    data = export_bytes(ExportSpec(seed=3, target_bytes=60_000))
    target.write_bytes(data[: len(data) * 2 // 3])
