// The VFS: a mount table and path resolution. A location is an inode together with its
// canonical absolute path (no ".", "..", or symlinks), which is what getcwd and /proc report.
import { Errno, fail } from "../errno.js";
import { S_IFDIR, S_IFLNK, S_IFMT, isDir, type Inode, type Stat } from "./types.js";
import { MAY_EXEC, checkPermission, type Creds } from "./permission.js";

/** Who walks a path: whose permissions apply, and where "/" is for them (chroot). */
export interface Walker {
  creds: Creds;
  /** The process's root directory; null: the file system's. */
  root: Loc | null;
}

/** `path` (canonical) as seen from `root`: below it, relative to it; elsewhere (a cwd left
 *  outside a chroot), marked unreachable as Linux's getcwd and d_path do. */
export function pathFrom(root: Loc | null, path: string): string {
  if (!root || root.path === "/") return path;
  if (path === root.path) return "/";
  if (within(root, path)) return path.slice(root.path.length);
  return `(unreachable)${path}`;
}

/** Whether canonical `path` lies at or under `root` (everything does without a chroot). */
export function within(root: Loc | null, path: string): boolean {
  return !root || root.path === "/" || path === root.path || path.startsWith(root.path + "/");
}

export interface Loc {
  inode: Inode;
  path: string;
}

const MAX_SYMLINKS = 40;
export const PATH_MAX = 4096;

const SLASH = 0x2f;
const NO_NAMES: readonly string[] = [];

function components(path: string): string[] {
  if (path === "/") return [];
  return path.split("/").filter((c) => c !== "" && c !== ".");
}

/** Push the components of `path` (no empty ones, no ".") onto `stack` last first, so that
 *  popping yields them in order. */
function pushComponents(stack: string[], path: string): void {
  let end = path.length;
  for (let i = path.length - 1; i >= -1; i--) {
    if (i >= 0 && path.charCodeAt(i) !== SLASH) continue;
    if (end > i + 1) {
      const c = path.slice(i + 1, end);
      if (c !== ".") stack.push(c);
    }
    end = i;
  }
}

/** Whether a walk at `names` stands at the walker's root (where ".." stays). */
function atRoot(names: readonly string[], rootNames: readonly string[]): boolean {
  if (names.length !== rootNames.length) return false;
  for (let i = 0; i < names.length; i++) if (names[i] !== rootNames[i]) return false;
  return true;
}

function join(parts: string[]): string {
  return "/" + parts.join("/");
}

export class Vfs {
  private readonly mounts = new Map<string, Inode>();
  /** The last component of every mount point but "/": a walk looks a path up in the mount
   *  table only when its last name is one of these (most steps are not mount points). */
  private mountNames = new Set<string>();

  constructor(rootInode: Inode) {
    this.mounts.set("/", rootInode);
  }

  private updateMountNames(): void {
    this.mountNames = new Set([...this.mounts.keys()].filter((m) => m !== "/").map((m) => m.slice(m.lastIndexOf("/") + 1)));
  }

  get root(): Loc {
    return { inode: this.mounts.get("/")!, path: "/" };
  }

  /** Mount `inode` as the root of the tree at canonical path `path` (which must exist). */
  mount(path: string, inode: Inode): void {
    this.mounts.set(path, inode);
    this.updateMountNames();
  }

  unmount(path: string): void {
    if (path === "/" || !this.mounts.delete(path)) fail(Errno.EINVAL);
    this.updateMountNames();
  }

  mountPoints(): string[] {
    return [...this.mounts.keys()];
  }

  /** The root of the tree mounted at canonical path `path`, if any. */
  mountRoot(path: string): Inode | undefined {
    return this.mounts.get(path);
  }

  /** Mount points directly inside directory `path` (readdir shows them even when the
   *  directory itself has no such entry). */
  mountsUnder(path: string): string[] {
    const prefix = path === "/" ? "/" : `${path}/`;
    return [...this.mounts.keys()].filter((m) => m !== "/" && m.startsWith(prefix) && !m.slice(prefix.length).includes("/")).map((m) => m.slice(prefix.length));
  }

  /**
   * Resolve `path` relative to `base` (a directory). Symlinks in the middle are always
   * followed; the last component's only if `follow`. Throws ENOENT, ENOTDIR, ELOOP, ...
   * With `who`, every directory looked into must grant it search (execute) permission, else
   * EACCES; the walk down to `base` itself is not checked (a process holds its cwd). Its root
   * (chroot) is where absolute paths and absolute symlinks start, and ".." stops there.
   */
  resolve(path: string, base: Loc, follow = true, who?: Walker): Loc {
    if (path === "") fail(Errno.ENOENT);
    if (path.length >= PATH_MAX) fail(Errno.ENAMETOOLONG);
    const names: string[] = [];
    const inodes: Inode[] = [this.mounts.get("/")!];
    const rootNames = who?.root ? components(who.root.path) : NO_NAMES;
    // Walk to the base (or the root) first so ".." has inodes to pop back to.
    if (path.charCodeAt(0) === SLASH) this.walkTo(names, inodes, rootNames);
    else this.walkTo(names, inodes, components(base.path));
    const creds = who?.creds;
    // The names still to walk, the next one last (a symlink's target is pushed on top).
    const pending: string[] = [];
    pushComponents(pending, path);
    let links = 0;
    const trailingSlash = path.charCodeAt(path.length - 1) === SLASH;
    // The stat of the walk's current inode when the last step made it: the next step's
    // directory checks use it instead of asking again.
    let topStat: Stat | null = null;
    while (pending.length) {
      const c = pending.pop()!;
      if (c === "..") {
        if (names.length && !atRoot(names, rootNames)) {
          names.pop();
          inodes.pop();
        }
        topStat = null;
        continue;
      }
      this.step(names, inodes, c, creds, topStat);
      const node = inodes[inodes.length - 1];
      const last = pending.length === 0;
      topStat = node.stat();
      if ((topStat.mode & S_IFMT) === S_IFLNK && (!last || follow || trailingSlash)) {
        if (++links > MAX_SYMLINKS) fail(Errno.ELOOP);
        const jump = node.jump?.();
        if (jump) {
          // A magic link: to the object itself (a file since renamed or removed, a pipe).
          topStat = null;
          if (last) {
            if (trailingSlash && !isDir(jump.inode)) fail(Errno.ENOTDIR);
            return jump;
          }
          this.walkTo(names, inodes, components(jump.path));
          inodes[inodes.length - 1] = jump.inode;
          continue;
        }
        const target = node.readlink!();
        topStat = null;
        names.pop();
        inodes.pop();
        if (target.charCodeAt(0) === SLASH) this.walkTo(names, inodes, rootNames);
        pushComponents(pending, target);
      }
    }
    const inode = inodes[inodes.length - 1];
    if (trailingSlash && !isDir(inode)) fail(Errno.ENOTDIR);
    return { inode, path: join(names) };
  }

  /** Start the walk over from the top and go down `to` (the root's or the base's names, which
   *  are not checked for permission: the process holds them). */
  private walkTo(names: string[], inodes: Inode[], to: readonly string[]): void {
    names.length = 0;
    inodes.length = 1;
    for (let i = 0; i < to.length; i++) this.step(names, inodes, to[i]);
  }

  private step(names: string[], inodes: Inode[], name: string, who?: Creds, dirStat: Stat | null = null): void {
    const dir = inodes[inodes.length - 1];
    const st = dirStat ?? dir.stat();
    if ((st.mode & S_IFMT) !== S_IFDIR) fail(Errno.ENOTDIR);
    checkPermission(who, st, MAY_EXEC);
    if (name.length > 255) fail(Errno.ENAMETOOLONG);
    names.push(name);
    // A mount point need not exist in the directory below it (e.g. /proc on a host root).
    const mounted = this.mountNames.has(name) ? this.mounts.get(join(names)) : undefined;
    const child = mounted ?? dir.lookup?.(name);
    if (!child) {
      names.pop();
      fail(Errno.ENOENT);
    }
    inodes.push(child);
  }

  /** Split a path into its parent directory (resolved) and final name, for create/unlink. */
  resolveParent(path: string, base: Loc, who?: Walker): { dir: Loc; name: string } {
    if (path === "") fail(Errno.ENOENT);
    const trimmed = path.replace(/\/+$/, "");
    const slash = trimmed.lastIndexOf("/");
    const name = trimmed.slice(slash + 1);
    const dirPath = slash < 0 ? "." : slash === 0 ? "/" : trimmed.slice(0, slash);
    const dir = this.resolve(dirPath, base, true, who);
    if (!isDir(dir.inode)) fail(Errno.ENOTDIR);
    return { dir, name: name === "" ? "." : name };
  }
}
