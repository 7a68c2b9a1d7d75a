import { Errno, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { encodeString, int, readString, resolveAt, ulong, writeMem } from "./util.js";

/** readlinkat(2): the target, truncated to the buffer, not NUL-terminated. */
export function sysReadlinkat(t: Thread, a: Args): SysResult {
  const path = readString(t, ulong(a[1]));
  const size = int(a[3]);
  if (size <= 0) fail(Errno.EINVAL);
  const loc = resolveAt(t, int(a[0]), path, false);
  if (!loc.inode.readlink) fail(Errno.EINVAL);
  const target = encodeString(loc.inode.readlink());
  const n = Math.min(size, target.length);
  writeMem(t, ulong(a[2]), target.subarray(0, n));
  return n;
}
