// `npx aster`, as the README says, in this checkout after `npm install`: npm links only the
// bins of dependencies into node_modules/.bin, so the build links ours (scripts/build.mjs).
// `--no` keeps npx from ever fetching a package named "aster" instead.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../helpers/toolchain";

const ready = existsSync(join(repoRoot, "build", "aster-cli.cjs")) && existsSync(join(repoRoot, "build", "rootfs.img"));

describe.skipIf(!ready)("npx aster", () => {
  it("is linked to this checkout's bin/aster.cjs", () => {
    expect(readlinkSync(join(repoRoot, "node_modules", ".bin", "aster"))).toBe(join("..", "..", "bin", "aster.cjs"));
  });

  it("runs a program", () => {
    const r = spawnSync("npx", ["--no", "aster", "--", "/bin/echo", "via npx"], { cwd: repoRoot, encoding: "utf8", input: "" });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("via npx\n");
    expect(r.status).toBe(0);
  });
});
