// Decoded-instruction cache coherence: stores into executed pages (plain, misaligned,
// page-crossing, AMO, SC), fence.i, host writes with invalidateCode, aliased mappings.
import { describe, expect, it } from "vitest";
import { Hart, L, CODE_VA, R, W, X, U } from "./harness.js";

const LI_A0_2 = 0x00200513; // addi a0, zero, 2
const LI_A0_1 = 0x00100513; // addi a0, zero, 1

describe("self-modifying code", () => {
  it("a store patching an instruction already executed: the new one runs (with fence.i)", () => {
    const h = new Hart();
    h.load(`.option norvc
      li s2, 0
    loop:
    patch:
      li a0, 1
      add s2, s2, a0
      bnez s3, done
      li s3, 1
      lla t0, patch
      sw s4, 0(t0)
      fence.i
      j loop
    done:
      ecall`, { codeFlags: R | W | X | U });
    h.setX("s4", LI_A0_2);
    h.runToTrap();
    expect(h.x("s2")).toBe(3n);
  });

  it("without fence.i, a store to the next instruction in the same run takes effect", () => {
    const h = new Hart();
    h.load(`.option norvc
      lla t0, target
      sw s4, 0(t0)
    target:
      li a0, 1
      ecall`, { codeFlags: R | W | X | U });
    h.setX("s4", LI_A0_2);
    h.runToTrap();
    expect(h.x("a0")).toBe(2n);
    expect(h.instret).toBe(4n);
  });

  it("when the patched code was decoded by an earlier run", () => {
    const h = new Hart();
    h.load(`.option norvc
      beqz s5, 1f
      lla t0, target
      sw s4, 0(t0)
    1:
    target:
      li a0, 1
      ecall`, { codeFlags: R | W | X | U });
    h.setX("s4", LI_A0_2);
    h.runToTrap();
    expect(h.x("a0")).toBe(1n);
    h.setX("s5", 1n);
    h.pc = CODE_VA;
    h.runToTrap();
    expect(h.x("a0")).toBe(2n);
  });

  // target is decoded (called once) before the store patches it.
  const patchProgram = (store: string) => `.option norvc
      j start
      .balign 8
    target:
      li a0, 1
      bnez s7, out
      ret
    out:
      ecall
    start:
      jal ra, target
      li s7, 1
      lla t0, target
      ${store}
      j target`;
  for (const [name, store] of [
    ["misaligned sd", "addi t1, t0, -4\nsd s6, 0(t1)"],
    ["sh halves", "sh s4, 0(t0)\nsrli t2, s4, 16\nsh t2, 2(t0)"],
    ["amoswap.w", "amoswap.w zero, s4, (t0)"],
    ["sc.w", "lr.w t3, (t0)\nsc.w t4, s4, (t0)"],
  ] as const) {
    it(`patch through ${name}`, () => {
      const h = new Hart();
      const code = h.load(patchProgram(store), { codeFlags: R | W | X | U });
      h.setX("s4", LI_A0_2);
      // The misaligned sd covers target - 4 .. target + 3: keep the 4 bytes before target.
      const before = BigInt(new DataView(code.buffer, code.byteOffset).getUint32(4, true));
      h.setX("s6", (BigInt(LI_A0_2) << 32n) | before);
      h.runToTrap();
      expect(h.x("a0")).toBe(2n);
      expect(h.x("t4")).toBe(0n);
    });
  }

  it("a page-crossing store into code on the second page", () => {
    const h = new Hart();
    h.load(`.option norvc
      lla t0, target
      addi t0, t0, -2
      sw s4, 0(t0)    # bytes 2..3 land on the low half of target, in the next page
      j target
      .balign 4096
    target:
      li a0, 1
      ecall`, { codeFlags: R | W | X | U });
    // Decode the target page first (start at the j), then patch and run from the top.
    h.pc = CODE_VA + 16;
    h.runToTrap();
    expect(h.x("a0")).toBe(1n);
    // li a0, 1 = 0x00100513 -> li a1, 1 = 0x00100593 (low half changes); the 2 bytes before
    // target are the upper half of a nop (zero).
    h.setX("a0", 0n);
    h.setX("s4", 0x0593n << 16n);
    h.pc = CODE_VA;
    h.runToTrap();
    expect(h.x("a0")).toBe(0n);
    expect(h.x("a1")).toBe(1n);
  });

  it("code and data in one page: data stores keep working, a store over code still patches it", () => {
    const h = new Hart();
    h.load(`.option norvc
      li s2, 0
    loop:
      sd s2, 0(s3)          # data in the code page, next to the code
      sw s2, -4(s3)         # the 4 bytes right after the last instruction
      addi s2, s2, 1
      li t1, 100
      blt s2, t1, loop
      lla t0, patch
      sw s4, 0(t0)          # now overwrite code in the same page
    patch:
      li a0, 1
      ecall
      .4byte 0
      .balign 8
    data:
      .8byte 0`, { codeFlags: R | W | X | U });
    const dataVa = CODE_VA + 48; // patch at 36, ecall at 40, pad 44, data at 48
    h.setX("s3", dataVa);
    h.setX("s4", LI_A0_2);
    h.runToTrap();
    expect(h.x("a0")).toBe(2n);
    expect(h.phys64(0x100000 + 48)).toBe(99n);
    expect(h.phys32(0x100000 + 44)).toBe(99);
  });

  it("host writes are seen after invalidateCode", () => {
    const h = new Hart();
    h.load(`.option norvc\nli a0, 1\necall`);
    h.runToTrap();
    expect(h.x("a0")).toBe(1n);
    h.setPhys32(0x100000, LI_A0_2); // raw write, then tell the core
    h.ex.invalidateCode(0x100000n, 4n);
    h.pc = CODE_VA;
    h.runToTrap();
    expect(h.x("a0")).toBe(2n);
  });

  it("a store through a second, writable alias of a code page invalidates it", () => {
    const h = new Hart();
    h.load(`.option norvc
      li a0, 1
      beqz s5, 1f
      sw s4, 0(s6)
    1: ecall`);
    h.map(0x800000, 0x100000, R | W | U); // data alias of the code frame
    h.setX("s4", LI_A0_1 + (1 << 20)); // li a0, 2
    h.setX("s6", 0x800000);
    h.runToTrap();
    expect(h.x("a0")).toBe(1n);
    // Warm the write TLB for the alias while the page holds cached code.
    h.setX("s5", 1n);
    h.pc = CODE_VA;
    h.runToTrap();
    expect(h.phys32(0x100000)).toBe(LI_A0_2);
    h.setX("s5", 0n);
    h.pc = CODE_VA;
    h.runToTrap();
    expect(h.x("a0")).toBe(2n);
    // Patch back to li a0,1 after the page is executed again: the alias store must still invalidate.
    h.setX("s4", LI_A0_1);
    h.setX("s5", 1n);
    h.pc = CODE_VA;
    h.runToTrap();
    h.setX("s5", 0n);
    h.pc = CODE_VA;
    h.runToTrap();
    expect(h.x("a0")).toBe(1n);
  });

  it("fence.i keeps counting exactly and continues after itself", () => {
    const h = new Hart();
    h.load(`.option norvc\nli a0, 5\nfence.i\naddi a0, a0, 1\necall`);
    h.runToTrap();
    expect(h.x("a0")).toBe(6n);
    expect(h.instret).toBe(3n);
  });

  it("many code pages (more than the decoded cache holds) run correctly", () => {
    const h = new Hart();
    // 600 pages, each: addi a0, a0, 1 then jump to the next page.
    const page = `addi a0, a0, 1\nj 1f\n.balign 4096\n1:\n`;
    h.load(`.option norvc\n${page.repeat(600)}ecall`);
    for (let i = 0; i < 3; i++) {
      h.pc = CODE_VA;
      h.setX("a0", 0n);
      h.runToTrap();
      expect(h.x("a0")).toBe(600n);
    }
  });
});

describe("decoded cache and translation changes", () => {
  it("the same physical code page at two virtual addresses computes pc-relative values per mapping", () => {
    const h = new Hart();
    h.load(`.option norvc\nauipc a0, 0\necall`);
    h.map(0x30000, 0x100000, R | X | U);
    h.runToTrap();
    expect(h.x("a0")).toBe(BigInt(CODE_VA));
    h.pc = 0x30000;
    h.runToTrap();
    expect(h.x("a0")).toBe(0x30000n);
    expect(h.run(0)).toBe(L.TRAP_BUDGET);
  });
});
