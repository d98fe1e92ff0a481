"""The fast path (msgspec batches) gives exactly what the slow path (ijson per record) gives.

Every test runs the same bytes through both paths (``fastpath.ENABLED`` off and on) and
compares the whole result: findings, summary, receipt and the redacted bytes. Record lists
and keys are taken from the compiled schema, so these tests follow a schema change. Small
windows and read sizes make the batch cutting happen at every kind of place: strings holding
``},{``, records cut at every slice edge, multibyte characters split across slices, records
larger than a window.
"""

from __future__ import annotations

import datetime as _dt
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tiktok_export import api, fastpath, synthetic
from tiktok_export.policy import Choices
from tiktok_export.schema_model import Kind, Node, export_model
from tiktok_export.synthetic import ExportSpec, write_export_json

NOW = "2026-11-25 00:00:00"
KEY = b"k" * 16


@dataclass(frozen=True)
class TypedList:
    """A list of typed records somewhere in the schema: its key path and record node."""

    path: tuple[str, ...]
    record: Node


def _typed_lists() -> list[TypedList]:
    found: list[TypedList] = []

    def visit(node: Node, path: tuple[str, ...], depth: int) -> None:
        if depth > 8:
            return
        for key, child in node.props.items():
            if child.kind is Kind.LIST and child.items is not None and fastpath.record_type(child.items):
                found.append(TypedList((*path, key), child.items))
            elif child.kind is Kind.CONTAINER:
                visit(child, (*path, key), depth + 1)

    visit(export_model().root, (), 0)
    return found


TYPED = _typed_lists()
WATCH = max(TYPED, key=lambda t: len(t.record.date_fields) > 0 and len(t.record.props))


class Counter:
    """Counts what the fast path did, to prove a test exercised it."""

    def __init__(self) -> None:
        self.bulk = 0
        self.batches = 0


@contextmanager
def tuned(window: int | None = None, chunk: int | None = None) -> Iterator[Counter]:
    """Small windows and reads (so cuts land everywhere), and a count of batches."""
    saved = fastpath.WINDOW, fastpath.READ_SIZE, fastpath.FastLists.batch
    counter = Counter()
    original = fastpath.FastLists.batch

    def counting(self: fastpath.FastLists, fast: Any, structs: list[Any], piece: bytes, first: int) -> bool:
        counter.batches += 1
        before = self.bulk
        done = original(self, fast, structs, piece, first)
        counter.bulk += self.bulk - before
        return done

    try:
        if window is not None:
            fastpath.WINDOW = window
        if chunk is not None:
            fastpath.READ_SIZE = chunk
        fastpath.FastLists.batch = counting  # type: ignore[method-assign]
        yield counter
    finally:
        fastpath.WINDOW, fastpath.READ_SIZE, fastpath.FastLists.batch = saved  # type: ignore[method-assign]


def _run(
    data: bytes, fast: bool, choices: Choices | None = None
) -> tuple[dict[str, Any], dict[str, Any], bytes]:
    saved = fastpath.ENABLED
    fastpath.ENABLED = fast
    try:
        checked = api.check(io.BytesIO(data), name="user_data_tiktok.json", now=NOW)
        out = io.BytesIO()
        redacted = api.redact(
            io.BytesIO(data), out, name="user_data_tiktok.json", pseudonym_key=KEY, now=NOW, choices=choices
        )
    finally:
        fastpath.ENABLED = saved
    return checked.to_dict(), redacted.to_dict(), out.getvalue()


def assert_same(
    data: bytes, window: int | None = None, chunk: int | None = None, choices: Choices | None = None
) -> Counter:
    """Both paths agree on everything; returns what the fast path did (over a check and a
    redaction: each record is counted twice)."""
    slow = _run(data, fast=False, choices=choices)
    with tuned(window, chunk) as counter:
        fast = _run(data, fast=True, choices=choices)
    assert fast[0] == slow[0]
    assert fast[1] == slow[1]
    assert fast[2] == slow[2]
    return counter


def document(records: str, where: TypedList = WATCH, separator_indent: bool = True) -> bytes:
    """An export holding one typed list with the given record text (already joined)."""
    depth = len(where.path)
    head = "".join("  " * i + json.dumps(key) + ": {\n" for i, key in enumerate(where.path[:-1], 1))
    tail = "".join("  " * i + "}\n" for i in range(depth - 1, 0, -1))
    inner = "  " * depth
    opening = "  " * (depth - 1) + json.dumps(where.path[-1]) + ": [\n"
    text = "{\n" + head + opening + (inner if separator_indent else "") + records + "\n"
    text += "  " * (depth - 1) + "]\n" + tail + "}\n"
    return text.encode("utf-8")


def writer_separator(where: TypedList = WATCH) -> str:
    return ",\n" + "  " * len(where.path)


def good_record(index: int, where: TypedList = WATCH) -> dict[str, Any]:
    """A valid record of the list's type, from the schema (strings, dates in order)."""
    record: dict[str, Any] = {}
    for key, sub in where.record.props.items():
        if key in where.record.date_fields:
            if key == where.record.date_fields[0]:
                moment = _dt.datetime(2024, 1, 1) + _dt.timedelta(minutes=7 * index)
                record[key] = moment.strftime("%Y-%m-%d %H:%M:%S")
        elif sub.types & {"string"} and "pattern" not in sub.schema and len(record) < 3:
            record[key] = f"value {index} \u00e9\U0001f600"
    return record


def compact(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(", ", ": "))


# -- the types come from the schema ---------------------------------------------------------


def test_schema_yields_typed_lists_and_the_big_ones_are_among_them() -> None:
    """Record lists whose schema msgspec can check exactly get a typed decoder."""
    assert len(TYPED) >= 5
    assert WATCH.record.date_fields


# -- the common case is taken in bulk, and copied raw ------------------------------------------


def test_clean_writer_layout_is_processed_in_bulk_and_copied() -> None:
    """A list already in the writer's layout is checked per batch and written as it was."""
    records = writer_separator().join(compact(good_record(i)) for i in range(300))
    counter = assert_same(document(records), window=2048)
    assert counter.bulk == 2 * 300
    assert counter.batches > 3


def test_synthetic_export_is_identical_and_mostly_bulk() -> None:
    """A whole generated export: identical results, and most records never touch ijson."""
    out = io.BytesIO()
    write_export_json(ExportSpec(seed=7, target_bytes=400_000), out)
    counter = assert_same(out.getvalue())
    assert counter.bulk > 1000


@pytest.mark.parametrize(
    "choices",
    [
        Choices(drop_dates=(("2026-03-01", "2026-06-30"),)),
        Choices(drop_dates=(("2014-01-01", "2025-12-31"),)),
        Choices(drop_sections=frozenset(list(export_model().sections)[:3])),
    ],
)
def test_participant_choices_apply_identically(choices: Choices) -> None:
    """Dates and sections the participant drops: the same records go, the same receipt."""
    out = io.BytesIO()
    write_export_json(ExportSpec(seed=8, target_bytes=200_000), out)
    assert_same(out.getvalue(), window=4096, choices=choices)


@pytest.mark.parametrize("generation", synthetic.GENERATIONS)
def test_every_generation_is_identical(generation: str) -> None:
    """Every export generation the generator knows (spellings, ' UTC' dates, 1969 placeholders)."""
    out = io.BytesIO()
    write_export_json(ExportSpec(seed=4, target_bytes=300_000, generation=generation), out)
    assert_same(out.getvalue(), window=4096)


def test_pure_python_ijson_backend_agrees(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pyodide has only ijson's pure-Python backend: the splicing works the same with it."""
    import ijson

    from tiktok_export import parse

    monkeypatch.setattr(parse, "ijson", ijson.get_backend("python"))
    out = io.BytesIO()
    write_export_json(ExportSpec(seed=9, target_bytes=300_000), out)
    counter = assert_same(out.getvalue(), window=8192, chunk=5000)
    assert counter.bulk > 1000
    records = [compact(good_record(i)) for i in range(60)]
    records[30] = records[30].replace('"2024', '"x2024', 1)
    assert_same(document(writer_separator().join(records)), window=500, chunk=77)


@pytest.mark.parametrize("odd", ["reordered", "null", "missing", "duplicate"])
def test_a_record_off_the_rebuilt_layout_is_still_identical(odd: str) -> None:
    """The copy proof that rebuilds a batch from its columns (``FastLists._rebuilt``) must refuse
    a batch whose record has its keys in another order, a null, a missing key or a key twice;
    the counting proof or the re-encoding then decide, with the same bytes as the slow path."""
    records = [good_record(i) for i in range(80)]
    keys = list(records[0])
    assert len(keys) >= 2
    record = records[40]
    if odd == "reordered":
        records[40] = dict(reversed(list(record.items())))
    elif odd == "null":
        nullable = [key for key in keys[1:] if "null" in WATCH.record.props[key].types]
        assert nullable
        record[nullable[0]] = None
    elif odd == "missing":
        del record[keys[-1]]
    texts = [compact(r) for r in records]
    if odd == "duplicate":
        texts[40] = texts[40][:-1] + f', "{keys[-1]}": "second"}}'
    counter = assert_same(document(writer_separator().join(texts)), window=1024)
    assert counter.bulk > 0


@pytest.mark.parametrize("odd", ["other key", "other key with colons", "duplicate", "colon-led value"])
def test_a_key_no_earlier_batch_had_is_still_read(odd: str) -> None:
    """Later batches read first the fields earlier ones had and prove the others absent by
    counting colons (``FastLists._only_these``): a key first seen late, a key twice, or values
    full of colons must give exactly the slow path's results."""
    records = [good_record(i) for i in range(200)]
    keys = list(records[0])
    spare = next(
        key
        for key, sub in WATCH.record.props.items()
        if key not in keys and sub.types & {"string"} and "pattern" not in sub.schema
    )
    texts = [compact(r) for r in records]
    if odd == "other key":
        records[150][spare] = "late"
    elif odd == "other key with colons":
        records[150][spare] = "a:b::c"
        records[150][keys[-1]] = ":::"
    elif odd == "colon-led value":
        for record in records[100:]:
            record[keys[-1]] = ":" + str(record[keys[-1]])
    texts = [compact(r) for r in records]
    if odd == "duplicate":
        texts[150] = texts[150][:-1] + f', "{keys[-1]}": "twice: here"}}'
    counter = assert_same(document(writer_separator().join(texts)), window=1024)
    assert counter.bulk > 0


def test_indented_records_are_reencoded_identically() -> None:
    """TikTok's own 2-space indentation is not the writer's layout: re-encoded, same bytes."""
    records = ",\n".join(json.dumps(good_record(i), indent=2, ensure_ascii=False) for i in range(50))
    counter = assert_same(document(records), window=1024)
    assert counter.bulk == 2 * 50


# -- what must never be copied raw -------------------------------------------------------------


def test_duplicate_key_secret_is_not_copied() -> None:
    """A duplicate key: decoders keep the last value; the first (unchecked) one must not be copied."""
    date_key = WATCH.record.date_fields[0]
    planted = compact(good_record(1))[:-1] + f', "{date_key}": "2024-01-01 00:00:00"}}'
    planted = planted.replace(f'"{date_key}": "2024-01-02', f'"{date_key}": "SECRET-CANARY', 1)
    records = writer_separator().join([compact(good_record(0)), planted, compact(good_record(2))])
    data = document(records)
    assert_same(data, window=256)
    out = io.BytesIO()
    api.redact(io.BytesIO(data), out, name="user_data_tiktok.json", pseudonym_key=KEY, now=NOW)
    assert b"SECRET-CANARY" not in out.getvalue()


@pytest.mark.parametrize(
    "text",
    [
        r"\ud800 lone high",
        r"\udc00 lone low",
        r"\ud83d\ude00 a pair",
        r"\\ud800 an escaped backslash",
        r"quote \" inside",
        r"\u00e9 escaped",
        r"},{ a seam },\n      { in text",
        "}, {",
        r"tab\tnew\nline",
        "a raw\ttab (not JSON)",
    ],
)
def test_escapes_and_seams_inside_strings(text: str) -> None:
    """Escapes (lone surrogates too) and seam-like text inside strings give identical results;
    ``text`` is JSON string content as it stands in the file."""
    other = next(
        key
        for key, sub in WATCH.record.props.items()
        if key not in WATCH.record.date_fields and "string" in sub.types and "pattern" not in sub.schema
    )
    records = [compact(good_record(i)) for i in range(40)]
    records[17] = records[17][:-1] + f', "{other}": "{text}"}}'
    records[18] = "{" + f'"{other}": "{text}", ' + records[18][1:]
    assert_same(document(writer_separator().join(records)), window=300, chunk=97)


def test_negative_zero_and_big_numbers_are_not_copied_raw() -> None:
    """Numbers the writer spells differently go through the encoder (or the slow path)."""
    for where in TYPED:
        numeric = [k for k, sub in where.record.props.items() if sub.types & {"integer", "number"}]
        if numeric:
            break
    else:
        pytest.skip("the schema has no numeric record field")  # reported, never silent
    record = good_record(0, where)
    variants = [-0, 12345678901234567890123, 1.5, 1e400, 0]
    texts = []
    for i, value in enumerate(variants):
        body = dict(good_record(i, where))
        body[numeric[0]] = value
        text = compact(body).replace("12345678901234567890123", "12345678901234567890123")
        if value == 0 and i == 0:
            text = text.replace(f'"{numeric[0]}": 0', f'"{numeric[0]}": -0')
        texts.append(text)
    assert record is not None
    assert_same(document(writer_separator(where).join(texts), where), window=200)


# -- malformed input: same findings as today ---------------------------------------------------


@pytest.mark.parametrize("cut", [0.1, 0.37, 0.5, 0.77, 0.99])
def test_truncated_inside_the_list(cut: float) -> None:
    """A file cut off inside a record list ends in the same finding either way."""
    data = document(writer_separator().join(compact(good_record(i)) for i in range(200)))
    assert_same(data[: int(len(data) * cut)], window=512, chunk=300)


def test_syntax_error_inside_a_record() -> None:
    data = document(writer_separator().join(compact(good_record(i)) for i in range(200)))
    at = data.index(b'"Date"', len(data) // 2) if b'"Date"' in data else len(data) // 2
    assert_same(data[:at] + b"{" + data[at:], window=512)


def test_invalid_utf8_at_a_slice_edge() -> None:
    data = document(writer_separator().join(compact(good_record(i)) for i in range(200)))
    at = data.index("\U0001f600".encode(), len(data) // 2)
    for chunk in (at - 3, at - 1, at, at + 1):
        broken = data[: at + 1] + b"\xff" + data[at + 2 :]
        assert_same(broken, window=512, chunk=chunk)


def test_deep_nesting_inside_a_record_is_too_deep() -> None:
    """200,000 levels inside a record: too-deep, as today, and no crash."""
    other = next(key for key in WATCH.record.props if key not in WATCH.record.date_fields)
    deep = "[" * 200_000 + "]" * 200_000
    records = [compact(good_record(i)) for i in range(10)]
    records[5] = f'{{"{other}": {deep}}}'
    slow = assert_same(document(writer_separator().join(records)))
    assert slow is not None
    checked = api.check(io.BytesIO(document(writer_separator().join(records))), name="x.json", now=NOW)
    assert [f.code for f in checked.findings] == ["too-deep"]


def test_invalid_records_go_to_the_slow_path_with_identical_findings() -> None:
    """Type errors, unknown keys, future and early dates, out-of-order lists."""
    date_key = WATCH.record.date_fields[0]
    records = [good_record(i) for i in range(120)]
    records[3][date_key] = 12
    records[20]["Unknown Key"] = "x"
    records[40][date_key] = "2999-01-01 00:00:00"
    records[60][date_key] = "2001-01-01 00:00:00"
    records[80][date_key] = "not a date"
    records[90] = {}
    records.reverse()
    assert_same(document(writer_separator().join(map(compact, records))), window=700)


def test_a_record_larger_than_the_window() -> None:
    other = next(key for key, sub in WATCH.record.props.items() if key not in WATCH.record.date_fields)
    records = [good_record(i) for i in range(30)]
    records[10][other] = "},{" * 3000 + "x" * 50_000
    counter = assert_same(document(writer_separator().join(map(compact, records))), window=1024, chunk=4096)
    assert counter.bulk >= 2 * 29


@pytest.mark.parametrize(
    "odd",
    [
        "",  # every date has the first one's shape: the column passes by its shape alone
        "{} UTC",  # valid, another shape: the regex decides
        "{}\u0660",  # a Unicode digit: valid for jsonschema, refused by the ASCII column check
        "{}a",  # one character off the shape: invalid
        "{}",  # one digit short: invalid
        "{}0\n",  # `$` before a final newline: valid for jsonschema
    ],
)
def test_a_date_column_checked_by_its_shape_agrees(odd: str) -> None:
    """The digit-blind shape comparison (``fastpath._same_shape``) accepts exactly what the
    pattern accepts: one odd date among same-shaped ones changes nothing but that record.
    The odd date keeps the list in order (only its last second changes), so that the date
    check alone decides."""
    date_key = WATCH.record.date_fields[0]
    records = [good_record(i) for i in range(200)]
    records.reverse()
    if odd:
        records[77][date_key] = odd.format(records[77][date_key][:-1])
    data = document(writer_separator().join(map(compact, records)))
    counter = assert_same(data, window=2048)
    assert counter.bulk > 0


def test_only_patterns_blind_to_digits_are_checked_by_shape() -> None:
    assert fastpath._digit_uniform(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}( UTC)?$")
    assert fastpath._digit_uniform(r"^[a-z][a-z._-]{0,63}$")
    assert not fastpath._digit_uniform(r"^[a-z0-9-]+$")  # names digits in a class
    assert not fastpath._digit_uniform(r"^19\d{2}$")  # a literal digit
    assert not fastpath._digit_uniform(r"^(a)\1$")  # a back-reference


# -- the property: random records, random layout, every slice edge -------------------------------


_TEXT = st.text(alphabet=st.sampled_from([*'ab },{[]":\\/\u00e9\U0001f600\n\t', "\ud800"]), max_size=12)


def _dumps(value: Any, ascii_only: bool) -> str:
    text = json.dumps(value, ensure_ascii=ascii_only)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate can only be written as an escape
        return json.dumps(value)
    return text


DATES = [
    "2024-01-01 10:00:00",
    "2023-05-06 07:08:09",
    "2999-01-01 00:00:00",
    "1969-12-31 23:59:59",
    "2024-01-01 10:00:00\n",  # `$` also matches before a final newline: valid for jsonschema
    "2024-01-01 10:00:00\n2024-01-01 10:00:00",
    "\u0662\u0660\u0662\u0664-01-01 10:00:00",  # a Unicode digit: \\d matches it, the ASCII column check not
    "",
]


@st.composite
def records_text(draw: st.DrawFn) -> tuple[bytes, int, int]:
    where = draw(st.sampled_from(TYPED))
    keys = list(where.record.props)
    values = st.one_of(
        _TEXT,
        st.sampled_from(DATES),
        st.integers(-3, 10**20),
        st.none(),
        st.booleans(),
        st.lists(st.integers(0, 3), max_size=2),
    )
    count = draw(st.integers(0, 40))
    texts = []
    for _ in range(count):
        chosen = draw(st.lists(st.sampled_from([*keys, "Extra"]), max_size=4))
        pairs = [(key, draw(values)) for key in chosen]
        style = draw(st.sampled_from(["writer", "indent", "tight", "ascii"]))
        body = ", ".join(json.dumps(key) + ": " + _dumps(value, style == "ascii") for key, value in pairs)
        if style == "tight":
            body = body.replace(", ", ",").replace(": ", ":")
        text = "{" + body + "}"
        if style == "indent":
            text = json.dumps(dict(pairs), indent=2)  # ASCII: lone surrogates become escapes
        texts.append(text)
    separator = draw(st.sampled_from([writer_separator(where), ",", " ,\n ", ",\n" + "  " * len(where.path)]))
    data = document(separator.join(texts), where)
    return data, draw(st.integers(16, 600)), draw(st.integers(1, 300))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records_text())
def test_property_fast_and_slow_paths_agree(case: tuple[bytes, int, int]) -> None:
    """Random records (valid or not, any layout), any window and read size: identical results."""
    data, window, chunk = case
    assert_same(data, window=window, chunk=chunk)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records_text(), st.floats(0.0, 1.0))
def test_property_truncated_anywhere(case: tuple[bytes, int, int], fraction: float) -> None:
    data, window, chunk = case
    assert_same(data[: int(len(data) * fraction)], window=window, chunk=chunk)


def test_required_keys_are_checked_by_the_typed_decode() -> None:
    """``required`` (as a 2.0 schema may add) stays typed: a record lacking the key is refused."""
    import dataclasses

    import msgspec

    record = WATCH.record
    first = next(iter(record.props))
    node = dataclasses.replace(record, schema={**record.schema, "required": [first]})
    typed = fastpath.record_type(node)
    assert typed is not None
    sample = {first: good_record(0).get(first, "x")}
    assert len(typed.decoder.decode(json.dumps([sample]).encode())) == 1
    with pytest.raises(msgspec.ValidationError):
        typed.decoder.decode(b"[{}]")


# -- redaction a column at a time -----------------------------------------------------------------


_FIELD_VALUES = [
    "jane.doe",
    "jane.doe",  # usernames repeat: the memo's case
    "user-abcdefghijklmnop",  # already a pseudonym: unchanged, not tallied
    "mail a.b@example.org or +31 6 1234 5678 @friend",
    "192.0.2.77",
    "2001:db8::1",
    "not an address",
    "2024-05-17 13:45:10",
    "2024-05-17 13:45:10 UTC",
    "",
    "\u00e9\U0001f600 },{ \\ \"",
    None,
]


@st.composite
def same_shape_records(draw: st.DrawFn) -> tuple[bytes, int]:
    """Records that all have the same keys in the same order (the column path's case), with
    values any policy action may change, keep, drop or fail to transform."""
    where = draw(st.sampled_from(TYPED))
    record = where.record
    candidates = [
        key
        for key, sub in record.props.items()
        if key not in record.date_fields and sub.types & {"string"} and "pattern" not in sub.schema
    ]
    keys = draw(st.lists(st.sampled_from(candidates), unique=True, min_size=1)) if candidates else []
    keys = draw(st.permutations(keys))
    dated = record.date_fields[:1]
    count = draw(st.integers(1, 60))
    texts = []
    for index in range(count):
        body: dict[str, Any] = {}
        if dated:
            moment = _dt.datetime(2024, 1, 1) + _dt.timedelta(minutes=7 * index)
            body[dated[0]] = moment.strftime("%Y-%m-%d %H:%M:%S")
        for key in keys:
            allowed = [v for v in _FIELD_VALUES if v is not None or "null" in record.props[key].types]
            body[key] = draw(st.sampled_from(allowed))
        texts.append(compact(body))
    return document(writer_separator(where).join(texts), where), draw(st.integers(256, 4096))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(same_shape_records())
def test_property_column_redaction_agrees(case: tuple[bytes, int]) -> None:
    """Batches of same-shaped records, redacted a column at a time: the same bytes and receipt
    as record by record (the slow path)."""
    data, window = case
    assert_same(data, window=window)


def test_column_redaction_runs_and_its_memo_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """A generated export's changed batches take the column path, and most are spelled from
    the typed columns without a second decode (a memo of two pseudonyms, cleared again and
    again, changes nothing)."""
    from tiktok_export import redaction

    monkeypatch.setattr(redaction, "PSEUDONYM_MEMO", 2)
    taken: list[bool] = []
    original = redaction.Redactor.columns

    def counting(self: redaction.Redactor, *args: Any) -> Any:
        done = original(self, *args)
        taken.append(done is not None)
        return done

    monkeypatch.setattr(redaction.Redactor, "columns", counting)
    spelled = _count_spelled(monkeypatch)
    out = io.BytesIO()
    write_export_json(ExportSpec(seed=9, target_bytes=400_000), out)
    assert_same(out.getvalue())
    assert taken.count(True) > taken.count(False)
    assert spelled.count(True) > spelled.count(False)


def _count_spelled(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each changed batch was spelled from its columns (True) or handed on (False)."""
    spelled: list[bool] = []
    original = fastpath.FastLists._spelled

    def counting(*args: Any) -> Any:
        text = original(*args)
        spelled.append(text is not None)
        return text

    monkeypatch.setattr(fastpath.FastLists, "_spelled", staticmethod(counting))
    return spelled


@pytest.mark.parametrize("new_value", ['a "quoted" word', "back\\slash", "new\nline", "tab\tand\x01"])
def test_a_changed_value_that_needs_an_escape_is_spelled_by_the_writer(
    monkeypatch: pytest.MonkeyPatch, new_value: str
) -> None:
    """A transform whose result the writer must escape: the batch is not spelled from its
    columns (that would copy the raw character) but goes the redactor's way, and its changes
    are tallied once, not once per way tried (the receipt is compared)."""
    from tiktok_export import redaction

    monkeypatch.setattr(redaction, "scrub", lambda text: text[:3] + new_value)
    spelled = _count_spelled(monkeypatch)
    out = io.BytesIO()
    write_export_json(ExportSpec(seed=9, target_bytes=200_000), out)
    assert_same(out.getvalue())
    assert False in spelled  # a scrubbed column was refused ...
    assert True in spelled  # ... while batches that scrub nothing were still spelled


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(max_size=40) | st.from_regex(r"user-[a-z2-7]{16}", fullmatch=True)),
    st.binary(max_size=80),
)
def test_property_pseudonymiser_is_pseudonymise(texts: list[str], key: bytes) -> None:
    """The redactor's keyed, table-spelled pseudonyms, a list at a time, are exactly
    :func:`pseudonymise`'s (``hmac.new``'s), whatever this runtime's HMAC (keys past a block too;
    names that are pseudonyms already stay)."""
    from tiktok_export.transforms import Pseudonymiser, pseudonymise

    expected = [pseudonymise(text, key) for text in texts]
    assert Pseudonymiser(key).many(texts) == expected
    assert [Pseudonymiser(key)(text) for text in texts] == expected


def test_pseudonymiser_runs_this_runtimes_hmac_and_the_other(monkeypatch: pytest.MonkeyPatch) -> None:
    """Both ways :func:`~tiktok_export.transforms._keyed_hmac_sha256` has (CPython 3.14's
    ``_hmac`` and the copied keyed states elsewhere) give ``hmac.new``'s digests, whichever one
    this interpreter would pick by itself."""
    import hashlib
    import hmac
    import sys
    import types

    from tiktok_export import transforms

    messages = [b"", b"jane", "ž🙂".encode(), b"x" * 300]
    context = transforms._PSEUDONYM_CONTEXT
    keys = (b"", b"k", b"k" * 64, b"k" * 65)
    expected = [[hmac.new(key, context + m, hashlib.sha256).digest() for m in messages] for key in keys]
    assert [transforms._keyed_hmac_sha256(key)(messages) for key in keys] == expected
    monkeypatch.setitem(sys.modules, "_hmac", None)  # as where CPython has no such module
    assert [transforms._keyed_hmac_sha256(key)(messages) for key in keys] == expected
    one_call = types.SimpleNamespace(compute_sha256=lambda key, data: hmac.digest(key, data, "sha256"))
    monkeypatch.setitem(sys.modules, "_hmac", one_call)  # as in CPython 3.14 and Pyodide 314
    assert [transforms._keyed_hmac_sha256(key)(messages) for key in keys] == expected
