// The exports of the core (contract in index.ts; memory layout in layout.ts).
import {
  STATE_BASE, HART_RESERVATION, RESERVATION_NONE, TLB_BASE, TLB_END,
  DCACHE_BASE, DCACHE_END, CODEMAP_BASE, CODEMAP_END, JITC_BASE, JITC_END, RAM_BASE,
} from "./layout";
import { memmapOk } from "./memmap";
import { flushAllTlbs, flushTlbIndex, forgetTlbLogs } from "./tlb";
import { invalidatePage, forgetCompiledCode } from "./dcache";
import { setRamSize, gRamPages } from "./mmu";
import { execute } from "./exec";
import { clearTrap, clearCodeDirty } from "./trap";

/** Grow memory to RAM_BASE + ramBytes (a multiple of 64 KiB) and reset the hart state, the
 *  TLBs, the decoded-instruction cache, the code map and the page compiler's state. */
// A fresh instance's memory is already zero: clearing 14 MiB of caches again would only make
// the host commit those pages (about 10 ms of start-up). Only a second init() clears them.
let gInitialized = false;

export function init(ramBytes: u32): void {
  if (!memmapOk()) unreachable();
  const need = (<u64>RAM_BASE + <u64>ramBytes + 0xFFFF) >> 16;
  const have = <u64>memory.size();
  if (need > have && memory.grow(<i32>(need - have)) < 0) unreachable();
  if (gInitialized) {
    memory.fill(STATE_BASE, 0, TLB_BASE - STATE_BASE);
    memory.fill(TLB_BASE, 0, TLB_END - TLB_BASE);
    memory.fill(DCACHE_BASE, 0, DCACHE_END - DCACHE_BASE);
    memory.fill(CODEMAP_BASE, 0, CODEMAP_END - CODEMAP_BASE);
    memory.fill(JITC_BASE, 0, JITC_END - JITC_BASE);
  }
  gInitialized = true;
  store<u64>(STATE_BASE + HART_RESERVATION, <u64>RESERVATION_NONE);
  forgetTlbLogs();
  flushAllTlbs();
  setRamSize(<u64>ramBytes);
  clearTrap();
  clearCodeDirty();
}

/** Take over a memory that another instance of this core initialized and ran (the host
 *  swaps in a recompiled core between run() calls, see OSTD's Core.upgrade): the hart
 *  state, the LR reservation, the decoded-instruction cache and the code map are in memory
 *  and stay as they are; only this instance's own state is set up. The TLBs are flushed: they
 *  are tagged by this instance's satp cache (gTlbSatp). Compiled pages call the previous
 *  instance's slow paths: with `keepCompiled` 0 they are forgotten (with their hotness); with 1
 *  the slot headers stay as they are, and the host must install, before the next run(), a
 *  function for this instance at every table index a slot header names (or clear it there). */
export function adopt(ramBytes: u32, keepCompiled: u32): void {
  if (!memmapOk()) unreachable();
  if (<u64>memory.size() << 16 < <u64>RAM_BASE + <u64>ramBytes) unreachable();
  gInitialized = true;
  if (keepCompiled == 0) forgetCompiledCode();
  forgetTlbLogs();
  flushAllTlbs();
  setRamSize(<u64>ramBytes);
  clearTrap();
  clearCodeDirty();
}

/** Execute until a trap or until exactly `budget` instructions retired (TRAP_BUDGET). */
export function run(budget: u32): u32 {
  return execute(budget);
}

/** Forget all translations (after satp changes or PTEs are edited). */
export function flushTlb(): void {
  flushAllTlbs();
}

/** Forget the translations of the virtual page holding va. */
export function flushTlbPage(va: u64): void {
  flushTlbIndex(va);
}

/** The host wrote guest physical memory [paddr, paddr + len): drop decoded instructions
 *  cached for those pages. */
export function invalidateCode(paddr: u64, len: u64): void {
  if (len == 0) return;
  let p = paddr >> 12;
  const last = (paddr + len - 1) >> 12;
  const pages = <u64>gRamPages;
  while (p <= last && p < pages) {
    invalidatePage(<u32>p);
    p++;
  }
  clearCodeDirty();
}
