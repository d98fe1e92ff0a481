// The participant page: pick the TikTok export, see whether it is the right one and what is
// in it, choose what to remove, get the redacted file. All processing runs in the worker
// (Pyodide + tiktok_export); this module holds the page's state and draws it.
//
// Where the page is, for people reading the DOM (tests, the embedding survey's tooling):
//   <body data-step>    start | progress | result | choices | records | done   (the visible panel)
//   <body data-phase>   loading | idle | checking | redacting | usable | unusable | choosing |
//                       browsing (the records view, records.mjs) | done
//   <body data-worker>  starting | ready | failed                     (Python in the worker)
// Rows carry the core's numbers in data-* (see render.mjs); errors carry data-code.

import { CancelledError, ExportWorker } from "../worker/client.mjs";
import { timelineChart } from "./chart.mjs";
import { fill, h, icon } from "./dom.mjs";
import { Embed } from "./embed.mjs";
import * as i18n from "./i18n.mjs";
import { parseKey, policyUrl, readOptions, setFragmentOption } from "./options.mjs";
import { RecordsView } from "./records.mjs";
import { nextTask, runInSlices, runNow, whenIdle } from "./tasks.mjs";
import {
  changeGroups,
  choiceItem,
  detailItem,
  driftItem,
  emptyItem,
  emptySections,
  findingBox,
  listedSections,
  previewRow,
  shareSummary,
} from "./render.mjs";

const REDACTED_NAME = "user_data_tiktok.redacted.json";
const RECEIPT_NAME = "user_data_tiktok.redacted.receipt.json";
const MB = 1_000_000;

const $ = (id) => document.getElementById(id);
let options = readOptions();
let embed = new Embed(options);

// Start Python at once: it takes a few seconds, and the participant is still reading.
const worker = new ExportWorker();

const state = {
  step: "start",
  worker: "starting",
  job: null, // "checking" | "redacting" while the worker runs (and the page draws its answer)
  drawing: false, // the worker has answered; the page is still building the result off-screen
  run: 0, // increments per job; results of an older job are ignored
  file: null,
  progress: null, // {done, total, records}
  check: null, // the core's result of the check pass (with `plan`)
  problem: null, // a page-level problem: {code} (job-error, bad-policy, …)
  policyError: false, // #policy= names a policy that did not load
  keyError: false, // #pseudonym-key= is not a valid key
  note: null, // i18n key of a note on the start panel
  drop: new Set(),
  dates: { from: "", to: "" },
  datesError: null,
  redaction: null, // {result, output}
  policy: undefined, // the study's policy document, when #policy= names one
  key: undefined, // fixed pseudonym key from #pseudonym-key=
  sent: false,
  fileId: null, // names the picked file to the worker, which keeps a random key per file
  dropRecords: new Map(), // "section:index" → [section, index]: records the participant unticked
  dropWords: [], // [{section: id | null, word}]: "remove every record containing word"
  view: null, // the records view: {section, query, page, from, opener} (records.mjs)
  viewAnswer: null,
  viewBusy: false,
  viewError: false,
};
let files = 0;

// ---------------------------------------------------------------------------------------
// Drawing
// ---------------------------------------------------------------------------------------

const PANEL_OF_STEP = { start: "start", progress: "result", result: "result", choices: "choices", records: "choices", done: "done" };

function phase() {
  if (state.step === "start") return "idle";
  if (state.step === "progress") return state.job ?? "checking";
  if (state.step === "result") return usable() ? "usable" : "unusable";
  if (state.step === "choices") return "choosing";
  if (state.step === "records") return "browsing";
  return state.step;
}

const usable = () => Boolean(state.check?.ok) && !state.problem;

/** A problem that blocks choosing a file at all. */
function fatal() {
  if (state.worker === "failed") return { code: "start-failed" };
  if (state.policyError) return { code: "policy-load" };
  if (state.keyError) return { code: "bad-key" };
  return null;
}

function render() {
  document.body.dataset.step = state.step;
  document.body.dataset.phase = phase();
  document.body.dataset.worker = state.worker;
  document.body.classList.toggle("embedded", embed.active);
  for (const panel of document.querySelectorAll("[data-step-panel]")) {
    panel.hidden = panel.dataset.stepPanel !== state.step;
  }
  let current = state.step === "progress" && state.job === "redacting" ? "choices" : PANEL_OF_STEP[state.step];
  if (state.step === "records") current = PANEL_OF_STEP[state.view?.from] ?? current;
  for (const item of document.querySelectorAll("[data-step-item]")) {
    if (item.dataset.stepItem === current) item.setAttribute("aria-current", "step");
    else item.removeAttribute("aria-current");
  }
  $("embed-footer").hidden = !embed.active;
  ({
    start: renderStart,
    progress: renderProgress,
    result: renderResult,
    choices: renderChoices,
    records: () => records.render(),
    done: renderDone,
  })[state.step]();
}

function renderStart() {
  const blocked = fatal();
  $("file-input").disabled = Boolean(blocked);
  $("dropzone").classList.toggle("disabled", Boolean(blocked));
  $("fatal").hidden = !blocked;
  if (blocked) fill($("fatal"), findingBox({ code: blocked.code, severity: "error" }));
  $("start-note").hidden = !state.note;
  $("start-note").textContent = state.note ? i18n.t(state.note) : "";
  $("worker-status").hidden = Boolean(blocked);
  $("worker-status").textContent = i18n.t(state.worker === "ready" ? "start.ready" : "start.starting");
  $("worker-status").classList.toggle("ready", state.worker === "ready");
  $("sample").hidden = !options.sample || embed.requested;
}

function renderProgress() {
  $("progress-title").textContent = i18n.t(state.job === "redacting" ? "progress.redacting" : "progress.checking");
  $("progress-file").textContent = state.file
    ? i18n.t("progress.file", { name: state.file.name, size: megabytes(state.file.size) })
    : "";
  const progress = $("progress");
  const text = $("progress-text");
  if (!state.progress) {
    progress.removeAttribute("value"); // indeterminate while Python starts
    text.textContent = i18n.t(state.worker === "ready" ? (state.job === "redacting" ? "progress.redacting" : "progress.checking") : "progress.starting");
    return;
  }
  const { done, total, records } = state.progress;
  progress.value = total ? Math.min(1, done / total) : 0;
  const figures = { done: megabytes(done), total: megabytes(total), records };
  text.textContent = i18n.t(records ? "progress.read" : "progress.readNoRecords", figures);
}

function megabytes(bytes) {
  return i18n.formatNumber(bytes / MB, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

function renderResult() {
  const check = state.check;
  const ok = usable();
  const verdict = $("verdict");
  verdict.className = `verdict ${ok ? "ok" : "error"}`;
  verdict.dataset.ok = String(ok);
  fill($("verdict-icon"), icon(ok ? "ok" : "error", "verdict-svg"));
  $("result-title").textContent = i18n.t(ok ? "result.okTitle" : "result.errorTitle");
  $("result-text").textContent = i18n.t(ok ? "result.okText" : "result.errorText");
  $("result-file").textContent = state.file ? i18n.t("preview.file", { name: state.file.name }) : "";

  const plan = check?.plan;
  const findings = check?.findings ?? [];
  const errors = state.problem ? [{ code: state.problem.code, severity: "error" }] : findings.filter((f) => f.severity === "error");
  if (!ok && !errors.length) errors.push({ code: "job-error", severity: "error" });
  fill($("findings"), errors.map((finding) => findingBox(finding, plan)));

  const notes = state.problem ? [] : findings.filter((f) => f.severity !== "error");
  $("details").hidden = !notes.length;
  $("details-summary").textContent = i18n.t("result.details", { count: notes.length });
  fill($("details-list"), notes.map((finding) => detailItem(finding, plan)));

  const showPreview = ok && Boolean(check?.summary);
  $("preview").hidden = !showPreview;
  if (showPreview) drawn(previewDrawn, check, drawPreview);
  $("continue").hidden = !ok;
  $("again-result").classList.toggle("primary", !ok);
  $("again-result").classList.toggle("secondary", ok);
}

function renderChoices() {
  drawn(choicesDrawn, state.check, drawChoices);
  $("drop-from").value = state.dates.from;
  $("drop-to").value = state.dates.to;
  $("dates-error").hidden = !state.datesError;
  $("dates-error").textContent = state.datesError ? i18n.t(state.datesError) : "";
  for (const input of [$("drop-from"), $("drop-to")]) {
    if (state.datesError) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }
  renderShareSummary();
}

// ---------------------------------------------------------------------------------------
// Drawn ahead: the preview and the choice list
// ---------------------------------------------------------------------------------------
//
// A check's preview (one row per section, each with its sparkline, and the overview chart) and
// its choice list take longer to draw than a task may last (issue 7: no main-thread task over
// 50 ms). They are drawn by generators (tasks.mjs), one section per step, into their panel
// while it is hidden (no style or layout until it shows): in slices while the progress panel
// still shows (the preview) or while the participant reads the result (the choice list), or at
// once when needed before that. What is drawn is kept for its check and language, so showing
// a step again (Back from the choices, a re-render) redraws nothing: nothing moves, an open
// plan or a focused button stays as it is, and a ticked box stays ticked.

/** The check and language the preview in the page was drawn for. */
const previewDrawn = { check: null, lang: null };
/** Likewise the choice list; its boxes are ticked from state.drop as it is when drawn, and
 *  after that they are the ticks (the change handler keeps state.drop). */
const choicesDrawn = { check: null, lang: null };

function* drawPreview(check) {
  fill($("timeline-overview"), overviewChart(check.summary, null));
  yield;
  const body = $("sections-body");
  body.replaceChildren();
  for (const section of listedSections(check.summary)) {
    body.append(previewRow(section, check.plan));
    yield;
  }
  const empty = emptySections(check.summary);
  $("empty-sections").hidden = !empty.length;
  $("empty-sections-summary").textContent = `${i18n.t("preview.emptySections")} (${i18n.formatNumber(empty.length)})`;
  fill($("empty-sections-list"), empty.map(emptyItem));
  const drift = check.drift ?? [];
  $("drift").hidden = !drift.length;
  $("drift-summary").textContent = `${i18n.t("preview.drift")} (${i18n.formatNumber(drift.length)})`;
  $("drift-note").textContent = i18n.t(check.plan?.unknown === "keep" ? "preview.driftKept" : "preview.driftRemoved");
  fill($("drift-list"), drift.map(driftItem));
}

function* drawChoices(check) {
  const list = $("choices");
  list.replaceChildren();
  for (const [index, section] of listedSections(check.summary).entries()) {
    list.append(choiceItem(section, check.plan, index, state.drop));
    yield;
  }
}

const isFor = (done, check) => done.check === check && done.lang === i18n.language();

/** Draw `check` with `draw` now, unless `done` says it is drawn already. */
function drawn(done, check, draw) {
  if (isFor(done, check)) return;
  runNow(draw(check));
  Object.assign(done, { check, lang: i18n.language() });
}

/** Draw ahead, a slice at a time, unless drawn already; given up when `alive()` turns false
 *  (what was drawn so far stays hidden and is drawn anew when needed). */
async function drawAhead(done, check, draw, alive) {
  if (isFor(done, check)) return;
  Object.assign(done, { check: null, lang: null });
  const lang = i18n.language();
  if (await runInSlices(draw(check), alive)) Object.assign(done, { check, lang });
}

/** The whole export's activity over time; the removed date range shaded. */
function overviewChart(summary, range) {
  const totals = summary?.totals;
  if (!totals?.timeline?.length) return null;
  return timelineChart(totals.timeline, { unit: totals.timeline_unit, title: i18n.t("chart.overview"), removed: range });
}

function renderShareSummary() {
  const range = readDates().range;
  const picked = { records: state.dropRecords.size, words: state.dropWords.length };
  fill($("share-summary-body"), shareSummary(state.check.summary, state.check.plan, state.drop, range, picked));
  fill($("choices-timeline"), overviewChart(state.check.summary, range));
}

function renderDone() {
  const { result } = state.redaction;
  fill($("done-icon"), icon("ok", "verdict-svg"));
  $("done-intro").textContent = i18n.t(embed.active ? "done.introEmbed" : "done.intro");
  $("done-size").textContent = i18n.t("done.size", { size: megabytes(state.redaction.output?.size ?? 0) });
  $("send-actions").hidden = !embed.active;
  $("keep-copy").hidden = !embed.active;
  $("send").disabled = state.sent;
  for (const id of ["download", "download-receipt"]) {
    $(id).classList.toggle("primary", !embed.active && id === "download");
    $(id).classList.toggle("secondary", embed.active || id !== "download");
    $(id).classList.toggle("small", embed.active);
  }
  $("send-status").hidden = !state.sent;
  $("send-status").textContent = state.sent ? i18n.t("embed.sent") : "";
  const changes = result.receipt?.changes ?? [];
  const titles = new Map((state.check?.summary?.sections ?? []).map((s) => [s.id, s.title]));
  // How many records the participant's own record and word choices took (counts only).
  const taken = (rule) => changes.filter((c) => c.rule === rule).reduce((sum, c) => sum + c.count, 0);
  const byRecord = taken("choices.drop_records");
  const byWord = taken("choices.drop_matching");
  $("done-picked").hidden = !(byRecord || byWord);
  fill(
    $("done-picked"),
    byRecord ? h("span", { class: "picked-records" }, i18n.t("done.recordsRemoved", { count: byRecord })) : null,
    byRecord && byWord ? " " : null,
    byWord ? h("span", { class: "picked-words" }, i18n.t("done.wordsRemoved", { count: byWord })) : null,
  );
  $("nothing-removed").hidden = changes.length > 0;
  $("changes").hidden = !changes.length;
  const table = $("changes");
  for (const body of table.querySelectorAll("tbody")) body.remove();
  table.append(...changeGroups(changes, result.summary ?? state.check?.summary, titles));
}

/** Say something to screen readers (the live region is polite). */
function announce(text) {
  const region = $("announce");
  region.textContent = "";
  requestAnimationFrame(() => {
    region.textContent = text;
  });
}

/** Show another step and move focus to its heading, for keyboard and screen-reader users. */
function go(step, { focus = true } = {}) {
  state.step = step;
  render();
  if (!focus) return;
  const heading = document.querySelector(`[data-step-panel="${step}"] h2[tabindex]`);
  heading?.focus({ preventScroll: true });
  // Scrolling needs the new step laid out: in the next frame, which lays it out anyway, so
  // this task does not (a new step's layout alone can take tens of ms: issue 7's long tasks).
  requestAnimationFrame(() => {
    if (state.step !== step) return;
    window.scrollTo({ top: 0, behavior: "instant" });
    // In a survey's iframe this page does not scroll itself (it is as tall as its content):
    // bring the new step's heading into the survey's view instead.
    if (embed.active) heading?.scrollIntoView({ block: "nearest", behavior: "instant" });
  });
}

// ---------------------------------------------------------------------------------------
// The worker
// ---------------------------------------------------------------------------------------

/** A User Timing mark ("tiktok-export:<name>"), for tests/browser/bench_page.py. */
function mark(name, detail = null) {
  performance.mark(`tiktok-export:${name}`, { detail });
}

let workerWatch = 0;

function watchWorker() {
  const watch = ++workerWatch;
  state.worker = "starting";
  worker.ready.then(
    (ready) => {
      if (watch !== workerWatch) return;
      state.worker = "ready";
      mark("worker-ready", ready?.timings ?? null); // timings.total_ms: worker created → Python ready
      render();
    },
    () => {
      if (watch !== workerWatch) return;
      state.worker = "failed";
      render();
    },
  );
}

function onProgress(run) {
  return (done, total, records) => {
    if (run !== state.run || state.step !== "progress") return;
    state.progress = { done, total, records };
    renderProgress();
  };
}

function jobOptions() {
  const chosen = {};
  if (state.policy !== undefined) chosen.policy = state.policy;
  return chosen;
}

/** The study's policy and key and every choice of the participant, as the worker takes them.
 *  The records view and the redaction both use this, so the rows show what the file gets. */
function choiceOptions() {
  const range = readDates().range;
  const chosen = {
    ...jobOptions(),
    drop_sections: [...state.drop],
    drop_dates: range ? [range] : [],
    drop_records: [...state.dropRecords.values()],
    drop_matching: state.dropWords.map(({ section, word }) => [section, word]),
  };
  // A fixed key only when the study put one in the URL. Otherwise the worker makes one random
  // 32-byte key for this picked file (Python's `secrets`, which Pyodide draws from
  // crypto.getRandomValues): the records view and the redaction use it, so the rows show the
  // pseudonyms the file will carry. It never leaves the worker; the receipt truthfully says
  // "random-per-export" (a key passed in is recorded as "provided").
  // The file's id also names the worker's record index of it (made by its check), so a page
  // of the records view reads only its own bytes.
  if (state.key) chosen.pseudonym_key = state.key;
  chosen.file_id = state.fileId;
  return chosen;
}

async function checkFile(file) {
  if (!file || state.job || fatal()) return;
  const run = ++state.run;
  Object.assign(state, {
    file,
    job: "checking",
    progress: null,
    check: null,
    problem: null,
    note: null,
    drop: new Set(),
    dates: { from: "", to: "" },
    datesError: null,
    redaction: null,
    sent: false,
    fileId: `file-${++files}`,
    dropRecords: new Map(),
    dropWords: [],
    view: null,
    viewAnswer: null,
  });
  go("progress");
  announce(i18n.t("progress.checking"));
  mark("check-start", { bytes: file.size });
  try {
    // file_id: the worker notes where this file's records lie while checking it (records view)
    const { result } = await worker.check(file, { ...jobOptions(), file_id: state.fileId }, onProgress(run));
    if (run !== state.run) return;
    mark("check-end", { ok: Boolean(result.ok) });
    if (result.error) {
      state.problem = { code: result.error.code === "bad-choice" ? "bad-choice" : "bad-policy" };
    } else {
      state.check = result;
      reportUnusable(result);
      // Still "checking" (Cancel works) while the preview is built, a slice at a time.
      state.drawing = true;
      if (usable() && result.summary) await drawAhead(previewDrawn, result, drawPreview, () => run === state.run);
      if (run !== state.run) return;
    }
  } catch (error) {
    if (run !== state.run) return;
    if (error instanceof CancelledError) {
      Object.assign(state, { job: null, drawing: false });
      backToStart("start.cancelled");
      return;
    }
    state.problem = { code: "job-error" };
  }
  Object.assign(state, { job: null, drawing: false });
  go("result");
  announce($("result-title").textContent);
  mark("check-drawn");
  if (usable()) drawChoicesWhenIdle(run);
}

/** The choice list, drawn while the participant reads the result (not when they click on). */
async function drawChoicesWhenIdle(run) {
  await whenIdle();
  const wanted = () => run === state.run && state.step === "result";
  if (wanted()) await drawAhead(choicesDrawn, state.check, drawChoices, wanted);
}

async function redact() {
  const dates = readDates();
  if (dates.error) {
    state.datesError = dates.error;
    renderChoices();
    $("drop-from").focus();
    return;
  }
  if (state.job) return;
  const run = ++state.run;
  const chosen = { ...choiceOptions(), redact: true };
  Object.assign(state, { job: "redacting", progress: null, redaction: null, sent: false });
  go("progress");
  announce(i18n.t("progress.redacting"));
  mark("redact-start", { bytes: state.file.size });
  try {
    const { result, output } = await worker.check(state.file, chosen, onProgress(run));
    if (run !== state.run) return;
    mark("redact-end", { ok: Boolean(result.ok), bytes: output?.size ?? 0 });
    await nextTask(); // the answer's arrival and the next step's drawing: two tasks, not one
    if (run !== state.run) return;
    state.job = null;
    if (result.error) {
      state.problem = { code: result.error.code === "bad-choice" ? "bad-choice" : "bad-policy" };
      go("result");
    } else if (!result.ok || !output) {
      state.check = { ...result, plan: state.check?.plan };
      reportUnusable(result);
      go("result");
    } else {
      state.redaction = { result, output };
      go("done");
    }
  } catch (error) {
    if (run !== state.run) return;
    state.job = null;
    if (error instanceof CancelledError) {
      go("choices");
      announce(i18n.t("start.cancelled"));
      return;
    }
    state.problem = { code: "job-error" };
    go("result");
  }
  announce(document.querySelector(`[data-step-panel="${state.step}"] h2`)?.textContent ?? "");
  mark("redact-drawn");
}

function cancelJob() {
  if (!state.job) return;
  state.run++; // the running job's late messages are ignored from here on
  const job = state.job;
  state.job = null;
  if (state.drawing) {
    state.drawing = false; // the worker is done and idle: only the drawing stops
  } else {
    worker.cancel();
    watchWorker();
  }
  if (job === "redacting") {
    go("choices");
  } else {
    backToStart("start.cancelled");
  }
  announce(i18n.t("start.cancelled"));
}

function backToStart(note = null) {
  Object.assign(state, { note, file: null, check: null, problem: null, redaction: null, progress: null, view: null });
  $("file-input").value = "";
  go("start");
}

// ---------------------------------------------------------------------------------------
// Choices
// ---------------------------------------------------------------------------------------

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** {range: [from, to] | null, error: i18n key | null} from the two date inputs. */
function readDates() {
  const { from, to } = state.dates;
  if (!from && !to) return { range: null, error: null };
  if (!DATE.test(from) || !DATE.test(to)) return { range: null, error: "choices.dates.bothNeeded" };
  if (from > to) return { range: null, error: "choices.dates.order" };
  return { range: [from, to], error: null };
}

// ---------------------------------------------------------------------------------------
// Handing the file over
// ---------------------------------------------------------------------------------------

function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = h("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function receiptBlob(receipt) {
  return new Blob([`${JSON.stringify(receipt, null, 2)}\n`], { type: "application/json" });
}

function sendToSurvey() {
  if (!state.redaction || state.sent) return;
  const { result, output } = state.redaction;
  const file = new File([output], REDACTED_NAME, { type: "application/json" });
  if (embed.post("ready", { file, receipt: result.receipt, summary: result.summary, findings: result.findings })) {
    state.sent = true;
    render();
    announce(i18n.t("embed.sent"));
  }
}

/** Embedded: tell the survey the picked file cannot be used. Only the core's findings go
 *  (value-free by design): not even counts or dates of the file's contents leave the tool
 *  without the participant's click. Page-level problems have no core result to send. */
function reportUnusable(result) {
  if (!result || result.ok || result.error) return;
  embed.post("findings", { findings: result.findings, summary: null });
}

function cancelEmbedded() {
  if (state.job) {
    state.run++;
    state.job = null;
    if (!state.drawing) {
      worker.cancel();
      watchWorker();
    }
    state.drawing = false;
  }
  embed.post("cancel");
  backToStart("embed.cancelled");
  announce(i18n.t("embed.cancelled"));
}

// ---------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------

function wire() {
  $("file-input").addEventListener("change", (event) => {
    const [file] = event.target.files ?? [];
    if (file) checkFile(file);
  });

  const zone = $("dropzone");
  for (const type of ["dragenter", "dragover"]) {
    zone.addEventListener(type, (event) => {
      event.preventDefault();
      if (!fatal()) zone.classList.add("dragging");
    });
  }
  for (const type of ["dragleave", "dragend"]) zone.addEventListener(type, () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("dragging");
    const [file] = event.dataTransfer?.files ?? [];
    if (file && state.step === "start") checkFile(file);
  });
  // A file dropped next to the zone must not make the browser open it instead of this page.
  for (const type of ["dragover", "drop"]) window.addEventListener(type, (event) => event.preventDefault());

  $("sample-link").addEventListener("click", async (event) => {
    event.preventDefault();
    if (state.job || fatal()) return;
    state.note = "start.sampleLoading";
    renderStart();
    try {
      const response = await fetch(event.currentTarget.href, { credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      const blob = await response.blob();
      await checkFile(new File([blob], "sample-export.zip", { type: blob.type || "application/zip" }));
    } catch {
      state.note = "start.sampleFailed";
      renderStart();
    }
  });

  $("cancel").addEventListener("click", cancelJob);
  $("continue").addEventListener("click", () => go("choices"));
  $("again-result").addEventListener("click", () => backToStart());
  $("again").addEventListener("click", () => backToStart());
  $("back").addEventListener("click", () => go("result"));
  $("create").addEventListener("click", redact);
  $("send").addEventListener("click", sendToSurvey);
  $("embed-cancel").addEventListener("click", cancelEmbedded);
  $("download").addEventListener("click", () => {
    if (state.redaction?.output) download(state.redaction.output, REDACTED_NAME);
  });
  $("download-receipt").addEventListener("click", () => {
    if (state.redaction?.result?.receipt) download(receiptBlob(state.redaction.result.receipt), RECEIPT_NAME);
  });

  // "See the records" on a preview row or a choice: the records view of that section.
  document.addEventListener("click", (event) => {
    const button = event.target.closest?.("[data-open-records]");
    if (!button || state.job || !state.check?.ok) return;
    records.open(button.dataset.openRecords, { opener: button });
  });
  $("search-all").addEventListener("submit", (event) => {
    event.preventDefault();
    const query = $("search-all-query").value;
    if (!query.trim()) {
      $("search-all-query").focus();
      return;
    }
    records.open(null, { query, opener: $("search-all-query") });
  });
  records.wire();

  $("choices").addEventListener("change", (event) => {
    const box = event.target;
    if (box.name !== "drop-section") return;
    if (box.checked) state.drop.add(box.value);
    else state.drop.delete(box.value);
    box.closest("li")?.classList.toggle("dropped", box.checked);
    renderShareSummary();
  });
  for (const [id, field] of [
    ["drop-from", "from"],
    ["drop-to", "to"],
  ]) {
    $(id).addEventListener("input", (event) => {
      state.dates[field] = event.target.value;
      if (state.datesError) {
        state.datesError = readDates().error;
        $("dates-error").hidden = !state.datesError;
        $("dates-error").textContent = state.datesError ? i18n.t(state.datesError) : "";
      }
      renderShareSummary();
    });
  }
}

async function switchLanguage(lang) {
  await i18n.use(lang);
  i18n.apply();
  languageSwitch();
  render();
}

function languageSwitch() {
  const nav = $("lang-switch");
  fill(
    nav,
    i18n.LANGUAGES.map((lang) => {
      const button = h(
        "button",
        {
          type: "button",
          class: "lang",
          lang,
          "aria-pressed": String(lang === i18n.language()),
          dataset: { lang },
        },
        i18n.t(["languages", lang], {}, lang),
      );
      button.addEventListener("click", async () => {
        await switchLanguage(lang);
        setFragmentOption("lang", lang);
        nav.querySelector(`[data-lang="${lang}"]`)?.focus();
      });
      return button;
    }),
  );
}

// ---------------------------------------------------------------------------------------
// Start
// ---------------------------------------------------------------------------------------

async function loadPolicy() {
  state.policy = undefined;
  state.policyError = false;
  if (!options.policy) return;
  const url = policyUrl(options.policy);
  try {
    if (!url) throw new Error("not same-origin");
    const response = await fetch(url, { credentials: "same-origin", cache: "no-cache" });
    if (!response.ok) throw new Error(String(response.status));
    state.policy = await response.json();
  } catch {
    // Never fall back to the default policy when the study named its own.
    state.policyError = true;
  }
}

function applyKey() {
  state.key = options.pseudonymKey === null ? undefined : (parseKey(options.pseudonymKey) ?? undefined);
  state.keyError = options.pseudonymKey !== null && !state.key;
}

/** The embedding survey may change its element's attributes after the iframe loaded; embed.js
 *  then changes only the fragment, which does not reload this page: apply the new options. */
async function onOptionsChanged() {
  if (document.body.dataset.phase === "failed") return;
  const previous = options;
  options = readOptions();
  if (options.pseudonymKey !== previous.pseudonymKey) applyKey();
  if (options.embed !== previous.embed || options.origin !== previous.origin) {
    embed.stop();
    embed = new Embed(options);
    embed.watchHeight();
  }
  if (options.lang !== previous.lang && options.lang) {
    await switchLanguage(i18n.pickLanguage(options.lang));
  }
  if (options.policy !== previous.policy) {
    if (state.job) cancelJob();
    await loadPolicy();
    if (state.step !== "start") backToStart();
  }
  render();
}

async function main() {
  watchWorker();
  applyKey();
  try {
    await i18n.init(i18n.pickLanguage(options.lang));
  } catch {
    // Not even English loaded: say so in the one string that does not come from i18n/.
    document.body.dataset.phase = "failed";
    fill($("main"), h("p", { class: "boot-failed" }, "This page could not load. Please reload it."));
    return;
  }
  i18n.apply();
  languageSwitch();
  await loadPolicy();
  wire();
  render();
  $("main").removeAttribute("aria-busy");
  mark("interactive");
  embed.watchHeight();
  // The file input works before this script has listened to it (the language and the study's
  // policy load first): a file picked in that time, by a quick participant or on a slow start,
  // is checked now instead of being lost with its change event.
  const [early] = $("file-input").files ?? [];
  if (early) checkFile(early);
  // The first number formatted loads the locale's data (~30 ms): not in the click on a file.
  whenIdle().then(() => i18n.formatNumber(1.5, { minimumFractionDigits: 1, maximumFractionDigits: 1 }));
}

const records = new RecordsView({
  worker,
  state,
  choiceOptions,
  go,
  announce,
  onChoicesChanged: () => {
    if (state.step === "choices") renderShareSummary();
  },
});

const started = main();
// Registered at once, so a change during start-up is applied as soon as the page is up.
window.addEventListener("hashchange", () => started.then(onOptionsChanged));
