// The one place that instantiates the Wasm core and holds views of its memory. Only OSTD
// imports this module; the kernel sees none of it.
import * as L from "../../../asm/layout.js";
import { panic } from "../error.js";
import { Jit, type JitCoreExports } from "../jit/index.js";

interface CoreExports extends JitCoreExports {
  memory: WebAssembly.Memory;
  init(ramBytes: number): void;
  run(budget: number): number;
  flushTlb(): void;
  flushTlbPage(va: bigint): void;
  invalidateCode(paddr: bigint, len: bigint): void;
}

/** The instantiated machine: its exports plus typed views of its state block and RAM. */
export class Core {
  readonly exports: CoreExports;
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
  readonly jit: Jit;

  constructor(module: WebAssembly.Module, ramBytes: number) {
    if (ramBytes % 65536 !== 0 || ramBytes <= 0) panic("Core", `ramBytes ${ramBytes} is not a positive multiple of 64 KiB`);
    this.jit = new Jit();
    const instance = new WebAssembly.Instance(module, { env: { abort: coreAbort, ...this.jit.imports() } });
    this.exports = instance.exports as unknown as CoreExports;
    this.exports.init(ramBytes);
    this.jit.attach(this.exports);
    const buffer = this.exports.memory.buffer;
    this.state = new BigUint64Array(buffer, L.STATE_BASE, 4096 / 8);
    this.ram = new Uint8Array(buffer, L.RAM_BASE, ramBytes);
    this.ramView = new DataView(buffer, L.RAM_BASE, ramBytes);
    this.ram32 = new Uint32Array(buffer, L.RAM_BASE, ramBytes / 4);
    if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) panic("Core", "a big-endian host cannot view the little-endian core's memory as words");
    this.ramBytes = ramBytes;
  }
}

function coreAbort(): never {
  panic("core", "the Wasm core aborted");
}

/** Word index of a HART_* byte offset in Core.state. */
export function word(offset: number): number {
  return offset >>> 3;
}
