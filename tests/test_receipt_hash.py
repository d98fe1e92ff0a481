"""The output hash a caller computes itself (the page hashes its output beside Python).

``check_file(..., hash_output=False)`` writes the same bytes and leaves the receipt's output
hash empty; ``complete_receipt`` puts the caller's digest there, and the result is then exactly
what the core's own hashing gives. A receipt never takes a second hash or a malformed one.
"""

from __future__ import annotations

import hashlib
import io
from typing import Any

import pytest

from tiktok_export import api
from tiktok_export.synthetic import ExportSpec, export_bytes

KEY = b"study-key-0123456789abcdef-32byt"
NOW = "2026-11-01 12:00:00"


def _redacted(hash_output: bool, **options: Any) -> tuple[dict[str, Any], bytes]:
    data = export_bytes(ExportSpec(seed=7, target_bytes=150_000))
    out = io.BytesIO()
    result = api.check_file(
        io.BytesIO(data),
        "user_data_tiktok.json",
        redact=True,
        output=out,
        pseudonym_key=KEY,
        now=NOW,
        hash_output=hash_output,
        **options,
    )
    return result, out.getvalue()


def test_a_caller_that_hashes_the_output_completes_the_receipt_the_core_would_write() -> None:
    hashed_here, written_here = _redacted(True)
    left_out, written = _redacted(False, drop_sections=[])
    assert hashed_here["ok"]
    assert left_out["ok"]
    assert written == written_here
    assert left_out["receipt"]["output"]["sha256"] is None
    assert left_out["receipt"]["output"]["bytes"] == len(written)
    completed = api.complete_receipt(left_out, hashlib.sha256(written).hexdigest())
    assert completed == hashed_here


def test_a_receipt_takes_one_well_formed_hash_only() -> None:
    hashed_here, written = _redacted(True)
    with pytest.raises(ValueError, match="already"):
        api.complete_receipt(hashed_here, hashlib.sha256(written).hexdigest())
    left_out, _ = _redacted(False)
    for malformed in ("", "ab" * 31, "AB" * 32, "xy" * 32, "ab" * 32 + "\n"):
        with pytest.raises(ValueError, match="SHA-256"):
            api.complete_receipt(left_out, malformed)
    assert left_out["receipt"]["output"]["sha256"] is None


def test_an_answer_without_a_receipt_is_left_as_it_is() -> None:
    refused, _ = _redacted(False, policy={"id": "not-a-policy"})
    assert refused["ok"] is False
    assert "receipt" not in refused
    assert api.complete_receipt(refused, "ab" * 32) == refused
