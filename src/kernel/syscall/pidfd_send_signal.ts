import { Pod } from "../../ostd/index.js";
import { Errno, fail } from "../errno.js";
import { PidFd } from "../ipc/pidfd.js";
import type { Thread } from "../process/process.js";
import { NSIG } from "../process/signal.js";
import type { Args, SysResult } from "./types.js";
import { int, readMem, uint, ulong } from "./util.js";
import { mayKill } from "../process/caps.js";

const SI_USER = 0, SI_TKILL = -6;
// Linux 6.9: whom to signal, at most one of them (default: as the pidfd was opened).
const PIDFD_SIGNAL_THREAD = 1, PIDFD_SIGNAL_THREAD_GROUP = 2, PIDFD_SIGNAL_PROCESS_GROUP = 4;

/** pidfd_send_signal(2): kill(2) through a pidfd, to the process, its main thread or its
 *  process group. A siginfo may give its own si_code, which (as for rt_sigqueueinfo) must be
 *  negative and not SI_TKILL when sent to another process. */
export function sysPidfdSendSignal(t: Thread, a: Args): SysResult {
  const file = t.process.fds.get(int(a[0]));
  if (!(file.handle instanceof PidFd)) fail(Errno.EBADF);
  const sig = int(a[1]);
  const flags = uint(a[3]);
  if (![0, PIDFD_SIGNAL_THREAD, PIDFD_SIGNAL_THREAD_GROUP, PIDFD_SIGNAL_PROCESS_GROUP].includes(flags) || sig < 0 || sig > NSIG) fail(Errno.EINVAL);
  const target = file.handle.process;
  let code = SI_USER;
  if (ulong(a[2])) {
    const info = new Pod(readMem(t, ulong(a[2]), 128));
    if (info.getInt32(0) !== sig) fail(Errno.EINVAL);
    code = info.getInt32(8);
    if (target !== t.process && (code >= 0 || code === SI_TKILL)) fail(Errno.EPERM);
  }
  if (file.handle.exited) fail(Errno.ESRCH);
  if (!mayKill(t.process, target, sig)) fail(Errno.EPERM);
  if (sig === 0) return 0;
  const kernel = t.kernel;
  if (flags === PIDFD_SIGNAL_THREAD) kernel.signalThread(target.threads[0], sig, { code });
  else if (flags === PIDFD_SIGNAL_PROCESS_GROUP) {
    for (const p of [...kernel.processes.values()]) if (p.pgid === target.pgid) kernel.signalProcess(p, sig, { code });
  } else kernel.signalProcess(target, sig, { code });
  return 0;
}
