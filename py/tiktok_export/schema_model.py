"""The export schema, compiled into a tree the streaming walker can follow.

``schemas/tiktok-export.schema.json`` is the single description of the export. This
module reads it once and answers, for any place in a file, the questions the pipeline
asks while streaming: is this a container to walk into, a list of records to take one at
a time, or one record to build whole? Which section is this? What personal-data category
is this field? Nothing else in the package names a TikTok key.

The annotation keywords it reads (all ignored by JSON Schema validators):
``x-section`` (section id; ``title`` is its name), ``x-record`` (a unit processed whole),
``x-category`` (personal-data category), ``x-format`` (``date-time``, ``ip``, ``uri``),
``x-personal-keys`` (the object's keys are personal), ``x-field`` (this key is another
spelling of the named field, e.g. ``VideoLink`` of ``Link``: policies and tables name
the field once), ``x-key-pattern`` (how such a key
embeds the personal part), ``x-opaque`` (contents not described), ``x-open`` (any key is
expected inside this record), ``x-group`` and ``x-all-data-groups`` (what "All data" holds).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from functools import cache, cached_property
from typing import Any

from .schemas import EXPORT_SCHEMA, load_schema

UNKNOWN_CATEGORY = "unknown"
_JSON_TYPES: dict[type, tuple[str, ...]] = {
    str: ("string",),
    bool: ("boolean",),
    int: ("integer", "number"),
    float: ("number",),
    list: ("array",),
    dict: ("object",),
    type(None): ("null",),
}
"""Python type of a parsed JSON value -> the JSON Schema type names that admit it."""


class Kind(str, Enum):
    """How the walker treats a place in the file."""

    CONTAINER = "container"  # an object walked key by key
    LIST = "list"  # an array walked element by element
    RECORD = "record"  # built whole, validated, summarised and redacted as one unit
    LEAF = "leaf"  # a value built whole (a field, or a small value in a container)
    OPAQUE = "opaque"  # a known section whose contents are not described


@dataclass(frozen=True)
class Section:
    """A section of the export as the participant sees it: watch history, likes, ..."""

    id: str
    title: str
    category: str | None = None  # set for opaque sections: how a policy treats all of it


@dataclass(eq=False)
class Node:
    """One place in the schema, resolved through ``$ref``."""

    pointer: str
    schema: dict[str, Any]
    kind: Kind
    types: frozenset[str]
    props: dict[str, Node] = field(default_factory=dict)
    additional: Node | None = None
    items: Node | None = None
    section: Section | None = None
    group: str | None = None
    category: str | None = None
    fmt: str | None = None
    personal_keys: str | None = None
    key_pattern: re.Pattern[str] | None = None
    key_label: str = "key"
    open: bool = False
    canonical: str | None = None  # from ``x-field``: the field this key is a spelling of
    date_fields: tuple[str, ...] = ()
    date_pattern: re.Pattern[str] | None = None  # the date fields' own pattern, from the schema
    field_categories: dict[str, str] = field(default_factory=dict)

    def child(self, key: str) -> Node | None:
        """The node for a key of this object, or None when the key is not described."""
        found = self.props.get(key)
        if found is not None:
            return found
        return self.additional

    def allows(self, value: Any) -> bool:
        """Whether the schema allows a value of this JSON type here (a cheap check, no jsonschema)."""
        return any(name in self.types for name in _JSON_TYPES.get(type(value), ()))

    @property
    def accepts_object(self) -> bool:
        """Whether the schema allows an object here (so the walker may stream into it)."""
        return "object" in self.types

    @property
    def accepts_array(self) -> bool:
        """Whether the schema allows an array here."""
        return "array" in self.types


@dataclass(frozen=True)
class DescribedField:
    """A place in a section that a policy rule can name, with what the schema says of it."""

    section: str
    name: str
    category: str | None
    fmt: str | None
    canonical: str = ""  # the field's name across spellings (``Link`` for ``VideoLink``)

    def __post_init__(self) -> None:
        if not self.canonical:
            object.__setattr__(self, "canonical", self.name)


@dataclass(frozen=True)
class ExportModel:
    """The compiled schema: the root node plus what the validator needs globally."""

    root: Node
    schema: dict[str, Any]
    all_data_groups: dict[str, str]
    sections: dict[str, Section]
    version: str
    placeholder_dates: frozenset[str] = frozenset()  # TikTok's "no date" stand-ins (x-placeholder-dates)

    @cached_property
    def fields(self) -> tuple[DescribedField, ...]:
        """Every place a policy can name: each field inside a record (nested ones dotted),
        each object whose keys are personal (``$key``), each undescribed section (``*``).

        One walk of the schema, shared by the personal-field listing and the policy checks.
        """
        seen: dict[tuple[str, str], DescribedField] = {}

        def visit(node: Node, section: Section | None, prefix: str, canon: str, depth: int) -> None:
            if depth > 12:
                return
            section = node.section or section
            if section is not None and node.personal_keys:
                seen[(section.id, "$key")] = DescribedField(section.id, "$key", node.personal_keys, None)
            if section is not None and section.category and node.kind is Kind.OPAQUE:
                seen[(section.id, "*")] = DescribedField(section.id, "*", section.category, None)
            for key, sub in node.props.items():
                name = f"{prefix}.{key}" if prefix else key
                spelled = sub.canonical or key
                canonical = f"{canon}.{spelled}" if canon else spelled
                inside_record = node.kind is Kind.RECORD or prefix != ""
                if inside_record and section is not None:
                    seen.setdefault(
                        (section.id, name),
                        DescribedField(section.id, name, sub.category, sub.fmt, canonical),
                    )
                if inside_record:
                    visit(sub, section, name, canonical, depth + 1)
                else:
                    visit(sub, section, "", "", depth + 1)
            for extra in (node.additional, node.items):
                if extra is not None:
                    visit(extra, section, prefix, canon, depth + 1)

        visit(self.root, None, "", "", 0)
        return tuple(seen.values())

    def personal_fields(self) -> list[tuple[str, str, str]]:
        """Every described field with a personal category: (section id, field, category).

        Chat-style personal keys appear as field ``$key``. Used by the default-policy
        test and the documentation, so both follow the schema automatically.
        """
        return sorted(
            (f.section, f.name, f.category)
            for f in self.fields
            if f.category is not None and f.category not in ("none", "activity")
        )


_TYPE_KEY = "type"


def _types_of(schema: dict[str, Any]) -> frozenset[str]:
    value = schema.get(_TYPE_KEY)
    if value is None:
        return frozenset({"object", "array", "string", "number", "integer", "boolean", "null"})
    if isinstance(value, str):
        return frozenset({value})
    return frozenset(value)


class _Compiler:
    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        self.by_pointer: dict[str, Node] = {}
        self.sections: dict[str, Section] = {}

    def resolve(self, schema: dict[str, Any], pointer: str) -> tuple[dict[str, Any], str, dict[str, Any]]:
        """Follow ``$ref`` to its target; keep the referring schema's own annotations."""
        annotations: dict[str, Any] = {}
        hops = 0
        while "$ref" in schema:
            for key, value in schema.items():
                if key != "$ref":
                    annotations.setdefault(key, value)
            ref = schema["$ref"]
            if not ref.startswith("#/"):
                raise ValueError(f"only local references are supported: {ref}")
            target: Any = self.schema
            for part in ref[2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            schema, pointer = target, ref
            hops += 1
            if hops > 20:
                raise ValueError("reference loop in the export schema")
        return schema, pointer, annotations

    def compile(self, raw: dict[str, Any], pointer: str, inside_record: bool) -> Node:
        schema, target_pointer, annotations = self.resolve(raw, pointer)
        merged = {**schema, **annotations}
        cache_key = target_pointer + "|" + repr(sorted(annotations.items())) + str(inside_record)
        if cache_key in self.by_pointer:
            return self.by_pointer[cache_key]
        types = _types_of(merged)
        section: Section | None = None
        if "x-section" in merged:
            section = Section(
                merged["x-section"],
                merged.get("title", merged["x-section"]),
                merged.get("x-category") if merged.get("x-opaque") else None,
            )
            self.sections[section.id] = section
        if merged.get("x-opaque"):
            kind = Kind.OPAQUE
        elif merged.get("x-record"):
            kind = Kind.RECORD
        elif inside_record:
            kind = Kind.LEAF
        elif "items" in merged and "array" in types:
            kind = Kind.LIST
        elif ("properties" in merged or "additionalProperties" in merged) and "object" in types:
            kind = Kind.CONTAINER
        else:
            kind = Kind.LEAF
        pattern = merged.get("x-key-pattern")
        node = Node(
            pointer=target_pointer,
            schema={**schema, **{k: v for k, v in annotations.items() if not k.startswith("x-")}},
            kind=kind,
            types=types,
            section=section,
            group=merged.get("x-group"),
            category=merged.get("x-category"),
            fmt=merged.get("x-format"),
            personal_keys=merged.get("x-personal-keys"),
            key_pattern=re.compile(pattern) if pattern else None,
            key_label=str(merged.get("x-key-label", "key")),
            open=bool(merged.get("x-open")),
            canonical=merged.get("x-field"),
        )
        self.by_pointer[cache_key] = node
        child_in_record = inside_record or kind is Kind.RECORD
        for key, sub in merged.get("properties", {}).items():
            node.props[key] = self.compile(sub, f"{target_pointer}/properties/{key}", child_in_record)
        additional = merged.get("additionalProperties")
        if isinstance(additional, dict):
            node.additional = self.compile(
                additional, f"{target_pointer}/additionalProperties", child_in_record
            )
        items = merged.get("items")
        if isinstance(items, dict):
            node.items = self.compile(items, f"{target_pointer}/items", child_in_record)
        node.field_categories = {key: sub.category or "none" for key, sub in node.props.items()}
        node.date_fields = tuple(key for key, sub in node.props.items() if sub.fmt == "date-time")
        if node.date_fields:
            pattern = node.props[node.date_fields[0]].schema.get("pattern")
            node.date_pattern = re.compile(pattern) if isinstance(pattern, str) else None
        return node


@cache
def export_model() -> ExportModel:
    """The compiled export schema, built once per process."""
    schema = load_schema(EXPORT_SCHEMA)
    compiler = _Compiler(schema)
    root = compiler.compile(schema, "#", inside_record=False)
    return ExportModel(
        root=root,
        schema=schema,
        all_data_groups=dict(schema.get("x-all-data-groups", {})),
        sections=dict(compiler.sections),
        version=str(schema.get("x-schema-version", "")),
        placeholder_dates=frozenset(schema.get("x-placeholder-dates", ())),
    )
