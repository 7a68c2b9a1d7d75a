// The interpreter loop: runs decoded entries (ops.ts) until a trap or the budget is spent.
//
// Structure (one function so pc, budget and the current page stay in Wasm locals):
//   outer loop = run entry: translate pc through a one-page fetch cache (else the fetch TLB /
//     page walk), decode the run if needed, charge the whole run against the budget.
//   inner loop = one entry per iteration: a br_table on the op id. Instructions that fall
//     through advance e by the entry's step; taken branches and jumps within the page chain
//     straight to their target's run; everything else goes back to the outer loop.
// Exactness of the retired count: `rem` is the budget left after charging the current run,
// so instructions retired before entry e = budget - rem - run(e) (see decode.ts).
// pc is only materialised when needed: pc(e) = pageVA + (e - pageBase) / 8.
// Handlers that fall through advance e by a constant (32, or 16 for the RVC twins in
// ops.ts): loading the entry's step would put a memory load on the loop-carried chain.
// Guest registers live in the state block (x0 is never written: destinations x0 go to a
// sink word), so nothing needs copying in or out around run().
import {
  STATE_BASE, HART_PC, HART_INSTRET, HART_CAUSE, HART_FCSR,
  TRAP_BUDGET, TRAP_ILLEGAL, TRAP_ECALL_U, TRAP_BREAKPOINT,
} from "./layout";
import { SCRATCH, TLB_R, TLB_R_MASK, TLB_W, TLB_W_MASK } from "./memmap";
import * as O from "./ops";
import { E_OP, E_STEP, E_RUN, E_IMM, E_RD, E_RS1, E_RS2, E_AUX } from "./ops";
import { tlbLookup, checkSatp } from "./tlb";
import { fetchPage, loadSlow, storeSlow } from "./mmu";
import { decodeRun, prepareScratch } from "./decode";
import { invalidateAllCode } from "./dcache";
import { gTrap, gCodeDirty, raise, clearTrap, clearCodeDirty } from "./trap";
import { csrExec } from "./csr";
import { lr, sc, amo } from "./amo";
import { mulh, mulhu, mulhsu, div64, divu64, rem64, remu64, divw, divuw, remw, remuw } from "./alu";
import * as F from "./fpu";

// ---- entry fields and registers (all inlined)
// @ts-ignore: decorator
@inline function RD(e: usize): usize { return <usize>load<u16>(e, E_RD); }
// @ts-ignore: decorator
@inline function RS1(e: usize): usize { return <usize>load<u16>(e, E_RS1); }
// @ts-ignore: decorator
@inline function RS2(e: usize): usize { return <usize>load<u16>(e, E_RS2); }
// @ts-ignore: decorator
@inline function RS3(e: usize): usize { return <usize>(load<u16>(e, E_AUX) & 0xFFF); }
// @ts-ignore: decorator
@inline function IMM(e: usize): u64 { return <u64><i64>load<i32>(e, E_IMM); }
// @ts-ignore: decorator
@inline function RUN(e: usize): u32 { return <u32>load<u16>(e, E_RUN); }
// @ts-ignore: decorator
@inline function STEP(e: usize): usize { return <usize>load<u8>(e, E_STEP); }
// @ts-ignore: decorator
@inline function X(off: usize): u64 { return load<u64>(off, STATE_BASE); }
// @ts-ignore: decorator
@inline function SETX(off: usize, v: u64): void { store<u64>(off, v, STATE_BASE); }
// @ts-ignore: decorator
@inline function X1(e: usize): u64 { return load<u64>(RS1(e), STATE_BASE); }
// @ts-ignore: decorator
@inline function X2(e: usize): u64 { return load<u64>(RS2(e), STATE_BASE); }
// @ts-ignore: decorator
@inline function W(e: usize, v: u64): void { store<u64>(RD(e), v, STATE_BASE); }
// @ts-ignore: decorator
@inline function sx(v: i32): u64 { return <u64><i64>v; }

// ---- NaN boxing (F chapter, "NaN Boxing of Narrower Values")
// @ts-ignore: decorator
@inline function unboxS(v: u64): u32 { return (v >> 32) == 0xFFFFFFFF ? <u32>v : 0x7FC00000; }
// @ts-ignore: decorator
@inline function boxS(v: u32): u64 { return 0xFFFFFFFF00000000 | <u64>v; }
// @ts-ignore: decorator
@inline function FS1(e: usize): u32 { return unboxS(X1(e)); }
// @ts-ignore: decorator
@inline function FS2(e: usize): u32 { return unboxS(X2(e)); }
// @ts-ignore: decorator
@inline function FS3(e: usize): u32 { return unboxS(X(RS3(e))); }
// @ts-ignore: decorator
@inline function WS(e: usize, v: u32): void { W(e, boxS(v)); }

/** The entry's rounding mode with DYN (7) resolved from frm; > 4 means illegal. */
// @ts-ignore: decorator
@inline function RM(e: usize): u32 {
  const rm = <u32>load<u16>(e, E_AUX) >> 12;
  return rm == 7 ? (<u32>load<u64>(STATE_BASE + HART_FCSR) >> 5) & 7 : rm;
}

const SIGN_S: u32 = 0x80000000;
const SIGN_D: u64 = 0x8000000000000000;

// ---- operation bodies, one definition each. Called with a constant op from the switch
// cases below (an op, its RVC twin and the fused pairs of ops.ts), so after inlining each
// use folds to the one arm it names.

/** Ops that always fall through and cannot trap. */
// @ts-ignore: decorator
@inline function simple(op: u32, e: usize): void {
  switch (op) {
    case O.OP_NOP: case O.OP_NOP_C: break;
    case O.OP_LI: case O.OP_LI_C: W(e, IMM(e)); break;
    case O.OP_MV: case O.OP_MV_C: W(e, X1(e)); break;
    // integer register-immediate
    case O.OP_ADDI: case O.OP_ADDI_C: W(e, X1(e) + IMM(e)); break;
    case O.OP_SLTI: W(e, <i64>X1(e) < <i64>IMM(e) ? 1 : 0); break;
    case O.OP_SLTIU: W(e, X1(e) < IMM(e) ? 1 : 0); break;
    case O.OP_XORI: W(e, X1(e) ^ IMM(e)); break;
    case O.OP_ORI: W(e, X1(e) | IMM(e)); break;
    case O.OP_ANDI: case O.OP_ANDI_C: W(e, X1(e) & IMM(e)); break;
    case O.OP_SLLI: case O.OP_SLLI_C: W(e, X1(e) << IMM(e)); break;
    case O.OP_SRLI: case O.OP_SRLI_C: W(e, X1(e) >> IMM(e)); break;
    case O.OP_SRAI: case O.OP_SRAI_C: W(e, <u64>(<i64>X1(e) >> <i64>IMM(e))); break;
    // integer register-register
    case O.OP_ADD: case O.OP_ADD_C: W(e, X1(e) + X2(e)); break;
    case O.OP_SUB: case O.OP_SUB_C: W(e, X1(e) - X2(e)); break;
    case O.OP_SLL: W(e, X1(e) << (X2(e) & 63)); break;
    case O.OP_SLT: W(e, <i64>X1(e) < <i64>X2(e) ? 1 : 0); break;
    case O.OP_SLTU: W(e, X1(e) < X2(e) ? 1 : 0); break;
    case O.OP_XOR: case O.OP_XOR_C: W(e, X1(e) ^ X2(e)); break;
    case O.OP_SRL: W(e, X1(e) >> (X2(e) & 63)); break;
    case O.OP_SRA: W(e, <u64>(<i64>X1(e) >> <i64>(X2(e) & 63))); break;
    case O.OP_OR: case O.OP_OR_C: W(e, X1(e) | X2(e)); break;
    case O.OP_AND: case O.OP_AND_C: W(e, X1(e) & X2(e)); break;
    // 32-bit (RV64I "W" forms): results sign-extended from bit 31
    case O.OP_ADDIW: case O.OP_ADDIW_C: W(e, sx(<i32>X1(e) + load<i32>(e, E_IMM))); break;
    case O.OP_SLLIW: W(e, sx(<i32>(<u32>X1(e) << <u32>load<i32>(e, E_IMM)))); break;
    case O.OP_SRLIW: W(e, sx(<i32>(<u32>X1(e) >>> <u32>load<i32>(e, E_IMM)))); break;
    case O.OP_SRAIW: W(e, sx(<i32>X1(e) >> load<i32>(e, E_IMM))); break;
    case O.OP_ADDW: case O.OP_ADDW_C: W(e, sx(<i32>X1(e) + <i32>X2(e))); break;
    case O.OP_SUBW: case O.OP_SUBW_C: W(e, sx(<i32>X1(e) - <i32>X2(e))); break;
    case O.OP_SLLW: W(e, sx(<i32>(<u32>X1(e) << (<u32>X2(e) & 31)))); break;
    case O.OP_SRLW: W(e, sx(<i32>(<u32>X1(e) >>> (<u32>X2(e) & 31)))); break;
    case O.OP_SRAW: W(e, sx(<i32>X1(e) >> (<i32>X2(e) & 31))); break;
    // M
    case O.OP_MUL: W(e, X1(e) * X2(e)); break;
    case O.OP_MULH: W(e, mulh(X1(e), X2(e))); break;
    case O.OP_MULHSU: W(e, mulhsu(X1(e), X2(e))); break;
    case O.OP_MULHU: W(e, mulhu(X1(e), X2(e))); break;
    case O.OP_DIV: W(e, div64(X1(e), X2(e))); break;
    case O.OP_DIVU: W(e, divu64(X1(e), X2(e))); break;
    case O.OP_REM: W(e, rem64(X1(e), X2(e))); break;
    case O.OP_REMU: W(e, remu64(X1(e), X2(e))); break;
    case O.OP_MULW: W(e, sx(<i32>X1(e) * <i32>X2(e))); break;
    case O.OP_DIVW: W(e, divw(X1(e), X2(e))); break;
    case O.OP_DIVUW: W(e, divuw(X1(e), X2(e))); break;
    case O.OP_REMW: W(e, remw(X1(e), X2(e))); break;
    case O.OP_REMUW: W(e, remuw(X1(e), X2(e))); break;
    // F and D without a rounding mode
    case O.OP_FSGNJ_S: W(e, boxS((FS1(e) & ~SIGN_S) | (FS2(e) & SIGN_S))); break;
    case O.OP_FSGNJN_S: W(e, boxS((FS1(e) & ~SIGN_S) | (~FS2(e) & SIGN_S))); break;
    case O.OP_FSGNJX_S: W(e, boxS(FS1(e) ^ (FS2(e) & SIGN_S))); break;
    case O.OP_FSGNJ_D: W(e, (X1(e) & ~SIGN_D) | (X2(e) & SIGN_D)); break;
    case O.OP_FSGNJN_D: W(e, (X1(e) & ~SIGN_D) | (~X2(e) & SIGN_D)); break;
    case O.OP_FSGNJX_D: W(e, X1(e) ^ (X2(e) & SIGN_D)); break;
    case O.OP_FMIN_S: WS(e, F.f32_min(FS1(e), FS2(e))); break;
    case O.OP_FMAX_S: WS(e, F.f32_max(FS1(e), FS2(e))); break;
    case O.OP_FMIN_D: W(e, F.f64_min(X1(e), X2(e))); break;
    case O.OP_FMAX_D: W(e, F.f64_max(X1(e), X2(e))); break;
    case O.OP_FEQ_S: W(e, F.f32_eq(FS1(e), FS2(e))); break;
    case O.OP_FLT_S: W(e, F.f32_lt(FS1(e), FS2(e))); break;
    case O.OP_FLE_S: W(e, F.f32_le(FS1(e), FS2(e))); break;
    case O.OP_FEQ_D: W(e, F.f64_eq(X1(e), X2(e))); break;
    case O.OP_FLT_D: W(e, F.f64_lt(X1(e), X2(e))); break;
    case O.OP_FLE_D: W(e, F.f64_le(X1(e), X2(e))); break;
    case O.OP_FCLASS_S: W(e, F.f32_class(FS1(e))); break;
    case O.OP_FCLASS_D: W(e, F.f64_class(X1(e))); break;
    // Moves transfer raw bits (no NaN-box check; fmv.x.w sign-extends bit 31).
    case O.OP_FMV_X_W: W(e, sx(<i32>X1(e))); break;
    case O.OP_FMV_X_D: W(e, X1(e)); break;
    case O.OP_FMV_W_X: W(e, boxS(<u32>X1(e))); break;
    case O.OP_FMV_D_X: W(e, X1(e)); break;
    default: unreachable();
  }
}

// Loads: read-TLB hit = one compare; miss, page-crossing or fault = slow path.
// Stores: write-TLB entries exist only for pages without cached code.
/** Loads and stores. Returns false after a trap or when the store dropped cached code. */
// @ts-ignore: decorator
@inline function mem(op: u32, e: usize): bool {
  const va = X1(e) + IMM(e);
  switch (op) {
    case O.OP_LB: {
      const a = tlbLookup(TLB_R, TLB_R_MASK, va, 0);
      let v: u64;
      if (a != 0) v = <u64><i64>load<i8>(a);
      else { v = <u64><i64><i8>loadSlow(va, 1); if (gTrap) return false; }
      W(e, v);
      return true;
    }
    case O.OP_LH: {
      const a = tlbLookup(TLB_R, TLB_R_MASK, va, 1);
      let v: u64;
      if (a != 0) v = <u64><i64>load<i16>(a);
      else { v = <u64><i64><i16>loadSlow(va, 2); if (gTrap) return false; }
      W(e, v);
      return true;
    }
    case O.OP_LW: case O.OP_LW_C: {
      const a = tlbLookup(TLB_R, TLB_R_MASK, va, 3);
      let v: u64;
      if (a != 0) v = <u64><i64>load<i32>(a);
      else { v = <u64><i64><i32>loadSlow(va, 4); if (gTrap) return false; }
      W(e, v);
      return true;
    }
    case O.OP_LD: case O.OP_LD_C: case O.OP_FLD: case O.OP_FLD_C: {
      const a = tlbLookup(TLB_R, TLB_R_MASK, va, 7);
      let v: u64;
      if (a != 0) v = load<u64>(a);
      else { v = loadSlow(va, 8); if (gTrap) return false; }
      W(e, v);
      return true;
    }
    case O.OP_LBU: {
      const a = tlbLookup(TLB_R, TLB_R_MASK, va, 0);
      let v: u64;
      if (a != 0) v = <u64>load<u8>(a);
      else { v = loadSlow(va, 1); if (gTrap) return false; }
      W(e, v);
      return true;
    }
    case O.OP_LHU: {
      const a = tlbLookup(TLB_R, TLB_R_MASK, va, 1);
      let v: u64;
      if (a != 0) v = <u64>load<u16>(a);
      else { v = loadSlow(va, 2); if (gTrap) return false; }
      W(e, v);
      return true;
    }
    case O.OP_LWU: case O.OP_FLW: {
      const a = tlbLookup(TLB_R, TLB_R_MASK, va, 3);
      let v: u64;
      if (a != 0) v = <u64>load<u32>(a);
      else { v = loadSlow(va, 4); if (gTrap) return false; }
      W(e, op == O.OP_FLW ? boxS(<u32>v) : v);
      return true;
    }
    case O.OP_SB: {
      const a = tlbLookup(TLB_W, TLB_W_MASK, va, 0);
      if (a != 0) { store<u8>(a, <u8>X2(e)); return true; }
      return storeSlow(va, X2(e), 1) == 0;
    }
    case O.OP_SH: {
      const a = tlbLookup(TLB_W, TLB_W_MASK, va, 1);
      if (a != 0) { store<u16>(a, <u16>X2(e)); return true; }
      return storeSlow(va, X2(e), 2) == 0;
    }
    case O.OP_SW: case O.OP_SW_C: case O.OP_FSW: {
      const a = tlbLookup(TLB_W, TLB_W_MASK, va, 3);
      if (a != 0) { store<u32>(a, <u32>X2(e)); return true; }
      return storeSlow(va, X2(e), 4) == 0;
    }
    case O.OP_SD: case O.OP_SD_C: case O.OP_FSD: case O.OP_FSD_C: {
      const a = tlbLookup(TLB_W, TLB_W_MASK, va, 7);
      if (a != 0) { store<u64>(a, X2(e)); return true; }
      return storeSlow(va, X2(e), 8) == 0;
    }
    default: unreachable();
  }
  return false;
}

/** Whether the conditional branch at e is taken. */
// @ts-ignore: decorator
@inline function taken(op: u32, e: usize): bool {
  switch (op) {
    case O.OP_BEQ: case O.OP_BEQ_C: case O.OP_BEQ_L: return X1(e) == X2(e);
    case O.OP_BNE: case O.OP_BNE_C: case O.OP_BNE_L: return X1(e) != X2(e);
    case O.OP_BLT: case O.OP_BLT_L: return <i64>X1(e) < <i64>X2(e);
    case O.OP_BGE: case O.OP_BGE_L: return <i64>X1(e) >= <i64>X2(e);
    case O.OP_BLTU: case O.OP_BLTU_L: return X1(e) < X2(e);
    case O.OP_BGEU: case O.OP_BGEU_L: return X1(e) >= X2(e);
    case O.OP_BEQZ_L: case O.OP_BEQZ_L_C: return X1(e) == 0;
    case O.OP_BNEZ_L: case O.OP_BNEZ_L_C: return X1(e) != 0;
    default: unreachable();
  }
  return false;
}

/** Store pc and the retired count, and hand `code` back to the host. */
function leave(pc: u64, retired: u32, code: u32): u32 {
  store<u64>(STATE_BASE + HART_PC, pc);
  store<u64>(STATE_BASE + HART_INSTRET, load<u64>(STATE_BASE + HART_INSTRET) + <u64>retired);
  clearTrap();
  clearCodeDirty();
  return code;
}

// @ts-ignore: decorator
@inline function cause(): u32 {
  return <u32>load<u64>(STATE_BASE + HART_CAUSE);
}

// Ways of leaving the switch with `break` (besides a plain end of run with pc set).
const SP_TRAP: u32 = 1; // a trap was raised at e, or the instruction at e dropped cached code
const SP_LOCAL: u32 = 2; // a taken jump or branch to entry t of the same page

export function execute(budget: u32): u32 {
  let rem: u32 = budget;
  let pc: u64 = load<u64>(STATE_BASE + HART_PC);
  let fetchVA: u64 = 1; // page of the one-entry fetch cache; 1 = none
  let pageVA: u64 = 0; // pc(e) = pageVA + (e - pageBase) / 8
  let pageBase: usize = 0;
  let e: usize = 0;
  let t: usize = 0; // target entry of a same-page jump (SP_LOCAL)
  let special: u32 = 0;
  clearTrap();
  clearCodeDirty();
  checkSatp();
  while (true) {
    // ---------------- run entry
    if (rem == 0) return leave(pc, budget, TRAP_BUDGET);
    if ((pc & ~<u64>0xFFF) != fetchVA) {
      const b = fetchPage(pc);
      if (b == 0) return leave(pc, budget - rem, cause());
      fetchVA = pc & ~<u64>0xFFF;
      pageVA = fetchVA;
      pageBase = b;
    }
    e = pageBase + ((<usize>pc & 0xFFF) << 3);
    if (load<u8>(e, E_OP) == 0) decodeRun(e, pageBase);
    let n = RUN(e);
    if (n - 1 >= rem) {
      // The run is longer than the budget left (or straddles a page): run a copy that stops in time.
      const s = prepareScratch(e, pc, rem);
      if (s == 0) return leave(pc, budget - rem, cause());
      e = s;
      n = RUN(e);
      pageVA = pc & ~<u64>0xFFF;
      pageBase = SCRATCH - ((<usize>pc & 0xFFF) << 3);
      fetchVA = 1;
    }
    rem -= n;
    // ---------------- entries
    while (true) {
      switch (<u32>load<u8>(e, E_OP)) {
        case O.OP_DECODE:
        case O.OP_PAGE_END:
        case O.OP_STEP_END:
        case O.OP_STRADDLE: {
          pc = pageVA + <u64>((e - pageBase) >> 3);
          break;
        }
        case O.OP_ILLEGAL: {
          raise(TRAP_ILLEGAL, <u64>load<u32>(e, E_IMM), 0);
          special = SP_TRAP;
          break;
        }
        case O.OP_AUIPC: { W(e, pageVA + <u64>((e - pageBase) >> 3) + IMM(e)); e += 32; continue; }
        // ---- jumps (they end runs; the link uses the entry's step)
        case O.OP_JAL: {
          const here = pageVA + <u64>((e - pageBase) >> 3);
          W(e, here + <u64>(STEP(e) >> 3));
          pc = here + IMM(e);
          break;
        }
        case O.OP_JAL_L: {
          W(e, pageVA + <u64>((e - pageBase) >> 3) + <u64>(STEP(e) >> 3));
          t = e + (<usize>load<i32>(e, E_IMM) << 3);
          special = SP_LOCAL;
          break;
        }
        case O.OP_J_L: {
          t = e + (<usize>load<i32>(e, E_IMM) << 3);
          special = SP_LOCAL;
          break;
        }
        case O.OP_JALR: {
          const target = (X1(e) + IMM(e)) & ~<u64>1;
          W(e, pageVA + <u64>((e - pageBase) >> 3) + <u64>(STEP(e) >> 3));
          pc = target;
          break;
        }
        // ---- conditional branches: not taken = next entry; taken leaves the run, refunding
        // the rest of it (to another page: via run entry; same page: SP_LOCAL chaining).
        case O.OP_BEQ: { if (taken(O.OP_BEQ, e)) { rem += RUN(e) - 1; pc = pageVA + <u64>((e - pageBase) >> 3) + IMM(e); break; } e += 32; continue; }
        case O.OP_BEQ_C: { if (taken(O.OP_BEQ_C, e)) { rem += RUN(e) - 1; pc = pageVA + <u64>((e - pageBase) >> 3) + IMM(e); break; } e += 16; continue; }
        case O.OP_BNE: { if (taken(O.OP_BNE, e)) { rem += RUN(e) - 1; pc = pageVA + <u64>((e - pageBase) >> 3) + IMM(e); break; } e += 32; continue; }
        case O.OP_BNE_C: { if (taken(O.OP_BNE_C, e)) { rem += RUN(e) - 1; pc = pageVA + <u64>((e - pageBase) >> 3) + IMM(e); break; } e += 16; continue; }
        case O.OP_BLT: { if (taken(O.OP_BLT, e)) { rem += RUN(e) - 1; pc = pageVA + <u64>((e - pageBase) >> 3) + IMM(e); break; } e += 32; continue; }
        case O.OP_BGE: { if (taken(O.OP_BGE, e)) { rem += RUN(e) - 1; pc = pageVA + <u64>((e - pageBase) >> 3) + IMM(e); break; } e += 32; continue; }
        case O.OP_BLTU: { if (taken(O.OP_BLTU, e)) { rem += RUN(e) - 1; pc = pageVA + <u64>((e - pageBase) >> 3) + IMM(e); break; } e += 32; continue; }
        case O.OP_BGEU: { if (taken(O.OP_BGEU, e)) { rem += RUN(e) - 1; pc = pageVA + <u64>((e - pageBase) >> 3) + IMM(e); break; } e += 32; continue; }
        case O.OP_BEQ_L: { if (taken(O.OP_BEQ_L, e)) { rem += RUN(e) - 1; t = e + (<usize>load<i32>(e, E_IMM) << 3); special = SP_LOCAL; break; } e += 32; continue; }
        case O.OP_BNE_L: { if (taken(O.OP_BNE_L, e)) { rem += RUN(e) - 1; t = e + (<usize>load<i32>(e, E_IMM) << 3); special = SP_LOCAL; break; } e += 32; continue; }
        case O.OP_BLT_L: { if (taken(O.OP_BLT_L, e)) { rem += RUN(e) - 1; t = e + (<usize>load<i32>(e, E_IMM) << 3); special = SP_LOCAL; break; } e += 32; continue; }
        case O.OP_BGE_L: { if (taken(O.OP_BGE_L, e)) { rem += RUN(e) - 1; t = e + (<usize>load<i32>(e, E_IMM) << 3); special = SP_LOCAL; break; } e += 32; continue; }
        case O.OP_BLTU_L: { if (taken(O.OP_BLTU_L, e)) { rem += RUN(e) - 1; t = e + (<usize>load<i32>(e, E_IMM) << 3); special = SP_LOCAL; break; } e += 32; continue; }
        case O.OP_BGEU_L: { if (taken(O.OP_BGEU_L, e)) { rem += RUN(e) - 1; t = e + (<usize>load<i32>(e, E_IMM) << 3); special = SP_LOCAL; break; } e += 32; continue; }
        case O.OP_BEQZ_L: { if (taken(O.OP_BEQZ_L, e)) { rem += RUN(e) - 1; t = e + (<usize>load<i32>(e, E_IMM) << 3); special = SP_LOCAL; break; } e += 32; continue; }
        case O.OP_BEQZ_L_C: { if (taken(O.OP_BEQZ_L_C, e)) { rem += RUN(e) - 1; t = e + (<usize>load<i32>(e, E_IMM) << 3); special = SP_LOCAL; break; } e += 16; continue; }
        case O.OP_BNEZ_L: { if (taken(O.OP_BNEZ_L, e)) { rem += RUN(e) - 1; t = e + (<usize>load<i32>(e, E_IMM) << 3); special = SP_LOCAL; break; } e += 32; continue; }
        case O.OP_BNEZ_L_C: { if (taken(O.OP_BNEZ_L_C, e)) { rem += RUN(e) - 1; t = e + (<usize>load<i32>(e, E_IMM) << 3); special = SP_LOCAL; break; } e += 16; continue; }
        // ---- loads and stores
        case O.OP_LB: { if (!mem(O.OP_LB, e)) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_LH: { if (!mem(O.OP_LH, e)) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_LW: { if (!mem(O.OP_LW, e)) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_LD: { if (!mem(O.OP_LD, e)) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_LBU: { if (!mem(O.OP_LBU, e)) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_LHU: { if (!mem(O.OP_LHU, e)) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_LWU: { if (!mem(O.OP_LWU, e)) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_FLW: { if (!mem(O.OP_FLW, e)) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_FLD: { if (!mem(O.OP_FLD, e)) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_SB: { if (!mem(O.OP_SB, e)) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_SH: { if (!mem(O.OP_SH, e)) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_SW: { if (!mem(O.OP_SW, e)) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_SD: { if (!mem(O.OP_SD, e)) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_FSW: { if (!mem(O.OP_FSW, e)) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_FSD: { if (!mem(O.OP_FSD, e)) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_LW_C: { if (!mem(O.OP_LW_C, e)) { special = SP_TRAP; break; } e += 16; continue; }
        case O.OP_LD_C: { if (!mem(O.OP_LD_C, e)) { special = SP_TRAP; break; } e += 16; continue; }
        case O.OP_FLD_C: { if (!mem(O.OP_FLD_C, e)) { special = SP_TRAP; break; } e += 16; continue; }
        case O.OP_SW_C: { if (!mem(O.OP_SW_C, e)) { special = SP_TRAP; break; } e += 16; continue; }
        case O.OP_SD_C: { if (!mem(O.OP_SD_C, e)) { special = SP_TRAP; break; } e += 16; continue; }
        case O.OP_FSD_C: { if (!mem(O.OP_FSD_C, e)) { special = SP_TRAP; break; } e += 16; continue; }
        // ---- integer ops that fall through
        case O.OP_NOP: { simple(O.OP_NOP, e); e += 32; continue; }
        case O.OP_LI: { simple(O.OP_LI, e); e += 32; continue; }
        case O.OP_MV: { simple(O.OP_MV, e); e += 32; continue; }
        case O.OP_ADDI: { simple(O.OP_ADDI, e); e += 32; continue; }
        case O.OP_SLTI: { simple(O.OP_SLTI, e); e += 32; continue; }
        case O.OP_SLTIU: { simple(O.OP_SLTIU, e); e += 32; continue; }
        case O.OP_XORI: { simple(O.OP_XORI, e); e += 32; continue; }
        case O.OP_ORI: { simple(O.OP_ORI, e); e += 32; continue; }
        case O.OP_ANDI: { simple(O.OP_ANDI, e); e += 32; continue; }
        case O.OP_SLLI: { simple(O.OP_SLLI, e); e += 32; continue; }
        case O.OP_SRLI: { simple(O.OP_SRLI, e); e += 32; continue; }
        case O.OP_SRAI: { simple(O.OP_SRAI, e); e += 32; continue; }
        case O.OP_ADD: { simple(O.OP_ADD, e); e += 32; continue; }
        case O.OP_SUB: { simple(O.OP_SUB, e); e += 32; continue; }
        case O.OP_SLL: { simple(O.OP_SLL, e); e += 32; continue; }
        case O.OP_SLT: { simple(O.OP_SLT, e); e += 32; continue; }
        case O.OP_SLTU: { simple(O.OP_SLTU, e); e += 32; continue; }
        case O.OP_XOR: { simple(O.OP_XOR, e); e += 32; continue; }
        case O.OP_SRL: { simple(O.OP_SRL, e); e += 32; continue; }
        case O.OP_SRA: { simple(O.OP_SRA, e); e += 32; continue; }
        case O.OP_OR: { simple(O.OP_OR, e); e += 32; continue; }
        case O.OP_AND: { simple(O.OP_AND, e); e += 32; continue; }
        case O.OP_ADDIW: { simple(O.OP_ADDIW, e); e += 32; continue; }
        case O.OP_SLLIW: { simple(O.OP_SLLIW, e); e += 32; continue; }
        case O.OP_SRLIW: { simple(O.OP_SRLIW, e); e += 32; continue; }
        case O.OP_SRAIW: { simple(O.OP_SRAIW, e); e += 32; continue; }
        case O.OP_ADDW: { simple(O.OP_ADDW, e); e += 32; continue; }
        case O.OP_SUBW: { simple(O.OP_SUBW, e); e += 32; continue; }
        case O.OP_SLLW: { simple(O.OP_SLLW, e); e += 32; continue; }
        case O.OP_SRLW: { simple(O.OP_SRLW, e); e += 32; continue; }
        case O.OP_SRAW: { simple(O.OP_SRAW, e); e += 32; continue; }
        case O.OP_MUL: { simple(O.OP_MUL, e); e += 32; continue; }
        case O.OP_MULH: { simple(O.OP_MULH, e); e += 32; continue; }
        case O.OP_MULHSU: { simple(O.OP_MULHSU, e); e += 32; continue; }
        case O.OP_MULHU: { simple(O.OP_MULHU, e); e += 32; continue; }
        case O.OP_DIV: { simple(O.OP_DIV, e); e += 32; continue; }
        case O.OP_DIVU: { simple(O.OP_DIVU, e); e += 32; continue; }
        case O.OP_REM: { simple(O.OP_REM, e); e += 32; continue; }
        case O.OP_REMU: { simple(O.OP_REMU, e); e += 32; continue; }
        case O.OP_MULW: { simple(O.OP_MULW, e); e += 32; continue; }
        case O.OP_DIVW: { simple(O.OP_DIVW, e); e += 32; continue; }
        case O.OP_DIVUW: { simple(O.OP_DIVUW, e); e += 32; continue; }
        case O.OP_REMW: { simple(O.OP_REMW, e); e += 32; continue; }
        case O.OP_REMUW: { simple(O.OP_REMUW, e); e += 32; continue; }
        case O.OP_NOP_C: { simple(O.OP_NOP_C, e); e += 16; continue; }
        case O.OP_LI_C: { simple(O.OP_LI_C, e); e += 16; continue; }
        case O.OP_MV_C: { simple(O.OP_MV_C, e); e += 16; continue; }
        case O.OP_ADDI_C: { simple(O.OP_ADDI_C, e); e += 16; continue; }
        case O.OP_ANDI_C: { simple(O.OP_ANDI_C, e); e += 16; continue; }
        case O.OP_SLLI_C: { simple(O.OP_SLLI_C, e); e += 16; continue; }
        case O.OP_SRLI_C: { simple(O.OP_SRLI_C, e); e += 16; continue; }
        case O.OP_SRAI_C: { simple(O.OP_SRAI_C, e); e += 16; continue; }
        case O.OP_ADD_C: { simple(O.OP_ADD_C, e); e += 16; continue; }
        case O.OP_SUB_C: { simple(O.OP_SUB_C, e); e += 16; continue; }
        case O.OP_XOR_C: { simple(O.OP_XOR_C, e); e += 16; continue; }
        case O.OP_OR_C: { simple(O.OP_OR_C, e); e += 16; continue; }
        case O.OP_AND_C: { simple(O.OP_AND_C, e); e += 16; continue; }
        case O.OP_ADDIW_C: { simple(O.OP_ADDIW_C, e); e += 16; continue; }
        case O.OP_ADDW_C: { simple(O.OP_ADDW_C, e); e += 16; continue; }
        case O.OP_SUBW_C: { simple(O.OP_SUBW_C, e); e += 16; continue; }
        // ---- system
        case O.OP_FENCE_I: {
          invalidateAllCode(); // sets gCodeDirty: continue after this instruction, refetching
          special = SP_TRAP;
          break;
        }
        case O.OP_ECALL: {
          raise(TRAP_ECALL_U, 0, 0);
          special = SP_TRAP;
          break;
        }
        case O.OP_EBREAK: {
          raise(TRAP_BREAKPOINT, pageVA + <u64>((e - pageBase) >> 3), 0);
          special = SP_TRAP;
          break;
        }
        case O.OP_CSR: {
          if (!csrExec(e, <u64>(budget - rem - RUN(e)))) { special = SP_TRAP; break; }
          e += 32; continue;
        }
        // ---- A
        case O.OP_LR_W: { if (lr(e, false) != 0) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_LR_D: { if (lr(e, true) != 0) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_SC_W: { if (sc(e, false) != 0) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_SC_D: { if (sc(e, true) != 0) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_AMO_W: { if (amo(e, false) != 0) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_AMO_D: { if (amo(e, true) != 0) { special = SP_TRAP; break; } e += 32; continue; }
        // ---- F and D. Ops with a rounding mode trap as illegal when DYN finds frm invalid.
        case O.OP_FMADD_S: case O.OP_FMSUB_S: case O.OP_FNMSUB_S: case O.OP_FNMADD_S: {
          const rm = RM(e);
          if (rm > 4) { raise(TRAP_ILLEGAL, <u64>load<u32>(e, E_IMM), 0); special = SP_TRAP; break; }
          const k = <u32>load<u8>(e, E_OP) - O.OP_FMADD_S; // 0 fmadd, 1 fmsub, 2 fnmsub, 3 fnmadd
          const na: u32 = k >= 2 ? SIGN_S : 0;
          const nc: u32 = k == 1 || k == 3 ? SIGN_S : 0;
          WS(e, F.f32_fma(FS1(e) ^ na, FS2(e), FS3(e) ^ nc, rm));
          e += 32; continue;
        }
        case O.OP_FMADD_D: case O.OP_FMSUB_D: case O.OP_FNMSUB_D: case O.OP_FNMADD_D: {
          const rm = RM(e);
          if (rm > 4) { raise(TRAP_ILLEGAL, <u64>load<u32>(e, E_IMM), 0); special = SP_TRAP; break; }
          const k = <u32>load<u8>(e, E_OP) - O.OP_FMADD_D;
          const na: u64 = k >= 2 ? SIGN_D : 0;
          const nc: u64 = k == 1 || k == 3 ? SIGN_D : 0;
          W(e, F.f64_fma(X1(e) ^ na, X2(e), X(RS3(e)) ^ nc, rm));
          e += 32; continue;
        }
        case O.OP_FADD_S: case O.OP_FSUB_S: case O.OP_FMUL_S: case O.OP_FDIV_S: case O.OP_FSQRT_S:
        case O.OP_FADD_D: case O.OP_FSUB_D: case O.OP_FMUL_D: case O.OP_FDIV_D: case O.OP_FSQRT_D:
        case O.OP_FCVT_S_D: case O.OP_FCVT_D_S:
        case O.OP_FCVT_W_S: case O.OP_FCVT_WU_S: case O.OP_FCVT_L_S: case O.OP_FCVT_LU_S:
        case O.OP_FCVT_W_D: case O.OP_FCVT_WU_D: case O.OP_FCVT_L_D: case O.OP_FCVT_LU_D:
        case O.OP_FCVT_S_W: case O.OP_FCVT_S_WU: case O.OP_FCVT_S_L: case O.OP_FCVT_S_LU:
        case O.OP_FCVT_D_W: case O.OP_FCVT_D_WU: case O.OP_FCVT_D_L: case O.OP_FCVT_D_LU: {
          const rm = RM(e);
          if (rm > 4) { raise(TRAP_ILLEGAL, <u64>load<u32>(e, E_IMM), 0); special = SP_TRAP; break; }
          W(e, fpRounded(e, <u32>load<u8>(e, E_OP), rm));
          e += 32; continue;
        }
        // ---- F and D without a rounding mode
        case O.OP_FSGNJ_S: { simple(O.OP_FSGNJ_S, e); e += 32; continue; }
        case O.OP_FSGNJN_S: { simple(O.OP_FSGNJN_S, e); e += 32; continue; }
        case O.OP_FSGNJX_S: { simple(O.OP_FSGNJX_S, e); e += 32; continue; }
        case O.OP_FSGNJ_D: { simple(O.OP_FSGNJ_D, e); e += 32; continue; }
        case O.OP_FSGNJN_D: { simple(O.OP_FSGNJN_D, e); e += 32; continue; }
        case O.OP_FSGNJX_D: { simple(O.OP_FSGNJX_D, e); e += 32; continue; }
        case O.OP_FMIN_S: { simple(O.OP_FMIN_S, e); e += 32; continue; }
        case O.OP_FMAX_S: { simple(O.OP_FMAX_S, e); e += 32; continue; }
        case O.OP_FMIN_D: { simple(O.OP_FMIN_D, e); e += 32; continue; }
        case O.OP_FMAX_D: { simple(O.OP_FMAX_D, e); e += 32; continue; }
        case O.OP_FEQ_S: { simple(O.OP_FEQ_S, e); e += 32; continue; }
        case O.OP_FLT_S: { simple(O.OP_FLT_S, e); e += 32; continue; }
        case O.OP_FLE_S: { simple(O.OP_FLE_S, e); e += 32; continue; }
        case O.OP_FEQ_D: { simple(O.OP_FEQ_D, e); e += 32; continue; }
        case O.OP_FLT_D: { simple(O.OP_FLT_D, e); e += 32; continue; }
        case O.OP_FLE_D: { simple(O.OP_FLE_D, e); e += 32; continue; }
        case O.OP_FCLASS_S: { simple(O.OP_FCLASS_S, e); e += 32; continue; }
        case O.OP_FCLASS_D: { simple(O.OP_FCLASS_D, e); e += 32; continue; }
        case O.OP_FMV_X_W: { simple(O.OP_FMV_X_W, e); e += 32; continue; }
        case O.OP_FMV_X_D: { simple(O.OP_FMV_X_D, e); e += 32; continue; }
        case O.OP_FMV_W_X: { simple(O.OP_FMV_W_X, e); e += 32; continue; }
        case O.OP_FMV_D_X: { simple(O.OP_FMV_D_X, e); e += 32; continue; }
        default: {
          // Unknown op id: cannot happen for entries written by the decoder.
          unreachable();
        }
      }
      // Reached by `break` from the switch.
      if (special != 0) {
        if (special == SP_LOCAL) {
          // Chain to the target's run when it is decoded and fits the budget left.
          special = 0;
          const m = RUN(t);
          if (m - 1 < rem) { rem -= m; e = t; continue; }
          pc = pageVA + <u64>((t - pageBase) >> 3);
          break;
        }
        special = 0;
        if (gTrap != 0) return leave(pageVA + <u64>((e - pageBase) >> 3), budget - rem - RUN(e), cause());
        // Cached code was dropped by the instruction at e, which completed: continue after
        // it, refunding the rest of the run and refetching through the fetch TLB.
        clearCodeDirty();
        rem += RUN(e) - 1;
        pc = pageVA + <u64>((e - pageBase) >> 3) + <u64>(STEP(e) >> 3);
        fetchVA = 1;
      }
      break;
    }
  }
  return 0;
}

/** FP ops that take a rounding mode, other than the FMAs (not inlined: kept off the hot
 *  integer path). Returns the destination register value. */
function fpRounded(e: usize, op: u32, rm: u32): u64 {
  switch (op) {
    case O.OP_FADD_S: return boxS(F.f32_add(FS1(e), FS2(e), rm));
    case O.OP_FSUB_S: return boxS(F.f32_sub(FS1(e), FS2(e), rm));
    case O.OP_FMUL_S: return boxS(F.f32_mul(FS1(e), FS2(e), rm));
    case O.OP_FDIV_S: return boxS(F.f32_div(FS1(e), FS2(e), rm));
    case O.OP_FSQRT_S: return boxS(F.f32_sqrt(FS1(e), rm));
    case O.OP_FADD_D: return F.f64_add(X1(e), X2(e), rm);
    case O.OP_FSUB_D: return F.f64_sub(X1(e), X2(e), rm);
    case O.OP_FMUL_D: return F.f64_mul(X1(e), X2(e), rm);
    case O.OP_FDIV_D: return F.f64_div(X1(e), X2(e), rm);
    case O.OP_FSQRT_D: return F.f64_sqrt(X1(e), rm);
    case O.OP_FCVT_S_D: return boxS(F.f64_to_f32(X1(e), rm));
    case O.OP_FCVT_D_S: return F.f32_to_f64(FS1(e));
    case O.OP_FCVT_W_S: return F.f32_to_i32(FS1(e), rm);
    case O.OP_FCVT_WU_S: return F.f32_to_u32(FS1(e), rm);
    case O.OP_FCVT_L_S: return F.f32_to_i64(FS1(e), rm);
    case O.OP_FCVT_LU_S: return F.f32_to_u64(FS1(e), rm);
    case O.OP_FCVT_W_D: return F.f64_to_i32(X1(e), rm);
    case O.OP_FCVT_WU_D: return F.f64_to_u32(X1(e), rm);
    case O.OP_FCVT_L_D: return F.f64_to_i64(X1(e), rm);
    case O.OP_FCVT_LU_D: return F.f64_to_u64(X1(e), rm);
    case O.OP_FCVT_S_W: return boxS(F.i32_to_f32(X1(e), rm));
    case O.OP_FCVT_S_WU: return boxS(F.u32_to_f32(X1(e), rm));
    case O.OP_FCVT_S_L: return boxS(F.i64_to_f32(X1(e), rm));
    case O.OP_FCVT_S_LU: return boxS(F.u64_to_f32(X1(e), rm));
    case O.OP_FCVT_D_W: return F.i32_to_f64(X1(e), rm);
    case O.OP_FCVT_D_WU: return F.u32_to_f64(X1(e), rm);
    case O.OP_FCVT_D_L: return F.i64_to_f64(X1(e), rm);
    default: return F.u64_to_f64(X1(e), rm); // OP_FCVT_D_LU
  }
}
