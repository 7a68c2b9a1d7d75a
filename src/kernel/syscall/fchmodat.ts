import { Errno, fail } from "../errno.js";
import type { Inode } from "../fs/types.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, readString, resolveAt, uint, ulong } from "./util.js";

/** Set the permission bits. We run as root, so no ownership or group check clears S_ISGID. */
export function chmodInode(inode: Inode, mode: number): void {
  if (!inode.chmod) fail(Errno.EPERM);
  inode.chmod(mode & 0o7777);
}

/** fchmodat(2). The system call has no flags argument: AT_SYMLINK_NOFOLLOW is the C library's
 *  business (glibc refuses it for symlinks itself), and the final symlink is always followed. */
export function sysFchmodat(t: Thread, a: Args): SysResult {
  const path = readString(t, ulong(a[1]));
  chmodInode(resolveAt(t, int(a[0]), path, true).inode, uint(a[2]));
  return 0;
}
