"""A zip holding neither a TikTok export nor JSON at all."""

import zipfile
from pathlib import Path


def build(target: Path) -> None:
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("photos/IMG_0001.jpg", b"\xff\xd8\xff\xe0not really a jpeg")
        archive.writestr("notes.pdf", b"%PDF-1.4 not really a pdf")
