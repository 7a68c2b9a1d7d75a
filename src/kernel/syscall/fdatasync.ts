import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int } from "./util.js";
import { syncFd } from "./fsync.js";

/** fdatasync(2) */
export function sysFdatasync(t: Thread, a: Args): SysResult {
  return syncFd(t, int(a[0]), true);
}
