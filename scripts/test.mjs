#!/usr/bin/env node
// `npm test`: build, lint, then every vitest suite; ends with one line "N passed, M failed"
// counted over all of them (lint counts as one check).
import { spawnSync } from "node:child_process";
import { readFileSync, existsSync, rmSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (n) => join(root, "node_modules", ".bin", n);
let passed = 0;
let failed = 0;

function step(name, cmd, args) {
  process.stdout.write(`\n== ${name}\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit" });
  return r.status === 0;
}

if (!step("build", process.execPath, [join(root, "scripts", "build.mjs")])) {
  console.log("\nbuild failed");
  console.log("0 passed, 1 failed");
  process.exit(1);
}

// The root file system image: several suites boot busybox from it. Its own test reports a
// failure to build it; here a failure only means those suites skip with a message.
if (!step("root file system image", process.execPath, [join(root, "scripts", "build-rootfs.mjs")])) {
  console.log("(the root file system image could not be built: suites that need it will skip or fail)");
}

if (step("typecheck", process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"])) passed++;
else failed++;
if (step("lint", bin("eslint"), ["."])) passed++;
else failed++;

const report = join(root, "build", "vitest-report.json");
if (existsSync(report)) rmSync(report);
const extra = process.argv.slice(2);
step("vitest", bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile=${report}`, ...extra]);
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, "utf8"));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  // A suite that fails to load has no tests but is a failure all the same.
  for (const s of r.testResults) if (s.status === "failed" && s.assertionResults.length === 0) failed++;
} else {
  failed++;
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
