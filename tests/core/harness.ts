// Drives build/core.wasm directly (no kernel): RAM, a Sv39 page table built here, machine
// code from the cross assembler, registers through the state block (asm/layout.ts).
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import * as L from "../../asm/layout.js";
import { Jit, type JitCoreExports } from "../../src/ostd/jit/index.js";

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const wasmPath = join(repoRoot, "build", "core.wasm");
const asmCache = join(repoRoot, "build", "core-tests");

let cachedModule: WebAssembly.Module | null = null;

/** Build the core if needed (the build script skips up-to-date outputs) and compile it. */
export function coreModule(): WebAssembly.Module {
  if (cachedModule) return cachedModule;
  execFileSync(process.execPath, [join(repoRoot, "scripts", "build.mjs"), "--asm"], { cwd: repoRoot, stdio: "inherit" });
  cachedModule = new WebAssembly.Module(readFileSync(wasmPath));
  return cachedModule;
}

/**
 * Assemble RV64GC source placed at virtual address `base` (linked with ld so labels, la
 * and call work) and return the raw bytes. Cached by content. Plain instructions may be
 * compressed by the assembler; use `.option norvc` / `.option rvc` or c.* mnemonics to pin.
 */
export function assemble(src: string, base = 0x10000): Uint8Array {
  const text = `.option norelax\n.text\n.globl _start\n_start:\n${src}\n`;
  const hash = createHash("sha256").update(text).update(String(base)).digest("hex").slice(0, 20);
  const out = join(asmCache, `${hash}.bin`);
  if (!existsSync(out)) {
    mkdirSync(asmCache, { recursive: true });
    const tmp = join(asmCache, `${hash}.${process.pid}`);
    writeFileSync(`${tmp}.s`, text);
    try {
      execFileSync("riscv64-linux-gnu-as", ["-march=rv64gc", "-mabi=lp64d", "-o", `${tmp}.o`, `${tmp}.s`], { stdio: "pipe" });
      execFileSync("riscv64-linux-gnu-ld", ["-Ttext", `0x${base.toString(16)}`, "-e", "_start", "--no-relax", "-o", `${tmp}.elf`, `${tmp}.o`], { stdio: "pipe" });
      execFileSync("riscv64-linux-gnu-objcopy", ["-O", "binary", "-j", ".text", `${tmp}.elf`, `${tmp}.bin`], { stdio: "pipe" });
    } catch (err) {
      const e = err as { stderr?: Buffer };
      throw new Error(`assembly failed: ${e.stderr?.toString() ?? String(err)}\n${text}`);
    }
    renameSync(`${tmp}.bin`, out);
  }
  return new Uint8Array(readFileSync(out));
}

export const U = L.PTE_U;
export const R = L.PTE_R;
export const W = L.PTE_W;
export const X = L.PTE_X;
export const V = L.PTE_V;
export const A = L.PTE_A;
export const D = L.PTE_D;

const NAMES = ["zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7",
  "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"];

/** Register number from an ABI name or "xN". */
export function reg(name: string | number): number {
  if (typeof name === "number") return name;
  if (/^x\d+$/.test(name)) return Number(name.slice(1));
  if (name === "fp") return 8;
  const i = NAMES.indexOf(name);
  if (i < 0) throw new Error(`unknown register ${name}`);
  return i;
}

interface CoreExports extends JitCoreExports {
  init(ramBytes: number): void;
  adopt(ramBytes: number, keepCompiled: number): void;
  run(budget: number): number;
  flushTlb(): void;
  flushTlbPage(va: bigint): void;
  invalidateCode(paddr: bigint, len: bigint): void;
  jitCalls(): number;
  dcacheStat(k: number): number;
}

export const CODE_VA = 0x10000;
export const DATA_VA = 0x400000;
export const STACK_TOP = 0x7fff0000;

/** One hart plus guest RAM and a page table owned by the test. */
export class Hart {
  ex: CoreExports;
  readonly memory: WebAssembly.Memory;
  readonly ramBytes: number;
  private nextFrame: number;
  readonly root: number;
  /** The JIT tier, configured by ASTER_JIT or setJitDefaults (src/ostd/jit). */
  jit: Jit;

  constructor(ramBytes = 32 << 20) {
    const memory = new WebAssembly.Memory({ initial: (L.RAM_BASE + ramBytes) / 65536, maximum: 65536 });
    this.memory = memory;
    this.jit = new Jit();
    const inst = new WebAssembly.Instance(coreModule(), { env: { abort: () => { throw new Error("core abort"); }, memory, ...this.jit.imports() } });
    this.ex = inst.exports as unknown as CoreExports;
    this.ex.init(ramBytes);
    this.jit.attach(this.ex, memory);
    this.ramBytes = ramBytes;
    // Page-table frames come from the top of RAM downwards; test data lives low.
    this.nextFrame = ramBytes - L.PAGE_SIZE;
    this.root = this.allocFrame();
    this.satp = (8n << 60n) | BigInt(this.root >>> 12);
  }

  /** Continue on a new instance of the core over the same memory (OSTD's Core.upgrade);
   *  `keepCompiled`: the new JIT tier takes over the pages compiled so far, as Core does. */
  upgrade(keepCompiled = true): void {
    const jit = new Jit(undefined, this.jit.generation + 1);
    const inst = new WebAssembly.Instance(coreModule(), { env: { abort: () => { throw new Error("core abort"); }, memory: this.memory, ...jit.imports() } });
    this.ex = inst.exports as unknown as CoreExports;
    this.ex.adopt(this.ramBytes, keepCompiled ? 1 : 0);
    jit.attach(this.ex, this.memory);
    if (keepCompiled) jit.adopt(this.jit);
    this.jit = jit;
  }

  get dv(): DataView {
    return new DataView(this.memory.buffer);
  }
  get bytes(): Uint8Array {
    return new Uint8Array(this.memory.buffer);
  }

  private s64(off: number): bigint {
    return this.dv.getBigUint64(L.STATE_BASE + off, true);
  }
  private set64(off: number, v: bigint): void {
    this.dv.setBigUint64(L.STATE_BASE + off, BigInt.asUintN(64, v), true);
  }

  x(r: string | number): bigint { return this.s64(L.HART_X + 8 * reg(r)); }
  xs(r: string | number): bigint { return BigInt.asIntN(64, this.x(r)); }
  setX(r: string | number, v: bigint | number): void {
    const n = reg(r);
    if (n === 0) throw new Error("x0 is not writable");
    this.set64(L.HART_X + 8 * n, BigInt(v));
  }
  f(r: number): bigint { return this.s64(L.HART_F + 8 * r); }
  setF(r: number, v: bigint): void { this.set64(L.HART_F + 8 * r, v); }
  get pc(): bigint { return this.s64(L.HART_PC); }
  set pc(v: bigint | number) { this.set64(L.HART_PC, BigInt(v)); }
  get fcsr(): bigint { return this.s64(L.HART_FCSR); }
  set fcsr(v: bigint) { this.set64(L.HART_FCSR, v); }
  get satp(): bigint { return this.s64(L.HART_SATP); }
  set satp(v: bigint) { this.set64(L.HART_SATP, v); }
  get instret(): bigint { return this.s64(L.HART_INSTRET); }
  get cause(): bigint { return this.s64(L.HART_CAUSE); }
  get tval(): bigint { return this.s64(L.HART_TVAL); }
  get access(): bigint { return this.s64(L.HART_ACCESS); }
  get reservation(): bigint { return this.s64(L.HART_RESERVATION); }
  set reservation(v: bigint) { this.set64(L.HART_RESERVATION, v); }
  get timeOffset(): bigint { return this.s64(L.HART_TIME_OFFSET); }
  set timeOffset(v: bigint) { this.set64(L.HART_TIME_OFFSET, v); }

  run(budget: number): number {
    return this.jit.run(budget);
  }

  // ---- physical memory
  writePhys(pa: number, data: Uint8Array, invalidate = true): void {
    this.bytes.set(data, L.RAM_BASE + pa);
    if (invalidate) this.ex.invalidateCode(BigInt(pa), BigInt(data.length));
  }
  readPhys(pa: number, n: number): Uint8Array {
    return this.bytes.slice(L.RAM_BASE + pa, L.RAM_BASE + pa + n);
  }
  phys64(pa: number): bigint { return this.dv.getBigUint64(L.RAM_BASE + pa, true); }
  setPhys64(pa: number, v: bigint): void { this.dv.setBigUint64(L.RAM_BASE + pa, BigInt.asUintN(64, v), true); }
  phys32(pa: number): number { return this.dv.getUint32(L.RAM_BASE + pa, true); }
  setPhys32(pa: number, v: number): void { this.dv.setUint32(L.RAM_BASE + pa, v >>> 0, true); }

  allocFrame(): number {
    const f = this.nextFrame;
    this.nextFrame -= L.PAGE_SIZE;
    this.bytes.fill(0, L.RAM_BASE + f, L.RAM_BASE + f + L.PAGE_SIZE);
    return f;
  }

  /** Physical address of the PTE for va at `level` (2 = root), creating tables on the way. */
  pteAddr(va: number | bigint, level = 0): number {
    const v = BigInt(va);
    let table = this.root;
    for (let l = 2; l > level; l--) {
      const idx = Number((v >> BigInt(12 + 9 * l)) & 511n);
      const addr = table + idx * 8;
      let pte = this.phys64(addr);
      if ((pte & 1n) === 0n) {
        const t = this.allocFrame();
        pte = (BigInt(t >>> 12) << 10n) | 1n;
        this.setPhys64(addr, pte);
      }
      table = Number((pte >> 10n) & ((1n << 44n) - 1n)) << 12;
    }
    return table + Number((v >> BigInt(12 + 9 * level)) & 511n) * 8;
  }

  /** Map the page (or superpage, level 1/2) holding va to pa with PTE flags (V added). */
  map(va: number | bigint, pa: number, flags: number, level = 0): number {
    const addr = this.pteAddr(va, level);
    this.setPhys64(addr, (BigInt(pa >>> 12) << 10n) | BigInt(flags | V));
    return addr;
  }

  /** Map [va, va + len) to [pa, ...) with 4 KiB pages. */
  mapRange(va: number, pa: number, len: number, flags: number): void {
    for (let off = 0; off < len; off += L.PAGE_SIZE) this.map(va + off, pa + off, flags);
  }

  pte(va: number | bigint, level = 0): bigint {
    return this.phys64(this.pteAddr(va, level));
  }

  /**
   * Load `src` (assembly) at CODE_VA -> physical 0x100000, map a data region DATA_VA ->
   * 0x200000 (64 KiB, RW) and a stack below STACK_TOP -> 0x300000, set sp and pc.
   */
  load(src: string, opts: { codeFlags?: number; base?: number } = {}): Uint8Array {
    const base = opts.base ?? CODE_VA;
    const code = assemble(src, base);
    const codePa = 0x100000 + (base & 0xfff);
    const pages = Math.ceil(((base & 0xfff) + code.length) / 4096) + 1;
    this.mapRange(base & ~0xfff, 0x100000, pages * 4096, opts.codeFlags ?? (R | X | U));
    this.writePhys(codePa, code);
    this.mapRange(DATA_VA, 0x200000, 0x10000, R | W | U);
    this.mapRange(STACK_TOP - 0x10000, 0x300000, 0x10000, R | W | U);
    this.setX("sp", STACK_TOP);
    this.pc = base;
    this.ex.flushTlb();
    return code;
  }

  /** Run until the program traps; expects an ecall unless told otherwise. */
  runToTrap(budget = 10_000_000, expect: number | null = L.TRAP_ECALL_U): number {
    const r = this.run(budget);
    if (expect !== null && r !== expect) {
      throw new Error(`run returned ${r} (cause ${this.cause}, tval 0x${this.tval.toString(16)}, pc 0x${this.pc.toString(16)}), expected ${expect}`);
    }
    return r;
  }
}

export { L };
