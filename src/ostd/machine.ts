// The machine as the kernel and the host see it: the core, frames, clock, timers, scheduler and
// the World, wired together, plus the loop that runs tasks in slices.
import { Core } from "./internal/core.js";
import type { JitStats } from "./jit/index.js";
import { FrameAllocator } from "./mm/frame.js";
import { VmSpace } from "./mm/vm_space.js";
import { UserMode } from "./user/mode.js";
import { Clock, TimerQueue } from "./timer.js";
import { FifoPolicy, Scheduler, type SchedPolicy } from "./task/task.js";
import { World } from "./world.js";
import { hostNowMs } from "./host_clock.js";

export interface MachineConfig {
  /** Guest RAM in bytes (multiple of 64 KiB). */
  ramBytes: number;
  /** Seed of every random value the guest sees. */
  seed: bigint;
  /** Guest wall-clock time at boot, ns since the Unix epoch. */
  bootEpochNs: bigint;
  /** Scheduling policy; FIFO round-robin by default. */
  policy?: SchedPolicy;
  /** Instructions a task may run before it is preempted. */
  sliceInstructions?: number;
}

/** What runSlice() found when it returned. */
export type SliceResult =
  | { kind: "busy" } // tasks are runnable; call again soon
  | { kind: "idle"; timerInNs: number | null } // all tasks wait: for input, or a timer this far away
  | { kind: "halted" }; // no tasks remain

export class Machine {
  readonly frames: FrameAllocator;
  readonly userMode: UserMode;
  readonly clock: Clock;
  readonly timers: TimerQueue;
  readonly scheduler: Scheduler;
  readonly world: World;
  readonly sliceInstructions: number;
  private readonly core: Core;

  constructor(module: WebAssembly.Module, config: MachineConfig) {
    this.core = new Core(module, config.ramBytes);
    this.frames = new FrameAllocator(this.core);
    this.userMode = new UserMode(this.core);
    this.clock = new Clock(this.core);
    this.timers = new TimerQueue(this.clock);
    this.scheduler = new Scheduler(config.policy ?? new FifoPolicy(), this.timers);
    this.world = new World(this.clock, config.seed, config.bootEpochNs);
    this.sliceInstructions = config.sliceInstructions ?? 2_000_000;
  }

  /** Continue on a recompiled instance of the core (Core.upgrade): invisible to the guest.
   *  Call between slices. */
  upgradeCore(module: WebAssembly.Module): void {
    this.core.upgrade(module);
  }

  /** What the JIT tier has done (across core upgrades): pages compiled, compilations that
   *  failed, guest instructions covered. Not machine state. */
  jitStats(): JitStats {
    return this.core.jit.stats; // a fresh object each time
  }

  /** The decoded-instruction cache (asm/dcache.ts) since the machine started: pages of guest
   *  code decoded into a slot, how many of those took a slot from another page, and the
   *  slots there are. Not machine state. */
  codeCacheStats(): { decodedPages: number; evictions: number; slots: number } {
    const ex = this.core.exports;
    return { decodedPages: ex.dcacheStat(0), evictions: ex.dcacheStat(1), slots: ex.dcacheStat(2) };
  }

  /** A new, empty user address space. */
  newVmSpace(): VmSpace {
    return new VmSpace(this.core, this.frames);
  }

  /**
   * Run tasks until about `wallMs` of host time has passed, or until nothing is runnable.
   * Host time only decides when to return to the host; it never affects what the guest sees.
   * When every task sleeps on a timer and `skipIdle` is set, virtual time jumps to the timer
   * (used when nobody waits in real time, e.g. tests); otherwise the host should wait
   * `timerInNs` and report it: world.timerWaitOver() when it waited it all out,
   * world.pushIdle() when a host event cut the wait short. A paced replay returns the same way
   * for each logged idle wait (world.heldIdleNs).
   */
  runSlice(wallMs: number, skipIdle: boolean): SliceResult {
    const stopAt = hostNowMs() + wallMs;
    for (;;) {
      // Nothing runs after the kernel halts: what happens after the end must not depend on
      // how much host time the last slice had left.
      if (this.halted || (this.stopAt !== null && this.clock.instret() >= this.stopAt)) return { kind: "halted" };
      this.world.deliver();
      const held = this.world.heldIdleNs;
      if (held !== null) return { kind: "idle", timerInNs: held };
      if (this.world.takeReplayEnd()) return { kind: "busy" };
      this.timers.fireDue();
      const task = this.scheduler.pickNext();
      if (!task) {
        const next = this.timers.next();
        if (next === null) return this.scheduler.runnable === 0 && this.liveTasks === 0 ? { kind: "halted" } : { kind: "idle", timerInNs: null };
        const wait = Math.max(0, next - this.clock.now());
        // Live and on replay alike (logged waits were delivered at the loop's top): on to the
        // timer, which is not logged because replay computes it the same way.
        if (!skipIdle && wait > 0) return { kind: "idle", timerInNs: wait };
        this.world.timerWaitOver(wait);
        continue;
      }
      let budget = this.sliceInstructions;
      const next = this.timers.next();
      if (next !== null) budget = Math.max(1, Math.min(budget, next - this.clock.now()));
      if (this.stopAt !== null) budget = Math.max(1, Math.min(budget, Number(this.stopAt - this.clock.instret())));
      this.world.step++;
      const step = task.step;
      if (typeof step === "function") step(task, budget);
      else step.stepTask(task, budget);
      this.world.checkpoint();
      if (hostNowMs() >= stopAt) return { kind: "busy" };
    }
  }

  /** Tasks that have not exited; kept by the kernel through taskStarted/taskExited. */
  liveTasks = 0;

  /** The host's pause point: runSlice stops (reporting "halted") at the first task-step
   *  boundary at or after this many retired instructions — where a snapshot is taken. */
  stopAt: bigint | null = null;

  /** Set by the kernel when the run is over (the first process exited). */
  halted = false;

  halt(): void {
    this.halted = true;
  }
}
