import { Errno, fail } from "../errno.js";
import { OpenFile, O_CLOEXEC, O_NONBLOCK, O_RDWR } from "../fs/file.js";
import { PidFd } from "../ipc/pidfd.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, uint } from "./util.js";

const PIDFD_NONBLOCK = O_NONBLOCK;

/** pidfd_open(2): a pidfd (always close-on-exec) for a live or not yet reaped process. */
export function sysPidfdOpen(t: Thread, a: Args): SysResult {
  const pid = int(a[0]);
  const flags = uint(a[1]);
  if (flags & ~PIDFD_NONBLOCK || pid <= 0) fail(Errno.EINVAL);
  const proc = t.kernel.processes.get(pid);
  if (!proc) {
    // A thread id names no process: EINVAL, as Linux says for non-leaders.
    for (const p of t.kernel.processes.values()) if (p.threads.some((th) => th.tid === pid)) fail(Errno.EINVAL);
    fail(Errno.ESRCH);
  }
  return t.process.fds.install(new OpenFile(new PidFd(proc), O_RDWR | (flags & PIDFD_NONBLOCK), null, "anon_inode:[pidfd]"), true);
}
