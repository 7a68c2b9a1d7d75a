import { Pod } from "../../ostd/index.js";
import { Errno, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, ulong, writeMem } from "./util.js";
import { STACK_SIZE } from "../mm/memory.js";

const RLIM_INFINITY = (1n << 64n) - 1n;
const RLIMIT_STACK = 3, RLIMIT_NOFILE = 7, RLIM_NLIMITS = 16;

/** The limits a process starts with (as a default Linux login has them). */
function limit(resource: number): [bigint, bigint] {
  switch (resource) {
    case RLIMIT_STACK: return [BigInt(STACK_SIZE), RLIM_INFINITY];
    case RLIMIT_NOFILE: return [1024n, 1024n];
    default: return [RLIM_INFINITY, RLIM_INFINITY];
  }
}

/** prlimit64(2): reports the limits; setting them is accepted but not enforced yet beyond
 *  what the kernel already caps (descriptors at 1024, stack at 8 MiB). */
export function sysPrlimit64(t: Thread, a: Args): SysResult {
  const pid = int(a[0]);
  const resource = int(a[1]);
  const old = ulong(a[3]);
  if (resource < 0 || resource >= RLIM_NLIMITS) fail(Errno.EINVAL);
  if (pid !== 0 && pid !== t.process.pid && !t.kernel.processes.has(pid)) fail(Errno.ESRCH);
  if (old) {
    const [cur, max] = limit(resource);
    const b = new Uint8Array(16);
    const v = new Pod(b);
    v.setBigUint64(0, cur);
    v.setBigUint64(8, max);
    writeMem(t, old, b);
  }
  return 0;
}
