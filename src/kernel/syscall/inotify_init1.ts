import { Errno, fail } from "../errno.js";
import { O_CLOEXEC, O_NONBLOCK } from "../fs/file.js";
import { openInotify } from "../fs/inotify.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { uint } from "./util.js";

/** inotify_init1(2): a new inotify instance (IN_NONBLOCK, IN_CLOEXEC). */
export function sysInotifyInit1(t: Thread, a: Args): SysResult {
  const flags = uint(a[0]);
  if (flags & ~(O_NONBLOCK | O_CLOEXEC)) fail(Errno.EINVAL);
  const file = openInotify(t.kernel.machine.scheduler, t.kernel.fsnotify, flags & O_NONBLOCK);
  return t.process.fds.install(file, (flags & O_CLOEXEC) !== 0);
}
