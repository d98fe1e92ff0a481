// Translations: site/i18n/<lang>.json, fetched at start. Every participant-facing string of
// the page is looked up here; a key missing in the chosen language falls back to English,
// and a key missing in English returns the caller's fallback (never an empty screen).
//
//   await i18n.init("nl");
//   i18n.t("start.choose")                                  → "Kies je TikTok-bestand"
//   i18n.t(["fields", "Content Preferences"])               → keys with dots or spaces
//   i18n.t("progress.read", { done: 1.5, total: 80 })       → numbers formatted per locale
//   i18n.t("sections.likes.count", { count: 3 })            → plural forms via Intl.PluralRules

export const LANGUAGES = ["en", "nl"];
export const FALLBACK = "en";

const dictionaries = new Map();
let current = FALLBACK;
let locale = "en-GB";

async function fetchDictionary(lang) {
  const response = await fetch(new URL(`../i18n/${lang}.json`, import.meta.url), {
    credentials: "same-origin",
  });
  if (!response.ok) throw new Error(`i18n/${lang}.json: HTTP ${response.status}`);
  return response.json();
}

/** Load English (the fallback) and `lang`; a language that fails to load falls back to English. */
export async function init(lang) {
  if (!dictionaries.has(FALLBACK)) dictionaries.set(FALLBACK, await fetchDictionary(FALLBACK));
  await use(lang);
}

/** Switch to `lang`, loading it on first use. Returns the language actually in use. */
export async function use(lang) {
  const wanted = LANGUAGES.includes(lang) ? lang : FALLBACK;
  if (!dictionaries.has(wanted)) {
    try {
      dictionaries.set(wanted, await fetchDictionary(wanted));
    } catch {
      current = FALLBACK;
      locale = lookup(dictionaries.get(FALLBACK), ["meta", "locale"]) ?? "en";
      return current;
    }
  }
  current = wanted;
  locale = lookup(dictionaries.get(wanted), ["meta", "locale"]) ?? wanted;
  return current;
}

export const language = () => current;
export const getLocale = () => locale;

/** The language for this visit: `requested` (from the URL) if known, else the browser's. */
export function pickLanguage(requested, browserLanguages = navigator.languages ?? [navigator.language]) {
  if (requested && LANGUAGES.includes(requested.toLowerCase())) return requested.toLowerCase();
  for (const tag of browserLanguages) {
    const base = String(tag ?? "").toLowerCase().split("-")[0];
    if (LANGUAGES.includes(base)) return base;
  }
  return FALLBACK;
}

function lookup(dictionary, path) {
  let node = dictionary;
  for (const part of path) {
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, part)) return undefined;
    node = node[part];
  }
  return node;
}

const toPath = (key) => (Array.isArray(key) ? key : key.split("."));

/** Whether `key` exists in the current language or in English. */
export function has(key) {
  const path = toPath(key);
  return lookup(dictionaries.get(current), path) !== undefined || lookup(dictionaries.get(FALLBACK), path) !== undefined;
}

// Making an Intl formatter costs far more than using one (a preview with its charts asks for
// thousands): each is made once per locale and options, and kept.
const formatters = new Map();

/** The `Intl[kind]` formatter for the current locale and `options`, made on first use. */
export function formatter(kind, options = {}) {
  const key = `${kind}|${locale}|${JSON.stringify(options)}`;
  let made = formatters.get(key);
  if (!made) {
    made = new Intl[kind](locale, options);
    formatters.set(key, made);
  }
  return made;
}

function pluralForm(entry, params) {
  if (entry === null || typeof entry !== "object") return entry;
  const count = Number(params?.count ?? 0);
  const form = formatter("PluralRules").select(count);
  return entry[form] ?? entry.other;
}

export function formatNumber(value, options = {}) {
  return formatter("NumberFormat", options).format(value);
}

/** Replace `{name}` by params[name]; numbers are formatted for the locale. Returns null when a
 *  placeholder has no value, so callers can fall back to a complete text. */
export function fill(template, params = {}) {
  let complete = true;
  const text = template.replace(/\{([A-Za-z_][\w-]*)\}/g, (_, name) => {
    const value = params[name];
    if (value === undefined || value === null) {
      complete = false;
      return "";
    }
    return typeof value === "number" ? formatNumber(value) : String(value);
  });
  return complete ? text : null;
}

function resolve(key, params, dictionary) {
  const entry = pluralForm(lookup(dictionary, toPath(key)), params);
  return typeof entry === "string" ? fill(entry, params) : null;
}

/** Translate `key` with `params`; English if the current language lacks it; else `fallback`. */
export function t(key, params = {}, fallback = "") {
  return resolve(key, params, dictionaries.get(current)) ?? resolve(key, params, dictionaries.get(FALLBACK)) ?? fallback;
}

/** Fill every [data-i18n] element's text and [data-i18n-attr="attr:key;attr:key"] attribute. */
export function apply(root = document) {
  for (const element of root.querySelectorAll("[data-i18n]")) {
    element.textContent = t(element.dataset.i18n, {}, element.textContent);
  }
  for (const element of root.querySelectorAll("[data-i18n-attr]")) {
    for (const pair of element.dataset.i18nAttr.split(";")) {
      const [attribute, key] = pair.split(":");
      if (attribute && key) element.setAttribute(attribute.trim(), t(key.trim(), {}, element.getAttribute(attribute.trim()) ?? ""));
    }
  }
  document.documentElement.lang = current;
  document.title = t("page.title", {}, document.title);
}

/** "6 Nov 2024" from the core's "2024-11-06 10:29:29" (no time-zone shift: shown as written). */
export function formatDate(text) {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(text ?? ""));
  if (!match) return String(text ?? "");
  const [, year, month, day] = match.map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (Number.isNaN(date.getTime())) return String(text);
  return formatter("DateTimeFormat", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" }).format(date);
}

/** "a, b and c" in the current language. */
export function formatList(items) {
  return formatter("ListFormat", { style: "long", type: "conjunction" }).format(items);
}
