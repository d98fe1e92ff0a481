"""A zip re-packed with a password: the encryption flag is set on the export member.

Python cannot write encrypted zips, so the flag bit is set in both headers of a normal
zip; a reader must refuse it exactly as it refuses a truly encrypted one.
"""

import io
import struct
import zipfile
from pathlib import Path

from tiktok_export.synthetic import ExportSpec, export_bytes


def build(target: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("user_data_tiktok.json", export_bytes(ExportSpec(seed=6, target_bytes=20_000)))
    data = bytearray(buffer.getvalue())
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        (flags,) = struct.unpack_from("<H", data, at + flag_offset)
        struct.pack_into("<H", data, at + flag_offset, flags | 0x1)
    target.write_bytes(bytes(data))
