import { Errno, fail } from "../errno.js";
import { isDir } from "../fs/types.js";
import { MAY_EXEC, checkPermission } from "../fs/permission.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int } from "./util.js";

/** fchdir(2) */
export function sysFchdir(t: Thread, a: Args): SysResult {
  const f = t.process.fds.get(int(a[0]));
  if (!f.inode || !isDir(f.inode)) fail(Errno.ENOTDIR);
  checkPermission(t.process.creds, f.inode.stat(), MAY_EXEC);
  t.process.cwd = { inode: f.inode, path: f.path };
  return 0;
}
