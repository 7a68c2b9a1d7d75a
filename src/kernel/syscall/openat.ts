import { Errno, SysError, fail } from "../errno.js";
import { OpenFile, O_ACCMODE, O_CLOEXEC, O_CREAT, O_DIRECTORY, O_EXCL, O_NOFOLLOW, O_RDONLY, O_TRUNC, O_PATH } from "../fs/file.js";
import { S_IFDIR, S_IFLNK, S_IFMT } from "../fs/types.js";
import type { Loc } from "../fs/vfs.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { dirLoc, int, readString, uint, ulong } from "./util.js";

/** Open (creating if asked) `path` relative to `base`; returns the open file description. */
export function openPath(t: Thread, base: Loc, path: string, flags: number, mode: number): OpenFile {
  const vfs = t.kernel.vfs;
  let loc: Loc;
  try {
    loc = vfs.resolve(path, base, (flags & O_NOFOLLOW) === 0 && !(flags & O_CREAT && flags & O_EXCL));
    if (flags & O_CREAT && flags & O_EXCL) fail(Errno.EEXIST);
  } catch (e) {
    if (!(e instanceof SysError) || e.errno !== Errno.ENOENT || !(flags & O_CREAT)) throw e;
    const { dir, name } = vfs.resolveParent(path, base);
    if (path.endsWith("/")) fail(Errno.EISDIR);
    if (!dir.inode.create) fail(Errno.EACCES);
    const inode = dir.inode.create(name, mode & ~t.process.umask & 0o7777);
    loc = { inode, path: dir.path === "/" ? `/${name}` : `${dir.path}/${name}` };
  }
  const type = loc.inode.stat().mode & S_IFMT;
  if (type === S_IFLNK) fail(Errno.ELOOP);
  if (flags & O_DIRECTORY && type !== S_IFDIR) fail(Errno.ENOTDIR);
  if (type === S_IFDIR && (flags & O_ACCMODE) !== O_RDONLY) fail(Errno.EISDIR);
  if (flags & O_TRUNC && (flags & O_ACCMODE) !== O_RDONLY && !(flags & O_PATH)) loc.inode.truncate?.(0);
  const handle = loc.inode.open(flags & ~(O_CREAT | O_EXCL | O_TRUNC));
  return new OpenFile(handle, flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC), loc.inode, loc.path);
}

/** openat(2) */
export function sysOpenat(t: Thread, a: Args): SysResult {
  const dirfd = int(a[0]);
  const path = readString(t, ulong(a[1]));
  const flags = uint(a[2]);
  const file = openPath(t, dirLoc(t, dirfd, path), path, flags, uint(a[3]));
  return t.process.fds.install(file, (flags & O_CLOEXEC) !== 0);
}
