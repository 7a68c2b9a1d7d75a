// I/O priorities (ioprio_set/ioprio_get). Nothing here queues I/O, so a priority changes no
// timing; it is kept, inherited by children, and reported as Linux reports it (ionice).
import { Errno, fail } from "../errno.js";
import type { Process, Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int } from "./util.js";
import { CAP_SYS_ADMIN, CAP_SYS_NICE, capable } from "../process/caps.js";

const WHO_PROCESS = 1, WHO_PGRP = 2, WHO_USER = 3;
const CLASS_NONE = 0, CLASS_RT = 1, CLASS_BE = 2, CLASS_IDLE = 3;
const CLASS_SHIFT = 13;

function members(t: Thread, which: number, who: number): Process[] {
  const all = [...t.kernel.processes.values()].filter((p) => p.state !== "zombie");
  let out: Process[];
  if (which === WHO_PROCESS) out = who === 0 ? [t.process] : all.filter((p) => p.pid === who || p.threads.some((th) => th.tid === who));
  else if (which === WHO_PGRP) out = all.filter((p) => p.pgid === (who || t.process.pgid));
  else if (which === WHO_USER) out = all.filter((p) => p.creds.uid === (who || t.process.creds.uid));
  else fail(Errno.EINVAL);
  if (out.length === 0) fail(Errno.ESRCH);
  return out;
}

/** What get reports for one process: its own priority, or (never set, for groups) the
 *  best-effort level that its nice value implies, as Linux's get_task_ioprio does. */
function effective(p: Process, forGroup: boolean): number {
  if (p.ioprio !== 0 || !forGroup) return p.ioprio;
  return (CLASS_BE << CLASS_SHIFT) | Math.floor((p.nice + 20) / 5);
}

/** Linux's ioprio_best: a lower class number wins (NONE counts as BE), then a lower level. */
function better(a: number, b: number): number {
  const cls = (v: number) => (v >> CLASS_SHIFT === CLASS_NONE ? CLASS_BE : v >> CLASS_SHIFT);
  if (cls(a) !== cls(b)) return cls(a) < cls(b) ? a : b;
  return (a & 7) <= (b & 7) ? a : b;
}

/** ioprio_set(2): RT needs root; levels 0-7 (none with NONE); unknown classes are EINVAL.
 *  Hints (bits 3-12, Linux 6.5) are kept unchecked, as Linux leaves them to the device. */
export function sysIoprioSet(t: Thread, a: Args): SysResult {
  const ioprio = int(a[2]);
  const cls = ioprio >> CLASS_SHIFT;
  if (cls < CLASS_NONE || cls > CLASS_IDLE) fail(Errno.EINVAL);
  if (cls === CLASS_NONE && (ioprio & 7) !== 0) fail(Errno.EINVAL);
  if (cls === CLASS_RT && !capable(t.process.creds, CAP_SYS_NICE) && !capable(t.process.creds, CAP_SYS_ADMIN)) fail(Errno.EPERM);
  for (const p of members(t, int(a[0]), int(a[1]))) p.ioprio = ioprio;
  return 0;
}

/** ioprio_get(2): a process's priority, or the best of a group's or a user's. */
export function sysIoprioGet(t: Thread, a: Args): SysResult {
  const which = int(a[0]);
  const procs = members(t, which, int(a[1]));
  return procs.map((p) => effective(p, which !== WHO_PROCESS)).reduce(better);
}
