"""The bytes that leave: canaries of every JSON type in every personal field, checked in the output.

For every personal field the **schema** lists (not the generator's list), in every generation
the generator knows, a canary is planted as a string, a number, an object (canary as key and
as value) and a list, and the parsed redacted output is searched, keys included. The oracles
are independent of the code under test: a fixed pattern for contact details (not ``scrub``),
a network computed here with ``ipaddress`` (not ``coarsen_ip``), a date with no day or time
left for a month-coarsening policy (not ``coarsen_date``).
"""

from __future__ import annotations

import copy
import io
import ipaddress
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import pytest

from tiktok_export import api
from tiktok_export.conformance import scan_upload
from tiktok_export.pipeline import Result
from tiktok_export.policy import Choices, Policy
from tiktok_export.schema_model import Kind, Node, export_model
from tiktok_export.synthetic import GENERATIONS, SECTION_PATHS, ExportSpec, export_bytes

NOW = "2026-11-01 12:00:00"
KEY = b"study-key-0123456789abcdef-32byt"
SHAPES = ("string", "number", "object", "list")
PSEUDONYM = re.compile(r"^user-[a-z2-7]{16}$")
# Contact details as this test knows them (deliberately not the tool's own patterns).
CONTACT = re.compile(r"example\.org|https?://|\+31 6 1234|@canary", re.IGNORECASE)
PERSONAL = export_model().personal_fields()
PERSONAL_CATEGORY = {(section, name): category for section, name, category in PERSONAL}
MODEL = export_model()

BASE_CATEGORIES = {
    "contact": "drop", "identifier": "drop", "location": "coarsen", "device": "drop",
    "free-text": "scrub", "other-people": "pseudonymise", "payment": "drop", "unknown": "drop",
}  # fmt: skip


def uniform_policy(action: str) -> Policy:
    """Every personal category (unknown data included) gets ``action``: the transforms' worst case."""
    return Policy.from_document(
        {"id": f"every-category-{action}", "categories": dict.fromkeys(BASE_CATEGORIES, action)}
    )


POLICIES = {
    "default": Policy.default(),
    "pseudonymise-all": uniform_policy("pseudonymise"),
    "scrub-all": uniform_policy("scrub"),
    "coarsen-all": uniform_policy("coarsen"),
}


# -- where a section is, in the schema and in a document ------------------------------------------


def _schema_paths(
    node: Node, prefix: tuple[str, ...], depth: int = 0
) -> Iterator[tuple[tuple[str, ...], Node]]:
    if node.section is not None:
        yield prefix, node
        return
    if depth > 4 or node.kind is not Kind.CONTAINER:
        return
    for key, child in node.props.items():
        yield from _schema_paths(child, (*prefix, key), depth + 1)


@cache
def section_paths() -> dict[str, list[tuple[tuple[str, ...], Node]]]:
    """Every path the schema gives each section id at, with its node."""
    found: dict[str, list[tuple[tuple[str, ...], Node]]] = {}
    for path, node in _schema_paths(MODEL.root, ()):
        assert node.section is not None
        found.setdefault(node.section.id, []).append((path, node))
    return found


def section_place(doc: dict[str, Any], section: str, generation: str) -> tuple[dict[str, Any], str, Node]:
    """The object holding a section in ``doc``, its key, and the section's schema node.

    The generator's own layout for the generation is used when it writes the section (an
    independent witness); otherwise the schema's first path, with containers created.
    """
    known = SECTION_PATHS.get(section, {}).get(generation)
    for path, node in section_paths()[section]:
        if known is not None and tuple(known[: len(path)]) != path:
            continue
        holder = doc
        for key in path[:-1]:
            if not isinstance(holder.get(key), dict):
                holder[key] = {}
            holder = holder[key]
        return holder, path[-1], node
    raise AssertionError(f"no schema path for {section}")


@dataclass
class Slot:
    """Where one field's canary went: the record's object and its schema node."""

    record: dict[str, Any]
    node: Node


def record_slot(doc: dict[str, Any], section: str, generation: str) -> Slot | None:
    """A fresh record of ``section`` in ``doc`` (appended to its list), or its one record object."""
    holder, key, node = section_place(doc, section, generation)
    value = holder
    parent_key: str = key
    while True:
        if node.kind is Kind.OPAQUE:
            return None
        if node.kind is Kind.RECORD:
            if not isinstance(value.get(parent_key) if isinstance(value, dict) else None, dict):
                value[parent_key] = {}
            return Slot(value[parent_key], node)
        if node.kind is Kind.LIST and node.items is not None:
            if not isinstance(value.get(parent_key), list):
                value[parent_key] = []
            value[parent_key].append({})
            return Slot(value[parent_key][-1], node.items)
        # A container: into its describing child (a list, a record, or a map of lists).
        if not isinstance(value.get(parent_key), dict):
            value[parent_key] = {}
        value = value[parent_key]
        if node.personal_keys and node.additional is not None:
            parent_key, node = "Chat History with placeholder friend:", node.additional
            continue
        child = next(
            ((k, n) for k, n in node.props.items() if n.kind in (Kind.LIST, Kind.RECORD, Kind.CONTAINER)),
            None,
        )
        if child is None:
            return None
        parent_key, node = child


# -- canaries -------------------------------------------------------------------------------------


def token(index: int) -> str:
    return f"CANARYTOKEN{index:05d}"


def text_canary(index: int) -> str:
    """Free text holding a marker and contact details (all invented)."""
    t = token(index)
    mail = f"{t.lower()}@example.org"
    return f"{t} mail {mail} call +31 6 1234 {index:04d} see https://example.org/{t} @{t.lower()}"


def number_canary(index: int) -> int:
    return 7_300_000_000 + index


def shaped(shape: str, index: int, fmt: str | None) -> Any:
    """The canary for one field in one JSON shape; an IP field's string canary is an address."""
    if shape == "number":
        return number_canary(index)
    if shape == "string" and fmt == "ip":
        return f"203.0.113.{index % 250 + 1}" if index % 2 else f"2001:db8:{index:x}:77::{index:x}"
    text = text_canary(index)
    if shape == "object":
        return {text: text}
    if shape == "list":
        return [text]
    return text


@dataclass(frozen=True)
class Planted:
    section: str
    field: str
    category: str
    shape: str
    value: Any
    index: int
    takes_numbers: bool = False  # the schema allows a number here (scrub then has nothing to do)


def plant(generation: str, shape: str, nested: bool) -> tuple[bytes, list[Planted]]:
    """A generated export with a canary in every personal field (top-level or dotted ones)."""
    doc = json.loads(export_bytes(ExportSpec(generation=generation, seed=5, target_bytes=8_000)))
    planted: list[Planted] = []
    for index, (section, name, category) in enumerate(PERSONAL):
        if ("." in name or name == "$key") != nested:
            continue
        if name == "*":
            holder, key, _ = section_place(doc, section, generation)
            value = shaped(shape, index, None)
            holder[key] = value
            planted.append(Planted(section, name, category, shape, value, index))
            continue
        if name == "$key":
            holder, key, node = section_place(doc, section, generation)
            target = holder.setdefault(key, {})
            target = target if isinstance(target, dict) else {}
            holder[key] = target
            inner = next(iter(node.props.values()), node) if not node.personal_keys else node
            if inner is not node:  # the personal map sits one level down (ChatHistory)
                target = target.setdefault(next(iter(node.props)), {})
            value = text_canary(index)  # a key is always a string: one shape
            target[f"Chat History with {value}:"] = [
                {"Date": "2025-01-01 10:00:00", "From": "", "Content": ""}
            ]
            target[value] = []
            planted.append(Planted(section, name, category, "string", value, index))
            continue
        slot = record_slot(doc, section, generation)
        if slot is None:
            continue
        parts = name.split(".")
        record, node = slot.record, slot.node
        for part in parts[:-1]:
            child = node.props[part]
            inner = child.items if child.items is not None else child
            holder_value: dict[str, Any] = {}
            record[part] = [holder_value] if child.items is not None else holder_value
            record, node = holder_value, inner
        field_node = node.props[parts[-1]]
        value = shaped(shape, index, field_node.fmt)
        record[parts[-1]] = value
        numeric = bool({"number", "integer"} & field_node.types)
        planted.append(Planted(section, name, category, shape, value, index, numeric))
    return json.dumps(doc, ensure_ascii=False).encode(), planted


def strings_in(value: Any) -> Iterator[str]:
    """Every string and number in a parsed JSON value, object keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, int | float):
        yield str(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def redact(data: bytes, policy: Policy) -> tuple[Result, Any]:
    output = io.BytesIO()
    result = api.redact(
        io.BytesIO(data), output, policy=policy, pseudonym_key=KEY, name="user_data_tiktok.json", now=NOW
    )
    return result, json.loads(output.getvalue())


def expected_network(address: str) -> str:
    """The network an exact address must be widened to: /24 for IPv4, /48 for IPv6 (computed here)."""
    ip = ipaddress.ip_address(address)
    prefix = 24 if ip.version == 4 else 48
    return str(
        ipaddress.ip_network((int(ip) >> (ip.max_prefixlen - prefix) << (ip.max_prefixlen - prefix), prefix))
    )


@cache
def planted_case(generation: str, shape: str, nested: bool) -> tuple[bytes, tuple[Planted, ...]]:
    data, planted = plant(generation, shape, nested)
    return data, tuple(planted)


def test_every_personal_field_of_the_schema_gets_a_canary() -> None:
    """Each personal field the schema lists is planted in at least one generation (none forgotten)."""
    covered = {
        (p.section, p.field)
        for generation in GENERATIONS
        for nested in (False, True)
        for p in planted_case(generation, "string", nested)[1]
    }
    missing = [(s, f) for s, f, _ in PERSONAL if (s, f) not in covered]
    assert not missing, missing
    assert len(PERSONAL) >= 40


@pytest.mark.parametrize("policy_name", list(POLICIES))
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("nested", [False, True], ids=["fields", "nested-and-keys"])
@pytest.mark.parametrize("generation", GENERATIONS)
def test_no_canary_survives_in_the_redacted_output(
    generation: str, nested: bool, shape: str, policy_name: str
) -> None:
    """Whatever the shape, a canary in a field the policy transforms leaves only the transformed form."""
    policy = POLICIES[policy_name]
    data, planted = planted_case(generation, shape, nested)
    result, output = redact(data, policy)
    assert result.ok, [f.code for f in result.findings]
    texts = list(strings_in(output))
    checked = 0
    for p in planted:
        decision = policy.effective_action(p.section, p.field, p.category)
        if decision.action == "keep":
            continue
        marker = str(p.value) if p.shape == "number" else token(p.index)
        if decision.action == "scrub" and p.shape == "number" and p.takes_numbers:
            continue  # a number is no text to scrub; a number where none belongs is dropped (below)
        if decision.action == "scrub" and p.shape in ("string", "object", "list") and p.field != "*":
            leaked = [t for t in texts if token(p.index) in t and CONTACT.search(t)]
            assert not leaked, f"{p.section}.{p.field} ({p.shape}): contact details survive scrubbing"
        elif (
            decision.action == "coarsen"
            and isinstance(p.value, str)
            and re.match(r"^[\d.]+$|^[0-9a-f:]+$", p.value)
        ):
            network = expected_network(p.value)
            assert p.value not in texts, f"{p.section}.{p.field}: the exact address survives"
            assert network in texts, f"{p.section}.{p.field}: not widened to {network}"
        else:
            leaked = [t for t in texts if marker in t or marker.lower() in t]
            assert not leaked, f"{p.section}.{p.field} ({p.shape}, {decision.action}) leaked"
        checked += 1
    assert checked >= (2 if nested else 10)


@pytest.mark.parametrize("generation", GENERATIONS)
def test_pseudonymised_fields_hold_only_pseudonyms(generation: str) -> None:
    """Under a pseudonymise-everything policy, every planted string field and chat key becomes ``user-…``."""
    policy = POLICIES["pseudonymise-all"]
    data, planted = planted_case(generation, "string", False)
    _, output = redact(data, policy)
    texts = set(strings_in(output))
    pseudonyms = {t for t in texts if PSEUDONYM.match(t)}
    transformed = [
        p for p in planted if policy.effective_action(p.section, p.field, p.category).action == "pseudonymise"
    ]
    assert transformed
    assert len(pseudonyms) >= len({p.value for p in transformed})


# -- dates coarsened to the month -----------------------------------------------------------------

MONTH_POLICY = Policy.from_document(
    {
        "id": "month",
        "categories": BASE_CATEGORIES,
        "fields": {"*.Date": "coarsen"},
        "coarsen": {"date": "month"},
    }
)
EXACT = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}")
MONTH_ONLY = re.compile(r"^\d{4}-\d{2}-01 00:00:00( UTC)?$")


@pytest.mark.parametrize("generation", GENERATIONS)
def test_a_month_policy_leaves_no_day_or_time_in_any_spelling_of_date(generation: str) -> None:
    """``*.Date`` coarsened to the month reaches every spelling (``date`` too): no day or time is left."""
    data = export_bytes(ExportSpec(generation=generation, seed=9, target_bytes=20_000))
    original = json.loads(data)
    result, output = redact(data, MONTH_POLICY)
    assert result.ok
    date_fields = {f.name for f in MODEL.fields if f.canonical == "Date"}
    assert len(date_fields) >= 2  # Date and date
    seen = 0
    for section, _ in SECTION_PATHS.items():
        if SECTION_PATHS[section].get(generation) is None or section == "direct-messages":
            continue
        for before, after in zip(
            _records(original, section, generation), _records(output, section, generation), strict=False
        ):
            for key in date_fields & set(before):
                if not isinstance(before[key], str) or not EXACT.match(before[key]):
                    continue
                assert MONTH_ONLY.match(after[key]), (section, key)
                assert after[key][:7] == before[key][:7], (section, key)
                seen += 1
    assert seen >= 20


def _records(doc: dict[str, Any], section: str, generation: str) -> list[dict[str, Any]]:
    path = SECTION_PATHS[section].get(generation)
    if path is None:
        return []
    value: Any = doc
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return []
        value = value[key]
    return [r for r in value if isinstance(r, dict)] if isinstance(value, list) else []


# -- undescribed parts under every action -----------------------------------------------------------


@pytest.mark.parametrize("policy_name", list(POLICIES))
def test_undescribed_parts_go_whole_under_any_transforming_action(policy_name: str) -> None:
    """An unknown section, an unknown group key and an opaque section never pass through verbatim."""
    policy = POLICIES[policy_name]
    doc = json.loads(export_bytes(ExportSpec(generation="new", seed=6, target_bytes=6_000)))
    t = token(99)
    doc[f"Unknown {t}"] = {t: [t, {t: t}]}
    opaque = [
        (s, n) for s, n, c in PERSONAL if n == "*" and policy.effective_action(s, n, c).action != "keep"
    ]
    assert opaque
    for index, (section, _) in enumerate(opaque):
        holder, key, _node = section_place(doc, section, "new")
        holder[key] = {f"{t}{index}": [f"{t}{index}"]}
    result, output = redact(json.dumps(doc).encode(), policy)
    assert result.ok
    assert not [text for text in strings_in(output) if t in text]


def test_wrong_types_in_personal_fields_never_keep_their_keys() -> None:
    """The reported leak: an object in ``SearchTerm`` or ``UserName`` leaves no key behind."""
    doc = copy.deepcopy(json.loads(export_bytes(ExportSpec(generation="new", seed=7, target_bytes=6_000))))
    searches = doc["Your Activity"]["Searches"]["SearchList"]
    searches[0]["SearchTerm"] = {"jane.doe@example.org": "x"}
    follower = doc["Profile And Settings"]["Follower"]["FansList"]
    follower[0]["UserName"] = {"someone.private": ["a", "b"]}
    for policy in POLICIES.values():
        _, output = redact(json.dumps(doc).encode(), policy)
        texts = list(strings_in(output))
        assert not [t for t in texts if "jane.doe" in t or "someone.private" in t], policy.id


# -- verify's independent check --------------------------------------------------------------------


@pytest.mark.parametrize("policy_name", list(POLICIES))
@pytest.mark.parametrize("generation", GENERATIONS)
def test_the_conformance_scan_accepts_every_fresh_redaction(generation: str, policy_name: str) -> None:
    """A file the redactor just wrote has every value in a form its policy allows."""
    policy = POLICIES[policy_name]
    for nested in (False, True):
        data, _ = planted_case(generation, "string", nested)
        output = io.BytesIO()
        assert api.redact(
            io.BytesIO(data), output, policy=policy, pseudonym_key=KEY, name="u.json", now=NOW
        ).ok
        assert scan_upload(io.BytesIO(output.getvalue()), policy, Choices()) == Counter()


@pytest.mark.parametrize("generation", GENERATIONS)
def test_the_conformance_scan_finds_values_in_a_form_the_policy_does_not_allow(generation: str) -> None:
    """Without re-running the redactor: an exact IP, a real name, a named chat, an e-mail are each found."""
    policy = POLICIES["default"]
    doc = json.loads(export_bytes(ExportSpec(generation=generation, seed=8, target_bytes=8_000)))
    output = io.BytesIO()
    api.redact(
        io.BytesIO(json.dumps(doc).encode()), output, policy=policy, pseudonym_key=KEY, name="u.json", now=NOW
    )
    clean = json.loads(output.getvalue())
    tampered = {
        "login-history": ("IP", "203.0.113.7"),
        "followers": ("UserName", "sam.friend_01"),
        "searches": ("SearchTerm", "mail me at jane@example.org"),
    }
    expected = set()
    for section, (field, value) in tampered.items():
        rows = _records(clean, section, generation)
        if rows:  # the sections this generation has
            rows[0][field] = value
            category = PERSONAL_CATEGORY[(section, field)]
            expected.add((field, policy.field_action(section, field, category).action))
    assert len(expected) >= 2
    holder, key, _ = section_place(clean, "direct-messages", generation)
    holder[key] = holder[key] if isinstance(holder[key], dict) else {}
    chats = holder[key].setdefault("ChatHistory", {})
    chats["Chat History with sam.friend_01:"] = []
    found = scan_upload(io.BytesIO(json.dumps(clean).encode()), policy, Choices())
    where = {(v.pattern.rsplit(".", 1)[-1], v.action) for v in found}
    assert expected <= where
    assert any(v.pattern.endswith("ChatHistory[*]") and v.action == "pseudonymise" for v in found), found
