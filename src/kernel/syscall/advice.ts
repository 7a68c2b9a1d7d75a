// Hints that change nothing observable here: there is no page cache to prefetch or drop.
import { Errno, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, long } from "./util.js";

/** fadvise64(2): validates the descriptor and advice. */
export function sysFadvise64(t: Thread, a: Args): SysResult {
  const file = t.process.fds.get(int(a[0]));
  if (!file.handle.seekable) fail(Errno.ESPIPE);
  if (long(a[2]) < 0 || int(a[3]) < 0 || int(a[3]) > 5) fail(Errno.EINVAL);
  return 0;
}

/** readahead(2) */
export function sysReadahead(t: Thread, a: Args): SysResult {
  const file = t.process.fds.get(int(a[0]));
  if (!file.handle.seekable || !file.inode) fail(Errno.EINVAL);
  return 0;
}
