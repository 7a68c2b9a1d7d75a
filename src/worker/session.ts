// One running machine: OSTD's Machine, the kernel booted on it, and the loop that runs it in
// slices so the host stays responsive. The CLI runs this in-process; the browser runs it in a
// Web Worker behind the comlink API. Nothing here depends on Node or the DOM.
import { Machine } from "../ostd/index.js";
import { Kernel, type BootConfig, type KernelHost } from "../kernel/kernel.js";
import type { HostFsBackend } from "../kernel/fs/hostfs.js";

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
}

export interface SessionHost {
  write(stream: 1 | 2, data: Uint8Array): void;
  diagnose(line: string): void;
  readonly inputIsTty: boolean;
  readonly outputIsTty: boolean;
}

export interface SessionStats {
  instret: number;
  syscalls: number;
  enosys: Record<string, number>;
  pageFaults: number;
  framesUsed: number;
  framesTotal: number;
  switches: number;
}

/** Let the host run its event loop (input, messages) between slices. */
function yieldToHost(): Promise<void> {
  if (typeof setImmediate === "function") return new Promise((r) => setImmediate(r));
  return new Promise((r) => {
    // setTimeout(0) is clamped to 4 ms in browsers; a message round-trip is not.
    const ch = new MessageChannel();
    (ch.port1 as unknown as { onmessage: () => void }).onmessage = () => r();
    ch.port2.postMessage(null);
  });
}

export class Session {
  readonly machine: Machine;
  readonly kernel: Kernel;
  private exitStatus: number | null = null;
  private wake: (() => void) | null = null;

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
  }

  /** Boot the first process. Throws ElfError or SysError if the program cannot start. */
  start(): void {
    const c = this.config;
    this.kernel.boot({ argv: c.argv, env: c.env, cwd: c.cwd, mounts: c.mounts, hostFs: c.hostFs, rootfs: c.rootfs });
  }

  /** Host input (terminal bytes); an empty array is end of file. */
  input(bytes: Uint8Array): void {
    this.machine.world.pushInput(bytes);
    this.wake?.();
  }

  resize(cols: number, rows: number): void {
    this.machine.world.pushResize(cols, rows);
    this.wake?.();
  }

  /** Run until the first process exits; resolves to its exit status. */
  async run(): Promise<number> {
    for (;;) {
      const r = this.machine.runSlice(50, this.config.skipIdle ?? false);
      if (this.exitStatus !== null) return this.exitStatus;
      if (r.kind === "halted") return 0;
      if (r.kind === "busy") {
        await yieldToHost();
        continue;
      }
      await this.idle(r.timerInNs);
    }
  }

  /** Wait for input, or for the next timer in real time; report the wait to the World. */
  private idle(timerInNs: number | null): Promise<void> {
    const started = performance.now();
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | null = null;
      const done = () => {
        if (timer) clearTimeout(timer);
        this.wake = null;
        const waitedNs = Math.round((performance.now() - started) * 1e6);
        this.machine.world.pushIdle(timerInNs === null ? waitedNs : Math.min(waitedNs, timerInNs));
        resolve();
      };
      this.wake = done;
      if (timerInNs !== null) timer = setTimeout(done, timerInNs / 1e6);
    });
  }

  stats(): SessionStats {
    const m = this.machine;
    const enosys: Record<string, number> = {};
    for (const [nr, n] of Object.entries(this.kernel.stats.enosys)) enosys[nr] = n;
    return {
      instret: Number(m.clock.instret()),
      syscalls: this.kernel.stats.syscalls,
      enosys,
      pageFaults: this.kernel.stats.pageFaults,
      framesUsed: m.frames.total - m.frames.free,
      framesTotal: m.frames.total,
      switches: m.scheduler.switches,
    };
  }
}
