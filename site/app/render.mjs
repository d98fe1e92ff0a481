// Pieces of the page built from the core's result: findings, the section preview, the
// participant's choices, the "you will share" summary and the receipt's changes.
//
// Everything from the file or the core goes in as text (dom.h), never as HTML. What the
// policy does comes from the core's `plan` (api.policy_plan); nothing here decides policy.

import { timelineChart } from "./chart.mjs";
import { h, icon } from "./dom.mjs";
import { formatDate, formatList, formatNumber, t } from "./i18n.mjs";

// ---------------------------------------------------------------------------------------
// Sections and the plan
// ---------------------------------------------------------------------------------------

export const isUnknown = (id) => String(id).startsWith("unknown");

/** The section's title in the page's language; the core's (English) title if not translated. */
export function sectionTitle(id, fallback = id) {
  return isUnknown(id) ? t("sections.unknown.title", {}, fallback) : t(["sections", id, "title"], {}, fallback);
}

/** "1,492 watched videos", translated by section id, with plural forms. */
export function sectionCount(section) {
  const params = { count: section.records };
  const key = isUnknown(section.id) ? ["sections", "unknown", "count"] : ["sections", section.id, "count"];
  return t(key, params, `${formatNumber(section.records)} × ${sectionTitle(section.id, section.title)}`);
}

const planEntry = (plan, id) => plan?.sections?.[id] ?? null;
const removesEverything = (entry) =>
  (entry?.fields ?? []).some((field) => field.field === "*" && field.action === "drop");

/** How the study treats a section, read from the plan: locked | optional | kept | unknown. */
export function choiceKind(plan, id) {
  const entry = planEntry(plan, id);
  if (!entry) return "unknown";
  if (entry.removed_by_policy || removesEverything(entry)) return "locked";
  return entry.may_drop ? "optional" : "kept";
}

/** Sections worth a row: anything with records, and anything the schema does not know. */
export const listedSections = (summary) =>
  (summary?.sections ?? []).filter((section) => section.records > 0 || section.known === false);
export const emptySections = (summary) =>
  (summary?.sections ?? []).filter((section) => !(section.records > 0 || section.known === false));

function dateRange(section) {
  if (!section.first || !section.last) return null;
  return t("preview.dateRange", { first: formatDate(section.first), last: formatDate(section.last) });
}

/** The date range for the table: each date kept on one line. */
function dateRangeNode(section) {
  if (!section.first || !section.last) return null;
  const marker = "\u0000";
  const parts = t("preview.dateRange", { first: marker, last: marker }).split(marker);
  if (parts.length !== 3) return dateRange(section);
  const date = (text) => h("span", { class: "date" }, formatDate(text));
  return h("span", { class: "date-range" }, parts[0], date(section.first), parts[1], date(section.last), parts[2]);
}

// ---------------------------------------------------------------------------------------
// Findings
// ---------------------------------------------------------------------------------------

/** English section titles in a finding's params → translated titles (via the plan's titles). */
function translateTitles(text, plan) {
  if (typeof text !== "string") return text;
  const byTitle = new Map(Object.entries(plan?.sections ?? {}).map(([id, entry]) => [entry.title, id]));
  return text
    .split(", ")
    .map((title) => (byTitle.has(title) ? sectionTitle(byTitle.get(title), title) : title))
    .join(", ");
}

/** The finding's message in the page's language, else the core's own English message. */
export function findingMessage(finding, plan) {
  const params = { ...(finding.params ?? {}) };
  if (finding.line !== null && finding.line !== undefined) params.line = finding.line;
  if (finding.column !== null && finding.column !== undefined) params.column = finding.column;
  if (params.count === undefined) params.count = finding.count;
  if ("section" in params) params.section = translateTitles(params.section, plan);
  if ("sections" in params) params.sections = translateTitles(params.sections, plan);
  return t(["findings", finding.code, "message"], params, finding.message ?? "");
}

let boxes = 0;

/** A clear box for one error: title, message, what to do next. `finding` may be page-made. */
export function findingBox(finding, plan) {
  const id = `finding-${++boxes}`;
  const next = t(["findings", finding.code, "next"], {}, "");
  return h(
    "div",
    {
      class: `finding ${finding.severity ?? "error"}`,
      role: "group",
      "aria-labelledby": id,
      dataset: { code: finding.code, severity: finding.severity ?? "error" },
    },
    icon("error", "finding-icon"),
    h(
      "div",
      { class: "finding-body" },
      h("h3", { id }, t(["findings", finding.code, "title"], {}, t("result.errorTitle"))),
      h("p", { class: "finding-message" }, findingMessage(finding, plan)),
      next ? h("p", { class: "finding-next" }, h("strong", {}, t("result.next")), " ", next) : null,
    ),
  );
}

/** One line under "Details" for a warning or note. */
export function detailItem(finding, plan) {
  return h(
    "li",
    { class: `detail ${finding.severity}`, dataset: { code: finding.code, severity: finding.severity } },
    h("strong", {}, t(["findings", finding.code, "title"], {}, finding.code)),
    " ",
    h("span", { class: "detail-message" }, findingMessage(finding, plan)),
    finding.count > 1 ? h("span", { class: "hint" }, " ", t("result.times", { count: finding.count })) : null,
    finding.json_path && finding.json_path !== "$" ? h("code", { class: "path" }, finding.json_path) : null,
  );
}

// ---------------------------------------------------------------------------------------
// Preview table
// ---------------------------------------------------------------------------------------

function categoryBadges(categories) {
  const shown = (categories ?? []).filter((category) => category !== "none");
  if (!shown.length) return h("span", { class: "hint" }, t((categories ?? []).length ? "categories.none" : "preview.noCategories"));
  return h(
    "ul",
    { class: "badges" },
    shown.map((category) =>
      h("li", { class: `badge cat-${category}`, dataset: { category } }, t(["categories", category], {}, category)),
    ),
  );
}

function shareCell(share) {
  const value = Number(share) || 0;
  const percent =
    value > 0 && value < 0.001
      ? `< ${formatNumber(0.001, { style: "percent", maximumFractionDigits: 1 })}`
      : formatNumber(value, { style: "percent", maximumFractionDigits: value < 0.01 ? 1 : 0 });
  const fill = h("span", { class: "bar-fill" });
  // CSSOM, not a style attribute: allowed under the page's CSP (no 'unsafe-inline').
  fill.style.width = `${Math.max(0, Math.min(100, value * 100))}%`;
  return [h("span", { class: "bar", "aria-hidden": "true" }, fill), h("span", { class: "bar-label" }, percent)];
}

/** What the study does with one section's personal fields (from the plan). */
export function planDetails(plan, section) {
  const entry = planEntry(plan, section.id);
  const kind = choiceKind(plan, section.id);
  const body = [h("p", { class: "plan-heading" }, t("preview.studyDoes"))];
  if (kind === "unknown") body.push(h("p", {}, t("preview.unknown")));
  else if (entry.removed_by_policy) body.push(h("p", {}, t("preview.removedByStudy")));
  else if (removesEverything(entry)) body.push(h("p", {}, t("preview.removedAll")));
  else if (!entry.fields.length) body.push(h("p", {}, t("preview.noPersonal")));
  else {
    body.push(
      h(
        "ul",
        { class: "plan-fields" },
        entry.fields.map((field) =>
          h(
            "li",
            { dataset: { field: field.field, action: field.action, category: field.category } },
            h("span", { class: "field-label" }, t(["fields", field.field], {}, field.field)),
            field.field !== "*" && field.field !== "$key" ? h("code", { class: "field-key" }, field.field) : null,
            h("span", { class: `action action-${field.action}` }, t(["actions", field.action], {}, field.action)),
          ),
        ),
      ),
      h("p", { class: "hint" }, t("preview.otherKept")),
    );
  }
  return body;
}

/** Whether a section's records can be opened: it has some, the schema knows it, the study keeps it. */
export function canOpenRecords(section, kind) {
  return section.records > 0 && section.known !== false && kind !== "locked";
}

/** The "See the records" button of a section (preview row, choice item): opens records.mjs's view. */
export function recordsButton(section) {
  return h(
    "button",
    { type: "button", class: "button link records-open", dataset: { openRecords: section.id } },
    t("records.open"),
    h("span", { class: "visually-hidden" }, ` (${sectionTitle(section.id, section.title)})`),
  );
}

function lockBadge() {
  return h("span", { class: "locked" }, icon("lock"), t("choices.locked"));
}

/** The core's numbers for a section as data-* attributes, for tests and tools. */
function sectionData(section) {
  return {
    sectionId: section.id,
    records: section.records,
    first: section.first ?? "",
    last: section.last ?? "",
    share: section.share,
    known: section.known !== false,
  };
}

/** One row of the preview table; data-* carry the core's numbers for tests and tools. */
export function previewRow(section, plan) {
  const kind = choiceKind(plan, section.id);
  return h(
    "tr",
    {
      dataset: { ...sectionData(section), policy: kind },
    },
    h(
      "th",
      { scope: "row", class: "cell-section" },
      h(
        "details",
        { class: "plan" },
        h("summary", {}, h("span", { class: "section-title" }, sectionTitle(section.id, section.title))),
        h("div", { class: "plan-body" }, planDetails(plan, section)),
      ),
      kind === "locked" ? lockBadge() : null,
      canOpenRecords(section, kind) ? recordsButton(section) : null,
    ),
    h("td", { class: "num cell-records", dataset: { label: t("preview.records") } }, formatNumber(section.records)),
    h(
      "td",
      { class: "cell-dates", dataset: { label: t("preview.dates") } },
      dateRangeNode(section) ?? h("span", { class: "hint" }, t("preview.noDates")),
      section.timeline?.length
        ? timelineChart(section.timeline, {
            unit: section.timeline_unit,
            title: sectionTitle(section.id, section.title),
            compact: true,
          })
        : null,
    ),
    h("td", { class: "cell-categories", dataset: { label: t("preview.categories") } }, categoryBadges(section.categories)),
    h("td", { class: "cell-share", dataset: { label: t("preview.share") } }, shareCell(section.share)),
  );
}

/** An empty section, listed compactly (same data-* as a row). */
export function emptyItem(section) {
  return h(
    "li",
    {
      dataset: sectionData(section),
    },
    sectionTitle(section.id, section.title),
  );
}

/** One part of the file the tool does not know yet (a drift report row), named as TikTok wrote it. */
export function driftItem(row) {
  const name = row.key === "<key>" ? t("preview.driftUnnamed") : row.key;
  return h("li", { dataset: { kind: row.kind } }, t("preview.driftWhere", { key: name, parent: row.parent }));
}

// ---------------------------------------------------------------------------------------
// Choices
// ---------------------------------------------------------------------------------------

/** One section in the choice list: locked, a "Remove this section" checkbox, or kept. */
export function choiceItem(section, plan, index, dropped) {
  const kind = choiceKind(plan, section.id);
  const titleId = `choice-title-${index}`;
  const range = dateRange(section);
  const meta = [sectionCount(section), range].filter(Boolean).join(" · ");
  let control;
  if (kind === "locked") control = lockBadge();
  else if (kind === "optional") {
    const inputId = `drop-${index}`;
    control = h(
      "div",
      { class: "toggle" },
      h("input", {
        type: "checkbox",
        id: inputId,
        name: "drop-section",
        value: section.id,
        checked: dropped.has(section.id),
        "aria-describedby": titleId,
      }),
      h("label", { for: inputId }, t("choices.remove")),
    );
  } else if (kind === "kept") control = h("span", { class: "kept hint" }, t("choices.kept"));
  else control = h("span", { class: "kept hint" }, t("choices.unknown"));
  return h(
    "li",
    {
      class: `choice kind-${kind}${dropped.has(section.id) ? " dropped" : ""}`,
      dataset: { sectionId: section.id, choice: kind },
    },
    h(
      "div",
      { class: "choice-main" },
      h("span", { class: "choice-title", id: titleId }, sectionTitle(section.id, section.title)),
      h("span", { class: "choice-meta" }, meta),
      canOpenRecords(section, kind) ? recordsButton(section) : null,
    ),
    control,
  );
}

/** The plain-language "You will share … Removed: …" paragraphs. */
export function shareSummary(summary, plan, dropped, dates, picked = { records: 0, words: 0 }) {
  const shared = [];
  const removed = [];
  for (const section of listedSections(summary)) {
    const kind = choiceKind(plan, section.id);
    if (kind === "unknown") continue;
    if (kind === "locked" || dropped.has(section.id)) {
      removed.push(sectionTitle(section.id, section.title));
      continue;
    }
    const range = dateRange(section);
    shared.push(h("li", { dataset: { sectionId: section.id } }, sectionCount(section), range ? ` (${range})` : ""));
  }
  return [
    shared.length
      ? [h("p", {}, h("strong", {}, t("choices.share"))), h("ul", { class: "share-list" }, shared)]
      : h("p", {}, h("strong", {}, t("choices.shareNothing"))),
    removed.length
      ? h("p", { class: "removed-line" }, h("strong", {}, t("choices.removed")), " ", formatList(removed), ".")
      : h("p", { class: "removed-line" }, t("choices.removedNothing")),
    dates ? h("p", {}, t("choices.datesRemoved", { from: formatDate(dates[0]), to: formatDate(dates[1]) })) : null,
    // Counts only: which records and which words stay on the records view.
    picked.records ? h("p", { class: "picked-records" }, t("choices.recordsRemoved", { count: picked.records })) : null,
    picked.words ? h("p", { class: "picked-words" }, t("choices.wordsRemoved", { count: picked.words })) : null,
    shared.length ? h("p", { class: "hint" }, t("choices.transformed")) : null,
  ];
}

// ---------------------------------------------------------------------------------------
// Receipt
// ---------------------------------------------------------------------------------------

const LAST_KEY = /(?:\.([A-Za-z_$][\w$]*)|\['((?:[^'\\]|\\.)*)'\])$/;

/** "Search words", "The whole part", … for one receipt change. */
export function changeWhat(change, summary) {
  if (change.rule === "choices.drop_sections") return t("done.whatChoice");
  if (change.rule === "choices.drop_dates") return t("done.whatDates");
  if (change.rule === "choices.drop_records") return t("done.whatRecords");
  if (change.rule === "choices.drop_matching") return t("done.whatWords");
  const section = (summary?.sections ?? []).find((item) => item.id === change.section);
  if (section?.paths?.includes(change.path)) return t("done.whatSection");
  if (/\[\*\]$/.test(change.path)) {
    return change.action === "drop" ? t("done.whatEntries") : t(["fields", "$key"], {}, "$key");
  }
  const match = LAST_KEY.exec(change.path);
  const name = match ? (match[1] ?? match[2].replace(/\\(.)/g, "$1")) : change.path;
  return t(["fields", name], {}, name);
}

/** The receipt's changes grouped by section: one <tbody> per section, one row per change. */
export function changeGroups(changes, summary, titles) {
  const groups = new Map();
  for (const change of changes) {
    if (!groups.has(change.section)) groups.set(change.section, []);
    groups.get(change.section).push(change);
  }
  // In the order the preview showed the sections (the receipt lists changes by path).
  const order = new Map((summary?.sections ?? []).map((section, index) => [section.id, index]));
  const rank = (id) => order.get(id) ?? Number.MAX_SAFE_INTEGER;
  const sorted = [...groups].sort(([a], [b]) => rank(a) - rank(b));
  return sorted.map(([id, rows]) =>
    h(
      "tbody",
      { class: "change-group", dataset: { sectionId: id } },
      h("tr", { class: "group" }, h("th", { scope: "colgroup", colspan: 3 }, sectionTitle(id, titles.get(id) ?? id))),
      rows.map((change) =>
        h(
          "tr",
          {
            class: "change",
            dataset: {
              sectionId: change.section,
              action: change.action,
              rule: change.rule,
              count: change.count,
              path: change.path,
            },
          },
          h("td", { class: "what" }, changeWhat(change, summary)),
          h("td", { class: "how" }, t(["actions", change.action], {}, change.action)),
          h("td", { class: "num count", dataset: { label: t("done.colCount") } }, formatNumber(change.count)),
        ),
      ),
    ),
  );
}
