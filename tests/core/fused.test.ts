// Fused pairs (asm/ops.ts): two adjacent instructions run by one dispatch must still behave
// as two: traps in either half are exact, budgets may end between the halves, jumps may
// land on the second half, and a store in a pair may rewrite the code that follows.
// The programs below use pairs from the fused list (slli + c.srli, c.add + sb,
// sb + c.addw, c.addw + bltu, lbu + bne).
import { describe, expect, it } from "vitest";
import { Hart, L, CODE_VA, DATA_VA, R, W, X, U } from "./harness.js";

// A sieve-like loop: zero-extend, index, store, count, compare and branch back.
const LOOP = `.option norvc
  li s1, 0
  li s2, 300
  li a5, 1
  li s3, ${DATA_VA}
1:
  slli a0, s1, 32
.option rvc
  c.srli a0, 32
  c.add a0, s3
.option norvc
  sb s1, 0(a0)
.option rvc
  c.addw s1, a5
.option norvc
  bltu s1, s2, 1b
  mv a0, s1
  ecall
`;

describe("fused pairs", () => {
  it("run a loop of pairs exactly as single instructions would", () => {
    const h = new Hart();
    h.load(LOOP);
    h.runToTrap();
    expect(h.x("a0")).toBe(300n);
    expect(h.instret).toBe(4n + 6n * 300n + 1n);
    expect(h.readPhys(0x200000 + 299, 1)[0]).toBe(299 & 0xff);
  });

  it("stop after exactly n instructions for every budget, also between the halves", () => {
    const ref = new Hart();
    ref.load(LOOP);
    ref.runToTrap();
    for (const budget of [1, 2, 3, 5, 7, 11]) {
      const h = new Hart();
      h.load(LOOP);
      let r: number;
      let expected = 0n;
      while ((r = h.run(budget)) === L.TRAP_BUDGET) {
        expected += BigInt(budget);
        expect(h.instret).toBe(expected);
      }
      expect(r).toBe(L.TRAP_ECALL_U);
      expect(h.instret).toBe(ref.instret);
      expect(h.x("a0")).toBe(ref.x("a0"));
      expect(h.pc).toBe(ref.pc);
    }
  });

  it("report a trap in the second half at its own pc, the first half retired", () => {
    const h = new Hart();
    h.load(`.option norvc
      lui a4, 1
      addi a5, zero, 5
    .option rvc
      c.add a5, a4
    .option norvc
      sb a3, 0(a5)
      ecall`);
    expect(h.run(100)).toBe(L.TRAP_STORE_PAGE_FAULT);
    expect(h.pc).toBe(BigInt(CODE_VA + 10));
    expect(h.tval).toBe(0x1005n);
    expect(h.instret).toBe(3n);
    expect(h.x("a5")).toBe(0x1005n);
  });

  it("report a trap in the first half without running the second", () => {
    const h = new Hart();
    h.load(`.option norvc
      li a1, 0x700
      li a0, 7
      lbu a0, 0(a1)
      bne a0, zero, 1f
      li a2, 1
    1:
      ecall`);
    expect(h.run(100)).toBe(L.TRAP_LOAD_PAGE_FAULT);
    expect(h.pc).toBe(BigInt(CODE_VA + 8));
    expect(h.instret).toBe(2n);
    expect(h.x("a0")).toBe(7n);
  });

  it("run the second half alone when a jump lands on it", () => {
    const h = new Hart();
    h.load(`.option norvc
      li a0, 0x123
      li s1, 3
      j 2f
    1:
      slli a0, a0, 8
    2:
    .option rvc
      c.srli a0, 4
    .option norvc
      addi s1, s1, -1
      bnez s1, 1b
      ecall`);
    h.runToTrap();
    expect(h.x("a0")).toBe(0x1200n);
    expect(h.instret).toBe(14n);
  });

  it("let a store in a pair rewrite the instruction that follows it", () => {
    const h = new Hart();
    h.load(`.option norvc
      lla a5, target
      li a4, 0
    .option rvc
      c.add a5, a4
    .option norvc
      sb s4, 2(a5)
    target:
      li a0, 1
      ecall`, { codeFlags: R | W | X | U });
    h.setX("s4", 0x20n); // addi a0, zero, 1 -> addi a0, zero, 2
    h.runToTrap();
    expect(h.x("a0")).toBe(2n);
    expect(h.instret).toBe(6n);
  });
});
