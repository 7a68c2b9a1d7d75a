import { Errno, fail } from "../errno.js";
import { OpenFile, O_CLOEXEC, O_NONBLOCK, O_RDWR } from "../fs/file.js";
import { SignalFd } from "../ipc/signalfd.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, readU64, uint, ulong } from "./util.js";

const SFD_CLOEXEC = O_CLOEXEC, SFD_NONBLOCK = O_NONBLOCK;

/** signalfd4(2): a new signalfd for the mask, or (fd != -1) a new mask for an existing one. */
export function sysSignalfd4(t: Thread, a: Args): SysResult {
  const fd = int(a[0]);
  if (ulong(a[2]) !== 8) fail(Errno.EINVAL);
  const flags = uint(a[3]);
  if (flags & ~(SFD_CLOEXEC | SFD_NONBLOCK)) fail(Errno.EINVAL);
  const mask = readU64(t, ulong(a[1]));
  if (fd !== -1) {
    const file = t.process.fds.get(fd);
    if (!(file.handle instanceof SignalFd)) fail(Errno.EINVAL);
    file.handle.mask = SignalFd.clean(mask);
    return fd;
  }
  const sfd = new SignalFd(t.kernel, mask);
  return t.process.fds.install(new OpenFile(sfd, O_RDWR | (flags & SFD_NONBLOCK), null, "anon_inode:[signalfd]"), (flags & SFD_CLOEXEC) !== 0);
}
