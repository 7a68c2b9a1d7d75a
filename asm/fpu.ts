// F and D arithmetic on raw IEEE 754 bit patterns, with RISC-V semantics.
// Signatures are the contract with the interpreter. The work is done in asm/fpu_core.ts
// (rounding, packing), fpu_f64.ts, fpu_f32.ts and fpu_misc.ts; see those files.
//
// Contract for every function here:
// - `rm` is an already-resolved static rounding mode 0..4 (RNE, RTZ, RDN, RUP, RMM);
//   the interpreter resolves DYN (7) from frm and traps on 5, 6 and invalid frm.
// - Singles are passed and returned as u32 bit patterns; the interpreter NaN-unboxes
//   inputs (a non-boxed value reads as the canonical NaN) and NaN-boxes results.
// - Exception flags (NV=16, DZ=8, OF=4, UF=2, NX=1) are ORed into fflags, the low five
//   bits of the u64 at STATE_BASE + HART_FCSR, exactly as the ISA spec says they accrue.
// - NaN results are always the canonical NaN (0x7ff8000000000000 / 0x7fc00000).
import { STATE_BASE, HART_FCSR } from "./layout";
import { add64, mul64, div64, sqrt64, fma64 } from "./fpu_f64";
import { add32, mul32, div32, sqrt32, fma32 } from "./fpu_f32";
import {
  f64ToInt, intToFloat, f64ToF32, f32ToF64, widenBits, KIND_I32, KIND_U32, KIND_I64, KIND_U64,
  min64, max64, eq64, lt64, le64, class64, min32, max32, eq32, lt32, le32, class32,
} from "./fpu_misc";

export function raiseFlags(flags: u64): void {
  const p = <usize>(STATE_BASE + HART_FCSR);
  store<u64>(p, load<u64>(p) | flags);
}

export function f64_add(a: u64, b: u64, rm: u32): u64 { return add64(a, b, rm); }
export function f64_sub(a: u64, b: u64, rm: u32): u64 { return add64(a, b ^ 0x8000000000000000, rm); }
export function f64_mul(a: u64, b: u64, rm: u32): u64 { return mul64(a, b, rm); }
export function f64_div(a: u64, b: u64, rm: u32): u64 { return div64(a, b, rm); }
export function f64_sqrt(a: u64, rm: u32): u64 { return sqrt64(a, rm); }
/** a*b+c with one rounding. fmsub/fnmsub/fnmadd negate inputs (as softfloat does for RISC-V). */
export function f64_fma(a: u64, b: u64, c: u64, rm: u32): u64 { return fma64(a, b, c, rm); }
/** fmin/fmax per the ISA (2.2 semantics: -0 < +0, one NaN returns the other, sNaN raises NV). */
export function f64_min(a: u64, b: u64): u64 { return min64(a, b); }
export function f64_max(a: u64, b: u64): u64 { return max64(a, b); }
/** feq is quiet (NV only on sNaN); flt/fle are signalling (NV on any NaN). Return 0 or 1. */
export function f64_eq(a: u64, b: u64): u64 { return eq64(a, b); }
export function f64_lt(a: u64, b: u64): u64 { return lt64(a, b); }
export function f64_le(a: u64, b: u64): u64 { return le64(a, b); }
/** fclass: the 10-bit mask of the ISA's table. */
export function f64_class(a: u64): u64 { return class64(a); }
/** fcvt.{w,wu,l,lu}.d: saturating per the ISA table, NV on invalid, NX on inexact.
 *  32-bit results are returned sign-extended to 64 bits (also for wu). */
export function f64_to_i32(a: u64, rm: u32): u64 { return f64ToInt(a, rm, KIND_I32); }
export function f64_to_u32(a: u64, rm: u32): u64 { return f64ToInt(a, rm, KIND_U32); }
export function f64_to_i64(a: u64, rm: u32): u64 { return f64ToInt(a, rm, KIND_I64); }
export function f64_to_u64(a: u64, rm: u32): u64 { return f64ToInt(a, rm, KIND_U64); }
/** fcvt.d.{w,wu,l,lu}: the source integer register value as given (low 32 bits used for w/wu). */
export function i32_to_f64(a: u64, rm: u32): u64 { return intToFloat(<u64><i64><i32>a, true, rm, false); }
export function u32_to_f64(a: u64, rm: u32): u64 { return intToFloat(a & 0xffffffff, false, rm, false); }
export function i64_to_f64(a: u64, rm: u32): u64 { return intToFloat(a, true, rm, false); }
export function u64_to_f64(a: u64, rm: u32): u64 { return intToFloat(a, false, rm, false); }
/** fcvt.s.d and fcvt.d.s. */
export function f64_to_f32(a: u64, rm: u32): u32 { return f64ToF32(a, rm); }
export function f32_to_f64(a: u32): u64 { return f32ToF64(a); }

export function f32_add(a: u32, b: u32, rm: u32): u32 { return add32(a, b, rm); }
export function f32_sub(a: u32, b: u32, rm: u32): u32 { return add32(a, b ^ 0x80000000, rm); }
export function f32_mul(a: u32, b: u32, rm: u32): u32 { return mul32(a, b, rm); }
export function f32_div(a: u32, b: u32, rm: u32): u32 { return div32(a, b, rm); }
export function f32_sqrt(a: u32, rm: u32): u32 { return sqrt32(a, rm); }
export function f32_fma(a: u32, b: u32, c: u32, rm: u32): u32 { return fma32(a, b, c, rm); }
export function f32_min(a: u32, b: u32): u32 { return min32(a, b); }
export function f32_max(a: u32, b: u32): u32 { return max32(a, b); }
export function f32_eq(a: u32, b: u32): u64 { return eq32(a, b); }
export function f32_lt(a: u32, b: u32): u64 { return lt32(a, b); }
export function f32_le(a: u32, b: u32): u64 { return le32(a, b); }
export function f32_class(a: u32): u64 { return class32(a); }
export function f32_to_i32(a: u32, rm: u32): u64 { return f64ToInt(widenBits(a), rm, KIND_I32); }
export function f32_to_u32(a: u32, rm: u32): u64 { return f64ToInt(widenBits(a), rm, KIND_U32); }
export function f32_to_i64(a: u32, rm: u32): u64 { return f64ToInt(widenBits(a), rm, KIND_I64); }
export function f32_to_u64(a: u32, rm: u32): u64 { return f64ToInt(widenBits(a), rm, KIND_U64); }
export function i32_to_f32(a: u64, rm: u32): u32 { return <u32>intToFloat(<u64><i64><i32>a, true, rm, true); }
export function u32_to_f32(a: u64, rm: u32): u32 { return <u32>intToFloat(a & 0xffffffff, false, rm, true); }
export function i64_to_f32(a: u64, rm: u32): u32 { return <u32>intToFloat(a, true, rm, true); }
export function u64_to_f32(a: u64, rm: u32): u32 { return <u32>intToFloat(a, false, rm, true); }
