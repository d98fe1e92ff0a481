// Activity over time: bar charts drawn from the core's value-free counts (summary
// `timeline`: records per month, or per ISO week for short exports).
//
// No chart library: a few <rect>s in an inline SVG are all a bar chart needs, and nothing is
// fetched. Every chart has a text alternative (the SVG's <title>/<desc>: the range, the total
// and the busiest period) and the full chart also a table of every period, for screen readers
// and for anyone who would rather read numbers. Bars carry data-period/data-records so tests
// compare them with the summary. A removed date range is shaded, with a legend in words.

import { h } from "./dom.mjs";
import { formatNumber, formatter, t } from "./i18n.mjs";

const SVG = "http://www.w3.org/2000/svg";
let chartIds = 0;

function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null) continue;
    if (name === "dataset") for (const [key, item] of Object.entries(value)) element.dataset[key] = String(item);
    else element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** "May 2026" for "2026-05"; "week 19, 2026" for "2026-W19". */
export function periodLabel(period, { short = false } = {}) {
  const week = /^(\d{4})-W(\d{2})$/.exec(period);
  if (week) return t(short ? "chart.weekShort" : "chart.week", { year: week[1], week: Number(week[2]) }, period);
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (!month) return period;
  const date = new Date(Date.UTC(Number(month[1]), Number(month[2]) - 1, 1));
  return formatter("DateTimeFormat", { year: "numeric", month: "short", timeZone: "UTC" }).format(date);
}

/** The ISO week ("2026-W19") of a "YYYY-MM-DD" date. */
function isoWeek(text) {
  const [year, month, day] = text.split("-").map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = (date.getUTCDay() + 6) % 7; // Monday 0
  date.setUTCDate(date.getUTCDate() - weekday + 3); // the Thursday of this week decides its year
  const weekYear = date.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(weekYear, 0, 4));
  const week = 1 + Math.round((date - firstThursday) / 86_400_000 / 7 - ((firstThursday.getUTCDay() + 6) % 7 - 3) / 7);
  return `${weekYear}-W${String(week).padStart(2, "0")}`;
}

/** Whether a period overlaps the removed range [from, to] (dates as "YYYY-MM-DD"). */
export function periodRemoved(period, range) {
  if (!range) return false;
  const [from, to] = range;
  if (/-W\d{2}$/.test(period)) return period >= isoWeek(from) && period <= isoWeek(to);
  return period >= from.slice(0, 7) && period <= to.slice(0, 7);
}

function describe(points, unit, title) {
  const total = points.reduce((sum, point) => sum + point.records, 0);
  if (!points.length || !total) return t("chart.none", { title });
  const busiest = points.reduce((best, point) => (point.records > best.records ? point : best), points[0]);
  return t("chart.describe", {
    title,
    count: total,
    total: formatNumber(total),
    first: periodLabel(points[0].period),
    last: periodLabel(points.at(-1).period),
    unit: t(unit === "week" ? "chart.perWeek" : "chart.perMonth"),
    busiest: periodLabel(busiest.period),
    most: formatNumber(busiest.records),
  });
}

/**
 * A bar chart of `points` ([{period, records}]).
 * compact: a small sparkline for a table cell (text alternative only);
 * otherwise a full chart with axis labels, a legend for the removed range and a table.
 */
export function timelineChart(points, { unit = "month", title = "", removed = null, compact = false } = {}) {
  const id = `chart-${++chartIds}`;
  const width = compact ? 120 : 640;
  const height = compact ? 28 : 160;
  const top = compact ? 2 : 4;
  const bottom = 0;
  const max = Math.max(1, ...points.map((point) => point.records));
  const slot = width / Math.max(1, points.length);
  const gap = slot > 4 ? Math.min(2, slot * 0.2) : 0;
  const plot = height - top - bottom;
  const text = describe(points, unit, title);
  const removedAny = points.some((point) => periodRemoved(point.period, removed));

  const shading = points.map((point, index) =>
    periodRemoved(point.period, removed)
      ? svg("rect", { class: "chart-removed", x: index * slot, y: 0, width: slot, height: height - bottom })
      : null,
  );
  const bars = points.map((point, index) => {
    const barHeight = point.records ? Math.max(1, (point.records / max) * plot) : 0;
    return svg(
      "rect",
      {
        class: `chart-bar${periodRemoved(point.period, removed) ? " is-removed" : ""}`,
        x: index * slot + gap / 2,
        y: top + plot - barHeight,
        width: Math.max(0.5, slot - gap),
        height: barHeight,
        dataset: { period: point.period, records: point.records },
      },
      compact ? null : svg("title", {}, `${periodLabel(point.period)}: ${formatNumber(point.records)}`),
    );
  });
  // Labels are HTML around the SVG, not SVG text: the bars stretch to any width, text must not.
  const axis = compact || !points.length
    ? []
    : [svg("line", { class: "chart-axis", x1: 0, x2: width, y1: top + plot, y2: top + plot })];
  const picture = svg(
    "svg",
    {
      class: compact ? "chart chart-compact" : "chart",
      viewBox: `0 0 ${width} ${height}`,
      preserveAspectRatio: "none",
      role: "img",
      "aria-labelledby": `${id}-title`,
      focusable: "false",
    },
    svg("title", { id: `${id}-title` }, text),
    shading,
    bars,
    axis,
  );
  if (compact) return h("span", { class: "timeline timeline-compact", dataset: { unit } }, picture);

  const table = h(
    "table",
    { class: "chart-table" },
    h("caption", {}, t("chart.tableCaption", { title })),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t(unit === "week" ? "chart.weekHeader" : "chart.monthHeader")), h("th", { scope: "col", class: "num" }, t("preview.records")))),
    h(
      "tbody",
      {},
      points.map((point) =>
        h(
          "tr",
          { class: periodRemoved(point.period, removed) ? "is-removed" : null, dataset: { period: point.period } },
          h("th", { scope: "row" }, periodLabel(point.period), periodRemoved(point.period, removed) ? ` (${t("chart.removedShort")})` : ""),
          h("td", { class: "num" }, formatNumber(point.records)),
        ),
      ),
    ),
  );
  return h(
    "figure",
    { class: "timeline", dataset: { unit, removed: removedAny } },
    h("figcaption", {}, h("span", { class: "timeline-title" }, title), " ", h("span", { class: "hint" }, t(unit === "week" ? "chart.perWeek" : "chart.perMonth"))),
    h("div", { class: "chart-max", "aria-hidden": "true" }, t("chart.max", { most: formatNumber(max) })),
    picture,
    points.length
      ? h(
          "div",
          { class: "chart-ends", "aria-hidden": "true" },
          h("span", {}, periodLabel(points[0].period, { short: true })),
          h("span", {}, periodLabel(points.at(-1).period, { short: true })),
        )
      : null,
    removedAny ? h("p", { class: "chart-legend" }, h("span", { class: "swatch", "aria-hidden": "true" }), t("chart.legendRemoved")) : null,
    h("details", { class: "chart-details" }, h("summary", {}, t("chart.showTable")), table),
  );
}
