// Helpers shared by system call handlers: argument conversion and checked user-memory access.
import { Errno, fail, errnoOf } from "../errno.js";
import type { Inode } from "../fs/types.js";
import type { Thread } from "../process/process.js";
import type { IoctlMemory } from "../fs/types.js";
import type { Loc } from "../fs/vfs.js";
import { PATH_MAX } from "../fs/vfs.js";

/** The low 32 bits as a signed int (C int arguments). */
export function int(v: bigint): number {
  return Number(BigInt.asIntN(32, v));
}

/** The low 32 bits as unsigned (flags, modes). */
export function uint(v: bigint): number {
  return Number(BigInt.asUintN(32, v));
}

/** A signed 64-bit argument (off_t, long) as a number (exact below 2^53). */
export function long(v: bigint): number {
  return Number(BigInt.asIntN(64, v));
}

/** A pointer or size_t. Values beyond 2^53 stay huge, so range checks still fail them. */
export function ulong(v: bigint): number {
  return Number(v);
}

export function readMem(t: Thread, va: number, len: number): Uint8Array {
  const buf = new Uint8Array(len);
  const r = t.process.mem.vm.read(va, buf);
  if (r !== true) fail(errnoOf(r));
  return buf;
}

export function writeMem(t: Thread, va: number, data: Uint8Array): void {
  const r = t.process.mem.vm.write(va, data);
  if (r !== true) fail(errnoOf(r));
}

export function readU64(t: Thread, va: number): bigint {
  const r = t.process.mem.vm.readU64(va);
  if (typeof r !== "bigint") fail(errnoOf(r));
  return r;
}

export function writeU64(t: Thread, va: number, v: bigint): void {
  const r = t.process.mem.vm.writeU64(va, v);
  if (r !== true) fail(errnoOf(r));
}

export function writeI32(t: Thread, va: number, v: number): void {
  const r = t.process.mem.vm.writeU32(va, v >>> 0);
  if (r !== true) fail(errnoOf(r));
}

const decoder = new TextDecoder();

/** UTF-8 bytes as a string, as TextDecoder decodes them; short ASCII (paths, argv, the
 *  environment: nearly every string a system call reads) without the call into the decoder. */
export function decodeString(bytes: Uint8Array): string {
  if (bytes.length > 256) return decoder.decode(bytes);
  for (let i = 0; i < bytes.length; i++) if (bytes[i] >= 0x80) return decoder.decode(bytes);
  return String.fromCharCode.apply(null, bytes as unknown as number[]);
}

const encoder = new TextEncoder();

/** A string as UTF-8 bytes, as TextEncoder encodes it; short ASCII (paths, names) without the
 *  call into the encoder. */
export function encodeString(s: string): Uint8Array {
  const n = s.length;
  if (n > 256) return encoder.encode(s);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return encoder.encode(s);
    out[i] = c;
  }
  return out;
}

/** A NUL-terminated string argument (paths: at most PATH_MAX bytes, else ENAMETOOLONG). */
export function readString(t: Thread, va: number, max = PATH_MAX): string {
  const r = t.process.mem.vm.readCString(va, max);
  if (r instanceof Uint8Array) return decodeString(r);
  fail(r === "InvalidArgs" ? Errno.ENAMETOOLONG : errnoOf(r));
}

/** A NULL-terminated array of string pointers (argv, envp). */
export function readStringArray(t: Thread, va: number): string[] {
  const out: string[] = [];
  if (va === 0) return out;
  for (let i = 0; ; i++) {
    if (i > 0x20000) fail(Errno.E2BIG);
    const p = readU64(t, va + i * 8);
    if (p === 0n) return out;
    out.push(readString(t, Number(p), 128 * 1024));
  }
}

/** User memory for ioctl handlers, failing with EFAULT. */
export function ioctlMemory(t: Thread): IoctlMemory {
  return { read: (va, len) => readMem(t, va, len), write: (va, data) => writeMem(t, va, data) };
}

export const AT_FDCWD = -100;
export const AT_SYMLINK_NOFOLLOW = 0x100;
export const AT_REMOVEDIR = 0x200;
export const AT_SYMLINK_FOLLOW = 0x400;
export const AT_EMPTY_PATH = 0x1000;

/** The directory a *at() path is relative to. */
export function dirLoc(t: Thread, dirfd: number, path: string): Loc {
  if (path.startsWith("/") || dirfd === AT_FDCWD) return t.process.cwd;
  const f = t.process.fds.get(dirfd);
  if (!f.inode) fail(Errno.ENOTDIR);
  return { inode: f.inode, path: f.path };
}

/** The inode a *at() call with flags names: with AT_EMPTY_PATH and an empty path, `dirfd`'s
 *  own (null for a descriptor without one: a pipe, the console), else the path's, following
 *  a final symlink unless AT_SYMLINK_NOFOLLOW. */
export function inodeAt(t: Thread, dirfd: number, path: string, flags: number): Inode | null {
  return locAt(t, dirfd, path, flags)?.inode ?? null;
}

/** inodeAt with the path it is known by (for inotify's report to its directory). */
export function locAt(t: Thread, dirfd: number, path: string, flags: number): Loc | null {
  if (path === "" && flags & AT_EMPTY_PATH) {
    if (dirfd === AT_FDCWD) return t.process.cwd;
    const f = t.process.fds.get(dirfd);
    return f.inode ? { inode: f.inode, path: f.path } : null;
  }
  return resolveAt(t, dirfd, path, (flags & AT_SYMLINK_NOFOLLOW) === 0);
}

/** Resolve a *at() path argument. */
export function resolveAt(t: Thread, dirfd: number, path: string, follow: boolean): Loc {
  return t.kernel.vfs.resolve(path, dirLoc(t, dirfd, path), follow, t.process);
}
