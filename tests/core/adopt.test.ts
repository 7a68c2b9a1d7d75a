// adopt(): a new instance of the core takes over a memory another instance ran (OSTD's
// Core.upgrade). The hart state, the LR reservation, the decoded cache and the retired count
// live in memory and carry over; the new instance's TLBs start empty.
import { afterAll, describe, expect, it } from "vitest";
import { Hart, DATA_VA, L } from "./harness.js";
import { jitDefaults, setJitDefaults } from "../../src/ostd/jit/index.js";

const savedJit = jitDefaults();
afterAll(() => setJitDefaults(savedJit));

/** A loop of n iterations (5 instructions each) through memory at s1. */
const loop = (n: number): string => `.option norvc
      li t0, 0
      li t1, ${n}
    1: addi t0, t0, 3
      sd t0, 0(s1)
      ld t2, 0(s1)
      addi t1, t1, -1
      bnez t1, 1b
      ecall`;
// Long enough to get its page compiled at a threshold of 1000.
const HOT_LOOP = loop(5000);

/** A Hart that has run HOT_LOOP until its page is compiled, and on a while. */
function hotLoopCompiled(): Hart {
  setJitDefaults({ threshold: 1000, strict: true });
  const h = new Hart();
  h.load(HOT_LOOP);
  h.setX("s1", DATA_VA);
  expect(h.run(12_000)).toBe(L.TRAP_BUDGET);
  return h;
}

/** Run HOT_LOOP halfway, switch instances (keeping compiled code or not), run it out. */
function hotLoopAcrossUpgrade(keepCompiled: boolean): { h: Hart; compilesBefore: number; callsEarly: number } {
  const h = hotLoopCompiled();
  const compilesBefore = h.jit.stats.compiles;
  h.upgrade(keepCompiled);
  expect(h.jit.table.length > 1).toBe(keepCompiled); // the kept page is installed before any run
  // Fewer instructions than the threshold: compiled code runs now only if it was kept.
  expect(h.run(500)).toBe(L.TRAP_BUDGET);
  const callsEarly = h.ex.jitCalls();
  h.runToTrap();
  return { h, compilesBefore, callsEarly };
}

describe("adopt", () => {
  it("keeps an LR reservation taken before the switch (the SC after it succeeds)", () => {
    const h = new Hart();
    h.load(`.option norvc
      lr.d a0, (s1)
      addi a0, a0, 1
      sc.d a1, a0, (s1)
      ecall`);
    h.setPhys64(0x200000, 41n);
    h.setX("s1", DATA_VA);
    expect(h.run(1)).toBe(L.TRAP_BUDGET); // the LR retired, the SC not yet
    h.upgrade();
    h.runToTrap();
    expect(h.x("a1")).toBe(0n);
    expect(h.phys64(0x200000)).toBe(42n);
    expect(h.instret).toBe(3n); // lr, addi, sc (a trapping ecall does not retire)
  });

  it("continues a loop at the same pc with the same registers and count, switching every few instructions", () => {
    const program = loop(500);
    const straight = new Hart();
    straight.load(program);
    straight.setX("s1", DATA_VA);
    straight.runToTrap();
    const moved = new Hart();
    moved.load(program);
    moved.setX("s1", DATA_VA);
    let switches = 0;
    while (moved.run(7) === L.TRAP_BUDGET) {
      moved.upgrade();
      switches++;
    }
    expect(switches).toBeGreaterThan(100);
    expect(moved.cause).toBe(straight.cause);
    expect(moved.pc).toBe(straight.pc);
    expect(moved.instret).toBe(straight.instret);
    for (const r of ["t0", "t1", "t2"]) expect(moved.x(r)).toBe(straight.x(r));
  });

  it("keeps compiled pages: the new instance runs them at once, compiled for it, not again", () => {
    const { h, compilesBefore, callsEarly } = hotLoopAcrossUpgrade(true);
    expect(compilesBefore).toBe(1);
    expect(callsEarly).toBeGreaterThan(0); // the new instance ran compiled code at once
    expect(h.jit.stats.compiles).toBe(1); //  and compiled nothing more (the count carries over)
    expect(h.x("t0")).toBe(15_000n);
    expect(h.instret).toBe(3n + 5000n * 5n); // li t1, 5000 is lui + addiw
  });

  it("forgets compiled pages when asked to (keepCompiled 0): they are compiled again once hot", () => {
    const { h, compilesBefore, callsEarly } = hotLoopAcrossUpgrade(false);
    expect(compilesBefore).toBe(1);
    expect(callsEarly).toBe(0);
    expect(h.jit.stats.compiles).toBe(2); // compiled again (the count, in memory, carries over)
    expect(h.x("t0")).toBe(15_000n);
    expect(h.instret).toBe(3n + 5000n * 5n); // li t1, 5000 is lui + addiw
  });

  it("drops, rather than calls, a kept page whose slot was reclaimed before the switch", () => {
    const h = hotLoopCompiled();
    // The host rewrites the code page (as exec reusing a frame does): its decoded and compiled
    // code goes, and the new instance must not install the old function for it.
    h.ex.invalidateCode(0x100000n, 4096n);
    h.upgrade(true);
    expect(h.jit.table.length).toBe(1); // nothing installed
    h.runToTrap();
    expect(h.x("t0")).toBe(15_000n);
    expect(h.instret).toBe(3n + 5000n * 5n); // li t1, 5000 is lui + addiw
  });
});
