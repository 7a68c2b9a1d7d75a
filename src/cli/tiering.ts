// When V8 may optimize the core.
//
// V8 compiles each Wasm function first with its baseline compiler (Liftoff) and, once the
// function has run a while, again with its optimizing compiler (TurboFan), in the background.
// The core's interpreter loop is one large function: optimizing it takes ~50 ms of CPU, it is
// triggered within the first few thousand guest instructions (the budget counts bytes of loop
// body, and the loop body is the whole interpreter), and the process cannot exit before the
// compile finishes. A short run (a hello world, /bin/true) then spends most of its time waiting
// for code it never uses.
//
// So the CLI starts the machine on a core compiled with tiering off, and when the run has
// lasted a slice (50 ms) it moves the machine to a core compiled with tiering on
// (Machine.upgradeCore; nothing the guest sees changes). Long runs get optimized code ~50 ms
// later than they would; short ones never pay for it.
//
// Tiering is a V8 flag, read when a module is compiled, and V8 hands back its cached compile
// for bytes it has seen, so the second core carries an extra custom section. If node was
// started with flags of its own about Wasm compilation, they are left alone.
import * as v8 from "node:v8";
import { withCustomSection } from "../ostd/index.js";

const managed = !process.execArgv.some((a) => /wasm|liftoff|turbo/.test(a));
let flipped = false;

function setTiering(on: boolean): void {
  v8.setFlagsFromString(on ? "--wasm-tier-up" : "--no-wasm-tier-up");
  v8.setFlagsFromString(on ? "--wasm-dynamic-tiering" : "--no-wasm-dynamic-tiering");
  flipped = !on;
}

/** The core to start on: compiled with tiering off (when managed). */
export function startingCore(bytes: Uint8Array): WebAssembly.Module {
  if (!managed) return new WebAssembly.Module(bytes);
  setTiering(false);
  return new WebAssembly.Module(bytes);
}

/** The core to continue on once a run proves long: tiering on. Null when not managed. */
export function optimizableCore(bytes: Uint8Array): WebAssembly.Module | null {
  if (!managed) return null;
  setTiering(true);
  return new WebAssembly.Module(withCustomSection(bytes, "aster.tiered"));
}

/** Put V8's flags back as they were at start: bin/aster.cjs may save V8's code cache for the
 *  CLI at exit, and that cache is only accepted by a V8 with the same flags. */
export function restoreTiering(): void {
  if (flipped) setTiering(true);
}
