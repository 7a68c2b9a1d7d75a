// The core's side of the JIT tier: hotness, compile requests, misses, and the slow paths
// compiled code calls (the page compiler is jit_compile.ts; OSTD instantiates what it writes).
//
// A decoded-cache slot (one guest physical page) counts the instructions the interpreter runs
// in it (whole runs as charged, at run entries and taken local branches). When the count
// reaches the threshold the core compiles the page; the host instantiates the module
// (env.jitInstall) and installs its function at the slot's index in the imported function
// table, and the core records that index in the slot header (SLOT_JIT). From then on the
// executor calls the function at each run entry in the page: it runs compiled blocks for as
// long as control stays in the page and the budget allows, and returns the budget left with
// HART_PC set (layout.ts JIT_* for the protocol).
// Dropping a slot's decoded entries drops its compiled code with them (dcache.ts).
//
// Compilation is not machine state: the threshold only decides how fast the same guest
// instructions retire, never which ones or where a run stops.
import { SLOT_JIT, SLOT_HOT, SLOT_COMPILES, SLOT_MISSES, SLOT_MISS_LISTED, SLOT_MISS_LIST, JIT_MISS_MAX } from "./layout";
import { JSTATUS, JITHEAT_TOTAL, HEAT_MIN_TOTAL } from "./memmap";
import { compileSlot, settle } from "./jit_compile";
import { heatOf } from "./jit_pages";
import { loadSlow, storeSlow } from "./mmu";
import { gTrap } from "./trap";
import { execFp } from "./exec";
import { mulh, mulhu, mulhsu, div64, divu64, rem64, remu64, divw, divuw, remw, remuw } from "./alu";

/** Instructions interpreted in a page (SLOT_HOT) at which it gets compiled; 0 = the JIT is off. */
export let gJitThreshold: u32 = 0;

/** Misses (entries at offsets the compiled code has no entry for) before a recompile, and
 *  compilations a slot may have before its misses are just interpreted. */
const MISS_RECOMPILE: u32 = 64;
const MAX_COMPILES: u32 = 6;

/** Hotness from which run entries into a page are listed (see noteEntry): the last sixteenth
 *  before the threshold. */
export let gJitEntryWatch: u32 = 0;

/** Hotness from which the interpreter counts, per halfword, the runs it starts in a page
 *  (noteHeat): the last three quarters before the threshold, from where a page may be
 *  compiled ahead (jit_compile.ts AHEAD_FRACTION). */
export let gJitHeatFrom: u32 = 0;

export function setJitThreshold(n: u32): void {
  gJitThreshold = n;
  gJitEntryWatch = n - (n >> 4);
  gJitHeatFrom = n >> 2;
}

/** Count a run the interpreter starts at page offset `off` of the slot's page (saturating),
 *  and the total: the page compiler leaves code that rarely starts a run to the interpreter
 *  (jit_pages.ts "Heat"). */
export function noteHeat(slot: usize, off: u32): void {
  const counts = heatOf(slot);
  const a = counts + (<usize>off & 0xFFE);
  const v = <u32>load<u16>(a);
  if (v != 0xFFFF) store<u16>(a, <u16>(v + 1));
  store<u32>(counts, load<u32>(counts, JITHEAT_TOTAL) + 1, JITHEAT_TOTAL);
}

/** Calls into compiled code since init (wraps): lets tests check compiled code really ran. */
export let gJitCalls: u32 = 0;

export function jitCalls(): u32 {
  return gJitCalls;
}

// @ts-ignore: decorator
@inline export function countJitCall(): void {
  gJitCalls++;
}

/** Count a miss at page offset `off` and list the offset once (the list holds distinct
 *  offsets: a hot one missing again and again must not crowd the others out). */
function noteOffset(slot: usize, off: u32): void {
  store<u32>(slot, load<u32>(slot, SLOT_MISSES) + 1, SLOT_MISSES);
  noteEntry(slot, off);
}

/** List page offset `off` as an entry point for the slot's next compilation (once). The
 *  interpreter also lists the offsets it enters a page at shortly before the page gets hot,
 *  so that its first compilation already has the entries other pages call (function entries,
 *  returns from them, jump-table targets): each entry found later by a miss would cost a
 *  recompilation. */
export function noteEntry(slot: usize, off: u32): void {
  const n = load<u32>(slot, SLOT_MISS_LISTED);
  for (let i: u32 = 0; i < n; i++) {
    if (<u32>load<u16>(slot + SLOT_MISS_LIST + (<usize>i << 1)) == off) return;
  }
  if (n >= <u32>JIT_MISS_MAX) return;
  store<u16>(slot + SLOT_MISS_LIST + (<usize>n << 1), <u16>off);
  store<u32>(slot, n + 1, SLOT_MISS_LISTED);
}

/** Compile the slot's page, at virtual page `pageVA` now (entry offsets to include: the miss
 *  list, and those of its earlier compilations since the slot was claimed); the host installs
 *  the module at the slot's index of the function table (jit_compile.ts). */
function compile(slot: usize, pageVA: u64): void {
  const compiles = load<u32>(slot, SLOT_COMPILES) + 1;
  store<u32>(slot, compiles, SLOT_COMPILES);
  settle(slot, compileSlot(slot, pageVA, compiles <= 1, gJitThreshold) != 0);
}

/** The slot's hotness reached the threshold while entering it at `pc`. */
export function jitHot(slot: usize, pc: u64): void {
  store<u32>(slot, 0, SLOT_HOT); // a failed compilation is retried a threshold later
  if (load<u32>(slot, SLOT_COMPILES) >= MAX_COMPILES) return;
  noteOffset(slot, <u32>pc & 0xFFF);
  compile(slot, pc & ~<u64>0xFFF);
}

/** Runs the interpreter took over from a page's compiled code at one cold stub (jit_pages.ts
 *  "Heat") before the page is compiled again with all its code: code the profile before the
 *  compilation showed to be rare runs often now (a program's later phase). Code that runs
 *  once per process (libgcc's FDE registration) stays with the interpreter. */
const STUB_HOT: u32 = 2048;

/** Compiled code handed `pc` to the interpreter without running anything. If the page was
 *  compiled from its counts, count it there (the compiler set cold stubs' counts to 0 and
 *  those of ops it never compiles to 0xFFFF, not counted); at STUB_HOT, stop using the
 *  counts for this page and compile it again, whole. */
export function jitStub(slot: usize, pc: u64): void {
  const counts = heatOf(slot);
  if (load<u32>(counts, JITHEAT_TOTAL) < HEAT_MIN_TOTAL) return;
  const a = counts + (<usize>pc & 0xFFE);
  const v = <u32>load<u16>(a);
  if (v == 0xFFFF) return;
  if (v + 1 < STUB_HOT) { store<u16>(a, <u16>(v + 1)); return; }
  store<u32>(counts, 0, JITHEAT_TOTAL);
  if (load<u32>(slot, SLOT_COMPILES) >= MAX_COMPILES) return;
  compile(slot, pc & ~<u64>0xFFF);
}

/** Compiled code had no entry for `pc`: remember its offset, recompile now and then. */
export function jitMiss(slot: usize, pc: u64): void {
  if (load<u32>(slot, SLOT_COMPILES) >= MAX_COMPILES) return;
  noteOffset(slot, <u32>pc & 0xFFF);
  if (load<u32>(slot, SLOT_MISSES) >= MISS_RECOMPILE) compile(slot, pc & ~<u64>0xFFF);
}

// ---- slow paths and helpers imported by compiled code (exported from index.ts)

/** loadSlow with the trap flag reported in JIT_STATUS (nonzero: the load faulted). */
export function jitLoad(va: u64, size: u32): u64 {
  const v = loadSlow(va, size);
  store<u32>(JSTATUS, gTrap);
  return v;
}

/** storeSlow: 0 = stored, 1 = trapped (nothing stored), 2 = stored and dropped cached code. */
export function jitStore(va: u64, v: u64, size: u32): u32 {
  if (storeSlow(va, v, size) == 0) return 0;
  return gTrap != 0 ? 1 : 2;
}

/** Execute the F/D op of decoded entry e (Wasm address): 0, or 1 after raising an
 *  illegal-instruction trap (a bad dynamic rounding mode). */
export function jitFp(e: usize): u32 {
  return execFp(e) ? 0 : 1;
}

/** The M extension's multi-instruction operations: k selects as the ops do (alu.ts). */
export function jitMulDiv(k: u32, a: u64, b: u64): u64 {
  switch (k) {
    case 0: return mulh(a, b);
    case 1: return mulhsu(a, b);
    case 2: return mulhu(a, b);
    case 3: return div64(a, b);
    case 4: return divu64(a, b);
    case 5: return rem64(a, b);
    case 6: return remu64(a, b);
    case 7: return divw(a, b);
    case 8: return divuw(a, b);
    case 9: return remw(a, b);
    default: return remuw(a, b);
  }
}
