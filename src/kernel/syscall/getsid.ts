import { Errno, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int } from "./util.js";

/** getsid(2) */
export function sysGetsid(t: Thread, a: Args): SysResult {
  const pid = int(a[0]);
  const p = pid === 0 ? t.process : t.kernel.processes.get(pid);
  if (!p) fail(Errno.ESRCH);
  return p.sid;
}
