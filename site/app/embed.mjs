// Talking to the survey page that embeds this page in an iframe (site/embed.js makes it).
//
// Messages go only to window.parent and only to the origin named in the fragment
// (`#embed=1&origin=https://survey.example`): postMessage's targetOrigin makes the browser
// drop a message if the parent is anything else. Messages:
//
//   {type: "tiktok-export:height", height}            whenever the page's height changes
//   {type: "tiktok-export:ready", file, receipt, summary, findings}
//                                                     after "Send to the survey" on a redacted file
//   {type: "tiktok-export:findings", findings, summary: null}
//                                                     after "Send to the survey" on an unusable file
//   {type: "tiktok-export:cancel"}                    after "Cancel and return to the survey"
//
// summary/findings/receipt are the core's own dicts (the CLI's --json shape), untouched.

export const PREFIX = "tiktok-export:";

export class Embed {
  #origin;
  #lastHeight = 0;
  #observer = null;

  constructor({ embed, origin }) {
    this.requested = Boolean(embed);
    this.#origin = origin;
    // Only inside a frame and with a valid origin: a top-level page never posts anything.
    this.active = this.requested && Boolean(origin) && window.parent !== window;
  }

  get origin() {
    return this.#origin;
  }

  /** Post one message to the survey; false (and nothing sent) when not embedded. */
  post(type, fields = {}) {
    if (!this.active) return false;
    window.parent.postMessage({ type: PREFIX + type, ...fields }, this.#origin);
    return true;
  }

  /** The page's content height: not scrollHeight, which never drops below the iframe's own
   *  height and so would never let the iframe shrink again. */
  static contentHeight() {
    return Math.ceil(document.documentElement.getBoundingClientRect().height);
  }

  /** Stop posting (the page's options changed and a new Embed takes over). */
  stop() {
    this.#observer?.disconnect();
    this.#observer = null;
    this.active = false;
  }

  /** Post the height now and whenever the layout's height changes. */
  watchHeight() {
    if (!this.active || this.#observer) return;
    const report = () => {
      const height = Embed.contentHeight();
      if (height > 0 && height !== this.#lastHeight) {
        this.#lastHeight = height;
        this.post("height", { height });
      }
    };
    this.#observer = new ResizeObserver(report);
    this.#observer.observe(document.documentElement);
    report();
  }
}
