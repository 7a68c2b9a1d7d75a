import { Errno, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, ioctlMemory, uint } from "./util.js";

/** ioctl(2): passed to the file's handler; files without one are not terminals (ENOTTY). */
export function sysIoctl(t: Thread, a: Args): SysResult {
  const file = t.process.fds.get(int(a[0]));
  if (!file.handle.ioctl) fail(Errno.ENOTTY);
  return file.handle.ioctl(uint(a[1]), a[2], ioctlMemory(t));
}
