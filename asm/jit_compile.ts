// The page compiler: the decoded entries of one guest physical page (a decoded-cache slot,
// ops.ts) -> a Wasm module whose function f(pageVA, entryOffset, budgetLeft) -> budgetLeft
// runs them (docs/jit.md). It runs inside the core, so it is compiled code from the first
// compilation on (a compiler in JavaScript ran cold: 12-17 ms for a busy page of libgcc's FDE
// scan, and still ~1.5 ms warm); the host only instantiates the module it writes
// (env.jitInstall, below). Nothing is allocated: all state is in the JITC region (memmap.ts).
//
// Shape of the function:
//   h = entry offset / 2                  ;; the halfword index of the instruction to run
//   block $exit
//     loop $dispatch
//       block $L(n-1) ... block $L0 block $noneLinked block $none
//         br_table on h - first           ;; one slot per halfword from the first block start
//       end $none  <no block starts there: return (MISS)>
//       end $noneLinked <leave there>
//       end $L0  <code of block 0>
//       end $L1  <code of block 1> ...
//     end
//   end $exit  return_call $leave(va, budget left, pageVA) (maybe straight into the next page)
// Every exit sets va = the pc to leave at and branches to $exit: one call site per page.
// A block starts at a leader (an entry point: a local branch target, the instruction after a
// jump or an uncompiled op, or an offset the core was entered at) and runs to the next jump,
// uncompiled op or leader, through conditional branches (a superblock). It charges its whole
// length against the budget on entry, or leaves with pc = its start when the budget left is
// smaller, and refunds the instructions not retired when it leaves early (a taken branch: those
// after it; a trap: pc = the trapping instruction, refunded too; a store that dropped cached
// code: pc = the next one). Forward branches to a block are direct `br`s; backward ones and
// indirect jumps within the function go through $dispatch.
//
// Only code the interpreter has decoded, i.e. code that has run, becomes a block: a branch
// target or return point that never ran is left to the interpreter, which decodes it if it
// ever runs; if it gets hot, its misses bring it into a recompilation (in libgcc's FDE loop:
// 284 instructions of the busiest page instead of the 891 reachable ones). Entries that are no
// instruction a block can start at (one straddling the page end) become stubs that hand them
// to the interpreter, so they do not miss again.
//
// Linked pages: the function may also carry up to two other pages the home page jumps to
// directly (compiled themselves: hot), entered only while the fetch TLB maps them to the slot
// whose code was copied and that slot's version is unchanged (docs/jit.md "Linked pages").
import * as L from "./layout";
import { SLOT_HEADER, JITC_STATS, JITC_MODULE, JITC_MAP_STAGE, JITMAP, JITMAP_SLOT_BYTES } from "./memmap";
import {
  clearEntries, addListed, analyzeHome, analyzeWithRunStarts, collectJumps, chooseDeltas, gLinkDeltas, gLinkDelta,
  fetchSlot, linkPage, gPages, slotNumber, MAX_LINKED_INSTRUCTIONS,
} from "./jit_pages";
import { emitModule, gMapBytes } from "./jit_emit";

// ---- statistics (kept in memory: they carry over a core upgrade with it)
const STAT_COMPILES: u32 = L.JIT_STAT_COMPILES;
const STAT_FAILURES: u32 = L.JIT_STAT_FAILURES;
const STAT_INSTRUCTIONS: u32 = L.JIT_STAT_INSTRUCTIONS;
const STAT_LINKED: u32 = L.JIT_STAT_LINKED;
const STAT_AHEAD: u32 = L.JIT_STAT_AHEAD;
// @ts-ignore: decorator
@inline function bump(k: u32, n: u32 = 1): void {
  store<u32>(JITC_STATS + (<usize>k << 2), load<u32>(JITC_STATS + (<usize>k << 2)) + n);
}
export function jitStat(k: u32): u32 { return load<u32>(JITC_STATS + (<usize>k << 2)); }

// ---- compiling a slot: the entry point (jit.ts)

// @ts-ignore: decorator
@external("env", "jitInstall")
declare function hostInstall(index: u32, module: usize, length: u32): u32;

/** The function-table index of a slot's compiled code. */
// @ts-ignore: decorator
@inline export function slotIndex(slot: usize): u32 { return slotNumber(slot) + 1; }

/** Where the compiled function of a slot keeps its dispatch map. */
// @ts-ignore: decorator
@inline function mapOf(slot: usize): usize { return JITMAP + <usize>slotNumber(slot) * JITMAP_SLOT_BYTES; }

/** Have the host install the module just written (`len` bytes) as the slot's code; then its
 *  dispatch map goes where the code reads it (not before: a failure leaves the slot's earlier
 *  code, if any, with its own map). */
function install(slot: usize, len: u32): bool {
  if (len == 0 || hostInstall(slotIndex(slot), JITC_MODULE, len) == 0) return false;
  memory.copy(mapOf(slot), JITC_MAP_STAGE, gMapBytes);
  return true;
}

/** A page a hot page jumps to is compiled ahead of its own threshold once it is this fraction
 *  of the way there (1/AHEAD_FRACTION), if it is small: see compileAhead. */
const AHEAD_FRACTION: u32 = 4;

/**
 * Compile the slot's page (at virtual page `pageVA` now) with the entry offsets its
 * compilations since its claim were asked for (the miss list is added here) and have the host
 * install it at the slot's index. `first`: the slot's first compilation since its claim (the
 * entry bitmap starts empty). Returns 1 when installed.
 */
export function compileSlot(slot: usize, pageVA: u64, first: bool, threshold: u32): u32 {
  if (first) clearEntries(slot);
  addListed(slot, !first);
  let n = analyzeHome(slot);
  if (n == 0) { bump(STAT_FAILURES); return 0; }
  // Pages to link: compiled ones, or ones compiled ahead now (which reuses this analysis's
  // buffers: the home page is analyzed again after).
  collectJumps();
  chooseDeltas();
  let linkSlots0: usize = 0, linkSlots1: usize = 0;
  let again = false;
  for (let i: u32 = 0; i < gLinkDeltas; i++) {
    const delta = load<i64>(gLinkDelta + (<usize>i << 3));
    const va = pageVA + <u64>delta;
    if ((delta < 0 && va > pageVA) || (delta > 0 && va < pageVA)) continue; // wraps
    const other = fetchSlot(va);
    if (other == 0 || other == slot) continue; // not mapped for execution now; the same frame
    if (load<u32>(other, L.SLOT_JIT) == 0) {
      const r = compileAhead(other, threshold);
      if (r != AHEAD_NOT_TRIED) again = true; // it used the analysis buffers
      if (r != AHEAD_COMPILED) continue;
    }
    if (i == 0) linkSlots0 = other; else linkSlots1 = other;
  }
  if (again) {
    n = analyzeHome(slot);
    if (n == 0) { bump(STAT_FAILURES); return 0; }
  }
  // ---- linked pages
  for (let i: u32 = 0; i < gLinkDeltas; i++) {
    const other = i == 0 ? linkSlots0 : linkSlots1;
    if (other != 0) n += linkPage(other, load<i64>(gLinkDelta + (<usize>i << 3)));
  }
  if (!install(slot, emitModule(mapOf(slot)))) { bump(STAT_FAILURES); return 0; }
  bump(STAT_COMPILES);
  bump(STAT_INSTRUCTIONS, <u32>n);
  bump(STAT_LINKED, gPages - 1);
  return 1;
}

/** The slot header after a compilation: its misses and miss list start over, and SLOT_JIT
 *  names its code when it was installed (else code compiled earlier for the slot, if any, is
 *  still right and stays: dropping decoded code clears SLOT_JIT). */
export function settle(slot: usize, installed: bool): void {
  store<u32>(slot, 0, L.SLOT_MISSES);
  store<u32>(slot, 0, L.SLOT_MISS_LISTED);
  if (installed) store<u32>(slot, slotIndex(slot), L.SLOT_JIT);
}

/**
 * Compile the page in `slot` before it reaches its own threshold, so that the hot page being
 * compiled, which jumps to it, can carry it: where a loop gets hot before the function it
 * calls on another page (the loop's body outweighs the function), nothing would be linked,
 * and every call and return between the two would cost a jump through the function table.
 * In the fork+exec benchmark, libgcc's FDE scan is such a loop: its steady state spent ~14%
 * less time in Wasm with the function's page carried. Only a page a quarter of the way to the
 * threshold (hot itself), never compiled since its slot was claimed (tried once:
 * SLOT_COMPILES), and small. Its entries are its run starts: nothing listed them yet. Writes
 * the slot header as any compilation does (settle). Whether it was tried, it
 * uses the analysis buffers: the caller's page must be analyzed again after.
 */
const AHEAD_NOT_TRIED: u32 = 0;
const AHEAD_FAILED: u32 = 1;
const AHEAD_COMPILED: u32 = 2;
function compileAhead(slot: usize, threshold: u32): u32 {
  if (load<u32>(slot, L.SLOT_COMPILES) != 0) return AHEAD_NOT_TRIED;
  if (<u64>load<u32>(slot, L.SLOT_HOT) * AHEAD_FRACTION < <u64>threshold) return AHEAD_NOT_TRIED;
  store<u32>(slot, 1, L.SLOT_COMPILES); // tried: not again before the slot is claimed again
  clearEntries(slot);
  addListed(slot, false);
  // Its run starts become its entries (kept for its recompilations).
  const n = analyzeWithRunStarts(slot);
  const len = n == 0 || <u32>n > MAX_LINKED_INSTRUCTIONS ? 0 : emitModule(mapOf(slot));
  // Not worth it here (too big, nothing to compile) is no failure: it waits for its own
  // threshold. Only code the host could not instantiate counts as one.
  const installed = install(slot, len);
  if (!installed) {
    clearEntries(slot); // its own compilation starts from what it is entered at
    if (len != 0) bump(STAT_FAILURES);
    return AHEAD_FAILED;
  }
  bump(STAT_COMPILES);
  bump(STAT_INSTRUCTIONS, <u32>n);
  bump(STAT_AHEAD);
  store<u32>(slot, 0, L.SLOT_HOT);
  settle(slot, true);
  return AHEAD_COMPILED;
}

