import { Errno, fail } from "../errno.js";
import { PidFd } from "../ipc/pidfd.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, uint } from "./util.js";
import { CAP_SYS_PTRACE, capable } from "../process/caps.js";

/** pidfd_getfd(2): a descriptor (close-on-exec) for the open file description another
 *  process's descriptor `targetfd` refers to, as dup(2) across processes. The caller needs
 *  ptrace access to the target (PTRACE_MODE_ATTACH_REALCREDS): root, or its real ids are all
 *  of the target's; else EPERM. */
export function sysPidfdGetfd(t: Thread, a: Args): SysResult {
  if (uint(a[2]) !== 0) fail(Errno.EINVAL);
  const pidfd = t.process.fds.get(int(a[0]));
  if (!(pidfd.handle instanceof PidFd)) fail(Errno.EBADF);
  if (pidfd.handle.exited) fail(Errno.ESRCH);
  const target = pidfd.handle.process;
  const me = t.process.creds, them = target.creds;
  const sameUser = [them.uid, them.euid, them.suid].every((id) => id === me.uid) && [them.gid, them.egid, them.sgid].every((id) => id === me.gid);
  if (!sameUser && !capable(me, CAP_SYS_PTRACE)) fail(Errno.EPERM);
  const file = target.fds.get(int(a[1]));
  return t.process.fds.install(file.ref(), true);
}
