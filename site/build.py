"""Build ``site/dist/``: one static folder that runs ``tiktok_export`` in the browser, offline.

Run ``python3 site/build.py`` (Python 3.11+, standard library only). It needs
``site/node_modules/`` (``npm ci`` in ``site/``) and, the first time, PyPI for the pinned
pure-Python dependencies, which it caches in ``site/.cache/``.

What lands in ``site/dist/`` (all URLs between these files are relative)::

    pyodide/            the Pyodide core from the npm package (no packages: none are needed)
    pyscript/           @pyscript/core's built files from the npm package (no source maps)
    py/deps.zip         jsonschema and its pure-Python dependencies, ijson without its C code
    py/app.zip          tiktok_export with the repo's schemas/ inside it, and the worker's bridge
    worker/worker.py    the PyScript worker's script, and worker/pyscript.json its config
    *.html, *.mjs, ...  the static pages: everything else under site/

The build is idempotent: zips are written byte-for-byte the same (sorted entries, fixed
timestamps) and a file is only rewritten when its content changes, so a rebuild with nothing
changed touches nothing and the server keeps answering ``304 Not Modified``. Files in
``dist/`` that the build no longer produces are removed.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

SITE = Path(__file__).resolve().parent
ROOT = SITE.parent
DIST = SITE / "dist"
CACHE = SITE / ".cache"
NODE_MODULES = SITE / "node_modules"
REQUIREMENTS = SITE / "requirements-browser.txt"
WORKER_PY = SITE / "worker"
# The PyScript worker's entry script: served as a file (the <script src>), not bundled.
WORKER_SCRIPT = WORKER_PY / "worker.py"

# Only the core runtime: the npm package holds no wheels, and the page needs none of Pyodide's.
# The lock file is fetched by loadPyodide() at start-up even when no package is loaded.
PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
# PyScript: the whole built dist/ (core.js imports its chunks and plugins lazily, by relative
# URL), without source maps. Only what the page asks for is ever fetched.
PYSCRIPT_DIST = NODE_MODULES / "@pyscript" / "core" / "dist"
PYSCRIPT_SUFFIXES = frozenset({".js", ".css"})
# hash-wasm: only its SHA-256 (one UMD script with the wasm inside), for the worker that
# hashes the redacted output beside Python's (site/worker/hasher.js).
HASH_WASM_FILES = (("dist/sha256.umd.min.js", "sha256.umd.min.js"), ("LICENSE", "LICENSE"))
NPM_PINS = ("pyodide", "@pyscript/core", "hash-wasm")

# pip selects only py3-none-any wheels, so the cache holds the same files (and hashes)
# whichever Python runs the build; ijson comes as an sdist (its wheels carry C code).
PIP_DOWNLOAD = (
    "download",
    "--no-deps",
    "--require-hashes",
    "--only-binary=:all:",
    "--no-binary=ijson",
    "--platform=any",
    "--python-version=3.14",
    "--implementation=py",
    "--abi=none",
    "--disable-pip-version-check",
    "--quiet",
)

# msgspec (the fast path, tiktok_export/fastpath.py) has no pure wheel: its one wasm wheel,
# built for Pyodide 314's ABI, is fetched with these options instead. unpackArchive puts its
# .so beside the pure code and Python's import loads it (tested under Pyodide in Node).
WASM_WHEELS = frozenset({"msgspec"})
PIP_DOWNLOAD_WASM = (
    "download",
    "--no-deps",
    "--require-hashes",
    "--only-binary=:all:",
    "--platform=pyemscripten_2026_0_wasm32",
    "--python-version=3.14",
    "--implementation=cp",
    "--abi=cp314",
    "--disable-pip-version-check",
    "--quiet",
)

# jsonschema >= 4.18 imports the compiled `rpds`; this module makes the pure shim stand in.
RPDS_SHIM = b"from pyrsistent_as_rpds.pure import *  # noqa: F403 (shim for the compiled rpds-py)\n"

# Test suites and benchmarks inside wheels are dead weight in the page.
SKIPPED_DIRS = frozenset({"tests", "benchmarks", "__pycache__"})

# Files under site/ that are build or development inputs, not pages. Hidden files and
# folders (.cache/, tool caches) never ship either.
NOT_STATIC = frozenset(
    {"build.py", "serve.py", "package.json", "package-lock.json", "requirements-browser.txt"}
)
# screenshots/ holds the README's pictures of the page (tests/browser/screenshots.py), not the page.
NOT_STATIC_DIRS = frozenset({"node_modules", "dist", "__pycache__", "screenshots"})

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


class BuildError(RuntimeError):
    """A precondition of the build is not met; the message says what to run."""


@dataclass(frozen=True)
class Requirement:
    """One pinned line of requirements-browser.txt."""

    name: str
    version: str
    sha256: str


def read_requirements(path: Path = REQUIREMENTS) -> list[Requirement]:
    """Parse ``name==version --hash=sha256:HEX`` lines (comments and blanks ignored)."""
    requirements = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        spec, _, hash_part = line.partition(" --hash=sha256:")
        name, _, version = spec.partition("==")
        if not (name and version and hash_part):
            raise BuildError(f"{path.name}: expected 'name==version --hash=sha256:…': {raw!r}")
        requirements.append(Requirement(name.strip(), version.strip(), hash_part.strip()))
    return requirements


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch_dependencies(requirements: list[Requirement]) -> dict[str, Path]:
    """Return ``{name: cached file}``, downloading with pip only what the cache lacks.

    The cache is keyed by content: a file counts only if its hash is the pinned one, so a
    stale or tampered download is fetched again rather than trusted.
    """
    CACHE.mkdir(exist_ok=True)
    by_hash = {sha256_of(p): p for p in CACHE.iterdir() if p.is_file()}
    for kind, options in (("pure", PIP_DOWNLOAD), ("wasm", PIP_DOWNLOAD_WASM)):
        group = [r for r in requirements if (r.name in WASM_WHEELS) == (kind == "wasm")]
        if all(r.sha256 in by_hash for r in group):
            continue
        listing = CACHE / f"requirements-{kind}.txt"  # pip takes hashes only from a file
        listing.write_text("".join(f"{r.name}=={r.version} --hash=sha256:{r.sha256}\n" for r in group))
        command = [sys.executable, "-m", "pip", *options, "-d", str(CACHE), "-r", str(listing)]
        print(f"build: downloading browser dependencies with pip ({kind})", file=sys.stderr)
        try:
            subprocess.run(command, check=True)  # noqa: S603 (fixed argv, no shell)
        except (OSError, subprocess.CalledProcessError) as exc:
            raise BuildError(f"pip download failed ({exc}); is pip installed and PyPI reachable?") from exc
        by_hash = {sha256_of(p): p for p in CACHE.iterdir() if p.is_file()}
    missing = [f"{r.name}=={r.version}" for r in requirements if r.sha256 not in by_hash]
    if missing:
        raise BuildError(f"no file in {CACHE} matches the pinned hash of: {', '.join(missing)}")
    return {r.name: by_hash[r.sha256] for r in requirements}


def _kept(arcname: str) -> bool:
    """Whether a member of a wheel or sdist belongs in the page bundle."""
    return not SKIPPED_DIRS.intersection(PurePosixPath(arcname).parts[:-1])


def wheel_members(wheel: Path) -> Iterator[tuple[str, bytes]]:
    """Yield ``(arcname, bytes)`` for the files of a pure wheel, as they would be installed."""
    with zipfile.ZipFile(wheel) as archive:
        for info in archive.infolist():
            if not info.is_dir() and _kept(info.filename):
                yield info.filename, archive.read(info)


def ijson_members(sdist: Path, version: str) -> Iterator[tuple[str, bytes]]:
    """Yield ijson's pure-Python sources from its sdist, without the C extension.

    Without ``backends/ext`` and without a compiled ``_yajl2``, ``import ijson`` falls back to
    its python backend. A small ``dist-info`` keeps ``importlib.metadata`` and the licence.
    """
    prefix = f"ijson-{version}/"
    with tarfile.open(sdist, "r:gz") as archive:
        for member in archive.getmembers():
            rel = member.name.removeprefix(prefix)
            handle = archive.extractfile(member) if member.isfile() else None
            if handle is None:
                continue
            if rel.startswith("src/ijson/") and rel.endswith(".py") and "/ext/" not in rel:
                yield rel.removeprefix("src/"), handle.read()
            elif rel == "PKG-INFO":
                yield f"ijson-{version}.dist-info/METADATA", handle.read()
            elif rel == "LICENSE.txt":
                yield f"ijson-{version}.dist-info/licenses/LICENSE.txt", handle.read()


def deterministic_zip(members: Iterable[tuple[str, bytes]]) -> bytes:
    """Zip members sorted by name with fixed timestamps, so equal input gives equal bytes."""
    entries = dict(members)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as out:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(info, entries[name])
    return buffer.getvalue()


def deps_members(files: dict[str, Path], requirements: list[Requirement]) -> Iterator[tuple[str, bytes]]:
    """Everything that goes into ``py/deps.zip``."""
    versions = {r.name: r.version for r in requirements}
    for name, path in files.items():
        if name == "ijson":
            yield from ijson_members(path, versions[name])
        else:
            yield from wheel_members(path)
    yield "rpds.py", RPDS_SHIM


def project_version() -> str:
    """The version in pyproject.toml, for the bundled package's metadata."""
    with (ROOT / "pyproject.toml").open("rb") as handle:
        version = tomllib.load(handle)["project"]["version"]
    return str(version)


def tree_members(
    source: Path, dest: str, suffixes: frozenset[str] | None = None
) -> Iterator[tuple[str, bytes]]:
    """Yield the files under ``source`` as ``dest/relative/path`` (caches skipped)."""
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source)
        if not path.is_file() or SKIPPED_DIRS.intersection(rel.parts[:-1]) or path.suffix == ".pyc":
            continue
        if suffixes is None or path.suffix in suffixes:
            yield str(PurePosixPath(dest, *rel.parts)), path.read_bytes()


def app_members() -> Iterator[tuple[str, bytes]]:
    """Everything that goes into ``py/app.zip``.

    The package looks for ``tiktok_export/schemas/`` inside itself first, so the repo's
    ``schemas/`` goes there, as the wheel build does (pyproject's force-include). The worker's
    own Python (``site/worker/*.py`` but ``worker.py``, which is served as a file) goes to the
    top level, importable by module name.
    """
    package = ROOT / "py" / "tiktok_export"
    if not (package / "__init__.py").is_file():
        raise BuildError(f"{package} has no __init__.py: nothing to bundle")
    yield from tree_members(package, "tiktok_export")
    yield from tree_members(ROOT / "schemas", "tiktok_export/schemas")
    for name, data in tree_members(WORKER_PY, "", frozenset({".py"})):
        if name != WORKER_SCRIPT.name:
            yield name, data
    version = project_version()
    metadata = f"Metadata-Version: 2.1\nName: tiktok-export\nVersion: {version}\n"
    yield f"tiktok_export-{version}.dist-info/METADATA", metadata.encode()


def check_node_modules() -> None:
    """Fail early unless node_modules holds exactly the versions package-lock.json pins."""
    lock_path = SITE / "package-lock.json"
    lock = json.loads(lock_path.read_text(encoding="utf-8"))
    for name in NPM_PINS:
        wanted = lock["packages"][f"node_modules/{name}"]["version"]
        manifest = NODE_MODULES / name / "package.json"
        have = json.loads(manifest.read_text(encoding="utf-8"))["version"] if manifest.is_file() else None
        if have != wanted:
            raise BuildError(
                f"{name}: node_modules has {have}, package-lock.json pins {wanted}; run `npm ci` in site/"
            )


class Output:
    """Writes into DIST only what changed, and remembers what it produced."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.produced: set[Path] = set()
        self.changed: list[str] = []

    def _target(self, rel: str) -> Path:
        target = self.root / rel
        self.produced.add(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def write(self, rel: str, data: bytes) -> None:
        """Write ``data`` to ``rel`` unless the file already holds exactly these bytes."""
        target = self._target(rel)
        if target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data:
            return
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(target)  # atomic: a server never serves a half-written zip
        self.changed.append(rel)

    def copy(self, source: Path, rel: str) -> None:
        """Copy a file unless the target has the same size and modification time."""
        target = self._target(rel)
        src = source.stat()
        if target.is_file():
            dst = target.stat()
            if dst.st_size == src.st_size and dst.st_mtime_ns == src.st_mtime_ns:
                return
        shutil.copy2(source, target)
        self.changed.append(rel)

    def prune(self) -> list[str]:
        """Delete files (and then empty folders) under root that this build did not produce."""
        removed = []
        for path in sorted(self.root.rglob("*"), reverse=True):
            if path.is_file() and path not in self.produced:
                path.unlink()
                removed.append(str(path.relative_to(self.root)))
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
        return removed


def static_files() -> Iterator[tuple[Path, str]]:
    """Yield ``(source, relative path)`` for the pages and scripts under site/."""
    for dirpath, dirnames, filenames in os.walk(SITE):
        dirnames[:] = sorted(d for d in dirnames if d not in NOT_STATIC_DIRS and not d.startswith("."))
        base = Path(dirpath)
        for name in sorted(filenames):
            path = base / name
            # Python reaches the page inside py/app.zip, never as a loose file, except the
            # PyScript worker's own script, which PyScript fetches by URL.
            if (base == SITE and name in NOT_STATIC) or (path.suffix == ".py" and path != WORKER_SCRIPT):
                continue
            yield path, str(path.relative_to(SITE).as_posix())


def build() -> Output:
    """Produce DIST; return what was written."""
    check_node_modules()
    requirements = read_requirements()
    files = fetch_dependencies(requirements)
    out = Output(DIST)
    for name in PYODIDE_FILES:
        out.copy(NODE_MODULES / "pyodide" / name, f"pyodide/{name}")
    for path in sorted(PYSCRIPT_DIST.iterdir()):
        if path.suffix in PYSCRIPT_SUFFIXES:
            out.copy(path, f"pyscript/{path.name}")
    out.copy(PYSCRIPT_DIST.parent / "LICENSE", "pyscript/LICENSE")
    for source_rel, name in HASH_WASM_FILES:
        out.copy(NODE_MODULES / "hash-wasm" / source_rel, f"hash-wasm/{name}")
    out.write("py/deps.zip", deterministic_zip(deps_members(files, requirements)))
    out.write("py/app.zip", deterministic_zip(app_members()))
    for source, rel in static_files():
        out.copy(source, rel)
    removed = out.prune()
    if removed:
        print(f"build: removed {len(removed)} stale file(s) from dist/", file=sys.stderr)
    return out


def main() -> int:
    """Command-line entry point: build and say what changed."""
    started = time.perf_counter()
    try:
        out = build()
    except BuildError as exc:
        print(f"build: error: {exc}", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    what = ", ".join(out.changed) if out.changed else "nothing changed"
    print(f"build: {DIST.relative_to(ROOT)} ready in {elapsed:.2f}s ({what})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
