"""What is in the export, per section, without a single value from it.

The preview a participant sees and the ``summary`` a researcher prints are the same
numbers: records, first and last date, which personal-data categories hold something,
and each section's share of the file. Dates are compared as strings, which is exact for
TikTok's ``YYYY-MM-DD HH:MM:SS`` form and costs nothing per record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .schema_model import Section


@dataclass
class SectionSummary:
    """Counts for one section, accumulated record by record."""

    id: str
    title: str
    paths: list[str] = field(default_factory=list)
    records: int = 0
    first: str | None = None
    last: str | None = None
    categories: set[str] = field(default_factory=set)
    bytes: int = 0
    known: bool = True
    undated: int = 0  # records of a dated kind with no date, or TikTok's placeholder date

    def add_date(self, date: str) -> None:
        """Widen the date range by one record's timestamp."""
        if self.first is None or date < self.first:
            self.first = date
        if self.last is None or date > self.last:
            self.last = date

    def to_dict(self, total_bytes: int) -> dict[str, Any]:
        """The shape shared by the CLI's ``--json`` and the page's preview."""
        return {
            "id": self.id,
            "title": self.title,
            "paths": self.paths,
            "records": self.records,
            "first": self.first,
            "last": self.last,
            "undated": self.undated,
            "categories": sorted(self.categories),
            "bytes": self.bytes,
            "share": round(self.bytes / total_bytes, 4) if total_bytes else 0.0,
            "known": self.known,
        }


class SummaryBuilder:
    """Keeps one :class:`SectionSummary` per section id, in order of first appearance."""

    def __init__(self) -> None:
        self.sections: dict[str, SectionSummary] = {}

    def section(self, section: Section, path: str) -> SectionSummary:
        """The summary for a section, created on first sight; remembers each path it sits at."""
        summary = self.sections.get(section.id)
        if summary is None:
            summary = SectionSummary(section.id, section.title)
            self.sections[section.id] = summary
        if path not in summary.paths:
            summary.paths.append(path)
        return summary

    def unknown(self, path: str, label: str) -> SectionSummary:
        """A summary for a part of the export the schema does not describe."""
        summary = self.sections.get("unknown:" + path)
        if summary is None:
            summary = SectionSummary("unknown:" + path, label, [path], known=False)
            summary.categories.add("unknown")
            self.sections[summary.id] = summary
        return summary

    def to_dict(self, total_bytes: int) -> dict[str, Any]:
        """Sections plus totals."""
        sections = [s.to_dict(total_bytes) for s in self.sections.values()]
        dated = [s for s in self.sections.values() if s.first is not None]
        return {
            "sections": sections,
            "totals": {
                "sections": len(sections),
                "records": sum(s.records for s in self.sections.values()),
                "first": min((s.first for s in dated if s.first), default=None),
                "last": max((s.last for s in dated if s.last), default=None),
                "bytes": total_bytes,
                "categories": sorted(set().union(*(s.categories for s in self.sections.values()))),
            },
        }
