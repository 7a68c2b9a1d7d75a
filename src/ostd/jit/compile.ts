// The page compiler: the decoded entries of one guest physical page (the core's decoded
// cache, asm/ops.ts) -> a Wasm function f(pageVA, entryOffset, budgetLeft) -> budgetLeft.
//
// Shape of the function (docs/jit.md):
//   prologue: the guest x registers it uses -> Wasm locals
//   block $exit
//     loop $dispatch                    ;; br_table on (offset / 2): a block label, or $miss
//       block $L(n-1) ... block $L0 block $miss br_table end  <miss: exit MISS>
//       end $L0  <code of block 0>
//       end $L1  <code of block 1> ...
//   end $exit
//   epilogue: HART_PC = pc; written registers -> state block; return budget left
// A block starts at a leader (an entry point: a local branch target, the instruction after
// a branch, jump or uncompiled op, or an offset the core was entered at) and runs to the next
// control transfer or leader. It charges its whole length against the budget on entry, or
// leaves with pc = its start when the budget left is smaller (the interpreter then retires
// exactly what is left), and refunds the instructions not retired when it leaves early (a
// trap: pc = the trapping instruction; a store that dropped cached code: pc = the next one).
// Forward branches to a block are direct `br`s; backward ones go through $dispatch.
import * as L from "../../../asm/layout.js";
import * as O from "./ops.js";
import { FuncBody, I32, I64, Op, moduleBytes, type FuncType, type FuncImport } from "./wasm.js";

// Semantics keys by op id: the plain op for RVC twins (_C) and for fused pairs (their first
// half; the second half is the next entry, which keeps its own op).
const SEM: string[] = [];
for (const [name, value] of Object.entries(O)) {
  if (!name.startsWith("OP_") || typeof value !== "number") continue;
  if (name === "OP_COUNT" || name === "OP_FUSED_BASE" || name === "OP_FUSED_END") continue;
  let s = name.slice(3);
  if (s.startsWith("F_")) s = s.slice(2, s.indexOf("__"));
  if (s.endsWith("_C")) s = s.slice(0, -2);
  SEM[value] = s;
}

const ENTRY_BYTES = 8; // entry address = page base + 8 * page offset (entries are 16 bytes per halfword)
const BRANCHES: Record<string, number> = { BEQ: Op.i64Eq, BNE: Op.i64Ne, BLT: Op.i64LtS, BGE: Op.i64GeS, BLTU: Op.i64LtU, BGEU: Op.i64GeU };
const LOADS: Record<string, [number, number]> = { // op -> [size, i64 load opcode]
  LB: [1, Op.i64Load8S], LH: [2, Op.i64Load16S], LW: [4, Op.i64Load32S], LD: [8, Op.i64Load],
  LBU: [1, Op.i64Load8U], LHU: [2, Op.i64Load16U], LWU: [4, Op.i64Load32U], FLW: [4, Op.i64Load32U], FLD: [8, Op.i64Load],
};
const STORES: Record<string, [number, number]> = {
  SB: [1, Op.i64Store8], SH: [2, Op.i64Store16], SW: [4, Op.i64Store32], SD: [8, Op.i64Store],
  FSW: [4, Op.i64Store32], FSD: [8, Op.i64Store],
};
const ALU_I: Record<string, number> = { ADDI: Op.i64Add, XORI: Op.i64Xor, ORI: Op.i64Or, ANDI: Op.i64And, SLLI: Op.i64Shl, SRLI: Op.i64ShrU, SRAI: Op.i64ShrS };
const ALU_R: Record<string, number> = { ADD: Op.i64Add, SUB: Op.i64Sub, XOR: Op.i64Xor, OR: Op.i64Or, AND: Op.i64And, MUL: Op.i64Mul };
const SHIFT_R: Record<string, number> = { SLL: Op.i64Shl, SRL: Op.i64ShrU, SRA: Op.i64ShrS };
const MULDIV: Record<string, number> = { MULH: 0, MULHSU: 1, MULHU: 2, DIV: 3, DIVU: 4, REM: 5, REMU: 6, DIVW: 7, DIVUW: 8, REMW: 9, REMUW: 10 };
const PLAIN = new Set([
  "NOP", "LI", "MV", "AUIPC", "SLTI", "SLTIU", "SLT", "SLTU", "ADDIW", "SLLIW", "SRLIW", "SRAIW",
  "ADDW", "SUBW", "SLLW", "SRLW", "SRAW", "MULW",
  ...Object.keys(ALU_I), ...Object.keys(ALU_R), ...Object.keys(SHIFT_R), ...Object.keys(MULDIV),
  ...Object.keys(LOADS), ...Object.keys(STORES),
]);
const LOCAL_BRANCH = new Set(["BEQ_L", "BNE_L", "BLT_L", "BGE_L", "BLTU_L", "BGEU_L", "BEQZ_L", "BNEZ_L"]);
const FAR_BRANCH = new Set(Object.keys(BRANCHES));

// Function indices: imports first (asm/jit.ts exports), then the page function.
const F_LOAD = 0, F_STORE = 1, F_MULDIV = 2;
const TYPES: FuncType[] = [
  { params: [I64, I32, I32], results: [I32] }, // the page function
  { params: [I64, I32], results: [I64] }, //      jitLoad(va, size)
  { params: [I64, I64, I32], results: [I32] }, // jitStore(va, value, size)
  { params: [I32, I64, I64], results: [I64] }, // jitMulDiv(k, a, b)
];
const IMPORTS: FuncImport[] = [
  { module: "env", name: "jitLoad", type: 1 },
  { module: "env", name: "jitStore", type: 2 },
  { module: "env", name: "jitMulDiv", type: 3 },
];

interface Entry { op: number; sem: string; len: number; imm: number; rd: number; rs1: number; rs2: number }

/** How a block ends. */
type End =
  | { kind: "fall"; to: number } // falls into the instruction at page offset `to`
  | { kind: "interp" }; //          the block is an uncompiled op: leave it to the interpreter

interface Block { start: number; insns: number[]; end: End }

export interface CompiledPage {
  bytes: Uint8Array;
  blocks: number;
  instructions: number;
}

/** Whether an op is compiled (else the interpreter runs it). */
function compiled(sem: string): boolean {
  return PLAIN.has(sem) || LOCAL_BRANCH.has(sem) || FAR_BRANCH.has(sem) ||
    sem === "JAL" || sem === "JAL_L" || sem === "J_L" || sem === "JALR";
}

/** Ops after which control does not fall through to the next instruction. */
function jumps(sem: string): boolean {
  return sem === "JAL" || sem === "JAL_L" || sem === "J_L" || sem === "JALR";
}

/**
 * Compile the page whose decoded entries start at Wasm address `base` (the slot's entry 0),
 * entering at the offsets in `entries` (and every offset control reaches inside the page).
 * Returns null when nothing there is worth compiling.
 */
export function compilePage(mem: DataView, base: number, entries: Iterable<number>): CompiledPage | null {
  const cache = new Map<number, Entry | null>();
  const entry = (off: number): Entry | null => {
    if (off < 0 || off >= 4096 || (off & 1) !== 0) return null;
    let e = cache.get(off);
    if (e !== undefined) return e;
    const a = base + off * ENTRY_BYTES;
    const op = mem.getUint8(a + O.E_OP);
    if (op <= O.OP_STRADDLE) e = null; // not decoded (or a straddling instruction)
    else {
      e = {
        op, sem: SEM[op] ?? "?", len: mem.getUint8(a + O.E_STEP) >> 3, imm: mem.getInt32(a + O.E_IMM, true),
        rd: mem.getUint16(a + O.E_RD, true), rs1: mem.getUint16(a + O.E_RS1, true), rs2: mem.getUint16(a + O.E_RS2, true),
      };
    }
    cache.set(off, e);
    return e;
  };

  // ---- leaders: a fixpoint over the entry points and everything they reach in the page
  const leaders = new Set<number>();
  const work: number[] = [];
  const addLeader = (off: number): void => {
    if (leaders.has(off) || entry(off) === null) return;
    leaders.add(off);
    work.push(off);
  };
  for (const off of entries) addLeader(off);
  while (work.length > 0) {
    let off = work.pop()!;
    for (;;) {
      const e = entry(off);
      if (e === null) break;
      if (!compiled(e.sem)) { addLeader(off); addLeader(off + e.len); break; }
      if (LOCAL_BRANCH.has(e.sem) || e.sem === "JAL_L" || e.sem === "J_L") addLeader(off + e.imm);
      if (LOCAL_BRANCH.has(e.sem) || FAR_BRANCH.has(e.sem) || jumps(e.sem)) { addLeader(off + e.len); break; }
      off += e.len;
    }
  }
  if (leaders.size === 0) return null;

  // ---- blocks, in page order
  const starts = [...leaders].sort((a, b) => a - b);
  const index = new Map<number, number>();
  starts.forEach((s, i) => index.set(s, i));
  const blocks: Block[] = [];
  let instructions = 0;
  for (const start of starts) {
    const insns: number[] = [];
    let off = start;
    let end: End;
    for (;;) {
      const e = entry(off);
      if (e === null) { end = { kind: "fall", to: off }; break; }
      if (!compiled(e.sem)) { end = insns.length === 0 ? { kind: "interp" } : { kind: "fall", to: off }; break; }
      if (insns.length > 0 && leaders.has(off)) { end = { kind: "fall", to: off }; break; }
      insns.push(off);
      if (LOCAL_BRANCH.has(e.sem) || FAR_BRANCH.has(e.sem)) { end = { kind: "fall", to: off + e.len }; break; }
      if (jumps(e.sem)) { end = { kind: "fall", to: -1 }; break; } // never falls through
      off += e.len;
    }
    instructions += insns.length;
    blocks.push({ start, insns, end });
  }
  if (instructions === 0) return null;

  // ---- registers: x1..x31 used anywhere live in locals
  const used = new Set<number>();
  const written = new Set<number>();
  const isX = (r: number): boolean => r > 0 && r < 256;
  for (const b of blocks) {
    for (const off of b.insns) {
      const e = entry(off)!;
      if (isX(e.rs1)) used.add(e.rs1);
      if (isX(e.rs2)) used.add(e.rs2);
      if (isX(e.rd)) { used.add(e.rd); written.add(e.rd); } // stores and branches have rd 0
    }
  }

  const f = new FuncBody(3);
  const P_PAGE = 0, P_OFF = 1, P_REM = 2;
  const pc = f.local(I64), va = f.local(I64), tmp = f.local(I64), t = f.local(I32), r = f.local(I32);
  const xl = new Map<number, number>();
  for (const reg of [...used].sort((a, b) => a - b)) xl.set(reg, f.local(I64));

  // Register access: x0 reads 0, x regs are locals, f regs stay in the state block.
  const readReg = (off: number): void => {
    if (off === 0) f.i64(0);
    else if (xl.has(off)) f.get(xl.get(off)!);
    else f.i32(0).mem(Op.i64Load, L.STATE_BASE + off);
  };
  /** Write the i64 on the stack to register `off` (dropped for x0). */
  const writeReg = (off: number): void => {
    if (off === L.JIT_X0_SINK) f.op(Op.drop);
    else if (xl.has(off)) f.set(xl.get(off)!);
    else { f.set(tmp).i32(0).get(tmp).mem(Op.i64Store, L.STATE_BASE + off); }
  };
  const setPc = (off: number): void => { f.get(P_PAGE).i64(off).op(Op.i64Add).set(pc); };
  const exitAt = (off: number): void => { setPc(off); f.br("exit"); };
  const refund = (n: number): void => { if (n !== 0) f.get(P_REM).i32(n).op(Op.i32Add).set(P_REM); };
  const status = (s: number): void => { f.i32(0).i32(s).mem(Op.i32Store, L.JIT_STATUS); };
  /** Control to page offset `to` from block i (a leader: branch; else leave with pc = to). */
  const goTo = (i: number, to: number): void => {
    const k = index.get(to);
    if (k === undefined) { exitAt(to); return; }
    if (k > i) { f.br(`L${k}`); return; }
    f.i32(to).set(P_OFF).br("dispatch");
  };

  // prologue
  for (const [reg, loc] of xl) f.i32(0).mem(Op.i64Load, L.STATE_BASE + reg).set(loc);
  f.block("exit").loop("dispatch");
  for (let k = blocks.length - 1; k >= 0; k--) f.block(`L${k}`);
  f.block("miss");
  const table: string[] = [];
  for (let h = 0; h < 2048; h++) {
    const k = index.get(h * 2);
    table.push(k === undefined ? "miss" : `L${k}`);
  }
  f.get(P_OFF).i32(1).op(Op.i32ShrU).brTable(table, "miss");
  f.end();
  status(L.JIT_EXIT_MISS);
  f.get(P_PAGE).get(P_OFF).op(Op.i64ExtendI32U).op(Op.i64Add).set(pc).br("exit");

  blocks.forEach((b, i) => {
    f.end(); // L(i): its code follows
    if (b.end.kind === "interp") { status(L.JIT_EXIT_INTERP); exitAt(b.start); return; }
    const n = b.insns.length;
    // budget: charge the block, or leave before it
    f.get(P_REM).i32(n).op(Op.i32LtU).if();
    exitAt(b.start);
    f.end();
    f.get(P_REM).i32(n).op(Op.i32Sub).set(P_REM);
    b.insns.forEach((off, j) => {
      const e = entry(off)!;
      emitInsn(i, off, e, n - j);
    });
    if (b.end.kind === "fall" && b.end.to >= 0) {
      const k = index.get(b.end.to);
      if (k !== i + 1) goTo(i, b.end.to);
    }
  });
  f.end(); // loop: every block ends in a branch, so falling out is a compiler bug
  f.op(Op.unreachable);
  f.end(); // exit
  // epilogue
  f.i32(0).get(pc).mem(Op.i64Store, L.STATE_BASE + L.HART_PC);
  for (const reg of written) f.i32(0).get(xl.get(reg)!).mem(Op.i64Store, L.STATE_BASE + reg);
  f.get(P_REM);

  /** One instruction at page offset `off` of block i; `left` = it and the ones after it in
   *  the block (the refund if it traps). */
  function emitInsn(i: number, off: number, e: Entry, left: number): void {
    const s = e.sem;
    const binI = (op: number): void => { readReg(e.rs1); f.i64(e.imm).op(op); writeReg(e.rd); };
    const binR = (op: number): void => { readReg(e.rs1); readReg(e.rs2); f.op(op); writeReg(e.rd); };
    if (s in ALU_I) { binI(ALU_I[s]); return; }
    if (s in ALU_R) { binR(ALU_R[s]); return; }
    if (s in SHIFT_R) { readReg(e.rs1); readReg(e.rs2); f.i64(63).op(Op.i64And).op(SHIFT_R[s]); writeReg(e.rd); return; }
    if (s in MULDIV) { f.i32(MULDIV[s]); readReg(e.rs1); readReg(e.rs2); f.call(F_MULDIV); writeReg(e.rd); return; }
    if (s in LOADS) { emitLoad(off, e, left, LOADS[s]); return; }
    if (s in STORES) { emitStore(off, e, left, STORES[s]); return; }
    if (s in BRANCHES) { // far target: leave the page
      readReg(e.rs1); readReg(e.rs2); f.op(BRANCHES[s]).if();
      exitAt(off + e.imm);
      f.end();
      return;
    }
    if (LOCAL_BRANCH.has(s)) {
      if (s === "BEQZ_L") { readReg(e.rs1); f.op(Op.i64Eqz); }
      else if (s === "BNEZ_L") { readReg(e.rs1); f.op(Op.i64Eqz).op(Op.i32Eqz); }
      else { readReg(e.rs1); readReg(e.rs2); f.op(BRANCHES[s.slice(0, -2)]); }
      f.if();
      goTo(i, off + e.imm);
      f.end();
      return;
    }
    switch (s) {
      case "NOP": return;
      case "LI": f.i64(e.imm); writeReg(e.rd); return;
      case "MV": readReg(e.rs1); writeReg(e.rd); return;
      case "AUIPC": f.get(P_PAGE).i64(off + e.imm).op(Op.i64Add); writeReg(e.rd); return;
      case "SLTI": readReg(e.rs1); f.i64(e.imm).op(Op.i64LtS).op(Op.i64ExtendI32U); writeReg(e.rd); return;
      case "SLTIU": readReg(e.rs1); f.i64(e.imm).op(Op.i64LtU).op(Op.i64ExtendI32U); writeReg(e.rd); return;
      case "SLT": readReg(e.rs1); readReg(e.rs2); f.op(Op.i64LtS).op(Op.i64ExtendI32U); writeReg(e.rd); return;
      case "SLTU": readReg(e.rs1); readReg(e.rs2); f.op(Op.i64LtU).op(Op.i64ExtendI32U); writeReg(e.rd); return;
      case "ADDIW": readReg(e.rs1); f.i64(e.imm).op(Op.i64Add).op(Op.i64Extend32S); writeReg(e.rd); return;
      case "SLLIW": readReg(e.rs1); f.i64(e.imm).op(Op.i64Shl).op(Op.i64Extend32S); writeReg(e.rd); return;
      case "SRLIW": readReg(e.rs1); f.i64(0xffffffff).op(Op.i64And).i64(e.imm).op(Op.i64ShrU).op(Op.i64Extend32S); writeReg(e.rd); return;
      case "SRAIW": readReg(e.rs1); f.op(Op.i64Extend32S).i64(e.imm).op(Op.i64ShrS); writeReg(e.rd); return;
      case "ADDW": readReg(e.rs1); readReg(e.rs2); f.op(Op.i64Add).op(Op.i64Extend32S); writeReg(e.rd); return;
      case "SUBW": readReg(e.rs1); readReg(e.rs2); f.op(Op.i64Sub).op(Op.i64Extend32S); writeReg(e.rd); return;
      case "MULW": readReg(e.rs1); readReg(e.rs2); f.op(Op.i64Mul).op(Op.i64Extend32S); writeReg(e.rd); return;
      case "SLLW": readReg(e.rs1); readReg(e.rs2); f.i64(31).op(Op.i64And).op(Op.i64Shl).op(Op.i64Extend32S); writeReg(e.rd); return;
      case "SRLW": readReg(e.rs1); f.i64(0xffffffff).op(Op.i64And); readReg(e.rs2); f.i64(31).op(Op.i64And).op(Op.i64ShrU).op(Op.i64Extend32S); writeReg(e.rd); return;
      case "SRAW": readReg(e.rs1); f.op(Op.i64Extend32S); readReg(e.rs2); f.i64(31).op(Op.i64And).op(Op.i64ShrS); writeReg(e.rd); return;
      case "JAL": f.get(P_PAGE).i64(off + e.len).op(Op.i64Add); writeReg(e.rd); exitAt(off + e.imm); return;
      case "JAL_L": f.get(P_PAGE).i64(off + e.len).op(Op.i64Add); writeReg(e.rd); goTo(i, off + e.imm); return;
      case "J_L": goTo(i, off + e.imm); return;
      case "JALR": {
        // target first: rd may be rs1
        readReg(e.rs1); f.i64(e.imm).op(Op.i64Add).i64(-2).op(Op.i64And).set(va);
        f.get(P_PAGE).i64(off + e.len).op(Op.i64Add); writeReg(e.rd);
        // A target in this page goes through the dispatch table (a return, a switch).
        f.get(va).i64(-4096).op(Op.i64And).get(P_PAGE).op(Op.i64Eq).if();
        f.get(va).op(Op.i32WrapI64).i32(0xfff).op(Op.i32And).set(P_OFF).br("dispatch");
        f.end();
        f.get(va).set(pc).br("exit");
        return;
      }
    }
    throw new Error(`jit: no code for op ${s}`);
  }

  /** pc = off and leave after a trap at the instruction (it and the rest of the block not retired). */
  function trapExit(off: number, left: number): void {
    refund(left);
    exitAt(off);
  }

  function emitLoad(off: number, e: Entry, left: number, [size, load]: [number, number]): void {
    readReg(e.rs1); f.i64(e.imm).op(Op.i64Add).set(va);
    // read-TLB hit: the tag is the page of both the first and the last byte
    f.get(va).i64(12).op(Op.i64ShrU).op(Op.i32WrapI64).i32(L.JIT_TLB_MASK).op(Op.i32And).i32(4).op(Op.i32Shl).tee(t);
    f.mem(Op.i64Load, L.JIT_TLB_R);
    f.get(va).i64(size - 1).op(Op.i64Add).i64(12).op(Op.i64ShrU).op(Op.i64Eq);
    f.if("", I64);
    f.get(va).op(Op.i32WrapI64).get(t).mem(Op.i32Load, L.JIT_TLB_R + 8).op(Op.i32Add).mem(load, 0);
    f.else();
    f.get(va).i32(size).call(F_LOAD).set(tmp);
    f.i32(0).mem(Op.i32Load, L.JIT_STATUS).if();
    trapExit(off, left);
    f.end();
    f.get(tmp);
    // jitLoad zero-extends: sign-extend for the signed loads
    if (load === Op.i64Load8S) f.i64(56).op(Op.i64Shl).i64(56).op(Op.i64ShrS);
    else if (load === Op.i64Load16S) f.i64(48).op(Op.i64Shl).i64(48).op(Op.i64ShrS);
    else if (load === Op.i64Load32S) f.op(Op.i64Extend32S);
    f.end();
    if (e.sem === "FLW") f.i64(-0x100000000n).op(Op.i64Or); // NaN-box
    writeReg(e.rd);
  }

  function emitStore(off: number, e: Entry, left: number, [size, store]: [number, number]): void {
    readReg(e.rs1); f.i64(e.imm).op(Op.i64Add).set(va);
    f.get(va).i64(12).op(Op.i64ShrU).op(Op.i32WrapI64).i32(L.JIT_TLB_MASK).op(Op.i32And).i32(4).op(Op.i32Shl).tee(t);
    f.mem(Op.i64Load, L.JIT_TLB_W);
    f.get(va).i64(size - 1).op(Op.i64Add).i64(12).op(Op.i64ShrU).op(Op.i64Eq);
    f.if();
    f.get(va).op(Op.i32WrapI64).get(t).mem(Op.i32Load, L.JIT_TLB_W + 8).op(Op.i32Add);
    readReg(e.rs2);
    f.mem(store, 0);
    f.else();
    f.get(va); readReg(e.rs2); f.i32(size).call(F_STORE).tee(r);
    f.if();
    // 1: trapped, nothing stored; 2: stored, and cached code was dropped: continue after it
    f.get(r).i32(1).op(Op.i32Eq).if();
    refund(left);
    setPc(off);
    f.else();
    refund(left - 1);
    setPc(off + e.len);
    f.end();
    f.br("exit");
    f.end();
    f.end();
  }

  return { bytes: moduleBytes(TYPES, IMPORTS, 0, f), blocks: blocks.length, instructions };
}
