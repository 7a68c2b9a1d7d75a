// What if the same executable runs again and again, as a shell's children do: are its pages
// shared through the exec cache (mapped at exec, faulted around), and does a copy-on-write of
// a shared page leave the cache and the other processes alone?
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../helpers/toolchain";
import { Session } from "../../src/worker/session";

const corePath = join(repoRoot, "build", "core.wasm");
const imagePath = join(repoRoot, "build", "rootfs.img");
const ready = existsSync(corePath) && existsSync(imagePath);

async function run(argv: string[]): Promise<{ out: string; faults: number; session: Session }> {
  let out = "";
  const s = new Session(
    {
      core: new WebAssembly.Module(readFileSync(corePath)), ramBytes: 64 << 20, seed: 1n, bootEpochNs: 0n,
      argv, env: ["PATH=/bin:/usr/bin"], cwd: "/", mounts: [],
      rootfs: { image: new Uint8Array(readFileSync(imagePath)), verify: false }, skipIdle: true,
    },
    { write: (_s, d) => (out += new TextDecoder().decode(d)), diagnose: () => {}, inputIsTty: false, outputIsTty: false },
  );
  s.start();
  expect(await s.run()).toBe(0);
  return { out, faults: s.kernel.stats.pageFaults, session: s };
}

const sh = (script: string) => ["/bin/sh", "-c", script];

describe.skipIf(!ready)("exec cache", () => {
  it("faults around on a first run and maps the cached pages at exec on a rerun", async () => {
    // busybox true, run first in a fresh machine: one fault per page it touches would be 87.
    const cold = (await run(["/bin/true"])).faults;
    expect(cold).toBeGreaterThan(0);
    expect(cold).toBeLessThan(50);
    // The same program again (after the shell ran busybox): its text is mapped at exec, and
    // what faults is mostly the pages it writes.
    const rerun = (await run(sh("/bin/true; /bin/true; :"))).faults - (await run(sh("/bin/true; :"))).faults;
    expect(rerun).toBeGreaterThan(0);
    expect(rerun).toBeLessThan(cold);
  });

  it("lets a shell fork again and again without copy-on-write faults on the pages it writes between commands", async () => {
    // The shell writes the same stack and data pages between the commands it runs; fork copies
    // those at once (VmSpace.copyInto's eager budget). What faults per command is the child's:
    // /bin/true's first writes to its data, bss and heap (about 11), and one before its exec.
    // Sharing them copy-on-write instead took 28 faults per command.
    const loop = (n: number) => sh(`i=0; while [ $i -lt ${n} ]; do /bin/true; i=$((i+1)); done`);
    const perCommand = ((await run(loop(30))).faults - (await run(loop(10))).faults) / 20;
    expect(perCommand).toBeGreaterThan(5);
    expect(perCommand).toBeLessThan(16);
  });

  it("keeps shared text and data pages private after a write (copy-on-write), in every process", async () => {
    // Each child writes its own data pages (busybox's globals) while sharing the cached
    // frames of the same file with its siblings; outputs stay independent and correct.
    const r = await run(sh("for i in 1 2 3 4 5 6; do (x=$i; sh -c \"echo child $i \\$\\$ > /dev/null; echo $((x * 7))\") & done; wait; echo done"));
    expect(r.out.trim().split("\n").sort()).toEqual(["14", "21", "28", "35", "42", "7", "done"]);
    expect(r.session.kernel.execCache.frameCount).toBeGreaterThan(16);
  });
});
