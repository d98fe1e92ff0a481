"""A zip whose export would unpack to ~1000x its packed size: refused before unpacking."""

import zipfile
from pathlib import Path


def build(target: Path) -> None:
    with (
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("user_data_tiktok.json", "w", force_zip64=True) as member,
    ):
        member.write(b'{"Your Activity": {"x": "')
        block = b" " * (1 << 20)
        for _ in range(80):
            member.write(block)
        member.write(b'"}}')
