import { Errno, fail } from "../errno.js";
import { O_CLOEXEC } from "../fs/file.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, uint } from "./util.js";

/** dup3(2) */
export function sysDup3(t: Thread, a: Args): SysResult {
  const oldfd = int(a[0]);
  const newfd = int(a[1]);
  const flags = uint(a[2]);
  if (flags & ~O_CLOEXEC || oldfd === newfd) fail(Errno.EINVAL);
  const fds = t.process.fds;
  fds.installAt(newfd, fds.get(oldfd).ref(), (flags & O_CLOEXEC) !== 0);
  return newfd;
}
