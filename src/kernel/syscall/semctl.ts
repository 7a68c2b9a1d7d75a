import { Pod } from "../../ostd/index.js";
import { Errno, fail } from "../errno.js";
import { SEMAEM, SEMMNI, SEMMSL, SEMOPM, SEMVMX, semAllowed, semOwner, type SemSet } from "../ipc/sysv_sem.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, readMem, ulong, writeMem } from "./util.js";
import { NR_SEMOP, NR_SEMTIMEDOP, type SemWait } from "./semop.js";

const IPC_RMID = 0, IPC_SET = 1, IPC_STAT = 2, IPC_INFO = 3, IPC_64 = 0x100;
const GETPID = 11, GETVAL = 12, GETALL = 13, GETNCNT = 14, GETZCNT = 15, SETVAL = 16, SETALL = 17;
const SEM_STAT = 18, SEM_INFO = 19, SEM_STAT_ANY = 20;
/** sizeof(struct semid64_ds) on riscv64: ipc64_perm (48), otime, ctime, nsems, two unused. */
const SEMID_DS_SIZE = 88;

/** struct semid64_ds. */
function encodeSemid(set: SemSet): Uint8Array {
  const p = Pod.alloc(SEMID_DS_SIZE);
  const perm = set.perm;
  p.setInt32(0, perm.key);
  p.setUint32(4, perm.uid);
  p.setUint32(8, perm.gid);
  p.setUint32(12, perm.cuid);
  p.setUint32(16, perm.cgid);
  p.setUint32(20, perm.mode);
  p.setUint16(24, Math.floor(set.id / 32768) & 0xffff);
  p.setBigInt64(48, set.otimeNs / 1_000_000_000n);
  p.setBigInt64(56, set.ctimeNs / 1_000_000_000n);
  p.setBigUint64(64, BigInt(set.nsems));
  return p.bytes;
}

/** Threads waiting in semop on semaphore `num` of `set`: for a decrement, or (zero) for 0. */
function waiters(t: Thread, set: SemSet, num: number, zero: boolean): number {
  let n = 0;
  for (const p of t.kernel.processes.values()) {
    for (const th of p.threads) {
      const r = th.restart;
      if (!r || (r.nr !== NR_SEMOP && r.nr !== NR_SEMTIMEDOP)) continue;
      const w = r.data as SemWait;
      if (w.set === set && w.num === num && w.zero === zero) n++;
    }
  }
  return n;
}

/** SETVAL/SETALL: the new values stand; every process's undo entries for them go. */
function valuesChanged(t: Thread, set: SemSet, nums: number[]): void {
  for (const p of t.kernel.processes.values()) {
    const adj = p.semUndo.get(set.id);
    if (adj) for (const n of nums) adj.delete(n);
  }
  set.ctimeNs = t.kernel.machine.world.realtimeNs();
  set.changed.wakeAll();
}

/**
 * semctl(2): IPC_STAT/SET/RMID, GETVAL/SETVAL/GETALL/SETALL, GETPID/GETNCNT/GETZCNT,
 * IPC_INFO/SEM_INFO and SEM_STAT(_ANY). The fourth argument is the union semun: a value for
 * SETVAL, else a pointer.
 */
export function sysSemctl(t: Thread, a: Args): SysResult {
  const cmd = int(a[2]) & ~IPC_64;
  const num = int(a[1]);
  const arg = a[3];
  const ns = t.kernel.sems;
  const who = t.process.creds;
  if (cmd === IPC_INFO || cmd === SEM_INFO) {
    const info = Pod.alloc(40);
    const sets = [...ns.sets.values()];
    // struct seminfo; SEM_INFO reports usage in semusz (sets) and semaem (semaphores).
    const fields = [0, SEMMNI, SEMMNI * SEMMSL, 0, SEMMSL, SEMOPM, 0, cmd === SEM_INFO ? sets.length : 0, SEMVMX,
      cmd === SEM_INFO ? sets.reduce((n, s) => n + s.nsems, 0) : SEMAEM];
    fields.forEach((v, i) => info.setInt32(i * 4, v));
    if (ulong(arg)) writeMem(t, ulong(arg), info.bytes);
    return ns.highestIndex;
  }
  const set = cmd === SEM_STAT || cmd === SEM_STAT_ANY ? ns.atIndex(int(a[0])) : ns.get(int(a[0]));
  const read = () => {
    if (!semAllowed(who, set.perm, 4)) fail(Errno.EACCES);
  };
  const alter = () => {
    if (!semAllowed(who, set.perm, 2)) fail(Errno.EACCES);
  };
  const checkNum = () => {
    if (num < 0 || num >= set.nsems) fail(Errno.EINVAL);
  };
  switch (cmd) {
    case IPC_STAT:
    case SEM_STAT:
    case SEM_STAT_ANY:
      if (cmd !== SEM_STAT_ANY) read();
      writeMem(t, ulong(arg), encodeSemid(set));
      return cmd === IPC_STAT ? 0 : set.id;
    case IPC_SET: {
      const p = new Pod(readMem(t, ulong(arg), SEMID_DS_SIZE));
      if (!semOwner(who, set.perm)) fail(Errno.EPERM);
      set.perm.uid = p.getUint32(4);
      set.perm.gid = p.getUint32(8);
      set.perm.mode = (set.perm.mode & ~0o777) | (p.getUint32(20) & 0o777);
      set.ctimeNs = t.kernel.machine.world.realtimeNs();
      return 0;
    }
    case IPC_RMID:
      if (!semOwner(who, set.perm)) fail(Errno.EPERM);
      ns.remove(set);
      for (const p of t.kernel.processes.values()) p.semUndo.delete(set.id);
      return 0;
    case GETVAL: read(); checkNum(); return set.values[num];
    case GETPID: read(); checkNum(); return set.pids[num];
    case GETNCNT: read(); checkNum(); return waiters(t, set, num, false);
    case GETZCNT: read(); checkNum(); return waiters(t, set, num, true);
    case GETALL: {
      read();
      const p = Pod.alloc(set.nsems * 2);
      set.values.forEach((v, i) => p.setUint16(i * 2, v));
      writeMem(t, ulong(arg), p.bytes);
      return 0;
    }
    case SETVAL: {
      alter();
      checkNum();
      const v = Number(BigInt.asIntN(32, arg));
      if (v < 0 || v > SEMVMX) fail(Errno.ERANGE);
      set.values[num] = v;
      set.pids[num] = t.process.pid;
      valuesChanged(t, set, [num]);
      return 0;
    }
    case SETALL: {
      alter();
      const p = new Pod(readMem(t, ulong(arg), set.nsems * 2));
      const vals = set.values.map((_, i) => p.getUint16(i * 2));
      if (vals.some((v) => v > SEMVMX)) fail(Errno.ERANGE);
      vals.forEach((v, i) => {
        set.values[i] = v;
        set.pids[i] = t.process.pid;
      });
      valuesChanged(t, set, vals.map((_, i) => i));
      return 0;
    }
    default:
      fail(Errno.EINVAL);
  }
}
