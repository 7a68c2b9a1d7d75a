import { Errno, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import { Block, type Args, type SysResult } from "./types.js";
import { int } from "./util.js";

const LOCK_SH = 1, LOCK_EX = 2, LOCK_NB = 4, LOCK_UN = 8;

/** flock(2): advisory locks on open file descriptions, shared or exclusive, blocking. They go
 *  with the description's last descriptor (fs/locks.ts). */
export function sysFlock(t: Thread, a: Args): SysResult {
  const file = t.process.fds.get(int(a[0]));
  const op = int(a[1]);
  const kind = op & ~LOCK_NB;
  if (kind !== LOCK_SH && kind !== LOCK_EX && kind !== LOCK_UN) fail(Errno.EINVAL);
  const locks = t.kernel.locks;
  if (kind === LOCK_UN) {
    locks.unflock(file);
    return 0;
  }
  if (locks.flock(file, kind === LOCK_EX)) return 0;
  if (op & LOCK_NB) fail(Errno.EAGAIN);
  return new Block([locks.queue(file.fileKey())], null, "flock");
}
