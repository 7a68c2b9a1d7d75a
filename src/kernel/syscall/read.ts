import { Errno, fail } from "../errno.js";
import { WouldBlock } from "../fs/types.js";
import { O_NONBLOCK, type OpenFile } from "../fs/file.js";
import type { Thread } from "../process/process.js";
import { Block, type Args, type SysResult } from "./types.js";
import { int, ulong, writeMem } from "./util.js";

/** Read from `file` at its offset (or `pos` for pread) into user memory. */
export function readFile(t: Thread, file: OpenFile, va: number, len: number, pos: number | null): SysResult {
  if (!file.readable) fail(Errno.EBADF);
  if (len === 0) return 0;
  const data = file.handle.read(pos ?? file.offset, Math.min(len, 1 << 22));
  if (data instanceof WouldBlock) {
    if (file.flags & O_NONBLOCK) fail(Errno.EAGAIN);
    return new Block([data.queue], null, data.what);
  }
  writeMem(t, va, data);
  if (pos === null && file.handle.seekable) file.offset += data.length;
  return data.length;
}

/** read(2) */
export function sysRead(t: Thread, a: Args): SysResult {
  return readFile(t, t.process.fds.get(int(a[0])), ulong(a[1]), ulong(a[2]), null);
}
