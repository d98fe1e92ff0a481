"""The embed API in a real survey page: nothing is uploaded before the participant confirms,
then only the redacted file (and its receipt), byte-identical to the CLI's, and no request
ever leaves 127.0.0.1."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tiktok_export.synthetic import ExportSpec, write_export_zip, write_txt_export_zip

if TYPE_CHECKING:
    from playwright.sync_api import FrameLocator, Page

    from .conftest import Recorder, Site

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
KEY = "00112233445566778899aabbccddeeff"
SLOW_MS = 120_000


def _uploads(site: Site) -> list[dict[str, Any]]:
    with urllib.request.urlopen(site.url + "uploads/", timeout=10) as response:  # noqa: S310 - local test server
        listing: list[dict[str, Any]] = json.load(response)
    return listing


def _open_survey(page: Page, site: Site, key: str | None) -> FrameLocator:
    page.goto(site.url + "examples/survey.html")
    if key is not None:
        page.locator("tiktok-export-check").evaluate(
            "(element, key) => element.setAttribute('pseudonym-key', key)", key
        )
    return page.frame_locator("tiktok-export-check iframe")


def test_survey_uploads_only_the_confirmed_redacted_file(
    recorded_page: Page, recorder: Recorder, site: Site, tmp_path: Path
) -> None:
    """Upload happens only on Submit after "Send to the survey", and carries the CLI's exact bytes."""
    export = tmp_path / "TikTok_Data.zip"
    with export.open("wb") as out:
        write_export_zip(ExportSpec(seed=41, target_bytes=300_000), out)
    expected = tmp_path / "expected.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tiktok_export",
            "redact",
            str(export),
            "-o",
            str(expected),
            "--pseudonym-key",
            KEY,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    before = {u["name"] for u in _uploads(site)}
    events: list[str] = []
    recorded_page.expose_function("recordEvent", lambda name: events.append(name))  # noqa: PLW0108 - Playwright cannot wrap a builtin method
    tool = _open_survey(recorded_page, site, KEY)
    recorded_page.evaluate(
        """() => {
            const el = document.querySelector('tiktok-export-check');
            for (const name of ['ready', 'findings', 'cancel']) {
                el.addEventListener(name, () => window.recordEvent(name));
            }
        }"""
    )
    tool.locator("input[type=file]").set_input_files(str(export))
    proceed = tool.get_by_role("button", name="Continue: choose what to share")
    proceed.wait_for(timeout=SLOW_MS)
    proceed.click()
    create = tool.get_by_role("button", name="Create my redacted file")
    create.wait_for(timeout=SLOW_MS)
    create.click()
    send = tool.get_by_role("button", name="Send to the survey")
    send.wait_for(timeout=SLOW_MS)
    submit = recorded_page.locator("#submit")
    assert submit.is_disabled()
    assert events == []
    assert not any("/upload" in url for url in recorder.local)
    assert {u["name"] for u in _uploads(site)} == before
    send.click()
    recorded_page.wait_for_function("() => !document.querySelector('#submit').disabled", timeout=SLOW_MS)
    assert events == ["ready"]
    assert {u["name"] for u in _uploads(site)} == before  # still nothing: Submit not pressed
    submit.click()
    recorded_page.locator("#submit-status[data-uploaded]").wait_for(timeout=SLOW_MS)
    new = sorted({u["name"] for u in _uploads(site)} - before)
    assert len(new) == 2
    stored = [(REPO / "uploads" / name).read_bytes() for name in new]
    redacted = [data for data in stored if data == expected.read_bytes()]
    assert len(redacted) == 1, "the survey must upload exactly the CLI's redacted bytes"
    receipt_bytes = next(data for data in stored if data != expected.read_bytes())
    receipt_path, redacted_path = tmp_path / "receipt.json", tmp_path / "uploaded.json"
    receipt_path.write_bytes(receipt_bytes)
    redacted_path.write_bytes(redacted[0])
    verified = subprocess.run(
        [sys.executable, "-m", "tiktok_export", "verify", str(redacted_path), str(receipt_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
    uploads = [url for url in recorder.local if url.endswith("/upload")]
    assert len(uploads) == 2
    assert recorder.foreign == []


def test_unusable_file_emits_findings_and_uploads_nothing(
    recorded_page: Page, recorder: Recorder, site: Site, tmp_path: Path
) -> None:
    """A TXT export gives a `findings` event with CLI-shaped findings; Submit stays disabled."""
    export = tmp_path / "TikTok_Data.zip"
    with export.open("wb") as out:
        write_txt_export_zip(out)
    detail: list[Any] = []
    recorded_page.expose_function("recordFindings", lambda value: detail.append(value))  # noqa: PLW0108 - as above
    tool = _open_survey(recorded_page, site, None)
    recorded_page.evaluate(
        """() => document.querySelector('tiktok-export-check')
        .addEventListener('findings', (e) => window.recordFindings(e.detail))"""
    )
    tool.locator("input[type=file]").set_input_files(str(export))
    recorded_page.wait_for_function(
        "() => document.querySelector('#donation-status').textContent.includes('cannot')", timeout=SLOW_MS
    )
    assert detail
    assert [f["code"] for f in detail[0]["findings"]] == ["txt-export"]
    assert set(detail[0]["findings"][0]) >= {"code", "severity", "path", "message"}
    assert recorded_page.locator("#submit").is_disabled()
    assert not any("/upload" in url for url in recorder.local)
    assert recorder.foreign == []


def test_messages_from_other_frames_are_ignored(recorded_page: Page, site: Site) -> None:
    """A forged `ready` message posted by the survey page itself does not fire the element's event."""
    _open_survey(recorded_page, site, None)
    fired = recorded_page.evaluate(
        """async () => {
            const el = document.querySelector('tiktok-export-check');
            let fired = false;
            el.addEventListener('ready', () => { fired = true; });
            window.postMessage({type: 'tiktok-export:ready', file: new Blob(['{}']), receipt: {}}, '*');
            await new Promise((resolve) => setTimeout(resolve, 300));
            return fired;
        }"""
    )
    assert fired is False
