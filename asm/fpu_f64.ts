// binary64 arithmetic: add/sub, mul, div, sqrt, fma.
//
// Each operation has a fast path for ordinary operands, using the host's round-to-nearest
// binary64 arithmetic: for RNE plus an exactness test to raise NX; for RTZ/RDN/RUP (not fma)
// plus the exact sign of the rounding error from an error-free transformation, stepping one
// ulp when RNE went the wrong way. An exact integer path ("slow", *Exact) does every other
// case: RMM, NaN/inf/zero operands, results that may underflow or overflow, operands
// outside the fast paths' safe ranges. Both paths are tested against each other and
// against qemu (tests/fpu).
import {
  NV, DZ, NX, RNE, RTZ, RDN, RMM, F64_CNAN, F64_SIGN, F64_FRAC, F64_IMPL, F64_INF,
  raise, isNaN64, isSNaN64, mul64x64, mulHi, shiftRightJam, normRoundPack, unpack64, unpE,
} from "./fpu_core";

// @ts-ignore: decorator
@inline
function expField(a: u64): u32 {
  return <u32>(a >> 52) & 0x7ff;
}

/** The integer significand of a finite binary64 (implicit bit included for normals). */
// @ts-ignore: decorator
@inline
function mant(a: u64): u64 {
  return (a & F64_FRAC) | ((a & 0x7ff0000000000000) != 0 ? F64_IMPL : 0);
}

/** Odd part of a nonzero u64. */
// @ts-ignore: decorator
@inline
function oddPart(m: u64): u64 {
  return m >> ctz<u64>(m);
}

// @ts-ignore: decorator
@inline
function bitLen(m: u64): u32 {
  return 64 - <u32>clz<u64>(m);
}

// ===================================================================== shared

/** Directed rounding (RTZ, RDN, RUP) from the RNE result rb of an inexact operation:
 *  rb and its neighbour on the side of the exact value bracket it, and `above` says which
 *  side that is. May return an infinity (overflow), which the callers leave to the exact path. */
// @ts-ignore: decorator
@inline
function redirect(rb: u64, above: bool, rm: u32): u64 {
  const grow = above != ((rb >> 63) != 0); // the exact value is farther from zero than rb
  const step = rm == RTZ ? !grow : rm == RDN ? !above : above;
  if (!step) return rb;
  return grow ? rb + 1 : rb - 1;
}

// @ts-ignore: decorator
@inline
function twoSumErr(x: f64, y: f64, s: f64): f64 {
  const bb = s - x;
  return (x - (s - bb)) + (y - bb);
}

/** The exact error x*y - p of p = RN(x*y) (Veltkamp split, Dekker product). Needs
 *  |x|, |y| < 2^996, no overflow of x*y, and exponent(x) + exponent(y) >= -970. */
function twoProdErr(x: f64, y: f64, p: f64): f64 {
  const gx = 134217729.0 * x;
  const xh = gx - (gx - x);
  const xl = x - xh;
  const gy = 134217729.0 * y;
  const yh = gy - (gy - y);
  const yl = y - yh;
  return ((xh * yh - p) + xh * yl + xl * yh) + xl * yl;
}

// ===================================================================== add / sub

export function add64(a: u64, b: u64, rm: u32): u64 {
  if (rm < RMM) {
    const x = reinterpret<f64>(a);
    const y = reinterpret<f64>(b);
    const s = x + y;
    if (abs<f64>(s) < Infinity) {
      // Finite sum (so finite operands): Fast2Sum gives the exact rounding error.
      // A sum in the subnormal range is always exact, so only NX can arise.
      const big = abs<f64>(x) >= abs<f64>(y) ? x : y;
      const small = abs<f64>(x) >= abs<f64>(y) ? y : x;
      const e = small - (s - big);
      const sb = reinterpret<u64>(s);
      if (e != 0) {
        if (rm == RNE) {
          raise(NX);
          return sb;
        }
        const r = redirect(sb, e > 0, rm);
        if ((r & F64_INF) != F64_INF) {
          raise(NX);
          return r;
        }
      } else if (s != 0 || rm != RDN) {
        return sb; // exact; only an exact zero's sign depends on the mode
      }
    }
  }
  return add64Exact(a, b, rm);
}

export function add64Exact(a: u64, b: u64, rm: u32): u64 {
  const ea = expField(a);
  const eb = expField(b);
  if (ea == 0x7ff || eb == 0x7ff) {
    if (isNaN64(a) || isNaN64(b)) {
      if (isSNaN64(a) || isSNaN64(b)) raise(NV);
      return F64_CNAN;
    }
    if (ea == 0x7ff && eb == 0x7ff && (a ^ b) >> 63 != 0) {
      raise(NV); // inf - inf
      return F64_CNAN;
    }
    return ea == 0x7ff ? a : b;
  }
  if ((a << 1) == 0) {
    if ((b << 1) == 0) {
      if (a == b) return a;
      return rm == RDN ? F64_SIGN : 0;
    }
    return b;
  }
  if ((b << 1) == 0) return a;
  let sa = <u32>(a >> 63);
  let sb = <u32>(b >> 63);
  let A = unpack64(a);
  let xa = unpE;
  let B = unpack64(b);
  let xb = unpE;
  if (xa < xb) {
    let t = A; A = B; B = t;
    let tx = xa; xa = xb; xb = tx;
    let ts = sa; sa = sb; sb = ts;
  }
  // One bit of headroom for the carry: value = X * 2^(xa + 1 - 62).
  A >>= 1;
  B = shiftRightJam(B >> 1, <u32>(xa - xb));
  if (sa == sb) return normRoundPack(sa, xa + 1, A + B, rm, false);
  if (A == B) return rm == RDN ? F64_SIGN : 0;
  if (A > B) return normRoundPack(sa, xa + 1, A - B, rm, false);
  return normRoundPack(sb, xa + 1, B - A, rm, false);
}

// ===================================================================== mul

export function mul64(a: u64, b: u64, rm: u32): u64 {
  if (rm == RNE) {
    const p = reinterpret<f64>(a) * reinterpret<f64>(b);
    const pb = reinterpret<u64>(p);
    if (expField(pb) - 2 < 0x7fd) {
      // Normal, finite, not near the underflow threshold: the host product is the RNE
      // result. It is exact iff the product of the odd parts fits in 53 bits.
      const oa = oddPart(mant(a));
      const ob = oddPart(mant(b));
      if (bitLen(oa) + bitLen(ob) > 54 || (oa * ob) >> 53 != 0) raise(NX);
      return pb;
    }
  } else if (rm < RMM) {
    const fa = expField(a);
    const fb = expField(b);
    if (fa - 1 < 2018 && fb - 1 < 2018 && fa + fb >= 1076) {
      const x = reinterpret<f64>(a);
      const y = reinterpret<f64>(b);
      const p = x * y;
      const pb = reinterpret<u64>(p);
      if (expField(pb) - 2 < 0x7fc) {
        const e = twoProdErr(x, y, p);
        if (e == 0) return pb;
        const r = redirect(pb, e > 0, rm);
        raise(NX);
        return r;
      }
    }
  }
  return mul64Exact(a, b, rm);
}

export function mul64Exact(a: u64, b: u64, rm: u32): u64 {
  const sign = <u32>((a ^ b) >> 63);
  const ea = expField(a);
  const eb = expField(b);
  if (ea == 0x7ff || eb == 0x7ff) {
    if (isNaN64(a) || isNaN64(b)) {
      if (isSNaN64(a) || isSNaN64(b)) raise(NV);
      return F64_CNAN;
    }
    if ((a << 1) == 0 || (b << 1) == 0) {
      raise(NV); // inf * 0
      return F64_CNAN;
    }
    return (<u64>sign << 63) | F64_INF;
  }
  if ((a << 1) == 0 || (b << 1) == 0) return <u64>sign << 63;
  const A = unpack64(a);
  const xa = unpE;
  const B = unpack64(b);
  const xb = unpE;
  // (A<<1)*(B<<1) in [2^126, 2^128): its high half is value * 2^(62 - xa - xb).
  const lo = mul64x64(A << 1, B << 1);
  return normRoundPack(sign, xa + xb, mulHi | <u64>(lo != 0), rm, false);
}

// ===================================================================== div

export function div64(a: u64, b: u64, rm: u32): u64 {
  if (rm == RNE) {
    const q = reinterpret<f64>(a) / reinterpret<f64>(b);
    const qb = reinterpret<u64>(q);
    if (expField(qb) - 2 < 0x7fd) {
      // Exact iff q*b == a, i.e. iff odd(q) * odd(b) == odd(a) (q is within an ulp of a/b,
      // so equal odd parts force equal powers of two).
      const oa = oddPart(mant(a));
      const ob = oddPart(mant(b));
      const oq = oddPart(mant(qb));
      if (bitLen(oq) + bitLen(ob) - 1 > bitLen(oa) || oq * ob != oa) raise(NX);
      return qb;
    }
  } else if (rm < RMM) {
    const fa = expField(a);
    const fb = expField(b);
    if (fa - 1 < 0x7fd && fb - 1 < 2018) {
      const x = reinterpret<f64>(a);
      const y = reinterpret<f64>(b);
      const q = x / y;
      const qb = reinterpret<u64>(q);
      const fq = expField(qb);
      if (fq - 2 < 2017 && fq + fb >= 1076) { // q normal, |q| < 2^996, exact error term
        // Remainder x - q*y exactly: x - h is exact (Sterbenz), so its sign is that of
        // (x - h) - err(q*y).
        const h = q * y;
        const rem = (x - h) - twoProdErr(q, y, h);
        if (rem == 0) return qb;
        const r = redirect(qb, (rem > 0) == (y > 0), rm);
        raise(NX);
        return r;
      }
    }
  }
  return div64Exact(a, b, rm);
}

export function div64Exact(a: u64, b: u64, rm: u32): u64 {
  const sign = <u32>((a ^ b) >> 63);
  const ea = expField(a);
  const eb = expField(b);
  if (ea == 0x7ff || eb == 0x7ff) {
    if (isNaN64(a) || isNaN64(b)) {
      if (isSNaN64(a) || isSNaN64(b)) raise(NV);
      return F64_CNAN;
    }
    if (ea == 0x7ff && eb == 0x7ff) {
      raise(NV); // inf / inf
      return F64_CNAN;
    }
    return ea == 0x7ff ? (<u64>sign << 63) | F64_INF : <u64>sign << 63;
  }
  if ((b << 1) == 0) {
    if ((a << 1) == 0) {
      raise(NV); // 0 / 0
      return F64_CNAN;
    }
    raise(DZ);
    return (<u64>sign << 63) | F64_INF;
  }
  if ((a << 1) == 0) return <u64>sign << 63;
  const A = unpack64(a);
  const xa = unpE;
  const B = unpack64(b);
  const xb = unpE;
  const Ma = A >> 10; // 53-bit integers
  const Mb = B >> 10;
  // The host quotient of the integers is RN(Ma/Mb), in (1/2, 2): Q * 2^(qe - 52).
  const qbits = reinterpret<u64>(<f64>Ma / <f64>Mb);
  const Q = (qbits & F64_FRAC) | F64_IMPL;
  const qe = <i32>expField(qbits) - 1023;
  // Compare Ma * 2^(52 - qe) with Q * Mb (exact 128-bit integers).
  const s = <u64>(52 - qe); // 52 or 53
  const nHi = Ma >> (64 - s);
  const nLo = Ma << s;
  const pLo = mul64x64(Q, Mb);
  const pHi = mulHi;
  let sig = Q << 10;
  if (nHi > pHi || (nHi == pHi && nLo > pLo)) sig += 1; //   true quotient above Q
  else if (nHi != pHi || nLo != pLo) sig -= 1; //             below Q
  // A quotient is never exactly halfway between two 53-bit values, so Q*2^10 +- 1 rounds
  // like the true quotient in every mode and at every (including subnormal) precision.
  return normRoundPack(sign, qe + xa - xb, sig, rm, false);
}

// ===================================================================== sqrt

export function sqrt64(a: u64, rm: u32): u64 {
  if (rm == RNE) {
    if (a - 1 < 0x7fefffffffffffff) {
      // Positive, finite, nonzero: the result is normal; exact iff odd(s)^2 == odd(a).
      const s = sqrt<f64>(reinterpret<f64>(a));
      const sb = reinterpret<u64>(s);
      const oa = oddPart(mant(a));
      const os = oddPart(mant(sb));
      if (bitLen(os) * 2 - 1 > bitLen(oa) || os * os != oa) raise(NX);
      return sb;
    }
  } else if (rm < RMM && a - 0x0350000000000000 < 0x7fe0000000000000 - 0x0350000000000000) {
    // 2^-970 <= a < 2^1022: s*s has an exact error term and no overflow.
    const x = reinterpret<f64>(a);
    const s = sqrt<f64>(x);
    const h = s * s;
    const rem = (x - h) - twoProdErr(s, s, h);
    if (rem == 0) return reinterpret<u64>(s);
    raise(NX);
    return redirect(reinterpret<u64>(s), rem > 0, rm);
  }
  return sqrt64Exact(a, rm);
}

export function sqrt64Exact(a: u64, rm: u32): u64 {
  if (isNaN64(a)) {
    if (isSNaN64(a)) raise(NV);
    return F64_CNAN;
  }
  if ((a << 1) == 0) return a; // sqrt(+-0) = +-0
  if (a >> 63 != 0) {
    raise(NV);
    return F64_CNAN;
  }
  if (a == F64_INF) return a;
  const A = unpack64(a);
  const xa = unpE;
  const M = A >> 10; // 53-bit integer, value = M * 2^(xa - 52)
  const odd = xa & 1;
  // y = M * 2^(odd - 52) in [1, 4); s = RN(sqrt(y)) = S * 2^-52 in [1, 2).
  const y = <f64>M * reinterpret<f64>(<u64>(1023 - 52 + odd) << 52);
  const S = (reinterpret<u64>(sqrt<f64>(y)) & F64_FRAC) | F64_IMPL;
  // Compare S^2 with M * 2^(52 + odd).
  const sh = <u64>(52 + odd);
  const nHi = M >> (64 - sh);
  const nLo = M << sh;
  const pLo = mul64x64(S, S);
  const pHi = mulHi;
  let sig = S << 10;
  if (nHi > pHi || (nHi == pHi && nLo > pLo)) sig += 1;
  else if (nHi != pHi || nLo != pLo) sig -= 1;
  // (xa - odd) is even; sqrt never ties, overflows or underflows.
  return normRoundPack(0, (xa - odd) >> 1, sig, rm, false);
}

// ===================================================================== fma

/** a*b + c with a single rounding. */
export function fma64(a: u64, b: u64, c: u64, rm: u32): u64 {
  if (rm == 0) {
    const ea = expField(a);
    const eb = expField(b);
    const ec = expField(c);
    const ep = <i32>(ea + eb) - 2046; // unbiased exponent sum of a and b
    // Normal a, b with |a|,|b| < 2^996 (safe splitting), -970 <= ep <= 1021 (exact
    // product error, finite product), |c| < 2^1022.
    if (ea - 1 < 2018 && eb - 1 < 2018 && <u32>(ep + 970) <= 1991 && ec < 2045) {
      const x = reinterpret<f64>(a);
      const y = reinterpret<f64>(b);
      const z = reinterpret<f64>(c);
      // Exact product x*y = ph + pl (Veltkamp split and Dekker product).
      const ph = x * y;
      const pl = twoProdErr(x, y, ph);
      // c + ph = th + tl exactly.
      const th = z + ph;
      const tl = twoSumErr(z, ph, th);
      // v = tl + pl rounded to odd (Boldo & Melquiond): then RN(th + v) = RN(x*y + z).
      let v = tl + pl;
      const e1 = twoSumErr(tl, pl, v);
      if (e1 != 0) {
        const vb = reinterpret<u64>(v);
        if ((vb & 1) == 0) {
          v = reinterpret<f64>((vb ^ reinterpret<u64>(e1)) >> 63 == 0 ? vb + 1 : vb - 1);
        }
      }
      const r = th + v;
      const rb = reinterpret<u64>(r);
      if (expField(rb) - 2 < 0x7fd) {
        // e1 != 0 means the exact result has more than 53 significant bits.
        if (e1 != 0 || twoSumErr(th, v, r) != 0) raise(NX);
        return rb;
      }
    }
  }
  return fma64Exact(a, b, c, rm);
}

export function fma64Exact(a: u64, b: u64, c: u64, rm: u32): u64 {
  const sp = <u32>((a ^ b) >> 63);
  const sc = <u32>(c >> 63);
  const ea = expField(a);
  const eb = expField(b);
  const ec = expField(c);
  const aZero = (a << 1) == 0;
  const bZero = (b << 1) == 0;
  if (ea == 0x7ff || eb == 0x7ff || ec == 0x7ff) {
    const infZero = (a << 1 == 0xffe0000000000000 && bZero) || (aZero && b << 1 == 0xffe0000000000000);
    if (isNaN64(a) || isNaN64(b) || isNaN64(c)) {
      // RISC-V: inf * 0 raises NV even when the addend is a quiet NaN.
      if (isSNaN64(a) || isSNaN64(b) || isSNaN64(c) || infZero) raise(NV);
      return F64_CNAN;
    }
    if (infZero) {
      raise(NV);
      return F64_CNAN;
    }
    if (ea == 0x7ff || eb == 0x7ff) {
      if (ec == 0x7ff && sc != sp) {
        raise(NV); // inf - inf
        return F64_CNAN;
      }
      return (<u64>sp << 63) | F64_INF;
    }
    return c;
  }
  if (aZero || bZero) {
    if ((c << 1) != 0) return c;
    if (sp == sc) return c;
    return rm == RDN ? F64_SIGN : 0;
  }
  const A = unpack64(a);
  const xa = unpE;
  const B = unpack64(b);
  const xb = unpE;
  // Product P = A*B in [2^124, 2^126): value = P * 2^(xa + xb - 124).
  let pLo = mul64x64(A, B);
  let pHi = mulHi;
  if ((c << 1) == 0) {
    // Exact product plus a zero: round the product (sign of a nonzero product wins).
    return normRoundPack(sp, xa + xb + 2, pHi | <u64>(pLo != 0), rm, false);
  }
  const C = unpack64(c);
  const xc = unpE;
  // C placed with its leading one at bit 124: value = C128 * 2^(xc - 124).
  let cHi = C >> 2;
  let cLo = C << 62;
  let E: i32;
  // Align the operand with the smaller exponent (sticky-shift right).
  if (xa + xb >= xc) {
    E = xa + xb;
    const d = <u32>(E - xc);
    if (d != 0) {
      if (d < 64) {
        cLo = (cLo >> d) | (cHi << (64 - d)) | <u64>((cLo << (64 - d)) != 0);
        cHi = cHi >> d;
      } else if (d < 128) {
        const st = <u64>(cLo != 0 || (d > 64 && (cHi << (128 - d)) != 0));
        cLo = (cHi >> (d - 64)) | st;
        cHi = 0;
      } else {
        cLo = 1;
        cHi = 0;
      }
    }
  } else {
    E = xc;
    const d = <u32>(xc - xa - xb);
    if (d < 64) {
      pLo = (pLo >> d) | (pHi << (64 - d)) | <u64>((pLo << (64 - d)) != 0);
      pHi = pHi >> d;
    } else if (d < 128) {
      const st = <u64>(pLo != 0 || (d > 64 && (pHi << (128 - d)) != 0));
      pLo = (pHi >> (d - 64)) | st;
      pHi = 0;
    } else {
      pLo = 1;
      pHi = 0;
    }
  }
  let sign = sp;
  let hi: u64;
  let lo: u64;
  if (sp == sc) {
    lo = pLo + cLo;
    hi = pHi + cHi + <u64>(lo < pLo);
  } else if (pHi > cHi || (pHi == cHi && pLo >= cLo)) {
    if (pHi == cHi && pLo == cLo) return rm == RDN ? F64_SIGN : 0; // exact cancellation
    lo = pLo - cLo;
    hi = pHi - cHi - <u64>(pLo < cLo);
  } else {
    sign = sc;
    lo = cLo - pLo;
    hi = cHi - pHi - <u64>(cLo < pLo);
  }
  // value = (hi:lo) * 2^(E - 124); reduce to a 64-bit sticky significand.
  if (hi == 0) return normRoundPack(sign, E - 62, lo, rm, false);
  const lz = clz<u64>(hi);
  if (lz != 0) {
    hi = (hi << lz) | (lo >> (64 - lz));
    lo = lo << lz;
  }
  return normRoundPack(sign, E + 2 - <i32>lz, hi | <u64>(lo != 0), rm, false);
}
