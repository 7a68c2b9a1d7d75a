// A panel: a titled section beside the terminal that refreshes itself from the worker while
// it is shown, and can be hidden (then it asks the worker for nothing).
import type { App } from "../app.js";
import { button, h, setChildren } from "../dom.js";

export abstract class Panel {
  readonly section: HTMLElement;
  protected readonly body: HTMLElement;
  protected readonly tools: HTMLElement;
  private readonly error: HTMLElement;
  private busy = false;
  private last = -Infinity;
  private dirty = true;
  hidden = false;
  /** Called when the panel is hidden or shown from its own close button. */
  onVisibility: ((shown: boolean) => void) | null = null;

  constructor(readonly key: string, readonly title: string, protected readonly app: App, private readonly periodMs: number) {
    this.tools = h("div", { class: "tools" });
    this.error = h("div", { class: "panel-error" });
    this.body = h("div", { class: "panel-body" });
    const close = button("×", () => this.setHidden(true, true), `hide ${title}`);
    close.className = "close";
    this.section = h("section", { class: `panel panel-${key}`, "data-panel": key },
      h("header", null, h("h2", null, title), this.tools, close), this.error, this.body);
  }

  /** Fetch and show the panel's data. */
  protected abstract update(): Promise<void>;

  /** Called when the panel is shown or hidden, and once when it is first placed. */
  protected visibilityChanged(_shown: boolean): void {}

  /** The page has placed the panel (shown or hidden as the user left it). */
  placed(): void {
    this.visibilityChanged(!this.hidden);
  }

  /** A new machine replaced the old one (the shell exited and another booted): forget what
   *  belonged to the old one. */
  machineReplaced(): void {
    this.visibilityChanged(!this.hidden);
    this.invalidate();
  }

  /** Refresh now rather than at the next period (the selection changed, a button was pressed). */
  invalidate(): void {
    this.dirty = true;
  }

  setHidden(hidden: boolean, fromPanel = false): void {
    if (this.hidden === hidden) return;
    this.hidden = hidden;
    this.section.hidden = hidden;
    this.visibilityChanged(!hidden);
    if (!hidden) this.invalidate();
    if (fromPanel) this.onVisibility?.(!hidden);
  }

  /** The page's ticker: refresh when shown, due and not already refreshing. */
  tick(now: number): void {
    if (this.hidden || this.busy || (!this.dirty && now - this.last < this.periodMs)) return;
    this.busy = true;
    this.dirty = false;
    this.last = now;
    this.update().then(
      () => setChildren(this.error),
      (e: unknown) => setChildren(this.error, `could not refresh: ${e instanceof Error ? e.message : String(e)}`),
    ).finally(() => {
      this.busy = false;
    });
  }
}
