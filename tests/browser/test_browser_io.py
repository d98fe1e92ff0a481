"""The worker's file-likes under CPython: the slice reader feeds zipfile lazily and the chunk
sink takes a zip written front to back. (In Chromium they are exercised by test_smoke.py.)"""

from __future__ import annotations

import importlib.util
import io
import os
import sys
import zipfile
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

WORKER = Path(__file__).resolve().parents[2] / "site" / "worker"


def load_browser_io() -> ModuleType:
    """Import site/worker/browser_io.py by path: it ships in the page bundle, not a package."""
    spec = importlib.util.spec_from_file_location("browser_io", WORKER / "browser_io.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it executes
    spec.loader.exec_module(module)
    return module


browser_io = load_browser_io()


def slice_reader(data: bytes, max_slice: int) -> tuple[io.BufferedReader, Any]:
    def read_slice(start: int, end: int, into: memoryview) -> None:
        into[:] = data[start:end]

    raw = browser_io.FileSliceReader(len(data), read_slice, max_slice=max_slice)
    return io.BufferedReader(raw, buffer_size=64 * 1024), raw


def test_zipfile_lists_a_big_member_without_reading_it() -> None:
    """Opening a zip reads its tail; reading the member never asks for more than max_slice."""
    payload = os.urandom(3 * 1024 * 1024)
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("user_data_tiktok.json", payload)
    stream, raw = slice_reader(packed.getvalue(), max_slice=256 * 1024)

    with zipfile.ZipFile(stream) as archive:
        listed = raw.stats.bytes_read
        assert archive.read("user_data_tiktok.json") == payload

    assert listed <= 64 * 1024
    assert raw.stats.max_slice <= 256 * 1024


def test_seek_and_tell_follow_the_io_protocol() -> None:
    """SEEK_SET/CUR/END move the position; reading past the end gives b''."""
    _, raw = slice_reader(b"0123456789", max_slice=4)
    assert raw.seek(-3, os.SEEK_END) == 7
    assert raw.read(10) == b"789"
    assert raw.seek(2, os.SEEK_SET) == 2
    assert raw.seek(1, os.SEEK_CUR) == 3
    assert raw.readall() == b"3456789"
    assert raw.read(1) == b""
    with pytest.raises(OSError, match="negative"):
        raw.seek(-1)


def test_chunk_sink_takes_a_zip_written_front_to_back() -> None:
    """zipfile writes to the non-seekable sink; the chunks join into a valid zip."""
    chunks: list[bytes] = []
    sink = browser_io.ChunkSink(lambda chunk: chunks.append(bytes(chunk)), chunk_size=1000)
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("user_data_tiktok.json", b'{"a": 1}' * 1000)
    sink.close()

    assert sink.head == b"PK\x03\x04"
    assert all(len(chunk) == 1000 for chunk in chunks[:-1])
    with zipfile.ZipFile(io.BytesIO(b"".join(chunks))) as archive:
        assert archive.read("user_data_tiktok.json") == b'{"a": 1}' * 1000
