// What if the CLI's code cache (build/aster-cli.cache, V8's compiled code for the bundle) is
// missing or was made for another bundle? The CLI must run the same either way, make a cache
// stamped with the bundle it belongs to, and never use one stamped for another.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { asterBin, repoRoot } from "../helpers/toolchain";

const build = join(repoRoot, "build");
const bundle = join(build, "aster-cli.cjs");
const cache = join(build, "aster-cli.cache");
const ready = existsSync(bundle) && existsSync(join(build, "core.wasm")) && existsSync(join(build, "rootfs.img"));

function echo(): string {
  const r = spawnSync(process.execPath, [asterBin, "--", "/bin/echo", "cached"], { encoding: "utf8", input: "" });
  expect(r.status).toBe(0);
  return r.stdout;
}

function stamp(): string {
  const st = statSync(bundle);
  return `${st.size}:${st.mtimeMs}:${process.version}\n`;
}

describe.skipIf(!ready)("CLI code cache", () => {
  it("is made for this bundle and replaced when stamped for another", () => {
    expect(echo()).toBe("cached\n");
    expect(readFileSync(cache).subarray(0, stamp().length).toString()).toBe(stamp());
    // A cache of some other build (same length of code, another stamp) is not used.
    writeFileSync(cache, Buffer.concat([Buffer.from("1:2:v0.0.0\n"), readFileSync(cache).subarray(stamp().length)]));
    expect(echo()).toBe("cached\n");
    expect(readFileSync(cache).subarray(0, stamp().length).toString()).toBe(stamp());
  });
});
