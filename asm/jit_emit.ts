// The page compiler's code generation (jit_compile.ts has the overview): the Wasm function for
// the pages and blocks jit_pages.ts made, the $leave helper, and the module around them,
// written into the JITC region (memmap.ts) for the host to instantiate.
import * as L from "./layout";
import * as O from "./ops";
import {
  JITC_TABLE, JITC_BODY, JITC_BODY_CAP, JITC_LEAVE, JITC_MODULE, JITC_MODULE_CAP, JITC_MAP_STAGE, JITMAP_ENTRIES,
  JITC_ORDER, JITC_ORDER_BLOCK, JITC_ORDER_STACK,
} from "./memmap";
import * as W from "./jit_wasm";
import { I32, I64, LABEL_EXIT, LABEL_DISPATCH, LABEL_NONE, LABEL_NONE_LINKED } from "./jit_wasm";
import {
  isFp, isFarBranch, isLocalBranch, hasPcTarget, gPageVersionAddr, gPageVersion, gPageFirstH, gPageSize, gPageKBase, gPages,
  pBase, pDelta, pU32, setPU32, blockAt, eOp, eSem, eLen, eImm, eRd, eRs1, eRs2, entry, END_INTERP, gBlocks, blk,
  tDelta, tOff, targetOf,
} from "./jit_pages";


// Function indices: imports first (jit.ts exports), then the page function, $leave and the
// slow-path wrappers $ld and $st, which throw the trap tag (tag 0, imported) at a fault.
const F_LOAD: u32 = 0, F_STORE: u32 = 1, F_MULDIV: u32 = 2, F_FP: u32 = 3, F_LEAVE: u32 = 5, F_LD: u32 = 6, F_ST: u32 = 7;
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
/** Push the budget left if the instruction `left` instructions before the block's end traps
 *  (it and the ones after it refunded). */
function budgetAt(left: i32): void {
  W.get(P_REM); W.i32c(left); W.op(W.W_I32_ADD);
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
/** Block k's position in the function's layout (orderBlocks). */
// @ts-ignore: decorator
@inline function posOf(k: u32): u32 { return <u32>load<u16>(JITC_ORDER + (<usize>k << 1)); }
/** The block laid out at position q. */
// @ts-ignore: decorator
@inline function blockAtPos(q: u32): u32 { return <u32>load<u16>(JITC_ORDER_BLOCK + (<usize>q << 1)); }
/** Branch to block k from block i (laid out after it: a br; else through the dispatch table). */
function toBlock(i: u32, k: u32): void {
  if (posOf(k) > posOf(i)) { W.br(<i32>k); return; }
  W.i32c(<i32>slotOfBlock(k)); W.set(lH); W.br(LABEL_DISPATCH);
}
/** The page of the function at `delta`, or -1. */
function pageOfDelta(delta: i64): i32 {
  for (let p: u32 = 0; p < gPages; p++) if (pDelta(p) == delta) return <i32>p;
  return -1;
}
/** The page of this function the last blockOfTarget's target is in, or -1. */
let gTargetPage: i32 = -1;
/** The block of this function a jump from page p to its offset `to` reaches, or -1. */
function blockOfTarget(p: u32, to: i32): i32 {
  targetOf(p, to);
  gTargetPage = pageOfDelta(tDelta);
  return gTargetPage < 0 ? -1 : blockAt(<u32>gTargetPage, tOff);
}

/**
 * Lay the blocks out in reverse postorder of their direct jumps (taken conditional branches,
 * jal, falling through), searching depth first from each block in address order: every such
 * jump then goes forward, a Wasm `br` to a block that encloses it, unless it closes a loop.
 * Wasm branches backward only to an enclosing `loop`, and the function's one loop is its
 * dispatch: in address order, 9,385 of the FDE scan's 17,308 dispatches per fork+exec+wait
 * were jumps to a known earlier block.
 */
function orderBlocks(): void {
  const n = gBlocks;
  memory.fill(JITC_ORDER, 0xff, <usize>n << 1); // 0xffff: not reached yet
  let finished: u32 = 0;
  for (let root: u32 = 0; root < n; root++) {
    if (posOf(root) != 0xffff) continue;
    let sp: u32 = 0;
    let k = <i32>root;
    while (true) {
      if (k >= 0) {
        // enter block k: reached, not finished (0xfffe)
        store<u16>(JITC_ORDER + (<usize>k << 1), 0xfffe);
        const f = JITC_ORDER_STACK + (<usize>sp << 3);
        store<u16>(f, <u16>k);
        store<u16>(f, 0, 2);
        store<i32>(f, <i32>load<u16>(blk(<u32>k)), 4);
        sp++;
      }
      if (sp == 0) break;
      // the next successor of the block on top not reached yet, or finish it
      const f = JITC_ORDER_STACK + (<usize>(sp - 1) << 3);
      const i = <u32>load<u16>(f);
      const b = blk(i);
      const p = <u32>load<u8>(b, 4);
      const count: u32 = load<u8>(b, 5) == END_INTERP ? 0 : <u32>load<u16>(b, 2);
      let j = <u32>load<u16>(f, 2);
      let off = load<i32>(f, 4);
      k = -1;
      while (k < 0 && j <= count) {
        if (j < count) {
          entry(p, off);
          const s = eSem;
          const at = off;
          off += eLen;
          if (hasPcTarget(s)) k = blockOfTarget(p, at + eImm);
        } else {
          const to = load<i32>(b, 8);
          if (count > 0 && to >= 0) k = blockAt(p, to);
        }
        j++;
        if (k >= 0 && posOf(<u32>k) != 0xffff) k = -1; // reached already
      }
      store<u16>(f, <u16>j, 2);
      store<i32>(f, off, 4);
      if (k >= 0) continue;
      store<u16>(JITC_ORDER + (<usize>i << 1), <u16>finished);
      finished++;
      sp--;
    }
  }
  for (let k: u32 = 0; k < n; k++) {
    const pos = n - 1 - posOf(k);
    store<u16>(JITC_ORDER + (<usize>k << 1), <u16>pos);
    store<u16>(JITC_ORDER_BLOCK + (<usize>pos << 1), <u16>k);
  }
}

/** Control from block i (of page p) to page offset `to` of p, `to` in or out of p. */
function goTo(i: u32, p: u32, to: i32): void {
  const k = blockOfTarget(p, to);
  const tp = gTargetPage;
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
  // A fault throws (no branch here: one per load made V8's optimizing compile a quarter
  // longer): pc = this instruction, which did not retire, and the budget left with it and
  // the rest of the block refunded.
  W.get(lVa); W.i32c(<i32>size); addr(p, off); budgetAt(left); W.call(F_LD);
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
  // A fault throws as a load's does; nonzero: stored, and cached code was dropped: continue
  // after it.
  W.get(lVa); readReg(rs2); W.i32c(<i32>size); addr(p, off); budgetAt(left); W.call(F_ST);
  W.ifOf();
  refund(left - 1);
  exitAt(p, off + len);
  W.end();
  W.end();
}

/** Bytes of the dispatch map the last emitModule staged at JITC_MAP_STAGE (0: none; the
 *  function dispatches with a br_table over every slot). */
export let gMapBytes: u32 = 0;

/** Write the function for the pages and blocks made, and the module around it, at
 *  JITC_MODULE; returns its length, or 0 when it did not fit. `mapAt`: where the function's
 *  dispatch map will be (the caller copies it there from JITC_MAP_STAGE once the function is
 *  installed, so a failed compilation leaves the slot's earlier map to its earlier code). */
export function emitModule(mapAt: usize): u32 {
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
  orderBlocks();
  for (let q = <i32>gBlocks - 1; q >= 0; q--) W.block(<i32>blockAtPos(<u32>q));
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
  if (gKEnd + 1 <= JITMAP_ENTRIES) { // block numbers fit a u16: at most JITC_BLOCKS_MAX
    // Through the map: slot -> block (gBlocks: $none, gBlocks + 1: $noneLinked), then a
    // br_table with a case per block. V8 builds a case per br_table entry; with one per slot
    // (thousands, mostly $none) its optimizing compile took a quarter longer.
    for (let k: u32 = 0; k <= gKEnd; k++) {
      const label = k == gKEnd ? LABEL_NONE : load<i32>(table + (<usize>k << 2));
      const dense = label >= 0 ? <u32>label : label == LABEL_NONE ? gBlocks : gBlocks + 1;
      store<u16>(JITC_MAP_STAGE + (<usize>k << 1), <u16>dense);
    }
    gMapBytes = (gKEnd + 1) << 1;
    W.get(lH); W.i32c(1); W.op(W.W_I32_SHL); W.mem(W.W_I32_LOAD16_U, <u32>mapAt);
    W.byte(W.W_BR_TABLE);
    W.uleb(gBlocks + 2);
    for (let k: u32 = 0; k < gBlocks; k++) W.uleb(W.depth(<i32>k));
    W.uleb(W.depth(LABEL_NONE));
    W.uleb(W.depth(LABEL_NONE_LINKED));
    W.uleb(W.depth(LABEL_NONE));
  } else {
    gMapBytes = 0;
    W.get(lH);
    W.byte(W.W_BR_TABLE);
    W.uleb(gKEnd);
    for (let k: u32 = 0; k < gKEnd; k++) W.uleb(W.depth(load<i32>(table + (<usize>k << 2))));
    W.uleb(W.depth(LABEL_NONE));
  }
  W.end();
  // $none: no block starts at va in the home page: the core interprets from there (a miss).
  W.i32c(0); W.i32c(L.JIT_EXIT_MISS); W.mem(W.W_I32_STORE, <u32>L.JIT_STATUS);
  W.i32c(0); W.get(lVa); W.mem(W.W_I64_STORE, <u32>L.STATE_BASE + <u32>L.HART_PC);
  W.get(P_REM); W.op(W.W_RETURN);
  W.end();
  // $noneLinked: nor in a linked page: leave there (that page's own code may have the entry).
  W.br(LABEL_EXIT);

  for (let q: u32 = 0; q < gBlocks; q++) {
    W.end(); // L(i): its code follows
    const i = blockAtPos(q);
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
      if (k < 0 || posOf(<u32>k) != q + 1) goTo(i, p, to);
    }
  }
  W.end(); // loop: every block ends in a branch, so falling out is a compiler bug
  W.op(W.W_UNREACHABLE);
  W.end(); // $exit: leave with pc = va (one call site for the whole page)
  W.get(lVa); W.get(P_REM); W.get(P_PAGE); W.byte(W.W_RETURN_CALL); W.uleb(F_LEAVE);
  if (W.outOverflowed()) return 0;
  const bodyLen = W.outLength();
  const fEntry = W.bodyEntrySize(bodyLen);
  const helpersLen = helperEntries();
  if (helpersLen == 0) return 0;

  // ---- the module: header and sections (all constant but the code section)
  W.outTo(JITC_MODULE, JITC_MODULE_CAP);
  moduleHead();
  W.byte(10); // code section
  W.uleb(W.ulebLength(4) + fEntry + helpersLen);
  W.uleb(4);
  W.localsReset(3); // the page function's locals, as declared above
  W.local(I64); W.local(I32); W.local(I32);
  for (let r: u32 = 0; r < 64; r++) if (load<u32>(gRegLocal + (<usize>r << 2)) != 0) W.local(I64);
  W.encodeBody(JITC_BODY, bodyLen);
  W.copyIn(JITC_LEAVE, helpersLen);
  if (W.outOverflowed()) return 0;
  return W.outLength();
}

/** The helpers' code-section entries at JITC_LEAVE (the same for every page); their length.
 *  $leave(pc, rem, pageVA): if pc is in another page whose code is compiled (its fetch-TLB
 *  entry names a slot with code), go straight there (a tail call) instead of back through the
 *  core; else HART_PC = pc and return the budget left. Exits the core must see (uncompiled
 *  ops, misses, an illegal FP rounding mode) do not come here (trapAt, stopAt); a store that
 *  dropped cached code does, but dropping code flushes the fetch TLB, so it finds no entry.
 *  $ld(va, size, pc, left) and $st(va, value, size, pc, left): the slow paths jitLoad and
 *  jitStore; at a fault they set HART_PC = pc and JIT_TRAP_LEFT = left and throw the trap tag,
 *  which unwinds the page's code and the core's run() (jitTrapEnd finishes it). */
let gHelpersLen: u32 = 0;
function helperEntries(): u32 {
  if (gHelpersLen != 0) return gHelpersLen;
  const code = JITC_LEAVE + 0x200; // each one's instructions, then its entry below them
  let at: u32 = 0;
  for (let h = 0; h < 3; h++) {
    W.outTo(code, 0x200);
    W.labelsReset();
    if (h == 0) leaveCode();
    else if (h == 1) ldCode();
    else stCode();
    if (W.outOverflowed()) return 0;
    const codeLen = W.outLength();
    W.outTo(JITC_LEAVE + <usize>at, 0x200 - at);
    W.encodeBody(code, codeLen);
    if (W.outOverflowed()) return 0;
    at += W.outLength();
  }
  gHelpersLen = at;
  return at;
}
function leaveCode(): void {
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
}
/** At a fault: HART_PC = local `pc`, JIT_TRAP_LEFT = local `left`, throw. */
function throwTrap(pc: u32, left: u32): void {
  W.i32c(0); W.get(pc); W.mem(W.W_I64_STORE, <u32>L.STATE_BASE + <u32>L.HART_PC);
  W.i32c(0); W.get(left); W.mem(W.W_I32_STORE, <u32>L.JIT_TRAP_LEFT);
  W.byte(W.W_THROW); W.uleb(0);
}
function ldCode(): void { // (va i64, size i32, pc i64, left i32) -> i64
  W.localsReset(4);
  W.get(0); W.get(1); W.call(F_LOAD);
  W.i32c(0); W.mem(W.W_I32_LOAD, <u32>L.JIT_STATUS); W.ifOf();
  throwTrap(2, 3);
  W.end();
}
function stCode(): void { // (va i64, value i64, size i32, pc i64, left i32) -> i32: 0, or 2 (code dropped)
  W.localsReset(5);
  const r = W.local(I32);
  W.get(0); W.get(1); W.get(2); W.call(F_STORE); W.tee(r);
  W.i32c(1); W.op(W.W_I32_EQ); W.ifOf();
  throwTrap(3, 4);
  W.end();
  W.get(r);
}

/** Magic, version, and the type, import, function and export sections: the page function
 *  (type 0), $leave (type 5), $ld (type 7) and $st (type 8) importing the core's memory, its
 *  function table, the slow paths jitLoad, jitStore, jitMulDiv, jitFp (asm/jit.ts) and the JIT
 *  tier's trap tag (type 6), exporting the first as "f". */
function moduleHead(): void {
  W.byte(0x00); W.byte(0x61); W.byte(0x73); W.byte(0x6d); W.byte(0x01); W.byte(0x00); W.byte(0x00); W.byte(0x00);
  for (let id: u32 = 1; id <= 7; id++) {
    if (id == 4 || id == 5 || id == 6) continue;
    W.byte(id);
    const at = W.outLength();
    W.byte(0); // its size, below 128 for every section here: patched below
    if (id == 1) typeSection();
    else if (id == 2) importSection();
    else if (id == 3) { W.uleb(4); W.uleb(0); W.uleb(5); W.uleb(7); W.uleb(8); } // the page function, $leave, $ld, $st
    else { W.uleb(1); W.name("f"); W.byte(0x00); W.uleb(4); } // export the page function as "f"
    store<u8>(JITC_MODULE + <usize>at, <u8>(W.outLength() - at - 1));
  }
}

function typeSection(): void {
  W.uleb(9);
  fnType3(I64, I32, I32, I32); //   the page function
  W.byte(0x60); W.uleb(2); W.byte(I64); W.byte(I32); W.uleb(1); W.byte(I64); // jitLoad(va, size)
  fnType3(I64, I64, I32, I32); //   jitStore(va, value, size)
  fnType3(I32, I64, I64, I64); //   jitMulDiv(k, a, b)
  W.byte(0x60); W.uleb(1); W.byte(I32); W.uleb(1); W.byte(I32); // jitFp(entry)
  fnType3(I64, I32, I64, I32); //   leave(pc, budget left, pageVA)
  W.byte(0x60); W.uleb(0); W.uleb(0); // the trap tag's
  W.byte(0x60); W.uleb(4); W.byte(I64); W.byte(I32); W.byte(I64); W.byte(I32); W.uleb(1); W.byte(I64); // $ld
  W.byte(0x60); W.uleb(5); W.byte(I64); W.byte(I64); W.byte(I32); W.byte(I64); W.byte(I32); W.uleb(1); W.byte(I32); // $st
}
function fnType3(a: u32, b: u32, c: u32, r: u32): void {
  W.byte(0x60); W.uleb(3); W.byte(a); W.byte(b); W.byte(c); W.uleb(1); W.byte(r);
}
function importSection(): void {
  W.uleb(7);
  W.name("env"); W.name("memory"); W.byte(0x02); W.byte(0x00); W.uleb(1); // memory, min 1 page, no max
  W.name("env"); W.name("table"); W.byte(0x01); W.byte(0x70); W.byte(0x00); W.uleb(1); // funcref table, min 1
  W.name("env"); W.name("jitLoad"); W.byte(0x00); W.uleb(1);
  W.name("env"); W.name("jitStore"); W.byte(0x00); W.uleb(2);
  W.name("env"); W.name("jitMulDiv"); W.byte(0x00); W.uleb(3);
  W.name("env"); W.name("jitFp"); W.byte(0x00); W.uleb(4);
  W.name("env"); W.name("trap"); W.byte(0x04); W.byte(0x00); W.uleb(6); // tag 0
}

