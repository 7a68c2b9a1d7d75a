import { timerOf } from "../process/posix_timer.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, ulong, writeMem } from "./util.js";
import { encodeItimerspec } from "./timer_settime.js";

/** timer_gettime(2): the interval and the time left (zero when disarmed). */
export function sysTimerGettime(t: Thread, a: Args): SysResult {
  writeMem(t, ulong(a[1]), encodeItimerspec(t, timerOf(t.process, int(a[0]))));
  return 0;
}
