"""Does a redacted file hold only what its policy allows? A check that does not trust the redactor.

``verify`` used to re-run the receipt's policy over an upload and call any change a leak.
That check shares every blind spot of the redactor it re-runs: a value the redactor
forgets to transform is forgotten again. This module asks the question differently. It
walks the upload along the schema and, for every place a policy rule reaches, looks at
the *form* of what is there: a dropped field must be absent, a pseudonymised one must
look like a pseudonym (keys of a personal map included), a coarsened IP address must be
a network no narrower than /24 (IPv4) or /48 (IPv6), a coarsened timestamp must have no
time left (and no day for ``month``), scrubbed text must hold no contact detail. It
never calls the redactor; it shares with it only the policy's decisions.

What it finds are places and counts, never values: the same value-free patterns as the
receipt (``$['Your Activity'].Searches.SearchList[*].SearchTerm``).
"""

from __future__ import annotations

import ipaddress
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .parse import events
from .paths import Path, Placeholder, format_pattern
from .policy import Choices, Decision, Policy
from .schema_model import UNKNOWN_CATEGORY, Kind, Node, Section, export_model
from .transforms import coarsen_date, scrub
from .walker import Enter, Leave, Value, walk

_PSEUDONYM = re.compile(r"^user-[a-z2-7]{16}$")
_REMOVED_KEY = re.compile(r"^\[removed \d+\]$")
_WIDEST_PREFIX = {4: 24, 6: 48}


@dataclass(frozen=True)
class Violation:
    """A kind of place where the upload holds something the policy does not allow."""

    pattern: str
    action: str


@dataclass
class _Frame:
    node: Node | None
    section: Section | None
    safe: Path
    inside_unknown: bool


def _strings(value: Any, numbers: bool = True) -> Iterator[str]:
    """Every string in a value, object keys included; numbers as their text when ``numbers``."""
    if type(value) is str:
        yield value
    elif numbers and type(value) in (int, float):
        yield str(value)
    elif type(value) is list:
        for item in value:
            yield from _strings(item, numbers)
    elif type(value) is dict:
        for key, item in value.items():
            yield key
            yield from _strings(item, numbers)


def _is_network(text: str) -> bool:
    if "/" not in text:
        return False
    try:
        network = ipaddress.ip_network(text.strip(), strict=True)
    except ValueError:
        return False
    return network.prefixlen <= _WIDEST_PREFIX[network.version]


class ConformanceScan:
    """Walks one upload; collects :class:`Violation` counts."""

    def __init__(self, policy: Policy, choices: Choices) -> None:
        self.policy = policy
        self.choices = choices
        self.violations: Counter[Violation] = Counter()
        self.frames: list[_Frame] = []

    # -- the form each action leaves ---------------------------------------------------------
    def form_ok(self, action: str, node: Node | None, value: Any) -> bool:  # noqa: PLR0911 - one per action
        """Whether ``value`` is in a form ``action`` can have produced."""
        if action == "keep":
            return True
        if action == "drop":
            return False
        if value is None:
            return True
        if node is not None and not node.allows(value):
            return False
        if action == "pseudonymise":
            return all(_PSEUDONYM.match(text) for text in _strings(value))
        if action == "scrub":  # scrubbing works on text: numbers pass as they are
            return all(scrub(text) == text for text in _strings(value, numbers=False))
        fmt = node.fmt if node is not None else None
        if type(value) is str and fmt == "ip":
            return _is_network(value)
        if type(value) is str and fmt == "date-time":
            return coarsen_date(value, self.policy.coarsen_date) == value
        return False  # coarsen with no coarser form drops the value

    def _report(self, safe: Path, action: str) -> None:
        self.violations[Violation(format_pattern(safe), action)] += 1

    # -- walking -----------------------------------------------------------------------------
    def scan(self, items: Iterator[Enter | Leave | Value]) -> None:
        """Consume the walker's items for one document."""
        for item in items:
            if type(item) is Leave:
                self.frames.pop()
            elif type(item) is Enter:
                self._enter(item)
            else:
                self._value(item)  # type: ignore[arg-type]

    def _child(self, item: Enter | Value) -> tuple[_Frame, Path, Section | None]:
        parent = self.frames[-1]
        raw = item.path[-1]
        node = parent.node
        if isinstance(raw, int) or (node is not None and raw in node.props):
            element: str | int | Placeholder = raw
        else:
            element = Placeholder("key")
        safe = (*parent.safe, element)
        section = (item.node.section if item.node is not None else None) or parent.section
        if isinstance(raw, str) and node is not None and node.personal_keys:
            self._personal_key(node, section, raw, safe)
        return parent, safe, section

    def _enter(self, item: Enter) -> None:
        if not self.frames:
            self.frames.append(_Frame(item.node, None, (), False))
            return
        parent, safe, section = self._child(item)
        inside_unknown = parent.inside_unknown or (
            parent.node is not None and parent.node.kind is Kind.OPAQUE
        )
        if not inside_unknown:
            self._place(item.node, section, safe, present=True)
            inside_unknown = item.node is None or item.node.kind is Kind.OPAQUE
        self.frames.append(_Frame(item.node, section, safe, inside_unknown))

    def _value(self, item: Value) -> None:
        if not self.frames:
            return
        parent, safe, section = self._child(item)
        if parent.inside_unknown or (parent.node is not None and parent.node.kind is Kind.OPAQUE):
            return
        node = item.node
        value = item.value
        self._place(node, section, safe, present=value not in (None, [], {}, ""))
        if node is None or (node.section is not None and self._section_gone(node.section)):
            return
        if node.kind is Kind.RECORD and type(value) is dict:
            self._record(node, section, value, safe)
        elif node.kind is Kind.RECORD or (node.category and node.section is None):
            name = item.path[-1] if isinstance(item.path[-1], str) else ""
            decision = self._decision(section, name, node.category)
            if not self.form_ok(decision.action, node, value):
                self._report(safe, decision.action)

    def _section_gone(self, section: Section) -> bool:
        return section.id in self.choices.drop_sections or self.policy.section_action(section.id) is not None

    def _place(self, node: Node | None, section: Section | None, safe: Path, present: bool) -> None:
        """A section the policy or the participant removes, or an undescribed part, is there."""
        if not present:
            return
        if node is not None and node.section is not None and self._section_gone(node.section):
            self._report(safe, "drop")
        elif node is not None and node.kind is Kind.OPAQUE and section is not None:
            decision = self.policy.effective_action(section.id, "*", section.category or UNKNOWN_CATEGORY)
            if decision.action != "keep":
                self._report(safe, "drop")
        elif node is None:
            decision = self.policy.field_action(section.id if section else None, "*", UNKNOWN_CATEGORY)
            if decision.action != "keep":
                self._report(safe, "drop")

    def _decision(self, section: Section | None, name: str, category: str | None) -> Decision:
        return self.policy.field_action(section.id if section else None, name, category)

    def _personal_key(self, node: Node, section: Section | None, key: str, safe: Path) -> None:
        decision = self._decision(section, "$key", node.personal_keys or UNKNOWN_CATEGORY)
        if decision.action == "keep":
            return
        match = node.key_pattern.match(key) if node.key_pattern else None
        name = match.group("name") if match and "name" in match.groupdict() else key
        if decision.action == "pseudonymise":
            ok = bool(_PSEUDONYM.match(name))
        elif decision.action == "scrub":
            ok = scrub(name) == name
        else:
            ok = bool(_REMOVED_KEY.match(name))
        if not ok:
            self._report((*safe[:-1], Placeholder(node.key_label)), decision.action)

    def _record(self, node: Node, section: Section | None, value: dict[str, Any], safe: Path) -> None:
        if self.choices.drop_dates:
            for key in node.date_fields:
                date = value.get(key)
                if type(date) is str and self.choices.drops_date(date):
                    self._report(safe, "drop")
                    return
        self._fields(node, section, "", value, safe)

    def _fields(
        self, node: Node, section: Section | None, prefix: str, value: dict[str, Any], safe: Path
    ) -> None:
        other_category = (node.category or "none") if node.open else UNKNOWN_CATEGORY
        for key, item in value.items():
            sub = node.props.get(key)
            name = f"{prefix}.{key}" if prefix else key
            if sub is None:
                other = self._decision(section, "*", other_category)
                action = "drop" if other.action == "coarsen" else other.action
                if not self.form_ok(action, None, item):
                    self._report((*safe, Placeholder("key")), action)
                continue
            decision = self._decision(section, name, sub.category)
            nested = sub.items if sub.items is not None and sub.items.props else sub
            if nested.props and decision.action != "drop" and not decision.rule.startswith("fields."):
                self._nested(nested, section, name, item, (*safe, key))
            elif not self.form_ok(decision.action, sub, item):
                self._report((*safe, key), decision.action)

    def _nested(self, node: Node, section: Section | None, name: str, value: Any, safe: Path) -> None:
        if type(value) is list:
            for index, item in enumerate(value):
                self._nested(node, section, name, item, (*safe, index))
        elif type(value) is dict:
            self._fields(node, section, name, value, safe)


def scan_upload(stream: Any, policy: Policy, choices: Choices) -> Counter[Violation]:
    """Scan one redacted export (a binary file-like); the violations found, by place and action."""
    scanner = ConformanceScan(policy, choices)
    scanner.scan(walk(events(stream), export_model().root))
    return scanner.violations
