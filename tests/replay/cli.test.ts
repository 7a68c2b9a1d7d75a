// The CLI's --record and --replay: a recording file (JSON, version 2) and a share link saved to
// a file both replay to the same output; a version 1 file still does; a recording from another
// build or root file system is refused, naming what differs; a run with --mount records a copy
// of the mounted directory, and replays on that copy however the host directory changed.
import { beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot, runAster } from "../helpers/toolchain";
import { decodeRecording, encodeRecording } from "../../src/worker/recording";
import { encodeLink } from "../../src/worker/link";
import { ready } from "./harness";

const dir = mkdtempSync(join(tmpdir(), "aster-rec-"));
const file = (name: string) => join(dir, name);
const SCRIPT = "echo start; sleep 1; date +%s; head -c 8 /dev/urandom | md5sum";

describe.skipIf(!ready)("aster --record / --replay", () => {
  let recorded = "";

  beforeAll(() => {
    execFileSync(process.execPath, [join(repoRoot, "scripts", "build.mjs")], { cwd: repoRoot, stdio: "ignore" });
    const r = runAster(["--record", file("run.json"), "--seed", "3", "--", "/bin/sh", "-c", SCRIPT]);
    expect(r.stderr.toString()).toBe("");
    expect(r.status).toBe(0);
    recorded = r.stdout.toString();
  });

  it("records version 2 files without logging the wait for sleep's timer", () => {
    const rec = decodeRecording(readFileSync(file("run.json"), "utf8"));
    expect(rec.version).toBe(2);
    expect(rec.snapshot).toBeNull();
    // Only a wait a host event cut short is logged (here, at most: stdin's end of file arriving
    // during the sleep); the sleep's full second is not.
    const idle = rec.events.filter((e) => e.kind === "idle").reduce((sum, e) => sum + (e.data as number), 0);
    expect(idle).toBeLessThan(1e9);
  });

  it("replays the file, and the same run from a share link saved to a file", () => {
    const rec = decodeRecording(readFileSync(file("run.json"), "utf8"));
    writeFileSync(file("run.link"), `https://example.invalid/aster/#${encodeLink(rec)}\n`);
    for (const f of ["run.json", "run.link"]) {
      const r = runAster(["--replay", file(f)]);
      expect(r.stdout.toString(), f).toBe(recorded);
      expect(r.stderr.toString(), f).toMatch(/^aster: replay identical: \d+ events, \d+ instructions, exit status 0\n$/);
      expect(r.status).toBe(0);
    }
  });

  it("records mounted directories as copies taken at start, and replays on those", () => {
    const host = mkdtempSync(join(tmpdir(), "aster-rec-mount-"));
    mkdirSync(join(host, "sub"));
    writeFileSync(join(host, "s.sh"), "cat /w/sub/data; echo new > /w/out; ls /w; head -c 4 /dev/urandom | od -An -tx1\n");
    writeFileSync(join(host, "sub", "data"), "version 1\n");
    const r = runAster(["--record", file("mount.json"), "--mount", `${host}:/w`, "--", "/bin/sh", "/w/s.sh"]);
    expect(r.status).toBe(0);
    expect(r.stdout.toString()).toMatch(/^version 1\nout\ns\.sh\nsub\n [0-9a-f ]+\n$/);
    // The guest wrote into its copy, not into the host directory.
    expect(existsSync(join(host, "out"))).toBe(false);
    writeFileSync(join(host, "sub", "data"), "version 2\n");
    const again = runAster(["--replay", file("mount.json")]);
    expect(again.stdout.toString()).toBe(r.stdout.toString());
    expect(again.stderr.toString()).toMatch(/replay identical/);
    const rec = decodeRecording(readFileSync(file("mount.json"), "utf8"));
    expect(rec.config.files?.map((f) => f.path)).toEqual(["/w", "/w/s.sh", "/w/sub", "/w/sub/data"]);
    const refused = runAster(["--replay", file("mount.json"), "--mount", `${host}:/w`]);
    expect(refused.status).toBe(2);
    expect(refused.stderr.toString()).toMatch(/holds its mounted directories as they were; drop --mount/);
  });

  it("replays version 1 files", () => {
    const v1 = JSON.parse(readFileSync(file("run.json"), "utf8")) as Record<string, unknown>;
    v1.version = 1;
    delete v1.snapshot;
    writeFileSync(file("v1.json"), JSON.stringify(v1));
    const r = runAster(["--replay", file("v1.json")]);
    expect(r.stdout.toString()).toBe(recorded);
    expect(r.status).toBe(0);
  });

  it("refuses another build or root file system, and damaged links, saying which", () => {
    const rec = decodeRecording(readFileSync(file("run.json"), "utf8"));
    writeFileSync(file("build.json"), encodeRecording({ ...rec, build: "0".repeat(64) }));
    writeFileSync(file("rootfs.json"), encodeRecording({ ...rec, rootfs: "1".repeat(64) }));
    writeFileSync(file("cut.link"), encodeLink(rec).slice(0, 60));
    const build = runAster(["--replay", file("build.json")]);
    expect(build.status).toBe(2);
    expect(build.stderr.toString()).toMatch(/another build of the machine \(recorded on 000000000000…, this is [0-9a-f]{12}…\)/);
    const rootfs = runAster(["--replay", file("rootfs.json")]);
    expect(rootfs.status).toBe(2);
    expect(rootfs.stderr.toString()).toMatch(/another root file system \(recorded on 111111111111…, this is [0-9a-f]{12}…\); refusing to replay on other files/);
    const cut = runAster(["--replay", file("cut.link")]);
    expect(cut.status).toBe(2);
    expect(cut.stderr.toString()).toMatch(/this link cannot be replayed: it is (cut short|damaged)/);
  });
});
