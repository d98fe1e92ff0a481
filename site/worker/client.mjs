// Main-thread client of worker.mjs: plain JavaScript, no interpreter on the page.
//
//   import { ExportWorker } from "./worker/client.mjs";
//   const worker = new ExportWorker();
//   await worker.ready;                                   // Python loaded, bundles imported
//   const { result, output } = await worker.check(file, { redact: true }, (done, total) => …);
//   worker.cancel();                                      // rejects running jobs, restarts
//
// Jobs run one after another in the worker (Python is single-threaded there). Cancel
// terminates the worker, the only way to stop synchronous Python without
// SharedArrayBuffer, and starts a fresh one, so the next job waits for a new start-up.

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

export class ExportWorker {
  #url;
  #worker = null;
  #jobs = new Map();
  #nextId = 1;
  ready = null;

  constructor(url = new URL("./worker.mjs", import.meta.url)) {
    this.#url = url;
    this.#start();
  }

  #start() {
    const worker = new Worker(this.#url, { type: "module", name: "tiktok-export" });
    this.#worker = worker;
    this.ready = new Promise((resolve, reject) => {
      worker.addEventListener("message", ({ data }) => {
        if (data.op === "ready") resolve(data);
        else if (data.op === "failed") reject(new JobError(data.error));
        else this.#settle(data);
      });
      worker.addEventListener("error", (event) => {
        event.preventDefault();
        const error = new JobError({ type: "WorkerError", message: event.message ?? "" });
        reject(error);
        this.#rejectAll(error);
      });
    });
    this.ready.catch(() => {}); // callers see it when they await; no unhandled rejection
  }

  #settle(data) {
    const job = this.#jobs.get(data.id);
    if (!job) return;
    if (data.op === "progress") {
      job.onProgress?.(data.done, data.total, data.records ?? 0);
      return;
    }
    this.#jobs.delete(data.id);
    if (data.op === "result") job.resolve({ result: data.result, output: data.output ?? null });
    else job.reject(new JobError(data.error));
  }

  #rejectAll(error) {
    for (const job of this.#jobs.values()) job.reject(error);
    this.#jobs.clear();
  }

  /** Post one job; resolves with {result, output} or rejects with JobError/CancelledError. */
  run(op, fields = {}, onProgress = null) {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#jobs.set(id, { resolve, reject, onProgress });
      this.#worker.postMessage({ id, op, ...fields });
    });
  }

  selftest() {
    return this.run("selftest").then(({ result }) => result);
  }

  read(file, onProgress) {
    return this.run("read", { file }, onProgress).then(({ result }) => result);
  }

  check(file, options = {}, onProgress = null) {
    return this.run("check", { file, options }, onProgress);
  }

  /** Stop whatever runs now; running and queued jobs reject with CancelledError. */
  cancel() {
    this.#worker.terminate();
    this.#rejectAll(new CancelledError());
    this.#start();
  }

  terminate() {
    this.#worker.terminate();
    this.#rejectAll(new CancelledError());
  }
}
