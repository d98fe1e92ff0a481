"""Analysis-ready tables from a folder of uploads: one table per section, typed, across generations.

Every analysis of TikTok exports used to start with a script that walks nested JSON whose
shape changes with each TikTok generation. The schema already knows that shape, so this
module turns uploads into the tables pandas, R, DuckDB and spreadsheets read:

* **Layouts come from the compiled schema only** (:func:`table_layouts`). A section's
  columns are its described fields; a column is named by the snake_case of the field's
  canonical name (``x-field``), so a 2021 ``VideoLink`` and a 2026 ``Link`` both fill
  ``link``. Types come from the schema too: ``x-format: date-time`` is a timestamp
  (TikTok's placeholder date ``1969-12-31 23:59:59`` and anything that is not a date are
  null), JSON ``integer``/``number``/``boolean`` are numbers and booleans, everything else
  is text. Records under a personal-keys map (a chat per friend) get a column named by the
  map's key label (``conversation``) holding the (pseudonymised) key. Every table starts
  with ``upload``: the receipt's output hash, a stable id that is never a name from a file.
* **Streaming.** Records come from :func:`tiktok_export.walker.walk` over the same ijson
  events the checker reads, so at most one record plus one batch of rows per section is
  in memory; each batch becomes one Parquet row group (or a block of CSV lines).
* **One function per job** (:func:`tabulate_uploads`): a job is a run of uploads (one, on
  Dask) whose rows share one part file per section, written under a temporary name and
  renamed once every upload of the job has been read. An upload that breaks midway leaves
  no rows behind: the job's parts are written again without it (rare, and never more than
  once per broken upload), and the ``uploads`` table says why. Sharing the files matters:
  creating a file costs this ext4 disk far more than writing it (the inode search), and two
  processes creating 20 files per upload side by side slowed each other down in the kernel.
  :func:`build_tables` maps it over all jobs with :mod:`tiktok_export.fanout` (all
  cores, or Dask), then adds the ``uploads`` table and ``report.html`` and moves the
  finished staging folder's contents into place: a table under its final name is complete.

Parquet layout: ``OUT/<section id>/<upload>.parquet`` (one part per job, named by its first
upload: a dataset DuckDB, pandas, Spark and Arrow read as one table) and
``OUT/uploads.parquet``. CSV layout: ``OUT/<section id>.csv`` and ``OUT/uploads.csv``.
"""

from __future__ import annotations

import importlib.abc
import json
import os
import re
import shutil
import sys
import threading
import uuid
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from operator import attrgetter
from pathlib import Path
from typing import Any

from . import __version__, fastpath
from .batch_verify import Pair, file_sha256, pair_uploads
from .fanout import ByteProgress, default_workers, run_map
from .parse import IncompleteJSONError, JSONError, events
from .reader import CheckedReader, EncodingProblem
from .schema_model import ExportModel, Kind, Node, export_model
from .source import open_export
from .walker import MAX_DEPTH, Enter, TooDeep, Value, walk

PLACEHOLDER_DATES = frozenset({"1969-12-31 23:59:59"})
"""TikTok writes this (the Unix epoch minus a second) where a record has no date, e.g. reposts."""
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
BATCH_ROWS = 16_384
"""Rows per section held before they are written as one row group: bounds memory per worker."""
RESERVED = ("upload",)
MISMATCH = "The upload's SHA-256 or size differs from its receipt."

_WORD_BREAK = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def snake_case(name: str) -> str:
    """``VideoLink`` → ``video_link``, ``PlatformInfo.UserName`` → ``platform_info_user_name``.

    >>> [snake_case(n) for n in ("Link", "IP", "videosWatchedToTheEnd", "Allow DownLoad")]
    ['link', 'ip', 'videos_watched_to_the_end', 'allow_down_load']
    """
    return _NOT_WORD.sub("_", _WORD_BREAK.sub("_", name).lower()).strip("_")


@dataclass(frozen=True)
class Column:
    """One typed column: its name, kind and the schema fields (dotted names) that fill it."""

    name: str
    kind: str  # timestamp | integer | number | boolean | string
    fields: tuple[str, ...]


@dataclass
class TableLayout:
    """A section's table: its columns in order, from the schema."""

    section: str
    title: str
    columns: tuple[Column, ...]
    key_column: str | None = None  # the personal map key above the records (``conversation``)
    value_column: bool = False  # records that are not objects: one ``value`` column

    @cached_property
    def names(self) -> list[str]:
        """Every column name, ``upload`` first."""
        extra = [self.key_column] if self.key_column else []
        return ["upload", *extra, *(c.name for c in self.columns)]

    @cached_property
    def kinds(self) -> list[str]:
        """The kind of each column of :attr:`names`."""
        extra = ["string"] if self.key_column else []
        return ["string", *extra, *(c.kind for c in self.columns)]

    @cached_property
    def sources(self) -> list[list[tuple[str, ...]]]:
        """For each field column, the key paths in a record that fill it (one per spelling)."""
        return [[tuple(name.split(".")) for name in column.fields] for column in self.columns]


def _kind_of(nodes: Sequence[Node], fmt: str | None) -> str:
    if fmt == "date-time":
        return "timestamp"
    types: set[str] = set()
    for node in nodes:
        types |= node.types - {"null"}
    if types == {"integer"}:
        return "integer"
    if types and types <= {"integer", "number"}:
        return "number"
    if types == {"boolean"}:
        return "boolean"
    return "string"


def _record_nodes(model: ExportModel) -> dict[str, tuple[list[Node], dict[str, list[Node]], str | None]]:
    """Per section: its record nodes, the node of each dotted field name, and a key label."""
    found: dict[str, tuple[list[Node], dict[str, list[Node]], str | None]] = {}

    def fields_of(node: Node, prefix: str, into: dict[str, list[Node]], depth: int) -> None:
        for key, sub in node.props.items():
            name = f"{prefix}.{key}" if prefix else key
            into.setdefault(name, []).append(sub)
            if depth < 8:
                fields_of(sub, name, into, depth + 1)

    def visit(node: Node, section: str | None, label: str | None, depth: int) -> None:
        if depth > 16:
            return
        section = node.section.id if node.section is not None else section
        if node.kind is Kind.RECORD and section is not None:
            records, names, _ = found.setdefault(section, ([], {}, None))
            records.append(node)
            fields_of(node, "", names, 0)
            found[section] = (records, names, label)
            return
        children = list(node.props.values())
        if node.items is not None:
            children.append(node.items)
        for child in children:
            visit(child, section, label, depth + 1)
        if node.additional is not None:
            visit(node.additional, section, node.key_label if node.personal_keys else label, depth + 1)

    visit(model.root, None, None, 0)
    return found


@cache
def table_layouts() -> dict[str, TableLayout]:
    """Every section that has records, as a table layout; derived from the schema alone."""
    model = export_model()
    nodes = _record_nodes(model)
    described: dict[str, list[Any]] = {}
    for described_field in model.fields:
        if described_field.name not in ("$key", "*"):
            described.setdefault(described_field.section, []).append(described_field)
    layouts: dict[str, TableLayout] = {}
    for section_id, section in model.sections.items():
        if section_id not in nodes:
            continue  # opaque or never a record: nothing to tabulate
        _, field_nodes, label = nodes[section_id]
        grouped: dict[str, list[Any]] = {}
        for described_field in described.get(section_id, []):
            found = field_nodes.get(described_field.name)
            if found is None or any(node.props for node in found):
                continue  # inside a list of objects (kept whole, as JSON text), or an object (its fields are)
            name = snake_case(described_field.canonical)
            if name in RESERVED or name == label:
                name += "_field"
            grouped.setdefault(name, []).append(described_field)
        columns = []
        for name, group in grouped.items():
            fmt = next((f.fmt for f in group if f.fmt == "date-time"), None)
            kind = _kind_of([n for f in group for n in field_nodes.get(f.name, [])], fmt)
            columns.append(Column(name, kind, tuple(f.name for f in group)))
        value_column = not columns
        if value_column:
            columns.append(Column("value", "string", ()))
        layouts[section_id] = TableLayout(
            section_id, section.title, tuple(columns), snake_case(label) if label else None, value_column
        )
    return layouts


# -- reading one upload ------------------------------------------------------------------------


Record = tuple[str, str | None, Node, Any]
"""One record of an upload: section id, the personal map key above it (or None), node, value.

A plain tuple: this is made once per record, the hottest line of the module.
"""

TypedBatch = Callable[[list[Any]], None]
"""Takes one batch of typed records (msgspec Structs of :func:`fastpath.record_type`), in order."""

Getter = Callable[[list[Any]], list[Any]]
"""One source path's values from a batch of Structs, as the walker would have built them."""

TakeList = Callable[[str, str | None, Node], TypedBatch | None]
"""``take_list(section, key, record node)`` when a list of records starts: where its typed batches go."""


class _TypedLists(fastpath.FastLists):
    """The fast path for tables: lists of typed records are cut and decoded by msgspec in C.

    The project's :class:`fastpath.Splicer` takes each list it is offered out of ijson's
    stream, decodes it a batch at a time into the schema-derived Structs and hands each batch
    here; nothing is checked or written on the way (tables take the values as they are), so a
    batch always goes on. What the typed decode refuses (a record off the schema's types or
    patterns, a lone surrogate, a syntax error) goes back to ijson from its first record on,
    and those records come through :func:`records` one by one, exactly as they would without
    this class. The tables are therefore the same with or without it (the tests compare).

    Only the Splicer's side of :class:`fastpath.FastLists` is used, so the pipeline's state
    (findings, summary, writer) that its ``__init__`` wires up is deliberately not built.
    """

    def __init__(self, reader: CheckedReader, walker_frames: list[list[Any]]) -> None:
        self.splicer = fastpath.Splicer(reader, self)
        self.walker_frames = walker_frames
        self.current = None  # type: ignore[assignment]
        self.bulk = 0
        self.index = None  # no record index: tables read each upload once
        self._take: TypedBatch | None = None

    def offer(self, record: Node, take: TypedBatch) -> None:
        """The walker just entered a list of ``record``s under a key: take it if it can be typed."""
        rtype = fastpath.record_type(record)
        frames = self.walker_frames
        # the same conditions as the pipeline's (FastLists.entered): under a map key, and the
        # deepest record still within the walker's depth limit (else ijson says it is too deep)
        if rtype is None or len(frames) < 2 or not frames[-2][1] or len(frames) + rtype.depth > MAX_DEPTH:
            return
        self._take = take
        self.splicer.pending = fastpath.FastList(frames[-1], frames[-1][2], record, rtype)  # type: ignore[arg-type]

    def still_entered(self, fast: fastpath.FastList) -> bool:
        """The list is still the walker's innermost and none of its items has been read."""
        frames = self.walker_frames
        if not frames or frames[-1] is not fast.frame or frames[-1][4]:  # type: ignore[comparison-overlap]
            return False
        self.current = fast
        return True

    def batch(self, fast: fastpath.FastList, structs: list[Any], piece: bytes, first: int) -> bool:
        """One decoded batch: straight to its section's sink, as columns."""
        if self._take is not None:
            self._take(structs)
        self.bulk += len(structs)
        return True


def records(  # noqa: PLR0912 - one flat loop over the walker's items is the hot path
    path: str | os.PathLike[str], top_keys: set[str] | None = None, take_list: TakeList | None = None
) -> Iterator[Record]:
    """Stream the records of one export, each with its section; nothing else is built.

    ``top_keys`` collects the top-level keys the schema knows (the file's layout).
    With ``take_list`` (and msgspec available), lists of records the schema types go to the
    callbacks it returns in typed batches instead (see :class:`_TypedLists`); whatever the
    typed decode refuses still comes through here. Parsing errors propagate: the caller
    decides what a broken upload means.
    """
    model = export_model()
    with open_export(path) as opened:
        source = opened.source
        if source is None:
            raise BadUpload(opened.findings[0].code if opened.findings else "unreadable")
        stream = source.open()
        try:
            reader = CheckedReader(stream, source.size)
            frames: list[list[Any]] = []
            typed = _TypedLists(reader, frames) if take_list is not None and fastpath.available() else None
            # per open container: (section id, personal map key above it, schema node)
            stack: list[tuple[str | None, str | None, Node | None]] = [(None, None, None)]
            record_kind = Kind.RECORD
            list_kind = Kind.LIST
            for item in walk(events(typed.splicer if typed is not None else reader), model.root, frames):
                kind = type(item)
                if kind is Value:
                    node = item.node
                    if node is None:
                        continue
                    if node.kind is record_kind:  # the common case: one record in a list
                        section, key, parent = stack[-1]
                        if node.section is not None:
                            section = node.section.id
                        if parent is not None and parent.personal_keys:
                            key = _map_key(parent, str(item.path[-1]))
                        if section is not None:
                            yield (section, key, node, item.value)  # type: ignore[union-attr]
                    elif top_keys is not None and len(item.path) == 1:
                        top_keys.add(str(item.path[0]))
                elif kind is Enter:
                    node = item.node
                    section, key, parent = stack[-1]
                    if node is not None:
                        if node.section is not None:
                            section = node.section.id
                        if top_keys is not None and len(item.path) == 1:
                            top_keys.add(str(item.path[0]))
                    if parent is not None and parent.personal_keys:
                        key = _map_key(parent, str(item.path[-1]))
                    stack.append((section, key, node))
                    if (
                        typed is not None
                        and node is not None
                        and node.kind is list_kind
                        and node.items is not None
                        and node.items.kind is record_kind
                        and node.items.section is None  # a record's section is its list's
                        and section is not None
                    ):
                        take = take_list(section, key, node.items)  # type: ignore[misc]
                        if take is not None:
                            typed.offer(node.items, take)
                else:
                    stack.pop()
        finally:
            if source.owns_streams:
                stream.close()


def _map_key(parent: Node, raw: str) -> str:
    """The personal part of a map key (``user-…`` of ``Chat History with user-…:``), per the schema."""
    pattern = parent.key_pattern
    match = pattern.match(raw) if pattern is not None else None
    if match is not None and "name" in pattern.groupindex:  # type: ignore[union-attr]
        return match.group("name")
    return raw


class BadUpload(Exception):
    """The upload cannot be read as an export; carries a finding code only."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


# -- writing one upload's part of each table -----------------------------------------------------


def _date_text(value: Any) -> str | None:
    """TikTok's date text in the one form Arrow parses, or None (placeholder, not a date)."""
    if not isinstance(value, str):
        return None
    text = value[:-4] if value.endswith(" UTC") else value
    if text in PLACEHOLDER_DATES or len(text) != 19:
        return None
    return text


def _as_string(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _as_number(value: Any, integer: bool) -> int | float | None:  # noqa: PLR0911 - one per JSON type
    if type(value) is bool:
        return None
    if type(value) is int:
        return value
    if type(value) is float:
        return int(value) if integer and value.is_integer() else (None if integer else value)
    if type(value) is str:
        try:
            number = float(value)
        except ValueError:
            return None
        if integer:
            return int(number) if number.is_integer() else None
        return number
    return None


def arrow_schema(layout: TableLayout) -> Any:
    """The Arrow schema of a section's table (the same for every part); made once per layout."""
    key = (layout.section, tuple(layout.names), tuple(layout.kinds))
    schema = _SCHEMAS.get(key)
    if schema is None:
        schema = _SCHEMAS[key] = _make_arrow_schema(layout)
    return schema


_SCHEMAS: dict[tuple[str, tuple[str, ...], tuple[str, ...]], Any] = {}
"""Every upload opens a sink per section: building the schema each time cost more than its rows."""


def _make_arrow_schema(layout: TableLayout) -> Any:
    import pyarrow as pa

    types = {
        "timestamp": pa.timestamp("s"),
        "integer": pa.int64(),
        "number": pa.float64(),
        "boolean": pa.bool_(),
        "string": pa.string(),
    }
    return pa.schema([pa.field(n, types[k]) for n, k in zip(layout.names, layout.kinds, strict=True)])


@cache
def _placeholders() -> Any:
    """:data:`PLACEHOLDER_DATES` as an Arrow array (a column of most sections asks for it)."""
    import pyarrow as pa

    return pa.array(sorted(PLACEHOLDER_DATES), pa.string())


def _arrow_column(values: list[Any], kind: str, pa_type: Any) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    if kind == "timestamp":
        try:
            texts = pa.array(values, pa.string())
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            texts = pa.array([_date_text(v) for v in values], pa.string())
        # `2026-01-02 03:04:05 UTC` (2026 comments) is UTC like the rest; placeholders are null.
        # (The regex costs twice the parse: it runs only on the batches that need it.)
        if pc.any(pc.ends_with(texts, " UTC")).as_py():
            texts = pc.replace_substring_regex(texts, pattern=" UTC$", replacement="")
        placeholder = pc.is_in(texts, value_set=_placeholders())
        if placeholder.true_count:
            texts = pc.if_else(placeholder, pa.scalar(None, pa.string()), texts)
        return pc.strptime(texts, format=DATE_FORMAT, unit="s", error_is_null=True)
    try:
        return pa.array(values, pa_type)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        pass
    if kind == "string":
        return pa.array([_as_string(v) for v in values], pa_type)
    if kind == "boolean":
        return pa.array([v if type(v) is bool else None for v in values], pa_type)
    return pa.array([_as_number(v, kind == "integer") for v in values], pa_type)


class _SectionSink:
    """One upload's rows of one section's table, written batch by batch into its job's part.

    Values arrive two ways, in document order: records one by one from :func:`records` (kept
    in ``rows`` and plucked into ``values`` per batch) and typed batches from the fast path
    (:meth:`add_typed`, read into ``values`` column by column). ``values`` holds one list per
    source path (``layout.sources``, flattened): each list becomes one Arrow array per batch,
    so the conversion from Python values to typed columns is the same whichever way they came.
    """

    def __init__(self, layout: TableLayout, upload: str, parts: _PartFiles) -> None:
        self.layout = layout
        self.upload = upload
        self.schema = arrow_schema(layout)
        self.parts = parts
        # a ``value`` column's one "path" is the record itself
        flat = [path for paths in layout.sources for path in paths]
        self.paths: list[tuple[str, ...]] = [()] if layout.value_column else flat
        self.rows: list[Any] = []  # records from the walker not yet plucked into ``values``
        self.values: list[list[Any]] = [[] for _ in self.paths]  # per source path, this batch's values
        self.plucked = 0  # records in ``values``
        self.keys: list[str | None] = []  # the personal map key above each, for keyed sections
        self.count = 0
        self.first: Any = None
        self.last: Any = None

    def _pluck_rows(self) -> None:
        """Move the walker's records into ``values`` (the record itself for a ``value`` column)."""
        rows = self.rows
        if not rows:
            return
        if self.layout.value_column:
            self.values[0].extend(rows)
        else:
            for values, path in zip(self.values, self.paths, strict=True):
                values.extend(_pluck(rows, path))
        self.plucked += len(rows)
        rows.clear()  # the same list: the hot loop holds it

    def add_typed(self, structs: list[Any], getters: Sequence[Getter], key: str | None) -> None:
        """A batch of typed records, one getter per source path; row groups stay ``BATCH_ROWS`` long."""
        self._pluck_rows()  # records the walker handed over before these come first
        keyed = self.layout.key_column is not None
        start, total = 0, len(structs)
        while start < total:
            take = min(total - start, BATCH_ROWS - self.plucked)
            part = structs if take == total else structs[start : start + take]
            for values, get in zip(self.values, getters, strict=True):
                values.extend(get(part))
            if keyed:
                self.keys.extend([key] * take)
            self.plucked += take
            start += take
            if self.plucked >= BATCH_ROWS:
                self.flush()

    def flush(self) -> None:
        """Write the records held as one row group (Parquet) or block of lines (CSV)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        self._pluck_rows()
        count, values = self.plucked, self.values
        if not count:
            return
        self.plucked, self.values = 0, [[] for _ in self.paths]
        layout, schema = self.layout, self.schema
        arrays = [pa.array([self.upload] * count, pa.string())]
        if layout.key_column is not None:
            arrays.append(pa.array(self.keys, pa.string()))
        self.keys.clear()  # in place, like ``rows``: the hot loop and a typed batch may both hold it
        if layout.value_column:
            arrays.append(_arrow_column(values[0], "string", pa.string()))
        else:
            offset = len(arrays)
            source = iter(values)
            for i, (column, paths) in enumerate(zip(layout.columns, layout.sources, strict=True)):
                pa_type = schema.field(offset + i).type
                parts = [_arrow_column(next(source), column.kind, pa_type) for _ in paths]
                arrays.append(parts[0] if len(parts) == 1 else pc.coalesce(*parts))
        batch = pa.Table.from_arrays(arrays, schema=self.schema)
        self.count += batch.num_rows
        for kind, array in zip(self.layout.kinds, arrays, strict=True):
            if kind == "timestamp" and array.null_count < len(array):
                extremes = pc.min_max(array)
                low, high = extremes["min"].as_py(), extremes["max"].as_py()
                self.first = low if self.first is None else min(self.first, low)
                self.last = high if self.last is None else max(self.last, high)
        self.parts.write(self.layout, self.schema, batch)


class _PartFiles:
    """A job's part of every section's table: one file per section, shared by its uploads.

    Files are opened on a section's first rows under a temporary name; :meth:`close` renames
    them into place (``keep``) or deletes them. ``batches`` counts what was written, so a
    caller can tell whether an upload that failed had already written rows.
    """

    def __init__(self, folder: Path, name: str, fmt: str) -> None:
        self.folder = folder
        self.name = name
        self.fmt = fmt
        self.writers: dict[str, tuple[Any, Path]] = {}
        self.batches = 0

    def write(self, layout: TableLayout, schema: Any, batch: Any) -> None:
        """Append one batch of rows to the section's part."""
        opened = self.writers.get(layout.section)
        if opened is None:
            folder = self.folder / layout.section
            if folder not in _FOLDERS_MADE:  # one section folder serves every job of a worker
                folder.mkdir(parents=True, exist_ok=True)
                _FOLDERS_MADE.add(folder)
            temp = folder / f".{self.name}.{self.fmt}.part"
            opened = self.writers[layout.section] = (_open_writer(temp, schema, self.fmt, header=False), temp)
        opened[0].write_table(batch)
        self.batches += 1

    def close(self, keep: bool) -> None:
        """Finish every part: renamed to its final name, or removed."""
        for writer, temp in self.writers.values():
            writer.close()
            if keep:
                os.replace(temp, temp.with_name(f"{self.name}.{self.fmt}"))
            else:
                os.unlink(temp)
        self.writers.clear()


_FOLDERS_MADE: set[Path] = set()
"""Section folders this process has made (staging folders are new per run: names never repeat)."""


def _open_writer(path: Path, schema: Any, fmt: str, *, header: bool) -> Any:
    if fmt == "parquet":
        import pyarrow.parquet as pq

        # No dictionary pages: nearly every text column is unique per row (links, titles, dates),
        # where a dictionary only costs time (half the write) and bytes; zstd takes the repeats.
        return pq.ParquetWriter(path, schema, compression="zstd", use_dictionary=False)
    import pyarrow.csv as pacsv

    return pacsv.CSVWriter(path, schema, write_options=pacsv.WriteOptions(include_header=header))


@dataclass(frozen=True)
class TableJob:
    """What a worker needs for a run of uploads (plain, picklable)."""

    pairs: tuple[Pair, ...]
    staging: str
    fmt: str
    sections: tuple[str, ...] | None

    @property
    def part(self) -> str | None:
        """The name of the job's part files: its first upload's id (None: no upload to read)."""
        return next((p.upload_id for p in self.pairs if p.upload_id is not None), None)


def tabulate_uploads(job: TableJob) -> list[dict[str, Any]]:
    """A run of uploads → their part of every section's table, and their rows of ``uploads``.

    The same function runs in this process, in a pool worker or on a Dask worker. The
    uploads' rows share one file per section (:class:`_PartFiles`); an upload that fails
    after some of its rows were written starts the job again without it.
    """
    rows: dict[int, dict[str, Any]] = {}
    while True:
        parts = _PartFiles(Path(job.staging), job.part or "none", job.fmt)
        again = False
        try:
            for index, pair in enumerate(job.pairs):
                if index in rows and not rows[index]["ok"]:
                    continue  # failed on an earlier pass: its row stays, its records stay out
                written = parts.batches
                try:
                    row = rows[index] = _tabulate_upload(pair, job, parts)
                except Exception as problem:  # a bug must cost one upload only, as it would alone
                    row = rows[index] = _error_row(pair, type(problem).__name__)
                if not row["ok"] and parts.batches > written:
                    again = True  # its rows are in the shared parts: write them again without it
                    break
        except BaseException:
            parts.close(keep=False)
            raise
        parts.close(keep=not again)
        if not again:
            return [rows[index] for index in range(len(job.pairs))]


def _tabulate_upload(pair: Pair, job: TableJob, parts: _PartFiles) -> dict[str, Any]:
    """One upload → its rows of every section's table (into ``parts``) and of ``uploads``."""
    row = _upload_row(pair)
    if pair.problem is not None or pair.upload is None or pair.receipt is None or pair.upload_id is None:
        return row
    receipt = json.loads(Path(pair.receipt).read_bytes())
    row.update(_receipt_columns(receipt))
    size = receipt["output"].get("bytes")
    if file_sha256(pair.upload) != pair.upload_id or os.path.getsize(pair.upload) != size:
        row.update(ok=False, code="receipt-mismatch", message=MISMATCH)
        return row
    sinks: dict[str, _SectionSink] = {}
    top_keys: set[str] = set()
    try:
        _write_records(pair.upload, pair.upload_id, job, sinks, top_keys, parts)
        if not top_keys:
            raise BadUpload("not-tiktok")  # valid JSON, but none of TikTok's top-level parts
    except BadUpload as problem:
        row.update(_why_unreadable(pair.upload, problem.code))
    except _READ_ERRORS:
        row.update(_why_unreadable(pair.upload, "unreadable"))
    else:
        _summarise(row, sinks, top_keys)
    return row


_READ_ERRORS = (
    EncodingProblem,
    IncompleteJSONError,
    JSONError,
    ValueError,
    TooDeep,
    RecursionError,
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
)
"""What reading a broken export raises (as in the pipeline); the checker then says why, value-free."""


def _write_records(
    upload: str,
    upload_id: str,
    job: TableJob,
    sinks: dict[str, _SectionSink],
    top_keys: set[str],
    parts: _PartFiles,
) -> None:
    """The hot loop: hand each record as built to its section's sink; columns are made per batch.

    Lists the schema types skip the loop: their batches go to :func:`take_list`'s callback.
    """
    layouts = table_layouts()
    wanted = set(job.sections) if job.sections is not None else set(layouts)

    def sink_for(section: str) -> _SectionSink | None:
        sink = sinks.get(section)
        if sink is None and section in wanted:
            sink = sinks[section] = _SectionSink(layouts[section], upload_id, parts)
        return sink

    def take_list(section: str, key: str | None, record: Node) -> TypedBatch | None:
        if section not in wanted:
            return _skip  # decoded in C and dropped: cheaper than walking records nobody asked for
        layout = layouts[section]
        getters = None if layout.value_column else _typed_getters(record, layout)
        if getters is None:
            return None  # the walker's records, one by one

        def take(structs: list[Any]) -> None:
            if structs:
                sink = sink_for(section)
                assert sink is not None  # wanted was checked above
                sink.add_typed(structs, getters, key)

        return take

    current: str | None = None
    sink: _SectionSink | None = None
    rows: list[Any] = []
    keys: list[str | None] = []
    keyed = whole = False
    for section, key, _node, value in records(upload, top_keys, take_list):
        if section != current:  # records of a section come together: look up once per run of them
            current = section
            sink = sink_for(section)
            if sink is not None:
                rows, keys = sink.rows, sink.keys
                keyed = sink.layout.key_column is not None
                whole = sink.layout.value_column
        if sink is None:
            continue
        rows.append(value if whole or type(value) is dict else _NOT_AN_OBJECT)
        if keyed:
            keys.append(key)
        if len(rows) + sink.plucked >= BATCH_ROWS:
            sink.flush()  # empties ``rows`` and ``keys`` in place
    for each in sinks.values():
        each.flush()


def _skip(structs: list[Any]) -> None:
    """Where a list of an unwanted section goes."""


_GETTERS: dict[tuple[int, str], list[Getter] | None] = {}


def _typed_getters(record: Node, layout: TableLayout) -> list[Getter] | None:
    """Per source path of ``layout``, how to read its values from a batch of ``record``'s Structs.

    A Struct's fields are ``f0``, ``f1``, … in the order of the record node's properties
    (:func:`fastpath.record_type`). The values must be what the walker would have built:
    absent (``UNSET``) is None, lists and maps are plain Python (never Structs). None when a
    path reaches inside an object (no column does today): the walker's records serve then.
    """
    cache_key = (id(record), layout.section)
    if cache_key in _GETTERS:
        return _GETTERS[cache_key]
    getters: list[Getter] | None = []
    props = list(record.props)
    for path in (p for ps in layout.sources for p in ps):
        if path[0] not in record.props:
            getters.append(_nones)  # type: ignore[union-attr]
            continue
        if len(path) > 1:
            getters = None
            break
        sub = record.props[path[0]]
        plain = not ({"array", "object"} & sub.types) and sub.items is None and sub.additional is None
        required = path[0] in (record.schema.get("required") or ())
        getters.append(_getter(f"f{props.index(path[0])}", plain, required))  # type: ignore[union-attr]
    _GETTERS[cache_key] = getters
    return getters


def _nones(structs: list[Any]) -> list[Any]:
    return [None] * len(structs)


def _getter(attribute: str, plain: bool, required: bool) -> Getter:
    """One column of a batch of Structs: ``map`` in C, then a pass only where needed.

    A required field is never ``UNSET`` (the typed decode refuses a record without it), and
    a scalar one holds only what Arrow takes as it is: its values need no second look.
    """
    import msgspec

    get = attrgetter(attribute)
    unset = msgspec.UNSET
    to_builtins = msgspec.to_builtins
    absent_is_none = {unset: None}.get  # scalars are hashable: ``get(v, v)`` maps in C

    def column(structs: list[Any]) -> list[Any]:
        values = list(map(get, structs))
        if plain:
            if not required and unset in values:
                return list(map(absent_is_none, values, values))
            return values
        return [None if v is unset else to_builtins(v) for v in values]

    return column


_NOT_AN_OBJECT: dict[str, Any] = {}
"""Stands in for a record that should be an object and is not: a row of nulls."""


def _pluck(rows: list[Any], path: tuple[str, ...]) -> list[Any]:
    """The value at ``path`` in each record (None where absent), as one Python list."""
    if len(path) == 1:
        key = path[0]
        return [row.get(key) for row in rows]
    values = []
    for row in rows:
        value = row
        for key in path:
            value = value.get(key) if type(value) is dict else None
        values.append(value)
    return values


def _why_unreadable(path: str, fallback: str) -> dict[str, Any]:
    """Why an upload could not be read: the checker's own code and value-free message."""
    from . import api

    errors = [f for f in api.check(path).findings if f.severity.value == "error"]
    if errors:
        return {"ok": False, "code": errors[0].code, "message": errors[0].message}
    return {"ok": False, "code": fallback, "message": "The upload could not be read as an export."}


UPLOAD_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("upload", "string", "the receipt's output hash (SHA-256 of the upload): the id every table uses"),
    ("file", "string", "the upload's file name as received"),
    ("receipt", "string", "its receipt's file name"),
    ("ok", "boolean", "whether the upload was tabulated"),
    (
        "code",
        "string",
        "why not: `no-receipt`, `no-upload`, `duplicate`, `receipt-invalid`, "
        "`receipt-mismatch`, `unreadable`, or the checker's code (`truncated`, `not-json`, `not-tiktok`, …)",
    ),
    ("message", "string", "the reason in plain words (never a value from the file)"),
    ("bytes", "integer", "the upload's size"),
    (
        "generation",
        "string",
        "the export generation the receipt names, else the file's layout: TikTok's top-level keys",
    ),
    ("schema_version", "string", "the export schema the upload was redacted with"),
    ("tool_version", "string", "the tiktok-export version that redacted it"),
    ("policy_id", "string", "the redaction policy's id"),
    ("policy_sha256", "string", "the policy's hash"),
    ("sections", "string", "the sections with records, comma-separated"),
    ("records", "integer", "records in all tables"),
    ("first", "timestamp", "the earliest date in any table"),
    ("last", "timestamp", "the latest date in any table"),
    ("section_records", "string", "JSON: records per section"),
    ("section_dates", "string", "JSON: first and last date per section"),
    ("drift", "string", "JSON: the receipt's drift report (parts of the export the schema does not know)"),
    ("drift_items", "integer", "how many items that drift report lists"),
)
"""The ``uploads`` table: one row per upload, and per receipt or file that could not be paired."""


def _upload_row(pair: Pair) -> dict[str, Any]:
    row: dict[str, Any] = {name: None for name, _, _ in UPLOAD_COLUMNS}
    base = pair.row()
    row.update({k: base[k] for k in ("upload", "file", "receipt", "ok", "code", "message", "bytes")})
    row["message"] = row["message"] or None
    return row


def _receipt_columns(receipt: dict[str, Any]) -> dict[str, Any]:
    """What the receipt says of the upload: tool, schema, policy, generation and drift."""
    tool = receipt.get("tool") or {}
    policy = receipt.get("policy") or {}
    drift = receipt.get("drift")
    items = drift if isinstance(drift, list) else (drift.get("items") if isinstance(drift, dict) else None)
    generation = receipt.get("generation") or (receipt.get("input") or {}).get("generation")
    return {
        "tool_version": tool.get("version"),
        "schema_version": tool.get("schema"),
        "policy_id": policy.get("id"),
        "policy_sha256": policy.get("sha256"),
        "generation": str(generation) if generation else None,
        "drift": json.dumps(drift, ensure_ascii=False, sort_keys=True) if drift is not None else None,
        "drift_items": len(items) if isinstance(items, list) else (0 if drift is not None else None),
    }


def _summarise(row: dict[str, Any], sinks: dict[str, _SectionSink], top_keys: set[str]) -> None:
    counts = {section: sink.count for section, sink in sinks.items() if sink.count}
    dates = {s: [str(sink.first), str(sink.last)] for s, sink in sinks.items() if sink.first is not None}
    firsts = [s.first for s in sinks.values() if s.first is not None]
    lasts = [s.last for s in sinks.values() if s.last is not None]
    row.update(
        sections=",".join(sorted(counts)),
        records=sum(counts.values()),
        first=min(firsts) if firsts else None,
        last=max(lasts) if lasts else None,
        section_records=json.dumps(counts, sort_keys=True),
        section_dates=json.dumps(dates, sort_keys=True),
    )
    if row["generation"] is None:
        # Until receipts name the generation: the layout, i.e. TikTok's own top-level keys.
        row["generation"] = " + ".join(sorted(top_keys)) or None


# -- the whole study --------------------------------------------------------------------------------


@dataclass
class TablesResult:
    """What ``build_tables`` wrote, and the ``uploads`` rows (for the CLI and the report)."""

    out: Path
    uploads: list[dict[str, Any]]
    tables: dict[str, int]  # section id -> rows


def _error_row(pair: Pair, kind: str) -> dict[str, Any]:
    row = _upload_row(pair)
    row.update(ok=False, code="internal-error", message=f"The tool failed on this upload ({kind}).")
    return row


def _error_rows(job: TableJob, kind: str) -> list[dict[str, Any]]:
    """A job that failed as a whole (its process died, say): a row per upload saying so."""
    return [_error_row(pair, kind) for pair in job.pairs]


JOB_BYTES = 32_000_000
"""Uploads are grouped into jobs of up to about this many bytes: one part file per section per
job instead of per upload, and still a progress step about every second per worker."""
JOBS_PER_WORKER = 8
"""At least this many jobs per worker: in a small folder, the last jobs even out the workers' ends."""


def _bytes_to_read(pair: Pair) -> int:
    """What tabulating a pair reads: its upload's size, nothing for a pair that is only a problem
    row. Jobs are cut and progress is counted by it."""
    return pair.size if pair.problem is None else 0


def _jobs(
    pairs: Sequence[Pair], staging: Path, fmt: str, sections: tuple[str, ...] | None, workers: int, dask: bool
) -> list[TableJob]:
    """Runs of consecutive uploads (in the folder's order), small enough to keep every worker busy.

    On Dask each upload is a job of its own (one part per upload, as a cluster's dataset
    expects). Elsewhere a job holds up to :data:`JOB_BYTES`, or less when the folder is small
    (:data:`JOBS_PER_WORKER`).
    """
    folder = str(staging.resolve())
    if dask:
        return [TableJob((pair,), folder, fmt, sections) for pair in pairs]
    sizes = [_bytes_to_read(pair) for pair in pairs]
    limit = max(1, min(JOB_BYTES, sum(sizes) // (JOBS_PER_WORKER * max(1, workers))))
    jobs: list[TableJob] = []
    run: list[Pair] = []
    held = 0
    for pair, size in zip(pairs, sizes, strict=True):
        if run and held + size > limit:
            jobs.append(TableJob(tuple(run), folder, fmt, sections))
            run, held = [], 0
        run.append(pair)
        held += size
    if run:
        jobs.append(TableJob(tuple(run), folder, fmt, sections))
    return jobs


def _load_finishing(report: bool) -> None:
    """Import what writing the ``uploads`` table and the report needs (run beside the pool).

    Up to a second of imports (matplotlib's pyplot; pyarrow's pandas probe where
    :func:`own_process` did not spare it) that would otherwise run after the last upload,
    when only this process has work and the other cores idle. Run in a thread while the
    uploads are tabulated, they take the same CPU but share the cores with the rest of the
    work. A failed import is left for the real use to report.
    """
    try:
        import pyarrow as pa

        pa.array([], pa.string())  # pyarrow looks for pandas on its first conversion (unless told not to)
        if report:
            import matplotlib

            matplotlib.use("Agg")
            import matplotlib.pyplot
    except ImportError:  # pragma: no cover - the extra is missing: the CLI says so
        return


def _pool_worker() -> None:
    """Ready a pool worker (a process of ours that only ever runs :func:`tabulate_uploads`).

    Pyarrow is told there is no pandas (:func:`own_process`), and the layouts and Arrow
    schemas are made here, before the first upload.
    """
    own_process()
    for layout in table_layouts().values():
        arrow_schema(layout)


def own_process() -> None:
    """Spare pyarrow's look for pandas in a process that only makes tables (a worker, the CLI).

    ``pyarrow.array()`` imports pandas on its first call, only to ask whether the list it was
    given is a pandas object: about half a second of CPU per process for nothing, since
    these processes never hold one. So pyarrow's first look for pandas happens here with
    pandas hidden; it then remembers that there is none (in this process only; the finder is
    removed at once). Not for a caller's own process (a notebook calling
    :func:`build_tables`): its pyarrow would then refuse ``to_pandas()``.
    """
    import pyarrow as pa

    if "pandas" not in sys.modules:
        hidden = _NoPandas()
        sys.meta_path.insert(0, hidden)
        try:
            pa.array([], pa.string())
        finally:
            sys.meta_path.remove(hidden)


class _NoPandas(importlib.abc.MetaPathFinder):
    """An import finder under which pandas cannot be found (see :func:`own_process`)."""

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> None:
        """Refuse pandas; leave every other module to the usual finders."""
        if fullname.partition(".")[0] == "pandas":
            raise ModuleNotFoundError(fullname)


def build_tables(
    paths: Sequence[Path],
    out: Path,
    *,
    fmt: str = "parquet",
    sections: Sequence[str] | None = None,
    workers: int | None = None,
    dask: str | None = None,
    progress: ByteProgress | None = None,
    report: bool = True,
) -> TablesResult:
    """Pair, tabulate every upload, add the ``uploads`` table and the report, move into ``out``."""
    layouts = table_layouts()
    chosen = tuple(sections) if sections else None
    if chosen is not None:
        unknown = [s for s in chosen if s not in layouts]
        if unknown:
            raise ValueError(f"no table for section(s): {', '.join(unknown)}")
    out.mkdir(parents=True, exist_ok=True)
    staging = out / f".staging-{uuid.uuid4().hex[:12]}"
    staging.mkdir()
    try:
        pairs = pair_uploads(paths)
        jobs = _jobs(pairs, staging, fmt, chosen, workers or default_workers(), dask is not None)
        warm_up = None
        if dask is None and len(jobs) > 1 and (workers or default_workers()) > 1:
            # Beside the uploads (this process tabulates too): load what the end needs meanwhile.
            warm_up = threading.Thread(target=_load_finishing, args=(report,), name="tables-warm-up")
            warm_up.start()
        done = run_map(
            tabulate_uploads,
            jobs,
            [sum(map(_bytes_to_read, job.pairs)) for job in jobs],
            on_error=_error_rows,
            workers=workers,
            dask=dask,
            progress=progress,
            initializer=_pool_worker,
        )
        rows = [row for job_rows in done for row in job_rows]
        if warm_up is not None:
            warm_up.join()
        order = [job.part for job in jobs if job.part is not None]
        tables = _finish_tables(staging, rows, order, [layouts[s] for s in (chosen or layouts)], fmt)
        _write_uploads(staging / f"uploads.{fmt}", rows, fmt)
        if report:
            from .report import write_report

            write_report(staging / "report.html", rows, tables, layouts, tool_version=__version__)
        _move_into(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return TablesResult(out, rows, tables)


def _finish_tables(
    staging: Path, rows: list[dict[str, Any]], order: list[str], layouts: list[TableLayout], fmt: str
) -> dict[str, int]:
    """Each section complete: an empty Parquet part where no upload had records; CSV parts
    joined in ``order`` (the jobs' part names, in the folder's order)."""
    import pyarrow as pa

    counts: dict[str, int] = {}
    # Each row's counts parsed once, not once per section: 35 sections x 1,000 uploads of
    # json.loads were 0.4 s after the last upload, when the other core has nothing to do.
    per_upload = [json.loads(row["section_records"]) for row in rows if row["ok"] and row["section_records"]]
    for layout in layouts:
        folder = staging / layout.section
        counts[layout.section] = sum(found.get(layout.section, 0) for found in per_upload)
        schema = arrow_schema(layout)
        if fmt == "parquet":
            if not folder.is_dir() or not any(folder.glob("*.parquet")):
                folder.mkdir(exist_ok=True)
                writer = _open_writer(folder / "empty.parquet", schema, fmt, header=True)
                writer.write_table(pa.Table.from_pylist([], schema=schema))
                writer.close()
            continue
        target = staging / f"{layout.section}.csv"
        writer = _open_writer(target, schema, fmt, header=True)
        writer.write_table(pa.Table.from_pylist([], schema=schema))
        writer.close()
        with target.open("ab") as joined:
            for name in order:
                part = folder / f"{name}.csv"
                if part.is_file():
                    with part.open("rb") as handle:
                        shutil.copyfileobj(handle, joined, 1 << 20)
        shutil.rmtree(folder, ignore_errors=True)
    return counts


def _write_uploads(path: Path, rows: list[dict[str, Any]], fmt: str) -> None:
    import pyarrow as pa

    layout = TableLayout(
        "uploads", "Uploads", tuple(Column(n, k, ()) for n, k, _ in UPLOAD_COLUMNS[1:]), None, False
    )
    schema = arrow_schema(layout)
    columns = [
        # first and last are datetimes already (from the tables), not TikTok's date text
        pa.array([r[n] for r in rows], schema.field(n).type)
        if kind == "timestamp"
        else _arrow_column([r[n] for r in rows], kind, schema.field(n).type)
        for n, kind, _ in UPLOAD_COLUMNS
    ]
    table = pa.Table.from_arrays(columns, schema=schema)
    writer = _open_writer(path, schema, fmt, header=True)
    writer.write_table(table)
    writer.close()


def _move_into(staging: Path, out: Path) -> None:
    """Rename each finished table into ``out``, replacing an older one of the same name."""
    for entry in sorted(staging.iterdir()):
        target = out / entry.name
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        os.replace(entry, target)


def describe_tables() -> str:
    """The README's list of tables and columns, from the schema: ``python -m tiktok_export.tables``."""
    lines = [
        "| table | section | columns (after `upload`) |",
        "|---|---|---|",
    ]
    for section, layout in table_layouts().items():
        columns = [
            f"`{n}`" + (f" ({k})" if k != "string" else "")
            for n, k in zip(layout.names, layout.kinds, strict=True)
        ]
        lines.append(f"| `{section}` | {layout.title} | {', '.join(columns[1:])} |")
    lines += ["", "| `uploads` column | type | meaning |", "|---|---|---|"]
    lines += [f"| `{name}` | {kind} | {meaning} |" for name, kind, meaning in UPLOAD_COLUMNS]
    return "\n".join(lines)


if __name__ == "__main__":
    print(describe_tables())
