import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { AT_EMPTY_PATH, AT_FDCWD, AT_SYMLINK_NOFOLLOW, int, readString, resolveAt, uint, ulong, writeMem } from "./util.js";
import { encodeStat, statOpenFile } from "./fstat.js";

/** newfstatat(2) (fstatat on riscv64) */
export function sysNewfstatat(t: Thread, a: Args): SysResult {
  const dirfd = int(a[0]);
  const path = readString(t, ulong(a[1]));
  const flags = uint(a[3]);
  const st = path === "" && flags & AT_EMPTY_PATH
    ? (dirfd === AT_FDCWD ? t.process.cwd.inode.stat() : statOpenFile(t, dirfd))
    : resolveAt(t, dirfd, path, (flags & AT_SYMLINK_NOFOLLOW) === 0).inode.stat();
  writeMem(t, ulong(a[2]), encodeStat(st));
  return 0;
}
