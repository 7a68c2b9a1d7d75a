import { IN_MODIFY } from "../fs/inotify.js";
import { Errno, fail } from "../errno.js";
import { S_IFDIR, S_IFMT, S_IFREG } from "../fs/types.js";
import { MAY_WRITE, checkPermission } from "../fs/permission.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { AT_FDCWD, long, readString, resolveAt, ulong } from "./util.js";

/** truncate(2) */
export function sysTruncate(t: Thread, a: Args): SysResult {
  const length = long(a[1]);
  if (length < 0) fail(Errno.EINVAL);
  const loc = resolveAt(t, AT_FDCWD, readString(t, ulong(a[0])), true);
  const inode = loc.inode;
  const type = inode.stat().mode & S_IFMT;
  if (type === S_IFDIR) fail(Errno.EISDIR);
  if (type !== S_IFREG) fail(Errno.EINVAL);
  // Generated files (/proc) have no size to set.
  if (!inode.truncate) fail(Errno.EACCES);
  checkPermission(t.process.creds, inode.stat(), MAY_WRITE);
  inode.truncate(length);
  t.kernel.fsnotify.object(inode, loc.path, IN_MODIFY);
  return 0;
}
