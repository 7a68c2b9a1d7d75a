// Extended attributes (xattr(7)) as tmpfs keeps them: the user, trusted and security
// namespaces, in memory with the inode. We run as root (CAP_SYS_ADMIN), so trusted.* is open
// too. system.* (POSIX ACLs) is not supported, nor are xattrs on file systems without a store
// (host mounts, /proc, /dev, pipes): EOPNOTSUPP, as Linux says for such file systems.
import { Errno, fail } from "../errno.js";
import { S_IFDIR, S_IFMT, S_IFREG, type Inode } from "./types.js";

export const XATTR_CREATE = 1, XATTR_REPLACE = 2;
const XATTR_NAME_MAX = 255;
const XATTR_SIZE_MAX = 65536;
const XATTR_LIST_MAX = 65536;
const NAMESPACES = ["user.", "trusted.", "security."];

/** The inode's store after checking the name; fails as Linux does for bad names. */
function storeFor(inode: Inode | null, name: string): Map<string, Uint8Array> {
  if (name.length === 0 || name.length > XATTR_NAME_MAX) fail(Errno.ERANGE);
  if (!NAMESPACES.some((ns) => name.startsWith(ns) && name.length > ns.length)) fail(Errno.EOPNOTSUPP);
  if (!inode?.xattrs) fail(Errno.EOPNOTSUPP);
  return inode.xattrs();
}

/** user.* attributes live only on regular files and directories (xattr(7)): elsewhere
 *  changing one is EPERM (and reading finds none). */
function userAllowed(inode: Inode, name: string): boolean {
  const type = inode.stat().mode & S_IFMT;
  return !name.startsWith("user.") || type === S_IFREG || type === S_IFDIR;
}

export function setXattr(inode: Inode | null, name: string, value: Uint8Array, flags: number): void {
  if (flags & ~(XATTR_CREATE | XATTR_REPLACE)) fail(Errno.EINVAL);
  if (value.length > XATTR_SIZE_MAX) fail(Errno.E2BIG);
  const store = storeFor(inode, name);
  if (!userAllowed(inode!, name)) fail(Errno.EPERM);
  const exists = store.has(name);
  if (flags & XATTR_CREATE && exists) fail(Errno.EEXIST);
  if (flags & XATTR_REPLACE && !exists) fail(Errno.ENODATA);
  store.set(name, value.slice());
  inode!.touch?.();
}

/** The value, or with `size` 0 only its length (the caller then writes nothing). */
export function getXattr(inode: Inode | null, name: string, size: number): Uint8Array | number {
  const store = storeFor(inode, name);
  const value = store.get(name);
  if (!value) fail(Errno.ENODATA);
  if (size === 0) return value.length;
  if (size < value.length) fail(Errno.ERANGE);
  return value;
}

/** The names, each NUL-terminated, or with `size` 0 only the total length. */
export function listXattrs(inode: Inode | null, size: number): Uint8Array | number {
  // In name order, as tmpfs keeps them (a tree keyed by name).
  const names = inode?.xattrs ? [...inode.xattrs().keys()].sort() : [];
  const bytes = new TextEncoder().encode(names.map((n) => `${n}\0`).join(""));
  if (size === 0) return bytes.length;
  if (bytes.length > XATTR_LIST_MAX && size >= XATTR_LIST_MAX) fail(Errno.E2BIG);
  if (size < bytes.length) fail(Errno.ERANGE);
  return bytes;
}

export function removeXattr(inode: Inode | null, name: string): void {
  const store = storeFor(inode, name);
  if (!userAllowed(inode!, name)) fail(Errno.EPERM);
  if (!store.delete(name)) fail(Errno.ENODATA);
  inode!.touch?.();
}
