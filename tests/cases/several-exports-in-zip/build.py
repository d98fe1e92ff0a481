"""Two exports re-packed into one zip: which one is meant?"""

import zipfile
from pathlib import Path

from tiktok_export.synthetic import ExportSpec, export_bytes


def build(target: Path) -> None:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("2024/user_data_tiktok.json", export_bytes(ExportSpec(seed=4, target_bytes=20_000)))
        archive.writestr("2025/user_data_tiktok.json", export_bytes(ExportSpec(seed=5, target_bytes=20_000)))
