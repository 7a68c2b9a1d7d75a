import { Errno, fail } from "../errno.js";
import { NSIG } from "../process/signal.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int } from "./util.js";
import { mayKill } from "../process/caps.js";

/** tgkill(2) */
export function sysTgkill(t: Thread, a: Args): SysResult {
  const tgid = int(a[0]);
  const tid = int(a[1]);
  const sig = int(a[2]);
  if (sig < 0 || sig > NSIG || tgid <= 0 || tid <= 0) fail(Errno.EINVAL);
  const proc = t.kernel.processes.get(tgid);
  const target = proc?.threads.find((th) => th.tid === tid);
  if (!proc || !target || proc.state !== "running") fail(Errno.ESRCH);
  if (!mayKill(t.process, proc, sig)) fail(Errno.EPERM);
  if (sig !== 0) t.kernel.signalThread(target, sig);
  return 0;
}

/** tkill(2): tgkill without the group check. */
export function sysTkill(t: Thread, a: Args): SysResult {
  const tid = int(a[0]);
  for (const p of t.kernel.processes.values()) {
    if (p.threads.some((th) => th.tid === tid)) return sysTgkill(t, [BigInt(p.pid), a[0], a[1], 0n, 0n, 0n]);
  }
  fail(Errno.ESRCH);
}
