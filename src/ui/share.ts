// The Share button: a link that replays this machine's run so far, in the URL's fragment (which
// browsers never send to a server). Copied to the clipboard when the browser allows it, and
// always shown with its length: links over LINK_CHAT_LIMIT characters are cut or refused by many
// chat apps, so the dialog says so.
import type { Remote } from "comlink";
import type { PlaygroundApi } from "../worker/api.js";
import { button, h, setChildren } from "./dom.js";

/** Longer links are too long for many chat apps (src/worker/link.ts has the same figure). */
export const LINK_CHAT_LIMIT = 2000;

/** The page's address with `fragment` as its hash. */
export function linkUrl(fragment: string): string {
  return `${location.origin}${location.pathname}${location.search}#${fragment}`;
}

export class ShareDialog {
  readonly el: HTMLElement;
  private readonly body: HTMLElement;
  /** The last link made (for the end-to-end tests and for copying by hand). */
  lastUrl: string | null = null;

  constructor(private readonly api: Remote<PlaygroundApi>, private readonly notify: (text: string, kind?: "info" | "error") => void) {
    this.body = h("div", { class: "share-body" });
    this.el = h("div", { id: "share", class: "dialog", role: "dialog", "aria-label": "share link", hidden: "" },
      this.body, h("div", { class: "dialog-buttons" }, button("Close", () => this.close())));
  }

  close(): void {
    this.el.hidden = true;
  }

  async share(): Promise<void> {
    const r = await this.api.share();
    if (!r.ok) {
      this.lastUrl = null;
      setChildren(this.body, h("p", { class: "share-error" }, r.error));
      this.el.hidden = false;
      return;
    }
    const url = linkUrl(r.fragment);
    this.lastUrl = url;
    const field = h("input", { id: "share-url", type: "text", readonly: "", value: url, spellcheck: "false" });
    let copied = false;
    try {
      await navigator.clipboard.writeText(url);
      copied = true;
    } catch {
      // Clipboard access needs a secure context and focus; the field is there to copy by hand.
    }
    const long = url.length > LINK_CHAT_LIMIT;
    setChildren(this.body,
      h("p", null, copied ? "Link copied to the clipboard. " : "Copy this link: ", "Whoever opens it sees this run replayed, then can go on typing."),
      field,
      h("p", { id: "share-length", class: long ? "share-warn" : "note" },
        `${url.length.toLocaleString("en")} characters, ${r.events.toLocaleString("en")} events, ${Number(r.instret).toLocaleString("en")} instructions.`,
        long ? ` Longer than ${LINK_CHAT_LIMIT.toLocaleString("en")} characters: many chat apps cut or refuse links this long (mail and browsers take it).` : ""));
    this.el.hidden = false;
    field.focus();
    field.select();
    this.notify(copied ? `share link copied (${url.length} characters)` : `share link ready (${url.length} characters)`);
  }
}
