// Traps: ecall, ebreak, illegal instructions (with their bits in tval), user CSRs.
import { describe, expect, it } from "vitest";
import { Hart, L, CODE_VA } from "./harness.js";

describe("traps", () => {
  it("ecall: cause 8, pc of the ecall, not retired; resuming after it works", () => {
    const h = new Hart();
    h.load(`.option norvc\nli a0, 1\necall\nli a0, 2\necall`);
    expect(h.run(100)).toBe(L.TRAP_ECALL_U);
    expect(h.cause).toBe(8n);
    expect(h.pc).toBe(BigInt(CODE_VA + 4));
    expect(h.instret).toBe(1n);
    h.pc = h.pc + 4n;
    expect(h.run(100)).toBe(L.TRAP_ECALL_U);
    expect(h.x("a0")).toBe(2n);
    expect(h.pc).toBe(BigInt(CODE_VA + 12));
    expect(h.instret).toBe(2n);
  });

  it("ebreak: cause 3, tval = pc", () => {
    const h = new Hart();
    h.load(`.option norvc\nnop\nebreak`);
    expect(h.run(100)).toBe(L.TRAP_BREAKPOINT);
    expect(h.pc).toBe(BigInt(CODE_VA + 4));
    expect(h.tval).toBe(BigInt(CODE_VA + 4));
  });

  const illegal32: [string, number][] = [
    ["all ones", 0xffffffff],
    ["unknown major opcode", 0x0000000b],
    ["mret", 0x30200073],
    ["sret", 0x10200073],
    ["wfi", 0x10500073],
    ["sfence.vma", 0x12000073],
    ["csrr a0, mstatus", 0x30002573],
    ["csrr a0, sstatus", 0x10002573],
    ["csrw cycle, a0", 0xc0051073],
    ["csrrwi instret, 0", 0xc0205073],
    ["csrrs time, a1 (writes)", 0xc015a073],
    ["slli with imm[11:6] != 0", 0x04051513],
    ["srai with bad funct6", 0x60055513],
    ["slliw with shamt[5]", 0x0205151b],
    ["add with bad funct7", 0x04b50533],
    ["jalr funct3 != 0", 0x00051067],
    ["branch funct3 = 2", 0x00b52063],
    ["load funct3 = 7", 0x00057503],
    ["store funct3 = 4", 0x00a54023],
    ["lr.w with rs2 != 0", 0x1005a52f | (1 << 20)],
    ["amo funct3 = 0", 0x0005852f],
    ["fadd.s rm = 5", 0x00b55553],
    ["fadd.d rm = 6", 0x02b56553],
    ["fmadd.h (fmt 2)", 0x04b57543],
    ["fsqrt.d rs2 != 0", 0x5a157553],
    ["fcvt.w.s rs2 = 4", 0xc0457553],
    ["fmv.x.w funct3 = 2", 0xe0052553],
  ];
  for (const [name, bits] of illegal32) {
    it(`illegal: ${name}`, () => {
      const h = new Hart();
      h.load(`.option norvc\nnop\n.4byte 0x${bits.toString(16)}\nnop`);
      expect(h.run(100)).toBe(L.TRAP_ILLEGAL);
      expect(h.tval).toBe(BigInt(bits));
      expect(h.pc).toBe(BigInt(CODE_VA + 4));
      expect(h.instret).toBe(1n);
    });
  }

  it("legal odd encodings: fence variants, fence.tso, pause, hints", () => {
    const h = new Hart();
    h.load(`.option norvc
      fence
      fence rw, rw
      fence.tso
      .4byte 0x0100000f   # pause
      addi zero, a0, 5
      slli zero, a0, 3
      li a0, 7
      ecall`);
    h.runToTrap();
    expect(h.x("a0")).toBe(7n);
    expect(h.instret).toBe(7n);
  });
});

describe("user CSRs", () => {
  it("fflags, frm and fcsr alias the fcsr field; all CSR forms", () => {
    const h = new Hart();
    h.load(`.option norvc
      csrrwi a0, fcsr, 0x1f     # old fcsr (0), fcsr = 0x1f
      csrrsi a1, frm, 3         # a1 = 0, frm = 3
      csrr a2, fcsr             # 0x7f
      csrrci a3, fflags, 0x5    # a3 = 0x1f, flags = 0x1a
      li t0, 0x1ff
      csrrw a4, fcsr, t0        # a4 = 0x7a, fcsr = 0xff (upper bits dropped)
      csrr a5, fcsr
      li t1, 0xe0
      csrrc a6, fcsr, t1        # a6 = 0xff, fcsr = 0x1f
      csrrs a7, frm, zero       # read only: a7 = 0
      li t2, 9
      csrw frm, t2              # frm = 1 (3 bits)
      csrr s2, fcsr
      ecall`);
    h.fcsr = 0n;
    h.runToTrap();
    expect(h.x("a0")).toBe(0n);
    expect(h.x("a1")).toBe(0n);
    expect(h.x("a2")).toBe(0x7fn);
    expect(h.x("a3")).toBe(0x1fn);
    expect(h.x("a4")).toBe(0x7an);
    expect(h.x("a5")).toBe(0xffn);
    expect(h.x("a6")).toBe(0xffn);
    expect(h.x("a7")).toBe(0n);
    expect(h.x("s2")).toBe(0x3fn);
    expect(h.fcsr).toBe(0x3fn);
  });

  it("cycle and instret count retired instructions exactly; time divides by TIME_DIV", () => {
    const h = new Hart();
    h.load(`.option norvc
      rdinstret a0    # 0 retired before it in this run
      nop
      nop
      rdcycle a1      # 3
      rdtime a2
      csrrs a3, instret, zero
      ecall`);
    expect(h.run(100)).toBe(L.TRAP_ECALL_U);
    expect(h.x("a0")).toBe(0n);
    expect(h.x("a1")).toBe(3n);
    expect(h.x("a3")).toBe(5n);
    expect(h.x("a2")).toBe(4n / BigInt(L.TIME_DIV));
    // A second run continues the count from HART_INSTRET; time adds the offset.
    h.pc = CODE_VA;
    h.timeOffset = 1000n;
    expect(h.run(100)).toBe(L.TRAP_ECALL_U);
    expect(h.x("a0")).toBe(6n);
    expect(h.x("a1")).toBe(9n);
    expect(h.x("a2")).toBe((10n + 1000n) / BigInt(L.TIME_DIV));
    expect(h.x("a3")).toBe(11n);
  });

  it("instret read inside a loop and after a budget stop", () => {
    const h = new Hart();
    h.load(`.option norvc
      li t0, 10
    1: addi t0, t0, -1
      bnez t0, 1b
      rdinstret a0
      ecall`);
    expect(h.run(7)).toBe(L.TRAP_BUDGET);
    expect(h.instret).toBe(7n);
    expect(h.run(1000)).toBe(L.TRAP_ECALL_U);
    expect(h.x("a0")).toBe(21n);
    expect(h.instret).toBe(22n);
  });
});
