import { Errno, fail } from "../errno.js";
import type { Thread } from "../process/process.js";
import type { Args, SysResult } from "./types.js";
import { ulong } from "./util.js";

/** SYS_RISCV_FLUSH_ICACHE_LOCAL: only the calling hart need see the stores (one hart here). */
const FLUSH_ICACHE_LOCAL = 1;

/**
 * riscv_flush_icache(2) (arch/riscv/kernel/sys_riscv.c): make stores to [start, end) visible
 * to instruction fetch. On this machine they already are: a store into a page the core has
 * decoded (or compiled) drops that code (asm/dcache.ts), so the next fetch decodes the bytes
 * stored. Nothing is left to do but check the flags. (PCRE2's JIT, in `grep -P`, calls it
 * after writing its code.)
 */
export function sysRiscvFlushIcache(_t: Thread, a: Args): SysResult {
  if (ulong(a[2]) & ~FLUSH_ICACHE_LOCAL) fail(Errno.EINVAL);
  return 0;
}
