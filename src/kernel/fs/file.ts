// Open file descriptions and the per-process descriptor table.
import { Errno, SysError, fail } from "../errno.js";
import type { FileHandle, Inode } from "./types.js";
import type { FileLocks } from "./locks.js";
import type { FsNotify } from "./inotify.js";

// open(2) flags (include/uapi/asm-generic/fcntl.h).
export const O_ACCMODE = 0o3, O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2;
export const O_CREAT = 0o100, O_EXCL = 0o200, O_NOCTTY = 0o400, O_TRUNC = 0o1000, O_APPEND = 0o2000;
export const O_NONBLOCK = 0o4000, O_DIRECTORY = 0o200000, O_NOFOLLOW = 0o400000, O_CLOEXEC = 0o2000000;
export const O_PATH = 0o10000000;

/** See OpenFile.fileKey. */
export type FileKey = string | OpenFile;

export function fileKeyOf(inode: Inode): string {
  return statKey(inode.stat());
}

/** A file's key from its stat: the device and inode number. */
export function statKey(st: { dev: number; ino: number }): string {
  return `${st.dev}:${st.ino}`;
}

/** What open() returns and dup() shares: a handle, its offset and its status flags. */
export class OpenFile {
  offset = 0;
  /** Directory read position for getdents64 (index into the entry list). */
  dirCursor = 0;

  constructor(readonly handle: FileHandle, public flags: number, readonly inode: Inode | null, readonly path: string) {}

  get readable(): boolean {
    return (this.flags & O_ACCMODE) !== O_WRONLY;
  }

  get writable(): boolean {
    return (this.flags & O_ACCMODE) !== O_RDONLY;
  }

  private refs = 1;
  /** Every descriptor for it is closed (epoll drops such interests). */
  closed = false;
  /** Set once the description has held a flock or OFD lock: they go when it closes. */
  lockTable: FileLocks | null = null;
  /** fileKey(), once worked out. */
  private key: FileKey | null = null;
  /** Set for files opened by path: their last close is an inotify event (IN_CLOSE_*). */
  notify: FsNotify | null = null;

  /** What the kernel keeps its file's locks and shared pages by: the device and inode number
   *  (a file system may make more than one Inode object for a file), or the open file itself
   *  when it has none (a pipe). Worked out on first use, from the open handle where it can
   *  stat (a host file unlinked since has no path left to stat: the first write to a
   *  mkstemp'd and unlinked file failed with ENOENT), else from the inode, and kept. */
  fileKey(): FileKey {
    return (this.key ??= this.inode ? statKey(this.handle.stat?.() ?? this.inode.stat()) : this);
  }

  /** fileKey(), or null when it was never worked out and cannot be now (a host file gone). */
  knownFileKey(): FileKey | null {
    if (this.key !== null) return this.key;
    try {
      return this.fileKey();
    } catch (e) {
      if (e instanceof SysError) return null;
      throw e;
    }
  }
  ref(): OpenFile {
    this.refs++;
    return this;
  }
  unref(): void {
    if (--this.refs > 0) return;
    this.closed = true;
    this.lockTable?.releaseFile(this);
    this.notify?.closed(this); // before the handle goes, as Linux's __fput reports it
    this.handle.close?.();
  }
}

interface FdEntry {
  file: OpenFile;
  cloexec: boolean;
}

export const FD_CLOEXEC = 1;
export const RLIMIT_NOFILE_DEFAULT = 1024;

export class FdTable {
  private fds: Array<FdEntry | undefined> = [];
  /** Processes sharing this table (CLONE_FILES). */
  private users = 1;
  /** The owner of the POSIX record locks a close here drops (fcntl F_SETLK: closing any
   *  descriptor for a file drops the process's locks on it) and the lock table: set by the
   *  process the table was made for (a table shared by CLONE_FILES stays its maker's). */
  private lockOwner: object | null = null;
  private locks: FileLocks | null = null;

  /** Make `owner` the owner of the POSIX locks closes through this table drop, unless the
   *  table has one already. */
  ownedBy(owner: object, locks: FileLocks): this {
    if (this.lockOwner === null) {
      this.lockOwner = owner;
      this.locks = locks;
    }
    return this;
  }

  /** A descriptor for `file` is going away: its owner's POSIX locks on the file go too. */
  private dropRecordLocks(file: OpenFile): void {
    if (!this.locks?.anyRecords || !file.inode) return;
    const key = file.knownFileKey();
    if (key !== null) this.locks.releaseRecords(this.lockOwner!, key);
  }

  share(): FdTable {
    this.users++;
    return this;
  }

  /** A private copy if others share this table (execve unshares it, as Linux does). */
  unshare(): FdTable {
    if (this.users === 1) return this;
    const copy = this.fork();
    this.users--;
    return copy;
  }

  /** A process stops using the table (exit); the last one closes every descriptor. */
  release(): void {
    if (--this.users === 0) this.closeAll();
  }

  get(fd: number): OpenFile {
    const e = fd >= 0 ? this.fds[fd] : undefined;
    if (!e) fail(Errno.EBADF);
    return e.file;
  }

  entry(fd: number): FdEntry {
    const e = fd >= 0 ? this.fds[fd] : undefined;
    if (!e) fail(Errno.EBADF);
    return e;
  }

  /** Install at the lowest free descriptor >= `min`; takes over the caller's reference. */
  install(file: OpenFile, cloexec: boolean, min = 0): number {
    let fd = min;
    while (this.fds[fd]) fd++;
    if (fd >= RLIMIT_NOFILE_DEFAULT) {
      file.unref();
      fail(Errno.EMFILE);
    }
    this.fds[fd] = { file, cloexec };
    return fd;
  }

  /** Install at exactly `fd`, closing what was there (dup2/dup3). */
  installAt(fd: number, file: OpenFile, cloexec: boolean): void {
    if (fd < 0 || fd >= RLIMIT_NOFILE_DEFAULT) fail(Errno.EBADF);
    const old = this.fds[fd];
    if (old) {
      this.dropRecordLocks(old.file);
      old.file.unref();
    }
    this.fds[fd] = { file, cloexec };
  }

  close(fd: number): void {
    const e = this.entry(fd);
    this.fds[fd] = undefined;
    this.dropRecordLocks(e.file);
    e.file.unref();
  }

  /** A copy sharing every open file description (fork). */
  fork(): FdTable {
    const t = new FdTable();
    t.fds = this.fds.map((e) => (e ? { file: e.file.ref(), cloexec: e.cloexec } : undefined));
    return t;
  }

  closeOnExec(): void {
    this.fds.forEach((e, fd) => {
      if (e?.cloexec) this.close(fd);
    });
  }

  closeAll(): void {
    this.fds.forEach((e, fd) => {
      if (e) this.close(fd);
    });
  }

  /** Open descriptors, for /proc/PID/fd. */
  list(): Array<[number, OpenFile]> {
    const out: Array<[number, OpenFile]> = [];
    this.fds.forEach((e, fd) => e && out.push([fd, e.file]));
    return out;
  }
}
