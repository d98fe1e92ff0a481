"""The examples in the package's docstrings run, and say what they show.

Collected here rather than with ``--doctest-modules`` so the test cases' ``build.py`` scripts
are not imported as modules; every module of the package is listed from the package itself,
so a new module's examples are run without anyone adding it here.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import tiktok_export

MODULES = sorted(
    info.name
    for info in pkgutil.iter_modules(tiktok_export.__path__, "tiktok_export.")
    if info.name != "tiktok_export.__main__"  # runs the CLI on import
)


def test_the_package_has_examples() -> None:
    """At least a few modules carry runnable examples (a guard against collecting nothing)."""
    with_examples = [
        name for name in MODULES if doctest.DocTestFinder().find(importlib.import_module(name))[0].examples
    ]
    assert len(with_examples) >= 4, with_examples


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    """Every example in the module's docstrings gives the output it shows."""
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
