"""A UTF-8 byte-order mark (added by some Windows editors) is accepted silently."""

from pathlib import Path

from tiktok_export.synthetic import ExportSpec, export_bytes


def build(target: Path) -> None:
    target.write_bytes(b"\xef\xbb\xbf" + export_bytes(ExportSpec(seed=9, target_bytes=20_000)))
