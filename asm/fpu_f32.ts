// binary32 arithmetic: add/sub, mul, div, sqrt, fma.
//
// Every binary32 operation is computed in binary64 to a result d that is either exact or
// rounded to odd (the exact value lies strictly between d and its neighbour, and d's last
// bit is 1). With 53 >= 24 + 2 bits, rounding d to binary32 then gives the correctly
// rounded result, flags included, in every rounding mode (fromOdd). Error terms come from
// error-free transformations (2Sum, Dekker products), which are exact in the binary64 range
// that binary32 operands can reach.
import {
  NV, DZ, NX, RDN, F32_CNAN, F32_INF,
  raise, isNaN32, isSNaN32, f64BitsToF32,
} from "./fpu_core";

// @ts-ignore: decorator
@inline
function widen(a: u32): f64 {
  return <f64>reinterpret<f32>(a);
}

// @ts-ignore: decorator
@inline
function expField(a: u32): u32 {
  return (a >> 23) & 0xff;
}

/** Round d (exact or rounded to odd, finite, nonzero) to binary32 under rm. */
// @ts-ignore: decorator
@inline
function fromOdd(d: f64, rm: u32): u32 {
  if (rm == 0) {
    const r = <f32>d; // host demotion is RNE
    const rb = reinterpret<u32>(r);
    if (expField(rb) - 2 < 0xfd) {
      if (<f64>r != d) raise(NX);
      return rb;
    }
  }
  return f64BitsToF32(reinterpret<u64>(d), rm);
}

/** d was rounded (inexactly) from T; above: T > d. Returns the round-to-odd value. */
function toOdd(d: f64, above: bool): f64 {
  const b = reinterpret<u64>(d);
  if ((b & 1) != 0) return d;
  return reinterpret<f64>(above == (d > 0) ? b + 1 : b - 1);
}

// @ts-ignore: decorator
@inline
function twoSumErr(x: f64, y: f64, s: f64): f64 {
  const bb = s - x;
  return (x - (s - bb)) + (y - bb);
}

/** The exact error x*y - RN(x*y) (no overflow/underflow for the values used here). */
function twoProdErr(x: f64, y: f64, p: f64): f64 {
  const gx = 134217729.0 * x;
  const xh = gx - (gx - x);
  const xl = x - xh;
  const gy = 134217729.0 * y;
  const yh = gy - (gy - y);
  const yl = y - yh;
  return ((xh * yh - p) + xh * yl + xl * yh) + xl * yl;
}

function nanResult2(a: u32, b: u32): u32 {
  if (isSNaN32(a) || isSNaN32(b)) raise(NV);
  return F32_CNAN;
}

export function add32(a: u32, b: u32, rm: u32): u32 {
  const ea = expField(a);
  const eb = expField(b);
  if (ea == 0xff || eb == 0xff) {
    if (isNaN32(a) || isNaN32(b)) return nanResult2(a, b);
    if (ea == 0xff && eb == 0xff && (a ^ b) >> 31 != 0) {
      raise(NV);
      return F32_CNAN;
    }
    return ea == 0xff ? a : b;
  }
  const x = widen(a);
  const y = widen(b);
  let d = x + y;
  if (d == 0) {
    // Exact zero: x and y are zeros or opposites.
    if ((a ^ b) >> 31 == 0) return a;
    return rm == RDN ? 0x80000000 : 0;
  }
  const xBig = abs<f64>(x) >= abs<f64>(y);
  const e = (xBig ? y : x) - (d - (xBig ? x : y));
  if (rm == 0) {
    // RNE: rounding RN53(x + y) to 24 bits is innocuous (53 >= 2*24 + 2).
    const r = <f32>d;
    const rb = reinterpret<u32>(r);
    if (expField(rb) - 2 < 0xfd) {
      if (e != 0 || <f64>r != d) raise(NX);
      return rb;
    }
  }
  if (e != 0) d = toOdd(d, e > 0);
  return fromOdd(d, rm);
}

export function mul32(a: u32, b: u32, rm: u32): u32 {
  const ea = expField(a);
  const eb = expField(b);
  const sign = (a ^ b) & 0x80000000;
  if (ea == 0xff || eb == 0xff) {
    if (isNaN32(a) || isNaN32(b)) return nanResult2(a, b);
    if ((a << 1) == 0 || (b << 1) == 0) {
      raise(NV);
      return F32_CNAN;
    }
    return sign | F32_INF;
  }
  if ((a << 1) == 0 || (b << 1) == 0) return sign;
  return fromOdd(widen(a) * widen(b), rm); // exact in binary64
}

export function div32(a: u32, b: u32, rm: u32): u32 {
  const ea = expField(a);
  const eb = expField(b);
  const sign = (a ^ b) & 0x80000000;
  if (ea == 0xff || eb == 0xff) {
    if (isNaN32(a) || isNaN32(b)) return nanResult2(a, b);
    if (ea == 0xff && eb == 0xff) {
      raise(NV);
      return F32_CNAN;
    }
    return ea == 0xff ? sign | F32_INF : sign;
  }
  if ((b << 1) == 0) {
    if ((a << 1) == 0) {
      raise(NV);
      return F32_CNAN;
    }
    raise(DZ);
    return sign | F32_INF;
  }
  if ((a << 1) == 0) return sign;
  const x = widen(a);
  const y = widen(b);
  let d = x / y;
  const h = d * y;
  // x - d*y exactly = (x - h) - err(d*y); x - h is exact (Sterbenz).
  const r = (x - h) - twoProdErr(d, y, h);
  if (r != 0) d = toOdd(d, (r > 0) == (y > 0));
  return fromOdd(d, rm);
}

export function sqrt32(a: u32, rm: u32): u32 {
  if (isNaN32(a)) return nanResult2(a, a);
  if ((a << 1) == 0) return a;
  if (a >> 31 != 0) {
    raise(NV);
    return F32_CNAN;
  }
  if (a == F32_INF) return a;
  const x = widen(a);
  let d = sqrt<f64>(x);
  const h = d * d;
  const r = (x - h) - twoProdErr(d, d, h);
  if (r != 0) d = toOdd(d, r > 0);
  return fromOdd(d, rm);
}

export function fma32(a: u32, b: u32, c: u32, rm: u32): u32 {
  const ea = expField(a);
  const eb = expField(b);
  const ec = expField(c);
  const sp = (a ^ b) & 0x80000000;
  const sc = c & 0x80000000;
  const aZero = (a << 1) == 0;
  const bZero = (b << 1) == 0;
  if (ea == 0xff || eb == 0xff || ec == 0xff) {
    const infZero = ((a << 1) == 0xff000000 && bZero) || (aZero && (b << 1) == 0xff000000);
    if (isNaN32(a) || isNaN32(b) || isNaN32(c)) {
      // RISC-V: inf * 0 raises NV even when the addend is a quiet NaN.
      if (isSNaN32(a) || isSNaN32(b) || isSNaN32(c) || infZero) raise(NV);
      return F32_CNAN;
    }
    if (infZero) {
      raise(NV);
      return F32_CNAN;
    }
    if (ea == 0xff || eb == 0xff) {
      if (ec == 0xff && sc != sp) {
        raise(NV);
        return F32_CNAN;
      }
      return sp | F32_INF;
    }
    return c;
  }
  if (aZero || bZero) {
    if ((c << 1) != 0 || sp == sc) return c;
    return rm == RDN ? 0x80000000 : 0;
  }
  const p = widen(a) * widen(b); // exact, nonzero
  if ((c << 1) == 0) return fromOdd(p, rm);
  const z = widen(c);
  let s = p + z;
  if (s == 0) return rm == RDN ? 0x80000000 : 0; // exact cancellation
  const e = twoSumErr(p, z, s);
  if (e != 0) s = toOdd(s, e > 0);
  return fromOdd(s, rm);
}
