// Exact instruction counting: run(n) stops after exactly n retired instructions wherever
// that is (inside runs, loops, page crossings), and any split of a program into budgets
// gives the same final state as one run.
import { describe, expect, it } from "vitest";
import { Hart, L, CODE_VA } from "./harness.js";

// A loop with branches within and across pages, calls, compressed and 32-bit code.
const PROGRAM = `
  li s0, 0
  li s1, 40
1:
  addi s0, s0, 3
  c.addi s0, 1
  andi t0, s1, 3
  beqz t0, 2f
  xor s0, s0, s1
  call far
2:
  addi s1, s1, -1
  bnez s1, 1b
  mv a0, s0
  ecall
  .skip 5000
far:
  slli t1, s0, 1
  c.add s0, t1
  srli s0, s0, 1
  ret
`;

function finalState(h: Hart) {
  return { a0: h.x("a0"), s0: h.x("s0"), pc: h.pc, instret: h.instret };
}

describe("budget", () => {
  it("single-stepping retires one instruction per run and matches a full run", () => {
    const ref = new Hart();
    ref.load(PROGRAM);
    ref.runToTrap();
    const want = finalState(ref);

    const h = new Hart();
    h.load(PROGRAM);
    let steps = 0;
    const pcs = new Set<bigint>();
    for (;;) {
      const before = h.instret;
      const r = h.run(1);
      if (r === L.TRAP_ECALL_U) break;
      expect(r).toBe(L.TRAP_BUDGET);
      expect(h.instret).toBe(before + 1n);
      pcs.add(h.pc);
      steps++;
    }
    expect(BigInt(steps)).toBe(want.instret);
    expect(finalState(h)).toEqual(want);
    expect(pcs.size).toBeGreaterThan(10);
  });

  it("any budget split gives the same state; instret is exact at every stop", () => {
    const ref = new Hart();
    ref.load(PROGRAM);
    ref.runToTrap();
    const want = finalState(ref);
    for (const chunk of [2, 3, 5, 7, 13, 64, 65, 100, 1000]) {
      const h = new Hart();
      h.load(PROGRAM);
      let total = 0n;
      for (;;) {
        const r = h.run(chunk);
        if (r === L.TRAP_ECALL_U) break;
        expect(r).toBe(L.TRAP_BUDGET);
        total += BigInt(chunk);
        expect(h.instret).toBe(total);
      }
      expect(finalState(h)).toEqual(want);
    }
  });

  it("run(0) does nothing", () => {
    const h = new Hart();
    h.load(`nop\necall`);
    expect(h.run(0)).toBe(L.TRAP_BUDGET);
    expect(h.pc).toBe(BigInt(CODE_VA));
    expect(h.instret).toBe(0n);
  });

  it("a budget ending exactly before a trapping instruction returns BUDGET, the next run traps", () => {
    const h = new Hart();
    h.load(`.option norvc\nnop\nnop\necall`);
    expect(h.run(2)).toBe(L.TRAP_BUDGET);
    expect(h.pc).toBe(BigInt(CODE_VA + 8));
    expect(h.run(5)).toBe(L.TRAP_ECALL_U);
    expect(h.instret).toBe(2n);
  });

  it("a long straight-line run (longer than the scratch window) splits exactly", () => {
    const h = new Hart();
    const body = Array.from({ length: 700 }, (_, i) => `addi a0, a0, ${(i % 7) + 1}`).join("\n");
    h.load(`.option norvc\nli a0, 0\n${body}\necall`);
    let expected = 0n;
    for (let i = 0; i < 700; i++) expected += BigInt((i % 7) + 1);
    expect(h.run(150)).toBe(L.TRAP_BUDGET);
    expect(h.pc).toBe(BigInt(CODE_VA + 150 * 4));
    expect(h.run(1)).toBe(L.TRAP_BUDGET);
    expect(h.run(549)).toBe(L.TRAP_BUDGET);
    expect(h.instret).toBe(700n);
    expect(h.run(10)).toBe(L.TRAP_ECALL_U);
    expect(h.x("a0")).toBe(expected);
    expect(h.instret).toBe(701n);
  });

  it("a trap in the middle of a run counts only the instructions before it", () => {
    const h = new Hart();
    h.load(`.option norvc\nnop\nnop\nnop\nld a0, 0(zero)\nnop\necall`);
    expect(h.run(1000)).toBe(L.TRAP_LOAD_PAGE_FAULT);
    expect(h.instret).toBe(3n);
    expect(h.pc).toBe(BigInt(CODE_VA + 12));
  });
});
