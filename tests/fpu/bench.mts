// Rough speed of the FPU operations inside Wasm: npx vite-node tests/fpu/bench.mts
// Each loop cycles through 1024 random normal operands (build/fpu-test.wasm); the
// "benchNative" rows are the same loops with the host's own add / mul+add, for scale.
import { loadFpu, measureSpeed } from "./harness.js";

const RM = ["rne", "rtz", "rdn", "rup", "rmm"];
const fpu = await loadFpu();
for (const r of measureSpeed(fpu, Number(process.argv[2] ?? 5_000_000))) {
  console.log(
    `${r.name.padEnd(15)} ${RM[r.rm]}  ${r.mops.toFixed(1).padStart(7)} Mops/s  ${r.nsPerOp.toFixed(2).padStart(6)} ns/op`,
  );
}
