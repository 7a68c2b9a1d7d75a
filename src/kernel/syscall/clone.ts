import type { Thread } from "../process/process.js";
import { cloneThread } from "../process/clone.js";
import type { Args, SysResult } from "./types.js";
import { ulong } from "./util.js";

/** clone(2). riscv64 passes (flags, newsp, parent_tid, tls, child_tid): CLONE_BACKWARDS order. */
export function sysClone(t: Thread, a: Args): SysResult {
  const child = cloneThread(t, {
    flags: Number(a[0] & 0xffff_ffffn),
    stack: ulong(a[1]),
    parentTid: ulong(a[2]),
    tls: a[3],
    childTid: ulong(a[4]),
  });
  return child.tid;
}
