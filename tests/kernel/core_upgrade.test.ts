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
import { DEFAULT_JIT_THRESHOLD, jitDefaults, setJitDefaults } from "../../src/ostd/jit/index";

const coreBytes = sessionReady ? readFileSync(join(repoRoot, "build", "core.wasm")) : Buffer.alloc(0);
const image = sessionReady ? new Uint8Array(readFileSync(join(repoRoot, "build", "rootfs.img"))) : new Uint8Array(0);

// Forks, pipes, signals, an LR/SC-heavy path (busybox's malloc and stdio locks) and FP-free
// arithmetic: a bit of everything the core keeps in memory across run() calls.
const SCRIPT = "i=0; while [ $i -lt 20 ]; do echo $i | md5sum | cut -c1-8; i=$((i+1)); done; (sleep 0; kill -TERM $$) & wait; echo never";

async function run(upgradeEvery: number | null): Promise<{ out: string; status: number; instret: number; digest: string; upgrades: number; compiles: number; decodedPages: number }> {
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
  const s = session.stats();
  return { out, status, instret: s.instret, digest: session.kernel.digest(), upgrades, compiles: session.machine.jitStats().compiles, decodedPages: s.decodedPages };
}

describe.skipIf(!sessionReady)("moving a running machine to a new core instance", () => {
  it("changes nothing the guest can observe", async () => {
    // The default threshold, as the CLI runs (not ASTER_JIT's: with every page compiled,
    // hundreds of upgrades would each instantiate them all again).
    const saved = jitDefaults();
    setJitDefaults({ threshold: DEFAULT_JIT_THRESHOLD });
    try {
      await unchangedAcrossUpgrades();
    } finally {
      setJitDefaults(saved);
    }
  }, 120_000);

  async function unchangedAcrossUpgrades(): Promise<void> {
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
      // The decoded-instruction cache and its counters are in memory: they carry over too.
      expect(moved.decodedPages).toBe(plain.decodedPages);
    }
    expect(plain.decodedPages).toBeGreaterThan(10);
  }

  it("changes nothing either when compiled pages carry over to each new instance", async () => {
    // A low threshold: pages get compiled early, and every upgrade hands them on (Jit.adopt).
    const saved = jitDefaults();
    try {
      setJitDefaults({ threshold: 20_000 });
      const plain = await run(null);
      for (const every of [31, 97]) {
        const moved = await run(every);
        expect(moved.upgrades).toBeGreaterThan(5);
        expect(moved.compiles).toBeGreaterThan(0);
        expect(moved.out).toBe(plain.out);
        expect(moved.status).toBe(plain.status);
        expect(moved.instret).toBe(plain.instret);
        expect(moved.digest).toBe(plain.digest);
      }
    } finally {
      setJitDefaults(saved);
    }
  }, 120_000);

  it("compiles pages afresh for the new instance, not the same module bytes V8 would hand back from its cache", async () => {
    // V8 caches compiled modules by their bytes, with the flags they were compiled under: the
    // CLI starts on a core compiled with tier-up off, and a page compiled then, compiled again
    // to the same bytes after the upgrade, would stay on baseline code.
    const saved = jitDefaults();
    const Module = WebAssembly.Module;
    const seen: Array<{ upgrades: number; key: string }> = [];
    let upgrades = 0;
    (WebAssembly as { Module: unknown }).Module = function (bytes: Uint8Array) {
      if (bytes.length !== coreBytes.length) seen.push({ upgrades, key: Buffer.from(bytes).toString("base64") });
      return new Module(bytes);
    };
    try {
      setJitDefaults({ threshold: 20_000 });
      const session = new Session(
        {
          core: new Module(coreBytes), ramBytes: 64 << 20, seed: 7n, bootEpochNs: 0n,
          argv: ["/bin/sh", "-c", "i=0; while [ $i -lt 400 ]; do i=$((i+1)); echo $i >/dev/null; done"], env: [], cwd: "/", mounts: [],
          rootfs: { image, verify: false }, skipIdle: true,
        },
        { write: () => {}, diagnose: () => {}, inputIsTty: false, outputIsTty: false },
      );
      let calls = 0;
      session.kernel.syscallObserver = () => {
        if (++calls === 1000) {
          session.machine.upgradeCore(new Module(coreBytes));
          upgrades++;
        }
      };
      session.start();
      expect(await session.run()).toBe(0);
    } finally {
      (WebAssembly as { Module: unknown }).Module = Module;
      setJitDefaults(saved);
    }
    const before = new Set(seen.filter((m) => m.upgrades === 0).map((m) => m.key));
    const after = seen.filter((m) => m.upgrades === 1);
    expect(before.size).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThan(0);
    for (const m of after) expect(before.has(m.key)).toBe(false);
  }, 60_000);
});
