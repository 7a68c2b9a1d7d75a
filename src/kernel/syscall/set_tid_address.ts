import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { ulong } from "./util.js";

/** set_tid_address(2) */
export function sysSetTidAddress(t: Thread, a: Args): SysResult {
  t.clearChildTid = ulong(a[0]);
  return t.tid;
}
