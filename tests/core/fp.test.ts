// F and D as the interpreter implements them: loads/stores, moves, sign injection,
// NaN-boxing, rounding-mode resolution (static, dynamic, illegal), fused-op sign handling,
// and that arithmetic reaches asm/fpu.ts (whose own tests cover IEEE details).
import { describe, expect, it } from "vitest";
import { Hart, L, CODE_VA, DATA_VA } from "./harness.js";

const BOX = 0xffffffff00000000n;
const CANON_S = 0x7fc00000n;
const f64 = (x: number): bigint => {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x, true);
  return dv.getBigUint64(0, true);
};
const f32 = (x: number): bigint => {
  const dv = new DataView(new ArrayBuffer(4));
  dv.setFloat32(0, x, true);
  return BigInt(dv.getUint32(0, true));
};

function run(src: string, setup: (h: Hart) => void = () => {}): Hart {
  const h = new Hart();
  h.load(`.option norvc\n${src}\necall`);
  h.setX("s1", DATA_VA);
  setup(h);
  h.runToTrap();
  return h;
}

describe("F/D loads, stores and moves", () => {
  it("flw NaN-boxes; fsw stores the low 32 bits whatever the boxing", () => {
    const h = run(`
      flw fa0, 0(s1)
      fsw fa0, 8(s1)
      fsw fa1, 12(s1)     # fa1 holds an unboxed value: stored as is
      fld fa2, 16(s1)
      fsd fa2, 24(s1)`, (h) => {
      h.setPhys32(0x200000, 0x3f800000);
      h.setF(11, 0x123456789abcdef0n);
      h.setPhys64(0x200010, 0xfff0000000000001n);
    });
    expect(h.f(10)).toBe(BOX | 0x3f800000n);
    expect(h.phys32(0x200008)).toBe(0x3f800000);
    expect(h.phys32(0x20000c)).toBe(0x9abcdef0);
    expect(h.f(12)).toBe(0xfff0000000000001n);
    expect(h.phys64(0x200018)).toBe(0xfff0000000000001n);
  });

  it("fmv.x.w sign-extends, fmv.w.x boxes, fmv.x.d / fmv.d.x are raw", () => {
    const h = run(`
      fmv.x.w a0, fa0
      fmv.x.w a1, fa1
      fmv.w.x fa2, a2
      fmv.d.x fa3, a3
      fmv.x.d a4, fa3`, (h) => {
      h.setF(10, BOX | 0x80000001n);
      h.setF(11, 0x0000000012345678n); // not boxed: the raw low bits move anyway
      h.setX("a2", 0xdeadbeef3f800000n);
      h.setX("a3", 0x8000000000000001n);
    });
    expect(h.x("a0")).toBe(0xffffffff80000001n);
    expect(h.x("a1")).toBe(0x12345678n);
    expect(h.f(12)).toBe(BOX | 0x3f800000n);
    expect(h.f(13)).toBe(0x8000000000000001n);
    expect(h.x("a4")).toBe(0x8000000000000001n);
  });

  it("fsgnj.s family; an unboxed input reads as the canonical NaN", () => {
    const h = run(`
      fsgnj.s ft0, fa0, fa1
      fsgnjn.s ft1, fa0, fa1
      fsgnjx.s ft2, fa1, fa1
      fneg.s ft3, fa0
      fabs.s ft4, fa1
      fsgnj.s ft5, fa2, fa1    # fa2 unboxed -> canonical NaN, sign of fa1
      fsgnj.s ft6, fa0, fa2    # sign of the canonical NaN: +`, (h) => {
      h.setF(10, BOX | f32(1.5));
      h.setF(11, BOX | f32(-2));
      h.setF(12, 0x00000000_3f800000n);
    });
    expect(h.f(0)).toBe(BOX | f32(-1.5));
    expect(h.f(1)).toBe(BOX | f32(1.5));
    expect(h.f(2)).toBe(BOX | f32(2));
    expect(h.f(3)).toBe(BOX | f32(-1.5));
    expect(h.f(4)).toBe(BOX | f32(2));
    expect(h.f(5)).toBe(BOX | CANON_S | 0x80000000n);
    expect(h.f(6)).toBe(BOX | f32(1.5));
  });

  it("fsgnj.d family", () => {
    const h = run(`
      fsgnj.d ft0, fa0, fa1
      fsgnjn.d ft1, fa0, fa1
      fsgnjx.d ft2, fa1, fa1
      fmv.d ft3, fa1`, (h) => {
      h.setF(10, f64(3.25));
      h.setF(11, f64(-0.5));
    });
    expect(h.f(0)).toBe(f64(-3.25));
    expect(h.f(1)).toBe(f64(3.25));
    expect(h.f(2)).toBe(f64(0.5));
    expect(h.f(3)).toBe(f64(-0.5));
  });
});

describe("F/D arithmetic through asm/fpu.ts", () => {
  it("add, sub, mul, div, sqrt, min/max, compares, class, conversions", () => {
    const h = run(`
      fadd.d ft0, fa0, fa1
      fsub.d ft1, fa0, fa1
      fmul.d ft2, fa0, fa1
      fdiv.d ft3, fa0, fa1
      fsqrt.d ft4, fa2
      fmin.d ft5, fa0, fa1
      fmax.d ft6, fa0, fa1
      flt.d a0, fa1, fa0
      feq.d a1, fa0, fa0
      fle.d a2, fa0, fa1
      fclass.d a3, fa1
      fcvt.w.d a4, fa3, rtz
      fcvt.d.l ft7, a5
      fadd.s fs0, fs1, fs2
      fcvt.d.s fs3, fs0
      fcvt.s.d fs4, fa0
      fcvt.wu.s a6, fs1
      fmul.s fs5, fs1, fs2
      fcvt.s.lu fs6, a5`, (h) => {
      h.setF(10, f64(1.5));
      h.setF(11, f64(2.25));
      h.setF(12, f64(16));
      h.setF(13, f64(-7.9));
      h.setX("a5", 10n);
      h.setF(9, BOX | f32(3));
      h.setF(18, BOX | f32(0.5));
    });
    expect(h.f(0)).toBe(f64(3.75));
    expect(h.f(1)).toBe(f64(-0.75));
    expect(h.f(2)).toBe(f64(3.375));
    expect(h.f(3)).toBe(f64(1.5 / 2.25));
    expect(h.f(4)).toBe(f64(4));
    expect(h.f(5)).toBe(f64(1.5));
    expect(h.f(6)).toBe(f64(2.25));
    expect(h.x("a0")).toBe(0n);
    expect(h.x("a1")).toBe(1n);
    expect(h.x("a2")).toBe(1n);
    expect(h.x("a3")).toBe(1n << 6n); // positive normal
    expect(h.xs("a4")).toBe(-7n);
    expect(h.f(7)).toBe(f64(10));
    expect(h.f(8)).toBe(BOX | f32(3.5));
    expect(h.f(19)).toBe(f64(3.5));
    expect(h.f(20)).toBe(BOX | f32(1.5));
    expect(h.x("a6")).toBe(3n);
    expect(h.f(21)).toBe(BOX | f32(1.5));
    expect(h.f(22)).toBe(BOX | f32(10));
    // fdiv.d 1.5/2.25 is inexact: NX accrued in fflags.
    expect(h.fcsr & 1n).toBe(1n);
  });

  it("fused multiply-add signs: fmadd, fmsub, fnmsub, fnmadd (S and D)", () => {
    const h = run(`
      fmadd.d ft0, fa0, fa1, fa2
      fmsub.d ft1, fa0, fa1, fa2
      fnmsub.d ft2, fa0, fa1, fa2
      fnmadd.d ft3, fa0, fa1, fa2
      fmadd.s fs0, fs1, fs2, fs3
      fmsub.s fs4, fs1, fs2, fs3
      fnmsub.s fs5, fs1, fs2, fs3
      fnmadd.s fs6, fs1, fs2, fs3`, (h) => {
      h.setF(10, f64(2));
      h.setF(11, f64(3));
      h.setF(12, f64(1));
      h.setF(9, BOX | f32(2));
      h.setF(18, BOX | f32(3));
      h.setF(19, BOX | f32(1));
    });
    expect(h.f(0)).toBe(f64(7));
    expect(h.f(1)).toBe(f64(5));
    expect(h.f(2)).toBe(f64(-5));
    expect(h.f(3)).toBe(f64(-7));
    expect(h.f(8)).toBe(BOX | f32(7));
    expect(h.f(20)).toBe(BOX | f32(5));
    expect(h.f(21)).toBe(BOX | f32(-5));
    expect(h.f(22)).toBe(BOX | f32(-7));
  });

  it("unboxed single inputs to arithmetic read as the canonical NaN", () => {
    const h = run(`fadd.s fa0, fa1, fa2`, (h) => {
      h.setF(11, f64(1)); // a double, not a boxed single
      h.setF(12, BOX | f32(1));
    });
    expect(h.f(10)).toBe(BOX | CANON_S);
  });
});

describe("rounding modes", () => {
  it("static modes are passed through; dynamic uses frm", () => {
    // 1/3 rounded: RDN gives the smaller, RUP the larger value.
    const h = run(`
      fdiv.d ft0, fa0, fa1, rdn
      fdiv.d ft1, fa0, fa1, rup
      fsrmi 2                  # frm = RDN
      fdiv.d ft2, fa0, fa1     # dyn
      fsrmi 3                  # frm = RUP
      fdiv.d ft3, fa0, fa1, dyn
      fcvt.l.d a0, fa2, rup
      fcvt.l.d a1, fa2, rdn`, (h) => {
      h.setF(10, f64(1));
      h.setF(11, f64(3));
      h.setF(12, f64(2.5));
    });
    expect(h.f(1) - h.f(0)).toBe(1n);
    expect(h.f(2)).toBe(h.f(0));
    expect(h.f(3)).toBe(h.f(1));
    expect(h.x("a0")).toBe(3n);
    expect(h.x("a1")).toBe(2n);
  });

  for (const frm of [5, 6, 7]) {
    it(`dynamic rounding with frm = ${frm} is an illegal instruction`, () => {
      const h = new Hart();
      h.load(`.option norvc\nfadd.d fa0, fa1, fa2\nfmadd.s fa0, fa1, fa2, fa3\nfcvt.w.d a0, fa1\necall`);
      for (let i = 0; i < 3; i++) {
        h.fcsr = BigInt(frm << 5);
        h.pc = CODE_VA + 4 * i;
        expect(h.run(10)).toBe(L.TRAP_ILLEGAL);
        expect(h.pc).toBe(BigInt(CODE_VA + 4 * i));
        const bits = new DataView(h.readPhys(0x100000 + 4 * i, 4).buffer).getUint32(0, true);
        expect(h.tval).toBe(BigInt(bits));
      }
      // Ops without a rounding mode do not care about frm.
      h.load(`.option norvc\nfsgnj.d fa0, fa1, fa2\nfmin.d fa3, fa1, fa2\nfeq.d a0, fa1, fa1\necall`);
      h.fcsr = BigInt(frm << 5);
      h.runToTrap();
    });
  }
});
