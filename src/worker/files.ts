// Files between the page and the guest: upload into a directory, download, list, and a host
// folder copied in whose guest-side changes are collected for writing back (the page owns the
// host side: the File System Access API is asynchronous, the kernel's file systems are not).
import type { Kernel } from "../kernel/kernel.js";
import { Errno, SysError } from "../kernel/errno.js";
import { O_RDONLY, O_WRONLY } from "../kernel/fs/file.js";
import { S_IFDIR, S_IFLNK, S_IFMT, S_IFREG, type Inode } from "../kernel/fs/types.js";
import type { DirEntryView, FileResult, FolderChanges, FolderFile } from "./api.js";
import type { HostFile } from "../ostd/index.js";

/** Largest file the page may download in one piece. */
export const DOWNLOAD_LIMIT_BYTES = 256 * 1024 * 1024;

const MESSAGES: Partial<Record<Errno, string>> = {
  [Errno.ENOENT]: "no such file or directory", [Errno.ENOTDIR]: "not a directory", [Errno.EISDIR]: "is a directory",
  [Errno.EEXIST]: "already exists", [Errno.EACCES]: "permission denied", [Errno.EPERM]: "not permitted",
  [Errno.EFBIG]: "file too large", [Errno.ENOSPC]: "no space left", [Errno.EROFS]: "read-only file system",
  [Errno.ENAMETOOLONG]: "name too long", [Errno.ELOOP]: "too many symbolic links",
};

function explain(path: string, e: unknown): { ok: false; error: string } {
  if (e instanceof SysError) return { ok: false, error: `${path}: ${MESSAGES[e.errno] ?? Errno[e.errno]}` };
  throw e;
}

function typeOf(mode: number): DirEntryView["type"] {
  switch (mode & S_IFMT) {
    case S_IFDIR: return "dir";
    case S_IFREG: return "file";
    case S_IFLNK: return "link";
    default: return "other";
  }
}

const join = (dir: string, name: string) => (dir.endsWith("/") ? dir + name : `${dir}/${name}`);

/** An ELF file or a script: uploaded executable so the shell can run it. */
function looksExecutable(b: Uint8Array): boolean {
  return (b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46) || (b[0] === 0x23 && b[1] === 0x21);
}

/** Write `bytes` as `name` in the inode `dir`, replacing the contents of a regular file of that
 *  name, or creating it with permissions `perm`. */
function writeFile(dir: Inode, name: string, bytes: Uint8Array, perm: number): void {
  const existing = dir.lookup?.(name) ?? null;
  if (existing && (existing.stat().mode & S_IFMT) !== S_IFREG) throw new SysError(existing.stat().mode & S_IFDIR ? Errno.EISDIR : Errno.EEXIST);
  const inode = existing ?? dir.create!(name, perm);
  inode.truncate?.(0);
  const h = inode.open(O_WRONLY);
  for (let off = 0; off < bytes.length; ) {
    const n = h.write(off, bytes.subarray(off));
    if (typeof n !== "number" || n <= 0) throw new SysError(Errno.EIO);
    off += n;
  }
  h.close?.();
}

function readFile(inode: Inode): Uint8Array {
  const size = inode.stat().size;
  if (size > DOWNLOAD_LIMIT_BYTES) throw new SysError(Errno.EFBIG);
  const h = inode.open(O_RDONLY);
  const out = new Uint8Array(size);
  let off = 0;
  while (off < size) {
    const r = h.read(off, size - off);
    if (!(r instanceof Uint8Array) || r.length === 0) break;
    out.set(r, off);
    off += r.length;
  }
  h.close?.();
  return out.subarray(0, off);
}

function validName(name: string): boolean {
  return name !== "" && name !== "." && name !== ".." && !name.includes("/") && !name.includes("\0") && name.length <= 255;
}

/** Directory `path`, created with its missing parents. */
function ensureDir(kernel: Kernel, path: string): Inode {
  let loc = kernel.vfs.root;
  for (const part of path.split("/").filter(Boolean)) {
    try {
      loc = kernel.vfs.resolve(part, loc, true);
    } catch (e) {
      if (!(e instanceof SysError) || e.errno !== Errno.ENOENT) throw e;
      loc.inode.mkdir!(part, 0o755);
      loc = kernel.vfs.resolve(part, loc, true);
    }
  }
  if ((loc.inode.stat().mode & S_IFMT) !== S_IFDIR) throw new SysError(Errno.ENOTDIR);
  return loc.inode;
}

/** Where files from the host go: the World (world.pushFile), which logs them for replay and
 *  hands them to applyHostFile. Returns an error message or null. */
export type PutFile = (f: HostFile) => string | null;

const EMPTY = new Uint8Array(0);

/** Split an absolute path into its directory and last name. */
function splitPath(path: string): [string, string] {
  const slash = path.lastIndexOf("/");
  return [path.slice(0, slash) || "/", path.slice(slash + 1)];
}

/**
 * Apply one host file operation (a World "file" event) to the guest's file systems; the same
 * code runs live and on replay, so a replay fails where the live run failed. Returns an error
 * message or null.
 */
export function applyHostFile(kernel: Kernel, f: HostFile): string | null {
  try {
    const type = f.mode & S_IFMT;
    if (type === S_IFDIR) {
      ensureDir(kernel, f.path);
      return null;
    }
    const [dir, name] = splitPath(f.path);
    if (!validName(name)) return `${JSON.stringify(name)} is not a valid file name`;
    const d = kernel.vfs.resolve(dir, kernel.vfs.root, true).inode;
    if ((d.stat().mode & S_IFMT) !== S_IFDIR) throw new SysError(Errno.ENOTDIR);
    if (type === S_IFREG) {
      writeFile(d, name, f.bytes, f.mode & 0o7777);
    } else if (f.mode === 0) {
      const node = d.lookup?.(name);
      if (node && (node.stat().mode & S_IFMT) === S_IFDIR) d.rmdir?.(name);
      else if (node) d.unlink?.(name);
    } else {
      return `${f.path}: unsupported file operation (mode 0${f.mode.toString(8)})`;
    }
    return null;
  } catch (e) {
    return explain(f.path, e).error;
  }
}

export function upload(put: PutFile, dir: string, name: string, bytes: Uint8Array): FileResult {
  const path = join(dir, name);
  if (!validName(name)) return { ok: false, error: `${JSON.stringify(name)} is not a valid file name` };
  const error = put({ path, mode: S_IFREG | (looksExecutable(bytes) ? 0o755 : 0o644), bytes });
  return error === null ? { ok: true, path, size: bytes.length } : { ok: false, error };
}

export function download(kernel: Kernel, path: string): { ok: true; bytes: Uint8Array } | { ok: false; error: string } {
  try {
    const inode = kernel.vfs.resolve(path, kernel.vfs.root, true).inode;
    if ((inode.stat().mode & S_IFMT) !== S_IFREG) return { ok: false, error: `${path}: not a regular file` };
    return { ok: true, bytes: readFile(inode) };
  } catch (e) {
    return explain(path, e);
  }
}

export function listDir(kernel: Kernel, path: string): { ok: true; entries: DirEntryView[] } | { ok: false; error: string } {
  try {
    const loc = kernel.vfs.resolve(path, kernel.vfs.root, true);
    if (!loc.inode.readdir) return { ok: false, error: `${path}: not a directory` };
    const names = new Set(loc.inode.readdir().map((e) => e.name).filter((n) => n !== "." && n !== ".."));
    for (const m of kernel.vfs.mountsUnder(loc.path)) names.add(m);
    const entries: DirEntryView[] = [];
    for (const name of [...names].sort()) {
      try {
        const child = kernel.vfs.resolve(name, loc, false).inode.stat();
        entries.push({ name, type: typeOf(child.mode), size: child.size });
      } catch {
        entries.push({ name, type: "other", size: 0 });
      }
    }
    return { ok: true, entries };
  } catch (e) {
    return explain(path, e);
  }
}

interface Seen {
  dir: boolean;
  mtimeNs: bigint;
  size: number;
  ino: number;
}

/**
 * A host folder copied into the guest. Remembers what each file looked like at the last
 * sync, so changes() can report what the guest wrote, created and deleted since.
 */
export class FolderMirror {
  private seen = new Map<string, Seen>();

  /** Every write goes through `put` (the World), so copy-ins and host-side changes are logged
   *  and replayed like uploads. */
  constructor(private readonly kernel: Kernel, readonly guestDir: string, private readonly put: PutFile) {}

  /** Files with their parent directories made first; stops at the first error. */
  private write(dirs: string[], files: FolderFile[], replace: boolean): FileResult {
    const ops: HostFile[] = [{ path: this.guestDir, mode: S_IFDIR | 0o755, bytes: EMPTY }];
    const made = new Set<string>();
    const mkdir = (rel: string) => {
      if (rel === "" || made.has(rel)) return;
      made.add(rel);
      ops.push({ path: join(this.guestDir, rel), mode: S_IFDIR | 0o755, bytes: EMPTY });
    };
    for (const d of [...dirs].sort()) mkdir(d);
    let total = 0;
    for (const f of files) {
      mkdir(f.path.includes("/") ? f.path.slice(0, f.path.lastIndexOf("/")) : "");
      const path = join(this.guestDir, f.path);
      // A host-side rewrite is a new file (new inode), as the host's own editors make it.
      if (replace) ops.push({ path, mode: 0, bytes: EMPTY });
      ops.push({ path, mode: S_IFREG | (looksExecutable(f.bytes) ? 0o755 : 0o644), bytes: f.bytes });
      total += f.bytes.length;
    }
    for (const op of ops) {
      const error = this.put(op);
      if (error !== null) return { ok: false, error };
    }
    return { ok: true, path: this.guestDir, size: total };
  }

  copyIn(files: FolderFile[], dirs: string[]): FileResult {
    const r = this.write(dirs, files, false);
    if (r.ok) this.seen = this.scan().state;
    return r;
  }

  /** Bring the host side's changes into the guest's copy. They count as seen, so changes()
   *  does not send them back. */
  applyHost(c: FolderChanges): FileResult {
    const r = this.write(c.dirs, c.written, true);
    if (!r.ok) return r;
    for (const p of c.deleted) {
      const error = this.put({ path: join(this.guestDir, p), mode: 0, bytes: EMPTY });
      if (error !== null) return { ok: false, error };
    }
    this.seen = this.scan().state;
    return r;
  }

  /** What changed since the copy-in or the last call. Null if the folder is gone. */
  changes(): FolderChanges | null {
    let now: ReturnType<FolderMirror["scan"]>;
    try {
      now = this.scan();
    } catch (e) {
      if (e instanceof SysError) return null;
      throw e;
    }
    const out: FolderChanges = { written: [], deleted: [], dirs: [] };
    for (const [path, s] of now.state) {
      const before = this.seen.get(path);
      if (s.dir) {
        if (!before?.dir) out.dirs.push(path);
      } else if (!before || before.dir || before.mtimeNs !== s.mtimeNs || before.size !== s.size || before.ino !== s.ino) {
        out.written.push({ path, bytes: readFile(now.inodes.get(path)!) });
      }
    }
    for (const [path, s] of this.seen) {
      const parent = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : null;
      const parentGone = parent !== null && !now.state.has(parent);
      const cur = now.state.get(path);
      if ((!cur || cur.dir !== s.dir) && !parentGone) out.deleted.push(path);
    }
    this.seen = now.state;
    return out;
  }

  private scan(): { state: Map<string, Seen>; inodes: Map<string, Inode> } {
    const state = new Map<string, Seen>();
    const inodes = new Map<string, Inode>();
    const walk = (dir: Inode, prefix: string) => {
      for (const e of dir.readdir?.() ?? []) {
        if (e.name === "." || e.name === "..") continue;
        const child = dir.lookup?.(e.name);
        if (!child) continue;
        const st = child.stat();
        const path = prefix ? `${prefix}/${e.name}` : e.name;
        const t = st.mode & S_IFMT;
        if (t === S_IFDIR) {
          state.set(path, { dir: true, mtimeNs: st.mtimeNs, size: 0, ino: st.ino });
          walk(child, path);
        } else if (t === S_IFREG) {
          state.set(path, { dir: false, mtimeNs: st.mtimeNs, size: st.size, ino: st.ino });
          inodes.set(path, child);
        }
      }
    };
    walk(this.kernel.vfs.resolve(this.guestDir, this.kernel.vfs.root, true).inode, "");
    return { state, inodes };
  }
}
