// Arguments shared by the xattr system calls: the file (by path, by path without following a
// final symlink, or by descriptor) and the attribute's name.
import type { Loc } from "../fs/vfs.js";
import { Errno, SysError, fail } from "../errno.js";
import { O_PATH } from "../fs/file.js";
import type { Inode } from "../fs/types.js";
import type { Thread } from "../process/process.js";
import { AT_FDCWD, readString, resolveAt, ulong } from "./util.js";

export type XattrTarget = "path" | "lpath" | "fd";

/** The inode the call names (null: a descriptor with no inode, e.g. a pipe). */
export function xattrInode(t: Thread, how: XattrTarget, arg: bigint): Inode | null {
  return xattrLoc(t, how, arg)?.inode ?? null;
}

/** xattrInode with the path it is known by (for inotify's report to its directory). */
export function xattrLoc(t: Thread, how: XattrTarget, arg: bigint): Loc | null {
  if (how === "fd") {
    const f = t.process.fds.get(Number(BigInt.asIntN(32, arg)));
    if (f.flags & O_PATH) fail(Errno.EBADF);
    return f.inode ? { inode: f.inode, path: f.path } : null;
  }
  return resolveAt(t, AT_FDCWD, readString(t, ulong(arg)), how === "path");
}

/** The attribute name: at most 255 bytes, else ERANGE. */
export function xattrName(t: Thread, va: number): string {
  try {
    return readString(t, va, 256);
  } catch (e) {
    if (e instanceof SysError && e.errno === Errno.ENAMETOOLONG) fail(Errno.ERANGE);
    throw e;
  }
}
