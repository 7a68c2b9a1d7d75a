import { Errno, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, ulong, writeMem } from "./util.js";

/** sched_getaffinity(2): one hart, CPU 0. Returns the mask size written (8 bytes). */
export function sysSchedGetaffinity(t: Thread, a: Args): SysResult {
  const len = ulong(a[1]);
  if (len < 8 || len % 8) fail(Errno.EINVAL);
  if (int(a[0]) < 0 || (int(a[0]) && !t.kernel.processes.has(int(a[0])))) fail(Errno.ESRCH);
  const mask = new Uint8Array(8);
  mask[0] = 1;
  writeMem(t, ulong(a[2]), mask);
  return 8;
}

/** sched_setaffinity(2): the mask must include CPU 0, the only one. */
export function sysSchedSetaffinity(t: Thread, a: Args): SysResult {
  const len = ulong(a[1]);
  if (len < 1) fail(Errno.EINVAL);
  const b = t.process.mem.vm.readU32(ulong(a[2]));
  if (typeof b !== "number") fail(Errno.EFAULT);
  if ((b & 1) === 0) fail(Errno.EINVAL);
  return 0;
}
