import { Pod } from "../../ostd/index.js";
import { PROC_SUPER_MAGIC, TMPFS_MAGIC, type FsStat, type Inode } from "../fs/types.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { AT_FDCWD, readString, resolveAt, ulong, writeMem } from "./util.js";

const PIPEFS_MAGIC = 0x50495045, SOCKFS_MAGIC = 0x534f434b, ANON_INODE_FS_MAGIC = 0x09041934, SYSFS_MAGIC = 0x62656572;
/** Every mount is plain "rw" (as /proc/mounts says); ST_VALID tells the caller f_flags is set. */
const ST_VALID = 0x20;

function synthetic(type: number): FsStat {
  return { type, bsize: 4096, blocks: 0, bfree: 0, bavail: 0, files: 0, ffree: 0, namelen: 255 };
}

/** The file system `inode` (named `path`) lives on. tmpfs and host mounts describe themselves;
 *  the synthetic trees are told apart by mount point, as /proc/mounts tells them apart. */
export function fsStatOf(t: Thread, inode: Inode | null, path: string): FsStat {
  const own = inode?.statfs?.();
  if (own) return own;
  if (!path.startsWith("/")) {
    // Descriptors with no name in the tree: Linux's pseudo file systems.
    if (path.startsWith("pipe:")) return synthetic(PIPEFS_MAGIC);
    if (path.startsWith("socket:")) return synthetic(SOCKFS_MAGIC);
    return synthetic(ANON_INODE_FS_MAGIC);
  }
  const mount = t.kernel.vfs.mountPoints()
    .filter((m) => m === "/" || path === m || path.startsWith(m + "/"))
    .reduce((a, b) => (b.length > a.length ? b : a), "/");
  if (mount === "/proc") return synthetic(PROC_SUPER_MAGIC);
  if (mount === "/sys") return synthetic(SYSFS_MAGIC);
  // /dev is devtmpfs on Linux, which is tmpfs underneath and reports tmpfs's magic.
  return synthetic(TMPFS_MAGIC);
}

/** struct statfs of asm-generic/statfs.h on a 64-bit machine: 120 bytes of longs. */
export function encodeStatfs(st: FsStat, dev: number): Uint8Array {
  const p = Pod.alloc(120);
  const words = [st.type, st.bsize, st.blocks, st.bfree, st.bavail, st.files, st.ffree];
  words.forEach((w, i) => p.setBigInt64(i * 8, BigInt(w)));
  // f_fsid: the device number, as Linux's simple file systems report it.
  p.setInt32(56, dev | 0);
  p.setInt32(60, 0);
  p.setBigInt64(64, BigInt(st.namelen));
  p.setBigInt64(72, BigInt(st.bsize));
  p.setBigInt64(80, BigInt(ST_VALID));
  return p.bytes;
}

/** statfs(2) */
export function sysStatfs(t: Thread, a: Args): SysResult {
  const loc = resolveAt(t, AT_FDCWD, readString(t, ulong(a[0])), true);
  writeMem(t, ulong(a[1]), encodeStatfs(fsStatOf(t, loc.inode, loc.path), loc.inode.stat().dev));
  return 0;
}
