import { Errno, fail } from "../errno.js";
import { isDir } from "../fs/types.js";
import { checkDelete } from "../fs/permission.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { AT_REMOVEDIR, dirLoc, int, readString, uint, ulong } from "./util.js";
import { statKey } from "../fs/file.js";

/** unlinkat(2) */
export function sysUnlinkat(t: Thread, a: Args): SysResult {
  const path = readString(t, ulong(a[1]));
  const flags = uint(a[2]);
  if (flags & ~AT_REMOVEDIR) fail(Errno.EINVAL);
  const { dir, name } = t.kernel.vfs.resolveParent(path, dirLoc(t, int(a[0]), path), t.process);
  const who = t.process.creds;
  if (flags & AT_REMOVEDIR) {
    if (name === ".") fail(Errno.EINVAL);
    if (name === "..") fail(Errno.ENOTEMPTY);
    if (!dir.inode.rmdir) fail(Errno.EPERM);
    const victim = dir.inode.lookup?.(name);
    const st = victim?.stat();
    if (st) checkDelete(who, dir.inode.stat(), st);
    dir.inode.rmdir(name);
    if (st) t.kernel.fsnotify.removed(dir.inode, name, statKey(st), st.mode, 0);
  } else {
    const target = dir.inode.lookup?.(name);
    if (!target) fail(Errno.ENOENT);
    const st = target.stat();
    checkDelete(who, dir.inode.stat(), st);
    if (isDir(target)) fail(Errno.EISDIR);
    if (!dir.inode.unlink) fail(Errno.EPERM);
    dir.inode.unlink(name);
    t.kernel.fsnotify.removed(dir.inode, name, statKey(st), st.mode, st.nlink - 1);
  }
  return 0;
}
