"""File-likes over the browser's ``File`` and ``Blob``, for the core's ``BinaryIO`` contract.

A participant's export can be hundreds of MB: copying it into the wasm heap first would
double its memory and fail on big ones. :class:`FileSliceReader` instead asks for one slice
of the ``File`` per ``readinto`` (never more than ``max_slice`` bytes), so ``zipfile`` reads
the central directory and then streams one member, and ``json``/``ijson`` stream from it.
:class:`ChunkSink` is the way out: the redacted copy leaves Python in chunks as it is written.

This module has no browser imports: the bridge passes in the two functions that touch
JavaScript, so the same classes run under CPython in tests.

>>> data = bytes(range(256)) * 40
>>> def read_slice(start: int, end: int, into: memoryview) -> None:
...     into[:] = data[start:end]
>>> raw = FileSliceReader(len(data), read_slice, max_slice=1000)
>>> stream = io.BufferedReader(raw, buffer_size=4096)
>>> stream.seek(5000) and stream.read(3)
b'\\x88\\x89\\x8a'
>>> raw.stats.max_slice <= 1000
True
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # collections.abc.Buffer is 3.12+; the tests run on 3.11 too
    from typing_extensions import Buffer

ReadSlice = Callable[[int, int, memoryview], None]
"""``read_slice(start, end, into)`` fills ``into`` (exactly ``end - start`` bytes) from the file."""

MAX_SLICE = 4 * 1024 * 1024
"""Largest single read from the File: big enough that per-call overhead vanishes, small
enough that a 1 GB export never sits in memory at once."""


@dataclass
class ReadStats:
    """What was read, so tests (and the page) can prove the file was never read whole."""

    slices: int = 0
    bytes_read: int = 0
    max_slice: int = 0


class FileSliceReader(io.RawIOBase):
    """Read-only, seekable raw stream over a file of known size, one slice per read.

    Wrap it in :class:`io.BufferedReader` so that the many small reads of ``zipfile`` and
    the JSON parsers become a few large slices.
    """

    def __init__(
        self, size: int, read_slice: ReadSlice, *, max_slice: int = MAX_SLICE, name: str = ""
    ) -> None:
        super().__init__()
        if size < 0 or max_slice < 1:
            raise ValueError("size must be >= 0 and max_slice >= 1")
        self._size = size
        self._read_slice = read_slice
        self._max_slice = max_slice
        self._position = 0
        self.name = name
        self.stats = ReadStats()

    @property
    def size(self) -> int:
        """The file's length in bytes."""
        return self._size

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        self._checkClosed()
        return self._position

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        self._checkClosed()
        if whence == os.SEEK_SET:
            target = offset
        elif whence == os.SEEK_CUR:
            target = self._position + offset
        elif whence == os.SEEK_END:
            target = self._size + offset
        else:
            raise ValueError(f"invalid whence ({whence})")
        if target < 0:
            raise OSError(22, "negative seek position")
        self._position = target  # past the end is allowed, as for real files: reads give b""
        return target

    def readinto(self, buffer: Buffer) -> int:
        """Fill at most ``min(len(buffer), max_slice)`` bytes from the current position."""
        self._checkClosed()
        with memoryview(buffer) as view, view.cast("B") as target:
            count = min(len(target), self._max_slice, self._size - self._position)
            if count <= 0:
                return 0
            self._read_slice(self._position, self._position + count, target[:count])
        self._position += count
        self.stats.slices += 1
        self.stats.bytes_read += count
        self.stats.max_slice = max(self.stats.max_slice, count)
        return count

    def readall(self) -> bytes:
        """Read to the end in ``max_slice`` steps (the default would use 8 KiB steps)."""
        chunks = bytearray()
        while chunk := self.read(self._max_slice):
            chunks += chunk
        return bytes(chunks)


class ChunkSink(io.RawIOBase):
    """Write-only, non-seekable stream that hands its bytes on in chunks of ``chunk_size``.

    ``emit`` gets a memoryview that is valid only during the call: it copies what it keeps
    (the worker copies each chunk out of the wasm heap anyway, so a ``bytes`` copy first would
    only be one more pass over the whole output).

    ``zipfile`` writes to a non-seekable stream with data descriptors, so the redacted zip
    can be produced front to back without ever being whole in the wasm heap.
    """

    def __init__(self, emit: Callable[[memoryview], None], *, chunk_size: int = MAX_SLICE) -> None:
        super().__init__()
        self._emit = emit
        self._chunk_size = chunk_size
        self._pending = bytearray()
        self._position = 0
        self.head = b""
        """The first bytes written, to tell a zip from a JSON document."""

    def writable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def write(self, data: Buffer) -> int:
        """Take all of ``data``; emit whole chunks as they fill."""
        self._checkClosed()
        with memoryview(data) as view, view.cast("B") as raw:
            self._pending += raw
            count = len(raw)
            if len(self.head) < 4:
                self.head = (self.head + raw[:4].tobytes())[:4]
        self._position += count
        if len(self._pending) >= self._chunk_size:
            whole = len(self._pending) - len(self._pending) % self._chunk_size
            with memoryview(self._pending) as pending:
                for start in range(0, whole, self._chunk_size):
                    self._emit(pending[start : start + self._chunk_size])
            del self._pending[:whole]
        return count

    def flush(self) -> None:
        """Emit what is pending, whatever its size."""
        if self._pending and not self.closed:
            with memoryview(self._pending) as pending:
                self._emit(pending)
            self._pending.clear()

    def close(self) -> None:
        if not self.closed:
            self.flush()
        super().close()
