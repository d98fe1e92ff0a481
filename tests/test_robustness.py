"""Robustness: damaged, hostile and odd picks always end in catalogue findings.

Every test starts from small synthetic exports (never real data), mutates them the way a
download, a file system or an attacker could (cut short, spliced, bit-flipped, invalid
UTF-8, absurd nesting, a damaged zip), and runs the public entry points. Whatever comes
in, :func:`tiktok_export.api.check` and :func:`tiktok_export.api.redact` must return a
``Result`` whose findings all come from ``CATALOGUE``: never an uncaught exception, never
a ``RecursionError``, never a hang. The second half pins each finding code of the
recognition stage with one small, targeted input.
"""

from __future__ import annotations

import functools
import io
import json
import struct
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tiktok_export import api, source
from tiktok_export.findings import CATALOGUE, Severity
from tiktok_export.pipeline import Result
from tiktok_export.synthetic import (
    ExportSpec,
    export_bytes,
    write_export_zip,
    write_other_platform_zip,
    write_txt_export_zip,
)

NOW = "2026-11-01 12:00:00"
PROPERTY = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# -- base exports ---------------------------------------------------------------------------

BASES: dict[str, ExportSpec] = {
    "old": ExportSpec(generation="old", seed=11, target_bytes=24_000),
    "new": ExportSpec(generation="new", seed=12, target_bytes=40_000, hostile=True),
    "new-small": ExportSpec(generation="new", seed=13, target_bytes=20_000),
    "old-hostile": ExportSpec(generation="old", seed=14, target_bytes=56_000, hostile=True),
}
"""Both generations, 20-60 KB, with and without hostile text (emoji, RTL, markup)."""


@functools.cache
def base_json(key: str) -> bytes:
    """The JSON bytes of one base export (generated once per session)."""
    return export_bytes(BASES[key])


@functools.cache
def base_zip(key: str) -> bytes:
    """The same export as TikTok delivers it: a zip with one deflated member."""
    buffer = io.BytesIO()
    write_export_zip(BASES[key], buffer)
    return buffer.getvalue()


def zip_bytes(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip built in memory from ``name -> bytes``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def member_data_span(data: bytes) -> tuple[int, int]:
    """Start and end offset of the first member's compressed bytes inside a zip."""
    info = zipfile.ZipFile(io.BytesIO(data)).infolist()[0]
    name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_len + extra_len
    return start, start + info.compress_size


def central_directory_span(data: bytes) -> tuple[int, int]:
    """Start of the central directory and end of the end-of-central-directory record."""
    return data.index(b"PK\x01\x02"), len(data)


# -- running the entry points ---------------------------------------------------------------


def run_both(data: bytes, name: str) -> tuple[Result, Result, bytes]:
    """Run check and redact on the same bytes; return both results and the redacted output."""
    checked = api.check(io.BytesIO(data), name=name, now=NOW)
    output = io.BytesIO()
    redacted = api.redact(io.BytesIO(data), output, name=name, now=NOW)
    return checked, redacted, output.getvalue()


def assert_well_formed(result: Result) -> None:
    """A result the page and the CLI can show: catalogue codes, plain-JSON to_dict."""
    assert isinstance(result, Result)
    for finding in result.findings:
        assert finding.code in CATALOGUE, finding.code
        assert isinstance(finding.severity, Severity)
        assert finding.message
    json.dumps(result.to_dict())


def assert_robust(data: bytes, name: str, *, budget: float = 20.0) -> tuple[Result, Result, bytes]:
    """check and redact end with well-formed results that agree, within a time budget."""
    started = time.monotonic()
    checked, redacted, output = run_both(data, name)
    elapsed = time.monotonic() - started
    assert elapsed < budget, f"check + redact took {elapsed:.1f} s on {len(data)} bytes"
    assert_well_formed(checked)
    assert_well_formed(redacted)
    assert [f.code for f in checked.findings] == [f.code for f in redacted.findings]
    if redacted.ok:
        assert redacted.receipt is not None
        json.loads(output.decode("utf-8"))  # the redacted file of an ok pick is valid JSON
        assert redacted.receipt["output"]["bytes"] == len(output)
    return checked, redacted, output


def codes(result: Result) -> list[str]:
    """The finding codes of a result, in order."""
    return [f.code for f in result.findings]


def check_bytes(data: bytes, name: str) -> Result:
    """``api.check`` over bytes in memory."""
    return api.check(io.BytesIO(data), name=name, now=NOW)


# -- mutations ------------------------------------------------------------------------------

INVALID_UTF8 = (
    b"\xff",  # never valid
    b"\xc3",  # a lead byte without its continuation
    b"\x80\x80",  # continuation bytes without a lead
    b"\xed\xa0\x80",  # an encoded surrogate
    b"\xc0\xaf",  # an overlong encoding
    b"\xf4\x90\x80\x80",  # beyond U+10FFFF
    b"\xe9",  # Latin-1 e-acute
)
DEEP_OPENERS = (b"[", b'{"a": ', b'{"": [')
TOKENS = (b'"', b",", b":", b"}", b"]", b"{", b"[", b"null", b"\\", b"\\u", b"\\ud800", b"-", b"1e999",
          b"NaN", b"\t", b"\n", b"\x00", b"\xef\xbb\xbf", b"PK\x03\x04")  # fmt: skip


Mutation = Callable[[st.DrawFn, bytes], bytes]


def _pos(draw: st.DrawFn, data: bytes) -> int:
    return draw(st.integers(0, max(len(data) - 1, 0)))


def truncate(draw: st.DrawFn, data: bytes) -> bytes:
    """Cut the file at a random offset."""
    return data[: _pos(draw, data)]


def splice(draw: st.DrawFn, data: bytes) -> bytes:
    """Copy a random slice of the file into another position."""
    start = _pos(draw, data)
    length = draw(st.integers(1, 4096))
    at = _pos(draw, data)
    return data[:at] + data[start : start + length] + data[at:]


def overwrite(draw: st.DrawFn, data: bytes) -> bytes:
    """Flip or overwrite a few random bytes."""
    if not data:
        return data
    mutable = bytearray(data)
    for _ in range(draw(st.integers(1, 8))):
        at = _pos(draw, data)
        if draw(st.booleans()):
            mutable[at] ^= 1 << draw(st.integers(0, 7))
        else:
            mutable[at] = draw(st.integers(0, 255))
    return bytes(mutable)


def invalid_utf8(draw: st.DrawFn, data: bytes) -> bytes:
    """Insert a byte sequence that is not UTF-8."""
    at = _pos(draw, data)
    return data[:at] + draw(st.sampled_from(INVALID_UTF8)) + data[at:]


def deep_nesting(draw: st.DrawFn, data: bytes) -> bytes:
    """Insert absurd nesting (up to ``[`` * 100000) somewhere."""
    at = _pos(draw, data)
    count = draw(st.sampled_from((65, 1_000, 100_000)))
    return data[:at] + draw(st.sampled_from(DEEP_OPENERS)) * count + data[at:]


def delete(draw: st.DrawFn, data: bytes) -> bytes:
    """Remove a random run of bytes."""
    at = _pos(draw, data)
    return data[:at] + data[at + draw(st.integers(1, 64)) :]


def insert_token(draw: st.DrawFn, data: bytes) -> bytes:
    """Insert a JSON-significant token or an awkward byte sequence."""
    at = _pos(draw, data)
    return data[:at] + draw(st.sampled_from(TOKENS)) + data[at:]


GENERIC: tuple[Mutation, ...] = (
    truncate, splice, overwrite, invalid_utf8, deep_nesting, delete, insert_token,
)  # fmt: skip


def rezip_mutated_member(draw: st.DrawFn, data: bytes) -> bytes:
    """Replace the zip's member by a mutated copy of its JSON, properly re-zipped."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.infolist()[0]
        inner = archive.read(info)
    inner = draw(st.sampled_from(GENERIC))(draw, inner)
    return zip_bytes({info.filename: inner})


def overwrite_member_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    """Overwrite part of the member's compressed bytes (the zip's CRC no longer matches)."""
    start, end = member_data_span(data)
    at = draw(st.integers(start, end - 1))
    length = draw(st.integers(1, 64))
    noise = draw(st.binary(min_size=length, max_size=length))
    return data[:at] + noise + data[at + length :]


def truncate_zip(draw: st.DrawFn, data: bytes) -> bytes:
    """Cut the zip short (anywhere: in the member, the central directory or its end)."""
    return data[: draw(st.integers(1, len(data) - 1))]


def corrupt_central_directory(draw: st.DrawFn, data: bytes) -> bytes:
    """Overwrite bytes of the central directory or the end-of-central-directory record."""
    start, end = central_directory_span(data)
    mutable = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        mutable[draw(st.integers(start, end - 1))] = draw(st.integers(0, 255))
    return bytes(mutable)


ZIP_ONLY: tuple[Mutation, ...] = (
    rezip_mutated_member, overwrite_member_bytes, truncate_zip, corrupt_central_directory,
)  # fmt: skip


class Mutated:
    """A mutated pick; its repr names the base and the steps, not the (large) bytes."""

    def __init__(self, base: str, steps: tuple[str, ...], data: bytes) -> None:
        self.base, self.steps, self.data = base, steps, data

    def __repr__(self) -> str:
        return f"Mutated({self.base!r}, {self.steps!r}, <{len(self.data)} bytes>)"


def _apply(draw: st.DrawFn, mutation: Mutation, data: bytes) -> tuple[bytes, str]:
    result = mutation(draw, data)
    return result, f"{mutation.__name__}({len(data)}->{len(result)} bytes)"


@st.composite
def mutated_json(draw: st.DrawFn) -> Mutated:
    """A base export's JSON after one to three generic mutations."""
    key = draw(st.sampled_from(sorted(BASES)))
    data, steps = base_json(key), []
    for _ in range(draw(st.integers(1, 3))):
        data, step = _apply(draw, draw(st.sampled_from(GENERIC)), data)
        steps.append(step)
    return Mutated(key, tuple(steps), data)


@st.composite
def mutated_zip(draw: st.DrawFn) -> Mutated:
    """A base export's zip after a zip-level mutation, perhaps followed by a generic one."""
    key = draw(st.sampled_from(sorted(BASES)))
    data, step = _apply(draw, draw(st.sampled_from(ZIP_ONLY)), base_zip(key))
    steps = [step]
    for _ in range(draw(st.integers(0, 1))):
        data, step = _apply(draw, draw(st.sampled_from(GENERIC)), data)
        steps.append(step)
    return Mutated(key, tuple(steps), data)


# -- properties ------------------------------------------------------------------------------


@pytest.mark.timeout(60)
@pytest.mark.parametrize("key", sorted(BASES))
@pytest.mark.parametrize("fmt", ["json", "zip"])
def test_unmutated_bases_are_ok_and_redact_to_valid_json(key: str, fmt: str) -> None:
    """The unmutated base exports (the mutations' starting points) check ok and redact to JSON."""
    data = base_json(key) if fmt == "json" else base_zip(key)
    checked, redacted, _ = assert_robust(data, f"export.{fmt}")
    assert checked.ok, codes(checked)
    assert redacted.ok


@pytest.mark.timeout(60)
@settings(PROPERTY, max_examples=300)
@given(mutated_json())
def test_mutated_json_always_ends_in_catalogue_findings(case: Mutated) -> None:
    """Any mutation of an export's JSON ends in catalogue findings, never an exception or hang."""
    assert_robust(case.data, "user_data_tiktok.json")


@pytest.mark.timeout(60)
@settings(PROPERTY, max_examples=300)
@given(mutated_zip())
def test_mutated_zip_always_ends_in_catalogue_findings(case: Mutated) -> None:
    """Any damage to an export's zip (member, size, directory) ends in catalogue findings."""
    assert_robust(case.data, "export.zip")


@pytest.mark.timeout(60)
@settings(PROPERTY, max_examples=200)
@given(key=st.sampled_from(sorted(BASES)), fraction=st.floats(0.0, 1.0))
def test_truncated_json_reports_truncated_with_line_and_column(key: str, fraction: float) -> None:
    """JSON cut after its first byte and before its end is ``truncated`` at the end's line/column."""
    data = base_json(key)
    document_end = data.rstrip().rindex(b"}")  # cutting here or later keeps the document whole
    cut = 1 + round(fraction * (document_end - 1))
    piece = data[:cut]
    result = check_bytes(piece, "user_data_tiktok.json")
    assert codes(result) == ["truncated"]
    finding = result.findings[0]
    text = piece.decode("utf-8", "replace")
    assert finding.location.line == text.count("\n") + 1
    assert finding.location.column == len(text.rsplit("\n", 1)[-1]) + 1
    assert f"line {finding.location.line}, column {finding.location.column}" in finding.message


@pytest.mark.timeout(60)
@PROPERTY
@given(key=st.sampled_from(sorted(BASES)), at=st.integers(0, 2**31), seq=st.sampled_from(INVALID_UTF8))
def test_invalid_utf8_inside_json_is_bad_encoding_at_its_offset(key: str, at: int, seq: bytes) -> None:
    """Invalid UTF-8 inserted at a character boundary gives ``bad-encoding`` at exactly that byte."""
    data = base_json(key)
    at %= len(data) - 2
    while at > 0 and 0x80 <= data[at] < 0xC0:  # step back to a character boundary
        at -= 1
    result = check_bytes(data[:at] + seq + data[at:], "user_data_tiktok.json")
    assert codes(result) == ["bad-encoding"]
    assert result.findings[0].params["offset"] == at


@pytest.mark.timeout(60)
@pytest.mark.parametrize("opener", DEEP_OPENERS)
@pytest.mark.parametrize("fmt", ["json", "zip"])
def test_deep_nesting_everywhere_is_too_deep_never_recursion(opener: bytes, fmt: str) -> None:
    """100000 levels of nesting at the top, in a section or in a record give ``too-deep``."""
    data = base_json("new-small")
    places = {
        "top": 0,
        "section": data.index(b'"Watch History": {') + len(b'"Watch History": '),
        "record": data.index(b'"VideoList": [') + len(b'"VideoList": ['),
    }
    for place, at in places.items():
        nested = data[:at] + opener * 100_000 + data[at:]
        if fmt == "zip":
            nested = zip_bytes({"user_data_tiktok.json": nested})
        checked, _, _ = assert_robust(nested, f"export.{fmt}")
        assert codes(checked) == ["too-deep"], place
        assert checked.findings[0].params["limit"] == 64


# -- one test per recognition finding ----------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"", "user_data_tiktok.json"),
        (b"", "export.zip"),
        (b"   \n\t  ", "user_data_tiktok.json"),
        (b"\xef\xbb\xbf", "user_data_tiktok.json"),
        (b"\xef\xbb\xbf \n", "user_data_tiktok.json"),
    ],
    ids=["empty-json", "empty-zip", "whitespace", "bom-only", "bom-and-whitespace"],
)
def test_empty_file(data: bytes, name: str) -> None:
    """A pick with no content (maybe a BOM or whitespace) is ``empty-file``."""
    checked, _, _ = assert_robust(data, name)
    assert codes(checked) == ["empty-file"]


def test_empty_member_in_zip_is_empty_file() -> None:
    """A zip whose ``user_data_tiktok.json`` is zero bytes is ``empty-file``."""
    checked, _, _ = assert_robust(zip_bytes({"user_data_tiktok.json": b""}), "export.zip")
    assert codes(checked) == ["empty-file"]


@pytest.mark.parametrize(
    ("data", "line", "column"),
    [
        (b'{\n  "Activity": x\n}', 2, 15),
        (b"{'Activity': {}}", 1, 2),
        (b'{"Activity": {}} trailing', 1, 18),
        (b'{"Activity": {}}\n{"Activity": {}}', 2, 1),
        (b'{"Activity": NaN}', 1, 14),
    ],
    ids=["bare-word", "single-quotes", "trailing-text", "two-documents", "nan"],
)
def test_not_json_reports_line_and_column(data: bytes, line: int, column: int) -> None:
    """Text that is not JSON is ``not-json`` at the line and column of the offending token."""
    checked, _, _ = assert_robust(data, "user_data_tiktok.json")
    assert codes(checked) == ["not-json"]
    assert (checked.findings[0].location.line, checked.findings[0].location.column) == (line, column)


@pytest.mark.parametrize(
    "data",
    [
        b'{"Activity": {"Like List": "a\tb"}}',  # a raw control character inside a string
        b'{"Activity": {"Like List": "a\nb"}}',
        b'{"Activity": {"Like List": "\\x41"}}',  # an escape JSON does not have
        b'{"Activity": {"Like List": "\\u12"}}',  # a short \\u escape
        b'{"Activity": {"Like List": "\\ud83d\\u12zz"}}',
    ],
    ids=["tab-in-string", "newline-in-string", "bad-escape", "short-unicode-escape", "bad-surrogate-pair"],
)
def test_broken_strings_are_not_json(data: bytes) -> None:
    """Strings with raw control characters or invalid escapes are ``not-json``, not a crash."""
    checked, _, _ = assert_robust(data, "user_data_tiktok.json")
    assert codes(checked) == ["not-json"]


def test_truncated_inside_a_multibyte_character_is_truncated() -> None:
    """A download cut in the middle of a UTF-8 character is ``truncated``, not an encoding problem."""
    data = '{"Activity": {"Search History": {"SearchList": [{"SearchTerm": "caf\u00e9'.encode()
    result = check_bytes(data[:-1], "user_data_tiktok.json")
    assert codes(result) == ["truncated"]


def test_truncated_first_byte_only() -> None:
    """A file holding only ``{`` is ``truncated`` at line 1, column 2."""
    checked, _, _ = assert_robust(b"{", "user_data_tiktok.json")
    assert codes(checked) == ["truncated"]
    assert (checked.findings[0].location.line, checked.findings[0].location.column) == (1, 2)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_txt_export_zip(language: str) -> None:
    """TikTok's TXT delivery (a zip of .txt files, English or Dutch) is ``txt-export``."""
    buffer = io.BytesIO()
    write_txt_export_zip(buffer, language=language)  # type: ignore[arg-type]
    checked, _, _ = assert_robust(buffer.getvalue(), "export.zip")
    assert codes(checked) == ["txt-export"]


def test_txt_export_single_file() -> None:
    """One TXT file picked on its own (``Key: value`` lines) is ``txt-export``."""
    buffer = io.BytesIO()
    write_txt_export_zip(buffer)
    with zipfile.ZipFile(buffer) as archive:
        name = next(n for n in archive.namelist() if "Watch History" in n)
        text = archive.read(name)
    checked, _, _ = assert_robust(text, "Watch History.txt")
    assert codes(checked) == ["txt-export"]


@pytest.mark.parametrize(
    "kind", ["other-platform-zip", "array", "foo-object", "scalar", "null", "zip-of-other-json"]
)
def test_not_tiktok(kind: str) -> None:
    """Valid JSON that is not TikTok's (Instagram's zip, an array, ``{"foo": 1}``) is ``not-tiktok``."""
    name = "user_data_tiktok.json"
    if kind == "other-platform-zip":
        buffer = io.BytesIO()
        write_other_platform_zip(buffer)
        data, name = buffer.getvalue(), "export.zip"
    elif kind == "zip-of-other-json":
        data, name = zip_bytes({"data/posts.json": b'{"posts": []}'}), "export.zip"
    else:
        data = {
            "array": b'[{"Activity": {}}]',
            "foo-object": b'{"foo": 1}',
            "scalar": b'"Activity"',
            "null": b"null",
        }[kind]
    checked, _, _ = assert_robust(data, name)
    assert codes(checked) == ["not-tiktok"]


@pytest.mark.parametrize(
    "members",
    [
        {"readme.md": b"hello", "photo.png": b"\x89PNG\r\n\x1a\n"},
        {},
        {"user_data_tiktok.json/": b""},
        {"__MACOSX/._user_data_tiktok.json": b"\x00\x05\x16\x07"},
    ],
    ids=["other-files", "empty-zip", "only-a-folder", "only-mac-metadata"],
)
def test_no_export_in_zip(members: dict[str, bytes]) -> None:
    """A zip without ``user_data_tiktok.json``/``user_data.json`` is ``no-export-in-zip``."""
    checked, _, _ = assert_robust(zip_bytes(members), "export.zip")
    assert codes(checked) == ["no-export-in-zip"]


def test_mac_metadata_next_to_the_export_is_ignored() -> None:
    """A ``__MACOSX/`` copy beside the real member does not count as a second export."""
    data = zip_bytes(
        {"user_data_tiktok.json": base_json("new-small"), "__MACOSX/._user_data_tiktok.json": b"\x00"}
    )
    checked, _, _ = assert_robust(data, "export.zip")
    assert checked.ok, codes(checked)


@pytest.mark.parametrize(
    "names",
    [
        ("a/user_data_tiktok.json", "b/user_data_tiktok.json"),
        ("user_data_tiktok.json", "user_data.json"),
        ("User_Data_TikTok.json", "old/user_data.json", "new/user_data_tiktok.json"),
    ],
)
def test_several_exports_in_zip(names: tuple[str, ...]) -> None:
    """A zip holding more than one export member is ``several-exports-in-zip`` with the count."""
    data = zip_bytes({name: base_json("new-small") for name in names})
    checked, _, _ = assert_robust(data, "export.zip")
    assert codes(checked) == ["several-exports-in-zip"]
    assert checked.findings[0].params["count"] == len(names)


def _set_encrypted_flag(data: bytes) -> bytes:
    mutable = bytearray(data)
    local = mutable.index(b"PK\x03\x04")
    central = mutable.index(b"PK\x01\x02")
    mutable[local + 6] |= 0x1  # general purpose bit flag, local header
    mutable[central + 8] |= 0x1  # general purpose bit flag, central directory
    return bytes(mutable)


@pytest.mark.parametrize("key", ["old", "new"])
def test_encrypted_zip(key: str) -> None:
    """A zip whose export member has the 'encrypted' flag bit set is ``encrypted-zip``."""
    checked, _, _ = assert_robust(_set_encrypted_flag(base_zip(key)), "export.zip")
    assert codes(checked) == ["encrypted-zip"]


def _zip_bomb(spaces: int = 80 * 1024**2) -> bytes:
    """A real zip with a small valid export whose member inflates ``spaces`` bytes of padding."""
    buffer = io.BytesIO()
    chunk = b" " * (1 << 20)
    with (
        zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("user_data_tiktok.json", "w", force_zip64=True) as member,
    ):
        member.write(b'{"Activity": ')
        for _ in range(spaces // len(chunk)):
            member.write(chunk)
        member.write(b"{}}")
    return buffer.getvalue()


@functools.cache
def zip_bomb() -> bytes:
    """The 80 MB-of-spaces bomb, built once (it packs to about 80 KB)."""
    return _zip_bomb()


@pytest.mark.timeout(60)
def test_zip_bomb_is_zip_too_large_without_unpacking() -> None:
    """An 80 MB member packed 1000:1 is ``zip-too-large``, found fast and in little memory."""
    data = zip_bomb()
    assert len(data) < 1024**2
    tracemalloc.start()
    started = time.monotonic()
    try:
        checked, redacted, output = assert_robust(data, "export.zip", budget=5.0)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 5.0
    assert peak < 16 * 1024**2, f"peak {peak} bytes"
    assert codes(checked) == ["zip-too-large"] == codes(redacted)
    assert "80.0 MB" in checked.findings[0].message
    assert output == b""


def test_zip_over_the_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """A member declaring more than ``MAX_UNCOMPRESSED`` bytes is ``zip-too-large``, whatever its ratio."""
    monkeypatch.setattr(source, "MAX_UNCOMPRESSED", 10_000)
    checked, _, _ = assert_robust(base_zip("new-small"), "export.zip")
    assert codes(checked) == ["zip-too-large"]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("declared", [1_000, 64 * 1024**2])
def test_zip_lying_about_its_size_stays_bounded(declared: int) -> None:
    """A bomb understating its size is cut at the declared size: ``bad-zip``, in bounded memory."""
    buffer = io.BytesIO()
    chunk = b" " * (1 << 20)
    with (
        zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("user_data_tiktok.json", "w") as member,  # no zip64: 32-bit size fields
    ):
        member.write(b'{"Activity": ')
        for _ in range(80):
            member.write(chunk)
        member.write(b"{}}")
    data = bytearray(buffer.getvalue())
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, 22, declared)  # local header: uncompressed size
    struct.pack_into("<I", data, central + 24, declared)  # central directory: uncompressed size
    tracemalloc.start()
    try:
        checked, _, _ = assert_robust(bytes(data), "export.zip", budget=20.0)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 32 * 1024**2, f"peak {peak} bytes"
    assert not checked.ok
    assert codes(checked) == ["bad-zip"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le"])
@pytest.mark.parametrize("fmt", ["json", "zip"])
def test_utf16_and_utf32_exports_are_bad_encoding(encoding: str, fmt: str) -> None:
    """An export re-saved as UTF-16 or UTF-32 (with or without BOM) is ``bad-encoding`` at byte 0."""
    data = base_json("new-small").decode("utf-8").encode(encoding)
    if fmt == "zip":
        data = zip_bytes({"user_data_tiktok.json": data})
    checked, _, _ = assert_robust(data, f"export.{fmt}")
    assert codes(checked) == ["bad-encoding"]
    assert checked.findings[0].params["offset"] == 0


@pytest.mark.parametrize("fmt", ["json", "zip"])
def test_latin1_inside_a_string_is_bad_encoding_at_that_byte(fmt: str) -> None:
    """A Latin-1 byte inside a string value is ``bad-encoding`` at that byte's offset."""
    data = base_json("old")
    marker = b'"SearchTerm": "'
    at = data.index(marker) + len(marker)
    damaged = data[:at] + "caf\u00e9 ".encode("latin-1") + data[at:]
    if fmt == "zip":
        damaged = zip_bytes({"user_data.json": damaged})
    checked, _, _ = assert_robust(damaged, f"export.{fmt}")
    assert codes(checked) == ["bad-encoding"]
    assert checked.findings[0].params["offset"] == at + 3


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04" + b"\x00" * 200,  # a zip signature and nothing else
        b"PK\x05\x06" + b"\x00" * 10,  # a cut end-of-directory record
    ],
    ids=["header-only", "short-eocd"],
)
def test_bad_zip_garbage(data: bytes) -> None:
    """Bytes that start like a zip but are not one are ``bad-zip``."""
    checked, _, _ = assert_robust(data, "export.zip")
    assert codes(checked) == ["bad-zip"]


@pytest.mark.parametrize("key", ["old", "new"])
@pytest.mark.parametrize("where", ["in-member", "in-directory", "before-end"])
def test_truncated_zip_is_bad_zip(key: str, where: str) -> None:
    """A zip download cut short (inside the member, the directory, or just before its end) is ``bad-zip``."""
    data = base_zip(key)
    start, end = member_data_span(data)
    cut = {
        "in-member": (start + end) // 2,
        "in-directory": central_directory_span(data)[0] + 20,
        "before-end": len(data) - 5,
    }[where]
    checked, _, _ = assert_robust(data[:cut], "export.zip")
    assert codes(checked) == ["bad-zip"]


@pytest.mark.parametrize("key", ["old", "new"])
@pytest.mark.parametrize("where", ["start", "middle", "end"])
def test_corrupt_member_data_is_bad_zip(key: str, where: str) -> None:
    """Garbage in a member's deflated bytes (at its start, middle or end) is ``bad-zip``."""
    data = base_zip(key)
    start, end = member_data_span(data)
    at = {"start": start, "middle": (start + end) // 2, "end": end - 16}[where]
    damaged = data[:at] + b"\xff" * 16 + data[at + 16 :]
    checked, _, _ = assert_robust(damaged, "export.zip")
    assert codes(checked) == ["bad-zip"]


def test_corrupt_central_directory_signature_is_bad_zip() -> None:
    """A zip whose central directory signature is destroyed is ``bad-zip``."""
    data = bytearray(base_zip("new"))
    start, _ = central_directory_span(bytes(data))
    data[start : start + 4] = b"XXXX"
    checked, _, _ = assert_robust(bytes(data), "export.zip")
    assert codes(checked) == ["bad-zip"]


@pytest.mark.parametrize(
    "fault",
    ["crc", "compression-method"],
)
def test_zip_member_faults_are_bad_zip(fault: str) -> None:
    """A member whose CRC is wrong, or that uses an unknown compression method, is ``bad-zip``."""
    data = bytearray(base_zip("new-small"))
    local = data.index(b"PK\x03\x04")
    central = data.index(b"PK\x01\x02")
    if fault == "crc":
        for offset in (local + 14, central + 16):
            data[offset] ^= 0xFF
    else:
        struct.pack_into("<H", data, local + 8, 99)
        struct.pack_into("<H", data, central + 10, 99)
    checked, _, _ = assert_robust(bytes(data), "export.zip")
    assert codes(checked) == ["bad-zip"]


def test_zip_needing_a_newer_unzip_version_is_bad_zip() -> None:
    """A zip whose directory asks for an unzip version this tool lacks is ``bad-zip``, not a crash."""
    data = bytearray(base_zip("new-small"))
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<H", data, central + 6, 100)  # version needed to extract: 10.0
    checked, _, _ = assert_robust(bytes(data), "export.zip")
    assert codes(checked) == ["bad-zip"]


def test_zip_member_with_an_empty_name_is_not_a_crash() -> None:
    """A zip holding a member with an empty file name is rejected with a finding, not a crash."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo(""), b"{}")
    checked, _, _ = assert_robust(buffer.getvalue(), "export.zip")
    assert codes(checked) in (["no-export-in-zip"], ["bad-zip"])


def _find(obj: Any, predicate: Callable[[Any], bool]) -> bool:
    if predicate(obj):
        return True
    if isinstance(obj, dict):
        return any(_find(v, predicate) for v in obj.values())
    if isinstance(obj, list):
        return any(_find(v, predicate) for v in obj)
    return False


def test_too_deep_path_names_only_schema_keys() -> None:
    """``too-deep`` inside a record names the record's place, with undescribed keys replaced."""
    data = base_json("new-small")
    at = data.index(b'"VideoList": [') + len(b'"VideoList": [')
    nested = data[:at] + b'{"secret-key-name": ' * 200 + data[at:]
    result = check_bytes(nested, "user_data_tiktok.json")
    assert codes(result) == ["too-deep"]
    finding = result.findings[0]
    assert "VideoList" in finding.location.path
    assert not _find(result.to_dict(), lambda v: isinstance(v, str) and "secret-key-name" in v)
