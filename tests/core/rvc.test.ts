// The C extension: every RV64C instruction, and its reserved encodings trapping as illegal.
import { describe, expect, it } from "vitest";
import { Hart, L, CODE_VA, DATA_VA, STACK_TOP } from "./harness.js";

function run(src: string, setup?: (h: Hart) => void): Hart {
  const h = new Hart();
  const code = h.load(src);
  // Everything but the final ecall must be 16-bit.
  expect(code.length % 2).toBe(0);
  setup?.(h);
  h.runToTrap();
  return h;
}

describe("RVC", () => {
  it("c.li, c.lui, c.addi, c.addiw, c.addi16sp, c.addi4spn, c.mv, c.add", () => {
    const h = run(`
      c.li a0, -7
      c.lui a1, 0xfffe1     # nzimm = -31 << 12
      c.lui a2, 1
      c.addi a0, 3          # -4
      c.li a3, -1
      c.addiw a3, 0         # sext.w of -1 = -1
      c.addi16sp sp, -64
      c.addi4spn a4, sp, 8
      c.mv a5, a0
      c.add a5, a2          # -4 + 4096
      ecall`);
    expect(h.xs("a0")).toBe(-4n);
    expect(h.xs("a1")).toBe(-31n << 12n);
    expect(h.x("a2")).toBe(4096n);
    expect(h.xs("a3")).toBe(-1n);
    expect(h.x("sp")).toBe(BigInt(STACK_TOP - 64));
    expect(h.x("a4")).toBe(BigInt(STACK_TOP - 64 + 8));
    expect(h.x("a5")).toBe(4092n);
    expect(h.pc).toBe(BigInt(CODE_VA + 20));
  });

  it("c.addiw truncates and sign-extends; c.subw, c.addw", () => {
    const h = run(`
      c.addiw a0, 1
      c.subw a1, a2
      c.addw a3, a4
      ecall`, (h) => {
      h.setX("a0", 0x7fffffffn);
      h.setX("a1", 0x100000000n);
      h.setX("a2", 1n);
      h.setX("a3", 0xffffffffn);
      h.setX("a4", 0xffffffffn);
    });
    expect(h.x("a0")).toBe(0xffffffff80000000n);
    expect(h.x("a1")).toBe(0xffffffffffffffffn);
    expect(h.x("a3")).toBe(0xfffffffffffffffen);
  });

  it("c.srli, c.srai, c.andi, c.slli, c.sub, c.xor, c.or, c.and", () => {
    const h = run(`
      c.srli a0, 60
      c.srai a1, 4
      c.andi a2, -16
      c.slli a3, 33
      c.sub a4, a5
      c.xor s0, s1
      c.or a5, s1
      c.and s1, a5
      ecall`, (h) => {
      h.setX("a0", 0xf000000000000000n);
      h.setX("a1", 0x8000000000000000n);
      h.setX("a2", 0x12345n);
      h.setX("a3", 3n);
      h.setX("a4", 10n);
      h.setX("a5", 0xf0n);
      h.setX("s0", 0xffn);
      h.setX("s1", 0x0fn);
    });
    expect(h.x("a0")).toBe(15n);
    expect(h.x("a1")).toBe(0xf800000000000000n);
    expect(h.x("a2")).toBe(0x12340n);
    expect(h.x("a3")).toBe(3n << 33n);
    expect(h.xs("a4")).toBe(10n - 0xf0n);
    expect(h.x("s0")).toBe(0xf0n);
    expect(h.x("a5")).toBe(0xffn);
    expect(h.x("s1")).toBe(0x0fn);
  });

  it("c.lw, c.ld, c.sw, c.sd, c.lwsp, c.ldsp, c.swsp, c.sdsp", () => {
    const h = run(`
      c.lw a0, 4(s1)
      c.ld a1, 8(s1)
      c.sw a0, 16(s1)
      c.sd a1, 24(s1)
      c.swsp a0, 4(sp)
      c.sdsp a1, 248(sp)
      c.lwsp a2, 4(sp)
      c.ldsp a3, 248(sp)
      c.lw a4, 124(s1)
      ecall`, (h) => {
      h.setPhys64(0x200000, 0x80000001_00000000n);
      h.setPhys64(0x200008, 0x1122334455667788n);
      h.setPhys32(0x200000 + 124, 0xdeadbeef);
      h.setX("s1", DATA_VA);
      h.setX("sp", DATA_VA + 0x1000);
    });
    expect(h.x("a0")).toBe(0xffffffff80000001n);
    expect(h.x("a1")).toBe(0x1122334455667788n);
    expect(h.phys32(0x200010)).toBe(0x80000001);
    expect(h.phys64(0x200018)).toBe(0x1122334455667788n);
    expect(h.x("a2")).toBe(0xffffffff80000001n);
    expect(h.x("a3")).toBe(0x1122334455667788n);
    expect(h.phys64(0x201000 + 248)).toBe(0x1122334455667788n);
    expect(h.x("a4")).toBe(0xffffffffdeadbeefn);
  });

  it("c.fld, c.fsd, c.fldsp, c.fsdsp", () => {
    const h = run(`
      c.fld fa0, 8(s1)
      c.fsd fa0, 16(s1)
      c.fldsp fs1, 504(sp)
      c.fsdsp fs1, 0(sp)
      ecall`, (h) => {
      h.setPhys64(0x200008, 0x400921fb54442d18n);
      h.setPhys64(0x201000 + 504, 0xbff0000000000000n);
      h.setX("s1", DATA_VA);
      h.setX("sp", DATA_VA + 0x1000);
    });
    expect(h.f(10)).toBe(0x400921fb54442d18n);
    expect(h.phys64(0x200010)).toBe(0x400921fb54442d18n);
    expect(h.f(9)).toBe(0xbff0000000000000n);
    expect(h.phys64(0x201000)).toBe(0xbff0000000000000n);
  });

  it("c.j, c.jal is absent in RV64, c.jr, c.jalr, c.beqz, c.bnez", () => {
    const h = run(`
      c.li a0, 0
      c.li a1, 3
    1: c.addi a0, 1
      c.addi a1, -1
      c.bnez a1, 1b
      c.beqz a1, 2f
      c.li a0, 29
    2: c.j 3f
      c.li a0, 28
    3: auipc t0, 0
      c.addi t0, 10
      c.jalr t0           # to 4f, ra = here + 2
      c.li a0, 27
    4: auipc t1, 0
      c.addi t1, 10
      c.jr t1
      c.li a0, 26
      ecall`);
    expect(h.x("a0")).toBe(3n);
    expect(h.x("ra")).toBe(BigInt(CODE_VA + 26));
  });

  it("c.nop and HINTs do nothing; c.ebreak traps with tval = pc", () => {
    const h = new Hart();
    h.load(`c.nop\nc.li zero, 5\nc.mv zero, a0\nc.slli zero, 3\nc.ebreak`);
    expect(h.run(100)).toBe(L.TRAP_BREAKPOINT);
    expect(h.pc).toBe(BigInt(CODE_VA + 8));
    expect(h.tval).toBe(BigInt(CODE_VA + 8));
    expect(h.x(0)).toBe(0n);
    expect(h.instret).toBe(4n);
  });

  // Reserved 16-bit encodings (C chapter, "RVC Instruction Set Listings").
  const illegal: [string, number][] = [
    ["all zero (c.addi4spn nzuimm=0)", 0x0000],
    ["c.addi4spn nzuimm=0, rd=a0", 0x0008],
    ["quadrant 0 funct3=4", 0x8000],
    ["c.addiw rd=0", 0x2001 | (0 << 7) | (1 << 2)],
    ["c.addi16sp nzimm=0", 0x6101],
    ["c.lui nzimm=0", 0x6000 | (10 << 7) | 1],
    ["c.subw-space reserved (f=2)", 0x9c41],
    ["c.subw-space reserved (f=3)", 0x9c61],
    ["c.lwsp rd=0", 0x4002],
    ["c.ldsp rd=0", 0x6002],
    ["c.jr rs1=0", 0x8002],
  ];
  for (const [name, bits] of illegal) {
    it(`illegal: ${name}`, () => {
      const h = new Hart();
      h.load(`c.nop\n.2byte 0x${bits.toString(16)}\nc.nop`);
      expect(h.run(100)).toBe(L.TRAP_ILLEGAL);
      expect(h.cause).toBe(BigInt(L.TRAP_ILLEGAL));
      expect(h.tval).toBe(BigInt(bits));
      expect(h.pc).toBe(BigInt(CODE_VA + 2));
      expect(h.instret).toBe(1n);
    });
  }
});
