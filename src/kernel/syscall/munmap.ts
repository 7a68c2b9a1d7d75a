import { PAGE_SIZE, USER_TOP } from "../../ostd/index.js";
import { Errno, fail } from "../errno.js";
import { pageUp } from "../mm/memory.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { ulong } from "./util.js";

/** munmap(2) */
export function sysMunmap(t: Thread, a: Args): SysResult {
  const addr = ulong(a[0]);
  const len = pageUp(ulong(a[1]));
  if (addr % PAGE_SIZE !== 0 || len === 0 || addr + len > USER_TOP) fail(Errno.EINVAL);
  t.process.mem.removeRange(addr, addr + len);
  return 0;
}
