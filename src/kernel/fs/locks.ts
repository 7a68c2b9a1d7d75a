// Advisory file locks: flock(2) locks and fcntl(2) record locks (POSIX and open file
// description locks), as Linux keeps them (fs/locks.c):
//   - a flock lock belongs to an open file description and goes when its last descriptor
//     closes (or on LOCK_UN);
//   - a POSIX record lock (F_SETLK) belongs to a process: any close of a descriptor for the
//     file by that process drops all its locks on the file, as does its exit; a child made by
//     fork does not inherit them;
//   - an OFD record lock (F_OFD_SETLK) belongs to the open file description, like flock.
// Record locks cover byte ranges; a process's (or description's) own locks never conflict
// with each other: a new lock replaces whatever it held in the range.
import type { WaitQueue } from "../../ostd/index.js";
import type { Kernel } from "../kernel.js";
import type { FileKey, OpenFile } from "./file.js";

/** The end of a lock that runs to the end of the file (l_len 0), whatever the file's size. */
export const LOCK_TO_EOF = Number.MAX_SAFE_INTEGER;

export interface RecordLock {
  /** A Process (POSIX lock) or an OpenFile (OFD lock). */
  owner: object;
  /** Reported by F_GETLK: the owner's pid, or -1 for an OFD lock. */
  pid: number;
  write: boolean;
  start: number;
  /** Exclusive; LOCK_TO_EOF for a lock to the end of the file. */
  end: number;
}

interface FlockState {
  shared: Set<OpenFile>;
  exclusive: OpenFile | null;
}

interface RecordState {
  locks: RecordLock[];
}

/** The kernel's lock tables. Waiters for any lock of a file sleep on one queue per file, kept
 *  while the file has locks. */
export class FileLocks {
  private readonly flocks = new Map<FileKey, FlockState>();
  private readonly records = new Map<FileKey, RecordState>();
  private readonly queues = new Map<FileKey, WaitQueue>();

  constructor(private readonly kernel: Kernel) {}

  /** The queue waiters for `key`'s locks sleep on. */
  queue(key: FileKey): WaitQueue {
    let q = this.queues.get(key);
    if (!q) this.queues.set(key, (q = this.kernel.machine.scheduler.newWaitQueue("file lock")));
    return q;
  }

  /** Locks of `key` went: wake its waiters (each runs its call again, and one that must still
   *  wait asks for the queue anew), and forget the queue once the file has no locks. */
  private wake(key: FileKey): void {
    const q = this.queues.get(key);
    if (!q) return;
    q.wakeAll();
    if (!this.flocks.has(key) && !this.records.has(key)) this.queues.delete(key);
  }

  // ---- flock(2)

  /** Take (or convert to) a shared or exclusive flock lock; false if another description
   *  holds a conflicting one. The description's lock is dropped first either way, as Linux's
   *  conversion is not atomic. */
  flock(file: OpenFile, exclusive: boolean): boolean {
    const key = file.fileKey();
    this.unflock(file);
    const st = this.flocks.get(key) ?? { shared: new Set<OpenFile>(), exclusive: null };
    const free = st.exclusive === null && (!exclusive || st.shared.size === 0);
    if (!free) return false;
    if (exclusive) st.exclusive = file;
    else st.shared.add(file);
    this.flocks.set(key, st);
    file.lockTable = this;
    return true;
  }

  /** Drop the description's flock lock (LOCK_UN), if it has one. */
  unflock(file: OpenFile): void {
    const key = file.fileKey();
    const st = this.flocks.get(key);
    if (!st) return;
    const had = st.shared.delete(file) || st.exclusive === file;
    if (st.exclusive === file) st.exclusive = null;
    if (st.exclusive === null && st.shared.size === 0) this.flocks.delete(key);
    if (had) this.wake(key);
  }

  // ---- record locks (fcntl F_GETLK / F_SETLK / F_SETLKW and their F_OFD_ forms)

  /** The first lock on the file `key` names that keeps `owner` from locking [start, end) (for writing if
   *  `write`), or null. */
  conflict(key: FileKey, owner: object, write: boolean, start: number, end: number): RecordLock | null {
    const st = this.records.get(key);
    if (!st) return null;
    for (const l of st.locks) {
      if (l.owner !== owner && l.start < end && start < l.end && (write || l.write)) return l;
    }
    return null;
  }

  /**
   * Lock [start, end) of the file `key` names for `owner` (unlock with `type` null): false, changing
   * nothing, if another owner's lock conflicts. The owner's own locks in the range are
   * replaced (split where they stick out).
   */
  setRecord(key: FileKey, owner: object, pid: number, type: "read" | "write" | null, start: number, end: number): boolean {
    if (type !== null && this.conflict(key, owner, type === "write", start, end)) return false;
    const st = this.records.get(key) ?? { locks: [] };
    const kept: RecordLock[] = [];
    let changed = false;
    for (const l of st.locks) {
      if (l.owner !== owner || l.end <= start || l.start >= end) {
        kept.push(l);
        continue;
      }
      changed = true;
      if (l.start < start) kept.push({ ...l, end: start });
      if (l.end > end) kept.push({ ...l, start: end });
    }
    if (type !== null) kept.push({ owner, pid, write: type === "write", start, end });
    kept.sort((a, b) => a.start - b.start);
    st.locks = kept;
    if (kept.length) this.records.set(key, st);
    else this.records.delete(key);
    // Waiters may now get what they wait for (an unlock, or a write lock made a read lock).
    if (changed) this.wake(key);
    return true;
  }

  /** Drop every record lock `owner` holds on `file` (a POSIX owner closed a descriptor for
   *  it), or on every file when `file` is null (the owner exited). */
  releaseRecords(owner: object, file: FileKey | null): void {
    const keys = file === null ? [...this.records.keys()] : [file];
    for (const key of keys) {
      const st = this.records.get(key);
      if (!st || !st.locks.some((l) => l.owner === owner)) continue;
      st.locks = st.locks.filter((l) => l.owner !== owner);
      if (!st.locks.length) this.records.delete(key);
      this.wake(key);
    }
  }

  /** The last descriptor of an open file description closed: its flock lock and its OFD
   *  record locks go. */
  releaseFile(file: OpenFile): void {
    this.unflock(file);
    if (file.inode) this.releaseRecords(file, file.fileKey()); // (worked out when it locked)
  }

  /** Whether any record lock is held at all (a close need not look further if not). */
  get anyRecords(): boolean {
    return this.records.size > 0;
  }
}
