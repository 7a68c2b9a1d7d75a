// The JIT tier's host side: answers the core's env.jitCompile(slot, index) by compiling the
// slot's page (compile.ts), instantiating it over the core's memory and installing it at
// `index` of the core's function table (asm/jit.ts has the core's side, docs/jit.md the design).
//
// Nothing here is machine state: which pages are compiled, and when, only changes how fast
// the same instructions retire (snapshots never see it; a restored machine recompiles).
import * as L from "../../../asm/layout.js";
import { compilePage } from "./compile.js";

/** The core's exports the compiled code imports (asm/jit.ts). */
export interface JitCoreExports {
  jitLoad: unknown;
  jitStore: unknown;
  jitMulDiv: unknown;
  jitFp: unknown;
  jitDecode(base: number, off: number): void;
  setJitThreshold(n: number): void;
}

export interface JitOptions {
  /** Entries into a page before it is compiled; 0 = the JIT is off. */
  threshold: number;
  /** Throw compiler errors instead of leaving the page to the interpreter, and compile
   *  FP-dense pages too (tests). */
  strict?: boolean;
}

/** Instructions interpreted in a page before it is compiled, unless configured: high enough
 *  that a short program (a static hello, one /bin/true) compiles nothing, so start-up pays
 *  nothing, and that compiling (a few ms of the host's optimizing compiler per page) pays off. */
export const DEFAULT_JIT_THRESHOLD = 4_000_000;

let defaults: JitOptions = fromEnv();

/** ASTER_JIT=off | <threshold> (tests force compilation with ASTER_JIT=1). Read once. */
function fromEnv(): JitOptions {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const v = env?.ASTER_JIT;
  if (v === undefined || v === "") return { threshold: DEFAULT_JIT_THRESHOLD };
  if (v === "off" || v === "0") return { threshold: 0 };
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) return { threshold: DEFAULT_JIT_THRESHOLD };
  return { threshold: n, strict: true };
}

/** Options for the cores created from now on (tests). */
export function setJitDefaults(o: JitOptions): void {
  defaults = { ...o };
}

export function jitDefaults(): JitOptions {
  return { ...defaults };
}

export interface JitStats {
  compiles: number;
  failures: number;
  instructions: number;
}

export class Jit {
  readonly table: WebAssembly.Table;
  readonly stats: JitStats = { compiles: 0, failures: 0, instructions: 0 };
  private core: JitCoreExports | null = null;
  private memory: WebAssembly.Memory | null = null;
  /** Entry offsets per slot index, kept across recompilations of the same claim. */
  private readonly entries = new Map<number, Set<number>>();
  private readonly options: JitOptions;

  /** Which instance of its core this tier serves (0, then 1 after Core.upgrade...): part of
   *  every module it compiles (compile.ts says why). */
  readonly generation: number;

  constructor(options: JitOptions = defaults, generation = 0) {
    this.options = { ...options };
    this.generation = generation;
    this.table = new WebAssembly.Table({ element: "anyfunc", initial: 1 });
  }

  /** The imports the core needs for its JIT side (merge into its env). */
  imports(): Record<string, unknown> {
    return { table: this.table, jitCompile: (slot: number, index: number) => this.compile(slot, index) };
  }

  /** Connect to the instantiated core and switch the tier on (or leave it off). */
  attach(core: JitCoreExports, memory: WebAssembly.Memory): void {
    this.core = core;
    this.memory = memory;
    core.setJitThreshold(this.options.threshold);
  }

  private compile(slot: number, index: number): number {
    const core = this.core;
    const memory = this.memory;
    if (!core || !memory) return 0;
    const view = new DataView(memory.buffer);
    // The core counts this compilation before asking: 1 = the slot's first since it was claimed.
    const compiles = view.getUint32(slot + L.SLOT_COMPILES, true);
    let set = this.entries.get(index);
    if (compiles <= 1 || !set) { set = new Set(); this.entries.set(index, set); }
    const n = Math.min(view.getUint32(slot + L.SLOT_MISS_LISTED, true), L.JIT_MISS_MAX);
    for (let i = 0; i < n; i++) set.add(view.getUint16(slot + L.SLOT_MISS_LIST + 2 * i, true));
    try {
      const base = slot + L.SLOT_HEADER_BYTES;
      const page = compilePage(view, base, set, { fpDense: this.options.strict, decode: (off) => core.jitDecode(base, off), generation: this.generation });
      if (!page) { this.stats.failures++; return 0; }
      const module = new WebAssembly.Module(page.bytes);
      const instance = new WebAssembly.Instance(module, {
        env: { memory, table: this.table, jitLoad: core.jitLoad, jitStore: core.jitStore, jitMulDiv: core.jitMulDiv, jitFp: core.jitFp },
      });
      if (index >= this.table.length) this.table.grow(index + 1 - this.table.length);
      this.table.set(index, instance.exports.f);
      this.stats.compiles++;
      this.stats.instructions += page.instructions;
      return 1;
    } catch (err) {
      if (this.options.strict) throw err;
      this.stats.failures++;
      return 0;
    }
  }
}
