import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, ulong, writeMem } from "./util.js";
import { encodeItimerspec, timerfdOf } from "./timerfd_settime.js";

/** timerfd_gettime(2): the interval and the time left to the next expiry. */
export function sysTimerfdGettime(t: Thread, a: Args): SysResult {
  const [interval, left] = timerfdOf(t, int(a[0])).get();
  writeMem(t, ulong(a[1]), encodeItimerspec(interval, left));
  return 0;
}
