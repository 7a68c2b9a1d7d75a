import { IN_ATTRIB } from "../fs/inotify.js";
import { Errno, fail } from "../errno.js";
import type { Inode } from "../fs/types.js";
import { ownerOrRoot, type Creds } from "../fs/permission.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, readString, resolveAt, uint, ulong } from "./util.js";
import { CAP_FSETID, capable } from "../process/caps.js";

/** Set the permission bits: the owner's or root's right. As on Linux, a non-root caller
 *  outside the file's group loses S_ISGID. */
export function chmodInode(inode: Inode, mode: number, who?: Creds): void {
  if (!inode.chmod) fail(Errno.EPERM);
  const st = inode.stat();
  if (!ownerOrRoot(who, st)) fail(Errno.EPERM);
  let bits = mode & 0o7777;
  if (who && st.gid !== who.fsgid && !who.groups.includes(st.gid) && !capable(who, CAP_FSETID)) bits &= ~0o2000;
  inode.chmod(bits);
}

/** fchmodat(2). The system call has no flags argument: AT_SYMLINK_NOFOLLOW is the C library's
 *  business (glibc refuses it for symlinks itself), and the final symlink is always followed. */
export function sysFchmodat(t: Thread, a: Args): SysResult {
  const path = readString(t, ulong(a[1]));
  const loc = resolveAt(t, int(a[0]), path, true);
  chmodInode(loc.inode, uint(a[2]), t.process.creds);
  t.kernel.fsnotify.object(loc.inode, loc.path, IN_ATTRIB);
  return 0;
}
