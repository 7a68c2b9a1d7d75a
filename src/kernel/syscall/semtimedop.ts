import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { ulong } from "./util.js";
import { NR_SEMTIMEDOP, semop } from "./semop.js";

/** semtimedop(2): semop with a relative timeout for the wait (EAGAIN when it passes). */
export function sysSemtimedop(t: Thread, a: Args): SysResult {
  return semop(t, a, NR_SEMTIMEDOP, ulong(a[3]));
}
