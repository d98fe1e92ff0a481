"""Walk a stream of JSON events along the schema, one record at a time.

The walker is what keeps memory flat: containers the schema describes (the top-level
groups, sections, lists of records) are never built; it steps into them and hands on
each record, field or small value as soon as it is complete. Only a record (one watched
video, one message) is ever held whole. Places the schema does not know are walked the
same way, so an unexpected giant section costs no more memory than a known one.

It yields three kinds of items, in document order:

* ``Enter(path, node, is_map)`` when it steps into a container,
* ``Value(path, node, value)`` for each complete record or value,
* ``Leave(path, node, is_map)`` when the container ends.

``node`` is the schema node for the place, or ``None`` where the schema is silent.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .schema_model import Kind, Node

RawPath = tuple[str | int, ...]
"""A path of the keys and indices as they are in the file (never printed)."""

MAX_DEPTH = 64
"""A TikTok export nests about eight levels; far deeper input is hostile or broken."""


class TooDeep(Exception):
    """Nesting passed ``MAX_DEPTH``; carries the path where it happened."""

    def __init__(self, path: RawPath) -> None:
        super().__init__("nesting too deep")
        self.path = path


@dataclass(frozen=True, slots=True)
class Enter:
    """The walker stepped into a container at ``path``.

    ``expected`` is set when the schema wanted something else here (a list where an object
    belongs): the container is then walked as undescribed (``node`` is None).
    """

    path: RawPath
    node: Node | None
    is_map: bool
    expected: Node | None = None


@dataclass(frozen=True, slots=True)
class Leave:
    """The container at ``path`` ended."""

    path: RawPath
    node: Node | None
    is_map: bool


@dataclass(frozen=True, slots=True)
class Value:
    """A complete value at ``path``: a record, a field, or a value the schema did not expect."""

    path: RawPath
    node: Node | None
    value: Any


Item = Enter | Leave | Value

_STREAMED_MAP = (Kind.CONTAINER, Kind.OPAQUE)
_STREAMED_LIST = (Kind.LIST, Kind.OPAQUE)
_BUILT = (Kind.RECORD, Kind.LEAF)


def _build(first: str, events: Iterator[tuple[str, Any]], depth: int, path: RawPath) -> Any:
    """Build one value from ijson events without recursion, refusing excessive depth."""
    root: Any = {} if first == "start_map" else []
    stack: list[Any] = [root]
    key: Any = None
    keys: list[Any] = []
    for event, value in events:
        top = stack[-1]
        if event == "map_key":
            key = value
            continue
        if event == "end_map" or event == "end_array":
            stack.pop()
            if not stack:
                return root
            key = keys.pop()
            continue
        if event == "start_map" or event == "start_array":
            child: Any = {} if event == "start_map" else []
            if type(top) is dict:
                top[key] = child
            else:
                top.append(child)
            stack.append(child)
            keys.append(key)
            if depth + len(stack) > MAX_DEPTH:
                raise TooDeep(path)
            continue
        if type(top) is dict:
            top[key] = value
        else:
            top.append(value)
    return root  # the event stream ended inside the value: the parser raises first


def walk(
    events: Iterator[tuple[str, Any]], root: Node, frames: list[list[Any]] | None = None
) -> Iterator[Item]:
    """Yield the items described in the module docstring for one JSON document.

    ``frames`` (fast-path hook, see :mod:`tiktok_export.fastpath`): pass a list to share the
    walker's stack; when the fast path hands the rest of a list back to ijson after its first
    ``k`` records, it sets that list's next index to ``k`` so paths stay what they would be.
    """
    # Each frame: [node, is_map, path, pending key, next index]
    frames = [] if frames is None else frames
    for event, value in events:
        if event == "map_key":
            frames[-1][3] = value
            continue
        if event == "end_map" or event == "end_array":
            node, is_map, path, _, _ = frames.pop()
            yield Leave(path, node, is_map)
            continue
        if frames:
            frame = frames[-1]
            parent = frame[0]
            if frame[1]:
                key = frame[3]
                path = (*frame[2], key)
                node = parent.child(key) if parent is not None and parent.kind is not Kind.OPAQUE else None
            else:
                index = frame[4]
                frame[4] = index + 1
                path = (*frame[2], index)
                node = parent.items if parent is not None and parent.kind is not Kind.OPAQUE else None
        else:
            path, node = (), root
        if event == "start_map" or event == "start_array":
            is_map = event == "start_map"
            if node is not None and node.kind in _BUILT:
                yield Value(path, node, _build(event, events, len(frames), path))
                continue
            expected = None
            if node is not None and node.kind not in (_STREAMED_MAP if is_map else _STREAMED_LIST):
                expected, node = node, None
            if len(frames) >= MAX_DEPTH:
                raise TooDeep(path)
            frames.append([node, is_map, path, None, 0])
            yield Enter(path, node, is_map, expected)
        else:
            yield Value(path, node, value)
