// The user-visible register state of one thread.
import * as L from "../../../asm/layout.js";

/** ABI names of x0..x31, for diagnostics and the CPU panel. */
export const REG_NAMES = [
  "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
  "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
] as const;

export const REG = { ra: 1, sp: 2, gp: 3, tp: 4, a0: 10, a1: 11, a2: 12, a3: 13, a4: 14, a5: 15, a6: 16, a7: 17 } as const;

const PC = L.HART_PC / 8;
/** Whether this host stores a BigUint64Array's words little-endian (as RISC-V memory is). */
const LITTLE_ENDIAN = new Uint8Array(new BigUint64Array([1n]).buffer)[0] === 1;
/** Where a word's low and high 32-bit halves are in a Uint32Array over it. */
const LO = LITTLE_ENDIAN ? 0 : 1;
const HI = 1 - LO;
const FCSR = L.HART_FCSR / 8;

/**
 * Integer and FP registers, pc and fcsr of a thread, laid out exactly as the hart state block's
 * first HART_CONTEXT_WORDS words so that switching is one copy. Values are u64 as bigint.
 */
export class UserContext {
  readonly words = new BigUint64Array(L.HART_CONTEXT_WORDS);
  /** Set by UserMode.execute when it returns an exception: the cause (TRAP_*), the faulting
   *  address or instruction bits, and the access kind of a page fault. */
  trapCause = 0;
  trapValue = 0n;
  trapAccess = 0;

  reg(i: number): bigint {
    return this.words[i];
  }

  /** The words as little-endian 32-bit halves (the same memory): Number reads and writes
   *  without a BigInt made for each. Made on first use (a context restored from a snapshot
   *  taken before it existed has none yet). */
  private halvesView: Uint32Array | null = null;

  private get halves(): Uint32Array {
    return (this.halvesView ??= new Uint32Array(this.words.buffer, this.words.byteOffset, this.words.length * 2));
  }

  /** Register `i` as an unsigned Number: Number(reg(i)) (exact below 2^53, rounded above). */
  regNumber(i: number): number {
    const h = this.halves;
    return h[2 * i + LO] + h[2 * i + HI] * 2 ** 32;
  }

  /** Set register `i` to the 64-bit two's complement of `v`, a safe integer (a system call's
   *  return value, negative for -errno): setReg(i, BigInt(v)) without the BigInt. */
  setRegNumber(i: number, v: number): void {
    if (i === 0) return;
    const h = this.halves;
    h[2 * i + LO] = v >>> 0;
    h[2 * i + HI] = Math.floor(v / 2 ** 32) >>> 0;
  }

  /** pc += `n` (an instruction's length), wrapping at 2^64 as the BigInt setter does. */
  advancePc(n: number): void {
    const h = this.halves;
    const lo = h[2 * PC + LO] + n;
    h[2 * PC + LO] = lo >>> 0;
    if (lo > 0xffff_ffff) h[2 * PC + HI] = (h[2 * PC + HI] + 1) >>> 0;
  }

  setReg(i: number, v: bigint): void {
    if (i !== 0) this.words[i] = BigInt.asUintN(64, v);
  }

  freg(i: number): bigint {
    return this.words[32 + i];
  }

  setFreg(i: number, v: bigint): void {
    this.words[32 + i] = BigInt.asUintN(64, v);
  }

  get pc(): bigint {
    return this.words[PC];
  }

  set pc(v: bigint) {
    this.words[PC] = BigInt.asUintN(64, v);
  }

  get fcsr(): number {
    return Number(this.words[FCSR]);
  }

  set fcsr(v: number) {
    this.words[FCSR] = BigInt(v & 0xff);
  }

  /** Copy registers `first`..31 (x registers, or with `fp` the f registers) as 8-byte
   *  little-endian values into `dst` at `at`: a signal frame's register area in one copy
   *  instead of a 64-bit value at a time. */
  storeRegs(dst: Uint8Array, at: number, first: number, fp: boolean): void {
    const base = fp ? 32 : 0;
    if (LITTLE_ENDIAN) {
      dst.set(new Uint8Array(this.words.buffer, this.words.byteOffset + (base + first) * 8, (32 - first) * 8), at);
      return;
    }
    const view = new DataView(dst.buffer, dst.byteOffset, dst.byteLength);
    for (let i = first; i < 32; i++) view.setBigUint64(at + (i - first) * 8, this.words[base + i], true);
  }

  /** The reverse of storeRegs: registers `first`..31 from `src` at `at`. */
  loadRegs(src: Uint8Array, at: number, first: number, fp: boolean): void {
    const base = fp ? 32 : 0;
    if (LITTLE_ENDIAN) {
      new Uint8Array(this.words.buffer, this.words.byteOffset + (base + first) * 8, (32 - first) * 8).set(src.subarray(at, at + (32 - first) * 8));
      return;
    }
    const view = new DataView(src.buffer, src.byteOffset, src.byteLength);
    for (let i = first; i < 32; i++) this.words[base + i] = view.getBigUint64(at + (i - first) * 8, true);
  }

  /** Every register, pc and fcsr zero and no trap recorded, as a new context is: execve
   *  starts its thread over in the context it has (a 528-byte typed array is a costly thing
   *  to allocate, and every exec made one). */
  reset(): void {
    this.words.fill(0n);
    this.trapCause = 0;
    this.trapValue = 0n;
    this.trapAccess = 0;
  }

  /** A copy, for fork/clone. */
  clone(): UserContext {
    const c = new UserContext();
    c.words.set(this.words);
    return c;
  }
}
