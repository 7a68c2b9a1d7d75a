// Sv39 translation: faults with tval and access kind, permissions, A/D write-back,
// superpages, access faults outside RAM, page-straddling fetches, TLB flushes.
import { describe, expect, it } from "vitest";
import { Hart, L, CODE_VA, DATA_VA, R, W, X, U, A, D, assemble } from "./harness.js";

const PF_LOAD = L.TRAP_LOAD_PAGE_FAULT;
const PF_STORE = L.TRAP_STORE_PAGE_FAULT;
const PF_FETCH = L.TRAP_INSTR_PAGE_FAULT;

function expectFault(h: Hart, code: number, tval: bigint | number, access: number, pc: bigint | number, retired: bigint): void {
  expect(h.run(1000)).toBe(code);
  expect(h.cause).toBe(BigInt(code));
  expect(h.tval).toBe(BigInt(tval));
  expect(h.access).toBe(BigInt(access));
  expect(h.pc).toBe(BigInt(pc));
  expect(h.instret).toBe(retired);
}

describe("Sv39 faults", () => {
  it("load from an unmapped page", () => {
    const h = new Hart();
    h.load(`.option norvc\nli a0, 1\nld a1, 8(s1)\necall`);
    h.setX("s1", 0x900000);
    expectFault(h, PF_LOAD, 0x900008, L.ACCESS_READ, CODE_VA + 4, 1n);
    expect(h.x("a1")).toBe(0n);
  });

  it("store to a read-only page, then to an unmapped one", () => {
    const h = new Hart();
    h.load(`.option norvc\nsw a0, 4(s1)\necall`);
    h.map(0x900000, 0x500000, R | U);
    h.setX("s1", 0x900000);
    expectFault(h, PF_STORE, 0x900004, L.ACCESS_WRITE, CODE_VA, 0n);
    h.setX("s1", 0xa00000);
    expectFault(h, PF_STORE, 0xa00004, L.ACCESS_WRITE, CODE_VA, 0n);
  });

  it("fetch from a page without X, and from an unmapped page", () => {
    const h = new Hart();
    h.load(`.option norvc\njr s1`);
    h.setX("s1", DATA_VA + 0x100);
    expectFault(h, PF_FETCH, DATA_VA + 0x100, L.ACCESS_EXECUTE, DATA_VA + 0x100, 1n);
    h.pc = CODE_VA;
    h.setX("s1", 0x12345000);
    expectFault(h, PF_FETCH, 0x12345000, L.ACCESS_EXECUTE, 0x12345000, 2n);
  });

  it("U bit missing: user accesses fault", () => {
    const h = new Hart();
    h.load(`.option norvc\nlw a0, 0(s1)\necall`);
    h.map(0x900000, 0x500000, R | W);
    h.setX("s1", 0x900000);
    expectFault(h, PF_LOAD, 0x900000, L.ACCESS_READ, CODE_VA, 0n);
  });

  it("code page without U cannot be executed", () => {
    const h = new Hart();
    h.load(`nop\necall`, { codeFlags: R | X });
    expectFault(h, PF_FETCH, CODE_VA, L.ACCESS_EXECUTE, CODE_VA, 0n);
  });

  it("W without R is reserved: both loads and stores fault", () => {
    const h = new Hart();
    h.load(`.option norvc\nsw a0, 0(s1)\nlw a0, 0(s1)\necall`);
    h.map(0x900000, 0x500000, W | U);
    h.setX("s1", 0x900000);
    expectFault(h, PF_STORE, 0x900000, L.ACCESS_WRITE, CODE_VA, 0n);
  });

  it("reserved PTE bits 63..54 fault", () => {
    const h = new Hart();
    h.load(`.option norvc\nlw a0, 0(s1)\necall`);
    const addr = h.map(0x900000, 0x500000, R | U);
    h.setPhys64(addr, h.phys64(addr) | (1n << 61n));
    h.setX("s1", 0x900000);
    expectFault(h, PF_LOAD, 0x900000, L.ACCESS_READ, CODE_VA, 0n);
  });

  it("non-canonical virtual addresses fault", () => {
    const h = new Hart();
    h.load(`.option norvc\nld a0, 0(s1)\necall`);
    h.setX("s1", 0x0000008000000000n); // bit 39 set, bit 38 clear
    expectFault(h, PF_LOAD, 0x0000008000000000n, L.ACCESS_READ, CODE_VA, 0n);
    h.setX("s1", 0xffffffc000000000n); // canonical but unmapped
    expectFault(h, PF_LOAD, 0xffffffc000000000n, L.ACCESS_READ, CODE_VA, 0n);
    h.setX("s1", 0xffffff8000000000n); // bit 38 clear, upper set: non-canonical
    expectFault(h, PF_LOAD, 0xffffff8000000000n, L.ACCESS_READ, CODE_VA, 0n);
  });

  it("canonical high-half addresses translate", () => {
    const h = new Hart();
    h.load(`.option norvc\nld a0, 0(s1)\necall`);
    h.map(0xffffffffff000000n, 0x500000, R | U);
    h.setPhys64(0x500000, 0x1234n);
    h.setX("s1", 0xffffffffff000000n);
    h.runToTrap();
    expect(h.x("a0")).toBe(0x1234n);
  });

  it("satp mode other than Sv39 faults", () => {
    const h = new Hart();
    h.load(`nop\necall`);
    h.satp = h.satp & ((1n << 60n) - 1n);
    expectFault(h, PF_FETCH, CODE_VA, L.ACCESS_EXECUTE, CODE_VA, 0n);
  });

  it("a leaf PPN outside RAM is an access fault; so is a table outside RAM", () => {
    const h = new Hart();
    h.load(`.option norvc\nld a0, 0(s1)\necall`);
    h.map(0x900000, h.ramBytes + 0x1000, R | U);
    h.setX("s1", 0x900000);
    expectFault(h, L.TRAP_LOAD_ACCESS, 0x900000, L.ACCESS_READ, CODE_VA, 0n);
    // A level-1 non-leaf PTE pointing beyond RAM.
    const l1 = h.pteAddr(0x40000000, 1);
    h.setPhys64(l1, (BigInt((h.ramBytes + 0x10000) >>> 12) << 10n) | 1n);
    h.setX("s1", 0x40000000);
    expectFault(h, L.TRAP_LOAD_ACCESS, 0x40000000, L.ACCESS_READ, CODE_VA, 0n);
    // Store through a leaf outside RAM.
    h.load(`.option norvc\nsd a0, 0(s1)\necall`);
    h.setX("s1", 0x900000);
    h.map(0x900000, h.ramBytes + 0x1000, R | W | U);
    h.ex.flushTlb();
    expectFault(h, L.TRAP_STORE_ACCESS, 0x900000, L.ACCESS_WRITE, CODE_VA, 0n);
  });

  it("misaligned load crossing into an unmapped page faults on the second page", () => {
    const h = new Hart();
    h.load(`.option norvc\nld a0, -4(s1)\necall`);
    h.setX("s1", DATA_VA + 0x10000); // the data region is 64 KiB
    expectFault(h, PF_LOAD, DATA_VA + 0x10000, L.ACCESS_READ, CODE_VA, 0n);
  });

  it("misaligned store crossing into a read-only page faults and writes nothing", () => {
    const h = new Hart();
    h.load(`.option norvc\nsd a0, -2(s1)\necall`);
    h.map(0x901000, 0x501000, R | U);
    h.map(0x900000, 0x500000, R | W | U);
    h.setPhys64(0x500ff8, 0n);
    h.setX("s1", 0x901000);
    h.setX("a0", -1n);
    expectFault(h, PF_STORE, 0x901000, L.ACCESS_WRITE, CODE_VA, 0n);
    expect(h.phys64(0x500ff8)).toBe(0n);
  });
});

describe("Sv39 A/D bits and superpages", () => {
  it("A is set on loads and fetches, D only on stores", () => {
    const h = new Hart();
    h.load(`.option norvc\nld a0, 0(s1)\nsd a0, 0(s2)\necall`);
    const pa1 = h.map(0x900000, 0x500000, R | W | U);
    const pa2 = h.map(0x901000, 0x501000, R | W | U);
    h.setX("s1", 0x900000);
    h.setX("s2", 0x901000);
    const codePte = h.pteAddr(CODE_VA);
    expect(h.phys64(codePte) & BigInt(A)).toBe(0n);
    h.runToTrap();
    expect(h.phys64(pa1) & BigInt(A | D)).toBe(BigInt(A));
    expect(h.phys64(pa2) & BigInt(A | D)).toBe(BigInt(A | D));
    expect(h.phys64(codePte) & BigInt(A | D)).toBe(BigInt(A));
  });

  it("a store to a page read before (A set, D clear) still sets D", () => {
    const h = new Hart();
    h.load(`.option norvc\nld a0, 0(s1)\nsd a0, 8(s1)\nld a1, 8(s1)\necall`);
    const p = h.map(0x900000, 0x500000, R | W | U);
    h.setPhys64(0x500000, 77n);
    h.setX("s1", 0x900000);
    h.runToTrap();
    expect(h.phys64(p) & BigInt(A | D)).toBe(BigInt(A | D));
    expect(h.x("a1")).toBe(77n);
  });

  it("2 MiB and 1 GiB pages, and misaligned superpages fault", () => {
    const h = new Hart();
    h.load(`.option norvc\nld a0, 0(s1)\nld a1, 0(s2)\necall`);
    h.map(0x40000000, 0x0, R | U, 1); // 2 MiB at VA 1 GiB -> PA 0
    h.map(0x80000000, 0x0, R | U, 2); // 1 GiB at VA 2 GiB -> PA 0
    h.setPhys64(0x123458, 0xabcdn);
    h.setX("s1", 0x40123458);
    h.setX("s2", 0x80123458);
    h.runToTrap();
    expect(h.x("a0")).toBe(0xabcdn);
    expect(h.x("a1")).toBe(0xabcdn);
    h.map(0xc0000000, 0x1000, R | U, 2); // gigapage with PPN[1:0] != 0
    h.map(0x40200000, 0x1000, R | U, 1); // megapage with PPN[0] != 0
    h.pc = CODE_VA;
    h.setX("s1", 0xc0000010);
    expectFault(h, PF_LOAD, 0xc0000010, L.ACCESS_READ, CODE_VA, 2n);
    h.setX("s1", 0x40200010);
    expectFault(h, PF_LOAD, 0x40200010, L.ACCESS_READ, CODE_VA, 2n);
  });

  it("a non-leaf PTE at level 0 faults", () => {
    const h = new Hart();
    h.load(`.option norvc\nld a0, 0(s1)\necall`);
    h.map(0x900000, 0x500000, 0); // V only: a pointer at the last level
    h.setX("s1", 0x900000);
    expectFault(h, PF_LOAD, 0x900000, L.ACCESS_READ, CODE_VA, 0n);
  });
});

describe("TLB maintenance", () => {
  it("flushTlbPage and flushTlb make PTE changes visible", () => {
    const h = new Hart();
    h.load(`.option norvc\nld a0, 0(s1)\necall`);
    h.map(0x900000, 0x500000, R | U);
    h.setPhys64(0x500000, 1n);
    h.setPhys64(0x510000, 2n);
    h.setX("s1", 0x900000);
    h.runToTrap();
    expect(h.x("a0")).toBe(1n);
    h.map(0x900000, 0x510000, R | U);
    h.ex.flushTlbPage(0x900000n);
    h.pc = CODE_VA;
    h.runToTrap();
    expect(h.x("a0")).toBe(2n);
    // Unmap: the load must fault after a full flush.
    h.setPhys64(h.pteAddr(0x900000), 0n);
    h.ex.flushTlb();
    h.pc = CODE_VA;
    expectFault(h, PF_LOAD, 0x900000, L.ACCESS_READ, CODE_VA, 2n);
  });

  it("a write-protect after a store takes effect after flushTlbPage (copy-on-write)", () => {
    const h = new Hart();
    h.load(`.option norvc\nsd a0, 0(s1)\necall`);
    h.map(0x900000, 0x500000, R | W | U);
    h.setX("s1", 0x900000);
    h.setX("a0", 5n);
    h.runToTrap();
    expect(h.phys64(0x500000)).toBe(5n);
    h.map(0x900000, 0x500000, R | U | A);
    h.ex.flushTlbPage(0x900000n);
    h.pc = CODE_VA;
    expectFault(h, PF_STORE, 0x900000, L.ACCESS_WRITE, CODE_VA, 1n);
    // The kernel gives a new writable frame and resumes.
    h.map(0x900000, 0x520000, R | W | U);
    h.ex.flushTlbPage(0x900000n);
    h.runToTrap();
    expect(h.phys64(0x520000)).toBe(5n);
  });

  it("new code mapped at the same virtual page after flushTlb runs", () => {
    const h = new Hart();
    h.load(`.option norvc\nli a0, 1\necall`);
    h.runToTrap();
    expect(h.x("a0")).toBe(1n);
    const code2 = assemble(".option norvc\nli a0, 2\necall", CODE_VA);
    h.writePhys(0x180000, code2);
    h.map(CODE_VA, 0x180000, R | X | U);
    h.ex.flushTlb();
    h.pc = CODE_VA;
    h.runToTrap();
    expect(h.x("a0")).toBe(2n);
  });
});

describe("instructions straddling a page boundary", () => {
  // c.nop at 0x20ffc, c.nop at 0x20ffe? No: a 32-bit addi at 0x20ffe, its upper half in the
  // next virtual page, which lives in an unrelated physical frame.
  function setup(h: Hart, mapSecond: boolean): void {
    h.map(0x20000, 0x700000, R | X | U);
    if (mapSecond) h.map(0x21000, 0x650000, R | X | U);
    const addi = 0x00550513; // addi a0, a0, 5
    h.writePhys(0x700ffc, Uint8Array.from([0x01, 0x00, addi & 0xff, (addi >> 8) & 0xff]));
    h.writePhys(0x650000, Uint8Array.from([(addi >> 16) & 0xff, addi >>> 24, 0x73, 0, 0, 0])); // then ecall
    h.pc = 0x20ffc;
    h.setX("a0", 1n);
  }

  it("executes correctly, also when stepping", () => {
    const h = new Hart();
    setup(h, true);
    expect(h.run(100)).toBe(L.TRAP_ECALL_U);
    expect(h.x("a0")).toBe(6n);
    expect(h.pc).toBe(0x21002n);
    expect(h.instret).toBe(2n);
    // Again, one instruction per run().
    h.pc = 0x20ffc;
    expect(h.run(1)).toBe(L.TRAP_BUDGET);
    expect(h.pc).toBe(0x20ffen);
    expect(h.run(1)).toBe(L.TRAP_BUDGET);
    expect(h.pc).toBe(0x21002n);
    expect(h.x("a0")).toBe(11n);
    expect(h.run(1)).toBe(L.TRAP_ECALL_U);
  });

  it("faults with tval = the second page when it is unmapped", () => {
    const h = new Hart();
    setup(h, false);
    expectFault(h, PF_FETCH, 0x21000, L.ACCESS_EXECUTE, 0x20ffe, 1n);
  });

  it("sees a new upper half after the host rewrites it", () => {
    const h = new Hart();
    setup(h, true);
    h.runToTrap();
    const addi7 = 0x00750513; // addi a0, a0, 7: differs in the upper half only
    h.writePhys(0x650000, Uint8Array.from([(addi7 >> 16) & 0xff, addi7 >>> 24]));
    h.pc = 0x20ffc;
    h.runToTrap();
    expect(h.x("a0")).toBe(13n);
  });
});

describe("data region sanity", () => {
  it("stack and data mappings from the harness work", () => {
    const h = new Hart();
    h.load(`.option norvc\naddi sp, sp, -16\nsd s1, 8(sp)\nld a0, 8(sp)\necall`);
    h.setX("s1", DATA_VA);
    h.runToTrap();
    expect(h.x("a0")).toBe(BigInt(DATA_VA));
  });
});

describe("address-space switch", () => {
  it("a satp change without flushTlb still translates through the new table", () => {
    const h = new Hart();
    h.load(`.option norvc\nld a0, 0(s1)\necall`);
    h.map(0x900000, 0x500000, R | U);
    h.setPhys64(0x500000, 1n);
    h.setX("s1", 0x900000);
    h.runToTrap();
    expect(h.x("a0")).toBe(1n);
    // A second root table: same code mapping, the data page on another frame.
    const root2 = h.allocFrame();
    const root1 = h.root;
    (h as unknown as { root: number }).root = root2;
    h.mapRange(CODE_VA, 0x100000, 0x2000, R | X | U);
    h.map(0x900000, 0x510000, R | U);
    h.setPhys64(0x510000, 2n);
    h.satp = (8n << 60n) | BigInt(root2 >>> 12);
    h.pc = CODE_VA;
    h.runToTrap();
    expect(h.x("a0")).toBe(2n);
    h.satp = (8n << 60n) | BigInt(root1 >>> 12);
    h.pc = CODE_VA;
    h.runToTrap();
    expect(h.x("a0")).toBe(1n);
  });
});
