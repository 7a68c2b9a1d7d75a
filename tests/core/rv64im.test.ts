// RV64I and M: every register-register and register-immediate operation against the
// BigInt reference model, plus LUI/AUIPC, loads and stores, branches and jumps.
import { describe, expect, it } from "vitest";
import { Hart, L, CODE_VA, DATA_VA } from "./harness.js";
import { operands, riOps, rrOps, sx32, u64 } from "./ref.js";

describe("RV64IM register-register", () => {
  const vals = operands();
  for (const op of Object.keys(rrOps)) {
    it(op, () => {
      const h = new Hart();
      // Also checks that a write to x0 is dropped.
      h.load(`.option norvc\n${op} a2, a0, a1\n${op} zero, a0, a1\necall`);
      for (const a of vals) {
        for (const b of vals) {
          h.setX("a0", a);
          h.setX("a1", b);
          h.pc = CODE_VA;
          expect(h.run(100)).toBe(L.TRAP_ECALL_U);
          const want = rrOps[op](a, b);
          if (h.x("a2") !== want) {
            throw new Error(`${op}(0x${a.toString(16)}, 0x${b.toString(16)}) = 0x${h.x("a2").toString(16)}, want 0x${want.toString(16)}`);
          }
          expect(h.x(0)).toBe(0n);
        }
      }
    });
  }
});

describe("RV64I register-immediate", () => {
  const vals = operands(6);
  const imms: Record<string, bigint[]> = {};
  const i12 = [0n, 1n, -1n, 2047n, -2048n, 0x555n, -0x2aan, 16n];
  for (const op of ["addi", "slti", "sltiu", "xori", "ori", "andi", "addiw"]) imms[op] = i12;
  for (const op of ["slli", "srli", "srai"]) imms[op] = [0n, 1n, 5n, 31n, 32n, 33n, 63n];
  for (const op of ["slliw", "srliw", "sraiw"]) imms[op] = [0n, 1n, 5n, 16n, 31n];
  for (const op of Object.keys(riOps)) {
    it(op, () => {
      const h = new Hart();
      const list = imms[op];
      // One instruction per immediate, results stored to DATA_VA.
      const body = list.map((imm, k) => `${op} a2, a0, ${imm}\nsd a2, ${8 * k}(s1)`).join("\n");
      h.load(`.option norvc\n${body}\necall`);
      for (const a of vals) {
        h.setX("a0", a);
        h.setX("s1", DATA_VA);
        h.pc = CODE_VA;
        expect(h.run(1000)).toBe(L.TRAP_ECALL_U);
        list.forEach((imm, k) => {
          const got = h.phys64(0x200000 + 8 * k);
          const want = riOps[op](a, imm);
          if (got !== want) throw new Error(`${op}(0x${a.toString(16)}, ${imm}) = 0x${got.toString(16)}, want 0x${want.toString(16)}`);
        });
      }
    });
  }
});

describe("RV64I upper immediates, jumps and branches", () => {
  it("lui and auipc sign-extend and use the pc", () => {
    const h = new Hart();
    h.load(`.option norvc\nlui a0, 0x80000\nlui a1, 0x7ffff\nauipc a2, 0\nauipc a3, 0xfffff\nauipc a4, 0x80000\necall`);
    h.runToTrap();
    expect(h.x("a0")).toBe(0xffffffff80000000n);
    expect(h.x("a1")).toBe(0x7ffff000n);
    expect(h.x("a2")).toBe(BigInt(CODE_VA + 8));
    expect(h.x("a3")).toBe(u64(BigInt(CODE_VA + 12) - 0x1000n));
    expect(h.x("a4")).toBe(u64(BigInt(CODE_VA + 16) - 0x80000000n));
  });

  it("jal, jalr link pc+4 (pc+2 for c.jalr) and jalr clears bit 0", () => {
    const h = new Hart();
    h.load(`.option norvc
      jal ra, 1f          # 0x10000
      li a0, 99           # skipped
    1: auipc t0, 0        # 0x10008
      addi t0, t0, 17     # t0 = 0x10019 (odd): target 0x10018
      jalr a1, 0(t0)      # 0x10010
      li a0, 98           # 0x10014 skipped
      li a2, 5            # 0x10018
      auipc t1, 0         # 0x1001c
      addi t1, t1, 12     # -> 0x10028
      .option rvc
      c.jalr t1           # 0x10024: ra = 0x10026
      c.nop               # 0x10026
      ecall               # 0x10028
    `);
    h.runToTrap();
    expect(h.x("a0")).toBe(0n);
    expect(h.x("a1")).toBe(0x10014n);
    expect(h.x("a2")).toBe(5n);
    expect(h.x("ra")).toBe(0x10026n);
    expect(h.pc).toBe(0x10028n);
  });

  const branches: [string, (a: bigint, b: bigint) => boolean][] = [
    ["beq", (a, b) => a === b],
    ["bne", (a, b) => a !== b],
    ["blt", (a, b) => BigInt.asIntN(64, a) < BigInt.asIntN(64, b)],
    ["bge", (a, b) => BigInt.asIntN(64, a) >= BigInt.asIntN(64, b)],
    ["bltu", (a, b) => a < b],
    ["bgeu", (a, b) => a >= b],
  ];
  const vals = [0n, 1n, 2n, 0xffffffffffffffffn, 0x8000000000000000n, 0x7fffffffffffffffn];
  for (const [op, f] of branches) {
    for (const far of [false, true]) {
      it(`${op} ${far ? "to another page" : "within the page"}, forwards and backwards`, () => {
        const h = new Hart();
        // Forward branch sets a3=1 if taken; a backward branch counts a loop.
        const pad = far ? ".skip 4096" : "";
        h.load(`.option norvc
          li a3, 0
          ${op} a0, a1, 1f
          li a3, 2
          j 2f
          ${pad}
        1: li a3, 1
        2: li a4, 0
          li a5, 3
          j 4f
          ${pad}
        3: addi a4, a4, 1
          addi a5, a5, -1
        4: bnez a5, 3b
          ecall`);
        for (const a of vals) {
          for (const b of vals) {
            h.setX("a0", a);
            h.setX("a1", b);
            h.pc = CODE_VA;
            h.runToTrap();
            expect(h.x("a3")).toBe(f(a, b) ? 1n : 2n);
            expect(h.x("a4")).toBe(3n);
          }
        }
      });
    }
  }
});

describe("RV64I loads and stores", () => {
  it("sign and zero extension of every load width", () => {
    const h = new Hart();
    h.load(`.option norvc
      lb a0, 0(s1)
      lbu a1, 0(s1)
      lh a2, 0(s1)
      lhu a3, 0(s1)
      lw a4, 0(s1)
      lwu a5, 0(s1)
      ld a6, 0(s1)
      lb a7, -1(s2)
      ecall`);
    h.setPhys64(0x200000, 0x80818283f4f5f6f7n);
    h.setX("s1", DATA_VA);
    h.setX("s2", DATA_VA + 8);
    h.runToTrap();
    expect(h.x("a0")).toBe(u64(-9n)); // 0xf7
    expect(h.x("a1")).toBe(0xf7n);
    expect(h.x("a2")).toBe(0xfffffffffffff6f7n);
    expect(h.x("a3")).toBe(0xf6f7n);
    expect(h.x("a4")).toBe(0xfffffffff4f5f6f7n);
    expect(h.x("a5")).toBe(0xf4f5f6f7n);
    expect(h.x("a6")).toBe(0x80818283f4f5f6f7n);
    expect(h.x("a7")).toBe(0xffffffffffffff80n);
  });

  it("stores of every width write exactly their bytes", () => {
    const h = new Hart();
    h.load(`.option norvc
      sb a0, 0(s1)
      sh a0, 8(s1)
      sw a0, 16(s1)
      sd a0, 24(s1)
      sd a0, -8(s2)
      ecall`);
    for (let i = 0; i < 5; i++) h.setPhys64(0x200000 + 8 * i, 0x1111111111111111n);
    h.setX("a0", 0x8899aabbccddeeffn);
    h.setX("s1", DATA_VA);
    h.setX("s2", DATA_VA + 40);
    h.runToTrap();
    expect(h.phys64(0x200000)).toBe(0x11111111111111ffn);
    expect(h.phys64(0x200008)).toBe(0x111111111111eeffn);
    expect(h.phys64(0x200010)).toBe(0x11111111ccddeeffn);
    expect(h.phys64(0x200018)).toBe(0x8899aabbccddeeffn);
    expect(h.phys64(0x200020)).toBe(0x8899aabbccddeeffn);
  });

  it("misaligned loads and stores within a page", () => {
    const h = new Hart();
    h.load(`.option norvc
      ld a0, 1(s1)
      lw a1, 3(s1)
      lh a2, 7(s1)
      lhu a3, 5(s1)
      sd a4, 33(s1)
      sw a4, 50(s1)
      sh a4, 61(s1)
      ecall`);
    const bytes = new Uint8Array(64).map((_, i) => 0x80 + i);
    h.writePhys(0x200000, bytes);
    h.setX("s1", DATA_VA);
    h.setX("a4", 0x0102030405060708n);
    h.runToTrap();
    expect(h.x("a0")).toBe(0x8887868584838281n);
    expect(h.x("a1")).toBe(0xffffffff86858483n);
    expect(h.x("a2")).toBe(0xffffffffffff8887n);
    expect(h.x("a3")).toBe(0x8685n);
    expect(Array.from(h.readPhys(0x200000 + 33, 8))).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    expect(Array.from(h.readPhys(0x200000 + 50, 4))).toEqual([8, 7, 6, 5]);
    expect(Array.from(h.readPhys(0x200000 + 61, 2))).toEqual([8, 7]);
  });

  it("misaligned accesses crossing into a page mapped to an unrelated frame", () => {
    const h = new Hart();
    h.load(`.option norvc
      ld a0, -3(s1)
      lw a1, -1(s1)
      lhu a2, -1(s1)
      sd a4, -5(s2)
      sh a4, -1(s2)
      ecall`);
    const VA = 0x500000;
    // Two virtually adjacent pages on physical frames in reverse order.
    h.map(VA, 0x601000, L.PTE_R | L.PTE_W | L.PTE_U);
    h.map(VA + 0x1000, 0x600000, L.PTE_R | L.PTE_W | L.PTE_U);
    h.writePhys(0x601ff8, Uint8Array.from([0, 0, 0, 0, 0, 0xa1, 0xa2, 0xa3]));
    h.writePhys(0x600000, Uint8Array.from([0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5]));
    h.setX("s1", VA + 0x1000);
    h.setX("s2", VA + 0x1000);
    h.setX("a4", 0x1122334455667788n);
    h.runToTrap();
    expect(h.x("a0")).toBe(0xb4b3b2b1b0a3a2a1n);
    expect(h.x("a1")).toBe(0xffffffffb2b1b0a3n);
    expect(h.x("a2")).toBe(0xb0a3n);
    // sd at page end - 5: 5 bytes in frame 0x601000, 3 in 0x600000; then sh at -1 overwrites 2 bytes.
    expect(Array.from(h.readPhys(0x601ffb, 5))).toEqual([0x88, 0x77, 0x66, 0x55, 0x88]);
    expect(Array.from(h.readPhys(0x600000, 3))).toEqual([0x77, 0x22, 0x11]);
  });
});

describe("M extension corner cases in W forms", () => {
  it("divw overflow and division by zero", () => {
    const h = new Hart();
    h.load(`.option norvc
      li a0, -2147483648
      li a1, -1
      divw a2, a0, a1
      remw a3, a0, a1
      divuw a4, a0, zero
      remuw a5, a0, zero
      div a6, a0, zero
      rem a7, a0, zero
      ecall`);
    h.runToTrap();
    expect(h.x("a2")).toBe(sx32(0x80000000n));
    expect(h.x("a3")).toBe(0n);
    expect(h.x("a4")).toBe(0xffffffffffffffffn);
    expect(h.x("a5")).toBe(0xffffffff80000000n);
    expect(h.x("a6")).toBe(0xffffffffffffffffn);
    expect(h.x("a7")).toBe(0xffffffff80000000n);
  });
});
