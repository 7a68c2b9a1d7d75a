import { IN_ATTRIB } from "../fs/inotify.js";
import { Errno, fail } from "../errno.js";
import { O_PATH } from "../fs/file.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, uint } from "./util.js";
import { chownInode } from "./fchownat.js";

/** fchown(2) */
export function sysFchown(t: Thread, a: Args): SysResult {
  const file = t.process.fds.get(int(a[0]));
  if (file.flags & O_PATH) fail(Errno.EBADF);
  // As for fchmod: the console and pipes have no inode of ours to change.
  if (file.inode) chownInode(file.inode, uint(a[1]), uint(a[2]), t.process.creds);
  t.kernel.fsnotify.file(file, IN_ATTRIB);
  return 0;
}
