// mlock family: memory is never swapped out here, so locking only validates its arguments.
import { Errno, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { uint, ulong } from "./util.js";

function checkMapped(t: Thread, addr: number, len: number): void {
  const start = addr - (addr % 4096);
  for (let va = start; va < addr + len; ) {
    const v = t.process.mem.find(va);
    if (!v) fail(Errno.ENOMEM);
    va = v.end;
  }
}

/** mlock(2) */
export const sysMlock = (t: Thread, a: Args): SysResult => (checkMapped(t, ulong(a[0]), ulong(a[1])), 0);
/** munlock(2) */
export const sysMunlock = (t: Thread, a: Args): SysResult => (checkMapped(t, ulong(a[0]), ulong(a[1])), 0);
/** mlockall(2) */
export function sysMlockall(_t: Thread, a: Args): SysResult {
  const flags = uint(a[0]);
  if (flags === 0 || flags & ~7) fail(Errno.EINVAL);
  return 0;
}
/** munlockall(2) */
export const sysMunlockall = (): SysResult => 0;
