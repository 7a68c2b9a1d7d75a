import { Errno, fail } from "../errno.js";
import { OpenFile, O_CLOEXEC, O_NONBLOCK, O_RDWR } from "../fs/file.js";
import { TimerFd, timerfds } from "../ipc/timerfd.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { CLOCK_BOOTTIME, CLOCK_MONOTONIC, CLOCK_REALTIME } from "./clock_gettime.js";
import { int, uint } from "./util.js";

const CLOCK_REALTIME_ALARM = 8, CLOCK_BOOTTIME_ALARM = 9;
export const TFD_NONBLOCK = O_NONBLOCK, TFD_CLOEXEC = O_CLOEXEC;

/** timerfd_create(2). There is no suspend here, so the _ALARM clocks behave as their bases. */
export function sysTimerfdCreate(t: Thread, a: Args): SysResult {
  const clock = int(a[0]);
  const flags = uint(a[1]);
  if (flags & ~(TFD_NONBLOCK | TFD_CLOEXEC)) fail(Errno.EINVAL);
  let realtime: boolean;
  switch (clock) {
    case CLOCK_REALTIME:
    case CLOCK_REALTIME_ALARM:
      realtime = true;
      break;
    case CLOCK_MONOTONIC:
    case CLOCK_BOOTTIME:
    case CLOCK_BOOTTIME_ALARM:
      realtime = false;
      break;
    default:
      fail(Errno.EINVAL, `clock ${clock} has no timerfd`);
  }
  const tfd = new TimerFd(t.kernel.machine, realtime);
  const handle = tfd.handle();
  timerfds.set(handle, tfd);
  const file = new OpenFile(handle, O_RDWR | (flags & O_NONBLOCK), null, "anon_inode:[timerfd]");
  return t.process.fds.install(file, (flags & TFD_CLOEXEC) !== 0);
}
