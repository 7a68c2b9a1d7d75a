import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, ulong, writeMem } from "./util.js";
import { clockNs, encodeTimespec } from "./clock_gettime.js";

/** clock_getres(2): the virtual clock ticks once per instruction, 1 ns. */
export function sysClockGetres(t: Thread, a: Args): SysResult {
  clockNs(t, int(a[0])); // validates the clock id
  if (ulong(a[1])) writeMem(t, ulong(a[1]), encodeTimespec(1n));
  return 0;
}
