// Compiled C on the bare core: results must match qemu-riscv64 (recorded below from
// `qemu-riscv64 <elf>`; the sha256 one is also re-checked live when qemu is installed).
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { compileProgram, loadProgram, runProgram, qemuOutput } from "./cprog.js";

const expected: Record<string, string> = {
  sieve: "00000000000b5cd9\n",
  sha256: "24faa1a8ada25587\n",
  memops: "00000000007256bb\n",
  nbody: "bfc5abcfbfcfd66f\n",
};

const haveQemu = spawnSync("sh", ["-c", "command -v qemu-riscv64"]).status === 0;

describe("C programs", () => {
  for (const name of Object.keys(expected)) {
    for (const opt of ["-O2", "-Os", "-O0"]) {
      if (opt === "-O0" && name !== "sha256") continue; // slow and redundant for the others
      it(`${name} ${opt}`, () => {
        const p = compileProgram(name, [opt]);
        const r = runProgram(loadProgram(p));
        expect(r.stdout).toBe(expected[name]);
        expect(r.exitCode).toBe(0);
      });
    }
  }

  it.skipIf(!haveQemu)("sha256 agrees with qemu-riscv64 live", () => {
    const p = compileProgram("sha256", ["-Os"]);
    expect(qemuOutput(p)).toBe(expected.sha256);
  });

  it("small slices give the same result", () => {
    const p = compileProgram("sha256", ["-O2"]);
    const r = runProgram(loadProgram(p), 9_973);
    expect(r.stdout).toBe(expected.sha256);
  });
});
