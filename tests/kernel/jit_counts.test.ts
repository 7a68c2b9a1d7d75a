// The JIT's execution counts on the workload they were made for: every static busybox start
// runs libgcc's FDE registration, a loop over ~3,700 frame descriptions in two pages that
// also hold code run once per process. A shell running /bin/true again and again gets those
// pages compiled without the once-per-process code (docs/jit.md "What runs often").
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../helpers/toolchain";
import { Session } from "../../src/worker/session";

const corePath = join(repoRoot, "build", "core.wasm");
const imagePath = join(repoRoot, "build", "rootfs.img");
// ASTER_JIT sets another threshold (1 compiles everything at once, before any run is counted).
const ready = existsSync(corePath) && existsSync(imagePath) && !process.env.ASTER_JIT;

describe.skipIf(!ready)("JIT execution counts in a fork loop", () => {
  it("compiles libgcc's FDE scan without the code each busybox start runs once", async () => {
    let out = "";
    const s = new Session(
      {
        core: new WebAssembly.Module(readFileSync(corePath)), ramBytes: 64 << 20, seed: 1n, bootEpochNs: 0n,
        argv: ["/bin/sh", "-c", "i=0; while [ $i -lt 40 ]; do /bin/true; i=$((i+1)); done; echo $i"],
        env: ["PATH=/bin:/usr/bin"], cwd: "/", mounts: [],
        rootfs: { image: new Uint8Array(readFileSync(imagePath)), verify: false }, skipIdle: true,
      },
      { write: (_s, d) => (out += new TextDecoder().decode(d)), diagnose: () => {}, inputIsTty: false, outputIsTty: false },
    );
    s.start();
    expect(await s.run()).toBe(0);
    expect(out).toBe("40\n");
    const jit = s.machine.jitStats();
    // The loop's page and the decoder page it calls (compiled ahead and carried): 354
    // instructions with the counts, about 800 with everything that has run.
    expect(jit.compiles).toBe(2);
    expect(jit.ahead).toBe(1);
    expect(jit.linked).toBe(1);
    expect(jit.instructions).toBeLessThan(500);
  });
});
