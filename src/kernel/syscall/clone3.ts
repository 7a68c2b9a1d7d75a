import { Errno, fail } from "../errno.js";
import { Pod } from "../../ostd/index.js";
import type { Thread } from "../process/process.js";
import { cloneThread } from "../process/clone.js";
import type { Args, SysResult } from "./types.js";
import { readMem, ulong } from "./util.js";

const CLONE_CLEAR_SIGHAND = 1n << 32n;
const CLONE_DETACHED = 0x400000n; // ignored by clone(2), refused by clone3

/** clone3(2): struct clone_args { flags, pidfd, child_tid, parent_tid, exit_signal, stack,
 *  stack_size, tls, set_tid, set_tid_size, cgroup } (u64 each). */
export function sysClone3(t: Thread, a: Args): SysResult {
  const size = ulong(a[1]);
  if (size < 64 || size > 4096) fail(Errno.EINVAL);
  const p = new Pod(readMem(t, ulong(a[0]), Math.min(size, 88)));
  const flags = p.getBigUint64(0);
  // Beyond the 32 bits of clone(2)'s flags there are CLONE_CLEAR_SIGHAND and CLONE_INTO_CGROUP
  // (no cgroups here); the exit signal has its own field, so no CSIGNAL bits (CLONE_NEWTIME,
  // 0x80, is one of them: no namespaces either).
  if (flags & ~(0xffffffffn | CLONE_CLEAR_SIGHAND) || flags & (0xffn | CLONE_DETACHED)) fail(Errno.EINVAL);
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
    clearSighand: (flags & CLONE_CLEAR_SIGHAND) !== 0n,
  });
  return child.tid;
}
