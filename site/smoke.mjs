// Smoke page: starts the worker, proves Python and its dependencies load, and reads a picked
// file through the slice reader. Everything it learns goes into <pre id="result"> as JSON,
// and <body data-phase> says where it is, for Playwright (tests/browser/test_smoke.py).

import { CancelledError, ExportWorker } from "./worker/client.mjs";

const $ = (id) => document.getElementById(id);
const state = { page: "smoke", page_cross_origin_isolated: self.crossOriginIsolated };

function show(phase, status) {
  document.body.dataset.phase = phase;
  $("status").textContent = status;
  $("result").textContent = JSON.stringify(state, null, 2);
}

function onProgress(done, total) {
  $("progress").value = total ? done / total : 0;
}

const worker = new ExportWorker();

try {
  const ready = await worker.ready;
  state.ready_ms = Math.round(performance.now()); // since navigation start
  state.worker_timings = ready.timings;
  state.selftest = await worker.selftest();
  $("file").disabled = false;
  show("ready", `Python ready after ${(state.ready_ms / 1000).toFixed(1)} s.`);
} catch (error) {
  state.error = String(error);
  show("error", "Python did not start.");
}

$("file").addEventListener("change", async () => {
  const [file] = $("file").files;
  if (!file) return;
  $("cancel").disabled = false;
  show("reading", `Reading ${file.size} bytes…`);
  const started = performance.now();
  try {
    state.read = await worker.read(file, onProgress);
    state.read.elapsed_ms = Math.round(performance.now() - started);
    show("read", "Read.");
  } catch (error) {
    state.read = { error: String(error), cancelled: error instanceof CancelledError };
    show(error instanceof CancelledError ? "cancelled" : "error", "Not read.");
  } finally {
    $("cancel").disabled = true;
  }
});

$("cancel").addEventListener("click", () => worker.cancel());
