// How the CLI ends: bin/aster.cjs exits through a WASI proc_exit (exitNow) so that it never
// waits for compiles V8 still has running. Whatever the path, the process must end with the
// guest's status and with everything the guest wrote delivered, through a pipe or into a file.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asterBin, repoRoot } from "../helpers/toolchain";

const ready = existsSync(join(repoRoot, "build", "aster-cli.cjs")) && existsSync(join(repoRoot, "build", "rootfs.img"));

function aster(args: string[], stdout: "pipe" | number = "pipe") {
  return spawnSync(process.execPath, ["--v8-pool-size=1", asterBin, ...args], { encoding: "utf8", stdio: ["ignore", stdout, "pipe"], maxBuffer: 64 << 20 });
}

/** What `seq 1 n` prints. */
function seqText(n: number): string {
  let s = "";
  for (let i = 1; i <= n; i++) s += `${i}\n`;
  return s;
}

describe.skipIf(!ready)("the CLI's exit", () => {
  it("ends with the guest's exit status, after its output and messages", () => {
    for (const status of [0, 1, 3, 255]) {
      const r = aster(["--", "/bin/sh", "-c", `echo out; echo err >&2; exit ${status}`]);
      expect({ status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr }).toEqual({ status, signal: null, stdout: "out\n", stderr: "err\n" });
    }
  });

  it("ends with 128 + the signal that killed the guest", () => {
    const r = aster(["--", "/bin/sh", "-c", "echo before; kill -TERM $$; echo after"]);
    expect(r.stdout).toBe("before\n");
    expect(r.status).toBe(128 + 15);
  });

  it("delivers all of a large output through a pipe", () => {
    const r = aster(["--", "/usr/bin/seq", "1", "200000"]);
    expect(r.status).toBe(0);
    expect(r.stdout.length).toBe(seqText(200000).length);
    expect(createHash("sha256").update(r.stdout).digest("hex")).toBe(createHash("sha256").update(seqText(200000)).digest("hex"));
  });

  it("delivers all of a large output into a file, after a run long enough that V8 is optimizing", () => {
    // About 0.1-0.2 s of shell and forks: the core's optimizing compile (started when the
    // CLI compiled the core) and those of the first pages the JIT tier compiles are still
    // running or just done when the guest ends.
    const dir = mkdtempSync(join(tmpdir(), "aster-exit-"));
    try {
      const out = join(dir, "out.txt");
      const fd = openSync(out, "w");
      const r = aster(["--", "/bin/sh", "-c", "for i in 1 2 3 4 5 6 7 8; do /bin/true; done; /usr/bin/seq 1 100000; exit 7"], fd);
      closeSync(fd);
      expect(r.status).toBe(7);
      expect(r.stderr).toBe("");
      expect(readFileSync(out, "utf8")).toBe(seqText(100000));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
