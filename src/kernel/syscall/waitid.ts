import { Errno, fail } from "../errno.js";
import { Pod } from "../../ostd/index.js";
import type { Thread } from "../process/process.js";
import { CLD_CONTINUED, CLD_EXITED, CLD_KILLED, CLD_STOPPED } from "../process/lifecycle.js";
import { SIGCHLD } from "../process/signal.js";
import { O_NONBLOCK } from "../fs/file.js";
import { PidFd } from "../ipc/pidfd.js";
import { Block, type Args, type SysResult } from "./types.js";
import { WCONTINUED, WEXITED, WNOHANG, WNOWAIT, WSTOPPED, findWaitEvent, rusageOf } from "./wait4.js";
import { int, uint, ulong, writeMem } from "./util.js";

const P_ALL = 0, P_PID = 1, P_PGID = 2, P_PIDFD = 3;

/** waitid(2): reports through a siginfo_t; P_PIDFD waits for the child a pidfd names. */
export function sysWaitid(t: Thread, a: Args): SysResult {
  const idtype = int(a[0]);
  const id = int(a[1]);
  const infop = ulong(a[2]);
  const options = uint(a[3]);
  if (options & ~(WNOHANG | WSTOPPED | WEXITED | WCONTINUED | WNOWAIT) || !(options & (WEXITED | WSTOPPED | WCONTINUED))) fail(Errno.EINVAL);
  const kids = t.process.children;
  let children;
  if (idtype === P_ALL) children = kids;
  else if (idtype === P_PID) children = kids.filter((c) => c.pid === id);
  else if (idtype === P_PGID) children = kids.filter((c) => c.pgid === (id || t.process.pgid));
  else if (idtype === P_PIDFD) {
    const file = t.process.fds.get(id);
    if (!(file.handle instanceof PidFd)) fail(Errno.EINVAL);
    const target = file.handle.process;
    children = kids.filter((c) => c === target);
    // A pidfd opened O_NONBLOCK makes the wait non-blocking (EAGAIN while it runs).
    if (children.length && file.flags & O_NONBLOCK && !(options & WNOHANG) && !findWaitEvent(t, children, options, true)) fail(Errno.EAGAIN);
  }
  else fail(Errno.EINVAL);
  if (children.length === 0) fail(Errno.ECHILD);
  const ev = findWaitEvent(t, children, options, (options & WNOWAIT) !== 0);
  if (!ev) {
    if (options & WNOHANG) {
      if (infop) writeMem(t, infop, new Uint8Array(128));
      return 0;
    }
    return new Block([t.process.childExit], null, "waitid");
  }
  if (infop) {
    const si = Pod.alloc(128);
    si.setInt32(0, SIGCHLD);
    let code: number, status: number;
    if (ev.kind === "exited") {
      const sig = ev.status & 0x7f;
      code = sig ? CLD_KILLED : CLD_EXITED;
      status = sig ? sig : (ev.status >> 8) & 0xff;
    } else if (ev.kind === "stopped") {
      code = CLD_STOPPED;
      status = (ev.status >> 8) & 0xff;
    } else {
      code = CLD_CONTINUED;
      status = 18;
    }
    si.setInt32(8, code);
    si.setInt32(16, ev.child.pid);
    si.setInt32(20, 0);
    si.setInt32(24, status);
    writeMem(t, infop, si.bytes);
  }
  if (ulong(a[4])) writeMem(t, ulong(a[4]), rusageOf(ev.child));
  return 0;
}
