import { Errno, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, ioctlMemory, uint } from "./util.js";
import { TIOCNOTTY, TIOCSCTTY } from "../tty/termios.js";

/** ioctl(2): passed to the file's handler; files without one are not terminals (ENOTTY). */
export function sysIoctl(t: Thread, a: Args): SysResult {
  const file = t.process.fds.get(int(a[0]));
  if (!file.handle.ioctl) fail(Errno.ENOTTY);
  const req = uint(a[1]);
  const tty = t.kernel.tty;
  // Session bookkeeping belongs to the kernel, not the terminal.
  if (tty && file.handle.stat?.().rdev === tty.stat().rdev) {
    const p = t.process;
    if (req === TIOCSCTTY) {
      if (p.pid !== p.sid) fail(Errno.EPERM);
      if (p.ctty === tty) return 0;
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
