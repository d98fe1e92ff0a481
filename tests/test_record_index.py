"""The records view through the record index gives exactly what streaming gives (issue 9).

A check fills the index (:mod:`tiktok_export.record_index`); a page without a search then reads
only the batches holding it. Oracles: the streamed answer for the same request (every field of
it), and the redacted file the redactor writes for the same key (``records_at``), both without
and with the participant's record choices. Each indexed request runs with the streaming pass
made impossible, so a silent fall back cannot pass for the index; requests the index must not
serve (a gap, another file, a search) are shown to stream and still agree.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

import pytest

from tiktok_export import api, pipeline, record_index, records
from tiktok_export.policy import Choices
from tiktok_export.record_index import RecordIndex
from tiktok_export.synthetic import ExportSpec, canary_values, export_bytes

from .test_fastpath import tuned
from .test_records import KEY, NOW, records_at

JSON = "user_data_tiktok.json"
ZIP = "TikTok_Data.zip"


@cache
def _json(seed: int = 9, flipped: bool = False) -> bytes:
    data = export_bytes(ExportSpec(target_bytes=900_000, seed=seed))
    if not flipped:
        return data
    # The same export with watch history oldest first (and on one line: another layout to cut).
    document = json.loads(data)
    document["Your Activity"]["Watch History"]["VideoList"].reverse()
    return json.dumps(document, ensure_ascii=False).encode()


def _zip(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("TikTok_Data/user_data_tiktok.json", data)
    return out.getvalue()


def _checked(data: bytes, name: str) -> tuple[RecordIndex, dict[str, dict[str, Any]]]:
    index = RecordIndex()
    result = api.check(io.BytesIO(data), name=name, now=NOW, index=index).to_dict()
    assert result["ok"]
    assert index.size is not None  # finished: the whole file was read and is usable
    return index, {s["id"]: s for s in result["summary"]["sections"]}


@contextmanager
def _no_stream(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Inside, a request that would stream the export fails the test."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the request streamed the export instead of reading its index")

    with monkeypatch.context() as patched:
        patched.setattr(records, "run", refuse)
        yield


def _ask(
    data: bytes, name: str, summary: dict[str, Any], page: int, index: RecordIndex | None, **more: Any
) -> dict[str, Any]:
    answer = api.records(
        io.BytesIO(data),
        name=name,
        pseudonym_key=KEY,
        section=summary["id"],
        page=page,
        per_page=more.pop("per_page", 50),
        total=summary["records"],
        order=summary["order"],
        places=len(summary["paths"]),
        index=index,
        **more,
    )
    assert answer["ok"], answer
    return answer


def _redacted(data: bytes, name: str, choices: Choices | None = None) -> Any:
    out = io.BytesIO()
    result = api.redact(io.BytesIO(data), out, name=name, pseudonym_key=KEY, now=NOW, choices=choices)
    assert result.ok
    return json.loads(out.getvalue())


def _pages(summary: dict[str, Any], per_page: int = 50) -> list[int]:
    last = max(0, (summary["records"] - 1) // per_page)
    return sorted({0, 1, last // 2, last - 1, last, last + 1} - {-1})


def _choices(summary: dict[str, Any], shown: list[int]) -> Choices:
    """Record choices that touch the section: two records ``shown`` on a page, a word, and the
    day of the section's oldest record."""
    oldest = summary["first"][:10]
    return Choices(
        drop_dates=((oldest, oldest),),
        drop_records=frozenset({(summary["id"], shown[2]), (summary["id"], shown[5])}),
        drop_matching=((None, "zomer"), (summary["id"], "7696")),
    )


# -- the index serves pages, and they are the streamed pages -------------------------------------
@pytest.mark.parametrize("packed", [False, True], ids=["json", "zip"])
@pytest.mark.parametrize(
    ("section", "flipped"),
    [("watch-history", False), ("watch-history", True), ("comments", False), ("direct-messages", False)],
    ids=["watch-newest-first", "watch-oldest-first", "comments-late", "chats"],
)
def test_indexed_pages_equal_streamed_pages_and_the_redacted_file(
    monkeypatch: pytest.MonkeyPatch, packed: bool, section: str, flipped: bool
) -> None:
    plain = _json(flipped=flipped)
    data, name = (_zip(plain), ZIP) if packed else (plain, JSON)
    index, summaries = _checked(data, name)
    summary = summaries[section]
    assert summary["order"] == ("oldest-first" if flipped else "newest-first")
    shared = records_at(_redacted(plain, JSON), summary["paths"])
    assert len(shared) == summary["records"] > 100
    middle = _pages(summary)[len(_pages(summary)) // 2]
    choices = _choices(summary, [row["index"] for row in _ask(data, name, summary, middle, None)["rows"]])
    kept = records_at(_redacted(plain, JSON, choices), summary["paths"])
    assert 0 < len(kept) < len(shared)
    marks: dict[int, str | None] = {}
    for page in _pages(summary):
        for chosen in (None, choices):
            streamed = _ask(data, name, summary, page, None, choices=chosen)
            with _no_stream(monkeypatch):
                indexed = _ask(data, name, summary, page, index, choices=chosen)
            assert indexed == streamed, (page, chosen)
            rows = indexed["rows"]
            assert [row["record"] for row in rows] == [shared[row["index"]] for row in rows]
            indexes = [row["index"] for row in rows]
            assert indexes == sorted(indexes, reverse=flipped)  # newest first: from the end if stored last
            if chosen is not None:
                marks.update((row["index"], row["removed"]) for row in rows)
    assert {"record", "date", None} <= set(marks.values())
    # What the marks keep is what the redaction with the same choices writes, in file order.
    seen = sorted(marks)
    kept_here = [shared[i] for i in seen if marks[i] is None]
    assert all(record in kept for record in kept_here)
    assert sum(1 for i in seen if marks[i] is not None) == sum(1 for i in seen if shared[i] not in kept)


def test_every_record_of_a_section_once_through_many_small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tiny batches and reads: a page spans many batches and starts and ends inside them."""
    data = _json()
    with tuned(window=257, chunk=1000):
        index, summaries = _checked(data, JSON)
    summary = summaries["searches"]
    assert index.entries > 100
    shared = records_at(_redacted(data, JSON), summary["paths"])
    seen: list[dict[str, Any]] = []
    for page in range(summary["records"] // 37 + 1):
        with _no_stream(monkeypatch):
            answer = _ask(data, JSON, summary, page, index, per_page=37)
        assert answer == _ask(data, JSON, summary, page, None, per_page=37)
        seen.extend(answer["rows"])
    assert [row["index"] for row in seen] == list(range(summary["records"]))
    assert [row["record"] for row in seen] == shared


def test_a_byte_order_mark_is_counted_in_the_offsets(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b"\xef\xbb\xbf" + _json()
    index, summaries = _checked(data, JSON)
    summary = summaries["watch-history"]
    for page in _pages(summary):
        with _no_stream(monkeypatch):
            indexed = _ask(data, JSON, summary, page, index)
        assert indexed == _ask(data, JSON, summary, page, None)


# -- what the index does not cover is streamed, with the same answer -----------------------------
def _spy(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts streaming passes of the records view."""
    passes: list[int] = []
    original: Callable[..., Any] = pipeline.run  # what records.run is

    def counting(*args: Any, **kwargs: Any) -> Any:
        passes.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(records, "run", counting)
    return passes


def test_a_list_the_fast_path_hands_back_is_streamed_past_the_gap(monkeypatch: pytest.MonkeyPatch) -> None:
    """A record with a key the schema does not know sends the rest of its list to ijson: the
    index covers the list up to there; pages after it stream; all answers agree."""
    document = json.loads(_json())
    videos = document["Your Activity"]["Watch History"]["VideoList"]
    gap = len(videos) // 2
    videos[gap]["NotAKey"] = "x"
    data = json.dumps(document, indent=2).encode()
    index, summaries = _checked(data, JSON)
    summary = summaries["watch-history"]
    passes = _spy(monkeypatch)
    streamed_pages = 0
    for page in (0, 1, gap // 50 - 1, gap // 50, gap // 50 + 1, _pages(summary)[-2]):
        before = len(passes)
        indexed = _ask(data, JSON, summary, page, index)
        streamed_pages += len(passes) - before
        assert indexed == _ask(data, JSON, summary, page, None)
    assert 0 < streamed_pages < 6  # the first pages came from the index, the later ones streamed


def test_another_file_or_another_summary_is_streamed(monkeypatch: pytest.MonkeyPatch) -> None:
    index, summaries = _checked(_json(), JSON)
    other = _json(seed=10)
    _, others = _checked(other, JSON)
    passes = _spy(monkeypatch)
    summary = others["watch-history"]
    assert _ask(other, JSON, summary, 3, index) == _ask(other, JSON, summary, 3, None)
    assert len(passes) == 2  # a file of another size: the index is not used
    data = _json()
    wrong = {**summaries["watch-history"], "records": summaries["watch-history"]["records"] - 1}
    assert _ask(data, JSON, wrong, 3, index) == _ask(data, JSON, wrong, 3, None)
    assert len(passes) == 4  # a total that is not the indexed file's: streamed too


def test_searches_and_unfinished_indexes_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _json()
    index, summaries = _checked(data, JSON)
    summary = summaries["searches"]
    passes = _spy(monkeypatch)
    searched = _ask(data, JSON, summary, 0, index, query="zomer")
    assert searched == _ask(data, JSON, summary, 0, None, query="zomer")
    assert len(passes) == 2
    broken = RecordIndex()
    api.check(io.BytesIO(data[:-100]), name=JSON, now=NOW, index=broken)  # truncated: not ok
    assert broken.size is None
    assert _ask(data, JSON, summary, 0, broken) == _ask(data, JSON, summary, 0, None)
    assert len(passes) == 4


def test_the_index_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(record_index, "MAX_ENTRIES", 3)
    data = _json()
    index, summaries = _checked(data, JSON)
    assert index.entries == 3
    summary = summaries["watch-history"]
    for page in _pages(summary):
        assert _ask(data, JSON, summary, page, index) == _ask(data, JSON, summary, page, None)


# -- privacy ---------------------------------------------------------------------------------------
def test_the_index_holds_no_value_from_the_file() -> None:
    """Numbers, section ids and receipt patterns only: no planted canary anywhere in it (the
    chats' keys, named after friends, are numbered placeholders in the patterns)."""
    spec = ExportSpec(target_bytes=600_000, seed=9, canaries=True)
    data = export_bytes(spec)
    index = RecordIndex()
    assert api.check(io.BytesIO(data), name=JSON, now=NOW, index=index).ok
    held: list[Any] = [index.totals, index.size, index.entries]
    for section_id, runs in index._sections.items():
        held += [section_id, list(runs.firsts), list(runs.counts), list(runs.starts), list(runs.ends)]
        held += [list(runs.places)]
    held += [place.pattern for place in index._places]
    text = json.dumps(held, ensure_ascii=False).casefold()
    values = [value for found in canary_values(spec).values() for value in found]
    assert len(values) > 10
    for value in values:
        assert value.casefold() not in text
        name = value.removeprefix("Chat History with ").removesuffix(":")
        assert name.casefold() not in text
    assert {type(place.node).__name__ for place in index._places} == {"Node"}  # the schema's
    assert "direct-messages" in index._sections
