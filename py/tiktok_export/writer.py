"""Write the redacted export as it streams past, and hash it on the way (unless the caller
hashes what it is given itself: the page does that in a worker of its own, in parallel).

Containers get one line per child and two-space indentation; each record is written
compactly on its own line, so the file stays readable and diffable without doubling its
size. The output depends only on the values written, so the same input, policy, choices
and pseudonym key give byte-identical files on CPython and in Pyodide.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Protocol

_FLUSH_AT = 256 * 1024


class OutputFailed(Exception):
    """The output could not take the next bytes (a full disk): the redaction fails with its own
    finding, not as if the input could not be read. ``detail`` is the system's message only."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class ByteSink(Protocol):
    """Anything with ``write(bytes)``: a file, a BytesIO, the browser's chunk sink."""

    def write(self, data: bytes, /) -> object:
        """Take the next bytes of the output."""


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))


def dumps_compact(value: Any) -> str:
    """One value as compact JSON text, non-ASCII kept as is (one shared encoder: json.dumps
    with options would build a new encoder for every record)."""
    return _ENCODER.encode(value)


class JsonWriter:
    """Streaming JSON writer driven by begin/value/end calls from the pipeline."""

    def __init__(self, out: ByteSink, *, hashing: bool = True) -> None:
        self._out = out
        self._pieces: list[str] = []
        self._encoded: list[bytes] = []  # the text before ``_pieces``, already bytes
        self._length = 0
        self._first: list[bool] = []
        self._hash = hashlib.sha256() if hashing else None
        self.bytes_written = 0

    def _separator(self, key: str | None) -> None:
        if self._first:
            indent = "\n" + "  " * len(self._first)
            self._pieces.append(indent if self._first[-1] else "," + indent)
            self._first[-1] = False
        if key is not None:
            self._pieces.append(dumps_compact(key) + ": ")

    def begin(self, key: str | None, is_map: bool) -> None:
        """Open an object or array (``key`` is None inside arrays and at the top)."""
        self._separator(key)
        self._pieces.append("{" if is_map else "[")
        self._first.append(True)

    def end(self, is_map: bool) -> None:
        """Close the innermost container."""
        empty = self._first.pop()
        if not empty:
            self._pieces.append("\n" + "  " * len(self._first))
        self._pieces.append("}" if is_map else "]")
        self._maybe_flush()

    def value(self, key: str | None, value: Any) -> None:
        """Write a complete value (a record, a field) on one line."""
        self._separator(key)
        text = dumps_compact(value)
        self._pieces.append(text)
        self._length += len(text)
        if self._length >= _FLUSH_AT:
            self._maybe_flush(force=True)

    # -- fast-path hooks (see tiktok_export.fastpath) -----------------------------------
    def item_separator(self) -> str:
        """What :meth:`value` writes between two items of the innermost container."""
        return ",\n" + "  " * len(self._first)

    def items(self, text: str) -> None:
        """Several complete values at once, already joined by :meth:`item_separator` and each
        exactly as :meth:`value` would write it (a batch of records copied or encoded whole)."""
        self._separator(None)
        self._pieces.append(text)
        self._length += len(text)
        if self._length >= _FLUSH_AT:
            self._maybe_flush(force=True)

    def raw_items(self, data: bytes) -> None:
        """:meth:`items` for text that is already the UTF-8 bytes it would be encoded to (a
        batch copied as it stood in the file): no decoding and encoding again on the way."""
        self._separator(None)
        self._seal()
        self._encoded.append(data)
        self._length += len(data)
        if self._length >= _FLUSH_AT:
            self._maybe_flush(force=True)

    def _seal(self) -> None:
        """Encode the text pieces so far, so that bytes can follow them in order."""
        if self._pieces:
            self._encoded.append("".join(self._pieces).encode("utf-8"))
            self._pieces.clear()

    def _maybe_flush(self, force: bool = False) -> None:
        if not force and self._length < _FLUSH_AT:
            return
        self._length = 0
        self._seal()
        data = self._encoded[0] if len(self._encoded) == 1 else b"".join(self._encoded)
        self._encoded.clear()
        if self._hash is not None:
            self._hash.update(data)
        try:
            self._out.write(data)
        except OSError as problem:
            raise OutputFailed(problem.strerror or "write error") from None
        self.bytes_written += len(data)

    def finish(self) -> str | None:
        """Flush everything, end with a newline, and return the SHA-256 of what was written
        (None when not ``hashing``: the caller hashes its sink's bytes itself)."""
        self._pieces.append("\n")
        self._maybe_flush(force=True)
        return self._hash.hexdigest() if self._hash is not None else None
