import { describe, expect, it } from "vitest";
import { Hart, L } from "./harness.js";

describe("smoke", () => {
  it("runs a few instructions to ecall", () => {
    const h = new Hart();
    h.load(`
      li a0, 5
      li a1, 7
      add a2, a0, a1
      ecall
    `);
    expect(h.runToTrap()).toBe(L.TRAP_ECALL_U);
    expect(h.x("a2")).toBe(12n);
    expect(h.instret).toBe(3n);
    expect(h.pc).toBe(BigInt(0x10000 + 8)); // li, li (RVC), add (32-bit)
  });
});
