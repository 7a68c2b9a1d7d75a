// The page (src/ui) is DOM code with its own tsconfig, which `npm test`'s type check
// (tsconfig.json, no DOM) leaves out: it is checked here.
import { expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { repoRoot } from "./util.js";

it("type-checks src/ui against its tsconfig", () => {
  const tsc = join(repoRoot, "node_modules", "typescript", "bin", "tsc");
  const r = spawnSync(process.execPath, [tsc, "-p", join(repoRoot, "src", "ui", "tsconfig.json")], { encoding: "utf8" });
  expect(r.stdout + r.stderr).toBe("");
  expect(r.status).toBe(0);
});
