import { Errno, fail } from "../errno.js";
import { isDir, type Inode } from "../fs/types.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { AT_EMPTY_PATH, AT_FDCWD, AT_SYMLINK_FOLLOW, int, readString, resolveAt, uint, ulong } from "./util.js";
import { createTarget } from "./symlinkat.js";

/** linkat(2): a final symlink in oldpath is linked itself unless AT_SYMLINK_FOLLOW. */
export function sysLinkat(t: Thread, a: Args): SysResult {
  const olddirfd = int(a[0]);
  const flags = uint(a[4]);
  if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH)) fail(Errno.EINVAL);
  const oldpath = readString(t, ulong(a[1]));
  let old: Inode;
  if (oldpath === "" && flags & AT_EMPTY_PATH) {
    if (olddirfd === AT_FDCWD) old = t.process.cwd.inode;
    else {
      const f = t.process.fds.get(olddirfd);
      // A pipe or the console lives on no file system a directory could share.
      if (!f.inode) fail(Errno.EXDEV);
      old = f.inode;
    }
    // An unlinked file may not come back (O_TMPFILE, which may, is not supported).
    if (old.stat().nlink === 0) fail(Errno.ENOENT);
  } else {
    old = resolveAt(t, olddirfd, oldpath, (flags & AT_SYMLINK_FOLLOW) !== 0).inode;
  }
  const newpath = readString(t, ulong(a[3]));
  const { dir, name } = createTarget(t, int(a[2]), newpath);
  if (dir.inode.stat().dev !== old.stat().dev) fail(Errno.EXDEV);
  if (isDir(old)) fail(Errno.EPERM);
  if (!dir.inode.link) fail(Errno.EPERM);
  dir.inode.link(name, old);
  t.kernel.fsnotify.created(dir.inode, name, old, true);
  return 0;
}
