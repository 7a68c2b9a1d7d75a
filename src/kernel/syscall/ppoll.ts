import { Errno, fail } from "../errno.js";
import { Pod, type WaitQueue } from "../../ostd/index.js";
import type { Thread } from "../process/process.js";
import { wokeByTimeout } from "./dispatch.js";
import { Block, type Args, type SysResult } from "./types.js";
import { int, readMem, readU64, ulong, writeMem } from "./util.js";
import { applyTempMask } from "../process/deliver.js";

export const POLLIN = 0x1, POLLPRI = 0x2, POLLOUT = 0x4, POLLERR = 0x8, POLLHUP = 0x10, POLLNVAL = 0x20;
export const POLLRDNORM = 0x40, POLLWRNORM = 0x100;
export const NR_PPOLL = 73;

/** Readiness of `fd` (POLL* bits) and where to sleep for a change. */
export function fdReadiness(t: Thread, fd: number): { mask: number; queues: WaitQueue[] } {
  let file;
  try {
    file = t.process.fds.get(fd);
  } catch {
    return { mask: POLLNVAL, queues: [] };
  }
  const h = file.handle;
  let mask = h.poll ? h.poll() : POLLIN | POLLOUT;
  if (mask & POLLIN) mask |= POLLRDNORM;
  if (mask & POLLOUT) mask |= POLLWRNORM;
  return { mask, queues: h.pollQueues?.() ?? [] };
}

/** Read a timespec timeout into an absolute virtual deadline (null = forever). */
export function timeoutToDeadline(t: Thread, va: number): number | null {
  if (!va) return null;
  const p = new Pod(readMem(t, va, 16));
  const sec = p.getBigInt64(0);
  const nsec = p.getBigInt64(8);
  if (sec < 0n || nsec < 0n || nsec >= 1_000_000_000n) fail(Errno.EINVAL);
  return t.kernel.machine.clock.now() + Number(sec * 1_000_000_000n + nsec);
}

/** ppoll(2) */
export function sysPpoll(t: Thread, a: Args): SysResult {
  const fdsPtr = ulong(a[0]);
  const nfds = ulong(a[1]);
  if (nfds > 1024) fail(Errno.EINVAL);
  const first = t.restart?.nr !== NR_PPOLL;
  const deadline = first ? timeoutToDeadline(t, ulong(a[2])) : (t.restart!.data as number | null);
  if (first) {
    if (ulong(a[3])) applyTempMask(t, readU64(t, ulong(a[3])), ulong(a[4]));
    t.restart = { nr: NR_PPOLL, data: deadline };
  }
  const p = new Pod(readMem(t, fdsPtr, nfds * 8));
  let ready = 0;
  const queues: WaitQueue[] = [];
  for (let i = 0; i < nfds; i++) {
    const fd = p.getInt32(i * 8);
    const events = p.getUint16(i * 8 + 4);
    let revents = 0;
    if (fd >= 0) {
      const r = fdReadiness(t, fd);
      revents = r.mask & (events | POLLERR | POLLHUP | POLLNVAL);
      queues.push(...r.queues);
    }
    p.setUint16(i * 8 + 6, revents);
    if (revents) ready++;
  }
  const timedOut = deadline !== null && (deadline <= t.kernel.machine.clock.now() || wokeByTimeout(t));
  if (ready || timedOut) {
    writeMem(t, fdsPtr, p.bytes);
    return ready;
  }
  return new Block(queues, deadline, "poll");
}
