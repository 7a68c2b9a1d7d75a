// When V8 optimizes the core.
//
// V8 compiles each Wasm function first with its baseline compiler (Liftoff), then again with
// its optimizing compiler (TurboFan) on a worker thread. By default ("dynamic tiering") a
// function is optimized only once it has run a while, so the core's interpreter loop, one large
// function whose optimizing compile takes ~60 ms of the one worker, gets its fast code only
// ~100 ms into a run, and the first thirty processes of a fork+exec loop run on baseline code
// (~2.5-5 ms each instead of ~0.5).
//
// So the CLI compiles the core with eager tier-up (dynamic tiering off): V8 starts optimizing
// every function on the worker as soon as the module is compiled, and the interpreter loop's
// optimized code is in place about when the first program starts. A short run does not wait
// for it: bin/aster.cjs exits without joining V8's worker (its exitNow). The flag also holds
// for the pages the JIT tier compiles while the run goes on (src/ostd/jit): they are hot by
// construction, so optimizing them at once is what dynamic tiering would do a little later.
//
// Tiering is a V8 flag, read when a module is compiled. If node was started with flags of its
// own about Wasm compilation, they are left alone.
import * as v8 from "node:v8";

const managed = !process.execArgv.some((a) => /wasm|liftoff|turbo/.test(a));
let flipped = false;

function setDynamicTiering(on: boolean): void {
  v8.setFlagsFromString(on ? "--wasm-dynamic-tiering" : "--no-wasm-dynamic-tiering");
  flipped = !on;
}

/** The core, compiled so that V8 optimizes all of it at once (when managed). */
export function compileCore(bytes: Uint8Array): WebAssembly.Module {
  if (managed) setDynamicTiering(false);
  return new WebAssembly.Module(bytes);
}

/** Put V8's flags back as they were at start: bin/aster.cjs may save V8's code cache for the
 *  CLI at exit, and that cache is only accepted by a V8 with the same flags. */
export function restoreTiering(): void {
  if (flipped) setDynamicTiering(true);
}
