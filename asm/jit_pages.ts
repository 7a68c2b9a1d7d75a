// What the page compiler compiles (jit_compile.ts has the overview): the pages of the function
// (the home page and the pages it carries), their leaders and blocks, the jumps out of the home
// page, and the per-slot entry bitmaps. All of it lives in the JITC region (memmap.ts) and is
// rebuilt for each compilation; jit_emit.ts writes the code from it.
import * as L from "./layout";
import * as O from "./ops";
import { E_OP, E_STEP, E_IMM, E_RD, E_RS1, E_RS2 } from "./ops";
import {
  DCACHE, SLOT_BYTES, SLOT_HEADER, JITC_ENTRY_BITS, JITC_PAGE_FLAGS, JITC_PAGE_INDEX, JITC_WORK,
  JITC_BLOCKS, JITC_BLOCKS_MAX, JITC_JUMPS, JITC_JUMPS_MAX, JITHEAT, JITHEAT_SLOT_BYTES, JITHEAT_TOTAL, HEAT_MIN_TOTAL,
} from "./memmap";
import { decodeRun } from "./decode";

// ---- options (set by the host through jit.ts)
export let gJitFpDense = false;
/** Compile FP-dense pages too (tests check the FP path with it; normally such pages are left
 *  to the interpreter). */
export function setJitFpDense(on: u32): void { gJitFpDense = on != 0; }

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
@inline export function isFp(op: u32): bool { return op >= O.OP_FMADD_S && op <= O.OP_FMV_D_X; }
// @ts-ignore: decorator
@inline export function isFarBranch(s: u32): bool { return s >= O.OP_BEQ && s <= O.OP_BGEU; }
// @ts-ignore: decorator
@inline export function isLocalBranch(s: u32): bool {
  return (s >= O.OP_BEQ_L && s <= O.OP_BGEU_L) || s == O.OP_BEQZ_L || s == O.OP_BNEZ_L;
}
/** Ops with a target at pc + imm: branches, taken or not, and direct jumps. */
// @ts-ignore: decorator
@inline export function hasPcTarget(s: u32): bool {
  return isFarBranch(s) || isLocalBranch(s) || s == O.OP_JAL || s == O.OP_JAL_L || s == O.OP_J_L;
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
export const MAX_LINKS: u32 = 2;
export const MAX_LINKED_INSTRUCTIONS: u32 = 400;

const gPageBase = memory.data(4 * MAX_PAGES); //        u32 Wasm address of the slot's entry 0
const gPageDelta = memory.data(8 * MAX_PAGES); //       i64 bytes from the home page's address
export const gPageVersionAddr = memory.data(4 * MAX_PAGES); // u32 (linked pages) the slot's SLOT_VERSION
export const gPageVersion = memory.data(4 * MAX_PAGES); //     u32 its value when the code was copied
export const gPageFirstH = memory.data(4 * MAX_PAGES); //      u32 dispatch range: halfwords firstH..
export const gPageSize = memory.data(4 * MAX_PAGES); //        u32 .. firstH + size - 1
export const gPageKBase = memory.data(4 * MAX_PAGES); //       u32 at br_table slots kBase..
export let gPages: u32 = 0;

// @ts-ignore: decorator
@inline export function pBase(p: u32): usize { return <usize>load<u32>(gPageBase + (<usize>p << 2)); }
// @ts-ignore: decorator
@inline export function pDelta(p: u32): i64 { return load<i64>(gPageDelta + (<usize>p << 3)); }
// @ts-ignore: decorator
@inline export function pU32(field: usize, p: u32): u32 { return load<u32>(field + (<usize>p << 2)); }
// @ts-ignore: decorator
@inline export function setPU32(field: usize, p: u32, v: u32): void { store<u32>(field + (<usize>p << 2), v); }

// Per page, per halfword: flags and block index + 1 (0: no block starts there).
const F_LEADER: u8 = 1;
const F_STUB: u8 = 2;
const F_WALKED: u8 = 4; // a cold leader (a stub) whose code was followed for where it leads
// @ts-ignore: decorator
@inline function flagsAt(p: u32, off: i32): usize { return JITC_PAGE_FLAGS + (<usize>p << 11) + (<usize>off >> 1); }
// @ts-ignore: decorator
@inline function indexAt(p: u32, off: i32): usize { return JITC_PAGE_INDEX + (<usize>p << 12) + (<usize>off & ~1); }

/** Start page p of the function: the page in `slot`, at `delta` from the home page. */
function resetPage(p: u32, slot: usize, delta: i64): void {
  const base = slot + SLOT_HEADER;
  useHeat(p, slot);
  store<u32>(gPageBase + (<usize>p << 2), <u32>base);
  store<i64>(gPageDelta + (<usize>p << 3), delta);
  setPU32(gPageVersionAddr, p, 0);
  setPU32(gPageVersion, p, 0);
  memory.fill(JITC_PAGE_FLAGS + (<usize>p << 11), 0, 2048);
  memory.fill(JITC_PAGE_INDEX + (<usize>p << 12), 0, 4096);
}

/** Block index of the block starting at page offset off of page p, or -1. */
export function blockAt(p: u32, off: i32): i32 {
  if (off < 0 || off >= 4096 || (off & 1) != 0) return -1;
  return <i32>load<u16>(indexAt(p, off)) - 1;
}

// ---- heat: leave what rarely runs to the interpreter
// The interpreter counts, per halfword, the runs it starts in a page from a quarter of the way
// to the threshold on (jit.ts noteHeat): entries from elsewhere, returns, and taken jumps and
// branches within the page, and their sum. At a page's first compilation, a leader that
// started fewer than 1/HEAT_RATIO of the page's runs is cold: it becomes a stub that hands it
// to the interpreter (no miss, so no recompilation), and jumps to it leave the compiled code.
// Code a block falls into is still compiled with the block. In libgcc's FDE scan, which every
// static busybox runs at start-up, 41 and 46 instructions of its two pages run thousands of
// times per process and ~200 each once: compiling only those makes a function V8 optimizes in
// a fraction of the time. The ratio is the sum's, not the hottest leader's: a loop's outer
// code (once per block of sha256, once per step of nbody) starts a run for every few dozen of
// the inner loop's and stays compiled. After the compilation the counts of cold stubs start
// again from 0 and count the runs the stubs hand over; when one is taken STUB_HOT times, the
// page stops using its counts and is compiled again, whole (jit.ts jitStub): a later phase
// of a program gets its code compiled. Every later compilation is whole too (one after
// misses: entries found by misses would come back as cold stubs, and a page that keeps
// finding new ones would reach its compilation limit and miss for good; strings in the bench
// did). Where the home page jumps into a page it carries is
// never cold there (those runs start in the home page's code, not the carried page's). A page
// with few counts (compiled ahead of them, or under a test's threshold of 1) keeps all its
// code.
const HEAT_RATIO: u32 = 4096;
const gPageHeat = memory.data(4 * MAX_PAGES); //  u32 Wasm address of the page's counts, 0 = none used
const gPageCold = memory.data(4 * MAX_PAGES); //  u32 counts below this are cold

/** Use the execution counts of `slot` for page p when they are worth using (see above). */
function useHeat(p: u32, slot: usize): void {
  setPU32(gPageHeat, p, 0);
  const counts = heatOf(slot);
  if (load<u32>(slot, L.SLOT_COMPILES) > 1) {
    store<u32>(counts, 0, JITHEAT_TOTAL); // compiled again: whole, from now on
    return;
  }
  const total = load<u32>(counts, JITHEAT_TOTAL);
  if (total < HEAT_MIN_TOTAL) return;
  setPU32(gPageHeat, p, <u32>counts);
  setPU32(gPageCold, p, total / HEAT_RATIO + 1);
}

/** Set page p's count at `off`, if its counts are in use. */
function setHeat(p: u32, off: i32, v: u32): void {
  const counts = <usize>pU32(gPageHeat, p);
  if (counts != 0) store<u16>(counts + <usize>off, <u16>v);
}

/** Whether page p's counts show the run start at `off` to be rare. */
// @ts-ignore: decorator
@inline function isCold(p: u32, off: i32): bool {
  const counts = <usize>pU32(gPageHeat, p);
  return counts != 0 && <u32>load<u16>(counts + <usize>off) < pU32(gPageCold, p);
}

// ---- entries: read straight from the slot (they never change until the slot is wiped; the
// compiler may have the core decode more of them)
export let eOp: u32 = 0;
export let eSem: u32 = 0;
export let eLen: i32 = 0;
export let eImm: i32 = 0;
export let eRd: u32 = 0;
export let eRs1: u32 = 0;
export let eRs2: u32 = 0;

/** Whether page p has a decoded instruction at offset off (decoding its run first if
 *  `decode`); if so, loads it into e*. */
export function entry(p: u32, off: i32, decode: bool = false): bool {
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

function addLeader(p: u32, off: i32, hot: bool = false): void {
  if (off < 0 || off >= 4096 || (off & 1) != 0) return;
  const f = flagsAt(p, off);
  if ((load<u8>(f) & F_LEADER) != 0 || !entry(p, off)) return;
  if ((load<u8>(f) & F_WALKED) != 0 && !hot) return;
  // A cold one is a stub, but its code is still followed: where it jumps, the interpreter
  // running it enters the compiled code again, so those places must be blocks or stubs too
  // (else each entry would count as a miss, and misses bring the cold code back in).
  store<u8>(f, load<u8>(f) | (!hot && isCold(p, off) ? F_STUB | F_WALKED : F_LEADER));
  if (gWork < 4096) { store<u16>(JITC_WORK + (<usize>gWork << 1), <u16>off); gWork++; }
}

/** Offer page offset `off` of page p as an entry point. */
function addEntry(p: u32, off: i32, hot: bool = false): void {
  addLeader(p, off, hot);
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
export const END_INTERP: u8 = 1;
export let gBlocks: u32 = 0;
// @ts-ignore: decorator
@inline export function blk(k: u32): usize { return JITC_BLOCKS + <usize>k * 12; }

/** Make page p's blocks; returns their instructions, or -1 when there are too many blocks. */
function makeBlocks(p: u32): i32 {
  let n: i32 = 0;
  let first: i32 = -1, last: i32 = -1;
  for (let start: i32 = 0; start < 4096; start += 2) {
    const fl = load<u8>(flagsAt(p, start));
    if ((fl & (F_LEADER | F_STUB)) == 0) continue;
    if (gBlocks >= JITC_BLOCKS_MAX) return -1;
    if (first < 0) first = start;
    last = start;
    const b = blk(gBlocks);
    store<u16>(indexAt(p, start), <u16>(gBlocks + 1));
    store<u16>(b, <u16>start);
    store<u8>(b, <u8>p, 4);
    gBlocks++;
    if ((fl & F_LEADER) == 0) {
      store<u16>(b, 0, 2); store<u8>(b, END_INTERP, 5); store<i32>(b, 0, 8);
      setHeat(p, start, 0); // a stub: the core counts the runs it hands over (jit.ts jitStub)
      continue;
    }
    let count: u32 = 0;
    let off = start;
    let kind = END_FALL;
    let to: i32 = 0;
    for (;;) {
      if (!entry(p, off)) { to = off; break; }
      if (!isCompiled(eSem, eOp)) {
        if (count == 0) { kind = END_INTERP; setHeat(p, start, 0xFFFF); } // never compiled: not counted
        to = off;
        break;
      }
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
export let tDelta: i64 = 0;
export let tOff: i32 = 0;
export function targetOf(p: u32, to: i32): void {
  const pageDelta = (to >> 12) << 12; // floor to a multiple of 4096 (arithmetic shift)
  tDelta = pDelta(p) + <i64>pageDelta;
  tOff = to - pageDelta;
}

export function collectJumps(): void {
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
export const gLinkDelta = memory.data(8 * MAX_LINKS);
export let gLinkDeltas: u32 = 0;
export function chooseDeltas(): void {
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
@inline export function slotNumber(slot: usize): u32 { return <u32>((slot - DCACHE) / <usize>SLOT_BYTES); }
// @ts-ignore: decorator
@inline function entryBits(slot: usize): usize { return JITC_ENTRY_BITS + (<usize>slotNumber(slot) << 8); }
/** The execution counts of a slot's page (memmap.ts JITHEAT; "Heat" above). */
// @ts-ignore: decorator
@inline export function heatOf(slot: usize): usize { return JITHEAT + <usize>slotNumber(slot) * <usize>JITHEAT_SLOT_BYTES; }

export function clearEntries(slot: usize): void { memory.fill(entryBits(slot), 0, 256); }

function noteEntryBit(slot: usize, off: u32): void {
  if (off >= 4096 || (off & 1) != 0) return;
  const a = entryBits(slot) + (<usize>off >> 4);
  store<u8>(a, <u8>(<u32>load<u8>(a) | (1 << ((off >> 1) & 7))));
}

/** Add the slot's miss list to its entry bitmap. `missed`: the slot has compiled code, so the
 *  list holds the offsets it missed since; those run now, whatever the slot's counts say, and
 *  are made hot there (else a later phase's entries would come back as cold stubs). */
export function addListed(slot: usize, missed: bool): void {
  const n = min(load<u32>(slot, L.SLOT_MISS_LISTED), <u32>L.JIT_MISS_MAX);
  const counts = heatOf(slot);
  for (let i: u32 = 0; i < n; i++) {
    const off = <u32>load<u16>(slot + L.SLOT_MISS_LIST + (<usize>i << 1));
    noteEntryBit(slot, off);
    if (missed && off < 4096) store<u16>(counts + (<usize>off & 0xFFE), 0xFFFF);
  }
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
export function analyzeHome(slot: usize): i32 {
  gPages = 1;
  gBlocks = 0;
  gWork = 0;
  resetPage(0, slot, 0);
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
export function fetchSlot(va: u64): usize {
  const vpn = va >> 12;
  const e = <usize>L.JIT_TLB_F + (<usize>(vpn & <u64>L.JIT_TLB_F_MASK) << 4);
  if (load<u64>(e) != vpn) return 0;
  return <usize>load<u32>(e, 8) - SLOT_HEADER;
}


/**
 * Add the page in slot `other`, at `delta` from the home page, to the function as a linked
 * page: all of its run starts if that is small enough (MAX_LINKED_INSTRUCTIONS), else only
 * what the home page's jumps into it and its own entries reach. Returns its instructions, or
 * 0 when it is not added (already a page of the function, nothing to compile, too big).
 */
export function linkPage(other: usize, delta: i64): i32 {
  for (let p: u32 = 0; p < gPages; p++) if (pDelta(p) == delta || pBase(p) == other + SLOT_HEADER) return 0;
  const p = gPages;
  addListed(other, true); // its own entries: missed since its last compilation, and before
  for (let all = 1; all >= 0; all--) {
    const mark = gBlocks;
    resetPage(p, other, delta);
    gWork = 0;
    for (let j: u32 = 0; j < gJumps; j++) {
      const a = JITC_JUMPS + (<usize>j << 4);
      if (load<i64>(a) == delta) addEntry(p, load<i32>(a, 8), true);
    }
    addEntryBits(p, other);
    if (all == 1) addRunStarts(p);
    closeLeaders(p);
    if (leaderCount(p) == 0) return 0;
    const m = makeBlocks(p);
    if (m > 0 && <u32>m <= MAX_LINKED_INSTRUCTIONS) {
      setPU32(gPageVersionAddr, p, <u32>(other + L.SLOT_VERSION));
      setPU32(gPageVersion, p, load<u32>(other, L.SLOT_VERSION));
      gPages++;
      return m;
    }
    // roll back this page's blocks
    for (let k = mark; k < gBlocks; k++) store<u16>(indexAt(p, <i32>load<u16>(blk(k))), 0);
    gBlocks = mark;
  }
  return 0;
}

/** Analyze the slot's page as page 0 with its run starts as its entries, and record them in
 *  its entry bitmap (a page compiled ahead: nothing listed its entries yet). */
export function analyzeWithRunStarts(slot: usize): i32 {
  gPages = 1;
  gBlocks = 0;
  gWork = 0;
  resetPage(0, slot, 0);
  addRunStarts(0);
  for (let off: i32 = 0; off < 4096; off += 2) {
    if ((load<u8>(flagsAt(0, off)) & (F_LEADER | F_STUB)) != 0) noteEntryBit(slot, <u32>off);
  }
  return analyzeHome(slot);
}
