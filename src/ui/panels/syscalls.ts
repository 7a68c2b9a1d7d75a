// System calls: a live strace-style stream with filters by pid and name, pause/resume, and a
// count per call. Bounded: the page keeps the newest MAX_KEPT lines.
import type { App } from "../app.js";
import type { SyscallEvent } from "../../worker/api.js";
import { button, h, setChildren } from "../dom.js";
import { Panel } from "./panel.js";
import { syscallFilter, syscallLine } from "../view/syscalls.js";

const MAX_KEPT = 2000;
const MAX_SHOWN = 400;
const BATCH = 1000;

export class SyscallsPanel extends Panel {
  private events: SyscallEvent[] = [];
  private lastSeq = 0;
  private dropped = 0;
  private paused = false;
  private readonly log: HTMLElement;
  private readonly counts: HTMLTableSectionElement;
  private readonly pidInput: HTMLInputElement;
  private readonly nameInput: HTMLInputElement;
  private readonly pauseButton: HTMLButtonElement;
  private readonly note: HTMLElement;
  private filter: (e: SyscallEvent) => boolean = () => true;

  constructor(app: App) {
    super("syscalls", "System calls", app, 250);
    this.pidInput = h("input", { type: "text", placeholder: "pid", size: "5", title: "pids, comma-separated" });
    this.nameInput = h("input", { type: "text", placeholder: "read,open*,!ioctl", size: "16", title: "names: exact, prefix*, or !excluded" });
    for (const i of [this.pidInput, this.nameInput]) i.addEventListener("input", () => this.refilter());
    this.pauseButton = button("Pause", () => this.togglePause(), "stop adding lines (counting goes on)");
    this.tools.append(this.pidInput, this.nameInput, this.pauseButton, button("Clear", () => this.clear()));
    this.note = h("div", { class: "note" });
    this.log = h("div", { class: "log", role: "log" });
    this.counts = h("tbody");
    this.body.append(this.note, this.log, h("details", { class: "counts" },
      h("summary", null, "Calls by name"),
      h("table", { class: "grid" }, h("thead", null, h("tr", null, h("th", null, "call"), h("th", null, "count"), h("th", null, "errors"))), this.counts)));
  }

  protected override visibilityChanged(shown: boolean): void {
    void this.app.api.setTracing(shown);
  }

  override machineReplaced(): void {
    this.lastSeq = 0;
    this.clear();
    super.machineReplaced();
  }

  protected async update(): Promise<void> {
    const [batch, table] = await Promise.all([
      this.paused ? null : this.app.api.syscalls(this.lastSeq, BATCH),
      this.app.api.syscallCounts(),
    ]);
    if (batch) {
      this.lastSeq = batch.last;
      this.dropped += batch.dropped;
      if (batch.events.length) {
        this.events.push(...batch.events);
        if (this.events.length > MAX_KEPT) this.events.splice(0, this.events.length - MAX_KEPT);
        this.render();
      }
    }
    setChildren(this.counts, ...table.slice(0, 40).map((c) => h("tr", null,
      h("td", null, c.name), h("td", { class: "num" }, String(c.calls)), h("td", { class: "num" }, String(c.errors)))));
  }

  private refilter(): void {
    const f = syscallFilter(this.pidInput.value, this.nameInput.value);
    this.pidInput.classList.toggle("bad", f === null && this.pidInput.value.trim() !== "");
    this.nameInput.classList.toggle("bad", f === null);
    if (f) this.filter = f;
    this.render();
  }

  private togglePause(): void {
    this.paused = !this.paused;
    this.pauseButton.textContent = this.paused ? "Resume" : "Pause";
    if (!this.paused) {
      // Skip what happened while paused: the stream goes on from now.
      void this.app.api.syscalls(Number.MAX_SAFE_INTEGER - 1, 0).then((b) => {
        this.lastSeq = b.last;
      });
    }
    this.render();
  }

  private clear(): void {
    this.events = [];
    this.dropped = 0;
    this.render();
  }

  private render(): void {
    const atBottom = this.log.scrollTop + this.log.clientHeight >= this.log.scrollHeight - 4;
    const shown = this.events.filter(this.filter).slice(-MAX_SHOWN);
    setChildren(this.log, ...shown.map((e) => h("div", { class: e.failed ? "failed" : undefined }, syscallLine(e))));
    const notes = [];
    if (this.paused) notes.push("paused");
    if (this.dropped) notes.push(`${this.dropped} calls went by faster than the panel reads`);
    setChildren(this.note, notes.join(" · "));
    if (atBottom) this.log.scrollTop = this.log.scrollHeight;
  }
}
