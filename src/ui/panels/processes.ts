// Processes: the process tree with states, instructions and resident pages; click one to
// select it for the memory and CPU panels; send it a signal.
import type { App } from "../app.js";
import type { ProcessInfo } from "../../worker/api.js";
import { button, h, setChildren } from "../dom.js";
import { Panel } from "./panel.js";
import { SIGNALS, commandLine, describeState, processTree } from "../view/proctree.js";
import { count } from "../view/format.js";

export class ProcessesPanel extends Panel {
  private readonly table: HTMLTableSectionElement;
  private readonly signalSelect: HTMLSelectElement;
  private list: ProcessInfo[] = [];

  constructor(app: App) {
    super("processes", "Processes", app, 500);
    this.signalSelect = h("select", { title: "signal to send" }, ...SIGNALS.map(([n, name]) => h("option", { value: String(n) }, `${name} (${n})`)));
    this.tools.append(this.signalSelect, button("Send", () => void this.send(), "send the signal to the selected process"));
    this.table = h("tbody");
    this.body.append(h("table", { class: "grid" },
      h("thead", null, h("tr", null, ...["PID", "PPID", "PGID", "State", "Instructions", "RSS", "Command"].map((t) => h("th", null, t)))),
      this.table));
    this.table.addEventListener("click", (e) => {
      const row = (e.target as Element).closest("tr[data-pid]");
      if (row) this.app.select(Number(row.getAttribute("data-pid")));
    });
    app.onSelect(() => this.render());
  }

  protected async update(): Promise<void> {
    this.list = await this.app.api.processes();
    if (this.app.selectedPid === null || !this.list.some((p) => p.pid === this.app.selectedPid)) {
      const first = this.list.find((p) => p.state !== "Z");
      if (first) this.app.select(first.pid);
    }
    this.render();
  }

  private render(): void {
    const rows = processTree(this.list).map(({ p, depth }) => {
      const cls = [p.pid === this.app.selectedPid ? "selected" : "", p.state === "Z" ? "zombie" : "", p.foreground ? "fg" : ""].join(" ").trim();
      const cmd = h("td", { class: "cmd", title: commandLine(p) }, "\u00a0\u00a0".repeat(depth) + (depth ? "└ " : ""), commandLine(p));
      return h("tr", { "data-pid": String(p.pid), class: cls || undefined },
        h("td", { class: "num" }, String(p.pid)), h("td", { class: "num" }, String(p.ppid)), h("td", { class: "num" }, String(p.pgid)),
        h("td", { class: `state state-${p.state}` }, describeState(p) + (p.foreground ? " +" : "")),
        h("td", { class: "num", title: String(p.instret) }, count(p.instret)),
        h("td", { class: "num", title: `${p.residentPages} pages of 4 KiB` }, String(p.residentPages)),
        cmd);
    });
    setChildren(this.table, ...rows);
  }

  private async send(): Promise<void> {
    const pid = this.app.selectedPid;
    if (pid === null) return this.app.notify("select a process first", "error");
    const sig = Number(this.signalSelect.value);
    const r = await this.app.api.signal(pid, sig);
    const name = SIGNALS.find(([n]) => n === sig)?.[1] ?? String(sig);
    this.app.notify(r.ok ? `sent ${name} to ${pid}` : r.error ?? "failed", r.ok ? "info" : "error");
    this.invalidate();
  }
}
