"""Privacy invariants: what the default policy removes is gone, and no value ever reaches a message.

* Canaries: every personal field the default policy does not ``keep`` loses its planted
  values in the redacted file (fields come from the schema and the policy, not a list here).
* Coverage: the default policy keeps no field of a personal category.
* No value in messages: arbitrary text in personal fields, keys, unknown sections, bad
  dates and bad types never shows up in findings, summaries, receipts, logs or exceptions.
* Pseudonyms: stable under one key, unlinkable without one, consistent within an export.
* verify: passes on a fresh redaction, catches a planted value and a changed byte.
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
import logging
import re
import traceback
from collections.abc import Callable, Iterator
from functools import cache
from importlib import resources
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tiktok_export import api, transforms
from tiktok_export.findings import CATALOGUE
from tiktok_export.pipeline import Result
from tiktok_export.policy import Policy
from tiktok_export.schema_model import export_model
from tiktok_export.schemas import EXPORT_SCHEMA, load_schema
from tiktok_export.synthetic import (
    SECTION_PATHS,
    ExportSpec,
    canary_values,
    export_bytes,
    write_export_zip,
)
from tiktok_export.transforms import coarsen_ip, pseudonymise, scrub

NOW = "2026-11-01 12:00:00"
NAME = "user_data_tiktok.json"
KEY = b"study-key-0123456789abcdef-32byt"
PSEUDONYM = re.compile(r"^user-[a-z2-7]{16}$")
PERSONAL_CATEGORIES = (
    "contact", "identifier", "location", "free-text", "other-people", "payment", "device", "unknown",
)  # fmt: skip


# -- helpers ----------------------------------------------------------------------------------


def strings_in(value: Any) -> Iterator[str]:
    """Every string in a JSON value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def redact_bytes(data: bytes, *, key: bytes | None = KEY, name: str = NAME) -> tuple[Result, bytes]:
    """Redact bytes with the default policy; return the result and the redacted file."""
    output = io.BytesIO()
    result = api.redact(io.BytesIO(data), output, pseudonym_key=key, name=name, now=NOW)
    return result, output.getvalue()


def section_holder(doc: dict[str, Any], section: str, generation: str) -> tuple[dict[str, Any], str]:
    """The object holding a section's value in a parsed export, and the key it is under."""
    path = SECTION_PATHS[section][generation]
    assert path is not None
    holder = doc
    for part in path[:-1]:
        holder = holder[part]
    return holder, path[-1]


def records(doc: dict[str, Any], section: str, generation: str) -> list[Any]:
    """The record list of a list section."""
    holder, key = section_holder(doc, section, generation)
    value = holder[key]
    assert isinstance(value, list)
    return value


PERSONAL = {(section, name): category for section, name, category in export_model().personal_fields()}


def effective_action(policy: Policy, section: str, name: str) -> str:
    """What the policy does to a (possibly dotted) personal field, counting what its parents do."""
    if policy.section_action(section) is not None:
        return "drop"
    parts = name.split(".")
    for end in range(1, len(parts) + 1):
        prefix = ".".join(parts[:end])
        category = PERSONAL.get((section, prefix))
        if category is None and end < len(parts):
            continue
        action = policy.field_action(section, prefix, category).action
        if action != "keep":
            return action
    return "keep"


def canary_field(pattern: str) -> tuple[str, str]:
    """``login-history.IP`` -> (section, field); chat keys are the field ``$key``."""
    section, rest = pattern.split(".", 1)
    if rest == "<chat key>":
        return section, "$key"
    return section, rest.replace("[]", "")


# -- canaries -----------------------------------------------------------------------------------

CANARY_SPECS = [
    ExportSpec(generation=generation, seed=seed, target_bytes=30_000, canaries=True, hostile=hostile)
    for generation, seed in (("old", 31), ("new", 32))
    for hostile in (False, True)
]


@cache
def canary_export(spec: ExportSpec) -> tuple[bytes, dict[str, set[str]]]:
    """A canary export's bytes and its planted values (generated once)."""
    return export_bytes(spec), canary_values(spec)


def _spec_id(spec: ExportSpec) -> str:
    return f"{spec.generation}{'-hostile' if spec.hostile else ''}"


def test_every_canary_field_is_a_personal_field_of_the_schema() -> None:
    """Each field the generator plants canaries in is a personal field the schema categorises."""
    _, planted = canary_export(CANARY_SPECS[-1])
    _, planted_old = canary_export(CANARY_SPECS[0])
    for pattern in sorted(set(planted) | set(planted_old)):
        assert canary_field(pattern) in PERSONAL, pattern


@pytest.mark.timeout(60)
@pytest.mark.parametrize("spec", CANARY_SPECS, ids=_spec_id)
@pytest.mark.parametrize("fmt", ["json", "zip"])
def test_no_canary_of_a_removed_field_survives_default_redaction(spec: ExportSpec, fmt: str) -> None:
    """No planted value of a field the default policy drops, pseudonymises or coarsens is in the output."""
    data, planted = canary_export(spec)
    name = NAME
    if fmt == "zip":
        buffer = io.BytesIO()
        write_export_zip(spec, buffer)
        data, name = buffer.getvalue(), "export.zip"
    policy = Policy.default()
    result, output = redact_bytes(data, key=None, name=name)
    assert result.ok, [f.code for f in result.findings]
    texts = list(strings_in(json.loads(output)))
    original = canary_export(spec)[0].decode("utf-8")
    checked = 0
    for pattern, values in sorted(planted.items()):
        section, field = canary_field(pattern)
        action = effective_action(policy, section, field)
        if action == "keep":
            continue
        for value in sorted(values):
            assert json.dumps(value, ensure_ascii=False)[1:-1] in original, (pattern, "not planted")
            if action == "scrub":
                # Scrubbing keeps free text but not contact details: only its scrubbed form may remain.
                assert not any(value in text for text in texts) or scrub(value) == value, pattern
                continue
            cores = {value, *re.findall(r"(?i)canary[a-z_]*\d{6}", value)}
            if action == "coarsen":
                # The coarse form (an IP's /24 network) may start with the exact value: compare whole strings.
                leaked = [text for text in texts if text in cores]
            else:
                leaked = [text for text in texts if any(core in text for core in cores)]
            assert not leaked, f"{pattern} ({action}) leaked into the redacted export"
            checked += 1
    assert checked >= 20


def test_default_policy_keeps_no_personal_field() -> None:
    """For every personal field the schema describes, the default policy's action is not ``keep``."""
    policy = Policy.default()
    fields = export_model().personal_fields()
    assert fields
    for section, name, category in fields:
        assert category in PERSONAL_CATEGORIES, (section, name, category)
        decision = policy.field_action(section, name, category)
        assert decision.action != "keep", (section, name, category, decision.rule)


def test_default_policy_has_an_action_for_every_personal_category() -> None:
    """The default policy names an action other than ``keep`` for each personal category."""
    policy = Policy.default()
    for category in PERSONAL_CATEGORIES:
        assert policy.categories.get(category, "keep") != "keep", category


def _every_pattern(text: str) -> str:
    """``scrub`` without its shortcut: all four patterns, always."""
    text = transforms._URL.sub("[url]", text)
    text = transforms._EMAIL.sub("[email]", text)
    text = transforms._MENTION.sub("[mention]", text)
    return transforms._PHONE.sub(transforms._phone_or_text, text)


CONTACT_TOKENS = st.sampled_from(
    [*"ab W.:/@+-_07\n", "http://", "HTTPS://x", "wWw.x", "\u017f", "\u212a", "\u0663", "1234567", "é"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(CONTACT_TOKENS, max_size=12).map("".join))
@example("hi @ab_c.")
@example("me: a.b@ab.ws")
@example("\u0663" * 8)
@example("HTTPS://x wWw.x")
def test_scrubs_shortcut_changes_nothing_it_would_not(text: str) -> None:
    """A text with no link, "@" or digit is returned as it is without running the patterns:
    the same as running them, for texts made of the characters they look for (case-folded
    letters and non-ASCII digits included)."""
    assert scrub(text) == _every_pattern(text)


def test_contact_details_inside_kept_free_text_are_scrubbed() -> None:
    """E-mail, phone, URL and @mention inside every scrubbed free-text field are gone after redaction."""
    policy = Policy.default()
    secrets_ = ("jane.doe@example.org", "+31 6 1234 5678", "https://example.org/p/123", "@bestfriend_42")
    text = f"write me at {secrets_[0]} or {secrets_[1]}, see {secrets_[2]} {secrets_[3]}"
    scrubbed = [
        (section, name) for (section, name) in PERSONAL
        if "." not in name and name != "$key" and effective_action(policy, section, name) == "scrub"
    ]  # fmt: skip
    assert scrubbed
    for generation in ("old", "new"):
        doc = json.loads(export_bytes(ExportSpec(generation=generation, seed=41, target_bytes=8_000)))
        planted = 0
        for section, name in scrubbed:
            if SECTION_PATHS.get(section, {}).get(generation) is None:
                continue
            holder, key = section_holder(doc, section, generation)
            if isinstance(holder[key], list) and holder[key]:
                holder[key][0][name] = text
                planted += 1
        assert planted, generation
        result, output = redact_bytes(json.dumps(doc).encode())
        assert result.ok
        redacted = output.decode("utf-8")
        for secret in secrets_:
            assert secret not in redacted, (generation, secret)
        assert "write me at" in redacted  # the text itself is kept, only contact details go


# -- no value in messages (property) ---------------------------------------------------------------

PACKAGE_TEXT = "\n".join(
    path.read_text("utf-8")
    for path in resources.files("tiktok_export").iterdir()
    if path.name.endswith(".py") and path.name != "synthetic.py"
)


@cache
def base_document(generation: str) -> dict[str, Any]:
    """A small valid export, parsed."""
    spec = ExportSpec(generation=generation, seed=21, target_bytes=6_000)
    document: dict[str, Any] = json.loads(export_bytes(spec))
    return document


@cache
def fixed_text(generation: str) -> str:
    """Text the tool may print without any value from the file being involved.

    The catalogue, the tool's own source (type words, labels, rule names), the schema, the
    default policy, the base export (so values that also occur elsewhere in it are not
    counted), and the whole result of checking and redacting the base export.
    """
    base = json.dumps(base_document(generation), ensure_ascii=False).encode()
    result, _ = redact_bytes(base)
    pieces = [
        *(template for _, template in CATALOGUE.values()),
        PACKAGE_TEXT,
        json.dumps(load_schema(EXPORT_SCHEMA), ensure_ascii=False),
        json.dumps(Policy.default().document, ensure_ascii=False),
        base.decode("utf-8"),
        *strings_in(result.to_dict()),
        NOW,
        NAME,
    ]
    return "\n".join(pieces)


Slot = Callable[[dict[str, Any], str, str], bool]
"""Plants a value into a parsed export; False when an earlier slot removed its place."""


def _profile(field: str) -> Slot:
    def place(doc: dict[str, Any], generation: str, value: str) -> bool:
        holder, key = section_holder(doc, "profile", generation)
        holder[key][field] = value
        return True

    place.__name__ = f"profile.{field}"
    return place


def _record(section: str, field: str | None, shape: Callable[[str], Any] = lambda v: v) -> Slot:
    def place(doc: dict[str, Any], generation: str, value: str) -> bool:
        holder, key = section_holder(doc, section, generation)
        rows = holder[key]
        if not (isinstance(rows, list) and rows and isinstance(rows[0], dict)):
            return False
        rows[0][value if field is None else field] = shape(value)
        return True

    place.__name__ = f"{section}.{field or '<unknown key>'}"
    return place


def _chat(shape: Callable[[str], Any], label: str) -> Slot:
    def place(doc: dict[str, Any], generation: str, value: str) -> bool:
        holder, key = section_holder(doc, "direct-messages", generation)
        holder[key][f"Chat History with {value}:"] = shape(value)
        return True

    place.__name__ = f"direct-messages.<chat key> ({label})"
    return place


def _unknown_section(doc: dict[str, Any], generation: str, value: str) -> bool:
    doc.setdefault(value, {value: [value, {value: value}]})
    return True


def _unknown_key_in_group(doc: dict[str, Any], generation: str, value: str) -> bool:
    holder, _ = section_holder(doc, "watch-history", generation)
    holder.setdefault(value, [value])
    return True


def _list_as_text(doc: dict[str, Any], generation: str, value: str) -> bool:
    holder, key = section_holder(doc, "likes", generation)
    holder[key] = value
    return True


def _record_as_text(doc: dict[str, Any], generation: str, value: str) -> bool:
    records(doc, "shares", generation)[0] = value
    return True


SLOTS: tuple[Slot, ...] = (
    *(_profile(f) for f in ("userName", "emailAddress", "telephoneNumber", "bioDescription", "birthDate")),
    _profile("an unknown profile field"),
    _record("followers", "UserName"),
    _record("following", "UserName", lambda v: {v: [v, 1]}),  # a bad type holding the value
    _record("comments", "Comment"),
    _record("login-history", "IP"),
    _record("login-history", "DeviceModel", lambda v: [v]),
    _record("searches", "SearchTerm"),
    _record("watch-history", "Date"),  # a bad date
    _record("likes", None),  # an unknown key in a record
    _chat(lambda v: [{"Date": "2025-01-01 10:00:00", "From": v, "Content": v}], "messages"),
    _chat(lambda v: v, "text instead of a list"),
    _unknown_section,
    _unknown_key_in_group,
    _list_as_text,
    _record_as_text,
)

NAMEABLE_KEY_SLOTS = frozenset({"_unknown_section", "_unknown_key_in_group", "likes.<unknown key>"})
"""Slots that plant a *key* under a top level, group or record the schema knows: drift may name it."""

VALUES = st.one_of(
    st.text(max_size=40),
    st.text(
        alphabet=st.sampled_from("<>\"'\\&/ \n\t\u2028\u202e\u00e9\U0001f600abcXYZ019:@."),
        min_size=4,
        max_size=30,
    ),
    st.text(min_size=19, max_size=19),  # as long as a well-formed date
)


class Planted:
    """A planted export; its repr lists the places and values, not the whole file."""

    def __init__(self, generation: str, planted: list[tuple[str, str]], data: bytes) -> None:
        self.generation, self.planted, self.data = generation, planted, data

    def __repr__(self) -> str:
        return f"Planted({self.generation!r}, {self.planted!r}, <{len(self.data)} bytes>)"


@st.composite
def planted_documents(draw: st.DrawFn) -> Planted:
    """A small export with arbitrary text planted in several personal or unexpected places."""
    generation = draw(st.sampled_from(("old", "new")))
    doc = copy.deepcopy(base_document(generation))
    slots = draw(st.lists(st.sampled_from(SLOTS), min_size=1, max_size=6, unique_by=lambda s: s.__name__))
    planted = []
    for slot in slots:
        value = draw(VALUES)
        if slot(doc, generation, value):
            planted.append((slot.__name__, value))
    data = json.dumps(doc, ensure_ascii=draw(st.booleans())).encode("utf-8")
    return Planted(generation, planted, data)


_PLACEHOLDER = re.compile(r"<(?:key|conversation) \d+>")


def _calls(data: bytes) -> Iterator[tuple[str, Callable[[], Result]]]:
    yield "check", lambda: api.check(io.BytesIO(data), name=NAME, now=NOW)
    output = io.BytesIO()
    redacted: list[Result] = []

    def redact() -> Result:
        redacted.append(api.redact(io.BytesIO(data), output, name=NAME, now=NOW))
        return redacted[-1]

    yield "redact", redact
    if redacted and redacted[0].ok and redacted[0].receipt is not None:
        receipt = redacted[0].receipt
        yield "verify", lambda: api.verify(io.BytesIO(output.getvalue()), receipt, now=NOW)


@pytest.mark.timeout(60)
@settings(
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=200,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=planted_documents())
def test_no_value_reaches_findings_summary_receipt_logs_or_exceptions(
    case: Planted, caplog: pytest.LogCaptureFixture
) -> None:
    """Planted text (personal fields, keys, unknown parts, bad dates/types) reaches no output but the file."""
    generation, planted, data = case.generation, case.planted, case.data
    known = fixed_text(generation)
    watched = [(place, value) for place, value in planted if len(value) > 3 and value not in known]
    caplog.clear()
    with caplog.at_level(logging.DEBUG):
        for call_name, call in _calls(data):
            try:
                result = call()
            except Exception as problem:
                text = "".join(traceback.format_exception(problem))
                leaked = [place for place, value in watched if value in text]
                assert not leaked, f"{call_name} raised an exception quoting the value at {leaked}"
                raise
            everything = result.to_dict()
            # The drift report names unknown keys under places the schema knows (by design: a study
            # must learn that TikTok added "Reposts"). Only keys planted there may show in it.
            drift = everything.pop("drift")
            if everything["receipt"] is not None:
                assert everything["receipt"].pop("drift") == drift
            outputs = [
                _PLACEHOLDER.sub("<>", text)
                for text in strings_in(everything)
                if text != (result.receipt or {}).get("output", {}).get("sha256")
            ]
            for finding in result.findings:
                assert finding.code in CATALOGUE
                outputs += [finding.message, _PLACEHOLDER.sub("<>", str(finding.location))]
            for place, value in watched:
                where = [text for text in outputs if value in text]
                assert not where, f"{call_name}: the value planted at {place} appears in {where!r}"
                if not any(value in keyed for slot, keyed in planted if slot in NAMEABLE_KEY_SLOTS):
                    named = [row for row in drift if value in row["key"] or value in row["parent"]]
                    assert not named, f"{call_name}: the value planted at {place} is named as drift"
    for record in caplog.records:
        logged = record.getMessage() + (record.exc_text or "")
        for place, value in watched:
            assert value not in logged, f"the value planted at {place} was logged"


def test_a_date_shaped_garbage_value_is_not_shown_in_the_summary() -> None:
    """A 19-character non-date in a date field never becomes the summary's first or last date."""
    doc = copy.deepcopy(base_document("new"))
    planted = "Jane Doe 0612345678"
    assert len(planted) == 19
    records(doc, "watch-history", "new")[0]["Date"] = planted
    result = api.check(io.BytesIO(json.dumps(doc).encode()), name=NAME, now=NOW)
    assert "bad-date" in [f.code for f in result.findings]
    assert not [text for text in strings_in(result.to_dict()) if planted in text]


@pytest.mark.parametrize(
    "breakage", [b"\t", b"\\x", b'"', b"\\u12"], ids=["raw-tab", "bad-escape", "stray-quote", "short-u"]
)
def test_a_parse_error_inside_a_value_never_quotes_it(breakage: bytes) -> None:
    """A file broken right after a personal value yields findings, and no exception, that quote none of it."""
    doc = copy.deepcopy(base_document("new"))
    planted = "Jane Doe 0612"
    records(doc, "searches", "new")[0]["SearchTerm"] = planted
    data = json.dumps(doc).encode().replace(planted.encode(), planted.encode() + breakage, 1)
    calls: tuple[Callable[[], Result], ...] = (
        lambda: api.check(io.BytesIO(data), name=NAME, now=NOW),
        lambda: api.redact(io.BytesIO(data), io.BytesIO(), name=NAME, now=NOW),
    )
    for call in calls:
        try:
            result = call()
        except Exception as problem:
            text = "".join(traceback.format_exception(problem)) + repr(vars(problem))
            kind = type(problem).__name__
            assert planted not in text, f"{kind} quotes the value"
            raise
        assert not result.ok
        assert [f.code for f in result.findings] == ["not-json"]
        assert not [text for text in strings_in(result.to_dict()) if planted in text]


# -- pseudonyms ----------------------------------------------------------------------------------


def test_same_key_gives_byte_identical_output() -> None:
    """Two redactions with the same explicit key give the same bytes and the same receipt."""
    data, _ = canary_export(CANARY_SPECS[-1])
    first, out1 = redact_bytes(data, key=KEY)
    second, out2 = redact_bytes(data, key=KEY)
    assert out1 == out2
    assert first.receipt == second.receipt
    assert first.receipt is not None
    assert first.receipt["pseudonym_key"] == "provided"


def test_no_key_gives_unlinkable_pseudonyms_across_runs() -> None:
    """Without a key, two redactions of the same export share no pseudonym."""
    data, planted = canary_export(CANARY_SPECS[1])
    first, out1 = redact_bytes(data, key=None)
    _, out2 = redact_bytes(data, key=None)
    assert first.receipt is not None
    assert first.receipt["pseudonym_key"] == "random-per-export"
    assert out1 != out2
    pseudonyms1 = set(re.findall(r"user-[a-z2-7]{16}", out1.decode()))
    pseudonyms2 = set(re.findall(r"user-[a-z2-7]{16}", out2.decode()))
    assert len(pseudonyms1) >= len(planted["followers.UserName"])
    assert not pseudonyms1 & pseudonyms2


@pytest.mark.parametrize("generation", ["old", "new"])
@pytest.mark.parametrize("key", [None, KEY], ids=["random-key", "explicit-key"])
def test_same_person_gets_one_pseudonym_throughout_an_export(generation: str, key: bytes | None) -> None:
    """A username in followers, following, a message's From and a chat key maps to one pseudonym."""
    doc = copy.deepcopy(base_document(generation))
    friend, other = "sam.friend_01", "alex.other_02"
    records(doc, "followers", generation)[0]["UserName"] = friend
    records(doc, "followers", generation)[1]["UserName"] = other
    records(doc, "following", generation)[0]["UserName"] = friend
    holder, chats_key = section_holder(doc, "direct-messages", generation)
    holder[chats_key][f"Chat History with {friend}:"] = [
        {"Date": "2025-01-01 10:00:00", "From": friend, "Content": "hi"},
        {"Date": "2025-01-01 09:00:00", "From": other, "Content": "hey"},
    ]
    result, output = redact_bytes(json.dumps(doc).encode(), key=key)
    assert result.ok
    redacted = json.loads(output)
    assert friend not in output.decode()
    assert other not in output.decode()
    follower = records(redacted, "followers", generation)[0]["UserName"]
    follower_other = records(redacted, "followers", generation)[1]["UserName"]
    following = records(redacted, "following", generation)[0]["UserName"]
    holder, chats_key = section_holder(redacted, "direct-messages", generation)
    chat_keys = [k for k in holder[chats_key] if k.startswith("Chat History with user-")]
    pseudonymised_chat = next(
        k for k in chat_keys if holder[chats_key][k][0]["Date"] == "2025-01-01 10:00:00"
    )
    messages = holder[chats_key][pseudonymised_chat]
    in_key = pseudonymised_chat.removeprefix("Chat History with ").removesuffix(":")
    assert PSEUDONYM.match(follower)
    assert follower == following == messages[0]["From"] == in_key
    assert follower_other == messages[1]["From"] != follower
    if key is not None:
        assert follower == pseudonymise(friend, key)


# -- verify --------------------------------------------------------------------------------------


@cache
def fresh_redaction(spec: ExportSpec) -> tuple[bytes, dict[str, Any]]:
    """A canary export redacted with the study key, and its receipt."""
    data, _ = canary_export(spec)
    result, output = redact_bytes(data, key=KEY)
    assert result.ok
    assert result.receipt is not None
    return output, result.receipt


def with_output(receipt: dict[str, Any], data: bytes) -> dict[str, Any]:
    """The receipt with its output hash and size recomputed for ``data``."""
    forged = copy.deepcopy(receipt)
    forged["output"] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    return forged


@pytest.mark.parametrize("spec", CANARY_SPECS, ids=_spec_id)
def test_verify_passes_on_a_fresh_redaction(spec: ExportSpec) -> None:
    """The file a redaction wrote verifies against its own receipt, with no error."""
    output, receipt = fresh_redaction(spec)
    result = api.verify(io.BytesIO(output), receipt, now=NOW)
    assert result.ok, [f.code for f in result.findings]
    assert "not-redacted" not in [f.code for f in result.findings]


def _put_back(kind: str, text: str, planted: dict[str, set[str]]) -> tuple[str, str]:
    """Edit the redacted text to hold one canary again; return the new text and the canary."""
    if kind == "follower-username":
        value = sorted(planted["followers.UserName"])[0]
        old, new = json.dumps(pseudonymise(value, KEY)), json.dumps(value, ensure_ascii=False)
    elif kind == "chat-key":
        value = sorted(planted["direct-messages.<chat key>"])[0]
        name = value.removeprefix("Chat History with ").removesuffix(":")
        old = json.dumps(f"Chat History with {pseudonymise(name, KEY)}:")
        new = json.dumps(value, ensure_ascii=False)
    elif kind == "exact-ip":
        value = sorted(planted["login-history.IP"])[0]
        network = coarsen_ip(value)
        assert network is not None
        old, new = f'"IP": {json.dumps(network)}', f'"IP": {json.dumps(value)}'
    elif kind == "profile-email":
        value = sorted(planted["profile.emailAddress"])[0]
        old = '"ProfileMap": {'
        new = f'"ProfileMap": {{"emailAddress": {json.dumps(value)}, '
    else:  # message text back into the first message
        value = sorted(planted["direct-messages.Content"])[0]
        match = re.search(r'\{"Date": "[^"]*", "From": "user-[a-z2-7]{16}"', text)
        assert match is not None
        old = match.group()
        new = old + f', "Content": {json.dumps(value, ensure_ascii=False)}'
    assert old in text, kind
    return text.replace(old, new, 1), value


@pytest.mark.parametrize("spec", [CANARY_SPECS[0], CANARY_SPECS[-1]], ids=_spec_id)
@pytest.mark.parametrize(
    "kind", ["follower-username", "chat-key", "exact-ip", "profile-email", "message-text"]
)
def test_verify_catches_a_canary_put_back(spec: ExportSpec, kind: str) -> None:
    """A redacted file with a canary put back (hash recomputed) fails verify with ``not-redacted``."""
    output, receipt = fresh_redaction(spec)
    _, planted = canary_export(spec)
    text, value = _put_back(kind, output.decode("utf-8"), planted)
    tampered = text.encode("utf-8")
    json.loads(tampered)
    result = api.verify(io.BytesIO(tampered), with_output(receipt, tampered), now=NOW)
    codes = [f.code for f in result.findings]
    assert not result.ok
    assert "not-redacted" in codes
    assert "receipt-mismatch" not in codes
    assert not [t for t in strings_in(result.to_dict()) if value in t]


@pytest.mark.parametrize("spec", [CANARY_SPECS[0], CANARY_SPECS[-1]], ids=_spec_id)
def test_verify_catches_one_changed_byte(spec: ExportSpec) -> None:
    """Changing one byte of a redacted file (still valid JSON) fails verify with ``receipt-mismatch``."""
    output, receipt = fresh_redaction(spec)
    at = output.index(b'"Date": "20') + len(b'"Date": "20')
    changed = output[:at] + (b"1" if output[at : at + 1] != b"1" else b"0") + output[at + 1 :]
    assert len(changed) == len(output)
    json.loads(changed)
    result = api.verify(io.BytesIO(changed), receipt, now=NOW)
    assert [f.code for f in result.findings] == ["receipt-mismatch"]


def test_verify_rejects_a_receipt_whose_policy_was_edited() -> None:
    """A receipt whose policy document no longer matches its hash is ``receipt-invalid``."""
    output, receipt = fresh_redaction(CANARY_SPECS[-1])
    forged = copy.deepcopy(receipt)
    forged["policy"]["document"]["categories"]["contact"] = "keep"
    result = api.verify(io.BytesIO(output), forged, now=NOW)
    assert [f.code for f in result.findings] == ["receipt-invalid"]
