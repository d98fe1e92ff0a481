"""Screenshots of the participant page for the README: ``python -m tests.browser.screenshots``.

Builds ``site/dist/``, serves it on a free port of 127.0.0.1, walks a synthetic export through
every step in Debian's Chromium and writes ``site/screenshots/*.png``:

    1-start.png  2-progress.png  3-result.png  4-choices.png  5-done.png
    6-error.png  7-phone.png (375 x 740)  8-phone-dark-nl.png (375 x 740, dark, Dutch)
    9-records.png (a section's records, two unticked)  10-search.png (a search of everything)
    11-removed.png (every record with that word removed)
    12-phone-records.png  13-phone-search.png (375 x 740)

A study policy that removes direct messages is served for the run, so the lock shows.
Nothing leaves this machine: every request that is not to the local server is aborted.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tiktok_export import synthetic

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route

REPO = Path(__file__).resolve().parents[2]
SITE = REPO / "site"
OUT = SITE / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
TIMEOUT_MS = 180_000
STUDY_POLICY: dict[str, Any] = json.loads(
    (Path(__file__).resolve().parents[2] / "site/examples/policies/example-study.json").read_text("utf-8")
)
"""The example policy the site ships: direct messages removed whole, some sections locked."""


@contextlib.contextmanager
def local_site() -> Iterator[str]:
    """Build the site and serve it on a free loopback port; yields its base URL."""
    subprocess.run([sys.executable, str(SITE / "build.py")], check=True, capture_output=True)
    server = subprocess.Popen(
        [sys.executable, "-u", str(SITE / "serve.py")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PORT": "0"},
    )
    assert server.stdout is not None
    line = server.stdout.readline()
    if "http://127.0.0.1:" not in line:
        server.kill()
        raise RuntimeError(f"site/serve.py did not start: {line!r}")
    threading.Thread(target=lambda: server.stdout.read() if server.stdout else None, daemon=True).start()
    try:
        yield line.split()[1]
    finally:
        server.terminate()
        server.wait(timeout=10)


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium through Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def local_only(base: str) -> Callable[[Route], None]:
    """A route handler that aborts every request not to ``base``."""

    def route(route: Route) -> None:
        if route.request.url.startswith(base):
            route.continue_()
        else:
            route.abort()

    return route


def new_page(browser: Browser, base: str, *, width: int, height: int, dark: bool = False) -> Page:
    context = browser.new_context(
        viewport={"width": width, "height": height},
        color_scheme="dark" if dark else "light",
        device_scale_factor=1,
    )
    context.route("**/*", local_only(base))
    page = context.new_page()
    body = json.dumps(STUDY_POLICY)
    page.route(
        f"{base}study-policy.json",
        lambda route: route.fulfill(status=200, content_type="application/json", body=body),
    )
    return page


def open_page(page: Page, base: str, fragment: str = "policy=study-policy.json") -> None:
    page.goto(f"{base}index.html#{fragment}")
    page.locator("body[data-worker=ready][data-phase=idle]").wait_for(state="attached", timeout=TIMEOUT_MS)


def wait_phase(page: Page, *phases: str) -> None:
    page.locator(", ".join(f"body[data-phase={p}]" for p in phases)).wait_for(
        state="attached", timeout=TIMEOUT_MS
    )


def settled(page: Page) -> None:
    """The records view is open and its newest page is drawn."""
    page.locator("body[data-phase=browsing] #records-view[aria-busy=false]").wait_for(
        state="attached", timeout=TIMEOUT_MS
    )


def search_everything(page: Page, word: str) -> None:
    page.fill("#search-all-query", word)
    page.press("#search-all-query", "Enter")
    settled(page)


def shoot(page: Page, name: str, *, full: bool = True) -> Path:
    page.evaluate("document.activeElement?.blur()")  # no focus ring from scripted clicks
    path = OUT / name
    page.screenshot(path=str(path), full_page=full, animations="disabled")
    print(f"screenshots: wrote {path.relative_to(REPO)}", file=sys.stderr)
    return path


def main() -> int:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        small = Path(scratch) / "TikTok_Data.zip"
        with small.open("wb") as handle:
            synthetic.write_export_zip(synthetic.ExportSpec(seed=4, target_bytes=400_000), handle)
        big = Path(scratch) / "user_data_tiktok.json"
        with big.open("wb") as handle:
            synthetic.write_export_json(synthetic.ExportSpec(seed=5, target_bytes=40_000_000), handle)
        txt = io.BytesIO()
        synthetic.write_txt_export_zip(txt)

        with local_site() as base, chromium() as browser:
            page = new_page(browser, base, width=1024, height=800)
            open_page(page, base)
            page.click(".howto summary")
            shoot(page, "1-start.png")

            page.set_input_files("#file-input", big)
            page.wait_for_function(
                "() => document.getElementById('progress').value > 0.12", timeout=TIMEOUT_MS, polling=100
            )
            shoot(page, "2-progress.png", full=False)
            page.click("#cancel")
            wait_phase(page, "idle")

            page.set_input_files("#file-input", small)
            wait_phase(page, "usable")
            page.click("#sections tr[data-section-id=login-history] summary")
            shoot(page, "3-result.png")

            page.click("#continue")
            page.check("input[name=drop-section][value=searches]")
            page.check("input[name=drop-section][value=comments]")
            page.fill("#drop-from", "2025-03-01")
            page.fill("#drop-to", "2025-03-31")
            shoot(page, "4-choices.png")

            page.click("#create")
            wait_phase(page, "done")
            shoot(page, "5-done.png")

            page.click("#again")
            page.set_input_files(
                "#file-input",
                {"name": "TikTok_Data_TXT.zip", "mimeType": "application/zip", "buffer": txt.getvalue()},
            )
            wait_phase(page, "unusable")
            shoot(page, "6-error.png")

            phone = new_page(browser, base, width=375, height=740)
            open_page(phone, base)
            phone.set_input_files("#file-input", small)
            wait_phase(phone, "usable")
            shoot(phone, "7-phone.png", full=False)

            records = new_page(browser, base, width=1024, height=1000)
            open_page(records, base)
            records.set_input_files("#file-input", small)
            wait_phase(records, "usable")
            records.click("#continue")
            records.click("#choices [data-open-records=searches]")
            settled(records)
            for row in (1, 3):
                records.locator("#records-body input[name=share-record]").nth(row).uncheck()
            shoot(records, "9-records.png", full=False)
            records.click("#records-back")
            search_everything(records, "recipe")
            shoot(records, "10-search.png", full=False)
            records.click("#records-remove-word")
            records.locator("#records-body tr[data-removed=word]").first.wait_for(timeout=TIMEOUT_MS)
            settled(records)
            shoot(records, "11-removed.png", full=False)

            small_phone = new_page(browser, base, width=375, height=740)
            open_page(small_phone, base)
            small_phone.set_input_files("#file-input", small)
            wait_phase(small_phone, "usable")
            small_phone.click("#sections [data-open-records=login-history]")
            settled(small_phone)
            small_phone.locator("#records-body input[name=share-record]").nth(1).uncheck()
            small_phone.evaluate("document.getElementById('records-status').scrollIntoView()")
            shoot(small_phone, "12-phone-records.png", full=False)
            small_phone.click("#records-back")
            small_phone.click("#continue")
            search_everything(small_phone, "recipe")
            small_phone.evaluate("document.getElementById('records-status').scrollIntoView()")
            shoot(small_phone, "13-phone-search.png", full=False)

            dark = new_page(browser, base, width=375, height=740, dark=True)
            open_page(dark, base, "policy=study-policy.json&lang=nl")
            dark.set_input_files("#file-input", small)
            wait_phase(dark, "usable")
            dark.click("#continue")
            dark.check("input[name=drop-section][value=searches]")
            dark.evaluate("document.getElementById('choices-title').scrollIntoView()")
            shoot(dark, "8-phone-dark-nl.png", full=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
