// What if processes fork, exec, share pages copy-on-write, mmap, grow the heap and exit: do all
// their frames come back? After the last process exits (and the exec cache is dropped), the
// allocator must be exactly where it started.
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../helpers/toolchain";
import { Session } from "../../src/worker/session";

const corePath = join(repoRoot, "build", "core.wasm");
const imagePath = join(repoRoot, "build", "rootfs.img");
const ready = existsSync(corePath) && existsSync(imagePath);

describe.skipIf(!ready)("frame accounting", () => {
  it("returns every frame after a busy shell session exits", async () => {
    let out = "";
    const s = new Session(
      {
        core: new WebAssembly.Module(readFileSync(corePath)), ramBytes: 64 << 20, seed: 1n, bootEpochNs: 0n,
        argv: ["/bin/sh", "-c", "for i in 1 2 3 4 5; do ls /bin | wc -l; done; seq 1 3000 | sort -r | md5sum; (sleep 0; echo sub) & wait; x=$(cat /etc/passwd); echo ${#x}"],
        env: ["PATH=/bin:/usr/bin"], cwd: "/", mounts: [], rootfs: { image: new Uint8Array(readFileSync(imagePath)), verify: false }, skipIdle: true,
      },
      { write: (_s, d) => (out += new TextDecoder().decode(d)), diagnose: () => {}, inputIsTty: false, outputIsTty: false },
    );
    const frames = s.machine.frames;
    const baseline = frames.free;
    s.start();
    expect(frames.free).toBeLessThan(baseline);
    expect(await s.run()).toBe(0);
    expect(out).toContain("sub\n");
    expect(s.kernel.execCache.frameCount).toBeGreaterThan(0);
    s.kernel.execCache.drop();
    expect(frames.free).toBe(baseline);
  });
});
