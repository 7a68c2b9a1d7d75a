// A BigInt reference model of the RV64IM register-register and register-immediate
// operations (unprivileged ISA spec, RV64I and "M" chapters), for table-driven tests.
export const M64 = (1n << 64n) - 1n;
export const MIN64 = 1n << 63n;
export const u64 = (x: bigint): bigint => BigInt.asUintN(64, x);
export const s64 = (x: bigint): bigint => BigInt.asIntN(64, x);
export const sx32 = (x: bigint): bigint => u64(BigInt.asIntN(32, x));
const lo32 = (x: bigint): bigint => x & 0xffffffffn;
const s32 = (x: bigint): bigint => BigInt.asIntN(32, x);

export const rrOps: Record<string, (a: bigint, b: bigint) => bigint> = {
  add: (a, b) => u64(a + b),
  sub: (a, b) => u64(a - b),
  sll: (a, b) => u64(a << (b & 63n)),
  slt: (a, b) => (s64(a) < s64(b) ? 1n : 0n),
  sltu: (a, b) => (a < b ? 1n : 0n),
  xor: (a, b) => a ^ b,
  srl: (a, b) => a >> (b & 63n),
  sra: (a, b) => u64(s64(a) >> (b & 63n)),
  or: (a, b) => a | b,
  and: (a, b) => a & b,
  addw: (a, b) => sx32(a + b),
  subw: (a, b) => sx32(a - b),
  sllw: (a, b) => sx32(a << (b & 31n)),
  srlw: (a, b) => sx32(lo32(a) >> (b & 31n)),
  sraw: (a, b) => sx32(s32(a) >> (b & 31n)),
  mul: (a, b) => u64(a * b),
  mulh: (a, b) => u64((s64(a) * s64(b)) >> 64n),
  mulhsu: (a, b) => u64((s64(a) * b) >> 64n),
  mulhu: (a, b) => (a * b) >> 64n,
  div: (a, b) => (b === 0n ? M64 : a === MIN64 && b === M64 ? a : u64(s64(a) / s64(b))),
  divu: (a, b) => (b === 0n ? M64 : a / b),
  rem: (a, b) => (b === 0n ? a : a === MIN64 && b === M64 ? 0n : u64(s64(a) % s64(b))),
  remu: (a, b) => (b === 0n ? a : a % b),
  mulw: (a, b) => sx32(a * b),
  divw: (a, b) => {
    const x = s32(a), y = s32(b);
    if (y === 0n) return M64;
    if (x === -(1n << 31n) && y === -1n) return sx32(x);
    return sx32(x / y);
  },
  divuw: (a, b) => (lo32(b) === 0n ? M64 : sx32(lo32(a) / lo32(b))),
  remw: (a, b) => {
    const x = s32(a), y = s32(b);
    if (y === 0n) return sx32(x);
    if (x === -(1n << 31n) && y === -1n) return 0n;
    return sx32(x % y);
  },
  remuw: (a, b) => (lo32(b) === 0n ? sx32(a) : sx32(lo32(a) % lo32(b))),
};

/** Register-immediate forms: imm is the sign-extended 12-bit immediate (or the shamt). */
export const riOps: Record<string, (a: bigint, imm: bigint) => bigint> = {
  addi: (a, i) => u64(a + i),
  slti: (a, i) => (s64(a) < i ? 1n : 0n),
  sltiu: (a, i) => (a < u64(i) ? 1n : 0n),
  xori: (a, i) => a ^ u64(i),
  ori: (a, i) => a | u64(i),
  andi: (a, i) => a & u64(i),
  slli: (a, i) => u64(a << i),
  srli: (a, i) => a >> i,
  srai: (a, i) => u64(s64(a) >> i),
  addiw: (a, i) => sx32(a + i),
  slliw: (a, i) => sx32(a << i),
  srliw: (a, i) => sx32(lo32(a) >> i),
  sraiw: (a, i) => sx32(s32(a) >> i),
};

/** Interesting operands plus seeded pseudo-random ones. */
export function operands(nRandom = 12, seed = 12345): bigint[] {
  const v = [0n, 1n, 2n, 3n, 7n, 31n, 32n, 33n, 63n, 64n, M64, M64 - 1n, MIN64, MIN64 - 1n, MIN64 + 1n,
    0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n, 0xffffffff80000000n, 0x123456789abcdef0n, 0xfedcba9876543210n];
  let x = BigInt(seed);
  for (let i = 0; i < nRandom; i++) {
    x = u64(x * 6364136223846793005n + 1442695040888963407n);
    v.push(x ^ (x >> 29n));
  }
  return v;
}
