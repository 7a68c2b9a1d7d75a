// Micro benchmark of the core: MIPS on CPU-bound freestanding C programs.
//   npx vite-node tests/core/bench.ts [name...]
import { compileProgram, loadProgram, runProgram } from "./cprog.js";

const names = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const list = names.length ? names : ["sieve", "sha256", "memops", "nbody"];
for (const name of list) {
  const p = compileProgram(name);
  // Warm-up run so the Wasm is tiered up, then a measured one.
  runProgram(loadProgram(p), 2_000_000, 50_000_000n * 1000n);
  const r = runProgram(loadProgram(p), 2_000_000);
  const mips = Number(r.instret) / r.seconds / 1e6;
  const cpuMips = Number(r.instret) / r.cpuSeconds / 1e6;
  console.log(`${name.padEnd(8)} ${String(r.instret).padStart(11)} instr  wall ${r.seconds.toFixed(3)} s ${mips.toFixed(1)} MIPS  cpu ${r.cpuSeconds.toFixed(3)} s ${cpuMips.toFixed(1)} MIPS  out=${r.stdout.trim()}`);
}
