"""Fixtures for the browser tests: the built site on a local server, Debian's Chromium, and a
request recorder that lets nothing leave 127.0.0.1.

Nothing here skips: a missing Chromium, Playwright or ``site/node_modules`` is a failure with
a message saying what to install, because a silently skipped browser suite proves nothing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Route

REPO = Path(__file__).resolve().parents[2]
SITE = REPO / "site"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Belt and braces under the route recorder: no host name resolves, so even a request the
    # browser makes on its own (not the page) cannot reach beyond this machine.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
SERVER_START_TIMEOUT = 30


@dataclass
class Site:
    """The running ``site/serve.py``."""

    url: str
    log: list[str] = field(default_factory=list)

    @property
    def origin(self) -> str:
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"


@pytest.fixture(scope="session")
def site() -> Iterator[Site]:
    """Build ``site/dist/`` and serve it on a free port of 127.0.0.1 for the whole session."""
    build = subprocess.run(
        [sys.executable, str(SITE / "build.py")], capture_output=True, text=True, check=False
    )
    if build.returncode != 0:
        pytest.fail(f"site/build.py failed:\n{build.stderr}", pytrace=False)
    env = {**os.environ, "PORT": "0"}  # the server picks a free port and prints its URL
    server = subprocess.Popen(
        [sys.executable, "-u", str(SITE / "serve.py")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    assert server.stdout is not None
    first_line: list[str] = []
    reader = threading.Thread(target=lambda: first_line.append(server.stdout.readline()))  # type: ignore[union-attr]
    reader.start()
    reader.join(SERVER_START_TIMEOUT)
    line = first_line[0] if first_line else ""
    if "http://127.0.0.1:" not in line:
        server.kill()
        pytest.fail(f"site/serve.py did not start: {line!r}", pytrace=False)
    running = Site(url=line.split()[1])
    # Drain the request log so the pipe never fills; tests may read it.
    drain = threading.Thread(target=lambda: running.log.extend(server.stdout), daemon=True)  # type: ignore[arg-type]
    drain.start()
    yield running
    server.terminate()
    server.wait(timeout=10)
    drain.join(timeout=10)
    server.stdout.close()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Debian's Chromium through Playwright (never a downloaded browser)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright is not installed: pip install -e '.[test]'", pytrace=False)
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@dataclass
class Recorder:
    """Every request the page and its worker made: served if local, aborted if not.

    A worker started by a worker (the hasher beside the Python worker) is not routed by
    Playwright: what it loads shows in the server's log (``Site.log``), and the host-resolver
    rule above stops anything it might send elsewhere."""

    origin: str
    local: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def route(self, route: Route) -> None:
        url = route.request.url
        if url.startswith(self.origin + "/"):
            self.local.append(url)
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()


@pytest.fixture
def recorder(site: Site) -> Recorder:
    """A fresh request record for one test."""
    return Recorder(site.origin)


@pytest.fixture
def recorded_context(chromium: Browser, recorder: Recorder) -> Iterator[BrowserContext]:
    """A fresh browser context whose every request goes through ``recorder``."""
    context = chromium.new_context()
    context.route("**/*", recorder.route)
    yield context
    context.close()


@pytest.fixture
def recorded_page(recorded_context: BrowserContext, recorder: Recorder) -> Page:
    """A page whose requests and console errors are recorded (CSP violations show up there)."""
    page = recorded_context.new_page()

    def on_console(message: Any) -> None:
        if message.type == "error":
            recorder.console_errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: recorder.console_errors.append(str(error)))
    return page
