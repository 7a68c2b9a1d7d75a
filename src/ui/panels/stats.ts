// Stats: speed (MIPS), instructions, system calls, page faults, frames and context switches,
// with a chart of the last minute.
import type { App } from "../app.js";
import type { StatsSample } from "../../worker/api.js";
import { h, setChildren } from "../dom.js";
import { Panel } from "./panel.js";
import { Series, niceMax, polyline } from "../view/chart.js";
import { bytes, count } from "../view/format.js";

const PERIOD_MS = 500;
const SAMPLES = 120;

export class StatsPanel extends Panel {
  private prev: StatsSample | null = null;
  private readonly mips = new Series(SAMPLES);
  private readonly sps = new Series(SAMPLES);
  private readonly figures: HTMLElement;
  private readonly canvas: HTMLCanvasElement;

  constructor(app: App) {
    super("stats", "Stats", app, PERIOD_MS);
    this.figures = h("div", { class: "figures" });
    this.canvas = h("canvas", { class: "chart", width: "480", height: "90" });
    this.body.append(this.figures, this.canvas, h("div", { class: "legend" },
      h("span", { class: "k-mips" }, "— MIPS"), " ", h("span", { class: "k-sps" }, "— system calls/s")));
  }

  override machineReplaced(): void {
    this.prev = null;
    super.machineReplaced();
  }

  protected async update(): Promise<void> {
    const s = await this.app.api.stats();
    const p = this.prev;
    this.prev = s;
    if (!p) return;
    const dt = (s.hostMs - p.hostMs) / 1000;
    if (dt <= 0) return;
    const mips = (s.instret - p.instret) / dt / 1e6;
    const sps = (s.syscalls - p.syscalls) / dt;
    this.mips.push(mips);
    this.sps.push(sps);
    const busy = Math.min(100, ((s.busyMs - p.busyMs) / (dt * 1000)) * 100);
    const fig = (label: string, value: string, title?: string) => h("div", { class: "fig", title }, h("span", { class: "v" }, value), h("span", { class: "l" }, label));
    setChildren(this.figures,
      fig("MIPS", mips.toFixed(mips < 10 ? 1 : 0), "million guest instructions per second of host time"),
      fig("instructions", count(s.instret), String(s.instret)),
      fig("syscalls/s", count(sps), `${s.syscalls} in all`),
      fig("page faults", count(s.pageFaults), `${((s.pageFaults - p.pageFaults) / dt).toFixed(0)}/s now`),
      fig("frames used", `${count(s.framesUsed)} / ${count(s.framesTotal)}`, `${bytes(s.framesUsed * 4096)} of ${bytes(s.framesTotal * 4096)}; ${s.framesTotal - s.framesUsed} free`),
      fig("switches/s", count((s.switches - p.switches) / dt), `${s.switches} scheduler switches in all`),
      fig("processes", String(s.processes)),
      fig("code pages", count(s.decodedPages), `guest code pages decoded into the instruction cache${s.decodeEvictions ? `; ${s.decodeEvictions} took another page's slot` : ""}`),
      fig("JIT pages", String(s.jitCompiles), `guest pages compiled to WebAssembly (recompilations counted)${s.jitFailures ? `; ${s.jitFailures} failed` : ""}`),
      fig("host busy", `${busy.toFixed(0)}%`, "share of host time spent running the guest"));
    this.draw();
  }

  private draw(): void {
    const c = this.canvas;
    const width = c.clientWidth || c.width;
    if (c.width !== width) c.width = width;
    const ctx = c.getContext("2d");
    if (!ctx) return;
    ctx.clearRect(0, 0, c.width, c.height);
    ctx.strokeStyle = "#2a2f3a";
    ctx.beginPath();
    for (let i = 1; i < 4; i++) {
      ctx.moveTo(0, (c.height * i) / 4);
      ctx.lineTo(c.width, (c.height * i) / 4);
    }
    ctx.stroke();
    const line = (s: Series, color: string, label: string, y: number) => {
      const max = niceMax(Math.max(...s.values, 0));
      ctx.strokeStyle = color;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      polyline(s.values, SAMPLES, c.width, c.height - 2, max).forEach(([px, py], i) => (i ? ctx.lineTo(px, py + 1) : ctx.moveTo(px, py + 1)));
      ctx.stroke();
      ctx.fillStyle = color;
      ctx.font = "11px sans-serif";
      ctx.fillText(`${label} max ${count(max)}`, 4, y);
    };
    line(this.mips, "#7cc4ff", "MIPS", 12);
    line(this.sps, "#ffb86c", "syscalls/s", 26);
  }
}
