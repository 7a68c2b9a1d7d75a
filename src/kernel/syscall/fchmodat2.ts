import { Errno, fail } from "../errno.js";
import { S_IFLNK, S_IFMT, type Inode } from "../fs/types.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { AT_EMPTY_PATH, AT_FDCWD, AT_SYMLINK_NOFOLLOW, int, readString, resolveAt, uint, ulong } from "./util.js";
import { chmodInode } from "./fchmodat.js";

/** fchmodat2(2): fchmodat with flags. AT_SYMLINK_NOFOLLOW on a symbolic link is EOPNOTSUPP
 *  (links have no mode of their own on Linux); AT_EMPTY_PATH changes the file `dirfd` names. */
export function sysFchmodat2(t: Thread, a: Args): SysResult {
  const dirfd = int(a[0]);
  const flags = uint(a[3]);
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) fail(Errno.EINVAL);
  const path = readString(t, ulong(a[1]));
  let inode: Inode;
  if (path === "" && flags & AT_EMPTY_PATH) {
    if (dirfd === AT_FDCWD) inode = t.process.cwd.inode;
    else {
      const f = t.process.fds.get(dirfd);
      if (!f.inode) fail(Errno.EOPNOTSUPP);
      inode = f.inode;
    }
  } else {
    inode = resolveAt(t, dirfd, path, (flags & AT_SYMLINK_NOFOLLOW) === 0).inode;
  }
  if ((inode.stat().mode & S_IFMT) === S_IFLNK) fail(Errno.EOPNOTSUPP);
  chmodInode(inode, uint(a[2]), t.process.creds);
  return 0;
}
