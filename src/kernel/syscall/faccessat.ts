import { Errno, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { AT_SYMLINK_NOFOLLOW, int, readString, resolveAt, uint, ulong } from "./util.js";

const X_OK = 1;

/** faccessat(2) / faccessat2(2). We run as root: read and write are always allowed; execute
 *  needs some x bit (or a directory), as for root on Linux. */
export function sysFaccessat(t: Thread, a: Args): SysResult {
  const mode = int(a[2]);
  const flags = a.length > 3 ? uint(a[3]) : 0;
  if (mode & ~7) fail(Errno.EINVAL);
  const loc = resolveAt(t, int(a[0]), readString(t, ulong(a[1])), (flags & AT_SYMLINK_NOFOLLOW) === 0);
  const st = loc.inode.stat();
  if (mode & X_OK && (st.mode & 0o111) === 0 && (st.mode & 0o170000) !== 0o040000) fail(Errno.EACCES);
  return 0;
}

/** faccessat(2) has no flags argument. */
export function sysFaccessat1(t: Thread, a: Args): SysResult {
  return sysFaccessat(t, [a[0], a[1], a[2], 0n, 0n, 0n]);
}
