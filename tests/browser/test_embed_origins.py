"""The embed element believes messages only from its own iframe **and** the tool's origin.

A page that navigates the element's own iframe to another origin (here ``http://localhost``,
answered by Playwright: nothing is resolved on the network) can post messages whose
``event.source`` is that iframe. They must be ignored: a forged "ready" would hand a survey a
file the participant never confirmed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page, Route

    from .conftest import Recorder, Site

pytestmark = pytest.mark.browser

READY_MS = 180_000

FORGED = """<!doctype html><meta charset="utf-8"><title>forged</title>
<script>
  const file = new File(['{"forged": true}'], "user_data_tiktok.redacted.json", {type: "application/json"});
  parent.postMessage({type: "tiktok-export:ready", file, receipt: {}, summary: {}, findings: []}, "*");
  parent.postMessage({type: "tiktok-export:height", height: 1234}, "*");
  document.title = "posted";
</script>"""


def test_a_message_from_the_right_frame_but_the_wrong_origin_is_ignored(
    recorded_page: Page, recorder: Recorder, site: Site
) -> None:
    """The tool's own height message is believed; a forged 'ready' from its frame on another origin is not."""
    forged_url = f"http://localhost:{urlsplit(site.url).port}/forged.html"
    # A survey page without a CSP of its own (the example survey's frame-src would already stop
    # the iframe from leaving the tool's origin): here only the element's own check stands.
    survey_url = site.url + "examples/bare-survey.html"
    pages = {
        forged_url: FORGED,
        survey_url: '<!doctype html><meta charset="utf-8"><title>Survey</title>'
        '<script type="module" src="../embed.js"></script><tiktok-export-check></tiktok-export-check>',
    }

    def serve(route: Route) -> None:
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=pages[route.request.url])

    for url in pages:
        recorded_page.route(url, serve)
    recorded_page.goto(survey_url)
    recorded_page.evaluate(
        """() => {
            window.events = [];
            document.querySelector("tiktok-export-check")
                .addEventListener("ready", (event) => window.events.push(event.detail.file.size));
        }"""
    )
    tool = recorded_page.frame_locator("tiktok-export-check iframe")
    tool.locator("body[data-phase=idle]").wait_for(state="attached", timeout=READY_MS)
    iframe = recorded_page.locator("tiktok-export-check iframe")
    recorded_page.wait_for_function(
        "() => document.querySelector('tiktok-export-check iframe').style.height !== ''", timeout=30_000
    )
    believed_height = iframe.evaluate("element => element.style.height")

    # The same iframe, sent to another origin, posts a forged hand-over and a height.
    with recorded_page.expect_event("framenavigated", lambda frame: frame.url == forged_url) as navigated:
        iframe.evaluate("(element, url) => { element.src = url; }", forged_url)
    navigated.value.wait_for_function("document.title === 'posted'", timeout=30_000)
    recorded_page.wait_for_timeout(1_000)  # any message that was going to be delivered has arrived
    assert recorded_page.evaluate("window.events") == []
    assert iframe.evaluate("element => element.style.height") == believed_height
    assert believed_height != "1234px"
    assert recorder.foreign == []
