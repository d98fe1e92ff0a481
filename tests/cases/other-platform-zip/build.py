"""Another platform's export (Instagram-like folders of JSON)."""

from pathlib import Path

from tiktok_export.synthetic import write_other_platform_zip


def build(target: Path) -> None:
    with target.open("wb") as out:
        write_other_platform_zip(out)
