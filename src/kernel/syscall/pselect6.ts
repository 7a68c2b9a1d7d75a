import { Errno, fail } from "../errno.js";
import { Pod, type WaitQueue } from "../../ostd/index.js";
import type { Thread } from "../process/process.js";
import { wokeByTimeout } from "./dispatch.js";
import { Block, type Args, type SysResult } from "./types.js";
import { int, readMem, ulong, writeMem } from "./util.js";
import { POLLERR, POLLHUP, POLLIN, POLLNVAL, POLLOUT, POLLPRI, fdReadiness, timeoutToDeadline } from "./ppoll.js";
import { applyTempMask } from "../process/deliver.js";

export const NR_PSELECT6 = 72;

function readSet(t: Thread, va: number, nfds: number): Uint8Array | null {
  return va ? readMem(t, va, Math.ceil(nfds / 64) * 8) : null;
}

const isSet = (s: Uint8Array | null, fd: number) => s !== null && (s[fd >> 3] & (1 << (fd & 7))) !== 0;

/** pselect6(2): the sixth argument points at { const sigset_t *ss; size_t ss_len; }. */
export function sysPselect6(t: Thread, a: Args): SysResult {
  const nfds = int(a[0]);
  if (nfds < 0 || nfds > 1024) fail(Errno.EINVAL);
  const first = t.restart?.nr !== NR_PSELECT6;
  const deadline = first ? timeoutToDeadline(t, ulong(a[4])) : (t.restart!.data as number | null);
  if (first) {
    if (ulong(a[5])) {
      const p = new Pod(readMem(t, ulong(a[5]), 16));
      const ss = Number(p.getBigUint64(0));
      if (ss) applyTempMask(t, new Pod(readMem(t, ss, 8)).getBigUint64(0), Number(p.getBigUint64(8)));
    }
    t.restart = { nr: NR_PSELECT6, data: deadline };
  }
  const sets = [readSet(t, ulong(a[1]), nfds), readSet(t, ulong(a[2]), nfds), readSet(t, ulong(a[3]), nfds)];
  const out = sets.map((s) => (s ? new Uint8Array(s.length) : null));
  let ready = 0;
  const queues: WaitQueue[] = [];
  for (let fd = 0; fd < nfds; fd++) {
    if (!sets.some((s) => isSet(s, fd))) continue;
    const r = fdReadiness(t, fd);
    if (r.mask & POLLNVAL) fail(Errno.EBADF);
    queues.push(...r.queues);
    const hits = [r.mask & (POLLIN | POLLHUP | POLLERR), r.mask & (POLLOUT | POLLERR), r.mask & POLLPRI];
    hits.forEach((hit, k) => {
      if (hit && isSet(sets[k], fd)) {
        out[k]![fd >> 3] |= 1 << (fd & 7);
        ready++;
      }
    });
  }
  const timedOut = deadline !== null && (deadline <= t.kernel.machine.clock.now() || wokeByTimeout(t));
  if (ready || timedOut) {
    out.forEach((s, k) => s && writeMem(t, ulong(a[1 + k]), s));
    return ready;
  }
  return new Block(queues, deadline, "select");
}
