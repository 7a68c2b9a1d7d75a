// The host file system for --mount, on Node's synchronous fs API.
import * as fs from "node:fs";
import { Errno } from "../kernel/errno.js";
import { HostFsError, type HostFsBackend } from "../kernel/fs/hostfs.js";
import type { Stat } from "../kernel/fs/types.js";

function errnoOfNode(e: unknown): Errno {
  const code = (e as NodeJS.ErrnoException).code ?? "EIO";
  const n = (Errno as unknown as Record<string, number>)[code];
  return typeof n === "number" ? n : Errno.EIO;
}

function wrap<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code) throw new HostFsError(errnoOfNode(e), (e as Error).message);
    throw e;
  }
}

// Linux O_* (asm-generic) to Node's flags.
function nodeFlags(flags: number): number {
  const c = fs.constants;
  let f = [c.O_RDONLY, c.O_WRONLY, c.O_RDWR][flags & 3] ?? c.O_RDONLY;
  if (flags & 0o100) f |= c.O_CREAT;
  if (flags & 0o200) f |= c.O_EXCL;
  if (flags & 0o1000) f |= c.O_TRUNC;
  if (flags & 0o2000) f |= c.O_APPEND;
  if (flags & 0o200000) f |= c.O_DIRECTORY;
  return f;
}

function toStat(s: fs.BigIntStats): Stat {
  return {
    dev: 0, ino: Number(s.ino & 0xffff_ffff_ffffn), mode: Number(s.mode), nlink: Number(s.nlink),
    uid: 0, gid: 0, rdev: Number(s.rdev), size: Number(s.size), blksize: Number(s.blksize), blocks: Number(s.blocks),
    atimeNs: s.atimeNs, mtimeNs: s.mtimeNs, ctimeNs: s.ctimeNs,
  };
}

export const nodeHostFs: HostFsBackend = {
  lstat: (p) => wrap(() => toStat(fs.lstatSync(p, { bigint: true }))),
  readdir: (p) => wrap(() => fs.readdirSync(p)),
  open: (p, flags, mode) => wrap(() => fs.openSync(p, nodeFlags(flags), mode || 0o666)),
  close: (h) => wrap(() => fs.closeSync(h)),
  // Linux's own magic link reaches the file whatever became of its name.
  reopen: process.platform === "linux" ? (h, flags) => wrap(() => fs.openSync(`/proc/self/fd/${h}`, nodeFlags(flags))) : undefined,
  pread: (h, len, offset) =>
    wrap(() => {
      const buf = Buffer.allocUnsafe(len);
      const n = fs.readSync(h, buf, 0, len, offset);
      return new Uint8Array(buf.buffer, buf.byteOffset, n);
    }),
  pwrite: (h, data, offset) => wrap(() => fs.writeSync(h, data, 0, data.length, offset)),
  ftruncate: (h, size) => wrap(() => fs.ftruncateSync(h, size)),
  fsize: (h) => wrap(() => fs.fstatSync(h).size),
  truncate: (p, size) => wrap(() => fs.truncateSync(p, size)),
  mkdir: (p, mode) => wrap(() => fs.mkdirSync(p, { mode })),
  rmdir: (p) => wrap(() => fs.rmdirSync(p)),
  unlink: (p) => wrap(() => fs.unlinkSync(p)),
  rename: (a, b) => wrap(() => fs.renameSync(a, b)),
  symlink: (target, p) => wrap(() => fs.symlinkSync(target, p)),
  link: (a, b) => wrap(() => fs.linkSync(a, b)),
  readlink: (p) => wrap(() => fs.readlinkSync(p)),
  chmod: (p, mode) => wrap(() => fs.chmodSync(p, mode)),
  // Node takes times as float seconds: below a microsecond or so, nanoseconds are rounded.
  utimes: (p, a, m) =>
    wrap(() => {
      const st = fs.lstatSync(p, { bigint: true });
      const toSec = (ns: bigint) => Number(ns / 1_000_000_000n) + Number(ns % 1_000_000_000n) / 1e9;
      fs.lutimesSync(p, toSec(a ?? st.atimeNs), toSec(m ?? st.mtimeNs));
    }),
  statfs: (p) =>
    wrap(() => {
      const s = fs.statfsSync(p);
      return { bsize: s.bsize, blocks: s.blocks, bfree: s.bfree, bavail: s.bavail, files: s.files, ffree: s.ffree };
    }),
  fstat: (h) => wrap(() => toStat(fs.fstatSync(h, { bigint: true }))),
  fsync: (h, dataOnly) => wrap(() => (dataOnly ? fs.fdatasyncSync(h) : fs.fsyncSync(h))),
  now: () => BigInt(Date.now()) * 1_000_000n,
};
