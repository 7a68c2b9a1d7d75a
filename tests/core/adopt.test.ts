// adopt(): a new instance of the core takes over a memory another instance ran (OSTD's
// Core.upgrade). The hart state, the LR reservation, the decoded cache and the retired count
// live in memory and carry over; the new instance's TLBs start empty.
import { describe, expect, it } from "vitest";
import { Hart, DATA_VA, L } from "./harness.js";

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
    const program = `.option norvc
      li t0, 0
      li t1, 500
    1: addi t0, t0, 3
      sd t0, 0(s1)
      ld t2, 0(s1)
      addi t1, t1, -1
      bnez t1, 1b
      ecall`;
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
});
