// Seeded randomized differential test of the CPU: random RV64GC programs (tests/diff/gen.ts)
// run under qemu-riscv64 (the oracle) and under our CLI; final registers, fcsr and the
// scratch buffer must be identical.
//
//   npx vitest run tests/diff                      the 40 fixed seeds
//   DIFF_SEEDS=500 npx vitest run tests/diff       seeds 1..500 (DIFF_SEED_BASE=N to start elsewhere)
//   DIFF_SEED=17 npx vitest run tests/diff         reproduce one seed (comma-separated list allowed)
//   DIFF_BISECT=0 / DIFF_BISECT=all                never / always search the first differing unit
//                                                  (default: for the first 3 failing seeds)
//   ASTER_BIN=/path/aster.cjs                      compare another copy of the CLI
// Programs are written to build/diff/seed-<N>.S. Without bin/aster.cjs the programs are
// still generated and checked under qemu (which validates the generator).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runQemu, type RunResult } from "../helpers/toolchain.js";
import { OUTPUT_SIZE, decodeDump, diffDumps, generate } from "./gen.js";
import { formatResult, haveAster, haveToolchain, runSeed, seedsFromEnv, type Candidate } from "./harness.js";

const toolchain = haveToolchain();
const aster = haveAster();
const seeds = seedsFromEnv();

if (!toolchain) {
  console.warn("[tests/diff] SKIPPED: riscv64-linux-gnu-gcc and qemu-riscv64 are needed for the differential test");
} else if (!aster) {
  console.warn("[tests/diff] bin/aster.cjs not found: the generated programs are only checked under qemu-riscv64");
}

const bisectMode = process.env.DIFF_BISECT ?? "3";
let failures = 0;

describe.skipIf(!toolchain)("CPU differential test against qemu-riscv64", () => {
  it("generator is deterministic", () => {
    expect(generate(12345).source()).toBe(generate(12345).source());
    expect(generate(12345).source()).not.toBe(generate(12346).source());
  });

  it("comparator detects and bisects an injected difference", () => {
    // A fake candidate: qemu, but x7 is corrupted whenever the program contains an fsqrt.d.
    const fake: Candidate = (binary, asmPath, timeoutMs) => {
      const r: RunResult = runQemu(binary, [], { timeoutMs });
      if (readFileSync(asmPath, "utf8").includes("fsqrt.d") && r.stdout.length === OUTPUT_SIZE) {
        const out = Buffer.from(r.stdout);
        out[(7 - 1) * 8] ^= 1;
        return { ...r, stdout: out };
      }
      return r;
    };
    let seed = 1;
    while (!generate(seed).source().includes("fsqrt.d")) seed++;
    const r = runSeed(seed, { candidate: fake });
    expect(r.diffs).toEqual([expect.stringMatching(/^x7\(t2\): expected 0x[0-9a-f]{16}, got /)]);
    expect(r.culprit?.text).toContain("fsqrt.d");
    expect(r.culprit?.diffs.length).toBe(1);
  });

  it("dump decoding names registers", () => {
    const a = Buffer.alloc(OUTPUT_SIZE);
    const b = Buffer.from(a);
    b.writeBigUInt64LE(0xdeadn, (10 - 1) * 8); // x10
    b.writeBigUInt64LE(1n, 248 + 31 * 8); // f31
    b[504] = 0x21; // fcsr
    b[512 + 17] = 1; // scratch byte 17
    const d = diffDumps(decodeDump(a)!, decodeDump(b)!);
    expect(d[0]).toBe("x10(a0): expected 0x0000000000000000, got 0x000000000000dead");
    expect(d[1]).toMatch(/^f31\(ft11\)/);
    expect(d[2]).toMatch(/^fcsr: expected 0x0 .*got 0x21 \(frm 1, fflags 0b00001\)/);
    expect(d[3]).toMatch(/^mem scratch\+16:/);
  });

  for (const seed of seeds) {
    it(`seed ${seed}${aster ? "" : " (qemu only)"}`, () => {
      const bisect = bisectMode === "all" || (bisectMode !== "0" && failures < Number(bisectMode));
      const r = runSeed(seed, { aster, bisect });
      if (r.diffs.length) {
        failures++;
        expect.fail(formatResult(r));
      }
    });
  }
});
