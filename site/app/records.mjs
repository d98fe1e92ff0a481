// The records view: one section's records as they will be shared (pseudonyms, scrubbed text,
// coarsened networks exactly as they leave), 50 a page, newest first; a search in the section
// or across all sections; and the participant's record-level removals: a "share this record"
// checkbox per row and "remove every record containing WORD" (here or everywhere).
//
// The worker answers each page (worker.records → tiktok_export.records.browse): the page never
// holds more than one page of records. A newer request supersedes an older one (the client drops
// a waiting job; this module ignores a stale answer by its sequence number).
//
// Privacy: records, search words and removed words are shown to the participant and sent to the
// worker, nowhere else: not to the embedding survey, not to the console, not into the URL. Every
// value goes in as text (dom.h). Removals are kept in main.mjs's state as
//   dropRecords: Map("section:index" → [section, index])     → check_file(drop_records=…)
//   dropWords:   [{section: id | null, word}]                → check_file(drop_matching=…)
//
// DOM contract (tests): body[data-step=records][data-phase=browsing]; #records-body tr
// [data-section-id][data-index][data-removed] with input[name=share-record]; the status
// #records-status[data-count]; #records-view[aria-busy] while a page loads.

import { CancelledError } from "../worker/client.mjs";
import { fill, h } from "./dom.mjs";
import { formatList, formatNumber, t } from "./i18n.mjs";
import { sectionTitle } from "./render.mjs";

export const PER_PAGE = 50;
const DEBOUNCE_MS = 300;
/** Up to this many distinct fields become table columns; more become a field: value list. */
const MAX_COLUMNS = 5;

export const recordKey = (section, index) => `${section}:${index}`;

const $ = (id) => document.getElementById(id);

/** A value as one line of text: strings as they are, anything else as JSON. */
export function valueText(value) {
  if (typeof value === "string") return value === "" ? t("records.emptyValue") : value;
  if (value === null || value === undefined) return t("records.noValue");
  return JSON.stringify(value);
}

const fieldLabel = (key) => t(["fields", key], {}, key);

function reasonText(removed) {
  return removed ? t(["records", "removed", removed], {}, removed) : t("records.shared");
}

/** Columns for a page of one section: its fields in first-seen order, or null for a list. */
function columnsOf(rows) {
  const keys = [];
  for (const row of rows) {
    const record = row.record;
    if (record === null || typeof record !== "object" || Array.isArray(record)) return null;
    for (const key of Object.keys(record)) if (!keys.includes(key)) keys.push(key);
    if (keys.length > MAX_COLUMNS) return null;
  }
  return keys;
}

let cells = 0;

function valueCell(key, value) {
  return h(
    "td",
    { class: "cell-value", id: `rv-${++cells}`, dataset: { label: fieldLabel(key), field: key, missing: value === undefined ? "" : null } },
    h("span", { class: "value" }, value === undefined ? "" : valueText(value)),
  );
}

function fieldList(record) {
  if (record === null || typeof record !== "object" || Array.isArray(record)) {
    return h("span", { class: "value" }, valueText(record));
  }
  return h(
    "dl",
    { class: "record-fields" },
    Object.entries(record).map(([key, value]) =>
      h("div", { dataset: { field: key } }, h("dt", {}, fieldLabel(key)), h("dd", { class: "value" }, valueText(value))),
    ),
  );
}

/** One row: the share checkbox, the record's values, where it comes from, and its status. */
function recordRow(row, columns, showSection) {
  const id = `share-${row.section}-${row.index}`;
  const valueCells = columns
    ? columns.map((key) => valueCell(key, row.record?.[key]))
    : [h("td", { class: "cell-value", id: `rv-${++cells}`, dataset: { label: t("records.colRecord") } }, fieldList(row.record))];
  // Only a single-record removal can be undone here; other reasons are undone where they were
  // chosen (the section, the dates, the word list), and the study's cannot be undone at all.
  const fixed = Boolean(row.removed) && row.removed !== "record";
  const box = h("input", {
    type: "checkbox",
    id,
    name: "share-record",
    checked: !row.removed,
    disabled: fixed,
    "aria-describedby": valueCells.map((cell) => cell.id).join(" "),
    dataset: { section: row.section, index: row.index },
  });
  return h(
    "tr",
    {
      class: row.removed ? "removed" : null,
      dataset: { sectionId: row.section, index: row.index, removed: row.removed ?? "" },
    },
    h(
      "td",
      { class: "cell-check", dataset: { label: t("records.colShare") } },
      box,
      h("label", { for: id, class: "visually-hidden" }, t("records.shareThis")),
    ),
    showSection
      ? h("th", { scope: "row", class: "cell-in", dataset: { label: t("records.colSection") } }, sectionTitle(row.section))
      : null,
    valueCells,
    h("td", { class: "cell-status", dataset: { label: t("records.colStatus") } }, reasonText(row.removed)),
  );
}

export class RecordsView {
  #deps;
  #seq = 0;
  #timer = null;
  #focusAfter = null; // {section, index} of a checkbox to focus again after a refresh

  /** deps: {worker, state, choiceOptions(), onChoicesChanged(), announce(text), go(step, opts)} */
  constructor(deps) {
    this.#deps = deps;
  }

  get #state() {
    return this.#deps.state;
  }

  /** Open a section's records (section id) or a search of everything (null, with a query). */
  open(section, { query = "", opener = null } = {}) {
    const state = this.#state;
    state.view = { section, query, page: 0, from: state.step === "records" ? state.view.from : state.step, opener };
    state.viewAnswer = null;
    state.viewError = false;
    this.#deps.go("records");
    $("records-query").value = query;
    this.fetch();
  }

  close() {
    const view = this.#state.view;
    if (!view) return;
    this.#seq++; // an answer still on its way is not wanted any more
    clearTimeout(this.#timer);
    this.#state.view = null;
    this.#state.viewAnswer = null;
    this.#deps.go(view.from, { focus: !view.opener?.isConnected });
    // Back where the participant was: the button that opened the view (drawn anew meanwhile
    // when the step re-rendered, so found again by its section).
    const opener =
      view.opener?.isConnected
        ? view.opener
        : document.querySelector(`[data-step-panel="${view.from}"] [data-open-records="${CSS.escape(view.section ?? "")}"]`);
    opener?.focus();
  }

  /** Ask the worker for the page the view is on; draw it when it is still the newest asked. */
  async fetch({ quiet = false } = {}) {
    const state = this.#state;
    const view = state.view;
    if (!view) return;
    const seq = ++this.#seq;
    if (view.section === null && !view.query.trim()) {
      state.viewAnswer = null;
      state.viewBusy = false;
      this.render();
      return;
    }
    state.viewBusy = true;
    this.renderBusy();
    const summary = (state.check?.summary?.sections ?? []).find((s) => s.id === view.section);
    const request = {
      section: view.section,
      query: view.query.trim(),
      page: view.page,
      per_page: PER_PAGE,
      total: summary?.records ?? null,
      order: summary?.order ?? null,
      places: summary?.paths?.length ?? null, // the pass stops once it has read them all
    };
    try {
      const answer = await this.#deps.worker.records(state.file, { ...this.#deps.choiceOptions(), view: request });
      if (seq !== this.#seq) return;
      state.viewBusy = false;
      state.viewError = !answer?.ok;
      state.viewAnswer = answer?.ok ? { ...answer, rows: answer.rows.map(parseRow) } : null;
    } catch (error) {
      if (error instanceof CancelledError || seq !== this.#seq) return;
      state.viewBusy = false;
      state.viewError = true;
      state.viewAnswer = null;
    }
    this.render();
    if (!quiet) this.#deps.announce(this.statusText());
  }

  /** The text of the live count: "61 records · page 1 of 2" or "3 records found". */
  statusText() {
    const { view, viewAnswer: answer, viewError } = this.#state;
    if (viewError) return t("records.failed");
    if (!view || !answer) return view?.section === null ? t("records.typeToSearch") : "";
    if (answer.section_removed) return t("records.sectionRemoved");
    const count = answer.count ?? 0;
    const parts = [
      answer.searched
        ? count
          ? t("records.found", { count })
          : t("records.foundNone")
        : count
          ? t("records.count", { count })
          : t("records.empty"),
    ];
    if (count && answer.pages > 1) parts.push(t("records.pageOf", { page: answer.page + 1, pages: answer.pages }));
    if (count && answer.order === "newest-first") parts.push(t("records.newestFirst"));
    return parts.join(" · ");
  }

  renderBusy() {
    $("records-view").setAttribute("aria-busy", "true");
    $("records-loading").hidden = false;
  }

  render() {
    const state = this.#state;
    const view = state.view;
    if (!view) return;
    const answer = state.viewAnswer;
    const title = view.section === null ? t("records.searchAllTitle") : t("records.title", { section: sectionTitle(view.section) });
    $("records-title").textContent = title;
    $("records-query-label").textContent = t(view.section === null ? "records.searchAllLabel" : "records.searchLabel");
    $("records-view").setAttribute("aria-busy", String(Boolean(state.viewBusy)));
    $("records-loading").hidden = !state.viewBusy;
    const status = $("records-status");
    status.textContent = this.statusText();
    status.dataset.count = answer ? String(answer.count ?? 0) : "";

    const foundIn = Object.entries(answer?.by_section ?? {});
    $("records-found-in").hidden = !(view.section === null && foundIn.length);
    $("records-found-in").textContent = foundIn.length
      ? t("records.foundIn", {
          list: formatList(foundIn.map(([id, count]) => `${sectionTitle(id)} (${formatNumber(count)})`)),
        })
      : "";

    this.#renderWordButton();
    this.#renderWords();

    const rows = answer?.rows ?? [];
    const table = $("records-table");
    table.hidden = !rows.length;
    if (rows.length) {
      const showSection = view.section === null;
      const columns = showSection ? null : columnsOf(rows);
      const first = answer.page * answer.per_page + 1;
      $("records-caption").textContent = answer.searched
        ? t("records.captionSearch", { from: first, to: first + rows.length - 1, count: answer.count })
        : t("records.caption", { section: sectionTitle(view.section), from: first, to: first + rows.length - 1, count: answer.count });
      fill(
        $("records-head"),
        h("th", { scope: "col", class: "cell-check" }, t("records.colShare")),
        showSection ? h("th", { scope: "col" }, t("records.colSection")) : null,
        columns ? columns.map((key) => h("th", { scope: "col" }, fieldLabel(key))) : h("th", { scope: "col" }, t("records.colRecord")),
        h("th", { scope: "col" }, t("records.colStatus")),
      );
      table.classList.toggle("compact", !columns);
      fill($("records-body"), rows.map((row) => recordRow(row, columns, showSection)));
    } else {
      fill($("records-body"));
    }
    const pages = answer?.pages ?? 1;
    $("records-pager").hidden = !rows.length || pages <= 1;
    $("records-page").textContent = answer ? t("records.pageOf", { page: answer.page + 1, pages }) : "";
    $("records-previous").disabled = !answer || answer.page <= 0;
    $("records-next").disabled = !answer || answer.page + 1 >= pages;
    this.#restoreFocus();
  }

  #restoreFocus() {
    const want = this.#focusAfter;
    this.#focusAfter = null;
    if (want) {
      const selector = `input[name=share-record][data-section="${CSS.escape(want.section)}"][data-index="${want.index}"]`;
      (document.querySelector(selector) ?? $("records-query")).focus();
      return;
    }
    // A pager button that just became disabled loses focus: give it to the other one.
    const active = document.activeElement;
    if ((active === $("records-previous") || active === $("records-next")) && active.disabled) {
      (active === $("records-next") ? $("records-previous") : $("records-next")).focus();
    }
  }

  /** "Remove every record containing “WORD”": after a search that found something. */
  #renderWordButton() {
    const { view, viewAnswer: answer, dropWords } = this.#state;
    const word = view.query.trim();
    const already = dropWords.some((item) => item.section === view.section && item.word.toLowerCase() === word.toLowerCase());
    const button = $("records-remove-word");
    button.hidden = !(answer?.searched && answer.count > 0 && word && !already);
    button.textContent = button.hidden
      ? ""
      : t(view.section === null ? "records.removeWordEverywhere" : "records.removeWordHere", {
          word,
          section: view.section === null ? "" : sectionTitle(view.section),
        });
  }

  #renderWords() {
    const words = this.#state.dropWords;
    $("records-words").hidden = !words.length;
    fill(
      $("records-words-list"),
      words.map((item, position) =>
        h(
          "li",
          { dataset: { scope: item.section ?? "*" } },
          h(
            "span",
            { class: "word-text" },
            item.section === null
              ? t("records.wordEverywhere", { word: item.word })
              : t("records.wordIn", { word: item.word, section: sectionTitle(item.section) }),
          ),
          h(
            "button",
            { type: "button", class: "button link small", dataset: { putBackWord: position } },
            t("records.putBackWord"),
            h("span", { class: "visually-hidden" }, ` (${item.word})`),
          ),
        ),
      ),
    );
  }

  // -------------------------------------------------------------------------------------
  // Events
  // -------------------------------------------------------------------------------------

  wire() {
    $("records-query").addEventListener("input", () => {
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => this.#search(), DEBOUNCE_MS);
    });
    $("records-search").addEventListener("submit", (event) => {
      event.preventDefault();
      clearTimeout(this.#timer);
      this.#search();
    });
    $("records-previous").addEventListener("click", () => this.#turn(-1));
    $("records-next").addEventListener("click", () => this.#turn(1));
    $("records-back").addEventListener("click", () => this.close());
    $("records-view").addEventListener("keydown", (event) => {
      // Escape in a search box with text clears the text (the browser's own); anywhere else it goes back.
      if (event.key === "Escape" && !(event.target.type === "search" && event.target.value)) {
        event.preventDefault();
        this.close();
      }
    });
    $("records-body").addEventListener("change", (event) => this.#toggle(event.target));
    $("records-remove-word").addEventListener("click", () => this.#removeWord());
    $("records-words-list").addEventListener("click", (event) => {
      const button = event.target.closest("[data-put-back-word]");
      if (button) this.#putBackWord(Number(button.dataset.putBackWord));
    });
  }

  #search() {
    const view = this.#state.view;
    if (!view) return;
    const query = $("records-query").value;
    if (query.trim() === view.query.trim() && this.#state.viewAnswer) return;
    view.query = query;
    view.page = 0;
    this.fetch();
  }

  #turn(step) {
    const view = this.#state.view;
    if (!view || this.#state.viewBusy) return;
    view.page = Math.max(0, view.page + step);
    this.fetch();
  }

  #toggle(box) {
    if (!(box instanceof HTMLInputElement) || box.name !== "share-record") return;
    const section = box.dataset.section;
    const index = Number(box.dataset.index);
    const key = recordKey(section, index);
    const { dropRecords, dropWords } = this.#state;
    if (box.checked) dropRecords.delete(key);
    else dropRecords.set(key, [section, index]);
    // Drawn at once: a record the participant unticks was shared, so "removed by you" is its
    // only reason now. One put back may still hold a removed word: the worker says so.
    const row = box.closest("tr");
    const removed = box.checked ? "" : "record";
    row.dataset.removed = removed;
    row.classList.toggle("removed", !box.checked);
    row.querySelector(".cell-status").textContent = reasonText(removed || null);
    const answer = this.#state.viewAnswer;
    const shown = answer?.rows.find((item) => item.section === section && item.index === index);
    if (shown) shown.removed = removed || null;
    this.#deps.announce(t(box.checked ? "records.putBack" : "records.recordRemoved"));
    this.#deps.onChoicesChanged();
    if (box.checked && dropWords.length) {
      this.#focusAfter = { section, index };
      this.fetch({ quiet: true });
    }
  }

  #removeWord() {
    const view = this.#state.view;
    const word = view?.query.trim();
    if (!word) return;
    this.#state.dropWords.push({ section: view.section, word });
    this.#deps.onChoicesChanged();
    this.#deps.announce(
      t(view.section === null ? "records.wordRemovedEverywhere" : "records.wordRemovedHere", { word }),
    );
    $("records-query").focus();
    this.fetch({ quiet: true });
  }

  #putBackWord(position) {
    const words = this.#state.dropWords;
    const [item] = words.splice(position, 1);
    if (!item) return;
    this.#deps.onChoicesChanged();
    this.#deps.announce(t("records.wordPutBack", { word: item.word }));
    const buttons = $("records-words-list").querySelectorAll("[data-put-back-word]");
    this.render();
    // Focus the next word's button, else the search box: never lost to <body>.
    const next = $("records-words-list").querySelectorAll("[data-put-back-word]")[Math.min(position, buttons.length - 2)];
    (next ?? $("records-query")).focus();
    this.fetch({ quiet: true });
  }
}

/** The worker sends each record as JSON text (null and key order survive); parse it once. */
function parseRow(row) {
  const { record_json: text, ...rest } = row;
  return { ...rest, record: text === undefined ? null : JSON.parse(text) };
}
