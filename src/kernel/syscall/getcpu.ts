import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { ulong, writeI32 } from "./util.js";

/** getcpu(2): always CPU 0, node 0. */
export function sysGetcpu(t: Thread, a: Args): SysResult {
  if (ulong(a[0])) writeI32(t, ulong(a[0]), 0);
  if (ulong(a[1])) writeI32(t, ulong(a[1]), 0);
  return 0;
}
