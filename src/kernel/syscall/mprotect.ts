import { PAGE_SIZE, Prot } from "../../ostd/index.js";
import { Errno, fail } from "../errno.js";
import { pageUp } from "../mm/memory.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { uint, ulong } from "./util.js";

/** mprotect(2) */
export function sysMprotect(t: Thread, a: Args): SysResult {
  const addr = ulong(a[0]);
  const len = pageUp(ulong(a[1]));
  const prot = uint(a[2]);
  if (addr % PAGE_SIZE !== 0 || prot & ~(Prot.Read | Prot.Write | Prot.Exec | 0x01000000 | 0x02000000)) fail(Errno.EINVAL);
  if (len === 0) return 0;
  t.process.mem.protect(addr, addr + len, prot & (Prot.Read | Prot.Write | Prot.Exec));
  return 0;
}
