import { Errno, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, ioctlMemory, uint } from "./util.js";
import { TIOCNOTTY, TIOCSCTTY } from "../tty/termios.js";
import { ttyOfHandle } from "../tty/tty.js";
import { CAP_SYS_ADMIN, capable } from "../process/caps.js";

/** ioctl(2): passed to the file's handler; files without one are not terminals (ENOTTY). */
export function sysIoctl(t: Thread, a: Args): SysResult {
  const file = t.process.fds.get(int(a[0]));
  if (!file.handle.ioctl) fail(Errno.ENOTTY);
  const req = uint(a[1]);
  const tty = ttyOfHandle(file.handle);
  // Session bookkeeping belongs to the kernel, not the terminal.
  if (tty) {
    const p = t.process;
    if (req === TIOCSCTTY) {
      if (p.pid !== p.sid) fail(Errno.EPERM);
      if (p.ctty === tty) return 0;
      // A pseudo-terminal another session controls is taken only by force (arg 1, with
      // CAP_SYS_ADMIN), as tiocsctty has it.
      if (tty !== t.kernel.tty && tty.sid && tty.sid !== p.sid) {
        const owner = t.kernel.processes.get(tty.sid);
        const stillOwned = owner && owner.ctty === tty;
        if (stillOwned && !(a[2] === 1n && capable(p.creds, CAP_SYS_ADMIN))) fail(Errno.EPERM);
        if (stillOwned) for (const q of t.kernel.processes.values()) if (q.sid === tty.sid && q.ctty === tty) q.ctty = null;
      }
      p.ctty = tty;
      tty.sid = p.sid;
      tty.fgPgrp = p.pgid;
      return 0;
    }
    if (req === TIOCNOTTY) {
      if (p.ctty !== tty) fail(Errno.ENOTTY);
      p.ctty = null;
      return 0;
    }
  }
  return file.handle.ioctl(uint(a[1]), a[2], ioctlMemory(t));
}
