import { Errno, fail } from "../errno.js";
import { PidFd } from "../ipc/pidfd.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, uint } from "./util.js";

/** pidfd_getfd(2): a descriptor (close-on-exec) for the open file description another
 *  process's descriptor `targetfd` refers to, as dup(2) across processes. We run as root, so
 *  the ptrace access check always passes. */
export function sysPidfdGetfd(t: Thread, a: Args): SysResult {
  if (uint(a[2]) !== 0) fail(Errno.EINVAL);
  const pidfd = t.process.fds.get(int(a[0]));
  if (!(pidfd.handle instanceof PidFd)) fail(Errno.EBADF);
  if (pidfd.handle.exited) fail(Errno.ESRCH);
  const file = pidfd.handle.process.fds.get(int(a[1]));
  return t.process.fds.install(file.ref(), true);
}
