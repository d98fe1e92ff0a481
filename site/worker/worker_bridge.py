"""The worker's Python side: the functions the page awaits, calling the core, values back out.

Runs only inside the PyScript worker (``worker.py`` imports it; it imports ``js``, ``pyodide``
and ``polyscript``); the core (``tiktok_export``) never does. ``worker.py`` lists
:func:`selftest`, :func:`read` and :func:`check` in ``__export__``, so the page calls them as
``await xworker.sync.check(job, file, options)``. Each returns exactly one plain JS object, never
raises, and reports progress on the way:

``selftest()``             versions and a tiny jsonschema/ijson check (the smoke page shows it);
``read(job, file)``        read a ``File`` through :class:`~browser_io.FileSliceReader` and report
                           what it took: size, SHA-256, number and largest size of the slices
                           (and a zip's listing);
``check(job, file, opts)`` ``tiktok_export.api.check_file`` on a ``File``; with ``opts.redact``
                           the redacted copy comes back as a ``Blob`` in ``output``, that
                           ``Blob`` and its SHA-256 (in the receipt) made beside Python by
                           ``hasher.js`` at ``opts.hasher_url`` (:class:`OutputHasher`);
``records(job, file, opts)`` the records view (``opts.view``): a page of records as they will be
                           shared, each record as a JSON text (``record_json``), and how many
                           bytes of the ``File`` it read (``file_bytes_read``).

Record index: the page names each picked file (``opts.file_id``, on the check and on every
records request). The check of that file fills a value-free index of where its records lie
(:func:`file_index`), kept here for that file only; a records page without a search then reads
only its own bytes of the ``File`` instead of streaming it up to the page. Picking another file
drops it; a request the index cannot serve streams, with the same answer.

Returned: ``{result, output?}`` or ``{error: {type, message}}``. Progress: the page sets
``xworker.sync.progress`` and the worker calls ``progress(job, done, total, records)``; without
SharedArrayBuffer such a call is a one-way message (nothing waits for an answer), which is all a
progress bar needs. The ``File`` crosses by structured clone: a handle, not a copy.

Pseudonym key: without a study key (``opts.pseudonym_key``) the page passes ``opts.file_id``,
one id per picked file, and the worker makes one random 32-byte key for that id
(:func:`file_key`). The records view and the redaction of that file use it, so the rows show
the very pseudonyms the file will carry; the key stays in this worker's memory (never returned,
never logged) and is forgotten when the next file is picked or the worker restarts. The
receipt still says ``random-per-export`` (``key_is_random``).

Privacy: an error message crosses to the page only when the core raised it (the core builds
value-free messages); for anything else the page gets the exception's type alone, because a
message from a parser or ``zipfile`` may quote the participant's data.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import secrets
import sys
import time
import zipfile
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

import js  # type: ignore[import-not-found]
import pyodide  # type: ignore[import-not-found]
from browser_io import ChunkSink, FileSliceReader
from pyodide.ffi import JsProxy, create_proxy, to_js  # type: ignore[import-not-found]

READ_BUFFER = 16 * 1024 * 1024
"""BufferedReader size and the largest slice asked of the File: zipfile and the parsers read a
few KB at a time; the File is read in 16 MiB slices instead. Each ``FileReaderSync`` call has a
fixed cost: ``python -m tests.benchmarks.page --reads --sizes 100`` read 105 MB in 0.46 s in
4 MiB slices, 0.28 s in 16 MiB ones, 0.25 s in 32 MiB ones and 0.24 s whole (2026-11-26);
16 MiB takes most of the gain for 12 MiB more wasm heap than 4 MiB, and a 1 GB export is
still never whole in memory."""

PAGE_READ_BUFFER = 256 * 1024
"""BufferedReader size for a records page read through the record index of a bare ``.json``:
it reads the head and a 64 KiB batch or two, so a 4 MiB slice would mostly be thrown away. A
``.zip`` keeps :data:`READ_BUFFER`: its member is inflated from the start up to the page."""

KEY_BYTES = 32
"""A made-up pseudonym key is as long as the core's own random one."""

_file_keys: dict[str, bytes] = {}
"""The random key of the file picked last, by the page's id for it: at most one entry."""

_file_indexes: dict[tuple[str, str, int, float], Any] = {}
"""The record index of the file picked last (``tiktok_export.record_index.RecordIndex``), by
the page's id for it and the ``File``'s name, size and date: at most one entry."""

HASHER_START_S = 10.0
"""How long a redaction waits for :class:`OutputHasher` to be ready before Python starts; a
hasher not ready by then is dropped and Python hashes the output itself."""

HASHER_GRACE_S = 30.0
HASHER_MIN_RATE = 5_000_000
"""How long the redaction waits for :class:`OutputHasher` once Python is done: 30 s plus one
second per 5 MB of output (it keeps pace at 150-200 MB/s here; a phone is slower, and it
started with the output). After that, or at once if it failed, the chunks it had are gone:
Python redacts again on its own."""

PROGRESS_INTERVAL = 0.1
"""Seconds between progress messages: a progress bar needs no more than ten updates a second."""


class Progress(Protocol):
    """The core's progress callback: bytes done, bytes total, records checked so far."""

    def __call__(self, done: int, total: int, records: int = 0, /) -> None:
        """Report how far the job got."""


def to_page(value: dict[str, Any]) -> JsProxy:
    """A dict as a plain JS object (nested dicts too); JS values such as a Blob pass through."""
    return to_js(value, dict_converter=js.Object.fromEntries)


def progress_reporter(job: object) -> Progress:
    """A ``progress(done, total)`` callback for the core that tells the page at most 10 times a second."""
    # Imported here, not at the top: only a PyScript worker has it, and the in-page benchmark
    # (tests/benchmarks/page.py) reuses this module's file reading in a bare Pyodide worker.
    import polyscript  # type: ignore[import-not-found]

    last = -PROGRESS_INTERVAL
    page_progress = polyscript.xworker.sync.progress

    def progress(done: int, total: int, records: int = 0) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= PROGRESS_INTERVAL or done >= total:
            last = now
            page_progress(job, done, total, records)

    return progress


class _FileSlices:
    """``read_slice`` for :class:`FileSliceReader`: one ``File.slice`` per call, read synchronously.

    ``FileReaderSync`` exists only in workers; it copies the slice out of the browser's blob
    store, and ``assign_to`` copies it once more into the Python buffer. Nothing else is kept.
    """

    def __init__(self, file: JsProxy) -> None:
        self._file = file
        self._reader = js.FileReaderSync.new()

    def __call__(self, start: int, end: int, into: memoryview) -> None:
        buffer = self._reader.readAsArrayBuffer(self._file.slice(start, end))
        js.Uint8Array.new(buffer).assign_to(into)


def open_file(file: JsProxy, buffer_size: int = READ_BUFFER) -> tuple[io.BufferedReader, FileSliceReader]:
    """A buffered binary stream over a browser ``File`` (or a ``Blob``, which has no name), and
    its raw reader (for stats)."""
    name = str(getattr(file, "name", ""))
    raw = FileSliceReader(int(file.size), _FileSlices(file), max_slice=buffer_size, name=name)
    return io.BufferedReader(raw, buffer_size=buffer_size), raw


def _selftest() -> dict[str, Any]:
    """Import the page's dependencies and the core, and prove each one works."""
    from importlib.metadata import version

    import ijson  # imports are the test
    import jsonschema

    import tiktok_export

    validator = jsonschema.Draft202012Validator(
        {"type": "object", "required": ["n"], "properties": {"n": {"type": "integer"}}}
    )
    try:
        from tiktok_export.api import check_file

        api = callable(check_file)
    except ImportError:
        api = False
    return {
        "result": {
            "python": sys.version.split()[0],
            "pyodide": pyodide.__version__,
            "jsonschema": version("jsonschema"),
            "jsonschema_accepts_valid": validator.is_valid({"n": 1}),
            "jsonschema_errors_on_invalid": len(list(validator.iter_errors({"n": "one"}))),
            "ijson": version("ijson"),
            "ijson_backend": ijson.backend,
            "tiktok_export": getattr(tiktok_export, "__version__", None),
            "check_file_available": api,
            "cross_origin_isolated": bool(getattr(js, "crossOriginIsolated", False)),
        }
    }


def _read(file: JsProxy, progress: Progress) -> dict[str, Any]:
    """Read a File through the slice adapter, the way the core will, and report the cost."""
    stream, raw = open_file(file)
    report: dict[str, Any] = {"size": raw.size}
    if zipfile.is_zipfile(stream):  # reads only the end of the file
        with zipfile.ZipFile(stream) as archive:
            report["zip_members"] = len(archive.infolist())
        report["zip_listing_bytes_read"] = raw.stats.bytes_read
    stream.seek(0)
    digest = hashlib.sha256()
    seen = 0
    while chunk := stream.read(READ_BUFFER):
        digest.update(chunk)
        seen += len(chunk)
        progress(seen, raw.size)
    report |= {
        "bytes_seen": seen,
        "sha256": digest.hexdigest(),
        "slices": raw.stats.slices,
        "max_slice": raw.stats.max_slice,
        "bytes_read": raw.stats.bytes_read,
    }
    return {"result": report}


def plain(value: Any) -> Any:
    """The page's options as plain Python: JavaScript ``null`` arrives as ``pyodide.ffi.jsnull``,
    not None (a search of every section has ``section: null``; so may a policy's values)."""
    if type(value).__name__ == "JsNull":
        return None
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def file_key(file_id: str) -> bytes:
    """The random pseudonym key of one picked file, made on first use; an older file's is dropped."""
    key = _file_keys.get(file_id)
    if key is None:
        _file_keys.clear()
        key = _file_keys[file_id] = secrets.token_bytes(KEY_BYTES)
    return key


def _index_key(file: JsProxy, options: dict[str, Any]) -> tuple[str, str, int, float] | None:
    """Which picked file an index belongs to: the page's id for the pick (none: no index)
    and the File's own name, size and modification time, so a different File never reuses it."""
    file_id = options.get("file_id")
    if file_id is None:
        return None
    return (str(file_id), str(file.name), int(file.size), float(getattr(file, "lastModified", 0) or 0))


def file_index(file: JsProxy, options: dict[str, Any], *, new: bool = False) -> Any:
    """The record index of the picked file (a value-free map of where its record batches lie:
    see ``tiktok_export.record_index``), or None. ``new`` starts an empty one for a check to
    fill; an older file's index is dropped as soon as another file is named."""
    from tiktok_export.record_index import RecordIndex

    key = _index_key(file, options)
    if key is None:
        return None  # a request that names no file leaves the picked file's index alone
    if key in _file_indexes and not new:
        return _file_indexes[key]
    _file_indexes.clear()  # another file (or a new check of this one): the old map goes
    if not new:
        return None
    index = _file_indexes[key] = RecordIndex()
    return index


def choice_arguments(options: dict[str, Any]) -> dict[str, Any]:
    """The policy, the participant's choices and the key, as ``check_file`` takes them.

    The study's key when the page passes one; else this file's random key (see the module's
    note), so the records view and the redaction agree; else none (the core makes one).
    """
    key = options.get("pseudonym_key")
    file_id = options.get("file_id")
    random_key = key is None and file_id is not None
    return {
        "policy": options.get("policy"),
        "drop_sections": list(options.get("drop_sections") or []),
        "drop_dates": [[str(a), str(b)] for a, b in options.get("drop_dates") or []],
        "drop_records": [[str(s), i] for s, i in options.get("drop_records") or []],
        "drop_matching": [
            [None if s is None else str(s), str(w)] for s, w in options.get("drop_matching") or []
        ],
        "pseudonym_key": file_key(str(file_id)) if random_key else (bytes(key) if key is not None else None),
        "key_is_random": random_key,
    }


def _records(file: JsProxy, js_options: JsProxy | None) -> dict[str, Any]:
    """The records view on a File; each record crosses as JSON text (``null`` stays null,
    and one string is cheaper to hand over than a tree of proxies)."""
    from tiktok_export.api import check_file

    options: dict[str, Any] = plain(js_options.to_py()) if js_options else {}
    view = dict(options.get("view") or {})
    if isinstance(view.get("total"), float):  # JavaScript numbers arrive as floats
        view["total"] = int(view["total"])
    index = file_index(file, options)
    paging = index is not None and not str(view.get("query") or "").strip()
    small = paging and not str(file.name).lower().endswith(".zip")  # else it streams: big slices
    stream, raw = open_file(file, PAGE_READ_BUFFER if small else READ_BUFFER)
    # (a page stopped early leaves no parser complaint behind: tiktok_export.records sees to it)
    answer = check_file(stream, str(file.name), view=view, index=index, **choice_arguments(options))
    for row in answer.get("rows", []):
        row["record_json"] = json.dumps(row.pop("record"), ensure_ascii=False)
    answer["file_bytes_read"] = raw.stats.bytes_read  # what the request cost (tests, benchmark)
    return {"result": answer}


class OutputHasher:
    """The redacted output's SHA-256 and its ``Blob``, made by ``hasher.js`` in a worker of its
    own while Python redacts: in Pyodide, hashlib's SHA-256 took about a third of a redaction,
    and making each chunk a ``Blob`` part was part of the 0.46 s per 100 MB that
    ``python -m tests.benchmarks.page --steps`` put on the output, on the one thread that does
    everything else. Each chunk is posted to it as it leaves Python (transferred: Python's
    only cost is the copy out of the wasm heap); the answer is awaited once Python is done (by
    then it is nearly always there).

    It must be ready before Python starts (:meth:`started`): in Chromium a worker started by a
    worker loads through its parent's thread, which synchronous Python holds until it is done,
    so a hasher not yet running would do nothing until then. If it cannot start, Python works
    alone; if it answers the ``Blob`` without a digest, Python hashes the ``Blob``; if it fails
    or is late (:data:`HASHER_GRACE_S`) without the ``Blob``, the chunks are gone and Python
    redacts again alone (:func:`_check`): slower, never wrong, never stuck."""

    def __init__(self, url: str) -> None:
        self.url = url
        loop = asyncio.get_event_loop()
        self._ready: asyncio.Future[bool] = loop.create_future()
        self._answer: asyncio.Future[tuple[JsProxy | None, str | None]] = loop.create_future()
        self._listeners = {"message": create_proxy(self._message), "error": create_proxy(self._error)}
        self._worker = js.Worker.new(url)
        for kind, listener in self._listeners.items():
            self._worker.addEventListener(kind, listener)
        self.bytes = 0

    @classmethod
    def prepare(cls, url: object) -> None:
        """Start a hasher now for the next redaction, unless one waits already: the page checks
        a file before it redacts it, so the hasher starts (0.4-0.5 s of a 1 MB redaction in
        ``python -m tests.benchmarks.page --steps --smoke``, when it started with it) while the
        participant reads the preview, not while they wait."""
        if not url or str(url) in _spare_hashers:
            return
        for spare in _spare_hashers.values():
            spare.close()
        _spare_hashers.clear()
        try:
            _spare_hashers[str(url)] = cls(str(url))
        except Exception:  # e.g. a SecurityError: a CSP without worker-src 'self'
            return

    @classmethod
    async def started(cls, url: object) -> OutputHasher | None:
        """A hasher at ``url``, running and ready for the output (the one :meth:`prepare` made,
        if any); None when there is no URL, or the browser would not start it, or it failed or
        was not ready in time."""
        if not url:
            return None
        hasher = _spare_hashers.pop(str(url), None)
        if hasher is None:
            try:
                hasher = cls(str(url))
            except Exception:  # e.g. a SecurityError: a CSP without worker-src 'self'
                return None
        if not await hasher.ready():
            hasher.close()
            return None
        return hasher

    async def ready(self) -> bool:
        """Whether it started (False: it failed, or is not ready within :data:`HASHER_START_S`)."""
        try:
            return await asyncio.wait_for(asyncio.shield(self._ready), HASHER_START_S)
        except TimeoutError:
            return False

    def _message(self, event: JsProxy) -> None:
        data = event.data
        if getattr(data, "ready", False):
            self._settle(ready=True)
            return
        output = getattr(data, "output", None)
        sha256 = getattr(data, "sha256", None)
        self._settle(
            ready=False,
            output=output if isinstance(getattr(output, "size", None), int) else None,  # a Blob
            sha256=sha256 if isinstance(sha256, str) else None,
        )

    def _error(self, event: JsProxy) -> None:
        event.preventDefault()  # handled here: no console noise, no uncaught error
        self._settle(ready=False)

    def _settle(self, *, ready: bool, output: JsProxy | None = None, sha256: str | None = None) -> None:
        """Ready (once), or the answer: the ``Blob`` and its digest, either None when it failed
        (which also means not ready, if it comes first)."""
        if not self._ready.done():
            self._ready.set_result(ready)
        if not ready and not self._answer.done():
            self._answer.set_result((output, sha256))

    def update(self, chunk: JsProxy) -> None:
        """Take the next chunk of the output: a ``Uint8Array``, handed over (transferred), so
        the caller must be done with it."""
        self.bytes += int(chunk.length)
        self._worker.postMessage(chunk, to_js([chunk.buffer]))

    async def finished(self) -> tuple[JsProxy | None, str | None]:
        """The output as one ``Blob`` of all the chunks, and its digest; the ``Blob`` is None
        when the hasher lost the chunks (failed, or no answer in time), the digest when only
        the hashing failed."""
        self._worker.postMessage("end")
        try:
            return await asyncio.wait_for(self._answer, HASHER_GRACE_S + self.bytes / HASHER_MIN_RATE)
        except TimeoutError:
            return None, None
        finally:
            self.close()

    def close(self) -> None:
        """Stop the worker and free the listeners (again: no harm). A ``Blob`` it made lives on."""
        self._worker.terminate()
        for kind, listener in self._listeners.items():
            self._worker.removeEventListener(kind, listener)
            listener.destroy()
        self._listeners = {}


_spare_hashers: dict[str, OutputHasher] = {}
"""The hasher :meth:`OutputHasher.prepare` started for the next redaction, by URL: at most one."""


def blob_sha256(blob: JsProxy) -> str:
    """A ``Blob``'s SHA-256, read through :func:`open_file`'s slices: only when the hasher
    answered without one."""
    stream, _raw = open_file(blob)
    return hashlib.file_digest(stream, "sha256").hexdigest()


def output_sink(parts: list[JsProxy], hasher: OutputHasher | None) -> ChunkSink:
    """Where a redaction's output goes: to ``hasher``, which makes the ``Blob``; without one,
    into ``parts`` of the ``Blob`` made here."""

    def emit(chunk: memoryview) -> None:
        # One copy out of the wasm heap; then either the array goes to the hasher without
        # another copy, or here into the browser's blob store (a part of the Blob handed over:
        # the output never gathers in this worker's memory).
        array = js.Uint8Array.new(len(chunk))
        array.assign(chunk)
        if hasher is not None:
            hasher.update(array)
        else:
            parts.append(js.Blob.new(to_js([array])))

    return ChunkSink(emit)


async def _check(file: JsProxy, js_options: JsProxy | None, progress: Progress) -> dict[str, Any]:
    """Run the core on a File: its result and, when redacting, the redacted copy as a Blob."""
    from tiktok_export.api import check_file  # a missing core is a job error

    options: dict[str, Any] = plain(js_options.to_py()) if js_options else {}
    try:
        if options.get("redact", False):
            hasher = await OutputHasher.started(options.get("hasher_url"))
            answer = await _redaction(file, options, progress, hasher) if hasher is not None else None
            if answer is None:  # without a hasher, or after one that lost the output: alone
                answer = await _redaction(file, options, progress, None)
                assert answer is not None  # without a hasher, nothing can lose the output
            return answer
        stream, _raw = open_file(file)
        # A check of a newly picked file also notes where its records lie, for the records view.
        index = file_index(file, options, new=True)
        result = check_file(
            stream, str(file.name), progress=progress, index=index, **choice_arguments(options)
        )
        return {"result": result}
    finally:
        # For this file's next redaction: it starts once this job is done, not during it.
        OutputHasher.prepare(options.get("hasher_url"))


async def _redaction(
    file: JsProxy, options: dict[str, Any], progress: Progress, hasher: OutputHasher | None
) -> dict[str, Any] | None:
    """The core's redaction of a File: its result and the redacted copy as a Blob, made and
    hashed by ``hasher`` or here; None when the hasher lost the output (redact again without)."""
    from tiktok_export.api import check_file, complete_receipt

    parts: list[JsProxy] = []
    sink = output_sink(parts, hasher)
    stream, _raw = open_file(file)
    try:
        result: dict[str, Any] = check_file(
            stream,
            str(file.name),
            progress=progress,
            redact=True,
            output=sink,
            hash_output=hasher is None,
            **choice_arguments(options),
        )
        sink.close()
        if hasher is None:
            output = js.Blob.new(to_js(parts))
        else:
            output, sha256 = await hasher.finished()
            if output is None:
                return None
            if result.get("receipt") is not None:
                complete_receipt(result, sha256 if sha256 is not None else blob_sha256(output))
    finally:
        if hasher is not None:
            hasher.close()
    kind = "application/zip" if sink.head.startswith(b"PK") else "application/json"
    typed = js.Blob.new(to_js([output]), to_js({"type": kind}, dict_converter=js.Object.fromEntries))
    return {"result": result, "output": typed}


def describe(error: BaseException) -> dict[str, str]:
    """Type and, only for the core's own exceptions, message: see the module's privacy note."""
    module = type(error).__module__
    own = module == "tiktok_export" or module.startswith("tiktok_export.")
    return {"type": type(error).__name__, "message": str(error) if own else ""}


def _outcome(job: Callable[[], dict[str, Any]]) -> JsProxy:
    """Run one job; its fields, or ``{error}`` if it raised: the worker must live on."""
    try:
        return to_page(job())
    except Exception as error:
        return to_page({"error": describe(error)})


async def _outcome_of(job: Awaitable[dict[str, Any]]) -> JsProxy:
    """:func:`_outcome` of a job that awaits (a redaction awaits its output's hash)."""
    try:
        return to_page(await job)
    except Exception as error:
        return to_page({"error": describe(error)})


def selftest() -> JsProxy:
    """Exported: versions of what loaded, and proof that jsonschema, ijson and the core work."""
    return _outcome(_selftest)


def read(job: object, file: JsProxy) -> JsProxy:
    """Exported: read ``file`` through the slice reader and report what that took."""
    return _outcome(lambda: _read(file, progress_reporter(job)))


async def check(job: object, file: JsProxy, options: JsProxy | None = None) -> JsProxy:
    """Exported: the core's check (and, with ``options.redact``, redaction) of ``file``.
    A coroutine: the page's ``await xworker.sync.check(…)`` gets its value once it is done."""
    return await _outcome_of(_check(file, options, progress_reporter(job)))


def records(job: object, file: JsProxy, options: JsProxy | None = None) -> JsProxy:
    """Exported: one page of the records view of ``file`` (``options.view``)."""
    return _outcome(lambda: _records(file, options))
