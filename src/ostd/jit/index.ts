// The JIT tier's host side: the core compiles hot guest pages itself (asm/jit_compile.ts) and
// asks, through env.jitInstall(index, module, length), for the module it wrote into its memory
// to be instantiated over that memory and its function put at `index` of the core's function
// table (asm/jit.ts has the core's side, docs/jit.md the design).
//
// Nothing here is machine state: which pages are compiled, and when, only changes how fast
// the same instructions retire (snapshots never see it; a restored machine recompiles).
import * as L from "../../../asm/layout.js";
import { withCustomSection } from "../module_bytes.js";
import { panic } from "../error.js";

// The JS API of Wasm exception handling (V8 and the browsers have it; TypeScript's lib does
// not declare it yet).
interface WasmTag { readonly kind?: "tag" }
interface WasmException { is(tag: WasmTag): boolean }
const WasmEh = WebAssembly as unknown as {
  Tag: new (type: { parameters: string[] }) => WasmTag;
  Exception: abstract new (...args: never[]) => WasmException;
};

/** The core's exports the tier uses, and the ones compiled code imports (asm/jit.ts). */
export interface JitCoreExports {
  jitLoad: unknown;
  jitStore: unknown;
  jitMulDiv: unknown;
  jitFp: unknown;
  setJitThreshold(n: number): void;
  setJitFpDense(on: number): void;
  jitStat(k: number): number;
  run(budget: number): number;
  jitTrapEnd(): number;
}

export interface JitOptions {
  /** Instructions interpreted in a page before it is compiled; 0 = the JIT is off. */
  threshold: number;
  /** Throw when the host cannot instantiate a compiled page (instead of leaving the page to
   *  the interpreter), and compile FP-dense pages too (tests). */
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
  /** Pages compiled and installed (recompilations counted). */
  compiles: number;
  /** Pages that reached the threshold and were not compiled (nothing worth it: no code that
   *  ran, FP-dense), or whose module the host could not instantiate. A page not compiled
   *  ahead (too big) is none: it waits for its own threshold. */
  failures: number;
  /** Guest instructions in the compiled functions. */
  instructions: number;
  /** Pages carried by compiled code besides its own (docs/jit.md "Linked pages"). */
  linked: number;
  /** Pages compiled before their own threshold, for a hot page that calls them to carry
   *  (asm/jit_compile.ts compileAhead). Counted in `compiles` too. */
  ahead: number;
}

export class Jit {
  readonly table: WebAssembly.Table;
  private core: JitCoreExports | null = null;
  private memory: WebAssembly.Memory | null = null;
  /** The code installed at each table index (adopt()). */
  private pages = new Map<number, Uint8Array>();
  /** Thrown by compiled code at a load or store that faults (docs/jit.md "Traps"). */
  private readonly trapTag = new WasmEh.Tag({ parameters: [] });
  private readonly options: JitOptions;

  /** Which instance of its core this tier serves (0, then 1 after Core.upgrade...): part of
   *  every module it instantiates (see install()). */
  readonly generation: number;

  constructor(options: JitOptions = defaults, generation = 0) {
    this.options = { ...options };
    this.generation = generation;
    this.table = new WebAssembly.Table({ element: "anyfunc", initial: 1 });
  }

  /** The imports the core needs for its JIT side (merge into its env). */
  imports(): Record<string, unknown> {
    return { table: this.table, jitInstall: (index: number, at: number, length: number) => this.installFrom(index, at, length) };
  }

  /** Connect to the instantiated core and switch the tier on (or leave it off). */
  attach(core: JitCoreExports, memory: WebAssembly.Memory): void {
    this.core = core;
    this.memory = memory;
    core.setJitThreshold(this.options.threshold);
    core.setJitFpDense(this.options.strict ? 1 : 0);
  }

  /**
   * The core's run(budget), for every caller: compiled code leaves a faulting load or store by
   * throwing this tier's trap tag (a branch after each slow path made V8's optimizing compile
   * of a page a quarter longer), and the core finishes that run here.
   */
  run(budget: number): number {
    const core = this.core!;
    try {
      return core.run(budget);
    } catch (e) {
      if (e instanceof WasmEh.Exception && e.is(this.trapTag)) return core.jitTrapEnd();
      throw e;
    }
  }

  /** What the tier has done so far: the core's counters, in its memory (so they carry over
   *  Core.upgrade with it). */
  get stats(): JitStats {
    const c = this.core;
    const k = (i: number): number => (c ? c.jitStat(i) : 0);
    return {
      compiles: k(L.JIT_STAT_COMPILES), failures: k(L.JIT_STAT_FAILURES), instructions: k(L.JIT_STAT_INSTRUCTIONS),
      linked: k(L.JIT_STAT_LINKED), ahead: k(L.JIT_STAT_AHEAD),
    };
  }

  /**
   * Take over the pages `prev`, the tier of the core instance this one replaces, compiled:
   * each one a slot header still names (the core adopted the memory keeping them) is
   * instantiated again for this instance, whose slow paths it must call, so hot code stays
   * compiled across Core.upgrade instead of being interpreted until it is hot again. Call
   * after attach(), before the core runs.
   */
  adopt(prev: Jit): void {
    const memory = this.memory;
    if (!memory) panic("Jit.adopt", "called before attach(): the core would call pages nobody installed");
    const view = new DataView(memory.buffer);
    for (const [index, bytes] of prev.pages) {
      const slot = slotOf(index);
      if (view.getUint32(slot + L.SLOT_JIT, true) !== index) continue; // dropped since
      if (this.options.threshold !== 0 && this.install(index, bytes)) this.pages.set(index, bytes);
      else view.setUint32(slot + L.SLOT_JIT, 0, true); // interpreted again
    }
  }

  /** env.jitInstall: the module the core compiled, `length` bytes at `at` of its memory. */
  private installFrom(index: number, at: number, length: number): number {
    const memory = this.memory;
    if (!memory) return 0;
    const bytes = new Uint8Array(memory.buffer, at, length).slice();
    if (!this.install(index, bytes)) return 0;
    this.pages.set(index, bytes);
    return 1;
  }

  /** Instantiate a page's module for this core instance and put its function at `index`. */
  private install(index: number, bytes: Uint8Array): boolean {
    const core = this.core;
    const memory = this.memory;
    if (!core || !memory) return false;
    try {
      const module = new WebAssembly.Module(withGeneration(bytes, this.generation));
      const instance = new WebAssembly.Instance(module, {
        env: { memory, table: this.table, jitLoad: core.jitLoad, jitStore: core.jitStore, jitMulDiv: core.jitMulDiv, jitFp: core.jitFp, trap: this.trapTag },
      });
      if (index >= this.table.length) this.table.grow(index + 1 - this.table.length);
      this.table.set(index, instance.exports.f);
      return true;
    } catch (err) {
      if (this.options.strict) throw err;
      return false;
    }
  }
}

/** The decoded-cache slot whose compiled code goes at table index `index` (the core's rule,
 *  layout.ts DCACHE_SLOT_BYTES). */
function slotOf(index: number): number {
  return L.DCACHE_BASE + (index - 1) * L.DCACHE_SLOT_BYTES;
}

/**
 * The module `bytes` with a custom section naming the core instance it is for. V8 caches
 * compiled modules by their bytes, together with the flags they were compiled under: the CLI
 * starts on a core compiled with tier-up off (src/cli/tiering.ts), and without the generation
 * a page compiled again (or adopted) after the upgrade came back from that cache compiled with
 * tier-up off, and ran on V8's baseline code for good (sha256 in `npm run bench`: 2.34 s
 * against 1.28 s).
 */
function withGeneration(bytes: Uint8Array, generation: number): Uint8Array {
  return withCustomSection(bytes, "aster.generation", generation);
}
