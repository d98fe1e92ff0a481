"""What is in the export, per section, without a single value from it.

The preview a participant sees and the ``summary`` a researcher prints are the same
numbers: records, first and last date, which personal-data categories hold something,
and each section's share of the file. Dates are compared as strings, which is exact for
TikTok's ``YYYY-MM-DD HH:MM:SS`` form and costs nothing per record.

Activity over time is counted per day while streaming (a few thousand counters at most,
whatever the size of the file) and only folded into months or weeks at the end, when the
export's whole range is known: a short export gets weekly bars, a long one monthly bars,
and every section's timeline spans the same periods so charts line up.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .schema_model import Section

WEEKLY_BELOW_DAYS = 183
"""Exports spanning less than about six months get a weekly timeline, others a monthly one."""


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
    days: Counter[str] = field(default_factory=Counter)  # "YYYY-MM-DD" -> records dated that day
    newest_first: bool = False  # some list of the section runs from new to old
    oldest_first: bool = False  # some list runs from old to new
    mixed: bool = False  # some list is in no date order

    def add_date(self, date: str) -> None:
        """Widen the date range by one record's timestamp."""
        if self.first is None or date < self.first:
            self.first = date
        if self.last is None or date > self.last:
            self.last = date

    @property
    def order(self) -> str | None:
        """How the section's records run in the file; the records view shows newest first."""
        if self.mixed or (self.newest_first and self.oldest_first):
            return "mixed"
        if self.newest_first:
            return "newest-first"
        if self.oldest_first:
            return "oldest-first"
        return None

    def to_dict(
        self,
        total_bytes: int,
        periods: list[str] | None = None,
        unit: str = "month",
        period_of: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """The shape shared by the CLI's ``--json`` and the page's preview. ``period_of``: each
        day's period (:func:`day_periods`), when the caller has it for every section at once."""
        timeline = timeline_counts(self.days, periods or [], unit, period_of) if self.days else []
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
            "order": self.order,
            "timeline_unit": unit,
            "timeline": timeline,
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
        """Sections plus totals; every section's timeline over the export's whole range."""
        days: Counter[str] = Counter()
        for summary in self.sections.values():
            days.update(summary.days)
        unit = timeline_unit(days)
        periods = timeline_periods(days, unit)
        # Each distinct day is parsed once for every section's timeline and the total's: a
        # long export has a few thousand days but tens of thousands of (section, day) counts.
        period_of = day_periods(days, unit)
        sections = [s.to_dict(total_bytes, periods, unit, period_of) for s in self.sections.values()]
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
                "timeline_unit": unit,
                "timeline": timeline_counts(days, periods, unit, period_of),
            },
        }


def _day(text: str) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        return None


def _period(day: _dt.date, unit: str) -> str:
    if unit == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{day.year:04d}-{day.month:02d}"


def timeline_unit(days: Counter[str]) -> str:
    """``week`` for an export spanning less than about six months, else ``month``.

    >>> timeline_unit(Counter({"2026-01-05": 3, "2026-03-01": 1}))
    'week'
    >>> timeline_unit(Counter({"2021-01-05": 3, "2026-03-01": 1}))
    'month'
    """
    dates = [d for d in map(_day, days) if d is not None]
    if dates and (max(dates) - min(dates)).days < WEEKLY_BELOW_DAYS:
        return "week"
    return "month"


def timeline_periods(days: Counter[str], unit: str) -> list[str]:
    """Every period from the first dated day to the last, empty ones included (charts line up).

    >>> timeline_periods(Counter({"2026-01-30": 1, "2026-03-02": 1}), "month")
    ['2026-01', '2026-02', '2026-03']
    >>> timeline_periods(Counter({"2025-12-31": 1, "2026-01-06": 1}), "week")
    ['2026-W01', '2026-W02']
    """
    dates = sorted(d for d in map(_day, days) if d is not None)
    if not dates:
        return []
    periods: list[str] = []
    step = _dt.timedelta(days=7 if unit == "week" else 1)
    day = dates[0] - _dt.timedelta(days=dates[0].weekday()) if unit == "week" else dates[0].replace(day=1)
    while day <= dates[-1]:
        period = _period(day, unit)
        if not periods or periods[-1] != period:
            periods.append(period)
        day = day + step if unit == "week" else (day.replace(day=28) + _dt.timedelta(days=4)).replace(day=1)
    return periods


def day_periods(days: Iterable[str], unit: str) -> dict[str, str]:
    """The period (month or ISO week) of each text that is a date; others are left out.

    >>> day_periods(["2026-01-05", "2025-12-31", "not a day"], "week")
    {'2026-01-05': '2026-W02', '2025-12-31': '2026-W01'}
    """
    found: dict[str, str] = {}
    for text in days:
        day = _day(text)
        if day is not None:
            found[text] = _period(day, unit)
    return found


def timeline_counts(
    days: Counter[str], periods: list[str], unit: str, period_of: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """Records per period, in order: value-free counts (a period is a month or ISO week).
    ``period_of`` (:func:`day_periods`) must hold at least every date among ``days``.

    >>> days = Counter({"2026-01-30": 2, "2026-03-02": 1, "?": 4})
    >>> [row["records"] for row in timeline_counts(days, ["2026-01", "2026-02", "2026-03"], "month")]
    [2, 0, 1]
    """
    if period_of is None:
        period_of = day_periods(days, unit)
    counts: Counter[str] = Counter()
    for text, count in days.items():
        period = period_of.get(text)
        if period is not None:
            counts[period] += count
    return [{"period": period, "records": counts.get(period, 0)} for period in periods]
