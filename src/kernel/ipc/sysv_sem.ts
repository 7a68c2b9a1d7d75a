// System V semaphore sets (semget, semop, semtimedop, semctl): one namespace for the machine,
// sets named by key or private, each a small array of counters with owner and mode. A semop
// applies all of its operations at once or none: when one cannot go on, the caller waits on
// the set and tries the whole array again after any change (the re-run model of blocking
// calls). SEM_UNDO adjustments are kept per process and applied when it exits.
import { CAP_IPC_OWNER, CAP_SYS_ADMIN, capable } from "../process/caps.js";
import type { Scheduler, WaitQueue } from "../../ostd/index.js";
import { Errno, fail } from "../errno.js";
import type { Creds } from "../fs/permission.js";

export const SEMMSL = 32000, SEMMNI = 32000, SEMOPM = 500, SEMVMX = 32767, SEMAEM = 16384;
/** An id is index + seq * IPCMNI, so a recreated set gets a fresh id (as Linux's ipc_buildid). */
const IPCMNI = 32768;

export interface SemPerm {
  key: number;
  uid: number;
  gid: number;
  cuid: number;
  cgid: number;
  mode: number;
}

export class SemSet {
  readonly values: number[];
  readonly pids: number[];
  otimeNs = 0n;
  ctimeNs: bigint;
  removed = false;
  /** Woken after every change: waiting semops try again. */
  readonly changed: WaitQueue;

  constructor(readonly id: number, readonly perm: SemPerm, nsems: number, nowNs: bigint, scheduler: Scheduler) {
    this.values = new Array<number>(nsems).fill(0);
    this.pids = new Array<number>(nsems).fill(0);
    this.ctimeNs = nowNs;
    this.changed = scheduler.newWaitQueue(`semaphore set ${id}`);
  }

  get nsems(): number {
    return this.values.length;
  }
}

export class SemNamespace {
  readonly sets = new Map<number, SemSet>();
  /** As Linux's ipc_idr_alloc: indexes are handed out cyclically, and the sequence number
   *  (the id's high part) moves on each time the index wraps back. */
  private seq = 0;
  private lastIndex = -1;

  /** The set with this id, or EINVAL. */
  get(id: number): SemSet {
    const s = id >= 0 ? this.sets.get(id) : undefined;
    if (!s) fail(Errno.EINVAL);
    return s;
  }

  byKey(key: number): SemSet | null {
    for (const s of this.sets.values()) if (s.perm.key === key) return s;
    return null;
  }

  create(key: number, nsems: number, mode: number, who: Creds, nowNs: bigint, scheduler: Scheduler): SemSet {
    const used = new Set([...this.sets.keys()].map((id) => id % IPCMNI));
    if (used.size >= SEMMNI) fail(Errno.ENOSPC);
    let index = (this.lastIndex + 1) % SEMMNI;
    while (used.has(index)) index = (index + 1) % SEMMNI;
    if (index <= this.lastIndex) this.seq = (this.seq + 1) % 0x10000;
    this.lastIndex = index;
    const id = index + this.seq * IPCMNI;
    const perm = { key, uid: who.euid, gid: who.egid, cuid: who.euid, cgid: who.egid, mode: mode & 0o777 };
    const set = new SemSet(id, perm, nsems, nowNs, scheduler);
    this.sets.set(id, set);
    return set;
  }

  remove(set: SemSet): void {
    set.removed = true;
    this.sets.delete(set.id);
    set.changed.wakeAll();
  }

  /** The index SEM_STAT takes: the set in that slot. */
  atIndex(index: number): SemSet {
    for (const s of this.sets.values()) if (s.id % IPCMNI === index) return s;
    fail(Errno.EINVAL);
  }

  get highestIndex(): number {
    let max = 0;
    for (const id of this.sets.keys()) max = Math.max(max, id % IPCMNI);
    return max;
  }
}

/** ipcperms: may `who` read (4) or alter (2) the set? CAP_IPC_OWNER may do anything. */
export function semAllowed(who: Creds, perm: SemPerm, want: 2 | 4): boolean {
  const bits = who.euid === perm.uid || who.euid === perm.cuid ? perm.mode >> 6
    : who.egid === perm.gid || who.egid === perm.cgid || who.groups.includes(perm.gid) ? perm.mode >> 3 : perm.mode;
  return (bits & want) === want || capable(who, CAP_IPC_OWNER);
}

/** IPC_SET and IPC_RMID are the owner's, the creator's or CAP_SYS_ADMIN's. */
export function semOwner(who: Creds, perm: SemPerm): boolean {
  return who.euid === perm.uid || who.euid === perm.cuid || capable(who, CAP_SYS_ADMIN);
}
