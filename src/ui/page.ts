// The playground page: a terminal on the guest's tty, the panels around it. main.ts has
// already started the worker booting the machine; this module is loaded meanwhile.
import type { BootInfo, LinkReport, RunState } from "../worker/api.js";
import type { PlaygroundClient } from "./client.js";
import { createTerminal } from "./terminal.js";
import { AppState } from "./app.js";
import { button, h, setChildren } from "./dom.js";
import type { Panel } from "./panels/panel.js";
import { ProcessesPanel } from "./panels/processes.js";
import { SyscallsPanel } from "./panels/syscalls.js";
import { MemoryPanel } from "./panels/memory.js";
import { CpuPanel } from "./panels/cpu.js";
import { StatsPanel } from "./panels/stats.js";
import { FilesPanel } from "./panels/files.js";
import { SnapshotsPanel } from "./panels/snapshots.js";
import { fatal } from "./fatal.js";
import { ShareDialog } from "./share.js";
import { ReplayBanner, askAboutLink, forgetLink } from "./replay.js";

/** The machine must have booted this soon, or the page says it did not. */
const BOOT_TIMEOUT_MS = 20_000;

/** What main.ts started. */
export interface Start {
  client: PlaygroundClient;
  /** The first boot, and the terminal size it was given. With a share link in the address:
   *  the link and what the worker found in it; info is null when the page must ask first
   *  (the link is damaged, or from another build or root file system). */
  booting: Promise<{ info: BootInfo | null; size: { cols: number; rows: number }; link?: { fragment: string; report: LinkReport } }>;
  /** Rejects if the worker fails to load. */
  workerFailed: Promise<never>;
  /** performance.now() when the page's script started. */
  started: number;
}

const statusEl = document.getElementById("status")!;
const toastEl = document.getElementById("toast")!;
const termEl = document.getElementById("terminal")!;
const panelsEl = document.getElementById("panels")!;
const togglesEl = document.getElementById("toggles")!;

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

export async function startPage({ client, booting, workerFailed, started }: Start): Promise<void> {
  let booted = false;
  let exited = false;
  const enc = new TextEncoder();
  let app: AppState | null = null;
  let firstOutputMs: number | null = null;

  const banner = new ReplayBanner(() => void client.api.skipReplay());
  document.getElementById("layout")!.before(banner.el);
  const term = createTerminal(termEl, (bytes) => {
    if (banner.running) return notify("a shared run is replaying: wait for its end, or Skip to end, to type");
    if (!exited) return client.input(bytes);
    if (bytes.includes(13)) void reboot();
  }, (cols, rows) => {
    if (booted && !exited) void client.api.resize(cols, rows);
  });
  term.focus();
  performance.mark("aster:terminal");
  client.attach({
    write: (b, done) => {
      if (firstOutputMs === null) {
        performance.mark("aster:first-output");
        firstOutputMs = performance.now() - started;
        statusEl.title = `first output ${Math.round(firstOutputMs)} ms after the page started`;
      }
      term.write(b, done);
    },
  }, {
    state: (s) => {
      setChildren(statusEl, describe(s));
      statusEl.dataset.state = s.kind;
      app?.setRunState(s);
      // A breakpoint or a step: show the thread that stopped.
      if (s.kind === "paused" && s.pid !== null) app?.select(s.pid);
      if (s.kind === "exited") {
        exited = true;
        term.write(enc.encode(`\r\n\x1b[2m[the shell exited with status ${s.status}; press Enter for a new one]\x1b[0m\r\n`), () => undefined);
      }
    },
    diagnose: (line) => term.write(enc.encode(`\r\n\x1b[31m${line}\x1b[0m\r\n`), () => undefined),
    replayEnded: (r) => {
      banner.ended(r);
      // The replay ran at the recorded window size; from here on the guest gets this one's.
      if (!exited) void client.api.resize(term.term.cols, term.term.rows);
      notify(r.ok ? "replay complete: you can type now" : `replay diverged: ${r.message}`, r.ok ? "info" : "error");
    },
  });

  const panels: Panel[] = [];
  const running = () => {
    booted = true;
    app?.setRunState({ kind: "running" });
    setChildren(statusEl, "running");
    statusEl.dataset.state = "running";
  };

  /** A new machine on the same assets, after the shell exited (or a saved one: `snapshot`). */
  async function reboot(snapshot?: ArrayBuffer): Promise<void> {
    const wasExited = exited;
    exited = false;
    forgetLink();
    if (snapshot) term.term.reset();
    try {
      await client.boot({ cols: term.term.cols, rows: term.term.rows, snapshot });
      running();
      for (const p of panels) p.machineReplaced();
    } catch (e) {
      // A snapshot that cannot be restored leaves the running machine running.
      exited = snapshot ? wasExited : true;
      if (snapshot) throw e;
      notify(`could not start a new machine: ${e instanceof Error ? e.message : String(e)}`, "error");
    }
  }

  try {
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer from the machine within ${BOOT_TIMEOUT_MS / 1000} s`)), BOOT_TIMEOUT_MS));
    const first = await Promise.race([booting, timeout, workerFailed]);
    let { size } = first;
    let info = first.info;
    if (info === null && first.link) {
      setChildren(statusEl, "waiting");
      const choice = await askAboutLink(document.getElementById("term-wrap")!, first.link.report);
      if (choice === "fresh") forgetLink();
      size = { cols: term.term.cols, rows: term.term.rows };
      info = await client.boot({ ...size, replay: choice === "force" ? { link: first.link.fragment, force: true } : undefined });
    }
    if (info?.replay) banner.started(info.replay, first.link?.report.ok ? first.link.report.mismatch?.replace(/^the recording was made on /, "") ?? null : null);
    running();
    // The machine booted at an estimated size; tell the guest the real one (SIGWINCH).
    if (term.term.cols !== size.cols || term.term.rows !== size.rows) void client.api.resize(term.term.cols, term.term.rows);
  } catch (e) {
    return fatal(e instanceof Error ? e.message : String(e));
  }
  workerFailed.catch((e: unknown) => notify(e instanceof Error ? e.message : String(e), "error"));

  app = new AppState(client.api, notify, () => term.focus());
  const files = new FilesPanel(app);
  panels.push(new ProcessesPanel(app), new SyscallsPanel(app), new MemoryPanel(app), new CpuPanel(app), new StatsPanel(app), files,
    new SnapshotsPanel(app, (file) => reboot(file)));
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
    p.placed();
    togglesEl.append(h("label", { title: `show or hide ${p.title}` }, box, ` ${p.title}`));
  }
  const shareDialog = new ShareDialog(client.api, notify);
  document.getElementById("term-wrap")!.append(shareDialog.el);
  togglesEl.append(button("Share", () => void shareDialog.share(), "a link that replays this run (it stays in the link: nothing is uploaded)"));
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
    term.focus();
  });
  document.getElementById("bar")!.addEventListener("click", (e) => {
    if (!(e.target as HTMLElement).closest("input, select")) term.focus();
  });

  // For the end-to-end tests and the curious: the worker's API and the terminal's screen.
  Object.assign(window, {
    aster: {
      api: client.api, screen: () => term.screenText(), lastLines: (n: number) => term.lastLines(n), startedMs: started,
      firstOutputMs: () => firstOutputMs, mountFolder: (h: FileSystemDirectoryHandle) => files.mountHandle(h),
      lastShareUrl: () => shareDialog.lastUrl, replaying: () => banner.running,
    },
  });
}
