import { Pod } from "../../ostd/index.js";
import { Errno, fail } from "../errno.js";
import { SIGEV_NONE, SIGEV_SIGNAL, SIGEV_THREAD_ID, type PosixTimer } from "../process/posix_timer.js";
import type { Thread } from "../process/process.js";
import { SIGALRM } from "../process/signal.js";
import { CLOCK_BOOTTIME, CLOCK_MONOTONIC, CLOCK_REALTIME } from "./clock_gettime.js";
import type { Args, SysResult } from "./types.js";
import { int, readMem, ulong, writeI32 } from "./util.js";

const CLOCK_REALTIME_ALARM = 8, CLOCK_BOOTTIME_ALARM = 9;
const NSIG = 64;
/** Timers one process may hold (Linux bounds them by RLIMIT_SIGPENDING). */
const MAX_TIMERS = 4096;

/**
 * timer_create(2) on the wall and monotonic clocks (the *_ALARM ones behave like their base
 * clock: nothing here suspends). The CPU-time clocks are EINVAL for now: their expiry would
 * have to be checked as a process's instructions retire. SIGEV_THREAD is the C library's
 * business (glibc passes SIGEV_THREAD_ID down), so the kernel refuses it, as Linux does.
 */
export function sysTimerCreate(t: Thread, a: Args): SysResult {
  const clock = int(a[0]);
  if (![CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME, CLOCK_REALTIME_ALARM, CLOCK_BOOTTIME_ALARM].includes(clock)) {
    fail(Errno.EINVAL, `timer_create on clock ${clock} is not supported`);
  }
  const proc = t.process;
  let id = 0;
  while (proc.posixTimers.has(id)) id++;
  if (id >= MAX_TIMERS) fail(Errno.EAGAIN);
  const timer: PosixTimer = {
    id, clock, notify: SIGEV_SIGNAL, signo: SIGALRM, value: BigInt(id), thread: null,
    handle: null, intervalNs: 0, overrun: 0, overrunLast: 0, pending: null,
  };
  const sevp = ulong(a[1]);
  if (sevp) {
    const ev = new Pod(readMem(t, sevp, 64));
    timer.value = ev.getBigUint64(0);
    timer.signo = ev.getInt32(8);
    timer.notify = ev.getInt32(12);
    if (timer.notify !== SIGEV_NONE) {
      if (timer.notify !== SIGEV_SIGNAL && timer.notify !== SIGEV_THREAD_ID) fail(Errno.EINVAL);
      if (timer.signo < 1 || timer.signo > NSIG) fail(Errno.EINVAL);
    }
    if (timer.notify === SIGEV_THREAD_ID) {
      const tid = ev.getInt32(16);
      const target = proc.threads.find((th) => th.tid === tid);
      if (!target) fail(Errno.EINVAL);
      timer.thread = target;
    }
  }
  writeI32(t, ulong(a[2]), id);
  proc.posixTimers.set(id, timer);
  return 0;
}
