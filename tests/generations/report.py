"""Print, per generation fixture, what the tool counts, finds, and keeps after the default redaction.

    python -m tests.generations.report

One Markdown table row per fixture: records per main section, findings by code, and the
fields the redacted file keeps in each main section's records (with how many records).
Used for closing notes and to eyeball a new generation; the assertions live in
``tests/test_generations.py``.
"""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from typing import Any

from tiktok_export import api
from tiktok_export.policy import Policy

from .build import GENERATION_DIRS, fixture_path

NOW = "2026-11-25 00:00:00"
_STEP = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\['((?:[^'\\]|\\.)*)'\]")
"""One step of a printed path: ``.Key`` or ``['Key with spaces']``."""
MAIN = (
    "watch-history", "likes", "searches", "shares", "followers", "following", "direct-messages", "comments",
)  # fmt: skip
SHORT = {
    "watch-history": "watch", "likes": "likes", "searches": "search", "shares": "shares", "followers": "fans",
    "following": "follow", "direct-messages": "DMs", "comments": "comm.",
}  # fmt: skip


def _kept_fields(doc: Any, paths: list[str]) -> set[str]:
    """Keys of the records at a section's paths in the redacted document (paths as printed)."""
    keys: set[str] = set()

    def records(value: Any) -> None:
        if isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    keys.update(item)
        elif isinstance(value, dict):
            for item in value.values():
                records(item)

    for path in paths:
        value = doc
        for dotted, quoted in _STEP.findall(path):
            part = dotted or quoted.replace("\\'", "'").replace("\\\\", "\\")
            value = value.get(part, {}) if isinstance(value, dict) else {}
        records(value)
    return keys


def main() -> int:
    columns = " | ".join(SHORT[s] for s in MAIN)
    head = f"| fixture | {columns} | findings | kept after default redaction |"
    print(head)
    print("|" + "---|" * (len(MAIN) + 3))
    for name in GENERATION_DIRS:
        path = fixture_path(name)
        checked = api.check(path, now=NOW)
        output = io.BytesIO()
        api.redact(path, output, policy=Policy.default(), pseudonym_key=b"k" * 32, now=NOW)
        redacted = json.loads(output.getvalue())
        sections = {s["id"]: s for s in (checked.summary or {}).get("sections", [])}
        counts = [str(sections[s]["records"]) if s in sections else "-" for s in MAIN]
        codes = Counter(f.code for f in checked.findings)
        findings = ", ".join(f"{code} {n}" for code, n in sorted(codes.items())) or "none"
        kept = []
        for section_id in MAIN:
            if section_id in sections and sections[section_id]["records"]:
                fields = sorted(_kept_fields(redacted, sections[section_id]["paths"]))
                kept.append(f"{SHORT[section_id]}: {'/'.join(fields)}")
        print(f"| {name} | " + " | ".join(counts) + f" | {findings} | {'; '.join(kept)} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
