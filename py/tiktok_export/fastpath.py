"""Long lists of records at C speed: batches decoded by msgspec into types derived from the schema.

Nearly all of an export is a few long lists of small records (watched videos, likes,
logins). Handing each of them through ijson's events, building a dict, checking it and
encoding it again costs microseconds of Python per record. This module takes those lists
away from ijson and processes them a batch at a time, with per-record work done in C:

* **Types from the schema.** For each record node of the compiled schema
  (:func:`~tiktok_export.schema_model.export_model`) :func:`record_type` derives a msgspec
  ``Struct`` (unknown keys forbidden, patterns as ``Meta(pattern=...)``, ``number`` as
  ``int | float``...), once per process. Only nodes whose keywords msgspec can check exactly
  are typed (the same keyword set as :mod:`~tiktok_export.validation`'s quick check); a
  typed decode therefore only accepts what jsonschema accepts. Nothing here names a key.
* **Batch cutting.** Inside a list, the buffered UTF-8 bytes are cut at the last apparent
  record boundary (``}``, ``,``, ``{`` with any whitespace between) and ``[`` + piece + ``]``
  is decoded in one call. A cut inside a string leaves an unterminated string and one inside
  a nested list leaves a container open, so a successful decode proves the cut was real
  (otherwise an earlier cut is tried, or more is read). The list's own ``]`` is found the
  same way (msgspec has no ``raw_decode``).
* **Quiet batches in bulk.** A batch whose records decode typed, whose dates are in range
  and in order, and which the policy keeps unchanged updates the summary with per-batch
  builtins (``sorted``, ``len("".join(...))``, ``list.count``) and goes to the output as
  the bytes it was, when those bytes are provably what the writer would write (no escape,
  no duplicate key, the writer's exact spacing); else it is encoded as one list.
* **Everything else is today's path.** A batch with anything to report or change is
  decoded untyped (depth is bounded: it decoded typed first) and handed record by record
  to the pipeline, exactly as ijson would have. A record the typed decode rejects, a lone
  surrogate escape, a syntax error, a record larger than :data:`MAX_WINDOW`, a read error:
  the rest of the list goes back to ijson from the first unprocessed record on, with the
  walker's index set so paths stay the same. Findings, summaries, redacted bytes and
  receipts are therefore identical to the slow path's; the property tests compare them.

The file-like :class:`Splicer` sits between :class:`~tiktok_export.reader.CheckedReader`
and ijson. It hands ijson the skeleton (groups, sections, small values) and stops each read
just after a ``[`` that follows a ``:``; when the pipeline has just entered a list of typed
records there (:meth:`FastLists.entered`), the next read first consumes the whole list.
ijson then sees an empty list. Without msgspec (a runtime that lacks the wheel) nothing
changes: :func:`available` is False and the pipeline reads through ijson alone.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Union

from .reader import CHUNK_SIZE, CheckedReader, EncodingProblem
from .redaction import DROPPED, Columns, Redactor
from .schema_model import Kind, Node
from .validation import EARLIEST_DATE, FAST_KEYWORDS
from .walker import MAX_DEPTH, Value
from .writer import dumps_compact

try:
    import msgspec
except ImportError:  # pragma: no cover - a runtime without the wheel keeps the ijson path
    msgspec = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from .pipeline import _Frame, _Run
    from .record_index import RecordIndex

WINDOW = 64 * 1024
"""Bytes of records decoded per call: small enough to stay in cache (measured best)."""

READ_SIZE = CHUNK_SIZE
"""Bytes asked of the checked reader per refill (tests make it tiny to cut everywhere)."""

MAX_WINDOW = 16 * 1024 * 1024
"""A single record larger than this goes back to ijson rather than grow the buffer further."""

_TRIES = 4
"""Apparent boundaries tried from the end of a window before growing it."""

_LIST_START = re.compile(rb":[ \t\r\n]*\[")
_SPACE = re.compile(rb"[ \t\r\n]*")
_AFTER_CLOSE = re.compile(rb"[ \t\r\n]*(?:,[ \t\r\n]*(\{)|(\]))")
_CONTROL = bytes([*range(0x0A), *range(0x0B, 0x20)])  # control bytes but the newline
_SURROGATE = re.compile(rb"\\[uU][dD][89a-fA-F]")
_TRAILING = re.compile(r"trailing characters \(byte (\d+)\)")


ENABLED = os.environ.get("TIKTOK_EXPORT_FASTPATH", "1") != "0"
"""Off (``TIKTOK_EXPORT_FASTPATH=0``, or set False) runs the slow path alone: tests and the
benchmark compare the two."""


def available() -> bool:
    """Whether the fast path runs: msgspec importable (natively always; in the page when
    bundled) and not switched off."""
    return ENABLED and msgspec is not None


Column = list[Any] | None
"""One field's values across a batch; None when no record of the batch has the field."""


class _Unsupported(Exception):
    """A schema node msgspec cannot check exactly as jsonschema does."""


@dataclass(frozen=True)
class Field:
    """One property of a typed record, with how to read its column from a batch."""

    key: str
    category: str
    column: Callable[[list[Any]], list[Any]]  # the field's values across a batch of structs
    token: bytes  # the key as it stands in the file when written without escapes
    text_only: bool  # only strings (or absent)
    text_or_null: bool  # only strings, null (or absent): falsy values are then "", null, absent
    scalar: bool  # strings, numbers, booleans, null: no container


@dataclass(frozen=True)
class RecordType:
    """A record node's typed decoder and what the batch code needs to know about it."""

    decoder: Any  # msgspec.json.Decoder[list[Struct]]
    fields: tuple[Field, ...]
    flat: bool  # every field scalar
    copyable: bool  # flat and no float field: raw bytes can equal the writer's
    depth: int  # nesting levels of the record itself (1 for a flat record)
    dates: tuple[tuple[int, bool], ...]  # per date field: its index in ``fields``, and whether
    # the typed decode already proves ``node.date_pattern.match`` of its strings
    lines: tuple[tuple[int, re.Pattern[str], Callable[[str], Any], bool], ...] = ()
    # patterns checked per batch (field index, per-line regex, the pattern's own search, and
    # whether the pattern treats every ASCII digit alike: :func:`_digit_uniform`)
    texts: bool = False  # every field only text or null: no number outside strings (no ``-0``)


_TYPES: dict[int, RecordType | None] = {}
_COUNTER = [0]


TYPED_KEYWORDS = FAST_KEYWORDS | {
    "required",  # a key without a default: msgspec refuses a record that lacks it
    # annotations only (JSON Schema 2020-12; ``format`` asserts nothing without a format checker)
    "$comment",
    "default",
    "deprecated",
    "examples",
    "format",
    "readOnly",
    "writeOnly",
}
"""Keywords a typed decode checks exactly as jsonschema does (or that check nothing)."""


def _own_keywords(node: Node) -> set[str]:
    return {key for key in node.schema if not key.startswith("x-") and key != "$ref"}


_LINE_SAFE = re.compile(
    r"(?:\\[dw./:+\-]|\[(?!\^)(?:\\[dw.\-]|[^\\\]\x00-\x1f])*\]|\((?!\?)|\)|[^\\$^|\[\]()\x00-\x1f])*"
)


def _per_line(pattern: Any) -> re.Pattern[str] | None:
    """For a pattern ``^body$`` whose body can never match a newline (only literal
    characters, ``\\d``, ``\\w``, classes without ``^``, plain groups), the regex that fullmatches
    values joined by newlines: one C call checks a whole column. None for any other pattern.

    It is compiled ASCII-only (``\\d`` as ``[0-9]``: about 40 % faster on dates); with these
    constructs it then accepts a subset of what the pattern accepts, and a column it refuses is
    checked value by value with the pattern itself (:meth:`FastLists._patterns_hold`)."""
    if not isinstance(pattern, str) or not pattern.startswith("^") or not pattern.endswith("$"):
        return None
    body = pattern[1:-1]
    if body.endswith("\\") or not _LINE_SAFE.fullmatch(body):
        return None
    try:
        return re.compile(f"(?:{body})(?:\n(?:{body}))*", re.ASCII)
    except re.error:
        return None


_QUANTIFIER = re.compile(r"\{\d+(?:,\d*)?\}")
_ZERO_DIGITS = bytes.maketrans(b"0123456789", b"0" * 10)


def _digit_uniform(pattern: str) -> bool:
    r"""Whether a :func:`_per_line` pattern names no digit itself (only through ``\d``, ``\w``,
    ``.`` or classes without digits): then swapping one ASCII digit for another never changes
    a match, and a column whose values all share one digit-blind shape matches exactly when
    that shape does (:func:`_same_shape`).

    >>> _digit_uniform(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}( UTC)?$"), _digit_uniform(r"^\d{2}-0\d$")
    (True, False)
    """
    return re.search(r"[0-9]", _QUANTIFIER.sub("", pattern)) is None


def _same_shape(joined: str, first: str, count: int, line: re.Pattern[str]) -> bool:
    r"""All ``count`` values joined by newlines are ``first`` with other ASCII digits, and
    ``first`` matches ``line``: for a digit-uniform pattern every value then matches. Each step
    is one C pass over the bytes (a date column checks ~10x faster than by the regex).

    >>> line = re.compile(r"\d{2}:\d{2}", re.ASCII)
    >>> _same_shape("10:11\n23:59", "10:11", 2, line), _same_shape("10:11\n2:359", "10:11", 2, line)
    (True, False)
    """
    shape = first.encode("utf-8", "surrogatepass").translate(_ZERO_DIGITS)
    if line.fullmatch(shape.decode("utf-8", "surrogatepass")) is None:
        return False
    template = (shape + b"\n") * count
    return joined.encode("utf-8", "surrogatepass").translate(_ZERO_DIGITS) == template[:-1]


def _typed(node: Node, depth: int, per_line: bool = False) -> tuple[Any, int, bool]:
    """(msgspec type, nesting depth, holds a float) for a node, or raise _Unsupported.

    With ``per_line`` a pattern :func:`_per_line` can check a column at once is left out of
    the type: the batch checks it (:meth:`FastLists.batch`)."""
    if depth > 16 or not _own_keywords(node) <= TYPED_KEYWORDS or "type" not in node.schema:
        raise _Unsupported
    members: list[Any] = []
    nested = 0
    floats = "number" in node.types
    pattern = node.schema.get("pattern")
    scalars: dict[str, tuple[Any, ...]] = {
        "string": (
            str
            if not isinstance(pattern, str) or (per_line and _per_line(pattern) is not None)
            else Annotated[str, msgspec.Meta(pattern=pattern)],
        ),
        "integer": () if floats else (int,),  # ``number`` below already takes integers
        "number": (int, float),  # not float alone: msgspec would turn 1 into 1.0
        "boolean": (bool,),
        "null": (None,),
    }
    for name in sorted(node.types):
        if name in scalars:
            members.extend(scalars[name])
        elif name == "array":
            if node.items is None:
                raise _Unsupported
            item, item_depth, item_floats = _typed(node.items, depth + 1)
            members.append(list[item])  # type: ignore[valid-type]
            nested, floats = max(nested, item_depth + 1), floats or item_floats
        elif name == "object":
            struct, struct_depth, struct_floats = _object(node, depth)
            members.append(struct)
            nested, floats = max(nested, struct_depth), floats or struct_floats
        else:
            raise _Unsupported
    if not members:
        raise _Unsupported
    return Union[tuple(members)], nested, floats  # noqa: UP007 - built at run time


def _object(node: Node, depth: int) -> tuple[Any, int, bool]:
    required = node.schema.get("required", [])
    if (
        node.props
        and node.additional is None
        and isinstance(required, list)
        and set(required) <= set(node.props)
    ):
        _COUNTER[0] += 1
        fields: list[tuple[str, Any] | tuple[str, Any, Any]] = []
        nested, floats = 0, False
        for index, (key, sub) in enumerate(node.props.items()):
            kind, sub_depth, sub_floats = _typed(
                sub, depth + 1, per_line=depth == 0 and sub.types <= {"string", "null"}
            )
            if key in required:
                fields.append((f"f{index}", kind))
            else:
                fields.append((f"f{index}", Union[kind, msgspec.UnsetType], msgspec.UNSET))  # noqa: UP007
            nested, floats = max(nested, sub_depth), floats or sub_floats
        struct = msgspec.defstruct(
            f"Record{_COUNTER[0]}",
            fields,
            rename={f"f{index}": key for index, key in enumerate(node.props)},
            forbid_unknown_fields=True,
            kw_only=True,  # required fields may follow optional ones
            gc=False,  # decoded JSON holds no cycles; untracked structs spare the collector's passes
        )
        return struct, nested + 1, floats
    if not node.props and node.additional is not None:
        value, sub_depth, floats = _typed(node.additional, depth + 1)
        return dict[str, value], sub_depth + 1, floats  # type: ignore[valid-type]
    raise _Unsupported


def _column_reader(attribute: str) -> Callable[[list[Any]], list[Any]]:
    """A function returning one struct field's values across a batch, as a list comprehension
    compiled for that attribute: the interpreter specialises its attribute load, which makes it
    2.4x faster natively and 2.7x in Pyodide than ``map(attrgetter(...))`` (a C call per record
    is dear in WebAssembly). ``attribute`` is one of our own ``f<index>`` names, never text
    from a schema or a file."""
    if not attribute.isidentifier():
        raise ValueError("not an attribute name")
    namespace: dict[str, Any] = {}
    exec(f"def column(structs):\n    return [struct.{attribute} for struct in structs]", namespace)  # noqa: S102
    reader: Callable[[list[Any]], list[Any]] = namespace["column"]
    return reader


def record_type(node: Node) -> RecordType | None:
    """The typed decoder of a record node (derived once per process), or None when the
    schema says something about it that msgspec cannot check exactly."""
    key = id(node)
    if key in _TYPES:
        return _TYPES[key]
    found: RecordType | None = None
    if msgspec is not None and node.kind is Kind.RECORD and node.types == {"object"} and node.section is None:
        try:
            struct, depth, floats = _object(node, 0)
            if not node.props:
                raise _Unsupported
            decoder = msgspec.json.Decoder(list[struct])  # type: ignore[valid-type]
        except (_Unsupported, TypeError, ValueError):
            found = None
        else:
            fields = []
            for index, (name, sub) in enumerate(node.props.items()):
                scalar = sub.items is None and not sub.props and sub.additional is None
                scalar = scalar and not ({"array", "object"} & sub.types)
                fields.append(
                    Field(
                        name,
                        node.field_categories.get(name, "none"),
                        _column_reader(f"f{index}"),
                        json.dumps(name, ensure_ascii=False).encode("utf-8"),
                        sub.types == {"string"},
                        sub.types <= {"string", "null"},
                        scalar,
                    )
                )
            flat = all(f.scalar for f in fields)
            dates = []
            for name in node.date_fields:
                own = node.props[name].schema.get("pattern")
                exact = (
                    node.date_pattern is not None
                    and own == node.date_pattern.pattern
                    and isinstance(own, str)
                    and own.startswith("^")
                )
                dates.append((list(node.props).index(name), exact))
            lines = tuple(
                (
                    index,
                    checker,
                    re.compile(sub.schema["pattern"]).search,
                    _digit_uniform(sub.schema["pattern"]),
                )
                for index, sub in enumerate(node.props.values())
                if sub.types <= {"string", "null"}
                and (checker := _per_line(sub.schema.get("pattern"))) is not None
            )
            texts = all(field.text_or_null for field in fields)
            found = RecordType(
                decoder, tuple(fields), flat, flat and not floats, depth, tuple(dates), lines, texts
            )
    _TYPES[key] = found
    return found


@dataclass
class FastList:
    """A list of typed records the pipeline has just entered."""

    frame: _Frame
    path: tuple[str | int, ...]
    record: Node
    rtype: RecordType
    seen: set[int] = dataclasses.field(default_factory=set)  # fields found in earlier batches of the list


class Splicer:
    """The byte stream ijson reads; takes typed record lists out of it (module docstring)."""

    def __init__(self, reader: CheckedReader, lists: FastLists) -> None:
        self._reader = reader
        self._lists = lists
        self._buf = b""
        self._pos = 0
        self._base = 0  # offset of ``_buf[0]`` in the document (the record index's offsets)
        self._eof = False
        self._deferred: EncodingProblem | None = None
        self._at_list = False
        self.pending: FastList | None = None

    # -- what ijson sees ------------------------------------------------------------------
    def read(self, size: int = -1) -> bytes:
        """The next piece of the skeleton, ending just after a ``:[`` when there is one.

        A piece never ends between a ``:`` and the ``[`` after it, so when the pipeline has
        just entered a list under a key and this piece ended at a ``:[``, that ``[`` is the
        list's own (the first ``:[`` of the piece is the one it ends at)."""
        if size == 0:  # ijson probes with read(0) for bytes vs str
            return b""
        pending, self.pending = self.pending, None
        if pending is not None and self._at_list and self._lists.still_entered(pending):
            self._fast_list(pending)
        self._at_list = False
        while True:
            if self._pos >= len(self._buf) and not self._more():
                return b""
            buf, pos = self._buf, self._pos
            end = len(buf) if size is None or size < 0 else min(len(buf), pos + size)
            found = _LIST_START.search(buf, pos, end)
            if found is not None:
                end = found.end()
                self._at_list = True
                break
            colon = buf.rfind(b":", pos, end)
            if colon < 0 or _SPACE.match(buf, colon + 1).end() < end:  # type: ignore[union-attr]
                break
            found = _LIST_START.search(buf, pos)
            if found is not None and found.start() == colon:
                end = found.end()
                self._at_list = True
                break
            if colon > pos:
                end = colon
                break
            if len(buf) - pos > 4096 or not self._more():  # a colon then much space: no list
                break
        data = self._buf[self._pos : end]
        self._pos = end
        return data

    # -- buffer ---------------------------------------------------------------------------
    def _more(self) -> bool:
        """Append the next chunk; a read error found ahead of ijson is raised only when
        ijson reaches it, so everything before it is processed as the slow path would."""
        if self._deferred is not None:
            problem, self._deferred = self._deferred, None
            raise problem
        if self._eof:
            return False
        data = self._reader.read(READ_SIZE)
        if not data:
            self._eof = True
            return False
        rest = len(self._buf) - self._pos
        self._base = self._reader.consumed - len(data) - rest  # a dropped byte-order mark counts
        self._buf = self._buf[self._pos :] + data
        self._pos = 0
        return True

    def _fill(self, start: int, want: int) -> int:
        """Make ``want`` bytes from ``start`` available if the file has them; returns the
        (possibly moved) start."""
        while len(self._buf) - start < want and not self._eof and self._deferred is None:
            self._pos = start
            try:
                if not self._more():
                    break
            except EncodingProblem as problem:
                self._deferred = problem
                break
            start = self._pos
        self._pos = start
        return start

    # -- the list ---------------------------------------------------------------------------
    def _fast_list(self, fast: FastList) -> None:
        done = 0
        start = self._pos
        window = WINDOW
        while True:
            start = self._fill(start, window + 1)
            buf = self._buf
            start = _SPACE.match(buf, start).end()  # type: ignore[union-attr]
            if start >= len(buf):
                break  # the file ends (or cannot be read) inside the list: ijson says how
            head = buf[start]
            if head == 0x5D:  # "]": the list ends; ijson sees it close
                self._pos = start
                return
            if head != 0x7B:  # "{": not a record; ijson walks the rest
                break
            try:
                cut = self._cut(buf, start, min(len(buf), start + window))
            except _Reject:
                break
            if cut is None:
                if window >= MAX_WINDOW or (
                    (self._eof or self._deferred is not None) and (len(buf) - start <= window)
                ):
                    break
                window *= 2
                continue
            structs, piece, following, ends = cut
            close = start + len(piece)
            indexing = self._lists.index is not None  # never for tables, whose frames are lists
            summary = fast.frame.summary if indexing else None
            before = summary.records if summary is not None else 0
            if not self._lists.batch(fast, structs, piece, done):
                break
            if indexing:
                self._lists.indexed(fast, before, len(structs), self._base + start, self._base + close)
            done += len(structs)
            window = WINDOW
            if ends:
                self._pos = following
                return
            start = following
        self._pos = start
        self._lists.hand_back(done)

    def _cut(self, buf: bytes, start: int, limit: int) -> tuple[list[Any], bytes, int, bool] | None:
        """The longest batch of records from ``start`` that decodes typed within ``limit``:
        (records, their bytes, start of what follows, whether the list ends there).

        Apparent boundaries are tried from the end of the window backwards, then from its
        start forwards (a record larger than the window, or strings holding ``},{``)."""
        decode = self._lists.current.rtype.decoder.decode
        attempts = 0
        while attempts < 4 * _TRIES:
            retry = False
            for close in self._candidates(buf, start, limit):
                after = _AFTER_CLOSE.match(buf, close + 1)
                if after is None:
                    continue
                attempts += 1
                piece = buf[start : close + 1]
                try:
                    structs = decode(b"".join((b"[", piece, b"]")))  # one copy, not two
                except msgspec.ValidationError:
                    raise _Reject from None
                except msgspec.DecodeError as problem:
                    message = str(problem)
                    trailing = _TRAILING.search(message)
                    if trailing is not None and start + int(trailing.group(1)) - 1 < limit:
                        # The cut was past the list's end: the list closed before that byte.
                        limit = start + int(trailing.group(1)) - 1
                        retry = True
                        break
                    # msgspec refuses lone surrogate escapes (ijson's backends each read
                    # them their own way): like a syntax error before the cut, ijson takes over.
                    if "truncated" not in message or _SURROGATE.search(piece) is not None:
                        raise _Reject from None
                    continue  # the cut fell inside a string or a nested list
                ends = after.group(2) is not None
                return structs, piece, after.start(2 if ends else 1), ends
            if not retry:
                return None
        return None

    @staticmethod
    def _candidates(buf: bytes, start: int, limit: int) -> Iterator[int]:
        """Positions of ``}`` followed by ``,{`` or ``]``: the last few, then the first few.
        Found lazily: the first one nearly always decodes."""
        earliest = -1
        found = 0
        end = limit
        while found < _TRIES:
            close = buf.rfind(b"}", start, end)
            if close < 0:
                break
            end = close
            if _AFTER_CLOSE.match(buf, close + 1) is not None:
                found += 1
                earliest = close
                yield close
        begin = start
        forward = 0
        while forward < _TRIES:
            close = buf.find(b"}", begin, limit)
            if close < 0 or (found and close >= earliest):
                break
            begin = close + 1
            if _AFTER_CLOSE.match(buf, close + 1) is not None:
                forward += 1
                yield close


def _assemble(layout: Sequence[tuple[bytes, Sequence[Any]]], count: int, separator: bytes) -> str | None:
    """The writer's text for ``count`` records of string values: ``{"K1": "v", "K2": "w"}``
    per record, keys in ``layout``'s order, joined by ``separator``, by slice assignments and
    one join (all in C). The values must need no escape (the callers prove it); None when a
    value is not a string."""
    width = 2 * len(layout)
    parts: list[Any] = [None] * (width * count)
    first = b"{" + layout[0][0] + b': "'
    parts[0::width] = [(b'"}' + separator + first).decode("utf-8")] * count
    parts[0] = first.decode("utf-8")
    for index, (token, column) in enumerate(layout):
        if index:
            parts[2 * index :: width] = [(b'", ' + token + b': "').decode("utf-8")] * count
        parts[2 * index + 1 :: width] = column
    try:
        return "".join(parts) + '"}'
    except TypeError:
        return None  # a value that is not a string (null, a number)


_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f]')
"""What the writer would not copy into a string as it stands."""


def decode_piece(piece: bytes) -> list[Any] | None:
    """The records of a batch's bytes (records and the separators between them), untyped, as
    the pipeline gets them; None when they do not decode. The records view's indexed read
    (:mod:`~tiktok_export.records`) decodes the batches it reads again with this."""
    if msgspec is None:  # pragma: no cover - no fast path, hence no batches, without msgspec
        return None
    try:
        values = msgspec.json.decode(b"".join((b"[", piece, b"]")))  # one copy, as in ``_cut``
    except (msgspec.DecodeError, RecursionError):
        return None
    return values if type(values) is list else None


def _count_days(days: Counter[str], dates: list[str]) -> None:
    """Records per day for the timeline, from a batch in date order (either way): a bisection
    per distinct day (a batch spans a few) instead of a slice and a count per record.

    >>> days = Counter()
    >>> _count_days(days, ["2026-01-03 10:00:00", "2026-01-02 09:00:00", "2026-01-02 08:00:00"])
    >>> sorted(days.items())
    [('2026-01-02', 2), ('2026-01-03', 1)]
    """
    if dates[0] > dates[-1]:
        dates = dates[::-1]
    start, count = 0, len(dates)
    while start < count:
        day = dates[start][:10]
        end = bisect_right(dates, day + "\uffff", start)
        days[day] += end - start
        start = end


class _Reject(Exception):
    """The batch holds something only the slow path may judge: hand the rest back."""


class FastLists:
    """The pipeline's side of the fast path: which lists qualify, and what a batch does."""

    def __init__(self, run: _Run, reader: CheckedReader, walker_frames: list[list[Any]]) -> None:
        self.run = run
        self.splicer = Splicer(reader, self)
        self.walker_frames = walker_frames
        self.current: FastList = None  # type: ignore[assignment]
        self._changed: dict[tuple[int, str | None], frozenset[str]] = {}
        self._absent: list[int] = []  # per field of the current batch: records without it
        self._lengths: dict[int, int] = {}  # per text field of the current batch: its strings' total length
        self._lines: dict[int, str] = {}  # per text-only field of the batch: its values joined by newlines
        self._widths: dict[int, int] = {}  # per field of the current batch whose strings all
        # share one shape (:func:`_same_shape`): their common length
        self.bulk = 0  # records taken in bulk (tests and the benchmark read it)
        self.index: RecordIndex | None = run.index

    # -- hooks called by the pipeline and the splicer -----------------------------------------
    def entered(self, frame: _Frame, path: tuple[str | int, ...], node: Node) -> None:
        """The pipeline entered a list: mark it if its records can be typed."""
        record = node.items
        if record is None or record.kind is not Kind.RECORD:
            return
        rtype = record_type(record)
        frames = self.run.frames
        if rtype is None or len(frames) < 2 or not frames[-2].is_map or len(frames) + rtype.depth > MAX_DEPTH:
            return
        self.splicer.pending = FastList(frame, path, record, rtype)

    def still_entered(self, fast: FastList) -> bool:
        """Nothing happened since the list was entered (the read stopped right after ``[``)."""
        if self.run.frames[-1] is not fast.frame or fast.frame.children:
            return False
        self.current = fast
        return True

    def indexed(self, fast: FastList, first: int, count: int, start: int, end: int) -> None:
        """Note a batch in the record index: ``count`` records from the section's ``first``,
        at bytes ``[start, end)`` of the document (offsets and counts only, no value)."""
        frame = fast.frame
        if self.index is None or frame.section is None or frame.summary is None:
            return
        place = self.index.place_of(fast.record, frame.pattern + "[*]")
        self.index.add(frame.section.id, place, first, count, start, end)

    def hand_back(self, done: int) -> None:
        """ijson walks the rest of the list; its index continues after the ``done`` records."""
        if done:
            self.walker_frames[-1][4] = done

    # -- a batch --------------------------------------------------------------------------
    def batch(self, fast: FastList, structs: list[Any], piece: bytes, first: int) -> bool:
        """Apply one batch of typed records; False hands it (and the rest) back to ijson.

        Checks and summary go in bulk unless a record would be reported (then every record of
        the batch takes the slow path, in order). Records the policy keeps unchanged are written
        as one piece; records it changes go through the redactor one by one, as they would."""
        run = self.run
        frame = fast.frame
        rtype = fast.rtype
        record = fast.record
        summary = frame.summary
        count = len(structs)
        columns = self._columns(fast, structs, piece)
        if rtype.lines and not self._patterns_hold(rtype, columns, self._absent):
            return False  # as a typed decode with the pattern would have refused the batch
        writer, redactor = run.writer, run.redactor
        writing = frame.writing and writer is not None and redactor is not None
        quiet = summary is not None
        dates: list[str] = []
        order: tuple[str | None, bool, bool] | None = None
        if quiet and record.date_fields:
            found = self._dates(
                rtype, record, columns, self._absent, count, run.model.placeholder_dates, self._widths
            )
            order = self._order(frame, found) if found is not None else None
            quiet = order is not None
            dates = found or []
        if quiet and self._each(fast, columns, count, piece):
            quiet = False
        unchanged = not writing or self._unchanged(fast, columns, count)
        values: list[Any] | None = None
        separator = writer.item_separator() if writing and writer is not None else ""
        changing = quiet and writing and not unchanged and rtype.flat
        redacted = self._redacted_text(fast, columns, piece, count, separator) if changing else None
        if (
            not quiet
            or not rtype.flat
            or (writing and not unchanged and redacted is None)
            or (
                writing and unchanged and not self._copyable(rtype, columns, piece, count, separator.encode())
            )
        ):
            values = decode_piece(piece)
            if values is None:
                return False
        if not quiet:
            assert values is not None
            record_at = (*fast.path,)
            for offset, value in enumerate(values):
                run.value(Value((*record_at, first + offset), record, value))
            return True
        assert summary is not None
        frame.children += count
        self.bulk += count
        run.records += count
        summary.records += count
        summary.bytes += self._size(rtype, columns, values, count)
        self._categories(rtype, columns, summary.categories)
        if record.date_fields:
            summary.undated += count - len(dates)  # records of a dated kind without a date
        if dates and order is not None:
            summary.add_date(dates[0])  # in order (``_order``): its extremes are its ends
            summary.add_date(dates[-1])
            _count_days(summary.days, dates)
            frame.last_date, frame.rising, frame.falling = order
        if writing:
            self._write(fast, separator, piece, values, unchanged, redacted)
        return True

    def _columns(self, fast: FastList, structs: list[Any], piece: bytes) -> list[Column]:
        """Each field's values across the batch, and how many records lack each field.

        A field whose key is nowhere in the batch's bytes is absent from every record (keys
        spelled with escapes would hide: with any backslash every column is read). Looking for
        each key costs a pass over the bytes per field, so the fields an earlier batch of the
        list had are read first, and :meth:`_only_these` proves the others absent in one pass."""
        rtype = fast.rtype
        count = len(structs)
        columns: list[Column] = [None] * len(rtype.fields)
        absent = [count] * len(rtype.fields)
        unset = msgspec.UNSET
        everything = b"\\" in piece
        seen = fast.seen
        self._widths = {}
        self._lengths = {}
        lines = self._lines = {}
        fields = rtype.fields
        for index in seen:
            column = columns[index] = fields[index].column(structs)
            if fields[index].text_only:
                # A text field held by every record joins (the join the pattern check and the
                # size need anyway); an absent one (UNSET) makes the join fail. In WebAssembly the
                # join is far cheaper than ``count``, which compares every value with UNSET.
                try:
                    lines[index] = "\n".join(column)
                    absent[index] = 0
                    continue
                except TypeError:
                    pass
            absent[index] = column.count(unset)
        if everything or not seen or not self._only_these(rtype, columns, absent, count, piece):
            for index, each in enumerate(fields):
                if columns[index] is None and (everything or each.token in piece):
                    column = columns[index] = each.column(structs)
                    absent[index] = column.count(unset)
                    seen.add(index)
        self._absent = absent
        return columns

    def _only_these(
        self, rtype: RecordType, columns: list[Column], absent: list[int], count: int, piece: bytes
    ) -> bool:
        """Whether the records hold no key but those of the columns read, by counting colons:
        outside strings a colon only ever follows a key, so without escapes the piece holds
        exactly (keys) + (colons inside strings) of them. Any other key (or a key twice) adds
        a colon that no read value accounts for. Only for flat records: nested values hold
        keys of their own. The text columns' joined lengths are kept for :meth:`_size`."""
        if not rtype.flat:
            return False
        expected = 0
        lengths = self._lengths
        lines = self._lines
        for index, (each, column, missing) in enumerate(zip(rtype.fields, columns, absent, strict=True)):
            if column is None:
                continue
            expected += count - missing
            if each.text_only and not missing:  # joined as :meth:`_patterns_hold` joins them
                text = lines[index] if index in lines else "\n".join(column)
                lines[index] = text
                lengths[index] = len(text) - count + 1
            elif each.text_or_null:  # UNSET, None and "" are falsy
                text = "".join(filter(None, column))
                lengths[index] = len(text)
            else:
                text = "".join([value for value in column if type(value) is str])
            expected += text.count(":")
        return piece.count(b":") == expected

    def _each(self, fast: FastList, columns: list[Column], count: int, piece: bytes) -> bool:
        """A record the participant removes, or the records view shows, goes one by one."""
        run = self.run
        if run.record_choices is None and run.tap is None:
            return False
        if run.redactor is None:
            return run.needs_each(fast.frame, fast.record, count, piece, lambda: True)
        changing = lambda: not self._unchanged(fast, columns, count)  # noqa: E731 - asked lazily
        return run.needs_each(fast.frame, fast.record, count, piece, changing)

    def _patterns_hold(self, rtype: RecordType, columns: list[Column], absent: list[int]) -> bool:
        """The patterns left out of the types, checked a column at a time: one fullmatch of
        the values joined by newlines (a value holding a newline is checked on its own), or
        quicker still for a digit-uniform pattern, one comparison of the column's shape."""
        for index, lines, search, uniform in rtype.lines:
            column = columns[index]
            if column is None:
                continue
            values = column if rtype.fields[index].text_only and not absent[index] else None
            if values is None:
                values = [value for value in column if type(value) is str]
            if not values:
                continue
            joined = self._lines.get(index) if values is column else None
            if joined is None:
                joined = "\n".join(values)
            quick = joined.count("\n") == len(values) - 1
            if quick and uniform and _same_shape(joined, values[0], len(values), lines):
                self._widths[index] = len(values[0])
            else:
                quick = quick and lines.fullmatch(joined) is not None
            if not quick and not all(map(search, values)):
                return False
        return True

    def _unchanged(self, fast: FastList, columns: list[Column], count: int) -> bool:
        """Whether the policy and choices leave every record of the batch as it is."""
        redactor = self.run.redactor
        assert redactor is not None
        if redactor.choices.drop_dates and fast.record.date_fields:
            return False
        changed = self._changing_fields(fast.record, fast.frame)
        return not any(
            missing != count
            for missing, field in zip(self._absent, fast.rtype.fields, strict=True)
            if field.key in changed
        )

    def _write(
        self,
        fast: FastList,
        separator: str,
        piece: bytes,
        values: list[Any] | None,
        unchanged: bool,
        redacted: str | None,
    ) -> None:
        """Unchanged records as one piece; changed ones as :meth:`_redacted_text` spelled them,
        else through the redactor, a column at a time when it can
        (:meth:`~tiktok_export.redaction.Redactor.records`), else one by one."""
        writer, redactor = self.run.writer, self.run.redactor
        assert writer is not None
        assert redactor is not None
        if redacted is not None:
            writer.items(redacted)
            return
        if unchanged:
            if values is None:  # proven to be the writer's text already: copied as bytes
                writer.raw_items(piece)
            else:
                writer.items(self._text(separator, values))
            return
        assert values is not None
        record, section, pattern = fast.record, fast.frame.section, fast.frame.pattern + "[*]"
        kept = redactor.records(record, section, values, pattern)
        if kept is None:
            redact = redactor.record
            kept = [
                new for value in values if (new := redact(record, section, "", value, pattern)) is not DROPPED
            ]
        if kept:
            writer.items(self._text(separator, kept))

    @staticmethod
    def _dates(
        rtype: RecordType,
        record: Node,
        columns: list[Column],
        absent: list[int],
        count: int,
        placeholders: frozenset[str],
        widths: dict[int, int],
    ) -> list[str] | None:
        """Each record's summary date, as the slow path picks it (the first date field holding
        a date); None when that needs a look at each record: then the slow path does it."""
        present = [(index, exact) for index, exact in rtype.dates if absent[index] != count]
        if not present:
            return []
        if len(present) > 1 or record.date_pattern is None:
            return None
        index, exact = present[0]
        column = columns[index]
        assert column is not None  # only present columns are in ``present``
        dates = column if rtype.fields[index].text_only and not absent[index] else None
        if dates is None:
            dates = [date for date in column if type(date) is str]
        if not exact:
            match = record.date_pattern.match
            dates = [date for date in dates if match(date)]
        if not dates:
            return dates
        # A batch in order (else ``_order`` hands it to the slow path) lies between its ends: a
        # stand-in outside them cannot be in it, and the set need not hash every date.
        low, high = sorted((dates[0][:19], dates[-1][:19]))
        inside = any(low <= stand_in[:19] <= high for stand_in in placeholders)
        if inside and not placeholders.isdisjoint(dates):
            return None  # TikTok's "no date" stand-in: counted as undated, record by record
        longest = widths[index] if index in widths else max(map(len, dates))
        if longest > 19:
            dates = [date[:19] for date in dates]  # as the slow path: without a " UTC" suffix
        return dates

    def _order(  # noqa: PLR0911 - one per way the slow path would differ
        self, frame: _Frame, dates: list[str]
    ) -> tuple[str | None, bool, bool] | None:
        """The list's order state after these dates, or None when a record would be reported
        (out of order, in the future, before TikTok): then the slow path reports it.

        A batch in neither order is the slow path's anyway; one in order has its extremes at
        its ends (no ``min``/``max`` pass over the dates)."""
        if not dates:
            return frame.last_date, frame.rising, frame.falling
        last = frame.last_date
        origin = dates[0] if last is None else last
        first, final = dates[0], dates[-1]
        # Only a batch whose first date is not after its last can be in rising order, and only
        # one whose first date is after its last in falling order: one sort, not two.
        if first <= final:
            if sorted(dates) != dates:
                return None
            if first < EARLIEST_DATE or final > self.run.checker.now:
                return None
            if first < origin or (final > origin and frame.falling):
                return None
            return final, frame.rising or final > origin, frame.falling
        if sorted(dates, reverse=True) != dates:
            return None
        if final < EARLIEST_DATE or first > self.run.checker.now:
            return None
        if first > origin or (final < origin and frame.rising):
            return None
        return final, frame.rising, frame.falling or final < origin

    def _changing_fields(self, record: Node, frame: _Frame) -> frozenset[str]:
        """Keys of this record type the policy would change (cached per section)."""
        section_id = frame.section.id if frame.section is not None else None
        key = (id(record), section_id)
        found = self._changed.get(key)
        if found is None:
            assert self.run.redactor is not None
            plan = self.run.redactor._plan(record, section_id, "")
            found = frozenset(
                name
                for name, (decision, _, _, nested) in plan.fields.items()
                if decision.action != "keep" or nested is not None
            )
            self._changed[key] = found
        return found

    def _copyable(
        self, rtype: RecordType, columns: list[Column], piece: bytes, count: int, separator: bytes
    ) -> bool:
        """Whether the piece is byte for byte what the writer would write for these records.

        Strings are copied verbatim only without any backslash (so no escape the two encoders
        could spell differently, and no lone surrogate) and without control characters; the
        text between strings must have exactly the writer's spacing and record separator; a
        duplicate key makes the raw key count exceed the decoded one.

        Without escapes, the bytes between quotes are the decoded keys and strings themselves,
        so what lies between strings is counted as the piece's count minus the strings' count
        (no per-string slicing of the piece). A string the decode dropped (a duplicate key's
        first value) is counted as between strings, and so only ever fails the checks."""
        if not rtype.copyable or b"\\" in piece:
            return False
        if self._rebuilt(rtype, columns, piece, count, separator) is not None:
            return True  # a raw control byte would be in a string, which the strict decode refuses
        if len(piece.translate(None, _CONTROL)) != len(piece):
            return False
        if piece.count(b"\n") != count - 1 or piece.count(separator) != count - 1:
            return False  # a string holds no raw newline: every newline is in a separator
        texts: list[str] = []
        keys = 0
        for field, column, missing in zip(rtype.fields, columns, self._absent, strict=True):
            present = count - missing
            if column is None or not present:
                continue
            keys += present
            texts.append((field.key + "\x00") * present)
            if field.text_or_null:  # UNSET, None and "" are falsy; "" holds nothing to count
                texts.extend(filter(None, column))
            else:
                texts.extend(value for value in column if type(value) is str)
        inside = "\x00".join(texts)
        seams = count - 1
        colons = piece.count(b":") - inside.count(":")
        commas = piece.count(b",") - inside.count(",") - seams
        spaces = piece.count(b" ") - inside.count(" ") - seams * (len(separator) - 2)
        return (
            colons == keys
            and spaces == colons + commas
            and piece.count(b": ") - inside.count(": ") == colons
            and piece.count(b", ") - inside.count(", ") == commas
            and (rtype.texts or piece.count(b"-0") == inside.count("-0"))
        )

    def _rebuilt(
        self, rtype: RecordType, columns: list[Column], piece: bytes, count: int, separator: bytes
    ) -> list[tuple[bytes, list[Any]]] | None:
        """Whether the piece equals the writer's text rebuilt from the columns, when every record
        holds the same text fields in the same order (most lists): ``{"Date": "…", "Link": "…"}``
        joined by the separator, assembled by slice assignments and one join (all in C), then
        compared with the piece. An equal piece is the writer's text by construction, so this
        proves what :meth:`_copyable`'s counting proves, at a fraction of its cost (without
        escapes and control characters, the writer spells a string exactly as it stands).
        Returns the layout it rebuilt from (:meth:`_layout`), which :meth:`_redacted_text`
        spells the changed batch with; None only means "not proven this way"."""
        layout = self._layout(rtype, columns, piece, count)
        if layout is None:
            return None
        text = _assemble(layout, count, separator)
        return layout if text is not None and text.encode("utf-8") == piece else None

    def _layout(
        self, rtype: RecordType, columns: list[Column], piece: bytes, count: int
    ) -> list[tuple[bytes, list[Any]]] | None:
        """The key tokens and columns of the fields every record holds, in the first record's
        key order; None when some record lacks a field another one has (then the records'
        texts differ in shape, and no single layout spells them)."""
        present: list[tuple[int, bytes, list[Any]]] = []
        for field, column, missing in zip(rtype.fields, columns, self._absent, strict=True):
            if column is None or missing == count:
                continue
            if missing:
                return None  # a key some records lack
            at = piece.find(field.token + b":")  # keys hold no quote: found only as keys
            if at < 0:
                return None
            present.append((at, field.token, column))
        if not present:
            return None
        present.sort(key=lambda item: item[0])  # the keys in the order the first record has them
        return [(token, column) for _, token, column in present]

    def _redacted_text(
        self, fast: FastList, columns: list[Column], piece: bytes, count: int, separator: str
    ) -> str | None:
        """The writer's text for the batch after the redactor changed it, built from the typed
        columns without decoding the piece again or building a dict per record; None (nothing
        tallied) when this way cannot prove it.

        Only a piece that equals its own columns' text (:meth:`_rebuilt`: the records are exactly
        ``{key: value, …}`` in one key order, every value a string without escapes) qualifies:
        the redactor then sees the very records :meth:`_write` would give it, transforms them
        a column at a time (:meth:`~tiktok_export.redaction.Redactor.columns`, the same code and
        tallies as for decoded records), and the result is spelled the same way, provided no
        new value needs an escape."""
        rtype = fast.rtype
        redactor = self.run.redactor
        if not rtype.copyable or b"\\" in piece or redactor is None:
            return None
        encoded = separator.encode("utf-8")
        layout = self._rebuilt(rtype, columns, piece, count, encoded)
        if layout is None:
            return None
        keys = [token[1:-1].decode("utf-8") for token, _ in layout]
        pattern = fast.frame.pattern + "[*]"
        done = redactor.columns(fast.record, fast.frame.section, keys, [c for _, c in layout], pattern)
        return None if done is None else self._spelled(redactor, done, keys, layout, count, encoded)

    @staticmethod
    def _spelled(
        redactor: Redactor,
        done: Columns,
        keys: list[str],
        layout: list[tuple[bytes, list[Any]]],
        count: int,
        encoded: bytes,
    ) -> str | None:
        """The text of a transformed batch, tallied once spelled; None (and nothing tallied) when
        a new value is not a string or needs an escape."""
        if not done.keys:
            redactor.tally(done)
            return encoded.decode("utf-8").join(["{}"] * count)
        tokens = dict(zip(keys, layout, strict=True))
        redacted: list[tuple[bytes, Sequence[Any]]] = []
        for key, column in zip(done.keys, done.columns, strict=True):
            token, old = tokens[key]
            if column is not old:
                try:
                    joined = "".join(column)
                except TypeError:
                    return None  # a value that is not a string: the writer spells it otherwise
                if _NEEDS_ESCAPE.search(joined):
                    return None
            redacted.append((token, column))
        text = _assemble(redacted, count, encoded)
        if text is not None:
            redactor.tally(done)  # only now: a batch handed back is tallied by the slow path
        return text

    @staticmethod
    def _text(separator: str, values: list[Any]) -> str:
        """The writer's text for decoded records: encoded as one list and split at the records'
        seams."""
        joined = dumps_compact(values)[1:-1]
        if joined.count("}, {") == len(values) - 1:  # no seam-like text inside a record
            return joined.replace("}, {", "}" + separator + "{")
        return separator.join(map(dumps_compact, values))

    def _size(self, rtype: RecordType, columns: list[Column], values: list[Any] | None, count: int) -> int:
        """The summary's byte estimate of the batch, exactly as the slow path sums it."""
        if not rtype.flat:  # nested fields: the slow path's own estimate, record by record
            return sum(map(self.run.approx_size, values or ()))
        size = 2 * count
        for index, (field, column) in enumerate(zip(rtype.fields, columns, strict=True)):
            if column is None:
                continue
            present = count - self._absent[index]
            if not present:
                continue
            size += (len(field.key) + 6) * present
            known = self._lengths.get(index)  # a text column's length, from :meth:`_only_these`
            if field.text_only and not self._absent[index]:
                width = self._widths.get(index)  # a column of one shape: its length is known
                if known is None:  # one join: in Pyodide ~20x faster than sum(map(len, ...))
                    known = count * width if width is not None else len("".join(column))
                size += known
            elif field.text_or_null:  # absent and null are falsy, and so is "" (length 0)
                if known is None:
                    known = len("".join(filter(None, column)))
                size += known + 6 * column.count(None)
            else:
                unset = msgspec.UNSET
                size += sum(len(v) if type(v) is str else 6 for v in column if v is not unset)
        return size

    @staticmethod
    def _categories(rtype: RecordType, columns: list[Column], categories: set[str]) -> None:
        unset = msgspec.UNSET
        for field, column in zip(rtype.fields, columns, strict=True):
            if column is None or field.category in categories:
                continue
            if field.text_or_null:
                if next(filter(None, column), None) is not None:
                    categories.add(field.category)
            elif any(v is not unset and v is not None and v != "" for v in column):
                categories.add(field.category)
