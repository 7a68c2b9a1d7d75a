// The WebAssembly JS-API pieces the JIT needs beyond src/ostd/internal/wasm.d.ts.
declare namespace WebAssembly {
  class Table {
    constructor(descriptor: { element: "anyfunc"; initial: number; maximum?: number });
    readonly length: number;
    get(index: number): unknown;
    set(index: number, value: unknown): void;
    grow(delta: number): number;
  }
}
