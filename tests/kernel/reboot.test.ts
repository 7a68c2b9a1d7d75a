// What if reboot(2) (busybox's poweroff -f, halt -f, reboot -f) does not end the run, ends
// it with the wrong status, or lets processes run on? And a caller that is not root must be
// refused.
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../helpers/toolchain";
import { Session } from "../../src/worker/session";

const corePath = join(repoRoot, "build", "core.wasm");
const imagePath = join(repoRoot, "build", "rootfs.img");
const ready = existsSync(corePath) && existsSync(imagePath);

async function run(script: string): Promise<{ out: string; diag: string; status: number }> {
  let out = "";
  let diag = "";
  const s = new Session(
    {
      core: new WebAssembly.Module(readFileSync(corePath)), ramBytes: 64 << 20, seed: 1n, bootEpochNs: 0n,
      argv: ["/bin/sh", "-c", script], env: ["PATH=/bin:/usr/bin"], cwd: "/", mounts: [],
      rootfs: { image: new Uint8Array(readFileSync(imagePath)), verify: false }, skipIdle: true,
    },
    { write: (_s, d) => (out += new TextDecoder().decode(d)), diagnose: (l) => (diag += l + "\n"), inputIsTty: false, outputIsTty: false },
  );
  s.start();
  const status = await s.run();
  return { out, diag, status };
}

describe.skipIf(!ready)("reboot(2)", () => {
  it("poweroff -f ends the run with status 0, background jobs and all", async () => {
    const r = await run("sleep 100 & echo before; poweroff -f; echo after");
    expect(r.out).toBe("before\n");
    expect(r.diag).toBe("reboot: Power down\n");
    expect(r.status).toBe(0);
  });

  it("halt -f and reboot -f end it too, each with Linux's console message", async () => {
    expect((await run("halt -f")).diag).toBe("reboot: System halted\n");
    expect((await run("reboot -f")).diag).toMatch(/^reboot: Restarting system/);
  });

  it("refuses a caller that is not root (EPERM)", async () => {
    const r = await run("su nobody -s /bin/sh -c 'id -u; poweroff -f' 2>&1 || echo refused; echo still here");
    expect(r.out).toMatch(/^65534\npoweroff: .*Operation not permitted\nrefused\nstill here\n$/);
    expect(r.status).toBe(0);
    expect(r.diag).toBe("");
  });
});
