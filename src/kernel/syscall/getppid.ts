import type { Thread } from "../process/process.js";
import type { SysResult } from "./types.js";

/** getppid(2): 0 for the first process, as for Linux's init. */
export function sysGetppid(t: Thread): SysResult {
  return t.process.parent?.pid ?? 0;
}
