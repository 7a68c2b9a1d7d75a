import { Pod } from "../../ostd/index.js";
import type { Stat } from "../fs/types.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { Errno, fail } from "../errno.js";
import { int, ulong, writeMem } from "./util.js";

/** struct stat of asm-generic/stat.h (riscv64): 128 bytes. */
export function encodeStat(st: Stat): Uint8Array {
  const b = new Uint8Array(128);
  const v = new Pod(b);
  // Times before 1970 floor to the earlier second with a positive nanosecond part.
  const sec = (ns: bigint) => (ns >= 0n ? ns / 1_000_000_000n : -((-ns + 999_999_999n) / 1_000_000_000n));
  const nsec = (ns: bigint) => ns - sec(ns) * 1_000_000_000n;
  v.setBigUint64(0, BigInt(st.dev));
  v.setBigUint64(8, BigInt(st.ino));
  v.setUint32(16, st.mode);
  v.setUint32(20, st.nlink);
  v.setUint32(24, st.uid);
  v.setUint32(28, st.gid);
  v.setBigUint64(32, BigInt(st.rdev));
  v.setBigInt64(48, BigInt(st.size));
  v.setInt32(56, st.blksize);
  v.setBigInt64(64, BigInt(st.blocks));
  v.setBigInt64(72, sec(st.atimeNs));
  v.setBigUint64(80, nsec(st.atimeNs));
  v.setBigInt64(88, sec(st.mtimeNs));
  v.setBigUint64(96, nsec(st.mtimeNs));
  v.setBigInt64(104, sec(st.ctimeNs));
  v.setBigUint64(112, nsec(st.ctimeNs));
  return b;
}

/** Stat of an open file: its inode's, or a character device's for streams without one. */
export function statOpenFile(t: Thread, fd: number): Stat {
  const file = t.process.fds.get(fd);
  if (file.handle.stat) return file.handle.stat();
  if (file.inode) return file.inode.stat();
  fail(Errno.EBADF);
}

/** fstat(2) */
export function sysFstat(t: Thread, a: Args): SysResult {
  writeMem(t, ulong(a[1]), encodeStat(statOpenFile(t, int(a[0]))));
  return 0;
}
