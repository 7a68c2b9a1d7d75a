import { Errno, fail } from "../errno.js";
import { O_PATH } from "../fs/file.js";
import { S_IFDIR, S_IFLNK, S_IFMT, S_IFREG } from "../fs/types.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int } from "./util.js";
import { statOfOpenFile } from "./ftruncate.js";

/** fsync and fdatasync. tmpfs has nothing to flush; a host file is synced on the host.
 *  Pipes, terminals and devices cannot be synchronized: EINVAL, as on Linux. */
export function syncFd(t: Thread, fd: number, dataOnly: boolean): SysResult {
  const file = t.process.fds.get(fd);
  if (file.flags & O_PATH) fail(Errno.EBADF);
  const type = (statOfOpenFile(file)?.mode ?? 0) & S_IFMT;
  if (type !== S_IFREG && type !== S_IFDIR && type !== S_IFLNK) fail(Errno.EINVAL);
  file.handle.sync?.(dataOnly);
  return 0;
}

/** fsync(2) */
export function sysFsync(t: Thread, a: Args): SysResult {
  return syncFd(t, int(a[0]), false);
}
