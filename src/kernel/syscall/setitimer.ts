import { Errno, fail } from "../errno.js";
import { Pod, recipe } from "../../ostd/index.js";
import type { Kernel } from "../kernel.js";
import type { Process, Thread } from "../process/process.js";
import { SIGALRM } from "../process/signal.js";
import type { Args, SysResult } from "./types.js";
import { int, readMem, ulong, writeMem } from "./util.js";

export const ITIMER_REAL = 0, ITIMER_VIRTUAL = 1, ITIMER_PROF = 2;

function decodeTimeval(p: Pod, off: number): number {
  const sec = p.getBigInt64(off);
  const usec = p.getBigInt64(off + 8);
  if (sec < 0n || usec < 0n || usec >= 1_000_000n) fail(Errno.EINVAL);
  return Number(sec) * 1e9 + Number(usec) * 1000;
}

function encodeItimerval(p: Pod, intervalNs: number, remainingNs: number): void {
  // Linux rounds a remaining time up to a whole microsecond so a live timer never reads as 0.
  const us = (ns: number) => Math.ceil(ns / 1000);
  p.setBigInt64(0, BigInt(Math.floor(us(intervalNs) / 1e6)));
  p.setBigInt64(8, BigInt(us(intervalNs) % 1e6));
  p.setBigInt64(16, BigInt(Math.floor(us(remainingNs) / 1e6)));
  p.setBigInt64(24, BigInt(us(remainingNs) % 1e6));
}

/** The current setting of a process's ITIMER_REAL: [interval, remaining] in ns. */
export function realTimerState(t: Thread, p: Process): [number, number] {
  const timer = p.realTimer;
  if (!timer) return [0, 0];
  return [timer.intervalNs, Math.max(0, timer.handle.deadline - t.kernel.machine.clock.now())];
}

/** Arm (or with 0, disarm) ITIMER_REAL: SIGALRM at the deadline, then every interval. */
export function armRealTimer(t: Thread, p: Process, valueNs: number, intervalNs: number): void {
  const m = t.kernel.machine;
  if (p.realTimer) m.timers.cancel(p.realTimer.handle);
  p.realTimer = null;
  if (valueNs === 0) return;
  setRealTimer(t.kernel, p, m.clock.now() + valueNs, intervalNs);
}

function setRealTimer(kernel: Kernel, p: Process, deadline: number, intervalNs: number): void {
  const handle = kernel.machine.timers.set(deadline, realTimerFires(kernel, p, deadline));
  p.realTimer = { handle, intervalNs };
}

/** SIGALRM, and the next period: a recipe so a snapshot can keep a pending alarm. */
const realTimerFires = recipe("kernel.realTimerFires", (kernel: Kernel, p: Process, deadline: number) => () => {
  kernel.signalProcess(p, SIGALRM);
  if (p.realTimer && p.realTimer.intervalNs > 0) setRealTimer(kernel, p, deadline + p.realTimer.intervalNs, p.realTimer.intervalNs);
  else p.realTimer = null;
});

/** setitimer(2): ITIMER_REAL. The CPU-time timers are not supported yet (EINVAL). */
export function sysSetitimer(t: Thread, a: Args): SysResult {
  const which = int(a[0]);
  if (which !== ITIMER_REAL) fail(Errno.EINVAL, "only ITIMER_REAL is supported");
  const p = t.process;
  if (ulong(a[2])) {
    const old = Pod.alloc(32);
    const [interval, remaining] = realTimerState(t, p);
    encodeItimerval(old, interval, remaining);
    writeMem(t, ulong(a[2]), old.bytes);
  }
  if (ulong(a[1])) {
    const v = new Pod(readMem(t, ulong(a[1]), 32));
    armRealTimer(t, p, decodeTimeval(v, 16), decodeTimeval(v, 0));
  } else {
    armRealTimer(t, p, 0, 0);
  }
  return 0;
}

/** getitimer(2) */
export function sysGetitimer(t: Thread, a: Args): SysResult {
  if (int(a[0]) !== ITIMER_REAL) fail(Errno.EINVAL, "only ITIMER_REAL is supported");
  const out = Pod.alloc(32);
  const [interval, remaining] = realTimerState(t, t.process);
  encodeItimerval(out, interval, remaining);
  writeMem(t, ulong(a[1]), out.bytes);
  return 0;
}
