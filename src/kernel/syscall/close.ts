import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int } from "./util.js";

/** close(2) */
export function sysClose(t: Thread, a: Args): SysResult {
  t.process.fds.close(int(a[0]));
  return 0;
}
