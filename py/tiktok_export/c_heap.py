"""Give back to the system the memory the C allocator keeps after a long pass (glibc only).

Why: a pass over an export frees many short-lived buffers of varying sizes (the batches, the
encoded text of a redaction); glibc's ``malloc`` keeps freed chunks in the middle of its heap
for reuse, and with sizes that keep changing that kept memory grows with the file: a CLI
redaction peaked at 35 MiB for 100 MB and 78 MiB for 1 GB in ``make bench`` while Python's own
memory (``tracemalloc``) stayed flat, which would pass 100 MB for a 2 GB export. The pipeline
therefore calls ``malloc_trim(0)`` after every :data:`TRIM_EVERY` bytes of input
(:class:`Trimmer`): a few calls per GB, each a walk over the free lists (milliseconds). With it,
``make bench``'s 1 GB redaction peaked at 45 MiB.

Nothing happens elsewhere (macOS, Windows, musl, Pyodide): no ``malloc_trim`` there, and
``ctypes`` is imported only once a pass has read :data:`TRIM_EVERY` bytes, so small files and
the CLI's start never pay for it.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable

TRIM_EVERY = 64 * 1024 * 1024
"""Bytes of input between two trims: the growth between them stays a few MiB."""


@functools.cache  # one lookup per process
def malloc_trim() -> Callable[[int], int] | None:
    """The C library's ``malloc_trim``, or None where there is none."""
    if sys.platform != "linux":
        return None
    try:
        import ctypes

        trim = ctypes.CDLL(None).malloc_trim  # the process's own C library
    except (ImportError, OSError, AttributeError):  # no ctypes, or not glibc (musl)
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


class Trimmer:
    """Called with the bytes done so far; trims each time :data:`TRIM_EVERY` more are done."""

    def __init__(self, every: int | None = None, trim: Callable[[int], int] | None = None) -> None:
        self._every = every or TRIM_EVERY
        self._next = self._every
        self._trim = trim
        self.calls = 0

    def __call__(self, done: int) -> None:
        if done < self._next:
            return
        self._next = done + self._every
        trim = self._trim or malloc_trim()
        if trim is not None:
            trim(0)
            self.calls += 1
