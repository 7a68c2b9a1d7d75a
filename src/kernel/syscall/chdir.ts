import { Errno, fail } from "../errno.js";
import { isDir } from "../fs/types.js";
import { MAY_EXEC, checkPermission } from "../fs/permission.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { readString, ulong } from "./util.js";

/** chdir(2) */
export function sysChdir(t: Thread, a: Args): SysResult {
  const loc = t.kernel.vfs.resolve(readString(t, ulong(a[0])), t.process.cwd, true, t.process);
  if (!isDir(loc.inode)) fail(Errno.ENOTDIR);
  checkPermission(t.process.creds, loc.inode.stat(), MAY_EXEC);
  t.process.cwd = loc;
  return 0;
}
