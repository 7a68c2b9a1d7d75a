// The one place that instantiates the Wasm core and holds views of its memory. Only OSTD
// imports this module; the kernel sees none of it.
import * as L from "../../../asm/layout.js";
import { panic } from "../error.js";
import { Jit, type JitCoreExports } from "../jit/index.js";

interface CoreExports extends JitCoreExports {
  init(ramBytes: number): void;
  adopt(ramBytes: number, keepCompiled: number): void;
  run(budget: number): number;
  flushTlb(): void;
  flushTlbPage(va: bigint): void;
  invalidateCode(paddr: bigint, len: bigint): void;
  dcacheStat(k: number): number;
}

/** The instantiated machine: its exports plus typed views of its state block and RAM. */
export class Core {
  /** The current instance's exports (upgrade() swaps the instance; never keep them). */
  exports: CoreExports;
  readonly memory: WebAssembly.Memory;
  /** The hart state block as u64 words (index = byte offset / 8). */
  readonly state: BigUint64Array;
  /** Guest physical memory, byte-addressed from physical address 0. */
  readonly ram: Uint8Array;
  readonly ramView: DataView;
  /** RAM as little-endian u32 words (index = byte address / 4): page-table entries. Wasm memory
   *  is little-endian, and so is every host that runs this (checked below). */
  readonly ram32: Uint32Array;
  readonly ramBytes: number;
  /** The JIT tier (src/ostd/jit): compiles hot pages; off unless its options say otherwise. */
  /** The current instance's JIT tier (upgrade() starts a new one). */
  jit: Jit;

  constructor(module: WebAssembly.Module, ramBytes: number) {
    if (ramBytes % 65536 !== 0 || ramBytes <= 0) panic("Core", `ramBytes ${ramBytes} is not a positive multiple of 64 KiB`);
    // The memory is ours, not the instance's, so that a recompiled core can take it over.
    const pages = (L.RAM_BASE + ramBytes) / 65536;
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: 65536 });
    this.jit = new Jit();
    this.exports = instantiate(module, this.memory, this.jit);
    this.exports.init(ramBytes);
    this.jit.attach(this.exports, this.memory);
    const buffer = this.memory.buffer;
    this.state = new BigUint64Array(buffer, L.STATE_BASE, 4096 / 8);
    this.ram = new Uint8Array(buffer, L.RAM_BASE, ramBytes);
    this.ramView = new DataView(buffer, L.RAM_BASE, ramBytes);
    this.ram32 = new Uint32Array(buffer, L.RAM_BASE, ramBytes / 4);
    if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) panic("Core", "a big-endian host cannot view the little-endian core's memory as words");
    this.ramBytes = ramBytes;
  }

  /**
   * Run on a new instance of the core from `module` (the same core, compiled again), between
   * run() calls: the machine's whole state is in the memory, which the new instance takes
   * over (adopt); nothing the guest can observe changes. The CLI uses it to start on code
   * compiled only by V8's baseline compiler, which starts fast, and to move to a core V8
   * may optimize once a run proves long (src/cli/tiering.ts).
   */
  upgrade(module: WebAssembly.Module): void {
    // Compiled pages call the old instance's slow paths: the new instance's tier instantiates
    // them again for its own (in a table of its own) before the core runs.
    const jit = new Jit(undefined, this.jit.generation + 1);
    const exports = instantiate(module, this.memory, jit);
    exports.adopt(this.ramBytes, 1);
    jit.attach(exports, this.memory);
    jit.adopt(this.jit);
    this.jit = jit;
    this.exports = exports;
  }
}

function instantiate(module: WebAssembly.Module, memory: WebAssembly.Memory, jit: Jit): CoreExports {
  return new WebAssembly.Instance(module, { env: { abort: coreAbort, memory, ...jit.imports() } }).exports as unknown as CoreExports;
}

function coreAbort(): never {
  panic("core", "the Wasm core aborted");
}

/** Word index of a HART_* byte offset in Core.state. */
export function word(offset: number): number {
  return offset >>> 3;
}
