// Recorded runs for the replay and link tests: a Session on the built core and root file
// system image, driven by host actions taken when the guest idles, with human-like pauses
// between keystrokes that are cut short by the keystroke (as a live terminal would report them).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../helpers/toolchain";
import { Session } from "../../src/worker/session";
import type { HostFile, WorldEvent } from "../../src/ostd/index";
import { RECORDING_FORMAT, RECORDING_VERSION, type Recording } from "../../src/worker/recording";

const corePath = join(repoRoot, "build", "core.wasm");
const imagePath = join(repoRoot, "build", "rootfs.img");
export const ready = existsSync(corePath) && existsSync(imagePath);
const core = ready ? new WebAssembly.Module(readFileSync(corePath)) : null;
const image = ready ? new Uint8Array(readFileSync(imagePath)) : null;

/** A host-side action, taken the next time the guest goes idle: waiting for input ("input",
 *  the default: like a person typing after the prompt) or sleeping on a timer ("timer").
 *  `pauseMs`: how long the person paused before it (cuts the idle wait short). */
export type Action = { when?: "input" | "timer"; input?: string; resize?: [number, number]; file?: HostFile; pauseMs?: number };

export interface Run {
  out: string;
  status: number;
  instret: number;
  events: WorldEvent[];
  /** With shareBefore: what was shared, and the output until then. */
  shared?: { events: WorldEvent[]; out: string; instret: number };
}

export const ENV = ["PATH=/bin:/usr/bin:/sbin:/usr/sbin", "HOME=/root", "TERM=xterm"];
export const BOOT_EPOCH_NS = 1_700_000_000_000_000_000n;

export interface RunOptions {
  tty?: boolean;
  actions?: Action[];
  replay?: WorldEvent[];
  seed?: bigint;
  /** Log timer waits as idle events, as version 1 recordings did. */
  logTimerWaits?: boolean;
  /** Share the run (as the playground does: a digest, then the log so far) before this many
   *  actions have been taken; the run then goes on. */
  shareBefore?: number;
  /** Replay an open-ended log (Session.run returns REPLAY_ENDED at its end). */
  openEnded?: boolean;
}

export async function runSession(argv: string[], opts: RunOptions = {}): Promise<Run> {
  let out = "";
  const s = new Session(
    {
      core: core!, ramBytes: 64 << 20, seed: opts.seed ?? 7n, bootEpochNs: BOOT_EPOCH_NS,
      argv, env: ENV, cwd: "/root", mounts: [],
      rootfs: { image: image!, verify: false }, skipIdle: true, record: !opts.replay, replay: opts.replay, replayOpenEnded: opts.openEnded,
    },
    { write: (_s, d) => (out += new TextDecoder().decode(d)), diagnose: (l) => (out += l + "\n"), inputIsTty: opts.tty ?? false, outputIsTty: opts.tty ?? false },
  );
  s.start();
  if (opts.replay) {
    const status = await s.run();
    return { out, status, instret: s.stats().instret, events: s.events() };
  }
  // Drive the recorded run by hand: host actions happen when the guest idles, and timers are
  // skipped to at once, so the test is fast and itself deterministic.
  const actions = [...(opts.actions ?? [])];
  const m = s.machine;
  let shared: Run["shared"];
  /** What is left of the pause before actions[0] (the person is still thinking). */
  let pauseLeftNs: number | null = null;
  const act = (timerInNs: number | null) => {
    if (opts.shareBefore === (opts.actions ?? []).length - actions.length && !shared) {
      m.world.finalDigest();
      shared = { events: [...m.world.log], out, instret: s.stats().instret };
    }
    const next = actions.shift()!;
    if (pauseLeftNs) m.world.pushIdle(pauseLeftNs, timerInNs);
    pauseLeftNs = null;
    if (next.file) {
      const error = m.world.pushFile(next.file);
      if (error) throw new Error(error);
    }
    if (next.input !== undefined) s.input(new TextEncoder().encode(next.input));
    if (next.resize) s.resize(...next.resize);
  };
  for (let slices = 0; s.exited === null; slices++) {
    if (slices > 1_000_000) throw new Error("guest never finished");
    const r = m.runSlice(50, false);
    if (s.exited !== null || r.kind !== "idle") continue;
    const next = actions[0];
    if (next) pauseLeftNs ??= (next.pauseMs ?? 0) * 1e6;
    if (next && (next.when ?? "input") === (r.timerInNs === null ? "input" : "timer")) {
      act(r.timerInNs);
    } else if (r.timerInNs !== null) {
      // A key typed while the guest waits on a timer (vi's escape timeout, a sleep) cuts the
      // wait short; otherwise the timer falls due first.
      if (next?.pauseMs && pauseLeftNs !== null && pauseLeftNs < r.timerInNs) {
        act(r.timerInNs);
        continue;
      }
      if (pauseLeftNs) pauseLeftNs -= r.timerInNs;
      if (opts.logTimerWaits) m.world.pushIdle(r.timerInNs, r.timerInNs);
      else m.world.timerWaitOver(r.timerInNs);
    } else {
      throw new Error(`guest waits for input but no action is left: ${out.slice(-200)}`);
    }
  }
  s.finishRecording();
  const status = s.exited!;
  return { out, status, instret: s.stats().instret, events: s.events(), shared };
}

/** A recording of `run` as the CLI would write it. */
export function recordingOf(argv: string[], run: Run, opts: { tty?: boolean; seed?: bigint } = {}): Recording {
  return {
    format: RECORDING_FORMAT, version: RECORDING_VERSION, build: "test-build", rootfs: null, snapshot: null,
    config: { seed: String(opts.seed ?? 7n), memMiB: 64, argv, env: ENV, cwd: "/root", bootEpochNs: String(BOOT_EPOCH_NS), tty: opts.tty ?? false },
    events: run.events, exitStatus: run.status, instret: String(run.instret),
  };
}

/** Typing `text` one key at a time, with seeded human pauses (mostly 60–260 ms, sometimes a
 *  second or more, as when thinking). */
export function typed(text: string, random: () => number): Action[] {
  return [...text].map((ch) => {
    const r = random();
    const pauseMs = r < 0.05 ? 800 + Math.floor(random() * 2500) : 60 + Math.floor(random() * 200);
    return { input: ch, pauseMs };
  });
}

/** mulberry32: a small seeded generator, so the typing is the same in every test run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
