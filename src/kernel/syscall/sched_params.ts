// Scheduling policy calls. Everything runs round-robin by instruction budget; the normal
// policies (SCHED_OTHER, BATCH, IDLE) and nice values are recorded and reported, and the
// real-time ones (FIFO, RR, DEADLINE), which this scheduler cannot honour, are refused.
import { Errno, fail } from "../errno.js";
import type { Process, Thread } from "../process/process.js";
import { Pod } from "../../ostd/index.js";
import type { Args, SysResult } from "./types.js";
import { int, readMem, ulong, writeI32, writeMem } from "./util.js";

export const SCHED_OTHER = 0, SCHED_FIFO = 1, SCHED_RR = 2, SCHED_BATCH = 3, SCHED_IDLE = 5, SCHED_DEADLINE = 6;

export function target(t: Thread, pid: number): Process {
  if (pid < 0) fail(Errno.EINVAL);
  const p = pid === 0 ? t.process : t.kernel.processes.get(pid);
  if (!p) fail(Errno.ESRCH);
  return p;
}

const SCHED_RESET_ON_FORK = 0x40000000;

/** sched_getscheduler(2): the policy, with SCHED_RESET_ON_FORK when set. */
export function sysSchedGetscheduler(t: Thread, a: Args): SysResult {
  const p = target(t, int(a[0]));
  return p.schedPolicy | (p.schedResetOnFork ? SCHED_RESET_ON_FORK : 0);
}
/** Check a normal policy and its static priority (0), then record it. */
export function setPolicy(p: Process, policy: number, priority: number, resetOnFork: boolean): void {
  if (policy === SCHED_FIFO || policy === SCHED_RR || policy === SCHED_DEADLINE) fail(Errno.EPERM, "real-time policies are not supported");
  if (policy !== SCHED_OTHER && policy !== SCHED_BATCH && policy !== SCHED_IDLE) fail(Errno.EINVAL);
  if (priority !== 0) fail(Errno.EINVAL);
  p.schedPolicy = policy;
  p.schedResetOnFork = resetOnFork;
}
/** sched_setscheduler(2): SCHED_OTHER/BATCH/IDLE (| SCHED_RESET_ON_FORK) with priority 0. */
export function sysSchedSetscheduler(t: Thread, a: Args): SysResult {
  const p = target(t, int(a[0]));
  const policy = int(a[1]);
  if (!ulong(a[2])) fail(Errno.EINVAL);
  const priority = new Pod(readMem(t, ulong(a[2]), 4)).getInt32(0);
  setPolicy(p, policy & ~SCHED_RESET_ON_FORK, priority, (policy & SCHED_RESET_ON_FORK) !== 0);
  return 0;
}
/** sched_getparam(2) */
export function sysSchedGetparam(t: Thread, a: Args): SysResult {
  target(t, int(a[0]));
  writeI32(t, ulong(a[1]), 0);
  return 0;
}
/** sched_setparam(2) */
export function sysSchedSetparam(t: Thread, a: Args): SysResult {
  target(t, int(a[0]));
  if (!ulong(a[1])) fail(Errno.EINVAL);
  // The normal policies have static priority 0 only.
  if (new Pod(readMem(t, ulong(a[1]), 4)).getInt32(0) !== 0) fail(Errno.EINVAL);
  return 0;
}
/** sched_get_priority_max(2) */
export const sysSchedGetPriorityMax = (_t: Thread, a: Args): SysResult => (int(a[0]) === SCHED_FIFO || int(a[0]) === SCHED_RR ? 99 : 0);
/** sched_get_priority_min(2) */
export const sysSchedGetPriorityMin = (_t: Thread, a: Args): SysResult => (int(a[0]) === SCHED_FIFO || int(a[0]) === SCHED_RR ? 1 : 0);
/** sched_rr_get_interval(2): the slice is 2 M instructions = 2 ms of virtual time. */
export function sysSchedRrGetInterval(t: Thread, a: Args): SysResult {
  target(t, int(a[0]));
  const b = new Uint8Array(16);
  b.set([0x80, 0x84, 0x1e], 8); // 2,000,000 ns little-endian
  writeMem(t, ulong(a[1]), b);
  return 0;
}

const PRIO_PROCESS = 0, PRIO_PGRP = 1, PRIO_USER = 2;

/** getpriority(2): returns 20 - nice, as the raw system call does. */
export function sysGetpriority(t: Thread, a: Args): SysResult {
  const which = int(a[0]);
  if (which !== PRIO_PROCESS && which !== PRIO_PGRP && which !== PRIO_USER) fail(Errno.EINVAL);
  const p = which === PRIO_PROCESS ? target(t, int(a[1])) : t.process;
  return 20 - p.nice;
}
/** setpriority(2) */
export function sysSetpriority(t: Thread, a: Args): SysResult {
  const which = int(a[0]);
  if (which !== PRIO_PROCESS && which !== PRIO_PGRP && which !== PRIO_USER) fail(Errno.EINVAL);
  const nice = Math.max(-20, Math.min(19, int(a[2])));
  const procs = which === PRIO_PROCESS ? [target(t, int(a[1]))]
    : which === PRIO_PGRP ? [...t.kernel.processes.values()].filter((p) => p.pgid === (int(a[1]) || t.process.pgid))
    : [...t.kernel.processes.values()];
  if (procs.length === 0) fail(Errno.ESRCH);
  for (const p of procs) p.nice = nice;
  return 0;
}
