"""The page's PyScript worker under the strict CSP: no eval, no other origin, no CDN, ever.

The page runs the core in ``<script type="py" worker src="worker/worker.py"
config="worker/pyscript.json">`` (see ``site/worker/client.mjs``). PyScript makes that worker
from a ``blob:`` URL, and a blob worker inherits the page's Content-Security-Policy, ``<meta>``
included. These tests prove what follows from that in Debian's Chromium:

* served by a host that sends no security headers at all, the worker still cannot ``eval`` and
  cannot reach another origin (a control run without the ``<meta>`` shows the probe would see it);
* when the worker cannot start, whatever the reason, the page says so plainly and nothing is
  fetched from anywhere but 127.0.0.1: polyscript never gets to fall back to its CDN;
* Cancel terminates the busy worker (its thread ends) and a fresh one takes the next file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tiktok_export import synthetic

from .conftest import Recorder

try:  # the fixtures fail clearly when Playwright is missing; this import must not fail first
    from playwright.sync_api import Error as PlaywrightError
except ImportError:  # pragma: no cover
    PlaywrightError = Exception  # type: ignore[misc,assignment]

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Route, Worker

    from .conftest import Site

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
EN: dict[str, Any] = json.loads((REPO / "site" / "i18n" / "en.json").read_text(encoding="utf-8"))
READY_TIMEOUT_MS = 90_000
JOB_TIMEOUT_MS = 180_000
FOREIGN = "http://example.com/tiktok-export-probe"
META_CSP = re.compile(rb'\s*<meta http-equiv="Content-Security-Policy"[^>]*>')

# Records every CSP violation the page's document sees, from the first script on.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI }));
"""

# Runs inside the PyScript worker. The attempts happen in a later task (setTimeout), not in
# the DevTools evaluation itself, so the worker's own policy decides, as for any code of its own.
WORKER_PROBE = """() => new Promise((resolve) => {
  const out = { violations: [] };
  self.addEventListener("securitypolicyviolation", (e) =>
    out.violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI }));
  setTimeout(async () => {
    try { out.eval = String((0, eval)("6 * 7")); } catch (e) { out.eval = e.name; }
    try { out.function = String(new Function("return 6 * 7")()); } catch (e) { out.function = e.name; }
    try { await fetch("%s"); out.fetch = "answered"; } catch (e) { out.fetch = e.name; }
    setTimeout(() => resolve(out), 300);
  }, 0);
})""" % FOREIGN  # noqa: UP031 (a JS template full of braces)


def headerless(site: Site, strip_meta: bool = False) -> Callable[[Route], None]:
    """A route handler that serves the site as a bare static host would: the body and its
    Content-Type (module scripts and wasm need it), and no other header, so no CSP header."""

    def handle(route: Route) -> None:
        if not route.request.url.startswith(site.origin + "/"):
            route.fallback()  # the recorder aborts and records it
            return
        response = route.fetch()
        body = response.body()
        if strip_meta and response.headers.get("content-type", "").startswith("text/html"):
            body = META_CSP.sub(b"", body)
        only = {"content-type": response.headers["content-type"]}
        route.fulfill(status=response.status, body=body, headers=only)

    return handle


def pyscript_worker(page: Page) -> Worker:
    """The page's one worker: PyScript's, made from a blob: URL."""
    workers = [w for w in page.workers if w.url.startswith("blob:")]
    assert len(workers) == 1, [w.url for w in page.workers]
    return workers[0]


def open_ready(context: BrowserContext, site: Site) -> Page:
    page = context.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(f"{site.url}index.html")
    ready = page.locator("body[data-worker=ready][data-phase=idle]")
    ready.wait_for(state="attached", timeout=READY_TIMEOUT_MS)
    return page


def test_the_page_runs_the_core_in_a_pyscript_worker(
    recorded_context: BrowserContext, recorder: Recorder, site: Site
) -> None:
    """The worker is PyScript's, from the tag and its config; Pyodide and PyScript come from this origin."""
    page = open_ready(recorded_context, site)

    tag = page.evaluate("""() => {
      const s = document.querySelector('script[type="py"][worker]');
      return s && { src: s.getAttribute("src"), config: s.getAttribute("config"), xworker: Boolean(s.xworker),
                    count: document.querySelectorAll('script[type="py"]').length };
    }""")
    assert tag is not None
    assert tag["src"].endswith("/worker/worker.py")
    assert tag["config"].endswith("/worker/pyscript.json")
    assert tag["xworker"] is True
    assert tag["count"] == 1, "one PyScript script, in a worker: no interpreter on the main thread"
    pyscript_worker(page)
    paths = {url.removeprefix(site.origin) for url in recorder.local}
    for path in ("/pyscript/core.js", "/worker/pyscript.json", "/worker/worker.py", "/pyodide/pyodide.mjs",
                 "/pyodide/pyodide.asm.wasm", "/py/deps.zip", "/py/app.zip"):  # fmt: skip
        assert path in paths, path
    assert sum(path.startswith("/pyodide/pyodide.asm.wasm") for path in paths) == 1, "one Pyodide only"
    assert page.evaluate("window.__violations") == []
    assert recorder.foreign == []
    assert recorder.console_errors == []


def test_without_any_headers_the_worker_can_neither_eval_nor_reach_another_origin(
    chromium: Browser, site: Site
) -> None:
    """On a host that sends no CSP header, the blob worker inherits the page's <meta> policy."""
    results: dict[str, dict[str, Any]] = {}
    foreign: dict[str, list[str]] = {}
    for run, strip_meta in (("meta", False), ("control, no meta", True)):
        recorder = Recorder(site.origin)
        context = chromium.new_context()
        context.route("**/*", recorder.route)
        context.route(f"{site.origin}/**", headerless(site, strip_meta))
        try:
            page = open_ready(context, site)
            served = page.evaluate("fetch('index.html').then(r => [...r.headers.keys()])")
            assert "content-security-policy" not in served
            results[run] = pyscript_worker(page).evaluate(WORKER_PROBE)
            results[run]["page_violations"] = page.evaluate("window.__violations")
            foreign[run] = recorder.foreign
        finally:
            context.close()

    protected = results["meta"]
    assert protected["eval"] == "EvalError"
    assert protected["function"] == "EvalError"
    assert protected["fetch"] == "TypeError"
    directives = {v["directive"] for v in protected["violations"]}
    assert {"script-src", "connect-src"} <= directives, protected["violations"]
    assert foreign["meta"] == [], "the cross-origin request was made"

    # The control: the same probe in a page without the <meta> (no policy at all) does get
    # through, so the assertions above are the policy's doing, not the probe's.
    control = results["control, no meta"]
    assert control["eval"] == "42"
    assert control["function"] == "42"
    assert control["violations"] == []
    assert foreign["control, no meta"] == [FOREIGN], "the request reached the network layer"


def _missing(path: str) -> Callable[[BrowserContext, Site], None]:
    def setup(context: BrowserContext, site: Site) -> None:
        context.route(f"{site.origin}/{path}", lambda route: route.fulfill(status=404, body="gone"))

    return setup


def _header_without_blob(context: BrowserContext, site: Site) -> None:
    """A host whose CSP header leaves out blob: (an older copy of the README's policy)."""

    def handle(route: Route) -> None:
        response = route.fetch()
        headers = dict(response.headers)
        headers["content-security-policy"] = headers["content-security-policy"].replace(" blob:", "")
        route.fulfill(response=response, headers=headers)

    context.route(f"{site.origin}/index.html*", handle)


START_FAILURES: dict[str, Callable[[BrowserContext, Site], None]] = {
    "a missing archive (py/deps.zip)": _missing("py/deps.zip"),
    "a missing interpreter (pyodide.mjs)": _missing("pyodide/pyodide.mjs"),
    "a missing worker config (pyscript.json)": _missing("worker/pyscript.json"),
    "a missing worker script (worker.py)": _missing("worker/worker.py"),
    "missing PyScript (core.js)": _missing("pyscript/core.js"),
    "a host CSP without blob:": _header_without_blob,
}


@pytest.mark.parametrize("failure", list(START_FAILURES))
def test_a_worker_that_cannot_start_says_so_and_never_tries_a_cdn(
    recorded_context: BrowserContext, recorder: Recorder, site: Site, failure: str
) -> None:
    """Each way start-up can fail ends in "could not start", with no request beyond 127.0.0.1."""
    START_FAILURES[failure](recorded_context, site)
    page = recorded_context.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(f"{site.url}index.html")
    page.locator("body[data-worker=failed]").wait_for(state="attached", timeout=READY_TIMEOUT_MS)
    page.wait_for_timeout(2000)  # room for a late fallback to show itself, were there one

    box = page.locator("#fatal .finding[data-code=start-failed]")
    assert box.is_visible()
    assert box.locator("h3").text_content() == EN["findings"]["start-failed"]["title"]
    assert page.locator("#file-input").is_disabled()
    assert recorder.foreign == []
    cross_origin = [v for v in page.evaluate("window.__violations") if v["blocked"].startswith("http")
                    and not v["blocked"].startswith(site.origin)]  # fmt: skip
    assert cross_origin == [], "something tried to load from another origin (a CDN fallback)"
    assert page.evaluate("document.querySelectorAll('script[type=\"py\"]').length") == 0
    assert [w.url for w in page.workers if w.url.startswith("blob:")] == []


def test_cancel_ends_the_busy_worker_and_a_fresh_one_checks_the_next_file(
    recorded_context: BrowserContext, recorder: Recorder, site: Site, tmp_path: Path
) -> None:
    """Cancel terminates the PyScript worker mid-check (its thread ends); the next file works."""
    big = tmp_path / "user_data_tiktok.json"
    with big.open("wb") as handle:
        synthetic.write_export_json(synthetic.ExportSpec(seed=5, target_bytes=40_000_000), handle)
    small = tmp_path / "small.zip"
    with small.open("wb") as handle:
        synthetic.write_export_zip(synthetic.ExportSpec(seed=6, target_bytes=30_000), handle)
    page = open_ready(recorded_context, site)
    first = pyscript_worker(page)
    started: list[Worker] = []
    page.on("worker", lambda worker: started.append(worker))  # noqa: PLW0108 (Playwright cannot wrap a builtin method)

    page.set_input_files("#file-input", big)
    page.wait_for_function(
        "() => /records checked$/.test(document.getElementById('progress-text').textContent)", timeout=60_000
    )
    page.click("#cancel")
    page.locator("body[data-phase=idle]").wait_for(state="attached", timeout=10_000)
    # The busy worker is gone, not merely ignored: DevTools can no longer reach it (a worker
    # still running Python would make this call wait instead).
    with pytest.raises(PlaywrightError, match="closed"):
        first.evaluate("1")

    page.set_input_files("#file-input", small)
    page.locator("body[data-phase=usable]").wait_for(state="attached", timeout=JOB_TIMEOUT_MS)
    # PyScript's workers run from blob: URLs; the only other one is the hasher that the check of
    # the small file started for its redaction (worker/hasher.js).
    fresh = [worker for worker in started if worker.url.startswith("blob:")]
    assert len(fresh) == 1, "one fresh worker took over"
    assert fresh[0] is not first
    assert all(worker.url.endswith("/worker/hasher.js") for worker in started if worker not in fresh)
    assert page.evaluate("document.querySelectorAll('script[type=\"py\"]').length") == 1
    assert recorder.foreign == []
    assert page.evaluate("window.__violations") == []
