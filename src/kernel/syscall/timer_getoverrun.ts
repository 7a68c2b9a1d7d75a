import { timerOf } from "../process/posix_timer.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int } from "./util.js";

/** timer_getoverrun(2): the expiries merged into the timer's last delivered signal. */
export function sysTimerGetoverrun(t: Thread, a: Args): SysResult {
  return timerOf(t.process, int(a[0])).overrunLast;
}
