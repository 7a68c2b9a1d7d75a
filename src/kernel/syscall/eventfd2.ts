import { Errno, fail } from "../errno.js";
import { OpenFile, O_CLOEXEC, O_NONBLOCK, O_RDWR } from "../fs/file.js";
import { EFD_SEMAPHORE, EventFd } from "../ipc/eventfd.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { uint } from "./util.js";

/** eventfd2(2) */
export function sysEventfd2(t: Thread, a: Args): SysResult {
  const flags = uint(a[1]);
  if (flags & ~(EFD_SEMAPHORE | O_CLOEXEC | O_NONBLOCK)) fail(Errno.EINVAL);
  const efd = new EventFd(t.kernel.machine.scheduler, BigInt(uint(a[0])), (flags & EFD_SEMAPHORE) !== 0);
  return t.process.fds.install(new OpenFile(efd.handle(), O_RDWR | (flags & O_NONBLOCK), null, "anon_inode:[eventfd]"), (flags & O_CLOEXEC) !== 0);
}
