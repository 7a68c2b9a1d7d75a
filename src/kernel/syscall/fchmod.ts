import { IN_ATTRIB } from "../fs/inotify.js";
import { Errno, fail } from "../errno.js";
import { O_PATH } from "../fs/file.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, uint } from "./util.js";
import { chmodInode } from "./fchmodat.js";

/** fchmod(2) */
export function sysFchmod(t: Thread, a: Args): SysResult {
  const file = t.process.fds.get(int(a[0]));
  if (file.flags & O_PATH) fail(Errno.EBADF);
  // The console and pipes have pseudo-inodes on Linux, where the call succeeds; ours keep no
  // mode to change.
  if (file.inode) chmodInode(file.inode, uint(a[1]), t.process.creds);
  t.kernel.fsnotify.file(file, IN_ATTRIB);
  return 0;
}
