"""The records view, record-level choices and the timeline (issue 9), on generated exports.

Oracles are independent of the code under test where it matters: the rows shown are
compared with the redacted file the redactor writes for the same key; removals are
checked by looking for the records in that file; timeline sums by counting dates in the
parsed JSON.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from functools import cache
from typing import Any

import pytest
from click.testing import CliRunner

from tiktok_export import api
from tiktok_export.cli import main
from tiktok_export.policy import ChoiceError, Choices, Policy
from tiktok_export.synthetic import ExportSpec, canary_values, export_bytes

from .test_fastpath import assert_same

KEY = b"k" * 32
NOW = "2026-11-02 00:00:00"
NAME = "user_data_tiktok.json"


@cache
def _export(canaries: bool = False) -> bytes:
    return export_bytes(ExportSpec(target_bytes=600_000, seed=9, canaries=canaries))


def _summary(data: bytes) -> dict[str, dict[str, Any]]:
    result = api.check(io.BytesIO(data), name=NAME, now=NOW).to_dict()
    return {s["id"]: s for s in result["summary"]["sections"]}


def _redacted(data: bytes, choices: Choices | None = None) -> tuple[Any, dict[str, Any]]:
    out = io.BytesIO()
    result = api.redact(io.BytesIO(data), out, name=NAME, pseudonym_key=KEY, now=NOW, choices=choices)
    assert result.ok
    assert result.receipt is not None
    return json.loads(out.getvalue()), result.receipt


def records_at(document: Any, paths: list[str]) -> list[Any]:
    """The records of a section in a parsed export: under the summary's path (``$['A'].B``),
    every first list of objects met depth first, in file order (chats one after another)."""
    found: list[Any] = []

    def lists(node: Any) -> None:
        if isinstance(node, list) and node and all(isinstance(item, dict) for item in node):
            found.extend(node)
        elif isinstance(node, dict):
            for value in node.values():
                lists(value)

    for path in paths:
        node = document
        for part in _parts(path):
            node = node[part]
        lists(node)
    return found


def _parts(path: str) -> list[str]:
    parts: list[str] = []
    rest = path[1:]
    while rest:
        if rest.startswith("['"):
            end = rest.index("']")
            parts.append(rest[2:end])
            rest = rest[end + 2 :]
        else:
            rest = rest[1:]
            cut = min((i for i in (rest.find("."), rest.find("[")) if i >= 0), default=len(rest))
            parts.append(rest[:cut])
            rest = rest[cut:]
    return parts


def _page(data: bytes, **view: Any) -> dict[str, Any]:
    answer = api.records(io.BytesIO(data), name=NAME, pseudonym_key=KEY, **view)
    assert answer["ok"], answer
    return answer


# -- rows are the shared records ------------------------------------------------------------
@pytest.mark.parametrize("section", ["watch-history", "searches", "followers", "direct-messages", "comments"])
def test_rows_equal_the_redacted_file_for_the_same_key(section: str) -> None:
    data = _export()
    summary = _summary(data)[section]
    document, _ = _redacted(data)
    shared = records_at(document, summary["paths"])
    assert len(shared) == summary["records"] > 0
    seen: list[Any] = []
    for page in range(summary["records"] // 20 + 1):
        answer = _page(
            data,
            section=section,
            page=page,
            per_page=20,
            total=summary["records"],
            order=summary["order"],
            places=len(summary["paths"]),  # stops after the section: must not lose a record
        )
        assert answer["count"] == summary["records"]
        seen.extend(answer["rows"])
    by_index = {row["index"]: row["record"] for row in seen}
    assert sorted(by_index) == list(range(summary["records"]))  # every record once
    assert [by_index[i] for i in range(len(shared))] == shared
    if summary["order"] in ("newest-first", "oldest-first") and section != "direct-messages":
        # (chats are each newest first, one after another)
        dates = [next(v for k, v in row["record"].items() if "date" in k.lower()) for row in seen]
        assert dates == sorted(dates, reverse=True)


def test_an_oldest_first_list_is_shown_newest_first_from_its_end() -> None:
    data = _export()
    document = json.loads(data)
    searches = document["Your Activity"]["Searches"]["SearchList"]
    searches.reverse()
    flipped = json.dumps(document).encode()
    summary = _summary(flipped)["searches"]
    assert summary["order"] == "oldest-first"
    first = _page(flipped, section="searches", per_page=7, total=summary["records"], order=summary["order"])
    assert [row["index"] for row in first["rows"]] == list(
        range(summary["records"] - 1, summary["records"] - 8, -1)
    )
    assert first["order"] == "newest-first"
    last_page = summary["records"] // 7
    tail = _page(
        flipped,
        section="searches",
        per_page=7,
        page=last_page,
        total=summary["records"],
        order="oldest-first",
    )
    assert tail["rows"][-1]["index"] == 0


def test_a_search_finds_what_is_shared_and_counts_it() -> None:
    data = _export()
    document, _ = _redacted(data)
    terms = [record["SearchTerm"] for record in document["Your Activity"]["Searches"]["SearchList"]]
    word = "zomer"
    expected = sum(word in term.casefold() for term in terms)
    assert expected > 0
    answer = _page(data, section="searches", query=word.upper(), per_page=500)
    assert _page(data, section="searches", query=word, per_page=500, places=1) == answer
    assert answer["count"] == expected == len(answer["rows"])
    assert all(word in row["record"]["SearchTerm"].casefold() for row in answer["rows"])
    everywhere = _page(data, query=word)
    assert everywhere["by_section"].get("searches") == expected
    assert everywhere["count"] == sum(everywhere["by_section"].values())


def test_searching_for_a_canary_finds_it_only_where_it_is_shared() -> None:
    """The oracle is the redacted file: a canary the policy removed is found nowhere."""
    data = _export(canaries=True)
    spec = ExportSpec(target_bytes=600_000, seed=9, canaries=True)
    shared, _ = _redacted(data)
    text = json.dumps(shared, ensure_ascii=False).casefold()
    gone = found = 0
    for values in canary_values(spec).values():
        for value in sorted(values)[:2]:
            if value.startswith("Chat History with"):
                continue  # a key, not a record's field
            answer = _page(data, query=value)
            if value.casefold() in text:
                assert answer["count"] > 0, value
                found += 1
            else:
                assert answer["count"] == 0
                gone += 1
    assert gone >= 10
    assert found >= 1


def test_search_in_a_section_the_policy_removes_says_so() -> None:
    document = {**Policy.default().document, "id": "no-searches", "sections": {"searches": "drop"}}
    policy = Policy.from_document(document)
    answer = _page(_export(), section="searches", policy=policy)
    assert answer["section_removed"] == "policy"
    assert answer["rows"] == []


# -- removing single records and words ------------------------------------------------------
def test_dropped_records_and_words_are_gone_and_counted() -> None:
    data = _export()
    before, _ = _redacted(data)
    searches = before["Your Activity"]["Searches"]["SearchList"]
    word = "zomer"
    with_word = [i for i, r in enumerate(searches) if word in r["SearchTerm"].casefold()]
    picked = [i for i in (0, 3, 5) if i not in with_word][:3]
    choices = Choices(
        drop_records=frozenset(("searches", i) for i in picked), drop_matching=(("searches", word),)
    )
    after, receipt = _redacted(data, choices)
    kept = after["Your Activity"]["Searches"]["SearchList"]
    gone = set(picked) | set(with_word)
    assert kept == [r for i, r in enumerate(searches) if i not in gone]
    rows = {
        (c["rule"], c["section"]): c["count"] for c in receipt["changes"] if c["rule"].startswith("choices.")
    }
    assert rows == {
        ("choices.drop_records", "searches"): len(picked),
        ("choices.drop_matching", "searches"): len(with_word),
    }
    assert receipt["choices"]["drop_records"] == {"searches": len(picked)}
    assert receipt["choices"]["drop_matching"] == ["searches"]
    text = json.dumps(receipt)
    assert word not in text.casefold()


def test_a_removed_record_is_not_also_counted_as_transformed() -> None:
    data = _export()
    _, plain = _redacted(data)
    _, receipt = _redacted(data, Choices(drop_matching=(("searches", "e"),)))

    def scrubbed(r: dict[str, Any]) -> int:
        return sum(c["count"] for c in r["changes"] if c["section"] == "searches" and c["action"] == "scrub")

    assert scrubbed(plain) > 0
    assert scrubbed(receipt) < scrubbed(plain)


def test_the_page_rows_mark_what_the_choices_remove() -> None:
    data = _export()
    summary = _summary(data)["searches"]
    choices = Choices(drop_records=frozenset({("searches", 1)}), drop_matching=((None, "zomer"),))
    answer = _page(
        data,
        section="searches",
        choices=choices,
        per_page=500,
        total=summary["records"],
        order=summary["order"],
    )
    marks = {row["index"]: row["removed"] for row in answer["rows"]}
    assert marks[1] == "record"
    words = {row["index"] for row in answer["rows"] if "zomer" in row["record"]["SearchTerm"].casefold()}
    assert all(marks[i] == "word" for i in words - {1})
    assert {i for i, mark in marks.items() if mark} == words | {1}


@pytest.mark.parametrize("window", [None, 257, 4096])
def test_fast_and_slow_paths_agree_on_record_choices(window: int | None) -> None:
    choices = Choices(
        drop_records=frozenset({("watch-history", 0), ("watch-history", 401), ("likes", 7)}),
        drop_matching=((None, "zomer"), ("watch-history", "7696")),
    )
    counter = assert_same(_export(), window=window, choices=choices)
    assert counter.bulk > 0  # batches without a chosen record still go in bulk


def test_bad_record_choices_are_refused() -> None:
    policy = Policy.default()
    for choices in (
        Choices(drop_records=frozenset({("nope", 1)})),
        Choices(drop_records=frozenset({("searches", -1)})),
        Choices(drop_matching=((None, "  "),)),
        Choices(drop_matching=(("nope", "x"),)),
    ):
        with pytest.raises(ChoiceError):
            choices.check(policy)


# -- the CLI takes the same choices ---------------------------------------------------------
def test_cli_redact_with_record_choices_matches_the_api(tmp_path: Any) -> None:
    data = _export()
    source = tmp_path / NAME
    source.write_bytes(data)
    out = tmp_path / "out.json"
    args = ["redact", str(source), "-o", str(out), "--pseudonym-key", KEY.hex()]
    args += ["--drop-record", "searches:0", "--drop-record", "likes:3", "--drop-matching", "searches:zomer"]
    args += ["--drop-matching", "Cat"]
    done = CliRunner().invoke(main, args)
    assert done.exit_code == 0, done.output
    choices = Choices(
        drop_records=frozenset({("searches", 0), ("likes", 3)}),
        drop_matching=(("searches", "zomer"), (None, "Cat")),
    )
    expected = io.BytesIO()
    api.redact(io.BytesIO(data), expected, name=NAME, pseudonym_key=KEY, choices=choices)
    assert out.read_bytes() == expected.getvalue()


def test_cli_records_pages_and_searches(tmp_path: Any) -> None:
    source = tmp_path / NAME
    source.write_bytes(_export())
    done = CliRunner().invoke(
        main, ["records", str(source), "--section", "searches", "--per-page", "5", "--json"]
    )
    assert done.exit_code == 0, done.output
    answer = json.loads(done.output)
    assert [row["index"] for row in answer["rows"]] == [0, 1, 2, 3, 4]
    done = CliRunner().invoke(main, ["records", str(source), "--search", "zomer"])
    assert done.exit_code == 0
    assert "record(s)" in done.output
    assert CliRunner().invoke(main, ["records", str(source)]).exit_code == 2


# -- activity over time ----------------------------------------------------------------------
def test_timeline_counts_equal_the_dated_records() -> None:
    data = _export()
    result = api.check(io.BytesIO(data), name=NAME, now=NOW).to_dict()["summary"]
    document = json.loads(data)
    overall: Counter[str] = Counter()
    for section in result["sections"]:
        if not section["timeline"]:
            continue
        assert section["timeline_unit"] == "month"
        assert sum(p["records"] for p in section["timeline"]) == section["records"] - section["undated"]
        periods = [p["period"] for p in section["timeline"]]
        assert periods == [p["period"] for p in result["totals"]["timeline"]]  # charts line up
        for period in section["timeline"]:
            overall[period["period"]] += period["records"]
    assert dict(overall) == {p["period"]: p["records"] for p in result["totals"]["timeline"]}
    searches = document["Your Activity"]["Searches"]["SearchList"]
    months = Counter(record["Date"][:7] for record in searches)
    by_period = {
        p["period"]: p["records"]
        for p in next(s for s in result["sections"] if s["id"] == "searches")["timeline"]
    }
    assert {k: v for k, v in by_period.items() if v} == dict(months)


def test_a_short_export_gets_a_weekly_timeline() -> None:
    dates = ["2026-10-30 10:00:00", "2026-10-29 09:00:00", "2026-10-05 08:00:00", "2026-09-28 23:00:00"]
    searches = [{"Date": date, "SearchTerm": "x"} for date in dates]
    document = {"Your Activity": {"Searches": {"SearchList": searches}}}
    data = json.dumps(document).encode()
    result = api.check(io.BytesIO(data), name=NAME, now=NOW).to_dict()["summary"]
    assert result["totals"]["timeline_unit"] == "week"
    timeline = {p["period"]: p["records"] for p in result["totals"]["timeline"]}
    # ISO weeks, Monday to Sunday: 2026-09-28 is the Monday of week 40, 2026-10-29/30 fall in week 44.
    assert timeline == {"2026-W40": 1, "2026-W41": 1, "2026-W42": 0, "2026-W43": 0, "2026-W44": 2}


def test_a_page_that_stops_early_leaves_no_complaint_behind(monkeypatch: pytest.MonkeyPatch) -> None:
    """With Pyodide's pure-Python ijson, stopping once the page is full must not print
    "Incomplete JSON content" as an ignored exception (the page's console would show it)."""
    import gc
    import sys

    import ijson.backends.python as pure

    from tiktok_export import parse

    monkeypatch.setattr(parse, "ijson", pure)
    seen: list[Any] = []
    monkeypatch.setattr(sys, "unraisablehook", seen.append)
    answer = _page(_export(), section="watch-history", per_page=5)
    gc.collect()
    assert len(answer["rows"]) == 5
    assert seen == []
