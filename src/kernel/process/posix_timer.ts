// POSIX per-process timers (timer_create and friends): each expiry queues a signal with
// si_code SI_TIMER to the process or to one of its threads, or does nothing (SIGEV_NONE).
// Expiries that come while the previous signal is still pending are counted as overruns
// rather than queued, as on Linux; the count reaches the program in si_overrun and through
// timer_getoverrun. Timers run on the virtual clock, like every other timer.
import type { TimerHandle } from "../../ostd/index.js";
import type { Kernel } from "../kernel.js";
import { TaskState, recipe } from "../../ostd/index.js";
import { Errno, fail } from "../errno.js";
import { queueProcessSignal, queueThreadSignal, type SigInfo } from "./deliver.js";
import { SIGCONT, SIGKILL, isStopSignal } from "./signal.js";
import type { Process, Thread } from "./process.js";

export const SIGEV_SIGNAL = 0, SIGEV_NONE = 1, SIGEV_THREAD = 2, SIGEV_THREAD_ID = 4;
export const SI_TIMER = -2;
/** Linux caps the overrun count at DELAYTIMER_MAX. */
const DELAYTIMER_MAX = 0x7fffffff;

export interface PosixTimer {
  id: number;
  /** CLOCK_REALTIME timers armed with an absolute time keep their wall-clock meaning. */
  clock: number;
  notify: number;
  signo: number;
  value: bigint;
  /** SIGEV_THREAD_ID's target; null: the process. */
  thread: Thread | null;
  handle: TimerHandle | null;
  intervalNs: number;
  /** Expiries merged into the signal now pending (it carries them in si_overrun). */
  overrun: number;
  /** The overrun count of the last signal delivered (timer_getoverrun). */
  overrunLast: number;
  /** The signal queued for the last expiry, while it is still pending. */
  pending: SigInfo | null;
}

/** Arm `timer` to expire at `deadline` (virtual ns since boot), then every `intervalNs`;
 *  a zero deadline disarms it. */
export function armPosixTimer(kernel: Kernel, proc: Process, timer: PosixTimer, deadline: number, intervalNs: number): void {
  disarmPosixTimer(kernel, timer);
  // As since Linux 6.13: a signal of the previous arming still pending is dropped.
  dropPendingSignal(proc, timer);
  timer.overrun = 0;
  timer.intervalNs = intervalNs;
  if (deadline === 0) return;
  schedulePosixTimer(kernel, proc, timer, deadline);
}

function schedulePosixTimer(kernel: Kernel, proc: Process, timer: PosixTimer, at: number): void {
  timer.handle = kernel.machine.timers.set(at, posixTimerFires(kernel, proc, timer, at));
}

/** An expiry, then the next period: a recipe, so a snapshot can keep an armed timer. */
const posixTimerFires = recipe("kernel.posixTimerFires", (kernel: Kernel, proc: Process, timer: PosixTimer, at: number) => () => {
  timer.handle = null;
  expire(kernel, proc, timer);
  if (timer.intervalNs <= 0) return;
  // Expiries the machine slept through (a long idle jump) count as overruns.
  const now = kernel.machine.clock.now();
  let next = at + timer.intervalNs;
  if (next <= now) {
    const missed = Math.floor((now - next) / timer.intervalNs) + 1;
    timer.overrun = Math.min(DELAYTIMER_MAX, timer.overrun + missed);
    if (timer.pending) timer.pending.overrun = timer.overrun;
    next += missed * timer.intervalNs;
  }
  schedulePosixTimer(kernel, proc, timer, next);
});

export function disarmPosixTimer(kernel: Kernel, timer: PosixTimer): void {
  if (timer.handle) kernel.machine.timers.cancel(timer.handle);
  timer.handle = null;
}

/** The queue the timer's signals go to, if its last one is still waiting there (it may also
 *  have been taken, or discarded by an ignoring disposition). */
function queueHolding(proc: Process, timer: PosixTimer): Map<number, SigInfo> | null {
  const queue = timer.thread ? timer.thread.pending : proc.pending;
  return timer.pending && queue.get(timer.signo) === timer.pending ? queue : null;
}

/** Take the timer's signal back out of its queue if it is still there. */
export function dropPendingSignal(proc: Process, timer: PosixTimer): void {
  queueHolding(proc, timer)?.delete(timer.signo);
  timer.pending = null;
}

/** Nanoseconds until the next expiry (0: disarmed). */
export function posixTimerRemaining(kernel: Kernel, timer: PosixTimer): number {
  return timer.handle ? Math.max(1, timer.handle.deadline - kernel.machine.clock.now()) : 0;
}

function expire(kernel: Kernel, proc: Process, timer: PosixTimer): void {
  if (timer.notify === SIGEV_NONE) return;
  if (timer.pending && queueHolding(proc, timer)) {
    timer.overrun = Math.min(DELAYTIMER_MAX, timer.overrun + 1);
    timer.pending.overrun = timer.overrun;
    return;
  }
  timer.overrun = 0;
  const info: SigInfo = { signo: timer.signo, code: SI_TIMER, timerid: timer.id, overrun: 0, value: timer.value, timer };
  if (timer.signo === SIGKILL || timer.signo === SIGCONT || isStopSignal(timer.signo)) {
    // Acted on at once, never pending: nothing to merge later expiries into.
    kernel.signalProcess(proc, timer.signo, info);
    return;
  }
  // Queued as this very object, so that the next expiry can find it still pending.
  timer.pending = info;
  if (timer.thread && timer.thread.task.state !== TaskState.Exited) queueThreadSignal(kernel, timer.thread, info);
  else queueProcessSignal(kernel, proc, info);
}

/** A timer's signal was taken (delivered or waited for): its overruns become timer_getoverrun's. */
export function posixTimerSignalTaken(info: SigInfo): void {
  const timer = info.timer;
  if (!timer) return;
  timer.overrunLast = info.overrun ?? 0;
  if (timer.pending === info) timer.pending = null;
  timer.overrun = 0;
}

/** Delete every timer of `proc` (exit and exec). */
export function deleteAllPosixTimers(kernel: Kernel, proc: Process): void {
  if (proc.posixTimers.size === 0) return; // (every exec and exit asks; almost no one has any)
  for (const timer of proc.posixTimers.values()) disarmPosixTimer(kernel, timer);
  proc.posixTimers.clear();
}

/** The calling process's timer `id`, or EINVAL. */
export function timerOf(proc: Process, id: number): PosixTimer {
  const timer = proc.posixTimers.get(id);
  if (!timer) fail(Errno.EINVAL, `no timer ${id}`);
  return timer;
}
