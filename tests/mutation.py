"""Plant known privacy bugs in a copy of the project and check that the test suite catches each.

A suite that still passes with a bug planted in it does not protect against that bug. Each
mutation below is one a careful reviewer once planted by hand while the suite stayed green;
this script keeps them caught. Run it before a release (CI runs it too):

    python -m tests.mutation            # all mutations
    python -m tests.mutation --only ip  # one

For each mutation it copies the tracked files into a temporary folder, applies one textual
change, runs the tests that guard it (the copy's package shadows the installed one through
``PYTHONPATH``), and expects them to FAIL. It exits 1 if any mutation survives.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NON_BROWSER = [
    "tests/test_redacted_bytes.py",
    "tests/test_privacy.py",
    "tests/test_cases.py",
    "tests/test_cli.py",
    "tests/test_schemas.py",
    "tests/test_synthetic.py",
    "tests/test_robustness.py",
    "tests/test_doctests.py",  # after the behaviour tests, so those are the ones seen failing
    "tests/test_memory.py",  # last: the slowest
]


@dataclass(frozen=True)
class Mutation:
    """One planted bug: in ``path``, ``old`` becomes ``new``; ``tests`` must then fail."""

    name: str
    what: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...] = tuple(NON_BROWSER)


MUTATIONS = (
    Mutation(
        "ip",
        "coarsen_ip keeps the exact address (a /32 or /128 network)",
        "py/tiktok_export/transforms.py",
        "prefix = 24 if address.version == 4 else 48",
        "prefix = 32 if address.version == 4 else 128",
    ),
    Mutation(
        "date",
        "coarsen_date returns the exact timestamp",
        "py/tiktok_export/transforms.py",
        '    return f"{year}-{month}-{day} 00:00:00{suffix or \'\'}"',
        "    return value",
    ),
    Mutation(
        "undescribed",
        "a whole undescribed section is kept verbatim when its action is not drop",
        "py/tiktok_export/redaction.py",
        '        return Decision("drop", decision.rule)',
        "        return None",
    ),
    Mutation(
        "read-whole",
        "the picked file is read whole into memory",
        "py/tiktok_export/source.py",
        "        return self._open()",
        "        return __import__('io').BytesIO(self._open().read())",
    ),
    Mutation(
        "embed-origin",
        "the embed element no longer checks event.origin",
        "site/embed.js",
        "    if (event.origin !== TOOL_PAGE.origin) return;",
        "",
        ("tests/browser/test_embed_origins.py",),
    ),
)


def _copy_tree(target: Path) -> None:
    """The tracked files (as they are in the work tree), plus the installed npm packages."""
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True
    ).stdout.split(b"\0")
    for raw in files:
        if not raw:
            continue
        source = REPO / raw.decode()
        if source.is_file():
            destination = target / raw.decode()
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)
    modules = REPO / "site" / "node_modules"
    if modules.exists():
        (target / "site" / "node_modules").symlink_to(modules)


def run(mutation: Mutation) -> bool:
    """True when the tests fail with the mutation planted (the mutation is caught)."""
    with tempfile.TemporaryDirectory(prefix=f"mutation-{mutation.name}-") as folder:
        copy = Path(folder)
        _copy_tree(copy)
        path = copy / mutation.path
        text = path.read_text("utf-8")
        if text.count(mutation.old) != 1:
            print(f"  {mutation.name}: the code to mutate is gone or ambiguous; update tests/mutation.py")
            return False
        path.write_text(text.replace(mutation.old, mutation.new), "utf-8")
        env = {**os.environ, "PYTHONPATH": str(copy / "py")}
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *mutation.tests],
            cwd=copy,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.monotonic() - started
        failed = [line for line in done.stdout.splitlines() if line.startswith("FAILED")]
        caught = done.returncode == 1 and bool(failed)
        verdict = "caught" if caught else f"SURVIVED (pytest exit {done.returncode})"
        print(f"  {mutation.name:<13} {verdict:<10} {seconds:6.0f} s  {mutation.what}")
        if failed:
            print(f"  {'':<13} first failure: {failed[0][7:][:140]}")
        return caught


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", choices=[m.name for m in MUTATIONS])
    args = parser.parse_args(argv)
    chosen = [m for m in MUTATIONS if not args.only or m.name in args.only]
    print(f"Planting {len(chosen)} mutation(s); each must make the tests fail:")
    survivors = [m.name for m in chosen if not run(m)]
    if survivors:
        print(f"Survived: {', '.join(survivors)}: the suite does not protect against these bugs.")
        return 1
    print(f"All {len(chosen)} mutation(s) caught.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
