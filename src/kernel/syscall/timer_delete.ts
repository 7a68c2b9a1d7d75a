import { disarmPosixTimer, dropPendingSignal, timerOf } from "../process/posix_timer.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int } from "./util.js";

/** timer_delete(2): disarm and forget the timer; a signal of its still pending is dropped. */
export function sysTimerDelete(t: Thread, a: Args): SysResult {
  const proc = t.process;
  const timer = timerOf(proc, int(a[0]));
  disarmPosixTimer(t.kernel, timer);
  dropPendingSignal(proc, timer);
  proc.posixTimers.delete(timer.id);
  return 0;
}
