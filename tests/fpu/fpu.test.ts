// asm/fpu.ts against a real RV64GC: qemu-riscv64 runs tests/fpu/vectors.c, which executes
// every F/D arithmetic instruction on generated inputs under all rounding modes and records
// result bits and fflags; the same inputs go through build/fpu-test.wasm (tests/fpu/fpu_entry.ts
// re-exports asm/fpu.ts). Plus: hand-written famous edge cases, and the fast (RNE) paths
// cross-checked against the exact integer paths on millions of generated inputs.
import { beforeAll, describe, expect, it } from "vitest";
import { haveTool } from "../helpers/toolchain.js";
import {
  compareAll, flagStr, hex, loadFpu, OP_NAMES, referenceVectors, type FpuExports, type OpStats,
} from "./harness.js";

// Tuples per operation; each is run under the 5 rounding modes (non-rounding operations get
// 5x the tuples instead), so every operation is checked on 5 * COUNT vectors per seed.
const COUNT = Number(process.env.FPU_VECTORS ?? 8000);
const SEEDS = [1, 2];

const haveRef = haveTool("qemu-riscv64") && haveTool("riscv64-linux-gnu-gcc");

let fpu: FpuExports;
beforeAll(async () => {
  fpu = await loadFpu();
});

describe.skipIf(!haveRef)("fpu vs qemu-riscv64", () => {
  const stats = new Map<number, OpStats>();
  beforeAll(() => {
    for (const seed of SEEDS) {
      for (const [op, s] of compareAll(fpu, referenceVectors(seed, COUNT))) {
        const t = stats.get(op) ?? { total: 0, bad: 0, examples: [] };
        t.total += s.total;
        t.bad += s.bad;
        t.examples.push(...s.examples.slice(0, 8 - t.examples.length));
        stats.set(op, t);
      }
    }
  });

  for (const [opStr, name] of Object.entries(OP_NAMES)) {
    const op = Number(opStr);
    it(`${name}: every vector matches (result bits and fflags)`, () => {
      const s = stats.get(op);
      expect(s, `no vectors for ${name}`).toBeDefined();
      expect(s!.total).toBe(5 * COUNT * SEEDS.length);
      expect(s!.bad, `${s!.bad} of ${s!.total} mismatch, e.g.\n${s!.examples.join("\n")}`).toBe(0);
    });
  }
});

describe("fast paths agree with the exact paths", () => {
  const names = ["add", "sub", "mul", "div", "sqrt", "fma"];
  for (let op = 0; op <= 5; op++) {
    for (const [mask, modes] of [[1, "RNE"], [31, "all modes"]] as const) {
      it(`f64 ${names[op]}, ${modes}: fast paths vs exact integer path on 1M inputs`, () => {
        const OUT = 0x300000;
        const bad = fpu.crossCheck(op, 1_000_000, mask, OUT, BigInt(0x1234567 + op * 77 + mask));
        const m = new BigUint64Array(fpu.memory.buffer, OUT, 64);
        const ex: string[] = [];
        for (let i = 0; i < Math.min(bad, 16); i++) {
          ex.push(`a=${hex(m[i * 4])} b=${hex(m[i * 4 + 1])} c=${hex(m[i * 4 + 2])} rm=${m[i * 4 + 3]}`);
        }
        expect(bad, ex.join("\n")).toBe(0);
      });
    }
  }
});

// ---- hand-written edge cases ----

type Case = [fn: string, args: (bigint | number)[], result: bigint, flags: number];
const NV = 16, DZ = 8, OF = 4, UF = 2, NX = 1;
const RNE = 0, RTZ = 1, RDN = 2, RUP = 3, RMM = 4;
const D = (x: number): bigint => {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(x);
  return b.readBigUInt64LE();
};
const F = (x: number): number => {
  const b = Buffer.alloc(4);
  b.writeFloatLE(x);
  return b.readUInt32LE();
};
const CN = 0x7ff8000000000000n;
const CN32 = 0x7fc00000n;
const SNAN = 0x7ff0000000000001n;
const QNAN = 0x7ff8000000000123n;
const SNAN32 = 0x7f800001;
const INF = 0x7ff0000000000000n;
const NINF = 0xfff0000000000000n;
const MAX = 0x7fefffffffffffffn;
const MINSUB = 1n;
const MINNORM = 0x0010000000000000n;
const NZ = 0x8000000000000000n;
const ONE = D(1);
const sext32 = (x: bigint): bigint => BigInt.asUintN(64, BigInt.asIntN(32, x));

const cases: Case[] = [
  // ties and rounding modes
  ["f64_add", [ONE, D(2 ** -53), RNE], ONE, NX], //                                 tie to even (down)
  ["f64_add", [ONE + 1n, D(2 ** -53), RNE], ONE + 2n, NX], //                        tie to even (up)
  ["f64_add", [ONE, D(2 ** -53), RMM], ONE + 1n, NX], //                             tie away
  ["f64_add", [ONE, D(2 ** -53), RUP], ONE + 1n, NX],
  ["f64_add", [ONE, D(-(2 ** -60)), RTZ], D(1 - 2 ** -53), NX],
  ["f64_add", [ONE, D(-1), RNE], 0n, 0],
  ["f64_add", [ONE, D(-1), RDN], NZ, 0], //                                          x - x = -0 in RDN
  ["f64_sub", [NZ, 0n, RNE], NZ, 0],
  ["f64_add", [NZ, 0n, RUP], 0n, 0],
  // invalid and NaNs
  ["f64_add", [INF, NINF, RNE], CN, NV],
  ["f64_add", [SNAN, ONE, RNE], CN, NV],
  ["f64_add", [QNAN, ONE, RNE], CN, 0],
  ["f64_mul", [INF, 0n, RNE], CN, NV],
  ["f64_div", [0n, 0n, RNE], CN, NV],
  ["f64_div", [INF, NINF, RNE], CN, NV],
  ["f64_div", [ONE, 0n, RNE], INF, DZ],
  ["f64_div", [D(-1), 0n, RNE], NINF, DZ],
  ["f64_div", [INF, 0n, RNE], INF, 0], //                                             no DZ for inf/0
  ["f64_sqrt", [D(-1), RNE], CN, NV],
  ["f64_sqrt", [NZ, RNE], NZ, 0],
  ["f64_sqrt", [D(2), RNE], D(Math.SQRT2), NX],
  ["f64_sqrt", [D(2), RUP], D(Math.SQRT2), NX], //                                  RN(sqrt 2) is above
  ["f64_sqrt", [D(2), RDN], D(Math.SQRT2) - 1n, NX],
  ["f64_sqrt", [D(9), RNE], D(3), 0],
  ["f64_sqrt", [MINSUB, RNE], D(2 ** -537), 0],
  // overflow follows the rounding mode
  ["f64_mul", [MAX, D(2), RNE], INF, OF | NX],
  ["f64_mul", [MAX, D(2), RTZ], MAX, OF | NX],
  ["f64_mul", [MAX, D(2), RDN], MAX, OF | NX],
  ["f64_mul", [MAX, D(-2), RDN], NINF, OF | NX],
  ["f64_mul", [MAX, D(-2), RUP], MAX | NZ, OF | NX],
  ["f64_add", [MAX, D(2 ** 970), RNE], INF, OF | NX], //                             rounds up past max
  ["f64_add", [MAX, D(2 ** 969), RNE], MAX, NX], //                                  below half an ulp
  // underflow: tininess after rounding, UF only when inexact
  ["f64_mul", [MINSUB, D(0.5), RNE], 0n, UF | NX],
  ["f64_mul", [MINSUB, D(0.5), RUP], MINSUB, UF | NX],
  ["f64_mul", [MINNORM, D(0.5), RNE], 0x0008000000000000n, 0], //                     exact subnormal
  // 2^-1022 - 2^-1075 has 53 bits, so it is tiny after rounding; the subnormal result ties up.
  ["f64_mul", [MINNORM, D(1 - 2 ** -53), RNE], MINNORM, UF | NX],
  ["f64_mul", [MINNORM, D(1 - 2 ** -53), RTZ], 0x000fffffffffffffn, UF | NX],
  // 2^-1022 * (1 - 2^-104) rounds (unbounded exponent) to 2^-1022: not tiny, no UF
  ["f64_mul", [MINNORM + 1n, D(1 - 2 ** -52), RNE], MINNORM, NX],
  ["f64_mul", [MINNORM + 1n, D(1 - 2 ** -52), RUP], MINNORM, NX],
  ["f64_mul", [MINNORM + 1n, D(1 - 2 ** -52), RTZ], 0x000fffffffffffffn, UF | NX],
  ["f64_div", [MINNORM, D(1 + 2 ** -52), RNE], 0x000fffffffffffffn, UF | NX],
  ["f64_sub", [MINNORM, MINSUB, RNE], 0x000fffffffffffffn, 0], //                      subnormal sums are exact
  // fma: single rounding, invalid inf*0 even with a quiet NaN addend
  ["f64_fma", [INF, 0n, QNAN, RNE], CN, NV],
  ["f64_fma", [0n, INF, ONE, RNE], CN, NV],
  ["f64_fma", [ONE, ONE, SNAN, RNE], CN, NV],
  ["f64_fma", [ONE, ONE, QNAN, RNE], CN, 0],
  ["f64_fma", [INF, ONE, NINF, RNE], CN, NV],
  ["f64_fma", [D(1 + 2 ** -52), D(1 - 2 ** -52), D(-1), RNE], D(-(2 ** -104)), 0],
  ["f64_fma", [D(1 + 2 ** -30), D(1 + 2 ** -30), D(-1), RNE], D(2 ** -29 + 2 ** -60), 0],
  ["f64_fma", [D(1 + 2 ** -52), D(1 + 2 ** -52), D(-1 - 2 ** -51), RNE], D(2 ** -104), 0],
  ["f64_fma", [ONE, D(2), D(-2), RDN], NZ, 0],
  ["f64_fma", [0n, ONE, NZ, RNE], 0n, 0], //                                          +0 + -0 = +0
  ["f64_fma", [NZ, ONE, NZ, RNE], NZ, 0],
  ["f64_fma", [D(2 ** -600), D(2 ** -600), ONE, RNE], ONE, NX],
  ["f64_fma", [D(2 ** -600), D(2 ** -600), ONE, RUP], ONE + 1n, NX],
  // min/max (2.2: -0 < +0, a single NaN yields the other operand, sNaN raises NV)
  ["f64_min", [NZ, 0n], NZ, 0],
  ["f64_min", [0n, NZ], NZ, 0],
  ["f64_max", [NZ, 0n], 0n, 0],
  ["f64_min", [QNAN, ONE], ONE, 0],
  ["f64_max", [ONE, SNAN], ONE, NV],
  ["f64_min", [QNAN, SNAN], CN, NV],
  ["f64_max", [QNAN, QNAN], CN, 0],
  // comparisons
  ["f64_eq", [QNAN, ONE], 0n, 0],
  ["f64_eq", [SNAN, ONE], 0n, NV],
  ["f64_eq", [NZ, 0n], 1n, 0],
  ["f64_lt", [QNAN, ONE], 0n, NV],
  ["f64_le", [NZ, 0n], 1n, 0],
  ["f64_lt", [NZ, 0n], 0n, 0],
  // fclass
  ["f64_class", [NINF], 1n, 0],
  ["f64_class", [D(-1)], 2n, 0],
  ["f64_class", [MINSUB | NZ], 4n, 0],
  ["f64_class", [NZ], 8n, 0],
  ["f64_class", [0n], 16n, 0],
  ["f64_class", [MINSUB], 32n, 0],
  ["f64_class", [ONE], 64n, 0],
  ["f64_class", [INF], 128n, 0],
  ["f64_class", [SNAN], 256n, 0],
  ["f64_class", [CN], 512n, 0],
  // conversions to integers: saturation, NV without NX, sign extension
  ["f64_to_i32", [D(-0.3), RTZ], 0n, NX],
  ["f64_to_u32", [D(-0.3), RTZ], 0n, NX],
  ["f64_to_u32", [D(-0.5), RNE], 0n, NX],
  ["f64_to_u32", [D(-0.5), RDN], 0n, NV],
  ["f64_to_u32", [D(-1), RTZ], 0n, NV],
  ["f64_to_i32", [CN, RTZ], 0x7fffffffn, NV],
  ["f64_to_u32", [CN, RTZ], 0xffffffffffffffffn, NV],
  ["f64_to_i64", [NINF, RTZ], 0x8000000000000000n, NV],
  ["f64_to_u64", [INF, RTZ], 0xffffffffffffffffn, NV],
  ["f64_to_u64", [CN | NZ, RTZ], 0xffffffffffffffffn, NV], //                         NaN counts as +
  ["f64_to_i32", [D(2147483647.5), RNE], 0x7fffffffn, NV],
  ["f64_to_i32", [D(2147483647.5), RTZ], 0x7fffffffn, NX],
  ["f64_to_i32", [D(-2147483648.9), RTZ], sext32(0x80000000n), NX],
  ["f64_to_i32", [D(-2147483648.9), RNE], sext32(0x80000000n), NV],
  ["f64_to_u32", [D(3e9), RNE], sext32(3000000000n), 0],
  ["f64_to_i32", [D(2.5), RNE], 2n, NX],
  ["f64_to_i32", [D(2.5), RMM], 3n, NX],
  ["f64_to_i32", [D(-2.5), RMM], sext32(-3n), NX],
  ["f64_to_i32", [D(-2.5), RDN], sext32(-3n), NX],
  ["f64_to_i32", [D(-2.5), RUP], sext32(-2n), NX],
  ["f64_to_i64", [D(2 ** 63), RTZ], 0x7fffffffffffffffn, NV],
  ["f64_to_i64", [D(-(2 ** 63)), RTZ], 0x8000000000000000n, 0],
  ["f64_to_u64", [0x43efffffffffffffn, RTZ], 0xfffffffffffff800n, 0],
  ["f64_to_u64", [MINSUB, RUP], 1n, NX],
  // conversions from integers
  ["i64_to_f64", [2n ** 53n + 1n, RNE], D(2 ** 53), NX],
  ["i64_to_f64", [2n ** 53n + 1n, RUP], D(2 ** 53) + 1n, NX],
  ["i64_to_f64", [2n ** 53n + 1n, RMM], D(2 ** 53) + 1n, NX],
  ["i64_to_f64", [0x8000000000000000n, RNE], D(-(2 ** 63)), 0],
  ["u64_to_f64", [0xffffffffffffffffn, RNE], D(2 ** 64), NX],
  ["u64_to_f64", [0xffffffffffffffffn, RTZ], 0x43efffffffffffffn, NX],
  ["i32_to_f64", [0x00000000ffffffffn, RNE], D(-1), 0], //                            low 32 bits, signed
  ["u32_to_f64", [0xffffffffffffffffn, RNE], D(4294967295), 0],
  ["i32_to_f32", [16777217n, RNE], BigInt(F(16777216)), NX],
  ["i32_to_f32", [16777217n, RUP], BigInt(F(16777218)), NX],
  ["u64_to_f32", [0xffffffffffffffffn, RNE], BigInt(F(2 ** 64)), NX],
  // precision conversions
  ["f64_to_f32", [D(1e39), RNE], 0x7f800000n, OF | NX],
  ["f64_to_f32", [D(1e39), RTZ], 0x7f7fffffn, OF | NX],
  ["f64_to_f32", [D(1e-50), RNE], 0n, UF | NX],
  ["f64_to_f32", [D(1e-50), RUP], 1n, UF | NX],
  ["f64_to_f32", [SNAN, RNE], CN32, NV],
  ["f64_to_f32", [NINF, RNE], 0xff800000n, 0],
  ["f64_to_f32", [D(1 + 2 ** -24), RNE], BigInt(F(1)), NX],
  ["f64_to_f32", [D(1 + 2 ** -24 + 2 ** -52), RNE], BigInt(F(1)) + 1n, NX],
  ["f32_to_f64", [SNAN32], CN, NV],
  ["f32_to_f64", [1], D(2 ** -149), 0],
  // single precision
  ["f32_add", [F(1), F(2 ** -24), RNE], BigInt(F(1)), NX],
  ["f32_add", [F(1), F(2 ** -24), RMM], BigInt(F(1)) + 1n, NX],
  ["f32_add", [F(1), F(-1), RDN], 0x80000000n, 0],
  ["f32_mul", [0x7f7fffff, F(2), RTZ], 0x7f7fffffn, OF | NX],
  ["f32_mul", [1, F(0.5), RNE], 0n, UF | NX],
  ["f32_div", [F(1), F(3), RNE], BigInt(F(1 / 3)), NX],
  ["f32_div", [F(1), 0, RNE], 0x7f800000n, DZ],
  ["f32_sqrt", [F(-4), RNE], CN32, NV],
  ["f32_sqrt", [F(4), RNE], BigInt(F(2)), 0],
  ["f32_fma", [0x7f800000, 0, 0x7fc00000, RNE], CN32, NV],
  // Double rounding trap: a*b + c = 1 + 3*2^-24 - 2^-60; rounding to binary64 first would
  // land on the binary32 midpoint and tie to the wrong neighbour.
  ["f32_fma", [0x33800020, 0x3f7fffc0, 0x3f800001, RNE], 0x3f800001n, NX],
  ["f32_min", [SNAN32, F(1)], BigInt(F(1)), NV],
  ["f32_eq", [SNAN32, SNAN32], 0n, NV],
  ["f32_class", [0x00000001], 32n, 0],
  ["f32_class", [0x7fc00000], 512n, 0],
  ["f32_to_i32", [F(-0.3), RTZ], 0n, NX],
  ["f32_to_u64", [0xffc00000, RTZ], 0xffffffffffffffffn, NV],
  ["f32_to_i64", [F(-(2 ** 63)), RTZ], 0x8000000000000000n, 0],
];

describe("famous edge cases", () => {
  for (const [fn, args, result, flags] of cases) {
    const shown = args.map((x) => (typeof x === "bigint" ? hex(x) : `${x}`)).join(", ");
    it(`${fn}(${shown}) = ${hex(result)} ${flagStr(flags)}`, () => {
      const f = fpu[fn] as (...a: (bigint | number)[]) => bigint | number;
      const fcsr = new BigUint64Array(fpu.memory.buffer, 0x100000 + 520, 1);
      fcsr[0] = 0n;
      const ret = f(...args);
      const r = typeof ret === "number" ? BigInt(ret >>> 0) : BigInt.asUintN(64, ret);
      const fl = Number(fcsr[0]);
      expect(`${hex(r)} ${flagStr(fl)}`).toBe(`${hex(result)} ${flagStr(flags)}`);
    });
  }
});
