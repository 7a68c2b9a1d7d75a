// Core.upgrade (Machine.upgradeCore) moves a running machine onto a new instance of the core
// between run() calls; the CLI uses it to go from baseline to optimizable code. Nothing the
// guest can observe may change: the same output, status, retired instructions and state
// digest as a run that never switched, wherever the switches fall.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../helpers/toolchain";
import { Session } from "../../src/worker/session";
import { sessionReady } from "../helpers/session";

const coreBytes = sessionReady ? readFileSync(join(repoRoot, "build", "core.wasm")) : Buffer.alloc(0);
const image = sessionReady ? new Uint8Array(readFileSync(join(repoRoot, "build", "rootfs.img"))) : new Uint8Array(0);

// Forks, pipes, signals, an LR/SC-heavy path (busybox's malloc and stdio locks) and FP-free
// arithmetic: a bit of everything the core keeps in memory across run() calls.
const SCRIPT = "i=0; while [ $i -lt 20 ]; do echo $i | md5sum | cut -c1-8; i=$((i+1)); done; (sleep 0; kill -TERM $$) & wait; echo never";

async function run(upgradeEvery: number | null): Promise<{ out: string; status: number; instret: number; digest: string; upgrades: number }> {
  let out = "";
  const session = new Session(
    {
      core: new WebAssembly.Module(coreBytes), ramBytes: 64 << 20, seed: 7n, bootEpochNs: 0n,
      argv: ["/bin/sh", "-c", SCRIPT], env: ["PATH=/bin:/usr/bin"], cwd: "/", mounts: [],
      rootfs: { image, verify: false }, skipIdle: true,
    },
    { write: (_s, d) => (out += new TextDecoder().decode(d)), diagnose: () => {}, inputIsTty: false, outputIsTty: false },
  );
  let upgrades = 0;
  if (upgradeEvery !== null) {
    let calls = 0;
    // Between two run() calls: a system call is being handled.
    session.kernel.syscallObserver = () => {
      if (++calls % upgradeEvery === 0) {
        session.machine.upgradeCore(new WebAssembly.Module(coreBytes));
        upgrades++;
      }
    };
  }
  session.start();
  const status = await session.run();
  return { out, status, instret: session.stats().instret, digest: session.kernel.digest(), upgrades };
}

describe.skipIf(!sessionReady)("moving a running machine to a new core instance", () => {
  it("changes nothing the guest can observe", async () => {
    const plain = await run(null);
    expect(plain.out.split("\n").length).toBeGreaterThan(20);
    expect(plain.out).not.toContain("never");
    for (const every of [1, 7, 31]) {
      const moved = await run(every);
      expect(moved.upgrades).toBeGreaterThan(5);
      expect(moved.out).toBe(plain.out);
      expect(moved.status).toBe(plain.status);
      expect(moved.instret).toBe(plain.instret);
      expect(moved.digest).toBe(plain.digest);
    }
  }, 120_000);
});
