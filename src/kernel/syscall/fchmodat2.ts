import { IN_ATTRIB } from "../fs/inotify.js";
import { Errno, fail } from "../errno.js";
import { S_IFLNK, S_IFMT, type Inode } from "../fs/types.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { AT_EMPTY_PATH, AT_SYMLINK_NOFOLLOW, locAt, int, readString, uint, ulong } from "./util.js";
import { chmodInode } from "./fchmodat.js";

/** fchmodat2(2): fchmodat with flags. AT_SYMLINK_NOFOLLOW on a symbolic link is EOPNOTSUPP
 *  (links have no mode of their own on Linux); AT_EMPTY_PATH changes the file `dirfd` names. */
export function sysFchmodat2(t: Thread, a: Args): SysResult {
  const dirfd = int(a[0]);
  const flags = uint(a[3]);
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) fail(Errno.EINVAL);
  const loc = locAt(t, dirfd, readString(t, ulong(a[1])), flags);
  if (!loc) fail(Errno.EOPNOTSUPP);
  const inode = loc.inode;
  if ((inode.stat().mode & S_IFMT) === S_IFLNK) fail(Errno.EOPNOTSUPP);
  chmodInode(inode, uint(a[2]), t.process.creds);
  t.kernel.fsnotify.object(inode, loc.path, IN_ATTRIB);
  return 0;
}
