import { IN_MODIFY } from "../fs/inotify.js";
import { Errno, fail } from "../errno.js";
import { O_PATH, type OpenFile } from "../fs/file.js";
import { S_IFMT, S_IFREG, type Stat } from "../fs/types.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, long } from "./util.js";

/** The stat of an open file's inode, through its handle where it has one (a host file may
 *  have lost its name); null for descriptors without an inode of ours (console, pipes). */
export function statOfOpenFile(file: OpenFile): Stat | null {
  if (!file.inode) return null;
  return file.handle.stat?.() ?? file.inode.stat();
}

/** Set the size of an open regular file: through the handle when it can (a host file keeps
 *  its handle after its name is gone), else through the inode. */
export function truncateOpenFile(file: OpenFile, size: number): void {
  if (file.handle.truncate) file.handle.truncate(size);
  else if (file.inode?.truncate) file.inode.truncate(size);
  else fail(Errno.EINVAL);
}

/** ftruncate(2): a descriptor not open for writing is EINVAL on Linux (not EBADF). */
export function sysFtruncate(t: Thread, a: Args): SysResult {
  const length = long(a[1]);
  if (length < 0) fail(Errno.EINVAL);
  const file = t.process.fds.get(int(a[0]));
  if (file.flags & O_PATH) fail(Errno.EBADF);
  const st = statOfOpenFile(file);
  if (!st || (st.mode & S_IFMT) !== S_IFREG || !file.writable) fail(Errno.EINVAL);
  truncateOpenFile(file, length);
  t.kernel.fsnotify.file(file, IN_MODIFY);
  return 0;
}
