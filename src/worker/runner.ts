// The worker's run loop: the machine in short slices so that input and panel requests are
// served between them, no CPU while every task waits, and the debugger's controls (pause,
// single step, breakpoints). Session.run is the CLI's loop; the browser needs shorter slices
// and a way to stop, so it drives the Machine itself the same way.
import { DivergenceError, TaskState, type SliceResult } from "../ostd/index.js";
import { waitIdle, yieldToHost, type Session } from "./session.js";
import type { Thread } from "../kernel/process/process.js";
import { stepOne } from "../kernel/debug/step.js";
import type { ReplayResult, RunState } from "./api.js";

/** Host milliseconds per slice: input waits at most this long to be seen. */
export const SLICE_MS = 4;
/** Instructions stepped one by one between looks at the clock in breakpoint mode. */
const STEP_BATCH = 2000;

export interface RunnerHooks {
  /** Send pending terminal output; `force` sends it now rather than once per frame. */
  flush(force: boolean): void;
  /** The page has too much unshown output: hold the guest. */
  outputBlocked(): boolean;
  state(s: RunState): void;
  /** A replay reproduced its whole log, or diverged. */
  replayEnded(r: ReplayResult): void;
}

interface Breakpoints {
  pid: number;
  addrs: Set<bigint>;
}

export class Runner {
  private wakeUp: (() => void) | null = null;
  private paused: RunState & { kind: "paused" } | null = null;
  private breakpoints: Breakpoints | null = null;
  private stopped = false;
  /** Host milliseconds spent inside slices. */
  busyMs = 0;

  constructor(private readonly session: Session, private readonly hooks: RunnerHooks) {}

  /** Run until the first process exits; resolves to its exit status. */
  async run(): Promise<number> {
    const machine = this.session.machine;
    for (;;) {
      if (this.stopped) return 137;
      const status = this.session.exited;
      if (status !== null) {
        this.hooks.flush(true);
        if (machine.world.isReplaying) this.endReplay(() => machine.world.finishReplay());
        return status;
      }
      if (this.paused || this.hooks.outputBlocked()) {
        this.hooks.flush(true);
        await this.sleep(null, false);
        continue;
      }
      const t0 = performance.now();
      const replaying = machine.world.isReplaying;
      if (!replaying) this.skipping = false;
      let r: SliceResult | "hit";
      try {
        r = this.breakpoints && !replaying ? this.debugSlice(this.breakpoints) : machine.runSlice(SLICE_MS, replaying && this.skipping);
      } catch (e) {
        if (!(e instanceof DivergenceError)) throw e;
        this.hooks.flush(true);
        this.endReplay(() => {
          throw e;
        });
        continue;
      }
      this.busyMs += performance.now() - t0;
      if (replaying && !machine.world.isReplaying) this.endReplay(() => undefined);
      else if (replaying && r !== "hit" && r.kind === "idle" && r.timerInNs === null) {
        // The guest waits for input, but the log's next event is not due: it will never be.
        this.endReplay(() => machine.world.finishReplay());
      }
      if (r === "hit") {
        const t = this.target(this.breakpoints!.pid);
        this.setPaused({ kind: "paused", reason: "breakpoint", pid: this.breakpoints!.pid, pc: t?.ctx.pc ?? null });
        continue;
      }
      if (r.kind === "halted") {
        this.hooks.flush(true);
        return this.session.exited ?? 0;
      }
      if (r.kind === "busy") {
        this.hooks.flush(false);
        await yieldToHost();
        continue;
      }
      this.hooks.flush(true);
      await this.sleep(r.timerInNs, true);
    }
  }

  /** The replay is over: `check` throws DivergenceError if it did not reproduce the run. The
   *  page hears how it went; after a divergence, the rest of the log is dropped, and the machine
   *  goes on live (but what it logs from here cannot be shared). */
  private endReplay(check: () => void): void {
    // The replayed output reaches the page before the news that the replay is over.
    this.hooks.flush(true);
    const world = this.session.machine.world;
    let result: ReplayResult;
    try {
      check();
      result = { ok: true, message: `replay identical: ${world.log.length} events, ${this.session.machine.clock.instret()} instructions` };
    } catch (e) {
      if (!(e instanceof DivergenceError)) throw e;
      world.abandonReplay(e.message);
      result = { ok: false, message: e.message };
    }
    this.skipping = false;
    this.hooks.replayEnded(result);
  }

  /** Something the loop may be waiting for happened (input, resize, resume, acks). */
  wake(): void {
    this.wakeUp?.();
  }

  /** End the loop (a new machine replaces this one). */
  stop(): void {
    this.stopped = true;
    this.wake();
  }

  get state(): RunState {
    if (this.session.exited !== null) return { kind: "exited", status: this.session.exited };
    return this.paused ?? { kind: "running" };
  }

  pause(): RunState {
    if (!this.paused && this.session.exited === null) this.setPaused({ kind: "paused", reason: "user", pid: null, pc: null });
    return this.state;
  }

  resume(): RunState {
    if (this.paused) {
      this.paused = null;
      this.hooks.state(this.state);
      this.wake();
    }
    return this.state;
  }

  get isPaused(): boolean {
    return this.paused !== null;
  }

  /** Stop when `pid`'s main thread reaches one of `addrs`; an empty list clears them. */
  setBreakpoints(pid: number, addrs: bigint[]): void {
    this.breakpoints = addrs.length ? { pid, addrs: new Set(addrs.map((a) => BigInt.asUintN(64, a))) } : null;
  }

  /** Single-step `pid`'s main thread (while paused). */
  step(pid: number): { ok: boolean; error?: string; outcome?: string } {
    if (!this.paused) return { ok: false, error: "pause the machine first" };
    if (this.session.machine.world.isReplaying) return { ok: false, error: "a replay is running: skip to its end first" };
    const t = this.target(pid);
    if (!t) return { ok: false, error: `no live process ${pid}` };
    this.untraceable("the debugger single-stepped a thread");
    const outcome = stepOne(this.session.kernel, t);
    if (outcome === "not-runnable") {
      const why = t.process.stopped ? "it is stopped (send SIGCONT)" : `it is waiting (${t.task.waitingOn || "asleep"}): continue to let it wake`;
      return { ok: false, error: `pid ${pid} cannot run now: ${why}` };
    }
    this.setPaused({ kind: "paused", reason: "step", pid, pc: t.ctx.pc });
    this.hooks.flush(true);
    return { ok: true, outcome };
  }

  /** Instructions ran outside the scheduler's steps, which the World's event stamps count:
   *  from here on the log cannot reproduce the run (sharing it says why). */
  private untraceable(why: string): void {
    this.session.machine.world.unreplayable ??= `${why}, which a replay cannot reproduce`;
  }

  /** Replay: stop pacing, run to the end of the log at full speed. */
  skipReplay(): void {
    this.session.machine.world.stopPacing();
    this.skipping = true;
    this.wakeUp?.();
  }

  private skipping = false;

  private setPaused(s: RunState & { kind: "paused" }): void {
    this.paused = s;
    this.hooks.state(s);
  }

  private target(pid: number): Thread | null {
    const p = this.session.kernel.processes.get(pid);
    const t = p?.mainThread;
    return t && t.task.state !== TaskState.Exited ? t : null;
  }

  /**
   * Breakpoint mode. The selected thread runs alone, one instruction (or system call) at a
   * time, checked against the breakpoints after each; the rest of the machine runs in ordinary
   * scheduler steps whenever that thread cannot run. Host events and due timers are delivered
   * first, so a thread they wake is caught here rather than run unchecked inside a slice.
   * (While the selected thread can run, other runnable tasks wait.)
   */
  private debugSlice(bp: Breakpoints): SliceResult | "hit" {
    const machine = this.session.machine;
    const thread = this.target(bp.pid);
    if (!thread) {
      this.breakpoints = null;
      return machine.runSlice(SLICE_MS, false);
    }
    this.untraceable("breakpoints ran a thread instruction by instruction");
    const stopAt = performance.now() + SLICE_MS;
    do {
      machine.world.deliver();
      machine.timers.fireDue();
      if (thread.task.state !== TaskState.Runnable) return machine.runSlice(0, false);
      for (let i = 0; i < STEP_BATCH; i++) {
        if (stepOne(this.session.kernel, thread) === "not-runnable") break;
        if (bp.addrs.has(thread.ctx.pc)) return "hit";
        if (this.session.exited !== null) return { kind: "busy" };
      }
    } while (performance.now() < stopAt);
    return { kind: "busy" };
  }

  /**
   * Wait for wake() or, when `timerInNs` is set, for the next timer in real time. With
   * `idle`, the wait is reported to the World as idle time (the guest's clock moves on);
   * a pause is not (the guest's clock stands still).
   */
  private sleep(timerInNs: number | null, idle: boolean): Promise<void> {
    const world = this.session.machine.world;
    if (idle && world.isReplaying && timerInNs !== null) {
      // A paced replay waits out each recorded wait; only stop() and skipReplay() cut it short
      // (host events are not the replay's).
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          this.wakeUp = null;
          world.timerWaitOver(timerInNs);
          resolve();
        }, timerInNs / 1e6);
        this.wakeUp = () => {
          if (!this.stopped && !this.skipping) return;
          clearTimeout(timer);
          this.wakeUp = null;
          resolve();
        };
      });
    }
    if (idle) return waitIdle(world, timerInNs, (wake) => (this.wakeUp = wake));
    return new Promise((resolve) => {
      this.wakeUp = () => {
        this.wakeUp = null;
        resolve();
      };
    });
  }
}
