// Manual driver for the differential test:
//   npx vite-node tests/diff/cli.ts -- [--seed N | --seeds A-B,C,D-E] [--qemu-only] [--print] [--units N] [--no-bisect]
//   --print       write the program for --seed to stdout and exit (no toolchain needed)
//   --qemu-only   only check that each program runs to completion under qemu
import { generate } from "./gen.js";
import { formatResult, haveAster, haveToolchain, runSeed } from "./harness.js";

const args = process.argv.slice(2).filter((a) => a !== "--");
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const flag = (name: string) => args.includes(name);

let seeds: number[] = [1];
if (opt("--seed")) seeds = [Number(opt("--seed"))];
const range = opt("--seeds");
if (range) {
  seeds = range.split(",").flatMap((part) => {
    const [a, b] = part.split("-").map(Number);
    return b === undefined ? [a] : Array.from({ length: b - a + 1 }, (_, i) => a + i);
  });
}
const units = opt("--units") ? Number(opt("--units")) : undefined;

if (flag("--print")) {
  process.stdout.write(generate(seeds[0], { units }).source());
  process.exit(0);
}
if (!haveToolchain()) {
  console.error("riscv64-linux-gnu-gcc or qemu-riscv64 not found");
  process.exit(2);
}
const aster = !flag("--qemu-only") && haveAster();
if (!aster && !flag("--qemu-only")) console.error("bin/aster.cjs not found: checking programs under qemu only");

let failed = 0;
const t0 = Date.now();
for (const seed of seeds) {
  try {
    const r = runSeed(seed, { units, aster, bisect: !flag("--no-bisect") });
    if (r.diffs.length) {
      failed++;
      console.log(formatResult(r));
    } else {
      console.log(`seed ${seed}: ok${aster ? "" : " (qemu only)"}`);
    }
  } catch (e) {
    failed++;
    console.log(`seed ${seed}: ERROR ${(e as Error).message}`);
  }
}
console.log(`${seeds.length - failed}/${seeds.length} passed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);
