import { Errno, fail } from "../errno.js";
import { FD_CLOEXEC, O_APPEND, O_NONBLOCK } from "../fs/file.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, ulong } from "./util.js";
import { F_GETLK, F_OFD_GETLK, F_OFD_SETLK, F_OFD_SETLKW, F_SETLK, F_SETLKW, fcntlLock } from "./fcntl_lock.js";

const F_DUPFD = 0, F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4, F_DUPFD_CLOEXEC = 1030;

/** fcntl(2): descriptor flags, status flags, duplication, record locks (F_GETLK, F_SETLK, F_SETLKW and the F_OFD_ forms: fcntl_lock.ts). */
export function sysFcntl(t: Thread, a: Args): SysResult {
  const fds = t.process.fds;
  const fd = int(a[0]);
  const arg = int(a[2]);
  const entry = fds.entry(fd);
  switch (int(a[1])) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
      if (arg < 0) fail(Errno.EINVAL);
      return fds.install(entry.file.ref(), int(a[1]) === F_DUPFD_CLOEXEC, arg);
    case F_GETFD:
      return entry.cloexec ? FD_CLOEXEC : 0;
    case F_SETFD:
      entry.cloexec = (arg & FD_CLOEXEC) !== 0;
      return 0;
    case F_GETFL:
      return entry.file.flags;
    case F_SETFL: {
      const changeable = O_APPEND | O_NONBLOCK;
      entry.file.flags = (entry.file.flags & ~changeable) | (arg & changeable);
      return 0;
    }
    case F_GETLK: case F_SETLK: case F_SETLKW:
    case F_OFD_GETLK: case F_OFD_SETLK: case F_OFD_SETLKW:
      return fcntlLock(t, entry.file, int(a[1]), ulong(a[2]));
    default:
      fail(Errno.EINVAL);
  }
}
