// Conversions, comparisons, fmin/fmax and fclass for binary64 and binary32.
import {
  NV, NX, RNE, RTZ, RDN, RUP, RMM, F64_CNAN, F32_CNAN, F64_FRAC, F64_IMPL,
  raise, isNaN64, isSNaN64, isNaN32, isSNaN32, normRoundPack, f64BitsToF32,
} from "./fpu_core";

// ===================================================================== float -> integer

export const KIND_I32: u32 = 0;
export const KIND_U32: u32 = 1;
export const KIND_I64: u32 = 2;
export const KIND_U64: u32 = 3;

/** Saturated result for an invalid conversion (NaN counts as positive). */
function cvtInvalid(neg: bool, kind: u32): u64 {
  raise(NV);
  switch (kind) {
    case KIND_I32: return neg ? 0xffffffff80000000 : 0x7fffffff;
    case KIND_U32: return neg ? 0 : 0xffffffffffffffff; // 2^32-1 sign-extended
    case KIND_I64: return neg ? 0x8000000000000000 : 0x7fffffffffffffff;
    default: return neg ? 0 : 0xffffffffffffffff;
  }
}

/** fcvt.{w,wu,l,lu}.d of binary64 bits a; 32-bit results sign-extended.
 *  Inlined into each wrapper, so the fast path (RTZ, as C casts use, in range) specializes. */
// @ts-ignore: decorator
@inline
export function f64ToInt(a: u64, rm: u32, kind: u32): u64 {
  if (rm == RTZ) {
    const x = reinterpret<f64>(a);
    // In range (NaN fails every comparison): the host's truncation is the result.
    if (kind == KIND_I32 && x > -2147483649.0 && x < 2147483648.0) {
      const r = <i64>x;
      if (<f64>r != x) raise(NX);
      return <u64>r;
    }
    if (kind == KIND_U32 && x > -1.0 && x < 4294967296.0) {
      const r = <i64>x;
      if (<f64>r != x) raise(NX);
      return <u64><i64><i32>r;
    }
    if (kind == KIND_I64 && x >= -9223372036854775808.0 && x < 9223372036854775808.0) {
      const r = <i64>x;
      if (<f64>r != x) raise(NX);
      return <u64>r;
    }
    if (kind == KIND_U64 && x > -1.0 && x < 18446744073709551616.0) {
      const r = <u64>x;
      if (<f64>r != x) raise(NX);
      return r;
    }
  }
  return f64ToIntExact(a, rm, kind);
}

export function f64ToIntExact(a: u64, rm: u32, kind: u32): u64 {
  const E = <i32>((a >> 52) & 0x7ff);
  const neg = (a >> 63) != 0;
  if (E == 0x7ff) return cvtInvalid(neg && (a & F64_FRAC) == 0, kind);
  if ((a << 1) == 0) return 0;
  // |a| = M * 2^sh
  const M = E == 0 ? a & F64_FRAC : (a & F64_FRAC) | F64_IMPL;
  const sh = (E == 0 ? 1 : E) - 1075;
  let mag: u64;
  let inexact = false;
  if (sh >= 0) {
    if (sh > 11) return cvtInvalid(neg, kind); // >= 2^64
    mag = M << <u64>sh;
  } else {
    const n = <u64>(-sh);
    let ip: u64 = 0;
    let low: u64;
    let half: u64;
    if (n < 64) {
      ip = M >> n;
      low = M & ((<u64>1 << n) - 1);
      half = <u64>1 << (n - 1);
    } else {
      low = 1; // nonzero and below one half (|a| < 2^-11)
      half = 2;
    }
    let up = false;
    if (low != 0) {
      inexact = true;
      switch (rm) {
        case RNE: up = low > half || (low == half && (ip & 1) != 0); break;
        case RDN: up = neg; break;
        case RUP: up = !neg; break;
        case RMM: up = low >= half; break;
        default: break;
      }
    }
    mag = ip + <u64>up;
  }
  let ok: bool;
  switch (kind) {
    case KIND_I32: ok = mag <= (neg ? <u64>0x80000000 : <u64>0x7fffffff); break;
    case KIND_U32: ok = neg ? mag == 0 : mag <= 0xffffffff; break;
    case KIND_I64: ok = mag <= (neg ? <u64>0x8000000000000000 : <u64>0x7fffffffffffffff); break;
    default: ok = !neg || mag == 0; break;
  }
  if (!ok) return cvtInvalid(neg, kind);
  if (inexact) raise(NX);
  const r = neg ? 0 - mag : mag;
  if (kind <= KIND_U32) return <u64><i64><i32>r;
  return r;
}

/** Exact binary32 -> binary64 widening for non-NaN inputs; NaN -> canonical NaN (no flags). */
// @ts-ignore: decorator
@inline
export function widenBits(a: u32): u64 {
  return isNaN32(a) ? F64_CNAN : reinterpret<u64>(<f64>reinterpret<f32>(a));
}

// ===================================================================== integer -> float

/** The integer v (signed: two's complement) rounded to binary64/binary32 bits. */
export function intToFloat(v: u64, signed: bool, rm: u32, single: bool): u64 {
  if (v == 0) return 0;
  let sign: u32 = 0;
  let mag = v;
  if (signed && <i64>v < 0) {
    sign = 1;
    mag = 0 - v;
  }
  if (rm == RNE) {
    // The host conversions round to nearest-even; NX iff the significant bits span more
    // than the precision (no overflow or underflow is possible).
    const span = 64 - <u32>clz<u64>(mag) - <u32>ctz<u64>(mag);
    if (single) {
      if (span > 24) raise(NX);
      return reinterpret<u32>(signed ? <f32><i64>v : <f32>v);
    }
    if (span > 53) raise(NX);
    return reinterpret<u64>(signed ? <f64><i64>v : <f64>v);
  }
  return normRoundPack(sign, 62, mag, rm, single);
}

// ===================================================================== f64 <-> f32

export function f64ToF32(a: u64, rm: u32): u32 {
  const E = (a >> 52) & 0x7ff;
  if (E == 0x7ff) {
    if ((a & F64_FRAC) != 0) {
      if (isSNaN64(a)) raise(NV);
      return F32_CNAN;
    }
    return <u32>(a >> 32) & 0xff800000; // +-inf
  }
  if (rm == RNE) {
    const x = reinterpret<f64>(a);
    const r = <f32>x;
    const rb = reinterpret<u32>(r);
    if (((rb >> 23) & 0xff) - 2 < 0xfd) {
      if (<f64>r != x) raise(NX);
      return rb;
    }
  }
  return f64BitsToF32(a, rm);
}

export function f32ToF64(a: u32): u64 {
  if (isNaN32(a)) {
    if (isSNaN32(a)) raise(NV);
    return F64_CNAN;
  }
  return reinterpret<u64>(<f64>reinterpret<f32>(a));
}

// ===================================================================== compare, min/max

export function min64(a: u64, b: u64): u64 {
  if (isNaN64(a) || isNaN64(b)) {
    if (isSNaN64(a) || isSNaN64(b)) raise(NV);
    if (isNaN64(a)) return isNaN64(b) ? F64_CNAN : b;
    return a;
  }
  const x = reinterpret<f64>(a);
  const y = reinterpret<f64>(b);
  if (x < y) return a;
  if (y < x) return b;
  return a | b; // equal: -0 if either is -0
}

export function max64(a: u64, b: u64): u64 {
  if (isNaN64(a) || isNaN64(b)) {
    if (isSNaN64(a) || isSNaN64(b)) raise(NV);
    if (isNaN64(a)) return isNaN64(b) ? F64_CNAN : b;
    return a;
  }
  const x = reinterpret<f64>(a);
  const y = reinterpret<f64>(b);
  if (x > y) return a;
  if (y > x) return b;
  return a & b; // equal: +0 if either is +0
}

export function eq64(a: u64, b: u64): u64 {
  if (isNaN64(a) || isNaN64(b)) {
    if (isSNaN64(a) || isSNaN64(b)) raise(NV);
    return 0;
  }
  return <u64>(reinterpret<f64>(a) == reinterpret<f64>(b));
}

export function lt64(a: u64, b: u64): u64 {
  if (isNaN64(a) || isNaN64(b)) {
    raise(NV);
    return 0;
  }
  return <u64>(reinterpret<f64>(a) < reinterpret<f64>(b));
}

export function le64(a: u64, b: u64): u64 {
  if (isNaN64(a) || isNaN64(b)) {
    raise(NV);
    return 0;
  }
  return <u64>(reinterpret<f64>(a) <= reinterpret<f64>(b));
}

export function min32(a: u32, b: u32): u32 {
  if (isNaN32(a) || isNaN32(b)) {
    if (isSNaN32(a) || isSNaN32(b)) raise(NV);
    if (isNaN32(a)) return isNaN32(b) ? F32_CNAN : b;
    return a;
  }
  const x = reinterpret<f32>(a);
  const y = reinterpret<f32>(b);
  if (x < y) return a;
  if (y < x) return b;
  return a | b;
}

export function max32(a: u32, b: u32): u32 {
  if (isNaN32(a) || isNaN32(b)) {
    if (isSNaN32(a) || isSNaN32(b)) raise(NV);
    if (isNaN32(a)) return isNaN32(b) ? F32_CNAN : b;
    return a;
  }
  const x = reinterpret<f32>(a);
  const y = reinterpret<f32>(b);
  if (x > y) return a;
  if (y > x) return b;
  return a & b;
}

export function eq32(a: u32, b: u32): u64 {
  if (isNaN32(a) || isNaN32(b)) {
    if (isSNaN32(a) || isSNaN32(b)) raise(NV);
    return 0;
  }
  return <u64>(reinterpret<f32>(a) == reinterpret<f32>(b));
}

export function lt32(a: u32, b: u32): u64 {
  if (isNaN32(a) || isNaN32(b)) {
    raise(NV);
    return 0;
  }
  return <u64>(reinterpret<f32>(a) < reinterpret<f32>(b));
}

export function le32(a: u32, b: u32): u64 {
  if (isNaN32(a) || isNaN32(b)) {
    raise(NV);
    return 0;
  }
  return <u64>(reinterpret<f32>(a) <= reinterpret<f32>(b));
}

// ===================================================================== fclass

/** fclass from sign, exponent-all-ones/zero tests and the fraction's quiet bit. */
function classify(neg: bool, expMax: bool, expZero: bool, fracZero: bool, quiet: bool): u64 {
  if (expMax) {
    if (fracZero) return neg ? 1 : 128; //  -inf : +inf
    return quiet ? 512 : 256; //             qNaN : sNaN
  }
  if (expZero) {
    if (fracZero) return neg ? 8 : 16; //   -0 : +0
    return neg ? 4 : 32; //                 subnormal
  }
  return neg ? 2 : 64; //                   normal
}

export function class64(a: u64): u64 {
  const E = (a >> 52) & 0x7ff;
  return classify((a >> 63) != 0, E == 0x7ff, E == 0, (a & F64_FRAC) == 0, (a & 0x0008000000000000) != 0);
}

export function class32(a: u32): u64 {
  const E = (a >> 23) & 0xff;
  return classify((a >> 31) != 0, E == 0xff, E == 0, (a & 0x7fffff) == 0, (a & 0x00400000) != 0);
}
