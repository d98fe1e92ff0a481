// The page's options, from the URL. The fragment (#…) is never sent to a server, so options
// that a study sets (policy, key, embedding) travel there; `?sample=0` works as a query too.
//
//   #lang=nl                       language (else the browser's)
//   #policy=policies/study.json    a same-origin policy JSON (default: the core's default)
//   #pseudonym-key=<hex>           a fixed pseudonym key (>= 16 bytes) for studies and tests
//   #embed=1&origin=<origin>       inside a survey's iframe (made by site/embed.js)
//   #sample=0 or ?sample=0         hide "Try a sample export"

export function readOptions(location = window.location) {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ""));
  const query = new URLSearchParams(location.search);
  const get = (name) => fragment.get(name) ?? query.get(name);
  return {
    lang: get("lang"),
    policy: get("policy"),
    // Only from the fragment: a key in the query string would reach the server's logs.
    pseudonymKey: fragment.get("pseudonym-key"),
    embed: get("embed") === "1",
    origin: parseOrigin(get("origin")),
    sample: get("sample") !== "0",
  };
}

/** `https://survey.example` if `text` is exactly an http(s) origin, else null. */
export function parseOrigin(text) {
  if (!text) return null;
  try {
    const url = new URL(text);
    if (url.protocol !== "https:" && url.protocol !== "http:") return null;
    return url.origin === text.replace(/\/$/, "") ? url.origin : null;
  } catch {
    return null;
  }
}

/** The policy URL resolved against the page, or null if it is not on the page's own origin. */
export function policyUrl(text, base = window.location.href) {
  try {
    const url = new URL(text, base);
    return url.origin === new URL(base).origin ? url : null;
  } catch {
    return null;
  }
}

/** Hex → Uint8Array; null unless it is whole bytes and at least 16 of them (as the CLI asks). */
export function parseKey(text) {
  if (typeof text !== "string" || !/^(?:[0-9a-fA-F]{2}){16,}$/.test(text)) return null;
  return Uint8Array.from(text.match(/../g), (pair) => Number.parseInt(pair, 16));
}

/** Set (or remove, with null) one fragment option, keeping the others; no history entry. */
export function setFragmentOption(name, value) {
  const fragment = new URLSearchParams(window.location.hash.replace(/^#/, ""));
  if (value === null) fragment.delete(name);
  else fragment.set(name, value);
  const url = new URL(window.location.href);
  url.hash = fragment.toString();
  history.replaceState(history.state, "", url);
}
