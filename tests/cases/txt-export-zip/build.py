"""TikTok's TXT format: a zip of per-section .txt files."""

from pathlib import Path

from tiktok_export.synthetic import write_txt_export_zip


def build(target: Path) -> None:
    with target.open("wb") as out:
        write_txt_export_zip(out, language="nl")
