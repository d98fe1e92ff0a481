// The dedicated worker that runs Pyodide for the page. Main thread: plain JS (client.mjs).
//
// Why a plain module Worker and not PyScript's `<script type="py" worker>` / PyWorker
// (evaluated with @pyscript/core 0.7.31 in headless Chromium 156, both without COOP/COEP):
//
// * Without cross-origin isolation, both work for what we need: the page awaits a call,
//   the worker answers with a structured-clonable value, and a File crosses by structured
//   clone (a handle, not a copy). PyScript even lets the worker call a page function
//   asynchronously (coincident falls back to postMessage when SharedArrayBuffer is absent).
// * But PyScript cannot run under this project's Content-Security-Policy. Its worker is
//   created from a `blob:` URL (worker-src must allow blob:), and it turns its hooks into
//   code with `Function(...)` on both threads (script-src would need 'unsafe-eval').
//   Allowing 'unsafe-eval' on a page that holds a participant's data is the wrong trade.
// * PyScript's value on the main thread is DOM access from Python; ours is a few buttons,
//   and a second interpreter there (MicroPython) would be one more runtime to ship and trust.
//
// So the stack is Pyodide (the npm package, self-hosted) in this worker, reached with
// postMessage. worker-src stays 'self', script-src 'self' 'wasm-unsafe-eval' (Pyodide
// compiles its wasm; it needs no JS eval for pure-Python code).
//
// Protocol and privacy rules: see worker_bridge.py. Cancelling is `worker.terminate()` from
// the page: Python runs synchronously here, so no message could interrupt it, and a shared
// cancel flag would need SharedArrayBuffer, i.e. the isolation headers we must not require.

import { loadPyodide } from "../pyodide/pyodide.mjs";

const here = (path) => new URL(path, import.meta.url).href;
const PY_PATH = "/app/lib";

async function fetchBytes(path) {
  const response = await fetch(here(path));
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.arrayBuffer();
}

async function boot() {
  const t0 = performance.now();
  // The bundles download while the interpreter starts.
  const bundles = Promise.all([fetchBytes("../py/deps.zip"), fetchBytes("../py/app.zip")]);
  const pyodide = await loadPyodide({ indexURL: here("../pyodide/") });
  const t1 = performance.now();
  for (const bytes of await bundles) {
    pyodide.unpackArchive(bytes, "zip", { extractDir: PY_PATH });
  }
  pyodide.runPython(`import sys; sys.path.insert(0, ${JSON.stringify(PY_PATH)})`);
  const bridge = pyodide.pyimport("worker_bridge");
  const t2 = performance.now();
  self.postMessage({
    op: "ready",
    timings: { interpreter_ms: t1 - t0, bundles_ms: t2 - t1, total_ms: t2 - t0 },
  });
  return bridge;
}

const ready = boot();

ready.catch((error) => {
  self.postMessage({ op: "failed", error: { type: error?.name ?? "Error", message: String(error?.message ?? error) } });
});

self.addEventListener("message", async ({ data }) => {
  let bridge;
  try {
    bridge = await ready;
  } catch (error) {
    self.postMessage({ id: data.id, op: "error", error: { type: "WorkerBootFailed", message: String(error?.message ?? error) } });
    return;
  }
  bridge.handle(data);
});
