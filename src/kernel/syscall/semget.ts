import { Errno, fail } from "../errno.js";
import { SEMMSL, semAllowed } from "../ipc/sysv_sem.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int } from "./util.js";

export const IPC_PRIVATE = 0, IPC_CREAT = 0o1000, IPC_EXCL = 0o2000;

/** semget(2): a new set of `nsems` semaphores (all 0), or the existing one with that key. */
export function sysSemget(t: Thread, a: Args): SysResult {
  const key = int(a[0]);
  const nsems = int(a[1]);
  const flags = int(a[2]);
  const ns = t.kernel.sems;
  if (nsems < 0 || nsems > SEMMSL) fail(Errno.EINVAL);
  const who = t.process.creds;
  const now = t.kernel.machine.world.realtimeNs();
  const existing = key === IPC_PRIVATE ? null : ns.byKey(key);
  if (existing) {
    if (flags & IPC_CREAT && flags & IPC_EXCL) fail(Errno.EEXIST);
    if (nsems > existing.nsems) fail(Errno.EINVAL);
    // The access the caller asks for, from the mode bits it passes (read 0o444, alter 0o222).
    if ((flags & 0o444 && !semAllowed(who, existing.perm, 4)) || (flags & 0o222 && !semAllowed(who, existing.perm, 2))) fail(Errno.EACCES);
    return existing.id;
  }
  if (key !== IPC_PRIVATE && !(flags & IPC_CREAT)) fail(Errno.ENOENT);
  if (nsems === 0) fail(Errno.EINVAL);
  return ns.create(key, nsems, flags, who, now, t.kernel.machine.scheduler).id;
}
