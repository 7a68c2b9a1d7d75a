// The CLI's snapshot flags end to end: --snapshot-at stops, saves and resumes to the same
// output as an uninterrupted run; SIGTERM saves and exits, SIGUSR1 saves and keeps going;
// files from another build, corrupt files and host mounts are refused with clear messages; a
// recording made from a snapshot names it and replays only on it.
import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asterBin, repoRoot, runAster } from "../helpers/toolchain";

const built = existsSync(join(repoRoot, "build", "aster-cli.cjs")) && existsSync(join(repoRoot, "build", "rootfs.img"));
const dir = mkdtempSync(join(tmpdir(), "aster-snap-"));
const SCRIPT = "i=0; while [ $i -lt 40 ]; do echo line $i; i=$((i+1)); done | tail -n 3; echo $RANDOM; seq 1 100 | md5sum; echo done";

/** Start the CLI; resolves when it exits. `until` waits for text on stdout or stderr. */
function start(args: string[]) {
  const child = spawn(process.execPath, [asterBin, ...args], { cwd: repoRoot, stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (b: Buffer) => (out += b.toString()));
  child.stderr.on("data", (b: Buffer) => (err += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const until = async (text: string, where: "out" | "err" = "out") => {
    for (let i = 0; i < 600 && !(where === "out" ? out : err).includes(text); i++) await new Promise((r) => setTimeout(r, 50));
    expect(where === "out" ? out : err).toContain(text);
  };
  return { child, exited, until, out: () => out, err: () => err };
}

describe.skipIf(!built)("CLI snapshots", () => {
  it("--snapshot-at saves and stops; --snapshot-in resumes to the same output", () => {
    const whole = runAster(["--seed", "5", "--", "/bin/sh", "-c", SCRIPT]);
    expect(whole.status).toBe(0);
    const file = join(dir, "at.snap");
    const first = runAster(["--seed", "5", "--snapshot-out", file, "--snapshot-at", "400000", "--", "/bin/sh", "-c", SCRIPT]);
    expect(first.stderr.toString()).toMatch(/saved snapshot .*at\.snap at instruction 400000: \d+ bytes/);
    expect(first.status).toBe(0);
    const second = runAster(["--snapshot-in", file]);
    expect(second.stderr.toString()).toBe("");
    expect(second.status).toBe(0);
    expect(first.stdout.toString() + second.stdout.toString()).toBe(whole.stdout.toString());
    expect(first.stdout.toString()).not.toContain("done");
  });

  it("a recording started from a snapshot names it, and replays only on it", () => {
    const file = join(dir, "rec.snap");
    const rec = join(dir, "from-snap.json");
    expect(runAster(["--seed", "7", "--snapshot-out", file, "--snapshot-at", "400000", "--", "/bin/sh", "-c", SCRIPT]).status).toBe(0);
    const recorded = runAster(["--snapshot-in", file, "--record", rec]);
    expect(recorded.status).toBe(0);
    expect(JSON.parse(readFileSync(rec, "utf8")).snapshot).toMatch(/^[0-9a-f]{64}$/);
    const replayed = runAster(["--snapshot-in", file, "--replay", rec]);
    expect(replayed.stdout.toString()).toBe(recorded.stdout.toString());
    expect(replayed.stderr.toString()).toMatch(/replay identical/);
    const without = runAster(["--replay", rec]);
    expect(without.status).toBe(2);
    expect(without.stderr.toString()).toMatch(/the recording starts from snapshot [0-9a-f]{12}; give that snapshot with --snapshot-in/);
  });

  it("SIGTERM saves and exits; the resumed machine reads the rest of its input", async () => {
    const file = join(dir, "term.snap");
    const run = start(["--snapshot-out", file, "--", "/bin/sh", "-c", "echo ready; read a; echo got $a; read b; echo got $b"]);
    await run.until("ready");
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(143);
    expect(run.err()).toContain("saved snapshot");
    const resumed = runAster(["--snapshot-in", file], { input: "one\ntwo\n" });
    expect(resumed.stdout.toString()).toBe("got one\ngot two\n");
    expect(resumed.status).toBe(0);
  });

  it("SIGUSR1 saves and keeps running", async () => {
    const file = join(dir, "usr1.snap");
    const run = start(["--snapshot-out", file, "--", "/bin/sh", "-c", "echo ready; read a; echo got $a"]);
    await run.until("ready");
    run.child.kill("SIGUSR1");
    await run.until("saved snapshot", "err");
    run.child.stdin.end("live\n");
    expect(await run.exited).toBe(0);
    expect(run.out()).toBe("ready\ngot live\n");
    const resumed = runAster(["--snapshot-in", file], { input: "later\n" });
    expect(resumed.stdout.toString()).toBe("got later\n");
  });

  it("refuses another build, a corrupt file and host mounts, with clear messages", () => {
    const file = join(dir, "at.snap");
    const bytes = readFileSync(file);
    const text = bytes.toString("latin1");
    const build = /"build":"([^"]+)"/.exec(text)![1];
    const other = Buffer.from(text.replace(`"build":"${build}"`, `"build":"${"f".repeat(build.length)}"`), "latin1");
    writeFileSync(join(dir, "other.snap"), other);
    const r1 = runAster(["--snapshot-in", join(dir, "other.snap")]);
    expect(r1.status).toBe(2);
    expect(r1.stderr.toString()).toMatch(/saved by another build of the machine \(ffffffffffff, this is /);

    const cut = join(dir, "cut.snap");
    writeFileSync(cut, bytes.subarray(0, bytes.length - 100));
    const r2 = runAster(["--snapshot-in", cut]);
    expect(r2.status).toBe(2);
    expect(r2.stderr.toString()).toContain("truncated or corrupt");

    const r3 = runAster(["--snapshot-out", join(dir, "m.snap"), "--mount", `${dir}:/mnt`, "--", "/bin/true"]);
    expect(r3.status).toBe(2);
    expect(r3.stderr.toString()).toContain("host directories (--mount) cannot be snapshotted");

    const r4 = runAster(["--snapshot-at", "10", "--", "/bin/true"]);
    expect(r4.status).toBe(2);
    expect(r4.stderr.toString()).toContain("--snapshot-at needs --snapshot-out");
  });
});
