import { Errno, fail } from "../errno.js";
import { MAY_EXEC, checkPermission } from "../fs/permission.js";
import { isDir } from "../fs/types.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { readString, ulong } from "./util.js";
import { CAP_SYS_CHROOT, capable } from "../process/caps.js";

/**
 * chroot(2): the directory becomes the process's "/" (absolute paths and absolute symlinks
 * start there, ".." stops there); needs root (CAP_SYS_CHROOT). As on Linux the cwd does not
 * move, so a process that does not chdir("/") afterwards still stands outside.
 */
export function sysChroot(t: Thread, a: Args): SysResult {
  const loc = t.kernel.vfs.resolve(readString(t, ulong(a[0])), t.process.cwd, true, t.process);
  if (!isDir(loc.inode)) fail(Errno.ENOTDIR);
  checkPermission(t.process.creds, loc.inode.stat(), MAY_EXEC);
  if (!capable(t.process.creds, CAP_SYS_CHROOT)) fail(Errno.EPERM);
  t.process.root = loc.path === "/" ? null : loc;
  return 0;
}
