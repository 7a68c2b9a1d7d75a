// The JIT tier's host side: answers the core's env.jitCompile(slot, index) by compiling the
// slot's page (compile.ts), instantiating it over the core's memory and installing it at
// `index` of the core's function table (asm/jit.ts has the core's side, docs/jit.md the design).
//
// Nothing here is machine state: which pages are compiled, and when, only changes how fast
// the same instructions retire (snapshots never see it; a restored machine recompiles).
import * as L from "../../../asm/layout.js";
import { compilePage, runStarts, type LinkedPage } from "./compile.js";
import { concatBytes, customSection } from "./wasm.js";
import { panic } from "../error.js";

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
  /** Instructions interpreted in a page before it is compiled; 0 = the JIT is off. */
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
  /** Pages carried by compiled code besides its own (compile.ts LinkedPage). */
  linked: number;
  /** Pages compiled before their own threshold, for a hot page that calls them to carry
   *  (Jit.compileAhead). Counted in `compiles` too. */
  ahead: number;
}

/** A page a hot page jumps to is compiled ahead of its own threshold once it is this fraction
 *  of the way there (1/AHEAD_FRACTION), if it is small (MAX_AHEAD_INSTRUCTIONS, as a linked
 *  page may be): see Jit.compileAhead. */
const AHEAD_FRACTION = 4;
const MAX_AHEAD_INSTRUCTIONS = 400;

export class Jit {
  readonly table: WebAssembly.Table;
  readonly stats: JitStats = { compiles: 0, failures: 0, instructions: 0, linked: 0, ahead: 0 };
  private core: JitCoreExports | null = null;
  private memory: WebAssembly.Memory | null = null;
  /** Entry offsets per slot index, kept across recompilations of the same claim. */
  private entries = new Map<number, Set<number>>();
  /** The code installed at each table index, and the slot it was compiled for (adopt()). */
  private pages = new Map<number, { slot: number; bytes: Uint8Array }>();
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
    return { table: this.table, jitCompile: (slot: number, index: number) => this.compile(slot, index) };
  }

  /** Connect to the instantiated core and switch the tier on (or leave it off). */
  attach(core: JitCoreExports, memory: WebAssembly.Memory): void {
    this.core = core;
    this.memory = memory;
    core.setJitThreshold(this.options.threshold);
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
    this.entries = prev.entries;
    Object.assign(this.stats, prev.stats);
    for (const [index, page] of prev.pages) {
      if (view.getUint32(page.slot + L.SLOT_JIT, true) !== index) continue; // dropped since
      if (this.options.threshold !== 0 && this.install(index, page.bytes)) this.pages.set(index, page);
      else view.setUint32(page.slot + L.SLOT_JIT, 0, true); // interpreted again
    }
  }

  /**
   * The pages at `deltas` from the one being compiled (at the virtual page the core was in
   * when it asked, JIT_COMPILE_VA) whose code the fetch TLB finds decoded in a slot now, and
   * compiled (hot): the compiled code may carry them (compile.ts LinkedPage), checking at run
   * time that the mapping and the slot's code are still these. Their entry lists come along.
   */
  private linkable(view: DataView, slot: number, deltas: number[]): LinkedPage[] {
    const pageVA = view.getBigUint64(L.JIT_COMPILE_VA, true);
    const out: LinkedPage[] = [];
    for (const delta of deltas) {
      const va = pageVA + BigInt(delta);
      if (va < 0n || va >= 1n << 64n) continue;
      const vpn = va >> 12n;
      const e = L.JIT_TLB_F + Number(vpn & BigInt(L.JIT_TLB_F_MASK)) * 16;
      if (view.getBigUint64(e, true) !== vpn) continue; // not mapped for execution just now
      const base = view.getUint32(e + 8, true);
      const other = base - L.SLOT_HEADER_BYTES;
      if (other === slot) continue; // the same frame at another address
      // Only code that is hot itself, compiled already (or now, compileAhead): a cold callee
      // (an error path) would only make the function bigger and slower to compile.
      let index = view.getUint32(other + L.SLOT_JIT, true);
      if (index === 0) index = this.compileAhead(view, other);
      if (index === 0) continue;
      const entries = new Set(listedEntries(view, other));
      for (const off of this.entries.get(index) ?? []) entries.add(off);
      out.push({ delta, base, versionAddr: other + L.SLOT_VERSION, version: view.getUint32(other + L.SLOT_VERSION, true), entries });
    }
    return out;
  }

  /** Instantiate a page's module for this core instance and put its function at `index`. */
  private install(index: number, bytes: Uint8Array): boolean {
    const core = this.core;
    const memory = this.memory;
    if (!core || !memory) return false;
    try {
      const module = new WebAssembly.Module(withGeneration(bytes, this.generation));
      const instance = new WebAssembly.Instance(module, {
        env: { memory, table: this.table, jitLoad: core.jitLoad, jitStore: core.jitStore, jitMulDiv: core.jitMulDiv, jitFp: core.jitFp },
      });
      if (index >= this.table.length) this.table.grow(index + 1 - this.table.length);
      this.table.set(index, instance.exports.f);
      return true;
    } catch (err) {
      if (this.options.strict) throw err;
      return false;
    }
  }

  private compile(slot: number, index: number): number {
    if (!this.core || !this.memory) return 0;
    const view = new DataView(this.memory.buffer);
    // The core counts this compilation before asking: 1 = the slot's first since it was claimed.
    const compiles = view.getUint32(slot + L.SLOT_COMPILES, true);
    let set = this.entries.get(index);
    if (compiles <= 1 || !set) { set = new Set(); this.entries.set(index, set); }
    for (const off of listedEntries(view, slot)) set.add(off);
    return this.build(view, slot, index, set, { link: (deltas) => this.linkable(view, slot, deltas) }) ? 1 : 0;
  }

  /**
   * Compile the page in `slot` before it reaches its own threshold, so that the hot page
   * being compiled, which jumps to it, can carry it (linkable): where a loop gets hot before
   * the function it calls on another page (the loop's body outweighs the function), nothing
   * would be linked, and every call and return between the two would cost a jump through the
   * function table. In the fork+exec benchmark, libgcc's FDE scan is such a loop: its steady
   * state spent ~14% less time in Wasm with the function's page carried. Only a page a
   * quarter of the way to the threshold (hot itself), never compiled since its slot was
   * claimed (tried once: SLOT_COMPILES), and small (each instruction a linked page adds makes
   * the caller slower for the host to compile). Its entries are its run starts: nothing
   * listed them yet. Writes the slot header as the core does after a compilation (asm/jit.ts
   * compile). Returns the table index, or 0.
   */
  private compileAhead(view: DataView, slot: number): number {
    if (view.getUint32(slot + L.SLOT_COMPILES, true) !== 0) return 0;
    if (view.getUint32(slot + L.SLOT_HOT, true) * AHEAD_FRACTION < this.options.threshold) return 0;
    view.setUint32(slot + L.SLOT_COMPILES, 1, true); // tried: not again before the slot is claimed again
    const index = (slot - L.DCACHE_BASE) / L.DCACHE_SLOT_BYTES + 1;
    const set = new Set([...listedEntries(view, slot), ...runStarts(view, slot + L.SLOT_HEADER_BYTES)]);
    if (!this.build(view, slot, index, set, { maxInstructions: MAX_AHEAD_INSTRUCTIONS })) return 0;
    this.entries.set(index, set);
    this.stats.ahead++;
    view.setUint32(slot + L.SLOT_HOT, 0, true);
    view.setUint32(slot + L.SLOT_MISSES, 0, true);
    view.setUint32(slot + L.SLOT_MISS_LISTED, 0, true);
    view.setUint32(slot + L.SLOT_JIT, index, true);
    return index;
  }

  /** Compile the slot's page with entries `set` and install it at `index`; count it. */
  private build(view: DataView, slot: number, index: number, set: Set<number>, extra: Parameters<typeof compilePage>[3]): boolean {
    const core = this.core;
    if (!core) return false;
    let page;
    try {
      page = compilePage(view, slot + L.SLOT_HEADER_BYTES, set, {
        fpDense: this.options.strict,
        decode: (b, off) => core.jitDecode(b, off),
        ...extra,
      });
    } catch (err) {
      if (this.options.strict) throw err;
      page = null;
    }
    if (!page || !this.install(index, page.bytes)) { this.stats.failures++; return false; }
    this.pages.set(index, { slot, bytes: page.bytes });
    this.stats.compiles++;
    this.stats.instructions += page.instructions;
    this.stats.linked += page.linked;
    return true;
  }
}

/** The page offsets in a slot's miss list (asm/jit.ts noteEntry): entries found since its
 *  last compilation. */
function listedEntries(view: DataView, slot: number): number[] {
  const n = Math.min(view.getUint32(slot + L.SLOT_MISS_LISTED, true), L.JIT_MISS_MAX);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(view.getUint16(slot + L.SLOT_MISS_LIST + 2 * i, true));
  return out;
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
  return concatBytes(bytes, customSection("aster.generation", generation));
}
