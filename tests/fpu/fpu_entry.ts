// Test-only Wasm entry: runs batches of FPU vectors against asm/fpu.ts, cross-checks the
// fast paths against the exact integer paths, and times the hot operations.
// Built by tests/fpu/build.ts into build/fpu-test.wasm (never part of the core).
import { STATE_BASE, HART_FCSR } from "../../asm/layout";
import {
  f64_add, f64_sub, f64_mul, f64_div, f64_sqrt, f64_fma, f64_min, f64_max, f64_eq, f64_lt,
  f64_le, f64_class, f64_to_i32, f64_to_u32, f64_to_i64, f64_to_u64, i32_to_f64, u32_to_f64,
  i64_to_f64, u64_to_f64, f64_to_f32, f32_to_f64,
  f32_add, f32_sub, f32_mul, f32_div, f32_sqrt, f32_fma, f32_min, f32_max, f32_eq, f32_lt,
  f32_le, f32_class, f32_to_i32, f32_to_u32, f32_to_i64, f32_to_u64, i32_to_f32, u32_to_f32,
  i64_to_f32, u64_to_f32,
} from "../../asm/fpu";
// The operations themselves, for the hand-written cases.
export {
  f64_add, f64_sub, f64_mul, f64_div, f64_sqrt, f64_fma, f64_min, f64_max, f64_eq, f64_lt,
  f64_le, f64_class, f64_to_i32, f64_to_u32, f64_to_i64, f64_to_u64, i32_to_f64, u32_to_f64,
  i64_to_f64, u64_to_f64, f64_to_f32, f32_to_f64,
  f32_add, f32_sub, f32_mul, f32_div, f32_sqrt, f32_fma, f32_min, f32_max, f32_eq, f32_lt,
  f32_le, f32_class, f32_to_i32, f32_to_u32, f32_to_i64, f32_to_u64, i32_to_f32, u32_to_f32,
  i64_to_f32, u64_to_f32,
} from "../../asm/fpu";
import { add64Exact, mul64Exact, div64Exact, sqrt64Exact, fma64Exact } from "../../asm/fpu_f64";

const FCSR = <usize>(STATE_BASE + HART_FCSR);
const S64: u64 = 0x8000000000000000;
const S32: u64 = 0x80000000;

/** Apply operation `op` (the numbering of tests/fpu/vectors.c). */
function apply(op: u32, rm: u32, a: u64, b: u64, c: u64): u64 {
  const a32 = <u32>a;
  const b32 = <u32>b;
  const c32 = <u32>c;
  switch (op) {
    case 0: return f64_add(a, b, rm);
    case 1: return f64_sub(a, b, rm);
    case 2: return f64_mul(a, b, rm);
    case 3: return f64_div(a, b, rm);
    case 4: return f64_sqrt(a, rm);
    case 5: return f64_fma(a, b, c, rm);
    case 6: return f64_fma(a, b, c ^ S64, rm); //        fmsub
    case 7: return f64_fma(a ^ S64, b, c, rm); //        fnmsub
    case 8: return f64_fma(a ^ S64, b, c ^ S64, rm); //  fnmadd
    case 9: return f64_min(a, b);
    case 10: return f64_max(a, b);
    case 11: return f64_eq(a, b);
    case 12: return f64_lt(a, b);
    case 13: return f64_le(a, b);
    case 14: return f64_class(a);
    case 15: return f64_to_i32(a, rm);
    case 16: return f64_to_u32(a, rm);
    case 17: return f64_to_i64(a, rm);
    case 18: return f64_to_u64(a, rm);
    case 19: return i32_to_f64(a, rm);
    case 20: return u32_to_f64(a, rm);
    case 21: return i64_to_f64(a, rm);
    case 22: return u64_to_f64(a, rm);
    case 23: return f64_to_f32(a, rm);
    case 24: return f32_to_f64(a32);
    case 32: return f32_add(a32, b32, rm);
    case 33: return f32_sub(a32, b32, rm);
    case 34: return f32_mul(a32, b32, rm);
    case 35: return f32_div(a32, b32, rm);
    case 36: return f32_sqrt(a32, rm);
    case 37: return f32_fma(a32, b32, c32, rm);
    case 38: return f32_fma(a32, b32, <u32>(c ^ S32), rm);
    case 39: return f32_fma(<u32>(a ^ S32), b32, c32, rm);
    case 40: return f32_fma(<u32>(a ^ S32), b32, <u32>(c ^ S32), rm);
    case 41: return f32_min(a32, b32);
    case 42: return f32_max(a32, b32);
    case 43: return f32_eq(a32, b32);
    case 44: return f32_lt(a32, b32);
    case 45: return f32_le(a32, b32);
    case 46: return f32_class(a32);
    case 47: return f32_to_i32(a32, rm);
    case 48: return f32_to_u32(a32, rm);
    case 49: return f32_to_i64(a32, rm);
    case 50: return f32_to_u64(a32, rm);
    case 51: return i32_to_f32(a, rm);
    case 52: return u32_to_f32(a, rm);
    case 53: return i64_to_f32(a, rm);
    case 54: return u64_to_f32(a, rm);
    // exact (slow) paths of the binary64 operations, for cross-checking the fast paths
    case 100: return add64Exact(a, b, rm);
    case 101: return add64Exact(a, b ^ S64, rm);
    case 102: return mul64Exact(a, b, rm);
    case 103: return div64Exact(a, b, rm);
    case 104: return sqrt64Exact(a, rm);
    case 105: return fma64Exact(a, b, c, rm);
    default: unreachable();
  }
  return 0;
}

/** Records of 40 bytes at p: u32 (op | rm << 8), u32 pad, u64 a, b, c, expected.
 *  Writes (result u64, fflags u64) pairs at out. */
export function runBatch(p: usize, n: i32, out: usize): void {
  for (let i = 0; i < n; i++) {
    const rec = p + <usize>i * 40;
    const h = load<u32>(rec);
    store<u64>(FCSR, 0);
    const r = apply(h & 0xff, (h >> 8) & 0xff, load<u64>(rec, 8), load<u64>(rec, 16), load<u64>(rec, 24));
    const o = out + <usize>i * 16;
    store<u64>(o, r);
    store<u64>(o, load<u64>(FCSR) & 31, 8);
  }
}

// ---- cross-check of fast vs exact paths on generated inputs ----

let seed: u64 = 0x9e3779b97f4a7c15;
function rnd(): u64 {
  seed ^= seed << 13;
  seed ^= seed >> 7;
  seed ^= seed << 17;
  return seed;
}

/** A random binary64 biased toward hard cases: exponent near `center` +- spread,
 *  significand with random runs of ones/zeros. */
function rndF64(center: i32, spread: u32): u64 {
  const r = rnd();
  let e = center + <i32>(<u32>(r & 0xffff) % (2 * spread + 1)) - <i32>spread;
  if (e < 1) e = 1;
  if (e > 2046) e = 2046;
  let f = rnd() & 0x000fffffffffffff;
  const mode = (r >> 16) & 7;
  if (mode == 0) f &= ~(<u64>0 >> ((r >> 20) & 63)); //              top bits only
  else if (mode == 1) f |= (<u64>0xfffffffffffff) >> ((r >> 20) & 63); // trailing ones
  else if (mode == 2) f = f & (f >> 1) & (f >> 2);
  return ((r >> 63) << 63) | (<u64>e << 52) | f;
}

/** Occasionally replace an operand by a special value, a subnormal or random bits. */
function perturb(x: u64, r: u64): u64 {
  switch (<u32>(r & 31)) {
    case 0: return rnd(); //                                         any bits
    case 1: return rnd() & 0x800fffffffffffff; //                    subnormal or zero
    case 2: return (r << 32) & 0x8000000000000000; //                +-0
    case 3: return ((r << 32) & 0x8000000000000000) | 0x7ff0000000000000; // +-inf
    case 4: return 0x7ff0000000000000 | (rnd() & 0x000fffffffffffff) | 1; // NaN
    case 5: return (x & 0x800fffffffffffff) | (<u64>(r >> 8) & 0x3f) << 52; // tiny normal
    case 6: return (x & 0x800fffffffffffff) | (0x7fe - ((r >> 8) & 0x3f)) << 52; // huge
    default: return x;
  }
}

/** Compare op (fast) against op+100 (exact) on n generated cases; returns the number of
 *  mismatches and writes up to 16 of them (a, b, c, rm) at out. */
export function crossCheck(op: u32, n: i32, rmMask: u32, out: usize, s: u64): i32 {
  seed = s | 1;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const sel = rnd();
    const center = <i32>(sel & 1) != 0 ? 1023 : <i32>(sel >> 8) % 2047;
    const spread: u32 = (sel & 2) != 0 ? 4 : 60;
    let a = rndF64(center, spread);
    // b: quotient near 1 for div; for mul/fma a product exponent near 0, or anywhere in
    // [-1100, 1100] (under/overflow and the fast paths' range limits), or near -1000.
    const pe: i32 = (sel & 0xc00) == 0 ? <i32>((sel >> 48) % 2201) - 1100
      : (sel & 0xc00) == 0x400 ? -1040 + <i32>((sel >> 48) % 100) : <i32>((sel >> 20) & 3);
    let b = rndF64(op == 3 ? center : 1023 + pe - (center - 1023), spread);
    let c = rndF64((sel & 0xc00) == 0x400 ? 1023 + pe : center, spread);
    const k = (sel >> 24) & 7;
    if (op == 0 || op == 1) {
      if (k == 0) b = (a ^ (<u64>(op == 0) << 63)) + (rnd() & 3) - 1; //  cancellation
      if (k == 1) b = rndF64(<i32>((a >> 52) & 0x7ff) - 54 + <i32>((sel >> 28) & 7), 0);
    }
    if (op == 5) {
      // c close to -a*b: massive cancellation; or tiny relative to a*b
      const p = reinterpret<u64>(reinterpret<f64>(a) * reinterpret<f64>(b));
      if (k <= 2) c = ((p ^ S64) + (rnd() & 7)) - 3;
      else if (k == 3) c = rndF64(<i32>((p >> 52) & 0x7ff) - 53 + <i32>((sel >> 28) & 7), 1);
      else if (k == 4) c = (rnd() & 1) << 63;
    }
    if ((sel & 0x300) == 0) {
      a = perturb(a, rnd());
      b = perturb(b, rnd());
      c = perturb(c, rnd());
    }
    const rm = rmMask == 1 ? 0 : <u32>((sel >> 40) % 5);
    store<u64>(FCSR, 0);
    const r1 = apply(op, rm, a, b, c);
    const f1 = load<u64>(FCSR);
    store<u64>(FCSR, 0);
    const r2 = apply(op + 100, rm, a, b, c);
    const f2 = load<u64>(FCSR);
    if (r1 != r2 || f1 != f2) {
      if (bad < 16) {
        const o = out + <usize>bad * 32;
        store<u64>(o, a);
        store<u64>(o, b, 8);
        store<u64>(o, c, 16);
        store<u64>(o, rm, 24);
      }
      bad++;
    }
  }
  return bad;
}

// ---- timing loops (RNE; operands cycle through 1024 random normal numbers) ----

const BENCH: usize = 0x700000; // three arrays of 1024 u64

export function benchInit(): void {
  seed = 0x2545f4914f6cdd1d;
  for (let i = 0; i < 3 * 1024; i++) {
    // sign, exponent in [-8, 8), random significand
    const r = rnd();
    store<u64>(BENCH + (<usize>i << 3), (r & 0x800fffffffffffff) | ((1015 + ((r >> 52) & 15)) << 52));
  }
}

// @ts-ignore: decorator
@inline
function ld(k: usize, i: i32): u64 {
  return load<u64>(BENCH + (k << 13) + (<usize>(i & 1023) << 3));
}

export function benchNative(n: i32): u64 {
  let acc: u64 = 0;
  for (let i = 0; i < n; i++) acc += reinterpret<u64>(reinterpret<f64>(ld(0, i)) + reinterpret<f64>(ld(1, i)));
  return acc;
}
export function benchNativeFma(n: i32): u64 {
  let acc: u64 = 0;
  for (let i = 0; i < n; i++) {
    acc += reinterpret<u64>(reinterpret<f64>(ld(0, i)) * reinterpret<f64>(ld(1, i)) + reinterpret<f64>(ld(2, i)));
  }
  return acc;
}
export function benchAdd(n: i32, rm: u32): u64 {
  let acc: u64 = 0;
  for (let i = 0; i < n; i++) acc += f64_add(ld(0, i), ld(1, i), rm);
  return acc;
}
export function benchMul(n: i32, rm: u32): u64 {
  let acc: u64 = 0;
  for (let i = 0; i < n; i++) acc += f64_mul(ld(0, i), ld(1, i), rm);
  return acc;
}
export function benchDiv(n: i32, rm: u32): u64 {
  let acc: u64 = 0;
  for (let i = 0; i < n; i++) acc += f64_div(ld(0, i), ld(1, i), rm);
  return acc;
}
export function benchSqrt(n: i32, rm: u32): u64 {
  let acc: u64 = 0;
  for (let i = 0; i < n; i++) acc += f64_sqrt(ld(0, i) & 0x7fffffffffffffff, rm);
  return acc;
}
export function benchFma(n: i32, rm: u32): u64 {
  let acc: u64 = 0;
  for (let i = 0; i < n; i++) acc += f64_fma(ld(0, i), ld(1, i), ld(2, i), rm);
  return acc;
}
export function benchAddS(n: i32, rm: u32): u64 {
  let acc: u64 = 0;
  for (let i = 0; i < n; i++) acc += f32_add(f64_to_f32(ld(0, i), 0), f64_to_f32(ld(1, i), 0), rm);
  return acc;
}
export function benchMulS(n: i32, rm: u32): u64 {
  let acc: u64 = 0;
  for (let i = 0; i < n; i++) acc += f32_mul(f64_to_f32(ld(0, i), 0), f64_to_f32(ld(1, i), 0), rm);
  return acc;
}
export function benchCvtS(n: i32, rm: u32): u64 {
  let acc: u64 = 0;
  for (let i = 0; i < n; i++) acc += f64_to_f32(ld(0, i), rm);
  return acc;
}
export function benchToI32(n: i32, rm: u32): u64 {
  let acc: u64 = 0;
  for (let i = 0; i < n; i++) acc += f64_to_i32(ld(0, i), rm);
  return acc;
}
export function benchFromI32(n: i32, rm: u32): u64 {
  let acc: u64 = 0;
  for (let i = 0; i < n; i++) acc += i32_to_f64(ld(0, i) >> 40, rm);
  return acc;
}
export function benchFromI64(n: i32, rm: u32): u64 {
  let acc: u64 = 0;
  for (let i = 0; i < n; i++) acc += i64_to_f64(ld(0, i), rm);
  return acc;
}
