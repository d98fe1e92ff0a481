"""A complete new-generation export, zipped as TikTok delivers it."""

from pathlib import Path

from tiktok_export.synthetic import ExportSpec, write_export_zip


def build(target: Path) -> None:
    with target.open("wb") as out:
        write_export_zip(ExportSpec(generation="new", seed=1, target_bytes=150_000), out)
