// The decoded-instruction cache (asm/dcache.ts): any page may go in any slot, so code whose
// physical pages share a residue (which evicted each other by the hundred thousand when the
// slots were direct-mapped on the page number: python's interpreter loop did) is decoded once;
// and code spread over more pages than there are slots still runs right, reusing slots.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Hart, L, R, X, U, assemble } from "./harness.js";
import { jitDefaults, setJitDefaults, type JitOptions } from "../../src/ostd/jit/index.js";

let saved: JitOptions;
beforeAll(() => { saved = jitDefaults(); });
afterAll(() => setJitDefaults(saved));

const FIRST_VA = 0x100_0000;

/**
 * Code on `pages` virtual pages from FIRST_VA, page i at physical frame `frame(i)`: each adds
 * 1 to a0 and jumps to the next page; the last one counts s1 down and goes back to the first
 * until it reaches 0, then ecalls. a0 ends at pages * rounds.
 */
function ring(h: Hart, pages: number, frame: (i: number) => number, rounds: number): void {
  for (let i = 0; i < pages; i++) {
    const va = FIRST_VA + i * L.PAGE_SIZE;
    const src = i < pages - 1
      ? `addi a0, a0, 1\n li t0, ${va + L.PAGE_SIZE}\n jr t0`
      : `addi a0, a0, 1\n addi s1, s1, -1\n beqz s1, 1f\n li t0, ${FIRST_VA}\n jr t0\n1: ecall`;
    const pa = frame(i) * L.PAGE_SIZE;
    h.map(va, pa, R | X | U);
    h.writePhys(pa, assemble(src, va));
  }
  h.setX("s1", rounds);
  h.pc = FIRST_VA;
  h.ex.flushTlb();
}

describe("decoded-instruction cache", () => {
  for (const threshold of [0, 1]) {
    it(`decodes pages whose frame numbers are equal modulo the slot count once${threshold ? " (each page compiled)" : ""}`, () => {
      setJitDefaults({ threshold, strict: true });
      const h = new Hart(96 << 20);
      const slots = h.ex.dcacheStat(2);
      expect(slots).toBeGreaterThanOrEqual(1024);
      // 16 pages, `slots` frames apart: one slot each, were slots picked by frame number.
      ring(h, 16, (i) => 1024 + i * slots, 50);
      h.runToTrap(100_000_000);
      expect(h.x("a0")).toBe(16n * 50n);
      expect(h.ex.dcacheStat(0)).toBe(16);
      expect(h.ex.dcacheStat(1)).toBe(0);
      // Compiled once each, too (compiled pages jump to each other without the interpreter).
      if (threshold) expect(h.jit.stats.compiles).toBe(16);
    });
  }

  it("runs code spread over more pages than it has slots, reusing the slots", () => {
    setJitDefaults({ threshold: 0, strict: true });
    const h = new Hart(64 << 20);
    const slots = h.ex.dcacheStat(2);
    const pages = slots + 64;
    ring(h, pages, (i) => 1024 + i, 3);
    h.runToTrap(100_000_000);
    expect(h.x("a0")).toBe(BigInt(pages * 3));
    // Every slot is used before any is taken from another page; a ring longer than the cache
    // then misses on every page.
    const claims = h.ex.dcacheStat(0);
    expect(claims).toBe(pages * 3);
    expect(h.ex.dcacheStat(1)).toBe(claims - slots);
  });
});
