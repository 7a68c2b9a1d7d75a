import { Errno, SysError, fail } from "../errno.js";
import { SIGPIPE } from "../process/signal.js";
import { WouldBlock } from "../fs/types.js";
import { O_APPEND, O_NONBLOCK, type OpenFile } from "../fs/file.js";
import { IN_MODIFY } from "../fs/inotify.js";
import type { Thread } from "../process/process.js";
import { Block, type Args, type SysResult } from "./types.js";
import { int, readMem, ulong } from "./util.js";

/** Per-call flags of pwritev2/preadv2 (RWF_NOWAIT, RWF_APPEND). */
export interface RwOptions {
  nowait?: boolean;
  append?: boolean;
}

/** Write user memory to `file` at its offset (or `pos` for pwrite). */
export function writeFile(t: Thread, file: OpenFile, data: Uint8Array, pos: number | null, opts: RwOptions = {}): SysResult {
  if (!file.writable) fail(Errno.EBADF);
  if (data.length === 0) return 0;
  let at = pos ?? file.offset;
  if (((pos === null && file.flags & O_APPEND) || opts.append) && file.handle.size) at = file.handle.size();
  const shared = t.kernel.sharedFiles.sync(file);
  let n;
  try {
    n = file.handle.write(at, data);
  } catch (e) {
    // Writing to a pipe (or terminal stream) nobody reads: SIGPIPE, then EPIPE (pipe(7)).
    if (e instanceof SysError && e.errno === Errno.EPIPE) t.kernel.signalThread(t, SIGPIPE);
    throw e;
  }
  if (n instanceof WouldBlock) {
    if (file.flags & O_NONBLOCK || opts.nowait) fail(Errno.EAGAIN);
    return new Block([n.queue], null, n.what);
  }
  shared?.written(at, n);
  if (pos === null && file.handle.seekable) file.offset = at + n;
  if (n > 0) t.kernel.fsnotify.file(file, IN_MODIFY);
  return n;
}

/** write(2) */
export function sysWrite(t: Thread, a: Args): SysResult {
  const file = t.process.fds.get(int(a[0]));
  return writeFile(t, file, readMem(t, ulong(a[1]), Math.min(ulong(a[2]), 1 << 24)), null);
}
