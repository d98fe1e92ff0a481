"""The participant's record-level choices: single records, and every record holding a word.

Both only ever remove more. A record is named by its section id and its position among
that section's records in the file (``INDEX``, from 0), which the page, the CLI and the
records view all count the same way. A word is matched case-insensitively against the
record *as it will be shared*, so a search shows exactly the records a removal takes:
a username the policy pseudonymises no longer matches its real name, and ``[email]``
matches where scrubbing left that marker.

Matching is per string (or number) inside the record, keys excluded: a word cannot
span two fields.

>>> words = RecordChoices.build({}, [(None, "Zürich"), ("searches", "cat")])
>>> words.drop_reason("searches", 0, {"SearchTerm": "A CAT video"})
'choices.drop_matching'
>>> words.drop_reason("likes", 0, {"Link": "https://x/ZÜRICH"})
'choices.drop_matching'
>>> words.drop_reason("likes", 0, {"Link": "cat"}) is None
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

MAX_WORD_LENGTH = 200


def clean_word(text: str) -> str:
    """A word as typed, without control characters (they cannot be in a shared value's text
    as searched, and the separator between a record's strings is one)."""
    return "".join(character for character in text if character >= " " and character != "\x7f").strip()


def fold(text: str) -> str:
    """The case-insensitive form both sides of a match use (``ß`` matches ``SS``)."""
    return text.casefold()


def _strings(value: Any) -> Iterable[str]:
    """Every string and number inside a value, in order; keys are not searched."""
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is str:
            yield item
        elif kind is dict:
            stack.extend(reversed(list(item.values())))
        elif kind is list:
            stack.extend(reversed(item))
        elif kind in (int, float):
            yield str(item)


_SEPARATOR = "\x00"  # joins a record's strings: no word holds it (see RecordChoices.check)


def contains(value: Any, folded_words: Iterable[str]) -> bool:
    """Whether any string in ``value`` holds any of the (already folded) words.

    One casefold per record: its strings joined by a character no word may hold, so a word
    still cannot match across two fields.
    """
    words = tuple(folded_words)
    if not words:
        return False
    if type(value) is dict:
        parts: list[str] = []
        for item in value.values():
            kind = type(item)
            if kind is str:
                parts.append(item)
            elif kind in (dict, list):
                parts.extend(_strings(item))
            elif kind in (int, float):
                parts.append(str(item))
        text = fold(_SEPARATOR.join(parts))
    else:
        text = fold(_SEPARATOR.join(_strings(value)))
    return any(word in text for word in words)


def might_contain(piece: bytes, folded_words: Iterable[str]) -> bool:
    """A cheap, conservative test on raw JSON bytes: False only if no record can match.

    Escapes (``\\u00e9``) could hide a word, so any backslash answers True.
    """
    words = tuple(folded_words)
    if not words:
        return False
    if b"\\" in piece:
        return True
    try:
        text = fold(piece.decode("utf-8"))
    except UnicodeDecodeError:
        return True
    return any(word in text for word in words)


@dataclass(frozen=True)
class RecordChoices:
    """Record-level choices compiled for one pass: per section, indexes and folded words."""

    records: Mapping[str, frozenset[int]]
    words: Mapping[str | None, tuple[str, ...]]  # None: every section

    @classmethod
    def build(
        cls, records: Mapping[str, Iterable[int]], matching: Iterable[tuple[str | None, str]]
    ) -> RecordChoices:
        """From the choices' plain form: ``{section: indexes}`` and ``(section or None, word)``."""
        words: dict[str | None, tuple[str, ...]] = {}
        for section, word in matching:
            words[section] = (*words.get(section, ()), fold(clean_word(word)))
        return cls({s: frozenset(i) for s, i in records.items() if i}, words)

    def __bool__(self) -> bool:
        return bool(self.records or self.words)

    def applies(self, section_id: str) -> bool:
        """Whether any record of this section may be removed by these choices."""
        return section_id in self.records or None in self.words or section_id in self.words

    def words_for(self, section_id: str) -> tuple[str, ...]:
        """The folded words that remove records of this section."""
        return (*self.words.get(None, ()), *self.words.get(section_id, ()))

    def drops_index(self, section_id: str, index: int) -> bool:
        """Whether the participant ticked off this one record."""
        chosen = self.records.get(section_id)
        return chosen is not None and index in chosen

    def drops_any(self, section_id: str, start: int, count: int) -> bool:
        """Whether a ticked-off record lies in ``[start, start + count)``."""
        chosen = self.records.get(section_id)
        return chosen is not None and any(start <= index < start + count for index in chosen)

    def drop_reason(self, section_id: str, index: int, shared: Any) -> str | None:
        """The receipt rule removing a record, given its shared form; None keeps it."""
        if self.drops_index(section_id, index):
            return "choices.drop_records"
        if contains(shared, self.words_for(section_id)):
            return "choices.drop_matching"
        return None
