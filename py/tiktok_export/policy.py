"""Redaction policies and the participant's own choices, resolved to one action per place.

A study writes a policy (JSON, checked against ``schemas/redaction-policy.schema.json``);
the participant may remove more on top. This module answers one question for the
redactor: *what happens to this section, field or key, and because of which rule?* The
rule is kept so the receipt can say why something was removed.

>>> policy = Policy.default()
>>> policy.field_action("login-history", "IP", "location")
Decision(action='coarsen', rule='categories.location')
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from .record_choices import MAX_WORD_LENGTH, RecordChoices, clean_word
from .schema_model import export_model
from .schemas import POLICY_SCHEMA, load_schema

ACTIONS = ("keep", "drop", "pseudonymise", "scrub", "coarsen")
COARSENABLE_FORMATS = ("date-time", "ip")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$")


class PolicyError(ValueError):
    """A policy that cannot be used; ``path`` points into the policy document."""

    def __init__(self, message: str, path: str = "$") -> None:
        super().__init__(f"{path}: {message}")
        self.message = message
        self.path = path


class ChoiceError(ValueError):
    """A participant choice that names something unknown or not allowed by the policy."""


@dataclass(frozen=True)
class Decision:
    """An action and the rule that chose it (e.g. ``fields.comments.Comment``)."""

    action: str
    rule: str


def _policy_path(parts: list[Any]) -> str:
    text = "$"
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f"['{part}']"
    return text


def canonical_json(document: Any) -> bytes:
    """One byte form per JSON value, so equal policies hash equally."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


@dataclass(frozen=True)
class Policy:
    """A checked policy. Build with :meth:`from_document`, :meth:`load` or :meth:`default`."""

    id: str
    document: dict[str, Any]
    sha256: str
    categories: dict[str, str]
    sections: dict[str, str]
    fields: dict[str, str]
    coarsen_date: str
    participant_may_drop: frozenset[str] | None  # None: every section
    required_sections: tuple[str, ...] = ()  # the study cannot use an export without records here

    @classmethod
    def from_document(cls, document: Any, *, packaged: bool = False) -> Policy:
        """Check a parsed policy against its schema and against the export's section ids.

        ``packaged``: the policy shipped in this package, whose agreement with the policy
        schema the test suite proves; only the schema check is left out (jsonschema is a good
        part of the CLI's start-up, and a run with the default policy needs it for nothing
        else). Every other check still runs."""
        if not packaged:
            _check_against_schema(document)
        known = export_model().sections
        for section_id in document.get("sections", {}):
            if section_id not in known:
                raise PolicyError("no section has this id", _policy_path(["sections", section_id]))
        fields: dict[str, str] = {}
        for rule, action in document.get("fields", {}).items():
            section_id = rule.split(".", 1)[0]
            if section_id != "*" and section_id not in known:
                raise PolicyError("no section has this id", _policy_path(["fields", rule]))
            if action == "coarsen" and not _coarsenable(rule):
                raise PolicyError(
                    "only timestamps and IP addresses can be coarsened", _policy_path(["fields", rule])
                )
            fields[_canonical_rule(rule)] = action
        for index, section_id in enumerate(document.get("required_sections", [])):
            if section_id not in known:
                raise PolicyError("no section has this id", _policy_path(["required_sections", index]))
        may_drop = document.get("participant_may_drop", "all")
        for index, section_id in enumerate([] if may_drop == "all" else may_drop):
            if section_id not in known:
                raise PolicyError("no section has this id", _policy_path(["participant_may_drop", index]))
        return cls(
            id=document["id"],
            document=document,
            sha256=hashlib.sha256(canonical_json(document)).hexdigest(),
            categories=dict(document["categories"]),
            sections=dict(document.get("sections", {})),
            fields=fields,
            coarsen_date=document.get("coarsen", {}).get("date", "day"),
            participant_may_drop=None if may_drop == "all" else frozenset(may_drop),
            required_sections=tuple(document.get("required_sections", [])),
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> Policy:
        """Parse and check a policy file's bytes."""
        try:
            document = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as problem:
            where = f"line {problem.lineno}" if isinstance(problem, json.JSONDecodeError) else "$"
            raise PolicyError("the policy file is not valid JSON", where) from None
        return cls.from_document(document)

    @classmethod
    def load(cls, path: str | Path) -> Policy:
        """Read and check a policy file."""
        return cls.from_bytes(Path(path).read_bytes())

    @classmethod
    def default(cls) -> Policy:
        """The conservative policy used when a study gives none (see README)."""
        data = (resources.files("tiktok_export") / "policies" / "default.json").read_bytes()
        return cls.from_document(json.loads(data.decode("utf-8")), packaged=True)

    def section_action(self, section_id: str) -> Decision | None:
        """A whole-section drop by the policy, or None when the section's fields decide."""
        if self.sections.get(section_id) == "drop":
            return Decision("drop", f"sections.{section_id}")
        return None

    def field_action(self, section_id: str | None, name: str, category: str | None) -> Decision:
        """The action for a field (``name`` may be dotted for nested fields, or ``$key``).

        Rules are matched on the field's canonical name, so a rule written once holds for
        every spelling TikTok has used (``*.Date`` covers the lower-case ``date`` of 2025), and
        a ``*.`` rule reaches the field inside nested records too (a chat message's ``Date``).
        """
        if section_id is not None:
            canonical = _spellings().get((section_id, name), name)
            for rule in _candidate_rules(section_id, canonical):
                action = self.fields.get(rule)
                if action is not None:
                    return Decision(action, f"fields.{rule}")
        category = category or "none"
        action = self.categories.get(category)
        if action is not None:
            return Decision(action, f"categories.{category}")
        return Decision("keep", "default")

    def effective_action(self, section_id: str, name: str, category: str) -> Decision:
        """What really happens to a field: a section drop wins; ``coarsen`` without a coarser
        form, and any transform of a whole undescribed section (``*``), become ``drop``."""
        decision = self.section_action(section_id) or self.field_action(section_id, name, category)
        if decision.action == "keep":
            return decision
        if name == "*" or (decision.action == "coarsen" and not _coarsenable(f"{section_id}.{name}")):
            return Decision("drop", decision.rule)
        return decision

    def rule_reach(self) -> dict[str, list[str]]:
        """For each ``fields`` rule, every ``section.field`` spelling in the schema it applies to.

        Shown by ``tiktok-export fields`` so a study sees that its one rule for ``Date`` also
        reaches the ``date`` of newer exports, and spots a rule that reaches nothing.
        """
        reach: dict[str, list[str]] = {rule: [] for rule in self.fields}
        for f in export_model().fields:
            for rule in _candidate_rules(f.section, f.canonical):
                if rule in reach:
                    reach[rule].append(f"{f.section}.{f.name}")
                    break
        return reach

    def may_drop(self, section_id: str) -> bool:
        """Whether the participant is offered to remove this section."""
        return self.participant_may_drop is None or section_id in self.participant_may_drop


def _candidate_rules(section_id: str, canonical: str) -> tuple[str, ...]:
    """The ``fields`` rules that may decide a field, most specific first."""
    leaf = canonical.rsplit(".", 1)[-1]
    if leaf == canonical:
        return (f"{section_id}.{canonical}", f"*.{canonical}")
    return (f"{section_id}.{canonical}", f"*.{canonical}", f"*.{leaf}")


@cache
def _spellings() -> dict[tuple[str, str], str]:
    """(section id, field as spelled in the file) -> the field's canonical name (schema ``x-field``)."""
    return {(f.section, f.name): f.canonical for f in export_model().fields}


def _canonical_rule(rule: str) -> str:
    """A ``fields`` rule with its field named canonically, whichever spelling the study wrote."""
    section_id, name = rule.split(".", 1)
    for (field_section, spelled), canonical in _spellings().items():
        if spelled == name and section_id in ("*", field_section):
            return f"{section_id}.{canonical}"
    return rule


def _coarsenable(rule: str) -> bool:
    section_id, name = rule.split(".", 1)
    return any(
        name in (field.name, field.canonical)
        and section_id in ("*", field.section)
        and field.fmt in COARSENABLE_FORMATS
        for field in export_model().fields
    )


def _describe_policy_error(keyword: str, expected: Any) -> str:
    if keyword == "enum":
        return "must be one of " + ", ".join(str(item) for item in expected)
    if keyword == "required":
        return "is missing a required entry: " + ", ".join(str(item) for item in expected)
    if keyword == "additionalProperties":
        return "has an entry this policy format does not know"
    if keyword in ("pattern", "propertyNames"):
        return "has a name or value in the wrong form"
    if keyword == "type":
        return f"must be of type {expected}"
    return f"does not satisfy '{keyword}'"


@dataclass(frozen=True)
class Choices:
    """What the participant removed on top of the policy; only ever removes more.

    ``drop_records`` names single records as ``(section id, position in the section)``;
    ``drop_matching`` removes every record holding a word, in one section or (``None``)
    everywhere. The receipt records how many of each, never which records or which words.
    """

    drop_sections: frozenset[str] = field(default_factory=frozenset)
    drop_dates: tuple[tuple[str, str], ...] = ()
    drop_records: frozenset[tuple[str, int]] = field(default_factory=frozenset)
    drop_matching: tuple[tuple[str | None, str], ...] = ()

    def check(self, policy: Policy) -> None:
        """Refuse choices that name unknown sections or sections the policy locks."""
        known = export_model().sections
        for section_id in sorted(self.drop_sections):
            if section_id not in known:
                raise ChoiceError(f"there is no section called '{section_id}'")
            if not policy.may_drop(section_id):
                raise ChoiceError(f"the study's policy does not let '{section_id}' be removed")
        for start, end in self.drop_dates:
            if not (_DATE.match(start) and _DATE.match(end)) or start > end:
                raise ChoiceError("a date range must be FROM..TO with dates as YYYY-MM-DD")
        for section_id, index in sorted(self.drop_records):
            if section_id not in known:
                raise ChoiceError(f"there is no section called '{section_id}'")
            if type(index) is not int or index < 0:
                raise ChoiceError("a record is named SECTION:INDEX with INDEX a whole number from 0")
        for scope, word in self.drop_matching:
            if scope is not None and scope not in known:
                raise ChoiceError(f"there is no section called '{scope}'")
            if not clean_word(word) or len(word) > MAX_WORD_LENGTH:
                raise ChoiceError(f"a word to remove must hold 1 to {MAX_WORD_LENGTH} characters")

    def drops_date(self, date: str) -> bool:
        """Whether a record with this timestamp falls in a range the participant removed."""
        return any(date[: len(start)] >= start and date[: len(end)] <= end for start, end in self.drop_dates)

    def drops_dated(self, date_fields: tuple[str, ...], value: Any) -> bool:
        """Whether any date of a record (a dict) falls in a removed range."""
        if not self.drop_dates or type(value) is not dict:
            return False
        for date_key in date_fields:
            date = value.get(date_key)
            if type(date) is str and self.drops_date(date):
                return True
        return False

    def record_choices(self) -> RecordChoices:
        """The record-level choices in the form a streaming pass asks per record."""
        records: dict[str, set[int]] = {}
        for section_id, index in self.drop_records:
            records.setdefault(section_id, set()).add(index)
        return RecordChoices.build(records, self.drop_matching)

    def to_dict(self) -> dict[str, Any]:
        """The receipt's record of the choices: counts only for records and words."""
        records: dict[str, int] = {}
        for section_id, _ in self.drop_records:
            records[section_id] = records.get(section_id, 0) + 1
        return {
            "drop_sections": sorted(self.drop_sections),
            "drop_dates": [list(pair) for pair in self.drop_dates],
            "drop_records": dict(sorted(records.items())),
            "drop_matching": sorted((scope or "*" for scope, _ in self.drop_matching)),
        }


def _check_against_schema(document: Any) -> None:
    """Raise :class:`PolicyError` for the first place (in path order) where ``document``
    breaks the policy schema."""
    from jsonschema import Draft202012Validator  # see Policy.from_document

    validator = Draft202012Validator(load_schema(POLICY_SCHEMA))
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    if errors:
        error = errors[0]
        where = _policy_path(list(error.absolute_path))
        expected = error.validator_value
        if error.validator == "required" and isinstance(error.instance, dict):
            expected = [name for name in expected if name not in error.instance]
        raise PolicyError(_describe_policy_error(str(error.validator), expected), where)
