import { IN_ATTRIB } from "../fs/inotify.js";
import { Pod } from "../../ostd/index.js";
import { Errno, fail } from "../errno.js";
import { MAY_WRITE, checkPermission, ownerOrRoot } from "../fs/permission.js";
import { O_PATH } from "../fs/file.js";
import type { Inode } from "../fs/types.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { AT_EMPTY_PATH, AT_FDCWD, AT_SYMLINK_NOFOLLOW, int, readMem, readString, resolveAt, uint, ulong } from "./util.js";

export const UTIME_NOW = (1 << 30) - 1;
export const UTIME_OMIT = (1 << 30) - 2;

/** One struct timespec of the times array: NOW, OMIT, or nanoseconds since the epoch. */
type TimeArg = "now" | "omit" | bigint;

function timeArg(sec: bigint, nsec: bigint): TimeArg {
  if (nsec === BigInt(UTIME_NOW)) return "now";
  if (nsec === BigInt(UTIME_OMIT)) return "omit";
  if (nsec < 0n || nsec >= 1_000_000_000n) fail(Errno.EINVAL);
  return sec * 1_000_000_000n + nsec;
}

/**
 * utimensat(2). A NULL path with a real dirfd is the futimens form (Linux's extension); a NULL
 * path with AT_FDCWD is EFAULT, as there. UTIME_NOW takes the file system's own clock: a host
 * directory's files are stamped by the host, and "now" must order with those stamps.
 */
export function sysUtimensat(t: Thread, a: Args): SysResult {
  const dirfd = int(a[0]);
  const pathVa = ulong(a[1]);
  const timesVa = ulong(a[2]);
  const flags = uint(a[3]);
  let times: [bigint, bigint, bigint, bigint] | null = null;
  if (timesVa !== 0) {
    const p = new Pod(readMem(t, timesVa, 32));
    times = [p.getBigInt64(0), p.getBigInt64(8), p.getBigInt64(16), p.getBigInt64(24)];
    // Nothing to do: Linux does not even look the path up.
    if (times[1] === BigInt(UTIME_OMIT) && times[3] === BigInt(UTIME_OMIT)) return 0;
  }
  let inode: Inode;
  let known = ""; // the path inotify reports it by to its directory
  if (pathVa === 0 && dirfd !== AT_FDCWD) {
    if (flags !== 0) fail(Errno.EINVAL);
    const f = t.process.fds.get(dirfd);
    if (f.flags & O_PATH) fail(Errno.EBADF);
    if (!f.inode) return 0; // a pseudo-inode (console, pipe): no times of ours to set
    inode = f.inode;
    known = f.path;
  } else {
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) fail(Errno.EINVAL);
    if (pathVa === 0) fail(Errno.EFAULT);
    const path = readString(t, pathVa);
    if (path === "" && flags & AT_EMPTY_PATH) {
      if (dirfd === AT_FDCWD) ({ inode, path: known } = t.process.cwd);
      else {
        const f = t.process.fds.get(dirfd);
        if (!f.inode) return 0;
        inode = f.inode;
        known = f.path;
      }
    } else {
      ({ inode, path: known } = resolveAt(t, dirfd, path, (flags & AT_SYMLINK_NOFOLLOW) === 0));
    }
  }
  const at = times ? timeArg(times[0], times[1]) : "now";
  const mt = times ? timeArg(times[2], times[3]) : "now";
  if (!inode.utimes) fail(Errno.EPERM);
  // Explicit times are the owner's (or root's) to set; "now" also anyone who may write.
  const who = t.process.creds;
  const st = inode.stat();
  if (!ownerOrRoot(who, st)) {
    if ((at !== "now" && at !== "omit") || (mt !== "now" && mt !== "omit")) fail(Errno.EPERM);
    checkPermission(who, st, MAY_WRITE);
  }
  const now = inode.now?.() ?? t.kernel.machine.world.realtimeNs();
  const resolve = (x: TimeArg) => (x === "now" ? now : x === "omit" ? null : x);
  inode.utimes(resolve(at), resolve(mt));
  t.kernel.fsnotify.object(inode, known, IN_ATTRIB);
  return 0;
}
