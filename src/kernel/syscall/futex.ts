import { Errno, fail } from "../errno.js";
import { futexKey, type FutexWaiter } from "../ipc/futex.js";
import type { Thread } from "../process/process.js";
import { wokeByTimeout } from "./dispatch.js";
import { Block, type Args, type SysResult } from "./types.js";
import { int, readMem, uint, ulong, writeMem } from "./util.js";
import { Pod } from "../../ostd/index.js";

const FUTEX_WAIT = 0, FUTEX_WAKE = 1, FUTEX_REQUEUE = 3, FUTEX_CMP_REQUEUE = 4, FUTEX_WAKE_OP = 5;
const FUTEX_WAIT_BITSET = 9, FUTEX_WAKE_BITSET = 10;
const FUTEX_PRIVATE_FLAG = 128, FUTEX_CLOCK_REALTIME = 256;
export const NR_FUTEX = 98;

function readWord(t: Thread, va: number): number {
  if (va % 4 !== 0) fail(Errno.EINVAL, "futex address is not 4-byte aligned");
  return new Pod(readMem(t, va, 4)).getUint32(0);
}

function timeoutDeadline(t: Thread, va: number, absolute: boolean, realtime: boolean): number | null {
  if (!va) return null;
  const p = new Pod(readMem(t, va, 16));
  const sec = p.getBigInt64(0);
  const nsec = p.getBigInt64(8);
  if (sec < 0n || nsec < 0n || nsec >= 1_000_000_000n) fail(Errno.EINVAL);
  const ns = Number(sec * 1_000_000_000n + nsec);
  const clock = t.kernel.machine.clock;
  if (!absolute) return clock.now() + ns;
  const base = realtime ? Number(t.kernel.machine.world.realtimeNs()) - clock.now() : 0;
  return ns - base;
}

/** Sign-extend the 12-bit operand fields of a FUTEX_WAKE_OP encoding. */
const sext12 = (v: number) => (v << 20) >> 20;

/**
 * FUTEX_WAKE_OP: atomically (we are one hart) apply the encoded operation to the word at
 * `uaddr2`, wake up to `n` waiters on `uaddr`, and, when the old value of `uaddr2` satisfies
 * the encoded comparison, up to `n2` waiters on `uaddr2`. The encoding in `val3` is
 * op:4 cmp:4 oparg:12 cmparg:12, with FUTEX_OP_OPARG_SHIFT (op bit 3) meaning 1 << oparg.
 */
function wakeOp(t: Thread, uaddr: number, uaddr2: number, shared: boolean, n: number, n2: number, val3: number): number {
  let op = (val3 >>> 28) & 0xf;
  const cmp = (val3 >>> 24) & 0xf;
  let oparg = sext12((val3 >>> 12) & 0xfff);
  const cmparg = sext12(val3 & 0xfff);
  if (op & 8) {
    op &= 7;
    // Linux warns on shifts outside 0..31 and masks them.
    oparg = 1 << (oparg & 31);
  }
  if (op > 4 || cmp > 5) fail(Errno.ENOSYS, `futex wake-op op ${op} cmp ${cmp}`);
  const old = readWord(t, uaddr2) | 0;
  const next = [oparg, old + oparg, old | oparg, old & ~oparg, old ^ oparg][op];
  const word = new Pod(new Uint8Array(4));
  word.setUint32(0, next >>> 0);
  writeMem(t, uaddr2, word.bytes);
  const mem = t.process.mem;
  const table = t.kernel.futexes;
  let woken = table.wake(t.kernel, futexKey(mem, uaddr, shared), n, 0xffffffff);
  const hit = [old === cmparg, old !== cmparg, old < cmparg, old <= cmparg, old > cmparg, old >= cmparg][cmp];
  if (hit) woken += table.wake(t.kernel, futexKey(mem, uaddr2, shared), n2, 0xffffffff);
  return woken;
}

/** futex(2): WAIT/WAKE/REQUEUE/CMP_REQUEUE/WAKE_OP/WAIT_BITSET/WAKE_BITSET, private and shared. */
export function sysFutex(t: Thread, a: Args): SysResult {
  const uaddr = ulong(a[0]);
  const op = int(a[1]);
  const cmd = op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
  const shared = (op & FUTEX_PRIVATE_FLAG) === 0;
  const val = uint(a[2]);
  const mem = t.process.mem;
  const table = t.kernel.futexes;
  switch (cmd) {
    case FUTEX_WAIT:
    case FUTEX_WAIT_BITSET: {
      const bitset = cmd === FUTEX_WAIT ? 0xffffffff : uint(a[5]);
      if (bitset === 0) fail(Errno.EINVAL);
      const restart = t.restart?.nr === NR_FUTEX ? (t.restart.data as FutexWaiter & { deadline: number | null }) : null;
      if (restart) {
        if (restart.woken) return 0;
        table.remove(restart);
        if (wokeByTimeout(t)) fail(Errno.ETIMEDOUT);
        table.add(restart);
        return new Block([], restart.deadline, "futex");
      }
      if (readWord(t, uaddr) !== val) fail(Errno.EAGAIN);
      const deadline = timeoutDeadline(t, ulong(a[3]), cmd === FUTEX_WAIT_BITSET, (op & FUTEX_CLOCK_REALTIME) !== 0);
      const w = { thread: t, key: futexKey(mem, uaddr, shared), bitset, woken: false, deadline };
      t.restart = { nr: NR_FUTEX, data: w };
      table.add(w);
      return new Block([], deadline, "futex");
    }
    case FUTEX_WAKE:
    case FUTEX_WAKE_BITSET: {
      const bitset = cmd === FUTEX_WAKE ? 0xffffffff : uint(a[5]);
      if (bitset === 0) fail(Errno.EINVAL);
      return table.wake(t.kernel, futexKey(mem, uaddr, shared), Math.max(0, int(a[2])), bitset);
    }
    case FUTEX_REQUEUE:
    case FUTEX_CMP_REQUEUE: {
      if (cmd === FUTEX_CMP_REQUEUE && readWord(t, uaddr) !== uint(a[5])) fail(Errno.EAGAIN);
      const from = futexKey(mem, uaddr, shared);
      const woken = table.wake(t.kernel, from, Math.max(0, int(a[2])), 0xffffffff);
      const moved = table.requeue(from, futexKey(mem, ulong(a[4]), shared), Math.max(0, int(a[3])));
      return woken + moved;
    }
    case FUTEX_WAKE_OP:
      return wakeOp(t, uaddr, ulong(a[4]), shared, Math.max(0, int(a[2])), Math.max(0, int(a[3])), uint(a[5]));
    default:
      fail(Errno.ENOSYS, `futex op ${cmd}`);
  }
}
