import type { Thread } from "../process/process.js";
import type { SysResult } from "./types.js";

/** gettid(2) */
export function sysGettid(t: Thread): SysResult {
  return t.tid;
}
