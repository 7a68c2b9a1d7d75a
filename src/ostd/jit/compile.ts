// The page compiler: the decoded entries of one guest physical page (the core's decoded
// cache, asm/ops.ts) -> a Wasm function f(pageVA, entryOffset, budgetLeft) -> budgetLeft.
//
// Shape of the function (docs/jit.md):
//   h = entry offset / 2                  ;; the halfword index of the instruction to run
//   block $exit
//     loop $dispatch
//       block $L(n-1) ... block $L0 block $none
//         br_table on h - first           ;; one slot per halfword from the first block start
//       end $none  <no block starts there: return (MISS)>
//       end $L0  <code of block 0>
//       end $L1  <code of block 1> ...
//     end
//   end $exit  return_call $leave(va, budget left, pageVA) (maybe straight into the next page)
// Every exit sets va = the pc to leave at and branches to $exit: one call site per page
// rather than one per exit, which keeps the code V8 optimizes smaller (35 KB of machine code
// instead of 37 KB for the FDE loop's busiest page).
// Entering, a backward branch and an indirect jump (a return, a switch) within the page all
// cost one br_table: no search.
// A block starts at a leader (an entry point: a local branch target, the instruction after
// a jump or an uncompiled op, or an offset the core was entered at) and runs to the next
// jump, uncompiled op or leader, through conditional branches (a superblock). It charges its
// whole length against the budget on entry, or leaves with pc = its start when the budget
// left is smaller (the interpreter then retires exactly what is left), and refunds the
// instructions not retired when it leaves early (a taken branch: those after it; a trap:
// pc = the trapping instruction, refunded too; a store that dropped cached code: pc = the
// next one). Forward branches to a block are direct `br`s; backward ones go through $dispatch.
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
const FP_SEM = new Set<string>();
for (let op = O.OP_FMADD_S; op <= O.OP_FMV_D_X; op++) FP_SEM.add(SEM[op]);
const LOCAL_BRANCH = new Set(["BEQ_L", "BNE_L", "BLT_L", "BGE_L", "BLTU_L", "BGEU_L", "BEQZ_L", "BNEZ_L"]);
const FAR_BRANCH = new Set(Object.keys(BRANCHES));

// Function indices: imports first (asm/jit.ts exports), then the page function.
const F_LOAD = 0, F_STORE = 1, F_MULDIV = 2;
const TYPES: FuncType[] = [
  { params: [I64, I32, I32], results: [I32] }, // the page function
  { params: [I64, I32], results: [I64] }, //      jitLoad(va, size)
  { params: [I64, I64, I32], results: [I32] }, // jitStore(va, value, size)
  { params: [I32, I64, I64], results: [I64] }, // jitMulDiv(k, a, b)
  { params: [I32], results: [I32] }, //           jitFp(entry)
  { params: [I64, I32, I64], results: [I32] }, // leave(pc, budget left, pageVA)
];
const F_FP = 3, F_LEAVE = 5;
const IMPORTS: FuncImport[] = [
  { module: "env", name: "jitLoad", type: 1 },
  { module: "env", name: "jitStore", type: 2 },
  { module: "env", name: "jitMulDiv", type: 3 },
  { module: "env", name: "jitFp", type: 4 },
];

interface Entry { op: number; sem: string; len: number; imm: number; rd: number; rs1: number; rs2: number }

/** How a block ends. */
type End =
  | { kind: "fall"; to: number } // falls into the instruction at page offset `to`
  | { kind: "interp" }; //          the block is an uncompiled op: leave it to the interpreter

interface Block { page: Page; start: number; insns: number[]; end: End }

/**
 * Another page whose code the compiled function carries too (a "linked" page), so that jumps
 * and returns between the two stay inside one function. Its code is the decoded entries of
 * one slot as they are now; at run time the function enters it only while the fetch TLB maps
 * the page at `delta` from the one it runs for to that slot (`base`) and the slot's version is
 * still `version` (the code was not dropped or replaced since).
 */
export interface LinkedPage {
  /** Bytes from the compiled page's virtual address to this one's (a multiple of 4096). */
  delta: number;
  /** Wasm address of the slot's entry 0. */
  base: number;
  /** Wasm address of the slot's version (SLOT_VERSION) and its value now. */
  versionAddr: number;
  version: number;
  /** Offsets the page is entered at besides the jumps found here (its own entry list). */
  entries: Iterable<number>;
}

/** One page of the function: the compiled page (home, delta 0) or a linked one. */
interface Page {
  base: number;
  delta: number;
  link: LinkedPage | null;
  cache: Map<number, Entry | null>;
  leaders: Set<number>;
  stubs: Set<number>;
  /** Page offset -> block index (a block start). */
  index: Map<number, number>;
  /** Dispatch range: br_table slots kBase .. kBase + size - 1 for halfwords firstH .. */
  firstH: number;
  size: number;
  kBase: number;
}

export interface CompiledPage {
  bytes: Uint8Array;
  blocks: number;
  instructions: number;
  /** Linked pages carried (see LinkedPage). */
  linked: number;
}

/** F and D ops other than loads and stores (one id range in asm/ops.ts): compiled as a call
 *  of the core's own implementation (asm/jit.ts jitFp) on the entry. */
function isFp(op: number): boolean {
  return op >= O.OP_FMADD_S && op <= O.OP_FMV_D_X;
}

/** Whether an op is compiled (else the interpreter runs it). */
function compiled(sem: string): boolean {
  return FP_SEM.has(sem) || PLAIN.has(sem) || LOCAL_BRANCH.has(sem) || FAR_BRANCH.has(sem) ||
    sem === "JAL" || sem === "JAL_L" || sem === "J_L" || sem === "JALR";
}

/** Ops after which control does not fall through to the next instruction. */
function jumps(sem: string): boolean {
  return sem === "JAL" || sem === "JAL_L" || sem === "J_L" || sem === "JALR";
}

/**
 * The offsets where the interpreter began decoded runs in the slot whose entries start at
 * Wasm address `base`, as far as they show: decoded instructions no decoded instruction falls
 * through into (function entries, return points, jump-table cases). A linked page, and a page
 * compiled before its own threshold (index.ts), takes them all as entry points: nothing
 * listed its entries, and a jump within it that finds no block would leave the function.
 */
export function runStarts(mem: DataView, base: number): number[] {
  const fallsInto = new Set<number>();
  const decoded: number[] = [];
  for (let off = 0; off < 4096; off += 2) {
    const a = base + off * ENTRY_BYTES;
    const op = mem.getUint8(a + O.E_OP);
    if (op <= O.OP_STRADDLE) continue; // not decoded (or a straddling instruction)
    decoded.push(off);
    if (!jumps(SEM[op] ?? "?")) fallsInto.add(off + (mem.getUint8(a + O.E_STEP) >> 3));
  }
  return decoded.filter((off) => !fallsInto.has(off));
}

/** Pages linked at most, and the instructions a linked page may add: each one adds to the
 *  time the host takes to compile the function (in the fork+exec benchmark, linking up to
 *  1024 instructions a page cost more compile time than it saved). */
const MAX_LINKS = 2;
const MAX_LINKED_INSTRUCTIONS = 400;

/**
 * Compile the page whose decoded entries start at Wasm address `base` (the slot's entry 0),
 * entering at the offsets in `entries` (and every offset control reaches inside the page).
 * `opts.link` is offered the page deltas the page jumps to (most jumped-to first) and answers
 * the ones to carry as linked pages. Returns null when nothing there is worth compiling (also
 * FP-dense code, unless opts.fpDense: tests compile it to check the FP path).
 */
export function compilePage(
  mem: DataView, base: number, entries: Iterable<number>,
  opts: {
    fpDense?: boolean; decode?: (base: number, off: number) => void; link?: (deltas: number[]) => LinkedPage[];
    /** More instructions than this in the page's own blocks: not worth it, null. */
    maxInstructions?: number;
  } = {},
): CompiledPage | null {
  const newPage = (b: number, delta: number, link: LinkedPage | null): Page =>
    ({ base: b, delta, link, cache: new Map(), leaders: new Set(), stubs: new Set(), index: new Map(), firstH: 0, size: 0, kBase: 0 });
  /** The entry at page offset off of page pg, or null; `decode`: have the core decode it (and
   *  the run it starts) first if it is not decoded yet. */
  const entry = (pg: Page, off: number, decode = false): Entry | null => {
    if (off < 0 || off >= 4096 || (off & 1) !== 0) return null;
    let e = pg.cache.get(off);
    if (e !== undefined && (e !== null || !decode)) return e;
    const a = pg.base + off * ENTRY_BYTES;
    if (decode && opts.decode && mem.getUint8(a + O.E_OP) === O.OP_DECODE) opts.decode(pg.base, off);
    const op = mem.getUint8(a + O.E_OP);
    if (op <= O.OP_STRADDLE) e = null; // not decoded (or a straddling instruction)
    else {
      e = {
        op, sem: SEM[op] ?? "?", len: mem.getUint8(a + O.E_STEP) >> 3, imm: mem.getInt32(a + O.E_IMM, true),
        rd: mem.getUint16(a + O.E_RD, true), rs1: mem.getUint16(a + O.E_RS1, true), rs2: mem.getUint16(a + O.E_RS2, true),
      };
    }
    pg.cache.set(off, e);
    return e;
  };

  // ---- leaders: a fixpoint over the entry points and everything they reach in the page.
  // Only code the interpreter has decoded, i.e. code that has run, becomes a block: a branch
  // target or return point that never ran (an error path, perhaps data after a jump) is left
  // to the interpreter, which decodes it if it ever runs; if it gets hot, its misses bring it
  // into a recompilation. Compiling what ran, rather than everything reachable, keeps pages
  // small: in libgcc's FDE loop, 284 instructions instead of 891 for the busiest page.
  // (Fall-through within a run is decoded on the way: the interpreter decodes a run at a time.)
  // Entries that are no instruction we can start a block at (one straddling the page end)
  // become stubs that hand them to the interpreter, so they are not counted as misses again.
  const findLeaders = (pg: Page, offs: Iterable<number>): void => {
    const work: number[] = [];
    const addLeader = (off: number): void => {
      if (pg.leaders.has(off) || entry(pg, off) === null) return;
      pg.leaders.add(off);
      work.push(off);
    };
    for (const off of offs) {
      addLeader(off);
      if (!pg.leaders.has(off) && off >= 0 && off < 4096 && (off & 1) === 0) pg.stubs.add(off);
    }
    while (work.length > 0) {
      let off = work.pop()!;
      for (;;) {
        const e = entry(pg, off, true);
        if (e === null) break;
        if (!compiled(e.sem)) { addLeader(off); addLeader(off + e.len); break; }
        if (LOCAL_BRANCH.has(e.sem) || e.sem === "JAL_L" || e.sem === "J_L") addLeader(off + e.imm);
        if (jumps(e.sem)) { addLeader(off + e.len); break; } // a return point, or nothing
        off += e.len;
      }
    }
  };
  const home = newPage(base, 0, null);
  findLeaders(home, entries);
  if (home.leaders.size === 0) return null;

  // ---- blocks, in page order
  const blocks: Block[] = [];
  let instructions = 0;
  const makeBlocks = (pg: Page): number => {
    const starts = [...pg.leaders, ...pg.stubs].sort((a, b) => a - b);
    let n = 0;
    for (const start of starts) {
      pg.index.set(start, blocks.length);
      const insns: number[] = [];
      let off = start;
      let end: End;
      if (pg.stubs.has(start)) { blocks.push({ page: pg, start, insns, end: { kind: "interp" } }); continue; }
      for (;;) {
        const e = entry(pg, off);
        if (e === null) { end = { kind: "fall", to: off }; break; }
        if (!compiled(e.sem)) { end = insns.length === 0 ? { kind: "interp" } : { kind: "fall", to: off }; break; }
        if (insns.length > 0 && pg.leaders.has(off)) { end = { kind: "fall", to: off }; break; }
        insns.push(off);
        if (jumps(e.sem)) { end = { kind: "fall", to: -1 }; break; } // never falls through
        off += e.len;
      }
      n += insns.length;
      blocks.push({ page: pg, start, insns, end });
    }
    pg.firstH = starts[0] >> 1;
    pg.size = (starts[starts.length - 1] >> 1) - pg.firstH + 1;
    return n;
  };
  instructions = makeBlocks(home);
  if (instructions === 0 || instructions > (opts.maxInstructions ?? Infinity)) return null;
  // FP-dense code gains nothing: its time is in the soft-float routines either way, and a
  // call per FP op from compiled code costs more than the interpreter's dispatch.
  let fp = 0;
  for (const b of blocks) for (const off of b.insns) if (isFp(entry(home, off)!.op)) fp++;
  if (fp * 5 > instructions && !opts.fpDense) return null;

  // ---- linked pages: the pages the home page jumps to directly (calls, tail calls, far
  // branches), most jumped-to first, if the caller can vouch for their code (opts.link).
  /** Page delta and offset in that page of a jump from page offset `off` of pg by `imm`. */
  const targetOf = (pg: Page, off: number, imm: number): { delta: number; off: number } => {
    const t = off + imm;
    const pageDelta = Math.floor(t / 4096) * 4096;
    return { delta: pg.delta + pageDelta, off: t - pageDelta };
  };
  const pages: Page[] = [home];
  if (opts.link) {
    const counts = new Map<number, number[]>(); // delta -> target offsets
    for (const b of blocks) {
      for (const off of b.insns) {
        const e = entry(home, off)!;
        if (e.sem !== "JAL" && !(e.sem in BRANCHES)) continue;
        const t = targetOf(home, off, e.imm);
        if (t.delta === 0) continue;
        const list = counts.get(t.delta) ?? [];
        list.push(t.off);
        counts.set(t.delta, list);
      }
    }
    const deltas = [...counts.keys()].sort((a, b) => counts.get(b)!.length - counts.get(a)!.length || a - b).slice(0, MAX_LINKS);
    for (const link of deltas.length > 0 ? opts.link(deltas) : []) {
      const targets = counts.get(link.delta);
      if (!targets || pages.some((p) => p.delta === link.delta || p.base === link.base)) continue;
      // All of its run starts if that is small enough, else only what the jumps here and its
      // own entry list reach.
      let pg: Page | null = null;
      let n = 0;
      for (const all of [true, false]) {
        const mark = blocks.length;
        const cand = newPage(link.base, link.delta, link);
        findLeaders(cand, all ? [...targets, ...link.entries, ...runStarts(mem, cand.base)] : [...targets, ...link.entries]);
        if (cand.leaders.size === 0) break;
        n = makeBlocks(cand);
        if (n > 0 && n <= MAX_LINKED_INSTRUCTIONS) { pg = cand; break; }
        blocks.length = mark;
      }
      if (pg === null) continue;
      instructions += n;
      pages.push(pg);
    }
  }
  // Dispatch slots: the home page's halfwords first, then each linked page's.
  let kEnd = 0;
  for (const pg of pages) { pg.kBase = kEnd; kEnd += pg.size; }

  // ---- code. Guest registers stay in the state block: every access is a load or store
  // at a constant address, so entering and leaving compiled code costs nothing and the host's
  // optimizing compiler has only a handful of Wasm locals to track (compile time grows with
  // locals x control-flow merges, and paid for every page compiled).
  const f = new FuncBody(3);
  const P_PAGE = 0, P_OFF = 1, P_REM = 2;
  const va = f.local(I64), t = f.local(I32), h = f.local(I32);

  // Within a block (straight-line code), a register read or written once is kept in a Wasm
  // local too, and later reads use it: writes still go to the state block at once
  // (write-through), so nothing needs writing back at any exit and the locals are dead at
  // every block boundary.
  const regLocal = new Map<number, number>();
  const cached = new Set<number>();
  const local = (off: number): number => {
    let l = regLocal.get(off);
    if (l === undefined) { l = f.local(I64); regLocal.set(off, l); }
    return l;
  };
  const readReg = (off: number): void => {
    if (off === 0) f.i64(0);
    else if (cached.has(off)) f.get(local(off));
    else { f.i32(0).mem(Op.i64Load, L.STATE_BASE + off).tee(local(off)); cached.add(off); }
  };
  /** Store the i64 that `value` pushes into register `rd` (evaluated and dropped for x0). */
  const writeReg = (rd: number, value: () => void): void => {
    if (rd === L.JIT_X0_SINK) { value(); f.op(Op.drop); return; }
    f.i32(0);
    value();
    f.tee(local(rd)).mem(Op.i64Store, L.STATE_BASE + rd);
    cached.add(rd);
  };
  /** Push the virtual address of page offset `off` of page pg (off may lie outside it). */
  const addr = (pg: Page, off: number): void => {
    f.get(P_PAGE).i64(pg.delta + off).op(Op.i64Add);
  };
  /** Leave with pc = the address of page offset `off` of pg and the budget left (through
   *  $leave: maybe straight into that page's compiled code). */
  const exitAt = (pg: Page, off: number): void => {
    addr(pg, off);
    f.set(va).br("exit");
  };
  /** Leave with pc = the address of offset `off` of pg for the core to see (a trap): straight
   *  back to the core, never into other compiled code. */
  const trapAt = (pg: Page, off: number): void => {
    f.i32(0);
    addr(pg, off);
    f.mem(Op.i64Store, L.STATE_BASE + L.HART_PC);
    f.get(P_REM).op(Op.return);
  };
  /** Leave reporting `status` with pc = offset `off` of pg (the core takes over there). */
  const stopAt = (pg: Page, off: number, status: number): void => {
    f.i32(0).i32(status).mem(Op.i32Store, L.JIT_STATUS);
    trapAt(pg, off);
  };
  const refund = (n: number): void => { if (n !== 0) f.get(P_REM).i32(n).op(Op.i32Add).set(P_REM); };
  /** Push 1 when linked page pg may run here: the fetch TLB maps its address to its slot and
   *  the slot still holds the code copied (va must hold an address in that page). */
  const guard = (pg: Page): void => {
    const link = pg.link!;
    fetchTlbHit(f, va, t);
    f.get(t).mem(Op.i32Load, L.JIT_TLB_F + 8).i32(link.base).op(Op.i32Eq).op(Op.i32And);
    f.i32(0).mem(Op.i32Load, link.versionAddr).i32(link.version).op(Op.i32Eq).op(Op.i32And);
  };
  /** h = the home page's dispatch slot of halfword h, or past every slot ($none) when the
   *  halfword is outside its range (h holds the halfword index minus firstH). */
  const homeSlot = (): void => {
    f.get(h).i32(kEnd).get(h).i32(home.size).op(Op.i32LtU).op(Op.select).set(h);
  };
  /** Block b's slot in the dispatch table. */
  const slotOf = (b: Block): number => b.page.kBase + (b.start >> 1) - b.page.firstH;
  /** Branch to block k from block i (forward: a br; else through the dispatch table). */
  const toBlock = (i: number, k: number): void => {
    if (k > i) { f.br(k); return; }
    f.i32(slotOf(blocks[k])).set(h).br("dispatch");
  };
  /** Control from block i (of page pg) to page offset `to` of pg, `to` in or out of pg. */
  const goTo = (i: number, pg: Page, to: number): void => {
    const tgt = targetOf(pg, to, 0);
    const tp = pages.find((p) => p.delta === tgt.delta);
    const k = tp?.index.get(tgt.off);
    if (tp === undefined || k === undefined) { exitAt(pg, to); return; }
    if (tp === pg || tp === home) { toBlock(i, k); return; }
    // Into a linked page: only while its code is current here.
    addr(pg, to);
    f.set(va);
    guard(tp);
    f.if();
    toBlock(i, k);
    f.end();
    f.br("exit");
  };

  // entry: pc is in the home page (always even: IALIGN is 16 with the C extension)
  addr(home, 0);
  f.get(P_OFF).op(Op.i64ExtendI32U).op(Op.i64Add).set(va);
  f.get(P_OFF).i32(1).op(Op.i32ShrU).i32(home.firstH).op(Op.i32Sub).set(h);
  homeSlot();
  f.block("exit");
  f.loop("dispatch");
  for (let k = blocks.length - 1; k >= 0; k--) f.block(k);
  f.block("noneLinked");
  f.block("none");
  const table: Array<string | number> = new Array(kEnd).fill("none");
  for (const pg of pages) if (pg !== home) table.fill("noneLinked", pg.kBase, pg.kBase + pg.size);
  blocks.forEach((b, k) => { table[slotOf(b)] = k; });
  f.get(h).brTable(table, "none");
  f.end();
  // $none: no block starts at va in the home page: the core interprets from there (a miss).
  f.i32(0).i32(L.JIT_EXIT_MISS).mem(Op.i32Store, L.JIT_STATUS);
  f.i32(0).get(va).mem(Op.i64Store, L.STATE_BASE + L.HART_PC);
  f.get(P_REM).op(Op.return);
  f.end();
  // $noneLinked: nor in a linked page: leave there (that page's own code may have the entry).
  f.br("exit");

  blocks.forEach((b, i) => {
    f.end(); // L(i): its code follows
    const pg = b.page;
    if (b.end.kind === "interp") { stopAt(pg, b.start, L.JIT_EXIT_INTERP); return; }
    const n = b.insns.length;
    cached.clear();
    // budget: charge the block, or leave before it
    f.get(P_REM).i32(n).op(Op.i32LtU).if();
    exitAt(pg, b.start);
    f.end();
    f.get(P_REM).i32(n).op(Op.i32Sub).set(P_REM);
    b.insns.forEach((off, j) => emitInsn(i, pg, off, entry(pg, off)!, n - j));
    if (b.end.kind === "fall" && b.end.to >= 0) {
      const k = pg.index.get(b.end.to);
      if (k !== i + 1) goTo(i, pg, b.end.to);
    }
  });
  f.end(); // loop: every block ends in a branch, so falling out is a compiler bug
  f.op(Op.unreachable);
  f.end(); // $exit: leave with pc = va (one call site for the whole page)
  f.get(va).get(P_REM).get(P_PAGE).byte(Op.returnCall).u32(F_LEAVE);

  // $leave(pc, rem, pageVA): if pc is in another page whose code is compiled (its fetch-TLB
  // entry names a slot with code), go straight there (a tail call) instead of back through
  // the core; else HART_PC = pc and return the budget left. Exits the core must see (traps,
  // uncompiled ops, misses) do not come here (trapAt, stopAt); a store that dropped cached
  // code does, but dropping code flushes the fetch TLB, so it finds no entry.
  const lv = new FuncBody(3);
  const lt = lv.local(I32), lf = lv.local(I32);
  lv.get(1).if();
  lv.get(0).i64(-4096).op(Op.i64And).get(2).op(Op.i64Ne).if();
  fetchTlbHit(lv, 0, lt);
  lv.if();
  lv.get(lt).mem(Op.i32Load, L.JIT_TLB_F + 8).i32(L.SLOT_HEADER_BYTES).op(Op.i32Sub).mem(Op.i32Load, L.SLOT_JIT).tee(lf).if();
  lv.get(0).i64(-4096).op(Op.i64And).get(0).op(Op.i32WrapI64).i32(0xfff).op(Op.i32And).get(1).get(lf);
  lv.op(Op.returnCallIndirect).u32(0).u32(0);
  lv.end().end().end().end();
  lv.i32(0).get(0).mem(Op.i64Store, L.STATE_BASE + L.HART_PC);
  lv.get(1);

  /** One instruction at page offset `off` of page pg, in block i; `left` = it and the ones
   *  after it in the block (the refund if it traps). */
  function emitInsn(i: number, pg: Page, off: number, e: Entry, left: number): void {
    const s = e.sem;
    const w = (value: () => void): void => writeReg(e.rd, value);
    const r1 = (): void => readReg(e.rs1);
    const r12 = (): void => { readReg(e.rs1); readReg(e.rs2); };
    if (s in ALU_I) { w(() => { r1(); f.i64(e.imm).op(ALU_I[s]); }); return; }
    if (s in ALU_R) { w(() => { r12(); f.op(ALU_R[s]); }); return; }
    if (s in SHIFT_R) { w(() => { r12(); f.i64(63).op(Op.i64And).op(SHIFT_R[s]); }); return; }
    if (s in MULDIV) { w(() => { f.i32(MULDIV[s]); r12(); f.call(F_MULDIV); }); return; }
    if (s in LOADS) { emitLoad(pg, off, e, left, LOADS[s]); return; }
    if (isFp(e.op)) {
      // The core runs it on the entry, in the state block: its destination's cached copy is stale.
      f.i32(pg.base + off * ENTRY_BYTES).call(F_FP).if();
      refund(left);
      trapAt(pg, off); // illegal-instruction trap (a bad dynamic rounding mode)
      f.end();
      cached.delete(e.rd);
      return;
    }
    if (s in STORES) { emitStore(pg, off, e, left, STORES[s]); return; }
    // Conditional branches do not end a block (blocks are superblocks, like the
    // interpreter's runs): taken, they refund the instructions after them in the block.
    if (s in BRANCHES) { // far target: another page (maybe a linked one)
      r12(); f.op(BRANCHES[s]).if();
      refund(left - 1);
      goTo(i, pg, off + e.imm);
      f.end();
      return;
    }
    if (LOCAL_BRANCH.has(s)) {
      if (s === "BEQZ_L") { r1(); f.op(Op.i64Eqz); }
      else if (s === "BNEZ_L") { r1(); f.op(Op.i64Eqz).op(Op.i32Eqz); }
      else { r12(); f.op(BRANCHES[s.slice(0, -2)]); }
      f.if();
      refund(left - 1);
      goTo(i, pg, off + e.imm);
      f.end();
      return;
    }
    switch (s) {
      case "NOP": return;
      case "LI": w(() => f.i64(e.imm)); return;
      case "MV": w(r1); return;
      case "AUIPC": w(() => addr(pg, off + e.imm)); return;
      case "SLTI": w(() => { r1(); f.i64(e.imm).op(Op.i64LtS).op(Op.i64ExtendI32U); }); return;
      case "SLTIU": w(() => { r1(); f.i64(e.imm).op(Op.i64LtU).op(Op.i64ExtendI32U); }); return;
      case "SLT": w(() => { r12(); f.op(Op.i64LtS).op(Op.i64ExtendI32U); }); return;
      case "SLTU": w(() => { r12(); f.op(Op.i64LtU).op(Op.i64ExtendI32U); }); return;
      case "ADDIW": w(() => { r1(); f.i64(e.imm).op(Op.i64Add).op(Op.i64Extend32S); }); return;
      case "SLLIW": w(() => { r1(); f.i64(e.imm).op(Op.i64Shl).op(Op.i64Extend32S); }); return;
      case "SRLIW": w(() => { r1(); f.i64(0xffffffff).op(Op.i64And).i64(e.imm).op(Op.i64ShrU).op(Op.i64Extend32S); }); return;
      case "SRAIW": w(() => { r1(); f.op(Op.i64Extend32S).i64(e.imm).op(Op.i64ShrS); }); return;
      case "ADDW": w(() => { r12(); f.op(Op.i64Add).op(Op.i64Extend32S); }); return;
      case "SUBW": w(() => { r12(); f.op(Op.i64Sub).op(Op.i64Extend32S); }); return;
      case "MULW": w(() => { r12(); f.op(Op.i64Mul).op(Op.i64Extend32S); }); return;
      case "SLLW": w(() => { r12(); f.i64(31).op(Op.i64And).op(Op.i64Shl).op(Op.i64Extend32S); }); return;
      case "SRLW": w(() => { r1(); f.i64(0xffffffff).op(Op.i64And); readReg(e.rs2); f.i64(31).op(Op.i64And).op(Op.i64ShrU).op(Op.i64Extend32S); }); return;
      case "SRAW": w(() => { r1(); f.op(Op.i64Extend32S); readReg(e.rs2); f.i64(31).op(Op.i64And).op(Op.i64ShrS); }); return;
      case "JAL": w(() => addr(pg, off + e.len)); goTo(i, pg, off + e.imm); return;
      case "JAL_L": w(() => addr(pg, off + e.len)); goTo(i, pg, off + e.imm); return;
      case "J_L": goTo(i, pg, off + e.imm); return;
      case "JALR": {
        // target first: rd may be rs1
        r1(); f.i64(e.imm).op(Op.i64Add).i64(-2).op(Op.i64And).set(va);
        w(() => addr(pg, off + e.len));
        // A target in a page of this function goes through the dispatch table (a return, a
        // switch); in the home page one that is no block start leaves as a miss, in a linked
        // page (whose code must be current here) it leaves there.
        for (const tp of pages) {
          f.get(va).i64(-4096).op(Op.i64And);
          addr(tp, 0);
          f.op(Op.i64Eq);
          if (tp !== home && tp !== pg) { guard(tp); f.op(Op.i32And); }
          f.if();
          f.get(va).op(Op.i32WrapI64).i32(0xfff).op(Op.i32And).i32(1).op(Op.i32ShrU).i32(tp.firstH).op(Op.i32Sub).tee(h);
          if (tp === home) {
            f.op(Op.drop);
            homeSlot(); // out of its slots: $none
            f.br("dispatch");
          } else {
            f.i32(tp.size).op(Op.i32LtU).if();
            f.get(h).i32(tp.kBase).op(Op.i32Add).set(h).br("dispatch");
            f.end();
            f.br("exit");
          }
          f.end();
        }
        f.br("exit");
        return;
      }
    }
    throw new Error(`jit: no code for op ${s}`);
  }

  /** The TLB lookup shared by loads and stores: leaves (i32) "hit" on the stack, t = entry. */
  function tlbHit(tlb: number, e: Entry, size: number): void {
    readReg(e.rs1); f.i64(e.imm).op(Op.i64Add).set(va);
    // hit: the tag is the page of both the first and the last byte
    f.get(va).i64(12).op(Op.i64ShrU).op(Op.i32WrapI64).i32(L.JIT_TLB_MASK).op(Op.i32And).i32(4).op(Op.i32Shl).tee(t);
    f.mem(Op.i64Load, tlb);
    f.get(va).i64(size - 1).op(Op.i64Add).i64(12).op(Op.i64ShrU).op(Op.i64Eq);
  }

  function emitLoad(pg: Page, off: number, e: Entry, left: number, sl: [number, number]): void {
    writeReg(e.rd, () => loadValue(pg, off, e, left, sl));
  }

  function loadValue(pg: Page, off: number, e: Entry, left: number, [size, load]: [number, number]): void {
    tlbHit(L.JIT_TLB_R, e, size);
    f.if("", I64);
    f.get(va).op(Op.i32WrapI64).get(t).mem(Op.i32Load, L.JIT_TLB_R + 8).op(Op.i32Add).mem(load, 0);
    f.else();
    f.get(va).i32(size).call(F_LOAD);
    f.i32(0).mem(Op.i32Load, L.JIT_STATUS).if();
    refund(left);
    trapAt(pg, off); // the trap: pc = this instruction, which did not retire
    f.end();
    // jitLoad zero-extends: sign-extend for the signed loads
    if (load === Op.i64Load8S) f.i64(56).op(Op.i64Shl).i64(56).op(Op.i64ShrS);
    else if (load === Op.i64Load16S) f.i64(48).op(Op.i64Shl).i64(48).op(Op.i64ShrS);
    else if (load === Op.i64Load32S) f.op(Op.i64Extend32S);
    f.end();
    if (e.sem === "FLW") f.i64(-0x100000000n).op(Op.i64Or); // NaN-box
  }

  function emitStore(pg: Page, off: number, e: Entry, left: number, [size, store]: [number, number]): void {
    // Read the value outside the two arms below, so that both may use the cached local.
    if (e.rs2 !== 0 && !cached.has(e.rs2)) { readReg(e.rs2); f.op(Op.drop); }
    tlbHit(L.JIT_TLB_W, e, size);
    f.if();
    f.get(va).op(Op.i32WrapI64).get(t).mem(Op.i32Load, L.JIT_TLB_W + 8).op(Op.i32Add);
    readReg(e.rs2);
    f.mem(store, 0);
    f.else();
    f.get(va); readReg(e.rs2); f.i32(size).call(F_STORE).tee(t);
    f.if();
    // 1: trapped, nothing stored; 2: stored, and cached code was dropped: continue after it
    f.get(t).i32(1).op(Op.i32Eq).if();
    refund(left);
    trapAt(pg, off);
    f.end();
    refund(left - 1);
    exitAt(pg, off + e.len);
    f.end();
    f.end();
  }

  return { bytes: moduleBytes(TYPES, IMPORTS, [0, 5], [f, lv]), blocks: blocks.length, instructions, linked: pages.length - 1 };
}

/** Push 1 when the fetch TLB holds the page of the i64 in local `va` of body b; local `t` (i32)
 *  = the entry's offset in the fetch TLB (its slot base is at JIT_TLB_F + 8 + t). */
function fetchTlbHit(b: FuncBody, va: number, t: number): void {
  b.get(va).i64(12).op(Op.i64ShrU).op(Op.i32WrapI64).i32(L.JIT_TLB_F_MASK).op(Op.i32And).i32(4).op(Op.i32Shl).tee(t);
  b.mem(Op.i64Load, L.JIT_TLB_F).get(va).i64(12).op(Op.i64ShrU).op(Op.i64Eq);
}
