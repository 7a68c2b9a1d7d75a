import { PAGE_SIZE } from "../../ostd/index.js";
import { Errno, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { uint, ulong } from "./util.js";

const MS_ASYNC = 1, MS_INVALIDATE = 2, MS_SYNC = 4;

/** msync(2): write back the shared file mappings in the range (all of each file's pages: they
 *  are written back whole); the range must be mapped. */
export function sysMsync(t: Thread, a: Args): SysResult {
  const addr = ulong(a[0]);
  const flags = uint(a[2]);
  if (addr % PAGE_SIZE || flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC) || (flags & MS_ASYNC && flags & MS_SYNC)) fail(Errno.EINVAL);
  const end = addr + ulong(a[1]);
  for (let va = addr; va < end; ) {
    const v = t.process.mem.find(va);
    if (!v) fail(Errno.ENOMEM);
    va = v.end;
  }
  t.process.mem.syncShared(addr, end);
  return 0;
}
