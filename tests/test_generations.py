"""Real exports of every generation: recognised, counted and redacted right.

The fixtures in ``tests/generations/`` copy the exact structure of TikTok's export in each
generation from 2021 to 2026 (values invented, sources cited in each ``SOURCES.md``), and
``expected_counts.json`` says how many records each list holds, as counted by the script that
wrote them, not by this tool. Here the tool must find every one of them in the right section,
date them (TikTok's 1969 placeholder is no date), and keep what a study needs after the
default redaction while removing what it must.
"""

from __future__ import annotations

import io
import json
import re
from functools import cache
from typing import Any

import pytest

from tiktok_export import api
from tiktok_export.paths import format_path
from tiktok_export.pipeline import Result
from tiktok_export.policy import Policy

from .generations.build import GENERATION_DIRS, fixture_path

NOW = "2026-11-25 00:00:00"
KEY = b"study-key-0123456789abcdef-32byt"
COUNTS = fixture_path("2026").parent.parent / "expected_counts.json"
EXPECTED: dict[str, Any] = json.loads(COUNTS.read_text("utf-8"))
FULL = [name for name in GENERATION_DIRS if "custom" not in name]
CUSTOM = [name for name in GENERATION_DIRS if "custom" in name]
PSEUDONYM = re.compile(r"^user-[a-z2-7]{16}$")


@cache
def checked(name: str) -> Result:
    return api.check(fixture_path(name), now=NOW)


@cache
def redacted(name: str) -> tuple[Result, dict[str, Any]]:
    output = io.BytesIO()
    path = fixture_path(name)
    result = api.redact(path, output, policy=Policy.default(), pseudonym_key=KEY, now=NOW)
    return result, json.loads(output.getvalue())


def record_lists(name: str) -> dict[tuple[str, ...], dict[str, Any]]:
    """The record lists the fixture's builder wrote, by raw path (lists inside records left out)."""
    lists = EXPECTED[name]["lists"]
    inside_one_record = ("SettingsMap", "ProfileMap")  # lists that are fields of a single record object
    return {
        tuple(path.split("/")): entry
        for path, entry in lists.items()
        if entry["kind"] == "list"
        and not any(part.isdigit() or part in inside_one_record for part in path.split("/"))
    }


def section_of(result: Result, raw: tuple[str, ...]) -> dict[str, Any] | None:
    """The summary section whose path is a prefix of ``raw`` (the longest such)."""
    assert result.summary is not None
    best, best_len = None, -1
    for section in result.summary["sections"]:
        for length in range(len(raw), 0, -1):
            if format_path(raw[:length]) in section["paths"] and length > best_len:
                best, best_len = section, length
    return best


@pytest.mark.parametrize("name", FULL)
def test_a_complete_export_of_every_generation_is_usable_and_fully_known(name: str) -> None:
    """No error, no unknown part, no drift: the schema knows every key of every generation's export."""
    result = checked(name)
    codes = sorted({f.code for f in result.findings})
    assert result.ok, codes
    assert not {"unknown-section", "unknown-field", "date-out-of-range", "bad-date"} & set(codes), codes
    assert result.drift == []


@pytest.mark.parametrize("name", list(GENERATION_DIRS))
def test_every_list_is_counted_in_its_section(name: str) -> None:
    """Each list the fixture holds is counted, record for record, in the section it belongs to."""
    result = checked(name)
    expected: dict[str, int] = {}
    for raw, entry in record_lists(name).items():
        section = section_of(result, raw)
        assert section is not None, f"{'/'.join(raw)} is not in any section"
        assert section["known"], raw
        expected[section["id"]] = expected.get(section["id"], 0) + entry["count"]
    assert result.summary is not None
    counted = {s["id"]: s["records"] for s in result.summary["sections"] if s["id"] in expected}
    assert counted == expected


@pytest.mark.parametrize("name", list(GENERATION_DIRS))
def test_dates_span_the_real_records_and_placeholders_are_undated(name: str) -> None:
    """First and last dates per section come from real dates; TikTok's 1969 placeholder counts as undated."""
    result = checked(name)
    spans: dict[str, tuple[str, str]] = {}
    placeholders: dict[str, int] = {}
    for raw, entry in record_lists(name).items():
        section = section_of(result, raw)
        assert section is not None
        if entry.get("placeholders"):
            placeholders[section["id"]] = placeholders.get(section["id"], 0) + entry["placeholders"]
        if entry["min_date"] is None:
            continue
        low, high = spans.get(section["id"], (entry["min_date"], entry["max_date"]))
        spans[section["id"]] = (min(low, entry["min_date"]), max(high, entry["max_date"]))
    assert result.summary is not None
    by_id = {s["id"]: s for s in result.summary["sections"]}
    for section_id, (low, high) in spans.items():
        assert (by_id[section_id]["first"], by_id[section_id]["last"]) == (low, high), section_id
    for section_id, count in placeholders.items():
        assert by_id[section_id]["undated"] >= count, section_id
    totals = result.summary["totals"]
    assert totals["first"] is None or totals["first"] >= "2014"


@pytest.mark.parametrize("name", CUSTOM)
def test_a_custom_selection_is_reported_as_such(name: str) -> None:
    """A file with only some groups is recognised as TikTok's and told to choose 'All data'."""
    result = checked(name)
    codes = [f.code for f in result.findings]
    assert "missing-sections" in codes
    assert "not-tiktok" not in codes


def _records(doc: dict[str, Any], raw: tuple[str, ...], like: dict[str, Any] | None = None) -> list[Any]:
    """The list at ``raw``; a key the redaction renamed (a chat) is found by its position in ``like``."""
    value: Any = doc
    original: Any = like
    for key in raw:
        if not isinstance(value, dict):
            return []
        actual = key
        if key not in value and isinstance(original, dict) and key in original:
            names, position = list(value), list(original).index(key)
            actual = names[position] if position < len(names) else key
        if actual not in value:
            return []
        value = value[actual]
        original = original.get(key) if isinstance(original, dict) else None
    return value if isinstance(value, list) else []


MAIN = (
    "watch-history", "likes", "followers", "following", "direct-messages", "comments", "searches", "shares",
)  # fmt: skip


@pytest.mark.parametrize("name", FULL)
def test_default_redaction_keeps_what_studies_need_and_removes_what_it_must(name: str) -> None:
    """Links and dates stay; follows and message senders become pseudonyms; message and comment text go."""
    before = checked(name)
    result, doc = redacted(name)
    assert result.ok
    assert before.summary is not None
    assert result.summary is not None
    counts = {s["id"]: s["records"] for s in before.summary["sections"]}
    text = json.dumps(doc, ensure_ascii=False)
    for raw in record_lists(name):
        section = section_of(before, raw)
        assert section is not None
        if section["id"] not in MAIN or not counts.get(section["id"]):
            continue
        source = json.loads(fixture_path(name).read_text("utf-8"))
        original = _records(source, raw)
        rows = _records(doc, raw, source)
        assert len(rows) == len(original), (section["id"], raw)
        for row, row_before in zip(rows, original, strict=True):
            dates = [k for k in ("Date", "date") if k in row_before]
            assert all(row[k] == row_before[k] for k in dates), section["id"]
            if section["id"] in ("watch-history", "likes"):
                links = [k for k in ("Link", "VideoLink", "link") if k in row_before]
                assert links, section["id"]
                assert all(row[k] == row_before[k] for k in links), section["id"]
            if section["id"] in ("followers", "following"):
                assert PSEUDONYM.match(row["UserName"]), section["id"]
            if section["id"] == "direct-messages":
                assert "Content" not in row
                assert row["From"] == "" or PSEUDONYM.match(row["From"])
            if section["id"] == "comments":
                assert not {"Comment", "comment"} & set(row)
    for gone in ("@example.org", "+44 7700 900", "invented_friend"):
        assert gone not in text, gone
    assert not re.search(r'"(?:\d{1,3}\.){3}\d{1,3}"', text), "an exact IPv4 address is left"


def test_the_drift_report_names_a_new_section_but_never_a_chat_name() -> None:
    """An unknown 'Reposts'-like section and record field are named; keys inside a chat map never are."""
    doc = json.loads(fixture_path("2026").read_text("utf-8"))
    doc["Your Activity"]["Brand New Section"] = {"NewList": [{"Date": "2026-01-01 00:00:00"}]}
    doc["Brand New Group"] = {"x": 1}
    doc["Likes and Favorites"]["Like List"]["ItemFavoriteList"][0]["newField"] = "x"
    chats = doc["Direct Message"]["Direct Messages"]["ChatHistory"]
    message = {"Date": "2026-01-01 00:00:00", "From": "", "Content": ""}
    chats["Chat History with someone.private:"] = [message]
    doc["jane.doe@example.org"] = {}
    result = api.check(io.BytesIO(json.dumps(doc).encode()), name="user_data_tiktok.json", now=NOW)
    named = {(row["kind"], row["key"]) for row in result.drift}
    assert ("section", "Brand New Section") in named
    assert ("group", "Brand New Group") in named
    assert ("field", "newField") in named
    assert ("group", "<key>") in named
    text = json.dumps(result.to_dict())
    assert "someone.private" not in text
    assert "jane.doe" not in text
    output = io.BytesIO()
    receipt = api.redact(io.BytesIO(json.dumps(doc).encode()), output, name="u.json", now=NOW).receipt
    assert receipt is not None
    assert {(row["kind"], row["key"]) for row in receipt["drift"]} == named


def test_a_policy_can_require_sections() -> None:
    """A study's ``required_sections`` refuses an export without records there, and passes one with them."""
    policy = Policy.from_document(
        {**Policy.default().document, "id": "needs-dms", "required_sections": ["direct-messages", "likes"]}
    )
    full = api.check(fixture_path("2026"), now=NOW, policy=policy)
    assert full.ok, [f.code for f in full.findings]
    likes_only = api.check(fixture_path("2026-custom-likes"), now=NOW, policy=policy)
    missing = [f for f in likes_only.findings if f.code == "required-section-missing"]
    assert [f.params["section"] for f in missing] == ["Direct messages"]
    output = io.BytesIO()
    redacted = api.redact(fixture_path("2026-custom-likes"), output, policy=policy, now=NOW)
    assert "required-section-missing" in [f.code for f in redacted.findings]
