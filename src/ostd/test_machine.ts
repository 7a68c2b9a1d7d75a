// For OSTD's unit tests: a small machine on the built core (build/core.wasm).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Machine } from "./machine.js";

export function testMachine(ramMiB = 16): Machine {
  const wasm = readFileSync(fileURLToPath(new URL("../../build/core.wasm", import.meta.url)));
  return new Machine(new WebAssembly.Module(wasm), { ramBytes: ramMiB << 20, seed: 1n, bootEpochNs: 0n });
}
