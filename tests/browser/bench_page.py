"""How fast the participant page is, in one headless Chromium run: ``python -m tests.browser.bench_page``.

Measures, against the built site on a local server:

* page ready: navigation start → the page is drawn (``interactive``) and → Python is loaded in
  the worker (``worker-ready``), from the page's own User Timing marks;
* the check pass over a generated 100 MB export (``--size``), as the participant runs it:
  pick → verdict, from the ``check-start``/``check-end`` marks (and the wall clock around it);
* the same file in the same page with the browser's own tools: ``File.arrayBuffer()``,
  ``TextDecoder.decode`` and ``JSON.parse`` (V8), the floor any in-browser check has to beat;
* with ``--redact``, also the redaction pass (drop nothing, default policy);
* Cancel: how long from the click until the page is back at the start (the PyScript worker
  terminated), and until a fresh worker has Python ready again;
* Python-ready, side by side in the same browser, fresh context each, interleaved
  (``--ready-repeat`` times, medians): the page's PyScript worker (worker created → ``worker.py``
  ran: Pyodide, both bundles, the core imported) against a bare ``loadPyodide()`` in a plain
  module worker, and against that plain worker doing the same work by hand (bundles unpacked,
  the core imported: what the page's worker did before PyScript).

Prints a table and, with ``--json``, the figures as JSON. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.browser.screenshots import chromium, local_only, local_site
from tiktok_export import synthetic

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route

TIMEOUT_MS = 900_000
MB = 1_000_000

MARKS = """() => Object.fromEntries(performance.getEntriesByType("mark")
  .filter(m => m.name.startsWith("tiktok-export:"))
  .map(m => [m.name.slice("tiktok-export:".length), m.startTime]))"""

NATIVE = """async () => {
  const file = document.getElementById("file-input").files[0];
  const t0 = performance.now();
  const buffer = await file.arrayBuffer();
  const t1 = performance.now();
  const text = new TextDecoder("utf-8", { fatal: true }).decode(buffer);
  const t2 = performance.now();
  const value = JSON.parse(text);
  const t3 = performance.now();
  return { read_ms: t1 - t0, decode_ms: t2 - t1, parse_ms: t3 - t2, total_ms: t3 - t0,
           top_level_keys: Object.keys(value).length };
}"""


# The bare baselines: a plain module worker served from this origin under /__bench__/ (by a
# route of this benchmark, not by the site). "bundles" also unpacks py/deps.zip and py/app.zip
# and imports the core, as the page's own worker did before it was PyScript's.
BARE_WORKER = """import { loadPyodide } from "../pyodide/pyodide.mjs";
const here = (path) => new URL(path, import.meta.url).href;
const bundles = new URL(import.meta.url).searchParams.has("bundles");
const zips = bundles ? Promise.all(["../py/deps.zip", "../py/app.zip"].map(
  (path) => fetch(here(path)).then((r) => r.arrayBuffer()))) : null;
const pyodide = await loadPyodide({ indexURL: here("../pyodide/") });
if (bundles) {
  for (const bytes of await zips) pyodide.unpackArchive(bytes, "zip", { extractDir: "/app/lib" });
  pyodide.runPython("import sys; sys.path.insert(0, '/app/lib'); import tiktok_export.api");
}
postMessage("ready");
"""

BARE_READY = """(url) => new Promise((resolve, reject) => {
  const t0 = performance.now();
  const worker = new Worker(url, { type: "module" });
  worker.onmessage = () => { resolve(performance.now() - t0); worker.terminate(); };
  worker.onerror = (e) => reject(new Error(e.message || "bare worker failed"));
})"""

PAGE_READY = """() => performance.getEntriesByName("tiktok-export:worker-ready")[0].detail.total_ms"""


def bench_routes(base: str) -> Callable[[Route], None]:
    """Local requests go to the server, /__bench__/ is answered here, the rest is aborted."""
    allow = local_only(base)

    def route(route: Route) -> None:
        path = route.request.url.removeprefix(base)
        if path.startswith("__bench__/bare-worker.mjs"):
            route.fulfill(status=200, body=BARE_WORKER, headers={"content-type": "text/javascript"})
        elif path.startswith("__bench__/"):
            page = "<!doctype html><title>bench</title>"
            route.fulfill(status=200, body=page, headers={"content-type": "text/html"})
        else:
            allow(route)

    return route


def python_ready(browser: Browser, base: str, repeat: int) -> dict[str, Any]:
    """Python-ready times of the three ways, interleaved so load on the machine hits all alike."""
    runs: dict[str, list[float]] = {"pyscript": [], "bare": [], "bare_bundles": []}
    for _ in range(repeat):
        for kind, times in runs.items():
            context = browser.new_context()
            context.route("**/*", bench_routes(base))
            page = context.new_page()
            if kind == "pyscript":
                page.goto(f"{base}index.html")
                page.locator("body[data-worker=ready]").wait_for(state="attached", timeout=TIMEOUT_MS)
                times.append(page.evaluate(PAGE_READY))
            else:
                page.goto(f"{base}__bench__/page.html")
                query = "?bundles" if kind == "bare_bundles" else ""
                times.append(page.evaluate(BARE_READY, f"{base}__bench__/bare-worker.mjs{query}"))
            context.close()
    medians = {kind: statistics.median(times) for kind, times in runs.items()}
    return {
        "ready_repeat": repeat,
        "ready_pyscript_ms": round(medians["pyscript"]),
        "ready_bare_loadpyodide_ms": round(medians["bare"]),
        "ready_bare_with_bundles_ms": round(medians["bare_bundles"]),
        "ready_pyscript_vs_bare": round(medians["pyscript"] / medians["bare"], 2),
        "ready_pyscript_vs_bare_with_bundles": round(medians["pyscript"] / medians["bare_bundles"], 2),
        "ready_runs_ms": {kind: [round(t) for t in times] for kind, times in runs.items()},
    }


def cancel_times(page: Page, export: Path) -> dict[str, Any]:
    """Pick the export, wait for the first progress, press Cancel: time to the start panel and
    to a fresh worker with Python ready."""
    page.set_input_files("#file-input", export)
    progress = "() => /records checked$/.test(document.getElementById('progress-text').textContent)"
    page.wait_for_function(progress, timeout=TIMEOUT_MS)
    clicked = page.evaluate("""() => new Promise((resolve) => {
      const t0 = performance.now();
      document.getElementById("cancel").click();
      const poll = () => document.body.dataset.phase === "idle"
        ? resolve({ t0, idle: performance.now() - t0 })
        : requestAnimationFrame(poll);
      poll();
    })""")
    page.locator("body[data-worker=ready][data-phase=idle]").wait_for(state="attached", timeout=TIMEOUT_MS)
    last_ready = "(t0) => performance.getEntriesByName('tiktok-export:worker-ready').at(-1).startTime - t0"
    ready_again = page.evaluate(last_ready, clicked["t0"])
    return {"cancel_to_start_ms": round(clicked["idle"]), "cancel_to_ready_again_ms": round(ready_again)}


def wait_phase(page: Page, *phases: str) -> None:
    page.locator(", ".join(f"body[data-phase={p}]" for p in phases)).wait_for(
        state="attached", timeout=TIMEOUT_MS
    )


def measure(size: int, redact: bool, ready_repeat: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as scratch:
        export = Path(scratch) / "user_data_tiktok.json"
        started = time.perf_counter()
        with export.open("wb") as handle:
            synthetic.write_export_json(synthetic.ExportSpec(seed=1, target_bytes=size), handle)
        generated_s = time.perf_counter() - started
        size_bytes = export.stat().st_size
        with local_site() as base, chromium() as browser:
            context = browser.new_context()
            context.route("**/*", local_only(base))
            page = context.new_page()
            page.goto(f"{base}index.html")
            page.locator("body[data-worker=ready][data-phase=idle]").wait_for(
                state="attached", timeout=TIMEOUT_MS
            )
            wall = time.perf_counter()
            page.set_input_files("#file-input", export)
            wait_phase(page, "usable", "unusable")
            check_wall_s = time.perf_counter() - wall
            records = page.eval_on_selector_all(
                "#preview [data-records]", "els => els.reduce((n, e) => n + Number(e.dataset.records), 0)"
            )
            native: dict[str, float] = page.evaluate(NATIVE)
            if redact:
                page.click("#continue")
                page.click("#create")
                wait_phase(page, "done")
            marks: dict[str, float] = page.evaluate(MARKS)
            page.click("#again" if redact else "#again-result")
            page.locator("body[data-phase=idle]").wait_for(state="attached", timeout=TIMEOUT_MS)
            cancel = cancel_times(page, export)
            version = browser.version
            context.close()
            ready = python_ready(browser, base, ready_repeat)
    figures: dict[str, Any] = {
        "chromium": version,
        "machine": f"{platform.machine()}, {platform.system()}",
        "export_bytes": size_bytes,
        "export_records": records,
        "generated_s": round(generated_s, 2),
        "page_interactive_ms": round(marks["interactive"]),
        "page_ready_ms": round(marks["worker-ready"]),
        "check_ms": round(marks["check-end"] - marks["check-start"]),
        "check_wall_ms": round(check_wall_s * 1000),
        "check_mb_per_s": round(size_bytes / MB / ((marks["check-end"] - marks["check-start"]) / 1000), 2),
        "native_read_ms": round(native["read_ms"]),
        "native_decode_ms": round(native["decode_ms"]),
        "native_parse_ms": round(native["parse_ms"]),
        "native_total_ms": round(native["total_ms"]),
        "native_mb_per_s": round(size_bytes / MB / (native["total_ms"] / 1000), 1),
    }
    figures["check_vs_native"] = round(figures["check_ms"] / max(1, figures["native_total_ms"]), 1)
    figures |= cancel | ready
    if redact:
        figures["redact_ms"] = round(marks["redact-end"] - marks["redact-start"])
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size", type=int, default=100, help="export size in MB (default 100)")
    parser.add_argument("--redact", action="store_true", help="also time the redaction pass")
    parser.add_argument(
        "--ready-repeat", type=int, default=5, help="Python-ready runs of each kind (default 5)"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    figures = measure(args.size * MB, args.redact, args.ready_repeat)
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    size_mb = figures["export_bytes"] / MB
    rows = [
        ("page drawn (navigation → interactive)", f"{figures['page_interactive_ms']:,} ms"),
        ("page ready (navigation → Python loaded)", f"{figures['page_ready_ms']:,} ms"),
        (
            f"check pass, {size_mb:.0f} MB, {figures['export_records']:,} records",
            f"{figures['check_ms']:,} ms ({figures['check_mb_per_s']} MB/s)",
        ),
        ("  File.arrayBuffer()", f"{figures['native_read_ms']:,} ms"),
        ("  TextDecoder.decode", f"{figures['native_decode_ms']:,} ms"),
        ("  JSON.parse (V8)", f"{figures['native_parse_ms']:,} ms"),
        ("  native total", f"{figures['native_total_ms']:,} ms ({figures['native_mb_per_s']} MB/s)"),
        ("check / native", f"{figures['check_vs_native']}x"),
    ]
    if "redact_ms" in figures:
        rows.append(("redaction pass", f"{figures['redact_ms']:,} ms"))
    rows += [
        ("Cancel → back at the start", f"{figures['cancel_to_start_ms']:,} ms"),
        ("Cancel → fresh worker, Python ready", f"{figures['cancel_to_ready_again_ms']:,} ms"),
        (f"Python ready, medians of {figures['ready_repeat']} (worker created → ready):", ""),
        ("  PyScript worker (page: Pyodide, bundles, core)", f"{figures['ready_pyscript_ms']:,} ms"),
        ("  bare loadPyodide() in a plain module worker", f"{figures['ready_bare_loadpyodide_ms']:,} ms"),
        ("  plain worker, loadPyodide + bundles + core", f"{figures['ready_bare_with_bundles_ms']:,} ms"),
        ("  PyScript / bare loadPyodide()", f"{figures['ready_pyscript_vs_bare']}x"),
        ("  PyScript / plain worker doing the same", f"{figures['ready_pyscript_vs_bare_with_bundles']}x"),
    ]
    width = max(len(label) for label, _ in rows)
    print(f"Chromium {figures['chromium']} on {figures['machine']}")
    for label, value in rows:
        print(f"{label.ljust(width)}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
