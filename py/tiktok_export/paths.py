"""Printable JSON paths that never leak a personal key.

A path such as ``$.Activity['Like List'].ItemFavoriteList[3].Date`` is how a finding or a
receipt says where something is. Keys that TikTok itself defines (those in the schema) are
printed as they are; any other key (a chat key naming a friend, an unknown key that might
be anything) is replaced by a numbered placeholder, because a key can be personal data too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Placeholder:
    """Stands in for a key that must not be printed, e.g. ``<conversation 2>``."""

    label: str


PathElement = str | int | Placeholder
Path = tuple[PathElement, ...]


def _key_text(key: str) -> str:
    if _IDENTIFIER.match(key):
        return "." + key
    escaped = key.replace("\\", "\\\\").replace("'", "\\'")
    return f"['{escaped}']"


def format_path(path: Path) -> str:
    """The one printable form of a path, as used in findings and receipts."""
    parts = ["$"]
    for element in path:
        if isinstance(element, Placeholder):
            parts.append(f"[<{element.label}>]")
        elif isinstance(element, int):
            parts.append(f"[{element}]")
        else:
            parts.append(_key_text(element))
    return "".join(parts)


def format_pattern(path: Path) -> str:
    """The path with list positions and placeholders generalised: one key per kind of place."""
    parts = ["$"]
    for element in path:
        if isinstance(element, (int, Placeholder)):
            parts.append("[*]")
        else:
            parts.append(_key_text(element))
    return "".join(parts)
