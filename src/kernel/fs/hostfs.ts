// hostfs: a host directory passed through read-write (--mount HOST:GUEST). Every operation
// goes to the host at once, so changes are visible on both sides. The host side is reached
// only through the HostFsBackend the embedder provides (Node's fs in the CLI).
import { Errno, fail } from "../errno.js";
import { FUSE_SUPER_MAGIC, S_IFMT, S_IFREG, dtypeOf, type DirEntry, type FileHandle, type FsStat, type Inode, type Stat } from "./types.js";

/** What the kernel needs from the host's file system. Every method throws a HostFsError
 *  carrying a Linux errno on failure. Paths are host paths. */
export interface HostFsBackend {
  lstat(path: string): Stat;
  readdir(path: string): string[];
  /** Open with Linux O_* flags (access mode, O_CREAT, O_TRUNC, O_APPEND, O_EXCL); returns a host handle. */
  open(path: string, flags: number, mode: number): number;
  close(handle: number): void;
  pread(handle: number, len: number, offset: number): Uint8Array;
  pwrite(handle: number, data: Uint8Array, offset: number): number;
  ftruncate(handle: number, size: number): void;
  fsize(handle: number): number;
  truncate(path: string, size: number): void;
  mkdir(path: string, mode: number): void;
  rmdir(path: string): void;
  unlink(path: string): void;
  rename(from: string, to: string): void;
  symlink(target: string, path: string): void;
  link(existing: string, path: string): void;
  readlink(path: string): string;
  chmod(path: string, mode: number): void;
  /** Set the times of `path` itself (a final symlink is not followed); null leaves one as is. */
  utimes(path: string, atimeNs: bigint | null, mtimeNs: bigint | null): void;
  /** The host file system's capacity and free space, in `bsize` blocks and inodes. */
  statfs?(path: string): { bsize: number; blocks: number; bfree: number; bavail: number; files: number; ffree: number };
  fsync?(handle: number, dataOnly: boolean): void;
  fstat?(handle: number): Stat;
  /** A new descriptor, open with `flags`, on what `handle` is open on: the same file even if
   *  it was renamed or removed since (opening /proc/PID/fd/N of it). */
  reopen?(handle: number, flags: number): number;
  /** The host's wall clock (ns since the epoch): what the host stamps on the files it changes. */
  now?(): bigint;
}

export class HostFsError extends Error {
  constructor(readonly errno: Errno, message: string) {
    super(message);
  }
}

function host<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof HostFsError) fail(e.errno, e.message);
    throw e;
  }
}

export class HostFs {
  constructor(readonly backend: HostFsBackend, readonly hostRoot: string, readonly dev: number) {}

  get root(): HostNode {
    return new HostNode(this, this.hostRoot);
  }
}

/** A host path. Nodes are made afresh on each lookup; identity is (dev, ino) from the host. */
export class HostNode implements Inode {
  constructor(readonly fs: HostFs, readonly path: string) {}

  private get b(): HostFsBackend {
    return this.fs.backend;
  }

  get ino(): number {
    return this.stat().ino;
  }

  private child(name: string): string {
    return `${this.path}/${name}`;
  }

  stat(): Stat {
    const st = host(() => this.b.lstat(this.path));
    return { ...st, dev: this.fs.dev };
  }

  open(flags: number): FileHandle {
    return this.handle(host(() => this.b.open(this.path, flags, 0)));
  }

  private handle(h: number): FileHandle {
    const b = this.b;
    return {
      seekable: true,
      read: (offset, len) => host(() => b.pread(h, len, offset)),
      write: (offset, data) => host(() => b.pwrite(h, data, offset)),
      size: () => host(() => b.fsize(h)),
      close: () => host(() => b.close(h)),
      truncate: (size) => host(() => b.ftruncate(h, size)),
      sync: (dataOnly) => host(() => b.fsync?.(h, dataOnly)),
      stat: () => (b.fstat ? { ...host(() => b.fstat!(h)), dev: this.fs.dev } : this.stat()),
      reopen: b.reopen ? (accessMode) => this.handle(host(() => b.reopen!(h, accessMode))) : undefined,
    };
  }

  lookup(name: string): Inode | null {
    try {
      this.b.lstat(this.child(name));
      return new HostNode(this.fs, this.child(name));
    } catch (e) {
      if (e instanceof HostFsError && (e.errno === Errno.ENOENT || e.errno === Errno.ENOTDIR)) return null;
      if (e instanceof HostFsError) fail(e.errno, e.message);
      throw e;
    }
  }

  readdir(): DirEntry[] {
    return host(() => this.b.readdir(this.path)).map((name) => {
      try {
        const st = this.b.lstat(this.child(name));
        return { name, ino: st.ino, type: dtypeOf(st.mode) };
      } catch {
        return { name, ino: 0, type: 0 };
      }
    });
  }

  create(name: string, mode: number): Inode {
    const O_WRONLY_CREAT_EXCL = 0o1 | 0o100 | 0o200;
    host(() => this.b.close(this.b.open(this.child(name), O_WRONLY_CREAT_EXCL, mode)));
    return new HostNode(this.fs, this.child(name));
  }

  mkdir(name: string, mode: number): Inode {
    host(() => this.b.mkdir(this.child(name), mode));
    return new HostNode(this.fs, this.child(name));
  }

  symlink(name: string, target: string): Inode {
    host(() => this.b.symlink(target, this.child(name)));
    return new HostNode(this.fs, this.child(name));
  }

  link(name: string, target: Inode): void {
    if (!(target instanceof HostNode) || target.fs !== this.fs) fail(Errno.EXDEV);
    host(() => this.b.link(target.path, this.child(name)));
  }

  unlink(name: string): void {
    host(() => this.b.unlink(this.child(name)));
  }

  rmdir(name: string): void {
    host(() => this.b.rmdir(this.child(name)));
  }

  rename(oldName: string, newDir: Inode, newName: string): void {
    if (!(newDir instanceof HostNode) || newDir.fs !== this.fs) fail(Errno.EXDEV);
    host(() => this.b.rename(this.child(oldName), `${newDir.path}/${newName}`));
  }

  readlink(): string {
    return host(() => this.b.readlink(this.path));
  }

  truncate(size: number): void {
    host(() => this.b.truncate(this.path, size));
  }

  chmod(mode: number): void {
    host(() => this.b.chmod(this.path, mode & 0o7777));
  }

  chown(): void {
    // Ownership on the host stays the host user's; the guest runs as root and sees it so.
  }

  utimes(atimeNs: bigint | null, mtimeNs: bigint | null): void {
    host(() => this.b.utimes(this.path, atimeNs, mtimeNs));
  }

  mknod(name: string, mode: number): Inode {
    // A host FIFO would block the whole machine in the host's open(), and device nodes need
    // privileges the host user rarely has: only regular files pass through.
    if ((mode & S_IFMT) !== S_IFREG) fail(Errno.EPERM, "hostfs: only regular files can be made with mknod");
    return this.create(name, mode);
  }

  statfs(): FsStat {
    // The contents are served from outside the kernel, by the embedder, as a FUSE daemon
    // serves its mount; so FUSE's magic rather than the host file system's. The counts are
    // the host's.
    const b = this.b;
    let s = { bsize: 4096, blocks: 0, bfree: 0, bavail: 0, files: 0, ffree: 0 };
    if (b.statfs) {
      // An open file whose name is gone is still on the mount: ask about the mount's root.
      try {
        s = b.statfs(this.path);
      } catch {
        s = host(() => b.statfs!(this.fs.hostRoot));
      }
    }
    return { type: FUSE_SUPER_MAGIC, namelen: 255, ...s };
  }

  now(): bigint | null {
    return this.b.now ? this.b.now() : null;
  }
}
