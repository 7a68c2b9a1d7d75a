// F and D arithmetic on raw IEEE 754 bit patterns, with RISC-V semantics.
// (Placeholder bodies: being written; signatures are the contract with the interpreter.)
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

export function raiseFlags(flags: u64): void {
  const p = <usize>(STATE_BASE + HART_FCSR);
  store<u64>(p, load<u64>(p) | flags);
}

export function f64_add(a: u64, b: u64, rm: u32): u64 { unreachable(); return 0; }
export function f64_sub(a: u64, b: u64, rm: u32): u64 { unreachable(); return 0; }
export function f64_mul(a: u64, b: u64, rm: u32): u64 { unreachable(); return 0; }
export function f64_div(a: u64, b: u64, rm: u32): u64 { unreachable(); return 0; }
export function f64_sqrt(a: u64, rm: u32): u64 { unreachable(); return 0; }
/** a*b+c with one rounding. fmsub/fnmsub/fnmadd negate inputs (as softfloat does for RISC-V). */
export function f64_fma(a: u64, b: u64, c: u64, rm: u32): u64 { unreachable(); return 0; }
/** fmin/fmax per the ISA (2.2 semantics: -0 < +0, one NaN returns the other, sNaN raises NV). */
export function f64_min(a: u64, b: u64): u64 { unreachable(); return 0; }
export function f64_max(a: u64, b: u64): u64 { unreachable(); return 0; }
/** feq is quiet (NV only on sNaN); flt/fle are signalling (NV on any NaN). Return 0 or 1. */
export function f64_eq(a: u64, b: u64): u64 { unreachable(); return 0; }
export function f64_lt(a: u64, b: u64): u64 { unreachable(); return 0; }
export function f64_le(a: u64, b: u64): u64 { unreachable(); return 0; }
/** fclass: the 10-bit mask of the ISA's table. */
export function f64_class(a: u64): u64 { unreachable(); return 0; }
/** fcvt.{w,wu,l,lu}.d: saturating per the ISA table, NV on invalid, NX on inexact.
 *  32-bit results are returned sign-extended to 64 bits (also for wu). */
export function f64_to_i32(a: u64, rm: u32): u64 { unreachable(); return 0; }
export function f64_to_u32(a: u64, rm: u32): u64 { unreachable(); return 0; }
export function f64_to_i64(a: u64, rm: u32): u64 { unreachable(); return 0; }
export function f64_to_u64(a: u64, rm: u32): u64 { unreachable(); return 0; }
/** fcvt.d.{w,wu,l,lu}: the source integer register value as given (low 32 bits used for w/wu). */
export function i32_to_f64(a: u64, rm: u32): u64 { unreachable(); return 0; }
export function u32_to_f64(a: u64, rm: u32): u64 { unreachable(); return 0; }
export function i64_to_f64(a: u64, rm: u32): u64 { unreachable(); return 0; }
export function u64_to_f64(a: u64, rm: u32): u64 { unreachable(); return 0; }
/** fcvt.s.d and fcvt.d.s. */
export function f64_to_f32(a: u64, rm: u32): u32 { unreachable(); return 0; }
export function f32_to_f64(a: u32): u64 { unreachable(); return 0; }

export function f32_add(a: u32, b: u32, rm: u32): u32 { unreachable(); return 0; }
export function f32_sub(a: u32, b: u32, rm: u32): u32 { unreachable(); return 0; }
export function f32_mul(a: u32, b: u32, rm: u32): u32 { unreachable(); return 0; }
export function f32_div(a: u32, b: u32, rm: u32): u32 { unreachable(); return 0; }
export function f32_sqrt(a: u32, rm: u32): u32 { unreachable(); return 0; }
export function f32_fma(a: u32, b: u32, c: u32, rm: u32): u32 { unreachable(); return 0; }
export function f32_min(a: u32, b: u32): u32 { unreachable(); return 0; }
export function f32_max(a: u32, b: u32): u32 { unreachable(); return 0; }
export function f32_eq(a: u32, b: u32): u64 { unreachable(); return 0; }
export function f32_lt(a: u32, b: u32): u64 { unreachable(); return 0; }
export function f32_le(a: u32, b: u32): u64 { unreachable(); return 0; }
export function f32_class(a: u32): u64 { unreachable(); return 0; }
export function f32_to_i32(a: u32, rm: u32): u64 { unreachable(); return 0; }
export function f32_to_u32(a: u32, rm: u32): u64 { unreachable(); return 0; }
export function f32_to_i64(a: u32, rm: u32): u64 { unreachable(); return 0; }
export function f32_to_u64(a: u32, rm: u32): u64 { unreachable(); return 0; }
export function i32_to_f32(a: u64, rm: u32): u32 { unreachable(); return 0; }
export function u32_to_f32(a: u64, rm: u32): u32 { unreachable(); return 0; }
export function i64_to_f32(a: u64, rm: u32): u32 { unreachable(); return 0; }
export function u64_to_f32(a: u64, rm: u32): u32 { unreachable(); return 0; }
