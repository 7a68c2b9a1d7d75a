import { Pod } from "../../ostd/index.js";
import { Errno, fail } from "../errno.js";
import { armPosixTimer, posixTimerRemaining, timerOf, type PosixTimer } from "../process/posix_timer.js";
import type { Thread } from "../process/process.js";
import { CLOCK_REALTIME } from "./clock_gettime.js";
import type { Args, SysResult } from "./types.js";
import { int, readMem, ulong, writeMem } from "./util.js";

const TIMER_ABSTIME = 1;
const REALTIME_ALARM = 8;

function timespecNs(p: Pod, off: number): number {
  const sec = p.getBigInt64(off);
  const nsec = p.getBigInt64(off + 8);
  if (sec < 0n || nsec < 0n || nsec >= 1_000_000_000n) fail(Errno.EINVAL);
  return Number(sec * 1_000_000_000n + nsec);
}

/** A struct itimerspec (interval, then value) for `timer` now. */
export function encodeItimerspec(t: Thread, timer: PosixTimer): Uint8Array {
  const p = Pod.alloc(32);
  const put = (off: number, ns: number) => {
    p.setBigInt64(off, BigInt(Math.floor(ns / 1e9)));
    p.setBigInt64(off + 8, BigInt(ns % 1e9));
  };
  put(0, timer.intervalNs);
  put(16, posixTimerRemaining(t.kernel, timer));
  return p.bytes;
}

/** timer_settime(2): relative or (TIMER_ABSTIME) absolute on the timer's clock; a zero value
 *  disarms. An absolute time already past expires at once. */
export function sysTimerSettime(t: Thread, a: Args): SysResult {
  const timer = timerOf(t.process, int(a[0]));
  const flags = int(a[1]);
  const spec = new Pod(readMem(t, ulong(a[2]), 32));
  const intervalNs = timespecNs(spec, 0);
  const valueNs = timespecNs(spec, 16);
  if (ulong(a[3])) writeMem(t, ulong(a[3]), encodeItimerspec(t, timer));
  const m = t.kernel.machine;
  const now = m.clock.now();
  let deadline = 0;
  if (valueNs > 0) {
    if (flags & TIMER_ABSTIME) {
      const wall = timer.clock === CLOCK_REALTIME || timer.clock === REALTIME_ALARM;
      const offset = wall ? Number(m.world.realtimeNs() - BigInt(now)) : 0;
      deadline = Math.max(now, valueNs - offset);
    } else {
      deadline = now + valueNs;
    }
    // The virtual clock starts at 0: an expiry "now" at boot must still count as armed.
    deadline = Math.max(deadline, 1);
  }
  armPosixTimer(t.kernel, t.process, timer, deadline, intervalNs);
  return 0;
}
