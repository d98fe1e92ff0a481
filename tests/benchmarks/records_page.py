"""What the records view costs per request in the page: the real worker (PyScript + Pyodide), a
real ``File`` of a generated export, the page's own ``records`` job.

    python -m tests.benchmarks.records_page             # 100 MB
    python -m tests.benchmarks.records_page --size 10MB
    python -m tests.benchmarks.records_page --smoke     # 1 MB, for CI

The page is served from ``site/dist`` on 127.0.0.1 (every other request is aborted); a second
``ExportWorker`` is started in it for the measurement, so the page's own check does not run at
the same time. Times are measured in the page (``performance.now()`` around each call), medians
of ``--repeat``, for the same requests as ``python -m tests.benchmarks.records``: the newest, a
middle and the oldest page of watch history and of comments (a small section late in the file),
each streamed (no ``file_id``: the worker keeps no index) and as the page asks for them (the
check and every request name the file, so the worker reads pages through the index its check
made), then the same pages of the file packed in a ``.zip``; a search of watch history for a word
no record holds, a search of the searches, and a search of every section. "MB read" is how much
of the ``File`` the worker read for the request.
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path
from typing import Any

from tests.benchmarks.records import MB, size_and_repeat
from tests.browser.screenshots import chromium, local_only, local_site
from tiktok_export.synthetic import ExportSpec, write_export_json

_MEASURE = """
async ([input, requests, repeat]) => {
  const { ExportWorker } = await import("./worker/client.mjs");
  const worker = new ExportWorker();
  await worker.ready;
  const file = document.getElementById(input).files[0];
  const fileId = `bench-${input}`;
  const t0 = performance.now();
  const { result: check } = await worker.check(file, { file_id: fileId });
  const checkMs = performance.now() - t0;
  const sections = Object.fromEntries(check.summary.sections.map((s) => [s.id, s]));
  const lastOf = (id) => Math.max(0, Math.floor((sections[id].records - 1) / 50));
  const label = "check (once per file: each section's size, order and places; fills the index)";
  const out = [{ label, ms: [checkMs] }];
  for (const request of requests) {
    const { label, indexed, ...view } = request;
    if (view.page === "middle") view.page = Math.floor(lastOf(view.section) / 2);
    if (view.page === "last") view.page = lastOf(view.section);
    if (view.section && !view.query) {
      const summary = sections[view.section];
      Object.assign(view, { total: summary.records, order: summary.order, places: summary.paths.length });
    }
    const options = indexed ? { file_id: fileId, view } : { view };
    const ms = [];
    let answer = null;
    for (let i = 0; i < repeat; i += 1) {
      const start = performance.now();
      answer = await worker.records(file, options);
      ms.push(performance.now() - start);
    }
    const count = answer?.count ?? null;
    const read = answer?.file_bytes_read ?? null;
    out.push({ label, ms, count, read, ok: Boolean(answer?.ok), page: view.page });
  }
  worker.terminate();
  const pages = Object.fromEntries(["watch-history", "comments"].map((id) => [id, lastOf(id) + 1]));
  return { results: out, pages, bytes: file.size };
}
"""


def _pages(indexed: bool, how: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for section, title in (("watch-history", "watch history"), ("comments", "comments (late, small)")):
        for where, page in (("newest page", 0), ("middle page", "middle"), ("oldest page", "last")):
            label = f"{title}, {where}, {how}"
            found.append({"label": label, "section": section, "page": page, "indexed": indexed})
    return found


_SEARCHES: list[dict[str, Any]] = [
    {
        "label": "search watch history for a word no record holds",
        "section": "watch-history",
        "query": "zqxjv",
        "indexed": True,
    },
    {"label": "search the searches for a common word", "section": "searches", "query": "a", "indexed": True},
    {"label": "search every section for a common word", "section": None, "query": "tiktok", "indexed": True},
]

_REQUESTS = {
    "bench-json": [*_pages(False, "streamed"), *_pages(True, "indexed"), *_SEARCHES],
    "bench-zip": _pages(True, "indexed"),
}


def main(argv: list[str] | None = None) -> int:
    size, repeat = size_and_repeat(argv, __doc__)
    with tempfile.TemporaryDirectory(prefix="tiktok-export-bench-records-page-") as folder:
        path = Path(folder) / "user_data_tiktok.json"
        with path.open("wb") as out:
            write_export_json(ExportSpec(seed=5, target_bytes=size), out)
        packed = Path(folder) / "TikTok_Data.zip"
        with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(path, "TikTok_Data/user_data_tiktok.json")
        megabytes = path.stat().st_size / MB
        measured: dict[str, Any] = {}
        with local_site() as base, chromium() as browser:
            context = browser.new_context()
            context.route("**/*", local_only(base))
            page = context.new_page()
            page.goto(f"{base}index.html")
            page.locator("body[data-worker=ready]").wait_for(state="attached", timeout=180_000)
            page.evaluate(
                "() => { for (const id of ['bench-json', 'bench-zip']) {"
                " const i = document.createElement('input'); i.type = 'file'; i.id = id; i.hidden = true;"
                " document.body.append(i); } }"
            )
            page.set_input_files("#bench-json", str(path))
            page.set_input_files("#bench-zip", str(packed))
            page.set_default_timeout(1_800_000)
            for input_id, requests in _REQUESTS.items():
                measured[input_id] = page.evaluate(_MEASURE, [input_id, requests, repeat])
            context.close()
    pages = measured["bench-json"]["pages"]
    print(
        f"Records view in the page on a {megabytes:.0f} MB generated export (Chromium, Pyodide worker, "
        f"medians of {repeat}; {pages['watch-history']:,} pages of watch history, {pages['comments']:,} "
        "of comments):\n"
    )
    print("| request | seconds | MB read | answer |")
    print("|---|---:|---:|---|")
    for input_id, kind in (("bench-json", ".json"), ("bench-zip", ".zip")):
        for row in measured[input_id]["results"]:
            assert row.get("ok", True), row
            seconds = sorted(row["ms"])[len(row["ms"]) // 2] / 1000
            count = row.get("count")
            answer = f"{count:,} records" if count is not None else ""
            read = row.get("read")
            megabytes_read = f"{read / MB:.1f}" if read is not None else ""
            print(f"| {kind}: {row['label']} | {seconds:.2f} | {megabytes_read} | {answer} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
