// Shared machinery of the soft-float (asm/fpu.ts): flag raising, rounding and packing,
// 64x64->128 multiplication and sticky ("jamming") shifts.
//
// Conventions used by all the exact integer paths:
//   a finite nonzero value is (sign, e, sig) with  value = (-1)^sign * sig * 2^(e - 62),
//   where sig is a u64 whose leading one is at bit 62 (bit 63 left free for carries), so
//   e is the unbiased exponent: 2^e <= |value| < 2^(e+1).
//   Bits of sig below the target precision are round bits; any nonzero bits shifted out
//   are ORed into bit 0 ("sticky"), which keeps every rounding mode exact.
import { STATE_BASE, HART_FCSR } from "./layout";

export const NV: u32 = 16;
export const DZ: u32 = 8;
export const OF: u32 = 4;
export const UF: u32 = 2;
export const NX: u32 = 1;

export const RNE: u32 = 0;
export const RTZ: u32 = 1;
export const RDN: u32 = 2;
export const RUP: u32 = 3;
export const RMM: u32 = 4;

export const F64_CNAN: u64 = 0x7ff8000000000000;
export const F32_CNAN: u32 = 0x7fc00000;
export const F64_SIGN: u64 = 0x8000000000000000;
export const F64_FRAC: u64 = 0x000fffffffffffff;
export const F64_IMPL: u64 = 0x0010000000000000;
export const F64_INF: u64 = 0x7ff0000000000000;
export const F32_INF: u32 = 0x7f800000;

// @ts-ignore: decorator
@inline
export function raise(flags: u32): void {
  // Flags are sticky and usually already set: skip the store then (no store-to-load chain
  // from one FP instruction to the next).
  const p = <usize>(STATE_BASE + HART_FCSR);
  const v = load<u64>(p);
  if ((v & <u64>flags) != <u64>flags) store<u64>(p, v | <u64>flags);
}

// ---- classification helpers (raw bits) ----

// @ts-ignore: decorator
@inline
export function isNaN64(a: u64): bool {
  return (a & ~F64_SIGN) > F64_INF;
}
// @ts-ignore: decorator
@inline
export function isSNaN64(a: u64): bool {
  return (a & ~F64_SIGN) > F64_INF && (a & 0x0008000000000000) == 0;
}
// @ts-ignore: decorator
@inline
export function isNaN32(a: u32): bool {
  return (a & 0x7fffffff) > F32_INF;
}
// @ts-ignore: decorator
@inline
export function isSNaN32(a: u32): bool {
  return (a & 0x7fffffff) > F32_INF && (a & 0x00400000) == 0;
}

// ---- wide arithmetic ----

/** High half of the last mul64x64 (module-level "second return value"). */
export let mulHi: u64 = 0;

/** Full 128-bit product of two u64: returns the low half, leaves the high half in mulHi. */
export function mul64x64(a: u64, b: u64): u64 {
  const a0 = a & 0xffffffff;
  const a1 = a >> 32;
  const b0 = b & 0xffffffff;
  const b1 = b >> 32;
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const p11 = a1 * b1;
  const mid = (p00 >> 32) + (p01 & 0xffffffff) + (p10 & 0xffffffff);
  mulHi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
  return (mid << 32) | (p00 & 0xffffffff);
}

/** x >> n with every shifted-out one ORed into bit 0; any n >= 0. */
export function shiftRightJam(x: u64, n: u32): u64 {
  if (n == 0) return x;
  if (n < 64) return (x >> n) | <u64>((x << (64 - n)) != 0);
  return <u64>(x != 0);
}

// ---- rounding ----

/** Whether rounding sig (with `rb` round bits below the kept part) increments the kept part. */
// @ts-ignore: decorator
@inline
function roundUp(sig: u64, rb: u64, rm: u32, sign: u32): bool {
  const low = sig & ((<u64>1 << rb) - 1);
  const half = <u64>1 << (rb - 1);
  switch (rm) {
    case RNE: return low > half || (low == half && ((sig >> rb) & 1) != 0);
    case RDN: return sign != 0 && low != 0;
    case RUP: return sign == 0 && low != 0;
    case RMM: return low >= half;
    default: return false; // RTZ
  }
}

/** Round (sign, e, sig) -- sig's leading one exactly at bit 62 -- to binary64 (single=false)
 *  or binary32 (single=true) under rm, raise NX/UF/OF, and return the bit pattern.
 *  Tininess is detected after rounding, as RISC-V specifies. */
export function roundPack(sign: u32, e: i32, sig: u64, rm: u32, single: bool): u64 {
  const rb: u64 = single ? 39 : 10; //   round bits below the p-bit significand
  const fb: u64 = single ? 23 : 52; //   stored fraction bits
  const bias: i32 = single ? 127 : 1023;
  const emax: i32 = single ? 0xff : 0x7ff;
  const signBit: u64 = <u64>sign << (single ? 31 : 63);
  const mask: u64 = (<u64>1 << rb) - 1;
  let E = e + bias;
  if (E <= 0) {
    // Below the normal range before rounding. Tiny after rounding unless rounding the
    // p-bit significand with unbounded exponent carries up to the minimum normal.
    let tiny = true;
    if (E == 0 && (sig >> rb) == ((<u64>1 << (fb + 1)) - 1) && roundUp(sig, rb, rm, sign)) tiny = false;
    sig = shiftRightJam(sig, <u32>(1 - E));
    let m = sig >> rb;
    if ((sig & mask) != 0) {
      raise(tiny ? NX | UF : NX);
      if (roundUp(sig, rb, rm, sign)) m++; // may carry into the exponent field: min normal
    }
    return signBit | m;
  }
  let m = sig >> rb;
  if ((sig & mask) != 0) {
    if (roundUp(sig, rb, rm, sign)) {
      m++;
      if (m == (<u64>1 << (fb + 1))) {
        m >>= 1;
        E++;
      }
    }
    if (E >= emax) return overflow(sign, rm, single);
    raise(NX);
  } else if (E >= emax) {
    return overflow(sign, rm, single);
  }
  return signBit | ((<u64>(E - 1) << fb) + m);
}

/** Overflow result per rounding mode (infinity or the largest finite), raising OF|NX. */
export function overflow(sign: u32, rm: u32, single: bool): u64 {
  raise(OF | NX);
  const toMax = rm == RTZ || (rm == RDN && sign == 0) || (rm == RUP && sign != 0);
  if (single) {
    return (<u64>sign << 31) | (toMax ? 0x7f7fffff : 0x7f800000);
  }
  return (<u64>sign << 63) | (toMax ? 0x7fefffffffffffff : 0x7ff0000000000000);
}

/** Like roundPack, but sig may be any nonzero u64 (value = sig * 2^(e - 62)). */
export function normRoundPack(sign: u32, e: i32, sig: u64, rm: u32, single: bool): u64 {
  const lz = <i32>clz<u64>(sig);
  if (lz == 0) {
    sig = (sig >> 1) | (sig & 1);
    e += 1;
  } else {
    sig <<= <u64>(lz - 1);
    e -= lz - 1;
  }
  return roundPack(sign, e, sig, rm, single);
}

// ---- unpacking of finite nonzero binary64 values ----

/** Exponent of the last unpack64 (the return value is sig). */
export let unpE: i32 = 0;

/** Finite nonzero binary64 bits -> sig (leading one at bit 62), exponent in unpE. */
export function unpack64(a: u64): u64 {
  const E = <i32>((a >> 52) & 0x7ff);
  const f = a & F64_FRAC;
  if (E == 0) {
    const k = <i32>clz<u64>(f) - 1;
    unpE = -1012 - k;
    return f << <u64>k;
  }
  unpE = E - 1023;
  return (f | F64_IMPL) << 10;
}

/** Finite binary64 -> binary32 under rm (fcvt.s.d and the single-precision operations,
 *  whose exact or round-to-odd double results pass through here). a is not NaN/inf. */
export function f64BitsToF32(a: u64, rm: u32): u32 {
  const sign = <u32>(a >> 63);
  if ((a << 1) == 0) return sign << 31;
  const sig = unpack64(a);
  return <u32>roundPack(sign, unpE, sig, rm, true);
}
