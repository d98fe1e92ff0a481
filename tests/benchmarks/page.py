"""In-browser figures side by side: Pyodide's ``json.loads``, the package's check and redaction, V8.

    python -m tests.benchmarks.page [--sizes 10,100] [--repeat 3] [--smoke]

For each size a synthetic export is written and picked as a real ``File`` in headless Debian
Chromium (everything served from 127.0.0.1 by ``site/serve.py``; any other request is
aborted). Each measurement runs in a **fresh** module worker that loads the built site's
Pyodide and bundles, exactly as the page's worker does, and reads the ``File`` the way the
page does (``worker_bridge.open_file``: ``File.slice`` + ``FileReaderSync``):

* ``json.loads`` of the whole file's bytes, first call and again (warm): the reference the
  issue names; above ``--json-max`` MB it is skipped (it needs ~8x the file in wasm memory);
* ``check``: the page worker's own job (``worker_bridge._check``: ``api.check_file``, validate
  + summary), as the page's Check step runs it;
* ``redact``: the same with ``redact``: the output leaves Python in chunks, which
  ``site/worker/hasher.js`` makes into a ``Blob`` of parts (outside the wasm heap) and hashes
  beside Python; the time ends when the Blob and the receipt, with that hash, are ready, as in
  the page. The
  hasher is started before the timing, as the page's worker starts it after the check that
  precedes every redaction (``OutputHasher.prepare``);
* peak wasm heap of each worker (wasm memory never shrinks: its final size is the peak);
* V8: ``File.arrayBuffer`` + ``TextDecoder`` + ``JSON.parse`` in the page, for comparison.

Prints one Markdown table (medians of ``--repeat``). ``--steps`` instead times a check, a
redaction with its output discarded, one with its output made into the ``Blob``'s parts, and
the page's whole redaction (with the hash), taking turns with the ``json.loads`` references:
what each part adds, and the least a redaction of an unchecked file could cost in one worker
(:func:`floor`). ``--halves`` times one worker on the export against two fresh workers at once,
each on an export of half its size: what a page that split one file over two workers could gain
on this machine (:func:`halves`). ``--reads``
times reading the ``File`` into the wasm heap in slices of 4 to 32 MiB and whole. The bench page
and worker are served by Playwright's router from this file; the site itself is built by
``site/build.py`` as usual.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.browser.screenshots import chromium, local_only, local_site
from tiktok_export import synthetic

TIMEOUT_MS = 1_800_000

PAGE = """<!doctype html><meta charset="utf-8"><title>bench</title>
<input type="file" id="file" multiple>
<script type="module">
window.runWorker = (mode) => new Promise((resolve, reject) => {
  const worker = new Worker(new URL("./worker.mjs", location.href), { type: "module" });
  worker.onmessage = ({ data }) => { worker.terminate(); resolve(data); };
  worker.onerror = (event) => { worker.terminate(); reject(new Error(event.message)); };
  worker.postMessage({ mode, file: document.getElementById("file").files[0] });
});
// --halves: one worker per picked file, each loading Pyodide first; once all are loaded they
// are told to go at once, so their jobs run side by side.
window.runWorkersTogether = async (mode) => {
  const files = [...document.getElementById("file").files];
  const workers = files.map(() => new Worker(new URL("./worker.mjs", location.href), { type: "module" }));
  const loaded = workers.map((worker) => new Promise((resolve) => {
    worker.onmessage = ({ data }) => resolve(data);
  }));
  workers.forEach((worker, at) => worker.postMessage({ mode, file: files[at], together: true }));
  const early = await Promise.all(loaded);
  const failed = early.find((data) => data.error);
  if (failed) { workers.forEach((worker) => worker.terminate()); return [failed]; }
  const done = workers.map((worker) => new Promise((resolve) => {
    worker.onmessage = ({ data }) => { worker.terminate(); resolve(data); };
  }));
  workers.forEach((worker) => worker.postMessage("go"));
  return Promise.all(done);
};
window.v8Parse = async () => {
  const file = document.getElementById("file").files[0];
  const t0 = performance.now();
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer());
    JSON.parse(text);
  } catch (error) {
    return null; // above V8's longest string (~512 MiB) or its heap: no figure
  }
  return performance.now() - t0;
};
</script>"""

WORKER = """import { loadPyodide } from "../pyodide/pyodide.mjs";
const here = (path) => new URL(path, import.meta.url).href;
self.onmessage = async ({ data }) => {
  try {
    const pyodide = await loadPyodide({ indexURL: here("../pyodide/") });
    for (const name of ["../py/deps.zip", "../py/app.zip"]) {
      const bytes = await (await fetch(here(name))).arrayBuffer();
      pyodide.unpackArchive(bytes, "zip", { extractDir: "/app/lib" });
    }
    if (data.together) {  // --halves: loaded; the job starts when every worker is
      const go = new Promise((resolve) => { self.onmessage = resolve; });
      self.postMessage({ loaded: true });
      await go;
    }
    const parts = [];
    pyodide.globals.set("bench_file", data.file);
    pyodide.globals.set("bench_mode", data.mode);
    pyodide.globals.set("bench_parts", parts);
    const redact = data.mode.startsWith("redact");
    pyodide.globals.set("bench_options", { redact, hasher_url: here("../worker/hasher.js") });
    const figures = (await pyodide.runPythonAsync(PYTHON)).toJs({ dict_converter: Object.fromEntries });
    const output = new Blob(parts);
    figures.output_bytes = output.size;
    figures.heap_bytes = pyodide._module.HEAPU8.length;
    self.postMessage(figures);
  } catch (error) {
    self.postMessage({ error: String(error) });
  }
};
const PYTHON = `
import json, sys, time
sys.path.insert(0, "/app/lib")
import js
from pyodide.ffi import to_js

figures = {}
if bench_mode == "json":
    data = js.FileReaderSync.new().readAsArrayBuffer(bench_file).to_bytes()
    started = time.perf_counter()
    json.loads(data)
    figures["first_s"] = time.perf_counter() - started
    started = time.perf_counter()
    json.loads(data)
    figures["warm_s"] = time.perf_counter() - started
    del data
elif bench_mode.startswith("read-"):  # --reads: the File read as the page reads it, in slices
    from worker_bridge import _FileSlices
    size = int(bench_file.size)
    step = int(bench_mode[5:]) * 1024 * 1024 or size
    into = memoryview(bytearray(step))
    read_slice = _FileSlices(bench_file)
    started = time.perf_counter()
    for start in range(0, size, step):
        end = min(size, start + step)
        read_slice(start, end, into[: end - start])
    figures["seconds"] = time.perf_counter() - started
else:
    import tiktok_export.api  # as worker.py does at start-up, before any file is picked
    from tiktok_export import fastpath
    from worker_bridge import _check, open_file, output_sink

    STEPS = ("redact-python", "redact-output")

    class Discard:
        def write(self, data):
            return len(data)

    def redaction_step(mode):
        # The core's redaction of the File, its output discarded (redact-python) or taken out
        # of the wasm heap into Blob parts as the page does (redact-output); neither hashes it.
        parts = []
        sink = Discard() if mode == "redact-python" else output_sink(parts, None)
        stream, _ = open_file(bench_file)
        result = tiktok_export.api.check_file(
            stream, str(bench_file.name), redact=True, output=sink, hash_output=False
        )
        if mode == "redact-output":
            sink.close()
            bench_parts.push(js.Blob.new(to_js(parts)))
        return {"result": result}
    figures["fast_path"] = fastpath.available()
    profile = bench_mode.endswith("-profile")
    if profile:
        import cProfile, io, pstats
        profiler = cProfile.Profile()
        profiler.enable()
    if bench_mode.startswith("redact") and bench_mode not in STEPS:
        # The page checks a file before it redacts it, and its worker starts the hasher for
        # the redaction then (OutputHasher.prepare): here too it is ready before the timing.
        import worker_bridge
        worker_bridge.OutputHasher.prepare(bench_options.hasher_url)
        for spare in worker_bridge._spare_hashers.values():
            await spare.ready()
    figures["start_ms"] = js.performance.timeOrigin + js.performance.now()  # (--halves)
    started = time.perf_counter()
    if bench_mode in STEPS:  # a redaction without some of the page's parts (--steps)
        answer = redaction_step(bench_mode)
    else:
        answer = await _check(bench_file, bench_options, lambda *progress: None)
    figures["seconds"] = time.perf_counter() - started
    figures["end_ms"] = js.performance.timeOrigin + js.performance.now()
    figures["ok"] = bool(answer["result"]["ok"])
    if "output" in answer:
        bench_parts.push(answer["output"])
    if profile:
        profiler.disable()
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(30)
        figures["profile"] = text.getvalue()
figures
`;
"""


def _serve_bench(route: Any) -> None:
    url = route.request.url
    if url.endswith("/bench/index.html"):
        route.fulfill(status=200, content_type="text/html", body=PAGE)
    else:
        route.fulfill(status=200, content_type="text/javascript", body=WORKER)


@contextmanager
def _export(size_mb: float, seed: int | None = None) -> Iterator[Path]:
    """A generated export of about ``size_mb`` MB in a scratch folder, for the time of the block
    (the seed is the size unless given)."""
    with tempfile.TemporaryDirectory() as scratch:
        export = Path(scratch) / "user_data_tiktok.json"
        with export.open("wb") as handle:
            spec = synthetic.ExportSpec(
                seed=int(size_mb) if seed is None else seed, target_bytes=int(size_mb * 1024 * 1024)
            )
            synthetic.write_export_json(spec, handle)
        yield export


def _run_worker(page: Any, mode: str) -> dict[str, Any]:
    """One fresh bench worker's figures for ``mode``; its error raised here."""
    run: dict[str, Any] = page.evaluate("mode => window.runWorker(mode)", mode)
    if "error" in run:
        raise RuntimeError(f"{mode}: {run['error']}")
    return run


def measure(size_mb: int, repeat: int, json_max: int, real_page: bool = False) -> dict[str, Any]:
    """All figures for one export size (medians of ``repeat`` fresh workers each)."""
    with _export(size_mb) as export:
        return measure_file(export, repeat, json_max, real_page)


def _bench_page(browser: Any, base: str, export: Path) -> tuple[Any, Any]:
    """A context and page of the bench harness (every request but 127.0.0.1's aborted, the
    bench page and worker served from this file) with ``export`` picked as a real ``File``."""
    context = browser.new_context()
    context.route("**/*", local_only(base))
    context.route(f"{base}bench/*", _serve_bench)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{base}bench/index.html")
    page.set_input_files("#file", export)
    return context, page


def measure_file(export: Path, repeat: int, json_max: int, real_page: bool = False) -> dict[str, Any]:
    """All figures for one export file: the bare workers' (``json.loads``, check, redact, wasm
    heap), V8's, and with ``real_page`` the page's own (:func:`page_round`).

    The contenders take turns, ``repeat`` rounds of each in the same order: this machine's speed
    drifts by tens of percent within minutes, and a slow spell then falls on references and ours
    alike instead of on whichever block of runs it met (each ratio compares medians of one run)."""
    size = export.stat().st_size
    with local_site() as base, chromium() as browser:
        modes = (["json"] if size <= json_max * 1e6 else []) + ["check", "redact"]
        runs: dict[str, list[dict[str, Any]]] = {mode: [] for mode in modes}
        v8_runs: list[float | None] = []
        rounds: list[dict[str, Any]] = []
        for _ in range(repeat):
            # The bench page is closed before the participant's page runs, as it was before the
            # rounds interleaved: what it leaves (V8's parse of the whole file, its workers'
            # heaps) is then not being collected while the page's round is measured.
            context, page = _bench_page(browser, base, export)
            for mode in modes:
                runs[mode].append(_run_worker(page, mode))
            v8_runs.append(page.evaluate("() => window.v8Parse()"))
            context.close()
            if real_page:
                rounds.append(page_round(browser, base, export))
        parsed = [each for each in v8_runs if each is not None]
        v8 = statistics.median(parsed) / 1000 if parsed and len(parsed) == len(v8_runs) else None
        version = browser.version
    real = page_figures(rounds) if real_page else {}

    def median(mode: str, key: str) -> float | None:
        values = [run[key] for run in runs.get(mode, []) if key in run]
        return statistics.median(values) if values else None

    return {
        "chromium": version,
        "bytes": size,
        "json_first_s": median("json", "first_s"),
        "json_warm_s": median("json", "warm_s"),
        "json_heap": median("json", "heap_bytes"),
        "check_s": median("check", "seconds"),
        "check_heap": max(run["heap_bytes"] for run in runs["check"]),
        "redact_s": median("redact", "seconds"),
        "redact_heap": max(run["heap_bytes"] for run in runs["redact"]),
        "v8_s": v8,
        "fast_path": all(run.get("fast_path") for run in runs["check"]),
        **real,
    }


def measure_page(export: Path, repeat: int) -> dict[str, Any]:
    """Only the participant's page's figures (:func:`page_figures`), in a browser of their own."""
    with local_site() as base, chromium() as browser:
        rounds = [page_round(browser, base, export) for _ in range(repeat)]
        return {"chromium": browser.version, **page_figures(rounds)}


WATCH = """() => {
  window.__bench = { longtasks: [], progress: [] };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      window.__bench.longtasks.push({ start: entry.startTime, duration: entry.duration });
    }
  }).observe({ type: "longtask", buffered: true });
  const text = document.getElementById("progress-text");
  new MutationObserver(() => window.__bench.progress.push(performance.now()))
    .observe(text, { childList: true, characterData: true, subtree: true });
}"""

SPAN = """([start, end, drawn, settle]) => {
  const marks = Object.fromEntries(performance.getEntriesByType("mark")
    .filter((m) => m.name.startsWith("tiktok-export:")).map((m) => [m.name.slice(14), m.startTime]));
  const t0 = marks[start], t1 = marks[end], t2 = marks[drawn] ?? t1;
  // Long tasks until the answer is drawn (the page draws it after the worker's end mark), and
  // for `settle` ms after that: the frames that lay it out, work it left for when idle.
  const tasks = window.__bench.longtasks.filter((t) => t.start + t.duration > t0 && t.start < t2 + settle);
  const times = [t0, ...window.__bench.progress.filter((t) => t > t0 && t < t1), t1];
  const gaps = times.slice(1).map((t, i) => t - times[i]);
  const longest = gaps.indexOf(Math.max(...gaps));
  return { ms: t1 - t0, longest_task_ms: Math.max(0, ...tasks.map((t) => t.duration)),
           updates: times.length - 2, longest_gap_ms: gaps[longest],
           // where they were, in ms from the start (for --json: which part of the run blocks)
           tasks_at: tasks.map((t) => [Math.round(t.start - t0), Math.round(t.duration)]),
           longest_gap_at: Math.round(times[longest] - t0) };
}"""


SETTLE_MS = 1000
"""After the page says its answer is drawn, long tasks are still counted for this long (the frames
that lay the new step out, and what it builds when idle), and the run waits as long."""

STARTED = """() => !["idle", "checking"].includes(document.body.dataset.phase)
  || /records checked$/.test(document.getElementById("progress-text").textContent)"""

CANCEL = """() => new Promise((resolve) => {
  if (document.body.dataset.phase !== "checking") return resolve(null);
  const t0 = performance.now();
  document.getElementById("cancel").click();
  const poll = () => document.body.dataset.phase === "idle"
    ? resolve(performance.now() - t0) : requestAnimationFrame(poll);
  poll();
})"""


def page_round(browser: Any, base: str, export: Path) -> dict[str, Any]:
    """One round of the participant's page itself (PyScript worker, a real ``File``), in a
    context of its own: the check's and the redaction's spans from the page's own marks
    (:data:`SPAN`), and Cancel: click → back at the start (None when a small file was checked
    before the click)."""
    context = browser.new_context()
    context.route("**/*", local_only(base))
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{base}index.html")
    page.locator("body[data-worker=ready][data-phase=idle]").wait_for(state="attached")
    page.evaluate(WATCH)
    page.set_input_files("#file-input", export)
    page.locator("body[data-phase=usable], body[data-phase=unusable]").wait_for(state="attached")
    page.wait_for_timeout(SETTLE_MS)
    check = page.evaluate(SPAN, ["check-start", "check-end", "check-drawn", SETTLE_MS])
    page.click("#continue")
    page.click("#create")
    page.locator("body[data-phase=done]").wait_for(state="attached")
    page.wait_for_timeout(SETTLE_MS)
    redact = page.evaluate(SPAN, ["redact-start", "redact-end", "redact-drawn", SETTLE_MS])
    page.click("#again")
    page.locator("body[data-phase=idle]").wait_for(state="attached")
    page.set_input_files("#file-input", export)
    page.wait_for_function(STARTED)
    cancel = page.evaluate(CANCEL)
    context.close()
    return {"check": check, "redact": redact, "cancel": cancel}


def page_figures(rounds: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The page's figures over its rounds (:func:`page_round`): check and redaction times
    (medians), the longest main-thread task while each runs and its answer is drawn
    (``longtask`` entries, which exist from 50 ms up: 0 means none), how often the progress text
    changed and its longest wait, and Cancel's latency (median)."""
    cancels = [found["cancel"] for found in rounds if found["cancel"] is not None]
    found: dict[str, Any] = {"page_cancel_ms": statistics.median(cancels) if cancels else None}
    for step in ("check", "redact"):
        runs = [each[step] for each in rounds]
        found[f"page_{step}_s"] = statistics.median(run["ms"] for run in runs) / 1000
        found[f"page_{step}_longest_task_ms"] = max(run["longest_task_ms"] for run in runs)
        found[f"page_{step}_updates_per_s"] = statistics.median(1000 * r["updates"] / r["ms"] for r in runs)
        found[f"page_{step}_longest_gap_ms"] = max(run["longest_gap_ms"] for run in runs)
        found[f"page_{step}_where"] = [
            {"ms": r["ms"], "tasks_at": r["tasks_at"], "longest_gap_at": r["longest_gap_at"]} for r in runs
        ]
    return found


def profile(size_mb: int) -> dict[str, str]:
    """cProfile's 30 costliest functions (own time) of the check and of the redaction in Pyodide."""
    with _export(size_mb) as export, local_site() as base, chromium() as browser:
        context, page = _bench_page(browser, base, export)
        found = {}
        for mode in ("check", "redact"):
            run = _run_worker(page, f"{mode}-profile")
            found[mode] = f"{run['seconds']:.2f} s\n{run['profile']}"
        context.close()
    return found


STEP_MODES = ("check", "redact-python", "redact-output", "redact")
"""``--steps``: a check; a redaction whose output is discarded; one whose output becomes the
``Blob``'s parts; the page's whole redaction (parts, and the SHA-256 by ``hasher.js``)."""

REFERENCES = {"json-first": "json.loads, first call", "json-warm": "json.loads, warm"}
"""``--steps``' and ``--halves``' references (and their names in the tables), from the ``json``
mode taking its turn: the first and the warm ``json.loads`` of the whole file in a fresh worker,
as in ``make bench``'s table."""


def _add_run(found: dict[str, list[float]], mode: str, run: dict[str, Any]) -> None:
    """One bench worker's seconds under its mode; the ``json`` mode's two, under
    :data:`REFERENCES`."""
    if mode == "json":
        found.setdefault("json-first", []).append(run["first_s"])
        found.setdefault("json-warm", []).append(run["warm_s"])
    else:
        found.setdefault(mode, []).append(run["seconds"])


def _taking_turns(size_mb: int, modes: Sequence[str], repeat: int) -> tuple[int, dict[str, list[float]]]:
    """The export's size, and the seconds of each bench worker mode, ``repeat`` fresh workers
    each, the modes taking turns (so the machine's drift falls on all of them alike). The
    ``json`` mode gives two figures, its first and warm call (:data:`REFERENCES`)."""
    with _export(size_mb) as export, local_site() as base, chromium() as browser:
        context, page = _bench_page(browser, base, export)
        found: dict[str, list[float]] = {}
        for _ in range(repeat):
            for mode in modes:
                _add_run(found, mode, _run_worker(page, mode))
        context.close()
        return export.stat().st_size, found


def steps(size_mb: int, repeat: int) -> dict[str, list[float]]:
    """Seconds of each of :data:`STEP_MODES` and of the :data:`REFERENCES`, taking turns,
    ``repeat`` fresh workers each: what each part of a redaction adds to a check."""
    return _taking_turns(size_mb, ("json", *STEP_MODES), repeat)[1]


def floor(found: dict[str, list[float]]) -> dict[str, float]:
    """The least a redaction of a file nobody checked yet can cost in one worker, by the medians
    of :func:`steps`: its check (a redaction checks what it writes) plus what the output's bytes
    cost once Python has made them (their copy out of the wasm heap, the ``Blob`` and the
    SHA-256: "redact" minus "redact-python"), as if every transform and copy proof were free.
    With it the ratios to the references that target 1 of issue 7 asks of the redaction."""
    median = {mode: statistics.median(runs) for mode, runs in found.items()}
    least = median["check"] + max(0.0, median["redact"] - median["redact-python"])
    return {
        "floor_s": round(least, 2),
        "x_first": round(median["json-first"] / least, 2),
        "x_warm": round(median["json-warm"] / least, 2),
    }


HALVES_MODES = ("check", "redact")
"""``--halves``: the steps measured for one worker on the whole export and two at once on halves."""


def halves(size_mb: int, repeat: int) -> dict[str, Any]:
    """What two Python workers side by side could make of one export, before any code splits one:
    each of :data:`HALVES_MODES` by one fresh worker on an export of ``size_mb`` MB, and by two
    fresh workers at once, each on its own export of half that size (from the first job's start
    to the last one's end), with the whole file's first-call and warm ``json.loads``; taking
    turns, ``repeat`` rounds. On two cores the two workers share them with their two hashers, the
    page and the browser: the figure says how much of the ideal halving is left."""
    half = size_mb / 2
    with (
        _export(size_mb) as whole,
        _export(half, seed=size_mb + 1) as first,
        _export(half, seed=size_mb + 2) as second,
        local_site() as base,
        chromium() as browser,
    ):
        found: dict[str, list[float]] = {}
        one_context, one_page = _bench_page(browser, base, whole)
        two_context, two_page = _bench_page(browser, base, first)
        two_page.set_input_files("#file", [first, second])
        for _ in range(repeat):
            _add_run(found, "json", _run_worker(one_page, "json"))
            for mode in HALVES_MODES:
                found.setdefault(f"{mode}, one worker", []).append(_run_worker(one_page, mode)["seconds"])
                runs = two_page.evaluate("mode => window.runWorkersTogether(mode)", mode)
                if any("error" in each for each in runs):
                    raise RuntimeError(f"{mode}: {[each.get('error') for each in runs]}")
                span = (max(each["end_ms"] for each in runs) - min(each["start_ms"] for each in runs)) / 1000
                found.setdefault(f"{mode}, two workers at once", []).append(span)
        one_context.close()
        two_context.close()
        sizes = {"whole": whole.stat().st_size, "halves": first.stat().st_size + second.stat().st_size}
    return {"sizes": sizes, "found": found}


def _print_halves(size_mb: int, figures: dict[str, Any]) -> None:
    found, sizes = figures["found"], figures["sizes"]
    print(
        f"\n{sizes['whole'] / 1e6:.0f} MB in one worker, and two halves of {sizes['halves'] / 1e6:.0f} MB "
        f"together in two workers at once; medians of {len(found['json-first'])} rounds, taking turns\n"
    )
    print("| contender | seconds (median) | x first-call json.loads | x warm json.loads | each run |")
    print("|---|---:|---:|---:|---|")
    first, warm = (statistics.median(found[reference]) for reference in REFERENCES)
    for name, runs in found.items():
        median = statistics.median(runs)
        ratios = "- | -" if name in REFERENCES else f"{first / median:.2f} | {warm / median:.2f}"
        each = ", ".join(f"{seconds:.2f}" for seconds in runs)
        print(f"| {REFERENCES.get(name, name)} | {median:.2f} | {ratios} | {each} |")


READ_SLICES_MIB = (4, 8, 16, 32, 0)
"""``--reads``: slice sizes (MiB) the File is read in; 0 reads it whole, in one slice."""


def reads(size_mb: int, repeat: int) -> tuple[int, dict[str, list[float]]]:
    """Seconds to read the File into the wasm heap as the page does (``_FileSlices``), in each
    of :data:`READ_SLICES_MIB`, taking turns: what the slice size costs before any parsing."""
    return _taking_turns(size_mb, [f"read-{mib}" for mib in READ_SLICES_MIB], repeat)


def _print_reads(size: int, found: dict[str, list[float]]) -> None:
    print(f"\n{size / 1e6:.0f} MB read into the wasm heap, fresh workers taking turns\n")
    print("| slice | seconds (median) | MB/s | each run |")
    print("|---|---:|---:|---|")
    for mode, runs in found.items():
        mib = int(mode[5:])
        median = statistics.median(runs)
        each = ", ".join(f"{seconds:.2f}" for seconds in runs)
        name = f"{mib} MiB" if mib else "whole file"
        print(f"| {name} | {median:.2f} | {size / 1e6 / median:.0f} | {each} |")


def _print_steps(size_mb: int, found: dict[str, list[float]]) -> None:
    print(f"\n{size_mb} MB, medians of {len(found['check'])} fresh workers each, taking turns\n")
    print(
        "| step | seconds (median) | added to the step above | x first-call json.loads "
        "| x warm json.loads | each run |"
    )
    print("|---|---:|---:|---:|---:|---|")
    first, warm = (statistics.median(found[reference]) for reference in REFERENCES)
    for reference, name in REFERENCES.items():
        runs = ", ".join(f"{seconds:.2f}" for seconds in found[reference])
        print(f"| {name} | {statistics.median(found[reference]):.2f} | - | - | - | {runs} |")
    previous = None
    for mode in STEP_MODES:
        median = statistics.median(found[mode])
        added = f"{median - previous:+.2f}" if previous is not None else "-"
        runs = ", ".join(f"{seconds:.2f}" for seconds in found[mode])
        print(f"| {mode} | {median:.2f} | {added} | {first / median:.2f} | {warm / median:.2f} | {runs} |")
        previous = median
    least = floor(found)
    print(
        f"\nThe least a redaction of an unchecked file can cost in one worker (its check, plus the "
        f"output's copy, Blob and hash: redact minus redact-python; transforms and copy proofs "
        f"free): {least['floor_s']:.2f} s = {least['x_first']:.2f}x first-call json.loads, "
        f"{least['x_warm']:.2f}x warm."
    )


def _ratio(reference: float | None, ours: float | None) -> str:
    return f"{reference / ours:.2f}" if reference and ours else "-"


def main(argv: list[str] | None = None) -> int:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10,100", help="export sizes in MB, comma-separated")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json-max", type=int, default=300, help="largest size (MB) to json.loads")
    parser.add_argument("--smoke", action="store_true", help="one tiny run (the test suite's)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    parser.add_argument("--profile", action="store_true", help="cProfile check and redact in Pyodide instead")
    parser.add_argument(
        "--steps", action="store_true", help="what each part of a redaction adds to a check, instead"
    )
    parser.add_argument("--reads", action="store_true", help="what the File's slice size costs, instead")
    parser.add_argument(
        "--halves", action="store_true", help="one worker on a file against two at once on halves, instead"
    )
    args = parser.parse_args(argv)
    sizes = [1] if args.smoke else [int(size) for size in args.sizes.split(",")]
    repeat = 1 if args.smoke else args.repeat
    instead: dict[str, Callable[[int], None]] = {
        "reads": lambda size: _print_reads(*reads(size, repeat)),
        "halves": lambda size: _print_halves(size, halves(size, repeat)),
        "steps": lambda size: _print_steps(size, steps(size, repeat)),
        "profile": lambda size: print(
            "\n".join(f"## {mode}, {size} MB\n{text}" for mode, text in profile(size).items())
        ),
    }
    for flag, measure_and_print in instead.items():
        if getattr(args, flag):
            for size in [2] if args.smoke and flag == "halves" else sizes:
                measure_and_print(size)
            return 0
    rows = [(size, measure(size, repeat, args.json_max)) for size in sizes]
    print(f"Chromium {rows[0][1]['chromium']}, Pyodide worker per run, median of {repeat}\n")
    print(
        "| export | step | seconds | MB/s | x first-call json.loads | x warm json.loads | x V8 JSON.parse "
        "| peak wasm heap (MiB) |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for _, figures in rows:
        mb = figures["bytes"] / 1e6
        label = f"{mb:.0f} MB"
        mib = 1024 * 1024
        if figures["json_first_s"] is not None:
            first, warm = figures["json_first_s"], figures["json_warm_s"]
            print(
                f"| {label} | Pyodide json.loads, first call | {first:.2f} | {mb / first:.0f} | 1.00 | - | - "
                f"| {figures['json_heap'] / mib:.0f} |"
            )
            print(f"| {label} | Pyodide json.loads, warm | {warm:.2f} | {mb / warm:.0f} | - | 1.00 | - | - |")
        print(
            f"| {label} | V8 TextDecoder + JSON.parse | {figures['v8_s']:.2f} | {mb / figures['v8_s']:.0f} "
            "| - | - | 1.00 | - |"
        )
        for step in ("check", "redact"):
            seconds = figures[f"{step}_s"]
            print(
                f"| {label} | {step} (tiktok_export) | {seconds:.2f} | {mb / seconds:.0f} "
                f"| {_ratio(figures['json_first_s'], seconds)} | {_ratio(figures['json_warm_s'], seconds)} "
                f"| {_ratio(figures['v8_s'], seconds)} | {figures[f'{step}_heap'] / mib:.0f} |"
            )
    if args.json:
        print(json.dumps([figures for _, figures in rows], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
