"""The redacted output's writing: the receipt's digest is of the bytes written, and a disk that
fills up fails the redaction with its own finding wherever it fills (never a traceback, never a
receipt, never the input's ``unreadable``).
"""

from __future__ import annotations

import hashlib
import io

import pytest

from tiktok_export import api
from tiktok_export.synthetic import ExportSpec, export_bytes

KEY = b"k" * 32


@pytest.fixture(scope="module")
def export() -> bytes:
    """About 2 MB: several of the writer's 256 KiB flushes."""
    return export_bytes(ExportSpec(seed=7, target_bytes=2_000_000))


class FullDisk:
    """A sink that takes ``room`` bytes, then fails as a full disk does."""

    def __init__(self, room: int) -> None:
        self.room = room
        self.data = bytearray()

    def write(self, data: bytes) -> int:
        if len(self.data) + len(data) > self.room:
            raise OSError(28, "No space left on device")
        self.data += data
        return len(data)


def test_the_receipts_digest_is_of_the_bytes_written(export: bytes) -> None:
    out = io.BytesIO()
    result = api.redact(io.BytesIO(export), out, name="user_data_tiktok.json", pseudonym_key=KEY)
    assert result.ok
    assert result.receipt is not None
    assert len(out.getvalue()) > 4 * 256 * 1024  # several flushes
    assert result.receipt["output"] == {
        "bytes": len(out.getvalue()),
        "sha256": hashlib.sha256(out.getvalue()).hexdigest(),
    }


def test_a_full_disk_fails_the_redaction_with_a_finding_wherever_it_fills(export: bytes) -> None:
    """At the first write, mid-way, or in the last flush (which comes after the pass, where the
    error used to escape as an exception): the ``output-unwritable`` finding with the system's
    own words (mid-way it used to be the input's ``unreadable``), no receipt, and only whole
    flushes before the failure written."""
    whole = FullDisk(10**9)
    api.redact(io.BytesIO(export), whole, name="user_data_tiktok.json", pseudonym_key=KEY)
    size = len(whole.data)
    for room in (0, 600_000, size - 300_000, size - 1):
        sink = FullDisk(room)
        result = api.redact(io.BytesIO(export), sink, name="user_data_tiktok.json", pseudonym_key=KEY)
        assert not result.ok
        assert result.receipt is None
        assert [(finding.code, finding.message) for finding in result.findings] == [
            (
                "output-unwritable",
                "The redacted file could not be written (No space left on device). Free some space "
                "or save it somewhere else, then redact again.",
            )
        ]
        assert len(sink.data) <= room
        assert bytes(sink.data) == bytes(whole.data[: len(sink.data)])
