"""One pass over an export: recognise, validate, summarise, redact and write.

Bytes flow one way: :class:`~tiktok_export.reader.CheckedReader` → ijson events →
:func:`~tiktok_export.walker.walk` → this module, which hands each item to the checker,
the summary and (when redacting) the redactor and the writer. Nothing here holds more
than one record at a time, so memory stays flat whatever the size of the file.

This is also where raw paths become printable ones: every key the schema does not define
(a chat named after a friend, an unknown key) is replaced by a numbered placeholder
before any finding, summary or receipt sees the path.
"""

from __future__ import annotations

import datetime as _dt
import json
import secrets
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from . import __version__, fastpath
from .c_heap import Trimmer
from .drift import DriftReport
from .findings import Finding, FindingCollector, Severity
from .parse import IncompleteJSONError, JSONError, events, locate_problem
from .paths import Path, Placeholder, format_path, format_pattern
from .policy import Choices, Decision, Policy
from .reader import ByteReader, CheckedReader, EncodingProblem
from .record_choices import RecordChoices, might_contain
from .record_index import RecordIndex
from .redaction import DROPPED, Redactor
from .schema_model import ExportModel, Kind, Node, Section, export_model
from .source import ExportSource, OpenedExport
from .summary import SectionSummary, SummaryBuilder
from .validation import RecordChecker, safe_subpath
from .walker import MAX_DEPTH, Enter, Leave, TooDeep, Value, walk
from .writer import ByteSink, JsonWriter, OutputFailed

Progress = Callable[[int, int, int], None]
"""``progress(bytes_done, bytes_total, records_checked)``; raising from it cancels the run."""


class RecordTap(Protocol):
    """Sees records of chosen sections as they stream by (the records view and search).

    ``index`` is the record's position among its section's records in the file, the same
    number ``--drop-record SECTION:INDEX`` uses. Raising from :meth:`record` stops the pass.
    """

    def wants(
        self, section_id: str, start: int, count: int, piece: bytes, changing: Callable[[], bool]
    ) -> bool:
        """Whether records ``start`` to ``start + count`` of a section (raw JSON ``piece``)
        must be seen one by one; False lets a batch pass in bulk. ``changing()`` says
        whether the policy changes any of them."""

    def record(self, section: Section, index: int, node: Node, value: Any, pattern: str) -> None:
        """One record of a section, as in the file."""

    def bulk(self, section: Section, start: int, node: Node, records: list[Any], pattern: str) -> None:
        """Records ``start`` onwards of a section that the policy leaves exactly as they are."""

    def left(self, section_id: str) -> None:
        """The pass has left one place of a section (the records view may stop there)."""


@dataclass(frozen=True)
class RedactOptions:
    """How to redact: the study's policy, the participant's choices and the pseudonym key.

    With no ``pseudonym_key`` a fresh random key is made for this one export and never
    stored: pseudonyms are then stable inside the export but unlinkable across exports.
    ``key_is_random`` says the caller made the key that way itself (the page keeps one per
    picked file so its records view shows the very pseudonyms the file will carry); the
    receipt then says so instead of "provided".
    """

    policy: Policy
    choices: Choices = field(default_factory=Choices)
    pseudonym_key: bytes | None = None
    key_is_random: bool = False


@dataclass
class Result:
    """Everything one run found: the shape of the CLI's ``--json`` and the page's events."""

    file: str
    export_file: str | None
    findings: list[Finding]
    summary: dict[str, Any] | None
    receipt: dict[str, Any] | None = None
    drift: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the file can be used: no finding of severity error."""
        return not any(f.severity is Severity.ERROR for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data; the one result model with two faces (CLI and page)."""
        return {
            "ok": self.ok,
            "file": self.file,
            "export_file": self.export_file,
            "tool": {"name": "tiktok-export", "version": __version__},
            "findings": [f.to_dict() for f in self.findings],
            "summary": self.summary,
            "drift": self.drift,
            "receipt": self.receipt,
        }


@dataclass
class _Frame:
    node: Node | None
    is_map: bool
    safe: Path
    section: Section | None
    summary: SectionSummary | None
    writing: bool
    children: int = 0
    opaque: bool = False
    pattern: str = "$"
    last_date: str | None = None
    rising: bool = False
    falling: bool = False


_CHOSEN_RECORD = Decision("drop", "choices.drop_records")
_CHOSEN_WORD = Decision("drop", "choices.drop_matching")


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M:%S")


def _approx_size(value: Any) -> int:
    """Roughly the bytes a value takes in the file, cheaply, for each section's share."""
    if type(value) is str:
        return len(value) + 2
    if type(value) is dict:
        size = 2
        for key, item in value.items():
            size += len(key) + 6 + (len(item) if type(item) is str else _approx_size(item))
        return size
    if type(value) is list:
        return 2 + sum(_approx_size(item) + 1 for item in value)
    return 6


class _Run:
    """State of one pass; see :func:`run` for the public entry."""

    def __init__(
        self,
        *,
        model: ExportModel,
        source: ExportSource,
        pick_name: str,
        now: str,
        redactor: Redactor | None,
        writer: JsonWriter | None,
    ) -> None:
        self.model = model
        self.source = source
        self.file = source.name
        self.pick_name = pick_name
        self.collector = FindingCollector()
        self.drift = DriftReport()
        self.checker = RecordChecker(model, self.file, self.collector, now, self.drift)
        self.summary = SummaryBuilder()
        self.redactor = redactor
        self.writer = writer
        self.frames: list[_Frame] = []
        self.records = 0
        self.groups: set[str] = set()
        self.known_top = 0
        self.root_is_map = True
        self.empty_reported: set[str] = set()
        self.fast: fastpath.FastLists | None = None  # fast-path hook: set by _stream
        self.record_choices: RecordChoices | None = None
        if redactor is not None and writer is not None:
            self.record_choices = redactor.choices.record_choices() or None
        self.tap: RecordTap | None = None
        self.index: RecordIndex | None = None  # fast-path hook: notes where batches lie

    approx_size = staticmethod(_approx_size)  # fast-path hook: the one size estimate

    # -- paths --------------------------------------------------------------------------
    def _safe_element(self, parent: _Frame, raw: str | int) -> str | int | Placeholder:
        if isinstance(raw, int):
            return raw
        node = parent.node
        if node is not None and raw in node.props:
            return raw
        label = node.key_label if node is not None and node.personal_keys else "key"
        return Placeholder(f"{label} {parent.children}")

    @staticmethod
    def _pattern(parent: _Frame, safe: Path) -> str:
        """The receipt pattern of a child of ``parent``, built from the parent's (cheap per record)."""
        if not parent.is_map:
            return parent.pattern + "[*]"
        return parent.pattern + format_pattern(safe[-1:])[1:]

    def _out_key(self, parent: _Frame, raw: str | int, safe: Path) -> str | None:
        if isinstance(raw, int):
            return None
        node = parent.node
        if self.redactor is not None and node is not None and node.personal_keys:
            return self.redactor.rename_key(node, parent.section, raw, format_pattern(safe))
        return raw

    # -- items --------------------------------------------------------------------------
    def _place(
        self, item: Enter | Value
    ) -> tuple[_Frame, str | int, Path, Section | None, SectionSummary | None]:
        """Where an item sits: its parent frame, raw key, safe path, section and its summary."""
        parent = self.frames[-1]
        parent.children += 1
        raw = item.path[-1]
        safe = (*parent.safe, self._safe_element(parent, raw))
        node = item.node
        section = (node.section if node is not None else None) or parent.section
        summary = parent.summary
        if len(self.frames) == 1:
            self._top_level(node)
        if node is not None and node.section is not None:
            summary = self.summary.section(node.section, format_path(safe))
        return parent, raw, safe, section, summary

    def enter(self, item: Enter) -> None:
        if not self.frames:
            self._enter_root(item)
            return
        parent, raw, safe, section, summary = self._place(item)
        node = item.node
        entering_section = node is not None and node.section is not None
        opaque = parent.opaque or (node is not None and node.kind is Kind.OPAQUE)
        if item.expected is not None:
            self._mismatch(item.expected, safe, "an object" if not item.is_map else "a list")
        elif node is None and not opaque:
            self._unknown(parent, safe, raw)
            if summary is None:
                summary = self.summary.unknown(format_pattern(safe), "Not yet known")
        frame = _Frame(node, item.is_map, safe, section, summary, parent.writing, opaque=opaque)
        frame.pattern = self._pattern(parent, safe)
        if parent.writing and self.redactor is not None and self.writer is not None:
            decision = None
            if not (opaque and not entering_section and node is None):
                decision = self.redactor.container_decision(node, section, entering_section)
            if decision is not None:
                frame.writing = False
                self.redactor.drop(format_pattern(safe), section, decision)
            else:
                self.writer.begin(self._out_key(parent, raw, safe), item.is_map)
        self.frames.append(frame)
        if self.fast is not None and node is not None and node.kind is Kind.LIST and not opaque:
            self.fast.entered(frame, item.path, node)  # fast-path hook: typed record lists

    def _enter_root(self, item: Enter) -> None:
        self.root_is_map = item.is_map and item.expected is None
        frame = _Frame(item.node, item.is_map, (), None, None, self.writer is not None)
        if frame.writing and self.writer is not None:
            self.writer.begin(None, item.is_map)
        self.frames.append(frame)

    def leave(self, item: Leave) -> None:
        frame = self.frames.pop()
        if frame.writing and self.writer is not None:
            self.writer.end(item.is_map)
        if frame.summary is not None and (frame.rising or frame.falling):
            frame.summary.oldest_first |= frame.rising
            frame.summary.newest_first |= frame.falling
        node = frame.node
        if node is not None and node.section is not None and frame.summary is not None:
            self._maybe_empty(node.section, frame.summary, frame.safe)
            if self.tap is not None:
                self.tap.left(node.section.id)

    def value(self, item: Value) -> None:
        if not self.frames:  # the whole document is a single scalar
            self.root_is_map = False
            return
        parent, raw, safe, section, summary = self._place(item)
        node = item.node
        value = item.value
        if node is None:
            if not parent.opaque:
                self._unknown(parent, safe, raw)
                if summary is None:
                    summary = self.summary.unknown(format_pattern(safe), "Not yet known")
            if summary is not None:
                summary.bytes += _approx_size(value)
            self._write_undescribed(parent, raw, safe, section, value)
            return
        self.checker.check(node, safe, value)
        if summary is not None:
            self._summarise(node, summary, parent, value)
        if node.section is not None and summary is not None and value in (None, [], {}):
            self._maybe_empty(node.section, summary, safe)
        if node.kind is Kind.LIST and value in (None, []) and section is not None and summary is not None:
            self._maybe_empty(section, summary, safe)
        # A record's position in its section: what --drop-record and the records view name.
        index = summary.records - 1 if summary is not None and node.kind is Kind.RECORD else None
        if parent.writing and self.redactor is not None and self.writer is not None:
            self._redact_value(parent, raw, safe, node, section, value, index)
        if self.tap is not None and index is not None and section is not None:
            self.tap.record(section, index, node, value, self._pattern(parent, safe))

    def _redact_value(
        self,
        parent: _Frame,
        raw: str | int,
        safe: Path,
        node: Node,
        section: Section | None,
        value: Any,
        index: int | None,
    ) -> None:
        assert self.redactor is not None and self.writer is not None  # noqa: PT018 - callers check both
        pattern = self._pattern(parent, safe)
        if node.section is not None:
            decision = self.redactor.container_decision(node, node.section, True)
            if decision is not None:
                self.redactor.drop(pattern, section, decision)
                return
        name = raw if isinstance(raw, str) else ""
        chosen = self.record_choices
        if chosen is not None and index is not None and section is not None and chosen.applies(section.id):
            if chosen.drops_index(section.id, index):
                self.redactor.drop(pattern, section, _CHOSEN_RECORD)
                return
            new, changes = self.redactor.record_untallied(node, section, name, value, pattern)
            if new is not DROPPED and chosen.drop_reason(section.id, index, new) is not None:
                self.redactor.drop(pattern, section, _CHOSEN_WORD)
                return
            self.redactor.count(changes)
        else:
            new = self.redactor.record(node, section, name, value, pattern)
        if new is not DROPPED:
            self.writer.value(self._out_key(parent, raw, safe), new)

    def needs_each(
        self, frame: _Frame, record: Node, count: int, piece: bytes, changing: Callable[[], bool]
    ) -> bool:
        """Whether a batch of ``count`` records (raw ``piece``) must go record by record
        because the participant's record choices or the records view may touch one of them.

        ``changing()`` says whether the policy changes any of them, which could make a word
        appear in the shared form that is not in the raw bytes (``[email]``). Records the
        policy leaves as they are reach the records view in bulk: decoded in one call, shared
        as they are, while the batch itself stays on the fast path.
        """
        section, summary = frame.section, frame.summary
        if section is None or summary is None:
            return False
        start = summary.records
        chosen = self.record_choices
        if chosen is not None and frame.writing and chosen.applies(section.id):
            if chosen.drops_any(section.id, start, count):
                return True
            words = chosen.words_for(section.id)
            if words and (changing() or might_contain(piece, words)):
                return True
        return self._tap_each(frame, section, start, record, count, piece, changing)

    def _tap_each(
        self,
        frame: _Frame,
        section: Section,
        start: int,
        record: Node,
        count: int,
        piece: bytes,
        changing: Callable[[], bool],
    ) -> bool:
        tap = self.tap
        if tap is None or not tap.wants(section.id, start, count, piece, changing):
            return False
        if changing():
            return True
        try:
            records = json.loads(b"[" + piece + b"]")
        except (ValueError, RecursionError):
            return True  # the slow path explains it
        tap.bulk(section, start, record, records, frame.pattern + "[*]")
        return False

    def _write_undescribed(
        self, parent: _Frame, raw: str | int, safe: Path, section: Section | None, value: Any
    ) -> None:
        if not parent.writing or self.redactor is None or self.writer is None:
            return
        if parent.opaque:  # the opaque section was kept: its contents go with it
            self.writer.value(self._out_key(parent, raw, safe), value)
            return
        decision = self.redactor.container_decision(None, section, False)
        if decision is not None:
            self.redactor.drop(format_pattern(safe), section, decision)
        else:
            self.writer.value(self._out_key(parent, raw, safe), value)

    # -- checks and summary ---------------------------------------------------------------
    def _summarise(self, node: Node, summary: SectionSummary, parent: _Frame, value: Any) -> None:
        summary.bytes += _approx_size(value)
        if node.kind is not Kind.RECORD:
            if value not in (None, "", [], {}) and node.category:
                summary.categories.add(node.category)
            return
        self.records += 1
        summary.records += 1
        if type(value) is not dict:
            if value not in (None, "", []) and node.category:
                summary.categories.add(node.category)
            return
        field_categories = node.field_categories
        fallback = (node.category or "none") if node.open else "unknown"
        categories = summary.categories
        for key, item in value.items():
            if item is None or item == "":
                continue
            categories.add(field_categories.get(key, fallback))
        if not node.date_fields:
            return
        date_pattern = node.date_pattern
        for key in node.date_fields:
            date = value.get(key)
            if type(date) is str and date_pattern is not None and date_pattern.match(date):
                if date in self.model.placeholder_dates:
                    break  # TikTok's "no date" (reposts dated 1969): counted, not dated
                summary.add_date(date[:19])  # without a " UTC" suffix: one form to compare and show
                summary.days[date[:10]] += 1
                self._order(parent, date[:19], summary)
                return
        summary.undated += 1

    def _order(self, parent: _Frame, date: str, summary: SectionSummary) -> None:
        last = parent.last_date
        parent.last_date = date
        if last is None or date == last:
            return
        if date > last:
            parent.rising = True
        else:
            parent.falling = True
        if parent.rising and parent.falling:
            parent.rising = parent.falling = False  # report once per list
            summary.mixed = True
            parent.last_date = None
            self.collector.add(
                Finding.make(
                    "records-out-of-order",
                    file=self.file,
                    path=format_path(parent.safe),
                    section=summary.title,
                ),
                pattern=format_pattern(parent.safe),
            )

    def _maybe_empty(self, section: Section, summary: SectionSummary, safe: Path) -> None:
        holds_values = bool(summary.categories - {"none"})  # e.g. 2021's Status: one object of device ids
        if (
            summary.records == 0
            and not holds_values
            and section.category is None
            and section.id not in self.empty_reported
        ):
            self.empty_reported.add(section.id)
            self.collector.add(
                Finding.make("empty-section", file=self.file, path=format_path(safe), section=section.title)
            )

    def _top_level(self, node: Node | None) -> None:
        if node is not None:
            self.known_top += 1
            if node.group:
                self.groups.add(node.group)

    def _unknown(self, parent: _Frame, safe: Path, raw: str | int) -> None:
        if parent.node is None and self.frames[0] is not parent:
            return  # only the top of an undescribed part is reported
        inside_section = parent.section is not None
        code = "unknown-field" if inside_section else "unknown-section"
        if parent.node is not None and not parent.node.personal_keys and isinstance(raw, str):
            # The parent is a place the schema knows and its keys are TikTok's: the new key may be named.
            kind = "group" if self.frames[0] is parent else ("field" if inside_section else "section")
            self.drift.add(format_pattern(parent.safe), raw, kind)
        self.collector.add(
            Finding.make(code, file=self.file, path=format_path(safe)),
            pattern=format_pattern(safe[:-1]) + "[?]",
        )

    def _mismatch(self, expected: Node, safe: Path, found: str) -> None:
        wanted = "a list" if expected.kind is Kind.LIST else "an object"
        field_name = next((p for p in reversed(safe) if isinstance(p, str)), "This part")
        self.collector.add(
            Finding.make(
                "invalid-value",
                file=self.file,
                path=format_path(safe),
                expectation=f"{field_name} should be {wanted}, not {found}",
            )
        )

    def finish_checks(self, required: tuple[str, ...] = ()) -> None:
        """Whole-document checks: is it TikTok's, is it "All data", has it what the study needs?"""
        if not self.root_is_map or self.known_top == 0:
            detail = "it holds no TikTok sections" if self.root_is_map else "its top level is not an object"
            self.collector = FindingCollector()
            self.collector.add(Finding.make("not-tiktok", file=self.file, detail=detail))
            return
        groups = self.model.all_data_groups
        missing = [title for group, title in groups.items() if group not in self.groups]
        if missing:
            # A custom selection: name what was chosen, so the participant recognises their choice.
            chosen = [title for group, title in groups.items() if group in self.groups] or ["none of them"]
            self.collector.add(
                Finding.make(
                    "missing-sections", file=self.file, sections=", ".join(missing), chosen=", ".join(chosen)
                )
            )
        for section_id in required:
            summary = self.summary.sections.get(section_id)
            if summary is None or summary.records == 0:
                title = self.model.sections[section_id].title
                self.collector.add(Finding.make("required-section-missing", file=self.file, section=title))


def run(
    opened: OpenedExport,
    *,
    redact: RedactOptions | None = None,
    output: ByteSink | None = None,
    progress: Progress | None = None,
    now: str | None = None,
    required: tuple[str, ...] = (),
    tap: RecordTap | None = None,
    index: RecordIndex | None = None,
    hash_output: bool = True,
) -> Result:
    """Check (and, with ``redact`` and ``output``, redact) one recognised pick in one pass.

    ``hash_output=False``: the caller hashes what ``output`` is given, elsewhere (the page, in
    a worker beside Python's), so the receipt's ``output.sha256`` is None until the caller
    puts its digest there (``api.complete_receipt``).

    ``required`` lists the section ids a study cannot do without (its policy's
    ``required_sections``; when redacting, the policy's own list is used). An empty ``index``
    is filled on the way (where the fast path's batches lie) and finished if the pass reads
    the whole file and finds nothing wrong: the records view then reads only a page's bytes.
    """
    if redact is not None:
        required = required or redact.policy.required_sections
    source = opened.source
    if source is None:
        return Result(opened.pick_name, None, list(opened.findings), None)
    model = export_model()
    redactor = writer = None
    if redact is not None:  # without an output: the records view's policy, nothing written
        key = redact.pseudonym_key or secrets.token_bytes(32)
        redactor = Redactor(redact.policy, redact.choices, key)
    if redactor is not None and output is not None:
        writer = JsonWriter(output, hashing=hash_output)
    state = _Run(
        model=model,
        source=source,
        pick_name=opened.pick_name,
        now=now or _now(),
        redactor=redactor,
        writer=writer,
    )
    state.tap = tap
    state.index = index

    trim = Trimmer()  # the C heap kept by a long pass, given back (c_heap's note)

    def on_chunk(done: int, total: int) -> None:
        trim(done)
        if progress is not None:
            progress(done, total, state.records)

    try:
        stream = source.open()
    except (OSError, zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, ValueError):
        return Result(opened.pick_name, source.name, [Finding.make("bad-zip", file=source.name)], None)
    reader = CheckedReader(stream, source.size, on_chunk)
    try:
        failure = _stream(state, reader, opened.pick_name)
    finally:
        if source.owns_streams:
            stream.close()
    if failure is not None:
        return Result(opened.pick_name, source.name, [failure], None)
    on_chunk(reader.consumed, source.size)
    state.finish_checks(required)
    result = Result(
        opened.pick_name,
        source.name,
        state.collector.findings(),
        state.summary.to_dict(source.size),
        drift=state.drift.to_list(),
    )
    if redactor is not None and writer is not None and redact is not None:
        result = _with_receipt(result, model, source, redact, redactor, writer)
    if index is not None and result.ok:
        index.finish(source.size, {s.id: s.records for s in state.summary.sections.values()})
    return result


def _stream(state: _Run, reader: CheckedReader, pick_name: str) -> Finding | None:  # noqa: PLR0911, PLR0912 - one per way out
    """Feed every item of the document to ``state``; a reason to stop becomes a finding."""
    source = state.source
    walker_frames: list[list[Any]] = []
    feed: ByteReader = reader
    if fastpath.available():  # fast-path hook: typed record lists bypass ijson (fastpath.py)
        state.fast = fastpath.FastLists(state, reader, walker_frames)
        feed = state.fast.splicer
    try:
        for item in walk(events(feed), state.model.root, walker_frames):
            if type(item) is Value:
                state.value(item)
            elif type(item) is Enter:
                state.enter(item)
            else:
                state.leave(item)  # type: ignore[arg-type]
    except EncodingProblem as problem:
        if problem.at_end:
            located = locate_problem(source.open)
            return Finding.make("truncated", file=source.name, line=located.line, column=located.column)
        return Finding.make("bad-encoding", file=source.name, offset=problem.offset)
    except (IncompleteJSONError, JSONError, ValueError):
        # ValueError: ijson's pure-Python backend lets json.scanstring's errors through.
        located = locate_problem(source.open)
        return Finding.make(located.code, file=source.name, line=located.line, column=located.column)
    except TooDeep as problem:
        path = format_path(safe_subpath(state.model.root, problem.path))
        return Finding.make("too-deep", file=source.name, path=path, limit=MAX_DEPTH)
    except RecursionError:
        return Finding.make("too-deep", file=source.name, limit=MAX_DEPTH)
    except (zipfile.BadZipFile, zlib.error, EOFError):
        return Finding.make("bad-zip", file=pick_name)
    except OSError as problem:
        return Finding.make("unreadable", file=source.name, detail=problem.strerror or "read error")
    except OutputFailed as problem:
        return _unwritable(source, problem)
    return None


def _unwritable(source: ExportSource, problem: OutputFailed) -> Finding:
    """The output would not take its next bytes (a full disk), by the system's message only."""
    return Finding.make("output-unwritable", file=source.name, detail=problem.detail)


def _with_receipt(
    result: Result,
    model: ExportModel,
    source: ExportSource,
    redact: RedactOptions,
    redactor: Redactor,
    writer: JsonWriter,
) -> Result:
    """``result`` with its receipt, once the output is all written; an output whose last bytes
    would not go (a full disk) fails the pass as a failed write mid-way does, with a finding
    rather than an error the command line would show as a traceback."""
    try:
        result.receipt = _receipt(model, source, redact, redactor, writer)
    except OutputFailed as problem:
        return Result(result.file, source.name, [_unwritable(source, problem)], None)
    result.receipt["drift"] = result.drift
    return result


def _receipt(
    model: ExportModel, source: ExportSource, redact: RedactOptions, redactor: Redactor, writer: JsonWriter
) -> dict[str, Any]:
    """What was done, by which policy, to which input, producing which file (by hash)."""
    digest = writer.finish()
    return {
        "tool": {"name": "tiktok-export", "version": __version__, "schema": model.version},
        "input": {"file": source.name, "bytes": source.size},
        "policy": {
            "id": redact.policy.id,
            "sha256": redact.policy.sha256,
            "document": redact.policy.document,
        },
        "choices": redact.choices.to_dict(),
        "pseudonym_key": (
            "provided" if redact.pseudonym_key and not redact.key_is_random else "random-per-export"
        ),
        "changes": redactor.receipt_rows(),
        "output": {"bytes": writer.bytes_written, "sha256": digest},
    }
