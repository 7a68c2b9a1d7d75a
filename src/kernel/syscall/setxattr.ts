import { IN_ATTRIB } from "../fs/inotify.js";
import { setXattr } from "../fs/xattr.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { readMem, uint, ulong } from "./util.js";
import { xattrLoc, xattrName, type XattrTarget } from "./xattr_args.js";

function setxattrVia(how: XattrTarget, t: Thread, a: Args): SysResult {
  const loc = xattrLoc(t, how, a[0]);
  const inode = loc?.inode ?? null;
  const name = xattrName(t, ulong(a[1]));
  const size = ulong(a[3]);
  // Larger than XATTR_SIZE_MAX is E2BIG before the value is read.
  const value = size > 65536 ? new Uint8Array(65537) : readMem(t, ulong(a[2]), size);
  setXattr(inode, name, value, uint(a[4]));
  if (loc) t.kernel.fsnotify.object(loc.inode, loc.path, IN_ATTRIB);
  return 0;
}

/** setxattr(2): set an extended attribute (XATTR_CREATE / XATTR_REPLACE) of a path. */
export function sysSetxattr(t: Thread, a: Args): SysResult {
  return setxattrVia("path", t, a);
}
/** lsetxattr(2): setxattr of a symbolic link itself. */
export function sysLsetxattr(t: Thread, a: Args): SysResult {
  return setxattrVia("lpath", t, a);
}
/** fsetxattr(2): setxattr of an open file. */
export function sysFsetxattr(t: Thread, a: Args): SysResult {
  return setxattrVia("fd", t, a);
}
