// <tiktok-export-check>: the tool as a survey's pre-upload step, in one <script type="module">.
//
//   <script type="module" src="/tiktok-export/embed.js"></script>
//   <tiktok-export-check policy="policies/my-study.json" lang="nl"></tiktok-export-check>
//
//   element.addEventListener("ready", (e) => upload(e.detail.file, e.detail.receipt));
//   element.addEventListener("findings", (e) => console.log(e.detail.findings));
//   element.addEventListener("cancel", () => …);
//
// The tool runs in an iframe of the page next to this script, so the survey's own scripts and
// styles never touch it and it never touches them. Its options travel in the iframe URL's
// fragment, which browsers never send to a server. Only messages from that iframe, from its
// origin, are believed. The element emits:
//   ready     detail: { file (the redacted File), receipt, summary, findings }: only after the
//             participant pressed "Send to the survey" in the tool;
//   findings  detail: { findings, summary: null }: the picked file cannot be used (only the
//             value-free findings: nothing about the file's contents without a click);
//   cancel    detail: {}: the participant cancelled.
// `summary` and `findings` have exactly the shape of `tiktok-export … --json`.
//
// Attributes: policy (URL of a policy JSON, relative to the tool), lang ("en", "nl"),
// pseudonym-key (hex; fixes the pseudonym key for reproducible studies and tests: by default
// the tool makes a fresh random key per export that never leaves the participant's device).

const TOOL_PAGE = new URL("./index.html", import.meta.url);
const PREFIX = "tiktok-export:";

export class TikTokExportCheck extends HTMLElement {
  static observedAttributes = ["policy", "lang", "pseudonym-key"];

  #iframe = null;
  #onMessage = (event) => this.#receive(event);

  connectedCallback() {
    if (this.#iframe) return;
    const iframe = document.createElement("iframe");
    iframe.title = this.getAttribute("title") || "Check and redact your TikTok data";
    iframe.setAttribute("allow", "");
    iframe.style.width = "100%";
    iframe.style.minHeight = "420px";
    iframe.style.border = "0";
    iframe.style.display = "block";
    iframe.src = this.#toolUrl();
    this.#iframe = iframe;
    window.addEventListener("message", this.#onMessage);
    this.replaceChildren(iframe);
  }

  disconnectedCallback() {
    window.removeEventListener("message", this.#onMessage);
    this.#iframe = null;
  }

  attributeChangedCallback() {
    if (this.#iframe) this.#iframe.src = this.#toolUrl();
  }

  #toolUrl() {
    const options = new URLSearchParams({ embed: "1", origin: window.location.origin });
    for (const name of TikTokExportCheck.observedAttributes) {
      const value = this.getAttribute(name);
      if (value) options.set(name, value);
    }
    const url = new URL(TOOL_PAGE);
    url.hash = options.toString();
    return url.href;
  }

  #receive(event) {
    if (!this.#iframe || event.source !== this.#iframe.contentWindow) return;
    if (event.origin !== TOOL_PAGE.origin) return;
    const data = event.data;
    if (!data || typeof data.type !== "string" || !data.type.startsWith(PREFIX)) return;
    const kind = data.type.slice(PREFIX.length);
    if (kind === "height") {
      const height = Number(data.height);
      if (Number.isFinite(height) && height > 0) this.#iframe.style.height = `${Math.ceil(height)}px`;
    } else if (kind === "ready") {
      if (!(data.file instanceof Blob)) return;
      const file = data.file instanceof File
        ? data.file
        : new File([data.file], "user_data_tiktok.redacted.json", { type: "application/json" });
      this.#emit("ready", { file, receipt: data.receipt, summary: data.summary, findings: data.findings });
    } else if (kind === "findings") {
      this.#emit("findings", { findings: data.findings, summary: data.summary ?? null });
    } else if (kind === "cancel") {
      this.#emit("cancel", {});
    }
  }

  #emit(name, detail) {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }
}

if (!customElements.get("tiktok-export-check")) {
  customElements.define("tiktok-export-check", TikTokExportCheck);
}
