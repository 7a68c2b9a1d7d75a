// inotify (inotify(7)): watches on files and directories, and the events file operations
// report to them. Kernel.fsnotify holds every watch by the watched file's key (device and
// inode, so every name and every Inode object of a file finds the same watches); the system
// calls that use or change a file report what they did through it, and each inotify instance
// queues the events its watches ask for, read as struct inotify_event records.
//
// Where an event goes follows Linux's fsnotify: an event about a file (opened, read, written,
// its attributes changed, closed) goes to the file's own watches and, with the file's name, to
// those of the directory it is in; one about a directory's entries (created, deleted, moved
// out or in) goes to the directory's watches with the entry's name; DELETE_SELF and MOVE_SELF
// only to the file's own. With no watch anywhere every report returns at once.
import type { Scheduler, WaitQueue } from "../../ostd/index.js";
import { Pod, recipe } from "../../ostd/index.js";
import { Errno, SysError, fail } from "../errno.js";
import { S_IFDIR, S_IFMT, WouldBlock, type FileHandle, type Inode, type IoctlMemory, type Stat } from "./types.js";
import { fileKeyOf, statKey, OpenFile, O_ACCMODE, O_RDONLY } from "./file.js";
import { SideTable } from "../util/side_table.js";
import type { Vfs } from "./vfs.js";
import type { Process } from "../process/process.js";

// include/uapi/linux/inotify.h
export const IN_ACCESS = 0x1, IN_MODIFY = 0x2, IN_ATTRIB = 0x4, IN_CLOSE_WRITE = 0x8, IN_CLOSE_NOWRITE = 0x10;
export const IN_OPEN = 0x20, IN_MOVED_FROM = 0x40, IN_MOVED_TO = 0x80, IN_CREATE = 0x100, IN_DELETE = 0x200;
export const IN_DELETE_SELF = 0x400, IN_MOVE_SELF = 0x800, IN_ALL_EVENTS = 0xfff;
export const IN_UNMOUNT = 0x2000, IN_Q_OVERFLOW = 0x4000, IN_IGNORED = 0x8000;
export const IN_ONLYDIR = 0x0100_0000, IN_DONT_FOLLOW = 0x0200_0000, IN_EXCL_UNLINK = 0x0400_0000;
export const IN_MASK_CREATE = 0x1000_0000, IN_MASK_ADD = 0x2000_0000, IN_ISDIR = 0x4000_0000, IN_ONESHOT = 0x8000_0000;
/** Every bit inotify_add_watch knows: a mask with none of them is EINVAL (other bits are
 *  ignored, as Linux ignores them). */
export const IN_ALL_BITS = IN_ALL_EVENTS | IN_UNMOUNT | IN_Q_OVERFLOW | IN_IGNORED | IN_ONLYDIR | IN_DONT_FOLLOW | IN_EXCL_UNLINK | IN_MASK_CREATE | IN_MASK_ADD | IN_ISDIR | IN_ONESHOT;
/** What a watch keeps of the mask it was given (Linux's INOTIFY_USER_MASK). */
export const IN_WATCH_KEEPS = IN_ALL_EVENTS | IN_ONESHOT | IN_EXCL_UNLINK;

/** Linux's /proc/sys/fs/inotify/max_queued_events default: past it, one IN_Q_OVERFLOW. */
export const MAX_QUEUED_EVENTS = 16384;
/** struct inotify_event without its name. */
const EVENT_HEADER = 16;
const FIONREAD = 0x541b;
const POLLIN = 1;

interface Watch {
  owner: Inotify;
  wd: number;
  /** Events and flags, as inotify_add_watch set them. */
  mask: number;
  key: string;
}

interface QueuedEvent {
  wd: number;
  mask: number;
  cookie: number;
  name: string;
}

/** One inotify instance: its watches (by descriptor) and its queue of events. */
export class Inotify {
  private readonly changed: WaitQueue;
  private readonly watches = new Map<number, Watch>();
  private nextWd = 1;
  private readonly queue: QueuedEvent[] = [];
  private queuedBytes = 0;

  constructor(scheduler: Scheduler, private readonly registry: FsNotify) {
    this.changed = scheduler.newWaitQueue("inotify");
  }

  handle(): FileHandle {
    return Inotify.handleOf(this);
  }

  /** inotify_add_watch on the file `key` names: a new watch, or the one there is, changed. */
  addWatch(key: string, mask: number): number {
    for (const w of this.watches.values()) {
      if (w.key !== key) continue;
      if (mask & IN_MASK_CREATE) fail(Errno.EEXIST);
      w.mask = (mask & IN_MASK_ADD ? w.mask | mask : mask) & IN_WATCH_KEEPS;
      return w.wd;
    }
    const w: Watch = { owner: this, wd: this.nextWd++, mask: mask & IN_WATCH_KEEPS, key };
    this.watches.set(w.wd, w);
    this.registry.add(w);
    return w.wd;
  }

  /** inotify_rm_watch: the watch goes, and IN_IGNORED says so. */
  removeWatch(wd: number): void {
    const w = this.watches.get(wd);
    if (!w) fail(Errno.EINVAL);
    this.drop(w);
  }

  /** A watch ends (removed, one-shot fired, its file deleted): IN_IGNORED is its last event. */
  drop(w: Watch): void {
    if (this.watches.get(w.wd) !== w) return;
    this.watches.delete(w.wd);
    this.registry.remove(w);
    this.push(w.wd, IN_IGNORED, 0, "");
  }

  /** Queue an event. Like Linux, one identical to the last one still queued is not queued
   *  again, and past MAX_QUEUED_EVENTS the queue ends with one IN_Q_OVERFLOW (wd -1). */
  push(wd: number, mask: number, cookie: number, name: string): void {
    const last = this.queue[this.queue.length - 1];
    if (this.queue.length >= MAX_QUEUED_EVENTS) {
      if (last.mask === IN_Q_OVERFLOW) return;
      wd = -1;
      mask = IN_Q_OVERFLOW;
      cookie = 0;
      name = "";
    } else if (last && last.wd === wd && last.mask === mask && last.cookie === cookie && last.name === name) {
      return;
    }
    this.queue.push({ wd, mask, cookie, name });
    this.queuedBytes += recordSize(name);
    this.changed.wakeAll();
  }

  /** The instance's last descriptor closed: its watches go, with nobody left to tell. */
  close(): void {
    for (const w of this.watches.values()) this.registry.remove(w);
    this.watches.clear();
  }

  private read(len: number): Uint8Array | WouldBlock {
    if (this.queue.length === 0) return new WouldBlock(this.changed, "inotify read");
    // Whole records only; a buffer too small for the first one is EINVAL (inotify(7)).
    let n = 0;
    let bytes = 0;
    while (n < this.queue.length && bytes + recordSize(this.queue[n].name) <= len) bytes += recordSize(this.queue[n++].name);
    if (n === 0) fail(Errno.EINVAL);
    const out = Pod.alloc(bytes);
    let at = 0;
    for (const e of this.queue.splice(0, n)) {
      const size = recordSize(e.name);
      out.setInt32(at, e.wd);
      out.setUint32(at + 4, e.mask >>> 0);
      out.setUint32(at + 8, e.cookie);
      out.setUint32(at + 12, size - EVENT_HEADER);
      out.bytes.set(new TextEncoder().encode(e.name), at + EVENT_HEADER); // the rest stays NUL
      at += size;
    }
    this.queuedBytes -= bytes;
    return out.bytes;
  }

  private ioctl(request: number, arg: bigint, mem: IoctlMemory): number {
    if (request !== FIONREAD) fail(Errno.ENOTTY);
    const p = Pod.alloc(4);
    p.setInt32(0, this.queuedBytes);
    mem.write(Number(arg), p.bytes);
    return 0;
  }

  /** The handle's closures, made by a recipe so a snapshot can rebuild them. */
  private static readonly handleOf = recipe("kernel.Inotify.handle", (self: Inotify): FileHandle => ({
    seekable: false,
    read: (_o, len) => self.read(len),
    write: () => fail(Errno.EINVAL),
    ioctl: (request, arg, mem) => self.ioctl(request, arg, mem),
    poll: () => (self.queue.length > 0 ? POLLIN : 0),
    pollQueues: () => [self.changed],
    close: () => self.close(),
  }));
}

/** Bytes of an event's record: the header and the name, NUL-terminated and padded to a
 *  multiple of the header's size, as Linux pads it (no name: no bytes at all). */
function recordSize(name: string): number {
  if (name === "") return EVENT_HEADER;
  const n = new TextEncoder().encode(name).length + 1;
  return EVENT_HEADER + Math.ceil(n / EVENT_HEADER) * EVENT_HEADER;
}

/** The kernel's watches, and the reports file operations make to them. */
export class FsNotify {
  /** Watches by the watched file's key (fileKeyOf). */
  private readonly byKey = new Map<string, Watch[]>();
  /** Cookie of the last rename (it ties IN_MOVED_FROM to its IN_MOVED_TO). */
  private cookie = 0;
  /** Watched files with no name left that are still open: gone at their last close. */
  private readonly orphans = new Set<string>();

  constructor(private readonly vfs: Vfs, private readonly processes: ReadonlyMap<number, Process>) {}

  add(w: Watch): void {
    const list = this.byKey.get(w.key);
    if (list) list.push(w);
    else this.byKey.set(w.key, [w]);
  }

  remove(w: Watch): void {
    const list = this.byKey.get(w.key);
    if (!list) return;
    const i = list.indexOf(w);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.byKey.delete(w.key);
  }

  // ---- Reports from the system calls (each returns at once while nothing is watched)

  /** An open file was opened, read, written or truncated (IN_OPEN, IN_ACCESS, IN_MODIFY). */
  file(file: OpenFile, mask: number): void {
    if (this.byKey.size === 0 || !file.inode) return;
    const st = statOrNull(() => file.inode!.stat());
    if (st) {
      file.fileKey(); // kept: a host file removed later has no path left to stat
      this.report(st, file.path, mask);
      return;
    }
    const gone = keyStat(file);
    if (gone) this.report(gone, file.path, mask);
  }

  /** The last descriptor of an open file went: IN_CLOSE_WRITE or IN_CLOSE_NOWRITE. */
  closed(file: OpenFile): void {
    this.file(file, (file.flags & O_ACCMODE) === O_RDONLY ? IN_CLOSE_NOWRITE : IN_CLOSE_WRITE);
    if (this.orphans.size === 0) return;
    const key = file.knownFileKey();
    if (typeof key === "string" && this.orphans.has(key) && !this.isOpen(key)) {
      this.orphans.delete(key);
      this.gone(key);
    }
  }

  /** The file at `path` had `mask` happen to it (IN_ATTRIB from chmod, chown, utimensat,
   *  xattrs; IN_MODIFY from truncate): its watches, and its directory's with its name. */
  object(inode: Inode, path: string, mask: number): void {
    if (this.byKey.size === 0) return;
    const st = statOrNull(() => inode.stat());
    if (st) this.report(st, path, mask);
  }

  private report(st: Stat, path: string, mask: number): void {
    const isDir = isDirBit(st.mode);
    // The directory's watches hear of it first, as on Linux.
    const slash = path.lastIndexOf("/");
    const dir = slash < 0 || path === "/" ? null : this.dirKey(path.slice(0, slash) || "/");
    if (dir !== null) this.deliver(dir, mask | isDir, 0, path.slice(slash + 1), st.nlink === 0);
    this.deliver(statKey(st), mask | isDir, 0, "", false);
  }

  /** `child` was made as `name` in `dir` (IN_CREATE; link(2): IN_ATTRIB on the file first). */
  created(dir: Inode, name: string, child: Inode, linked = false): void {
    if (this.byKey.size === 0) return;
    const st = statOrNull(() => child.stat());
    if (!st) return;
    if (linked) this.deliver(statKey(st), IN_ATTRIB, 0, "", false);
    this.deliver(keyOf(dir), IN_CREATE | isDirBit(st.mode), 0, name, false);
  }

  /** `name` was removed from `dir` (unlink, rmdir) with `linksLeft` names of what it named
   *  left. In Linux's order: a file's link count changed (IN_ATTRIB); what has no name left is
   *  gone (IN_DELETE_SELF, and its watches end), or, while a process still has it open, at
   *  its last close; the directory lost an entry (IN_DELETE). */
  removed(dir: Inode, name: string, childKey: string, childMode: number, linksLeft: number): void {
    if (this.byKey.size === 0) return;
    const isDir = isDirBit(childMode);
    if (!isDir) this.deliver(childKey, IN_ATTRIB, 0, "", false);
    if (isDir) this.gone(childKey);
    else if (linksLeft === 0 && this.byKey.has(childKey)) this.goneOrOrphan(childKey);
    this.deliver(keyOf(dir), IN_DELETE | isDir, 0, name, false);
  }

  private goneOrOrphan(key: string): void {
    if (this.isOpen(key)) this.orphans.add(key);
    else this.gone(key);
  }

  /** Whether a descriptor of some process is open on the file `key` names (looked for only
   *  when a watched file loses its last name, or such a file is closed). */
  private isOpen(key: string): boolean {
    for (const p of this.processes.values()) {
      for (const [, f] of p.fds.list()) if (!f.closed && f.inode && f.knownFileKey() === key) return true;
    }
    return false;
  }

  /** `name` in `from` was renamed to `toName` in `to` (IN_MOVED_FROM and IN_MOVED_TO with one
   *  cookie, IN_MOVE_SELF on the file); what it replaced, if anything, lost a name. */
  moved(from: Inode, name: string, to: Inode, toName: string, childKey: string, childMode: number, replaced: { key: string; mode: number; linksLeft: number } | null): void {
    if (this.byKey.size === 0) return;
    const isDir = isDirBit(childMode);
    const cookie = ++this.cookie >>> 0;
    this.deliver(keyOf(from), IN_MOVED_FROM | isDir, cookie, name, false);
    this.deliver(keyOf(to), IN_MOVED_TO | isDir, cookie, toName, false);
    const replacedDir = replaced ? isDirBit(replaced.mode) : 0;
    if (replaced && !replacedDir) this.deliver(replaced.key, IN_ATTRIB, 0, "", false);
    this.deliver(childKey, IN_MOVE_SELF, 0, "", false);
    if (replaced && replacedDir) this.gone(replaced.key);
    else if (replaced && replaced.linksLeft === 0 && this.byKey.has(replaced.key)) this.goneOrOrphan(replaced.key);
  }

  /** A file's last name went: IN_DELETE_SELF (no IN_ISDIR on the self events, as Linux
   *  reports them), and its watches end (IN_IGNORED). */
  private gone(key: string): void {
    this.orphans.delete(key);
    this.deliver(key, IN_DELETE_SELF, 0, "", false);
    for (const w of [...(this.byKey.get(key) ?? [])]) w.owner.drop(w);
  }

  /** Queue `mask` (an event bit, maybe IN_ISDIR) for every watch on `key` that asked for it;
   *  `name` is set for a directory's watches (which IN_EXCL_UNLINK keeps from hearing of a
   *  child that has no name left). One-shot watches end after their first event. */
  private deliver(key: string | null, mask: number, cookie: number, name: string, unlinked: boolean): void {
    const list = key === null ? undefined : this.byKey.get(key);
    if (!list) return;
    for (const w of [...list]) {
      if ((w.mask & mask & IN_ALL_EVENTS) === 0) continue;
      if (name !== "" && unlinked && w.mask & IN_EXCL_UNLINK) continue;
      w.owner.push(w.wd, mask, cookie, name);
      if (w.mask & IN_ONESHOT) w.owner.drop(w);
    }
  }

  /** The key of the directory at `path`, or null when it cannot be found now. */
  private dirKey(path: string): string | null {
    try {
      return fileKeyOf(this.vfs.resolve(path, this.vfs.root).inode);
    } catch (e) {
      if (e instanceof SysError) return null;
      throw e;
    }
  }
}

/** For an open file whose inode cannot be looked at now: its type and link count from the
 *  handle, its device and inode number from the key worked out while it could (if it was). */
function keyStat(file: OpenFile): Stat | null {
  const key = file.knownFileKey();
  if (typeof key !== "string" || !file.handle.stat) return null;
  const st = statOrNull(() => file.handle.stat!());
  if (!st) return null;
  const [dev, ino] = key.split(":").map(Number);
  return { ...st, dev, ino };
}

/** fileKeyOf, or null for a file that cannot be looked at now (a host file gone). */
function keyOf(inode: Inode): string | null {
  const st = statOrNull(() => inode.stat());
  return st ? statKey(st) : null;
}

/** A stat that may fail (a host file gone): an event about it is then not reported, and
 *  never fails the call that made it. */
function statOrNull(stat: () => Stat): Stat | null {
  try {
    return stat();
  } catch (e) {
    if (e instanceof SysError) return null;
    throw e;
  }
}

function isDirBit(mode: number): number {
  return (mode & S_IFMT) === S_IFDIR ? IN_ISDIR : 0;
}

const instances = new SideTable<object, Inotify>("$inotify");

/** A new inotify instance and the open file description that reads its events. */
export function openInotify(scheduler: Scheduler, registry: FsNotify, flags: number): OpenFile {
  const ino = new Inotify(scheduler, registry);
  const handle = ino.handle();
  instances.set(handle, ino);
  return new OpenFile(handle, O_RDONLY | flags, null, "anon_inode:inotify");
}

/** The inotify instance an open file reads, or EINVAL (inotify_add_watch(2)). */
export function inotifyOf(file: OpenFile): Inotify {
  const ino = instances.get(file.handle);
  if (!ino) fail(Errno.EINVAL, "not an inotify descriptor");
  return ino;
}
