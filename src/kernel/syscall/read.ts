import { Errno, fail } from "../errno.js";
import { WouldBlock } from "../fs/types.js";
import { O_NONBLOCK, type OpenFile } from "../fs/file.js";
import { IN_ACCESS } from "../fs/inotify.js";
import type { Thread } from "../process/process.js";
import { Block, type Args, type SysResult } from "./types.js";
import { int, ulong, writeMem } from "./util.js";

/** Most bytes one read takes from a file (a larger request is a short read, as Linux's
 *  MAX_RW_COUNT makes it). */
const MAX_READ = 1 << 22;

/**
 * One read of up to `len` bytes from `file` at its offset (or `pos` for pread), handed to
 * `deliver`, which copies them out and returns how many reached the user (fewer after a bad
 * pointer). One read, not one per buffer: a datagram or a tty line is consumed once.
 */
export function readOnce(t: Thread, file: OpenFile, len: number, pos: number | null, deliver: (data: Uint8Array) => number, nowait = false): SysResult {
  if (!file.readable) fail(Errno.EBADF);
  if (len === 0) return 0;
  t.kernel.sharedFiles.sync(file);
  const data = file.handle.read(pos ?? file.offset, Math.min(len, MAX_READ));
  if (data instanceof WouldBlock) {
    if (file.flags & O_NONBLOCK || nowait) fail(Errno.EAGAIN);
    return new Block([data.queue], null, data.what);
  }
  const n = deliver(data);
  if (pos === null && file.handle.seekable) file.offset += n;
  if (n > 0) t.kernel.fsnotify.file(file, IN_ACCESS);
  return n;
}

/** Read from `file` at its offset (or `pos` for pread) into user memory. */
export function readFile(t: Thread, file: OpenFile, va: number, len: number, pos: number | null): SysResult {
  return readOnce(t, file, len, pos, (data) => {
    writeMem(t, va, data);
    return data.length;
  });
}

/** read(2) */
export function sysRead(t: Thread, a: Args): SysResult {
  return readFile(t, t.process.fds.get(int(a[0])), ulong(a[1]), ulong(a[2]), null);
}
