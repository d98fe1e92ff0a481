"""Format drift: the parts of an export this tool does not know yet, named where that is safe.

TikTok reshapes its export every few months. An ``unknown-section`` finding says *that* a
part is unknown but, to keep personal keys out of messages, never *which*; so a study
learned of a new TikTok section only by someone reading a participant's file. The drift
report closes that gap: it names the unknown key **as TikTok wrote it** when the key's
parent is a place the schema knows and does not mark as keyed by personal data (a
top-level group, a section, a record type). Anything deeper inside an unknown part, and
every key of a personal map (a chat named after a friend), stays a placeholder.

As a second line of defence a key that looks like contact data (an ``@``, a web address,
a run of digits) or is long is not named either: TikTok's own keys are short words.

>>> report = DriftReport()
>>> report.add("$['Your Activity']", "Reposts", "section")
>>> report.add("$['Your Activity']", "Reposts", "section")
>>> report.to_list()
[{'parent': "$['Your Activity']", 'key': 'Reposts', 'kind': 'section', 'count': 2}]
>>> report.add("$", "jane.doe@example.org", "group")
>>> report.to_list()[1]["key"]
'<key>'
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

PLACEHOLDER = "<key>"
MAX_NAMED_KEY = 64
_NOT_A_TIKTOK_KEY = re.compile(r"[@/\\<>\x00-\x1f\x7f]|://|www\.|\d{5,}")

KINDS = ("group", "section", "field")
"""Where an unknown key sat: at the top level, inside a known group, inside a known record."""


def nameable(key: str) -> bool:
    """Whether a key may be printed: short and shaped like TikTok's own keys, not like contact data."""
    return 0 < len(key) <= MAX_NAMED_KEY and not _NOT_A_TIKTOK_KEY.search(key)


@dataclass(frozen=True)
class DriftItem:
    """One unknown key at one kind of place."""

    parent: str
    key: str
    kind: str


class DriftReport:
    """Counts unknown keys by the place they sit (a value-free path pattern) and their name."""

    def __init__(self) -> None:
        self._items: Counter[DriftItem] = Counter()

    def add(self, parent: str, key: str, kind: str) -> None:
        """Note one unknown key under ``parent`` (a printable pattern of schema keys only)."""
        self._items[DriftItem(parent, key if nameable(key) else PLACEHOLDER, kind)] += 1

    def to_list(self) -> list[dict[str, Any]]:
        """Plain data for the result, the receipt and the page, in order of first sight."""
        return [
            {"parent": item.parent, "key": item.key, "kind": item.kind, "count": count}
            for item, count in self._items.items()
        ]


def tally(reports: Iterable[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Across many uploads' drift reports: in how many uploads each unknown name appears.

    Used by ``tiktok-export drift RECEIPTS…`` so a study learns from its first uploads
    that TikTok added something, and how common it is, without opening a single file.
    """
    uploads: Counter[tuple[str, str, str]] = Counter()
    occurrences: Counter[tuple[str, str, str]] = Counter()
    for report in reports:
        seen: set[tuple[str, str, str]] = set()
        for row in report:
            key = (str(row.get("parent", "")), str(row.get("key", PLACEHOLDER)), str(row.get("kind", "")))
            if not nameable(key[1]):
                key = (key[0], PLACEHOLDER, key[2])
            occurrences[key] += int(row.get("count", 1))
            seen.add(key)
        uploads.update(seen)
    return [
        {"parent": p, "key": k, "kind": kind, "uploads": n, "occurrences": occurrences[(p, k, kind)]}
        for (p, k, kind), n in sorted(uploads.items(), key=lambda item: (-item[1], item[0]))
    ]
