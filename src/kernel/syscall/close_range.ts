import { Errno, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { uint } from "./util.js";

const CLOSE_RANGE_UNSHARE = 2, CLOSE_RANGE_CLOEXEC = 4;

/** close_range(2) */
export function sysCloseRange(t: Thread, a: Args): SysResult {
  const first = uint(a[0]);
  const last = uint(a[1]);
  const flags = uint(a[2]);
  if (first > last || flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC)) fail(Errno.EINVAL);
  if (flags & CLOSE_RANGE_UNSHARE) t.process.fds = t.process.fds.unshare().ownedBy(t.process, t.kernel.locks);
  for (const [fd] of t.process.fds.list()) {
    if (fd < first || fd > last) continue;
    if (flags & CLOSE_RANGE_CLOEXEC) t.process.fds.entry(fd).cloexec = true;
    else t.process.fds.close(fd);
  }
  return 0;
}
