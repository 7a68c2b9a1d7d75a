// Do a signal frame's register copies keep every register, in the frame's byte order?
import { describe, expect, it } from "vitest";
import { UserContext } from "./context.js";

describe("UserContext register copies", () => {
  it("stores and loads x1..x31 and f0..f31 as little-endian 8-byte values", () => {
    const ctx = new UserContext();
    for (let i = 1; i < 32; i++) ctx.setReg(i, (BigInt(i) << 56n) | 0x0102_0304_0506n);
    for (let i = 0; i < 32; i++) ctx.setFreg(i, 0xfff0_0000_0000_0000n + BigInt(i));
    const frame = new Uint8Array(600);
    ctx.storeRegs(frame, 8, 1, false);
    ctx.storeRegs(frame, 300, 0, true);
    const view = new DataView(frame.buffer);
    expect(view.getBigUint64(0, true)).toBe(0n); // before the first stored register
    for (let i = 1; i < 32; i++) expect(view.getBigUint64(8 + (i - 1) * 8, true)).toBe(ctx.reg(i));
    for (let i = 0; i < 32; i++) expect(view.getBigUint64(300 + i * 8, true)).toBe(ctx.freg(i));
    const back = new UserContext();
    back.loadRegs(frame, 8, 1, false);
    back.loadRegs(frame, 300, 0, true);
    expect(back.reg(0)).toBe(0n);
    expect([...back.words]).toEqual([...ctx.words]);
  });

  it("reads and writes registers and pc as Numbers exactly as the BigInt accessors do", () => {
    const ctx = new UserContext();
    const values = [0, 1, -1, 4, -4095, 2 ** 31, -(2 ** 31), 2 ** 32 - 1, 2 ** 32, -(2 ** 32), 2 ** 38 + 5, 2 ** 53 - 1, -(2 ** 53 - 1), -0];
    for (const v of values) {
      ctx.setRegNumber(10, v);
      expect(ctx.reg(10)).toBe(BigInt.asUintN(64, BigInt(v)));
      ctx.setReg(11, BigInt(v));
      expect(ctx.regNumber(11)).toBe(Number(BigInt.asUintN(64, BigInt(v))));
    }
    ctx.setRegNumber(0, 5);
    expect(ctx.reg(0)).toBe(0n);
    for (const pc of [0n, 0x1_0000n, 0xffff_fffcn, 0xffff_fffen, 0x3f_ffff_fffcn, 0xffff_ffff_ffff_fffcn]) {
      ctx.pc = pc;
      ctx.advancePc(4);
      expect(ctx.pc).toBe(BigInt.asUintN(64, pc + 4n));
    }
    ctx.setReg(5, 123n);
    ctx.trapCause = 13;
    ctx.reset();
    expect([...ctx.words].every((w) => w === 0n)).toBe(true);
    expect(ctx.trapCause).toBe(0);
  });
});
