import { Errno, SysError, fail } from "../errno.js";
import { OpenFile, O_ACCMODE, O_CLOEXEC, O_CREAT, O_DIRECTORY, O_EXCL, O_NOFOLLOW, O_NONBLOCK, O_RDONLY, O_WRONLY, O_RDWR, O_TRUNC, O_PATH } from "../fs/file.js";
import { MAY_READ, MAY_WRITE, checkDirWrite, checkPermission, ownNewFile } from "../fs/permission.js";
import { S_IFDIR, S_IFIFO, S_IFLNK, S_IFMT, type FileHandle } from "../fs/types.js";
import { Pipe } from "../ipc/pipe.js";
import type { Loc } from "../fs/vfs.js";
import { IN_MODIFY, IN_OPEN } from "../fs/inotify.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { dirLoc, int, readString, uint, ulong } from "./util.js";
import { recipe } from "../../ostd/index.js";

/** Open (creating if asked) `path` relative to `base`; returns the open file description. */
export function openPath(t: Thread, base: Loc, path: string, flags: number, mode: number): OpenFile {
  const vfs = t.kernel.vfs;
  let loc: Loc;
  let created = false;
  try {
    loc = vfs.resolve(path, base, (flags & O_NOFOLLOW) === 0 && !(flags & O_CREAT && flags & O_EXCL), t.process);
    if (flags & O_CREAT && flags & O_EXCL) fail(Errno.EEXIST);
  } catch (e) {
    if (!(e instanceof SysError) || e.errno !== Errno.ENOENT || !(flags & O_CREAT)) throw e;
    const { dir, name } = vfs.resolveParent(path, base, t.process);
    if (path.endsWith("/")) fail(Errno.EISDIR);
    if (!dir.inode.create) fail(Errno.EACCES);
    const dirStat = dir.inode.stat();
    checkDirWrite(t.process.creds, dirStat);
    const inode = dir.inode.create(name, mode & ~t.process.umask & 0o7777);
    ownNewFile(t.process.creds, dirStat, inode.chown?.bind(inode));
    t.kernel.fsnotify.created(dir.inode, name, inode);
    created = true;
    loc = { inode, path: dir.path === "/" ? `/${name}` : `${dir.path}/${name}` };
  }
  const type = loc.inode.stat().mode & S_IFMT;
  // Before anything else, O_PATH included (GNU cp, mv and ln open their target with
  // O_PATH|O_DIRECTORY to learn whether it is a directory).
  if (flags & O_DIRECTORY && type !== S_IFDIR) fail(Errno.ENOTDIR);
  // O_PATH only names the object: no read/write, and with O_NOFOLLOW it may name a symlink.
  if (flags & O_PATH) return new OpenFile(pathHandle(), flags & (O_PATH | O_DIRECTORY | O_NOFOLLOW), loc.inode, loc.path);
  if (type === S_IFLNK) fail(Errno.ELOOP);
  if (loc.inode.anonymous) return new OpenFile(loc.inode.open(flags & O_ACCMODE), flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC), null, loc.path);
  if (type === S_IFIFO) return watched(t, openFifo(t, loc, flags));
  if (type === S_IFDIR && (flags & O_ACCMODE) !== O_RDONLY) fail(Errno.EISDIR);
  // The creator may open what it just made whatever the mode says (open(2)).
  if (!created) {
    const acc = flags & O_ACCMODE;
    checkPermission(t.process.creds, loc.inode.stat(), (acc !== O_WRONLY ? MAY_READ : 0) | (acc !== O_RDONLY ? MAY_WRITE : 0));
  }
  if (flags & O_TRUNC && (flags & O_ACCMODE) !== O_RDONLY && !(flags & O_PATH) && loc.inode.truncate) {
    loc.inode.truncate(0);
    t.kernel.fsnotify.object(loc.inode, loc.path, IN_MODIFY);
  }
  const handle = loc.inode.open(flags & ~(O_CREAT | O_EXCL | O_TRUNC));
  return watched(t, new OpenFile(handle, flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC), loc.inode, loc.path));
}

/** A file opened by path: opening it, and later its last close, are inotify events. */
function watched(t: Thread, file: OpenFile): OpenFile {
  file.notify = t.kernel.fsnotify;
  t.kernel.fsnotify.file(file, IN_OPEN);
  return file;
}

/** An O_PATH handle: made by a recipe so a snapshot can rebuild it. */
const pathHandle = recipe("kernel.pathHandle", (): FileHandle => ({ seekable: false, read: () => fail(Errno.EBADF), write: () => fail(Errno.EBADF) }));

/**
 * A named pipe: every open of the same FIFO shares one Pipe. As on Linux, opening for reading
 * waits for a writer and the reverse (O_NONBLOCK: readers go ahead, writers get ENXIO).
 */
function openFifo(t: Thread, loc: Loc, flags: number): OpenFile {
  const fifos = t.kernel.fifos;
  let pipe = fifos.get(loc.inode);
  if (!pipe) fifos.set(loc.inode, (pipe = new Pipe(t.kernel.machine.scheduler)));
  const mode = flags & O_ACCMODE;
  const status = flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC);
  if (mode === O_RDWR) return new OpenFile(pipe.bothEnds(), status, loc.inode, loc.path);
  if (mode === O_RDONLY) {
    const h = pipe.readEnd();
    if (!(flags & O_NONBLOCK)) pipe.awaitPeer(t, "writer");
    return new OpenFile(h, status, loc.inode, loc.path);
  }
  if (pipe.readers === 0) {
    if (flags & O_NONBLOCK) fail(Errno.ENXIO);
  }
  const h = pipe.writeEnd();
  if (!(flags & O_NONBLOCK)) pipe.awaitPeer(t, "reader");
  return new OpenFile(h, status, loc.inode, loc.path);
}

/** openat(2) */
export function sysOpenat(t: Thread, a: Args): SysResult {
  const dirfd = int(a[0]);
  const path = readString(t, ulong(a[1]));
  const flags = uint(a[2]);
  const file = openPath(t, dirLoc(t, dirfd, path), path, flags, uint(a[3]));
  return t.process.fds.install(file, (flags & O_CLOEXEC) !== 0);
}
