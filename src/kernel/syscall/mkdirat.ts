import { Errno, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import { checkDirWrite, ownNewFile } from "../fs/permission.js";
import type { Args, SysResult } from "./types.js";
import { dirLoc, int, readString, uint, ulong } from "./util.js";

/** mkdirat(2) */
export function sysMkdirat(t: Thread, a: Args): SysResult {
  const path = readString(t, ulong(a[1]));
  const { dir, name } = t.kernel.vfs.resolveParent(path, dirLoc(t, int(a[0]), path), t.process);
  if (name === "." || name === "..") fail(Errno.EEXIST);
  if (dir.inode.lookup?.(name)) fail(Errno.EEXIST);
  if (!dir.inode.mkdir) fail(Errno.EPERM);
  const dirStat = dir.inode.stat();
  checkDirWrite(t.process.creds, dirStat);
  const made = dir.inode.mkdir(name, uint(a[2]) & ~t.process.umask & 0o7777);
  ownNewFile(t.process.creds, dirStat, made.chown?.bind(made));
  t.kernel.fsnotify.created(dir.inode, name, made);
  return 0;
}
