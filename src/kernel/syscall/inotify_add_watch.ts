import { Errno, fail } from "../errno.js";
import { fileKeyOf } from "../fs/file.js";
import { IN_ALL_BITS, IN_DONT_FOLLOW, IN_MASK_ADD, IN_MASK_CREATE, IN_ONLYDIR, inotifyOf } from "../fs/inotify.js";
import { MAY_READ, checkPermission } from "../fs/permission.js";
import { S_IFDIR, S_IFMT } from "../fs/types.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { AT_FDCWD, int, readString, resolveAt, uint, ulong } from "./util.js";

/** inotify_add_watch(2): watch a path for events (IN_ONLYDIR, IN_DONT_FOLLOW, IN_MASK_ADD,
 *  IN_MASK_CREATE, IN_ONESHOT, IN_EXCL_UNLINK); returns the watch descriptor. */
export function sysInotifyAddWatch(t: Thread, a: Args): SysResult {
  const ino = inotifyOf(t.process.fds.get(int(a[0])));
  const path = readString(t, ulong(a[1]));
  const mask = uint(a[2]);
  if (mask & IN_MASK_ADD && mask & IN_MASK_CREATE) fail(Errno.EINVAL);
  if ((mask & IN_ALL_BITS) === 0) fail(Errno.EINVAL);
  const { inode } = resolveAt(t, AT_FDCWD, path, (mask & IN_DONT_FOLLOW) === 0);
  const st = inode.stat();
  if (mask & IN_ONLYDIR && (st.mode & S_IFMT) !== S_IFDIR) fail(Errno.ENOTDIR);
  checkPermission(t.process.creds, st, MAY_READ);
  return ino.addWatch(fileKeyOf(inode), mask);
}
