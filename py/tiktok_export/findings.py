"""Findings: what the checker has to say about a file, as values rather than exceptions.

A participant reads these messages, so every code has one plain-language text that
says what happened and what to do next. A researcher's script reads ``code``,
``severity`` and ``path``. Messages are built only from the catalogue below and from
value-free parameters (section titles from the schema, counts, line numbers): a
value from the participant's file never reaches a message.

>>> Finding.make("empty-file", file="export.zip").message
'The file is empty. Download your data from TikTok again and pick the new file.'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Severity(str, Enum):
    """How bad a finding is: an error means the file cannot be used as it is."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


_DOWNLOAD_AGAIN = (
    "In TikTok, go to Settings and privacy > Account > Download your data, choose "
    "\u201cAll data\u201d and the \u201cJSON\u201d format, request the file, then download it again."
)

# code -> (severity, message template). Templates use only value-free parameters.
CATALOGUE: dict[str, tuple[Severity, str]] = {
    "empty-file": (
        Severity.ERROR,
        "The file is empty. Download your data from TikTok again and pick the new file.",
    ),
    "not-json": (
        Severity.ERROR,
        "This file is damaged: it is not valid JSON (problem at line {line}, column {column}). "
        "Download your data again and pick the new file, without opening or editing it first.",
    ),
    "truncated": (
        Severity.ERROR,
        "The file ends too early (at line {line}, column {column}): your download may be "
        "incomplete. Download the file from TikTok again and wait until it has finished.",
    ),
    "txt-export": (
        Severity.ERROR,
        "This is TikTok\u2019s TXT format. The study needs the JSON format: "
        "request your data again and choose JSON, not TXT. " + _DOWNLOAD_AGAIN,
    ),
    "not-tiktok": (
        Severity.ERROR,
        "This does not look like a TikTok data export ({detail}). Pick the file you "
        "downloaded from TikTok: it is usually called user_data_tiktok.json, or a .zip holding it.",
    ),
    "no-export-in-zip": (
        Severity.ERROR,
        "This zip file does not contain a TikTok export (no user_data_tiktok.json or "
        "user_data.json inside). Pick the .zip you downloaded from TikTok.",
    ),
    "several-exports-in-zip": (
        Severity.ERROR,
        "This zip file contains {count} TikTok exports, so it is not clear which one to use. "
        "Pick the .zip exactly as TikTok delivered it, or the single .json file.",
    ),
    "encrypted-zip": (
        Severity.ERROR,
        "This zip file is protected by a password, so it cannot be read. Download your data "
        "from TikTok again and pick the file without re-packing it.",
    ),
    "zip-too-large": (
        Severity.ERROR,
        "This zip file would unpack to {size} ({reason}), more than this tool accepts. "
        "Pick the .zip exactly as TikTok delivered it.",
    ),
    "bad-zip": (
        Severity.ERROR,
        "This zip file is damaged and cannot be opened: your download may be incomplete. "
        "Download the file from TikTok again.",
    ),
    "bad-encoding": (
        Severity.ERROR,
        "This file is not in the text encoding TikTok uses (UTF-8; problem at byte {offset}). "
        "It was probably changed after download: download your data again and pick the new file.",
    ),
    "too-deep": (
        Severity.ERROR,
        "This file is nested more than {limit} levels deep, which a TikTok export never is. "
        "Pick the file you downloaded from TikTok.",
    ),
    "unreadable": (
        Severity.ERROR,
        "The file could not be read ({detail}). Try picking it again.",
    ),
    "output-unwritable": (
        Severity.ERROR,
        "The redacted file could not be written ({detail}). Free some space or save it somewhere "
        "else, then redact again.",
    ),
    "missing-sections": (
        Severity.ERROR,
        "Only part of your data was chosen ({chosen}); missing: {sections}. The study needs "
        "\u201cAll data\u201d. " + _DOWNLOAD_AGAIN,
    ),
    "required-section-missing": (
        Severity.ERROR,
        "This study needs your \u201c{section}\u201d, but the file holds none. If the feature is "
        "switched off in TikTok, the study cannot use this file; otherwise " + _DOWNLOAD_AGAIN[0].lower()
        + _DOWNLOAD_AGAIN[1:],
    ),
    "empty-section": (
        Severity.INFO,
        "The section \u201c{section}\u201d is empty (for example because the feature is "
        "switched off). Nothing to do.",
    ),
    "unknown-section": (
        Severity.INFO,
        "This part of the export is not yet known to this tool. It is reported so the tool can "
        "be updated; the study\u2019s policy decides whether it is shared.",
    ),
    "unknown-field": (
        Severity.INFO,
        "This field is not yet known to this tool. It is reported so the tool can be updated; "
        "the study\u2019s policy decides whether it is shared.",
    ),
    "invalid-value": (
        Severity.WARNING,
        "A value does not have the expected form: {expectation}.",
    ),
    "bad-date": (
        Severity.WARNING,
        "A date is not in TikTok\u2019s usual form YYYY-MM-DD HH:MM:SS.",
    ),
    "date-out-of-range": (
        Severity.WARNING,
        "A date lies before {earliest}, before TikTok existed. The file may have been changed.",
    ),
    "future-date": (
        Severity.WARNING,
        "A date lies in the future (after {now}). The file may have been changed, or the "
        "device clock was wrong.",
    ),
    "records-out-of-order": (
        Severity.INFO,
        "The records of \u201c{section}\u201d are not in date order, unlike a usual TikTok export.",
    ),
    "receipt-invalid": (
        Severity.ERROR,
        "The receipt cannot be used: {detail}.",
    ),
    "receipt-mismatch": (
        Severity.ERROR,
        "The file is not the one the receipt describes ({detail}): it was changed or swapped.",
    ),
    "not-redacted": (
        Severity.ERROR,
        "This file still holds data the receipt\u2019s policy removes ({action}, {count} "
        "place(s) like this).",
    ),
}


@dataclass(frozen=True)
class Location:
    """Where a finding is: the file inside the pick, a printable JSON path, maybe line:column."""

    file: str
    path: str = "$"
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        text = f"{self.file}::{self.path}"
        if self.line is not None:
            text += f" (line {self.line}, column {self.column})"
        return text


@dataclass(frozen=True)
class Finding:
    """One thing the checker noticed; ``count`` > 1 when identical findings were merged."""

    code: str
    severity: Severity
    location: Location
    message: str
    params: dict[str, Any] = field(default_factory=dict)
    count: int = 1

    @classmethod
    def make(
        cls,
        code: str,
        *,
        file: str,
        path: str = "$",
        line: int | None = None,
        column: int | None = None,
        severity: Severity | None = None,
        **params: Any,
    ) -> Finding:
        """Build a finding from the catalogue, so no caller writes message text of its own."""
        default_severity, template = CATALOGUE[code]
        return cls(
            code=code,
            severity=severity or default_severity,
            location=Location(file, path, line, column),
            message=template.format(
                **params,
                line="?" if line is None else line,
                column="?" if column is None else column,
            ),
            params=dict(params),
        )

    def to_dict(self) -> dict[str, Any]:
        """The machine-readable face shared by the CLI's ``--json`` and the page's events."""
        data: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity.value,
            "path": str(self.location),
            "json_path": self.location.path,
            "line": self.location.line,
            "column": self.location.column,
            "message": self.message,
            "count": self.count,
        }
        if self.params:
            data["params"] = self.params
        return data


class FindingCollector:
    """Merges repeated findings so a million bad records give one line, not a million.

    Findings are keyed by code and a path pattern (list indices replaced by ``*``);
    the first occurrence keeps its exact location and later ones only add to the count.
    """

    def __init__(self) -> None:
        self._by_key: dict[tuple[str, str], Finding] = {}

    def add(self, finding: Finding, pattern: str | None = None) -> None:
        """Record a finding, merging it with an earlier one of the same code and pattern."""
        key = (finding.code, pattern if pattern is not None else finding.location.path)
        earlier = self._by_key.get(key)
        if earlier is None:
            self._by_key[key] = finding
        else:
            self._by_key[key] = Finding(
                earlier.code,
                earlier.severity,
                earlier.location,
                earlier.message,
                earlier.params,
                earlier.count + finding.count,
            )

    def extend(self, findings: list[Finding]) -> None:
        """Add several findings, each under its own exact path."""
        for finding in findings:
            self.add(finding)

    def findings(self) -> list[Finding]:
        """All findings, errors first, then in the order they were first seen."""
        order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
        return sorted(self._by_key.values(), key=lambda f: order[f.severity])

    @property
    def has_errors(self) -> bool:
        """Whether any finding makes the file unusable."""
        return any(f.severity is Severity.ERROR for f in self._by_key.values())
