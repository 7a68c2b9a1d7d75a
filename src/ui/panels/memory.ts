// Memory: the selected process's mappings (as /proc/PID/maps, with resident, shared,
// copy-on-write and dirty page counts) and a page-table walker showing the Sv39 walk of an
// address level by level.
import type { App } from "../app.js";
import type { PageWalk } from "../../worker/api.js";
import { button, h, setChildren } from "../dom.js";
import { Panel } from "./panel.js";
import { addr, hex, parseAddress } from "../view/format.js";
import { splitVa, walkRows, walkSummary } from "../view/walkview.js";

export class MemoryPanel extends Panel {
  private readonly maps: HTMLTableSectionElement;
  private readonly vaInput: HTMLInputElement;
  private readonly walkOut: HTMLElement;
  private readonly heading: HTMLElement;
  private va: bigint | null = null;

  constructor(app: App) {
    super("memory", "Memory", app, 1000);
    this.heading = h("div", { class: "note" });
    this.maps = h("tbody");
    this.vaInput = h("input", { type: "text", placeholder: "virtual address (hex)", size: "20", class: "va" });
    this.vaInput.addEventListener("keydown", (e) => {
      if (e.key === "Enter") this.walkTyped();
    });
    this.walkOut = h("div", { class: "walk" });
    this.body.append(
      this.heading,
      h("table", { class: "grid maps" },
        h("thead", null, h("tr", null, ...["address", "perms", "offset", "resident", "shared", "cow", "dirty", "name"].map((t) => h("th", null, t)))),
        this.maps),
      h("div", { class: "walker" }, h("strong", null, "Page-table walk "), this.vaInput,
        button("Walk", () => this.walkTyped()), button("sp", () => void this.walkRegister(2), "walk the stack pointer"),
        button("pc", () => void this.walkRegister(-1), "walk the program counter")),
      this.walkOut);
    app.onSelect(() => this.invalidate());
  }

  protected async update(): Promise<void> {
    const pid = this.app.selectedPid;
    if (pid === null) return;
    const [maps, walk] = await Promise.all([this.app.api.maps(pid), this.va === null ? null : this.app.api.walk(pid, this.va)]);
    setChildren(this.heading, maps ? `pid ${pid}: ${maps.length} areas` : `pid ${pid} has no memory (it has exited)`);
    setChildren(this.maps, ...(maps ?? []).map((m) => h("tr", null,
      h("td", { class: "mono" }, `${addr(m.start)}-${addr(m.end)}`), h("td", { class: "mono" }, m.perms),
      h("td", { class: "mono" }, addr(m.offset)), h("td", { class: "num" }, String(m.resident)),
      h("td", { class: "num" }, String(m.shared)), h("td", { class: "num" }, String(m.cow)),
      h("td", { class: "num" }, String(m.dirty)), h("td", null, m.name))));
    if (walk) this.showWalk(walk);
  }

  private walkTyped(): void {
    const v = parseAddress(this.vaInput.value);
    this.vaInput.classList.toggle("bad", v === null);
    if (v === null) return this.app.notify("addresses are hex (0x optional), or decimal after #", "error");
    this.va = v;
    this.invalidate();
  }

  /** Walk a register of the selected process's main thread (-1: pc). */
  private async walkRegister(reg: number): Promise<void> {
    const pid = this.app.selectedPid;
    if (pid === null) return;
    const cpu = await this.app.api.cpu(pid);
    if (!cpu) return this.app.notify(`pid ${pid} has no running thread`, "error");
    this.va = reg < 0 ? cpu.pc : cpu.x[reg];
    this.vaInput.value = hex(this.va);
    this.vaInput.classList.remove("bad");
    this.invalidate();
  }

  private showWalk(w: PageWalk): void {
    const { vpn, offset } = splitVa(w.va);
    const rows = walkRows(w).map((r) => h("tr", { class: `walk-${r.kind}` },
      h("td", null, r.level), h("td", { class: "mono" }, r.index), h("td", { class: "mono" }, r.pteAddr),
      h("td", { class: "mono", title: `PPN ${r.ppn}` }, r.pte),
      h("td", { class: "flags" }, ...r.flags.map((f) => h("span", { class: f.set ? "on" : "off", title: f.set ? `${f.name} set` : `${f.name} clear` }, f.name))),
      h("td", null, r.meaning)));
    setChildren(this.walkOut,
      h("div", { class: "mono split" }, `satp root ${hex(w.rootPfn * 4096)} · VPN[2]=${vpn[0]} VPN[1]=${vpn[1]} VPN[0]=${vpn[2]} offset=${hex(offset, 3)}`),
      h("table", { class: "grid" },
        h("thead", null, h("tr", null, ...["level", "index", "PTE at", "PTE", "flags", ""].map((t) => h("th", null, t)))),
        h("tbody", null, ...rows)),
      h("div", { class: w.fault ? "summary fault" : "summary ok" }, walkSummary(w)));
  }
}
