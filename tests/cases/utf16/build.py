"""An export re-saved as UTF-16 by an editor."""

from pathlib import Path

from tiktok_export.synthetic import ExportSpec, export_bytes


def build(target: Path) -> None:
    target.write_bytes(export_bytes(ExportSpec(seed=8, target_bytes=20_000)).decode().encode("utf-16"))
