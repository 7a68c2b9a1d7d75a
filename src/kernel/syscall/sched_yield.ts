import type { SysResult } from "./types.js";

/** sched_yield(2): the round-robin scheduler moves on at the end of the slice anyway. */
export const sysSchedYield = (): SysResult => 0;
