// Opening a share link: what it will replay (command, files, length, whether it was recorded on
// this build and root file system), the replay itself with a way to skip to its end, and how it
// ended. A link that cannot be replayed says why, and offers a fresh shell instead; one from
// another build or root file system can still be replayed anyway (divergence is then reported).
import type { LinkReport, LinkSummary, ReplayResult } from "../worker/api.js";
import { button, h, setChildren } from "./dom.js";

/** The link in this page's address, if any: the fragment without `#`. */
export function linkInUrl(): string | null {
  const f = location.hash.slice(1);
  return /^v\d+\./.test(f) ? f : null;
}

/** Drop the link from the address (a reload then starts a fresh shell). */
export function forgetLink(): void {
  history.replaceState(null, "", `${location.pathname}${location.search}`);
}

const n = (v: number | string) => Number(v).toLocaleString("en");

function describeSummary(s: LinkSummary): Array<Node | string> {
  const files = s.files.length ? `; files: ${s.files.map((f) => `${f.path} (${n(f.size)} B)`).join(", ")}` : "";
  return [
    h("span", { class: "replay-cmd" }, [...s.argv].join(" ")),
    ` in ${s.cwd}: ${n(s.events)} events (${n(s.inputBytes)} bytes typed${s.resizes ? `, ${s.resizes} window sizes` : ""}${files}), `,
    `${n(s.instret)} instructions, ${(s.idleMs / 1000).toFixed(1)} s of recorded pauses`,
    s.exitStatus === null ? "; it was still running when shared, so you can take over at its end." : `; it ended with status ${s.exitStatus}.`,
  ];
}

/** The banner above the terminal while a link replays, and after. */
export class ReplayBanner {
  readonly el: HTMLElement;
  private readonly text: HTMLElement;
  private readonly skip: HTMLButtonElement;
  /** Whether the replay still runs (typing is not taken meanwhile). */
  running = false;

  constructor(onSkip: () => void) {
    this.text = h("div", { class: "replay-text" });
    this.skip = button("Skip to end", () => {
      this.skip.disabled = true;
      onSkip();
    }, "replay the rest at full speed");
    this.el = h("div", { id: "replay", class: "banner", role: "status", hidden: "" }, this.text, this.skip);
  }

  /** `forced`: what differs when the user chose to replay a foreign link anyway. */
  started(s: LinkSummary, forced: string | null = null): void {
    this.running = true;
    this.el.hidden = false;
    this.el.dataset.state = "replaying";
    setChildren(this.text, h("strong", null, "Replaying a shared run: "), ...describeSummary(s),
      forced ? h("span", { class: "replay-forced" }, ` Recorded on ${forced}; replayed anyway.`) : " Same build and root file system as this page.");
  }

  ended(r: ReplayResult): void {
    this.running = false;
    this.skip.hidden = true;
    this.el.dataset.state = r.ok ? "done" : "diverged";
    setChildren(this.text, r.ok
      ? h("span", null, h("strong", null, "Replay complete"), ` (${r.message}). The machine is yours now: keep typing; Share includes the replayed part.`)
      : h("span", null, h("strong", null, "The replay diverged: "), r.message, ". The machine goes on from there, but what follows is not the shared run."));
  }
}

/**
 * A link this page cannot replay as it is: why, and the choices. Resolves to "force" (replay
 * anyway) or "fresh" (a new shell instead).
 */
export function askAboutLink(wrap: HTMLElement, report: LinkReport): Promise<"force" | "fresh"> {
  return new Promise((resolve) => {
    const done = (choice: "force" | "fresh") => {
      box.remove();
      resolve(choice);
    };
    const fresh = button("Start a fresh shell", () => done("fresh"));
    const box = report.ok
      ? h("div", { id: "link-problem", class: "dialog link-problem", role: "alertdialog" },
        h("strong", null, "This link was recorded elsewhere."),
        h("p", null, `${report.mismatch}. A replay here may not reproduce the run; if it does not, the page says where it diverged.`),
        h("p", { class: "note" }, ...describeSummary(report.summary)),
        h("div", { class: "dialog-buttons" }, button("Replay anyway", () => done("force")), fresh))
      : h("div", { id: "link-problem", class: "dialog link-problem", role: "alertdialog" },
        h("strong", null, "This link cannot be replayed."),
        // The reason, without repeating the heading ("this link cannot be replayed: ...").
        h("p", null, report.error.replace(/^this link cannot be replayed:\s*/i, "").replace(/^./, (c) => c.toUpperCase())),
        h("div", { class: "dialog-buttons" }, fresh));
    wrap.append(box);
  });
}
