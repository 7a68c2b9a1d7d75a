import { Errno, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import type { SysResult } from "./types.js";

/** setsid(2): a new session and group led by the caller, with no controlling terminal. */
export function sysSetsid(t: Thread): SysResult {
  const p = t.process;
  if ([...t.kernel.processes.values()].some((q) => q.pgid === p.pid)) fail(Errno.EPERM);
  p.sid = p.pid;
  p.pgid = p.pid;
  p.ctty = null;
  return p.sid;
}
