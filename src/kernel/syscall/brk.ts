import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { ulong } from "./util.js";

/** brk(2): the raw system call returns the new break, or the old one on failure. */
export function sysBrk(t: Thread, a: Args): SysResult {
  return t.process.mem.setBrk(ulong(a[0]));
}
