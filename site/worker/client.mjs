// Main-thread client of the PyScript worker: plain JavaScript, no interpreter on the page.
//
//   import { ExportWorker } from "./worker/client.mjs";
//   const worker = new ExportWorker();
//   await worker.ready;                                   // Python loaded, bundles imported
//   const { result, output } = await worker.check(file, { redact: true }, (done, total) => …);
//   const { result } = await worker.records(file, { view: { section, query, page } });
//   worker.cancel();                                      // rejects running jobs, restarts
//
// This is the only module that knows PyScript (@pyscript/core, pinned in package.json and
// served from ./pyscript/ by build.py). It adds one element to the page,
//
//   <script type="py" worker src="worker/worker.py" config="worker/pyscript.json">
//
// PyScript starts that worker, loads the self-hosted Pyodide named in pyscript.json, unpacks
// py/deps.zip and py/app.zip, runs worker.py, and puts the functions worker.py lists in
// __export__ on `script.xworker.sync`; the page awaits them. The README ("How the page uses
// PyScript") has the measurements. What this module must get right:
//
// * No eval. PyScript turns its default worker hook (it registers `_pyscript` for pyscript.fs)
//   into code with Function() on the page and again inside the worker: 'unsafe-eval'. The hook
//   set is cleared before the first worker exists; pyscript.fs is the only thing lost.
// * No CDN, ever. polyscript boots a worker script on the main thread, with Pyodide from a CDN,
//   when setting the worker up throws (e.g. its config does not load). So the config and the
//   worker's script are fetched here first, and a worker that does not appear or does not become ready is reported as
//   "could not start" (the page says so) instead of being retried some other way. The CSP's
//   script-src 'self' blocks a CDN import besides.
// * The worker is made from a blob: URL (worker-src 'self' blob:), and a blob worker inherits the
//   page's CSP, <meta> included: it is protected even on a host that sends no headers.
//
// Records jobs (the records view: paging and search as the participant types) supersede each
// other: at most one runs and one waits; a newer call rejects the waiting one with
// CancelledError before it reaches the worker, and the page ignores a stale answer. They do
// not terminate the worker, whose memory holds the file's random pseudonym key.
//
// Jobs run one after another in the worker (Python is single-threaded there). Cancel
// terminates the worker, the only way to stop synchronous Python without SharedArrayBuffer,
// removes its element and adds a fresh one, so the next job waits for a new start-up.

const WORKER_SRC = new URL("./worker.py", import.meta.url).href;
const CONFIG_URL = new URL("./pyscript.json", import.meta.url).href;
/** The worker that hashes a redaction's output beside Python (hasher.js); the Python worker
 *  runs from a blob: URL, against which no relative URL resolves, so it is told this one. */
const HASHER_URL = new URL("./hasher.js", import.meta.url).href;
/** PyScript attaches `xworker` once it has read the config: a few ms; a page that cannot get
 *  there in this long is broken, and says so rather than waiting for ever. */
const ATTACH_TIMEOUT_MS = 30_000;
/** Python-ready takes 2-10 s on a laptop, longer on an old phone. Some failures never report
 *  (Pyodide 314 waits for ever when its .wasm does not compile), so after this long the page
 *  says "could not start" rather than "Getting ready…" for ever. */
const READY_TIMEOUT_MS = 180_000;

export class CancelledError extends Error {
  constructor() {
    super("cancelled");
    this.name = "CancelledError";
  }
}

export class JobError extends Error {
  constructor({ type, message }) {
    super(message ? `${type}: ${message}` : type);
    this.name = "JobError";
    this.type = type;
  }
}

/** PyScript, imported on first use (so a page whose PyScript files fail to load still draws and
 *  says "could not start"), with its default worker hook cleared before any worker exists. */
let pyscript = null;
function loadPyScript() {
  pyscript ??= import("../pyscript/core.js").then(
    ({ hooks }) => {
      hooks.worker.onBeforeRunAsync.clear();
    },
    (error) => {
      pyscript = null;
      throw new JobError({ type: "StartError", message: `PyScript: ${error?.message ?? ""}` });
    },
  );
  return pyscript;
}

/** A start that the page's CSP stopped (a worker, a script or a request it does not allow)
 *  fails at once instead of after ATTACH_TIMEOUT_MS. */
const START_DIRECTIVES = new Set(["script-src", "script-src-elem", "worker-src", "connect-src"]);
function violation(signal) {
  return new Promise((_, reject) => {
    const listener = (event) => {
      if (!START_DIRECTIVES.has(event.effectiveDirective)) return;
      document.removeEventListener("securitypolicyviolation", listener);
      reject(new JobError({ type: "StartError", message: `blocked by ${event.effectiveDirective}` }));
    };
    document.addEventListener("securitypolicyviolation", listener);
    signal.then(() => document.removeEventListener("securitypolicyviolation", listener));
  });
}

/** The config and the worker's script must load before PyScript sees the element: polyscript
 *  falls back to the main thread and a CDN when the config does not, and waits for ever when
 *  the script does not. Same origin, revalidated (the server answers 304). */
async function filesLoad() {
  const get = async (url) => {
    const response = await fetch(url, { credentials: "same-origin", cache: "no-cache" });
    if (!response.ok) throw new JobError({ type: "StartError", message: `${url}: HTTP ${response.status}` });
    return response;
  };
  const [config] = await Promise.all([get(CONFIG_URL), get(WORKER_SRC)]);
  await config.json(); // invalid JSON must fail here too, not in polyscript
}

/** Resolve with `script.xworker` once PyScript has attached it. */
function attached(script) {
  return new Promise((resolve, reject) => {
    const deadline = performance.now() + ATTACH_TIMEOUT_MS;
    const poll = () => {
      if (script.xworker) resolve(script.xworker);
      else if (!script.isConnected) reject(new CancelledError());
      else if (performance.now() > deadline) reject(new JobError({ type: "StartError", message: "no worker" }));
      else setTimeout(poll, 20);
    };
    poll();
  });
}

export class ExportWorker {
  #script = null;
  #xworker = null;
  #jobs = new Map();
  #nextId = 1;
  #generation = 0;
  #recordsWaiting = null; // {file, options, resolve, reject}: not yet sent to the worker
  #recordsRunning = false;
  ready = null;

  constructor() {
    this.#start();
  }

  #start() {
    const generation = ++this.#generation;
    const script = document.createElement("script");
    script.type = "py";
    script.setAttribute("worker", "");
    script.setAttribute("src", WORKER_SRC);
    script.setAttribute("config", CONFIG_URL);
    this.#script = script;
    this.#xworker = null;
    const started = performance.now();
    let settled;
    const done = new Promise((resolve) => {
      settled = resolve;
    });
    const start = async () => {
      await Promise.all([loadPyScript(), filesLoad()]);
      if (generation !== this.#generation) throw new CancelledError();
      document.head.append(script);
      const xworker = await attached(script);
      if (generation !== this.#generation) throw new CancelledError();
      this.#xworker = xworker;
      xworker.sync.progress = (job, done, total, records) => this.#jobs.get(job)?.onProgress?.(done, total, records ?? 0);
      const failed = new Promise((_, reject) =>
        xworker.addEventListener("error", (event) => {
          event.preventDefault?.();
          const error = new JobError({ type: "WorkerError", message: "" });
          reject(error);
          this.#rejectAll(error);
        }),
      );
      let timer;
      const late = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new JobError({ type: "StartError", message: "not ready in time" })), READY_TIMEOUT_MS);
      });
      try {
        await Promise.race([xworker.ready, failed, late]);
      } finally {
        clearTimeout(timer);
      }
      return { op: "ready", timings: { total_ms: performance.now() - started } };
    };
    this.ready = Promise.race([start(), violation(done)])
      .catch((error) => {
        if (generation === this.#generation) {
          script.xworker?.terminate(); // whatever got started stops: nothing retries elsewhere
          script.remove();
        }
        // The reason stays here for developers; the page only says "could not start".
        if (error instanceof JobError || error instanceof CancelledError) throw error;
        throw new JobError({ type: "StartError", message: String(error?.message ?? "") });
      })
      .finally(settled);
    this.ready.catch(() => {}); // callers see it when they await; no unhandled rejection
  }

  #rejectAll(error) {
    for (const job of this.#jobs.values()) job.reject(error);
    this.#jobs.clear();
  }

  /** Call one exported function once the worker is ready; resolves with its value or rejects
   *  with JobError/CancelledError. */
  #call(name, args, onProgress = null) {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#jobs.set(id, { resolve, reject, onProgress });
      this.ready
        .then(() => this.#xworker.sync[name](id, ...args))
        .then(
          (value) => {
            if (!this.#jobs.delete(id)) return; // cancelled meanwhile
            if (value?.error) reject(new JobError(value.error));
            else resolve({ result: value?.result, output: value?.output ?? null });
          },
          (error) => {
            if (!this.#jobs.delete(id)) return;
            reject(error instanceof JobError || error instanceof CancelledError ? error : new JobError({ type: "WorkerError", message: "" }));
          },
        );
    });
  }

  selftest() {
    return this.ready
      .then(() => this.#xworker.sync.selftest())
      .then((value) => {
        if (value?.error) throw new JobError(value.error);
        return value.result;
      });
  }

  read(file, onProgress) {
    return this.#call("read", [file], onProgress).then(({ result }) => result);
  }

  check(file, options = {}, onProgress = null) {
    return this.#call("check", [file, { ...options, hasher_url: HASHER_URL }], onProgress);
  }

  /** One page of the records view; a newer call supersedes this one if it has not started. */
  records(file, options = {}) {
    this.#recordsWaiting?.reject(new CancelledError());
    return new Promise((resolve, reject) => {
      this.#recordsWaiting = { file, options, resolve, reject };
      this.#nextRecords();
    });
  }

  #nextRecords() {
    if (this.#recordsRunning || !this.#recordsWaiting) return;
    const job = this.#recordsWaiting;
    this.#recordsWaiting = null;
    this.#recordsRunning = true;
    this.#call("records", [job.file, job.options])
      .then(({ result }) => job.resolve(result), job.reject)
      .finally(() => {
        this.#recordsRunning = false;
        this.#nextRecords();
      });
  }

  /** Stop whatever runs now; running and queued jobs reject with CancelledError. */
  cancel() {
    this.terminate();
    this.#start();
  }

  terminate() {
    this.#generation++;
    this.#xworker?.terminate();
    this.#script?.remove();
    this.#recordsWaiting?.reject(new CancelledError());
    this.#recordsWaiting = null;
    this.#rejectAll(new CancelledError());
  }
}
