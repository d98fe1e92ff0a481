// The dedicated worker that runs Pyodide for the page. Main thread: plain JS (client.mjs).
//
// Why a plain module Worker and not PyScript (@pyscript/core 0.7.31) in a worker? Measured
// in headless Chromium 156 on 2026-11-25, no COOP/COEP headers, a 3 MB File passed in:
//
//   what                               CSP of this site         + worker-src blob:    no CSP
//   this worker (postMessage)          works, ~3.1 s, 11 req    -                     works
//   PyWorker() from core.js            blocked; promise hangs   works, 3-5 s, 17 req  works
//   <script type="py" worker> +        blocked                  needs 'unsafe-eval'   works, 19 req
//     __export__                                                 too (Function())
//
// * Without cross-origin isolation, PyScript's worker does do what we need: the page awaits
//   an exported function, a File crosses by structured clone (a handle, not a copy), and the
//   worker can call a page function asynchronously (coincident falls back to postMessage).
// * But PyScript starts its worker from a blob: URL, and the <script> form turns its hooks
//   into code with Function(), i.e. 'unsafe-eval', on a page that holds a participant's data.
//   Misconfigured, it silently falls back to a CDN URL for Pyodide (we saw it try).
//   Without SharedArrayBuffer its `py:done` event never fires and every start warns that
//   window/document are unavailable; it also loads 6-8 extra chunks we would not use.
// * PyScript's value is Python with DOM access on the main thread; ours has a file input and
//   a few buttons. Plain JS drives them, and no second interpreter has to be shipped.
//
// So the stack is Pyodide alone (self-hosted from its npm package) in this worker, reached with
// postMessage: worker-src stays 'self', script-src 'self' 'wasm-unsafe-eval' (Pyodide compiles
// its wasm; pure-Python code needs no JS eval). PyScript is not used and not shipped.
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
const failure = (error) => ({ type: error?.name ?? "Error", message: String(error?.message ?? error) });

ready.catch((error) => self.postMessage({ op: "failed", error: failure(error) }));

// Jobs queue behind start-up; once Python runs one, the next waits for it (it is synchronous).
self.addEventListener("message", async ({ data }) => {
  let bridge;
  try {
    bridge = await ready;
  } catch (error) {
    self.postMessage({ id: data.id, op: "error", error: failure(error) });
    return;
  }
  bridge.handle(data);
});
