import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, long, uint } from "./util.js";
import { writevAt } from "./writev.js";
import { rwfOptions, rwfPosition } from "./rwf.js";

/** pwritev2(2): pwritev with an offset of -1 meaning the file offset, and RWF_* flags
 *  (RWF_APPEND: at the end whatever the offset; RWF_NOWAIT: EAGAIN instead of blocking). */
export function sysPwritev2(t: Thread, a: Args): SysResult {
  const file = t.process.fds.get(int(a[0]));
  const opts = rwfOptions(uint(a[5]), file, true);
  return writevAt(t, a, rwfPosition(long(a[3]), file), opts);
}
