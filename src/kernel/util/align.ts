// Address arithmetic. User addresses reach 2^38, past the 32 bits JavaScript's bitwise
// operators work on, so alignment uses division, never `& ~mask`.

/** Round `x` (non-negative) down to a multiple of `a`. */
export function alignDown(x: number, a: number): number {
  return x - (x % a);
}

/** Round `x` (non-negative) up to a multiple of `a`. */
export function alignUp(x: number, a: number): number {
  return Math.ceil(x / a) * a;
}
