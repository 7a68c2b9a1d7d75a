import { Errno, fail } from "../errno.js";
import { NSIG } from "../process/signal.js";
import type { Process, Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int } from "./util.js";
import { mayKill } from "../process/caps.js";

/** kill(2): pid > 0 one process, 0 the caller's group, -1 every process but init, < -1 a group;
 *  EPERM for a process the caller may not signal (caps.ts mayKill). */
export function sysKill(t: Thread, a: Args): SysResult {
  const pid = int(a[0]);
  const sig = int(a[1]);
  if (sig < 0 || sig > NSIG) fail(Errno.EINVAL);
  const all = [...t.kernel.processes.values()].filter((p) => p.state === "running");
  let targets: Process[];
  if (pid > 0) targets = all.filter((p) => p.pid === pid);
  else if (pid === 0) targets = all.filter((p) => p.pgid === t.process.pgid);
  else if (pid === -1) targets = all.filter((p) => p.pid !== 1 && p !== t.process);
  else targets = all.filter((p) => p.pgid === -pid);
  if (targets.length === 0) fail(Errno.ESRCH);
  // A group or everyone: those the caller may signal get it; EPERM only if none may.
  const allowed = targets.filter((p) => mayKill(t.process, p, sig));
  if (allowed.length === 0) fail(Errno.EPERM);
  if (sig !== 0) for (const p of allowed) t.kernel.signalProcess(p, sig);
  return 0;
}
