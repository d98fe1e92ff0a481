"""A byte stream that checks encoding, counts progress and never reads the file whole.

Everything the parser reads passes through :class:`CheckedReader` in bounded chunks. On
the way it drops a UTF-8 byte-order mark (Windows editors add one), proves the bytes are
UTF-8 (TikTok writes nothing else), and tells a progress callback how far it got, which
is also where a participant's Cancel button takes effect.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from typing import IO, Protocol

ProgressCallback = Callable[[int, int], None]
"""Called as ``progress(bytes_done, bytes_total)``; may raise to cancel the work."""

CHUNK_SIZE = 256 * 1024
UTF8_BOM = codecs.BOM_UTF8
_OTHER_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class ByteReader(Protocol):
    """What the parser reads from: this module's reader, or the fast path's splicer over it."""

    def read(self, size: int = -1, /) -> bytes:
        """At most ``size`` bytes; b"" at the end."""


class EncodingProblem(Exception):
    """The bytes are not UTF-8; carries only the byte offset, never the bytes."""

    def __init__(self, offset: int, at_end: bool = False) -> None:
        super().__init__(f"not UTF-8 at byte {offset}")
        self.offset = offset
        self.at_end = at_end  # the file stopped inside a character: a cut-off download


def looks_like_other_encoding(head: bytes) -> bool:
    """Whether the first bytes show UTF-16/32 (a BOM, or NUL bytes between ASCII letters)."""
    if head.startswith(_OTHER_BOMS):
        return True
    return b"\x00" in head[:64]


class CheckedReader:
    """File-like ``read(n)`` over a binary stream, with the checks described above."""

    def __init__(
        self,
        raw: IO[bytes],
        total: int,
        progress: ProgressCallback | None = None,
        chunk_size: int = CHUNK_SIZE,
    ) -> None:
        self._raw = raw
        self.total = total
        self._progress = progress
        self._chunk_size = chunk_size
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self.consumed = 0  # bytes read from the raw stream, BOM included
        self._started = False
        self._finished = False

    def read(self, size: int = -1) -> bytes:
        """Return at most one chunk; the parser calls this repeatedly until it gets b""."""
        if self._finished or size == 0:  # ijson probes with read(0) for bytes vs str
            return b""
        want = self._chunk_size if size is None or size < 0 else min(size, self._chunk_size)
        if not self._started:
            want = max(want, len(UTF8_BOM))
        data = self._raw.read(want)
        offset = self.consumed
        self.consumed += len(data)
        if not self._started:
            self._started = True
            if data.startswith(UTF8_BOM):
                data = data[len(UTF8_BOM) :]
                offset += len(UTF8_BOM)
                if not data:  # the first read held only the mark: an empty read means EOF
                    return self.read(size)
        pending = len(self._decoder.getstate()[0])
        try:
            self._decoder.decode(data, final=not data)
        except UnicodeDecodeError as problem:
            raise EncodingProblem(offset - pending + problem.start, at_end=not data) from None
        if not data:
            self._finished = True
        if self._progress is not None:
            self._progress(self.consumed, self.total)
        return data
