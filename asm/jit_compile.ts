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
import * as O from "./ops";
import { E_OP, E_STEP, E_IMM, E_RD, E_RS1, E_RS2 } from "./ops";
import {
  DCACHE, SLOT_BYTES, SLOT_HEADER, NSLOTS, JITC_ENTRY_BITS, JITC_STATS, JITC_PAGE_FLAGS, JITC_PAGE_INDEX, JITC_WORK,
  JITC_BLOCKS, JITC_BLOCKS_MAX, JITC_JUMPS, JITC_JUMPS_MAX, JITC_TABLE, JITC_BODY, JITC_BODY_CAP,
  JITC_LEAVE, JITC_LEAVE_CAP, JITC_MODULE, JITC_MODULE_CAP,
} from "./memmap";
import { decodeRun } from "./decode";
import * as W from "./jit_wasm";
import { I32, I64, LABEL_EXIT, LABEL_DISPATCH, LABEL_NONE, LABEL_NONE_LINKED } from "./jit_wasm";

// ---- options (set by the host through jit.ts)
export let gJitFpDense = false;
export function setFpDense(on: bool): void { gJitFpDense = on; }

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

// ---- ops as the compiler sees them: the plain operation of an RVC twin or of a fused pair's
// first half (the second half is the next entry, which keeps its own op).
function baseOp(op: u32): u32 {
  op = O.plainOp(op);
  switch (op) {
    case O.OP_NOP_C: return O.OP_NOP;
    case O.OP_LI_C: return O.OP_LI;
    case O.OP_MV_C: return O.OP_MV;
    case O.OP_ADDI_C: return O.OP_ADDI;
    case O.OP_ADDIW_C: return O.OP_ADDIW;
    case O.OP_SLLI_C: return O.OP_SLLI;
    case O.OP_SRLI_C: return O.OP_SRLI;
    case O.OP_SRAI_C: return O.OP_SRAI;
    case O.OP_ANDI_C: return O.OP_ANDI;
    case O.OP_ADD_C: return O.OP_ADD;
    case O.OP_SUB_C: return O.OP_SUB;
    case O.OP_XOR_C: return O.OP_XOR;
    case O.OP_OR_C: return O.OP_OR;
    case O.OP_AND_C: return O.OP_AND;
    case O.OP_ADDW_C: return O.OP_ADDW;
    case O.OP_SUBW_C: return O.OP_SUBW;
    case O.OP_LW_C: return O.OP_LW;
    case O.OP_LD_C: return O.OP_LD;
    case O.OP_SW_C: return O.OP_SW;
    case O.OP_SD_C: return O.OP_SD;
    case O.OP_FLD_C: return O.OP_FLD;
    case O.OP_FSD_C: return O.OP_FSD;
    case O.OP_BEQ_C: return O.OP_BEQ;
    case O.OP_BNE_C: return O.OP_BNE;
    case O.OP_BEQZ_L_C: return O.OP_BEQZ_L;
    case O.OP_BNEZ_L_C: return O.OP_BNEZ_L;
  }
  return op;
}

/** F and D ops other than loads and stores: compiled as a call of the core's own
 *  implementation (jit.ts jitFp) on the entry. */
// @ts-ignore: decorator
@inline function isFp(op: u32): bool { return op >= O.OP_FMADD_S && op <= O.OP_FMV_D_X; }
// @ts-ignore: decorator
@inline function isFarBranch(s: u32): bool { return s >= O.OP_BEQ && s <= O.OP_BGEU; }
// @ts-ignore: decorator
@inline function isLocalBranch(s: u32): bool {
  return (s >= O.OP_BEQ_L && s <= O.OP_BGEU_L) || s == O.OP_BEQZ_L || s == O.OP_BNEZ_L;
}
/** Ops after which control does not fall through to the next instruction. */
// @ts-ignore: decorator
@inline function isJump(s: u32): bool { return s == O.OP_JAL || s == O.OP_JAL_L || s == O.OP_J_L || s == O.OP_JALR; }
/** Whether an op (base op s, entry op `op`) is compiled; else the interpreter runs it
 *  (ecall, ebreak, fence.i, CSR, LR/SC and AMOs, illegal). */
function isCompiled(s: u32, op: u32): bool {
  if (isFp(op)) return true;
  if (s >= O.OP_NOP && s <= O.OP_REMUW) return true;
  if (s >= O.OP_FLW && s <= O.OP_FSD) return true;
  return s == O.OP_MV || s == O.OP_J_L || s == O.OP_BEQZ_L || s == O.OP_BNEZ_L;
}

// ---- the pages of the function: 0 = home, then linked ones
const MAX_PAGES: u32 = 3; // the home page and MAX_LINKS linked ones
/** Pages linked at most, and the instructions a linked page (or a page compiled ahead) may
 *  add: each one adds to the time the host takes to compile the function. */
const MAX_LINKS: u32 = 2;
export const MAX_LINKED_INSTRUCTIONS: u32 = 400;

const gPageBase = memory.data(4 * MAX_PAGES); //        u32 Wasm address of the slot's entry 0
const gPageDelta = memory.data(8 * MAX_PAGES); //       i64 bytes from the home page's address
const gPageVersionAddr = memory.data(4 * MAX_PAGES); // u32 (linked pages) the slot's SLOT_VERSION
const gPageVersion = memory.data(4 * MAX_PAGES); //     u32 its value when the code was copied
const gPageFirstH = memory.data(4 * MAX_PAGES); //      u32 dispatch range: halfwords firstH..
const gPageSize = memory.data(4 * MAX_PAGES); //        u32 .. firstH + size - 1
const gPageKBase = memory.data(4 * MAX_PAGES); //       u32 at br_table slots kBase..
let gPages: u32 = 0;

// @ts-ignore: decorator
@inline function pBase(p: u32): usize { return <usize>load<u32>(gPageBase + (<usize>p << 2)); }
// @ts-ignore: decorator
@inline function pDelta(p: u32): i64 { return load<i64>(gPageDelta + (<usize>p << 3)); }
// @ts-ignore: decorator
@inline function pU32(field: usize, p: u32): u32 { return load<u32>(field + (<usize>p << 2)); }
// @ts-ignore: decorator
@inline function setPU32(field: usize, p: u32, v: u32): void { store<u32>(field + (<usize>p << 2), v); }

// Per page, per halfword: flags and block index + 1 (0: no block starts there).
const F_LEADER: u8 = 1;
const F_STUB: u8 = 2;
// @ts-ignore: decorator
@inline function flagsAt(p: u32, off: i32): usize { return JITC_PAGE_FLAGS + (<usize>p << 11) + (<usize>off >> 1); }
// @ts-ignore: decorator
@inline function indexAt(p: u32, off: i32): usize { return JITC_PAGE_INDEX + (<usize>p << 12) + (<usize>off & ~1); }

function resetPage(p: u32, base: usize, delta: i64): void {
  store<u32>(gPageBase + (<usize>p << 2), <u32>base);
  store<i64>(gPageDelta + (<usize>p << 3), delta);
  setPU32(gPageVersionAddr, p, 0);
  setPU32(gPageVersion, p, 0);
  memory.fill(JITC_PAGE_FLAGS + (<usize>p << 11), 0, 2048);
  memory.fill(JITC_PAGE_INDEX + (<usize>p << 12), 0, 4096);
}

/** Block index of the block starting at page offset off of page p, or -1. */
function blockAt(p: u32, off: i32): i32 {
  if (off < 0 || off >= 4096 || (off & 1) != 0) return -1;
  return <i32>load<u16>(indexAt(p, off)) - 1;
}

// ---- entries: read straight from the slot (they never change until the slot is wiped; the
// compiler may have the core decode more of them)
let eOp: u32 = 0;
let eSem: u32 = 0;
let eLen: i32 = 0;
let eImm: i32 = 0;
let eRd: u32 = 0;
let eRs1: u32 = 0;
let eRs2: u32 = 0;

/** Whether page p has a decoded instruction at offset off (decoding its run first if
 *  `decode`); if so, loads it into e*. */
function entry(p: u32, off: i32, decode: bool = false): bool {
  if (off < 0 || off >= 4096 || (off & 1) != 0) return false;
  const base = pBase(p);
  const a = base + (<usize>off << 3);
  if (decode && <u32>load<u8>(a, E_OP) == O.OP_DECODE) decodeRun(a, base);
  const op = <u32>load<u8>(a, E_OP);
  if (op <= O.OP_STRADDLE) return false; // not decoded (or a straddling instruction)
  eOp = op;
  eSem = baseOp(op);
  eLen = <i32>(load<u8>(a, E_STEP) >> 3);
  eImm = load<i32>(a, E_IMM);
  eRd = <u32>load<u16>(a, E_RD);
  eRs1 = <u32>load<u16>(a, E_RS1);
  eRs2 = <u32>load<u16>(a, E_RS2);
  return true;
}

// ---- leaders: a fixpoint over the entry points and everything they reach in the page
let gWork: u32 = 0;

function addLeader(p: u32, off: i32): void {
  if (off < 0 || off >= 4096 || (off & 1) != 0) return;
  const f = flagsAt(p, off);
  if ((load<u8>(f) & F_LEADER) != 0 || !entry(p, off)) return;
  store<u8>(f, load<u8>(f) | F_LEADER);
  if (gWork < 4096) { store<u16>(JITC_WORK + (<usize>gWork << 1), <u16>off); gWork++; }
}

/** Offer page offset `off` of page p as an entry point. */
function addEntry(p: u32, off: i32): void {
  addLeader(p, off);
  if (off >= 0 && off < 4096 && (off & 1) == 0) {
    const f = flagsAt(p, off);
    if ((load<u8>(f) & F_LEADER) == 0) store<u8>(f, load<u8>(f) | F_STUB);
  }
}

/** Follow the leaders offered so far to everything they reach in page p. */
function closeLeaders(p: u32): void {
  while (gWork > 0) {
    gWork--;
    let off = <i32>load<u16>(JITC_WORK + (<usize>gWork << 1));
    for (;;) {
      if (!entry(p, off, true)) break;
      const s = eSem, len = eLen, imm = eImm;
      if (!isCompiled(s, eOp)) { addLeader(p, off); addLeader(p, off + len); break; }
      if (isLocalBranch(s) || s == O.OP_JAL_L || s == O.OP_J_L) addLeader(p, off + imm);
      if (isJump(s)) { addLeader(p, off + len); break; } // a return point, or nothing
      off += len;
    }
  }
}

function leaderCount(p: u32): u32 {
  let n: u32 = 0;
  for (let off: i32 = 0; off < 4096; off += 2) if ((load<u8>(flagsAt(p, off)) & F_LEADER) != 0) n++;
  return n;
}

/** Offer every run start of page p as an entry: the decoded instructions no decoded
 *  instruction falls through into (function entries, return points, jump-table cases), as
 *  far as the decoded code shows them. A linked page, and a page compiled ahead, takes them
 *  all: nothing listed their entries, and a jump within it that finds no block would leave
 *  the function. */
function addRunStarts(p: u32): void {
  const base = pBase(p);
  // Mark what a decoded instruction falls through into in the index array (free until
  // makeBlocks), then offer the rest.
  const marks = JITC_PAGE_INDEX + (<usize>p << 12);
  memory.fill(marks, 0, 4096);
  for (let off: i32 = 0; off < 4096; off += 2) {
    const a = base + (<usize>off << 3);
    const op = <u32>load<u8>(a, E_OP);
    if (op <= O.OP_STRADDLE || isJump(baseOp(op))) continue;
    const next = off + <i32>(load<u8>(a, E_STEP) >> 3);
    if (next < 4096) store<u16>(marks + (<usize>next & ~1), 1);
  }
  for (let off: i32 = 0; off < 4096; off += 2) {
    const op = <u32>load<u8>(base + (<usize>off << 3), E_OP);
    if (op > O.OP_STRADDLE && load<u16>(marks + <usize>off) == 0) addEntry(p, off);
  }
  memory.fill(marks, 0, 4096);
}

// ---- blocks, in page order: +0 u16 start, +2 u16 instructions, +4 u8 page, +5 u8 end kind,
// +8 i32 the offset it falls into (END_FALL; -1: never falls through)
const END_FALL: u8 = 0;
const END_INTERP: u8 = 1;
let gBlocks: u32 = 0;
// @ts-ignore: decorator
@inline function blk(k: u32): usize { return JITC_BLOCKS + <usize>k * 12; }

/** Make page p's blocks; returns their instructions, or -1 when there are too many blocks. */
function makeBlocks(p: u32): i32 {
  let n: i32 = 0;
  let first: i32 = -1, last: i32 = -1;
  for (let start: i32 = 0; start < 4096; start += 2) {
    const fl = load<u8>(flagsAt(p, start));
    if (fl == 0) continue;
    if (gBlocks >= JITC_BLOCKS_MAX) return -1;
    if (first < 0) first = start;
    last = start;
    const b = blk(gBlocks);
    store<u16>(indexAt(p, start), <u16>(gBlocks + 1));
    store<u16>(b, <u16>start);
    store<u8>(b, <u8>p, 4);
    gBlocks++;
    if (fl == F_STUB) { store<u16>(b, 0, 2); store<u8>(b, END_INTERP, 5); store<i32>(b, 0, 8); continue; }
    let count: u32 = 0;
    let off = start;
    let kind = END_FALL;
    let to: i32 = 0;
    for (;;) {
      if (!entry(p, off)) { to = off; break; }
      if (!isCompiled(eSem, eOp)) { if (count == 0) kind = END_INTERP; to = off; break; }
      if (count > 0 && (load<u8>(flagsAt(p, off)) & F_LEADER) != 0) { to = off; break; }
      count++;
      if (isJump(eSem)) { to = -1; break; } // never falls through
      off += eLen;
    }
    store<u16>(b, <u16>count, 2);
    store<u8>(b, kind, 5);
    store<i32>(b, to, 8);
    n += <i32>count;
  }
  setPU32(gPageFirstH, p, <u32>first >> 1);
  setPU32(gPageSize, p, (<u32>last >> 1) - (<u32>first >> 1) + 1);
  return n;
}

// ---- jumps out of the home page, for choosing pages to link
let gJumps: u32 = 0;

/** Page delta and offset in that page of page offset `to` of page p (to may lie outside it). */
let tDelta: i64 = 0;
let tOff: i32 = 0;
function targetOf(p: u32, to: i32): void {
  const pageDelta = (to >> 12) << 12; // floor to a multiple of 4096 (arithmetic shift)
  tDelta = pDelta(p) + <i64>pageDelta;
  tOff = to - pageDelta;
}

function collectJumps(): void {
  gJumps = 0;
  for (let k: u32 = 0; k < gBlocks; k++) {
    const b = blk(k);
    let off = <i32>load<u16>(b);
    const count = <u32>load<u16>(b, 2);
    for (let j: u32 = 0; j < count; j++) {
      entry(0, off);
      if (eSem == O.OP_JAL || isFarBranch(eSem)) {
        targetOf(0, off + eImm);
        if (tDelta != 0 && gJumps < JITC_JUMPS_MAX) {
          const a = JITC_JUMPS + (<usize>gJumps << 4);
          store<i64>(a, tDelta);
          store<i32>(a, tOff, 8);
          gJumps++;
        }
      }
      off += eLen;
    }
  }
}

/** Up to MAX_LINKS deltas jumped to, most jumped-to first (ties: the lower delta). */
const gLinkDelta = memory.data(8 * MAX_LINKS);
let gLinkDeltas: u32 = 0;
function chooseDeltas(): void {
  gLinkDeltas = 0;
  for (let round: u32 = 0; round < MAX_LINKS; round++) {
    let best: i64 = 0, bestCount: u32 = 0;
    for (let i: u32 = 0; i < gJumps; i++) {
      const d = load<i64>(JITC_JUMPS + (<usize>i << 4));
      if (round > 0 && d == load<i64>(gLinkDelta)) continue;
      let c: u32 = 0;
      for (let j: u32 = 0; j < gJumps; j++) if (load<i64>(JITC_JUMPS + (<usize>j << 4)) == d) c++;
      if (c > bestCount || (c == bestCount && d < best)) { best = d; bestCount = c; }
    }
    if (bestCount == 0) return;
    store<i64>(gLinkDelta + (<usize>round << 3), best);
    gLinkDeltas++;
  }
}

// ---- per-slot entry bitmaps: the offsets the slot's compilations since its claim entered at

// @ts-ignore: decorator
@inline function slotNumber(slot: usize): u32 { return <u32>((slot - DCACHE) / <usize>SLOT_BYTES); }
// @ts-ignore: decorator
@inline function entryBits(slot: usize): usize { return JITC_ENTRY_BITS + (<usize>slotNumber(slot) << 8); }

function clearEntries(slot: usize): void { memory.fill(entryBits(slot), 0, 256); }

function noteEntryBit(slot: usize, off: u32): void {
  if (off >= 4096 || (off & 1) != 0) return;
  const a = entryBits(slot) + (<usize>off >> 4);
  store<u8>(a, <u8>(<u32>load<u8>(a) | (1 << ((off >> 1) & 7))));
}

/** Add the slot's miss list to its entry bitmap. */
function addListed(slot: usize): void {
  const n = min(load<u32>(slot, L.SLOT_MISS_LISTED), <u32>L.JIT_MISS_MAX);
  for (let i: u32 = 0; i < n; i++) noteEntryBit(slot, <u32>load<u16>(slot + L.SLOT_MISS_LIST + (<usize>i << 1)));
}

/** Offer the slot's entry bitmap to page p as entries. */
function addEntryBits(p: u32, slot: usize): void {
  const bits = entryBits(slot);
  for (let i: u32 = 0; i < 2048; i++) {
    if ((load<u8>(bits + (<usize>i >> 3)) & (1 << (i & 7))) != 0) addEntry(p, <i32>(i << 1));
  }
}

// ---- the home page's analysis (leaders and blocks); may be redone after an ahead compile

/** Leaders and blocks of the slot's page as page 0; its instructions, or 0 (nothing worth it). */
function analyzeHome(slot: usize): i32 {
  gPages = 1;
  gBlocks = 0;
  gWork = 0;
  resetPage(0, slot + SLOT_HEADER, 0);
  addEntryBits(0, slot);
  closeLeaders(0);
  if (leaderCount(0) == 0) return 0;
  const n = makeBlocks(0);
  if (n <= 0) return 0;
  // FP-dense code gains nothing: its time is in the soft-float routines either way, and a
  // call per FP op from compiled code costs more than the interpreter's dispatch.
  let fp: i32 = 0;
  for (let k: u32 = 0; k < gBlocks; k++) {
    const b = blk(k);
    let off = <i32>load<u16>(b);
    const count = <u32>load<u16>(b, 2);
    for (let j: u32 = 0; j < count; j++) { entry(0, off); if (isFp(eOp)) fp++; off += eLen; }
  }
  if (fp * 5 > n && !gJitFpDense) return 0;
  return n;
}

/** The slot the fetch TLB maps virtual address va to just now, or 0. */
function fetchSlot(va: u64): usize {
  const vpn = va >> 12;
  const e = <usize>L.JIT_TLB_F + (<usize>(vpn & <u64>L.JIT_TLB_F_MASK) << 4);
  if (load<u64>(e) != vpn) return 0;
  return <usize>load<u32>(e, 8) - SLOT_HEADER;
}

// ---- compiling a slot: the entry point (jit.ts)

// @ts-ignore: decorator
@external("env", "jitInstall")
declare function hostInstall(index: u32, module: usize, length: u32): u32;

/** The function-table index of a slot's compiled code. */
// @ts-ignore: decorator
@inline export function slotIndex(slot: usize): u32 { return slotNumber(slot) + 1; }

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
  addListed(slot);
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
  // ---- linked pages: all of a page's run starts if that is small enough, else only what
  // the jumps here and its own entries reach
  for (let i: u32 = 0; i < gLinkDeltas; i++) {
    const other = i == 0 ? linkSlots0 : linkSlots1;
    if (other == 0) continue;
    const delta = load<i64>(gLinkDelta + (<usize>i << 3));
    let dup = false;
    for (let p: u32 = 0; p < gPages; p++) if (pDelta(p) == delta || pBase(p) == other + SLOT_HEADER) dup = true;
    if (dup) continue;
    const p = gPages;
    let taken = false;
    for (let all = 1; all >= 0; all--) {
      const mark = gBlocks;
      resetPage(p, other + SLOT_HEADER, delta);
      gWork = 0;
      for (let j: u32 = 0; j < gJumps; j++) {
        const a = JITC_JUMPS + (<usize>j << 4);
        if (load<i64>(a) == delta) addEntry(p, load<i32>(a, 8));
      }
      addListedTo(p, other);
      addEntryBits(p, other);
      if (all == 1) addRunStarts(p);
      closeLeaders(p);
      if (leaderCount(p) == 0) break;
      const m = makeBlocks(p);
      if (m > 0 && <u32>m <= MAX_LINKED_INSTRUCTIONS) { n += m; taken = true; break; }
      // roll back this page's blocks
      for (let k = mark; k < gBlocks; k++) store<u16>(indexAt(p, <i32>load<u16>(blk(k))), 0);
      gBlocks = mark;
    }
    if (!taken) continue;
    setPU32(gPageVersionAddr, p, <u32>(other + L.SLOT_VERSION));
    setPU32(gPageVersion, p, load<u32>(other, L.SLOT_VERSION));
    gPages++;
  }
  const len = emitModule();
  if (len == 0) { bump(STAT_FAILURES); return 0; }
  if (hostInstall(slotIndex(slot), JITC_MODULE, len) == 0) { bump(STAT_FAILURES); return 0; }
  bump(STAT_COMPILES);
  bump(STAT_INSTRUCTIONS, <u32>n);
  bump(STAT_LINKED, gPages - 1);
  return 1;
}

/** Offer a slot's miss list to page p as entries. */
function addListedTo(p: u32, slot: usize): void {
  const n = min(load<u32>(slot, L.SLOT_MISS_LISTED), <u32>L.JIT_MISS_MAX);
  for (let i: u32 = 0; i < n; i++) addEntry(p, <i32>load<u16>(slot + L.SLOT_MISS_LIST + (<usize>i << 1)));
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
 * the slot header as compile() in jit.ts does after a compilation. Whether it was tried, it
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
  addListed(slot);
  // Its run starts become its entries (kept for its recompilations).
  gPages = 1;
  gBlocks = 0;
  gWork = 0;
  resetPage(0, slot + SLOT_HEADER, 0);
  addRunStarts(0);
  for (let off: i32 = 0; off < 4096; off += 2) {
    if ((load<u8>(flagsAt(0, off)) & (F_LEADER | F_STUB)) != 0) noteEntryBit(slot, <u32>off);
  }
  const n = analyzeHome(slot);
  const len = n == 0 || <u32>n > MAX_LINKED_INSTRUCTIONS ? 0 : emitModule();
  const index = slotIndex(slot);
  // Not worth it here (too big, nothing to compile) is no failure: it waits for its own
  // threshold. Only code the host could not instantiate counts as one.
  const installed = len != 0 && hostInstall(index, JITC_MODULE, len) != 0;
  if (!installed) {
    clearEntries(slot); // its own compilation starts from what it is entered at
    if (len != 0) bump(STAT_FAILURES);
    return AHEAD_FAILED;
  }
  bump(STAT_COMPILES);
  bump(STAT_INSTRUCTIONS, <u32>n);
  bump(STAT_AHEAD);
  store<u32>(slot, 0, L.SLOT_HOT);
  store<u32>(slot, 0, L.SLOT_MISSES);
  store<u32>(slot, 0, L.SLOT_MISS_LISTED);
  store<u32>(slot, index, L.SLOT_JIT);
  return AHEAD_COMPILED;
}

// ---- code

// Function indices: imports first (jit.ts exports), then the page function and $leave.
const F_LOAD: u32 = 0, F_STORE: u32 = 1, F_MULDIV: u32 = 2, F_FP: u32 = 3, F_LEAVE: u32 = 5;
const P_PAGE: u32 = 0, P_OFF: u32 = 1, P_REM: u32 = 2;
let lVa: u32 = 0, lT: u32 = 0, lH: u32 = 0;
let gKEnd: u32 = 0;

// Within a block (straight-line code), a register read or written once is kept in a Wasm
// local too, and later reads use it: writes still go to the state block at once
// (write-through), so nothing needs writing back at any exit and the locals are dead at every
// block boundary. Registers are byte offsets from STATE_BASE (x and f: below 512).
const gRegLocal = memory.data(4 * 64); //  local index + 1, per register
const gCached = memory.data(4 * 64); //    generation in which the register was cached
let gGen: u32 = 0;

function regLocal(off: u32): u32 {
  const a = gRegLocal + (<usize>(off >> 3) << 2);
  let l = load<u32>(a);
  if (l == 0) { l = W.local(I64) + 1; store<u32>(a, l); }
  return l - 1;
}
// @ts-ignore: decorator
@inline function isCached(off: u32): bool { return load<u32>(gCached + (<usize>(off >> 3) << 2)) == gGen; }
// @ts-ignore: decorator
@inline function setCached(off: u32): void { store<u32>(gCached + (<usize>(off >> 3) << 2), gGen); }
// @ts-ignore: decorator
@inline function uncache(off: u32): void { store<u32>(gCached + (<usize>(off >> 3) << 2), 0); }

function readReg(off: u32): void {
  if (off == 0) W.i64c(0);
  else if (isCached(off)) W.get(regLocal(off));
  else { W.i32c(0); W.mem(W.W_I64_LOAD, <u32>L.STATE_BASE + off); W.tee(regLocal(off)); setCached(off); }
}
/** Before the value of a register write: see writeEnd. */
function writeBegin(rd: u32): void {
  if (rd != <u32>L.JIT_X0_SINK) W.i32c(0);
}
/** Store the i64 on the stack into register rd (dropped for x0). */
function writeEnd(rd: u32): void {
  if (rd == <u32>L.JIT_X0_SINK) { W.op(W.W_DROP); return; }
  W.tee(regLocal(rd));
  W.mem(W.W_I64_STORE, <u32>L.STATE_BASE + rd);
  setCached(rd);
}

/** Push the virtual address of page offset `off` of page p (off may lie outside it). */
function addr(p: u32, off: i32): void {
  W.get(P_PAGE);
  W.i64c(pDelta(p) + <i64>off);
  W.op(W.W_I64_ADD);
}
/** Leave with pc = the address of page offset `off` of p and the budget left (through $leave:
 *  maybe straight into that page's compiled code). */
function exitAt(p: u32, off: i32): void {
  addr(p, off);
  W.set(lVa);
  W.br(LABEL_EXIT);
}
/** Leave with pc = the address of offset `off` of p for the core to see (a trap): straight back
 *  to the core, never into other compiled code. */
function trapAt(p: u32, off: i32): void {
  W.i32c(0);
  addr(p, off);
  W.mem(W.W_I64_STORE, <u32>L.STATE_BASE + <u32>L.HART_PC);
  W.get(P_REM);
  W.op(W.W_RETURN);
}
/** Leave reporting `status` with pc = offset `off` of p (the core takes over there). */
function stopAt(p: u32, off: i32, status: i32): void {
  W.i32c(0); W.i32c(status); W.mem(W.W_I32_STORE, <u32>L.JIT_STATUS);
  trapAt(p, off);
}
function refund(n: i32): void {
  if (n != 0) { W.get(P_REM); W.i32c(n); W.op(W.W_I32_ADD); W.set(P_REM); }
}
/** Push 1 when the fetch TLB holds the page of the i64 in local `va`; local `t` = the entry's
 *  offset in the fetch TLB (its slot base is at JIT_TLB_F + 8 + t). */
function fetchTlbHit(va: u32, t: u32): void {
  W.get(va); W.i64c(12); W.op(W.W_I64_SHR_U); W.op(W.W_I32_WRAP_I64); W.i32c(L.JIT_TLB_F_MASK); W.op(W.W_I32_AND);
  W.i32c(4); W.op(W.W_I32_SHL); W.tee(t);
  W.mem(W.W_I64_LOAD, <u32>L.JIT_TLB_F); W.get(va); W.i64c(12); W.op(W.W_I64_SHR_U); W.op(W.W_I64_EQ);
}
/** Push 1 when linked page p may run here: the fetch TLB maps its address to its slot and the
 *  slot still holds the code copied (va must hold an address in that page). */
function guard(p: u32): void {
  fetchTlbHit(lVa, lT);
  W.get(lT); W.mem(W.W_I32_LOAD, <u32>L.JIT_TLB_F + 8); W.i32c(<i32>pBase(p)); W.op(W.W_I32_EQ); W.op(W.W_I32_AND);
  W.i32c(0); W.mem(W.W_I32_LOAD, pU32(gPageVersionAddr, p)); W.i32c(<i32>pU32(gPageVersion, p)); W.op(W.W_I32_EQ); W.op(W.W_I32_AND);
}
/** h = the home page's dispatch slot of halfword h, or past every slot ($none) when outside. */
function homeSlot(): void {
  W.get(lH); W.i32c(<i32>gKEnd); W.get(lH); W.i32c(<i32>pU32(gPageSize, 0)); W.op(W.W_I32_LT_U); W.op(W.W_SELECT); W.set(lH);
}
/** Block k's slot in the dispatch table. */
function slotOfBlock(k: u32): u32 {
  const b = blk(k);
  const p = <u32>load<u8>(b, 4);
  return pU32(gPageKBase, p) + (<u32>load<u16>(b) >> 1) - pU32(gPageFirstH, p);
}
/** Branch to block k from block i (forward: a br; else through the dispatch table). */
function toBlock(i: u32, k: u32): void {
  if (k > i) { W.br(<i32>k); return; }
  W.i32c(<i32>slotOfBlock(k)); W.set(lH); W.br(LABEL_DISPATCH);
}
/** The page of the function at `delta`, or -1. */
function pageOfDelta(delta: i64): i32 {
  for (let p: u32 = 0; p < gPages; p++) if (pDelta(p) == delta) return <i32>p;
  return -1;
}
/** Control from block i (of page p) to page offset `to` of p, `to` in or out of p. */
function goTo(i: u32, p: u32, to: i32): void {
  targetOf(p, to);
  const tp = pageOfDelta(tDelta);
  const k = tp < 0 ? -1 : blockAt(<u32>tp, tOff);
  if (k < 0) { exitAt(p, to); return; }
  if (<u32>tp == p || tp == 0) { toBlock(i, <u32>k); return; }
  // Into a linked page: only while its code is current here.
  addr(p, to);
  W.set(lVa);
  guard(<u32>tp);
  W.ifOf();
  toBlock(i, <u32>k);
  W.end();
  W.br(LABEL_EXIT);
}

/** The i64 ALU op of a register-immediate / register-register base op, or 0. */
function aluImm(s: u32): u32 {
  switch (s) {
    case O.OP_ADDI: return W.W_I64_ADD;
    case O.OP_XORI: return W.W_I64_XOR;
    case O.OP_ORI: return W.W_I64_OR;
    case O.OP_ANDI: return W.W_I64_AND;
    case O.OP_SLLI: return W.W_I64_SHL;
    case O.OP_SRLI: return W.W_I64_SHR_U;
    case O.OP_SRAI: return W.W_I64_SHR_S;
  }
  return 0;
}
function aluReg(s: u32): u32 {
  switch (s) {
    case O.OP_ADD: return W.W_I64_ADD;
    case O.OP_SUB: return W.W_I64_SUB;
    case O.OP_XOR: return W.W_I64_XOR;
    case O.OP_OR: return W.W_I64_OR;
    case O.OP_AND: return W.W_I64_AND;
    case O.OP_MUL: return W.W_I64_MUL;
  }
  return 0;
}
function shiftReg(s: u32): u32 {
  switch (s) {
    case O.OP_SLL: return W.W_I64_SHL;
    case O.OP_SRL: return W.W_I64_SHR_U;
    case O.OP_SRA: return W.W_I64_SHR_S;
  }
  return 0;
}
/** jitMulDiv's selector for an M op, or -1. */
function mulDiv(s: u32): i32 {
  switch (s) {
    case O.OP_MULH: return 0;
    case O.OP_MULHSU: return 1;
    case O.OP_MULHU: return 2;
    case O.OP_DIV: return 3;
    case O.OP_DIVU: return 4;
    case O.OP_REM: return 5;
    case O.OP_REMU: return 6;
    case O.OP_DIVW: return 7;
    case O.OP_DIVUW: return 8;
    case O.OP_REMW: return 9;
    case O.OP_REMUW: return 10;
  }
  return -1;
}
/** The i64 compare of a branch base op (far or local with two registers). */
function branchCmp(s: u32): u32 {
  if (s >= O.OP_BEQ_L && s <= O.OP_BGEU_L) s -= O.LOCAL_DELTA;
  switch (s) {
    case O.OP_BEQ: return W.W_I64_EQ;
    case O.OP_BNE: return W.W_I64_NE;
    case O.OP_BLT: return W.W_I64_LT_S;
    case O.OP_BGE: return W.W_I64_GE_S;
    case O.OP_BLTU: return W.W_I64_LT_U;
  }
  return W.W_I64_GE_U; // BGEU
}
/** Access size and Wasm load of a load base op, as size << 8 | opcode, or 0. */
function loadOf(s: u32): u32 {
  switch (s) {
    case O.OP_LB: return 1 << 8 | W.W_I64_LOAD8_S;
    case O.OP_LH: return 2 << 8 | W.W_I64_LOAD16_S;
    case O.OP_LW: return 4 << 8 | W.W_I64_LOAD32_S;
    case O.OP_LD: return 8 << 8 | W.W_I64_LOAD;
    case O.OP_LBU: return 1 << 8 | W.W_I64_LOAD8_U;
    case O.OP_LHU: return 2 << 8 | W.W_I64_LOAD16_U;
    case O.OP_LWU: return 4 << 8 | W.W_I64_LOAD32_U;
    case O.OP_FLW: return 4 << 8 | W.W_I64_LOAD32_U;
    case O.OP_FLD: return 8 << 8 | W.W_I64_LOAD;
  }
  return 0;
}
function storeOf(s: u32): u32 {
  switch (s) {
    case O.OP_SB: return 1 << 8 | W.W_I64_STORE8;
    case O.OP_SH: return 2 << 8 | W.W_I64_STORE16;
    case O.OP_SW: return 4 << 8 | W.W_I64_STORE32;
    case O.OP_SD: return 8 << 8 | W.W_I64_STORE;
    case O.OP_FSW: return 4 << 8 | W.W_I64_STORE32;
    case O.OP_FSD: return 8 << 8 | W.W_I64_STORE;
  }
  return 0;
}

/** The TLB lookup shared by loads and stores: leaves (i32) "hit" on the stack, t = entry. */
function tlbHit(tlb: u32, size: u32, rs1: u32, imm: i32): void {
  readReg(rs1); W.i64c(<i64>imm); W.op(W.W_I64_ADD); W.set(lVa);
  // hit: the tag is the page of both the first and the last byte
  W.get(lVa); W.i64c(12); W.op(W.W_I64_SHR_U); W.op(W.W_I32_WRAP_I64); W.i32c(L.JIT_TLB_MASK); W.op(W.W_I32_AND);
  W.i32c(4); W.op(W.W_I32_SHL); W.tee(lT);
  W.mem(W.W_I64_LOAD, tlb);
  W.get(lVa); W.i64c(<i64>size - 1); W.op(W.W_I64_ADD); W.i64c(12); W.op(W.W_I64_SHR_U); W.op(W.W_I64_EQ);
}

/** One instruction at page offset `off` of page p (its fields in e*), in block i; `left` = it
 *  and the ones after it in the block (the refund if it traps). */
function emitInsn(i: u32, p: u32, off: i32, left: i32): void {
  const s = eSem, rd = eRd, rs1 = eRs1, rs2 = eRs2, imm = eImm, len = eLen;
  let code = aluImm(s);
  if (code != 0) { writeBegin(rd); readReg(rs1); W.i64c(<i64>imm); W.op(code); writeEnd(rd); return; }
  code = aluReg(s);
  if (code != 0) { writeBegin(rd); readReg(rs1); readReg(rs2); W.op(code); writeEnd(rd); return; }
  code = shiftReg(s);
  if (code != 0) { writeBegin(rd); readReg(rs1); readReg(rs2); W.i64c(63); W.op(W.W_I64_AND); W.op(code); writeEnd(rd); return; }
  const md = mulDiv(s);
  if (md >= 0) { writeBegin(rd); W.i32c(md); readReg(rs1); readReg(rs2); W.call(F_MULDIV); writeEnd(rd); return; }
  code = loadOf(s);
  if (code != 0) { writeBegin(rd); loadValue(p, off, left, code, s, rs1, imm); writeEnd(rd); return; }
  if (isFp(eOp)) {
    // The core runs it on the entry, in the state block: its destination's cached copy is stale.
    W.i32c(<i32>(pBase(p) + (<usize>off << 3))); W.call(F_FP); W.ifOf();
    refund(left);
    trapAt(p, off); // illegal-instruction trap (a bad dynamic rounding mode)
    W.end();
    uncache(rd);
    return;
  }
  code = storeOf(s);
  if (code != 0) { emitStore(p, off, left, code, rs1, rs2, imm, len); return; }
  // Conditional branches do not end a block (blocks are superblocks, like the interpreter's
  // runs): taken, they refund the instructions after them in the block.
  if (isFarBranch(s)) { // far target: another page (maybe a linked one)
    readReg(rs1); readReg(rs2); W.op(branchCmp(s)); W.ifOf();
    refund(left - 1);
    goTo(i, p, off + imm);
    W.end();
    return;
  }
  if (isLocalBranch(s)) {
    if (s == O.OP_BEQZ_L) { readReg(rs1); W.op(W.W_I64_EQZ); }
    else if (s == O.OP_BNEZ_L) { readReg(rs1); W.op(W.W_I64_EQZ); W.op(W.W_I32_EQZ); }
    else { readReg(rs1); readReg(rs2); W.op(branchCmp(s)); }
    W.ifOf();
    refund(left - 1);
    goTo(i, p, off + imm);
    W.end();
    return;
  }
  switch (s) {
    case O.OP_NOP: return;
    case O.OP_LI: { writeBegin(rd); W.i64c(<i64>imm); writeEnd(rd); return; }
    case O.OP_MV: { writeBegin(rd); readReg(rs1); writeEnd(rd); return; }
    case O.OP_AUIPC: { writeBegin(rd); addr(p, off + imm); writeEnd(rd); return; }
    case O.OP_SLTI: { writeBegin(rd); readReg(rs1); W.i64c(<i64>imm); W.op(W.W_I64_LT_S); W.op(W.W_I64_EXTEND_I32_U); writeEnd(rd); return; }
    case O.OP_SLTIU: { writeBegin(rd); readReg(rs1); W.i64c(<i64>imm); W.op(W.W_I64_LT_U); W.op(W.W_I64_EXTEND_I32_U); writeEnd(rd); return; }
    case O.OP_SLT: { writeBegin(rd); readReg(rs1); readReg(rs2); W.op(W.W_I64_LT_S); W.op(W.W_I64_EXTEND_I32_U); writeEnd(rd); return; }
    case O.OP_SLTU: { writeBegin(rd); readReg(rs1); readReg(rs2); W.op(W.W_I64_LT_U); W.op(W.W_I64_EXTEND_I32_U); writeEnd(rd); return; }
    case O.OP_ADDIW: { writeBegin(rd); readReg(rs1); W.i64c(<i64>imm); W.op(W.W_I64_ADD); W.op(W.W_I64_EXTEND32_S); writeEnd(rd); return; }
    case O.OP_SLLIW: { writeBegin(rd); readReg(rs1); W.i64c(<i64>imm); W.op(W.W_I64_SHL); W.op(W.W_I64_EXTEND32_S); writeEnd(rd); return; }
    case O.OP_SRLIW: { writeBegin(rd); readReg(rs1); W.i64c(0xffffffff); W.op(W.W_I64_AND); W.i64c(<i64>imm); W.op(W.W_I64_SHR_U); W.op(W.W_I64_EXTEND32_S); writeEnd(rd); return; }
    case O.OP_SRAIW: { writeBegin(rd); readReg(rs1); W.op(W.W_I64_EXTEND32_S); W.i64c(<i64>imm); W.op(W.W_I64_SHR_S); writeEnd(rd); return; }
    case O.OP_ADDW: { writeBegin(rd); readReg(rs1); readReg(rs2); W.op(W.W_I64_ADD); W.op(W.W_I64_EXTEND32_S); writeEnd(rd); return; }
    case O.OP_SUBW: { writeBegin(rd); readReg(rs1); readReg(rs2); W.op(W.W_I64_SUB); W.op(W.W_I64_EXTEND32_S); writeEnd(rd); return; }
    case O.OP_MULW: { writeBegin(rd); readReg(rs1); readReg(rs2); W.op(W.W_I64_MUL); W.op(W.W_I64_EXTEND32_S); writeEnd(rd); return; }
    case O.OP_SLLW: { writeBegin(rd); readReg(rs1); readReg(rs2); W.i64c(31); W.op(W.W_I64_AND); W.op(W.W_I64_SHL); W.op(W.W_I64_EXTEND32_S); writeEnd(rd); return; }
    case O.OP_SRLW: { writeBegin(rd); readReg(rs1); W.i64c(0xffffffff); W.op(W.W_I64_AND); readReg(rs2); W.i64c(31); W.op(W.W_I64_AND); W.op(W.W_I64_SHR_U); W.op(W.W_I64_EXTEND32_S); writeEnd(rd); return; }
    case O.OP_SRAW: { writeBegin(rd); readReg(rs1); W.op(W.W_I64_EXTEND32_S); readReg(rs2); W.i64c(31); W.op(W.W_I64_AND); W.op(W.W_I64_SHR_S); writeEnd(rd); return; }
    case O.OP_JAL:
    case O.OP_JAL_L: { writeBegin(rd); addr(p, off + len); writeEnd(rd); goTo(i, p, off + imm); return; }
    case O.OP_J_L: { goTo(i, p, off + imm); return; }
    case O.OP_JALR: {
      // target first: rd may be rs1
      readReg(rs1); W.i64c(<i64>imm); W.op(W.W_I64_ADD); W.i64c(-2); W.op(W.W_I64_AND); W.set(lVa);
      writeBegin(rd); addr(p, off + len); writeEnd(rd);
      // A target in a page of this function goes through the dispatch table (a return, a
      // switch); in the home page one that is no block start leaves as a miss, in a linked
      // page (whose code must be current here) it leaves there.
      for (let tp: u32 = 0; tp < gPages; tp++) {
        W.get(lVa); W.i64c(-4096); W.op(W.W_I64_AND);
        addr(tp, 0);
        W.op(W.W_I64_EQ);
        if (tp != 0 && tp != p) { guard(tp); W.op(W.W_I32_AND); }
        W.ifOf();
        W.get(lVa); W.op(W.W_I32_WRAP_I64); W.i32c(0xfff); W.op(W.W_I32_AND); W.i32c(1); W.op(W.W_I32_SHR_U);
        W.i32c(<i32>pU32(gPageFirstH, tp)); W.op(W.W_I32_SUB); W.tee(lH);
        if (tp == 0) {
          W.op(W.W_DROP);
          homeSlot(); // out of its slots: $none
          W.br(LABEL_DISPATCH);
        } else {
          W.i32c(<i32>pU32(gPageSize, tp)); W.op(W.W_I32_LT_U); W.ifOf();
          W.get(lH); W.i32c(<i32>pU32(gPageKBase, tp)); W.op(W.W_I32_ADD); W.set(lH); W.br(LABEL_DISPATCH);
          W.end();
          W.br(LABEL_EXIT);
        }
        W.end();
      }
      W.br(LABEL_EXIT);
      return;
    }
  }
  unreachable(); // isCompiled() let through an op with no code here: a compiler bug
}

function loadValue(p: u32, off: i32, left: i32, sl: u32, s: u32, rs1: u32, imm: i32): void {
  const size = sl >> 8, wop = sl & 0xff;
  tlbHit(<u32>L.JIT_TLB_R, size, rs1, imm);
  W.ifOf(I64);
  W.get(lVa); W.op(W.W_I32_WRAP_I64); W.get(lT); W.mem(W.W_I32_LOAD, <u32>L.JIT_TLB_R + 8); W.op(W.W_I32_ADD); W.mem(wop, 0);
  W.elseArm();
  W.get(lVa); W.i32c(<i32>size); W.call(F_LOAD);
  W.i32c(0); W.mem(W.W_I32_LOAD, <u32>L.JIT_STATUS); W.ifOf();
  refund(left);
  trapAt(p, off); // the trap: pc = this instruction, which did not retire
  W.end();
  // jitLoad zero-extends: sign-extend for the signed loads
  if (wop == W.W_I64_LOAD8_S) { W.i64c(56); W.op(W.W_I64_SHL); W.i64c(56); W.op(W.W_I64_SHR_S); }
  else if (wop == W.W_I64_LOAD16_S) { W.i64c(48); W.op(W.W_I64_SHL); W.i64c(48); W.op(W.W_I64_SHR_S); }
  else if (wop == W.W_I64_LOAD32_S) W.op(W.W_I64_EXTEND32_S);
  W.end();
  if (s == O.OP_FLW) { W.i64c(-0x100000000); W.op(W.W_I64_OR); } // NaN-box
}

function emitStore(p: u32, off: i32, left: i32, sl: u32, rs1: u32, rs2: u32, imm: i32, len: i32): void {
  const size = sl >> 8, wop = sl & 0xff;
  // Read the value outside the two arms below, so that both may use the cached local.
  if (rs2 != 0 && !isCached(rs2)) { readReg(rs2); W.op(W.W_DROP); }
  tlbHit(<u32>L.JIT_TLB_W, size, rs1, imm);
  W.ifOf();
  W.get(lVa); W.op(W.W_I32_WRAP_I64); W.get(lT); W.mem(W.W_I32_LOAD, <u32>L.JIT_TLB_W + 8); W.op(W.W_I32_ADD);
  readReg(rs2);
  W.mem(wop, 0);
  W.elseArm();
  W.get(lVa); readReg(rs2); W.i32c(<i32>size); W.call(F_STORE); W.tee(lT);
  W.ifOf();
  // 1: trapped, nothing stored; 2: stored, and cached code was dropped: continue after it
  W.get(lT); W.i32c(1); W.op(W.W_I32_EQ); W.ifOf();
  refund(left);
  trapAt(p, off);
  W.end();
  refund(left - 1);
  exitAt(p, off + len);
  W.end();
  W.end();
}

/** Write the function for the pages and blocks made, and the module around it, at
 *  JITC_MODULE; returns its length, or 0 when it did not fit. */
function emitModule(): u32 {
  // Dispatch slots: the home page's halfwords first, then each linked page's.
  gKEnd = 0;
  for (let p: u32 = 0; p < gPages; p++) { setPU32(gPageKBase, p, gKEnd); gKEnd += pU32(gPageSize, p); }
  memory.fill(gRegLocal, 0, 4 * 64);
  gGen++;
  if (gGen == 0) { memory.fill(gCached, 0, 4 * 64); gGen = 1; }
  W.outTo(JITC_BODY, JITC_BODY_CAP);
  W.labelsReset();
  W.localsReset(3);
  lVa = W.local(I64); lT = W.local(I32); lH = W.local(I32);

  // entry: pc is in the home page (always even: IALIGN is 16 with the C extension)
  addr(0, 0);
  W.get(P_OFF); W.op(W.W_I64_EXTEND_I32_U); W.op(W.W_I64_ADD); W.set(lVa);
  W.get(P_OFF); W.i32c(1); W.op(W.W_I32_SHR_U); W.i32c(<i32>pU32(gPageFirstH, 0)); W.op(W.W_I32_SUB); W.set(lH);
  homeSlot();
  W.block(LABEL_EXIT);
  W.loop(LABEL_DISPATCH);
  for (let k = <i32>gBlocks - 1; k >= 0; k--) W.block(k);
  W.block(LABEL_NONE_LINKED);
  W.block(LABEL_NONE);
  // br_table: every slot $none (home range) or $noneLinked, then each block's own
  const table = JITC_TABLE;
  for (let p: u32 = 0; p < gPages; p++) {
    const label = p == 0 ? LABEL_NONE : LABEL_NONE_LINKED;
    const kb = pU32(gPageKBase, p), size = pU32(gPageSize, p);
    for (let k: u32 = 0; k < size; k++) store<i32>(table + (<usize>(kb + k) << 2), label);
  }
  for (let k: u32 = 0; k < gBlocks; k++) store<i32>(table + (<usize>slotOfBlock(k) << 2), <i32>k);
  W.get(lH);
  W.byte(W.W_BR_TABLE);
  W.uleb(gKEnd);
  for (let k: u32 = 0; k < gKEnd; k++) W.uleb(W.depth(load<i32>(table + (<usize>k << 2))));
  W.uleb(W.depth(LABEL_NONE));
  W.end();
  // $none: no block starts at va in the home page: the core interprets from there (a miss).
  W.i32c(0); W.i32c(L.JIT_EXIT_MISS); W.mem(W.W_I32_STORE, <u32>L.JIT_STATUS);
  W.i32c(0); W.get(lVa); W.mem(W.W_I64_STORE, <u32>L.STATE_BASE + <u32>L.HART_PC);
  W.get(P_REM); W.op(W.W_RETURN);
  W.end();
  // $noneLinked: nor in a linked page: leave there (that page's own code may have the entry).
  W.br(LABEL_EXIT);

  for (let i: u32 = 0; i < gBlocks; i++) {
    W.end(); // L(i): its code follows
    const b = blk(i);
    const p = <u32>load<u8>(b, 4);
    const start = <i32>load<u16>(b);
    if (load<u8>(b, 5) == END_INTERP) { stopAt(p, start, L.JIT_EXIT_INTERP); continue; }
    const n = <i32>load<u16>(b, 2);
    gGen++;
    if (gGen == 0) { memory.fill(gCached, 0, 4 * 64); gGen = 1; }
    // budget: charge the block, or leave before it
    W.get(P_REM); W.i32c(n); W.op(W.W_I32_LT_U); W.ifOf();
    exitAt(p, start);
    W.end();
    W.get(P_REM); W.i32c(n); W.op(W.W_I32_SUB); W.set(P_REM);
    let off = start;
    for (let j: i32 = 0; j < n; j++) {
      entry(p, off);
      const len = eLen;
      emitInsn(i, p, off, n - j);
      off += len;
    }
    const to = load<i32>(b, 8);
    if (to >= 0) {
      const k = blockAt(p, to);
      if (k != <i32>i + 1) goTo(i, p, to);
    }
  }
  W.end(); // loop: every block ends in a branch, so falling out is a compiler bug
  W.op(W.W_UNREACHABLE);
  W.end(); // $exit: leave with pc = va (one call site for the whole page)
  W.get(lVa); W.get(P_REM); W.get(P_PAGE); W.byte(W.W_RETURN_CALL); W.uleb(F_LEAVE);
  if (W.outOverflowed()) return 0;
  const bodyLen = W.outLength();
  const fEntry = W.bodyEntrySize(bodyLen);
  const leaveLen = leaveEntry();
  if (leaveLen == 0) return 0;

  // ---- the module: header and sections (all constant but the code section)
  W.outTo(JITC_MODULE, JITC_MODULE_CAP);
  moduleHead();
  W.byte(10); // code section
  W.uleb(W.ulebLength(2) + fEntry + leaveLen);
  W.uleb(2);
  W.localsReset(3); // the page function's locals, as declared above
  W.local(I64); W.local(I32); W.local(I32);
  for (let r: u32 = 0; r < 64; r++) if (load<u32>(gRegLocal + (<usize>r << 2)) != 0) W.local(I64);
  W.encodeBody(JITC_BODY, bodyLen);
  W.copyIn(JITC_LEAVE, leaveLen);
  if (W.outOverflowed()) return 0;
  return W.outLength();
}

/** The $leave helper's code-section entry at JITC_LEAVE (the same for every page); its length.
 *  $leave(pc, rem, pageVA): if pc is in another page whose code is compiled (its fetch-TLB
 *  entry names a slot with code), go straight there (a tail call) instead of back through the
 *  core; else HART_PC = pc and return the budget left. Exits the core must see (traps,
 *  uncompiled ops, misses) do not come here (trapAt, stopAt); a store that dropped cached code
 *  does, but dropping code flushes the fetch TLB, so it finds no entry. */
let gLeaveLen: u32 = 0;
function leaveEntry(): u32 {
  if (gLeaveLen != 0) return gLeaveLen;
  const code = JITC_LEAVE + 0x200; // the instructions, then the entry below them
  W.outTo(code, 0x200);
  W.labelsReset();
  W.localsReset(3);
  const lt = W.local(I32), lf = W.local(I32);
  W.get(1); W.ifOf();
  W.get(0); W.i64c(-4096); W.op(W.W_I64_AND); W.get(2); W.op(W.W_I64_NE); W.ifOf();
  fetchTlbHit(0, lt);
  W.ifOf();
  W.get(lt); W.mem(W.W_I32_LOAD, <u32>L.JIT_TLB_F + 8); W.i32c(L.SLOT_HEADER_BYTES); W.op(W.W_I32_SUB);
  W.mem(W.W_I32_LOAD, <u32>L.SLOT_JIT); W.tee(lf); W.ifOf();
  W.get(0); W.i64c(-4096); W.op(W.W_I64_AND); W.get(0); W.op(W.W_I32_WRAP_I64); W.i32c(0xfff); W.op(W.W_I32_AND); W.get(1); W.get(lf);
  W.byte(W.W_RETURN_CALL_INDIRECT); W.uleb(0); W.uleb(0);
  W.end(); W.end(); W.end(); W.end();
  W.i32c(0); W.get(0); W.mem(W.W_I64_STORE, <u32>L.STATE_BASE + <u32>L.HART_PC);
  W.get(1);
  if (W.outOverflowed()) return 0;
  const codeLen = W.outLength();
  W.outTo(JITC_LEAVE, 0x200);
  W.encodeBody(code, codeLen);
  if (W.outOverflowed()) return 0;
  gLeaveLen = W.outLength();
  return gLeaveLen;
}

/** Magic, version, and the type, import, function and export sections: the page function
 *  (type 0) and $leave (type 5) importing the core's memory, its function table and the slow
 *  paths jitLoad, jitStore, jitMulDiv, jitFp (asm/jit.ts), exporting the first as "f". */
function moduleHead(): void {
  W.byte(0x00); W.byte(0x61); W.byte(0x73); W.byte(0x6d); W.byte(0x01); W.byte(0x00); W.byte(0x00); W.byte(0x00);
  for (let id: u32 = 1; id <= 7; id++) {
    if (id == 4 || id == 5 || id == 6) continue;
    W.byte(id);
    const at = W.outLength();
    W.byte(0); // its size, below 128 for every section here: patched below
    if (id == 1) typeSection();
    else if (id == 2) importSection();
    else if (id == 3) { W.uleb(2); W.uleb(0); W.uleb(5); } // the page function, $leave
    else { W.uleb(1); W.name("f"); W.byte(0x00); W.uleb(4); } // export the page function as "f"
    store<u8>(JITC_MODULE + <usize>at, <u8>(W.outLength() - at - 1));
  }
}

function typeSection(): void {
  W.uleb(6);
  fnType3(I64, I32, I32, I32); //   the page function
  W.byte(0x60); W.uleb(2); W.byte(I64); W.byte(I32); W.uleb(1); W.byte(I64); // jitLoad(va, size)
  fnType3(I64, I64, I32, I32); //   jitStore(va, value, size)
  fnType3(I32, I64, I64, I64); //   jitMulDiv(k, a, b)
  W.byte(0x60); W.uleb(1); W.byte(I32); W.uleb(1); W.byte(I32); // jitFp(entry)
  fnType3(I64, I32, I64, I32); //   leave(pc, budget left, pageVA)
}
function fnType3(a: u32, b: u32, c: u32, r: u32): void {
  W.byte(0x60); W.uleb(3); W.byte(a); W.byte(b); W.byte(c); W.uleb(1); W.byte(r);
}
function importSection(): void {
  W.uleb(6);
  W.name("env"); W.name("memory"); W.byte(0x02); W.byte(0x00); W.uleb(1); // memory, min 1 page, no max
  W.name("env"); W.name("table"); W.byte(0x01); W.byte(0x70); W.byte(0x00); W.uleb(1); // funcref table, min 1
  W.name("env"); W.name("jitLoad"); W.byte(0x00); W.uleb(1);
  W.name("env"); W.name("jitStore"); W.byte(0x00); W.uleb(2);
  W.name("env"); W.name("jitMulDiv"); W.byte(0x00); W.uleb(3);
  W.name("env"); W.name("jitFp"); W.byte(0x00); W.uleb(4);
}

