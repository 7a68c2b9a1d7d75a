import { Errno, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import { Block, type Args, type SysResult } from "./types.js";
import { int } from "./util.js";

const LOCK_SH = 1, LOCK_EX = 2, LOCK_NB = 4, LOCK_UN = 8;

/** flock(2): advisory locks on open file descriptions, shared or exclusive, blocking. */
export function sysFlock(t: Thread, a: Args): SysResult {
  const file = t.process.fds.get(int(a[0]));
  const op = int(a[1]);
  const kind = op & ~LOCK_NB;
  if (kind !== LOCK_SH && kind !== LOCK_EX && kind !== LOCK_UN) fail(Errno.EINVAL);
  const locks = t.kernel.flocks;
  const key: object = file.inode ?? file;
  const holders = locks.get(key) ?? { shared: new Set<object>(), exclusive: null as object | null, queue: t.kernel.machine.scheduler.newWaitQueue("flock") };
  locks.set(key, holders);
  holders.shared.delete(file);
  if (holders.exclusive === file) holders.exclusive = null;
  if (kind === LOCK_UN) {
    holders.queue.wakeAll();
    return 0;
  }
  const free = kind === LOCK_SH ? holders.exclusive === null : holders.exclusive === null && holders.shared.size === 0;
  if (!free) {
    if (op & LOCK_NB) fail(Errno.EAGAIN);
    return new Block([holders.queue], null, "flock");
  }
  if (kind === LOCK_SH) holders.shared.add(file);
  else holders.exclusive = file;
  return 0;
}
