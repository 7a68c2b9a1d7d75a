import { Errno, fail } from "../errno.js";
import { isDir, type Inode } from "../fs/types.js";
import { MAY_WRITE, checkDelete, checkDirWrite, checkPermission } from "../fs/permission.js";
import type { Loc } from "../fs/vfs.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { dirLoc, int, readString, uint, ulong } from "./util.js";
import { statKey } from "../fs/file.js";

export const RENAME_NOREPLACE = 1, RENAME_EXCHANGE = 2, RENAME_WHITEOUT = 4;

function childPath(dir: Loc, name: string): string {
  return dir.path === "/" ? `/${name}` : `${dir.path}/${name}`;
}

/** Hard links of one file are one inode; host nodes are made per lookup, so compare identity. */
function sameInode(x: Inode, y: Inode): boolean {
  if (x === y) return true;
  const a = x.stat(), b = y.stat();
  return a.dev === b.dev && a.ino === b.ino;
}

/**
 * renameat2(2). The checks run in the order Linux's do_renameat2 makes them, so a call that
 * breaks several rules fails as it would there. RENAME_WHITEOUT (for overlay file systems) is
 * not supported: EINVAL, as from a file system without it.
 */
export function sysRenameat2(t: Thread, a: Args): SysResult {
  const flags = uint(a[4]);
  if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT)) fail(Errno.EINVAL);
  if (flags & RENAME_NOREPLACE && flags & RENAME_EXCHANGE) fail(Errno.EINVAL);
  if (flags & RENAME_WHITEOUT && flags & RENAME_EXCHANGE) fail(Errno.EINVAL);
  const oldpath = readString(t, ulong(a[1]));
  const newpath = readString(t, ulong(a[3]));
  const vfs = t.kernel.vfs;
  const from = vfs.resolveParent(oldpath, dirLoc(t, int(a[0]), oldpath), t.process);
  const to = vfs.resolveParent(newpath, dirLoc(t, int(a[2]), newpath), t.process);
  if (from.dir.inode.stat().dev !== to.dir.inode.stat().dev) fail(Errno.EXDEV);
  const dotted = (n: string) => n === "." || n === "..";
  if (dotted(from.name)) fail(Errno.EBUSY);
  if (dotted(to.name)) fail(flags & RENAME_NOREPLACE ? Errno.EEXIST : Errno.EBUSY);
  if (flags & RENAME_WHITEOUT) fail(Errno.EINVAL, "RENAME_WHITEOUT is not supported");

  const src = from.dir.inode.lookup?.(from.name) ?? fail(Errno.ENOENT);
  const dst = to.dir.inode.lookup?.(to.name) ?? null;
  if (flags & RENAME_NOREPLACE && dst) fail(Errno.EEXIST);
  if (flags & RENAME_EXCHANGE) {
    if (!dst) fail(Errno.ENOENT);
    if (!isDir(dst) && newpath.endsWith("/")) fail(Errno.ENOTDIR);
  }
  // A trailing slash promises a directory.
  if (!isDir(src) && (oldpath.endsWith("/") || (!(flags & RENAME_EXCHANGE) && newpath.endsWith("/")))) fail(Errno.ENOTDIR);

  // Canonical paths make the ancestry checks exact: no symlinks or dot components remain.
  const srcPath = childPath(from.dir, from.name);
  const dstPath = childPath(to.dir, to.name);
  if (dstPath.startsWith(srcPath + "/")) fail(Errno.EINVAL);
  if (srcPath.startsWith(dstPath + "/")) fail(flags & RENAME_EXCHANGE ? Errno.EINVAL : Errno.ENOTEMPTY);

  if (dst && sameInode(src, dst)) return 0;
  // vfs_rename's permission checks: delete from the old directory, create in (or delete
  // from) the new one, and a directory moving elsewhere must be writable (its "..").
  const who = t.process.creds;
  checkDelete(who, from.dir.inode.stat(), src.stat());
  if (dst) checkDelete(who, to.dir.inode.stat(), dst.stat());
  else checkDirWrite(who, to.dir.inode.stat());
  if (isDir(src) && from.dir.path !== to.dir.path) checkPermission(who, src.stat(), MAY_WRITE);
  const mounts = vfs.mountPoints();
  if (mounts.includes(srcPath) || mounts.includes(dstPath)) fail(Errno.EBUSY);
  if (flags & RENAME_EXCHANGE) {
    if (!from.dir.inode.exchange) fail(Errno.EINVAL, "this file system cannot exchange entries");
    const s = src.stat(), d = dst!.stat();
    from.dir.inode.exchange(from.name, to.dir.inode, to.name);
    // Linux reports an exchange as two moves, the old name's first.
    t.kernel.fsnotify.moved(from.dir.inode, from.name, to.dir.inode, to.name, statKey(s), s.mode, null);
    t.kernel.fsnotify.moved(to.dir.inode, to.name, from.dir.inode, from.name, statKey(d), d.mode, null);
    return 0;
  }
  if (dst) {
    if (isDir(src) && !isDir(dst)) fail(Errno.ENOTDIR);
    if (!isDir(src) && isDir(dst)) fail(Errno.EISDIR);
  }
  if (!from.dir.inode.rename) fail(Errno.EPERM);
  const s = src.stat(), d = dst?.stat();
  from.dir.inode.rename(from.name, to.dir.inode, to.name);
  const replaced = d ? { key: statKey(d), mode: d.mode, linksLeft: isDir(dst!) ? 0 : d.nlink - 1 } : null;
  t.kernel.fsnotify.moved(from.dir.inode, from.name, to.dir.inode, to.name, statKey(s), s.mode, replaced);
  return 0;
}
