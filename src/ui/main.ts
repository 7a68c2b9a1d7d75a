// The playground page: a terminal on the guest's tty, the panels around it, and the worker
// that runs the machine. The worker's assets are fetched while the worker starts.
import coreUrl from "../../build/core.wasm?url";
import rootfsUrl from "../../build/rootfs.img?url";
import type { BootOptions, RunState } from "../worker/api.js";
import { PlaygroundClient } from "./client.js";
import { createTerminal, type TerminalView } from "./terminal.js";
import { AppState } from "./app.js";
import { button, h, setChildren } from "./dom.js";
import type { Panel } from "./panels/panel.js";
import { ProcessesPanel } from "./panels/processes.js";
import { SyscallsPanel } from "./panels/syscalls.js";
import { MemoryPanel } from "./panels/memory.js";
import { CpuPanel } from "./panels/cpu.js";
import { StatsPanel } from "./panels/stats.js";
import { FilesPanel } from "./panels/files.js";
import "./style.css";

/** The machine must have booted this soon, or the page says it did not. */
const BOOT_TIMEOUT_MS = 20_000;

const started = performance.now();
const statusEl = document.getElementById("status")!;
const toastEl = document.getElementById("toast")!;
const termEl = document.getElementById("terminal")!;
const panelsEl = document.getElementById("panels")!;
const togglesEl = document.getElementById("toggles")!;

function fetchBytes(url: string, what: string): Promise<ArrayBuffer> {
  return fetch(url).then((r) => {
    if (!r.ok) throw new Error(`could not fetch the ${what} (${url}): HTTP ${r.status}`);
    return r.arrayBuffer();
  });
}

/** The page says why the machine is not there, instead of an empty terminal. */
function fatal(message: string): void {
  document.body.classList.add("failed");
  setChildren(statusEl, "not running");
  termEl.parentElement!.append(h("div", { class: "fatal", role: "alert" },
    h("strong", null, "The machine could not start."), h("p", null, message),
    h("p", null, "Reload to try again; if it keeps failing, the browser console has details.")));
}

let toastTimer: ReturnType<typeof setTimeout> | null = null;
function notify(text: string, kind: "info" | "error" = "info"): void {
  toastEl.textContent = text;
  toastEl.className = `show ${kind}`;
  if (toastTimer) clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (toastEl.className = ""), kind === "error" ? 6000 : 3000);
}

function describe(s: RunState): string {
  if (s.kind === "running") return "running";
  if (s.kind === "exited") return `exited (${s.status})`;
  return s.reason === "breakpoint" ? "paused at a breakpoint" : "paused";
}

async function main(): Promise<void> {
  const assets = Promise.all([fetchBytes(coreUrl, "machine core (core.wasm)"), fetchBytes(rootfsUrl, "root file system image (rootfs.img)")]);
  assets.catch(() => undefined);
  let worker: Worker;
  try {
    worker = new Worker(new URL("../worker/worker.ts", import.meta.url), { type: "module", name: "aster-machine" });
  } catch (e) {
    return fatal(`this browser cannot start a module worker: ${e instanceof Error ? e.message : String(e)}`);
  }
  let booted = false;
  worker.addEventListener("error", (e) => {
    if (!booted) fatal(`the machine's worker failed to load${e.message ? `: ${e.message}` : ""}`);
    else notify(`worker error: ${e.message}`, "error");
  });

  let exited = false;
  let term: TerminalView | null = null;
  const enc = new TextEncoder();
  let app: AppState | null = null;
  let firstOutputMs: number | null = null;
  const client = new PlaygroundClient(worker, {
    write: (b, done) => {
      if (firstOutputMs === null) {
        firstOutputMs = performance.now() - started;
        statusEl.title = `first output ${Math.round(firstOutputMs)} ms after the page started`;
      }
      term!.write(b, done);
    },
  }, {
    state: (s) => {
      setChildren(statusEl, describe(s));
      statusEl.dataset.state = s.kind;
      app?.setRunState(s);
      if (s.kind === "exited") {
        exited = true;
        term?.write(enc.encode(`\r\n\x1b[2m[the shell exited with status ${s.status}; press Enter for a new one]\x1b[0m\r\n`), () => undefined);
      }
    },
    diagnose: (line) => term?.write(enc.encode(`\r\n\x1b[31m${line}\x1b[0m\r\n`), () => undefined),
  });

  term = createTerminal(termEl, (bytes) => {
    if (!exited) return client.input(bytes);
    if (bytes.includes(13)) void boot({ core: { url: coreUrl }, rootfs: { url: rootfsUrl } });
  }, (cols, rows) => {
    if (booted && !exited) void client.api.resize(cols, rows);
  });
  term.focus();

  async function boot(assetsFor: Pick<BootOptions, "core" | "rootfs">): Promise<void> {
    exited = false;
    await client.boot({ ...assetsFor, cols: term!.term.cols, rows: term!.term.rows });
    booted = true;
    app?.setRunState({ kind: "running" });
    setChildren(statusEl, "running");
    statusEl.dataset.state = "running";
  }

  try {
    const [core, rootfs] = await assets;
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer from the machine within ${BOOT_TIMEOUT_MS / 1000} s`)), BOOT_TIMEOUT_MS));
    await Promise.race([boot({ core: { bytes: core }, rootfs: { bytes: rootfs } }), timeout]);
  } catch (e) {
    return fatal(e instanceof Error ? e.message : String(e));
  }

  app = new AppState(client.api, notify, () => term!.focus());
  const panels: Panel[] = [new ProcessesPanel(app), new SyscallsPanel(app), new MemoryPanel(app), new CpuPanel(app), new StatsPanel(app), new FilesPanel(app)];
  const saved = new Set((localStorage.getItem("aster.hidden") ?? "").split(",").filter(Boolean));
  for (const p of panels) {
    panelsEl.append(p.section);
    const box = h("input", { type: "checkbox" });
    box.checked = !saved.has(p.key);
    const remember = () => {
      saved[box.checked ? "delete" : "add"](p.key);
      localStorage.setItem("aster.hidden", [...saved].join(","));
    };
    box.addEventListener("change", () => {
      p.setHidden(!box.checked);
      remember();
    });
    p.onVisibility = (shown) => {
      box.checked = shown;
      remember();
    };
    p.setHidden(saved.has(p.key));
    if (!saved.has(p.key) && p.key === "syscalls") void client.api.setTracing(true);
    togglesEl.append(h("label", { title: `show or hide ${p.title}` }, box, ` ${p.title}`));
  }
  togglesEl.append(button("Pause", () => void togglePause(), "pause or continue the whole machine"));
  const pauseToggle = togglesEl.lastElementChild as HTMLButtonElement;
  async function togglePause(): Promise<void> {
    const s = app!.runState.kind === "paused" ? await client.api.resume() : await client.api.pause();
    app!.setRunState(s);
    setChildren(statusEl, describe(s));
  }
  app.onRunState((s) => {
    pauseToggle.textContent = s.kind === "paused" ? "Continue" : "Pause";
  });
  const tick = () => {
    const now = performance.now();
    for (const p of panels) p.tick(now);
  };
  setInterval(tick, 100);
  tick();

  // Clicks in the panels give the keyboard back to the terminal, unless they went to a form
  // field or selected text to copy.
  panelsEl.addEventListener("click", (e) => {
    const t = e.target as HTMLElement;
    if (t.closest("input, select, textarea, summary")) return;
    if (!(window.getSelection()?.isCollapsed ?? true)) return;
    term!.focus();
  });
  document.getElementById("bar")!.addEventListener("click", (e) => {
    if (!(e.target as HTMLElement).closest("input, select")) term!.focus();
  });

  // For the end-to-end tests and the curious: the worker's API and the terminal's screen.
  Object.assign(window, {
    aster: { api: client.api, screen: () => term!.screenText(), lastLines: (n: number) => term!.lastLines(n), startedMs: started, firstOutputMs: () => firstOutputMs },
  });
}

void main().catch((e: unknown) => fatal(e instanceof Error ? e.message : String(e)));
