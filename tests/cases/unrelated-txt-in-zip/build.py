"""A zip of unrelated files, one of them a .txt: not TikTok's TXT export, and no export at all."""

import zipfile
from pathlib import Path


def build(target: Path) -> None:
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("readme.txt", "Holiday photos 2025.\nCamera: the old one\n")
        archive.writestr("IMG_0001.jpg", b"\xff\xd8\xff\xe0not really a jpeg")
