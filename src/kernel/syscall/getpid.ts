import type { Thread } from "../process/process.js";
import type { SysResult } from "./types.js";

/** getpid(2) */
export function sysGetpid(t: Thread): SysResult {
  return t.process.pid;
}
