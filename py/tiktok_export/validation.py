"""Check each record against the schema, and its dates against common sense.

jsonschema is the authority, but its messages quote the value (``'x' is not of type``),
so this module turns each error into a finding built from the keyword, the schema and a
value-free path. Because most records are fine and jsonschema is slow per record in the
browser, a quick check derived from the same schema nodes goes first: it only ever says
"certainly valid" for records that use no keyword beyond ``type``, ``pattern``,
``properties`` and ``items``; anything else goes to jsonschema.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from .drift import DriftReport
from .findings import Finding, FindingCollector
from .paths import Path, Placeholder, format_path, format_pattern
from .schema_model import ExportModel, Kind, Node

if TYPE_CHECKING:
    from jsonschema.protocols import Validator

EARLIEST_DATE = "2014-01-01 00:00:00"
"""musical.ly, whose accounts became TikTok's, started in 2014: nothing in an export is older."""

_FAST_KEYWORDS = frozenset(
    {"type", "pattern", "properties", "items", "title", "description", "additionalProperties"}
)
FAST_KEYWORDS = _FAST_KEYWORDS
"""Keywords a typed decoder may check on its own (also the fast path's, see fastpath.py)."""
_PY_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
    "array": (list,),
    "object": (dict,),
}
_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "empty (null)",
    "array": "a list",
    "object": "an object",
}
Check = Callable[[Any], bool]
_CHECKS: dict[int, Check] = {}


def _never(_: Any) -> bool:
    return False


def _compile(node: Node) -> Check:
    """A predicate for ``node`` using exact JSON types (a JSON bool is never an integer here)."""
    own = {key for key in node.schema if not key.startswith("x-") and key != "$ref"}
    if not own <= _FAST_KEYWORDS or node.schema.get("additionalProperties") is False:
        return _never
    exact = frozenset(t for name in node.types for t in _PY_TYPES.get(name, ()))
    raw_pattern = node.schema.get("pattern")
    search = re.compile(raw_pattern).search if isinstance(raw_pattern, str) else None
    if not node.props and node.additional is None and node.items is None:
        if search is None:
            return lambda value: type(value) in exact

        def leaf(value: Any) -> bool:
            kind = type(value)
            return kind in exact and (kind is not str or search(value) is not None)

        return leaf
    fields = {key: quick_check(sub) for key, sub in node.props.items()}
    other = quick_check(node.additional) if node.additional is not None else None
    items = quick_check(node.items) if node.items is not None else None

    def container(value: Any) -> bool:
        kind = type(value)
        if kind not in exact:
            return False
        if kind is dict:
            for key, item in value.items():
                check = fields.get(key, other)
                if check is not None and not check(item):
                    return False
            return True
        if kind is list and items is not None:
            return all(items(item) for item in value)
        return kind is not str or search is None or search(value) is not None

    return container


def quick_check(node: Node) -> Check:
    """The compiled quick check of a node (compiled once per process)."""
    found = _CHECKS.get(id(node))
    if found is None:
        found = _compile(node)
        _CHECKS[id(node)] = found
    return found


def quick_valid(node: Node, value: Any) -> bool:
    """True only when ``value`` certainly satisfies ``node``'s schema."""
    return quick_check(node)(value)


def safe_subpath(node: Node | None, parts: Iterable[str | int]) -> Path:
    """A raw path (from ``node`` down) with every key the schema does not define replaced.

    Used for jsonschema error paths inside a record and for the whole-document path of
    ``too-deep``."""
    path: list[str | int | Placeholder] = []
    for part in parts:
        if isinstance(part, int):
            path.append(part)
            node = node.items if node is not None else None
            continue
        child = node.props.get(part) if node is not None else None
        path.append(part if child is not None else Placeholder("key"))
        node = child if child is not None else (node.additional if node is not None else None)
    return tuple(path)


def _expectation(keyword: str, expected: Any, field: str) -> str:
    if keyword == "type":
        names = [expected] if isinstance(expected, str) else list(expected)
        words = " or ".join(_TYPE_WORDS.get(name, name) for name in names)
        return f"{field} should be {words}"
    if keyword == "pattern":
        return f"{field} is not in the expected form"
    return f"{field} breaks the rule \u201c{keyword}\u201d of the export schema"


class RecordChecker:
    """Validates complete values (records, fields) and collects value-free findings."""

    def __init__(
        self,
        model: ExportModel,
        file: str,
        collector: FindingCollector,
        now: str,
        drift: DriftReport | None = None,
    ) -> None:
        self._schema = model.schema
        self._root: Validator | None = None  # made on the first record that needs explaining
        self._drift = drift if drift is not None else DriftReport()
        self._placeholders = model.placeholder_dates
        self._validators: dict[int, Validator] = {}
        self._file = file
        self._collector = collector
        self._now = now

    @property
    def now(self) -> str:
        """The moment dates are checked against (the fast path checks a batch against it)."""
        return self._now

    def _validator(self, node: Node) -> Validator:
        found = self._validators.get(id(node))
        if found is None:
            if self._root is None:
                # Imported here: most files have no invalid record, and jsonschema (with
                # referencing, attrs, rpds) is a good part of the CLI's start-up.
                from jsonschema import Draft202012Validator

                self._root = Draft202012Validator(self._schema)
            found = self._root.evolve(schema=node.schema)
            self._validators[id(node)] = found
        return found

    def check(self, node: Node, path: Path, value: Any) -> None:
        """Report schema errors, unknown fields and implausible dates of one value."""
        if not quick_valid(node, value):
            for error in self._validator(node).iter_errors(value):
                self._report_error(node, path, error)
        if type(value) is dict and node.kind is Kind.RECORD:
            if not node.open:
                for key in value:
                    if key not in node.props:
                        self._drift.add(format_pattern(path), key, "field")
                        self._collector.add(
                            Finding.make(
                                "unknown-field",
                                file=self._file,
                                path=format_path((*path, Placeholder("key"))),
                            ),
                            pattern=format_pattern(path) + "[?]",
                        )
            date_pattern = node.date_pattern
            for key in node.date_fields:
                date = value.get(key)
                if (
                    type(date) is str
                    and date_pattern is not None
                    and date_pattern.match(date)
                    and date not in self._placeholders
                ):
                    self.check_date((*path, key), date[:19])

    def check_date(self, path: Path, date: str) -> None:
        """Dates that are well formed but cannot be right."""
        if date > self._now:
            self._collector.add(
                Finding.make("future-date", file=self._file, path=format_path(path), now=self._now[:10]),
                pattern=format_pattern(path),
            )
        elif date < EARLIEST_DATE:
            self._collector.add(
                Finding.make(
                    "date-out-of-range",
                    file=self._file,
                    path=format_path(path),
                    earliest=EARLIEST_DATE[:4],
                ),
                pattern=format_pattern(path),
            )

    def _report_error(self, node: Node, path: Path, error: Any) -> None:
        where = (*path, *safe_subpath(node, error.absolute_path))
        field = next((part for part in reversed(where) if isinstance(part, str)), "the value")
        if error.validator == "pattern" and error.schema.get("x-format") == "date-time":
            finding = Finding.make("bad-date", file=self._file, path=format_path(where))
        else:
            finding = Finding.make(
                "invalid-value",
                file=self._file,
                path=format_path(where),
                expectation=_expectation(str(error.validator), error.validator_value, field),
            )
        self._collector.add(finding, pattern=format_pattern(where) + ":" + finding.message)
