// The CLI's standard input reaches the guest whole, whatever it is (a pipe, a file, /dev/null)
// and whenever the guest reads it: at once, or after a run longer than the CLI's first slice,
// which is when the CLI starts reading its input for a busy machine (src/cli/host_input.ts).
import { describe, expect, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asterBin, repoRoot } from "../helpers/toolchain";

const ready = existsSync(join(repoRoot, "build", "aster-cli.cjs")) && existsSync(join(repoRoot, "build", "rootfs.img"));

function aster(args: string[], stdin: Buffer | number) {
  return spawnSync(process.execPath, ["--v8-pool-size=1", asterBin, ...args], {
    encoding: "utf8", input: typeof stdin === "number" ? undefined : stdin, stdio: [typeof stdin === "number" ? stdin : "pipe", "pipe", "pipe"],
  });
}

/** Bytes no two chunks of which are alike (a chunk delivered twice or out of order shows). */
function data(n: number): Buffer {
  const b = Buffer.alloc(n);
  let x = 0x12345678;
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}

const md5 = (b: Buffer) => `${createHash("md5").update(b).digest("hex")}  -\n`;
// Forks for well over one 50 ms slice before the guest reads anything.
const BUSY = "i=0; while [ $i -lt 150 ]; do /bin/true; i=$((i+1)); done";

describe.skipIf(!ready)("the CLI's standard input", () => {
  const input = data(300_000);

  it("arrives whole through a pipe, read at once or after a busy while", () => {
    for (const script of ["md5sum", `${BUSY}; md5sum`]) {
      const r = aster(["--", "/bin/sh", "-c", script], input);
      expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ status: 0, stdout: md5(input), stderr: "" });
    }
  });

  it("arrives whole from a file, read at once or after a busy while", () => {
    const dir = mkdtempSync(join(tmpdir(), "aster-input-"));
    try {
      const file = join(dir, "in.bin");
      writeFileSync(file, input);
      for (const script of ["md5sum", `${BUSY}; md5sum`]) {
        const fd = openSync(file, "r");
        const r = aster(["--", "/bin/sh", "-c", script], fd);
        closeSync(fd);
        expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ status: 0, stdout: md5(input), stderr: "" });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("ends: /dev/null and an empty pipe are end of file, lines are read one by one", () => {
    const fd = openSync("/dev/null", "r");
    const r = aster(["--", "/bin/sh", "-c", `${BUSY}; cat; echo end`], fd);
    closeSync(fd);
    expect(r.stdout).toBe("end\n");
    const empty = aster(["--", "/bin/sh", "-c", "wc -c"], Buffer.alloc(0));
    expect(empty.stdout.trim()).toBe("0");
    const lines = aster(["--", "/bin/sh", "-c", `read a; ${BUSY}; read b; echo "$b $a"`], Buffer.from("one\ntwo\n"));
    expect(lines.stdout).toBe("two one\n");
  });

  it("waits for input written into a pipe later, and for its end", async () => {
    // The CLI polls an empty pipe (it must not block a thread in read(2): src/cli/host_input.ts).
    const child = spawn(process.execPath, ["--v8-pool-size=1", asterBin, "--", "/bin/sh", "-c", `${BUSY}; read a; echo "got $a"; cat; echo end`], { stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (b: Buffer) => (out += b.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const until = async (text: string) => {
      for (let i = 0; i < 400 && !out.includes(text); i++) await new Promise((r) => setTimeout(r, 25));
      expect(out).toContain(text);
    };
    await new Promise((r) => setTimeout(r, 400));
    child.stdin.write("one\n");
    await until("got one\n");
    child.stdin.write("two\n");
    await until("two\n");
    child.stdin.end();
    expect(await exited).toBe(0);
    expect(out).toBe("got one\ntwo\nend\n");
  });
});
