import { Errno, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, long } from "./util.js";
import { readvAt } from "./readv.js";

/** preadv(2). The offset comes split in two registers (pos_l, pos_h) for 32-bit machines; on
 *  riscv64 pos_l holds all of it, and Linux ignores pos_h. The file offset does not move. */
export function sysPreadv(t: Thread, a: Args): SysResult {
  const pos = long(a[3]);
  if (pos < 0) fail(Errno.EINVAL);
  const file = t.process.fds.get(int(a[0]));
  if (!file.handle.seekable) fail(Errno.ESPIPE);
  return readvAt(t, a, pos);
}
