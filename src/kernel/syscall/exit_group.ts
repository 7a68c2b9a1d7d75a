import type { Thread } from "../process/process.js";
import { NO_RETURN, type Args, type SysResult } from "./types.js";
import { int } from "./util.js";

/** exit_group(2) */
export function sysExitGroup(t: Thread, a: Args): SysResult {
  t.kernel.exitProcess(t.process, (int(a[0]) & 0xff) << 8);
  return NO_RETURN;
}
