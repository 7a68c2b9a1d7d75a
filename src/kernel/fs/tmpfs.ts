// tmpfs: files, directories and symlinks kept in kernel memory.
import { Errno, fail } from "../errno.js";
import {
  S_IFDIR, S_IFIFO, S_IFLNK, S_IFMT, S_IFREG, S_IFSOCK, TMPFS_MAGIC, dtypeOf, type DirEntry, type FileHandle, type FsStat, type Inode, type Stat,
} from "./types.js";
import { O_PATH } from "./file.js";
import { recipe, registerCounter } from "../../ostd/index.js";

let nextDev = 1;
registerCounter("kernel.tmpfs.dev", () => nextDev, (v) => (nextDev = v));

/** The largest tmpfs file (see TmpNode.reserve). */
export const TMPFS_MAX_FILE_BYTES = 1 << 30;

/** Shared by every node of one tmpfs instance. */
export class TmpFs {
  readonly dev = nextDev++;
  private nextIno = 1;
  readonly root: TmpNode;
  /** Pages of file contents held, and inodes alive (linked somewhere). */
  usedPages = 0;
  usedInodes = 0;

  /**
   * `maxPages`/`maxInodes`: the size and nr_inodes limits (0: none, as for memfd's internal
   * mount). Linux's default for a tmpfs is half of RAM and as many inodes as that has pages;
   * the kernel passes those. Past the limit, writes and creates fail with ENOSPC.
   */
  constructor(readonly now: () => bigint, readonly maxPages = 0, readonly maxInodes = 0) {
    this.root = new TmpNode(this, S_IFDIR | 0o755);
  }

  allocIno(): number {
    if (this.maxInodes && this.usedInodes >= this.maxInodes) fail(Errno.ENOSPC);
    this.usedInodes++;
    return this.nextIno++;
  }

  /** Pages that may still be added (Infinity without a limit). */
  freePages(): number {
    return this.maxPages ? Math.max(0, this.maxPages - this.usedPages) : Infinity;
  }
}

const PAGE = 4096;
const pagesOf = (bytes: number) => Math.ceil(bytes / PAGE);

export class TmpNode implements Inode {
  readonly ino: number;
  mode: number;
  uid = 0;
  gid = 0;
  nlink = 1;
  atimeNs: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
  /** Regular file contents (capacity may exceed size). */
  private data: Uint8Array = new Uint8Array(0);
  private length = 0;
  /** `data` is a view of someone else's bytes (the root file system image): copied before the
   *  first change, so loading an image copies nothing. */
  private borrowed = false;

  /** Take `bytes` as the file's contents without copying them (they must not change). */
  adopt(bytes: Uint8Array): void {
    this.data = bytes;
    this.setLength(bytes.length);
    this.borrowed = true;
  }

  /** Pages this file is charged for in its file system (none once it is unlinked). */
  private pages = 0;

  /** Set the size, charging or crediting the file system's page count. */
  private setLength(length: number): void {
    this.length = length;
    if (this.nlink === 0) return;
    const pages = pagesOf(length);
    this.fs.usedPages += pages - this.pages;
    this.pages = pages;
  }

  /** The furthest end a write or truncate may reach within the file system's size limit. */
  private limitEnd(): number {
    if (this.nlink === 0) return Infinity;
    const free = this.fs.freePages();
    return free === Infinity ? Infinity : (this.pages + free) * PAGE;
  }

  /** One link fewer; the last one gives the file's pages and inode back (an open descriptor
   *  may still read and write it, uncounted). */
  dropLink(): void {
    // A directory goes only when empty (rmdir, or renamed over), with all of its links.
    if (this.children) this.nlink = 0;
    else if (--this.nlink > 0) return;
    this.fs.usedPages -= this.pages;
    this.pages = 0;
    this.fs.usedInodes--;
  }

  private own(): void {
    if (!this.borrowed) return;
    this.data = this.data.slice(0, this.length);
    this.borrowed = false;
  }
  children: Map<string, TmpNode> | null = null;
  target = "";

  constructor(readonly fs: TmpFs, mode: number) {
    this.ino = fs.allocIno();
    this.mode = mode;
    this.atimeNs = this.mtimeNs = this.ctimeNs = fs.now();
    if ((mode & S_IFMT) === S_IFDIR) {
      this.children = new Map();
      this.nlink = 2;
    }
  }

  stat(): Stat {
    // Like Linux's tmpfs: a directory's size is 20 bytes (BOGO_DIRENT_SIZE) per entry,
    // counting "." and "..".
    const size = this.children ? 20 * (this.children.size + 2) : (this.mode & S_IFMT) === S_IFLNK ? this.target.length : this.length;
    return {
      dev: this.fs.dev, ino: this.ino, mode: this.mode, nlink: this.nlink, uid: this.uid, gid: this.gid,
      rdev: 0, size, blksize: 4096, blocks: this.children || (this.mode & S_IFMT) === S_IFLNK ? 0 : Math.ceil(size / 4096) * 8, atimeNs: this.atimeNs, mtimeNs: this.mtimeNs, ctimeNs: this.ctimeNs,
    };
  }

  open(flags = 0): FileHandle {
    // A socket inode is reached with connect(2), not open(2) (O_PATH handles excepted).
    if ((this.mode & S_IFMT) === S_IFSOCK && !(flags & O_PATH)) fail(Errno.ENXIO);
    return TmpNode.handleOf(this);
  }

  /** The handle's closures, made by a recipe so a snapshot can rebuild them. */
  private static readonly handleOf = recipe("kernel.TmpNode.handle", (self: TmpNode): FileHandle => ({
    seekable: true,
    read: (offset, len) => self.readAt(offset, len),
    write: (offset, data) => self.writeAt(offset, data),
    size: () => self.length,
  }));

  readAt(offset: number, len: number): Uint8Array {
    if (this.children) fail(Errno.EISDIR);
    const end = Math.min(this.length, offset + len);
    return offset >= end ? new Uint8Array(0) : this.data.slice(offset, end);
  }

  writeAt(offset: number, src: Uint8Array): number {
    const limit = this.limitEnd();
    if (offset + src.length > limit) {
      // Write what fits (a short write), as Linux does; nothing fits: ENOSPC.
      if (offset >= limit) fail(Errno.ENOSPC);
      src = src.subarray(0, limit - offset);
    }
    const end = offset + src.length;
    this.own();
    this.reserve(end);
    this.data.set(src, offset);
    if (end > this.length) this.setLength(end);
    this.mtimeNs = this.ctimeNs = this.fs.now();
    return src.length;
  }

  private reserve(size: number): void {
    if (size <= this.data.length) return;
    // Contents are one dense buffer per file, so the largest file is bounded by what the host
    // will allocate; past that, the file is too large, not the kernel broken.
    if (size > TMPFS_MAX_FILE_BYTES) fail(Errno.EFBIG);
    const grown = new Uint8Array(Math.min(Math.max(size, this.data.length * 2, 256), TMPFS_MAX_FILE_BYTES));
    grown.set(this.data.subarray(0, this.length));
    this.data = grown;
  }

  truncate(size: number): void {
    if (this.children) fail(Errno.EISDIR);
    if (size > this.length && size > this.limitEnd()) fail(Errno.ENOSPC);
    this.own();
    if (size > this.length) this.reserve(size);
    else this.data.fill(0, size, this.length);
    this.setLength(size);
    this.mtimeNs = this.ctimeNs = this.fs.now();
  }

  private dir(): Map<string, TmpNode> {
    if (!this.children) fail(Errno.ENOTDIR);
    return this.children;
  }

  lookup(name: string): Inode | null {
    return this.dir().get(name) ?? null;
  }

  readdir(): DirEntry[] {
    return [...this.dir()].map(([name, n]) => ({ name, ino: n.ino, type: dtypeOf(n.mode) }));
  }

  private add(name: string, node: TmpNode): TmpNode {
    const d = this.dir();
    if (d.has(name)) fail(Errno.EEXIST);
    d.set(name, node);
    this.mtimeNs = this.ctimeNs = this.fs.now();
    return node;
  }

  create(name: string, mode: number): Inode {
    return this.add(name, new TmpNode(this.fs, S_IFREG | (mode & 0o7777)));
  }

  /** Add a node of any type (devices, fifos) — used by mknod and by image loading. */
  createNode(name: string, mode: number): TmpNode {
    return this.add(name, new TmpNode(this.fs, mode));
  }

  mkdir(name: string, mode: number): Inode {
    const node = this.add(name, new TmpNode(this.fs, S_IFDIR | (mode & 0o7777))) as TmpNode;
    node.parentHint = this;
    this.nlink++;
    return node;
  }

  symlink(name: string, target: string): Inode {
    const node = new TmpNode(this.fs, S_IFLNK | 0o777);
    node.target = target;
    return this.add(name, node);
  }

  link(name: string, target: Inode): void {
    if (!(target instanceof TmpNode) || target.fs !== this.fs) fail(Errno.EXDEV);
    if (target.children) fail(Errno.EPERM);
    this.add(name, target);
    target.nlink++;
    target.ctimeNs = this.fs.now();
  }

  unlink(name: string): void {
    const d = this.dir();
    const n = d.get(name);
    if (!n) fail(Errno.ENOENT);
    if (n.children) fail(Errno.EISDIR);
    d.delete(name);
    n.dropLink();
    n.ctimeNs = this.mtimeNs = this.ctimeNs = this.fs.now();
  }

  rmdir(name: string): void {
    const d = this.dir();
    const n = d.get(name);
    if (!n) fail(Errno.ENOENT);
    if (!n.children) fail(Errno.ENOTDIR);
    if (n.children.size) fail(Errno.ENOTEMPTY);
    d.delete(name);
    n.dropLink();
    this.nlink--;
    this.mtimeNs = this.ctimeNs = this.fs.now();
  }

  rename(oldName: string, newDir: Inode, newName: string): void {
    if (!(newDir instanceof TmpNode) || newDir.fs !== this.fs) fail(Errno.EXDEV);
    const src = this.dir().get(oldName);
    if (!src) fail(Errno.ENOENT);
    const dst = newDir.dir().get(newName);
    if (dst === src) return;
    if (dst) {
      if (src.children && !dst.children) fail(Errno.ENOTDIR);
      if (!src.children && dst.children) fail(Errno.EISDIR);
      if (dst.children?.size) fail(Errno.ENOTEMPTY);
      if (dst.children) newDir.nlink--;
      dst.dropLink();
    }
    if (src.children) {
      // A directory may not move into its own subtree.
      for (let p: TmpNode | undefined = newDir; p; p = p.parentHint) if (p === src) fail(Errno.EINVAL);
      this.nlink--;
      newDir.nlink++;
      src.parentHint = newDir;
    }
    this.dir().delete(oldName);
    newDir.dir().set(newName, src);
    const now = this.fs.now();
    this.mtimeNs = this.ctimeNs = newDir.mtimeNs = newDir.ctimeNs = src.ctimeNs = now;
  }

  /** The directory this one was last placed in (for the rename loop check). */
  parentHint: TmpNode | undefined;

  readlink(): string {
    if ((this.mode & S_IFMT) !== S_IFLNK) fail(Errno.EINVAL);
    return this.target;
  }

  chmod(mode: number): void {
    this.mode = (this.mode & S_IFMT) | (mode & 0o7777);
    this.ctimeNs = this.fs.now();
  }

  /** Extended attributes, made on first use (most files have none). */
  private xattrMap: Map<string, Uint8Array> | null = null;

  xattrs(): Map<string, Uint8Array> {
    return (this.xattrMap ??= new Map());
  }

  touch(): void {
    this.ctimeNs = this.fs.now();
  }

  chown(uid: number, gid: number): void {
    if (uid >= 0) this.uid = uid;
    if (gid >= 0) this.gid = gid;
    this.ctimeNs = this.fs.now();
  }

  utimes(atimeNs: bigint | null, mtimeNs: bigint | null): void {
    if (atimeNs !== null) this.atimeNs = atimeNs;
    if (mtimeNs !== null) this.mtimeNs = mtimeNs;
    this.ctimeNs = this.fs.now();
  }

  mknod(name: string, mode: number): Inode {
    switch (mode & S_IFMT) {
      case S_IFREG:
      case S_IFIFO:
      case S_IFSOCK:
        return this.createNode(name, mode);
      default:
        // A device node here would open as a plain file: there is no driver lookup by rdev.
        fail(Errno.EPERM, "tmpfs: device nodes are not supported");
    }
  }

  exchange(name: string, otherDir: Inode, otherName: string): void {
    if (!(otherDir instanceof TmpNode) || otherDir.fs !== this.fs) fail(Errno.EXDEV);
    const a = this.dir().get(name);
    const b = otherDir.dir().get(otherName);
    if (!a || !b) fail(Errno.ENOENT);
    if (a === b) return;
    // Neither directory may end up inside itself.
    for (let p: TmpNode | undefined = otherDir; p; p = p.parentHint) if (p === a) fail(Errno.EINVAL);
    for (let p: TmpNode | undefined = this; p; p = p.parentHint) if (p === b) fail(Errno.EINVAL);
    this.dir().set(name, b);
    otherDir.dir().set(otherName, a);
    if (a.children) a.parentHint = otherDir;
    if (b.children) b.parentHint = this;
    // A subdirectory's ".." counts as a link of its parent, so the counts follow the swap.
    const shift = (a.children ? 1 : 0) - (b.children ? 1 : 0);
    this.nlink -= shift;
    otherDir.nlink += shift;
    const now = this.fs.now();
    this.mtimeNs = this.ctimeNs = otherDir.mtimeNs = otherDir.ctimeNs = a.ctimeNs = b.ctimeNs = now;
  }

  statfs(): FsStat {
    // Without limits (memfd's internal mount) Linux reports zero capacity, as for size=0.
    const fs = this.fs;
    const free = fs.maxPages ? fs.maxPages - fs.usedPages : 0;
    const ffree = fs.maxInodes ? fs.maxInodes - fs.usedInodes : 0;
    return { type: TMPFS_MAGIC, bsize: PAGE, blocks: fs.maxPages, bfree: Math.max(0, free), bavail: Math.max(0, free), files: fs.maxInodes, ffree: Math.max(0, ffree), namelen: 255 };
  }

  now(): bigint {
    return this.fs.now();
  }
}
