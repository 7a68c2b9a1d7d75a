// One running machine: OSTD's Machine, the kernel booted on it, and the loop that runs it in
// slices so the host stays responsive. The CLI runs this in-process; the browser runs it in a
// Web Worker behind the comlink API. Nothing here depends on Node or the DOM.
import { Machine, type HostFile, type World, type WorldEvent } from "../ostd/index.js";
import { Kernel, type BootConfig, type KernelHost } from "../kernel/kernel.js";
import type { HostFsBackend } from "../kernel/fs/hostfs.js";
import { applyHostFile } from "./files.js";
import { prepareSnapshots, restoreKernel } from "../kernel/snapshot/index.js";

export interface SessionConfig {
  core: WebAssembly.Module;
  ramBytes: number;
  seed: bigint;
  bootEpochNs: bigint;
  argv: string[];
  env: string[];
  cwd: string;
  mounts: Array<{ guest: string; host: string }>;
  hostFs?: HostFsBackend;
  rootfs?: BootConfig["rootfs"];
  /** Skip idle time instead of waiting for it in real time (tests, benchmarks, replay). */
  skipIdle?: boolean;
  /** Log state digests for a recording. */
  record?: boolean;
  /** Files copied into the guest before the program starts (a recorded run's mounted host
   *  directories: the recording holds them, so a replay gets the same). */
  files?: HostFile[];
  /** Re-deliver a recording's events instead of listening to the host. */
  replay?: WorldEvent[];
  /** The recorded run was still going when it was recorded (a share link taken from a live
   *  shell): the replay ends where the log ends, and run() returns REPLAY_ENDED there. */
  replayOpenEnded?: boolean;
  /** Make the machine saveable (src/worker/snapshot.ts); costs a walk of the new kernel. */
  snapshots?: boolean;
  /** Resume a saved machine (a snapshot's image, checked by readSnapshot) instead of booting:
   *  the rest of the config must match the snapshot's (RAM, terminal kind, root file system). */
  restore?: Uint8Array;
}

/** run()'s result when an open-ended replay (replayOpenEnded) has reproduced all of its log. */
export const REPLAY_ENDED = -1;

export interface SessionHost {
  /** Guest output; false when the host's stream is closed (the guest gets EPIPE/SIGPIPE). */
  write(stream: 1 | 2, data: Uint8Array): boolean | void;
  diagnose(line: string): void;
  readonly inputIsTty: boolean;
  readonly outputIsTty: boolean;
  /** Start delivering host input (input()); called once, before run() first waits for the
   *  host. Without it the host delivers input from the start. */
  listen?(): void;
}

/** Every task sleeps with no timer pending and no input can arrive any more. */
export class DeadlockError extends Error {
  constructor(detail: string) {
    super(`every process is blocked forever: ${detail}`);
    this.name = "DeadlockError";
  }
}

export interface SessionStats {
  instret: number;
  syscalls: number;
  enosys: Record<string, number>;
  pageFaults: number;
  framesUsed: number;
  framesTotal: number;
  switches: number;
  /** Guest pages the JIT tier compiled (recompilations counted), and compilations that failed. */
  jitCompiles: number;
  jitFailures: number;
  /** Guest code pages decoded into the decoded-instruction cache, and of those how many took
   *  the slot of another page (code spread over more pages than the cache holds). */
  decodedPages: number;
  decodeEvictions: number;
}

/** Let the host run its event loop (input, messages) between slices. */
export function yieldToHost(): Promise<void> {
  if (typeof setImmediate === "function") return new Promise((r) => setImmediate(r));
  return new Promise((r) => {
    // setTimeout(0) is clamped to 4 ms in browsers; a message round-trip is not.
    const ch = new MessageChannel();
    (ch.port1 as unknown as { onmessage: () => void }).onmessage = () => r();
    ch.port2.postMessage(null);
  });
}

/**
 * Wait for the next timer in real time, or until `arm`'s wake function is called (a host event),
 * and report the wait to `world`: all of it (the timer is due: exactly `timerInNs`, however early
 * or late the host's timer fired), or cut short (pushIdle, quantized and logged).
 */
export function waitIdle(world: World, timerInNs: number | null, arm: (wake: (() => void) | null) => void): Promise<void> {
  const started = performance.now();
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const done = (timedOut: boolean) => {
      if (timer) clearTimeout(timer);
      arm(null);
      if (timedOut && timerInNs !== null) world.timerWaitOver(timerInNs);
      else world.pushIdle(Math.round((performance.now() - started) * 1e6), timerInNs);
      resolve();
    };
    arm(() => done(false));
    if (timerInNs !== null) timer = setTimeout(() => done(true), timerInNs / 1e6);
  });
}

/** Externals a machine image refers to by name: the root file system image's bytes (files
 *  not changed since boot are views of it, so snapshots do not copy them). */
export function snapshotExternals(rootfsImage: Uint8Array | null): Record<string, object> {
  return rootfsImage ? { "rootfs.image": rootfsImage.buffer } : {};
}

export class Session {
  readonly machine: Machine;
  readonly kernel: Kernel;
  private exitStatus: number | null = null;
  private wake: (() => void) | null = null;
  private listen: (() => void) | undefined;

  constructor(private readonly config: SessionConfig, host: SessionHost) {
    this.machine = new Machine(config.core, { ramBytes: config.ramBytes, seed: config.seed, bootEpochNs: config.bootEpochNs });
    const kernelHost: KernelHost = {
      write: (s, d) => host.write(s, d),
      diagnose: (line) => host.diagnose(line),
      exit: (status) => {
        this.exitStatus = status;
      },
      inputIsTty: host.inputIsTty,
      outputIsTty: host.outputIsTty,
    };
    this.kernel = new Kernel(this.machine, kernelHost);
    this.listen = host.listen?.bind(host);
    if (config.snapshots || config.restore) prepareSnapshots(this.kernel);
    if (config.restore) restoreKernel(this.kernel, config.restore, snapshotExternals(config.rootfs && "image" in config.rootfs ? config.rootfs.image : null));
    this.machine.world.recording = config.record ?? false;
    // Files from the host (uploads, copied-in folders) are World events: applied live and again
    // on replay by the same code.
    this.machine.world.onFile((f) => applyHostFile(this.kernel, f));
    if (config.replay) this.machine.world.startReplay(config.replay, !config.replayOpenEnded);
  }

  /** Boot the first process. Throws ElfError or SysError if the program cannot start. */
  start(): void {
    const c = this.config;
    if (c.restore) return; // already running: the snapshot resumes where it was saved
    const files = c.files;
    const beforeExec = files ? () => {
      for (const f of files) {
        const error = applyHostFile(this.kernel, f);
        if (error !== null) throw new Error(`copying ${f.path} into the machine: ${error}`);
      }
    } : undefined;
    this.kernel.boot({ argv: c.argv, env: c.env, cwd: c.cwd, mounts: c.mounts, hostFs: c.hostFs, rootfs: c.rootfs, beforeExec });
  }

  private inputEnded = false;

  /** Host input (terminal bytes); an empty array is end of file. */
  input(bytes: Uint8Array): void {
    if (bytes.length === 0) this.inputEnded = true;
    this.machine.world.pushInput(bytes);
    this.wake?.();
  }

  resize(cols: number, rows: number): void {
    this.machine.world.pushResize(cols, rows);
    this.wake?.();
  }

  /** Run until the first process exits; resolves to its exit status. A replay that cannot
   *  go on (the guest waits for input the recording does not have) throws DivergenceError. */
  async run(): Promise<number> {
    const world = this.machine.world;
    for (;;) {
      const r = this.machine.runSlice(50, this.config.skipIdle ?? false);
      if (this.config.replayOpenEnded && !world.isReplaying) return REPLAY_ENDED;
      if (this.exitStatus !== null) {
        if (this.config.replay) world.finishReplay();
        else if (world.recording) world.finalDigest();
        return this.exitStatus;
      }
      if (r.kind === "halted") return 0;
      if (this.listen) {
        this.listen();
        this.listen = undefined;
      }
      if (r.kind === "busy") {
        await yieldToHost();
        continue;
      }
      if (world.isReplaying) world.finishReplay(); // stalled: reports the events left over
      if (r.timerInNs === null && this.inputEnded && !world.hasPending) throw new DeadlockError(this.kernel.describeBlocked());
      await this.idle(r.timerInNs);
    }
  }

  /** End a recorded run driven by the caller (not by run()): log the final digest. */
  finishRecording(): void {
    this.machine.world.finalDigest();
  }

  /** The events so far (the recording's body). */
  events(): WorldEvent[] {
    return this.machine.world.log;
  }

  /** Wait for input, or for the next timer in real time; report the wait to the World. */
  private idle(timerInNs: number | null): Promise<void> {
    return waitIdle(this.machine.world, timerInNs, (wake) => (this.wake = wake));
  }

  stats(): SessionStats {
    const m = this.machine;
    const enosys: Record<string, number> = {};
    for (const [nr, n] of Object.entries(this.kernel.stats.enosys)) enosys[nr] = n;
    const jit = m.jitStats();
    const code = m.codeCacheStats();
    return {
      instret: Number(m.clock.instret()),
      syscalls: this.kernel.stats.syscalls,
      enosys,
      pageFaults: this.kernel.stats.pageFaults,
      framesUsed: m.frames.total - m.frames.free,
      framesTotal: m.frames.total,
      switches: m.scheduler.switches,
      jitCompiles: jit.compiles,
      jitFailures: jit.failures,
      decodedPages: code.decodedPages,
      decodeEvictions: code.evictions,
    };
  }

  // ---- For embedders that drive the machine themselves (the browser playground's worker,
  // src/worker/runner.ts, which runs shorter slices and can pause) -------------------------

  /** The first process's exit status once it has exited; null while it runs. */
  get exited(): number | null {
    return this.exitStatus;
  }
}
