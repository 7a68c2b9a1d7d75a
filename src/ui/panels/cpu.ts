// CPU: the selected process's main thread — integer and FP registers, pc, and the code around
// pc disassembled — with the debugger's controls: pause the machine, single-step the thread,
// continue, and breakpoints (click a line, or type an address).
import type { App } from "../app.js";
import type { CpuView, RunState } from "../../worker/api.js";
import { button, h, setChildren } from "../dom.js";
import { Panel } from "./panel.js";
import { X_NAMES, F_NAMES, disassembleAround, formatInsn } from "../view/disasm.js";
import { fpValue, hex, parseAddress } from "../view/format.js";

export class CpuPanel extends Panel {
  private readonly regs: HTMLElement;
  private readonly fregs: HTMLElement;
  private readonly code: HTMLElement;
  private readonly status: HTMLElement;
  private readonly bpInput: HTMLInputElement;
  private readonly bpList: HTMLElement;
  private readonly showFp: HTMLInputElement;
  private readonly pauseButton: HTMLButtonElement;
  private readonly stepButton: HTMLButtonElement;
  private breakpoints: bigint[] = [];
  private bpPid: number | null = null;
  private view: CpuView | null = null;

  constructor(app: App) {
    super("cpu", "CPU", app, 500);
    this.pauseButton = button("Pause", () => void this.togglePause(), "pause or continue the whole machine");
    this.stepButton = button("Step", () => void this.step(), "run one instruction of the selected thread");
    this.tools.append(this.pauseButton, this.stepButton);
    this.status = h("div", { class: "note" });
    this.regs = h("div", { class: "regs" });
    this.fregs = h("div", { class: "regs fp" });
    this.showFp = h("input", { type: "checkbox" });
    this.showFp.addEventListener("change", () => this.render());
    this.code = h("div", { class: "code", title: "click a line to set or clear a breakpoint" });
    this.code.addEventListener("click", (e) => {
      const line = (e.target as Element).closest("[data-pc]");
      if (line) void this.toggleBreakpoint(BigInt(line.getAttribute("data-pc")!));
    });
    this.bpInput = h("input", { type: "text", placeholder: "breakpoint address", size: "18" });
    this.bpInput.addEventListener("keydown", (e) => {
      if (e.key === "Enter") this.addTyped();
    });
    this.bpList = h("span", { class: "bps" });
    this.body.append(this.status, this.regs, h("label", { class: "fp-toggle" }, this.showFp, " FP registers"), this.fregs,
      this.code, h("div", { class: "breakpoints" }, this.bpInput, button("Add", () => this.addTyped()), this.bpList));
    app.onSelect(() => this.invalidate());
    app.onRunState((s) => {
      this.showState(s);
      this.invalidate();
    });
    this.showState(app.runState);
  }

  override machineReplaced(): void {
    this.breakpoints = [];
    this.bpPid = null;
    super.machineReplaced();
  }

  protected async update(): Promise<void> {
    const pid = this.app.selectedPid;
    this.view = pid === null ? null : await this.app.api.cpu(pid);
    this.render();
  }

  private showState(s: RunState): void {
    this.pauseButton.textContent = s.kind === "paused" ? "Continue" : "Pause";
    this.stepButton.disabled = s.kind !== "paused";
    const text = s.kind === "running" ? "running" : s.kind === "exited" ? `exited (status ${s.status})`
      : `paused${s.reason === "breakpoint" ? ` at breakpoint ${hex(s.pc ?? 0n)} (pid ${s.pid})` : s.reason === "step" ? " after a step" : ""}`;
    this.status.dataset.state = s.kind;
    this.status.dataset.text = text;
    this.renderStatus();
  }

  private renderStatus(): void {
    const v = this.view;
    const who = v ? `pid ${v.pid} thread ${v.tid}: ${v.threadState}${v.waitingOn ? ` (${v.waitingOn})` : ""}, ${v.instret} instructions` : "no thread";
    setChildren(this.status, `machine ${this.status.dataset.text ?? ""} · ${who}`);
  }

  private render(): void {
    this.renderStatus();
    const v = this.view;
    if (!v) {
      setChildren(this.regs);
      setChildren(this.fregs);
      setChildren(this.code);
      return;
    }
    const cell = (name: string, value: string, title?: string) => h("div", { class: "reg", title }, h("span", { class: "rn" }, name), h("span", { class: "rv" }, value));
    setChildren(this.regs, cell("pc", hex(v.pc, 16)), ...v.x.slice(1).map((val, i) => cell(X_NAMES[i + 1], hex(val, 16), `x${i + 1} = ${BigInt.asIntN(64, val)}`)),
      cell("fcsr", hex(v.fcsr, 2), `frm=${v.fcsr >> 5} fflags=${(v.fcsr & 31).toString(2).padStart(5, "0")} (NV DZ OF UF NX)`));
    this.fregs.hidden = !this.showFp.checked;
    setChildren(this.fregs, ...(this.showFp.checked ? v.f.map((val, i) => cell(F_NAMES[i], hex(val, 16), `f${i} = ${fpValue(val)}`)) : []));
    // Decoding may start mid-instruction before pc: drop what does not decode up front.
    const all = disassembleAround(v.code, v.codeBase, v.pc);
    const first = all.findIndex((i) => !i.invalid || i.pc >= v.pc);
    const insns = first > 0 ? all.slice(first) : all;
    const bps = new Set(v.pid === this.bpPid ? this.breakpoints.map(String) : []);
    const lines = insns.map((i) => {
      const at = i.pc === v.pc;
      const bp = bps.has(String(i.pc));
      const rawHex = i.length === 4 ? (i.raw >>> 0).toString(16).padStart(8, "0") : i.raw.toString(16).padStart(4, "0");
      return h("div", { class: ["line", at ? "at" : "", bp ? "bp" : ""].join(" ").trim(), "data-pc": String(i.pc) },
        h("span", { class: "mark" }, bp ? "●" : at ? "▶" : " "), h("span", { class: "addr" }, hex(i.pc, 8)),
        h("span", { class: "raw" }, rawHex), h("span", { class: "insn" }, formatInsn(i)));
    });
    if (!insns.length) lines.push(h("div", { class: "line" }, "(no code mapped at pc)"));
    setChildren(this.code, ...lines);
    // Keep pc in view without scrolling the page.
    const at = this.code.querySelector<HTMLElement>(".line.at");
    if (at) this.code.scrollTop = at.offsetTop - this.code.clientHeight / 3;
    setChildren(this.bpList, this.breakpoints.length ? `pid ${this.bpPid}:` : "", ...this.breakpoints.map((a) => h("span", { class: "bp-chip" }, hex(a),
      button("×", () => void this.toggleBreakpoint(a, false, this.bpPid), "remove"))));
  }

  private async togglePause(): Promise<void> {
    const s = this.app.runState.kind === "paused" ? await this.app.api.resume() : await this.app.api.pause();
    this.showState(s);
    this.invalidate();
  }

  private async step(): Promise<void> {
    const pid = this.app.selectedPid;
    if (pid === null) return;
    const r = await this.app.api.step(pid);
    if (!r.ok) this.app.notify(r.error ?? "cannot step", "error");
    this.invalidate();
  }

  private addTyped(): void {
    const a = parseAddress(this.bpInput.value);
    this.bpInput.classList.toggle("bad", a === null);
    if (a === null) return;
    this.bpInput.value = "";
    void this.toggleBreakpoint(a, true);
  }

  /** Set or clear a breakpoint in `pid` (the selected process by default). Breakpoints belong
   *  to one process: setting one in another process clears the others. */
  private async toggleBreakpoint(a: bigint, add = false, forPid: number | null = null): Promise<void> {
    const pid = forPid ?? this.app.selectedPid;
    if (pid === null) return;
    if (this.bpPid !== pid) this.breakpoints = [];
    this.bpPid = pid;
    const has = this.breakpoints.includes(a);
    if (has && !add) this.breakpoints = this.breakpoints.filter((b) => b !== a);
    else if (!has) this.breakpoints.push(a);
    await this.app.api.setBreakpoints(pid, this.breakpoints);
    if (this.breakpoints.length) this.app.notify(`breakpoints on pid ${pid}: it runs one instruction at a time, alone, until one is hit`);
    this.render();
  }
}
