import { Pod } from "../../ostd/index.js";
import { Errno, fail } from "../errno.js";
import { SEMOPM, SEMVMX, semAllowed, type SemSet } from "../ipc/sysv_sem.js";
import type { Thread } from "../process/process.js";
import { wokeByTimeout } from "./dispatch.js";
import { Block, type Args, type SysResult } from "./types.js";
import { int, readMem, ulong } from "./util.js";
import { timeoutToDeadline } from "./ppoll.js";

export const NR_SEMOP = 193, NR_SEMTIMEDOP = 192;
const IPC_NOWAIT = 0o4000, SEM_UNDO = 0x1000;

/** What a waiting semop waits for (GETNCNT / GETZCNT count these). */
export interface SemWait {
  set: SemSet;
  num: number;
  zero: boolean;
  deadline: number | null;
}

interface SemOp {
  num: number;
  op: number;
  flags: number;
}

/**
 * semop and semtimedop: apply every operation or none. An operation that cannot go on (a
 * decrement below zero, a wait for zero on a non-zero value) fails the call with EAGAIN under
 * IPC_NOWAIT, else the caller waits for the set to change (until `timeoutVa`'s relative
 * timeout) and tries the whole array again. A set removed meanwhile is EIDRM.
 */
export function semop(t: Thread, a: Args, nr: number, timeoutVa: number): SysResult {
  const ns = t.kernel.sems;
  const waited = t.restart?.nr === nr ? (t.restart.data as SemWait) : null;
  if (waited?.set.removed) fail(Errno.EIDRM);
  const set = ns.get(int(a[0]));
  const nsops = int(a[2]);
  if (nsops < 1) fail(Errno.EINVAL);
  if (nsops > SEMOPM) fail(Errno.E2BIG);
  const raw = new Pod(readMem(t, ulong(a[1]), nsops * 6));
  const ops: SemOp[] = [];
  let alters = false;
  for (let i = 0; i < nsops; i++) {
    const op = { num: raw.getUint16(i * 6), op: raw.getInt16(i * 6 + 2), flags: raw.getInt16(i * 6 + 4) };
    if (op.num >= set.nsems) fail(Errno.EFBIG);
    if (op.op !== 0) alters = true;
    ops.push(op);
  }
  if (!semAllowed(t.process.creds, set.perm, alters ? 2 : 4)) fail(Errno.EACCES);
  const values = [...set.values];
  for (const o of ops) {
    const v = values[o.num];
    const blocked = (o.op === 0 && v !== 0) || (o.op < 0 && v + o.op < 0);
    if (blocked) {
      if (o.flags & IPC_NOWAIT) fail(Errno.EAGAIN);
      const deadline = waited ? waited.deadline : timeoutVa ? timeoutToDeadline(t, timeoutVa) : null;
      if (waited && wokeByTimeout(t)) fail(Errno.EAGAIN);
      if (deadline !== null && deadline <= t.kernel.machine.clock.now()) fail(Errno.EAGAIN);
      t.restart = { nr, data: { set, num: o.num, zero: o.op === 0, deadline } satisfies SemWait };
      return new Block([set.changed], deadline, "semop");
    }
    if (v + o.op > SEMVMX) fail(Errno.ERANGE);
    values[o.num] = v + o.op;
  }
  const pid = t.process.pid;
  for (const o of ops) {
    set.values[o.num] = values[o.num];
    set.pids[o.num] = pid;
    if (o.flags & SEM_UNDO && o.op !== 0) {
      const undo = t.process.semUndo;
      const adj = undo.get(set.id) ?? new Map<number, number>();
      adj.set(o.num, (adj.get(o.num) ?? 0) - o.op);
      undo.set(set.id, adj);
    }
  }
  set.otimeNs = t.kernel.machine.world.realtimeNs();
  if (alters) set.changed.wakeAll();
  return 0;
}

/** semop(2) */
export function sysSemop(t: Thread, a: Args): SysResult {
  return semop(t, a, NR_SEMOP, 0);
}
