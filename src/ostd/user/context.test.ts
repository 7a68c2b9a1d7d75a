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
});
