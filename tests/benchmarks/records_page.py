"""What the records view costs per request in the page: the real worker (PyScript + Pyodide), a
real ``File`` of a generated export, the page's own ``records`` job.

    python -m tests.benchmarks.records_page             # 100 MB
    python -m tests.benchmarks.records_page --size 10MB
    python -m tests.benchmarks.records_page --smoke     # 1 MB, for CI

The page is served from ``site/dist`` on 127.0.0.1 (every other request is aborted); a second
``ExportWorker`` is started in it for the measurement, so the page's own check does not run at
the same time. Times are measured in the page (``performance.now()`` around each call), medians
of ``--repeat``, for the same requests as ``python -m tests.benchmarks.records``: the newest,
a middle and the oldest page of watch history, a search of watch history for a word no record
holds, a search of the searches, and a search of every section.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from tests.benchmarks.records import MB, size_and_repeat
from tests.browser.screenshots import chromium, local_only, local_site
from tiktok_export.synthetic import ExportSpec, write_export_json

_MEASURE = """
async ([requests, repeat]) => {
  const { ExportWorker } = await import("./worker/client.mjs");
  const worker = new ExportWorker();
  await worker.ready;
  const file = document.getElementById("bench-file").files[0];
  const t0 = performance.now();
  const { result: check } = await worker.check(file, {});
  const checkMs = performance.now() - t0;
  const watch = check.summary.sections.find((s) => s.id === "watch-history");
  const last = Math.max(0, Math.floor((watch.records - 1) / 50));
  const label = "check (once per file: gives each section's size, order and places)";
  const out = [{ label, ms: [checkMs] }];
  for (const request of requests) {
    const view = { ...request };
    if (view.page === "middle") view.page = Math.floor(last / 2);
    if (view.page === "last") view.page = last;
    if (view.section === "watch-history" && !view.query) {
      Object.assign(view, { total: watch.records, order: watch.order, places: watch.paths.length });
    }
    const ms = [];
    let answer = null;
    for (let i = 0; i < repeat; i += 1) {
      const start = performance.now();
      answer = await worker.records(file, { view });
      ms.push(performance.now() - start);
    }
    const count = answer?.count ?? null;
    out.push({ label: request.label, ms, count, ok: Boolean(answer?.ok), page: view.page });
  }
  return { results: out, pages: last + 1 };
}
"""

_REQUESTS: list[dict[str, Any]] = [
    {"label": "watch history, newest page", "section": "watch-history", "page": 0},
    {"label": "watch history, middle page", "section": "watch-history", "page": "middle"},
    {"label": "watch history, oldest page", "section": "watch-history", "page": "last"},
    {
        "label": "search watch history for a word no record holds",
        "section": "watch-history",
        "query": "zqxjv",
    },
    {"label": "search the searches for a common word", "section": "searches", "query": "a"},
    {"label": "search every section for a common word", "section": None, "query": "tiktok"},
]


def main(argv: list[str] | None = None) -> int:
    size, repeat = size_and_repeat(argv, __doc__)
    with tempfile.TemporaryDirectory(prefix="tiktok-export-bench-records-page-") as folder:
        path = Path(folder) / "user_data_tiktok.json"
        with path.open("wb") as out:
            write_export_json(ExportSpec(seed=5, target_bytes=size), out)
        megabytes = path.stat().st_size / MB
        with local_site() as base, chromium() as browser:
            context = browser.new_context()
            context.route("**/*", local_only(base))
            page = context.new_page()
            page.goto(f"{base}index.html")
            page.locator("body[data-worker=ready]").wait_for(state="attached", timeout=180_000)
            page.evaluate(
                "() => { const i = document.createElement('input'); i.type = 'file'; i.id = 'bench-file';"
                " i.hidden = true; document.body.append(i); }"
            )
            page.set_input_files("#bench-file", str(path))
            page.set_default_timeout(1_800_000)
            measured = page.evaluate(_MEASURE, [_REQUESTS, repeat])
            context.close()
    print(
        f"Records view in the page on a {megabytes:.0f} MB generated export (Chromium, Pyodide worker, "
        f"medians of {repeat}; {measured['pages']:,} pages of watch history):\n"
    )
    print("| request | seconds | answer |")
    print("|---|---:|---|")
    for row in measured["results"]:
        assert row.get("ok", True), row
        seconds = sorted(row["ms"])[len(row["ms"]) // 2] / 1000
        count = row.get("count")
        answer = f"{count:,} records" if count is not None else ""
        print(f"| {row['label']} | {seconds:.2f} | {answer} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
