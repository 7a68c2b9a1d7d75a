// Integer operations Wasm lacks or defines differently ("M" chapter of the ISA spec).

/** High 64 bits of the unsigned 128-bit product (Wasm has no wide multiply). */
// @ts-ignore: decorator
@inline export function mulhu(a: u64, b: u64): u64 {
  const al = a & 0xFFFFFFFF, ah = a >> 32;
  const bl = b & 0xFFFFFFFF, bh = b >> 32;
  const ll = al * bl;
  const m1 = ah * bl + (ll >> 32);
  const m2 = al * bh + (m1 & 0xFFFFFFFF);
  return ah * bh + (m1 >> 32) + (m2 >> 32);
}

/** High 64 bits of the signed x signed product. */
// @ts-ignore: decorator
@inline export function mulh(a: u64, b: u64): u64 {
  let h = mulhu(a, b);
  if (<i64>a < 0) h -= b;
  if (<i64>b < 0) h -= a;
  return h;
}

/** High 64 bits of the signed (a) x unsigned (b) product. */
// @ts-ignore: decorator
@inline export function mulhsu(a: u64, b: u64): u64 {
  let h = mulhu(a, b);
  if (<i64>a < 0) h -= b;
  return h;
}

// Division by zero gives all ones (quotient) or the dividend (remainder); the signed
// overflow case MIN / -1 gives MIN and remainder 0 (spec table "Semantics for division by
// zero and division overflow"). Wasm traps on both, so they are tested first.

// @ts-ignore: decorator
@inline export function div64(a: u64, b: u64): u64 {
  if (b == 0) return <u64>-1;
  if (b == <u64>-1) return 0 - a; // also MIN / -1 = MIN
  return <u64>(<i64>a / <i64>b);
}

// @ts-ignore: decorator
@inline export function divu64(a: u64, b: u64): u64 {
  return b == 0 ? <u64>-1 : a / b;
}

// @ts-ignore: decorator
@inline export function rem64(a: u64, b: u64): u64 {
  if (b == 0) return a;
  if (b == <u64>-1) return 0;
  return <u64>(<i64>a % <i64>b);
}

// @ts-ignore: decorator
@inline export function remu64(a: u64, b: u64): u64 {
  return b == 0 ? a : a % b;
}

// @ts-ignore: decorator
@inline export function sx32(v: i32): u64 {
  return <u64><i64>v;
}

// @ts-ignore: decorator
@inline export function divw(a: u64, b: u64): u64 {
  const x = <i32>a, y = <i32>b;
  if (y == 0) return <u64>-1;
  if (y == -1) return sx32(0 - x);
  return sx32(x / y);
}

// @ts-ignore: decorator
@inline export function divuw(a: u64, b: u64): u64 {
  const x = <u32>a, y = <u32>b;
  if (y == 0) return <u64>-1;
  return sx32(<i32>(x / y));
}

// @ts-ignore: decorator
@inline export function remw(a: u64, b: u64): u64 {
  const x = <i32>a, y = <i32>b;
  if (y == 0) return sx32(x);
  if (y == -1) return 0;
  return sx32(x % y);
}

// @ts-ignore: decorator
@inline export function remuw(a: u64, b: u64): u64 {
  const x = <u32>a, y = <u32>b;
  if (y == 0) return sx32(<i32>x);
  return sx32(<i32>(x % y));
}
