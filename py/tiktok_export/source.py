"""Recognise what the participant picked: TikTok's .zip, the bare .json, or something else.

``open_export`` looks at a pick without reading it whole: the first bytes say zip or not,
a zip's central directory says what is inside. The result is either an
:class:`ExportSource` (the JSON document to stream, with its size for progress) or
findings that tell the participant what to pick instead.

>>> import io
>>> opened = open_export(io.BytesIO(b""), name="export.zip")
>>> [f.code for f in opened.findings]
['empty-file']
"""

from __future__ import annotations

import os
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import IO, Any, BinaryIO

from .findings import Finding
from .reader import UTF8_BOM, looks_like_other_encoding

EXPORT_MEMBER_NAMES = ("user_data_tiktok.json", "user_data.json")
MAX_UNCOMPRESSED = 8 * 1024**3
"""Largest export we unpack: TikTok exports reach hundreds of MB, never gigabytes by the dozen."""
MAX_RATIO = 200
"""Deflated JSON shrinks 5-20x; a far higher ratio on a big member is a zip bomb."""
RATIO_APPLIES_ABOVE = 64 * 1024**2

_TXT_LINE = re.compile(rb"^\s*[A-Z][A-Za-z ]{1,40}: ", re.MULTILINE)
_TXT_RECORD = re.compile(rb"^[^\S\n]*[^\W\d_][^\n:]{0,40}: \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", re.MULTILINE)
"""A line of TikTok's TXT export in any language: a translated label, then a TikTok timestamp."""
_TXT_EMPTY = (b"You have no data in this section", b"Er staan geen gegevens in dit gedeelte",
              b"Dit gedeelte bevat geen gegevens")  # fmt: skip
"""TikTok's sentence for an empty TXT section (English, Dutch), from real exports' parsers."""
_TXT_MEMBERS_READ = 8
_HEAD = 4096
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    zlib.error,
)
"""What Python's zipfile raises for damaged, exotic or unsupported archives."""


def _human_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"  # pragma: no cover - loop always returns


@dataclass
class ExportSource:
    """The JSON document inside a pick, ready to be streamed (perhaps more than once)."""

    name: str
    size: int
    _open: Callable[[], IO[bytes]]
    _closers: list[Callable[[], None]] = field(default_factory=list)
    owns_streams: bool = False  # True when each open() makes a new stream (zip members)

    def open(self) -> IO[bytes]:
        """A fresh binary stream from the first byte of the JSON document."""
        return self._open()

    def close(self) -> None:
        """Release what ``open_export`` opened (files and zip archives it owns)."""
        for closer in reversed(self._closers):
            closer()
        self._closers.clear()


@dataclass
class OpenedExport:
    """What ``open_export`` found: a source to stream, or findings saying why not."""

    pick_name: str
    source: ExportSource | None
    findings: list[Finding]

    def close(self) -> None:
        """Release the source, if any."""
        if self.source is not None:
            self.source.close()

    def __enter__(self) -> OpenedExport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _size_of(stream: BinaryIO) -> int:
    position = stream.tell()
    end = stream.seek(0, os.SEEK_END)
    stream.seek(position)
    return end


def open_export(pick: str | os.PathLike[str] | BinaryIO, *, name: str | None = None) -> OpenedExport:
    """Recognise a pick: a path or a seekable binary file-like (e.g. over ``File.slice``)."""
    closers: list[Callable[[], None]] = []
    if isinstance(pick, str | os.PathLike):
        path = os.fspath(pick)
        pick_name = name or os.path.basename(path)
        try:
            stream: BinaryIO = open(path, "rb")  # noqa: SIM115 - closed by ExportSource.close
        except OSError as problem:
            detail = problem.strerror or type(problem).__name__
            return OpenedExport(pick_name, None, [Finding.make("unreadable", file=pick_name, detail=detail)])
        closers.append(stream.close)
    else:
        stream = pick
        pick_name = name or os.path.basename(str(getattr(pick, "name", "") or "export"))
    opened = _recognise(stream, pick_name, closers)
    if opened.source is None:
        for closer in reversed(closers):
            closer()
    return opened


def _recognise(stream: BinaryIO, pick_name: str, closers: list[Callable[[], None]]) -> OpenedExport:
    start = stream.tell()
    head = stream.read(_HEAD)
    stream.seek(start)
    if not head:
        return OpenedExport(pick_name, None, [Finding.make("empty-file", file=pick_name)])
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return _open_zip(stream, pick_name, closers)
    return _open_json(stream, pick_name, head, closers, start)


def _open_json(
    stream: BinaryIO, pick_name: str, head: bytes, closers: list[Callable[[], None]], start: int
) -> OpenedExport:
    problem = _sniff_json(head, pick_name)
    if problem is not None:
        return OpenedExport(pick_name, None, [problem])
    size = _size_of(stream) - start

    def reopen() -> IO[bytes]:
        stream.seek(start)
        return stream

    return OpenedExport(pick_name, ExportSource(pick_name, size, reopen, closers), [])


def _sniff_json(head: bytes, file: str) -> Finding | None:
    """Catch the picks a JSON parser would only call 'invalid': other encodings, TXT exports."""
    if looks_like_other_encoding(head):
        return Finding.make("bad-encoding", file=file, offset=0)
    body = head.removeprefix(UTF8_BOM).lstrip()
    if not body:
        return Finding.make("empty-file", file=file)
    if body[:1] not in (b"{", b"[", b'"') and len(_TXT_LINE.findall(body)) >= 2:
        return Finding.make("txt-export", file=file)
    return None


def _tiktok_txt(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether a .txt member looks like a section of TikTok's TXT export (not any text file).

    Only the first few KB are read, so a hostile member costs nothing.
    """
    try:
        with archive.open(info) as member:
            head = member.read(_HEAD)
    except _ZIP_ERRORS:
        return False
    return bool(_TXT_RECORD.search(head)) or any(sentence in head for sentence in _TXT_EMPTY)


def _open_zip(  # noqa: PLR0911 - one early return per way a zip can be the wrong pick
    stream: BinaryIO, pick_name: str, closers: list[Callable[[], None]]
) -> OpenedExport:
    def fail(code: str, **params: Any) -> OpenedExport:
        return OpenedExport(pick_name, None, [Finding.make(code, file=pick_name, **params)])

    try:
        archive = zipfile.ZipFile(stream)
    except _ZIP_ERRORS:
        return fail("bad-zip")
    closers.append(archive.close)
    members = [
        info
        for info in archive.infolist()
        if info.filename and not info.is_dir() and not info.filename.startswith("__MACOSX/")
    ]
    exports = [info for info in members if PurePosixPath(info.filename).name.lower() in EXPORT_MEMBER_NAMES]
    if not exports:
        suffixes = [PurePosixPath(info.filename).suffix.lower() for info in members]
        texts = [info for info in members if PurePosixPath(info.filename).suffix.lower() == ".txt"]
        if any(_tiktok_txt(archive, info) for info in texts[:_TXT_MEMBERS_READ]):
            return fail("txt-export")
        if ".json" in suffixes:
            return fail("not-tiktok", detail="the zip holds other JSON files, not TikTok\u2019s")
        return fail("no-export-in-zip")
    if len(exports) > 1:
        return fail("several-exports-in-zip", count=len(exports))
    info = exports[0]
    member_name = PurePosixPath(info.filename).name
    if info.flag_bits & 0x1:
        return fail("encrypted-zip")
    if info.file_size > MAX_UNCOMPRESSED:
        return fail("zip-too-large", size=_human_size(info.file_size), reason="too large")
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > RATIO_APPLIES_ABOVE and ratio > MAX_RATIO:
        return fail(
            "zip-too-large",
            size=_human_size(info.file_size),
            reason=f"{ratio:.0f} times its packed size",
        )
    try:
        with archive.open(info) as member:
            head = member.read(_HEAD)
    except _ZIP_ERRORS:
        return fail("bad-zip")
    if not head:
        return fail("empty-file")
    problem = _sniff_json(head, member_name)
    if problem is not None:
        return OpenedExport(pick_name, None, [problem])

    def reopen() -> IO[bytes]:
        return archive.open(info)

    return OpenedExport(
        pick_name, ExportSource(member_name, info.file_size, reopen, closers, owns_streams=True), []
    )
