// Random riscv64 (RV64GC) assembly program generator for the CPU differential test.
//
// A program is:
//   header  sets x9 (the pinned base register) to a scratch buffer, every f register from a
//           seeded table, fcsr, and every other integer register except sp from seeded values;
//   body    a list of top-level "units" (an instruction or a small self-contained group:
//           a forward branch over a block, a called subroutine, a bounded loop, an lr/sc pair...);
//   footer  stores x1..x31 (x2 and x9 slots left zero), f0..f31 and fcsr to a dump area that
//           sits just before the scratch buffer, writes dump + scratch (1024 bytes) to stdout
//           with write(2) and exits with exit_group(0).
// Any prefix of the units is itself a valid program (the bisector relies on this).
//
// The binary is linked static and non-PIE, so auipc/jal/la values are the same under every
// loader that honours the ELF's fixed addresses; sp is never read or written by the body.

import { Rng } from "./rng.js";

export const BASE = 9; // x9 (s1): in x8..x15 so compressed loads/stores can use it
export const SCRATCH_SIZE = 512;
export const DUMP_SIZE = 512; // 31 x + 32 f + fcsr, 8 bytes each
export const OUTPUT_SIZE = DUMP_SIZE + SCRATCH_SIZE;
const DUMP_OFF = -DUMP_SIZE; // dump is at x9 - 512
const FINIT_OFF = SCRATCH_SIZE; // f initial values right after the scratch buffer

const M64 = (1n << 64n) - 1n;

export interface GenOptions {
  /** Number of top-level units in the body (default 160: roughly 300-450 instructions). */
  units?: number;
}

export interface Program {
  seed: number;
  units: string[];
  /** The assembly text using the first `limit` units (default all). */
  source(limit?: number): string;
}

const hex = (v: bigint) => `0x${BigInt.asUintN(64, v).toString(16)}`;

function f64bits(x: number): bigint {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x, true);
  return dv.getBigUint64(0, true);
}

function f32bits(x: number): number {
  const dv = new DataView(new ArrayBuffer(4));
  dv.setFloat32(0, x, true);
  return dv.getUint32(0, true);
}

const SPECIAL_INTS: bigint[] = [
  0n, 1n, 2n, 3n, M64, M64 - 1n, 1n << 63n, (1n << 63n) - 1n, (1n << 63n) + 1n,
  0x80000000n, 0x7fffffffn, 0xffffffffn, 0xffffffff80000000n, 0xffffffff7fffffffn,
  0x100000000n, 0x00000000ffff8000n, 0xffffn, 0x8000n, 0xff80n, 0x80n, 0x7ffn, 0x800n,
  0xfffffffffffff800n, 0x5555555555555555n, 0xaaaaaaaaaaaaaaaan, 31n, 32n, 63n, 64n,
];

const SPECIAL_DOUBLES: bigint[] = [
  0n, 1n << 63n, f64bits(1), f64bits(-1), f64bits(0.5), f64bits(-0.5), f64bits(1.5), f64bits(2.5),
  f64bits(-2.5), f64bits(3.5), f64bits(-1.5), f64bits(0.49999999999999994), f64bits(1 / 3),
  0x7ff0000000000000n, 0xfff0000000000000n, // +-inf
  0x7ff8000000000000n, 0xfff8000000000000n, 0x7ff8000000001234n, // qNaNs
  0x7ff4000000000000n, 0x7ff0000000000001n, 0xfff4000000000abcn, // sNaNs
  1n, 0x8000000000000001n, 0x000fffffffffffffn, 0x0010000000000000n, 0x8010000000000000n,
  0x7fefffffffffffffn, 0xffefffffffffffffn,
  f64bits(2 ** 31), f64bits(-(2 ** 31)), f64bits(2 ** 31 - 1), f64bits(-(2 ** 31) - 1),
  f64bits(2 ** 32), f64bits(2 ** 32 - 1), f64bits(2 ** 63), f64bits(-(2 ** 63)), f64bits(2 ** 64),
  f64bits(-(2 ** 63) - 2048), f64bits(2 ** 63 - 1024), f64bits(2 ** 64 - 2048), f64bits(4294967295.5),
  f64bits(-0.9), f64bits(0.9), f64bits(1e300), f64bits(1e-300), f64bits(3.4028234663852886e38),
  f64bits(1.1754943508222875e-38), f64bits(1.401298464324817e-45), f64bits(7.006492321624085e-46),
];

const SPECIAL_SINGLES: number[] = [
  0, 0x80000000, f32bits(1), f32bits(-1), f32bits(0.5), f32bits(1.5), f32bits(2.5), f32bits(-2.5),
  f32bits(-0.5), f32bits(3.5), f32bits(1 / 3),
  0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x7fc01234, 0x7fa00000, 0x7f800001, 0xffa0abcd,
  1, 0x80000001, 0x007fffff, 0x00800000, 0x80800000, 0x7f7fffff, 0xff7fffff,
  f32bits(2 ** 31), f32bits(-(2 ** 31)), f32bits(2 ** 32), f32bits(2 ** 63), f32bits(-(2 ** 63)),
  f32bits(2 ** 64), f32bits(2 ** 31 - 128), f32bits(2 ** 32 - 256), f32bits(0.9), f32bits(-0.9),
];

const ROUNDING = ["rne", "rtz", "rdn", "rup", "rmm", "dyn"] as const;

const ALU_R = ["add", "sub", "sll", "slt", "sltu", "xor", "srl", "sra", "or", "and",
  "addw", "subw", "sllw", "srlw", "sraw"];
const ALU_I = ["addi", "slti", "sltiu", "xori", "ori", "andi", "addiw"];
const SHIFT_I = ["slli", "srli", "srai"];
const SHIFT_IW = ["slliw", "srliw", "sraiw"];
const MULDIV = ["mul", "mulh", "mulhsu", "mulhu", "mulw", "div", "divu", "rem", "remu",
  "divw", "divuw", "remw", "remuw"];
const PSEUDO_1 = ["neg", "negw", "not", "seqz", "snez", "sltz", "sgtz", "sext.w", "mv"];
const LOADS: [string, number][] = [["lb", 1], ["lbu", 1], ["lh", 2], ["lhu", 2], ["lw", 4], ["lwu", 4], ["ld", 8]];
const STORES: [string, number][] = [["sb", 1], ["sh", 2], ["sw", 4], ["sd", 8]];
const AMO_OPS = ["swap", "add", "xor", "and", "or", "min", "max", "minu", "maxu"];
const ORDER = ["", ".aq", ".rl", ".aqrl"];
const BRANCH2 = ["beq", "bne", "blt", "bge", "bltu", "bgeu", "bgt", "ble", "bgtu", "bleu"];
const BRANCH1 = ["beqz", "bnez", "blez", "bgez", "bltz", "bgtz"];

class Gen {
  readonly rng: Rng;
  lines: string[] = [];
  reserved = new Set<number>([0, 2, BASE]);
  rvc = true;
  private labels = 0;
  private loopDepth = 0;

  constructor(seed: number) {
    this.rng = new Rng(seed);
  }

  emit(s: string) {
    this.lines.push(`  ${s}`);
  }

  label(): string {
    return `.L${this.labels++}`;
  }

  // ---- operand choice ----

  /** A register the body may write. */
  wr(allowZero = false): number {
    if (allowZero && this.rng.chance(0.03)) return 0;
    for (;;) {
      const r = this.rng.range(1, 31);
      if (!this.reserved.has(r)) return r;
    }
  }

  /** A register the body may read (never sp, whose value differs between loaders). */
  rd(): number {
    if (this.rng.chance(0.05)) return 0;
    for (;;) {
      const r = this.rng.range(1, 31);
      if (r !== 2) return r;
    }
  }

  /** A writable register of the compressed set x8..x15, or -1. */
  wrC(): number {
    const c = [8, 10, 11, 12, 13, 14, 15].filter((r) => !this.reserved.has(r));
    return c.length ? this.rng.pick(c) : -1;
  }

  rdC(): number {
    return this.rng.range(8, 15);
  }

  /** An f register. Double ops mostly use f0..f15 and single ops f16..f31 (so that fewer
   *  operands are NaN-boxing failures or boxed singles read as NaN doubles). */
  f(p?: string): number {
    if (p === undefined || this.rng.chance(0.15)) return this.rng.range(0, 31);
    return p === "d" ? this.rng.range(0, 15) : this.rng.range(16, 31);
  }

  rm(): string {
    return this.rng.chance(0.2) ? "" : `, ${this.rng.pick(ROUNDING)}`;
  }

  imm12(): number {
    return this.rng.weighted<() => number>([
      [4, () => this.rng.range(-16, 16)],
      [2, () => this.rng.pick([-2048, 2047, -1, 0, 1, 1024, -1024, 0x7ff, -0x800])],
      [4, () => this.rng.range(-2048, 2047)],
    ])();
  }

  // ---- values ----

  intValue(): bigint {
    const r = this.rng;
    return r.weighted<() => bigint>([
      [3, () => r.pick(SPECIAL_INTS)],
      [3, () => r.next64()],
      [2, () => BigInt.asUintN(64, BigInt(r.range(-300, 300)))],
      [2, () => BigInt.asUintN(64, BigInt.asIntN(32, r.next64()))],
      [1, () => r.next64() >> BigInt(r.range(1, 63))],
      [1, () => BigInt.asUintN(64, -(r.next64() >> BigInt(r.range(1, 63))))],
    ])();
  }

  private mantissa(bits: number): bigint {
    let m = this.rng.next64() & ((1n << BigInt(bits)) - 1n);
    if (this.rng.chance(0.5)) {
      // few significant bits: exact results and ties show up
      const keep = BigInt(this.rng.range(0, 8));
      m = (m >> (BigInt(bits) - keep)) << (BigInt(bits) - keep);
    }
    return m;
  }

  doubleValue(): bigint {
    const r = this.rng;
    return r.weighted<() => bigint>([
      [4, () => r.pick(SPECIAL_DOUBLES)],
      [5, () => {
        const e = r.weighted<() => number>([
          [6, () => r.range(1023 - 40, 1023 + 64)],
          [1, () => r.range(1, 80)],
          [1, () => r.range(1960, 2046)],
          [1, () => 0],
        ])();
        return (BigInt(r.below(2)) << 63n) | (BigInt(e) << 52n) | this.mantissa(52);
      }],
      [2, () => f64bits(r.range(-5000, 5000) + r.pick([0, 0.5, 0.25, 0.75]))],
      [1, () => r.next64()],
    ])();
  }

  singleValue(): number {
    const r = this.rng;
    return r.weighted<() => number>([
      [4, () => r.pick(SPECIAL_SINGLES)],
      [5, () => {
        const e = r.weighted<() => number>([
          [6, () => r.range(127 - 20, 127 + 33)],
          [1, () => r.range(1, 30)],
          [1, () => r.range(220, 254)],
          [1, () => 0],
        ])();
        return ((r.below(2) << 31) | (e << 23) | Number(this.mantissa(23))) >>> 0;
      }],
      [2, () => f32bits(r.range(-3000, 3000) + r.pick([0, 0.5, 0.25, 0.75]))],
      [1, () => Number(r.next64() & 0xffffffffn)],
    ])();
  }

  /** Raw bits for an f register: a double, a NaN-boxed single, or (rarely) a badly boxed single. */
  fpRegValue(): bigint {
    const r = this.rng;
    return r.weighted<() => bigint>([
      [9, () => this.doubleValue()],
      [9, () => 0xffffffff00000000n | BigInt(this.singleValue())],
      [1, () => (BigInt(r.pick([0, 0x7fffffff, 0xfffffffe, 0xffff0000, r.below(2 ** 32)])) << 32n) | BigInt(this.singleValue())],
    ])();
  }

  // ---- units ----

  unit(depth: number): void {
    const r = this.rng;
    const control = depth < 3;
    const kinds: [number, () => void][] = [
      [10, () => this.aluR()],
      [9, () => this.aluI()],
      [5, () => this.constants()],
      [7, () => this.mulDiv()],
      [9, () => this.mem()],
      [3, () => this.amo()],
      [2, () => this.lrsc()],
      [7, () => this.fpArith()],
      [3, () => this.fma()],
      [8, () => this.fpMisc()],
      [7, () => this.fpCvt()],
      [4, () => this.fpMem()],
      [3, () => this.fpConst()],
      [3, () => this.csr()],
      [this.rvc ? 10 : 0, () => this.compressed()],
      [control ? 4 : 0, () => this.branch(depth)],
      [control ? 3 : 0, () => this.jump(depth)],
      [control ? 2 : 0, () => this.call(depth)],
      [control && this.loopDepth < 2 ? (depth === 0 ? 3 : 1) : 0, () => this.loop(depth)],
      [1, () => this.toggleRvc()],
      [1, () => this.fence()],
    ];
    r.weighted(kinds.filter(([w]) => w > 0))();
  }

  block(depth: number, min: number, max: number): void {
    const n = this.rng.range(min, max);
    for (let i = 0; i < n; i++) this.unit(depth + 1);
  }

  aluR() {
    const op = this.rng.pick(ALU_R);
    this.emit(`${op} x${this.wr(true)}, x${this.rd()}, x${this.rd()}`);
  }

  aluI() {
    const r = this.rng;
    const k = r.below(4);
    if (k === 0) this.emit(`${r.pick(SHIFT_I)} x${this.wr(true)}, x${this.rd()}, ${r.range(0, 63)}`);
    else if (k === 1) this.emit(`${r.pick(SHIFT_IW)} x${this.wr(true)}, x${this.rd()}, ${r.range(0, 31)}`);
    else if (k === 2 && r.chance(0.4)) this.emit(`${r.pick(PSEUDO_1)} x${this.wr()}, x${this.rd()}`);
    else this.emit(`${r.pick(ALU_I)} x${this.wr(true)}, x${this.rd()}, ${this.imm12()}`);
  }

  constants() {
    const r = this.rng;
    const k = r.below(5);
    if (k <= 2) this.emit(`li x${this.wr()}, ${hex(this.intValue())}`);
    else if (k === 3) this.emit(`lui x${this.wr()}, ${hex(BigInt(r.range(0, 0xfffff)))}`);
    else this.emit(`auipc x${this.wr()}, ${hex(BigInt(r.range(0, 0xfffff)))}`);
  }

  mulDiv() {
    const r = this.rng;
    const op = r.pick(MULDIV);
    const w = op.endsWith("w");
    if (r.chance(0.35)) {
      // the corner cases: division by zero and the one signed overflow
      const a = this.wr();
      let b = this.wr();
      while (b === a) b = this.wr();
      const hi = () => (r.chance(0.5) ? 0n : r.next64() & 0xffffffff00000000n);
      if (r.chance(0.5)) {
        this.emit(`li x${b}, ${hex(w ? hi() : 0n)}`);
      } else {
        this.emit(`li x${a}, ${hex(w ? hi() | 0x80000000n : 1n << 63n)}`);
        this.emit(`li x${b}, ${hex(w ? hi() | 0xffffffffn : M64)}`);
      }
      this.emit(`${op} x${this.wr(true)}, x${a}, x${b}`);
      return;
    }
    this.emit(`${op} x${this.wr(true)}, x${this.rd()}, x${this.rd()}`);
  }

  /** Emit code forming an address for an access of `width` bytes at scratch offset `off`;
   *  returns the operand text "imm(xN)". */
  address(off: number): string {
    const r = this.rng;
    if (r.chance(0.5)) return `${off}(x${BASE})`;
    const t = this.wr();
    const lo = Math.max(-2048, off - 2047);
    const hi = Math.min(2047, off + 2048);
    const imm = r.chance(0.5) ? r.range(Math.max(lo, -64), Math.min(hi, 64)) : r.range(lo, hi);
    this.emit(`addi x${t}, x${BASE}, ${off - imm}`);
    return `${imm}(x${t})`;
  }

  scratchOffset(width: number, alignedP: number): number {
    let off = this.rng.range(0, SCRATCH_SIZE - width);
    if (this.rng.chance(alignedP)) off &= ~(width - 1);
    return off;
  }

  mem() {
    const r = this.rng;
    if (r.chance(0.5)) {
      const [op, w] = r.pick(LOADS);
      const a = this.address(this.scratchOffset(w, 0.6));
      this.emit(`${op} x${this.wr()}, ${a}`);
    } else {
      const [op, w] = r.pick(STORES);
      const a = this.address(this.scratchOffset(w, 0.6));
      this.emit(`${op} x${this.rd()}, ${a}`);
    }
  }

  /** A register holding the (aligned) scratch address base+off: x9 itself when off is 0. */
  atomicAddress(width: number): number {
    const off = this.scratchOffset(width, 1);
    if (off === 0 || this.rng.chance(0.1)) return BASE; // offset 0
    const t = this.wr();
    this.emit(`addi x${t}, x${BASE}, ${off}`);
    return t;
  }

  amo() {
    const r = this.rng;
    const sz = r.pick(["w", "d"]);
    const t = this.atomicAddress(sz === "w" ? 4 : 8);
    this.emit(`amo${r.pick(AMO_OPS)}.${sz}${r.pick(ORDER)} x${this.wr(true)}, x${this.rd()}, (x${t})`);
  }

  lrsc() {
    const r = this.rng;
    const sz = r.pick(["w", "d"]);
    const t = this.atomicAddress(sz === "w" ? 4 : 8);
    if (r.chance(0.25)) {
      // no reservation is held here (every lr is paired in its own unit): must fail
      this.emit(`sc.${sz}${r.pick(ORDER)} x${this.wr()}, x${this.rd()}, (x${t})`);
      return;
    }
    const had = this.reserved.has(t);
    this.reserved.add(t);
    this.emit(`lr.${sz}${r.pick(ORDER)} x${this.wr()}, (x${t})`);
    const n = r.range(0, 3);
    for (let i = 0; i < n; i++) {
      if (r.chance(0.5)) this.aluR();
      else this.aluI();
    }
    if (!had) this.reserved.delete(t);
    this.emit(`sc.${sz}${r.pick(ORDER)} x${this.wr()}, x${this.rd()}, (x${t})`);
  }

  /** Often read-and-clear fflags right after an FP instruction, so that each instruction's
   *  exception flags are checked, not only their union over the program. */
  flagProbe() {
    const r = this.rng;
    if (!r.chance(0.35)) return;
    const k = r.below(3);
    if (k === 0) this.emit(`fsflags x${this.wr()}, x0`);
    else if (k === 1) this.emit(`fsflagsi x${this.wr()}, 0`);
    else this.emit(`frflags x${this.wr()}`);
  }

  fpArith() {
    this.fpArith1();
    this.flagProbe();
  }

  fpArith1() {
    const r = this.rng;
    const p = r.pick(["s", "d"]);
    if (r.chance(0.15)) {
      this.emit(`fsqrt.${p} f${this.f(p)}, f${this.f(p)}${this.rm()}`);
      return;
    }
    const op = r.pick(["fadd", "fsub", "fmul", "fdiv"]);
    this.emit(`${op}.${p} f${this.f(p)}, f${this.f(p)}, f${this.f(p)}${this.rm()}`);
  }

  fma() {
    const r = this.rng;
    const op = r.pick(["fmadd", "fmsub", "fnmadd", "fnmsub"]);
    const p = r.pick(["s", "d"]);
    this.emit(`${op}.${p} f${this.f(p)}, f${this.f(p)}, f${this.f(p)}, f${this.f(p)}${this.rm()}`);
    this.flagProbe();
  }

  fpMisc() {
    const r = this.rng;
    const p = r.pick(["s", "d"]);
    const k = r.below(6);
    if (k === 0) this.emit(`${r.pick(["fsgnj", "fsgnjn", "fsgnjx"])}.${p} f${this.f(p)}, f${this.f(p)}, f${this.f(p)}`);
    else if (k === 1) this.emit(`${r.pick(["fmin", "fmax"])}.${p} f${this.f(p)}, f${this.f(p)}, f${this.f(p)}`);
    else if (k === 2) {
      this.emit(`${r.pick(["feq", "flt", "fle"])}.${p} x${this.wr(true)}, f${this.f(p)}, f${this.f(p)}`);
      this.flagProbe();
    }
    else if (k === 3) this.emit(`fclass.${p} x${this.wr()}, f${this.f(p)}`);
    else if (k === 4) this.emit(`fmv.x.${p === "s" ? "w" : "d"} x${this.wr()}, f${this.f(p)}`);
    else this.emit(`fmv.${p === "s" ? "w" : "d"}.x f${this.f(p)}, x${this.rd()}`);
  }

  fpCvt() {
    const r = this.rng;
    const p = r.pick(["s", "d"]);
    const k = r.below(5);
    if (k <= 1) {
      // float -> int, often from an interesting value
      const fs = this.f(p);
      if (r.chance(0.4)) this.fpConstInto(fs, p);
      this.emit(`fcvt.${r.pick(["w", "wu", "l", "lu"])}.${p} x${this.wr()}, f${fs}${this.rm()}`);
      this.flagProbe();
    } else if (k <= 3) {
      const it = r.pick(["w", "wu", "l", "lu"]);
      let rs = this.rd();
      if (r.chance(0.3)) {
        rs = this.wr();
        this.emit(`li x${rs}, ${hex(this.intValue())}`);
      }
      const exact = p === "d" && (it === "w" || it === "wu");
      this.emit(`fcvt.${p}.${it} f${this.f(p)}, x${rs}${exact ? "" : this.rm()}`);
    } else if (r.chance(0.5)) {
      this.emit(`fcvt.s.d f${this.f("s")}, f${this.f("d")}${this.rm()}`);
      this.flagProbe();
    } else {
      this.emit(`fcvt.d.s f${this.f("d")}, f${this.f("s")}`);
    }
  }

  fpMem() {
    const r = this.rng;
    const p = r.pick(["w", "d"]);
    const width = p === "w" ? 4 : 8;
    const a = this.address(this.scratchOffset(width, 0.7));
    const fp = p === "w" ? "s" : "d";
    if (r.chance(0.5)) this.emit(`fl${p} f${this.f(fp)}, ${a}`);
    else this.emit(`fs${p} f${this.f(fp)}, ${a}`);
  }

  fpConstInto(fd: number, p?: string) {
    const t = this.wr();
    const single = p === undefined || this.rng.chance(0.15) ? this.rng.chance(0.5) : p === "s";
    if (single) {
      this.emit(`li x${t}, ${hex(BigInt(this.singleValue()))}`);
      this.emit(`fmv.w.x f${fd}, x${t}`);
    } else {
      this.emit(`li x${t}, ${hex(p === "d" && this.rng.chance(0.85) ? this.doubleValue() : this.fpRegValue())}`);
      this.emit(`fmv.d.x f${fd}, x${t}`);
    }
  }

  fpConst() {
    const p = this.rng.pick(["s", "d"]);
    this.fpConstInto(this.f(p), p);
  }

  csr() {
    const r = this.rng;
    const rd = this.wr(true);
    const k = r.below(12);
    // frm must stay in 0..4 at all times: a dynamic-rounding instruction traps otherwise.
    switch (k) {
      case 0: this.emit(`frrm x${this.wr()}`); break;
      case 1: this.emit(`frflags x${this.wr()}`); break;
      case 2: this.emit(`frcsr x${this.wr()}`); break;
      case 3: this.emit(`fsrmi x${rd}, ${r.range(0, 4)}`); break;
      case 4: this.emit(`fsflagsi x${rd}, ${r.range(0, 31)}`); break;
      case 5: {
        const t = this.wr();
        this.emit(`li x${t}, ${r.range(0, 4)}`);
        this.emit(`fsrm x${rd}, x${t}`);
        break;
      }
      case 6: {
        const t = this.wr();
        this.emit(`li x${t}, ${(r.range(0, 4) << 5) | r.range(0, 31)}`);
        this.emit(`fscsr x${rd}, x${t}`);
        break;
      }
      case 7: this.emit(`fsflags x${rd}, x${this.rd()}`); break;
      case 8: this.emit(`csrrs x${rd}, fflags, x${this.rd()}`); break;
      case 9: this.emit(`csrrc x${rd}, ${r.pick(["fflags", "frm", "fcsr"])}, x${this.rd()}`); break;
      case 10: this.emit(`${r.pick(["csrrsi", "csrrci"])} x${rd}, ${r.pick(["fflags", "fcsr"])}, ${r.range(0, 31)}`); break;
      default: this.emit(`csrrci x${rd}, frm, ${r.range(0, 7)}`); break;
    }
  }

  compressed() {
    const r = this.rng;
    const nz = (lo: number, hi: number) => {
      for (;;) {
        const v = r.range(lo, hi);
        if (v !== 0) return v;
      }
    };
    const c = this.wrC();
    const k = r.below(14);
    if (k === 0) this.emit(`c.li x${this.wr()}, ${r.range(-32, 31)}`);
    else if (k === 1) {
      let d = this.wr();
      while (d === 2) d = this.wr();
      const v = r.chance(0.5) ? r.range(1, 31) : r.range(0xfffe0, 0xfffff);
      this.emit(`c.lui x${d}, ${hex(BigInt(v))}`);
    } else if (k === 2) this.emit(`c.addi x${this.wr()}, ${nz(-32, 31)}`);
    else if (k === 3) this.emit(`c.addiw x${this.wr()}, ${r.range(-32, 31)}`);
    else if (k === 4) this.emit(`c.slli x${this.wr()}, ${r.range(1, 63)}`);
    else if (k === 5 && c >= 0) this.emit(`${r.pick(["c.srli", "c.srai"])} x${c}, ${r.range(1, 63)}`);
    else if (k === 6 && c >= 0) this.emit(`c.andi x${c}, ${r.range(-32, 31)}`);
    else if (k === 7) {
      let s = this.rd();
      while (s === 0) s = this.rd();
      this.emit(`${r.pick(["c.mv", "c.add"])} x${this.wr()}, x${s}`);
    } else if (k === 8 && c >= 0) {
      this.emit(`${r.pick(["c.sub", "c.xor", "c.or", "c.and", "c.subw", "c.addw"])} x${c}, x${this.rdC()}`);
    } else if (k >= 9 && k <= 12) {
      // compressed loads and stores: base x9 or another x8..x15 pointing into scratch
      const kind = r.pick(["c.lw", "c.ld", "c.sw", "c.sd", "c.fld", "c.fsd"]);
      const w = kind.endsWith("w") ? 4 : 8;
      const maxOff = w === 4 ? 124 : 248;
      const imm = r.range(0, maxOff / w) * w;
      let base = BASE;
      if (c >= 0 && r.chance(0.5)) {
        base = c;
        const baseOff = r.range(0, SCRATCH_SIZE - w - imm);
        this.emit(`addi x${base}, x${BASE}, ${baseOff}`);
      }
      if (kind === "c.lw" || kind === "c.ld") {
        const d = this.wrC();
        if (d < 0) return;
        this.emit(`${kind} x${d}, ${imm}(x${base})`);
      } else if (kind === "c.sw" || kind === "c.sd") this.emit(`${kind} x${this.rdC()}, ${imm}(x${base})`);
      else this.emit(`${kind} f${r.range(8, 15)}, ${imm}(x${base})`);
    } else this.emit("c.nop");
  }

  /** Rough code size of lines, to keep compressed branches in range. */
  static estBytes(lines: string[]): number {
    let n = 0;
    for (const l of lines) {
      const t = l.trim();
      if (t.startsWith(".") || t.endsWith(":")) continue;
      if (t.startsWith("li ")) n += 32;
      else if (t.startsWith("lla ")) n += 8;
      else n += 4;
    }
    return n;
  }

  /** Emit `build()`'s lines into a separate buffer and return them. */
  capture(build: () => void): string[] {
    const saved = this.lines;
    this.lines = [];
    build();
    const got = this.lines;
    this.lines = saved;
    return got;
  }

  branch(depth: number) {
    const r = this.rng;
    const target = this.label();
    const rvcBefore = this.rvc;
    const body = this.capture(() => this.block(depth, 1, 4));
    const small = Gen.estBytes(body) < 200;
    const k = r.below(10);
    if (rvcBefore && small && k === 0) {
      this.emit(`${r.pick(["c.beqz", "c.bnez"])} x${this.rdC()}, ${target}`);
    } else if (k <= 3) {
      this.emit(`${r.pick(BRANCH1)} x${this.rd()}, ${target}`);
    } else {
      const a = this.rd();
      const b = r.chance(0.2) ? a : this.rd();
      this.emit(`${r.pick(BRANCH2)} x${a}, x${b}, ${target}`);
    }
    this.lines.push(...body);
    this.lines.push(`${target}:`);
  }

  /** A jump forward over a block that is never executed. */
  jump(depth: number) {
    const r = this.rng;
    const target = this.label();
    const rvcBefore = this.rvc;
    const body = this.capture(() => this.block(depth, 1, 3));
    const k = r.below(6);
    if (k === 0) this.emit(`j ${target}`);
    else if (k === 1 && rvcBefore && Gen.estBytes(body) < 1800) this.emit(`c.j ${target}`);
    else if (k <= 3) this.emit(`jal x${this.wr(true)}, ${target}`);
    else {
      const t = this.wr();
      const off = r.chance(0.4) ? 0 : r.range(-40, 40) * 2;
      this.emit(`lla x${t}, ${target}${off > 0 ? "-" : "+"}${Math.abs(off)}`);
      if (off === 0 && rvcBefore && r.chance(0.7) && !this.reserved.has(1)) {
        this.emit(`${r.pick(["c.jr", "c.jalr"])} x${t}`);
      } else {
        this.emit(`jalr x${this.wr(true)}, ${off}(x${t})`);
      }
    }
    this.lines.push(...body);
    this.lines.push(`${target}:`);
  }

  /** A subroutine called once and returned from through a reserved link register. */
  call(depth: number) {
    const r = this.rng;
    const sub = this.label();
    const after = this.label();
    const link = r.chance(0.5) && !this.reserved.has(1) ? 1 : this.wr();
    if (link === 1 && r.chance(0.3)) this.emit(`call ${sub}`);
    else this.emit(`jal x${link}, ${sub}`);
    this.emit(`j ${after}`);
    this.lines.push(`${sub}:`);
    this.reserved.add(link);
    this.block(depth, 1, 4);
    this.reserved.delete(link);
    if (link === 1 && r.chance(0.5)) this.emit("ret");
    else if (this.rvc && r.chance(0.5)) this.emit(`c.jr x${link}`);
    else this.emit(`jalr x${r.chance(0.8) ? 0 : this.wr()}, 0(x${link})`);
    this.lines.push(`${after}:`);
  }

  loop(depth: number) {
    const r = this.rng;
    const top = this.label();
    let c = this.wr();
    while (c === 1) c = this.wr();
    const n = this.loopDepth === 0 ? r.range(1, 6) : r.range(1, 3);
    if (this.rvc && r.chance(0.3)) this.emit(`c.li x${c}, ${n}`);
    else this.emit(`li x${c}, ${n}`);
    this.lines.push(`${top}:`);
    this.reserved.add(c);
    this.loopDepth++;
    const body = this.capture(() => this.block(depth, 1, 6));
    this.loopDepth--;
    this.reserved.delete(c);
    this.lines.push(...body);
    const small = Gen.estBytes(body) < 200;
    const inC = c >= 8 && c <= 15;
    if (this.rvc && r.chance(0.3)) this.emit(`c.addi x${c}, -1`);
    else if (r.chance(0.3)) this.emit(`addiw x${c}, x${c}, -1`);
    else this.emit(`addi x${c}, x${c}, -1`);
    const k = r.below(5);
    if (this.rvc && inC && small && k === 0) this.emit(`c.bnez x${c}, ${top}`);
    else if (k === 1) this.emit(`bgtz x${c}, ${top}`);
    else if (k === 2) this.emit(`bne x${c}, x0, ${top}`);
    else if (k === 3) this.emit(`blt x0, x${c}, ${top}`);
    else this.emit(`bnez x${c}, ${top}`);
  }

  toggleRvc() {
    if (this.rvc) {
      if (this.rng.chance(0.4)) {
        this.lines.push("  .option norvc");
        this.rvc = false;
      }
    } else {
      this.lines.push("  .option rvc");
      this.rvc = true;
    }
  }

  fence() {
    const r = this.rng;
    const k = r.below(5);
    if (k === 0) this.emit("fence");
    else if (k === 1) this.emit(`fence ${r.pick(["rw", "r", "w", "iorw"])}, ${r.pick(["rw", "r", "w", "iorw"])}`);
    else if (k === 2) this.emit("fence.i");
    else if (k === 3 && this.rvc) this.emit("c.nop");
    else this.emit("nop");
  }
}

const ABI = ["zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
  "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"];
const FABI = ["ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0", "fa1", "fa2", "fa3",
  "fa4", "fa5", "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7", "fs8", "fs9", "fs10", "fs11",
  "ft8", "ft9", "ft10", "ft11"];

export function xName(i: number): string {
  return `x${i}(${ABI[i]})`;
}

export function fName(i: number): string {
  return `f${i}(${FABI[i]})`;
}

export function generate(seed: number, opts: GenOptions = {}): Program {
  const g = new Gen(seed);
  const r = g.rng;
  const nUnits = opts.units ?? 160;

  // data: dump area, scratch (random contents), f register initial values
  const data: string[] = [];
  data.push("  .section .data", "  .balign 64", "dump:", `  .space ${DUMP_SIZE}`, "scratch:");
  for (let i = 0; i < SCRATCH_SIZE / 8; i++) {
    const v = r.chance(0.3) ? g.fpRegValue() : g.intValue();
    data.push(`  .dword ${hex(v)}`);
  }
  data.push("finit:");
  for (let i = 0; i < 32; i++) {
    // f0..f15 lean to doubles, f16..f31 to NaN-boxed singles (see Gen.f)
    const v = r.chance(0.75) ? (i < 16 ? g.doubleValue() : 0xffffffff00000000n | BigInt(g.singleValue())) : g.fpRegValue();
    data.push(`  .dword ${hex(v)}`);
  }

  const head: string[] = [
    `# generated by tests/diff/gen.ts, seed ${seed}`,
    "  .option norelax",
    "  .option rvc",
    ...data,
    "  .text",
    "  .globl _start",
    "_start:",
    `  lla x${BASE}, scratch`,
  ];
  for (let i = 0; i < 32; i++) head.push(`  fld f${i}, ${FINIT_OFF + i * 8}(x${BASE})`);
  head.push(`  li x5, ${(r.range(0, 4) << 5) | r.range(0, 31)}`, "  csrw fcsr, x5");
  for (let i = 1; i < 32; i++) {
    if (i === 2 || i === BASE) continue;
    head.push(`  li x${i}, ${hex(g.intValue())}`);
  }
  head.push("# body");

  const units: string[] = [];
  for (let i = 0; i < nUnits; i++) {
    g.lines = [];
    g.unit(0);
    units.push(`# unit ${i}\n${g.lines.join("\n")}`);
  }

  const foot: string[] = ["# dump", "  .option rvc"];
  for (let i = 1; i < 32; i++) {
    if (i === 2 || i === BASE) continue;
    foot.push(`  sd x${i}, ${DUMP_OFF + (i - 1) * 8}(x${BASE})`);
  }
  for (let i = 0; i < 32; i++) foot.push(`  fsd f${i}, ${DUMP_OFF + 248 + i * 8}(x${BASE})`);
  foot.push(
    "  frcsr x5",
    `  sd x5, ${DUMP_OFF + 504}(x${BASE})`,
    "  li a0, 1",
    `  addi a1, x${BASE}, ${DUMP_OFF}`,
    `  li a2, ${OUTPUT_SIZE}`,
    "  li a7, 64", // write
    "  ecall",
    "  li a0, 0",
    "  li a7, 94", // exit_group
    "  ecall",
    "",
  );

  return {
    seed,
    units,
    source(limit = units.length) {
      return [...head, ...units.slice(0, limit), ...foot].join("\n");
    },
  };
}

export interface Dump {
  x: bigint[]; // index 0..31; x0, x2 and x9 are zero
  f: bigint[];
  fcsr: bigint;
  mem: Buffer;
}

export function decodeDump(buf: Buffer): Dump | null {
  if (buf.length !== OUTPUT_SIZE) return null;
  const x: bigint[] = [0n];
  for (let i = 1; i < 32; i++) x.push(buf.readBigUInt64LE((i - 1) * 8));
  const f: bigint[] = [];
  for (let i = 0; i < 32; i++) f.push(buf.readBigUInt64LE(248 + i * 8));
  return { x, f, fcsr: buf.readBigUInt64LE(504), mem: buf.subarray(DUMP_SIZE) };
}

const h64 = (v: bigint) => `0x${v.toString(16).padStart(16, "0")}`;

/** Human-readable differences between an expected (qemu) and an actual (aster) dump. */
export function diffDumps(exp: Dump, act: Dump): string[] {
  const out: string[] = [];
  for (let i = 1; i < 32; i++) {
    if (exp.x[i] !== act.x[i]) out.push(`${xName(i)}: expected ${h64(exp.x[i])}, got ${h64(act.x[i])}`);
  }
  for (let i = 0; i < 32; i++) {
    if (exp.f[i] !== act.f[i]) out.push(`${fName(i)}: expected ${h64(exp.f[i])}, got ${h64(act.f[i])}`);
  }
  if (exp.fcsr !== act.fcsr) {
    out.push(`fcsr: expected 0x${exp.fcsr.toString(16)} (frm ${exp.fcsr >> 5n}, fflags 0b${(exp.fcsr & 31n).toString(2).padStart(5, "0")}), ` +
      `got 0x${act.fcsr.toString(16)} (frm ${act.fcsr >> 5n}, fflags 0b${(act.fcsr & 31n).toString(2).padStart(5, "0")})`);
  }
  for (let i = 0; i < SCRATCH_SIZE; i += 8) {
    const e = exp.mem.readBigUInt64LE(i);
    const a = act.mem.readBigUInt64LE(i);
    if (e !== a) out.push(`mem scratch+${i}: expected ${h64(e)}, got ${h64(a)}`);
  }
  return out;
}
