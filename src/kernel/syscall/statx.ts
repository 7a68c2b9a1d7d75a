import { Pod } from "../../ostd/index.js";
import { Errno, fail } from "../errno.js";
import { devMajor, devMinor, type Stat } from "../fs/types.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { AT_EMPTY_PATH, AT_FDCWD, AT_SYMLINK_NOFOLLOW, int, readString, resolveAt, uint, ulong, writeMem } from "./util.js";
import { statOpenFile } from "./fstat.js";
import { statOfOpenFile } from "./ftruncate.js";

// include/uapi/linux/stat.h and fcntl.h
const STATX_BASIC_STATS = 0x7ff;
const STATX__RESERVED = 0x8000_0000;
const STATX_ATTR_MOUNT_ROOT = 0x2000;
const AT_NO_AUTOMOUNT = 0x800, AT_STATX_SYNC_TYPE = 0x6000;


/** struct statx_timestamp: nanoseconds kept in [0, 1e9) also before the epoch. */
function putTime(p: Pod, off: number, ns: bigint): void {
  let sec = ns / 1_000_000_000n;
  let nsec = ns % 1_000_000_000n;
  if (nsec < 0n) {
    sec -= 1n;
    nsec += 1_000_000_000n;
  }
  p.setBigInt64(off, sec);
  p.setUint32(off + 8, Number(nsec));
}

/** struct statx: 256 bytes. Only the basic stats are known (no birth time, no mount id);
 *  the result mask says so whatever was asked, as Linux may answer more or less than asked. */
export function encodeStatx(st: Stat, mountRoot: boolean): Uint8Array {
  const p = Pod.alloc(256);
  p.setUint32(0, STATX_BASIC_STATS);
  p.setUint32(4, st.blksize);
  p.setBigUint64(8, BigInt(mountRoot ? STATX_ATTR_MOUNT_ROOT : 0));
  p.setUint32(16, st.nlink);
  p.setUint32(20, st.uid);
  p.setUint32(24, st.gid);
  p.setUint16(28, st.mode & 0xffff);
  p.setBigUint64(32, BigInt(st.ino));
  p.setBigUint64(40, BigInt(st.size));
  p.setBigUint64(48, BigInt(st.blocks));
  p.setBigUint64(56, BigInt(STATX_ATTR_MOUNT_ROOT));
  putTime(p, 64, st.atimeNs);
  putTime(p, 96, st.ctimeNs);
  putTime(p, 112, st.mtimeNs);
  p.setUint32(128, devMajor(st.rdev));
  p.setUint32(132, devMinor(st.rdev));
  p.setUint32(136, devMajor(st.dev));
  p.setUint32(140, devMinor(st.dev));
  return p.bytes;
}

/** statx(2). A NULL path with AT_EMPTY_PATH means the descriptor itself (Linux 6.11). */
export function sysStatx(t: Thread, a: Args): SysResult {
  const dirfd = int(a[0]);
  const pathVa = ulong(a[1]);
  const flags = uint(a[2]);
  const mask = uint(a[3]);
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH | AT_STATX_SYNC_TYPE)) fail(Errno.EINVAL);
  if ((flags & AT_STATX_SYNC_TYPE) === AT_STATX_SYNC_TYPE) fail(Errno.EINVAL);
  if (mask & STATX__RESERVED) fail(Errno.EINVAL);
  const path = pathVa === 0 && flags & AT_EMPTY_PATH ? "" : readString(t, pathVa);
  let st: Stat;
  let where: string;
  if (path === "" && flags & AT_EMPTY_PATH) {
    if (dirfd === AT_FDCWD) {
      st = t.process.cwd.inode.stat();
      where = t.process.cwd.path;
    } else {
      const file = t.process.fds.get(dirfd);
      st = statOfOpenFile(file) ?? statOpenFile(t, dirfd);
      where = file.path;
    }
  } else {
    const loc = resolveAt(t, dirfd, path, (flags & AT_SYMLINK_NOFOLLOW) === 0);
    st = loc.inode.stat();
    where = loc.path;
  }
  writeMem(t, ulong(a[4]), encodeStatx(st, t.kernel.vfs.mountPoints().includes(where)));
  return 0;
}
