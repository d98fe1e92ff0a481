"""The records view: a page of one section's records as they will be shared, or a search.

Consent is informed when the participant can read what they give, so the page shows the
records themselves *after* redaction (pseudonyms, scrubbed text, coarsened networks exactly
as they leave), newest first, a page at a time, and searches them. Memory stays flat: a
request streams the export again through the same pipeline and keeps only the rows of the
page asked for; batches of records outside the page pass in bulk on the fast path, and
without a search the pass stops as soon as the page is full. Where the caller kept the file's
:class:`~tiktok_export.record_index.RecordIndex` (the page's worker makes one during its
check), a page without a search reads only the bytes of the batches holding it instead: well
under a second for any page of a 100 MB export, where streaming up to the oldest page takes
seconds. Both ways build the rows with :class:`Rows`, so they cannot differ.

Each row says whether the participant's choices remove it (its section, its date, the
record itself, or a word it holds), so the view can show removed rows struck through and
let them be put back. Rows are the same for the page and the CLI (``tiktok-export
records``): one function, one key, one policy.
"""

from __future__ import annotations

import contextlib
import gc
import secrets
import sys
import zipfile
import zlib
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from . import fastpath
from .parse import JSONError
from .pipeline import RedactOptions, run
from .policy import Choices, Policy
from .record_choices import clean_word, contains, fold, might_contain
from .record_index import Piece, RecordIndex
from .redaction import DROPPED, Redactor
from .schema_model import Node, Section, export_model
from .source import OpenedExport

PER_PAGE = 50
MAX_PER_PAGE = 500


class _Enough(Exception):
    """The page is full and nothing after it is needed: stop reading."""


@dataclass
class Rows:
    """Builds the view's rows: one function for the streaming pass and the indexed read.

    A row is the record as it will be shared (the policy's redactor under the file's key) and
    why the participant's choices remove it, if they do."""

    redactor: Redactor
    choices: Choices

    def __post_init__(self) -> None:
        self.chosen = self.choices.record_choices()

    def shared(self, section: Section, node: Node, value: Any, pattern: str) -> Any:
        """The record as it will leave (``DROPPED`` when the policy removes it)."""
        shared, _ = self.redactor.record_untallied(node, section, "", value, pattern)
        return shared

    def row(self, section: Section, index: int, node: Node, value: Any, shared: Any) -> dict[str, Any]:
        """``{section, index, record, removed}`` for a record and its shared form."""
        return {
            "section": section.id,
            "index": index,
            "record": None if shared is DROPPED else shared,
            "removed": self._removed(section, index, node, value, shared),
        }

    def _removed(self, section: Section, index: int, node: Node, value: Any, shared: Any) -> str | None:
        """Why the record will not be shared, if it will not (the first reason that applies)."""
        if shared is DROPPED:
            return "policy"
        if section.id in self.choices.drop_sections:
            return "section"
        if node.date_fields and self.choices.drops_dated(node.date_fields, value):
            return "date"
        reason = self.chosen.drop_reason(section.id, index, shared)
        return {"choices.drop_records": "record", "choices.drop_matching": "word"}.get(reason or "")


@dataclass
class _Tap:
    """Keeps the rows of one page while the export streams by; see :class:`RecordTap`."""

    make: Rows
    section: str | None  # None: search every section
    words: tuple[str, ...]  # the folded query, empty for plain paging
    window: tuple[int, int]  # [first, last) among rows in the section's file order
    from_end: bool  # oldest-first section: the newest page is the end of the file's list
    rows: list[dict[str, Any]] = field(default_factory=list)
    tail: deque[dict[str, Any]] = field(default_factory=deque)
    places: int | None = None  # where the section sits in this file (the summary's paths)
    matches: int = 0
    by_section: dict[str, int] = field(default_factory=dict)

    def wants(
        self, section_id: str, start: int, count: int, piece: bytes, changing: Callable[[], bool]
    ) -> bool:
        if self.section is not None and section_id != self.section:
            return False
        if self.words:  # a record the policy changes may match only after redaction ([email])
            return might_contain(piece, self.words) or changing()
        first, last = self.window
        if start >= last and not self.from_end:
            raise _Enough  # past the page: nothing after it is needed
        return start < last and start + count > first

    def record(self, section: Section, index: int, node: Node, value: Any, pattern: str) -> None:
        if self.section is not None and section.id != self.section:
            return
        if not self.words:
            first, last = self.window
            if first <= index < last:
                shared = self.make.shared(section, node, value, pattern)
                self.rows.append(self.make.row(section, index, node, value, shared))
            elif index >= last and not self.from_end:
                raise _Enough
            return
        shared = self.make.shared(section, node, value, pattern)
        if contains(shared, self.words):
            self._offer(section, index, node, value, shared)

    def bulk(self, section: Section, start: int, node: Node, records: list[Any], pattern: str) -> None:
        del pattern  # unchanged records: what is in the file is what is shared
        if self.words:
            words = self.words
            for offset, value in enumerate(records):
                if contains(value, words):
                    self._offer(section, start + offset, node, value, value)
            return
        first, last = self.window
        for index in range(max(first, start), min(last, start + len(records))):
            value = records[index - start]
            self.rows.append(self.make.row(section, index, node, value, value))

    def left(self, section_id: str) -> None:
        if self.places is None or section_id != self.section:
            return
        self.places -= 1
        if self.places <= 0:
            raise _Enough  # every place of the section has been read: the rest cannot matter

    def _offer(self, section: Section, index: int, node: Node, value: Any, shared: Any) -> None:
        """A record holding the word: counted, and kept if it is on the page."""
        self.by_section[section.id] = self.by_section.get(section.id, 0) + 1
        position = self.matches
        self.matches += 1
        first, last = self.window
        if self.from_end:
            self.tail.append(self.make.row(section, index, node, value, shared))  # bounded by maxlen
        elif first <= position < last:
            self.rows.append(self.make.row(section, index, node, value, shared))


def browse(
    opened: OpenedExport,
    *,
    policy: Policy,
    choices: Choices | None = None,
    pseudonym_key: bytes | None = None,
    section: str | None = None,
    query: str = "",
    page: int = 0,
    per_page: int = PER_PAGE,
    total: int | None = None,
    order: str | None = None,
    places: int | None = None,
    index: RecordIndex | None = None,
) -> dict[str, Any]:
    """One page of records as they will be shared, newest first where the file's order allows.

    ``section`` is a section id of the summary (``None`` searches every section and needs
    a ``query``). ``total`` and ``order`` are the section's ``records`` and ``order`` from
    the summary of the same file: with them the newest page of an oldest-first list is found
    without keeping the whole list, and ``places`` (the number of the section's ``paths``)
    lets the pass stop once it has read them all. Rows are ``{section, index, record, removed}``;
    ``index`` is what ``--drop-record SECTION:INDEX`` takes.

    With the file's :class:`~tiktok_export.record_index.RecordIndex` a page without a search
    reads only the batches holding it; anything the index does not cover is streamed, with
    the same answer.
    """
    choices = choices or Choices()
    known = export_model().sections
    if section is not None and section not in known:
        return _refuse(f"there is no section called '{section}'")
    word = clean_word(query)
    words = (fold(word),) if word else ()
    if section is None and not words:
        return _refuse("searching every section needs a word")
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    page = max(0, page)
    removed_by_policy = section is not None and policy.section_action(section) is not None
    if removed_by_policy:
        return _answer(section, query, page, per_page, [], 0, {}, "file", removed="policy")
    from_end = section is not None and order == "oldest-first" and (bool(words) or total is not None)
    if from_end and not words:
        assert total is not None
        last = max(0, total - page * per_page)
        window = (max(0, last - per_page), last)
    else:
        window = (page * per_page, (page + 1) * per_page)
    key = pseudonym_key or secrets.token_bytes(32)
    make = Rows(Redactor(policy, Choices(), key), choices)
    shown_order = "newest-first" if order in ("newest-first", "oldest-first") and section else "file"
    if index is not None and section is not None and not words:
        indexed = _indexed_rows(opened, index, make, known[section], window, total)
        if indexed is not None:
            if from_end:
                indexed.reverse()
            return _answer(section, query, page, per_page, indexed, total, {}, shown_order)
    tap = _Tap(make, section, words, window, from_end, places=places)
    if from_end and words:
        tap.tail = deque(maxlen=(page + 1) * per_page)
    with _quiet_abandoned_parser():
        try:
            ok = run(opened, redact=RedactOptions(policy, Choices(), key), tap=tap).ok
        except _Enough:
            ok = True
    rows = tap.rows
    if from_end and words:  # the tail ends with this page's matches, then the newer pages'
        tail = list(tap.tail)
        rows = tail[: len(tail) - page * per_page][-per_page:]
    if from_end:
        rows.reverse()
    count = tap.matches if words else (total if total is not None else None)
    return _answer(section, query, page, per_page, rows, count, tap.by_section, shown_order, ok=ok)


_READ_ERRORS = (OSError, EOFError, ValueError, RuntimeError, zipfile.BadZipFile, zlib.error)
"""What reading a piece of the pick may raise (a file changed or gone, a damaged zip)."""


def _indexed_rows(
    opened: OpenedExport,
    index: RecordIndex,
    make: Rows,
    section: Section,
    window: tuple[int, int],
    total: int | None,
) -> list[dict[str, Any]] | None:
    """The rows of ``window`` (file order) read through the index, or None to stream instead.

    Only the batches holding the page are read: a seek in a ``.json``; a ``.zip`` member can
    only be inflated forward, so its stream reads (and drops) the bytes before the first batch.
    Each batch is decoded as the fast path decodes it and must hold exactly the records the
    index says, else the file is not the one indexed and the caller streams."""
    source = opened.source
    covering = _covering(index, source.size if source is not None else -1, section.id, window, total)
    if source is None or covering is None:
        return None
    pieces, first, last = covering
    if not pieces:
        return []  # past the end: nothing, as a whole pass would find
    try:
        stream = source.open()
    except _READ_ERRORS:
        return None
    rows: list[dict[str, Any]] = []
    try:
        base = stream.tell() if stream.seekable() else None
        for piece in pieces:
            values = _read_piece(stream, base, piece)
            if values is None:
                return None
            node, pattern = piece.place.node, piece.place.pattern
            for at in range(max(first, piece.first), min(last, piece.first + piece.count)):
                value = values[at - piece.first]
                rows.append(make.row(section, at, node, value, make.shared(section, node, value, pattern)))
    except _READ_ERRORS:
        return None
    finally:
        if source.owns_streams:
            stream.close()
    return rows


def _covering(
    index: RecordIndex, size: int, section_id: str, window: tuple[int, int], total: int | None
) -> tuple[list[Piece], int, int] | None:
    """The batches holding ``window`` (clipped to the section), or None when the index is not
    this file's (another size, another count than the page's summary) or leaves a gap."""
    count = index.totals.get(section_id)
    if count is None or index.size != size or (total is not None and total != count):
        return None
    first, last = window[0], min(window[1], count)
    if first >= last:
        return [], first, last
    pieces = index.pieces(section_id, first, last, size=size)
    return None if pieces is None else (pieces, first, last)


def _read_piece(stream: IO[bytes], base: int | None, piece: Piece) -> list[Any] | None:
    """The records of one batch, or None when its bytes are not that many records."""
    if base is None:
        return None
    stream.seek(base + piece.start)
    data = _read_exactly(stream, piece.end - piece.start)
    if data is None or data[:1] != b"{" or data[-1:] != b"}":
        return None
    values = fastpath.decode_piece(data)
    return values if values is not None and len(values) == piece.count else None


def _read_exactly(stream: IO[bytes], size: int) -> bytes | None:
    """``size`` bytes from the stream's position, or None if it ends first."""
    parts: list[bytes] = []
    left = size
    while left > 0:
        part = stream.read(left)
        if not part:
            return None
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


@contextlib.contextmanager
def _quiet_abandoned_parser() -> Iterator[None]:
    """Silence the one complaint a pass stopped on purpose makes.

    The stop is raised while ijson's pure-Python backend (Pyodide's) is reading, which ends
    its generator without closing the coroutines behind it; when they are collected they
    report "Incomplete JSON content" as an ignored exception on stderr (the page's console).
    Only ijson's own errors, and only during this call, are dropped.
    """
    previous = sys.unraisablehook

    def hook(unraisable: Any) -> None:
        if not isinstance(unraisable.exc_value, JSONError):
            previous(unraisable)

    sys.unraisablehook = hook
    try:
        yield
        gc.collect()  # anything kept alive by a cycle goes now, while the hook is in place
    finally:
        sys.unraisablehook = previous


def _refuse(message: str) -> dict[str, Any]:
    return {"ok": False, "error": {"code": "bad-choice", "path": "$", "message": message}}


def _answer(
    section: str | None,
    query: str,
    page: int,
    per_page: int,
    rows: list[dict[str, Any]],
    count: int | None,
    by_section: dict[str, int],
    order: str,
    *,
    removed: str | None = None,
    ok: bool = True,
) -> dict[str, Any]:
    """The view's answer; ``query`` is echoed only to the caller (never logged or sent on)."""
    return {
        "ok": ok,
        "section": section,
        "searched": bool(query.strip()),
        "page": page,
        "per_page": per_page,
        "count": count,
        "pages": None if count is None else max(1, -(-count // per_page)),
        "order": order,
        "section_removed": removed,
        "by_section": by_section,
        "rows": rows,
    }
