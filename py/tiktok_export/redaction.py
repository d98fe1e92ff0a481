"""Apply a policy and the participant's choices to sections, keys and records.

The redactor never sees the whole export: the pipeline asks it about each container as
it is entered (keep it, or drop all of it?), about each personal key (a chat named after
a friend), and about each record. Every change is tallied by place and rule, which is
what the receipt reports and what ``verify`` re-checks.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat
from operator import ne
from typing import Any

from .policy import Choices, Decision, Policy
from .schema_model import UNKNOWN_CATEGORY, Kind, Node, Section
from .transforms import Pseudonymiser, coarsen_date, coarsen_ip, scrub


class _Dropped:
    """Marker for a value that must not be written."""

    def __repr__(self) -> str:
        return "DROPPED"


DROPPED: Any = _Dropped()
_REMOVED_NAME = re.compile(r"^\[removed \d+\]$")
_TEXT_OR_NULL = frozenset({str, type(None)})
_NO_COLUMN: Any = object()  # a field a batch cannot transform a column at a time


@dataclass
class Columns:
    """A batch after :meth:`Redactor.columns`: the keys its records keep, in order, one column
    of values per key, and the changes to tally when it is written."""

    keys: list[str]
    columns: list[Sequence[Any]]
    tallies: list[tuple[Change, int]]


PSEUDONYM_MEMO = 1 << 16
"""Pseudonyms remembered per redactor (usernames repeat across records; bounded so a file
of only distinct names cannot grow memory: the memo starts over when full)."""


@dataclass(frozen=True)
class Change:
    """One kind of change at one place, for the receipt."""

    path: str
    section: str | None
    action: str
    rule: str


@dataclass(frozen=True)
class _Plan:
    """What to do with each field of one record type in one section."""

    fields: dict[str, tuple[Decision, Node, str, Node | None]]
    other: Decision  # for keys the schema does not describe
    untouched: frozenset[str] | None  # keys kept as they are (None: unknown keys kept too)


class Redactor:
    """Decides and applies redactions; counts what it changed."""

    def __init__(self, policy: Policy, choices: Choices, key: bytes) -> None:
        self.policy = policy
        self.choices = choices
        self.changes: Counter[Change] = Counter()
        self._renamed_keys = 0
        self._plans: dict[tuple[int, str | None, str], _Plan] = {}
        self._pseudonyms: dict[str, str] = {}
        self._pseudonymise = Pseudonymiser(key)

    # -- whole containers --------------------------------------------------------------
    def container_decision(
        self, node: Node | None, section: Section | None, entering_section: bool
    ) -> Decision | None:
        """Whether a container must be dropped whole, and by which rule."""
        if entering_section and section is not None:
            if section.id in self.choices.drop_sections:
                return Decision("drop", "choices.drop_sections")
            decision = self.policy.section_action(section.id)
            if decision is not None:
                return decision
            if node is not None and node.kind is Kind.OPAQUE:
                return self._whole(section.id, section.category or UNKNOWN_CATEGORY)
        if node is None:
            return self._whole(section.id if section else None, UNKNOWN_CATEGORY)
        return None

    def _whole(self, section_id: str | None, category: str) -> Decision | None:
        decision = self.policy.field_action(section_id, "*", category)
        if decision.action == "keep":
            return None
        # Transforms need a described field; a whole undescribed part can only go.
        return Decision("drop", decision.rule)

    def drop(self, path: str, section: Section | None, decision: Decision, count: int = 1) -> None:
        """Tally a removal made by the pipeline (a container or value it will not write)."""
        self.changes[Change(path, section.id if section else None, "drop", decision.rule)] += count

    # -- keys ---------------------------------------------------------------------------
    def rename_key(self, parent: Node, section: Section | None, key: str, pattern: str) -> str:
        """The key to write for a personal key (e.g. ``Chat History with <name>:``)."""
        category = parent.personal_keys or UNKNOWN_CATEGORY
        decision = self.policy.field_action(section.id if section else None, "$key", category)
        if decision.action == "keep":
            return key
        match = parent.key_pattern.match(key) if parent.key_pattern else None
        start, end = match.span("name") if match and "name" in match.groupdict() else (0, len(key))
        name = key[start:end]
        if _REMOVED_NAME.match(name):
            return key  # removed by an earlier run: keeps verify's second pass change-free
        if decision.action == "pseudonymise":
            replacement = self._pseudonym(name)
        elif decision.action == "scrub":
            replacement = scrub(name)
        else:
            self._renamed_keys += 1
            replacement = f"[removed {self._renamed_keys}]"
        if replacement != name:
            action = decision.action if decision.action in ("pseudonymise", "scrub") else "drop"
            self.changes[Change(pattern, section.id if section else None, action, decision.rule)] += 1
        return key[:start] + replacement + key[end:]

    # -- records ------------------------------------------------------------------------
    def record(self, node: Node, section: Section | None, name: str, value: Any, pattern: str) -> Any:
        """The redacted form of one complete value at a described place, or ``DROPPED``."""
        section_id = section.id if section else None
        if node.date_fields and self.choices.drops_dated(node.date_fields, value):
            self.changes[Change(pattern, section_id, "drop", "choices.drop_dates")] += 1
            return DROPPED
        if node.kind is Kind.RECORD and type(value) is dict:
            return self._fields(node, section_id, "", value, pattern)
        decision = self.policy.field_action(section_id, name, node.category)
        return self._apply(decision, node, value, section_id, pattern)

    def records(
        self, node: Node, section: Section | None, values: list[Any], pattern: str
    ) -> list[dict[str, Any]] | None:
        """:meth:`record` of each value of a batch, done a field (column) at a time, or None
        when the batch needs the record-by-record path (nothing is tallied then).

        A batch of records that all have the same keys in the same order, only scalar text (or
        null) where something changes, and no record dropped whole, becomes per field one
        transform per distinct value and one ``map``: the same values, the same output key
        order and the same tallies as :meth:`record` on each, without Python work per record
        (which dominated the redaction of long lists such as followers or messages)."""
        plan = self._batch_plan(node, section)
        simple = plan is not None and values and set(map(type, values)) == {dict}
        orders = set(map(tuple, values)) if simple else ()
        if plan is None or len(orders) != 1:
            return None  # records dropped whole by date, or shapes that differ: one by one
        keys = next(iter(orders))
        if plan.untouched is not None and plan.untouched.issuperset(keys):
            return values
        columns = list(zip(*map(dict.values, values), strict=True)) if keys else []
        done = self.columns(node, section, keys, columns, pattern)
        if done is None:
            return None
        self.tally(done)
        kept_keys, kept = done.keys, done.columns
        if not kept_keys:
            return [{} for _ in values]
        return list(map(dict, map(zip, repeat(kept_keys), zip(*kept, strict=True))))

    def columns(
        self,
        node: Node,
        section: Section | None,
        keys: Sequence[str],
        columns: Sequence[Sequence[Any]],
        pattern: str,
    ) -> Columns | None:
        """:meth:`records` of a batch already in columns: every record has exactly ``keys``, in
        that order, and ``columns[i]`` holds each record's value of ``keys[i]``. Returns the
        keys the records keep, in order, their columns and the changes to tally (by
        :meth:`tally`, once the caller uses them); None when the batch needs the
        record-by-record path. The fast path hands its typed columns here, and then writes the
        records without ever building them as dicts."""
        plan = self._batch_plan(node, section)
        if plan is None:
            return None
        section_id = section.id if section else None
        if plan.untouched is not None and plan.untouched.issuperset(keys):
            return Columns(list(keys), list(columns), [])
        kept_keys: list[str] = []
        kept: list[Sequence[Any]] = []
        tallies: list[tuple[Change, int]] = []
        for key, column in zip(keys, columns, strict=True):
            entry = plan.fields.get(key)
            if entry is None:
                return None  # an undescribed key: its own transform, record by record
            decision, sub, suffix, _ = entry
            new_column, changed = self._column(decision, sub, column)
            if new_column is _NO_COLUMN:
                return None
            if changed:
                action = "drop" if new_column is DROPPED else decision.action
                tallies.append((Change(pattern + suffix, section_id, action, decision.rule), changed))
            if new_column is not DROPPED:
                kept_keys.append(key)
                kept.append(new_column)
        return Columns(kept_keys, kept, tallies)

    def _batch_plan(self, node: Node, section: Section | None) -> _Plan | None:
        """The plan for a batch done a column at a time, or None when it must go record by
        record: not a record type, or the participant's dates drop records whole."""
        if node.kind is not Kind.RECORD or (node.date_fields and self.choices.drop_dates):
            return None
        return self._plan(node, section.id if section else None, "")

    def tally(self, done: Columns) -> None:
        """Count the changes of a batch :meth:`columns` transformed, once it is written."""
        for change, count in done.tallies:
            self.changes[change] += count

    def _column(self, decision: Decision, node: Node, column: Sequence[Any]) -> tuple[Any, int]:
        """One field's values across a batch after :meth:`_apply`, and how many changed:
        ``DROPPED`` when the key goes from every record, ``_NO_COLUMN`` when only some records
        would keep it (or a value is not scalar text or null: then record by record)."""
        action = decision.action
        if action == "drop":
            return DROPPED, len(column)
        types = set(map(type, column))
        if action == "keep" and (types.isdisjoint((list, dict))):
            return column, 0  # a nested field holding no container is kept as it is
        if action == "keep" or not types <= _TEXT_OR_NULL or not all(node.allows(kind()) for kind in types):
            return _NO_COLUMN, 0  # only text and null have a transform that keeps the key
        mapping = self._mapping(action, node, set(column))
        if DROPPED in mapping.values():
            if all(new is DROPPED for new in mapping.values()):
                return DROPPED, len(column)  # e.g. a place with no coarser form: gone everywhere
            return _NO_COLUMN, 0  # some records lose the key: their shapes differ
        new_column = list(map(mapping.__getitem__, column))
        return new_column, sum(map(ne, new_column, column))

    def _mapping(self, action: str, node: Node, values: set[Any]) -> dict[Any, Any]:
        """What :meth:`_column_value` makes of each distinct value of a column, with the two
        common transforms' loops written out (per distinct value, not per record)."""
        if action == "pseudonymise":
            memo = self._pseudonyms
            if len(memo) + len(values) > PSEUDONYM_MEMO:
                memo.clear()
            mapping: dict[Any, Any] = {value: memo[value] for value in values if value in memo}
            fresh = [value for value in values if value not in mapping and value is not None]
            if fresh:  # the names not met before, pseudonymised a list at a time
                mapping.update(zip(fresh, self._pseudonymise.many(fresh), strict=True))
            if len(mapping) <= PSEUDONYM_MEMO:
                memo.update(mapping)
        elif action == "scrub":
            mapping = {value: scrub(value) for value in values if value is not None}
        else:
            return {value: self._column_value(action, node, value) for value in values}
        if None in values:
            mapping[None] = None
        return mapping

    def _column_value(self, action: str, node: Node, value: str | None) -> Any:
        """What :meth:`_apply` makes of one text (or null) value under a transform."""
        if value is None:
            return None
        if action == "pseudonymise":
            return self._pseudonym(value)
        if action == "scrub":
            return scrub(value)
        return self._coarsen(node, value)

    def _pseudonym(self, text: str) -> str:
        """:func:`pseudonymise` under this redactor's key, remembered (see PSEUDONYM_MEMO)."""
        memo = self._pseudonyms
        found = memo.get(text)
        if found is None:
            if len(memo) >= PSEUDONYM_MEMO:
                memo.clear()
            found = memo[text] = self._pseudonymise(text)
        return found

    def _plan(self, node: Node, section_id: str | None, prefix: str) -> _Plan:
        """Per record type, the decision for each known field and for unknown ones (cached)."""
        cache_key = (id(node), section_id, prefix)
        plan = self._plans.get(cache_key)
        if plan is not None:
            return plan
        fields: dict[str, tuple[Decision, Node, str, Node | None]] = {}
        for key, sub in node.props.items():
            name = f"{prefix}.{key}" if prefix else key
            decision = self.policy.field_action(section_id, name, sub.category)
            suffix = f".{key}" if key.isidentifier() else f"['{key}']"
            nested_node = sub.items if sub.items is not None and sub.items.props else sub
            nested = (
                nested_node
                if nested_node.props and decision.action != "drop" and not decision.rule.startswith("fields.")
                else None
            )
            fields[key] = (decision, sub, suffix, nested)
        category = node.category if node.open else UNKNOWN_CATEGORY
        other = self.policy.field_action(section_id, "*", category or "none")
        if other.action not in ("keep", "drop"):
            other = Decision("drop" if other.action == "coarsen" else other.action, other.rule)
        untouched = frozenset(
            key
            for key, (decision, _, _, nested) in fields.items()
            if decision.action == "keep" and nested is None
        )
        plan = _Plan(fields, other, untouched if other.action != "keep" else None)
        self._plans[cache_key] = plan
        return plan

    def _fields(
        self, node: Node, section_id: str | None, prefix: str, value: dict[str, Any], pattern: str
    ) -> dict[str, Any]:
        plan = self._plan(node, section_id, prefix)
        if plan.untouched is not None and plan.untouched.issuperset(value):
            return value  # the common case (a watched video): nothing to change, nothing to copy
        result: dict[str, Any] = {}
        for key, item in value.items():
            entry = plan.fields.get(key)
            if entry is None:
                decision, sub, field_pattern = plan.other, None, f"{pattern}[?]"
            else:
                decision, sub, suffix, nested = entry
                field_pattern = pattern + suffix
                if nested is not None and type(item) in (list, dict):
                    name = f"{prefix}.{key}" if prefix else key
                    new = self._nested(decision, sub, nested, section_id, name, item, field_pattern)
                    if new is not DROPPED:
                        result[key] = new
                    continue
            if decision.action == "keep":
                result[key] = item
                continue
            new = self._apply(decision, sub, item, section_id, field_pattern)
            if new is not DROPPED:
                # An undescribed key may itself be personal: it gets the value's transform.
                if sub is None:
                    result[self._apply(decision, None, key, section_id, field_pattern)] = new
                else:
                    result[key] = new
        return result

    def _nested(
        self,
        decision: Decision,
        field: Node,
        node: Node,
        section_id: str | None,
        name: str,
        value: Any,
        pattern: str,
    ) -> Any:
        """A field with described sub-fields (``PlatformInfo``): each sub-field by its own rule.

        Anything that is not the object (or list of objects) the schema describes gets the
        field's own decision instead, which drops a value of the wrong type.
        """
        if field.items is not None:
            if type(value) is not list:
                return self._apply(decision, field, value, section_id, pattern)
            pattern += "[*]"
            items = (self._nested(decision, node, node, section_id, name, item, pattern) for item in value)
            return [item for item in items if item is not DROPPED]
        if type(value) is dict and node.props:
            return self._fields(node, section_id, name, value, pattern)
        return self._apply(decision, field, value, section_id, pattern)

    def _apply(
        self, decision: Decision, node: Node | None, value: Any, section_id: str | None, pattern: str
    ) -> Any:
        action = decision.action
        if action == "keep":
            return value
        if action == "drop" or (node is not None and not node.allows(value)):
            # A personal field holding a type the schema does not allow (an object where a
            # name belongs) may hide the value in its keys or shape: it goes whole.
            new = DROPPED
        elif value is None:
            return None
        elif action == "pseudonymise":
            new = _deep(value, self._pseudonym, numbers=True)
        elif action == "scrub":
            new = _deep(value, scrub, numbers=False)
        else:
            new = self._coarsen(node, value)
        if new is DROPPED or new != value:
            self.changes[
                Change(pattern, section_id, "drop" if new is DROPPED else action, decision.rule)
            ] += 1
        return new

    def _coarsen(self, node: Node | None, value: Any) -> Any:
        fmt = node.fmt if node is not None else None
        if type(value) is str and fmt == "date-time":
            coarse = coarsen_date(value, self.policy.coarsen_date)
            return DROPPED if coarse is None else coarse
        if type(value) is str and fmt == "ip":
            network = coarsen_ip(value)
            return DROPPED if network is None else network
        return DROPPED  # no coarser form exists: removing it is the conservative reading

    def record_untallied(
        self, node: Node, section: Section | None, name: str, value: Any, pattern: str
    ) -> tuple[Any, Counter[Change]]:
        """A record's redacted form and the changes it makes, not yet counted.

        A record the participant removes after its shared form is known (it holds a word
        they chose) must count as removed, not as pseudonymised as well: the caller counts
        the changes with :meth:`count` only if it keeps the record.
        """
        kept, self.changes = self.changes, Counter()
        try:
            return self.record(node, section, name, value, pattern), self.changes
        finally:
            self.changes = kept

    def count(self, changes: Counter[Change]) -> None:
        """Count changes returned by :meth:`record_untallied` for a record that is written."""
        self.changes.update(changes)

    def receipt_rows(self) -> list[dict[str, Any]]:
        """Every change as a receipt row, in a stable order."""
        rows = [
            {"path": c.path, "section": c.section, "action": c.action, "rule": c.rule, "count": n}
            for c, n in self.changes.items()
        ]
        return sorted(rows, key=lambda r: (str(r["section"]), r["path"], r["action"], r["rule"]))


def _deep(value: Any, transform: Any, numbers: bool) -> Any:
    """Apply a text transform to every string inside a value, object keys included: a key can
    carry personal data as well as a value can (``{"jane@example.org": 1}``)."""
    if type(value) is str:
        return transform(value)
    if numbers and type(value) in (int, float):
        return transform(str(value))
    if type(value) is list:
        return [_deep(item, transform, numbers) for item in value]
    if type(value) is dict:
        return {transform(key): _deep(item, transform, numbers) for key, item in value.items()}
    return value
