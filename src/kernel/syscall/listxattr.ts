import { listXattrs } from "../fs/xattr.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { ulong, writeMem } from "./util.js";
import { xattrInode, type XattrTarget } from "./xattr_args.js";

function listxattrVia(how: XattrTarget, t: Thread, a: Args): SysResult {
  const r = listXattrs(xattrInode(t, how, a[0]), ulong(a[2]));
  if (typeof r === "number") return r;
  writeMem(t, ulong(a[1]), r);
  return r.length;
}

/** listxattr(2): the names of a file's extended attributes, NUL-terminated (size 0: length). */
export function sysListxattr(t: Thread, a: Args): SysResult {
  return listxattrVia("path", t, a);
}
/** llistxattr(2): listxattr of a symbolic link itself. */
export function sysLlistxattr(t: Thread, a: Args): SysResult {
  return listxattrVia("lpath", t, a);
}
/** flistxattr(2): listxattr of an open file. */
export function sysFlistxattr(t: Thread, a: Args): SysResult {
  return listxattrVia("fd", t, a);
}
