import { Errno, fail } from "../errno.js";
import { Pod } from "../../ostd/index.js";
import type { Thread } from "../process/process.js";
import { cloneThread } from "../process/clone.js";
import type { Args, SysResult } from "./types.js";
import { readMem, ulong } from "./util.js";

/** clone3(2): struct clone_args { flags, pidfd, child_tid, parent_tid, exit_signal, stack,
 *  stack_size, tls, set_tid, set_tid_size, cgroup } (u64 each). */
export function sysClone3(t: Thread, a: Args): SysResult {
  const size = ulong(a[1]);
  if (size < 64 || size > 4096) fail(Errno.EINVAL);
  const p = new Pod(readMem(t, ulong(a[0]), Math.min(size, 88)));
  const flags = p.getBigUint64(0);
  if (flags >> 32n) fail(Errno.EINVAL, "clone3 flags beyond 32 bits are not supported");
  const exitSignal = Number(p.getBigUint64(32));
  if (exitSignal > 64) fail(Errno.EINVAL);
  const stack = Number(p.getBigUint64(40));
  const stackSize = Number(p.getBigUint64(48));
  const child = cloneThread(t, {
    flags: Number(flags) | exitSignal,
    stack: stack ? stack + stackSize : 0,
    childTid: Number(p.getBigUint64(16)),
    parentTid: Number(p.getBigUint64(24)),
    tls: p.getBigUint64(56),
  });
  return child.tid;
}
