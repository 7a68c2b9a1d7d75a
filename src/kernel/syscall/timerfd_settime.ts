import { Errno, fail } from "../errno.js";
import { Pod } from "../../ostd/index.js";
import { TFD_TIMER_ABSTIME, TFD_TIMER_CANCEL_ON_SET, timerfds, type TimerFd } from "../ipc/timerfd.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, readMem, uint, ulong, writeMem } from "./util.js";

/** The timerfd behind a descriptor (EINVAL for any other file). */
export function timerfdOf(t: Thread, fd: number): TimerFd {
  const tfd = timerfds.get(t.process.fds.get(fd).handle);
  if (!tfd) fail(Errno.EINVAL, "not a timerfd");
  return tfd;
}

/** struct itimerspec { it_interval, it_value } from [interval, value] in ns. */
export function encodeItimerspec(intervalNs: number, valueNs: number): Uint8Array {
  const p = Pod.alloc(32);
  const put = (off: number, ns: number) => {
    const b = BigInt(ns);
    p.setBigInt64(off, b / 1_000_000_000n);
    p.setBigInt64(off + 8, b % 1_000_000_000n);
  };
  put(0, intervalNs);
  put(16, valueNs);
  return p.bytes;
}

function timespecNs(p: Pod, off: number): bigint {
  const sec = p.getBigInt64(off);
  const nsec = p.getBigInt64(off + 8);
  if (sec < 0n || nsec < 0n || nsec >= 1_000_000_000n) fail(Errno.EINVAL, "bad timespec");
  return sec * 1_000_000_000n + nsec;
}

/** timerfd_settime(2): arm or disarm; the previous setting goes to old_value if given. */
export function sysTimerfdSettime(t: Thread, a: Args): SysResult {
  const tfd = timerfdOf(t, int(a[0]));
  const flags = uint(a[1]);
  if (flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET)) fail(Errno.EINVAL);
  // TFD_TIMER_CANCEL_ON_SET is accepted: the guest cannot set the wall clock here, so there
  // is never a clock change to cancel the timer for.
  const spec = new Pod(readMem(t, ulong(a[2]), 32));
  const interval = timespecNs(spec, 0);
  const value = timespecNs(spec, 16);
  if (ulong(a[3])) {
    const [i, v] = tfd.get();
    writeMem(t, ulong(a[3]), encodeItimerspec(i, v));
  }
  tfd.set(value, interval, (flags & TFD_TIMER_ABSTIME) !== 0);
  return 0;
}
