import { Errno, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, long, readMem, ulong } from "./util.js";
import { writeFile } from "./write.js";

/** pwrite64(2) */
export function sysPwrite64(t: Thread, a: Args): SysResult {
  const file = t.process.fds.get(int(a[0]));
  if (!file.handle.seekable) fail(Errno.ESPIPE);
  const pos = long(a[3]);
  if (pos < 0) fail(Errno.EINVAL);
  return writeFile(t, file, readMem(t, ulong(a[1]), ulong(a[2])), pos);
}
