"""A zip download that stopped half-way: no central directory."""

from pathlib import Path

from tiktok_export.synthetic import ExportSpec, write_export_zip


def build(target: Path) -> None:
    with target.open("wb") as out:
        write_export_zip(ExportSpec(seed=7, target_bytes=60_000), out)
    data = target.read_bytes()
    target.write_bytes(data[: len(data) // 2])
