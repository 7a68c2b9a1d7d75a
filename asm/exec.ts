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
import { SCRATCH, TLB_R, TLB_R_MASK, TLB_W, TLB_W_MASK, SLOT_HEADER, JSTATUS, JTRAP_LEFT } from "./memmap";
import { SLOT_JIT, SLOT_HOT, JIT_EXIT_NORMAL, JIT_EXIT_MISS, JIT_EXIT_INTERP } from "./layout";
import { gJitThreshold, gJitEntryWatch, gJitHeatFrom, jitHot, jitMiss, jitStub, noteEntry, noteHeat, countJitCall } from "./jit";
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

// ---- operation bodies, one definition each, shared by an op, its RVC twin and the fused
// pairs of ops.ts that contain it. Named sX (falls through, cannot trap), mX (load or store:
// false after a trap or when the store dropped cached code) and tX (branch taken).

// @ts-ignore: decorator
@inline function sNOP(e: usize): void { }
// @ts-ignore: decorator
@inline function sLI(e: usize): void { W(e, IMM(e)); }
// @ts-ignore: decorator
@inline function sMV(e: usize): void { W(e, X1(e)); }
// integer register-immediate
// @ts-ignore: decorator
@inline function sADDI(e: usize): void { W(e, X1(e) + IMM(e)); }
// @ts-ignore: decorator
@inline function sSLTI(e: usize): void { W(e, <i64>X1(e) < <i64>IMM(e) ? 1 : 0); }
// @ts-ignore: decorator
@inline function sSLTIU(e: usize): void { W(e, X1(e) < IMM(e) ? 1 : 0); }
// @ts-ignore: decorator
@inline function sXORI(e: usize): void { W(e, X1(e) ^ IMM(e)); }
// @ts-ignore: decorator
@inline function sORI(e: usize): void { W(e, X1(e) | IMM(e)); }
// @ts-ignore: decorator
@inline function sANDI(e: usize): void { W(e, X1(e) & IMM(e)); }
// @ts-ignore: decorator
@inline function sSLLI(e: usize): void { W(e, X1(e) << IMM(e)); }
// @ts-ignore: decorator
@inline function sSRLI(e: usize): void { W(e, X1(e) >> IMM(e)); }
// @ts-ignore: decorator
@inline function sSRAI(e: usize): void { W(e, <u64>(<i64>X1(e) >> <i64>IMM(e))); }
// integer register-register
// @ts-ignore: decorator
@inline function sADD(e: usize): void { W(e, X1(e) + X2(e)); }
// @ts-ignore: decorator
@inline function sSUB(e: usize): void { W(e, X1(e) - X2(e)); }
// @ts-ignore: decorator
@inline function sSLL(e: usize): void { W(e, X1(e) << (X2(e) & 63)); }
// @ts-ignore: decorator
@inline function sSLT(e: usize): void { W(e, <i64>X1(e) < <i64>X2(e) ? 1 : 0); }
// @ts-ignore: decorator
@inline function sSLTU(e: usize): void { W(e, X1(e) < X2(e) ? 1 : 0); }
// @ts-ignore: decorator
@inline function sXOR(e: usize): void { W(e, X1(e) ^ X2(e)); }
// @ts-ignore: decorator
@inline function sSRL(e: usize): void { W(e, X1(e) >> (X2(e) & 63)); }
// @ts-ignore: decorator
@inline function sSRA(e: usize): void { W(e, <u64>(<i64>X1(e) >> <i64>(X2(e) & 63))); }
// @ts-ignore: decorator
@inline function sOR(e: usize): void { W(e, X1(e) | X2(e)); }
// @ts-ignore: decorator
@inline function sAND(e: usize): void { W(e, X1(e) & X2(e)); }
// 32-bit (RV64I "W" forms): results sign-extended from bit 31
// @ts-ignore: decorator
@inline function sADDIW(e: usize): void { W(e, sx(<i32>X1(e) + load<i32>(e, E_IMM))); }
// @ts-ignore: decorator
@inline function sSLLIW(e: usize): void { W(e, sx(<i32>(<u32>X1(e) << <u32>load<i32>(e, E_IMM)))); }
// @ts-ignore: decorator
@inline function sSRLIW(e: usize): void { W(e, sx(<i32>(<u32>X1(e) >>> <u32>load<i32>(e, E_IMM)))); }
// @ts-ignore: decorator
@inline function sSRAIW(e: usize): void { W(e, sx(<i32>X1(e) >> load<i32>(e, E_IMM))); }
// @ts-ignore: decorator
@inline function sADDW(e: usize): void { W(e, sx(<i32>X1(e) + <i32>X2(e))); }
// @ts-ignore: decorator
@inline function sSUBW(e: usize): void { W(e, sx(<i32>X1(e) - <i32>X2(e))); }
// @ts-ignore: decorator
@inline function sSLLW(e: usize): void { W(e, sx(<i32>(<u32>X1(e) << (<u32>X2(e) & 31)))); }
// @ts-ignore: decorator
@inline function sSRLW(e: usize): void { W(e, sx(<i32>(<u32>X1(e) >>> (<u32>X2(e) & 31)))); }
// @ts-ignore: decorator
@inline function sSRAW(e: usize): void { W(e, sx(<i32>X1(e) >> (<i32>X2(e) & 31))); }
// M
// @ts-ignore: decorator
@inline function sMUL(e: usize): void { W(e, X1(e) * X2(e)); }
// @ts-ignore: decorator
@inline function sMULH(e: usize): void { W(e, mulh(X1(e), X2(e))); }
// @ts-ignore: decorator
@inline function sMULHSU(e: usize): void { W(e, mulhsu(X1(e), X2(e))); }
// @ts-ignore: decorator
@inline function sMULHU(e: usize): void { W(e, mulhu(X1(e), X2(e))); }
// @ts-ignore: decorator
@inline function sDIV(e: usize): void { W(e, div64(X1(e), X2(e))); }
// @ts-ignore: decorator
@inline function sDIVU(e: usize): void { W(e, divu64(X1(e), X2(e))); }
// @ts-ignore: decorator
@inline function sREM(e: usize): void { W(e, rem64(X1(e), X2(e))); }
// @ts-ignore: decorator
@inline function sREMU(e: usize): void { W(e, remu64(X1(e), X2(e))); }
// @ts-ignore: decorator
@inline function sMULW(e: usize): void { W(e, sx(<i32>X1(e) * <i32>X2(e))); }
// @ts-ignore: decorator
@inline function sDIVW(e: usize): void { W(e, divw(X1(e), X2(e))); }
// @ts-ignore: decorator
@inline function sDIVUW(e: usize): void { W(e, divuw(X1(e), X2(e))); }
// @ts-ignore: decorator
@inline function sREMW(e: usize): void { W(e, remw(X1(e), X2(e))); }
// @ts-ignore: decorator
@inline function sREMUW(e: usize): void { W(e, remuw(X1(e), X2(e))); }
// F and D without a rounding mode
// @ts-ignore: decorator
@inline function sFSGNJ_S(e: usize): void { W(e, boxS((FS1(e) & ~SIGN_S) | (FS2(e) & SIGN_S))); }
// @ts-ignore: decorator
@inline function sFSGNJN_S(e: usize): void { W(e, boxS((FS1(e) & ~SIGN_S) | (~FS2(e) & SIGN_S))); }
// @ts-ignore: decorator
@inline function sFSGNJX_S(e: usize): void { W(e, boxS(FS1(e) ^ (FS2(e) & SIGN_S))); }
// @ts-ignore: decorator
@inline function sFSGNJ_D(e: usize): void { W(e, (X1(e) & ~SIGN_D) | (X2(e) & SIGN_D)); }
// @ts-ignore: decorator
@inline function sFSGNJN_D(e: usize): void { W(e, (X1(e) & ~SIGN_D) | (~X2(e) & SIGN_D)); }
// @ts-ignore: decorator
@inline function sFSGNJX_D(e: usize): void { W(e, X1(e) ^ (X2(e) & SIGN_D)); }
// @ts-ignore: decorator
@inline function sFMIN_S(e: usize): void { WS(e, F.f32_min(FS1(e), FS2(e))); }
// @ts-ignore: decorator
@inline function sFMAX_S(e: usize): void { WS(e, F.f32_max(FS1(e), FS2(e))); }
// @ts-ignore: decorator
@inline function sFMIN_D(e: usize): void { W(e, F.f64_min(X1(e), X2(e))); }
// @ts-ignore: decorator
@inline function sFMAX_D(e: usize): void { W(e, F.f64_max(X1(e), X2(e))); }
// @ts-ignore: decorator
@inline function sFEQ_S(e: usize): void { W(e, F.f32_eq(FS1(e), FS2(e))); }
// @ts-ignore: decorator
@inline function sFLT_S(e: usize): void { W(e, F.f32_lt(FS1(e), FS2(e))); }
// @ts-ignore: decorator
@inline function sFLE_S(e: usize): void { W(e, F.f32_le(FS1(e), FS2(e))); }
// @ts-ignore: decorator
@inline function sFEQ_D(e: usize): void { W(e, F.f64_eq(X1(e), X2(e))); }
// @ts-ignore: decorator
@inline function sFLT_D(e: usize): void { W(e, F.f64_lt(X1(e), X2(e))); }
// @ts-ignore: decorator
@inline function sFLE_D(e: usize): void { W(e, F.f64_le(X1(e), X2(e))); }
// @ts-ignore: decorator
@inline function sFCLASS_S(e: usize): void { W(e, F.f32_class(FS1(e))); }
// @ts-ignore: decorator
@inline function sFCLASS_D(e: usize): void { W(e, F.f64_class(X1(e))); }
// Moves transfer raw bits (no NaN-box check; fmv.x.w sign-extends bit 31).
// @ts-ignore: decorator
@inline function sFMV_X_W(e: usize): void { W(e, sx(<i32>X1(e))); }
// @ts-ignore: decorator
@inline function sFMV_X_D(e: usize): void { W(e, X1(e)); }
// @ts-ignore: decorator
@inline function sFMV_W_X(e: usize): void { W(e, boxS(<u32>X1(e))); }
// @ts-ignore: decorator
@inline function sFMV_D_X(e: usize): void { W(e, X1(e)); }

// Loads: read-TLB hit = one compare; miss, page-crossing or fault = slow path.
// Stores: write-TLB entries exist only for pages without cached code.
// @ts-ignore: decorator
@inline function mLB(e: usize): bool {
  const va = X1(e) + IMM(e);
  const a = tlbLookup(TLB_R, TLB_R_MASK, va, 0);
  let v: u64;
  if (a != 0) v = <u64><i64>load<i8>(a);
  else { v = <u64><i64><i8>loadSlow(va, 1); if (gTrap) return false; }
  W(e, v);
  return true;
}
// @ts-ignore: decorator
@inline function mLH(e: usize): bool {
  const va = X1(e) + IMM(e);
  const a = tlbLookup(TLB_R, TLB_R_MASK, va, 1);
  let v: u64;
  if (a != 0) v = <u64><i64>load<i16>(a);
  else { v = <u64><i64><i16>loadSlow(va, 2); if (gTrap) return false; }
  W(e, v);
  return true;
}
// @ts-ignore: decorator
@inline function mLW(e: usize): bool {
  const va = X1(e) + IMM(e);
  const a = tlbLookup(TLB_R, TLB_R_MASK, va, 3);
  let v: u64;
  if (a != 0) v = <u64><i64>load<i32>(a);
  else { v = <u64><i64><i32>loadSlow(va, 4); if (gTrap) return false; }
  W(e, v);
  return true;
}
// @ts-ignore: decorator
@inline function mLD(e: usize): bool {
  const va = X1(e) + IMM(e);
  const a = tlbLookup(TLB_R, TLB_R_MASK, va, 7);
  let v: u64;
  if (a != 0) v = load<u64>(a);
  else { v = loadSlow(va, 8); if (gTrap) return false; }
  W(e, v);
  return true;
}
// @ts-ignore: decorator
@inline function mLBU(e: usize): bool {
  const va = X1(e) + IMM(e);
  const a = tlbLookup(TLB_R, TLB_R_MASK, va, 0);
  let v: u64;
  if (a != 0) v = <u64>load<u8>(a);
  else { v = loadSlow(va, 1); if (gTrap) return false; }
  W(e, v);
  return true;
}
// @ts-ignore: decorator
@inline function mLHU(e: usize): bool {
  const va = X1(e) + IMM(e);
  const a = tlbLookup(TLB_R, TLB_R_MASK, va, 1);
  let v: u64;
  if (a != 0) v = <u64>load<u16>(a);
  else { v = loadSlow(va, 2); if (gTrap) return false; }
  W(e, v);
  return true;
}
// @ts-ignore: decorator
@inline function mLWU(e: usize): bool {
  const va = X1(e) + IMM(e);
  const a = tlbLookup(TLB_R, TLB_R_MASK, va, 3);
  let v: u64;
  if (a != 0) v = <u64>load<u32>(a);
  else { v = loadSlow(va, 4); if (gTrap) return false; }
  W(e, v);
  return true;
}
// @ts-ignore: decorator
@inline function mFLW(e: usize): bool {
  const va = X1(e) + IMM(e);
  const a = tlbLookup(TLB_R, TLB_R_MASK, va, 3);
  let v: u64;
  if (a != 0) v = <u64>load<u32>(a);
  else { v = loadSlow(va, 4); if (gTrap) return false; }
  W(e, boxS(<u32>v));
  return true;
}
// @ts-ignore: decorator
@inline function mSB(e: usize): bool {
  const va = X1(e) + IMM(e);
  const a = tlbLookup(TLB_W, TLB_W_MASK, va, 0);
  if (a != 0) { store<u8>(a, <u8>X2(e)); return true; }
  return storeSlow(va, X2(e), 1) == 0;
}
// @ts-ignore: decorator
@inline function mSH(e: usize): bool {
  const va = X1(e) + IMM(e);
  const a = tlbLookup(TLB_W, TLB_W_MASK, va, 1);
  if (a != 0) { store<u16>(a, <u16>X2(e)); return true; }
  return storeSlow(va, X2(e), 2) == 0;
}
// @ts-ignore: decorator
@inline function mSW(e: usize): bool {
  const va = X1(e) + IMM(e);
  const a = tlbLookup(TLB_W, TLB_W_MASK, va, 3);
  if (a != 0) { store<u32>(a, <u32>X2(e)); return true; }
  return storeSlow(va, X2(e), 4) == 0;
}
// @ts-ignore: decorator
@inline function mSD(e: usize): bool {
  const va = X1(e) + IMM(e);
  const a = tlbLookup(TLB_W, TLB_W_MASK, va, 7);
  if (a != 0) { store<u64>(a, X2(e)); return true; }
  return storeSlow(va, X2(e), 8) == 0;
}

// @ts-ignore: decorator
@inline function tBEQ(e: usize): bool { return X1(e) == X2(e); }
// @ts-ignore: decorator
@inline function tBNE(e: usize): bool { return X1(e) != X2(e); }
// @ts-ignore: decorator
@inline function tBLT(e: usize): bool { return <i64>X1(e) < <i64>X2(e); }
// @ts-ignore: decorator
@inline function tBGE(e: usize): bool { return <i64>X1(e) >= <i64>X2(e); }
// @ts-ignore: decorator
@inline function tBLTU(e: usize): bool { return X1(e) < X2(e); }
// @ts-ignore: decorator
@inline function tBGEU(e: usize): bool { return X1(e) >= X2(e); }
// @ts-ignore: decorator
@inline function tBEQZ_L(e: usize): bool { return X1(e) == 0; }
// @ts-ignore: decorator
@inline function tBNEZ_L(e: usize): bool { return X1(e) != 0; }

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

/** The budget of the run in progress (jitTrapEnd). */
let gRunBudget: u32 = 0;

/**
 * End the run compiled code left by throwing at a trap (a load or store that faulted: the
 * exception unwound execute()): pc and the trap's cause are set, JIT_TRAP_LEFT holds the
 * budget left with the trapping instruction refunded. Returns what run() would have.
 */
export function jitTrapEnd(): u32 {
  return leave(load<u64>(STATE_BASE + HART_PC), gRunBudget - load<u32>(JTRAP_LEFT), cause());
}

export function execute(budget: u32): u32 {
  gRunBudget = budget;
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
    if (gJitThreshold != 0) {
      // ---------------- JIT tier (jit.ts): run the page's compiled code, or count hotness
      const slot = pageBase - SLOT_HEADER;
      const fn = load<u32>(slot, SLOT_JIT);
      if (fn != 0) {
        store<u32>(JSTATUS, JIT_EXIT_NORMAL);
        countJitCall(); // before: a fault in compiled code throws out of run() (jitTrapEnd)
        const left = call_indirect<u32>(fn, pageVA, <u32>pc & 0xFFF, rem);
        if (gTrap != 0) return leave(load<u64>(STATE_BASE + HART_PC), budget - left, cause());
        if (left != rem) {
          // Progress: continue where it stopped (a store may have dropped cached code,
          // maybe this page's: look the page up again).
          rem = left;
          pc = load<u64>(STATE_BASE + HART_PC);
          clearCodeDirty();
          fetchVA = 1;
          continue;
        }
        // Nothing ran (budget too small, an op it leaves to us, or no such entry): interpret.
        // (The first entry of a run() resumes wherever the last one stopped: not a miss worth
        // recompiling for.)
        if (rem != budget) {
          const why = load<u32>(JSTATUS);
          if (why == JIT_EXIT_MISS) jitMiss(slot, pc);
          else if (why == JIT_EXIT_INTERP) jitStub(slot, pc);
        }
      } else {
        // Hotness counts the instructions interpreted in the page (whole runs, as charged).
        const h = load<u32>(slot, SLOT_HOT) + RUN(e);
        store<u32>(slot, h, SLOT_HOT);
        if (h >= gJitThreshold) {
          jitHot(slot, pc);
          if (load<u32>(slot, SLOT_JIT) != 0) continue;
        } else if (h >= gJitHeatFrom) {
          noteHeat(slot, <u32>pc & 0xFFF);
          if (h >= gJitEntryWatch) noteEntry(slot, <u32>pc & 0xFFF);
        }
      }
    }
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
        case O.OP_BEQ: { if (tBEQ(e)) { rem += RUN(e) - 1; pc = pageVA + <u64>((e - pageBase) >> 3) + IMM(e); break; } e += 32; continue; }
        case O.OP_BEQ_C: { if (tBEQ(e)) { rem += RUN(e) - 1; pc = pageVA + <u64>((e - pageBase) >> 3) + IMM(e); break; } e += 16; continue; }
        case O.OP_BNE: { if (tBNE(e)) { rem += RUN(e) - 1; pc = pageVA + <u64>((e - pageBase) >> 3) + IMM(e); break; } e += 32; continue; }
        case O.OP_BNE_C: { if (tBNE(e)) { rem += RUN(e) - 1; pc = pageVA + <u64>((e - pageBase) >> 3) + IMM(e); break; } e += 16; continue; }
        case O.OP_BLT: { if (tBLT(e)) { rem += RUN(e) - 1; pc = pageVA + <u64>((e - pageBase) >> 3) + IMM(e); break; } e += 32; continue; }
        case O.OP_BGE: { if (tBGE(e)) { rem += RUN(e) - 1; pc = pageVA + <u64>((e - pageBase) >> 3) + IMM(e); break; } e += 32; continue; }
        case O.OP_BLTU: { if (tBLTU(e)) { rem += RUN(e) - 1; pc = pageVA + <u64>((e - pageBase) >> 3) + IMM(e); break; } e += 32; continue; }
        case O.OP_BGEU: { if (tBGEU(e)) { rem += RUN(e) - 1; pc = pageVA + <u64>((e - pageBase) >> 3) + IMM(e); break; } e += 32; continue; }
        case O.OP_BEQ_L: { if (tBEQ(e)) { rem += RUN(e) - 1; t = e + (<usize>load<i32>(e, E_IMM) << 3); special = SP_LOCAL; break; } e += 32; continue; }
        case O.OP_BNE_L: { if (tBNE(e)) { rem += RUN(e) - 1; t = e + (<usize>load<i32>(e, E_IMM) << 3); special = SP_LOCAL; break; } e += 32; continue; }
        case O.OP_BLT_L: { if (tBLT(e)) { rem += RUN(e) - 1; t = e + (<usize>load<i32>(e, E_IMM) << 3); special = SP_LOCAL; break; } e += 32; continue; }
        case O.OP_BGE_L: { if (tBGE(e)) { rem += RUN(e) - 1; t = e + (<usize>load<i32>(e, E_IMM) << 3); special = SP_LOCAL; break; } e += 32; continue; }
        case O.OP_BLTU_L: { if (tBLTU(e)) { rem += RUN(e) - 1; t = e + (<usize>load<i32>(e, E_IMM) << 3); special = SP_LOCAL; break; } e += 32; continue; }
        case O.OP_BGEU_L: { if (tBGEU(e)) { rem += RUN(e) - 1; t = e + (<usize>load<i32>(e, E_IMM) << 3); special = SP_LOCAL; break; } e += 32; continue; }
        case O.OP_BEQZ_L: { if (tBEQZ_L(e)) { rem += RUN(e) - 1; t = e + (<usize>load<i32>(e, E_IMM) << 3); special = SP_LOCAL; break; } e += 32; continue; }
        case O.OP_BEQZ_L_C: { if (tBEQZ_L(e)) { rem += RUN(e) - 1; t = e + (<usize>load<i32>(e, E_IMM) << 3); special = SP_LOCAL; break; } e += 16; continue; }
        case O.OP_BNEZ_L: { if (tBNEZ_L(e)) { rem += RUN(e) - 1; t = e + (<usize>load<i32>(e, E_IMM) << 3); special = SP_LOCAL; break; } e += 32; continue; }
        case O.OP_BNEZ_L_C: { if (tBNEZ_L(e)) { rem += RUN(e) - 1; t = e + (<usize>load<i32>(e, E_IMM) << 3); special = SP_LOCAL; break; } e += 16; continue; }
        // ---- loads and stores
        case O.OP_LB: { if (!mLB(e)) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_LH: { if (!mLH(e)) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_LW: { if (!mLW(e)) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_LD: { if (!mLD(e)) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_LBU: { if (!mLBU(e)) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_LHU: { if (!mLHU(e)) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_LWU: { if (!mLWU(e)) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_FLW: { if (!mFLW(e)) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_FLD: { if (!mLD(e)) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_SB: { if (!mSB(e)) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_SH: { if (!mSH(e)) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_SW: { if (!mSW(e)) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_SD: { if (!mSD(e)) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_FSW: { if (!mSW(e)) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_FSD: { if (!mSD(e)) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_LW_C: { if (!mLW(e)) { special = SP_TRAP; break; } e += 16; continue; }
        case O.OP_LD_C: { if (!mLD(e)) { special = SP_TRAP; break; } e += 16; continue; }
        case O.OP_FLD_C: { if (!mLD(e)) { special = SP_TRAP; break; } e += 16; continue; }
        case O.OP_SW_C: { if (!mSW(e)) { special = SP_TRAP; break; } e += 16; continue; }
        case O.OP_SD_C: { if (!mSD(e)) { special = SP_TRAP; break; } e += 16; continue; }
        case O.OP_FSD_C: { if (!mSD(e)) { special = SP_TRAP; break; } e += 16; continue; }
        // ---- integer ops that fall through
        case O.OP_NOP: { sNOP(e); e += 32; continue; }
        case O.OP_LI: { sLI(e); e += 32; continue; }
        case O.OP_MV: { sMV(e); e += 32; continue; }
        case O.OP_ADDI: { sADDI(e); e += 32; continue; }
        case O.OP_SLTI: { sSLTI(e); e += 32; continue; }
        case O.OP_SLTIU: { sSLTIU(e); e += 32; continue; }
        case O.OP_XORI: { sXORI(e); e += 32; continue; }
        case O.OP_ORI: { sORI(e); e += 32; continue; }
        case O.OP_ANDI: { sANDI(e); e += 32; continue; }
        case O.OP_SLLI: { sSLLI(e); e += 32; continue; }
        case O.OP_SRLI: { sSRLI(e); e += 32; continue; }
        case O.OP_SRAI: { sSRAI(e); e += 32; continue; }
        case O.OP_ADD: { sADD(e); e += 32; continue; }
        case O.OP_SUB: { sSUB(e); e += 32; continue; }
        case O.OP_SLL: { sSLL(e); e += 32; continue; }
        case O.OP_SLT: { sSLT(e); e += 32; continue; }
        case O.OP_SLTU: { sSLTU(e); e += 32; continue; }
        case O.OP_XOR: { sXOR(e); e += 32; continue; }
        case O.OP_SRL: { sSRL(e); e += 32; continue; }
        case O.OP_SRA: { sSRA(e); e += 32; continue; }
        case O.OP_OR: { sOR(e); e += 32; continue; }
        case O.OP_AND: { sAND(e); e += 32; continue; }
        case O.OP_ADDIW: { sADDIW(e); e += 32; continue; }
        case O.OP_SLLIW: { sSLLIW(e); e += 32; continue; }
        case O.OP_SRLIW: { sSRLIW(e); e += 32; continue; }
        case O.OP_SRAIW: { sSRAIW(e); e += 32; continue; }
        case O.OP_ADDW: { sADDW(e); e += 32; continue; }
        case O.OP_SUBW: { sSUBW(e); e += 32; continue; }
        case O.OP_SLLW: { sSLLW(e); e += 32; continue; }
        case O.OP_SRLW: { sSRLW(e); e += 32; continue; }
        case O.OP_SRAW: { sSRAW(e); e += 32; continue; }
        case O.OP_MUL: { sMUL(e); e += 32; continue; }
        case O.OP_MULH: { sMULH(e); e += 32; continue; }
        case O.OP_MULHSU: { sMULHSU(e); e += 32; continue; }
        case O.OP_MULHU: { sMULHU(e); e += 32; continue; }
        case O.OP_DIV: { sDIV(e); e += 32; continue; }
        case O.OP_DIVU: { sDIVU(e); e += 32; continue; }
        case O.OP_REM: { sREM(e); e += 32; continue; }
        case O.OP_REMU: { sREMU(e); e += 32; continue; }
        case O.OP_MULW: { sMULW(e); e += 32; continue; }
        case O.OP_DIVW: { sDIVW(e); e += 32; continue; }
        case O.OP_DIVUW: { sDIVUW(e); e += 32; continue; }
        case O.OP_REMW: { sREMW(e); e += 32; continue; }
        case O.OP_REMUW: { sREMUW(e); e += 32; continue; }
        case O.OP_NOP_C: { sNOP(e); e += 16; continue; }
        case O.OP_LI_C: { sLI(e); e += 16; continue; }
        case O.OP_MV_C: { sMV(e); e += 16; continue; }
        case O.OP_ADDI_C: { sADDI(e); e += 16; continue; }
        case O.OP_ANDI_C: { sANDI(e); e += 16; continue; }
        case O.OP_SLLI_C: { sSLLI(e); e += 16; continue; }
        case O.OP_SRLI_C: { sSRLI(e); e += 16; continue; }
        case O.OP_SRAI_C: { sSRAI(e); e += 16; continue; }
        case O.OP_ADD_C: { sADD(e); e += 16; continue; }
        case O.OP_SUB_C: { sSUB(e); e += 16; continue; }
        case O.OP_XOR_C: { sXOR(e); e += 16; continue; }
        case O.OP_OR_C: { sOR(e); e += 16; continue; }
        case O.OP_AND_C: { sAND(e); e += 16; continue; }
        case O.OP_ADDIW_C: { sADDIW(e); e += 16; continue; }
        case O.OP_ADDW_C: { sADDW(e); e += 16; continue; }
        case O.OP_SUBW_C: { sSUBW(e); e += 16; continue; }
        // ---- fused pairs (ops.ts)
        case O.OP_F_SRLI_C__ADD_C: { sSRLI(e); e += 16; sADD(e); e += 16; continue; }
        case O.OP_F_SLLI__SRLI_C: { sSLLI(e); e += 32; sSRLI(e); e += 16; continue; }
        case O.OP_F_ADD_C__SB: { sADD(e); e += 16; if (!mSB(e)) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_F_SB__ADDW_C: { if (!mSB(e)) { special = SP_TRAP; break; } e += 32; sADDW(e); e += 16; continue; }
        case O.OP_F_ADDW_C__BLTU_L: { sADDW(e); e += 16; if (tBLTU(e)) { rem += RUN(e) - 1; t = e + (<usize>load<i32>(e, E_IMM) << 3); special = SP_LOCAL; break; } e += 32; continue; }
        case O.OP_F_MV_C__MV_C: { sMV(e); e += 16; sMV(e); e += 16; continue; }
        case O.OP_F_SRLIW__SLLIW: { sSRLIW(e); e += 32; sSLLIW(e); e += 32; continue; }
        case O.OP_F_ADDIW__ADDIW: { sADDIW(e); e += 32; sADDIW(e); e += 32; continue; }
        case O.OP_F_SLLIW__OR_C: { sSLLIW(e); e += 32; sOR(e); e += 16; continue; }
        case O.OP_F_ADD__LBU: { sADD(e); e += 32; if (!mLBU(e)) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_F_ADDI_C__ADDIW: { sADDI(e); e += 16; sADDIW(e); e += 32; continue; }
        case O.OP_F_ADDI_C__ADDI_C: { sADDI(e); e += 16; sADDI(e); e += 16; continue; }
        case O.OP_F_FSD__FLD: { if (!mSD(e)) { special = SP_TRAP; break; } e += 32; if (!mLD(e)) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_F_ANDI__BNEZ_L_C: { sANDI(e); e += 32; if (tBNEZ_L(e)) { rem += RUN(e) - 1; t = e + (<usize>load<i32>(e, E_IMM) << 3); special = SP_LOCAL; break; } e += 16; continue; }
        case O.OP_F_SLLIW__SRLIW: { sSLLIW(e); e += 32; sSRLIW(e); e += 32; continue; }
        case O.OP_F_ADDIW__BLTU_L: { sADDIW(e); e += 32; if (tBLTU(e)) { rem += RUN(e) - 1; t = e + (<usize>load<i32>(e, E_IMM) << 3); special = SP_LOCAL; break; } e += 32; continue; }
        case O.OP_F_ADDIW__ANDI: { sADDIW(e); e += 32; sANDI(e); e += 32; continue; }
        case O.OP_F_LBU__ADDIW: { if (!mLBU(e)) { special = SP_TRAP; break; } e += 32; sADDIW(e); e += 32; continue; }
        case O.OP_F_ADDI_C__LBU: { sADDI(e); e += 16; if (!mLBU(e)) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_F_LBU__ADDI_C: { if (!mLBU(e)) { special = SP_TRAP; break; } e += 32; sADDI(e); e += 16; continue; }
        case O.OP_F_LBU__BNE_L: { if (!mLBU(e)) { special = SP_TRAP; break; } e += 32; if (tBNE(e)) { rem += RUN(e) - 1; t = e + (<usize>load<i32>(e, E_IMM) << 3); special = SP_LOCAL; break; } e += 32; continue; }
        case O.OP_F_SLLI_C__ADD_C: { sSLLI(e); e += 16; sADD(e); e += 16; continue; }
        case O.OP_F_FLD__FLD: { if (!mLD(e)) { special = SP_TRAP; break; } e += 32; if (!mLD(e)) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_F_LD_C__LD_C: { if (!mLD(e)) { special = SP_TRAP; break; } e += 16; if (!mLD(e)) { special = SP_TRAP; break; } e += 16; continue; }
        case O.OP_F_ADDIW__ADDI_C: { sADDIW(e); e += 32; sADDI(e); e += 16; continue; }
        case O.OP_F_SD_C__SD_C: { if (!mSD(e)) { special = SP_TRAP; break; } e += 16; if (!mSD(e)) { special = SP_TRAP; break; } e += 16; continue; }
        case O.OP_F_ADDW_C__XOR: { sADDW(e); e += 16; sXOR(e); e += 32; continue; }
        case O.OP_F_OR__OR: { sOR(e); e += 32; sOR(e); e += 32; continue; }
        case O.OP_F_ADDW_C__SRLIW: { sADDW(e); e += 16; sSRLIW(e); e += 32; continue; }
        case O.OP_F_LBU__BEQZ_L_C: { if (!mLBU(e)) { special = SP_TRAP; break; } e += 32; if (tBEQZ_L(e)) { rem += RUN(e) - 1; t = e + (<usize>load<i32>(e, E_IMM) << 3); special = SP_LOCAL; break; } e += 16; continue; }
        case O.OP_F_MV_C__ADDIW: { sMV(e); e += 16; sADDIW(e); e += 32; continue; }
        case O.OP_F_OR_C__MV_C: { sOR(e); e += 16; sMV(e); e += 16; continue; }
        case O.OP_F_ADDW__ADDW: { sADDW(e); e += 32; sADDW(e); e += 32; continue; }
        case O.OP_F_LW__ADDW_C: { if (!mLW(e)) { special = SP_TRAP; break; } e += 32; sADDW(e); e += 16; continue; }
        case O.OP_F_XOR__ADDW_C: { sXOR(e); e += 32; sADDW(e); e += 16; continue; }
        case O.OP_F_ADDIW_C__ADDIW: { sADDIW(e); e += 16; sADDIW(e); e += 32; continue; }
        case O.OP_F_ADDIW__ADDIW_C: { sADDIW(e); e += 32; sADDIW(e); e += 16; continue; }
        case O.OP_F_SLLIW__SLLIW: { sSLLIW(e); e += 32; sSLLIW(e); e += 32; continue; }
        case O.OP_F_SRLIW__SRLIW: { sSRLIW(e); e += 32; sSRLIW(e); e += 32; continue; }
        case O.OP_F_ADDW__XOR: { sADDW(e); e += 32; sXOR(e); e += 32; continue; }
        case O.OP_F_ADDI_C__BNE_L: { sADDI(e); e += 16; if (tBNE(e)) { rem += RUN(e) - 1; t = e + (<usize>load<i32>(e, E_IMM) << 3); special = SP_LOCAL; break; } e += 32; continue; }
        case O.OP_F_LW_C__SRLIW: { if (!mLW(e)) { special = SP_TRAP; break; } e += 16; sSRLIW(e); e += 32; continue; }
        case O.OP_F_ADD_C__LW_C: { sADD(e); e += 16; if (!mLW(e)) { special = SP_TRAP; break; } e += 16; continue; }
        case O.OP_F_SRLIW__OR: { sSRLIW(e); e += 32; sOR(e); e += 32; continue; }
        case O.OP_F_ADDI_C__MV_C: { sADDI(e); e += 16; sMV(e); e += 16; continue; }
        case O.OP_F_SB__BNE_L: { if (!mSB(e)) { special = SP_TRAP; break; } e += 32; if (tBNE(e)) { rem += RUN(e) - 1; t = e + (<usize>load<i32>(e, E_IMM) << 3); special = SP_LOCAL; break; } e += 32; continue; }
        case O.OP_F_ADDI_C__SD_C: { sADDI(e); e += 16; if (!mSD(e)) { special = SP_TRAP; break; } e += 16; continue; }
        case O.OP_F_LD_C__ADDI: { if (!mLD(e)) { special = SP_TRAP; break; } e += 16; sADDI(e); e += 32; continue; }
        case O.OP_F_ADD__SB: { sADD(e); e += 32; if (!mSB(e)) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_F_ADDI_C__ADD: { sADDI(e); e += 16; sADD(e); e += 32; continue; }
        case O.OP_F_ADD__ADD: { sADD(e); e += 32; sADD(e); e += 32; continue; }
        case O.OP_F_ADD_C__LHU: { sADD(e); e += 16; if (!mLHU(e)) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_F_AND__XOR: { sAND(e); e += 32; sXOR(e); e += 32; continue; }
        case O.OP_F_XOR__ADDW: { sXOR(e); e += 32; sADDW(e); e += 32; continue; }
        case O.OP_F_SD_C__ADDI_C: { if (!mSD(e)) { special = SP_TRAP; break; } e += 16; sADDI(e); e += 16; continue; }
        case O.OP_F_ADDIW_C__ADDI_C: { sADDIW(e); e += 16; sADDI(e); e += 16; continue; }
        case O.OP_F_XOR__AND: { sXOR(e); e += 32; sAND(e); e += 32; continue; }
        case O.OP_F_ADDW__ADDW_C: { sADDW(e); e += 32; sADDW(e); e += 16; continue; }
        case O.OP_F_XOR_C__ADDW_C: { sXOR(e); e += 16; sADDW(e); e += 16; continue; }
        case O.OP_F_LBU__LBU: { if (!mLBU(e)) { special = SP_TRAP; break; } e += 32; if (!mLBU(e)) { special = SP_TRAP; break; } e += 32; continue; }
        case O.OP_F_XOR__AND_C: { sXOR(e); e += 32; sAND(e); e += 16; continue; }
        case O.OP_F_XOR__XOR_C: { sXOR(e); e += 32; sXOR(e); e += 16; continue; }
        case O.OP_F_XOR_C__XOR: { sXOR(e); e += 16; sXOR(e); e += 32; continue; }
        case O.OP_F_ADDI_C__ADDIW_C: { sADDI(e); e += 16; sADDIW(e); e += 16; continue; }
        case O.OP_F_AND_C__SLLI_C: { sAND(e); e += 16; sSLLI(e); e += 16; continue; }
        case O.OP_F_LHU__BGEU_L: { if (!mLHU(e)) { special = SP_TRAP; break; } e += 32; if (tBGEU(e)) { rem += RUN(e) - 1; t = e + (<usize>load<i32>(e, E_IMM) << 3); special = SP_LOCAL; break; } e += 32; continue; }
        case O.OP_F_OR__SLLIW: { sOR(e); e += 32; sSLLIW(e); e += 32; continue; }
        case O.OP_F_ADDW__ADDIW_C: { sADDW(e); e += 32; sADDIW(e); e += 16; continue; }
        case O.OP_F_SLLIW__OR: { sSLLIW(e); e += 32; sOR(e); e += 32; continue; }
        case O.OP_F_SW_C__ADDI_C: { if (!mSW(e)) { special = SP_TRAP; break; } e += 16; sADDI(e); e += 16; continue; }
        case O.OP_F_LW__LW_C: { if (!mLW(e)) { special = SP_TRAP; break; } e += 32; if (!mLW(e)) { special = SP_TRAP; break; } e += 16; continue; }
        case O.OP_F_AND__OR: { sAND(e); e += 32; sOR(e); e += 32; continue; }
        case O.OP_F_ADDW_C__ADDIW: { sADDW(e); e += 16; sADDIW(e); e += 32; continue; }
        case O.OP_F_OR__ADDW: { sOR(e); e += 32; sADDW(e); e += 32; continue; }
        case O.OP_F_MV_C__ADDW_C: { sMV(e); e += 16; sADDW(e); e += 16; continue; }
        case O.OP_F_ADDIW_C__ADDIW_C: { sADDIW(e); e += 16; sADDIW(e); e += 16; continue; }
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
          if (!fFMA_S(e)) { special = SP_TRAP; break; }
          e += 32; continue;
        }
        case O.OP_FMADD_D: case O.OP_FMSUB_D: case O.OP_FNMSUB_D: case O.OP_FNMADD_D: {
          if (!fFMA_D(e)) { special = SP_TRAP; break; }
          e += 32; continue;
        }
        case O.OP_FADD_S: case O.OP_FSUB_S: case O.OP_FMUL_S: case O.OP_FDIV_S: case O.OP_FSQRT_S:
        case O.OP_FADD_D: case O.OP_FSUB_D: case O.OP_FMUL_D: case O.OP_FDIV_D: case O.OP_FSQRT_D:
        case O.OP_FCVT_S_D: case O.OP_FCVT_D_S:
        case O.OP_FCVT_W_S: case O.OP_FCVT_WU_S: case O.OP_FCVT_L_S: case O.OP_FCVT_LU_S:
        case O.OP_FCVT_W_D: case O.OP_FCVT_WU_D: case O.OP_FCVT_L_D: case O.OP_FCVT_LU_D:
        case O.OP_FCVT_S_W: case O.OP_FCVT_S_WU: case O.OP_FCVT_S_L: case O.OP_FCVT_S_LU:
        case O.OP_FCVT_D_W: case O.OP_FCVT_D_WU: case O.OP_FCVT_D_L: case O.OP_FCVT_D_LU: {
          if (!fROUNDED(e)) { special = SP_TRAP; break; }
          e += 32; continue;
        }
        // ---- F and D without a rounding mode
        case O.OP_FSGNJ_S: { sFSGNJ_S(e); e += 32; continue; }
        case O.OP_FSGNJN_S: { sFSGNJN_S(e); e += 32; continue; }
        case O.OP_FSGNJX_S: { sFSGNJX_S(e); e += 32; continue; }
        case O.OP_FSGNJ_D: { sFSGNJ_D(e); e += 32; continue; }
        case O.OP_FSGNJN_D: { sFSGNJN_D(e); e += 32; continue; }
        case O.OP_FSGNJX_D: { sFSGNJX_D(e); e += 32; continue; }
        case O.OP_FMIN_S: { sFMIN_S(e); e += 32; continue; }
        case O.OP_FMAX_S: { sFMAX_S(e); e += 32; continue; }
        case O.OP_FMIN_D: { sFMIN_D(e); e += 32; continue; }
        case O.OP_FMAX_D: { sFMAX_D(e); e += 32; continue; }
        case O.OP_FEQ_S: { sFEQ_S(e); e += 32; continue; }
        case O.OP_FLT_S: { sFLT_S(e); e += 32; continue; }
        case O.OP_FLE_S: { sFLE_S(e); e += 32; continue; }
        case O.OP_FEQ_D: { sFEQ_D(e); e += 32; continue; }
        case O.OP_FLT_D: { sFLT_D(e); e += 32; continue; }
        case O.OP_FLE_D: { sFLE_D(e); e += 32; continue; }
        case O.OP_FCLASS_S: { sFCLASS_S(e); e += 32; continue; }
        case O.OP_FCLASS_D: { sFCLASS_D(e); e += 32; continue; }
        case O.OP_FMV_X_W: { sFMV_X_W(e); e += 32; continue; }
        case O.OP_FMV_X_D: { sFMV_X_D(e); e += 32; continue; }
        case O.OP_FMV_W_X: { sFMV_W_X(e); e += 32; continue; }
        case O.OP_FMV_D_X: { sFMV_D_X(e); e += 32; continue; }
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
          if (gJitThreshold != 0) {
            // Loops count towards the page's hotness; once compiled, its code runs them.
            const slot = pageBase - SLOT_HEADER;
            const h = load<u32>(slot, SLOT_HOT) + RUN(t);
            if (load<u32>(slot, SLOT_JIT) != 0 || h >= gJitThreshold) {
              pc = pageVA + <u64>((t - pageBase) >> 3);
              break;
            }
            store<u32>(slot, h, SLOT_HOT);
            if (h >= gJitHeatFrom) noteHeat(slot, <u32>((t - pageBase) >> 3));
          }
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

// F/D ops with a rounding mode, shared by the executor's cases and execFp: false after raising
// the illegal-instruction trap of a bad rounding mode (DYN with an invalid frm).

// @ts-ignore: decorator
@inline function fFMA_S(e: usize): bool {
  const rm = RM(e);
  if (rm > 4) { raise(TRAP_ILLEGAL, <u64>load<u32>(e, E_IMM), 0); return false; }
  const k = <u32>load<u8>(e, E_OP) - O.OP_FMADD_S; // 0 fmadd, 1 fmsub, 2 fnmsub, 3 fnmadd
  const na: u32 = k >= 2 ? SIGN_S : 0;
  const nc: u32 = k == 1 || k == 3 ? SIGN_S : 0;
  WS(e, F.f32_fma(FS1(e) ^ na, FS2(e), FS3(e) ^ nc, rm));
  return true;
}

// @ts-ignore: decorator
@inline function fFMA_D(e: usize): bool {
  const rm = RM(e);
  if (rm > 4) { raise(TRAP_ILLEGAL, <u64>load<u32>(e, E_IMM), 0); return false; }
  const k = <u32>load<u8>(e, E_OP) - O.OP_FMADD_D;
  const na: u64 = k >= 2 ? SIGN_D : 0;
  const nc: u64 = k == 1 || k == 3 ? SIGN_D : 0;
  W(e, F.f64_fma(X1(e) ^ na, X2(e), X(RS3(e)) ^ nc, rm));
  return true;
}

// @ts-ignore: decorator
@inline function fROUNDED(e: usize): bool {
  const rm = RM(e);
  if (rm > 4) { raise(TRAP_ILLEGAL, <u64>load<u32>(e, E_IMM), 0); return false; }
  W(e, fpRounded(e, <u32>load<u8>(e, E_OP), rm));
  return true;
}

/** Execute the F/D entry e (no memory access, no control transfer) for compiled code
 *  (asm/jit.ts jitFp): false after raising the illegal-instruction trap of a bad rounding
 *  mode. The same bodies as the executor's cases. */
export function execFp(e: usize): bool {
  switch (<u32>load<u8>(e, E_OP)) {
    case O.OP_FMADD_S: case O.OP_FMSUB_S: case O.OP_FNMSUB_S: case O.OP_FNMADD_S: return fFMA_S(e);
    case O.OP_FMADD_D: case O.OP_FMSUB_D: case O.OP_FNMSUB_D: case O.OP_FNMADD_D: return fFMA_D(e);
    case O.OP_FADD_S: case O.OP_FSUB_S: case O.OP_FMUL_S: case O.OP_FDIV_S: case O.OP_FSQRT_S:
    case O.OP_FADD_D: case O.OP_FSUB_D: case O.OP_FMUL_D: case O.OP_FDIV_D: case O.OP_FSQRT_D:
    case O.OP_FCVT_S_D: case O.OP_FCVT_D_S:
    case O.OP_FCVT_W_S: case O.OP_FCVT_WU_S: case O.OP_FCVT_L_S: case O.OP_FCVT_LU_S:
    case O.OP_FCVT_W_D: case O.OP_FCVT_WU_D: case O.OP_FCVT_L_D: case O.OP_FCVT_LU_D:
    case O.OP_FCVT_S_W: case O.OP_FCVT_S_WU: case O.OP_FCVT_S_L: case O.OP_FCVT_S_LU:
    case O.OP_FCVT_D_W: case O.OP_FCVT_D_WU: case O.OP_FCVT_D_L: case O.OP_FCVT_D_LU: return fROUNDED(e);
    // ---- F and D without a rounding mode
    case O.OP_FSGNJ_S: { sFSGNJ_S(e); return true; }
    case O.OP_FSGNJN_S: { sFSGNJN_S(e); return true; }
    case O.OP_FSGNJX_S: { sFSGNJX_S(e); return true; }
    case O.OP_FSGNJ_D: { sFSGNJ_D(e); return true; }
    case O.OP_FSGNJN_D: { sFSGNJN_D(e); return true; }
    case O.OP_FSGNJX_D: { sFSGNJX_D(e); return true; }
    case O.OP_FMIN_S: { sFMIN_S(e); return true; }
    case O.OP_FMAX_S: { sFMAX_S(e); return true; }
    case O.OP_FMIN_D: { sFMIN_D(e); return true; }
    case O.OP_FMAX_D: { sFMAX_D(e); return true; }
    case O.OP_FEQ_S: { sFEQ_S(e); return true; }
    case O.OP_FLT_S: { sFLT_S(e); return true; }
    case O.OP_FLE_S: { sFLE_S(e); return true; }
    case O.OP_FEQ_D: { sFEQ_D(e); return true; }
    case O.OP_FLT_D: { sFLT_D(e); return true; }
    case O.OP_FLE_D: { sFLE_D(e); return true; }
    case O.OP_FCLASS_S: { sFCLASS_S(e); return true; }
    case O.OP_FCLASS_D: { sFCLASS_D(e); return true; }
    case O.OP_FMV_X_W: { sFMV_X_W(e); return true; }
    case O.OP_FMV_X_D: { sFMV_X_D(e); return true; }
    case O.OP_FMV_W_X: { sFMV_W_X(e); return true; }
    case O.OP_FMV_D_X: { sFMV_D_X(e); return true; }
  }
  unreachable(); // compiled code calls this for the ops above only
  return false;
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
