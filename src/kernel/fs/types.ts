// The VFS vocabulary: inodes, their metadata, and the handles open files hold.
import type { WaitQueue } from "../../ostd/index.js";

// File type bits of st_mode (include/uapi/linux/stat.h).
export const S_IFMT = 0o170000;
export const S_IFSOCK = 0o140000;
export const S_IFLNK = 0o120000;
export const S_IFREG = 0o100000;
export const S_IFBLK = 0o060000;
export const S_IFDIR = 0o040000;
export const S_IFCHR = 0o020000;
export const S_IFIFO = 0o010000;

// d_type values of getdents64.
export const DT_UNKNOWN = 0, DT_FIFO = 1, DT_CHR = 2, DT_DIR = 4, DT_BLK = 6, DT_REG = 8, DT_LNK = 10, DT_SOCK = 12;

export function dtypeOf(mode: number): number {
  switch (mode & S_IFMT) {
    case S_IFDIR: return DT_DIR;
    case S_IFREG: return DT_REG;
    case S_IFLNK: return DT_LNK;
    case S_IFCHR: return DT_CHR;
    case S_IFIFO: return DT_FIFO;
    case S_IFSOCK: return DT_SOCK;
    case S_IFBLK: return DT_BLK;
    default: return DT_UNKNOWN;
  }
}

export interface Stat {
  dev: number;
  ino: number;
  mode: number;
  nlink: number;
  uid: number;
  gid: number;
  rdev: number;
  size: number;
  blksize: number;
  blocks: number;
  atimeNs: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
}

export interface DirEntry {
  name: string;
  ino: number;
  type: number; // DT_*
}

/** A read or write that must wait: block on `queue` and retry the system call. */
export class WouldBlock {
  constructor(readonly queue: WaitQueue, readonly what: string) {}
}

/** Per-open state of a file: what read/write/ioctl do on it. Returned by Inode.open(). */
export interface FileHandle {
  read(offset: number, len: number): Uint8Array | WouldBlock;
  write(offset: number, data: Uint8Array): number | WouldBlock;
  /** Files with a position (regular files, directories) seek; streams do not (ESPIPE). */
  readonly seekable: boolean;
  ioctl?(request: number, arg: bigint, mem: IoctlMemory): number;
  /** Readiness for poll: POLLIN (1), POLLOUT (4), POLLERR (8), POLLHUP (16). Files without it
   *  are always ready for reading and writing. */
  poll?(): number;
  /** lseek on a device that defines its own (e.g. /dev/null always reports 0). */
  seek?(offset: number, whence: number): number;
  /** mmap of this file gives fresh anonymous memory (/dev/zero). */
  readonly mapsAnonymous?: boolean;
  /** Metadata for files with no inode (pipes, the console). */
  stat?(): Stat;
  /** Where a poller sleeps until poll() may have changed. */
  pollQueues?(): WaitQueue[];
  close?(): void;
  /** Size for SEEK_END. */
  size?(): number;
  /** ftruncate through the open handle (a host file that was unlinked has no path left). */
  truncate?(size: number): void;
  /** fsync/fdatasync: push this handle's writes to stable storage where there is any. */
  sync?(dataOnly: boolean): void;
  /** Stat through the handle, for files whose name may be gone (host files). */
  stat?(): Stat;
  /** A new handle on the same object, for the access mode given (O_RDONLY, O_WRONLY, O_RDWR):
   *  open(2) of a pipe's /proc/PID/fd/N link. */
  reopen?(accessMode: number): FileHandle;
}

/** User memory access handed to ioctl handlers (they read and write argument structs). */
export interface IoctlMemory {
  read(va: number, len: number): Uint8Array;
  write(va: number, data: Uint8Array): void;
}

/**
 * A file system object. Directory operations throw SysError (ENOTDIR, EEXIST, ...) as Linux
 * returns them; names are single path components, never "." or "..".
 */
export interface Inode {
  readonly ino: number;
  stat(): Stat;
  open(flags: number): FileHandle;
  lookup?(name: string): Inode | null;
  readdir?(): DirEntry[];
  create?(name: string, mode: number): Inode;
  mkdir?(name: string, mode: number): Inode;
  symlink?(name: string, target: string): Inode;
  link?(name: string, target: Inode): void;
  unlink?(name: string): void;
  rmdir?(name: string): void;
  rename?(oldName: string, newDir: Inode, newName: string): void;
  readlink?(): string;
  truncate?(size: number): void;
  chmod?(mode: number): void;
  chown?(uid: number, gid: number): void;
  utimes?(atimeNs: bigint | null, mtimeNs: bigint | null): void;
  /** mknod: a regular file, FIFO, socket or device node, as the file system supports. */
  mknod?(name: string, mode: number, rdev: number): Inode;
  /** renameat2(RENAME_EXCHANGE): swap two existing entries atomically. */
  exchange?(name: string, otherDir: Inode, otherName: string): void;
  /** statfs: the file system this inode lives on. */
  statfs?(): FsStat;
  /** The clock this file system stamps changes with (UTIME_NOW must agree with it), or null
   *  for the kernel's. */
  now?(): bigint | null;
  /** Extended attributes by full name ("user.x"); absent: the file system keeps none. */
  xattrs?(): Map<string, Uint8Array>;
  /** The inode's metadata changed (ctime), e.g. after an extended attribute was set. */
  touch?(): void;
  /** A link that resolves to an object, not to the path it reads as (/proc/PID/fd/N, as
   *  Linux's "magic links"): what it leads to, or null where a path lookup should go on. */
  jump?(): { inode: Inode; path: string } | null;
  /** An object with no name (a pipe reached through /proc/PID/fd/N): open(2) of it gives an
   *  open file with no inode, as the pipe's own descriptors have. */
  readonly anonymous?: boolean;
}

/** What statfs(2) reports: counts are in units of `bsize`; zero capacity means no limit. */
export interface FsStat {
  type: number;
  bsize: number;
  blocks: number;
  bfree: number;
  bavail: number;
  files: number;
  ffree: number;
  namelen: number;
}

// f_type magics (include/uapi/linux/magic.h).
export const TMPFS_MAGIC = 0x01021994;
export const PROC_SUPER_MAGIC = 0x9fa0;
export const FUSE_SUPER_MAGIC = 0x65735546;

export function isDir(inode: Inode): boolean {
  return (inode.stat().mode & S_IFMT) === S_IFDIR;
}

/** A dev_t as stat(2) gives it (new_encode_dev) split into major and minor. */
export function devMajor(dev: number): number {
  return (dev & 0xfff00) >>> 8;
}
export function devMinor(dev: number): number {
  return (dev & 0xff) | ((dev >>> 12) & 0xfff00);
}
