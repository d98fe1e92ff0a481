"""The page's runtime in Debian's Chromium, served the way a survey might serve it.

Python starts in a dedicated worker with no cross-origin isolation, its dependencies work, a
big file is read in bounded slices, Cancel stops a job, and no request leaves 127.0.0.1.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tomllib
import urllib.request
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:  # at run time the fixtures fail clearly when Playwright is missing
    from playwright.sync_api import Page, Response

    from .conftest import Recorder, Site

REPO = Path(__file__).resolve().parents[2]
SITE = REPO / "site"

pytestmark = pytest.mark.browser

CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'self'"
)
READY_TIMEOUT_MS = 90_000
READ_TIMEOUT_MS = 120_000
MAX_SLICE = 16 * 1024 * 1024  # worker_bridge.READ_BUFFER, the largest slice open_file asks for
FIFTY_MB = 50 * 1024 * 1024


def project_version() -> str:
    with (REPO / "pyproject.toml").open("rb") as handle:
        return str(tomllib.load(handle)["project"]["version"])


def wait_phase(page: Page, *phases: str, timeout: int) -> dict[str, Any]:
    """Wait until ``<body data-phase>`` is one of ``phases`` (or error); return the page's JSON."""
    selector = ", ".join(f"body[data-phase={p}]" for p in (*phases, "error"))
    page.locator(selector).wait_for(state="attached", timeout=timeout)
    state: dict[str, Any] = json.loads(page.locator("#result").text_content() or "{}")
    return state


def open_smoke(page: Page, site: Site) -> tuple[Response, dict[str, Any]]:
    response = page.goto(site.url + "smoke.html")
    assert response is not None
    return response, wait_phase(page, "ready", timeout=READY_TIMEOUT_MS)


def test_python_starts_in_a_worker_without_isolation_headers(
    recorded_page: Page, recorder: Recorder, site: Site
) -> None:
    """Pyodide loads in the worker with no COOP/COEP; jsonschema, ijson and the core import."""
    response, state = open_smoke(recorded_page, site)

    assert "error" not in state, state
    assert "cross-origin-opener-policy" not in response.headers
    assert "cross-origin-embedder-policy" not in response.headers
    assert state["page_cross_origin_isolated"] is False
    selftest = state["selftest"]
    assert selftest["cross_origin_isolated"] is False
    assert selftest["python"].startswith("3.14.")
    assert selftest["pyodide"] == "314.0.7"
    assert selftest["jsonschema"] == "4.26.0"
    assert selftest["jsonschema_accepts_valid"] is True
    assert selftest["jsonschema_errors_on_invalid"] == 1
    assert selftest["ijson_backend"] == "python"
    assert selftest["tiktok_export"] == project_version()
    assert recorder.foreign == []
    assert recorder.console_errors == []
    assert state["ready_ms"] < 30_000, "Python took over 30 s to start"
    print(f"\nPython ready {state['ready_ms']} ms after navigation; {len(recorder.local)} requests")


def test_a_50_mb_zip_is_read_in_slices_never_whole(
    recorded_page: Page, recorder: Recorder, site: Site, tmp_path: Path
) -> None:
    """The slice reader hands zipfile the central directory cheaply and never one huge read."""
    pick = tmp_path / "export.zip"
    with zipfile.ZipFile(pick, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("user_data_tiktok.json", os.urandom(FIFTY_MB))
    size = pick.stat().st_size
    open_smoke(recorded_page, site)

    recorded_page.set_input_files("#file", pick)
    read = wait_phase(recorded_page, "read", timeout=READ_TIMEOUT_MS)["read"]

    assert read["size"] == size
    assert read["bytes_seen"] == size
    assert read["sha256"] == hashlib.sha256(pick.read_bytes()).hexdigest()
    assert read["zip_members"] == 1
    assert read["zip_listing_bytes_read"] < 64 * 1024, "listing a zip must not read its members"
    assert read["max_slice"] <= MAX_SLICE
    assert read["slices"] >= size // MAX_SLICE
    assert read["bytes_read"] < size + 64 * 1024, "the file was read more than once"
    assert recorder.foreign == []
    print(f"\n50 MB read in {read['elapsed_ms']} ms, {read['slices']} slices")


def test_cancel_stops_a_read_and_a_fresh_worker_takes_over(
    recorded_page: Page, recorder: Recorder, site: Site, tmp_path: Path
) -> None:
    """Cancel terminates the busy worker at once; the next job runs in a new one."""
    big = tmp_path / "big.bin"
    with big.open("wb") as handle:  # sparse: costs no disk, still 4 s of reading in the page
        handle.truncate(400 * 1024 * 1024)
    small = tmp_path / "small.bin"
    small.write_bytes(b"x" * 1000)
    open_smoke(recorded_page, site)

    recorded_page.set_input_files("#file", big)
    recorded_page.locator("body[data-phase=reading]").wait_for(state="attached")
    recorded_page.click("#cancel")
    state = wait_phase(recorded_page, "cancelled", timeout=10_000)
    assert state["read"]["cancelled"] is True

    recorded_page.set_input_files("#file", small)
    state = wait_phase(recorded_page, "read", timeout=READY_TIMEOUT_MS)
    assert state["read"]["size"] == 1000
    assert recorder.foreign == []


def fetch(
    site: Site, path: str, data: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(site.url + path, data=data, headers=headers or {})  # noqa: S310 (our own server)
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()


@pytest.mark.parametrize(
    ("path", "mime"),
    [
        ("smoke.html", "text/html; charset=utf-8"),
        ("worker/client.mjs", "text/javascript"),
        ("worker/worker.py", "text/plain; charset=utf-8"),
        ("worker/pyscript.json", "application/json"),
        ("pyscript/core.js", "text/javascript"),
        ("pyodide/pyodide.asm.wasm", "application/wasm"),
        ("pyodide/pyodide-lock.json", "application/json"),
        ("py/deps.zip", "application/zip"),
    ],
)
def test_every_response_has_the_csp_and_its_mime_type(site: Site, path: str, mime: str) -> None:
    """Strict CSP on everything (the worker script gets its policy from its own response)."""
    status, headers, _ = fetch(site, path)
    assert status == 200
    assert headers["content-security-policy"] == CSP
    assert headers["content-type"] == mime
    assert headers["x-content-type-options"] == "nosniff"
    assert "cross-origin-embedder-policy" not in headers


def test_pages_carry_the_csp_in_a_meta_element_for_header_less_hosts(site: Site) -> None:
    """Each built page repeats the policy (less frame-ancestors, which meta cannot carry)."""
    expected = CSP.removesuffix("; frame-ancestors 'self'")
    pages = sorted((SITE / "dist").glob("*.html"))
    assert pages
    for page in pages:
        found = re.findall(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page.read_text())
        assert found == [expected], page.name


def test_upload_stores_the_body_and_lists_it(site: Site) -> None:
    """POST /upload keeps the bytes under a server-chosen name; GET /uploads/ shows it."""
    body = b'{"demo": true}'
    status, _, answer = fetch(site, "upload", data=body, headers={"Content-Type": "application/json"})
    stored = json.loads(answer)
    try:
        assert status == 201
        assert stored["bytes"] == len(body)
        assert stored["stored"].endswith(".json")
        assert (REPO / "uploads" / stored["stored"]).read_bytes() == body
        _, _, listing = fetch(site, "uploads/")
        assert {"name": stored["stored"], "bytes": len(body)} in json.loads(listing)
    finally:
        (REPO / "uploads" / stored["stored"]).unlink(missing_ok=True)


def test_sample_export_is_generated_on_request(site: Site) -> None:
    """GET /sample/export.zip answers a synthetic export made by tiktok_export.synthetic."""
    status, headers, body = fetch(site, "sample/export.zip?seed=3&target_bytes=20000")
    assert status == 200
    assert headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert [info.filename for info in archive.infolist()] == ["user_data_tiktok.json"]


def test_a_rebuild_with_nothing_changed_changes_nothing(site: Site) -> None:
    """build.py is idempotent: the second run rewrites no file."""
    run = subprocess.run([sys.executable, str(SITE / "build.py")], capture_output=True, text=True, check=True)
    assert "nothing changed" in run.stderr
