import { Errno, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, long, ulong } from "./util.js";
import { readFile } from "./read.js";

/** pread64(2) */
export function sysPread64(t: Thread, a: Args): SysResult {
  const file = t.process.fds.get(int(a[0]));
  if (!file.handle.seekable) fail(Errno.ESPIPE);
  const pos = long(a[3]);
  if (pos < 0) fail(Errno.EINVAL);
  return readFile(t, file, ulong(a[1]), ulong(a[2]), pos);
}
