// Long drawing work in slices, so the page stays responsive (no main-thread task over 50 ms:
// issue 7). A builder is a generator that does one small piece of work per step (one preview
// row, one chart) and `yield`s between pieces; it can be run to its end at once (`runNow`) or a
// few milliseconds at a time, giving the event loop back between slices (`runInSlices`), so
// input, progress and painting are never held up by a whole result being drawn.
//
//   function* rows(into) { for (const s of sections) { into.push(row(s)); yield; } }
//   await runInSlices(rows(list), () => run === state.run);   // false: given up (stale)

/** Work per slice before giving the event loop back: well under the 50 ms of a long task,
 *  leaving room for the style and layout the browser does after it. */
export const SLICE_MS = 8;

/** A promise that resolves in a later task: `scheduler.yield()` where the browser has it
 *  (the continuation goes before other queued work), else a message to ourselves (not
 *  `setTimeout`, which is clamped to 4 ms after a few nested calls). */
export function nextTask() {
  if (typeof globalThis.scheduler?.yield === "function") return globalThis.scheduler.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** Resolve once the browser is idle (or after `timeout` ms at the latest). */
export function whenIdle(timeout = 500) {
  if (typeof globalThis.requestIdleCallback === "function") {
    return new Promise((resolve) => requestIdleCallback(() => resolve(), { timeout }));
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Run a builder to its end, now. */
export function runNow(steps) {
  for (const _ of steps);
}

/** Run a builder a slice at a time. Resolves true when it finished, false when `alive()`
 *  turned false between slices (the work is no longer wanted, and is dropped). */
export async function runInSlices(steps, alive = () => true) {
  await nextTask(); // the caller's task (a worker's answer arriving, say) ends here
  if (!alive()) return false;
  let started = performance.now();
  for (const _ of steps) {
    if (performance.now() - started < SLICE_MS) continue;
    await nextTask();
    if (!alive()) return false;
    started = performance.now();
  }
  return true;
}
