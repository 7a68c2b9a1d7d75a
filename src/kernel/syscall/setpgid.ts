import { Errno, fail } from "../errno.js";
import { ProcessState, type Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int } from "./util.js";

/** setpgid(2): the caller or one of its children (before it execs), within the same session. */
export function sysSetpgid(t: Thread, a: Args): SysResult {
  const pid = int(a[0]) || t.process.pid;
  const pgid = int(a[1]) || pid;
  if (pgid < 0) fail(Errno.EINVAL);
  const target = t.kernel.processes.get(pid);
  if (!target || target.state === ProcessState.Zombie) fail(Errno.ESRCH);
  if (target !== t.process && target.parent !== t.process) fail(Errno.ESRCH);
  if (target.sid !== t.process.sid) fail(Errno.EPERM);
  if (target.pid === target.sid) fail(Errno.EPERM, "a session leader cannot change group");
  if (pgid !== pid) {
    const inGroup = [...t.kernel.processes.values()].some((p) => p.pgid === pgid && p.sid === t.process.sid && p.state !== ProcessState.Zombie);
    if (!inGroup) fail(Errno.EPERM);
  }
  target.pgid = pgid;
  return 0;
}
