"""Nesting a hundred thousand levels deep: a clear finding, never a RecursionError."""

from pathlib import Path


def build(target: Path) -> None:
    target.write_bytes(b'{"Your Activity": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
