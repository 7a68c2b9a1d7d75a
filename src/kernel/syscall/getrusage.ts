import { Errno, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, ulong, writeMem } from "./util.js";
import { rusageOf } from "./wait4.js";

const RUSAGE_SELF = 0, RUSAGE_CHILDREN = -1, RUSAGE_THREAD = 1;

/** getrusage(2): user time is the instructions retired (1 ns each); children count once
 *  reaped. */
export function sysGetrusage(t: Thread, a: Args): SysResult {
  const who = int(a[0]);
  let bytes: Uint8Array;
  if (who === RUSAGE_SELF || who === RUSAGE_THREAD) bytes = rusageOf(t.process);
  else if (who === RUSAGE_CHILDREN) bytes = new Uint8Array(144);
  else fail(Errno.EINVAL);
  writeMem(t, ulong(a[1]), bytes);
  return 0;
}
