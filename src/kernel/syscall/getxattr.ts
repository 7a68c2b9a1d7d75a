import { getXattr } from "../fs/xattr.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { ulong, writeMem } from "./util.js";
import { xattrInode, xattrName, type XattrTarget } from "./xattr_args.js";

function getxattrVia(how: XattrTarget, t: Thread, a: Args): SysResult {
  const inode = xattrInode(t, how, a[0]);
  const r = getXattr(inode, xattrName(t, ulong(a[1])), ulong(a[3]));
  if (typeof r === "number") return r;
  writeMem(t, ulong(a[2]), r);
  return r.length;
}

/** getxattr(2): an extended attribute's value (size 0: its length). */
export function sysGetxattr(t: Thread, a: Args): SysResult {
  return getxattrVia("path", t, a);
}
/** lgetxattr(2): getxattr of a symbolic link itself. */
export function sysLgetxattr(t: Thread, a: Args): SysResult {
  return getxattrVia("lpath", t, a);
}
/** fgetxattr(2): getxattr of an open file. */
export function sysFgetxattr(t: Thread, a: Args): SysResult {
  return getxattrVia("fd", t, a);
}
