"""Where each section's records lie in the file, so a page of the records view reads only its bytes.

Streaming the export again for every page costs a pass up to the page: seconds for the oldest
page of a long list in a 100 MB export. The fast path already cuts each long list of typed
records into batches of about 64 KiB at boundaries a typed decode has proven
(:mod:`~tiktok_export.fastpath`); during a pass that happens anyway (the page's check of the
picked file) this index notes, per batch, the section, the position of its first record in the
section, how many records it holds, and where its bytes start and end in the JSON document.
That is about 1,600 entries for 100 MB, and never more than :data:`MAX_ENTRIES`.

A page then finds the batches holding its records, reads only their bytes (a seek in a bare
``.json``; in a ``.zip`` the member is inflated forward from its start and discarded, at C speed)
and decodes them as the fast path does; :mod:`~tiktok_export.records` builds the rows with the
very code the streaming pass uses. Whatever the index does not cover (lists the fast path handed
back to ijson, untyped records, a search, a file without an index) is streamed as before, and
the answer is the same either way (the tests compare them).

Privacy: the index holds no value from the file. It holds numbers (offsets, positions, counts),
section ids and receipt patterns from the schema (keys the schema does not name are numbered
placeholders there, as in every receipt), and references to the schema's record nodes.

>>> index = RecordIndex()
>>> index.add("likes", index.place_of(None, "$.L[*]"), 0, 3, 10, 40)
>>> index.add("likes", index.place_of(None, "$.L[*]"), 3, 2, 42, 60)
>>> index.finish(100, {"likes": 5})
>>> [(p.first, p.count, p.start, p.end) for p in index.pieces("likes", 2, 4, size=100) or []]
[(0, 3, 10, 40), (3, 2, 42, 60)]
>>> index.pieces("likes", 2, 4, size=99) is None  # not the file the index was made from
True
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

MAX_ENTRIES = 1 << 18
"""Batches noted per file at most (16 GiB of 64 KiB batches, twice the largest export unpacked):
memory stays bounded whatever the file; records past the limit are streamed."""


@dataclass(frozen=True)
class Place:
    """One list of a section: its record node in the schema and the receipt pattern of its records."""

    node: Any  # schema_model.Node (Any: the doctest uses None)
    pattern: str


@dataclass(frozen=True)
class Piece:
    """A batch of records: ``count`` records from the ``first`` of the section, bytes
    ``[start, end)`` of the JSON document (from its first byte, a byte-order mark included)."""

    first: int
    count: int
    start: int
    end: int
    place: Place


@dataclass
class _Section:
    """One section's batches in file order, as parallel arrays (compact, bisectable)."""

    firsts: array[int] = field(default_factory=lambda: array("q"))
    counts: array[int] = field(default_factory=lambda: array("q"))
    starts: array[int] = field(default_factory=lambda: array("q"))
    ends: array[int] = field(default_factory=lambda: array("q"))
    places: array[int] = field(default_factory=lambda: array("l"))


class RecordIndex:
    """A bounded, value-free index of record batches for one file (see the module docstring).

    Filled by one pass (:func:`~tiktok_export.pipeline.run` with ``index=``) and usable only
    once that pass finished (:meth:`finish`), for a file of the same size."""

    def __init__(self) -> None:
        self._sections: dict[str, _Section] = {}
        self._places: list[Place] = []
        self._place_numbers: dict[tuple[int, str], int] = {}
        self.entries = 0
        self.size: int | None = None  # set by finish(): the indexed document's size in bytes
        self.totals: dict[str, int] = {}  # records per section in the indexed file

    def place_of(self, node: Any, pattern: str) -> int:
        """The number of a list's place (record node and pattern), interned."""
        key = (id(node), pattern)
        number = self._place_numbers.get(key)
        if number is None:
            number = self._place_numbers[key] = len(self._places)
            self._places.append(Place(node, pattern))
        return number

    def add(self, section_id: str, place: int, first: int, count: int, start: int, end: int) -> None:
        """Note a batch; batches of a section arrive in file order. Past the bound: ignored."""
        if self.size is not None or self.entries >= MAX_ENTRIES or count <= 0:
            return
        runs = self._sections.get(section_id)
        if runs is None:
            runs = self._sections[section_id] = _Section()
        elif runs.firsts and first < runs.firsts[-1] + runs.counts[-1]:
            return  # not after the last one: cannot happen in one pass; never trust it
        runs.firsts.append(first)
        runs.counts.append(count)
        runs.starts.append(start)
        runs.ends.append(end)
        runs.places.append(place)
        self.entries += 1

    def finish(self, size: int, totals: dict[str, int]) -> None:
        """The pass read the whole file without an error: the index may be used from now on."""
        self.size = size
        self.totals = dict(totals)

    def pieces(self, section_id: str, first: int, last: int, *, size: int) -> list[Piece] | None:
        """The batches holding records ``[first, last)`` of a section, in file order, or None
        when the index does not cover every one of them (then the caller streams)."""
        runs = self._sections.get(section_id)
        if self.size is None or size != self.size or runs is None or first >= last:
            return None
        at = bisect_right(runs.firsts, first) - 1
        if at < 0 or runs.firsts[at] + runs.counts[at] <= first:
            return None
        found: list[Piece] = []
        expected = runs.firsts[at]
        while at < len(runs.firsts) and runs.firsts[at] < last:
            if runs.firsts[at] != expected:
                return None  # a gap: records the fast path did not take
            found.append(
                Piece(
                    runs.firsts[at],
                    runs.counts[at],
                    runs.starts[at],
                    runs.ends[at],
                    self._places[runs.places[at]],
                )
            )
            expected = runs.firsts[at] + runs.counts[at]
            at += 1
        return found if expected >= last else None
