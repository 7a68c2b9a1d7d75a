// "A": LR/SC success and failure paths, every AMO in W and D form, misaligned atomics.
import { describe, expect, it } from "vitest";
import { Hart, L, CODE_VA, DATA_VA } from "./harness.js";
import { sx32, u64 } from "./ref.js";

const NONE = 0xffffffffffffffffn;

describe("LR/SC", () => {
  it("LR then SC to the same address succeeds and clears the reservation", () => {
    const h = new Hart();
    h.load(`.option norvc
      lr.d a0, (s1)
      addi a0, a0, 1
      sc.d a1, a0, (s1)
      sc.d a2, a0, (s1)     # no reservation any more: fails
      lr.w.aq a3, (s2)
      sc.w.rl a4, a3, (s2)
      ecall`);
    h.setPhys64(0x200000, 41n);
    h.setPhys32(0x200008, 0x80000000);
    h.setX("s1", DATA_VA);
    h.setX("s2", DATA_VA + 8);
    h.runToTrap();
    expect(h.x("a1")).toBe(0n);
    expect(h.phys64(0x200000)).toBe(42n);
    expect(h.x("a2")).toBe(1n);
    expect(h.x("a3")).toBe(0xffffffff80000000n);
    expect(h.x("a4")).toBe(0n);
    expect(h.reservation).toBe(NONE);
  });

  it("SC without a reservation, or to another address, fails and writes nothing", () => {
    const h = new Hart();
    h.load(`.option norvc
      sc.w a0, a5, (s1)
      lr.w t0, (s1)
      sc.w a1, a5, 8(s1)
      ecall`.replace("8(s1)", "(s2)"));
    h.setX("s1", DATA_VA);
    h.setX("s2", DATA_VA + 16);
    h.setX("a5", 7n);
    h.runToTrap();
    expect(h.x("a0")).toBe(1n);
    expect(h.x("a1")).toBe(1n);
    expect(h.phys32(0x200000)).toBe(0);
    expect(h.phys32(0x200010)).toBe(0);
    expect(h.reservation).toBe(NONE);
  });

  it("the reservation lives in the state block (the kernel can clear it)", () => {
    const h = new Hart();
    h.load(`.option norvc\nlr.d a0, (s1)\necall\nsc.d a1, a0, (s1)\necall`);
    h.setX("s1", DATA_VA);
    h.runToTrap();
    expect(h.reservation).toBe(BigInt(DATA_VA));
    h.reservation = NONE; // e.g. a context switch
    h.pc = h.pc + 4n;
    h.runToTrap();
    expect(h.x("a1")).toBe(1n);
  });

  it("a faulting SC keeps the reservation; the retry succeeds", () => {
    const h = new Hart();
    h.load(`.option norvc\nlr.d a0, (s1)\nsc.d a1, a2, (s1)\necall`);
    h.map(0x900000, 0x500000, L.PTE_R | L.PTE_U);
    h.setX("s1", 0x900000);
    h.setX("a2", 9n);
    expect(h.run(100)).toBe(L.TRAP_STORE_PAGE_FAULT);
    expect(h.pc).toBe(BigInt(CODE_VA + 4));
    h.map(0x900000, 0x500000, L.PTE_R | L.PTE_W | L.PTE_U);
    h.ex.flushTlbPage(0x900000n);
    h.runToTrap();
    expect(h.x("a1")).toBe(0n);
    expect(h.phys64(0x500000)).toBe(9n);
  });

  it("misaligned LR, SC and AMO raise address-misaligned", () => {
    const h = new Hart();
    h.load(`.option norvc\nlr.w a0, (s1)\necall`);
    h.setX("s1", DATA_VA + 2);
    expect(h.run(10)).toBe(L.TRAP_LOAD_MISALIGNED);
    expect(h.tval).toBe(BigInt(DATA_VA + 2));
    h.load(`.option norvc\nsc.d a0, a1, (s1)\necall`);
    h.setX("s1", DATA_VA + 4);
    expect(h.run(10)).toBe(L.TRAP_STORE_MISALIGNED);
    h.load(`.option norvc\namoadd.w a0, a1, (s1)\necall`);
    h.setX("s1", DATA_VA + 1);
    expect(h.run(10)).toBe(L.TRAP_STORE_MISALIGNED);
    expect(h.tval).toBe(BigInt(DATA_VA + 1));
  });

  it("AMO on a read-only page is a store page fault", () => {
    const h = new Hart();
    h.load(`.option norvc\namoor.d a0, a1, (s1)\necall`);
    h.map(0x900000, 0x500000, L.PTE_R | L.PTE_U);
    h.setX("s1", 0x900000);
    expect(h.run(10)).toBe(L.TRAP_STORE_PAGE_FAULT);
    expect(h.access).toBe(BigInt(L.ACCESS_WRITE));
  });
});

describe("AMOs", () => {
  const s64 = (x: bigint) => BigInt.asIntN(64, x);
  const s32 = (x: bigint) => BigInt.asIntN(32, x);
  const m32 = (x: bigint) => x & 0xffffffffn;
  const dOps: Record<string, (a: bigint, b: bigint) => bigint> = {
    amoswap: (_a, b) => b,
    amoadd: (a, b) => u64(a + b),
    amoxor: (a, b) => a ^ b,
    amoand: (a, b) => a & b,
    amoor: (a, b) => a | b,
    amomin: (a, b) => (s64(a) < s64(b) ? a : b),
    amomax: (a, b) => (s64(a) > s64(b) ? a : b),
    amominu: (a, b) => (a < b ? a : b),
    amomaxu: (a, b) => (a > b ? a : b),
  };
  const wOps: Record<string, (a: bigint, b: bigint) => bigint> = {
    amoswap: (_a, b) => m32(b),
    amoadd: (a, b) => m32(a + b),
    amoxor: (a, b) => m32(a ^ b),
    amoand: (a, b) => m32(a & b),
    amoor: (a, b) => m32(a | b),
    amomin: (a, b) => (s32(a) < s32(b) ? m32(a) : m32(b)),
    amomax: (a, b) => (s32(a) > s32(b) ? m32(a) : m32(b)),
    amominu: (a, b) => (m32(a) < m32(b) ? m32(a) : m32(b)),
    amomaxu: (a, b) => (m32(a) > m32(b) ? m32(a) : m32(b)),
  };
  const vals = [0n, 1n, 5n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x8000000000000000n, 0xffffffffffffffffn, 0x123456789abcdef0n];
  for (const name of Object.keys(dOps)) {
    it(`${name}.d and ${name}.w`, () => {
      const h = new Hart();
      h.load(`.option norvc\n${name}.d.aqrl a0, a1, (s1)\n${name}.w a2, a1, (s2)\necall`);
      for (const mem of vals) {
        for (const src of vals) {
          h.setPhys64(0x200000, mem);
          h.setPhys64(0x200008, 0x5555555555555555n);
          h.setPhys32(0x200008, Number(mem & 0xffffffffn));
          h.setX("s1", DATA_VA);
          h.setX("s2", DATA_VA + 8);
          h.setX("a1", src);
          h.pc = CODE_VA;
          h.runToTrap();
          expect(h.x("a0")).toBe(mem);
          expect(h.phys64(0x200000)).toBe(dOps[name](mem, src));
          expect(h.x("a2")).toBe(sx32(mem));
          expect(BigInt(h.phys32(0x200008))).toBe(wOps[name](mem, src));
          expect(h.phys32(0x20000c)).toBe(0x55555555); // the word after is untouched
        }
      }
    });
  }

  it("AMO with rd = rs2 reads the source before writing rd", () => {
    const h = new Hart();
    h.load(`.option norvc\namoadd.d a1, a1, (s1)\necall`);
    h.setPhys64(0x200000, 10n);
    h.setX("s1", DATA_VA);
    h.setX("a1", 3n);
    h.runToTrap();
    expect(h.x("a1")).toBe(10n);
    expect(h.phys64(0x200000)).toBe(13n);
  });
});
