import { Errno, fail } from "../errno.js";
import type { Loc } from "../fs/vfs.js";
import { checkDirWrite, ownNewFile } from "../fs/permission.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { dirLoc, int, readString, ulong } from "./util.js";

/** The directory and name a new entry (link, symlink, node) goes to, with the errors Linux's
 *  filename_create gives: EEXIST for an existing name (even a dangling symlink) or "."/"..",
 *  ENOENT for a missing name written with a trailing slash. */
export function createTarget(t: Thread, dirfd: number, path: string): { dir: Loc; name: string } {
  const { dir, name } = t.kernel.vfs.resolveParent(path, dirLoc(t, dirfd, path), t.process);
  if (name === "." || name === "..") fail(Errno.EEXIST);
  if (dir.inode.lookup?.(name)) fail(Errno.EEXIST);
  if (path.endsWith("/")) fail(Errno.ENOENT);
  checkDirWrite(t.process.creds, dir.inode.stat());
  return { dir, name };
}

/** symlinkat(2) */
export function sysSymlinkat(t: Thread, a: Args): SysResult {
  const target = readString(t, ulong(a[0]));
  const path = readString(t, ulong(a[2]));
  if (target === "") fail(Errno.ENOENT);
  const { dir, name } = createTarget(t, int(a[1]), path);
  if (!dir.inode.symlink) fail(Errno.EPERM);
  const made = dir.inode.symlink(name, target);
  ownNewFile(t.process.creds, dir.inode.stat(), made.chown?.bind(made));
  t.kernel.fsnotify.created(dir.inode, name, made);
  return 0;
}
