import { Errno, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { ulong } from "./util.js";

/** set_robust_list(2): records the head; struct robust_list_head is 24 bytes on riscv64. */
export function sysSetRobustList(t: Thread, a: Args): SysResult {
  if (ulong(a[1]) !== 24) fail(Errno.EINVAL);
  t.robustList = ulong(a[0]);
  return 0;
}
