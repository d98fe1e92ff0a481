"""A folder of uploads, paired with their receipts and checked: the researcher's first step.

A study receives one redacted export and one receipt per participant. :func:`pair_uploads`
finds the pairs among any mix of folders and files: by name first (``X.json`` with
``X.json.receipt.json``, as ``tiktok-export redact`` writes them, or ``X.receipt.json``),
then, for what is left, by the receipt's output hash (a receipt renamed by a survey
platform still finds its upload). What cannot be paired is reported by name, never
silently skipped: an upload without a receipt, a receipt without an upload, the same
upload twice (the same output hash), a receipt that is not one, a folder that cannot be
read. :func:`verify_pair` checks one pair with :func:`tiktok_export.api.verify`; the CLI
maps it over all pairs on all cores (:mod:`tiktok_export.fanout`).

Rows are plain dictionaries so they cross process boundaries and print as JSON as they are.
Nothing here opens an upload's contents beyond hashing it; messages name files and codes,
never a value from a file.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import api

RECEIPT_SUFFIX = ".receipt.json"
UPLOAD_SUFFIX = ".json"

PROBLEMS = {
    "no-receipt": "No receipt found for this upload (neither by name nor by output hash).",
    "no-upload": "No upload found for this receipt (neither by name nor by output hash).",
    "duplicate": "The same upload (same output hash) as {first}: counted once.",
    "receipt-invalid": "This receipt cannot be read: {detail}.",
    "unreadable": "This could not be read: {detail}.",
}
"""Problems found while pairing, each with a message that names files only."""


@dataclass(frozen=True)
class Pair:
    """An upload and its receipt, or one of them with the reason it stands alone.

    ``upload_id`` is the receipt's output hash: the stable id every table uses for the
    upload (a file name may be a participant's, a hash never is).
    """

    upload: str | None
    receipt: str | None
    upload_id: str | None = None
    problem: str | None = None
    message: str = ""
    size: int = 0

    @property
    def name(self) -> str:
        """How rows name this pair: the upload's file name, else the receipt's."""
        return os.path.basename(self.upload or self.receipt or "")

    def row(self) -> dict[str, Any]:
        """The pair as a result row (used as is for pairing problems)."""
        return {
            "upload": self.upload_id,
            "file": os.path.basename(self.upload) if self.upload else None,
            "receipt": os.path.basename(self.receipt) if self.receipt else None,
            "ok": self.problem is None,
            "code": self.problem,
            "message": self.message,
            "bytes": self.size,
        }


def _problem(code: str, upload: str | None, receipt: str | None, size: int = 0, **params: str) -> Pair:
    return Pair(upload, receipt, None, code, PROBLEMS[code].format(**params), size)


def _listing(paths: Iterable[Path], problems: list[Pair]) -> list[Path]:
    """Every ``.json`` file named, or inside a named folder (recursively), sorted."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            try:
                for root, dirs, files in os.walk(path, onerror=_raise):
                    dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                    found.update(
                        Path(root, f) for f in files if f.lower().endswith(UPLOAD_SUFFIX) and f[0] != "."
                    )
            except OSError as problem:
                problems.append(
                    _problem("unreadable", str(path), None, detail=problem.strerror or "cannot list it")
                )
        elif path.is_file():
            found.add(path)
        else:
            problems.append(_problem("unreadable", str(path), None, detail="no such file or folder"))
    return sorted(found)


def _raise(error: OSError) -> None:
    raise error


def _read_receipt(path: Path) -> tuple[dict[str, Any] | None, str]:
    """The receipt document and its output hash, or None and why not."""
    try:
        document = json.loads(path.read_bytes())
    except OSError as problem:
        return None, problem.strerror or "read error"
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None, "it is not JSON"
    try:
        digest = document["output"]["sha256"]
    except (KeyError, TypeError):
        return None, "it has no output hash"
    if not isinstance(digest, str) or len(digest) != 64:
        return None, "its output hash is not a SHA-256"
    return document, digest


def file_sha256(path: str | os.PathLike[str]) -> str:
    """SHA-256 of a file, read in chunks."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def pair_uploads(paths: Sequence[Path]) -> list[Pair]:
    """Pair every upload with its receipt; see the module docstring for the rules.

    Pairs come first, in file-name order, then the problems.
    """
    problems: list[Pair] = []
    files = _listing(paths, problems)
    receipts = [f for f in files if f.name.lower().endswith(RECEIPT_SUFFIX)]
    uploads = {f: f.stat().st_size for f in files if not f.name.lower().endswith(RECEIPT_SUFFIX)}
    hashes: dict[Path, str] = {}
    for receipt in receipts:
        document, detail = _read_receipt(receipt)
        if document is None:
            problems.append(_problem("receipt-invalid", None, str(receipt), detail=detail))
        else:
            hashes[receipt] = detail
    matched: dict[Path, Path] = {}  # receipt -> upload
    taken: set[Path] = set()  # matched.values(), as a set: a scan of them per receipt was quadratic
    for receipt in hashes:
        stem = receipt.name[: -len(RECEIPT_SUFFIX)]
        for candidate in (receipt.with_name(stem), receipt.with_name(stem + UPLOAD_SUFFIX)):
            if candidate in uploads and candidate not in taken:
                matched[receipt] = candidate
                taken.add(candidate)
                break
    lonely_receipts = {hashes[r]: r for r in hashes if r not in matched}
    if lonely_receipts:
        for upload in uploads:
            if upload in taken:
                continue
            receipt_for = lonely_receipts.pop(file_sha256(upload), None)
            if receipt_for is not None:
                matched[receipt_for] = upload
                taken.add(upload)
    pairs: list[Pair] = []
    first_of: dict[str, Path] = {}
    for receipt, upload in sorted(matched.items(), key=lambda item: item[1]):
        digest = hashes[receipt]
        if digest in first_of:
            problems.append(
                _problem("duplicate", str(upload), str(receipt), uploads[upload], first=first_of[digest].name)
            )
            continue
        first_of[digest] = upload
        pairs.append(Pair(str(upload), str(receipt), digest, None, "", uploads[upload]))
    used = set(matched.values())
    problems.extend(_problem("no-receipt", str(u), None, n) for u, n in uploads.items() if u not in used)
    problems.extend(
        _problem("duplicate", None, str(r), first=first_of[hashes[r]].name)
        if hashes[r] in first_of
        else _problem("no-upload", None, str(r))
        for r in hashes
        if r not in matched
    )
    return pairs + problems


def verify_pair(pair: Pair) -> dict[str, Any]:
    """Check one pair with :func:`api.verify`: hash, validity, nothing the policy removes.

    Returns the pair's row with ``ok``, the first error's ``code`` and ``message``, and
    ``codes`` (every error code, for scripts).
    """
    row = pair.row()
    if pair.problem is not None or pair.upload is None or pair.receipt is None:
        return row
    document, detail = _read_receipt(Path(pair.receipt))
    if document is None:
        return {**row, "ok": False, "code": "receipt-invalid", "message": detail}
    result = api.verify(pair.upload, document)
    errors = [f for f in result.findings if f.severity.value == "error"]
    row["ok"] = not errors
    row["codes"] = sorted({f.code for f in errors})
    if errors:
        row["code"] = errors[0].code
        row["message"] = errors[0].message
    return row


def totals(rows: Sequence[dict[str, Any]]) -> dict[str, int]:
    """How many rows passed and failed, and how many of each problem code."""
    counts: dict[str, int] = {"uploads": len(rows), "ok": 0, "failed": 0}
    for row in rows:
        counts["ok" if row["ok"] else "failed"] += 1
        if row.get("code"):
            counts[row["code"]] = counts.get(row["code"], 0) + 1
    return counts
