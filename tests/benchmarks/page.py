"""In-browser figures side by side: Pyodide's ``json.loads``, the package's check and redaction, V8.

    python -m tests.benchmarks.page [--sizes 10,100] [--repeat 3] [--smoke]

For each size a synthetic export is written and picked as a real ``File`` in headless Debian
Chromium (everything served from 127.0.0.1 by ``site/serve.py``; any other request is
aborted). Each measurement runs in a **fresh** module worker that loads the built site's
Pyodide and bundles, exactly as the page's worker does, and reads the ``File`` the way the
page does (``worker_bridge.open_file``: ``File.slice`` + ``FileReaderSync``):

* ``json.loads`` of the whole file's bytes, first call and again (warm): the reference the
  issue names; above ``--json-max`` MB it is skipped (it needs ~8x the file in wasm memory);
* ``check``: ``api.check_file`` (validate + summary), as the page's Check step calls it;
* ``redact``: the same with ``redact=True``, the output leaving Python in chunks into a JS
  array (a ``Blob`` of parts, outside the wasm heap), as the page does;
* peak wasm heap of each worker (wasm memory never shrinks: its final size is the peak);
* V8: ``File.arrayBuffer`` + ``TextDecoder`` + ``JSON.parse`` in the page, for comparison.

Prints one Markdown table (medians of ``--repeat``). The bench page and worker are served by
Playwright's router from this file; the site itself is built by ``site/build.py`` as usual.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from tests.browser.screenshots import chromium, local_only, local_site
from tiktok_export import synthetic

TIMEOUT_MS = 1_800_000

PAGE = """<!doctype html><meta charset="utf-8"><title>bench</title>
<input type="file" id="file">
<script type="module">
window.runWorker = (mode) => new Promise((resolve, reject) => {
  const worker = new Worker(new URL("./worker.mjs", location.href), { type: "module" });
  worker.onmessage = ({ data }) => { worker.terminate(); resolve(data); };
  worker.onerror = (event) => { worker.terminate(); reject(new Error(event.message)); };
  worker.postMessage({ mode, file: document.getElementById("file").files[0] });
});
window.v8Parse = async () => {
  const file = document.getElementById("file").files[0];
  const t0 = performance.now();
  const text = new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer());
  JSON.parse(text);
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
    const parts = [];
    pyodide.globals.set("bench_file", data.file);
    pyodide.globals.set("bench_mode", data.mode);
    pyodide.globals.set("bench_parts", parts);
    const figures = pyodide.runPython(PYTHON).toJs({ dict_converter: Object.fromEntries });
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
else:
    from browser_io import ChunkSink
    from tiktok_export import api, fastpath
    from worker_bridge import open_file
    figures["fast_path"] = fastpath.available()
    stream, _ = open_file(bench_file)
    sink = ChunkSink(lambda chunk: bench_parts.push(to_js(chunk)))
    profile = bench_mode.endswith("-profile")
    if profile:
        import cProfile, io, pstats
        profiler = cProfile.Profile()
        profiler.enable()
    started = time.perf_counter()
    result = api.check_file(stream, str(bench_file.name), redact=bench_mode.startswith("redact"), output=sink)
    sink.close()
    figures["seconds"] = time.perf_counter() - started
    figures["ok"] = bool(result["ok"])
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


def measure(size_mb: int, repeat: int, json_max: int) -> dict[str, Any]:
    """All figures for one export size (medians of ``repeat`` fresh workers each)."""
    with tempfile.TemporaryDirectory() as scratch:
        export = Path(scratch) / "user_data_tiktok.json"
        with export.open("wb") as handle:
            spec = synthetic.ExportSpec(seed=size_mb, target_bytes=size_mb * 1024 * 1024)
            synthetic.write_export_json(spec, handle)
        size = export.stat().st_size
        with local_site() as base, chromium() as browser:
            context = browser.new_context()
            context.route("**/*", local_only(base))
            context.route(f"{base}bench/*", _serve_bench)
            page = context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(f"{base}bench/index.html")
            page.set_input_files("#file", export)
            runs: dict[str, list[dict[str, Any]]] = {}
            modes = (["json"] if size_mb <= json_max else []) + ["check", "redact"]
            for mode in modes:
                runs[mode] = [page.evaluate("mode => window.runWorker(mode)", mode) for _ in range(repeat)]
                for run in runs[mode]:
                    if "error" in run:
                        raise RuntimeError(f"{mode}: {run['error']}")
            v8 = statistics.median(page.evaluate("() => window.v8Parse()") for _ in range(repeat)) / 1000
            version = browser.version
            context.close()

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
        "check_heap": median("check", "heap_bytes"),
        "redact_s": median("redact", "seconds"),
        "redact_heap": median("redact", "heap_bytes"),
        "v8_s": v8,
        "fast_path": all(run.get("fast_path") for run in runs["check"]),
    }


def profile(size_mb: int) -> dict[str, str]:
    """cProfile's 30 costliest functions (own time) of the check and of the redaction in Pyodide."""
    with tempfile.TemporaryDirectory() as scratch:
        export = Path(scratch) / "user_data_tiktok.json"
        with export.open("wb") as handle:
            spec = synthetic.ExportSpec(seed=size_mb, target_bytes=size_mb * 1024 * 1024)
            synthetic.write_export_json(spec, handle)
        with local_site() as base, chromium() as browser:
            context = browser.new_context()
            context.route("**/*", local_only(base))
            context.route(f"{base}bench/*", _serve_bench)
            page = context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(f"{base}bench/index.html")
            page.set_input_files("#file", export)
            found = {}
            for mode in ("check", "redact"):
                run = page.evaluate("mode => window.runWorker(mode)", f"{mode}-profile")
                if "error" in run:
                    raise RuntimeError(f"{mode}: {run['error']}")
                found[mode] = f"{run['seconds']:.2f} s\n{run['profile']}"
            context.close()
    return found


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
    args = parser.parse_args(argv)
    if args.profile:
        for size in [1] if args.smoke else [int(size) for size in args.sizes.split(",")]:
            for mode, text in profile(size).items():
                print(f"## {mode}, {size} MB\n{text}")
        return 0
    sizes = [1] if args.smoke else [int(size) for size in args.sizes.split(",")]
    repeat = 1 if args.smoke else args.repeat
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
