import { PAGE_SIZE } from "../../ostd/index.js";
import { Errno, fail } from "../errno.js";
import { pageUp } from "../mm/memory.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { int, ulong } from "./util.js";

const MADV_DONTNEED = 4;

/** madvise(2): MADV_DONTNEED drops private pages (they read back as zeros or file data);
 *  other advice is accepted and has no effect, as Linux allows. */
export function sysMadvise(t: Thread, a: Args): SysResult {
  const addr = ulong(a[0]);
  if (addr % PAGE_SIZE !== 0) fail(Errno.EINVAL);
  const end = addr + pageUp(ulong(a[1]));
  if (int(a[2]) === MADV_DONTNEED) {
    const mem = t.process.mem;
    mem.vm.forEachPage(addr, end, (va) => {
      if (!mem.find(va)?.shared) mem.vm.unmap(va);
    });
  }
  return 0;
}
