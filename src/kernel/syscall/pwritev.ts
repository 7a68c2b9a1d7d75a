import { Errno, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, long } from "./util.js";
import { writevAt } from "./writev.js";

/** pwritev(2): as preadv, the whole offset is in pos_l on riscv64. */
export function sysPwritev(t: Thread, a: Args): SysResult {
  const pos = long(a[3]);
  if (pos < 0) fail(Errno.EINVAL);
  const file = t.process.fds.get(int(a[0]));
  if (!file.handle.seekable) fail(Errno.ESPIPE);
  return writevAt(t, a, pos);
}
