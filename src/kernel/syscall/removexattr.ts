import { IN_ATTRIB } from "../fs/inotify.js";
import { removeXattr } from "../fs/xattr.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { ulong } from "./util.js";
import { xattrLoc, xattrName, type XattrTarget } from "./xattr_args.js";

function removexattrVia(how: XattrTarget, t: Thread, a: Args): SysResult {
  const loc = xattrLoc(t, how, a[0]);
  removeXattr(loc?.inode ?? null, xattrName(t, ulong(a[1])));
  if (loc) t.kernel.fsnotify.object(loc.inode, loc.path, IN_ATTRIB);
  return 0;
}

/** removexattr(2): remove an extended attribute (ENODATA if it has none by that name). */
export function sysRemovexattr(t: Thread, a: Args): SysResult {
  return removexattrVia("path", t, a);
}
/** lremovexattr(2): removexattr of a symbolic link itself. */
export function sysLremovexattr(t: Thread, a: Args): SysResult {
  return removexattrVia("lpath", t, a);
}
/** fremovexattr(2): removexattr of an open file. */
export function sysFremovexattr(t: Thread, a: Args): SysResult {
  return removexattrVia("fd", t, a);
}
