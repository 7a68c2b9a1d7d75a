import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, long, uint } from "./util.js";
import { readvAt } from "./readv.js";
import { rwfOptions, rwfPosition } from "./rwf.js";

/** preadv2(2): preadv with an offset of -1 meaning the file offset, and RWF_* flags
 *  (RWF_NOWAIT: EAGAIN instead of blocking). */
export function sysPreadv2(t: Thread, a: Args): SysResult {
  const file = t.process.fds.get(int(a[0]));
  const opts = rwfOptions(uint(a[5]), file, false);
  return readvAt(t, a, rwfPosition(long(a[3]), file), opts.nowait);
}
